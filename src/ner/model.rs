//! The trained model: a table of quantised weights keyed by feature hash (nine labels per
//! feature and pass: `O` and `B-`/`I-` of PER, LOC, ORG, MISC), the word clusters, its binary
//! format, and the IOB2 constraint that `I-X` only follows `B-X`/`I-X`.

use super::NerError;
use super::clusters::Clusters;

/// The labels, in weight-row order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
/// Number of labels.
pub const N_LABELS: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"NDXNER02";

/// The label index of an IOB2 tag (`O` for anything unknown).
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// May label `cur` follow label `prev` (`START` at the sentence start) in IOB2?
#[inline]
pub fn allowed(prev: usize, cur: usize) -> bool {
    cur == 0 || cur % 2 == 1 || prev == cur || prev + 1 == cur
}

/// One feature's weights: first-pass labels then second-pass labels.
pub type Row = [i16; 2 * N_LABELS];
/// One pass's weights of a feature, as trained.
pub type PassRow = (u32, [i16; N_LABELS]);

/// Feature key → the weights of both passes, contiguous so one lookup serves both: a
/// power-of-two slot array (`key << 32 | row + 1`, at most 5/8 full) over dense rows sorted
/// by key.
#[derive(Clone, Default)]
pub struct Weights {
    slots: Vec<u64>,
    mask: usize,
    keys: Vec<u32>,
    rows: Vec<Row>,
}

impl Weights {
    /// Builds the table from each pass's rows (each sorted by key, keys distinct).
    pub fn new(first: &[PassRow], second: &[PassRow]) -> Weights {
        let mut keys = Vec::with_capacity(first.len().max(second.len()));
        let mut rows: Vec<Row> = Vec::with_capacity(keys.capacity());
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
        let mut w = Weights {
            slots: vec![0; cap],
            mask: cap - 1,
            keys,
            rows,
        };
        for (r, &key) in w.keys.iter().enumerate() {
            let mut s = Self::home(key) & w.mask;
            while w.slots[s] != 0 {
                s = (s + 1) & w.mask;
            }
            w.slots[s] = u64::from(key) << 32 | (r as u64 + 1);
        }
        w
    }

    #[inline]
    fn home(key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 7) as usize
    }

    /// Both passes' weights of a feature, if it has any.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&Row> {
        let mut s = Self::home(key) & self.mask;
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == key {
                return self.rows.get((slot as u32 - 1) as usize);
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Number of features (of either pass).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there are no features.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// One pass's rows (`pass` 0 or 1), sorted by key, all-zero rows left out.
    pub fn pass_rows(&self, pass: usize) -> Vec<PassRow> {
        let lanes = pass * N_LABELS..(pass + 1) * N_LABELS;
        self.keys
            .iter()
            .zip(&self.rows)
            .filter(|(_, r)| r[lanes.clone()].iter().any(|x| *x != 0))
            .map(|(k, r)| {
                let mut w = [0i16; N_LABELS];
                w.copy_from_slice(&r[lanes.clone()]);
                (*k, w)
            })
            .collect()
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

    /// Serialises the model (deterministic: rows sorted by key).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        write_rows(&self.weights.pass_rows(0), &mut out);
        write_rows(&self.weights.pass_rows(1), &mut out);
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

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(NerError::Model(
                "not a newsdex NER model of this version; rebuild it with `newsdex ner train`"
                    .into(),
            ));
        }
        let first = read_rows(&mut r)?;
        let second = read_rows(&mut r)?;
        let m = r.u32()? as usize;
        let mut pairs = Vec::with_capacity(m.min(1 << 24));
        for _ in 0..m {
            let key = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
            pairs.push((key, [r.u16()?, r.u16()?, r.u16()?, r.u16()?]));
        }
        Ok(Model::new(
            &first,
            Some(&second),
            Clusters::from_pairs(pairs),
        ))
    }
}

fn write_rows(rows: &[PassRow], out: &mut Vec<u8>) {
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (key, w) in rows {
        out.extend_from_slice(&key.to_le_bytes());
        let mask: u16 = (0..N_LABELS).filter(|&l| w[l] != 0).map(|l| 1 << l).sum();
        out.extend_from_slice(&mask.to_le_bytes());
        for x in w.iter().filter(|x| **x != 0) {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

fn read_rows(r: &mut Reader) -> Result<Vec<PassRow>, NerError> {
    let n = r.u32()? as usize;
    let mut rows: Vec<PassRow> = Vec::with_capacity(n.min(1 << 24));
    for _ in 0..n {
        let key = r.u32()?;
        let mask = r.u16()?;
        let mut w = [0i16; N_LABELS];
        for (l, x) in w.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *x = r.u16()? as i16;
            }
        }
        if rows.last().is_some_and(|p| p.0 >= key) {
            return Err(NerError::Model(
                "model rows out of order; rebuild it with `newsdex ner train`".into(),
            ));
        }
        rows.push((key, w));
    }
    Ok(rows)
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
        let want5: Row = [1, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(back.weights.get(5), Some(&want5));
        assert_eq!(back.weights.get(6).unwrap()[17], 4);
        assert_eq!(back.weights.get(77).unwrap()[..2], [2, 2]);
        assert_eq!(back.weights.get(7), None);
        assert_eq!(back.weights.len(), 3);
        assert_eq!(back.clusters.get(9), [1, 2, 3, 1]);
        assert!(Model::from_bytes(b"garbage").is_err());
        assert!(Model::from_bytes(&m.to_bytes()[..20]).is_err());
    }
}
