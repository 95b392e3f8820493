//! `newsdex clean train|eval`: rebuild the page-dump line model from labelled dumps, or score a
//! model on them. The work lives in `crate::clean::dump::train`; this file is argument glue.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::clean::dump::gold::{self, Snippets};
use crate::clean::dump::train::{self, Prepared};
use crate::clean::dump::trees::Params;
use crate::clean::dump::{Model, features};

/// The `clean` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CleanCommand {
    /// Train the page-dump model on DIR's .txt dumps, labelled by gold snippets and a reference
    /// extraction, report k-fold cross-validated snippet scores (folds by site), then train on
    /// every page and write the model. Deterministic.
    Train {
        /// Folder of page dumps (`NAME.txt`).
        #[arg(long, value_name = "DIR")]
        dumps: PathBuf,
        /// Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`.
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// Reference extraction of the same pages (NDJSON with `path` and `body`, e.g. from
        /// `run_trafilatura.py` or `newsdex export` of their HTML): labels the other lines.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        /// Model file to write (the shipped one is models/dump.bin).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Cross-validation folds (0: none).
        #[arg(long, default_value_t = 5)]
        folds: u64,
        /// Number of trees.
        #[arg(long, default_value_t = Params::default().trees)]
        trees: usize,
        /// Depth of each tree.
        #[arg(long, default_value_t = Params::default().depth)]
        depth: usize,
        /// Lines whose probability of being article text is above this are kept.
        #[arg(long, default_value_t = train::THRESHOLD)]
        threshold: f32,
        /// Also write each page's held-out body (from the fold model that did not see it) to
        /// FILE, one JSON object per line with `path` and `body`, for `eval_web.py`.
        #[arg(long, value_name = "FILE")]
        held_out: Option<PathBuf>,
    },
    /// Score a page-dump model on DIR's .txt dumps against gold snippets, and time it.
    Eval {
        /// Folder of page dumps (`NAME.txt`).
        #[arg(long, value_name = "DIR")]
        dumps: PathBuf,
        /// Gold snippets: `{NAME: {"url", "with": [...], "without": [...]}}`.
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// Use this model file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
}

/// Runs a `clean` subcommand.
pub fn run(cmd: &CleanCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match cmd {
        CleanCommand::Train {
            dumps,
            gold,
            reference,
            out: model_path,
            folds,
            trees,
            depth,
            held_out,
            threshold,
        } => {
            let params = Params {
                trees: *trees,
                depth: *depth,
                ..Params::default()
            };
            let pages = load(dumps, gold, reference.as_deref())?;
            if *folds >= 2 {
                let (per_fold, bodies) = train::cross_validate(&pages, *folds, &params, *threshold);
                if let Some(path) = held_out {
                    write_bodies(path, &bodies)?;
                }
                let mut pooled = Snippets::default();
                for (f, s) in per_fold.iter().enumerate() {
                    writeln!(out, "fold {}/{folds}: {s}", f + 1)?;
                    pooled.add((s.tp, s.fp, s.fn_));
                }
                writeln!(out, "held-out folds: {pooled}")?;
            }
            let all: Vec<&Prepared> = pages.iter().collect();
            let model = train::fit(&all, &params, *threshold);
            writeln!(
                out,
                "whole set (trained on it): {}",
                train::evaluate(&all, &model)
            )?;
            let bytes = model.to_bytes();
            std::fs::write(model_path, &bytes).map_err(|e| {
                anyhow::anyhow!("{}: cannot write the model: {e}", model_path.display())
            })?;
            writeln!(
                out,
                "wrote {} ({} bytes: {} trees over {} features, {} lexicon words)",
                model_path.display(),
                bytes.len(),
                model.forest().trees.len(),
                features::N_FEATURES,
                model.lexicon().len()
            )?;
        }
        CleanCommand::Eval { dumps, gold, model } => {
            let model = match model {
                Some(path) => {
                    let bytes = std::fs::read(path)
                        .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
                    Model::from_bytes(&bytes)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
                }
                None => Model::embedded().clone(),
            };
            let pages = load(dumps, gold, None)?;
            let all: Vec<&Prepared> = pages.iter().collect();
            let start = Instant::now();
            let s = train::evaluate(&all, &model);
            let secs = start.elapsed().as_secs_f64();
            let mb = pages.iter().map(|p| p.text.len()).sum::<usize>() as f64 / 1e6;
            writeln!(out, "{} pages: {s}", pages.len())?;
            writeln!(
                out,
                "cleaned in {secs:.2} s: {:.0} pages/s, {:.1} MB/s (all threads)",
                pages.len() as f64 / secs,
                mb / secs
            )?;
        }
    }
    Ok(())
}

/// Reads the dumps and their labels.
fn load(dumps: &Path, gold: &Path, reference: Option<&Path>) -> anyhow::Result<Vec<Prepared>> {
    let gold = gold::load_gold(gold)?;
    let reference = reference.map(gold::load_reference).transpose()?;
    train::prepare(dumps, &gold, reference.as_ref())
}

/// Writes held-out bodies as NDJSON (`path` = `NAME.txt`, `fold`, `body`).
fn write_bodies(path: &Path, bodies: &[train::HeldOut]) -> anyhow::Result<()> {
    let mut text = String::new();
    for b in bodies {
        let obj =
            serde_json::json!({"path": format!("{}.txt", b.name), "fold": b.fold, "body": b.body});
        text.push_str(&obj.to_string());
        text.push('\n');
    }
    std::fs::write(path, text)
        .map_err(|e| anyhow::anyhow!("{}: cannot write held-out bodies: {e}", path.display()))
}
