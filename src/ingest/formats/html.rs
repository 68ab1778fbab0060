//! Saved web pages (`.html`, `.htm`, `.shtml`, `.xhtml`): one article page → one document.
//!
//! Metadata comes from what the page states: Open Graph and other `<meta>` tags, `<title>`,
//! `<link rel=canonical>`, `<time datetime>`, `<html lang>`. The body is the article text
//! without the page's chrome (menus, headers, footers, share buttons, related-link lists,
//! scripts): likely chrome is dropped by tag, by `id`/`class` words and by link density, and the
//! article is found in a known content container (`article`, `.TRS_Editor`, `#zoom`, ...) or,
//! failing that, in the block with the best readability-style score (much text, many commas,
//! few links). Related headlines listed on the page are dropped, not indexed.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};

use super::{strip_bom, FileParse};
use crate::document::{Date, Lang, Parsed};
use crate::extract::date::{find_date, parse_loose};

/// Parses one HTML page into one document.
pub fn parse(text: &str) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let page = Html::parse_document(text);
    let meta = meta_tags(&page);
    let get = |key: &str| meta.get(key).cloned();

    let url = get("og:url").or_else(|| canonical_link(&page));
    let site_name = get("og:site_name");
    let url_source = url.as_deref().and_then(source_for_url);
    let known: Vec<&str> = site_name
        .iter()
        .chain(&url_source)
        .map(String::as_str)
        .collect();
    let h1 = first_text(&page, &H1);
    let raw_title = first_text(&page, &TITLE);
    let (page_title, title_site) = match &raw_title {
        Some(raw) => {
            let (title, site) = split_title(raw, &known);
            // A segment that is the page's <h1> is the article title, whatever the rest is.
            let h1_segment = h1
                .as_deref()
                .filter(|h| segments(raw).iter().any(|s| s == h))
                .map(str::to_string);
            (h1_segment.or(Some(title)), site)
        }
        None => (None, None),
    };
    let title = get("og:title")
        .map(|t| split_title(&t, &known).0)
        .or(page_title)
        .or_else(|| h1.clone())
        .unwrap_or_default();

    let source = site_name.or(url_source).or(title_site);
    let lang = page
        .root_element()
        .attr("lang")
        .or_else(|| page.root_element().attr("xml:lang"))
        .and_then(Lang::parse);
    let date = meta_date(&meta)
        .or_else(|| time_date(&page))
        .or_else(|| date_after_title(&page, &title, h1.as_deref()));

    let mut body = article_text(&page);
    // The root often holds the <h1> too; the title is indexed separately.
    if let Some(rest) = body.strip_prefix(title.as_str()) {
        if rest.is_empty() || rest.starts_with('\n') {
            body = rest.trim_start().to_string();
        }
    }

    if title.is_empty() && body.is_empty() {
        return FileParse::failed("no title or body");
    }
    FileParse {
        docs: vec![Parsed {
            title,
            body,
            lang,
            date,
            source,
            url,
            ..Parsed::default()
        }],
        errors: Vec::new(),
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("built-in CSS selector is valid")
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static LINK: LazyLock<Selector> = LazyLock::new(|| selector("link[rel][href]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
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

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first non-empty value
/// of a key wins.
fn meta_tags(page: &Html) -> HashMap<String, String> {
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

fn canonical_link(page: &Html) -> Option<String> {
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
fn first_text(page: &Html, selector: &Selector) -> Option<String> {
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

fn meta_date(meta: &HashMap<String, String>) -> Option<Date> {
    DATE_KEYS
        .iter()
        .find_map(|key| meta.get(*key).and_then(|v| parse_loose(v)))
}

/// `<time datetime="...">`, else the text of a `<time>` element.
fn time_date(page: &Html) -> Option<Date> {
    let times: Vec<ElementRef> = page.select(&TIME).collect();
    times
        .iter()
        .find_map(|el| el.attr("datetime").and_then(parse_loose))
        .or_else(|| {
            times
                .iter()
                .find_map(|el| find_date(&el.text().collect::<String>()))
        })
}

/// A date in the 300 characters of page text after the title (or the `<h1>`), where article
/// pages print their date line. Text before the title is not searched: page headers show
/// today's date.
fn date_after_title(page: &Html, title: &str, h1: Option<&str>) -> Option<Date> {
    let body = page.select(&BODY).next()?;
    let mut out = TextOut::default();
    let invisible = |el: ElementRef<'_>| INVISIBLE_TAGS.contains(&el.value().name());
    Walker {
        strict: false,
        dropped: &invisible,
    }
    .walk(body, &mut out, 0);
    let text = out.buf;
    [Some(title), h1]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .find_map(|t| {
            let at = text.find(t)? + t.len();
            let after: String = text.get(at..)?.chars().take(300).collect();
            find_date(&after)
        })
}

/// Outlets milpress knows by host (the host itself or any subdomain of it).
const HOSTS: &[(&str, &str)] = &[
    ("mod.gov.cn", "Ministry of National Defense"),
    ("81.cn", "PLA Daily"),
    ("chinamil.com.cn", "China Military Online"),
    ("mfa.gov.cn", "Ministry of Foreign Affairs"),
    ("fmprc.gov.cn", "Ministry of Foreign Affairs"),
    ("globaltimes.cn", "Global Times"),
    ("xinhuanet.com", "Xinhua"),
    ("news.cn", "Xinhua"),
];

/// The outlet of a known host: `http://eng.mod.gov.cn/xb/...` → Ministry of National Defense.
pub fn source_for_url(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
    let rest = rest.trim_start_matches('/');
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    HOSTS
        .iter()
        .find(|(domain, _)| {
            host == *domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.'))
        })
        .map(|(_, name)| name.to_string())
}

/// What separates a page title from the site's name.
const TITLE_SEPARATORS: &[&str] = &[" - ", " | ", "|", " _ ", "_", " – ", "–", "——", " — ", "－"];

/// Names of outlets that appear as title suffixes or prefixes.
const SITE_NAMES: &[&str] = &[
    "国防部",
    "中华人民共和国国防部",
    "国防部网",
    "中国军网",
    "解放军报",
    "中国军队",
    "外交部",
    "新华网",
    "新华社",
    "环球时报",
    "环球网",
    "人民网",
    "央视网",
    "China Military Online",
    "China Military",
    "PLA Daily",
    "Ministry of National Defense",
    "Ministry of Foreign Affairs",
    "Xinhua",
    "Global Times",
    "China Daily",
    "CGTN",
];

/// Splits a `<title>` into the article title and the site name it carries.
///
/// The rule: while the first or last ` - `/` | `/`_`/`——`/`–`-separated segment names a site
/// (a known outlet, the page's `og:site_name` or its host's outlet, or a segment shaped like a
/// site name: ending in 网 / Online / Daily / News, starting with 中华人民共和国, holding a
/// domain), it is cut off; the first one cut is the site name. Segments that do not look
/// like a site stay, so `强军之路——写在建军节之际_中国军网` keeps its subtitle.
fn split_title(raw: &str, known: &[&str]) -> (String, Option<String>) {
    let mut title = raw.trim();
    let mut site = None;
    loop {
        let last = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title.rfind(sep).map(|at| (at, at + sep.len())))
            .max_by_key(|(at, end)| (*at, *end));
        if let Some((at, end)) = last {
            let (head, tail) = (title.get(..at), title.get(end..));
            if let (Some(head), Some(tail)) = (head, tail) {
                if !head.trim().is_empty() && is_site_name(tail.trim(), known) {
                    site.get_or_insert_with(|| tail.trim().to_string());
                    title = head.trim();
                    continue;
                }
            }
        }
        let first = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title.find(sep).map(|at| (at, at + sep.len())))
            .min_by_key(|(at, end)| (*at, usize::MAX - *end));
        if let Some((at, end)) = first {
            if let (Some(head), Some(tail)) = (title.get(..at), title.get(end..)) {
                if !tail.trim().is_empty() && is_site_name(head.trim(), known) {
                    site.get_or_insert_with(|| head.trim().to_string());
                    title = tail.trim();
                    continue;
                }
            }
        }
        break;
    }
    (collapse(title), site)
}

/// Every separator-delimited segment of a title, trimmed.
fn segments(raw: &str) -> Vec<String> {
    let mut parts = vec![raw.to_string()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| collapse(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_site_name(segment: &str, known: &[&str]) -> bool {
    if segment.is_empty() || segment.chars().count() > 40 {
        return false;
    }
    let lower = segment.to_lowercase();
    let same = |name: &str| lower == name.to_lowercase();
    SITE_NAMES.iter().any(|n| same(n))
        || known.iter().any(|n| same(n))
        || ["网", "官网", "网站", "门户"]
            .iter()
            .any(|s| segment.ends_with(s))
        || [" online", " daily", " news", " network", " times"]
            .iter()
            .any(|s| lower.ends_with(s))
        || segment.starts_with("中华人民共和国")
        || lower.starts_with("ministry of ")
        || [".com", ".cn", ".org", "www."]
            .iter()
            .any(|s| lower.contains(s))
}

/// The article's text: the known content containers if any hold enough text, else the
/// best-scoring block, else the whole `<body>`; chrome removed, paragraphs kept.
fn article_text(page: &Html) -> String {
    // Decided once per element: deciding needs text statistics, and asking again for every
    // descendant would make deep pages quadratic.
    let chrome: HashSet<_> = page
        .root_element()
        .descendent_elements()
        .filter(|el| is_chrome(*el))
        .map(|el| el.id())
        .collect();
    let dropped = |el: ElementRef<'_>| chrome.contains(&el.id());
    let mut out = TextOut::default();
    for root in content_roots(page, &dropped) {
        out.para();
        Walker {
            strict: true,
            dropped: &dropped,
        }
        .walk(root, &mut out, 0);
    }
    out.buf
}

/// Whether an element is dropped as chrome; see [`is_chrome`].
type Dropped<'f> = &'f dyn Fn(ElementRef<'_>) -> bool;

/// A container holding less text than this is a teaser or an empty shell, not the article.
const MIN_ARTICLE_CHARS: usize = 40;

fn content_roots<'a>(page: &'a Html, dropped: Dropped<'_>) -> Vec<ElementRef<'a>> {
    for selector in CONTAINERS.iter() {
        let matches: Vec<ElementRef> = page
            .select(selector)
            .filter(|el| !inside_chrome(*el, dropped))
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
        if chars < 25 || inside_chrome(el, dropped) {
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
    let scores: Vec<(ElementRef, f64)> = scores
        .into_iter()
        .filter(|(el, _)| !matches!(el.value().name(), "html" | "body"))
        .map(|(el, score)| (el, score * (1.0 - Stats::of(el).link_density())))
        .collect();
    // `max_by` keeps the last of equal elements; reversed, that is the first scored.
    let Some((best, top)) = scores
        .iter()
        .rev()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
    else {
        return Vec::new();
    };
    let final_scores: HashMap<_, f64> = scores.iter().map(|(el, s)| (el.id(), *s)).collect();
    let Some(parent) = best.parent() else {
        return vec![best];
    };
    parent
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|sibling| {
            sibling.id() == best.id()
                || final_scores
                    .get(&sibling.id())
                    .is_some_and(|score| *score >= top / 5.0)
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
fn inside_chrome(el: ElementRef<'_>, dropped: Dropped<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(dropped)
}

/// Elements whose content is never article text.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "button", "select", "textarea", "input", "svg", "canvas", "object", "embed", "head",
    "title", "menu", "dialog",
];

/// Elements that never hold text worth indexing, even when looking for a date line.
const INVISIBLE_TAGS: &[&str] = &[
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
];
const CHROME_WORDS: &[&str] = &[
    "ad", "ads", "head", "foot", "bottom", "top", "dh", "fx", "tags", "print", "hidden",
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
        name.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && !NOT_CHROME.iter().any(|n| w.starts_with(n)))
            .any(|w| CHROME_WORDS.contains(&w) || CHROME_PREFIXES.iter().any(|p| w.starts_with(p)))
    })
}

/// Whether `el` is chrome: by tag (scripts, navigation, headers, footers, forms), hidden,
/// by ARIA role, or named like chrome in its `id`/`class` unless it holds a lot of prose.
fn is_chrome(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let name = e.name();
    if DROP_TAGS.contains(&name) || e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
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
fn is_link_list(el: ElementRef<'_>) -> bool {
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

fn is_related_label(el: ElementRef<'_>) -> bool {
    let text = collapse(&el.text().collect::<String>());
    if text.chars().count() > 30 {
        return false;
    }
    let text = text
        .trim_end_matches([':', '：', '>', '»', ' '])
        .trim()
        .to_lowercase();
    RELATED_LABELS.contains(&text.as_str())
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "tbody"
            | "thead"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "center"
            | "address"
            | "hr"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
    )
}

fn is_line(name: &str) -> bool {
    matches!(name, "br" | "li" | "tr" | "dt" | "dd" | "caption")
}

/// Deeper nesting than this is read flat: recursion must stay bounded on any input.
const MAX_DEPTH: usize = 200;

/// Turns an element's subtree into text with paragraph breaks, skipping chrome.
struct Walker<'f> {
    /// Also drop related-link labels and link lists (not when looking for a date line).
    strict: bool,
    dropped: Dropped<'f>,
}

impl Walker<'_> {
    fn walk(&self, el: ElementRef<'_>, out: &mut TextOut, depth: usize) {
        if depth > MAX_DEPTH {
            out.push(&el.text().collect::<String>());
            return;
        }
        // After a "相关新闻" label, the link lists that follow it go too.
        let mut after_label = false;
        for child in el.children() {
            let element = match child.value() {
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        after_label = false;
                    }
                    out.push(t);
                    continue;
                }
                Node::Element(_) => match ElementRef::wrap(child) {
                    Some(element) => element,
                    None => continue,
                },
                _ => continue,
            };
            let name = element.value().name();
            if (self.dropped)(element) {
                continue;
            }
            if self.strict {
                if is_related_label(element) {
                    after_label = true;
                    continue;
                }
                let links = Stats::of(element);
                if after_label && (links.chars == 0 || links.link_density() >= 0.5) {
                    continue;
                }
                after_label = false;
                if is_link_list(element) {
                    continue;
                }
            }
            if name == "br" {
                out.line();
                continue;
            }
            if matches!(name, "td" | "th") {
                out.space();
            }
            let block = is_block(name);
            let line = is_line(name);
            if block {
                out.para();
            } else if line {
                out.line();
            }
            self.walk(element, out, depth + 1);
            if block {
                out.para();
            } else if line {
                out.line();
            }
        }
    }
}

/// Text with collapsed whitespace: a pending break is written only before more text, so the
/// result never starts or ends with whitespace and never has blank runs.
#[derive(Default)]
struct TextOut {
    buf: String,
    pending: Gap,
}

#[derive(Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    #[default]
    None,
    Space,
    Line,
    Para,
}

impl TextOut {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space();
                continue;
            }
            if !self.buf.is_empty() {
                match self.pending {
                    Gap::None => {}
                    Gap::Space => self.buf.push(' '),
                    Gap::Line => self.buf.push('\n'),
                    Gap::Para => self.buf.push_str("\n\n"),
                }
            }
            self.pending = Gap::None;
            self.buf.push(c);
        }
    }

    fn space(&mut self) {
        self.pending = self.pending.max(Gap::Space);
    }

    fn line(&mut self) {
        self.pending = self.pending.max(Gap::Line);
    }

    fn para(&mut self) {
        self.pending = self.pending.max(Gap::Para);
    }
}

/// How much visible text an element holds, and how much of it is link text.
#[derive(Debug, Default)]
struct Stats {
    /// Non-whitespace characters.
    chars: usize,
    link_chars: usize,
    links: usize,
}

impl Stats {
    /// Counted without recursion (an explicit stack), skipping scripts, styles and forms.
    fn of(el: ElementRef<'_>) -> Stats {
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

    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Whitespace runs (including full-width spaces and NBSP) → one space; trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::decode;

    /// Parses a fixture page and checks that it gives exactly one document, no errors.
    fn one(html: &str) -> Parsed {
        let out = parse(html);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let [doc] = &out.docs[..] else {
            panic!("{:?}", out.docs)
        };
        doc.clone()
    }

    fn assert_contains_all(body: &str, wanted: &[&str]) {
        for w in wanted {
            assert!(body.contains(w), "body lacks {w:?}:\n{body}");
        }
    }

    fn assert_contains_none(body: &str, unwanted: &[&str]) {
        for u in unwanted {
            assert!(!body.contains(u), "body holds {u:?}:\n{body}");
        }
    }

    const MND: &str = include_str!("../../../tests/fixtures/html/mnd-briefing.html");

    #[test]
    fn mnd_page_without_related_links_and_footer() {
        let doc = one(MND);
        assert_eq!(doc.title, "国防部：中方将派舰艇参加多国联合海上搜救演练");
        assert_eq!(doc.date, Date::new(2026, 5, 18));
        assert_eq!(
            doc.url.as_deref(),
            Some("http://www.mod.gov.cn/gfbw/xwfyr/2026-05/18/content_0001.html")
        );
        assert_eq!(doc.source.as_deref(), Some("Ministry of National Defense"));
        assert_eq!(doc.lang, Some(Lang::Zh));
        assert_contains_all(
            &doc.body,
            &[
                "国防部新闻发言人张明远",
                "不针对任何第三方",
                "记者：演练期间是否邀请观察员？",
            ],
        );
        assert_contains_none(
            &doc.body,
            &[
                "首页",
                "网站地图",
                "相关新闻",
                "国防部举行五月第二次例行记者会",
                "版权所有",
                "京ICP备",
                "document.write",
                "分享到",
            ],
        );
        // Paragraphs stay paragraphs.
        assert!(doc.body.contains("。\n\n"), "{}", doc.body);
    }

    const PLA_DAILY: &str = include_str!("../../../tests/fixtures/html/pladaily-trs.html");

    #[test]
    fn pla_daily_page_with_nested_divs() {
        let doc = one(PLA_DAILY);
        assert_eq!(doc.title, "高原某旅开展夜间实弹射击训练");
        assert_eq!(doc.date, Date::new(2026, 4, 9));
        assert_eq!(
            doc.url.as_deref(),
            Some("http://www.81.cn/jfjbmap/content/2026-04/09/content_5555.htm")
        );
        assert_eq!(doc.source.as_deref(), Some("PLA Daily"));
        assert_contains_all(
            &doc.body,
            &[
                "海拔四千余米的训练场上",
                "官兵们在零下十五摄氏度的寒夜中",
                "旅长李国栋介绍",
            ],
        );
        assert_contains_none(
            &doc.body,
            &[
                "军网首页",
                "责任编辑",
                "推荐阅读",
                "扫码关注",
                "var pageId",
                "上一篇",
            ],
        );
    }

    const CHINAMIL: &str = include_str!("../../../tests/fixtures/html/chinamil-english.html");

    #[test]
    fn english_page_with_open_graph() {
        let doc = one(CHINAMIL);
        assert_eq!(
            doc.title,
            "Chinese and regional navies wrap up joint search-and-rescue drill"
        );
        assert_eq!(doc.date, Date::new(2026, 5, 29));
        assert_eq!(
            doc.url.as_deref(),
            Some("http://eng.chinamil.com.cn/CHINA_209163/TopStories_209189/2026-05/29/content_777.htm")
        );
        assert_eq!(doc.source.as_deref(), Some("China Military Online"));
        assert_eq!(doc.lang, Some(Lang::En));
        assert_contains_all(
            &doc.body,
            &[
                "The five-day drill ended on Friday",
                "a simulated collision between a cargo ship and a fishing vessel",
                "Senior Colonel Zhang Mingyuan",
            ],
        );
        assert_contains_none(
            &doc.body,
            &[
                "Home",
                "Subscribe to our newsletter",
                "Related Stories",
                "PLA Navy commissions new survey ship",
                "Copyright",
                "gtag(",
                "Share on",
            ],
        );
    }

    const BILINGUAL: &str = include_str!("../../../tests/fixtures/html/bilingual.html");

    #[test]
    fn bilingual_page_keeps_both_texts() {
        let doc = one(BILINGUAL);
        assert_eq!(doc.title, "外交部发言人就海上搜救合作答问");
        assert_eq!(doc.date, Date::new(2026, 6, 2));
        assert_eq!(doc.source.as_deref(), Some("Ministry of Foreign Affairs"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://www.mfa.gov.cn/fyrbt/202606/t20260602_0002.shtml")
        );
        assert_contains_all(
            &doc.body,
            &[
                "海上搜救合作符合各方共同利益",
                "Maritime search and rescue cooperation serves the common interests",
                "欢迎更多国家参与",
                "We welcome more countries to take part",
            ],
        );
        assert_contains_none(
            &doc.body,
            &["English version", "打印本页", "相关链接", "网站声明"],
        );
    }

    const GBK_PAGE: &[u8] = include_bytes!("../../../tests/fixtures/html/mnd-briefing-gbk.html");

    #[test]
    fn gbk_page_parses_like_its_utf8_twin() {
        let decoded = decode(GBK_PAGE).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.warning.as_deref()),
            ("GBK", None)
        );
        assert_eq!(one(&decoded.text), one(MND));
    }

    #[test]
    fn titles_lose_site_names() {
        const CASES: &[(&str, &str, Option<&str>)] = &[
            (
                "国防部：中方将派舰艇参加演练_中华人民共和国国防部",
                "国防部：中方将派舰艇参加演练",
                Some("中华人民共和国国防部"),
            ),
            (
                "China Military Online - Navies wrap up drill",
                "Navies wrap up drill",
                Some("China Military Online"),
            ),
            (
                "强军之路——写在建军节之际_中国军网",
                "强军之路——写在建军节之际",
                Some("中国军网"),
            ),
            (
                "Spokesperson's remarks | Ministry of Foreign Affairs of the PRC",
                "Spokesperson's remarks",
                Some("Ministry of Foreign Affairs of the PRC"),
            ),
            ("US - China talks resume", "US - China talks resume", None),
            ("_", "_", None),
            ("新华网 - ", "新华网 -", None),
        ];
        for (raw, title, site) in CASES {
            let got = split_title(raw, &[]);
            assert_eq!((got.0.as_str(), got.1.as_deref()), (*title, *site), "{raw}");
        }
    }

    #[test]
    fn sources_of_known_hosts() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "http://eng.mod.gov.cn/xb/News_213114/t.html",
                Some("Ministry of National Defense"),
            ),
            ("https://www.81.cn/a.htm", Some("PLA Daily")),
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
    fn date_from_the_line_after_the_title() {
        const PAGE: &str = "<html><body><div class=top>今天是2026年06月30日</div>\
            <h1>某部开展救援训练</h1><div class=info>来源：中国军网 2026年05月18日 08:30</div>\
            <div><p>训练内容包括，搜索、救护、转运，持续三天，参训人员众多，效果良好。</p></div></body></html>";
        let doc = one(PAGE);
        assert_eq!(doc.title, "某部开展救援训练");
        assert_eq!(doc.date, Date::new(2026, 5, 18));
        assert!(doc.body.contains("训练内容包括"), "{}", doc.body);
    }

    #[test]
    fn odd_pages_never_panic() {
        const INPUTS: &[&str] = &[
            "",
            "<",
            "<html",
            "<title>",
            "<title> | _ ——</title>",
            "<meta property=og:title content=''><h1></h1>",
            "<a href=x>",
            "<table><td>a<td>b</table>",
            "<div class=nav><div class=nav><p>x</p></div></div>",
            "<link rel=canonical href=''>",
            "<time datetime='2026-13-45'>yesterday</time>",
            "\u{feff}<p>中文</p>",
        ];
        for input in INPUTS {
            let _ = parse(input);
        }
        let deep = format!("{}文本{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let doc = parse(&deep);
        assert!(doc.docs.iter().any(|d| d.body.contains("文本")));
    }
}
