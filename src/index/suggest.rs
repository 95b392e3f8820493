//! "Did you mean": when a word, phrase or name of a query finds nothing or little, the names
//! and words of the index closest to it that find more, each with the number of articles it
//! finds alone.
//!
//! What gets suggestions: each word or phrase of the query (not excluded, not a prefix), in
//! title and body or in `person:`, `place:`, `org:`; and a run of two or more plain words
//! (`Hafeez Sayeed`), which may be a name typed without quotes, before its words one by one.
//! One finds little below [`LITTLE`] articles (a word or phrase none of whose words is rare is
//! taken as spelt right). What is suggested ([`super::names::lookup`]):
//! names within reach of its transliteration key, the long form of an acronym the archive
//! introduces, and for text, its rare words' close variants in phrases the index has; each only
//! if it finds [`MORE`] times as many articles, nearest first, at most [`MAX_SUGGESTIONS`].
//! Names are shown as the archive writes them, words as the best matching article does.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Occur, Query};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Term, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument};

use super::expand::{Expander, MAX_NAME_WORDS, entity_clause, plain_word};
use super::names::map::LazyNameMap;
use super::names::{Kind, lookup};
use super::schema::{TEXT_ANALYZER, names};
use super::search::{parse_ast, query_parser};
use super::store::NewsIndex;
use crate::ner::normalize::is_acronym;

/// A word, phrase or name finding fewer articles than this gets suggestions.
pub const LITTLE: u64 = 5;
/// A suggestion must find this many times the articles of what was typed.
pub const MORE: u64 = 3;
/// Suggestions for one word, phrase or name.
pub const MAX_SUGGESTIONS: usize = 3;
/// Candidates counted for one word, phrase or name.
const MAX_CANDIDATES: usize = 12;
/// Words, phrases and names of one query that may get suggestions (a long query's first).
const MAX_TARGETS: usize = 8;

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word, phrase or name of the query it is for.
    #[serde(rename = "for")]
    pub typed: String,
    /// The suggested name, word or phrase, as the archive writes it.
    pub text: String,
    /// The query part that searches for it (`"Jamaat-ud-Dawa"`, `org:"Lashkar-e-Taiba"`).
    pub query: String,
    /// The articles that query finds alone.
    pub articles: u64,
}

/// A part of the query that may get suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// The schema field, `None` for title and body.
    field: Option<String>,
    /// The text as typed.
    text: String,
    /// The number of single words it is made of, for a run of plain words.
    words: usize,
}

/// A candidate suggestion before it is counted.
struct Candidate {
    text: String,
    query: String,
    /// Its literal, to count it.
    literal: UserInputLiteral,
    /// For words of the index: their indexed forms, to find how an article writes them.
    stems: Option<Vec<String>>,
    cost: u32,
}

/// The suggestions for a query (see the module documentation).
pub fn suggest(ix: &NewsIndex, query: &str) -> anyhow::Result<Vec<Suggestion>> {
    let ast = parse_ast(query)?;
    let mut targets = Vec::new();
    collect(&ast, false, &mut targets);
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let map = LazyNameMap::new(ix);
    let mut s = Suggester {
        ix,
        map: &map,
        searcher: ix.reader()?.searcher(),
        analyzer: ix.index.tokenizers().get(TEXT_ANALYZER).unwrap_or_default(),
        variants: HashMap::new(),
    };
    let mut out: Vec<Suggestion> = Vec::new();
    // Words already covered by a suggestion for the run they are in.
    let mut covered: Vec<String> = Vec::new();
    for t in targets.iter().take(MAX_TARGETS) {
        if t.words == 1 && covered.contains(&t.text) {
            continue;
        }
        let found = s.for_target(t)?;
        if t.words > 1 && !found.is_empty() {
            covered.extend(t.text.split_whitespace().map(str::to_string));
        }
        out.extend(found);
    }
    Ok(out)
}

/// The parts of a query that may get suggestions, runs of plain words before their words.
fn collect(ast: &UserInputAst, negated: bool, out: &mut Vec<Target>) {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut run: Vec<&str> = Vec::new();
            let flush = |run: &mut Vec<&str>, out: &mut Vec<Target>| {
                if (2..=MAX_NAME_WORDS).contains(&run.len()) {
                    out.push(Target {
                        field: None,
                        text: run.join(" "),
                        words: run.len(),
                    });
                }
                run.clear();
            };
            let mut singles = Vec::new();
            for (occur, a) in clauses {
                let neg = negated || *occur == Some(Occur::MustNot);
                match plain_word(*occur, a).filter(|_| !neg) {
                    Some(word) => run.push(word),
                    None => flush(&mut run, out),
                }
                collect(a, neg, &mut singles);
            }
            flush(&mut run, out);
            out.extend(singles);
        }
        UserInputAst::Boost(a, _) => collect(a, negated, out),
        UserInputAst::Leaf(leaf) => {
            if let UserInputLeaf::Literal(l) = &**leaf {
                let field_ok = match l.field_name.as_deref() {
                    None | Some(names::TITLE) | Some(names::BODY) => true,
                    Some(f) => Kind::from_field_name(f).is_some(),
                };
                let text = l.phrase.trim_end_matches('~').trim();
                if !negated && !l.prefix && field_ok && !text.is_empty() {
                    out.push(Target {
                        field: l.field_name.clone(),
                        text: text.to_string(),
                        words: 1,
                    });
                }
            }
        }
    }
}

/// The way a user writes a field in a query.
fn field_alias(field: &str) -> &str {
    match field {
        names::PEOPLE => "person",
        names::PLACES => "place",
        names::ORGANISATIONS => "org",
        other => other,
    }
}

/// A literal of a field.
fn literal(field: Option<&str>, phrase: &str, quoted: bool) -> UserInputLiteral {
    UserInputLiteral {
        field_name: field.map(str::to_string),
        phrase: phrase.to_string(),
        delimiter: if quoted {
            Delimiter::DoubleQuotes
        } else {
            Delimiter::None
        },
        slop: 0,
        prefix: false,
    }
}

struct Suggester<'a> {
    ix: &'a NewsIndex,
    map: &'a LazyNameMap<'a>,
    searcher: Searcher,
    analyzer: TextAnalyzer,
    /// The close variants of each rare word looked up so far.
    variants: HashMap<String, Vec<lookup::WordCandidate>>,
}

impl Suggester<'_> {
    /// The indexed words of a text.
    fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// Articles a literal finds, its names standing for all their spellings.
    fn count(&mut self, lit: &UserInputLiteral) -> anyhow::Result<u64> {
        let q: Box<dyn Query> = match lit.field_name.as_deref().and_then(Kind::from_field_name) {
            Some(kind) => entity_clause(
                self.ix,
                self.map.get(),
                kind.field(&self.ix.fields),
                &lit.phrase,
            ),
            None => {
                let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit.clone())));
                let ast = Expander::new(self.ix, self.map, false).expand(ast)?;
                query_parser(self.ix).build_query_from_user_input_ast(ast)?
            }
        };
        Ok(self.searcher.search(&*q, &Count)? as u64)
    }

    /// Whether an indexed word is in fewer than [`LITTLE`] articles (titles or bodies).
    fn is_rare(&self, token: &str) -> anyhow::Result<bool> {
        let f = self.ix.fields;
        let mut df = 0;
        for field in [f.title, f.body] {
            df = df.max(
                self.searcher
                    .doc_freq(&Term::from_field_text(field, token))?,
            );
        }
        Ok(df < LITTLE)
    }

    /// Whether some word of a text is rare ([`Self::is_rare`]).
    fn has_rare_word(&mut self, text: &str) -> anyhow::Result<bool> {
        for t in self.tokens(text) {
            if self.is_rare(&t)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn for_target(&mut self, t: &Target) -> anyhow::Result<Vec<Suggestion>> {
        let field = t.field.as_deref();
        let kind = field.and_then(Kind::from_field_name);
        // A word or phrase whose words all many articles have is spelt right (a run of plain
        // words may still be a name spelt otherwise: `Chun Do Hwan`, `Midland sank Plc`).
        if kind.is_none() && t.words == 1 && !self.has_rare_word(&t.text)? {
            return Ok(Vec::new());
        }
        let typed = self.count(&literal(field, &t.text, t.words > 1))?;
        if typed >= LITTLE {
            return Ok(Vec::new());
        }
        let mut candidates = self.names(t, kind)?;
        if kind.is_none() {
            candidates.extend(self.words(t)?);
        }
        let mut scored: Vec<(u32, u64, Candidate)> = Vec::new();
        for c in candidates.into_iter().take(MAX_CANDIDATES) {
            let n = self.count(&c.literal)?;
            if n > typed && n >= MORE * typed {
                scored.push((c.cost, n, c));
            }
        }
        scored.sort_by_key(|a| (a.0, std::cmp::Reverse(a.1)));
        let mut out: Vec<Suggestion> = Vec::new();
        for (_, n, c) in scored {
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
            let text = match &c.stems {
                Some(stems) => self.surface(&c.literal, stems)?.unwrap_or(c.text),
                None => c.text,
            };
            if out.iter().any(|s| s.text.eq_ignore_ascii_case(&text)) {
                continue;
            }
            let query = match &c.stems {
                Some(stems) if stems.len() > 1 => format!("\"{text}\""),
                Some(_) => text.clone(),
                None => c.query,
            };
            out.push(Suggestion {
                typed: t.text.clone(),
                text,
                query,
                articles: n,
            });
        }
        Ok(out)
    }

    /// Names within reach of the text, and the long form of an acronym the archive introduces.
    fn names(&mut self, t: &Target, kind: Option<Kind>) -> anyhow::Result<Vec<Candidate>> {
        let kinds: Vec<Kind> = kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
        let field = t.field.as_deref();
        let mut found: Vec<(String, u32)> = Vec::new();
        for c in lookup::names(&self.searcher, &self.ix.fields, &kinds, &t.text)? {
            if !c.name.eq_ignore_ascii_case(&t.text) {
                found.push((c.name, c.cost));
            }
        }
        if is_acronym(&t.text) {
            for k in &kinds {
                if let Some(a) = self.map.get().alias(*k, &t.text) {
                    found.push((a.long.clone(), 0));
                }
            }
        }
        let mut out = Vec::new();
        for (name, cost) in found {
            let clean = name.replace('"', "");
            let query = match field {
                Some(f) => format!("{}:\"{clean}\"", field_alias(f)),
                None => format!("\"{clean}\""),
            };
            out.push(Candidate {
                literal: literal(field, &clean, true),
                text: name,
                query,
                stems: None,
                cost,
            });
        }
        Ok(out)
    }

    /// Phrases of the index made of the text's words and their close variants.
    fn words(&mut self, t: &Target) -> anyhow::Result<Vec<Candidate>> {
        let f = self.ix.fields;
        let tokens = self.tokens(&t.text);
        let mut options: Vec<Vec<(String, u32)>> = Vec::new();
        for tok in &tokens {
            let mut these = vec![(tok.clone(), 0)];
            // Only rare words are looked for: a word many articles have is spelt right.
            let variants = match self.variants.get(tok) {
                Some(v) => v.clone(),
                None if self.is_rare(tok)? => {
                    let v = lookup::words(&self.searcher, &[f.title, f.body], tok)?;
                    self.variants.insert(tok.clone(), v.clone());
                    v
                }
                None => Vec::new(),
            };
            for w in variants {
                if these.len() > 3 {
                    break;
                }
                if self.tokens(&w.term) == [w.term.clone()] {
                    these.push((w.term, w.cost));
                }
            }
            options.push(these);
        }
        let mut out = Vec::new();
        for picks in super::expand::pick_combinations(&options, MAX_CANDIDATES) {
            let stems: Vec<String> = picks.iter().map(|(w, _)| w.clone()).collect();
            let text = stems.join(" ");
            out.push(Candidate {
                literal: literal(t.field.as_deref(), &text, stems.len() > 1),
                query: text.clone(),
                text,
                cost: picks.iter().map(|(_, c)| c).sum(),
                stems: Some(stems),
            });
        }
        Ok(out)
    }

    /// How the best matching article writes a run of indexed words (`Jamaat-ud-Dawa` for
    /// `jamaat ud dawa`).
    fn surface(
        &mut self,
        lit: &UserInputLiteral,
        stems: &[String],
    ) -> anyhow::Result<Option<String>> {
        let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit.clone())));
        let q = query_parser(self.ix).build_query_from_user_input_ast(ast)?;
        let Some((_, addr)) = self
            .searcher
            .search(&*q, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let f = self.ix.fields;
        for field in [f.title, f.body] {
            for v in doc.get_all(field) {
                let Some(text) = v.as_str() else { continue };
                if let Some(span) = self.find(text, stems) {
                    return Ok(Some(span));
                }
            }
        }
        Ok(None)
    }

    /// The text of the first run of tokens of `text` equal to `stems`.
    fn find(&mut self, text: &str, stems: &[String]) -> Option<String> {
        let mut tokens: Vec<(String, usize, usize)> = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            tokens.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        tokens
            .windows(stems.len())
            .find(|w| w.iter().zip(stems).all(|(t, s)| t.0 == *s))
            .map(|w| text[w[0].1..w[w.len() - 1].2].to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(query: &str) -> Vec<(Option<String>, String, usize)> {
        let mut out = Vec::new();
        collect(&parse_ast(query).unwrap(), false, &mut out);
        out.into_iter()
            .map(|t| (t.field, t.text, t.words))
            .collect()
    }

    #[test]
    fn runs_of_plain_words_come_before_their_words() {
        let t = |f: Option<&str>, text: &str, w| (f.map(str::to_string), text.to_string(), w);
        let cases = [
            (
                "Hafeez Sayeed",
                vec![
                    t(None, "Hafeez Sayeed", 2),
                    t(None, "Hafeez", 1),
                    t(None, "Sayeed", 1),
                ],
            ),
            // Quoted phrases, fields and fuzzy marks: one target each, no run across them.
            (
                "\"Jamat ud Dawa\" org:LeT~ Lahore",
                vec![
                    t(None, "Jamat ud Dawa", 1),
                    t(Some("organisations"), "LeT", 1),
                    t(None, "Lahore", 1),
                ],
            ),
            // Excluded words, other fields and prefixes get nothing.
            (
                "oil -Toiba source:Reuters \"pri\"*",
                vec![t(None, "oil", 1)],
            ),
            ("a OR b", vec![t(None, "a", 1), t(None, "b", 1)]),
            // A run longer than a name is no name.
            (
                "a b c d e f g",
                ["a", "b", "c", "d", "e", "f", "g"]
                    .iter()
                    .map(|w| t(None, w, 1))
                    .collect(),
            ),
        ];
        for (query, want) in cases {
            assert_eq!(targets(query), want, "{query}");
        }
    }
}
