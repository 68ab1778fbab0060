//! JSON and JSONL/NDJSON records, as written by scrapers and collectors.
//!
//! Field names vary from one collector to the next (`title_original`, `headline`,
//! `published_date`, ...), so each milpress field is looked up under a list of names:
//! the `milpress.toml` mappings first, then the built-in names (see
//! [`Field::builtin_names`]). Keys match case-insensitively and the first present,
//! non-empty value wins. `from_object` also reads Markdown front matter.

use serde_json::{Map, Value};

use super::{bad_date, strip_bom, FileParse, ParseError};
use crate::document::{Date, Kind, Lang, Parsed, Translation};
use crate::extract::date::{parse_loose, DateError};
use crate::ingest::format::{Field, FieldMap};

/// Keys under which a `.json` file may hold its array of records.
const WRAPPER_KEYS: &[&str] = &[
    "records",
    "items",
    "data",
    "articles",
    "results",
    "documents",
    "docs",
    "entries",
];

/// Parses a `.json` file: one object, an array of objects, or an object wrapping an array.
pub fn parse(text: &str, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => match array_elements(text) {
            // An array with a bad record: the others are kept, the bad one is reported.
            Some((elements, closed)) => {
                let mut out = parse_elements(text, &elements, fields);
                if !closed {
                    let line = text.matches('\n').count() + 1;
                    let message = format!(
                        "the array is not closed: the file ends at line {line}, cut short?"
                    );
                    out.warnings.push(ParseError::new(None, message));
                }
                return out;
            }
            None => return FileParse::failed(format!("not valid JSON: {e}")),
        },
    };
    let mut out = FileParse::default();
    match &value {
        Value::Array(items) => add_all(&mut out, items, fields),
        Value::Object(obj) => match wrapped_records(obj, fields) {
            Some(items) => add_all(&mut out, items, fields),
            None => add_record(&mut out, &value, None, fields),
        },
        other => {
            let found = type_name(other);
            return FileParse::failed(format!("expected a JSON object or array, found {found}"));
        }
    }
    out
}

/// Parses a `.jsonl`/`.ndjson` file: one object per line, blank lines skipped. A bad line is
/// reported under its line number and the other lines are kept.
pub fn parse_lines(text: &str, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let mut out = FileParse::default();
    for (line, number) in text.lines().zip(1u64..) {
        parse_line(&mut out, line, number, fields);
    }
    out
}

/// Adds line `number` of a JSON Lines file to `out`: its document, or the problem with it. A
/// blank line is no record. The streaming reader (`ingest::stream`) calls this line
/// by line, so a feed of any size is read the same way as a small one.
pub fn parse_line(out: &mut FileParse, line: &str, number: u64, fields: &FieldMap) {
    if line.trim().is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(value) => add_record(out, &value, Some(number), fields),
        Err(e) => {
            // The error's "line 1" means this record, so only its column is worth keeping.
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            let text = format!("not valid JSON (column {}): {message}", e.column());
            out.errors.push(ParseError::new(Some(number), text));
        }
    }
}

/// The byte ranges of the elements of a top-level JSON array, told apart by their brackets
/// and commas outside strings (so that an element that is not valid JSON does not take the
/// others with it), and whether the array is closed; `None` when `text` is no array or its
/// elements cannot be told apart.
fn array_elements(text: &str) -> Option<(Vec<(usize, usize)>, bool)> {
    let start = text.find(|c: char| !c.is_whitespace())?;
    if !text[start..].starts_with('[') {
        return None;
    }
    let mut elements = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut element: Option<usize> = None;
    let mut closed = false;
    for (at, c) in text.char_indices().skip_while(|(at, _)| *at < start) {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                element.get_or_insert(at);
            }
            '[' | '{' => {
                depth += 1;
                if depth == 2 {
                    element.get_or_insert(at);
                }
            }
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 1 {
                    if let Some(from) = element.take() {
                        elements.push((from, at + 1));
                    }
                } else if depth == 0 {
                    if let Some(from) = element.take() {
                        elements.push((from, at));
                    }
                    closed = true;
                    break;
                }
            }
            ',' if depth == 1 => {
                if let Some(from) = element.take() {
                    elements.push((from, at));
                }
            }
            c if depth == 1 && !c.is_whitespace() => {
                element.get_or_insert(at);
            }
            _ => {}
        }
    }
    if let Some(from) = element {
        elements.push((from, text.len()));
    }
    (!elements.is_empty()).then_some((elements, closed))
}

/// The records of an array whose elements are at `elements` in `text`, each parsed on its own:
/// a bad one is reported under its number and line.
fn parse_elements(text: &str, elements: &[(usize, usize)], fields: &FieldMap) -> FileParse {
    let mut out = FileParse::default();
    for (&(from, to), number) in elements.iter().zip(1u64..) {
        match serde_json::from_str::<Value>(&text[from..to]) {
            Ok(value) => add_record(&mut out, &value, Some(number), fields),
            Err(e) => {
                // serde's position is within the element: told again within the file.
                let line = text[..from].matches('\n').count() + e.line();
                let line_start = text[..from].rfind('\n').map_or(0, |n| n + 1);
                let column = match e.line() {
                    1 => text[line_start..from].chars().count() + e.column(),
                    _ => e.column(),
                };
                let message = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                let message = message.strip_suffix(&suffix).unwrap_or(&message);
                let text = format!("not valid JSON (line {line}, column {column}): {message}");
                out.errors.push(ParseError::new(Some(number), text));
            }
        }
    }
    out
}

fn add_all(out: &mut FileParse, items: &[Value], fields: &FieldMap) {
    for (item, number) in items.iter().zip(1u64..) {
        add_record(out, item, Some(number), fields);
    }
}

/// The array of records of a file like `{"records": [...]}`; `None` when the object looks
/// like a record itself. Only a body makes it one: feeds often carry a title of their own
/// next to their items.
fn wrapped_records<'a>(obj: &'a Map<String, Value>, fields: &FieldMap) -> Option<&'a [Value]> {
    if first(obj, fields.names(Field::Body), text_value).is_some() {
        return None;
    }
    obj.iter().find_map(|(key, value)| match value {
        Value::Array(items) if WRAPPER_KEYS.iter().any(|w| w.eq_ignore_ascii_case(key)) => {
            Some(items.as_slice())
        }
        _ => None,
    })
}

fn add_record(out: &mut FileParse, value: &Value, record: Option<u64>, fields: &FieldMap) {
    let Value::Object(obj) = value else {
        let message = format!("expected an object, found {}", type_name(value));
        out.errors.push(ParseError::new(record, message));
        return;
    };
    let (mut doc, problems) = from_object(obj, fields);
    if doc.title.is_empty() && doc.body.is_empty() {
        // Naming the keys that are there helps the user write a `[fields]` mapping.
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(12).collect();
        if obj.len() > keys.len() {
            keys.push("...");
        }
        let message = format!("no title or body (keys: {})", keys.join(", "));
        out.errors.push(ParseError::new(record, message));
        return;
    }
    doc.record = record;
    out.warnings
        .extend(problems.into_iter().map(|m| ParseError::new(record, m)));
    out.docs.push(doc);
}

/// Reads one record (a JSON object or front matter) into a document. The strings are
/// problems that leave the document usable, such as an unparseable date (the document is
/// then undated unless its text gives a date).
pub(super) fn from_object(obj: &Map<String, Value>, fields: &FieldMap) -> (Parsed, Vec<String>) {
    let text = |field| first(obj, fields.names(field), text_value);
    let value = |field| text(field).map(|(_, v)| v);
    let list = |field| {
        first(obj, fields.names(field), list_value)
            .map(|(_, v)| v)
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let date = first(obj, fields.names(Field::Date), present).and_then(|(key, v)| {
        parse_date(v)
            .map_err(|err| problems.push(bad_date(&format!("`{key}`"), &show(v), err)))
            .ok()
    });
    let title = value(Field::Title).unwrap_or_default();
    let body = value(Field::Body).unwrap_or_default();
    let translation = translation(text(Field::TitleTranslation), text(Field::BodyTranslation))
        .filter(|t| {
            let same = |tr: &str, original: &str| tr.is_empty() || tr == original;
            !(same(&t.title, &title) && same(&t.body, &body))
        });
    let doc = Parsed {
        kind: value(Field::Kind).and_then(|k| Kind::parse(&k)),
        local_id: value(Field::Id),
        record: None,
        title,
        body,
        translation,
        lang: value(Field::Lang).and_then(|l| Lang::parse(&l)),
        date,
        speakers: list(Field::Speakers),
        themes: list(Field::Themes),
        tags: list(Field::Tags),
        source: value(Field::Source),
        url: value(Field::Url),
        via: None,
        page_url: None,
        headlines: Vec::new(),
    };
    (doc, problems)
}

/// A translation from whichever of its title and body are present; its language comes from
/// the key names (`title_english`, `body_en`, `title_zh`).
fn translation(
    title: Option<(String, String)>,
    body: Option<(String, String)>,
) -> Option<Translation> {
    if title.is_none() && body.is_none() {
        return None;
    }
    let says = |words: &[&str]| {
        [&title, &body].iter().any(|field| {
            field.as_ref().is_some_and(|(key, _)| {
                let key = key.to_ascii_lowercase();
                key.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|part| words.contains(&part))
            })
        })
    };
    let lang = if says(&["english", "en"]) {
        Some(Lang::En)
    } else if says(&["chinese", "zh", "cn"]) {
        Some(Lang::Zh)
    } else {
        None
    };
    Some(Translation {
        lang,
        title: title.map(|(_, v)| v).unwrap_or_default(),
        body: body.map(|(_, v)| v).unwrap_or_default(),
    })
}

/// Keys of an object that holds a record's metadata rather than being a field of its own
/// (`{"title": …, "meta": {"date": …, "outlet": …}}`): looked into for a field the record
/// does not have at its top.
const NESTED: &[&str] = &[
    "meta",
    "metadata",
    "attributes",
    "properties",
    "info",
    "_source",
    "fields",
    "document",
    "article",
    "item",
    "record",
    "data",
];

/// The first of `names` (in order) present in `obj` for which `read` yields a value, with the
/// key as the file spells it; else the same in an object under one of the [`NESTED`] keys,
/// with its key as `meta.date`.
fn first<'a, T>(
    obj: &'a Map<String, Value>,
    names: &[String],
    read: impl Fn(&'a Value) -> Option<T>,
) -> Option<(String, T)> {
    let find = |obj: &'a Map<String, Value>| {
        names.iter().find_map(|name| {
            obj.iter()
                .filter(|(key, _)| key.eq_ignore_ascii_case(name))
                .find_map(|(key, v)| read(v).map(|t| (key.clone(), t)))
        })
    };
    find(obj).or_else(|| {
        obj.iter()
            .filter(|(key, _)| NESTED.iter().any(|n| key.eq_ignore_ascii_case(n)))
            .find_map(|(outer, v)| match v {
                Value::Object(inner) => find(inner).map(|(key, t)| (format!("{outer}.{key}"), t)),
                _ => None,
            })
    })
}

/// The value itself, unless it is null or empty.
fn present(value: &Value) -> Option<&Value> {
    let empty = match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    };
    (!empty).then_some(value)
}

/// A trimmed, non-empty string; numbers become their text (an integer id 405 → "405").
fn text_value(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A non-empty list from an array of strings, a delimited string (`a, b`, `甲、乙`) or a
/// Python-style list literal in a string (`"['doctrine', 'political_work']"`).
fn list_value(value: &Value) -> Option<Vec<String>> {
    let items = match value {
        Value::Array(items) => items.iter().filter_map(text_value).collect(),
        Value::String(s) => {
            let s = s.trim();
            match s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                Some(inner) => list_literal(inner),
                None => s
                    .split([',', ';', '、', '，', '；'])
                    .map(|item| item.trim().to_string())
                    .filter(|item| !item.is_empty())
                    .collect(),
            }
        }
        _ => Vec::new(),
    };
    (!items.is_empty()).then_some(items)
}

/// Items of the inside of a `[...]` list literal; quotes (`'` or `"`) protect commas, and an
/// apostrophe inside a word (`China's`) is just a character.
fn list_literal(inner: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut quote = None;
    for c in inner.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => item.push(c),
            None if (c == '\'' || c == '"') && item.trim().is_empty() => quote = Some(c),
            None if c == ',' => items.push(std::mem::take(&mut item)),
            None => item.push(c),
        }
    }
    items.push(item);
    items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// A date from an ISO string (`2026-05-18`, `2026-05-18T08:00:00Z`), a Chinese date
/// (`2026年5月18日`) or a unix timestamp in seconds or milliseconds (number or digits).
fn parse_date(value: &Value) -> Result<Date, DateError> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(from_timestamp)
            .ok_or(DateError::Unreadable),
        // ISO, `18 May 2026`, `2026年5月18日`, `13/05/2026`, timestamps as digit strings, ...
        Value::String(s) => parse_loose(s),
        _ => Err(DateError::Unreadable),
    }
}

fn from_timestamp(t: f64) -> Option<Date> {
    // Seconds since 1970 stay below 1e11 until the year 5138, so anything larger is ms.
    let seconds = if t.abs() >= 1e11 { t / 1000.0 } else { t };
    let days = (seconds / 86_400.0).floor();
    // Dates are only valid in 1900..=2100; the bound also keeps the cast and the calendar
    // arithmetic far from overflow.
    if !(-30_000.0..=50_000.0).contains(&days) {
        return None;
    }
    Date::from_days_since_epoch(days as i64)
}

/// A value for an error message, shortened so a huge field does not flood the report.
fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", text.get(..cut).unwrap_or_default()),
        None => text,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::config::Config;

    fn defaults() -> FieldMap {
        FieldMap::default()
    }

    const RECORDS: &str = r#"
{"id": 405, "URL": " http://example.org/1 ", "Source": "PLA Daily", "source_lang": "zh",
 "published_date": "2026-05-18", "title_original": "国防部例行记者会",
 "text_original": "记者：请介绍情况。发言人：好的。",
 "title_english": "MND Regular Press Conference", "text_english": "Reporter: Please brief us.",
 "categories": "['military_diplomacy', 'exercises']", "speaker": "蒋斌、张晓刚"}
"#;

    #[test]
    fn single_object_uses_builtin_names() {
        let out = parse(RECORDS, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let expected = Parsed {
            local_id: Some("405".into()),
            title: "国防部例行记者会".into(),
            body: "记者：请介绍情况。发言人：好的。".into(),
            translation: Some(Translation {
                lang: Some(Lang::En),
                title: "MND Regular Press Conference".into(),
                body: "Reporter: Please brief us.".into(),
            }),
            lang: Some(Lang::Zh),
            date: Date::new(2026, 5, 18),
            speakers: vec!["蒋斌".into(), "张晓刚".into()],
            tags: vec!["military_diplomacy".into(), "exercises".into()],
            source: Some("PLA Daily".into()),
            url: Some("http://example.org/1".into()),
            ..Parsed::default()
        };
        assert_eq!(out.docs, [expected]);
    }

    const ARRAY: &str = r#"[
        {"headline": "A", "date": 1715990400},
        "not an object",
        {"summary": "only a body", "date": "sometime", "tags": ["x", " ", "y"]},
        {"url": "http://example.org/no-text"},
        {"title": "Same", "body": "b", "title_en": "Same", "body_en": "b"}
    ]"#;

    #[test]
    fn one_bad_record_of_an_array_does_not_take_the_others() {
        const BROKEN: &str =
            "[\n  {\"title\": \"First\", \"body\": \"Alpha, [bracketed] {text}\"},\n  \
            {\"title\": \"Second\", \"body\": \"Beta\" \"oops\"},\n  \
            {\"title\": \"Third\", \"body\": \"Gamma \\\"quoted\\\"\"}\n  \
            {\"title\": \"Fourth\", \"body\": \"no comma before me\"}\n]";
        let out = parse(BROKEN, &defaults());
        let titles: Vec<&str> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["First", "Third", "Fourth"]);
        assert_eq!(out.docs[1].record, Some(3));
        assert_eq!(out.docs[1].body, "Gamma \"quoted\"");
        let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0],
            "record 2: not valid JSON (line 3, column 38): expected `,` or `}`"
        );
        // Not an array: the file as a whole is reported.
        // Cut short: the records before the cut are kept, and the file is reported.
        let cut = parse(
            "[{\"title\": \"A\", \"body\": \"ok\"},\n{\"title\": \"B\", \"body\": \"cu",
            &defaults(),
        );
        assert_eq!(cut.docs.len(), 1);
        let errors: Vec<String> = cut.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("record 2: not valid JSON (line 2"),
            "{errors:?}"
        );
        assert!(cut.warnings[0].to_string().contains("not closed"));
        let whole = parse("{\"title\": \"x\" \"y\"}", &defaults());
        assert!(whole.docs.is_empty() && whole.errors[0].record.is_none());
    }

    #[test]
    fn metadata_nested_in_an_object_is_read() {
        const NESTED_META: &str = r#"[
            {"headline": "Navies meet", "content": "Two navies met.",
             "meta": {"date": "2026-05-19", "outlet": "Xinhua", "tags": ["navy"]}},
            {"headline": "Undated", "content": "Text.", "meta": {"date": "sometime in May"}},
            {"headline": "Top wins", "content": "Text.", "date": "2026-05-01",
             "meta": {"date": "2026-05-02"}},
            {"headline": "Not metadata", "content": "Text.", "author": {"date": "2026-05-03"}}
        ]"#;
        let out = parse(NESTED_META, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let dates: Vec<_> = out.docs.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [Date::new(2026, 5, 19), None, Date::new(2026, 5, 1), None]
        );
        assert_eq!(out.docs[0].source.as_deref(), Some("Xinhua"));
        assert_eq!(out.docs[0].tags, ["navy"]);
        let warnings: Vec<String> = out.warnings.iter().map(|e| e.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("record 2") && warnings[0].contains("meta.date"));
    }

    #[test]
    fn array_keeps_good_elements() {
        let out = parse(ARRAY, &defaults());
        let records: Vec<_> = out.docs.iter().map(|d| d.record).collect();
        assert_eq!(records, [Some(1), Some(3), Some(5)]);
        assert_eq!(out.docs[0].date, Date::new(2024, 5, 18));
        assert_eq!(out.docs[1].body, "only a body");
        assert_eq!(out.docs[1].date, None);
        assert_eq!(out.docs[1].tags, ["x", "y"]);
        // A "translation" identical to the original is no translation.
        assert_eq!(out.docs[2].translation, None);

        let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "record 2: expected an object, found a string",
                "record 4: no title or body (keys: url)",
            ]
        );
        // Record 3 is kept without its date: a warning, not an error.
        let warnings: Vec<String> = out.warnings.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            warnings,
            ["record 3: bad date in `date` ignored: \"sometime\" (not a date milpress reads)"]
        );
    }

    #[test]
    fn wrapped_array_and_file_errors() {
        const WRAPPED: &str = r#"{"title": "Feed", "Items": [{"title": "a"}, {"title": "b"}]}"#;
        let out = parse(WRAPPED, &defaults());
        let titles: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str()))
            .collect();
        assert_eq!(titles, [(Some(1), "a"), (Some(2), "b")]);

        // With a body of its own the object is the record, whatever else it holds.
        const RECORD: &str = r#"{"body": "text", "data": [{"title": "a"}]}"#;
        let out = parse(RECORD, &defaults());
        assert_eq!((out.docs.len(), out.docs[0].record), (1, None));

        const BAD: &[(&str, &str)] = &[
            (
                "{\"title\": \"a\",\n",
                "not valid JSON: EOF while parsing a value at line 2",
            ),
            ("hello", "not valid JSON: expected value at line 1 column 1"),
            (
                "\"a string\"",
                "expected a JSON object or array, found a string",
            ),
            ("  ", "empty file"),
            ("{\"n\": 1}", "no title or body (keys: n)"),
        ];
        for (text, expected) in BAD {
            let out = parse(text, &defaults());
            assert!(out.docs.is_empty());
            assert_eq!(out.errors.len(), 1, "{text:?}");
            assert_eq!(out.errors[0].record, None);
            assert!(
                out.errors[0].message.starts_with(expected),
                "{:?}",
                out.errors
            );
        }
    }

    const LINES: &str =
        "\u{feff}{\"title\": \"one\"}\r\n\n{\"title\": \"three\",}\n{\"text\": \"four\"}\n[1]\n";

    #[test]
    fn jsonl_reports_bad_lines_and_keeps_the_rest() {
        let out = parse_lines(LINES, &defaults());
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.body.as_str()))
            .collect();
        assert_eq!(got, [(Some(1), ""), (Some(4), "four")]);
        let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "record 3: not valid JSON (column 19): trailing comma",
                "record 5: expected an object, found an array",
            ]
        );
    }

    #[test]
    fn user_mappings_come_first() {
        const TOML: &str = "[[files]]\npattern = \"*.jsonl\"\n[files.fields]\n\
            title = \"headline_cn\"\nbody = [\"transcript\"]\ndate = \"pubdate\"\n\
            speakers = \"who\"\ntitle_translation = \"title_zh\"\n";
        const RECORD: &str = r#"{"title": "generic", "headline_cn": "具体标题",
            "pubdate": "2025年1月8日", "who": "Wu Qian; Zhang Xiaogang",
            "transcript": "Q and A", "title_zh": "中文"}"#;
        let rules = Config::parse(TOML).unwrap().rules_for("feeds/mnd.jsonl");
        let out = parse(RECORD, &rules.fields);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let doc = &out.docs[0];
        assert_eq!(doc.title, "具体标题");
        assert_eq!(doc.body, "Q and A");
        assert_eq!(doc.date, Date::new(2025, 1, 8));
        assert_eq!(doc.speakers, ["Wu Qian", "Zhang Xiaogang"]);
        let translation = doc.translation.as_ref().unwrap();
        assert_eq!(
            (translation.lang, translation.title.as_str()),
            (Some(Lang::Zh), "中文")
        );
    }

    #[test]
    fn values_and_dates() {
        const LISTS: &[(&str, &[&str])] = &[
            (r#""a, b；c、d，e""#, &["a", "b", "c", "d", "e"]),
            (
                r#""['doctrine', 'political_work']""#,
                &["doctrine", "political_work"],
            ),
            (r#""[\"a, b\", 'c']""#, &["a, b", "c"]),
            (r#""[China's navy]""#, &["China's navy"]),
            (r#"["x", 3, null]"#, &["x", "3"]),
            (r#""[]""#, &[]),
            ("{}", &[]),
        ];
        for (json, expected) in LISTS {
            let value: Value = serde_json::from_str(json).unwrap();
            let got = list_value(&value).unwrap_or_default();
            assert_eq!(got, *expected, "{json}");
        }

        const DATES: &[(&str, Option<&str>)] = &[
            (r#""2026-05-18T08:00:00Z""#, Some("2026-05-18")),
            (r#""2026/5/18""#, Some("2026-05-18")),
            (r#""2026年5月18日 10:00""#, Some("2026-05-18")),
            ("1779062400", Some("2026-05-18")),
            ("1779062400000", Some("2026-05-18")),
            (r#""1779062400""#, Some("2026-05-18")),
            ("0", Some("1970-01-01")),
            ("1e300", None),
            ("-1e300", None),
            (r#""2026-02-30""#, None),
            (r#""May 18""#, None),
            ("true", None),
        ];
        for (json, expected) in DATES {
            let value: Value = serde_json::from_str(json).unwrap();
            let got = parse_date(&value).ok().map(|d| d.to_string());
            assert_eq!(got.as_deref(), *expected, "{json}");
        }
    }

    /// The collected PLA Daily / China Military Online sample, read in place (never copied).
    /// Skipped where the shared corpus is absent.
    #[test]
    fn pla_watch_corpus() {
        let Some(path) = crate::testing::shared_file("pla-watch-2026-05.jsonl") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let out = parse_lines(&text, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.docs.len(), 461);
        // 161 records carry `title_english`/`text_english`, but in record 198 (an English
        // source) both are copies of the original, so they do not count as a translation.
        let translated = out.docs.iter().filter(|d| d.translation.is_some()).count();
        assert_eq!(translated, 160);
        assert_eq!(out.docs[197].translation, None);
        assert!(out
            .docs
            .iter()
            .all(|d| d.date.is_some() && d.lang.is_some()));
        let doc = &out.docs[392];
        assert_eq!(doc.record, Some(393));
        assert_eq!(doc.local_id.as_deref(), Some("399"));
        assert!(doc.title.contains("香山"), "{}", doc.title);
    }
}
