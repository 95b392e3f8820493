//! The signature of an article's clean body, small enough to store with every document: a
//! MinHash sketch of its shingles, their number, and a bitmap of the numbers it quotes.
//!
//! The MinHash is one-permutation hashing with optimal densification (Li, Owen and Zhang, NIPS
//! 2012; Shrivastava, ICML 2017): each shingle hash falls into one of [`BINS`] bins by its top
//! bits and each bin keeps its smallest hash; an empty bin borrows the value of the first
//! non-empty bin on a pseudo-random probe sequence that depends only on the bin, so two sketches
//! agree in a bin with probability the Jaccard similarity of the two shingle sets. Each bin keeps
//! 16 bits of its minimum (b-bit MinHash, Li and König, WWW 2010): unrelated values agree once
//! in 65,536. Containment of the smaller set in the larger follows from the Jaccard estimate and
//! the two set sizes. The numbers bitmap estimates how many numbers two articles share by linear
//! counting (Whang et al., 1990), which tells template reports (same words, other figures) apart.

use super::shingle::{Features, mix};

/// MinHash bins per sketch.
pub const BINS: usize = 128;
/// Bits of the numbers bitmap.
const NUMBER_BITS: usize = 256;
/// Words of a serialised sketch: the sizes, the bins (four per word), the numbers bitmap.
pub const WORDS: usize = 1 + BINS / 4 + NUMBER_BITS / 64;
/// The sketch format, stored in the first word so that a future change can be recognised.
const FORMAT: u64 = 1;

/// The signature of one article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// Distinct shingles in the body (0 for an empty body, whose sketch matches nothing).
    pub shingles: u32,
    /// Distinct numbers in the body (saturating).
    pub numbers: u16,
    /// Low 16 bits of each bin's minimum hash.
    pub bins: [u16; BINS],
    /// One bit per number hash.
    pub number_bits: [u64; NUMBER_BITS / 64],
}

impl Default for Sketch {
    fn default() -> Sketch {
        Sketch {
            shingles: 0,
            numbers: 0,
            bins: [0; BINS],
            number_bits: [0; NUMBER_BITS / 64],
        }
    }
}

/// What comparing two sketches estimates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Share of the smaller shingle set found in the larger.
    pub containment: f64,
    /// Share of the numbers of the article with fewer numbers found in the other, or `None`
    /// when one of them quotes fewer than `min_numbers`.
    pub numbers: Option<f64>,
}

impl Sketch {
    /// The sketch of an article's features.
    pub fn of(features: &Features) -> Sketch {
        let mut sketch = Sketch {
            shingles: u32::try_from(features.shingles.len()).unwrap_or(u32::MAX),
            numbers: u16::try_from(features.numbers.len()).unwrap_or(u16::MAX),
            ..Sketch::default()
        };
        for &n in &features.numbers {
            let bit = (n >> 56) as usize % NUMBER_BITS;
            sketch.number_bits[bit / 64] |= 1 << (bit % 64);
        }
        if features.shingles.is_empty() {
            return sketch;
        }
        // Top 7 bits pick the bin, the rest is the value compared.
        let shift = 64 - BINS.trailing_zeros();
        let mut mins = [u64::MAX; BINS];
        for &h in &features.shingles {
            let bin = (h >> shift) as usize;
            let value = h & ((1 << shift) - 1);
            mins[bin] = mins[bin].min(value);
        }
        for (i, slot) in sketch.bins.iter_mut().enumerate() {
            let value = if mins[i] != u64::MAX {
                mins[i]
            } else {
                // Optimal densification: probe bins in an order fixed by `i` alone (after
                // 4,096 misses, which one non-empty bin in 128 makes very unlikely, the next
                // non-empty bin, so that the loop ends).
                (1u64..=4096)
                    .map(|attempt| mins[(mix((i as u64) << 32 | attempt) % BINS as u64) as usize])
                    .chain((1..BINS).map(|d| mins[(i + d) % BINS]))
                    .find(|&m| m != u64::MAX)
                    .unwrap_or(0)
            };
            *slot = value as u16;
        }
        sketch
    }

    /// Whether the sketch stands for a body with nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// Estimates how similar two bodies are (see [`Similarity`]).
    pub fn compare(&self, other: &Sketch, min_numbers: u16) -> Similarity {
        let same = self
            .bins
            .iter()
            .zip(&other.bins)
            .filter(|(a, b)| a == b)
            .count();
        let jaccard = same as f64 / BINS as f64;
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let containment = if self.is_empty() || other.is_empty() {
            0.0
        } else {
            (jaccard * (a + b) / ((1.0 + jaccard) * a.min(b))).min(1.0)
        };
        let numbers = (self.numbers.min(other.numbers) >= min_numbers.max(1)).then(|| {
            let count = |bits: &[u64]| -> f64 {
                let set: u32 = bits.iter().map(|w| w.count_ones()).sum();
                let empty = (NUMBER_BITS as f64 - f64::from(set)).max(0.5);
                -(NUMBER_BITS as f64) * (empty / NUMBER_BITS as f64).ln()
            };
            let union: Vec<u64> = self
                .number_bits
                .iter()
                .zip(&other.number_bits)
                .map(|(x, y)| x | y)
                .collect();
            let (na, nb) = (count(&self.number_bits), count(&other.number_bits));
            let shared = (na + nb - count(&union)).max(0.0);
            (shared / na.min(nb)).min(1.0)
        });
        Similarity {
            jaccard,
            containment,
            numbers,
        }
    }

    /// The sketch as [`WORDS`] 64-bit words, for a fast field.
    pub fn to_words(&self) -> [u64; WORDS] {
        let mut out = [0u64; WORDS];
        out[0] = u64::from(self.shingles) | u64::from(self.numbers) << 32 | FORMAT << 56;
        for (i, chunk) in self.bins.chunks_exact(4).enumerate() {
            out[1 + i] = chunk
                .iter()
                .enumerate()
                .fold(0, |w, (j, &v)| w | u64::from(v) << (16 * j));
        }
        out[1 + BINS / 4..].copy_from_slice(&self.number_bits);
        out
    }

    /// Reads back [`Sketch::to_words`]; `None` for anything else (another length or format).
    pub fn from_words(words: &[u64]) -> Option<Sketch> {
        if words.len() != WORDS || words[0] >> 56 != FORMAT {
            return None;
        }
        let mut s = Sketch {
            shingles: words[0] as u32,
            numbers: (words[0] >> 32) as u16,
            ..Sketch::default()
        };
        for (i, v) in s.bins.iter_mut().enumerate() {
            *v = (words[1 + i / 4] >> (16 * (i % 4))) as u16;
        }
        s.number_bits.copy_from_slice(&words[1 + BINS / 4..]);
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::shingle::features;

    fn sketch(paragraphs: &[&str]) -> Sketch {
        Sketch::of(&features(paragraphs.iter().copied(), 4))
    }

    /// A paragraph of distinct words (without digits), `n` long, from word number `from`.
    fn words(from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| {
                let mut w = String::from("w");
                let mut i = i;
                loop {
                    w.push(char::from(b'a' + (i % 26) as u8));
                    i /= 26;
                    if i == 0 {
                        return w;
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn estimates_follow_the_sets() {
        let base: Vec<String> = (0..10).map(|p| words(p * 40, 40)).collect();
        let refs: Vec<&str> = base.iter().map(String::as_str).collect();
        let full = sketch(&refs);
        // (other article, expected Jaccard, expected containment)
        let half = sketch(&refs[..5]);
        let other_story = sketch(&[words(10_000, 400).as_str()]);
        let cases: [(&Sketch, f64, f64); 3] = [
            (&full, 1.0, 1.0),
            (&half, 0.5, 1.0),
            (&other_story, 0.0, 0.0),
        ];
        for (other, jaccard, containment) in cases {
            let s = full.compare(other, 3);
            assert!((s.jaccard - jaccard).abs() < 0.12, "{s:?}");
            assert!((s.containment - containment).abs() < 0.15, "{s:?}");
        }
        // A short article densifies its empty bins the same way as a copy of it.
        let short = sketch(&["only five words in here"]);
        assert_eq!(short.compare(&short.clone(), 3).jaccard, 1.0);
        assert!(Sketch::default().compare(&full, 3).containment == 0.0);
    }

    #[test]
    fn numbers_tell_figures_apart() {
        let a = sketch(&["Net 1,115,000 vs 2,729,000. Revs 83.0 mln vs 37.9 mln, shr 12 cts"]);
        let same =
            sketch(&["Net 1,115,000 vs 2,729,000 and revs 83.0 mln vs 37.9 mln; shr 12 cts"]);
        let other = sketch(&["Net 2,466,006 vs 9,091,688. Revs 608,181 vs 1,280,727, shr 72 cts"]);
        let few = sketch(&["Net 1 vs 2"]);
        assert!(a.compare(&same, 3).numbers.unwrap() > 0.9);
        assert!(a.compare(&other, 3).numbers.unwrap() < 0.3);
        assert_eq!(a.compare(&few, 3).numbers, None);
    }

    #[test]
    fn words_round_trip() {
        let s = sketch(&[words(0, 50).as_str(), "Net 1,000 vs 2,000 in 1986"]);
        let w = s.to_words();
        assert_eq!(w.len(), WORDS);
        assert_eq!(Sketch::from_words(&w), Some(s));
        assert_eq!(Sketch::from_words(&w[1..]), None);
        assert_eq!(Sketch::from_words(&[0; WORDS]), None);
    }
}
