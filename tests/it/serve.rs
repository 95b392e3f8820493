//! Integration tests of `newsdex serve` over real HTTP: a real server process on a free port, every
//! endpoint and every error status, the JSON equal to the CLI's `--json` for the same query, the
//! safety rules (escaping, CSP, limits, Host check, no path traversal), live index reload, and a
//! clean stop on signals.

use std::time::{Duration, Instant};

use crate::support::{Fixture, SEED, Server, bin};
use newsdex::index::related;
use newsdex::index::timeline::{self, By};
use newsdex::query::{Filters, Request};
use serde_json::Value;

/// An article written to attack the pages: markup in its headline, dateline and body.
const HOSTILE: &str = "<script>window.pwned = 1</script> Zanzibar headline\n\
Updated: 11 March,1987 08:43 PM IST | <svg onload=alert(2)> | Agencies\n\
Zanzibar officials found <script>alert(1)</script> and <img src=x onerror=\"window.pwned=2\"> \
and <svg onload=\"window.pwned=3\"> in the text & more.\n";
const HOSTILE_PATH: &str = "hostile/zanzibar.txt";

fn fixture() -> Fixture {
    Fixture::shipped_with(&[(HOSTILE_PATH, HOSTILE)])
}

/// The id of the article at `path`, as the CLI reports it.
fn id_of(f: &Fixture, path: &str) -> String {
    f.cli_json(&["show", path, "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_api_answers_as_the_cli_does() {
    let f = fixture();
    let s = Server::start(&f.index(), &[]);
    // (API query string, the same request as CLI arguments)
    let searches: [(&str, &[&str]); 5] = [
        ("q=Jamaat-ud-Dawa", &["Jamaat-ud-Dawa"]),
        (
            "q=oil&sort=-date&limit=3&offset=1",
            &["oil", "--sort=-date", "--limit", "3", "--offset", "1"],
        ),
        (
            "q=said&from=1987-03&to=1987-04-30&sort=date",
            &[
                "said",
                "--from",
                "1987-03",
                "--to",
                "1987-04-30",
                "--sort",
                "date",
            ],
        ),
        (
            "q=said&person=sean+mccormack",
            &["said", "--person", "sean mccormack"],
        ),
        (
            "q=person%3A%22Sean+McCormack%22+OR+title%3Azanzibar",
            &["person:\"Sean McCormack\" OR title:zanzibar"],
        ),
    ];
    for (qs, args) in searches {
        let api = s.json(&format!("/api/search?{qs}"), 200);
        let keys: Vec<&str> = api
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["total", "hits", "facets", "timeline"], "{qs}");
        let mut cli_args = vec!["search"];
        cli_args.extend(args);
        cli_args.extend(["--json", "--facets"]);
        let mut lines = f.cli_json(&cli_args);
        let facets = lines.pop().unwrap();
        assert_eq!(api["hits"], Value::Array(lines), "{qs}");
        assert_eq!(api["facets"], facets["facets"], "{qs}");
        let cli = f.cli(&cli_args[..cli_args.len() - 2]);
        let said = String::from_utf8_lossy(&cli.stderr).to_string();
        let total = api["total"].as_u64().unwrap();
        assert!(
            said.contains(&format!("of {total} matching")),
            "{qs}: {total} vs {said}"
        );
    }
    assert_eq!(
        s.json("/api/search?q=Jamaat-ud-Dawa", 200)["hits"][0]["path"],
        SEED
    );

    let lists: [(&str, &[&str]); 3] = [
        ("", &[]),
        (
            "from=1987&sort=-date&limit=5&offset=2",
            &[
                "--from",
                "1987",
                "--sort=-date",
                "--limit",
                "5",
                "--offset",
                "2",
            ],
        ),
        ("source=ians", &["--source", "ians"]),
    ];
    for (qs, args) in lists {
        let api = s.json(&format!("/api/list?{qs}"), 200);
        let mut cli_args = vec!["list", "--json"];
        cli_args.extend(args);
        assert_eq!(api["articles"], Value::Array(f.cli_json(&cli_args)), "{qs}");
    }
    assert_eq!(s.json("/api/list", 200)["total"], 10);

    for path in [SEED, HOSTILE_PATH] {
        let id = id_of(&f, path);
        let api = s.json(&format!("/api/article/{id}"), 200);
        // `show --json` also lists the other copies; the API's article object does not (yet).
        let mut shown = f.cli_json(&["show", path, "--json"]).remove(0);
        shown.as_object_mut().unwrap().remove("copies");
        assert_eq!(api, shown);
        assert!(api["body"].as_str().is_some());
    }

    let stats: [(&str, &[&str]); 3] = [
        ("", &[]),
        ("from=1987&top=3", &["--from", "1987", "--top", "3"]),
        ("person=Sean+McCormack", &["--person", "Sean McCormack"]),
    ];
    for (qs, args) in stats {
        let mut cli_args = vec!["stats", "--json"];
        cli_args.extend(args);
        assert_eq!(
            s.json(&format!("/api/stats?{qs}"), 200),
            f.cli_json(&cli_args)[0],
            "{qs}"
        );
    }

    // Timeline and co-mentions: the library's answers, as the page's timeline is.
    let ix = newsdex::index::store::open(&f.index()).unwrap();
    let sets: [(&str, Option<&str>, Filters); 3] = [
        ("q=said", Some("said"), Filters::default()),
        ("", None, Filters::default()),
        (
            "org=Jamaat-ud-Dawa",
            None,
            Filters {
                org: Some("Jamaat-ud-Dawa".into()),
                ..Filters::default()
            },
        ),
    ];
    for (qs, q, filters) in sets {
        let req = Request {
            query: q.map(str::to_string),
            filters,
            ..Request::default()
        };
        let t = timeline::compute(&ix, &req, By::Month).unwrap();
        let api = s.json(&format!("/api/timeline?{qs}&by=month"), 200);
        assert_eq!(api["by"], "month");
        assert_eq!(api["total"], t.total, "{qs}");
        assert_eq!(api["undated"], t.undated, "{qs}");
        assert_eq!(
            api["buckets"],
            serde_json::to_value(&t.buckets).unwrap(),
            "{qs}"
        );
        let auto = timeline::compute(&ix, &req, By::Auto).unwrap();
        assert_eq!(
            s.json(&format!("/api/timeline?{qs}"), 200)["buckets"],
            serde_json::to_value(&auto.buckets).unwrap(),
            "{qs}"
        );
        if q.is_some() {
            assert_eq!(
                s.json(&format!("/api/search?{qs}"), 200)["timeline"],
                serde_json::to_value(&auto.buckets).unwrap()
            );
        }
        let rel = related::compute(&ix, &req, 5).unwrap();
        assert_eq!(
            s.json(&format!("/api/related?{qs}&limit=5"), 200)["related"],
            serde_json::to_value(&rel).unwrap(),
            "{qs}"
        );
    }
    let rel = s.json("/api/related?org=Jamaat-ud-Dawa", 200);
    let names: Vec<&str> = rel["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Lashkar-e-Taiba"), "{names:?}");
    assert!(!names.contains(&"Jamaat-ud-Dawa"), "{names:?}");

    let status = s.json("/api/status", 200);
    assert_eq!(status["articles"], 10);
    assert_eq!(status["version"].as_str().unwrap().len(), 16);
}

#[test]
fn every_error_has_its_status_and_a_message() {
    let f = fixture();
    let s = Server::start(&f.index(), &[]);
    let long_query = "oil ".repeat(1100);
    let long_qs = "a+".repeat(5000);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/api/search".into(), 400, "`q` is required"),
        ("/api/search?q=+".into(), 400, "`q` is required"),
        ("/api/search?q=%28oil".into(), 400, "parenthesis"),
        ("/api/search?q=%22oil".into(), 400, "double quote"),
        ("/api/search?q=nosuch%3Ax".into(), 400, "unknown field"),
        ("/api/search?q=oil&from=2009-13".into(), 400, "invalid from"),
        (
            "/api/search?q=oil&from=2009-02&to=2009-01".into(),
            400,
            "swap them",
        ),
        ("/api/search?q=oil&limit=1001".into(), 400, "invalid limit"),
        ("/api/search?q=oil&limit=0".into(), 400, "invalid limit"),
        ("/api/search?q=oil&limit=x".into(), 400, "whole number"),
        ("/api/search?q=oil&offset=-3".into(), 400, "invalid offset"),
        ("/api/search?q=oil&sort=newest".into(), 400, "invalid sort"),
        (
            "/api/search?q=oil&limt=5".into(),
            400,
            "unknown parameter `limt`",
        ),
        ("/api/search?q=oil&q=gas".into(), 400, "more than once"),
        ("/api/search?q=oil&person=+".into(), 200, ""),
        (
            format!("/api/search?q={long_query}").replace(' ', "+"),
            400,
            "bytes long",
        ),
        (format!("/api/search?q={long_qs}"), 400, "query string is"),
        ("/api/list?q=oil".into(), 400, "unknown parameter `q`"),
        ("/api/list?limit=2000".into(), 400, "invalid limit"),
        ("/api/stats?top=-1".into(), 400, "invalid top"),
        ("/api/stats?to=yesterday".into(), 400, "invalid to"),
        ("/api/status?x=1".into(), 400, "unknown parameter"),
        ("/api/timeline?by=fortnight".into(), 400, "invalid by"),
        ("/api/timeline?q=%28a".into(), 400, "parenthesis"),
        (
            "/api/timeline?sort=date".into(),
            400,
            "unknown parameter `sort`",
        ),
        ("/api/related?limit=5000".into(), 400, "invalid limit"),
        (
            "/api/related?person=x&from=2010&to=2009".into(),
            400,
            "swap them",
        ),
        ("/api/article/0000000000000000".into(), 404, "no article"),
        ("/api/article/xyz".into(), 400, "16 hex digits"),
        (
            "/api/article/..%2F..%2Fetc%2Fpasswd".into(),
            400,
            "16 hex digits",
        ),
        ("/api/article/%ff%fe".into(), 400, "16 hex digits"),
        ("/api/nope".into(), 404, "nothing at /api/nope"),
        ("/api/search/../../etc/passwd".into(), 404, "nothing at"),
    ];
    for (target, status, needle) in &cases {
        let r = s.get(target);
        let short: String = target.chars().take(60).collect();
        assert_eq!(r.status, *status, "{short}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{short}"
        );
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        if *status != 200 {
            let obj = v.as_object().unwrap();
            assert_eq!(obj.len(), 1, "{short}: {v}");
            let msg = obj["error"].as_str().unwrap();
            assert!(msg.contains(needle), "{short}: {msg}");
        }
    }

    // Pages answer errors as pages, with the same statuses.
    let id = id_of(&f, SEED);
    let pages: [(&str, u16); 10] = [
        ("/nope", 404),
        ("/article/0000000000000000", 404),
        ("/article/not-an-id", 400),
        ("/raw/0000000000000000", 404),
        ("/raw/../../../etc/passwd", 404),
        ("/raw/..%2F..%2Fetc%2Fpasswd", 400),
        ("/assets/..%2F..%2FCargo.toml", 404),
        ("/assets/../../Cargo.toml", 404),
        ("/?q=%28oil", 400),
        ("/?q=oil&limit=5000", 400),
    ];
    for (target, status) in pages {
        let r = s.get(target);
        assert_eq!(r.status, status, "{target}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{target}"
        );
        assert!(r.text().contains("role=\"alert\""), "{target}");
        assert!(!r.text().contains("[package]"), "{target}");
    }
    assert_eq!(s.get(&format!("/raw/{id}?x=1")).status, 400);

    // Only GET (and HEAD).
    let r = s.send(&format!(
        "POST /api/search?q=oil HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        s.addr
    ));
    assert_eq!(r.status, 405);
    // A page elsewhere that resolves its name to 127.0.0.1 (DNS rebinding) is refused.
    for (host, status) in [
        ("evil.example:7700", 400),
        ("localhost:7700", 200),
        ("[::1]", 200),
    ] {
        let r = s.send(&format!(
            "GET /api/status HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, status, "{host}");
    }

    // A server whose deadline has always passed: 503, as JSON and as a page.
    let slow = Server::start(&f.index(), &["--timeout-ms", "0"]);
    let r = slow.get("/api/search?q=oil");
    assert_eq!(r.status, 503, "{}", r.text());
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("took longer"), "{v}");
    assert_eq!(slow.get("/?q=oil").status, 503);
}

#[test]
fn pages_show_results_escape_articles_and_mark_matches() {
    let f = fixture();
    let s = Server::start(&f.index(), &[]);
    let seed = id_of(&f, SEED);
    let hostile = id_of(&f, HOSTILE_PATH);
    let csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
               connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    let r = s.get("/?q=Jamaat-ud-Dawa");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-security-policy"), Some(csp));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let page = r.text();
    for want in [
        "1 article matches",
        "<mark>Jamaat</mark>",
        &format!("href=\"/article/{seed}?q=Jamaat-ud-Dawa\""),
        "href=\"/?q=Jamaat-ud-Dawa&amp;person=Sean+McCormack\"",
        "href=\"/?q=Jamaat-ud-Dawa&amp;org=Lashkar-e-Taiba\"",
        "href=\"/api/search?q=Jamaat-ud-Dawa\"",
        "<label for=\"q\"",
        "data-version=\"",
    ] {
        assert!(page.contains(want), "{want} missing from the search page");
    }

    let page = s.get("/?q=Jamaat-ud-Dawa&person=Sean+McCormack").text();
    assert!(page.contains("aria-label=\"Remove filter person: Sean McCormack\""));
    assert!(page.contains("href=\"/?q=Jamaat-ud-Dawa\""));
    assert!(page.contains("name=\"person\" value=\"Sean McCormack\""));

    let page = s.get(&format!("/article/{seed}?q=Jamaat-ud-Dawa")).text();
    for want in [
        "<mark>Jamaat</mark>-<mark>ud</mark>-<mark>Dawa</mark>",
        "Wednesday 7 January 2009",
        // The header's own clock (09:47 AM IST), then the instant in UTC.
        "<time datetime=\"2009-01-07T09:47:00+05:30\">09:47 UTC+05:30</time> (04:17 UTC)",
        "href=\"/?person=Sean+McCormack\"",
        &format!("href=\"/raw/{seed}\""),
        &format!("href=\"/api/article/{seed}\""),
    ] {
        assert!(page.contains(want), "{want} missing from the article page");
    }

    // Article text is untrusted: shown as text, never as markup. The only script is our own.
    for target in [
        "/?q=zanzibar".to_string(),
        format!("/article/{hostile}?q=zanzibar"),
        "/?from=1987-03-11&to=1987-03-11".to_string(),
    ] {
        let page = s.get(&target).text();
        assert!(page.contains("&lt;script&gt;"), "{target}");
        assert_eq!(page.matches("<script").count(), 1, "{target}");
        for bad in ["<svg onload", "<img src=x", "onerror=\"window"] {
            assert!(!page.contains(bad), "{bad} unescaped on {target}");
        }
    }
    let raw = s.get(&format!("/raw/{hostile}"));
    assert_eq!(raw.status, 200);
    assert_eq!(
        raw.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        raw.header("content-security-policy"),
        Some("sandbox; default-src 'none'")
    );
    assert_eq!(raw.text(), HOSTILE);

    let page = s.get("/").text();
    assert!(page.contains("10 articles"), "{page}");
    // The timeline: a bar per period with articles, each narrowing the dates to its period.
    assert!(page.contains("<figure class=\"timeline\">"), "{page}");
    assert!(page.contains("href=\"/?from=1987&amp;to=1987\""), "{page}");
    assert!(page.contains("aria-label=\"2009: 1 article\""), "{page}");
    assert!(page.contains("href=\"/api/list\""));
    let page = s.get("/?q=said&limit=2&offset=2").text();
    assert!(page.contains("rel=\"prev\" href=\"/?q=said&amp;limit=2\""));
    assert!(page.contains("rel=\"next\" href=\"/?q=said&amp;limit=2&amp;offset=4\""));

    for (asset, kind) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/app.js", "text/javascript; charset=utf-8"),
        ("/favicon.ico", "image/svg+xml"),
    ] {
        let r = s.get(asset);
        assert_eq!(r.status, 200, "{asset}");
        assert_eq!(r.header("content-type"), Some(kind), "{asset}");
    }
}

#[test]
fn a_new_commit_shows_without_a_restart() {
    let f = fixture();
    let s = Server::start(&f.index(), &[]);
    let before = s.json("/api/status", 200);
    // Asked before the commit, so its answer is cached for the old commit: the loop below
    // fails if the server keeps giving it.
    assert_eq!(s.json("/api/search?q=quokka", 200)["total"], 0);
    assert_eq!(s.json("/api/search?q=quokka", 200)["total"], 0);
    f.work.write(
        "2009/02/quokka.txt",
        "08 February,2009 10:00 AM IST | Perth | IANS\nA quokka was seen in Perth.\n",
    );
    f.reindex();
    let t = Instant::now();
    loop {
        if s.json("/api/search?q=quokka", 200)["total"] == 1 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "the new article did not show within 5 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("new commit served after {:?}", t.elapsed());
    // The counts remembered for the old commit are not served for the new one.
    let found = s.json("/api/search?q=quokka", 200);
    assert_eq!(found["facets"]["sources"][0]["value"], "IANS");
    assert_eq!(found["timeline"][0]["count"], 1);
    let after = s.json("/api/status", 200);
    assert_eq!(after["articles"], 11);
    assert_ne!(after["version"], before["version"]);
}

#[test]
fn bad_starts_exit_2_and_signals_stop_cleanly() {
    let f = fixture();
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "mine").unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    let missing = empty.path().join("missing");
    let cases: [(&std::path::Path, &str, &str); 4] = [
        (&missing, "127.0.0.1:0", "no index at"),
        (empty.path(), "127.0.0.1:0", "is not a newsdex index"),
        (&f.index(), &taken_addr, "cannot listen on"),
        (&f.index(), "nonsense", "invalid --addr"),
    ];
    for (index, addr, needle) in cases {
        let out = bin()
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", addr])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{addr}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(empty.path().join("notes.txt")).unwrap(),
        "mine"
    );

    #[cfg(unix)]
    for signal in [15, 2] {
        let mut s = Server::start(&f.index(), &[]);
        assert_eq!(s.get("/api/status").status, 200);
        let (code, took) = s.stop_with(signal, Duration::from_secs(5));
        assert_eq!(code, Some(0), "signal {signal}");
        assert!(took < Duration::from_secs(2), "signal {signal}: {took:?}");
        assert!(
            s.stderr
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.contains("stopped")),
            "signal {signal}"
        );
    }
}

#[test]
fn concurrent_requests_beyond_the_bound_wait_their_turn() {
    let f = fixture();
    let s = Server::start(&f.index(), &["--max-concurrent", "1"]);
    let want = s.json("/api/search?q=said&limit=3", 200);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                for _ in 0..5 {
                    assert_eq!(s.json("/api/search?q=said&limit=3", 200), want);
                }
            });
        }
    });
    assert!(want["total"].as_u64().unwrap() > 3);
}
