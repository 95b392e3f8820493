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

mod tally;

use rayon::prelude::*;
use serde::Serialize;

use super::schema::names;
use super::search::build_query;
use super::store::NewsIndex;
use crate::query::Request;
use tally::{LOOKUPS_PER_STREAM, SetCollector, Tally, merge_rows};

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

/// The co-mentions of a request, with the totals behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct CoMentions {
    /// Articles the request matches.
    pub articles: u64,
    /// Distinct names in them (before the limit; the left-out filter names not counted).
    pub names: usize,
    /// The most specific names, at most the limit.
    pub related: Vec<Related>,
}

/// The entities of the articles `req` matches (query text and filters; paging and sort ignored),
/// most specific to them first, at most `limit`; the entities the request's own `--person`,
/// `--place` and `--org` filters name are left out.
pub fn compute(ix: &NewsIndex, req: &Request, limit: usize) -> anyhow::Result<Vec<Related>> {
    Ok(co_mentions(ix, req, limit)?.related)
}

/// [`compute`], with the number of matching articles and of distinct names.
pub fn co_mentions(ix: &NewsIndex, req: &Request, limit: usize) -> anyhow::Result<CoMentions> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let (query, _) = build_query(ix, req)?;
    let sets = super::segments::search(&searcher, &*query, &SetCollector)?;
    let in_set: u64 = sets.iter().map(|s| s.docs.len() as u64).sum();
    let mut answer = CoMentions {
        articles: in_set,
        names: 0,
        related: Vec::new(),
    };
    if in_set == 0 {
        return Ok(answer);
    }
    // Each column of each segment is counted apart (more jobs than cores, of similar sizes).
    let segments = searcher.segment_readers();
    let jobs: Vec<(&tally::SetDocs, usize)> = sets
        .iter()
        .flat_map(|s| (0..FIELDS.len()).map(move |i| (s, i)))
        .collect();
    let mut tallies = jobs
        .par_iter()
        .map(|&(s, i)| Tally::count(&segments[s.segment as usize], FIELDS[i].1, &s.docs))
        .collect::<tantivy::Result<Vec<Tally>>>()?;
    let everywhere = searcher.num_docs();
    let left_out = [&req.filters.person, &req.filters.place, &req.filters.org]
        .map(|f| f.as_deref().map(|v| v.trim().to_lowercase()));
    let mut out = Vec::new();
    for (i, (field, _)) in FIELDS.iter().enumerate() {
        let column: Vec<&mut Tally> = tallies.iter_mut().skip(i).step_by(FIELDS.len()).collect();
        let mut rows = column
            .into_iter()
            .map(|t| std::mem::take(&mut t.in_set_rows))
            .reduce(merge_rows)
            .unwrap_or_default();
        if sets.len() > 1 {
            // A name's count in the whole index takes every segment's, also where it is not in
            // the set.
            let per_segment = tallies
                .par_iter()
                .skip(i)
                .step_by(FIELDS.len())
                .map(|t| t.counts_of(&rows, LOOKUPS_PER_STREAM))
                .collect::<std::io::Result<Vec<Vec<u64>>>>()?;
            rows.iter_mut().for_each(|r| r.everywhere = 0);
            for add in per_segment {
                for (r, n) in rows.iter_mut().zip(add) {
                    r.everywhere += n;
                }
            }
        }
        for r in rows {
            if left_out[i]
                .as_ref()
                .is_some_and(|v| *v == r.value.to_lowercase())
            {
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
    answer.names = out.len();
    top(&mut out, limit);
    answer.related = out;
    Ok(answer)
}

/// Keeps the `limit` most specific of `list`, sorted by [`sort`].
fn top(list: &mut Vec<Related>, limit: usize) {
    if limit < list.len() {
        list.select_nth_unstable_by(limit, order);
        list.truncate(limit);
    }
    sort(list);
}

/// Most specific first: score, then count (both descending), then field in [`FIELDS`] order,
/// then value.
pub fn sort(list: &mut [Related]) {
    list.sort_unstable_by(order);
}

fn order(a: &Related, b: &Related) -> std::cmp::Ordering {
    let rank = |f: &str| FIELDS.iter().position(|(n, _)| *n == f);
    b.score
        .total_cmp(&a.score)
        .then(b.count.cmp(&a.count))
        .then(rank(a.field).cmp(&rank(b.field)))
        .then_with(|| a.value.cmp(&b.value))
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
    fn counts_and_scores_equal_counting_article_by_article() {
        use tantivy::TantivyDocument;
        let ix = crate::index::test_util::segmented_index();
        let searcher = ix.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let mut articles = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in seg.doc_ids_alive() {
                let d: TantivyDocument = searcher
                    .doc(tantivy::DocAddress::new(ord as u32, doc))
                    .unwrap();
                articles.push(crate::index::record::from_document(&ix.fields, &d, false));
            }
        }
        let total = articles.len() as u64;
        let lists = |a: &crate::index::record::ArticleRecord| {
            [a.people.clone(), a.places.clone(), a.organisations.clone()]
        };
        // Small sets (names looked up one by one), large ones (dictionaries read through).
        for (field, value) in [
            ("person", "P3"),
            ("place", "Q1"),
            ("org", "Even"),
            ("person", "Filler 62 4"),
        ] {
            let mut req = Request::default();
            match field {
                "person" => req.filters.person = Some(value.to_lowercase()),
                "place" => req.filters.place = Some(value.into()),
                _ => req.filters.org = Some(value.into()),
            }
            let got = co_mentions(&ix, &req, 10_000).unwrap();
            let fi = FIELDS.iter().position(|(f, _)| *f == field).unwrap();
            let set: Vec<_> = articles
                .iter()
                .filter(|a| lists(a)[fi].iter().any(|v| v == value))
                .collect();
            assert_eq!(got.articles, set.len() as u64, "{value}");
            let mut want = Vec::new();
            for (i, (f, _)) in FIELDS.iter().enumerate() {
                let mut names: Vec<String> = set.iter().flat_map(|a| lists(a)[i].clone()).collect();
                names.sort();
                names.dedup();
                for name in names {
                    if i == fi && name == value {
                        continue;
                    }
                    let a = set.iter().filter(|x| lists(x)[i].contains(&name)).count() as u64;
                    let c = articles
                        .iter()
                        .filter(|x| lists(x)[i].contains(&name))
                        .count() as u64;
                    want.push(Related {
                        field: f,
                        value: name,
                        count: a,
                        score: round3(signed_g2(a, set.len() as u64, c, total)),
                    });
                }
            }
            sort(&mut want);
            assert_eq!(got.names, want.len(), "{value}");
            assert_eq!(got.related, want, "{value}");
            let top3 = compute(&ix, &req, 3).unwrap();
            assert_eq!(top3[..], want[..3]);
        }
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
