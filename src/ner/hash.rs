//! Small, fast, deterministic hashing for feature keys: FNV-1a over bytes, a 64-bit finaliser,
//! and combinators that fold a feature template id and its values into one `u32` key.

/// FNV-1a offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Hashes bytes with FNV-1a (stable across runs and platforms).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Hashes a string.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// The splitmix64 finaliser: spreads every input bit over the output.
#[inline]
pub fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines two hashes, order-sensitively.
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    finalize(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The feature key of template `template` with value hash `value` (never 0).
#[inline]
pub fn feature(template: u32, value: u64) -> u32 {
    let h = finalize(value ^ (u64::from(template) << 48) ^ u64::from(template));
    ((h >> 32) as u32) | 1
}

/// A `Hasher` for keys that are already hashes: passes the value through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = combine(self.0, hash_bytes(bytes));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = finalize(u64::from(n));
    }
}

/// A `HashMap` keyed by pre-hashed values.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;
/// A `HashSet` of pre-hashed values.
pub type IdSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_distinct() {
        let cases = [("", 0xcbf2_9ce4_8422_2325u64), ("a", 0xaf63_dc4c_8601_ec8c)];
        for (s, want) in cases {
            assert_eq!(hash_str(s), want, "{s:?}");
        }
        assert_ne!(feature(1, hash_str("x")), feature(2, hash_str("x")));
        assert_ne!(combine(1, 2), combine(2, 1));
        assert_eq!(feature(7, 0) & 1, 1);
    }
}
