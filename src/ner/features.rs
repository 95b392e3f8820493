//! Feature extraction: each scored token becomes a list of `u32` feature keys (template id ⊕
//! value hash). A [`Doc`] holds per-token facts (the word, its shape, sentence position and
//! case pattern, gazetteer membership, word clusters) and document-level evidence from the
//! other mentions of each capitalised word; [`Doc::static_features`] expands them for one
//! token on demand, so tokens the decoder never scores cost only their [`TokenInfo`]. The few
//! features that depend on previously predicted tags come from [`tag_features`].

use super::clusters::Clusters;
use super::gazetteer::{Gazetteer, kind};
use super::hash::{IdMap, combine, feature, hash_str};
use super::sink::FeatureSink;
use super::table::{KeyTable, SlotCache, owner_id};
use super::token::{TokenInfo, affixes, token_info};

/// Sentinel tag index for "before the sentence start".
pub const START: usize = 9;

/// What the lexicon knows about a lower-cased word: its clusters and first-name class.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    /// Cluster ids and capitalisation class ([`Clusters::get`]).
    pub cluster: [u16; 4],
    /// First-name frequency class.
    pub first_name: u8,
}

/// Lower-cased word key → [`Lex`]: the word clusters and first names in one table, so each
/// token costs one lookup.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    table: KeyTable<Lex>,
    /// [`owner_id`] for the per-thread lexicon cache; 0 (the empty default lexicon) is never
    /// cached.
    id: u64,
}

/// Slots of a thread's lexicon cache (a power of two; 96 KB). The lexicon holds a few hundred
/// thousand words, so nearly every lookup in it missed the CPU caches. An absent word is cached
/// as the default entry, which is what it gets anyway.
const LEX_SLOTS: usize = 4096;

thread_local! {
    static LEX_CACHE: std::cell::RefCell<SlotCache<Lex, LEX_SLOTS>> =
        const { std::cell::RefCell::new(SlotCache::new()) };
}

impl Lexicon {
    /// Merges the clusters and the gazetteer's first names.
    pub fn new(gaz: &Gazetteer, clusters: &Clusters) -> Lexicon {
        let words = clusters.sorted_pairs().into_iter().map(|(k, cluster)| {
            let lex = Lex {
                cluster,
                first_name: 0,
            };
            (k, lex)
        });
        let names = gaz.first_name_pairs().into_iter().map(|(k, first_name)| {
            let lex = Lex {
                cluster: [0; 4],
                first_name,
            };
            (k, lex)
        });
        let table = KeyTable::from_pairs_with(words.chain(names), |a, b| Lex {
            cluster: if a.cluster == [0; 4] {
                b.cluster
            } else {
                a.cluster
            },
            first_name: a.first_name.max(b.first_name),
        });
        Lexicon {
            table,
            id: owner_id(),
        }
    }
}

/// Document-level evidence about one capitalised word, over all its mentions.
#[derive(Debug, Default, Clone, Copy)]
struct DocWord {
    lower_seen: bool,
    midcap_seen: bool,
    pushed: u32,
    ctx: (u32, u32),
}

/// How many tokens ahead [`Doc::new`] prefetches lexicon slots.
const LEX_AHEAD: usize = 8;

/// Context features gathered per word: at most about this many (a group is never split).
const MAX_CONTEXTS: u32 = 24;
const NO_WORD: u32 = u32::MAX;
const NONE: u64 = 0x5eed;

/// A tokenised document with its per-token facts and document-level evidence.
#[derive(Debug, Default, Clone)]
pub struct Doc<'a> {
    /// The tokens, sentence after sentence.
    pub words: Vec<&'a str>,
    /// Their facts.
    pub infos: Vec<TokenInfo>,
    /// Each sentence's token range `[begin, end)`.
    pub bounds: Vec<(usize, usize)>,
    /// Per sentence: mostly upper-case (a headline).
    pub caps: Vec<bool>,
    /// Per sentence: a table line ([`is_table_line`]).
    pub table: Vec<bool>,
    /// At least a third of the sentences are table lines (results, prices).
    pub tabular: bool,
    /// Per token: may start an entity (see [`Doc::new`]); other tokens are only scored after
    /// an entity label, when they may continue it ([`Doc::continues`]).
    pub candidate: Vec<bool>,
    runs: Vec<(u32, u32)>,
    word_of: Vec<u32>,
    doc_words: Vec<DocWord>,
    contexts: Vec<u32>,
}

impl<'a> Doc<'a> {
    /// Computes the facts of a document given as a flat token list and sentence bounds.
    pub fn new(
        words: Vec<&'a str>,
        bounds: Vec<(usize, usize)>,
        gaz: &Gazetteer,
        lex: &Lexicon,
    ) -> Doc<'a> {
        let mut infos: Vec<TokenInfo> = words.iter().map(|w| token_info(w)).collect();
        // Lexicon lookups miss the cache often: ask for the table slot of the word a few
        // tokens ahead, so the misses overlap.
        for t in infos.iter().take(LEX_AHEAD) {
            lex.table.prefetch(t.lower);
        }
        LEX_CACHE.with_borrow_mut(|cache| {
            for i in 0..infos.len() {
                if let Some(ahead) = infos.get(i + LEX_AHEAD) {
                    lex.table.prefetch(ahead.lower);
                }
                let t = &mut infos[i];
                let l = cache.get_or(lex.id, t.lower, || {
                    lex.table.get(t.lower).unwrap_or_default()
                });
                t.cluster = l.cluster;
                t.first_name = l.first_name;
            }
        });
        let mut doc = Doc {
            caps: bounds
                .iter()
                .map(|&(b, e)| is_caps_sentence(&infos[b..e]))
                .collect(),
            table: bounds
                .iter()
                .map(|&(b, e)| is_table_line(&infos[b..e]))
                .collect(),
            tabular: false,
            runs: vec![(0, 0); words.len()],
            candidate: vec![false; words.len()],
            word_of: vec![NO_WORD; words.len()],
            words,
            infos,
            bounds,
            doc_words: Vec::new(),
            contexts: Vec::new(),
        };
        for s in 0..doc.bounds.len() {
            let (b, e) = doc.bounds[s];
            if doc.infos[b..e].iter().any(|t| t.cap) {
                gaz.match_infos(&mut doc.infos[b..e]);
                cap_runs(&doc.infos[b..e], &mut doc.runs[b..e]);
            }
            for t in b..e {
                doc.candidate[t] = is_candidate(&doc.infos[b..e], t - b, doc.caps[s]);
            }
        }
        doc.tabular = doc.table.iter().filter(|&&t| t).count() * 3 >= doc.table.len().max(1);
        doc.gather_evidence();
        doc
    }

    /// May token `t` continue an entity? Not if it is a lower-case word of over three
    /// characters outside the gazetteer (see `may_continue`). Asked only of tokens right after
    /// an entity label.
    #[inline]
    pub fn continues(&self, t: usize) -> bool {
        may_continue(self.words[t], &self.infos[t])
    }

    /// Document evidence: every mention of a capitalised word contributes its context.
    fn gather_evidence(&mut self) {
        let mut ids: IdMap<u64, u32> = IdMap::default();
        for (t, info) in self.infos.iter().enumerate() {
            if info.cap {
                let next = self.doc_words.len() as u32;
                let id = *ids.entry(info.lower).or_insert(next);
                if id == next {
                    self.doc_words.push(DocWord::default());
                }
                self.word_of[t] = id;
            }
        }
        if ids.is_empty() {
            return;
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (s, &(b, e)) in self.bounds.iter().enumerate() {
            let sent = &self.infos[b..e];
            for (i, t) in sent.iter().enumerate() {
                if !t.alpha {
                    continue;
                }
                if !t.cap {
                    if let Some(&id) = ids.get(&t.lower) {
                        self.doc_words[id as usize].lower_seen = true;
                    }
                    continue;
                }
                let id = self.word_of[b + i];
                let d = &mut self.doc_words[id as usize];
                if self.caps[s] {
                    continue;
                }
                if i > 0 && !is_opening(&sent[i - 1]) {
                    d.midcap_seen = true;
                }
                if d.pushed >= MAX_CONTEXTS {
                    continue;
                }
                let before = pairs.len();
                if let Some(p) = i.checked_sub(1).map(|j| &sent[j]) {
                    pairs.push((id, feature(60, p.norm)));
                    if p.cap && p.alpha {
                        pairs.push((id, feature(61, 1)));
                    }
                    if p.first_name > 0 && p.cap {
                        pairs.push((id, feature(62, 1)));
                    }
                }
                if let Some(n) = sent.get(i + 1) {
                    pairs.push((id, feature(63, n.norm)));
                    if n.cap && n.alpha {
                        pairs.push((id, feature(64, 1)));
                    }
                }
                d.pushed += (pairs.len() - before) as u32;
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut i = 0;
        while i < pairs.len() {
            let id = pairs[i].0;
            let start = self.contexts.len() as u32;
            while i < pairs.len() && pairs[i].0 == id {
                self.contexts.push(pairs[i].1);
                i += 1;
            }
            self.doc_words[id as usize].ctx = (start, self.contexts.len() as u32);
        }
    }

    /// Appends the static features of token `t` of sentence `s` to `f`: its
    /// [`Doc::word_features`] and its [`Doc::context_features`].
    pub fn static_features(&self, s: usize, t: usize, f: &mut impl FeatureSink) {
        self.word_features(t, f);
        self.context_features(s, t, f);
    }

    /// The previous (`side` -1) or next (`side` 1) token of token `t` in sentence `s`.
    #[inline]
    pub fn neighbour(&self, s: usize, t: usize, side: isize) -> Option<usize> {
        let (b, e) = self.bounds[s];
        let k = t.checked_add_signed(side)?;
        (b..e).contains(&k).then_some(k)
    }

    /// Appends the static features token `t` gets from its neighbour on one `side` (-1 before,
    /// 1 after): that neighbour's word, shape, clusters and first-name class, or the sentence
    /// edge (`None`). They depend on the neighbour's text alone, so their sum can be cached by
    /// the neighbour's word.
    pub fn neighbour_features(&self, x: Option<usize>, side: isize, f: &mut impl FeatureSink) {
        let x = x.map(|k| &self.infos[k]);
        let (norm, shape) = if side < 0 { (14, 18) } else { (15, 19) };
        f.put(norm, x.map_or(NONE, |x| x.norm));
        f.put(shape, x.map_or(NONE, |x| x.shape));
        if let Some(x) = x {
            f.put(43, combine(side as u64, u64::from(x.cluster[1])));
            f.put(44, combine(side as u64, u64::from(x.cluster[2])));
            if let Some(bucket) = first_name_bucket(x) {
                f.put(37, combine(side as u64, bucket));
            }
        }
    }

    /// Appends the static features of token `t` that depend on its text alone (the word, its
    /// affixes, shape and clusters, and the bias): every mention of a word has the same ones,
    /// so their sum can be cached by word.
    pub fn word_features(&self, t: usize, f: &mut impl FeatureSink) {
        let info = &self.infos[t];
        f.put(1, 0);
        f.put(2, info.word);
        f.put(3, info.norm);
        for (k, a) in affixes(self.words[t]).iter().enumerate() {
            if *a != 0 {
                f.put(4 + k as u32, *a);
            }
        }
        f.put(12, info.shape);
        for (g, &c) in info.cluster[..3].iter().enumerate() {
            f.put(40 + g as u32, u64::from(c));
        }
        f.put(45, combine(u64::from(info.cluster[2]), info.shape));
        if let Some(bucket) = first_name_bucket(info) {
            f.put(37, combine(0, bucket));
        }
    }

    /// Appends the static features of token `t` of sentence `s` that depend on its
    /// surroundings: its [`Doc::neighbour_features`] on both sides and its
    /// [`Doc::inner_context_features`].
    pub fn context_features(&self, s: usize, t: usize, f: &mut impl FeatureSink) {
        for side in [-1, 1] {
            self.neighbour_features(self.neighbour(s, t, side), side, f);
        }
        self.inner_context_features(s, t, f);
    }

    /// Appends the context features of token `t` of sentence `s` other than its
    /// [`Doc::neighbour_features`]: the words two away, pairs of the token with its
    /// neighbours, sentence position, gazetteer phrases, capitalised runs and the document's
    /// other mentions.
    pub fn inner_context_features(&self, s: usize, t: usize, f: &mut impl FeatureSink) {
        let (b, e) = self.bounds[s];
        let sent = &self.infos[b..e];
        let i = t - b;
        let caps = self.caps[s];
        let info = &sent[i];
        let at = |j: isize| -> Option<&TokenInfo> {
            let k = i as isize + j;
            if k < 0 { None } else { sent.get(k as usize) }
        };
        let norm = |j| at(j).map_or(NONE, |x| x.norm);
        let shape = |j| at(j).map_or(NONE, |x| x.shape);
        let (sp, sn) = (shape(-1), shape(1));
        let (np, nn) = (norm(-1), norm(1));
        f.put(16, norm(-2));
        f.put(17, norm(2));
        let left = combine(sp, info.shape);
        f.put(20, left);
        f.put(21, combine(info.shape, sn));
        f.put(22, combine(left, sn));
        f.put(23, combine(np, info.norm));
        f.put(24, combine(info.norm, nn));
        f.put(31, combine(np, info.shape));
        f.put(32, combine(info.shape, nn));
        let pos = if i == 0 {
            1
        } else if i + 1 == sent.len() {
            2
        } else {
            3
        };
        f.put(25, combine(pos, info.shape));
        if caps {
            f.put(26, info.shape);
            f.put(27, info.norm);
        }
        if sent.len() <= 3 {
            f.put(28, combine(sent.len() as u64, info.shape));
        }
        // Gazetteers.
        let (g0, g1) = info.gaz;
        if g0 | g1 != 0 {
            for bit in 0..8 {
                let m = 1u16 << bit;
                if g0 & m != 0 {
                    f.put(33, bit);
                }
                if g1 & m != 0 {
                    f.put(34, bit);
                }
            }
            f.put(35, combine(u64::from(g0 | g1), np));
        }
        let near = |j| at(j).map_or(0u16, |x| x.gaz.0 | x.gaz.1);
        if near(-1) & kind::PLACE != 0 {
            f.put(36, 1);
        }
        if near(1) & kind::PLACE != 0 {
            f.put(36, 2);
        }
        // Table lines (results, standings, prices) and documents full of them: there, a
        // place's name is mostly a team's or a company's.
        let table = self.table[s];
        if table {
            f.put(90, info.shape);
        }
        if g0 | g1 != 0 {
            f.put(91, combine(u64::from(table), u64::from(g0 | g1)));
            if self.tabular {
                f.put(92, u64::from(g0 | g1));
            }
        }
        // Word clusters in context.
        let first_or_caps = i == 0 || caps || is_opening(&sent[i - 1]);
        f.put(
            46,
            combine(
                u64::from(info.cluster[3]),
                combine(u64::from(first_or_caps), info.shape),
            ),
        );
        // The run of capitalised words this token is in.
        let (rb, re) = (self.runs[t].0 as usize, self.runs[t].1 as usize);
        if !caps && re > rb {
            let len = (re - rb).min(5) as u64;
            let pos = if i == rb {
                0
            } else if i + 1 == re {
                2
            } else {
                1
            };
            f.put(80, combine(len, pos));
            f.put(81, combine(pos, sent[re - 1].norm));
            f.put(82, combine(pos, sent[rb].norm));
            f.put(83, combine(pos, u64::from(sent[re - 1].cluster[2])));
        }
        // Document evidence.
        if let Some(d) = self.doc_words.get(self.word_of[t] as usize) {
            if d.lower_seen {
                f.put(65, 1);
            }
            if d.midcap_seen {
                f.put(66, 1);
            }
            f.put_keys(60, &self.contexts[d.ctx.0 as usize..d.ctx.1 as usize]);
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the document has no token.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// May a token continue an entity? Every token but a word of over three characters, all lower
/// case, outside the gazetteer. After an entity label such words were a tenth of the tokens
/// scored on corpus-dev and eng.testa, and 0.65 % of them were labelled part of an entity,
/// mostly wrongly (`Bank of Japan intervention`, `Senate since May`): eng.testa's F1 rose
/// from 92.80 to 92.87 without them. Short words (`of`, `de`, `’s`), punctuation and numbers
/// may still continue one.
fn may_continue(word: &str, t: &TokenInfo) -> bool {
    t.has_upper || !t.alpha || t.gaz != (0, 0) || word.chars().nth(3).is_none()
}

/// May token `i` of a sentence start an entity? It must have an upper-case letter, and not be
/// a common word capitalised only because it opens the sentence (its word mostly lower-case
/// in news text, not a first name or place, followed by no capitalised word).
fn is_candidate(s: &[TokenInfo], i: usize, caps: bool) -> bool {
    let t = &s[i];
    if !t.has_upper {
        return false;
    }
    let opens = i == 0 || is_opening(&s[i - 1]);
    let common = t.cluster[3] == 1 && t.first_name == 0 && t.gaz == (0, 0);
    let next_capitalised = s.get(i + 1).is_some_and(|n| n.has_upper);
    !opens || !common || caps || next_capitalised
}

/// For each token, the run `[begin, end)` of capitalised words (joined by `&`, `of`, `and`,
/// `for` between two capitalised words) it belongs to; `(0, 0)` outside runs.
fn cap_runs(s: &[TokenInfo], out: &mut [(u32, u32)]) {
    let connectors = [
        hash_str("&"),
        hash_str("of"),
        hash_str("and"),
        hash_str("for"),
    ];
    let word = |t: &TokenInfo| t.cap && t.alpha;
    let mut i = 0;
    while i < s.len() {
        if !word(&s[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < s.len() {
            if word(&s[j]) {
                j += 1;
            } else if connectors.contains(&s[j].lower) && s.get(j + 1).is_some_and(word) {
                j += 2;
            } else {
                break;
            }
        }
        for o in &mut out[i..j] {
            *o = (i as u32, j as u32);
        }
        i = j;
    }
}

/// The first-name class of a capitalised token in four buckets (none, rare, common, very
/// common); `None` for the first.
fn first_name_bucket(x: &TokenInfo) -> Option<u64> {
    match if x.cap { x.first_name } else { 0 } {
        0 => None,
        1..=2 => Some(1),
        3..=5 => Some(2),
        _ => Some(3),
    }
}

/// A token after which a capitalised word is as if sentence-initial: anything without a
/// letter (punctuation, quotes, numbers as in results tables).
fn is_opening(t: &TokenInfo) -> bool {
    !t.alpha
}

/// A table line: a number and at most one lower-case word (`Bolton 3 Leicester 1`,
/// `Barnsley 4 4 0 0 9 2 12`, `AVIA 290.00 290.00 700`).
fn is_table_line(sent: &[TokenInfo]) -> bool {
    let numbers = sent.iter().filter(|t| t.digit && !t.alpha).count();
    let lower = sent.iter().filter(|t| t.alpha && !t.has_upper).count();
    numbers >= 1 && lower <= 1
}

fn is_caps_sentence(sent: &[TokenInfo]) -> bool {
    let letters = sent.iter().filter(|t| t.alpha).count();
    let caps = sent.iter().filter(|t| t.all_caps).count();
    letters >= 2 && caps * 10 >= letters * 8
}

impl Doc<'_> {
    /// Per capitalised word of the document, how many of its mentions got each label (saturating:
    /// a hostile file can repeat one word more than 65,535 times).
    pub fn label_counts(&self, labels: &[u8]) -> Vec<[u16; 9]> {
        let mut seen = vec![[0u16; 9]; self.doc_words.len()];
        for (t, &id) in self.word_of.iter().enumerate() {
            if id != NO_WORD {
                let n = &mut seen[id as usize][labels[t] as usize];
                *n = n.saturating_add(1);
            }
        }
        seen
    }

    /// The label counts of token `t`'s word, if it is a capitalised word.
    #[inline]
    pub fn counts_of<'c>(&self, counts: &'c [[u16; 9]], t: usize) -> Option<&'c [u16; 9]> {
        counts.get(self.word_of[t] as usize)
    }
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
    fn doc_facts_and_evidence() {
        let gaz = Gazetteer::from_texts(
            "h\nMumbai\tcity\tMumbai\tIN\t12691836\n",
            "h\nSean\t7\n",
            "h\n",
        );
        let lex = Lexicon::new(&gaz, &Clusters::default());
        let words = vec![
            "Sean",
            "McCormack",
            "in",
            "Mumbai",
            ".",
            "McCormack",
            "said",
            "it",
            ".",
        ];
        let doc = Doc::new(words, vec![(0, 5), (5, 9)], &gaz, &lex);
        let i = &doc.infos;
        assert!(i[0].cap && i[0].first_name == 7 && !i[2].cap);
        assert_eq!(i[3].gaz.0, kind::CITY_BIG);
        assert_eq!(doc.candidate, [1, 1, 0, 1, 0, 1, 0, 0, 0].map(|c| c == 1));
        // Only "said" (lower case, over three letters) cannot continue an entity.
        let continues: Vec<bool> = (0..doc.len()).map(|t| doc.continues(t)).collect();
        assert_eq!(continues, [1, 1, 1, 1, 1, 1, 0, 1, 1].map(|c| c == 1));
        // The second McCormack sees the first one's context: previous word a first name.
        let mut f = Vec::new();
        doc.static_features(1, 5, &mut f);
        assert!(f.contains(&feature(62, 1)));
        assert!(f.contains(&feature(60, hash_str("sean"))));
        assert_ne!(tag_features(&i[0], 0, START), tag_features(&i[0], 1, START));
    }

    #[test]
    fn cached_lexicon_entries_belong_to_their_lexicon() {
        let with_sean = Gazetteer::from_texts("h\n", "h\nSean\t7\n", "h\n");
        let without = Gazetteer::from_texts("h\n", "h\nRaj\t5\n", "h\n");
        let a = Lexicon::new(&with_sean, &Clusters::default());
        let b = Lexicon::new(&without, &Clusters::default());
        let words = || vec!["Sean", "met", "Raj", ".", "Sean", "left", "."];
        // Alternate, so each lexicon meets the other's cached entries.
        for _ in 0..2 {
            for (lex, gaz, sean, raj) in [(&a, &with_sean, 7, 0), (&b, &without, 0, 5)] {
                let doc = Doc::new(words(), vec![(0, 4), (4, 7)], gaz, lex);
                let first: Vec<u8> = doc.infos.iter().map(|t| t.first_name).collect();
                assert_eq!(first, [sean, 0, raj, 0, sean, 0, 0]);
                for (w, t) in doc.words.iter().zip(&doc.infos) {
                    let direct = lex.table.get(token_info(w).lower).unwrap_or_default();
                    assert_eq!(
                        (t.cluster, t.first_name),
                        (direct.cluster, direct.first_name)
                    );
                }
            }
        }
    }

    #[test]
    fn label_counts_saturate_on_a_word_repeated_past_u16() {
        let gaz = Gazetteer::from_texts("h\n", "h\n", "h\n");
        let lex = Lexicon::new(&gaz, &Clusters::default());
        let n = 70_000;
        let words: Vec<&str> = std::iter::repeat_n("Zinc", n).collect();
        let doc = Doc::new(words, vec![(0, n)], &gaz, &lex);
        let counts = doc.label_counts(&vec![1; n]);
        let zinc = doc.counts_of(&counts, 0).unwrap();
        assert_eq!((zinc[0], zinc[1]), (0, u16::MAX));
    }
}
