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
//! is reported and skipped, and the other rows are kept; an unclosed quote runs to the end of
//! the file (CSV has no way to tell where it should have stopped), which then shows as one
//! row with too few or too many fields.

use serde_json::{Map, Value};

use super::{json, strip_bom, FileParse, ParseError};
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

    let mut out = FileParse::default();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                out.errors.push(ParseError::new(line, row_error(&e)));
                continue;
            }
        };
        let line = row.position().map(|p| p.line());
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let mut object = Map::new();
        for (name, cell) in header.iter().zip(row.iter()) {
            // With a repeated column name the first non-empty cell wins, as with JSON keys.
            let taken = object
                .get(name)
                .is_some_and(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()));
            if !name.is_empty() && !taken {
                object.insert(name.clone(), Value::String(cell.to_string()));
            }
        }
        let (mut doc, problems) = json::from_object(&object, fields);
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
    out
}

/// The delimiter of a CSV file that names none: of a comma, `;`, a tab and `|`, the one that
/// splits the header into the most column names milpress knows (built-in or mapped in
/// `fields`); then the one whose header splits at all and the most of the next rows split into
/// as many fields; then the one giving the most columns. Fields are split as the csv crate
/// splits them, so a delimiter inside a quoted field counts for nothing. A tie goes to the
/// earlier in that list (the comma first).
pub fn detect_delimiter(text: &str, fields: &FieldMap) -> u8 {
    let known = |name: &str| {
        Field::ALL.iter().any(|&field| {
            fields
                .names(field)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
        })
    };
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
    use crate::document::{Date, Lang, Translation};
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
        // An unclosed quote swallows the rest of the file into one bad row.
        let out = parse("title,body,x\na,\"b\nc,d,e\n", None, &FieldMap::default());
        assert!(out.docs.is_empty());
        assert_eq!(out.errors[0].record, Some(2));
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
                (Some(4), "Patrol resumes", None, Some("MND")),
            ]
        );
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "record 4: bad date in `date` ignored: \"05/06/2026\" (ambiguous: 2026-06-05 if \
              the day comes first, 2026-05-06 if the month does)"
            ]
        );
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
}
