//! Whole-page text dumps: a web page saved as text with its menus, cookie notices, share bars,
//! teasers of other articles, comment threads and footers around and inside the article.
//!
//! Such a file is recognised by its shape, not its site: no archive header line, many short
//! lines that do not end a sentence, as menus and link lists are, and lines repeated within the
//! page, as menus and titles are ([`looks_like_dump`]). It is
//! then read as lines in blocks ([`page`]), each line measured on its own and in its
//! neighbourhood ([`shape`], [`features`]), and a trained model ([`model`]: a word
//! [`lexicon`] and boosted [`trees`]) gives each line the probability of being article text.
//! Lines above the model's threshold are the article's paragraphs, in order; the rest is noise.
//! The headline is the line the page's title repeats just before the article ([`title`]).
//! [`train`] rebuilds the model from labelled dumps (`newsdex clean train`).

pub mod features;
pub mod gold;
pub mod lexicon;
pub mod model;
pub mod page;
pub mod shape;
pub mod title;
pub mod train;
pub mod trees;

pub use model::{Model, ModelError};
pub use page::Page;

/// A line this long or longer, or one ending a sentence, is not "short" for [`looks_like_dump`].
const SHORT_CHARS: usize = 40;
/// The fewest short lines a page dump has.
const MIN_SHORT_LINES: usize = 12;
/// The least share of short lines (in percent) among a page dump's lines.
const MIN_SHORT_PERCENT: usize = 35;
/// The least share of short lines (in percent) of a page dump that repeats lines.
const MIN_SHORT_PERCENT_REPEATING: usize = 20;
/// The fewest repeated lines (each occurrence counted) that make a page repeat lines.
const MIN_REPEATED_LINES: usize = 4;

/// A page dump split into article and noise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The article's headline, when the page shows one.
    pub title: Option<String>,
    /// The article's paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// Every other line, in order (the headline line excepted).
    pub noise: Vec<String>,
}

/// True when trimmed, non-empty lines without an archive header look like a web page dumped to
/// text: at least [`MIN_SHORT_LINES`] lines short and not ending a sentence (menus, link lists,
/// buttons, bylines), and they make [`MIN_SHORT_PERCENT`] % of the lines, or
/// [`MIN_SHORT_PERCENT_REPEATING`] % when the page also repeats [`MIN_REPEATED_LINES`] lines.
///
/// Measured on 990 web pages, 2,225 BBC articles and the 10,257 files of the archive's own
/// format: 976 pages are recognised, and 3 articles (lists of fixtures) and 155 archive files
/// (tables; these have a header line, so never get here).
pub fn looks_like_dump(lines: &[&str]) -> bool {
    let short = lines.iter().filter(|l| is_short(l)).count();
    if short < MIN_SHORT_LINES {
        return false;
    }
    if short * 100 >= lines.len() * MIN_SHORT_PERCENT {
        return true;
    }
    if short * 100 < lines.len() * MIN_SHORT_PERCENT_REPEATING {
        return false;
    }
    let mut hashes: Vec<u64> = lines
        .iter()
        .map(|l| crate::ner::hash::hash_str(l))
        .collect();
    hashes.sort_unstable();
    let repeated = hashes
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .map(<[u64]>::len)
        .sum::<usize>();
    repeated >= MIN_REPEATED_LINES
}

/// A line under [`SHORT_CHARS`] characters that does not end a sentence.
fn is_short(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '\u{bb}', '\u{201d}', ')']);
    line.chars().nth(SHORT_CHARS - 1).is_none() && !end.ends_with(['.', '!', '?'])
}

/// Cleans a page dump with the shipped model.
pub fn clean(text: &str) -> Cleaned {
    clean_with(text, Model::embedded())
}

/// Cleans a page dump with a given model.
pub fn clean_with(text: &str, model: &Model) -> Cleaned {
    let page = Page::new(text);
    let probs = model.probabilities(&page);
    let keep: Vec<bool> = probs.iter().map(|&p| p > model.threshold()).collect();
    let headline = title::find(&page, &keep);
    let mut out = Cleaned {
        title: headline.as_ref().map(|h| h.text.clone()),
        ..Cleaned::default()
    };
    for (i, (line, kept)) in page.lines.into_iter().zip(keep).enumerate() {
        if headline.as_ref().is_some_and(|h| h.line == i) {
            continue;
        }
        let text = line.text.into_owned();
        if kept {
            out.paragraphs.push(text);
        } else {
            out.noise.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognition_table() {
        let menu: String = (0..14).map(|i| format!("Section {i}\n")).collect();
        let prose = |n: usize| -> String {
            (0..n)
                .map(|i| {
                    format!("The council met on day {i} and agreed the budget after a debate.\n")
                })
                .collect()
        };
        let cases: &[(String, bool)] = &[
            (format!("Title | Site\n{menu}{}", prose(2)), true),
            (prose(30), false),
            (format!("{}{}", &menu[..40], prose(5)), false),
            // Short lines, but mostly prose: an article with a list.
            (format!("{menu}{}", prose(40)), false),
            // The same, from a page that repeats its menu.
            (
                format!("{menu}{}{}{}", prose(40), &menu[..20], &menu[..20]),
                true,
            ),
            (String::new(), false),
        ];
        for (text, want) in cases {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(looks_like_dump(&lines), *want, "{text:?}");
        }
    }

    #[test]
    fn every_line_is_kept_noise_or_title() {
        let text = "A headline here | Site\n\nHome\nNews\n\nA headline here\n\nThe first paragraph of the story runs long enough to read as prose.\n";
        let model = Model::default();
        let got = clean_with(text, &model);
        let title_lines = usize::from(got.title.is_some());
        assert_eq!(got.paragraphs.len() + got.noise.len() + title_lines, 5);
        assert!(
            got.paragraphs
                .iter()
                .all(|p| p.trim() == p && !p.is_empty())
        );
    }
}
