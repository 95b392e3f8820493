//! Corpus statistics for the cleaner: in how many files each candidate noise line occurs.
//!
//! Only lines that could be noise are counted (the last few body lines of a file, the headline-shaped
//! lines after a related-links heading, and other headline-shaped lines, to tell headlines of other
//! articles from repeated table rows), so memory stays a few entries per file. Lines are normalised
//! (case, punctuation, spacing) and hashed to `u64`. A line repeated across many files is strong
//! evidence of boilerplate, which the cleaner combines with position, shape and vocabulary.

use std::collections::HashMap;

use super::{BodyLines, shape};

/// How many body lines at the end of a file are counted.
const TAIL_LINES: usize = 4;
/// How many lines after a related-links heading are counted.
const WINDOW_LINES: usize = 12;
const MAGIC: &[u8; 8] = b"NDXLSTA2";
/// Bytes per serialized entry: hash, file count, after-heading file count.
const ENTRY: usize = 16;

/// Per-line file counts over a corpus; see the module doc.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineStats {
    files: u64,
    /// Per line hash: files containing it as a candidate line, and files containing it inside a
    /// headline run after a related-links heading.
    counts: HashMap<u64, (u32, u32)>,
}

/// Why serialized [`LineStats`] could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    /// The bytes do not start with the line-stats signature.
    #[error("not a newsdex line-stats file (bad signature); rebuild the index")]
    BadMagic,
    /// The bytes end before the announced number of entries.
    #[error("truncated line-stats file; rebuild the index")]
    Truncated,
}

impl LineStats {
    /// Counts the candidate lines of one decoded file: its last body lines, the headline-shaped
    /// run after each related-links heading, and other loosely headline-shaped body lines (body
    /// lines as the cleaner sees them: hard-wrapped paragraphs rejoined).
    pub fn observe(&mut self, text: &str) {
        self.add_file_keys(&Self::file_keys(text));
    }

    /// The candidate-line keys of one decoded file, sorted and distinct: each is the line's
    /// [`line_hash`] (whose low bit is always 0) with the low bit set when the line stood in a
    /// headline run after a related-links heading. The indexer stores them with each article, so
    /// the statistics can be rebuilt exactly when articles are replaced or removed.
    pub fn file_keys(text: &str) -> Vec<u64> {
        Self::body_keys(&crate::parse::split(text).body)
    }

    /// [`Self::file_keys`] of a body already split off its file.
    pub fn body_keys(unwrapped: &BodyLines) -> Vec<u64> {
        let body = unwrapped.as_strs();
        let mut seen: Vec<u64> = Vec::with_capacity(TAIL_LINES + 8);
        let tail = body.len().saturating_sub(TAIL_LINES);
        seen.extend(body[tail..].iter().map(|l| line_hash(l)));
        let mut i = 0;
        while i < body.len() {
            if shape::heading(body[i]).is_some() {
                seen.push(line_hash(body[i]) | 1);
                // As the cleaner: a heading followed directly by a line ends at a blank line.
                let after_blank = &unwrapped.after_blank;
                let blank_ends = after_blank.get(i + 1) == Some(&false);
                let mut j = i + 1;
                while j < body.len()
                    && j <= i + WINDOW_LINES
                    && shape::loose_headline(body[j])
                    && !(blank_ends && after_blank[j])
                {
                    seen.push(line_hash(body[j]) | 1);
                    j += 1;
                }
                i = j;
            } else {
                if shape::loose_headline(body[i]) {
                    seen.push(line_hash(body[i]));
                }
                i += 1;
            }
        }
        seen.sort_unstable();
        // One key per line: in a run if any of its occurrences was.
        let mut out: Vec<u64> = Vec::with_capacity(seen.len());
        for k in seen {
            match out.last_mut() {
                Some(last) if *last & !1 == k & !1 => *last |= k,
                _ => out.push(k),
            }
        }
        out
    }

    /// Counts one file given its [`Self::file_keys`].
    pub fn add_file_keys(&mut self, keys: &[u64]) {
        for &k in keys {
            let c = self.counts.entry(k & !1).or_insert((0, 0));
            c.0 = c.0.saturating_add(1);
            c.1 = c.1.saturating_add(u32::from(k & 1 == 1));
        }
        self.files += 1;
    }

    /// The statistics of `files` files given all their [`Self::file_keys`] in one array (each
    /// file's keys distinct), counted by sorting: memory stays that array, whatever the number
    /// of distinct lines. Lines in a single file are left out: the cleaner treats a count of 1
    /// exactly as 0 (a file's own line proves nothing), and on a large corpus of distinct
    /// articles they are most of the lines.
    pub fn from_keys(files: u64, mut keys: Vec<u64>) -> LineStats {
        keys.sort_unstable();
        let mut counts = HashMap::new();
        let mut i = 0;
        while i < keys.len() {
            let line = keys[i] & !1;
            let mut j = i;
            let mut run = 0u32;
            while j < keys.len() && keys[j] & !1 == line {
                run += u32::from(keys[j] & 1 == 1);
                j += 1;
            }
            let total = u32::try_from(j - i).unwrap_or(u32::MAX);
            if total >= 2 {
                counts.insert(line, (total, run));
            }
            i = j;
        }
        LineStats { files, counts }
    }

    /// Adds another corpus part's counts (for parallel fold/reduce).
    pub fn merge(&mut self, other: LineStats) {
        self.files += other.files;
        let mut other = other.counts;
        if self.counts.len() < other.len() {
            std::mem::swap(&mut self.counts, &mut other);
        }
        for (h, (total, run)) in other {
            let c = self.counts.entry(h).or_insert((0, 0));
            c.0 = c.0.saturating_add(total);
            c.1 = c.1.saturating_add(run);
        }
    }

    /// The number of files observed.
    pub fn files(&self) -> u64 {
        self.files
    }

    /// The number of observed files in which this line (normalised) was a candidate line.
    pub fn count(&self, line: &str) -> u32 {
        self.counts.get(&line_hash(line)).map_or(0, |c| c.0)
    }

    /// Both counts of a line, hashing it once: ([`Self::count`], [`Self::count_after_heading`]).
    pub fn counts(&self, line: &str) -> (u32, u32) {
        self.counts.get(&line_hash(line)).copied().unwrap_or((0, 0))
    }

    /// The number of observed files in which this line followed a related-links heading, within
    /// the run of headline-shaped lines there.
    pub fn count_after_heading(&self, line: &str) -> u32 {
        self.counts.get(&line_hash(line)).map_or(0, |c| c.1)
    }

    /// True when enough files were observed for repetition to mean something (20).
    pub fn trusted(&self) -> bool {
        self.files >= 20
    }

    /// True when the line repeats across enough files to count as corpus boilerplate: a trusted
    /// corpus, and the line in at least 5 files and 0.5% of them.
    pub fn repeated(&self, line: &str) -> bool {
        self.trusted() && u64::from(self.count(line)) >= (self.files / 200).max(5)
    }

    /// Serializes to a little-endian byte format: signature, file count, entry count, entries.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(u64, (u32, u32))> =
            self.counts.iter().map(|(h, c)| (*h, *c)).collect();
        entries.sort_unstable();
        let mut out = Vec::with_capacity(24 + entries.len() * ENTRY);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.files.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (h, (total, run)) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&total.to_le_bytes());
            out.extend_from_slice(&run.to_le_bytes());
        }
        out
    }

    /// Reads back [`LineStats::to_bytes`] output; an error (never a panic) on any other bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<LineStats, StatsError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(StatsError::BadMagic)?;
        let u64_at = |at: usize| -> Result<u64, StatsError> {
            let raw = rest.get(at..at + 8).ok_or(StatsError::Truncated)?;
            Ok(u64::from_le_bytes(
                raw.try_into().map_err(|_| StatsError::Truncated)?,
            ))
        };
        let files = u64_at(0)?;
        let n = usize::try_from(u64_at(8)?).map_err(|_| StatsError::Truncated)?;
        let body = &rest[16..];
        if n.checked_mul(ENTRY) != Some(body.len()) {
            return Err(StatsError::Truncated);
        }
        let mut counts = HashMap::with_capacity(n);
        for chunk in body.chunks_exact(ENTRY) {
            let word = |a: usize, b: usize| chunk.get(a..b).ok_or(StatsError::Truncated);
            let h = u64::from_le_bytes(word(0, 8)?.try_into().map_err(|_| StatsError::Truncated)?);
            let t = u32::from_le_bytes(word(8, 12)?.try_into().map_err(|_| StatsError::Truncated)?);
            let r = u32::from_le_bytes(
                word(12, 16)?
                    .try_into()
                    .map_err(|_| StatsError::Truncated)?,
            );
            counts.insert(h, (t, r));
        }
        Ok(LineStats { files, counts })
    }
}

/// FNV-1a hash of a line normalised to lowercase alphanumeric words separated by single spaces,
/// low bit cleared.
pub fn line_hash(line: &str) -> u64 {
    let mut hasher = LineHasher {
        h: 0xcbf2_9ce4_8422_2325,
        pending_space: false,
        started: false,
    };
    if line.is_ascii() {
        // The same steps, one table read per byte.
        for &b in line.as_bytes() {
            match ASCII_WORD_BYTE[usize::from(b & 0x7f)] {
                0 => hasher.gap(),
                l => hasher.word_bytes([l]),
            }
        }
    } else {
        for c in line.chars() {
            if !c.is_alphanumeric() {
                hasher.gap();
            } else if c.is_ascii() {
                hasher.word_bytes([c.to_ascii_lowercase() as u8]);
            } else {
                let mut buf = [0u8; 4];
                for lc in c.to_lowercase() {
                    hasher.word_bytes(lc.encode_utf8(&mut buf).bytes());
                }
            }
        }
    }
    // The low bit is left free for the flag of `LineStats::file_keys`.
    hasher.h & !1
}

/// The running state of [`line_hash`]: the hash of the words so far, and whether a separator
/// is due before the next word character.
struct LineHasher {
    h: u64,
    pending_space: bool,
    started: bool,
}

impl LineHasher {
    /// A character that is not part of a word: words around it get one space between them.
    #[inline]
    fn gap(&mut self) {
        self.pending_space |= self.started;
    }

    /// The lower-cased bytes of one word character.
    #[inline]
    fn word_bytes(&mut self, bytes: impl IntoIterator<Item = u8>) {
        if self.pending_space {
            self.h = fnv(self.h, b' ');
            self.pending_space = false;
        }
        self.started = true;
        for b in bytes {
            self.h = fnv(self.h, b);
        }
    }
}

/// Per ASCII byte: its lower-case form if it is a letter or digit, else 0.
static ASCII_WORD_BYTE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// One FNV-1a step.
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOTER: &str = "Download our app for more news.";

    fn corpus(n: usize) -> LineStats {
        let mut stats = LineStats::default();
        for i in 0..n {
            stats.observe(&format!(
                "Body line {i}.\nALSO READ\nOther Story Number {}\nMore text {i}.\n{FOOTER}\n",
                i % 3
            ));
        }
        stats
    }

    #[test]
    fn counts_distinct_files() {
        let stats = corpus(30);
        let cases: &[(&str, u32)] = &[
            (FOOTER, 30),
            ("download OUR app -- for more news", 30),
            ("ALSO READ", 30),
            ("Also read:", 30),
            ("Other Story Number 1", 10),
            ("Body line 1.", 0),
            ("More text 1.", 1),
            ("never seen", 0),
        ];
        for (line, want) in cases {
            assert_eq!(stats.count(line), *want, "{line}");
        }
        assert_eq!(stats.files(), 30);
        assert_eq!(stats.count_after_heading("Other Story Number 2"), 10);
        assert_eq!(stats.count_after_heading(FOOTER), 0);
        assert!(stats.repeated(FOOTER));
        assert!(
            !corpus(10).repeated(FOOTER),
            "too few files to trust repetition"
        );
    }

    #[test]
    fn counting_by_sorting_agrees_except_for_single_files() {
        let texts: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "Body line {i}.\nALSO READ\nOther Story Number {}\nMore text {i}.\n{FOOTER}\n",
                    i % 3
                )
            })
            .collect();
        let keys: Vec<u64> = texts.iter().flat_map(|t| LineStats::file_keys(t)).collect();
        let sorted = LineStats::from_keys(30, keys);
        let hashed = corpus(30);
        assert_eq!(sorted.files(), 30);
        for (line, want) in [
            (FOOTER, 30),
            ("Other Story Number 1", 10),
            ("More text 1.", 0),
        ] {
            assert_eq!(sorted.count(line), want, "{line}");
        }
        assert_eq!(
            sorted.counts("Other Story Number 2"),
            hashed.counts("Other Story Number 2")
        );
        assert_eq!(
            hashed.count("More text 1."),
            1,
            "the hashed count keeps single files"
        );
    }

    #[test]
    fn merge_adds_up() {
        let mut a = corpus(10);
        a.merge(corpus(20));
        assert_eq!(a.files(), 30);
        assert_eq!(a.count(FOOTER), 30);
        let mut b = LineStats::default();
        b.merge(corpus(30));
        assert_eq!(b, corpus(30));
    }

    #[test]
    fn bytes_round_trip_and_garbage() {
        let stats = corpus(25);
        assert_eq!(LineStats::from_bytes(&stats.to_bytes()), Ok(stats.clone()));
        let bytes = stats.to_bytes();
        let cases: &[(&[u8], StatsError)] = &[
            (b"", StatsError::BadMagic),
            (b"garbage garbage garbage", StatsError::BadMagic),
            (&bytes[..8], StatsError::Truncated),
            (&bytes[..20], StatsError::Truncated),
            (&bytes[..bytes.len() - 1], StatsError::Truncated),
        ];
        for (input, want) in cases {
            assert_eq!(LineStats::from_bytes(input).as_ref(), Err(want));
        }
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&1u64.to_le_bytes());
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(LineStats::from_bytes(&huge), Err(StatsError::Truncated));
    }

    #[test]
    fn hash_normalises() {
        assert_eq!(line_hash("Also Read:"), line_hash("ALSO  READ"));
        assert_eq!(line_hash("  (Hello, World!) "), line_hash("hello world"));
        assert_ne!(line_hash("hello world"), line_hash("helloworld"));
        // The ASCII path agrees with the general one: the same line with a non-ASCII
        // character that is neither a letter nor a digit takes the general path.
        for line in [
            "",
            "  ALSO READ: India's 2009 budget -- 10,000 jobs (IANS)  ",
            "x",
            "...",
            "a1 B2\tc3\r\n",
        ] {
            let wide = format!("{line}\u{2014}");
            assert_eq!(line_hash(line), line_hash(&wide), "{line:?}");
        }
    }
}
