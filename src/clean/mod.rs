//! Cleaning stage: separates an article's body paragraphs from noise, i.e. related-links blocks
//! (a heading such as `ALSO READ` then headlines of other articles) and boilerplate footers.
//! Hard-wrapped paragraphs are rejoined first ([`unwrap`]), so the cleaner reasons about whole
//! paragraphs whatever the file's line width.
//!
//! The evidence is general, never a list of known sentences:
//! - related-links headings: a vocabulary of heading phrases compared after normalising case and
//!   punctuation ([`shape::heading`]);
//! - the headlines after a heading: line shape (no sentence-final punctuation, length, title or
//!   sentence case, not a table row); the first line of another shape ends the block;
//! - footers: position (only the tail of the body, possibly several lines) and a scored cue
//!   vocabulary ([`boiler::score`]);
//! - corpus repetition from [`LineStats`], when given: a tail line repeated across many files is
//!   boilerplate if it also carries a cue or reads as a full sentence; a headline-ish line seen
//!   inside related blocks of several other files (and hardly elsewhere) continues a block, while
//!   a headline-shaped line that mostly occurs as body text elsewhere ends it. Repetition alone
//!   never removes a line, so a table row like `Year`, repeated everywhere, stays.

pub mod boiler;
pub mod dump;
pub mod shape;
mod stats;
mod wrap;

pub use stats::{LineStats, StatsError, line_hash};
pub use wrap::{BodyLines, unwrap};

/// The most headlines one related-links block may hold.
const MAX_BLOCK: usize = 12;
/// The most footer lines stripped from one article's tail.
const MAX_FOOTERS: usize = 6;

/// Marks which body lines are noise (`true`); lines are expected trimmed and non-empty.
pub fn noise_mask(lines: &[&str], stats: Option<&LineStats>) -> Vec<bool> {
    noise_mask_in_blocks(lines, &[], stats)
}

/// [`noise_mask`], knowing which lines came after a blank line (`after_blank`, one per line, or
/// empty when unknown). A related-links heading followed directly by a line keeps its headlines
/// together: its block ends at the next blank line. (In a file with a blank line after every
/// line, blank lines tell nothing.)
pub fn noise_mask_in_blocks(
    lines: &[&str],
    after_blank: &[bool],
    stats: Option<&LineStats>,
) -> Vec<bool> {
    let n = lines.len();
    let mut noise = vec![false; n];
    let mut i = 0;
    while i < n {
        if shape::heading(lines[i]).is_none() {
            i += 1;
            continue;
        }
        noise[i] = true;
        let blank_ends = after_blank.get(i + 1) == Some(&false);
        let mut j = i + 1;
        while j < n && j - i - 1 < MAX_BLOCK && shape::heading(lines[j]).is_none() {
            if (blank_ends && after_blank.get(j) == Some(&true))
                || !continues_block(lines[j], stats)
            {
                break;
            }
            noise[j] = true;
            j += 1;
        }
        i = j;
    }
    let mut removed = 0;
    for k in (0..n).rev() {
        if noise[k] {
            continue;
        }
        if removed >= MAX_FOOTERS || !is_footer(lines[k], stats) {
            break;
        }
        noise[k] = true;
        removed += 1;
    }
    noise
}

/// Splits body lines into (paragraphs, noise lines), both in order.
pub fn clean(lines: &[&str], stats: Option<&LineStats>) -> (Vec<String>, Vec<String>) {
    split(lines, noise_mask(lines, stats))
}

/// [`clean`] for a body as [`unwrap`] gives it, knowing where its blank lines were.
pub fn clean_body(body: &BodyLines, stats: Option<&LineStats>) -> (Vec<String>, Vec<String>) {
    let lines = body.as_strs();
    let mask = noise_mask_in_blocks(&lines, &body.after_blank, stats);
    split(&lines, mask)
}

/// Lines sorted by a noise mask into (paragraphs, noise lines).
fn split(lines: &[&str], mask: Vec<bool>) -> (Vec<String>, Vec<String>) {
    let mut paragraphs = Vec::with_capacity(lines.len());
    let mut noise = Vec::new();
    for (line, is_noise) in lines.iter().zip(mask) {
        if is_noise {
            noise.push((*line).to_string());
        } else {
            paragraphs.push((*line).to_string());
        }
    }
    (paragraphs, noise)
}

/// True when a line continues a related-links block: headline-shaped, unless the corpus shows it
/// mostly outside such blocks; or not quite headline-shaped but seen inside blocks elsewhere.
fn continues_block(line: &str, stats: Option<&LineStats>) -> bool {
    let style = shape::headline_style(line);
    if style.is_none() && !shape::loose_headline(line) {
        return false;
    }
    let Some(stats) = stats.filter(|s| s.trusted()) else {
        return style.is_some();
    };
    let (total, after) = stats.counts(line);
    let outside = total.saturating_sub(after);
    match style {
        Some(_) => !(outside >= 3 && outside > after),
        None => after >= 2 && outside * 4 <= after,
    }
}

/// True when a tail line is boilerplate: strong cues, or corpus repetition plus a cue or prose.
fn is_footer(line: &str, stats: Option<&LineStats>) -> bool {
    let score = boiler::score(line);
    if score >= boiler::FOOTER_SCORE {
        return true;
    }
    stats.is_some_and(|s| s.repeated(line)) && (score >= 1 || is_prose(line))
}

/// True for a full sentence: at least eight words and sentence-final punctuation.
fn is_prose(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    end.ends_with(['.', '!', '?']) && line.split_whitespace().nth(7).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the cleaner on `|`-free lines, returning the noise lines joined by ` / `.
    fn noise_of(text: &str, stats: Option<&LineStats>) -> String {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        clean(&lines, stats).1.join(" / ")
    }

    #[test]
    fn clean_table() {
        let cases: &[(&str, &str)] = &[
            (
                "First para ends here.\nALSO READ\nMarkets Rally as Oil Slips\nBank Cuts Rates Again\nSecond para.",
                "ALSO READ / Markets Rally as Oil Slips / Bank Cuts Rates Again",
            ),
            (
                "One.\nRelated stories:\nCity council approves new budget plan\nFloods hit northern towns again\nTwo.\nSubscribe to our newsletter for more.",
                "Related stories: / City council approves new budget plan / Floods hit northern towns again / Subscribe to our newsletter for more.",
            ),
            // A title-case block ends at a sentence-case table row.
            (
                "Shr 1 ct.\nAlso Read -\nBank Cuts Rates Again\nOil Firm Buys Rival\nNet loss 186,000 vs profit 12,000\nYear",
                "Also Read - / Bank Cuts Rates Again / Oil Firm Buys Rival",
            ),
            ("Year\nShr 22 cts vs 19 cts\nNet 1,000 vs 2,000\nREUTER", ""),
            (
                "Body.\nDisclaimer: views are the author's own.\nFollow us on Twitter and Facebook.",
                "Disclaimer: views are the author's own. / Follow us on Twitter and Facebook.",
            ),
            (
                "Body.\nAlso read: Markets rally as oil slips\nMore body.",
                "Also read: Markets rally as oil slips",
            ),
            ("The app is free to download, the firm said.", ""),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(noise_of(text, None), *want, "{text:?}");
        }
    }

    #[test]
    fn stats_remove_repeated_prose_footer_but_not_table_rows() {
        let footer = "This article was provided by a partner and reproduced in full here.";
        let mut stats = LineStats::default();
        for i in 0..40 {
            stats.observe(&format!(
                "Body {i} goes here.\nYear\nNet {i} vs {i}\n{footer}"
            ));
        }
        let text = format!("Body.\nYear\nNet 1 vs 2\n{footer}");
        assert_eq!(noise_of(&text, None), "");
        assert_eq!(noise_of(&text, Some(&stats)), footer);
        assert_eq!(noise_of("Body.\nYear", Some(&stats)), "");
        // A small corpus is no evidence.
        let mut small = LineStats::default();
        for _ in 0..3 {
            small.observe(&text);
        }
        assert_eq!(noise_of(&text, Some(&small)), "");
    }
}
