//! The trained model: a table of quantised weights keyed by feature hash (nine labels per
//! feature and pass: `O` and `B-`/`I-` of PER, LOC, ORG, MISC), the word clusters, its binary
//! format, and the IOB2 constraint that `I-X` only follows `B-X`/`I-X`.

use std::borrow::Cow;

use super::NerError;
use super::clusters::Clusters;
use super::table::prefetch;

/// The labels, in weight-row order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
/// Number of labels.
pub const N_LABELS: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"NDXNER03";

/// The label index of an IOB2 tag (`O` for anything unknown).
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// May label `cur` follow label `prev` (`START` at the sentence start) in IOB2?
#[inline]
pub fn allowed(prev: usize, cur: usize) -> bool {
    cur == 0 || cur % 2 == 1 || prev == cur || prev + 1 == cur
}

/// Bytes of one feature's weights: first-pass labels then second-pass labels, `i16` LE.
pub type Row = [u8; ROW_BYTES];
/// Size of a [`Row`].
pub const ROW_BYTES: usize = 4 * N_LABELS;
/// One pass's weights of a feature, as trained.
pub type PassRow = (u32, [i16; N_LABELS]);

/// Weight `lane` (0..18: first pass's labels, then the second's) of a row.
#[inline]
pub fn lane(row: &Row, lane: usize) -> i16 {
    i16::from_le_bytes([row[2 * lane], row[2 * lane + 1]])
}

/// Feature key → the weights of both passes, contiguous so one lookup serves both.
///
/// The model file holds a power-of-two array of slots (`key << 32 | row + 1` as `u64` LE, at
/// most 5/8 full, linear probing) followed by the dense rows in key order. Lookups do not read
/// that image: tagging is bound by the cache misses of about forty lookups per token, so on
/// load the slots are recast as a [`Lookup`] whose probe array is half the size and whose rows
/// carry their key, one miss per feature found and usually none for a feature absent.
#[derive(Clone)]
pub struct Weights {
    bytes: Cow<'static, [u8]>,
    mask: usize,
    rows: usize,
    len: usize,
    lookup: std::sync::Arc<Lookup>,
    id: u64,
}

/// A row with its key, so the row read that a hit needs anyway also confirms the key.
#[derive(Clone, Copy)]
#[repr(C)]
struct Entry {
    key: u32,
    w: [i16; 2 * N_LABELS],
}

/// The table lookups use: slots at the same positions as the file's, each holding a fingerprint
/// of the key (the bits left above the row number) and the row number plus one (0: empty).
#[derive(Default)]
struct Lookup {
    slots: Vec<u32>,
    entries: Vec<Entry>,
    row_bits: u32,
}

impl Lookup {
    /// The row number plus one in the non-empty slot value `v`, if that slot holds `key`: the
    /// fingerprints agree and the row's own key confirms it.
    #[inline]
    fn holds(&self, v: u32, key: u32) -> Option<u32> {
        let r = v & self.row_mask();
        (v & !self.row_mask() == Self::fingerprint(key, self.row_bits)
            && self.entries[(r - 1) as usize].key == key)
            .then_some(r)
    }

    /// The bits of a slot that hold the row number plus one.
    #[inline]
    fn row_mask(&self) -> u32 {
        u32::MAX >> (32 - self.row_bits)
    }

    /// The fingerprint of a key, in the bits above `row_bits` (empty when rows use them all).
    #[inline]
    fn fingerprint(key: u32, row_bits: u32) -> u32 {
        if row_bits >= 32 {
            0
        } else {
            (key.wrapping_mul(0x85eb_ca6b) >> row_bits) << row_bits
        }
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new(&[], &[])
    }
}

impl Weights {
    /// Builds the table from each pass's rows (each sorted by key, keys distinct).
    pub fn new(first: &[PassRow], second: &[PassRow]) -> Weights {
        let mut keys = Vec::with_capacity(first.len().max(second.len()));
        let mut rows: Vec<[i16; 2 * N_LABELS]> = Vec::with_capacity(keys.capacity());
        let (mut i, mut j) = (0, 0);
        while i < first.len() || j < second.len() {
            let a = first.get(i).map_or(u32::MAX, |r| r.0);
            let b = second.get(j).map_or(u32::MAX, |r| r.0);
            let key = a.min(b);
            let mut row = [0i16; 2 * N_LABELS];
            if a == key && i < first.len() {
                row[..N_LABELS].copy_from_slice(&first[i].1);
                i += 1;
            }
            if b == key && j < second.len() {
                row[N_LABELS..].copy_from_slice(&second[j].1);
                j += 1;
            }
            keys.push(key);
            rows.push(row);
        }
        let cap = (keys.len() * 8 / 5 + 16).next_power_of_two();
        let mut slots = vec![0u64; cap];
        for (r, &key) in keys.iter().enumerate() {
            let mut s = Self::home(key) & (cap - 1);
            while slots[s] != 0 {
                s = (s + 1) & (cap - 1);
            }
            slots[s] = u64::from(key) << 32 | (r as u64 + 1);
        }
        let mut out = Vec::with_capacity(8 + 8 * cap + ROW_BYTES * rows.len());
        out.extend_from_slice(&(cap as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for s in slots {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for row in rows {
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        match Weights::from_image(Cow::Owned(out)) {
            Ok((w, _)) => w,
            Err(_) => unreachable!("a table just built is well formed"),
        }
    }

    /// Reads a table image ([`Weights::image`]) at the start of `bytes`; returns the table and
    /// the image's length. Slot contents are checked, so lookups cannot go out of bounds.
    fn from_image(bytes: Cow<'static, [u8]>) -> Result<(Weights, usize), NerError> {
        let bad = |what: &str| {
            NerError::Model(format!(
                "model weights {what}; rebuild the model with `newsdex ner train`"
            ))
        };
        let head = bytes.get(..8).ok_or_else(|| bad("truncated"))?;
        let cap = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        if !cap.is_power_of_two() || len >= cap {
            return Err(bad("malformed"));
        }
        let rows = 8 + 8 * cap;
        let end = rows + ROW_BYTES * len;
        let slots = bytes.get(8..rows).ok_or_else(|| bad("truncated"))?;
        if bytes.len() < end {
            return Err(bad("truncated"));
        }
        let in_range = slots.chunks_exact(8).all(|c| {
            let s = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            (s as u32 as usize) <= len
        });
        if !in_range {
            return Err(bad("malformed"));
        }
        let mut w = Weights {
            bytes,
            mask: cap - 1,
            rows,
            len,
            lookup: Default::default(),
            id: super::table::owner_id(),
        };
        w.lookup = std::sync::Arc::new(w.build_lookup());
        Ok((w, end))
    }

    /// The table's bytes, as stored in the model file.
    pub fn image(&self) -> &[u8] {
        &self.bytes[..self.rows + ROW_BYTES * self.len]
    }

    #[inline]
    fn home(key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 7) as usize
    }

    #[inline]
    fn slot(&self, s: usize) -> u64 {
        let o = 8 + 8 * s;
        let c: [u8; 8] = self.bytes[o..o + 8].try_into().unwrap_or_default();
        u64::from_le_bytes(c)
    }

    #[inline]
    fn row(&self, r: usize) -> &Row {
        let o = self.rows + ROW_BYTES * r;
        self.bytes[o..o + ROW_BYTES]
            .try_into()
            .unwrap_or(&[0; ROW_BYTES])
    }

    /// Recasts the file's slots as the [`Lookup`] (same positions, so the same probe runs).
    fn build_lookup(&self) -> Lookup {
        let row_bits = (usize::BITS - self.len.leading_zeros()).clamp(1, 32);
        let mut slots = vec![0u32; self.mask + 1];
        let mut entries = vec![
            Entry {
                key: 0,
                w: [0; 2 * N_LABELS],
            };
            self.len
        ];
        for (s, out) in slots.iter_mut().enumerate() {
            let slot = self.slot(s);
            if slot == 0 {
                continue;
            }
            let (key, r) = ((slot >> 32) as u32, slot as u32 - 1);
            let row = self.row(r as usize);
            entries[r as usize] = Entry {
                key,
                w: std::array::from_fn(|l| lane(row, l)),
            };
            *out = Lookup::fingerprint(key, row_bits) | (r + 1);
        }
        Lookup {
            slots,
            entries,
            row_bits,
        }
    }

    /// The row number plus one of `key` (0 when absent), probing from slot `s`.
    #[inline]
    fn find_from(&self, mut s: usize, key: u32) -> u32 {
        let lk = &*self.lookup;
        loop {
            let v = lk.slots[s];
            if v == 0 {
                return 0;
            }
            if let Some(r) = lk.holds(v, key) {
                return r;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Both passes' weights of a feature (first pass's labels, then the second's), if it has
    /// any.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&[i16; 2 * N_LABELS]> {
        match self.find_from(Self::home(key) & self.mask, key) {
            0 => None,
            r => Some(&self.lookup.entries[(r - 1) as usize].w),
        }
    }

    /// Adds the weights of every key in `keys` to `sum` (both passes' lanes), as [`Weights::get`]
    /// would key by key, in two stages so the row reads' cache misses overlap: first every
    /// key's probe run (in the small slot array), then the rows found.
    #[inline]
    pub fn sum_into(&self, keys: &[u32], sum: &mut [i32; 2 * N_LABELS], rows: &mut Vec<u32>) {
        rows.clear();
        let lk = &*self.lookup;
        let row_mask = lk.row_mask();
        // Stage 1: every key's home slot (the slot array is small and mostly cached); ask for
        // the row it points at, whose key the next stage checks.
        rows.extend(keys.iter().map(|&k| {
            let v = lk.slots[Self::home(k) & self.mask];
            if v != 0 {
                prefetch(&lk.entries[((v & row_mask) - 1) as usize]);
            }
            v
        }));
        // Stage 2: confirm each key against its row (now on its way), probing on if needed,
        // and add the row found.
        let entries = &lk.entries;
        for (&v, &k) in rows.iter().zip(keys) {
            if v == 0 {
                continue;
            }
            let r = lk
                .holds(v, k)
                .unwrap_or_else(|| self.find_from(Self::home(k) & self.mask, k));
            if r != 0 {
                let w = &entries[(r - 1) as usize].w;
                for (x, &v) in sum.iter_mut().zip(w) {
                    *x += i32::from(v);
                }
            }
        }
    }

    /// An identity for caches of sums over this table: distinct for every table built or
    /// loaded, shared by clones (which hold the same weights).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Number of features (of either pass).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no features.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// One pass's rows (`pass` 0 or 1), sorted by key, all-zero rows left out.
    pub fn pass_rows(&self, pass: usize) -> Vec<PassRow> {
        let mut out: Vec<PassRow> = (0..=self.mask)
            .map(|s| self.slot(s))
            .filter(|&s| s != 0)
            .map(|s| {
                let row = self.row((s as u32 - 1) as usize);
                let w = std::array::from_fn(|l| lane(row, pass * N_LABELS + l));
                ((s >> 32) as u32, w)
            })
            .filter(|(_, w)| w.iter().any(|x| *x != 0))
            .collect();
        out.sort_unstable_by_key(|r| r.0);
        out
    }
}

/// A trained tagger: first- and second-pass weights and word clusters.
#[derive(Clone, Default)]
pub struct Model {
    /// The feature weights of both passes.
    pub weights: Weights,
    /// Whether a second pass was trained.
    pub second: bool,
    /// The word clusters the features use.
    pub clusters: Clusters,
}

impl Model {
    /// A model from each pass's rows (sorted by key); no second pass when `second` is `None`.
    pub fn new(first: &[PassRow], second: Option<&[PassRow]>, clusters: Clusters) -> Model {
        Model {
            weights: Weights::new(first, second.unwrap_or(&[])),
            second: second.is_some_and(|s| !s.is_empty()),
            clusters,
        }
    }

    /// Serialises the model: the weight table as it is used (deterministic: built from rows
    /// sorted by key), then the clusters sorted by key.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(u8::from(self.second));
        out.extend_from_slice(self.weights.image());
        let pairs = self.clusters.sorted_pairs();
        out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
        for (key, ids) in pairs {
            out.extend_from_slice(&key.to_le_bytes());
            for id in ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`] (copying it).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        Model::from_cow(Cow::Owned(bytes.to_vec()))
    }

    /// Reads a model embedded in the binary, its weights used in place.
    pub fn from_static(bytes: &'static [u8]) -> Result<Model, NerError> {
        Model::from_cow(Cow::Borrowed(bytes))
    }

    fn from_cow(bytes: Cow<'static, [u8]>) -> Result<Model, NerError> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(NerError::Model(
                "not a newsdex NER model of this version; rebuild it with `newsdex ner train`"
                    .into(),
            ));
        }
        let second = bytes.get(8).is_some_and(|b| *b != 0);
        let rest = match bytes {
            Cow::Borrowed(b) => Cow::Borrowed(&b[9..]),
            Cow::Owned(mut v) => {
                v.drain(..9);
                Cow::Owned(v)
            }
        };
        let (weights, end) = Weights::from_image(rest)?;
        let tail = weights.bytes[end..].to_vec();
        let mut r = Reader {
            bytes: &tail,
            pos: 0,
        };
        let m = r.u32()? as usize;
        let mut pairs = Vec::with_capacity(m.min(1 << 24));
        for _ in 0..m {
            let key = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
            pairs.push((key, [r.u16()?, r.u16()?, r.u16()?, r.u16()?]));
        }
        Ok(Model {
            weights,
            second,
            clusters: Clusters::from_pairs(pairs),
        })
    }
}

/// The highest-scoring label allowed after `prev` (ties → lowest index).
#[inline]
pub fn best_label<T: PartialOrd + Copy>(scores: &[T; N_LABELS], prev: usize) -> usize {
    let mut best = 0;
    for l in 1..N_LABELS {
        if allowed(prev, l) && scores[l] > scores[best] {
            best = l;
        }
    }
    best
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], NerError> {
        let end = self.pos + n;
        let s = self.bytes.get(self.pos..end).ok_or_else(|| {
            NerError::Model("model file is truncated; rebuild it with `newsdex ner train`".into())
        })?;
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn u16(&mut self) -> Result<u16, NerError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or_default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::START;

    #[test]
    fn allowed_table() {
        let cases = [
            (START, 2, false),
            (START, 1, true),
            (1, 2, true),
            (2, 2, true),
            (3, 2, false),
            (0, 4, false),
            (3, 4, true),
            (2, 0, true),
        ];
        for (prev, cur, want) in cases {
            assert_eq!(allowed(prev, cur), want, "{prev} -> {cur}");
        }
    }

    #[test]
    fn lookup_finds_every_key_and_no_other() {
        // Enough keys for long probe runs and fingerprint ties, in a table 5/8 full.
        let first: Vec<PassRow> = (1..5000u32)
            .map(|k| (k * 7919, std::array::from_fn(|l| (k as i16) ^ l as i16)))
            .collect();
        let second: Vec<PassRow> = (1..2000u32)
            .map(|k| (k * 7919 + 1, [k as i16; 9]))
            .collect();
        let w = Weights::new(&first, &second);
        for (k, row) in &first {
            assert_eq!(&w.get(*k).unwrap()[..N_LABELS], row);
        }
        for (k, row) in &second {
            assert_eq!(&w.get(*k).unwrap()[N_LABELS..], row);
        }
        let absent: Vec<u32> = (0..20000u32).map(|k| k * 7919 + 3).collect();
        assert!(absent.iter().all(|&k| w.get(k).is_none()));
        // The staged sum is the sum of the single lookups.
        let keys: Vec<u32> = [first[10].0, absent[5], second[7].0, first[4000].0, 0].to_vec();
        let mut sum = [0i32; 2 * N_LABELS];
        w.sum_into(&keys, &mut sum, &mut Vec::new());
        let mut want = [0i32; 2 * N_LABELS];
        for k in &keys {
            if let Some(row) = w.get(*k) {
                for (x, &v) in want.iter_mut().zip(row) {
                    *x += i32::from(v);
                }
            }
        }
        assert_eq!(sum, want);
        assert_ne!(sum, [0; 2 * N_LABELS]);
    }

    #[test]
    fn roundtrip_and_lookup() {
        let first = vec![(5u32, [1, 0, 0, 0, 0, 0, 0, 0, -3]), (77, [2; 9])];
        let second = vec![(6u32, [0, 0, 0, 0, 0, 0, 0, 0, 4]), (77, [1; 9])];
        let m = Model::new(
            &first,
            Some(&second),
            Clusters::from_pairs([(9u64, [1, 2, 3, 1])]),
        );
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        let lanes = |k: u32| -> Vec<i16> { back.weights.get(k).unwrap().to_vec() };
        assert_eq!(
            lanes(5),
            [1, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(lanes(6)[17], 4);
        assert_eq!(lanes(77)[..2], [2, 2]);
        assert_eq!(back.weights.pass_rows(0), first);
        assert_eq!(back.weights.get(7), None);
        assert_eq!(back.weights.len(), 3);
        assert_eq!(back.clusters.get(9), [1, 2, 3, 1]);
        assert!(Model::from_bytes(b"garbage").is_err());
        assert!(Model::from_bytes(&m.to_bytes()[..20]).is_err());
    }
}
