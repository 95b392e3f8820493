//! What every request shares: the open index (following commits), the bound on concurrent index
//! work and its deadline, and the error type handlers answer with (`{"error": "..."}` and a status).

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout_at};

use super::Config;
use super::cache::{CountsCache, ResponseCache};
use crate::error::Error;
use crate::index::store::NewsIndex;

/// Shared by all handlers (in an `Arc`).
pub struct AppState {
    /// The index; its reader follows commits.
    pub index: Arc<NewsIndex>,
    /// Permits for index work: at most this many requests search at once, the others wait.
    permits: Arc<Semaphore>,
    /// How long a request may wait for a permit and work.
    timeout: Duration,
    /// Whether the server listens on a loopback address (then only local Host names are served).
    pub loopback: bool,
    /// Facets and timelines already counted at the commit being served.
    pub counts: Arc<CountsCache>,
    /// Whole `/api/search` answers already given at the commit being served.
    pub responses: Arc<ResponseCache>,
}

impl AppState {
    /// The state for an opened index.
    pub fn new(index: NewsIndex, config: &Config, loopback: bool) -> AppState {
        AppState {
            index: Arc::new(index),
            permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
            timeout: config.timeout,
            loopback,
            counts: Arc::new(CountsCache::default()),
            responses: Arc::new(ResponseCache::default()),
        }
    }

    /// Runs `f` on the blocking pool once a permit is free, and gives up with 503 when waiting
    /// and working take longer than the deadline (the work itself finishes in the background and
    /// holds its permit until then, so abandoned work still counts against the bound).
    pub async fn work<T, F>(&self, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&NewsIndex) -> Result<T, ServeError> + Send + 'static,
    {
        let deadline = Instant::now() + self.timeout;
        let too_slow = || {
            ServeError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than {} ms (the server's --timeout-ms); narrow the query or try again",
                    self.timeout.as_millis()
                ),
            )
        };
        let permit = match timeout_at(deadline, self.permits.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            Ok(Err(_)) => return Err(ServeError::internal("the server is stopping")),
            Err(_) => return Err(too_slow()),
        };
        if Instant::now() >= deadline {
            // The wait used up the time: do not start work nobody will wait for.
            return Err(too_slow());
        }
        let ix = self.index.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&ix)
        });
        match timeout_at(deadline, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(ServeError::internal(
                "internal error while answering; please report the URL",
            )),
            Err(_) => Err(too_slow()),
        }
    }
}

/// An error answer: a status and a message saying what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeError {
    /// 400, 404, 503 or 500.
    pub status: StatusCode,
    /// The message.
    pub message: String,
}

impl ServeError {
    /// An error with this status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ServeError {
        ServeError {
            status,
            message: message.into(),
        }
    }

    /// 400: a malformed parameter or query.
    pub fn bad_request(message: impl Into<String>) -> ServeError {
        ServeError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404: no such article or route.
    pub fn not_found(message: impl Into<String>) -> ServeError {
        ServeError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500: a failure that is not the request's fault.
    pub fn internal(message: impl Into<String>) -> ServeError {
        ServeError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<anyhow::Error> for ServeError {
    /// The user-facing errors of the query side are the request's fault (400 or 404); anything
    /// else is the server's (500), reported with its cause.
    fn from(err: anyhow::Error) -> ServeError {
        match err.downcast_ref::<Error>() {
            Some(e @ (Error::Query { .. } | Error::Argument { .. })) => {
                ServeError::bad_request(api_wording(e))
            }
            Some(e @ Error::ArticleNotFound { .. }) => ServeError::not_found(e.to_string()),
            _ => ServeError::internal(format!("{err:#}")),
        }
    }
}

impl From<Error> for ServeError {
    fn from(err: Error) -> ServeError {
        ServeError::from(anyhow::Error::from(err))
    }
}

/// An error's message as the web sees it: arguments are parameters (`from`, not `--from`).
fn api_wording(e: &Error) -> String {
    match e {
        Error::Argument { arg, value, reason } => Error::Argument {
            arg: arg.trim_start_matches("--"),
            value: value.clone(),
            reason: reason.replace(" --", " "),
        }
        .to_string(),
        other => other.to_string(),
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        super::api::json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_statuses() {
        let cases: [(anyhow::Error, StatusCode, &str); 4] = [
            (
                Error::Query {
                    query: "(a".into(),
                    reason: "a parenthesis is not closed".into(),
                }
                .into(),
                StatusCode::BAD_REQUEST,
                "parenthesis",
            ),
            (
                Error::Argument {
                    arg: "--from",
                    value: "2009-02".into(),
                    reason: "it is after --to 2009-01-31; swap them".into(),
                }
                .into(),
                StatusCode::BAD_REQUEST,
                "invalid from \"2009-02\": it is after to 2009-01-31; swap them",
            ),
            (
                Error::ArticleNotFound {
                    what: "x".into(),
                    index: "ix".into(),
                }
                .into(),
                StatusCode::NOT_FOUND,
                "no article",
            ),
            (
                anyhow::anyhow!("disk on fire"),
                StatusCode::INTERNAL_SERVER_ERROR,
                "disk on fire",
            ),
        ];
        for (err, status, needle) in cases {
            let e = ServeError::from(err);
            assert_eq!(e.status, status);
            assert!(e.message.contains(needle), "{}", e.message);
        }
    }
}
