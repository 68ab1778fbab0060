//! What a page says about itself: `<meta>` tags, the canonical link, dates (meta tags,
//! `<time>`, the date line under the title) and the outlet a known host stands for
//! (`data/outlets.toml`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use super::article::INVISIBLE_TAGS;
use super::text::{collapse, TextOut, Walker};
use super::{selector, BODY, H1};
use crate::document::Date;
use crate::extract::date::{find_date, leading_date, parse_loose, DateError};
use crate::reference::outlets::outlets;

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static LINK: LazyLock<Selector> = LazyLock::new(|| selector("link[rel][href]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time"));

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first non-empty value
/// of a key wins.
pub(crate) fn meta_tags(page: &Html) -> HashMap<String, String> {
    let mut meta = HashMap::new();
    for el in page.select(&META) {
        let Some(content) = el.attr("content").map(collapse).filter(|c| !c.is_empty()) else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            if let Some(key) = el.attr(attr) {
                meta.entry(key.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    meta
}

pub(super) fn canonical_link(page: &Html) -> Option<String> {
    page.select(&LINK)
        .find(|el| {
            el.attr("rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|el| el.attr("href"))
        .map(|href| href.trim().to_string())
        .filter(|href| !href.is_empty())
}

/// The collapsed text of the first element matching `selector` that has any.
pub(super) fn first_text(page: &Html, selector: &Selector) -> Option<String> {
    page.select(selector)
        .map(|el| collapse(&el.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// Meta tags that hold a publication date, in order of trust.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "publish_date",
    "published",
    "published_date",
    "publisheddate",
    "date_published",
    "release_date",
    "releasedate",
    "dcterms.issued",
    "publishtime",
    "firstpublishedtime",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "og:updated_time",
];

/// The publication date the meta tags give, and whether it is a time in UTC
/// (`2025-07-12T22:30:00Z`), whose day may be the one before the page's own.
/// A numeric date that could be read either way (`10/04/2024`) is read as the page's locale
/// writes dates (`lang="en-NZ"`: the day first), when it says.
pub(super) fn meta_date(
    meta: &HashMap<String, String>,
    lang: Option<&str>,
) -> Option<(Date, bool)> {
    DATE_KEYS.iter().find_map(|key| {
        let value = meta.get(*key)?;
        let date = match (parse_loose(value), lang.and_then(day_first)) {
            (Ok(date), _) => date,
            (Err(DateError::Ambiguous { day_first, .. }), Some(true)) => day_first,
            (Err(DateError::Ambiguous { month_first, .. }), Some(false)) => month_first,
            (Err(_), _) => return None,
        };
        Some((date, utc_time(value)))
    })
}

/// Whether a language tag's region writes the day before the month (`en-GB`, `en-NZ`: yes;
/// `en-US`, `en-PH`: no); `None` when it does not say.
fn day_first(lang: &str) -> Option<bool> {
    let region = lang.split(['-', '_']).nth(1)?.to_ascii_uppercase();
    match region.as_str() {
        "US" | "PH" | "FM" | "PW" | "MH" => Some(false),
        "GB" | "UK" | "AU" | "NZ" | "IE" | "IN" | "SG" | "MY" | "ZA" | "PK" | "HK" | "NG"
        | "KE" | "BD" | "LK" | "FR" | "DE" | "ES" | "IT" | "NL" | "VN" => Some(true),
        _ => None,
    }
}

/// A timestamp with a time of day in UTC.
fn utc_time(value: &str) -> bool {
    let value = value.trim();
    value.contains('T')
        && (value.ends_with('Z') || value.ends_with("+00:00") || value.ends_with("+0000"))
}

/// `<time datetime="...">` (with whether it is a time in UTC), else the text of a `<time>`
/// element.
pub(super) fn time_date(page: &Html) -> Option<(Date, bool)> {
    let times: Vec<ElementRef> = page.select(&TIME).collect();
    times
        .iter()
        .find_map(|el| {
            let value = el.attr("datetime")?;
            parse_loose(value).ok().map(|date| (date, utc_time(value)))
        })
        .or_else(|| time_text_date(page).map(|date| (date, false)))
}

/// The date a `<time>` element shows as text (`13 July 2025`): the page's own day.
pub(super) fn time_text_date(page: &Html) -> Option<Date> {
    page.select(&TIME)
        .find_map(|el| find_date(&el.text().collect::<String>()))
}

/// A full date in a short element whose `class` or `id` says it holds one (`date`,
/// `paper-date`, `pubdate`). With `after_heading`, only after the page's first `<h1>`-`<h3>`:
/// a page's header shows today's date, an e-paper's header (asked without) its issue's.
pub(super) fn labelled_date(page: &Html, after_heading: bool) -> Option<Date> {
    let mut headed = !after_heading;
    page.root_element().descendent_elements().find_map(|el| {
        if matches!(el.value().name(), "h1" | "h2" | "h3") {
            headed = true;
            return None;
        }
        let labelled = headed && classed_as_date(el);
        if !labelled {
            return None;
        }
        let text: String = el.text().collect();
        (text.chars().count() <= 60)
            .then(|| find_date(&text))
            .flatten()
    })
}

/// Whether an element's `class` or `id` says it holds a date (`date`, `paper-date`, `pubdate`).
/// A date that says when the page last changed (`lastupdated`, `modified-date`) is not.
fn classed_as_date(el: ElementRef<'_>) -> bool {
    [el.attr("class"), el.attr("id")]
        .into_iter()
        .flatten()
        .map(str::to_ascii_lowercase)
        .any(|v| v.contains("date") && !v.contains("update") && !v.contains("modif"))
}

/// The date of a short line just above the page's `<h1>` (`<p class="date">May 28, 2024<br>
/// Joint Staff Press Release</p>`): the release's own, before any date its text tells of.
/// The line is classed as a date or begins with one; `loose`, any short line holding one.
pub(super) fn date_before_heading(page: &Html, loose: bool) -> Option<Date> {
    let h1 = page.select(&H1).next()?;
    h1.prev_siblings()
        .filter_map(ElementRef::wrap)
        .take(2)
        .find_map(|el| {
            let text = collapse(&el.text().collect::<String>());
            if text.chars().count() > 60 {
                return None;
            }
            let classed = classed_as_date(el);
            // `<span class="type">Speech</span> <span class="date">10 Jul. 2024</span> |
            // <span class="lastupdated">…`: the part of the line classed as the date.
            let part = || {
                el.descendent_elements()
                    .skip(1)
                    .filter(|part| classed_as_date(*part))
                    .find_map(|part| find_date(&part.text().collect::<String>()))
            };
            // `NEWS | May 8, 2024`, when `loose`: a label and the date, on a line too short for
            // a sentence (a page header's `今天是…` too, so it is the last resort).
            match classed || loose && text.chars().count() <= 40 {
                true => find_date(&text),
                false => leading_date(&text).map(|(date, _)| date).or_else(part),
            }
        })
}

/// The date a publication label gives (`Posted On: 07 MAY 2025`, `发布时间：2025-05-07`),
/// anywhere in the page's visible text (some sites print it above the headline, where a bare
/// date would be today's).
pub(super) fn posted_date(text: &str) -> Option<Date> {
    crate::extract::date::published_date(text)
}

/// A WeChat article's publication time, which its page keeps only in a script
/// (`var ct = "1763114400";`, seconds since 1970), on Beijing's calendar.
static WECHAT_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bvar\s+ct\s*=\s*"([0-9]{9,10})""#).expect("built-in WeChat time regex is valid")
});

/// Xinhua's header date, its parts in separate elements: `2025 09/03 11:18:40`.
static SPLIT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(20[0-9]{2})\s+([01][0-9])/([0-3][0-9])\s+[0-2][0-9]:[0-5][0-9]")
        .expect("built-in split date regex is valid")
});

/// A publication date a page's script states by name: WeChat's `var publish_time =
/// "2025-09-03"`, a JSON-LD `"datePublished": "2024-11-30T08:00:00+08:00"`.
static SCRIPT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:\bvar\s+publish_time\s*=\s*|"datePublished"\s*:\s*)["']([^"'<>]{6,40})["']"#)
        .expect("built-in script date regex is valid")
});

/// The date a page keeps only in a script (WeChat's time stamp, JSON-LD's `datePublished`) or
/// prints in pieces (Xinhua's header).
pub(super) fn scripted_date(raw: &str, visible: &str) -> Option<Date> {
    const BEIJING: i64 = 8 * 3600;
    let wechat = WECHAT_TIME.captures(raw).and_then(|caps| {
        let seconds: i64 = caps[1].parse().ok()?;
        Date::from_days_since_epoch((seconds + BEIJING).div_euclid(86_400))
    });
    wechat
        .or_else(|| {
            SCRIPT_PUBLISHED
                .captures_iter(raw)
                .find_map(|caps| parse_loose(&caps[1]).ok())
        })
        .or_else(|| split_date(visible))
}

/// A newspaper's issue line (`解放军报 2025年08月01日 星期五 第01版`): the date of every article
/// on its page.
pub(super) fn issue_date(visible: &str) -> Option<Date> {
    static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版")
            .expect("built-in page regex is valid")
    });
    visible
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().nth(80).is_none() && PAGE_NUMBER.is_match(l))
        .find_map(find_date)
}

/// Xinhua's header date printed in pieces (`2025 09/03 11:18:40`): so particular a form that it
/// is the page's own, before any date the text after the title shows (a short story's
/// related headlines, each dated, follow it closely).
pub(super) fn split_date(visible: &str) -> Option<Date> {
    let caps = SPLIT_DATE.captures(visible)?;
    let number = |i: usize| caps[i].parse::<u32>().ok();
    Date::new(caps[1].parse().ok()?, number(2)?, number(3)?)
}

/// The visible text of the page's `<body>`, chrome included: date and source lines often sit
/// in blocks named like chrome.
pub(super) fn visible_text(page: &Html) -> String {
    let Some(body) = page.select(&BODY).next() else {
        return String::new();
    };
    let mut out = TextOut::default();
    let invisible = |el: ElementRef<'_>| INVISIBLE_TAGS.contains(&el.value().name());
    Walker {
        strict: false,
        dropped: &invisible,
    }
    .walk(body, &mut out, 0);
    out.buf
}

/// The page's text after its title (or its `<h1>`), up to a list of related links (`相关新闻`,
/// `Related`), whose dates are other pages': text before the title is not searched for the
/// page's date either, since page headers show today's.
pub(super) fn text_after_title<'a>(
    text: &'a str,
    title: &str,
    h1: Option<&str>,
) -> Option<&'a str> {
    let after = [Some(title), h1]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .find_map(|t| text.get(text.find(t)? + t.len()..))?;
    let mut end = 0;
    for line in after.split_inclusive('\n') {
        if super::article::is_related_heading(line.trim()) {
            break;
        }
        end += line.len();
    }
    Some(&after[..end])
}

/// A date in the opening of `after` (the text after the title), where article pages print
/// their date line: see [`crate::extract::date::opening_date`].
pub(super) fn date_after_title(after: &str) -> Option<Date> {
    crate::extract::date::opening_date(after)
}

/// The outlet of a known address: `http://eng.mod.gov.cn/xb/...` → Ministry of National
/// Defense.
pub fn source_for_url(url: &str) -> Option<String> {
    outlets().for_url(url).map(|outlet| outlet.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_of_known_hosts() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "http://eng.mod.gov.cn/xb/News_213114/t.html",
                Some("Ministry of National Defense"),
            ),
            ("https://www.81.cn/jfjbmap/a.htm", Some("PLA Daily")),
            ("//english.chinamil.com.cn/x", Some("China Military Online")),
            (
                "https://www.fmprc.gov.cn:443/x",
                Some("Ministry of Foreign Affairs"),
            ),
            ("http://www.news.cn/politics/x.htm", Some("Xinhua")),
            ("http://fake81.cn/x", None),
            ("http://81.cn.example.org/x", None),
            ("not a url", None),
            ("", None),
        ];
        for (url, source) in CASES {
            assert_eq!(source_for_url(url).as_deref(), *source, "{url}");
        }
    }

    #[test]
    fn dates_a_page_states_in_scripts_and_issue_lines() {
        let d = Date::parse_iso;
        assert_eq!(
            scripted_date(
                r#"<script>var publish_time = "2025-09-03" || "";</script>"#,
                ""
            ),
            d("2025-09-03")
        );
        assert_eq!(
            scripted_date(
                r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-11-30T08:00:00+08:00"}</script>"#,
                ""
            ),
            d("2024-11-30")
        );
        assert_eq!(
            issue_date("首页\n解放军报 2025年08月01日 星期五 第01版\n1927年8月1日，南昌起义。"),
            d("2025-08-01")
        );
        assert_eq!(issue_date("2025年08月01日 星期五"), None);
    }
}
