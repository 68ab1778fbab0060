//! MIME, as far as a saved page needs it: a message's headers (folded lines unfolded), the
//! parts of a `multipart/*` body, and a part's content decoded from quoted-printable or base64
//! and then from its charset. Read by [`super::mhtml`] (a browser's single-file page) and
//! [`super::email`] (a saved e-mail).

use crate::ingest::decode::{self, Decoded};

/// One MIME entity: its headers (names lowercased, in order) and its raw body.
#[derive(Clone)]
pub struct Entity<'a> {
    headers: Vec<(String, String)>,
    body: &'a str,
}

impl<'a> Entity<'a> {
    /// The headers up to the first empty line, and the body after it. `None` when `text` does
    /// not open with a header (`Name: value`).
    pub fn parse(text: &'a str) -> Option<Entity<'a>> {
        let text = text.trim_start_matches(['\r', '\n']);
        let (head, body) = split_head(text);
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                // A folded line continues the header above it.
                let (_, value) = headers.last_mut()?;
                value.push(' ');
                value.push_str(line.trim());
                continue;
            }
            let (name, value) = line.split_once(':')?;
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return None;
            }
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        (!headers.is_empty()).then_some(Entity { headers, body })
    }

    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type, lowercase, without parameters (`text/html`).
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .and_then(|v| v.split(';').next())
            .unwrap_or("text/plain")
            .trim()
            .to_ascii_lowercase()
    }

    /// A parameter of the `Content-Type` header (`boundary`, `charset`), unquoted.
    pub fn type_parameter(&self, name: &str) -> Option<String> {
        let value = self.header("content-type")?;
        value.split(';').skip(1).find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().trim_matches('"').to_string())
        })
    }

    /// The parts of a `multipart/*` entity, in order; none when it is not one.
    pub fn parts(&self) -> Vec<Entity<'a>> {
        let Some(boundary) = self.type_parameter("boundary").filter(|b| !b.is_empty()) else {
            return Vec::new();
        };
        let delimiter = format!("--{boundary}");
        let mut parts = Vec::new();
        let mut rest = self.body;
        // The preamble before the first delimiter is no part.
        let Some(first) = rest.find(&delimiter) else {
            return parts;
        };
        rest = &rest[first + delimiter.len()..];
        loop {
            if rest.starts_with("--") {
                break;
            }
            let end = rest.find(&delimiter).unwrap_or(rest.len());
            if let Some(part) = Entity::parse(&rest[..end]) {
                parts.push(part);
            }
            if end == rest.len() {
                break;
            }
            rest = &rest[end + delimiter.len()..];
        }
        parts
    }

    /// The body's bytes, decoded from its `Content-Transfer-Encoding` (quoted-printable,
    /// base64; anything else as it is).
    pub fn bytes(&self) -> Vec<u8> {
        let encoding = self
            .header("content-transfer-encoding")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match encoding.as_str() {
            "quoted-printable" => quoted_printable(self.body),
            "base64" => base64(self.body),
            _ => self.body.as_bytes().to_vec(),
        }
    }

    /// The body as text: its bytes read in the charset it declares, else as any file is
    /// (detected from the bytes and a page's own `<meta charset>`).
    pub fn text(&self) -> Result<Decoded<'static>, decode::DecodeError> {
        let bytes = self.bytes();
        decode::decode_labelled(&bytes, self.type_parameter("charset").as_deref())
    }
}

/// The header block of `text` and the body after the empty line that ends it.
fn split_head(text: &str) -> (&str, &str) {
    let crlf = text.find("\r\n\r\n").map(|at| (at, 4));
    let lf = text.find("\n\n").map(|at| (at, 2));
    match [crlf, lf].into_iter().flatten().min() {
        Some((at, len)) => (&text[..at], &text[at + len..]),
        None => (text, ""),
    }
}

/// Quoted-printable: `=XX` is a byte, `=` at a line's end joins it to the next.
fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&hi), Some(&lo)) if hex(hi).is_some() && hex(lo).is_some() => {
                let value = hex(hi).unwrap_or(0) * 16 + hex(lo).unwrap_or(0);
                out.push(value as u8);
                i += 3;
            }
            // A stray `=` is kept as it is.
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Base64, ignoring line breaks and anything else outside its alphabet.
fn base64(text: &str) -> Vec<u8> {
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for b in text.bytes().take_while(|&b| b != b'=') {
        let Some(v) = value(b) else {
            continue;
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A header value with its encoded words (`=?UTF-8?B?5Zu96Ziy6YOo?=`, `=?GB2312?Q?...?=`)
/// decoded.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let Some((word, len)) = encoded_word(&rest[start..]) else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            after_word = false;
            continue;
        };
        // Space between two encoded words is not text.
        let between = &rest[..start];
        if !(after_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        out.push_str(&word);
        rest = &rest[start + len..];
        after_word = true;
    }
    out.push_str(rest);
    out
}

/// The text of the encoded word `text` opens with, and its length in bytes.
fn encoded_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (kind, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    let bytes = match kind {
        "B" | "b" => base64(payload),
        "Q" | "q" => quoted_printable(&payload.replace('_', " ")),
        _ => return None,
    };
    let decoded = decode::decode_labelled(&bytes, Some(charset)).ok()?;
    let len = 2 + charset.len() + 1 + kind.len() + 1 + end + 2;
    Some((decoded.text.into_owned(), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_encodings_and_encoded_words() {
        assert_eq!(
            quoted_printable("a=3D1 =E4=B8=AD=\r\n=E6=96=87 end="),
            "a=1 中文 end=".as_bytes()
        );
        assert_eq!(base64("5Lit\r\n5paH"), "中文".as_bytes());
        assert_eq!(base64("TWFu"), b"Man");
        assert_eq!(base64("TWE="), b"Ma");
        assert_eq!(
            decode_words("Fwd: =?UTF-8?B?5Zu96Ziy6YOo?= =?UTF-8?B?5Y+R6KiA?= said"),
            "Fwd: 国防部发言 said"
        );
        assert_eq!(decode_words("=?utf-8?Q?Drill_ends?="), "Drill ends");
        assert_eq!(decode_words("no words =? here"), "no words =? here");
    }

    #[test]
    fn a_multipart_message_gives_its_parts() {
        let message = "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\npreamble\r\n------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://example.mil/a.html\r\n\r\n<p>a=3Db</p>\r\n------B\r\nContent-Type: image/png\r\n\r\nxx\r\n------B--\r\n";
        let entity = Entity::parse(message).expect("headers");
        assert_eq!(entity.media_type(), "multipart/related");
        let parts = entity.parts();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].media_type(), "text/html");
        assert_eq!(
            parts[0].header("content-location"),
            Some("https://example.mil/a.html")
        );
        assert_eq!(parts[0].bytes(), b"<p>a=b</p>\r\n");
        assert_eq!(parts[1].media_type(), "image/png");
        assert!(Entity::parse("<html><body>no headers</body></html>").is_none());
    }
}
