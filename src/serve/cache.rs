//! What does not change while a person pages through results, or while the page refreshes after
//! a commit that did not touch the matches: the facets and the timeline of a set of matches. They
//! cost a pass over every match (tens of ms for a word most articles contain), the page of hits
//! itself only the top few, so they are kept per request (query, filters, facet count) for the
//! commit being served, and forgotten when another commit is served.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::index::stats::Facets;
use crate::index::timeline::Timeline;
use crate::query::Request;

/// Sets of matches remembered for one commit.
const CAPACITY: usize = 256;

/// The counts over all the matches of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// Top values per facet.
    pub facets: Facets,
    /// Matches per period.
    pub timeline: Timeline,
}

/// Counts per request for the commit being served; shared by all requests.
pub struct CountsCache {
    inner: Mutex<Fifo<Arc<Counts>>>,
}

impl Default for CountsCache {
    fn default() -> CountsCache {
        CountsCache {
            inner: Mutex::new(Fifo::new(usize::MAX, CAPACITY)),
        }
    }
}

/// The part of a request the counts depend on (not the order, nor the page).
pub fn key(req: &Request, top: usize) -> String {
    format!("{:?}\u{0}{:?}\u{0}{top}", req.query, req.filters)
}

impl CountsCache {
    /// The counts for `key` at commit `version`, computed by `compute` when not known yet.
    pub fn get_or_compute(
        &self,
        version: &str,
        key: String,
        compute: impl FnOnce() -> anyhow::Result<Counts>,
    ) -> anyhow::Result<Arc<Counts>> {
        {
            let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            g.at(version);
            if let Some(c) = g.get(&key) {
                return Ok(c);
            }
        }
        let counts = Arc::new(compute()?);
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // Not kept if another commit came in while computing.
        if g.version == version {
            g.insert(key, counts.clone(), 0);
        }
        Ok(counts)
    }
}

/// Bytes of answers remembered for one commit, and how many answers at most.
const RESPONSE_BYTES: usize = 32 << 20;
const RESPONSE_ENTRIES: usize = 4096;

/// Whole answers (`/api/search` bodies) per request for the commit being served, as a search
/// engine's query-result cache keeps them: an answer cannot change until the next commit, and a
/// page that refreshes itself, a person paging back, or a script asking again gets the same
/// bytes without a search. Bounded in bytes and entries, the oldest forgotten first; cleared when
/// another commit is served.
pub struct ResponseCache {
    inner: Mutex<Fifo<axum::body::Bytes>>,
}

impl Default for ResponseCache {
    fn default() -> ResponseCache {
        ResponseCache {
            inner: Mutex::new(Fifo::new(RESPONSE_BYTES, RESPONSE_ENTRIES)),
        }
    }
}

/// The key of a whole answer: every part of the request (order and page included) and the facet count.
pub fn response_key(req: &Request, top: usize) -> String {
    format!("{req:?}\u{0}{top}")
}

impl ResponseCache {
    /// The answer remembered for `key` at commit `version`.
    pub fn get(&self, version: &str, key: &str) -> Option<axum::body::Bytes> {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.at(version);
        g.get(key)
    }

    /// Remembers an answer; one larger than a sixteenth of the budget is not kept.
    pub fn put(&self, version: &str, key: String, body: axum::body::Bytes) {
        if body.len() > RESPONSE_BYTES / 16 {
            return;
        }
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.at(version);
        let cost = body.len() + key.len();
        g.insert(key, body, cost);
    }
}

/// Entries kept for one commit, in insertion order, the oldest dropped first once their summed
/// cost or their number passes its bound; all forgotten when another commit is served.
struct Fifo<V> {
    version: String,
    map: HashMap<String, (V, usize)>,
    order: VecDeque<String>,
    cost: usize,
    max_cost: usize,
    max_entries: usize,
}

impl<V: Clone> Fifo<V> {
    fn new(max_cost: usize, max_entries: usize) -> Fifo<V> {
        Fifo {
            version: String::new(),
            map: HashMap::new(),
            order: VecDeque::new(),
            cost: 0,
            max_cost,
            max_entries,
        }
    }

    /// Forgets everything when `version` is not the commit remembered.
    fn at(&mut self, version: &str) {
        if self.version != version {
            self.map.clear();
            self.order.clear();
            self.cost = 0;
            self.version = version.to_string();
        }
    }

    fn get(&self, key: &str) -> Option<V> {
        self.map.get(key).map(|(v, _)| v.clone())
    }

    /// Keeps `value` unless `key` is already kept, then drops the oldest entries past the bounds.
    fn insert(&mut self, key: String, value: V, cost: usize) {
        if self.map.contains_key(&key) {
            return;
        }
        self.cost += cost;
        self.map.insert(key.clone(), (value, cost));
        self.order.push_back(key);
        while self.cost > self.max_cost || self.order.len() > self.max_entries {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some((_, c)) = self.map.remove(&old) {
                self.cost -= c;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::timeline::By;
    use std::cell::Cell;

    fn counts(n: u64) -> Counts {
        Counts {
            facets: Facets::default(),
            timeline: Timeline {
                by: By::Year,
                buckets: vec![],
                total: n,
                undated: 0,
            },
        }
    }

    #[test]
    fn computes_once_per_request_and_commit() {
        let cache = CountsCache::default();
        let calls = Cell::new(0);
        let get = |version: &str, key: &str, n: u64| {
            cache
                .get_or_compute(version, key.to_string(), || {
                    calls.set(calls.get() + 1);
                    Ok(counts(n))
                })
                .unwrap()
                .timeline
                .total
        };
        assert_eq!(get("v1", "oil", 1), 1);
        assert_eq!(get("v1", "oil", 2), 1);
        assert_eq!(calls.get(), 1);
        assert_eq!(get("v1", "gas", 3), 3);
        assert_eq!(get("v2", "oil", 4), 4, "a new commit is counted again");
        assert_eq!(calls.get(), 3);
        for i in 0..CAPACITY as u64 + 1 {
            get("v2", &format!("k{i}"), i);
        }
        assert_eq!(get("v2", "oil", 5), 5, "the oldest entries go first");
        assert!(
            cache
                .get_or_compute("v2", "bad".into(), || anyhow::bail!("no"))
                .is_err()
        );
        let req = Request {
            query: Some("oil".into()),
            limit: 10,
            ..Request::default()
        };
        let other_page = Request {
            offset: 10,
            ..req.clone()
        };
        assert_eq!(key(&req, 10), key(&other_page, 10));
        assert_ne!(key(&req, 10), key(&req, 5));
    }

    #[test]
    fn answers_are_kept_per_commit_within_a_byte_budget() {
        use axum::body::Bytes;
        let cache = ResponseCache::default();
        assert_eq!(cache.get("v1", "oil"), None);
        cache.put("v1", "oil".into(), Bytes::from_static(b"{\"total\":1}"));
        assert_eq!(
            cache.get("v1", "oil").as_deref(),
            Some(&b"{\"total\":1}"[..])
        );
        assert_eq!(
            cache.get("v2", "oil"),
            None,
            "another commit forgets every answer"
        );
        assert_eq!(
            cache.get("v1", "oil"),
            None,
            "and an older one is not brought back"
        );
        // Too large for the cache: answered, never kept.
        let big = Bytes::from(vec![b' '; RESPONSE_BYTES / 16 + 1]);
        cache.put("v1", "big".into(), big);
        assert_eq!(cache.get("v1", "big"), None);
        // The byte budget: the oldest answers go first.
        let chunk = RESPONSE_BYTES / 16;
        for i in 0..20 {
            cache.put("v1", format!("k{i}"), Bytes::from(vec![b'x'; chunk - 8]));
        }
        assert_eq!(cache.get("v1", "k0"), None);
        assert!(cache.get("v1", "k19").is_some());
        let g = cache.inner.lock().unwrap();
        assert!(g.cost <= RESPONSE_BYTES);
        assert_eq!(
            g.cost,
            g.map
                .iter()
                .map(|(k, (v, _))| k.len() + v.len())
                .sum::<usize>()
        );
    }
}
