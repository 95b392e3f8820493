//! Decoding a web page's bytes: the charset comes from the byte-order mark, else the HTTP
//! `Content-Type` header (for pages read from a WARC), else a `<meta charset>` or `http-equiv`
//! declaration near the top of the page, else detection (chardetng, as Firefox does it).
//!
//! Labels are WHATWG labels (`latin1` and `iso-8859-1` mean windows-1252); an unknown label is
//! ignored, as a browser ignores it. One departure from the browser rules, for archives: a page
//! declared in a single-byte legacy charset whose bytes are valid UTF-8 with non-ASCII text in
//! them is read as UTF-8 (legacy text almost never forms valid multi-byte UTF-8 by chance, and
//! saved pages were often re-encoded without their declaration being updated).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Where the charset of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Http,
    /// A `<meta>` declaration in the page.
    Meta,
    /// Detected from the bytes.
    Detected,
}

/// A decoded page and how its charset was found.
#[derive(Debug)]
pub struct DecodedPage<'a> {
    /// The page's text.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Where it came from.
    pub origin: Origin,
}

/// How far into a page `<meta>` declarations are looked for (the HTML standard's prescan reads
/// 1,024 bytes; saved pages often carry large inline scripts before their declaration).
const PRESCAN_BYTES: usize = 64 * 1024;

/// Decodes a page. `http_content_type` is the HTTP header's value, when the page came with one;
/// `host` (lower-case) lets detection use the top-level domain.
pub fn decode<'a>(
    bytes: &'a [u8],
    http_content_type: Option<&str>,
    host: Option<&str>,
) -> DecodedPage<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], enc, Origin::Bom);
    }
    let declared = http_content_type
        .and_then(charset_param)
        .and_then(|l| label(l.as_bytes()))
        .map(|e| (e, Origin::Http))
        .or_else(|| prescan(bytes).map(|e| (e, Origin::Meta)));
    if let Some((enc, origin)) = declared {
        let enc = if enc == UTF_16LE || enc == UTF_16BE {
            // A declaration read from the bytes themselves cannot be UTF-16 (HTML standard).
            UTF_8
        } else {
            enc
        };
        if enc != UTF_8 && is_single_byte(enc) && is_non_ascii_utf8(bytes) {
            return finish(bytes, UTF_8, origin);
        }
        return finish(bytes, enc, origin);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(bytes, UTF_8, Origin::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let tld = host
        .and_then(|h| h.rsplit('.').next())
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
    let enc = detector.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Allow);
    finish(bytes, enc, Origin::Detected)
}

fn finish<'a>(bytes: &'a [u8], encoding: &'static Encoding, origin: Origin) -> DecodedPage<'a> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    DecodedPage {
        text,
        encoding,
        origin,
    }
}

/// The encoding of a WHATWG label; the `replacement` encoding and `x-user-defined` are read as
/// windows-1252 (text, not an error or a blank page).
fn label(label: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label_no_replacement(label)?;
    Some(if enc == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    })
}

fn is_single_byte(enc: &'static Encoding) -> bool {
    enc.is_single_byte()
}

/// True when the bytes are valid UTF-8 and not all ASCII.
fn is_non_ascii_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// The `charset=` parameter of a `Content-Type` value (quotes removed).
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).trim())
            .filter(|v| !v.is_empty())
    })
}

/// Looks for `<meta charset=…>` or `<meta http-equiv=content-type content="…; charset=…">` in
/// the start of the page, skipping comments; stops at `<body`.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut i = 0;
    while let Some(lt) = memchr(b'<', &head[i..]) {
        i += lt + 1;
        let rest = &head[i..];
        if rest.starts_with(b"!--") {
            match find(&rest[3..], b"-->") {
                Some(end) => i += 3 + end + 3,
                None => return None,
            }
            continue;
        }
        if starts_with_ci(rest, b"body") {
            return None;
        }
        if !(starts_with_ci(rest, b"meta")
            && rest.get(4).is_some_and(|b| is_space(*b) || *b == b'/'))
        {
            continue;
        }
        let end = memchr(b'>', rest).unwrap_or(rest.len());
        let attrs = parse_attrs(&rest[4..end]);
        i += end;
        let get = |name: &[u8]| {
            attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| *v)
        };
        if let Some(cs) = get(b"charset")
            && let Some(enc) = label(cs)
        {
            return Some(enc);
        }
        let is_content_type =
            get(b"http-equiv").is_some_and(|v| trim(v).eq_ignore_ascii_case(b"content-type"));
        if is_content_type
            && let Some(content) = get(b"content")
            && let Ok(content) = std::str::from_utf8(content)
            && let Some(cs) = charset_in_content(content)
            && let Some(enc) = label(cs.as_bytes())
        {
            return Some(enc);
        }
    }
    None
}

/// The charset named in a `content` attribute (`text/html; charset=utf-8`), leniently: the
/// `charset=` may come without a `;` before it.
fn charset_in_content(content: &str) -> Option<&str> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|s| !s.is_empty())
}

/// The attributes of a tag's inside (`name=value`, `name="value"`, `name='value'`, `name`).
fn parse_attrs(s: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        while i < s.len() && (is_space(s[i]) || s[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < s.len() && !is_space(s[i]) && s[i] != b'=' && s[i] != b'/' {
            i += 1;
        }
        let name = &s[start..i];
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && is_space(s[i]) {
                i += 1;
            }
            if i < s.len() && (s[i] == b'"' || s[i] == b'\'') {
                let q = s[i];
                i += 1;
                let vs = i;
                while i < s.len() && s[i] != q {
                    i += 1;
                }
                value = &s[vs..i];
                i += 1;
            } else {
                let vs = i;
                while i < s.len() && !is_space(s[i]) {
                    i += 1;
                }
                value = &s[vs..i];
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        } else {
            i += 1;
        }
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn trim(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|b| !is_space(*b)).unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|b| !is_space(*b))
        .map_or(start, |e| e + 1);
    &v[start..end]
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn memchr(b: u8, s: &[u8]) -> Option<usize> {
    s.iter().position(|&c| c == b)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_table() {
        // (bytes, http content type, encoding name, origin, text)
        type Case<'a> = (&'a [u8], Option<&'a str>, &'a str, Origin, &'a str);
        let cases: &[Case] = &[
            (b"\xEF\xBB\xBF<p>caf\xC3\xA9", None, "UTF-8", Origin::Bom, "<p>caf\u{e9}"),
            (b"\xFF\xFEa\0", None, "UTF-16LE", Origin::Bom, "a"),
            (
                b"<meta charset=\"windows-1252\"><p>caf\xE9",
                None,
                "windows-1252",
                Origin::Meta,
                "<meta charset=\"windows-1252\"><p>caf\u{e9}",
            ),
            (
                b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>\x93q\x94",
                None,
                "windows-1252",
                Origin::Meta,
                "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>\u{201c}q\u{201d}",
            ),
            // The HTTP header wins over the page.
            (
                b"<meta charset=utf-8>\xE9",
                Some("text/html; charset=\"latin1\""),
                "windows-1252",
                Origin::Http,
                "<meta charset=utf-8>\u{e9}",
            ),
            // An unknown label is ignored; then detection.
            (
                b"<meta charset=\"no-such-charset\">caf\xC3\xA9",
                Some("text/html; charset=bogus"),
                "UTF-8",
                Origin::Detected,
                "<meta charset=\"no-such-charset\">caf\u{e9}",
            ),
            // Declared legacy, but valid non-ASCII UTF-8: UTF-8.
            (
                b"<meta charset=iso-8859-1>caf\xC3\xA9",
                None,
                "UTF-8",
                Origin::Meta,
                "<meta charset=iso-8859-1>caf\u{e9}",
            ),
            // A declaration inside a comment does not count.
            (b"<!-- <meta charset=koi8-r> -->ok", None, "UTF-8", Origin::Detected, "<!-- <meta charset=koi8-r> -->ok"),
            (b"", None, "UTF-8", Origin::Detected, ""),
            // Declared UTF-8 with a bad byte: replaced, not re-guessed.
            (b"<meta charset=utf-8>a\xFFb", None, "UTF-8", Origin::Meta, "<meta charset=utf-8>a\u{fffd}b"),
        ];
        for (bytes, http, enc, origin, text) in cases {
            let got = decode(bytes, *http, None);
            assert_eq!(got.encoding.name(), *enc, "{bytes:?}");
            assert_eq!(got.origin, *origin, "{bytes:?}");
            assert_eq!(got.text, *text, "{bytes:?}");
        }
    }

    #[test]
    fn detects_undeclared_legacy_text() {
        let text =
            "Die Bürger von Köln und Düsseldorf trafen sich am Rhein, über Straßen und Plätze.";
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        let got = decode(&bytes, None, Some("de"));
        assert_eq!(got.origin, Origin::Detected);
        assert_eq!(got.text, text);
        // A host whose last label chardetng would refuse is not passed to it.
        let got = decode(&bytes, None, Some("EXAMPLE.Ü"));
        assert_eq!(got.text, text);
    }

    #[test]
    fn charset_param_table() {
        let cases = [
            ("text/html; charset=UTF-8", Some("UTF-8")),
            ("text/html;charset=\"utf-8\"", Some("utf-8")),
            ("text/html", None),
            ("text/html; charset=", None),
            ("text/html; boundary=x; Charset=latin1", Some("latin1")),
        ];
        for (ct, want) in cases {
            assert_eq!(charset_param(ct), want, "{ct}");
        }
    }
}
