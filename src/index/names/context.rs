//! Co-mentions: the other names that come with a name in the archive's articles. Two spellings
//! of one entity come with the same people, places and organisations (`Jamat-ud-Dawa` with
//! `Hafiz Saeed`, `Lahore` and `Lashkar-e-Taiba`, as `Jamaat-ud-Dawa` does); two entities whose
//! names look alike mostly do not. Rare co-mentions say more than common ones (every other
//! article names the `United States`), so each counts by its inverse document frequency.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use tantivy::columnar::StrColumn;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocSet, Searcher, TERMINATED};

use super::Kind;
use crate::index::schema::Fields;

/// Most articles read for one name's co-mentions.
const MAX_ARTICLES: usize = 2_000;
/// Most articles whose names a profile keeps one by one (rarer names need them, see
/// [`Profiles::shared`]).
const KEPT_ARTICLES: usize = 200;

/// A name's co-mentions: the other names of its articles (kind, lower-cased) and in how many
/// of its articles each comes.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Articles read.
    pub articles: u32,
    /// Co-mentioned names and their article counts.
    pub counts: HashMap<(Kind, String), u32>,
    /// The co-mentions of each of the first [`KEPT_ARTICLES`] articles.
    pub each: Vec<Vec<(Kind, String)>>,
}

impl Profile {
    /// The co-mentions of the articles that do not also name `other`; `None` when there are
    /// none, or when the profile has too many articles to tell.
    pub fn without(&self, other: (Kind, &str)) -> Option<HashMap<(Kind, String), u32>> {
        if self.each.len() < self.articles as usize {
            return None;
        }
        let mut counts: HashMap<(Kind, String), u32> = HashMap::new();
        for names in &self.each {
            if names.iter().any(|(k, n)| *k == other.0 && n == other.1) {
                continue;
            }
            for name in names {
                *counts.entry(name.clone()).or_default() += 1;
            }
        }
        (!counts.is_empty()).then_some(counts)
    }
}

/// The lower-cased names of a column's ordinals.
type NamesOfOrds = HashMap<u64, Rc<str>>;

/// Reads co-mention profiles from an index, caching document frequencies.
pub struct Profiles<'s> {
    searcher: &'s Searcher,
    fields: Fields,
    /// Per segment, the raw column of each kind (in [`Kind::ALL`] order).
    columns: Vec<[Option<StrColumn>; 3]>,
    /// Per segment and kind, the lower-cased names of the column's ordinals read so far
    /// (reading one ordinal decodes a dictionary block: they are read in sorted batches).
    names: RefCell<Vec<[NamesOfOrds; 3]>>,
    doc_freqs: RefCell<HashMap<(Kind, String), u64>>,
    profiles: RefCell<HashMap<(Kind, String), Rc<Profile>>>,
}

impl<'s> Profiles<'s> {
    /// Profiles over the segments of `searcher`.
    pub fn new(searcher: &'s Searcher, fields: Fields) -> tantivy::Result<Profiles<'s>> {
        let mut columns = Vec::new();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            columns.push([
                ff.str(Kind::People.field_name())?,
                ff.str(Kind::Places.field_name())?,
                ff.str(Kind::Organisations.field_name())?,
            ]);
        }
        let names = RefCell::new(vec![Default::default(); columns.len()]);
        Ok(Profiles {
            searcher,
            fields,
            columns,
            names,
            doc_freqs: RefCell::new(HashMap::new()),
            profiles: RefCell::new(HashMap::new()),
        })
    }

    /// The co-mentions of a name (lower-cased) of a kind, from at most [`MAX_ARTICLES`]
    /// articles.
    pub fn of(&self, kind: Kind, name: &str) -> tantivy::Result<Rc<Profile>> {
        let cache_key = (kind, name.to_string());
        if let Some(p) = self.profiles.borrow().get(&cache_key) {
            return Ok(Rc::clone(p));
        }
        let p = Rc::new(self.read(kind, name)?);
        self.profiles.borrow_mut().insert(cache_key, Rc::clone(&p));
        Ok(p)
    }

    fn read(&self, kind: Kind, name: &str) -> tantivy::Result<Profile> {
        let mut p = Profile::default();
        let term = Term::from_field_text(kind.field(&self.fields), name);
        for (i, (seg, cols)) in self
            .searcher
            .segment_readers()
            .iter()
            .zip(&self.columns)
            .enumerate()
        {
            let inverted = seg.inverted_index(kind.field(&self.fields))?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            // The column ordinals of each live article, read in one pass…
            let alive = seg.alive_bitset();
            let mut articles: Vec<Vec<(usize, u64)>> = Vec::new();
            let mut doc = postings.doc();
            while doc != TERMINATED && (p.articles as usize) + articles.len() < MAX_ARTICLES {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let mut ords = Vec::new();
                    for (k, col) in cols.iter().enumerate() {
                        if let Some(col) = col {
                            ords.extend(col.term_ords(doc).map(|o| (k, o)));
                        }
                    }
                    articles.push(ords);
                }
                doc = postings.advance();
            }
            // …their names read in sorted batches…
            self.read_names(i, cols, articles.iter().flatten())?;
            // …and counted.
            let names = self.names.borrow();
            for ords in articles {
                p.articles += 1;
                let mut these: Vec<(Kind, String)> = Vec::new();
                for (k, o) in ords {
                    if let Some(n) = names[i][k].get(&o) {
                        let kind_k = Kind::ALL[k];
                        if !(kind_k == kind && &**n == name) {
                            these.push((kind_k, n.to_string()));
                        }
                    }
                }
                for t in &these {
                    *p.counts.entry(t.clone()).or_default() += 1;
                }
                if p.each.len() < KEPT_ARTICLES {
                    p.each.push(these);
                }
            }
        }
        Ok(p)
    }

    /// Reads the names of the ordinals not read yet of segment `i`.
    fn read_names<'o>(
        &self,
        i: usize,
        cols: &[Option<StrColumn>; 3],
        ords: impl Iterator<Item = &'o (usize, u64)>,
    ) -> tantivy::Result<()> {
        let mut names = self.names.borrow_mut();
        let mut missing: [Vec<u64>; 3] = Default::default();
        for &(k, o) in ords {
            if !names[i][k].contains_key(&o) {
                missing[k].push(o);
            }
        }
        for (k, mut wanted) in missing.into_iter().enumerate() {
            let Some(col) = &cols[k] else { continue };
            wanted.sort_unstable();
            wanted.dedup();
            let mut it = wanted.iter();
            let table = &mut names[i][k];
            col.dictionary().sorted_ords_to_term_cb(&wanted, |bytes| {
                if let Some(&o) = it.next() {
                    let lower = String::from_utf8_lossy(bytes).to_lowercase();
                    table.insert(o, Rc::from(lower));
                }
            })?;
        }
        Ok(())
    }

    /// Articles naming a (lower-cased) name of a kind, deleted ones included.
    fn doc_freq(&self, kind: Kind, name: &str) -> u64 {
        let key = (kind, name.to_string());
        if let Some(&n) = self.doc_freqs.borrow().get(&key) {
            return n;
        }
        let term = Term::from_field_text(kind.field(&self.fields), name);
        let n = self.searcher.doc_freq(&term).unwrap_or(0);
        self.doc_freqs.borrow_mut().insert(key, n);
        n
    }

    /// How much a co-mention says: the log of the inverse of its share of articles.
    fn weight(&self, kind: Kind, name: &str) -> f64 {
        let total = self.searcher.num_docs().max(1) as f64;
        let df = self.doc_freq(kind, name).max(1) as f64;
        (total / df).ln().max(0.0)
    }

    /// How much of the co-mentions `a` counts `b` shares, weighted by rarity, from 0 to 1;
    /// the names in `ignore` (the two spellings compared) do not count.
    pub fn shared(
        &self,
        a: &HashMap<(Kind, String), u32>,
        b: &Profile,
        ignore: &[(Kind, &str)],
    ) -> f64 {
        let (mut all, mut shared) = (0.0, 0.0);
        for (k, name) in a.keys() {
            if ignore.iter().any(|(ik, n)| ik == k && n == name) {
                continue;
            }
            let w = self.weight(*k, name);
            all += w;
            if b.counts.contains_key(&(*k, name.clone())) {
                shared += w;
            }
        }
        if all > 0.0 { shared / all } else { 0.0 }
    }
}
