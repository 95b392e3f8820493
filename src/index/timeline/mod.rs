//! Coverage over time: how many articles a request matches per day, ISO week, month or year of
//! their own calendar `day`, counted from the `day` fast field (never from stored documents), with
//! the empty periods between the first and the last non-empty one included as zeros.

mod days;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tantivy::collector::Collector;

use super::search::build_query;
use super::store::NewsIndex;
use crate::query::Request;
pub use days::DayCounts;
use days::{DayCounter, count_all};

/// The most bars `By::Auto` aims for.
pub const AUTO_MAX_BARS: usize = 60;
/// Seconds in a day: the `day` column holds midnight UTC of the article's own date.
const DAY_SECS: i64 = 86_400;

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
        let parts = super::segments::search(&searcher, &*query, &DayCounter)?;
        DayCounter.merge_fruits(parts)?
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
}
