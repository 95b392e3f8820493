//! `newsdex mapping --target ENGINE`: the index template (Elasticsearch, OpenSearch) or index
//! config (Quickwit) for the articles `export` prints.

use std::io::Write;

use crate::cli::{Engine, MappingArgs};
use crate::error::Error;
use crate::index::mapping::{check_quickwit_index_id, elasticsearch_template, quickwit_config};
use crate::output::bulk::check_index_name;

/// Runs `mapping`; always `Ok(true)`.
pub fn run(a: &MappingArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let name = &a.target_index;
    let refuse = |reason: String, engine: &str| Error::Argument {
        arg: "--target-index",
        value: name.clone(),
        reason: format!("{reason} ({engine} refuses it)"),
    };
    match a.target {
        Engine::Elasticsearch | Engine::Opensearch => {
            check_index_name(name).map_err(|r| refuse(r, "Elasticsearch and OpenSearch"))?;
            serde_json::to_writer_pretty(&mut *out, &elasticsearch_template(name))?;
            writeln!(out)?;
        }
        Engine::Quickwit => {
            check_quickwit_index_id(name).map_err(|r| refuse(r, "Quickwit"))?;
            out.write_all(quickwit_config(name).as_bytes())?;
        }
    }
    Ok(true)
}
