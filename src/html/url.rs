//! The little URL handling pages need: making a link absolute against the page's address and
//! reading a URL's host. Only `http` and `https` addresses are kept (a page's URL is where a
//! reader can find it again).

/// `href` made absolute against `base` (the page's address, when known); `None` when the result
/// is not an `http(s)` URL.
pub fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    if let Some(colon) = href.find(':') {
        let scheme = &href[..colon];
        let is_scheme = scheme
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
        if is_scheme {
            let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
            return (web && href[colon..].starts_with("://")).then(|| href.to_string());
        }
    }
    let base = base?;
    let (scheme, rest) = split_scheme(base)?;
    if !matches!(scheme.as_str(), "http" | "https") {
        return None;
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.is_empty() {
        return None;
    }
    if let Some(net) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    if href.starts_with('/') {
        return Some(format!("{scheme}://{authority}{href}"));
    }
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    if href.starts_with('?') {
        return Some(format!("{scheme}://{authority}{path}{href}"));
    }
    if href.starts_with('#') {
        return Some(format!("{scheme}://{authority}{path}"));
    }
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let mut trailing = false;
    for seg in href.split_inclusive('/') {
        let (name, slash) = seg.strip_suffix('/').map_or((seg, false), |n| (n, true));
        let name_only = name.split(['?', '#']).next().unwrap_or(name);
        match name_only {
            "." => trailing = true,
            ".." => {
                parts.pop();
                trailing = true;
            }
            _ => {
                parts.push(name);
                trailing = slash;
            }
        }
    }
    let mut out = format!("{scheme}://{authority}/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// The lower-case host of an absolute URL (no user, no port).
pub fn host(url: &str) -> Option<String> {
    let (_, rest) = split_scheme(url)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| &h[1..])?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The lower-case scheme and what follows `scheme://`.
fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let ok = !scheme.is_empty()
        && scheme
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
    ok.then(|| (scheme.to_ascii_lowercase(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_table() {
        let base = Some("https://news.example/a/b/page.html?x=1#top");
        let cases = [
            (
                "https://other.example/x",
                base,
                Some("https://other.example/x"),
            ),
            (
                "HTTP://Other.example/x",
                base,
                Some("HTTP://Other.example/x"),
            ),
            ("//cdn.example/y", base, Some("https://cdn.example/y")),
            ("/root/z", base, Some("https://news.example/root/z")),
            (
                "sibling.html",
                base,
                Some("https://news.example/a/b/sibling.html"),
            ),
            ("../up/", base, Some("https://news.example/a/up/")),
            ("./", base, Some("https://news.example/a/b/")),
            (
                "?page=2",
                base,
                Some("https://news.example/a/b/page.html?page=2"),
            ),
            ("/rel", None, None),
            ("mailto:x@example.com", base, None),
            ("javascript:void(0)", base, None),
            ("ftp://files.example/a", base, None),
            ("", base, None),
            ("has space", base, None),
            ("/x", Some("file:///tmp/a.html"), None),
        ];
        for (href, base, want) in cases {
            assert_eq!(absolute(href, base).as_deref(), want, "{href} {base:?}");
        }
    }

    #[test]
    fn host_table() {
        let cases = [
            ("https://www.Example.com/a", Some("www.example.com")),
            ("http://user:pw@example.com:8080/", Some("example.com")),
            ("https://[::1]:80/x", Some("::1")),
            ("https:///nohost", None),
            ("no scheme", None),
        ];
        for (url, want) in cases {
            assert_eq!(host(url).as_deref(), want, "{url}");
        }
    }
}
