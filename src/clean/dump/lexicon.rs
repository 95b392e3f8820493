//! The trained lexicon: for each word seen on enough training pages, the log-odds that a line
//! holding it is article text rather than page furniture (`cookies`, `newsletter`, `teilen` lean
//! one way, function words of running text the other). Words are keyed by [`Word::key`], so
//! any language present in the training pages contributes; a word on fewer pages than
//! [`MIN_PAGES`] is left out, so no site's own vocabulary is learnt.
//!
//! [`Word::key`]: super::page::Word::key

use crate::ner::hash::{IdMap, IdSet};

/// The fewest training pages a word must occur on to enter the lexicon.
pub const MIN_PAGES: u32 = 5;

/// Word key → log-odds of article text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    map: IdMap<u32, f32>,
}

/// One labelled line for [`Lexicon::build`]: its distinct word keys and whether it is article.
pub struct LabelledWords<'a> {
    /// Distinct word keys of the line.
    pub words: &'a [u32],
    /// True for article text.
    pub article: bool,
}

impl Lexicon {
    /// The log-odds of a word, if it is in the lexicon.
    #[inline]
    pub fn get(&self, key: u32) -> Option<f32> {
        self.map.get(&key).copied()
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Builds the lexicon from pages of labelled lines: add-one smoothed log-odds of a word in
    /// article lines against furniture lines, for words on at least [`MIN_PAGES`] pages.
    pub fn build<'a>(pages: impl IntoIterator<Item = &'a [LabelledWords<'a>]>) -> Lexicon {
        let mut counts: IdMap<u32, (u32, u32, u32)> = IdMap::default();
        let (mut pos_total, mut neg_total) = (0u64, 0u64);
        for page in pages {
            let mut on_page: IdSet<u32> = IdSet::default();
            for line in page {
                for &w in line.words {
                    let c = counts.entry(w).or_insert((0, 0, 0));
                    if line.article {
                        c.0 += 1;
                        pos_total += 1;
                    } else {
                        c.1 += 1;
                        neg_total += 1;
                    }
                    if on_page.insert(w) {
                        c.2 += 1;
                    }
                }
            }
        }
        let (p, n) = ((pos_total + 1) as f64, (neg_total + 1) as f64);
        let map = counts
            .into_iter()
            .filter(|(_, c)| c.2 >= MIN_PAGES)
            .map(|(w, (pos, neg, _))| {
                let odds = ((f64::from(pos) + 1.0) / p).ln() - ((f64::from(neg) + 1.0) / n).ln();
                (w, odds as f32)
            })
            .collect();
        Lexicon { map }
    }

    /// The entries sorted by key, for serialising.
    pub fn entries(&self) -> Vec<(u32, f32)> {
        let mut v: Vec<(u32, f32)> = self.map.iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// The lexicon of these entries.
    pub fn from_entries(entries: impl IntoIterator<Item = (u32, f32)>) -> Lexicon {
        Lexicon {
            map: entries.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_words_only_with_the_right_sign() {
        let (menu, prose, rare) = ([1u32, 2], [3u32, 2], [9u32]);
        let mut pages = Vec::new();
        for i in 0..6 {
            let mut page = vec![
                LabelledWords {
                    words: &menu,
                    article: false,
                },
                LabelledWords {
                    words: &prose,
                    article: true,
                },
            ];
            if i == 0 {
                page.push(LabelledWords {
                    words: &rare,
                    article: true,
                });
            }
            pages.push(page);
        }
        let lex = Lexicon::build(pages.iter().map(Vec::as_slice));
        assert!(lex.get(1).is_some_and(|v| v < -1.0));
        assert!(lex.get(3).is_some_and(|v| v > 1.0));
        assert!(
            lex.get(2).is_some_and(|v| v.abs() < 0.2),
            "{:?}",
            lex.get(2)
        );
        assert_eq!(lex.get(9), None, "one page is not enough");
        assert_eq!(Lexicon::from_entries(lex.entries()), lex);
    }
}
