//! What a page and its JSON twin both compute, from the same parameters, through the same query
//! functions as `search`, `list` and `stats`: one function per kind of answer.

use std::sync::Arc;

use super::cache::{Counts, CountsCache, key};
use crate::index::search::{self, Results};
use crate::index::stats::{self, Stats};
use crate::index::store::NewsIndex;
use crate::index::timeline::{self, By};
use crate::query::Request;

/// A search or listing with the facets and the timeline of all its matches.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The page of hits and the total.
    pub results: Results,
    /// The top values of each facet over every match (`search --facets`) and the timeline.
    pub counts: Arc<Counts>,
}

/// Runs a request and counts the facets (top `top` per facet) and the timeline of everything it
/// matches; the counts come from `cache` when this request's matches were counted at this commit.
pub fn search(
    ix: &NewsIndex,
    cache: &CountsCache,
    req: &Request,
    top: usize,
) -> anyhow::Result<Outcome> {
    let results = search::run(ix, req)?;
    let version = ix.version()?.version;
    let counts = cache.get_or_compute(&version, key(req, top), || {
        Ok(Counts {
            facets: stats(ix, req, top)?.facets,
            timeline: timeline::compute(ix, req, By::Auto)?,
        })
    })?;
    Ok(Outcome { results, counts })
}

/// `stats` for the articles a request's filters keep (all when it has none).
pub fn stats(ix: &NewsIndex, req: &Request, top: usize) -> anyhow::Result<Stats> {
    if req.filters.is_empty() && req.query.is_none() {
        return stats::compute(ix, None, top);
    }
    let (q, _) = search::build_query(ix, req)?;
    stats::compute(ix, Some(&*q), top)
}
