//! A hostile corpus, generated here: empty and binary files, a 200 MB file, a 10 MB line, unreadable
//! files, a symlink loop, a non-UTF-8 name, a folder named like an article, impossible dates, empty
//! fields, thousands of `ALSO READ` lines. Every bad file is reported once with its reason, every good
//! one is indexed, the counts add up, memory stays bounded and nothing under the corpus is written.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use assert_cmd::Command;
use serde_json::Value;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Path, size and modification time of everything under `root`, to prove nothing changed.
fn snapshot(root: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let md = fs::symlink_metadata(e.path()).unwrap();
            (e.path().to_path_buf(), md.len(), md.modified().ok())
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_hostile_corpus_is_indexed_without_losing_the_good_files() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    let ix = dir.path().join("index");
    let header = "07 January,2009 09:47 AM IST | Mumbai | IANS\n";
    // Good files.
    write(
        &c,
        "good/1.txt",
        format!("{header}Zinc output rose.\n").as_bytes(),
    );
    write(
        &c,
        "good/2.txt",
        format!("{header}Copper output fell.\n").as_bytes(),
    );
    write(
        &c,
        "dates/feb31.txt",
        b"31 February,2009 09:47 AM IST | Delhi | PTI\nImpossible day.\n",
    );
    write(
        &c,
        "dates/hour25.txt",
        b"07 January,2009 25:47 IST | Delhi | PTI\nImpossible hour.\n",
    );
    write(
        &c,
        "dates/empty-fields.txt",
        b" |  | \nAll header fields empty.\n",
    );
    let mut also = String::from(header);
    also.push_str("The first paragraph of a long article.\n");
    for i in 0..3000 {
        also.push_str(&format!("ALSO READ\nMarkets Rally as Traders Return {i}\n"));
    }
    also.push_str("The last paragraph.\n");
    write(&c, "noise/also.txt", also.as_bytes());
    let mut long = String::from(header);
    while long.len() < 10 << 20 {
        long.push_str("The council met again and the minister said talks would go on. ");
    }
    write(&c, "big/one-line.txt", long.as_bytes());
    let unreadable = c.join("locked/secret.txt");
    write(
        &c,
        "locked/secret.txt",
        format!("{header}Locked away.\n").as_bytes(),
    );
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).unwrap();
    // Bad files.
    write(&c, "bad/empty.txt", b"");
    write(&c, "bad/blank.txt", b"  \n\n  \n");
    write(&c, "bad/binary.txt", b"07 January\x00\x01\x02");
    let huge = fs::File::create(c.join("bad/huge.txt")).unwrap();
    huge.set_len(200 << 20).unwrap(); // sparse: 200 MB without using the disk
    drop(huge);
    fs::create_dir_all(c.join("folder.txt")).unwrap();
    std::os::unix::fs::symlink(c.join("bad"), c.join("bad/loop")).unwrap();
    let bad_name = c.join(std::ffi::OsStr::from_bytes(b"bad/caf\xe9.txt"));
    fs::write(&bad_name, format!("{header}Named in Latin-1.\n")).unwrap();
    let before = snapshot(&c);

    let mut cmd = Command::new("/usr/bin/time");
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        cmd.args(["-f", "peak-rss-kb %M"])
            .arg(assert_cmd::cargo::cargo_bin("newsdex"));
        cmd
    } else {
        Command::cargo_bin("newsdex").unwrap()
    };
    let out = cmd
        .arg("--index")
        .arg(&ix)
        .args(["index", "--follow", "--json"])
        .arg(&c)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let root_user = fs::read(&unreadable).is_ok(); // root reads anything
    let expect_bad = [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("huge.txt", "larger than"),
        ("loop", "symlink loop"),
        ("caf", "not valid UTF-8"),
    ];
    for (name, reason) in expect_bad {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "{name} reported once: {err}");
        assert!(lines[0].contains(reason), "{name}: {}", lines[0]);
    }
    let mut bad = expect_bad.len() as u64;
    if !root_user {
        assert!(err.contains("secret.txt: permission denied"), "{err}");
        bad += 1;
    }
    assert_eq!(summary["skipped"], bad, "{summary}");
    let good = 8 - u64::from(!root_user);
    assert_eq!(summary["added"], good, "{summary}");
    assert_eq!(
        summary["seen"].as_u64().unwrap(),
        good + 4 + u64::from(!root_user),
        "{summary}"
    );
    if timed {
        let kb: u64 = err
            .lines()
            .find_map(|l| l.strip_prefix("peak-rss-kb "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap();
        eprintln!("hostile corpus: peak RSS {} MB", kb / 1024);
        assert!(kb < 1 << 20, "peak RSS {kb} KB");
    }
    // What was indexed reads back sensibly.
    let show = |rel: &str| -> Value {
        let o = Command::cargo_bin("newsdex")
            .unwrap()
            .arg("--index")
            .arg(&ix)
            .args(["show", "--json", rel])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let feb = show("dates/feb31.txt");
    assert_eq!(feb["day"], Value::Null);
    assert_eq!(feb["source"], "PTI");
    let h25 = show("dates/hour25.txt");
    assert_eq!(h25["date"], Value::Null);
    assert_eq!(h25["day"], "2009-01-07");
    let a = show("noise/also.txt");
    assert_eq!(
        a["body"],
        "The first paragraph of a long article.\nThe last paragraph."
    );
    // The corpus is untouched.
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(before, snapshot(&c));
}
