//! Training and evaluation data for the page-dump model: the gold snippets of a web evaluation
//! set (`{name: {"url", "with": [...], "without": [...]}}`: text that must and must not be in
//! the article), a reference extraction of the same pages from their HTML (an `export`-shaped
//! NDJSON file with `path` and `body`), the line labels both give, and the snippet score.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::page::Page;

/// The weight of a line labelled by a gold snippet, against 1 for a line labelled by the
/// reference extraction: hand-checked labels outweigh an extractor's guesses.
pub const GOLD_WEIGHT: f32 = 20.0;

/// The gold snippets of one page.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct GoldItem {
    /// The page's URL, when known.
    #[serde(default)]
    pub url: Option<String>,
    /// Snippets that must be in the article text.
    #[serde(default)]
    pub with: Vec<String>,
    /// Snippets that must not be.
    #[serde(default)]
    pub without: Vec<String>,
}

/// Reads a gold file: item name → snippets.
pub fn load_gold(path: &Path) -> anyhow::Result<BTreeMap<String, GoldItem>> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the gold file: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a gold file ({{name: {{\"with\": [...], \"without\": [...]}}}}): {e}",
            path.display()
        )
    })
}

/// Reads a reference extraction (one JSON object per line with `path` and `body`, as `newsdex
/// export` or `run_trafilatura.py` write): item name ([`item_name`] of `path`) → body.
pub fn load_reference(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    #[derive(Deserialize)]
    struct Record {
        path: String,
        #[serde(default)]
        body: Option<String>,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the reference: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}: not a JSON object with `path` and `body`: {e}",
                path.display(),
                n + 1
            )
        })?;
        out.insert(item_name(&r.path).to_string(), r.body.unwrap_or_default());
    }
    Ok(out)
}

/// The item name of a path: its file name without `.gz`, `.html`, `.htm`, `.xhtml`, `.txt`.
pub fn item_name(path: &str) -> &str {
    let mut name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    loop {
        let before = name.len();
        for suffix in [".gz", ".html", ".htm", ".xhtml", ".txt"] {
            if name.len() > suffix.len() && name.to_ascii_lowercase().ends_with(suffix) {
                name = &name[..name.len() - suffix.len()];
            }
        }
        if name.len() == before {
            return name;
        }
    }
}

/// The site of a page for grouping folds: the host of its URL without `www.` (for a
/// `web.archive.org` capture, the archived page's host), else the item name.
pub fn site(name: &str, url: Option<&str>) -> String {
    let Some(url) = url else {
        return name.to_string();
    };
    let host_of = |u: &str| -> String {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        host.to_ascii_lowercase()
            .trim_start_matches("www.")
            .to_string()
    };
    let host = host_of(url);
    if host == "web.archive.org"
        && let Some(i) = url[1..].find("http").map(|i| i + 1)
    {
        return host_of(&url[i..]);
    }
    host
}

/// Collapses whitespace runs to one space and trims, as the snippet scorer compares text.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Per-line labels of a page: a line holding a "without" snippet is noise, one holding a "with"
/// snippet article (weight [`GOLD_WEIGHT`]; "without" wins a tie); other lines take the
/// reference's label (weight 1): article when the reference has the same line, or, for a line
/// of 40 characters or more, holds it inside one of its paragraphs. Unlabelled lines are `None`.
pub fn labels(
    page: &Page,
    gold: Option<&GoldItem>,
    reference: Option<&str>,
) -> Vec<Option<(bool, f32)>> {
    let reference = reference.map(|r| {
        let lines: std::collections::HashSet<String> =
            r.lines().map(squash).filter(|l| !l.is_empty()).collect();
        (lines, squash(r))
    });
    let with: Vec<String> = gold.map_or(Vec::new(), |g| g.with.iter().map(|s| squash(s)).collect());
    let without: Vec<String> = gold.map_or(Vec::new(), |g| {
        g.without.iter().map(|s| squash(s)).collect()
    });
    page.lines
        .iter()
        .map(|line| {
            let text = line.text.as_ref();
            let holds = |snips: &[String]| {
                snips
                    .iter()
                    .any(|s| !s.is_empty() && text.contains(s.as_str()))
            };
            if holds(&without) {
                return Some((false, GOLD_WEIGHT));
            }
            if holds(&with) {
                return Some((true, GOLD_WEIGHT));
            }
            let (lines, all) = reference.as_ref()?;
            let article =
                lines.contains(text) || (text.chars().count() >= 40 && all.contains(text));
            Some((article, 1.0))
        })
        .collect()
}

/// Snippet counts of one page: ("with" found, "without" found, "with" missing), as
/// `eval_web.py snippets` counts them (substring of the whitespace-collapsed body).
pub fn snippet_counts(gold: &GoldItem, body: &str) -> (usize, usize, usize) {
    let body = squash(body);
    let found = |s: &String| body.contains(squash(s).as_str());
    let tp = gold.with.iter().filter(|s| found(s)).count();
    let fp = gold.without.iter().filter(|s| found(s)).count();
    (tp, fp, gold.with.len() - tp)
}

/// Summed snippet counts and their precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snippets {
    /// "with" snippets found.
    pub tp: usize,
    /// "without" snippets found.
    pub fp: usize,
    /// "with" snippets missing.
    pub fn_: usize,
}

impl Snippets {
    /// Adds one page's counts.
    pub fn add(&mut self, (tp, fp, fn_): (usize, usize, usize)) {
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
    }

    /// Precision, recall and F1 (`2tp / (2tp + fp + fn)`).
    pub fn prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        (
            ratio(self.tp, self.tp + self.fp),
            ratio(self.tp, self.tp + self.fn_),
            ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_),
        )
    }
}

impl std::fmt::Display for Snippets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, r, f1) = self.prf();
        write!(
            f,
            "snippets F1 {f1:.3} (P {p:.3}, R {r:.3}; tp {}, fp {}, fn {})",
            self.tp, self.fp, self.fn_
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sites() {
        for (path, want) in [
            ("html/abc.html.gz", "abc"),
            ("txt/abc.txt", "abc"),
            ("a.b.c.html", "a.b.c"),
            ("x.TXT", "x"),
            (".txt", ".txt"),
        ] {
            assert_eq!(item_name(path), want, "{path}");
        }
        for (url, want) in [
            (Some("https://www.zeit.de/2019/x"), "zeit.de"),
            (Some("http://Example.org"), "example.org"),
            (
                Some("https://web.archive.org/web/2019/https://www.a.com/x"),
                "a.com",
            ),
            (None, "name"),
        ] {
            assert_eq!(site("name", url), want, "{url:?}");
        }
    }

    #[test]
    fn labels_and_counts() {
        let page = Page::new(
            "Menu\nCookies and more\n\nThe article's first paragraph is long enough to match.\nShort",
        );
        let gold = GoldItem {
            url: None,
            with: vec!["first  paragraph".into()],
            without: vec!["Cookies".into()],
        };
        let reference = "The article's first paragraph is long enough to match.\nShort";
        let got = labels(&page, Some(&gold), Some(reference));
        assert_eq!(
            got,
            [
                Some((false, 1.0)),
                Some((false, GOLD_WEIGHT)),
                Some((true, GOLD_WEIGHT)),
                Some((true, 1.0)),
            ]
        );
        assert_eq!(labels(&page, Some(&gold), None)[0], None);
        let mut s = Snippets::default();
        s.add(snippet_counts(&gold, "x first\nparagraph y Cookies"));
        assert_eq!((s.tp, s.fp, s.fn_), (1, 1, 0));
        assert_eq!(s.prf(), (0.5, 1.0, 2.0 / 3.0));
    }
}
