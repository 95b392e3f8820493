//! Parse stage: ties header parsing and cleaning together, turning one decoded file into a
//! [`ParsedArticle`]: optional headline, header, clean paragraphs and the noise lines removed.

use crate::article::ParsedArticle;
use crate::clean::{self, LineStats};
use crate::decode;
use crate::header;

/// Parses a decoded article file.
///
/// The header is the first non-empty line, or the second one, in which case the first is the
/// title. A file without a recognisable header has no header and no title, and every non-empty
/// line is body. Hard-wrapped body paragraphs are rejoined ([`clean::unwrap`]); body lines are
/// trimmed, empty ones dropped, then cleaned of noise (with corpus `stats` when available).
pub fn parse(text: &str, stats: Option<&LineStats>) -> ParsedArticle {
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
    let (paragraphs, noise) = clean::clean_body(&clean::unwrap(&raw[start..]), stats);
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
