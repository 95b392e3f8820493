//! The Elasticsearch/OpenSearch `_bulk` body (`export --format bulk`): an action line before each
//! article object, one JSON object per line, newline-terminated.
//!
//! A full export uses `create` actions (a first load; an article already there is reported as a
//! conflict instead of overwritten); `--changed-since` uses `index` for added and changed articles
//! (create or replace) and `delete` for removed ones.

use std::io::Write;

use serde::Serialize;

use crate::index::record::ArticleRecord;

/// The action of a bulk item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add the document; fails for that item when the id exists.
    Create,
    /// Add or replace the document.
    Index,
    /// Remove the document (no document line follows).
    Delete,
}

/// Where the action applies.
#[derive(Serialize)]
struct Meta<'a> {
    #[serde(rename = "_index")]
    index: &'a str,
    #[serde(rename = "_id")]
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Line<'a> {
    Create(Meta<'a>),
    Index(Meta<'a>),
    Delete(Meta<'a>),
}

/// Writes one action line for the document `id` of `index`.
pub fn action(out: &mut dyn Write, action: Action, index: &str, id: &str) -> std::io::Result<()> {
    let meta = Meta { index, id };
    let line = match action {
        Action::Create => Line::Create(meta),
        Action::Index => Line::Index(meta),
        Action::Delete => Line::Delete(meta),
    };
    super::json_line(out, &line)
}

/// Writes an article as an action line and its document line.
pub fn article(
    out: &mut dyn Write,
    act: Action,
    index: &str,
    a: &ArticleRecord,
) -> std::io::Result<()> {
    action(out, act, index, &a.id)?;
    super::json_line(out, a)
}

/// Checks a target index name against the rules Elasticsearch and OpenSearch share: lower case,
/// none of `\ / * ? " < > | , #`, space or `:`, not starting with `-`, `_` or `+`, not `.` or
/// `..`, at most 255 bytes. Returns the reason it is refused.
pub fn check_index_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("it is empty".into());
    }
    if name.len() > 255 {
        return Err("it is longer than 255 bytes".into());
    }
    if name == "." || name == ".." {
        return Err("it cannot be `.` or `..`".into());
    }
    if name.starts_with(['-', '_', '+']) {
        return Err("it cannot start with `-`, `_` or `+`".into());
    }
    if name.chars().any(|c| c.is_uppercase()) {
        return Err("it must be lower case".into());
    }
    if let Some(c) = name.chars().find(|c| {
        matches!(
            c,
            '\\' | '/' | '*' | '?' | '"' | '<' | '>' | '|' | ',' | '#' | ' ' | ':'
        ) || c.is_control()
    }) {
        return Err(format!("it contains {c:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_lines_are_one_json_object_each() {
        for (act, want) in [
            (
                Action::Create,
                "{\"create\":{\"_index\":\"news\",\"_id\":\"00ff\"}}\n",
            ),
            (
                Action::Index,
                "{\"index\":{\"_index\":\"news\",\"_id\":\"00ff\"}}\n",
            ),
            (
                Action::Delete,
                "{\"delete\":{\"_index\":\"news\",\"_id\":\"00ff\"}}\n",
            ),
        ] {
            let mut out = Vec::new();
            action(&mut out, act, "news", "00ff").unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
    }

    #[test]
    fn index_names_follow_the_engines_rules() {
        for ok in ["newsdex", "news-2009", "a.b_c+d", "wires"] {
            assert!(check_index_name(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(256);
        for bad in [
            "", ".", "..", "-x", "_x", "+x", "News", "a b", "a/b", "a,b", "a*", "a:b", &long,
        ] {
            assert!(check_index_name(bad).is_err(), "{bad}");
        }
    }
}
