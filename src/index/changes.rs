//! Commit markers and the change log behind `export --changed-since`.
//!
//! Every commit `newsdex index` makes gets the next sequence number, and every document it writes
//! carries the number of its commit in the `seq` fast field, so "what changed since commit N" is a
//! scan of that column however tantivy merges segments later. Removals leave no document to carry
//! a number, so the ids of removed articles are logged with the number of the commit that removed
//! them, in the commit payload: written atomically with the documents, like the rest of the
//! bookkeeping. An id leaves the log when the article comes back (a later version has a `seq` at
//! least as high, and an export lists it as a document instead), so the log holds only articles
//! that are gone. A marker names the index generation too (a fresh one per created index), so a
//! marker from before a `--rebuild` or from another index is refused instead of silently missing
//! changes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;

use super::schema::{Fields, fnv1a64};
use crate::error::Error;

/// The change bookkeeping of an index, stored in each commit's payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChangeLog {
    /// Identifies this index among others and across rebuilds; 0 until the first commit.
    pub generation: u32,
    /// Sequence number of the last commit (0: none yet).
    pub seq: u64,
    /// Removed articles that have not come back: id → sequence number of the removing commit.
    pub deleted: BTreeMap<String, u64>,
}

/// A commit marker, written `GENERATION-SEQ` (`9f2c4e1a-7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// The index generation.
    pub generation: u32,
    /// The commit's sequence number.
    pub seq: u64,
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}-{}", self.generation, self.seq)
    }
}

impl Marker {
    /// Parses a marker as `index` prints it; the error names `arg`.
    pub fn parse(arg: &'static str, value: &str) -> Result<Marker, Error> {
        let bad = || {
            Error::Argument {
            arg,
            value: value.to_string(),
            reason: "expected a commit marker as `newsdex index` or `newsdex stats` prints it (like 9f2c4e1a-7)".into(),
        }
        };
        let (generation, seq) = value.trim().split_once('-').ok_or_else(bad)?;
        if generation.len() != 8 || seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Marker {
            generation: u32::from_str_radix(generation, 16).map_err(|_| bad())?,
            seq: seq.parse().map_err(|_| bad())?,
        })
    }
}

impl ChangeLog {
    /// The marker of the last commit; `None` before the first.
    pub fn marker(&self) -> Option<Marker> {
        (self.generation != 0).then_some(Marker {
            generation: self.generation,
            seq: self.seq,
        })
    }

    /// Starts the next commit: gives the index a generation if it has none, and returns the new
    /// sequence number.
    pub fn begin_commit(&mut self, index_dir: &Path) -> u64 {
        if self.generation == 0 {
            self.generation = new_generation(index_dir);
        }
        self.seq += 1;
        self.seq
    }

    /// Logs the removal of an article (by id) in commit `seq`.
    pub fn removed(&mut self, id: String, seq: u64) {
        self.deleted.insert(id, seq);
    }

    /// Notes that an article (by id) was written again: it is no longer removed.
    pub fn written(&mut self, id: &str) {
        if !self.deleted.is_empty() {
            self.deleted.remove(id);
        }
    }

    /// Checks that `since` is a marker of this index, at or before its last commit.
    pub fn check(&self, since: Marker, index_dir: &Path) -> Result<(), Error> {
        let bad = |reason: String| Error::Argument {
            arg: "--changed-since",
            value: since.to_string(),
            reason,
        };
        match self.marker() {
            Some(now) if now.generation != since.generation => Err(bad(format!(
                "it is a marker of another index (the index at {} is {now}: it was rebuilt, or this is another folder); export everything again without --changed-since",
                index_dir.display()
            ))),
            Some(now) if since.seq > now.seq => Err(bad(format!(
                "this index has only reached commit {now}; pass a marker that `newsdex index` or `newsdex stats` printed for it"
            ))),
            Some(_) => Ok(()),
            None => Err(bad(format!(
                "the index at {} has no commit marker yet; run `newsdex index`",
                index_dir.display()
            ))),
        }
    }

    /// The ids removed after commit `seq`, sorted.
    pub fn deleted_after(&self, seq: u64) -> impl Iterator<Item = &str> {
        self.deleted
            .iter()
            .filter(move |(_, s)| **s > seq)
            .map(|(id, _)| id.as_str())
    }
}

/// Writes a document's commit sequence number; every document added to the index needs one.
pub fn stamp(f: &Fields, doc: &mut TantivyDocument, seq: u64) {
    doc.add_u64(f.seq, seq);
}

/// A generation number for a new index: a hash of the folder, the time and the process.
fn new_generation(index_dir: &Path) -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let seed = format!("{}\0{nanos}\0{}", index_dir.display(), std::process::id());
    let h = fnv1a64(seed.as_bytes());
    // Fold to 32 bits; 0 means "no generation yet".
    ((h >> 32) as u32 ^ h as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_print_and_parse() {
        let m = Marker {
            generation: 0x9f2c_4e1a,
            seq: 7,
        };
        assert_eq!(m.to_string(), "9f2c4e1a-7");
        assert_eq!(Marker::parse("--changed-since", "9f2c4e1a-7").unwrap(), m);
        assert_eq!(
            Marker::parse("--changed-since", " 0000002a-0 ")
                .unwrap()
                .generation,
            42
        );
        for bad in [
            "",
            "7",
            "9f2c4e1a",
            "9f2c4e1a-",
            "9f2c4e1-7",
            "9f2c4e1g-7",
            "9f2c4e1a-x",
            "9f2c4e1a--7",
            "9f2c4e1a-99999999999999999999999",
        ] {
            let err = Marker::parse("--changed-since", bad)
                .unwrap_err()
                .to_string();
            assert!(err.contains("--changed-since"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_log_keeps_only_articles_that_are_gone() {
        let dir = Path::new("/tmp/x");
        let mut log = ChangeLog::default();
        assert_eq!(log.marker(), None);
        let s1 = log.begin_commit(dir);
        assert_eq!(s1, 1);
        assert_ne!(log.generation, 0);
        let s2 = log.begin_commit(dir);
        log.removed("a".into(), s2);
        log.removed("b".into(), s2);
        let s3 = log.begin_commit(dir);
        log.removed("c".into(), s3);
        log.written("b");
        assert_eq!(log.deleted_after(0).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(log.deleted_after(s2).collect::<Vec<_>>(), ["c"]);
        assert_eq!(log.deleted_after(s3).count(), 0);
    }

    #[test]
    fn markers_of_other_indexes_or_the_future_are_refused() {
        let dir = Path::new("/tmp/x");
        let mut log = ChangeLog::default();
        let probe = Marker {
            generation: 1,
            seq: 1,
        };
        assert!(log.check(probe, dir).is_err());
        log.begin_commit(dir);
        log.begin_commit(dir);
        let now = log.marker().unwrap();
        for (since, ok) in [
            (now, true),
            (Marker { seq: 0, ..now }, true),
            (Marker { seq: 3, ..now }, false),
            (
                Marker {
                    generation: now.generation ^ 1,
                    ..now
                },
                false,
            ),
        ] {
            assert_eq!(log.check(since, dir).is_ok(), ok, "{since}");
        }
        let other = log.check(
            Marker {
                generation: now.generation ^ 1,
                ..now
            },
            dir,
        );
        assert!(other.unwrap_err().to_string().contains("another index"));
    }
}
