//! Web pages and WARC archives through the real binary: `index`, `export`, `search` and `show`
//! on the fixtures of `tests/fixtures/web/` (written for these tests by `make_fixtures.py`):
//! one page per metadata convention, gzip and charset variants, and WARC files with a record of
//! every kind; then incremental runs after a WARC file changed and after one was deleted.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("newsdex").unwrap()
}

/// The fixture folders copied into a temporary corpus.
fn corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web");
    for sub in ["pages", "warc"] {
        fs::create_dir_all(c.join(sub)).unwrap();
        for e in fs::read_dir(src.join(sub)).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), c.join(sub).join(e.file_name())).unwrap();
        }
    }
    let ix = dir.path().join("index");
    (dir, c, ix)
}

fn index(ix: &Path, corpus: &Path) -> (Value, String) {
    let out = bin()
        .arg("--index")
        .arg(ix)
        .args(["index", "--json"])
        .arg(corpus)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

/// Every exported article, by path.
fn export(ix: &Path) -> Vec<Value> {
    let out = bin().arg("--index").arg(ix).arg("export").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn by_path<'a>(articles: &'a [Value], path: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["path"] == path)
        .unwrap_or_else(|| panic!("{path} not exported"))
}

/// The path of the WARC record whose URL is `url`, in file `file`.
fn record_path(articles: &[Value], file: &str, url: &str) -> String {
    articles
        .iter()
        .find(|a| a["url"] == url && a["path"].as_str().unwrap().starts_with(file))
        .unwrap_or_else(|| panic!("no record of {url} in {file}"))["path"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn pages_and_warc_records_are_indexed_with_their_metadata() {
    let (_dir, c, ix) = corpus();
    let (summary, err) = index(&ix, &c);
    // 8 pages with text, 3 articles in crawl.warc.gz and 2 in plain.warc.
    assert_eq!(summary["added"], 13, "{summary}");
    assert_eq!(summary["seen"], 11, "{summary}");
    assert_eq!(summary["skipped"], 1, "{summary}");
    assert_eq!(
        summary["skipped_by_reason"]["web page without article text"], 1,
        "{summary}"
    );
    assert!(
        err.contains("no-text.html: web page without article text"),
        "{err}"
    );
    let kinds = &summary["not_articles_by_kind"];
    for (kind, n) in [
        ("WARC warcinfo record", 2),
        ("WARC request record", 2),
        ("WARC metadata record", 1),
        ("WARC revisit record", 1),
        ("WARC response HTTP 404", 1),
        ("WARC response HTTP 301 (redirect)", 1),
        ("WARC response not HTML", 1),
        ("WARC response not from HTTP", 1),
    ] {
        assert_eq!(kinds[kind], n, "{kind}: {summary}");
    }
    // Two bridge records and the storm record have no date of their own.
    assert_eq!(summary["dated_by_fetch"], 3, "{summary}");

    let all = export(&ix);
    assert_eq!(all.len(), 13);
    // (path, url, title, date, day, source, a paragraph start)
    let cases: &[(&str, Value, &str, Value, &str, Value, &str)] = &[
        (
            "pages/opengraph.html",
            "https://gazette.example/town/2024/bridge-reopens".into(),
            "Swing bridge reopens after repairs",
            "2024-03-04T06:30:00Z".into(),
            "2024-03-04",
            "The Harbour Gazette".into(),
            "The old swing bridge over the harbour reopened",
        ),
        (
            "pages/jsonld.htm",
            Value::Null,
            "Fishermen sing again",
            "2023-11-19T02:15:00Z".into(),
            // The page's own calendar date, not the UTC one.
            "2023-11-18",
            "Coast News".into(),
            "A choir of forty retired fishermen",
        ),
        (
            "pages/time.html",
            Value::Null,
            "Market moves to the quay",
            Value::Null,
            "2022-02-28",
            Value::Null,
            "The weekly farmers' market will move",
        ),
        (
            "pages/url-date.xhtml",
            "https://news.example/2021/10/05/storm-damage".into(),
            "Storm damage in town",
            Value::Null,
            "2021-10-05",
            "news.example".into(),
            "Strong winds tore tiles from roofs",
        ),
        (
            "pages/windows-1252.html",
            Value::Null,
            "Hafencafé schließt",
            Value::Null,
            "",
            Value::Null,
            "Ein kleines Café am Hafen hat nach dreißig Jahren",
        ),
        (
            "pages/undeclared.html",
            Value::Null,
            "Café am Hafen",
            Value::Null,
            "",
            Value::Null,
            "Stammgäste brachten am letzten Tag Blumen",
        ),
        (
            "pages/bad-charset.html",
            Value::Null,
            "Trees by the river",
            Value::Null,
            "",
            Value::Null,
            "Pupils at the primary school on Mill Lane",
        ),
        (
            "pages/compressed.html.gz",
            Value::Null,
            "Pupils plant trees",
            Value::Null,
            "",
            Value::Null,
            "Each class looked after its own stretch",
        ),
    ];
    for (path, url, title, date, day, source, para) in cases {
        let a = by_path(&all, path);
        assert_eq!(a["url"], *url, "{path}: {a}");
        assert_eq!(a["title"], *title, "{path}: {a}");
        assert_eq!(a["date"], *date, "{path}: {a}");
        let day = if day.is_empty() {
            Value::Null
        } else {
            (*day).into()
        };
        assert_eq!(a["day"], day, "{path}: {a}");
        assert_eq!(a["source"], *source, "{path}: {a}");
        let body = a["body"].as_str().unwrap();
        assert!(body.lines().any(|l| l.starts_with(para)), "{path}: {body}");
        // Menus, related lists, share bars and footers stay out; so does the headline.
        for noise in [
            "Contact us",
            "Parking fees rise again",
            "All rights reserved",
            "Tweet",
            "Most read",
        ] {
            assert!(!body.contains(noise), "{path}: {noise:?} in {body}");
        }
        assert!(!body.lines().any(|l| l == *title), "{path}: {body}");
    }
    // WARC records: the fetch address, the WARC date when the page has none, the URL's date.
    let bridge = by_path(
        &all,
        &record_path(&all, "warc/crawl", "https://gazette.example/bridge"),
    );
    assert_eq!(bridge["date"], "2024-05-01T10:00:02Z");
    assert_eq!(bridge["source"], "gazette.example");
    let market_path = record_path(&all, "warc/crawl", "https://quay.example/2022/02/28/market");
    let market = by_path(&all, &market_path);
    assert_eq!(market["day"], "2022-02-28");
    assert_eq!(market["source"], "Quay Times");
    assert!(
        market["body"]
            .as_str()
            .unwrap()
            .contains("quayside from April")
    );
    let id = market["id"].as_str().unwrap();
    assert_eq!(market["cluster"], *id);
    let storm = record_path(&all, "warc/crawl", "https://news.example/storm");
    assert!(
        by_path(&all, &storm)["body"]
            .as_str()
            .unwrap()
            .contains("fire brigade")
    );
    record_path(&all, "warc/plain.warc", "https://gazette.example/bridge");
}

#[test]
fn search_and_show_reach_warc_records() {
    let (_dir, c, ix) = corpus();
    index(&ix, &c);
    let out = bin()
        .arg("--index")
        .arg(&ix)
        .args(["search", "--json", "--limit", "50", "quayside"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let hits: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.contains(&"pages/time.html"), "{paths:?}");
    let record = *paths
        .iter()
        .find(|p| p.starts_with("warc/crawl.warc.gz#"))
        .unwrap();
    assert_eq!(
        hits.iter().find(|h| h["path"] == record).unwrap()["url"],
        "https://quay.example/2022/02/28/market"
    );
    // `show` takes the record's path, as typed or as listed, and its id.
    let show = |what: &str| -> Value {
        let o = bin()
            .arg("--index")
            .arg(&ix)
            .args(["show", "--json", what])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let a = show(record);
    assert_eq!(a["path"], record);
    assert!(a["body"].as_str().unwrap().contains("farmers' market"));
    let by_id = show(a["id"].as_str().unwrap());
    assert_eq!(by_id, a);
    let human = bin()
        .arg("--index")
        .arg(&ix)
        .args(["show", record])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("https://quay.example/2022/02/28/market"),
        "{text}"
    );
    // A locator that names no record is an error naming it.
    let out = bin()
        .arg("--index")
        .arg(&ix)
        .args(["show", "warc/crawl.warc.gz#1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warc/crawl.warc.gz#1"));
}

/// The gzip members of a per-record compressed WARC file, found by decompressing one at a time.
fn members(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut dec = flate2::bufread::GzDecoder::new(rest);
        std::io::copy(&mut dec, &mut std::io::sink()).unwrap();
        let left = dec.into_inner().len();
        out.push(rest[..rest.len() - left].to_vec());
        rest = &rest[rest.len() - left..];
    }
    out
}

#[test]
fn a_changed_warc_replaces_its_records_and_a_deleted_one_removes_them() {
    let (_dir, c, ix) = corpus();
    index(&ix, &c);
    let before = export(&ix);
    let storm = record_path(&before, "warc/crawl", "https://news.example/storm");
    // Nothing changed: nothing is read again.
    let (s, _) = index(&ix, &c);
    assert_eq!(
        (s["added"].as_u64(), s["updated"].as_u64()),
        (Some(0), Some(0)),
        "{s}"
    );
    // The page without text is read again (skipped files are), the others are not.
    assert_eq!(
        (s["unchanged"].as_u64(), s["skipped"].as_u64()),
        (Some(10), Some(1)),
        "{s}"
    );

    // The crawl loses its storm record (and gets a new timestamp).
    let warc = c.join("warc/crawl.warc.gz");
    let parts = members(&fs::read(&warc).unwrap());
    assert_eq!(parts.len(), 11);
    let kept: Vec<u8> = parts
        .iter()
        .filter(|m| {
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&m[..]), &mut text)
                .unwrap();
            !String::from_utf8_lossy(&text).contains("WARC-Target-URI: https://news.example/storm")
        })
        .flatten()
        .copied()
        .collect();
    fs::write(&warc, kept).unwrap();
    let (s, _) = index(&ix, &c);
    assert_eq!(s["updated"], 2, "{s}");
    assert_eq!(s["removed"], 1, "{s}");
    assert_eq!(s["added"], 0, "{s}");
    let after = export(&ix);
    assert_eq!(after.len(), 12);
    assert!(after.iter().all(|a| a["path"] != storm.as_str()));
    record_path(&after, "warc/crawl", "https://gazette.example/bridge");
    bin()
        .arg("--index")
        .arg(&ix)
        .args(["show", &storm])
        .assert()
        .code(2);

    // The uncompressed WARC is deleted: its two records go.
    fs::remove_file(c.join("warc/plain.warc")).unwrap();
    let (s, _) = index(&ix, &c);
    assert_eq!(s["removed"], 2, "{s}");
    let last = export(&ix);
    assert_eq!(last.len(), 10);
    assert!(
        last.iter()
            .all(|a| !a["path"].as_str().unwrap().starts_with("warc/plain"))
    );
}
