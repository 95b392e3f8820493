//! JSON-LD (`<script type="application/ld+json">`): the facts newsdex reads from schema.org
//! objects: headline, `datePublished`, publisher name and URL, preferring an article-like object
//! (`NewsArticle`, `BlogPosting`, `Article`, …) over any other (`WebPage`) that carries them.

use serde_json::Value;

/// What the JSON-LD of a page says (the first value found for each, article objects first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LdFacts {
    /// `headline` (or `name`) of an article object.
    pub headline: Option<String>,
    /// `datePublished` as written.
    pub date_published: Option<String>,
    /// The publisher's name.
    pub publisher: Option<String>,
    /// `url` or `mainEntityOfPage` of an article object.
    pub url: Option<String>,
    /// Whether the facts so far came from an article object (a later one does not replace them).
    from_article: bool,
}

/// The most objects looked at in one script (a page can carry huge product graphs).
const MAX_OBJECTS: usize = 10_000;

/// Reads one JSON-LD script's text into `facts`. Invalid JSON is ignored (after one lenient try:
/// raw line breaks inside strings, which JSON forbids and pages often contain).
pub fn read(script: &str, facts: &mut LdFacts) {
    let text = script
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_end_matches(';');
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => match serde_json::from_str(&text.replace(['\n', '\r', '\t'], " ")) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    // Breadth-first over objects and arrays, without recursion.
    let mut queue = std::collections::VecDeque::from([&value]);
    let mut seen = 0;
    while let Some(v) = queue.pop_front() {
        seen += 1;
        if seen > MAX_OBJECTS {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items.iter()),
            Value::Object(map) => {
                take(map, facts);
                for (k, child) in map {
                    if matches!(child, Value::Array(_) | Value::Object(_)) && k != "publisher" {
                        queue.push_back(child);
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_article_type(map: &serde_json::Map<String, Value>) -> bool {
    let is_article = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
    };
    match map.get("@type") {
        Some(Value::String(t)) => is_article(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

fn take(map: &serde_json::Map<String, Value>, facts: &mut LdFacts) {
    let article = is_article_type(map);
    if facts.from_article && !article {
        return;
    }
    let has_facts = map.contains_key("datePublished") || map.contains_key("headline");
    if !(article || has_facts) {
        return;
    }
    if article && !facts.from_article {
        // Article facts replace whatever a non-article object gave.
        *facts = LdFacts {
            from_article: true,
            ..LdFacts::default()
        };
    }
    let text = |v: Option<&Value>| -> Option<String> {
        let s = match v? {
            Value::String(s) => s.clone(),
            Value::Array(a) => a.iter().find_map(Value::as_str)?.to_string(),
            _ => return None,
        };
        let s = super::meta::clean_text(&s);
        (!s.is_empty()).then_some(s)
    };
    if facts.headline.is_none() {
        facts.headline = text(map.get("headline"))
            .or_else(|| if article { text(map.get("name")) } else { None });
    }
    if facts.date_published.is_none() {
        facts.date_published = text(map.get("datePublished"));
    }
    if facts.publisher.is_none() {
        facts.publisher = match map.get("publisher") {
            Some(Value::Object(p)) => text(p.get("name")),
            Some(Value::Array(ps)) => ps
                .iter()
                .find_map(|p| p.as_object().and_then(|p| text(p.get("name")))),
            Some(Value::String(s)) if !s.starts_with("http") && !s.starts_with('#') => {
                Some(s.clone())
            }
            _ => None,
        };
    }
    if facts.url.is_none() && article {
        facts.url = text(map.get("url")).or_else(|| match map.get("mainEntityOfPage") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(o)) => text(o.get("@id")).or_else(|| text(o.get("url"))),
            _ => None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_table() {
        // (scripts, headline, date, publisher, url)
        let cases: &[(&[&str], &str, &str, &str, &str)] = &[
            (
                &[
                    r#"{"@type":"NewsArticle","headline":"H","datePublished":"2019-01-02","publisher":{"name":"Pub"},"mainEntityOfPage":{"@id":"https://x.example/a"}}"#,
                ],
                "H",
                "2019-01-02",
                "Pub",
                "https://x.example/a",
            ),
            // A WebPage first, then the article in a @graph: the article wins.
            (
                &[
                    r#"{"@graph":[{"@type":"WebPage","headline":"Page","datePublished":"2018-01-01"},{"@type":["BlogPosting"],"headline":"Post","datePublished":"2019-05-06","url":"https://b.example/p"}]}"#,
                ],
                "Post",
                "2019-05-06",
                "-",
                "https://b.example/p",
            ),
            // Raw line breaks inside a string; an HTML comment around the script.
            (
                &["<!--\n{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}\n-->"],
                "Two lines",
                "-",
                "-",
                "-",
            ),
            (
                &["not json", "[1, 2, {\"@type\": \"Thing\"}]"],
                "-",
                "-",
                "-",
                "-",
            ),
            (
                &[
                    r#"{"@type":"Organization","name":"Org"}"#,
                    r#"{"@type":"ReportageNewsArticle","name":"Named","publisher":[{"name":"P1"}]}"#,
                ],
                "Named",
                "-",
                "P1",
                "-",
            ),
        ];
        for (scripts, headline, date, publisher, url) in cases {
            let mut f = LdFacts::default();
            for s in *scripts {
                read(s, &mut f);
            }
            let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            assert_eq!(o(&f.headline), *headline, "{scripts:?}");
            assert_eq!(o(&f.date_published), *date, "{scripts:?}");
            assert_eq!(o(&f.publisher), *publisher, "{scripts:?}");
            assert_eq!(o(&f.url), *url, "{scripts:?}");
        }
    }

    #[test]
    fn deep_json_is_refused_not_overflowed() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let mut f = LdFacts::default();
        read(&deep, &mut f);
        assert_eq!(f, LdFacts::default());
    }
}
