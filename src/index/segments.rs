//! Running a collector over an index's segments in parallel: the query-side analyses (timeline,
//! related) do real work per segment, and a large index has several segments of similar size.

use rayon::prelude::*;
use tantivy::Searcher;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};

/// The fruit of each segment, in segment order, from `collector` over the documents `query`
/// matches (deleted ones left out), without scores, passed in blocks (`collect_block`), also in
/// segments with deletions; segments run on rayon's pool.
pub fn search<C>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<Vec<<C::Child as SegmentCollector>::Fruit>>
where
    C: Collector + Sync,
    <C::Child as SegmentCollector>::Fruit: Send,
{
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    searcher
        .segment_readers()
        .par_iter()
        .enumerate()
        .map(|(ord, seg)| {
            let mut child = collector.for_segment(ord as u32, seg)?;
            match seg.alive_bitset() {
                None => weight.for_each_no_score(seg, &mut |docs| child.collect_block(docs))?,
                Some(alive) => {
                    // Blocks of live documents, as tantivy's own loop passes one at a time.
                    let mut live = Vec::new();
                    weight.for_each_no_score(seg, &mut |docs| {
                        live.clear();
                        live.extend(docs.iter().copied().filter(|&d| alive.is_alive(d)));
                        child.collect_block(&live);
                    })?;
                }
            }
            Ok(child.harvest())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;

    #[test]
    fn same_counts_as_a_plain_search() {
        let ix = crate::index::store::in_memory_sample().unwrap();
        let searcher = ix.reader().unwrap().searcher();
        let parts = search(&searcher, &AllQuery, &Count).unwrap();
        assert_eq!(
            parts.iter().sum::<usize>(),
            searcher.search(&AllQuery, &Count).unwrap()
        );
    }
}
