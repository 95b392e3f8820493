//! Named-entity extraction: a statistical tagger in pure Rust (averaged perceptron over hashed
//! features, greedy decoding) trained on CoNLL-2003, with the gazetteers and model shipped in
//! `models/` and embedded in the binary, plus per-article normalisation into the canonical
//! people, places and organisations the index stores.

pub mod clusters;
pub mod conll;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod model;
pub mod run;
pub mod score;
pub mod tokenize;
pub mod train;

use std::path::PathBuf;

use gazetteer::Gazetteer;
use model::{LABELS, Model};

/// What can go wrong loading data or models for the extractor.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// A file could not be read.
    #[error("{path}: cannot read ({source}); check the path exists and is readable")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("{path}: cannot write ({source}); check the folder exists and is writable")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL file line is malformed.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong, and what was expected.
        reason: String,
    },
    /// The model bytes are not a valid model.
    #[error("NER model: {0}")]
    Model(String),
}

/// A model with the gazetteers its features use: tags tokenised documents.
pub struct Tagger {
    /// The trained weights and clusters.
    pub model: Model,
    /// The gazetteers.
    pub gazetteer: Gazetteer,
}

impl Tagger {
    /// Tags a document given as sentences of tokens; returns one IOB2 tag per token.
    pub fn tag<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<&'static str>> {
        let df = features::doc_features(sentences, &self.gazetteer, &self.model.clusters);
        let labels = self.model.decode(&df);
        df.bounds
            .iter()
            .map(|&(b, e)| labels[b..e].iter().map(|&l| LABELS[l]).collect())
            .collect()
    }
}
