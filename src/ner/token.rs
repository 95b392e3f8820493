//! Per-token facts for the tagger, computed in one pass over each token's bytes with no
//! allocation for ASCII words: FNV hashes of the word, its lower-cased and digit-folded forms
//! and its compressed shape, case flags, and on demand the hashes of its 1–4 character
//! prefixes and suffixes. The hashes equal `hash_str` of the strings they stand for, so
//! features keep their meaning across versions.

use super::hash::hash_bytes;

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Longest shape kept (in shape characters).
const MAX_SHAPE: usize = 24;

#[inline]
fn step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

#[inline]
fn step_char(mut h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = step(h, b);
    }
    h
}

/// Per-token facts the feature templates are built from.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenInfo {
    /// Hash of the exact word.
    pub word: u64,
    /// Hash of the lower-cased word (curly apostrophes straight): the lexicon key.
    pub lower: u64,
    /// Hash of the lower-cased word with digits folded to `0`.
    pub norm: u64,
    /// Hash of the compressed shape (`Xx`, `X.X.`, `d,d`).
    pub shape: u64,
    /// First character upper-case.
    pub cap: bool,
    /// Some character upper-case (`al-Aqsa`, `eBay`).
    pub has_upper: bool,
    /// Only upper-case letters (at least one letter).
    pub all_caps: bool,
    /// Has any letter.
    pub alpha: bool,
    /// Has any digit.
    pub digit: bool,
    /// First-name frequency class (0 = not a first name).
    pub first_name: u8,
    /// Gazetteer kinds of a phrase starting here / covering this token.
    pub gaz: (u16, u16),
    /// Word-cluster ids at three granularities and the capitalisation class (0 = unknown).
    pub cluster: [u16; 4],
}

/// The shape class of a character.
#[inline]
fn shape_class(c: char) -> u8 {
    if c.is_ascii() {
        let b = c as u8;
        if b.is_ascii_uppercase() {
            b'X'
        } else if b.is_ascii_lowercase() {
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        }
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else {
        b'~'
    }
}

/// [`ASCII_FACTS`] flag: an upper-case letter.
const IS_UPPER: u32 = 1 << 16;
/// [`ASCII_FACTS`] flag: a lower-case letter.
const IS_LOWER: u32 = 1 << 17;
/// [`ASCII_FACTS`] flag: a digit.
const IS_DIGIT: u32 = 1 << 18;

/// Per ASCII byte: its lower-case form (bits 0–7), its [`shape_class`] (bits 8–15) and its
/// `IS_*` flags, so the ASCII path reads one table entry per byte.
static ASCII_FACTS: [u32; 128] = {
    let mut t = [0u32; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let (shape, flag) = if b.is_ascii_uppercase() {
            (b'X', IS_UPPER)
        } else if b.is_ascii_lowercase() {
            (b'x', IS_LOWER)
        } else if b.is_ascii_digit() {
            (b'd', IS_DIGIT)
        } else {
            (b, 0)
        };
        t[i] = b.to_ascii_lowercase() as u32 | (shape as u32) << 8 | flag;
        i += 1;
    }
    t
};

/// Incremental compressed-shape hash.
struct Shape {
    h: u64,
    n: usize,
    last: u8,
}

impl Shape {
    #[inline]
    fn push(&mut self, m: u8) {
        if m != self.last && self.n < MAX_SHAPE {
            self.h = step(self.h, m);
            self.n += 1;
        }
        self.last = m;
    }
}

/// The facts of one token that depend on its text alone (lexicon and gazetteer fields are
/// left at zero).
pub fn token_info(w: &str) -> TokenInfo {
    let bytes = w.as_bytes();
    let mut shape = Shape {
        h: FNV_OFFSET,
        n: 0,
        last: 0,
    };
    let word;
    let (mut lower, mut norm) = (FNV_OFFSET, FNV_OFFSET);
    let (mut has_upper, mut has_lower, mut alpha, mut digit) = (false, false, false, false);
    if bytes.is_ascii() {
        // One hash chain in the common case: the exact word equals its lower-cased form
        // without upper-case letters, and the digit-folded form equals it without digits.
        let mut flags = 0;
        for &b in bytes {
            let e = ASCII_FACTS[usize::from(b & 0x7f)];
            lower = step(lower, e as u8);
            shape.push((e >> 8) as u8);
            flags |= e;
        }
        has_upper = flags & IS_UPPER != 0;
        has_lower = flags & IS_LOWER != 0;
        alpha = has_upper || has_lower;
        digit = flags & IS_DIGIT != 0;
        word = if has_upper { hash_bytes(bytes) } else { lower };
        norm = if digit {
            bytes.iter().fold(FNV_OFFSET, |h, &b| {
                step(
                    h,
                    if b.is_ascii_digit() {
                        b'0'
                    } else {
                        b.to_ascii_lowercase()
                    },
                )
            })
        } else {
            lower
        };
    } else {
        word = hash_bytes(bytes);
        for c in w.chars() {
            if c == '’' {
                lower = step(lower, b'\'');
                norm = step(norm, b'\'');
            } else if c.is_ascii() {
                let l = c.to_ascii_lowercase() as u8;
                lower = step(lower, l);
                norm = step(norm, if c.is_ascii_digit() { b'0' } else { l });
            } else {
                for l in c.to_lowercase() {
                    lower = step_char(lower, l);
                    norm = step_char(norm, l);
                }
            }
            has_upper |= c.is_uppercase();
            has_lower |= c.is_lowercase();
            alpha |= c.is_alphabetic();
            digit |= c.is_ascii_digit();
            shape.push(shape_class(c));
        }
    }
    let cap = w.chars().next().is_some_and(char::is_uppercase);
    TokenInfo {
        word,
        lower,
        norm,
        shape: shape.h,
        cap,
        has_upper,
        all_caps: alpha && !has_lower,
        alpha,
        digit,
        ..TokenInfo::default()
    }
}

/// The hash of a shape given as text (`"Xx"`), for comparisons.
pub const fn shape_hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < b.len() {
        h = (h ^ b[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// Hashes of the lower-cased 1–4 character prefixes (`[0..4]`) and suffixes (`[4..8]`) of a
/// word; 0 where the word is shorter.
pub fn affixes(w: &str) -> [u64; 8] {
    let mut out = [0u64; 8];
    if w.is_ascii() {
        let b = w.as_bytes();
        let mut h = FNV_OFFSET;
        for (k, &c) in b.iter().take(4).enumerate() {
            h = step(h, c.to_ascii_lowercase());
            out[k] = h;
        }
        for k in 1..=b.len().min(4) {
            let mut h = FNV_OFFSET;
            for &c in &b[b.len() - k..] {
                h = step(h, c.to_ascii_lowercase());
            }
            out[3 + k] = h;
        }
        return out;
    }
    let mut lower = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '’' => lower.push('\''),
            c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
            c => lower.extend(c.to_lowercase()),
        }
    }
    let chars: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    for k in 1..=4usize.min(chars.len()) {
        let end = chars.get(k).copied().unwrap_or(lower.len());
        out[k - 1] = hash_bytes(&lower.as_bytes()[..end]);
        out[3 + k] = hash_bytes(&lower.as_bytes()[chars[chars.len() - k]..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::hash_str;

    /// The reference definitions the fast paths must agree with.
    fn reference(w: &str) -> (u64, u64, u64, [u64; 8]) {
        let mut lower = String::new();
        for c in w.chars() {
            match c {
                '’' => lower.push('\''),
                c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
                c => lower.extend(c.to_lowercase()),
            }
        }
        let norm: String = lower
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        let mut aff = [0u64; 8];
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for k in 1..=4usize.min(chars.len()) {
            let end = chars.get(k).map_or(lower.len(), |(i, _)| *i);
            aff[k - 1] = hash_str(&lower[..end]);
            aff[3 + k] = hash_str(&lower[chars[chars.len() - k].0..]);
        }
        (hash_str(w), hash_str(&lower), hash_str(&norm), aff)
    }

    #[test]
    fn fast_hashes_match_reference() {
        for w in [
            "Pakistan",
            "U.S.",
            "1,000",
            "McCormack",
            "NATO",
            "Jamaat-ud-Dawa",
            "India’s",
            "São",
            "ÉCOLE",
            "x",
            "",
            "Straße",
            "İstanbul",
            "al-Aqsa",
            "42nd",
        ] {
            let t = token_info(w);
            let (word, lower, norm, aff) = reference(w);
            assert_eq!((t.word, t.lower, t.norm), (word, lower, norm), "{w}");
            assert_eq!(affixes(w), aff, "{w}");
        }
    }

    #[test]
    fn shapes_and_flags_table() {
        let cases = [
            ("Pakistan", "Xx", true, true, false),
            ("U.S.", "X.X.", true, true, true),
            ("1,000", "d,d", false, false, false),
            ("McCormack", "XxXx", true, true, false),
            ("NATO", "X", true, true, true),
            ("Jamaat-ud-Dawa", "Xx-x-Xx", true, true, false),
            ("al-Aqsa", "x-Xx", false, true, false),
            ("São", "Xx", true, true, false),
        ];
        for (w, shape, cap, has_upper, all_caps) in cases {
            let t = token_info(w);
            assert_eq!(t.shape, hash_str(shape), "{w}");
            assert_eq!(
                (t.cap, t.has_upper, t.all_caps),
                (cap, has_upper, all_caps),
                "{w}"
            );
        }
        assert_eq!(shape_hash("Xx"), hash_str("Xx"));
    }
}
