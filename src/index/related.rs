//! Co-mentions: the people, places and organisations of the articles a request matches, each with
//! the number of those articles naming it and a score saying how much more it belongs to this set
//! than to the rest of the index, all counted from the keyword columns' term ordinals (fast
//! fields), never from stored documents.
//!
//! The score is Dunning's log-likelihood ratio G² (Dunning 1993, "Accurate methods for the
//! statistics of surprise and coincidence") of the 2×2 table *in the set / not in the set* ×
//! *names the entity / does not*, signed: positive when the entity is more frequent in the set than
//! in the rest of the index, negative when less. Unlike a PMI-style ratio, which puts any name seen
//! once (in this set and nowhere else) at the top, G² grows with the evidence, so a name that comes
//! with the set forty times outranks one that came with it once; on corpus-dev this is what put
//! Lashkar-e-Taiba first for Jamaat-ud-Dawa and Sean McCormack among Condoleezza Rice's.

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentReader;
use tantivy::{DocId, Score};

use super::schema::names;
use super::search::build_query;
use super::store::NewsIndex;
use crate::query::Request;

/// The entity columns: (the `field` users see, the index field).
pub const FIELDS: [(&str, &str); 3] = [
    ("person", names::PEOPLE),
    ("place", names::PLACES),
    ("org", names::ORGANISATIONS),
];

/// An entity named in the matching articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// `person`, `place` or `org`.
    pub field: &'static str,
    /// The canonical name.
    pub value: String,
    /// Matching articles naming it.
    pub count: u64,
    /// Signed log-likelihood G² against the rest of the index, rounded to 3 decimals: high when
    /// it comes with this set far more than elsewhere, 0 when as often, negative when less.
    pub score: f64,
}

/// The entities of the articles `req` matches (query text and filters; paging and sort ignored),
/// most specific to them first, at most `limit`; the entities the request's own `--person`,
/// `--place` and `--org` filters name are left out.
pub fn compute(ix: &NewsIndex, req: &Request, limit: usize) -> anyhow::Result<Vec<Related>> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let (query, _) = build_query(ix, req)?;
    let sets = searcher.search(&*query, &SetCounter)?;
    let in_set: u64 = sets.iter().map(|s| s.articles).sum();
    if in_set == 0 || limit == 0 {
        return Ok(Vec::new());
    }
    let everywhere = searcher.num_docs();
    let segments = searcher.segment_readers();
    let per_segment = sets
        .into_par_iter()
        .map(|s| tally_segment(&segments[s.segment as usize], s))
        .collect::<tantivy::Result<Vec<[Vec<Row>; 3]>>>()?;
    let left_out = [&req.filters.person, &req.filters.place, &req.filters.org]
        .map(|f| f.as_deref().map(|v| v.trim().to_lowercase()));
    let mut out = Vec::new();
    for (i, (field, _)) in FIELDS.iter().enumerate() {
        let merged = per_segment
            .iter()
            .map(|rows| rows[i].clone())
            .reduce(merge_rows)
            .unwrap_or_default();
        for r in merged {
            if r.in_set == 0 || left_out[i].as_deref() == Some(r.value.to_lowercase().as_str()) {
                continue;
            }
            out.push(Related {
                field,
                score: round3(signed_g2(r.in_set, in_set, r.everywhere, everywhere)),
                value: r.value,
                count: r.in_set,
            });
        }
    }
    sort(&mut out);
    out.truncate(limit);
    Ok(out)
}

/// Most specific first: score, then count (both descending), then field in [`FIELDS`] order,
/// then value.
pub fn sort(list: &mut [Related]) {
    let rank = |f: &str| FIELDS.iter().position(|(n, _)| *n == f);
    list.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then(rank(a.field).cmp(&rank(b.field)))
            .then_with(|| a.value.cmp(&b.value))
    });
}

/// `x` rounded to 3 decimals, with no negative zero.
fn round3(x: f64) -> f64 {
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Dunning's G² for an entity named by `a` of the `n` articles in the set and by `c` of all `total`
/// articles, with the sign of (its rate in the set − its rate in the rest of the index).
pub fn signed_g2(a: u64, n: u64, c: u64, total: u64) -> f64 {
    let (a, n, c, total) = (a as f64, n as f64, c as f64, total as f64);
    // The table: rows in the set / not, columns names the entity / not.
    let cells = [
        (a, n, c),
        (n - a, n, total - c),
        (c - a, total - n, c),
        (total - n - c + a, total - n, total - c),
    ];
    let g2: f64 = 2.0
        * cells
            .iter()
            .filter(|(k, row, col)| *k > 0.0 && *row > 0.0 && *col > 0.0)
            .map(|(k, row, col)| k * (k * total / (row * col)).ln())
            .sum::<f64>();
    let rest = total - n;
    let over = if rest > 0.0 {
        a / n > (c - a) / rest
    } else {
        true
    };
    let g2 = g2.max(0.0);
    if over || g2 == 0.0 { g2 } else { -g2 }
}

/// One value of one column: articles in the set naming it, and in the whole index.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    value: String,
    in_set: u64,
    everywhere: u64,
}

/// Two lists of rows sorted by value → one, the counts of equal values added.
fn merge_rows(a: Vec<Row>, b: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.value.cmp(&y.value) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    let (x, y) = (a.next(), b.next());
                    x.zip(y).map(|(x, y)| Row {
                        in_set: x.in_set + y.in_set,
                        everywhere: x.everywhere + y.everywhere,
                        value: x.value,
                    })
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

/// A segment's counts per term ordinal: in the set (from the collector) and in all its live
/// articles (one sequential pass over each column's values, less the deleted articles' values),
/// turned into rows sorted by value for the ordinals that occur at all.
fn tally_segment(seg: &SegmentReader, set: SegSet) -> tantivy::Result<[Vec<Row>; 3]> {
    let dead: Vec<DocId> = match seg.alive_bitset() {
        Some(alive) => (0..seg.max_doc())
            .filter(|&d| alive.is_deleted(d))
            .collect(),
        None => Vec::new(),
    };
    let mut out: [Vec<Row>; 3] = Default::default();
    for ((col, in_set), rows) in set.columns.iter().zip(&set.counts).zip(out.iter_mut()) {
        let Some(col) = col else { continue };
        let mut everywhere = vec![0u32; col.num_terms()];
        super::stats::for_each_value(&*col.ords().values, |o| {
            if let Some(c) = everywhere.get_mut(o as usize) {
                *c += 1;
            }
        });
        for &doc in &dead {
            for o in col.term_ords(doc) {
                if let Some(c) = everywhere.get_mut(o as usize) {
                    *c = c.saturating_sub(1);
                }
            }
        }
        let ords: Vec<u64> = (0..everywhere.len() as u64)
            .filter(|&o| everywhere[o as usize] > 0)
            .collect();
        let mut it = ords.iter();
        col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(&o) = it.next() {
                rows.push(Row {
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    in_set: u64::from(in_set.get(o as usize).copied().unwrap_or(0)),
                    everywhere: u64::from(everywhere[o as usize]),
                });
            }
        })?;
    }
    Ok(out)
}

/// Counts, per segment, the matching articles and how many of them name each term ordinal.
struct SetCounter;

/// [`SetCounter`]'s count for one segment.
struct SegSet {
    segment: u32,
    articles: u64,
    columns: [Option<StrColumn>; 3],
    counts: [Vec<u32>; 3],
}

impl Collector for SetCounter {
    type Fruit = Vec<SegSet>;
    type Child = SegSet;

    fn for_segment(&self, id: u32, seg: &SegmentReader) -> tantivy::Result<SegSet> {
        let ff = seg.fast_fields();
        let mut columns: [Option<StrColumn>; 3] = Default::default();
        let mut counts: [Vec<u32>; 3] = Default::default();
        for (i, (_, field)) in FIELDS.iter().enumerate() {
            columns[i] = ff.str(field)?;
            counts[i] = vec![0; columns[i].as_ref().map_or(0, |c| c.num_terms())];
        }
        Ok(SegSet {
            segment: id,
            articles: 0,
            columns,
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Vec<SegSet>>) -> tantivy::Result<Vec<SegSet>> {
        Ok(parts.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegSet {
    type Fruit = Vec<SegSet>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.articles += 1;
        // Each article's lists are deduplicated when indexed, so an ordinal comes once per article.
        for (col, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(col) = col {
                for o in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Vec<SegSet> {
        vec![self]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_ranks_evidence_and_signs_direction() {
        // (in set, set size, everywhere, index size, sign)
        let cases = [
            (4, 10, 4, 1000, 1.0),    // only ever with the set
            (1, 10, 300, 1000, -1.0), // rarer in the set than elsewhere
            (10, 10, 1000, 1000, 0.0),
        ];
        for (a, n, c, t, sign) in cases {
            let g = signed_g2(a, n, c, t);
            assert_eq!(
                g.signum() * f64::from(g != 0.0),
                sign,
                "{a} {n} {c} {t}: {g}"
            );
        }
        // More co-occurrences of a name found only with the set: more evidence, higher score,
        // where a PMI-style ratio would give both the same.
        assert!(signed_g2(40, 100, 40, 10_000) > signed_g2(1, 100, 1, 10_000));
        // A name everywhere ranks below a rarer one over-represented as much.
        assert!(signed_g2(5, 10, 5, 1000) > signed_g2(10, 10, 900, 1000));
        // Set = whole index: nothing is specific.
        assert_eq!(signed_g2(3, 50, 3, 50), 0.0);
    }

    #[test]
    fn rows_merge_by_value() {
        let row = |v: &str, s, e| Row {
            value: v.into(),
            in_set: s,
            everywhere: e,
        };
        let m = merge_rows(
            vec![row("a", 1, 2), row("c", 0, 3)],
            vec![row("b", 1, 1), row("c", 2, 2)],
        );
        assert_eq!(m, [row("a", 1, 2), row("b", 1, 1), row("c", 2, 5)]);
    }

    #[test]
    fn ties_break_by_count_field_and_value() {
        let r = |field, value: &str, count, score| Related {
            field,
            value: value.into(),
            count,
            score,
        };
        let mut v = vec![
            r("org", "B", 1, 2.0),
            r("person", "Z", 1, 2.0),
            r("place", "A", 1, 2.0),
            r("person", "Y", 3, 2.0),
            r("org", "C", 1, 5.0),
            r("person", "A", 1, 2.0),
        ];
        sort(&mut v);
        let order: Vec<&str> = v.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(order, ["C", "Y", "A", "Z", "A", "B"]);
    }

    #[test]
    fn counts_come_from_the_matching_articles() {
        let ix = crate::index::store::in_memory_sample().unwrap();
        let mut req = Request::default();
        req.filters.source = Some("ians".into());
        let got = compute(&ix, &req, 10).unwrap();
        let names: Vec<(&str, &str, u64)> = got
            .iter()
            .map(|r| (r.field, r.value.as_str(), r.count))
            .collect();
        // Both samples name the same person and place, so neither is specific to the IANS one.
        assert_eq!(
            names,
            [("person", "Sean McCormack", 1), ("place", "Pakistan", 1)]
        );
        assert!(got.iter().all(|r| r.score == 0.0));
        req.filters.person = Some(" sean mccormack ".into());
        let got = compute(&ix, &req, 10).unwrap();
        assert!(got.iter().all(|r| r.value != "Sean McCormack"));
        assert!(compute(&ix, &req, 0).unwrap().is_empty());
    }
}
