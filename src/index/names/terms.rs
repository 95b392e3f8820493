//! What each document records about its names, at index time, so the query side can find a
//! name however it is spelt and an acronym's long form without reading any article again:
//!
//! - `namekeys`: one term per name, `KEY␟TAG␟Name` (the transliteration key of
//!   [`crate::variants::key`], the kind's tag, the name as the article gives it). Terms sort by
//!   key, so the names that share a key are neighbours in the term dictionary, and each term's
//!   document frequency is the number of articles naming that entity so.
//! - `acronyms`: one term per acronym the article introduces (`Lashkar-e-Taiba (LeT)`),
//!   `TAG␟ACR␟Long Form`.
//!
//! They are ordinary indexed terms of the document, so they come and go with it: incremental
//! and crash-safe as the rest of the index. Read back over the whole index ([`all_terms`],
//! [`all_names`]), they count live articles.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::fastfield::AliveBitSet;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermStreamer;
use tantivy::{DocSet, InvertedIndexReader, Searcher, TERMINATED, TantivyDocument};

use super::{Kind, SEP};
use crate::article::Entities;
use crate::index::schema::Fields;
use crate::variants::{acronym, key};

/// The names of an article by kind.
fn names_of(entities: &Entities) -> [(Kind, &Vec<String>); 3] {
    [
        (Kind::People, &entities.people),
        (Kind::Places, &entities.places),
        (Kind::Organisations, &entities.organisations),
    ]
}

/// The `namekeys` term of a name, or `None` when the name has no letter or digit.
pub fn namekey_term(kind: Kind, name: &str) -> Option<String> {
    let k = key(name);
    (!k.is_empty()).then(|| format!("{k}{SEP}{}{SEP}{name}", char::from(kind.tag())))
}

/// The `acronyms` term of an acronym and its long form.
pub fn acronym_term(kind: Kind, acronym: &str, long: &str) -> String {
    format!("{}{SEP}{acronym}{SEP}{long}", char::from(kind.tag()))
}

/// Adds the `namekeys` and `acronyms` terms of an article to its document.
pub fn add_to_document(
    f: &Fields,
    doc: &mut TantivyDocument,
    paragraphs: &[String],
    entities: &Entities,
) {
    let mut all: Vec<&str> = Vec::new();
    for (kind, list) in names_of(entities) {
        for name in list {
            if let Some(t) = namekey_term(kind, name) {
                doc.add_text(f.namekeys, t);
            }
            all.push(name);
        }
    }
    for d in acronym::definitions(paragraphs, &all) {
        // The kind of the long form; a name listed under two kinds counts under the first.
        if let Some((kind, _)) = names_of(entities)
            .into_iter()
            .find(|(_, list)| list.iter().any(|n| n == d.long))
        {
            doc.add_text(f.acronyms, acronym_term(kind, &d.acronym, d.long));
        }
    }
}

/// A `namekeys` term split into key, kind and name.
pub fn split_namekey(term: &[u8]) -> Option<(&str, Kind, &str)> {
    let s = std::str::from_utf8(term).ok()?;
    let mut parts = s.splitn(3, SEP);
    let k = parts.next()?;
    let kind = Kind::from_tag(*parts.next()?.as_bytes().first()?)?;
    Some((k, kind, parts.next()?))
}

/// An `acronyms` term split into kind, acronym and long form.
pub fn split_acronym(term: &[u8]) -> Option<(Kind, &str, &str)> {
    let s = std::str::from_utf8(term).ok()?;
    let mut parts = s.splitn(3, SEP);
    let kind = Kind::from_tag(*parts.next()?.as_bytes().first()?)?;
    Some((kind, parts.next()?, parts.next()?))
}

/// A name of the index: its kind, the spelling most articles use, its key and its articles.
#[derive(Debug, Clone)]
pub(super) struct Name {
    pub(super) kind: Kind,
    pub(super) display: String,
    pub(super) lower: String,
    pub(super) key: String,
    pub(super) articles: u64,
}

/// Terms of one segment read by one task, at least (fewer are read in one part).
const TERMS_PER_PART: usize = 4_096;

/// The terms of a field in every segment, merged and sorted: each term once, with the number
/// of live articles that have it (a segment's document frequencies count its deleted articles
/// too, until it is merged: a segment with deletions is counted from its postings). Each
/// segment's dictionary is read in parts, ranges of terms, in parallel.
pub(super) fn all_terms(searcher: &Searcher, field: Field) -> tantivy::Result<Vec<(Vec<u8>, u64)>> {
    let parts_each = rayon::current_num_threads() * 4;
    let mut parts = Vec::new();
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(field)?;
        let dict = inverted.terms();
        let n = dict.num_terms();
        let count = parts_each.min(n / TERMS_PER_PART).max(1);
        // Cut at the terms of evenly spaced ordinals: part `i` is [cuts[i], cuts[i + 1]).
        let mut cuts = vec![None];
        for i in 1..count {
            let mut term = Vec::new();
            if dict.ord_to_term((n * i / count) as u64, &mut term)? {
                cuts.push(Some(term));
            }
        }
        cuts.push(None);
        for bounds in cuts.windows(2) {
            parts.push((
                seg,
                Arc::clone(&inverted),
                bounds[0].clone(),
                bounds[1].clone(),
            ));
        }
    }
    let read = parts
        .into_par_iter()
        .map(|(seg, inverted, from, to)| {
            let mut range = inverted.terms().range();
            if let Some(from) = from {
                range = range.ge(from);
            }
            if let Some(to) = to {
                range = range.lt(to);
            }
            count_terms(range.into_stream()?, &inverted, seg.alive_bitset())
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    if searcher.segment_readers().len() <= 1 {
        return Ok(read.into_iter().flatten().collect());
    }
    let mut out: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    for (term, n) in read.into_iter().flatten() {
        *out.entry(term).or_default() += n;
    }
    Ok(out.into_iter().collect())
}

/// The terms of a stream with their live articles, those that have some.
fn count_terms(
    mut stream: TermStreamer,
    inverted: &InvertedIndexReader,
    alive: Option<&AliveBitSet>,
) -> tantivy::Result<Vec<(Vec<u8>, u64)>> {
    let mut out = Vec::new();
    while stream.advance() {
        let info = stream.value();
        let n = match alive {
            None => u64::from(info.doc_freq),
            Some(alive) => {
                let mut postings =
                    inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                let mut n = 0;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    n += u64::from(alive.is_alive(doc));
                    doc = postings.advance();
                }
                n
            }
        };
        if n > 0 {
            out.push((stream.key().to_vec(), n));
        }
    }
    Ok(out)
}

/// Every name of the index, one per kind and lower-cased spelling, sorted so.
pub(super) fn all_names(searcher: &Searcher, f: &Fields) -> tantivy::Result<Vec<Name>> {
    let terms = all_terms(searcher, f.namekeys)?;
    // Each spelling, lower-cased, in the order of the terms…
    let mut spellings: Vec<(Kind, String, &str, &str, u64)> = terms
        .par_iter()
        .filter_map(|(term, n)| {
            let (key, kind, name) = split_namekey(term)?;
            Some((kind, name.to_lowercase(), key, name, *n))
        })
        .collect();
    // …brought together by kind and lower-cased spelling, in that order within each (a stable
    // sort).
    spellings.par_sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut names: Vec<Name> = Vec::new();
    // The articles of the spelling shown for the last name.
    let mut shown = 0;
    for (kind, lower, key, name, n) in spellings {
        match names.last_mut() {
            Some(last) if last.kind == kind && last.lower == lower => {
                last.articles += n;
                // The spelling most articles use is shown (the first of those, in term order).
                if n > shown {
                    last.display = name.to_string();
                    shown = n;
                }
            }
            _ => {
                names.push(Name {
                    kind,
                    display: name.to_string(),
                    lower,
                    key: key.to_string(),
                    articles: n,
                });
                shown = n;
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;
    use tantivy::schema::Value;

    #[test]
    fn terms_round_trip() {
        let t = namekey_term(Kind::Organisations, "Jamaat-ud-Dawa").unwrap();
        assert_eq!(t, "jamat dawa\x1fo\x1fJamaat-ud-Dawa");
        assert_eq!(
            split_namekey(t.as_bytes()),
            Some(("jamat dawa", Kind::Organisations, "Jamaat-ud-Dawa"))
        );
        assert_eq!(namekey_term(Kind::People, "--"), None);
        let a = acronym_term(Kind::Organisations, "LeT", "Lashkar-e-Taiba");
        assert_eq!(
            split_acronym(a.as_bytes()),
            Some((Kind::Organisations, "LeT", "Lashkar-e-Taiba"))
        );
        assert_eq!(split_acronym(b"x"), None);
    }

    #[test]
    fn documents_get_a_term_per_name_and_per_definition() {
        let f = Fields::resolve(&build_schema()).unwrap();
        let mut doc = TantivyDocument::default();
        let entities = Entities {
            people: vec!["Hafiz Saeed".into()],
            places: vec!["Pakistan".into()],
            organisations: vec!["Jamaat-ud-Dawa".into(), "Lashkar-e-Taiba".into()],
        };
        let paragraphs = vec![
            "Hafiz Saeed leads the Jamaat-ud-Dawa (JuD), seen as a front of Lashkar-e-Taiba."
                .to_string(),
        ];
        add_to_document(&f, &mut doc, &paragraphs, &entities);
        let texts = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(f.namekeys).len(), 4);
        assert_eq!(texts(f.acronyms), vec!["o\x1fJuD\x1fJamaat-ud-Dawa"]);
    }
}
