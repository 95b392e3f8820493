//! The integration tests, one module per area, in one test binary. Each of 23 binaries linked the
//! library and its dependencies on its own: one binary builds the README's test command about
//! 25 s of CPU quicker (matklad's "Delete Cargo Integration Tests" layout, as rust-analyzer and
//! cargo do). Run one area with `cargo test --release --test it -- AREA::`, e.g. `gold_dups::`.

mod common;
mod support;

mod analytics;
mod browser;
mod cli;
mod copies;
mod dump;
mod ecosystem;
mod generated;
mod gold;
mod gold_dups;
mod gold_html;
mod gold_index;
mod gold_web;
mod gold_wrapped;
mod help;
mod hostile;
mod names;
mod ner;
mod parse_fixtures;
mod reliability;
mod serve;
mod web;
