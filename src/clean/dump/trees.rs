//! Gradient-boosted decision trees for binary classification, small enough to read: training
//! (logistic loss, sample weights, features cut into at most [`MAX_BINS`] quantile bins,
//! trees grown level by level, each child's gradient histogram built from its own rows or, for the
//! larger child, as the parent's minus its sibling's) and scoring (a walk down each tree comparing
//! raw feature values with the stored thresholds). Deterministic: the same rows always give the
//! same forest.

/// The most bins a feature is cut into.
pub const MAX_BINS: usize = 64;
/// Marks a leaf in [`Node::feature`].
const LEAF: u16 = u16::MAX;

/// One tree node: a split (`x[feature] <= value` goes to `left`, else `right`) or a leaf whose
/// `value` is added to the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// The feature tested, or [`LEAF`].
    pub feature: u16,
    /// The threshold of a split, the score of a leaf.
    pub value: f32,
    /// Index of the child for `x <= value`.
    pub left: u32,
    /// Index of the child for `x > value`.
    pub right: u32,
}

impl Node {
    /// A leaf adding `value`.
    pub fn leaf(value: f32) -> Node {
        Node {
            feature: LEAF,
            value,
            left: 0,
            right: 0,
        }
    }

    /// True for a leaf.
    pub fn is_leaf(&self) -> bool {
        self.feature == LEAF
    }
}

/// A boosted forest: a base score plus one leaf value per tree, squashed by the logistic function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forest {
    /// The log-odds before any tree.
    pub base: f32,
    /// Each tree's nodes, the root first; children come after their parent.
    pub trees: Vec<Vec<Node>>,
}

impl Forest {
    /// The log-odds of one feature vector.
    pub fn score(&self, x: &[f32]) -> f32 {
        let mut sum = self.base;
        for tree in &self.trees {
            let mut i = 0usize;
            // Children come after their parents, so this walk ends; a malformed tree that
            // points elsewhere stops at the first bad index.
            while let Some(node) = tree.get(i) {
                if node.is_leaf() {
                    sum += node.value;
                    break;
                }
                let v = x.get(usize::from(node.feature)).copied().unwrap_or(0.0);
                let next = if v <= node.value {
                    node.left
                } else {
                    node.right
                } as usize;
                if next <= i {
                    break;
                }
                i = next;
            }
        }
        sum
    }

    /// The probability of the positive class.
    pub fn probability(&self, x: &[f32]) -> f32 {
        1.0 / (1.0 + (-self.score(x)).exp())
    }
}

/// A forest laid out for fast scoring: every tree padded to a complete binary tree of the
/// forest's greatest depth (a leaf above that depth becomes splits that always go left, over
/// copies of the leaf), so a walk is `depth` branch-free steps over flat arrays, and trees are
/// scored a whole page of rows at a time while each tree sits in the cache.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compiled {
    base: f32,
    depth: u32,
    /// Per tree, `2^depth - 1` split features.
    features: Vec<u16>,
    /// Per tree, `2^depth - 1` split thresholds.
    thresholds: Vec<f32>,
    /// Per tree, `2^depth` leaf values.
    leaves: Vec<f32>,
}

/// The deepest a forest may be to be compiled (deeper trees are scored node by node).
const MAX_COMPILED_DEPTH: u32 = 10;

impl Compiled {
    /// Compiles a forest; `None` when a tree is malformed or deeper than 10.
    pub fn new(forest: &Forest) -> Option<Compiled> {
        let mut depth = 0;
        for tree in &forest.trees {
            depth = depth.max(tree_depth(tree, 0, 0)?);
        }
        if depth > MAX_COMPILED_DEPTH {
            return None;
        }
        let inner = (1usize << depth) - 1;
        let mut c = Compiled {
            base: forest.base,
            depth,
            features: Vec::with_capacity(forest.trees.len() * inner),
            thresholds: Vec::with_capacity(forest.trees.len() * inner),
            leaves: Vec::with_capacity(forest.trees.len() * (inner + 1)),
        };
        for tree in &forest.trees {
            let at = c.features.len();
            c.features.resize(at + inner, 0);
            c.thresholds.resize(at + inner, f32::INFINITY);
            let leaves = c.leaves.len();
            c.leaves.resize(leaves + inner + 1, 0.0);
            c.fill(tree, 0, 0, at, leaves);
        }
        Some(c)
    }

    /// Lays out the subtree of `tree[node]` at complete-tree position `pos`.
    fn fill(&mut self, tree: &[Node], node: usize, pos: usize, at: usize, leaves: usize) {
        let inner = (1usize << self.depth) - 1;
        let n = tree[node];
        if n.is_leaf() {
            // Every leaf position under `pos` takes the value.
            let (mut lo, mut hi) = (pos, pos);
            while lo < inner {
                (lo, hi) = (2 * lo + 1, 2 * hi + 2);
            }
            self.leaves[leaves + lo - inner..=leaves + hi - inner].fill(n.value);
            return;
        }
        self.features[at + pos] = n.feature;
        self.thresholds[at + pos] = n.value;
        self.fill(tree, n.left as usize, 2 * pos + 1, at, leaves);
        self.fill(tree, n.right as usize, 2 * pos + 2, at, leaves);
    }

    /// The probability of the positive class for each row.
    pub fn probabilities<const N: usize>(&self, rows: &[[f32; N]]) -> Vec<f32> {
        let mut sums = vec![self.base; rows.len()];
        let inner = (1usize << self.depth) - 1;
        let trees = self.leaves.len() / (inner + 1);
        for t in 0..trees {
            let tree = Tree {
                features: &self.features[t * inner..(t + 1) * inner],
                thresholds: &self.thresholds[t * inner..(t + 1) * inner],
                leaves: &self.leaves[t * (inner + 1)..(t + 1) * (inner + 1)],
                depth: self.depth,
            };
            // Four walks at once: their loads do not wait on each other.
            let mut sum_chunks = sums.chunks_exact_mut(4);
            let mut row_chunks = rows.chunks_exact(4);
            for (s, r) in (&mut sum_chunks).zip(&mut row_chunks) {
                let v = tree.leaf4([&r[0], &r[1], &r[2], &r[3]]);
                for k in 0..4 {
                    s[k] += v[k];
                }
            }
            for (s, r) in sum_chunks
                .into_remainder()
                .iter_mut()
                .zip(row_chunks.remainder())
            {
                *s += tree.leaf(r);
            }
        }
        sums.iter().map(|s| 1.0 / (1.0 + (-s).exp())).collect()
    }
}

/// One compiled tree's arrays.
struct Tree<'a> {
    features: &'a [u16],
    thresholds: &'a [f32],
    leaves: &'a [f32],
    depth: u32,
}

impl Tree<'_> {
    /// One step down from position `i` for feature vector `row`.
    #[inline(always)]
    fn step(&self, i: usize, row: &[f32]) -> usize {
        let x = row
            .get(usize::from(self.features[i]))
            .copied()
            .unwrap_or(0.0);
        2 * i + 1 + usize::from(x > self.thresholds[i])
    }

    /// The leaf value one row reaches.
    #[inline(always)]
    fn leaf(&self, row: &[f32]) -> f32 {
        let mut i = 0;
        for _ in 0..self.depth {
            i = self.step(i, row);
        }
        self.leaves[i - self.features.len()]
    }

    /// The leaf values four rows reach.
    #[inline(always)]
    fn leaf4(&self, rows: [&[f32]; 4]) -> [f32; 4] {
        let mut i = [0usize; 4];
        for _ in 0..self.depth {
            for k in 0..4 {
                i[k] = self.step(i[k], rows[k]);
            }
        }
        let inner = self.features.len();
        [
            self.leaves[i[0] - inner],
            self.leaves[i[1] - inner],
            self.leaves[i[2] - inner],
            self.leaves[i[3] - inner],
        ]
    }
}

/// The depth of the subtree at `node` (0 for a leaf); `None` when a child index does not come
/// after its parent or lies outside the tree, or the tree is implausibly deep.
fn tree_depth(tree: &[Node], node: usize, level: u32) -> Option<u32> {
    let n = tree.get(node)?;
    if n.is_leaf() {
        return Some(0);
    }
    if level > MAX_COMPILED_DEPTH || n.left as usize <= node || n.right as usize <= node {
        return None;
    }
    let l = tree_depth(tree, n.left as usize, level + 1)?;
    let r = tree_depth(tree, n.right as usize, level + 1)?;
    Some(1 + l.max(r))
}

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Number of trees.
    pub trees: usize,
    /// Depth of each tree (a depth of 5 gives at most 32 leaves).
    pub depth: usize,
    /// Shrinkage of each tree's leaf values.
    pub learning_rate: f32,
    /// L2 penalty on leaf values.
    pub lambda: f64,
    /// The least summed hessian (weighted) a child may have.
    pub min_child_weight: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            trees: 150,
            depth: 6,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_weight: 5.0,
        }
    }
}

/// Quantile cut points per feature: value `x` falls in bin `#{t in cuts : t < x}`.
struct Binner {
    cuts: Vec<Vec<f32>>,
}

impl Binner {
    /// Cut points from the rows: every distinct value when there are few, else quantiles.
    fn fit(rows: &[&[f32]], features: usize) -> Binner {
        let cuts = (0..features)
            .map(|f| {
                let mut v: Vec<f32> = rows.iter().map(|r| r[f]).collect();
                v.sort_unstable_by(f32::total_cmp);
                let mut distinct = v.clone();
                distinct.dedup();
                if distinct.len() <= MAX_BINS {
                    distinct.pop();
                    return distinct;
                }
                let mut cuts: Vec<f32> = (1..MAX_BINS).map(|j| v[j * v.len() / MAX_BINS]).collect();
                cuts.dedup();
                if cuts.last() == v.last() {
                    cuts.pop();
                }
                cuts
            })
            .collect();
        Binner { cuts }
    }

    /// The bin of value `x` of feature `f`.
    fn bin(&self, f: usize, x: f32) -> u8 {
        self.cuts[f].partition_point(|&t| t < x) as u8
    }
}

/// A node being grown: its rows (a range of the row order) and gradient sums.
struct Open {
    node: usize,
    range: (usize, usize),
    hist: Vec<[f64; 2]>,
}

/// Trains a forest on feature rows, labels and per-row weights.
pub fn train(rows: &[&[f32]], labels: &[bool], weights: &[f32], p: &Params) -> Forest {
    let n = rows.len();
    let features = rows.first().map_or(0, |r| r.len());
    if n == 0 || features == 0 {
        return Forest::default();
    }
    let binner = Binner::fit(rows, features);
    let mut bins = vec![0u8; n * features];
    for (r, row) in rows.iter().enumerate() {
        for f in 0..features {
            bins[r * features + f] = binner.bin(f, row[f]);
        }
    }
    let (mut pos, mut all) = (0f64, 0f64);
    for (&y, &w) in labels.iter().zip(weights) {
        pos += f64::from(w) * f64::from(u8::from(y));
        all += f64::from(w);
    }
    let base = ((pos + 1.0) / (all - pos + 1.0)).ln() as f32;
    let mut score = vec![base; n];
    let mut grad = vec![[0f64; 2]; n];
    let mut trees = Vec::with_capacity(p.trees);
    let mut order: Vec<u32> = (0..n as u32).collect();
    for _ in 0..p.trees {
        for r in 0..n {
            let prob = 1.0 / (1.0 + (-f64::from(score[r])).exp());
            let w = f64::from(weights[r]);
            let y = f64::from(u8::from(labels[r]));
            grad[r] = [w * (prob - y), (w * prob * (1.0 - prob)).max(1e-12)];
        }
        let (tree, leaves) = grow(&binner, &bins, features, &grad, &mut order, p);
        for ((lo, hi), value) in leaves {
            for &r in &order[lo..hi] {
                score[r as usize] += value;
            }
        }
        trees.push(tree);
    }
    Forest { base, trees }
}

/// The gradient histogram of rows `order[range]`: per feature and bin, summed (gradient, hessian).
fn histogram(bins: &[u8], features: usize, grad: &[[f64; 2]], rows: &[u32]) -> Vec<[f64; 2]> {
    let mut hist = vec![[0f64; 2]; features * MAX_BINS];
    for &r in rows {
        let r = r as usize;
        let g = grad[r];
        for (f, &b) in bins[r * features..(r + 1) * features].iter().enumerate() {
            let h = &mut hist[f * MAX_BINS + usize::from(b)];
            h[0] += g[0];
            h[1] += g[1];
        }
    }
    hist
}

/// The best split of a node from its histogram: (gain, feature, bin), bins `<= bin` going left.
fn best_split(
    hist: &[[f64; 2]],
    features: usize,
    cuts: &[Vec<f32>],
    p: &Params,
) -> Option<(f64, usize, usize)> {
    let total = hist[..MAX_BINS]
        .iter()
        .fold([0f64; 2], |a, h| [a[0] + h[0], a[1] + h[1]]);
    let parent = total[0] * total[0] / (total[1] + p.lambda);
    let mut best: Option<(f64, usize, usize)> = None;
    for f in 0..features {
        let mut left = [0f64; 2];
        for b in 0..cuts[f].len() {
            let h = hist[f * MAX_BINS + b];
            left = [left[0] + h[0], left[1] + h[1]];
            let right = [total[0] - left[0], total[1] - left[1]];
            if left[1] < p.min_child_weight || right[1] < p.min_child_weight {
                continue;
            }
            let gain = left[0] * left[0] / (left[1] + p.lambda)
                + right[0] * right[0] / (right[1] + p.lambda)
                - parent;
            if gain > 1e-9 && best.is_none_or(|(g, _, _)| gain > g) {
                best = Some((gain, f, b));
            }
        }
    }
    best
}

/// The rows (a range of the row order) a leaf holds, and its value.
type Leaf = ((usize, usize), f32);

/// Grows one tree level by level over all rows; also returns its leaves.
fn grow(
    binner: &Binner,
    bins: &[u8],
    features: usize,
    grad: &[[f64; 2]],
    order: &mut [u32],
    p: &Params,
) -> (Vec<Node>, Vec<Leaf>) {
    let n = order.len();
    let mut tree = vec![Node::leaf(0.0)];
    let mut leaves = Vec::new();
    let mut level = vec![Open {
        node: 0,
        range: (0, n),
        hist: histogram(bins, features, grad, order),
    }];
    for depth in 0..=p.depth {
        let mut next = Vec::new();
        for open in level {
            let total = open.hist[..MAX_BINS]
                .iter()
                .fold([0f64; 2], |a, h| [a[0] + h[0], a[1] + h[1]]);
            let split = (depth < p.depth)
                .then(|| best_split(&open.hist, features, &binner.cuts, p))
                .flatten();
            let Some((_, f, b)) = split else {
                let value = -total[0] / (total[1] + p.lambda) * f64::from(p.learning_rate);
                tree[open.node] = Node::leaf(value as f32);
                leaves.push((open.range, value as f32));
                continue;
            };
            // Partition the node's rows: bin <= b first.
            let (lo, hi) = open.range;
            let slice = &mut order[lo..hi];
            let mut mid = 0;
            for i in 0..slice.len() {
                if usize::from(bins[slice[i] as usize * features + f]) <= b {
                    slice.swap(i, mid);
                    mid += 1;
                }
            }
            let (left, right) = (tree.len(), tree.len() + 1);
            tree[open.node] = Node {
                feature: f as u16,
                value: binner.cuts[f][b],
                left: left as u32,
                right: right as u32,
            };
            tree.push(Node::leaf(0.0));
            tree.push(Node::leaf(0.0));
            let (small, large, small_range, large_range) = if mid <= slice.len() - mid {
                (left, right, (lo, lo + mid), (lo + mid, hi))
            } else {
                (right, left, (lo + mid, hi), (lo, lo + mid))
            };
            let small_hist = histogram(bins, features, grad, &order[small_range.0..small_range.1]);
            let large_hist: Vec<[f64; 2]> = open
                .hist
                .iter()
                .zip(&small_hist)
                .map(|(a, b)| [a[0] - b[0], a[1] - b[1]])
                .collect();
            next.push(Open {
                node: small,
                range: small_range,
                hist: small_hist,
            });
            next.push(Open {
                node: large,
                range: large_range,
                hist: large_hist,
            });
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    (tree, leaves)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_an_interaction_and_is_deterministic() {
        // y = (a > 0.5) xor (b > 0.5), with a noise feature.
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..400u32 {
            let a = (i % 20) as f32 / 20.0;
            let b = ((i / 20) % 20) as f32 / 20.0;
            let noise = ((i * 7919) % 13) as f32;
            rows.push(vec![a, b, noise]);
            labels.push((a > 0.5) != (b > 0.5));
        }
        let refs: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let weights = vec![1.0; rows.len()];
        let p = Params {
            trees: 30,
            depth: 3,
            min_child_weight: 1.0,
            ..Params::default()
        };
        let forest = train(&refs, &labels, &weights, &p);
        let right = refs
            .iter()
            .zip(&labels)
            .filter(|(r, y)| (forest.probability(r) > 0.5) == **y)
            .count();
        assert!(right >= 390, "{right}/400");
        assert_eq!(forest, train(&refs, &labels, &weights, &p));
        assert!(Forest::default().score(&[1.0]) == 0.0);
        assert!(train(&[], &[], &[], &p).trees.is_empty());
    }

    #[test]
    fn compiled_forests_score_as_the_trees() {
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..300u32 {
            let a = (i % 17) as f32;
            let b = ((i * 31) % 23) as f32;
            rows.push([a, b, (i % 5) as f32]);
            labels.push(a * 2.0 + b > 30.0 || i % 5 == 0);
        }
        let refs: Vec<&[f32]> = rows.iter().map(|r| r.as_slice()).collect();
        let p = Params {
            trees: 20,
            depth: 4,
            min_child_weight: 1.0,
            ..Params::default()
        };
        let forest = train(&refs, &labels, &vec![1.0; rows.len()], &p);
        let compiled = Compiled::new(&forest).expect("well-formed");
        let got = compiled.probabilities(&rows);
        for (row, p) in rows.iter().zip(got) {
            assert!((forest.probability(row) - p).abs() < 1e-5);
        }
        let empty = Compiled::new(&Forest::default()).expect("empty");
        assert_eq!(empty.probabilities(&[[1.0f32]]), [0.5]);
    }

    #[test]
    fn malformed_trees_do_not_loop() {
        let forest = Forest {
            base: 0.0,
            trees: vec![vec![Node {
                feature: 0,
                value: 0.5,
                left: 0,
                right: 7,
            }]],
        };
        assert_eq!(forest.score(&[0.0]), 0.0);
        assert_eq!(forest.score(&[1.0]), 0.0);
        assert_eq!(forest.score(&[]), 0.0);
        assert_eq!(Compiled::new(&forest), None);
    }
}
