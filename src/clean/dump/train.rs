//! Training the page-dump model from labelled dumps ([`gold`](super::gold) labels), and
//! measuring it honestly: k-fold cross-validation with folds by site, each fold's model trained
//! on the other folds only, scored on the held-out fold's gold snippets.
//!
//! The lexicon is learnt from the training pages; the trees must learn from lexicon features as
//! they will be at run time, on pages the lexicon never saw, so a training page's lexicon
//! features come from a lexicon of the other training pages (four inner folds).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::features::{Row, page_features};
use super::gold::{self, GoldItem, Snippets};
use super::lexicon::{LabelledWords, Lexicon};
use super::model::Model;
use super::page::{Page, for_each_word};
use super::trees::{self, Params};

/// Inner folds for the training pages' lexicon features.
const INNER_FOLDS: u64 = 4;
/// The default probability threshold of trained models.
pub const THRESHOLD: f32 = 0.5;

/// One dump prepared for training: text, site, gold and line labels.
pub struct Prepared {
    /// The item name (file name without `.txt`).
    pub name: String,
    /// The site, for grouping folds.
    pub site: String,
    /// The decoded text.
    pub text: String,
    /// The page's gold snippets, if any.
    pub gold: Option<GoldItem>,
    /// Per line: (article, weight), or `None` when unlabelled.
    pub labels: Vec<Option<(bool, f32)>>,
    /// Per line: its distinct word keys (words with a letter).
    pub words: Vec<Vec<u32>>,
}

/// Reads every `.txt` file under `dumps` (sorted) and labels its lines from the gold snippets
/// and, when given, a reference extraction.
pub fn prepare(
    dumps: &Path,
    gold: &BTreeMap<String, GoldItem>,
    reference: Option<&HashMap<String, String>>,
) -> anyhow::Result<Vec<Prepared>> {
    let mut paths = Vec::new();
    collect(dumps, &mut paths)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the folder: {e}", dumps.display()))?;
    paths.sort();
    if paths.is_empty() {
        anyhow::bail!("{}: no .txt page dumps found", dumps.display());
    }
    let pages = paths
        .par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| eprintln!("{}: skipped: {e}", path.display()))
                .ok()?;
            let text = crate::decode::decode(&bytes)
                .map_err(|e| eprintln!("{}: skipped: {e}", path.display()))
                .ok()?
                .text
                .into_owned();
            let name = gold::item_name(&path.to_string_lossy()).to_string();
            let item = gold.get(&name).cloned();
            let page = Page::new(&text);
            let labels = gold::labels(
                &page,
                item.as_ref(),
                reference.and_then(|r| r.get(&name)).map(String::as_str),
            );
            let words = page.lines.iter().map(|l| line_words(&l.text)).collect();
            let site = gold::site(&name, item.as_ref().and_then(|g| g.url.as_deref()));
            Some(Prepared {
                name,
                site,
                text,
                gold: item,
                labels,
                words,
            })
        })
        .collect();
    Ok(pages)
}

/// Every `.txt` file under a folder.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The distinct word keys of a line (words with a letter), sorted.
fn line_words(line: &str) -> Vec<u32> {
    let mut v = Vec::new();
    for_each_word(line, |w| {
        if w.has_letter {
            v.push(w.key);
        }
    });
    v.sort_unstable();
    v.dedup();
    v
}

/// The fold of a site among `k`, stable across runs.
pub fn fold_of(site: &str, k: u64) -> u64 {
    crate::ner::hash::finalize(crate::ner::hash::hash_str(site)) % k.max(1)
}

/// The lexicon of some pages' labelled lines.
fn lexicon_of(pages: &[&Prepared]) -> Lexicon {
    let labelled: Vec<Vec<LabelledWords>> = pages
        .iter()
        .map(|p| {
            p.labels
                .iter()
                .zip(&p.words)
                .filter_map(|(l, w)| l.map(|(article, _)| LabelledWords { words: w, article }))
                .collect()
        })
        .collect();
    Lexicon::build(labelled.iter().map(Vec::as_slice))
}

/// The labelled lines of some pages as feature rows, pages in order, lines in order.
struct Rows {
    rows: Vec<Row>,
    labels: Vec<bool>,
    weights: Vec<f32>,
}

/// Trains a model on pages: each page's line features use the lexicon of the training pages
/// outside its inner fold (as at run time, where the lexicon never saw the page), the trees
/// learn from every labelled line, and the shipped lexicon is that of all the pages.
pub fn fit(pages: &[&Prepared], params: &Params, threshold: f32) -> Model {
    let inner: Vec<u64> = pages
        .iter()
        .map(|p| fold_of(&format!("inner:{}", p.site), INNER_FOLDS))
        .collect();
    let mut page_rows: Vec<Vec<Row>> = vec![Vec::new(); pages.len()];
    for q in 0..INNER_FOLDS {
        let outside: Vec<&Prepared> = (0..pages.len())
            .filter(|&i| inner[i] != q)
            .map(|i| pages[i])
            .collect();
        let lexicon = lexicon_of(&outside);
        let computed: Vec<(usize, Vec<Row>)> = (0..pages.len())
            .into_par_iter()
            .filter(|&i| inner[i] == q)
            .map(|i| (i, page_features(&Page::new(&pages[i].text), &lexicon)))
            .collect();
        for (i, rows) in computed {
            page_rows[i] = rows;
        }
    }
    let rows = labelled_rows(pages, &page_rows);
    let refs: Vec<&[f32]> = rows.rows.iter().map(|r| r.as_slice()).collect();
    let forest = trees::train(&refs, &rows.labels, &rows.weights, params);
    Model::new(lexicon_of(pages), forest, threshold)
}

/// The labelled lines of the pages.
fn labelled_rows(pages: &[&Prepared], page_rows: &[Vec<Row>]) -> Rows {
    let mut out = Rows {
        rows: Vec::new(),
        labels: Vec::new(),
        weights: Vec::new(),
    };
    for (i, p) in pages.iter().enumerate() {
        for (row, l) in page_rows[i].iter().zip(&p.labels) {
            if let Some((y, w)) = l {
                out.rows.push(*row);
                out.labels.push(*y);
                out.weights.push(*w);
            }
        }
    }
    out
}

/// The article text the model keeps from a page, paragraphs joined by newlines.
pub fn body(model: &Model, text: &str) -> String {
    super::clean_with(text, model).paragraphs.join("\n")
}

/// Scores a model on the pages with gold snippets.
pub fn evaluate(pages: &[&Prepared], model: &Model) -> Snippets {
    let counts: Vec<(usize, usize, usize)> = pages
        .par_iter()
        .filter_map(|p| {
            let g = p.gold.as_ref()?;
            Some(gold::snippet_counts(g, &body(model, &p.text)))
        })
        .collect();
    let mut s = Snippets::default();
    counts.into_iter().for_each(|c| s.add(c));
    s
}

/// One page's held-out result in cross-validation.
pub struct HeldOut {
    /// The item name.
    pub name: String,
    /// The fold it was held out in.
    pub fold: u64,
    /// The article text kept by the model that did not see the page.
    pub body: String,
}

/// K-fold cross-validation by site: each page cleaned by a model trained on the other folds.
/// Per fold, the snippet score of its pages with gold; and every page's held-out body.
pub fn cross_validate(
    pages: &[Prepared],
    folds: u64,
    params: &Params,
    threshold: f32,
) -> (Vec<Snippets>, Vec<HeldOut>) {
    let mut scores = Vec::new();
    let mut held = Vec::new();
    for f in 0..folds {
        let (test, train): (Vec<&Prepared>, Vec<&Prepared>) =
            pages.iter().partition(|p| fold_of(&p.site, folds) == f);
        let model = fit(&train, params, threshold);
        let bodies: Vec<String> = test.par_iter().map(|p| body(&model, &p.text)).collect();
        let mut s = Snippets::default();
        for (p, b) in test.iter().zip(bodies) {
            if let Some(g) = &p.gold {
                s.add(gold::snippet_counts(g, &b));
            }
            held.push(HeldOut {
                name: p.name.clone(),
                fold: f,
                body: b,
            });
        }
        scores.push(s);
    }
    held.sort_by(|a, b| a.name.cmp(&b.name));
    (scores, held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stable_and_spread() {
        let sites: Vec<String> = (0..200).map(|i| format!("site{i}.example")).collect();
        let mut sizes = [0usize; 5];
        for s in &sites {
            let f = fold_of(s, 5);
            assert_eq!(f, fold_of(s, 5));
            sizes[f as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| (20..=60).contains(&n)), "{sizes:?}");
        assert_eq!(line_words("Die die DIE 2019 x"), {
            let mut v = vec![
                super::super::page::word_key("die"),
                super::super::page::word_key("x"),
            ];
            v.sort_unstable();
            v
        });
    }
}
