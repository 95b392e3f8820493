//! Fuzz target: the header-line parser never panics, and what it returns is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        if let Some(h) = newsdex::header::parse_header(line) {
            if let Some(d) = &h.dateline {
                assert_eq!(d.trim(), d);
                assert!(!d.is_empty());
            }
            if let Some(s) = &h.source {
                assert!(!s.is_empty());
            }
        }
    }
});
