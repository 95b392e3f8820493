//! Second-pass features: what the first pass said. For every token: its own first-pass label
//! and the next token's, and the labels the document's other mentions of the same capitalised
//! word got (all of them, and the majority). For a token inside a first-pass entity, that
//! entity as a whole, a second opinion on its type from what surrounds the whole name rather
//! than each word: its type with the word before it, the word after it, the shapes around it
//! (`Wigan 3`), its last word (`… Bank`), and its length with the token's place in it.

use super::features::{Doc, START};
use super::hash::combine;
use super::sink::{FeatureSink, Grouped};

/// Sentinel value hash for "no token there" (sentence edge).
const EDGE: u64 = 0x5eed;

/// The first pass's labels of a document with what the second pass derives from them.
pub struct FirstPass<'l> {
    labels: &'l [u8],
    /// Per capitalised word of the document, how many mentions got each label.
    counts: Vec<[u16; 9]>,
    /// Per token, the `[begin, end)` of the first-pass entity it is in (`begin == end` when
    /// none).
    spans: Vec<(u32, u32)>,
}

impl<'l> FirstPass<'l> {
    /// Derives the counts and entity spans of a document's first-pass `labels`.
    pub fn new(doc: &Doc, labels: &'l [u8]) -> FirstPass<'l> {
        let mut spans = vec![(0u32, 0u32); labels.len()];
        for &(b, e) in &doc.bounds {
            let mut t = b;
            while t < e {
                let l = labels[t];
                if l.is_multiple_of(2) {
                    t += 1;
                    continue;
                }
                let mut end = t + 1;
                while end < e && labels[end] == l + 1 {
                    end += 1;
                }
                spans[t..end].fill((t as u32, end as u32));
                t = end;
            }
        }
        FirstPass {
            labels,
            counts: doc.label_counts(labels),
            spans,
        }
    }

    /// Appends the second-pass features of token `t` of the sentence `[b, end)`.
    #[inline]
    pub fn features(
        &self,
        doc: &Doc,
        (b, end): (usize, usize),
        t: usize,
        f: &mut impl FeatureSink,
    ) {
        let label = self.labels[t] as usize;
        let next = if t + 1 < end {
            self.labels[t + 1] as usize
        } else {
            START
        };
        f.put(72, label as u64);
        f.put(73, next as u64);
        if let Some(counts) = doc.counts_of(&self.counts, t) {
            let mut c = *counts;
            c[label] -= 1;
            let mut best = (0u16, 0usize);
            for (l, &n) in c.iter().enumerate() {
                if n > 0 {
                    f.put(70, l as u64);
                    if l > 0 && n > best.0 {
                        best = (n, l);
                    }
                }
            }
            if best.0 > 0 {
                f.put(71, best.1 as u64);
            }
        }
        let (sb, se) = (self.spans[t].0 as usize, self.spans[t].1 as usize);
        if sb == se {
            return;
        }
        let kind = u64::from(self.labels[sb].div_ceil(2));
        let before = (sb > b).then(|| &doc.infos[sb - 1]);
        let after = (se < end).then(|| &doc.infos[se]);
        let norm = |x: Option<&super::token::TokenInfo>| x.map_or(EDGE, |x| x.norm);
        let shape = |x: Option<&super::token::TokenInfo>| x.map_or(EDGE, |x| x.shape);
        f.put(74, combine(kind, norm(before)));
        f.put(75, combine(kind, norm(after)));
        f.put(76, combine(kind, combine(shape(before), shape(after))));
        f.put(77, combine(kind, doc.infos[se - 1].norm));
        let pos = if se - sb == 1 {
            3
        } else if t == sb {
            0
        } else if t + 1 == se {
            2
        } else {
            1
        };
        f.put(78, combine(kind, combine((se - sb).min(4) as u64, pos)));
    }
}

/// Second-pass features of every token of a document, for training, less the templates
/// in `off` ([`super::sink::is_off`]). Returns `(feats, offsets)`: token `t`'s in
/// `feats[offsets[t]..offsets[t+1]]`.
pub fn aggregate_features(doc: &Doc, first: &[u8], off: u128) -> (Vec<u32>, Vec<u32>) {
    let pass = FirstPass::new(doc, first);
    let mut feats = Grouped {
        off,
        ..Grouped::default()
    };
    let mut offsets = Vec::with_capacity(doc.len() + 1);
    offsets.push(0u32);
    for &(b, e) in &doc.bounds {
        for t in b..e {
            pass.features(doc, (b, e), t, &mut feats);
            offsets.push(feats.keys.len() as u32);
        }
    }
    (feats.keys, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::clusters::Clusters;
    use crate::ner::features::Lexicon;
    use crate::ner::gazetteer::Gazetteer;
    use crate::ner::hash::{feature, hash_str};

    #[test]
    fn entity_features_see_the_whole_name() {
        let gaz = Gazetteer::default();
        let lex = Lexicon::new(&gaz, &Clusters::default());
        let words = vec!["at", "Wigan", "Athletic", "3", ".", "Wigan", "won", "."];
        let doc = Doc::new(words, vec![(0, 5), (5, 8)], &gaz, &lex);
        // First pass: `Wigan Athletic` a place, the second `Wigan` a place.
        let first = [0u8, 3, 4, 0, 0, 3, 0, 0];
        let pass = FirstPass::new(&doc, &first);
        let mut f = Vec::new();
        pass.features(&doc, (0, 5), 2, &mut f);
        // The word before and after the whole name, and its last word.
        assert!(f.contains(&feature(74, combine(2, hash_str("at")))));
        assert!(f.contains(&feature(75, combine(2, hash_str("0")))));
        assert!(f.contains(&feature(77, combine(2, hash_str("athletic")))));
        // The other mention of `Wigan` was a place too.
        let mut g = Vec::new();
        pass.features(&doc, (0, 5), 1, &mut g);
        assert!(g.contains(&feature(71, 3)));
        // Outside entities: no entity features.
        let mut h = Vec::new();
        pass.features(&doc, (5, 8), 6, &mut h);
        assert!(!h.contains(&feature(74, combine(2, hash_str("wigan")))));
        assert_eq!(h.len(), 2);
        let (feats, offsets) = aggregate_features(&doc, &first, 0);
        assert_eq!(offsets.len(), doc.len() + 1);
        assert_eq!(&feats[offsets[2] as usize..offsets[3] as usize], f);
    }
}
