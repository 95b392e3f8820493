//! A page's metadata, read from the conventions pages use, each in a fixed order of preference:
//! - headline: `og:title`, JSON-LD `headline`, the first `<h1>` (unless it is a short label
//!   like `Menu` that the `<title>` does not echo), `<title>`; the site name is cut from
//!   whichever is used (`Story – Site`);
//! - date: `article:published_time` and its kin among `<meta>` tags, JSON-LD `datePublished`,
//!   `<time datetime>` (an `itemprop=datePublished` one first), then the URL's date;
//! - source: `og:site_name`, JSON-LD `publisher`, else the host;
//! - URL: `<link rel=canonical>`, `og:url`, made absolute against the page's address.
//!
//! The WARC-Date fallback for the date and the WARC-Target-URI for the address are the reader's
//! business ([`super::page`]); this module only reads the page.

use super::date::{self, PageDate};
use super::dom::{Dom, NodeId};
use super::jsonld::{self, LdFacts};
use super::url;

/// Where a page's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFrom {
    /// A `<meta>` tag (`article:published_time`, `date`, `DC.date.issued`, …).
    Meta,
    /// JSON-LD `datePublished`.
    JsonLd,
    /// A `<time datetime>` element.
    Time,
    /// The page URL's path.
    Url,
}

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// The headline, site name removed.
    pub title: Option<String>,
    /// The publication date and where it was read.
    pub date: Option<(PageDate, DateFrom)>,
    /// The publication (site) name.
    pub source: Option<String>,
    /// The page's own address (canonical link or `og:url`), absolute.
    pub url: Option<String>,
    /// The text of the first `<h1>`, when there is one (the extractor drops it from the body).
    pub h1: Option<String>,
}

/// `<meta>` names and properties of a publication date, most specific first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "dcterms.created",
    "date",
    "article:modified_time",
];

/// Reads the metadata of a parsed page; `base` is the address the page was fetched from, when
/// known (relative canonical links are resolved against it).
pub fn read(dom: &Dom, base: Option<&str>) -> PageMeta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut title_tag = None;
    let mut h1s: Vec<String> = Vec::new();
    let mut time_dates: Vec<(bool, String)> = Vec::new();
    let mut ld = LdFacts::default();
    for id in dom.descendants(0) {
        let Some(name) = dom.name(id) else { continue };
        match name {
            "meta" => {
                let key = dom
                    .attr(id, "property")
                    .or_else(|| dom.attr(id, "name"))
                    .or_else(|| dom.attr(id, "itemprop"));
                if let (Some(k), Some(v)) = (
                    key,
                    dom.attr(id, "content").or_else(|| dom.attr(id, "datetime")),
                ) {
                    metas.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            "link" if canonical.is_none() => {
                let rel = dom.attr(id, "rel").unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = dom.attr(id, "href").map(str::to_string);
                }
            }
            "title" if title_tag.is_none() => title_tag = Some(clean_text(&dom.text(id))),
            "h1" => {
                let t = clean_text(&dom.text(id));
                if !t.is_empty() && t.chars().count() <= 300 {
                    h1s.push(t);
                }
            }
            "time" => {
                if let Some(dt) = dom.attr(id, "datetime") {
                    let published = dom
                        .attr(id, "itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || dom.attr(id, "pubdate").is_some();
                    time_dates.push((published, dt.to_string()));
                }
            }
            "script"
                if dom
                    .attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                jsonld::read(&dom.text(id), &mut ld);
            }
            _ => {}
        }
    }
    let meta = |key: &str| {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };

    let url = canonical
        .as_deref()
        .and_then(|c| url::absolute(c, base))
        .or_else(|| meta("og:url").and_then(|u| url::absolute(u, base)))
        .or_else(|| ld.url.as_deref().and_then(|u| url::absolute(u, base)));

    let source = meta("og:site_name")
        .map(clean_text)
        .or_else(|| ld.publisher.clone())
        .filter(|s| !s.is_empty() && s.chars().count() <= 100)
        .or_else(|| {
            url.as_deref()
                .or(base)
                .and_then(url::host)
                .map(|h| h.trim_start_matches("www.").to_string())
        });

    let mut date = None;
    for key in DATE_KEYS {
        if let Some(d) = meta(key).and_then(date::parse) {
            date = Some((d, DateFrom::Meta));
            break;
        }
    }
    if date.is_none() {
        date = ld
            .date_published
            .as_deref()
            .and_then(date::parse)
            .map(|d| (d, DateFrom::JsonLd));
    }
    if date.is_none() {
        time_dates.sort_by_key(|(published, _)| !published);
        date = time_dates
            .iter()
            .find_map(|(_, d)| date::parse(d))
            .map(|d| (d, DateFrom::Time));
    }
    if date.is_none() {
        date = url
            .as_deref()
            .or(base)
            .and_then(date::from_url)
            .map(|d| (d, DateFrom::Url));
    }

    let site_names: Vec<String> = source
        .iter()
        .cloned()
        .chain(url.as_deref().or(base).and_then(url::host).map(|h| {
            let h = h.trim_start_matches("www.");
            h.split('.').next().unwrap_or(h).to_string()
        }))
        .collect();
    let h1 = h1s.first().cloned();
    let title = meta("og:title")
        .or_else(|| meta("twitter:title"))
        .map(clean_text)
        .or_else(|| ld.headline.clone())
        .filter(|t| !t.is_empty())
        .map(|t| strip_site_name(&t, &site_names, h1.as_deref()))
        .or_else(|| {
            let tag = title_tag
                .filter(|t| !t.is_empty())
                .map(|t| strip_site_name(&t, &site_names, h1.as_deref()));
            headline_of(&h1s, tag)
        });

    PageMeta {
        title,
        date,
        source,
        url,
        h1,
    }
}

/// The headline of a page without `og:title` or JSON-LD, from its `<h1>`s and its `<title>`
/// (site name cut). The first `<h1>`, unless it is a short label (`Navigation`, `Menu`, a
/// section's name) that a title of more than a few words does not echo: then the first later
/// `<h1>` the title echoes, else the title.
fn headline_of(h1s: &[String], title: Option<String>) -> Option<String> {
    let title_words = title.as_deref().map(words).unwrap_or_default();
    // Most of an `<h1>`'s words are in the title.
    let echoed = |h: &String| {
        let w = words(h);
        let shared = w.iter().filter(|x| title_words.contains(*x)).count();
        !w.is_empty() && shared * 2 >= w.len()
    };
    let (first, title) = match (h1s.first(), title) {
        (None, title) => return title,
        (Some(first), Some(t)) if title_words.len() > SHORT_LABEL_WORDS => (first, t),
        (Some(first), _) => return Some(first.clone()),
    };
    if words(first).len() > SHORT_LABEL_WORDS || echoed(first) {
        return Some(first.clone());
    }
    Some(
        h1s[1..]
            .iter()
            .find(|h| echoed(h))
            .cloned()
            .unwrap_or(title),
    )
}

/// An `<h1>` of at most this many words, not echoed by the title, is taken for a label.
const SHORT_LABEL_WORDS: usize = 3;

/// The words of a text, folded to lower-case letters and digits.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Collapses whitespace.
pub fn clean_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separators between a headline and a site name in titles.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", ": ",
];

/// Cuts the site name from a title: `Story – Site` and `Site | Story` become `Story` when a part
/// names the site (its source name or the host's first label, compared loosely), or when the
/// page's `<h1>` is one of the parts.
pub fn strip_site_name(title: &str, site_names: &[String], h1: Option<&str>) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let names: Vec<String> = site_names
        .iter()
        .map(|n| fold(n))
        .filter(|n| n.len() >= 3)
        .collect();
    for sep in SEPARATORS {
        let Some(pos) = title.rfind(sep).or_else(|| title.find(sep)) else {
            continue;
        };
        for (keep, cut) in [
            (&title[..pos], &title[pos + sep.len()..]),
            (&title[pos + sep.len()..], &title[..pos]),
        ] {
            let (keep, cut) = (keep.trim(), cut.trim());
            if keep.is_empty() || cut.is_empty() {
                continue;
            }
            let c = fold(cut);
            let names_site = !c.is_empty()
                && names
                    .iter()
                    .any(|n| c == *n || c.contains(n.as_str()) || n.contains(c.as_str()));
            let is_h1 = h1.is_some_and(|h| fold(h) == fold(keep));
            if names_site || is_h1 {
                return keep.to_string();
            }
        }
    }
    title.to_string()
}

/// The text of the first element named `name` (for tests and callers that want one element).
pub fn first_text(dom: &Dom, name: &str) -> Option<String> {
    dom.elements(name)
        .next()
        .map(|id: NodeId| clean_text(&dom.text(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_from_h1s_and_title() {
        let h = |h1s: &[&str], title: Option<&str>| {
            let h1s: Vec<String> = h1s.iter().map(|s| s.to_string()).collect();
            headline_of(&h1s, title.map(str::to_string))
        };
        let title = Some("Storm hits the coast overnight");
        // A headline h1, echoed by the title or not.
        assert_eq!(
            h(&["Storm hits the coast"], title).as_deref(),
            Some("Storm hits the coast")
        );
        assert_eq!(
            h(&["Council votes on the new budget"], title).as_deref(),
            Some("Council votes on the new budget")
        );
        // A short label the title does not echo gives way to a later echoed h1, else the title.
        assert_eq!(
            h(&["Menu", "Storm hits the coast"], title).as_deref(),
            Some("Storm hits the coast")
        );
        assert_eq!(h(&["Navigation und Service"], title).as_deref(), title);
        assert_eq!(h(&["Navigation", "Weather"], title).as_deref(), title);
        // A short h1 the title echoes stays.
        assert_eq!(h(&["Storm"], title).as_deref(), Some("Storm"));
        // A title of a few words is no better than the short h1.
        assert_eq!(h(&["Menu"], Some("Storm news")).as_deref(), Some("Menu"));
        assert_eq!(h(&[], title).as_deref(), title);
        assert_eq!(h(&["Menu"], None).as_deref(), Some("Menu"));
        assert_eq!(h(&[], None), None);
    }

    #[test]
    fn strip_site_name_table() {
        let sites = vec!["The Daily Planet".to_string(), "dailyplanet".to_string()];
        let cases = [
            ("Storm hits coast | The Daily Planet", "Storm hits coast"),
            ("The Daily Planet - Storm hits coast", "Storm hits coast"),
            ("Storm hits coast – dailyplanet.com", "Storm hits coast"),
            ("Storm - hits coast", "Storm - hits coast"),
            ("Storm hits coast", "Storm hits coast"),
            (
                "Update: Storm hits coast | The Daily Planet",
                "Update: Storm hits coast",
            ),
        ];
        for (title, want) in cases {
            assert_eq!(strip_site_name(title, &sites, None), want, "{title}");
        }
        assert_eq!(
            strip_site_name("Storm hits coast | News", &[], Some("Storm hits coast")),
            "Storm hits coast"
        );
    }

    #[test]
    fn reads_each_convention() {
        let page =
            |head: &str, body: &str| format!("<html><head>{head}</head><body>{body}</body></html>");
        // (page, base, title, day, instant, from, source, url)
        type Case = (
            String,
            Option<&'static str>,
            &'static str,
            &'static str,
            &'static str,
            Option<DateFrom>,
            &'static str,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                page(
                    r#"<meta property="og:title" content="Storm hits coast – Planet"><meta property="og:site_name" content="Planet"><meta property="article:published_time" content="2019-10-23T10:00:00+02:00"><link rel="canonical" href="/news/storm">"#,
                    "<h1>Storm hits coast</h1>",
                ),
                Some("https://www.planet.example/news/storm?ref=x"),
                "Storm hits coast",
                "2019-10-23",
                "2019-10-23T08:00:00Z",
                Some(DateFrom::Meta),
                "Planet",
                "https://www.planet.example/news/storm",
            ),
            (
                page(
                    r#"<title>Quiet day | Gazette</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Quiet day","datePublished":"2020-02-29","publisher":{"@type":"Organization","name":"The Gazette"}}</script>"#,
                    "",
                ),
                None,
                "Quiet day",
                "2020-02-29",
                "-",
                Some(DateFrom::JsonLd),
                "The Gazette",
                "-",
            ),
            (
                page(
                    "<title>Town news - Herald</title>",
                    r#"<h1>Town news</h1><time datetime="2018-05-01">May 1</time><time itemprop="datePublished" datetime="2018-04-30T09:00:00Z">x</time>"#,
                ),
                Some("http://herald.example/a"),
                "Town news",
                "2018-04-30",
                "2018-04-30T09:00:00Z",
                Some(DateFrom::Time),
                "herald.example",
                "-",
            ),
            (
                page(
                    r#"<meta property="og:url" content="https://blog.example/2017/03/04/post">"#,
                    "<p>x</p>",
                ),
                None,
                "-",
                "2017-03-04",
                "-",
                Some(DateFrom::Url),
                "blog.example",
                "https://blog.example/2017/03/04/post",
            ),
            (page("", ""), None, "-", "-", "-", None, "-", "-"),
        ];
        for (html, base, title, day, instant, from, source, url) in cases {
            let dom = Dom::parse(&html);
            let m = read(&dom, base);
            let opt = |o: Option<String>| o.unwrap_or_else(|| "-".into());
            assert_eq!(opt(m.title.clone()), title, "{html}");
            assert_eq!(opt(m.date.map(|d| d.0.day.to_string())), day, "{html}");
            assert_eq!(
                opt(m.date.and_then(|d| d.0.instant).map(|t| t.to_string())),
                instant,
                "{html}"
            );
            assert_eq!(m.date.map(|d| d.1), from, "{html}");
            assert_eq!(opt(m.source.clone()), source, "{html}");
            assert_eq!(opt(m.url.clone()), url, "{html}");
        }
    }
}
