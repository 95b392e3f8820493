//! The word tokenizer of the prose analyzer, in one pass.
//!
//! It gives exactly the tokens of tantivy's `SimpleTokenizer` followed by
//! `RemoveLongFilter::limit(40)`, `LowerCaser` and `AsciiFoldingFilter`: runs of alphanumeric
//! characters, with their byte offsets and positions (a dropped long word still takes its
//! position), lower-cased and folded to ASCII. Those four stages decoded every character, and
//! copied and re-scanned every token three times: about 5 % of an index build's instructions.
//! Here ASCII text, nearly all of a news archive, is split and lower-cased byte by byte in one
//! scan; a word with other characters goes through tantivy's own lower-casing and folding.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words of this many bytes or more are dropped (`RemoveLongFilter::limit`).
pub const MAX_WORD_BYTES: usize = 40;

/// Tokenizer: alphanumeric runs, lower-cased and folded to ASCII, long words dropped.
#[derive(Clone)]
pub struct WordTokenizer {
    token: Token,
    /// Lower-cases and folds one non-ASCII word, as the filters it replaces do.
    fold: TextAnalyzer,
}

impl Default for WordTokenizer {
    fn default() -> Self {
        WordTokenizer {
            token: Token::default(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

/// The token stream of one text.
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    token: &'a mut Token,
    fold: &'a mut TextAnalyzer,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
            fold: &mut self.fold,
        }
    }
}

/// Whether the character at byte `i` of `text` (a character boundary, not ASCII) is
/// alphanumeric, and its length in bytes.
#[cold]
fn wide_char_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// [`CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`CLASS`] bit: an ASCII upper-case letter.
const UPPER: u8 = 2;
/// [`CLASS`] bit: a byte of a non-ASCII character.
const WIDE: u8 = 4;

/// The class bits of each byte value: one load per byte decides the common cases.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if !c.is_ascii() {
            WIDE
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// A run of alphanumeric characters.
struct Run {
    from: usize,
    to: usize,
    /// The union of the [`CLASS`] bits of its bytes.
    class: u8,
}

impl WordStream<'_> {
    /// The next alphanumeric run at or after `self.at`.
    #[inline]
    fn next_run(&mut self) -> Option<Run> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut i = self.at;
        let from = loop {
            let c = CLASS[usize::from(*bytes.get(i)?)];
            if c & ALNUM != 0 {
                break i;
            }
            if c & WIDE == 0 {
                i += 1;
            } else {
                let (alnum, len) = wide_char_at(text, i);
                if alnum {
                    break i;
                }
                i += len;
            }
        };
        let (mut to, mut class) = (from, 0);
        while let Some(&b) = bytes.get(to) {
            let c = CLASS[usize::from(b)];
            if c & ALNUM != 0 {
                class |= c;
                to += 1;
            } else if c & WIDE == 0 {
                break;
            } else {
                let (alnum, len) = wide_char_at(text, to);
                if !alnum {
                    break;
                }
                class |= c;
                to += len;
            }
        }
        self.at = to;
        Some(Run { from, to, class })
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            self.token.text.clear();
            self.token.position = self.token.position.wrapping_add(1);
            let Some(Run { from, to, class }) = self.next_run() else {
                self.at = self.text.len();
                return false;
            };
            if to - from >= MAX_WORD_BYTES {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            let word = &self.text[from..to];
            if class & WIDE != 0 {
                let mut folded = self.fold.token_stream(word);
                if folded.advance() {
                    self.token.text.push_str(&folded.token().text);
                }
            } else {
                self.token.text.push_str(word);
                if class & UPPER != 0 {
                    self.token.text.make_ascii_lowercase();
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    /// The tokens of `text` from a fresh copy of `analyzer`.
    fn tokens(analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        crate::index::test_util::tokens(&mut { analyzer }, text)
    }

    fn chain() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    }

    #[test]
    fn same_tokens_as_the_tantivy_chain() {
        let long = "x".repeat(MAX_WORD_BYTES);
        let just_short = "y".repeat(MAX_WORD_BYTES - 1);
        let texts = [
            String::new(),
            "   ".to_string(),
            "Hello, happy tax payer!".to_string(),
            "U.S. crude-oil output rose 1,000.5 bpd in Q3 -- OPEC's".to_string(),
            format!("before {long} after {just_short} end"),
            "Café São Paulo ÉCOLE naïve Straße ½ x² ΣΑΣ İstanbul ﬁne".to_string(),
            "Jamaat-ud-Dawa’s chief “said” — in Lahore…".to_string(),
            "mixed日本語text 東京 and Ωmega, 123abc".to_string(),
            format!("{}é {}", "a".repeat(38), "é".repeat(20)),
            "\u{212A}elvin \u{0130}I end.\t\r\nnext\u{a0}word".to_string(),
        ];
        for text in &texts {
            let mut ours = TextAnalyzer::builder(WordTokenizer::default()).build();
            let want = tokens(chain(), text);
            assert_eq!(tokens(ours.clone(), text), want, "{text:?}");
            // The tokenizer is reused across values, as tantivy does.
            assert_eq!(tokens(ours.clone(), text), want, "{text:?} again");
            let _ = ours.token_stream("warm up with another text").advance();
            assert_eq!(tokens(ours, text), want, "{text:?} after another");
        }
    }

    #[test]
    fn same_tokens_on_every_short_mix_of_characters() {
        // Every string of up to three characters from a mixed alphabet.
        let alphabet = ['a', 'Z', '0', ' ', '.', '-', 'é', 'Σ', '日', '’', '\u{a0}'];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        assert_eq!(texts.len(), 1 + 11 + 121 + 1331);
        let ours = TextAnalyzer::builder(WordTokenizer::default()).build();
        for text in &texts {
            assert_eq!(
                tokens(ours.clone(), text),
                tokens(chain(), text),
                "{text:?}"
            );
        }
    }
}
