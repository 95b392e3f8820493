//! The block classifier: logistic regression over the hashed features of [`super::features`],
//! its weights shipped inside the binary (`models/web.bin`), with the decision thresholds the
//! training chose.
//!
//! File format (little-endian): the magic `NDXWEB1\n`, the keep threshold inside the best
//! container and the one outside it (`f32` each), the number of weights (`u32`), then that many
//! (feature key `u32`, weight `f32`) pairs sorted by key.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The model file's first bytes.
const MAGIC: &[u8; 8] = b"NDXWEB1\n";

/// The shipped model.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/web.bin");

/// Weights and thresholds of the block classifier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Weight of each feature key (absent = 0).
    pub weights: HashMap<u32, f32>,
    /// Probability above which a block inside the main container is kept.
    pub keep_inside: f32,
    /// Probability above which a block outside the main container is kept.
    pub keep_outside: f32,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a newsdex web-page model ({0}); rebuild it with `newsdex web train`")]
pub struct ModelError(&'static str);

impl Model {
    /// The model built into the binary, loaded once.
    pub fn shipped() -> &'static Model {
        static SHIPPED: OnceLock<Model> = OnceLock::new();
        SHIPPED.get_or_init(|| Model::from_bytes(MODEL_BYTES).unwrap_or_default())
    }

    /// The logit of a block with these features.
    pub fn logit(&self, feats: &[u32]) -> f32 {
        feats
            .iter()
            .map(|k| self.weights.get(k).copied().unwrap_or(0.0))
            .sum()
    }

    /// The probability that a block with these features is article text.
    pub fn probability(&self, feats: &[u32]) -> f32 {
        sigmoid(self.logit(feats))
    }

    /// Serialises the model (weights sorted by key, so the same model gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u32, f32)> = self
            .weights
            .iter()
            .filter(|(_, w)| **w != 0.0)
            .map(|(k, w)| (*k, *w))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        let mut out = Vec::with_capacity(20 + rows.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.keep_inside.to_le_bytes());
        out.extend_from_slice(&self.keep_outside.to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, w) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
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
        let keep_inside = f32::from_le_bytes(word(0)?);
        let keep_outside = f32::from_le_bytes(word(4)?);
        let n = u32::from_le_bytes(word(8)?) as usize;
        if rest.len() != 12 + n * 8 {
            return Err(ModelError("wrong length"));
        }
        let mut weights = HashMap::with_capacity(n);
        for i in 0..n {
            let at = 12 + i * 8;
            weights.insert(
                u32::from_le_bytes(word(at)?),
                f32::from_le_bytes(word(at + 4)?),
            );
        }
        Ok(Model {
            weights,
            keep_inside,
            keep_outside,
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
            weights: HashMap::from([(7, 0.5), (3, -1.25), (9, 0.0)]),
            keep_inside: 0.4,
            keep_outside: 0.9,
        };
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.weights.len(), 2);
        assert_eq!(back.logit(&[7, 3, 9, 100]), -0.75);
        assert_eq!((back.keep_inside, back.keep_outside), (0.4, 0.9));
        assert_eq!(back.to_bytes(), bytes);
        for bad in [
            &b""[..],
            b"NDXWEB1\n",
            &bytes[..bytes.len() - 1],
            b"garbage garbage garbage",
        ] {
            assert!(Model::from_bytes(bad).is_err());
        }
    }

    #[test]
    fn the_shipped_model_loads() {
        let m = Model::from_bytes(MODEL_BYTES).unwrap();
        assert!(m.keep_inside > 0.0 && m.keep_inside < 1.0);
    }
}
