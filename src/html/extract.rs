//! The article body of a page: every text block gets the classifier's probability of being
//! article text, then the page's structure decides. The main container is the element where
//! the evidence for article text outweighs the evidence against it the most (each block
//! counting by its length); blocks inside it are kept above a lower threshold, blocks outside
//! it only when the classifier is sure. Paragraphs come out in page order.

use std::ops::Range;

use super::blocks::{self, Block};
use super::dom::{Dom, Kind};
use super::features::{Page, fold};
use super::model::{Model, sigmoid};

/// Decision thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Keep a block inside the main container above this probability.
    pub inside: f32,
    /// Keep a block outside it above this probability.
    pub outside: f32,
    /// The probability that counts as no evidence when choosing the main container: blocks
    /// above it pull the container towards them, blocks below push it away.
    pub center: f32,
}

/// What the decision needs of a page: each block's length and probability, and the ranges of
/// blocks the page's elements hold.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    /// Each block's length in characters.
    pub chars: Vec<u32>,
    /// Each block's probability of being article text.
    pub probs: Vec<f32>,
    /// The distinct non-empty ranges of blocks held by one element, sorted.
    pub ranges: Vec<Range<u32>>,
    /// For each block, the element holding its holder (siblings share it).
    pub groups: Vec<u32>,
}

/// The distinct block ranges of a page's elements.
pub fn element_ranges(dom: &Dom, page: &Page) -> Vec<Range<u32>> {
    let mut ranges: Vec<Range<u32>> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, Kind::Element { .. }))
        .map(|(i, _)| page.block_range(i as u32))
        .filter(|r| !r.is_empty())
        .map(|r| r.start as u32..r.end as u32)
        .collect();
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    ranges.dedup();
    ranges
}

/// Scores every block of a page.
pub fn score(dom: &Dom, blocks: &[Block], headline: Option<&str>, model: &Model) -> Scored {
    let page = Page::new(dom, blocks, headline);
    let mut feats = Vec::with_capacity(128);
    let probs = (0..blocks.len())
        .map(|i| {
            page.features(i, &mut feats);
            model.probability(&feats)
        })
        .collect();
    Scored {
        chars: blocks.iter().map(|b| b.chars).collect(),
        probs,
        ranges: element_ranges(dom, &page),
        groups: groups(dom, blocks),
    }
}

/// Each block's sibling group: the parent of the element holding it.
pub fn groups(dom: &Dom, blocks: &[Block]) -> Vec<u32> {
    blocks
        .iter()
        .map(|b| dom.ancestors(b.owner).next().unwrap_or(b.owner))
        .collect()
}

/// The block range of the element whose blocks carry the most evidence for article text
/// (the first such one, which is the outermost of equals).
pub fn main_range(s: &Scored, center: f32) -> Option<Range<u32>> {
    let mut sums = vec![0f64; s.chars.len() + 1];
    for (i, (c, p)) in s.chars.iter().zip(&s.probs).enumerate() {
        sums[i + 1] = sums[i] + f64::from(*p - center) * f64::from(*c);
    }
    let mut best: Option<(f64, &Range<u32>)> = None;
    for r in &s.ranges {
        let v = sums[r.end as usize] - sums[r.start as usize];
        if best.is_none_or(|(bv, _)| v > bv) {
            best = Some((v, r));
        }
    }
    best.filter(|(v, _)| *v > 0.0).map(|(_, r)| r.clone())
}

/// The final probability of each block (the first stage's, seen in context when the model
/// has a second stage) and the main container's block range.
pub fn final_probs(s: &Scored, model: &Model, t: Thresholds) -> (Vec<f32>, Option<Range<u32>>) {
    let main = main_range(s, t.center);
    if model.context.is_empty() {
        return (s.probs.clone(), main);
    }
    let mut feats = Vec::with_capacity(32);
    let probs = (0..s.probs.len())
        .map(|i| {
            super::context::features(&s.probs, &s.groups, &s.chars, main.as_ref(), i, &mut feats);
            sigmoid(model.context_logit(&feats))
        })
        .collect();
    (probs, main)
}

/// Which blocks are article text.
pub fn decide(s: &Scored, model: &Model, t: Thresholds) -> Vec<bool> {
    let (probs, main) = final_probs(s, model, t);
    probs
        .iter()
        .enumerate()
        .map(|(i, &p)| match &main {
            Some(m) if m.contains(&(i as u32)) => p > t.inside,
            _ => p > t.outside,
        })
        .collect()
}

/// The article paragraphs of a parsed page; the headline, when a block repeats it, is left
/// out (it is the article's title, not its body).
pub fn extract(dom: &Dom, headline: Option<&str>, model: &Model) -> Vec<String> {
    let blocks = blocks::blocks(dom);
    let scored = score(dom, &blocks, headline, model);
    let keep = decide(&scored, model, model.thresholds);
    body(&blocks, &keep, headline)
}

/// The kept blocks' texts, less a block that repeats the headline.
pub fn body(blocks: &[Block], keep: &[bool], headline: Option<&str>) -> Vec<String> {
    let head = headline.map(fold).filter(|h| !h.is_empty());
    blocks
        .iter()
        .zip(keep)
        .filter(|(b, k)| **k && head.as_deref() != Some(fold(&b.text).as_str()))
        .map(|(b, _)| b.text.clone())
        .collect()
}

/// Writes every block of a page with its decision, probability, place (`*` inside the main
/// container), tag and text: what `newsdex web extract --blocks` shows.
pub fn explain(
    bytes: &[u8],
    model: &Model,
    verbose: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let decoded = super::charset::decode(bytes, None, None);
    let dom = Dom::parse(&decoded.text);
    let m = super::meta::read(&dom, None);
    let headline = m.h1.as_deref().or(m.title.as_deref());
    let blocks = blocks::blocks(&dom);
    let scored = score(&dom, &blocks, headline, model);
    let page = Page::new(&dom, &blocks, headline);
    let keep = decide(&scored, model, model.thresholds);
    let (probs, main) = final_probs(&scored, model, model.thresholds);
    for (i, b) in blocks.iter().enumerate() {
        let inside = main.as_ref().is_some_and(|m| m.contains(&(i as u32)));
        let text: String = b.text.chars().take(100).collect();
        writeln!(
            out,
            "{} {:.2} {} {:<10} {text}",
            if keep[i] { '+' } else { '-' },
            probs[i],
            if inside { '*' } else { ' ' },
            dom.name(b.owner).unwrap_or("#doc"),
        )?;
        if verbose {
            // The features that weigh most in this block's score.
            let mut named: Vec<(f32, String)> = page
                .named_features(i)
                .into_iter()
                .map(|(t, v)| {
                    let w = model.weights.get(&super::features::key(&t, &v)).copied();
                    (w.unwrap_or(0.0), format!("{t}={v}"))
                })
                .collect();
            named.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
            let top: Vec<String> = named
                .iter()
                .take(8)
                .map(|(w, n)| format!("{n} {w:+.2}"))
                .collect();
            writeln!(out, "        {}", top.join(", "))?;
        }
    }
    Ok(())
}
