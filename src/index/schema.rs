//! The index schema in one place: field names, analyzers, the builder, and the resolved field handles
//! that the indexer and the query side both use.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Index, TantivyDocument};

/// Version of the schema and of what the indexer writes; bump when an old index can no longer be read.
pub const SCHEMA_VERSION: u32 = 6;

/// Analyzer for prose: words, lower-cased, accents folded, English stems.
pub const TEXT_ANALYZER: &str = "news_en";
/// Analyzer for names and keywords: the whole value as one lower-cased token.
pub const KEYWORD_ANALYZER: &str = "keyword_lc";

/// Field names as users write them in `field:value` and as the JSON object names them.
pub mod names {
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const URL: &str = "url";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const DATE: &str = "date";
    pub const UTC_OFFSET: &str = "utc_offset";
    pub const DAY: &str = "day";
    pub const SOURCE: &str = "source";
    pub const DATELINE: &str = "dateline";
    pub const PEOPLE: &str = "people";
    pub const PLACES: &str = "places";
    pub const ORGANISATIONS: &str = "organisations";
    pub const CLUSTER: &str = "cluster";
    pub const SIZE: &str = "size";
    pub const MTIME: &str = "mtime";
    pub const HASH: &str = "hash";
    pub const LINEKEYS: &str = "linekeys";
    pub const SEQ: &str = "seq";
    pub const NAMEKEYS: &str = "namekeys";
    pub const ACRONYMS: &str = "acronyms";
    pub const SKETCH: &str = "sketch";
    pub const COPY: &str = "copy";
}

/// The resolved field handles of a newsdex index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable id: hex FNV-1a hash of the relative path.
    pub id: Field,
    /// Path relative to the corpus root, `/`-separated (exact, fast for sorting).
    pub path: Field,
    /// The page's URL, for articles read from web pages.
    pub url: Field,
    /// Headline line.
    pub title: Field,
    /// Clean body, paragraphs joined by `\n`.
    pub body: Field,
    /// Instant of the header (UTC).
    pub date: Field,
    /// The offset of the header's zone from UTC, in minutes (stored only; `utc_offset` in the
    /// article object as `+05:30`).
    pub utc_offset: Field,
    /// The header's own calendar date, at midnight UTC.
    pub day: Field,
    /// Source agency.
    pub source: Field,
    /// Dateline place.
    pub dateline: Field,
    /// People mentioned (canonical names).
    pub people: Field,
    /// Places mentioned (canonical names).
    pub places: Field,
    /// Organisations mentioned (canonical names).
    pub organisations: Field,
    /// The id of the first article of this article's group of copies (its own id when it has none).
    pub cluster: Field,
    /// File size in bytes when indexed (change detection).
    pub size: Field,
    /// File modification time in nanoseconds since the epoch when indexed (change detection).
    pub mtime: Field,
    /// Content hash of the file's bytes (change detection).
    pub hash: Field,
    /// Keys of the candidate boilerplate lines of the file, for the corpus line statistics.
    pub linekeys: Field,
    /// Sequence number of the commit that wrote this version of the article (incremental export).
    pub seq: Field,
    /// Each name of the article with its transliteration key, to find names however they are
    /// spelt (see `index::names::terms`).
    pub namekeys: Field,
    /// The acronyms the article introduces, with their long forms (see `index::names::terms`).
    pub acronyms: Field,
    /// The signature copies are found by ([`crate::dups::Sketch::to_words`]).
    pub sketch: Field,
    /// 1 when the article is a copy of an earlier one (its cluster is not its own id), else 0.
    pub copy: Field,
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let keyword = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast("raw")
        .set_stored();
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    b.add_text_field(names::ID, STRING | STORED);
    b.add_text_field(names::PATH, STRING | STORED | FAST);
    b.add_text_field(names::URL, STRING | STORED);
    b.add_text_field(names::TITLE, text.clone());
    b.add_text_field(names::BODY, text);
    b.add_date_field(names::DATE, date.clone());
    b.add_i64_field(names::UTC_OFFSET, STORED);
    b.add_date_field(names::DAY, date);
    for name in [
        names::SOURCE,
        names::DATELINE,
        names::PEOPLE,
        names::PLACES,
        names::ORGANISATIONS,
    ] {
        b.add_text_field(name, keyword.clone());
    }
    b.add_text_field(names::CLUSTER, STRING | STORED | FAST);
    b.add_u64_field(names::SIZE, FAST);
    b.add_i64_field(names::MTIME, FAST);
    b.add_u64_field(names::HASH, FAST);
    b.add_u64_field(names::LINEKEYS, FAST);
    b.add_u64_field(names::SEQ, FAST);
    b.add_text_field(names::NAMEKEYS, STRING);
    b.add_text_field(names::ACRONYMS, STRING);
    b.add_u64_field(names::SKETCH, FAST);
    b.add_u64_field(names::COPY, FAST);
    b.build()
}

impl Fields {
    /// Resolves the handles from a schema; fails when a field is missing (an incompatible index).
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(names::ID)?,
            path: f(names::PATH)?,
            url: f(names::URL)?,
            title: f(names::TITLE)?,
            body: f(names::BODY)?,
            date: f(names::DATE)?,
            utc_offset: f(names::UTC_OFFSET)?,
            day: f(names::DAY)?,
            source: f(names::SOURCE)?,
            dateline: f(names::DATELINE)?,
            people: f(names::PEOPLE)?,
            places: f(names::PLACES)?,
            organisations: f(names::ORGANISATIONS)?,
            cluster: f(names::CLUSTER)?,
            size: f(names::SIZE)?,
            mtime: f(names::MTIME)?,
            hash: f(names::HASH)?,
            linekeys: f(names::LINEKEYS)?,
            seq: f(names::SEQ)?,
            namekeys: f(names::NAMEKEYS)?,
            acronyms: f(names::ACRONYMS)?,
            sketch: f(names::SKETCH)?,
            copy: f(names::COPY)?,
        })
    }

    /// An empty document for this schema.
    pub fn new_doc(&self) -> TantivyDocument {
        TantivyDocument::default()
    }
}

/// Registers the analyzers the schema names; needed each time an index is opened.
pub fn register_analyzers(index: &Index) {
    // Words (alphanumeric runs under 40 bytes), lower-cased, folded to ASCII: the tokens of
    // tantivy's SimpleTokenizer, RemoveLongFilter, LowerCaser and AsciiFoldingFilter.
    let text = TextAnalyzer::builder(super::words::WordTokenizer::default())
        .filter(super::stem::CachedStemmer::english())
        .build();
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(TEXT_ANALYZER, text);
    index.tokenizers().register(KEYWORD_ANALYZER, keyword);
}

/// Stable 64-bit FNV-1a hash (ids and content hashes must not change between versions of Rust).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The id of the article at a relative path: 16 hex digits.
pub fn article_id(rel_path: &str) -> String {
    format!("{:016x}", fnv1a64(rel_path.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_resolves_every_field() {
        let schema = build_schema();
        assert!(Fields::resolve(&schema).is_ok());
    }

    #[test]
    fn ids_are_stable() {
        // FNV-1a test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(article_id("a"), "af63dc4c8601ec8c");
    }
}
