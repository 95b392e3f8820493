//! Parse stage: ties header parsing and cleaning together, turning one decoded file into a
//! [`ParsedArticle`]: optional headline, header, clean paragraphs and the noise lines removed.

use crate::article::ParsedArticle;
use crate::clean::{self, LineStats};
use crate::decode;
use crate::header;

/// Parses a decoded article file.
///
/// The header is the first non-empty line, or the second one, in which case the first is the
/// title. A file without a recognisable header is either a whole web page dumped to text
/// ([`clean::dump::looks_like_dump`]), whose article and headline the page-dump model finds, or
/// plain text with no title, every non-empty line body. Body lines are trimmed, empty ones
/// dropped, then cleaned of noise (with corpus `stats` when available).
pub fn parse(text: &str, stats: Option<&LineStats>) -> ParsedArticle {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = decode::lines(text)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let (title, header, start) = match (lines.first(), lines.get(1)) {
        (Some(first), _)
            if first.contains('|')
                && let Some(h) = header::parse_header(first) =>
        {
            (None, Some(h), 1)
        }
        (Some(first), Some(second))
            if second.contains('|')
                && let Some(h) = header::parse_header(second) =>
        {
            (Some((*first).to_string()), Some(h), 2)
        }
        _ if clean::dump::looks_like_dump(&lines) => {
            let page = clean::dump::clean(text);
            return ParsedArticle {
                url: None,
                title: page.title,
                header: None,
                paragraphs: page.paragraphs,
                noise: page.noise,
            };
        }
        _ => (None, None, 0),
    };
    let (paragraphs, noise) = clean::clean(&lines[start..], stats);
    ParsedArticle {
        url: None,
        title,
        header,
        paragraphs,
        noise,
    }
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
