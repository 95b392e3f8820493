//! Web pages: from a page's bytes to the same [`ParsedArticle`] a text file gives, so entities,
//! near-duplicates and the index treat web articles like any other.
//!
//! The stages, each in its own file: [`charset`] decodes the bytes, [`dom`] parses them with
//! html5ever's tree builder (fed by [`tokenize`]) into an arena tree, [`meta`] (with
//! [`jsonld`], [`date`] and [`url`]) reads the headline, date, source and address, [`blocks`]
//! cuts the page into text blocks,
//! [`features`] and [`model`] give each block its probability of being article text, and
//! [`extract`] decides which blocks make the body. [`train`] fits the model on pages with gold
//! snippets (`newsdex web train`).

pub mod blocks;
pub mod charset;
pub mod context;
pub mod date;
pub mod depth;
pub mod dom;
pub mod extract;
pub mod features;
pub mod jsonld;
pub mod meta;
pub mod model;
pub mod tokenize;
pub mod train;
pub mod url;

use crate::article::{Header, ParsedArticle};

/// What the reader knows of a page besides its bytes (for pages read from a WARC record).
#[derive(Debug, Clone, Default)]
pub struct PageContext<'a> {
    /// The HTTP `Content-Type` header's value.
    pub content_type: Option<&'a str>,
    /// The address the page was fetched from (`WARC-Target-URI`).
    pub target_uri: Option<&'a str>,
    /// When it was fetched (`WARC-Date`): the date of last resort.
    pub fetched: Option<jiff::Timestamp>,
}

/// Where an article's date came from, for the index summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrigin {
    /// The page's metadata, markup or URL.
    Page(meta::DateFrom),
    /// The WARC record's date (when the page was fetched), the last resort.
    Fetched,
    /// No date.
    None,
}

/// A page turned into an article.
#[derive(Debug, Clone)]
pub struct PageArticle {
    /// The article as the rest of the pipeline takes it.
    pub article: ParsedArticle,
    /// Where its date came from.
    pub date_origin: DateOrigin,
}

/// Why a page is not an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// The bytes hold NUL bytes outside a UTF-16 page: not HTML.
    #[error("binary file, not a web page (contains NUL bytes)")]
    Binary,
    /// Nothing in the page reads as article text.
    #[error("web page without article text")]
    NoText,
}

/// Reads a page: decode, parse, metadata, body.
pub fn read_page(bytes: &[u8], ctx: &PageContext) -> Result<PageArticle, PageError> {
    read_page_with(bytes, ctx, model::Model::shipped())
}

/// [`read_page`] with another block classifier.
pub fn read_page_with(
    bytes: &[u8],
    ctx: &PageContext,
    model: &model::Model,
) -> Result<PageArticle, PageError> {
    let host = ctx.target_uri.and_then(url::host);
    let decoded = charset::decode(bytes, ctx.content_type, host.as_deref());
    if decoded.encoding != encoding_rs::UTF_16LE
        && decoded.encoding != encoding_rs::UTF_16BE
        && bytes[..bytes.len().min(4096)].contains(&0)
        && bytes.iter().filter(|b| **b == 0).count() * 100 > bytes.len()
    {
        return Err(PageError::Binary);
    }
    let dom = dom::Dom::parse(&decoded.text);
    let base = ctx.target_uri;
    let m = meta::read(&dom, base);
    let headline = m.h1.as_deref().or(m.title.as_deref());
    let paragraphs = extract::extract(&dom, headline, model);
    if paragraphs.is_empty() {
        return Err(PageError::NoText);
    }
    let (date, date_origin) = match (m.date, ctx.fetched) {
        (Some((d, from)), _) => (
            Some((d.day, d.instant.zip(d.offset))),
            DateOrigin::Page(from),
        ),
        (None, Some(ts)) => (
            Some((
                ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
                Some((ts, 0)),
            )),
            DateOrigin::Fetched,
        ),
        (None, None) => (None, DateOrigin::None),
    };
    let header = Header {
        instant: date.and_then(|d| d.1).map(|z| z.0),
        offset: date.and_then(|d| d.1).map(|z| z.1),
        day: date.map(|d| d.0),
        dateline: None,
        source: m.source.clone(),
    };
    // A record's address is where it was fetched from; a saved page's, the one it names.
    let url = ctx
        .target_uri
        .and_then(|u| url::absolute(u, None))
        .or_else(|| m.url.clone());
    Ok(PageArticle {
        article: ParsedArticle {
            url,
            title: m.title,
            header: Some(header),
            paragraphs,
            noise: Vec::new(),
        },
        date_origin,
    })
}
