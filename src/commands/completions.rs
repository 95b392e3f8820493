//! `newsdex completions SHELL`: the shell completion script, from the clap definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// Runs `completions`; always `Ok(true)`.
pub fn run(a: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    clap_complete::generate(a.shell, &mut Cli::command(), "newsdex", out);
    Ok(true)
}
