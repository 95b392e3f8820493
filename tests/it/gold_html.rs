//! Gold test of the web-page reader: index `../shared/data/web-dev/html` (990 pages) and
//! `web-dev/warc` (the same kind of pages in a WARC, with records to skip) with the real
//! binary, export, and score the bodies with the snippet measure of `eval_web.py` (a snippet
//! counts when it is a substring of the body, whitespace collapsed). Asserts the F1 floors of
//! issue 16 and that the WARC's pages score as their HTML files; when `python3` is there, also
//! that `eval_web.py` itself gives the same figures.
//!
//! Skipped, with a clear message, when the data is absent, unless `CI` is set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use newsdex::html::train::{Counts, GoldPage, count, read_gold};
use serde_json::Value;

fn export(corpus: &Path, dir: &Path) -> Vec<Value> {
    let ix = dir.join(corpus.file_name().unwrap());
    crate::common::index_quietly(corpus, &ix, &[]);
    let text = crate::common::export_text(&ix);
    std::fs::write(
        dir.join(format!(
            "{}.ndjson",
            corpus.file_name().unwrap().to_string_lossy()
        )),
        &text,
    )
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Sums the snippet counts of the gold pages, each matched to an article by `key`.
fn score(
    gold: &[GoldPage],
    articles: &HashMap<String, &Value>,
    key: impl Fn(&GoldPage) -> Option<String>,
) -> Counts {
    let mut total = Counts::default();
    for g in gold {
        let body = key(g)
            .and_then(|k| articles.get(&k))
            .and_then(|a| a["body"].as_str())
            .unwrap_or("");
        let c = count(g, body);
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        total.tn += c.tn;
    }
    total
}

/// The F1 `eval_web.py snippets` prints for an export, when python3 can run it.
fn eval_web(tool: &Path, export: &Path, gold: &Path, matching: &str) -> Option<f64> {
    let out = std::process::Command::new("python3")
        .arg(tool)
        .args(["snippets", "--json", "--match", matching])
        .arg(export)
        .arg(gold)
        .output()
        .ok()?;
    let v: Value = serde_json::from_slice(&out.stdout).ok()?;
    v["f1"].as_f64()
}

/// `../shared/data/web-dev`, or `None` after saying SKIPPED (never under `CI`).
fn web_dev() -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/web-dev");
    if data.join("html").is_dir() {
        return Some(data);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have {}",
        data.display()
    );
    println!("SKIPPED: {} not found", data.display());
    None
}

#[test]
fn web_dev_pages_and_warc_score_above_the_floors() {
    let Some(data) = web_dev() else { return };
    let dir = tempfile::tempdir().unwrap();
    let gold = read_gold(&data.join("gold.json")).unwrap();
    let gold_warc = read_gold(&data.join("gold-warc.json")).unwrap();

    let html = export(&data.join("html"), dir.path());
    let by_stem: HashMap<String, &Value> = html
        .iter()
        .map(|a| {
            let path = a["path"].as_str().unwrap();
            (path.trim_end_matches(".html.gz").to_string(), a)
        })
        .collect();
    let h = score(&gold, &by_stem, |g| Some(g.name.clone()));
    let (p, r, f1) = h.prf();
    println!(
        "web-dev html ({} pages): F1 {f1:.4}  P {p:.4}  R {r:.4}",
        gold.len()
    );
    assert!(f1 >= 0.93, "HTML snippet F1 {f1:.4} below 0.93");

    let warc = export(&data.join("warc"), dir.path());
    assert_eq!(
        warc.len(),
        gold_warc.len(),
        "one article per page of the WARC"
    );
    let by_url: HashMap<String, &Value> = warc
        .iter()
        .filter_map(|a| Some((a["url"].as_str()?.to_string(), a)))
        .collect();
    let w = score(&gold_warc, &by_url, |g| g.url.clone());
    let same_pages = score(&gold_warc, &by_stem, |g| Some(g.name.clone()));
    let (wp, wr, wf1) = w.prf();
    let (_, _, hf1) = same_pages.prf();
    println!(
        "web-dev warc ({} pages): F1 {wf1:.4}  P {wp:.4}  R {wr:.4}; the same pages as HTML files: F1 {hf1:.4}",
        gold_warc.len()
    );
    assert!(wf1 >= 0.93, "WARC snippet F1 {wf1:.4} below 0.93");
    assert!(
        (wf1 - hf1).abs() < 0.005,
        "WARC {wf1:.4} vs HTML files {hf1:.4}"
    );

    // The official scorer agrees, when it can run.
    let tool = data.join("../../tools/eval_web.py");
    if let Some(official) = eval_web(
        &tool,
        &dir.path().join("html.ndjson"),
        &data.join("gold.json"),
        "stem",
    ) {
        assert!(
            (official - f1).abs() < 1e-4,
            "eval_web.py {official} vs {f1}"
        );
    }
    if let Some(official) = eval_web(
        &tool,
        &dir.path().join("warc.ndjson"),
        &data.join("gold-warc.json"),
        "url",
    ) {
        assert!(
            (official - wf1).abs() < 1e-4,
            "eval_web.py {official} vs {wf1}"
        );
    }
}

/// README's `newsdex web train --out models/web.bin` rebuilds the shipped classifier byte for
/// byte (`--folds 0` skips only the cross-validated report, not any part of the fit). Like the
/// floors above, it needs `../shared/data/web-dev` and must run under `CI`.
#[test]
fn shipped_web_model_is_reproducible() {
    let Some(data) = web_dev() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("web.bin");
    crate::common::bin()
        .args(["web", "train", "--folds", "0", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let built = std::fs::read(&out).unwrap();
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/web.bin")).unwrap();
    assert!(
        built == shipped,
        "the rebuilt web model differs from models/web.bin (retrain with README's \
         `newsdex web train --out models/web.bin` and commit the result)"
    );
}
