//! Hard-wrapped text: paragraphs broken into lines of at most some width (60–80 columns is
//! common), rejoined into one line each before the cleaner sees them.
//!
//! Wrapping is detected from the line lengths of the file itself, never from known files: a
//! greedy wrapper at width `W` breaks a line only when the next word would not fit, so for each
//! line followed by another, `len(line) <= W < len(line) + 1 + len(next line's first word)`.
//! Each such line gives an interval of widths it is consistent with; the widths most lines
//! agree on are the wrap width. A file is wrapped when breaks are forced there, far fewer are
//! not (the next word would have fitted), hardly any prose line is longer, and some forced
//! breaks fall before a lower-case word, where prose goes on (or many are forced: rows of a
//! table of equal-length lines are the other way to agree on a width). Where blank lines
//! separate paragraphs, one such break is enough; without them, two. Lines ending a sentence and
//! related-links blocks (a heading, then headline-shaped lines) are no evidence either way.
//!
//! Two lines are then joined when the break between them was forced, no blank line separates
//! them, neither is a related-links heading, a title-case line does not follow a headline of such
//! a block (it is the next headline, not the rest of a wrapped line), and, where paragraphs are
//! not separated by blank lines, the first does not end a sentence (a paragraph may end there).
//! A break after a hyphen inside a word joins without a space (`seven-` + `year`).

use std::borrow::Cow;

use super::shape;

/// The narrowest wrap width considered.
const MIN_WIDTH: usize = 50;
/// The widest wrap width considered.
const MAX_WIDTH: usize = 150;
/// Fewest forced breaks that make a file wrapped.
const MIN_FORCED: usize = 2;
/// From this many forced breaks on, a file is wrapped even if no break falls before a
/// lower-case word (below it, such breaks could be the rows of a table of equal-length lines).
const TABLE_ROWS: usize = 4;

/// One body line as the detector sees it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// The line without surrounding white space; empty for a blank line.
    text: &'a str,
    /// Characters up to the end of the text, leading white space included (the wrapper counts it).
    len: usize,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }

    /// Characters of the first word.
    fn first_word(&self) -> usize {
        self.text
            .split(char::is_whitespace)
            .next()
            .map_or(0, |w| w.chars().count())
    }

    /// Whether the line reads as a paragraph of prose, not a headline: it ends a sentence or is
    /// longer than a headline can be.
    fn prose(&self) -> bool {
        self.len > 160 || self.ends_sentence()
    }

    /// Whether the line ends a sentence (closing quotes and brackets ignored).
    fn ends_sentence(&self) -> bool {
        self.text
            .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']'])
            .ends_with(['.', '!', '?'])
    }
}

/// The range of widths a wrapped file is consistent with: every forced break allows any
/// width from `lo` to `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Width {
    lo: usize,
    hi: usize,
}

/// A body's lines as the cleaner takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyLines<'a> {
    /// The lines, trimmed, blank ones dropped, hard-wrapped paragraphs joined into one line.
    pub lines: Vec<Cow<'a, str>>,
    /// Per line: whether a blank line came right before it in the file.
    pub after_blank: Vec<bool>,
}

impl BodyLines<'_> {
    /// The lines as string slices.
    pub fn as_strs(&self) -> Vec<&str> {
        self.lines.iter().map(|l| l.as_ref()).collect()
    }
}

/// The body's lines with hard-wrapped paragraphs joined: trimmed, blank lines dropped. `raw` are
/// the body's lines as in the file (untrimmed, blank ones included). Lines of a file that is not
/// wrapped come back unchanged (trimmed, borrowed).
pub fn unwrap<'a>(raw: &[&'a str]) -> BodyLines<'a> {
    let lines: Vec<Line> = raw
        .iter()
        .map(|l| {
            let end = l.trim_end();
            Line {
                text: end.trim_start(),
                len: if end.is_ascii() {
                    end.len()
                } else {
                    end.chars().count()
                },
            }
        })
        .collect();
    let mut out = BodyLines {
        lines: Vec::with_capacity(lines.len()),
        after_blank: Vec::with_capacity(lines.len()),
    };
    let blank_separated = lines.iter().any(Line::blank);
    let Some(width) = wrap_width(&lines, blank_separated) else {
        // Not wrapped (most files): the lines as they are.
        let mut after_blank = false;
        for line in &lines {
            if line.blank() {
                after_blank = true;
            } else {
                out.lines.push(line.text.into());
                out.after_blank.push(after_blank);
                after_blank = false;
            }
        }
        return out;
    };
    let mut block = RelatedBlock::default();
    // Whether the previous line is a related-links heading or may be one of its headlines:
    // then a title-case line after it is another headline, not the rest of a wrapped line.
    let mut held = false;
    let mut after_blank = false;
    for (i, line) in lines.iter().enumerate() {
        let holds = block.holds(line);
        if line.blank() {
            after_blank = true;
            held = false;
            continue;
        }
        let text = line.text;
        let join = !after_blank
            && i > 0
            && joins(&lines[i - 1], line, width, blank_separated)
            && shape::heading(text).is_none()
            && shape::heading(lines[i - 1].text).is_none()
            && !(held && shape::headline_style(text) == Some(shape::Style::Title));
        match out.lines.last_mut() {
            Some(joined) if join => {
                let glued = joined.ends_with('-')
                    && joined[..joined.len() - 1].ends_with(char::is_alphabetic)
                    && text.starts_with(char::is_alphabetic);
                let s = joined.to_mut();
                if !glued {
                    s.push(' ');
                }
                s.push_str(text);
            }
            _ => {
                out.lines.push(text.into());
                out.after_blank.push(after_blank);
            }
        }
        held = holds;
        after_blank = false;
    }
    out
}

/// Whether the break between two adjacent non-blank lines was made by a wrapper of that width:
/// the next word would not have fitted. Not after a line that may end a paragraph (in a file
/// without blank lines between paragraphs).
fn joins(prev: &Line, next: &Line, width: Width, blank_separated: bool) -> bool {
    prev.len <= width.hi
        && prev.len.saturating_add(1 + next.first_word()) > width.lo
        && next.len <= width.hi
        && (blank_separated || !prev.ends_sentence())
}

/// The widths the file is wrapped at, if it is wrapped; see the module doc.
fn wrap_width(lines: &[Line], blank_separated: bool) -> Option<Width> {
    // A quick no for most files: more prose lines longer than any wrap width than there are
    // breaks that could be evidence of wrapping.
    let candidates = lines
        .windows(2)
        .filter(|p| !p[0].blank() && !p[1].blank() && p[0].len <= MAX_WIDTH)
        .filter(|p| !p[0].ends_sentence())
        .count();
    let long_prose = lines
        .iter()
        .filter(|l| l.len > MAX_WIDTH && l.prose())
        .count();
    if candidates == 0 || 2 * long_prose > candidates {
        return None;
    }
    let breaks = evidence(lines);
    if breaks.is_empty() {
        return None;
    }
    // How many line breaks each width explains, as a difference array over widths.
    let mut diff = [0i32; MAX_WIDTH + 2];
    for b in &breaks {
        let lo = b.len.max(MIN_WIDTH);
        let hi = (b.len + b.next_word).min(MAX_WIDTH);
        if lo <= hi {
            diff[lo] += 1;
            diff[hi + 1] -= 1;
        }
    }
    let (mut lo, mut most, mut run) = (0, 0, 0);
    for (w, d) in diff.iter().enumerate().take(MAX_WIDTH + 1) {
        run += d;
        if run > most {
            (lo, most) = (w, run);
        }
    }
    let explained: Vec<&Break> = breaks
        .iter()
        .filter(|b| b.len <= lo && lo <= b.len + b.next_word)
        .collect();
    let forced = explained.len();
    let hi = explained
        .iter()
        .map(|b| b.len + b.next_word)
        .min()
        .unwrap_or(lo);
    // Forced breaks before a lower-case word: prose goes on there, a table's next row would not.
    let mid_sentence = explained.iter().filter(|b| b.next_lower).count();
    // Breaks a wrapper would not have made at any of those widths: the next word fitted.
    let unforced = breaks
        .iter()
        .filter(|b| b.len + 1 + b.next_word <= lo)
        .count();
    // Prose lines longer than the width: the paragraphs of a file that is not wrapped.
    let longer = lines.iter().filter(|l| l.len > hi && l.prose()).count();
    // Where blank lines separate paragraphs, a line break inside one is already a sign of
    // wrapping: one forced break before a lower-case word is enough.
    let enough = if blank_separated {
        mid_sentence >= 1 || forced >= 3
    } else {
        forced >= MIN_FORCED && (4 * mid_sentence >= forced || forced >= TABLE_ROWS)
    };
    let wrapped = enough && forced >= 2 * unforced && 2 * longer <= forced;
    wrapped.then_some(Width { lo, hi })
}

/// A line break that can tell wrapped text, and what a wrapper would have seen there.
struct Break {
    /// Characters in the line before the break.
    len: usize,
    /// Characters in the first word after it.
    next_word: usize,
    /// Whether that word starts with a lower-case letter.
    next_lower: bool,
}

/// The line breaks that can tell wrapped text: each line followed by another in the same
/// block, unless the line ends a sentence (a paragraph may end there), is longer than any wrap
/// width, or is a related-links heading or one of the lines after it.
fn evidence(lines: &[Line]) -> Vec<Break> {
    let mut out = Vec::new();
    let mut in_block = false;
    for pair in lines.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        // A block's lines are no evidence, and (to keep this test cheap) neither are those of
        // a wrapped paragraph right after it, up to its first sentence end.
        in_block =
            !prev.blank() && !prev.prose() && (in_block || shape::heading(prev.text).is_some());
        if in_block || prev.blank() || next.blank() || prev.ends_sentence() || prev.len > MAX_WIDTH
        {
            continue;
        }
        out.push(Break {
            len: prev.len,
            next_word: next.first_word(),
            next_lower: next.text.starts_with(char::is_lowercase),
        });
    }
    out
}

/// Follows related-links blocks line by line: a heading, then headline-shaped lines, which may
/// be headlines of other articles (never wrapped text, though a long one can look like a
/// wrapped line) or the first line of a wrapped paragraph after the block.
#[derive(Debug, Default)]
struct RelatedBlock {
    open: bool,
}

impl RelatedBlock {
    /// Whether the next line of the file is a related-links heading, or a headline-shaped line
    /// right after one (or after such lines).
    fn holds(&mut self, line: &Line) -> bool {
        self.open = shape::heading(line.text).is_some()
            || (self.open && shape::headline_style(line.text).is_some());
        self.open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        let raw: Vec<&str> = text.split('\n').collect();
        unwrap(&raw)
            .lines
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    const PARA_1: &str = "ChemLawn Corp could attract a higher bid than the 27 dlrs per share offered by Waste Management Inc, Wall Street arbitrageurs said on Thursday.";
    const PARA_2: &str = "Shares of ChemLawn shot up 11-5/8 to 29-3/8 in over-the-counter trading with 3.8 mln of the company's 10.1 mln shares changing hands by late afternoon.";
    const PARA_3: &str = "This company could go for 10 times cash flow or 30 dlrs, maybe 32 dollars depending on whether there is a competing bidder, an arbitrageur said.";

    /// Greedy wrap at `width`, breaking at spaces and, like Python's `textwrap`, after the
    /// hyphens inside words.
    fn wrap(text: &str, width: usize) -> String {
        let mut chunks: Vec<(String, bool)> = Vec::new(); // (chunk, space before it)
        for word in text.split(' ') {
            let mut first = true;
            for piece in word.split_inclusive('-') {
                chunks.push((piece.to_string(), first));
                first = false;
            }
        }
        let mut out = String::new();
        let mut line = String::new();
        for (chunk, space) in chunks {
            let extra = usize::from(space && !line.is_empty()) + chunk.chars().count();
            if !line.is_empty() && line.chars().count() + extra > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            } else if space && !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&chunk);
        }
        out + &line
    }

    #[test]
    fn rejoins_wrapped_paragraphs_at_any_width() {
        for width in [50, 60, 66, 72, 80, 100] {
            for sep in ["\n\n", "\n"] {
                let text = [PARA_1, PARA_2, PARA_3]
                    .iter()
                    .map(|p| wrap(p, width))
                    .collect::<Vec<_>>()
                    .join(sep);
                let got = run(&text);
                let want = [PARA_1, PARA_2, PARA_3];
                assert_eq!(got, want, "width {width}, separator {sep:?}\n{text}");
            }
        }
    }

    #[test]
    fn keeps_related_links_and_unwrapped_lines_apart() {
        let block = "ALSO READ\nKMW Systems Corp 1st Qtr Net\nAmerican Adventure Has NASDAQ Exception\nOlivetti Does Not Exclude Stake in SGS-Thomson";
        let text = format!(
            "{}\n\n{block}\n\n{}\n\nCatch up on all the latest news and top stories of the day as they\nhappen: download our app and turn on notifications.",
            wrap(PARA_1, 70),
            wrap(PARA_2, 70)
        );
        let got = run(&text);
        assert_eq!(got[0], PARA_1);
        assert_eq!(got[1..5], block.split('\n').collect::<Vec<_>>()[..]);
        assert_eq!(got[5], PARA_2);
        assert_eq!(
            got[6],
            "Catch up on all the latest news and top stories of the day as they happen: download our app and turn on notifications."
        );
    }

    #[test]
    fn unwrapped_text_is_left_alone() {
        let cases: &[&str] = &[
            // One line per paragraph.
            &format!("{PARA_1}\n{PARA_2}\n{PARA_3}"),
            // Results tables: rows of similar length.
            "Shr 22 cts vs 19 cts\nNet 1,000,000 vs 2,000,000\nRevs 12.3 mln vs 11.1 mln\nNOTE: 1986 net includes a gain.",
            "Net Loss 688 mln Swiss francs vs. Loss 756 mln in the year\nGross sales 5.93 billion vs. 8.51 billion francs\nOperating income 198 mln francs vs 256 mln francs",
            "MATURITY      NEW RATE       OLD RATE       MATURITY  DAYS\n30-140 days   5.00 pct       5.00 pct       30-179 days  12\n141-160 days  6.13 pct       6.08 pct       180-200 days 14\nThe rates take effect on Monday, the bank board said.",
            // Short one-sentence paragraphs of similar length.
            "The company said it expected sales to rise in the second quarter.\nIt gave no figures for the first half of the current year at all.\nShares of the company were unchanged on the New York exchange.",
            // Related links between long paragraphs.
            &format!(
                "{PARA_1}\nALSO READ\nBank Cuts Rates Again in Surprise Move on Monday\nOil Firm Buys Rival for 3 Billion Dlrs in Cash Deal\n{PARA_2}"
            ),
            "",
            "\n\n",
        ];
        for text in cases {
            let want: Vec<String> = text
                .split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            assert_eq!(run(text), want, "{text:?}");
        }
    }

    #[test]
    fn hyphen_breaks_glue_words() {
        let para = "The U.S. Treasury said it will auction 25 billion dlrs of two, four and seven-year notes next week to raise new cash, and refund maturing issues of about 15.7 billion dlrs of long-term debt, it said.";
        let mut hyphen_breaks = 0;
        // Up to 90 columns the paragraph takes three lines: two forced breaks, enough evidence.
        for width in MIN_WIDTH..=90 {
            let text = wrap(para, width);
            hyphen_breaks += usize::from(text.contains("-\n"));
            assert_eq!(run(&text), [para], "width {width}\n{text}");
        }
        assert!(hyphen_breaks > 3, "the test must break lines at hyphens");
    }
}
