//! `newsdex ner train|cv|tag|eval`: rebuild the shipped entity model, cross-validate its
//! training recipe, tag a CoNLL-2003 file, or score the model on one. The work lives in
//! `crate::ner::run`; this file is argument glue.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ner::Tagger;
use crate::ner::run;
use crate::ner::train::TrainOptions;

/// The training settings `ner train` and `ner cv` share.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainArgs {
    /// Folder with places.tsv, first_names.tsv and demonyms.tsv.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/gazetteer")]
    pub gazetteer: PathBuf,
    /// Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable).
    #[arg(
        long,
        value_name = "DIR",
        default_values = ["../shared/data/raw/reuters21578", "../shared/data/raw/bbc"]
    )]
    pub unlabeled: Vec<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 16)]
    pub epochs: usize,
    /// Drop features whose largest quantised weight is below this (0 keeps all).
    #[arg(long, default_value_t = crate::ner::train::MIN_ROW_WEIGHT)]
    pub min_row_weight: u16,
    /// Feature dropout in training: leave a token's features of GROUP (word, affix, gaz,
    /// cluster, doc, other) out of a training step with probability P, instead of the shipped
    /// recipe's (repeatable).
    #[arg(long, value_name = "GROUP=P", value_parser = parse_dropout)]
    pub dropout: Vec<(usize, f32)>,
    /// Leave these feature templates (numbers, comma-separated) out of training, to measure
    /// what they bring.
    #[arg(long, value_name = "T,T,...", value_delimiter = ',', value_parser = clap::value_parser!(u8).range(0..128))]
    pub without: Vec<u8>,
    /// Give no weight to static features seen fewer than N times in training.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u32,
    /// More labelled CoNLL-2003 files to train on (repeatable), e.g. DIR/eng.testa: `ner
    /// train` adds them to eng.train (and no longer scores eng.testa when it is one of them);
    /// `ner cv` adds them to every fold's training documents, never to a held-out block, so the
    /// scores say what the extra data brings on text still unseen.
    #[arg(long, value_name = "FILE")]
    pub also: Vec<PathBuf>,
}

/// Parses `GROUP=P` for `--dropout`.
fn parse_dropout(s: &str) -> Result<(usize, f32), String> {
    let names = crate::ner::sink::group::NAMES.join(", ");
    let (name, p) = s
        .split_once('=')
        .ok_or_else(|| format!("expected GROUP=P, e.g. word=0.2 (groups: {names})"))?;
    let g = crate::ner::sink::group::by_name(name)
        .ok_or_else(|| format!("unknown feature group {name:?}; groups: {names}"))?;
    let p: f32 = p
        .parse()
        .ok()
        .filter(|p| (0.0..1.0).contains(p))
        .ok_or_else(|| format!("{p:?}: the probability must be a number from 0 to below 1"))?;
    Ok((g, p))
}

impl TrainArgs {
    /// The training options these arguments ask for.
    pub fn options(&self) -> TrainOptions {
        let mut opts = TrainOptions {
            epochs: self.epochs,
            min_row_weight: self.min_row_weight,
            ..TrainOptions::default()
        };
        for &(g, p) in &self.dropout {
            opts.dropout[g] = p;
        }
        for &t in &self.without {
            opts.off |= 1u128 << t;
        }
        opts.min_count = self.min_count;
        opts
    }

    /// What training reads, with the CoNLL folder `data`.
    pub fn sources<'a>(&'a self, data: &'a Path) -> run::Sources<'a> {
        run::Sources {
            data,
            gazetteer: &self.gazetteer,
            unlabeled: self.unlabeled.iter().map(PathBuf::as_path).collect(),
            also: &self.also,
        }
    }
}

/// The `ner` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum NerCommand {
    /// Train the tagger on DIR/eng.train and the --also files (scores on DIR/eng.testa are
    /// logged per epoch unless it is one of them) and write the model to --out, with the
    /// gazetteer files it uses beside it. Deterministic.
    Train {
        /// Folder with eng.train (and optionally eng.testa), CoNLL-2003 format.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Model file to write (the shipped one is models/ner.bin).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        train: TrainArgs,
    },
    /// Cross-validate the training recipe on DIR/eng.train: its documents cut into --folds
    /// contiguous blocks, each tagged by a model trained on the others; prints exact-span
    /// P/R/F1 per type, pooled and per fold. eng.testa is not read.
    Cv {
        /// Folder with eng.train, CoNLL-2003 format.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Number of folds.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
        folds: u16,
        /// Also write the held-out predictions to FILE, as `ner tag` prints them.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
        #[command(flatten)]
        train: TrainArgs,
    },
    /// Tag a CoNLL-2003 file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line
    /// between sentences.
    Tag {
        /// The CoNLL-2003 file (`word POS chunk tag` lines, -DOCSTART- lines, blank lines).
        #[arg(long, value_name = "FILE")]
        conll: PathBuf,
        /// Use this model file (with its gazetteer files beside it) instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
    /// Score the tagger on a CoNLL-2003 file: exact-span P/R/F1 per type and overall
    /// (micro over PER, LOC, ORG), and the tagging speed.
    Eval {
        /// The CoNLL-2003 file.
        #[arg(long, value_name = "FILE")]
        conll: PathBuf,
        /// Use this model file (with its gazetteer files beside it) instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
}

fn tagger(model: &Option<PathBuf>) -> anyhow::Result<Tagger> {
    match model {
        Some(path) => run::load_tagger(path),
        None => Ok(Tagger::embedded()?),
    }
}

/// Runs one `ner` subcommand, writing its output to `out` (training logs go there too).
pub fn run(cmd: &NerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        NerCommand::Train {
            data,
            out: model_out,
            train,
        } => run::train_model(&train.sources(data), model_out, train.options(), out),
        NerCommand::Cv {
            data,
            folds,
            predictions,
            train,
        } => run::cross_validate(
            &train.sources(data),
            usize::from(*folds),
            train.options(),
            predictions.as_deref(),
            out,
        ),
        NerCommand::Tag { conll, model } => run::tag_conll(&tagger(model)?, conll, out),
        NerCommand::Eval { conll, model } => run::eval_conll(&tagger(model)?, conll, out),
    }
}
