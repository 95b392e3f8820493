//! Counting co-mentions from the entity columns: the matching articles of each segment (a
//! collector), then for each column of each segment how many of the set's articles name each term
//! ordinal (read for blocks of them), how many of all live articles do (one sequential pass over
//! the column's values), and the names of the ordinals in the set, read from the dictionary.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentReader;
use tantivy::{DocId, Score};

use crate::index::blocks::BlockReader;

/// One value of one column: articles in the set naming it, and in the whole index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    pub(super) value: String,
    pub(super) in_set: u64,
    pub(super) everywhere: u64,
}

/// Two lists of rows sorted by value → one, the counts of equal values added.
pub(super) fn merge_rows(a: Vec<Row>, b: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.value.cmp(&y.value) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    let (x, y) = (a.next(), b.next());
                    x.zip(y).map(|(x, y)| Row {
                        in_set: x.in_set + y.in_set,
                        everywhere: x.everywhere + y.everywhere,
                        value: x.value,
                    })
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

/// One entity column of one segment: how many of its live articles name each term ordinal (one
/// sequential pass over the column's values, less the deleted articles' values), and the rows of
/// the ordinals the set's articles name, with their counts in the set (read for blocks of the
/// set's documents).
pub(super) struct Tally {
    column: Option<StrColumn>,
    everywhere: Vec<u32>,
    pub(super) in_set_rows: Vec<Row>,
}

impl Tally {
    /// Counts column `field` of `seg` for the set's documents `docs` (ascending, live).
    pub(super) fn count(
        seg: &SegmentReader,
        field: &str,
        docs: &[DocId],
    ) -> tantivy::Result<Tally> {
        let Some(col) = seg.fast_fields().str(field)? else {
            return Ok(Tally {
                column: None,
                everywhere: Vec::new(),
                in_set_rows: Vec::new(),
            });
        };
        let mut everywhere = vec![0u32; col.num_terms()];
        crate::index::stats::for_each_value(&*col.ords().values, |o| {
            if let Some(c) = everywhere.get_mut(o as usize) {
                *c += 1;
            }
        });
        if let Some(alive) = seg.alive_bitset() {
            for doc in (0..seg.max_doc()).filter(|&d| alive.is_deleted(d)) {
                for o in col.term_ords(doc) {
                    if let Some(c) = everywhere.get_mut(o as usize) {
                        *c = c.saturating_sub(1);
                    }
                }
            }
        }
        // Each article's lists are deduplicated when indexed, so an ordinal comes once per article.
        let mut in_set = vec![0u32; col.num_terms()];
        let mut reader = BlockReader::new(col.ords());
        for block in docs.chunks(BLOCK) {
            reader.for_each(block, |o| {
                if let Some(c) = in_set.get_mut(o as usize) {
                    *c += 1;
                }
            });
        }
        let ords: Vec<u64> = (0..in_set.len() as u64)
            .filter(|&o| in_set[o as usize] > 0)
            .collect();
        let mut rows = Vec::with_capacity(ords.len());
        let mut it = ords.iter();
        col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(&o) = it.next() {
                rows.push(Row {
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    in_set: u64::from(in_set[o as usize]),
                    everywhere: u64::from(everywhere[o as usize]),
                });
            }
        })?;
        Ok(Tally {
            column: Some(col),
            everywhere,
            in_set_rows: rows,
        })
    }

    /// This segment's count of each of `rows` (names of this column, sorted by value) in all its
    /// live articles.
    pub(super) fn counts_of(
        &self,
        rows: &[Row],
        lookups_per_stream: usize,
    ) -> std::io::Result<Vec<u64>> {
        let mut out = vec![0u64; rows.len()];
        let Some(col) = &self.column else {
            return Ok(out);
        };
        let dict = col.dictionary();
        let count = |ord: u64| u64::from(self.everywhere.get(ord as usize).copied().unwrap_or(0));
        if rows.len().saturating_mul(lookups_per_stream) < dict.num_terms() {
            for (r, n) in rows.iter().zip(out.iter_mut()) {
                if let Some(ord) = dict.term_ord(r.value.as_bytes())? {
                    *n = count(ord);
                }
            }
            return Ok(out);
        }
        // Many names: one walk through the dictionary beside them.
        let mut stream = dict.stream()?;
        let mut more = stream.advance();
        for (r, n) in rows.iter().zip(out.iter_mut()) {
            let want = r.value.as_bytes();
            while more && stream.key() < want {
                more = stream.advance();
            }
            if !more {
                break;
            }
            if stream.key() == want {
                *n = count(stream.term_ord());
            }
        }
        Ok(out)
    }
}

/// Below one name looked up per this many terms of a dictionary, lookups beat reading it all.
pub(super) const LOOKUPS_PER_STREAM: usize = 64;
/// Documents of the set read at a time.
const BLOCK: usize = 1024;

/// Collects, per segment, the matching articles.
pub(super) struct SetCollector;

/// [`SetCollector`]'s documents of one segment, ascending.
pub(super) struct SetDocs {
    pub(super) segment: u32,
    pub(super) docs: Vec<DocId>,
}

impl Collector for SetCollector {
    type Fruit = Vec<SetDocs>;
    type Child = SetDocs;

    fn for_segment(&self, id: u32, _seg: &SegmentReader) -> tantivy::Result<SetDocs> {
        Ok(SetDocs {
            segment: id,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<SetDocs>) -> tantivy::Result<Vec<SetDocs>> {
        Ok(parts)
    }
}

impl SegmentCollector for SetDocs {
    type Fruit = SetDocs;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(self) -> SetDocs {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::related::FIELDS;
    use crate::index::test_util::segmented_index;

    #[test]
    fn rows_merge_by_value() {
        let row = |v: &str, s, e| Row {
            value: v.into(),
            in_set: s,
            everywhere: e,
        };
        let m = merge_rows(
            vec![row("a", 1, 2), row("c", 0, 3)],
            vec![row("b", 1, 1), row("c", 2, 2)],
        );
        assert_eq!(m, [row("a", 1, 2), row("b", 1, 1), row("c", 2, 5)]);
    }

    #[test]
    fn names_looked_up_or_read_through_count_the_same() {
        let ix = segmented_index();
        let searcher = ix.reader().unwrap().searcher();
        let segments = searcher.segment_readers();
        let sets =
            crate::index::segments::search(&searcher, &tantivy::query::AllQuery, &SetCollector)
                .unwrap();
        for (_, field) in FIELDS {
            let tallies: Vec<Tally> = sets
                .iter()
                .map(|s| Tally::count(&segments[s.segment as usize], field, &s.docs).unwrap())
                .collect();
            let rows = tallies
                .iter()
                .map(|t| t.in_set_rows.clone())
                .reduce(merge_rows)
                .unwrap();
            let mut sums = vec![0u64; rows.len()];
            for t in &tallies {
                let looked_up = t.counts_of(&rows, 0).unwrap();
                assert_eq!(looked_up, t.counts_of(&rows, usize::MAX).unwrap());
                sums.iter_mut().zip(looked_up).for_each(|(s, n)| *s += n);
            }
            // Over the whole index, the set is everything: each name's count is its count.
            let counts: Vec<u64> = rows.iter().map(|r| r.in_set).collect();
            assert_eq!(sums, counts, "{field}");
        }
    }
}
