//! Parses the hand-written articles of `tests/fixtures/parse/` (formats unlike the dev corpus:
//! other zones and offsets, prefixes, Windows-1252 with CRLF, CR-only, BOM, no header, other
//! related-links headings and footers) and compares each with the `.json` answer beside it.

use std::path::Path;

use newsdex::clean::LineStats;
use newsdex::decode::decode;
use newsdex::parse::parse;
use serde_json::Value;

fn opt(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn fixtures_match_their_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 12,
        "expected at least 12 fixtures, found {}",
        names.len()
    );

    // Statistics over a corpus this small must change nothing.
    let mut stats = LineStats::default();
    let texts: Vec<String> = names
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("fixture readable");
            decode(&bytes).expect("fixture is text").text.into_owned()
        })
        .collect();
    for text in &texts {
        stats.observe(text);
    }

    let mut failures = Vec::new();
    for (path, text) in names.iter().zip(&texts) {
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("json")).expect("gold beside fixture"),
        )
        .expect("gold is JSON");
        for stats in [None, Some(&stats)] {
            let got = parse(text, stats);
            let header = got.header.clone().unwrap_or_default();
            let fields = [
                (
                    "date_utc",
                    header.instant.map(|t| t.to_string()),
                    opt(&gold, "date_utc"),
                ),
                ("dateline", header.dateline.clone(), opt(&gold, "dateline")),
                ("source", header.source.clone(), opt(&gold, "source")),
                ("title", got.title.clone(), opt(&gold, "title")),
            ];
            for (name, got_v, want) in fields {
                if got_v != want {
                    failures.push(format!(
                        "{}: {name}: got {got_v:?}, want {want:?}",
                        path.display()
                    ));
                }
            }
            if got.paragraphs != list(&gold, "paragraphs") {
                failures.push(format!(
                    "{}: paragraphs: got {:#?}",
                    path.display(),
                    got.paragraphs
                ));
            }
            if got.noise != list(&gold, "noise_lines") {
                failures.push(format!("{}: noise: got {:#?}", path.display(), got.noise));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
