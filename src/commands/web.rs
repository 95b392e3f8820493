//! `newsdex web train|extract`: rebuild the shipped web-page model from pages with gold
//! snippets (with its cross-validated score), or show what newsdex reads from page files. The
//! work lives in `crate::html::train`; this file is argument glue.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::html::extract::Thresholds;
use crate::html::model::Model;
use crate::html::train::{self, TrainOptions};

/// The `web` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum WebCommand {
    /// Train the block classifier on DIR/html/*.html.gz with DIR/gold.json (snippets that must
    /// and must not be in each page's body), print the k-fold cross-validated snippet scores,
    /// and write the model trained on all pages to --out. Deterministic.
    Train {
        /// Folder with html/ and gold.json (the layout of web-dev).
        #[arg(long, value_name = "DIR", default_value = "../shared/data/web-dev")]
        data: PathBuf,
        /// Model file to write (the shipped one is models/web.bin); none: only cross-validate.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Folds of the cross-validation by site (0: none).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Pages to use: all, or the `dev` or `test` part of a fixed split by site (a fifth
        /// of the sites are `test`, never used to tune anything).
        #[arg(long, default_value = "all", value_parser = ["all", "dev", "test"])]
        split: String,
        /// After training on --split, also score the model on this part.
        #[arg(long, value_parser = ["dev", "test"])]
        eval_split: Option<String>,
        /// Passes over the data.
        #[arg(long, default_value_t = TrainOptions::default().epochs)]
        epochs: usize,
        /// Keep a block inside the main container above this probability.
        #[arg(long, default_value_t = TrainOptions::default().thresholds.inside)]
        inside: f32,
        /// Keep a block outside the main container above this probability.
        #[arg(long, default_value_t = TrainOptions::default().thresholds.outside)]
        outside: f32,
        /// The probability of no evidence when choosing the main container.
        #[arg(long, default_value_t = TrainOptions::default().thresholds.center)]
        center: f32,
        /// Write each page's cross-validated body to this file (`{"path", "body"}` per line,
        /// for `eval_web.py`).
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// Fit the written model without the pages of this fold of --folds (to look at that
        /// fold's pages with `web extract --model`).
        #[arg(long, value_name = "K")]
        without_fold: Option<usize>,
    },
    /// Print what newsdex reads from web-page files (`.html`, `.htm`, `.xhtml`, optionally
    /// gzipped): one JSON object per file with path, url, title, date, day, source and body.
    Extract {
        /// Page files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Instead, print every text block of each page: kept (`+`) or not (`-`), its
        /// probability of being article text, whether it is in the main container (`*`), its
        /// tag and text.
        #[arg(long)]
        blocks: bool,
        /// With --blocks: also the features that weigh most in each block's score.
        #[arg(long, requires = "blocks")]
        features: bool,
        /// Use this model file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
}

/// The split a site belongs to: a fifth of the sites are `test`.
fn split_of(site: &str) -> &'static str {
    if train::fold_of(&format!("split:{site}"), 5) == 0 {
        "test"
    } else {
        "dev"
    }
}

#[derive(Serialize)]
struct Extracted {
    path: String,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    day: Option<String>,
    source: Option<String>,
    body: String,
}

/// Runs one `web` subcommand.
pub fn run(cmd: &WebCommand, out: &mut dyn Write) -> anyhow::Result<bool> {
    match cmd {
        WebCommand::Train {
            data,
            out: model_out,
            folds,
            split,
            eval_split,
            epochs,
            inside,
            outside,
            center,
            dump,
            without_fold,
        } => {
            let gold = train::read_gold(&data.join("gold.json"))?;
            let all = train::prepare_all(&data.join("html"), &gold);
            writeln!(out, "{} of {} gold pages read", all.len(), gold.len())?;
            let labelled: usize = all.iter().map(|p| p.labels.iter().flatten().count()).sum();
            writeln!(out, "{labelled} labelled blocks")?;
            let (pages, rest): (Vec<_>, Vec<_>) = all
                .into_iter()
                .partition(|p| split == "all" || split_of(&p.site) == split);
            let opts = TrainOptions {
                epochs: *epochs,
                thresholds: Thresholds {
                    inside: *inside,
                    outside: *outside,
                    center: *center,
                },
                ..TrainOptions::default()
            };
            if *folds > 1 {
                let (grid, bodies) = train::cross_validate(&pages, *folds, &opts);
                if let Some(path) = dump {
                    let mut text = String::new();
                    for (name, body, blocks) in bodies {
                        let line = serde_json::json!({
                            "path": format!("{name}.html.gz"), "body": body, "blocks": blocks
                        });
                        text.push_str(&line.to_string());
                        text.push('\n');
                    }
                    std::fs::write(path, text)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                }
                for (t, c) in grid {
                    let label = format!(
                        "{folds}-fold cv on {} pages ({split}), keep {:.2} inside, {:.2} outside, centre {:.2}",
                        pages.len(),
                        t.inside,
                        t.outside,
                        t.center
                    );
                    train::report(out, &label, c)?;
                }
            }
            let refs: Vec<_> = pages
                .iter()
                .filter(|p| without_fold.is_none_or(|k| train::fold_of(&p.site, *folds) != k))
                .collect();
            let model = train::fit(&refs, &opts);
            train::report(
                out,
                "fit on the training pages",
                train::evaluate(&refs, &model),
            )?;
            if let Some(e) = eval_split {
                let held: Vec<_> = rest.iter().filter(|p| split_of(&p.site) == e).collect();
                let label = format!("held-out {e} split ({} pages)", held.len());
                train::report(out, &label, train::evaluate(&held, &model))?;
            }
            if let Some(path) = model_out {
                std::fs::write(path, model.to_bytes())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                writeln!(
                    out,
                    "wrote {} ({} weights)",
                    path.display(),
                    model.weights.len()
                )?;
            }
            Ok(true)
        }
        WebCommand::Extract {
            files,
            blocks,
            features,
            model,
        } => {
            let model = match model {
                Some(path) => {
                    let bytes = std::fs::read(path)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    Model::from_bytes(&bytes)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
                }
                None => Model::shipped().clone(),
            };
            let mut any = false;
            for f in files {
                let bytes = train::read_page_file(f)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
                if *blocks {
                    writeln!(out, "== {}", f.display())?;
                    crate::html::extract::explain(&bytes, &model, *features, out)?;
                    any = true;
                    continue;
                }
                let page = match crate::html::read_page_with(&bytes, &Default::default(), &model) {
                    Ok(p) => p,
                    Err(e) => {
                        eprintln!("{}: {e}", f.display());
                        continue;
                    }
                };
                any = true;
                let a = page.article;
                let h = a.header.unwrap_or_default();
                crate::output::json_line(
                    out,
                    &Extracted {
                        path: f.display().to_string(),
                        url: a.url,
                        title: a.title,
                        date: h
                            .instant
                            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
                        day: h.day.map(|d| d.to_string()),
                        source: h.source,
                        body: a.paragraphs.join("\n"),
                    },
                )?;
            }
            Ok(any)
        }
    }
}
