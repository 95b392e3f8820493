//! The crawler: walks a corpus folder in a deterministic order and lists the article files in it, with
//! what change detection needs (size, modification time). It never writes inside the corpus.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::WalkDir;

/// What the crawl is told to do.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// File extensions that are articles, lower-case, without the dot (`txt`); each also
    /// matches when followed by `.gz`.
    pub extensions: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            extensions: crate::read::DEFAULT_EXTENSIONS
                .iter()
                .map(|e| e.to_string())
                .collect(),
            follow_links: false,
        }
    }
}

/// One article file found by the crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// The corpus root as given, shared by every entry (a 900,000-file crawl would otherwise
    /// hold each full path beside its relative key).
    root: Arc<Path>,
    /// Path relative to the corpus root, with `/` separators: the article's key in the index.
    pub rel: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 when unknown).
    pub mtime: i64,
}

impl FileEntry {
    /// The path to read: the corpus root joined with the relative key (the key is the
    /// path's own components, so this is the path the crawl found).
    pub fn path(&self) -> PathBuf {
        self.root.join(&self.rel)
    }

    /// Reads the file's bytes, at most `limit + 1` of them (enough for the caller to see that
    /// the file is over `limit`).
    ///
    /// `std::fs::read` asks the file's size and then reads until a read returns nothing: three
    /// system calls besides open and close. The crawl already knows the size, so when a read
    /// returns exactly that many bytes this stops there. A file that changed size since the
    /// crawl is read to its end; its new modification time makes the next run read it again.
    pub fn read(&self, limit: u64) -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut file = std::fs::File::open(self.path())?;
        // A file over the limit is read to one byte past it, which is all the caller needs.
        let over = self.size > limit;
        let expected =
            usize::try_from(self.size.min(limit.saturating_add(1))).unwrap_or(usize::MAX - 1);
        // One byte more than expected shows a file that grew.
        let mut buf = vec![0u8; if over { expected } else { expected + 1 }];
        let mut filled = 0;
        loop {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => {
                    filled += n;
                    if filled == expected {
                        break;
                    }
                    if filled == buf.len() {
                        // Grew since the crawl: read the rest, up to the limit.
                        buf.truncate(filled);
                        let rest = (limit + 1).saturating_sub(filled as u64);
                        file.take(rest).read_to_end(&mut buf)?;
                        return Ok(buf);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(filled);
        Ok(buf)
    }
}

/// A path the crawl could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlProblem {
    /// The path concerned, as the user would type it.
    pub path: String,
    /// Named reason, used to count problems in the summary.
    pub reason: String,
}

/// What a crawl found.
#[derive(Debug, Default)]
pub struct Crawl {
    /// Article files, sorted by relative path.
    pub files: Vec<FileEntry>,
    /// Files and folders that could not be read, in walk order.
    pub problems: Vec<CrawlProblem>,
    /// Files skipped because their extension is not an article extension.
    pub other_files: u64,
}

/// Walk entries whose metadata is asked for at a time.
const STAT_BATCH: usize = 4096;

/// One entry of the walk, in walk order: a problem, or an article file to stat.
enum Step {
    Problem(CrawlProblem),
    File(walkdir::DirEntry, String),
}

/// The entry of an article file found by the walk, from its metadata.
fn file_entry(
    entry: &walkdir::DirEntry,
    rel: String,
    root: &Arc<Path>,
) -> Result<FileEntry, CrawlProblem> {
    let problem = |reason: String| CrawlProblem {
        path: entry.path().display().to_string(),
        reason,
    };
    let md = entry.metadata().map_err(|err| {
        problem(
            err.io_error()
                .map(io_reason)
                .unwrap_or_else(|| err.to_string()),
        )
    })?;
    if !md.is_file() {
        return Err(problem("not a regular file".to_string()));
    }
    let mtime = md
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Ok(FileEntry {
        root: Arc::clone(root),
        rel,
        size: md.len(),
        mtime,
    })
}

/// Walks `root` and lists its article files. Fails only when the root itself is unusable.
pub fn crawl(root: &Path, opts: &CrawlOptions) -> Result<Crawl, crate::error::Error> {
    let meta = std::fs::metadata(root).map_err(|e| crate::error::Error::Corpus {
        path: root.to_path_buf(),
        reason: e.to_string(),
    })?;
    if !meta.is_dir() {
        return Err(crate::error::Error::Corpus {
            path: root.to_path_buf(),
            reason: "not a folder".to_string(),
        });
    }
    let mut out = Crawl::default();
    let shared_root: Arc<Path> = Arc::from(root);
    let walker = WalkDir::new(root)
        .follow_links(opts.follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    // The walk itself reads only directories (file types come with the names); the metadata
    // of each article file, one system call each, is asked for in parallel afterwards, and the
    // results are taken in walk order, a batch at a time.
    let mut steps: Vec<Step> = Vec::with_capacity(STAT_BATCH);
    let flush = |steps: &mut Vec<Step>, out: &mut Crawl| {
        let done: Vec<Result<FileEntry, CrawlProblem>> = steps
            .par_drain(..)
            .map(|step| match step {
                Step::Problem(p) => Err(p),
                Step::File(entry, rel) => file_entry(&entry, rel, &shared_root),
            })
            .collect();
        for r in done {
            match r {
                Ok(f) => out.files.push(f),
                Err(p) => out.problems.push(p),
            }
        }
    };
    for entry in walker {
        if steps.len() >= STAT_BATCH {
            flush(&mut steps, &mut out);
        }
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let reason = if err.loop_ancestor().is_some() {
                    "symlink loop".to_string()
                } else if let Some(io) = err.io_error() {
                    io_reason(io)
                } else {
                    err.to_string()
                };
                steps.push(Step::Problem(CrawlProblem { path, reason }));
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !has_extension(entry.path(), &opts.extensions) {
            if ft.is_file() || ft.is_symlink() {
                out.other_files += 1;
            }
            continue;
        }
        if ft.is_symlink() {
            // Not followed: a link is not an article unless --follow is given.
            out.other_files += 1;
            continue;
        }
        match relative_key(root, entry.path()) {
            Some(rel) => steps.push(Step::File(entry, rel)),
            None => steps.push(Step::Problem(CrawlProblem {
                path: entry.path().display().to_string(),
                reason: "file name is not valid UTF-8".to_string(),
            })),
        }
    }
    flush(&mut steps, &mut out);
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    // With --follow, two links can name the same file; the key keeps the first.
    out.files.dedup_by(|b, a| a.rel == b.rel);
    Ok(out)
}

/// A short, stable reason for an I/O error (the summary counts by it).
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "file vanished before it could be read".to_string(),
        _ => format!("read error ({err})"),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Whether the file name ends in one of `exts` (compared without case), as
/// [`Path::extension`] finds it: after the last `.` of the name, unless that dot starts the
/// name; or in one of them followed by `.gz` (a gzip-compressed article file).
fn has_extension(path: &Path, exts: &[String]) -> bool {
    has_plain_extension(path, exts)
        || (path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
            && path
                .file_stem()
                .is_some_and(|stem| has_plain_extension(Path::new(stem), exts)))
}

/// [`has_extension`] without the `.gz` rule. Works on the bytes of the name: `Path`'s
/// component parsing was a fifth of a crawl.
fn has_plain_extension(path: &Path, exts: &[String]) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = match bytes.iter().rposition(|&b| b == b'/') {
        Some(i) => &bytes[i + 1..],
        None => bytes,
    };
    if !cfg!(unix) || name.is_empty() || name == b".." {
        // Not a file name as `Path::file_name` sees one: take the slow, exact way.
        return path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)));
    }
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => {
            let ext = &name[dot + 1..];
            exts.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(ext))
        }
        _ => false,
    }
}

/// The `/`-separated path of `path` below `root`; `None` when a component is not UTF-8.
pub fn relative_key(root: &Path, path: &Path) -> Option<String> {
    // Fast path, for the walk's paths (`root` joined with plain names): the bytes after
    // `root/`, when they are plain names, are the key itself.
    let (r, p) = (
        root.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    if cfg!(unix)
        && !r.is_empty()
        && !r.ends_with(b"/")
        && p.len() > r.len() + 1
        && p.starts_with(r)
        && p[r.len()] == b'/'
    {
        let rest = &p[r.len() + 1..];
        if rest
            .split(|&b| b == b'/')
            .all(|c| !c.is_empty() && c != b"." && c != b"..")
        {
            return std::str::from_utf8(rest).ok().map(str::to_string);
        }
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        parts.push(c.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn fast_path_helpers_agree_with_path_methods() {
        let exts = vec!["txt".to_string(), "Md".to_string()];
        let plain = |p: &Path| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
        };
        // A gzip-compressed article file (`a.txt.gz`) counts as its inner extension.
        let slow_ext = |p: &Path| {
            plain(p)
                || (p.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))
                    && p.file_stem().is_some_and(|s| plain(Path::new(s))))
        };
        for p in [
            "a.txt",
            "a.TXT",
            "dir/a.txt",
            "dir.txt/a",
            "dir/.txt",
            "dir/..txt",
            "dir/a.",
            "a",
            ".",
            "..",
            "/",
            "",
            "d/a.md",
            "d/a.tar.txt",
            "d/a.txt.gz",
            "d/a.TXT.GZ",
            "d/a.gz",
            "d/.txt.gz",
            "./a.txt",
            "d/é.txt",
        ] {
            let p = Path::new(p);
            assert_eq!(has_extension(p, &exts), slow_ext(p), "{p:?}");
        }
        let slow_key = |root: &Path, path: &Path| -> Option<String> {
            let rel = path.strip_prefix(root).ok()?;
            let parts: Option<Vec<&str>> =
                rel.components().map(|c| c.as_os_str().to_str()).collect();
            Some(parts?.join("/"))
        };
        let cases = [
            ("corpus", "corpus/2009/01/a.txt"),
            ("corpus/", "corpus/2009/a.txt"),
            ("./corpus", "./corpus/a.txt"),
            ("corpus/.", "corpus/./a.txt"),
            ("/abs/c", "/abs/c/x/y.txt"),
            ("c", "c/x/../y.txt"),
            ("c", "c/x//y.txt"),
            ("c", "cx/y.txt"),
            ("c", "c"),
            ("/", "/a/b.txt"),
        ];
        for (root, path) in cases {
            let (root, path) = (Path::new(root), Path::new(path));
            assert_eq!(
                relative_key(root, path),
                slow_key(root, path),
                "{root:?} {path:?}"
            );
        }
    }

    #[test]
    fn lists_articles_sorted_and_skips_hidden_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join("b/c/2.txt"), "x").unwrap();
        fs::write(root.join("a.TXT"), "x").unwrap();
        fs::write(root.join("b/1.txt"), "x").unwrap();
        fs::write(root.join("b/notes.md"), "x").unwrap();
        fs::write(root.join(".hidden/3.txt"), "x").unwrap();
        fs::create_dir_all(root.join("dir.txt")).unwrap();
        let c = crawl(root, &CrawlOptions::default()).unwrap();
        let rels: Vec<&str> = c.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["a.TXT", "b/1.txt", "b/c/2.txt"]);
        let paths: Vec<PathBuf> = c.files.iter().map(FileEntry::path).collect();
        assert_eq!(paths[2], root.join("b").join("c").join("2.txt"));
        assert!(paths.iter().all(|p| p.is_file()));
        assert_eq!(c.other_files, 1);
        assert!(c.problems.is_empty());
    }

    #[test]
    fn missing_root_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(crawl(&dir.path().join("nope"), &CrawlOptions::default()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_when_following() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/1.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
        let opts = CrawlOptions {
            follow_links: true,
            ..CrawlOptions::default()
        };
        let c = crawl(root, &opts).unwrap();
        assert_eq!(c.files.len(), 1);
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].reason, "symlink loop");
    }

    #[test]
    fn reads_files_whatever_became_of_them_since_the_crawl() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let text = "07 January,2009 | Mumbai | IANS\nBody.\n";
        for name in ["same", "grew", "shrank", "big", "empty"] {
            fs::write(root.join(format!("{name}.txt")), text).unwrap();
        }
        fs::write(root.join("empty.txt"), "").unwrap();
        let c = crawl(root, &CrawlOptions::default()).unwrap();
        let entry = |name: &str| {
            c.files
                .iter()
                .find(|f| f.rel == format!("{name}.txt"))
                .unwrap()
        };
        let longer = format!("{text}More text written after the crawl.\n");
        fs::write(root.join("grew.txt"), &longer).unwrap();
        fs::write(root.join("shrank.txt"), "07").unwrap();
        fs::write(root.join("big.txt"), "x".repeat(5000)).unwrap();
        assert_eq!(entry("same").read(1000).unwrap(), text.as_bytes());
        assert_eq!(entry("grew").read(1000).unwrap(), longer.as_bytes());
        assert_eq!(entry("shrank").read(1000).unwrap(), b"07");
        assert_eq!(entry("empty").read(1000).unwrap(), b"");
        // Over the limit: one byte past it, whether the crawl saw it big or not.
        assert_eq!(entry("big").read(100).unwrap().len(), 101);
        assert_eq!(entry("same").read(10).unwrap().len(), 11);
        assert!(entry("grew").read(10).unwrap().len() > 10);
    }
}
