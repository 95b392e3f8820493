//! `newsdex search QUERY`: full-text search with filters, sorted hits and highlighted snippets.

use std::io::Write;
use std::path::Path;

use crate::cli::SearchArgs;
use crate::index::{search, stats};
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
        collapse: a.collapse,
    };
    let results = search::run(&ix, &req)?;
    let style = Style::for_stdout(a.page.json);
    for h in &results.hits {
        output::hit(out, style, h)?;
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
    if !style.json {
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
    }
    Ok(results.total > 0)
}
