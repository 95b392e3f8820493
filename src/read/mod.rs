//! Readers, at the head of the flow: the crawl yields files, and a reader per format turns each
//! into the same parsed article the rest of the pipeline takes.
//!
//! - text files (`.txt`, or any extension given with `--ext`): decoded and parsed as the
//!   archive's own format ([`crate::parse`]);
//! - web pages (`.html`, `.htm`, `.xhtml`): [`crate::html`];
//! - WARC files (`.warc`): every `response` record holding an HTML page fetched with status 200
//!   is an article, read by [`warc`] and [`http`], then as a web page; the other records are
//!   counted by kind ([`classify`]).
//!
//! Each may be gzip-compressed (`.html.gz`, `.warc.gz`, `.txt.gz`). A WARC record's key is its
//! file's path plus its locator: `crawl.warc.gz#1234` ([`record_key`], [`split_key`]).

pub mod gzip;
pub mod http;
pub mod warc;

use crate::article::ParsedArticle;
use crate::clean::LineStats;
use crate::html::{self, PageArticle, PageContext};
pub use warc::Locator;

/// The extensions the crawl picks up by default (each also gzip-compressed).
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "html", "htm", "xhtml", "warc"];

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An article in the archive's text format.
    Text,
    /// A web page.
    Html,
    /// A WARC file of web records.
    Warc,
}

/// The format of a file, from its name, and whether it is gzip-compressed (`.gz`).
pub fn format_of(name: &str) -> (Format, bool) {
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(s) => (s, true),
        None => (lower.as_str(), false),
    };
    let ext = stem.rsplit_once('.').map_or("", |(_, e)| e);
    let format = match ext {
        "warc" => Format::Warc,
        "html" | "htm" | "xhtml" => Format::Html,
        _ => Format::Text,
    };
    (format, gz)
}

/// The key of a WARC record: `path#locator`.
pub fn record_key(file: &str, loc: Locator) -> String {
    format!("{file}#{loc}")
}

/// A key split into the file's path and, for a WARC record, its locator.
pub fn split_key(key: &str) -> (&str, Option<Locator>) {
    if let Some((file, loc)) = key.rsplit_once('#')
        && format_of(file).0 == Format::Warc
        && let Ok(loc) = loc.parse::<Locator>()
    {
        return (file, Some(loc));
    }
    (key, None)
}

/// Bytes of a record's block read while listing: enough for the HTTP head.
pub const HEAD_BYTES: usize = 16 * 1024;

/// Whether a listed WARC record is an article: `Ok` for a `response` to an HTTP(S) request with
/// status 200 and an HTML page; otherwise the kind of record it is, to count it by.
pub fn classify(rec: &warc::Record) -> Result<(), String> {
    let kind = rec.head.warc_type.as_str();
    if kind != "response" {
        let kind = if kind.is_empty() { "untyped" } else { kind };
        return Err(format!("WARC {kind} record"));
    }
    let is_http = rec.head.target_uri.as_deref().is_some_and(|u| {
        let u = u.to_ascii_lowercase();
        u.starts_with("http://") || u.starts_with("https://")
    });
    if !is_http {
        return Err("WARC response not from HTTP".into());
    }
    let Some(head) = http::parse_head(&rec.block) else {
        return Err("WARC response without an HTTP head".into());
    };
    match head.status {
        200 => {}
        300..=399 => return Err(format!("WARC response HTTP {} (redirect)", head.status)),
        s => return Err(format!("WARC response HTTP {s}")),
    }
    let html = match head.media_type() {
        Some(m) if !m.is_empty() => http::is_html(&m),
        _ => http::sniff_html(&rec.block[head.body_start.min(rec.block.len())..]),
    };
    if !html {
        return Err("WARC response not HTML".into());
    }
    Ok(())
}

/// A read article: parsed, and how it was read.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    /// The article.
    pub article: ParsedArticle,
    /// For web pages: where the date came from.
    pub date_origin: Option<html::DateOrigin>,
}

/// Reads the article of a text or HTML file's bytes (gzip already undone).
pub fn read_file(
    bytes: &[u8],
    format: Format,
    stats: Option<&LineStats>,
) -> Result<ReadArticle, String> {
    match format {
        Format::Html => {
            let page =
                html::read_page(bytes, &PageContext::default()).map_err(|e| e.to_string())?;
            Ok(web(page))
        }
        _ => {
            let decoded = crate::decode::decode(bytes).map_err(|e| e.to_string())?;
            Ok(ReadArticle {
                article: crate::parse::parse(&decoded.text, stats),
                date_origin: None,
            })
        }
    }
}

/// Reads the article of a WARC `response` record read whole.
pub fn read_record(rec: &warc::Record, limit: u64) -> Result<ReadArticle, String> {
    let head = http::parse_head(&rec.block).ok_or("WARC response without an HTTP head")?;
    let body = http::payload(&rec.block, &head, limit)?;
    let fetched = rec
        .head
        .date
        .as_deref()
        .and_then(html::date::parse_iso)
        .and_then(|d| d.instant);
    let ctx = PageContext {
        content_type: head.header("content-type"),
        target_uri: rec.head.target_uri.as_deref(),
        fetched,
    };
    let page = html::read_page(&body, &ctx).map_err(|e| e.to_string())?;
    Ok(web(page))
}

fn web(page: PageArticle) -> ReadArticle {
    ReadArticle {
        article: page.article,
        date_origin: Some(page.date_origin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_keys() {
        let cases = [
            ("a.txt", Format::Text, false),
            ("a/B.HTML", Format::Html, false),
            ("x.htm.gz", Format::Html, true),
            ("x.xhtml", Format::Html, false),
            ("c.warc.gz", Format::Warc, true),
            ("c.WARC", Format::Warc, false),
            ("notes.md", Format::Text, false),
            ("a.txt.gz", Format::Text, true),
        ];
        for (name, format, gz) in cases {
            assert_eq!(format_of(name), (format, gz), "{name}");
        }
        let loc = |offset, index| Some(Locator { offset, index });
        let keys = [
            ("c.warc.gz#1234", ("c.warc.gz", loc(1234, 0))),
            ("d/c.warc#0", ("d/c.warc", loc(0, 0))),
            ("c.warc.gz#10.2", ("c.warc.gz", loc(10, 2))),
            ("a#1.txt", ("a#1.txt", None)),
            ("a.txt#12", ("a.txt#12", None)),
            ("c.warc.gz#x", ("c.warc.gz#x", None)),
            ("c.warc.gz#1.0", ("c.warc.gz#1.0", None)),
            ("c.warc.gz#", ("c.warc.gz#", None)),
        ];
        for (key, want) in keys {
            assert_eq!(split_key(key), want, "{key}");
        }
        assert_eq!(
            record_key(
                "c.warc.gz",
                Locator {
                    offset: 10,
                    index: 2
                }
            ),
            "c.warc.gz#10.2"
        );
        assert_eq!(
            record_key(
                "c.warc",
                Locator {
                    offset: 7,
                    index: 0
                }
            ),
            "c.warc#7"
        );
    }
}
