//! Names however they are spelt, in the index: what each document records about its names
//! ([`terms`]), the archive-wide map of spellings and acronyms that name one entity, worked out
//! after each indexing run and kept beside the index ([`map`], [`refresh`], [`context`]), the
//! facets it gives ([`facets`]), and the index's names and words close to what a user typed
//! ([`lookup`]).

pub mod context;
pub mod facets;
pub mod lookup;
pub mod map;
pub mod refresh;
pub mod terms;

use serde::{Deserialize, Serialize};
use tantivy::schema::Field;

use super::schema::{Fields, names};

/// The kinds of names the index keeps, one keyword field each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// People.
    People,
    /// Places.
    Places,
    /// Organisations.
    Organisations,
}

impl Kind {
    /// Every kind, in facet order.
    pub const ALL: [Kind; 3] = [Kind::People, Kind::Places, Kind::Organisations];

    /// The one-byte tag of the kind in the `namekeys` and `acronyms` terms.
    pub fn tag(self) -> u8 {
        match self {
            Kind::People => b'p',
            Kind::Places => b'l',
            Kind::Organisations => b'o',
        }
    }

    /// The kind of a tag.
    pub fn from_tag(tag: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// The schema field of the kind.
    pub fn field(self, f: &Fields) -> Field {
        match self {
            Kind::People => f.people,
            Kind::Places => f.places,
            Kind::Organisations => f.organisations,
        }
    }

    /// The schema field name of the kind.
    pub fn field_name(self) -> &'static str {
        match self {
            Kind::People => names::PEOPLE,
            Kind::Places => names::PLACES,
            Kind::Organisations => names::ORGANISATIONS,
        }
    }

    /// The kind whose schema field is `name`.
    pub fn from_field_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.field_name() == name)
    }

    /// The kind whose schema field is `field`.
    pub fn of_field(f: &Fields, field: Field) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.field(f) == field)
    }
}

/// Separates the parts of a `namekeys` or `acronyms` term (below every printable character,
/// so a key sorts before its longer continuations).
pub const SEP: char = '\x1f';

/// An index in memory of articles with given paragraphs and names, as the indexer writes them
/// (name keys and acronyms included), for the tests of this module.
#[cfg(test)]
pub(crate) mod test_index {
    use tantivy::Index;

    use crate::article::{Entities, ParsedArticle};
    use crate::index::record::{FileStamp, ungrouped_document};
    use crate::index::schema::{Fields, build_schema, register_analyzers};
    use crate::index::store::NewsIndex;

    /// One article: its text, people, places and organisations.
    pub struct Doc<'a> {
        pub text: &'a str,
        pub people: &'a [&'a str],
        pub places: &'a [&'a str],
        pub orgs: &'a [&'a str],
    }

    /// The index of these articles (paths `0.txt`, `1.txt`…), in one segment.
    pub fn build(docs: &[Doc]) -> NewsIndex {
        let index = Index::create_in_ram(build_schema());
        register_analyzers(&index);
        let fields = Fields::resolve(&index.schema()).unwrap();
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (i, d) in docs.iter().enumerate() {
            let parsed = ParsedArticle {
                paragraphs: vec![d.text.to_string()],
                ..ParsedArticle::default()
            };
            let entities = Entities {
                people: list(d.people),
                places: list(d.places),
                organisations: list(d.orgs),
            };
            let stamp = FileStamp {
                size: 1,
                mtime: 1,
                hash: i as u64,
            };
            let path = format!("{i}.txt");
            let mut doc = ungrouped_document(&fields, &path, &parsed, &entities, stamp, &[]);
            super::terms::add_to_document(&fields, &mut doc, &parsed.paragraphs, &entities);
            w.add_document(doc).unwrap();
        }
        w.commit().unwrap();
        NewsIndex::in_memory(index, fields)
    }
}
