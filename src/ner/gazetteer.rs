//! Gazetteers: place names (GeoNames, CC BY 4.0), first names (gender dictionary, GFDL) and
//! demonyms, looked up by lower-cased token sequences. They feed tagger features (membership)
//! and normalisation (`U.S.` → `United States`). The shipped copies in `models/` are derived
//! from `shared/data/gazetteer/` by [`derive_shipped`], which `newsdex ner train` runs.

use std::path::Path;

use super::NerError;
use super::hash::{IdMap, IdSet, combine, hash_str};
use super::table::KeyTable;
use super::token::{TokenInfo, token_info};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// The union of [`kind`] bits over all rows with this name.
    pub kinds: u16,
    /// Index of the preferred canonical name in [`Gazetteer::canonical`], if a place.
    pub canonical: Option<u32>,
}

/// The loaded gazetteers: phrase and prefix keys in compact tables, canonical place names in
/// one string.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    phrases: KeyTable<Entry>,
    prefixes: KeyTable<()>,
    max_len: usize,
    canon: String,
    canon_ends: Vec<u32>,
    first_names: KeyTable<u8>,
}

/// The key of a token's lower-cased form (curly apostrophes made straight).
pub fn token_key(token: &str) -> u64 {
    if token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        hash_str(token)
    } else {
        token_info(token).lower
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

/// Phrases being collected: entry and the rank of its canonical name.
#[derive(Default)]
struct Builder {
    phrases: IdMap<u64, (Entry, (u8, u64))>,
    prefixes: IdSet<u64>,
    max_len: usize,
    canon: Vec<String>,
}

impl Builder {
    fn add(&mut self, name: &str, bits: u16, canonical: Option<u32>, rank: (u8, u64)) {
        let toks = tokenize(name);
        let Some((first, rest)) = toks.split_first() else {
            return;
        };
        let len = toks.len();
        let mut k = token_key(first);
        for t in rest {
            self.prefixes.insert(k);
            k = extend_key(k, token_key(t));
        }
        self.max_len = self.max_len.max(len);
        let (e, r) = self.phrases.entry(k).or_default();
        e.kinds |= bits;
        if canonical.is_some() && (e.canonical.is_none() || rank > *r) {
            e.canonical = canonical;
            *r = rank;
        }
    }

    fn places(&mut self, places: &str) {
        let mut canon_index: IdMap<u64, u32> = IdMap::default();
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
            let next = self.canon.len() as u32;
            let canonical = *canon_index.entry(hash_str(cols[2])).or_insert(next);
            if canonical == next {
                self.canon.push(cols[2].to_string());
            }
            self.add(cols[0], bits, Some(canonical), (priority, population));
        }
    }

    fn demonyms(&mut self, demonyms: &str) {
        for line in demonyms.lines().skip(1) {
            if let Some((name, _)) = line.split_once('\t') {
                self.add(name, kind::DEMONYM, None, (0, 0));
            }
        }
    }

    /// The places part in the binary form (`places.bin`): deterministic, keys sorted.
    fn places_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(PLACES_MAGIC);
        out.extend_from_slice(&(self.max_len as u32).to_le_bytes());
        out.extend_from_slice(&(self.canon.len() as u32).to_le_bytes());
        let mut end = 0u32;
        for c in &self.canon {
            end += c.len() as u32;
            out.extend_from_slice(&end.to_le_bytes());
        }
        for c in &self.canon {
            out.extend_from_slice(c.as_bytes());
        }
        let mut phrases: Vec<(u64, Entry)> =
            self.phrases.iter().map(|(k, (e, _))| (*k, *e)).collect();
        phrases.sort_unstable_by_key(|p| p.0);
        out.extend_from_slice(&(phrases.len() as u32).to_le_bytes());
        for (k, _) in &phrases {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, e) in &phrases {
            out.extend_from_slice(&e.kinds.to_le_bytes());
        }
        for (_, e) in &phrases {
            out.extend_from_slice(&e.canonical.map_or(0, |c| c + 1).to_le_bytes());
        }
        let mut prefixes: Vec<u64> = self.prefixes.iter().copied().collect();
        prefixes.sort_unstable();
        out.extend_from_slice(&(prefixes.len() as u32).to_le_bytes());
        for k in prefixes {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out
    }

    fn build(self, first_names: KeyTable<u8>) -> Gazetteer {
        let mut canon = String::new();
        let mut canon_ends = Vec::with_capacity(self.canon.len());
        for c in &self.canon {
            canon.push_str(c);
            canon_ends.push(canon.len() as u32);
        }
        Gazetteer {
            phrases: KeyTable::from_pairs(self.phrases.into_iter().map(|(k, (e, _))| (k, e))),
            prefixes: KeyTable::from_pairs(self.prefixes.into_iter().map(|k| (k, ()))),
            max_len: self.max_len,
            canon,
            canon_ends,
            first_names,
        }
    }
}

const PLACES_MAGIC: &[u8; 8] = b"NDXGAZ01";

/// First names (`name<TAB>freq` lines after a header) → key → highest frequency class.
fn first_names_table(text: &str) -> KeyTable<u8> {
    let pairs = text.lines().skip(1).filter_map(|line| {
        let (name, freq) = line.split_once('\t')?;
        Some((token_key(name), freq.trim().parse().unwrap_or(1)))
    });
    KeyTable::from_pairs_with(pairs, u8::max)
}

fn bad(what: &str) -> NerError {
    NerError::Model(format!(
        "places.bin: {what}; rebuild it with `newsdex ner train`"
    ))
}

impl Gazetteer {
    /// Builds the gazetteer from the source texts (`places.tsv`, `first_names.tsv` with
    /// `name<TAB>freq`, `demonyms.tsv`), each with a header line.
    pub fn from_texts(places: &str, first_names: &str, demonyms: &str) -> Gazetteer {
        let mut b = Builder::default();
        b.places(places);
        b.demonyms(demonyms);
        b.build(first_names_table(first_names))
    }

    /// Loads the gazetteer from the shipped forms: `places.bin` (written by
    /// [`derive_shipped`]), first names and demonyms as text.
    pub fn from_shipped(
        places: &[u8],
        first_names: &str,
        demonyms: &str,
    ) -> Result<Gazetteer, NerError> {
        let mut r = Bytes(places);
        if r.take(8)? != PLACES_MAGIC {
            return Err(bad("not a newsdex place table of this version"));
        }
        let max_len = r.u32()? as usize;
        let n = r.u32()? as usize;
        let canon_ends: Vec<u32> = r.take(4 * n)?.chunks_exact(4).map(le_u32).collect();
        let blob = r.take(canon_ends.last().map_or(0, |&e| e as usize))?;
        let canon = std::str::from_utf8(blob).map_err(|_| bad("canonical names not UTF-8"))?;
        if canon_ends.windows(2).any(|w| w[0] > w[1])
            || !canon_ends
                .iter()
                .all(|&e| canon.is_char_boundary(e as usize))
        {
            return Err(bad("canonical name bounds malformed"));
        }
        let n = r.u32()? as usize;
        let keys = r.take(8 * n)?.chunks_exact(8).map(le_u64);
        let kinds = r.take(2 * n)?.chunks_exact(2);
        let canonical = r.take(4 * n)?.chunks_exact(4).map(le_u32);
        let mut phrases = Vec::with_capacity(n + 512);
        for ((key, k), c) in keys.zip(kinds).zip(canonical) {
            if c as usize > canon_ends.len() {
                return Err(bad("canonical name out of range"));
            }
            let e = Entry {
                kinds: u16::from_le_bytes([k[0], k[1]]),
                canonical: c.checked_sub(1),
            };
            phrases.push((key, e));
        }
        let n = r.u32()? as usize;
        let mut prefixes: Vec<(u64, ())> = Vec::with_capacity(n + 512);
        prefixes.extend(r.take(8 * n)?.chunks_exact(8).map(|c| (le_u64(c), ())));
        let canon = canon.to_string();
        // Demonyms are few: added as phrases of their own (merged with places of the same name).
        let mut d = Builder::default();
        d.demonyms(demonyms);
        let max_len = max_len.max(d.max_len);
        phrases.extend(d.phrases.into_iter().map(|(k, (e, _))| (k, e)));
        prefixes.extend(d.prefixes.into_iter().map(|k| (k, ())));
        Ok(Gazetteer {
            phrases: KeyTable::from_pairs_with(phrases, |a, b| Entry {
                kinds: a.kinds | b.kinds,
                canonical: a.canonical.or(b.canonical),
            }),
            prefixes: KeyTable::from_pairs(prefixes),
            max_len,
            canon,
            canon_ends,
            first_names: first_names_table(first_names),
        })
    }

    /// Loads the shipped files from a folder (`places.bin`, `first_names.tsv`,
    /// `demonyms.tsv`).
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, NerError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| NerError::Read { path, source })
        };
        let places = read("places.bin")?;
        let names = read("first_names.tsv")?;
        let dem = read("demonyms.tsv")?;
        Gazetteer::from_shipped(
            &places,
            &String::from_utf8_lossy(&names),
            &String::from_utf8_lossy(&dem),
        )
    }

    /// The entry of a phrase given as a key built with [`token_key`]/[`extend_key`].
    pub fn lookup_key(&self, key: u64) -> Option<Entry> {
        self.phrases.get(key)
    }

    /// The entry of a phrase given as text (`"New Delhi"`).
    pub fn lookup(&self, phrase: &str) -> Option<Entry> {
        phrase_key(phrase).and_then(|(k, _)| self.phrases.get(k))
    }

    /// Canonical name number `i`.
    pub fn canonical(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 {
            0
        } else {
            self.canon_ends[i - 1] as usize
        };
        &self.canon[start..self.canon_ends[i] as usize]
    }

    /// The canonical place name of a phrase (`"U.S."` → `"United States"`), if it is a place.
    pub fn canonical_place(&self, phrase: &str) -> Option<&str> {
        let e = self.lookup(phrase)?;
        e.canonical.map(|i| self.canonical(i))
    }

    /// The first-name frequency class of a token (0 when not a first name; 1 rare … 13).
    pub fn first_name(&self, key: u64) -> u8 {
        self.first_names.get(key).unwrap_or(0)
    }

    /// All first names as `(token key, frequency class)`, sorted by key.
    pub fn first_name_pairs(&self) -> Vec<(u64, u8)> {
        self.first_names.sorted_pairs()
    }

    /// Sets the `gaz` field of a sentence's token facts: the kinds of the longest phrase
    /// starting at each capitalised token, and of any phrase covering a token.
    pub fn match_infos(&self, infos: &mut [TokenInfo]) {
        // The tables are large and each capitalised word probes both: start all the reads
        // first, so their cache misses overlap.
        for t in infos.iter().filter(|t| t.cap) {
            self.phrases.prefetch(t.lower);
            self.prefixes.prefetch(t.lower);
        }
        for i in 0..infos.len() {
            if !infos[i].cap {
                continue;
            }
            let mut k = infos[i].lower;
            let mut best: Option<(usize, u16)> = None;
            let end = infos.len().min(i + self.max_len);
            for (j, next) in infos.iter().enumerate().take(end).skip(i) {
                if j > i {
                    if self.prefixes.get(k).is_none() {
                        break;
                    }
                    k = extend_key(k, next.lower);
                }
                if let Some(e) = self.phrases.get(k) {
                    best = Some((j + 1, e.kinds));
                }
            }
            if let Some((end, kinds)) = best {
                infos[i].gaz.0 |= kinds;
                for o in &mut infos[i + 1..end] {
                    o.gaz.1 |= kinds;
                }
            }
        }
    }
}

fn le_u32(c: &[u8]) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
}

fn le_u64(c: &[u8]) -> u64 {
    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
}

/// A little-endian byte reader.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        if self.0.len() < n {
            return Err(bad("truncated"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], NerError> {
        Ok(self.take(N)?.try_into().unwrap_or([0; N]))
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}

/// Writes the shipped gazetteer files into `out_dir` from the source folder `src_dir`
/// (`shared/data/gazetteer`): places as the binary `places.bin` (phrase keys, kinds and
/// canonical names, loaded in a few milliseconds), demonyms as they are, first names reduced
/// to `name<TAB>max frequency`.
pub fn derive_shipped(src_dir: &Path, out_dir: &Path) -> Result<(), NerError> {
    let read = |name: &str| {
        let path = src_dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| NerError::Read { path, source })
    };
    let write = |name: &str, text: &str| {
        let path = out_dir.join(name);
        std::fs::write(&path, text).map_err(|source| NerError::Write { path, source })
    };
    let mut b = Builder::default();
    b.places(&read("places.tsv")?);
    let path = out_dir.join("places.bin");
    std::fs::write(&path, b.places_bytes()).map_err(|source| NerError::Write { path, source })?;
    write("demonyms.tsv", &read("demonyms.tsv")?)?;
    write(
        "first_names.tsv",
        &reduce_first_names(&read("first_names.tsv")?),
    )
}

/// The source `first_names.tsv` (`name<TAB>gender<TAB>country:freq,…`) reduced to the shipped
/// form: `name<TAB>highest frequency class`, sorted by name.
fn reduce_first_names(names: &str) -> String {
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
    text
}

impl Gazetteer {
    /// Builds the gazetteer in memory from the source folder (`shared/data/gazetteer`), as
    /// [`derive_shipped`] then [`Gazetteer::load_dir`] would.
    pub fn from_source_dir(src_dir: &Path) -> Result<Gazetteer, NerError> {
        let read = |name: &str| {
            let path = src_dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| NerError::Read { path, source })
        };
        let mut b = Builder::default();
        b.places(&read("places.tsv")?);
        let places = b.places_bytes();
        let names = reduce_first_names(&read("first_names.tsv")?);
        Gazetteer::from_shipped(&places, &names, &read("demonyms.tsv")?)
    }
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
    fn match_infos_marks_longest() {
        let g = tiny();
        let toks = ["in", "New", "Delhi", "and", "Bosnia", "and", "Herzegovina"];
        let mut infos: Vec<TokenInfo> = toks.iter().map(|t| token_info(t)).collect();
        g.match_infos(&mut infos);
        let m: Vec<(u16, u16)> = infos.iter().map(|t| t.gaz).collect();
        assert_eq!(m[1], (kind::CITY_MID, 0));
        assert_eq!(m[2], (0, kind::CITY_MID));
        assert_eq!(m[4].0, kind::COUNTRY);
        assert_eq!(m[6].1, kind::COUNTRY);
        assert_eq!(m[0], (0, 0));
    }

    #[test]
    fn shipped_form_roundtrip() {
        let places = "h\nUS\tcountry\tUnited States\tUS\t3\nU.S.\tcountry\tUnited States\tUS\t3\n\
                      New Delhi\tcity\tNew Delhi\tIN\t317797\nPakistani\tregion\tPakistan\tPK\t0\n";
        let mut b = Builder::default();
        b.places(places);
        let bytes = b.places_bytes();
        let dem = "h\nPakistani\tPakistan\n";
        let g = Gazetteer::from_shipped(&bytes, "h\nSean\t7\n", dem).unwrap();
        let want = Gazetteer::from_texts(places, "h\nSean\t7\n", dem);
        for name in ["U.S.", "us", "New Delhi", "Pakistani", "Delhi", "new"] {
            assert_eq!(g.lookup(name), want.lookup(name), "{name}");
            assert_eq!(
                g.canonical_place(name),
                want.canonical_place(name),
                "{name}"
            );
        }
        assert_eq!(
            g.lookup("Pakistani").unwrap().kinds,
            kind::REGION | kind::DEMONYM
        );
        assert_eq!(g.first_name(token_key("sean")), 7);
        assert!(Gazetteer::from_shipped(&bytes[..20], "", "").is_err());
        assert!(Gazetteer::from_shipped(b"garbage!", "", "").is_err());
    }
}
