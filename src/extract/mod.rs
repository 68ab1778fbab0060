//! Metadata a file does not state: language, date and year, speakers and themes.
//!
//! Parsers in [`crate::ingest`] report only what a file says ([`Parsed`]); the [`Extractor`]
//! fills in the rest and builds the [`Document`]. Explicit values always win over inferred
//! ones, and nothing is guessed: a date or year that the text and path do not give stays
//! `None`. The roster and the theme data come from [`crate::reference`], parsed once per
//! process; the theme matcher is compiled once too.

pub mod date;
pub(crate) mod english_names;
pub mod keywords;
pub mod lang;
pub mod source;
pub mod speakers;
pub mod themes;
pub mod turns;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::analysis::chinese;
use crate::document::{Date, Document, Kind, Parsed};
use crate::reference::{self, Roster};

/// The built-in extractor, shared by every [`Extractor::new`] (clones are cheap: compiled
/// regexes are reference counted).
static DEFAULT: LazyLock<Extractor> = LazyLock::new(|| Extractor {
    roster: reference::roster(),
    lexicon: themes::Lexicon::builtin(),
});

/// Built-in data loaded once per process: the spokesperson roster and the theme lexicon.
#[derive(Clone, Debug)]
pub struct Extractor {
    roster: &'static Roster,
    lexicon: themes::Lexicon,
}

impl Extractor {
    /// Built-in roster and theme lexicon.
    pub fn new() -> Extractor {
        DEFAULT.clone()
    }

    /// Replaces or adds theme keyword lists (from a corpus's `milpress.toml` `[themes]` table:
    /// slug -> keywords). A slug already built in gets its keywords replaced.
    pub fn with_theme_overrides(mut self, overrides: &BTreeMap<String, Vec<String>>) -> Extractor {
        self.lexicon = self.lexicon.with_overrides(overrides);
        self
    }

    /// The spokesperson roster.
    pub fn roster(&self) -> &Roster {
        self.roster
    }

    /// The theme lexicon.
    pub fn lexicon(&self) -> &themes::Lexicon {
        &self.lexicon
    }

    /// Fills in what `parsed` does not state, and builds the Document. `path` is relative to the
    /// corpus root with `/` separators. The caller sets `parent` for headlines afterwards.
    /// Ignores parsed.headlines.
    pub fn enrich(&self, parsed: Parsed, id: String, path: &str) -> Document {
        let Parsed {
            kind,
            local_id: _,
            record,
            title,
            body,
            translation,
            lang,
            date,
            year: field_year,
            speakers,
            themes,
            tags,
            source,
            url,
            via,
            page_url,
            headlines: _,
        } = parsed;
        let title = title.trim().to_string();
        let body = body.trim().to_string();
        let translation = translation.map(|mut t| {
            t.title = t.title.trim().to_string();
            t.body = t.body.trim().to_string();
            // A translation whose file did not say its language is read for it, so that the
            // document is found under both languages.
            if t.lang.is_none() && !(t.title.is_empty() && t.body.is_empty()) {
                t.lang = Some(lang::detect(&format!("{}\n{}", t.title, t.body)));
            }
            t
        });
        let trim_opt =
            |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());

        // A language the file states is taken, unless the text is plainly in the other one (a
        // feed whose channel says `en` carrying a Chinese item).
        let lang = lang::stated_or_detected(lang, &format!("{title}\n{body}"));
        let path_year = date::year_from_path(path);
        // A full date in the title or the opening of the body; else a dateline's month and day
        // with the year of the path (`新华社北京5月18日电` in `.../2026/...`); else the first full
        // date anywhere in the body.
        let dateline = || {
            let year = path_year?;
            let (month, day) = date::dateline_month_day(&body)?;
            Date::new(year, month, day)
        };
        // An agency's dateline is the report's day, before any date its opening tells of: its
        // year is the path's, else the one that puts it nearest the first full date the text
        // gives (`SANYA, Nov. 7 (Xinhua) -- … on Wednesday, Nov. 5, 2025` is 7 November 2025; a
        // dateline of 2 January over a 30 December is the next year's).
        let agency = || {
            let (month, day) = source::dateline_day(&body)?;
            if let Some(year) = path_year {
                return Date::new(year, month, day);
            }
            let told = date::find_date(&body)?;
            (told.year() - 1..=told.year() + 1)
                .filter_map(|year| Date::new(year, month, day))
                .min_by_key(|d| (d.days_since_epoch() - told.days_since_epoch()).abs())
        };
        // A report that opens with its month and year (`May 2026`) has that year, not the date
        // of an event its text recounts.
        // A full date in the file's name or folders (`mfa-2025-12-30.txt`) is the day the file
        // is of, before a month and day its opening mentions.
        let path_date = || date::from_url(path);
        let opening = || {
            agency()
                .or_else(|| date::opening_date(&body))
                .or_else(path_date)
                .or_else(dateline)
        };
        // A date the text stamps itself with (a publication label, a date line of its own)
        // wherever it stands, before any date a sentence of it tells of.
        let stamped = || date::stamped_date(&body);
        let (date, stated_year) = match date.or_else(|| date::find_date(&title)) {
            Some(date) => (Some(date), None),
            None => match date::masthead_month_year(&body) {
                // A full date of the same year in the opening (or stamped) is the paper's own day.
                Some(year) => match stamped()
                    .filter(|d| d.year() == year)
                    .or_else(|| opening().filter(|d| d.year() == year))
                {
                    Some(date) => (Some(date), None),
                    None => (None, Some(year)),
                },
                // Not a date further on in the text: that is an event it tells of, and a
                // document with no date is better than one dated years off.
                None => (stamped().or_else(opening), None),
            },
        };
        // A year the file's date field gives without a day (`date: 2025`) is the document's: a
        // date the text gives counts only when it falls in that year.
        let (date, stated_year) = match field_year {
            Some(y) if date.is_none_or(|d| d.year() != y) => (None, Some(y)),
            _ => (date, stated_year),
        };
        let year = date.map(|d| d.year()).or(stated_year).or(path_year);

        // Patterns, the roster and the theme lexicon are written in simplified characters: the
        // body is read as simplified (發言人蔣斌 as 发言人蒋斌, one character for one), once.
        let simplified_body = std::cell::OnceCell::new();
        let simplified_body = || &**simplified_body.get_or_init(|| chinese::simplified(&body));
        let speakers = if speakers.iter().any(|s| !s.trim().is_empty()) {
            dedup(
                speakers
                    .iter()
                    .filter(|s| !s.trim().is_empty() && !is_role(s))
                    // `Lloyd J. Austin III` is `Lloyd Austin`, as the text's speakers are named.
                    .map(|s| self.roster.canonical(&speakers::plain_name(s.trim()))),
            )
        } else {
            let mut found = speakers::find_speakers(self.roster, &title, simplified_body());
            if let Some(t) = &translation {
                found.extend(speakers::find_speakers(self.roster, &t.title, &t.body));
            }
            dedup(found)
        };

        let tags = dedup(
            tags.iter()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty()),
        );
        // Themes the file states; else those its editor's tags name; inference only when
        // neither gives any.
        let tag_themes = self.lexicon.themes_of_tags(&tags);
        let mut themes: Vec<String> = if themes.iter().any(|s| !s.trim().is_empty()) {
            themes
                .iter()
                .map(|t| self.lexicon.canonical_slug(t))
                .filter(|t| !t.is_empty())
                .collect()
        } else if !tag_themes.is_empty() {
            tag_themes
        } else {
            self.lexicon.classify(
                &chinese::simplified(&title),
                simplified_body(),
                translation.as_ref(),
            )
        };
        themes.sort();
        themes.dedup();

        let mut langs = vec![lang];
        if let Some(other) = translation.as_ref().and_then(|t| t.lang) {
            if !langs.contains(&other) {
                langs.push(other);
            }
        }
        // One name per publisher, whichever way the file writes it (`解放军报`, `PLA Daily`).
        let outlets = reference::outlets::outlets();
        let source = trim_opt(source)
            .or_else(|| source::stated(&title, &body, self.roster))
            .map(|s| outlets.canonical(&s));
        let via = trim_opt(via)
            .map(|s| outlets.canonical(&s))
            .filter(|v| Some(v) != source.as_ref());
        let url = trim_opt(url);
        let page_url = trim_opt(page_url).filter(|p| Some(p) != url.as_ref());

        Document {
            id,
            kind: kind.unwrap_or(Kind::Release),
            title,
            body,
            translation,
            lang,
            langs,
            date,
            year,
            speakers,
            themes,
            tags,
            source,
            url,
            via,
            page_url,
            path: path.to_string(),
            record,
            parent: None,
            question: String::new(),
            position: None,
        }
    }
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

/// Keeps the first occurrence of each item, in order.
fn dedup(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A speaker field that names a role, not a person (`记者`, `Reporter`, `Moderator`, `问`): the
/// asker or the chair of a transcript's turn, never a speaker.
fn is_role(value: &str) -> bool {
    use crate::reference::speaker_words::SPEAKER_WORDS;
    let lower = value.trim().to_lowercase();
    let labels = &SPEAKER_WORDS.labels;
    labels.questions.contains(&lower) || labels.asides.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Date, Lang, Translation};

    const BRIEFING: &str =
        "国防部2026年5月14日例行记者会\n记者：请问中方如何看待有关国家在南海的挑衅？ \
        蒋斌：中方坚决维护南海领土主权和海洋权益。南海问题不容外部势力干涉。";

    #[test]
    fn infers_what_the_file_does_not_state() {
        let parsed = Parsed {
            title: "  国防部例行记者会  ".to_string(),
            body: BRIEFING.to_string(),
            ..Parsed::default()
        };
        let doc = Extractor::new().enrich(parsed, "mnd/x.txt".to_string(), "mnd/2025/x.txt");
        assert_eq!(doc.title, "国防部例行记者会");
        assert_eq!(doc.kind, Kind::Release);
        assert_eq!(doc.lang, Lang::Zh);
        assert_eq!(doc.date, Date::new(2026, 5, 14));
        assert_eq!(doc.year, Some(2026));
        assert_eq!(doc.speakers, ["Jiang Bin"]);
        assert!(
            doc.themes.contains(&"south_china_sea".to_string()),
            "{:?}",
            doc.themes
        );
        assert_eq!(doc.path, "mnd/2025/x.txt");
        assert_eq!(doc.parent, None);
        // The title announces the ministry's briefing; a wire story names its agency.
        assert_eq!(doc.source.as_deref(), Some("Ministry of National Defense"));
        let wire = Parsed {
            title: "Navies begin drill".to_string(),
            body: "BEIJING, May 20 (Xinhua) -- The navies began a drill.".to_string(),
            ..Parsed::default()
        };
        let doc = Extractor::new().enrich(wire, "w.txt".to_string(), "xinhua/2026/w.txt");
        assert_eq!(doc.source.as_deref(), Some("Xinhua"));
        assert_eq!(doc.date, Date::new(2026, 5, 20));

        // A paper that gives its month and year has that year, not the date of an event.
        let paper = Parsed {
            title: "White paper".to_string(),
            body: "The Information Office\nMay 2026\n\nForeword\n\nThe parade on September 3, 2025 showed new weapons.".to_string(),
            ..Parsed::default()
        };
        let doc = Extractor::new().enrich(paper, "p.txt".to_string(), "p.txt");
        assert_eq!((doc.date, doc.year), (None, Some(2026)));
    }

    #[test]
    fn explicit_values_win_and_are_normalised() {
        let parsed = Parsed {
            kind: Some(Kind::Headline),
            title: "Headline".to_string(),
            lang: Some(Lang::Mixed),
            date: Date::new(2024, 1, 2),
            speakers: vec![
                "Senior Colonel Wu Qian".to_string(),
                "吴谦".to_string(),
                " Someone Else ".to_string(),
                "Lloyd J. Austin III".to_string(),
                "记者".to_string(),
                "Moderator".to_string(),
            ],
            themes: vec![
                "South China Sea".to_string(),
                "taiwan".to_string(),
                "Taiwan".to_string(),
            ],
            source: Some("  MND  ".to_string()),
            url: Some("   ".to_string()),
            record: Some(3),
            ..Parsed::default()
        };
        let doc = Extractor::new().enrich(parsed, "a.jsonl#3".to_string(), "a.jsonl");
        assert_eq!(doc.kind, Kind::Headline);
        assert_eq!(doc.lang, Lang::Mixed);
        assert_eq!(doc.year, Some(2024));
        assert_eq!(doc.speakers, ["Wu Qian", "Someone Else", "Lloyd Austin"]);
        assert_eq!(doc.themes, ["south_china_sea", "taiwan"]);
        assert_eq!(doc.source.as_deref(), Some("Ministry of National Defense"));
        assert_eq!(doc.url, None);
        assert_eq!(doc.record, Some(3));
    }

    #[test]
    fn never_guesses_a_date() {
        let parsed = Parsed {
            title: "The MND Summarizes China's Military Diplomacy".to_string(),
            body: "Question: What happened this year?\nWu Qian: A lot happened.".to_string(),
            translation: Some(Translation {
                lang: Some(Lang::Zh),
                title: " 标题 ".to_string(),
                body: "吴谦表示，成果丰硕。".to_string(),
            }),
            ..Parsed::default()
        };
        let extractor = Extractor::new();
        let doc = extractor.enrich(parsed.clone(), "x".to_string(), "seed/notes.txt");
        assert_eq!(doc.date, None);
        assert_eq!(doc.year, None);
        assert_eq!(doc.lang, Lang::En);
        assert_eq!(doc.speakers, ["Wu Qian"]);
        assert_eq!(doc.translation.map(|t| t.title), Some("标题".to_string()));
        let doc = extractor.enrich(
            parsed,
            "x".to_string(),
            "seed/mnd-2024-military-diplomacy.txt",
        );
        assert_eq!(doc.year, Some(2024));
    }

    #[test]
    fn a_year_the_date_field_gives_is_kept_and_bounds_the_text_date() {
        let parsed = |body: &str| Parsed {
            title: "Annual review".to_string(),
            body: body.to_string(),
            year: Some(2025),
            ..Parsed::default()
        };
        let extractor = Extractor::new();
        // A date of that year in the text is the document's day.
        let doc = extractor.enrich(
            parsed("May 14, 2025 -- The ministry said."),
            "a".into(),
            "a.md",
        );
        assert_eq!((doc.date, doc.year), (Date::new(2025, 5, 14), Some(2025)));
        // One of another year is an event the text recounts: the year stays, with no day.
        let doc = extractor.enrich(
            parsed("On May 14, 2024, it began."),
            "a".into(),
            "2023/a.md",
        );
        assert_eq!((doc.date, doc.year), (None, Some(2025)));
    }

    #[test]
    fn theme_overrides_reach_the_lexicon() {
        let mut overrides = BTreeMap::new();
        overrides.insert("space".to_string(), vec!["satellite".to_string()]);
        let extractor = Extractor::new().with_theme_overrides(&overrides);
        assert!(extractor.lexicon().is_known("space"));
        assert!(extractor.roster().lookup("蒋斌").is_some());
        let parsed = Parsed {
            title: "Satellite launched".to_string(),
            ..Parsed::default()
        };
        let doc = extractor.enrich(parsed, "x".to_string(), "x.txt");
        assert_eq!(doc.themes, ["space"]);
    }
}
