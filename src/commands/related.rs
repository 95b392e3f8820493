//! `newsdex related (--person NAME | --place NAME | --org NAME | QUERY)`: the people, places and
//! organisations named with the matching articles, most specific to them first.

use std::io::Write;
use std::path::Path;

use crate::cli::RelatedArgs;
use crate::index::related;
use crate::output::related::{Format, write};
use crate::output::{Style, group};
use crate::query::{Request, check_paging};

/// Runs `related`; `Ok(false)` when the matching articles name nobody (or nothing matched).
pub fn run(index_dir: &Path, a: &RelatedArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    let (limit, _) = check_paging(a.limit, 0)?;
    super::check_optional_query(
        a.query.as_deref(),
        "give words to search for, or --person, --place or --org instead",
    )?;
    let ix = super::open_for_reading(index_dir)?;
    let req = Request {
        query: a.query.clone(),
        filters,
        ..Request::default()
    };
    let found = related::co_mentions(&ix, &req, limit)?;
    let format = if a.json {
        Format::Json
    } else if a.csv {
        Format::Csv
    } else {
        Format::Table(Style::for_stdout(false))
    };
    write(out, format, &found.related)?;
    if let Format::Table(_) = format {
        eprintln!(
            "{} of {} names in {} matching {}",
            group(found.related.len() as u64),
            group(found.names as u64),
            group(found.articles),
            if found.articles == 1 {
                "article"
            } else {
                "articles"
            }
        );
    }
    Ok(!found.related.is_empty())
}
