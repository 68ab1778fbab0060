//! Markdown files, with optional front matter: YAML between `---` lines or TOML between
//! `+++` lines at the very start.
//!
//! Front-matter keys are read with the same field names (and `milpress.toml` mappings) as
//! JSON records, so `speaker`, `categories`, `publisher`, `link` and the like all work. The
//! body is the Markdown reduced to plain text: heading marks, emphasis, link targets and
//! images removed, list markers kept so that the related-headlines block is found as in
//! [`super::text`].

use serde_json::{Map, Value};

use super::{json, strip_bom, text, FileParse, ParseError};
use crate::document::Parsed;
use crate::ingest::format::FieldMap;

/// Why a file's front matter could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrontMatterError {
    /// The opening delimiter line has no closing one.
    #[error("unterminated front matter: no closing `{delimiter}` line")]
    Unterminated { delimiter: &'static str },
    /// The `---` block is not YAML.
    #[error("bad YAML front matter: {source}")]
    Yaml {
        #[source]
        source: serde_yaml_ng::Error,
    },
    /// The `+++` block is not TOML; `line` counts from the top of the file.
    #[error(
        "bad TOML front matter{}: {}",
        line.map(|l| format!(" at line {l}")).unwrap_or_default(),
        source.message()
    )]
    Toml {
        line: Option<usize>,
        #[source]
        source: toml::de::Error,
    },
    /// The block parses but is a list or a scalar, not `key: value` lines.
    #[error("front matter is not a table of `key: value` lines")]
    NotATable,
}

/// What front matter said: the fields it gave, and problems that did not stop the document
/// (a bad date).
#[derive(Debug, Default)]
pub(super) struct Meta {
    pub doc: Parsed,
    pub warnings: Vec<ParseError>,
}

/// Parses one Markdown file into one document.
pub fn parse(text: &str, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let (meta, content) = match front_matter(text, fields) {
        Ok(Some((meta, content))) => (meta, content),
        Ok(None) => (Meta::default(), text),
        Err(err) => return FileParse::failed(err.to_string()),
    };
    let mut meta = meta;
    let doc = &mut meta.doc;
    doc.source = doc.source.as_deref().map(wiki_links);
    for value in doc.speakers.iter_mut().chain(doc.tags.iter_mut()) {
        *value = wiki_links(value);
    }
    let cleaned = clean(content);
    let lines: Vec<&str> = cleaned.iter().map(|(line, _)| line.as_str()).collect();
    let title_at = cleaned
        .iter()
        .position(|(_, h1)| *h1)
        .or_else(|| lines.iter().position(|line| !line.trim().is_empty()));
    text::assemble(meta, &lines, title_at)
}

/// Splits off and reads the front matter. `Ok(None)`: the text does not start with a
/// delimiter line. `Err`: it does, but the block is unterminated or does not parse as a
/// key/value table. Line numbers in messages count from the top of the file.
pub(super) fn front_matter<'a>(
    text: &'a str,
    fields: &FieldMap,
) -> Result<Option<(Meta, &'a str)>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    let (delimiter, yaml) = match first.trim_end() {
        "---" => ("---", true),
        "+++" => ("+++", false),
        _ => return Ok(None),
    };
    // Byte offsets are sums of whole lines, so every slice below falls on a char boundary.
    let mut end = first.len();
    for line in lines {
        let closing = line.trim_end();
        if closing == delimiter || (yaml && closing == "...") {
            let block = text.get(first.len()..end).unwrap_or_default();
            let rest = text.get(end + line.len()..).unwrap_or_default();
            let table = if yaml {
                read_yaml(block)?
            } else {
                read_toml(block)?
            };
            let (doc, problems) = json::from_object(&table, fields);
            let warnings = problems
                .into_iter()
                .map(|m| ParseError::new(None, m))
                .collect();
            return Ok(Some((Meta { doc, warnings }, rest)));
        }
        end += line.len();
    }
    Err(FrontMatterError::Unterminated { delimiter })
}

/// Deep structures are of no use as document fields; cutting them off keeps the conversion
/// bounded whatever the parser allowed.
const MAX_DEPTH: usize = 8;

fn read_yaml(block: &str) -> Result<Map<String, Value>, FrontMatterError> {
    // The leading newline stands for the opening `---`, so the parser's line numbers are the
    // file's.
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&format!("\n{block}"))
        .map_err(|source| FrontMatterError::Yaml { source })?;
    match yaml_to_json(value, 0) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontMatterError::NotATable),
    }
}

fn read_toml(block: &str) -> Result<Map<String, Value>, FrontMatterError> {
    let text = format!("\n{block}");
    let table: toml::Table = toml::from_str(&text).map_err(|source| {
        let line = source
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| before.matches('\n').count() + 1);
        FrontMatterError::Toml { line, source }
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v, 1)))
        .collect())
}

fn yaml_to_json(value: serde_yaml_ng::Value, depth: usize) -> Value {
    use serde_yaml_ng::Value as Yaml;
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into(),
            (_, Some(u), _) => u.into(),
            (_, _, f) => f
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
        },
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|v| yaml_to_json(v, depth + 1))
                .collect(),
        ),
        Yaml::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    // Keys like `2024:` or `true:` are still keys.
                    let key = match yaml_to_json(k, MAX_DEPTH) {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v, depth + 1)))
                })
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, depth + 1),
    }
}

fn toml_to_json(value: toml::Value, depth: usize) -> Value {
    use toml::Value as Toml;
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match value {
        Toml::String(s) => Value::String(s),
        Toml::Integer(i) => i.into(),
        Toml::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Toml::Boolean(b) => Value::Bool(b),
        // `date = 2024-09-12` is a TOML date; its text is what `Date::parse_iso` reads.
        Toml::Datetime(d) => Value::String(d.to_string()),
        Toml::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| toml_to_json(v, depth + 1))
                .collect(),
        ),
        Toml::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v, depth + 1)))
                .collect(),
        ),
    }
}

/// Reduces Markdown to plain text line by line (so line numbers keep their meaning), and marks
/// level-1 headings, which are title candidates.
fn clean(content: &str) -> Vec<(String, bool)> {
    let mut in_code = false;
    let mut in_comment = false;
    content
        .lines()
        .map(|line| {
            let t = line.trim();
            if t.starts_with("```") || t.starts_with("~~~") {
                in_code = !in_code;
                return (String::new(), false);
            }
            if in_code {
                return (t.to_string(), false);
            }
            // Obsidian's `%% private comment %%`, on one line or several.
            let (kept, open) = without_comments(t, in_comment);
            in_comment = open;
            clean_line(kept.trim())
        })
        .collect()
}

/// `line` without its `%% … %%` comments, and whether a comment is still open after it
/// (`open`: one was open before it).
fn without_comments(line: &str, open: bool) -> (String, bool) {
    let mut out = String::new();
    let mut inside = open;
    for (i, part) in line.split("%%").enumerate() {
        if i > 0 {
            inside = !inside;
        }
        if !inside {
            out.push_str(part);
        }
    }
    (out, inside)
}

/// An Obsidian link's text: `[[People/Dong Jun|Dong Jun]]` → `Dong Jun`, `[[Notes/MND]]` →
/// `MND`, `[[Page#Section]]` → `Page`; an embed (`![[image.png]]`) → nothing.
fn wiki_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]").map(|c| open + c) else {
            break;
        };
        let before = &rest[..open];
        let target = &rest[open + 2..close];
        match before.strip_suffix('!') {
            Some(before) => out.push_str(before),
            None => {
                out.push_str(before);
                let shown = match target.split_once('|') {
                    Some((_, label)) => label,
                    None => {
                        let page = target.split('#').next().unwrap_or(target);
                        page.rsplit('/').next().unwrap_or(page)
                    }
                };
                out.push_str(shown.trim());
            }
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

fn clean_line(line: &str) -> (String, bool) {
    // Thematic breaks and setext underlines (`---`, `***`, `===`) carry no text.
    let mut chars = line.chars().filter(|c| !c.is_whitespace());
    if let Some(c) = chars.next() {
        if "-*_=".contains(c) && chars.clone().count() >= 2 && chars.all(|d| d == c) {
            return (String::new(), false);
        }
    }
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    // A callout's marker (`> [!info] Title`, `[!note]-`) is no text.
    if let Some(rest) = line.strip_prefix("[!") {
        if let Some(close) = rest.find(']') {
            line = rest[close + 1..]
                .trim_start_matches(['+', '-'])
                .trim_start();
        }
    }
    let linked = wiki_links(line);
    let mut line = linked.as_str();
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let mut h1 = false;
    if (1..=6).contains(&hashes) {
        // `#` is one byte, so `hashes` is a char boundary.
        let rest = line.get(hashes..).unwrap_or_default();
        // `#hashtag` is not a heading.
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            h1 = hashes == 1 && !rest.trim().is_empty();
            line = rest.trim().trim_end_matches('#').trim_end();
        }
    }
    let text = strip_links(line)
        .replace("**", "")
        .replace("__", "")
        .replace("==", "");
    // Single-star emphasis (`*Fujian*`), not a list's star.
    let text = match text.strip_prefix("* ") {
        Some(item) => format!("* {}", item.replace('*', "")),
        None => text.replace('*', ""),
    };
    (text.trim().to_string(), h1)
}

/// `[text](url)` → `text`; `![alt](url)` → nothing.
fn strip_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Every index below comes from `find` on an ASCII character, so slices stay on char
    // boundaries; `get` keeps that promise checked anyway.
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let link = after.find(']').and_then(|close| {
            let target = after.get(close + 1..)?.strip_prefix('(')?;
            let end = target.find(')')?;
            Some((after.get(..close)?, target.get(end + 1..)?))
        });
        let before = rest.get(..open).unwrap_or_default();
        match link {
            Some((label, tail)) if !label.contains('[') => {
                match before.strip_suffix('!') {
                    Some(before) => out.push_str(before),
                    None => {
                        out.push_str(before);
                        out.push_str(label);
                    }
                }
                rest = tail;
            }
            _ => {
                out.push_str(before);
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Date, Kind, Lang};

    fn parse_one(text: &str) -> (Parsed, Vec<ParseError>) {
        let out = parse(text, &FieldMap::default());
        let [doc] = &out.docs[..] else {
            panic!("{:?} {:?}", out.docs, out.errors)
        };
        (doc.clone(), out.errors)
    }

    const YAML_RELEASE: &str = "---
Title: Hospital Ship Ends Mission
date: 2024-09-12
spokesperson: [Zhang Xiaogang, Wu Qian]
tags: humanitarian, medical
publisher: MND
link: http://example.org/a
language: en
kind: release
id: 17
---
# Hospital Ship Ends Mission

The **hospital ship** treated patients in [thirteen countries](http://example.org/b).

![photo](ship.jpg)

> Crews trained for __months__.

- 海军医院船返回母港
- 医疗队总结经验
";

    #[test]
    fn yaml_front_matter() {
        let (doc, errors) = parse_one(YAML_RELEASE);
        assert!(errors.is_empty(), "{errors:?}");
        let expected = Parsed {
            kind: Some(Kind::Release),
            local_id: Some("17".into()),
            title: "Hospital Ship Ends Mission".into(),
            body: "The hospital ship treated patients in thirteen countries.\n\n\
                   Crews trained for months."
                .into(),
            lang: Some(Lang::En),
            date: Date::new(2024, 9, 12),
            speakers: vec!["Zhang Xiaogang".into(), "Wu Qian".into()],
            tags: vec!["humanitarian".into(), "medical".into()],
            source: Some("MND".into()),
            url: Some("http://example.org/a".into()),
            headlines: vec!["海军医院船返回母港".into(), "医疗队总结经验".into()],
            ..Parsed::default()
        };
        assert_eq!(doc, expected);
    }

    const TOML_RELEASE: &str = "+++
title = \"联合巡航\"
date = 2025-01-08T09:00:00+08:00
themes = [\"taiwan\"]
+++
两军舰艇开展联合巡航。
";

    #[test]
    fn toml_front_matter() {
        let (doc, errors) = parse_one(TOML_RELEASE);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(doc.title, "联合巡航");
        assert_eq!(doc.body, "两军舰艇开展联合巡航。");
        assert_eq!(doc.date, Date::new(2025, 1, 8));
        assert_eq!(doc.themes, ["taiwan"]);
    }

    #[test]
    fn title_from_heading_or_first_line() {
        const HEADING: &str = "Intro line.\n\n## Section\n\n# The Title #\nText.";
        let (doc, _) = parse_one(HEADING);
        assert_eq!(doc.title, "The Title");
        assert_eq!(doc.body, "Intro line.\n\nSection\n\nText.");

        const SETEXT: &str = "Plain Title\n===========\n\nText with #hashtag.";
        let (doc, _) = parse_one(SETEXT);
        assert_eq!(doc.title, "Plain Title");
        assert_eq!(doc.body, "Text with #hashtag.");
    }

    #[test]
    fn bad_date_keeps_the_document_with_a_warning() {
        const BAD_DATE: &str = "---\ntitle: T\ndate: 05/06/2026\n---\nBody.";
        let (doc, errors) = parse_one(BAD_DATE);
        assert_eq!(doc.date, None);
        assert_eq!(doc.body, "Body.");
        assert!(errors.is_empty(), "a kept document is no error: {errors:?}");
        let warnings = parse(BAD_DATE, &FieldMap::default()).warnings;
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "ambiguous date in `date`: \"05/06/2026\" (ambiguous: 2026-06-05 if the day \
              comes first, 2026-05-06 if the month does); the document keeps its year, 2026, \
              and no day"
            ]
        );
    }

    #[test]
    fn broken_front_matter_is_a_file_error() {
        const CASES: &[(&str, &str)] = &[
            ("---\ntitle: T\nBody.", "unterminated front matter"),
            ("+++\ntitle = \"T\"\n", "no closing `+++`"),
            ("---\ntitle: [a\n---\nBody.", "line 3"),
            ("---\n- a\n- b\n---\nBody.", "not a table"),
            ("+++\ntitle = \"T\"\ntitle = 2\n+++\nBody.", "line 3"),
        ];
        for (text, expected) in CASES {
            let out = parse(text, &FieldMap::default());
            assert!(out.docs.is_empty(), "{text:?}");
            let [error] = &out.errors[..] else {
                panic!("{:?}", out.errors)
            };
            assert_eq!(error.record, None);
            assert!(error.message.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn front_matter_errors_keep_their_cause() {
        let fields = FieldMap::default();
        let yaml = front_matter("---\ntitle: [a\n---\n", &fields).unwrap_err();
        assert!(matches!(yaml, FrontMatterError::Yaml { .. }), "{yaml:?}");
        let toml = front_matter("+++\ntitle = \n+++\n", &fields).unwrap_err();
        assert!(
            matches!(toml, FrontMatterError::Toml { line: Some(2), .. }),
            "{toml:?}"
        );
        for err in [yaml, toml] {
            assert!(std::error::Error::source(&err).is_some(), "{err}");
        }
        let open = front_matter("---\nx: 1\n", &fields).unwrap_err();
        assert!(std::error::Error::source(&open).is_none());
    }

    #[test]
    fn obsidian_notes_lose_their_markup() {
        let note = "---\ntitle: Xiangshan Forum notes\nsource: \"[[Notes/Sources/MND]]\"\n---\n\
            > [!info] Summary\n> Spoke: [[People/Dong Jun|Dong Jun]] at the [[Xiangshan Forum#Day 1]].\n\
            %% travel budget: ask finance %%\n%%\nprivate\n%%\nThe *twelfth* forum opened. ![[photo.png]]\n";
        let (doc, errors) = parse_one(note);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(doc.source.as_deref(), Some("MND"));
        assert_eq!(
            doc.body,
            "Summary\nSpoke: Dong Jun at the Xiangshan Forum.\n\nThe twelfth forum opened."
        );
    }

    #[test]
    fn inline_cleanup() {
        const CASES: &[(&str, &str)] = &[
            ("see [the site](http://x) now", "see the site now"),
            ("![img](a.png) caption", "caption"),
            ("[a] and [b](c)", "[a] and b"),
            ("[unclosed](x", "[unclosed](x"),
            ("**粗体**与[链接](u)", "粗体与链接"),
            ("> > ### Quoted heading", "Quoted heading"),
            ("* * *", ""),
            ("- item", "- item"),
        ];
        for (line, expected) in CASES {
            assert_eq!(clean_line(line).0, *expected, "{line:?}");
        }
    }

    #[test]
    fn front_matter_only_and_empty_front_matter() {
        let (doc, _) = parse_one("---\ntitle: Only a title\n---\n");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Only a title", "")
        );
        let (doc, _) = parse_one("---\n---\nFirst line\nsecond");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("First line", "second")
        );
        let out = parse("---\ndate: 2024-01-01\n---\n", &FieldMap::default());
        assert!(out.docs.is_empty());
        assert_eq!(out.errors[0].message, "no title or body");
    }
}
