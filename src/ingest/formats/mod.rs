//! The input formats milpress reads and the one entry point, [`parse`], that turns a decoded
//! file into [`Parsed`] documents plus the problems found on the way.
//!
//! Parsers never panic and never give up on a whole file because of one bad record: a
//! JSONL file with a broken line still yields its other lines, and each problem is reported
//! as a [`ParseError`] for the caller to collect.
//!
//! The format comes from the file extension ([`Format::from_path`]) unless a `milpress.toml`
//! `[[files]]` entry says `format = "..."`, which [`parse`] follows: a `.txt` headline dump
//! looks like any other text file until the configuration says it is a `lines` file.

pub mod csv;
pub mod email;
pub mod feed;
pub mod halves;
pub mod html;
pub mod json;
pub mod lines;
pub mod markdown;
pub mod mhtml;
mod mime;
pub mod text;

use crate::document::{Date, Parsed};
use crate::extract::date::DateError;
use crate::ingest::config::FileRules;
pub use crate::ingest::format::Format;
use crate::reference::outlets::{outlets, Outlet};

/// A problem with one part of a file; `record` is the 1-based line (JSONL, CSV, lines) or
/// element (JSON array) number, when the problem is inside one record.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}{message}", record.map(|r| format!("record {r}: ")).unwrap_or_default())]
pub struct ParseError {
    pub record: Option<u64>,
    pub message: String,
}

impl ParseError {
    /// A problem in record `record` (or in the file as a whole when `None`).
    pub fn new(record: Option<u64>, message: impl Into<String>) -> ParseError {
        ParseError {
            record,
            message: message.into(),
        }
    }
}

/// What a file yielded: the documents that parsed, the problems that left records (or the
/// file) out, and the problems of records that are kept all the same (a date field that could
/// not be read: the record is indexed without it).
#[derive(Debug, Default)]
pub struct FileParse {
    pub docs: Vec<Parsed>,
    pub errors: Vec<ParseError>,
    pub warnings: Vec<ParseError>,
    /// Why a file holds nothing milpress reads, though nothing is wrong with it (an XML
    /// sitemap among the feeds): a note, not an error.
    pub not_ours: Option<String>,
}

impl FileParse {
    /// Adds what another reading of part of the file found.
    pub fn append(&mut self, other: FileParse) {
        self.docs.extend(other.docs);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// A file of a kind milpress does not read, though nothing is wrong with it.
    pub fn not_ours(message: impl Into<String>) -> FileParse {
        FileParse {
            not_ours: Some(message.into()),
            ..FileParse::default()
        }
    }

    /// A file that yielded nothing because of one file-level problem.
    pub fn failed(message: impl Into<String>) -> FileParse {
        FileParse {
            errors: vec![ParseError::new(None, message)],
            ..FileParse::default()
        }
    }
}

/// What a date field gives, in every format: its day (`date`), or only its year (`2025`,
/// `"2025-05"`: the document is of that year, and no warning), or nothing, with the warning that
/// names the field (`place`), the value as the file spells it (`value`), and why.
fn date_field(
    read: Result<Date, DateError>,
    place: &str,
    value: &str,
    warn: impl FnOnce(String),
) -> (Option<Date>, Option<i32>) {
    match read {
        Ok(date) => (Some(date), None),
        Err(DateError::YearOnly { year }) => (None, Some(year)),
        // Both readings fall in one year (`05/06/2025`): the day is unknown, the year is not.
        Err(
            err @ DateError::Ambiguous {
                day_first,
                month_first,
            },
        ) if day_first.year() == month_first.year() => {
            warn(format!(
                "ambiguous date in {place}: {value} ({err}); the document keeps its year, {}, \
                 and no day",
                day_first.year()
            ));
            (None, Some(day_first.year()))
        }
        Err(err) => {
            warn(format!("bad date in {place} ignored: {value} ({err})"));
            (None, None)
        }
    }
}

/// Parses one decoded file. `rules` are the milpress.toml settings that apply to this file;
/// `rules.format`, when set, overrides `format` (which comes from the extension).
/// A file-level failure (e.g. a .json file that is not JSON at all) is one ParseError with
/// record None and no docs; a JSONL file with some bad lines keeps every good line.
///
/// Afterwards a body that gives one text in both languages is split into its original and
/// translation ([`halves`]), and the rules' `source`, `lang` and `kind` fill the documents'
/// fields where the file left them empty.
pub fn parse(format: Format, text: &str, rules: &FileRules) -> FileParse {
    let separator = rules.separator.as_deref();
    let mut out = match rules.format.unwrap_or(format) {
        // A file whose content says what it is, saved under another name (a page or a
        // single-file page saved as `.txt`, an API's JSON as `.txt`), unless the settings
        // declare its format.
        Format::Text if rules.format.is_none() && looks_like_json(text) => {
            json::parse(text, &rules.fields)
        }
        Format::Text | Format::Html if rules.format.is_none() && mhtml::sniff(text) => {
            mhtml::parse(text)
        }
        Format::Text if rules.format.is_none() && looks_like_html(text) => html::parse(text),
        Format::Text => {
            // A list may open with comment lines (`# compiled 2025-11-28`); a release may not.
            let list = uncommented(text);
            match lines::sniff(&list) {
                // An undeclared headline dump (`id_!_code_!_category_!_headline`).
                Some((separator, lines)) => lines::parse(&list, Some(separator), &lines),
                // An undeclared list of dated headlines (`2025-12-29　东部战区开展演习`).
                None if lines::sniff_dated(&list) => lines::parse_dated(&list),
                None => text::parse(text, &rules.fields),
            }
        }
        Format::Markdown => markdown::parse(text, &rules.fields),
        Format::Json => json::parse(text, &rules.fields),
        Format::JsonLines => json::parse_lines(text, &rules.fields),
        // A saved API response (`.htm` that holds `{"data": [...]}`) is JSON, whatever its name.
        Format::Html if looks_like_json(text) => json::parse(text, &rules.fields),
        // A feed saved from a browser under a page's name.
        Format::Html if feed::sniff(text) => feed::parse(text),
        Format::Html => html::parse(text),
        Format::Mhtml => mhtml::parse(text),
        Format::Email => email::parse(text),
        format @ (Format::Csv | Format::Tsv) => {
            // Comment lines before the header (`# exported 2025-11-28`) are no header.
            let sheet = uncommented(text);
            // A sheet with no header, every row dated in one column: a list of headlines.
            let headerless = lines::sniff(&sheet)
                .filter(|(_, lines)| separator.is_none() && lines.date_column.is_some());
            match headerless {
                Some((separator, lines)) => lines::parse(&sheet, Some(separator), &lines),
                // A `.csv` names its delimiter nowhere: the parser tells it from the header.
                None => {
                    let tab = (format == Format::Tsv).then_some("\t");
                    csv::parse(&sheet, separator.or(tab), &rules.fields)
                }
            }
        }
        Format::Lines => lines::parse(text, separator, &rules.lines),
        Format::Feed => feed::parse(text),
    };
    out.docs.iter_mut().for_each(halves::split);
    apply_rules(&mut out.docs, rules);
    out
}

/// `text` with the comment lines it opens with (`# format: date<TAB>outlet<TAB>headline`)
/// blanked, so that lines keep their numbers.
fn uncommented(text: &str) -> std::borrow::Cow<'_, str> {
    let body = strip_bom(text);
    let mut lines = body.split_inclusive('\n');
    let head: Vec<&str> = lines
        .by_ref()
        .take_while(|l| l.trim().is_empty() || is_comment(l))
        .collect();
    if !head.iter().any(|l| is_comment(l)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let blanked: String = head
        .iter()
        .map(|l| if l.ends_with('\n') { "\n" } else { "" })
        .collect();
    // `take_while` consumed the first line that is neither: find where it starts.
    let consumed: usize = head.iter().map(|l| l.len()).sum();
    std::borrow::Cow::Owned(blanked + &body[consumed..])
}

/// A comment line (`# compiled 2025-11-28`, `## notes`), not a header whose first column is
/// named `#` (`#,title,date`).
fn is_comment(line: &str) -> bool {
    let line = line.trim();
    line == "#" || line.starts_with("# ") || line.starts_with("##") || line.starts_with("#!")
}

/// Whether a text is a whole HTML page (`<!DOCTYPE html>`, `<html>`), whatever its name.
fn looks_like_html(text: &str) -> bool {
    let head: String = strip_bom(text)
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = match head.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r.trim_start()),
        None => head.as_str(),
    };
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Whether `text` is a JSON object or array: it opens with `{` or `[` and parses.
fn looks_like_json(text: &str) -> bool {
    let text = strip_bom(text).trim_start();
    text.starts_with(['{', '[']) && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Fills the documents' `source`, `lang` and `kind` from the file's settings where the file
/// left them empty.
pub fn apply_rules(docs: &mut [Parsed], rules: &FileRules) {
    for doc in docs {
        if doc.source.is_none() {
            doc.source.clone_from(&rules.source);
        }
        doc.lang = doc.lang.or(rules.lang);
        doc.kind = doc.kind.or(rules.kind);
    }
}

/// Removes a UTF-8 byte-order mark, which editors on Windows like to add.
/// Words that name the kind of page or paper rather than the article (`Title > U.S.
/// Department of Defense > Story`, a text file headed `國防部新聞稿`).
const PAGE_KINDS: &[&str] = &[
    "story",
    "news story",
    "release",
    "news release",
    "news releases",
    "press release",
    "press releases",
    "media release",
    "press statement",
    "statement",
    "communique",
    "communiqué",
    "readout",
    "fact sheet",
    "transcript",
    "transcripts",
    "speech",
    "article",
    "news",
    "video",
    "photos",
    "home",
    "正文",
    "新闻",
    "首页",
    "新闻稿",
    "新聞稿",
    "本部新闻稿",
    "本部新聞稿",
    "新闻通稿",
    "数字报",
    "数字报刊",
    "电子报",
    "电子版",
    "e-paper",
    "epaper",
    "digital edition",
];

/// Whether `segment` is one of [`PAGE_KINDS`], ignoring case.
fn is_page_kind(segment: &str) -> bool {
    PAGE_KINDS.iter().any(|k| segment.eq_ignore_ascii_case(k)) || is_page_number(segment)
}

/// A newspaper's page (`Page 3`, `Page A3`, `P4`, `第04版`, `A3版`): the kind of page an
/// e-paper's title names beside the paper.
fn is_page_number(segment: &str) -> bool {
    let segment = segment.trim();
    let number = |s: &str| {
        let s = s.trim();
        let digits = s.trim_start_matches(|c: char| c.is_ascii_uppercase());
        s.len() - digits.len() <= 1
            && (1..=3).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let lower = segment.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix('p'))
    {
        let rest = rest.trim_start_matches('.');
        return number(&segment[segment.len() - rest.len()..]);
    }
    segment
        .strip_suffix('版')
        .map(|s| s.strip_prefix('第').unwrap_or(s))
        .is_some_and(number)
}

/// The publisher a masthead line names when it is nothing but a kind of paper, alone or after
/// a known outlet's name: `Some(None)` for `PRESS RELEASE`, `Some(Some(..))` for
/// `國防部新聞稿` or `Australian Defence - Media Release`, `None` for a headline.
pub(crate) fn masthead(line: &str) -> Option<Option<&'static Outlet>> {
    let line = line.trim();
    // The kind first (`Press Release: Press Information Bureau`).
    if let Some((kind, rest)) = line.split_once([':', '：', '|']) {
        if is_page_kind(kind.trim()) {
            let rest = rest.trim();
            return match rest.is_empty() {
                true => Some(None),
                false => outlets().lookup(rest).map(Some),
            };
        }
    }
    // `China Daily - Page 3`, `解放军报-第04版`: the paper's name and its page.
    if is_page_number(line) {
        return Some(None);
    }
    if let Some((paper, page)) = line.rsplit_once(['-', '–', '—', '|', '_']) {
        if is_page_number(page) {
            let paper = paper.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | ':' | '：' | '·' | '_')
            });
            if paper.is_empty() {
                return Some(None);
            }
            return outlets().lookup(paper).map(Some);
        }
    }
    let kind_len = PAGE_KINDS
        .iter()
        .map(|k| k.len())
        .filter(|&len| {
            let at = line.len().checked_sub(len);
            at.and_then(|at| line.get(at..)).is_some_and(is_page_kind)
        })
        .max()?;
    let rest = line[..line.len() - kind_len].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | ':' | '：' | '·')
    });
    if rest.is_empty() {
        return Some(None);
    }
    outlets().lookup(rest).map(Some)
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, Lang};

    #[test]
    fn a_papers_page_is_a_kind_of_page() {
        for page in ["Page 3", "page A3", "P4", "p. 12", "第04版", "A3版", "3版"] {
            assert!(is_page_number(page), "{page}");
        }
        for other in [
            "Pages",
            "Page",
            "PLA",
            "Patrol 3",
            "第四版",
            "Page 1234",
            "版",
        ] {
            assert!(!is_page_number(other), "{other}");
        }
        assert_eq!(masthead("Page 3"), Some(None));
        assert!(matches!(masthead("China Daily - Page 3"), Some(Some(_))));
        assert_eq!(masthead("Drills end - Page 3"), None);
    }

    #[test]
    fn a_sheet_of_dated_headlines_under_comments_is_a_list() {
        const SHEET: &str = "# Overnight headline sheet, compiled 2025-11-28\n\
            # format: date<TAB>outlet<TAB>headline\n\n\
            2025-11-27\tReuters\tJapan to deploy missile units to the island\n\
            2025-11-26\tFocus Taiwan\tLai unveils special defense budget\n\
            2025-11-25\t环球时报\t中方回应日方部署计划\n";
        for format in [Format::Tsv, Format::Text] {
            let out = parse(format, SHEET, &FileRules::default());
            assert!(out.errors.is_empty(), "{format:?}: {:?}", out.errors);
            let got: Vec<_> = out
                .docs
                .iter()
                .map(|d| (d.record, d.date, d.title.as_str()))
                .collect();
            assert_eq!(
                got[0],
                (
                    Some(4),
                    crate::document::Date::new(2025, 11, 27),
                    "Japan to deploy missile units to the island"
                ),
                "{format:?}"
            );
            assert_eq!(got.len(), 3);
        }
        // A header whose first column is `#` is no comment.
        let numbered = "#,title,date\n1,A drill,2025-11-27\n2,B drill,2025-11-26\n";
        let out = parse(Format::Csv, numbered, &FileRules::default());
        assert_eq!(out.docs.len(), 2, "{:?}", out.errors);
        assert_eq!(out.docs[0].title, "A drill");
        // A sheet with a header row stays a table.
        let table =
            "# exported\ntitle\tdate\nA drill\t2025-11-27\nB drill\t2025-11-26\nC\t2025-11-25\n";
        let out = parse(Format::Tsv, table, &FileRules::default());
        assert_eq!(out.docs.len(), 3, "{:?}", out.errors);
        assert_eq!(out.docs[0].title, "A drill");
    }

    #[test]
    fn an_html_file_holding_json_is_read_as_json() {
        const API: &str = r#"{"code": 200, "data": {"list": [
            {"docId": "1", "docTitle": "外交部发言人答记者问", "docContent": "<p>问：黄岩岛？</p>",
             "pubTime": "2026-05-21 15:00:00", "docUrl": "https://www.mfa.gov.cn/a.shtml"},
            {"docId": "2", "docTitle": "第二条", "docContent": "正文。", "pubTime": "2026-05-22"}]}}"#;
        let out = parse(Format::Html, API, &FileRules::default());
        let titles: Vec<&str> = out.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["外交部发言人答记者问", "第二条"]);
        assert_eq!(out.docs[0].date, crate::document::Date::new(2026, 5, 21));
        assert!(!out.docs[0].body.contains("<p>"), "{}", out.docs[0].body);
        // A page is still a page.
        let page = parse(
            Format::Html,
            "<html><body><h1>T</h1><p>x</p></body></html>",
            &FileRules::default(),
        );
        assert_eq!(page.docs[0].title, "T");
    }

    #[test]
    fn configured_format_overrides_the_extension() {
        const HEADLINES: &str = "海军某部开展训练\n外交部发言人答记者问\n";
        let rules = FileRules {
            format: Some(Format::Lines),
            ..FileRules::default()
        };
        let as_text = parse(Format::Text, HEADLINES, &FileRules::default());
        assert_eq!(as_text.docs.len(), 1);
        let as_lines = parse(Format::Text, HEADLINES, &rules);
        let titles: Vec<_> = as_lines.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["海军某部开展训练", "外交部发言人答记者问"]);
        assert!(as_lines.docs.iter().all(|d| d.kind == Some(Kind::Headline)));

        // A TSV read as CSV by configuration, with a configured separator.
        let rules = FileRules {
            format: Some(Format::Csv),
            separator: Some("|".into()),
            ..FileRules::default()
        };
        let out = parse(Format::Text, "title|body\nA|B\n", &rules);
        assert_eq!(out.docs[0].body, "B");
        let out = parse(Format::Tsv, "title\tbody\nA\tB\n", &FileRules::default());
        assert_eq!(out.docs[0].body, "B");
        // A `.tsv` is split on tabs, whatever else its header holds (a `.csv` with this
        // header would be split on `;`).
        let out = parse(Format::Tsv, "id;x\tbody\n1;2\tB\n", &FileRules::default());
        assert_eq!(out.docs[0].body, "B");
        assert_eq!(out.docs[0].local_id, None);
    }

    #[test]
    fn error_display_names_the_record() {
        assert_eq!(ParseError::new(Some(7), "bad").to_string(), "record 7: bad");
        assert_eq!(
            ParseError::new(None, "empty file").to_string(),
            "empty file"
        );
    }

    #[test]
    fn rules_fill_only_empty_fields() {
        const JSONL: &str = concat!(
            r#"{"title": "A", "source": "PLA Daily", "lang": "en"}"#,
            "\n",
            r#"{"title": "B", "type": "headline"}"#,
        );
        let rules = FileRules {
            source: Some("MND".into()),
            lang: Some(Lang::Zh),
            kind: Some(Kind::Release),
            ..FileRules::default()
        };
        let out = parse(Format::JsonLines, JSONL, &rules);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let [a, b] = &out.docs[..] else {
            panic!("{:?}", out.docs)
        };
        assert_eq!(a.source.as_deref(), Some("PLA Daily"));
        assert_eq!(a.lang, Some(Lang::En));
        assert_eq!(a.kind, Some(Kind::Release));
        assert_eq!(b.source.as_deref(), Some("MND"));
        assert_eq!(b.lang, Some(Lang::Zh));
        assert_eq!(b.kind, Some(Kind::Headline));
    }

    #[test]
    fn odd_input_never_panics() {
        const INPUTS: &[&str] = &[
            "",
            "\u{feff}",
            "---",
            "+++\n",
            "---\n---\n",
            "\n\n- \n-\n•",
            "[",
            "{\"title\": [1, {\"a\": null}], \"date\": 1e300}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "![a](b\n[x](\n# \n#\n标题：\nTitle:",
            "---\na: [1, 2\n---\n",
            "+++\n= 1\n+++\n",
            "{\"date\": -99999999999999999999}",
            "{\"themes\": \"['a', \\\"b, 'c\"}",
            "\r\n\r\n中文标题\r\n正文。\r\n- 相关",
            "<html><body><div class=\"nav\">\u{3000}</div>",
            "a,b\n\"\n",
            "_!_\n_!__!_",
        ];
        let rules = FileRules::default();
        for input in INPUTS {
            for format in Format::ALL {
                let _ = parse(format, input, &rules);
            }
        }
    }

    #[test]
    fn a_file_saved_under_another_name_is_read_as_what_it_holds() {
        let rules = FileRules::default();
        let page = "<!DOCTYPE html><html><head><title>Drill ends</title></head><body><h1>Drill ends</h1><p>The exercise ended on Friday, the command said.</p><script>var x = document.createElement('p');</script></body></html>";
        let parsed = parse(Format::Text, page, &rules);
        assert_eq!(parsed.docs[0].title, "Drill ends");
        assert!(
            !parsed.docs[0].body.contains("createElement"),
            "{}",
            parsed.docs[0].body
        );
        let json = r#"[{"title": "One", "body": "First."}, {"title": "Two", "body": "Second."}]"#;
        assert_eq!(parse(Format::Text, json, &rules).docs.len(), 2);
        let single = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<html><head><title>Patrol</title></head><body><h1>Patrol</h1><p>Ships patrolled the strait on Monday.</p></body></html>\r\n--b--\r\n";
        for format in [Format::Text, Format::Html] {
            let parsed = parse(format, single, &rules);
            assert_eq!(parsed.docs[0].title, "Patrol", "{format:?}");
            assert!(!parsed.docs[0].body.contains("Content-Type"), "{format:?}");
        }
        // Plain text that merely mentions markup stays text.
        let text = "Notes on <html> pages\n\nThe ministry's page uses tables.";
        assert_eq!(
            parse(Format::Text, text, &rules).docs[0].title,
            "Notes on <html> pages"
        );
    }
}
