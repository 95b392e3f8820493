//! Training the block classifier on pages with gold snippets (the format of
//! `web-dev/gold.json`: for each page, text that must be in the extracted body and text that
//! must not), and measuring it by k-fold cross-validation with the snippet score of
//! `eval_web.py`.
//!
//! Labels come from the snippets: a block holding (part of) a "with" snippet is article text,
//! one holding a "without" snippet is not; blocks with no snippet, or with both kinds, are left
//! out of training. Folds go by site (the page URL's host), so no site is in both the training
//! and the held-out part. Logistic regression with AdaGrad and L2 decay, pages visited in a
//! seeded order: the same data gives the same model.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::blocks;
use super::dom::Dom;
use super::extract::{self, Scored, Thresholds};
use super::features::Page;
use super::model::{Model, Weights, sigmoid};
use super::{charset, meta, url};

/// One gold page: its name (the file stem), URL and snippets.
#[derive(Debug, Clone)]
pub struct GoldPage {
    /// File stem (`html/<name>.html.gz`).
    pub name: String,
    /// The page's URL, when known.
    pub url: Option<String>,
    /// Text that must be in the body.
    pub with: Vec<String>,
    /// Text that must not be.
    pub without: Vec<String>,
}

/// A page ready for training and scoring.
pub struct Prepared {
    /// The gold page.
    pub gold: GoldPage,
    /// The site it belongs to (folds never split one).
    pub site: String,
    /// Each block's feature keys.
    pub feats: Vec<Vec<u32>>,
    /// Each block's label: `Some(true)` article text, `Some(false)` not, `None` unknown.
    pub labels: Vec<Option<bool>>,
    /// Each block's text.
    pub texts: Vec<String>,
    /// The headline left out of bodies.
    pub headline: Option<String>,
    /// Block lengths and element ranges, for the decision.
    pub scored: Scored,
}

/// Settings of a training run.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// L2 decay per update.
    pub l2: f32,
    /// Seed of the page order.
    pub seed: u64,
    /// The decision thresholds to ship: the shipped `models/web.bin` was written with these
    /// defaults, which the cross-validation grid of `web train` puts within 0.001 F1 of its best.
    /// The centre also places the main container the second stage is trained with, so the
    /// context weights depend on it, not only the thresholds written.
    pub thresholds: Thresholds,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            rate: 0.1,
            l2: 1e-5,
            seed: 20_260_101,
            thresholds: Thresholds {
                inside: 0.45,
                outside: 0.45,
                center: 0.4,
            },
        }
    }
}

/// Snippet counts: "with" found, "without" found, "with" missing, "without" absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// "with" snippets found.
    pub tp: u64,
    /// "without" snippets found.
    pub fp: u64,
    /// "with" snippets missing.
    pub fn_: u64,
    /// "without" snippets absent.
    pub tn: u64,
}

impl Counts {
    /// Precision, recall and F1 as `eval_web.py snippets` computes them.
    pub fn prf(&self) -> (f64, f64, f64) {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let d = 2.0 * tp + fp + fn_;
        (p, r, if d > 0.0 { 2.0 * tp / d } else { 0.0 })
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }
}

/// Whitespace runs to one space, ends trimmed (as the scorer normalises).
pub fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores one body against a gold page's snippets.
pub fn count(gold: &GoldPage, body: &str) -> Counts {
    let t = norm_ws(body);
    let mut c = Counts::default();
    for w in &gold.with {
        if t.contains(&norm_ws(w)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for w in &gold.without {
        if t.contains(&norm_ws(w)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

/// Reads a gold file (`{name: {"url", "with", "without"}}`).
pub fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldPage>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: not JSON ({e})", path.display()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| anyhow::anyhow!("{}: expected a JSON object of pages", path.display()))?;
    let strings = |x: Option<&serde_json::Value>| -> Vec<String> {
        x.and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut pages: Vec<GoldPage> = obj
        .iter()
        .map(|(name, item)| GoldPage {
            name: name.clone(),
            url: item.get("url").and_then(|u| u.as_str()).map(str::to_string),
            with: strings(item.get("with")),
            without: strings(item.get("without")),
        })
        .collect();
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pages)
}

/// Reads a page file, gunzipping `.gz`.
pub fn read_page_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// The page file of a gold page in `dir`: `<name>.html.gz`, `.html`, `.htm`.
fn page_path(dir: &Path, name: &str) -> Option<PathBuf> {
    ["html.gz", "html", "htm", "htm.gz"]
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|p| p.is_file())
}

/// Labels blocks from snippets: the blocks a snippet's occurrences overlap.
fn labels(texts: &[String], gold: &GoldPage) -> Vec<Option<bool>> {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(texts.len());
    for t in texts {
        if !joined.is_empty() {
            joined.push(' ');
        }
        starts.push(joined.len());
        joined.push_str(t);
    }
    let block_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
    let mut pos = vec![false; texts.len()];
    let mut neg = vec![false; texts.len()];
    let mark = |snippet: &str, marks: &mut Vec<bool>, all: bool| {
        let s = norm_ws(snippet);
        if s.is_empty() {
            return;
        }
        let hits: Vec<usize> = joined.match_indices(s.as_str()).map(|(i, _)| i).collect();
        // A "with" snippet seen twice says nothing about which copy is the article's.
        if hits.is_empty() || (!all && hits.len() > 1) {
            return;
        }
        for h in hits {
            for m in &mut marks[block_at(h)..=block_at(h + s.len() - 1)] {
                *m = true;
            }
        }
    };
    for w in &gold.with {
        mark(w, &mut pos, false);
    }
    for w in &gold.without {
        mark(w, &mut neg, true);
    }
    pos.iter()
        .zip(&neg)
        .map(|(&p, &n)| match (p, n) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        })
        .collect()
}

/// Prepares one page: parse, blocks, features, labels.
fn prepare(dir: &Path, gold: &GoldPage) -> Option<Prepared> {
    let bytes = read_page_file(&page_path(dir, &gold.name)?).ok()?;
    let base = gold.url.as_deref();
    let host = base.and_then(url::host);
    let decoded = charset::decode(&bytes, None, host.as_deref());
    let dom = Dom::parse(&decoded.text);
    let m = meta::read(&dom, base);
    let headline = m.h1.clone().or(m.title.clone());
    let bl = blocks::blocks(&dom);
    let page = Page::new(&dom, &bl, headline.as_deref());
    let feats: Vec<Vec<u32>> = (0..bl.len())
        .map(|i| {
            let mut f = Vec::new();
            page.features(i, &mut f);
            f
        })
        .collect();
    let texts: Vec<String> = bl.iter().map(|b| b.text.clone()).collect();
    let scored = Scored {
        chars: bl.iter().map(|b| b.chars).collect(),
        probs: Vec::new(),
        ranges: extract::element_ranges(&dom, &page),
        groups: extract::groups(&dom, &bl),
        headings: extract::headings(&dom, &bl),
    };
    Some(Prepared {
        labels: labels(&texts, gold),
        site: host.map_or_else(
            || gold.name.clone(),
            |h| h.trim_start_matches("www.").to_string(),
        ),
        gold: gold.clone(),
        feats,
        texts,
        headline,
        scored,
    })
}

/// Reads and prepares every gold page found in `html_dir`, in parallel.
pub fn prepare_all(html_dir: &Path, gold: &[GoldPage]) -> Vec<Prepared> {
    gold.par_iter()
        .filter_map(|g| prepare(html_dir, g))
        .collect()
}

/// Fits logistic regression weights on examples (feature keys, label).
fn logistic(examples: &[(&[u32], f32)], opts: &TrainOptions) -> HashMap<u32, f32> {
    let mut w: HashMap<u32, f32> = HashMap::new();
    let mut g2: HashMap<u32, f32> = HashMap::new();
    let mut rng = opts.seed | 1;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for _ in 0..opts.epochs {
        // Fisher-Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let (feats, y) = examples[e];
            let z: f32 = feats.iter().map(|k| w.get(k).copied().unwrap_or(0.0)).sum();
            let g = sigmoid(z) - y;
            for k in feats {
                let acc = g2.entry(*k).or_insert(1e-6);
                *acc += g * g;
                let step = opts.rate / acc.sqrt();
                let wk = w.entry(*k).or_insert(0.0);
                *wk -= step * (g + opts.l2 * *wk);
            }
        }
    }
    w.retain(|_, v| v.abs() > 1e-4);
    w
}

/// The labelled blocks of pages as training examples.
fn examples<'a>(pages: &[&'a Prepared]) -> Vec<(&'a [u32], f32)> {
    let mut out = Vec::new();
    for p in pages {
        for (f, l) in p.feats.iter().zip(&p.labels) {
            if let Some(l) = l {
                out.push((f.as_slice(), if *l { 1.0 } else { 0.0 }));
            }
        }
    }
    out
}

/// Fits the first stage only on the labelled blocks of `pages`.
pub fn fit_first(pages: &[&Prepared], opts: &TrainOptions) -> Model {
    Model {
        weights: logistic(&examples(pages), opts).into_iter().collect(),
        context: Weights::default(),
        thresholds: opts.thresholds,
    }
}

/// Folds of the inner cross-validation that gives the second stage its training probabilities.
const INNER_FOLDS: usize = 4;

/// Fits both stages: the first on all of `pages`; the second on first-stage probabilities
/// each page got from a first stage trained without its site (inner cross-validation).
pub fn fit(pages: &[&Prepared], opts: &TrainOptions) -> Model {
    let first = fit_first(pages, opts);
    // Inner folds: a different split from the outer one (another hash salt).
    let inner = |p: &Prepared| fold_of(&format!("inner:{}", p.site), INNER_FOLDS);
    let mut held_probs: Vec<Vec<f32>> = vec![Vec::new(); pages.len()];
    for k in 0..INNER_FOLDS {
        let train: Vec<&Prepared> = pages.iter().copied().filter(|p| inner(p) != k).collect();
        let m = fit_first(&train, opts);
        for (i, p) in pages.iter().enumerate() {
            if inner(p) == k {
                held_probs[i] = p.feats.iter().map(|f| m.probability(f)).collect();
            }
        }
    }
    let mut ctx_feats: Vec<Vec<u32>> = Vec::new();
    let mut labels: Vec<f32> = Vec::new();
    for (p, probs) in pages.iter().zip(&held_probs) {
        let s = &p.scored;
        let main = extract::main_range(s, probs, opts.thresholds.center);
        for (i, l) in p.labels.iter().enumerate() {
            if let Some(l) = l {
                let mut f = Vec::new();
                super::context::features(probs, &s.groups, &s.chars, main.as_ref(), i, &mut f);
                ctx_feats.push(f);
                labels.push(if *l { 1.0 } else { 0.0 });
            }
        }
    }
    let ex: Vec<(&[u32], f32)> = ctx_feats
        .iter()
        .map(Vec::as_slice)
        .zip(labels.iter().copied())
        .collect();
    Model {
        context: logistic(&ex, opts).into_iter().collect(),
        ..first
    }
}

/// The body a model extracts from a prepared page with thresholds `t`.
pub fn body_of(p: &Prepared, model: &Model, t: Thresholds) -> String {
    let mut s = p.scored.clone();
    s.probs = p.feats.iter().map(|f| model.probability(f)).collect();
    let keep = extract::decide(&s, model, t);
    let head = p.headline.as_deref().map(super::features::fold);
    p.texts
        .iter()
        .zip(keep)
        .filter(|(t, k)| {
            *k && !head
                .as_deref()
                .is_some_and(|h| super::features::folds_to(t, h))
        })
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A page's held-out result: name, body, and per block its probability, whether it is in the
/// main container, its label and the start of its text.
pub type CvPage = (String, String, serde_json::Value);

/// Per block: probability, in the main container, label, first 80 characters.
fn block_details(p: &Prepared, model: &Model) -> serde_json::Value {
    let mut s = p.scored.clone();
    s.probs = p.feats.iter().map(|f| model.probability(f)).collect();
    let (probs, main) = extract::final_probs(&s, model, model.thresholds);
    let rows: Vec<serde_json::Value> = (0..p.texts.len())
        .map(|i| {
            let inside = main.as_ref().is_some_and(|m| m.contains(&(i as u32)));
            let text: String = p.texts[i].chars().take(80).collect();
            serde_json::json!([
                (probs[i] * 100.0).round() / 100.0,
                inside,
                p.labels[i],
                text
            ])
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// The fold of a site: a stable hash of its name.
pub fn fold_of(site: &str, folds: usize) -> usize {
    (crate::index::schema::fnv1a64(site.as_bytes()) % folds.max(1) as u64) as usize
}

/// The decision thresholds the cross-validation reports: (inside, outside, centre).
const GRID: &[(f32, f32, f32)] = &[
    (0.4, 0.7, 0.4),
    (0.4, 0.6, 0.4),
    (0.4, 0.5, 0.4),
    (0.5, 0.5, 0.4),
    (0.45, 0.45, 0.4),
    (0.4, 0.4, 0.4),
    (0.35, 0.6, 0.4),
    (0.4, 0.6, 0.3),
    (0.4, 0.6, 0.5),
];

/// K-fold cross-validation by site: snippet counts per threshold pair of [`GRID`], each page
/// scored by the model trained without its site; also each page's held-out body with the
/// thresholds of `opts` (page name, body).
pub fn cross_validate(
    pages: &[Prepared],
    folds: usize,
    opts: &TrainOptions,
) -> (Vec<(Thresholds, Counts)>, Vec<CvPage>) {
    let mut totals = vec![Counts::default(); GRID.len()];
    let mut bodies = Vec::new();
    for k in 0..folds {
        let train: Vec<&Prepared> = pages
            .iter()
            .filter(|p| fold_of(&p.site, folds) != k)
            .collect();
        let model = fit(&train, opts);
        let held: Vec<&Prepared> = pages
            .iter()
            .filter(|p| fold_of(&p.site, folds) == k)
            .collect();
        let per: Vec<Vec<Counts>> = held
            .par_iter()
            .map(|p| {
                GRID.iter()
                    .map(|&(i, o, c)| {
                        count(
                            &p.gold,
                            &body_of(
                                p,
                                &model,
                                Thresholds {
                                    inside: i,
                                    outside: o,
                                    center: c,
                                },
                            ),
                        )
                    })
                    .collect()
            })
            .collect();
        for row in per {
            for (t, c) in totals.iter_mut().zip(row) {
                t.add(c);
            }
        }
        bodies.extend(held.iter().map(|p| {
            let body = body_of(p, &model, opts.thresholds);
            (p.gold.name.clone(), body, block_details(p, &model))
        }));
    }
    let grid = GRID
        .iter()
        .map(|&(inside, outside, center)| Thresholds {
            inside,
            outside,
            center,
        })
        .zip(totals)
        .collect();
    bodies.sort_by(|a, b| a.0.cmp(&b.0));
    (grid, bodies)
}

/// Scores a model on pages with its own thresholds.
pub fn evaluate(pages: &[&Prepared], model: &Model) -> Counts {
    let t = model.thresholds;
    let mut c = Counts::default();
    for p in pages {
        c.add(count(&p.gold, &body_of(p, model, t)));
    }
    c
}

/// Prints P/R/F1 of counts with a label.
pub fn report(out: &mut dyn Write, label: &str, c: Counts) -> std::io::Result<()> {
    let (p, r, f) = c.prf();
    writeln!(
        out,
        "{label}: F1 {f:.4}  P {p:.4}  R {r:.4}  (tp {} fp {} fn {} tn {})",
        c.tp, c.fp, c.fn_, c.tn
    )
}
