//! Everything that touches tantivy: the schema, opening and creating index folders, building the index
//! from a corpus, keeping its groups of copies, answering queries, and finding names however they
//! are spelt.

pub mod blocks;
pub mod build;
pub mod changes;
pub mod collapse;
pub mod copies;
pub mod expand;
pub mod export;
pub mod mapping;
pub mod names;
pub mod path_order;
pub mod record;
pub mod related;
pub mod schema;
pub mod search;
pub mod segments;
pub mod stats;
pub mod stem;
pub mod store;
pub mod stored;
pub mod suggest;
pub mod timeline;
pub mod units;
pub mod words;

/// Helpers shared by the analyzer and query-side tests.
#[cfg(test)]
pub(crate) mod test_util {
    use tantivy::tokenizer::TextAnalyzer;

    use super::store::NewsIndex;
    use crate::article::{Entities, Header, ParsedArticle};

    /// Every token of `text`: its text, position and byte offsets.
    pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// An index of three segments with deletions; article `i` names people `P{i % 7}` and
    /// `P{i % 11}` (and segment 2 a hundred names of its own, so its dictionary is large), places
    /// `Q{i % 3}`, and the organisation `Even` when `i` is even; it is dated `5 * i % 40` days
    /// after 2008-12-20 but every thirteenth is undated.
    pub fn segmented_index() -> NewsIndex {
        use jiff::ToSpan;
        let articles = (0..90u32).map(|i| {
            let mut people = vec![format!("P{}", i % 7), format!("P{}", i % 11)];
            if (60..70).contains(&i) {
                people.extend((0..10).map(|k| format!("Filler {i} {k}")));
            }
            people.sort();
            people.dedup();
            let entities = Entities {
                people,
                places: vec![format!("Q{}", i % 3)],
                organisations: if i % 2 == 0 {
                    vec!["Even".into()]
                } else {
                    vec![]
                },
            };
            let day = jiff::civil::date(2008, 12, 20).checked_add((i64::from(i) * 5 % 40).days());
            let parsed = ParsedArticle {
                header: Some(Header {
                    day: day.ok().filter(|_| i % 13 != 0),
                    ..Header::default()
                }),
                paragraphs: vec![format!("Body {i}.")],
                ..ParsedArticle::default()
            };
            (parsed, entities)
        });
        index_of(articles, 30, &[3, 14, 35, 36, 61, 88])
    }

    /// An in-memory index of `articles`, the `i`-th at path `{i}.txt` in a group of its own,
    /// committed after every `commit_every` of them (one segment each), then once more after the
    /// articles numbered in `deleted` are removed.
    pub fn index_of(
        articles: impl IntoIterator<Item = (ParsedArticle, Entities)>,
        commit_every: u32,
        deleted: &[u32],
    ) -> NewsIndex {
        use crate::index::record::{FileStamp, ungrouped_document};
        use crate::index::schema::{Fields, build_schema, register_analyzers};
        use tantivy::{Index, Term};
        let index = Index::create_in_ram(build_schema());
        register_analyzers(&index);
        let fields = Fields::resolve(&index.schema()).unwrap();
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, (parsed, entities)) in (0u32..).zip(articles) {
            let stamp = FileStamp {
                size: 1,
                mtime: 1,
                hash: u64::from(i),
            };
            let path = format!("{i}.txt");
            w.add_document(ungrouped_document(
                &fields,
                &path,
                &parsed,
                &entities,
                stamp,
                &[],
            ))
            .unwrap();
            if i % commit_every == commit_every - 1 {
                w.commit().unwrap();
            }
        }
        for i in deleted {
            w.delete_term(Term::from_field_text(fields.path, &format!("{i}.txt")));
        }
        w.commit().unwrap();
        NewsIndex::in_memory(index, fields)
    }
}
