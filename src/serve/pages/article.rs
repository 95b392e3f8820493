//! An article page (`/article/{id}?q=…`): headline, the article's own date, source, dateline, its
//! people, places and organisations as links that filter the search, the clean body with the
//! query's matches marked, and where it came from (its file, viewable at `/raw/{id}`, or its URL).
//! Its JSON twin is `/api/article/{id}`.

use std::ops::Range;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::layout::{self, Here, local_time, long_day, marked, utc_time};
use super::{error_page, html_response};
use crate::index::record::ArticleRecord;
use crate::index::search::{TextField, highlights};
use crate::serve::api;
use crate::serve::params::{Params, url};
use crate::serve::state::{AppState, ServeError};

/// The matches of a query in an article's headline and body.
#[derive(Debug, Default)]
struct Marks {
    title: Vec<Range<usize>>,
    body: Vec<Range<usize>>,
}

/// `/article/{id}`.
pub async fn article(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let p = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(e),
    };
    let id = match api::article_id(id) {
        Ok(id) => id,
        Err(e) => return error_page(e),
    };
    let q = p.get("q").map(str::to_string);
    let answer = state
        .work(move |ix| {
            let Some(a) = crate::index::search::by_id(ix, &id)? else {
                return Err(ServeError::not_found(format!(
                    "no article with id {id} in the index (it may have been removed); search for it again"
                )));
            };
            let marks = match &q {
                Some(q) => Marks {
                    title: match &a.title {
                        Some(t) => highlights(ix, q, TextField::Title, t)?,
                        None => vec![],
                    },
                    body: highlights(ix, q, TextField::Body, a.body.as_deref().unwrap_or(""))?,
                },
                None => Marks::default(),
            };
            let version = ix.version().ok().map(|v| v.version);
            Ok((a, marks, version))
        })
        .await;
    match answer {
        Ok((a, marks, version)) => {
            let here = Here::from_params(&p);
            let title = super::search::headline(&a);
            html_response(
                StatusCode::OK,
                layout::page(
                    &title,
                    version.as_deref(),
                    layout::header(&Here::default().with_query(p.get("q"))),
                    view(&a, &marks, &here),
                ),
            )
        }
        Err(e) => error_page(e),
    }
}

impl Here {
    /// A fresh state holding only the query, if any.
    fn with_query(&self, q: Option<&str>) -> Here {
        match q {
            Some(q) => self.with("q", q),
            None => self.clone(),
        }
    }
}

/// Whether a URL may be a link: `http` or `https` only (an article's URL is untrusted text).
pub fn is_web_url(u: &str) -> bool {
    let lower = u.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !u.contains(char::is_control)
}

fn view(a: &ArticleRecord, marks: &Marks, here: &Here) -> Markup {
    let q = here.get("q");
    let back = Here::default().with_query(q).href(0);
    let body = a.body.as_deref().unwrap_or("");
    let entities: [(&str, &'static str, &Vec<String>); 3] = [
        ("People", "person", &a.people),
        ("Places", "place", &a.places),
        ("Organisations", "org", &a.organisations),
    ];
    html! {
        main #main data-live {
            p.back { a href=(back) { "← " @if q.is_some() { "Search results" } @else { "All articles" } } }
            article.full {
                h1 {
                    @match &a.title {
                        Some(t) => (marked(t, &marks.title)),
                        None => (super::search::headline(a)),
                    }
                }
                dl.meta {
                    @if let Some(day) = &a.day {
                        dt { "Date" }
                        dd {
                            time datetime=(day) { (long_day(day)) }
                            @if let Some((t, at)) = a.date.as_deref().zip(a.utc_offset.as_deref())
                                .filter(|(_, o)| *o != "+00:00")
                                .and_then(|(d, o)| local_time(d, o)) {
                                ", " time datetime=(at) { (t) }
                                @if let Some(u) = a.date.as_deref().and_then(utc_time) {
                                    " (" (u) ")"
                                }
                            } @else if let Some(t) = a.date.as_deref().and_then(utc_time) {
                                ", " time datetime=[a.date.as_deref()] { (t) }
                            }
                        }
                    }
                    @if let Some(s) = &a.source {
                        dt { "Source" }
                        dd { a href=(url("/", [("source", s.as_str())])) { (s) } }
                    }
                    @if let Some(d) = &a.dateline {
                        dt { "Dateline" }
                        dd { a href=(url("/", [("dateline", d.as_str())])) { (d) } }
                    }
                    dt { "File" }
                    dd {
                        code { (a.path) }
                        @if !a.path.contains('#') {
                            " " a href=(format!("/raw/{}", a.id)) { "view the raw file" }
                        }
                    }
                    @if let Some(u) = &a.url {
                        dt { "Web page" }
                        dd {
                            @if is_web_url(u) {
                                a href=(u) rel="noopener noreferrer nofollow" { (u) }
                            } @else {
                                code { (u) }
                            }
                        }
                    }
                }
                @if let Some(hint) = q.filter(|_| marks.body.is_empty() && marks.title.is_empty()) {
                    p.note { "No words of the query " q.query { (hint) } " appear in this article's text (it matched on another field)." }
                }
                div.body {
                    @for (start, para) in paragraphs(body) {
                        p { (marked(para, &shift(&marks.body, start, para.len()))) }
                    }
                }
                @for (label, param, names) in entities {
                    @if !names.is_empty() {
                        section.entities aria-labelledby=(format!("ent-{param}")) {
                            h2 #(format!("ent-{param}")) { (label) }
                            ul {
                                @for n in names {
                                    li { a href=(url("/", [(param, n.as_str())])) { (n) } }
                                }
                            }
                        }
                    }
                }
                p.twin { a href=(format!("/api/article/{}", a.id)) { "This article as JSON" } }
            }
        }
    }
}

/// The paragraphs of a body (`\n`-separated) with the byte offset each starts at.
fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    body.split('\n').map(move |p| {
        let start = at;
        at += p.len() + 1;
        (start, p)
    })
}

/// The ranges that fall inside `start..start + len`, made relative to `start`.
fn shift(marks: &[Range<usize>], start: usize, len: usize) -> Vec<Range<usize>> {
    marks
        .iter()
        .filter(|r| r.start >= start && r.end <= start + len)
        .map(|r| r.start - start..r.end - start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_only() {
        for (u, want) in [
            ("https://example.org/a", true),
            ("HTTP://example.org", true),
            ("javascript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("data:text/html,<script>", false),
            ("http://x\n.org", false),
            ("example.org", false),
        ] {
            assert_eq!(is_web_url(u), want, "{u}");
        }
    }

    #[test]
    fn paragraph_marks() {
        let body = "Oil rose.\nOil fell.";
        let marks = vec![0..3, 10..13];
        let got: Vec<(usize, Vec<Range<usize>>)> = paragraphs(body)
            .map(|(s, p)| (s, shift(&marks, s, p.len())))
            .collect();
        let first_three: Vec<Range<usize>> = std::iter::once(0..3).collect();
        assert_eq!(got, vec![(0, first_three.clone()), (10, first_three)]);
    }
}
