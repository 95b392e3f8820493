//! Pins `newsdex --help` and `newsdex search --help` with snapshots; set `UPDATE_SNAPSHOTS=1` to
//! rewrite them after a deliberate change.

use std::path::Path;

use assert_cmd::Command;

fn check(args: &[&str], snapshot: &str) {
    let out = Command::cargo_bin("newsdex")
        .unwrap()
        .env_remove("NEWSDEX_INDEX")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(snapshot);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got,
        want,
        "{} changed; rerun with UPDATE_SNAPSHOTS=1 if intended",
        path.display()
    );
}

#[test]
fn top_level_help() {
    check(&["--help"], "help.txt");
}

#[test]
fn search_help() {
    check(&["search", "--help"], "search-help.txt");
}

#[test]
fn timeline_help() {
    check(&["timeline", "--help"], "timeline-help.txt");
}

#[test]
fn related_help() {
    check(&["related", "--help"], "related-help.txt");
}
