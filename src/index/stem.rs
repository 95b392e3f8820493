//! English stemming with a cache of recent words.
//!
//! Snowball stemming took about 15 % of an index build's CPU, and news prose repeats its words: a
//! few thousand distinct words make up most tokens. This filter gives the same stems as tantivy's
//! `Stemmer` (it runs the same `frostem` algorithm) but remembers the stem of each recent word in a
//! direct-mapped table, so a repeated word costs one hash and one comparison.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::schema::fnv1a64;

/// Slots of the cache of each analyzer copy (tantivy clones the analyzer per segment writer):
/// 4 MB. A body vocabulary over a large corpus is long-tailed; 16,384 slots still sent enough
/// words to the stemmer that 65,536 saved 2.7 % of a build's user CPU (200 MB corpus, four
/// alternating builds: 45.1 -> 43.9 s).
const SLOTS: usize = 1 << 16;

/// Token filter: English Snowball stems, cached. Tokens must be lower-cased beforehand.
#[derive(Clone)]
pub struct CachedStemmer {
    slots: usize,
}

impl CachedStemmer {
    /// A stemmer for English with the default cache size.
    pub fn english() -> CachedStemmer {
        CachedStemmer { slots: SLOTS }
    }

    /// A stemmer with a cache of `slots` entries (rounded up to a power of two).
    #[cfg(test)]
    fn with_slots(slots: usize) -> CachedStemmer {
        CachedStemmer {
            slots: slots.next_power_of_two(),
        }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: Cache::new(self.slots),
        }
    }
}

/// Longest word the cache holds, in bytes (the analyzer drops tokens of 40 bytes or more first).
const MAX_WORD: usize = 46;
/// Longest stem ending the cache holds, in bytes.
const MAX_TAIL: usize = 15;

/// One cache entry in one cache line: the word, and its stem as a prefix of the word plus an
/// ending (Snowball stems cut a suffix and sometimes add a letter or two: `ponies` -> `poni`).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// Length of `word`; 0 marks an empty slot.
    word_len: u8,
    /// Bytes of the word the stem starts with.
    keep: u8,
    tail_len: u8,
    tail: [u8; MAX_TAIL],
    word: [u8; MAX_WORD],
}

const EMPTY: Slot = Slot {
    word_len: 0,
    keep: 0,
    tail_len: 0,
    tail: [0; MAX_TAIL],
    word: [0; MAX_WORD],
};

/// Slots a cache starts with: tantivy clones the analyzer for every snippet and query, which
/// stem a few hundred words, so the full table is only allocated for long use.
const FIRST_SLOTS: usize = 256;
/// Words stemmed through the first, small table before it grows to full size (a snippet stems
/// one article: a few hundred words).
const GROW_AFTER: u32 = 4096;

/// The stemmer and its cache; each clone starts with an empty cache, allocated on first use
/// and grown to its full size once it has stemmed [`GROW_AFTER`] words.
pub struct Cache {
    stemmer: frostem::Stemmer,
    slots: Vec<Slot>,
    /// The full number of slots.
    size: usize,
    /// Words stemmed since the table was allocated, while it is not full size.
    uses: u32,
}

impl Cache {
    fn new(slots: usize) -> Cache {
        Cache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            slots: Vec::new(),
            size: slots.max(1),
            uses: 0,
        }
    }

    /// Replaces `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_WORD {
            return self.stem_uncached(word);
        }
        if self.slots.len() < self.size {
            if self.slots.is_empty() {
                self.slots = vec![EMPTY; self.size.min(FIRST_SLOTS)];
            } else if self.uses >= GROW_AFTER {
                self.slots = vec![EMPTY; self.size];
            }
            self.uses += 1;
        }
        let index = fnv1a64(bytes) as usize & (self.slots.len() - 1);
        let slot = &mut self.slots[index];
        if usize::from(slot.word_len) != bytes.len() || &slot.word[..bytes.len()] != bytes {
            let stem = self.stemmer.stem(word);
            // The longest common prefix, kept on a character boundary.
            let mut keep = stem.bytes().zip(bytes).take_while(|(a, b)| a == *b).count();
            while !stem.is_char_boundary(keep) {
                keep -= 1;
            }
            let tail = &stem.as_bytes()[keep..];
            if tail.len() > MAX_TAIL {
                // Not expressible in a slot: leave the slot as it is.
                return self.stem_uncached(word);
            }
            slot.word_len = bytes.len() as u8;
            slot.word[..bytes.len()].copy_from_slice(bytes);
            slot.keep = keep as u8;
            slot.tail_len = tail.len() as u8;
            slot.tail[..tail.len()].copy_from_slice(tail);
        }
        let keep = usize::from(slot.keep);
        let tail = &slot.tail[..usize::from(slot.tail_len)];
        if keep == bytes.len() && tail.is_empty() {
            return;
        }
        // `keep` is a character boundary of the word and `tail` a whole UTF-8 ending of the stem.
        word.truncate(keep);
        word.push_str(std::str::from_utf8(tail).unwrap_or_default());
    }

    /// Replaces `word` by its stem, without the cache.
    fn stem_uncached(&self, word: &mut String) {
        let stem = match self.stemmer.stem(word) {
            std::borrow::Cow::Owned(stem) => stem,
            std::borrow::Cow::Borrowed(same) if same == word.as_str() => return,
            std::borrow::Cow::Borrowed(other) => other.to_string(),
        };
        *word = stem;
    }
}

impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::new(self.size)
    }
}

/// A tokenizer followed by the cached stemmer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: Cache,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut Cache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::test_util::tokens;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    const TEXT: &str = "Running runners ran; the runner runs. Generously generous generalisations \
        generalized nothing. Oil prices rose as OPEC ministers met; prices, pricing and priced \
        oil. Caresses ponies ties caress cats feed agreed disabled matting mating meeting \
        milling messing meetings happy sky dying lying tying news newsdex newspapers \
        naïve résumés cafés façades Ωmegas überlieferungen \
        antidisestablishmentarianismsupercalifragilisticexpialidociousnesses";

    #[test]
    fn cached_stems_equal_tantivys_stems_even_when_slots_collide() {
        // Enough text that every word is seen again, through caches small enough to collide.
        let text = [TEXT; 3].join(" ");
        let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let want = tokens(&mut reference, &text);
        for slots in [1, 4, 64, SLOTS] {
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::with_slots(slots))
                .build();
            assert_eq!(tokens(&mut cached, &text), want, "{slots} slots");
            // A clone starts empty and still agrees.
            let mut clone = cached.clone();
            assert_eq!(tokens(&mut clone, &text), want, "clone, {slots} slots");
        }
    }

    #[test]
    fn the_cache_starts_small_and_grows_with_use() {
        let mut cache = Cache::new(SLOTS);
        assert!(cache.slots.is_empty());
        let mut w = "running".to_string();
        cache.stem_in_place(&mut w);
        assert_eq!((w.as_str(), cache.slots.len()), ("run", FIRST_SLOTS));
        for i in 0..GROW_AFTER {
            let mut w = if i % 2 == 0 { "ponies" } else { "cats" }.to_string();
            cache.stem_in_place(&mut w);
            assert!(w == "poni" || w == "cat", "{w}");
        }
        assert_eq!(cache.slots.len(), SLOTS);
        assert!(cache.clone().slots.is_empty());
    }

    #[test]
    fn stems_words_and_keeps_unstemmable_ones() {
        let mut cache = Cache::new(8);
        for (word, stem) in [("running", "run"), ("ponies", "poni"), ("oil", "oil")] {
            let mut w = word.to_string();
            cache.stem_in_place(&mut w);
            assert_eq!(w, stem);
            let plain = frostem::Stemmer::new(frostem::Algorithm::English);
            assert_eq!(w, plain.stem(word));
            // Second time from the cache.
            let mut w = word.to_string();
            cache.stem_in_place(&mut w);
            assert_eq!(w, stem);
        }
    }
}
