//! Gold tests for copies: `../shared/data/dups-dev` is indexed with the real binary and its
//! `cluster` values scored pairwise against `dups-dev-gold.tsv` (pairs in
//! `dups-dev-ambiguous.tsv` left out), as `../shared/tools/eval_dups.py` scores them. An ignored
//! test sweeps the grouping parameters on one half of the gold groups and reports the other half
//! beside it (`cargo test --release --test it -- gold_dups:: --ignored --nocapture`).
//!
//! Skipped, with a clear message, when the data is absent, unless `CI` is set.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use newsdex::dups::{Params, Sketch, group, shingle};
use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if root.join("dups-dev").is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/data/dups-dev not found, and CI is set: the gold test must run in CI"
    );
    println!("SKIPPED: ../shared/data/dups-dev not found");
    None
}

fn tsv(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .expect("gold file readable")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (a, b) = l.split_once('\t').expect("two columns");
            (a.to_string(), b.to_string())
        })
        .collect()
}

/// The gold: group per path, and the ambiguous pairs (sorted).
struct Gold {
    group: BTreeMap<String, String>,
    ambiguous: HashSet<(String, String)>,
}

impl Gold {
    fn load(root: &Path) -> Gold {
        Gold {
            group: tsv(&root.join("dups-dev-gold.tsv")).into_iter().collect(),
            ambiguous: tsv(&root.join("dups-dev-ambiguous.tsv"))
                .into_iter()
                .map(|(a, b)| if a < b { (a, b) } else { (b, a) })
                .collect(),
        }
    }

    /// Pairwise (precision, recall) of a predicted cluster per path, over the gold paths given.
    fn score(&self, paths: &[&str], cluster: &HashMap<&str, String>) -> (f64, f64) {
        let pairs = |n: u64| n * n.saturating_sub(1) / 2;
        let mut by_gold: HashMap<&str, u64> = HashMap::new();
        let mut by_pred: HashMap<&str, u64> = HashMap::new();
        let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
        for p in paths {
            let g = self.group[*p].as_str();
            let c = cluster.get(p).map_or(*p, String::as_str);
            *by_gold.entry(g).or_default() += 1;
            *by_pred.entry(c).or_default() += 1;
            *cells.entry((g, c)).or_default() += 1;
        }
        let mut gold = by_gold.values().map(|&n| pairs(n)).sum::<u64>() as i64;
        let mut pred = by_pred.values().map(|&n| pairs(n)).sum::<u64>() as i64;
        let mut correct = cells.values().map(|&n| pairs(n)).sum::<u64>() as i64;
        let present: HashSet<&str> = paths.iter().copied().collect();
        for (a, b) in &self.ambiguous {
            if !present.contains(a.as_str()) || !present.contains(b.as_str()) {
                continue;
            }
            let same_gold = self.group[a] == self.group[b];
            let cluster_of = |p: &String| cluster.get(p.as_str()).cloned().unwrap_or(p.clone());
            let same_pred = cluster_of(a) == cluster_of(b);
            gold -= i64::from(same_gold);
            pred -= i64::from(same_pred);
            correct -= i64::from(same_gold && same_pred);
        }
        let ratio = |n: i64, d: i64| if d > 0 { n as f64 / d as f64 } else { 1.0 };
        (ratio(correct, pred), ratio(correct, gold))
    }

    /// The half of the gold groups a path's group falls in (a fixed hash of its label).
    fn fold(&self, path: &str) -> u8 {
        let label = &self.group[path];
        (label.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }) % 2) as u8
    }
}

#[test]
fn dups_dev_meets_the_floors() {
    let Some(root) = shared() else { return };
    let gold = Gold::load(&root);
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("index");
    crate::common::index_quietly(&root.join("dups-dev"), &ix, &["--no-entities"]);
    let text = crate::common::export_text(&ix);
    let mut cluster: HashMap<String, String> = HashMap::new();
    for line in text.lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        cluster.insert(
            a["path"].as_str().unwrap().to_string(),
            a["cluster"].as_str().unwrap().to_string(),
        );
    }
    let paths: Vec<&str> = gold.group.keys().map(String::as_str).collect();
    assert_eq!(cluster.len(), paths.len(), "every file exported");
    let cluster: HashMap<&str, String> = cluster
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let (precision, recall) = gold.score(&paths, &cluster);
    println!("dups-dev: precision {precision:.4}, recall {recall:.4}");
    for f in 0..2 {
        let half: Vec<&str> = paths
            .iter()
            .copied()
            .filter(|p| gold.fold(p) == f)
            .collect();
        let (p, r) = gold.score(&half, &cluster);
        println!("  half {f} of the groups: precision {p:.4}, recall {r:.4}");
    }
    assert!(precision >= 0.995, "precision {precision:.4}");
    assert!(recall >= 0.97, "recall {recall:.4}");
}

/// One article as the grouping sees it.
struct Article {
    path: String,
    /// Sort key: the header's instant (or day), undated last, then the path.
    order: (i64, String),
    /// Body lines kept by the cleaner without corpus statistics.
    lines: Vec<String>,
}

fn load_articles(root: &Path, gold: &Gold) -> Vec<Article> {
    let mut out: Vec<Article> = gold
        .group
        .keys()
        .map(|rel| {
            let bytes = std::fs::read(root.join("dups-dev").join(rel)).expect("readable");
            let text = newsdex::decode::decode(&bytes).expect("text").text;
            let split = newsdex::parse::split(&text);
            let strs = split.body.as_strs();
            let noise = newsdex::clean::noise_mask_in_blocks(&strs, &split.body.after_blank, None);
            let lines = strs
                .iter()
                .zip(noise)
                .filter(|(_, n)| !n)
                .map(|(l, _)| l.to_string())
                .collect();
            let when = split.header.as_ref().and_then(|h| {
                h.instant.map(|t| t.as_second()).or_else(|| {
                    h.day
                        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
                        .map(|z| z.timestamp().as_second())
                })
            });
            Article {
                path: rel.clone(),
                order: (when.unwrap_or(i64::MAX), rel.clone()),
                lines,
            }
        })
        .collect();
    out.sort_by(|a, b| a.order.cmp(&b.order));
    out
}

/// Groups a set of articles (in canonical order) with the given shingle size and parameters.
fn clusters<'a>(articles: &[&'a Article], k: usize, params: &Params) -> HashMap<&'a str, String> {
    let sketches: Vec<Sketch> = articles
        .iter()
        .map(|a| Sketch::of(&shingle::features(a.lines.iter().map(String::as_str), k)))
        .collect();
    let refs: Vec<&Sketch> = sketches.iter().collect();
    group(&refs, params)
        .into_iter()
        .enumerate()
        .map(|(i, first)| {
            (
                articles[i].path.as_str(),
                articles[first as usize].path.clone(),
            )
        })
        .collect()
}

/// The gap between copies and other stories on one half of the gold groups, for a shingle
/// size: the containment of each article in its group's first article (what the grouping
/// checks), and the highest containment of an article in the first article of another group,
/// among pairs whose numbers agree (`numbers` or better) and among all pairs.
fn margins(half: &[&Article], gold: &Gold, k: usize, numbers: f64) -> String {
    let sketches: Vec<Sketch> = half
        .iter()
        .map(|a| Sketch::of(&shingle::features(a.lines.iter().map(String::as_str), k)))
        .collect();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, a) in half.iter().enumerate() {
        first.entry(gold.group[&a.path].as_str()).or_insert(i);
    }
    let params = Params::default();
    let mut copies = Vec::new();
    let (mut others, mut others_any) = (Vec::new(), Vec::new());
    // Numbers in common: of copies, and of other stories as alike in words as copies can be.
    let (mut copy_numbers, mut alike_numbers) = (vec![1.0f64], vec![0.0f64]);
    for (i, a) in half.iter().enumerate() {
        let g = gold.group[&a.path].as_str();
        let f = first[g];
        if f != i {
            copies.push(
                sketches[i]
                    .compare(&sketches[f], params.min_numbers)
                    .containment,
            );
        }
        let (mut best, mut best_any) = (0.0f64, 0.0f64);
        for (&h, &j) in &first {
            let pair = if a.path < half[j].path {
                (a.path.clone(), half[j].path.clone())
            } else {
                (half[j].path.clone(), a.path.clone())
            };
            if h == g || gold.ambiguous.contains(&pair) {
                continue;
            }
            let s = sketches[i].compare(&sketches[j], params.min_numbers);
            best_any = best_any.max(s.containment);
            if s.containment >= 0.5 {
                alike_numbers.extend(s.numbers);
            }
            if s.numbers.is_none_or(|n| n >= numbers) {
                best = best.max(s.containment);
            }
        }
        others.push(best);
        others_any.push(best_any);
    }
    copies.sort_by(f64::total_cmp);
    copy_numbers.sort_by(f64::total_cmp);
    alike_numbers.sort_by(|a, b| b.total_cmp(a));
    for v in [&mut others, &mut others_any] {
        v.sort_by(|a, b| b.total_cmp(a));
    }
    let at = |v: &[f64], q: f64| v[((v.len() - 1) as f64 * q) as usize];
    format!(
        "k={k}: copies' lowest containment {:.3} (0.5 % {:.3}, 1 % {:.3}); other stories' highest, numbers >= {numbers}: {:.3} (next {:.3}, {:.3}); any numbers: {:.3} (next {:.3}, {:.3}); numbers in common: copies' lowest {:.3} (next {:.3}), alike other stories' highest {:.3} (next {:.3})",
        copies[0],
        at(&copies, 0.005),
        at(&copies, 0.01),
        others[0],
        others[1],
        others[2],
        others_any[0],
        others_any[1],
        others_any[2],
        copy_numbers[0],
        copy_numbers[1.min(copy_numbers.len() - 1)],
        alike_numbers[0],
        alike_numbers[1.min(alike_numbers.len() - 1)],
    )
}

/// Sweeps shingle size, containment and numbers thresholds on half 0 of the gold groups, and
/// shows half 1 (never tuned on) beside each setting.
#[test]
#[ignore = "a measurement for choosing parameters, not a check"]
fn tune_parameters() {
    let Some(root) = shared() else { return };
    let gold = Gold::load(&root);
    let articles = load_articles(&root, &gold);
    let halves: Vec<Vec<&Article>> = (0..2)
        .map(|f| {
            articles
                .iter()
                .filter(|a| gold.fold(&a.path) == f)
                .collect()
        })
        .collect();
    for (f, half) in halves.iter().enumerate() {
        for k in [3, 4, 5] {
            println!("half {f}, {}", margins(half, &gold, k, 0.5));
        }
    }
    for (f, half) in halves.iter().enumerate() {
        let c = clusters(half, newsdex::dups::SHINGLE_WORDS, &Params::default());
        let paths: Vec<&str> = half.iter().map(|a| a.path.as_str()).collect();
        let (p, r) = gold.score(&paths, &c);
        println!("defaults, half {f}: precision {p:.4}, recall {r:.4}");
    }
    if std::env::var_os("NEWSDEX_TUNE_SWEEP").is_none() {
        return;
    }
    for k in [3, 4, 5] {
        for containment in [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8] {
            for numbers in [0.0, 0.3, 0.5, 0.7] {
                let params = Params {
                    containment,
                    numbers,
                    ..Params::default()
                };
                let mut line = format!("k={k} containment={containment:.2} numbers={numbers:.1}");
                for (f, half) in halves.iter().enumerate() {
                    let c = clusters(half, k, &params);
                    let paths: Vec<&str> = half.iter().map(|a| a.path.as_str()).collect();
                    let (p, r) = gold.score(&paths, &c);
                    line.push_str(&format!(" | half {f}: P {p:.4} R {r:.4}"));
                }
                println!("{line}");
            }
        }
    }
}

/// Prints how the articles named in `NEWSDEX_PAIRS` (`path,path;path,path`, relative to
/// `dups-dev`) compare, to see why a pair was or was not grouped.
#[test]
#[ignore = "a diagnostic, run by hand"]
fn compare_pairs() {
    let Some(root) = shared() else { return };
    let Some(pairs) = std::env::var_os("NEWSDEX_PAIRS") else {
        println!("set NEWSDEX_PAIRS=a.txt,b.txt;c.txt,d.txt");
        return;
    };
    let gold = Gold::load(&root);
    let articles = load_articles(&root, &gold);
    let find = |p: &str| {
        let a = articles
            .iter()
            .find(|a| a.path == p)
            .expect("a dups-dev path");
        Sketch::of(&shingle::features(
            a.lines.iter().map(String::as_str),
            newsdex::dups::SHINGLE_WORDS,
        ))
    };
    for pair in pairs.to_string_lossy().split(';') {
        let (a, b) = pair.split_once(',').expect("a,b");
        let (sa, sb) = (find(a), find(b));
        println!(
            "{a} ({} shingles) vs {b} ({} shingles): {:?}",
            sa.shingles,
            sb.shingles,
            sa.compare(&sb, Params::default().min_numbers)
        );
    }
}
