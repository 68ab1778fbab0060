//! The input formats milpress reads and the one entry point, [`parse`], that turns a decoded
//! file into [`Parsed`] documents plus the problems found on the way.
//!
//! Parsers never panic and never give up on a whole file because of one bad record: a
//! JSONL file with a broken line still yields its other lines, and each problem is reported
//! as a [`ParseError`] for the caller to collect.

pub mod json;
pub mod markdown;
pub mod text;

use std::path::Path;

use crate::document::Parsed;
use crate::ingest::config::FileRules;

/// Input formats milpress reads, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
}

impl Format {
    /// txt/text → Text; md/markdown → Markdown; json → Json; jsonl/ndjson → JsonLines.
    /// Case-insensitive. Anything else → None (the walker skips it).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A problem with one part of a file; `record` is the 1-based line (JSONL) or element (JSON array)
/// number, when the problem is inside one record.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}{message}", record.map(|r| format!("record {r}: ")).unwrap_or_default())]
pub struct ParseError {
    pub record: Option<u64>,
    pub message: String,
}

impl ParseError {
    /// A problem in record `record` (or in the file as a whole when `None`).
    pub fn new(record: Option<u64>, message: impl Into<String>) -> ParseError {
        ParseError {
            record,
            message: message.into(),
        }
    }
}

/// What a file yielded: the documents that parsed, and the problems with the rest.
#[derive(Debug, Default)]
pub struct FileParse {
    pub docs: Vec<Parsed>,
    pub errors: Vec<ParseError>,
}

impl FileParse {
    /// A file that yielded nothing because of one file-level problem.
    pub fn failed(message: impl Into<String>) -> FileParse {
        FileParse {
            docs: Vec::new(),
            errors: vec![ParseError::new(None, message)],
        }
    }
}

/// Parses one decoded file. `rules` are the milpress.toml settings that apply to this file.
/// A file-level failure (e.g. a .json file that is not JSON at all) is one ParseError with
/// record None and no docs; a JSONL file with some bad lines keeps every good line.
///
/// Afterwards the rules' `source`, `lang` and `kind` fill the documents' fields where the
/// file left them empty.
pub fn parse(format: Format, text: &str, rules: &FileRules) -> FileParse {
    let mut out = match format {
        Format::Text => text::parse(text, &rules.fields),
        Format::Markdown => markdown::parse(text, &rules.fields),
        Format::Json => json::parse(text, &rules.fields),
        Format::JsonLines => json::parse_lines(text, &rules.fields),
    };
    for doc in &mut out.docs {
        if doc.source.is_none() {
            doc.source.clone_from(&rules.source);
        }
        doc.lang = doc.lang.or(rules.lang);
        doc.kind = doc.kind.or(rules.kind);
    }
    out
}

/// Removes a UTF-8 byte-order mark, which editors on Windows like to add.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, Lang};

    #[test]
    fn formats_come_from_extensions() {
        const CASES: &[(&str, Option<Format>)] = &[
            ("a/b.txt", Some(Format::Text)),
            ("B.TEXT", Some(Format::Text)),
            ("x.md", Some(Format::Markdown)),
            ("x.Markdown", Some(Format::Markdown)),
            ("x.json", Some(Format::Json)),
            ("x.JSONL", Some(Format::JsonLines)),
            ("x.ndjson", Some(Format::JsonLines)),
            ("milpress.toml", None),
            ("README", None),
            ("x.html", None),
        ];
        for (path, expected) in CASES {
            assert_eq!(Format::from_path(Path::new(path)), *expected, "{path}");
        }
    }

    #[test]
    fn error_display_names_the_record() {
        assert_eq!(ParseError::new(Some(7), "bad").to_string(), "record 7: bad");
        assert_eq!(
            ParseError::new(None, "empty file").to_string(),
            "empty file"
        );
    }

    #[test]
    fn rules_fill_only_empty_fields() {
        const JSONL: &str = concat!(
            r#"{"title": "A", "source": "PLA Daily", "lang": "en"}"#,
            "\n",
            r#"{"title": "B", "type": "headline"}"#,
        );
        let rules = FileRules {
            source: Some("MND".into()),
            lang: Some(Lang::Zh),
            kind: Some(Kind::Release),
            ..FileRules::default()
        };
        let out = parse(Format::JsonLines, JSONL, &rules);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let [a, b] = &out.docs[..] else {
            panic!("{:?}", out.docs)
        };
        assert_eq!(a.source.as_deref(), Some("PLA Daily"));
        assert_eq!(a.lang, Some(Lang::En));
        assert_eq!(a.kind, Some(Kind::Release));
        assert_eq!(b.source.as_deref(), Some("MND"));
        assert_eq!(b.lang, Some(Lang::Zh));
        assert_eq!(b.kind, Some(Kind::Headline));
    }

    #[test]
    fn odd_input_never_panics() {
        const INPUTS: &[&str] = &[
            "",
            "\u{feff}",
            "---",
            "+++\n",
            "---\n---\n",
            "\n\n- \n-\n•",
            "[",
            "{\"title\": [1, {\"a\": null}], \"date\": 1e300}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "![a](b\n[x](\n# \n#\n标题：\nTitle:",
            "---\na: [1, 2\n---\n",
            "+++\n= 1\n+++\n",
            "{\"date\": -99999999999999999999}",
            "{\"themes\": \"['a', \\\"b, 'c\"}",
            "\r\n\r\n中文标题\r\n正文。\r\n- 相关",
        ];
        let rules = FileRules::default();
        for input in INPUTS {
            for format in [
                Format::Text,
                Format::Markdown,
                Format::Json,
                Format::JsonLines,
            ] {
                let _ = parse(format, input, &rules);
            }
        }
    }
}
