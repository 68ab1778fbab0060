//! The document model: what one press release, briefing transcript or headline is.
//!
//! Parsers in `ingest` turn a file into [`Parsed`] values (only what the file itself
//! says), `extract` fills in what can be inferred (language, date, speakers, themes) and
//! produces a [`Document`], and `index` writes documents into tantivy. Nothing else
//! travels between ingest and the index.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of text a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A press release, article or briefing transcript.
    Release,
    /// A single headline, from a headline list or a release's related-headlines block.
    Headline,
    /// One answer of a briefing transcript, with the question it answers.
    Answer,
}

impl Kind {
    /// Every kind, in the order help lists them.
    pub const ALL: &'static [Kind] = &[Kind::Release, Kind::Headline, Kind::Answer];

    /// The names of every kind, comma-separated, for messages.
    pub fn names() -> String {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        names.join(", ")
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Release => "release",
            Kind::Headline => "headline",
            Kind::Answer => "answer",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "release" | "releases" | "article" => Some(Kind::Release),
            "headline" | "headlines" => Some(Kind::Headline),
            "answer" | "answers" | "statement" | "statements" => Some(Kind::Answer),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
    /// Substantial amounts of both scripts.
    Mixed,
    /// Neither English nor Chinese: mostly another script (Japanese kana, Korean Hangul,
    /// Cyrillic, Arabic ...), which milpress reads but does not analyse as a language.
    Other,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Mixed => "mixed",
            Lang::Other => "other",
        }
    }

    /// Accepts `en`, `zh`, `mixed`, `other` and common spellings (`english`, `zh-CN`, `chinese`, ...).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "en" | "eng" | "english" => Some(Lang::En),
            "zh" | "cn" | "chinese" | "zho" | "chi" => Some(Lang::Zh),
            "mixed" | "bilingual" => Some(Lang::Mixed),
            "other" => Some(Lang::Other),
            _ if s.starts_with("en-") || s.starts_with("en_") => Some(Lang::En),
            _ if s.starts_with("zh-") || s.starts_with("zh_") => Some(Lang::Zh),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date (proleptic Gregorian), always valid once constructed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Returns `None` unless the year is in 1900..=2100 and the day exists in that month.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day > days_in_month {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses `YYYY-MM-DD`, also accepting a time or zone after it (`2026-05-18T08:00:00Z`,
    /// `2026-05-18 08:00`) and `/` or `.` as separators.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let head: String = s
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != 'T')
            .collect();
        let mut parts = head.split(['-', '/', '.']);
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as u32, day as u32)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

/// A second version of a document's text in another language (e.g. an English machine
/// translation of a PLA Daily article). It is indexed with the document, so the document is
/// found in both languages and listed once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    pub lang: Option<Lang>,
    pub title: String,
    pub body: String,
}

/// What one parser read from a file: one document, as the file states it. Fields the file
/// does not give are left empty for `extract` to infer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Headline or release; `None` means release.
    pub kind: Option<Kind>,
    /// The record's own id inside its file (a JSON `id` field), used to build a stable id.
    pub local_id: Option<String>,
    /// 1-based line (JSONL, CSV) or element (JSON array) number in a multi-record file.
    pub record: Option<u64>,
    pub title: String,
    pub body: String,
    pub translation: Option<Translation>,
    pub lang: Option<Lang>,
    pub date: Option<Date>,
    /// The year a date field gives without a day (`date: 2025`, `"2025-05"`): the document's
    /// year when no date of that year is found.
    pub year: Option<i32>,
    /// Speakers the file names explicitly (front matter, a JSON field).
    pub speakers: Vec<String>,
    /// Themes the file names explicitly (front matter or JSON `themes`).
    pub themes: Vec<String>,
    /// The editor's tags: `<meta name=keywords>`, `article:tag`, a page's tag list, JSON or
    /// front-matter `tags`/`categories`/`keywords`.
    pub tags: Vec<String>,
    /// The publisher the file names (`来源：解放军报`, `Source: PLA Daily`).
    pub source: Option<String>,
    /// The original article's address.
    pub url: Option<String>,
    /// The site the page was saved from, when that is not its publisher (an aggregator).
    pub via: Option<String>,
    /// The saved page's own address (`<!-- saved from url=... -->`, `og:url`, canonical link).
    pub page_url: Option<String>,
    /// Related headlines listed on the page: each becomes its own `headline` document.
    pub headlines: Vec<String>,
}

/// One indexed document: the single model shared by ingest, the index and search output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the path relative to the corpus root, plus `#record` for records inside a
    /// multi-record file, `/hN` for the N-th related headline of a release and `/aN` for the
    /// N-th answer of a briefing.
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<Translation>,
    /// The language of the original text.
    pub lang: Lang,
    /// Every language the document can be read in: `lang` first, then its translation's, so
    /// a bilingual page is found by `--lang zh` and by `--lang en`.
    #[serde(default)]
    pub langs: Vec<Lang>,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub speakers: Vec<String>,
    pub themes: Vec<String>,
    /// The editor's own tags, as written (themes are derived from those that name one).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The publisher, canonicalised through `data/outlets.toml` (`解放军报` → `PLA Daily`).
    pub source: Option<String>,
    /// The original article's address.
    pub url: Option<String>,
    /// The site the page was saved from, when it republished the article (an aggregator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The saved page's own address, when it differs from `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// Path of the file, relative to the corpus root, with `/` separators.
    pub path: String,
    pub record: Option<u64>,
    /// For a related headline or an answer: the id of the release or briefing it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For an answer: the question it answers, as asked (empty for an opening statement). The
    /// translated question, where there is one, is the translation's title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// For an answer: its 1-based place among the briefing's answers (the N of `/aN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// FNV-1a, 64 bits: a stable hash for fingerprints kept on disk (std's hasher may change
/// between Rust releases).
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }

    /// The hash of `bytes`.
    pub fn hash(bytes: &[u8]) -> u64 {
        let mut h = Fnv1a::default();
        h.write(bytes);
        h.finish()
    }
}

impl Document {
    /// The day a date sort puts the document at: its date, else the first day of its year
    /// (a document dated only by its year sorts with that year); `None` sorts last.
    pub fn sort_day(&self) -> Option<Date> {
        self.date
            .or_else(|| self.year.and_then(|y| Date::new(y, 1, 1)))
    }

    /// A hash of what a reader sees, to find the same release saved twice: title and body,
    /// letters and digits only, lowercased.
    pub fn fingerprint(&self) -> String {
        let mut hash = Fnv1a::default();
        for (i, part) in [&self.title, &self.body].into_iter().enumerate() {
            if i > 0 {
                // Not UTF-8: cannot occur in text, so it only marks where the title ends.
                hash.write(&[0xFF]);
            }
            for c in part.chars() {
                let mut buf = [0; 4];
                // ASCII and the common CJK block first: most of any text, and their answers
                // (letters lowercased, Han characters kept as they are) need no Unicode tables.
                if c.is_ascii() {
                    if c.is_ascii_alphanumeric() {
                        hash.write(&[c.to_ascii_lowercase() as u8]);
                    }
                } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                    hash.write(c.encode_utf8(&mut buf).as_bytes());
                } else if c.is_alphanumeric() {
                    for lower in c.to_lowercase() {
                        hash.write(lower.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
        }
        format!("{:016x}", hash.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_validate_and_round_trip() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
        let d = Date::parse_iso("2026-05-18T08:00:00Z").unwrap();
        assert_eq!(d.to_string(), "2026-05-18");
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        for days in [-25_000, -1, 0, 1, 19_000, 20_591, 40_000] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
    }

    fn doc(title: &str, body: &str) -> Document {
        crate::testing::doc("x", title, body)
    }

    #[test]
    fn fingerprints_ignore_case_spacing_and_punctuation() {
        let a = doc("Peace Ark", "The ship  sailed,\r\nagain.").fingerprint();
        let b = doc("peace ark", "The ship sailed again").fingerprint();
        assert_eq!(a, b);
        assert_ne!(a, doc("Peace Ark", "The ship sailed.").fingerprint());
        assert_ne!(
            doc("A", "BC").fingerprint(),
            doc("AB", "C").fingerprint(),
            "the title/body boundary counts"
        );
    }

    #[test]
    fn fingerprints_keep_their_definition_on_every_script() {
        // The definition: the alphanumeric characters, lowercased, title then a 0xFF then body.
        fn reference(title: &str, body: &str) -> String {
            let mut hash = Fnv1a::default();
            for (i, part) in [title, body].into_iter().enumerate() {
                if i > 0 {
                    hash.write(&[0xFF]);
                }
                for c in part.chars().filter(|c| c.is_alphanumeric()) {
                    for lower in c.to_lowercase() {
                        hash.write(lower.to_string().as_bytes());
                    }
                }
            }
            format!("{:016x}", hash.finish())
        }
        let texts = [
            (
                "国防部新闻发言人蒋斌",
                "Ａｂｃ１２３ 發言人 İstanbul ΣΑΣ Ελλάδα café 〇㐀𠀀 ǅ ﬁ ⅷ ²",
            ),
            (
                "U.S.–China talks",
                "Kunduz, 2015: the Taliban's offensive. Ünal; ÆØÅ; Straße",
            ),
            ("", ""),
        ];
        for (title, body) in texts {
            assert_eq!(
                doc(title, body).fingerprint(),
                reference(title, body),
                "{title}"
            );
        }
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(Fnv1a::hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv1a::hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv1a::hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn lang_accepts_common_spellings() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("English"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
