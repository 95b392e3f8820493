//! `newsdex serve`: the glue between the command line and the web server in [`crate::serve`].

use std::path::Path;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::serve::Config;

/// Runs `serve` until Ctrl-C or SIGTERM; a clean stop is `Ok(true)` (exit 0).
pub fn run(index_dir: &Path, a: &ServeArgs) -> anyhow::Result<bool> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = Config {
        index: index_dir.to_path_buf(),
        addr: a.addr.clone(),
        timeout: Duration::from_millis(a.timeout_ms),
        max_concurrent: a.max_concurrent.map_or(2 * cores, |n| n as usize),
    };
    crate::serve::run(&config)?;
    Ok(true)
}
