//! The headline of a page dump. A dump starts with the page's title (the browser tab's text,
//! usually the headline plus the site's name), and shows the headline again just before the
//! article. The headline is the line before the article's first paragraph (or among its first
//! lines) that the title line repeats; failing that, the title line itself without the site's
//! name (the longest of its parts between separators such as ` | ` or ` - `).

use super::page::{Page, for_each_word};

/// Lines after the first article line still searched for the headline.
const AFTER_START: usize = 3;
/// The longest headline, in characters.
const MAX_CHARS: usize = 300;
/// Separators between a title's headline and the site's name.
const SEPARATORS: &[&str] = &[
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{b7} ",
    " // ",
    " \u{bb} ",
];

/// A headline found in a page: its line, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// The line it was read from (not part of the body).
    pub line: usize,
    /// The headline.
    pub text: String,
}

/// Finds the headline of a page given which lines the model kept as article text.
pub fn find(page: &Page, keep: &[bool]) -> Option<Headline> {
    let first = page.lines.first()?;
    let title = first.text.as_ref();
    if title.chars().nth(MAX_CHARS).is_some() {
        return None;
    }
    let start = keep.iter().position(|&k| k).unwrap_or(page.len());
    let end = (start + AFTER_START).min(page.len().saturating_sub(1));
    let title_words = words(title);
    let mut best: Option<(f32, usize)> = None;
    for i in 1..=end {
        let line = page.lines[i].text.as_ref();
        if line.chars().nth(MAX_CHARS).is_some() || line.chars().nth(3).is_none() {
            continue;
        }
        let sim = similarity(&title_words, &words(line));
        // Nearer the article start is better among equals: lines before it count from it.
        if sim >= 0.6 && best.is_none_or(|(s, _)| sim >= s) {
            best = Some((sim, i));
        }
    }
    if let Some((_, i)) = best {
        return Some(Headline {
            line: i,
            text: page.lines[i].text.to_string(),
        });
    }
    let text = site_less(title);
    (text.chars().nth(3).is_some()).then(|| Headline {
        line: 0,
        text: text.to_string(),
    })
}

/// The title without the site's name: its longest part between separators.
pub fn site_less(title: &str) -> &str {
    let mut parts = vec![title];
    for sep in SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .max_by_key(|p| p.chars().count())
        .unwrap_or(title)
}

/// The word keys of a line.
fn words(line: &str) -> Vec<u32> {
    let mut v = Vec::new();
    for_each_word(line, |w| v.push(w.key));
    v
}

/// How much of `line` the title covers, penalised by how much of the title it leaves out:
/// the share of the line's words in the title, times the square root of the share of the
/// title's words in the line (a site name makes the title longer than the headline).
fn similarity(title: &[u32], line: &[u32]) -> f32 {
    if line.is_empty() || title.is_empty() {
        return 0.0;
    }
    let in_title = line.iter().filter(|w| title.contains(w)).count() as f32;
    let in_line = title.iter().filter(|w| line.contains(w)).count() as f32;
    (in_title / line.len() as f32) * (in_line / title.len() as f32).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headline(text: &str, keep_from: usize) -> Option<(usize, String)> {
        let page = Page::new(text);
        let keep: Vec<bool> = (0..page.len()).map(|i| i >= keep_from).collect();
        find(&page, &keep).map(|h| (h.line, h.text))
    }

    #[test]
    fn headline_table() {
        // (page, first kept line, headline line and text)
        type Case<'a> = (&'a str, usize, Option<(usize, &'a str)>);
        let cases: &[Case] = &[
            (
                "Bohren, bis es heiß wird | ZEIT ONLINE\nMenu\nPolitik\nBohren, bis es heiß wird\nDer Text.",
                4,
                Some((3, "Bohren, bis es heiß wird")),
            ),
            // Not repeated: the title minus the site name.
            (
                "Council Agrees Budget - Example News\nMenu\nThe council met.",
                2,
                Some((0, "Council Agrees Budget")),
            ),
            // The repeat nearest the article wins.
            (
                "Council Agrees Budget | News\nCouncil Agrees Budget\nMenu\nCouncil Agrees Budget\nThe council met.",
                4,
                Some((3, "Council Agrees Budget")),
            ),
            ("Hi\nMenu", 1, None),
            ("", 0, None),
        ];
        for (text, keep_from, want) in cases {
            let want = want.map(|(i, t)| (i, t.to_string()));
            assert_eq!(headline(text, *keep_from), want, "{text:?}");
        }
    }

    #[test]
    fn site_less_table() {
        for (title, want) in [
            ("Headline here | Site", "Headline here"),
            ("Site :: Section :: A longer headline", "A longer headline"),
            ("No separator", "No separator"),
        ] {
            assert_eq!(site_less(title), want, "{title:?}");
        }
    }
}
