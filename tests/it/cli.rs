//! Integration tests: the real binary on temp copies of the shipped `corpus/` and on corpora the
//! tests write themselves (incremental runs, filters, JSON shape, exit codes, bad files, bad queries).

use crate::common::{ARTICLE_KEYS, Workdir, bin};

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

const SEED: &str = "2009/01/000_88a2c8552096e24a.txt";

fn index_json(w: &Workdir, extra: &[&str]) -> Value {
    let mut args = vec!["index", "--json"];
    args.extend_from_slice(extra);
    let out = w.run(&args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn article(date: &str, dateline: &str, source: &str, body: &[&str]) -> Vec<u8> {
    let mut s = format!("{date} | {dateline} | {source}\n");
    for p in body {
        s.push_str(p);
        s.push('\n');
    }
    s.into_bytes()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

#[test]
fn quick_start_finds_the_seed_in_every_spelling() {
    let fx = Workdir::with_copies(&["corpus"]);
    fx.run(&["index", "corpus"]).success();
    for q in [
        "Jamaat-ud-Dawa",
        "Jamaat ud Dawa",
        "jamaat-ud-dawa",
        "\"Jamaat ud Dawa\"",
    ] {
        let hits = fx.json_lines(&["search", q, "--json"]);
        let paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
        assert_eq!(paths, vec![SEED], "query {q}");
    }
    // The related-links headlines are noise, not part of the article.
    fx.run(&["search", "Amitesh Shrivastava"]).code(1);
    fx.run(&["search", "Vikkatakavi"]).code(1);
}

#[test]
fn list_by_month_finds_the_seed_in_date_order() {
    let fx = Workdir::with_copies(&["corpus"]);
    let hits = fx.json_lines(&[
        "list",
        "--from",
        "2009-01-01",
        "--to",
        "2009-01-31",
        "--json",
    ]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["path"], SEED);
    assert!(hits[0].get("body").is_none(), "list --json has no body");
    let all = fx.json_lines(&["list", "--json"]);
    let days: Vec<&str> = all.iter().map(|h| h["day"].as_str().unwrap()).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
    let newest = fx.json_lines(&["list", "--json", "--sort=-date", "--limit", "1"]);
    assert_eq!(newest[0]["path"], SEED);
    // A whole year, a whole month.
    assert_eq!(
        fx.json_lines(&["list", "--json", "--from", "2009", "--to", "2009"])
            .len(),
        1
    );
    assert_eq!(
        fx.json_lines(&["list", "--json", "--to", "1987-03"]).len(),
        all.len() - 3
    );
}

#[test]
fn search_with_no_index_builds_it_from_corpus_first() {
    let fx = Workdir::with_copies(&["corpus"]);
    let a = bin()
        .current_dir(fx.dir.path())
        .args(["search", "Jamaat-ud-Dawa"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("building it from corpus"),
        "{}",
        stderr(&a)
    );
    assert!(stdout(&a).contains(SEED));
    assert!(fx.dir.path().join("index").is_dir());
}

/// The article object's keys, in contract order.
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(|k| k.as_str()).collect()
}

#[test]
fn json_article_object_has_exactly_the_contract_keys() {
    let fx = Workdir::with_copies(&["corpus"]);
    let shown = fx.json_lines(&["show", SEED, "--json"]);
    // show: the article object, then the other copies of it.
    let mut want_shown = ARTICLE_KEYS.to_vec();
    want_shown.push("copies");
    assert_eq!(keys(&shown[0]), want_shown);
    assert_eq!(shown[0]["copies"], serde_json::json!([]));
    let a = &shown[0];
    assert_eq!(a["date"], "2009-01-07T04:17:00Z");
    assert_eq!(a["day"], "2009-01-07");
    assert_eq!(a["source"], "IANS");
    assert_eq!(a["dateline"], Value::Null);
    assert_eq!(a["title"], Value::Null);
    let body = a["body"].as_str().unwrap();
    assert!(body.starts_with("The US has reiterated"));
    assert!(!body.contains("ALSO READ"));
    assert!(!body.contains("\n\n"));
    assert_eq!(body.split('\n').count(), 11);
    // A hit: the article object without body, then score and snippet.
    let hit = &fx.json_lines(&["search", "Boucher", "--json"])[0];
    let mut want: Vec<&str> = ARTICLE_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "body")
        .collect();
    want.extend(["score", "snippet"]);
    assert_eq!(keys(hit), want);
    assert!(hit["snippet"].as_str().unwrap().contains("<b>Boucher</b>"));
    // export: every article, with body, in path order.
    let exported = fx.json_lines(&["export"]);
    assert_eq!(exported.len(), 9);
    let paths: Vec<&str> = exported
        .iter()
        .map(|h| h["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(exported.iter().all(|e| e["body"].is_string()));
}

#[test]
fn incremental_runs_read_only_what_changed() {
    let fx = Workdir::new();
    fx.write(
        "a.txt",
        article(
            "01 March,1987 10:00 AM IST",
            "London",
            "Reuters",
            &["Alpha report about copper."],
        ),
    );
    fx.write(
        "b/b.txt",
        article(
            "02 March,1987 10:00 AM IST",
            "Paris",
            "AFP",
            &["Bravo report about zinc."],
        ),
    );
    let s = index_json(&fx, &["corpus"]);
    assert_eq!(
        (s["added"].as_u64(), s["seen"].as_u64()),
        (Some(2), Some(2))
    );
    // Nothing changed: nothing read. The corpus is remembered.
    let s = index_json(&fx, &[]);
    assert_eq!(s["unchanged"], 2);
    assert_eq!(s["bytes_read"], 0);
    // Add, change, delete.
    fx.write(
        "c.txt",
        article(
            "03 March,1987 10:00 AM IST",
            "Rome",
            "PTI",
            &["Charlie report about tin."],
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    fx.write(
        "a.txt",
        article(
            "01 March,1987 10:00 AM IST",
            "London",
            "Reuters",
            &["Alpha report about nickel, longer now."],
        ),
    );
    fs::remove_file(fx.corpus().join("b/b.txt")).unwrap();
    let s = index_json(&fx, &[]);
    assert_eq!(
        (
            s["added"].as_u64(),
            s["updated"].as_u64(),
            s["removed"].as_u64(),
            s["unchanged"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(0))
    );
    fx.run(&["search", "zinc"]).code(1);
    fx.run(&["search", "copper"]).code(1);
    fx.run(&["search", "nickel"]).success();
    fx.run(&["search", "tin"]).success();
    assert_eq!(fx.json_lines(&["export"]).len(), 2);
    // --rebuild starts over.
    let s = index_json(&fx, &["--rebuild"]);
    assert_eq!(s["added"], 2);
}

#[test]
fn filters_narrow_results() {
    let fx = Workdir::new();
    fx.write(
        "1.txt",
        article(
            "05 January,2009 09:00 AM IST",
            "Mumbai",
            "IANS",
            &["Talks on trade resumed."],
        ),
    );
    fx.write(
        "2.txt",
        article(
            "20 January,2009 09:00 AM IST",
            "Delhi",
            "PTI",
            &["Trade talks ended."],
        ),
    );
    fx.write(
        "3.txt",
        article(
            "03 February,2009 09:00 AM IST",
            "Mumbai",
            "PTI",
            &["Trade fair opened."],
        ),
    );
    fx.run(&["index", "corpus"]).success();
    let paths = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["search", "trade", "--json", "--sort", "date"];
        a.extend_from_slice(args);
        fx.json_lines(&a)
            .iter()
            .map(|h| h["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(&[]), ["1.txt", "2.txt", "3.txt"]);
    assert_eq!(paths(&["--from", "2009-01-06"]), ["2.txt", "3.txt"]);
    assert_eq!(paths(&["--to", "2009-01"]), ["1.txt", "2.txt"]);
    assert_eq!(paths(&["--source", "pti"]), ["2.txt", "3.txt"]);
    assert_eq!(paths(&["--dateline", "MUMBAI"]), ["1.txt", "3.txt"]);
    assert_eq!(
        paths(&["--source", "PTI", "--dateline", "Mumbai"]),
        ["3.txt"]
    );
    assert_eq!(paths(&["--limit", "1", "--offset", "1"]), ["2.txt"]);
    let q: Vec<String> = fx
        .json_lines(&[
            "search",
            "source:ians OR source:pti",
            "--json",
            "--sort=-date",
        ])
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(q, ["3.txt", "2.txt", "1.txt"]);
    fx.run(&["search", "trade", "--from", "2010"]).code(1);
    let s = fx.json_lines(&["stats", "--json"]);
    assert_eq!(s[0]["articles"], 3);
    assert_eq!(s[0]["first_day"], "2009-01-05");
    assert_eq!(s[0]["facets"]["sources"][0]["value"], "PTI");
    assert_eq!(s[0]["facets"]["sources"][0]["count"], 2);
}

#[test]
fn bad_files_are_skipped_counted_and_named() {
    let fx = Workdir::new();
    fx.write(
        "good.txt",
        article(
            "01 March,1987 10:00 AM IST",
            "London",
            "Reuters",
            &["A good article."],
        ),
    );
    fx.write("binary.txt", b"\x00\x01\x02binary");
    fx.write("empty.txt", b"");
    fx.write(
        "noheader.txt",
        b"Just a paragraph without any header line.\n",
    );
    fx.write(
        "latin.txt",
        b"01 March,1987 10:00 AM IST | Z\xfcrich | AFP\nThe caf\xe9 said \x93hello\x94.\n",
    );
    fx.write("notes.md", b"not an article");
    let before: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(fx.corpus())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect();
    let a = fx.run(&["index", "corpus", "--json"]).success();
    let err = stderr(&a);
    assert!(err.contains("binary.txt: binary file"), "{err}");
    assert!(err.contains("empty.txt: empty file"), "{err}");
    let s: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(s["seen"], 5);
    assert_eq!(s["added"], 3);
    assert_eq!(s["skipped"], 2);
    assert_eq!(s["no_header"], 1);
    assert_eq!(s["other_files"], 1);
    let shown = fx.json_lines(&["show", "latin.txt", "--json"]);
    assert_eq!(shown[0]["dateline"], "Zürich");
    assert_eq!(shown[0]["body"], "The café said “hello”.");
    let shown = fx.json_lines(&["show", "noheader.txt", "--json"]);
    assert_eq!(shown[0]["date"], Value::Null);
    assert_eq!(
        shown[0]["body"],
        "Just a paragraph without any header line."
    );
    // The corpus is never written to.
    for (p, bytes) in before {
        assert_eq!(fs::read(&p).unwrap(), bytes, "{}", p.display());
    }
    let names: Vec<String> = fs::read_dir(fx.corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
}

#[test]
fn malformed_queries_and_arguments_exit_2_with_a_message() {
    let fx = Workdir::with_copies(&["corpus"]);
    fx.run(&["index", "corpus"]).success();
    let huge = "oil ".repeat(30_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["search", "\"crude oil"],
        vec!["search", "(oil OR gas"],
        vec!["search", "oil)"],
        vec!["search", "nosuchfield:oil"],
        vec!["search", "title:"],
        vec!["search", "AND"],
        vec!["search", ""],
        vec!["search", &huge],
        vec!["search", "oil", "--from", "2009-13-45"],
        vec!["search", "oil", "--from", "2009-02", "--to", "2009-01"],
        vec!["search", "oil", "--limit", "-1"],
        vec!["search", "oil", "--limit", "99999999999"],
        vec!["list", "--offset", "-3"],
        vec!["show", "no/such/file.txt"],
        vec!["search", "oil", "--sort", "sideways"],
    ];
    for args in cases {
        let a = fx.run(&args).code(2);
        let err = stderr(&a);
        assert!(
            err.starts_with("newsdex: ") || err.starts_with("error:"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.lines().count() <= 4, "{args:?}: {err}");
    }
}

#[test]
fn folders_that_are_not_indexes_are_refused_and_kept() {
    let fx = Workdir::with_copies(&["corpus"]);
    fs::create_dir_all(fx.index_dir()).unwrap();
    fs::write(fx.index_dir().join("thesis.doc"), "precious").unwrap();
    let a = fx.run(&["index", "corpus"]).code(2);
    assert!(stderr(&a).contains("not a newsdex index"));
    let a = fx.run(&["index", "corpus", "--rebuild"]).code(2);
    assert!(stderr(&a).contains("will not delete"));
    let a = fx.run(&["search", "oil"]).code(2);
    assert!(stderr(&a).contains("not a newsdex index"));
    assert_eq!(
        fs::read_to_string(fx.index_dir().join("thesis.doc")).unwrap(),
        "precious"
    );
    fx.run(&["index", "no-such-corpus"]).code(2);
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let fx = Workdir::new();
    for i in 0..400 {
        let body =
            format!("Paragraph number {i} about the markets and many other words to fill it up.");
        fx.write(
            &format!("{i:04}.txt"),
            article(
                "01 March,1987 10:00 AM IST",
                "London",
                "Reuters",
                &[&body, &body, &body],
            ),
        );
    }
    fx.run(&["index", "corpus"]).success();
    let exe = assert_cmd::cargo::cargo_bin("newsdex");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' --index '{}' export | head -n 1 >/dev/null",
            exe.display(),
            fx.index_dir().display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn entities_are_indexed_filterable_and_counted() {
    let fx = Workdir::with_copies(&["corpus"]);
    fx.run(&["index", "corpus"]).success();
    let a = &fx.json_lines(&["show", SEED, "--json"])[0];
    let list = |k: &str| -> Vec<String> {
        a[k].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let places = list("places");
    let orgs = list("organisations");
    crate::common::assert_seed_entities(&list("people"), &places, &orgs);
    // Nothing from the related-links block.
    for noise in ["Amitesh Shrivastava", "Pune", "London", "Kashmir"] {
        let all: Vec<String> = [list("people"), places.clone(), orgs.clone()].concat();
        assert!(!all.iter().any(|e| e.contains(noise)), "{noise} in {all:?}");
    }
    let paths = |args: &[&str]| -> Vec<String> {
        fx.json_lines(args)
            .iter()
            .filter_map(|h| h["path"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        paths(&["list", "--json", "--person", "sean mccormack"]),
        [SEED]
    );
    assert_eq!(paths(&["list", "--json", "--place", "Islamabad"]), [SEED]);
    assert_eq!(
        paths(&["list", "--json", "--org", "LASHKAR-E-TAIBA"]),
        [SEED]
    );
    assert_eq!(
        paths(&["search", "--json", "attacks", "--person", "Sean McCormack"]),
        [SEED]
    );
    assert_eq!(
        paths(&["search", "--json", "person:\"Sean McCormack\""]),
        [SEED]
    );
    assert_eq!(paths(&["search", "--json", "place:islamabad"]), [SEED]);
    fx.run(&["list", "--person", "Nobody Atall"]).code(1);
    let stats = &fx.json_lines(&["stats", "--json", "--top", "50"])[0];
    let names = |k: &str| -> Vec<String> {
        stats["facets"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(names("people").contains(&"Sean McCormack".to_string()));
    assert!(names("places").contains(&"Islamabad".to_string()));
    let lines = fx.json_lines(&["search", "--json", "--facets", "Boucher"]);
    let facets = &lines.last().unwrap()["facets"];
    assert_eq!(facets["people"][0]["count"], 1);
}

#[test]
fn committing_often_gives_the_same_index() {
    let fx = Workdir::with_copies(&["corpus"]);
    fx.run(&["index", "corpus", "--quiet"]).success();
    let once = stdout(&fx.run(&["export"]).success());
    let other = tempfile::tempdir().unwrap();
    let idx = other.path().join("ix");
    let a = bin()
        .current_dir(fx.dir.path())
        .args([
            "--index",
            idx.to_str().unwrap(),
            "index",
            "corpus",
            "--quiet",
        ])
        .args(["--commit-every", "2"])
        .assert()
        .success();
    assert!(stderr(&a).is_empty(), "{}", stderr(&a));
    let often = stdout(
        &bin()
            .args(["--index", idx.to_str().unwrap(), "export"])
            .assert()
            .success(),
    );
    assert_eq!(once.lines().count(), 9);
    assert_eq!(once, often);
    let bad = fx.run(&["index", "corpus", "--commit-every", "0"]).code(2);
    assert!(stderr(&bad).contains("--commit-every"));
}
