//! `newsdex export`: every indexed article as NDJSON, in path order.

use std::io::Write;
use std::path::Path;

/// Runs `export`; `Ok(false)` when the index is empty.
pub fn run(index_dir: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    let ix = super::open_for_reading(index_dir)?;
    let n = crate::index::search::export(&ix, &mut |a| {
        crate::output::json_line(out, a)?;
        Ok(())
    })?;
    Ok(n > 0)
}
