//! Everything that touches tantivy: the schema, opening and creating index folders, building the index
//! from a corpus, keeping its groups of copies, and answering queries.

pub mod build;
pub mod collapse;
pub mod copies;
pub mod path_order;
pub mod record;
pub mod schema;
pub mod search;
pub mod stats;
pub mod stem;
pub mod store;
pub mod words;

/// Helpers shared by the analyzer tests.
#[cfg(test)]
pub(crate) mod test_util {
    use tantivy::tokenizer::TextAnalyzer;

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
}
