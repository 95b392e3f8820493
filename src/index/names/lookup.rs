//! The index's names and words close to what a user typed, for suggestions and `--fuzzy`.
//!
//! Names: the transliteration key of the text ([`crate::variants::key`]) is looked up in the
//! `namekeys` term dictionaries with a Levenshtein automaton (its terms start with the key), so
//! `Hafeez Sayeed` finds `Hafiz Saeed` (one key) and `Lashkar-e-Toiba` finds `Lashkar-e-Taiba`
//! (one vowel apart); each candidate is then measured with the transliteration-aware distance
//! and kept within what the key's length allows. Words: the same over the title and body term
//! dictionaries, one indexed word at a time. A variant keeps the first letter, or one of its
//! class (see [`first_bytes`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy_fst::Automaton;

use super::terms::split_namekey;
use super::{Kind, SEP};
use crate::index::schema::Fields;
use crate::variants::distance::{UNIT, letters};
use crate::variants::{allowed, distance, key};

/// Candidates kept per lookup.
const MAX_CANDIDATES: usize = 20;
/// Longest key looked up: names are shorter, and an automaton grows with its word.
const MAX_KEY_BYTES: usize = 64;

/// A name of the index close to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCandidate {
    /// Its kind.
    pub kind: Kind,
    /// The name, as most articles write it.
    pub name: String,
    /// Its distance to the text, in quarters of an edit.
    pub cost: u32,
    /// Articles naming it (deleted ones included until segments merge).
    pub articles: u64,
}

/// An indexed word close to a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCandidate {
    /// The indexed form (lower-cased, stemmed).
    pub term: String,
    /// Its distance, in quarters of an edit.
    pub cost: u32,
    /// Articles with it, in the field where it is most frequent.
    pub articles: u64,
}

/// The Levenshtein automaton builder for `d` edits (transpositions count one), made once.
fn builder(d: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let d = d.min(2);
    BUILDERS[usize::from(d)].get_or_init(|| LevenshteinAutomatonBuilder::new(d, true))
}

/// Edits the automaton allows for a weighted allowance: the cheap edits (vowels, `h`, spaces)
/// make two within one ordinary edit, but the automaton's cost grows fast after two.
fn automaton_edits(limit: u32) -> u8 {
    match limit {
        0 => 0,
        l if l <= UNIT / 2 => 1,
        _ => 2,
    }
}

/// The state of an automaton below before its first byte.
const START: u32 = u32::MAX;

/// The first bytes a variant of a word starting with `b` may start with: `b`, any vowel for a
/// vowel (`Osama`, `Usama`), `c`, `k` or `q` for one of them (`Qaeda`, `Kaeda`), `s` or `z`.
/// A variant rarely starts otherwise, and keeping to these makes the automaton read a small
/// part of a dictionary instead of every short prefix in it.
fn first_bytes(b: u8) -> [bool; 256] {
    const CLASSES: [&[u8]; 3] = [b"aeiouy", b"ckq", b"sz"];
    let mut ok = [false; 256];
    ok[usize::from(b)] = true;
    for class in CLASSES {
        if class.contains(&b) {
            for &c in class {
                ok[usize::from(c)] = true;
            }
        }
    }
    ok
}

/// A Levenshtein DFA whose first byte is one of [`first_bytes`] of the word's.
struct Gated {
    dfa: DFA,
    first: [bool; 256],
}

impl Gated {
    fn new(edits: u8, word: &str) -> Gated {
        Gated {
            dfa: builder(edits).build_dfa(word),
            first: first_bytes(word.bytes().next().unwrap_or(0)),
        }
    }

    fn step(&self, state: u32, byte: u8) -> u32 {
        match state {
            START if self.first[usize::from(byte)] => {
                self.dfa.transition(self.dfa.initial_state(), byte)
            }
            START => SINK_STATE,
            s => self.dfa.transition(s, byte),
        }
    }

    fn within(&self, state: u32) -> bool {
        let s = if state == START {
            self.dfa.initial_state()
        } else {
            state
        };
        matches!(self.dfa.distance(s), Distance::Exact(_))
    }
}

/// Matches the terms whose text up to the first [`SEP`] is within the DFA's distance.
struct KeyPrefix(Gated);

impl Automaton for KeyPrefix {
    /// `Some(state)` while reading the key; `None` once past it (everything matches).
    type State = Option<u32>;

    fn start(&self) -> Option<u32> {
        Some(START)
    }

    fn is_match(&self, state: &Option<u32>) -> bool {
        state.is_none()
    }

    fn can_match(&self, state: &Option<u32>) -> bool {
        *state != Some(SINK_STATE)
    }

    fn will_always_match(&self, state: &Option<u32>) -> bool {
        state.is_none()
    }

    fn accept(&self, state: &Option<u32>, byte: u8) -> Option<u32> {
        match *state {
            None => None,
            Some(s) if byte == SEP as u8 => {
                if self.0.within(s) {
                    None
                } else {
                    Some(SINK_STATE)
                }
            }
            Some(s) => Some(self.0.step(s, byte)),
        }
    }
}

/// Matches the terms within the DFA's distance.
struct Whole(Gated);

impl Automaton for Whole {
    type State = u32;

    fn start(&self) -> u32 {
        START
    }

    fn is_match(&self, state: &u32) -> bool {
        self.0.within(*state)
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.step(*state, byte)
    }
}

/// The names of the given kinds within reach of `text`, nearest and most frequent first; the
/// text's own spelling included when the index has it.
pub fn names(
    searcher: &Searcher,
    f: &Fields,
    kinds: &[Kind],
    text: &str,
) -> tantivy::Result<Vec<NameCandidate>> {
    let k = key(text);
    if k.is_empty() || k.len() > MAX_KEY_BYTES {
        return Ok(Vec::new());
    }
    let limit = allowed(letters(&k));
    // Nearest first: an automaton of one edit, and of two only when that finds nothing
    // (an automaton of two edits costs about as much as three of one).
    let mut found = BTreeMap::new();
    for edits in 1.min(automaton_edits(limit))..=automaton_edits(limit) {
        found = names_within(searcher, f, kinds, &k, limit, edits)?;
        if !found.is_empty() {
            break;
        }
    }
    let mut out: Vec<NameCandidate> = found
        .into_iter()
        .map(|((kind, _), (cost, articles, name, _))| NameCandidate {
            kind,
            name,
            cost,
            articles,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.cost, std::cmp::Reverse(a.articles), &a.name, a.kind).cmp(&(
            b.cost,
            std::cmp::Reverse(b.articles),
            &b.name,
            b.kind,
        ))
    });
    out.truncate(MAX_CANDIDATES);
    Ok(out)
}

/// Names found so far: (kind, lower-cased name) → (cost, articles, spelling shown, its
/// articles).
type Found = BTreeMap<(Kind, String), (u32, u64, String, u64)>;

/// The names of the given kinds whose key is within `edits` of `k` by the automaton and
/// within `limit` by the transliteration-aware distance.
fn names_within(
    searcher: &Searcher,
    f: &Fields,
    kinds: &[Kind],
    k: &str,
    limit: u32,
    edits: u8,
) -> tantivy::Result<Found> {
    let automaton = KeyPrefix(Gated::new(edits, k));
    let mut found = Found::new();
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(f.namekeys)?;
        let mut stream = inverted.terms().search(&automaton).into_stream()?;
        while stream.advance() {
            let Some((term_key, kind, name)) = split_namekey(stream.key()) else {
                continue;
            };
            if !kinds.contains(&kind) {
                continue;
            }
            let Some(cost) = distance(k, term_key, limit) else {
                continue;
            };
            let n = u64::from(stream.value().doc_freq);
            let e = found
                .entry((kind, name.to_lowercase()))
                .or_insert_with(|| (cost, 0, name.to_string(), 0));
            e.1 += n;
            if n > e.3 {
                (e.2, e.3) = (name.to_string(), n);
            }
        }
    }
    Ok(found)
}

/// The indexed words of `fields` within reach of the indexed word `word` (itself left out),
/// nearest and most frequent first.
pub fn words(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
) -> tantivy::Result<Vec<WordCandidate>> {
    let k = key(word);
    let limit = allowed(letters(&k));
    if limit == 0 || word.len() > MAX_KEY_BYTES {
        return Ok(Vec::new());
    }
    // Nearest first, as for names.
    let mut found = BTreeMap::new();
    for edits in 1..=automaton_edits(limit) {
        found = words_within(searcher, fields, word, &k, limit, edits)?;
        if !found.is_empty() {
            break;
        }
    }
    let mut out: Vec<WordCandidate> = found
        .into_iter()
        .map(|(term, (cost, per_field))| WordCandidate {
            term,
            cost,
            articles: per_field.into_iter().max().unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.cost, std::cmp::Reverse(a.articles), &a.term).cmp(&(
            b.cost,
            std::cmp::Reverse(b.articles),
            &b.term,
        ))
    });
    out.truncate(MAX_CANDIDATES);
    Ok(out)
}

/// The indexed words of `fields` within `edits` of `word` by the automaton and within `limit`
/// of its key `k` by the transliteration-aware distance: term → (cost, articles per field).
fn words_within(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    k: &str,
    limit: u32,
    edits: u8,
) -> tantivy::Result<BTreeMap<String, (u32, Vec<u64>)>> {
    let automaton = Whole(Gated::new(edits, word));
    let mut found: BTreeMap<String, (u32, Vec<u64>)> = BTreeMap::new();
    for (i, &field) in fields.iter().enumerate() {
        for seg in searcher.segment_readers() {
            let inverted = seg.inverted_index(field)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term == word {
                    continue;
                }
                let Some(cost) = distance(k, &key(term), limit) else {
                    continue;
                };
                let e = found
                    .entry(term.to_string())
                    .or_insert_with(|| (cost, vec![0; fields.len()]));
                e.1[i] += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy_fst::Automaton;

    fn run<A: Automaton>(a: &A, s: &str) -> bool {
        let mut st = a.start();
        for b in s.bytes() {
            if !a.can_match(&st) {
                return false;
            }
            st = a.accept(&st, b);
        }
        a.is_match(&st)
    }

    #[test]
    fn names_are_found_however_they_are_spelt() {
        use crate::index::names::test_index::{Doc, build};
        let ix = build(&[
            Doc {
                text: "x",
                people: &["Hafiz Saeed"],
                places: &["Lahore"],
                orgs: &["Lashkar-e-Taiba", "Lashkar-e-Jhangvi", "Jamaat-ud-Dawa"],
            },
            Doc {
                text: "Lashkar-e-Taiba said.",
                people: &["Hafiz Saeed"],
                places: &[],
                orgs: &["Lashkar-e-Taiba"],
            },
        ]);
        let searcher = ix.reader().unwrap().searcher();
        let find = |kinds: &[Kind], text: &str| {
            names(&searcher, &ix.fields, kinds, text)
                .unwrap()
                .into_iter()
                .map(|c| (c.name, c.cost, c.articles))
                .collect::<Vec<_>>()
        };
        let s = |n: &str, cost, a| (n.to_string(), cost, a);
        assert_eq!(
            find(&Kind::ALL, "Hafeez Sayeed"),
            vec![s("Hafiz Saeed", 0, 2)]
        );
        assert_eq!(
            find(&Kind::ALL, "Lashkar-e-Toiba"),
            vec![s("Lashkar-e-Taiba", 2, 2)]
        );
        assert_eq!(
            find(&Kind::ALL, "Jamat ud Dawah"),
            vec![s("Jamaat-ud-Dawa", 0, 1)]
        );
        // Kinds are kept apart, and far names are not found.
        assert!(find(&[Kind::People], "Lashkar-e-Toiba").is_empty());
        assert!(find(&Kind::ALL, "Lashkar-e-Mohammed").is_empty());
        let words: Vec<String> = words(&searcher, &[ix.fields.body], "toiba")
            .unwrap()
            .into_iter()
            .map(|w| w.term)
            .collect();
        assert_eq!(words, vec!["taiba"]);
    }

    #[test]
    fn key_prefix_automaton_matches_close_keys_then_anything() {
        let a = KeyPrefix(Gated::new(1, "lashkar taiba"));
        assert!(run(&a, "lashkar toiba\x1fo\x1fLashkar-e-Toiba"));
        assert!(run(&a, "lashkar taiba\x1fo\x1fLashkar-e-Taiba"));
        assert!(!run(&a, "lashkar taiba pakistan\x1fo\x1fX"));
        assert!(!run(&a, "lashkar taiba"));
        let w = Whole(Gated::new(2, "hafeez"));
        assert!(run(&w, "hafiz"));
        assert!(!run(&w, "hafizullah"));
        // The first letter is kept, or one of its class.
        assert!(!run(&w, "rafeez"));
        let o = Whole(Gated::new(1, "osama"));
        assert!(run(&o, "usama"));
        assert!(run(&Whole(Gated::new(1, "qaeda")), "kaeda"));
    }
}
