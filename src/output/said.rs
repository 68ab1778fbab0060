//! Printing answers: the `said` timeline, `show` of one answer, and a briefing hit shown through
//! its best-matching answer (`Q: … / Jiang Bin: …`).

use std::io::{self, Write};

use serde::Serialize;

use super::{
    around_first_match, columns, highlighted_from, plain, wrap, write_wrapped, write_wrapped_in,
    Format, Style,
};
use crate::document::{Date, Document, Lang};
use crate::search::{Hit, Results};

/// How many characters of a question a one-line entry shows.
const QUESTION_CHARS: usize = 120;

/// `answer 2 of BRIEFING-ID`, for the meta line of an answer hit.
pub fn answer_tag(doc: &Document) -> String {
    match (&doc.position, &doc.parent) {
        (Some(n), Some(parent)) => format!("answer {n} of {parent}"),
        _ => "answer".to_string(),
    }
}

/// The question above the best answer's snippet, and how many other answers match, wrapped
/// to `width` columns after `indent`; the answer's snippet is cut to `snippet_columns`.
pub fn best_answer(
    out: &mut dyn Write,
    hit: &Hit,
    style: Style,
    indent: &str,
    width: usize,
    snippet_columns: usize,
) -> io::Result<()> {
    let Some(answer) = &hit.answer else {
        return Ok(());
    };
    if !answer.question.is_empty() {
        // The question whole, its matches marked (a briefing may match in its question only),
        // cut to about `QUESTION_CHARS` with the first match kept in view.
        let (marked, first_end) =
            highlighted_from(&answer.question, &answer.question_highlights, style);
        let mut question = plain("Q: ");
        let first_end = first_end.map(|end| end + question.len());
        question.extend(marked);
        let question = around_first_match(question, 2 * QUESTION_CHARS, first_end);
        write_wrapped_in(out, indent, &question, width, style, "2")?;
    }
    // No snippet (`--snippet 0`): no answer line, rather than a speaker saying nothing.
    if !hit.snippet.is_empty() {
        let speaker = answer.speaker.as_deref().unwrap_or("A");
        let (marked, first_end) = highlighted_from(&hit.snippet, &hit.highlights, style);
        let budget = snippet_columns.saturating_sub(columns(speaker) + 2);
        let mut line = plain(&format!("{speaker}: "));
        line.extend(around_first_match(marked, budget, first_end));
        write_wrapped(out, indent, &line, width, style)?;
    }
    let more = match answer.others {
        0 => format!("answer: {}", answer.id),
        1 => format!("answer: {} (+1 other matching answer)", answer.id),
        n => format!("answer: {} (+{n} other matching answers)", answer.id),
    };
    for line in wrap(&plain(&more), width) {
        writeln!(out, "{indent}{}", style.paint_line("2", &line))?;
    }
    Ok(())
}

/// One entry of the `said` timeline, as JSON prints it.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    parent: Option<&'a str>,
    position: Option<u32>,
    date: Option<Date>,
    speaker: Option<&'a str>,
    lang: Lang,
    question: &'a str,
    answer: &'a str,
    /// Always present (null without one), so that every entry has the same keys.
    translation: Option<EntryTranslation<'a>>,
    themes: &'a [String],
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct EntryTranslation<'a> {
    lang: Option<Lang>,
    question: &'a str,
    answer: &'a str,
}

impl<'a> Entry<'a> {
    fn of(doc: &'a Document) -> Entry<'a> {
        Entry {
            id: &doc.id,
            parent: doc.parent.as_deref(),
            position: doc.position,
            date: doc.date,
            speaker: doc.speakers.first().map(String::as_str),
            lang: doc.lang,
            question: &doc.question,
            answer: &doc.body,
            translation: doc.translation.as_ref().map(|t| EntryTranslation {
                lang: t.lang,
                question: if doc.question.is_empty() {
                    ""
                } else {
                    &t.title
                },
                answer: &t.body,
            }),
            themes: &doc.themes,
            source: doc.source.as_deref(),
        }
    }
}

/// Writes the `said` timeline: one entry per answer, as given (newest first).
pub fn timeline(
    out: &mut dyn Write,
    results: &Results,
    format: Format,
    opening_chars: usize,
    style: Style,
) -> io::Result<()> {
    match format {
        Format::Text => {}
        Format::Json => {
            #[derive(Serialize)]
            struct Said<'a> {
                query: &'a str,
                total: usize,
                took_ms: f64,
                answers: Vec<Entry<'a>>,
            }
            let said = Said {
                query: &results.query,
                total: results.total,
                took_ms: results.took_ms,
                answers: results.hits.iter().map(|h| Entry::of(&h.doc)).collect(),
            };
            super::write_json(out, &said, true)?;
            return writeln!(out);
        }
        Format::Jsonl => {
            for hit in &results.hits {
                super::write_json(out, &Entry::of(&hit.doc), false)?;
                writeln!(out)?;
            }
            return Ok(());
        }
        Format::Csv => return csv(out, results),
    }
    let width = super::width();
    super::also_searched(out, results, style, width)?;
    for hit in &results.hits {
        let doc = &hit.doc;
        let date = super::date_text(doc);
        let speaker = doc.speakers.first().map_or("(unnamed)", String::as_str);
        // The id on a line of its own when the three do not fit: never cut, it is what
        // `show` takes.
        let fits = columns(&date) + columns(speaker) + columns(&doc.id) + 4 <= width;
        writeln!(
            out,
            "{}  {}{}{}",
            style.paint("1", &date),
            style.paint("1", speaker),
            if fits { "  " } else { "\n  " },
            style.paint("36", &doc.id)
        )?;
        exchange(out, &doc.question, &doc.body, opening_chars, style)?;
        if let Some(t) = &doc.translation {
            let question = if doc.question.is_empty() {
                ""
            } else {
                &t.title
            };
            exchange(out, question, &t.body, opening_chars, style)?;
        }
        writeln!(out)?;
    }
    let summary = match (results.total, results.hits.len()) {
        (0, _) => "no answer".to_string(),
        (total, shown) if shown < total => format!("{shown} of {total} answers"),
        (1, _) => "1 answer".to_string(),
        (total, _) => format!("{total} answers"),
    };
    writeln!(
        out,
        "{} ({} ms)",
        style.paint("1", &summary),
        results.took_ms
    )?;
    super::facet_line(out, "speaker", &results.facets.speaker, style, width)?;
    super::facet_line(out, "year", &results.facets.year, style, width)
}

/// The timeline as CSV: a header row, then one row per answer (both languages where the
/// transcript has both).
fn csv(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let row = |writer: &mut ::csv::Writer<&mut dyn Write>, fields: &[&str]| {
        super::csv_row(writer, fields)
    };
    row(
        &mut writer,
        &[
            "date",
            "speaker",
            "id",
            "parent",
            "lang",
            "question",
            "answer",
            "translation_lang",
            "translated_question",
            "translated_answer",
            "themes",
            "source",
        ],
    )?;
    for hit in &results.hits {
        let entry = Entry::of(&hit.doc);
        let date = entry.date.map(|d| d.to_string()).unwrap_or_default();
        let (t_lang, t_question, t_answer) = match &entry.translation {
            Some(t) => (
                t.lang.map(|l| l.to_string()).unwrap_or_default(),
                t.question,
                t.answer,
            ),
            None => (String::new(), "", ""),
        };
        let themes = entry.themes.join("; ");
        let lang = entry.lang.to_string();
        row(
            &mut writer,
            &[
                &date,
                entry.speaker.unwrap_or_default(),
                entry.id,
                entry.parent.unwrap_or_default(),
                &lang,
                entry.question,
                entry.answer,
                &t_lang,
                t_question,
                t_answer,
                &themes,
                entry.source.unwrap_or_default(),
            ],
        )?;
    }
    writer.flush()
}

/// `Q: question` on one line and the answer's opening.
fn exchange(
    out: &mut dyn Write,
    question: &str,
    answer: &str,
    opening_chars: usize,
    style: Style,
) -> io::Result<()> {
    let question = if question.is_empty() {
        "(statement)".to_string()
    } else {
        one_line(question, QUESTION_CHARS)
    };
    let width = super::width().saturating_sub(2).max(20);
    for line in wrap(&plain(&format!("Q: {question}")), width) {
        writeln!(out, "  {}", style.paint_line("2", &line))?;
    }
    let answer = plain(&format!("A: {}", one_line(answer, opening_chars)));
    write_wrapped(out, "  ", &answer, width, style)
}

/// `show` of an answer: where it stands, the question, the answer, in each language.
pub fn answer_document(out: &mut dyn Write, doc: &Document, style: Style) -> io::Result<()> {
    let speaker = doc.speakers.first().map_or("A", String::as_str);
    let mut meta = vec![answer_tag(doc)];
    meta.push(super::date_text(doc));
    if let Some(source) = &doc.source {
        meta.push(source.clone());
    }
    writeln!(out, "{}", style.paint("2", &meta.join(" · ")))?;
    writeln!(
        out,
        "{}",
        style.paint("36", &format!("id       {}", doc.id))
    )?;
    if let Some(parent) = &doc.parent {
        let link = format!("briefing {parent}  (milpress show '{parent}')");
        writeln!(out, "{}", style.paint("36", &link))?;
    }
    if !doc.themes.is_empty() {
        writeln!(out, "themes   {}", doc.themes.join(", "))?;
    }
    let question = |q: &str| {
        if q.is_empty() {
            "(a statement, not an answer to a question)".to_string()
        } else {
            q.to_string()
        }
    };
    // On a terminal the question and the answer are wrapped to its width.
    let wrap_to = super::terminal_width();
    writeln!(out)?;
    super::write_text(
        out,
        &format!("Q: {}", question(&doc.question)),
        wrap_to,
        style,
    )?;
    writeln!(out)?;
    super::write_text(out, &format!("{speaker}: {}", doc.body), wrap_to, style)?;
    if let Some(t) = &doc.translation {
        let lang = t
            .lang
            .map_or("translation".to_string(), |l| format!("translation ({l})"));
        let asked = if doc.question.is_empty() {
            ""
        } else {
            &t.title
        };
        writeln!(out, "\n{}", style.paint("2", &format!("--- {lang} ---")))?;
        super::write_text(out, &format!("Q: {}", question(asked)), wrap_to, style)?;
        writeln!(out)?;
        super::write_text(out, &format!("{speaker}: {}", t.body), wrap_to, style)?;
    }
    Ok(())
}

/// `text` on one line, cut to `max` characters with an ellipsis.
fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, Translation};
    use crate::search::Facets;
    use crate::testing::{dated, doc};

    fn answer() -> Document {
        let mut a = dated(
            doc("b.jsonl#7/a2", "请问有何评论？", "中方坚决反对。"),
            "2026-05-18",
        );
        a.kind = Kind::Answer;
        a.lang = Lang::Zh;
        a.question = "请问有何评论？".into();
        a.parent = Some("b.jsonl#7".into());
        a.position = Some(2);
        a.speakers = vec!["Jiang Bin".into()];
        a.translation = Some(Translation {
            lang: Some(Lang::En),
            title: "What is your comment?".into(),
            body: "China firmly opposes it.".into(),
        });
        a
    }

    fn results(docs: Vec<Document>) -> Results {
        Results {
            query: "x".into(),
            total: docs.len(),
            took_ms: 1.0,
            also_searched: vec![],
            hits: docs
                .into_iter()
                .map(|doc| Hit {
                    doc,
                    score: None,
                    snippet: String::new(),
                    highlights: vec![],
                    answer: None,
                })
                .collect(),
            facets: Facets::default(),
            did_you_mean: None,
            partial: None,
            in_part: None,
            notices: vec![],
            snippet_columns: 160,
            offset: 0,
        }
    }

    #[test]
    fn the_timeline_shows_both_languages() {
        let mut out = Vec::new();
        let style = Style { color: false };
        timeline(&mut out, &results(vec![answer()]), Format::Text, 80, style).unwrap();
        let text = String::from_utf8(out).unwrap();
        for want in [
            "2026-05-18  Jiang Bin  b.jsonl#7/a2",
            "Q: 请问有何评论？",
            "A: 中方坚决反对。",
            "Q: What is your comment?",
            "A: China firmly opposes it.",
            "1 answer",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
    }

    #[test]
    fn the_timeline_as_json_holds_question_answer_and_parent() {
        let mut out = Vec::new();
        let style = Style { color: false };
        timeline(&mut out, &results(vec![answer()]), Format::Json, 80, style).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let entry = &json["answers"][0];
        assert_eq!(entry["question"], "请问有何评论？");
        assert_eq!(entry["parent"], "b.jsonl#7");
        assert_eq!(entry["speaker"], "Jiang Bin");
        assert_eq!(entry["translation"]["answer"], "China firmly opposes it.");

        let mut untranslated = answer();
        untranslated.translation = None;
        let mut out = Vec::new();
        timeline(
            &mut out,
            &results(vec![untranslated]),
            Format::Json,
            80,
            style,
        )
        .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let entry = json["answers"][0].as_object().unwrap();
        assert_eq!(entry.get("translation"), Some(&serde_json::Value::Null));
    }

    #[test]
    fn show_links_the_briefing() {
        let mut out = Vec::new();
        answer_document(&mut out, &answer(), Style { color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("answer 2 of b.jsonl#7"), "{text}");
        assert!(text.contains("milpress show 'b.jsonl#7'"), "{text}");
        assert!(text.contains("Jiang Bin: 中方坚决反对。"), "{text}");
    }

    #[test]
    fn one_line_flattens_and_cuts() {
        assert_eq!(one_line("a\n  b", 10), "a b");
        assert_eq!(one_line("abcdef", 4), "abc…");
    }
}
