//! Reading the article object straight from the document store, for `export`: the stored values
//! go into an [`ArticleRecord`] as tantivy decodes them, without a `TantivyDocument` in between
//! (which decodes every value twice and is then copied once more). It gives what
//! [`super::record::from_document`] gives, bodies included; a test holds the two together.

use std::sync::OnceLock;

use tantivy::DateTime;
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer, ValueVisitor,
};

use super::record::ArticleRecord;
use super::schema::{Fields, build_schema};

/// An article object decoded from the document store.
pub struct StoredArticle(pub ArticleRecord);

/// The field handles of the schema; an opened index has the same (`store::open` checks it).
fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| Fields::resolve(&build_schema()).expect("the schema resolves"))
}

/// A stored value: newsdex stores text, dates and the zone offset.
enum Stored {
    Text(String),
    Date(DateTime),
    Int(i64),
    Other,
}

struct StoredVisitor;

impl ValueVisitor for StoredVisitor {
    type Value = Stored;

    fn visit_null(&self) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }
    fn visit_string(&self, val: String) -> Result<Stored, DeserializeError> {
        Ok(Stored::Text(val))
    }
    fn visit_u64(&self, _: u64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }
    fn visit_i64(&self, val: i64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Int(val))
    }
    fn visit_f64(&self, _: f64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }
    fn visit_bool(&self, _: bool) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }
    fn visit_datetime(&self, val: DateTime) -> Result<Stored, DeserializeError> {
        Ok(Stored::Date(val))
    }
}

impl ValueDeserialize for Stored {
    fn deserialize<'de, D>(deserializer: D) -> Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_any(StoredVisitor)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD` of a stored date.
fn format_date(d: DateTime, format: &str) -> Option<String> {
    jiff::Timestamp::from_second(d.into_timestamp_secs())
        .ok()
        .map(|ts| ts.strftime(format).to_string())
}

impl DocumentDeserialize for StoredArticle {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let f = fields();
        let mut a = ArticleRecord::default();
        let mut cluster = None;
        // The first value of a single-valued field wins, as `get_first` has it.
        let first = |slot: &mut Option<String>, s: String| {
            if slot.is_none() {
                *slot = Some(s);
            }
        };
        let (mut id, mut path) = (None, None);
        while let Some((field, value)) = deserializer.next_field::<Stored>()? {
            match value {
                Stored::Text(s) => match field {
                    x if x == f.id => first(&mut id, s),
                    x if x == f.path => first(&mut path, s),
                    x if x == f.url => first(&mut a.url, s),
                    x if x == f.title => first(&mut a.title, s),
                    x if x == f.body => first(&mut a.body, s),
                    x if x == f.dateline => first(&mut a.dateline, s),
                    x if x == f.source => first(&mut a.source, s),
                    x if x == f.people => a.people.push(s),
                    x if x == f.places => a.places.push(s),
                    x if x == f.organisations => a.organisations.push(s),
                    x if x == f.cluster => first(&mut cluster, s),
                    _ => {}
                },
                Stored::Date(d) if field == f.date && a.date.is_none() => {
                    a.date = format_date(d, "%Y-%m-%dT%H:%M:%SZ");
                }
                Stored::Date(d) if field == f.day && a.day.is_none() => {
                    a.day = format_date(d, "%Y-%m-%d");
                }
                Stored::Int(m) if field == f.utc_offset && a.utc_offset.is_none() => {
                    a.utc_offset = super::record::offset_text(m);
                }
                Stored::Date(_) | Stored::Int(_) | Stored::Other => {}
            }
        }
        if a.date.is_none() {
            a.utc_offset = None;
        }
        a.id = id.unwrap_or_default();
        a.path = path.unwrap_or_default();
        a.cluster = cluster.unwrap_or_else(|| a.id.clone());
        a.body.get_or_insert_with(String::new);
        Ok(StoredArticle(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Entities, Header, ParsedArticle};
    use crate::index::record::{FileStamp, from_document, ungrouped_document};
    use crate::index::schema::register_analyzers;
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn gives_what_from_document_gives() {
        let index = Index::create_in_ram(build_schema());
        register_analyzers(&index);
        let f = Fields::resolve(&index.schema()).unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let full = ParsedArticle {
            url: Some("https://example.org/a".into()),
            title: Some("A headline".into()),
            header: Some(Header {
                instant: Some("2009-01-07T04:17:00Z".parse().unwrap()),
                offset: Some(330),
                day: Some(jiff::civil::date(2009, 1, 7)),
                dateline: Some("Mumbai".into()),
                source: Some("IANS".into()),
            }),
            paragraphs: vec!["One.".into(), "Two, \"quoted\".".into()],
            noise: vec![],
        };
        let bare = ParsedArticle {
            url: None,
            title: None,
            header: None,
            paragraphs: vec![],
            noise: vec![],
        };
        let ents = Entities {
            people: vec!["A B".into(), "C D".into()],
            places: vec!["India".into()],
            organisations: vec!["O".into()],
        };
        let stamp = FileStamp {
            size: 1,
            mtime: 2,
            hash: 3,
        };
        for (rel, parsed, ents) in [
            ("a.txt", &full, &ents),
            ("b.txt", &bare, &Entities::default()),
        ] {
            let doc = ungrouped_document(&f, rel, parsed, ents, stamp, &[1, 2]);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut seen = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in seg.doc_ids_alive() {
                let addr = tantivy::DocAddress::new(ord as u32, doc);
                let whole: TantivyDocument = searcher.doc(addr).unwrap();
                let fast: StoredArticle = searcher.doc(addr).unwrap();
                assert_eq!(fast.0, from_document(&f, &whole, true));
                seen += 1;
            }
        }
        assert_eq!(seen, 2);
    }
}
