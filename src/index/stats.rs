//! Counting what the index holds: articles, dates, and the most frequent sources, datelines, people,
//! places and organisations, over the whole index or over the articles a query matches.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::query::{AllQuery, Query};
use tantivy::{DateTime, DocId, Score};

use super::schema::names;
use super::store::NewsIndex;

/// The facet fields, in output order: (JSON key, index field).
pub const FACETS: [(&str, &str); 5] = [
    ("sources", names::SOURCE),
    ("datelines", names::DATELINE),
    ("people", names::PEOPLE),
    ("places", names::PLACES),
    ("organisations", names::ORGANISATIONS),
];

/// A value and how many articles have it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    /// The value.
    pub value: String,
    /// Articles with it.
    pub count: u64,
}

/// Top values of each facet, in [`FACETS`] order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct Facets {
    /// Top sources.
    pub sources: Vec<Count>,
    /// Top datelines.
    pub datelines: Vec<Count>,
    /// Top people.
    pub people: Vec<Count>,
    /// Top places.
    pub places: Vec<Count>,
    /// Top organisations.
    pub organisations: Vec<Count>,
}

/// What `stats` reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Articles counted.
    pub articles: u64,
    /// Articles with a date.
    pub dated: u64,
    /// Earliest day.
    pub first_day: Option<String>,
    /// Latest day.
    pub last_day: Option<String>,
    /// Top values.
    pub facets: Facets,
}

/// Counts everything for the articles matching `query` (all when `None`).
pub fn compute(ix: &NewsIndex, query: Option<&dyn Query>, top: usize) -> anyhow::Result<Stats> {
    let reader = ix.index.reader()?;
    let searcher = reader.searcher();
    let all = AllQuery;
    let q: &dyn Query = query.unwrap_or(&all);
    let fruit = searcher.search(q, &Counter)?;
    let pick = |i: usize| top_n(&fruit.values[i], top);
    let day = |secs: Option<i64>| {
        secs.and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.strftime("%Y-%m-%d").to_string())
    };
    Ok(Stats {
        articles: fruit.articles,
        dated: fruit.dated,
        first_day: day(fruit.min_day),
        last_day: day(fruit.max_day),
        facets: Facets {
            sources: pick(0),
            datelines: pick(1),
            people: pick(2),
            places: pick(3),
            organisations: pick(4),
        },
    })
}

fn top_n(counts: &HashMap<String, u64>, n: usize) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .iter()
        .map(|(k, c)| Count {
            value: k.clone(),
            count: *c,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(n);
    v
}

#[derive(Default)]
struct Fruit {
    articles: u64,
    dated: u64,
    min_day: Option<i64>,
    max_day: Option<i64>,
    values: Vec<HashMap<String, u64>>,
}

struct Counter;

struct SegCounter {
    day: Column<DateTime>,
    columns: Vec<Option<StrColumn>>,
    ord_counts: Vec<Vec<u64>>,
    articles: u64,
    dated: u64,
    min_day: Option<i64>,
    max_day: Option<i64>,
}

impl Collector for Counter {
    type Fruit = Fruit;
    type Child = SegCounter;

    fn for_segment(&self, _id: u32, seg: &SegmentReader) -> tantivy::Result<SegCounter> {
        let ff = seg.fast_fields();
        let mut columns = Vec::new();
        let mut ord_counts = Vec::new();
        for (_, field) in FACETS {
            let col = ff.str(field)?;
            ord_counts.push(vec![0u64; col.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(col);
        }
        Ok(SegCounter {
            day: ff.date(names::DAY)?,
            columns,
            ord_counts,
            articles: 0,
            dated: 0,
            min_day: None,
            max_day: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut out = Fruit {
            values: vec![HashMap::new(); FACETS.len()],
            ..Fruit::default()
        };
        for p in parts {
            out.articles += p.articles;
            out.dated += p.dated;
            out.min_day = min_opt(out.min_day, p.min_day);
            out.max_day = max_opt(out.max_day, p.max_day);
            for (i, m) in p.values.into_iter().enumerate() {
                for (k, c) in m {
                    *out.values[i].entry(k).or_default() += c;
                }
            }
        }
        Ok(out)
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

impl SegmentCollector for SegCounter {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.articles += 1;
        if let Some(d) = self.day.first(doc) {
            let s = d.into_timestamp_secs();
            self.dated += 1;
            self.min_day = min_opt(self.min_day, Some(s));
            self.max_day = max_opt(self.max_day, Some(s));
        }
        for (col, counts) in self.columns.iter().zip(self.ord_counts.iter_mut()) {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Fruit {
        let mut values = Vec::with_capacity(FACETS.len());
        for (col, counts) in self.columns.iter().zip(self.ord_counts.iter()) {
            let mut m = HashMap::new();
            if let Some(col) = col {
                // One sequential pass over the dictionary for the values that occur.
                let ords: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&o| counts[o as usize] > 0)
                    .collect();
                let mut it = ords.iter();
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let Some(&o) = it.next() {
                        m.insert(
                            String::from_utf8_lossy(bytes).into_owned(),
                            counts[o as usize],
                        );
                    }
                });
            }
            values.push(m);
        }
        Fruit {
            articles: self.articles,
            dated: self.dated,
            min_day: self.min_day,
            max_day: self.max_day,
            values,
        }
    }
}
