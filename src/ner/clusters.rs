//! Word clusters: each known (lower-cased) word maps to a cluster id at three granularities,
//! so that rare words share evidence with frequent words used alike, plus how often the word
//! is capitalised mid-sentence. Built from unlabeled text by [`build`]: left/right context
//! counts → PPMI → a seeded random projection → hierarchical spherical k-means (64 → ×8 → ×4).
//! Keys are word hashes, so the shipped table holds no word list.

use std::path::Path;

use super::gazetteer::token_key;
use super::hash::{IdMap, IdSet, finalize, hash_str};
use super::table::KeyTable;
use super::tokenize::sentences;

/// Word hash → cluster ids (coarse, medium, fine) and a capitalisation class (1 mostly
/// lower-case … 3 mostly capitalised); 0 means "unknown word".
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    map: KeyTable<[u16; 4]>,
}

impl Clusters {
    /// Builds the table from `(word key, ids)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, [u16; 4])>) -> Clusters {
        Clusters {
            map: KeyTable::from_pairs(pairs),
        }
    }

    /// The cluster ids of a lower-cased word key, `[0; 4]` when unknown.
    #[inline]
    pub fn get(&self, key: u64) -> [u16; 4] {
        self.map.get(key).unwrap_or([0; 4])
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All pairs, sorted by key (for deterministic serialisation).
    pub fn sorted_pairs(&self) -> Vec<(u64, [u16; 4])> {
        self.map.sorted_pairs()
    }
}

/// Words kept: at most this many, the most frequent first.
const MAX_WORDS: usize = 60_000;
/// Minimum count of a kept word.
const MIN_COUNT: u32 = 3;
/// Context words: the most frequent ones.
const CONTEXTS: usize = 2_000;
/// Projected dimension.
const DIM: usize = 96;

/// Reads the unlabeled text of a file: the `<TITLE>`/`<BODY>` parts of SGML, else all lines.
fn file_text(path: &Path) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if path.extension().is_some_and(|e| e == "sgm") {
        let mut out = String::new();
        for part in text.split("<BODY>").skip(1) {
            let body = part.split("</BODY>").next().unwrap_or("");
            out.push_str(&body.replace("&lt;", "<").replace("&amp;", "&"));
            out.push('\n');
        }
        return out;
    }
    text
}

/// Whether a text is mostly English: at least 15 % of its words are English function words
/// ([`super::lang::ENGLISH`]; English news prose has 30 % or more, German pages a few, from `in`
/// and `an`).
fn is_english(text: &str) -> bool {
    let (common, words) = super::lang::english_words(text);
    common * 100 >= words * 15
}

/// All `.txt`/`.sgm` files under the folders, sorted.
fn files_under(dirs: &[&Path], out: &mut Vec<std::path::PathBuf>) {
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files_under(&[p.as_path()], out);
            } else if p.extension().is_some_and(|e| e == "txt" || e == "sgm") {
                out.push(p);
            }
        }
    }
}

/// Unlabeled text read once (the texts of the files under some folders), so that several
/// cluster builds (one per cross-validation fold) can share it.
#[derive(Debug, Default, Clone)]
pub struct Unlabeled {
    texts: Vec<String>,
}

impl Unlabeled {
    /// Reads every `.txt`/`.sgm` file under the folders, in sorted order, keeping those in
    /// English ([`is_english`]: the web pages are mostly German, whose capitalised nouns
    /// would make English words look like names).
    pub fn read(dirs: &[&Path]) -> Unlabeled {
        let mut files = Vec::new();
        files_under(dirs, &mut files);
        Unlabeled {
            texts: files
                .iter()
                .map(|p| file_text(p))
                .filter(|t| is_english(t))
                .collect(),
        }
    }

    /// Number of files read.
    pub fn files(&self) -> usize {
        self.texts.len()
    }

    /// The text's sentences of tokens, each distinct line once: the folders hold several
    /// copies of many articles (the corpus and its duplicates are drawn from the same
    /// collection), which would otherwise weigh as much more text than they are.
    fn sentences(&self) -> Vec<Vec<&str>> {
        let mut sents: Vec<Vec<&str>> = Vec::new();
        let mut seen: IdSet<u64> = IdSet::default();
        for t in &self.texts {
            for line in t.lines() {
                let line = line.trim();
                if !line.is_empty() && seen.insert(hash_str(line)) {
                    sents.extend(sentences(line));
                }
            }
        }
        sents
    }
}

/// Builds clusters from the text files under `dirs` plus extra sentences (e.g. the training
/// set's words). Deterministic: sorted files, fixed seeds.
pub fn build(dirs: &[&Path], extra: &[Vec<&str>]) -> Clusters {
    build_from(&Unlabeled::read(dirs), extra)
}

/// Builds clusters from unlabeled text already read plus extra sentences.
pub fn build_from(text: &Unlabeled, extra: &[Vec<&str>]) -> Clusters {
    let mut sents = text.sentences();
    sents.extend(extra.iter().cloned());
    // Vocabulary by lower-cased form.
    let mut counts: IdMap<u64, (u32, u32, u32)> = IdMap::default(); // (count, midcap, midlower)
    for s in &sents {
        for (i, w) in s.iter().enumerate() {
            let e = counts.entry(token_key(w)).or_default();
            e.0 += 1;
            if i > 0 && w.chars().any(char::is_alphabetic) {
                let caps_word = !w.chars().any(char::is_lowercase);
                if w.starts_with(char::is_uppercase) && !caps_word {
                    e.1 += 1;
                } else if w.starts_with(char::is_lowercase) {
                    e.2 += 1;
                }
            }
        }
    }
    let mut vocab: Vec<(u64, u32)> = counts
        .iter()
        .filter(|(_, c)| c.0 >= MIN_COUNT)
        .map(|(k, c)| (*k, c.0))
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vocab.truncate(MAX_WORDS);
    let index: IdMap<u64, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let n = vocab.len();
    // Context counts: left and right neighbours among the CONTEXTS most frequent words.
    let mut pairs: IdMap<u64, u32> = IdMap::default();
    let ctx_of = |k: u64| index.get(&k).copied().filter(|&i| i < CONTEXTS);
    for s in &sents {
        let keys: Vec<u64> = s.iter().map(|w| token_key(w)).collect();
        for (i, k) in keys.iter().enumerate() {
            let Some(&w) = index.get(k) else {
                continue;
            };
            let left = if i > 0 {
                ctx_of(keys[i - 1])
            } else {
                Some(CONTEXTS)
            };
            let right = keys.get(i + 1).map_or(Some(CONTEXTS), |k| ctx_of(*k));
            if let Some(c) = left {
                *pairs.entry((w as u64) << 16 | c as u64).or_default() += 1;
            }
            if let Some(c) = right {
                let c = CONTEXTS + 1 + c;
                *pairs.entry((w as u64) << 16 | c as u64).or_default() += 1;
            }
        }
    }
    let mut pair_list: Vec<(u64, u32)> = pairs.into_iter().collect();
    pair_list.sort_unstable();
    let total: f64 = pair_list.iter().map(|p| f64::from(p.1)).sum();
    let mut ctx_total = vec![0f64; 2 * CONTEXTS + 2];
    let mut word_total = vec![0f64; n];
    for &(key, c) in &pair_list {
        ctx_total[(key & 0xffff) as usize] += f64::from(c);
        word_total[(key >> 16) as usize] += f64::from(c);
    }
    // PPMI, projected onto DIM seeded ±1 directions.
    let signs: Vec<[f32; DIM]> = (0..2 * CONTEXTS + 2)
        .map(|ctx| {
            std::array::from_fn(|d| {
                let r = finalize(hash_str("proj") ^ ((ctx as u64) << 8) ^ d as u64);
                if r & 1 == 0 { 1.0 } else { -1.0 }
            })
        })
        .collect();
    let mut vecs = vec![[0f32; DIM]; n];
    for &(key, c) in &pair_list {
        let (w, ctx) = ((key >> 16) as usize, (key & 0xffff) as usize);
        let pmi = (f64::from(c) * total / (word_total[w] * ctx_total[ctx])).ln();
        if pmi <= 0.0 {
            continue;
        }
        for (x, s) in vecs[w].iter_mut().zip(&signs[ctx]) {
            *x += s * pmi as f32;
        }
    }
    for v in &mut vecs {
        normalise(v);
    }
    // Hierarchical k-means: 64 coarse, each split in 8, each of those in 4.
    let all: Vec<usize> = (0..n).collect();
    let mut ids = vec![[0u16; 4]; n];
    for (c1, members) in kmeans(&vecs, &all, 64).into_iter().enumerate() {
        for (c2, m2) in kmeans(&vecs, &members, 8).into_iter().enumerate() {
            for (c3, m3) in kmeans(&vecs, &m2, 4).into_iter().enumerate() {
                let a = c1 as u16 + 1;
                let b = a * 8 + c2 as u16;
                let c = b * 4 + c3 as u16;
                for w in m3 {
                    ids[w] = [a, b, c, 0];
                }
            }
        }
    }
    for (w, (key, _)) in vocab.iter().enumerate() {
        let (_, up, low) = counts[key];
        let seen = up + low;
        ids[w][3] = if seen < 2 {
            0
        } else if up * 10 < seen * 2 {
            1
        } else if up * 10 < seen * 8 {
            2
        } else {
            3
        };
    }
    Clusters::from_pairs(vocab.iter().map(|(k, _)| *k).zip(ids))
}

fn normalise(v: &mut [f32; DIM]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Spherical k-means over `members` (frequency order), seeded with evenly spaced members.
fn kmeans(vecs: &[[f32; DIM]], members: &[usize], k: usize) -> Vec<Vec<usize>> {
    if members.len() <= k {
        return members.iter().map(|&m| vec![m]).collect();
    }
    let mut centroids: Vec<[f32; DIM]> = (0..k)
        .map(|i| vecs[members[i * members.len() / k]])
        .collect();
    let mut assign = vec![0usize; members.len()];
    for _ in 0..12 {
        for (a, &m) in assign.iter_mut().zip(members) {
            let v = &vecs[m];
            let mut best = (f32::MIN, 0);
            for (c, cv) in centroids.iter().enumerate() {
                let dot: f32 = v.iter().zip(cv).map(|(x, y)| x * y).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![[0f32; DIM]; k];
        for (a, &m) in assign.iter().zip(members) {
            for (s, x) in sums[*a].iter_mut().zip(&vecs[m]) {
                *s += x;
            }
        }
        for (c, s) in centroids.iter_mut().zip(sums.iter_mut()) {
            if s.iter().any(|x| *x != 0.0) {
                normalise(s);
                *c = *s;
            }
        }
    }
    let mut out = vec![Vec::new(); k];
    for (a, &m) in assign.iter().zip(members) {
        out[*a].push(m);
    }
    out.retain(|g| !g.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_texts_table() {
        let cases = [
            (
                "The minister said on Tuesday that the talks with India would go on.",
                true,
            ),
            (
                "Die Regierung hat am Dienstag in Berlin neue Regeln beschlossen.",
                false,
            ),
            ("Home | News | Sport | Contact", false),
            ("", true),
        ];
        for (text, want) in cases {
            assert_eq!(is_english(text), want, "{text}");
        }
    }

    #[test]
    fn repeated_lines_count_once() {
        let text = Unlabeled {
            texts: vec![
                "Oil rose.\nOil rose.\n".into(),
                "Oil rose.\nGold fell.".into(),
            ],
        };
        let sents: Vec<String> = text.sentences().iter().map(|s| s.join(" ")).collect();
        assert_eq!(sents, ["Oil rose .", "Gold fell ."]);
    }
}
