//! One file per subcommand; this module dispatches and holds the glue they share (opening the index,
//! resolving filters, writing to stdout).

pub mod clean;
pub mod completions;
pub mod export;
pub mod index;
pub mod list;
pub mod man;
pub mod mapping;
pub mod ner;
pub mod related;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod timeline;
pub mod web;

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Command, FilterArgs};
use crate::index::store::{self, NewsIndex};
use crate::query::{End, Filters, check_range, parse_period};

/// Runs a parsed command line; `Ok(true)` when something was found (exit 0), `Ok(false)` when not
/// (exit 1).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = match &cli.command {
        Command::Index(a) => index::run(&cli.index, a, &mut out)?,
        Command::Search(a) => search::run(&cli.index, a, &mut out)?,
        Command::List(a) => list::run(&cli.index, a, &mut out)?,
        Command::Show(a) => show::run(&cli.index, a, &mut out)?,
        Command::Stats(a) => stats::run(&cli.index, a, &mut out)?,
        Command::Timeline(a) => timeline::run(&cli.index, a, &mut out)?,
        Command::Related(a) => related::run(&cli.index, a, &mut out)?,
        Command::Export(a) => export::run(&cli.index, a, &mut out)?,
        Command::Mapping(a) => mapping::run(a, &mut out)?,
        Command::Completions(a) => completions::run(a, &mut out)?,
        Command::Man(a) => man::run(a, &mut out)?,
        Command::Serve(a) => serve::run(&cli.index, a)?,
        Command::Web(c) => web::run(c, &mut out)?,
        Command::Ner(c) => {
            ner::run(c, &mut out)?;
            true
        }
        Command::Clean(c) => {
            clean::run(c, &mut out)?;
            true
        }
    };
    out.flush()?;
    Ok(found)
}

/// Opens the index for reading; on a fresh clone with no index yet, builds it from `corpus/` first.
pub fn open_for_reading(index_dir: &Path) -> anyhow::Result<NewsIndex> {
    let default_corpus = Path::new("corpus");
    if store::is_absent_or_empty(index_dir) && default_corpus.is_dir() {
        eprintln!(
            "newsdex: no index at {} yet; building it from {} first",
            index_dir.display(),
            default_corpus.display()
        );
        let mut opts = crate::index::build::BuildOptions::new(index_dir.to_path_buf());
        opts.corpus = Some(default_corpus.to_path_buf());
        let summary = crate::index::build::build(&opts, &|line| eprintln!("{line}"))?;
        eprintln!("{}", index::summary_line(&summary));
    }
    store::open(index_dir)
}

/// Checks the optional query of `timeline` and `related`: not blank (`instead` says what to give
/// instead), and one the query language reads.
pub fn check_optional_query(query: Option<&str>, instead: &str) -> anyhow::Result<()> {
    if let Some(q) = query {
        if q.trim().is_empty() {
            return Err(crate::error::Error::Query {
                query: q.to_string(),
                reason: format!("it is empty; {instead}"),
            }
            .into());
        }
        crate::query::normalise_query(q)?;
    }
    Ok(())
}

/// Checks and resolves the filter flags.
pub fn resolve_filters(a: &FilterArgs) -> Result<Filters, crate::error::Error> {
    let from = a
        .from
        .as_deref()
        .map(|v| parse_period("--from", v, End::Start))
        .transpose()?;
    let to =
        a.to.as_deref()
            .map(|v| parse_period("--to", v, End::Finish))
            .transpose()?;
    check_range(from, to)?;
    let keep =
        |v: &Option<String>, arg: &'static str| -> Result<Option<String>, crate::error::Error> {
            match v {
                Some(s) if s.trim().is_empty() => Err(crate::error::Error::Argument {
                    arg,
                    value: s.clone(),
                    reason: "it is empty".into(),
                }),
                other => Ok(other.clone()),
            }
        };
    Ok(Filters {
        from,
        to,
        source: keep(&a.source, "--source")?,
        dateline: keep(&a.dateline, "--dateline")?,
        person: keep(&a.person, "--person")?,
        place: keep(&a.place, "--place")?,
        org: keep(&a.org, "--org")?,
    })
}
