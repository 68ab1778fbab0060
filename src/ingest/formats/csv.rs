//! CSV and TSV tables with a header row: each data row is one document.
//!
//! Columns are named by the header and mapped exactly like JSON keys (the same [`FieldMap`]:
//! built-in names such as `title`, `date`, `url`, plus `milpress.toml` mappings): each row is
//! turned into a JSON object and read by `super::json::from_object`, so lists (`a; b`),
//! dates, translations and ids behave as in JSON records.
//!
//! The delimiter is the one `milpress.toml` sets (`separator`), a tab for `.tsv`, and for a
//! `.csv` the one its header shows ([`detect_delimiter`]): spreadsheets set to a European or
//! Chinese locale export `;`, some systems `|`.
//!
//! A row's `record` number is its 1-based line in the file (the header is line 1, so the
//! first data row is record 2; a row whose quoted field spans lines is numbered by its first
//! line). Problems are reported under the same number. A row with the wrong number of fields
//! is reported and skipped, and the other rows are kept. An unclosed quote runs to the end of
//! the file (the csv crate ends the field at the end of the input without an error, and CSV
//! has no way to tell where it should have stopped): the row it opens in is reported as such,
//! with the line of the quote, and skipped.
//!
//! The date is the column named like a date field; without one, a column whose values nearly
//! all are dates (`date_column`). When there is neither but a column looks like dates milpress
//! cannot read, one warning names it, rather than leaving every row undated in silence.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::{json, strip_bom, FileParse, ParseError};
use crate::extract::date::{parse_loose, DateError};
use crate::ingest::format::{Field, FieldMap};

/// The delimiters a `.csv` file is tried with, the usual one first.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many rows after the header [`detect_delimiter`] reads to check a delimiter.
const SAMPLE_ROWS: usize = 20;

/// Parses a CSV/TSV file whose fields are separated by `separator` (one ASCII character), or
/// by the delimiter its header shows when `separator` is `None` (see [`detect_delimiter`]).
pub fn parse(text: &str, separator: Option<&str>, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    // Lines above the header (`Exported 2025-06-01 by …`) are blanked, so every row keeps its
    // line number.
    let banner = banner_lines(text, separator, fields);
    let blanked;
    let text = match banner {
        0 => text,
        n => {
            let end = text
                .match_indices('\n')
                .nth(n - 1)
                .map_or(text.len(), |(at, _)| at);
            blanked = format!("{}{}", "\n".repeat(n - 1), &text[end..]);
            blanked.as_str()
        }
    };
    let delimiter = match separator {
        None => detect_delimiter(text, fields),
        Some(separator) => match separator.as_bytes() {
            [byte] if byte.is_ascii() => *byte,
            _ => {
                return FileParse::failed(format!(
                    "separator {separator:?} cannot split CSV: it must be one ASCII character"
                ))
            }
        },
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_string()).collect(),
        Err(e) => return FileParse::failed(format!("cannot read the header row: {e}")),
    };
    if header.iter().all(String::is_empty) {
        return FileParse::failed("the header row names no columns");
    }

    let date = date_column(text, delimiter, &header, fields);
    let fields = match &date {
        DateColumn::Found(name) => {
            let mut fields = fields.clone();
            fields.prefer(Field::Date, std::slice::from_ref(name));
            std::borrow::Cow::Owned(fields)
        }
        _ => std::borrow::Cow::Borrowed(fields),
    };
    let unclosed = unclosed_quote(text, delimiter);
    if let Some(open) = unclosed.filter(|&open| (open as u64) < reader.position().byte()) {
        // The header itself runs to the end of the file.
        return FileParse::failed(unclosed_message(text, open, false));
    }

    // Which of the column's numeric dates comes first, the day or the month, when some of its
    // values say (`30/11/2025`): its ambiguous values (`11/09/2025`) are read that way.
    let date_at = match &date {
        DateColumn::Found(name) => header.iter().position(|h| h == name),
        _ => header.iter().position(|h| {
            fields
                .names(Field::Date)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(h))
        }),
    };
    let day_first = date_at.and_then(|at| day_first(text, delimiter, at));
    let mut out = FileParse::default();
    if banner > 0 {
        let lines = match banner {
            1 => "line 1 is".to_string(),
            n => format!("lines 1-{n} are"),
        };
        out.warnings.push(ParseError::new(
            None,
            format!(
                "{lines} no header (a title above the table): the header is line {}",
                banner + 1
            ),
        ));
    }
    let mut row = csv::StringRecord::new();
    // A row's line, counted from its byte offset: the csv crate's own line count differs with
    // `\r\n` line ends, and ids (`file.csv#2`) must not.
    let mut counted = (0usize, 1u64);
    let mut line_at = |position: &csv::Position| {
        // With `\r\n` line ends a row's position may be the `\n` that ends the row before.
        let mut byte = (position.byte() as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let (from, line) = counted;
        let at = if byte >= from {
            line + text.as_bytes()[from..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
        } else {
            1 + text.as_bytes()[..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
        };
        counted = (byte, at);
        at
    };
    loop {
        let start = reader.position().byte();
        let read = reader.read_record(&mut row);
        let end = reader.position().byte();
        // The row holding a quote that never closes runs to the end of the file.
        if let Some(open) = unclosed.filter(|&open| (start..end).contains(&(open as u64))) {
            let line = read
                .as_ref()
                .ok()
                .and_then(|_| row.position())
                .or_else(|| read.as_ref().err().and_then(|e| e.position()))
                .map(&mut line_at);
            // The rows after the line the quote opened on are read again without it: one
            // stray quote costs one row, not the rest of the file.
            let rest = recovered_after(text, open, delimiter, &fields);
            let message = unclosed_message(text, open, rest.is_some());
            out.errors.push(ParseError::new(line, message));
            if let Some(rest) = rest {
                out.append(rest);
            }
            break;
        }
        match read {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(&mut line_at);
                // A quote left open pairs with a quote of a later row, and the row comes out
                // with the wrong number of fields: the lines after the one it opened on are
                // read again, when the next of them reads as a whole row.
                if let Some(open) =
                    quote_left_open(text, start as usize, end as usize, &e, delimiter)
                {
                    let rest = recovered_after(text, open, delimiter, &fields);
                    let opened = text[..open].matches('\n').count() + 1;
                    out.errors.push(ParseError::new(
                        line,
                        format!(
                            "{}: the quote that opens a field on line {opened} closes only on a \
                             later line (a quote left open?); that row is left out, and the \
                             lines after it are read as rows",
                            row_error(&e)
                        ),
                    ));
                    if let Some(rest) = rest {
                        out.append(rest);
                    }
                    break;
                }
                out.errors.push(ParseError::new(line, row_error(&e)));
                if end <= start {
                    break; // nothing was read: the next read would fail the same way
                }
                continue;
            }
        }
        let line = row.position().map(&mut line_at);
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if is_totals_row(&row) {
            out.warnings.push(ParseError::new(
                line,
                "a totals row, not a record: left out",
            ));
            continue;
        }
        // Two stray quotes pair up: the field one opens runs over the rows up to the other.
        // A line inside a field that reads as a whole row, dated, is taken for one.
        if let Some(at) = date_at.and_then(|d| row_inside(text, start as usize, &row, d, delimiter))
        {
            let inside = text[..at].matches('\n').count() + 2;
            let rest = recovered_after(text, at, delimiter, &fields);
            let message = format!(
                "a quoted field runs from line {} into line {inside}, which reads as a row of \
                 its own: a quote left open? This row is left out{}",
                line.unwrap_or(0),
                if rest.is_some() {
                    format!(", and the lines from {inside} are read as rows")
                } else {
                    String::new()
                }
            );
            out.errors.push(ParseError::new(line, message));
            if let Some(rest) = rest {
                out.append(rest);
            }
            break;
        }
        let mut object = Map::new();
        for (at, (name, cell)) in header.iter().zip(row.iter()).enumerate() {
            let cell = match day_first.filter(|_| Some(at) == date_at) {
                Some(day_first) => in_order(cell, day_first),
                None => std::borrow::Cow::Borrowed(cell),
            };
            // With a repeated column name the first non-empty cell wins, as with JSON keys.
            let taken = object
                .get(name)
                .is_some_and(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()));
            if !name.is_empty() && !taken {
                object.insert(name.clone(), Value::String(cell.to_string()));
            }
        }
        let (mut doc, problems) = json::from_object(&object, &fields);
        if doc.title.is_empty() && doc.body.is_empty() {
            let mut names: Vec<&str> = header.iter().map(String::as_str).take(12).collect();
            if header.len() > names.len() {
                names.push("...");
            }
            let message = format!("no title or body (columns: {})", names.join(", "));
            out.errors.push(ParseError::new(line, message));
            continue;
        }
        doc.record = line;
        out.warnings
            .extend(problems.into_iter().map(|m| ParseError::new(line, m)));
        out.docs.push(doc);
    }
    // A sheet of titles alone (a date, an outlet, a headline: no text under any of them) is a
    // list of headlines, as the same lines without a header row are.
    if out
        .docs
        .iter()
        .all(|d| d.body.trim().is_empty() && d.kind.is_none())
    {
        for doc in &mut out.docs {
            doc.kind = Some(crate::document::Kind::Headline);
        }
    }
    if let DateColumn::Unreadable { column, example } = date {
        if !out.docs.is_empty() && out.docs.iter().all(|d| d.date.is_none()) {
            out.warnings.push(ParseError::new(
                None,
                format!(
                    "no column read as the date: `{column}` looks like one, but its values \
                     (such as {example:?}) are not dates milpress reads; the rows are indexed \
                     undated"
                ),
            ));
        }
    }
    out
}

/// The rows after the header, read leniently (any number of fields), up to the first that
/// cannot be read: for looking at a column's values before the rows are parsed.
fn data_rows(text: &str, delimiter: u8) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .map_while(Result::ok)
}

/// Whether the numeric dates in column `at` (`30/11/2025`, `11/13/2025`) give the day first:
/// `None` when none says, or they disagree.
fn day_first(text: &str, delimiter: u8, at: usize) -> Option<bool> {
    let (mut day, mut month) = (false, false);
    for row in data_rows(text, delimiter) {
        let Some(caps) = row.get(at).and_then(|v| NUMERIC_DATE.captures(v.trim())) else {
            continue;
        };
        let (first, second) = (caps[1].parse::<u32>(), caps[2].parse::<u32>());
        day |= first.is_ok_and(|n| n > 12);
        month |= second.is_ok_and(|n| n > 12);
    }
    (day != month).then_some(day)
}

/// `value` as an ISO date when it is an ambiguous one (`11/09/2025`) and the column gives the
/// day first or the month first; else as it is.
fn in_order(value: &str, day_first: bool) -> std::borrow::Cow<'_, str> {
    match parse_loose(value) {
        Err(DateError::Ambiguous {
            day_first: by_day,
            month_first: by_month,
        }) => std::borrow::Cow::Owned(if day_first { by_day } else { by_month }.to_string()),
        _ => std::borrow::Cow::Borrowed(value),
    }
}

/// A numeric date with the year last (`30/11/2025`, `11.13.2025`).
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.][0-9]{4}\b")
        .expect("built-in numeric date regex is valid")
});

/// How many data rows [`date_column`] reads to find a column of dates.
const DATE_SAMPLE_ROWS: usize = 100;

/// The longest value taken for a date when looking for a column of dates: a longer one is a
/// text that mentions a date.
const DATE_VALUE_CHARS: usize = 40;

/// Where a table's dates are, as far as its header and first rows tell.
#[derive(Debug, PartialEq)]
enum DateColumn {
    /// A column named like a date field, or nothing that looks like dates at all.
    Named,
    /// No column named like a date field, but this one's values nearly all are dates.
    Found(String),
    /// No date read: this column looks like dates, but its values (such as `example`) are
    /// not dates milpress reads.
    Unreadable { column: String, example: String },
}

/// Column names that suggest a date, lower case.
const DATE_WORDS: &[&str] = &[
    "date",
    "time",
    "day",
    "published",
    "posted",
    "日期",
    "时间",
    "時間",
    "发布",
    "發布",
];

/// A value that looks like a date, read or not: digits parted by `-`, `/`, `.` or `年`.
static DATE_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{1,4}\s*[-/.年]\s*[0-9]{1,2}").expect("built-in date shape regex is valid")
});

/// Which column holds the rows' dates when none is named like a date field: the column, not
/// named like another field, with the most values (among the first [`DATE_SAMPLE_ROWS`]) that
/// are short dates `parse_loose` reads, provided 90% of its non-empty values are (a string of
/// digits does not count: it is more likely an id than a timestamp). Failing that, a column
/// named like a date, or most of whose values look like one, is [`DateColumn::Unreadable`].
fn date_column(text: &str, delimiter: u8, header: &[String], fields: &FieldMap) -> DateColumn {
    let named = |field: Field, name: &str| {
        fields
            .names(field)
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    if header.iter().any(|name| named(Field::Date, name)) {
        return DateColumn::Named;
    }
    let rows: Vec<csv::StringRecord> = data_rows(text, delimiter).take(DATE_SAMPLE_ROWS).collect();
    let candidates = header.iter().enumerate().filter(|(_, name)| {
        !name.is_empty() && !Field::ALL.iter().any(|&field| named(field, name))
    });
    let mut found: Option<(usize, &String)> = None;
    let mut unreadable = None;
    for (column, name) in candidates {
        let values: Vec<&str> = rows
            .iter()
            .filter_map(|row| row.get(column))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        // An ambiguous date (`11/09/2025`) is a date; the column's other values may say which.
        let is_date = |v: &str| {
            v.chars().count() <= DATE_VALUE_CHARS
                && !v.bytes().all(|b| b.is_ascii_digit())
                && matches!(parse_loose(v), Ok(_) | Err(DateError::Ambiguous { .. }))
        };
        // A column named like a date may hold numbers: unix seconds (Pocket's `time_added`) or
        // a compact `20250611`; in a column named otherwise, numbers are ids.
        let lower = name.to_lowercase();
        let named_like = DATE_WORDS.iter().any(|w| lower.contains(w));
        let dated = |v: &str| {
            is_date(v)
                || named_like && v.bytes().all(|b| b.is_ascii_digit()) && parse_loose(v).is_ok()
        };
        let dates = values.iter().filter(|v| dated(v)).count();
        if dates > 0 && dates * 10 >= values.len() * 9 {
            if found.is_none_or(|(most, _)| dates > most) {
                found = Some((dates, name));
            }
            continue;
        }
        let shaped = values.iter().filter(|v| DATE_SHAPE.is_match(v)).count();
        let looks = named_like || shaped * 2 > values.len();
        let example = values.iter().find(|v| !dated(v));
        if let (true, None, Some(example)) = (looks, &unreadable, example) {
            unreadable = Some(DateColumn::Unreadable {
                column: name.clone(),
                example: example.to_string(),
            });
        }
    }
    match (found, unreadable) {
        (Some((_, name)), _) => DateColumn::Found(name.clone()),
        (None, Some(unreadable)) => unreadable,
        (None, None) => DateColumn::Named,
    }
}

/// The byte where a quoted field opens that never closes, read as the csv crate reads
/// (csv-core's reader: a quote opens a field only at its start, `""` inside is a quote, and
/// the end of the input ends an open field without an error), or `None`.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let ends_field = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    let mut state = State::FieldStart;
    for (at, b) in text.bytes().enumerate() {
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted(at),
            State::FieldStart | State::Unquoted if ends_field(b) => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted(open) if b == b'"' => State::QuoteInQuoted(open),
            State::Quoted(open) => State::Quoted(open),
            State::QuoteInQuoted(open) if b == b'"' => State::Quoted(open),
            State::QuoteInQuoted(_) if ends_field(b) => State::FieldStart,
            State::QuoteInQuoted(_) => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

/// Where a line inside a field of `row` (read from byte `start` of `text`) that reads as a
/// whole row begins, less one (the line end before it): as many fields as the header, and a
/// date in the date column (`date_at`). `None` when no line does.
fn row_inside(
    text: &str,
    start: usize,
    row: &csv::StringRecord,
    date_at: usize,
    delimiter: u8,
) -> Option<usize> {
    for cell in row.iter().filter(|cell| cell.contains('\n')) {
        for line in cell.split('\n').skip(1) {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes());
            let Some(Ok(fields)) = reader.records().next() else {
                continue;
            };
            let dated = fields
                .get(date_at)
                .is_some_and(|d| crate::extract::date::parse_loose(d).is_ok());
            if fields.len() != row.len() || !dated {
                continue;
            }
            let first = fields.get(0).unwrap_or_default();
            let needle = format!("\n{first}");
            if let Some(found) = text.get(start..).and_then(|rest| rest.find(&needle)) {
                return Some(start + found);
            }
        }
    }
    None
}

/// The rows of `text` after the line where byte `open` is, read as a file of their own under
/// the same header (blank lines standing in for the rows before them, so that their record
/// numbers are their lines in `text`).
/// `None` when no line follows.
fn recovered_after(text: &str, open: usize, delimiter: u8, fields: &FieldMap) -> Option<FileParse> {
    let after = text[open..].find('\n').map(|i| open + i + 1)?;
    // The header with the blank lines standing for a title above it (`banner_lines`).
    let blank = text.len() - text.trim_start_matches('\n').len();
    let header_end = text[blank..]
        .find('\n')
        .map_or(text.len(), |i| blank + i + 1);
    let header = &text[..header_end];
    if text[after..].trim().is_empty() || !header.ends_with('\n') {
        return None;
    }
    let skipped = text[header.len()..after].matches('\n').count();
    let rest = format!("{header}{}{}", "\n".repeat(skipped), &text[after..]);
    let separator = char::from(delimiter).to_string();
    Some(parse(&rest, Some(&separator), fields))
}

/// What an unclosed quote at byte `open` did: the line it opened on, and that the rest of the
/// file was read as one field, or (`recovered`) that the lines after its row were read again.
fn unclosed_message(text: &str, open: usize, recovered: bool) -> String {
    let line = text[..open].matches('\n').count() + 1;
    if recovered {
        return format!(
            "unclosed quote: the quote that opens a field on line {line} is never closed; that \
             row is left out, and the lines after it are read as rows"
        );
    }
    let last = line + text[open..].trim_end().matches('\n').count();
    let rest = if last > line {
        format!("lines {line}-{last}")
    } else {
        format!("line {line}")
    };
    format!(
        "unclosed quote: the quote that opens a field on line {line} is never closed, so the \
         rest of the file ({rest}) was read as one field"
    )
}

/// The delimiter of a CSV file that names none: of a comma, `;`, a tab and `|`, the one that
/// splits the header into the most column names milpress knows (built-in or mapped in
/// `fields`); then the one whose header splits at all and the most of the next rows split into
/// as many fields; then the one giving the most columns. Fields are split as the csv crate
/// splits them, so a delimiter inside a quoted field counts for nothing. A tie goes to the
/// earlier in that list (the comma first).
pub fn detect_delimiter(text: &str, fields: &FieldMap) -> u8 {
    let known = |name: &str| known_column(fields, name);
    let score = |delimiter: u8| {
        let mut rows = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .into_records()
            .map_while(Result::ok);
        let Some(header) = rows.next() else {
            return (0, 0, 0);
        };
        let width = header.len();
        let names = header.iter().filter(|name| known(name.trim())).count();
        let agreeing = match width {
            0 | 1 => 0,
            _ => rows
                .take(SAMPLE_ROWS)
                .filter(|row| row.len() == width)
                .count(),
        };
        (names, agreeing, width)
    };
    // `max_by_key` keeps the last of equal scores: reversed, that is the earliest candidate.
    DELIMITERS
        .into_iter()
        .rev()
        .max_by_key(|&delimiter| score(delimiter))
        .unwrap_or(b',')
}

/// A spreadsheet's totals row (`Total  4 records`, `合计  12`): it opens with a word of
/// totals and fills two cells at most.
fn is_totals_row(row: &csv::StringRecord) -> bool {
    const TOTALS: &[&str] = &[
        "total",
        "totals",
        "grand total",
        "sum",
        "count",
        "合计",
        "总计",
        "共计",
        "總計",
        "合計",
    ];
    let mut cells = row.iter().map(str::trim).filter(|c| !c.is_empty());
    let first = cells.next().unwrap_or_default().to_lowercase();
    let first = first.trim_end_matches([':', '：']);
    TOTALS.contains(&first) && cells.count() <= 1
}

/// Whether a column's name is one milpress reads (built-in or mapped in `fields`).
fn known_column(fields: &FieldMap, name: &str) -> bool {
    Field::ALL.iter().any(|&field| {
        fields
            .names(field)
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    })
}

/// How many lines a spreadsheet export puts above its header (`Exported 2025-06-01 by
/// NewsDesk`, a sheet's title), up to three: lines that name no column milpress knows and split
/// into fewer fields than the header below them, which names two or more. 0 when the first line
/// is the header, or no later line reads as one.
fn banner_lines(text: &str, separator: Option<&str>, fields: &FieldMap) -> usize {
    const MOST: usize = 3;
    let split = |line: &str, delimiter: u8| -> (usize, usize) {
        let record = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(line.as_bytes())
            .into_records()
            .next()
            .and_then(Result::ok);
        record.map_or((0, 0), |r| {
            let names = r.iter().filter(|n| known_column(fields, n.trim())).count();
            (r.len(), names)
        })
    };
    let given = separator.and_then(|s| match s.as_bytes() {
        [byte] if byte.is_ascii() => Some(*byte),
        _ => None,
    });
    let lines: Vec<&str> = text.split_inclusive('\n').take(MOST + 1).collect();
    let mut start = 0;
    for (n, line) in lines.iter().enumerate() {
        let rest = &text[start..];
        start += line.len();
        let delimiter = given.unwrap_or_else(|| detect_delimiter(rest, fields));
        let (width, names) = split(line, delimiter);
        if names < 2 {
            continue;
        }
        let above = lines[..n].iter().all(|l| {
            let (w, named) = split(l, delimiter);
            named == 0 && w < width
        });
        return if above { n } else { 0 };
    }
    0
}

/// Where a quote opens in the first line of the row `text[start..end]`, when that row has the
/// wrong number of fields, runs over several lines, and the line after its first reads as a
/// row of the header's length on its own.
fn quote_left_open(
    text: &str,
    start: usize,
    end: usize,
    e: &csv::Error,
    delimiter: u8,
) -> Option<usize> {
    let csv::ErrorKind::UnequalLengths { expected_len, .. } = e.kind() else {
        return None;
    };
    let row = text.get(start..end.min(text.len()))?;
    let first_end = row.find('\n')?;
    if row[first_end + 1..].trim().is_empty() {
        return None;
    }
    let open = start + row[..first_end].find('"')?;
    let next = &row[first_end + 1..];
    let next = &next[..next.find('\n').unwrap_or(next.len())];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(next.as_bytes());
    let mut record = csv::StringRecord::new();
    let whole = reader
        .read_record(&mut record)
        .is_ok_and(|read| read && record.len() as u64 == *expected_len);
    whole.then_some(open)
}

/// The csv crate's error without its own position prefix (the record number says where).
fn row_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} field(s) where the header has {expected_len}"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Date, Kind, Lang, Translation};
    use crate::ingest::config::Config;

    const CSV: &str = "\u{feff}id,Title,date,text,categories,url,title_en\n\
        7,国防部例行记者会,2026-05-18,\"记者：请介绍情况。\n发言人：好的，演练不针对第三方。\",\"exercises, military_diplomacy\",http://www.mod.gov.cn/1.html,MND regular press conference\n\
        8,\"A title, with a comma\",18 May 2026,\"He said \"\"no\"\".\",,,\n\
        9,too,few\n\
        \n\
        ,,,,,,\n\
        10,,someday,,,,\n\
        11,Last,2026/06/01,,,,\n";

    #[test]
    fn rows_become_documents_numbered_by_line() {
        // No separator given: the header says comma.
        let out = parse(CSV, None, &FieldMap::default());
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.local_id.as_deref(), d.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(2), Some("7"), "国防部例行记者会"),
                (Some(4), Some("8"), "A title, with a comma"),
                (Some(9), Some("11"), "Last"),
            ]
        );
        let first = &out.docs[0];
        assert_eq!(first.date, Date::new(2026, 5, 18));
        assert_eq!(
            first.body,
            "记者：请介绍情况。\n发言人：好的，演练不针对第三方。"
        );
        assert_eq!(first.tags, ["exercises", "military_diplomacy"]);
        assert_eq!(first.url.as_deref(), Some("http://www.mod.gov.cn/1.html"));
        assert_eq!(
            first.translation,
            Some(Translation {
                lang: Some(Lang::En),
                title: "MND regular press conference".into(),
                body: String::new(),
            })
        );
        assert_eq!(out.docs[1].body, "He said \"no\".");
        assert_eq!(
            out.docs[1].date,
            Date::new(2026, 5, 18),
            "English dates are read too"
        );

        let errors: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "record 5: 3 field(s) where the header has 7",
                "record 8: no title or body (columns: id, Title, date, text, categories, url, title_en)",
            ]
        );
    }

    #[test]
    fn tsv_and_configured_columns() {
        const TOML: &str = "[[files]]\npattern = \"*.tsv\"\nseparator = \";\"\n\
            [files.fields]\ntitle = \"headline_cn\"\nspeakers = \"who\"\n";
        const TSV: &str = "headline_cn\twho\n香山论坛开幕\t蒋斌、张晓刚\n";
        const SEMI: &str = "headline_cn;who\n香山论坛开幕;Wu Qian\n";
        // Unconfigured, `headline_cn` is `headline` in Chinese; `who` needs the mapping.
        let out = parse(TSV, Some("\t"), &FieldMap::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.docs[0].title, "香山论坛开幕");
        assert!(out.docs[0].speakers.is_empty());

        let rules = Config::parse(TOML).unwrap().rules_for("a/b.tsv");
        let out = parse(TSV, Some("\t"), &rules.fields);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.docs[0].title, "香山论坛开幕");
        assert_eq!(out.docs[0].speakers, ["蒋斌", "张晓刚"]);

        let out = parse(SEMI, rules.separator.as_deref(), &rules.fields);
        assert_eq!(out.docs[0].speakers, ["Wu Qian"]);
    }

    #[test]
    fn file_level_problems() {
        const CASES: &[(&str, &str, &str)] = &[
            ("", ",", "empty file"),
            (" \n", ",", "empty file"),
            ("a,b\n1,2\n", "_!_", "must be one ASCII character"),
            ("a,b\n1,2\n", "，", "must be one ASCII character"),
            (",,\n1,2,3\n", ",", "names no columns"),
        ];
        for (text, sep, expected) in CASES {
            let out = parse(text, Some(sep), &FieldMap::default());
            assert!(out.docs.is_empty());
            assert!(out.errors[0].message.contains(expected), "{:?}", out.errors);
        }
        // An unclosed quote costs its row; the rows after it are read again without it.
        let out = parse("title,body,x\na,\"b\nc,d,e\n", None, &FieldMap::default());
        assert_eq!(out.errors[0].record, Some(2));
        let kept: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str()))
            .collect();
        assert_eq!(kept, [(Some(3), "c")]);
        // A quote left open that a later row's quote closes: its row has the wrong number of
        // fields, and the next line, a whole row, is read again as one.
        let text = "id,title,source,body\n\
                    1,\"Coast guard standoff,PCG,The ships met.\n\
                    2,Drone near Yonaguni,JMOD,\"A drone flew, and fighters scrambled.\"\n\
                    3,Bombers,JMOD,Bombers flew.\n";
        let out = parse(text, None, &FieldMap::default());
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(out.errors[0].record, Some(2));
        assert!(
            out.errors[0].message.contains("opens a field on line 2"),
            "{:?}",
            out.errors
        );
        let kept: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str()))
            .collect();
        assert_eq!(
            kept,
            [(Some(3), "Drone near Yonaguni"), (Some(4), "Bombers")]
        );
        // A row of the wrong length whose quoted field runs over lines for good is only
        // reported: the lines inside the field are no rows.
        let text = "id,title,body\n1,Talks,\"First line\nsecond line\",extra\n2,Next,Fine.\n";
        let out = parse(text, None, &FieldMap::default());
        let kept: Vec<_> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(kept, ["Next"], "{:?}", out.errors);
    }

    #[test]
    fn a_title_above_the_header_is_left_out_and_rows_keep_their_lines() {
        let text = "Exported 2025-06-01 by NewsDesk Pro 4.2 (user: analyst01)\n\
            Headline\tDate\tSource\tText\n\
            Carrier Fujian commissioned\t2025-11-05\tXinhua\tThe carrier entered service.\n\
            Drills end\t2025-04-02\tXinhua\tThe drills ended on schedule.\n\
            Total\t2 records\n";
        let out = parse(text, None, &FieldMap::default());
        let titles: Vec<(&str, Option<u64>)> = out
            .docs
            .iter()
            .map(|d| (d.title.as_str(), d.record))
            .collect();
        assert_eq!(
            titles,
            [
                ("Carrier Fujian commissioned", Some(3)),
                ("Drills end", Some(4))
            ]
        );
        assert!(
            out.warnings
                .iter()
                .any(|w| w.to_string().contains("the header is line 2")),
            "{:?}",
            out.warnings
        );
        // The totals row is named and left out: a short row, or with its empty cells a
        // totals row.
        assert!(
            out.errors
                .iter()
                .any(|e| e.to_string().contains("record 5")),
            "{:?}",
            out.errors
        );
        let padded = text.replace("Total\t2 records\n", "Total\t2 records\t\t\n");
        let out = parse(&padded, None, &FieldMap::default());
        assert_eq!(out.docs.len(), 2);
        assert!(
            out.warnings
                .iter()
                .any(|e| e.to_string().contains("record 5: a totals row")),
            "{:?}",
            out.warnings
        );
        // A table whose first line is its header has no title above it.
        let plain = text.split_once('\n').unwrap().1;
        assert!(parse(plain, None, &FieldMap::default()).warnings.is_empty());
    }

    #[test]
    fn chinese_column_names_are_read() {
        let text = "\u{feff}发布日期,标题,发言人,正文,来源\r\n2025-12-29,东部战区发表谈话,施毅,\"东部战区开展演习。\r\n第二段。\",东部战区\r\n";
        let out = parse(text, None, &FieldMap::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let doc = &out.docs[0];
        assert_eq!(doc.title, "东部战区发表谈话");
        assert!(doc.body.starts_with("东部战区开展演习。"), "{}", doc.body);
        assert_eq!(doc.speakers, ["施毅"]);
        assert_eq!(doc.source.as_deref(), Some("东部战区"));
        assert_eq!(doc.date, crate::document::Date::new(2025, 12, 29));
    }

    #[test]
    fn record_numbers_do_not_depend_on_line_ends() {
        let lf = "title,text\nFirst,\"one\nstill one\"\nSecond,two\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf.to_string(), crlf] {
            let out = parse(&text, None, &FieldMap::default());
            let records: Vec<Option<u64>> = out.docs.iter().map(|d| d.record).collect();
            assert_eq!(records, [Some(2), Some(4)], "{text:?}");
        }
    }

    #[test]
    fn two_stray_quotes_do_not_swallow_the_rows_between() {
        // Each body opens a quote it never closes: the second closes the first, and the row
        // between would be part of a body, silently.
        const CSV: &str = "title,date,body\n\
            Ship returns,2024-12-10,\"The hospital ship returned\n\
            Exercise ends,2024-07-17,\"drills ended near the port\n\
            Forum agenda,2024-08-30,a plain body\n";
        let out = parse(CSV, None, &FieldMap::default());
        let titles: Vec<_> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Forum agenda"]);
        let errors: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("record 2: a quoted field runs from line 2 into line 3"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("record 3: unclosed quote"),
            "{errors:?}"
        );
        // A body over several lines, one with commas and no date of its own, is one field.
        let fine = "title,date,body\nA,2024-01-02,\"first line\nsecond, third, fourth\"\n";
        let out = parse(fine, None, &FieldMap::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert!(out.docs[0].body.contains("second, third"));
    }

    #[test]
    fn an_unclosed_quote_is_named_with_its_line() {
        const CSV: &str = "title,date,body\n\
            Frigate returns,2025-10-02,\"The ship, back home\"\n\
            Drill ends,2025-10-03,Crews \"\"rest\"\"\n\
            \"Patrol resumes,2025-10-04,Near the reef\n\
            Talks held,2025-10-05,Both sides met\n";
        let out = parse(CSV, None, &FieldMap::default());
        let titles: Vec<_> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Frigate returns", "Drill ends", "Talks held"]);
        assert_eq!(out.docs[2].record, Some(5));
        let errors: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "record 4: unclosed quote: the quote that opens a field on line 4 is never \
              closed; that row is left out, and the lines after it are read as rows"
            ]
        );
        // Whatever the field count it makes: one column, or the quote in the last field.
        let out = parse("title\nA\n\"B\nC\n", None, &FieldMap::default());
        assert_eq!(out.docs.len(), 2);
        assert!(
            out.errors[0].message.contains("on line 3"),
            "{:?}",
            out.errors
        );
        let out = parse("title,body\nA,\"x\n", None, &FieldMap::default());
        assert!(out.docs.is_empty());
        assert_eq!(out.errors[0].record, Some(2));
        assert!(
            out.errors[0].message.contains("(line 2)"),
            "{:?}",
            out.errors
        );
        // In the header: the file gives nothing.
        let out = parse("title,\"body\nA,B\n", None, &FieldMap::default());
        assert!(out.docs.is_empty());
        assert!(
            out.errors[0].message.contains("on line 1"),
            "{:?}",
            out.errors
        );
        // Closed quotes, doubled quotes and quotes inside unquoted fields are no problem.
        for text in [CSV.replace("\"Patrol", "Patrol"), "a,b\nx\"y,\"\"\n".into()] {
            assert_eq!(unclosed_quote(&text, b','), None, "{text:?}");
        }
        assert_eq!(unclosed_quote("a\tb\n1\t\"x", b'\t'), Some(6));
    }

    #[test]
    fn date_columns_by_other_names() {
        // A row whose date is not read shows that the column was taken by its name (a column
        // found by its values would need nearly all of them to be dates).
        const TSV: &str = "doc_id\tpub_date\theadline\n\
            a-1\t2025/12/29 08:00\t演习开始\n\
            a-2\t2025/12/30 18:30\tDrills continue\n\
            a-3\tsoon\tDrills end\n";
        let out = parse(TSV, Some("\t"), &FieldMap::default());
        // Titles alone: a list of headlines.
        assert!(out.docs.iter().all(|d| d.kind == Some(Kind::Headline)));
        let dates: Vec<_> = out.docs.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [Date::new(2025, 12, 29), Date::new(2025, 12, 30), None]
        );
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["record 4: bad date in `pub_date` ignored: \"soon\" (not a date milpress reads)"]
        );
        for name in ["release_date", "publish_date", "发布时间", "日期"] {
            let csv = format!("title,{name}\nA,2025年12月29日\nB,2025-12-30\nC,-\n");
            let out = parse(&csv, None, &FieldMap::default());
            assert_eq!(out.docs[0].date, Date::new(2025, 12, 29), "{name}");
            assert_eq!(
                out.warnings[0].record,
                Some(4),
                "{name}: {:?}",
                out.warnings
            );
        }
    }

    #[test]
    fn a_column_of_dates_is_the_date_unnamed() {
        // `when` is no date field's name, but its values are dates; `serial` is digits (an id
        // more likely than a timestamp) and `note` texts that mention dates.
        const CSV: &str = "serial,title,note,when\n\
            1766966400,Drill begins,\"Announced on 28 Dec 2025, a day before the drill began\",29 Dec 2025\n\
            1767052800,Drill continues,\"Second day, 30 Dec 2025, with live fire at sea\",2025-12-30\n\
            1767139200,Drill ends,\"The last day of the drill, 31 Dec 2025, ended at dusk\",\n";
        let out = parse(CSV, None, &FieldMap::default());
        let dates: Vec<_> = out.docs.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [Date::new(2025, 12, 29), Date::new(2025, 12, 30), None]
        );
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        // Nothing date-like: no date and nothing to say.
        let out = parse("title,note\nA,x\nB,y\n", None, &FieldMap::default());
        assert!(out.docs.iter().all(|d| d.date.is_none()) && out.warnings.is_empty());
    }

    #[test]
    fn an_unreadable_date_column_is_warned_about_once() {
        const CSV: &str = "title,issued\nDrill begins,29.12.25\nDrill continues,30.12.25\n\
            Drill ends,31.12.25\n";
        let out = parse(CSV, None, &FieldMap::default());
        assert_eq!(out.docs.len(), 3);
        assert!(out.docs.iter().all(|d| d.date.is_none()));
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "no column read as the date: `issued` looks like one, but its values (such as \
              \"29.12.25\") are not dates milpress reads; the rows are indexed undated"
            ]
        );
        // Named like a date, with values that are not.
        let out = parse(
            "title,release_day\nA,Monday\nB,Tuesday\n",
            None,
            &FieldMap::default(),
        );
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(out.warnings[0].message.contains("`release_day`"));
    }

    /// A spreadsheet saved in a European or Chinese locale: `;` between fields, `;` and `,`
    /// inside a quoted title, day-first and ambiguous dates.
    const SEMICOLON: &str = "\u{feff}title;date;source;text\n\
        \"Navy drill ends; ships return, crews rest\";13/05/2026;PLA Daily;The flotilla is back.\n\
        海军远海训练结束;2026-05-14;解放军报;\"编队返回母港；官兵休整。\"\n\
        Patrol resumes;05/06/2026;MND;Patrols resumed near the strait.\n";

    #[test]
    fn semicolon_exports_are_read_by_their_header() {
        let out = parse(SEMICOLON, None, &FieldMap::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str(), d.date, d.source.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(2),
                    "Navy drill ends; ships return, crews rest",
                    Date::new(2026, 5, 13),
                    Some("PLA Daily")
                ),
                (
                    Some(3),
                    "海军远海训练结束",
                    Date::new(2026, 5, 14),
                    Some("解放军报")
                ),
                // `13/05/2026` above puts the day first: `05/06/2026` is 5 June.
                (
                    Some(4),
                    "Patrol resumes",
                    Date::new(2026, 6, 5),
                    Some("MND")
                ),
            ]
        );
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        // Where no value says which comes first, an ambiguous date is warned about.
        let alone = SEMICOLON.replace("13/05/2026", "2026-05-13");
        let out = parse(&alone, None, &FieldMap::default());
        assert_eq!((out.docs[2].date, out.docs[2].year), (None, Some(2026)));
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "record 4: ambiguous date in `date`: \"05/06/2026\" (ambiguous: 2026-06-05 if \
              the day comes first, 2026-05-06 if the month does); the document keeps its year, \
              2026, and no day"
            ]
        );
        // Values that disagree settle nothing.
        let both = SEMICOLON.replace("2026-05-14", "05/14/2026");
        let out = parse(&both, None, &FieldMap::default());
        assert_eq!(out.docs[2].date, None);
    }

    #[test]
    fn a_spreadsheets_column_names_are_read_with_their_spaces_and_dots() {
        let out = parse(
            "\"Headline\",\"Pub. Date\",\"Outlet\",\"Full text\"\n\
             \"Pact enters into force\",\"Nov. 13, 2025\",\"Kyodo\",\"The pact took effect.\"\n",
            None,
            &FieldMap::default(),
        );
        assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
        let doc = &out.docs[0];
        assert_eq!(doc.body, "The pact took effect.");
        assert_eq!(doc.date, Date::new(2025, 11, 13));
        assert_eq!(doc.source.as_deref(), Some("Kyodo"));
    }

    #[test]
    fn delimiters_come_from_the_header_and_the_rows() {
        const CASES: &[(&str, u8)] = &[
            ("title|date|text\nA|2026-05-13|x, y; z\n", b'|'),
            ("title\ttext\nA\tx; y, z\n", b'\t'),
            ("title,text\nA,one; two; three\nB,four; five\n", b','),
            // Split on `;` outside quotes this header would show `date` and `source`.
            ("\"title;date;source\",text\nA,B\n", b','),
            // Column names milpress does not know: the delimiter that splits every row alike.
            (
                "kop;datum;tekst\n\"A, B\";13-05-2026;x\nC;14-05-2026;y, z\n",
                b';',
            ),
            ("kop;datum\nA;B\nC, D\n", b';'),
            // Nothing to tell by: the comma.
            ("title\nA; B\n", b','),
            ("", b','),
        ];
        for (text, expected) in CASES {
            let got = detect_delimiter(text, &FieldMap::default());
            assert_eq!(char::from(got), char::from(*expected), "{text:?}");
        }
        // Names mapped in `milpress.toml` count as known.
        let rules = Config::parse("[[files]]\npattern = \"*\"\n[files.fields]\ntitle = \"kop\"\n")
            .unwrap()
            .rules_for("x.csv");
        assert_eq!(detect_delimiter("kop|x;y\nA|B;C\n", &rules.fields), b'|');
        // Without the mapping `;` and `|` split alike, and the earlier candidate wins.
        assert_eq!(
            detect_delimiter("kop|x;y\nA|B;C\n", &FieldMap::default()),
            b';'
        );
    }

    #[test]
    fn a_column_named_like_a_date_may_hold_unix_seconds() {
        let csv = "title,url,time_added,tags\nA,https://example.org/a,1749610800,x\nB,https://example.org/b,1733270400,y\n";
        let out = parse(csv, None, &FieldMap::default());
        let dates: Vec<_> = out.docs.iter().map(|d| d.date).collect();
        assert_eq!(dates, [Date::new(2025, 6, 11), Date::new(2024, 12, 4)]);
        // Numbers in a column named otherwise are ids, not dates.
        let csv = "title,item_id\nA,1749610800\nB,1733270400\n";
        let out = parse(csv, None, &FieldMap::default());
        assert!(out.docs.iter().all(|d| d.date.is_none()));
    }
}
