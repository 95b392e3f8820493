//! The HTML pages: the search page (`/`), article pages (`/article/{id}`) and the error page. Each
//! has a JSON twin under `/api/` taking the same parameters; they work with JavaScript off.

pub mod article;
pub mod layout;
pub mod search;
pub mod timeline;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::state::ServeError;
pub use article::article;
use layout::Here;
pub use search::search;

/// An HTML answer.
pub fn html_response(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// An error as a page: the message, the search form, and the status.
pub fn error_page(e: ServeError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::BAD_REQUEST => "Bad request",
        StatusCode::SERVICE_UNAVAILABLE => "Too slow",
        _ => "Error",
    };
    let body = html! {
        main #main {
            h1 { (title) }
            p.error role="alert" { (e.message) }
            p { a href="/" { "Start a new search" } }
        }
    };
    html_response(
        e.status,
        layout::page(title, None, layout::header(&Here::default()), body),
    )
}

/// Any other address: 404, as JSON under `/api/`, else as a page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = ServeError::not_found(format!(
        "nothing at {}; the pages are / and /article/ID, the API is under /api/ (search, list, article/ID, stats, timeline, related, status)",
        crate::query::shorten(uri.path())
    ));
    if uri.path().starts_with("/api/") {
        e.into_response()
    } else {
        error_page(e)
    }
}
