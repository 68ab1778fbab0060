//! Extractor accuracy against what a JSON Lines corpus states about its records.
//!
//! Records carrying `published_date`, `title_original` and `text_original` (the collector's
//! format of the shared corpus) are read directly with serde_json, and each extractor is run as
//! if the file had not stated the answer: dates from the text alone, compared with
//! `published_date`; themes from the keyword lexicon, compared with the analysts' `categories`
//! (per theme, for the first and second half of the labelled records separately, the second
//! half being held out from whoever tuned the lexicon on the first); speakers, checked for recall
//! on every `蒋斌：` transcript (and every other roster name used as a turn label) and for
//! false positives that are really the askers of questions (reporter labels, outlets, people
//! whose every turn is a question).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use milpress::document::{Date, Parsed, Translation};
use milpress::extract::Extractor;
use milpress::ingest::{self, config::Config, format::Format};

use crate::figures::{fmt3, mean, ratio, round4, write_table, Counts};

/// One record of a collector's JSON Lines file.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// File (relative to the corpus) and the record's id or line number.
    pub id: String,
    pub path: String,
    pub source: String,
    pub published: Option<Date>,
    pub title: String,
    pub text: String,
    pub translation: Option<Translation>,
    /// `None` when the record has no `categories` array.
    pub categories: Option<Vec<String>>,
}

/// Reads every record of every JSON Lines file under `root` that has `title_original` or
/// `text_original`. Lines that are not JSON objects are skipped.
pub fn read_records(root: &Path) -> Vec<Record> {
    let walk = ingest::walk(root, None, &Config::default());
    let mut out = Vec::new();
    for file in walk.files.iter().filter(|f| f.format == Format::JsonLines) {
        let Ok(text) = std::fs::read_to_string(&file.abs) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            if !v["title_original"].is_string() && !v["text_original"].is_string() {
                continue;
            }
            let local = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => (n + 1).to_string(),
            };
            let translation = v["text_english"].is_string().then(|| Translation {
                lang: None,
                title: s("title_english"),
                body: s("text_english"),
            });
            out.push(Record {
                id: format!("{}#{local}", file.rel),
                path: file.rel.clone(),
                source: s("source"),
                published: v["published_date"].as_str().and_then(Date::parse_iso),
                title: s("title_original"),
                text: s("text_original"),
                translation,
                categories: v["categories"].as_array().map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                }),
            });
        }
    }
    out
}

/// Date accuracy over one group of records.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DateFigures {
    pub group: String,
    /// Records with a `published_date`.
    pub records: usize,
    pub exact: usize,
    /// The year of the date found in the text.
    pub year: usize,
    /// The year the pipeline ends up with: the text's date, else a year in the file path.
    pub year_with_path: usize,
    /// No date found in the text.
    pub none: usize,
    /// A date found, but another one.
    pub wrong: usize,
    pub exact_accuracy: f64,
    pub year_accuracy: f64,
    pub year_with_path_accuracy: f64,
}

impl DateFigures {
    fn finish(&mut self) {
        self.exact_accuracy = round4(ratio(self.exact, self.records));
        self.year_accuracy = round4(ratio(self.year, self.records));
        self.year_with_path_accuracy = round4(ratio(self.year_with_path, self.records));
    }
}

/// A date the extractor got wrong.
#[derive(Clone, Debug, Serialize)]
pub struct DateMiss {
    pub id: String,
    pub expected: Date,
    pub found: Option<Date>,
}

/// Dates: overall, then per source.
#[derive(Clone, Debug, Serialize)]
pub struct Dates {
    pub groups: Vec<DateFigures>,
    /// The first few wrong dates (found but different).
    pub wrong_examples: Vec<DateMiss>,
}

/// Runs the date extractor on each record's title and text, with its date withheld.
pub fn dates(records: &[Record]) -> Dates {
    let extractor = Extractor::new();
    let mut groups: BTreeMap<String, DateFigures> = BTreeMap::new();
    let mut wrong_examples = Vec::new();
    for r in records {
        let Some(expected) = r.published else {
            continue;
        };
        // What indexing infers when a record gives no date: the extractor's own rules.
        let inferred = extractor.enrich(
            Parsed {
                title: r.title.clone(),
                body: r.text.clone(),
                ..Parsed::default()
            },
            String::new(),
            &r.path,
        );
        let found = inferred.date;
        let year = found.map(|d| d.year());
        let year_with_path = inferred.year;
        for key in ["all".to_string(), format!("source: {}", r.source)] {
            let g = groups.entry(key.clone()).or_insert_with(|| DateFigures {
                group: key,
                ..DateFigures::default()
            });
            g.records += 1;
            g.exact += usize::from(found == Some(expected));
            g.year += usize::from(year == Some(expected.year()));
            g.year_with_path += usize::from(year_with_path == Some(expected.year()));
            g.none += usize::from(found.is_none());
            g.wrong += usize::from(found.is_some_and(|d| d != expected));
        }
        if found.is_some_and(|d| d != expected) && wrong_examples.len() < 8 {
            wrong_examples.push(DateMiss {
                id: r.id.clone(),
                expected,
                found,
            });
        }
    }
    let mut groups: Vec<DateFigures> = groups.into_values().collect();
    // "all" first, then the sources.
    groups.sort_by_key(|g| (g.group != "all", g.group.clone()));
    for g in &mut groups {
        g.finish();
    }
    Dates {
        groups,
        wrong_examples,
    }
}

/// Precision, recall and F1 of one theme (or of all, micro) in one part of the records.
#[derive(Clone, Debug, Serialize)]
pub struct ThemeScore {
    pub theme: String,
    /// Records the analysts gave this theme.
    pub support: usize,
    pub counts: Counts,
    /// `None` when nothing was predicted.
    pub precision: Option<f64>,
    /// `None` when nothing was expected.
    pub recall: Option<f64>,
    /// `None` when nothing was predicted or expected.
    pub f1: Option<f64>,
}

impl ThemeScore {
    fn new(theme: String, counts: Counts) -> ThemeScore {
        ThemeScore {
            theme,
            support: counts.tp + counts.fn_,
            counts,
            precision: (counts.tp + counts.fp > 0).then(|| round4(counts.precision())),
            recall: (counts.tp + counts.fn_ > 0).then(|| round4(counts.recall())),
            f1: (counts.tp + counts.fp + counts.fn_ > 0).then(|| round4(counts.f1())),
        }
    }
}

/// Theme scores for one part of the labelled records.
#[derive(Clone, Debug, Serialize)]
pub struct ThemePart {
    pub name: String,
    pub records: usize,
    pub micro: ThemeScore,
    /// Mean F1 over the themes with support in this part.
    pub macro_f1: Option<f64>,
    pub per_theme: Vec<ThemeScore>,
    /// Themes assigned that are not in the analysts' vocabulary (not counted as errors).
    pub outside_vocabulary: usize,
}

/// Themes: the first half, the second half and all labelled records.
#[derive(Clone, Debug, Serialize)]
pub struct Themes {
    pub labelled: usize,
    pub vocabulary: Vec<String>,
    pub parts: Vec<ThemePart>,
}

/// Pure scoring: per-theme and micro counts of `predicted` against `expected` label sets,
/// counting only themes in `vocabulary`.
pub fn score_labels(
    pairs: &[(BTreeSet<String>, BTreeSet<String>)],
    vocabulary: &BTreeSet<String>,
) -> (BTreeMap<String, Counts>, Counts, usize) {
    let mut per: BTreeMap<String, Counts> = vocabulary
        .iter()
        .map(|t| (t.clone(), Counts::default()))
        .collect();
    let mut outside = 0;
    for (expected, predicted) in pairs {
        for theme in vocabulary {
            let (e, p) = (expected.contains(theme), predicted.contains(theme));
            let c = per.entry(theme.clone()).or_default();
            match (e, p) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => {}
            }
        }
        outside += predicted
            .iter()
            .filter(|t| !vocabulary.contains(*t))
            .count();
    }
    let mut micro = Counts::default();
    for c in per.values() {
        micro.add(*c);
    }
    (per, micro, outside)
}

/// Classifies the labelled records (those with categories and a translation) and scores them.
pub fn themes(records: &[Record], extractor: &Extractor) -> Themes {
    let labelled: Vec<&Record> = records
        .iter()
        .filter(|r| r.categories.is_some() && r.translation.is_some())
        .collect();
    let lexicon = extractor.lexicon();
    let pairs: Vec<(BTreeSet<String>, BTreeSet<String>)> = labelled
        .iter()
        .map(|r| {
            let expected = r
                .categories
                .iter()
                .flatten()
                .map(|c| lexicon.canonical_slug(c))
                .collect();
            let predicted = lexicon
                .classify(&r.title, &r.text, r.translation.as_ref())
                .into_iter()
                .collect();
            (expected, predicted)
        })
        .collect();
    let vocabulary: BTreeSet<String> = pairs.iter().flat_map(|(e, _)| e.iter().cloned()).collect();
    let half = pairs.len() / 2;
    let parts = [
        ("first half", &pairs[..half]),
        ("second half", &pairs[half..]),
        ("all", &pairs[..]),
    ]
    .into_iter()
    .map(|(name, part)| {
        let (per, micro, outside) = score_labels(part, &vocabulary);
        let per_theme: Vec<ThemeScore> = per
            .into_iter()
            .map(|(t, c)| ThemeScore::new(t, c))
            .collect();
        let macro_f1 = mean(
            per_theme
                .iter()
                .filter(|s| s.support > 0)
                .map(|s| s.counts.f1()),
        )
        .map(round4);
        ThemePart {
            name: name.to_string(),
            records: part.len(),
            micro: ThemeScore::new("micro".into(), micro),
            macro_f1,
            per_theme,
            outside_vocabulary: outside,
        }
    })
    .collect();
    Themes {
        labelled: labelled.len(),
        vocabulary: vocabulary.into_iter().collect(),
        parts,
    }
}

/// How often a roster name used as a turn label (`蒋斌：`) yields that speaker.
#[derive(Clone, Debug, Serialize)]
pub struct TurnRecall {
    pub speaker: String,
    pub label: String,
    pub records: usize,
    pub found: usize,
    pub recall: f64,
    pub missed: Vec<String>,
}

/// A speaker assigned to a record who asks rather than answers.
#[derive(Clone, Debug, Serialize)]
pub struct FalseSpeaker {
    pub id: String,
    pub speaker: String,
    pub why: String,
}

/// Speakers: turn recall and reporter-label false positives.
#[derive(Clone, Debug, Serialize)]
pub struct Speakers {
    pub records: usize,
    pub records_with_speakers: usize,
    /// Speaker assignments over all records.
    pub assignments: usize,
    /// `蒋斌：` first, then every other roster name found as a turn label.
    pub turn_recall: Vec<TurnRecall>,
    pub false_positives: Vec<FalseSpeaker>,
    pub false_positive_rate: f64,
    /// Every speaker found, with the number of records.
    pub found: BTreeMap<String, usize>,
}

/// Outlets whose name labels a question in a transcript.
const OUTLETS: &[&str] = &[
    "afp",
    "reuters",
    "bloomberg",
    "ap",
    "cnn",
    "bbc",
    "nhk",
    "kyodo",
    "cctv",
    "cgtn",
    "xinhua",
    "global times",
    "china daily",
    "phoenix tv",
    "dragon tv",
    "china news service",
    "yonhap",
    "法新社",
    "路透社",
    "彭博社",
    "美联社",
    "共同社",
    "日本共同社",
    "新华社",
    "中新社",
    "总台央视",
    "央视",
    "凤凰卫视",
    "环球时报",
    "中国日报",
    "澎湃新闻",
    "韩联社",
];

/// `label：` at the start of a turn: after a line start, space or sentence end.
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)(?:^|[\s。！？!?」”"])([^\s：:。，,！？!?「」“”"]{1,16})[：:]"#)
        .expect("the turn regex is valid")
});

/// The turns of a text: label and content.
fn turns(text: &str) -> Vec<(&str, &str)> {
    let labels: Vec<(usize, usize, &str)> = TURN
        .captures_iter(text)
        .filter_map(|c| {
            let label = c.get(1)?;
            let whole = c.get(0)?;
            Some((label.start(), whole.end(), label.as_str()))
        })
        .collect();
    labels
        .iter()
        .enumerate()
        .map(|(i, &(_, content_start, label))| {
            let end = labels.get(i + 1).map_or(text.len(), |next| next.0);
            (label, text.get(content_start..end).unwrap_or(""))
        })
        .collect()
}

/// Why `speaker` is an asker rather than a speaker of `texts`, if it is.
pub fn asker(speaker: &str, texts: &[&str], extractor: &Extractor) -> Option<String> {
    let lower = speaker.trim().to_lowercase();
    if lower.contains("记者")
        || matches!(
            lower.as_str(),
            "问" | "q" | "question" | "提问" | "主持人" | "host"
        )
        || lower.ends_with("reporter")
        || lower.ends_with("correspondent")
        || lower.starts_with("question")
    {
        return Some("a question label".to_string());
    }
    if OUTLETS.contains(&lower.as_str()) {
        return Some("a news outlet".to_string());
    }
    let roster = extractor.roster();
    let mut asked = 0;
    let mut answered = 0;
    for text in texts {
        for (label, content) in turns(text) {
            if label != speaker && roster.canonical(label) != speaker {
                continue;
            }
            let end = content
                .trim_end()
                .trim_end_matches(['”', '"', '’', '\'', '）', ')', '」']);
            if end.ends_with(['？', '?']) {
                asked += 1;
            } else {
                answered += 1;
            }
        }
    }
    (asked > 0 && answered == 0).then(|| format!("all {asked} of its turns are questions"))
}

/// Runs the speaker extraction of the pipeline on every record.
pub fn speakers(records: &[Record], extractor: &Extractor) -> Speakers {
    let mut found_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut false_positives = Vec::new();
    let mut assignments = 0;
    let mut with_speakers = 0;
    // Turn labels to check: 蒋斌 first, then the other roster names in Chinese.
    let mut labels: Vec<(String, String)> = vec![("蒋斌".into(), "Jiang Bin".into())];
    for p in extractor.roster().people() {
        if !p.name_zh.is_empty() && p.name_zh != "蒋斌" {
            labels.push((p.name_zh.clone(), p.name.clone()));
        }
    }
    let mut recall: Vec<TurnRecall> = labels
        .iter()
        .map(|(label, name)| TurnRecall {
            speaker: name.clone(),
            label: format!("{label}："),
            records: 0,
            found: 0,
            recall: 1.0,
            missed: Vec::new(),
        })
        .collect();
    for r in records {
        let parsed = Parsed {
            title: r.title.clone(),
            body: r.text.clone(),
            translation: r.translation.clone(),
            date: r.published,
            ..Parsed::default()
        };
        let doc = extractor.enrich(parsed, r.id.clone(), &r.path);
        assignments += doc.speakers.len();
        with_speakers += usize::from(!doc.speakers.is_empty());
        let mut texts = vec![r.text.as_str()];
        if let Some(t) = &r.translation {
            texts.push(t.body.as_str());
        }
        for s in &doc.speakers {
            *found_counts.entry(s.clone()).or_default() += 1;
            if let Some(why) = asker(s, &texts, extractor) {
                false_positives.push(FalseSpeaker {
                    id: r.id.clone(),
                    speaker: s.clone(),
                    why,
                });
            }
        }
        for t in recall.iter_mut() {
            if r.text.contains(&t.label) {
                t.records += 1;
                if doc.speakers.contains(&t.speaker) {
                    t.found += 1;
                } else {
                    t.missed.push(r.id.clone());
                }
            }
        }
    }
    let mut turn_recall: Vec<TurnRecall> = recall
        .into_iter()
        .enumerate()
        .filter(|(i, t)| *i == 0 || t.records > 0)
        .map(|(_, mut t)| {
            t.recall = round4(ratio(t.found, t.records));
            t
        })
        .collect();
    turn_recall.dedup_by(|a, b| a.label == b.label);
    Speakers {
        records: records.len(),
        records_with_speakers: with_speakers,
        assignments,
        turn_recall,
        false_positive_rate: round4(if assignments == 0 {
            0.0
        } else {
            false_positives.len() as f64 / assignments as f64
        }),
        false_positives,
        found: found_counts,
    }
}

/// The facet evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub corpus: String,
    pub records: usize,
    pub dates: Dates,
    pub themes: Themes,
    pub speakers: Speakers,
}

/// Runs every facet evaluation over the JSON Lines records of the corpus at `root`.
pub fn run(root: &Path) -> anyhow::Result<Report> {
    let records = read_records(root);
    // Settings that do not parse would skew every figure: stop rather than use the defaults.
    let config = Config::load(root)?;
    let extractor = Extractor::new().with_theme_overrides(config.themes());
    Ok(Report {
        corpus: root.display().to_string(),
        records: records.len(),
        dates: dates(&records),
        themes: themes(&records, &extractor),
        speakers: speakers(&records, &extractor),
    })
}

impl Report {
    /// Prints the report for people.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "== facets: extractors against {} JSON Lines records ({})",
            self.records, self.corpus
        )?;
        writeln!(
            out,
            "-- dates (published_date withheld; inferred as indexing does: title, dateline + path year, text)"
        )?;
        let rows: Vec<Vec<String>> = self
            .dates
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.group.clone(),
                    g.records.to_string(),
                    format!("{:.3}", g.exact_accuracy),
                    format!("{:.3}", g.year_accuracy),
                    format!("{:.3}", g.year_with_path_accuracy),
                    g.none.to_string(),
                    g.wrong.to_string(),
                ]
            })
            .collect();
        write_table(
            out,
            &[
                "records",
                "n",
                "exact",
                "year",
                "year+path",
                "no date",
                "wrong date",
            ],
            &rows,
        )?;
        for m in &self.dates.wrong_examples {
            writeln!(
                out,
                "    wrong: {} published {} found {}",
                m.id,
                m.expected,
                m.found.map_or("-".into(), |d| d.to_string())
            )?;
        }

        writeln!(
            out,
            "-- themes ({} labelled records; vocabulary of {} analyst labels)",
            self.themes.labelled,
            self.themes.vocabulary.len()
        )?;
        let parts = &self.themes.parts;
        let mut header = vec!["theme".to_string()];
        for p in parts {
            header.push(format!("{} n", p.name));
            header.push("P".into());
            header.push("R".into());
            header.push("F1".into());
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let themes: Vec<&str> = parts
            .first()
            .map(|p| p.per_theme.iter().map(|s| s.theme.as_str()).collect())
            .unwrap_or_default();
        let cells = |s: &ThemeScore| {
            [
                s.support.to_string(),
                fmt3(s.precision),
                fmt3(s.recall),
                fmt3(s.f1),
            ]
        };
        for theme in themes {
            let mut row = vec![theme.to_string()];
            for p in parts {
                match p.per_theme.iter().find(|s| s.theme == theme) {
                    Some(s) => row.extend(cells(s)),
                    None => row.extend(["-".to_string(), "-".into(), "-".into(), "-".into()]),
                }
            }
            rows.push(row);
        }
        let mut micro = vec!["micro (all themes)".to_string()];
        let mut macro_row = vec!["macro F1".to_string()];
        for p in parts {
            micro.extend(cells(&p.micro));
            macro_row.extend([
                String::new(),
                String::new(),
                String::new(),
                fmt3(p.macro_f1),
            ]);
        }
        rows.push(micro);
        rows.push(macro_row);
        write_table(out, &header, &rows)?;
        for p in parts {
            writeln!(
                out,
                "    {}: {} records, {} themes assigned outside the analysts' vocabulary",
                p.name, p.records, p.outside_vocabulary
            )?;
        }

        let s = &self.speakers;
        writeln!(
            out,
            "-- speakers ({} records, {} with a speaker, {} assignments)",
            s.records, s.records_with_speakers, s.assignments
        )?;
        let rows: Vec<Vec<String>> = s
            .turn_recall
            .iter()
            .map(|t| {
                vec![
                    t.label.clone(),
                    t.speaker.clone(),
                    t.records.to_string(),
                    t.found.to_string(),
                    format!("{:.3}", t.recall),
                    t.missed.join(" "),
                ]
            })
            .collect();
        write_table(
            out,
            &[
                "turn label",
                "speaker",
                "records",
                "found",
                "recall",
                "missed",
            ],
            &rows,
        )?;
        writeln!(
            out,
            "  askers taken for speakers (reporter labels, outlets, question-only turns): {} of {} \
             assignments ({:.3})",
            s.false_positives.len(),
            s.assignments,
            s.false_positive_rate
        )?;
        for fp in s.false_positives.iter().take(10) {
            writeln!(out, "    {} {:?}: {}", fp.id, fp.speaker, fp.why)?;
        }
        let found: Vec<String> = s.found.iter().map(|(k, v)| format!("{k} {v}")).collect();
        writeln!(out, "  speakers found: {}", found.join(", "))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labels_score_per_theme_and_micro() {
        let vocabulary = set(&["taiwan", "exercises"]);
        let pairs = vec![
            (set(&["taiwan"]), set(&["taiwan", "exercises"])),
            (set(&["taiwan", "exercises"]), set(&["exercises", "space"])),
            (set(&[]), set(&[])),
        ];
        let (per, micro, outside) = score_labels(&pairs, &vocabulary);
        let t = per["taiwan"];
        assert_eq!((t.tp, t.fp, t.fn_), (1, 0, 1));
        let e = per["exercises"];
        assert_eq!((e.tp, e.fp, e.fn_), (1, 1, 0));
        assert_eq!((micro.tp, micro.fp, micro.fn_), (2, 1, 1));
        assert!((micro.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(outside, 1);
    }

    #[test]
    fn askers_are_recognised() {
        let e = Extractor::new();
        let text = "记者：请问如何看待？\n蒋斌：我们坚决反对。\n张三：还有一个问题吗？";
        assert!(asker("记者", &[text], &e).is_some());
        assert!(asker("法新社", &[text], &e).is_some());
        assert!(asker("张三", &[text], &e).is_some());
        assert_eq!(asker("Jiang Bin", &[text], &e), None);
    }

    #[test]
    fn turns_split_at_labels() {
        let t = turns("记者：问题？ 蒋斌：回答。");
        assert_eq!(t, [("记者", "问题？ "), ("蒋斌", "回答。")]);
    }

    #[test]
    fn dates_are_scored_without_the_stated_date() {
        let records = vec![
            Record {
                id: "a#1".into(),
                path: "a-2026.jsonl".into(),
                published: Date::new(2026, 5, 14),
                title: "国防部2026年5月14日例行记者会".into(),
                ..Record::default()
            },
            Record {
                id: "a#2".into(),
                path: "a-2026.jsonl".into(),
                published: Date::new(2026, 5, 15),
                text: "no date here".into(),
                ..Record::default()
            },
        ];
        let d = dates(&records);
        let all = &d.groups[0];
        assert_eq!(all.group, "all");
        assert_eq!((all.records, all.exact, all.year, all.none), (2, 1, 1, 1));
        assert_eq!(all.year_with_path, 2);
        assert_eq!(all.exact_accuracy, 0.5);
    }
}
