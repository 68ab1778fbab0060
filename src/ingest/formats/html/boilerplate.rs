//! Boilerplate that must not start a body or a snippet: section labels ("Summary",
//! "Translation", "Original", 原文, 译文), "back to" links (`← Daily Brief`, `返回列表`) and
//! links to the original (`View original source ↗`),
//! breadcrumbs (`首页 > 新闻 > 正文`, `Home › News`) and the outlet-and-date line under a title.

use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;

use super::article::Stats;
use super::text::collapse;
use crate::extract::date::find_date;
use crate::ingest::formats::is_page_kind;
use crate::reference::outlets::outlets;

/// Labels of a page's sections, lowercased; a block saying only one of them is not text.
const SECTION_LABELS: &[&str] = &[
    "summary",
    "abstract",
    "translation",
    "english translation",
    "machine translation",
    "english",
    "chinese",
    "original",
    "original text",
    "original article",
    "chinese original",
    "original (chinese)",
    "original chinese",
    "full text",
    "key points",
    "原文",
    "中文原文",
    "原文全文",
    "译文",
    "英文译文",
    "翻译",
    "摘要",
    "内容摘要",
    "内容提要",
    "全文",
    "正文",
    "中文",
    "英文",
];

/// Labels that mark a section as the original text.
const ORIGINAL_LABELS: &[&str] = &[
    "original",
    "original text",
    "original article",
    "chinese original",
    "original (chinese)",
    "original chinese",
    "show original",
    "view original text",
    "原文",
    "中文原文",
    "原文全文",
];

/// Labels that mark a section as a translation.
const TRANSLATION_LABELS: &[&str] = &[
    "translation",
    "english translation",
    "machine translation",
    "译文",
    "英文译文",
    "翻译",
];

/// Text lowercased, collapsed, with arrows, bullets and a trailing colon trimmed.
fn label_key(text: &str) -> String {
    collapse(text)
        .to_lowercase()
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ':' | '：' | '▾' | '▸' | '▶' | '▼' | '+' | '-' | '·' | '•' | '»' | '›'
                )
        })
        .to_string()
}

/// Whether `text` is only a section label.
pub(super) fn is_section_label(text: &str) -> bool {
    let key = label_key(text);
    !key.is_empty() && SECTION_LABELS.contains(&key.as_str())
}

/// Whether a section's label calls it the original: `Original`, `原文`, `Original 原文`.
pub(super) fn says_original(label: &str) -> bool {
    let key = label_key(label);
    !key.is_empty()
        && (ORIGINAL_LABELS.contains(&key.as_str())
            || key
                .split(['/', '|', ' ', '·'])
                .any(|w| ORIGINAL_LABELS.contains(&w))
            || key.starts_with("original ") && key.chars().count() < 40)
}

/// Whether a section's label calls it a translation.
pub(super) fn says_translation(label: &str) -> bool {
    let key = label_key(label);
    !key.is_empty()
        && (TRANSLATION_LABELS.contains(&key.as_str())
            || key
                .split(['/', '|', ' ', '·'])
                .any(|w| TRANSLATION_LABELS.contains(&w)))
}

/// A "back to" link: `← Daily Brief`, `« Back to news`, `Back to top`, `返回首页`.
pub(super) fn is_back_text(text: &str) -> bool {
    let t = collapse(text);
    let lower = t.to_lowercase();
    t.starts_with(['←', '«', '‹', '⟵', '⇐', '↩'])
        || lower.starts_with("< ")
        || lower.starts_with("back to ")
        || lower == "back"
        || lower.starts_with("return to ")
        || t.starts_with("返回")
}

/// Whether an element is a back link or a breadcrumb trail without a telling class: a short
/// block of two or more links separated by `>`, `›`, `»` or `/`, or one starting with
/// `当前位置` / `You are here`.
pub(super) fn is_navigation(el: ElementRef<'_>) -> bool {
    let name = el.value().name();
    if name == "a" {
        // A link to the original is where the text came from, not part of it.
        let text = el.text().collect::<String>();
        return is_back_text(&text) || super::origin::is_original_label(&text);
    }
    if !matches!(name, "div" | "p" | "ol" | "ul" | "span" | "td" | "section") {
        return false;
    }
    let stats = Stats::of(el);
    if stats.chars > 120 {
        return false;
    }
    let text = collapse(&el.text().collect::<String>());
    let lower = text.to_lowercase();
    if [
        "当前位置",
        "您的位置",
        "您现在的位置",
        "you are here",
        "current location",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return true;
    }
    stats.links >= 2
        && stats.link_density() >= 0.5
        && [" > ", ">", "›", "»", " / ", "→"]
            .iter()
            .any(|s| text.contains(s))
}

/// Drops leading lines that are boilerplate: section labels, back links, breadcrumb trails,
/// and a short outlet-and-date line (`PLA Daily (解放军报) · 14 August 2026`, `来源：国防部
/// 2026-05-18`) left in the article block.
pub(super) fn strip_leading(text: &str) -> String {
    let mut rest = text.trim_start();
    loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let l = line.trim();
        let lower = l.to_lowercase();
        let crumbs = l.chars().count() < 80
            && [" > ", " › ", " » ", " / "]
                .iter()
                .any(|s| l.matches(s).count() >= 1)
            && ["home", "首页", "news", "新闻"]
                .iter()
                .any(|h| lower.starts_with(h));
        // A sentence (`2025年9月25日下午，国防部举行例行记者会，…。`) is the article's opening,
        // not an outlet-and-date line, however short.
        let sentence = l.ends_with(['。', '.', '！', '？']) || l.contains('，');
        let dateline = l.chars().count() <= 100
            && !sentence
            && find_date(l).is_some()
            && (outlets().find_in(l).is_some()
                || [
                    "来源",
                    "source:",
                    "·",
                    "|",
                    "发布时间",
                    "published",
                    "作者",
                    "by ",
                ]
                .iter()
                .any(|m| lower.contains(m)));
        let drop = !l.is_empty()
            && (is_section_label(l)
                || is_back_text(l)
                || crumbs
                || dateline
                || is_page_kind(l)
                || page_tools(l)
                || (!sentence && (is_timestamp(l) || is_byline(l))))
            && !after.trim().is_empty();
        if !drop {
            return rest.to_string();
        }
        rest = after.trim_start();
    }
}

/// A line that only dates the page (`Updated: December 27, 2024 19:30`, `2024-08-19 19:46`,
/// `June 19, 2024 3:21 PM GMT+8 Updated 2 days ago`).
fn is_timestamp(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "updated:",
        "updated",
        "published:",
        "published",
        "posted:",
        "posted",
        "last updated:",
        "date:",
        "更新时间：",
        "发布时间：",
        "时间：",
    ];
    const TIME_WORDS: &[&str] = &[
        "am", "pm", "a.m.", "p.m.", "gmt", "utc", "updated", "ago", "day", "days", "hour", "hours",
        "minute", "minutes", "at", "bst", "est", "edt", "cst", "jst", "kst",
    ];
    if line.chars().count() > 80 {
        return false;
    }
    let lower = line.to_lowercase();
    let mut rest = lower.trim();
    for label in LABELS {
        if let Some(after) = rest.strip_prefix(label) {
            rest = after.trim_start();
            break;
        }
    }
    let Some((_, end)) = crate::extract::date::leading_date(rest) else {
        return false;
    };
    rest[end..].split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '|' | '·'));
        !w.chars().any(char::is_alphabetic)
            || TIME_WORDS.contains(&w)
            || w.trim_start_matches(|c: char| !c.is_alphabetic()) == "gmt"
            || w.starts_with("gmt")
    })
}

/// A reporter's byline alone on its line (`By Karen Lema and Mikhail Flores`, `By defence
/// correspondent Andrew Greene`).
fn is_byline(line: &str) -> bool {
    let Some(names) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return false;
    };
    line.chars().count() <= 80
        && names
            .split_whitespace()
            .filter(|w| !matches!(*w, "and" | "in" | "&"))
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            >= 2
}

/// Words of a page's tools (`【字体：大 中 小】 打印本页`, `Print this page`): a short line
/// holding one, and no sentence, is no text.
const PAGE_TOOLS: &[&str] = &[
    "字体：",
    "字号：",
    "字體：",
    "打印本页",
    "打印本頁",
    "关闭窗口",
    "關閉窗口",
    "print this page",
    "font size",
    // Xinhua's button to report an error (`【纠错】 【责任编辑:王萌】`).
    "【纠错】",
    "【糾錯】",
    // A pager (`第1頁/共2頁 下一頁`).
    "下一页",
    "下一頁",
    "上一页",
    "上一頁",
    "next page",
];

/// A line of nothing but the names of a page's buttons (`Print Close`, `Share Email`).
fn only_tool_words(lower: &str) -> bool {
    const TOOLS: &[&str] = &[
        "print", "close", "email", "e-mail", "share", "tweet", "facebook", "twitter", "whatsapp",
        "linkedin", "copy", "link", "top", "back", "to", "save", "download", "pdf", "|",
    ];
    let words: Vec<&str> = lower.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| TOOLS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '|')))
}

/// A telephone number (`02 6277 7800`, `+61 2 6277 7800`, `(02) 6277-7800`).
fn phone_number(line: &str) -> bool {
    static PHONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b")
            .expect("valid phone pattern")
    });
    line.chars().count() <= 100 && PHONE.is_match(line)
}

fn page_tools(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.chars().count() <= 60
        && !line.ends_with(['。', '.', '！', '？'])
        && PAGE_TOOLS.iter().any(|t| lower.contains(t))
}

/// How the credit and follow lines at the foot of an article start (`来源：国防部网`, `编辑：李梦`,
/// `长按识别二维码关注我们`, `Editor: Li Wei`, `Media contacts: …`).
const TRAILING_STARTS: &[&str] = &[
    "来源",
    "來源",
    "编辑",
    "編輯",
    "责任编辑",
    "責任編輯",
    "审核",
    "審核",
    "校对",
    "校對",
    "监制",
    "監製",
    "出品",
    "长按",
    "長按",
    "扫码",
    "掃碼",
    "扫描二维码",
    "点击关注",
    "關注我們",
    "关注我们",
    "editor:",
    "editors:",
    "source:",
    "media contact",
    "media contacts",
    "media enquiries",
    "media inquiries",
    "is this page useful",
    "subscribe to",
    "our standards:",
    "reporting by",
    // India's PIB: `Release ID: 2134567 | Visitor Counter: 4321 | Read this release in: …`.
    "release id",
    "visitor counter",
    "writing by",
    "posted ",
    "why you can trust",
    "sign up",
    "read next",
    "more on this",
    "related articles",
    "related stories",
    "(end)",
    "相关阅读",
    "相关新闻",
    "责编",
    "責編",
    "本文系",
    "未经授权",
    "未經授權",
    "版权所有",
    "版權所有",
];

/// A credit or invitation to follow at the foot of an article (`来源：国防部网`, `【责任编辑:刘阳】`,
/// `（责编：杨曦）`, `（編輯：林克倫）1140402`, `Editor: Li Wei`): a short line that starts as
/// [`TRAILING_STARTS`] do, inside brackets or not.
pub(crate) fn is_credit_line(line: &str) -> bool {
    const LONGEST: usize = 160;
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_start_matches(['(', '（', '[', '【', '〔', ' ']);
    line.chars().count() <= LONGEST
        && TRAILING_STARTS
            .iter()
            .any(|s| lower.starts_with(s) || bare.starts_with(s))
}

/// Drops trailing lines that are credits or invitations to follow, not text: short lines
/// starting as [`TRAILING_STARTS`] do, from the end back to the last line of prose.
pub(super) fn strip_trailing(text: &str) -> String {
    let mut lines: Vec<&str> = text.trim_end().lines().collect();
    while let Some(last) = lines.last() {
        // `▲长按识别二维码`: a mark before the words.
        let l = last.trim().trim_start_matches(|c: char| {
            !c.is_alphanumeric() && !matches!(c, '(' | '（' | '[' | '【')
        });
        let lower = l.to_lowercase();
        let credit = is_credit_line(l);
        let sentence = l.ends_with(['。', '！', '？']) || l.split_whitespace().count() > 12;
        // `Print Close`, `【打印本页】 【关闭窗口】`, a reporter's address, a contact's number.
        let tools = page_tools(l) || only_tool_words(&lower);
        let contact = !sentence && (l.contains('@') || phone_number(l));
        if !(l.is_empty() || credit || tools || contact) || lines.len() == 1 {
            break;
        }
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_and_follow_lines_at_the_foot_go() {
        assert_eq!(
            strip_trailing(
                "蒋斌：我们坚决反对。\n\n来源：国防部网\n编辑：李梦\n▲长按识别二维码关注我们\n"
            ),
            "蒋斌：我们坚决反对。"
        );
        assert_eq!(
            strip_trailing("The task group left.\nMedia contacts: (02) 6277 7800"),
            "The task group left."
        );
        // Prose that merely mentions a source stays, and so does a text of one line.
        let prose = "The figures came from the ministry.\nSource: the ministry said 27 aircraft crossed, more than any day this year, and that ships had been tracked around the island for two days before the drills ended on Thursday night after a long period of very high activity.";
        assert_eq!(strip_trailing(prose), prose);
        assert_eq!(strip_trailing("来源：国防部网"), "来源：国防部网");
        // Marks and spaces before the words; a feedback prompt.
        assert_eq!(
            strip_trailing(
                "我们坚决反对。\n\n编辑：李明 审核：王强\n\n↓↓↓ 长按识别二维码 关注我们 ↓↓↓"
            ),
            "我们坚决反对。"
        );
        assert_eq!(
            strip_trailing("The review was published.\n\nIs this page useful?"),
            "The review was published."
        );
        // The page's buttons, a reporter's address, an end mark, contacts' numbers.
        for foot in [
            "Print Close",
            "【打印本页】 【关闭窗口】",
            "sooyeon@yna.co.kr\n(END)",
            "Media contacts\n\nDeputy Prime Minister's Office: 02 6277 7800\nDepartment of \
             Defence Media: media@defence.gov.au",
            "Reporting by Karen Lema; Editing by Martin Petty\n\nRead Next",
            "【责任编辑:刘阳】",
            "（责编：杨曦、黄子娟）",
            "[责任编辑:张雨]",
            "（編輯：林克倫）1140402",
            "本文系观察者网独家稿件，未经授权，不得转载。",
            "【纠错】 【责任编辑:王萌】",
            "第1頁/共2頁 下一頁",
            "Release ID: 2134567 | Visitor Counter: 4321 | Read this release in: Hindi",
        ] {
            assert_eq!(
                strip_trailing(&format!("The ship left port.\n\n{foot}")),
                "The ship left port.",
                "{foot}"
            );
        }
        // The head: a page's time stamp, a byline.
        for head in [
            "Updated: December 27, 2024 19:30",
            "June 19, 2024 3:21 PM GMT+8 Updated 2 days ago",
            "2024-08-19 19:46",
            "By Karen Lema and Mikhail Flores",
        ] {
            assert_eq!(
                strip_leading(&format!("{head}\n\nThe ship left port.")),
                "The ship left port.",
                "{head}"
            );
        }
        assert_eq!(
            strip_leading("By Tuesday the ships had left.\nMore."),
            "By Tuesday the ships had left.\nMore."
        );
        // The page's tools at the head.
        assert_eq!(
            strip_leading("2025-09-11 19:30 【字体：大 中 小】 打印本页\n记者：有何评论？"),
            "记者：有何评论？"
        );
    }

    #[test]
    fn labels_and_back_links() {
        for label in [
            "Summary",
            "Translation:",
            "原文",
            "译文：",
            "Original ▾",
            "ORIGINAL",
        ] {
            assert!(is_section_label(label), "{label}");
        }
        for text in ["Summary of the talks", "The original plan", "原文件"] {
            assert!(!is_section_label(text), "{text}");
        }
        assert!(says_original("Original 原文"));
        assert!(says_original("原文"));
        assert!(says_original("Original (Chinese)"));
        assert!(!says_original("Translation"));
        assert!(says_translation("English translation"));
        for back in ["← Daily Brief", "« Back", "Back to news", "返回列表"] {
            assert!(is_back_text(back), "{back}");
        }
        assert!(!is_back_text("Backing the troops"));
    }

    #[test]
    fn leading_boilerplate_is_stripped() {
        const CASES: &[(&str, &str)] = &[
            (
                "← Daily Brief\n\nSummary\n\nThe drill ended.",
                "The drill ended.",
            ),
            (
                "PLA Daily (解放军报) · 14 August 2026\n\nThe brigade trained.",
                "The brigade trained.",
            ),
            ("首页 > 新闻 > 正文\n原文\n某旅开展训练。", "某旅开展训练。"),
            (
                "The drill ended on 14 August 2026.",
                "The drill ended on 14 August 2026.",
            ),
            ("Summary", "Summary"),
            (
                "2025年9月25日下午，国防部举行例行记者会。\n记者：问题。",
                "2025年9月25日下午，国防部举行例行记者会。\n记者：问题。",
            ),
        ];
        for (text, want) in CASES {
            assert_eq!(strip_leading(text), *want, "{text}");
        }
    }
}
