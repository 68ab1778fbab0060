//! The editor's tags of a page: `<meta name="keywords">`, `article:tag`, `rel="tag"` links and
//! tag lists marked by class (`.tags`, `.tag-list`, `.labels`, `.keywords`), above or below
//! the title. Site-wide tag clouds in sidebars and footers are not the article's.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::selector;
use super::text::collapse;
use crate::reference::outlets::outlets;

static ARTICLE_TAGS: LazyLock<Selector> = LazyLock::new(|| {
    selector("meta[property='article:tag'][content], meta[name='article:tag'][content]")
});
static REL_TAG: LazyLock<Selector> = LazyLock::new(|| selector("a[rel]"));
static CLASSED: LazyLock<Selector> = LazyLock::new(|| selector("[class], [id]"));
static ITEMS: LazyLock<Selector> = LazyLock::new(|| selector("a, li, span"));

/// More tags than this on one page is a keyword dump, not an editor's labels.
const MAX_TAGS: usize = 20;

/// Class or id words of a tag list.
const TAG_LIST_WORDS: &[&str] = &[
    "tags",
    "tag",
    "taglist",
    "tag-list",
    "labels",
    "keywords",
    "keyword",
    "article-tags",
    "post-tags",
    "topics-list",
    "biaoqian",
    "gjc",
];

/// Words marking the surroundings of a site-wide tag cloud.
const NOT_ARTICLE: &[&str] = &[
    "sidebar", "footer", "cloud", "aside", "hot", "popular", "nav",
];

/// The page's tags in page order, each once.
/// `own` names the page's publisher and site: they put their own name among the keywords,
/// which is no label of the article; another outlet's name (东部战区 on a 中国军网 page) is.
pub(super) fn tags(page: &Html, meta: &HashMap<String, String>, own: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let site = meta.get("og:site_name").map(|s| s.to_lowercase());
    let own: Vec<&str> = own
        .iter()
        .filter_map(|name| outlets().lookup(name))
        .map(|outlet| outlet.name.as_str())
        .collect();
    let own_outlet = |tag: &str| {
        outlets()
            .lookup(tag)
            .is_some_and(|outlet| own.contains(&outlet.name.as_str()))
    };
    let mut add = |tag: &str| {
        let tag = collapse(tag);
        let tag =
            tag.trim_matches(|c: char| c == '#' || c.is_whitespace() || c == ',' || c == '，');
        let chars = tag.chars().count();
        let label = matches!(
            tag.to_lowercase().trim_end_matches([':', '：']),
            "tags" | "tag" | "标签" | "关键词" | "keywords" | "topics" | "labels"
        );
        if (1..=40).contains(&chars)
            && !label
            && !own_outlet(tag)
            && site.as_deref() != Some(tag.to_lowercase().as_str())
            && !out.iter().any(|t| t.eq_ignore_ascii_case(tag))
        {
            out.push(tag.to_string());
        }
    };
    for el in page.select(&CLASSED).filter(|el| is_tag_list(*el)) {
        let items: Vec<String> = el
            .select(&ITEMS)
            .filter(|i| !i.children().any(|c| c.value().is_element()))
            .map(|i| i.text().collect::<String>())
            .collect();
        if items.is_empty() {
            let text = el.text().collect::<String>();
            let text = text
                .split_once([':', '：'])
                .map_or(text.as_str(), |(_, rest)| rest);
            split_list(text).iter().for_each(|t| add(t));
        } else {
            items.iter().for_each(|t| add(t));
        }
    }
    for el in page.select(&REL_TAG) {
        if el
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("tag")))
        {
            add(&el.text().collect::<String>());
        }
    }
    for el in page.select(&ARTICLE_TAGS) {
        if let Some(content) = el.attr("content") {
            add(content);
        }
    }
    for key in ["keywords", "news_keywords"] {
        if let Some(keywords) = meta.get(key) {
            split_list(keywords).iter().for_each(|t| add(t));
        }
    }
    out.truncate(MAX_TAGS);
    out
}

/// A list of tags split at its commas (and the like); a list with none, of Chinese words set
/// apart by spaces (`九三阅兵 抗战胜利80周年 天安门`), at its spaces.
fn split_list(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = text
        .split([',', '，', ';', '；', '、', '|', '/'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let chinese_words = |t: &&str| {
        t.split_whitespace().count() > 1
            && t.split_whitespace()
                .all(|w| w.chars().any(crate::reference::script::is_han))
    };
    match parts.as_slice() {
        [one] if chinese_words(one) => one.split_whitespace().collect(),
        _ => parts,
    }
}

fn words(el: ElementRef<'_>) -> Vec<String> {
    let names = format!(
        "{} {}",
        el.value().id().unwrap_or_default(),
        el.attr("class").unwrap_or_default()
    )
    .to_ascii_lowercase();
    names.split_whitespace().map(str::to_string).collect()
}

/// A short element classed as a tag list, not inside a sidebar, footer or tag cloud.
fn is_tag_list(el: ElementRef<'_>) -> bool {
    let named = words(el).iter().any(|w| {
        TAG_LIST_WORDS.contains(&w.as_str())
            || w.split(['-', '_'])
                .any(|part| matches!(part, "tags" | "labels" | "keywords"))
    });
    if !named || matches!(el.value().name(), "meta" | "a" | "html" | "body") {
        return false;
    }
    let text_len = el.text().map(|t| t.chars().count()).sum::<usize>();
    if text_len > 600 {
        return false;
    }
    let nested = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let name = a.value().name();
        matches!(name, "aside" | "footer" | "nav")
            || words(a).iter().any(|w| NOT_ARTICLE.iter().any(|n| w.contains(n)))
            // A list inside a list is read once, through the outer one.
            || words(a).iter().any(|w| TAG_LIST_WORDS.contains(&w.as_str()))
    });
    !nested
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::formats::html::meta::meta_tags;

    /// The tags of a page the Ministry of National Defense publishes.
    fn tags_of(html: &str) -> Vec<String> {
        let page = Html::parse_document(html);
        tags(&page, &meta_tags(&page), &["Ministry of National Defense"])
    }

    #[test]
    fn another_outlets_name_is_a_tag_and_spaced_chinese_keywords_are_several() {
        let got = tags_of(
            "<html><head><meta name='keywords' content='九三阅兵 抗战胜利80周年 东部战区'>\
             </head><body><p>x</p></body></html>",
        );
        assert_eq!(got, ["九三阅兵", "抗战胜利80周年", "东部战区"]);
    }

    #[test]
    fn tags_from_every_shape() {
        let got = tags_of(
            "<html><head><meta name='keywords' content='南海, 演习,国防部'>\
             <meta property='article:tag' content='Navy'></head><body>\
             <ul class='tag-list'><li><a href='/t/taiwan'>Taiwan</a></li><li><a>South China Sea</a></li></ul>\
             <p>Filed under <a rel='tag' href='/t/x'>Exercises</a></p>\
             <div class='sidebar'><div class='tags'><a>Everything</a></div></div>\
             <div class='keywords'>关键词：海警、维权</div></body></html>",
        );
        assert_eq!(
            got,
            [
                "Taiwan",
                "South China Sea",
                "海警",
                "维权",
                "Exercises",
                "Navy",
                "南海",
                "演习"
            ]
        );
    }

    #[test]
    fn no_tags_no_list() {
        assert!(tags_of("<p>plain</p>").is_empty());
        let many: String = (0..40).map(|i| format!("k{i},")).collect();
        let got = tags_of(&format!("<meta name=keywords content='{many}'>"));
        assert_eq!(got.len(), MAX_TAGS);
    }
}
