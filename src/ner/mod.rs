//! Named-entity extraction: a statistical tagger in pure Rust (averaged perceptron over hashed
//! features, greedy decoding) trained on CoNLL-2003, with the gazetteers and model shipped in
//! `models/` and embedded in the binary, plus per-article normalisation into the canonical
//! people, places and organisations the index stores.

pub mod clusters;
pub mod conll;
pub mod cv;
pub mod decode;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod lang;
pub mod model;
pub mod normalize;
pub mod rules;
pub mod run;
pub mod score;
pub mod second;
pub mod sink;
pub mod table;
pub mod token;
pub mod tokenize;
pub mod train;

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::article::Entities;

use features::{Doc, Lexicon};
use gazetteer::Gazetteer;
use model::{LABELS, Model};
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
    lexicon: Lexicon,
}

impl Tagger {
    /// A tagger from a model and the gazetteers it was trained with.
    pub fn new(model: Model, gazetteer: Gazetteer) -> Tagger {
        let lexicon = Lexicon::new(&gazetteer, &model.clusters);
        Tagger {
            model,
            gazetteer,
            lexicon,
        }
    }

    /// The facts of a document given as a flat token list and sentence bounds.
    pub fn doc<'a>(&self, words: Vec<&'a str>, bounds: Vec<(usize, usize)>) -> Doc<'a> {
        Doc::new(words, bounds, &self.gazetteer, &self.lexicon)
    }

    /// Tags a document given as a flat token list and sentence bounds: one label index (into
    /// [`LABELS`]) per token.
    pub fn tag_flat(&self, words: Vec<&str>, bounds: Vec<(usize, usize)>) -> Vec<u8> {
        self.labels(&self.doc(words, bounds))
    }

    /// A document's labels: decoded, then each sentence put through [`rules::sentence_rules`],
    /// then the document through [`rules::document_acronyms`] and [`rules::document_names`].
    pub fn labels(&self, doc: &Doc) -> Vec<u8> {
        let mut labels = decode::decode(&self.model, doc);
        for &(b, e) in &doc.bounds {
            let first_name = |i: usize| doc.infos[b + i].first_name > 0;
            let case = |i: usize| doc.infos[b + i].cluster[3];
            rules::sentence_rules(&doc.words[b..e], &mut labels[b..e], &first_name, &case);
        }
        rules::document_acronyms(&doc.words, &doc.bounds, &mut labels);
        rules::document_names(&doc.words, &mut labels);
        labels
    }

    /// Tags a document given as sentences of tokens; returns one IOB2 tag per token.
    pub fn tag<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<&'static str>> {
        let (words, bounds) = flatten(sentences);
        let labels = self.tag_flat(words, bounds.clone());
        bounds
            .iter()
            .map(|&(b, e)| labels[b..e].iter().map(|&l| LABELS[l as usize]).collect())
            .collect()
    }
}

/// Sentences of tokens → a flat token list and each sentence's `[begin, end)`.
pub fn flatten<S: AsRef<str>>(sentences: &[Vec<S>]) -> (Vec<&str>, Vec<(usize, usize)>) {
    let mut words = Vec::with_capacity(sentences.iter().map(Vec::len).sum());
    let mut bounds = Vec::with_capacity(sentences.len());
    for s in sentences {
        let b = words.len();
        words.extend(s.iter().map(AsRef::as_ref));
        bounds.push((b, words.len()));
    }
    (words, bounds)
}

/// The shipped model (`models/ner.bin`), embedded so the binary needs no data files.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");
/// GeoNames place names (CC BY 4.0) in binary form, see `models/NOTICE-places.md`.
static PLACES: &[u8] = include_bytes!("../../models/places.bin");
/// First names (GFDL 1.2 or later), see `models/NOTICE-first_names.md`.
static FIRST_NAMES: &str = include_str!("../../models/first_names.tsv");
/// Demonyms (written for this project).
static DEMONYMS: &str = include_str!("../../models/demonyms.tsv");

impl Tagger {
    /// The tagger built from the embedded model and gazetteers.
    pub fn embedded() -> Result<Tagger, NerError> {
        Ok(Tagger::new(
            Model::from_static(MODEL_BYTES)?,
            Gazetteer::from_shipped(PLACES, FIRST_NAMES, DEMONYMS)?,
        ))
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
            let tagger = Tagger::embedded().unwrap_or_else(|_| {
                let gaz = Gazetteer::from_shipped(PLACES, FIRST_NAMES, DEMONYMS);
                Tagger::new(Model::default(), gaz.unwrap_or_default())
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
        let mut words: Vec<&str> = Vec::new();
        let mut bounds = Vec::new();
        for p in paragraphs {
            tokenize::sentences_into(p, &mut words, &mut bounds);
        }
        let doc = self.tagger.doc(words, bounds);
        let labels = self.tagger.labels(&doc);
        let (words, bounds) = (&doc.words, &doc.bounds);
        let mut mentions = Vec::new();
        for &(b, e) in bounds {
            let words = &words[b..e];
            for span in spans(&labels[b..e]) {
                let kind = match span.2 {
                    1 => "PER",
                    3 => "LOC",
                    5 => "ORG",
                    _ => continue,
                };
                let acronym = match words.get(span.1..span.1 + 3) {
                    Some(["(", a, ")"]) => Some(*a),
                    _ => None,
                };
                mentions.push(Mention {
                    kind,
                    tokens: words[span.0..span.1].to_vec(),
                    acronym,
                    prev: span.0.checked_sub(1).map(|i| words[i]),
                });
            }
        }
        normalize::normalise(
            &mentions,
            &self.tagger.gazetteer,
            &self.tagger.model.clusters,
        )
    }
}

/// The entity spans of a sentence's IOB2 labels: `(start, end, B- label index)`.
pub(crate) fn spans(labels: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l == 0 {
            i += 1;
            continue;
        }
        let b = if l % 2 == 1 { l } else { l - 1 };
        let mut j = i + 1;
        while j < labels.len() && labels[j] == b + 1 {
            j += 1;
        }
        out.push((i, j, b));
        i = j;
    }
    out
}
