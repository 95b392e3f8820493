//! The search page (`/?q=…&filters`): the form, active filters as removable chips, the total, the
//! hits with highlighted snippets, pagination, and the facet sidebar whose values are links that
//! add a filter. Without `q` it lists the articles the filters keep, in date order. Its JSON twin
//! is `/api/search` (or `/api/list` without `q`).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::layout::{self, Here, articles, marked};
use super::{error_page, html_response};
use crate::index::search::Hit;
use crate::index::stats::{Count, Facets};
use crate::output::{first_words, group};
use crate::query::Request;
use crate::serve::api;
use crate::serve::params::{Params, url};
use crate::serve::state::{AppState, ServeError};
use crate::serve::work::{self, Outcome};

/// Hits per page unless `limit` says otherwise.
const PAGE_LIMIT: usize = 20;
/// Values per facet in the sidebar.
const FACET_TOP: usize = 10;

/// The filters a chip can remove, with their labels.
const FILTER_LABELS: [(&str, &str); 7] = [
    ("from", "from"),
    ("to", "to"),
    ("source", "source"),
    ("dateline", "dateline"),
    ("person", "person"),
    ("place", "place"),
    ("org", "organisation"),
];

/// `/`: the search page.
pub async fn search(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let p = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(e),
    };
    let here = Here::from_params(&p);
    let req = match api::request(&p, p.get("q").map(str::to_string), PAGE_LIMIT) {
        Ok(mut r) => {
            // An article without a headline is shown by its first words.
            r.with_body = true;
            r
        }
        Err(e) => return failed(&here, e),
    };
    let cache = state.counts.clone();
    let answer = state
        .work(move |ix| {
            let out = work::search(ix, &cache, &req, FACET_TOP)?;
            let version = ix.version().ok().map(|v| v.version);
            Ok((req, out, version))
        })
        .await;
    match answer {
        Ok((req, out, version)) => html_response(
            StatusCode::OK,
            layout::page(
                &title(&req),
                version.as_deref(),
                layout::header(&here),
                view(&here, &req, &out),
            ),
        ),
        Err(e) => failed(&here, e),
    }
}

fn title(req: &Request) -> String {
    match &req.query {
        Some(q) => crate::query::shorten(q),
        None => "All articles".to_string(),
    }
}

/// The page for a request that could not be answered: the form as filled, and why.
fn failed(here: &Here, e: ServeError) -> Response {
    let body = html! {
        div.layout {
            main #main {
                (chips(here))
                h1 { "No results" }
                p.error role="alert" { (e.message) }
            }
        }
    };
    html_response(
        e.status,
        layout::page("Bad request", None, layout::header(here), body),
    )
}

fn view(here: &Here, req: &Request, out: &Outcome) -> Markup {
    let r = &out.results;
    let twin = if req.query.is_some() {
        here.href_at("/api/search", req.offset)
    } else {
        here.without("q").href_at("/api/list", req.offset)
    };
    html! {
        div.layout {
            main #main data-live {
                (chips(here))
                h1.total {
                    (articles(r.total))
                    @if let Some(q) = &req.query {
                        @if r.total == 1 { " matches " } @else { " match " }
                        q.query { (q) }
                    }
                }
                (super::timeline::chart(here, &out.counts.timeline))
                @if r.hits.is_empty() {
                    p.empty { "Nothing matches. Try fewer or other words, a wider date range, or remove a filter." }
                } @else {
                    ol.hits start=(req.offset + 1) {
                        @for h in &r.hits { li { (hit(h, req.query.as_deref())) } }
                    }
                }
                (pager(here, req, r.hits.len(), r.total))
                p.twin { a href=(twin) { "These results as JSON" } }
            }
            aside #facets data-live aria-label="Refine the results" {
                (facets(here, &out.counts.facets))
            }
        }
    }
}

/// An article page's URL, carrying the query for highlighting.
pub fn article_href(id: &str, q: Option<&str>) -> String {
    url(&format!("/article/{id}"), q.map(|q| ("q", q)))
}

fn hit(h: &Hit, q: Option<&str>) -> Markup {
    let a = &h.article;
    let heading = headline(a);
    html! {
        article.hit {
            h2 { a href=(article_href(&a.id, q)) { (heading) } }
            p.meta {
                @if let Some(day) = &a.day { time datetime=(day) { (day) } }
                @for v in [&a.source, &a.dateline].into_iter().flatten() {
                    span.sep aria-hidden="true" { " · " } (v)
                }
            }
            @if let Some(s) = &h.snippet {
                p.snippet { (marked(&s.text, &s.highlights)) }
            } @else if let Some(body) = &a.body {
                p.snippet { (first_words(body, 240)) }
            }
        }
    }
}

/// The headline, else the first words of the body, else the path.
pub fn headline(a: &crate::index::record::ArticleRecord) -> String {
    match (&a.title, &a.body) {
        (Some(t), _) => t.clone(),
        (None, Some(b)) if !b.trim().is_empty() => first_words(b, 100),
        _ => a.path.clone(),
    }
}

fn chips(here: &Here) -> Markup {
    let active: Vec<(&str, &str, &str)> = FILTER_LABELS
        .iter()
        .filter_map(|&(k, label)| here.get(k).map(|v| (k, label, v)))
        .collect();
    html! {
        @if !active.is_empty() {
            nav.chips aria-label="Active filters" {
                ul {
                    @for (k, label, v) in active {
                        li {
                            a.chip href=(here.without(k).href(0))
                                aria-label=(format!("Remove filter {label}: {v}")) {
                                span.k { (label) ": " } (v) span aria-hidden="true" { " ✕" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pager(here: &Here, req: &Request, shown: usize, total: usize) -> Markup {
    let (offset, limit) = (req.offset, req.limit);
    html! {
        @if total > 0 {
            nav.pager aria-label="Result pages" {
                @if offset > 0 {
                    a rel="prev" href=(here.href(offset.saturating_sub(limit))) { "← Previous" }
                }
                span.range {
                    @if shown > 0 {
                        (group(offset as u64 + 1)) "–" (group((offset + shown) as u64)) " of "
                    }
                    (group(total as u64))
                }
                @if offset + shown < total && shown > 0 {
                    a rel="next" href=(here.href(offset + limit)) { "Next →" }
                }
            }
        }
    }
}

fn facets(here: &Here, f: &Facets) -> Markup {
    let groups: [(&str, &'static str, &Vec<Count>); 5] = [
        ("Sources", "source", &f.sources),
        ("People", "person", &f.people),
        ("Places", "place", &f.places),
        ("Organisations", "org", &f.organisations),
        ("Datelines", "dateline", &f.datelines),
    ];
    html! {
        h2.sr-only { "Refine" }
        @for (label, param, counts) in groups {
            section.facet aria-labelledby=(format!("facet-{param}")) {
                h3 #(format!("facet-{param}")) { (label) }
                @if counts.is_empty() {
                    p.none { "none" }
                } @else {
                    ul {
                        @for c in counts {
                            @let on = here.get(param).is_some_and(|v| v.eq_ignore_ascii_case(&c.value));
                            li {
                                a href=(here.with(param, &c.value).href(0))
                                    aria-current=[on.then_some("true")]
                                    aria-label=(format!("{label}: {}, {} articles", c.value, c.count)) {
                                    span.v { (c.value) }
                                    span.n { (group(c.count)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
