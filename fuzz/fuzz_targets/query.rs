//! Fuzz target: any query string either parses into a query that runs, or gives a clean error; never
//! a panic or a hang (libFuzzer's -timeout catches hangs, so the parse runs untimed here).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::index::store::NewsIndex;

fn index() -> &'static NewsIndex {
    static IX: OnceLock<NewsIndex> = OnceLock::new();
    IX.get_or_init(|| newsdex::index::store::in_memory_sample().expect("sample index"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    let ix = index();
    if let Ok(query) = newsdex::index::search::parse_query_untimed(ix, q) {
        let reader = ix.index.reader().expect("reader");
        let _ = reader
            .searcher()
            .search(&*query, &tantivy::collector::Count);
    }
});
