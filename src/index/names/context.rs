//! Co-mentions: the other names that come with a name in the archive's articles. Two spellings
//! of one entity come with the same people, places and organisations (`Jamat-ud-Dawa` with
//! `Hafiz Saeed`, `Lahore` and `Lashkar-e-Taiba`, as `Jamaat-ud-Dawa` does); two entities whose
//! names look alike mostly do not. Rare co-mentions say more than common ones (every other
//! article names the `United States`), so each counts by its inverse document frequency.
//!
//! [`Profiles`] is shared by the threads that compare names, without locks: it reads the names
//! of the column ordinals once, up front, and keeps each name's document frequency in a cell
//! set on first use. The profiles it reads borrow their names from it, and are kept by the
//! caller for as long as it needs them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use rayon::prelude::*;
use tantivy::columnar::StrColumn;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocSet, Searcher, TERMINATED};

use super::Kind;
use super::terms::Name;
use crate::index::schema::Fields;

/// Most articles read for one name's co-mentions.
const MAX_ARTICLES: usize = 2_000;
/// Most articles whose names a profile keeps one by one (rarer names need them, see
/// [`Profiles::shared`]).
const KEPT_ARTICLES: usize = 200;

/// A co-mentioned name: its kind and lower-cased spelling, borrowed from [`Profiles`], which
/// it is compared and hashed by (the same name read in two segments is one), and where
/// [`Profiles`] keeps its document frequency.
#[derive(Debug, Clone, Copy)]
pub struct CoName<'p> {
    kind: Kind,
    lower: &'p str,
    slot: usize,
}

impl CoName<'_> {
    /// Whether this is the name `name` (lower-cased) of kind `kind`.
    pub fn is(&self, (kind, name): (Kind, &str)) -> bool {
        self.kind == kind && self.lower == name
    }
}

impl PartialEq for CoName<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.kind, self.lower) == (other.kind, other.lower)
    }
}

impl Eq for CoName<'_> {}

impl Hash for CoName<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.kind, self.lower).hash(state);
    }
}

/// Co-mentioned names and the number of articles each comes in.
pub type Counts<'p> = HashMap<CoName<'p>, u32>;

/// A name's co-mentions: the other names of its articles (kind, lower-cased) and in how many
/// of its articles each comes.
#[derive(Debug, Clone, Default)]
pub struct Profile<'p> {
    /// Articles read.
    pub articles: u32,
    /// Co-mentioned names and their article counts.
    pub counts: Counts<'p>,
    /// The co-mentions of each of the first [`KEPT_ARTICLES`] articles.
    pub each: Vec<Vec<CoName<'p>>>,
}

impl<'p> Profile<'p> {
    /// The co-mentions of the articles that do not also name `other`; `None` when there are
    /// none, or when the profile has too many articles to tell.
    pub fn without(&self, other: (Kind, &str)) -> Option<Counts<'p>> {
        if self.each.len() < self.articles as usize {
            return None;
        }
        let mut counts = Counts::new();
        for names in &self.each {
            if names.iter().any(|n| n.is(other)) {
                continue;
            }
            for &name in names {
                *counts.entry(name).or_default() += 1;
            }
        }
        (!counts.is_empty()).then_some(counts)
    }
}

/// Reads co-mention profiles from an index; `Sync`.
pub struct Profiles<'s> {
    searcher: &'s Searcher,
    fields: Fields,
    /// Per segment, the raw column of each kind (in [`Kind::ALL`] order).
    columns: Vec<[Option<StrColumn>; 3]>,
    /// The lower-cased names of the ordinals of every segment's columns, one column after the
    /// other. Profiles need most of them, and reading ordinals apart decodes a dictionary
    /// block each time, so all are read at once.
    names: Vec<Box<str>>,
    /// Per segment and kind, where its column's names are in `names`.
    ranges: Vec<[Range<usize>; 3]>,
    /// The document frequency of each of `names`, set when first needed.
    doc_freqs: Vec<OnceLock<u64>>,
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
        // Every column of every segment read in parallel, then put one after the other.
        let read = columns
            .par_iter()
            .flat_map_iter(|cols| cols.iter())
            .map(|col| col.as_ref().map_or(Ok(Vec::new()), names_of))
            .collect::<std::io::Result<Vec<_>>>()?;
        let mut names = Vec::with_capacity(read.iter().map(Vec::len).sum());
        let mut read = read.into_iter();
        let ranges = columns
            .iter()
            .map(|_| {
                std::array::from_fn(|_| {
                    let start = names.len();
                    names.extend(read.next().unwrap_or_default());
                    start..names.len()
                })
            })
            .collect();
        let doc_freqs = names.iter().map(|_| OnceLock::new()).collect();
        Ok(Profiles {
            searcher,
            fields,
            columns,
            names,
            ranges,
            doc_freqs,
        })
    }

    /// The co-mentions of a name (lower-cased) of a kind, from at most [`MAX_ARTICLES`]
    /// articles.
    pub fn of(&self, kind: Kind, name: &str) -> tantivy::Result<Profile<'_>> {
        let mut p = Profile::default();
        let term = Term::from_field_text(kind.field(&self.fields), name);
        for ((seg, cols), ranges) in self
            .searcher
            .segment_readers()
            .iter()
            .zip(&self.columns)
            .zip(&self.ranges)
        {
            let inverted = seg.inverted_index(kind.field(&self.fields))?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let alive = seg.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED && (p.articles as usize) < MAX_ARTICLES {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    p.articles += 1;
                    let mut these: Vec<CoName> = Vec::new();
                    for (k, col) in cols.iter().enumerate() {
                        let Some(col) = col else { continue };
                        for o in col.term_ords(doc) {
                            let slot = ranges[k].start + o as usize;
                            if slot < ranges[k].end {
                                let co = CoName {
                                    kind: Kind::ALL[k],
                                    lower: &self.names[slot],
                                    slot,
                                };
                                if !co.is((kind, name)) {
                                    these.push(co);
                                }
                            }
                        }
                    }
                    for &t in &these {
                        *p.counts.entry(t).or_default() += 1;
                    }
                    if p.each.len() < KEPT_ARTICLES {
                        p.each.push(these);
                    }
                }
                doc = postings.advance();
            }
        }
        Ok(p)
    }

    /// Articles naming a co-mentioned name, deleted ones included; looked up once.
    fn doc_freq(&self, name: CoName) -> u64 {
        *self.doc_freqs[name.slot].get_or_init(|| {
            let term = Term::from_field_text(name.kind.field(&self.fields), name.lower);
            self.searcher.doc_freq(&term).unwrap_or(0)
        })
    }

    /// How much a co-mention says: the log of the inverse of its share of articles.
    fn weight(&self, name: CoName) -> f64 {
        let total = self.searcher.num_docs().max(1) as f64;
        let df = self.doc_freq(name).max(1) as f64;
        (total / df).ln().max(0.0)
    }

    /// How much of the co-mentions `a` counts `b` shares, weighted by rarity, from 0 to 1;
    /// the names in `ignore` (the two spellings compared) do not count.
    pub fn shared(&self, a: &Counts, b: &Profile, ignore: &[(Kind, &str)]) -> f64 {
        self.share(a, b, ignore, |_| 1.0)
    }

    /// How much of `a`'s co-mentions `b` shares, each weighted by rarity and by the number of
    /// `a`'s articles it comes in, from 0 to 1: what `b` explains of what is said around `a`.
    /// Unlike [`Profiles::shared`], a name met once around `a` counts little.
    pub fn covered(&self, a: &Counts, b: &Profile, ignore: &[(Kind, &str)]) -> f64 {
        self.share(a, b, ignore, f64::from)
    }

    /// The share of `a`'s co-mentions that `b` has, each weighted by its rarity times
    /// `times(its count in a)`; the names in `ignore` do not count.
    fn share(
        &self,
        a: &Counts,
        b: &Profile,
        ignore: &[(Kind, &str)],
        times: impl Fn(u32) -> f64,
    ) -> f64 {
        let (mut all, mut shared) = (0.0, 0.0);
        for (&name, &n) in a {
            if ignore.iter().any(|&i| name.is(i)) {
                continue;
            }
            let w = self.weight(name) * times(n);
            all += w;
            if b.counts.contains_key(&name) {
                shared += w;
            }
        }
        if all > 0.0 { shared / all } else { 0.0 }
    }
}

/// One task comparing names by their co-mentions, with the profiles it has read. A name's
/// profile is only needed while its block is compared (or its acronym), so each task keeps
/// its own, without a lock, and drops them when done, which frees the memory for the next.
pub(super) struct Comparing<'a, 's> {
    profiles: &'a Profiles<'s>,
    names: &'a [Name],
    /// Profiles read, by name (index in `names`).
    read: HashMap<usize, Rc<Profile<'a>>>,
}

impl<'a, 's> Comparing<'a, 's> {
    /// A task comparing names of `names`, with no profile read yet.
    pub(super) fn new(profiles: &'a Profiles<'s>, names: &'a [Name]) -> Comparing<'a, 's> {
        Comparing {
            profiles,
            names,
            read: HashMap::new(),
        }
    }

    /// The profile of a name, read once.
    fn profile(&mut self, i: usize) -> tantivy::Result<Rc<Profile<'a>>> {
        if let Some(p) = self.read.get(&i) {
            return Ok(Rc::clone(p));
        }
        let n = &self.names[i];
        let p = Rc::new(self.profiles.of(n.kind, &n.lower)?);
        self.read.insert(i, Rc::clone(&p));
        Ok(p)
    }

    /// How much the co-mentions of the rarer of two names agree with the other's. With
    /// `apart`, only the rarer name's articles that do not name the other count, and there
    /// must be some: two spellings in one article are as often two entities set side by side
    /// (`PicTel` and `PACTEL` in a trademark dispute) as a typo.
    pub(super) fn agreement(&mut self, a: usize, b: usize, apart: bool) -> anyhow::Result<f64> {
        let (small, big) = if self.names[a].articles <= self.names[b].articles {
            (a, b)
        } else {
            (b, a)
        };
        let ps = self.profile(small)?;
        let pb = self.profile(big)?;
        let (small, big) = (&self.names[small], &self.names[big]);
        let ignore = [
            (small.kind, small.lower.as_str()),
            (big.kind, big.lower.as_str()),
        ];
        let without;
        let counts = if apart {
            match ps.without((big.kind, &big.lower)) {
                Some(c) => {
                    without = c;
                    &without
                }
                None => return Ok(0.0),
            }
        } else {
            &ps.counts
        };
        Ok(self.profiles.shared(counts, &pb, &ignore))
    }
}

impl Comparing<'_, '_> {
    /// How much of name `a`'s co-mentions name `b` explains ([`Profiles::covered`]).
    pub(super) fn covered(&mut self, a: usize, b: usize) -> anyhow::Result<f64> {
        let pa = self.profile(a)?;
        let pb = self.profile(b)?;
        let (na, nb) = (&self.names[a], &self.names[b]);
        let ignore = [(na.kind, na.lower.as_str()), (nb.kind, nb.lower.as_str())];
        Ok(self.profiles.covered(&pa.counts, &pb, &ignore))
    }
}

/// The lower-cased names of a column's ordinals, in order.
fn names_of(col: &StrColumn) -> std::io::Result<Vec<Box<str>>> {
    let dict = col.dictionary();
    let mut names = Vec::with_capacity(dict.num_terms());
    let mut terms = dict.stream()?;
    while terms.advance() {
        names.push(String::from_utf8_lossy(terms.key()).to_lowercase().into());
    }
    Ok(names)
}
