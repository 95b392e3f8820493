//! The line/block model of a page dump: the page's non-empty lines (whitespace collapsed), each
//! with the block it belongs to (blocks are runs of lines between blank lines, as a text dump of
//! a web page separates paragraphs, lists and menus), and the words of a line as hashes of their
//! lower-case form, the unit the stop-word list and the trained lexicon are keyed by.

use std::borrow::Cow;

/// One non-empty line of a page dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line, trimmed, with every run of whitespace collapsed to one space.
    pub text: Cow<'a, str>,
    /// True when a blank line (or the page start) comes before it: it opens a block.
    pub opens_block: bool,
    /// The index of its block, counted from 0.
    pub block: u32,
}

/// A page dump as lines in blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page<'a> {
    /// The non-empty lines, in order.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Page<'a> {
    /// Splits a decoded text into lines (any line ending) and blocks; a leading byte-order mark
    /// is dropped.
    pub fn new(text: &'a str) -> Page<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = Vec::new();
        let mut blank = true;
        let mut block = 0u32;
        for raw in crate::decode::lines(text) {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                blank = true;
                continue;
            }
            if blank && !lines.is_empty() {
                block += 1;
            }
            lines.push(Line {
                text: collapse_spaces(trimmed),
                opens_block: blank,
                block,
            });
            blank = false;
        }
        Page { lines }
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True for a page without a non-empty line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// A trimmed line with runs of whitespace collapsed to one ASCII space (borrowed when there is
/// nothing to collapse).
fn collapse_spaces(line: &str) -> Cow<'_, str> {
    let mut prev_space = false;
    let clean = line.chars().all(|c| {
        let ok = !(c.is_whitespace() && (prev_space || c != ' '));
        prev_space = c.is_whitespace();
        ok
    });
    if clean {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// One word of a line: a run of letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// FNV-1a of the word's lower-case UTF-8 bytes, folded to 32 bits.
    pub key: u32,
    /// True when the word starts with an upper-case letter.
    pub capitalised: bool,
    /// True when the word holds a letter (not only digits).
    pub has_letter: bool,
}

/// Calls `f` for every word of `line` (maximal runs of alphanumeric characters), without
/// allocating.
pub fn for_each_word(line: &str, mut f: impl FnMut(Word)) {
    let mut words = WordState::default();
    for c in line.chars() {
        words.push(c, c.is_alphanumeric(), &mut f);
    }
    words.finish(&mut f);
}

/// The word being read, character by character: what [`for_each_word`] runs on, and what
/// other one-pass scans of a line feed as they go.
#[derive(Debug, Clone, Copy)]
pub struct WordState {
    h: u64,
    len: u32,
    capitalised: bool,
    has_letter: bool,
}

impl Default for WordState {
    fn default() -> Self {
        WordState {
            h: FNV_OFFSET,
            len: 0,
            capitalised: false,
            has_letter: false,
        }
    }
}

impl WordState {
    /// Feeds the next character; `alphanumeric` is `c.is_alphanumeric()`, which the caller
    /// usually knows already. A word that ends is passed to `f`.
    #[inline]
    pub fn push(&mut self, c: char, alphanumeric: bool, f: &mut impl FnMut(Word)) {
        if !alphanumeric {
            self.finish(f);
            return;
        }
        if self.len == 0 {
            self.capitalised = c.is_uppercase();
        }
        self.len += 1;
        if c.is_ascii() {
            self.has_letter |= c.is_ascii_alphabetic();
            self.step(c.to_ascii_lowercase() as u8);
        } else {
            self.has_letter |= !c.is_numeric();
            let mut buf = [0u8; 4];
            for lc in c.to_lowercase() {
                for &b in lc.encode_utf8(&mut buf).as_bytes() {
                    self.step(b);
                }
            }
        }
    }

    /// Ends the current word, if any, passing it to `f`.
    #[inline]
    pub fn finish(&mut self, f: &mut impl FnMut(Word)) {
        if self.len > 0 {
            f(Word {
                key: fold(self.h),
                capitalised: self.capitalised,
                has_letter: self.has_letter,
            });
            *self = WordState::default();
        }
    }

    #[inline]
    fn step(&mut self, b: u8) {
        self.h ^= u64::from(b);
        self.h = self.h.wrapping_mul(FNV_PRIME);
    }
}

/// The 32-bit key of a word given as text (lower-cased as [`for_each_word`] does).
pub fn word_key(word: &str) -> u32 {
    let mut key = 0;
    for_each_word(word, |w| key = w.key);
    key
}

/// Folds a 64-bit hash to 32 bits.
fn fold(h: u64) -> u32 {
    ((h >> 32) ^ h) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_blocks() {
        let page = Page::new(
            "\u{feff}Title | Site\r\n\r\nMenu\nNews  \t Sport\n\n\n  Body one.\r\nBody two.\n",
        );
        let got: Vec<(&str, bool, u32)> = page
            .lines
            .iter()
            .map(|l| (l.text.as_ref(), l.opens_block, l.block))
            .collect();
        assert_eq!(
            got,
            [
                ("Title | Site", true, 0),
                ("Menu", true, 1),
                ("News Sport", false, 1),
                ("Body one.", true, 2),
                ("Body two.", false, 2),
            ]
        );
        assert!(Page::new(" \n\n").is_empty());
    }

    #[test]
    fn collapse_table() {
        for (line, want, borrowed) in [
            ("a b", "a b", true),
            ("a  b", "a b", false),
            ("a\tb", "a b", false),
            ("a\u{a0}b", "a b", false),
            ("", "", true),
        ] {
            let got = collapse_spaces(line);
            assert_eq!(got, want, "{line:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{line:?}");
        }
    }

    #[test]
    fn words_are_lowercased_runs() {
        let mut got = Vec::new();
        for_each_word("Über-Blick, 2019 ÜBER x1", |w| {
            got.push((w.key, w.capitalised, w.has_letter))
        });
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].0, got[3].0, "case-folded");
        assert_eq!(got[0].0, word_key("über"));
        assert!(got[0].1 && !got[2].1 && got[3].1);
        assert!(!got[2].2 && got[4].2, "2019 has no letter, x1 has");
        assert_eq!(word_key(""), 0);
    }
}
