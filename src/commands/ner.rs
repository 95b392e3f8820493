//! `newsdex ner train|tag|eval`: rebuild the shipped entity model, tag a CoNLL-2003 file, or
//! score the model on one. The work lives in `crate::ner::run`; this file is argument glue.

use std::io::Write;
use std::path::PathBuf;

use crate::ner::Tagger;
use crate::ner::run;
use crate::ner::train::TrainOptions;

/// The `ner` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum NerCommand {
    /// Train the tagger on DIR/eng.train (scores on DIR/eng.testa are logged per epoch) and
    /// write the model to --out, with the gazetteer files it uses beside it. Deterministic.
    Train {
        /// Folder with eng.train (and optionally eng.testa), CoNLL-2003 format.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Model file to write (the shipped one is models/ner.bin).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Folder with places.tsv, first_names.tsv and demonyms.tsv.
        #[arg(long, value_name = "DIR", default_value = "../shared/data/gazetteer")]
        gazetteer: PathBuf,
        /// Folders of unlabeled .txt/.sgm news text for the word clusters (repeatable).
        #[arg(
            long,
            value_name = "DIR",
            default_values = ["../shared/data/raw/reuters21578", "../shared/data/raw/bbc"]
        )]
        unlabeled: Vec<PathBuf>,
        /// Passes over the training data.
        #[arg(long, default_value_t = 16)]
        epochs: usize,
        /// Drop features whose largest quantised weight is below this (0 keeps all).
        #[arg(long, default_value_t = crate::ner::train::MIN_ROW_WEIGHT)]
        min_row_weight: u16,
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
            gazetteer,
            unlabeled,
            epochs,
            min_row_weight,
        } => {
            let dirs: Vec<&std::path::Path> = unlabeled.iter().map(PathBuf::as_path).collect();
            let opts = TrainOptions {
                epochs: *epochs,
                min_row_weight: *min_row_weight,
                ..TrainOptions::default()
            };
            run::train_model(data, gazetteer, &dirs, model_out, opts, out)
        }
        NerCommand::Tag { conll, model } => run::tag_conll(&tagger(model)?, conll, out),
        NerCommand::Eval { conll, model } => run::eval_conll(&tagger(model)?, conll, out),
    }
}
