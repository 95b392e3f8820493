//! Copies in the index: before a run writes its documents, the groups of copies of the whole
//! index as it will be are computed again ([`plan`]), from the signature every document stores
//! (a fast field) and the signatures of the files about to be indexed, so an update re-reads no
//! unchanged file. New documents are written with their group; indexed documents whose group
//! changed (a first article deleted hands its group to the next one, a new earlier article takes
//! a group over) are written again from their stored fields ([`apply`]), in the run's first
//! commit, so a commit holds documents and groups together. Groups depend only on the set of
//! articles, so an interrupted run that is resumed ends with the groups of an uninterrupted one.

use std::collections::HashSet;

use tantivy::schema::Term;
use tantivy::{DocAddress, DocId, IndexWriter, Searcher, SegmentReader, TantivyDocument};

use super::record::{FastValues, day_to_secs, regrouped};
use super::schema::{article_id, names};
use super::store::NewsIndex;
use crate::article::Header;
use crate::dups::{self, Params, Sketch};

/// A file about to be indexed, as the grouping sees it.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    /// Path relative to the corpus folder.
    pub rel: &'a str,
    /// Seconds since the epoch of its date ([`when`]).
    pub when: Option<i64>,
    /// Its signature.
    pub sketch: &'a Sketch,
}

/// An indexed document whose group changes.
#[derive(Debug, Clone)]
pub struct Regroup {
    /// Where it is in the snapshot the plan was made from.
    pub addr: DocAddress,
    /// Its path.
    pub path: String,
    /// Its new cluster id.
    pub cluster: String,
}

/// The groups of the index as a run will leave it.
pub struct Plan {
    /// The snapshot of the index the plan was made from.
    searcher: Searcher,
    /// The cluster id of each new article, in the order given to [`plan`].
    pub new: Vec<String>,
    /// Indexed documents to write again with another cluster.
    pub regroup: Vec<Regroup>,
}

/// The instant an article sorts by: its date, else midnight (UTC) of its day.
pub fn when(header: Option<&Header>) -> Option<i64> {
    let h = header?;
    h.instant
        .map(|t| t.as_second())
        .or_else(|| h.day.map(day_to_secs))
}

/// One article of the whole index in the making.
struct Entry<'a> {
    when: i64,
    path: &'a str,
    sketch: &'a Sketch,
    /// Indexed: its address and current cluster; new: its number among the new articles.
    origin: Origin,
}

enum Origin {
    Indexed(DocAddress, String),
    New(usize),
}

/// An indexed document's grouping facts.
struct Indexed {
    addr: DocAddress,
    path: String,
    when: Option<i64>,
    sketch: Sketch,
    cluster: String,
}

/// Computes the groups of the index once the documents at the paths in `except` are gone and
/// the `new` articles are in.
pub fn plan(ix: &NewsIndex, except: &HashSet<&str>, new: &[NewArticle]) -> anyhow::Result<Plan> {
    let searcher = ix.reader()?.searcher();
    let mut indexed = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        indexed.extend(segment_entries(ord as u32, seg, except)?);
    }
    let mut entries: Vec<Entry> = indexed
        .iter()
        .map(|d| Entry {
            when: d.when.unwrap_or(i64::MAX),
            path: &d.path,
            sketch: &d.sketch,
            origin: Origin::Indexed(d.addr, d.cluster.clone()),
        })
        .chain(new.iter().enumerate().map(|(i, a)| Entry {
            when: a.when.unwrap_or(i64::MAX),
            path: a.rel,
            sketch: a.sketch,
            origin: Origin::New(i),
        }))
        .collect();
    // The canonical order: earliest date first (undated last), ties by path.
    entries.sort_unstable_by(|a, b| a.when.cmp(&b.when).then_with(|| a.path.cmp(b.path)));
    let sketches: Vec<&Sketch> = entries.iter().map(|e| e.sketch).collect();
    let first = dups::group(&sketches, &Params::default());
    let mut out = Plan {
        searcher: searcher.clone(),
        new: vec![String::new(); new.len()],
        regroup: Vec::new(),
    };
    for (e, f) in entries.iter().zip(first) {
        let cluster = article_id(entries[f as usize].path);
        match &e.origin {
            Origin::New(i) => out.new[*i] = cluster,
            Origin::Indexed(addr, current) if *current != cluster => out.regroup.push(Regroup {
                addr: *addr,
                path: e.path.to_string(),
                cluster,
            }),
            Origin::Indexed(..) => {}
        }
    }
    Ok(out)
}

/// The grouping facts of a segment's live documents, leaving out the paths in `except`.
fn segment_entries(
    ord: u32,
    seg: &SegmentReader,
    except: &HashSet<&str>,
) -> anyhow::Result<Vec<Indexed>> {
    let ff = seg.fast_fields();
    let dates = ff.date(names::DATE)?;
    let days = ff.date(names::DAY)?;
    let sketches = ff.u64(names::SKETCH)?;
    let clusters: std::collections::HashMap<DocId, String> =
        column_strings(seg, names::CLUSTER)?.into_iter().collect();
    let mut out = Vec::new();
    let mut words = Vec::with_capacity(dups::sketch::WORDS);
    for (doc, path) in super::build::segment_paths(seg)? {
        if except.contains(path.as_str()) {
            continue;
        }
        words.clear();
        words.extend(sketches.values_for_doc(doc));
        let when = dates
            .first(doc)
            .or_else(|| days.first(doc))
            .map(|d| d.into_timestamp_secs());
        out.push(Indexed {
            addr: DocAddress::new(ord, doc),
            cluster: clusters.get(&doc).cloned().unwrap_or_default(),
            path,
            when,
            sketch: Sketch::from_words(&words).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The value of a string fast field for every live document of a segment that has one, read
/// from the column's dictionary in one sequential pass.
pub fn column_strings(seg: &SegmentReader, field: &str) -> anyhow::Result<Vec<(DocId, String)>> {
    let Some(col) = seg.fast_fields().str(field)? else {
        return Ok(Vec::new());
    };
    let mut by_ord: Vec<(u64, DocId)> = seg
        .doc_ids_alive()
        .filter_map(|doc| col.term_ords(doc).next().map(|ord| (ord, doc)))
        .collect();
    by_ord.sort_unstable();
    let mut ords: Vec<u64> = by_ord.iter().map(|(o, _)| *o).collect();
    ords.dedup();
    let mut strings = Vec::with_capacity(ords.len());
    col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        strings.push(String::from_utf8_lossy(bytes).into_owned());
    })?;
    let mut out = Vec::with_capacity(by_ord.len());
    let mut at = 0;
    for (ord, doc) in by_ord {
        while ords[at] != ord {
            at += 1;
        }
        out.push((doc, strings[at].clone()));
    }
    Ok(out)
}

/// Writes the documents of `plan.regroup` again with their new cluster (deleting the old
/// version); returns how many.
pub fn apply(
    ix: &NewsIndex,
    writer: &IndexWriter<TantivyDocument>,
    plan: &Plan,
    seq: u64,
    written: &dyn Fn(&str),
) -> anyhow::Result<u64> {
    let f = ix.fields;
    for r in &plan.regroup {
        let stored: TantivyDocument = plan.searcher.doc(r.addr)?;
        let seg = plan.searcher.segment_reader(r.addr.segment_ord);
        let fast = fast_values(seg, r.addr.doc_id)?;
        let doc = regrouped(&f, &stored, &fast, &r.cluster, seq);
        writer.delete_term(Term::from_field_text(f.path, &r.path));
        writer.add_document(doc)?;
        written(&r.path);
    }
    Ok(plan.regroup.len() as u64)
}

/// The values a document has only in fast fields.
fn fast_values(seg: &SegmentReader, doc: DocId) -> anyhow::Result<FastValues> {
    let ff = seg.fast_fields();
    Ok(FastValues {
        size: ff.u64(names::SIZE)?.first(doc).unwrap_or(0),
        mtime: ff.i64(names::MTIME)?.first(doc).unwrap_or(0),
        hash: ff.u64(names::HASH)?.first(doc).unwrap_or(0),
        linekeys: ff.u64(names::LINEKEYS)?.values_for_doc(doc).collect(),
        sketch: ff.u64(names::SKETCH)?.values_for_doc(doc).collect(),
    })
}
