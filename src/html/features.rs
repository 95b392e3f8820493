//! What the block classifier sees of each text block, as hashed binary features. None of them
//! names a site or depends on one language's vocabulary, except through the class and id
//! names pages give their elements (`article-body`, `sidebar`, `comments`: the same few
//! words across sites and languages) and the words of very short blocks (menu entries, button
//! labels), which the model weighs only where they recur across many sites.
//!
//! - the text: length, words, link density, punctuation, capitals, digits, first and last
//!   character, whether it repeats elsewhere on the page or is the headline;
//! - the element: the tag holding the text and its parent's, the structural tags above it
//!   (`article`, `nav`, `footer`, `li`, `table`, …), the class/id tokens of the holder, its
//!   parent and all ancestors;
//! - the neighbourhood: how much long, link-free text the enclosing elements hold (the
//!   Readability signal: article paragraphs come in clusters), whether the block lies in the
//!   page's best-scoring container, the previous and next blocks' length and link density;
//! - the position in the page.

use std::collections::HashMap;

use super::blocks::Block;
use super::dom::{Dom, NodeId, Order};

/// Ancestors looked at for structural tags and class tokens.
const MAX_ANCESTORS: usize = 40;

/// Structural tags whose presence above a block is a feature.
const STRUCTURE: &[&str] = &[
    "article",
    "main",
    "aside",
    "nav",
    "header",
    "footer",
    "form",
    "li",
    "table",
    "figure",
    "blockquote",
    "a",
    "section",
    "dl",
    "address",
    "details",
    "label",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "strong",
    "em",
    "b",
    "time",
    "small",
    "span",
    "button",
    "center",
    "font",
    "noscript",
];

// `Page::emit` keeps the structural tags seen in a 64-bit set.
const _: () = assert!(STRUCTURE.len() <= 64);

/// A feature key: the hash of a template name and its value.
pub fn key(template: &str, value: &str) -> u32 {
    key_parts(&[template], &[value])
}

/// [`key`] of the template and value each given as pieces to join (no joined string is built).
fn key_parts(template: &[&str], value: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for t in template {
        eat(t.as_bytes());
    }
    eat(b"\x1f");
    for v in value {
        eat(v.as_bytes());
    }
    (h ^ (h >> 32)) as u32
}

/// Bin labels: a bin's index as text.
const BINS: [&str; 12] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

/// Facts about a page shared by the features of all its blocks.
pub struct Page<'a> {
    dom: &'a Dom,
    blocks: &'a [Block],
    order: Order,
    /// Prefix sums over blocks in document order: chars, link chars, long blocks.
    sum_chars: Vec<u64>,
    sum_links: Vec<u64>,
    sum_long: Vec<u32>,
    /// Each block's place in document order (pre-order index of its first text node).
    pos: Vec<u32>,
    /// Per block: another block carries the same text.
    dup: Vec<bool>,
    /// Per node: its index in [`STRUCTURE`] if it is one of those elements, else `u8::MAX`.
    structure: Vec<u8>,
    /// The headline, folded, if known.
    headline: Option<String>,
    /// The container that best holds long prose, Readability-style.
    pub best: Option<NodeId>,
    /// Per node, the tokens of its class, id, itemprop and role values in that order, worked
    /// out the first time a block below it asks (many blocks share each ancestor).
    attr_tokens: Vec<std::cell::OnceCell<Vec<String>>>,
}

/// A block counted as prose for the container scores.
fn is_long(b: &Block) -> bool {
    b.chars >= 80 && b.link_chars * 10 < b.chars * 3
}

impl<'a> Page<'a> {
    /// Prepares the page facts.
    pub fn new(dom: &'a Dom, blocks: &'a [Block], headline: Option<&str>) -> Page<'a> {
        let order = dom.order();
        let pos: Vec<u32> = blocks
            .iter()
            .map(|b| order.pre[b.first_text as usize])
            .collect();
        let mut sum_chars = vec![0u64; blocks.len() + 1];
        let mut sum_links = vec![0u64; blocks.len() + 1];
        let mut sum_long = vec![0u32; blocks.len() + 1];
        for (i, b) in blocks.iter().enumerate() {
            sum_chars[i + 1] = sum_chars[i] + u64::from(b.chars);
            sum_links[i + 1] = sum_links[i] + u64::from(b.link_chars);
            sum_long[i + 1] = sum_long[i] + u32::from(is_long(b));
        }
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for b in blocks {
            *counts.entry(b.text.as_str()).or_default() += 1;
        }
        let dup = blocks.iter().map(|b| counts[b.text.as_str()] > 1).collect();
        let structure = (0..order.pre.len() as NodeId)
            .map(|id| {
                dom.name(id)
                    .and_then(|n| STRUCTURE.iter().position(|s| *s == n))
                    .map_or(u8::MAX, |k| k as u8)
            })
            .collect();
        let mut page = Page {
            dom,
            blocks,
            order,
            sum_chars,
            sum_links,
            sum_long,
            pos,
            dup,
            structure,
            headline: headline.map(fold),
            best: None,
            attr_tokens: Vec::new(),
        };
        page.attr_tokens = (0..page.order.pre.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        page.best = page.best_container();
        page
    }

    /// The range of blocks (indices, in page order) whose text starts inside a node.
    pub fn block_range(&self, node: NodeId) -> std::ops::Range<usize> {
        let (a, z) = (self.order.pre[node as usize], self.order.end[node as usize]);
        if a == u32::MAX {
            return 0..0;
        }
        let lo = self.pos.partition_point(|&p| p < a);
        let hi = self.pos.partition_point(|&p| p <= z);
        lo..hi.max(lo)
    }

    /// Chars, link chars and long blocks inside a node.
    fn totals(&self, node: NodeId) -> (u64, u64, u32) {
        let r = self.block_range(node);
        (
            self.sum_chars[r.end] - self.sum_chars[r.start],
            self.sum_links[r.end] - self.sum_links[r.start],
            self.sum_long[r.end] - self.sum_long[r.start],
        )
    }

    /// Readability's candidate: each prose block gives its holder's parent its score and the
    /// grandparent half of it; the best node, discounted by its link density, wins.
    fn best_container(&self) -> Option<NodeId> {
        let mut score: HashMap<NodeId, f64> = HashMap::new();
        for b in self.blocks {
            if b.chars < 25 {
                continue;
            }
            let commas = b.text.matches([',', '，', '、']).count() as f64;
            let s = 1.0 + commas + (f64::from(b.chars) / 100.0).min(3.0);
            let mut up = self.dom.ancestors(b.owner);
            // The holder itself (a <p>) and its parent, then the grandparent at half.
            *score.entry(b.owner).or_default() += s;
            if let Some(p) = up.next() {
                *score.entry(p).or_default() += s;
                if let Some(g) = up.next() {
                    *score.entry(g).or_default() += s / 2.0;
                }
            }
        }
        score
            .into_iter()
            .filter(|(id, _)| !matches!(self.dom.name(*id), Some("p") | Some("html") | None))
            .map(|(id, s)| {
                let (chars, links, _) = self.totals(id);
                let ld = if chars > 0 {
                    links as f64 / chars as f64
                } else {
                    0.0
                };
                (id, s * (1.0 - ld))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(id, _)| id)
    }

    /// The class, id, itemprop and role tokens of a node ([`tokens`] of each value, in that order).
    fn attr_tokens(&self, id: NodeId) -> &[String] {
        let Some(cell) = self.attr_tokens.get(id as usize) else {
            return &[];
        };
        cell.get_or_init(|| {
            let mut all = Vec::new();
            for attr in ["class", "id", "itemprop", "role"] {
                if let Some(v) = self.dom.attr(id, attr) {
                    all.extend(tokens(v));
                }
            }
            all
        })
    }

    /// Whether `node` is `anc` or inside it.
    pub fn inside(&self, node: NodeId, anc: NodeId) -> bool {
        let (p, a, z) = (
            self.order.pre[node as usize],
            self.order.pre[anc as usize],
            self.order.end[anc as usize],
        );
        p != u32::MAX && a <= p && p <= z
    }

    /// The features of block `i`, appended to `out` (cleared first).
    pub fn features(&self, i: usize, out: &mut Vec<u32>) {
        out.clear();
        self.emit(i, &mut |t, v| out.push(key_parts(t, v)));
    }

    /// The features of block `i` as (template, value) names, for explaining a decision.
    pub fn named_features(&self, i: usize) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.emit(i, &mut |t, v| out.push((t.concat(), v.concat())));
        out
    }

    /// Calls `f` with the template and value of each feature of block `i`, each as pieces to
    /// join.
    fn emit(&self, i: usize, f: &mut dyn FnMut(&[&str], &[&str])) {
        let b = &self.blocks[i];
        let dom = self.dom;
        f(&["bias"], &[""]);
        let words = b.text.split_whitespace().count();
        let len = bin(
            f64::from(b.chars),
            &[5., 10., 20., 35., 50., 80., 120., 200., 400., 800.],
        );
        let ld = link_bin(b);
        f(&["len"], &[len]);
        f(
            &["words"],
            &[bin(words as f64, &[1., 2., 3., 5., 8., 12., 20., 40., 80.])],
        );
        f(&["ld"], &[ld]);
        f(&["ld*len"], &[ld, "*", len]);
        let (end, start) = (
            char_class(b.text.chars().last()),
            char_class(b.text.chars().next()),
        );
        f(&["end"], &[end]);
        f(&["start"], &[start]);
        let puncts = b.text.matches(['.', ',', ';', ':', '!', '?']).count();
        f(
            &["punct"],
            &[bin(
                puncts as f64 / words.max(1) as f64,
                &[0.01, 0.05, 0.1, 0.2, 0.4],
            )],
        );
        let caps = b
            .text
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        f(
            &["caps"],
            &[bin(
                caps as f64 / words.max(1) as f64,
                &[0.1, 0.2, 0.35, 0.5, 0.75, 0.99],
            )],
        );
        let digits = b.text.bytes().filter(u8::is_ascii_digit).count();
        f(
            &["digits"],
            &[bin(
                digits as f64 / f64::from(b.chars.max(1)),
                &[0.01, 0.05, 0.15, 0.3],
            )],
        );
        if self.dup[i] {
            f(&["dup"], &[""]);
        }
        if let Some(h) = &self.headline
            && folds_to(&b.text, h)
        {
            f(&["headline"], &[""]);
        }
        if words <= 5 {
            let mut w = String::new();
            for word in b.text.split_whitespace().take(5) {
                w.clear();
                w.extend(
                    word.chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase),
                );
                if !w.is_empty() {
                    f(&["word"], &[&w]);
                }
            }
        }
        let tag = dom.name(b.owner).unwrap_or("#doc");
        f(&["tag"], &[tag]);
        f(&["tag*len"], &[tag, "*", len]);
        let parent = dom.ancestors(b.owner).next();
        f(
            &["ptag"],
            &[parent.and_then(|p| dom.name(p)).unwrap_or("#doc")],
        );
        // Structural tags and class/id tokens above (and at) the holder.
        let mut seen_tags = 0u64;
        let mut seen_tokens: Vec<&str> = Vec::new();
        let chain = std::iter::once(b.owner).chain(dom.ancestors(b.owner));
        let page_chars = self.sum_chars[self.blocks.len()].max(1);
        for (depth, id) in chain.take(MAX_ANCESTORS).enumerate() {
            let Some(name) = dom.name(id) else { break };
            let k = self.structure[id as usize];
            if k != u8::MAX && seen_tags & (1 << k) == 0 {
                seen_tags |= 1 << k;
                f(&["in"], &[name]);
            }
            // A wrapper of most of the page says little about one block in it.
            let wrapper = depth > 1 && self.totals(id).0 * 10 > page_chars * 7;
            for tok in self.attr_tokens(id) {
                if depth == 0 {
                    f(&["tok0"], &[tok]);
                } else if depth == 1 {
                    f(&["tok1"], &[tok]);
                }
                if !seen_tokens.contains(&tok.as_str()) {
                    f(&[if wrapper { "tokw" } else { "tok" }], &[tok]);
                    seen_tokens.push(tok);
                }
            }
        }
        // Text density of the enclosing elements.
        for (level, id) in dom.ancestors(b.owner).take(3).enumerate() {
            let (chars, links, long) = self.totals(id);
            let lvl = BINS[level];
            f(
                &["long", lvl],
                &[bin(f64::from(long), &[0.5, 1.5, 2.5, 4.5, 8.5, 16.5])],
            );
            let d = if chars > 0 {
                links as f64 / chars as f64
            } else {
                0.0
            };
            f(&["cld", lvl], &[bin(d, &[0.05, 0.15, 0.3, 0.5, 0.75])]);
        }
        match self.best {
            Some(best) if self.inside(b.owner, best) => f(&["best"], &["in"]),
            Some(best) if self.inside(best, b.owner) => f(&["best"], &["holder"]),
            Some(_) => f(&["best"], &["out"]),
            None => f(&["best"], &["none"]),
        }
        let n = self.blocks.len();
        f(
            &["pos"],
            &[bin(
                i as f64 / n.max(1) as f64,
                &[0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9],
            )],
        );
        for (name, j) in [
            ("prev", i.checked_sub(1)),
            ("next", Some(i + 1).filter(|&j| j < n)),
        ] {
            match j.map(|j| &self.blocks[j]) {
                Some(nb) => {
                    f(
                        &[name, "len"],
                        &[bin(f64::from(nb.chars), &[10., 30., 80., 200.])],
                    );
                    f(&[name, "ld"], &[link_bin(nb)]);
                    f(
                        &[name, "same"],
                        &[
                            if nb.owner == b.owner || dom.ancestors(nb.owner).next() == parent {
                                "y"
                            } else {
                                "n"
                            },
                        ],
                    );
                }
                None => f(&[name], &["none"]),
            }
        }
    }
}

/// The class/id tokens of an attribute value: split at non-letters and camelCase humps,
/// lower-cased, digits dropped, at most 12, each 2 to 20 letters.
pub fn tokens(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if (2..=20).contains(&cur.len()) && out.len() < 12 && !out.contains(cur) {
            out.push(std::mem::take(cur));
        }
        cur.clear();
    };
    for c in value.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() && prev_lower {
                flush(&mut cur, &mut out);
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// The label of the bin `v` falls in, for thresholds `t` (ascending, at most 11).
fn bin(v: f64, t: &[f64]) -> &'static str {
    BINS[t.iter().position(|&x| v < x).unwrap_or(t.len())]
}

fn link_bin(b: &Block) -> &'static str {
    if b.link_chars == 0 {
        return "none";
    }
    if b.link_chars >= b.chars {
        return "all";
    }
    bin(
        f64::from(b.link_chars) / f64::from(b.chars),
        &[0.1, 0.25, 0.5, 0.75],
    )
}

fn char_class(c: Option<char>) -> &'static str {
    match c {
        None => "none",
        Some('.') => ".",
        Some('!') => "!",
        Some('?') => "?",
        Some(':') => ":",
        Some(',' | ';') => ",",
        Some(')' | ']') => ")",
        Some('"' | '\'' | '\u{201c}' | '\u{201d}' | '\u{2019}' | '\u{bb}' | '\u{ab}') => "quote",
        Some('\u{a9}') => "copy",
        Some('|' | '\u{2022}' | '\u{b7}' | '/' | '-' | '\u{2013}' | '\u{2014}') => "sep",
        Some(c) if c.is_uppercase() => "upper",
        Some(c) if c.is_lowercase() => "lower",
        Some(c) if c.is_numeric() => "digit",
        Some(c) if c.is_alphabetic() => "letter",
        Some(_) => "other",
    }
}

/// Whether `s` folds to `folded` ([`fold`]), without building the folded text.
fn folds_to(s: &str, folded: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .eq(folded.chars())
}

/// Text folded for comparison: letters and digits only, lower-case.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::blocks::blocks;

    #[test]
    fn folds_to_is_fold_then_compare() {
        for (s, folded) in [
            ("Oil prices rise, again!", "oilpricesriseagain"),
            ("İstanbul talks", "i\u{307}stanbultalks"),
            ("", ""),
            ("A-B", "ab"),
        ] {
            assert_eq!(fold(s), folded);
            assert!(folds_to(s, folded), "{s}");
            assert!(!folds_to(s, &format!("{folded}x")), "{s}");
        }
        assert!(!folds_to("Oil prices", "oilprice"));
    }

    #[test]
    fn tokens_table() {
        let cases: &[(&str, &[&str])] = &[
            ("article-body main", &["article", "body", "main"]),
            ("postContent", &["post", "content"]),
            (
                "c-article__text--large js-x",
                &["article", "text", "large", "js"],
            ),
            ("sidebar2 ad_300x250", &["sidebar", "ad"]),
            ("", &[]),
        ];
        for (v, want) in cases {
            assert_eq!(tokens(v), *want, "{v}");
        }
    }

    #[test]
    fn best_container_is_the_prose_cluster() {
        let para = "A sentence of article prose, long enough to count as a paragraph of text here.";
        let html = format!(
            "<div id=nav><a href=a>Home</a><a href=b>News</a></div><div id=story><p>{para}</p><p>{para}</p><p>{para}</p></div><div id=foot><p>Short.</p></div>"
        );
        let dom = Dom::parse(&html);
        let bl = blocks(&dom);
        let page = Page::new(&dom, &bl, None);
        assert_eq!(page.best.and_then(|b| dom.attr(b, "id")), Some("story"));
        let mut feats = Vec::new();
        let story_block = bl.iter().position(|b| b.text == para).unwrap();
        page.features(story_block, &mut feats);
        assert!(feats.contains(&key("best", "in")));
        assert!(feats.contains(&key("tok", "story")));
        page.features(0, &mut feats);
        assert!(feats.contains(&key("best", "out")));
        assert!(feats.contains(&key("ld", "all")));
    }
}
