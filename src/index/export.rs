//! `export`'s reading side: every article, or those a query and filters select, streamed in path
//! order; with a commit marker, only what changed since that commit, removals included.
//!
//! Path order comes from the `path` field's term dictionaries, one per segment, merged as they
//! stream: memory stays constant however large the index (one bit per document for a query's
//! matches, none without one). Each article is read from the document store once, in the order
//! it was added, which is path order within a commit.

use tantivy::query::EnableScoring;
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{BitSet, DocAddress, DocSet, Searcher, TERMINATED};

use super::changes::Marker;
use super::record::ArticleRecord;
use super::schema::{article_id, names};
use super::search;
use super::store::NewsIndex;
use super::stored::StoredArticle;
use crate::query::{Filters, Request};

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// Full-text query, as for `search`; `None` for all articles.
    pub query: Option<String>,
    /// Filters, as for `search`.
    pub filters: Filters,
    /// Only what changed after this commit.
    pub since: Option<Marker>,
}

/// One item of an export.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// An article (added or changed, with `since`).
    Article(&'a ArticleRecord),
    /// The id of an article that is gone; with a query or filters, also of a changed article
    /// that no longer matches (it may have matched before).
    Removed(&'a str),
}

/// What an export printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// Articles.
    pub articles: u64,
    /// Removals.
    pub removed: u64,
    /// The marker of the commit the export read up to (`None` for an index without one).
    pub marker: Option<Marker>,
}

/// Streams the export to `each`: removals first (sorted by id), then articles in path order.
pub fn export(
    ix: &NewsIndex,
    req: &ExportRequest,
    each: &mut dyn FnMut(Change) -> anyhow::Result<()>,
) -> anyhow::Result<Exported> {
    let log = &ix.payload.changes;
    if let Some(since) = req.since {
        log.check(since, &ix.dir)?;
    }
    // The payload was read before this snapshot, so the snapshot holds at least what the marker
    // says: an export from this marker later repeats changes rather than misses them.
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let selected = selection(ix, &searcher, req)?;
    let mut out = Exported {
        marker: log.marker(),
        ..Exported::default()
    };
    let since = req.since.map(|m| m.seq);
    if let Some(seq) = since {
        for id in log.deleted_after(seq) {
            if !is_live(&searcher, ix.fields.id, id)? {
                each(Change::Removed(id))?;
                out.removed += 1;
            }
        }
    }
    let seqs = searcher
        .segment_readers()
        .iter()
        .map(|seg| seg.fast_fields().u64(names::SEQ))
        .collect::<tantivy::Result<Vec<_>>>()?;
    for_each_in_path_order(&searcher, ix.fields.path, &mut |addr, path| {
        if let Some(seq) = since {
            let doc_seq = seqs[addr.segment_ord as usize]
                .first(addr.doc_id)
                .unwrap_or(0);
            if doc_seq <= seq {
                return Ok(());
            }
        }
        let wanted = selected
            .as_ref()
            .is_none_or(|s| s[addr.segment_ord as usize].contains(addr.doc_id));
        if wanted {
            let doc: StoredArticle = searcher.doc(addr)?;
            each(Change::Article(&doc.0))?;
            out.articles += 1;
        } else if since.is_some() {
            // The id is the hash of the path (the JSON contract), so no document read is needed.
            each(Change::Removed(&article_id(&String::from_utf8_lossy(path))))?;
            out.removed += 1;
        }
        Ok(())
    })?;
    Ok(out)
}

/// The documents a request's query and filters match, one bit set per segment; `None` when it
/// has neither (everything is selected).
fn selection(
    ix: &NewsIndex,
    searcher: &Searcher,
    req: &ExportRequest,
) -> anyhow::Result<Option<Vec<BitSet>>> {
    if req.query.is_none() && req.filters.is_empty() {
        return Ok(None);
    }
    let request = Request {
        query: req.query.clone(),
        filters: req.filters.clone(),
        ..Request::default()
    };
    let (query, _) = search::build_query(ix, &request)?;
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut sets = Vec::with_capacity(searcher.segment_readers().len());
    for seg in searcher.segment_readers() {
        let mut bits = BitSet::with_max_value(seg.max_doc());
        weight.for_each_no_score(seg, &mut |docs| {
            for &d in docs {
                bits.insert(d);
            }
        })?;
        sets.push(bits);
    }
    Ok(Some(sets))
}

/// Whether a live document has this id.
fn is_live(searcher: &Searcher, id_field: Field, id: &str) -> anyhow::Result<bool> {
    let term = Term::from_field_text(id_field, id);
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(id_field)?;
        if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if seg.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
                    return Ok(true);
                }
                doc = postings.advance();
            }
        }
    }
    Ok(false)
}

/// Calls `each` with every live document and its value of the single-valued `STRING` field
/// `field`, in byte order of the values (ties: segment order), merging the segments' term
/// dictionaries as they stream.
pub fn for_each_in_path_order(
    searcher: &Searcher,
    field: Field,
    each: &mut dyn FnMut(DocAddress, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let segs = searcher.segment_readers();
    let invs = segs
        .iter()
        .map(|s| s.inverted_index(field))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut streams = invs
        .iter()
        .map(|i| i.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut open: Vec<bool> = streams.iter_mut().map(|s| s.advance()).collect();
    loop {
        let mut next: Option<usize> = None;
        for (i, s) in streams.iter().enumerate() {
            if open[i] && next.is_none_or(|n| s.key() < streams[n].key()) {
                next = Some(i);
            }
        }
        let Some(i) = next else { break };
        let alive = segs[i].alive_bitset();
        let mut postings =
            invs[i].read_postings_from_terminfo(streams[i].value(), IndexRecordOption::Basic)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                each(DocAddress::new(i as u32, doc), streams[i].key())?;
            }
            doc = postings.advance();
        }
        open[i] = streams[i].advance();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::store::in_memory_sample;

    fn paths(ix: &NewsIndex, req: &ExportRequest) -> Vec<String> {
        let mut got = Vec::new();
        export(ix, req, &mut |c| {
            if let Change::Article(a) = c {
                got.push(a.path.clone());
            }
            Ok(())
        })
        .unwrap();
        got
    }

    #[test]
    fn exports_everything_or_what_a_request_selects_in_path_order() {
        let ix = in_memory_sample().unwrap();
        let all = ExportRequest::default();
        assert_eq!(paths(&ix, &all), ["a.txt", "b.txt"]);
        for (query, source, want) in [
            (Some("oil"), None, vec!["a.txt"]),
            (None, Some("ians"), vec!["b.txt"]),
            (Some("oil"), Some("ians"), vec![]),
        ] {
            let req = ExportRequest {
                query: query.map(String::from),
                filters: Filters {
                    source: source.map(String::from),
                    ..Filters::default()
                },
                since: None,
            };
            assert_eq!(paths(&ix, &req), want, "{query:?} {source:?}");
        }
    }
}
