//! Building and updating the index from a corpus folder: crawl, decide what changed, parse, clean and
//! extract in parallel, and feed one tantivy `IndexWriter`; commit atomically with the bookkeeping.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::schema::Term;
use tantivy::{IndexWriter, TantivyDocument, TantivyError};

use super::changes::{self, ChangeLog};
use super::copies::{self, NewArticle};
use super::record::{FileStamp, Group, to_document};
use super::schema::{Fields, SCHEMA_VERSION, article_id, fnv1a64, names};
use super::store::{self, NewsIndex, Payload};
use super::units::{self, WarcProbe};
use crate::clean::LineStats;
use crate::crawl::{self, CrawlOptions, FileEntry};
use crate::dups::{self, Sketch};
use crate::error::Error;
use crate::html::DateOrigin;
use crate::read::{self, Format, Locator};

/// What `newsdex index` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Corpus folder; `None` = the one the index remembers, else `corpus/`.
    pub corpus: Option<PathBuf>,
    /// Index folder.
    pub index_dir: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Article extensions; `None` = remembered, else [`read::DEFAULT_EXTENSIONS`].
    pub extensions: Option<Vec<String>>,
    /// Follow symbolic links; `None` = remembered, else no.
    pub follow_links: Option<bool>,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Memory budget of the tantivy writer, in bytes.
    pub writer_heap: usize,
    /// Files larger than this are not articles.
    pub max_file_bytes: u64,
    /// Commit after this many documents, so an interrupted run keeps its progress.
    pub commit_every: usize,
    /// Extract people, places and organisations.
    pub entities: bool,
}

impl BuildOptions {
    /// Options with the defaults for an index folder.
    pub fn new(index_dir: PathBuf) -> BuildOptions {
        BuildOptions {
            corpus: None,
            index_dir,
            rebuild: false,
            extensions: None,
            follow_links: None,
            progress: false,
            writer_heap: 256 << 20,
            max_file_bytes: 16 << 20,
            commit_every: 200_000,
            entities: true,
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// The corpus folder indexed.
    pub corpus: PathBuf,
    /// Article files the crawl found.
    pub seen: u64,
    /// Articles added (new files).
    pub added: u64,
    /// Articles re-indexed because their file changed.
    pub updated: u64,
    /// Files unchanged since the last run.
    pub unchanged: u64,
    /// Articles removed because their file is gone (or, for a WARC record, no longer in its
    /// changed file).
    pub removed: u64,
    /// Unchanged articles written again because their group of copies changed.
    pub regrouped: u64,
    /// Files (and broken WARC records) skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Articles indexed without a recognisable header (body only, no date).
    pub no_header: u64,
    /// WARC records that are not articles (requests, images, redirects, …), by kind.
    pub not_articles: BTreeMap<String, u64>,
    /// Web articles dated by when their WARC record was fetched (no date in the page).
    pub dated_by_fetch: u64,
    /// Articles in another language than English, left without entities (see [`crate::ner::lang`]).
    pub not_english: u64,
    /// Files ignored because their extension is not an article's.
    pub other_files: u64,
    /// Bytes of article files read.
    pub bytes_read: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// The marker of the index's last commit, for `export --changed-since`.
    pub commit: Option<changes::Marker>,
}

impl Summary {
    /// Total skipped files.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// A file the run reads, and whether the index already has it.
struct Todo<'a> {
    entry: &'a FileEntry,
    old: Option<FileStamp>,
}

/// Result of reading one file in the first pass.
enum Probe {
    Skip(String),
    Same,
    /// Read and changed: its candidate-line keys and content hash (kept, not computed again),
    /// and what finding its copies needs.
    Read {
        keys: Vec<u64>,
        hash: u64,
        signed: Box<Signed>,
    },
    /// A WARC file listed (see [`units::probe_warc`]).
    Warc(WarcProbe),
}

/// An article to read in pass 2: its file, the range of its candidate-line keys in the flat
/// key array, the file's content hash, and for a WARC record its locator.
type Unit<'a> = (&'a Todo<'a>, std::ops::Range<usize>, u64, Option<Locator>);

/// What finding a file's copies needs from pass 1: its date and its signature.
struct Signed {
    when: Option<i64>,
    sketch: Sketch,
}

impl Signed {
    /// No date and an empty signature: an article never grouped with copies.
    fn none() -> Signed {
        Signed {
            when: None,
            sketch: Sketch::default(),
        }
    }
}

/// Builds or updates the index at `opts.index_dir`; `report` receives one `path: reason` line per bad
/// file.
pub fn build(opts: &BuildOptions, report: &(dyn Fn(&str) + Sync)) -> anyhow::Result<Summary> {
    let start = Instant::now();
    // Check a corpus given on the command line before anything is written.
    if let Some(c) = &opts.corpus {
        resolve_corpus(c, &opts.index_dir)?;
    }
    let existing_ix = if opts.rebuild || store::needs_creation(&opts.index_dir) {
        None
    } else {
        Some(store::open(&opts.index_dir)?)
    };
    let remembered = match &existing_ix {
        Some(ix) => ix.payload.corpus.clone(),
        // --rebuild keeps the corpus the old index remembers, when it can still be read.
        None if opts.rebuild && store::is_newsdex_index(&opts.index_dir) => {
            store::remembered_corpus(&opts.index_dir)
        }
        None => None,
    };
    let corpus = resolve_corpus(
        &opts
            .corpus
            .clone()
            .or(remembered)
            .unwrap_or_else(|| PathBuf::from("corpus")),
        &opts.index_dir,
    )?;
    let ix = match existing_ix {
        Some(ix) => ix,
        None => {
            if opts.rebuild {
                store::remove_for_rebuild(&opts.index_dir)?;
            }
            store::create(&opts.index_dir)?
        }
    };
    let crawl_opts = CrawlOptions {
        extensions: opts
            .extensions
            .clone()
            .or_else(|| Some(ix.payload.extensions.clone()).filter(|e| !e.is_empty()))
            .unwrap_or_else(|| {
                read::DEFAULT_EXTENSIONS
                    .iter()
                    .map(|e| e.to_string())
                    .collect()
            }),
        follow_links: opts.follow_links.unwrap_or(ix.payload.follow_links),
    };
    let payload = Payload {
        schema_version: SCHEMA_VERSION,
        corpus: Some(corpus.clone()),
        extensions: crawl_opts.extensions.clone(),
        follow_links: crawl_opts.follow_links,
        changes: ix.payload.changes.clone(),
    };
    // Take the writer lock before any work, so a second `index` fails at once. One indexing
    // thread: the parse, clean and extract workers keep it busy, and it writes one segment per
    // commit instead of two half-size ones that cost a merge more (see `merge_policy`).
    let writer: IndexWriter<TantivyDocument> = ix
        .index
        .writer_with_num_threads(1, opts.writer_heap)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => anyhow::Error::from(Error::Locked {
                path: opts.index_dir.clone(),
            }),
            other => anyhow::Error::from(other),
        })?;

    writer.set_merge_policy(Box::new(merge_policy()));
    store::remove_stale_temp_files(&opts.index_dir);
    // Files an interrupted run wrote but never committed are still in tantivy's managed list.
    // Remove them before writing anything: a run that starts from the same commit would
    // otherwise pick the same names (`SEGMENT.OPSTAMP.del`) and fail with "file already exists".
    writer.garbage_collect_files().wait().map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot clear the files an interrupted run left ({e})",
            opts.index_dir.display()
        )
    })?;
    let crawled = crawl::crawl(&corpus, &crawl_opts)?;
    let mut summary = Summary {
        corpus: corpus.clone(),
        seen: crawled.files.len() as u64,
        other_files: crawled.other_files,
        ..Summary::default()
    };
    for p in &crawled.problems {
        report(&format!("{}: {}", p.path, p.reason));
        *summary.skipped.entry(p.reason.clone()).or_default() += 1;
    }

    let existing = load_stamps(&ix)?;
    // By file: a WARC's records share its stamp and go with it.
    let indexed = units::by_file(&existing);
    let deleted: Vec<&str> = {
        let present: HashSet<&str> = crawled.files.iter().map(|f| f.rel.as_str()).collect();
        let mut keys: Vec<&str> = indexed
            .iter()
            .filter(|(file, _)| !present.contains(*file))
            .flat_map(|(_, f)| f.keys.iter().copied())
            .collect();
        keys.sort_unstable();
        keys
    };
    let mut todo = Vec::new();
    for entry in &crawled.files {
        match indexed.get(entry.rel.as_str()).map(|f| f.stamp) {
            Some(st) if st.size == entry.size && st.mtime == entry.mtime => summary.unchanged += 1,
            old => todo.push(Todo { entry, old }),
        }
    }

    if todo.is_empty() && deleted.is_empty() && ix.payload == payload {
        summary.commit = payload.changes.marker();
        // A run killed after its last commit left the map of names behind it.
        super::names::refresh::refresh_if_stale(&ix)?;
        summary.elapsed = start.elapsed();
        return Ok(summary);
    }

    if opts.entities {
        // Load the tagger while pass 1 reads the files, rather than stall pass 2 on it.
        std::thread::spawn(|| {
            crate::ner::Extractor::shared();
        });
    }
    let timing = std::env::var_os("NEWSDEX_TIMING").is_some();
    let phase = |name: &str| {
        if timing {
            eprintln!(
                "timing: {name} at {:.3} s ({}; signatures so far {:.1} s cpu)",
                start.elapsed().as_secs_f64(),
                resources_now(),
                dups::signing_seconds()
            );
        }
    };
    phase("crawled and compared");
    let progress = progress_bar(opts.progress, todo.len() as u64 * 2);
    // Pass 1: read what may have changed, hash it, and collect its candidate boilerplate lines.
    let probes: Vec<Probe> = todo
        .par_iter()
        .map(|t| {
            let p = probe(t, opts.max_file_bytes);
            progress.inc(1);
            p
        })
        .collect();
    // The files to index, each with its content hash and the range of its candidate-line keys
    // in `all_keys` (one flat array: a million small vectors would cost twice the memory).
    let mut to_index: Vec<Unit> = Vec::with_capacity(todo.len());
    // Changed files whose old articles go (all of a WARC's, even when none is left).
    let mut changed: Vec<&str> = Vec::new();
    let total_keys = probes
        .iter()
        .map(|p| match p {
            Probe::Read { keys, .. } => keys.len(),
            _ => 0,
        })
        .sum();
    let mut all_keys: Vec<u64> = Vec::with_capacity(total_keys);
    // The date and signature of each file in `to_index`, until its group is known.
    // Kept boxed as pass 1 made them (moving them out would hold two copies for a while), until
    // pass 2 has stored them: computing them again there would double their cost.
    let mut signed: Vec<Box<Signed>> = Vec::with_capacity(todo.len());
    for (t, p) in todo.iter().zip(probes) {
        match p {
            Probe::Skip(reason) => {
                report(&format!("{}: {reason}", t.entry.path().display()));
                *summary.skipped.entry(reason).or_default() += 1;
                progress.inc(1);
            }
            Probe::Same => {
                summary.unchanged += 1;
                progress.inc(1);
            }
            Probe::Read {
                keys,
                hash,
                signed: sig,
            } => {
                let start = all_keys.len();
                all_keys.extend_from_slice(&keys);
                to_index.push((t, start..all_keys.len(), hash, None));
                signed.push(sig);
                changed.extend(t.old.map(|_| t.entry.rel.as_str()));
            }
            Probe::Warc(WarcProbe::Skip(reason)) => {
                report(&format!("{}: {reason}", t.entry.path().display()));
                *summary.skipped.entry(reason).or_default() += 1;
                progress.inc(1);
            }
            Probe::Warc(WarcProbe::Same) => {
                summary.unchanged += 1;
                progress.inc(1);
            }
            Probe::Warc(WarcProbe::Records {
                hash,
                articles,
                not_articles,
                broken,
            }) => {
                progress.inc(1);
                for kind in not_articles {
                    *summary.not_articles.entry(kind).or_default() += 1;
                }
                for (loc, reason) in broken {
                    let key = read::record_key(&t.entry.path().display().to_string(), loc);
                    report(&format!("{key}: {reason}"));
                    *summary.skipped.entry(reason).or_default() += 1;
                }
                if let Some(old) = indexed.get(t.entry.rel.as_str()) {
                    // Records the changed file no longer holds are removed.
                    let now: HashSet<String> = articles
                        .iter()
                        .map(|loc| read::record_key(&t.entry.rel, *loc))
                        .collect();
                    summary.removed +=
                        old.keys.iter().filter(|k| !now.contains(**k)).count() as u64;
                }
                let at = all_keys.len();
                // A WARC record's text is only read in pass 2: it has no signature, so it is
                // never grouped with copies (an empty sketch matches nothing).
                signed.extend(articles.iter().map(|_| Box::new(Signed::none())));
                to_index.extend(articles.into_iter().map(|loc| (t, at..at, hash, Some(loc))));
                changed.extend(t.old.map(|_| t.entry.rel.as_str()));
            }
        }
    }

    // Corpus line statistics: every article kept in the index, plus the files about to be indexed.
    let replaced: HashSet<&str> = changed
        .iter()
        .filter_map(|file| indexed.get(file))
        .flat_map(|f| f.keys.iter().copied())
        .chain(deleted.iter().copied())
        .collect();
    phase("pass 1 (read, hash, line keys)");
    let stats = if to_index.is_empty() {
        LineStats::default()
    } else {
        let (files, mut keys) = indexed_line_keys(&ix, &replaced)?;
        keys.extend_from_slice(&all_keys);
        LineStats::from_keys(files + to_index.len() as u64, keys)
    };

    phase("line statistics");
    let plan = plan_copies(&ix, &replaced, &to_index, &signed)?;
    // Each signature is dropped once pass 2 has taken it, so they take less and less memory.
    let signed: Vec<Mutex<Option<Box<Signed>>>> =
        signed.into_iter().map(|s| Mutex::new(Some(s))).collect();
    phase("copies");
    // Pass 2: remove what is gone or replaced, write again what changed group, then parse,
    // clean, extract and index.
    let f = ix.fields;
    for rel in &replaced {
        writer.delete_term(Term::from_field_text(f.path, rel));
    }
    summary.removed += deleted.len() as u64;
    let changes = Mutex::new(payload.changes.clone());
    let seq = AtomicU64::new(log_removals(&changes, &replaced, &opts.index_dir));
    // Articles whose group changed are written again in the first commit: for incremental
    // export they are changed articles (their `cluster` is new).
    summary.regrouped = copies::apply(&ix, &writer, &plan, seq.load(Ordering::Relaxed), &|rel| {
        log_written(&changes, rel)
    })?;
    let writer = Mutex::new(writer);
    let added = AtomicU64::new(0);
    let updated = AtomicU64::new(0);
    let no_header = AtomicU64::new(0);
    let dated_by_fetch = AtomicU64::new(0);
    let not_english = AtomicU64::new(0);
    let bytes_read = AtomicU64::new(0);
    let skipped: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());
    // One item's work: read, parse, clean, extract (any thread).
    let prepare = |i: usize| -> Prepared {
        let unit = &to_index[i];
        let linekeys = &all_keys[unit.1.clone()];
        let taken = signed[i].lock().ok().and_then(|mut s| s.take());
        let sketch = taken.map_or([0; dups::sketch::WORDS], |s| s.sketch.to_words());
        let group = Group {
            cluster: &plan.new[i],
            sketch: &sketch,
        };
        let outcome = index_one(&f, unit, &stats, linekeys, &group, opts);
        progress.inc(1);
        (i, outcome)
    };
    // Hands one prepared item to the index writer, counting it.
    let submit = |(i, outcome): Prepared| {
        let (t, _, _, record) = &to_index[i];
        let what = || match record {
            Some(loc) => read::record_key(&t.entry.path().display().to_string(), *loc),
            None => t.entry.path().display().to_string(),
        };
        let Indexed {
            mut doc,
            has_header,
            size,
            by_fetch,
            untagged,
        } = match outcome {
            Ok(prepared) => prepared,
            Err(reason) => return skip(&skipped, report, &what(), reason),
        };
        bytes_read.fetch_add(size, Ordering::Relaxed);
        if !has_header {
            no_header.fetch_add(1, Ordering::Relaxed);
        }
        if by_fetch {
            dated_by_fetch.fetch_add(1, Ordering::Relaxed);
        }
        if untagged {
            not_english.fetch_add(1, Ordering::Relaxed);
        }
        changes::stamp(&f, &mut doc, seq.load(Ordering::Relaxed));
        let res = writer
            .lock()
            .map(|w| w.add_document(doc))
            .map_err(|_| "writer lock poisoned".to_string());
        match res {
            Ok(Ok(_)) => {
                let key = match record {
                    Some(loc) => read::record_key(&t.entry.rel, *loc),
                    None => t.entry.rel.clone(),
                };
                log_written(&changes, &key);
                if t.old.is_some() {
                    updated.fetch_add(1, Ordering::Relaxed);
                } else {
                    added.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(Err(e)) => skip(&skipped, report, &what(), format!("index error ({e})")),
            Err(e) => skip(&skipped, report, &what(), e),
        }
    };
    // Each commit holds whole chunks of `commit_every` articles, never part of a file's (a
    // WARC's records are committed together). While tantivy writes a chunk's segment (one
    // thread), the workers prepare the start of the next chunk: those items are handed to the
    // writer after the commit, so each commit still holds exactly its chunk.
    let every = opts.commit_every.max(1);
    let mut carried: Vec<Prepared> = Vec::new();
    let mut next = 0;
    let same_file = |a: usize, b: usize| std::ptr::eq(to_index[a].0, to_index[b].0);
    for chunk in units::chunks(to_index.len(), every, same_file) {
        if chunk.start > 0 {
            seq.store(next_commit(&changes, &opts.index_dir), Ordering::Relaxed);
        }
        let end = chunk.end;
        carried.drain(..).for_each(&submit);
        (next..end).into_par_iter().for_each(|i| submit(prepare(i)));
        next = end;
        // Bounded, so memory stays bounded however long a commit takes.
        let following = (end + every.min(MAX_CARRIED)).min(to_index.len());
        let mut w = writer
            .lock()
            .map_err(|_| anyhow::anyhow!("writer lock poisoned"))?;
        std::thread::scope(|scope| {
            let w: &mut IndexWriter<TantivyDocument> = &mut w;
            let payload = payload_now(&payload, &changes);
            let committing = scope.spawn(move || commit(w, &payload));
            while !committing.is_finished() && next < following {
                let step = (next + PREPARE_STEP).min(following);
                carried.par_extend((next..step).into_par_iter().map(prepare));
                next = step;
            }
            committing
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("commit thread panicked")))
        })?;
        drop(w);
        phase("a commit");
    }
    drop(signed);
    let mut w = writer
        .into_inner()
        .map_err(|_| anyhow::anyhow!("writer lock poisoned"))?;
    if to_index.is_empty() {
        commit(&mut w, &payload_now(&payload, &changes))?;
    }
    phase("pass 2 (parse, clean, extract, index) and commit");
    w.wait_merging_threads()?;
    phase("merges");
    super::names::refresh::refresh(&ix)?;
    phase("map of names");
    progress.finish_and_clear();
    summary.added = added.into_inner();
    summary.updated = updated.into_inner();
    summary.no_header = no_header.into_inner();
    summary.dated_by_fetch = dated_by_fetch.into_inner();
    summary.not_english = not_english.into_inner();
    summary.bytes_read = bytes_read.into_inner();
    for (reason, n) in skipped.into_inner().unwrap_or_default() {
        *summary.skipped.entry(reason).or_default() += n;
    }
    summary.commit = changes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .marker();
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// An item of pass 2 ready for the index writer: its number in the list of articles to index,
/// and its document or why it is skipped.
type Prepared = (usize, Result<Indexed, String>);

/// One article's document and what the summary counts of it.
struct Indexed {
    doc: TantivyDocument,
    /// It has a header (text files) or a date (web pages).
    has_header: bool,
    /// Bytes read for it.
    size: u64,
    /// Dated by its WARC record's fetch date.
    by_fetch: bool,
    /// Left without entities: not in English.
    untagged: bool,
}

/// Items prepared at a time while a commit runs: small, so that the workers turn back to the
/// writer soon after the commit ends.
const PREPARE_STEP: usize = 512;
/// At most this many items are prepared during one commit (their documents wait in memory:
/// about 5 KB each). At 1 GB a commit of 200,000 articles outlasts them by 1–2 s, spent on one
/// core; carrying 40,000 shortened that but made the build no faster (129 s against 124 s).
const MAX_CARRIED: usize = 16_384;

fn skip(
    skipped: &Mutex<BTreeMap<String, u64>>,
    report: &(dyn Fn(&str) + Sync),
    what: &str,
    reason: String,
) {
    report(&format!("{what}: {reason}"));
    if let Ok(mut s) = skipped.lock() {
        *s.entry(reason).or_default() += 1;
    }
}

/// Starts the run's first commit: logs the removal of every replaced or deleted article in it
/// (those written again leave the log as they are), and returns its sequence number.
fn log_removals(changes: &Mutex<ChangeLog>, replaced: &HashSet<&str>, index_dir: &Path) -> u64 {
    let mut log = changes.lock().unwrap_or_else(|e| e.into_inner());
    let seq = log.begin_commit(index_dir);
    for rel in replaced {
        log.removed(article_id(rel), seq);
    }
    seq
}

/// Starts the run's next commit; returns its sequence number.
fn next_commit(changes: &Mutex<ChangeLog>, index_dir: &Path) -> u64 {
    let mut log = changes.lock().unwrap_or_else(|e| e.into_inner());
    log.begin_commit(index_dir)
}

/// Notes that the article at `rel` was written in the commit under way.
fn log_written(changes: &Mutex<ChangeLog>, rel: &str) {
    let mut log = changes.lock().unwrap_or_else(|e| e.into_inner());
    if !log.deleted.is_empty() {
        log.written(&article_id(rel));
    }
}

/// The payload of the commit under way: the run's settings and the change log as it stands.
fn payload_now(base: &Payload, changes: &Mutex<ChangeLog>) -> Payload {
    Payload {
        changes: changes.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        ..base.clone()
    }
}

fn commit(writer: &mut IndexWriter<TantivyDocument>, payload: &Payload) -> anyhow::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(payload)?);
    prepared.commit()?;
    Ok(())
}

fn progress_bar(show: bool, len: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// Reads a file's bytes, refusing what cannot be an article.
fn read_article(entry: &FileEntry, max: u64) -> Result<Vec<u8>, String> {
    let bytes = entry.read(max).map_err(|e| crawl::io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "larger than {} MB (not an article)",
            max / (1 << 20)
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file".to_string());
    }
    Ok(bytes)
}

fn probe(t: &Todo, max: u64) -> Probe {
    let (format, gz) = read::format_of(&t.entry.rel);
    if format == Format::Warc {
        // WARC files may be any size: only their records are held to the limit.
        return Probe::Warc(units::probe_warc(t.entry, t.old));
    }
    if t.entry.size > max {
        return Probe::Skip(format!(
            "larger than {} MB (not an article)",
            max / (1 << 20)
        ));
    }
    let bytes = match read_article(t.entry, max) {
        Ok(b) => b,
        Err(reason) => return Probe::Skip(reason),
    };
    let hash = fnv1a64(&bytes);
    if let Some(old) = t.old
        && old.hash == hash
        && old.size == bytes.len() as u64
    {
        return Probe::Same;
    }
    if format == Format::Html {
        // Web pages add nothing to the text files' line statistics, and are not read before
        // pass 2: no signature, so never grouped with copies.
        return Probe::Read {
            keys: Vec::new(),
            hash,
            signed: Box::new(Signed::none()),
        };
    }
    let text = match uncompressed(&bytes, gz, max) {
        Ok(t) => t,
        Err(reason) => return Probe::Skip(reason),
    };
    match crate::decode::decode(&text) {
        Ok(decoded) => {
            let split = crate::parse::split(&decoded.text);
            Probe::Read {
                keys: LineStats::body_keys(&split.body),
                hash,
                signed: Box::new(Signed {
                    when: copies::when(split.header.as_ref()),
                    sketch: dups::sketch_body(&split.body),
                }),
            }
        }
        Err(e) => Probe::Skip(e.to_string()),
    }
}

/// The groups of copies once this run is done (see [`copies`]).
fn plan_copies(
    ix: &NewsIndex,
    replaced: &HashSet<&str>,
    to_index: &[Unit],
    signed: &[Box<Signed>],
) -> anyhow::Result<copies::Plan> {
    let keys: Vec<String> = to_index
        .iter()
        .map(|(t, _, _, record)| match record {
            Some(loc) => read::record_key(&t.entry.rel, *loc),
            None => t.entry.rel.clone(),
        })
        .collect();
    let new: Vec<NewArticle> = keys
        .iter()
        .zip(signed)
        .map(|(key, s)| NewArticle {
            rel: key,
            when: s.when,
            sketch: &s.sketch,
        })
        .collect();
    copies::plan(ix, replaced, &new)
}

/// A file's content: its bytes, gunzipped when its name ends in `.gz`.
fn uncompressed(bytes: &[u8], gz: bool, max: u64) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if gz {
        read::gzip::gunzip(bytes, max).map(std::borrow::Cow::Owned)
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

/// Reads, parses, cleans and extracts one article (a file, or a WARC file's record) into a
/// document; `hash` is the file's content hash the first pass computed (a file changed between
/// the passes is caught by its mtime next run).
fn index_one(
    f: &Fields,
    unit: &Unit,
    stats: &LineStats,
    keys: &[u64],
    group: &Group,
    opts: &BuildOptions,
) -> Result<Indexed, String> {
    let (t, _, hash, record) = unit;
    let (entry, hash, record) = (t.entry, *hash, *record);
    let max = opts.max_file_bytes;
    let (article, size, file_size, key) = match record {
        Some(loc) => {
            let (article, size) = units::read_warc_article(entry, loc, max)?;
            (article, size, entry.size, read::record_key(&entry.rel, loc))
        }
        None => {
            let bytes = read_article(entry, max)?;
            let (format, gz) = read::format_of(&entry.rel);
            let content = uncompressed(&bytes, gz, max)?;
            let article = read::read_file(&content, format, Some(stats))?;
            let n = bytes.len() as u64;
            (article, n, n, entry.rel.clone())
        }
    };
    let parsed = article.article;
    let tagged = opts.entities && crate::ner::lang::tags(&parsed.paragraphs);
    let entities = if tagged {
        crate::ner::Extractor::shared().extract(&parsed.paragraphs)
    } else {
        crate::article::Entities::default()
    };
    let stamp = FileStamp {
        size: file_size,
        mtime: entry.mtime,
        hash,
    };
    let has_header = match article.date_origin {
        None => parsed.header.is_some(),
        Some(origin) => origin != DateOrigin::None,
    };
    let mut doc = to_document(f, &key, &parsed, &entities, stamp, keys, group);
    super::names::terms::add_to_document(f, &mut doc, &parsed.paragraphs, &entities);
    Ok(Indexed {
        doc,
        has_header,
        size,
        by_fetch: article.date_origin == Some(DateOrigin::Fetched),
        untagged: opts.entities && !tagged,
    })
}

/// The change-detection stamps of every live document, by path.
pub fn load_stamps(ix: &NewsIndex) -> anyhow::Result<HashMap<String, FileStamp>> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let sizes = ff.u64(names::SIZE)?;
        let mtimes = ff.i64(names::MTIME)?;
        let hashes = ff.u64(names::HASH)?;
        for (doc, path) in segment_paths(seg)? {
            out.insert(
                path,
                FileStamp {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash: hashes.first(doc).unwrap_or(0),
                },
            );
        }
    }
    Ok(out)
}

/// The path of every live document of a segment, read from the path column's dictionary in one
/// sequential pass (a lookup per document would seek once per document).
pub fn segment_paths(
    seg: &tantivy::SegmentReader,
) -> anyhow::Result<Vec<(tantivy::DocId, String)>> {
    let Some(paths) = seg.fast_fields().str(names::PATH)? else {
        return Ok(Vec::new());
    };
    let mut by_ord: Vec<(u64, tantivy::DocId)> = seg
        .doc_ids_alive()
        .filter_map(|doc| paths.term_ords(doc).next().map(|ord| (ord, doc)))
        .collect();
    by_ord.sort_unstable();
    let ords: Vec<u64> = by_ord.iter().map(|(o, _)| *o).collect();
    let mut out = Vec::with_capacity(by_ord.len());
    let mut docs = by_ord.iter().map(|(_, d)| *d);
    paths.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        if let Some(doc) = docs.next() {
            out.push((doc, String::from_utf8_lossy(bytes).into_owned()));
        }
    })?;
    Ok(out)
}

/// The candidate-line keys of the live documents, leaving out the paths in `except`, and the
/// number of those documents.
fn indexed_line_keys(ix: &NewsIndex, except: &HashSet<&str>) -> anyhow::Result<(u64, Vec<u64>)> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let mut files = 0u64;
    let mut keys = Vec::new();
    for seg in searcher.segment_readers() {
        let lk = seg.fast_fields().u64(names::LINEKEYS)?;
        let skip: HashSet<tantivy::DocId> = if except.is_empty() {
            HashSet::new()
        } else {
            segment_paths(seg)?
                .into_iter()
                .filter(|(_, p)| except.contains(p.as_str()))
                .map(|(d, _)| d)
                .collect()
        };
        for doc in seg.doc_ids_alive() {
            if skip.contains(&doc) {
                continue;
            }
            files += 1;
            keys.extend(lk.values_for_doc(doc));
        }
    }
    Ok((files, keys))
}

/// The corpus folder, canonical; refused when missing or when the index folder is inside it.
fn resolve_corpus(corpus: &Path, index_dir: &Path) -> Result<PathBuf, Error> {
    let canonical = corpus.canonicalize().map_err(|e| Error::Corpus {
        path: corpus.to_path_buf(),
        reason: e.to_string(),
    })?;
    if !canonical.is_dir() {
        return Err(Error::Corpus {
            path: corpus.to_path_buf(),
            reason: "not a folder".into(),
        });
    }
    if is_inside(index_dir, &canonical) {
        return Err(Error::Corpus {
            path: corpus.to_path_buf(),
            reason: format!(
                "the index folder {} is inside it, and newsdex never writes inside a corpus; pass --index with a folder outside it",
                index_dir.display()
            ),
        });
    }
    Ok(canonical)
}

/// Whether `inner` (which may not exist yet) is inside the folder `outer`.
pub fn is_inside(inner: &Path, outer: &Path) -> bool {
    let Ok(outer) = outer.canonicalize() else {
        return false;
    };
    let mut probe = inner.to_path_buf();
    let mut tail = Vec::new();
    // Canonicalize the longest existing ancestor, then put back what does not exist yet.
    loop {
        if let Ok(c) = probe.canonicalize() {
            let full = tail
                .iter()
                .rev()
                .fold(c, |acc: PathBuf, part| acc.join(part));
            return full.starts_with(&outer);
        }
        match (probe.file_name().map(|n| n.to_os_string()), probe.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                probe = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return false,
        }
    }
}

/// The process's resident memory now and at its peak, and its CPU time so far, from
/// `/proc/self/status` and `/proc/self/stat` (Linux), for `NEWSDEX_TIMING` output.
fn resources_now() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or("?".to_string(), |v| v.trim().to_string())
    };
    // User and system CPU time, in clock ticks (fields 14 and 15 of /proc/self/stat).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let ticks: Vec<f64> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    let cpu = match ticks[..] {
        [user, sys] => format!("cpu {:.1} s user, {:.1} s sys", user / 100.0, sys / 100.0),
        _ => "cpu ?".to_string(),
    };
    format!(
        "rss {}, anon {}, peak {}; {cpu}",
        field("VmRSS:"),
        field("RssAnon:"),
        field("VmHWM:")
    )
}

/// Merges of at most four segments, never of one already holding more than 100,000 articles:
/// a merge reads its inputs through memory maps that count as resident memory, so unbounded
/// merges (tantivy's default: eight segments, up to ten million articles) pushed a 1 GB build
/// past 1 GB of RSS. With one indexing thread and a commit every 200,000 articles (the
/// default), each commit writes one segment too big to merge, so a build does no merging but
/// of small leftovers: a 900,000-article index has five segments, peak RSS 560 MB, and `search
/// oil` over it takes a median 17 ms.
fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_min_num_segments(4);
    policy.set_max_docs_before_merge(100_000);
    policy
}
