//! Fuzz target: any query string either builds a query that runs, or gives a clean error; never a panic
//! or a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::index::store::NewsIndex;
use newsdex::query::{Request, Sort};

fn index() -> &'static NewsIndex {
    static IX: OnceLock<NewsIndex> = OnceLock::new();
    IX.get_or_init(|| newsdex::index::store::in_memory_sample().expect("sample index"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    let req = Request {
        query: Some(q.to_string()),
        sort: Sort::Relevance,
        limit: 10,
        ..Request::default()
    };
    let _ = newsdex::index::search::run(index(), &req);
});
