//! Opening, creating and removing newsdex index folders, and the bookkeeping stored in each commit.
//!
//! A newsdex index is a tantivy index folder plus a marker file (`newsdex.json`). What a later run
//! needs to know (the corpus it was built from, the crawl options) travels in the tantivy commit
//! payload, so it is written atomically with the documents.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::schema::{Fields, SCHEMA_VERSION, build_schema, register_analyzers};
use crate::error::Error;

/// Name of the marker file that says a folder is a newsdex index.
pub const MARKER: &str = "newsdex.json";

/// What each commit records about the corpus (tantivy commit payload, JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payload {
    /// Schema version that wrote the commit.
    pub schema_version: u32,
    /// The corpus folder the index mirrors (absolute).
    pub corpus: Option<PathBuf>,
    /// Article file extensions used by the crawl.
    pub extensions: Vec<String>,
    /// Whether the crawl followed symbolic links.
    pub follow_links: bool,
    /// Commit marker and removed articles, for `export --changed-since`.
    #[serde(default)]
    pub changes: super::changes::ChangeLog,
}

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    schema_version: u32,
}

/// An opened newsdex index.
pub struct NewsIndex {
    /// The tantivy index, analyzers registered.
    pub index: Index,
    /// Resolved field handles.
    pub fields: Fields,
    /// The index folder.
    pub dir: PathBuf,
    /// The last commit's payload (default when nothing was committed yet).
    pub payload: Payload,
    /// A reader that follows commits, set by [`NewsIndex::follow_commits`] (`serve` only).
    pub live: Option<IndexReader>,
}

/// Decompressed document-store blocks a reader keeps. tantivy's default is 100; but `list` and
/// `search` read a handful of articles that are rarely in the same block, and each cached block
/// held fresh memory: a `list` of 100 touched 1,175 pages instead of 725. `export` reads in path
/// order, which is the order documents were added in, so one block serves it as well as 100.
const DOC_STORE_CACHE_BLOCKS: usize = 1;

impl NewsIndex {
    /// An index held in memory, for tests.
    #[cfg(test)]
    pub(crate) fn in_memory(index: Index, fields: Fields) -> NewsIndex {
        NewsIndex {
            index,
            fields,
            dir: "(memory)".into(),
            payload: Default::default(),
            live: None,
        }
    }
}

impl NewsIndex {
    /// A reader of the index as committed now. It does not follow later commits: every command
    /// reads once and exits, and tantivy's default policy would start a thread polling
    /// `meta.json` for each reader. It caches one document-store block. After
    /// [`NewsIndex::follow_commits`], it is the one shared reader that follows commits.
    pub fn reader(&self) -> tantivy::Result<IndexReader> {
        if let Some(live) = &self.live {
            return Ok(live.clone());
        }
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()
    }

    /// Makes every later [`NewsIndex::reader`] the same reader, which follows commits: a thread
    /// polls `meta.json` (every 500 ms) and reloads when another process commits. A server is the
    /// one place where that is right: it lives for hours while `newsdex index` updates the index.
    /// Its document-store cache is tantivy's default, since concurrent requests share it.
    pub fn follow_commits(&mut self) -> tantivy::Result<()> {
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        self.live = Some(reader);
        Ok(())
    }
}

/// What the index's reader sees now, for noticing a new commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Live articles.
    pub articles: u64,
    /// A fingerprint of the segments and their deletions: it changes with every commit that
    /// changed something.
    pub version: String,
}

impl NewsIndex {
    /// The live articles and a fingerprint of the commit the reader sees.
    pub fn version(&self) -> tantivy::Result<Version> {
        use std::hash::{Hash, Hasher};
        let searcher = self.reader()?.searcher();
        let mut h = std::hash::DefaultHasher::new();
        for seg in searcher.segment_readers() {
            seg.segment_id().uuid_string().hash(&mut h);
            seg.num_deleted_docs().hash(&mut h);
        }
        Ok(Version {
            articles: searcher.num_docs(),
            version: format!("{:016x}", h.finish()),
        })
    }
}

/// Whether `dir` holds a newsdex index (its marker file exists).
pub fn is_newsdex_index(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Whether `dir` is missing or an empty folder.
pub fn is_absent_or_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut it) => it.next().is_none(),
        Err(_) => !dir.exists(),
    }
}

/// Opens the index at `dir`, checking that it is a newsdex index of this schema version.
pub fn open(dir: &Path) -> Result<NewsIndex, anyhow::Error> {
    if !dir.exists() || is_absent_or_empty(dir) {
        return Err(Error::NoIndex {
            path: dir.to_path_buf(),
        }
        .into());
    }
    if !dir.is_dir() {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        }
        .into());
    }
    if is_newsdex_index(dir) && !dir.join("meta.json").exists() {
        // Creation was cut short before anything was committed.
        return Err(Error::NoIndex {
            path: dir.to_path_buf(),
        }
        .into());
    }
    let marker_path = dir.join(MARKER);
    let marker: Marker = match std::fs::read(&marker_path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: format!("{} is not a newsdex marker", marker_path.display()),
        })?,
        Err(_) => {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: format!("it has no {MARKER}"),
            }
            .into());
        }
    };
    if marker.format != "newsdex" || marker.schema_version != SCHEMA_VERSION {
        return Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found: marker.schema_version.to_string(),
            expected: SCHEMA_VERSION,
        }
        .into());
    }
    let index = Index::open_in_dir(dir).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        found: format!("unreadable ({e})"),
        expected: SCHEMA_VERSION,
    })?;
    if index.schema() != build_schema() {
        return Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found: "a different schema".into(),
            expected: SCHEMA_VERSION,
        }
        .into());
    }
    register_analyzers(&index);
    let fields = Fields::resolve(&index.schema())?;
    let payload = read_payload(&index)?;
    Ok(NewsIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
        payload,
        live: None,
    })
}

/// The corpus an index folder remembers, read leniently (also from an index of another version).
pub fn remembered_corpus(dir: &Path) -> Option<PathBuf> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
    let payload: serde_json::Value = serde_json::from_str(meta.get("payload")?.as_str()?).ok()?;
    Some(PathBuf::from(payload.get("corpus")?.as_str()?))
}

fn read_payload(index: &Index) -> anyhow::Result<Payload> {
    let metas = index.load_metas()?;
    Ok(match metas.payload {
        Some(p) => serde_json::from_str(&p).unwrap_or_default(),
        None => Payload::default(),
    })
}

/// Whether `dir` needs a new index: missing, empty, or a newsdex folder whose creation was cut short
/// (marker written, no tantivy metadata yet).
pub fn needs_creation(dir: &Path) -> bool {
    is_absent_or_empty(dir) || (is_newsdex_index(dir) && !dir.join("meta.json").exists())
}

/// Creates a new, empty index at `dir`, which must satisfy [`needs_creation`].
pub fn create(dir: &Path) -> Result<NewsIndex, anyhow::Error> {
    if !needs_creation(dir) {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: "the folder is not empty".into(),
        }
        .into());
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::NotAnIndex {
        path: dir.to_path_buf(),
        reason: format!("cannot create it: {e}"),
    })?;
    let marker = Marker {
        format: "newsdex".into(),
        schema_version: SCHEMA_VERSION,
    };
    write_atomically(&dir.join(MARKER), &serde_json::to_vec_pretty(&marker)?)?;
    let mmap = MmapDirectory::open(dir)?;
    let index = Index::create(mmap, build_schema(), Default::default())?;
    register_analyzers(&index);
    let fields = Fields::resolve(&index.schema())?;
    Ok(NewsIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
        payload: Payload {
            schema_version: SCHEMA_VERSION,
            ..Payload::default()
        },
        live: None,
    })
}

/// An index in memory holding a few small articles (for tests and fuzzing).
pub fn in_memory_sample() -> anyhow::Result<NewsIndex> {
    use crate::article::{Entities, Header, ParsedArticle};
    use crate::index::record::{FileStamp, ungrouped_document};
    let index = Index::create_in_ram(build_schema());
    register_analyzers(&index);
    let fields = Fields::resolve(&index.schema())?;
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
    let samples = [
        ("a.txt", "Crude oil prices rose in London.", "Reuters", 1987),
        (
            "b.txt",
            "Jamaat-ud-Dawa was banned, officials in Islamabad said.",
            "IANS",
            2009,
        ),
    ];
    for (i, (path, body, source, year)) in samples.into_iter().enumerate() {
        let parsed = ParsedArticle {
            url: None,
            title: Some(format!("Sample {i}")),
            header: Some(Header {
                instant: None,
                offset: None,
                day: jiff::civil::Date::new(year, 1, 7).ok(),
                dateline: Some("London".into()),
                source: Some(source.into()),
            }),
            paragraphs: vec![body.into()],
            noise: vec![],
        };
        let entities = Entities {
            people: vec!["Sean McCormack".into()],
            places: vec!["Pakistan".into()],
            organisations: vec![],
        };
        let stamp = FileStamp {
            size: 1,
            mtime: 1,
            hash: i as u64,
        };
        writer.add_document(ungrouped_document(
            &fields,
            path,
            &parsed,
            &entities,
            stamp,
            &[],
        ))?;
    }
    writer.commit()?;
    Ok(NewsIndex {
        index,
        fields,
        dir: PathBuf::from("(memory)"),
        payload: Payload::default(),
        live: None,
    })
}

/// Removes an index folder for `--rebuild`; refuses a folder that is not a newsdex index.
pub fn remove_for_rebuild(dir: &Path) -> Result<(), anyhow::Error> {
    if is_absent_or_empty(dir) {
        return Ok(());
    }
    if !is_newsdex_index(dir) {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: format!("it has no {MARKER}, so --rebuild will not delete it"),
        }
        .into());
    }
    if dir.join(".tantivy-writer.lock").exists() {
        // The lock file stays after a clean exit; only a live lock matters, checked by opening a writer.
        if let Ok(ix) = open(dir)
            && let Err(tantivy::TantivyError::LockFailure(..)) =
                ix.index.writer::<tantivy::TantivyDocument>(15_000_000)
        {
            return Err(Error::Locked {
                path: dir.to_path_buf(),
            }
            .into());
        }
    }
    std::fs::remove_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot remove {} for --rebuild: {e}", dir.display()))
}

/// Removes the temporary files an interrupted writer can leave behind (tantivy's atomic writes go
/// through `.tmp*` files; ours through `*.tmp`). Call only while holding the writer lock.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if (name.starts_with(".tmp") || name.ends_with(".tmp")) && e.path().is_file() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes a file through a temporary sibling and a rename, so readers never see half of it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_then_open() {
        let dir = tempfile::tempdir().unwrap();
        let ix_dir = dir.path().join("ix");
        create(&ix_dir).unwrap();
        let ix = open(&ix_dir).unwrap();
        assert_eq!(ix.payload.corpus, None);
    }

    #[test]
    fn refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let err = open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("not a newsdex index"), "{err}");
        let err = remove_for_rebuild(dir.path()).err().unwrap().to_string();
        assert!(err.contains("will not delete"), "{err}");
        assert!(dir.path().join("precious.txt").exists());
        assert!(create(dir.path()).is_err());
    }

    #[test]
    fn missing_index_says_how_to_build_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = open(&dir.path().join("nope")).err().unwrap().to_string();
        assert!(err.contains("newsdex index"), "{err}");
    }
}
