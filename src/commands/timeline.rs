//! `newsdex timeline [QUERY]`: how many matching articles there are per day, week, month or year.

use std::io::Write;
use std::path::Path;

use crate::cli::TimelineArgs;
use crate::index::timeline;
use crate::output::Style;
use crate::output::timeline::{Format, write};
use crate::query::Request;

/// Runs `timeline`; `Ok(false)` when no article matched.
pub fn run(index_dir: &Path, a: &TimelineArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    super::check_optional_query(
        a.query.as_deref(),
        "give words to search for, or leave the query out to count every article",
    )?;
    let ix = super::open_for_reading(index_dir)?;
    let req = Request {
        query: a.query.clone(),
        filters,
        ..Request::default()
    };
    let tl = timeline::compute(&ix, &req, a.by)?;
    let format = if a.json {
        Format::Json
    } else if a.csv {
        Format::Csv
    } else {
        Format::Chart(Style::for_stdout(false))
    };
    write(out, format, &tl)?;
    if !matches!(format, Format::Chart(_)) && tl.undated > 0 {
        eprintln!(
            "{} matching articles have no date and are in no period",
            crate::output::group(tl.undated)
        );
    }
    Ok(tl.total > 0)
}
