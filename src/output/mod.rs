//! Printing results: text for people (highlighted on a terminal), JSON, JSON Lines and CSV for
//! scripts. A closed pipe (`milpress search x | head`) is success, not an error. Answers
//! (`said`, `show` of an answer, a briefing's best answer) print through [`said`].

pub mod said;

pub mod bench;
pub mod svg;
pub mod trend;

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::index::Summary;
use crate::reference::script::is_han;
use crate::search::{FacetValue, Hit, Results};

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: the matches (documents, or answers for `said`) with snippets, then counts
    /// and facets.
    #[default]
    Text,
    /// One JSON object: the matches, counts and facets.
    Json,
    /// One JSON object per match, one per line.
    Jsonl,
    /// A header row, then one row per match.
    Csv,
}

/// Terminal styling: ANSI codes only when wanted.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint_line(&self, code: &str, text: &Marked) -> String {
        let text: String = text.iter().map(|(c, _)| *c).collect();
        self.paint(code, &text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// A JSON formatter that also escapes U+2028 and U+2029, which JSON allows raw in a string but
/// which split a line for readers that break lines on them (JavaScript before ES2019, Python's
/// `str.splitlines()`), so that a JSON Lines record is always one line for every reader.
struct LineSafe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for LineSafe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('\u{2028}');
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as JSON, indented when `pretty`, with U+2028 and U+2029 escaped
/// (`LineSafe`). Every JSON milpress prints goes through here.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    let result = if pretty {
        let formatter = LineSafe(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out, formatter,
        ))
    } else {
        let formatter = LineSafe(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out, formatter,
        ))
    };
    result.map_err(io::Error::from)
}

/// Writes search results in `format`.
pub fn results(
    out: &mut dyn Write,
    results: &Results,
    format: Format,
    style: Style,
) -> io::Result<()> {
    match format {
        Format::Text => text(out, results, style),
        Format::Json => {
            write_json(out, results, true)?;
            writeln!(out)
        }
        Format::Jsonl | Format::Csv => hits(out, &results.hits, format, true, results.offset),
    }
}

/// Writes a page of hits as JSON Lines or CSV (with the header row when `header`), ranks
/// counting on from `ranked` hits already written: an export of every match goes out page by
/// page. Text and JSON print whole results ([`results`]).
pub fn hits(
    out: &mut dyn Write,
    hits: &[Hit],
    format: Format,
    header: bool,
    ranked: usize,
) -> io::Result<()> {
    match format {
        Format::Csv => csv(out, hits, header, ranked),
        _ => {
            for hit in hits {
                write_json(out, hit, false)?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// The width text output fills: the terminal's, else `COLUMNS`, else 80.
pub fn width() -> usize {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w).max(20);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w >= 20)
        .unwrap_or(80)
}

fn text(out: &mut dyn Write, results: &Results, style: Style) -> io::Result<()> {
    let width = width();
    also_searched(out, results, style, width)?;
    for (rank, hit) in results.hits.iter().enumerate() {
        let rank = results.offset + rank + 1;
        print_hit(out, hit, rank, results.snippet_columns, style, width)?;
    }
    if let Some(in_part) = &results.in_part {
        let (k, holds) = (
            in_part.total,
            if in_part.total == 1 { "holds" } else { "hold" },
        );
        let note = match results.total {
            0 => format!(
                "No document holds every word; {k} {} {holds} some of them, in other forms \
                 or in the other language:",
                if k == 1 { "document" } else { "documents" }
            ),
            total => format!(
                "Only {total} {} every word; {k} {} {holds} some of them, in other forms or \
                 in the other language:",
                if total == 1 {
                    "document holds"
                } else {
                    "documents hold"
                },
                if k == 1 { "other" } else { "others" }
            ),
        };
        for line in wrap(&plain(&note), width) {
            writeln!(out, "{}", style.paint_line("2", &line))?;
        }
        writeln!(out)?;
        for (rank, hit) in in_part.hits.iter().enumerate() {
            let rank = results.hits.len() + rank + 1;
            print_hit(out, hit, rank, results.snippet_columns, style, width)?;
        }
    }
    let shown = results.hits.len();
    let matches = |n: usize| if n == 1 { "match" } else { "matches" };
    let mut summary = match (results.total, shown) {
        (0, _) => "no match".to_string(),
        (total, shown) if shown < total => format!("{shown} of {total} {}", matches(total)),
        (total, _) => format!("{total} {}", matches(total)),
    };
    if let Some(in_part) = &results.in_part {
        summary.push_str(&format!(
            " (and {} holding some of the words)",
            in_part.total
        ));
    }
    writeln!(
        out,
        "{} ({} ms)",
        style.paint("1", &summary),
        results.took_ms
    )?;
    if let Some(suggestion) = &results.did_you_mean {
        writeln!(out, "did you mean: {}", style.paint("1", suggestion))?;
    }
    if let Some(partial) = &results.partial {
        let words: Vec<String> = partial
            .words
            .iter()
            .map(|w| format!("{} {}", w.word, w.matches))
            .collect();
        let note = format!(
            "no document holds every word ({}): drop one, or --any",
            words.join(" · ")
        );
        for line in wrap(&plain(&note), width) {
            writeln!(out, "{}", style.paint_line("2", &line))?;
        }
    }
    facet_line(out, "year", &results.facets.year, style, width)?;
    facet_line(out, "theme", &results.facets.theme, style, width)?;
    facet_line(out, "speaker", &results.facets.speaker, style, width)?;
    facet_line(out, "source", &results.facets.source, style, width)?;
    Ok(())
}

/// The line that says what else a query searched (its glossary and dictionary forms), dim,
/// with a blank line after it; nothing when it searched only the words typed.
pub(crate) fn also_searched(
    out: &mut dyn Write,
    results: &Results,
    style: Style,
    width: usize,
) -> io::Result<()> {
    if results.also_searched.is_empty() {
        return Ok(());
    }
    // Broken between the forms, never inside one (`军事演习` is not `军` and `事演习`), unless
    // one alone is wider than a line.
    let mut pieces: Vec<String> = vec!["also searched:".to_string()];
    let last = results.also_searched.len() - 1;
    for (i, form) in results.also_searched.iter().enumerate() {
        pieces.push(if i < last {
            format!("{form},")
        } else {
            form.clone()
        });
    }
    pieces.extend(["(--exact", "for", "only", "the", "words", "typed)"].map(String::from));
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(line) if columns(line) + 1 + columns(&piece) <= width => {
                line.push(' ');
                line.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    for line in lines {
        for part in wrap(&plain(&line), width) {
            writeln!(out, "{}", style.paint_line("2", &part))?;
        }
    }
    writeln!(out)
}

/// One hit of a text listing, numbered `rank`.
fn print_hit(
    out: &mut dyn Write,
    hit: &Hit,
    rank: usize,
    snippet_columns: usize,
    style: Style,
    width: usize,
) -> io::Result<()> {
    let indent = "    ";
    let inner = width.saturating_sub(indent.len()).max(10);
    let title = if hit.doc.title.is_empty() {
        "(untitled)"
    } else {
        hit.doc.title.as_str()
    };
    for (i, line) in wrap(&plain(title), inner).into_iter().enumerate() {
        let number = if i == 0 {
            format!("{rank:>2}. ")
        } else {
            indent.to_string()
        };
        writeln!(out, "{number}{}", style.paint_line("1", &line))?;
    }
    let mut meta = Vec::new();
    meta.push(date_text(&hit.doc));
    if let Some(source) = &hit.doc.source {
        meta.push(source.clone());
    }
    if !hit.doc.speakers.is_empty() {
        meta.push(format!("speaker: {}", hit.doc.speakers.join(", ")));
    }
    if !hit.doc.tags.is_empty() {
        meta.push(format!("tags: {}", hit.doc.tags.join(", ")));
    }
    if hit.doc.kind == crate::document::Kind::Headline {
        meta.push("headline".to_string());
    }
    if hit.doc.kind == crate::document::Kind::Answer {
        meta.push(said::answer_tag(&hit.doc));
    }
    for line in wrap(&plain(&meta.join(" · ")), inner) {
        writeln!(out, "{indent}{}", style.paint_line("2", &line))?;
    }
    let snippet_columns = snippet_columns.max(inner / 2);
    if hit.answer.is_some() {
        said::best_answer(out, hit, style, indent, inner, snippet_columns)?;
    } else if !hit.snippet.is_empty() && hit.snippet.trim() != hit.doc.title.trim() {
        // A headline's snippet is its title again: printed once.
        let (marked, first_end) = highlighted_from(&hit.snippet, &hit.highlights, style);
        write_wrapped(
            out,
            indent,
            &around_first_match(marked, snippet_columns, first_end),
            inner,
            style,
        )?;
    }
    // A file that holds one document is its own id: saying it twice only wraps the line.
    let path = match hit.doc.record {
        Some(record) => format!("{} (record {record})", hit.doc.path),
        None => hit.doc.path.clone(),
    };
    let id = format!("id: {}", hit.doc.id);
    let location = if hit.doc.record.is_none() && hit.doc.id == hit.doc.path {
        vec![path]
    } else if columns(&path) + 2 + columns(&id) <= inner {
        vec![format!("{path}  {id}")]
    } else {
        // Too long for one line: the id on a line of its own, never parted from `id:`.
        vec![path, id]
    };
    for line in location.iter().flat_map(|l| wrap(&plain(l), inner)) {
        writeln!(out, "{indent}{}", style.paint_line("36", &line))?;
    }
    writeln!(out)?;
    Ok(())
}

fn facet_line(
    out: &mut dyn Write,
    name: &str,
    values: &[FacetValue],
    style: Style,
    width: usize,
) -> io::Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = values
        .iter()
        .take(SHOWN)
        .map(|v| {
            let value = match &v.value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "unknown".to_string(),
                other => other.to_string(),
            };
            format!("{value} ({})", v.count)
        })
        .collect();
    if values.len() > SHOWN {
        parts.push(format!("+{} more", values.len() - SHOWN));
    }
    // Facet values never split across lines: each line holds whole "value (count)" parts.
    let label = format!("{name}:");
    let indent = 2 + 9;
    let mut lines: Vec<String> = vec![String::new()];
    for part in parts {
        let line = lines.last_mut().expect("one line at least");
        let needed = columns(&part) + if line.is_empty() { 0 } else { 2 };
        if !line.is_empty() && indent + columns(line) + needed > width {
            lines.push(part);
        } else {
            if !line.is_empty() {
                line.push_str("  ");
            }
            line.push_str(&part);
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let pad = " ".repeat(8usize.saturating_sub(label.len()));
            writeln!(out, "  {}{pad} {line}", style.paint("2", &label))?;
        } else {
            writeln!(out, "{}{line}", " ".repeat(indent))?;
        }
    }
    Ok(())
}

/// A character of text to print, and whether it is highlighted.
type Marked = Vec<(char, bool)>;

fn plain(text: &str) -> Marked {
    text.chars()
        .map(|c| (if c.is_control() { ' ' } else { c }, false))
        .collect()
}

/// The snippet's characters with highlights flagged; without colour, matches are bracketed
/// instead, so the brackets count toward the width.
/// Also where in it the first match ends (the index after its last character or bracket).
fn highlighted_from(
    snippet: &str,
    ranges: &[(usize, usize)],
    style: Style,
) -> (Marked, Option<usize>) {
    let mut out = Vec::with_capacity(snippet.len() + ranges.len() * 2);
    let mut first_end = None;
    let mut ranges = ranges.iter().peekable();
    for (i, c) in snippet.chars().enumerate() {
        let c = if c.is_control() { ' ' } else { c };
        let inside = ranges.peek().is_some_and(|r| r.0 <= i && i < r.1);
        if !style.color && ranges.peek().is_some_and(|r| r.0 == i) {
            out.push(('[', false));
        }
        out.push((c, inside && style.color));
        if ranges.peek().is_some_and(|r| r.1 == i + 1) {
            if !style.color {
                out.push((']', false));
            }
            ranges.next();
            first_end.get_or_insert(out.len());
        }
    }
    (out, first_end)
}

/// [`truncate`]d so that the first match stays in view: when it ends past the budget, the
/// text before it is cut (to `…`), leaving a third of the budget of context in front.
fn around_first_match(text: Marked, budget: usize, first_end: Option<usize>) -> Marked {
    let shown = |from: usize, to: usize| -> usize {
        text[from..to].iter().map(|&(c, _)| char_columns(c)).sum()
    };
    let Some(end) = first_end.filter(|&end| end <= text.len() && shown(0, end) + 1 > budget) else {
        return truncate(text, budget);
    };
    // Back from the match's end until two thirds of the budget are used, then on to a space
    // if one is near.
    let mut start = end;
    while start > 0 && shown(start - 1, end) < budget * 2 / 3 {
        start -= 1;
    }
    if let Some(space) = (start..end.min(start + 12)).find(|&i| text[i].0.is_whitespace()) {
        start = space + 1;
    }
    let mut cut: Marked = vec![('…', false)];
    cut.extend_from_slice(&text[start..]);
    truncate(cut, budget)
}

/// Display columns of a string (a Chinese character counts two).
fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

fn char_columns(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// At most `budget` display columns, ending in `…` when cut, so snippets in either language
/// take the same space.
fn truncate(mut text: Marked, budget: usize) -> Marked {
    let mut used = 0;
    for (i, &(c, _)) in text.iter().enumerate() {
        used += char_columns(c);
        if used > budget.saturating_sub(1) {
            // Never inside a word of letters (`Ta…`): back to the space before it, if near.
            let letter = |c: char| c.is_alphanumeric() && !is_han(c);
            let inside = i > 0 && letter(text[i - 1].0) && letter(c);
            let space = (i.saturating_sub(20)..i)
                .rev()
                .find(|&j| text[j].0.is_whitespace());
            text.truncate(match (inside, space) {
                (true, Some(space)) => space,
                _ => i,
            });
            while text.last().is_some_and(|(c, _)| c.is_whitespace()) {
                text.pop();
            }
            text.push(('…', false));
            return text;
        }
    }
    text
}

/// Lines of at most `width` columns: broken at a space where there is one, anywhere between
/// Chinese characters, and inside a word only when the word alone is wider than a line.
fn wrap(text: &Marked, width: usize) -> Vec<Marked> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Marked = Vec::new();
    let mut used = 0;
    // Indexes in `line` just after the places a break may go.
    let mut breaks: Vec<usize> = Vec::new();
    for &(c, lit) in text {
        let w = char_columns(c);
        // Closing punctuation and a highlight's closing bracket never start a line: no break
        // just before them.
        if closes(c) && breaks.last() == Some(&line.len()) {
            breaks.pop();
        }
        if used + w > width && !line.is_empty() {
            let cut = match breaks.last() {
                Some(&at) if at > 0 => at,
                _ => line.len(),
            };
            let mut rest: Marked = line.split_off(cut);
            while line.last().is_some_and(|(c, _)| c.is_whitespace()) {
                line.pop();
            }
            lines.push(std::mem::take(&mut line));
            while rest.first().is_some_and(|(c, _)| c.is_whitespace()) {
                rest.remove(0);
            }
            used = rest.iter().map(|&(c, _)| char_columns(c)).sum();
            line = rest;
            breaks.clear();
        }
        if line.is_empty() && c.is_whitespace() {
            continue;
        }
        line.push((c, lit));
        used += w;
        if c.is_whitespace() || (w == 2 && !opens(c)) {
            breaks.push(line.len());
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Punctuation that ends a phrase or closes a bracket: never the first thing on a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '…'
    )
}

/// Punctuation that opens a bracket or quotation: never the last thing on a line.
fn opens(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘')
}

/// A line as it is printed: highlighted runs in colour.
/// Writes `text` wrapped to `width` display columns, each line after `indent`.
fn write_wrapped(
    out: &mut dyn Write,
    indent: &str,
    text: &Marked,
    width: usize,
    style: Style,
) -> io::Result<()> {
    write_wrapped_in(out, indent, text, width, style, "")
}

/// [`write_wrapped`], the text outside highlights in the style `base` (an SGR code such as
/// `2`, dim; empty for none).
fn write_wrapped_in(
    out: &mut dyn Write,
    indent: &str,
    text: &Marked,
    width: usize,
    style: Style,
    base: &str,
) -> io::Result<()> {
    for line in wrap(text, width) {
        writeln!(out, "{indent}{}", render(&line, style, base))?;
    }
    Ok(())
}

fn render(line: &Marked, style: Style, base: &str) -> String {
    let mut out = String::new();
    let plain = if base.is_empty() {
        "\x1b[0m".to_string()
    } else {
        format!("\x1b[0m\x1b[{base}m")
    };
    if style.color && !base.is_empty() {
        out.push_str(&format!("\x1b[{base}m"));
    }
    let mut lit = false;
    for &(c, on) in line {
        if on != lit && style.color {
            out.push_str(if on { "\x1b[1;31m" } else { &plain });
        }
        lit = on;
        out.push(c);
    }
    if (lit || !base.is_empty()) && style.color {
        out.push_str("\x1b[0m");
    }
    out
}

/// A CSV cell as a spreadsheet may safely open it: text that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (`=HYPERLINK(…)` in a scraped headline) gets a leading `'`, so
/// that it is shown as text and never run as a formula. A number (`-3`, `2.5`) is left as it
/// is.
pub(crate) fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes one CSV row, each cell made safe for a spreadsheet ([`csv_cell`]).
pub(crate) fn csv_row<W: Write, S: AsRef<str>>(
    writer: &mut ::csv::Writer<W>,
    cells: &[S],
) -> io::Result<()> {
    writer
        .write_record(cells.iter().map(|c| csv_cell(c.as_ref()).into_owned()))
        .map_err(csv_io)
}

fn csv(out: &mut dyn Write, hits: &[Hit], header: bool, ranked: usize) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    if header {
        writer
            .write_record([
                "rank", "id", "score", "kind", "date", "year", "lang", "speakers", "themes",
                "source", "title", "path", "record", "url", "tags", "langs", "parent", "snippet",
            ])
            .map_err(csv_io)?;
    }
    for (rank, hit) in hits.iter().enumerate() {
        let rank = ranked + rank;
        let doc = &hit.doc;
        csv_row(
            &mut writer,
            &[
                (rank + 1).to_string(),
                doc.id.clone(),
                hit.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
                doc.kind.to_string(),
                doc.date.map(|d| d.to_string()).unwrap_or_default(),
                doc.year.map(|y| y.to_string()).unwrap_or_default(),
                doc.lang.to_string(),
                doc.speakers.join("; "),
                doc.themes.join("; "),
                doc.source.clone().unwrap_or_default(),
                doc.title.clone(),
                doc.path.clone(),
                doc.record.map(|r| r.to_string()).unwrap_or_default(),
                doc.url.clone().unwrap_or_default(),
                doc.tags.join("; "),
                doc.langs
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                doc.parent.clone().unwrap_or_default(),
                hit.snippet.clone(),
            ],
        )?;
    }
    writer.flush()
}

/// The I/O error under a CSV error as it was (so a closed pipe is still recognised).
pub(crate) fn csv_io(err: ::csv::Error) -> io::Error {
    match err.into_kind() {
        ::csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes one document in full.
pub fn document(
    out: &mut dyn Write,
    doc: &Document,
    paths: &[String],
    format: Format,
    style: Style,
) -> io::Result<()> {
    document_to(out, doc, paths, format, style, terminal_width())
}

/// The width to wrap a stored text to: the terminal's, or `None` into a pipe, where the text
/// goes as stored.
pub(crate) fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    io::stdout().is_terminal().then(width)
}

/// Writes `text`, each line wrapped to `wrap_to` columns when given.
pub(crate) fn write_text(
    out: &mut dyn Write,
    text: &str,
    wrap_to: Option<usize>,
    style: Style,
) -> io::Result<()> {
    let Some(width) = wrap_to else {
        return writeln!(out, "{text}");
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            writeln!(out)?;
            continue;
        }
        write_wrapped(out, "", &plain(line), width, style)?;
    }
    Ok(())
}

/// [`document`], with the text wrapped to `wrap_to` columns when given.
fn document_to(
    out: &mut dyn Write,
    doc: &Document,
    paths: &[String],
    format: Format,
    style: Style,
    wrap_to: Option<usize>,
) -> io::Result<()> {
    if format != Format::Text {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            doc: &'a Document,
            paths: &'a [String],
        }
        write_json(out, &Shown { doc, paths }, true)?;
        return writeln!(out);
    }
    match wrap_to {
        Some(width) => {
            for line in wrap(&plain(&doc.title), width) {
                writeln!(out, "{}", style.paint_line("1", &line))?;
            }
        }
        None => writeln!(out, "{}", style.paint("1", &doc.title))?,
    }
    let field =
        |name: &str, value: String| format!("{}{value}", style.paint("2", &format!("{name:<9}")));
    writeln!(out, "{}", field("id", doc.id.clone()))?;
    writeln!(out, "{}", field("kind", doc.kind.to_string()))?;
    writeln!(
        out,
        "{}",
        field("date", doc.date.map_or("unknown".into(), |d| d.to_string()))
    )?;
    writeln!(
        out,
        "{}",
        field("year", doc.year.map_or("unknown".into(), |y| y.to_string()))
    )?;
    writeln!(out, "{}", field("lang", doc.lang.to_string()))?;
    if !doc.speakers.is_empty() {
        writeln!(out, "{}", field("speakers", doc.speakers.join(", ")))?;
    }
    if !doc.themes.is_empty() {
        writeln!(out, "{}", field("themes", doc.themes.join(", ")))?;
    }
    if !doc.tags.is_empty() {
        writeln!(out, "{}", field("tags", doc.tags.join(", ")))?;
    }
    if let Some(source) = &doc.source {
        writeln!(out, "{}", field("source", source.clone()))?;
    }
    if let Some(via) = &doc.via {
        writeln!(out, "{}", field("via", via.clone()))?;
    }
    if let Some(url) = &doc.url {
        writeln!(out, "{}", field("url", url.clone()))?;
    }
    for path in paths {
        let shown = match doc.record {
            Some(record) => format!("{path} (record {record})"),
            None => path.clone(),
        };
        writeln!(out, "{}", field("path", shown))?;
    }
    if let Some(parent) = &doc.parent {
        writeln!(out, "{}", field("parent", parent.clone()))?;
    }
    if !doc.body.is_empty() {
        writeln!(out)?;
        write_text(out, &doc.body, wrap_to, style)?;
    }
    if let Some(t) = &doc.translation {
        let lang = t
            .lang
            .map_or("translation".to_string(), |l| format!("translation ({l})"));
        writeln!(
            out,
            "\n{}\n{}\n",
            style.paint("2", &format!("--- {lang} ---")),
            style.paint("1", &t.title),
        )?;
        write_text(out, &t.body, wrap_to, style)?;
    }
    Ok(())
}

/// Writes the end-of-run summary of `milpress index`.
pub fn summary(out: &mut dyn Write, summary: &Summary, took: f64) -> io::Result<()> {
    writeln!(
        out,
        "{} files seen ({} read, {} unchanged{}), {} with errors",
        summary.files_seen,
        summary.files_read,
        summary.files_unchanged,
        if summary.files_unsupported > 0 {
            format!(", {} of other types ignored", summary.files_unsupported)
        } else {
            String::new()
        },
        summary.files_with_errors
    )?;
    let duplicates = match summary.duplicates.len() {
        0 => String::new(),
        n => format!(
            ", {n} duplicate{} not indexed again",
            if n == 1 { "" } else { "s" }
        ),
    };
    writeln!(
        out,
        "documents: {} added, {} updated, {} removed, {} unchanged{duplicates} ({took:.1} s)",
        summary.docs_added, summary.docs_updated, summary.docs_removed, summary.docs_unchanged
    )
}

/// Runs a printer, treating a closed pipe as success.
pub fn ignore_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// When a document was published, as a hit's line shows it: its day, else its year alone, else
/// `date unknown`.
pub fn date_text(doc: &Document) -> String {
    match (doc.date, doc.year) {
        (Some(date), _) => date.to_string(),
        (None, Some(year)) => year.to_string(),
        (None, None) => "date unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Facets;
    use crate::testing::doc;

    #[test]
    fn show_prints_tags_and_the_site_it_came_through() {
        let mut d = doc("a.html", "Title", "Body.");
        d.tags = vec!["海警".into(), "钓鱼岛".into()];
        d.source = Some("PLA Daily".into());
        d.via = Some("China Military Online".into());
        let mut out = Vec::new();
        let style = Style { color: false };
        document(&mut out, &d, &["a.html".into()], Format::Text, style).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\ntags     海警, 钓鱼岛\n"), "{text}");
        assert!(
            text.contains("\nvia      China Military Online\n"),
            "{text}"
        );
    }

    #[test]
    fn show_wraps_the_text_on_a_terminal_and_not_into_a_pipe() {
        let body = "The command said the exercises focused on sea-air combat readiness \
            patrols and precision strikes.\n东部战区新闻发言人表示，此次演习是对分裂势力的严厉惩戒。";
        let d = doc("a.txt", "Title", body);
        let style = Style { color: false };
        let mut out = Vec::new();
        document_to(&mut out, &d, &[], Format::Text, style, Some(30)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let body_lines: Vec<&str> = text.split("\n\n").nth(1).unwrap().lines().collect();
        assert!(body_lines.len() > 4, "{text}");
        assert!(
            body_lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 30),
            "{text}"
        );
        assert!(
            body_lines.iter().all(|l| !l.ends_with("comb")),
            "words stay whole: {text}"
        );
        let mut out = Vec::new();
        document_to(&mut out, &d, &[], Format::Text, style, None).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .ends_with(&format!("{body}\n")));
        // A long title wraps too, and paragraphs keep one blank line between them.
        let long = "Secretary of Defense and his counterpart hold a joint press conference";
        let d = doc("b.txt", long, "First paragraph.\n\nSecond paragraph.");
        let mut out = Vec::new();
        document_to(&mut out, &d, &[], Format::Text, style, Some(30)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.lines().take(3).all(|l| l.chars().count() <= 30),
            "{text}"
        );
        assert!(
            text.ends_with("First paragraph.\n\nSecond paragraph.\n"),
            "{text}"
        );
    }

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        wrap(&plain(text), width)
            .iter()
            .map(|line| line.iter().map(|&(c, _)| c).collect())
            .collect()
    }

    #[test]
    fn chinese_punctuation_and_closing_brackets_never_start_a_line() {
        // 10 columns: five Chinese characters a line.
        assert_eq!(wrapped("一二三四五，六七", 10), ["一二三四", "五，六七"]);
        assert_eq!(wrapped("一二三[黄岩岛]", 10), ["一二三[黄", "岩岛]"]);
        assert_eq!(wrapped("一二三四“五六”", 10), ["一二三四", "“五六”"]);
        for line in wrapped("报道称，黄岩岛附近。各方表示，坚决反对！", 8) {
            assert!(!line.starts_with(['，', '。', '！', ']']), "{line}");
        }
    }

    fn results(hits: Vec<Hit>, total: usize) -> Results {
        Results {
            query: "q".into(),
            total,
            took_ms: 1.0,
            also_searched: vec![],
            hits,
            facets: Facets::default(),
            did_you_mean: None,
            partial: None,
            in_part: None,
            notices: vec![],
            snippet_columns: 160,
            offset: 0,
        }
    }

    fn hit(id: &str, title: &str) -> Hit {
        Hit {
            doc: doc(id, title, "body text"),
            score: Some(1.5),
            snippet: "the drill ended".into(),
            highlights: vec![(4, 9)],
            answer: None,
        }
    }

    fn printed(results: &Results, format: Format) -> String {
        let mut out = Vec::new();
        super::results(&mut out, results, format, Style { color: false }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_file_that_is_its_own_id_is_named_once() {
        let mut own = hit("mnd/2024/a.txt", "A");
        own.doc.path = "mnd/2024/a.txt".into();
        let mut record = hit("feed.jsonl#7", "B");
        record.doc.path = "feed.jsonl".into();
        record.doc.record = Some(7);
        let text = printed(&results(vec![own, record], 2), Format::Text);
        assert_eq!(text.matches("mnd/2024/a.txt").count(), 1, "{text}");
        assert!(
            text.contains("feed.jsonl (record 7)  id: feed.jsonl#7"),
            "{text}"
        );
    }

    #[test]
    fn a_snippet_that_is_the_title_again_is_not_printed() {
        let mut headline = hit("list.txt#3", "Navy drill ends near the coast");
        headline.snippet = headline.doc.title.clone();
        headline.highlights = vec![(6, 11)];
        let text = printed(&results(vec![headline], 1), Format::Text);
        assert_eq!(text.matches("drill ends").count(), 1, "{text}");
        let text = printed(&results(vec![hit("a.txt", "A")], 1), Format::Text);
        assert!(text.contains("the [drill] ended"), "{text}");
    }

    #[test]
    fn marks_character_ranges() {
        let style = Style { color: false };
        let text = |m: Marked| m.into_iter().map(|(c, _)| c).collect::<String>();
        assert_eq!(
            text(highlighted_from("香山论坛开幕", &[(0, 4)], style).0),
            "[香山论坛]开幕"
        );
        assert_eq!(
            text(highlighted_from("a b c", &[(0, 1), (4, 5)], style).0),
            "[a] b [c]"
        );
        let coloured = highlighted_from("a b", &[(2, 3)], Style { color: true }).0;
        assert_eq!(
            render(&coloured, Style { color: true }, ""),
            "a \x1b[1;31mb\x1b[0m"
        );
    }

    #[test]
    fn lines_fit_the_width_in_both_scripts() {
        let english =
            plain("The ministry said the drill near the island would continue for three days");
        for line in wrap(&english, 20) {
            let line: String = line.iter().map(|(c, _)| *c).collect();
            assert!(columns(&line) <= 20, "{line:?}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
        let chinese = plain("国防部新闻发言人蒋斌就近期涉台问题答记者问，强调台独是绝路");
        let lines = wrap(&chinese, 20);
        assert!(lines.len() >= 3);
        for line in &lines {
            let line: String = line.iter().map(|(c, _)| *c).collect();
            assert!(columns(&line) <= 20, "{line:?}");
        }
        // A word wider than a line is cut rather than overflowing.
        let long = plain(&"x".repeat(50));
        assert!(wrap(&long, 20).iter().all(|l| l.len() <= 20));
        // Truncation counts columns: 10 Chinese characters fill 20 columns.
        // A match past the budget is kept in view, the text before it cut.
        let snippet = format!("{} South China Sea.", "word ".repeat(40));
        let start = snippet.find("South").unwrap();
        let (marked, end) =
            highlighted_from(&snippet, &[(start, start + 15)], Style { color: false });
        let cut: String = around_first_match(marked, 60, end)
            .iter()
            .map(|&(c, _)| c)
            .collect();
        assert!(
            cut.starts_with('…') && cut.contains("[South China Sea]"),
            "{cut}"
        );
        assert!(columns(&cut) <= 60, "{cut}");
        let cut = truncate(plain(&"台".repeat(30)), 20);
        let cut: String = cut.iter().map(|(c, _)| *c).collect();
        assert!(columns(&cut) <= 20 && cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn text_highlights_without_colour_and_counts() {
        let text = printed(&results(vec![hit("a", "Drill")], 1), Format::Text);
        assert!(text.contains("the [drill] ended"), "{text}");
        assert!(text.contains("1 match"), "{text}");
        let text = printed(&results(vec![hit("a", "Drill")], 3), Format::Text);
        assert!(text.contains("1 of 3 matches"), "{text}");
        assert!(printed(&results(vec![], 0), Format::Text).contains("no match"));
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_reads_back() {
        let text = printed(
            &results(vec![hit("a", "Drill, \"Strait\"\nThunder")], 1),
            Format::Csv,
        );
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let title = headers.iter().position(|h| h == "title").unwrap();
        assert_eq!(&row[title], "Drill, \"Strait\"\nThunder");
        assert_eq!(&row[0], "1");
    }

    #[test]
    fn json_lines_print_one_hit_per_line() {
        let text = printed(
            &results(vec![hit("a", "A"), hit("b", "B")], 2),
            Format::Jsonl,
        );
        let ids: Vec<String> = text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
        assert_eq!(ids, ["\"a\"", "\"b\""]);
    }

    #[test]
    fn later_export_pages_continue_ranks_without_a_header() {
        let mut out = Vec::new();
        hits(&mut out, &[hit("a", "A")], Format::Csv, false, 500).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("501,a,"), "{text}");
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn a_closed_pipe_is_success() {
        let broken = io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert!(ignore_broken_pipe(Err(broken)).is_ok());
        let other = io::Error::other("disk full");
        assert!(ignore_broken_pipe(Err(other)).is_err());
    }

    #[test]
    fn csv_cells_never_run_as_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@PLA_Daily: carrier"), "'@PLA_Daily: carrier");
        assert_eq!(csv_cell("+86 10 hotline"), "'+86 10 hotline");
        assert_eq!(csv_cell("-30℃"), "'-30℃");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("-3"), "-3");
        assert_eq!(csv_cell("2.5"), "2.5");
        assert_eq!(csv_cell("Taiwan"), "Taiwan");
    }

    #[test]
    fn json_escapes_line_separators() {
        let mut out = Vec::new();
        write_json(
            &mut out,
            &serde_json::json!({"t": "a\u{2028}b\u{2029}c"}),
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#"{"t":"a\u2028b\u2029c"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "a\u{2028}b\u{2029}c");
    }
}
