//! Word clusters: each known (lower-cased) word maps to a cluster id at three granularities,
//! so that rare words share evidence with frequent words used alike. Keys are word hashes,
//! so the shipped table holds no word list.

use super::hash::IdMap;

/// Word hash → cluster ids (coarse, medium, fine); 0 means "unknown word".
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    map: IdMap<u64, [u16; 3]>,
}

impl Clusters {
    /// Builds the table from `(word key, ids)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, [u16; 3])>) -> Clusters {
        Clusters {
            map: pairs.into_iter().collect(),
        }
    }

    /// The cluster ids of a lower-cased word key, `[0; 3]` when unknown.
    #[inline]
    pub fn get(&self, key: u64) -> [u16; 3] {
        self.map.get(&key).copied().unwrap_or([0; 3])
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All pairs, sorted by key (for deterministic serialisation).
    pub fn sorted_pairs(&self) -> Vec<(u64, [u16; 3])> {
        let mut v: Vec<(u64, [u16; 3])> = self.map.iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_unstable();
        v
    }
}
