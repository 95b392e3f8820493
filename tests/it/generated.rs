//! The shell completions in `docs/completions/` and the manual pages in `docs/man/` are generated
//! from the clap definition and checked in; these tests fail when they are stale. Regenerate them
//! (and the `--help` snapshots) with `UPDATE_SNAPSHOTS=1 cargo test --test it -- generated::
//! help::`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const REGENERATE: &str = "UPDATE_SNAPSHOTS=1 cargo test --test it -- generated:: help::";

fn docs(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(sub)
}

fn newsdex(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("newsdex")
        .unwrap()
        .env_remove("NEWSDEX_INDEX")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "newsdex {args:?} failed");
    out.stdout
}

/// Compares the generated files with the folder's files (all of them: a stale extra file fails
/// too), or rewrites the folder when regenerating.
fn check_folder(dir: &Path, want: &BTreeMap<String, Vec<u8>>) {
    let regenerate = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    if regenerate {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut present: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    present.sort();
    for name in &present {
        if !want.contains_key(name) {
            if regenerate {
                std::fs::remove_file(dir.join(name)).unwrap();
            } else {
                panic!(
                    "{} is no longer generated; regenerate with `{REGENERATE}`",
                    dir.join(name).display()
                );
            }
        }
    }
    for (name, bytes) in want {
        let path = dir.join(name);
        if regenerate {
            std::fs::write(&path, bytes).unwrap();
        }
        let have = std::fs::read(&path).unwrap_or_default();
        assert!(
            have == *bytes,
            "{} is stale; regenerate with `{REGENERATE}`",
            path.display()
        );
    }
}

#[test]
fn completions_are_checked_in_and_current() {
    let want: BTreeMap<String, Vec<u8>> = [
        ("bash", "newsdex.bash"),
        ("zsh", "_newsdex"),
        ("fish", "newsdex.fish"),
        ("powershell", "_newsdex.ps1"),
    ]
    .into_iter()
    .map(|(shell, file)| {
        let script = newsdex(&["completions", shell]);
        let text = String::from_utf8(script.clone()).unwrap();
        for sub in ["export", "mapping", "changed-since", "target-index"] {
            assert!(text.contains(sub), "{shell} completes {sub}");
        }
        (file.to_string(), script)
    })
    .collect();
    check_folder(&docs("completions"), &want);
}

#[test]
fn man_pages_are_checked_in_and_current() {
    let pages: BTreeMap<String, Vec<u8>> = newsdex::commands::man::pages()
        .unwrap()
        .into_iter()
        .collect();
    assert!(pages.contains_key("newsdex.1"));
    assert!(pages.contains_key("newsdex-export.1"));
    assert!(pages.contains_key("newsdex-ner-train.1"));
    // The command prints the same pages.
    assert_eq!(newsdex(&["man"]), pages["newsdex.1"]);
    assert_eq!(newsdex(&["man", "export"]), pages["newsdex-export.1"]);
    assert_eq!(
        newsdex(&["man", "ner", "train"]),
        pages["newsdex-ner-train.1"]
    );
    let export = String::from_utf8(pages["newsdex-export.1"].clone()).unwrap();
    assert!(
        export.contains("changed\\-since"),
        "the export page documents --changed-since"
    );
    check_folder(&docs("man"), &pages);
}
