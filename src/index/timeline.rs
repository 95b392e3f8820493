//! Coverage over time: how many articles a request matches per day, ISO week, month or year of
//! their own calendar `day`, counted from the `day` fast field (never from stored documents), with
//! the empty periods between the first and the last non-empty one included as zeros.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::{DateTime, DocId, Score, Searcher};

use super::schema::names;
use super::search::build_query;
use super::store::NewsIndex;
use crate::query::Request;

/// The most bars `By::Auto` aims for.
pub const AUTO_MAX_BARS: usize = 60;
/// Seconds in a day: the `day` column holds midnight UTC of the article's own date.
const DAY_SECS: i64 = 86_400;
/// Widest span of days a segment counts in a flat array; wider (hostile dates) goes to a map.
const MAX_DENSE_DAYS: i64 = 1 << 17;

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Calendar days (`2009-01-07`).
    Day,
    /// ISO 8601 weeks, Monday to Sunday, numbered in their ISO week-year (`2009-W02`).
    Week,
    /// Calendar months (`2009-01`).
    Month,
    /// Calendar years (`2009`).
    Year,
    /// The finest of the above giving at most about 60 bars.
    Auto,
}

impl By {
    /// The name users type (`day`, `week`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            By::Day => "day",
            By::Week => "week",
            By::Month => "month",
            By::Year => "year",
            By::Auto => "auto",
        }
    }
}

/// One period and the number of matching articles dated in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The period: `YYYY`, `YYYY-MM`, ISO week `YYYY-Www`, or `YYYY-MM-DD`.
    pub period: String,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Matching articles dated in it.
    pub count: u64,
}

/// Matching articles per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The period length used (resolved: never `Auto`).
    pub by: By,
    /// Every period from the first to the last non-empty one, in order.
    pub buckets: Vec<Bucket>,
    /// Matching articles in all, dated or not.
    pub total: u64,
    /// Matching articles without a day (in no bucket).
    pub undated: u64,
}

/// Counts the articles `req` matches (query text and filters; paging and sort ignored) per period.
pub fn compute(ix: &NewsIndex, req: &Request, by: By) -> anyhow::Result<Timeline> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let days = if req.query.is_none() && req.filters.is_empty() {
        count_all(&searcher)?
    } else {
        let (query, _) = build_query(ix, req)?;
        searcher.search(&*query, &DayCounter)?
    };
    Ok(from_days(&days, by))
}

/// Groups per-day counts into periods of `by` (resolving `Auto` from their span).
pub fn from_days(days: &DayCounts, by: By) -> Timeline {
    let dated: u64 = days.per_day.iter().map(|&(_, n)| n).sum();
    let mut tl = Timeline {
        by: if by == By::Auto { By::Year } else { by },
        buckets: Vec::new(),
        total: dated + days.undated,
        undated: days.undated,
    };
    let (Some(&(first, _)), Some(&(last, _))) = (days.per_day.first(), days.per_day.last()) else {
        return tl;
    };
    let (first, last) = (date_of(first), date_of(last));
    if by == By::Auto {
        tl.by = [By::Day, By::Week, By::Month]
            .into_iter()
            .find(|&b| periods_between(b, first, last) <= AUTO_MAX_BARS as u64)
            .unwrap_or(By::Year);
    }
    let mut counts = days
        .per_day
        .iter()
        .map(|&(d, n)| (start_of(tl.by, date_of(d)), n));
    let mut next = counts.next();
    let mut start = start_of(tl.by, first);
    let end = start_of(tl.by, last);
    loop {
        let mut count = 0;
        while let Some((s, n)) = next
            && s == start
        {
            count += n;
            next = counts.next();
        }
        tl.buckets.push(Bucket {
            period: label(tl.by, start),
            start: start.to_string(),
            count,
        });
        match step(tl.by, start) {
            Some(s) if start < end => start = s,
            _ => break,
        }
    }
    tl
}

/// The first day of the period of `by` holding `d` (`Auto` is treated as `Year`).
pub fn start_of(by: By, d: Date) -> Date {
    match by {
        By::Day => d,
        By::Week => {
            let back = i64::from(d.weekday().to_monday_zero_offset());
            d.checked_sub(back.days()).unwrap_or(d)
        }
        By::Month => d.first_of_month(),
        By::Year | By::Auto => d.first_of_year(),
    }
}

/// The label of the period of `by` starting on `start`.
pub fn label(by: By, start: Date) -> String {
    match by {
        By::Day => start.to_string(),
        By::Week => {
            let w = start.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        By::Month => format!("{:04}-{:02}", start.year(), start.month()),
        By::Year | By::Auto => format!("{:04}", start.year()),
    }
}

/// The start of the period after the one starting on `start`, if the calendar has one.
fn step(by: By, start: Date) -> Option<Date> {
    match by {
        By::Day => start.checked_add(1.day()).ok(),
        By::Week => start.checked_add(1.week()).ok(),
        By::Month => start.checked_add(1.month()).ok(),
        By::Year | By::Auto => start.checked_add(1.year()).ok(),
    }
}

/// How many periods of `by` run from the one holding `first` to the one holding `last`.
pub fn periods_between(by: By, first: Date, last: Date) -> u64 {
    let (a, b) = (start_of(by, first), start_of(by, last));
    let months = |d: Date| i64::from(d.year()) * 12 + i64::from(d.month());
    let n = match by {
        By::Day => epoch_day(b) - epoch_day(a),
        By::Week => (epoch_day(b) - epoch_day(a)) / 7,
        By::Month => months(b) - months(a),
        By::Year | By::Auto => i64::from(b.year()) - i64::from(a.year()),
    };
    n.max(0) as u64 + 1
}

/// Days since 1970-01-01 of a date.
fn epoch_day(d: Date) -> i64 {
    super::record::day_to_secs(d).div_euclid(DAY_SECS)
}

/// The date of a day number (days since 1970-01-01); the epoch for one out of jiff's range.
fn date_of(day: i64) -> Date {
    let epoch = jiff::civil::date(1970, 1, 1);
    jiff::Span::new()
        .try_days(day)
        .and_then(|s| epoch.checked_add(s))
        .unwrap_or(epoch)
}

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
fn count_all(searcher: &Searcher) -> tantivy::Result<DayCounts> {
    let mut parts = Vec::new();
    let mut undated = 0u64;
    for seg in searcher.segment_readers() {
        let col = seg.fast_fields().date(names::DAY)?;
        let mut tally = Tally::for_column(&col);
        let mut dated = u64::from(col.values.num_vals());
        super::stats::for_each_value(&*col.values, |d| tally.add(d, 1));
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
struct DayCounter;

/// [`DayCounter`] for one segment.
struct SegDays {
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
    use jiff::civil::date;

    fn days(pairs: &[(Date, u64)], undated: u64) -> DayCounts {
        DayCounts::from_pairs(pairs.iter().map(|&(d, n)| (epoch_day(d), n)), undated)
    }

    fn periods(tl: &Timeline) -> Vec<(String, String, u64)> {
        tl.buckets
            .iter()
            .map(|b| (b.period.clone(), b.start.clone(), b.count))
            .collect()
    }

    #[test]
    fn labels_and_starts() {
        // (by, a day, its period's label, its period's first day)
        let cases = [
            (By::Day, date(2009, 1, 7), "2009-01-07", date(2009, 1, 7)),
            (By::Month, date(2009, 1, 31), "2009-01", date(2009, 1, 1)),
            (By::Year, date(1987, 6, 30), "1987", date(1987, 1, 1)),
            // ISO weeks across year ends: 2008-12-29 (Mon) starts 2009-W01; 2010-01-03 (Sun)
            // is in 2009-W53; 2005-01-01 (Sat) is in 2004-W53.
            (By::Week, date(2008, 12, 31), "2009-W01", date(2008, 12, 29)),
            (By::Week, date(2009, 1, 4), "2009-W01", date(2008, 12, 29)),
            (By::Week, date(2009, 1, 5), "2009-W02", date(2009, 1, 5)),
            (By::Week, date(2010, 1, 3), "2009-W53", date(2009, 12, 28)),
            (By::Week, date(2005, 1, 1), "2004-W53", date(2004, 12, 27)),
            (By::Week, date(1987, 3, 1), "1987-W09", date(1987, 2, 23)),
        ];
        for (by, day, want_label, want_start) in cases {
            let s = start_of(by, day);
            assert_eq!(s, want_start, "{by:?} {day}");
            assert_eq!(label(by, s), want_label, "{by:?} {day}");
        }
    }

    #[test]
    fn empty_periods_between_are_zero() {
        let d = days(
            &[
                (date(2009, 1, 7), 3),
                (date(2008, 11, 30), 1),
                (date(2009, 1, 1), 2),
            ],
            4,
        );
        let tl = from_days(&d, By::Month);
        assert_eq!(
            periods(&tl),
            [
                ("2008-11".into(), "2008-11-01".into(), 1),
                ("2008-12".into(), "2008-12-01".into(), 0),
                ("2009-01".into(), "2009-01-01".into(), 5),
            ]
        );
        assert_eq!((tl.total, tl.undated), (10, 4));
        let weeks = from_days(&d, By::Week);
        assert_eq!(weeks.buckets.first().unwrap().period, "2008-W48");
        assert_eq!(weeks.buckets.last().unwrap().period, "2009-W02");
        assert_eq!(weeks.buckets.len(), 7);
        assert_eq!(weeks.buckets.iter().map(|b| b.count).sum::<u64>(), 6);
    }

    #[test]
    fn auto_picks_the_finest_period_under_the_limit() {
        let cases = [
            (date(2009, 1, 1), date(2009, 1, 1), By::Day),
            (date(2009, 1, 1), date(2009, 3, 1), By::Day), // 60 days
            (date(2009, 1, 1), date(2009, 3, 2), By::Week), // 61 days
            (date(2009, 1, 1), date(2010, 1, 31), By::Week),
            (date(2009, 1, 1), date(2012, 1, 1), By::Month),
            (date(1987, 2, 26), date(2009, 1, 7), By::Year),
            (date(1000, 1, 1), date(2009, 1, 7), By::Year), // more than 60 years: still years
        ];
        for (a, b, want) in cases {
            let tl = from_days(&days(&[(a, 1), (b, 1)], 0), By::Auto);
            assert_eq!(tl.by, want, "{a} .. {b}");
            let n = tl.buckets.len() as u64;
            assert_eq!(n, periods_between(want, a, b), "{a} .. {b}");
            assert!(want == By::Year || n <= AUTO_MAX_BARS as u64);
        }
    }

    #[test]
    fn nothing_dated_gives_no_buckets() {
        let tl = from_days(&days(&[], 3), By::Auto);
        assert!(tl.buckets.is_empty());
        assert_eq!((tl.by, tl.total, tl.undated), (By::Year, 3, 3));
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
