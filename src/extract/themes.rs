//! Themes: the analyst labels of a release, from a keyword lexicon in both languages.
//!
//! The [`Lexicon`] (from `data/themes.toml`, read by [`crate::reference::themes`], optionally
//! overridden per corpus) holds for each
//! theme slug its aliases and its keywords, `strong` ones (specific to the theme) and plain
//! ones (typical but shared). [`Lexicon::classify`] scores a document by keyword hits (title
//! hits count triple) and assigns every theme whose score passes a threshold that grows
//! gently, logarithmically, with the length of the text: a headline needs one clear hit, a
//! long article needs the theme to recur. English keywords match case-insensitively on ASCII
//! word boundaries (so `PLA` is not found in `plan`, but is in `PLA士兵`); Chinese ones match as
//! substrings, since Chinese has no word boundaries to lean on.

use std::collections::{BTreeMap, HashMap};

use std::sync::OnceLock;

use super::keywords::{self, Keywords, Kind};
use super::lang::is_han;
use crate::document::Translation;
use crate::reference::themes::{self as theme_data, ThemeEntry};

/// Weight of a `strong` keyword hit; plain keywords weigh 1.
pub const STRONG_WEIGHT: f64 = 3.0;

/// Title hits count this many times a body hit: a headline states what a release is about.
pub const TITLE_WEIGHT: f64 = 3.0;

/// A body of at most this many units (Han characters plus English words) is a short one, where
/// a strong keyword weighs [`SHORT_BODY_STRONG`] times more.
const SHORT_BODY: usize = 40;
const SHORT_BODY_STRONG: f64 = 2.0;

/// A keyword found more often than this in one text counts only this often, so that one
/// recurring word cannot carry a theme alone.
const MAX_REPEATS: usize = 3;

/// How the score threshold depends on the length of a text.
///
/// A theme is assigned when `score >= base * (1 + ln(1 + units / unit_norm))`, where `units`
/// is the number of Han characters plus English words in the body and translation body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Threshold for a text with no body (a headline).
    pub base: f64,
    /// Length, in units, at which the threshold has grown by `ln 2` of `base`.
    pub unit_norm: f64,
}

impl Default for Calibration {
    fn default() -> Calibration {
        Calibration {
            base: 8.0,
            unit_norm: 200.0,
        }
    }
}

/// One theme: its slug and keywords.
#[derive(Clone, Debug)]
struct Theme {
    slug: String,
    strong: Vec<String>,
    plain: Vec<String>,
    /// Multiplies the length threshold: below 1 for themes whose keywords are proper names
    /// (places, forces), which are rarely used in passing.
    threshold: f64,
    /// One of these must occur for the theme to be assigned at all.
    needs: Vec<String>,
    /// A keyword inside one of these does not count (see [`ThemeEntry::except`]).
    except: Vec<String>,
}

/// Every theme's keywords in one automaton, and which theme and weight each group scores for.
#[derive(Clone, Debug)]
struct Matcher {
    keywords: Keywords,
    /// Per group: the theme's index and what its keywords do.
    owners: Vec<(usize, Role)>,
    /// How many themes there are.
    themes: usize,
}

/// What a group of a theme's keywords does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// A `strong` keyword: each hit adds [`STRONG_WEIGHT`] to the theme's score.
    Strong,
    /// A plain keyword: each hit adds 1.
    Plain,
    /// One of the theme's `needs`: it scores nothing, and lets the theme be assigned.
    Needed,
    /// One of the theme's `except` terms: the theme's hits inside it do not count.
    Masks,
}

/// Theme slugs with their aliases and keyword matchers.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Sorted by slug.
    themes: Vec<Theme>,
    /// Normalised alias to slug.
    aliases: HashMap<String, String>,
    calibration: Calibration,
    /// Compiled on first use: a searcher that only canonicalises slugs never pays for it.
    matcher: OnceLock<Matcher>,
}

impl Lexicon {
    /// The lexicon shipped in `data/themes.toml`.
    pub fn builtin() -> Lexicon {
        Lexicon::from_entries(theme_data::themes())
    }

    /// Parses a lexicon in the format of `data/themes.toml` (one table per slug with
    /// `aliases`, `strong` and `keywords` lists).
    pub fn from_toml(text: &str) -> Result<Lexicon, toml::de::Error> {
        Ok(Lexicon::from_entries(&theme_data::parse(text)?))
    }

    /// Builds a lexicon from theme data; slugs are normalised, and a slug given twice keeps
    /// its first entry.
    pub fn from_entries(entries: &[ThemeEntry]) -> Lexicon {
        let mut themes = Vec::new();
        let mut aliases = HashMap::new();
        for entry in entries {
            let slug = normalise_label(&entry.slug);
            // Display names are labels too: an editor's tag `South China Sea` or `南海`.
            let names = entry
                .name
                .iter()
                .chain(&entry.name_zh)
                .chain(&entry.aliases);
            for alias in names {
                aliases.insert(normalise_label(alias), slug.clone());
            }
            themes.push(Theme {
                strong: entry.strong.clone(),
                plain: entry.keywords.clone(),
                slug,
                threshold: if entry.threshold > 0.0 {
                    entry.threshold
                } else {
                    1.0
                },
                needs: entry.needs.clone(),
                except: entry.except.clone(),
            });
        }
        themes.sort_by(|a, b| a.slug.cmp(&b.slug));
        themes.dedup_by(|a, b| a.slug == b.slug);
        Lexicon {
            themes,
            aliases,
            calibration: Calibration::default(),
            matcher: OnceLock::new(),
        }
    }

    /// Replaces the keywords of the themes named in `overrides` (slug, or an alias of one, to
    /// keywords) and adds the themes not known yet. Override keywords count as strong: a
    /// corpus owner who lists them means them.
    pub fn with_overrides(mut self, overrides: &BTreeMap<String, Vec<String>>) -> Lexicon {
        for (label, keywords) in overrides {
            let slug = self.canonical_slug(label);
            if slug.is_empty() {
                continue;
            }
            match self.themes.iter_mut().find(|t| t.slug == slug) {
                Some(theme) => {
                    theme.strong.clone_from(keywords);
                    theme.plain.clear();
                    theme.needs.clear();
                }
                None => self.themes.push(Theme {
                    slug,
                    strong: keywords.clone(),
                    plain: Vec::new(),
                    threshold: 1.0,
                    needs: Vec::new(),
                    except: Vec::new(),
                }),
            }
        }
        self.themes.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.matcher = OnceLock::new();
        self
    }

    /// Uses another length calibration (for tuning and tests).
    pub fn with_calibration(mut self, calibration: Calibration) -> Lexicon {
        self.calibration = calibration;
        self
    }

    /// The calibration in use.
    pub fn calibration(&self) -> Calibration {
        self.calibration
    }

    /// All theme slugs, sorted.
    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.slug.as_str())
    }

    /// Whether `slug` is a theme of this lexicon (exact slug, not an alias).
    pub fn is_known(&self, slug: &str) -> bool {
        self.themes.iter().any(|t| t.slug == slug)
    }

    /// The slug for a label as people write it: lowercased, spaces and hyphens turned into
    /// `_`, and known aliases mapped (`South China Sea` → `south_china_sea`, `PAP` →
    /// `internal_security`). An unknown label comes back normalised.
    pub fn canonical_slug(&self, label: &str) -> String {
        let normal = normalise_label(label);
        if self.is_known(&normal) {
            return normal;
        }
        match self.aliases.get(&normal) {
            Some(slug) => slug.clone(),
            None => normal,
        }
    }

    /// The themes an editor's tags name (`South China Sea`, `南海`, `Exercises`), sorted;
    /// tags that name no theme of the lexicon are left out.
    pub fn themes_of_tags(&self, tags: &[String]) -> Vec<String> {
        let mut out: Vec<String> = tags
            .iter()
            .map(|t| self.canonical_slug(t))
            .filter(|slug| self.is_known(slug))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The themes of a document, sorted.
    pub fn classify(
        &self,
        title: &str,
        body: &str,
        translation: Option<&Translation>,
    ) -> Vec<String> {
        self.scores(title, body, translation)
            .into_iter()
            .filter(|(_, score)| *score >= 1.0)
            .map(|(slug, _)| slug)
            .collect()
    }

    /// Every theme's score relative to its threshold (1.0 and above is assigned), in slug order.
    pub fn scores(
        &self,
        title: &str,
        body: &str,
        translation: Option<&Translation>,
    ) -> Vec<(String, f64)> {
        let mut titles = vec![title];
        let mut bodies = vec![body];
        if let Some(t) = translation {
            titles.push(&t.title);
            bodies.push(&t.body);
        }
        let units: usize = bodies.iter().map(|b| text_units(b)).sum();
        let cal = self.calibration;
        let threshold = cal.base * (1.0 + (1.0 + units as f64 / cal.unit_norm.max(1.0)).ln());
        let matcher = self.matcher.get_or_init(|| compile(&self.themes));
        let mut totals = vec![0.0; self.themes.len()];
        let mut met = vec![false; self.themes.len()];
        // A strong keyword in a body of a sentence or two (a feed item's summary) says more of
        // what the item is about than one in a long text: a place's name is enough there, a
        // theme of general words (a spokesperson, a visit) still needs two.
        let strong_in_body = if units <= SHORT_BODY {
            SHORT_BODY_STRONG
        } else {
            1.0
        };
        for (texts, weight, strong) in [(titles, TITLE_WEIGHT, 1.0), (bodies, 1.0, strong_in_body)]
        {
            for text in texts {
                let (scores, needs) = scores(matcher, text, strong);
                for (total, score) in totals.iter_mut().zip(scores) {
                    *total += weight * score;
                }
                for (met, need) in met.iter_mut().zip(needs) {
                    *met |= need;
                }
            }
        }
        self.themes
            .iter()
            .zip(totals)
            .zip(met)
            .map(|((theme, total), met)| {
                let total = if theme.needs.is_empty() || met {
                    total
                } else {
                    0.0
                };
                (theme.slug.clone(), total / (threshold * theme.threshold))
            })
            .collect()
    }
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon::builtin()
    }
}

/// Lowercase, `_` for spaces, hyphens and slashes, no dots or apostrophes, no doubled `_`.
fn normalise_label(label: &str) -> String {
    let mut out = String::new();
    for c in label.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || matches!(c, '-' | '_' | '/' | '–' | '—') {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Han characters plus English words: the length measure the threshold grows with.
fn text_units(text: &str) -> usize {
    let han = text.chars().filter(|c| is_han(*c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .count();
    han + words
}

/// Per theme, the sum of keyword weights over the hits in `text` (strong ones times `strong`),
/// each distinct keyword counted at most [`MAX_REPEATS`] times; and whether one of the theme's
/// `needs` occurs.
fn scores(matcher: &Matcher, text: &str, strong: f64) -> (Vec<f64>, Vec<bool>) {
    let mut scores = vec![0.0; matcher.themes];
    let mut met = vec![false; matcher.themes];
    let hits = matcher.keywords.find(text);
    // Per theme, the spans of its `except` terms.
    let mut masked: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for hit in &hits {
        if let (theme, Role::Masks) = matcher.owners[hit.group] {
            masked.entry(theme).or_default().push((hit.start, hit.end));
        }
    }
    let mut counts: HashMap<(usize, usize), usize> = HashMap::new();
    for hit in &hits {
        let theme = matcher.owners[hit.group].0;
        let inside = masked.get(&theme).is_some_and(|spans| {
            spans
                .iter()
                .any(|&(start, end)| start <= hit.start && hit.end <= end)
        });
        if !inside {
            *counts.entry((hit.group, hit.keyword)).or_default() += 1;
        }
    }
    for ((group, _), n) in counts {
        match matcher.owners[group] {
            (theme, Role::Strong) => {
                scores[theme] += n.min(MAX_REPEATS) as f64 * STRONG_WEIGHT * strong
            }
            (theme, Role::Plain) => scores[theme] += n.min(MAX_REPEATS) as f64,
            (theme, Role::Needed) => met[theme] = true,
            (_, Role::Masks) => {}
        }
    }
    (scores, met)
}

/// Compiles every theme's keywords into one matcher: per theme and weight, one group for
/// Chinese terms, one for acronyms (exact case, so `UN` is not `un`) and one for other English
/// terms.
fn compile(themes: &[Theme]) -> Matcher {
    let mut builder = keywords::Builder::default();
    let mut owners = Vec::new();
    for (index, theme) in themes.iter().enumerate() {
        for (keywords, role) in [
            (&theme.strong, Role::Strong),
            (&theme.plain, Role::Plain),
            (&theme.needs, Role::Needed),
            (&theme.except, Role::Masks),
        ] {
            let mut sorted: Vec<&str> = keywords
                .iter()
                .map(|k| k.trim())
                .filter(|k| !k.is_empty())
                .collect();
            // Longest first, so that `Taiwan Strait` is one hit rather than `Taiwan` plus
            // nothing.
            sorted.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
            sorted.dedup();
            let (mut zh, mut acronyms, mut en) = (Vec::new(), Vec::new(), Vec::new());
            for keyword in sorted {
                if keyword.chars().any(is_han) {
                    zh.push(keyword);
                } else if keyword.chars().any(|c| c.is_ascii_uppercase())
                    && !keyword.chars().any(|c| c.is_lowercase())
                {
                    acronyms.push(keyword);
                } else {
                    en.push(keyword);
                }
            }
            for (list, kind) in [
                (zh, Kind::Chinese),
                (acronyms, Kind::Acronym),
                (en, Kind::English),
            ] {
                if !list.is_empty() {
                    builder.group(&list, kind);
                    owners.push((index, role));
                }
            }
        }
    }
    let keywords = builder.build();
    debug_assert_eq!(keywords.groups(), owners.len());
    Matcher {
        keywords,
        owners,
        themes: themes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLUGS: &[&str] = &[
        "coast_guard",
        "cyber_info",
        "doctrine",
        "east_china_sea",
        "exercises",
        "humanitarian",
        "internal_security",
        "military_diplomacy",
        "modernization",
        "nuclear",
        "personnel",
        "political_work",
        "south_china_sea",
        "taiwan",
        "us_china_military",
    ];

    #[test]
    fn builtin_slugs_are_exactly_the_analyst_labels() {
        let lexicon = Lexicon::builtin();
        assert_eq!(lexicon.slugs().collect::<Vec<_>>(), SLUGS);
        assert!(lexicon.is_known("taiwan"));
        assert!(!lexicon.is_known("Taiwan"));
    }

    #[test]
    fn labels_map_to_slugs() {
        let lexicon = Lexicon::builtin();
        const LABELS: &[(&str, &str)] = &[
            ("South China Sea", "south_china_sea"),
            ("south-china-sea", "south_china_sea"),
            (" Taiwan ", "taiwan"),
            ("Cross-Strait", "taiwan"),
            ("PAP", "internal_security"),
            ("U.S.-China military", "us_china_military"),
            ("Military Diplomacy", "military_diplomacy"),
            ("南海", "south_china_sea"),
            ("Space Launch", "space_launch"),
        ];
        for (label, want) in LABELS {
            assert_eq!(lexicon.canonical_slug(label), *want, "{label}");
        }
    }

    const HEADLINE_TAIWAN: &str = "台湾问题";
    const ACRONYM_IN_WORD: &str = "The plan was explained in detail.";
    const LONG_PASSING_MENTION: &str =
        "Officers and soldiers of the brigade studied the history of \
        their company, visited the museum and discussed how to carry forward the fine traditions \
        of the Red Army. ";

    #[test]
    fn headlines_need_one_clear_hit() {
        let lexicon = Lexicon::builtin();
        assert_eq!(lexicon.classify(HEADLINE_TAIWAN, "", None), ["taiwan"]);
        assert!(lexicon.classify(ACRONYM_IN_WORD, "", None).is_empty());
        let hospital = lexicon.classify("和平方舟医院船完成医疗服务任务", "", None);
        assert!(
            hospital.contains(&"humanitarian".to_string()),
            "{hospital:?}"
        );
    }

    #[test]
    fn a_keyword_inside_an_excepted_term_does_not_count() {
        let lexicon = Lexicon::builtin();
        let has =
            |title: &str, slug: &str| lexicon.classify(title, "", None).contains(&slug.into());
        // A missile destroyer is no missile force, a carrier's catapult no electronic warfare.
        assert!(!has("海军导弹驱逐舰编队赴南太平洋访问", "nuclear"));
        assert!(!has("Guided-missile destroyer visits the port", "nuclear"));
        assert!(!has("福建舰电磁弹射试验顺利完成", "cyber_info"));
        // The keywords themselves still do.
        assert!(has("火箭军导弹旅开展实弹发射训练", "nuclear"));
        assert!(has("部队开展电磁频谱管控演练", "cyber_info"));
    }

    const SHORT_TAIWAN: &str = "The spokesperson said the DPP authorities' separatist moves \
        undermine peace in the Taiwan Strait.";

    #[test]
    fn a_place_named_in_a_short_summary_is_its_theme() {
        let lexicon = Lexicon::builtin();
        let themes = lexicon.classify(
            "Defense ministry statement on coast guard operation",
            "The ministry urged Manila to stop sending construction materials to the grounded \
             ship at Second Thomas Shoal.",
            None,
        );
        assert!(
            themes.contains(&"south_china_sea".to_string()),
            "{themes:?}"
        );
        // Once in a long text, the same name is a passing mention.
        let mut body = LONG_PASSING_MENTION.repeat(20);
        body.push_str("One of them had served near Second Thomas Shoal.");
        let themes = lexicon.classify("A brigade studies its history", &body, None);
        assert!(
            !themes.contains(&"south_china_sea".to_string()),
            "{themes:?}"
        );
    }

    #[test]
    fn a_passing_mention_in_a_long_text_is_not_a_theme() {
        let lexicon = Lexicon::builtin();
        let mut body = LONG_PASSING_MENTION.repeat(20);
        body.push_str("One of them had served near Taiwan.");
        let themes = lexicon.classify("A brigade studies its history", &body, None);
        assert!(!themes.contains(&"taiwan".to_string()), "{themes:?}");
        let themes = lexicon.classify("Cross-Strait relations", SHORT_TAIWAN, None);
        assert_eq!(themes, ["taiwan"]);
    }

    #[test]
    fn overrides_replace_and_add_themes() {
        let mut overrides = BTreeMap::new();
        overrides.insert("Taiwan".to_string(), vec!["Formosa".to_string()]);
        overrides.insert(
            "space".to_string(),
            vec!["satellite".to_string(), "航天".to_string()],
        );
        let lexicon = Lexicon::builtin().with_overrides(&overrides);
        assert!(lexicon.is_known("space"));
        assert_eq!(lexicon.classify("台湾问题", "", None), Vec::<String>::new());
        assert_eq!(lexicon.classify("Formosa today", "", None), ["taiwan"]);
        assert_eq!(lexicon.classify("航天员出舱", "", None), ["space"]);
    }

    /// Micro precision, recall and F1 of `classify` against the analyst labels of the shared
    /// corpus (themes the analysts do not use are left out), overall and per half.
    #[test]
    fn shared_corpus_theme_f1() {
        let Some(path) = crate::testing::shared_file("pla-watch-2026-05.jsonl") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let records = labelled_records(&text);
        let lexicon = Lexicon::builtin();
        let half = records.len() / 2;
        let (first, second) = records.split_at(half);
        let all = evaluate(&lexicon, &records);
        let a = evaluate(&lexicon, first);
        let b = evaluate(&lexicon, second);
        eprintln!("records {}: overall {}", records.len(), all.summary());
        eprintln!("first half: {}", a.summary());
        eprintln!("second half: {}", b.summary());
        for (slug, counts) in &all.per_slug {
            eprintln!("  {slug:20} {}", counts.summary());
        }
        assert!(all.total.f1() >= 0.5, "F1 {}", all.total.f1());
    }

    pub(crate) struct Record {
        title: String,
        body: String,
        translation: Translation,
        labels: Vec<String>,
    }

    pub(crate) fn labelled_records(text: &str) -> Vec<Record> {
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|v| v["categories"].is_array() && v["text_english"].is_string())
            .map(|v| {
                let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
                Record {
                    title: s("title_original"),
                    body: s("text_original"),
                    translation: Translation {
                        lang: None,
                        title: s("title_english"),
                        body: s("text_english"),
                    },
                    labels: v["categories"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    #[derive(Default, Clone, Copy)]
    pub(crate) struct Counts {
        tp: usize,
        fp: usize,
        fn_: usize,
    }

    impl Counts {
        fn precision(self) -> f64 {
            self.tp as f64 / (self.tp + self.fp).max(1) as f64
        }
        fn recall(self) -> f64 {
            self.tp as f64 / (self.tp + self.fn_).max(1) as f64
        }
        fn f1(self) -> f64 {
            let (p, r) = (self.precision(), self.recall());
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        }
        fn summary(self) -> String {
            format!(
                "P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
                self.precision(),
                self.recall(),
                self.f1(),
                self.tp,
                self.fp,
                self.fn_
            )
        }
    }

    pub(crate) struct Evaluation {
        total: Counts,
        per_slug: BTreeMap<String, Counts>,
    }

    impl Evaluation {
        fn summary(&self) -> String {
            self.total.summary()
        }
    }

    /// The analyst label set: every built-in slug but `humanitarian`, which the analysts fold
    /// into `military_diplomacy`.
    pub(crate) fn evaluate(lexicon: &Lexicon, records: &[Record]) -> Evaluation {
        let mut total = Counts::default();
        let mut per_slug: BTreeMap<String, Counts> = BTreeMap::new();
        for r in records {
            let predicted: Vec<String> = lexicon
                .classify(&r.title, &r.body, Some(&r.translation))
                .into_iter()
                .filter(|s| s != "humanitarian")
                .collect();
            for slug in lexicon.slugs().filter(|s| *s != "humanitarian") {
                let p = predicted.iter().any(|s| s == slug);
                let l = r.labels.iter().any(|s| s == slug);
                let c = per_slug.entry(slug.to_string()).or_default();
                match (p, l) {
                    (true, true) => {
                        c.tp += 1;
                        total.tp += 1;
                    }
                    (true, false) => {
                        c.fp += 1;
                        total.fp += 1;
                    }
                    (false, true) => {
                        c.fn_ += 1;
                        total.fn_ += 1;
                    }
                    (false, false) => {}
                }
            }
        }
        Evaluation { total, per_slug }
    }
}
