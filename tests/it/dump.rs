//! Integration tests of whole-page text dumps: the real binary indexes a page dump (a web page
//! saved as text, written for these tests) beside a file of the archive's own format, and
//! `export`, `show` and `search` see only the article; `clean train` and `clean eval` run on a
//! small labelled set of invented pages.

use crate::common::bin;

use std::fs;
use std::path::Path;

use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/dump/harbour_page.txt";

fn fixture() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)).unwrap()
}

/// The export of a corpus holding the page dump and one archive-format article, by path.
fn export(dir: &Path) -> Vec<Value> {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("harbour_page.txt"), fixture()).unwrap();
    fs::write(
        corpus.join("archive.txt"),
        "Council Sets Budget\n07 January,2009 09:47 AM IST | Lakeside | IANS\nThe council set its budget.\nALSO READ\nFerry Fares Rise Again\nThe vote was close.\n",
    )
    .unwrap();
    let index = dir.join("index");
    bin()
        .args(["index", "-q", "--index"])
        .arg(&index)
        .arg(&corpus)
        .assert()
        .success();
    let out = bin()
        .args(["export", "--index"])
        .arg(&index)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_page_dump_is_indexed_as_its_article() {
    let dir = tempfile::tempdir().unwrap();
    let articles = export(dir.path());
    let page = articles
        .iter()
        .find(|a| a["path"] == "harbour_page.txt")
        .expect("page exported");
    assert_eq!(
        page["title"], "Harbour bridge to close for six weeks of repairs",
        "the headline the title line repeats"
    );
    assert_eq!(page["date"], Value::Null);
    let body = page["body"].as_str().unwrap();
    let paragraphs: Vec<&str> = body.lines().collect();
    // The article's paragraphs, in order, the subheading among them.
    let want = [
        "The Harbour Bridge will close to all traffic",
        "Council engineers found the damage",
        "\"We have no choice but to close the bridge",
        "Diversions",
        "Drivers will be sent along the inland ring road",
        "A free shuttle boat will carry pedestrians",
        "Local traders said the closure",
        "The repairs are expected to cost",
    ];
    assert_eq!(paragraphs.len(), want.len(), "{body}");
    for (p, w) in paragraphs.iter().zip(want) {
        assert!(p.starts_with(w), "{p:?} should start with {w:?}");
    }
    // Nothing of the page around it: menus, cookie notice, share bar, related and most-read
    // lists, comments, newsletter prompt, footer.
    for noise in [
        "Subscribe",
        "cookies",
        "Share on Facebook",
        "Ferry fares to rise",
        "Man rescued from cliff",
        "Who planned this?",
        "Sign up",
        "Privacy policy",
        "All rights reserved",
    ] {
        assert!(!body.contains(noise), "{noise:?} kept:\n{body}");
    }
    // The archive's own format is read as before.
    let archive = articles
        .iter()
        .find(|a| a["path"] == "archive.txt")
        .unwrap();
    assert_eq!(archive["title"], "Council Sets Budget");
    assert_eq!(
        archive["body"],
        "The council set its budget.\nThe vote was close."
    );
}

#[test]
fn search_finds_the_article_not_the_page_around_it() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let index = dir.path().join("index");
    let search = |q: &str| {
        bin()
            .args(["search", "--json", "--index"])
            .arg(&index)
            .arg(q)
            .output()
            .unwrap()
    };
    let hit = search("shuttle boat");
    assert_eq!(hit.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&hit.stdout).contains("harbour_page.txt"));
    // Words only the page furniture holds.
    for q in [
        "\"Cookie policy\"",
        "\"Man rescued from cliff\"",
        "Hargreaves",
    ] {
        assert_eq!(search(q).status.code(), Some(1), "{q}");
    }
}

/// An invented page dump: menu, teaser list and footer around a few article paragraphs.
fn invented_page(i: usize) -> String {
    let topics = ["river", "school", "market", "harbour", "library", "station"];
    let t = topics[i % topics.len()];
    format!(
        "Story {i} about the {t} | Example Times\n\nHome\nNews\nSport\nWeather\nContact\n\n\
         Story {i} about the {t}\n\n\
         The {t} committee met on Monday evening and agreed a new plan for the coming year, its chair said.\n\n\
         Members voted by nine to three after a debate that lasted more than two hours, according to the minutes.\n\n\
         Work is expected to start in the spring and should be finished before the end of the year.\n\n\
         Read more\nOther story one\nOther story two\n\nImprint\nPrivacy\nCookies\n"
    )
}

#[test]
fn clean_train_and_eval_run_on_labelled_dumps() {
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("dumps");
    fs::create_dir_all(&dumps).unwrap();
    let mut gold = serde_json::Map::new();
    for i in 0..12 {
        fs::write(dumps.join(format!("p{i}.txt")), invented_page(i)).unwrap();
        gold.insert(
            format!("p{i}"),
            serde_json::json!({
                "url": format!("https://site{i}.example/story"),
                "with": ["agreed a new plan", "voted by nine to three"],
                "without": ["Privacy", "Other story one"],
            }),
        );
    }
    let gold_path = dir.path().join("gold.json");
    fs::write(&gold_path, Value::Object(gold).to_string()).unwrap();
    let model = dir.path().join("model.bin");
    let held = dir.path().join("held.ndjson");
    let out = bin()
        .args(["clean", "train", "--folds", "2", "--trees", "20", "--dumps"])
        .arg(&dumps)
        .arg("--gold")
        .arg(&gold_path)
        .arg("--out")
        .arg(&model)
        .arg("--held-out")
        .arg(&held)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("held-out folds: snippets F1"), "{text}");
    assert!(
        text.contains("whole set (trained on it): snippets F1 1.000"),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&held).unwrap().lines().count(), 12);
    let out = bin()
        .args(["clean", "eval", "--dumps"])
        .arg(&dumps)
        .arg("--gold")
        .arg(&gold_path)
        .arg("--model")
        .arg(&model)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("12 pages: snippets F1 1.000"), "{text}");
    // A file that is not a model is refused with a message naming it.
    let out = bin()
        .args(["clean", "eval", "--dumps"])
        .arg(&dumps)
        .arg("--gold")
        .arg(&gold_path)
        .arg("--model")
        .arg(&gold_path)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("gold.json") && err.contains("not a newsdex page-dump model"),
        "{err}"
    );
}
