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

/// A gzip member of `data` (no timestamp, so the bytes are stable).
fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A WARC response record for `uri` holding `html`; `length` overrides the true block length.
fn warc_response(uri: &str, html: &[u8], length: Option<usize>) -> Vec<u8> {
    let mut block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    block.extend_from_slice(html);
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        length.unwrap_or(block.len())
    )
    .into_bytes();
    r.extend_from_slice(&block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// Web pages and WARC files at their worst: truncated gzip (a page, a WARC's last member), WARC
/// records whose Content-Length lies (too long, too short), a page with no text, a 50 MB page and
/// a small file that inflates to 50 MB, tables nested 10,000 deep, unknown charset names, a binary
/// file named `.html`. Each bad one is reported and counted, the good ones are indexed, the run
/// finishes in bounded time and memory.
#[test]
fn hostile_web_pages_and_warc_files_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    let ix = dir.path().join("index");
    let para = "The harbour council met on Tuesday evening and agreed, after a long debate, \
                to repair the old sea wall before the winter storms arrive.";
    let good = |title: &str| {
        format!(
            "<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
             <article><h1>{title}</h1><p>{para}</p><p>{para} It was the third meeting.</p>\
             </article></body></html>"
        )
    };
    write(&c, "good.html", good("A good page").as_bytes());
    // Truncated gzip.
    let gz = gzip(good("Cut short").as_bytes());
    write(&c, "truncated.html.gz", &gz[..gz.len() / 2]);
    // A WARC: good record, Content-Length too long, too short, good record, truncated member.
    let warc = [
        gzip(&warc_response(
            "https://a.example/1",
            good("First record").as_bytes(),
            None,
        )),
        gzip(&warc_response(
            "https://a.example/2",
            good("Too long").as_bytes(),
            Some(99_999),
        )),
        gzip(&warc_response(
            "https://a.example/3",
            good("Too short").as_bytes(),
            Some(40),
        )),
        gzip(&warc_response(
            "https://a.example/4",
            good("Fourth record").as_bytes(),
            None,
        )),
        gzip(&warc_response(
            "https://a.example/5",
            good("Lost at the end").as_bytes(),
            None,
        ))[..60]
            .to_vec(),
    ]
    .concat();
    write(&c, "crawl.warc.gz", &warc);
    // The same lies in an uncompressed WARC: the reader finds the next record.
    let plain = [
        warc_response(
            "https://b.example/1",
            good("Plain long").as_bytes(),
            Some(99_999),
        ),
        warc_response("https://b.example/2", good("Plain good").as_bytes(), None),
    ]
    .concat();
    write(&c, "plain.warc", &plain);
    // No text.
    write(
        &c,
        "empty-body.html",
        b"<html><head><title>Nothing</title></head><body></body></html>",
    );
    write(
        &c,
        "no-body.htm",
        b"<html><head><title>Head only</title></head></html>",
    );
    // 50 MB of page, and 50 MB in a small gzip file.
    let mut huge = good("Huge").into_bytes();
    huge.resize(50 << 20, b' ');
    write(&c, "huge.html", &huge);
    write(&c, "bomb.html.gz", &gzip(&huge));
    // Tables nested 10,000 deep around real text.
    let deep = format!(
        "<html><body>{}<p>{para}</p><p>{para} Deep down.</p>{}</body></html>",
        "<table><tr><td>".repeat(10_000),
        "</td></tr></table>".repeat(10_000)
    );
    write(&c, "deep.html", deep.as_bytes());
    // Unknown charset names, declared in the page and in a WARC record's HTTP header.
    let latin = good("Caf\u{e9} charset").replace("sea wall", "Caf\u{e9} wall");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let mut bogus = b"<meta charset=\"no-such-charset\">".to_vec();
    bogus.extend_from_slice(&bytes);
    write(&c, "bogus-charset.html", &bogus);
    write(
        &c,
        "binary.html",
        b"\x00\x01\x02\x03<html>\x00\x00\x00\x00\x00\x00",
    );

    let start = std::time::Instant::now();
    let out = Command::cargo_bin("newsdex")
        .unwrap()
        .arg("--index")
        .arg(&ix)
        .args(["index", "--json"])
        .arg(&c)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expect = [
        ("truncated.html.gz", "truncated gzip data"),
        ("empty-body.html", "web page without article text"),
        ("no-body.htm", "web page without article text"),
        ("huge.html", "larger than 16 MB"),
        ("bomb.html.gz", "larger than 16 MB after decompression"),
        ("binary.html", "binary file, not a web page"),
    ];
    for (name, reason) in expect {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "{name} reported once: {err}");
        assert!(lines[0].contains(reason), "{name}: {}", lines[0]);
    }
    // The WARCs: each broken record reported with its locator, the good ones indexed.
    let warc_lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("crawl.warc.gz#"))
        .collect();
    assert_eq!(warc_lines.len(), 3, "{err}");
    assert!(
        warc_lines
            .iter()
            .any(|l| l.contains("shorter than its Content-Length")),
        "{err}"
    );
    assert!(
        warc_lines
            .iter()
            .any(|l| l.contains("longer than its Content-Length")),
        "{err}"
    );
    assert!(
        warc_lines.iter().any(|l| l.contains("truncated gzip data")),
        "{err}"
    );
    assert!(err.lines().any(|l| l.contains("plain.warc#0")), "{err}");
    assert_eq!(summary["skipped"], 10, "{summary}");
    // good, deep, bogus-charset, two crawl records, one plain record.
    assert_eq!(summary["added"], 6, "{summary}");

    let export = Command::cargo_bin("newsdex")
        .unwrap()
        .arg("--index")
        .arg(&ix)
        .arg("export")
        .output()
        .unwrap();
    let all: Vec<Value> = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = all.iter().filter_map(|a| a["title"].as_str()).collect();
    for t in [
        "A good page",
        "First record",
        "Fourth record",
        "Plain good",
        "Caf\u{e9} charset",
    ] {
        assert!(titles.contains(&t), "{t} not in {titles:?}");
    }
    let deep = all.iter().find(|a| a["path"] == "deep.html").unwrap();
    assert!(
        deep["body"].as_str().unwrap().contains("Deep down."),
        "{deep}"
    );
    let bogus = all
        .iter()
        .find(|a| a["path"] == "bogus-charset.html")
        .unwrap();
    assert!(
        bogus["body"].as_str().unwrap().contains("Caf\u{e9} wall"),
        "{bogus}"
    );
}
