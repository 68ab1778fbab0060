//! Line-oriented headline lists (`format = "lines"` in `milpress.toml`): every non-empty line
//! is one `headline` document.
//!
//! A `.txt` headline dump cannot be told from a press release by its extension, so this
//! format is chosen by configuration, or recognised from the lines themselves ([`sniff`] for
//! columns, [`sniff_dated`] for a date and a headline on each line). Without a separator the whole line is the
//! headline; with one (`separator = "_!_"`) the line is split into columns and
//! [`LineRules`] says which column holds the headline, the id, the date and a category that
//! feeds the theme facet through `theme_map` (unmapped categories give no theme: a news
//! site's `news_entertainment` is no defense theme).

use std::sync::LazyLock;

use regex::Regex;

use super::{date_field, strip_bom, FileParse, ParseError};
use crate::document::{Date, Kind, Parsed};
use crate::extract::date::{leading_date, parse_loose, year_tokens};
use crate::ingest::config::LineRules;

/// Separators a headline dump is recognised by, in order of preference.
const SNIFFED_SEPARATORS: &[&str] = &["_!_", "\t", " | ", "|"];

/// Recognises an undeclared headline dump: a text of at least 20 lines nearly all of which
/// (95%) split into the same number (3 or more) of columns by one of `SNIFFED_SEPARATORS`, or
/// a shorter one (3 lines or more) every line of which does and holds a date in the same column
/// (`2026-05-23 | Xinhua | headline`). The headline is the column with the longest values on
/// average, not counting columns of digits or of ASCII slugs (ids, category codes) nor the
/// date column; the id is the first column when it is all digits. Returns the separator and
/// the rules, or `None` for anything else (a press release).
pub fn sniff(text: &str) -> Option<(&'static str, LineRules)> {
    const SAMPLE: usize = 500;
    const LONG: usize = 20;
    const SHORT: usize = 3;
    let lines: Vec<&str> = strip_bom(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE)
        .collect();
    if lines.len() < SHORT {
        return None;
    }
    for &separator in SNIFFED_SEPARATORS {
        let rows: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.split(separator).map(str::trim).collect())
            .collect();
        let width = rows[0].len();
        let agreeing = rows.iter().filter(|r| r.len() == width).count();
        let date_column = (0..width).find(|&c| {
            rows.iter()
                .all(|r| r.len() == width && parse_loose(r[c]).is_ok())
        });
        let long_enough = lines.len() >= LONG || date_column.is_some();
        if width < 3 || !long_enough || agreeing * 100 < rows.len() * 95 {
            continue;
        }
        let rows: Vec<&Vec<&str>> = rows.iter().filter(|r| r.len() == width).collect();
        let is_code = |v: &str| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        };
        let mut best: Option<(usize, usize)> = None;
        for column in 0..width {
            let values = rows.iter().map(|r| r[column]);
            if values.clone().all(is_code) || Some(column) == date_column {
                continue;
            }
            let length: usize = values.map(|v| v.chars().count()).sum();
            if best.is_none_or(|(_, l)| length > l) {
                best = Some((column, length));
            }
        }
        let (title, _) = best?;
        // A column most of whose values are publishers the outlet directory knows.
        let outlets = crate::reference::outlets::outlets();
        let source_column = (0..width).find(|&c| {
            c != title && Some(c) != date_column && {
                let known = rows
                    .iter()
                    .filter(|r| outlets.lookup(r[c]).is_some())
                    .count();
                known * 2 > rows.len()
            }
        });
        let id_is_digits = rows
            .iter()
            .all(|r| !r[0].is_empty() && r[0].bytes().all(|b| b.is_ascii_digit()));
        let rules = LineRules {
            title_column: Some(title + 1),
            id_column: (id_is_digits && title != 0 && date_column != Some(0)).then_some(1),
            date_column: date_column.map(|c| c + 1),
            source_column: source_column.map(|c| c + 1),
            ..LineRules::default()
        };
        return Some((separator, rules));
    }
    None
}

/// The fewest lines of a list of dated headlines ([`sniff_dated`]).
const DATED_LINES: usize = 3;

/// The longest headline of a list of dated headlines, in characters: a line longer than this
/// is a paragraph, and its text no list.
const DATED_HEADLINE_CHARS: usize = 120;

/// What may stand between a list's date and its headline besides whitespace (U+3000
/// included): `2025-12-29 | ...`, `29 Dec 2025 - ...`, `2025年12月29日：...`. Not a comma: a
/// paragraph opens `2025年12月29日，东部战区...` or `December 29, 2025, the ...`.
const DATE_SEPARATORS: &[char] = &['|', '｜', '-', '–', '—', ':', '：', '·', '/'];

/// A time of day after a list's date (`2025-12-29 08:00 ...`), which the headline leaves out.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?(?:\s|$)")
        .expect("built-in time regex is valid")
});

/// A month and day without a year (`05-19`, `5月19日`), which a list dates by its other lines.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{1,2})月([0-9]{1,2})日)")
        .expect("built-in month-day regex is valid")
});

/// Words by which a list's heading says it is one (`要闻标题`, `Headlines`): without one, a
/// title over dated lines is a release's (a chronology), unless the lines give times of day.
const LIST_WORDS: &[&str] = &[
    "标题",
    "要闻",
    "快讯",
    "速览",
    "一览",
    "目录",
    "列表",
    "摘编",
    "headlines",
    "news list",
    "news digest",
    "briefs",
    "wire",
];

/// When a line of a dated list is dated: fully, or by month and day only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineDate {
    Full(Date),
    MonthDay(u32, u32),
}

/// A line of a dated list, read: its date, its headline and whether it gave a time of day;
/// `None` for a line that is no dated headline.
type DatedLine<'a> = Option<(LineDate, &'a str, bool)>;

/// The lines of a dated list: the heading it may open with, then each line's number and what
/// it reads as.
struct DatedList<'a> {
    heading: Option<&'a str>,
    lines: Vec<(u64, DatedLine<'a>)>,
}

impl<'a> DatedList<'a> {
    fn read(text: &'a str) -> DatedList<'a> {
        let mut heading = None;
        let mut lines = Vec::new();
        for (line, number) in strip_bom(text).lines().zip(1u64..) {
            if line.trim().is_empty() {
                continue;
            }
            let dated = dated_headline(line);
            if dated.is_none() && lines.is_empty() && heading.is_none() {
                heading = Some(line.trim());
                continue;
            }
            lines.push((number, dated));
        }
        DatedList { heading, lines }
    }

    /// Whether this is a list: 3 dated lines or more and nothing else but a heading that says
    /// it heads a list (or over lines with times of day); a year comes from somewhere.
    fn is_list(&self) -> bool {
        let dated: Vec<_> = self.lines.iter().filter_map(|(_, d)| d.as_ref()).collect();
        if dated.len() < DATED_LINES || dated.len() < self.lines.len() {
            return false;
        }
        let heading_ok = self.heading.is_none_or(|heading| {
            let lower = heading.to_lowercase();
            let timed = dated.iter().filter(|(_, _, timed)| *timed).count();
            LIST_WORDS.iter().any(|w| lower.contains(w)) || timed * 2 >= dated.len()
        });
        let anchored = dated.iter().any(|(d, _, _)| matches!(d, LineDate::Full(_)))
            || self.heading_year().is_some();
        heading_ok && anchored
    }

    /// The year the heading gives (`解放军报 要闻标题 2026年5月`, `Headlines, May 2026`).
    fn heading_year(&self) -> Option<i32> {
        year_tokens(self.heading?).next()
    }

    /// The date of the line at `at`: its own, or its month and day in the year that puts it
    /// nearest the closest fully dated line before it (after it, failing that; the heading's
    /// year, failing both).
    fn date_at(&self, at: usize) -> Option<Date> {
        let (_, Some((date, _, _))) = self.lines[at] else {
            return None;
        };
        let (month, day) = match date {
            LineDate::Full(date) => return Some(date),
            LineDate::MonthDay(month, day) => (month, day),
        };
        let full = |(_, d): &(u64, DatedLine<'_>)| match d {
            Some((LineDate::Full(date), _, _)) => Some(*date),
            _ => None,
        };
        let near = self.lines[..at]
            .iter()
            .rev()
            .find_map(full)
            .or_else(|| self.lines[at..].iter().find_map(full));
        let Some(near) = near else {
            return Date::new(self.heading_year()?, month, day);
        };
        let distance = |d: &Date| (d.days_since_epoch() - near.days_since_epoch()).abs();
        [near.year() - 1, near.year(), near.year() + 1]
            .into_iter()
            .filter_map(|year| Date::new(year, month, day))
            .min_by_key(distance)
    }
}

/// Recognises an undeclared list of dated headlines without columns: 3 lines or more, every
/// non-empty one a date followed by whitespace or a separator and a headline
/// (`2025-12-29　东部战区开展演习`, `29 Dec 2025 - Navy drill ends`); see `dated_headline` for
/// what makes a line one. A list may open with a heading that says it is one
/// (`解放军报 要闻标题 2026年5月`), and give some dates without their year (`05-19`) when
/// another line or the heading gives it. A release whose paragraphs open with a date is no
/// list: its title is no list's, and its paragraphs are longer than a headline.
pub fn sniff_dated(text: &str) -> bool {
    DatedList::read(text).is_list()
}

/// Parses a list [`sniff_dated`] recognised: one `headline` document a line, dated by the date
/// it opens with; `record` is the line's 1-based number. A line that is not a dated headline
/// (a list declared or sniffed on a sample) is reported and skipped.
pub fn parse_dated(text: &str) -> FileParse {
    let list = DatedList::read(text);
    // A heading that names its outlet (`解放军报 要闻标题`) names every headline's.
    let outlets = crate::reference::outlets::outlets();
    let source = list
        .heading
        .and_then(|heading| outlets.find_in(heading))
        .map(|outlet| outlet.name.clone());
    let mut out = FileParse::default();
    for (at, (number, dated)) in list.lines.iter().enumerate() {
        let Some((_, title, _)) = dated else {
            let message = "not a date followed by a headline, as the other lines are";
            out.errors.push(ParseError::new(Some(*number), message));
            continue;
        };
        out.docs.push(Parsed {
            kind: Some(Kind::Headline),
            record: Some(*number),
            title: title.to_string(),
            date: list.date_at(at),
            source: source.clone(),
            ..Parsed::default()
        });
    }
    if out.docs.is_empty() && out.errors.is_empty() {
        return FileParse::failed("empty file");
    }
    out
}

/// The date and headline of one line of a dated list, and whether a time of day followed the
/// date: the line opens with a date (any form `parse_loose` reads, or a month and day), perhaps
/// a time of day, then whitespace or one of [`DATE_SEPARATORS`], then a headline of at most
/// [`DATED_HEADLINE_CHARS`] characters that holds a letter and is one sentence (no `。`, `！`
/// or `？` before its end).
fn dated_headline(line: &str) -> DatedLine<'_> {
    let line = line.trim();
    let (date, end) = leading_date(line)
        .map(|(date, end)| (LineDate::Full(date), end))
        .or_else(|| month_day(line))?;
    let rest = &line[end..];
    let is_gap = |c: char| c.is_whitespace() || DATE_SEPARATORS.contains(&c);
    if !rest.starts_with(is_gap) {
        return None;
    }
    let mut headline = rest.trim_start_matches(is_gap);
    let timed = TIME.find(headline).map(|time| time.end());
    if let Some(end) = timed {
        headline = headline[end..].trim_start_matches(is_gap);
    }
    let headline = headline.trim_end();
    let chars = headline.chars().count();
    let inner = headline.trim_end_matches(['。', '！', '？', '!', '?', '.']);
    let one_sentence = !inner.contains(['。', '！', '？']);
    let headline_like =
        chars <= DATED_HEADLINE_CHARS && one_sentence && headline.chars().any(char::is_alphabetic);
    headline_like.then_some((date, headline, timed.is_some()))
}

/// A month and day opening a line (`05-19`, `5月19日`), and where they end.
fn month_day(line: &str) -> Option<(LineDate, usize)> {
    let caps = MONTH_DAY.captures(line)?;
    let number = |a: usize, b: usize| caps.get(a).or(caps.get(b))?.as_str().parse::<u32>().ok();
    let (month, day) = (number(1, 3)?, number(2, 4)?);
    let end = caps.get(0)?.end();
    let valid = Date::new(2000, month, day).is_some();
    // `05/06/2025` is a whole (ambiguous) date, not a month and a day.
    let rest = line[end..].trim_start_matches(['-', '/', '.']);
    let bounded = !rest.starts_with(|c: char| c.is_ascii_digit());
    (valid && bounded).then_some((LineDate::MonthDay(month, day), end))
}

/// Parses a headline list. `record` is each line's 1-based number, and problems are reported
/// under it: a line without the headline column is skipped, a bad date is a warning (the
/// headline is kept, undated).
pub fn parse(text: &str, separator: Option<&str>, rules: &LineRules) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let separator = separator.filter(|s| !s.is_empty());
    let title_column = rules.title_column();
    if separator.is_none() && title_column > 1 {
        return FileParse::failed(format!(
            "title_column = {title_column} needs a `separator` to split lines into columns"
        ));
    }
    let mut out = FileParse::default();
    for (line, number) in text.lines().zip(1u64..) {
        if line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = match separator {
            Some(sep) => line.split(sep).map(str::trim).collect(),
            None => vec![line.trim()],
        };
        let column = |n: Option<usize>| {
            n.and_then(|n| columns.get(n.checked_sub(1)?))
                .copied()
                .filter(|c| !c.is_empty())
        };
        let Some(title) = column(Some(title_column)) else {
            let message = if columns.len() < title_column {
                format!(
                    "no column {title_column} for the headline (the line has {})",
                    columns.len()
                )
            } else {
                format!("column {title_column} (the headline) is empty")
            };
            out.errors.push(ParseError::new(Some(number), message));
            continue;
        };
        let (date, year) = column(rules.date_column).map_or((None, None), |value| {
            let place = format!("column {}", rules.date_column.unwrap_or(0));
            date_field(parse_loose(value), &place, &format!("{value:?}"), |m| {
                out.warnings.push(ParseError::new(Some(number), m))
            })
        });
        let themes = column(rules.theme_column)
            .and_then(|value| theme_for(value, rules))
            .into_iter()
            .collect();
        out.docs.push(Parsed {
            kind: Some(Kind::Headline),
            local_id: column(rules.id_column).map(str::to_string),
            record: Some(number),
            title: title.to_string(),
            date,
            year,
            themes,
            source: column(rules.source_column).map(str::to_string),
            ..Parsed::default()
        });
    }
    out
}

/// The theme slug a category value maps to: an exact match first, then one ignoring case.
fn theme_for(value: &str, rules: &LineRules) -> Option<String> {
    rules
        .theme_map
        .get(value)
        .or_else(|| {
            rules
                .theme_map
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(value))
                .map(|(_, slug)| slug)
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::config::Config;
    use crate::ingest::formats::{self, Format};

    const TOML: &str = r#"
[[files]]
pattern = "headlines/*.txt"
format = "lines"
separator = "_!_"
title_column = 4
id_column = 1
theme_column = 3
date_column = 5
[files.theme_map]
news_military = "military_diplomacy"
NEWS_WORLD = "foreign_affairs"
"#;

    const HEADLINES: &str =
        "\u{feff}101_!_110_!_news_military_!_海军某舰艇编队完成远海训练_!_2026-05-18\r\n\
        \n\
        102_!_104_!_news_finance_!_某公司发布年度报告_!_\n\
        103_!_113_!_news_world_!_多国代表出席海上安全论坛_!_yesterday\n\
        104_!_110_!_news_military\n\
        105_!_110_!_news_military_!_ _!_2026-05-19\n";

    #[test]
    fn columns_map_to_fields() {
        let rules = Config::parse(TOML).unwrap().rules_for("headlines/dump.txt");
        // The extension says text; the configuration wins.
        let out = formats::parse(Format::Text, HEADLINES, &rules);
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| {
                (
                    d.record,
                    d.local_id.as_deref(),
                    d.title.as_str(),
                    d.themes.clone(),
                    d.date,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(1),
                    Some("101"),
                    "海军某舰艇编队完成远海训练",
                    vec!["military_diplomacy".to_string()],
                    Date::new(2026, 5, 18),
                ),
                (Some(3), Some("102"), "某公司发布年度报告", vec![], None),
                (
                    Some(4),
                    Some("103"),
                    "多国代表出席海上安全论坛",
                    vec!["foreign_affairs".to_string()],
                    None,
                ),
            ]
        );
        assert!(out
            .docs
            .iter()
            .all(|d| d.kind == Some(Kind::Headline) && d.body.is_empty()));
        let errors: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "record 5: no column 4 for the headline (the line has 3)",
                "record 6: column 4 (the headline) is empty",
            ]
        );
        // Record 4 is kept, undated: its date is a warning, not a reason to skip it.
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["record 4: bad date in column 5 ignored: \"yesterday\" (not a date milpress reads)"]
        );
    }

    #[test]
    fn whole_lines_without_separator() {
        const LIST: &str = "国防部举行例行记者会\n\n  Xiangshan Forum opens  \n";
        let out = parse(LIST, None, &LineRules::default());
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(1), "国防部举行例行记者会"),
                (Some(3), "Xiangshan Forum opens")
            ]
        );

        let rules = LineRules {
            title_column: Some(2),
            ..LineRules::default()
        };
        let out = parse(LIST, None, &rules);
        assert!(out.docs.is_empty());
        assert!(out.errors[0].message.contains("needs a `separator`"));
        assert_eq!(parse(" \n", None, &rules).errors[0].message, "empty file");
    }

    /// The shared Toutiao headline dump, read in place (never copied). Skipped where the
    /// shared corpus is absent.
    #[test]
    fn toutiao_headlines_corpus() {
        let Some(path) = crate::testing::shared_file("headlines/toutiao-news-headlines.txt") else {
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        const CONFIG: &str = "[[files]]\npattern = \"headlines/*.txt\"\nformat = \"lines\"\n\
            separator = \"_!_\"\ntitle_column = 4\nid_column = 1\ntheme_column = 3\n\
            [files.theme_map]\nnews_military = \"military_diplomacy\"\n";
        let rules = Config::parse(CONFIG)
            .unwrap()
            .rules_for("headlines/toutiao-news-headlines.txt");
        let out = formats::parse(Format::Text, &text, &rules);
        assert!(
            out.errors.is_empty(),
            "{:?}",
            &out.errors[..out.errors.len().min(5)]
        );
        // 19,999 lines: `wc -l` says 19,998 because the last line has no newline.
        assert_eq!(out.docs.len(), 19_999);
        assert!(out
            .docs
            .iter()
            .all(|d| !d.title.is_empty() && d.local_id.is_some()));
        let military = out.docs.iter().filter(|d| !d.themes.is_empty()).count();
        assert!(military > 0 && military < out.docs.len(), "{military}");
        assert_eq!(out.docs[0].record, Some(1));
        assert_eq!(out.docs[0].local_id.as_deref(), Some("6553579468705759758"));
    }

    const DUMP: &str = "1001_!_101_!_news_military_!_海军某舰艇编队完成远海训练_!_海军,训练\n";

    #[test]
    fn undeclared_headline_dumps_are_recognised() {
        let text = DUMP.repeat(30);
        let (separator, rules) = sniff(&text).expect("a dump");
        assert_eq!(separator, "_!_");
        assert_eq!(rules.title_column, Some(4));
        assert_eq!(rules.id_column, Some(1));
        let out = parse(&text, Some(separator), &rules);
        assert_eq!(out.docs.len(), 30);
        assert_eq!(out.docs[0].title, "海军某舰艇编队完成远海训练");
    }

    #[test]
    fn a_short_dated_list_is_a_dump() {
        const LIST: &str = "2026-05-23 | Xinhua | Navy flotilla returns from escort mission\n\
            2026-05-22 | PLA Daily | 东部战区组织联合演训\n\
            2026-05-21 | Reuters | Manila protests water cannon use near shoal\n";
        let (separator, rules) = sniff(LIST).expect("a dated list");
        assert_eq!(separator, " | ");
        assert_eq!((rules.title_column, rules.date_column), (Some(3), Some(1)));
        assert_eq!(rules.id_column, None);
        assert_eq!(
            rules.source_column,
            Some(2),
            "publishers the directory knows"
        );
        let out = parse(LIST, Some(separator), &rules);
        assert_eq!(out.docs.len(), 3);
        assert_eq!(out.docs[1].title, "东部战区组织联合演训");
        assert_eq!(out.docs[1].source.as_deref(), Some("PLA Daily"));
        assert_eq!(out.docs[1].date, crate::document::Date::new(2026, 5, 22));
        // Without a date on every line, a few lines are a release.
        let undated = LIST.replacen("2026-05-22", "yesterday", 1);
        assert!(sniff(&undated).is_none());
    }

    /// Dated headlines without columns, in the forms `parse_loose` reads, each date followed
    /// by an ideographic space, spaces, a tab or a separator.
    const DATED: &str = "\u{feff}2025-11-03\u{3000}海军某驱逐舰支队开展远海实战化训练\n\
        \n\
        2025/11/05  Coast guard vessels patrol near the shoal\n\
        2025年11月7日\t国防部介绍近期军事外交活动\n\
        8 Nov 2025 - Joint exercise concludes in the Yellow Sea\n\
        2025. 11. 10. 합참, 연합훈련 종료\n\
        2025-11-12 09:30 外交部：坚决反对有关国家售台武器\n";

    #[test]
    fn a_list_of_dated_headlines_is_recognised() {
        assert!(sniff(DATED).is_none(), "no columns");
        assert!(sniff_dated(DATED));
        // The extension says text; the lines say headlines.
        let out = formats::parse(Format::Text, DATED, &Default::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let got: Vec<_> = out
            .docs
            .iter()
            .map(|d| (d.record, d.date, d.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(1),
                    Date::new(2025, 11, 3),
                    "海军某驱逐舰支队开展远海实战化训练"
                ),
                (
                    Some(3),
                    Date::new(2025, 11, 5),
                    "Coast guard vessels patrol near the shoal"
                ),
                (
                    Some(4),
                    Date::new(2025, 11, 7),
                    "国防部介绍近期军事外交活动"
                ),
                (
                    Some(5),
                    Date::new(2025, 11, 8),
                    "Joint exercise concludes in the Yellow Sea"
                ),
                (Some(6), Date::new(2025, 11, 10), "합참, 연합훈련 종료"),
                (
                    Some(7),
                    Date::new(2025, 11, 12),
                    "外交部：坚决反对有关国家售台武器"
                ),
            ]
        );
        assert!(out.docs.iter().all(|d| d.kind == Some(Kind::Headline)));
    }

    #[test]
    fn a_headed_list_dates_lines_without_a_year() {
        const LIST: &str = "解放军报 要闻标题 2026年5月\n\
            2026/05/21 14:03  国防部：坚决反对美台官方往来\n\
            05-19  蒋斌：远海训练是例行安排\n\
            5月18日 东部战区组织联合演训\n\
            2026/05/17 22:45  Xiangshan Forum preparatory meeting held\n";
        assert!(sniff_dated(LIST));
        let out = parse_dated(LIST);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let got: Vec<_> = out.docs.iter().map(|d| (d.record, d.date)).collect();
        assert_eq!(
            got,
            [
                (Some(2), Date::new(2026, 5, 21)),
                (Some(3), Date::new(2026, 5, 19)),
                (Some(4), Date::new(2026, 5, 18)),
                (Some(5), Date::new(2026, 5, 17)),
            ]
        );
        assert_eq!(out.docs[1].title, "蒋斌：远海训练是例行安排");
        assert!(out
            .docs
            .iter()
            .all(|d| d.source.as_deref() == Some("PLA Daily")));
        // Across new year, a month and day take the year nearest the dated line before them.
        let turn = "Headlines\n2026-01-02 Navy drill\n12-30 Air drill\n12-29 Army drill\n";
        let dates: Vec<_> = parse_dated(turn).docs.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [
                Date::new(2026, 1, 2),
                Date::new(2025, 12, 30),
                Date::new(2025, 12, 29)
            ]
        );
        // Without a year anywhere, or under a title that heads no list, it is no list.
        assert!(!sniff_dated(
            "Headlines\n05-19 Navy drill\n05-18 Air drill\n05-17 Army drill\n"
        ));
        assert!(!sniff_dated(
            &LIST
                .replace("要闻标题", "")
                .replace(" 14:03", "")
                .replace(" 22:45", "")
        ));
    }

    #[test]
    fn releases_opening_with_dates_are_not_dated_lists() {
        let long = format!(
            "2025-11-03 {}\n2025-11-04 {}\n2025-11-05 {}\n",
            "The destroyer flotilla sailed at dawn. ".repeat(4),
            "Crews practised damage control and air defence. ".repeat(3),
            "The ships returned to port after a week at sea. ".repeat(3),
        );
        const CASES: &[&str] = &[
            // A title that is no date.
            "东部战区组织演习\n2025-11-03 海军开展训练\n2025-11-04 空军开展训练\n2025-11-05 陆军开展训练\n",
            // Paragraphs that open with a date and a comma.
            "2025年11月3日，海军开展训练\n2025年11月4日，空军开展训练\n2025年11月5日，陆军开展训练\n",
            "November 3, 2025, the navy trained\nNovember 4, 2025, the air force trained\nNovember 5, 2025, the army trained\n",
            // Two sentences on a line are a paragraph.
            "2025-11-03 海军开展训练。官兵表现良好。\n2025-11-04 空军开展训练\n2025-11-05 陆军开展训练\n",
            // Too few lines to tell, a date with nothing after it, an ambiguous date.
            "2025-11-03 海军开展训练\n2025-11-04 空军开展训练\n",
            "2025-11-03\n2025-11-04 空军开展训练\n2025-11-05 陆军开展训练\n",
            "05/06/2025 Navy drill\n2025-11-04 Air drill\n2025-11-05 Army drill\n",
            // Section numbers are no dates.
            "1. 2. 3. Scope\n1. 2. 4. Terms\n1. 2. 5. Notes\n",
            "",
        ];
        for text in CASES {
            assert!(!sniff_dated(text), "{text:?}");
        }
        assert!(!sniff_dated(&long), "lines longer than a headline");
        // Read as text, the first case stays one release.
        let out = formats::parse(Format::Text, CASES[0], &Default::default());
        assert_eq!(out.docs.len(), 1);
        assert_eq!(out.docs[0].title, "东部战区组织演习");
    }

    #[test]
    fn press_releases_are_not_dumps() {
        let release = "Title\nQuestion: a | b?\nWu Qian: yes.\n".repeat(10);
        assert!(sniff(&release).is_none());
        assert!(sniff(&DUMP.repeat(5)).is_none(), "too short to tell");
    }
}
