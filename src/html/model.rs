//! The block classifier: logistic regression over the hashed features of [`super::features`],
//! its weights shipped inside the binary (`models/web.bin`), with the decision thresholds the
//! training chose.
//!
//! Two stages: the block classifier proper, and a second one that sees its probabilities in
//! context ([`super::context`]).
//!
//! File format (little-endian): the magic `NDXWEB3\n`, the decision thresholds (keep inside
//! the main container, keep outside it, the centre of the container evidence: `f32` each),
//! then for each stage the number of weights (`u32`) and that many (feature key `u32`, weight
//! `f32`) pairs sorted by key.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::extract::Thresholds;

/// A table of weights by feature key. The keys are already hashes ([`super::features::key`]),
/// so the table spreads them with one multiplication instead of SipHash, which was most of the
/// cost of a lookup: a page looks up about a hundred keys per block.
pub type Weights = HashMap<u32, f32, BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Weights`]: a feature key times an odd constant (Fibonacci hashing).
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u32` keys are hashed; other input is still folded in, byte by byte.
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    fn write_u32(&mut self, key: u32) {
        self.0 = (self.0 ^ u64::from(key)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The model file's first bytes.
const MAGIC: &[u8; 8] = b"NDXWEB3\n";

/// The shipped model.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/web.bin");

/// Weights and thresholds of the block classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Weight of each feature key of the first stage (absent = 0).
    pub weights: Weights,
    /// Weight of each context feature key of the second stage (none: no second stage).
    pub context: Weights,
    /// How blocks are kept.
    pub thresholds: Thresholds,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a newsdex web-page model ({0}); rebuild it with `newsdex web train`")]
pub struct ModelError(&'static str);

impl Model {
    /// The model built into the binary, loaded once.
    pub fn shipped() -> &'static Model {
        static SHIPPED: OnceLock<Model> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            Model::from_bytes(MODEL_BYTES).unwrap_or_else(|_| Model {
                weights: Weights::default(),
                context: Weights::default(),
                thresholds: Thresholds {
                    inside: 0.5,
                    outside: 0.9,
                    center: 0.5,
                },
            })
        })
    }

    /// The logit of a block with these features.
    pub fn logit(&self, feats: &[u32]) -> f32 {
        feats
            .iter()
            .map(|k| self.weights.get(k).copied().unwrap_or(0.0))
            .sum()
    }

    /// The second stage's logit of a block with these context features.
    pub fn context_logit(&self, feats: &[u32]) -> f32 {
        feats
            .iter()
            .map(|k| self.context.get(k).copied().unwrap_or(0.0))
            .sum()
    }

    /// The probability that a block with these features is article text.
    pub fn probability(&self, feats: &[u32]) -> f32 {
        sigmoid(self.logit(feats))
    }

    /// Serialises the model (weights sorted by key, so the same model gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let t = &self.thresholds;
        for v in [t.inside, t.outside, t.center] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for table in [&self.weights, &self.context] {
            let mut rows: Vec<(u32, f32)> = table
                .iter()
                .filter(|(_, w)| **w != 0.0)
                .map(|(k, w)| (*k, *w))
                .collect();
            rows.sort_unstable_by_key(|r| r.0);
            out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
            for (k, w) in rows {
                out.extend_from_slice(&k.to_le_bytes());
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError("wrong magic"))?;
        let word = |at: usize| -> Result<[u8; 4], ModelError> {
            rest.get(at..at + 4)
                .and_then(|s| s.try_into().ok())
                .ok_or(ModelError("truncated"))
        };
        let thresholds = Thresholds {
            inside: f32::from_le_bytes(word(0)?),
            outside: f32::from_le_bytes(word(4)?),
            center: f32::from_le_bytes(word(8)?),
        };
        let mut at = 12;
        let mut table = || -> Result<Weights, ModelError> {
            let n = u32::from_le_bytes(word(at)?) as usize;
            at += 4;
            let mut t = Weights::with_capacity_and_hasher(n.min(1 << 20), Default::default());
            for _ in 0..n {
                t.insert(
                    u32::from_le_bytes(word(at)?),
                    f32::from_le_bytes(word(at + 4)?),
                );
                at += 8;
            }
            Ok(t)
        };
        let weights = table()?;
        let context = table()?;
        if at != rest.len() {
            return Err(ModelError("wrong length"));
        }
        Ok(Model {
            weights,
            context,
            thresholds,
        })
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let m = Model {
            weights: Weights::from_iter([(7, 0.5), (3, -1.25), (9, 0.0)]),
            context: Weights::from_iter([(1, 2.0)]),
            thresholds: Thresholds {
                inside: 0.4,
                outside: 0.9,
                center: 0.45,
            },
        };
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.weights.len(), 2);
        assert_eq!(back.context_logit(&[1, 7]), 2.0);
        assert_eq!(back.logit(&[7, 3, 9, 100]), -0.75);
        assert_eq!(back.thresholds, m.thresholds);
        assert_eq!(back.to_bytes(), bytes);
        for bad in [
            &b""[..],
            b"NDXWEB3\n",
            &bytes[..bytes.len() - 1],
            b"garbage garbage garbage",
        ] {
            assert!(Model::from_bytes(bad).is_err());
        }
    }

    #[test]
    fn the_shipped_model_loads() {
        let m = Model::from_bytes(MODEL_BYTES).unwrap();
        assert!(m.thresholds.inside > 0.0 && m.thresholds.inside < 1.0);
        assert!(!m.weights.is_empty());
    }
}
