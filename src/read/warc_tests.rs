//! Tests of the WARC reader on records written here: every kind, both compressions, and the
//! broken cases (a lying Content-Length, a gzip member cut short, garbage).

use super::*;
use crate::read::gzip::gzip;
use std::io::Cursor;

fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    record_with_length(kind, uri, block, block.len())
}

fn record_with_length(kind: &str, uri: &str, block: &[u8], length: usize) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-01-02T03:04:05Z\r\nContent-Length: {length}\r\n\r\n"
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// (kind, uri, first bytes of the block) or the broken record's reason, per item.
fn listing(file: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    list(Cursor::new(file), 8, |item| {
        out.push(match item {
            Item::Record(r) => format!(
                "{} {} {} {}",
                r.loc,
                r.head.warc_type,
                r.head.target_uri.unwrap_or_default(),
                String::from_utf8_lossy(&r.block)
            ),
            Item::Broken(loc, reason) => format!("{loc} broken: {reason}"),
        });
        true
    });
    out
}

fn records() -> Vec<Vec<u8>> {
    vec![
        record("warcinfo", "", b"software: test"),
        record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n"),
        record(
            "response",
            "https://a.example/",
            b"HTTP/1.1 200 OK\r\n\r\n<p>page</p>",
        ),
    ]
}

#[test]
fn lists_plain_and_gzipped_files_alike() {
    let recs = records();
    let plain: Vec<u8> = recs.concat();
    let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let offsets_plain = [0, recs[0].len(), recs[0].len() + recs[1].len()];
    let g0 = gzip(&recs[0]).len();
    let g1 = gzip(&recs[1]).len();
    let offsets_gz = [0, g0, g0 + g1];
    for (file, offsets) in [(plain, offsets_plain), (gz, offsets_gz)] {
        let got = listing(&file);
        let want = [
            format!("{} warcinfo  software", offsets[0]),
            format!("{} request https://a.example/ GET / HT", offsets[1]),
            format!("{} response https://a.example/ HTTP/1.1", offsets[2]),
        ];
        assert_eq!(got, want);
        // Each record reads whole from its locator.
        let loc = Locator {
            offset: offsets[2] as u64,
            index: 0,
        };
        let r = read_at(Cursor::new(&file), loc, 1 << 20).unwrap();
        assert!(r.block.ends_with(b"<p>page</p>"));
        assert_eq!(r.head.date.as_deref(), Some("2020-01-02T03:04:05Z"));
        let err = read_at(Cursor::new(&file), loc, 10).unwrap_err();
        assert!(err.contains("larger than"), "{err}");
    }
}

#[test]
fn one_gzip_member_may_hold_several_records() {
    let file = gzip(&records().concat());
    let got = listing(&file);
    assert_eq!(got.len(), 3);
    assert!(got[2].starts_with("0.2 response"), "{got:?}");
    let r = read_at(
        Cursor::new(&file),
        Locator {
            offset: 0,
            index: 2,
        },
        1 << 20,
    )
    .unwrap();
    assert!(r.block.ends_with(b"<p>page</p>"));
}

#[test]
fn a_lying_content_length_skips_one_record() {
    let good = record(
        "response",
        "https://b.example/",
        b"HTTP/1.1 200 OK\r\n\r\nok",
    );
    for length in [5usize, 500] {
        let bad = record_with_length(
            "response",
            "https://a.example/",
            b"HTTP/1.1 200 OK\r\n\r\n<p>x</p>",
            length,
        );
        // Compressed: the next member is the next record.
        let gz = [gzip(&bad), gzip(&good)].concat();
        let got = listing(&gz);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains("broken: WARC record"), "{got:?}");
        assert!(got[1].contains("https://b.example/"), "{got:?}");
        // Uncompressed: the reader finds the next WARC/ line.
        let plain = [bad.clone(), good.clone()].concat();
        let got = listing(&plain);
        assert!(got[0].contains("broken: WARC record"), "{got:?}");
        assert!(
            got.last().unwrap().contains("https://b.example/"),
            "{got:?}"
        );
    }
}

#[test]
fn a_truncated_member_ends_the_file_and_keeps_what_came_before() {
    let recs = records();
    let last = gzip(&recs[2]);
    let file = [
        gzip(&recs[0]),
        gzip(&recs[1]),
        last[..last.len() / 2].to_vec(),
    ]
    .concat();
    let got = listing(&file);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[2].ends_with("broken: truncated gzip data"), "{got:?}");
}

#[test]
fn garbage_is_reported_not_panicked_on() {
    let cases: &[&[u8]] = &[
        b"",
        b"\r\n\r\n",
        b"not a warc file at all",
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length",
        b"WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n",
        &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff],
    ];
    for file in cases {
        let got = listing(file);
        assert!(
            got.iter().all(|l| l.contains("broken")),
            "{file:?}: {got:?}"
        );
    }
    assert!(
        read_at(
            Cursor::new(b"junk"),
            Locator {
                offset: 100,
                index: 0
            },
            10
        )
        .is_err()
    );
}

#[test]
fn locators_print_and_parse() {
    for (s, offset, index) in [("0", 0, 0), ("1234", 1234, 0), ("10.3", 10, 3)] {
        let loc: Locator = s.parse().unwrap();
        assert_eq!((loc.offset, loc.index), (offset, index));
        assert_eq!(loc.to_string(), s);
    }
    for bad in ["", "x", "1.", ".1", "1.0", "-1", "1.2.3"] {
        assert!(bad.parse::<Locator>().is_err(), "{bad}");
    }
}
