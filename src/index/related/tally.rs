//! Counting co-mentions from the entity columns: per segment, how many matching articles name
//! each term ordinal (a collector), how many of all live articles do (one sequential pass over the
//! column's values), and the names of the ordinals in the set, read from the column dictionary.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentReader;
use tantivy::{DocId, Score};

use super::FIELDS;

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

/// A segment's counts per term ordinal of each entity column, in the set (from the collector)
/// and in all its live articles (one sequential pass over the column's values, less the deleted
/// articles' values), and the rows of the ordinals in the set.
pub(super) struct Tally {
    columns: [Option<StrColumn>; 3],
    everywhere: [Vec<u32>; 3],
    pub(super) in_set_rows: [Vec<Row>; 3],
}

impl Tally {
    pub(super) fn count(seg: &SegmentReader, set: SegSet) -> tantivy::Result<Tally> {
        let dead: Vec<DocId> = match seg.alive_bitset() {
            Some(alive) => (0..seg.max_doc())
                .filter(|&d| alive.is_deleted(d))
                .collect(),
            None => Vec::new(),
        };
        let mut t = Tally {
            columns: Default::default(),
            everywhere: Default::default(),
            in_set_rows: Default::default(),
        };
        for (i, (col, in_set)) in set.columns.into_iter().zip(&set.counts).enumerate() {
            let Some(col) = col else { continue };
            let mut everywhere = vec![0u32; col.num_terms()];
            crate::index::stats::for_each_value(&*col.ords().values, |o| {
                if let Some(c) = everywhere.get_mut(o as usize) {
                    *c += 1;
                }
            });
            for &doc in &dead {
                for o in col.term_ords(doc) {
                    if let Some(c) = everywhere.get_mut(o as usize) {
                        *c = c.saturating_sub(1);
                    }
                }
            }
            let ords: Vec<u64> = (0..in_set.len() as u64)
                .filter(|&o| in_set[o as usize] > 0)
                .collect();
            let mut it = ords.iter();
            let rows = &mut t.in_set_rows[i];
            col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&o) = it.next() {
                    rows.push(Row {
                        value: String::from_utf8_lossy(bytes).into_owned(),
                        in_set: u64::from(in_set[o as usize]),
                        everywhere: u64::from(everywhere[o as usize]),
                    });
                }
            })?;
            t.everywhere[i] = everywhere;
            t.columns[i] = Some(col);
        }
        Ok(t)
    }

    /// This segment's count of each of `rows` (names of column `i`, sorted by value) in all its
    /// live articles.
    pub(super) fn counts_of(
        &self,
        i: usize,
        rows: &[Row],
        lookups_per_stream: usize,
    ) -> std::io::Result<Vec<u64>> {
        let mut out = vec![0u64; rows.len()];
        let Some(col) = &self.columns[i] else {
            return Ok(out);
        };
        let dict = col.dictionary();
        let everywhere = &self.everywhere[i];
        let count = |ord: u64| u64::from(everywhere.get(ord as usize).copied().unwrap_or(0));
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

/// Counts, per segment, the matching articles and how many of them name each term ordinal.
pub(super) struct SetCounter;

/// [`SetCounter`]'s count for one segment.
pub(super) struct SegSet {
    pub(super) segment: u32,
    pub(super) articles: u64,
    columns: [Option<StrColumn>; 3],
    counts: [Vec<u32>; 3],
}

impl Collector for SetCounter {
    type Fruit = Vec<SegSet>;
    type Child = SegSet;

    fn for_segment(&self, id: u32, seg: &SegmentReader) -> tantivy::Result<SegSet> {
        let ff = seg.fast_fields();
        let mut columns: [Option<StrColumn>; 3] = Default::default();
        let mut counts: [Vec<u32>; 3] = Default::default();
        for (i, (_, field)) in FIELDS.iter().enumerate() {
            columns[i] = ff.str(field)?;
            counts[i] = vec![0; columns[i].as_ref().map_or(0, |c| c.num_terms())];
        }
        Ok(SegSet {
            segment: id,
            articles: 0,
            columns,
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<SegSet>) -> tantivy::Result<Vec<SegSet>> {
        Ok(parts)
    }
}

impl SegmentCollector for SegSet {
    type Fruit = SegSet;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.articles += 1;
        // Each article's lists are deduplicated when indexed, so an ordinal comes once per article.
        for (col, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(col) = col {
                for o in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> SegSet {
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
        let tallies: Vec<Tally> =
            crate::index::segments::search(&searcher, &tantivy::query::AllQuery, &SetCounter)
                .unwrap()
                .into_iter()
                .map(|s| Tally::count(&segments[s.segment as usize], s).unwrap())
                .collect();
        for (i, (field, _)) in FIELDS.iter().enumerate() {
            let rows = tallies
                .iter()
                .map(|t| t.in_set_rows[i].clone())
                .reduce(merge_rows)
                .unwrap();
            let mut sums = vec![0u64; rows.len()];
            for t in &tallies {
                let looked_up = t.counts_of(i, &rows, 0).unwrap();
                assert_eq!(looked_up, t.counts_of(i, &rows, usize::MAX).unwrap());
                sums.iter_mut().zip(looked_up).for_each(|(s, n)| *s += n);
            }
            // Over the whole index, the set is everything: each name's count is its count.
            let counts: Vec<u64> = rows.iter().map(|r| r.in_set).collect();
            assert_eq!(sums, counts, "{field}");
        }
    }
}
