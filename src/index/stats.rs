//! Counting what the index holds: articles, dates, and the most frequent sources, datelines, people,
//! places and organisations, over the whole index or over the articles a query matches; people,
//! places and organisations by entity, whatever the spelling (see `names::facets`).

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::query::{AllQuery, Query};
use tantivy::{DateTime, DocId, Score};

use super::names::Kind;
use super::names::map::NameMap;
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
    /// Articles that are copies of an earlier one (see [`super::collapse`]).
    pub copies: u64,
    /// Earliest day.
    pub first_day: Option<String>,
    /// Latest day.
    pub last_day: Option<String>,
    /// The marker of the index's last commit, for `export --changed-since`.
    pub commit: Option<String>,
    /// Top values.
    pub facets: Facets,
}

/// Counts everything for the articles matching `query` (all when `None`).
pub fn compute(ix: &NewsIndex, query: Option<&dyn Query>, top: usize) -> anyhow::Result<Stats> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let all = AllQuery;
    let q: &dyn Query = query.unwrap_or(&all);
    let fruit = match query {
        Some(_) => searcher.search(q, &Counter)?,
        None => count_all(&searcher)?,
    };
    let pick = |i: usize| top_n(&fruit.values[i], top);
    // People, places and organisations by entity: all spellings under one name.
    let map = NameMap::cached(ix);
    let entity = |i: usize, kind: Kind| {
        super::names::facets::top(
            &searcher,
            &ix.fields,
            query,
            kind,
            &fruit.values[i],
            top,
            &map,
        )
    };
    let day = |secs: Option<i64>| {
        secs.and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.strftime("%Y-%m-%d").to_string())
    };
    let copies = super::collapse::count_copies(&searcher, q)?;
    Ok(Stats {
        articles: fruit.articles,
        dated: fruit.dated,
        copies,
        first_day: day(fruit.min_day),
        last_day: day(fruit.max_day),
        commit: ix.payload.changes.marker().map(|m| m.to_string()),
        facets: Facets {
            sources: pick(0),
            datelines: pick(1),
            people: entity(2, Kind::People)?,
            places: entity(3, Kind::Places)?,
            organisations: entity(4, Kind::Organisations)?,
        },
    })
}

/// Counts every live article without running a query: each segment is counted from its
/// columns' value arrays in one sequential pass each (no per-article lookups), less what its
/// deleted articles held; segments in parallel. Same result as `searcher.search(&AllQuery, &Counter)`.
fn count_all(searcher: &tantivy::Searcher) -> tantivy::Result<Fruit> {
    use rayon::prelude::*;
    let parts = searcher
        .segment_readers()
        .par_iter()
        .enumerate()
        .map(|(i, seg)| {
            let mut c = Counter.for_segment(i as u32, seg)?;
            c.count_columns(seg);
            Ok(c.harvest())
        })
        .collect::<tantivy::Result<Vec<Fruit>>>()?;
    Counter.merge_fruits(parts)
}

/// The `n` most frequent values, most frequent first (ties by value).
fn top_n(counts: &[(String, u64)], n: usize) -> Vec<Count> {
    let order = |a: &&(String, u64), b: &&(String, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    let mut v: Vec<&(String, u64)> = counts.iter().collect();
    if n < v.len() {
        v.select_nth_unstable_by(n, order);
        v.truncate(n);
    }
    v.sort_by(order);
    v.into_iter()
        .map(|(value, count)| Count {
            value: value.clone(),
            count: *count,
        })
        .collect()
}

/// Two lists of (value, count) sorted by value → one, the counts of equal values added.
fn merge_sorted(a: Vec<(String, u64)>, b: Vec<(String, u64)>) -> Vec<(String, u64)> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    let (v, c) = a.next().unwrap_or_default();
                    let d = b.next().map_or(0, |y| y.1);
                    Some((v, c + d))
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

#[derive(Default)]
struct Fruit {
    articles: u64,
    dated: u64,
    min_day: Option<i64>,
    max_day: Option<i64>,
    /// Per facet: (value, articles) sorted by value.
    values: Vec<Vec<(String, u64)>>,
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
            values: vec![Vec::new(); FACETS.len()],
            ..Fruit::default()
        };
        for p in parts {
            out.articles += p.articles;
            out.dated += p.dated;
            out.min_day = min_opt(out.min_day, p.min_day);
            out.max_day = max_opt(out.max_day, p.max_day);
            for (i, m) in p.values.into_iter().enumerate() {
                let so_far = std::mem::take(&mut out.values[i]);
                out.values[i] = merge_sorted(so_far, m);
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

impl SegCounter {
    /// Counts the live articles of a segment from the columns' values (every value of a column
    /// belongs to some article), then takes off the deleted articles' values one by one.
    fn count_columns(&mut self, seg: &SegmentReader) {
        let dead: Vec<DocId> = match seg.alive_bitset() {
            Some(alive) => (0..seg.max_doc())
                .filter(|&d| alive.is_deleted(d))
                .collect(),
            None => Vec::new(),
        };
        self.articles += u64::from(seg.num_docs());
        let days = &self.day.values;
        self.dated += u64::from(days.num_vals());
        let (mut min, mut max) = (None, None);
        for_each_value(&**days, |d| {
            let s = d.into_timestamp_secs();
            min = min_opt(min, Some(s));
            max = max_opt(max, Some(s));
        });
        let mut extreme_deleted = false;
        for &doc in &dead {
            if let Some(d) = self.day.first(doc) {
                self.dated -= 1;
                let s = Some(d.into_timestamp_secs());
                extreme_deleted |= s == min || s == max;
            }
        }
        if extreme_deleted {
            // A deleted article held the first or last day: find them among the live ones.
            (min, max) = (None, None);
            for doc in seg.doc_ids_alive() {
                if let Some(d) = self.day.first(doc) {
                    let s = Some(d.into_timestamp_secs());
                    (min, max) = (min_opt(min, s), max_opt(max, s));
                }
            }
        }
        self.min_day = min_opt(self.min_day, min);
        self.max_day = max_opt(self.max_day, max);
        for (col, counts) in self.columns.iter().zip(self.ord_counts.iter_mut()) {
            let Some(col) = col else { continue };
            for_each_value(&*col.ords().values, |o| {
                if let Some(c) = counts.get_mut(o as usize) {
                    *c += 1;
                }
            });
            for &doc in &dead {
                for o in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c = c.saturating_sub(1);
                    }
                }
            }
        }
    }
}

/// Calls `f` on every value of a column, in blocks.
pub(crate) fn for_each_value<T: Copy + PartialOrd + std::fmt::Debug + Send + Sync + 'static>(
    values: &dyn tantivy::columnar::ColumnValues<T>,
    mut f: impl FnMut(T),
) {
    const CHUNK: u32 = 4096;
    let n = values.num_vals();
    if n == 0 {
        return;
    }
    let mut buf = vec![values.get_val(0); CHUNK.min(n) as usize];
    let mut start = 0u32;
    while start < n {
        let len = (n - start).min(CHUNK) as usize;
        values.get_range(u64::from(start), &mut buf[..len]);
        buf[..len].iter().for_each(|&v| f(v));
        start += len as u32;
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
            let mut m = Vec::new();
            if let Some(col) = col {
                // One sequential pass over the dictionary for the values that occur.
                let ords: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&o| counts[o as usize] > 0)
                    .collect();
                let mut it = ords.iter();
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let Some(&o) = it.next() {
                        m.push((
                            String::from_utf8_lossy(bytes).into_owned(),
                            counts[o as usize],
                        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Entities, Header, ParsedArticle};

    /// An index of three segments with deletions (among them the first and last days), so the
    /// column-wide count must take the deleted articles off.
    fn index_with_deletes() -> NewsIndex {
        let names = ["Ann Lee", "Bob Stone", "Cy Young", "Dee Ray"];
        let articles = (0..60u32).map(|i| {
            let year = 1980 + (i % 30) as i16;
            let parsed = ParsedArticle {
                url: None,
                title: Some(format!("Article {i}")),
                header: Some(Header {
                    instant: None,
                    offset: None,
                    day: (i % 7 != 0)
                        .then(|| jiff::civil::Date::new(year, 1, 7).ok())
                        .flatten(),
                    dateline: Some(["London", "Paris"][(i % 2) as usize].into()),
                    source: Some(["Reuters", "AFP", "IANS"][(i % 3) as usize].into()),
                }),
                paragraphs: vec![format!("Body {i}.")],
                noise: vec![],
            };
            let entities = Entities {
                people: names[..(i % 4) as usize + 1]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                places: vec![format!("Place {}", i % 5)],
                organisations: if i % 2 == 0 {
                    vec!["UN".into()]
                } else {
                    vec![]
                },
            };
            (parsed, entities)
        });
        // 1980 (i = 0, 30) and 2009 (i = 29, 59) are the extremes; i = 0 has no day (0 % 7), so
        // both extremes go and the first and last days become 1981 and 2008.
        crate::index::test_util::index_of(articles, 20, &[1, 29, 30, 44, 45, 59])
    }

    #[test]
    fn whole_index_count_equals_counting_article_by_article() {
        let ix = index_with_deletes();
        let searcher = ix.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        assert!(searcher.segment_readers().iter().any(|s| s.has_deletes()));
        let fast = count_all(&searcher).unwrap();
        let slow = searcher.search(&AllQuery, &Counter).unwrap();
        assert_eq!(fast.articles, 54);
        assert_eq!(
            (fast.articles, fast.dated, fast.min_day, fast.max_day),
            (slow.articles, slow.dated, slow.min_day, slow.max_day)
        );
        assert_eq!(fast.values, slow.values);
        // And through `compute`, with ties broken by value.
        let stats = compute(&ix, None, 2).unwrap();
        assert_eq!(stats.first_day.as_deref(), Some("1981-01-07"));
        assert_eq!(stats.last_day.as_deref(), Some("2008-01-07"));
        assert_eq!(stats.facets.people[0].value, "Ann Lee");
        assert_eq!(stats.facets.people[0].count, 54);
        assert_eq!(stats.facets.sources.len(), 2);
    }

    #[test]
    fn merging_sorted_counts_adds_equal_values() {
        let a = vec![("a".to_string(), 1), ("c".to_string(), 2)];
        let b = vec![
            ("b".to_string(), 5),
            ("c".to_string(), 3),
            ("d".to_string(), 1),
        ];
        let m = merge_sorted(a, b);
        let want: Vec<(String, u64)> = [("a", 1), ("b", 5), ("c", 5), ("d", 1)]
            .iter()
            .map(|(v, c)| (v.to_string(), *c))
            .collect();
        assert_eq!(m, want);
        let top = top_n(&m, 2);
        assert_eq!((top[0].value.as_str(), top[1].value.as_str()), ("b", "c"));
    }
}
