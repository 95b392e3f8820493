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
pub fn key_parts(template: &[&str], value: &[&str]) -> u32 {
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

/// Where [`Page::emit`] puts a block's features: keys for the model, or names for a person.
trait Emit {
    /// A feature given as the pieces of its template and value.
    fn feature(&mut self, template: &[&str], value: &[&str]);
    /// A feature whose key ([`key`] of `template` and `value`) is already known.
    fn keyed(&mut self, key: u32, template: &str, value: &str);
}

/// Feature keys, for the model.
struct Keys<'o>(&'o mut Vec<u32>);

impl Emit for Keys<'_> {
    fn feature(&mut self, template: &[&str], value: &[&str]) {
        self.0.push(key_parts(template, value));
    }
    fn keyed(&mut self, key: u32, _: &str, _: &str) {
        self.0.push(key);
    }
}

/// Feature names, to explain a decision.
struct Names(Vec<(String, String)>);

impl Emit for Names {
    fn feature(&mut self, template: &[&str], value: &[&str]) {
        self.0.push((template.concat(), value.concat()));
    }
    fn keyed(&mut self, _: u32, template: &str, value: &str) {
        self.0.push((template.to_string(), value.to_string()));
    }
}

/// What the features of the blocks below an element read of it, worked out the first time a
/// block asks (many blocks share each ancestor).
struct NodeFacts {
    /// The tokens of its class, id, itemprop and role values, in that order ([`tokens`]).
    tokens: Vec<String>,
    /// Per token, the keys of its `tok0`, `tok1`, `tok` and `tokw` features.
    keys: Vec<[u32; 4]>,
    /// It holds more than 70 % of the page's text: a wrapper of most of the page, which says
    /// little about one block in it.
    wrapper: bool,
}

/// The templates of the class-token features, in the order of [`NodeFacts::keys`]: the
/// holder's, its parent's, any ancestor's, any ancestor's that wraps most of the page.
const TOKEN_TEMPLATES: [&str; 4] = ["tok0", "tok1", "tok", "tokw"];

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
    /// Per node, what the features read of it ([`NodeFacts`]), worked out when first asked.
    facts: Vec<std::cell::OnceCell<NodeFacts>>,
    /// The key of the `in` feature of each [`STRUCTURE`] tag.
    in_keys: Vec<u32>,
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
        // Element names are interned: comparing them compares two words, not two strings.
        let atoms: Vec<html5ever::LocalName> = STRUCTURE
            .iter()
            .map(|s| html5ever::LocalName::from(*s))
            .collect();
        let structure = (0..order.pre.len() as NodeId)
            .map(|id| {
                dom.local_name(id)
                    .and_then(|n| atoms.iter().position(|a| a == n))
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
            facts: Vec::new(),
            in_keys: STRUCTURE.iter().map(|s| key("in", s)).collect(),
        };
        page.facts = (0..page.order.pre.len())
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

    /// What the features read of a node ([`NodeFacts`]).
    fn facts(&self, id: NodeId) -> &NodeFacts {
        static NONE: NodeFacts = NodeFacts {
            tokens: Vec::new(),
            keys: Vec::new(),
            wrapper: false,
        };
        let Some(cell) = self.facts.get(id as usize) else {
            return &NONE;
        };
        cell.get_or_init(|| {
            let mut tokens_ = Vec::new();
            for attr in ["class", "id", "itemprop", "role"] {
                if let Some(v) = self.dom.attr(id, attr) {
                    tokens_.extend(tokens(v));
                }
            }
            let keys = tokens_
                .iter()
                .map(|t| TOKEN_TEMPLATES.map(|template| key(template, t)))
                .collect();
            let page_chars = self.sum_chars[self.blocks.len()].max(1);
            NodeFacts {
                tokens: tokens_,
                keys,
                wrapper: self.totals(id).0 * 10 > page_chars * 7,
            }
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
        self.emit(i, &mut Keys(out));
    }

    /// The features of block `i` as (template, value) names, for explaining a decision.
    pub fn named_features(&self, i: usize) -> Vec<(String, String)> {
        let mut names = Names(Vec::new());
        self.emit(i, &mut names);
        names.0
    }

    /// Puts each feature of block `i` into `f`.
    fn emit(&self, i: usize, f: &mut dyn Emit) {
        let b = &self.blocks[i];
        let dom = self.dom;
        f.feature(&["bias"], &[""]);
        let stats = TextStats::of(&b.text);
        let words = stats.words;
        let len = bin(
            f64::from(b.chars),
            &[5., 10., 20., 35., 50., 80., 120., 200., 400., 800.],
        );
        let ld = link_bin(b);
        f.feature(&["len"], &[len]);
        f.feature(
            &["words"],
            &[bin(words as f64, &[1., 2., 3., 5., 8., 12., 20., 40., 80.])],
        );
        f.feature(&["ld"], &[ld]);
        f.feature(&["ld*len"], &[ld, "*", len]);
        let (end, start) = (
            char_class(b.text.chars().last()),
            char_class(b.text.chars().next()),
        );
        f.feature(&["end"], &[end]);
        f.feature(&["start"], &[start]);
        let puncts = stats.puncts;
        f.feature(
            &["punct"],
            &[bin(
                puncts as f64 / words.max(1) as f64,
                &[0.01, 0.05, 0.1, 0.2, 0.4],
            )],
        );
        let caps = stats.caps;
        f.feature(
            &["caps"],
            &[bin(
                caps as f64 / words.max(1) as f64,
                &[0.1, 0.2, 0.35, 0.5, 0.75, 0.99],
            )],
        );
        let digits = stats.digits;
        f.feature(
            &["digits"],
            &[bin(
                digits as f64 / f64::from(b.chars.max(1)),
                &[0.01, 0.05, 0.15, 0.3],
            )],
        );
        if self.dup[i] {
            f.feature(&["dup"], &[""]);
        }
        if let Some(h) = &self.headline
            && folds_to(&b.text, h)
        {
            f.feature(&["headline"], &[""]);
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
                    f.feature(&["word"], &[&w]);
                }
            }
        }
        let tag = dom.name(b.owner).unwrap_or("#doc");
        f.feature(&["tag"], &[tag]);
        f.feature(&["tag*len"], &[tag, "*", len]);
        let parent = dom.ancestors(b.owner).next();
        f.feature(
            &["ptag"],
            &[parent.and_then(|p| dom.name(p)).unwrap_or("#doc")],
        );
        // Structural tags and class/id tokens above (and at) the holder.
        let mut seen_tags = 0u64;
        let mut seen_tokens: Vec<u32> = Vec::new();
        // One bit per key modulo 64: a token whose bit is clear is new without a look through
        // the list (a deep page has a hundred tokens above a block).
        let mut seen_bits = 0u64;
        let chain = std::iter::once(b.owner).chain(dom.ancestors(b.owner));
        for (depth, id) in chain.take(MAX_ANCESTORS).enumerate() {
            let Some(name) = dom.name(id) else { break };
            let k = self.structure[id as usize];
            if k != u8::MAX && seen_tags & (1 << k) == 0 {
                seen_tags |= 1 << k;
                f.keyed(self.in_keys[usize::from(k)], "in", name);
            }
            let facts = self.facts(id);
            // A wrapper of most of the page says little about one block in it.
            let wrapper = depth > 1 && facts.wrapper;
            for (tok, keys) in facts.tokens.iter().zip(&facts.keys) {
                if depth < 2 {
                    f.keyed(keys[depth], TOKEN_TEMPLATES[depth], tok);
                }
                // Tokens are told apart by their `tok` key.
                let bit = 1u64 << (keys[2] % 64);
                if seen_bits & bit == 0 || !seen_tokens.contains(&keys[2]) {
                    let t = if wrapper { 3 } else { 2 };
                    f.keyed(keys[t], TOKEN_TEMPLATES[t], tok);
                    seen_tokens.push(keys[2]);
                    seen_bits |= bit;
                }
            }
        }
        // Text density of the enclosing elements.
        for (level, id) in dom.ancestors(b.owner).take(3).enumerate() {
            let (chars, links, long) = self.totals(id);
            let lvl = BINS[level];
            f.feature(
                &["long", lvl],
                &[bin(f64::from(long), &[0.5, 1.5, 2.5, 4.5, 8.5, 16.5])],
            );
            let d = if chars > 0 {
                links as f64 / chars as f64
            } else {
                0.0
            };
            f.feature(&["cld", lvl], &[bin(d, &[0.05, 0.15, 0.3, 0.5, 0.75])]);
        }
        match self.best {
            Some(best) if self.inside(b.owner, best) => f.feature(&["best"], &["in"]),
            Some(best) if self.inside(best, b.owner) => f.feature(&["best"], &["holder"]),
            Some(_) => f.feature(&["best"], &["out"]),
            None => f.feature(&["best"], &["none"]),
        }
        let n = self.blocks.len();
        f.feature(
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
                    f.feature(
                        &[name, "len"],
                        &[bin(f64::from(nb.chars), &[10., 30., 80., 200.])],
                    );
                    f.feature(&[name, "ld"], &[link_bin(nb)]);
                    f.feature(
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
                None => f.feature(&[name], &["none"]),
            }
        }
    }
}

/// Counts over a block's text, in one pass.
#[derive(Debug, PartialEq)]
struct TextStats {
    /// Words (runs of non-whitespace).
    words: usize,
    /// Words that start with a capital.
    caps: usize,
    /// Sentence and clause punctuation: `. , ; : ! ?`.
    puncts: usize,
    /// ASCII digits.
    digits: usize,
}

impl TextStats {
    fn of(text: &str) -> TextStats {
        let mut s = TextStats {
            words: 0,
            caps: 0,
            puncts: 0,
            digits: 0,
        };
        let mut in_word = false;
        for c in text.chars() {
            if c.is_whitespace() {
                in_word = false;
                continue;
            }
            if !in_word {
                in_word = true;
                s.words += 1;
                s.caps += usize::from(c.is_uppercase());
            }
            s.puncts += usize::from(matches!(c, '.' | ',' | ';' | ':' | '!' | '?'));
            s.digits += usize::from(c.is_ascii_digit());
        }
        s
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
    if value.is_ascii() {
        // Nearly every class and id: the same steps on bytes, without Unicode case tables.
        for &c in value.as_bytes() {
            if c.is_ascii_alphabetic() {
                if c.is_ascii_uppercase() && prev_lower {
                    flush(&mut cur, &mut out);
                }
                prev_lower = c.is_ascii_lowercase();
                cur.push(char::from(c.to_ascii_lowercase()));
            } else {
                prev_lower = false;
                flush(&mut cur, &mut out);
            }
        }
        flush(&mut cur, &mut out);
        return out;
    }
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
pub fn folds_to(s: &str, folded: &str) -> bool {
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
    fn text_stats_count_as_the_separate_passes_did() {
        for text in [
            "",
            "  Two words ",
            "In 2009, Mumbai's police said: \"No.\" Was it? Yes!",
            "Élan\u{a0}Über 3½ ünd\tDONE.",
        ] {
            let want = TextStats {
                words: text.split_whitespace().count(),
                caps: text
                    .split_whitespace()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .count(),
                puncts: text.matches(['.', ',', ';', ':', '!', '?']).count(),
                digits: text.bytes().filter(u8::is_ascii_digit).count(),
            };
            assert_eq!(TextStats::of(text), want, "{text:?}");
        }
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
            // Not ASCII: the same rules on Unicode letters and cases.
            (
                "artículoPrincipal Über-ÜBER",
                &["artículo", "principal", "über"],
            ),
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
