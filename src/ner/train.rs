//! Training: an averaged perceptron over the hashed features, decoding greedily with its own
//! previous predictions (as at run time), documents visited in a seeded shuffled order, so the
//! same data always gives the same model byte for byte.

use std::io::Write;

use rayon::prelude::*;

use super::Tagger;
use super::clusters::Clusters;
use super::conll::Document;
use super::decode::{decode, decode_with};
use super::features::{Doc, START, tag_features};
use super::gazetteer::Gazetteer;
use super::hash::{IdMap, combine};
use super::model::{LABELS, Model, N_LABELS, PassRow, best_label, label_index};
use super::score::Scorer;
use super::second::aggregate_features;
use super::sink::{Grouped, group};

/// The shipped model's [`TrainOptions::min_row_weight`]: on `eng.testa` it drops a fifth of
/// the features (a smaller table, so fewer cache misses when tagging) for an F1 change under
/// 0.05; at 40 it would drop half for a 0.25 loss.
pub const MIN_ROW_WEIGHT: u16 = 30;

/// Drops the features whose weights are all below `min` in magnitude in both passes (each
/// pass's rows sorted by key, as [`Model::new`] takes them).
pub fn prune_rows(first: &[PassRow], second: &[PassRow], min: u16) -> (Vec<PassRow>, Vec<PassRow>) {
    let mut peak: IdMap<u32, u16> = IdMap::default();
    for (key, w) in first.iter().chain(second) {
        let m = w.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
        let e = peak.entry(*key).or_insert(0);
        *e = (*e).max(m);
    }
    let keep = |rows: &[PassRow]| -> Vec<PassRow> {
        rows.iter()
            .filter(|(k, _)| peak.get(k).is_some_and(|&m| m >= min))
            .copied()
            .collect()
    };
    (keep(first), keep(second))
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the document shuffle.
    pub seed: u64,
    /// Features whose largest quantised weight (either pass, any label) is below this are
    /// dropped from the shipped model ([`prune_rows`]).
    pub min_row_weight: u16,
    /// Per feature group ([`group`]), the probability that a token's features of that group
    /// are left out of one training step (feature dropout; 0 for none).
    pub dropout: [f32; group::COUNT],
    /// Feature templates left out of training (bit `t` for template `t`), so that
    /// cross-validation can measure what each brings; the model then has no weights for them.
    pub off: u128,
    /// Static features seen fewer times than this in the training data get no weight.
    pub min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 16,
            seed: 20_260_101,
            min_row_weight: MIN_ROW_WEIGHT,
            dropout: [0.0; group::COUNT],
            off: 0,
            min_count: 1,
        }
    }
}

/// One training document: its facts, every token's feature keys (static, then the second
/// pass's label features when given) and gold labels.
struct Prepared<'d, 'a> {
    doc: &'d Doc<'a>,
    feats: Vec<u32>,
    /// Each feature's dropout group ([`group_of`] its template).
    groups: Vec<u8>,
    offsets: Vec<u32>,
    gold: &'d [u8],
}

impl<'d, 'a> Prepared<'d, 'a> {
    fn new(p: &'d PreparedDoc<'a>, gold: &'d [u8], first: Option<&[u8]>, off: u128) -> Self {
        let Some(first) = first else {
            return Prepared {
                doc: &p.doc,
                feats: p.feats.keys.clone(),
                groups: p.feats.groups.clone(),
                offsets: p.offsets.clone(),
                gold,
            };
        };
        let (ef, eo) = aggregate_features(&p.doc, first, off);
        let mut feats = Vec::with_capacity(p.feats.keys.len() + ef.len());
        let mut groups = Vec::with_capacity(feats.capacity());
        let mut offsets = vec![0u32];
        for t in 0..p.doc.len() {
            let own = p.offsets[t] as usize..p.offsets[t + 1] as usize;
            feats.extend_from_slice(&p.feats.keys[own.clone()]);
            groups.extend_from_slice(&p.feats.groups[own]);
            let second = &ef[eo[t] as usize..eo[t + 1] as usize];
            feats.extend_from_slice(second);
            groups.extend(std::iter::repeat_n(group::OTHER, second.len()));
            offsets.push(feats.len() as u32);
        }
        Prepared {
            doc: &p.doc,
            feats,
            groups,
            offsets,
            gold,
        }
    }
}

/// A document's facts with the static features of every token.
pub struct PreparedDoc<'a> {
    /// The facts.
    pub doc: Doc<'a>,
    feats: Grouped,
    offsets: Vec<u32>,
}

/// A CoNLL document as a flat token list and sentence bounds.
pub fn document_tokens(d: &Document) -> (Vec<&str>, Vec<(usize, usize)>) {
    let mut words = Vec::new();
    let mut bounds = Vec::with_capacity(d.sentences.len());
    for s in &d.sentences {
        let b = words.len();
        words.extend(s.words.iter().map(String::as_str));
        bounds.push((b, words.len()));
    }
    (words, bounds)
}

/// Computes the facts and static features of documents (in parallel, order kept).
pub fn prepare<'a>(docs: &'a [Document], tagger: &Tagger, off: u128) -> Vec<PreparedDoc<'a>> {
    docs.par_iter()
        .map(|d| {
            let (words, bounds) = document_tokens(d);
            let doc = tagger.doc(words, bounds);
            let mut feats = Grouped {
                off,
                ..Grouped::default()
            };
            let mut offsets = vec![0u32];
            for (s, &(b, e)) in doc.bounds.iter().enumerate() {
                for t in b..e {
                    doc.static_features(s, t, &mut feats);
                    offsets.push(feats.keys.len() as u32);
                }
            }
            PreparedDoc {
                doc,
                feats,
                offsets,
            }
        })
        .collect()
}

struct Perceptron {
    index: IdMap<u32, u32>,
    keys: Vec<u32>,
    w: Vec<[f32; N_LABELS]>,
    u: Vec<[f64; N_LABELS]>,
    c: f64,
}

impl Perceptron {
    fn row(&mut self, key: u32) -> usize {
        let next = self.keys.len() as u32;
        let r = *self.index.entry(key).or_insert(next);
        if r == next {
            self.keys.push(key);
            self.w.push([0.0; N_LABELS]);
            self.u.push([0.0f64; N_LABELS]);
        }
        r as usize
    }

    fn update(&mut self, row: usize, gold: usize, pred: usize) {
        let c = self.c;
        self.w[row][gold] += 1.0;
        self.u[row][gold] += c;
        self.w[row][pred] -= 1.0;
        self.u[row][pred] -= c;
    }

    fn export(&self) -> Vec<PassRow> {
        let avg: Vec<[f32; N_LABELS]> = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| {
                std::array::from_fn(|l| (f64::from(w[l]) - u[l] / self.c.max(1.0)) as f32)
            })
            .collect();
        let max = avg
            .iter()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = 32_000.0 / max;
        let mut rows: Vec<(u32, [i16; N_LABELS])> = Vec::new();
        for (key, r) in self.keys.iter().zip(&avg) {
            let q: [i16; N_LABELS] = std::array::from_fn(|l| (r[l] * scale).round() as i16);
            if q.iter().any(|x| *x != 0) {
                rows.push((*key, q));
            }
        }
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// A seeded xorshift generator (the shuffle must not depend on the platform).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Trains a model; when `dev` is given, logs its scores after every epoch. The second pass
/// is trained on first-pass labels obtained by 4-fold jackknifing over the training documents.
pub fn train(
    train_docs: &[Document],
    dev_docs: Option<&[Document]>,
    gaz: &Gazetteer,
    clusters: &Clusters,
    opts: TrainOptions,
    log: &mut dyn Write,
) -> std::io::Result<Model> {
    let gaz = gaz.clone();
    let mut tagger = Tagger::new(Model::new(&[], None, clusters.clone()), gaz);
    let docs = prepare(train_docs, &tagger, opts.off);
    let golds: Vec<Vec<u8>> = train_docs
        .iter()
        .map(|doc| {
            doc.sentences
                .iter()
                .flat_map(|s| s.tags.iter().map(|t| label_index(t) as u8))
                .collect()
        })
        .collect();
    let dev = dev_docs.map(|d| (d, prepare(d, &tagger, opts.off)));
    let first_items: Vec<Prepared> = docs
        .iter()
        .zip(&golds)
        .map(|(p, g)| Prepared::new(p, g, None, opts.off))
        .collect();
    writeln!(log, "{} training documents; first pass", docs.len())?;
    let first = run_perceptron(&first_items, opts, log, &mut |w, log| {
        model_report(w, None, clusters, dev.as_ref(), log)
    })?;
    // Jackknifed first-pass labels for the training documents.
    const FOLDS: usize = 4;
    let mut first_labels: Vec<Vec<u8>> = vec![Vec::new(); docs.len()];
    for fold in 0..FOLDS {
        let items: Vec<Prepared> = docs
            .iter()
            .zip(&golds)
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, (p, g))| Prepared::new(p, g, None, opts.off))
            .collect();
        let fold_opts = TrainOptions {
            seed: opts.seed + fold as u64 + 1,
            ..opts
        };
        let w = run_perceptron(&items, fold_opts, &mut std::io::sink(), &mut |_, _| Ok(()))?;
        let model = Model::new(&w, None, Clusters::default());
        for (i, p) in docs.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
            first_labels[i] = decode_with(&model, &p.doc, false);
        }
        writeln!(log, "jackknife fold {} done", fold + 1)?;
    }
    let second_items: Vec<Prepared> = docs
        .iter()
        .zip(&golds)
        .zip(&first_labels)
        .map(|((p, g), f)| Prepared::new(p, g, Some(f), opts.off))
        .collect();
    writeln!(log, "second pass")?;
    let second = run_perceptron(&second_items, opts, log, &mut |w, log| {
        model_report(&first, Some(w), clusters, dev.as_ref(), log)
    })?;
    let (first, second) = prune_rows(&first, &second, opts.min_row_weight);
    tagger.model = Model::new(&first, Some(&second), clusters.clone());
    Ok(tagger.model)
}

type DevSet<'a> = (&'a [Document], Vec<PreparedDoc<'a>>);

fn model_report(
    first: &[PassRow],
    second: Option<&[PassRow]>,
    clusters: &Clusters,
    dev: Option<&DevSet>,
    log: &mut dyn Write,
) -> std::io::Result<()> {
    let Some((docs, prepared)) = dev else {
        return Ok(());
    };
    let model = Model::new(first, second, clusters.clone());
    let s = evaluate(&model, docs, prepared);
    let (_, _, f) = s.overall().prf();
    write!(log, ", dev overall F1 {:.2}", f * 100.0)?;
    for k in ["PER", "LOC", "ORG", "MISC"] {
        let (_, _, f) = s.counts(k).unwrap_or_default().prf();
        write!(log, " {k} {:.2}", f * 100.0)?;
    }
    Ok(())
}

type Report<'r> = dyn FnMut(&[PassRow], &mut dyn Write) -> std::io::Result<()> + 'r;

fn run_perceptron(
    items: &[Prepared],
    opts: TrainOptions,
    log: &mut dyn Write,
    report: &mut Report,
) -> std::io::Result<Vec<PassRow>> {
    let mut p = Perceptron {
        index: IdMap::default(),
        keys: Vec::new(),
        w: Vec::new(),
        u: Vec::new(),
        c: 1.0,
    };
    let mut seen: IdMap<u32, u32> = IdMap::default();
    if opts.min_count > 1 {
        for it in items {
            for &k in &it.feats {
                *seen.entry(k).or_default() += 1;
            }
        }
    }
    let rare = |k: u32| opts.min_count > 1 && seen.get(&k).is_none_or(|&n| n < opts.min_count);
    let rows: Vec<Vec<u32>> = items
        .iter()
        .map(|it| {
            it.feats
                .iter()
                .map(|&k| if rare(k) { RARE } else { p.row(k) as u32 })
                .collect()
        })
        .collect();
    let mut rng = Rng(opts.seed | 1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &d in &order {
            let drop = Dropout {
                p: opts.dropout,
                seed: combine(opts.seed, combine(epoch as u64, d as u64)),
            };
            errors += train_doc(&mut p, &items[d], &rows[d], &drop);
        }
        write!(log, "epoch {epoch}: {errors} token errors")?;
        if epoch == opts.epochs || epoch % 4 == 0 {
            report(&p.export(), log)?;
        }
        writeln!(log)?;
    }
    Ok(p.export())
}

/// The row of a static feature too rare to learn from ([`TrainOptions::min_count`]).
const RARE: u32 = u32::MAX;

/// Which feature groups one document's tokens leave out in one epoch.
struct Dropout {
    /// Per group, the probability of leaving it out.
    p: [f32; group::COUNT],
    /// Seed for this document and epoch.
    seed: u64,
}

impl Dropout {
    /// The groups token `t` leaves out, as bits (`1 << group`).
    fn mask(&self, t: usize) -> u8 {
        let mut mask = 0u8;
        for (g, &p) in self.p.iter().enumerate() {
            if p > 0.0 {
                let r = combine(self.seed, (t as u64) << 8 | g as u64);
                if ((r >> 40) as f32) < p * (1u64 << 24) as f32 {
                    mask |= 1 << g;
                }
            }
        }
        mask
    }
}

/// One pass of greedy decoding over a document with updates on errors. Every token is
/// scored and teaches: the run-time skipping of tokens that cannot be entities
/// ([`super::decode::scored`]) changes the F1 by less than 0.1, training with it costs more.
/// The feature groups `drop` leaves out of a token are neither scored nor updated.
fn train_doc(p: &mut Perceptron, d: &Prepared, rows: &[u32], drop: &Dropout) -> usize {
    let mut errors = 0;
    let mut kept: Vec<u32> = Vec::with_capacity(128);
    for &(b, e) in &d.doc.bounds {
        let (mut p1, mut p2) = (START, START);
        for t in b..e {
            let gold = d.gold[t] as usize;
            let dynamic = tag_features(&d.doc.infos[t], p1, p2);
            let span = d.offsets[t] as usize..d.offsets[t + 1] as usize;
            let mask = drop.mask(t);
            kept.clear();
            kept.extend(
                rows[span.clone()]
                    .iter()
                    .zip(&d.groups[span])
                    .filter(|(r, g)| **r != RARE && mask & (1 << **g) == 0)
                    .map(|(r, _)| *r),
            );
            let stat = &kept[..];
            let mut scores = [0f32; N_LABELS];
            for &r in stat {
                for (s, x) in scores.iter_mut().zip(&p.w[r as usize]) {
                    *s += x;
                }
            }
            for &f in &dynamic {
                if let Some(&r) = p.index.get(&f) {
                    for (s, x) in scores.iter_mut().zip(&p.w[r as usize]) {
                        *s += x;
                    }
                }
            }
            let pred = best_label(&scores, p1);
            if pred != gold {
                errors += 1;
                for &r in stat {
                    p.update(r as usize, gold, pred);
                }
                for &f in &dynamic {
                    let r = p.row(f);
                    p.update(r, gold, pred);
                }
            }
            p.c += 1.0;
            p2 = p1;
            p1 = pred;
        }
    }
    errors
}

/// Tags prepared documents with `model` and scores them against their gold tags.
pub fn evaluate(model: &Model, docs: &[Document], prepared: &[PreparedDoc]) -> Scorer {
    let mut scorer = Scorer::default();
    for (doc, p) in docs.iter().zip(prepared) {
        let pred = decode(model, &p.doc);
        for (s, &(b, e)) in doc.sentences.iter().zip(&p.doc.bounds) {
            let tags: Vec<&str> = pred[b..e].iter().map(|&l| LABELS[l as usize]).collect();
            scorer.add(&s.tags, &tags);
        }
    }
    scorer
}

#[cfg(test)]
mod prune_tests {
    use super::*;

    #[test]
    fn prune_rows_keeps_a_feature_strong_in_either_pass() {
        let first = vec![
            (1u32, [5i16; 9]),
            (2, [0, 0, 0, 0, 0, 0, 0, 0, -40]),
            (3, [29; 9]),
        ];
        let second = vec![(1u32, [0, 31, 0, 0, 0, 0, 0, 0, 0]), (4, [-29; 9])];
        let (f, s) = prune_rows(&first, &second, 30);
        assert_eq!(f.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(s.iter().map(|r| r.0).collect::<Vec<_>>(), [1]);
        let (f, s) = prune_rows(&first, &second, 0);
        assert_eq!((f, s), (first, second));
    }
}
