//! The last sort key of every result list: the article's path, ascending.
//!
//! tantivy's `SortByString` turns the path ordinal of every segment's top-k documents into its
//! string before the segments' lists are merged, and each conversion decompresses a block of the
//! path dictionary. A `list` of 100 over an index of seven segments did 700 of them, about a sixth
//! of its time. Yet the path only decides between documents whose earlier keys (score or day and
//! time) are equal. Here the key keeps the ordinal and its segment's column, compares ordinals
//! within a segment, and reads the two paths only when documents from different segments tie on
//! everything before the path; each key reads its path at most once.

use std::cmp::Ordering;
use std::fmt;
use std::sync::{Arc, OnceLock};

use tantivy::collector::sort_key::Comparator;
use tantivy::collector::{SegmentSortKeyComputer, SortKeyComputer};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentReader};

/// Sorts by a string fast field, ascending; documents without a value come last.
#[derive(Debug, Clone)]
pub struct ByPathAscending {
    field: &'static str,
}

impl ByPathAscending {
    /// Sorts by the string fast field `field`.
    pub fn for_field(field: &'static str) -> Self {
        ByPathAscending { field }
    }
}

/// One document's path: its ordinal in its segment's path column (`None` without a path), read
/// as a string on demand.
#[derive(Clone)]
pub struct PathKey {
    at: Option<(u64, StrColumn)>,
    text: Arc<OnceLock<String>>,
}

impl PathKey {
    /// The path, read from the dictionary the first time it is needed.
    fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let mut s = String::new();
            if let Some((ord, column)) = &self.at {
                // A dictionary that cannot be read leaves the path empty: the order is then
                // still total, and the document itself is read (and reported) later.
                let _ = column.ord_to_str(*ord, &mut s);
            }
            s
        })
    }

    /// Ascending string order of the two paths: by ordinal when both come from the same
    /// segment's dictionary, where ordinals follow string order.
    fn cmp_paths(&self, other: &PathKey) -> Ordering {
        match (&self.at, &other.at) {
            (Some((a, ca)), Some((b, cb))) if std::ptr::eq(ca.dictionary(), cb.dictionary()) => {
                a.cmp(b)
            }
            _ => self.text().cmp(other.text()),
        }
    }
}

impl fmt::Debug for PathKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text.get() {
            Some(text) => write!(f, "PathKey({text:?})"),
            None => write!(f, "PathKey(ord {:?})", self.at.as_ref().map(|a| a.0)),
        }
    }
}

/// The comparator for ascending paths, missing paths last. `TopDocs` keeps the greatest keys, so
/// a smaller path compares as greater.
#[derive(Debug, Clone, Copy, Default)]
pub struct AscendingMissingLast;

impl Comparator<Option<u64>> for AscendingMissingLast {
    fn compare(&self, lhs: &Option<u64>, rhs: &Option<u64>) -> Ordering {
        missing_last(lhs.is_some(), rhs.is_some(), || rhs.cmp(lhs))
    }
}

impl Comparator<PathKey> for AscendingMissingLast {
    fn compare(&self, lhs: &PathKey, rhs: &PathKey) -> Ordering {
        missing_last(lhs.at.is_some(), rhs.at.is_some(), || rhs.cmp_paths(lhs))
    }
}

/// A missing value is the least key (it comes last); two present ones compare by `both`.
fn missing_last(lhs: bool, rhs: bool, both: impl FnOnce() -> Ordering) -> Ordering {
    match (lhs, rhs) {
        (true, true) => both(),
        _ => lhs.cmp(&rhs),
    }
}

impl SortKeyComputer for ByPathAscending {
    type SortKey = PathKey;
    type Child = SegmentPaths;
    type Comparator = AscendingMissingLast;

    fn segment_sort_key_computer(&self, reader: &SegmentReader) -> tantivy::Result<SegmentPaths> {
        Ok(SegmentPaths {
            column: reader.fast_fields().str(self.field)?,
        })
    }
}

/// One segment's path column.
pub struct SegmentPaths {
    column: Option<StrColumn>,
}

impl SegmentSortKeyComputer for SegmentPaths {
    type SortKey = PathKey;
    type SegmentSortKey = Option<u64>;
    type SegmentComparator = AscendingMissingLast;

    fn segment_sort_key(&mut self, doc: DocId, _score: Score) -> Option<u64> {
        self.column.as_ref()?.ords().first(doc)
    }

    fn convert_segment_sort_key(&self, ord: Option<u64>) -> PathKey {
        PathKey {
            at: ord.zip(self.column.clone()),
            text: Arc::new(OnceLock::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::AllQuery;
    use tantivy::schema::{FAST, STORED, STRING, Schema, Value};
    use tantivy::{Index, IndexWriter, Order, TantivyDocument, doc};

    use super::*;

    /// Paths and days spread over three segments so that equal days meet across segments.
    fn index() -> Index {
        let mut b = Schema::builder();
        let path = b.add_text_field("path", STRING | FAST | STORED);
        let day = b.add_u64_field("day", FAST);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(NoMergePolicy));
        let segments: [&[(&str, u64)]; 3] = [
            &[("b/2.txt", 1), ("a/9.txt", 2), ("c/1.txt", 1), ("z.txt", 3)],
            &[("a/1.txt", 1), ("b/1.txt", 2), ("c/0.txt", 3)],
            &[
                ("a/5.txt", 1),
                ("d.txt", 2),
                ("a/10.txt", 1),
                ("b/3.txt", 3),
            ],
        ];
        for docs in segments {
            for (p, d) in docs {
                w.add_document(doc!(path => *p, day => *d)).unwrap();
            }
            w.commit().unwrap();
        }
        index
    }

    fn paths(index: &Index, docs: &[tantivy::DocAddress]) -> Vec<String> {
        let searcher = index.reader().unwrap().searcher();
        let field = index.schema().get_field("path").unwrap();
        docs.iter()
            .map(|a| {
                let d: TantivyDocument = searcher.doc(*a).unwrap();
                d.get_first(field).unwrap().as_str().unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn orders_like_the_path_string_across_segments() {
        let index = index();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        for (limit, offset) in [(11, 0), (4, 0), (5, 3), (1, 7)] {
            let top = || TopDocs::with_limit(limit).and_offset(offset);
            let day = || SortByStaticFastValue::<u64>::for_field("day");
            let ours = top().order_by(((day(), Order::Desc), ByPathAscending::for_field("path")));
            let theirs = top().order_by((
                (day(), Order::Desc),
                (SortByString::for_field("path"), Order::Asc),
            ));
            let ours: Vec<_> = searcher.search(&AllQuery, &ours).unwrap();
            let theirs: Vec<_> = searcher.search(&AllQuery, &theirs).unwrap();
            let ours = paths(
                &index,
                &ours.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
            );
            let theirs = paths(
                &index,
                &theirs.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
            );
            assert_eq!(ours, theirs, "limit {limit} offset {offset}");
        }
        let all = TopDocs::with_limit(11).order_by((
            (SortByStaticFastValue::<u64>::for_field("day"), Order::Desc),
            ByPathAscending::for_field("path"),
        ));
        let all: Vec<_> = searcher.search(&AllQuery, &all).unwrap();
        let all = paths(&index, &all.into_iter().map(|(_, a)| a).collect::<Vec<_>>());
        assert_eq!(
            all,
            [
                "b/3.txt", "c/0.txt", "z.txt", "a/9.txt", "b/1.txt", "d.txt", "a/1.txt",
                "a/10.txt", "a/5.txt", "b/2.txt", "c/1.txt"
            ]
        );
    }

    #[test]
    fn reads_a_path_only_for_ties_across_segments() {
        let index = index();
        let searcher = index.reader().unwrap().searcher();
        let by_path = ByPathAscending::for_field("path");
        let keys: Vec<PathKey> = searcher
            .segment_readers()
            .iter()
            .map(|r| {
                let mut s = by_path.segment_sort_key_computer(r).unwrap();
                let ord = s.segment_sort_key(0, 0.0);
                s.convert_segment_sort_key(ord)
            })
            .collect();
        let cmp = AscendingMissingLast;
        // Within one segment: ordinals only.
        assert_eq!(cmp.compare(&keys[0], &keys[0].clone()), Ordering::Equal);
        assert!(keys.iter().all(|k| k.text.get().is_none()));
        // Across segments the paths are read: the first documents are "b/2.txt", "a/1.txt" and
        // "a/5.txt", in some segment order; the smaller path is the greater key.
        assert_ne!(cmp.compare(&keys[0], &keys[1]), Ordering::Equal);
        assert!(keys[0].text.get().is_some() && keys[1].text.get().is_some());
        assert!(keys[2].text.get().is_none());
        assert_eq!(
            cmp.compare(&keys[0], &keys[1]),
            keys[1].text().cmp(keys[0].text())
        );
        let mut texts: Vec<&str> = keys.iter().map(|k| k.text()).collect();
        texts.sort();
        assert_eq!(texts, ["a/1.txt", "a/5.txt", "b/2.txt"]);
        let missing = PathKey {
            at: None,
            text: Arc::new(OnceLock::new()),
        };
        assert_eq!(cmp.compare(&missing, &keys[2]), Ordering::Less);
    }
}
