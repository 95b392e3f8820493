//! `newsdex list`: articles in date order, with the same filters as search.

use std::io::Write;
use std::path::Path;

use crate::cli::ListArgs;
use crate::index::search;
use crate::output::csv_writer::{Columns, CsvWriter, io_error};
use crate::output::{self, Style};
use crate::query::{Request, Sort, check_paging};

/// Runs `list`; `Ok(false)` when no article matched.
pub fn run(index_dir: &Path, a: &ListArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    let (limit, offset) = check_paging(a.limit, a.offset)?;
    let ix = super::open_for_reading(index_dir)?;
    let req = Request {
        query: None,
        filters,
        sort: if a.sort == Sort::DateDesc {
            Sort::DateDesc
        } else {
            Sort::Date
        },
        limit,
        offset,
        with_body: !a.json && !a.csv,
        fuzzy: false,
        collapse: a.collapse,
    };
    let results = search::run(&ix, &req)?;
    let style = Style::for_stdout(a.json);
    if a.csv {
        let mut w = CsvWriter::new(out, Columns::default()).map_err(io_error)?;
        for h in &results.hits {
            w.article(&h.article).map_err(io_error)?;
        }
        w.flush()?;
    } else {
        for h in &results.hits {
            output::listed(out, style, &h.article, h.copies)?;
        }
    }
    if !style.json && results.total > results.hits.len() {
        eprintln!(
            "{} of {} {} shown (use --limit and --offset for more)",
            results.hits.len(),
            output::group(results.total as u64),
            if a.collapse {
                "groups of copies"
            } else {
                "articles"
            }
        );
    }
    Ok(results.total > 0)
}
