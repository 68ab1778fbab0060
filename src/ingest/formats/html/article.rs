//! Which blocks of a page are the article: chrome (menus, headers, footers, share buttons,
//! related-link lists, scripts) is recognised by tag, ARIA role, `id`/`class` words and link
//! density; the article is the first known content container holding enough text, else the
//! best-scoring blocks by a small readability-style score (length and commas, discounted by
//! links), else the whole `<body>`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};

use super::text::{collapse, is_block, TextOut, Walker};
use super::{selector, BODY};

static PARAGRAPHS: LazyLock<Selector> =
    LazyLock::new(|| selector("p, pre, td, blockquote, div, section, article"));

/// Known article containers, most specific first: the first selector with a match holding
/// enough text wins.
static CONTAINERS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "[itemprop=articleBody]",
        ".TRS_Editor",
        "#article-content",
        ".article-content",
        "#articleContent",
        ".article_content",
        "#article_content",
        ".article-body",
        ".article_body",
        ".articleBody",
        "#zoom",
        ".post-content",
        ".entry-content",
        "article",
        ".article",
        "#article",
        "#content",
        ".content",
        "main",
        "[role=main]",
    ]
    .into_iter()
    .map(selector)
    .collect()
});

/// Whether an element is chrome (see [`is_chrome`]). Decided once per element:
/// deciding needs text statistics, and asking again for every descendant would make deep
/// pages quadratic.
pub(super) fn chrome_filter(page: &Html) -> impl Fn(ElementRef<'_>) -> bool {
    let chrome: HashSet<_> = page
        .root_element()
        .descendent_elements()
        .filter(|el| is_chrome(*el))
        .map(|el| el.id())
        .collect();
    move |el: ElementRef<'_>| chrome.contains(&el.id())
}

/// The article's text: the known content containers if any hold enough text, else the
/// best-scoring block, else the whole `<body>`; the `dropped` elements (chrome, and the
/// other-language parts read on their own) removed, paragraphs kept.
pub(super) fn article_text(page: &Html, dropped: Dropped<'_>) -> String {
    let mut out = TextOut::default();
    for root in content_roots(page, dropped) {
        out.para();
        Walker {
            strict: true,
            dropped,
        }
        .walk(root, &mut out, 0);
    }
    out.buf
}

/// The text of one element, without its `dropped` elements.
pub(super) fn element_text(el: ElementRef<'_>, dropped: Dropped<'_>) -> String {
    let mut out = TextOut::default();
    Walker {
        strict: true,
        dropped,
    }
    .walk(el, &mut out, 0);
    out.buf
}

/// Whether an element is dropped as chrome; see [`is_chrome`].
pub(super) type Dropped<'f> = &'f dyn Fn(ElementRef<'_>) -> bool;

/// A container holding less text than this is a teaser or an empty shell, not the article.
const MIN_ARTICLE_CHARS: usize = 40;

fn content_roots<'a>(page: &'a Html, dropped: Dropped<'_>) -> Vec<ElementRef<'a>> {
    for selector in CONTAINERS.iter() {
        let matches: Vec<ElementRef> = page
            .select(selector)
            .filter(|el| !dropped(*el) && !inside_chrome(*el, dropped))
            .filter(|el| {
                let stats = Stats::of(*el);
                stats.chars >= MIN_ARTICLE_CHARS && stats.link_density() < 0.5
            })
            .collect();
        // Nested matches (a `.content` inside a `.content`) are read once, through the outer.
        let ids: Vec<_> = matches.iter().map(|el| el.id()).collect();
        let outer: Vec<ElementRef> = matches
            .iter()
            .copied()
            .filter(|el| !el.ancestors().any(|a| ids.contains(&a.id())))
            .collect();
        if !outer.is_empty() {
            return outer;
        }
    }
    let best = best_scoring_blocks(page, dropped);
    if !best.is_empty() {
        return best;
    }
    page.select(&BODY).take(1).collect()
}

/// Readability's idea, small: every paragraph-like block scores by its length and its commas
/// (prose has many, menus none), passing its score to its parent in full and to its
/// grandparent in half; scores are discounted by link density. The winner comes with those
/// of its siblings that score at least a fifth as much, in page order: a Chinese original
/// and its English translation often sit in two sibling blocks, and both are the article.
fn best_scoring_blocks<'a>(page: &'a Html, dropped: Dropped<'_>) -> Vec<ElementRef<'a>> {
    // Scores in first-scored order (so ties go to the earlier block), found by node id.
    let mut scores: Vec<(ElementRef, f64)> = Vec::new();
    let mut index = HashMap::new();
    let mut add = |el: ElementRef<'a>, score: f64| match index.get(&el.id()) {
        Some(&i) => {
            if let Some((_, s)) = scores.get_mut(i) {
                *s += score;
            }
        }
        None => {
            index.insert(el.id(), scores.len());
            scores.push((el, score));
        }
    };
    for el in page.select(&PARAGRAPHS) {
        let name = el.value().name();
        // A div or section is a paragraph only when it holds text directly (text set with
        // <br> between lines, as older Chinese sites do).
        let text = if matches!(name, "div" | "section" | "article") {
            own_text(el)
        } else {
            el.text().collect::<String>()
        };
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if chars < 25 || dropped(el) || inside_chrome(el, dropped) {
            continue;
        }
        let commas = text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '。' | ';' | '；'))
            .count();
        let score = 1.0 + commas as f64 + (chars as f64 / 100.0).min(3.0);
        let parent = el.parent().and_then(ElementRef::wrap);
        let grandparent = parent.and_then(|p| p.parent()).and_then(ElementRef::wrap);
        if matches!(name, "div" | "section" | "article") {
            add(el, score);
            if let Some(p) = parent {
                add(p, score / 2.0);
            }
        } else {
            if let Some(p) = parent {
                add(p, score);
            }
            if let Some(g) = grandparent {
                add(g, score / 2.0);
            }
        }
    }
    let (page_level, scores): (Vec<_>, Vec<_>) = scores
        .into_iter()
        .map(|(el, score)| (el, score * (1.0 - Stats::of(el).link_density())))
        .partition(|(el, _)| matches!(el.value().name(), "html" | "body"));
    // `max_by` keeps the last of equal elements; reversed, that is the first scored.
    let Some((best, top)) = scores
        .iter()
        .rev()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
    else {
        return Vec::new();
    };
    // Paragraphs straight under `<body>` (an older ministry page) outscore any block: the
    // page is the article, not the one short block beside them (a breadcrumb trail).
    if page_level.iter().any(|(_, score)| *score > top) {
        return Vec::new();
    }
    let final_scores: HashMap<_, f64> = scores.iter().map(|(el, s)| (el.id(), *s)).collect();
    let Some(parent) = best.parent() else {
        return vec![best];
    };
    // The winner a paragraph itself (a `<section>` of text, as WeChat articles are written):
    // its sibling paragraphs are the article too, however short (a closing line of a dozen
    // characters scores little beside a long opening one).
    let paragraph = matches!(best.value().name(), "div" | "section")
        && own_text(best)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
            >= 25;
    let fellow = |sibling: ElementRef<'_>| {
        paragraph
            && sibling.value().name() == best.value().name()
            && !own_text(sibling).trim().is_empty()
            && Stats::of(sibling).link_density() < 0.5
    };
    parent
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|sibling| {
            sibling.id() == best.id()
                || !dropped(*sibling)
                    && (fellow(*sibling)
                        || final_scores
                            .get(&sibling.id())
                            .is_some_and(|score| *score >= top / 5.0))
        })
        .collect()
}

/// The text of `el`'s own text nodes and inline children, without its block children.
fn own_text(el: ElementRef<'_>) -> String {
    let mut text = String::new();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if !is_block(e.name()) && !DROP_TAGS.contains(&e.name()) => {
                if let Some(inline) = ElementRef::wrap(child) {
                    text.extend(inline.text());
                }
            }
            _ => {}
        }
    }
    text
}

/// True when an ancestor of `el` is dropped as chrome.
pub(super) fn inside_chrome(el: ElementRef<'_>, dropped: Dropped<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(dropped)
}

/// Elements whose content is never article text.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe",
    "button", "select", "textarea", "input", "svg", "canvas", "object", "embed", "head", "title",
    "menu", "dialog",
];

/// Elements that never hold text worth indexing, even when looking for a date line.
pub(super) const INVISIBLE_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "canvas", "object", "embed",
    "select", "textarea",
];

/// `id`/`class` words (or word prefixes) of page chrome. Chinese sites often name blocks in
/// pinyin initials: `xgxw` 相关新闻, `xglj` 相关链接, `fx`/`fenxiang` 分享, `dh`/`daohang` 导航.
const CHROME_PREFIXES: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "crumb",
    "metadata",
    "byline",
    "share",
    "social",
    "related",
    "recommend",
    "comment",
    "copyright",
    "toolbar",
    "pagination",
    "pager",
    "advert",
    "banner-ad",
    "cookie",
    "consent",
    "gdpr",
    "login",
    "search",
    "subnav",
    "topbar",
    "xgxw",
    "xglj",
    "xgyd",
    "tuijian",
    "fenxiang",
    "daohang",
    "bqsy",
    "newsletter",
    "subscri",
    "signup",
    "timestamp",
    "promo",
];
/// Names of chrome in several words (`read-next`, `more-on-this`), looked for in the whole
/// `id`/`class` lowercased.
const CHROME_PHRASES: &[&str] = &[
    "read-next",
    "readnext",
    "more-on-this",
    "why-trust",
    "trust-badge",
    "sign-up",
    "most-read",
    "most-popular",
    "more-stories",
    "also-read",
];
const CHROME_WORDS: &[&str] = &[
    "ad",
    "ads",
    "head",
    "foot",
    "bottom",
    "top",
    "dh",
    "fx",
    "tags",
    "print",
    "hidden",
    "published",
    "posted",
];
/// Words that start like chrome but are not: a navy, a commentary.
const NOT_CHROME: &[&str] = &[
    "navy",
    "naval",
    "commentary",
    "commentaries",
    "topic",
    "topics",
];

/// A block with more text than this and few links is content even if named like chrome (a
/// page wrapper `<div class="has-sidebar">`).
const CHROME_MAX_PROSE_CHARS: usize = 1000;

fn chrome_name(el: ElementRef<'_>) -> bool {
    let names = [
        el.value().id().unwrap_or_default(),
        el.attr("class").unwrap_or_default(),
    ];
    names.iter().any(|name| {
        let lower = name.to_lowercase();
        if CHROME_PHRASES.iter().any(|p| lower.contains(p)) {
            return true;
        }
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && !NOT_CHROME.iter().any(|n| w.starts_with(n)))
            .any(|w| CHROME_WORDS.contains(&w) || CHROME_PREFIXES.iter().any(|p| w.starts_with(p)))
    })
}

/// Whether a `<form>` wraps the page (ASP.NET sites put everything in one) rather than being
/// a search box, a login or a comment form: it holds the headline or paragraphs of prose.
fn wraps_the_page(form: ElementRef<'_>) -> bool {
    static HEADLINE: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
    static PROSE: LazyLock<Selector> = LazyLock::new(|| selector("p"));
    let prose: usize = form
        .select(&PROSE)
        .map(|p| p.text().map(|t| t.trim().chars().count()).sum::<usize>())
        .sum();
    form.select(&HEADLINE).next().is_some() || prose >= 200
}

/// Whether `el`'s style hides it (`display:none`).
fn styled_hidden(el: ElementRef<'_>) -> bool {
    el.value().attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    })
}

/// Whether a hidden block is a further page of a paged article (`<div class="page"
/// style="display:none">` beside the visible first page): a sibling of the same class is shown,
/// and it holds prose rather than links.
fn another_page(el: ElementRef<'_>) -> bool {
    let Some(class) = el.value().attr("class").filter(|c| !c.trim().is_empty()) else {
        return false;
    };
    let shown_sibling = el
        .parent()
        .into_iter()
        .flat_map(|p| p.children())
        .filter_map(ElementRef::wrap)
        .any(|s| s.id() != el.id() && s.value().attr("class") == Some(class) && !styled_hidden(s));
    let stats = Stats::of(el);
    shown_sibling && stats.chars >= MIN_ARTICLE_CHARS && stats.link_density() < 0.5
}

/// Whether `el` is chrome: by tag (scripts, navigation, headers, footers, forms), hidden,
/// by ARIA role, or named like chrome in its `id`/`class` unless it holds a lot of prose.
fn is_chrome(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let name = e.name();
    if DROP_TAGS.contains(&name) || e.attr("hidden").is_some() {
        return true;
    }
    if name == "form" {
        return !wraps_the_page(el);
    }
    if e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if styled_hidden(el) && !another_page(el) {
        return true;
    }
    if super::boilerplate::is_navigation(el) {
        return true;
    }
    if e.attr("role").is_some_and(|r| {
        matches!(
            r.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
        )
    }) {
        return true;
    }
    if matches!(name, "html" | "body" | "main" | "article") || !chrome_name(el) {
        return false;
    }
    let stats = Stats::of(el);
    !(stats.chars > CHROME_MAX_PROSE_CHARS && stats.link_density() < 0.3)
}

/// A list or box made of links: a related-news list, a menu without a telling class.
pub(super) fn is_link_list(el: ElementRef<'_>) -> bool {
    let min_links = match el.value().name() {
        "ul" | "ol" | "dl" => 2,
        "div" | "table" | "section" | "tbody" => 3,
        _ => return false,
    };
    let stats = Stats::of(el);
    stats.links >= min_links && stats.link_density() >= 0.6
}

/// Headings that introduce a related-links list.
const RELATED_LABELS: &[&str] = &[
    "相关新闻",
    "相关链接",
    "相关阅读",
    "相关报道",
    "相关文章",
    "相关稿件",
    "相关专题",
    "相關新聞",
    "相關鏈接",
    "相關閱讀",
    "推荐阅读",
    "延伸阅读",
    "延伸閱讀",
    "热点推荐",
    "热点新闻",
    "更多新闻",
    "更多精彩",
    "猜你喜欢",
    "related",
    "related news",
    "related links",
    "related articles",
    "related stories",
    "related content",
    "related reading",
    "read more",
    "more news",
    "more stories",
    "see also",
    "you may also like",
    "recommended",
];

pub(super) fn is_related_label(el: ElementRef<'_>) -> bool {
    is_related_heading(&collapse(&el.text().collect::<String>()))
}

/// Whether a short line is a heading that introduces related links (`相关新闻`, `Related`).
pub(super) fn is_related_heading(text: &str) -> bool {
    if text.chars().count() > 30 {
        return false;
    }
    let text = text
        .trim_end_matches([':', '：', '>', '»', ' '])
        .trim()
        .to_lowercase();
    RELATED_LABELS.contains(&text.as_str())
}

/// How much visible text an element holds, and how much of it is link text.
#[derive(Debug, Default)]
pub(super) struct Stats {
    /// Non-whitespace characters.
    pub(super) chars: usize,
    link_chars: usize,
    pub(super) links: usize,
}

impl Stats {
    /// Counted without recursion (an explicit stack), skipping scripts, styles and forms.
    pub(super) fn of(el: ElementRef<'_>) -> Stats {
        let mut stats = Stats::default();
        let mut stack: Vec<_> = el.children().map(|c| (c, false)).collect();
        while let Some((node, in_link)) = stack.pop() {
            match node.value() {
                Node::Text(t) => {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    stats.chars += n;
                    if in_link {
                        stats.link_chars += n;
                    }
                }
                Node::Element(e) => {
                    if INVISIBLE_TAGS.contains(&e.name()) {
                        continue;
                    }
                    let link = e.name() == "a";
                    stats.links += usize::from(link);
                    stack.extend(node.children().map(|c| (c, in_link || link)));
                }
                _ => {}
            }
        }
        stats
    }

    pub(super) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}
