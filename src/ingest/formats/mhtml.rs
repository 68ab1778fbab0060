//! A page a browser saved as one file (`.mhtml` from Chrome's "Webpage, Single File", `.mht`
//! from Internet Explorer and Edge): a MIME message whose first HTML part is the page and the
//! other parts its images, styles and frames. The page is read as any saved page is
//! ([`super::html`]), its address taken from the message (`Snapshot-Content-Location`, or the
//! part's `Content-Location`) as a `saved from url=` note would give it.

use super::mime::Entity;
use super::{html, FileParse, ParseError};

/// Whether a text is a single-file page, whatever its name: mail-style headers that declare
/// a `multipart/related` message.
pub fn sniff(text: &str) -> bool {
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let Some(end) = head.find("\r\n\r\n").or_else(|| head.find("\n\n")) else {
        return false;
    };
    head[..end]
        .to_ascii_lowercase()
        .contains("multipart/related")
        && Entity::parse(&head[..end]).is_some()
}

/// Parses a single-file page into its document.
pub fn parse(text: &str) -> FileParse {
    let Some(message) = Entity::parse(text) else {
        // Saved under the name but plain HTML after all.
        return html::parse(text);
    };
    let parts = message.parts();
    let page = if parts.is_empty() {
        (message.media_type() == "text/html").then_some(&message)
    } else {
        parts.iter().find(|p| p.media_type() == "text/html")
    };
    let Some(page) = page else {
        let kinds: Vec<String> = parts.iter().map(Entity::media_type).collect();
        return FileParse::failed(format!(
            "a single-file page without an HTML part (it holds {})",
            if kinds.is_empty() {
                message.media_type()
            } else {
                kinds.join(", ")
            }
        ));
    };
    let decoded = match page.text() {
        Ok(decoded) => decoded,
        Err(err) => return FileParse::failed(format!("its HTML part: {err}")),
    };
    let location = message
        .header("snapshot-content-location")
        .or_else(|| page.header("content-location"))
        .or_else(|| message.header("content-location"));
    let mut parsed = html::parse_saved(&decoded.text, location);
    if let Some(warning) = decoded.warning {
        parsed
            .warnings
            .push(ParseError::new(None, format!("its HTML part: {warning}")));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_of_a_single_file_save_is_read_with_its_address() {
        let page = "<html><head><meta charset=\"utf-8\"><title>国防部例行记者会</title></head>\
                    <body><h1>国防部例行记者会</h1><p>发言人表示，中方坚决反对。</p></body></html>";
        let qp: String = page
            .bytes()
            .map(|b| {
                if b.is_ascii() && b != b'=' {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                }
            })
            .collect();
        let message = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.mod.gov.cn/gfbw/xwfyr/2025-05/29/content_1.html\r\n\
             Subject: =?utf-8?Q?x?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
             \ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc----\"\r\n\r\n\
             ------MultipartBoundary--abc----\r\nContent-Type: text/html\r\n\
             Content-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: http://www.mod.gov.cn/gfbw/xwfyr/2025-05/29/content_1.html\r\n\r\n\
             {qp}\r\n------MultipartBoundary--abc----\r\nContent-Type: image/png\r\n\
             Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
             ------MultipartBoundary--abc------\r\n"
        );
        let parsed = parse(&message);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let doc = &parsed.docs[0];
        assert_eq!(doc.title, "国防部例行记者会");
        assert!(doc.body.contains("中方坚决反对"), "{}", doc.body);
        assert!(!doc.body.contains("=E4"), "{}", doc.body);
        assert_eq!(
            doc.page_url.as_deref(),
            Some("http://www.mod.gov.cn/gfbw/xwfyr/2025-05/29/content_1.html")
        );
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-29")
        );
    }

    #[test]
    fn a_message_without_a_page_is_named() {
        let message = "MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\nxx";
        let parsed = parse(message);
        assert!(parsed.docs.is_empty());
        assert!(parsed.errors[0].message.contains("without an HTML part"));
    }
}
