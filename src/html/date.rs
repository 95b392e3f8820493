//! Dates as web pages write them: ISO 8601 / RFC 3339 in metadata (`2019-10-23T10:00:00+02:00`,
//! with or without seconds, fractions, offset or time), the human forms the header parser reads
//! (`23 October 2019`, `Oct 23, 2019 10:00 AM EST`), and dates inside URL paths
//! (`/2019/10/23/`, `/2019-10-23-`, `/20191023/`).
//!
//! As for article headers: the `day` is the calendar date as the page writes it (no conversion
//! to UTC), the `instant` is set only when a time and an offset are both given.

use jiff::Timestamp;
use jiff::civil::Date;

/// A date read from a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageDate {
    /// The page's own calendar date.
    pub day: Date,
    /// The instant, when the page gave a time with an offset.
    pub instant: Option<Timestamp>,
    /// That offset, in minutes east of UTC; set exactly when `instant` is.
    pub offset: Option<i32>,
}

impl PageDate {
    /// A calendar date without a time.
    pub fn day_only(day: Date) -> PageDate {
        PageDate {
            day,
            instant: None,
            offset: None,
        }
    }
}

/// Years a page date may fall in: anything else is a placeholder (`0001-01-01`) or a typo.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Parses a metadata date: ISO 8601 first, then the human forms of article headers.
pub fn parse(s: &str) -> Option<PageDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Some(d) = parse_iso(s) {
        return Some(d);
    }
    let (day, zoned) = crate::header::parse_date_text(s)?;
    let day = day.filter(|d| YEARS.contains(&d.year()))?;
    Some(PageDate {
        day,
        instant: zoned.map(|z| z.0),
        offset: zoned.map(|z| z.1),
    })
}

/// Parses `YYYY-MM-DD` optionally followed by `T` or a space, `HH:MM[:SS[.fff]]`, and `Z`,
/// `±HH[:MM]`, `±HHMM`, ` GMT` or ` UTC`. Trailing text after a full date is ignored only when
/// it starts with a space (`2019-10-23 (updated)`).
pub fn parse_iso(s: &str) -> Option<PageDate> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i32> {
        let part = b.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i32::from(d - b'0')))
    };
    let year = num(0, 4)?;
    let sep = *b.get(4)?;
    if !(sep == b'-' || sep == b'/' || sep == b'.') || b.get(7) != Some(&sep) {
        return None;
    }
    let day = make_date(year, num(5, 2)?, num(8, 2)?)?;
    let mut i = 10;
    let date_only = PageDate::day_only(day);
    if i == b.len() {
        return Some(date_only);
    }
    if !(b[i] == b'T' || b[i] == b't' || b[i] == b' ') {
        return None;
    }
    i += 1;
    let (Some(h), Some(m)) = (num(i, 2), num(i + 3, 2)) else {
        return Some(date_only);
    };
    if b.get(i + 2) != Some(&b':') {
        return Some(date_only);
    }
    i += 5;
    let mut sec = 0;
    if b.get(i) == Some(&b':')
        && let Some(s) = num(i + 1, 2)
    {
        sec = s;
        i += 3;
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let offset_minutes = match b.get(i) {
        None => None,
        Some(b'Z' | b'z') => Some(0),
        Some(&c @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let om = if b.get(i + 3) == Some(&b':') {
                num(i + 4, 2)?
            } else {
                num(i + 3, 2).unwrap_or(0)
            };
            (oh <= 14 && om < 60).then_some((if c == b'-' { -1 } else { 1 }) * (oh * 60 + om))
        }
        Some(_) => {
            let rest = &s[i..];
            (rest.starts_with("GMT") || rest.starts_with("UTC")).then_some(0)
        }
    };
    // A leap second (`:60`) is read as `:59`.
    let instant = offset_minutes.and_then(|off| {
        let u = |v: i32| u32::try_from(v).ok();
        crate::header::instant(day, u(h)?, u(m)?, u(sec.min(59))?, off)
    });
    if instant.is_none() && (h > 23 || m > 59) {
        return Some(date_only);
    }
    Some(PageDate {
        day,
        instant,
        offset: instant.and(offset_minutes),
    })
}

/// The date in a URL's path: `/2019/10/23/`, `/2019-10-23`, `/20191023`, with a plausible
/// year, month and day; the first one found.
pub fn from_url(url: &str) -> Option<PageDate> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let b = path.as_bytes();
    let digits_at = |i: usize, n: usize| -> Option<i32> {
        let part = b.get(i..i + n)?;
        let ok = part.iter().all(u8::is_ascii_digit)
            && !b.get(i + n).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit());
        ok.then(|| part.iter().fold(0, |n, d| n * 10 + i32::from(d - b'0')))
    };
    for i in 0..b.len() {
        if i > 0 && b[i - 1] != b'/' && b[i - 1] != b'-' && b[i - 1] != b'_' {
            continue;
        }
        // YYYY/MM/DD or YYYY-MM-DD (two-digit or one-digit month and day).
        if let Some(y) = digits_at(i, 4)
            && matches!(b.get(i + 4), Some(b'/' | b'-' | b'_'))
        {
            let sep = b[i + 4];
            let (m, mlen) = match (digits_at(i + 5, 2), digits_at(i + 5, 1)) {
                (Some(m), _) => (m, 2),
                (None, Some(m)) => (m, 1),
                _ => continue,
            };
            if b.get(i + 5 + mlen) != Some(&sep) {
                continue;
            }
            let d = digits_at(i + 6 + mlen, 2).or_else(|| digits_at(i + 6 + mlen, 1));
            if let Some(day) = d.and_then(|d| make_date(y, m, d)) {
                return Some(PageDate::day_only(day));
            }
        }
        // YYYYMMDD as a whole path component or prefix.
        if let Some(n) = digits_at(i, 8)
            && let Some(day) = make_date(n / 10_000, n / 100 % 100, n % 100)
        {
            return Some(PageDate::day_only(day));
        }
    }
    None
}

fn make_date(y: i32, m: i32, d: i32) -> Option<Date> {
    let y = i16::try_from(y).ok().filter(|y| YEARS.contains(y))?;
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: Option<PageDate>) -> String {
        match d {
            None => "none".into(),
            Some(d) => format!(
                "{} {}",
                d.day,
                d.instant.map_or("-".to_string(), |t| t.to_string())
            ),
        }
    }

    #[test]
    fn parse_table() {
        let cases = [
            ("2019-10-23", "2019-10-23 -"),
            (
                "2019-10-23T10:00:00+02:00",
                "2019-10-23 2019-10-23T08:00:00Z",
            ),
            (
                "2019-10-23T23:30:00-05:00",
                "2019-10-23 2019-10-24T04:30:00Z",
            ),
            (
                "2019-10-23T10:00:00.123Z",
                "2019-10-23 2019-10-23T10:00:00Z",
            ),
            ("2019-10-23T10:00+0200", "2019-10-23 2019-10-23T08:00:00Z"),
            ("2019-10-23 10:00:00 +02", "2019-10-23 2019-10-23T08:00:00Z"),
            ("2019-10-23T10:00:00", "2019-10-23 -"),
            ("2019-10-23 10:00 GMT", "2019-10-23 2019-10-23T10:00:00Z"),
            ("2019/10/23", "2019-10-23 -"),
            ("2019-02-30", "none"),
            ("0001-01-01T00:00:00Z", "none"),
            ("2019-10-23Tjunk", "2019-10-23 -"),
            ("23 October 2019", "2019-10-23 -"),
            (
                "Oct 23, 2019 10:00 AM EST",
                "2019-10-23 2019-10-23T15:00:00Z",
            ),
            ("yesterday", "none"),
            ("", "none"),
        ];
        for (input, want) in cases {
            assert_eq!(show(parse(input)), want, "{input}");
        }
    }

    #[test]
    fn offsets_come_with_instants() {
        let offset = |s: &str| parse(s).and_then(|d| d.offset);
        assert_eq!(offset("2019-10-23T10:00:00+02:00"), Some(120));
        assert_eq!(offset("2019-10-23T10:00:00-0430"), Some(-270));
        assert_eq!(offset("2019-10-23T10:00:00Z"), Some(0));
        assert_eq!(offset("Oct 23, 2019 10:00 AM EST"), Some(-300));
        assert_eq!(offset("2019-10-23T10:00:00"), None);
        assert_eq!(offset("2019-10-23"), None);
    }

    #[test]
    fn url_table() {
        let cases = [
            ("https://x.com/2019/10/23/story", "2019-10-23 -"),
            (
                "https://x.com/news/2019-10-23-some-story.html",
                "2019-10-23 -",
            ),
            ("https://x.com/a/20191023/b", "2019-10-23 -"),
            ("https://x.com/2019/1/5/story", "2019-01-05 -"),
            ("https://x.com/2019/10/story", "none"),
            ("https://x.com/id/1234567890", "none"),
            ("https://x.com/a/20191399", "none"),
            ("https://2019.com/10/23", "none"),
            ("/local/2020/02/29/leap", "2020-02-29 -"),
            ("https://x.com/p?d=2019/10/23", "none"),
        ];
        for (url, want) in cases {
            assert_eq!(show(from_url(url)), want, "{url}");
        }
    }
}
