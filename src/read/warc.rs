//! WARC files (`.warc`, `.warc.gz`; WARC 1.0 and 1.1): a streaming reader of their records.
//!
//! A compressed WARC is a series of gzip members, normally one record each (what every crawler
//! writes, so a record can be read on its own from its member's offset); one member holding
//! several records is read too. A record is located by the offset of its gzip member (or of the
//! record itself in an uncompressed file) and, past the first record of a member, its number in
//! the member: `crawl.warc.gz#1234` or `crawl.warc.gz#1234.2`.
//!
//! Reading streams: one record's block at a time, and while listing only its first bytes (the
//! HTTP head), so memory stays flat however large the file. A record whose `Content-Length`
//! does not match its data is reported and skipped: in a compressed file the next gzip member
//! starts the next record; in an uncompressed one the reader looks for the next `WARC/` line. A
//! gzip member cut short or corrupt ends the file's reading (records before it are kept).

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

/// Where a record is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Locator {
    /// Offset of the record's gzip member, or of the record in an uncompressed file.
    pub offset: u64,
    /// The record's number within its gzip member (0 for the first).
    pub index: u32,
}

impl std::fmt::Display for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.index == 0 {
            write!(f, "{}", self.offset)
        } else {
            write!(f, "{}.{}", self.offset, self.index)
        }
    }
}

impl std::str::FromStr for Locator {
    type Err = ();
    fn from_str(s: &str) -> Result<Locator, ()> {
        let (off, idx) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(off) || !digits(idx) || (s.contains('.') && idx == "0") {
            return Err(());
        }
        Ok(Locator {
            offset: off.parse().map_err(|_| ())?,
            index: idx.parse().map_err(|_| ())?,
        })
    }
}

/// The named headers of a WARC record newsdex uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordHead {
    /// `WARC-Type` (lower-case): `response`, `request`, `warcinfo`, …
    pub warc_type: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// `Content-Type` of the block.
    pub content_type: Option<String>,
    /// `Content-Length` of the block.
    pub length: u64,
}

/// One record: where it is, its headers and (part of) its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where it is.
    pub loc: Locator,
    /// Its headers.
    pub head: RecordHead,
    /// Its block, or its first bytes when listing.
    pub block: Vec<u8>,
}

/// What listing a file yields: a record, or a record that could not be read.
#[derive(Debug)]
pub enum Item {
    /// A record, with the first bytes of its block.
    Record(Record),
    /// A broken record and why.
    Broken(Locator, String),
}

/// Why a record could not be read.
enum Error {
    /// This record only; reading goes on.
    Record(String),
    /// The stream itself (gzip data cut short or corrupt, a read error): reading stops.
    Stream(std::io::Error),
}

/// The most bytes of a record's header lines.
const MAX_HEADER: usize = 64 * 1024;

/// Counts the bytes consumed from a buffered reader (the offset of gzip members).
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Lists every record of a WARC read from `file` (from its start), keeping the first `head`
/// bytes of each block; `f` returns `false` to stop.
pub fn list<R: Read + Seek>(file: R, head: usize, mut f: impl FnMut(Item) -> bool) {
    let mut src = Counting {
        inner: BufReader::with_capacity(1 << 16, file),
        pos: 0,
    };
    let gz = src.fill_buf().is_ok_and(super::gzip::is_gzip);
    if gz {
        list_gz(&mut src, head, &mut f);
    } else {
        list_plain(&mut src, head, &mut f);
    }
}

fn list_gz<R: BufRead>(src: &mut Counting<R>, head: usize, f: &mut impl FnMut(Item) -> bool) {
    loop {
        match src.fill_buf() {
            Ok([]) => return,
            Ok(b) if !super::gzip::is_gzip(b) => {
                let loc = Locator {
                    offset: src.pos,
                    index: 0,
                };
                f(Item::Broken(
                    loc,
                    "not gzip data where a gzip member should start".into(),
                ));
                return;
            }
            Ok(_) => {}
            Err(e) => {
                let loc = Locator {
                    offset: src.pos,
                    index: 0,
                };
                f(Item::Broken(loc, crate::crawl::io_reason(&e)));
                return;
            }
        }
        let offset = src.pos;
        let mut member = BufReader::new(flate2::bufread::GzDecoder::new(&mut *src));
        let mut index = 0u32;
        loop {
            let loc = Locator { offset, index };
            match read_record(&mut member, Block::Head(head)) {
                Ok(None) => break,
                Ok(Some((h, block))) => {
                    if !f(Item::Record(Record {
                        loc,
                        head: h,
                        block,
                    })) {
                        return;
                    }
                }
                Err(Error::Record(reason)) => {
                    if !f(Item::Broken(loc, reason)) {
                        return;
                    }
                    // The member's end is the next record's start.
                    if let Err(e) = std::io::copy(&mut member, &mut std::io::sink()) {
                        f(Item::Broken(loc, super::gzip::reason(&e)));
                        return;
                    }
                    break;
                }
                Err(Error::Stream(e)) => {
                    f(Item::Broken(loc, super::gzip::reason(&e)));
                    return;
                }
            }
            index += 1;
        }
    }
}

fn list_plain<R: BufRead + Seek>(
    src: &mut Counting<R>,
    head: usize,
    f: &mut impl FnMut(Item) -> bool,
) {
    loop {
        if let Err(e) = skip_blank_lines(src) {
            f(Item::Broken(
                Locator {
                    offset: src.pos,
                    index: 0,
                },
                crate::crawl::io_reason(&e),
            ));
            return;
        }
        let offset = src.pos;
        let loc = Locator { offset, index: 0 };
        match read_record(src, Block::Head(head)) {
            Ok(None) => return,
            Ok(Some((h, block))) => {
                if !f(Item::Record(Record {
                    loc,
                    head: h,
                    block,
                })) {
                    return;
                }
            }
            Err(Error::Record(reason)) => {
                if !f(Item::Broken(loc, reason)) {
                    return;
                }
                // Look for the next record from just after this one's first line.
                match resync(src, offset + 1) {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => {
                        f(Item::Broken(loc, crate::crawl::io_reason(&e)));
                        return;
                    }
                }
            }
            Err(Error::Stream(e)) => {
                f(Item::Broken(loc, crate::crawl::io_reason(&e)));
                return;
            }
        }
    }
}

/// Moves to the next line starting `WARC/` at or after `from`; `false` at the end of the file.
fn resync<R: BufRead + Seek>(src: &mut Counting<R>, from: u64) -> std::io::Result<bool> {
    src.inner.seek(SeekFrom::Start(from))?;
    src.pos = from;
    let mut line = Vec::new();
    loop {
        let at = src.pos;
        line.clear();
        let n = (&mut *src)
            .take(MAX_HEADER as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(false);
        }
        if line.starts_with(b"WARC/") {
            src.inner.seek(SeekFrom::Start(at))?;
            src.pos = at;
            return Ok(true);
        }
    }
}

/// Reads the record at `loc` of a WARC file with its whole block, refusing a block over
/// `limit` bytes.
pub fn read_at<R: Read + Seek>(mut file: R, loc: Locator, limit: u64) -> Result<Record, String> {
    file.seek(SeekFrom::Start(loc.offset))
        .map_err(|e| crate::crawl::io_reason(&e))?;
    let mut src = BufReader::with_capacity(1 << 16, file);
    let gz = src.fill_buf().is_ok_and(super::gzip::is_gzip);
    let result = if gz {
        let mut member = BufReader::new(flate2::bufread::GzDecoder::new(src));
        for _ in 0..loc.index {
            read_record(&mut member, Block::Head(0)).map_err(error_text)?;
        }
        read_record(&mut member, Block::Full(limit))
    } else if loc.index > 0 {
        return Err("no such record (an uncompressed WARC has one record per offset)".into());
    } else {
        read_record(&mut src, Block::Full(limit))
    };
    match result.map_err(error_text)? {
        Some((head, block)) => Ok(Record { loc, head, block }),
        None => Err("no WARC record at this offset (the file changed since it was indexed)".into()),
    }
}

fn error_text(e: Error) -> String {
    match e {
        Error::Record(r) => r,
        Error::Stream(e) => super::gzip::reason(&e),
    }
}

/// How much of a block to keep.
#[derive(Clone, Copy)]
enum Block {
    /// The first bytes only.
    Head(usize),
    /// All of it, refusing more than this many bytes.
    Full(u64),
}

/// Skips empty lines (the `\r\n\r\n` between records, and stray ones).
fn skip_blank_lines<R: BufRead>(r: &mut R) -> std::io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let n = buf
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        if n == 0 {
            return Ok(());
        }
        r.consume(n);
    }
}

/// Reads one record: version line, headers, block, and the two line ends after the block.
/// `None` at the end of the stream.
fn read_record<R: BufRead>(r: &mut R, want: Block) -> Result<Option<(RecordHead, Vec<u8>)>, Error> {
    skip_blank_lines(r).map_err(Error::Stream)?;
    let mut header = Vec::new();
    // Header lines up to the empty line.
    loop {
        let before = header.len();
        let n = r
            .take((MAX_HEADER + 2 - before.min(MAX_HEADER)) as u64)
            .read_until(b'\n', &mut header)
            .map_err(Error::Stream)?;
        if n == 0 {
            if header.is_empty() {
                return Ok(None);
            }
            return Err(Error::Record("WARC record cut short in its headers".into()));
        }
        if header.len() > MAX_HEADER {
            return Err(Error::Record("WARC record headers too long".into()));
        }
        let line = &header[before..];
        if before > 0 && (line == b"\r\n" || line == b"\n") {
            break;
        }
        if before == 0 && !line.starts_with(b"WARC/") {
            return Err(Error::Record(
                "not a WARC record (no WARC/ version line)".into(),
            ));
        }
    }
    let head = parse_headers(&header)?;
    let mut block = Vec::new();
    let keep = match want {
        Block::Head(n) => (n as u64).min(head.length),
        Block::Full(limit) => {
            if head.length > limit {
                return Err(Error::Record(format!(
                    "WARC record larger than {} MB (not an article)",
                    limit / (1 << 20)
                )));
            }
            head.length
        }
    };
    let got = r
        .take(keep)
        .read_to_end(&mut block)
        .map_err(Error::Stream)? as u64;
    let rest = head.length - keep;
    let skipped = std::io::copy(&mut r.take(rest), &mut std::io::sink()).map_err(Error::Stream)?;
    if got + skipped < head.length {
        return Err(Error::Record(
            "WARC record shorter than its Content-Length".into(),
        ));
    }
    // The block is followed by two line ends, then the next record or the end; anything else
    // means the Content-Length was wrong.
    let mut ends = 0;
    loop {
        let buf = r.fill_buf().map_err(Error::Stream)?;
        let n = buf
            .iter()
            .take(4 - ends)
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
        let more = n == buf.len() && n > 0;
        r.consume(n);
        ends += n;
        if !more || ends == 4 {
            break;
        }
    }
    match r.fill_buf().map_err(Error::Stream)?.first() {
        None => {}
        Some(b'W') if ends > 0 => {}
        Some(_) => {
            return Err(Error::Record(
                "WARC record longer than its Content-Length".into(),
            ));
        }
    }
    Ok(Some((head, block)))
}

fn parse_headers(header: &[u8]) -> Result<RecordHead, Error> {
    let text = String::from_utf8_lossy(header);
    let mut head = RecordHead::default();
    let mut length = None;
    for line in text.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => head.warc_type = value.to_ascii_lowercase(),
            "warc-target-uri" => {
                let v = value.trim_start_matches('<').trim_end_matches('>');
                head.target_uri = Some(v.to_string());
            }
            "warc-date" => head.date = Some(value.to_string()),
            "content-type" => head.content_type = Some(value.to_string()),
            "content-length" => length = value.parse::<u64>().ok(),
            _ => {}
        }
    }
    head.length =
        length.ok_or_else(|| Error::Record("WARC record without a valid Content-Length".into()))?;
    Ok(head)
}

#[cfg(test)]
#[path = "warc_tests.rs"]
mod tests;
