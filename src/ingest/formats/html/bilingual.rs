//! Pages holding an article in two languages: an aggregator's English translation with the
//! Chinese original on the same page, a ministry's page with both texts side by side.
//!
//! Parts in another language are the elements whose `lang` differs from the page's, and
//! sections labelled "Original" / 原文 or "Translation" / 译文 (often a `<details>`). A short
//! element in the other script right under the `<h1>` (`<div lang="zh-Hans">` holding the
//! Chinese headline) is that language's title. The original is the part the page marks as
//! such, else the text in the page's declared language; the other language becomes the
//! document's translation.

use std::collections::HashSet;

use scraper::{ElementRef, Html};

use super::article::{article_text, element_text, Dropped};
use super::boilerplate::{says_original, says_translation, strip_leading, strip_trailing};
use super::text::collapse;
use crate::document::{Lang, Translation};
use crate::extract::lang::detect;

/// What a page's text is once its languages are told apart.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Texts {
    pub(super) lang: Option<Lang>,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) translation: Option<Translation>,
}

/// A language's share of the page.
#[derive(Debug)]
struct Bucket {
    lang: Lang,
    title: String,
    body: String,
    /// The page labels this text as the original (`Some(true)`) or a translation.
    original: Option<bool>,
}

/// Longest text an element may hold to be a headline rather than text.
const MAX_TITLE_CHARS: usize = 200;

/// A language the page states (`lang="zh-Hans"`), `None` for codes that are neither English
/// nor Chinese.
fn lang_attr(el: ElementRef<'_>) -> Option<Lang> {
    el.attr("lang")
        .or_else(|| el.attr("xml:lang"))
        .and_then(Lang::parse)
}

/// The language of a text, `None` when it is mixed or empty.
fn text_lang(text: &str) -> Option<Lang> {
    if text.trim().is_empty() {
        return None;
    }
    match detect(text) {
        Lang::Mixed => None,
        lang => Some(lang),
    }
}

/// The label of a section: a `<details>`' `<summary>`, or a first child heading or short
/// line.
fn section_label(el: ElementRef<'_>) -> Option<String> {
    let first = el.children().filter_map(ElementRef::wrap).next()?;
    let name = first.value().name();
    let label = collapse(&first.text().collect::<String>());
    let heading = matches!(
        name,
        "summary"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "strong"
            | "b"
            | "p"
            | "span"
            | "dt"
            | "div"
            | "legend"
    );
    (heading && label.chars().count() <= 40).then_some(label)
}

/// Splits the page into its original and its translation. `declared` is the page's `lang`;
/// `title` the title found for the page; `h1` its first `<h1>`.
pub(super) fn split(
    page: &Html,
    chrome: Dropped<'_>,
    declared: Option<Lang>,
    title: &str,
    h1: Option<ElementRef<'_>>,
) -> Texts {
    let body_el = page.root_element();
    let other_title = h1.and_then(|h1| title_under(h1, declared));
    let title_id = other_title.as_ref().map(|(el, _, _)| el.id());

    // Parts: the outermost elements in another language or labelled original / translation.
    let mut parts: Vec<(ElementRef, Option<Lang>, Option<bool>)> = Vec::new();
    let mut part_ids = HashSet::new();
    for el in body_el.descendent_elements() {
        if matches!(el.value().name(), "html" | "body" | "head")
            || Some(el.id()) == title_id
            || chrome(el)
            || el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| chrome(a) || part_ids.contains(&a.id()))
        {
            continue;
        }
        let stated = lang_attr(el).filter(|l| *l != Lang::Mixed);
        let foreign = stated.is_some_and(|l| Some(l) != declared);
        let label = if matches!(
            el.value().name(),
            "details" | "section" | "div" | "article" | "aside" | "blockquote"
        ) {
            section_label(el)
        } else {
            None
        };
        let role = label.as_deref().and_then(|l| {
            if says_original(l) {
                Some(true)
            } else if says_translation(l) {
                Some(false)
            } else {
                None
            }
        });
        if !(foreign || role.is_some()) {
            continue;
        }
        let text_chars = el.text().map(|t| t.trim().chars().count()).sum::<usize>();
        if text_chars < 10 {
            continue;
        }
        part_ids.insert(el.id());
        parts.push((el, stated, role));
    }

    let skip =
        |el: ElementRef<'_>| chrome(el) || part_ids.contains(&el.id()) || Some(el.id()) == title_id;
    // The title may stand under a kind-of-page caption (`News story`): the caption goes
    // first, then the title's copy, then what leads in after it.
    let main = strip_trailing(&strip_leading(&strip_title(
        &strip_leading(&article_text(page, &skip)),
        title,
    )));
    // A page in neither language (Japanese, whose kanji lines read as Chinese) is one text,
    // parts and all; only such a page is read a second time.
    if detect(&main) == Lang::Other {
        return Texts {
            lang: Some(Lang::Other),
            title: title.to_string(),
            body: strip_trailing(&strip_leading(&strip_title(
                &strip_leading(&article_text(page, chrome)),
                title,
            ))),
            translation: None,
        };
    }

    // Pages often declare a template's language: a long text's own script wins.
    let main_lang = if main.is_empty() {
        text_lang(title).or(declared)
    } else if main.chars().count() >= 100 {
        text_lang(&main).or(declared)
    } else {
        declared.or_else(|| text_lang(&main))
    };
    let mut buckets: Vec<Bucket> = Vec::new();
    let bucket = |buckets: &mut Vec<Bucket>, lang: Lang| -> usize {
        match buckets.iter().position(|b| b.lang == lang) {
            Some(i) => i,
            None => {
                buckets.push(Bucket {
                    lang,
                    title: String::new(),
                    body: String::new(),
                    original: None,
                });
                buckets.len() - 1
            }
        }
    };
    if let Some(lang) = main_lang {
        let i = bucket(&mut buckets, lang);
        buckets[i].body = main.clone();
        buckets[i].title = title.to_string();
    }
    for (el, stated, role) in &parts {
        let text = strip_leading(&element_text(*el, chrome));
        let Some(lang) = stated.or_else(|| text_lang(&text)).or(main_lang) else {
            continue;
        };
        let i = bucket(&mut buckets, lang);
        let b = &mut buckets[i];
        if !text.is_empty() {
            if !b.body.is_empty() {
                b.body.push_str("\n\n");
            }
            b.body.push_str(&text);
        }
        if role.is_some() && b.original.is_none() {
            b.original = *role;
        }
    }
    if let Some((_, lang, text)) = other_title {
        let i = bucket(&mut buckets, lang);
        buckets[i].title = text;
    }
    // A part's body may start with its own headline: keep it as the title.
    for b in &mut buckets {
        if b.title.is_empty() {
            continue;
        }
        b.body = strip_title(&b.body, &b.title);
    }

    if buckets.len() < 2 {
        let (lang, body) = match buckets.pop() {
            Some(b) => (Some(b.lang), b.body),
            None => (declared, main),
        };
        return Texts {
            lang: lang.or(declared),
            title: title.to_string(),
            body,
            translation: None,
        };
    }
    let original = buckets
        .iter()
        .position(|b| b.original == Some(true))
        .or_else(|| {
            buckets
                .iter()
                .position(|b| b.original == Some(false))
                .map(|t| usize::from(t == 0))
        })
        .or_else(|| buckets.iter().position(|b| Some(b.lang) == declared))
        .unwrap_or(0);
    let orig = buckets.remove(original);
    let other = buckets.remove(0);
    let title = if orig.title.is_empty() {
        other.title.clone()
    } else {
        orig.title
    };
    Texts {
        lang: Some(orig.lang),
        title,
        body: orig.body,
        translation: Some(Translation {
            lang: Some(other.lang),
            title: other.title,
            body: other.body,
        }),
    }
}

/// The body without a leading copy of the title.
fn strip_title(body: &str, title: &str) -> String {
    if title.is_empty() {
        return body.to_string();
    }
    match body.strip_prefix(title) {
        Some(rest) if rest.is_empty() || rest.starts_with('\n') => rest.trim_start().to_string(),
        _ => body.to_string(),
    }
}

/// A headline in the other language right under the `<h1>`: among the next three elements
/// after it (or after its wrapper, when the `<h1>` stands alone in one), a short one whose
/// `lang`, or failing that whose script, differs from the `<h1>`'s.
fn title_under<'a>(
    h1: ElementRef<'a>,
    declared: Option<Lang>,
) -> Option<(ElementRef<'a>, Lang, String)> {
    let h1_text = collapse(&h1.text().collect::<String>());
    let h1_lang = text_lang(&h1_text).or(declared)?;
    let after = |el: ElementRef<'a>| {
        el.next_siblings()
            .filter_map(ElementRef::wrap)
            .take(3)
            .collect::<Vec<_>>()
    };
    let mut candidates = after(h1);
    if candidates.is_empty() {
        if let Some(parent) = h1.parent().and_then(ElementRef::wrap) {
            candidates = after(parent);
        }
    }
    candidates.into_iter().find_map(|el| {
        let text = collapse(&el.text().collect::<String>());
        let chars = text.chars().count();
        // A headline: short, and no sentence ends in it (a paragraph of the article in the
        // other script is text, not a title, and must stay searchable).
        let sentences = text.contains('。') || text.ends_with(['.', '!', '?', '！', '？']);
        // A byline (`By Nike Ching`, `记者 王宝儿`) or a name is no headline: an English one
        // runs to three words or more.
        let lower = text.to_lowercase();
        let byline = [
            "by ", "作者", "记者", "記者", "文/", "文／", "photo", "video",
        ]
        .iter()
        .any(|w| lower.starts_with(w));
        let latin_words = text.split_whitespace().count();
        let short_latin = !text.chars().any(crate::reference::script::is_han) && latin_words < 3;
        if !(2..=MAX_TITLE_CHARS).contains(&chars)
            || sentences
            || byline
            || short_latin
            || crate::extract::date::find_date(&text).is_some()
        {
            return None;
        }
        let lang = lang_attr(el)
            .filter(|l| *l != Lang::Mixed)
            .or_else(|| text_lang(&text))?;
        (lang != h1_lang).then_some((el, lang, text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::formats::html::article::chrome_filter;
    use crate::ingest::formats::html::H1;

    fn split_page(html: &str) -> Texts {
        let page = Html::parse_document(html);
        let chrome = chrome_filter(&page);
        let declared = page.root_element().attr("lang").and_then(Lang::parse);
        let h1 = page.select(&H1).next();
        let title = h1
            .map(|h| collapse(&h.text().collect::<String>()))
            .unwrap_or_default();
        split(&page, &chrome, declared, &title, h1)
    }

    const ZH: &str = "某旅近日在高原组织夜间实弹射击训练，官兵们克服严寒缺氧等困难，圆满完成各项训练任务，检验了部队夜间作战能力。";
    const EN: &str = "A brigade recently held night live-fire training on the plateau, overcoming cold and thin air to complete every task and test its night combat capability.";

    #[test]
    fn a_paragraph_in_the_other_script_under_the_h1_is_text_not_a_title() {
        let page = format!(
            "<html lang='zh-CN'><body><article><h1>Web page 35</h1><p>{ZH}</p>\
             <p>第二段。</p></article></body></html>"
        );
        let texts = split_page(&page);
        assert!(texts.body.contains(ZH), "{texts:?}");
        assert_eq!(texts.title, "Web page 35");
    }

    #[test]
    fn a_byline_under_the_h1_is_no_translation() {
        for byline in ["By Nike Ching", "Nike Ching"] {
            let page = format!(
                "<html lang='zh-CN'><body><article><h1>美国批准对台军售</h1>\
                 <div class='byline'><a>{byline}</a></div><p>{ZH}</p></article></body></html>"
            );
            let texts = split_page(&page);
            assert!(texts.translation.is_none(), "{byline}: {texts:?}");
        }
    }

    #[test]
    fn original_marked_by_a_details_label() {
        let page = format!(
            "<html lang='en'><body><article><h1>Brigade trains at night</h1>\
             <div lang='zh-Hans'>高原某旅开展夜间训练</div>\
             <h2>Summary</h2><p>{EN}</p>\
             <details><summary>Original 原文</summary><p>{ZH}</p></details></article></body></html>"
        );
        let t = split_page(&page);
        assert_eq!(t.lang, Some(Lang::Zh));
        assert_eq!(t.title, "高原某旅开展夜间训练");
        assert_eq!(t.body, ZH);
        let tr = t.translation.unwrap();
        assert_eq!(
            (tr.lang, tr.title.as_str(), tr.body.as_str()),
            (Some(Lang::En), "Brigade trains at night", EN)
        );
    }

    #[test]
    fn lang_sections_without_labels_follow_the_page_language() {
        let page = format!(
            "<html lang='zh-CN'><body><h1>某旅开展夜间训练</h1><div class='content'>\
             <div lang='zh-CN'><p>{ZH}</p></div><div lang='en'><p>{EN}</p></div></div></body></html>"
        );
        let t = split_page(&page);
        assert_eq!(t.lang, Some(Lang::Zh));
        assert_eq!(t.body, ZH);
        let tr = t.translation.unwrap();
        assert_eq!((tr.lang, tr.body.as_str()), (Some(Lang::En), EN));
    }

    #[test]
    fn one_language_stays_one() {
        let page = format!("<html lang='en'><body><h1>Title</h1><p>{EN}</p></body></html>");
        let t = split_page(&page);
        assert_eq!(
            (t.lang, t.body.as_str(), t.translation),
            (Some(Lang::En), EN, None)
        );
    }
}
