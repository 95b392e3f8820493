//! A guard against pathologically deep pages, applied before parsing.
//!
//! The HTML5 tree-building algorithm looks down the stack of open elements for many tags (is
//! there a `<p>` in scope to close?), so a page of a million nested `<div>`s costs a million
//! squared steps. Browsers bound the depth of the tree they build (Blink at 512); here the page
//! text is scanned once for its nesting depth, estimated from its start and end tags, and when
//! it goes past [`MAX_DEPTH`] the start tags beyond that depth (and their end tags) are left
//! out, so the content stays and the tree stays shallow. Ordinary pages nest a few dozen deep
//! and are passed through untouched.

use std::borrow::Cow;
use std::collections::HashMap;

/// The deepest nesting kept.
pub const MAX_DEPTH: usize = 400;

/// Elements that never have content (no end tag to wait for).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose start tag closes an open one of their kind, or that the parser closes
/// itself: they do not nest without bound, so they are not counted.
const SELF_CLOSING_KIND: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag (not counted either: they cannot
/// nest, and leaving their tags out would turn their content into text).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// One tag found by the scan.
enum Tag<'a> {
    Open(&'a str),
    Close(&'a str),
    Other,
}

/// The page with start tags past [`MAX_DEPTH`] (and their end tags) left out; borrowed when
/// the page is not that deep.
pub fn cap_depth(text: &str) -> Cow<'_, str> {
    cap(text, MAX_DEPTH)
}

fn cap(text: &str, max: usize) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    scan(text, |tag, _| {
        match tag {
            Tag::Open(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Tag::Close(_) => depth = depth.saturating_sub(1),
            Tag::Other => {}
        }
        true
    });
    if deepest <= max {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut depth = 0usize;
    let mut dropped: HashMap<String, usize> = HashMap::new();
    scan(text, |tag, range| {
        let keep = match tag {
            Tag::Open(name) if depth >= max => {
                *dropped.entry(name.to_ascii_lowercase()).or_default() += 1;
                false
            }
            Tag::Open(_) => {
                depth += 1;
                true
            }
            Tag::Close(name) => match dropped.get_mut(&name.to_ascii_lowercase()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => {
                    depth = depth.saturating_sub(1);
                    true
                }
            },
            Tag::Other => true,
        };
        if !keep {
            out.push_str(&text[last..range.start]);
            last = range.end;
        }
        true
    });
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Calls `f` with each counted tag and its byte range, in order; skips comments, raw-text
/// content and the tags that do not nest.
fn scan(text: &str, mut f: impl FnMut(Tag, std::ops::Range<usize>) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + off;
        i = start + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let name_start = i + usize::from(close);
        let name_end = name_start
            + b[name_start..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
                .unwrap_or(b.len() - name_start);
        if name_end == name_start || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let end = tag_end(b, name_end);
        let name = &text[name_start..name_end];
        let lower = name.to_ascii_lowercase();
        let self_closed = end >= 2 && b[end - 2] == b'/';
        let uncounted = VOID.contains(&lower.as_str())
            || SELF_CLOSING_KIND.contains(&lower.as_str())
            || RAW_TEXT.contains(&lower.as_str());
        let tag = if close {
            if uncounted {
                Tag::Other
            } else {
                Tag::Close(name)
            }
        } else if uncounted || self_closed {
            Tag::Other
        } else {
            Tag::Open(name)
        };
        if !f(tag, start..end) {
            return;
        }
        i = end;
        if !close && RAW_TEXT.contains(&lower.as_str()) {
            // Skip to the matching end tag (case-insensitive).
            let needle = format!("</{lower}");
            i = find_ci(b, i, needle.as_bytes()).unwrap_or(b.len());
        }
    }
}

/// The index after the `>` that ends a tag whose name ends at `from` (quotes respected).
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return k + 1,
            None => {}
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_table() {
        let cases: &[(&str, usize, &str)] = &[
            ("<div><div>x</div></div>", 5, "<div><div>x</div></div>"),
            (
                "<div><div><div>x</div></div></div>",
                2,
                "<div><div>x</div></div>",
            ),
            // Tags that do not nest, void tags and self-closed tags are not counted.
            ("<p>a<p>b<br><img/><li>c", 1, "<p>a<p>b<br><img/><li>c"),
            // Script and comment content is not markup.
            (
                "<div><script>'<div><div>'</script><!-- <div><div> --></div>",
                1,
                "<div><script>'<div><div>'</script><!-- <div><div> --></div>",
            ),
            ("<DIV><Div>x</DIV></div>", 1, "<DIV>x</div>"),
            (
                "<div title='a>b'><span>x</span></div>",
                1,
                "<div title='a>b'>x</div>",
            ),
            ("", 1, ""),
            ("<", 1, "<"),
        ];
        for (html, max, want) in cases {
            assert_eq!(cap(html, *max), *want, "{html}");
        }
    }

    #[test]
    fn shallow_pages_are_borrowed() {
        assert!(matches!(
            cap_depth("<div><p>text</p></div>"),
            Cow::Borrowed(_)
        ));
        let deep = "<div>".repeat(MAX_DEPTH + 10) + "x";
        let capped = cap_depth(&deep);
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
    }
}
