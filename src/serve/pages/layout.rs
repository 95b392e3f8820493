//! What every page shares: the document around it, the search form, the page state as URLs (every
//! state is a link, so bookmarks and the back button work), dates, and text with marked matches.
//! Templates are maud macros, compiled in; every interpolated value is HTML-escaped by maud.

use std::ops::Range;

use maud::{DOCTYPE, Markup, html};

use super::super::assets;
use super::super::params::{Params, url};
use crate::output::group;

/// The parameters a search page keeps from link to link (`offset` is set per link).
pub const PAGE_PARAMS: [&str; 10] = [
    "q", "from", "to", "source", "dateline", "person", "place", "org", "sort", "limit",
];

/// A page's state (its parameters), from which every link on it is made.
#[derive(Debug, Clone, Default)]
pub struct Here {
    pairs: Vec<(&'static str, String)>,
}

impl Here {
    /// The page-state parameters of a request, in [`PAGE_PARAMS`] order.
    pub fn from_params(p: &Params) -> Here {
        Here {
            pairs: PAGE_PARAMS
                .iter()
                .filter_map(|&k| p.get(k).map(|v| (k, v.to_string())))
                .collect(),
        }
    }

    /// A parameter's value.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.as_str())
    }

    /// The same state with `k` set to `v` (back to the first page of results).
    pub fn with(&self, k: &'static str, v: &str) -> Here {
        let mut pairs: Vec<(&'static str, String)> = self
            .pairs
            .iter()
            .filter(|(n, _)| *n != k)
            .cloned()
            .collect();
        pairs.push((k, v.to_string()));
        pairs.sort_by_key(|(n, _)| PAGE_PARAMS.iter().position(|p| p == n));
        Here { pairs }
    }

    /// The same state without `k`.
    pub fn without(&self, k: &str) -> Here {
        Here {
            pairs: self
                .pairs
                .iter()
                .filter(|(n, _)| *n != k)
                .cloned()
                .collect(),
        }
    }

    /// The search page's URL for this state, at `offset`.
    pub fn href(&self, offset: usize) -> String {
        self.href_at("/", offset)
    }

    /// This state's URL under another path (the JSON twin).
    pub fn href_at(&self, path: &str, offset: usize) -> String {
        let off = offset.to_string();
        let extra = (offset > 0).then_some(("offset", off.as_str()));
        url(
            path,
            self.pairs
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .chain(extra),
        )
    }
}

/// A whole HTML page. `version` (the index commit shown) lets the script notice a new commit.
pub fn page(title: &str, version: Option<&str>, header: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · newsdex" }
                link rel="icon" type="image/svg+xml" href=(assets::url("favicon.svg"));
                link rel="stylesheet" href=(assets::url("style.css"));
                script src=(assets::url("app.js")) defer {}
            }
            body data-version=[version] {
                a.skip href="#main" { "Skip to content" }
                (header)
                (body)
                div.sr-only #announce role="status" aria-live="polite" {}
            }
        }
    }
}

/// The banner with the search form; the form carries the page's filters along as hidden fields.
pub fn header(here: &Here) -> Markup {
    let sort = here.get("sort").unwrap_or("");
    html! {
        header.top {
            a.brand href="/" { "newsdex" }
            form.search role="search" action="/" method="get" {
                div.field.q {
                    label for="q" { "Search the archive" }
                    input #q type="search" name="q" value=[here.get("q")]
                        placeholder="words, \"a phrase\", OR, -word, person:…"
                        autocomplete="off" spellcheck="false" aria-describedby="q-help";
                }
                div.field {
                    label for="from" { "From" }
                    input #from name="from" value=[here.get("from")] placeholder="YYYY-MM-DD"
                        inputmode="numeric" size="10" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
                        title="YYYY, YYYY-MM or YYYY-MM-DD";
                }
                div.field {
                    label for="to" { "To" }
                    input #to name="to" value=[here.get("to")] placeholder="YYYY-MM-DD"
                        inputmode="numeric" size="10" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
                        title="YYYY, YYYY-MM or YYYY-MM-DD";
                }
                div.field {
                    label for="sort" { "Order" }
                    select #sort name="sort" {
                        option value="" selected[sort.is_empty()] { "Best match" }
                        option value="date" selected[sort == "date"] { "Oldest first" }
                        option value="-date" selected[sort == "-date"] { "Newest first" }
                    }
                }
                @for k in ["source", "dateline", "person", "place", "org", "limit"] {
                    @if let Some(v) = here.get(k) {
                        input type="hidden" name=(k) value=(v);
                    }
                }
                button type="submit" { "Search" }
                p #q-help .help {
                    "All words must match; \"quotes\" for a phrase, OR, -word to exclude, "
                    "field:value for title, source, dateline, person, place, org. Press / to search."
                }
            }
        }
    }
}

/// Text with the byte ranges `marks` wrapped in `<mark>`; ranges that are out of order, overlap or
/// do not fall on character boundaries are ignored.
pub fn marked(text: &str, marks: &[Range<usize>]) -> Markup {
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for r in marks {
        if r.start < at
            || r.end <= r.start
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        parts.push((&text[at..r.start], false));
        parts.push((&text[r.clone()], true));
        at = r.end;
    }
    parts.push((&text[at..], false));
    html! {
        @for (s, hit) in parts {
            @if hit { mark { (s) } } @else { (s) }
        }
    }
}

/// An article's own calendar date, written out: `Wednesday 7 January 2009`.
pub fn long_day(day: &str) -> String {
    day.parse::<jiff::civil::Date>()
        .map(|d| d.strftime("%A %-d %B %Y").to_string())
        .unwrap_or_else(|_| day.to_string())
}

/// The time of an RFC 3339 instant in UTC: `04:17 UTC`.
pub fn utc_time(date: &str) -> Option<String> {
    let ts = date.parse::<jiff::Timestamp>().ok()?;
    Some(ts.strftime("%H:%M UTC").to_string())
}

/// An article's time on its own clock: the instant at the header's offset from UTC (`+05:30`),
/// as the text shown (`09:47 UTC+05:30`) and as the RFC 3339 value for a `datetime` attribute
/// (`2009-01-07T09:47:00+05:30`). `None` when the instant or offset does not parse.
pub fn local_time(date: &str, utc_offset: &str) -> Option<(String, String)> {
    let ts = date.parse::<jiff::Timestamp>().ok()?;
    let (sign, rest) = match utc_offset.as_bytes().first()? {
        b'+' => (1, &utc_offset[1..]),
        b'-' => (-1, &utc_offset[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let seconds = sign * (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60);
    let offset = jiff::tz::Offset::from_seconds(seconds).ok()?;
    let local = offset.to_datetime(ts);
    Some((
        format!("{} UTC{utc_offset}", local.strftime("%H:%M")),
        format!("{}{utc_offset}", local.strftime("%Y-%m-%dT%H:%M:%S")),
    ))
}

/// `1 article`, `12,034 articles`.
pub fn articles(n: usize) -> String {
    match n {
        1 => "1 article".to_string(),
        n => format!("{} articles", group(n as u64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(r: Range<usize>) -> Vec<Range<usize>> {
        std::iter::once(r).collect()
    }

    #[test]
    fn marks_and_escapes() {
        let cases: [(&str, Vec<Range<usize>>, &str); 5] = [
            ("oil & gas", one(0..3), "<mark>oil</mark> &amp; gas"),
            ("<b>x</b>", vec![], "&lt;b&gt;x&lt;/b&gt;"),
            ("a b c", vec![0..1, 4..5], "<mark>a</mark> b <mark>c</mark>"),
            ("abc", vec![1..2, 0..3, 2..9], "a<mark>b</mark>c"),
            ("é", one(0..1), "é"),
        ];
        for (text, marks, want) in cases {
            assert_eq!(marked(text, &marks).into_string(), want, "{text}");
        }
    }

    #[test]
    fn state_links() {
        let p = Params::parse(Some("q=oil&person=A+B&offset=20&junk=1")).unwrap();
        let here = Here::from_params(&p);
        assert_eq!(here.href(0), "/?q=oil&person=A+B");
        assert_eq!(here.href(20), "/?q=oil&person=A+B&offset=20");
        assert_eq!(
            here.with("from", "2009").href(0),
            "/?q=oil&from=2009&person=A+B"
        );
        assert_eq!(here.without("person").href(0), "/?q=oil");
        assert_eq!(long_day("2009-01-07"), "Wednesday 7 January 2009");
        assert_eq!(
            utc_time("2009-01-07T04:17:00Z").as_deref(),
            Some("04:17 UTC")
        );
        assert_eq!(
            local_time("2009-01-07T04:17:00Z", "+05:30"),
            Some((
                "09:47 UTC+05:30".to_string(),
                "2009-01-07T09:47:00+05:30".to_string()
            ))
        );
        assert_eq!(
            local_time("2009-01-07T02:30:00Z", "-04:00").map(|t| t.1),
            Some("2009-01-06T22:30:00-04:00".to_string())
        );
        assert_eq!(local_time("2009-01-07T02:30:00Z", "04:00"), None);
        assert_eq!(articles(1), "1 article");
        assert_eq!(articles(12034), "12,034 articles");
    }
}
