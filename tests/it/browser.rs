//! Browser test: a real `newsdex serve` driven in headless Chromium over WebDriver (Debian's
//! `chromium` and `chromium-driver`, through `fantoccini`). A person's path: type "Jamaat-ud-Dawa",
//! see the seed article, click a person facet, open the article, see the highlight; the same with
//! JavaScript disabled; a hostile article shown as text with nothing run; the results refreshing
//! by themselves when `newsdex index` commits. It writes the README's screenshots (desktop and
//! phone width) into `docs/screenshots/`, so they stay current.
//!
//! Without a browser it prints `SKIPPED: …` and passes, except under `CI`, where `.ci/run`
//! installs one and the test must run.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Fixture, SEED, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// An article written to run code if the pages ever let its text through as markup.
const HOSTILE: &str = "<script>window.pwned = 1; alert(1)</script> Zanzibar headline\n\
Updated: 11 March,1987 08:43 PM IST | Zanzibar | Agencies\n\
Zanzibar officials found <script>window.pwned = 2; alert(2)</script> and \
<img src=x onerror=\"window.pwned = 3; alert(3)\"> and <svg onload=\"window.pwned = 4; alert(4)\"> \
in the text.\n";
const HOSTILE_PATH: &str = "hostile/zanzibar.txt";

/// A running chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// A new browser session with a fresh profile; `javascript` false turns page scripts off.
    async fn session(&self, profile: &Path, javascript: bool) -> Client {
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn browser_installed() -> bool {
    Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file()
}

#[test]
fn a_person_searches_filters_and_reads_in_a_real_browser() {
    if !browser_installed() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: {CHROMIUM} or {CHROMEDRIVER} is missing; .ci/run installs chromium and chromium-driver"
        );
        eprintln!(
            "SKIPPED: the browser test needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let f = Fixture::shipped_with(&[(HOSTILE_PATH, HOSTILE)]);
    let server = Server::start(&f.index(), &[]);
    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = driver.session(&profiles.path().join("on"), true).await;
        let r = with_javascript(&c, &server, &f, &shots).await;
        c.close().await.unwrap();
        r.unwrap();
        let c = driver.session(&profiles.path().join("off"), false).await;
        let r = without_javascript(&c, &server).await;
        c.close().await.unwrap();
        r.unwrap();
    });
}

type Step = Result<(), fantoccini::error::CmdError>;

/// Waits for a CSS selector (page loads after clicks are asynchronous).
async fn wait(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
}

/// The search as a person does it: type in the box, press the button.
async fn search_for(c: &Client, server: &Server, words: &str) -> Step {
    c.goto(&format!("{}/", server.base)).await?;
    let q = wait(c, "#q").await;
    q.send_keys(words).await?;
    c.find(Locator::Css("form.search button[type=submit]"))
        .await?
        .click()
        .await?;
    let t = Instant::now();
    while !c.current_url().await?.as_str().contains("q=") {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the form did not submit"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait(c, "h1.total").await;
    Ok(())
}

/// The text of every element matching `css`.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// The seed-article path, with JavaScript on; then the hostile article, live reload and the
/// screenshots.
async fn with_javascript(c: &Client, server: &Server, f: &Fixture, shots: &Path) -> Step {
    c.set_window_size(1280, 900).await?;
    search_for(c, server, "Jamaat-ud-Dawa").await?;
    let js: Value = c
        .execute(
            "return document.documentElement.getAttribute('data-js')",
            vec![],
        )
        .await?;
    assert_eq!(js, "on", "page scripts should run in this session");
    assert!(c.current_url().await?.as_str().contains("q=Jamaat-ud-Dawa"));
    let seed_id = seed_id(server);
    let hit = wait(c, "ol.hits h2 a").await;
    assert!(hit.attr("href").await?.unwrap().contains(&seed_id));
    assert!(
        texts(c, "ol.hits mark")
            .await
            .contains(&"Jamaat".to_string())
    );

    // "/" puts the cursor in the search box.
    c.find(Locator::Css("h1.total")).await?.click().await?;
    c.active_element().await?.send_keys("/").await?;
    let focused: Value = c
        .execute("return document.activeElement.id", vec![])
        .await?;
    assert_eq!(focused, "q");

    // A person facet adds a filter (a chip), and the seed article is still there.
    wait(c, "aside a[href*='person=Sean+McCormack']")
        .await
        .click()
        .await?;
    wait(c, "nav.chips a.chip").await;
    assert!(
        c.current_url()
            .await?
            .as_str()
            .contains("person=Sean+McCormack")
    );
    let chip = texts(c, "nav.chips a.chip").await;
    assert!(chip[0].contains("Sean McCormack"), "{chip:?}");
    wait(c, "ol.hits h2 a").await.click().await?;
    wait(c, "article.full").await;
    let marks = texts(c, "article.full .body mark").await;
    assert_eq!(marks[..3], ["Jamaat", "ud", "Dawa"], "{marks:?}");
    // The back button returns to the filtered results: all state is in the URL.
    c.back().await?;
    wait(c, "nav.chips a.chip").await;

    // Screenshots for the README, desktop then phone width.
    let shot_pages = [
        ("search", format!("{}/?q=said", server.base), "ol.hits"),
        (
            "article",
            format!("{}/article/{seed_id}?q=Jamaat-ud-Dawa", server.base),
            "article.full",
        ),
    ];
    for (width, height, device) in [(1280, 900, "desktop"), (390, 844, "phone")] {
        c.set_window_size(width, height).await?;
        for (name, url, ready) in &shot_pages {
            c.goto(url).await?;
            wait(c, ready).await;
            if device == "phone" {
                let overflow: Value = c
                    .execute(
                        "return document.documentElement.scrollWidth > window.innerWidth",
                        vec![],
                    )
                    .await?;
                assert_eq!(overflow, false, "{name} scrolls sideways at {width} px");
            }
            save(
                shots.join(format!("{name}-{device}.png")),
                &c.screenshot().await?,
            );
        }
    }
    c.set_window_size(1280, 900).await?;

    // Hostile article text is shown as text and runs nothing.
    search_for(c, server, "zanzibar").await?;
    assert_nothing_ran(c, "search page").await;
    let heading = texts(c, "ol.hits h2 a").await;
    assert!(
        heading[0].contains("<script>window.pwned = 1"),
        "{heading:?}"
    );
    wait(c, "ol.hits h2 a").await.click().await?;
    wait(c, "article.full").await;
    assert_nothing_ran(c, "article page").await;
    let body = texts(c, "article.full .body").await.join("\n");
    for shown in [
        "<script>window.pwned = 2",
        "<img src=x onerror=",
        "<svg onload=",
    ] {
        assert!(body.contains(shown), "{shown} not shown as text: {body}");
    }

    // Live index: the results on screen refresh by themselves after a commit.
    c.goto(&format!("{}/?q=quokka", server.base)).await?;
    let before = wait(c, "h1.total").await.text().await?;
    assert!(before.starts_with("0 articles"), "{before}");
    f.work.write(
        "2009/02/quokka.txt",
        "08 February,2009 10:00 AM IST | Perth | IANS\nA quokka was seen in Perth.\n",
    );
    f.reindex();
    let t = Instant::now();
    loop {
        // Read in one script call: the page may swap the heading between a find and a read
        // (that is the refresh under test), which would leave a found element stale.
        let now: Value = c
            .execute(
                "var e = document.querySelector('h1.total'); return e ? e.innerText.trim() : ''",
                vec![],
            )
            .await?;
        let now = now.as_str().unwrap_or_default().to_string();
        if now.starts_with("1 article") {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(10), "no refresh: {now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// The same search with page scripts off: forms and links alone.
async fn without_javascript(c: &Client, server: &Server) -> Step {
    c.set_window_size(1280, 900).await?;
    search_for(c, server, "Jamaat-ud-Dawa").await?;
    let js: Value = c
        .execute(
            "return document.documentElement.getAttribute('data-js')",
            vec![],
        )
        .await?;
    assert_eq!(
        js,
        Value::Null,
        "page scripts should be off in this session"
    );
    let hit = wait(c, "ol.hits h2 a").await;
    assert!(hit.attr("href").await?.unwrap().contains(&seed_id(server)));
    wait(c, "aside a[href*='person=Sean+McCormack']")
        .await
        .click()
        .await?;
    wait(c, "nav.chips a.chip").await;
    wait(c, "ol.hits h2 a").await.click().await?;
    wait(c, "article.full").await;
    let marks = texts(c, "article.full .body mark").await;
    assert_eq!(marks[..3], ["Jamaat", "ud", "Dawa"], "{marks:?}");
    Ok(())
}

/// Fails if a script of the hostile article ran: a `window` flag, or an alert left open.
async fn assert_nothing_ran(c: &Client, page: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    if let Ok(text) = c.get_alert_text().await {
        panic!("an alert ({text}) opened on the {page}");
    }
    let flag: Value = c
        .execute("return window.pwned === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(flag, true, "hostile code ran on the {page}");
}

fn seed_id(server: &Server) -> String {
    let list = server.json("/api/list?limit=1000", 200);
    list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == SEED)
        .and_then(|a| a["id"].as_str())
        .unwrap()
        .to_string()
}

/// Writes a screenshot unless the file already holds the same picture.
fn save(path: PathBuf, png: &[u8]) {
    if std::fs::read(&path).ok().as_deref() != Some(png) {
        std::fs::write(&path, png).unwrap();
    }
}
