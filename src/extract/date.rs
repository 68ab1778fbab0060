//! Dates in running text, file paths and loosely formatted date fields.
//!
//! Press releases state their date in many shapes (`2026年8月14日`, `Aug. 14, 2026`,
//! `14 August 2026`, `2026-08-14`, `14/08/2026`, `2026. 8. 14.`); this module owns recognising them. Every
//! candidate is validated with [`Date::new`], so an impossible date such as 30 February is
//! skipped rather than guessed at, and the search goes on to the next candidate. A numeric date
//! with the year last is read day first (`14/08/2026`) or month first (`08/14/2026`) only when
//! one of the two readings is impossible; `05/06/2026` could be either, so it is skipped too,
//! and a date field holding it is reported as ambiguous ([`DateError::Ambiguous`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Date;

/// Month names and their usual abbreviations, matched case-insensitively.
const MONTHS: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// `2026年8月14日`, with optional spaces and `号` for `日`.
static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
        .expect("built-in Chinese date regex is valid")
});

/// `2025년 3월 10일`, as Korean releases write a date.
static KOREAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*년\s*([0-9]{1,2})\s*월\s*([0-9]{1,2})\s*일")
        .expect("built-in Korean date regex is valid")
});

/// A date of Japan's era calendar, as its ministries write them: `令和6年9月18日` (Reiwa 1 is
/// 2019; `元年` is its first year), `平成31年4月30日` (Heisei 1 is 1989).
static JAPANESE_ERA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(令和|平成)\s*(元|[0-9]{1,2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
        .expect("built-in Japanese era date regex is valid")
});

/// The first Japanese era date of `text`.
fn first_japanese(text: &str) -> Option<(usize, Date)> {
    JAPANESE_ERA.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        let base = match &caps[1] {
            "令和" => 2018,
            _ => 1988,
        };
        let year = match &caps[2] {
            "元" => 1,
            n => n.parse::<i32>().ok()?,
        };
        Some((
            m.start(),
            Date::new(base + year, num(&caps, 3)?, num(&caps, 4)?)?,
        ))
    })
}

/// `二〇二四年三月五日`: a date in Chinese numerals, as official notices sign them.
static CHINESE_NUMERALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]")
        .expect("built-in Chinese numeral date regex is valid")
});

/// The value of a number written in Chinese numerals up to 99 (`五`, `十二`, `二十一`), or
/// digit by digit (`二〇二四`).
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let digit = |c: char| match c {
        '零' | '○' => Some(0),
        c => digit(c),
    };
    match s.split_once('十') {
        Some((tens, ones)) => {
            let tens = match tens {
                "" => 1,
                t => digit(t.chars().next()?)?,
            };
            let ones = match ones {
                "" => 0,
                o => digit(o.chars().next()?)?,
            };
            Some(tens * 10 + ones)
        }
        None => s.chars().try_fold(0, |n, c| Some(n * 10 + digit(c)?)),
    }
}

/// `二〇二四年三月五日` → `2024年3月5日`; other text as it is.
fn arabic_dates(text: &str) -> std::borrow::Cow<'_, str> {
    CHINESE_NUMERALS.replace_all(text, |caps: &regex::Captures<'_>| {
        let parts: Option<Vec<u32>> = (1..=3).map(|i| chinese_number(&caps[i])).collect();
        match parts {
            Some(p) => format!("{}年{}月{}日", p[0], p[1], p[2]),
            None => caps[0].to_string(),
        }
    })
}

/// A date of the Republic of China calendar, as Taiwan's government writes them:
/// `中華民國115年5月20日`, `民国114年12月1日` (year 1 is 1912).
static ROC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:中華民國|中华民国|民國|民国)\s*([0-9]{2,3})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
        .expect("built-in ROC date regex is valid")
});

/// `114年12月29日`: an ROC date without its era name, as Taiwan's ministries print it (years
/// 100 to 149 of the ROC, 2011 to 2060: no Gregorian date of news has a three-digit year).
static ROC_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(1[0-4][0-9])\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
        .expect("built-in ROC date regex is valid")
});

/// `114-07-09`, `114/07/09`, `114.07.09`: an ROC date in figures (month and day of two
/// digits each), as Taiwan's ministries print it beside `發布日期`.
static ROC_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(1[0-4][0-9])[-/.]([01][0-9])[-/.]([0-3][0-9])")
        .expect("built-in ROC date regex is valid")
});

/// The years between the ROC calendar's and the Gregorian.
const ROC_OFFSET: i32 = 1911;

/// `Aug. 14, 2026`, `August 14, 2026`, `Aug 14 2026`, `August 14th, 2026`.
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTHS}\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})"
    ))
    .expect("built-in month-first date regex is valid")
});

/// `14 August 2026`, `14 Aug. 2026`, `14th August, 2026`.
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)([0-9]{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS}\b\.?,?\s+([0-9]{{4}})"
    ))
    .expect("built-in day-first date regex is valid")
});

/// `2026-08-14`, `2026/08/14`, `2026.08.14` (the two separators are checked to agree).
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})")
        .expect("built-in numeric date regex is valid")
});

/// `14/08/2026`, `14.08.2026`, `14-08-2026` (day first) and `08/14/2026` (month first), the
/// two separators checked to agree; which of the first two numbers is the month is decided by
/// [`day_month_year`].
static YEAR_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2})([-/.])([0-9]{1,2})([-/.])([0-9]{4})")
        .expect("built-in year-last date regex is valid")
});

/// `2025. 12. 9.` and `2026.01.15`: year, month and day joined by dots, as Korean and some
/// Japanese and Chinese releases write them. The four-digit year is required, and either a
/// dot after each part or two digits each without spaces, so a section or version number
/// (`1. 2. 3.`, `12. 9.`) is never read as a date.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})(?:\.[ \t]*([0-9]{1,2})\.[ \t]*([0-9]{1,2})\.|\.([0-9]{2})\.([0-9]{2}))")
        .expect("built-in dotted date regex is valid")
});

/// Why a date field gave no date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing in the value is a valid date in a form milpress reads.
    #[error("not a date milpress reads")]
    Unreadable,
    /// A numeric date with the year last whose first two numbers could each be the month.
    #[error("ambiguous: {day_first} if the day comes first, {month_first} if the month does")]
    Ambiguous { day_first: Date, month_first: Date },
    /// The value names a year (and perhaps a month) but no day: `2025`, `2025-05`, `May 2025`,
    /// `2025年5月`. The document is of that year, with no date.
    #[error("only a year: {year}")]
    YearOnly { year: i32 },
}

/// Returns the first valid full date in `text`, in any of the supported forms.
///
/// Full-width digits and separators are folded first. A candidate glued to a longer run of
/// digits (`12026-08-14`, a phone number) is not a date, nor is an ambiguous one (`05/06/2026`).
pub fn find_date(text: &str) -> Option<Date> {
    scan(&arabic_dates(&fold_width(text))).ok()
}

/// Parses an explicit date field: ISO (with or without a time), any form [`find_date`]
/// knows, compact `YYYYMMDD`, or a unix timestamp in seconds or milliseconds (9 to 13 digits;
/// 12 or more digits are read as milliseconds). The error says whether the value holds no date,
/// only an ambiguous one, or only a year (`2025`, `2025-05`, `May 2025`, `2025年5月`).
pub fn parse_loose(s: &str) -> Result<Date, DateError> {
    let s = arabic_dates(&fold_width(s.trim())).into_owned();
    if let Some(date) = Date::parse_iso(&s) {
        return Ok(date);
    }
    if let Some(year) = year_of_field(&s) {
        return Err(DateError::YearOnly { year });
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return digits_date(&s).ok_or(DateError::Unreadable);
    }
    scan(&s)
}

/// A date field's value as a number (JSON `2025`, YAML `date: 20250514`, a timestamp): a year
/// of 1900 to 2100 is only a year, 20000 to 75000 a spreadsheet's day number, eight digits a
/// compact `YYYYMMDD`, and a timestamp needs at least nine digits (seconds from March 1973),
/// so a small number is never a day of 1970.
pub fn from_number(n: f64) -> Result<Date, DateError> {
    if n.fract() == 0.0 && (1900.0..=2100.0).contains(&n) {
        return Err(DateError::YearOnly { year: n as i32 });
    }
    // A fraction of a second is dropped.
    if (1e7..1e15).contains(&n) || (20_000.0..=75_000.0).contains(&n) {
        return digits_date(&format!("{:.0}", n.floor())).ok_or(DateError::Unreadable);
    }
    Err(DateError::Unreadable)
}

/// The year of a date field that names a year, or a year and a month, and no day.
fn year_of_field(s: &str) -> Option<i32> {
    static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:((?:19|20)\d{{2}})(?:\s*年(?:\s*\d{{1,2}}\s*月)?|[-/.](?:0?[1-9]|1[0-2]))?|(?i:{MONTHS})\.?,?\s+((?:19|20)\d{{2}})|(?:0?[1-9]|1[0-2])[-/.]((?:19|20)\d{{2}}))$"
        ))
        .expect("valid year-month pattern")
    });
    let caps = YEAR_MONTH.captures(s.trim())?;
    let year = caps
        .get(1)
        .or_else(|| caps.get(3))
        .or_else(|| caps.get(4))?;
    year.as_str().parse().ok()
}

/// A compact `YYYYMMDD`, with its time (`YYYYMMDDhhmm`, GDELT's `YYYYMMDDhhmmss`) or not; a
/// spreadsheet's day number (`45723`, days from 30 December 1899, for 1954 to 2105); or a unix
/// timestamp of 9 to 13 digits.
fn digits_date(s: &str) -> Option<Date> {
    let compact = |s: &str| {
        let (y, rest) = s.split_at(4);
        let (m, d) = rest.get(..4)?.split_at(2);
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    // The time after a compact date: hours below 24, minutes (and seconds) below 60.
    let clock = |t: &str| {
        t.as_bytes().chunks(2).enumerate().all(|(i, pair)| {
            let n = (pair[0] - b'0') * 10 + (pair[1] - b'0');
            n < if i == 0 { 24 } else { 60 }
        })
    };
    match s.len() {
        5 => {
            let days: i64 = s.parse().ok()?;
            // 25569 is 1 January 1970.
            (20_000..=75_000)
                .contains(&days)
                .then(|| Date::from_days_since_epoch(days - 25_569))
                .flatten()
        }
        8 => compact(s),
        14 => compact(s).filter(|_| clock(&s[8..])),
        // `YYYYMMDDhhmm` of a year of news before milliseconds of 1973 to 2001.
        12 if compact(s).is_some_and(|d| d.year() >= 1990) && clock(&s[8..]) => compact(s),
        9..=13 => {
            let n: i64 = s.parse().ok()?;
            let secs = if s.len() >= 12 { n / 1000 } else { n };
            Date::from_days_since_epoch(secs.div_euclid(86_400))
        }
        _ => None,
    }
}

/// The first valid full date in `text` (already width-folded); else whether an ambiguous one
/// was all there was.
fn scan(text: &str) -> Result<Date, DateError> {
    let (first, ambiguous) = first_found(text);
    first
        .map(|(_, date)| date)
        .ok_or(ambiguous.unwrap_or(DateError::Unreadable))
}

/// The first valid full date in `text` (already width-folded) and where it starts; else
/// whether an ambiguous one was all there was.
fn first_found(text: &str) -> (Option<(usize, Date)>, Option<DateError>) {
    let (year_last, ambiguous) = first_year_last(text);
    let first = [
        first_chinese(text, &CHINESE, 0),
        first_chinese(text, &KOREAN, 0),
        first_chinese(text, &ROC, ROC_OFFSET),
        first_chinese(text, &ROC_BARE, ROC_OFFSET),
        first_chinese(text, &ROC_NUMERIC, ROC_OFFSET),
        first_japanese(text),
        first_month_first(text),
        first_day_first(text),
        first_numeric(text),
        first_dotted(text),
        year_last,
    ]
    .into_iter()
    .flatten()
    .min_by_key(|(start, _)| *start);
    (first, ambiguous)
}

/// A label that says the date after it is when the text appeared (`Posted On: 07 MAY 2025`,
/// `发布时间：2025-05-07`).
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:posted on|published on|posted|published|date of publication|publication date|release date|released on|发布时间|发布日期|發布日期|發布時間|發佈日期|发表时间|发稿时间|发布于)\s*[:：]?\s*",
    )
    .expect("built-in label regex is valid")
});

/// A label that says the date after it is when the text last changed.
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:last updated|updated on|updated|last modified|modified|更新时间|更新日期|更新於|更新于)\s*[:：]?\s*")
        .expect("built-in label regex is valid")
});

/// A time of day (`09:12`, `18:20:05`), and the words that go with one on a date line.
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[0-2]?\d:[0-5]\d(?::[0-5]\d)?\b|\b(?:a\.?m\.?|p\.?m\.?|gmt|utc|bjt|cst|est|edt|jst|kst)\b|[+-][01]\d:?[0-5]\d\b")
        .expect("built-in time regex is valid")
});

/// A weekday beside a date (`星期三`, `周三`, `Wednesday`, `Wed.`).
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)星期[一二三四五六日天]|周[一二三四五六日]|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?")
        .expect("built-in weekday regex is valid")
});

/// The date a text stamps itself with, wherever in it the stamp stands: a date after a
/// publication label (`发布时间：2025-06-12 10:00`, `Published: June 12, 2025`); else the
/// first date on a short line of its own that is no sentence, beside a time of day or little
/// else (`2025年03月05日 09:12`, `Editor: Chen Zhuo  2025-01-07 18:20`, `（国防部网
/// 2025年10月31日）`, a notice signed `二〇二三年七月三十一日`); else a date after an update
/// label. A date inside a sentence (`2022年8月4日，东部战区…`, `On August 4, 2022, the PLA…`)
/// is what the text tells of, not when it was written, and never counts here.
pub fn stamped_date(text: &str) -> Option<Date> {
    let mut best: Option<(u8, Date)> = None;
    let mut above = "";
    for line in text.split('\n') {
        if let Some(date) = under_label(above, line) {
            return Some(date);
        }
        above = line;
        match line_stamp(line) {
            Some((0, date)) => return Some(date),
            Some((rank, date)) if best.is_none_or(|(r, _)| rank < r) => best = Some((rank, date)),
            _ => {}
        }
    }
    best.map(|(_, date)| date)
}

/// The first date that follows a publication label in `text` (`Posted On: 07 MAY 2025`,
/// `发布时间：2025-05-07`), wherever it stands.
pub fn published_date(text: &str) -> Option<Date> {
    let folded = arabic_dates(&fold_width(text)).into_owned();
    after_label(&folded, &PUBLISHED).or_else(|| {
        let lines: Vec<&str> = folded.lines().collect();
        lines
            .windows(2)
            .find_map(|pair| under_label(pair[0], pair[1]))
    })
}

/// The date `line` opens with when the line `above` it is only a label (a table's
/// `<dt>日期</dt><dd>2025年02月14日</dd>`).
fn under_label(above: &str, line: &str) -> Option<Date> {
    if !LABEL_LINE.is_match(above.trim()) {
        return None;
    }
    leading_date(&arabic_dates(line.trim())).map(|(date, _)| date)
}

/// A date in the opening of a text (its first 300 characters), where a release states its day
/// (`2025年5月18日，…`, `… took questions on 9 April 2015.`): the first there, unless the
/// opening's lines begin with dates one after another (three or more), a chronology whose
/// dates are its events.
pub fn opening_date(text: &str) -> Option<Date> {
    let opens = |line: &str| {
        let line = line.trim();
        let line = line.strip_prefix("On ").unwrap_or(line);
        leading_date(&arabic_dates(&fold_width(line))).is_some()
    };
    if text.lines().take(12).filter(|l| opens(l)).count() >= 3 {
        return None;
    }
    find_date(&text.chars().take(300).collect::<String>())
}

/// The first date right after a match of `label` in `folded` (width-folded text).
fn after_label(folded: &str, label: &Regex) -> Option<Date> {
    label
        .find_iter(folded)
        .find_map(|m| leading_date(folded[m.end()..].trim_start()).map(|(date, _)| date))
}

/// A line that is only a publication label (`日期`, `发布时间：`, `Date:`, `Published`).
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:日期|发布日期|发布时间|發布日期|發布時間|时间|date|published|posted|release date|publication date|등록일)\s*[:：]?$")
        .expect("built-in label line regex is valid")
});

/// Words of a byline beside a date (`来源：中国军网 作者：…`, `Editor: …`): such a line may hold
/// more words than a bare date line.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)来源|作者|编辑|责任编辑|供稿|记者|新闻稿|source|editor|\bby\b|reporter|press release",
    )
    .expect("built-in byline regex is valid")
});

/// A page header's day (`今天是2026年5月1日 星期五`, `Today is …`): today's, not the text's.
static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)今天|今日|\btoday\b").expect("built-in today regex is valid")
});

/// How one line stamps a date, if it does: 0 after a publication label, 1 as a date line, 2
/// after an update label.
fn line_stamp(line: &str) -> Option<(u8, Date)> {
    let line = line.trim();
    // Digits, full-width digits, or the zero of a date in numerals (`二〇二三年`).
    let numbers = line
        .chars()
        .any(|c| c.is_numeric() || c == '○' || c == '零');
    let labelled = |label: &Regex| label.is_match(line);
    let (published, updated) = (labelled(&PUBLISHED), labelled(&UPDATED));
    // Most lines of a text are long sentences with no label: they are never folded.
    if !numbers || !published && !updated && line.chars().nth(80).is_some() {
        return None;
    }
    let folded = arabic_dates(&fold_width(line)).into_owned();
    if let Some(date) = published
        .then(|| after_label(&folded, &PUBLISHED))
        .flatten()
    {
        return Some((0, date));
    }
    if let Some(date) = updated.then(|| after_label(&folded, &UPDATED)).flatten() {
        return Some((2, date));
    }
    if folded.chars().nth(80).is_some() || TODAY.is_match(&folded) {
        return None;
    }
    let (Some((start, date)), _) = first_found(&folded) else {
        return None;
    };
    let end = start + leading_date(&folded[start..]).map_or(0, |(_, len)| len);
    let rest = format!("{} {}", &folded[..start], &folded[end..]);
    let timed = CLOCK.is_match(&rest);
    let rest = WEEKDAY
        .replace_all(&CLOCK.replace_all(&rest, " "), " ")
        .into_owned();
    let sentence = rest.contains(['，', '。', '；', '！', '？'])
        || rest.contains(". ")
        || rest.trim_end().ends_with('.');
    if sentence {
        return None;
    }
    let words = rest
        .chars()
        .filter(|c| c.is_alphabetic() && !matches!(c, '年' | '月' | '日' | '号'))
        .count();
    let room = if timed || BYLINE.is_match(&rest) {
        48
    } else {
        10
    };
    (words <= room).then_some((1, date))
}

/// A date that `text` starts with, in any form [`find_date`] knows, and the length in bytes
/// of `text` it spans (the longest reading when several forms match). `None` when the text does
/// not start with a valid, unambiguous date, or when the date runs on into more digits.
pub fn leading_date(text: &str) -> Option<(Date, usize)> {
    let folded = fold_width(text);
    let patterns: [&Regex; 10] = [
        &CHINESE,
        &KOREAN,
        &ROC,
        &ROC_BARE,
        &ROC_NUMERIC,
        &MONTH_FIRST,
        &DAY_FIRST,
        &NUMERIC,
        &DOTTED,
        &YEAR_LAST,
    ];
    let (date, end) = patterns
        .into_iter()
        .filter_map(|pattern| {
            let m = pattern.find(&folded).filter(|m| m.start() == 0)?;
            if !digit_bounded(&folded, 0, m.end()) {
                return None;
            }
            Some((scan(m.as_str()).ok()?, m.end()))
        })
        .max_by_key(|&(_, end)| end)?;
    // Folding keeps one character for one: the end's character count is the same in `text`.
    let chars = folded[..end].chars().count();
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at);
    Some((date, end))
}

/// Guesses the year from a corpus-relative path (`/`-separated), or `None`.
///
/// In order of preference: the deepest directory component that is exactly a year
/// (`mnd/2024/x.txt`); a year token in the file name, i.e. a 4-digit run delimited by
/// non-digits, as in `2024-05-18-briefing.txt` or `mnd-2024-military-diplomacy.txt` (the first
/// such token wins); a year token inside a directory name (`archive/2024-05/x.txt`). Years
/// outside 1990..=2100 are ignored, so `0001.txt` or `9999` give nothing.
pub fn year_from_path(path: &str) -> Option<i32> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let (file, dirs) = parts.split_last()?;
    if let Some(year) = dirs.iter().rev().find_map(|d| plausible_year(d)) {
        return Some(year);
    }
    if let Some(year) = year_tokens(file).next() {
        return Some(year);
    }
    dirs.iter().rev().find_map(|d| year_tokens(d).next())
}

/// The date a news site writes into its addresses: `/2026-05/21/`, `/202605/21/`,
/// `/20260521/`, `/2026/05/21/`, `t20260521_123.html`. Only a whole date of plausible year,
/// month and day, set off by `/`, `_`, `-` or `.`, counts.
pub fn from_url(url: &str) -> Option<Date> {
    static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:^|[/_.t-])((?:19|20)\d{2})(?:[-/_]?)(0[1-9]|1[0-2])(?:[-/_]?)(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .expect("valid URL date pattern")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    URL_DATE.captures_iter(path).find_map(|caps| {
        let number = |i: usize| caps.get(i)?.as_str().parse::<u32>().ok();
        Date::new(number(1)? as i32, number(2)?, number(3)?)
    })
}

/// A string that is exactly a 4-digit year in the range paths plausibly use.
fn plausible_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = s.parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

/// The 4-digit runs of `s` (delimited by non-digits) that are plausible years, and the years
/// of 8-digit runs that are a date (`reuters_manila_20260522.txt`).
pub fn year_tokens(s: &str) -> impl Iterator<Item = i32> + '_ {
    s.split(|c: char| !c.is_ascii_digit())
        .filter_map(|run| plausible_year(run).or_else(|| compact_date_year(run)))
}

/// The year of `yyyymmdd`, when the run is a real date (read as a date field reads it) in a
/// plausible year.
fn compact_date_year(run: &str) -> Option<i32> {
    digits_date(run).filter(|_| run.len() == 8)?;
    plausible_year(run.get(..4)?)
}

/// Folds full-width digits and date separators to ASCII so that one set of regexes covers
/// text typed with a Chinese input method.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '－' => '-',
            '／' => '/',
            '．' => '.',
            '，' => ',',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// `5月18日` (and `5月18日电`): a month and day with no year.
static CHINESE_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]").expect("built-in regex is valid")
});

/// `May 18` (a news dateline: `BEIJING, May 18 (Xinhua) --`).
static ENGLISH_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{MONTHS}\.?\s+([0-9]{{1,2}})\b")).expect("built-in regex is valid")
});

/// How far into a text a dateline may stand, in bytes.
const DATELINE_REACH: usize = 240;

/// The first `DATELINE_REACH` bytes of a text (fewer, to end on a character boundary).
pub fn opening(text: &str) -> &str {
    let mut end = DATELINE_REACH.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The month and day of a dateline near the start of `text` (`新华社北京5月18日电`,
/// `BEIJING, May 18 --`), for when the year is known from elsewhere. A month-day later in the
/// text is more likely an event than the publication, so only the opening counts.
pub fn dateline_month_day(text: &str) -> Option<(u32, u32)> {
    let head = fold_width(opening(text));
    let chinese = CHINESE_MONTH_DAY
        .captures_iter(&head)
        .find(|c| {
            // Part of a full date (`2026年5月18日`) is not a bare month and day.
            c.get(0).is_some_and(|m| {
                digit_bounded(&head, m.start(), m.end())
                    && !head[..m.start()].trim_end().ends_with('年')
            })
        })
        .and_then(|c| Some((c.get(0)?.start(), num(&c, 1)?, num(&c, 2)?)));
    let english = ENGLISH_MONTH_DAY.captures_iter(&head).find_map(|c| {
        Some((
            c.get(0)?.start(),
            month_number(c.get(1)?.as_str())?,
            num(&c, 2)?,
        ))
    });
    let (_, month, day) = match (chinese, english) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}

/// The year of a line near the start of `text` that gives only a month and a year (`May 2026`,
/// `2026年5月`): how a report or white paper states when it appeared, so that a full date
/// further down (an event it recounts) is not taken for its own.
pub fn masthead_month_year(text: &str) -> Option<i32> {
    static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?m)^\s*(?:(?i:{MONTHS})\.?,?\s+((?:19|20)\d{{2}})|((?:19|20)\d{{2}})\s*年\s*\d{{1,2}}\s*月)\s*$"
        ))
        .expect("valid month-year pattern")
    });
    let head = fold_width(opening(text));
    let caps = MONTH_YEAR.captures(&head)?;
    caps.get(2).or_else(|| caps.get(3))?.as_str().parse().ok()
}

/// Whether `text` opens with a month and day (`5月18日下午，…`, `2026年5月18日`, `May 18, …`,
/// `On May 18 …`).
pub fn opens_with_month_day(text: &str) -> bool {
    let text = text.trim_start();
    let text = text.strip_prefix("On ").unwrap_or(text);
    let after_year = text
        .split_once('年')
        .filter(|(year, _)| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        .map_or(text, |(_, rest)| rest);
    let at_start = |re: &Regex, t: &str| re.find(t).is_some_and(|m| m.start() == 0);
    at_start(&CHINESE_MONTH_DAY, after_year) || at_start(&ENGLISH_MONTH_DAY, text)
}

/// True when the match `start..end` is not glued to other digits.
fn digit_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    // `2025年05月29日16:41`: a date that ends in its own character may run into the time.
    let closed = text
        .get(..end)
        .is_some_and(|s| s.ends_with(['日', '号', '號']));
    !before.is_some_and(|c| c.is_ascii_digit())
        && (closed || !after.is_some_and(|c| c.is_ascii_digit()))
}

pub(crate) fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let month = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(month)
}

fn num(caps: &regex::Captures<'_>, i: usize) -> Option<u32> {
    caps.get(i)?.as_str().parse().ok()
}

/// The first `年月日` date of `text` that `pattern` finds (year, month, day captured), its
/// year counted from `offset` (0 for the Gregorian calendar, [`ROC_OFFSET`] for Taiwan's).
fn first_chinese(text: &str, pattern: &Regex, offset: i32) -> Option<(usize, Date)> {
    pattern.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        if !digit_bounded(text, m.start(), m.end()) {
            return None;
        }
        let year = i32::try_from(num(&caps, 1)?).ok()? + offset;
        Some((m.start(), Date::new(year, num(&caps, 2)?, num(&caps, 3)?)?))
    })
}

fn first_month_first(text: &str) -> Option<(usize, Date)> {
    MONTH_FIRST.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        if !digit_bounded(text, m.start(), m.end()) {
            return None;
        }
        let month = month_number(caps.get(1)?.as_str())?;
        let date = Date::new(i32::try_from(num(&caps, 3)?).ok()?, month, num(&caps, 2)?)?;
        Some((m.start(), date))
    })
}

fn first_day_first(text: &str) -> Option<(usize, Date)> {
    DAY_FIRST.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        if !digit_bounded(text, m.start(), m.end()) {
            return None;
        }
        let month = month_number(caps.get(2)?.as_str())?;
        let date = Date::new(i32::try_from(num(&caps, 3)?).ok()?, month, num(&caps, 1)?)?;
        Some((m.start(), date))
    })
}

fn first_numeric(text: &str) -> Option<(usize, Date)> {
    NUMERIC.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        if caps.get(2)?.as_str() != caps.get(4)?.as_str()
            || !digit_bounded(text, m.start(), m.end())
        {
            return None;
        }
        let date = Date::new(
            i32::try_from(num(&caps, 1)?).ok()?,
            num(&caps, 3)?,
            num(&caps, 5)?,
        )?;
        Some((m.start(), date))
    })
}

/// The first `2025. 12. 9.` date of `text`. A year glued to digits or to a dot before it
/// (`1.2025. 1. 2.`, a version or section number) does not count.
fn first_dotted(text: &str) -> Option<(usize, Date)> {
    DOTTED.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        let after_dot = text[..m.start()].ends_with('.');
        if after_dot || !digit_bounded(text, m.start(), m.end()) {
            return None;
        }
        // The spaced form's month and day, else the compact form's.
        let (month, day) = match num(&caps, 2) {
            Some(month) => (month, num(&caps, 3)?),
            None => (num(&caps, 4)?, num(&caps, 5)?),
        };
        let date = Date::new(i32::try_from(num(&caps, 1)?).ok()?, month, day)?;
        Some((m.start(), date))
    })
}

/// The first year-last numeric date that reads one way only, and the first ambiguous one seen.
fn first_year_last(text: &str) -> (Option<(usize, Date)>, Option<DateError>) {
    let mut ambiguous = None;
    let found = YEAR_LAST.captures_iter(text).find_map(|caps| {
        let m = caps.get(0)?;
        if caps.get(2)?.as_str() != caps.get(4)?.as_str()
            || !digit_bounded(text, m.start(), m.end())
        {
            return None;
        }
        let year = i32::try_from(num(&caps, 5)?).ok()?;
        // Dots are written day first (`04.08.2025` is 4 August, in Europe and beyond); only
        // slashes and dashes leave the order open.
        if caps.get(2)?.as_str() == "." {
            return Date::new(year, num(&caps, 3)?, num(&caps, 1)?).map(|d| (m.start(), d));
        }
        match day_month_year(num(&caps, 1)?, num(&caps, 3)?, year) {
            Ok(date) => Some((m.start(), date)),
            Err(err) => {
                if let DateError::Ambiguous { .. } = err {
                    ambiguous.get_or_insert(err);
                }
                None
            }
        }
    });
    (found, ambiguous)
}

/// The date `first/second/year` stands for: day first when `second` is the only possible
/// month (`13/05/2026`), month first when `first` is (`05/13/2026`), and either when both
/// readings are the same day (`05/05/2026`). Two different valid readings are not guessed
/// between: the order differs by country, and a wrong date is worse than none.
fn day_month_year(first: u32, second: u32, year: i32) -> Result<Date, DateError> {
    match (
        Date::new(year, second, first),
        Date::new(year, first, second),
    ) {
        (Some(day_first), Some(month_first)) if day_first != month_first => {
            Err(DateError::Ambiguous {
                day_first,
                month_first,
            })
        }
        (Some(date), _) | (None, Some(date)) => Ok(date),
        (None, None) => Err(DateError::Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    const FORMS: &[(&str, &str)] = &[
        ("国防部2026年8月14日举行例行记者会", "2026-08-14"),
        ("2026 年 8 月 14 日", "2026-08-14"),
        ("２０２６年８月１４日", "2026-08-14"),
        (
            "BEIJING, Aug. 14, 2026 -- The spokesperson said",
            "2026-08-14",
        ),
        ("on August 14, 2026, in Beijing", "2026-08-14"),
        ("Aug 14 2026", "2026-08-14"),
        ("held on 14 August 2026.", "2026-08-14"),
        ("14 Aug. 2026", "2026-08-14"),
        ("Published 2026-08-14 08:00", "2026-08-14"),
        ("2026/08/14", "2026-08-14"),
        ("2026.8.14", "2026-08-14"),
        ("发布时间：２０２６－０５－１８", "2026-05-18"),
        ("Posted 13/05/2026 by the press office", "2026-05-13"),
        ("13.05.2026", "2026-05-13"),
        ("13-05-2026", "2026-05-13"),
        ("2026/05/13", "2026-05-13"),
        ("05/13/2026", "2026-05-13"),
        ("5/5/2026", "2026-05-05"),
        ("１３／０５／２０２６", "2026-05-13"),
        ("中華民國115年5月20日國防部新聞稿", "2026-05-20"),
        ("民国 114 年 12 月 1 日", "2025-12-01"),
        ("2025. 12. 9.", "2025-12-09"),
        ("보도자료 2025. 1. 5.(월) 합동참모본부", "2025-01-05"),
        ("Released 2025.12. 9. by the JCS", "2025-12-09"),
        ("国防部新闻局\n二〇二四年三月五日", "2024-03-05"),
        ("二〇二五年十二月三十一日", "2025-12-31"),
        ("二○二六年十月二十日", "2026-10-20"),
        ("令和6年9月18日統合幕僚監部", "2024-09-18"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"),
    ];

    #[test]
    fn finds_every_supported_form() {
        for (text, want) in FORMS {
            assert_eq!(find_date(text), d(want), "{text}");
        }
    }

    #[test]
    fn takes_the_first_date_and_skips_invalid_ones() {
        assert_eq!(
            find_date("Feb 30, 2026 was a typo; the meeting is on 2026-03-02, not 5 May 2026."),
            d("2026-03-02")
        );
        assert_eq!(
            find_date("2026年2月30日有误，应为2026年3月1日"),
            d("2026-03-01")
        );
        assert_eq!(
            find_date("May 5, 2026 and later 2026-01-01"),
            d("2026-05-05")
        );
    }

    #[test]
    fn a_month_and_year_alone_on_an_opening_line() {
        let paper =
            "The State Council Information Office\nMay 2026\n\nForeword\nOn September 3, 2025 ...";
        assert_eq!(masthead_month_year(paper), Some(2026));
        assert_eq!(
            masthead_month_year("国务院新闻办公室\n2026年5月\n\n前言"),
            Some(2026)
        );
        // In a sentence, or not a month: no.
        assert_eq!(masthead_month_year("In May 2026 the navy sailed."), None);
        assert_eq!(masthead_month_year("Chapter 2026\nText."), None);
        assert_eq!(masthead_month_year("Mayday 2026\nText."), None);
        assert_eq!(masthead_month_year("Report\nSept. 2026\nText."), Some(2026));
    }

    #[test]
    fn dates_in_addresses() {
        for (url, want) in [
            (
                "http://www.news.cn/mil/2026-05/21/c_1.htm",
                Some((2026, 5, 21)),
            ),
            (
                "https://www.globaltimes.cn/page/202605/21/a.shtml",
                Some((2026, 5, 21)),
            ),
            // An article number after the month is no day.
            ("https://www.globaltimes.cn/page/202605/1361234.shtml", None),
            (
                "http://www.81.cn/yw/2026-05/21/content_1.html",
                Some((2026, 5, 21)),
            ),
            (
                "https://www.mfa.gov.cn/web/t20260521_11.shtml",
                Some((2026, 5, 21)),
            ),
            ("https://example.com/2026/05/21/story", Some((2026, 5, 21))),
            (
                "https://example.com/news/20260521/a.html",
                Some((2026, 5, 21)),
            ),
            ("https://example.com/id/2026123199/", None),
            ("https://example.com/2026/13/40/", None),
            ("https://example.com/?d=2026-05-21", None),
        ] {
            let want = want.and_then(|(y, m, d)| Date::new(y, m, d));
            assert_eq!(from_url(url), want, "{url}");
        }
    }

    #[test]
    fn ignores_digits_that_are_part_of_longer_runs() {
        assert_eq!(find_date("call 12026-08-14 now"), None);
        assert_eq!(find_date("tel 2026-08-145"), None);
        assert_eq!(find_date("ref 2026-08/14"), None);
        assert_eq!(find_date("ref 13/05-2026"), None);
        assert_eq!(find_date("room 113/05/2026"), None);
        assert_eq!(find_date("no date here, only 2026 and 14"), None);
        assert_eq!(find_date(""), None);
    }

    #[test]
    fn dotted_dates_need_a_year_and_every_dot() {
        const NOT_DATES: &[&str] = &[
            "See sections 1. 2. 3. of the agreement.",
            "Points 12. 9. and 12. 10. apply.",
            "version 1.2025. 1. 2.",
            "build 12025. 1. 2.",
            "2025. 13. 9.",
            "2025. 2. 30.",
            "2025. 12. 9",
            "2025. 12. 91.",
            "2025.\n12.\n9.",
        ];
        for text in NOT_DATES {
            assert_eq!(find_date(text), None, "{text}");
        }
        assert_eq!(parse_loose(" 2025. 12. 9. ").ok(), d("2025-12-09"));
        assert_eq!(find_date("Date : 2026.01.15 Hits : 1532"), d("2026-01-15"));
        assert_eq!(find_date("v2026.01.155"), None);
        assert_eq!(find_date("發布日期：114年12月29日"), d("2025-12-29"));
        assert_eq!(find_date("建军98年"), None);
        assert_eq!(find_date("發布日期 114-07-09"), d("2025-07-09"));
        assert_eq!(find_date("發布日期：114/07/09 09:30"), d("2025-07-09"));
        assert_eq!(find_date("1114-07-09"), None);
        assert_eq!(
            find_date("2025年05月29日16:41 | 来源：人民网"),
            d("2025-05-29")
        );
        assert_eq!(find_date("No. 114-7-9"), None);
        assert_eq!(parse_loose("1. 2. 3."), Err(DateError::Unreadable));
    }

    #[test]
    fn date_fields_of_digits_in_the_forms_tools_write() {
        // GDELT's stamp, a compact date with its time, unix seconds and milliseconds.
        assert_eq!(parse_loose("20250308120000").ok(), d("2025-03-08"));
        assert_eq!(parse_loose("202503090645").ok(), d("2025-03-09"));
        assert_eq!(parse_loose("20250307").ok(), d("2025-03-07"));
        assert_eq!(parse_loose("1741339500").ok(), d("2025-03-07"));
        assert_eq!(parse_loose("1741339500000").ok(), d("2025-03-07"));
        // A spreadsheet's day number, as a string or a JSON number (with its time of day).
        assert_eq!(parse_loose("45723").ok(), d("2025-03-07"));
        assert_eq!(from_number(45723.375).ok(), d("2025-03-07"));
        // Not a time after the date: not a stamp.
        assert_eq!(parse_loose("20250308996000"), Err(DateError::Unreadable));
        assert_eq!(parse_loose("12345"), Err(DateError::Unreadable));
        assert_eq!(from_number(2025.0), Err(DateError::YearOnly { year: 2025 }));
    }

    #[test]
    fn leading_dates_and_where_they_end() {
        const CASES: &[(&str, Option<(&str, &str)>)] = &[
            (
                "2025-12-29\u{3000}东部战区",
                Some(("2025-12-29", "\u{3000}东部战区")),
            ),
            ("２０２５－１２－２９　演习", Some(("2025-12-29", "　演习"))),
            ("2025年12月29日 演习", Some(("2025-12-29", " 演习"))),
            ("29 Dec 2025 - Drill", Some(("2025-12-29", " - Drill"))),
            ("Dec. 29, 2025: Drill", Some(("2025-12-29", ": Drill"))),
            ("2025. 12. 9. 합참", Some(("2025-12-09", " 합참"))),
            ("2025.12.9. x", Some(("2025-12-09", " x"))),
            ("13/05/2026 x", Some(("2026-05-13", " x"))),
            ("05/06/2026 x", None),
            ("2025-12-291 x", None),
            ("On 2025-12-29", None),
            ("1. 2. 3. x", None),
            ("", None),
        ];
        for (text, want) in CASES {
            let got = leading_date(text).map(|(date, end)| (date, &text[end..]));
            let want = want.map(|(date, rest)| (d(date).unwrap(), rest));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn years_from_paths() {
        const PATHS: &[(&str, Option<i32>)] = &[
            ("mnd/2024/x.txt", Some(2024)),
            ("mnd/2024/2025-01-02-x.txt", Some(2024)),
            ("2024-05-18-briefing.txt", Some(2024)),
            ("seed/mnd-2024-military-diplomacy.txt", Some(2024)),
            ("mfa/briefing_2023_05.md", Some(2023)),
            ("archive/2022-07/x.txt", Some(2022)),
            ("notes/x.txt", None),
            ("0001.txt", None),
            ("mnd/9999/x.txt", None),
            ("release-12024.txt", None),
            ("ph/reuters_manila_20260522.txt", Some(2026)),
            ("scan-20261399.txt", None),
            ("id-12345678.txt", None),
            ("", None),
        ];
        for (path, want) in PATHS {
            assert_eq!(year_from_path(path), *want, "{path}");
        }
    }

    #[test]
    fn loose_fields() {
        const FIELDS: &[(&str, &str)] = &[
            ("2026-05-18", "2026-05-18"),
            ("2026-05-18T08:00:00Z", "2026-05-18"),
            (" May 18, 2026 ", "2026-05-18"),
            ("2026年5月18日", "2026-05-18"),
            ("20260518", "2026-05-18"),
            ("1779062400", "2026-05-18"),
            ("1779062400000", "2026-05-18"),
            // Year last: one reading only.
            ("13/05/2026", "2026-05-13"),
            ("13.05.2026", "2026-05-13"),
            ("13-05-2026", "2026-05-13"),
            ("05/13/2026", "2026-05-13"),
            ("31.12.2025 18:00", "2025-12-31"),
            ("06/06/2026", "2026-06-06"),
        ];
        for (field, want) in FIELDS {
            assert_eq!(parse_loose(field).ok(), d(want), "{field}");
        }
        for field in [
            "",
            "yesterday",
            "12345",
            "99999999999999",
            "31/02/2026",
            "13/13/2026",
        ] {
            assert_eq!(parse_loose(field), Err(DateError::Unreadable), "{field}");
        }
    }

    #[test]
    fn year_last_dates_that_read_both_ways_are_not_guessed() {
        let ambiguous = DateError::Ambiguous {
            day_first: Date::new(2026, 6, 5).unwrap(),
            month_first: Date::new(2026, 5, 6).unwrap(),
        };
        assert_eq!(parse_loose("05/06/2026"), Err(ambiguous));
        // Dots are written day first.
        assert_eq!(
            parse_loose("05.06.2026 09:30"),
            Ok(Date::new(2026, 6, 5).unwrap())
        );
        assert_eq!(
            ambiguous.to_string(),
            "ambiguous: 2026-06-05 if the day comes first, 2026-05-06 if the month does"
        );
        // In running text an ambiguous date is passed over like an impossible one.
        assert_eq!(find_date("05/06/2026"), None);
        assert_eq!(
            find_date("Filed 05/06/2026, about the drill of 2026-06-01."),
            d("2026-06-01")
        );
        // A field with a readable date besides an ambiguous one has a date.
        assert_eq!(parse_loose("05/06/2026 (13/05/2026)").ok(), d("2026-05-13"));
    }

    #[test]
    fn datelines_give_month_and_day() {
        assert_eq!(
            dateline_month_day("新华社北京5月18日电（记者某某）外交部发言人"),
            Some((5, 18))
        );
        assert_eq!(
            dateline_month_day("BEIJING, May 18 (Xinhua) -- China said"),
            Some((5, 18))
        );
        assert_eq!(
            dateline_month_day("The exercise was held as planned."),
            None
        );
        let late = format!("{}5月18日", "很长的文字".repeat(40));
        assert_eq!(dateline_month_day(&late), None, "only the opening counts");
    }

    #[test]
    fn a_stamped_date_beats_one_a_sentence_tells_of() {
        const CASES: &[(&str, &str)] = &[
            // A label, under a lede that tells of an earlier day.
            (
                "2022年8月4日，东部战区曾在台岛周边组织演习。\n发布时间：2025-06-12 10:00 来源：中国军网",
                "2025-06-12",
            ),
            ("On August 4, 2022, the PLA began drills.\nPublished: June 12, 2025", "2025-06-12"),
            // A timestamp line at the foot, with an editor's name.
            (
                "Drills of August 4, 2022 were cited.\nEditor: Chen Zhuo  2025-01-07 18:20",
                "2025-01-07",
            ),
            // A date line of its own in brackets, and a notice's signed date in numerals.
            (
                "2022年8月4日起，有关部队组织演训。\n（国防部网 2025年10月31日）",
                "2025-10-31",
            ),
            ("1927年8月1日，南昌起义打响了第一枪。\n中央军委\n二〇二三年七月三十一日", "2023-07-31"),
            // Published beats Updated, wherever each stands.
            ("Updated: 2025-05-16\nThe text.\nPublished: 2025-05-13", "2025-05-13"),
            ("Wednesday, May 14, 2025\nOn May 1, 2024, the ship sailed.", "2025-05-14"),
            (
                "Source: Xinhua| 2025-05-14 17:03:21|Editor: huaxia\nOn May 1, 2024, it sailed.",
                "2025-05-14",
            ),
        ];
        for (text, want) in CASES {
            assert_eq!(stamped_date(text), d(want), "{text}");
        }
        // Dates in sentences, or on a line with a headline beside them, stamp nothing.
        for text in [
            "2022年8月4日，东部战区曾在台岛周边组织演习。",
            "On August 4, 2022, the PLA began large-scale drills.",
            "- 2024-05-23 Joint Sword-2024A drills begin around the island",
            "The open day will be held on October 1, 2026.",
        ] {
            assert_eq!(stamped_date(text), None, "{text}");
        }
    }

    #[test]
    fn korean_dotted_labelled_and_chronology_dates() {
        assert_eq!(find_date("등록일 2025년 3월 10일(월)"), d("2025-03-10"));
        // Dots are day first; slashes stay open.
        assert_eq!(find_date("Published 04.08.2025"), d("2025-08-04"));
        assert_eq!(find_date("Posted 05/02/2025"), None);
        // A label on a line of its own dates the next line.
        assert_eq!(
            stamped_date("毛宁2023年4月17日曾表示，中方坚决反对。\n日期\n2025年02月14日"),
            d("2025-02-14")
        );
        assert_eq!(
            published_date("栏目\n军事评论\n日期\n2025年02月14日"),
            d("2025-02-14")
        );
        // A page header's today is not the text's day.
        assert_eq!(stamped_date("今天是2026年5月1日 星期五"), None);
        // A byline with its outlet, editor and time.
        assert_eq!(
            stamped_date("Source: China Military Online | Editor: Chen Zhuo | 2025-05-14 17:03:21"),
            d("2025-05-14")
        );
        assert_eq!(
            stamped_date("Press Release, Ministry of Defense, December 7, 2025"),
            d("2025-12-07")
        );
        // The opening's first date, unless its lines are a chronology.
        assert_eq!(
            opening_date("Hua Chunying took questions on 9 April 2015.\nQ: …"),
            d("2015-04-09")
        );
        assert_eq!(
            opening_date("2012年9月25日 辽宁舰交付海军。\n2019年12月17日 山东舰交付海军。\n2022年6月17日 福建舰下水命名。"),
            None
        );
    }
}
