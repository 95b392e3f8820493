//! `/raw/{id}`: an article's file as it is on disk (decoded to UTF-8), as plain text in a sandbox.
//! The file is found from the index (the article's stored path under the corpus folder the index
//! remembers), never from the URL: the path must stay inside the corpus folder (no `..`, no
//! absolute path, no symbolic link leading out unless the index was built with `--follow`), and
//! records inside web archives (`crawl.warc.gz#1234`) have no raw view.

use std::path::{Component, Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::api::{article_id, fetch_article};
use super::params::Params;
use super::state::{AppState, ServeError};

/// Largest file shown.
const MAX_RAW_BYTES: u64 = 32 << 20;

/// `/raw/{id}`.
pub async fn raw(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    match answer(&state, id, q).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "sandbox; default-src 'none'",
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => super::pages::error_page(e),
    }
}

async fn answer(
    state: &AppState,
    id: Result<Path<String>, PathRejection>,
    q: Option<String>,
) -> Result<String, ServeError> {
    Params::parse(q.as_deref())?.only(&[])?;
    let a = fetch_article(state, article_id(id)?).await?;
    let corpus = state.index.payload.corpus.clone();
    let follow = state.index.payload.follow_links;
    state
        .work(move |_| {
            let corpus = corpus.ok_or_else(|| {
                ServeError::not_found(
                    "the index does not record its corpus folder, so its files cannot be shown",
                )
            })?;
            let file = file_in_corpus(&corpus, &a.path, follow)?;
            read_text(&file, &a.path)
        })
        .await
}

/// The file of a stored article path under `corpus`, refused when it would lead outside it.
pub fn file_in_corpus(corpus: &FsPath, rel: &str, follow: bool) -> Result<PathBuf, ServeError> {
    let refuse = |why: &str| ServeError::not_found(format!("no raw view of {rel:?}: {why}"));
    if rel.contains('#') {
        return Err(refuse("it is a record inside a web archive file"));
    }
    let rel_path = FsPath::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(refuse(
            "the path is not a plain path inside the corpus folder",
        ));
    }
    let gone = |_| refuse("the file is no longer in the corpus folder");
    let root = corpus.canonicalize().map_err(gone)?;
    let file = root.join(rel_path).canonicalize().map_err(gone)?;
    if !follow && !file.starts_with(&root) {
        return Err(refuse("it leads outside the corpus folder"));
    }
    Ok(file)
}

fn read_text(file: &FsPath, rel: &str) -> Result<String, ServeError> {
    let unreadable = |why: String| ServeError::not_found(format!("cannot show {rel:?}: {why}"));
    let meta = std::fs::metadata(file).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable("it is not a file".into()));
    }
    if meta.len() > MAX_RAW_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes, more than the {MAX_RAW_BYTES} shown",
            meta.len()
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| unreadable(e.to_string()))?;
    let decoded = crate::decode::decode(&bytes).map_err(|e| unreadable(e.to_string()))?;
    Ok(decoded.text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("2009")).unwrap();
        std::fs::write(corpus.join("2009/a.txt"), "A").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "S").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), corpus.join("link.txt")).unwrap();
        let cases = [
            ("2009/a.txt", true),
            ("../secret.txt", false),
            ("2009/../../secret.txt", false),
            ("/etc/passwd", false),
            ("", false),
            ("crawl.warc.gz#12", false),
            ("missing.txt", false),
            #[cfg(unix)]
            ("link.txt", false),
        ];
        for (rel, ok) in cases {
            assert_eq!(file_in_corpus(&corpus, rel, false).is_ok(), ok, "{rel}");
        }
        #[cfg(unix)]
        assert!(file_in_corpus(&corpus, "link.txt", true).is_ok());
        let f = file_in_corpus(&corpus, "2009/a.txt", false).unwrap();
        assert_eq!(read_text(&f, "2009/a.txt").unwrap(), "A");
    }
}
