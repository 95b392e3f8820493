//! Grouping copies: which articles are copies of which, given their sketches in the canonical
//! order (earliest date first, ties by path).
//!
//! Candidates come from LSH banding over the MinHash bins (Indyk and Motwani; Broder): the bins
//! are cut into [`BANDS`] bands of [`ROWS`], and articles agreeing on a whole band share a
//! bucket. Two rows per band find pairs of low Jaccard similarity too (a shortened copy of a
//! long story shares few shingles with it in proportion): with 64 bands, a pair at Jaccard 0.3
//! shares a bucket with probability 1 - (1 - 0.3²)^64 > 99.7 %. Each bucket links every member
//! to its first and to its previous member, so memory stays a few links per article whatever the
//! bucket sizes (a story syndicated a hundred times shares one bucket per band).
//!
//! Groups are stars, never chains: articles are taken in the canonical order, and each one joins
//! the group of the candidate it is most similar to among the *first articles* of groups linked
//! to it (the first article of a linked article's group counts, so a copy is found through any
//! earlier copy), if the pair passes [`Params::copies`]; otherwise it starts a group. Every member
//! is thus checked against the first article itself, and a run of pairwise matches (A like B,
//! B like C) cannot glue different stories. The result depends only on the set of articles.

use super::shingle::mix;
use super::sketch::{BINS, Sketch};

/// LSH bands.
pub const BANDS: usize = BINS / ROWS;
/// MinHash bins per band.
pub const ROWS: usize = 2;
/// Links kept per article: the earlier articles it shares most buckets with.
const LINKS: usize = 8;

/// When two articles are copies of one story. The defaults were measured on half of the gold
/// groups of `dups-dev` (`tests/it/gold_dups.rs`, `tune_parameters`), 4-word shingles: copies'
/// containment in their group's first article was at least 0.692, other stories' at most 0.475
/// among those whose numbers agree; copies shared all their numbers, other stories alike in
/// words at most 0.486 of them. Each threshold is the middle of its gap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Least share of the shorter body's shingles found in the longer one.
    pub containment: f64,
    /// Least share of numbers in common, for articles that both quote at least `min_numbers`.
    pub numbers: f64,
    /// Articles quoting fewer numbers are not compared on them.
    pub min_numbers: u16,
    /// Bodies with fewer shingles are never grouped: they are too short to tell.
    pub min_shingles: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            containment: 0.58,
            numbers: 0.74,
            min_numbers: 3,
            min_shingles: 3,
        }
    }
}

impl Params {
    /// Whether two articles are copies of one story; if so, how alike (their Jaccard
    /// similarity, which prefers the full story to a shortened copy of it).
    pub fn copies(&self, a: &Sketch, b: &Sketch) -> Option<f64> {
        if a.shingles < self.min_shingles || b.shingles < self.min_shingles {
            return None;
        }
        let s = a.compare(b, self.min_numbers);
        let numbers_agree = s.numbers.is_none_or(|n| n >= self.numbers);
        (s.containment >= self.containment && numbers_agree).then_some(s.jaccard)
    }
}

/// The group of each article: for article `i` (in canonical order), the index of its group's
/// first article (`i` itself when it starts a group).
pub fn group(sketches: &[&Sketch], params: &Params) -> Vec<u32> {
    let n = sketches.len();
    let links = band_links(sketches, params);
    let mut first = vec![0u32; n];
    let mut candidates: Vec<u32> = Vec::with_capacity(LINKS);
    for i in 0..n {
        candidates.clear();
        candidates.extend(
            links[i * LINKS..(i + 1) * LINKS]
                .iter()
                .filter(|l| l.0 != NONE)
                .map(|l| first[l.0 as usize]),
        );
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(f64, u32)> = None;
        for &c in &candidates {
            if let Some(score) = params.copies(sketches[i], sketches[c as usize])
                && best.is_none_or(|(s, _)| score > s)
            {
                best = Some((score, c));
            }
        }
        first[i] = best.map_or(i as u32, |(_, c)| c);
    }
    first
}

/// An empty link slot.
const NONE: u32 = u32::MAX;

/// For each article, up to [`LINKS`] earlier articles sharing LSH buckets with it, as a flat
/// array of `LINKS` slots (article, buckets shared) per article. When more earlier articles
/// share buckets with it than it has slots, those sharing most are kept, by the Space-Saving
/// algorithm (Metwally, Agrawal and El Abbadi, 2005): a copy shares dozens of buckets, another
/// story that merely shares a stock phrase one or two.
fn band_links(sketches: &[&Sketch], params: &Params) -> Vec<(u32, u32)> {
    let n = sketches.len();
    let mut links = vec![(NONE, 0u32); n * LINKS];
    let mut add = |later: u32, earlier: u32| {
        let slots = &mut links[later as usize * LINKS..(later as usize + 1) * LINKS];
        if let Some(slot) = slots.iter_mut().find(|s| s.0 == earlier) {
            slot.1 += 1;
        } else if let Some(free) = slots.iter_mut().find(|s| s.0 == NONE) {
            *free = (earlier, 1);
        } else if let Some(least) = slots.iter_mut().min_by_key(|s| s.1) {
            *least = (earlier, least.1 + 1);
        }
    };
    let mut entries: Vec<u64> = Vec::with_capacity(n);
    for band in 0..BANDS {
        entries.clear();
        for (i, s) in sketches.iter().enumerate() {
            if s.shingles >= params.min_shingles {
                let rows = s.bins[band * ROWS..(band + 1) * ROWS]
                    .iter()
                    .fold(band as u64, |k, &v| k << 16 | u64::from(v));
                entries.push(mix(rows) << 32 | i as u64);
            }
        }
        entries.sort_unstable();
        let key = |e: u64| e >> 32;
        let index = |e: u64| e as u32;
        let mut start = 0;
        while start < entries.len() {
            let mut end = start + 1;
            while end < entries.len() && key(entries[end]) == key(entries[start]) {
                end += 1;
            }
            for p in start + 1..end {
                add(index(entries[p]), index(entries[start]));
                if p > start + 1 {
                    add(index(entries[p]), index(entries[p - 1]));
                }
            }
            start = end;
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::shingle::features;

    fn sketch(paragraphs: &[String]) -> Sketch {
        Sketch::of(&features(paragraphs.iter().map(String::as_str), 4))
    }

    /// A word without digits for a number.
    fn word(mut i: usize) -> String {
        let mut w = String::from("w");
        loop {
            w.push(char::from(b'a' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return w;
            }
        }
    }

    /// A story of `n` paragraphs of 30 distinct words, numbered from `seed`.
    fn story(seed: usize, n: usize) -> Vec<String> {
        (0..n)
            .map(|p| {
                (0..30)
                    .map(|w| word((seed * 100 + p) * 30 + w))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn stars_not_chains() {
        let a = story(1, 6);
        // B: A's last three paragraphs and three new ones; C: B's new ones and three more.
        let b: Vec<String> = a[3..].iter().cloned().chain(story(2, 3)).collect();
        let c: Vec<String> = b[3..].iter().cloned().chain(story(3, 3)).collect();
        let (sa, sb, sc) = (sketch(&a), sketch(&b), sketch(&c));
        let params = Params {
            containment: 0.3,
            ..Params::default()
        };
        assert!(params.copies(&sa, &sb).is_some() && params.copies(&sb, &sc).is_some());
        assert!(params.copies(&sa, &sc).is_none());
        assert_eq!(group(&[&sa, &sb, &sc], &params), [0, 0, 2]);
    }

    #[test]
    fn copies_join_the_first_article() {
        let a = story(1, 5);
        let shortened: Vec<String> = a[..2].to_vec();
        let added: Vec<String> = a.iter().cloned().chain(story(9, 1)).collect();
        let other = story(2, 5);
        let empty = Sketch::default();
        let all = [
            sketch(&shortened),
            sketch(&other),
            sketch(&a),
            empty.clone(),
            sketch(&added),
            empty,
        ];
        let refs: Vec<&Sketch> = all.iter().collect();
        assert_eq!(group(&refs, &Params::default()), [0, 1, 0, 3, 0, 5]);
    }
}
