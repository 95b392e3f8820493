//! How other search engines should index the exported article object: the Elasticsearch and
//! OpenSearch index template and the Quickwit index config (`newsdex mapping`).
//!
//! It sits beside the schema on purpose: [`ARTICLE_FIELDS`] names every key of the article object
//! with the kind of field it is, and the tests fail when a schema field or an article key has no
//! entry here (or in [`INTERNAL_FIELDS`]), so a schema change shows up in both.

use serde_json::{Value, json};

use super::schema::{SCHEMA_VERSION, names};

/// What kind of field an article key is, for another engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Prose: English words, lower-cased, ASCII-folded and stemmed, with positions for phrases.
    Text,
    /// An exact value (names, ids, paths): filtered and counted as a whole.
    Keyword,
    /// An instant, RFC 3339.
    Date,
}

/// Every key of the article object, its kind, and whether it holds a list, in the object's order.
pub const ARTICLE_FIELDS: [(&str, Kind, bool); 14] = [
    (names::ID, Kind::Keyword, false),
    (names::PATH, Kind::Keyword, false),
    (names::URL, Kind::Keyword, false),
    (names::TITLE, Kind::Text, false),
    (names::DATE, Kind::Date, false),
    (names::UTC_OFFSET, Kind::Keyword, false),
    (names::DAY, Kind::Keyword, false),
    (names::DATELINE, Kind::Keyword, false),
    (names::SOURCE, Kind::Keyword, false),
    (names::BODY, Kind::Text, false),
    (names::PEOPLE, Kind::Keyword, true),
    (names::PLACES, Kind::Keyword, true),
    (names::ORGANISATIONS, Kind::Keyword, true),
    (names::CLUSTER, Kind::Keyword, false),
];

/// Schema fields that are newsdex's own bookkeeping and never exported (the name keys and
/// acronyms are search aids derived from the exported names; the sketch and copy flag serve the
/// grouping of copies, which `cluster` exports).
pub const INTERNAL_FIELDS: [&str; 9] = [
    names::SIZE,
    names::MTIME,
    names::HASH,
    names::LINEKEYS,
    names::SEQ,
    names::NAMEKEYS,
    names::ACRONYMS,
    names::SKETCH,
    names::COPY,
];

/// The fields a query without `field:` searches, as in newsdex.
pub const DEFAULT_SEARCH_FIELDS: [&str; 2] = [names::TITLE, names::BODY];

/// Name of the analyzer the Elasticsearch/OpenSearch template defines for prose.
pub const ES_TEXT_ANALYZER: &str = "newsdex_english";

/// The composable index template for Elasticsearch and OpenSearch (both take the same one):
/// `PUT _index_template/NAME` with this body applies to the indexes `NAME` and `NAME-*`.
pub fn elasticsearch_template(index_name: &str) -> Value {
    let mut properties = serde_json::Map::new();
    for (name, kind, _) in ARTICLE_FIELDS {
        let mapping = match kind {
            Kind::Text => json!({ "type": "text", "analyzer": ES_TEXT_ANALYZER }),
            Kind::Keyword => json!({ "type": "keyword" }),
            Kind::Date => json!({ "type": "date", "format": "strict_date_optional_time" }),
        };
        properties.insert(name.to_string(), mapping);
    }
    json!({
        "index_patterns": [index_name, format!("{index_name}-*")],
        "template": {
            "settings": {
                "analysis": {
                    "filter": {
                        "newsdex_possessive": { "type": "stemmer", "language": "possessive_english" },
                        "newsdex_snowball": { "type": "snowball", "language": "English" }
                    },
                    "analyzer": {
                        ES_TEXT_ANALYZER: {
                            "type": "custom",
                            "tokenizer": "standard",
                            "filter": ["newsdex_possessive", "lowercase", "asciifolding", "newsdex_snowball"]
                        }
                    }
                }
            },
            "mappings": {
                "dynamic": "strict",
                "properties": properties
            }
        },
        "_meta": {
            "description": "newsdex article objects (newsdex export --format bulk)",
            "newsdex_schema_version": SCHEMA_VERSION
        }
    })
}

/// The Quickwit index config (YAML) for an index id.
pub fn quickwit_config(index_id: &str) -> String {
    let mut y = String::new();
    y.push_str(&format!(
        "# Quickwit index config for newsdex article objects (schema {SCHEMA_VERSION}).\n\
         # Create the index: quickwit index create --index-config {index_id}.yaml\n\
         # Then ingest `newsdex export --format ndjson` (see docs/scale-out.md).\n\
         version: 0.8\n\
         index_id: {index_id}\n\
         doc_mapping:\n  mode: strict\n  field_mappings:\n"
    ));
    for (name, kind, list) in ARTICLE_FIELDS {
        let text = if list { "array<text>" } else { "text" };
        y.push_str(&format!("    - name: {name}\n"));
        match kind {
            Kind::Text => y.push_str(&format!(
                "      type: {text}\n      tokenizer: en_stem\n      record: position\n"
            )),
            Kind::Keyword => y.push_str(&format!(
                "      type: {text}\n      tokenizer: raw\n      fast: true\n"
            )),
            Kind::Date => y.push_str(
                "      type: datetime\n      input_formats: [rfc3339]\n      output_format: rfc3339\n      fast: true\n      fast_precision: seconds\n",
            ),
        }
    }
    let timestamp = ARTICLE_FIELDS
        .iter()
        .find(|(_, k, _)| *k == Kind::Date)
        .map_or(names::DATE, |(n, _, _)| n);
    y.push_str(&format!(
        "  timestamp_field: {timestamp}\nsearch_settings:\n  default_search_fields: [{}]\n",
        DEFAULT_SEARCH_FIELDS.join(", ")
    ));
    y
}

/// Checks a Quickwit index id (a letter, then 2 to 254 letters, digits, `-`, `_` or `.`);
/// returns the reason it is refused.
pub fn check_quickwit_index_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Err("it must start with a letter".into());
    }
    if !(3..=255).contains(&id.len()) {
        return Err("it must be 3 to 255 characters long".into());
    }
    if let Some(c) = chars.find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!(
            "it contains {c:?} (letters, digits, `-`, `_` and `.` only)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::record::ArticleRecord;
    use crate::index::schema::build_schema;

    /// The keys of a full article object, in order, as the JSON contract prints them.
    fn article_keys() -> Vec<String> {
        // Every optional key present (`body` is left out of hits when `None`).
        let a = ArticleRecord {
            body: Some(String::new()),
            ..ArticleRecord::default()
        };
        match serde_json::to_value(&a).unwrap() {
            Value::Object(m) => m.keys().cloned().collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_article_key_has_a_mapping_in_order() {
        let mapped: Vec<String> = ARTICLE_FIELDS.iter().map(|f| f.0.to_string()).collect();
        assert_eq!(
            mapped,
            article_keys(),
            "ARTICLE_FIELDS must list the article object's keys"
        );
    }

    #[test]
    fn every_schema_field_is_mapped_or_internal() {
        let schema = build_schema();
        for (_, entry) in schema.fields() {
            let name = entry.name();
            let known =
                ARTICLE_FIELDS.iter().any(|f| f.0 == name) || INTERNAL_FIELDS.contains(&name);
            assert!(
                known,
                "schema field `{name}` has no entry in ARTICLE_FIELDS or INTERNAL_FIELDS (src/index/mapping.rs)"
            );
        }
        for name in ARTICLE_FIELDS.iter().map(|f| f.0).chain(INTERNAL_FIELDS) {
            assert!(
                schema.get_field(name).is_ok(),
                "`{name}` is not in the schema"
            );
        }
    }

    #[test]
    fn quickwit_ids_follow_quickwit_rules() {
        for ok in ["newsdex", "news-2009", "a.b_c"] {
            assert!(check_quickwit_index_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "1abc", "-abc", "a b c", "abc/d", &"a".repeat(256)] {
            assert!(check_quickwit_index_id(bad).is_err(), "{bad}");
        }
    }
}
