//! Fuzz target: the fast HTML tokenizer and html5ever's build the same tree from any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::html::dom::Dom;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert_eq!(
        Dom::parse(&text).outline(),
        Dom::parse_with_html5ever(&text).outline(),
        "{text:?}"
    );
});
