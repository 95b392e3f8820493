//! Fuzz target: reading any bytes as a web page never panics or hangs (nesting, charsets,
//! metadata, JSON-LD); a page read has non-empty trimmed paragraphs and a well-formed URL.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::html::{PageContext, read_page};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the context: none, or an HTTP content type and a fetch address.
    let (ctx, page) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (
            PageContext {
                content_type: Some("text/html; charset=bogus-label"),
                target_uri: Some("https://fuzz.example/2020/01/02/page"),
                fetched: None,
            },
            rest,
        ),
        _ => (PageContext::default(), data),
    };
    if let Ok(p) = read_page(page, &ctx) {
        assert!(!p.article.paragraphs.is_empty());
        for para in &p.article.paragraphs {
            assert!(!para.is_empty());
            assert_eq!(para.trim(), para);
        }
        if let Some(u) = &p.article.url {
            assert!(u.starts_with("http://") || u.starts_with("https://"), "{u}");
        }
    }
});
