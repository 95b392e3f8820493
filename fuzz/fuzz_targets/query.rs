//! Fuzz target: any query string either parses into a query that runs, or gives a clean error; never
//! a panic or a hang (libFuzzer's -timeout catches hangs, so the parse runs untimed here).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::index::store::NewsIndex;

/// The sample index and one searcher on it, made once (a reader per input would dominate).
fn index() -> &'static (NewsIndex, tantivy::Searcher) {
    static IX: OnceLock<(NewsIndex, tantivy::Searcher)> = OnceLock::new();
    IX.get_or_init(|| {
        let ix = newsdex::index::store::in_memory_sample().expect("sample index");
        let searcher = ix.index.reader().expect("reader").searcher();
        (ix, searcher)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    let (ix, searcher) = index();
    if let Ok(query) = newsdex::index::search::parse_query_untimed(ix, q) {
        let _ = searcher.search(&*query, &tantivy::collector::Count);
    }
});
