//! The HTTP responses stored in WARC `response` records: status line, headers, and the payload
//! with its transfer encoding (`chunked`) and content encoding (`gzip`, `deflate`) undone.

use std::io::Read;

/// The head of an HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The status code (`200`).
    pub status: u16,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// Where the body starts in the block.
    pub body_start: usize,
}

impl Head {
    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type`, lower-case, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(media_type)
    }
}

/// The media type of a `Content-Type` value, lower-case, without parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// True for the media types of web pages.
pub fn is_html(media: &str) -> bool {
    matches!(media, "text/html" | "application/xhtml+xml")
}

/// True when a payload without a media type starts like an HTML page.
pub fn sniff_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 64)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
}

/// Parses the status line and headers at the start of a block; `None` when it is not an HTTP
/// response head (or the head does not end within the bytes given).
pub fn parse_head(block: &[u8]) -> Option<Head> {
    // The head ends at the first empty line, whichever line ends the server used.
    let crlf = find(block, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(block, b"\n\n").map(|i| (i, i + 2));
    let end = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let text = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = text.lines();
    let status_line = lines.next()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    Some(Head {
        status,
        headers,
        body_start: end.1,
    })
}

/// The payload of a response: the body after the head, de-chunked and decompressed, at most
/// `limit` bytes.
pub fn payload(block: &[u8], head: &Head, limit: u64) -> Result<Vec<u8>, String> {
    let body = &block[head.body_start.min(block.len())..];
    let chunked = head
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let dechunked;
    let body = if chunked {
        dechunked = dechunk(body)?;
        &dechunked[..]
    } else {
        body
    };
    let encoding = head
        .header("content-encoding")
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let over = || format!("larger than {} MB (not an article)", limit / (1 << 20));
    let mut out = Vec::new();
    let read = |r: &mut dyn Read, out: &mut Vec<u8>| {
        r.take(limit.saturating_add(1))
            .read_to_end(out)
            .map(|_| ())
            .map_err(|e| format!("{} in the HTTP payload", super::gzip::reason(&e)))
    };
    match encoding.as_str() {
        "" | "identity" | "none" => {
            if body.len() as u64 > limit {
                return Err(over());
            }
            return Ok(body.to_vec());
        }
        "gzip" | "x-gzip" => {
            if !super::gzip::is_gzip(body) {
                // Stored already decoded, with the header left in place (some crawlers do).
                return Ok(body.to_vec());
            }
            read(&mut flate2::read::MultiGzDecoder::new(body), &mut out)?;
        }
        "deflate" => {
            // Either zlib-wrapped (as the standard says) or raw deflate (as some servers send).
            let zlib = body.len() >= 2 && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
            if zlib {
                read(&mut flate2::read::ZlibDecoder::new(body), &mut out)?;
            } else {
                read(&mut flate2::read::DeflateDecoder::new(body), &mut out)?;
            }
        }
        other => return Err(format!("unsupported content encoding {other:?}")),
    }
    if out.len() as u64 > limit {
        return Err(over());
    }
    Ok(out)
}

/// Undoes chunked transfer encoding: `SIZE[;ext]\r\n DATA\r\n … 0\r\n\r\n`. A body that ends
/// before its last chunk keeps what arrived.
pub fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let Some(eol) = find(body, b"\n") else {
            return Ok(out);
        };
        let line = String::from_utf8_lossy(&body[..eol]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        if size_text.is_empty() && out.is_empty() {
            return Err("malformed chunked transfer encoding".to_string());
        }
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return Err("malformed chunked transfer encoding".to_string());
        };
        body = &body[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let take = size.min(body.len());
        out.extend_from_slice(&body[..take]);
        body = &body[take..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
        if take < size {
            return Ok(out);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_and_payload_table() {
        let gz = crate::read::gzip::gzip(b"<p>zipped</p>");
        let chunked_gz = {
            let mut b = format!("{:x}\r\n", gz.len()).into_bytes();
            b.extend_from_slice(&gz);
            b.extend_from_slice(b"\r\n0\r\n\r\n");
            b
        };
        type Case = (Vec<u8>, u16, Result<&'static [u8], &'static str>);
        let cases: Vec<Case> = vec![
            (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>".to_vec(), 200, Ok(b"<p>hi</p>")),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>h\r\n5;x=y\r\ni</p>\r\n0\r\n\r\n".to_vec(),
                200,
                Ok(b"<p>hi</p>"),
            ),
            ([b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec(), gz.clone()].concat(), 200, Ok(b"<p>zipped</p>")),
            (
                [b"HTTP/1.0 200 OK\nContent-Encoding: gzip\nTransfer-Encoding: chunked\n\n".to_vec(), chunked_gz].concat(),
                200,
                Ok(b"<p>zipped</p>"),
            ),
            (
                [b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec(), gz[..gz.len() / 2].to_vec()].concat(),
                200,
                Err("truncated gzip data in the HTTP payload"),
            ),
            (b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx".to_vec(), 200, Err("unsupported content encoding \"br\"")),
            (b"HTTP/1.1 404 Not Found\r\n\r\n".to_vec(), 404, Ok(b"")),
            (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(), 200, Err("malformed chunked transfer encoding")),
        ];
        for (block, status, want) in cases {
            let head = parse_head(&block).unwrap();
            assert_eq!(head.status, status);
            let got = payload(&block, &head, 1 << 20);
            assert_eq!(
                got.as_deref().map_err(String::as_str),
                want,
                "{}",
                String::from_utf8_lossy(&block)
            );
        }
    }

    #[test]
    fn not_http_and_media_types() {
        for block in [
            &b"GET / HTTP/1.1\r\n\r\n"[..],
            b"HTTP/1.1 abc\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nno end",
        ] {
            assert_eq!(parse_head(block), None, "{block:?}");
        }
        let head = parse_head(b"HTTP/1.1 200 OK\r\nContent-Type: Text/HTML; charset=UTF-8\r\nX-A: 1\r\n  continued\r\n\r\n").unwrap();
        assert_eq!(head.media_type().as_deref(), Some("text/html"));
        assert_eq!(head.header("x-a"), Some("1 continued"));
        assert!(is_html("application/xhtml+xml") && !is_html("text/plain"));
        assert!(sniff_html(b"\n <!DOCTYPE html><p>") && !sniff_html(b"%PDF-1.4"));
    }

    #[test]
    fn payload_limit() {
        let block = b"HTTP/1.1 200 OK\r\n\r\n0123456789";
        let head = parse_head(block).unwrap();
        assert!(
            payload(block, &head, 5)
                .unwrap_err()
                .starts_with("larger than")
        );
    }
}
