//! The JSON API: one handler per endpoint, each parsing its parameters, doing its index work through
//! [`AppState::work`] and answering with the command line's JSON objects (same keys, same order).
//! Errors are `{"error": "..."}` with 400 (bad parameter or query), 404 (unknown article), 503
//! (too slow).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::cache::response_key;
use super::params::{FILTERS, Params};
use super::state::{AppState, ServeError};
use super::work;
use crate::index::record::ArticleRecord;
use crate::index::related::{self, Related};
use crate::index::search;
use crate::index::stats::Facets;
use crate::index::timeline::{self, Bucket, By};
use crate::output::HitJson;
use crate::query::{Request, Sort};

/// Facet values per facet unless `top` says otherwise (as `search --facets`, `stats`).
pub const DEFAULT_TOP: usize = 10;
/// Largest `top`.
pub const MAX_TOP: usize = 1000;

/// The parameters of `/api/search` (and of the search page).
pub const SEARCH_PARAMS: [&str; 14] = [
    "q", "from", "to", "source", "dateline", "person", "place", "org", "sort", "limit", "offset",
    "top", "fuzzy", "collapse",
];

/// A JSON answer: the value and a newline.
pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(mut body) => {
            body.push(b'\n');
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(e) => ServeError::internal(format!("cannot write JSON: {e}")).into_response(),
    }
}

/// The request a set of parameters asks for: `query` (none for a listing), the filters, order
/// and paging, with the command line's defaults (`search`: relevance and 10, `list`: date and 100).
pub fn request(
    p: &Params,
    query: Option<String>,
    default_limit: usize,
) -> Result<Request, ServeError> {
    let filters = p.filters()?;
    let (limit, offset) = p.paging(default_limit)?;
    let sort = match &query {
        Some(_) => p.sort(Sort::Relevance)?,
        // A listing has no relevance: as `list`, anything but -date is date order.
        None => match p.sort(Sort::Date)? {
            Sort::DateDesc => Sort::DateDesc,
            _ => Sort::Date,
        },
    };
    if let Some(q) = &query {
        crate::query::normalise_query(q)?;
    }
    Ok(Request {
        query,
        filters,
        sort,
        limit,
        offset,
        with_body: false,
        fuzzy: p.flag("fuzzy")?,
        collapse: p.flag("collapse")?,
    })
}

#[derive(Serialize)]
struct SearchJson<'a> {
    total: usize,
    hits: Vec<HitJson<'a>>,
    facets: &'a Facets,
    timeline: &'a [Bucket],
}

/// `/api/search?q=…`: `{"total", "hits", "facets", "timeline"}`; hits as `search --json` prints
/// them, facets as `search --facets --json`, the timeline's buckets as `/api/timeline` (`by=auto`).
pub async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    let p = Params::parse(raw.as_deref())?;
    p.only(&SEARCH_PARAMS)?;
    let Some(q) = p.get("q") else {
        return Err(ServeError::bad_request(
            "parameter `q` is required (the query, as `newsdex search` takes it); use /api/list for articles without a query",
        ));
    };
    let req = request(&p, Some(q.to_string()), 10)?;
    let top = p.count("top", DEFAULT_TOP, MAX_TOP)?;
    // The same request at the same commit has the same answer: give the bytes given before.
    let key = response_key(&req, top);
    let version = state.index.version().map_err(anyhow::Error::from)?.version;
    if let Some(body) = state.responses.get(&version, &key) {
        return Ok(json_bytes(StatusCode::OK, body));
    }
    let cache = state.counts.clone();
    let out = state
        .work(move |ix| Ok(work::search(ix, &cache, &req, top)?))
        .await?;
    let mut body = serde_json::to_vec(&SearchJson {
        total: out.results.total,
        hits: out.results.hits.iter().map(HitJson::new).collect(),
        facets: &out.counts.facets,
        timeline: &out.counts.timeline.buckets,
    })
    .map_err(|e| ServeError::internal(format!("cannot write JSON: {e}")))?;
    body.push(b'\n');
    let body = axum::body::Bytes::from(body);
    state.responses.put(&version, key, body.clone());
    Ok(json_bytes(StatusCode::OK, body))
}

/// A JSON body already written (newline-terminated).
fn json_bytes(status: StatusCode, body: axum::body::Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[derive(Serialize)]
struct ListJson {
    total: usize,
    articles: Vec<ArticleRecord>,
}

/// `/api/list?…`: `{"total", "articles"}`; articles as `list --json` prints them (no body).
pub async fn list(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    let p = Params::parse(raw.as_deref())?;
    let mut known = FILTERS.to_vec();
    known.extend(["sort", "limit", "offset"]);
    p.only(&known)?;
    let req = request(&p, None, 100)?;
    let results = state.work(move |ix| Ok(search::run(ix, &req)?)).await?;
    Ok(json_response(
        StatusCode::OK,
        &ListJson {
            total: results.total,
            articles: results.hits.into_iter().map(|h| h.article).collect(),
        },
    ))
}

/// Checks an article id from a URL: 16 hex digits, as the article object's `id`.
pub fn article_id(id: Result<Path<String>, PathRejection>) -> Result<String, ServeError> {
    let bad = || {
        ServeError::bad_request("an article id is 16 hex digits (the `id` of an article object)")
    };
    let Path(id) = id.map_err(|_| bad())?;
    if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(bad())
    }
}

/// Fetches an article by id, or 404.
pub async fn fetch_article(state: &AppState, id: String) -> Result<ArticleRecord, ServeError> {
    state
        .work(move |ix| match search::by_id(ix, &id)? {
            Some(a) => Ok(a),
            None => Err(ServeError::not_found(format!(
                "no article with id {id} in the index (it may have been removed); search for it again"
            ))),
        })
        .await
}

/// `/api/article/{id}`: the article object, as `show --json` prints it (without its `copies`).
pub async fn article(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    Params::parse(raw.as_deref())?.only(&[])?;
    let id = article_id(id)?;
    let a = fetch_article(&state, id).await?;
    Ok(json_response(StatusCode::OK, &a))
}

/// `/api/stats?…`: counts, date span and top values, as `stats --json` prints them.
pub async fn stats(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    let p = Params::parse(raw.as_deref())?;
    let mut known = FILTERS.to_vec();
    known.push("top");
    p.only(&known)?;
    let req = Request {
        filters: p.filters()?,
        ..Request::default()
    };
    let top = p.count("top", DEFAULT_TOP, MAX_TOP)?;
    let s = state
        .work(move |ix| Ok(work::stats(ix, &req, top)?))
        .await?;
    Ok(json_response(StatusCode::OK, &s))
}

/// `/api/status`: the live article count and a fingerprint of the commit being served; the
/// pages' script polls it to reload results when `newsdex index` commits.
pub async fn status(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    Params::parse(raw.as_deref())?.only(&[])?;
    let v = state
        .work(|ix| {
            ix.version()
                .map_err(|e| ServeError::internal(e.to_string()))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &v))
}

/// The parameters of `/api/timeline` and `/api/related`: a query (optional) and the filters.
fn set_request(p: &Params, extra: &[&str]) -> Result<Request, ServeError> {
    let mut known = vec!["q"];
    known.extend(FILTERS);
    known.extend(extra);
    p.only(&known)?;
    if let Some(q) = p.get("q") {
        crate::query::normalise_query(q)?;
    }
    Ok(Request {
        query: p.get("q").map(str::to_string),
        filters: p.filters()?,
        ..Request::default()
    })
}

#[derive(Serialize)]
struct TimelineJson {
    by: By,
    total: u64,
    undated: u64,
    buckets: Vec<Bucket>,
}

/// `/api/timeline?q=&by=&…`: matching articles per `day`, `week`, `month`, `year` or `auto`
/// (at most about 60 periods): `{"by", "total", "undated", "buckets": [{"period", "start",
/// "count"}]}`. Without `q`, the articles the filters keep.
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    let p = Params::parse(raw.as_deref())?;
    let req = set_request(&p, &["by"])?;
    let by = match p.get("by") {
        None => By::Auto,
        Some(v) => <By as clap::ValueEnum>::from_str(v.trim(), false).map_err(|_| {
            ServeError::bad_request(format!(
                "invalid by {v:?}: it must be day, week, month, year or auto"
            ))
        })?,
    };
    let t = state
        .work(move |ix| Ok(timeline::compute(ix, &req, by)?))
        .await?;
    Ok(json_response(
        StatusCode::OK,
        &TimelineJson {
            by: t.by,
            total: t.total,
            undated: t.undated,
            buckets: t.buckets,
        },
    ))
}

#[derive(Serialize)]
struct RelatedJson {
    related: Vec<Related>,
}

/// `/api/related?person=|place=|org=|q=&…&limit=`: the people, places and organisations that come
/// with the matching articles, most specific first: `{"related": [{"field", "value", "count",
/// "score"}]}`. The entity a filter names is left out.
pub async fn related(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServeError> {
    let p = Params::parse(raw.as_deref())?;
    let req = set_request(&p, &["limit"])?;
    let limit = p.count("limit", 20, super::params::MAX_LIMIT)?;
    let related = state
        .work(move |ix| Ok(related::compute(ix, &req, limit)?))
        .await?;
    Ok(json_response(StatusCode::OK, &RelatedJson { related }))
}
