//! `milpress glossary --learned`: the translation pairs learned from the index's bilingual
//! documents, best first, marked where the user's glossary file pins or bans them.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Outcome;
use crate::cli::{GlobalArgs, GlossaryArgs, GlossaryFormat};
use crate::error::Error;
use crate::index::learned::{Learned, Pair};
use crate::index::Index;
use crate::search::Glossary;

/// The width text output fits in.
const COLUMNS: usize = 80;

/// One listed pair, as JSON shows it.
#[derive(Serialize)]
struct Row<'p> {
    zh: &'p str,
    en: &'p str,
    score: f64,
    joint: u32,
    dice: f64,
    /// `pinned`, `banned`, or absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

pub fn run(args: &GlossaryArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    if !Index::exists(&global.index) {
        return Err(Error::IndexMissing(global.index.clone()).into());
    }
    let pairs = Learned::load(&global.index).pairs();
    if pairs.is_empty() {
        eprintln!(
            "no learned pairs: {} holds no bilingual documents with pairs strong enough",
            global.index.display()
        );
        return Ok(Outcome::NothingFound);
    }
    let glossary = Glossary::builtin();
    let rows: Vec<Row> = pairs.iter().map(|p| row(p, glossary)).collect();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        GlossaryFormat::Json => {
            crate::output::write_json(&mut out, &rows, true).and_then(|()| writeln!(out))
        }
        GlossaryFormat::Text => write_text(&mut out, &rows),
    };
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the pairs")?,
    }
    Ok(Outcome::Success)
}

fn row<'p>(pair: &'p Pair, glossary: &Glossary) -> Row<'p> {
    let status = if glossary.banned(&pair.zh, &pair.en) {
        Some("banned")
    } else if glossary.pinned(&pair.zh, &pair.en) {
        Some("pinned")
    } else {
        None
    };
    Row {
        zh: &pair.zh,
        en: &pair.en,
        score: pair.score,
        joint: pair.joint,
        dice: pair.dice,
        status,
    }
}

/// `score joint dice 中文 English status`, the Chinese column as wide as its widest word (at
/// most 16 columns), the English cut to what is left of 80 columns.
fn write_text(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    let zh_width = rows
        .iter()
        .map(|r| r.zh.width())
        .max()
        .unwrap_or(0)
        .clamp(2, 16);
    writeln!(
        out,
        "{:>7} {:>5} {:>5}  {}  english",
        "score",
        "joint",
        "dice",
        pad("chinese", zh_width)
    )?;
    let fixed = 7 + 1 + 5 + 1 + 5 + 2 + zh_width + 2;
    for r in rows {
        let status = r.status.map(|s| format!("  [{s}]")).unwrap_or_default();
        let room = COLUMNS.saturating_sub(fixed + status.len()).max(8);
        writeln!(
            out,
            "{:>7.1} {:>5} {:>5.2}  {}  {}{status}",
            r.score,
            r.joint,
            r.dice,
            pad(&cut(r.zh, zh_width), zh_width),
            cut(r.en, room),
        )?;
    }
    Ok(())
}

/// `text` padded with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// `text` cut to at most `width` display columns, with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fits_eighty_columns() {
        let long = "a very long English term that would run past the edge of the terminal";
        let rows = [
            Row {
                zh: "文职人员",
                en: "Civilian Personnel",
                score: 77.75,
                joint: 8,
                dice: 0.941,
                status: Some("pinned"),
            },
            Row {
                zh: "海警",
                en: long,
                score: 1234.5,
                joint: 12345,
                dice: 1.0,
                status: None,
            },
        ];
        let mut out = Vec::new();
        write_text(&mut out, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("文职人员  Civilian Personnel  [pinned]"),
            "{text}"
        );
        assert!(text.contains('…'), "{text}");
        for line in text.lines() {
            assert!(line.width() <= COLUMNS, "{} columns: {line}", line.width());
        }
    }
}
