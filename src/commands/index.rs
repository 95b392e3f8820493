//! `newsdex index [CORPUS]`: build or update the index, then print a summary.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::IndexArgs;
use crate::index::build::{BuildOptions, Summary, build};
use crate::output::group;

#[derive(Serialize)]
struct SummaryJson<'a> {
    corpus: String,
    seen: u64,
    added: u64,
    updated: u64,
    unchanged: u64,
    removed: u64,
    regrouped: u64,
    skipped: u64,
    skipped_by_reason: &'a std::collections::BTreeMap<String, u64>,
    no_header: u64,
    not_articles: u64,
    not_articles_by_kind: &'a std::collections::BTreeMap<String, u64>,
    dated_by_fetch: u64,
    not_english: u64,
    other_files: u64,
    bytes_read: u64,
    seconds: f64,
    mb_per_s: f64,
    commit: Option<String>,
}

/// Runs `index`; always `Ok(true)` when the run completed.
pub fn run(index_dir: &Path, a: &IndexArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let mut opts = BuildOptions::new(index_dir.to_path_buf());
    opts.corpus = a.corpus.clone();
    opts.rebuild = a.rebuild;
    opts.extensions = a.ext.as_ref().map(|v| {
        v.iter()
            .map(|e| e.trim_start_matches('.').to_lowercase())
            .filter(|e| !e.is_empty())
            .collect()
    });
    opts.follow_links = a.follow.then_some(true);
    opts.entities = !a.no_entities;
    opts.commit_every = usize::try_from(a.commit_every).unwrap_or(usize::MAX);
    opts.progress = !a.quiet && std::io::stderr().is_terminal();
    let summary = build(&opts, &|line| eprintln!("{line}"))?;
    if a.json {
        let secs = summary.elapsed.as_secs_f64();
        crate::output::json_line(
            out,
            &SummaryJson {
                corpus: summary.corpus.display().to_string(),
                seen: summary.seen,
                added: summary.added,
                updated: summary.updated,
                unchanged: summary.unchanged,
                removed: summary.removed,
                regrouped: summary.regrouped,
                skipped: summary.skipped_total(),
                skipped_by_reason: &summary.skipped,
                no_header: summary.no_header,
                not_articles: summary.not_articles.values().sum(),
                not_articles_by_kind: &summary.not_articles,
                dated_by_fetch: summary.dated_by_fetch,
                not_english: summary.not_english,
                other_files: summary.other_files,
                bytes_read: summary.bytes_read,
                seconds: secs,
                mb_per_s: mb_per_s(&summary),
                commit: summary.commit.map(|m| m.to_string()),
            },
        )?;
    } else {
        writeln!(out, "{}", summary_line(&summary))?;
    }
    Ok(true)
}

fn mb_per_s(s: &Summary) -> f64 {
    let secs = s.elapsed.as_secs_f64();
    if secs > 0.0 {
        s.bytes_read as f64 / 1e6 / secs
    } else {
        0.0
    }
}

/// The human summary: "12,034 files: 12,031 indexed, … 3 skipped: 2 binary …; 4.1 s, 10.2 MB/s".
pub fn summary_line(s: &Summary) -> String {
    let mut parts = vec![
        format!("{} added", group(s.added)),
        format!("{} updated", group(s.updated)),
        format!("{} unchanged", group(s.unchanged)),
        format!("{} removed", group(s.removed)),
    ];
    let skipped = s.skipped_total();
    if skipped > 0 {
        let reasons: Vec<String> = s
            .skipped
            .iter()
            .map(|(r, n)| format!("{} {r}", group(*n)))
            .collect();
        parts.push(format!(
            "{} skipped ({})",
            group(skipped),
            reasons.join(", ")
        ));
    } else {
        parts.push("0 skipped".into());
    }
    let mut line = format!(
        "{}: {} article files, {}",
        s.corpus.display(),
        group(s.seen),
        parts.join(", ")
    );
    if s.no_header > 0 {
        line.push_str(&format!(
            "; {} indexed without a header (no date)",
            group(s.no_header)
        ));
    }
    if s.dated_by_fetch > 0 {
        line.push_str(&format!(
            "; {} web pages dated by when they were fetched (WARC-Date: no date in the page)",
            group(s.dated_by_fetch)
        ));
    }
    if s.not_english > 0 {
        line.push_str(&format!(
            "; {} not in English, so without people, places and organisations (the tagger reads English)",
            group(s.not_english)
        ));
    }
    if !s.not_articles.is_empty() {
        let kinds: Vec<String> = s
            .not_articles
            .iter()
            .map(|(k, n)| format!("{} {k}", group(*n)))
            .collect();
        line.push_str(&format!(
            "; {} WARC records not articles ({})",
            group(s.not_articles.values().sum()),
            kinds.join(", ")
        ));
    }
    if s.other_files > 0 {
        line.push_str(&format!("; {} other files ignored", group(s.other_files)));
    }
    if s.regrouped > 0 {
        line.push_str(&format!(
            "; {} unchanged articles regrouped with their copies",
            group(s.regrouped)
        ));
    }
    line.push_str(&format!(
        "; {:.1} s, {:.1} MB read, {:.1} MB/s",
        s.elapsed.as_secs_f64(),
        s.bytes_read as f64 / 1e6,
        mb_per_s(s)
    ));
    if let Some(m) = s.commit {
        line.push_str(&format!("; commit {m}"));
    }
    line
}
