//! `newsdex man [COMMAND]`: the manual pages, from the clap definition: newsdex(1) and one
//! newsdex-COMMAND(1) per subcommand (newsdex-ner-train(1) for `ner train`), as git has them.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::Error;

/// Runs `man`; an unknown subcommand is an error naming the pages there are.
pub fn run(a: &ManArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let words: Vec<&str> = a
        .command
        .iter()
        .flat_map(|c| c.split(|ch: char| ch.is_whitespace() || ch == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let want = std::iter::once("newsdex")
        .chain(words.iter().copied())
        .collect::<Vec<_>>()
        .join("-");
    let pages = pages()?;
    match pages.iter().find(|(name, _)| *name == format!("{want}.1")) {
        Some((_, page)) => out.write_all(page)?,
        None => {
            let names: Vec<&str> = pages
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("newsdex-")?.strip_suffix(".1"))
                .collect();
            return Err(Error::Argument {
                arg: "COMMAND",
                value: a.command.join(" "),
                reason: format!("no such page; pages: {}", names.join(", ")),
            }
            .into());
        }
    }
    Ok(true)
}

/// Every manual page: (file name, roff), the main page first, then the subcommands' in order.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(cmd, &mut out)?;
    Ok(out)
}

fn collect(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(concat!("newsdex ", env!("CARGO_PKG_VERSION")))
        .manual("newsdex manual");
    let mut page = Vec::new();
    man.render(&mut page)?;
    out.push((man.get_filename(), page));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), out)?;
    }
    Ok(())
}
