//! The checks every request passes and the headers every answer carries: a query string of at most
//! a few kB, a Host header naming this machine when the server listens on loopback (so a web page
//! elsewhere cannot reach the index through DNS rebinding), and a Content-Security-Policy that lets
//! a page run only this server's own script and style, so article text can never run code.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::{AppState, ServeError};

/// Longest query string served, in bytes (a query of [`crate::query::MAX_QUERY_BYTES`] fits,
/// percent-encoded, with its filters).
pub const MAX_QUERY_STRING: usize = 8192;

/// The Content-Security-Policy of every answer: nothing but this origin's script, style and
/// images; no plugins, frames, inline script or inline style.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Checks a request, runs it, and adds the security headers to the answer.
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let refused = check(&state, &req);
    let mut resp = match refused {
        Err(e) if is_api => e.into_response(),
        Err(e) => super::pages::error_page(e),
        Ok(()) => next.run(req).await,
    };
    add_headers(resp.headers_mut());
    resp
}

fn check(state: &AppState, req: &Request) -> Result<(), ServeError> {
    let qs = req.uri().query().map_or(0, str::len);
    if qs > MAX_QUERY_STRING {
        return Err(ServeError::bad_request(format!(
            "the query string is {qs} bytes long; the most is {MAX_QUERY_STRING}: shorten the query"
        )));
    }
    if state.loopback
        && let Some(host) = req.headers().get(header::HOST)
        && !is_local_host(host.as_bytes())
    {
        return Err(ServeError::bad_request(
            "this server answers only requests for localhost (Host header); open it as http://127.0.0.1:PORT/ or http://localhost:PORT/",
        ));
    }
    Ok(())
}

/// Whether a Host header names this machine: `localhost`, a 127.x address or `[::1]`, any port.
pub fn is_local_host(host: &[u8]) -> bool {
    let Ok(host) = std::str::from_utf8(host) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inner, tail)) if tail.is_empty() || is_port(tail) => return inner == "::1",
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(&format!(":{port}")) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn add_headers(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(h, header::CACHE_CONTROL, "no-store");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts() {
        let cases = [
            ("localhost", true),
            ("localhost:7700", true),
            ("LOCALHOST.:7700", true),
            ("127.0.0.1:7700", true),
            ("127.1.2.3", true),
            ("[::1]:7700", true),
            ("[::1]", true),
            ("app.localhost:80", true),
            ("evil.example:7700", false),
            ("localhost.evil.example", false),
            ("10.0.0.1:7700", false),
            ("[::2]:7700", false),
            ("127.0.0.1:77a", false),
            ("", false),
        ];
        for (host, want) in cases {
            assert_eq!(is_local_host(host.as_bytes()), want, "{host}");
        }
    }
}
