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
#[cfg(test)] // `kind_of` matches on these names; a test keeps the two in step.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose start tag closes an open one of their kind, or that the parser closes
/// itself: they do not nest without bound, so they are not counted.
#[cfg(test)] // `kind_of` matches on these names; a test keeps the two in step.
const SELF_CLOSING_KIND: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag (not counted either: they cannot
/// nest, and leaving their tags out would turn their content into text).
#[cfg(test)] // `kind_of` matches on these names; a test keeps the two in step.
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
    /// A tag that does not nest (void, self-closing kind, raw text, or self-closed), by name.
    Other(&'a str),
    /// The content of a raw-text element (its range is the content's), and whether it may
    /// be dropped before parsing (see [`strip_raw_text`]).
    RawContent {
        droppable: bool,
    },
}

/// The page with start tags past [`MAX_DEPTH`] (and their end tags) left out; borrowed when
/// the page is not that deep.
pub fn cap_depth(text: &str) -> Cow<'_, str> {
    cap(text, MAX_DEPTH)
}

/// The page as the parser needs it: [`strip_raw_text`], then [`cap_depth`] (one scan for both
/// when the page is not too deep, as nearly all are); and the number of tags the scan met, an
/// estimate of the nodes the parser will make.
pub fn prepare(text: &str) -> (Cow<'_, str>, usize) {
    let (stripped, depth) = strip_and_measure(text);
    let page = if depth.deepest <= MAX_DEPTH {
        stripped
    } else {
        Cow::Owned(drop_deep_tags(&stripped, MAX_DEPTH))
    };
    (page, depth.tags)
}

/// The page without the content of its `<script>` and `<style>` elements, which nothing reads
/// and which are about 40 % of a modern page's bytes (web-dev: 57 of 143 MB): the parser then
/// reads them as empty elements instead of going through them character by character. Kept:
/// JSON-LD scripts (the page's metadata) and scripts holding `<!--`, where the HTML5 parser's
/// escaped-script states may end the element later than the first `</script>`.
///
/// The content of `<svg>` elements goes too (icons and charts: a tenth of what is left of an
/// English news page), since no text block is read inside one ([`super::blocks`]). Kept: an
/// `<svg>` holding a tag that makes the parser leave SVG for HTML (a `<div>` or `<p>` in it:
/// the rest is page text again), a CDATA section, or no end tag.
pub fn strip_raw_text(text: &str) -> Cow<'_, str> {
    strip_and_measure(text).0
}

/// The nesting depth of the counted tags seen so far, the deepest it went, and how many tags of
/// any kind were seen.
#[derive(Default)]
struct Depth {
    now: usize,
    deepest: usize,
    tags: usize,
}

impl Depth {
    fn see(&mut self, tag: &Tag) {
        self.tags += 1;
        match tag {
            Tag::Open(_) => {
                self.now += 1;
                self.deepest = self.deepest.max(self.now);
            }
            Tag::Close(_) => self.now = self.now.saturating_sub(1),
            Tag::Other(_) | Tag::RawContent { .. } => {}
        }
    }
}

/// The outermost `<svg>` element open during the scan of [`strip_and_measure`].
struct OpenSvg {
    /// Where its content starts.
    start: usize,
    /// The `<svg>` elements open inside it.
    nested: usize,
    /// No tag so far makes the parser leave SVG inside it: its content may go.
    clean: bool,
    /// What goes inside it if its content is kept (script content, unread attributes).
    inner: Vec<std::ops::Range<usize>>,
}

/// [`strip_raw_text`], and the page's [`Depth`] as [`cap`] counts it.
fn strip_and_measure(text: &str) -> (Cow<'_, str>, Depth) {
    let mut drop = Vec::new();
    let mut depth = Depth::default();
    let mut svg: Option<OpenSvg> = None;
    scan(text, |tag, range| {
        depth.see(&tag);
        if let Tag::Open(name) | Tag::Other(name) = tag {
            let from = range.start + 1 + name.len();
            if text.as_bytes()[range.start + 1] != b'/' {
                let to = match &mut svg {
                    Some(open) => &mut open.inner,
                    None => &mut drop,
                };
                unread_attributes(text.as_bytes(), name, from, range.end, to);
            }
        }
        match (&tag, &mut svg) {
            (Tag::Open(name), None) if name.eq_ignore_ascii_case("svg") => {
                svg = Some(OpenSvg {
                    start: range.end,
                    nested: 0,
                    clean: true,
                    inner: Vec::new(),
                });
            }
            (Tag::Open(name), Some(open)) if name.eq_ignore_ascii_case("svg") => {
                open.nested += 1;
            }
            (Tag::Close(name), Some(open)) if name.eq_ignore_ascii_case("svg") => {
                if open.nested > 0 {
                    open.nested -= 1;
                } else {
                    // A CDATA section may hold what looks like tags, `</svg>` among them.
                    let content = open.start..range.start;
                    if open.clean
                        && memchr::memmem::find(&text.as_bytes()[content.clone()], b"<![CDATA[")
                            .is_none()
                    {
                        drop.push(content);
                    } else {
                        drop.append(&mut open.inner);
                    }
                    svg = None;
                }
            }
            (Tag::Open(name) | Tag::Close(name) | Tag::Other(name), Some(open))
                if leaves_foreign_content(name) =>
            {
                open.clean = false;
            }
            (Tag::RawContent { droppable: true }, _) if !range.is_empty() => match &mut svg {
                Some(open) => open.inner.push(range),
                None => drop.push(range),
            },
            _ => {}
        }
        true
    });
    // An `<svg>` never closed: the browser keeps the rest of the page inside it.
    if let Some(open) = svg {
        drop.extend(open.inner);
    }
    if drop.is_empty() {
        return (Cow::Borrowed(text), depth);
    }
    let mut out = String::with_capacity(text.len() - drop.iter().map(|r| r.len()).sum::<usize>());
    let mut last = 0;
    for r in drop {
        out.push_str(&text[last..r.start]);
        last = r.end;
    }
    out.push_str(&text[last..]);
    (Cow::Owned(out), depth)
}

/// The attributes newsdex reads ([`super::dom::Dom::attr`]); the others are left out before
/// parsing. Also kept: those the HTML5 tree builder itself looks at (`type` of `<input>`,
/// `color`, `face` and `size` of `<font>`, `encoding` of MathML's `<annotation-xml>`,
/// `shadowrootmode` of `<template>`), so that the tree is the one the whole page gives.
pub const READ_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "itemprop",
    "role",
    "hidden",
    "style",
    "property",
    "name",
    "content",
    "datetime",
    "rel",
    "href",
    "pubdate",
    "type",
    "color",
    "face",
    "size",
    "encoding",
    "shadowrootmode",
];

/// Whether an attribute is kept on an element: read by newsdex or by the tree builder
/// ([`READ_ATTRIBUTES`]); `href` only on `<link>`, where the canonical URL is read.
fn kept_attribute(tag: &str, attr: &[u8]) -> bool {
    // The longest kept name has 14 letters; compared lower-cased, without allocating.
    let mut buf = [0u8; 14];
    let Some(lower) = lowered(attr, &mut buf) else {
        return false;
    };
    // READ_ATTRIBUTES as one `match` (a test checks they agree).
    match lower {
        b"href" => tag.eq_ignore_ascii_case("link"),
        b"class" | b"id" | b"itemprop" | b"role" | b"hidden" | b"style" | b"property" | b"name"
        | b"content" | b"datetime" | b"rel" | b"pubdate" | b"type" | b"color" | b"face"
        | b"size" | b"encoding" | b"shadowrootmode" => true,
        _ => false,
    }
}

/// HTML5 white space (a carriage return is a line feed to the tokenizer).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// Appends to `out` the byte ranges of the attributes of a start tag that nobody reads (each
/// with the white space before it but one character), as the HTML5 tokenizer splits the tag: its name ends at
/// `from`, and the `>` that [`tag_end`] found is at `end - 1`. A tag the tokenizer would split
/// otherwise (the name goes on past `from`, a quote outside a value moves its end) is left
/// whole. A typical news page spends a third of the bytes the parser reads on attributes
/// nothing reads: `data-*`, link targets, image sources and `srcset`s, titles, `aria-*`.
fn unread_attributes(
    b: &[u8],
    tag: &str,
    from: usize,
    end: usize,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    if end < from + 1
        || b[end - 1] != b'>'
        || !b
            .get(from)
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
    {
        return;
    }
    let mut spans = Vec::new();
    let mut i = from;
    loop {
        let start = i;
        while i < end && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            _ if i >= end => return,
            Some(b'>') if i + 1 == end => break,
            Some(b'>') => return,
            Some(b'/') => {
                i += 1;
                continue;
            }
            _ => {}
        }
        // The attribute's name: its first character whatever it is (even `=`), then up to
        // white space, `/`, `>` or `=`.
        let name_start = i;
        i += 1;
        while i < end && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &b[name_start..i];
        let mut j = i;
        while j < end && is_space(b[j]) {
            j += 1;
        }
        if j < end && b[j] == b'=' {
            j += 1;
            while j < end && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                _ if j >= end => return,
                Some(&q @ (b'"' | b'\'')) => match memchr::memchr(q, &b[j + 1..end]) {
                    Some(k) => i = j + 1 + k + 1,
                    None => return,
                },
                // `a=>`: an empty value, and the tag ends.
                Some(b'>') => i = j,
                _ => {
                    while j < end && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    i = j;
                }
            }
        }
        if !kept_attribute(tag, name) {
            // One white space character stays: `<a href="x"class="y">` must not become
            // `<aclass="y">`.
            let keep = usize::from(is_space(b[start]));
            spans.push(start + keep..i);
        }
    }
    out.append(&mut spans);
}

/// Whether a tag inside `<svg>` makes the HTML5 parser leave foreign content, so that what
/// follows is HTML again (the tree-construction rules for foreign content: these start tags,
/// `font` with some attributes, and the end tags `</br>` and `</p>`; taken here as any tag of
/// these names).
fn leaves_foreign_content(name: &str) -> bool {
    let mut buf = [0u8; 12];
    let Some(lower) = lowered(name.as_bytes(), &mut buf) else {
        return false;
    };
    matches!(
        lower,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
            | b"font"
    )
}

fn cap(text: &str, max: usize) -> Cow<'_, str> {
    let mut depth = Depth::default();
    scan(text, |tag, _| {
        depth.see(&tag);
        true
    });
    if depth.deepest <= max {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(drop_deep_tags(text, max))
    }
}

/// The page with start tags past depth `max` (and their end tags) left out.
fn drop_deep_tags(text: &str, max: usize) -> String {
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
            Tag::Other(_) | Tag::RawContent { .. } => true,
        };
        if !keep {
            out.push_str(&text[last..range.start]);
            last = range.end;
        }
        true
    });
    out.push_str(&text[last..]);
    out
}

/// A tag or attribute name in ASCII lower case, copied into `buf` (no allocation on the scan's
/// path); `None` when it is longer than `buf`, and so longer than every name it is compared with.
fn lowered<'b>(name: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let lower = buf.get_mut(..name.len())?;
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    Some(lower)
}

/// How the scan treats an element by its name.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Counted: it nests.
    Nests,
    /// In [`VOID`] or [`SELF_CLOSING_KIND`]: not counted.
    Flat,
    /// In [`RAW_TEXT`]: not counted, and its content is skipped.
    Raw,
}

/// The [`Kind`] of an element name, compared without case and without allocating (the
/// longest listed name has 9 letters).
fn kind_of(name: &[u8]) -> Kind {
    let mut buf = [0u8; 12];
    let Some(lower) = lowered(name, &mut buf) else {
        return Kind::Nests;
    };
    // The name is ASCII letters, digits, `-` and `:` (see `scan`).
    let lower = std::str::from_utf8(lower).unwrap_or_default();
    // The lists above, as one `match` (a test checks they agree).
    match lower {
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
        | "plaintext" => Kind::Raw,
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta"
        | "param" | "source" | "track" | "wbr" | "keygen" | "frame" | "basefont" | "bgsound"
        | "p" | "li" | "dt" | "dd" | "option" | "optgroup" | "tr" | "td" | "th" | "thead"
        | "tbody" | "tfoot" | "rb" | "rt" | "rp" | "rtc" | "colgroup" | "caption" | "html"
        | "head" | "body" => Kind::Flat,
        _ => Kind::Nests,
    }
}

/// Calls `f` with each counted tag and its byte range, in order; skips comments, raw-text
/// content and the tags that do not nest.
fn scan(text: &str, mut f: impl FnMut(Tag, std::ops::Range<usize>) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
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
        let kind = kind_of(name.as_bytes());
        let self_closed = end >= 2 && b[end - 2] == b'/';
        let tag = if kind != Kind::Nests || (!close && self_closed) {
            Tag::Other(name)
        } else if close {
            Tag::Close(name)
        } else {
            Tag::Open(name)
        };
        if !f(tag, start..end) {
            return;
        }
        i = end;
        if !close && kind == Kind::Raw {
            let content_end = raw_text_end(b, i, name.as_bytes());
            let content = &b[i..content_end];
            let droppable = if name.eq_ignore_ascii_case("style") {
                true
            } else if name.eq_ignore_ascii_case("script") {
                !contains_ci(&b[start..end], b"ld+json")
                    && memchr::memmem::find(content, b"<!--").is_none()
            } else {
                false
            };
            if !f(Tag::RawContent { droppable }, i..content_end) {
                return;
            }
            i = content_end;
        }
    }
}

/// Where the raw-text content from `from` ends: the first `</NAME` (any case) followed by
/// white space, `/`, `>` or the end of the page (what ends it for the HTML5 tokenizer), or the
/// end.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + p;
        let rest = &b[at + 2..];
        if rest.len() >= name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name)
            && rest
                .get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

/// Whether `hay` contains `needle` (lower-case ASCII) in any case.
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The index after the `>` that ends a tag whose name ends at `from` (quotes respected).
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(p) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let at = i + p;
        match b[at] {
            b'>' => return at + 1,
            q => match memchr::memchr(q, &b[at + 1..]) {
                Some(e) => i = at + 1 + e + 1,
                None => return b.len(),
            },
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
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

    #[test]
    fn unread_attributes_left_out_as_the_tokenizer_splits_tags() {
        let cases: &[(&str, &str)] = &[
            (
                r#"<a href="x"class="y" data-z=1>t</a>"#,
                r#"<a class="y" >t</a>"#,
            ),
            // `href` is read on `<link>` only (the canonical URL).
            (
                r#"<link rel=canonical href="u"><base href=v>"#,
                r#"<link rel=canonical href="u"><base >"#,
            ),
            ("<img src=a.jpg alt='x > y'/>z", "<img  />z"),
            ("<P CLASS=a DATA-X=b\nHIDDEN>", "<P CLASS=a \nHIDDEN>"),
            ("<time datetime=2020 title=t>", "<time datetime=2020 >"),
            ("<div a=>x", "<div >x"),
            // Left whole: a quote the tokenizer reads as part of a value or a name.
            (r#"<a title=x"y>z"#, r#"<a title=x"y>z"#),
            (r#"<div"x" title=a>"#, r#"<div"x" title=a>"#),
            ("<p title='unclosed>x", "<p title='unclosed>x"),
            // End tags are not touched.
            ("</div title=x>", "</div title=x>"),
        ];
        for (html, want) in cases {
            assert_eq!(strip_raw_text(html), *want, "{html}");
        }
    }

    #[test]
    fn kept_attribute_agrees_with_the_list() {
        for a in READ_ATTRIBUTES {
            assert!(kept_attribute("link", a.as_bytes()), "{a}");
            assert!(kept_attribute("LINK", a.to_uppercase().as_bytes()), "{a}");
        }
        for a in [
            "src",
            "data-x",
            "title",
            "alt",
            "aria-label",
            "onclick",
            "classes",
            "",
        ] {
            assert!(!kept_attribute("div", a.as_bytes()), "{a}");
        }
        assert!(!kept_attribute("a", b"href"));
    }

    #[test]
    fn kind_of_agrees_with_the_lists() {
        for n in RAW_TEXT {
            assert!(kind_of(n.as_bytes()) == Kind::Raw, "{n}");
            assert!(kind_of(n.to_uppercase().as_bytes()) == Kind::Raw, "{n}");
        }
        for n in VOID.iter().chain(SELF_CLOSING_KIND) {
            assert!(kind_of(n.as_bytes()) == Kind::Flat, "{n}");
        }
        for n in ["div", "span", "a", "scripts", "svg", "averyverylongname"] {
            assert!(kind_of(n.as_bytes()) == Kind::Nests, "{n}");
        }
    }

    #[test]
    fn raw_text_stripped_but_metadata_and_escaped_scripts_kept() {
        let cases: &[(&str, &str)] = &[
            (
                "<script>var a = '<div>';</script><p>x</p>",
                "<script></script><p>x</p>",
            ),
            ("<STYLE>p { color: red }</Style >y", "<STYLE></Style >y"),
            (
                r#"<script type="application/ld+json">{"a":1}</script>"#,
                r#"<script type="application/ld+json">{"a":1}</script>"#,
            ),
            (
                "<script><!-- document.write('<script></script>'); --></script>z",
                "<script><!-- document.write('<script></script>'); --></script>z",
            ),
            // `</scripts` does not end a script.
            ("<script>a</scripts>b</script>c", "<script></script>c"),
            ("<!-- <script>a</script> -->", "<!-- <script>a</script> -->"),
            (
                "<title>T</title><textarea>u</textarea>",
                "<title>T</title><textarea>u</textarea>",
            ),
            ("<script>unclosed", "<script>"),
            // SVG content goes; nested `<svg>`s end at the matching end tag.
            (
                "<p>a<svg viewBox='0 0 1 1'><path d='M0'/><svg><g/></svg><title>i</title></svg>b",
                "<p>a<svg ></svg>b",
            ),
            ("<SVG><style>.x{}</style></Svg>c", "<SVG></Svg>c"),
            // Kept: a tag that leaves SVG for HTML, a CDATA section, no end tag (but the
            // scripts inside those are still stripped).
            (
                "<svg><g/><p>text</p></svg><svg><script>s</script><BR></svg>",
                "<svg><g/><p>text</p></svg><svg><script></script><BR></svg>",
            ),
            (
                "<svg><![CDATA[ </svg> ]]></svg>",
                "<svg><![CDATA[ </svg> ]]></svg>",
            ),
            (
                "<svg><path/><script>s</script>",
                "<svg><path/><script></script>",
            ),
        ];
        for (html, want) in cases {
            assert_eq!(strip_raw_text(html), *want, "{html}");
        }
        assert!(matches!(strip_raw_text("<p>x</p>"), Cow::Borrowed(_)));
        // Deep and stripped at once.
        let deep = "<script>x</script>".to_string() + &"<div>".repeat(MAX_DEPTH + 10);
        let (p, _) = prepare(&deep);
        assert!(p.starts_with("<script></script>"));
        assert_eq!(p.matches("<div>").count(), MAX_DEPTH);
    }
}
