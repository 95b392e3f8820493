//! Rewriting a parsed query before it meets the index, so a name is found however it is spelt:
//!
//! - a value of `person:`, `place:` or `org:` stands for every spelling the archive gives that
//!   entity, and for an acronym the archive introduces, its long form (`org:JuD` is
//!   `org:(JuD OR "Jamaat-ud-Dawa" OR …)`); the `--person`, `--place` and `--org` filters do the
//!   same through [`entity_clause`];
//! - a word or phrase marked fuzzy (`Jamat-ud-Dawa~`, `"Hafeez Sayeed"~`, or every one with
//!   `--fuzzy`) stands also for its close variants in the index: the names within reach of its
//!   transliteration key, the acronyms and spellings of those names, and, word by word, the
//!   indexed words within reach (combined into phrases for a phrase).
//!
//! The `~` mark: a word or a closing double quote followed by `~` and no number. `"a b"~2`
//! keeps tantivy's meaning (the words at most two positions apart), and `"a b"~2` is not fuzzy.

use tantivy::Searcher;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::TextAnalyzer;

use super::names::map::{LazyNameMap, NameMap};
use super::names::{Kind, lookup};
use super::schema::{TEXT_ANALYZER, names};
use super::store::NewsIndex;

/// Name candidates a fuzzy word or phrase expands to.
const MAX_NAMES: usize = 6;
/// Word candidates per word of a fuzzy word or phrase.
const MAX_WORDS: usize = 3;
/// Most phrases a fuzzy phrase expands to from its words' variants.
const MAX_PHRASES: usize = 12;
/// Most fuzzy words, phrases and runs of one query looked up.
const MAX_LOOKUPS: usize = 16;
/// Most words of a run of plain words looked up as a name.
pub const MAX_NAME_WORDS: usize = 6;

/// What a fuzzy word or phrase was expanded to, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The word or phrase as typed (without its `~`).
    pub typed: String,
    /// The variants searched for besides it.
    pub variants: Vec<String>,
}

/// The query clause for a `--person`, `--place` or `--org` filter (or any keyword field): the
/// value, and for entity fields every spelling of the same entity in the map of names.
pub fn entity_clause(ix: &NewsIndex, map: &NameMap, field: Field, value: &str) -> Box<dyn Query> {
    let spellings = match Kind::of_field(&ix.fields, field) {
        Some(kind) => map.spellings(kind, value),
        None => vec![value.trim().to_lowercase()],
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = spellings
        .iter()
        .map(|s| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, s),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Moves the `~` of a fuzzy quoted phrase (`"a b"~` not followed by a digit) inside its quotes,
/// where it survives tantivy's grammar as part of the phrase (`"a b~"`); the text is otherwise
/// unchanged.
pub fn mark_fuzzy_phrases(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' && in_quotes && chars.peek() == Some(&'~') {
            let mut ahead = chars.clone();
            ahead.next();
            if !ahead.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
                out.push_str("~\"");
                in_quotes = false;
                continue;
            }
        }
        if c == '"' {
            in_quotes = !in_quotes;
        }
        out.push(c);
    }
    out
}

/// A literal's text without its fuzzy mark, and whether it had one.
fn strip_mark(phrase: &str) -> (&str, bool) {
    match phrase.strip_suffix('~') {
        Some(rest) if !rest.ends_with('\\') => (rest.trim_end(), true),
        _ => (phrase, false),
    }
}

/// Rewrites parsed queries (see the module documentation).
pub struct Expander<'a> {
    ix: &'a NewsIndex,
    map: &'a LazyNameMap<'a>,
    /// Every word and phrase is fuzzy (`--fuzzy`).
    fuzzy_all: bool,
    searcher: Option<Searcher>,
    analyzer: Option<TextAnalyzer>,
    /// Words, phrases and runs looked up so far.
    lookups: usize,
    /// What fuzzy words and phrases were expanded to.
    pub expansions: Vec<Expansion>,
}

impl<'a> Expander<'a> {
    /// An expander over an index and its map of names.
    pub fn new(ix: &'a NewsIndex, map: &'a LazyNameMap<'a>, fuzzy_all: bool) -> Expander<'a> {
        Expander {
            ix,
            map,
            fuzzy_all,
            searcher: None,
            analyzer: None,
            lookups: 0,
            expansions: Vec::new(),
        }
    }

    /// The rewritten query.
    pub fn expand(&mut self, ast: UserInputAst) -> tantivy::Result<UserInputAst> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(self.clauses(clauses)?),
            UserInputAst::Boost(a, boost) => UserInputAst::Boost(Box::new(self.expand(*a)?), boost),
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(lit) => self.literal(lit)?,
                other => UserInputAst::Leaf(Box::new(other)),
            },
        })
    }

    /// The clauses of a clause, rewritten. With `--fuzzy`, a run of two or more plain words
    /// (`Hafeez Sayeed`) may be a name typed without quotes: it also matches the names within
    /// reach of it as a whole (`"Hafiz Saeed"`), besides its words' variants.
    fn clauses(&mut self, clauses: Vec<Clause>) -> tantivy::Result<Vec<Clause>> {
        let mut out: Vec<Clause> = Vec::with_capacity(clauses.len());
        let mut rest = clauses.into_iter().peekable();
        while let Some((occur, a)) = rest.next() {
            let Some(first) = plain_word(occur, &a).filter(|_| self.fuzzy_all) else {
                out.push((occur, self.expand(a)?));
                continue;
            };
            let mut words = vec![first.to_string()];
            let mut run = vec![(occur, a)];
            while let Some((o, b)) = rest.peek() {
                let Some(w) = plain_word(*o, b) else { break };
                words.push(w.to_string());
                run.extend(rest.next());
            }
            let expanded = run
                .into_iter()
                .map(|(o, b)| Ok((o, self.expand(b)?)))
                .collect::<tantivy::Result<Vec<Clause>>>()?;
            let text = words.join(" ");
            let names = if (2..=MAX_NAME_WORDS).contains(&words.len()) && self.lookups_left() {
                self.name_variants(&text)?
            } else {
                Vec::new()
            };
            if names.is_empty() {
                out.extend(expanded);
                continue;
            }
            self.expansions.push(Expansion {
                typed: text,
                variants: names.clone(),
            });
            let mut either = vec![(Some(Occur::Should), UserInputAst::Clause(expanded))];
            for n in names {
                let lit = UserInputLiteral {
                    field_name: None,
                    phrase: n,
                    delimiter: Delimiter::DoubleQuotes,
                    slop: 0,
                    prefix: false,
                };
                either.push((
                    Some(Occur::Should),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit))),
                ));
            }
            out.push((Some(Occur::Must), UserInputAst::Clause(either)));
        }
        Ok(out)
    }

    /// Whether one more word, phrase or run may be looked up (a long query keeps the rest of
    /// its words as typed, so its expansion stays quick).
    fn lookups_left(&mut self) -> bool {
        self.lookups += 1;
        self.lookups <= MAX_LOOKUPS
    }

    fn searcher(&mut self) -> tantivy::Result<Searcher> {
        if let Some(s) = &self.searcher {
            return Ok(s.clone());
        }
        let s = self.ix.reader()?.searcher();
        self.searcher = Some(s.clone());
        Ok(s)
    }

    fn analyzer(&mut self) -> &mut TextAnalyzer {
        let ix = self.ix;
        self.analyzer
            .get_or_insert_with(|| ix.index.tokenizers().get(TEXT_ANALYZER).unwrap_or_default())
    }

    /// The indexed words of a text.
    fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.analyzer().token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn literal(&mut self, mut lit: UserInputLiteral) -> tantivy::Result<UserInputAst> {
        let (text, marked) = strip_mark(&lit.phrase);
        let text = text.to_string();
        let fuzzy = (marked || self.fuzzy_all) && !lit.prefix && self.lookups_left();
        if marked {
            lit.phrase = text.clone();
        }
        let field = lit.field_name.as_deref();
        let mut variants: Vec<(String, Delimiter, u32)> = Vec::new();
        if let Some(kind) = field.and_then(Kind::from_field_name) {
            let mut spellings = self.map.get().spellings(kind, &text);
            if fuzzy {
                let searcher = self.searcher()?;
                for c in lookup::names(&searcher, &self.ix.fields, &[kind], &text)?
                    .into_iter()
                    .take(MAX_NAMES)
                {
                    spellings.extend(self.map.get().spellings(kind, &c.name));
                }
                spellings.sort();
                spellings.dedup();
            }
            let typed = text.to_lowercase();
            for s in spellings.into_iter().filter(|s| *s != typed) {
                variants.push((s, Delimiter::DoubleQuotes, 0));
            }
        } else if fuzzy && matches!(field, None | Some(names::TITLE) | Some(names::BODY)) {
            variants = self.text_variants(&text, lit.slop)?;
        }
        if variants.is_empty() {
            return Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit))));
        }
        if fuzzy {
            self.expansions.push(Expansion {
                typed: text.clone(),
                variants: variants.iter().map(|v| v.0.clone()).collect(),
            });
        }
        let mut clauses = vec![(
            Some(Occur::Should),
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(lit.clone()))),
        )];
        for (phrase, delimiter, slop) in variants {
            let v = UserInputLiteral {
                field_name: lit.field_name.clone(),
                phrase,
                delimiter,
                slop,
                prefix: false,
            };
            clauses.push((
                Some(Occur::Should),
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(v))),
            ));
        }
        Ok(UserInputAst::Clause(clauses))
    }

    /// The names within reach of a text, each with the other spellings of its entity and the
    /// acronyms that stand for it; those the analyzer reads as the text itself left out.
    fn name_variants(&mut self, text: &str) -> tantivy::Result<Vec<String>> {
        let searcher = self.searcher()?;
        let typed_tokens = self.tokens(text);
        let mut out: Vec<String> = Vec::new();
        for c in lookup::names(&searcher, &self.ix.fields, &Kind::ALL, text)?
            .into_iter()
            .take(MAX_NAMES)
        {
            let map = self.map.get();
            let mut spellings = vec![c.name.clone()];
            if let Some(g) = map.group(c.kind, &c.name) {
                spellings.push(g.canonical.clone());
                spellings.extend(g.members.iter().map(|m| m.name.clone()));
            }
            let acronyms: Vec<String> = map
                .aliases
                .iter()
                .filter(|a| a.kind == c.kind && spellings.contains(&a.long))
                .map(|a| a.acronym.clone())
                .collect();
            spellings.extend(acronyms);
            for s in spellings {
                if self.tokens(&s) != typed_tokens
                    && !out.iter().any(|o| o.eq_ignore_ascii_case(&s))
                {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }

    /// The variants of a fuzzy word or phrase of title or body text: names, then words.
    fn text_variants(
        &mut self,
        text: &str,
        slop: u32,
    ) -> tantivy::Result<Vec<(String, Delimiter, u32)>> {
        let searcher = self.searcher()?;
        let f = self.ix.fields;
        let mut out: Vec<(String, Delimiter, u32)> = Vec::new();
        let push = |s: String, d: Delimiter, out: &mut Vec<(String, Delimiter, u32)>| {
            if !out.iter().any(|(t, _, _)| t.eq_ignore_ascii_case(&s)) {
                out.push((s, d, slop));
            }
        };
        // Names within reach, each with the other spellings of its entity and its acronym.
        let typed_tokens = self.tokens(text);
        for name in self.name_variants(text)? {
            push(name, Delimiter::DoubleQuotes, &mut out);
        }
        // An acronym the archive introduces: its long form.
        for kind in Kind::ALL {
            if let Some(a) = self.map.get().alias(kind, text) {
                push(a.long.clone(), Delimiter::DoubleQuotes, &mut out);
            }
        }
        // Word by word: the indexed words within reach, in phrases for a phrase.
        let mut options: Vec<Vec<String>> = Vec::new();
        for t in &typed_tokens {
            let mut these = vec![t.clone()];
            for w in lookup::words(&searcher, &[f.title, f.body], t)? {
                if these.len() > MAX_WORDS {
                    break;
                }
                // A stem is usable as query text only if the analyzer keeps it as it is.
                if self.tokens(&w.term) == [w.term.clone()] {
                    these.push(w.term);
                }
            }
            options.push(these);
        }
        for picks in pick_combinations(&options, MAX_PHRASES) {
            let phrase = picks.join(" ");
            let d = if typed_tokens.len() > 1 {
                Delimiter::DoubleQuotes
            } else {
                Delimiter::None
            };
            push(phrase, d, &mut out);
        }
        Ok(out)
    }
}

/// One clause of a boolean query: how it must occur, and the query.
type Clause = (Option<Occur>, UserInputAst);

/// The word of a clause that is a plain word (no quotes, field, slop or prefix) that must
/// occur (as by default).
pub fn plain_word(occur: Option<Occur>, a: &UserInputAst) -> Option<&str> {
    match a {
        UserInputAst::Leaf(leaf) if matches!(occur, None | Some(Occur::Must)) => match &**leaf {
            UserInputLeaf::Literal(l)
                if l.field_name.is_none()
                    && l.delimiter == Delimiter::None
                    && l.slop == 0
                    && !l.prefix =>
            {
                Some(l.phrase.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The ways to pick one option per position, the all-first one (what was typed) left out, at
/// most `max`, those changing fewer positions first.
pub fn pick_combinations<T: Clone>(options: &[Vec<T>], max: usize) -> Vec<Vec<T>> {
    if options.is_empty() || options.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut all: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new())];
    for opts in options {
        let mut next = Vec::new();
        for (changed, picks) in &all {
            for i in 0..opts.len() {
                let mut p = picks.clone();
                p.push(i);
                next.push((changed + usize::from(i > 0), p));
            }
        }
        next.sort_by_key(|(changed, _)| *changed);
        next.truncate(max + 1);
        all = next;
    }
    all.into_iter()
        .filter(|(changed, _)| *changed > 0)
        .take(max)
        .map(|(_, picks)| {
            picks
                .iter()
                .zip(options)
                .map(|(&i, o)| o[i].clone())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_phrase_marks_move_inside_the_quotes() {
        let cases = [
            ("\"Hafeez Sayeed\"~", "\"Hafeez Sayeed~\""),
            ("\"a b\"~2", "\"a b\"~2"),
            ("\"a b\"~ c", "\"a b~\" c"),
            ("Jamat-ud-Dawa~", "Jamat-ud-Dawa~"),
            ("person:\"x y\"~ OR \"z\"", "person:\"x y~\" OR \"z\""),
            ("\"a~\"", "\"a~\""),
        ];
        for (input, want) in cases {
            assert_eq!(mark_fuzzy_phrases(input), want, "{input}");
        }
    }

    #[test]
    fn marks_are_stripped() {
        assert_eq!(strip_mark("Jamat-ud-Dawa~"), ("Jamat-ud-Dawa", true));
        assert_eq!(strip_mark("Hafeez Sayeed ~"), ("Hafeez Sayeed", true));
        assert_eq!(strip_mark("oil"), ("oil", false));
        assert_eq!(strip_mark("a\\~"), ("a\\~", false));
    }

    #[test]
    fn combinations_change_few_positions_first() {
        let got: Vec<String> = pick_combinations(&[vec!["a", "b"], vec!["x", "y"]], 10)
            .into_iter()
            .map(|p| p.join(" "))
            .collect();
        assert_eq!(got, vec!["a y", "b x", "b y"]);
        assert!(pick_combinations(&[vec!["a"]], 10).is_empty());
        assert_eq!(
            pick_combinations(&[vec!["a", "b", "c"], vec!["x", "y"]], 2).len(),
            2
        );
    }
}
