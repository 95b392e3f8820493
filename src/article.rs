//! The plain types passed between pipeline stages: what a file parses into, and the article as indexed.

use jiff::Timestamp;
use jiff::civil::Date;

/// The header line of an article: `07 January,2009 09:47 AM IST | Mumbai | IANS`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// The instant the article was filed (UTC), when the header carried a time and a known zone.
    pub instant: Option<Timestamp>,
    /// The zone offset of that instant as the header gave it, in minutes east of UTC (`330` for
    /// IST); set exactly when `instant` is.
    pub offset: Option<i32>,
    /// The article's own calendar date, as written in the header (no zone conversion).
    pub day: Option<Date>,
    /// The dateline place (`Mumbai`); `None` when the field is empty.
    pub dateline: Option<String>,
    /// The source agency (`IANS`); `None` when the field is empty.
    pub source: Option<String>,
}

/// One article file after decoding, header parsing and cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedArticle {
    /// The page's URL, for articles read from web pages.
    pub url: Option<String>,
    /// The headline line, when the file has one.
    pub title: Option<String>,
    /// The parsed header; `None` when the file has no recognisable header.
    pub header: Option<Header>,
    /// The clean body paragraphs, in order (no empty ones).
    pub paragraphs: Vec<String>,
    /// The lines removed as noise (related-links blocks, boilerplate), in order.
    pub noise: Vec<String>,
}

/// Named entities found in an article, each list canonical, deduplicated and sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entities {
    /// People (`Sean McCormack`).
    pub people: Vec<String>,
    /// Places (`United States`).
    pub places: Vec<String>,
    /// Organisations (`Jamaat-ud-Dawa`).
    pub organisations: Vec<String>,
}
