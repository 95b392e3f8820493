//! Output is its own stage: a human printer (colour only on a terminal, `NO_COLOR` honoured),
//! `--json` (one JSON object per line), and the formats for other tools: CSV ([`csv_writer`]) and
//! the Elasticsearch/OpenSearch bulk body ([`bulk`]).

pub mod bulk;
pub mod csv_writer;

pub mod related;
pub mod timeline;

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::index::collapse::CopyRef;
use crate::index::expand::Expansion;
use crate::index::record::ArticleRecord;
use crate::index::search::{Hit, Snippet};
use crate::index::stats::{Count, Stats};
use crate::index::suggest::Suggestion;

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// One JSON object per line.
    pub json: bool,
    /// ANSI colours.
    pub color: bool,
}

impl Style {
    /// The style for stdout: colour only on a terminal and without `NO_COLOR`.
    pub fn for_stdout(json: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            json,
            color: !json && !no_color && std::io::stdout().is_terminal(),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// A search hit as JSON: the article object, then `score` and `snippet`, and `copies` when
/// collapsed (`search --json` and the web API's hits).
#[derive(Serialize)]
pub struct HitJson<'a> {
    #[serde(flatten)]
    article: &'a ArticleRecord,
    score: Option<f32>,
    snippet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copies: Option<u64>,
}

/// A listed article as JSON: the article object, and `copies` when collapsed.
#[derive(Serialize)]
struct ListedJson<'a> {
    #[serde(flatten)]
    article: &'a ArticleRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    copies: Option<u64>,
}

/// A shown article as JSON: the article object, then its other copies.
#[derive(Serialize)]
struct ShownJson<'a> {
    #[serde(flatten)]
    article: &'a ArticleRecord,
    copies: &'a [CopyRef],
}

impl<'a> HitJson<'a> {
    /// The JSON form of a hit.
    pub fn new(h: &'a Hit) -> HitJson<'a> {
        HitJson {
            article: &h.article,
            score: h.score,
            snippet: h.snippet.as_ref().map(Snippet::to_html),
            copies: h.copies,
        }
    }
}

/// A CSV writer's error as the I/O error under it when there is one (so a closed pipe stays one).
fn csv_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes one JSON object and a newline.
///
/// The line is built in a reused buffer and written at once: serde_json writes a value in many
/// small pieces, and each piece through `dyn Write` cost `export` 7 % of its instructions.
pub fn json_line<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    thread_local! {
        static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LINE.with(|line| {
        let mut line = line.borrow_mut();
        line.clear();
        serde_json::to_writer(&mut *line, value)?;
        line.push(b'\n');
        let result = out.write_all(&line);
        if line.capacity() > 1 << 20 {
            // Do not keep a huge article's buffer for the rest of the run.
            *line = Vec::new();
        }
        result
    })
}

/// Writes a search hit.
pub fn hit(out: &mut dyn Write, style: Style, h: &Hit) -> std::io::Result<()> {
    if style.json {
        return json_line(out, &HitJson::new(h));
    }
    let a = &h.article;
    writeln!(out, "{}", heading(style, a))?;
    if let Some(t) = &a.title {
        writeln!(out, "  {}", style.paint("1", t))?;
    }
    if let Some(s) = &h.snippet {
        writeln!(out, "  {}", render_snippet(style, s))?;
    }
    if let Some(n) = h.copies {
        writeln!(out, "  {}", style.paint("2", &format!("copies: {n}")))?;
    }
    writeln!(out)
}

/// Writes an article in a listing (no body), with its number of other copies when collapsed.
pub fn listed(
    out: &mut dyn Write,
    style: Style,
    a: &ArticleRecord,
    copies: Option<u64>,
) -> std::io::Result<()> {
    if style.json {
        let mut a = a.clone();
        a.body = None;
        return json_line(
            out,
            &ListedJson {
                article: &a,
                copies,
            },
        );
    }
    let title = a
        .title
        .clone()
        .or_else(|| a.body.as_deref().map(|b| first_words(b, 80)))
        .unwrap_or_default();
    match copies {
        Some(n) => writeln!(out, "{}  {}  (copies: {n})", heading(style, a), title),
        None => writeln!(out, "{}  {}", heading(style, a), title),
    }
}

/// Writes a whole article (`show`) and the other copies of it.
pub fn article(
    out: &mut dyn Write,
    style: Style,
    a: &ArticleRecord,
    copies: &[CopyRef],
) -> std::io::Result<()> {
    if style.json {
        return json_line(out, &ShownJson { article: a, copies });
    }
    if let Some(t) = &a.title {
        writeln!(out, "{}", style.paint("1", t))?;
    }
    let label = |k: &str| style.paint("2", &format!("{k:<14}"));
    writeln!(out, "{}{}", label("path"), a.path)?;
    if let Some(url) = &a.url {
        writeln!(out, "{}{url}", label("url"))?;
    }
    writeln!(out, "{}{}", label("id"), a.id)?;
    writeln!(out, "{}{}", label("date"), a.date.as_deref().unwrap_or("-"))?;
    writeln!(out, "{}{}", label("day"), a.day.as_deref().unwrap_or("-"))?;
    writeln!(
        out,
        "{}{}",
        label("dateline"),
        a.dateline.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "{}{}",
        label("source"),
        a.source.as_deref().unwrap_or("-")
    )?;
    writeln!(out, "{}{}", label("people"), a.people.join("; "))?;
    writeln!(out, "{}{}", label("places"), a.places.join("; "))?;
    writeln!(
        out,
        "{}{}",
        label("organisations"),
        a.organisations.join("; ")
    )?;
    writeln!(out, "{}{}", label("cluster"), a.cluster)?;
    for (i, c) in copies.iter().enumerate() {
        let k = if i == 0 { "copies" } else { "" };
        writeln!(
            out,
            "{}{}  {:<10}  {}",
            label(k),
            c.date.as_deref().map_or("-", |d| d.get(..10).unwrap_or(d)),
            c.source.as_deref().unwrap_or("-"),
            c.path
        )?;
    }
    writeln!(out)?;
    for p in a.body.as_deref().unwrap_or("").split('\n') {
        writeln!(out, "{p}\n")?;
    }
    Ok(())
}

/// Writes `stats`.
pub fn stats(out: &mut dyn Write, style: Style, s: &Stats) -> std::io::Result<()> {
    if style.json {
        return json_line(out, s);
    }
    writeln!(
        out,
        "{} articles, {} dated, {} copies of an earlier article",
        group(s.articles),
        group(s.dated),
        group(s.copies)
    )?;
    if let (Some(a), Some(b)) = (&s.first_day, &s.last_day) {
        writeln!(out, "from {a} to {b}")?;
    }
    if let Some(c) = &s.commit {
        writeln!(out, "commit {c} (for export --changed-since)")?;
    }
    facets(out, style, &s.facets)
}

/// Writes the top values of each facet.
pub fn facets(
    out: &mut dyn Write,
    style: Style,
    f: &crate::index::stats::Facets,
) -> std::io::Result<()> {
    let groups: [(&str, &Vec<Count>); 5] = [
        ("sources", &f.sources),
        ("datelines", &f.datelines),
        ("people", &f.people),
        ("places", &f.places),
        ("organisations", &f.organisations),
    ];
    for (name, counts) in groups {
        writeln!(out, "\n{}", style.paint("1", name))?;
        if counts.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for c in counts {
            writeln!(out, "  {:>9}  {}", group(c.count), c.value)?;
        }
    }
    Ok(())
}

/// Writes the suggestions of a search: as JSON, one `{"suggestions": [...]}` object; else one
/// `did you mean: Jamaat-ud-Dawa (312 articles)?` line per word, phrase or name with some.
pub fn suggestions(out: &mut dyn Write, style: Style, list: &[Suggestion]) -> std::io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    if style.json {
        return json_line(out, &serde_json::json!({ "suggestions": list }));
    }
    let mut at = 0;
    while at < list.len() {
        let typed = &list[at].typed;
        let n = list[at..].iter().take_while(|s| s.typed == *typed).count();
        let alternatives: Vec<String> = list[at..at + n]
            .iter()
            .map(|s| format!("{} ({})", s.text, articles(s.articles)))
            .collect();
        writeln!(out, "did you mean: {}?", alternatives.join(" or "))?;
        at += n;
    }
    Ok(())
}

/// Writes what fuzzy words and phrases were expanded to: one line each.
pub fn expansions(out: &mut dyn Write, list: &[Expansion]) -> std::io::Result<()> {
    const SHOWN: usize = 6;
    for e in list {
        let mut shown: Vec<&str> = e.variants.iter().take(SHOWN).map(String::as_str).collect();
        if e.variants.len() > SHOWN {
            shown.push("…");
        }
        writeln!(out, "{}~ also searched as: {}", e.typed, shown.join(", "))?;
    }
    Ok(())
}

/// `1 article`, `312 articles`.
fn articles(n: u64) -> String {
    if n == 1 {
        "1 article".to_string()
    } else {
        format!("{} articles", group(n))
    }
}

fn heading(style: Style, a: &ArticleRecord) -> String {
    format!(
        "{}  {:<10}  {}",
        style.paint("33", a.day.as_deref().unwrap_or("----------")),
        a.source.as_deref().unwrap_or("-"),
        style.paint("36", &a.path)
    )
}

fn render_snippet(style: Style, s: &Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &s.highlights {
        out.push_str(&s.text[at..r.start]);
        if style.color {
            out.push_str(&style.paint("1;31", &s.text[r.clone()]));
        } else {
            out.push_str(&s.text[r.clone()]);
        }
        at = r.end;
    }
    out.push_str(&s.text[at..]);
    out.replace('\n', " ")
}

/// The first words of a text, at most `max` bytes, with an ellipsis when cut.
pub fn first_words(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.len() <= max {
        return line.to_string();
    }
    let mut end = max;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let cut = line[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &line[..cut])
}

/// A number with thousands separators: `12,034`.
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (12034, "12,034"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(group(n), want);
        }
    }

    #[test]
    fn suggestions_print_one_line_per_word() {
        let s = |typed: &str, text: &str, n| Suggestion {
            typed: typed.into(),
            text: text.into(),
            query: format!("\"{text}\""),
            articles: n,
        };
        let list = [
            s("Jamat-ud-Dawa", "Jamaat-ud-Dawa", 312),
            s("Jamat-ud-Dawa", "Jamaat ud Dawah", 1),
            s("Toiba", "Taiba", 1200),
        ];
        let mut out = Vec::new();
        let text = Style {
            json: false,
            color: false,
        };
        suggestions(&mut out, text, &list).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "did you mean: Jamaat-ud-Dawa (312 articles) or Jamaat ud Dawah (1 article)?\n\
             did you mean: Taiba (1,200 articles)?\n"
        );
        let mut out = Vec::new();
        let json = Style {
            json: true,
            color: false,
        };
        suggestions(&mut out, json, &list[2..]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"suggestions\":[{\"for\":\"Toiba\",\"text\":\"Taiba\",\"query\":\"\\\"Taiba\\\"\",\"articles\":1200}]}\n"
        );
        let mut out = Vec::new();
        suggestions(&mut out, json, &[]).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn first_words_cuts_at_a_space() {
        assert_eq!(first_words("short line", 80), "short line");
        assert_eq!(first_words("aaa bbb ccc", 9), "aaa bbb…");
    }
}
