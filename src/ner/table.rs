//! A compact open-addressing table from 64-bit hashes to small `Copy` values, built once from
//! pairs and then only read: the tagger's per-token lexicon (word clusters and first names).
//! Linear probing over a power-of-two array at most 5/8 full; keys and values side by side.

/// Source of [`owner_id`]s.
static NEXT_OWNER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A new identity for a table whose derived values a [`SlotCache`] may hold: distinct for every
/// table built or loaded (clones share it, as they hold the same data), never 0.
pub fn owner_id() -> u64 {
    NEXT_OWNER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Asks the CPU to bring `x` into the cache, so that reads issued before they are needed
/// overlap their misses.
#[inline(always)]
pub fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults and reads nothing into the program,
    // and `x` is a valid reference anyway. SSE is part of the x86_64 baseline.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A small direct-mapped cache of values derived from one table (its [`owner_id`]), keyed by
/// 64-bit word hashes: per thread, the tagger keeps what it looked up for recent words, which
/// news text repeats, in a few hundred KB that stay in the CPU caches. Owner 0 and key 0 are
/// never cached (a slot holding key 0 is empty).
pub struct SlotCache<V, const SLOTS: usize> {
    owner: u64,
    slots: Vec<(u64, V)>,
}

impl<V: Copy + Default, const SLOTS: usize> Default for SlotCache<V, SLOTS> {
    fn default() -> Self {
        SlotCache::new()
    }
}

impl<V: Copy + Default, const SLOTS: usize> SlotCache<V, SLOTS> {
    /// An empty cache (allocated on first use).
    pub const fn new() -> Self {
        SlotCache {
            owner: 0,
            slots: Vec::new(),
        }
    }

    /// The value for `key` derived from table `owner`: cached, or `compute()`d and cached.
    #[inline]
    pub fn get_or(&mut self, owner: u64, key: u64, compute: impl FnOnce() -> V) -> V {
        if owner == 0 || key == 0 {
            return compute();
        }
        if self.owner != owner {
            self.owner = owner;
            self.slots.clear();
            self.slots.resize(SLOTS, (0, V::default()));
        }
        let slot = &mut self.slots[(key ^ (key >> 32)) as usize & (SLOTS - 1)];
        if slot.0 != key {
            *slot = (key, compute());
        }
        slot.1
    }
}

/// Hash key → value, read-only after [`KeyTable::from_pairs`].
#[derive(Debug, Clone)]
pub struct KeyTable<V: Copy> {
    slots: Vec<(u64, V)>,
    mask: usize,
    len: usize,
}

/// Marks an empty slot; a real key equal to it is stored as [`ALIAS`].
const EMPTY: u64 = 0;
const ALIAS: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn stored(key: u64) -> u64 {
    if key == EMPTY { ALIAS } else { key }
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable::from_pairs(std::iter::empty())
    }
}

impl<V: Copy + Default> KeyTable<V> {
    /// Builds the table; a later pair with the same key is merged into the earlier value by
    /// `merge` (see [`KeyTable::from_pairs_with`]); here the later one wins.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, V)>) -> KeyTable<V> {
        KeyTable::from_pairs_with(pairs, |_, new| new)
    }

    /// Builds the table, combining values of equal keys with `merge(old, new)`.
    pub fn from_pairs_with(
        pairs: impl IntoIterator<Item = (u64, V)>,
        merge: impl Fn(V, V) -> V,
    ) -> KeyTable<V> {
        let pairs: Vec<(u64, V)> = pairs.into_iter().collect();
        let cap = (pairs.len() * 8 / 5 + 8).next_power_of_two();
        let mut t = KeyTable {
            slots: vec![(EMPTY, V::default()); cap],
            mask: cap - 1,
            len: 0,
        };
        for (key, v) in pairs {
            let key = stored(key);
            let mut i = t.home(key);
            loop {
                let s = &mut t.slots[i];
                if s.0 == EMPTY {
                    *s = (key, v);
                    t.len += 1;
                    break;
                }
                if s.0 == key {
                    s.1 = merge(s.1, v);
                    break;
                }
                i = (i + 1) & t.mask;
            }
        }
        t
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & self.mask
    }

    /// Starts bringing `key`'s home slot into the cache, for a [`Self::get`] a little later.
    #[inline]
    pub fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.home(stored(key))]);
    }

    /// The value of `key`, if present.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        let key = stored(key);
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if s.0 == key {
                return Some(s.1);
            }
            if s.0 == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the table has no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All pairs sorted by key (keys equal to 0 come back as stored).
    pub fn sorted_pairs(&self) -> Vec<(u64, V)> {
        let mut v: Vec<(u64, V)> = self
            .slots
            .iter()
            .filter(|s| s.0 != EMPTY)
            .copied()
            .collect();
        v.sort_unstable_by_key(|p| p.0);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_merge() {
        let t = KeyTable::from_pairs_with([(5u64, 1u8), (0, 2), (5, 7), (1 << 40, 3)], u8::max);
        let cases = [
            (5u64, Some(7u8)),
            (0, Some(2)),
            (1 << 40, Some(3)),
            (6, None),
        ];
        for (k, want) in cases {
            assert_eq!(t.get(k), want, "{k}");
        }
        assert_eq!(t.len(), 3);
        assert!(KeyTable::<u8>::default().get(1).is_none());
    }
}
