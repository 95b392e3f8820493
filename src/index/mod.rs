//! Everything that touches tantivy: the schema, opening and creating index folders, building the index
//! from a corpus, and answering queries.

pub mod build;
pub mod record;
pub mod schema;
pub mod search;
pub mod stats;
pub mod stem;
pub mod store;
pub mod words;
