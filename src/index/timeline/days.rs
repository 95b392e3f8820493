//! Counting matching articles per day from the `day` fast field: a collector over blocks of
//! matching documents, or, for the whole index, one sequential pass over each segment's values.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::{DateTime, DocId, Score, Searcher};

use super::DAY_SECS;
use crate::index::schema::names;

/// Widest span of days a segment counts in a flat array; wider (hostile dates) goes to a map.
const MAX_DENSE_DAYS: i64 = 1 << 17;

/// Articles per day number (days since 1970-01-01), sorted by day, and the undated ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// (day number, articles), ascending by day, no zero counts.
    pub per_day: Vec<(i64, u64)>,
    /// Articles with no day.
    pub undated: u64,
}

impl DayCounts {
    /// Per-day counts from (day, count) pairs in any order.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (i64, u64)>, undated: u64) -> DayCounts {
        let mut map: HashMap<i64, u64> = HashMap::new();
        for (d, n) in pairs {
            *map.entry(d).or_default() += n;
        }
        let mut per_day: Vec<(i64, u64)> = map.into_iter().filter(|&(_, n)| n > 0).collect();
        per_day.sort_unstable();
        DayCounts { per_day, undated }
    }
}

/// Counts per day: a flat array over the column's span of days, or a map when it is very wide.
struct Tally {
    base: i64,
    dense: Vec<u32>,
    sparse: HashMap<i64, u64>,
}

impl Tally {
    fn for_column(col: &Column<DateTime>) -> Tally {
        let (lo, hi) = if col.values.num_vals() == 0 {
            (0, -1)
        } else {
            (day_number(col.min_value()), day_number(col.max_value()))
        };
        let span = hi.saturating_sub(lo).saturating_add(1);
        Tally {
            base: lo,
            dense: if (0..=MAX_DENSE_DAYS).contains(&span) {
                vec![0; span as usize]
            } else {
                Vec::new()
            },
            sparse: HashMap::new(),
        }
    }

    #[inline]
    fn add(&mut self, day: DateTime, delta: i64) {
        let d = day_number(day);
        match usize::try_from(d - self.base)
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(c) => *c = (i64::from(*c) + delta).max(0) as u32,
            None => {
                let c = self.sparse.entry(d).or_default();
                *c = (*c as i64 + delta).max(0) as u64;
            }
        }
    }

    fn into_pairs(self) -> impl Iterator<Item = (i64, u64)> {
        let base = self.base;
        self.dense
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(move |(i, n)| (base + i as i64, u64::from(n)))
            .chain(self.sparse)
    }
}

fn day_number(d: DateTime) -> i64 {
    d.into_timestamp_secs().div_euclid(DAY_SECS)
}

/// Counts every live article per day without running a query: one sequential pass over each
/// segment's `day` values, less what its deleted articles held.
pub(super) fn count_all(searcher: &Searcher) -> tantivy::Result<DayCounts> {
    let mut parts = Vec::new();
    let mut undated = 0u64;
    for seg in searcher.segment_readers() {
        let col = seg.fast_fields().date(names::DAY)?;
        let mut tally = Tally::for_column(&col);
        let mut dated = u64::from(col.values.num_vals());
        crate::index::stats::for_each_value(&*col.values, |d| tally.add(d, 1));
        if let Some(alive) = seg.alive_bitset() {
            for doc in (0..seg.max_doc()).filter(|&d| alive.is_deleted(d)) {
                if let Some(d) = col.first(doc) {
                    tally.add(d, -1);
                    dated -= 1;
                }
            }
        }
        undated += u64::from(seg.num_docs()).saturating_sub(dated);
        parts.push(tally);
    }
    Ok(DayCounts::from_pairs(
        parts.into_iter().flat_map(Tally::into_pairs),
        undated,
    ))
}

/// Collects matching articles per day from the `day` column.
pub(super) struct DayCounter;

/// [`DayCounter`] for one segment.
pub(super) struct SegDays {
    col: Column<DateTime>,
    tally: Tally,
    undated: u64,
    buf: Vec<Option<DateTime>>,
}

impl Collector for DayCounter {
    type Fruit = DayCounts;
    type Child = SegDays;

    fn for_segment(&self, _id: u32, seg: &SegmentReader) -> tantivy::Result<SegDays> {
        let col = seg.fast_fields().date(names::DAY)?;
        Ok(SegDays {
            tally: Tally::for_column(&col),
            col,
            undated: 0,
            buf: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let undated = parts.iter().map(|p| p.undated).sum();
        Ok(DayCounts::from_pairs(
            parts.into_iter().flat_map(|p| p.per_day),
            undated,
        ))
    }
}

impl SegmentCollector for SegDays {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.col.first(doc) {
            Some(d) => self.tally.add(d, 1),
            None => self.undated += 1,
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.buf.clear();
        self.buf.resize(docs.len(), None);
        self.col.first_vals(docs, &mut self.buf);
        for d in &self.buf {
            match d {
                Some(d) => self.tally.add(*d, 1),
                None => self.undated += 1,
            }
        }
    }

    fn harvest(self) -> DayCounts {
        DayCounts::from_pairs(self.tally.into_pairs(), self.undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::timeline::{By, compute, epoch_day, from_days};
    use crate::query::Request;

    #[test]
    fn whole_index_pass_and_collector_equal_counting_article_by_article() {
        use tantivy::query::AllQuery;
        let ix = crate::index::test_util::segmented_index();
        let searcher = ix.reader().unwrap().searcher();
        assert!(searcher.segment_readers().iter().any(|s| s.has_deletes()));
        let fast = count_all(&searcher).unwrap();
        let parts = crate::index::segments::search(&searcher, &AllQuery, &DayCounter).unwrap();
        let collected = DayCounter.merge_fruits(parts).unwrap();
        let mut want: Vec<(i64, u64)> = Vec::new();
        let mut undated = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in seg.doc_ids_alive() {
                let d: tantivy::TantivyDocument = searcher
                    .doc(tantivy::DocAddress::new(ord as u32, doc))
                    .unwrap();
                match crate::index::record::from_document(&ix.fields, &d, false).day {
                    Some(day) => want.push((epoch_day(day.parse().unwrap()), 1)),
                    None => undated += 1,
                }
            }
        }
        let want = DayCounts::from_pairs(want, undated);
        assert!(want.undated > 0 && want.per_day.len() > 5);
        assert_eq!(fast, want);
        assert_eq!(collected, want);
        // And through `compute`, with a filter (the collector) and without (the pass).
        let mut req = Request::default();
        let all = compute(&ix, &req, By::Week).unwrap();
        assert_eq!(all, from_days(&want, By::Week));
        req.filters.org = Some("even".into());
        let even = compute(&ix, &req, By::Day).unwrap();
        assert!(even.total < all.total && even.total > 0);
    }

    #[test]
    fn wide_spans_are_counted_in_a_map() {
        let index = crate::index::store::in_memory_sample().unwrap();
        let tl = compute(&index, &Request::default(), By::Year).unwrap();
        assert_eq!(tl.buckets.len(), 2009 - 1987 + 1);
        assert_eq!(tl.total, 2);
        let searcher = index.reader().unwrap().searcher();
        let col = searcher.segment_readers()[0]
            .fast_fields()
            .date(names::DAY)
            .unwrap();
        let mut t = Tally::for_column(&col);
        t.dense.clear(); // as for a span too wide for the array
        t.add(DateTime::from_timestamp_secs(-DAY_SECS * 40_000), 1);
        t.add(DateTime::from_timestamp_secs(DAY_SECS * 2), 2);
        let pairs = DayCounts::from_pairs(t.into_pairs(), 0).per_day;
        assert_eq!(pairs, [(-40_000, 1), (2, 2)]);
    }
}
