//! Answering requests: full-text queries with filters, date-ordered listings, single articles by path,
//! and the whole index in path order; with highlighted snippets.

use std::ops::{Bound, Range};
use std::sync::mpsc;
use std::time::Duration;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use tantivy::query_grammar::UserInputAst;

use super::expand::{Expander, Expansion, entity_clause, mark_fuzzy_phrases};
use super::names::map::LazyNameMap;
use super::path_order::ByPathAscending;
use super::record::{ArticleRecord, day_to_secs, from_document};
use super::schema::names;
use super::store::NewsIndex;
use crate::error::Error;
use crate::query::{Filters, Request, Sort, next_day, normalise_query, shorten};

/// How long parsing one query may take before it is abandoned.
const PARSE_TIMEOUT: Duration = Duration::from_secs(2);
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

/// A snippet: a fragment of the body and the byte ranges in it that matched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The fragment.
    pub text: String,
    /// Matched ranges within `text`.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The fragment with matches wrapped in `<b>…</b>` and `<`, `>`, `&` escaped.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut at = 0;
        let esc = |s: &str, out: &mut String| {
            for c in s.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    c => out.push(c),
                }
            }
        };
        for r in &self.highlights {
            esc(&self.text[at..r.start], &mut out);
            out.push_str("<b>");
            esc(&self.text[r.clone()], &mut out);
            out.push_str("</b>");
            at = r.end;
        }
        esc(&self.text[at..], &mut out);
        out
    }
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The article.
    pub article: ArticleRecord,
    /// Relevance score (full-text queries only).
    pub score: Option<f32>,
    /// Highlighted fragment (full-text queries only).
    pub snippet: Option<Snippet>,
    /// With `collapse`: how many other matching articles of its group of copies this hit stands
    /// for.
    pub copies: Option<u64>,
}

/// The answer to a request.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// How many articles match in all.
    pub total: usize,
    /// The page of hits asked for.
    pub hits: Vec<Hit>,
    /// What the fuzzy words and phrases of the query were expanded to.
    pub expansions: Vec<Expansion>,
}

/// The query parser for title and body, AND by default, titles weighing double.
pub(crate) fn query_parser(ix: &NewsIndex) -> QueryParser {
    let f = ix.fields;
    let mut parser = QueryParser::for_index(&ix.index, vec![f.title, f.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser
}

fn query_error(query: &str, e: &tantivy::query::QueryParserError) -> Error {
    Error::Query {
        query: shorten(query),
        reason: explain_parse_error(e),
    }
}

/// The error a user sees for a query tantivy's grammar refuses.
fn syntax_error(query: &str, normalised: &str) -> Error {
    query_error(
        query,
        &tantivy::query::QueryParserError::SyntaxError(normalised.to_string()),
    )
}

/// The parsed query's syntax tree, or the error a user sees.
fn grammar(query: &str, normalised: &str) -> Result<UserInputAst, Error> {
    tantivy::query_grammar::parse_query(normalised).map_err(|_| syntax_error(query, normalised))
}

/// Expands the names and fuzzy words of a parsed query and builds it.
fn build_parsed(
    ix: &NewsIndex,
    map: &LazyNameMap,
    query: &str,
    ast: UserInputAst,
    fuzzy: bool,
) -> Result<(Box<dyn Query>, Vec<Expansion>), Error> {
    let mut expander = Expander::new(ix, map, fuzzy);
    let ast = expander.expand(ast).map_err(|e| Error::Query {
        query: shorten(query),
        reason: format!("the index could not be read to expand it ({e})"),
    })?;
    let q = query_parser(ix)
        .build_query_from_user_input_ast(ast)
        .map_err(|e| query_error(query, &e))?;
    Ok((q, expander.expansions))
}

/// Parses the user's query on this thread, without a time limit (fuzzing uses it; users get
/// [`parse_user_query`]).
pub fn parse_query_untimed(ix: &NewsIndex, query: &str) -> Result<Box<dyn Query>, Error> {
    let normalised = mark_fuzzy_phrases(&normalise_query(query)?);
    let ast = grammar(query, &normalised)?;
    build_parsed(ix, &LazyNameMap::new(ix), query, ast, false).map(|(q, _)| q)
}

/// Parses the user's query (with a time limit) into a tantivy query over title and body.
pub fn parse_user_query(ix: &NewsIndex, query: &str) -> Result<Box<dyn Query>, Error> {
    parse_expanded(ix, &LazyNameMap::new(ix), query, false).map(|(q, _)| q)
}

/// The syntax tree of the user's query (field aliases rewritten, fuzzy phrase marks inside
/// their quotes), parsed with a time limit.
pub fn parse_ast(query: &str) -> Result<UserInputAst, Error> {
    let normalised = mark_fuzzy_phrases(&normalise_query(query)?);
    let (tx, rx) = mpsc::channel();
    let text = normalised.clone();
    std::thread::spawn(move || {
        let _ = tx.send(tantivy::query_grammar::parse_query(&text));
    });
    match rx.recv_timeout(PARSE_TIMEOUT) {
        Ok(Ok(ast)) => Ok(ast),
        Ok(Err(_)) => Err(syntax_error(query, &normalised)),
        Err(_) => Err(Error::Query {
            query: shorten(query),
            reason: "it took too long to parse; simplify it".into(),
        }),
    }
}

/// Parses the user's query (its grammar with a time limit), expands its names, and its words
/// and phrases marked fuzzy (all of them with `fuzzy`), into a tantivy query over title and
/// body; with what the fuzzy ones were expanded to.
pub fn parse_expanded(
    ix: &NewsIndex,
    map: &LazyNameMap,
    query: &str,
    fuzzy: bool,
) -> Result<(Box<dyn Query>, Vec<Expansion>), Error> {
    build_parsed(ix, map, query, parse_ast(query)?, fuzzy)
}

fn explain_parse_error(e: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    match e {
        E::SyntaxError(_) => {
            "syntax error (check quotes, parentheses, and that AND/OR/NOT and field: have a value)"
                .into()
        }
        E::FieldDoesNotExist(name) => format!(
            "unknown field `{name}`; fields are title, body, source, dateline, people (person), places (place), organisations (org), path, id"
        ),
        E::AllButQueryForbidden => {
            "a query cannot only exclude (NOT …); add a word to search for".into()
        }
        E::ExpectedInt(_) | E::ExpectedFloat(_) | E::ExpectedBool(_) | E::DateFormatError(_) => {
            format!("a value has the wrong type ({e}); dates are written 2009-01-07T00:00:00Z")
        }
        other => other.to_string(),
    }
}

/// The filter clauses of a request (scoreless).
fn filter_clauses(ix: &NewsIndex, map: &LazyNameMap, filters: &Filters) -> Vec<Box<dyn Query>> {
    let f = ix.fields;
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if filters.from.is_some() || filters.to.is_some() {
        let lower = match filters.from {
            Some(d) => Bound::Included(Term::from_field_date(
                f.day,
                DateTime::from_timestamp_secs(day_to_secs(d)),
            )),
            None => Bound::Unbounded,
        };
        let upper = match filters.to {
            Some(d) if next_day(d) != d => Bound::Excluded(Term::from_field_date(
                f.day,
                DateTime::from_timestamp_secs(day_to_secs(next_day(d))),
            )),
            Some(d) => Bound::Included(Term::from_field_date(
                f.day,
                DateTime::from_timestamp_secs(day_to_secs(d)),
            )),
            None => Bound::Unbounded,
        };
        out.push(Box::new(RangeQuery::new(lower, upper)));
    }
    for (field, value) in [(f.source, &filters.source), (f.dateline, &filters.dateline)] {
        if let Some(v) = value {
            out.push(keyword_clause(field, v));
        }
    }
    let entities = [
        (f.people, &filters.person),
        (f.places, &filters.place),
        (f.organisations, &filters.org),
    ];
    for (field, value) in entities {
        if let Some(v) = value {
            out.push(entity_clause(ix, map.get(), field, v));
        }
    }
    out
}

fn keyword_clause(field: Field, value: &str) -> Box<dyn Query> {
    let term = Term::from_field_text(field, &value.trim().to_lowercase());
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// A request's whole query, and the user's text part alone (for snippets), if any.
pub type BuiltQuery = (Box<dyn Query>, Option<Box<dyn Query>>);

/// The query for a request: the user's text (scored) and the filters (not scored).
pub fn build_query(ix: &NewsIndex, req: &Request) -> Result<BuiltQuery, Error> {
    build_with_expansions(ix, req).map(|b| (b.query, b.text))
}

/// A request's query, its text part, and what its fuzzy words and phrases were expanded to.
pub(crate) struct Built {
    pub query: Box<dyn Query>,
    pub text: Option<Box<dyn Query>>,
    pub expansions: Vec<Expansion>,
}

/// [`build_query`], with what the request's fuzzy words and phrases were expanded to.
pub(crate) fn build_with_expansions(ix: &NewsIndex, req: &Request) -> Result<Built, Error> {
    let map = LazyNameMap::new(ix);
    let (text, expansions) = match &req.query {
        Some(q) => {
            let (t, e) = parse_expanded(ix, &map, q, req.fuzzy)?;
            (Some(t), e)
        }
        None => (None, Vec::new()),
    };
    let filters = filter_clauses(ix, &map, &req.filters);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(t) = &text {
        clauses.push((Occur::Must, t.box_clone()));
    }
    for q in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
    }
    let query: Box<dyn Query> = match clauses.len() {
        0 => Box::new(AllQuery),
        1 if text.is_some() => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    Ok(Built {
        query,
        text,
        expansions,
    })
}

/// Runs a search or listing (one hit per group of copies with `req.collapse`).
pub fn run(ix: &NewsIndex, req: &Request) -> anyhow::Result<Results> {
    if req.collapse {
        return super::collapse::run(ix, req);
    }
    let Built {
        query,
        text,
        expansions,
    } = build_with_expansions(ix, req)?;
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let (total, addrs) = ranked(
        &searcher,
        &*query,
        text.is_some(),
        req,
        req.limit,
        req.offset,
    )?;
    let hits = hits(ix, &searcher, text.as_deref(), req, &addrs)?;
    Ok(Results {
        total,
        hits,
        expansions,
    })
}

/// A ranked page of matches: how many match in all, and `limit` of them after `offset`, each
/// with its score when ranked by relevance.
pub type Ranked = (usize, Vec<(Option<f32>, DocAddress)>);

/// The matches of `query` in the request's order, `limit` of them after `offset`; `scored` when
/// the query has a text part to rank by.
pub fn ranked(
    searcher: &Searcher,
    query: &dyn Query,
    scored: bool,
    req: &Request,
    limit: usize,
    offset: usize,
) -> anyhow::Result<Ranked> {
    let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
    let day = || SortByStaticFastValue::<DateTime>::for_field(names::DAY);
    let date = || SortByStaticFastValue::<DateTime>::for_field(names::DATE);
    let path = || ByPathAscending::for_field(names::PATH);
    Ok(match req.sort {
        Sort::Relevance if scored => {
            let c = top.order_by((
                (SortBySimilarityScore, Order::Desc),
                (day(), Order::Desc),
                path(),
            ));
            let (n, docs) = searcher.search(query, &(Count, c))?;
            (
                n,
                docs.into_iter()
                    .map(|((s, _, _), a)| (Some(s), a))
                    .collect(),
            )
        }
        Sort::DateDesc => {
            let c = top.order_by(((day(), Order::Desc), (date(), Order::Desc), path()));
            let (n, docs) = searcher.search(query, &(Count, c))?;
            (n, docs.into_iter().map(|(_, a)| (None, a)).collect())
        }
        _ => {
            let c = top.order_by(((day(), Order::Asc), (date(), Order::Asc), path()));
            let (n, docs) = searcher.search(query, &(Count, c))?;
            (n, docs.into_iter().map(|(_, a)| (None, a)).collect())
        }
    })
}

/// The hits for ranked documents: their articles and, for a text query, their snippets.
pub fn hits(
    ix: &NewsIndex,
    searcher: &Searcher,
    text: Option<&dyn Query>,
    req: &Request,
    addrs: &[(Option<f32>, DocAddress)],
) -> anyhow::Result<Vec<Hit>> {
    let snippets = match text {
        Some(t) => {
            let mut g = SnippetGenerator::create(searcher, t, ix.fields.body)?;
            g.set_max_num_chars(SNIPPET_CHARS);
            Some(g)
        }
        None => None,
    };
    let mut hits = Vec::with_capacity(addrs.len());
    for &(score, addr) in addrs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let mut article = from_document(&ix.fields, &doc, true);
        let snippet = snippets.as_ref().map(|g| {
            let s = g.snippet_from_doc(&doc);
            if s.is_empty() {
                lead(article.body.as_deref().unwrap_or(""))
            } else {
                Snippet {
                    text: s.fragment().to_string(),
                    highlights: s.highlighted().to_vec(),
                }
            }
        });
        if !req.with_body {
            article.body = None;
        }
        hits.push(Hit {
            article,
            score,
            snippet,
            copies: None,
        });
    }
    Ok(hits)
}

/// The first words of a body, as a snippet without highlights.
fn lead(body: &str) -> Snippet {
    let mut end = body.len().min(SNIPPET_CHARS);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    if end < body.len()
        && let Some(sp) = body[..end].rfind(' ')
    {
        end = sp;
    }
    Snippet {
        text: body[..end].to_string(),
        highlights: vec![],
    }
}

/// Finds one article by its path relative to the corpus (or by its id).
pub fn show(ix: &NewsIndex, what: &str) -> anyhow::Result<ArticleRecord> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let mut candidates = vec![what.replace('\\', "/")];
    // Accept a path as typed on disk: strip the corpus folder the index remembers.
    if let (Some(corpus), Ok(abs)) = (
        &ix.payload.corpus,
        std::path::Path::new(what).canonicalize(),
    ) && let Some(key) = crate::crawl::relative_key(corpus, &abs)
    {
        candidates.push(key);
    }
    for c in &candidates {
        for field in [ix.fields.path, ix.fields.id] {
            if let Some(a) = lookup(ix, &searcher, field, c)? {
                return Ok(a);
            }
        }
    }
    Err(Error::ArticleNotFound {
        what: what.to_string(),
        index: ix.dir.clone(),
    }
    .into())
}

/// Finds one article by its id alone (the web server's article links), bodies included.
pub fn by_id(ix: &NewsIndex, id: &str) -> anyhow::Result<Option<ArticleRecord>> {
    let reader = ix.reader()?;
    lookup(ix, &reader.searcher(), ix.fields.id, id)
}

/// The article whose exact-match `field` holds `value`.
fn lookup(
    ix: &NewsIndex,
    searcher: &Searcher,
    field: Field,
    value: &str,
) -> anyhow::Result<Option<ArticleRecord>> {
    let q = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    match searcher
        .search(&q, &TopDocs::with_limit(1).order_by_score())?
        .into_iter()
        .next()
    {
        Some((_, addr)) => {
            let doc: TantivyDocument = searcher.doc(addr)?;
            Ok(Some(from_document(&ix.fields, &doc, true)))
        }
        None => Ok(None),
    }
}

/// Which article text [`highlights`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// The headline.
    Title,
    /// The clean body.
    Body,
}

/// The byte ranges of `text` that the user's query matches when `text` is the article's
/// `field`: every match in the whole text, as the snippets mark them (same analyzer, same terms).
pub fn highlights(
    ix: &NewsIndex,
    query: &str,
    field: TextField,
    text: &str,
) -> anyhow::Result<Vec<Range<usize>>> {
    let q = parse_user_query(ix, query)?;
    let reader = ix.reader()?;
    let field = match field {
        TextField::Title => ix.fields.title,
        TextField::Body => ix.fields.body,
    };
    let mut g = SnippetGenerator::create(&reader.searcher(), &*q, field)?;
    // One fragment as long as the text: it starts at byte 0, so its ranges are the text's.
    g.set_max_num_chars(text.len() + 1);
    Ok(g.snippet(text).highlighted().to_vec())
}

/// Every live document's address, in path order.
pub fn all_in_path_order(searcher: &Searcher) -> anyhow::Result<Vec<DocAddress>> {
    let mut rows: Vec<(String, DocAddress)> = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for (doc, path) in super::build::segment_paths(seg)? {
            rows.push((path, DocAddress::new(ord as u32, doc)));
        }
    }
    rows.sort();
    Ok(rows.into_iter().map(|(_, a)| a).collect())
}

/// Calls `each` with every article, bodies included, in path order (see [`super::export`]).
pub fn export(
    ix: &NewsIndex,
    each: &mut dyn FnMut(&ArticleRecord) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let req = super::export::ExportRequest::default();
    let done = super::export::export(ix, &req, &mut |c| match c {
        super::export::Change::Article(a) => each(a),
        super::export::Change::Removed(_) => Ok(()),
    })?;
    Ok(done.articles as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_html_escapes_and_marks() {
        let s = Snippet {
            text: "a <b> oil & gas".into(),
            highlights: std::iter::once(6..9).collect(),
        };
        assert_eq!(s.to_html(), "a &lt;b&gt; <b>oil</b> &amp; gas");
    }

    #[test]
    fn highlights_cover_the_whole_text_and_ids_find_articles() {
        let ix = crate::index::store::in_memory_sample().unwrap();
        let body = "Jamaat-ud-Dawa was banned. ".repeat(20) + "Officials said Jamaat-ud-Dawa";
        let marks = highlights(&ix, "Jamaat-ud-Dawa", TextField::Body, &body).unwrap();
        let marked: Vec<&str> = marks.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(marked.len(), 63);
        assert_eq!(marked[..3], ["Jamaat", "ud", "Dawa"]);
        assert_eq!(marks.last().unwrap().end, body.len());
        assert!(
            highlights(&ix, "banned", TextField::Title, "Nothing here")
                .unwrap()
                .is_empty()
        );
        assert!(highlights(&ix, "(oops", TextField::Body, &body).is_err());
        let a = by_id(&ix, &crate::index::schema::article_id("b.txt"))
            .unwrap()
            .unwrap();
        assert_eq!(a.path, "b.txt");
        assert!(a.body.is_some());
        assert!(by_id(&ix, "0000000000000000").unwrap().is_none());
    }

    #[test]
    fn lead_cuts_at_a_word() {
        let body = "word ".repeat(100);
        let s = lead(&body);
        assert!(s.text.len() <= SNIPPET_CHARS);
        assert!(s.text.ends_with("word"));
        assert_eq!(lead("short").text, "short");
    }
}
