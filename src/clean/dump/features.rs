//! The feature vector of each line of a page dump, what the trees score: the line's own
//! [`Shape`], where it stands (position in the page, its block's size and length, distance to the
//! page's main run of prose, repetition within the page, a copy of the title line), what its
//! neighbours look like (shape of the lines two before and after, prose share and mean length in
//! windows of 3, 10 and 30 lines), and the [`Lexicon`] log-odds of its words and of its window's.

use super::lexicon::Lexicon;
use super::page::{Page, Word};
use super::shape::Shape;
use crate::clean::line_hash;
use crate::ner::hash::IdMap;

/// The feature names, in vector order (the model file records their number).
pub const NAMES: [&str; N_FEATURES] = [
    "chars",
    "tokens",
    "capitalised",
    "stop",
    "digits",
    "letters",
    "punct",
    "sentence_end",
    "colon_end",
    "breaks",
    "commas_per_token",
    "token_len",
    "separators",
    "bullet",
    "copyright",
    "date",
    "address",
    "shouted",
    "lower_start",
    "quote_start",
    "repeats",
    "position",
    "char_position",
    "block_lines",
    "block_chars",
    "opens_block",
    "closes_block",
    "region_distance",
    "between_prose",
    "prose_3",
    "prose_10",
    "prose_30",
    "chars_3",
    "chars_10",
    "chars_30",
    "chars@-2",
    "sentence_end@-2",
    "capitalised@-2",
    "stop@-2",
    "chars@-1",
    "sentence_end@-1",
    "capitalised@-1",
    "stop@-1",
    "chars@+1",
    "sentence_end@+1",
    "capitalised@+1",
    "stop@+1",
    "chars@+2",
    "sentence_end@+2",
    "capitalised@+2",
    "stop@+2",
    "title_copy",
    "lex_mean",
    "lex_min",
    "lex_max",
    "lex_cover",
    "lex_1",
    "lex_3",
    "lex_10",
    "lex_mean@-1",
    "lex_mean@+1",
    "prose_before",
    "prose_after",
    "region_side",
    "block_prose",
];

/// The number of features per line.
pub const N_FEATURES: usize = 65;

/// One line's features.
pub type Row = [f32; N_FEATURES];

/// `ln(1 + x)` of a count.
fn log1(x: usize) -> f32 {
    (x as f32).ln_1p()
}

/// Per-line word measurements against the lexicon: the mean, least and greatest log-odds of
/// its words in the lexicon, and the share of its words found there.
#[derive(Clone, Copy, Default)]
struct LexLine {
    mean: f32,
    min: f32,
    max: f32,
    cover: f32,
    found: u32,
}

impl LexLine {
    /// Adds a word to the measurements.
    #[inline]
    fn add(&mut self, word: Word, lexicon: &Lexicon) {
        if !word.has_letter {
            return;
        }
        self.cover += 1.0;
        if let Some(v) = lexicon.get(word.key) {
            self.mean += v;
            if self.found == 0 {
                (self.min, self.max) = (v, v);
            } else {
                (self.min, self.max) = (self.min.min(v), self.max.max(v));
            }
            self.found += 1;
        }
    }

    /// Turns the sums into means and shares.
    fn done(mut self) -> LexLine {
        if self.found == 0 {
            return LexLine::default();
        }
        self.mean /= self.found as f32;
        self.cover = self.found as f32 / self.cover;
        self
    }
}

/// Prefix sums of a per-line value, for window means.
struct Prefix(Vec<f64>);

impl Prefix {
    fn new(values: impl Iterator<Item = f64>) -> Prefix {
        let mut v = vec![0.0];
        let mut acc = 0.0;
        for x in values {
            acc += x;
            v.push(acc);
        }
        Prefix(v)
    }

    /// The mean over lines `i - w ..= i + w` (clipped to the page).
    fn window(&self, i: usize, w: usize) -> f32 {
        let n = self.0.len() - 1;
        let (lo, hi) = (i.saturating_sub(w), (i + w + 1).min(n));
        ((self.0[hi] - self.0[lo]) / (hi - lo) as f64) as f32
    }
}

/// The page's main run of prose: the line range maximising the sum of `chars / 80` over prose
/// lines minus 0.5 per other line; `None` on a page without prose.
fn main_region(shapes: &[Shape]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, f32)> = None;
    let (mut cur, mut start) = (0f32, 0usize);
    for (i, s) in shapes.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        cur += if s.prose() {
            s.chars as f32 / 80.0
        } else {
            -0.5
        };
        if s.prose() && best.is_none_or(|b| cur > b.2) {
            best = Some((start, i, cur));
        }
    }
    best.map(|(a, b, _)| (a, b))
}

/// The features of every line of a page.
pub fn page_features(page: &Page, lexicon: &Lexicon) -> Vec<Row> {
    let n = page.len();
    if n == 0 {
        return Vec::new();
    }
    let mut lex: Vec<LexLine> = Vec::with_capacity(n);
    let shapes: Vec<Shape> = page
        .lines
        .iter()
        .map(|l| {
            let mut words = LexLine::default();
            let shape = Shape::of_with(&l.text, |w| words.add(w, lexicon));
            lex.push(words.done());
            shape
        })
        .collect();
    let log_chars: Vec<f32> = shapes.iter().map(|s| log1(s.chars as usize)).collect();
    let hashes: Vec<u64> = page.lines.iter().map(|l| line_hash(&l.text)).collect();
    let mut repeats: IdMap<u64, u32> = IdMap::default();
    for &h in &hashes {
        *repeats.entry(h).or_insert(0) += 1;
    }
    let blocks = page.lines.last().map_or(0, |l| l.block as usize + 1);
    let mut block_lines = vec![0u32; blocks];
    let mut block_chars = vec![0u32; blocks];
    let mut block_prose = vec![0u32; blocks];
    for (l, s) in page.lines.iter().zip(&shapes) {
        block_lines[l.block as usize] += 1;
        block_chars[l.block as usize] += s.chars;
        block_prose[l.block as usize] += u32::from(s.prose());
    }
    // Lines since the last prose line before each line, and until the next one after it.
    let mut since = vec![n; n];
    let mut until = vec![n; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        since[i] = last.map_or(n, |j| i - j);
        if shapes[i].prose() {
            last = Some(i);
        }
    }
    last = None;
    for i in (0..n).rev() {
        until[i] = last.map_or(n, |j| j - i);
        if shapes[i].prose() {
            last = Some(i);
        }
    }
    let total_chars: u64 = shapes.iter().map(|s| u64::from(s.chars)).sum();
    let prose = Prefix::new(shapes.iter().map(|s| f64::from(u8::from(s.prose()))));
    let chars = Prefix::new(shapes.iter().map(|s| f64::from(s.chars)));
    let lexp = Prefix::new(lex.iter().map(|l| f64::from(l.mean)));
    let region = main_region(&shapes);
    let first_prose = shapes.iter().position(Shape::prose);
    let last_prose = shapes.iter().rposition(Shape::prose);
    let first = &page.lines[0].text;
    let mut rows = Vec::with_capacity(n);
    let mut before = 0u64;
    for (i, (line, s)) in page.lines.iter().zip(&shapes).enumerate() {
        let mut row = [0f32; N_FEATURES];
        let mut k = 0;
        let mut put = |v: f32| {
            row[k] = v;
            k += 1;
        };
        put(log_chars[i]);
        put(log1(s.tokens as usize));
        put(s.capitalised);
        put(s.stop);
        put(s.digits);
        put(s.letters);
        put(s.punct);
        put(f32::from(u8::from(s.sentence_end)));
        put(f32::from(u8::from(s.colon_end)));
        put(log1(s.breaks as usize));
        put(s.commas as f32 / s.tokens.max(1) as f32);
        put((s.chars + 1).saturating_sub(s.tokens) as f32 / s.tokens.max(1) as f32);
        put(log1(s.separators as usize));
        for flag in [
            s.bullet,
            s.copyright,
            s.date,
            s.address,
            s.shouted,
            s.lower_start,
            s.quote_start,
        ] {
            put(f32::from(u8::from(flag)));
        }
        put((repeats[&hashes[i]] as f32).ln());
        put(i as f32 / n as f32);
        put((before as f64 / total_chars.max(1) as f64) as f32);
        before += u64::from(s.chars);
        let b = line.block as usize;
        put(log1(block_lines[b] as usize));
        put(log1((block_chars[b] / block_lines[b].max(1)) as usize));
        put(f32::from(u8::from(line.opens_block)));
        put(f32::from(u8::from(
            page.lines.get(i + 1).is_none_or(|l| l.opens_block),
        )));
        put(match region {
            Some((a, z)) => log1(a.saturating_sub(i).max(i.saturating_sub(z))),
            None => log1(n),
        });
        put(f32::from(u8::from(
            first_prose.is_some_and(|a| a <= i) && last_prose.is_some_and(|z| i <= z),
        )));
        for w in [3, 10, 30] {
            put(prose.window(i, w));
        }
        for w in [3, 10, 30] {
            put(chars.window(i, w).ln_1p());
        }
        for d in [-2isize, -1, 1, 2] {
            match i.checked_add_signed(d).filter(|&j| j < n) {
                Some(j) => {
                    let o = &shapes[j];
                    put(log_chars[j]);
                    put(f32::from(u8::from(o.sentence_end)));
                    put(o.capitalised);
                    put(o.stop);
                }
                None => (0..4).for_each(|_| put(-1.0)),
            }
        }
        put(f32::from(u8::from(
            i > 0 && (hashes[i] == hashes[0] || (s.chars > 10 && first.contains(&*line.text))),
        )));
        let l = lex[i];
        put(l.mean);
        put(l.min);
        put(l.max);
        put(l.cover);
        for w in [1, 3, 10] {
            put(lexp.window(i, w));
        }
        put(i.checked_sub(1).map_or(0.0, |j| lex[j].mean));
        put(lex.get(i + 1).map_or(0.0, |l| l.mean));
        put(log1(since[i]));
        put(log1(until[i]));
        put(match region {
            Some((a, _)) if i < a => -1.0,
            Some((_, z)) if i > z => 1.0,
            Some(_) => 0.0,
            None => 2.0,
        });
        put(block_prose[b] as f32 / block_lines[b].max(1) as f32);
        debug_assert_eq!(k, N_FEATURES);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_vector() {
        let page = Page::new(
            "The story's headline | Site\n\nHome\nNews\n\nA first paragraph of the article, long enough to count as running text on this page here.\n\nThe story's headline\n",
        );
        let rows = page_features(&page, &Lexicon::default());
        assert_eq!(rows.len(), 5);
        let at = |name: &str| NAMES.iter().position(|n| *n == name).unwrap();
        assert_eq!(rows[3][at("sentence_end")], 1.0);
        assert_eq!(rows[1][at("block_lines")], 2f32.ln_1p());
        assert_eq!(rows[0][at("chars@-1")], -1.0);
        assert_eq!(rows[4][at("title_copy")], 1.0);
        assert_eq!(rows[3][at("region_distance")], 0.0);
        assert!(rows[0][at("region_distance")] > 0.0);
        assert!(rows.iter().flatten().all(|v| v.is_finite()));
        let mut names = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N_FEATURES);
    }
}
