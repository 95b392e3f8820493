//! `newsdex export`: articles as NDJSON, an Elasticsearch/OpenSearch bulk body or CSV, in path
//! order; all, those a query and filters select, or what changed since a commit marker.

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::Error;
use crate::index::changes::Marker;
use crate::index::export::{Change, ExportRequest, export};
use crate::output::bulk::{self, Action};
use crate::output::csv_writer::{Columns, CsvWriter, io_error};
use crate::output::json_line;

/// Runs `export`; `Ok(false)` when nothing was printed.
pub fn run(index_dir: &Path, a: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let filters = super::resolve_filters(&a.filters)?;
    if let Some(q) = &a.query {
        crate::query::normalise_query(q)?;
    }
    let since = a
        .changed_since
        .as_deref()
        .map(|m| Marker::parse("--changed-since", m))
        .transpose()?;
    if a.format == ExportFormat::Bulk {
        bulk::check_index_name(&a.target_index).map_err(|reason| Error::Argument {
            arg: "--target-index",
            value: a.target_index.clone(),
            reason: format!("{reason} (Elasticsearch and OpenSearch refuse it)"),
        })?;
    }
    let ix = super::open_for_reading(index_dir)?;
    let req = ExportRequest {
        query: a.query.clone(),
        filters,
        since,
    };
    let mut sink = Sink::new(a, out)?;
    let done = export(&ix, &req, &mut |c| Ok(sink.write(c)?))?;
    sink.finish()?;
    if let (Some(since), Some(now)) = (since, done.marker) {
        eprintln!(
            "newsdex: {} articles added or changed and {} removed after commit {since}, up to commit {now}; next time pass --changed-since {now}",
            crate::output::group(done.articles),
            crate::output::group(done.removed),
        );
    }
    Ok(done.articles + done.removed > 0)
}

/// Where the export goes, in the format asked for.
enum Sink<'a> {
    Ndjson(&'a mut dyn Write),
    Bulk {
        out: &'a mut dyn Write,
        index: String,
        action: Action,
    },
    Csv(Box<CsvWriter<'a>>),
}

impl<'a> Sink<'a> {
    fn new(a: &ExportArgs, out: &'a mut dyn Write) -> std::io::Result<Sink<'a>> {
        let changes = a.changed_since.is_some();
        Ok(match a.format {
            ExportFormat::Ndjson => Sink::Ndjson(out),
            ExportFormat::Bulk => Sink::Bulk {
                out,
                index: a.target_index.clone(),
                // A first load creates; a sync may find the article there already.
                action: if changes {
                    Action::Index
                } else {
                    Action::Create
                },
            },
            ExportFormat::Csv => {
                let cols = Columns {
                    body: true,
                    hit: false,
                    deleted: changes,
                };
                Sink::Csv(Box::new(CsvWriter::new(out, cols).map_err(io_error)?))
            }
        })
    }

    fn write(&mut self, c: Change) -> std::io::Result<()> {
        match (self, c) {
            (Sink::Ndjson(out), Change::Article(a)) => json_line(*out, a),
            (Sink::Ndjson(out), Change::Removed(id)) => {
                json_line(*out, &serde_json::json!({ "id": id, "deleted": true }))
            }
            (Sink::Bulk { out, index, action }, Change::Article(a)) => {
                bulk::article(*out, *action, index, a)
            }
            (Sink::Bulk { out, index, .. }, Change::Removed(id)) => {
                bulk::action(*out, Action::Delete, index, id)
            }
            (Sink::Csv(w), Change::Article(a)) => w.article(a).map_err(io_error),
            (Sink::Csv(w), Change::Removed(id)) => w.removed(id).map_err(io_error),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Csv(mut w) => w.flush(),
            Sink::Ndjson(_) | Sink::Bulk { .. } => Ok(()),
        }
    }
}
