//! Gazetteers: place names (GeoNames, CC BY 4.0), first names (gender dictionary, GFDL) and
//! demonyms, looked up by lower-cased token sequences. They feed tagger features (membership)
//! and normalisation (`U.S.` → `United States`). The shipped copies in `models/` are derived
//! from `shared/data/gazetteer/` by [`derive_shipped`], which `newsdex ner train` runs.

use std::path::Path;

use super::NerError;
use super::hash::{IdMap, IdSet, combine, hash_str};
use super::tokenize::tokenize;

/// Place kind bits of a phrase.
pub mod kind {
    /// A country (or a former state).
    pub const COUNTRY: u16 = 1;
    /// A first-level division (US state, Indian state, …).
    pub const ADMIN1: u16 = 2;
    /// A city of at least 1,000,000 people.
    pub const CITY_BIG: u16 = 4;
    /// A city of 100,000 to 1,000,000 people.
    pub const CITY_MID: u16 = 8;
    /// A smaller city.
    pub const CITY_SMALL: u16 = 16;
    /// A region (`Middle East`, `Kashmir Valley`).
    pub const REGION: u16 = 32;
    /// A continent.
    pub const CONTINENT: u16 = 64;
    /// A demonym (`Pakistani`): not a place, but a strong hint of one nearby.
    pub const DEMONYM: u16 = 128;
    /// Any place kind.
    pub const PLACE: u16 = COUNTRY | ADMIN1 | CITY_BIG | CITY_MID | CITY_SMALL | REGION | CONTINENT;
}

/// What the gazetteer knows about one phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The union of [`kind`] bits over all rows with this name.
    pub kinds: u16,
    /// Index of the preferred canonical name in [`Gazetteer::canonical`], if a place.
    pub canonical: Option<u32>,
    rank: (u8, u64),
}

/// The loaded gazetteers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    phrases: IdMap<u64, Entry>,
    prefixes: IdSet<u64>,
    max_len: usize,
    canon: Vec<String>,
    first_names: IdMap<u64, u8>,
}

/// The key of a token's lower-cased form (curly apostrophes made straight).
pub fn token_key(token: &str) -> u64 {
    if token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        hash_str(token)
    } else {
        hash_str(&token.to_lowercase().replace('’', "'"))
    }
}

/// Extends a phrase key by one more token key.
pub fn extend_key(prefix: u64, next: u64) -> u64 {
    combine(prefix, next)
}

fn phrase_key(name: &str) -> Option<(u64, usize)> {
    let toks = tokenize(name);
    let (first, rest) = toks.split_first()?;
    let key = rest
        .iter()
        .fold(token_key(first), |k, t| extend_key(k, token_key(t)));
    Some((key, toks.len()))
}

impl Gazetteer {
    /// Builds the gazetteer from the shipped file texts (`places.tsv`, `first_names.tsv`
    /// with `name<TAB>freq`, `demonyms.tsv`), each with a header line.
    pub fn from_texts(places: &str, first_names: &str, demonyms: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut canon_index: std::collections::HashMap<&str, u32> = Default::default();
        for line in places.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                continue;
            }
            let population: u64 = cols[4].parse().unwrap_or(0);
            let (bits, priority) = match cols[1] {
                "country" => (kind::COUNTRY, 5),
                "admin1" => (kind::ADMIN1, 4),
                "region" => (kind::REGION, 3),
                "continent" => (kind::CONTINENT, 2),
                _ if population >= 1_000_000 => (kind::CITY_BIG, 1),
                _ if population >= 100_000 => (kind::CITY_MID, 1),
                _ => (kind::CITY_SMALL, 1),
            };
            let next = g.canon.len() as u32;
            let canonical = *canon_index.entry(cols[2]).or_insert(next);
            if canonical == next {
                g.canon.push(cols[2].to_string());
            }
            g.add(cols[0], bits, Some(canonical), (priority, population));
        }
        for line in demonyms.lines().skip(1) {
            if let Some((name, _)) = line.split_once('\t') {
                g.add(name, kind::DEMONYM, None, (0, 0));
            }
        }
        for line in first_names.lines().skip(1) {
            if let Some((name, freq)) = line.split_once('\t') {
                let freq: u8 = freq.trim().parse().unwrap_or(1);
                let e = g.first_names.entry(token_key(name)).or_insert(0);
                *e = (*e).max(freq);
            }
        }
        g
    }

    fn add(&mut self, name: &str, bits: u16, canonical: Option<u32>, rank: (u8, u64)) {
        let toks = tokenize(name);
        let Some((first, rest)) = toks.split_first() else {
            return;
        };
        let len = toks.len();
        let key = rest
            .iter()
            .fold(token_key(first), |k, t| extend_key(k, token_key(t)));
        if len > 1 {
            let mut k = token_key(toks[0]);
            self.prefixes.insert(k);
            for t in &toks[1..len - 1] {
                k = extend_key(k, token_key(t));
                self.prefixes.insert(k);
            }
        }
        self.max_len = self.max_len.max(len);
        let e = self.phrases.entry(key).or_insert(Entry {
            kinds: 0,
            canonical: None,
            rank: (0, 0),
        });
        e.kinds |= bits;
        if canonical.is_some() && (e.canonical.is_none() || rank > e.rank) {
            e.canonical = canonical;
            e.rank = rank;
        }
    }

    /// Loads the shipped files from a folder (`places.tsv`, `first_names.tsv`, `demonyms.tsv`).
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, NerError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| NerError::Read { path, source })
        };
        Ok(Gazetteer::from_texts(
            &read("places.tsv")?,
            &read("first_names.tsv")?,
            &read("demonyms.tsv")?,
        ))
    }

    /// The entry of a phrase given as a key built with [`token_key`]/[`extend_key`].
    pub fn lookup_key(&self, key: u64) -> Option<&Entry> {
        self.phrases.get(&key)
    }

    /// The entry of a phrase given as text (`"New Delhi"`).
    pub fn lookup(&self, phrase: &str) -> Option<&Entry> {
        phrase_key(phrase).and_then(|(k, _)| self.phrases.get(&k))
    }

    /// The canonical place name of a phrase (`"U.S."` → `"United States"`), if it is a place.
    pub fn canonical_place(&self, phrase: &str) -> Option<&str> {
        let e = self.lookup(phrase)?;
        e.canonical.map(|i| self.canon[i as usize].as_str())
    }

    /// The first-name frequency class of a token (0 when not a first name; 1 rare … 13).
    pub fn first_name(&self, key: u64) -> u8 {
        self.first_names.get(&key).copied().unwrap_or(0)
    }

    /// For each token (given by its [`token_key`] and whether it starts upper-case), the kinds
    /// of the longest phrase starting there and of any phrase covering it:
    /// returns `(begin_kinds, inside_kinds)` per token.
    pub fn match_tokens(&self, keys: &[u64], capitalised: &[bool]) -> Vec<(u16, u16)> {
        let mut out = vec![(0u16, 0u16); keys.len()];
        for i in 0..keys.len() {
            if !capitalised[i] {
                continue;
            }
            let mut k = keys[i];
            let mut best: Option<(usize, u16)> = None;
            let end = keys.len().min(i + self.max_len);
            for (j, &next) in keys.iter().enumerate().take(end).skip(i) {
                if j > i {
                    if !self.prefixes.contains(&k) {
                        break;
                    }
                    k = extend_key(k, next);
                }
                if let Some(e) = self.phrases.get(&k) {
                    best = Some((j + 1, e.kinds));
                }
            }
            if let Some((end, kinds)) = best {
                out[i].0 |= kinds;
                for o in &mut out[i + 1..end] {
                    o.1 |= kinds;
                }
            }
        }
        out
    }
}

/// Writes the shipped gazetteer files into `out_dir` from the source folder `src_dir`
/// (`shared/data/gazetteer`): places and demonyms as they are, first names reduced to
/// `name<TAB>max frequency`.
pub fn derive_shipped(src_dir: &Path, out_dir: &Path) -> Result<(), NerError> {
    let read = |name: &str| {
        let path = src_dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| NerError::Read { path, source })
    };
    let write = |name: &str, text: &str| {
        let path = out_dir.join(name);
        std::fs::write(&path, text).map_err(|source| NerError::Write { path, source })
    };
    write("places.tsv", &read("places.tsv")?)?;
    write("demonyms.tsv", &read("demonyms.tsv")?)?;
    let names = read("first_names.tsv")?;
    let mut best: std::collections::BTreeMap<&str, u8> = Default::default();
    for line in names.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(name), Some(_), Some(countries)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let freq = countries
            .split(',')
            .filter_map(|p| p.split_once(':'))
            .filter_map(|(_, f)| f.parse::<u8>().ok())
            .max()
            .unwrap_or(1);
        let e = best.entry(name).or_insert(0);
        *e = (*e).max(freq);
    }
    let mut text = String::from("name\tfreq\n");
    for (name, freq) in best {
        text.push_str(&format!("{name}\t{freq}\n"));
    }
    write("first_names.tsv", &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Gazetteer {
        Gazetteer::from_texts(
            "name\tkind\tcanonical_name\tcountry_code\tpopulation\n\
             US\tcountry\tUnited States\tUS\t3\nU.S.\tcountry\tUnited States\tUS\t3\n\
             New Delhi\tcity\tNew Delhi\tIN\t317797\nGeorgia\tadmin1\tGeorgia\tUS\t0\n\
             Georgia\tcountry\tGeorgia\tGE\t3704500\nBosnia and Herzegovina\tcountry\tBosnia\tBA\t1\n",
            "name\tfreq\nSean\t7\n",
            "demonym\tcountry\nPakistani\tPakistan\n",
        )
    }

    #[test]
    fn lookups_table() {
        let g = tiny();
        let cases = [
            ("U.S.", Some("United States")),
            ("us", Some("United States")),
            ("New Delhi", Some("New Delhi")),
            ("Georgia", Some("Georgia")),
            ("Pakistani", None),
            ("Delhi", None),
        ];
        for (name, want) in cases {
            assert_eq!(g.canonical_place(name), want, "{name}");
        }
        assert_eq!(g.lookup("Pakistani").unwrap().kinds, kind::DEMONYM);
        assert_eq!(
            g.lookup("Georgia").unwrap().kinds,
            kind::COUNTRY | kind::ADMIN1
        );
        assert_eq!(g.first_name(token_key("SEAN")), 7);
        assert_eq!(g.first_name(token_key("Rice")), 0);
    }

    #[test]
    fn match_tokens_marks_longest() {
        let g = tiny();
        let toks = ["in", "New", "Delhi", "and", "Bosnia", "and", "Herzegovina"];
        let keys: Vec<u64> = toks.iter().map(|t| token_key(t)).collect();
        let caps: Vec<bool> = toks
            .iter()
            .map(|t| t.starts_with(char::is_uppercase))
            .collect();
        let m = g.match_tokens(&keys, &caps);
        assert_eq!(m[1], (kind::CITY_MID, 0));
        assert_eq!(m[2], (0, kind::CITY_MID));
        assert_eq!(m[4].0, kind::COUNTRY);
        assert_eq!(m[6].1, kind::COUNTRY);
        assert_eq!(m[0], (0, 0));
    }
}
