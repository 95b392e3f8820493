//! Facets of people, places and organisations by entity: the spellings of one entity in the
//! map of names count together under its canonical name, each article once (an article
//! naming two spellings is not counted twice).

use std::collections::BTreeMap;

use tantivy::Searcher;
use tantivy::collector::Count as CountDocs;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};

use super::Kind;
use super::map::NameMap;
use crate::index::schema::Fields;
use crate::index::stats::Count;

/// The `n` most frequent entities among `values` (each spelling and its articles, as the
/// facet column counts them), most frequent first, ties by name; `query` is what the values
/// were counted over (all articles when `None`).
pub fn top(
    searcher: &Searcher,
    f: &Fields,
    query: Option<&dyn Query>,
    kind: Kind,
    values: &[(String, u64)],
    n: usize,
    map: &NameMap,
) -> tantivy::Result<Vec<Count>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    // Canonical name → (articles summed over spellings, the spellings present).
    let mut entities: BTreeMap<&str, (u64, Vec<&str>)> = BTreeMap::new();
    for (value, count) in values {
        let e = entities.entry(map.canonical(kind, value)).or_default();
        e.0 += count;
        e.1.push(value);
    }
    let mut by_sum: Vec<(&str, u64, Vec<&str>)> = entities
        .into_iter()
        .map(|(name, (sum, spellings))| (name, sum, spellings))
        .collect();
    by_sum.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut out: Vec<Count> = Vec::new();
    for (name, sum, spellings) in by_sum {
        // The sums are upper bounds: once one is below the n-th exact count, none is needed.
        if out.len() >= n && out.get(n - 1).is_some_and(|c| sum < c.count) {
            break;
        }
        let count = if spellings.len() > 1 {
            union_count(searcher, f, query, kind, &spellings)?
        } else {
            sum
        };
        out.push(Count {
            value: name.to_string(),
            count,
        });
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    }
    out.truncate(n);
    Ok(out)
}

/// Articles matching `query` that name any of the spellings.
fn union_count(
    searcher: &Searcher,
    f: &Fields,
    query: Option<&dyn Query>,
    kind: Kind,
    spellings: &[&str],
) -> tantivy::Result<u64> {
    let field = kind.field(f);
    let any: Vec<(Occur, Box<dyn Query>)> = spellings
        .iter()
        .map(|s| {
            let t = Term::from_field_text(field, &s.to_lowercase());
            let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
            (Occur::Should, q)
        })
        .collect();
    let within: Box<dyn Query> = match query {
        Some(q) => q.box_clone(),
        None => Box::new(AllQuery),
    };
    let q = BooleanQuery::new(vec![
        (Occur::Must, within),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    Ok(searcher.search(&q, &CountDocs)? as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::names::map::{Group, Member, Reason};
    use crate::index::names::test_index::{Doc, build};

    #[test]
    fn spellings_count_once_under_their_canonical_name() {
        let doc = |orgs| Doc {
            text: "x",
            people: &[],
            places: &[],
            orgs,
        };
        let ix = build(&[
            doc(&["Jamaat-ud-Dawa"]),
            doc(&["Jamaat-ud-Dawa", "Jamat-ud-Dawa"]),
            doc(&["Jamat-ud-Dawa"]),
            doc(&["OPEC"]),
            doc(&["OPEC"]),
            doc(&["World Bank"]),
        ]);
        let map = NameMap::new(
            1,
            vec![Group {
                kind: Kind::Organisations,
                canonical: "Jamaat-ud-Dawa".into(),
                articles: 2,
                members: vec![Member {
                    name: "Jamat-ud-Dawa".into(),
                    articles: 2,
                    reason: Reason::SameKey,
                    context: 1.0,
                }],
            }],
            vec![],
        );
        let searcher = ix.reader().unwrap().searcher();
        let values: Vec<(String, u64)> = [
            ("Jamaat-ud-Dawa", 2),
            ("Jamat-ud-Dawa", 2),
            ("OPEC", 2),
            ("World Bank", 1),
        ]
        .iter()
        .map(|(v, c)| (v.to_string(), *c))
        .collect();
        let got = |n| {
            top(
                &searcher,
                &ix.fields,
                None,
                Kind::Organisations,
                &values,
                n,
                &map,
            )
            .unwrap()
            .into_iter()
            .map(|c| (c.value, c.count))
            .collect::<Vec<_>>()
        };
        let s = |v: &str, c| (v.to_string(), c);
        assert_eq!(
            got(3),
            vec![s("Jamaat-ud-Dawa", 3), s("OPEC", 2), s("World Bank", 1)]
        );
        assert_eq!(got(1), vec![s("Jamaat-ud-Dawa", 3)]);
        assert!(got(0).is_empty());
        // Without a map, each spelling counts alone.
        let plain = top(
            &searcher,
            &ix.fields,
            None,
            Kind::Organisations,
            &values,
            2,
            &NameMap::default(),
        )
        .unwrap();
        assert_eq!(plain[0].value, "Jamaat-ud-Dawa");
        assert_eq!(plain[0].count, 2);
    }
}
