//! `newsdex show PATH`: one clean article with its metadata and the other copies of it.

use std::io::Write;
use std::path::Path;

use crate::cli::ShowArgs;
use crate::index::{collapse, search};
use crate::output::{self, Style};

/// Runs `show`; an unknown article is an error (exit 2).
pub fn run(index_dir: &Path, a: &ShowArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let ix = super::open_for_reading(index_dir)?;
    let article = search::show(&ix, &a.path)?;
    let copies = collapse::others(&ix, &article.cluster, &article.path)?;
    output::article(out, Style::for_stdout(a.json), &article, &copies)?;
    Ok(true)
}
