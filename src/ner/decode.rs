//! Greedy two-pass decoding with the IOB2 constraint. At run time only tokens that may be
//! part of an entity are scored: candidates ([`Doc::candidate`]: capitalised words, less sentence-initial
//! common words) and a token right after an entity label that may continue it
//! ([`Doc::continues`]: not a long lower-case word); every other token is `O`. A
//! sentence without candidates is all `O` in both passes. Each scored token's static features
//! are expanded and looked up once: the lookup returns both passes' weights, so the second
//! pass only adds its label features.

use super::features::{Doc, START, tag_features};
use super::model::{Model, N_LABELS, best_label};
use super::second::FirstPass;
use super::table::SlotCache;

/// Is `label` (or `START`) an entity label, after which any token is scored?
#[inline]
pub fn after_entity(label: usize) -> bool {
    (1..N_LABELS).contains(&label)
}

/// Is token `t` scored when the previous label is `p1`? (Always when `skip` is off.)
#[inline]
pub fn scored(doc: &Doc, t: usize, p1: usize, skip: bool) -> bool {
    !skip || doc.candidate[t] || (after_entity(p1) && doc.continues(t))
}

#[inline]
fn add_pass(sum: &mut [i32; N_LABELS], row: &[i16; 2 * N_LABELS], pass: usize) {
    for (s, &w) in sum.iter_mut().zip(&row[pass * N_LABELS..]) {
        *s += i32::from(w);
    }
}

/// Reusable per-document buffers.
#[derive(Default)]
struct Scratch {
    feats: Vec<u32>,
    /// Per token: where its static scores are in `sums` (`u32::MAX` until computed).
    at: Vec<u32>,
    /// Both passes' static scores of the tokens computed so far.
    sums: Vec<[i32; 2 * N_LABELS]>,
    /// Row numbers of the features being summed.
    rows: Vec<u32>,
}

impl Scratch {
    /// The static scores of token `t` of sentence `s` (computed on first use): the sum of
    /// its word features (cached per thread, see [`WORD_CACHE`]), of its neighbours' features
    /// (cached likewise, see [`NEIGHBOUR_CACHE`]) and of its other context features.
    #[inline]
    fn sums(&mut self, model: &Model, doc: &Doc, s: usize, t: usize) -> &[i32; 2 * N_LABELS] {
        if self.at[t] == u32::MAX {
            let (feats, rows) = (&mut self.feats, &mut self.rows);
            let mut sum = WORD_CACHE.with_borrow_mut(|cache| {
                cache.get_or(model.weights.id(), doc.infos[t].word, || {
                    feats.clear();
                    doc.word_features(t, feats);
                    let mut sum = [0i32; 2 * N_LABELS];
                    model.weights.sum_into(feats, &mut sum, rows);
                    sum
                })
            });
            for side in [-1, 1] {
                let x = doc.neighbour(s, t, side);
                let (feats, rows) = (&mut self.feats, &mut self.rows);
                let mut compute = || {
                    feats.clear();
                    doc.neighbour_features(x, side, feats);
                    let mut part = [0i32; 2 * N_LABELS];
                    model.weights.sum_into(feats, &mut part, rows);
                    part
                };
                let part = match x {
                    // Keyed by the neighbour's word, one cache per side.
                    Some(k) => NEIGHBOUR_CACHE.with_borrow_mut(|caches| {
                        caches[usize::from(side > 0)].get_or(
                            model.weights.id(),
                            doc.infos[k].word,
                            compute,
                        )
                    }),
                    None => compute(),
                };
                for (a, b) in sum.iter_mut().zip(part) {
                    *a += b;
                }
            }
            self.feats.clear();
            doc.inner_context_features(s, t, &mut self.feats);
            model
                .weights
                .sum_into(&self.feats, &mut sum, &mut self.rows);
            self.at[t] = self.sums.len() as u32;
            self.sums.push(sum);
        }
        &self.sums[self.at[t] as usize]
    }
}

/// Slots of a thread's [`WORD_CACHE`] (a power of two).
const WORD_SLOTS: usize = 8192;
/// Slots of each of a thread's two [`NEIGHBOUR_CACHE`]s (a power of two).
const NEIGHBOUR_SLOTS: usize = 4096;

thread_local! {
    /// Per thread, the sums of the word features ([`Doc::word_features`]) of recently scored
    /// words, by word hash: names recur across articles, and each hit saves about fifteen table
    /// lookups. Tied to one weight table ([`super::model::Weights::id`]).
    static WORD_CACHE: std::cell::RefCell<SlotCache<[i32; 2 * N_LABELS], WORD_SLOTS>> =
        const { std::cell::RefCell::new(SlotCache::new()) };
    /// Per thread and side (before, after), the sums of the [`Doc::neighbour_features`] that
    /// recent words gave the token beside them, by word hash: most neighbours are common words,
    /// and each hit saves four or five table lookups.
    static NEIGHBOUR_CACHE: std::cell::RefCell<[SlotCache<[i32; 2 * N_LABELS], NEIGHBOUR_SLOTS>; 2]> =
        const { std::cell::RefCell::new([SlotCache::new(), SlotCache::new()]) };
}

/// Tags a document: label indices in document order (first pass, then the second pass when
/// the model has one), scoring only the tokens that may be part of an entity.
pub fn decode(model: &Model, doc: &Doc) -> Vec<u8> {
    decode_with(model, doc, true)
}

/// Tags a document, scoring every token when `skip` is off (as in training: the model learns
/// from every token, so that it scores well whatever is skipped at run time).
pub fn decode_with(model: &Model, doc: &Doc, skip: bool) -> Vec<u8> {
    let n = doc.len();
    let mut scratch = Scratch {
        feats: Vec::with_capacity(128),
        at: vec![u32::MAX; n],
        sums: Vec::with_capacity(n / 4),
        rows: Vec::with_capacity(128),
    };
    let busy: Vec<usize> = (0..doc.bounds.len())
        .filter(|&s| {
            let (b, e) = doc.bounds[s];
            !skip || doc.candidate[b..e].contains(&true)
        })
        .collect();
    let first = greedy(doc, &busy, skip, |s, t, p1, p2| {
        let mut scores = [0i32; N_LABELS];
        scores.copy_from_slice(&scratch.sums(model, doc, s, t)[..N_LABELS]);
        for f in tag_features(&doc.infos[t], p1, p2) {
            if let Some(row) = model.weights.get(f) {
                add_pass(&mut scores, row, 0);
            }
        }
        scores
    });
    if !model.second {
        return first;
    }
    let pass = FirstPass::new(doc, &first);
    greedy(doc, &busy, skip, |s, t, p1, p2| {
        let mut scores = [0i32; N_LABELS];
        scores.copy_from_slice(&scratch.sums(model, doc, s, t)[N_LABELS..]);
        scratch.feats.clear();
        pass.features(doc, doc.bounds[s], t, &mut scratch.feats);
        scratch
            .feats
            .extend_from_slice(&tag_features(&doc.infos[t], p1, p2));
        for &f in &scratch.feats {
            if let Some(row) = model.weights.get(f) {
                add_pass(&mut scores, row, 1);
            }
        }
        scores
    })
}

/// One greedy left-to-right pass over the `busy` sentences: each token that [`scored`] is
/// given the best label its `scores(sentence, token, previous label, the one before)` allow
/// after the previous label; every other token is `O`.
fn greedy(
    doc: &Doc,
    busy: &[usize],
    skip: bool,
    mut scores: impl FnMut(usize, usize, usize, usize) -> [i32; N_LABELS],
) -> Vec<u8> {
    let mut out = vec![0u8; doc.len()];
    for &s in busy {
        let (b, e) = doc.bounds[s];
        let (mut p1, mut p2) = (START, START);
        for (t, label) in (b..e).zip(&mut out[b..e]) {
            let best = if scored(doc, t, p1, skip) {
                best_label(&scores(s, t, p1, p2), p1)
            } else {
                0
            };
            *label = best as u8;
            p2 = p1;
            p1 = best;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::Tagger;

    #[test]
    fn cached_word_sums_equal_the_direct_sums() {
        let tagger = Tagger::embedded().unwrap();
        let model = &tagger.model;
        let text = "Sean McCormack said Rice met Sharif in Islamabad . McCormack left Islamabad .";
        let words: Vec<&str> = text.split(' ').collect();
        let doc = tagger.doc(words, vec![(0, 9), (9, 13)]);
        let mut scratch = Scratch {
            at: vec![u32::MAX; doc.len()],
            ..Scratch::default()
        };
        // Twice over, so the second sentence and the second round hit the cache.
        for _ in 0..2 {
            scratch.at.fill(u32::MAX);
            for (s, &(b, e)) in doc.bounds.iter().enumerate() {
                for t in b..e {
                    let mut feats = Vec::new();
                    doc.static_features(s, t, &mut feats);
                    let mut want = [0i32; 2 * N_LABELS];
                    model.weights.sum_into(&feats, &mut want, &mut Vec::new());
                    assert_eq!(*scratch.sums(model, &doc, s, t), want, "token {t}");
                }
            }
        }
        // Another table must not see this one's cached sums.
        let other = Model::default();
        let mut empty = Scratch {
            at: vec![u32::MAX; doc.len()],
            ..Scratch::default()
        };
        assert_eq!(*empty.sums(&other, &doc, 0, 1), [0; 2 * N_LABELS]);
    }
}
