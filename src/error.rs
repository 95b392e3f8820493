//! Errors a user can act on: each message names the file, folder or argument and says what to do.

use std::path::PathBuf;

/// The errors newsdex reports to users (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder cannot be used.
    #[error("corpus folder {}: {reason}; pass a folder of article files", .path.display())]
    Corpus { path: PathBuf, reason: String },
    /// No index exists where one was expected.
    #[error("no index at {}: run `newsdex index CORPUS_FOLDER` first (or pass --index DIR)", .path.display())]
    NoIndex { path: PathBuf },
    /// The folder exists but is not a newsdex index.
    #[error(
        "{} is not a newsdex index ({reason}); pass --index with another folder, or remove it yourself: newsdex never deletes a folder it did not create",
        .path.display()
    )]
    NotAnIndex { path: PathBuf, reason: String },
    /// The index was written by an incompatible version.
    #[error(
        "the index at {} was written with schema version {found}, this newsdex reads version {expected}: run `newsdex index --rebuild`",
        .path.display()
    )]
    IncompatibleIndex {
        path: PathBuf,
        found: String,
        expected: u32,
    },
    /// Another process holds the index writer lock.
    #[error(
        "another `newsdex index` is writing to {} (it holds the lock file {}); wait for it to finish",
        .path.display(), .path.join(".tantivy-writer.lock").display()
    )]
    Locked { path: PathBuf },
    /// A command-line argument is malformed.
    #[error("invalid {arg} {value:?}: {reason}")]
    Argument {
        arg: &'static str,
        value: String,
        reason: String,
    },
    /// A query could not be parsed.
    #[error("invalid query {query:?}: {reason}")]
    Query { query: String, reason: String },
    /// `serve` cannot listen on its address.
    #[error(
        "cannot listen on {addr}: {reason}; pass --addr HOST:PORT with another address or port (e.g. --addr 127.0.0.1:7701)"
    )]
    Listen { addr: String, reason: String },
    /// `show` named an article the index does not have.
    #[error("no article {what:?} in the index at {}: give its path relative to the corpus folder (see `newsdex list`)", .index.display())]
    ArticleNotFound { what: String, index: PathBuf },
}
