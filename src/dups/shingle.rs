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

/// Calls `f(hash, has_digit)` for each word of a text, in order.
fn for_each_word(text: &str, mut f: impl FnMut(u64, bool)) {
    let mut hash = FNV_OFFSET;
    let mut len = 0usize;
    let mut digit = false;
    let mut prev_digit = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let inside_number = prev_digit
            && matches!(c, '.' | ',' | '/')
            && chars.peek().is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || inside_number {
            for lc in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &b in lc.encode_utf8(&mut buf).as_bytes() {
                    hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                }
            }
            len += 1;
            digit |= c.is_ascii_digit();
            prev_digit = c.is_ascii_digit();
        } else {
            if len > 0 {
                f(mix(hash), digit);
            }
            (hash, len, digit, prev_digit) = (FNV_OFFSET, 0, false, false);
        }
    }
    if len > 0 {
        f(mix(hash), digit);
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
