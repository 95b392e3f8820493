//! Decoding stage: turns the raw bytes of an article file into text (UTF-8, or Windows-1252 as the
//! fallback), refuses binary files, and splits text into lines whatever the line ending.

use std::borrow::Cow;

/// The text encoding a file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 (the usual "ANSI" code page of older Windows text files).
    Windows1252,
}

impl Encoding {
    /// The WHATWG label of the encoding: `utf-8` or `windows-1252`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decoded text and the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; borrowed from the input when it was UTF-8 without a byte-order mark.
    pub text: Cow<'a, str>,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes contain a NUL byte: not a text file.
    #[error("binary file (contains NUL bytes)")]
    Binary,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file's bytes: UTF-8 (BOM stripped), else Windows-1252; a NUL byte means binary.
///
/// Valid UTF-8 without a BOM is returned borrowed (no copy). Every byte sequence without NUL decodes,
/// since Windows-1252 as specified by WHATWG maps all 256 byte values.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if memchr_nul(bytes) {
        return Err(DecodeError::Binary);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
        });
    }
    if body.len() != bytes.len() {
        // A BOM declares UTF-8: keep that reading, replacing the few invalid sequences.
        return Ok(Decoded {
            text: Cow::Owned(String::from_utf8_lossy(body).into_owned()),
            encoding: Encoding::Utf8,
        });
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: Encoding::Windows1252,
    })
}

/// True when the bytes contain a NUL byte.
fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Splits text into lines on `\r\n`, `\r` or `\n`; the terminators are not included.
///
/// Like [`str::lines`], a final terminator does not produce an empty last line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    Lines { rest: text }
}

/// Iterator behind [`lines`].
struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            None => {
                let line = self.rest;
                self.rest = "";
                Some(line)
            }
            Some(i) => {
                let line = &self.rest[..i];
                let skip = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.rest = &self.rest[i + skip..];
                Some(line)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_table() {
        let cases: &[(&[u8], &str, Encoding, bool)] = &[
            // (input, text, encoding, borrowed)
            (b"plain ascii", "plain ascii", Encoding::Utf8, true),
            (
                "caf\u{e9} \u{2019}".as_bytes(),
                "caf\u{e9} \u{2019}",
                Encoding::Utf8,
                true,
            ),
            (b"\xEF\xBB\xBFwith bom", "with bom", Encoding::Utf8, true),
            (b"it\x92s", "it\u{2019}s", Encoding::Windows1252, false),
            (
                b"\x93quoted\x94",
                "\u{201c}quoted\u{201d}",
                Encoding::Windows1252,
                false,
            ),
            (
                b"caf\xe9 \x80 \x96",
                "caf\u{e9} \u{20ac} \u{2013}",
                Encoding::Windows1252,
                false,
            ),
            (
                b"\x81\x8d\x8f\x90\x9d",
                "\u{81}\u{8d}\u{8f}\u{90}\u{9d}",
                Encoding::Windows1252,
                false,
            ),
            (b"", "", Encoding::Utf8, true),
            (
                b"\xEF\xBB\xBFbad \xff",
                "bad \u{fffd}",
                Encoding::Utf8,
                false,
            ),
        ];
        for (input, text, encoding, borrowed) in cases {
            let got = decode(input).expect("text decodes");
            assert_eq!(got.text, *text, "{input:?}");
            assert_eq!(got.encoding, *encoding, "{input:?}");
            assert_eq!(matches!(got.text, Cow::Borrowed(_)), *borrowed, "{input:?}");
        }
    }

    #[test]
    fn nul_is_binary() {
        for input in [&b"\0"[..], b"abc\0def", b"\xEF\xBB\xBF\0", b"it\x92s\0"] {
            assert_eq!(decode(input), Err(DecodeError::Binary), "{input:?}");
        }
        assert_eq!(
            DecodeError::Binary.to_string(),
            "binary file (contains NUL bytes)"
        );
    }

    #[test]
    fn encoding_names() {
        assert_eq!(Encoding::Utf8.name(), "utf-8");
        assert_eq!(Encoding::Windows1252.name(), "windows-1252");
    }

    #[test]
    fn lines_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a", &["a"]),
            ("a\n", &["a"]),
            ("a\nb", &["a", "b"]),
            ("a\r\nb\r\n", &["a", "b"]),
            ("a\rb\r", &["a", "b"]),
            ("a\r\n\r\nb", &["a", "", "b"]),
            ("a\n\rb", &["a", "", "b"]),
            ("\n\n", &["", ""]),
            ("x\r", &["x"]),
        ];
        for (input, want) in cases {
            let got: Vec<&str> = lines(input).collect();
            assert_eq!(&got, want, "{input:?}");
        }
    }
}
