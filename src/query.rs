//! What a user asks for, before it meets the index: date periods (`2009`, `2009-01`, `2009-01-07`),
//! filters, sort orders and paging, each checked with a message naming the argument.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::error::Error;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Largest `--limit`.
pub const MAX_LIMIT: usize = 10_000;
/// Largest `--offset`.
pub const MAX_OFFSET: usize = 1_000_000;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// Best match first (ties by date, then path).
    #[default]
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

/// Filters shared by `search`, `list` and `stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// First day included (the article's own calendar date).
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
    /// Source agency, case-insensitive.
    pub source: Option<String>,
    /// Dateline place, case-insensitive.
    pub dateline: Option<String>,
    /// A person's canonical name, case-insensitive.
    pub person: Option<String>,
    /// A place's canonical name, case-insensitive.
    pub place: Option<String>,
    /// An organisation's canonical name, case-insensitive.
    pub org: Option<String>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// A full request to the index.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The query text; `None` for `list`.
    pub query: Option<String>,
    /// Filters.
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Whether hits carry the article body.
    pub with_body: bool,
    /// Whether every word and phrase of the query also finds its spelling variants.
    pub fuzzy: bool,
    /// One hit per group of copies (its best-ranked matching member), counting the others.
    pub collapse: bool,
}

/// Which end of a period a date argument stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `--from`: the first day of the period.
    Start,
    /// `--to`: the last day of the period.
    Finish,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the first or last day of that period.
pub fn parse_period(arg: &'static str, value: &str, end: End) -> Result<Date, Error> {
    let bad = |reason: &str| Error::Argument {
        arg,
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let v = value.trim();
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, digits: usize| -> Result<i64, Error> {
        if s.len() != digits || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        s.parse::<i64>()
            .map_err(|_| bad("expected YYYY, YYYY-MM or YYYY-MM-DD"))
    };
    let year = num(parts.first().copied().unwrap_or(""), 4)?;
    if !(1..=9999).contains(&year) {
        return Err(bad("year out of range"));
    }
    let year = year as i16;
    match parts.len() {
        1 => Ok(match end {
            End::Start => jiff::civil::date(year, 1, 1),
            End::Finish => jiff::civil::date(year, 12, 31),
        }),
        2 => {
            let month = num(parts[1], 2)?;
            if !(1..=12).contains(&month) {
                return Err(bad("month must be 01 to 12"));
            }
            let first = Date::new(year, month as i8, 1).map_err(|_| bad("no such month"))?;
            Ok(match end {
                End::Start => first,
                End::Finish => first.last_of_month(),
            })
        }
        3 => {
            let month = num(parts[1], 2)?;
            let day = num(parts[2], 2)?;
            if !(1..=12).contains(&month) {
                return Err(bad("month must be 01 to 12"));
            }
            Date::new(year, month as i8, day as i8).map_err(|_| bad("no such day in that month"))
        }
        _ => Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD")),
    }
}

/// Checks a `--from`/`--to` pair.
pub fn check_range(from: Option<Date>, to: Option<Date>) -> Result<(), Error> {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(Error::Argument {
            arg: "--from",
            value: f.to_string(),
            reason: format!("it is after --to {t}; swap them"),
        });
    }
    Ok(())
}

/// The day after `d` (exclusive upper bound of a range), saturating at the end of the calendar.
pub fn next_day(d: Date) -> Date {
    d.checked_add(1.day()).unwrap_or(d)
}

/// Checks `--limit` and `--offset`.
pub fn check_paging(limit: i64, offset: i64) -> Result<(usize, usize), Error> {
    if limit < 1 || limit as usize > MAX_LIMIT {
        return Err(Error::Argument {
            arg: "--limit",
            value: limit.to_string(),
            reason: format!("must be from 1 to {MAX_LIMIT}"),
        });
    }
    if offset < 0 || offset as usize > MAX_OFFSET {
        return Err(Error::Argument {
            arg: "--offset",
            value: offset.to_string(),
            reason: format!("must be from 0 to {MAX_OFFSET}"),
        });
    }
    Ok((limit as usize, offset as usize))
}

/// Rewrites the field aliases users type (`person:`, `place:`, `org:`) to schema field names,
/// leaving quoted text alone, and checks the query's size.
pub fn normalise_query(query: &str) -> Result<String, Error> {
    let bad = |reason: String| Error::Query {
        query: shorten(query),
        reason,
    };
    if query.len() > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "it is {} bytes long, the most is {MAX_QUERY_BYTES}",
            query.len()
        )));
    }
    if query.trim().is_empty() {
        return Err(bad(
            "it is empty; give words to search for, or use `newsdex list`".into(),
        ));
    }
    const ALIASES: [(&str, &str); 8] = [
        ("person", "people"),
        ("persons", "people"),
        ("place", "places"),
        ("org", "organisations"),
        ("orgs", "organisations"),
        ("organisation", "organisations"),
        ("organization", "organisations"),
        ("organizations", "organisations"),
    ];
    let mut out = String::with_capacity(query.len() + 16);
    let mut in_quotes = false;
    let mut word_start = true;
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes
            && word_start
            && let Some((alias, field)) = ALIASES.iter().find(|(a, _)| {
                rest.len() > a.len()
                    && rest.as_bytes()[a.len()] == b':'
                    && rest.is_char_boundary(a.len())
                    && rest[..a.len()].eq_ignore_ascii_case(a)
            })
        {
            out.push_str(field);
            rest = &rest[alias.len()..];
            word_start = false;
            continue;
        }
        word_start = c.is_whitespace() || c == '(' || c == '+' || c == '-';
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_quotes {
        return Err(bad("a double quote is not closed".into()));
    }
    let mut depth: i64 = 0;
    let mut quoted = false;
    for c in out.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return Err(bad("a closing parenthesis has no opening one".into()));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err(bad("a parenthesis is not closed".into()));
    }
    Ok(out)
}

/// The query as shown in an error: at most 80 characters.
pub fn shorten(query: &str) -> String {
    let mut s: String = query.chars().take(80).collect();
    if s.len() < query.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods() {
        let cases = [
            ("2009", End::Start, Some(date(2009, 1, 1))),
            ("2009", End::Finish, Some(date(2009, 12, 31))),
            ("2009-02", End::Finish, Some(date(2009, 2, 28))),
            ("2008-02", End::Finish, Some(date(2008, 2, 29))),
            ("2009-01-07", End::Start, Some(date(2009, 1, 7))),
            ("2009-13-45", End::Start, None),
            ("2009-02-30", End::Start, None),
            ("09", End::Start, None),
            ("2009-1-7", End::Start, None),
            ("yesterday", End::Start, None),
            ("", End::Start, None),
        ];
        for (input, end, want) in cases {
            assert_eq!(parse_period("--from", input, end).ok(), want, "{input}");
        }
    }

    #[test]
    fn ranges_and_paging() {
        assert!(check_range(Some(date(2009, 2, 1)), Some(date(2009, 1, 1))).is_err());
        assert!(check_range(Some(date(2009, 1, 1)), Some(date(2009, 1, 1))).is_ok());
        assert!(check_paging(0, 0).is_err());
        assert!(check_paging(-5, 0).is_err());
        assert!(check_paging(10, -1).is_err());
        assert!(check_paging(1_000_000_000, 0).is_err());
        assert_eq!(check_paging(10, 5).unwrap(), (10, 5));
    }

    #[test]
    fn aliases_and_balance() {
        let cases = [
            (
                "person:\"Sean McCormack\"",
                Some("people:\"Sean McCormack\""),
            ),
            ("Org:LeT oil", Some("organisations:LeT oil")),
            ("\"place:x\"", Some("\"place:x\"")),
            ("airplace:x", Some("airplace:x")),
            ("(a OR b", None),
            ("a)", None),
            ("\"crude oil", None),
            ("   ", None),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_query(input).ok().as_deref(), want, "{input}");
        }
        assert!(normalise_query(&"a ".repeat(50_000)).is_err());
    }
}
