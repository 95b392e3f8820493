//! The article object as users see it (`show --json`, `export`, search hits), read back from stored
//! documents, and the tantivy document written for a parsed article.

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

use super::schema::{Fields, article_id};
use crate::article::{Entities, ParsedArticle};

/// The JSON article object; field order is the contract.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ArticleRecord {
    /// Stable id (hash of the path).
    pub id: String,
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// The page's URL, for articles read from web pages.
    pub url: Option<String>,
    /// Headline line, if any.
    pub title: Option<String>,
    /// RFC 3339 UTC instant, if the header had one.
    pub date: Option<String>,
    /// The offset of the header's zone from UTC (`+05:30`), with `date`: the article's own
    /// clock time is `date` plus this.
    pub utc_offset: Option<String>,
    /// The header's own calendar date, `YYYY-MM-DD`.
    pub day: Option<String>,
    /// Dateline place.
    pub dateline: Option<String>,
    /// Source agency.
    pub source: Option<String>,
    /// Clean body, paragraphs separated by `\n`; left out where not asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// People mentioned.
    pub people: Vec<String>,
    /// Places mentioned.
    pub places: Vec<String>,
    /// Organisations mentioned.
    pub organisations: Vec<String>,
    /// The id of the first article of its group of copies (its own id when it has none).
    pub cluster: String,
}

/// Change-detection facts stored with each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: i64,
    /// Content hash.
    pub hash: u64,
}

/// What the copies stage decided for an article: its group and its signature.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    /// The id of its group's first article (its own id when it has no copies).
    pub cluster: &'a str,
    /// Its signature as stored ([`crate::dups::Sketch::to_words`]).
    pub sketch: &'a [u64],
}

/// The values a document keeps only in fast fields (not stored), needed to write it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FastValues {
    /// File size.
    pub size: u64,
    /// File modification time.
    pub mtime: i64,
    /// Content hash.
    pub hash: u64,
    /// Candidate-line keys.
    pub linekeys: Vec<u64>,
    /// Signature words.
    pub sketch: Vec<u64>,
}

/// Builds the tantivy document for a parsed article.
pub fn to_document(
    f: &Fields,
    rel: &str,
    parsed: &ParsedArticle,
    entities: &Entities,
    stamp: FileStamp,
    linekeys: &[u64],
    group: &Group,
) -> TantivyDocument {
    let mut doc = f.new_doc();
    let id = article_id(rel);
    doc.add_text(f.id, &id);
    doc.add_text(f.path, rel);
    if let Some(u) = &parsed.url {
        doc.add_text(f.url, u);
    }
    if let Some(t) = &parsed.title {
        doc.add_text(f.title, t);
    }
    doc.add_text(f.body, parsed.paragraphs.join("\n"));
    if let Some(h) = &parsed.header {
        if let Some(ts) = h.instant {
            doc.add_date(f.date, DateTime::from_timestamp_secs(ts.as_second()));
            if let Some(minutes) = h.offset {
                doc.add_i64(f.utc_offset, i64::from(minutes));
            }
        }
        if let Some(day) = h.day {
            doc.add_date(f.day, DateTime::from_timestamp_secs(day_to_secs(day)));
        }
        if let Some(s) = &h.source {
            doc.add_text(f.source, s);
        }
        if let Some(d) = &h.dateline {
            doc.add_text(f.dateline, d);
        }
    }
    for p in &entities.people {
        doc.add_text(f.people, p);
    }
    for p in &entities.places {
        doc.add_text(f.places, p);
    }
    for o in &entities.organisations {
        doc.add_text(f.organisations, o);
    }
    let fast = FastValues {
        size: stamp.size,
        mtime: stamp.mtime,
        hash: stamp.hash,
        linekeys: linekeys.to_vec(),
        sketch: group.sketch.to_vec(),
    };
    add_group_and_fast(f, &mut doc, &id, group.cluster, &fast);
    doc
}

/// [`to_document`] for an article in a group of its own (no copies, no signature): test and
/// sample indexes.
pub fn ungrouped_document(
    f: &Fields,
    rel: &str,
    parsed: &ParsedArticle,
    entities: &Entities,
    stamp: FileStamp,
    linekeys: &[u64],
) -> TantivyDocument {
    let id = super::schema::article_id(rel);
    let group = Group {
        cluster: &id,
        sketch: &[],
    };
    to_document(f, rel, parsed, entities, stamp, linekeys, &group)
}

/// A stored document written again with another cluster, by commit `seq`: its stored values,
/// its fast-only values, the new cluster, and what is indexed but not stored derived again from
/// the stored article (the name keys and acronyms, from its names and body).
pub fn regrouped(
    f: &Fields,
    stored: &TantivyDocument,
    fast: &FastValues,
    cluster: &str,
    seq: u64,
) -> TantivyDocument {
    let mut doc = f.new_doc();
    for (field, value) in stored.field_values() {
        if field != f.cluster {
            doc.add_field_value(field, value);
        }
    }
    let id = stored
        .get_first(f.id)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    add_group_and_fast(f, &mut doc, &id, cluster, fast);
    let article = from_document(f, stored, true);
    let entities = Entities {
        people: article.people,
        places: article.places,
        organisations: article.organisations,
    };
    let paragraphs: Vec<String> = article
        .body
        .unwrap_or_default()
        .split('\n')
        .map(str::to_string)
        .collect();
    super::names::terms::add_to_document(f, &mut doc, &paragraphs, &entities);
    super::changes::stamp(f, &mut doc, seq);
    doc
}

/// Adds the cluster, the copy flag and the fast-only values.
fn add_group_and_fast(
    f: &Fields,
    doc: &mut TantivyDocument,
    id: &str,
    cluster: &str,
    fast: &FastValues,
) {
    doc.add_text(f.cluster, cluster);
    doc.add_u64(f.copy, u64::from(cluster != id));
    doc.add_u64(f.size, fast.size);
    doc.add_i64(f.mtime, fast.mtime);
    doc.add_u64(f.hash, fast.hash);
    for &k in &fast.linekeys {
        doc.add_u64(f.linekeys, k);
    }
    for &w in &fast.sketch {
        doc.add_u64(f.sketch, w);
    }
}

/// An offset from UTC in minutes as ISO 8601 writes it (`+05:30`, `-04:00`, `+00:00`); `None`
/// outside the ±18 hours that exist.
pub fn offset_text(minutes: i64) -> Option<String> {
    if minutes.abs() > 18 * 60 {
        return None;
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    Some(format!("{sign}{:02}:{:02}", m / 60, m % 60))
}

/// Seconds since the epoch of midnight UTC on `day`.
pub fn day_to_secs(day: jiff::civil::Date) -> i64 {
    day.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// Reads the article object back from a stored document.
pub fn from_document(f: &Fields, doc: &TantivyDocument, with_body: bool) -> ArticleRecord {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let all = |field| {
        doc.get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    let date = doc
        .get_first(f.date)
        .and_then(|v| v.as_datetime())
        .and_then(|d| jiff::Timestamp::from_second(d.into_timestamp_secs()).ok())
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    let utc_offset = date.as_ref().and_then(|_| {
        doc.get_first(f.utc_offset)
            .and_then(|v| v.as_i64())
            .and_then(offset_text)
    });
    let day = doc
        .get_first(f.day)
        .and_then(|v| v.as_datetime())
        .and_then(|d| jiff::Timestamp::from_second(d.into_timestamp_secs()).ok())
        .map(|ts| ts.strftime("%Y-%m-%d").to_string());
    let id = text(f.id).unwrap_or_default();
    ArticleRecord {
        cluster: text(f.cluster).unwrap_or_else(|| id.clone()),
        id,
        path: text(f.path).unwrap_or_default(),
        url: text(f.url),
        title: text(f.title),
        date,
        utc_offset,
        day,
        dateline: text(f.dateline),
        source: text(f.source),
        body: if with_body {
            Some(text(f.body).unwrap_or_default())
        } else {
            None
        },
        people: all(f.people),
        places: all(f.places),
        organisations: all(f.organisations),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Header;
    use crate::index::schema::build_schema;

    #[test]
    fn offsets_as_iso_8601_writes_them() {
        assert_eq!(offset_text(330).as_deref(), Some("+05:30"));
        assert_eq!(offset_text(-240).as_deref(), Some("-04:00"));
        assert_eq!(offset_text(0).as_deref(), Some("+00:00"));
        assert_eq!(offset_text(-570).as_deref(), Some("-09:30"));
        assert_eq!(offset_text(19 * 60), None);
    }

    #[test]
    fn regrouped_documents_keep_what_is_indexed_but_not_stored() {
        let schema = build_schema();
        let f = Fields::resolve(&schema).unwrap();
        let parsed = ParsedArticle {
            paragraphs: vec![
                "The Lashkar-e-Taiba (LeT) was named.".into(),
                "Sean McCormack spoke.".into(),
            ],
            ..ParsedArticle::default()
        };
        let ents = Entities {
            people: vec!["Sean McCormack".into()],
            places: vec![],
            organisations: vec!["Lashkar-e-Taiba".into()],
        };
        let stamp = FileStamp {
            size: 1,
            mtime: 2,
            hash: 3,
        };
        let fast = FastValues {
            size: 1,
            mtime: 2,
            hash: 3,
            linekeys: vec![7],
            sketch: vec![1, 2],
        };
        // As the indexer writes it, then as the store gives it back (stored fields only).
        let mut indexed = ungrouped_document(&f, "a.txt", &parsed, &ents, stamp, &[7]);
        crate::index::names::terms::add_to_document(&f, &mut indexed, &parsed.paragraphs, &ents);
        crate::index::changes::stamp(&f, &mut indexed, 1);
        let mut stored = f.new_doc();
        for (field, value) in indexed.field_values() {
            if schema.get_field_entry(field).is_stored() {
                stored.add_field_value(field, value);
            }
        }
        let texts = |d: &TantivyDocument, field| -> Vec<String> {
            d.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        assert!(
            texts(&stored, f.namekeys).is_empty(),
            "name keys are not stored"
        );
        let again = regrouped(&f, &stored, &fast, "0123456789abcdef", 2);
        assert!(!texts(&indexed, f.namekeys).is_empty());
        assert!(!texts(&indexed, f.acronyms).is_empty());
        assert_eq!(texts(&again, f.namekeys), texts(&indexed, f.namekeys));
        assert_eq!(texts(&again, f.acronyms), texts(&indexed, f.acronyms));
        assert_eq!(again.get_first(f.seq).and_then(|v| v.as_u64()), Some(2));
        assert_eq!(texts(&again, f.cluster), vec!["0123456789abcdef"]);
        assert_eq!(again.get_first(f.copy).and_then(|v| v.as_u64()), Some(1));
        assert_eq!(
            from_document(&f, &again, true).body,
            from_document(&f, &indexed, true).body
        );
    }

    #[test]
    fn round_trips_through_a_document() {
        let schema = build_schema();
        let f = Fields::resolve(&schema).unwrap();
        let parsed = ParsedArticle {
            url: None,
            title: Some("A headline".into()),
            header: Some(Header {
                instant: Some("2009-01-07T04:17:00Z".parse().unwrap()),
                offset: Some(330),
                day: Some(jiff::civil::date(2009, 1, 7)),
                dateline: None,
                source: Some("IANS".into()),
            }),
            paragraphs: vec!["One.".into(), "Two.".into()],
            noise: vec![],
        };
        let ents = Entities {
            people: vec!["Sean McCormack".into()],
            places: vec!["India".into(), "Pakistan".into()],
            organisations: vec![],
        };
        let stamp = FileStamp {
            size: 1,
            mtime: 2,
            hash: 3,
        };
        let id = crate::index::schema::article_id("2009/01/a.txt");
        let group = Group {
            cluster: &id,
            sketch: &[1, 2],
        };
        let doc = to_document(&f, "2009/01/a.txt", &parsed, &ents, stamp, &[7], &group);
        let rec = from_document(&f, &doc, true);
        assert_eq!(rec.path, "2009/01/a.txt");
        assert_eq!(rec.date.as_deref(), Some("2009-01-07T04:17:00Z"));
        assert_eq!(rec.utc_offset.as_deref(), Some("+05:30"));
        assert_eq!(rec.day.as_deref(), Some("2009-01-07"));
        assert_eq!(rec.dateline, None);
        assert_eq!(rec.body.as_deref(), Some("One.\nTwo."));
        assert_eq!(rec.places, vec!["India", "Pakistan"]);
        assert_eq!(rec.url, None);
        assert_eq!(rec.cluster, rec.id);
        let json = serde_json::to_string(&rec).unwrap();
        let keys: Vec<&str> = [
            "id",
            "path",
            "url",
            "title",
            "date",
            "day",
            "dateline",
            "source",
            "body",
            "people",
            "places",
            "organisations",
            "cluster",
        ]
        .to_vec();
        let mut last = 0;
        for k in keys {
            let at = json.find(&format!("\"{k}\":")).unwrap();
            assert!(at >= last, "{k} out of order in {json}");
            last = at;
        }
    }
}
