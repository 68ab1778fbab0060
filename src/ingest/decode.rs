//! Bytes to text: byte-order marks, UTF-16, binary detection, and invalid UTF-8 replaced (and
//! reported) rather than refused.

use std::borrow::Cow;

/// A decoded file, with what was wrong with its bytes if anything.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Set when bytes had to be replaced: says what and where.
    pub warning: Option<String>,
}

/// Why a file could not be decoded at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0}), not text")]
    Binary(&'static str),
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes));
    }
    if let Some(kind) = sniff_binary(bytes) {
        return Err(DecodeError::Binary(kind));
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            warning: None,
        }),
        Err(err) => {
            let text = String::from_utf8_lossy(bytes);
            let bad = text.matches('\u{FFFD}').count();
            Ok(Decoded {
                text,
                warning: Some(format!(
                    "invalid UTF-8 at byte {} ({bad} bad sequence(s) replaced with U+FFFD)",
                    err.valid_up_to()
                )),
            })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded<'static> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut bad = 0;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    let odd = bytes.len() % 2 == 1;
    let warning = (bad > 0 || odd).then(|| {
        format!(
            "invalid UTF-16 ({bad} bad unit(s) replaced{})",
            if odd { ", odd length" } else { "" }
        )
    });
    Decoded {
        text: Cow::Owned(text),
        warning,
    }
}

/// Recognises common binary formats by their magic numbers, and anything else with NUL bytes
/// near the start.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x1F\x8B", "gzip archive"),
        (b"7z\xBC\xAF", "7z archive"),
        (b"Rar!", "RAR archive"),
        (b"\xD0\xCF\x11\xE0", "legacy Office document"),
        (b"\x7FELF", "executable"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0).then_some("contains NUL bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("香山".as_bytes()).unwrap().text, "香山");
        assert_eq!(decode(b"\xEF\xBB\xBFforum").unwrap().text, "forum");
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("香山 forum".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("香山 forum".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "香山 forum");
        assert_eq!(decode(&be).unwrap().text, "香山 forum");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let decoded = decode(b"Xiangshan \xFF\xFE Forum").unwrap();
        assert!(decoded.text.contains("Forum"));
        assert!(decoded.warning.unwrap().contains("byte 10"));
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        assert_eq!(
            decode(b"%PDF-1.7 ...").unwrap_err(),
            DecodeError::Binary("PDF")
        );
        assert!(matches!(decode(b"abc\0def"), Err(DecodeError::Binary(_))));
        assert_eq!(decode(b"  \n\t").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
    }
}
