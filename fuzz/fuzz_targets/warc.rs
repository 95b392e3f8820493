//! Fuzz target: listing any bytes as a WARC file, and reading each record found again from its
//! locator, never panics or hangs; a listed record reads back with the same headers.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use newsdex::read::{self, warc};

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    warc::list(Cursor::new(data), read::HEAD_BYTES, |item| {
        if let warc::Item::Record(rec) = item {
            let _ = read::classify(&rec);
            found.push(rec);
        }
        found.len() < 64
    });
    for rec in found {
        if let Ok(full) = warc::read_at(Cursor::new(data), rec.loc, 1 << 20) {
            assert_eq!(full.head, rec.head);
            let _ = read::read_record(&full, 1 << 20);
        }
    }
});
