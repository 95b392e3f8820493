//! Reading the values of sorted blocks of documents from a fast-field column (the term ordinals of
//! a string column, the days of the `day` column) a block at a time rather than document by
//! document: ranks come from the column's optional index for the whole block, then the bounds of
//! each document's rows and the rows themselves are each read in one gathered call.

use std::sync::Arc;

use tantivy::DocId;
use tantivy::columnar::column_index::{MultiValueIndex, OptionalIndex};
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};

/// A column's values, ready for blocks of documents.
pub struct BlockReader<T> {
    /// The documents holding values, when not every document does.
    holders: Option<OptionalIndex>,
    /// Multi-valued: the rows of the `r`-th holder are `starts[r]..starts[r + 1]`; single-valued:
    /// the `r`-th holder's row is `r`.
    starts: Option<Arc<dyn ColumnValues<u32>>>,
    values: Arc<dyn ColumnValues<T>>,
    empty: bool,
    docs_out: Vec<DocId>,
    ranks: Vec<u32>,
    bounds_at: Vec<u32>,
    bounds: Vec<u32>,
    row_ids: Vec<u32>,
    rows: Vec<T>,
}

impl<T: Copy + Default + PartialOrd + std::fmt::Debug + Send + Sync + 'static> BlockReader<T> {
    /// A reader of `col`'s values.
    pub fn new(col: &Column<T>) -> BlockReader<T> {
        let (holders, starts, empty) = match &col.index {
            ColumnIndex::Empty { .. } => (None, None, true),
            ColumnIndex::Full => (None, None, false),
            ColumnIndex::Optional(holders) => (Some(holders.clone()), None, false),
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV1(index)) => {
                (None, Some(index.start_index_column.clone()), false)
            }
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => (
                Some(index.optional_index.clone()),
                Some(index.start_index_column.clone()),
                false,
            ),
        };
        BlockReader {
            holders,
            starts,
            values: col.values.clone(),
            empty,
            docs_out: Vec::new(),
            ranks: Vec::new(),
            bounds_at: Vec::new(),
            bounds: Vec::new(),
            row_ids: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Calls `f` with every value of every document of `docs` (ascending, no repeats), in order;
    /// returns how many of them hold a value (in the multi-valued layout of tantivy before 0.22,
    /// which lists every document, how many there are).
    pub fn for_each(&mut self, docs: &[DocId], mut f: impl FnMut(T)) -> usize {
        if self.empty || docs.is_empty() {
            return 0;
        }
        self.ranks.clear();
        match &self.holders {
            Some(holders) => {
                self.docs_out.clear();
                holders.rank_if_exists_batch(docs, &mut self.docs_out, &mut self.ranks);
            }
            None => self.ranks.extend_from_slice(docs),
        }
        // Gathered reads, one call per block: the bounds of each holder's rows, then the rows.
        let rows: &[u32] = match &self.starts {
            Some(starts) => {
                let n = starts.num_vals();
                self.bounds_at.clear();
                for &r in &self.ranks {
                    if r + 1 < n {
                        self.bounds_at.extend([r, r + 1]);
                    }
                }
                self.bounds.resize(self.bounds_at.len(), 0);
                starts.get_vals(&self.bounds_at, &mut self.bounds);
                self.row_ids.clear();
                for b in self.bounds.chunks_exact(2) {
                    self.row_ids.extend(b[0]..b[1]);
                }
                &self.row_ids
            }
            None => &self.ranks,
        };
        let rows = &rows[..rows.partition_point(|&r| r < self.values.num_vals())];
        self.rows.resize(rows.len(), T::default());
        self.values.get_vals(rows, &mut self.rows);
        self.rows.iter().for_each(|&v| f(v));
        self.ranks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, STRING, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// The ordinals `BlockReader` reads for some blocks of documents, against `term_ords`.
    fn both_ways(docs: &[&[&str]]) {
        let mut b = Schema::builder();
        let tags = b.add_text_field("tags", STRING | FAST);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for values in docs {
            let mut d = TantivyDocument::default();
            for v in *values {
                d.add_text(tags, v);
            }
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let seg = &searcher.segment_readers()[0];
        let Some(col) = seg.fast_fields().str("tags").unwrap() else {
            assert!(docs.iter().all(|d| d.is_empty()));
            return;
        };
        let mut reader = BlockReader::new(col.ords());
        let n = seg.max_doc();
        let blocks: Vec<Vec<DocId>> = vec![
            (0..n).collect(),
            (0..n).step_by(2).collect(),
            (0..n).filter(|d| d % 5 != 3).collect(),
            (n.saturating_sub(3)..n).collect(),
            vec![],
        ];
        for block in blocks {
            let mut got = Vec::new();
            let holders = reader.for_each(&block, |o| got.push(o));
            let want: Vec<u64> = block.iter().flat_map(|&d| col.term_ords(d)).collect();
            assert_eq!(got, want, "{docs:?} {block:?}");
            let with_values = block.iter().filter(|&&d| col.term_ords(d).next().is_some());
            assert_eq!(holders, with_values.count(), "{docs:?} {block:?}");
        }
    }

    #[test]
    fn reads_every_column_layout() {
        // Full, optional, multi-valued, empty; and more documents than an optional index block.
        both_ways(&[&["a"], &["b"], &["a"]]);
        both_ways(&[&["a"], &[], &["c"], &[]]);
        both_ways(&[&["a", "b"], &[], &["c"], &["a", "b", "c"], &[]]);
        both_ways(&[&[], &[]]);
        let names = ["x", "y", "z"];
        let many: Vec<Vec<&str>> = (0..70_000)
            .map(|i| names[..(i * 7 % 4).min(3)].to_vec())
            .collect();
        let many: Vec<&[&str]> = many.iter().map(|v| v.as_slice()).collect();
        both_ways(&many);
        // Few holders: sparse blocks of the optional index.
        let few: Vec<&[&str]> = (0..70_000)
            .map(|i| {
                if i % 97 == 0 {
                    &names[..2]
                } else {
                    &names[..0]
                }
            })
            .collect();
        both_ways(&few);
    }
}
