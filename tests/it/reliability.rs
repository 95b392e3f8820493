//! Reliability: concurrent readers and writers, hostile corpora, indexes of other versions.

use crate::common::bin;

use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

/// A temp folder with a one-article corpus, indexed; returns (folder, index path).
fn indexed_corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let ix = dir.path().join("index");
    write(
        &corpus,
        "a.txt",
        b"01 March,1987 10:00 AM IST | London | Reuters\nCopper prices rose.\n",
    );
    bin()
        .arg("--index")
        .arg(&ix)
        .arg("index")
        .arg(&corpus)
        .assert()
        .success();
    (dir, ix)
}

#[test]
fn a_second_writer_fails_at_once_and_readers_keep_working() {
    let (_dir, ix) = indexed_corpus();
    // Hold the writer lock as a running `newsdex index` would.
    let held = newsdex::index::store::open(&ix).unwrap();
    let _writer: tantivy::IndexWriter = held.index.writer(20_000_000).unwrap();
    let started = std::time::Instant::now();
    let a = bin().arg("--index").arg(&ix).arg("index").assert().code(2);
    assert!(started.elapsed().as_secs() < 5);
    let err = stderr(&a);
    assert!(err.contains("another `newsdex index` is writing"), "{err}");
    assert!(err.contains(".tantivy-writer.lock"), "{err}");
    // Readers see the last commit.
    bin()
        .arg("--index")
        .arg(&ix)
        .args(["search", "copper"])
        .assert()
        .success();
    bin()
        .arg("--index")
        .arg(&ix)
        .args(["list"])
        .assert()
        .success();
    // --rebuild does not delete an index another process is writing.
    let a = bin()
        .arg("--index")
        .arg(&ix)
        .args(["index", "--rebuild"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("another `newsdex index` is writing"));
}

#[test]
fn an_index_of_another_schema_version_says_rebuild() {
    let (_dir, ix) = indexed_corpus();
    fs::write(
        ix.join("newsdex.json"),
        r#"{"format":"newsdex","schema_version":0}"#,
    )
    .unwrap();
    let a = bin()
        .arg("--index")
        .arg(&ix)
        .args(["search", "copper"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--rebuild"), "{}", stderr(&a));
    bin()
        .arg("--index")
        .arg(&ix)
        .args(["index", "--rebuild"])
        .assert()
        .success();
    bin()
        .arg("--index")
        .arg(&ix)
        .args(["search", "copper"])
        .assert()
        .success();
}

#[test]
fn an_index_folder_inside_the_corpus_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "a.txt",
        b"01 March,1987 10:00 AM IST | London | Reuters\nCopper.\n",
    );
    let a = bin()
        .arg("--index")
        .arg(corpus.join("ix"))
        .arg("index")
        .arg(&corpus)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("never writes inside a corpus"),
        "{}",
        stderr(&a)
    );
    assert!(!corpus.join("ix").exists());
}

/// A run killed after writing a segment's delete file but before committing leaves that file
/// behind; the next run starts from the same commit, so it would pick the same file name. Made
/// deterministic here by building that state by hand: the index before a run that deleted
/// articles, plus the delete files that run wrote.
#[test]
fn files_left_by_an_interrupted_run_do_not_block_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, ix) = (dir.path().join("corpus"), dir.path().join("index"));
    let index = || {
        bin()
            .arg("--index")
            .arg(&ix)
            .args(["index", "--quiet"])
            .arg(&corpus)
            .assert()
    };
    for i in 0..20 {
        let text = format!("02 March,1987 10:00 AM IST | Paris | AFP\nZinc report {i}.\n");
        write(&corpus, &format!("b{i}.txt"), text.as_bytes());
    }
    index().success();
    // The state a kill leaves: the last commit's files, plus what the killed run wrote (tantivy
    // lists a file as managed before it creates it).
    let crashed = dir.path().join("crashed");
    fs::create_dir(&crashed).unwrap();
    for e in fs::read_dir(&ix).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), crashed.join(e.file_name())).unwrap();
    }
    let managed = |d: &Path| -> Vec<String> {
        serde_json::from_slice(&fs::read(d.join(".managed.json")).unwrap()).unwrap()
    };
    let mut listed = managed(&crashed);
    // Every other article goes: whatever segments the indexing threads made, some keep
    // articles and get a delete file.
    for i in (0..20).step_by(2) {
        fs::remove_file(corpus.join(format!("b{i}.txt"))).unwrap();
    }
    index().success();
    let dels: Vec<String> = managed(&ix)
        .into_iter()
        .filter(|f| f.ends_with(".del"))
        .collect();
    assert!(
        !dels.is_empty(),
        "the run should have written a delete file"
    );
    for f in &dels {
        fs::copy(ix.join(f), crashed.join(f)).unwrap();
    }
    listed.extend(dels);
    fs::write(
        crashed.join(".managed.json"),
        serde_json::to_vec(&listed).unwrap(),
    )
    .unwrap();
    fs::remove_dir_all(&ix).unwrap();
    fs::rename(&crashed, &ix).unwrap();
    let a = index().success();
    assert!(stderr(&a).is_empty(), "{}", stderr(&a));
    let out = bin()
        .arg("--index")
        .arg(&ix)
        .args(["search", "zinc", "--json", "--limit", "100"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 10);
}
