//! Fuzz target: decoding and parsing any bytes never panics; paragraphs are trimmed and non-empty,
//! and every non-empty body line ends up either a paragraph or a noise line. The page-dump
//! cleaner also runs on every input, whether or not it looks like a page dump, and keeps each
//! line exactly once (paragraph, noise or headline).
//! The copy signature of any body is computed without panicking and survives its stored form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::clean::LineStats;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = newsdex::decode::decode(data) else {
        return;
    };
    let parsed = newsdex::parse::parse(&decoded.text, None);
    for p in &parsed.paragraphs {
        assert!(!p.is_empty());
        assert_eq!(p.trim(), p);
    }
    let page = newsdex::clean::dump::clean(&decoded.text);
    let lines = newsdex::clean::dump::Page::new(&decoded.text).lines.len();
    assert_eq!(
        page.paragraphs.len() + page.noise.len() + usize::from(page.title.is_some()),
        lines
    );
    assert!(
        page.paragraphs
            .iter()
            .all(|p| !p.is_empty() && p.trim() == p)
    );
    let mut stats = LineStats::default();
    stats.add_file_keys(&LineStats::file_keys(&decoded.text));
    let again = newsdex::parse::parse(&decoded.text, Some(&stats));
    assert!(
        again.paragraphs.len() + again.noise.len() <= parsed.paragraphs.len() + parsed.noise.len()
    );
    let sketch = newsdex::dups::sketch_body(&newsdex::parse::split(&decoded.text).body);
    let stored = sketch.to_words();
    assert_eq!(newsdex::dups::Sketch::from_words(&stored), Some(sketch));
});
