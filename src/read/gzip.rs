//! Gzip-compressed article files (`.html.gz`, `.txt.gz`): decompressed whole, every member, up
//! to a size limit, so a small file that inflates to gigabytes is refused instead of filling
//! the memory.

use std::io::Read;

/// Gzip's first two bytes.
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// True when the bytes start like gzip data.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// A short, stable reason for a gzip read error (the summary counts by it).
pub fn reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => "truncated gzip data".to_string(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
            "corrupt gzip data".to_string()
        }
        _ => crate::crawl::io_reason(err),
    }
}

/// Decompresses all members of gzip data, refusing more than `limit` bytes of output.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    if !is_gzip(bytes) {
        return Err("not gzip data (the name ends in .gz)".to_string());
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit as usize + 1));
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| reason(&e))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "larger than {} MB after decompression (not an article)",
            limit / (1 << 20)
        ));
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gunzip_table() {
        let page = b"<p>hello</p>".repeat(100);
        let gz = gzip(&page);
        assert_eq!(gunzip(&gz, 1 << 20).unwrap(), page);
        // Two members are one stream.
        let two = [gzip(b"ab"), gzip(b"cd")].concat();
        assert_eq!(gunzip(&two, 100).unwrap(), b"abcd");
        let cases: &[(&[u8], &str)] = &[
            (&gz[..gz.len() / 2], "truncated gzip data"),
            (b"plain text", "not gzip data (the name ends in .gz)"),
            (
                &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff],
                "corrupt gzip data",
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(gunzip(bytes, 1 << 20).unwrap_err(), *want, "{bytes:?}");
        }
        let err = gunzip(&gz, 100).unwrap_err();
        assert!(err.starts_with("larger than"), "{err}");
    }
}
