//! The line model of page dumps: the [`Lexicon`], the boosted [`Forest`] over the line
//! [`features`](super::features) and the probability above which a line is article text; its
//! binary format (little-endian, signed by `NDXDUMP1`) and the copy shipped inside the binary
//! (`models/dump.bin`, rebuilt by `newsdex clean train`).

use std::sync::OnceLock;

use super::features::{N_FEATURES, page_features};
use super::lexicon::Lexicon;
use super::page::Page;
use super::trees::{Compiled, Forest, Node};

const MAGIC: &[u8; 8] = b"NDXDUMP1";

/// The shipped model, embedded so the binary needs no data files.
static MODEL_BYTES: &[u8] = include_bytes!("../../../models/dump.bin");

/// Why model bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with the model signature.
    #[error("not a newsdex page-dump model (bad signature); rebuild it with `newsdex clean train`")]
    BadMagic,
    /// The bytes end early or hold an impossible count.
    #[error("truncated or corrupt page-dump model; rebuild it with `newsdex clean train`")]
    Truncated,
    /// The model was trained on another feature set.
    #[error(
        "page-dump model has {found} features per line, this newsdex computes {expected}; retrain it with `newsdex clean train`"
    )]
    Features {
        /// Features in the file.
        found: u32,
        /// Features this build computes.
        expected: u32,
    },
}

/// A trained line model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    lexicon: Lexicon,
    forest: Forest,
    /// The forest laid out for scoring; `None` when it cannot be (then scored node by node).
    compiled: Option<Compiled>,
    threshold: f32,
}

impl Default for Model {
    /// A model that keeps every line.
    fn default() -> Self {
        Model::new(Lexicon::default(), Forest::default(), 0.0)
    }
}

impl Model {
    /// A model from its parts: word log-odds, the trees over line features, and the probability
    /// above which a line is article text.
    pub fn new(lexicon: Lexicon, forest: Forest, threshold: f32) -> Model {
        Model {
            compiled: Compiled::new(&forest),
            lexicon,
            forest,
            threshold,
        }
    }

    /// The embedded model, loaded once; a model that keeps every line should it be unreadable
    /// (the tests check it is not).
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::from_bytes(MODEL_BYTES).unwrap_or_default())
    }

    /// The embedded model's bytes, as shipped.
    pub fn embedded_bytes() -> &'static [u8] {
        MODEL_BYTES
    }

    /// The word log-odds.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The trees.
    pub fn forest(&self) -> &Forest {
        &self.forest
    }

    /// Lines whose probability of being article text is above this are kept.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The probability that each line of the page is article text.
    pub fn probabilities(&self, page: &Page) -> Vec<f32> {
        let rows = page_features(page, &self.lexicon);
        match &self.compiled {
            Some(c) => c.probabilities(&rows),
            None => rows.iter().map(|r| self.forest.probability(r)).collect(),
        }
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let u32le = |out: &mut Vec<u8>, v: usize| {
            out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
        };
        u32le(&mut out, N_FEATURES);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        let entries = self.lexicon.entries();
        u32le(&mut out, entries.len());
        for (k, v) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        write_forest(&mut out, &self.forest);
        out
    }

    /// Reads [`Model::to_bytes`] output back; an error, never a panic, on any other bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader(bytes.strip_prefix(MAGIC).ok_or(ModelError::BadMagic)?);
        let features = r.u32()?;
        if features as usize != N_FEATURES {
            return Err(ModelError::Features {
                found: features,
                expected: N_FEATURES as u32,
            });
        }
        let threshold = r.f32()?;
        let n = r.count(8)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push((r.u32()?, r.f32()?));
        }
        let forest = r.forest()?;
        if !r.0.is_empty() {
            return Err(ModelError::Truncated);
        }
        Ok(Model::new(
            Lexicon::from_entries(entries),
            forest,
            threshold,
        ))
    }
}

/// Appends a forest: base score, tree count, then per tree its node count and nodes.
fn write_forest(out: &mut Vec<u8>, forest: &Forest) {
    let u32le = |out: &mut Vec<u8>, v: usize| {
        out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
    };
    out.extend_from_slice(&forest.base.to_le_bytes());
    u32le(out, forest.trees.len());
    for tree in &forest.trees {
        u32le(out, tree.len());
        for node in tree {
            out.extend_from_slice(&node.feature.to_le_bytes());
            out.extend_from_slice(&node.value.to_le_bytes());
            out.extend_from_slice(&node.left.to_le_bytes());
            out.extend_from_slice(&node.right.to_le_bytes());
        }
    }
}

/// A cursor over model bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(ModelError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.take().map(u32::from_le_bytes)
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        self.take().map(f32::from_le_bytes)
    }

    /// A forest written by [`write_forest`].
    fn forest(&mut self) -> Result<Forest, ModelError> {
        let base = self.f32()?;
        let n_trees = self.count(4)?;
        let mut trees = Vec::with_capacity(n_trees);
        for _ in 0..n_trees {
            let nodes = self.count(14)?;
            let mut tree = Vec::with_capacity(nodes);
            for _ in 0..nodes {
                tree.push(Node {
                    feature: u16::from_le_bytes(self.take()?),
                    value: self.f32()?,
                    left: self.u32()?,
                    right: self.u32()?,
                });
            }
            trees.push(tree);
        }
        Ok(Forest { base, trees })
    }

    /// A count of items of at least `size` bytes each, checked against the bytes left.
    fn count(&mut self, size: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.0.len() {
            return Err(ModelError::Truncated);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        Model::new(
            Lexicon::from_entries([(7, -1.5), (3, 2.0)]),
            Forest {
                base: 0.25,
                trees: vec![vec![
                    Node {
                        feature: 1,
                        value: 0.5,
                        left: 1,
                        right: 2,
                    },
                    Node::leaf(-1.0),
                    Node::leaf(1.0),
                ]],
            },
            0.5,
        )
    }

    #[test]
    fn bytes_round_trip_and_garbage() {
        let m = sample();
        let bytes = m.to_bytes();
        assert_eq!(Model::from_bytes(&bytes), Ok(m));
        assert_eq!(Model::from_bytes(b"nonsense"), Err(ModelError::BadMagic));
        for cut in [8, 12, 20, bytes.len() - 1] {
            assert_eq!(
                Model::from_bytes(&bytes[..cut]),
                Err(ModelError::Truncated),
                "{cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Model::from_bytes(&longer), Err(ModelError::Truncated));
        let mut other = bytes;
        other[8] = 3;
        assert!(matches!(
            Model::from_bytes(&other),
            Err(ModelError::Features { found: 3, .. })
        ));
    }

    #[test]
    fn the_embedded_model_loads() {
        let m = Model::from_bytes(Model::embedded_bytes()).expect("models/dump.bin");
        assert!(m.forest().trees.len() >= 10 && m.lexicon().len() >= 1000);
        assert!((0.0..1.0).contains(&m.threshold()));
        assert!(m.compiled.is_some());
    }
}
