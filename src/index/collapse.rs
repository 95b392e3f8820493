//! Copies at query time: collapsing a result list to one hit per group of copies (the
//! best-ranked matching member, with how many other matching members it stands for), the other
//! copies of one article (`show`), and how many articles are copies (`stats`). Groups are the
//! `cluster` values the index stores ([`super::copies`] keeps them).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, Score, Searcher, TantivyDocument};

use super::record::from_document;
use super::schema::names;
use super::search::{self, Results};
use super::store::NewsIndex;
use crate::query::{Request, Sort};

/// Most copies `show` lists.
pub const MAX_COPIES_SHOWN: usize = 1000;

/// Runs a request collapsed: `total` counts groups, each hit is the best-ranked matching member
/// of its group in the request's order, `copies` the other matching members.
pub fn run(ix: &NewsIndex, req: &Request) -> anyhow::Result<Results> {
    let search::Built {
        query,
        text,
        expansions,
    } = search::build_with_expansions(ix, req)?;
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let counts = searcher.search(&*query, &GroupCounts)?;
    let matching: u64 = counts.values().sum();
    let want = req.offset + req.limit;
    // Rank ever larger windows of matches until they hold enough groups: copies are few per
    // group, so the first window (twice what is asked) nearly always does.
    let mut window = (want * 2).max(64);
    let picked = loop {
        let (_, addrs) = search::ranked(&searcher, &*query, text.is_some(), req, window, 0)?;
        let mut clusters = Clusters::default();
        let mut seen: HashSet<String> = HashSet::new();
        let mut picked = Vec::new();
        for &(score, addr) in &addrs {
            let c = clusters.of(&searcher, addr)?;
            if seen.insert(c.clone()) {
                picked.push(((score, addr), c));
                if picked.len() == want {
                    break;
                }
            }
        }
        if picked.len() >= want || addrs.len() < window || window as u64 >= matching {
            break picked;
        }
        window = window.saturating_mul(4);
    };
    let page: Vec<_> = picked.into_iter().skip(req.offset).collect();
    let addrs: Vec<(Option<f32>, DocAddress)> = page.iter().map(|(a, _)| *a).collect();
    let mut hits = search::hits(ix, &searcher, text.as_deref(), req, &addrs)?;
    for (h, (_, c)) in hits.iter_mut().zip(&page) {
        h.copies = Some(counts.get(c).map_or(0, |n| n.saturating_sub(1)));
    }
    Ok(Results {
        total: counts.len(),
        hits,
        expansions,
    })
}

/// One other copy of an article, as `show` lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CopyRef {
    /// Its id.
    pub id: String,
    /// Its path.
    pub path: String,
    /// Its date.
    pub date: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Its headline.
    pub title: Option<String>,
}

/// The other articles of the group `cluster`, oldest first (ties by path), leaving out `path`;
/// at most [`MAX_COPIES_SHOWN`].
pub fn others(ix: &NewsIndex, cluster: &str, path: &str) -> anyhow::Result<Vec<CopyRef>> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let q = TermQuery::new(
        Term::from_field_text(ix.fields.cluster, cluster),
        IndexRecordOption::Basic,
    );
    let req = Request {
        sort: Sort::Date,
        ..Request::default()
    };
    let (_, addrs) = search::ranked(&searcher, &q, false, &req, MAX_COPIES_SHOWN + 1, 0)?;
    let mut out = Vec::with_capacity(addrs.len());
    for (_, addr) in addrs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let a = from_document(&ix.fields, &doc, false);
        if a.path != path && out.len() < MAX_COPIES_SHOWN {
            out.push(CopyRef {
                id: a.id,
                path: a.path,
                date: a.date,
                source: a.source,
                title: a.title,
            });
        }
    }
    Ok(out)
}

/// How many of the articles matching `query` are copies of an earlier one.
pub fn count_copies(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<u64> {
    searcher.search(query, &CopyCount)
}

/// The cluster of ranked documents, reading each segment's column once.
#[derive(Default)]
struct Clusters {
    columns: HashMap<u32, Option<StrColumn>>,
}

impl Clusters {
    fn of(&mut self, searcher: &Searcher, addr: DocAddress) -> anyhow::Result<String> {
        let col = match self.columns.get(&addr.segment_ord) {
            Some(c) => c,
            None => {
                let seg = searcher.segment_reader(addr.segment_ord);
                let c = seg.fast_fields().str(names::CLUSTER)?;
                self.columns.entry(addr.segment_ord).or_insert(c)
            }
        };
        let mut s = String::new();
        if let Some(col) = col
            && let Some(ord) = col.term_ords(addr.doc_id).next()
        {
            col.ord_to_str(ord, &mut s)?;
        }
        Ok(s)
    }
}

/// Counts matching articles per cluster.
struct GroupCounts;

struct SegGroupCounts {
    col: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for GroupCounts {
    type Fruit = HashMap<String, u64>;
    type Child = SegGroupCounts;

    fn for_segment(&self, _id: u32, seg: &SegmentReader) -> tantivy::Result<SegGroupCounts> {
        let col = seg.fast_fields().str(names::CLUSTER)?;
        let counts = vec![0u64; col.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegGroupCounts { col, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, u64> = HashMap::new();
        for f in fruits {
            for (k, v) in f {
                *out.entry(k).or_default() += v;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegGroupCounts {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(col) = &self.col
            && let Some(ord) = col.term_ords(doc).next()
            && let Some(c) = self.counts.get_mut(ord as usize)
        {
            *c += 1;
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        let mut out = HashMap::new();
        let Some(col) = self.col else { return out };
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&o| self.counts[o as usize] > 0)
            .collect();
        let mut it = ords.iter();
        let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(&o) = it.next() {
                out.insert(
                    String::from_utf8_lossy(bytes).into_owned(),
                    self.counts[o as usize],
                );
            }
        });
        out
    }
}

/// Counts matching articles whose `copy` flag is set.
struct CopyCount;

struct SegCopyCount {
    col: Option<Column<u64>>,
    n: u64,
}

impl Collector for CopyCount {
    type Fruit = u64;
    type Child = SegCopyCount;

    fn for_segment(&self, _id: u32, seg: &SegmentReader) -> tantivy::Result<SegCopyCount> {
        Ok(SegCopyCount {
            col: seg.fast_fields().u64(names::COPY).ok(),
            n: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<u64>) -> tantivy::Result<u64> {
        Ok(fruits.into_iter().sum())
    }
}

impl SegmentCollector for SegCopyCount {
    type Fruit = u64;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self.col.as_ref().and_then(|c| c.first(doc)) == Some(1) {
            self.n += 1;
        }
    }

    fn harvest(self) -> u64 {
        self.n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_index_collapses_to_its_groups() {
        // The sample's articles have no copies: collapsing changes nothing but the counts.
        let ix = crate::index::store::in_memory_sample().unwrap();
        let req = Request {
            limit: 10,
            ..Request::default()
        };
        let plain = search::run(&ix, &req).unwrap();
        let collapsed = run(
            &ix,
            &Request {
                collapse: true,
                ..req
            },
        )
        .unwrap();
        assert_eq!(plain.total, collapsed.total);
        let paths = |r: &Results| -> Vec<String> {
            r.hits.iter().map(|h| h.article.path.clone()).collect()
        };
        assert_eq!(paths(&plain), paths(&collapsed));
        assert!(collapsed.hits.iter().all(|h| h.copies == Some(0)));
        let searcher = ix.reader().unwrap().searcher();
        assert_eq!(
            count_copies(&searcher, &tantivy::query::AllQuery).unwrap(),
            0
        );
    }
}
