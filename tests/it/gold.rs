//! Gold test: parses every file of the dev corpus (`../shared/data/corpus-dev`) and compares the
//! header fields, title, paragraphs and noise with the hand-checked answers in
//! `../shared/data/corpus-dev-gold`, with corpus line statistics (as the indexer runs) and without.
//!
//! Skipped, with a clear message, when the data is absent, unless `CI` is set.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use newsdex::clean::LineStats;
use newsdex::decode::decode;
use newsdex::parse::parse;
use serde_json::Value;

/// One corpus file and its gold answer.
struct Case {
    rel: String,
    bytes: Vec<u8>,
    gold: Value,
}

/// Match counts per field.
#[derive(Default)]
struct Rates {
    files: usize,
    date: usize,
    source: usize,
    dateline: usize,
    title: usize,
    paragraphs: usize,
    noise_gone: usize,
    noise_exact: usize,
    encoding: usize,
}

impl Rates {
    fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.files.max(1) as f64
    }

    fn report(&self, label: &str) -> String {
        format!(
            "{label}: {} files | date {:.2}% | source {:.2}% | dateline {:.2}% | title {:.2}% | \
             paragraphs {:.2}% | noise gone {:.2}% | noise exact {:.2}% | encoding {:.2}%",
            self.files,
            self.pct(self.date),
            self.pct(self.source),
            self.pct(self.dateline),
            self.pct(self.title),
            self.pct(self.paragraphs),
            self.pct(self.noise_gone),
            self.pct(self.noise_exact),
            self.pct(self.encoding),
        )
    }
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

fn load(corpus: &Path, gold_dir: &Path) -> Vec<Case> {
    let mut paths = Vec::new();
    collect(corpus, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(corpus)
                .expect("under corpus")
                .to_string_lossy()
                .into_owned();
            let gold_path = gold_dir.join(&rel).with_extension("json");
            let gold = std::fs::read_to_string(&gold_path).expect("gold file readable");
            Case {
                bytes: std::fs::read(&path).expect("corpus file readable"),
                gold: serde_json::from_str(&gold).expect("gold is JSON"),
                rel,
            }
        })
        .collect()
}

fn str_field(gold: &Value, key: &str) -> Option<String> {
    gold.get(key).and_then(Value::as_str).map(str::to_string)
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

/// Scores every case; mismatching files are described in the returned log.
fn score(cases: &[Case], stats: Option<&LineStats>) -> (Rates, String) {
    let mut r = Rates::default();
    let mut log = String::new();
    for case in cases {
        r.files += 1;
        let decoded = decode(&case.bytes).expect("corpus files are text");
        let got = parse(&decoded.text, stats);
        let header = got.header.clone().unwrap_or_default();
        let g = &case.gold;
        let date = header.instant.map(|t| t.to_string());
        let checks = [
            date == str_field(g, "date_utc"),
            header.source == str_field(g, "source"),
            header.dateline == str_field(g, "dateline"),
            got.title == str_field(g, "title"),
            got.paragraphs == strings(g, "paragraphs"),
            strings(g, "noise_lines")
                .iter()
                .all(|n| !got.paragraphs.contains(n)),
            got.noise == strings(g, "noise_lines"),
            str_field(g, "encoding").as_deref() == Some(decoded.encoding.name()),
        ];
        let counters = [
            &mut r.date,
            &mut r.source,
            &mut r.dateline,
            &mut r.title,
            &mut r.paragraphs,
            &mut r.noise_gone,
            &mut r.noise_exact,
            &mut r.encoding,
        ];
        for (ok, counter) in checks.iter().zip(counters) {
            *counter += usize::from(*ok);
        }
        if checks.iter().any(|ok| !ok) {
            let want = strings(g, "noise_lines");
            let extra: Vec<&String> = got.noise.iter().filter(|n| !want.contains(n)).collect();
            let missed: Vec<&String> = want.iter().filter(|n| !got.noise.contains(n)).collect();
            let _ = writeln!(
                log,
                "{} {checks:?}\n  dropped: {extra:?}\n  kept: {missed:?}",
                case.rel
            );
        }
    }
    (r, log)
}

#[test]
fn dev_corpus_matches_gold() {
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
    let cases = load(&corpus, &root.join("corpus-dev-gold"));
    assert!(
        !cases.is_empty(),
        "no .txt files under {}",
        corpus.display()
    );

    let mut stats = LineStats::default();
    for case in &cases {
        stats.observe(&decode(&case.bytes).expect("text").text);
    }
    let (with, log_with) = score(&cases, Some(&stats));
    let (without, log_without) = score(&cases, None);
    println!("{}", with.report("with stats   "));
    println!("{}", without.report("without stats"));
    if let Some(dir) = std::env::var_os("NEWSDEX_GOLD_LOG") {
        let dir = PathBuf::from(dir);
        std::fs::write(dir.join("gold-with.log"), &log_with).expect("log written");
        std::fs::write(dir.join("gold-without.log"), &log_without).expect("log written");
    }

    let n = with.files;
    assert_eq!(with.date, n, "dates:\n{log_with}");
    assert_eq!(with.source, n, "sources");
    assert!(with.pct(with.dateline) >= 99.9, "datelines");
    assert!(with.pct(with.title) >= 99.9, "titles");
    assert!(with.pct(with.paragraphs) >= 99.5, "paragraphs with stats");
    assert!(
        without.pct(without.paragraphs) >= 99.4,
        "paragraphs without stats"
    );
}

/// Parse+clean throughput on the dev corpus, single-threaded; run with
/// `cargo test --release --test it -- gold:: --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn parse_throughput() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpus-dev");
    if !corpus.is_dir() {
        println!("SKIPPED: ../shared/data/corpus-dev not found");
        return;
    }
    let mut paths = Vec::new();
    collect(&corpus, &mut paths);
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| decode(&b).ok().map(|d| d.text.into_owned()))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut stats = LineStats::default();
    let start = std::time::Instant::now();
    for text in &texts {
        stats.observe(text);
    }
    let observe = start.elapsed().as_secs_f64();
    for (label, stats) in [("without stats", None), ("with stats", Some(&stats))] {
        let start = std::time::Instant::now();
        let mut paragraphs = 0;
        for _ in 0..3 {
            for text in &texts {
                paragraphs += parse(text, stats).paragraphs.len();
            }
        }
        let secs = start.elapsed().as_secs_f64() / 3.0;
        println!(
            "parse+clean {label}: {:.1} MB in {secs:.3} s = {:.0} MB/s ({paragraphs} paragraphs)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
    println!(
        "LineStats::observe: {:.0} MB/s",
        bytes as f64 / 1e6 / observe
    );
}
