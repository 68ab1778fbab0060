//! Where an article comes from: the outlet the page names as its publisher, the link to the
//! original, and the address the page itself was saved from.
//!
//! Aggregators republish articles, so the site a page was saved from is often not its
//! publisher. What the page says wins: a `来源：…` / `Source: …` line, an element classed as
//! the source, an outlet named beside the date (`PLA Daily (解放军报) · 14 August 2026`), a
//! link labelled as the original (`View original source ↗`, `阅读原文`) to a known outlet's
//! host, `article:publisher`. Names go through the outlet directory (`data/outlets.toml`).

use std::sync::LazyLock;

use regex::Regex;
use scraper::{Html, Selector};

use super::selector;
use super::text::collapse;
use crate::extract::date::find_date;
use crate::reference::outlets::outlets;

static LINKS: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
static CLASSED: LazyLock<Selector> = LazyLock::new(|| selector("[class], [id]"));

/// `来源：解放军报`, `Source: PLA Daily`, `稿件来源: 新华社`; the value runs to the end of the
/// line or a `|`.
static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:来源|來源|稿源|\bsource)\s*[：:]\s*([^\n|｜]{1,80})")
        .expect("built-in regex is valid")
});

/// The address a browser wrote when saving the page: `<!-- saved from url=(0040)http://… -->`.
pub(super) fn saved_from(raw: &str) -> Option<String> {
    let head = raw.get(..raw.len().min(8192)).unwrap_or(raw);
    let at = head.find("saved from url=")? + "saved from url=".len();
    let rest = &head[at..];
    let rest = match rest.strip_prefix('(') {
        Some(r) => r.split_once(')').map_or(r, |(_, after)| after),
        None => rest,
    };
    let url: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>')
        .collect();
    let url = url.trim_end_matches("--").to_string();
    (url.contains("://") && !url.starts_with("about:")).then_some(url)
}

/// Whether a link's text says it leads to the original.
pub(super) fn is_original_label(text: &str) -> bool {
    let t = collapse(text);
    let lower = t
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    if lower.is_empty() || lower.chars().count() > 40 {
        return false;
    }
    lower.contains("original")
        || [
            "原文",
            "原文链接",
            "阅读原文",
            "查看原文",
            "原始链接",
            "原载",
            "来源链接",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || matches!(
            lower.as_str(),
            "source"
                | "view source"
                | "source link"
                | "来源"
                | "read at source"
                | "read more at source"
        )
}

/// The link the page gives to the original article: an absolute `http(s)` link whose text
/// (or `title`, or class) says original / 原文 / source.
pub(super) fn original_link(page: &Html) -> Option<String> {
    page.select(&LINKS).find_map(|a| {
        let href = a.attr("href")?.trim();
        if !(href.starts_with("http://") || href.starts_with("https://")) {
            return None;
        }
        let text = a.text().collect::<String>();
        let title = a.attr("title").unwrap_or_default();
        let class = a.attr("class").unwrap_or_default().to_ascii_lowercase();
        let labelled = is_original_label(&text)
            || is_original_label(title)
            || class.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
                matches!(w, "original" | "source" | "origin" | "yuanwen") && !text.trim().is_empty()
            });
        labelled.then(|| href.to_string())
    })
}

/// The publisher the page names, as written on the page (canonicalised later): a source
/// line, an element classed as the source, or an outlet beside the date after the title.
pub(super) fn named_source(page: &Html, text: &str, title: &str) -> Option<String> {
    source_line(text)
        .or_else(|| source_element(page))
        .or_else(|| outlet_beside_date(text, title))
}

/// The value of the first `来源：…` / `Source: …` line that names something: a known outlet
/// in it, else its first words.
fn source_line(text: &str) -> Option<String> {
    SOURCE_LINE.captures_iter(text).find_map(|caps| {
        let value = caps.get(1)?.as_str();
        source_value(value)
    })
}

/// The outlet in what follows a `来源：` label, or the label's own words, cut before dates,
/// authors and editors.
fn source_value(value: &str) -> Option<String> {
    if let Some(outlet) = outlets().find_in(value) {
        return Some(outlet.name.clone());
    }
    let mut cut = value.len();
    for stop in [
        "作者",
        "责任编辑",
        "编辑",
        "发布时间",
        "时间",
        "日期",
        "点击",
        "字号",
        "  ",
        "\u{3000}",
        "Author",
        "Editor",
        "By ",
        "|",
        ",",
        "，",
        "(",
        "（",
    ] {
        if let Some(at) = value.find(stop) {
            cut = cut.min(at);
        }
    }
    if let Some(at) = value.find(|c: char| c.is_ascii_digit()) {
        cut = cut.min(at);
    }
    let name = collapse(&value[..cut]);
    let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '）');
    let chars = name.chars().count();
    ((2..=40).contains(&chars) && !name.contains("://")).then(|| name.to_string())
}

/// A short element classed as the source (`<span class="source">`, `#laiyuan`).
fn source_element(page: &Html) -> Option<String> {
    page.select(&CLASSED).find_map(|el| {
        let names = format!(
            "{} {}",
            el.value().id().unwrap_or_default(),
            el.attr("class").unwrap_or_default()
        )
        .to_ascii_lowercase();
        let classed = names.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            matches!(
                w,
                "source" | "laiyuan" | "ly" | "outlet" | "publisher" | "origin"
            )
        });
        if !classed {
            return None;
        }
        let text = collapse(&el.text().collect::<String>());
        if text.is_empty() || text.chars().count() > 80 || is_original_label(&text) {
            return None;
        }
        let value = ["来源", "來源", "Source", "source", "SOURCE"]
            .iter()
            .find_map(|label| text.strip_prefix(label))
            .unwrap_or(&text)
            .trim_start_matches([':', '：', ' ']);
        outlets()
            .find_in(value)
            .map(|o| o.name.clone())
            .or_else(|| source_value(value))
    })
}

/// A known outlet on a short line with a date, within the 400 characters after the title.
fn outlet_beside_date(text: &str, title: &str) -> Option<String> {
    let at = if title.is_empty() {
        0
    } else {
        text.find(title).map_or(0, |at| at + title.len())
    };
    let after: String = text.get(at..)?.chars().take(400).collect();
    after
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.chars().count() <= 120 && find_date(l).is_some())
        .find_map(|l| outlets().find_in(l).map(|o| o.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_from_comment() {
        const PAGE: &str = "<!DOCTYPE html>\n<!-- saved from url=(0052)http://www.81.cn/jfjbmap/content/2026-08/14/x.htm -->\n<html>";
        assert_eq!(
            saved_from(PAGE).as_deref(),
            Some("http://www.81.cn/jfjbmap/content/2026-08/14/x.htm")
        );
        assert_eq!(
            saved_from("<!-- saved from url=(0014)about:internet -->"),
            None
        );
        assert_eq!(saved_from("<html>"), None);
    }

    #[test]
    fn original_links() {
        let page = Html::parse_document(
            "<p><a href='/about'>About</a> <a href='https://x.example/'>Source code</a>\
             <a href='http://www.81.cn/jfjbmap/content/1.htm'>View original source ↗</a></p>",
        );
        assert_eq!(
            original_link(&page).as_deref(),
            Some("http://www.81.cn/jfjbmap/content/1.htm")
        );
        let zh = Html::parse_document("<a href='http://www.mod.gov.cn/x.html'>阅读原文</a>");
        assert_eq!(
            original_link(&zh).as_deref(),
            Some("http://www.mod.gov.cn/x.html")
        );
        let none = Html::parse_document("<a href='http://www.mod.gov.cn/x.html'>国防部</a>");
        assert_eq!(original_link(&none), None);
    }

    #[test]
    fn sources_named_on_the_page() {
        const CASES: &[(&str, Option<&str>)] = &[
            ("来源：解放军报 作者：李华 2026-08-14", Some("PLA Daily")),
            (
                "2026-05-18 08:30 来源：中国军网",
                Some("China Military Online"),
            ),
            ("Source: Xinhua | Editor: Wang", Some("Xinhua")),
            (
                "来源：某某县融媒体中心 2026年05月18日",
                Some("某某县融媒体中心"),
            ),
            ("No source here.", None),
        ];
        for (text, want) in CASES {
            assert_eq!(source_line(text).as_deref(), *want, "{text}");
        }
        let text = "Brigade trains at night\nPLA Daily (解放军报) · 14 August 2026\nThe brigade...";
        assert_eq!(
            outlet_beside_date(text, "Brigade trains at night").as_deref(),
            Some("PLA Daily")
        );
        let page = Html::parse_document("<span class='source'>来源：国防部网</span>");
        assert_eq!(
            source_element(&page).as_deref(),
            Some("Ministry of National Defense")
        );
    }
}
