//! Printing results: text for people (highlighted on a terminal), JSON, JSON Lines and CSV for
//! scripts. A closed pipe (`milpress search x | head`) is success, not an error.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::index::Summary;
use crate::search::{FacetValue, Hit, Results};

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: ranked hits with snippets, then counts and facets.
    #[default]
    Text,
    /// One JSON object with hits and facets.
    Json,
    /// One JSON object per hit, one per line.
    Jsonl,
    /// A header row, then one row per hit.
    Csv,
}

/// Terminal styling: ANSI codes only when wanted.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
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
            serde_json::to_writer_pretty(&mut *out, results)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, hit)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => csv(out, &results.hits, 0),
    }
}

/// Writes one page of hits as JSON Lines or CSV, for an export made of several pages: `offset`
/// is the page's start, so ranks continue and only the first page has the CSV header. Other
/// formats write nothing.
pub fn hits(out: &mut dyn Write, hits: &[Hit], format: Format, offset: usize) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for hit in hits {
                serde_json::to_writer(&mut *out, hit)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => csv(out, hits, offset),
        Format::Text | Format::Json => Ok(()),
    }
}

fn text(out: &mut dyn Write, results: &Results, style: Style) -> io::Result<()> {
    if !results.also_searched.is_empty() {
        let note = format!(
            "also searched: {} (--exact for only the words typed)",
            results.also_searched.join(", ")
        );
        writeln!(out, "{}\n", style.paint("2", &note))?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let title = if hit.doc.title.is_empty() {
            "(untitled)"
        } else {
            hit.doc.title.as_str()
        };
        writeln!(out, "{:>2}. {}", rank + 1, style.paint("1", title))?;
        let mut meta = Vec::new();
        meta.push(hit.doc.date.map_or_else(
            || {
                hit.doc
                    .year
                    .map_or("date unknown".to_string(), |y| y.to_string())
            },
            |d| d.to_string(),
        ));
        if let Some(source) = &hit.doc.source {
            meta.push(source.clone());
        }
        if !hit.doc.speakers.is_empty() {
            meta.push(format!("speaker: {}", hit.doc.speakers.join(", ")));
        }
        if hit.doc.kind == crate::document::Kind::Headline {
            meta.push("headline".to_string());
        }
        writeln!(out, "    {}", style.paint("2", &meta.join(" · ")))?;
        if !hit.snippet.is_empty() {
            writeln!(
                out,
                "    {}",
                highlight(&hit.snippet, &hit.highlights, style)
            )?;
        }
        let location = match hit.doc.record {
            Some(record) => format!("{} (record {record})  id: {}", hit.doc.path, hit.doc.id),
            None => format!("{}  id: {}", hit.doc.path, hit.doc.id),
        };
        writeln!(out, "    {}", style.paint("36", &location))?;
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let summary = match (results.total, shown) {
        (0, _) => "no match".to_string(),
        (total, shown) if shown < total => format!("{shown} of {total} matches"),
        (total, _) => format!("{total} match{}", if total == 1 { "" } else { "es" }),
    };
    writeln!(
        out,
        "{} ({} ms)",
        style.paint("1", &summary),
        results.took_ms
    )?;
    if let Some(suggestion) = &results.did_you_mean {
        writeln!(out, "did you mean: {}", style.paint("1", suggestion))?;
    }
    facet_line(out, "year", &results.facets.year, style)?;
    facet_line(out, "theme", &results.facets.theme, style)?;
    facet_line(out, "speaker", &results.facets.speaker, style)?;
    facet_line(out, "source", &results.facets.source, style)?;
    Ok(())
}

fn facet_line(
    out: &mut dyn Write,
    name: &str,
    values: &[FacetValue],
    style: Style,
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
                other => other.to_string(),
            };
            format!("{value} ({})", v.count)
        })
        .collect();
    if values.len() > SHOWN {
        parts.push(format!("+{} more", values.len() - SHOWN));
    }
    writeln!(
        out,
        "  {:<8} {}",
        style.paint("2", &format!("{name}:")),
        parts.join("  ")
    )
}

/// The snippet with its highlight ranges (in characters) marked.
fn highlight(snippet: &str, ranges: &[(usize, usize)], style: Style) -> String {
    if !style.color {
        // Without colour, mark matches with brackets so they still stand out.
        return mark(snippet, ranges, "[", "]");
    }
    mark(snippet, ranges, "\x1b[1;31m", "\x1b[0m")
}

fn mark(text: &str, ranges: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut ranges = ranges.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r.0 == i) {
            out.push_str(open);
        }
        out.push(c);
        if let Some(r) = ranges.peek() {
            if r.1 == i + 1 {
                out.push_str(close);
                ranges.next();
            }
        }
    }
    out
}

/// Hits as CSV rows ranked from `offset + 1`, with the header row when `offset` is 0.
fn csv(out: &mut dyn Write, hits: &[Hit], offset: usize) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    if offset == 0 {
        writer
            .write_record([
                "rank", "id", "score", "kind", "date", "year", "lang", "speakers", "themes",
                "source", "title", "path", "record", "url",
            ])
            .map_err(csv_io)?;
    }
    for (rank, hit) in hits.iter().enumerate() {
        let rank = offset + rank;
        let doc = &hit.doc;
        writer
            .write_record([
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
            ])
            .map_err(csv_io)?;
    }
    writer.flush()
}

/// The I/O error under a CSV error as it was (so a closed pipe is still recognised).
fn csv_io(err: ::csv::Error) -> io::Error {
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
    if format != Format::Text {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            doc: &'a Document,
            paths: &'a [String],
        }
        serde_json::to_writer_pretty(&mut *out, &Shown { doc, paths })?;
        return writeln!(out);
    }
    writeln!(out, "{}", style.paint("1", &doc.title))?;
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
    if let Some(source) = &doc.source {
        writeln!(out, "{}", field("source", source.clone()))?;
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
        writeln!(out, "\n{}", doc.body)?;
    }
    if let Some(t) = &doc.translation {
        let lang = t
            .lang
            .map_or("translation".to_string(), |l| format!("translation ({l})"));
        writeln!(
            out,
            "\n{}\n{}\n\n{}",
            style.paint("2", &format!("--- {lang} ---")),
            style.paint("1", &t.title),
            t.body
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Facets;
    use crate::testing::doc;

    fn results(hits: Vec<Hit>, total: usize) -> Results {
        Results {
            query: "q".into(),
            total,
            took_ms: 1.0,
            also_searched: vec![],
            hits,
            facets: Facets::default(),
            did_you_mean: None,
        }
    }

    fn hit(id: &str, title: &str) -> Hit {
        Hit {
            doc: doc(id, title, "body text"),
            score: Some(1.5),
            snippet: "the drill ended".into(),
            highlights: vec![(4, 9)],
        }
    }

    fn printed(results: &Results, format: Format) -> String {
        let mut out = Vec::new();
        super::results(&mut out, results, format, Style { color: false }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn marks_character_ranges() {
        assert_eq!(mark("香山论坛开幕", &[(0, 4)], "[", "]"), "[香山论坛]开幕");
        assert_eq!(mark("a b c", &[(0, 1), (4, 5)], "<", ">"), "<a> b <c>");
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
        hits(&mut out, &[hit("a", "A")], Format::Csv, 500).unwrap();
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
}
