//! `newsdex stats`: counts, date span, and the top sources, datelines, people, places, organisations.

use std::io::Write;
use std::path::Path;

use crate::cli::StatsArgs;
use crate::index::{search, stats};
use crate::output::{self, Style};
use crate::query::Request;

/// Runs `stats`; `Ok(false)` when no article is counted.
pub fn run(index_dir: &Path, a: &StatsArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    let ix = super::open_for_reading(index_dir)?;
    let s = if filters.is_empty() {
        stats::compute(&ix, None, a.top)?
    } else {
        let req = Request {
            filters,
            ..Request::default()
        };
        let (q, _) = search::build_query(&ix, &req)?;
        stats::compute(&ix, Some(&*q), a.top)?
    };
    output::stats(out, Style::for_stdout(a.json), &s)?;
    Ok(s.articles > 0)
}
