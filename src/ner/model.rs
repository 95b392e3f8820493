//! The trained model: a table of quantised weights keyed by feature hash (nine labels per
//! feature: `O` and `B-`/`I-` of PER, LOC, ORG, MISC), the word clusters, its binary format,
//! and greedy left-to-right decoding with a constraint that `I-X` only follows `B-X`/`I-X`.

use super::NerError;
use super::clusters::Clusters;
use super::features::{DocFeatures, START, aggregate_features, tag_features};

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

#[derive(Clone, Copy)]
struct Slot {
    key: u32,
    w: [i16; N_LABELS],
}

const EMPTY: Slot = Slot {
    key: 0,
    w: [0; N_LABELS],
};

/// Feature key → quantised label weights, an open-addressing table (keys are never 0).
#[derive(Clone)]
pub struct Weights {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
}

impl Weights {
    /// Builds the table from `(key, weights)` pairs.
    pub fn from_rows(rows: &[(u32, [i16; N_LABELS])]) -> Weights {
        let cap = (rows.len() * 10 / 7 + 16).next_power_of_two();
        let mut w = Weights {
            slots: vec![EMPTY; cap],
            mask: cap - 1,
            len: 0,
        };
        for &(key, row) in rows {
            let mut i = Self::home(key) & w.mask;
            while w.slots[i].key != 0 && w.slots[i].key != key {
                i = (i + 1) & w.mask;
            }
            if w.slots[i].key == 0 {
                w.len += 1;
            }
            w.slots[i] = Slot { key, w: row };
        }
        w
    }

    #[inline]
    fn home(key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 7) as usize
    }

    /// The weights of a feature, if it has any.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&[i16; N_LABELS]> {
        let mut i = Self::home(key) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(&s.w);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no features.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All rows sorted by key.
    pub fn sorted_rows(&self) -> Vec<(u32, [i16; N_LABELS])> {
        let mut v: Vec<_> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.w))
            .collect();
        v.sort_unstable_by_key(|r| r.0);
        v
    }
}

/// A trained tagger: first- and second-pass weights and word clusters.
#[derive(Clone)]
pub struct Model {
    /// The first-pass feature weights.
    pub weights: Weights,
    /// The second-pass weights (features of the first pass's labels), when trained.
    pub second: Option<Weights>,
    /// The word clusters the features use.
    pub clusters: Clusters,
}

impl Model {
    /// Serialises the model (deterministic: rows sorted by key).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        write_rows(&self.weights, &mut out);
        match &self.second {
            Some(w) => write_rows(w, &mut out),
            None => out.extend_from_slice(&0u32.to_le_bytes()),
        }
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
        let weights = read_rows(&mut r)?;
        let second = read_rows(&mut r)?;
        let m = r.u32()? as usize;
        let mut pairs = Vec::with_capacity(m);
        for _ in 0..m {
            let key = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
            pairs.push((key, [r.u16()?, r.u16()?, r.u16()?, r.u16()?]));
        }
        Ok(Model {
            weights,
            second: (!second.is_empty()).then_some(second),
            clusters: Clusters::from_pairs(pairs),
        })
    }

    /// Tags every sentence of a document (first pass, then the second pass when the model
    /// has one); returns label indices in document order.
    pub fn decode(&self, df: &DocFeatures) -> Vec<usize> {
        let first = decode_with(&self.weights, df, None);
        match &self.second {
            None => first,
            Some(w2) => {
                let (feats, offsets) = aggregate_features(df, &first);
                decode_with(w2, df, Some((&feats, &offsets)))
            }
        }
    }
}

/// Greedy decoding of a document with one weight table, optionally with extra per-token
/// features `(feats, offsets)`.
pub fn decode_with(w: &Weights, df: &DocFeatures, extra: Option<(&[u32], &[u32])>) -> Vec<usize> {
    let mut out = vec![0usize; df.infos.len()];
    let none: &[u32] = &[];
    for &(b, e) in &df.bounds {
        let (mut p1, mut p2) = (START, START);
        for t in b..e {
            let mut scores = [0i32; N_LABELS];
            let dynamic = tag_features(&df.infos[t], p1, p2);
            let more = extra.map_or(none, |(f, o)| &f[o[t] as usize..o[t + 1] as usize]);
            for &f in df.of(t).iter().chain(dynamic.iter()).chain(more) {
                if let Some(row) = w.get(f) {
                    for (s, x) in scores.iter_mut().zip(row) {
                        *s += i32::from(*x);
                    }
                }
            }
            let best = best_label(&scores, p1);
            out[t] = best;
            p2 = p1;
            p1 = best;
        }
    }
    out
}

fn write_rows(w: &Weights, out: &mut Vec<u8>) {
    let rows = w.sorted_rows();
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

fn read_rows(r: &mut Reader) -> Result<Weights, NerError> {
    let n = r.u32()? as usize;
    let mut rows = Vec::with_capacity(n.min(1 << 24));
    for _ in 0..n {
        let key = r.u32()?;
        let mask = r.u16()?;
        let mut w = [0i16; N_LABELS];
        for (l, x) in w.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *x = r.u16()? as i16;
            }
        }
        rows.push((key, w));
    }
    Ok(Weights::from_rows(&rows))
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
        let rows = vec![(5u32, [1, 0, 0, 0, 0, 0, 0, 0, -3]), (77, [0; 9])];
        let m = Model {
            weights: Weights::from_rows(&rows),
            second: None,
            clusters: Clusters::from_pairs([(9u64, [1, 2, 3, 1])]),
        };
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.weights.get(5), Some(&[1, 0, 0, 0, 0, 0, 0, 0, -3]));
        assert_eq!(back.weights.get(6), None);
        assert_eq!(back.clusters.get(9), [1, 2, 3, 1]);
        assert!(Model::from_bytes(b"garbage").is_err());
        assert!(Model::from_bytes(&m.to_bytes()[..20]).is_err());
    }
}
