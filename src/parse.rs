//! Parse stage: ties header parsing and cleaning together, turning one decoded file into a
//! [`ParsedArticle`]: optional headline, header, clean paragraphs and the noise lines removed.
//! [`split`] stops before cleaning, for the stages that read the body lines themselves (corpus
//! line statistics, copy signatures).

use crate::article::{Header, ParsedArticle};
use crate::clean::{self, BodyLines, LineStats};
use crate::decode;
use crate::header;

/// A decoded file cut into its parts, before cleaning.
#[derive(Debug, Clone, Default)]
pub struct Split<'a> {
    /// The headline line, when the file has one.
    pub title: Option<String>,
    /// The parsed header; `None` when the file has no recognisable header.
    pub header: Option<Header>,
    /// The body lines, hard-wrapped paragraphs rejoined.
    pub body: BodyLines<'a>,
    /// The whole text when the file is a web page dumped to text
    /// ([`clean::dump::looks_like_dump`]): the page-dump model cleans it instead.
    pub page: Option<&'a str>,
}

/// Cuts a decoded article file into headline, header and body lines.
///
/// The header is the first non-empty line, or the second one, in which case the first is the
/// title. A file without a recognisable header has no header and no title, and every non-empty
/// line is body; when it is a whole web page dumped to text, [`Split::clean`] lets the page-dump
/// model find its article and headline. Hard-wrapped body paragraphs are rejoined ([`clean::unwrap`]); body lines are
/// trimmed, empty ones dropped.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<&str> = decode::lines(text).collect();
    // The first two non-empty lines, trimmed, with the index of the raw line after each.
    let mut firsts = raw
        .iter()
        .enumerate()
        .map(|(i, l)| (l.trim(), i + 1))
        .filter(|(l, _)| !l.is_empty());
    let (title, header, start) = match (firsts.next(), firsts.next()) {
        (Some((first, after)), _)
            if first.contains('|')
                && let Some(h) = header::parse_header(first) =>
        {
            (None, Some(h), after)
        }
        (Some((first, _)), Some((second, after)))
            if second.contains('|')
                && let Some(h) = header::parse_header(second) =>
        {
            (Some(first.to_string()), Some(h), after)
        }
        _ => (None, None, 0),
    };
    let page = if header.is_none() {
        let lines: Vec<&str> = raw
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        clean::dump::looks_like_dump(&lines).then_some(text)
    } else {
        None
    };
    Split {
        title,
        header,
        body: clean::unwrap(&raw[start..]),
        page,
    }
}

impl Split<'_> {
    /// The article with its body cleaned of noise (with corpus `stats` when available).
    pub fn clean(&self, stats: Option<&LineStats>) -> ParsedArticle {
        if let Some(text) = self.page {
            let page = clean::dump::clean(text);
            return ParsedArticle {
                url: None,
                title: page.title,
                header: None,
                paragraphs: page.paragraphs,
                noise: page.noise,
            };
        }
        let (paragraphs, noise) = clean::clean_body(&self.body, stats);
        ParsedArticle {
            url: None,
            title: self.title.clone(),
            header: self.header.clone(),
            paragraphs,
            noise,
        }
    }
}

/// Parses a decoded article file: [`split`], then [`Split::clean`].
pub fn parse(text: &str, stats: Option<&LineStats>) -> ParsedArticle {
    split(text).clean(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, title, has header, paragraphs, noise count)
    type Case = (
        &'static str,
        Option<&'static str>,
        bool,
        &'static [&'static str],
        usize,
    );

    #[test]
    fn parse_table() {
        let cases: &[Case] = &[
            (
                "07 January,2009 09:47 AM IST | | IANS\nOne.\nTwo.",
                None,
                true,
                &["One.", "Two."],
                0,
            ),
            (
                "\u{feff}A Headline Here\r\n\r\nUpdated: 07 Jan 2009 09:47 GMT | London | BBC\r\n  One.  \r\nALSO READ\r\nOther Story Goes Here\r\nTwo.\r\n",
                Some("A Headline Here"),
                true,
                &["One.", "Two."],
                2,
            ),
            (
                "Just a line.\rAnother line.",
                None,
                false,
                &["Just a line.", "Another line."],
                0,
            ),
            (
                "No header | here\nSecond line.",
                None,
                false,
                &["No header | here", "Second line."],
                0,
            ),
            ("", None, false, &[], 0),
            ("\n\n  \n", None, false, &[], 0),
        ];
        for (text, title, has_header, paragraphs, noise) in cases {
            let got = parse(text, None);
            assert_eq!(got.title.as_deref(), *title, "{text:?}");
            assert_eq!(got.header.is_some(), *has_header, "{text:?}");
            assert_eq!(got.paragraphs, *paragraphs, "{text:?}");
            assert_eq!(got.noise.len(), *noise, "{text:?}");
        }
    }
}
