//! What the indexer reads, one article at a time: a whole file (`.txt`, `.html`), or one
//! record of a WARC file. A WARC is listed in the first pass (hashed, its records classified)
//! and each of its articles is read again on its own from its locator in the second, so no
//! pass holds more than one record in memory however large the file.
//!
//! The index keys an article by path; a WARC record's path is its file's path plus its
//! locator. Change detection works per file: the stamps of a WARC's records are the WARC's,
//! so a changed WARC replaces all its records and a deleted one removes them.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;

use super::record::FileStamp;
use crate::crawl::{self, FileEntry};
use crate::read::{self, Locator, warc};

/// What the index holds of one file: its stamp and its articles' keys (one for a text or HTML
/// file, one per article record for a WARC).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedFile<'a> {
    /// The change-detection stamp (the same on every record of a WARC).
    pub stamp: FileStamp,
    /// The keys of its articles, sorted.
    pub keys: Vec<&'a str>,
}

/// Groups the index's stamps (by article key) by file.
pub fn by_file(stamps: &HashMap<String, FileStamp>) -> HashMap<&str, IndexedFile<'_>> {
    let mut out: HashMap<&str, IndexedFile> = HashMap::with_capacity(stamps.len());
    for (key, stamp) in stamps {
        let (file, _) = read::split_key(key);
        out.entry(file)
            .or_insert_with(|| IndexedFile {
                stamp: *stamp,
                keys: Vec::new(),
            })
            .keys
            .push(key);
    }
    for f in out.values_mut() {
        f.keys.sort_unstable();
    }
    out
}

/// The first pass over a WARC file.
#[derive(Debug)]
pub enum WarcProbe {
    /// The file cannot be read at all.
    Skip(String),
    /// Same bytes as when indexed.
    Same,
    /// Its records: the articles' locators, the other records' kinds, the broken records.
    Records {
        /// Hash of the whole file.
        hash: u64,
        /// Locators of the article records, in file order.
        articles: Vec<Locator>,
        /// The kind of each record that is not an article (`WARC request record`).
        not_articles: Vec<String>,
        /// Records that could not be read, and why.
        broken: Vec<(Locator, String)>,
    },
}

/// Hashes a file as [`super::schema::fnv1a64`] hashes its bytes, reading it a block at a time;
/// returns the hash and the number of bytes.
fn hash_file(entry: &FileEntry) -> std::io::Result<(u64, u64)> {
    let mut file = std::fs::File::open(entry.path())?;
    let mut buf = vec![0u8; 1 << 20];
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in &buf[..n] {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        len += n as u64;
    }
    Ok((h, len))
}

/// Hashes a WARC file, and unless it is unchanged since `old`, lists its records.
pub fn probe_warc(entry: &FileEntry, old: Option<FileStamp>) -> WarcProbe {
    let (hash, len) = match hash_file(entry) {
        Ok(h) => h,
        Err(e) => return WarcProbe::Skip(crawl::io_reason(&e)),
    };
    if len == 0 {
        return WarcProbe::Skip("empty file".into());
    }
    if old.is_some_and(|o| o.hash == hash && o.size == len) {
        return WarcProbe::Same;
    }
    let file = match std::fs::File::open(entry.path()) {
        Ok(f) => f,
        Err(e) => return WarcProbe::Skip(crawl::io_reason(&e)),
    };
    let (mut articles, mut not_articles, mut broken) = (Vec::new(), Vec::new(), Vec::new());
    warc::list(file, read::HEAD_BYTES, |item| {
        match item {
            warc::Item::Record(rec) => match read::classify(&rec) {
                Ok(()) => articles.push(rec.loc),
                Err(kind) => not_articles.push(kind),
            },
            warc::Item::Broken(loc, reason) => broken.push((loc, reason)),
        }
        true
    });
    if articles.is_empty()
        && not_articles.is_empty()
        && broken.len() == 1
        && broken[0].0.offset == 0
    {
        // Not a WARC at all: one problem, reported for the file.
        return WarcProbe::Skip(format!("not a WARC file ({})", broken[0].1));
    }
    WarcProbe::Records {
        hash,
        articles,
        not_articles,
        broken,
    }
}

/// Reads the article of one WARC record; also returns the record block's size.
pub fn read_warc_article(
    entry: &FileEntry,
    loc: Locator,
    max: u64,
) -> Result<(read::ReadArticle, u64), String> {
    let file = std::fs::File::open(entry.path()).map_err(|e| crawl::io_reason(&e))?;
    let rec = warc::read_at(std::io::BufReader::new(file), loc, max)?;
    let article = read::read_record(&rec, max)?;
    Ok((article, rec.block.len() as u64))
}

/// Cuts `0..n` into chunks of about `every` items for the commits, never between two items of
/// one file (`same_file(i, i + 1)`), so one commit holds all of a WARC's records.
pub fn chunks(
    n: usize,
    every: usize,
    same_file: impl Fn(usize, usize) -> bool,
) -> Vec<Range<usize>> {
    let every = every.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = (start + every).min(n);
        while end < n && same_file(end - 1, end) {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_never_split_a_file() {
        let files = [1, 1, 2, 3, 3, 3, 3, 4, 5];
        let same = |a: usize, b: usize| files[a] == files[b];
        assert_eq!(chunks(files.len(), 2, same), vec![0..2, 2..7, 7..9]);
        assert_eq!(chunks(files.len(), 100, same), vec![0..9]);
        assert_eq!(chunks(0, 2, same), Vec::<Range<usize>>::new());
        assert_eq!(chunks(3, 0, |_, _| false), vec![0..1, 1..2, 2..3]);
    }

    #[test]
    fn groups_record_keys_by_file() {
        let st = |h| FileStamp {
            size: 1,
            mtime: 2,
            hash: h,
        };
        let stamps = HashMap::from([
            ("a.txt".to_string(), st(1)),
            ("c.warc.gz#10".to_string(), st(2)),
            ("c.warc.gz#0".to_string(), st(2)),
            ("odd#1.txt".to_string(), st(3)),
        ]);
        let g = by_file(&stamps);
        assert_eq!(g.len(), 3);
        assert_eq!(g["c.warc.gz"].keys, vec!["c.warc.gz#0", "c.warc.gz#10"]);
        assert_eq!(g["c.warc.gz"].stamp.hash, 2);
        assert_eq!(g["odd#1.txt"].keys, vec!["odd#1.txt"]);
    }
}
