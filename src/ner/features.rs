//! Feature extraction: each token becomes a list of `u32` feature keys (template id ⊕ value
//! hash). Static features (the word, its shape, affixes, ±2 neighbours, sentence position and
//! case pattern, gazetteer membership, word clusters, and document-level evidence from the
//! other mentions of the same word) are computed once per document; the few features that
//! depend on previously predicted tags are added by the decoder ([`tag_features`]).

use super::clusters::Clusters;
use super::gazetteer::{Gazetteer, kind, token_key};
use super::hash::{IdMap, combine, feature, hash_str};

/// Per-token facts the templates are built from.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenInfo {
    /// Hash of the exact word.
    pub word: u64,
    /// [`token_key`]: the lower-cased word.
    pub lower: u64,
    /// Lower-cased with digits folded to `0`.
    pub norm: u64,
    /// Compressed shape (`Xx`, `X.X.`, `d,d`).
    pub shape: u64,
    /// Hashes of the lower-cased 1–4 character prefixes and suffixes.
    pub affixes: [u64; 8],
    /// First character upper-case.
    pub cap: bool,
    /// Only upper-case letters (at least one letter).
    pub all_caps: bool,
    /// Has any letter.
    pub alpha: bool,
    /// First-name frequency class (0 = not a first name).
    pub first_name: u8,
    /// Gazetteer kinds of a phrase starting here / covering this token.
    pub gaz: (u16, u16),
    /// Word-cluster ids at three granularities and the capitalisation class (0 = unknown).
    pub cluster: [u16; 4],
}

/// Sentinel tag index for "before the sentence start".
pub const START: usize = 9;

/// The static features of one document: `feats[offsets[t]..offsets[t + 1]]` for token `t`,
/// tokens numbered through the document's sentences in order.
#[derive(Debug, Default, Clone)]
pub struct DocFeatures {
    /// The token infos, in document order.
    pub infos: Vec<TokenInfo>,
    /// All feature keys, token after token.
    pub feats: Vec<u32>,
    /// Start of each token's features in `feats` (one more entry than tokens).
    pub offsets: Vec<u32>,
    /// Each sentence's token range `[begin, end)` in document order.
    pub bounds: Vec<(usize, usize)>,
}

impl DocFeatures {
    /// The static features of token `t` (document order).
    pub fn of(&self, t: usize) -> &[u32] {
        &self.feats[self.offsets[t] as usize..self.offsets[t + 1] as usize]
    }
}

fn shape_of(word: &str) -> u64 {
    let mut s = [0u8; 24];
    let mut n = 0;
    let mut last = 0u8;
    for c in word.chars() {
        let m = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if m != last && n < s.len() {
            s[n] = m;
            n += 1;
        }
        last = m;
    }
    crate::ner::hash::hash_bytes(&s[..n])
}

/// Computes the per-token facts of a sentence.
pub fn token_infos(words: &[&str], gaz: &Gazetteer, clusters: &Clusters, out: &mut Vec<TokenInfo>) {
    let start = out.len();
    let mut lower = String::new();
    let mut norm = String::new();
    for w in words {
        lower.clear();
        for c in w.chars() {
            match c {
                '’' => lower.push('\''),
                c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
                c => lower.extend(c.to_lowercase()),
            }
        }
        norm.clear();
        norm.extend(
            lower
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c }),
        );
        let mut affixes = [0u64; 8];
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for k in 1..=4usize.min(chars.len()) {
            let end = chars.get(k).map_or(lower.len(), |(i, _)| *i);
            affixes[k - 1] = hash_str(&lower[..end]);
            let begin = chars[chars.len() - k].0;
            affixes[3 + k] = hash_str(&lower[begin..]);
        }
        let first = w.chars().next();
        let alpha = w.chars().any(char::is_alphabetic);
        let lower_key = hash_str(&lower);
        out.push(TokenInfo {
            word: hash_str(w),
            lower: lower_key,
            norm: hash_str(&norm),
            shape: shape_of(w),
            affixes,
            cap: first.is_some_and(char::is_uppercase),
            all_caps: alpha && !w.chars().any(char::is_lowercase),
            alpha,
            first_name: gaz.first_name(lower_key),
            gaz: (0, 0),
            cluster: clusters.get(lower_key),
        });
    }
    let keys: Vec<u64> = out[start..].iter().map(|t| t.lower).collect();
    let caps: Vec<bool> = out[start..].iter().map(|t| t.cap).collect();
    debug_assert!(keys.iter().zip(words).all(|(k, w)| *k == token_key(w)));
    for (info, m) in out[start..].iter_mut().zip(gaz.match_tokens(&keys, &caps)) {
        info.gaz = m;
    }
}

/// Document-level evidence about one lower-cased word, gathered over all its mentions.
#[derive(Default)]
struct DocWord {
    lower_seen: bool,
    midcap_seen: bool,
    contexts: Vec<u32>,
}

const MAX_CONTEXTS: usize = 24;

/// Computes the static features of a document given as sentences of tokens.
pub fn doc_features<S: AsRef<str>>(
    sentences: &[Vec<S>],
    gaz: &Gazetteer,
    clusters: &Clusters,
) -> DocFeatures {
    let mut df = DocFeatures::default();
    let mut bounds = Vec::with_capacity(sentences.len());
    for s in sentences {
        let words: Vec<&str> = s.iter().map(AsRef::as_ref).collect();
        let b = df.infos.len();
        token_infos(&words, gaz, clusters, &mut df.infos);
        bounds.push((b, df.infos.len()));
    }
    // Document evidence: every mention of a capitalised word contributes its context.
    let mut doc: IdMap<u64, DocWord> = IdMap::default();
    for &(b, e) in &bounds {
        let sent = &df.infos[b..e];
        let caps_sentence = is_caps_sentence(sent);
        for (i, t) in sent.iter().enumerate() {
            if !t.alpha {
                continue;
            }
            if !t.cap {
                doc.entry(t.lower).or_default().lower_seen = true;
                continue;
            }
            let d = doc.entry(t.lower).or_default();
            if caps_sentence {
                continue;
            }
            if i > 0 && !is_opening(&sent[i - 1]) {
                d.midcap_seen = true;
            }
            if d.contexts.len() >= MAX_CONTEXTS {
                continue;
            }
            let prev = if i > 0 { Some(&sent[i - 1]) } else { None };
            let next = sent.get(i + 1);
            if let Some(p) = prev {
                d.contexts.push(feature(60, p.norm));
                if p.cap && p.alpha {
                    d.contexts.push(feature(61, 1));
                }
                if p.first_name > 0 && p.cap {
                    d.contexts.push(feature(62, 1));
                }
            }
            if let Some(n) = next {
                d.contexts.push(feature(63, n.norm));
                if n.cap && n.alpha {
                    d.contexts.push(feature(64, 1));
                }
            }
        }
    }
    for c in doc.values_mut() {
        c.contexts.sort_unstable();
        c.contexts.dedup();
    }
    df.offsets.push(0);
    let connectors = [
        hash_str("&"),
        hash_str("of"),
        hash_str("and"),
        hash_str("for"),
    ];
    let mut runs = Vec::new();
    for &(b, e) in &bounds {
        let caps_sentence = is_caps_sentence(&df.infos[b..e]);
        cap_runs(&df.infos[b..e], &connectors, &mut runs);
        for i in b..e {
            sentence_token_features(&df.infos[b..e], i - b, caps_sentence, &mut df.feats);
            if !caps_sentence && let Some((rb, re)) = runs[i - b] {
                let s = &df.infos[b..e];
                let len = (re - rb).min(5) as u64;
                let pos = if i - b == rb {
                    0
                } else if i - b + 1 == re {
                    2
                } else {
                    1
                };
                df.feats.push(feature(80, combine(len, pos)));
                df.feats.push(feature(81, combine(pos, s[re - 1].norm)));
                df.feats.push(feature(82, combine(pos, s[rb].norm)));
                df.feats
                    .push(feature(83, combine(pos, u64::from(s[re - 1].cluster[2]))));
            }
            let t = &df.infos[i];
            if t.cap
                && let Some(d) = doc.get(&t.lower)
            {
                if d.lower_seen {
                    df.feats.push(feature(65, 1));
                }
                if d.midcap_seen {
                    df.feats.push(feature(66, 1));
                }
                df.feats.extend_from_slice(&d.contexts);
            }
            df.offsets.push(df.feats.len() as u32);
        }
    }
    df.bounds = bounds;
    df
}

/// For each token, the run `[begin, end)` of capitalised words (joined by `&`, `of`, `and`,
/// `for` between two capitalised words) it belongs to.
fn cap_runs(s: &[TokenInfo], connectors: &[u64], out: &mut Vec<Option<(usize, usize)>>) {
    out.clear();
    out.resize(s.len(), None);
    let mut i = 0;
    while i < s.len() {
        if !(s[i].cap && s[i].alpha) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < s.len() {
            if s[j].cap && s[j].alpha {
                j += 1;
            } else if connectors.contains(&s[j].lower)
                && s.get(j + 1).is_some_and(|n| n.cap && n.alpha)
            {
                j += 2;
            } else {
                break;
            }
        }
        for o in &mut out[i..j] {
            *o = Some((i, j));
        }
        i = j;
    }
}

fn is_opening(t: &TokenInfo) -> bool {
    !t.alpha && !t.cap && t.shape != shape_of("d")
}

fn is_caps_sentence(sent: &[TokenInfo]) -> bool {
    let letters = sent.iter().filter(|t| t.alpha).count();
    let caps = sent.iter().filter(|t| t.all_caps).count();
    letters >= 2 && caps * 10 >= letters * 8
}

const NONE: u64 = 0x5eed;

fn sentence_token_features(s: &[TokenInfo], i: usize, caps: bool, f: &mut Vec<u32>) {
    let t = &s[i];
    let at = |j: isize| -> Option<&TokenInfo> {
        let k = i as isize + j;
        if k < 0 { None } else { s.get(k as usize) }
    };
    let norm = |j| at(j).map_or(NONE, |x| x.norm);
    let shape = |j| at(j).map_or(NONE, |x| x.shape);
    f.push(feature(1, 0));
    f.push(feature(2, t.word));
    f.push(feature(3, t.norm));
    for (k, a) in t.affixes.iter().enumerate() {
        if *a != 0 {
            f.push(feature(4 + k as u32, *a));
        }
    }
    f.push(feature(12, t.shape));
    f.push(feature(14, norm(-1)));
    f.push(feature(15, norm(1)));
    f.push(feature(16, norm(-2)));
    f.push(feature(17, norm(2)));
    f.push(feature(18, shape(-1)));
    f.push(feature(19, shape(1)));
    f.push(feature(20, combine(shape(-1), t.shape)));
    f.push(feature(21, combine(t.shape, shape(1))));
    f.push(feature(22, combine(combine(shape(-1), t.shape), shape(1))));
    f.push(feature(23, combine(norm(-1), t.norm)));
    f.push(feature(24, combine(t.norm, norm(1))));
    f.push(feature(31, combine(norm(-1), t.shape)));
    f.push(feature(32, combine(t.shape, norm(1))));
    let pos = if i == 0 {
        1
    } else if i + 1 == s.len() {
        2
    } else {
        3
    };
    f.push(feature(25, combine(pos, t.shape)));
    if caps {
        f.push(feature(26, t.shape));
        f.push(feature(27, t.norm));
    }
    if s.len() <= 3 {
        f.push(feature(28, combine(s.len() as u64, t.shape)));
    }
    // Gazetteers.
    for bit in 0..8 {
        let m = 1u16 << bit;
        if t.gaz.0 & m != 0 {
            f.push(feature(33, bit));
        }
        if t.gaz.1 & m != 0 {
            f.push(feature(34, bit));
        }
    }
    let near = |j| at(j).map_or(0u16, |x| x.gaz.0 | x.gaz.1);
    if t.gaz.0 | t.gaz.1 != 0 {
        f.push(feature(35, combine(u64::from(t.gaz.0 | t.gaz.1), norm(-1))));
    }
    if near(-1) & kind::PLACE != 0 {
        f.push(feature(36, 1));
    }
    if near(1) & kind::PLACE != 0 {
        f.push(feature(36, 2));
    }
    let fname = |j| at(j).map_or(0u8, |x| if x.cap { x.first_name } else { 0 });
    let bucket = |c: u8| match c {
        0 => 0u64,
        1..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    for j in -1..=1isize {
        let b = bucket(fname(j));
        if b != 0 {
            f.push(feature(37, combine(j as u64, b)));
        }
    }
    // Word clusters.
    for (g, &c) in t.cluster[..3].iter().enumerate() {
        f.push(feature(40 + g as u32, u64::from(c)));
    }
    let first_or_caps = i == 0 || caps || (i > 0 && is_opening(&s[i - 1]));
    f.push(feature(
        46,
        combine(
            u64::from(t.cluster[3]),
            combine(u64::from(first_or_caps), t.shape),
        ),
    ));
    for j in [-1isize, 1] {
        if let Some(x) = at(j) {
            f.push(feature(43, combine(j as u64, u64::from(x.cluster[1]))));
            f.push(feature(44, combine(j as u64, u64::from(x.cluster[2]))));
        }
    }
    f.push(feature(45, combine(u64::from(t.cluster[2]), t.shape)));
}

/// Second-pass features from first-pass labels: for each capitalised token, the labels the
/// other mentions of the same word in the document got, their majority; for every token its
/// own first-pass label and the next token's. Returns `(feats, offsets)` like [`DocFeatures`].
pub fn aggregate_features(df: &DocFeatures, first: &[usize]) -> (Vec<u32>, Vec<u32>) {
    let mut seen: IdMap<u64, [u16; 9]> = IdMap::default();
    for (t, info) in df.infos.iter().enumerate() {
        if info.cap && info.alpha {
            seen.entry(info.lower).or_default()[first[t]] += 1;
        }
    }
    let mut feats = Vec::with_capacity(df.infos.len() * 4);
    let mut offsets = Vec::with_capacity(df.infos.len() + 1);
    offsets.push(0u32);
    for &(b, e) in &df.bounds {
        for t in b..e {
            let info = &df.infos[t];
            feats.push(feature(72, first[t] as u64));
            let next = if t + 1 < e { first[t + 1] } else { START };
            feats.push(feature(73, next as u64));
            if info.cap
                && info.alpha
                && let Some(counts) = seen.get(&info.lower)
            {
                let mut c = *counts;
                c[first[t]] -= 1;
                let mut best = (0u16, 0usize);
                for (l, &n) in c.iter().enumerate() {
                    if n > 0 {
                        feats.push(feature(70, l as u64));
                        if l > 0 && n > best.0 {
                            best = (n, l);
                        }
                    }
                }
                if best.0 > 0 {
                    feats.push(feature(71, best.1 as u64));
                }
            }
            offsets.push(feats.len() as u32);
        }
    }
    (feats, offsets)
}

/// The features that depend on the two previous predicted tags (`START` before the start).
#[inline]
pub fn tag_features(t: &TokenInfo, p1: usize, p2: usize) -> [u32; 4] {
    let p1 = p1 as u64;
    let p2 = p2 as u64;
    [
        feature(50, p1),
        feature(51, p1 * 16 + p2),
        feature(52, combine(p1, t.norm)),
        feature(53, combine(p1, t.shape)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_table() {
        let cases = [
            ("Pakistan", "Xx"),
            ("U.S.", "X.X."),
            ("1,000", "d,d"),
            ("McCormack", "XxXx"),
            ("NATO", "X"),
            ("Jamaat-ud-Dawa", "Xx-x-Xx"),
        ];
        for (w, want) in cases {
            assert_eq!(shape_of(w), hash_str(want), "{w}");
        }
    }

    #[test]
    fn infos_and_doc_features() {
        let gaz = Gazetteer::from_texts(
            "h\nMumbai\tcity\tMumbai\tIN\t12691836\n",
            "h\nSean\t7\n",
            "h\n",
        );
        let cl = Clusters::default();
        let doc = vec![
            vec!["Sean", "McCormack", "in", "Mumbai", "."],
            vec!["McCormack", "said", "it", "."],
        ];
        let df = doc_features(&doc, &gaz, &cl);
        assert_eq!(df.infos.len(), 9);
        assert_eq!(df.offsets.len(), 10);
        let i = &df.infos;
        assert!(i[0].cap && i[0].first_name == 7 && !i[2].cap);
        assert_eq!(i[3].gaz.0, kind::CITY_BIG);
        // The second McCormack sees the first one's context: previous word a first name.
        assert!(df.of(5).contains(&feature(62, 1)));
        assert!(df.of(5).contains(&feature(60, hash_str("sean"))));
        assert_ne!(tag_features(&i[0], 0, START), tag_features(&i[0], 1, START));
    }
}
