//! Pages that hold several articles: a newspaper's e-paper page (`解放军报-数字报`, one page of
//! the paper: a heading, a byline and paragraphs, then the next heading), a digest of short
//! items. Each article is a document of its own, so that a search names the article that
//! matched, with its own title, rather than the page.
//!
//! Only a page without an article headline of its own (no `<h1>`, a `<title>` that names only
//! the site) is read this way, and only when its text falls wholly under two or more headings
//! of one level, each with text of its own: an article with subheadings has text before the
//! first of them, its lead.

use scraper::{ElementRef, Html};

use super::article::{element_text, inside_chrome, Dropped};
use super::text::collapse;

/// Text under a heading shorter than this (in characters) is a caption, not an article.
const MIN_ARTICLE_CHARS: usize = 20;

/// Text before the first heading longer than this is an article's lead.
const MAX_LEAD_CHARS: usize = 20;

/// One article of the page: its heading and its paragraphs.
#[derive(Debug, PartialEq)]
pub(super) struct Article {
    pub title: String,
    pub body: String,
}

/// The articles of a page that holds several (see the module docs), `None` for a page of one.
pub(super) fn articles(page: &Html, dropped: Dropped<'_>) -> Option<Vec<Article>> {
    ["h2", "h3", "h4"]
        .into_iter()
        .find_map(|level| under_headings(page, dropped, level))
}

/// The page's paragraphs gathered under its headings of `level`, when every paragraph falls
/// under one and there are two or more, each with text.
fn under_headings(page: &Html, dropped: Dropped<'_>, level: &str) -> Option<Vec<Article>> {
    let mut articles: Vec<Article> = Vec::new();
    let mut lead = 0;
    for el in page.root_element().descendent_elements() {
        let name = el.value().name();
        if !(name == level || name == "p") || dropped(el) || inside_chrome(el, dropped) {
            continue;
        }
        let text = element_text(el, dropped);
        let text = text.trim();
        if name == level {
            let title = collapse(text);
            if !title.is_empty() {
                articles.push(Article {
                    title,
                    body: String::new(),
                });
            }
            continue;
        }
        // A paragraph inside another is read with it.
        if text.is_empty()
            || el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "p")
        {
            continue;
        }
        match articles.last_mut() {
            Some(article) => {
                if !article.body.is_empty() {
                    article.body.push_str("\n\n");
                }
                article.body.push_str(text);
            }
            None => lead += text.chars().count(),
        }
    }
    let enough = |a: &Article| a.body.chars().count() >= MIN_ARTICLE_CHARS;
    (articles.len() >= 2 && lead <= MAX_LEAD_CHARS && articles.iter().all(enough))
        .then_some(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> Option<Vec<Article>> {
        let page = Html::parse_document(html);
        let chrome = super::super::article::chrome_filter(&page);
        articles(&page, &chrome)
    }

    #[test]
    fn an_e_paper_page_is_its_articles() {
        let page = r#"<html><body>
            <div class="header"><a href="/">中国军网</a><div class="paper-date">2026年05月21日</div></div>
            <h2>第04版：国防军事</h2>
            <div class="article"><h3>福建舰编队开展远海训练</h3>
              <p>■本报记者 张三</p><p>福建舰编队按照年度计划赴西太平洋开展远海实战化训练，检验远海作战能力。</p></div>
            <div class="article"><h3>某旅复盘演习</h3>
              <p>某旅组织官兵复盘去年年底参加的演习，梳理问题，逐一制定整改措施。</p></div>
            <div class="footer"><p>版权所有 未经授权禁止复制</p></div></body></html>"#;
        let found = read(page).expect("two articles");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "福建舰编队开展远海训练");
        assert!(
            found[0].body.starts_with("■本报记者 张三\n\n福建舰编队"),
            "{}",
            found[0].body
        );
        assert_eq!(found[1].title, "某旅复盘演习");
        assert!(!found[1].body.contains("版权"), "{}", found[1].body);
    }

    #[test]
    fn an_article_with_subheadings_is_one() {
        let page = r#"<html><body><h2>Defense white paper released</h2>
            <p>The State Council Information Office released a white paper on national defense on Thursday.</p>
            <h3>Policy</h3><p>China pursues a national defense policy that is defensive in nature.</p>
            <h3>Reform</h3><p>The armed forces have completed a round of reform of their structure.</p>
            </body></html>"#;
        assert_eq!(read(page), None);
        // Headings without text of their own under them: a list of links, not articles.
        let list =
            r#"<html><body><h3>One</h3><p>Short.</p><h3>Two</h3><p>Brief.</p></body></html>"#;
        assert_eq!(read(list), None);
    }
}
