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
pub mod normalize;
pub mod run;
pub mod score;
pub mod tokenize;
pub mod train;

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::article::Entities;

use gazetteer::Gazetteer;
use model::{LABELS, Model, Weights};
use normalize::Mention;

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

/// The shipped model (`models/ner.bin`), embedded so the binary needs no data files.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");
/// GeoNames place names (CC BY 4.0), see `models/NOTICE-places.md`.
static PLACES: &str = include_str!("../../models/places.tsv");
/// First names (GFDL 1.2 or later), see `models/NOTICE-first_names.md`.
static FIRST_NAMES: &str = include_str!("../../models/first_names.tsv");
/// Demonyms (written for this project).
static DEMONYMS: &str = include_str!("../../models/demonyms.tsv");

impl Tagger {
    /// The tagger built from the embedded model and gazetteers.
    pub fn embedded() -> Result<Tagger, NerError> {
        Ok(Tagger {
            model: Model::from_bytes(MODEL_BYTES)?,
            gazetteer: Gazetteer::from_texts(PLACES, FIRST_NAMES, DEMONYMS),
        })
    }
}

/// Extracts canonical people, places and organisations from article paragraphs.
pub struct Extractor {
    tagger: Tagger,
}

static SHARED: OnceLock<Extractor> = OnceLock::new();

impl Extractor {
    /// The process-wide extractor, loading the embedded model on first use (thread-safe).
    /// Should the embedded model be unreadable, it extracts nothing rather than panic.
    pub fn shared() -> &'static Extractor {
        SHARED.get_or_init(|| {
            let tagger = Tagger::embedded().unwrap_or_else(|_| Tagger {
                model: Model {
                    weights: Weights::from_rows(&[]),
                    second: None,
                    clusters: clusters::Clusters::default(),
                },
                gazetteer: Gazetteer::from_texts(PLACES, FIRST_NAMES, DEMONYMS),
            });
            Extractor { tagger }
        })
    }

    /// An extractor around a given tagger (tests, other models).
    pub fn with_tagger(tagger: Tagger) -> Extractor {
        Extractor { tagger }
    }

    /// The tagger this extractor uses.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Tokenises, tags and normalises one article's clean paragraphs.
    pub fn extract(&self, paragraphs: &[String]) -> Entities {
        let sents: Vec<Vec<&str>> = paragraphs
            .iter()
            .flat_map(|p| tokenize::sentences(p))
            .collect();
        let tags = self.tagger.tag(&sents);
        let mut mentions = Vec::new();
        for (words, tags) in sents.iter().zip(&tags) {
            for span in conll::spans(tags) {
                let kind = match span.kind.as_str() {
                    "PER" => "PER",
                    "LOC" => "LOC",
                    "ORG" => "ORG",
                    _ => continue,
                };
                let acronym = match words.get(span.end..span.end + 3) {
                    Some(["(", a, ")"]) => Some(*a),
                    _ => None,
                };
                mentions.push(Mention {
                    kind,
                    tokens: words[span.start..span.end].to_vec(),
                    acronym,
                    prev: span.start.checked_sub(1).map(|i| words[i]),
                });
            }
        }
        normalize::normalise(&mentions, &self.tagger.gazetteer)
    }
}
