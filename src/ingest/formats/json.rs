//! JSON and JSONL/NDJSON records, as written by scrapers and collectors.
//!
//! Field names vary from one collector to the next (`title_original`, `headline`,
//! `published_date`, ...), so each milpress field is looked up under a list of names:
//! the `milpress.toml` mappings first, then the built-in names (see
//! [`Field::builtin_names`]). Keys match case-insensitively and the first present,
//! non-empty value wins. `from_object` also reads Markdown front matter.

use serde_json::{Map, Value};

use super::{date_field, html, strip_bom, FileParse, ParseError};
use crate::document::{Date, Kind, Lang, Parsed, Translation};
use crate::extract::date::{from_number, parse_loose, DateError};
use crate::extract::lang::detect;
use crate::ingest::format::{Field, FieldMap};

/// Keys under which a `.json` file may hold its array of records, at its top or in an
/// object below it (`{"status": "ok", "data": {"articles": [...]}}`).
const WRAPPER_KEYS: &[&str] = &[
    "records",
    "items",
    "data",
    "articles",
    "results",
    "documents",
    "docs",
    "entries",
    "list",
    "rows",
    "hits",
    "posts",
    "news",
    "stories",
];

/// How many objects deep the array of records may sit: `{"records": [...]}` is depth 1,
/// `data.articles` depth 2, `response.body.items` depth 3.
const MAX_WRAPPER_DEPTH: usize = 3;

/// Parses a `.json` file: one object, an array of objects, or an object wrapping an array.
pub fn parse(text: &str, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => match records_array(text).and_then(|at| array_elements(text, at)) {
            // An array with a bad record (at the top, or wrapped as `{"items": [...]}`): the
            // others are kept, the bad one is reported.
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
    let mut lines = LineReader::default();
    for (line, number) in text.split('\n').zip(1u64..) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        lines.line(&mut out, line, number, fields);
    }
    lines.finish(&mut out);
    out
}

/// The records of a JSON Lines file, read line by line: each line is one record, except that a
/// record cut short at a line's end (a raw line break inside one of its strings, which JSON
/// forbids, or between its fields) is read on with the lines after it, up to `MOST_JOINED` (50)
/// lines, and indexed once with a warning. A record that never closes is reported once, under
/// its first line. The streaming reader (`ingest::stream`) and the whole-file path both read
/// through this, so a feed of any size is read the same way as a small one.
#[derive(Debug, Default)]
pub struct LineReader {
    /// A record cut short: its first line's number and text, and the lines read so far.
    held: Option<Held>,
}

#[derive(Debug)]
struct Held {
    first: u64,
    first_line: String,
    text: String,
    lines: usize,
}

/// The most lines one record of a JSON Lines file is read over.
const MOST_JOINED: usize = 50;

impl LineReader {
    /// Adds line `number` to `out`: its document, or the problem with it, or nothing yet when it
    /// holds part of a record cut short. A blank line is no record.
    pub fn line(&mut self, out: &mut FileParse, line: &str, number: u64, fields: &FieldMap) {
        // A byte-order mark opening a line: files joined with `cat`, each saved with one.
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if let Some(mut held) = self.held.take() {
            // A break inside a string was the text's own line break; between fields, a space.
            held.text
                .push_str(if in_string(&held.text) { "\\n" } else { "\n" });
            held.text.push_str(line);
            held.lines += 1;
            match serde_json::from_str::<Value>(&held.text) {
                Ok(value) => {
                    add_record(out, &value, Some(held.first), fields);
                    let warning = format!(
                        "one record over lines {}-{number} (a line break inside it): read whole",
                        held.first
                    );
                    out.warnings
                        .push(ParseError::new(Some(held.first), warning));
                    return;
                }
                Err(e) if e.is_eof() && held.lines < MOST_JOINED => {
                    self.held = Some(held);
                    return;
                }
                // Not the rest of that record: it is reported as it was, and this line read
                // on its own.
                Err(_) => report(out, &held.first_line, held.first),
            }
        }
        if line.trim().is_empty() {
            return;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => add_record(out, &value, Some(number), fields),
            Err(e) if e.is_eof() && line.trim_start().starts_with('{') => {
                self.held = Some(Held {
                    first: number,
                    first_line: line.to_string(),
                    text: line.to_string(),
                    lines: 1,
                });
            }
            Err(e) => push_error(out, &e, number),
        }
    }

    /// Reports a record still cut short at the end of the file.
    pub fn finish(&mut self, out: &mut FileParse) {
        if let Some(held) = self.held.take() {
            report(out, &held.first_line, held.first);
        }
    }
}

/// Reports line `number` (`line`) as not valid JSON.
fn report(out: &mut FileParse, line: &str, number: u64) {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(line) {
        push_error(out, &e, number);
    }
}

fn push_error(out: &mut FileParse, e: &serde_json::Error, number: u64) {
    // The error's "line 1" means this record, so only its column is worth keeping.
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let text = format!("not valid JSON (column {}): {message}", e.column());
    out.errors.push(ParseError::new(Some(number), text));
}

/// Whether `text`, the start of a JSON value, ends inside a string.
/// Whether a scan over JSON text is inside a string, character by character.
#[derive(Default)]
struct Strings {
    inside: bool,
    escaped: bool,
}

impl Strings {
    /// Takes the next character; true when it belongs to a string (its closing quote too),
    /// so that a scan for structure skips it. An opening quote is left to the caller.
    fn skip(&mut self, c: char) -> bool {
        if !self.inside {
            return false;
        }
        match c {
            _ if self.escaped => self.escaped = false,
            '\\' => self.escaped = true,
            '"' => self.inside = false,
            _ => {}
        }
        true
    }
}

fn in_string(text: &str) -> bool {
    let (mut inside, mut escaped) = (false, false);
    for b in text.bytes() {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// Where the array of records of a file that is not valid JSON starts: the file itself when
/// it is an array, else the longest array of objects wrapped in objects (`{"items": [...]}`,
/// `data.articles`, no deeper than [`MAX_WRAPPER_DEPTH`]), read before the error.
fn records_array(text: &str) -> Option<usize> {
    let start = text.find(|c: char| !c.is_whitespace())?;
    match text[start..].chars().next()? {
        '[' => return Some(start),
        '{' => {}
        _ => return None,
    }
    // Each array of objects met at a wrapper's depth, with its number of elements.
    let mut best: Option<(usize, usize)> = None;
    let mut stack: Vec<char> = Vec::new();
    let mut strings = Strings::default();
    for (at, c) in text[start..].char_indices().map(|(at, c)| (start + at, c)) {
        if strings.skip(c) {
            continue;
        }
        match c {
            '"' => strings.inside = true,
            '{' => stack.push('{'),
            '[' => {
                let wrapped = (1..=MAX_WRAPPER_DEPTH).contains(&stack.len())
                    && stack.iter().all(|&open| open == '{')
                    && text[at + 1..].trim_start().starts_with('{');
                if wrapped {
                    let count = array_elements(text, at).map_or(0, |(e, _)| e.len());
                    if best.is_none_or(|(_, most)| count > most) {
                        best = Some((at, count));
                    }
                }
                stack.push('[');
            }
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    best.map(|(at, _)| at)
}

/// The byte ranges of the elements of the JSON array that opens at byte `start` of `text`,
/// told apart by their brackets and commas outside strings (so that an element that is not
/// valid JSON does not take the others with it), and whether the array is closed; `None` when
/// no array opens there or its elements cannot be told apart. An element that does not parse
/// is cut again where one object ends and the next begins (`}, {`): a quote left open would
/// otherwise make every element after it part of one long string.
fn array_elements(text: &str, start: usize) -> Option<(Vec<(usize, usize)>, bool)> {
    if !text[start..].starts_with('[') {
        return None;
    }
    let mut elements = Vec::new();
    let mut depth = 0usize;
    let mut strings = Strings::default();
    let mut element: Option<usize> = None;
    let mut closed = false;
    for (at, c) in text[start..].char_indices().map(|(at, c)| (start + at, c)) {
        if strings.skip(c) {
            continue;
        }
        match c {
            '"' => {
                strings.inside = true;
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
    let mut cut = Vec::with_capacity(elements.len());
    let parses = |text: &str| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    for (from, to) in elements {
        if parses(&text[from..to]) {
            cut.push((from, to));
            continue;
        }
        let pieces = object_starts(&text[from..to]);
        for (i, &piece) in pieces.iter().enumerate() {
            let end = pieces.get(i + 1).map_or(to, |&next| from + next);
            let mut piece_to = end;
            if i + 1 < pieces.len() {
                // Up to the `}` before the comma.
                piece_to = from + text[from..end].rfind('}').map_or(end - from, |b| b + 1);
            }
            let mut piece_text = text[from + piece..piece_to].trim_end();
            // The array's own end (and a wrapper's), read as part of a string that never
            // closed.
            if i + 1 == pieces.len() && !closed && !parses(piece_text) {
                if let Some(inner) = piece_text.rfind(']').map(|at| piece_text[..at].trim_end()) {
                    if parses(inner) {
                        piece_text = inner;
                        closed = true;
                    }
                }
            }
            cut.push((from + piece, from + piece + piece_text.len()));
        }
    }
    (!cut.is_empty()).then_some((cut, closed))
}

/// Where objects start in `text` (an element that does not parse): at 0, and after each `}`
/// followed by a comma and a `{`, whatever quotes come before.
fn object_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (at, &b) in bytes.iter().enumerate() {
        if b != b'}' {
            continue;
        }
        let rest = &text[at + 1..];
        let after = rest.trim_start();
        let Some(after) = after.strip_prefix(',') else {
            continue;
        };
        let after = after.trim_start();
        if after.starts_with('{') {
            starts.push(text.len() - after.len());
        }
    }
    starts
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

/// The array of records of a file like `{"records": [...]}` or `{"status": "ok", "data":
/// {"articles": [...]}}`; `None` when the object looks like a record itself. Only a body
/// makes it one: feeds often carry a title of their own next to their items.
///
/// Arrays are looked for up to [`MAX_WRAPPER_DEPTH`] objects down, never inside an object
/// that has a body (a record's `tags` or `attachments` are its own). The array chosen is one
/// whose elements are mostly records (objects with a title or a body), under a known
/// [`WRAPPER_KEYS`] name before any other, then the shallowest, then the longest. An array
/// under another name counts only where no object on the way has a title, and an array
/// holding no records only under a known name at the top (its elements are then reported
/// one by one).
fn wrapped_records<'a>(obj: &'a Map<String, Value>, fields: &FieldMap) -> Option<&'a [Value]> {
    let mut best = None;
    find_records(obj, fields, 1, false, &mut best);
    best.map(|(_, items)| items)
}

/// The rank of a candidate array: holds records, is under a known key, shallower (as
/// `MAX_WRAPPER_DEPTH - depth`), how many records.
type Rank = (bool, bool, usize, usize);

fn find_records<'a>(
    obj: &'a Map<String, Value>,
    fields: &FieldMap,
    depth: usize,
    titled: bool,
    best: &mut Option<(Rank, &'a [Value])>,
) {
    if first(obj, fields.names(Field::Body), text_value).is_some() {
        return;
    }
    let titled = titled || first(obj, fields.names(Field::Title), text_value).is_some();
    for (key, value) in obj {
        match value {
            Value::Array(items) => {
                let known = WRAPPER_KEYS.iter().any(|w| same_key(key, w));
                let records = items.iter().filter(|item| is_record(item, fields)).count();
                let mostly_records = records > 0 && records * 2 >= items.len();
                let candidate = if mostly_records {
                    known || !titled
                } else {
                    known && depth == 1
                };
                if !candidate {
                    continue;
                }
                let rank = (mostly_records, known, MAX_WRAPPER_DEPTH - depth, records);
                if best.as_ref().is_none_or(|(old, _)| rank > *old) {
                    *best = Some((rank, items.as_slice()));
                }
            }
            Value::Object(inner) if depth < MAX_WRAPPER_DEPTH => {
                find_records(inner, fields, depth + 1, titled, best);
            }
            _ => {}
        }
    }
}

/// Whether `value` is an object with a title or a body (under any of their names, a
/// language's variant of one, or in its metadata object).
fn is_record(value: &Value, fields: &FieldMap) -> bool {
    let Value::Object(obj) = value else {
        return false;
    };
    [Field::Title, Field::Body]
        .into_iter()
        .any(|field| first(obj, fields.names(field), text_value).is_some())
        || !lang_variants(obj, fields).is_empty()
}

fn add_record(out: &mut FileParse, value: &Value, record: Option<u64>, fields: &FieldMap) {
    let Value::Object(obj) = value else {
        let message = format!("expected an object, found {}", type_name(value));
        out.errors.push(ParseError::new(record, message));
        return;
    };
    let (mut doc, mut problems) = from_object(obj, fields);
    if doc.body.is_empty() {
        if let Some((key, body)) = unnamed_body(obj, fields) {
            problems.push(format!(
                "no text under a known name: the {} characters under `{key}` are taken as the \
                 text (name it in milpress.toml, `body = \"{key}\"`, to say so)",
                body.chars().count()
            ));
            doc.body = body;
        }
    }
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

/// Shortest text taken as a record's body from a key milpress does not know.
const UNNAMED_BODY_CHARS: usize = 200;

/// For a record with no text under a known name: the longest text under its other keys, when
/// it reads as prose (at least [`UNNAMED_BODY_CHARS`] characters, with spaces or Chinese in
/// them, not a link), as (key, text without markup). Text would otherwise be lost unseen.
fn unnamed_body(obj: &Map<String, Value>, fields: &FieldMap) -> Option<(String, String)> {
    let known = |key: &str| {
        Field::ALL
            .iter()
            .any(|field| fields.names(*field).iter().any(|name| same_key(key, name)))
    };
    obj.iter()
        .filter(|(key, _)| !known(key))
        .filter_map(|(key, value)| {
            let text = value.as_str()?.trim();
            let text = html::field_text(text).unwrap_or_else(|| text.to_string());
            let chars = text.chars().count();
            let prose = text.contains(' ') || text.chars().any(crate::reference::script::is_han);
            let link = text.starts_with("http://") || text.starts_with("https://");
            (chars >= UNNAMED_BODY_CHARS && prose && !link).then(|| (key.clone(), text, chars))
        })
        .max_by_key(|(_, _, chars)| *chars)
        .map(|(key, text, _)| (key, text))
}

/// Reads one record (a JSON object or front matter) into a document. The strings are
/// problems that leave the document usable, such as an unparseable date (the document is
/// then undated unless its text gives a date).
pub(super) fn from_object(obj: &Map<String, Value>, fields: &FieldMap) -> (Parsed, Vec<String>) {
    // A MongoDB export's typed values (`{"$date": …}`, `{"$oid": …}`) as plain ones.
    let plain;
    let obj = if obj.values().any(is_extended) {
        plain = obj
            .iter()
            .map(|(k, v)| (k.clone(), unwrap_extended(v)))
            .collect::<Map<String, Value>>();
        &plain
    } else {
        obj
    };
    let text = |field| first(obj, fields.names(field), text_value);
    let value = |field| text(field).map(|(_, v)| v);
    let list = |field| {
        first(obj, fields.names(field), list_value)
            .map(|(_, v)| v)
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let (date, year) =
        first(obj, fields.names(Field::Date), present).map_or((None, None), |(key, v)| {
            date_field(parse_date(v), &format!("`{key}`"), &show(v), |m| {
                problems.push(m)
            })
        });
    let lang = value(Field::Lang).and_then(|l| Lang::parse(&l));
    let texts = Texts::of(obj, fields, lang);
    // A value that is HTML (a scraped article's `<p>`s, a title with `&#8217;`) is its text.
    let as_text = |part: Option<(String, String)>| {
        part.map(|(_, v)| html::field_text(&v).unwrap_or(v))
            .unwrap_or_default()
    };
    let as_line = |part: Option<(String, String)>| {
        part.map(|(_, v)| html::field_line(&v).unwrap_or(v))
            .unwrap_or_default()
    };
    let title = as_line(texts.title);
    let body = as_text(texts.body);
    let translation = texts
        .translation
        .map(|t| Translation {
            title: html::field_line(&t.title).unwrap_or(t.title),
            body: html::field_text(&t.body).unwrap_or(t.body),
            ..t
        })
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
        lang,
        date,
        year,
        speakers: list(Field::Speakers),
        themes: list(Field::Themes),
        tags: list(Field::Tags),
        source: first(obj, fields.names(Field::Source), name_value).map(|(_, v)| v),
        url: value(Field::Url),
        via: None,
        page_url: None,
        headlines: Vec::new(),
    };
    (doc, problems)
}

/// A record's title and body and their translation, each part with the key it came from.
struct Texts {
    title: Option<(String, String)>,
    body: Option<(String, String)>,
    translation: Option<Translation>,
}

impl Texts {
    /// Finds the texts under the plain names (`title`, `body`, `title_english`, ...) and,
    /// where those leave a part missing, under a language's variant of a name (`title_cn`,
    /// `content_en`, `zh_title`, `titleEn`). Of the variants, the original is the language
    /// the record states (`lang`, `source_lang`), else that of the part found under a plain
    /// name, else Chinese, and the translation is another language's (English first), paired
    /// with the original's own name: `title` with `title_en`, never `name_en`.
    fn of(obj: &Map<String, Value>, fields: &FieldMap, stated: Option<Lang>) -> Texts {
        let text = |field| first(obj, fields.names(field), text_value);
        let (mut title, mut body) = (text(Field::Title), text(Field::Body));
        let variants = lang_variants(obj, fields);
        if variants.is_empty() {
            let translation =
                translation(text(Field::TitleTranslation), text(Field::BodyTranslation));
            return Texts {
                title,
                body,
                translation,
            };
        }
        let mut langs: Vec<Lang> = Vec::new();
        for variant in &variants {
            if !langs.contains(&variant.lang) {
                langs.push(variant.lang);
            }
        }
        let one_of = |lang: &Lang| matches!(lang, Lang::En | Lang::Zh);
        let seen = title
            .iter()
            .chain(&body)
            .map(|(_, v)| detect(v))
            .find(one_of);
        let fallback = match langs.contains(&Lang::Zh) {
            true => Lang::Zh,
            false => langs[0],
        };
        let original = stated.filter(one_of).or(seen).unwrap_or(fallback);
        let filling = match langs.contains(&original) {
            true => original,
            false => fallback,
        };
        let pick = |field: Field, lang: Lang, base: Option<&str>| {
            variants.iter().find(|v| {
                v.field == field && v.lang == lang && base.is_none_or(|b| same_key(v.base, b))
            })
        };
        // The name each original part goes by (`title` for both `title` and `title_cn`).
        let mut bases: [Option<String>; 2] = [
            title.as_ref().map(|(key, _)| key.clone()),
            body.as_ref().map(|(key, _)| key.clone()),
        ];
        let mut filled = false;
        for (n, field) in [Field::Title, Field::Body].into_iter().enumerate() {
            let part = if n == 0 { &mut title } else { &mut body };
            if part.is_none() {
                if let Some(variant) = pick(field, filling, None) {
                    *part = Some((variant.key.to_string(), variant.value.clone()));
                    bases[n] = Some(variant.base.to_string());
                    filled = true;
                }
            }
        }
        // A translation under its own names, unless that language gave the original
        // (`title_en` of a record whose `lang` is English).
        let keep = |part: Option<(String, String)>| {
            part.filter(|(key, _)| {
                let lang = variants.iter().find(|v| v.key == key).map(|v| v.lang);
                !(filled && lang == Some(filling))
            })
        };
        let named = translation(
            keep(text(Field::TitleTranslation)),
            keep(text(Field::BodyTranslation)),
        );
        let translation = named.or_else(|| {
            let other = [Lang::En, Lang::Zh]
                .into_iter()
                .chain(langs.iter().copied())
                .find(|l| *l != original && !(filled && *l == filling) && langs.contains(l))?;
            let part = |field, base: Option<&str>| {
                let base = base.map(|b| variants.iter().find(|v| v.key == b).map_or(b, |v| v.base));
                pick(field, other, base).map(|v| v.value.clone())
            };
            let title = part(Field::Title, bases[0].as_deref());
            let body = part(Field::Body, bases[1].as_deref());
            (title.is_some() || body.is_some()).then(|| Translation {
                lang: Some(other),
                title: title.unwrap_or_default(),
                body: body.unwrap_or_default(),
            })
        });
        Texts {
            title,
            body,
            translation,
        }
    }
}

/// A title or body under a language's variant of one of its names: `title_cn` is `title`
/// in Chinese.
struct Variant<'a> {
    field: Field,
    lang: Lang,
    /// The name it is a variant of, as the [`FieldMap`] spells it.
    base: &'a str,
    key: &'a str,
    value: String,
}

/// The titles and bodies of `obj` under language variants of their names, in the order of
/// the names (so `title_cn` comes before `headline_cn`).
fn lang_variants<'a>(obj: &'a Map<String, Value>, fields: &'a FieldMap) -> Vec<Variant<'a>> {
    let keys: Vec<(&str, Vec<String>, &Value)> = obj
        .iter()
        .map(|(key, value)| (key.as_str(), key_words(key), value))
        .filter(|(_, words, _)| words.len() > 1)
        .collect();
    let mut variants = Vec::new();
    if keys.is_empty() {
        return variants;
    }
    for field in [Field::Title, Field::Body] {
        for base in fields.names(field) {
            let base_words = key_words(base);
            for (key, words, value) in &keys {
                let Some(lang) = lang_beside(words, &base_words) else {
                    continue;
                };
                if let Some(text) = text_value(value) {
                    variants.push(Variant {
                        field,
                        lang,
                        base,
                        key,
                        value: text,
                    });
                }
            }
        }
    }
    variants
}

/// The words of a key, lower case, split at `_`, `-`, `.`, spaces and where camelCase turns
/// to upper case: `titleCn` → `title cn`, `title_zh_CN` → `title zh cn`.
fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut after_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            after_lower = false;
            continue;
        }
        if c.is_uppercase() && after_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        after_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The language a key's words name before or after `base`'s words (`title cn`, `zh title`,
/// `content zh cn`), if the rest of the key is one.
fn lang_beside(key: &[String], base: &[String]) -> Option<Lang> {
    if base.is_empty() || key.len() <= base.len() {
        return None;
    }
    let tag = if key.starts_with(base) {
        key[base.len()..].concat()
    } else if key.ends_with(base) {
        key[..key.len() - base.len()].concat()
    } else {
        return None;
    };
    match tag.as_str() {
        "zh" | "cn" | "chs" | "cht" | "zhs" | "zht" | "chn" | "chi" | "zho" | "chinese"
        | "zhcn" | "zhtw" | "zhhk" | "zhhans" | "zhhant" | "hans" | "hant" => Some(Lang::Zh),
        "en" | "eng" | "english" | "enus" | "engb" => Some(Lang::En),
        _ => None,
    }
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
    "content",
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
            // A path a configuration names (`content.title`) is followed from the top.
            if let Some((outers, last)) = name.rsplit_once('.') {
                let mut at = obj;
                for outer in outers.split('.') {
                    match at.iter().find(|(key, _)| same_key(key, outer)) {
                        Some((_, Value::Object(inner))) => at = inner,
                        _ => return None,
                    }
                }
                return at
                    .iter()
                    .filter(|(key, _)| same_key(key, last))
                    .find_map(|(_, v)| read(v).map(|t| (name.clone(), t)));
            }
            obj.iter()
                .filter(|(key, _)| same_key(key, name))
                .find_map(|(key, v)| read(v).map(|t| (key.clone(), t)))
        })
    };
    find(obj).or_else(|| {
        obj.iter()
            .filter(|(key, _)| NESTED.iter().any(|n| same_key(key, n)))
            .find_map(|(outer, v)| match v {
                Value::Object(inner) => find(inner).map(|(key, t)| (format!("{outer}.{key}"), t)),
                _ => None,
            })
    })
}

/// Whether a key is the name `name`: ignoring case and the `_`, `-`, spaces and dots between
/// words, so that `publishedAt`, `Published-At` and a spreadsheet's `Pub. Date` are
/// `published_at` and `pub_date`; a leading `_` counts (`_source` is not `source`).
fn same_key(key: &str, name: &str) -> bool {
    fn squeezed(s: &str) -> impl Iterator<Item = char> + '_ {
        let lead = s.len() - s.trim_start_matches('_').len();
        s[..lead].chars().chain(
            s[lead..]
                .chars()
                .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
                .map(|c| c.to_ascii_lowercase()),
        )
    }
    key.eq_ignore_ascii_case(name) || squeezed(key).eq(squeezed(name))
}

/// A text value, or the name in an object that describes it (`"publisher": {"name": "Global
/// Times", "url": …}`).
fn name_value(value: &Value) -> Option<String> {
    match value {
        Value::Object(obj) => ["name", "title", "display_name", "label"]
            .iter()
            .find_map(|name| {
                obj.iter()
                    .find(|(key, _)| same_key(key, name))
                    .and_then(|(_, v)| text_value(v))
            }),
        other => text_value(other),
    }
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
        // WordPress's REST API: `"title": {"rendered": "…"}`; other APIs' `{"value": …}`.
        Value::Object(obj) => {
            return ["rendered", "raw", "value", "text", "#text"]
                .iter()
                .find_map(|key| obj.get(*key).and_then(text_value))
        }
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        // A scraper's paragraphs: the strings, one paragraph each (images and other objects
        // among them are left out).
        Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::trim).filter(|t| !t.is_empty()))
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A non-empty list from an array of strings, a delimited string (`a, b`, `甲、乙`) or a
/// Python-style list literal in a string (`"['doctrine', 'political_work']"`).
fn list_value(value: &Value) -> Option<Vec<String>> {
    let items = match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                // `- name: Wu Qian` with a role beside it: the name.
                Value::Object(fields) => ["name", "full_name", "fullname", "label", "value"]
                    .iter()
                    .find_map(|key| fields.get(*key).and_then(text_value)),
                item => text_value(item),
            })
            .collect(),
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
/// (`2026年5月18日`) or a unix timestamp in seconds or milliseconds (number or digits); a
/// year alone (`2025`, `"2025-05"`) is [`DateError::YearOnly`].
fn parse_date(value: &Value) -> Result<Date, DateError> {
    match value {
        Value::Number(n) => n.as_f64().map_or(Err(DateError::Unreadable), from_number),
        // ISO, `18 May 2026`, `2026年5月18日`, `13/05/2026`, timestamps as digit strings, ...
        Value::String(s) => parse_loose(s),
        _ => Err(DateError::Unreadable),
    }
}

/// Whether `value` is a MongoDB Extended JSON wrapper: an object of one `$` key.
fn is_extended(value: &Value) -> bool {
    matches!(value, Value::Object(o) if o.len() == 1 && o.keys().all(|k| EXTENDED.contains(&k.as_str())))
}

/// The keys of MongoDB Extended JSON that wrap a plain value.
const EXTENDED: &[&str] = &[
    "$date",
    "$oid",
    "$numberLong",
    "$numberInt",
    "$numberDouble",
];

/// The plain value a MongoDB Extended JSON wrapper holds: `{"$date": "2025-11-14T07:30:00Z"}`
/// is the string, `{"$date": {"$numberLong": "1757030400000"}}` the number, `{"$oid": "…"}`
/// the id string.
fn unwrap_extended(value: &Value) -> Value {
    match value {
        Value::Object(o) if is_extended(value) => {
            let (key, inner) = o.iter().next().expect("one key");
            let inner = unwrap_extended(inner);
            match (key.as_str(), &inner) {
                ("$numberLong" | "$numberInt" | "$numberDouble", Value::String(n)) => n
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(inner.clone(), Value::Number),
                _ => inner,
            }
        }
        other => other.clone(),
    }
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
    fn a_record_broken_over_lines_is_read_once() {
        // A raw line break inside a string, then one between fields, then a good record.
        const FEED: &str =
            "{\"title\": \"Navy drill\", \"body\": \"First paragraph.\nSecond paragraph.\"}\n\
            {\"title\": \"Coast guard patrol\",\n\"body\": \"Ships sailed.\"}\n\
            {\"title\": \"Forum opens\", \"body\": \"Delegates met.\"}\n";
        let out = parse_lines(FEED, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let titles: Vec<&str> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Navy drill", "Coast guard patrol", "Forum opens"]);
        assert_eq!(out.docs[0].body, "First paragraph.\nSecond paragraph.");
        assert_eq!(out.docs[1].record, Some(3));
        assert_eq!(out.docs[2].record, Some(5));
        assert_eq!(out.warnings.len(), 2, "{:?}", out.warnings);
        assert!(
            out.warnings[0].to_string().contains("lines 1-2"),
            "{:?}",
            out.warnings
        );

        // Cut short and never closed: reported once, under its first line, and the record
        // after it is kept.
        const CUT: &str =
            "{\"title\": \"Cut sho\n{\"title\": \"Whole\", \"body\": \"Text.\"}\n{\"title\": \"End";
        let out = parse_lines(CUT, &defaults());
        let titles: Vec<&str> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Whole"]);
        let lines: Vec<Option<u64>> = out.errors.iter().map(|e| e.record).collect();
        assert_eq!(lines, [Some(1), Some(3)], "{:?}", out.errors);
    }
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
    fn a_quote_left_open_or_a_wrapped_list_loses_only_its_record() {
        let titles = |out: &FileParse| -> Vec<(Option<u64>, String)> {
            out.docs
                .iter()
                .map(|d| (d.record, d.title.clone()))
                .collect()
        };
        // A key's closing quote missing: every element after it would read as one string.
        const OPEN_QUOTE: &str = "[\n {\"title\": \"A\", \"body\": \"alpha\"},\n \
            {\"title\": \"B\", \"body: \"beta\", \"date\": \"2024-06-21\"},\n \
            {\"title\": \"C\", \"body\": \"gamma\"},\n \
            {\"title\": \"D\", \"body\": \"delta\"}\n]";
        let out = parse(OPEN_QUOTE, &defaults());
        assert_eq!(
            titles(&out),
            [
                (Some(1), "A".into()),
                (Some(3), "C".into()),
                (Some(4), "D".into())
            ]
        );
        let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("record 2: not valid JSON (line 3"),
            "{errors:?}"
        );
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        // The records wrapped in an object: one bad element takes only itself, here too.
        for wrapped in [
            "{\"items\": [\n {\"title\": \"A\", \"body\": \"alpha\"},\n \
             {\"title\": \"B\", \"body\": \"beta\",},\n \
             {\"title\": \"C\", \"body\": \"gamma\"}\n]}",
            "{\"status\": \"ok\", \"data\": {\"list\": [\n {\"title\": \"A\", \"body\": \"alpha\"},\n \
             {\"title\": \"B\", \"body: \"beta\"},\n \
             {\"title\": \"C\", \"body\": \"gamma\"}\n]}}",
        ] {
            let out = parse(wrapped, &defaults());
            assert_eq!(
                titles(&out),
                [(Some(1), "A".into()), (Some(3), "C".into())],
                "{wrapped}"
            );
            assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
            assert_eq!(out.errors[0].record, Some(2));
            assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        }
    }

    #[test]
    fn wordpress_rendered_fields_are_read() {
        const WP: &str = r#"[{"id": 41, "date": "2025-05-31T09:00:00",
            "title": {"rendered": "Minister speaks at the Dialogue"},
            "content": {"rendered": "<p>The minister said deterrence&#8217;s aim is peace.</p>",
                "protected": false},
            "link": "https://example.org/?p=41"}]"#;
        let out = parse(WP, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.docs[0].title, "Minister speaks at the Dialogue");
        assert_eq!(
            out.docs[0].body,
            "The minister said deterrence’s aim is peace."
        );
        assert_eq!(out.docs[0].date, Date::new(2025, 5, 31));
    }

    #[test]
    fn a_scrapers_nested_content_and_paragraphs_are_read() {
        const SCRAPED: &str = r#"[{"_id": "a1", "url": "https://example.org/a1",
            "meta": {"published": "2025-08-01T20:41:00+08:00", "site": {"name": "China Daily"}},
            "content": {"title": "Navies begin joint drills", "subtitle": "Patrol to follow",
                "paragraphs": ["The drills began on Friday.", {"type": "image", "src": "x.jpg"},
                    "They run for three days."]}}]"#;
        let out = parse(SCRAPED, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let doc = &out.docs[0];
        assert_eq!(doc.title, "Navies begin joint drills");
        assert_eq!(
            doc.body,
            "The drills began on Friday.\n\nThey run for three days."
        );
        assert_eq!(doc.date, Date::new(2025, 8, 1));
        assert_eq!(doc.source.as_deref(), Some("China Daily"));
        // A configuration names a nested key by its path.
        let toml = "[[files]]\npattern = \"*.json\"\n[files.fields]\n\
            title = \"content.subtitle\"\n";
        let rules = Config::parse(toml).unwrap().rules_for("scrape.json");
        let out = parse(SCRAPED, &rules.fields);
        assert_eq!(out.docs[0].title, "Patrol to follow");
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

    #[test]
    fn records_wrapped_deeper_are_found() {
        // An API response: the records two objects down, beside paging fields; a date under a
        // camelCase name, a publisher as an object.
        const RESPONSE: &str = r#"{"status": "ok", "data": {"page": 1, "total": 2,
            "articles": [
              {"headline": "Navy drill ends", "publishedAt": "2026-03-02T10:00:00+08:00",
               "content": "The drill ended.", "tags": ["navy", "drill"],
               "publisher": {"name": "Example Daily", "url": "https://example.org"}},
              {"headline": "演习结束", "publishedAt": 1772409600, "content": "正文。"}
            ]}}"#;
        let out = parse(RESPONSE, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str(), d.date, d.source.as_deref()))
            .collect();
        let march_2 = Date::new(2026, 3, 2);
        assert_eq!(
            got,
            [
                (Some(1), "Navy drill ends", march_2, Some("Example Daily")),
                (Some(2), "演习结束", march_2, None),
            ]
        );
        assert_eq!(out.docs[0].tags, ["navy", "drill"]);

        // Other wrappers, down to three objects; a known wrapper name wins over another
        // array of named objects, whatever the order.
        const SHAPES: &[&str] = &[
            r#"{"result": {"list": [{"title": "A"}, {"title": "B"}]}}"#,
            r#"{"response": {"numFound": 2, "docs": [{"title": "A"}, {"title": "B"}]}}"#,
            r#"{"payload": {"records": [{"title": "A"}, {"title": "B"}]}, "ok": true}"#,
            r#"{"response": {"body": {"items": [{"title": "A"}, {"title": "B"}]}}}"#,
            r#"{"meta": {"authors": [{"name": "X"}]}, "result": {"list": [{"title": "A"},
                {"title": "B"}]}}"#,
            r#"{"hits": {"total": 2, "hits": [{"_source": {"title": "A"}},
                {"_source": {"title": "B"}}]}}"#,
            r#"{"result": {"stories2": [{"title": "A"}, {"title": "B"}]}}"#,
        ];
        for shape in SHAPES {
            let out = parse(shape, &defaults());
            let titles: Vec<_> = out.docs.iter().map(|d| d.title.as_str()).collect();
            assert_eq!(titles, ["A", "B"], "{shape}");
            assert!(out.errors.is_empty(), "{shape}: {:?}", out.errors);
        }

        // A record's own lists of objects are not records: the object is one document.
        const RECORDS: &[&str] = &[
            r#"{"title": "Release", "attachments": [{"title": "a.pdf"}, {"title": "b.pdf"}]}"#,
            r#"{"title": "Release", "extra": {"related": [{"title": "a"}, {"title": "b"}]}}"#,
            r#"{"body": "Text.", "data": {"items": [{"title": "a"}, {"title": "b"}]}}"#,
            r#"{"title": "Release", "tags": ["a", "b"], "data": {"sizes": [1, 2]}}"#,
        ];
        for record in RECORDS {
            let out = parse(record, &defaults());
            assert_eq!(out.docs.len(), 1, "{record}");
            assert_eq!(out.docs[0].record, None, "{record}");
        }
        // Four objects down is too deep: the file is reported, naming its keys.
        let deep = r#"{"a": {"b": {"c": {"items": [{"title": "A"}]}}}, "status": "ok"}"#;
        let out = parse(deep, &defaults());
        assert!(out.docs.is_empty());
        assert_eq!(
            out.errors[0].to_string(),
            "no title or body (keys: a, status)"
        );
    }

    #[test]
    fn language_variants_of_field_names() {
        const BILINGUAL: &str = r#"[
          {"uid": "b1", "date": "2026-04-02", "title_cn": "演习结束", "title_en": "Drill ends",
           "content_cn": "演习于今日结束。", "content_en": "The drill ended today."},
          {"titleEn": "English first", "contentEn": "Told in English.", "titleZh": "英文在先",
           "contentZh": "用英文讲述。", "source_lang": "en"},
          {"zh_title": "只有中文", "zh_body": "正文。"},
          {"title": "Plain title", "body": "Plain body.", "name_en": "Jiang Bin"},
          {"title": "原标题", "body": "正文。", "title_eng": "Original title",
           "body_eng": "Body."},
          {"TITLE_CHS": "简体标题", "CONTENT_ENG": "English only."}
        ]"#;
        let out = parse(BILINGUAL, &defaults());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| {
                let tr = d.translation.as_ref();
                (
                    d.title.as_str(),
                    d.body.as_str(),
                    d.lang,
                    tr.and_then(|t| t.lang),
                    tr.map(|t| (t.title.as_str(), t.body.as_str())),
                )
            })
            .collect();
        let en = Some(Lang::En);
        let zh = Some(Lang::Zh);
        assert_eq!(
            got,
            [
                (
                    "演习结束",
                    "演习于今日结束。",
                    None,
                    en,
                    Some(("Drill ends", "The drill ended today."))
                ),
                (
                    "English first",
                    "Told in English.",
                    en,
                    zh,
                    Some(("英文在先", "用英文讲述。"))
                ),
                ("只有中文", "正文。", None, None, None),
                ("Plain title", "Plain body.", None, None, None),
                (
                    "原标题",
                    "正文。",
                    None,
                    en,
                    Some(("Original title", "Body."))
                ),
                ("简体标题", "", None, en, Some(("", "English only."))),
            ]
        );
        assert_eq!(out.docs[0].date, Date::new(2026, 4, 2));
    }

    #[test]
    fn html_in_fields_becomes_text() {
        const FEED: &str = concat!(
            r#"{"title": "Carrier&#8217;s trials &amp; more", "body": "<p>First <strong>part</strong>.</p><p>Second&nbsp;one &mdash; here.</p><script>track('x');</script><style>.a{}</style>"}"#,
            "\n",
            r#"{"title": "Plain", "body": "If a < b and c > d, nothing is markup.\n\nNext."}"#,
            "\n",
            r#"{"title": "<b>Bold</b> title", "text": "<p><strong>记者：</strong>问题？</p><p><strong>蒋斌：</strong>回答。</p>", "title_en": "A &lt;b&gt; tag", "text_en": "<p>Q.</p>"}"#,
            "\n",
            r#"{"body": "<script>only()</script><style>p {}</style>"}"#,
        );
        let out = parse_lines(FEED, &defaults());
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.title.as_str(), d.body.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Carrier\u{2019}s trials & more",
                    "First part.\n\nSecond one \u{2014} here."
                ),
                ("Plain", "If a < b and c > d, nothing is markup.\n\nNext."),
                ("Bold title", "记者：问题？\n\n蒋斌：回答。"),
            ]
        );
        let translation = out.docs[2].translation.as_ref().unwrap();
        assert_eq!(
            (translation.title.as_str(), translation.body.as_str()),
            ("A <b> tag", "Q.")
        );
        // Markup with no text left is no record, and the message says which one.
        let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors, ["record 4: no title or body (keys: body)"]);

        // A CSV cell is read the same way.
        let csv = super::super::csv::parse(
            "title,body\nA &amp; B,<p>One.</p><p>Two.</p>\n",
            None,
            &defaults(),
        );
        assert_eq!(
            (csv.docs[0].title.as_str(), csv.docs[0].body.as_str()),
            ("A & B", "One.\n\nTwo.")
        );
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
    fn mongodb_typed_values_are_read() {
        let line = r#"{"_id": {"$oid": "6761a2f0c3b1e2a4d5f60002"}, "id": {"$oid": "abc1"}, "title": "T", "text": "Body.", "date": {"$date": {"$numberLong": "1757030400000"}}}"#;
        let out = parse_lines(line, &defaults());
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let doc = &out.docs[0];
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2025-09-05")
        );
        assert_eq!(doc.local_id.as_deref(), Some("abc1"));
        let iso = r#"{"title": "T", "text": "B.", "date": {"$date": "2025-11-14T07:30:00.000Z"}}"#;
        let out = parse_lines(iso, &defaults());
        assert_eq!(
            out.docs[0].date.map(|d| d.to_string()).as_deref(),
            Some("2025-11-14")
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
            (
                r#"["Zhang Xiaogang", {"name": "Wu Qian", "role": "quoted"}]"#,
                &["Zhang Xiaogang", "Wu Qian"],
            ),
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
            // A small number is no day of 1970; eight digits are a compact date.
            ("0", None),
            ("86400", None),
            ("20250514", Some("2025-05-14")),
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
        // A year, or a year and month, and no day: the year alone.
        for json in [
            "2025",
            r#""2025""#,
            r#""2025-05""#,
            r#""May 2025""#,
            r#""2025年5月""#,
            r#""2025年""#,
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(
                parse_date(&value),
                Err(DateError::YearOnly { year: 2025 }),
                "{json}"
            );
        }
    }

    #[test]
    fn schema_org_and_api_shapes_give_their_text_and_date() {
        let text = r#"[
            {"@type": "NewsArticle", "headline": "Coast guard ships patrol near the shoal",
             "datePublished": "2025-02-15T10:00:00+08:00",
             "articleBody": "The coast guard said its ships patrolled the waters near the shoal."},
            {"title": "Drills end", "publishedAt": "2025-03-01", "description": "The drills ended on Saturday."},
            {"title": "Navies meet", "body_html": "<p>Two navies met in the port.</p><p>Talks follow.</p>"}
        ]"#;
        let out = parse(text, &defaults());
        assert!(
            out.errors.is_empty() && out.warnings.is_empty(),
            "{:?} {:?}",
            out.errors,
            out.warnings
        );
        let bodies: Vec<&str> = out.docs.iter().map(|d| d.body.as_str()).collect();
        assert!(bodies[0].starts_with("The coast guard said"), "{bodies:?}");
        assert_eq!(bodies[1], "The drills ended on Saturday.");
        assert!(
            bodies[2].contains("Two navies met") && !bodies[2].contains("<p>"),
            "{bodies:?}"
        );
        assert_eq!(
            out.docs[0].date.map(|d| d.to_string()).as_deref(),
            Some("2025-02-15")
        );
    }

    #[test]
    fn text_under_a_key_nobody_named_is_kept_and_named() {
        let story = "国防部新闻发言人蒋斌表示，中方坚决反对任何国家在南海挑衅滋事。".repeat(8);
        let text = format!(
            r#"{{"title": "蒋斌就南海问题答记者问", "id": 7, "share_url": "https://example.org/{}", "wenzhang": "{story}"}}"#,
            "x".repeat(300)
        );
        let out = parse_lines(&text, &defaults());
        assert_eq!(out.docs.len(), 1, "{:?}", out.errors);
        assert_eq!(out.docs[0].body, story);
        let warning = &out.warnings[0];
        assert_eq!(warning.record, Some(1));
        assert!(
            warning.message.contains("`wenzhang`"),
            "{}",
            warning.message
        );
        // A short value under an unknown key is no text: the record is a headline.
        let short = r#"{"title": "Drills end", "note": "see also"}"#;
        let out = parse_lines(short, &defaults());
        assert!(out.docs[0].body.is_empty() && out.warnings.is_empty());
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
