//! Gold test for hard-wrapped text: every article of the dev corpus (`../shared/data/corpus-dev`)
//! is wrapped again at a width between 55 and 85 columns drawn from its path, in three layouts,
//! then parsed (with corpus line statistics, as the indexer runs) and its clean body compared
//! with the gold paragraphs of `../shared/data/corpus-dev-gold`. The related-links lines stay
//! unwrapped, as headlines are; paragraphs and a footer are wrapped.
//!
//! Skipped, with a clear message, when the data is absent, unless `CI` is set.

use std::path::{Path, PathBuf};

use newsdex::clean::LineStats;
use newsdex::decode::decode;
use newsdex::parse::parse;
use serde_json::Value;

/// How a wrapped article separates its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A blank line between paragraphs; a related-links block kept together.
    Blocks,
    /// A blank line after every line, headlines included.
    DoubleSpaced,
    /// No blank lines at all.
    Packed,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

/// Greedy wrap at `width` columns, breaking at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out + &line
}

fn strings(gold: &Value, key: &str) -> Vec<String> {
    gold.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The article re-laid out: header lines as they were, then its body lines, paragraphs (and the
/// footer) wrapped.
fn relayout(text: &str, gold: &Value, layout: Layout, width: usize) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let firsts: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_empty())
        .take(2)
        .collect();
    let start = firsts
        .iter()
        .rev()
        .find(|&&i| newsdex::header::is_header_line(lines[i]))
        .map_or(0, |&i| i + 1);
    let paragraphs = strings(gold, "paragraphs");
    let footer = gold["variants"]["footer"]
        .as_bool()
        .unwrap_or(false)
        .then(|| strings(gold, "noise_lines").pop())
        .flatten();
    let mut items: Vec<String> = Vec::new();
    let mut after_noise = false;
    for line in lines[start..].iter().filter(|l| !l.is_empty()) {
        let prose = paragraphs.iter().any(|p| p == line) || footer.as_deref() == Some(line);
        if prose {
            items.push(wrap(line, width));
        } else if layout == Layout::Blocks && after_noise {
            let last = items.last_mut().expect("a noise line before");
            last.push('\n');
            last.push_str(line);
        } else {
            items.push((*line).to_string());
        }
        after_noise = !prose;
    }
    let sep = if layout == Layout::Packed {
        "\n"
    } else {
        "\n\n"
    };
    format!("{}\n\n{}\n", lines[..start].join("\n"), items.join(sep))
}

/// Whitespace collapsed: paragraph breaks inside a paragraph's text are not what is checked.
fn normalise(parts: &[String]) -> String {
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn wrapped_dev_corpus_matches_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let corpus = root.join("corpus-dev");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/data/corpus-dev not found, and CI is set: the gold test must run in CI"
        );
        println!("SKIPPED: ../shared/data/corpus-dev not found");
        return;
    }
    let mut paths = Vec::new();
    collect(&corpus, &mut paths);
    paths.sort();
    let cases: Vec<(String, String, Value)> = paths
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&corpus).expect("under corpus");
            let gold_path = root
                .join("corpus-dev-gold")
                .join(rel)
                .with_extension("json");
            let gold: Value = serde_json::from_str(
                &std::fs::read_to_string(&gold_path).expect("gold file readable"),
            )
            .expect("gold is JSON");
            let bytes = std::fs::read(path).expect("corpus file readable");
            let text = decode(&bytes).expect("corpus files are text").text;
            (rel.to_string_lossy().into_owned(), text.into_owned(), gold)
        })
        .collect();
    // (layout, the least share of articles whose body must come back)
    let floors = [
        (Layout::Blocks, 99.7),
        (Layout::DoubleSpaced, 99.5),
        (Layout::Packed, 94.5),
    ];
    for (layout, floor) in floors {
        let wrapped: Vec<String> = cases
            .iter()
            .map(|(rel, text, gold)| {
                let width = 55 + rel.bytes().map(usize::from).sum::<usize>() % 31;
                relayout(text, gold, layout, width)
            })
            .collect();
        let mut stats = LineStats::default();
        for text in &wrapped {
            stats.observe(text);
        }
        let mut ok = 0;
        let mut failed = Vec::new();
        for ((rel, _, gold), text) in cases.iter().zip(&wrapped) {
            let got = parse(text, Some(&stats));
            if normalise(&got.paragraphs) == normalise(&strings(gold, "paragraphs")) {
                ok += 1;
            } else {
                failed.push(rel.as_str());
            }
        }
        let pct = 100.0 * ok as f64 / cases.len() as f64;
        println!(
            "{layout:?}: {} files | body {pct:.2}% | first failures {:?}",
            cases.len(),
            &failed[..failed.len().min(5)]
        );
        assert!(pct >= floor, "{layout:?}: {pct:.2}% < {floor}%");
    }
}
