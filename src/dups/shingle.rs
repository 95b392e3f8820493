//! The features copies are compared on: word shingles (runs of `k` consecutive words inside one
//! paragraph) and the numbers an article quotes, each hashed to 64 bits.
//!
//! Words are runs of letters and digits, lower-cased; inside a number, `.`, `,` and `/` between
//! two digits belong to it (`3,718,000`, `1.25`, `5/8`), so a number is one word and one number.
//! Shingles never cross a paragraph boundary, so copies whose paragraphs were shuffled, merged
//! or re-wrapped (after re-joining) keep almost all of them; a paragraph shorter than `k` words
//! is one shingle.

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The shingle and number hashes of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// One hash per shingle, sorted and distinct.
    pub shingles: Vec<u64>,
    /// One hash per number, sorted and distinct.
    pub numbers: Vec<u64>,
}

/// The SplitMix64 finaliser: a well-mixed 64-bit value from any 64-bit value.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The shingles (of `k` words, `k >= 1`) and numbers of an article's paragraphs.
pub fn features<'a>(paragraphs: impl IntoIterator<Item = &'a str>, k: usize) -> Features {
    let k = k.max(1);
    let mut out = Features::default();
    let mut words: Vec<u64> = Vec::with_capacity(64);
    for paragraph in paragraphs {
        words.clear();
        for_each_word(paragraph, |hash, numeric| {
            words.push(hash);
            if numeric {
                out.numbers.push(hash);
            }
        });
        if words.is_empty() {
            continue;
        }
        let shingle = |ws: &[u64]| {
            mix(ws.iter().fold(FNV_OFFSET, |h, &w| {
                (h.rotate_left(17) ^ w).wrapping_mul(FNV_PRIME)
            }))
        };
        if words.len() < k {
            out.shingles.push(shingle(&words));
        } else {
            out.shingles.extend(words.windows(k).map(shingle));
        }
    }
    for v in [&mut out.shingles, &mut out.numbers] {
        v.sort_unstable();
        v.dedup();
    }
    out
}

/// FNV-1a over one word's lower-cased bytes.
#[derive(Clone, Copy)]
struct WordHash {
    state: u64,
    bytes: u64,
}

impl WordHash {
    const NEW: WordHash = WordHash {
        state: FNV_OFFSET,
        bytes: 0,
    };

    fn push(&mut self, b: u8) {
        self.state = (self.state ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        self.bytes += 1;
    }

    fn finish(&self) -> u64 {
        mix(self.state)
    }
}

/// Calls `f(hash, has_digit)` for each word of a text, in order. ASCII, nearly all of the
/// archive, is handled byte by byte; other characters are lower-cased as `char`s, giving the
/// same hash as if the whole word had been lower-cased first.
fn for_each_word(text: &str, mut f: impl FnMut(u64, bool)) {
    let bytes = text.as_bytes();
    let mut hash = WordHash::NEW;
    let mut digit = false;
    let mut prev_digit = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word_char, width) = if b.is_ascii() {
            let inside_number = prev_digit
                && matches!(b, b'.' | b',' | b'/')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            let keep = b.is_ascii_alphanumeric() || inside_number;
            if keep {
                hash.push(b.to_ascii_lowercase());
                digit |= b.is_ascii_digit();
                prev_digit = b.is_ascii_digit();
            }
            (keep, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let keep = c.is_alphanumeric();
            if keep {
                for lc in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    lc.encode_utf8(&mut buf).bytes().for_each(|b| hash.push(b));
                }
                prev_digit = false;
            }
            (keep, c.len_utf8())
        };
        if !word_char {
            if hash.bytes > 0 {
                f(hash.finish(), digit);
            }
            (hash, digit, prev_digit) = (WordHash::NEW, false, false);
        }
        i += width;
    }
    if hash.bytes > 0 {
        f(hash.finish(), digit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(u64, bool)> {
        let mut out = Vec::new();
        for_each_word(text, |h, d| out.push((h, d)));
        out
    }

    #[test]
    fn words_and_numbers() {
        let cases: &[(&str, &str)] = &[
            ("Net 3,718,000 vs 2.5 mln.", "net 3,718,000 vs 2.5 mln"),
            (
                "Shares rose 11-5/8, to 29-3/8",
                "shares rose 11 5/8 to 29 3/8",
            ),
            ("ChemLawn's \u{201c}bid\u{201d}", "chemlawn s bid"),
            ("Year, 1986. Then", "year 1986 then"),
            ("ÉCOLE école", "école école"),
            ("ZÜRICH—Zürich 3,5", "zürich zürich 3,5"),
        ];
        for (text, want) in cases {
            let want: Vec<(u64, bool)> = want.split(' ').flat_map(words).collect::<Vec<_>>();
            assert_eq!(words(text), want, "{text:?}");
        }
        assert_eq!(
            words("a 1,000 b2").iter().map(|w| w.1).collect::<Vec<_>>(),
            [false, true, true]
        );
    }

    #[test]
    fn shingles_stay_inside_paragraphs() {
        let a = features(["one two three four five", "six seven"], 4);
        assert_eq!(a.shingles.len(), 3, "two of 4 words, one short paragraph");
        // Shuffled paragraphs, the same shingles.
        assert_eq!(features(["six seven", "one two three four five"], 4), a);
        // Case and punctuation do not matter.
        assert_eq!(features(["One, two; three four five!", "SIX seven."], 4), a);
        assert_eq!(features(["", "  "], 4), Features::default());
        assert_eq!(features(["Net 1,000 vs 2,000"], 3).numbers.len(), 2);
    }
}
