//! The static files the pages use (style sheet, script, icon), compiled into the binary and served
//! from a fixed table: no file is read from disk, so no path can reach outside it.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::state::ServeError;

/// Each asset: name, content type, bytes.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("assets/style.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("assets/favicon.svg"),
    ),
];

/// The URL of an asset, with a version so a new binary's files replace cached ones.
pub fn url(name: &str) -> String {
    format!("/assets/{name}?v={}", env!("CARGO_PKG_VERSION"))
}

/// `/assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => super::pages::error_page(ServeError::not_found(format!(
            "no file {:?} among this server's assets",
            crate::query::shorten(&name)
        ))),
    }
}

/// `/favicon.ico`, asked for by browsers on their own: the SVG icon.
pub async fn favicon() -> Response {
    asset(Path("favicon.svg".to_string())).await
}
