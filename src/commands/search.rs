//! `newsdex search QUERY`: full-text search with filters, sorted hits and highlighted snippets;
//! with suggestions when the query finds little, and spelling variants with `--fuzzy`.

use std::io::Write;
use std::path::Path;

use crate::cli::SearchArgs;
use crate::index::{search, stats, suggest};
use crate::output::csv_writer::{Columns, CsvWriter, io_error};
use crate::output::{self, Style};
use crate::query::{Request, check_paging};

/// Runs `search`; `Ok(false)` when nothing matched.
pub fn run(index_dir: &Path, a: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    let (limit, offset) = check_paging(a.page.limit, a.page.offset)?;
    crate::query::normalise_query(&a.query)?;
    let ix = super::open_for_reading(index_dir)?;
    let req = Request {
        query: Some(a.query.clone()),
        filters,
        sort: a.sort,
        limit,
        offset,
        with_body: false,
        fuzzy: a.fuzzy,
        collapse: a.collapse,
    };
    let results = search::run(&ix, &req)?;
    let style = Style::for_stdout(a.page.json);
    if a.page.csv {
        let cols = Columns {
            hit: true,
            ..Columns::default()
        };
        let mut w = CsvWriter::new(out, cols).map_err(io_error)?;
        for h in &results.hits {
            w.hit(h).map_err(io_error)?;
        }
        w.flush()?;
    } else {
        for h in &results.hits {
            output::hit(out, style, h)?;
        }
    }
    if a.facets {
        let (query, _) = search::build_query(&ix, &req)?;
        let s = stats::compute(&ix, Some(&*query), 10)?;
        if style.json {
            output::json_line(out, &serde_json::json!({ "facets": s.facets }))?;
        } else {
            output::facets(out, style, &s.facets)?;
        }
    }
    // Suggestions when the query finds little (and no --fuzzy did the work already).
    let suggestions = if !a.fuzzy && (results.total as u64) < suggest::LITTLE {
        suggest::suggest(&ix, &a.query)?
    } else {
        Vec::new()
    };
    if style.json {
        output::suggestions(out, style, &suggestions)?;
    } else {
        eprintln!(
            "{} of {} matching {} shown",
            results.hits.len(),
            output::group(results.total as u64),
            if a.collapse {
                "groups of copies"
            } else {
                "articles"
            }
        );
        let mut err = std::io::stderr().lock();
        output::expansions(&mut err, &results.expansions)?;
        output::suggestions(&mut err, style, &suggestions)?;
    }
    Ok(results.total > 0)
}
