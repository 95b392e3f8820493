//! `newsdex serve`: the web front-end beside [`crate::commands`]. A search page, article pages and
//! a JSON API over one index, served from this process with everything (templates, CSS, JS, icon)
//! compiled in. Handlers parse parameters and call the same query functions the subcommands call,
//! and the API prints the same article and hit objects, so a query means the same thing and
//! returns the same JSON everywhere.
//!
//! The server is read-only and follows the index's commits (a running `newsdex index` shows within
//! about a second). Every request passes [`guard`] (size limits, Host check, security headers);
//! index work runs on tokio's blocking pool behind a semaphore and a deadline ([`state`]).

pub mod api;
pub mod assets;
pub mod cache;
pub mod guard;
pub mod pages;
pub mod params;
pub mod raw;
pub mod state;
pub mod work;

use std::net::{SocketAddr, TcpListener as StdListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;

use crate::error::Error;
use crate::index::store;
use state::AppState;

/// How long in-flight requests may finish after Ctrl-C or SIGTERM before the process stops anyway.
const GRACE: Duration = Duration::from_millis(1500);

/// What `serve` was asked to do, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The index folder.
    pub index: PathBuf,
    /// `HOST:PORT` to listen on, as the user wrote it.
    pub addr: String,
    /// Longest a request may wait for and do index work.
    pub timeout: Duration,
    /// Requests doing index work at once.
    pub max_concurrent: usize,
}

/// The routes: pages, their JSON twins under `/api/`, the raw file view and the embedded assets.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::search))
        .route("/article/{id}", get(pages::article))
        .route("/raw/{id}", get(raw::raw))
        .route("/api/search", get(api::search))
        .route("/api/list", get(api::list))
        .route("/api/article/{id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .route("/api/timeline", get(api::timeline))
        .route("/api/related", get(api::related))
        .route("/api/status", get(api::status))
        .route("/assets/{name}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// Opens the index, listens, announces the URL on stderr and serves until Ctrl-C or SIGTERM.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let mut ix = store::open(&config.index)?;
    ix.follow_commits()?;
    let addr = resolve(&config.addr)?;
    let listener = StdListener::bind(addr).map_err(|e| Error::Listen {
        addr: config.addr.clone(),
        reason: e.to_string(),
    })?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let state = Arc::new(AppState::new(ix, config, local.ip().is_loopback()));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsdex-serve")
        .build()?;
    eprintln!(
        "newsdex: serving {} at http://{} (Ctrl-C to stop)",
        config.index.display(),
        url_host(local)
    );
    if !local.ip().is_loopback() {
        eprintln!(
            "newsdex: {} is not a loopback address: anyone who can reach this machine can read every article in the index",
            local.ip()
        );
    }
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
            stop_signal().await;
            let _ = stopping_tx.send(());
        });
        // Graceful shutdown waits for open requests; a slow one must not keep the process alive.
        let deadline = async move {
            if stopping_rx.await.is_ok() {
                tokio::time::sleep(GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            r = server => r,
            () = deadline => Ok(()),
        }
    });
    // Queries still running on the blocking pool are abandoned, not waited for.
    rt.shutdown_timeout(Duration::from_millis(200));
    served?;
    eprintln!("newsdex: stopped");
    Ok(())
}

/// The first address `HOST:PORT` resolves to (`localhost` included), or an error naming `--addr`.
fn resolve(addr: &str) -> Result<SocketAddr, Error> {
    let bad = |reason: String| Error::Argument {
        arg: "--addr",
        value: addr.to_string(),
        reason,
    };
    let mut all = addr
        .to_socket_addrs()
        .map_err(|e| bad(format!("{e}; write HOST:PORT, e.g. 127.0.0.1:7700")))?;
    all.next()
        .ok_or_else(|| bad("it names no address; write HOST:PORT, e.g. 127.0.0.1:7700".into()))
}

/// `HOST:PORT` as it goes in a URL (IPv6 in brackets; the unspecified address as localhost).
fn url_host(a: SocketAddr) -> String {
    if a.ip().is_unspecified() {
        return format!("localhost:{}", a.port());
    }
    a.to_string()
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            resolve("127.0.0.1:7700").unwrap(),
            "127.0.0.1:7700".parse().unwrap()
        );
        assert!(resolve("localhost:7700").unwrap().ip().is_loopback());
        for bad in ["7700", "127.0.0.1", "127.0.0.1:99999", ""] {
            let err = resolve(bad).unwrap_err().to_string();
            assert!(err.contains("--addr"), "{bad}: {err}");
        }
        assert_eq!(
            url_host("0.0.0.0:80".parse().unwrap()),
            "localhost:80".to_string()
        );
        assert_eq!(
            url_host("[::1]:80".parse().unwrap()),
            "[::1]:80".to_string()
        );
    }
}
