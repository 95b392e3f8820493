//! End-to-end gold test: index `../shared/data/corpus-dev` with the real binary, `export` it, and
//! compare every article with its gold (date, source, dateline, title, clean body). Skipped when
//! `../shared` is absent, except under CI.

use std::path::Path;

use serde_json::Value;

#[test]
fn exported_dev_corpus_matches_gold() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let corpus = shared.join("corpus-dev");
    let gold = shared.join("corpus-dev-gold");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {}",
            corpus.display()
        );
        eprintln!("SKIPPED: {} not found", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("index");
    crate::common::index_quietly(&corpus, &ix, &[]);
    let text = crate::common::export_text(&ix);
    let (mut n, mut meta_ok, mut date_ok, mut body_ok) = (0usize, 0usize, 0usize, 0usize);
    for line in text.lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        let path = a["path"].as_str().unwrap();
        let g: Value = serde_json::from_slice(
            &std::fs::read(gold.join(path.replace(".txt", ".json"))).unwrap(),
        )
        .unwrap();
        n += 1;
        date_ok += usize::from(a["date"] == g["date_utc"] && a["source"] == g["source"]);
        meta_ok += usize::from(a["dateline"] == g["dateline"] && a["title"] == g["title"]);
        let want: Vec<&str> = g["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        body_ok += usize::from(a["body"].as_str() == Some(want.join("\n").as_str()));
    }
    let rate = |k: usize| k as f64 / n as f64 * 100.0;
    eprintln!(
        "index+export vs gold: {n} articles | date+source {:.2}% | dateline+title {:.2}% | body {:.2}%",
        rate(date_ok),
        rate(meta_ok),
        rate(body_ok)
    );
    assert_eq!(n, 10_257);
    assert_eq!(date_ok, n);
    assert!(rate(meta_ok) >= 99.9);
    assert!(rate(body_ok) >= 99.5);
}
