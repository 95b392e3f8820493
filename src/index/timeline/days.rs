//! Counting matching articles per day from the `day` fast field: a collector over blocks of
//! matching documents, or, for the whole index, one sequential pass over each segment's values.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::{DateTime, DocId, Score, Searcher};

use super::DAY_SECS;
use crate::index::blocks::BlockReader;
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
        let mut pairs: Vec<(i64, u64)> = pairs.into_iter().filter(|&(_, n)| n > 0).collect();
        if !pairs.is_sorted_by_key(|&(d, _)| d) {
            pairs.sort_unstable_by_key(|&(d, _)| d);
        }
        let mut per_day: Vec<(i64, u64)> = Vec::with_capacity(pairs.len());
        for (d, n) in pairs {
            match per_day.last_mut() {
                Some((last, m)) if *last == d => *m += n,
                _ => per_day.push((d, n)),
            }
        }
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

    /// Adds `delta` (1, or -1 for a deleted article's day) to the count of `day`.
    #[inline]
    fn add(&mut self, day: DateTime, delta: i32) {
        let d = day_number(day);
        match usize::try_from(d.wrapping_sub(self.base))
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(c) => *c = c.saturating_add_signed(delta),
            None => {
                let c = self.sparse.entry(d).or_default();
                *c = c.saturating_add_signed(i64::from(delta));
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
    use rayon::prelude::*;
    let parts = searcher
        .segment_readers()
        .par_iter()
        .map(|seg| {
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
            let undated = u64::from(seg.num_docs()).saturating_sub(dated);
            Ok(DayCounts::from_pairs(tally.into_pairs(), undated))
        })
        .collect::<tantivy::Result<Vec<DayCounts>>>()?;
    DayCounter.merge_fruits(parts)
}

/// Collects matching articles per day from the `day` column.
pub(super) struct DayCounter;

/// [`DayCounter`] for one segment.
pub(super) struct SegDays {
    days: BlockReader<DateTime>,
    tally: Tally,
    undated: u64,
}

impl Collector for DayCounter {
    type Fruit = DayCounts;
    type Child = SegDays;

    fn for_segment(&self, _id: u32, seg: &SegmentReader) -> tantivy::Result<SegDays> {
        let col = seg.fast_fields().date(names::DAY)?;
        Ok(SegDays {
            tally: Tally::for_column(&col),
            days: BlockReader::new(&col),
            undated: 0,
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
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        // An article has one day at most.
        let tally = &mut self.tally;
        let dated = self.days.for_each(docs, |d| tally.add(d, 1));
        self.undated += (docs.len() - dated) as u64;
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
