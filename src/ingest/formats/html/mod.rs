//! Saved web pages (`.html`, `.htm`, `.shtml`, `.xhtml`): one article page → one document;
//! a page of several articles under their headings (an e-paper's page) → one each (`paper`).
//!
//! [`parse`] puts together what the four parts find. `meta`: what the page states about
//! itself (Open Graph and other `<meta>` tags, `<link rel=canonical>`, `<time datetime>`, a
//! date line after the title) and the outlet a known host stands for. `title`: the article
//! title, with the site name cut from `<title>`. `article`: which blocks are the article and
//! which are chrome (menus, headers, footers, share buttons, related-link lists, scripts),
//! by tag, by `id`/`class` words, by link density, by known content containers (`article`,
//! `.TRS_Editor`, `#zoom`, ...) and failing those by a readability-style score (much text,
//! many commas, few links). `text`: rendering the chosen blocks as text with paragraph
//! breaks. Related headlines listed on the page are dropped, not indexed. `fragment`: the same
//! rendering for markup inside a record's field (a JSON or CSV body that is HTML).

mod article;
mod bilingual;
pub(crate) mod boilerplate;
mod fragment;
mod meta;
mod minister;
mod origin;
mod paper;
mod tags;
mod text;
mod title;

use std::sync::LazyLock;

use scraper::{Html, Selector};

use super::{strip_bom, FileParse};
use crate::document::{Date, Lang, Parsed};
use crate::reference::outlets::outlets;
use article::chrome_filter;
use meta::{
    canonical_link, date_after_title, date_before_heading, first_text, issue_date, labelled_date,
    meta_date, meta_tags, posted_date, scripted_date, split_date, text_after_title, time_date,
    time_text_date, visible_text,
};
use origin::{named_source, original_link, saved_from};
use title::{segments, site_beside, split_title};

pub use fragment::{field_line, field_text, is_markup};
pub use meta::source_for_url;

/// Parses one HTML page into one document.
pub fn parse(text: &str) -> FileParse {
    parse_saved(text, None)
}

/// [`parse`], for a page whose address was kept apart from it (a single-file page's
/// `Content-Location`), as a browser's `saved from url=` note keeps it inside.
pub fn parse_saved(text: &str, saved_at: Option<&str>) -> FileParse {
    let raw = strip_bom(text);
    if raw.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let page = Html::parse_document(raw);
    let meta = meta_tags(&page);
    let get = |key: &str| meta.get(key).cloned();

    // The page's own address, and the original's when the page links to it.
    let own_url = get("og:url").or_else(|| canonical_link(&page));
    let saved_at = saved_at
        .filter(|u| u.contains("://") && !u.starts_with("about:") && !u.starts_with("file:"))
        .map(str::to_string);
    let page_url = saved_at
        .or_else(|| saved_from(raw))
        .or_else(|| own_url.clone());
    let original = original_link(&page);
    let url = original
        .clone()
        .or_else(|| own_url.clone().filter(|u| source_for_url(u).is_some()))
        .or_else(|| page_url.clone());

    let site_name = get("og:site_name");
    let url_source = url.as_deref().and_then(source_for_url);
    let known: Vec<&str> = site_name
        .iter()
        .chain(&url_source)
        .map(String::as_str)
        .collect();
    let h1_el = page
        .select(&H1)
        .find(|h| !h.text().collect::<String>().trim().is_empty());
    let h1 = first_text(&page, &H1);
    let raw_title = first_text(&page, &TITLE);
    let (page_title, title_site) = match &raw_title {
        Some(raw) => {
            let (title, site) = split_title(raw, &known);
            // A segment that is the page's <h1> is the article title, whatever the rest is,
            // and the rest names the site.
            let h1_segment = h1
                .as_deref()
                .filter(|h| segments(raw).iter().any(|s| s == h))
                .map(str::to_string);
            let site = site.or_else(|| {
                h1_segment
                    .as_deref()
                    .and_then(|article| site_beside(raw, article))
            });
            (h1_segment.or(Some(title)), site)
        }
        None => (None, None),
    };
    // A section's name taken for the site (`… | 政治 | 中央社 CNA`, `… - 明報新聞網 - 即時新聞
    // instant news`): the short segment that names an outlet the directory knows.
    let title_site = match (title_site, &raw_title) {
        (Some(site), Some(raw)) if outlets().find_in(&site).is_none() => segments(raw)
            .iter()
            .filter(|s| s.chars().count() <= 24)
            .find_map(|s| outlets().find_in(s))
            .map(|outlet| outlet.name.clone())
            .or(Some(site)),
        (site, _) => site,
    };
    // A <title> that is only the outlet's name (the headline being in og:title) names it.
    let mut title_site = title_site.or_else(|| {
        raw_title
            .as_deref()
            .and_then(|raw| outlets().lookup(raw))
            .map(|outlet| outlet.name.clone())
    });
    let mut title = get("og:title")
        .map(|t| split_title(&t, &known).0)
        .or(page_title)
        .or_else(|| h1.clone())
        .unwrap_or_default();
    // A page whose title only names its site (`Ministry of National Defense, R.O.C.(Taiwan) -
    // News Releases`) and that has no <h1> gives its headline in an <h2>.
    // `JCS Press Release`: an outlet and the kind of page.
    let masthead = crate::ingest::formats::masthead(&title);
    // A <title> of a word or two over a headline of a sentence (`MINDEF Singapore` over
    // `Transcript of Minister for Defence …'s Doorstop Interview`) names the site.
    if let Some(h1) = h1
        .as_deref()
        .filter(|h1| short_name(&title) && headline_like(h1) && !outlets().is_name(h1))
    {
        let site = std::mem::replace(&mut title, h1.to_string());
        title_site = title_site.or(Some(site));
    }
    let logo = logo_name(&page);
    let visible = visible_text(&page);
    let names_only_the_site = title.is_empty()
        || outlets().is_name(&title)
        || masthead.is_some()
        || title_site.as_deref() == Some(title.as_str())
        || names_the_owner(&title, logo.as_deref(), &visible);
    let title_site = title_site
        .or_else(|| masthead.flatten().map(|outlet| outlet.name.clone()))
        .or_else(|| {
            // A title that is only the kind of page (`Statement`) names no site.
            let kind_only = matches!(masthead, Some(None));
            (names_only_the_site && !kind_only && !title.is_empty()).then(|| title.clone())
        })
        // The logo's fuller name (`Republic of Korea Ministry of National Defense` over a
        // <title> of `Ministry of National Defense`) says whose ministry it is.
        .map(|site| more_specific(site, logo.as_deref()));
    // A section's name in the <h2> (`Press Releases`) is no headline when an element classed
    // as the title holds a sentence.
    let cell = first_text(&page, &TITLE_CELL);
    // The first <h2> or <h3> that reads as a headline, past a section's label over it
    // (`<h3>Press Releases</h3>` above `<h2>57th ROK-U.S. Security Consultative Meeting…`).
    let heading = page
        .select(&H2)
        .take(4)
        .map(|el| text::collapse(&el.text().collect::<String>()))
        .find(|t| headline_like(t))
        .or_else(|| first_text(&page, &H2));
    let headline = match heading {
        Some(h2) if !headline_like(&h2) && cell.as_deref().is_some_and(headline_like) => cell,
        h2 => h2.or(cell),
    };
    // The <h1> when it is a headline that the title only decorates (`NATO - News: <h1>,
    // 11-Jul.-2024`), or when the title only names the site; failing an <h1>, the <h2> or
    // the cell classed as the title; failing those, a bold first line over the text (a page
    // saved from a word processor, titled `Statement`).
    let h1_headline = h1
        .as_deref()
        .filter(|h| headline_like(h) && !outlets().is_name(h))
        .filter(|h| crate::ingest::formats::masthead(h).is_none());
    let title = match h1_headline {
        Some(h1) if names_only_the_site || decorates(&title, h1) => h1.to_string(),
        _ if names_only_the_site && h1.is_none() => {
            headline.or_else(|| bold_headline(&page)).unwrap_or(title)
        }
        _ => title,
    };

    let declared = page
        .root_element()
        .attr("lang")
        .or_else(|| page.root_element().attr("xml:lang"))
        .and_then(Lang::parse);
    // Last, the date a site writes into its addresses (`/2026-05/21/`): the page's own, the
    // original's, or the `<base href>` a saved page keeps.
    let base = page
        .select(&BASE)
        .find_map(|el| el.attr("href"))
        .map(str::to_string);
    // After the title, a date the page stamps itself with (a labelled or a timestamp line,
    // even at the foot of the article) before the first date of any kind, which may be an
    // event the opening sentence tells of.
    let after_title = text_after_title(&visible, &title, h1.as_deref());
    let shown = time_text_date(&page)
        .or_else(|| split_date(&visible))
        .or_else(|| date_before_heading(&page, false))
        .or_else(|| after_title.and_then(crate::extract::date::stamped_date));
    // Only a guess: the first date after the title may be an event its opening sentence tells
    // of (`On 4 August 2022, …`), so every date the page states of itself comes first.
    let guessed = || {
        after_title
            .and_then(date_after_title)
            .or_else(|| date_before_heading(&page, true))
    };
    // A UTC timestamp's day may be the one before the page's own (`2025-07-12T22:30Z` for a
    // page showing 13 July): the day the page shows, when it is a day apart, wins.
    let local = |(stamp, utc): (Date, bool)| {
        let near = |d: &Date| (d.days_since_epoch() - stamp.days_since_epoch()).abs() <= 1;
        match shown.or_else(guessed).filter(near) {
            Some(shown) if utc => shown,
            _ => stamp,
        }
    };
    let date = meta_date(&meta, page.root_element().attr("lang"))
        .map(local)
        .or_else(|| time_date(&page).map(local))
        // With no `<time>` (or it would have answered), what the page shows is the date line
        // after its title.
        .or(shown)
        .or_else(|| posted_date(&visible))
        .or_else(|| scripted_date(raw, &visible))
        .or_else(|| issue_date(&visible))
        .or_else(|| {
            [&url, &page_url, &own_url, &base]
                .into_iter()
                .flatten()
                .find_map(|u| crate::extract::date::from_url(u))
        })
        .or_else(|| labelled_date(&page, true))
        .or_else(guessed);

    // The publisher the page names wins over the site it sits on.
    let publisher = get("article:publisher")
        .and_then(|p| {
            if p.contains("://") {
                source_for_url(&p)
            } else {
                Some(p)
            }
        })
        // Chinese government sites' content-management tag (`ContentSource`).
        .or_else(|| get("contentsource").map(|name| outlet_name(&name)))
        .or_else(|| get(GOVUK_ORGANISATION).map(|org| uk_body(&org)))
        // A WeChat public account's article: the account publishes it, the platform hosts it.
        .or_else(|| first_text(&page, &WECHAT_ACCOUNT).map(|name| outlet_name(&name)))
        // A GOV.UK page saved without that tag names its department under `From:`.
        .or_else(|| first_text(&page, &GOVUK_FROM).map(|org| uk_body(&org)))
        // A wire's story on a paper's site (`<meta name="author" content="Reuters">`).
        .or_else(|| {
            get("author")
                .and_then(|name| outlets().lookup(&name))
                .map(|outlet| outlet.name.clone())
        });
    let site_outlet = site_name
        .as_deref()
        .and_then(|s| outlets().lookup(s))
        .map(|o| o.name.clone());
    // What the page names as its source wins; then a wire's dateline opening the text (taken
    // once the text is known), then the site and its publisher.
    let named = named_source(&page, &visible, h1.as_deref().unwrap_or(&title))
        .map(|named| more_specific(named, title_site.as_deref()))
        .or_else(|| original.as_deref().and_then(source_for_url));
    let site = publisher
        .or_else(|| url_source.clone())
        .or(site_outlet)
        .or_else(|| page_url.as_deref().and_then(source_for_url))
        .or_else(|| masthead_outlet(&page, logo.as_deref()))
        // A site without a name of its own (`| Defence`) gives its address for contact.
        .or_else(|| contact_outlet(&visible))
        .or_else(|| site_name.clone())
        .or_else(|| title_site.clone());
    let source = named.clone().or(site.clone());
    let via = site_name
        .or_else(|| page_url.as_deref().and_then(source_for_url))
        .or(title_site)
        .or_else(|| page_url.as_deref().and_then(host_of));
    let own: Vec<&str> = [&source, &via]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let tags = tags::tags(&page, &meta, &own);

    let chrome = chrome_filter(&page);
    // A page of several articles with no headline of its own: an e-paper's page, dated by
    // its issue.
    if h1.is_none() && names_only_the_site {
        if let Some(articles) = paper::articles(&page, &chrome) {
            let date = issue_date(&visible)
                .or_else(|| labelled_date(&page, false))
                .or(date);
            let docs = articles
                .into_iter()
                .zip(1..)
                .map(|(article, record)| Parsed {
                    record: Some(record),
                    title: article.title,
                    body: article.body,
                    date,
                    tags: tags.clone(),
                    source: source.clone(),
                    url: url.clone(),
                    via: via.clone(),
                    page_url: page_url.clone(),
                    ..Parsed::default()
                })
                .collect();
            return FileParse {
                docs,
                ..FileParse::default()
            };
        }
    }
    let mut texts = bilingual::split(&page, &chrome, declared, &title, h1_el);
    // A minister's release: the header naming them is no text; they speak when quoted.
    let mut speakers = Vec::new();
    if let Some((body, issuer)) = minister::header(&texts.body) {
        if issuer.quoted_in(&body) {
            speakers.push(issuer.name);
        }
        texts.body = body;
    }

    if texts.body.trim().is_empty() {
        // A page whose article never reached the file (saved in part, or filled in by a
        // script) still says what it is about in its description.
        if let Some(summary) = get("og:description").or_else(|| get("description")) {
            texts.body = summary.trim().to_string();
        }
    }
    if texts.title.is_empty() && texts.body.is_empty() {
        return FileParse::failed("no title or body");
    }
    // A page saved or downloaded only in part: what it holds is indexed, and said to be cut.
    let warnings = if cut_short(raw) {
        vec![super::ParseError::new(
            None,
            "the page looks cut short (no closing </body> or </html>): only what it holds is indexed",
        )]
    } else {
        Vec::new()
    };
    let source = named
        .or_else(|| crate::extract::source::agency_dateline(&texts.body))
        .or(site);
    FileParse {
        warnings,
        docs: vec![Parsed {
            title: texts.title,
            body: texts.body,
            translation: texts.translation,
            lang: texts.lang,
            date,
            speakers,
            tags,
            source,
            url,
            via,
            page_url,
            ..Parsed::default()
        }],
        ..FileParse::default()
    }
}

/// Whether a page's `<title>` names only whoever owns the site: the end of its logo's name
/// (`Ministry of Defense` under a logo `Japan Ministry of Defense`) or the holder of its
/// copyright (`Copyright © Ministry of Defense`).
fn names_the_owner(title: &str, logo: Option<&str>, visible: &str) -> bool {
    let title = title.trim();
    if title.split_whitespace().count() < 2 && han_chars(title) < 3 {
        return false;
    }
    let lower = title.to_lowercase();
    logo.is_some_and(|logo| logo.to_lowercase().ends_with(&lower))
        || ["© ", "©", "copyright © ", "copyright "]
            .iter()
            .any(|mark| visible.contains(&format!("{mark}{title}")))
}

/// The outlet whose address a page gives for contact (`media@defence.gov.au`).
fn contact_outlet(visible: &str) -> Option<String> {
    static EMAIL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\b[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
            .expect("valid e-mail pattern")
    });
    EMAIL.captures_iter(visible).find_map(|caps| {
        let host = caps.get(1)?.as_str().to_ascii_lowercase();
        source_for_url(&format!("https://{host}/"))
    })
}

/// The outlet a longer name holds (`中华人民共和国国防部新闻局` → Ministry of National Defense),
/// else `name` as written (extraction gives an outlet's directory name either way).
fn outlet_name(name: &str) -> String {
    outlets()
        .find_in(name)
        .map_or_else(|| name.trim().to_string(), |o| o.name.clone())
}

/// Whether `title` is `headline` with more around it: a label before, a date after.
fn decorates(title: &str, headline: &str) -> bool {
    title.len() > headline.len() && title.to_lowercase().contains(&headline.to_lowercase())
}

/// The first paragraph that is all bold and reads like a headline, before the text begins
/// (the first paragraph of five words or more that is not bold).
fn bold_headline(page: &Html) -> Option<String> {
    for p in page.select(&PARAGRAPH).take(12) {
        let text = text::collapse(&p.text().collect::<String>());
        if text.is_empty() || crate::ingest::formats::masthead(&text).is_some() {
            continue;
        }
        // Every letter of it inside a <b> or <strong>.
        let all_bold = p.descendants().all(|node| {
            let plain = node
                .value()
                .as_text()
                .is_some_and(|t| t.chars().any(char::is_alphanumeric));
            !plain
                || node.ancestors().take_while(|a| a.id() != p.id()).any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "b" | "strong"))
                })
        });
        if all_bold {
            if headline_like(&text) {
                return Some(text);
            }
        } else if headline_like(&text) {
            return None;
        }
    }
    None
}

/// A name of a word or three (`MINDEF Singapore`, `国防部`), not a headline.
fn short_name(text: &str) -> bool {
    !text.is_empty() && text.split_whitespace().count() <= 3 && han_chars(text) <= 6
}

/// A headline's length: five words or more, or ten Han characters.
fn headline_like(text: &str) -> bool {
    text.split_whitespace().count() >= 5 || han_chars(text) >= 10
}

fn han_chars(text: &str) -> usize {
    text.chars()
        .filter(|c| crate::reference::script::is_han(*c))
        .count()
}

/// Whether a page (longer than a stub) closes neither its `<body>` nor its `<html>` in its
/// last 4 KB: saved or downloaded only in part.
fn cut_short(raw: &str) -> bool {
    let tail = raw.as_bytes()[raw.len().saturating_sub(4096)..].to_ascii_lowercase();
    let closes = |tag: &[u8]| tail.windows(tag.len()).any(|w| w == tag);
    raw.len() > 200 && !closes(b"</body") && !closes(b"</html")
}

/// The meta tag in which a GOV.UK page names the department that published it.
const GOVUK_ORGANISATION: &str = "govuk:primary-publishing-organisation";

/// The first organisation a GOV.UK page's metadata links to (`From: Ministry of Defence`).
static GOVUK_FROM: LazyLock<Selector> = LazyLock::new(|| {
    selector(".gem-c-metadata a[href*='/government/organisations/'], .app-c-publisher-metadata a[href*='/government/organisations/'], .gem-c-metadata dd a")
});

/// The name of the public account a saved WeChat article (mp.weixin.qq.com) was posted by.
static WECHAT_ACCOUNT: LazyLock<Selector> =
    LazyLock::new(|| selector("#js_name, .rich_media_meta_nickname a, #js_wx_follow_nickname"));

/// A UK department as GOV.UK names it (`Ministry of Defence`): the outlet directory's entry
/// for the British one when it has one, since other countries' bodies share these names.
fn uk_body(name: &str) -> String {
    outlets()
        .lookup(&format!("{} (UK)", name.trim()))
        .map_or_else(|| name.trim().to_string(), |o| o.name.clone())
}

/// The host of an address, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("built-in CSS selector is valid")
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static BASE: LazyLock<Selector> = LazyLock::new(|| selector("base"));
/// The publisher a page names, or the outlet its title's site names when that is the same
/// body named more fully (`Ministry of National Defense` on a page titled `Ministry of
/// National Defense, R.O.C.(Taiwan)`: Taiwan's ministry, not the mainland's).
fn more_specific(named: String, title_site: Option<&str>) -> String {
    let fuller = title_site
        .filter(|site| {
            site.len() > named.len() && site.to_lowercase().contains(&named.to_lowercase())
        })
        .and_then(|site| outlets().lookup(site));
    match fuller {
        Some(outlet) if !outlet.names().any(|n| n.eq_ignore_ascii_case(&named)) => {
            outlet.name.clone()
        }
        _ => named,
    }
}

/// The images of a page's masthead, whose text names the site.
static LOGO: LazyLock<Selector> = LazyLock::new(|| {
    selector("h1 img[alt], .logo img[alt], #logo img[alt], header img[alt], #header img[alt]")
});

/// The name of an outlet the page's logo gives as its text, as the logo writes it.
fn logo_name(page: &Html) -> Option<String> {
    page.select(&LOGO)
        .filter_map(|img| img.attr("alt"))
        .map(text::collapse)
        .find(|alt| outlets().lookup(alt).is_some())
}

/// The links of a page's header.
static HEADER_LINK: LazyLock<Selector> =
    LazyLock::new(|| selector("header a, #header a, .header a, .site-header a"));

/// The outlet a page's header names: its logo's text (`logo`, see [`logo_name`]), a link's
/// text, or the site a link leads to (`<a href="https://www.mindef.gov.sg/">MINDEF
/// Singapore</a>`).
fn masthead_outlet(page: &Html, logo: Option<&str>) -> Option<String> {
    let named = |text: &str| outlets().lookup(text).map(|o| o.name.clone());
    logo.and_then(named).or_else(|| {
        page.select(&HEADER_LINK).find_map(|a| {
            named(&text::collapse(&a.text().collect::<String>())).or_else(|| {
                a.attr("href")
                    .filter(|href| href.starts_with("http"))
                    .and_then(source_for_url)
            })
        })
    })
}

pub(super) static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
/// The headline of a page without an `<h1>`: its first `<h2>` or `<h3>`.
static H2: LazyLock<Selector> = LazyLock::new(|| selector("h2, h3"));
/// Failing those, an element classed as the title (`<td class="title">` in a table of the
/// release's particulars, as Taiwan's ministry prints them).
static TITLE_CELL: LazyLock<Selector> =
    LazyLock::new(|| selector("td.title, div.title, p.title, .article-title, .news-title"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| selector("p"));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Date;
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

    const MND: &str = include_str!("../../../../tests/fixtures/html/mnd-briefing.html");

    #[test]
    fn a_page_cut_short_is_indexed_with_a_warning() {
        let whole = "<html><head><title>Carrier Fujian commissioned</title></head><body>\
            <div class=\"content\"><p>The carrier Fujian was commissioned at Sanya on Wednesday, \
            the navy said in a statement released in the evening by its press office.</p></div>";
        let cut = parse(whole);
        assert_eq!(cut.docs.len(), 1);
        assert!(
            cut.warnings[0].message.contains("cut short"),
            "{:?}",
            cut.warnings
        );
        let closed = parse(&format!("{whole}</body></html>"));
        assert!(closed.warnings.is_empty(), "{:?}", closed.warnings);
    }

    #[test]
    fn the_headline_where_the_title_only_names_the_site_or_decorates_it() {
        let body = "<p>The two vessels sailed south through the strait on Monday morning, \
            the ministry said, and were followed by a patrol aircraft.</p>";
        let page = |head: &str, top: &str| {
            format!("<html><head><title>{head}</title></head><body>{top}{body}</body></html>")
        };
        let cases = [
            // The site and a section; the headline in the <h1>.
            (
                page(
                    "Japan Ministry of Defense : Press Releases",
                    "<h1>Movements of Chinese Navy Vessels near Tsushima</h1>",
                ),
                "Movements of Chinese Navy Vessels near Tsushima",
            ),
            // A label and a date around the <h1>.
            (
                page(
                    "NATO - News: Allies and partners meet at the summit, 11-Jul.-2024",
                    "<h1>Allies and partners meet at the summit</h1>",
                ),
                "Allies and partners meet at the summit",
            ),
            // The kind of page before the outlet; the headline in an <h2>.
            (
                page(
                    "Press Release: Press Information Bureau",
                    "<h2>Defence Minister commissions a new naval base on the island</h2>",
                ),
                "Defence Minister commissions a new naval base on the island",
            ),
            // A word-processor page titled by its kind: the bold first line.
            (
                page(
                    "Statement",
                    "<p><b>STATEMENT</b></p><p><b>Statement by the Minister on the \
                     frigate's transit</b></p>",
                ),
                "Statement by the Minister on the frigate's transit",
            ),
        ];
        for (html, title) in cases {
            let doc = one(&html);
            assert_eq!(doc.title, title);
            assert_ne!(doc.source.as_deref(), Some("Statement"));
        }
    }

    #[test]
    fn the_release_date_above_the_headline_and_in_a_published_tag() {
        let text = "<p>At about 10 a.m. on Monday, May 27, 2024, a patrol aircraft sighted two \
            vessels sailing south-west through the strait towards the open sea.</p>";
        let above = format!(
            "<html><body><p class=\"date\">May 28, 2024<br>Joint Staff Press Release</p>\
             <h1>Movements of Navy Vessels</h1>{text}</body></html>"
        );
        assert_eq!(one(&above).date, Date::new(2024, 5, 28));
        // A numeric date read as the page's locale writes it; without one, not at all.
        let tagged = |lang: &str| {
            format!(
                "<html lang=\"{lang}\"><head><meta name=\"Published\" content=\"10/04/2024\">\
                 </head><body><h1>Aircraft deploy to monitor sanctions</h1>\
                 <p>The aircraft will fly from the air base with a crew of thirty for a month \
                 of patrols over the sea.</p></body></html>"
            )
        };
        assert_eq!(one(&tagged("en-NZ")).date, Date::new(2024, 4, 10));
        assert_eq!(one(&tagged("en-US")).date, Date::new(2024, 10, 4));
        assert_eq!(one(&tagged("en")).date, None);
    }

    #[test]
    fn short_paragraphs_beside_a_long_one_are_kept() {
        // A public-account article: each paragraph a `<section>` of spans, the first long
        // and full of commas, the closing ones a line each.
        let page = "<html><head><title>战区就演习发表谈话</title></head><body>\
            <div id=\"js_content\">\
            <section><span>战区新闻发言人表示，当日，战区组织陆军、海军、空军、火箭军等兵力，\
            在海峡、岛屿北部、南部、东部周边开展联合演习，重点演练联合战备警巡、\
            联合夺取综合控制权、联合封控要港要域等科目。</span></section>\
            <section><span>舰机抵近岛屿周边巡航。</span></section>\
            <section><span>这是对分裂势力的有力惩戒，也是对外部干涉的严重警告。</span></section>\
            <section><span>来源：战区</span></section></div></body></html>";
        let doc = one(page);
        assert_contains_all(&doc.body, &["舰机抵近岛屿周边巡航。", "严重警告。"]);
        assert_contains_none(&doc.body, &["来源"]);
    }

    #[test]
    fn a_header_link_to_a_known_site_names_the_source() {
        let page = "<html><head><title>Minister meets his counterpart</title></head><body>\
            <div class=\"header\"><a href=\"https://www.mindef.gov.sg/\">Home</a></div>\
            <h1>Minister meets his visiting counterpart</h1><div class=\"content\"><p>The two \
            ministers discussed defence cooperation and agreed to deepen exchanges between \
            their armed forces, the ministry said in a statement.</p></div></body></html>";
        assert_eq!(
            one(page).source.as_deref(),
            Some("Singapore Ministry of Defence")
        );
    }

    #[test]
    fn a_govuk_page_without_its_tag_is_the_department_it_comes_from() {
        let page = "<html lang=\"en\" class=\"govuk-template\"><head><title>Carrier group \
            sails for the Indo-Pacific - GOV.UK</title></head><body><main><h1>Carrier group \
            sails for the Indo-Pacific</h1><div class=\"gem-c-metadata\"><dl><dt>From:</dt><dd>\
            <a href=\"/government/organisations/ministry-of-defence\">Ministry of Defence</a> \
            and <a href=\"/government/people/a-minister\">A Minister</a></dd><dt>Published</dt>\
            <dd>22 April 2025</dd></dl></div><div class=\"govuk-govspeak\"><p>The carrier strike \
            group left Portsmouth today for an eight-month deployment to the Indo-Pacific, the \
            department said.</p></div></main></body></html>";
        let doc = one(page);
        assert_eq!(doc.source.as_deref(), Some("UK Ministry of Defence"));
    }

    #[test]
    fn a_section_name_in_the_h2_gives_way_to_the_title_cell_and_the_logo_names_the_site() {
        let page = "<html lang=\"en\"><head><title>Ministry of National Defense</title></head>\
            <body><div id=\"header\"><h1 class=\"logo\"><a href=\"/\"><img src=\"logo.png\" \
            alt=\"Republic of Korea Ministry of National Defense\"></a></h1></div>\
            <h2 class=\"sub_title\">Press Releases</h2><table class=\"bbs_view\">\
            <tr><th>Title</th><td class=\"title\"><strong>Allies begin their annual combined \
            command post exercise</strong></td></tr><tr><th>Date</th><td>2025.03.10</td></tr>\
            <tr><td class=\"bbs_con\"><p>The two militaries began the eleven-day exercise on \
            Monday, combining simulated command drills with field training across the \
            peninsula, the ministry said.</p></td></tr></table></body></html>";
        let doc = one(page);
        assert_eq!(
            doc.title,
            "Allies begin their annual combined command post exercise"
        );
        assert_eq!(
            doc.source.as_deref(),
            Some("ROK Ministry of National Defense")
        );
    }

    #[test]
    fn a_release_titled_by_its_outlet_and_kind_dated_under_its_headline() {
        let page = "<html><head><title>國防部新聞稿－共軍演習 國軍嚴密監控</title></head><body>\
            <div class=\"menu\">首頁 ｜ 新聞稿 ｜ <span class=\"date\">115年1月3日</span></div>\
            <h2>共軍演習 國軍嚴密監控</h2><div class=\"date\">發布日期：114年12月29日</div>\
            <div class=\"content\"><p>國防部表示，國軍已成立應變中心，運用聯合情監偵手段嚴密監控，並派遣適切兵力應處。</p></div>\
            </body></html>";
        let doc = one(page);
        assert_eq!(doc.title, "共軍演習 國軍嚴密監控");
        // The header's date (today's, on a live page) is not the release's.
        assert_eq!(doc.date, Date::new(2025, 12, 29));
        assert_eq!(
            doc.source.as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
        let jcs = "<html><head><title>ROK JCS Press Release</title></head><body>\
            <h3>JCS statement on structures in the Yellow Sea</h3>\
            <div class=\"view_info\">Date : 2026.01.15 &nbsp; Hits : 1532</div>\
            <div class=\"view_cont\"><p>The Joint Chiefs of Staff said it continues to monitor the steel structures installed there.</p></div>\
            </body></html>";
        let doc = one(jcs);
        assert_eq!(doc.title, "JCS statement on structures in the Yellow Sea");
        assert_eq!(doc.date, Date::new(2026, 1, 15));
        assert_eq!(doc.source.as_deref(), Some("ROK Joint Chiefs of Staff"));
    }

    #[test]
    fn a_page_cut_before_its_article_keeps_its_description() {
        let page = r#"<html><head><title>Carrier commissioned at naval port</title>
            <meta name="description" content="The third carrier joined the navy on Wednesday.">
            </head><body><div id="cookieBanner">We use cookies to improve your experience.
            By continuing to browse you agree to our cookie policy.</div><div class="na"#;
        let out = parse(page);
        assert_eq!(out.docs.len(), 1);
        assert_eq!(
            out.docs[0].body,
            "The third carrier joined the navy on Wednesday."
        );
        assert_eq!(out.warnings.len(), 1, "cut short");
    }

    #[test]
    fn a_form_around_the_whole_page_is_no_chrome() {
        // ASP.NET pages sit in one <form>; the date is posted above the headline.
        let page = r#"<html><body><form method="post" action="./release.aspx" id="form1">
            <input type="hidden" name="__VIEWSTATE" value="abc">
            <div class="menu"><a>Home</a> <a>Releases</a></div>
            <div class="ReleaseDateSubHeaddateTime">Posted On: 07 MAY 2025 2:15AM by PIB Delhi</div>
            <h2>Press briefing on the strikes at nine sites</h2>
            <div class="innner-page-main-about-us-content-right-part"><p>The armed forces
            struck nine sites early on Wednesday, in a measured and non-escalatory response,
            officials said at a briefing in New Delhi.</p><p>No military facilities were
            targeted, and the strikes were over within twenty-five minutes, the briefing
            was told.</p></div>
            <form role="search"><input name="q"><button>Search</button></form>
            </form></body></html>"#;
        let doc = one(page);
        assert_contains_all(&doc.body, &["nine sites", "twenty-five minutes"]);
        assert_contains_none(&doc.body, &["Search"]);
        assert_eq!(doc.date, Date::new(2025, 5, 7));
    }

    #[test]
    fn a_utc_timestamp_gives_way_to_the_day_the_page_shows() {
        let page = r#"<html><head><title>Exercise opens as largest yet</title>
            <meta property="article:published_time" content="2025-07-12T22:30:00+00:00">
            </head><body><h1>Exercise opens as largest yet</h1>
            <time datetime="2025-07-12T22:30:00Z">13 July 2025</time>
            <p>The exercise, co-led by two countries, runs from 13 July to 4 August and is the
            largest to date, with activities outside the country for the first time.</p>
            </body></html>"#;
        assert_eq!(one(page).date, Date::new(2025, 7, 13));
        // A timestamp with its own offset is the page's day.
        let local = page.replace("+00:00", "+10:00");
        let local = local.replace("13 July 2025", "12 July 2025");
        assert_eq!(one(&local).date, Date::new(2025, 7, 12));
    }

    #[test]
    fn dates_kept_in_a_script_or_printed_in_pieces() {
        let wechat = r#"<html><head><title>国防部新闻发言人答记者问</title></head><body>
            <h1>国防部新闻发言人答记者问</h1><div id="js_content"><p>记者：日方近日有关言论，
            中方有何评论？</p><p>蒋斌：我们对此坚决反对，日方应当停止错误言行。</p></div>
            <script>var ct = "1763114400"; var user_name = "gh_1";</script></body></html>"#;
        // 10:00 UTC on 14 November 2025 is 18:00 in Beijing, the same day.
        assert_eq!(one(wechat).date, Date::new(2025, 11, 14));
        let xinhua = r#"<html><body><div class="header-time"><span><em> 2025</em></span>
            <span><em> 09</em>/<em>03</em></span> <span> 11:18:40</span></div>
            <h1>Parade marks the anniversary of the victory</h1><div id="detail"><p>Troops,
            tanks and aircraft passed the square on Wednesday morning, in a parade that lasted
            seventy minutes and drew a large crowd.</p></div></body></html>"#;
        assert_eq!(one(xinhua).date, Date::new(2025, 9, 3));
        // A short story, its related headlines dated just after it: the header's date.
        let short = r#"<html><body><div class="header-time"><span class="year"><em> 2024</em>
            </span><span class="day"><em> 09</em>/<em>13</em></span><span> 10:21:35</span>
            </div><h1>第十一届北京香山论坛在京开幕</h1><div id="detail"><p>新华社北京9月13日电
            第十一届北京香山论坛13日在京开幕。</p></div><div class="xgts"><h4>相关推荐</h4><ul>
            <li><a href="/a.htm">第十届北京香山论坛开幕</a><span>2023-10-30</span></li></ul>
            </div></body></html>"#;
        assert_eq!(one(short).date, Date::new(2024, 9, 13));
        // A kind label, the date and when the page was last updated, on the line above the
        // headline: the part classed as the date.
        let nato = r#"<html><body><div class="header-line"><span class="type">Speech</span>
            <span class="date">10 Jul. 2024</span> | <span class="lastupdated">Last updated:
            11 Jul. 2024 09:16</span></div><h1>Press conference by the Secretary General</h1>
            <div class="content"><p>Good afternoon. We have just finished a meeting of the
            council, and allies agreed on new support for partners.</p></div></body></html>"#;
        assert_eq!(one(nato).date, Date::new(2024, 7, 10));
    }

    #[test]
    fn headlines_in_a_table_of_particulars_and_sites_named_by_the_title_alone() {
        let page = r#"<html><head><title>中華民國國防部 - 本部新聞稿</title></head><body>
            <table><tr><th>標題</th><td class="title">國防部：年度實兵演習今日起展開</td></tr>
            <tr><th>發布日期</th><td>114-07-09</td></tr></table><div class="news-content">
            <p>國防部今日表示，年度實兵演習自即日起展開，為期十天，以實戰化方式檢驗國軍應變能力。</p>
            </div></body></html>"#;
        let doc = one(page);
        assert_eq!(doc.title, "國防部：年度實兵演習今日起展開");
        assert_eq!(doc.date, Date::new(2025, 7, 9));
        let page = r#"<html><head><title>Ministry of National Defense R.O.C. (Taiwan)</title>
            <meta property="og:title" content="PLA activities around Taiwan"></head><body>
            <h2>PLA activities around Taiwan</h2><div class="maincontent"><p>From 6 a.m. on
            April 1 to 6 a.m. on April 2, aircraft and vessels were detected around Taiwan, and
            the armed forces monitored the situation.</p></div></body></html>"#;
        let doc = one(page);
        assert_eq!(doc.title, "PLA activities around Taiwan");
        assert_eq!(
            doc.source.as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
    }

    #[test]
    fn a_footer_beside_the_article_is_chrome() {
        // No container names the article: the best block wins, with siblings that score like
        // it, but never a footer, however many commas its address holds.
        let page = r#"<html><body><div id="head"><a>Ministry</a> <a>Sitemap</a></div>
            <h1>Sighting of foreign warships near the southwest islands</h1>
            <div class="box"><p>On 11 December, a carrier, two destroyers and a supply ship were
            seen sailing north, about 300 km southwest of the island, and the destroyer on
            watch followed them.</p><p>Images of the ships are attached, with their hull
            numbers, for reference.</p></div>
            <div id="footer">Ministry of Defense, 5-1 Ichigaya, Shinjuku-ku, Tokyo, Japan.
            Copyright, all rights reserved, 2025.</div></body></html>"#;
        let doc = one(page);
        assert_contains_all(&doc.body, &["supply ship", "hull"]);
        assert_contains_none(&doc.body, &["Ichigaya", "Copyright"]);
    }

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

    const PLA_DAILY: &str = include_str!("../../../../tests/fixtures/html/pladaily-trs.html");

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

    const CHINAMIL: &str = include_str!("../../../../tests/fixtures/html/chinamil-english.html");

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

    const BILINGUAL: &str = include_str!("../../../../tests/fixtures/html/bilingual.html");

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
        // The Chinese text is the original (the page's language), the English its translation.
        assert_eq!(doc.lang, Some(Lang::Zh));
        assert_contains_all(
            &doc.body,
            &["海上搜救合作符合各方共同利益", "欢迎更多国家参与"],
        );
        let translation = doc.translation.clone().unwrap();
        assert_eq!(translation.lang, Some(Lang::En));
        assert_contains_all(
            &translation.body,
            &[
                "Maritime search and rescue cooperation serves the common interests",
                "We welcome more countries to take part",
            ],
        );
        assert_contains_none(
            &doc.body,
            &[
                "Maritime",
                "English version",
                "打印本页",
                "相关链接",
                "网站声明",
            ],
        );
        assert_contains_none(
            &translation.body,
            &["English version", "相关链接", "网站声明"],
        );
    }

    const GBK_PAGE: &[u8] = include_bytes!("../../../../tests/fixtures/html/mnd-briefing-gbk.html");

    #[test]
    fn gbk_page_parses_like_its_utf8_twin() {
        let decoded = decode(GBK_PAGE).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.warning.as_deref()),
            ("GBK", None)
        );
        assert_eq!(one(&decoded.text), one(MND));
    }

    const AGGREGATOR: &str =
        include_str!("../../../../tests/fixtures/html/aggregator-bilingual.html");

    #[test]
    fn aggregator_page_names_its_outlet_original_and_both_languages() {
        let doc = one(AGGREGATOR);
        assert_eq!(doc.lang, Some(Lang::Zh));
        assert_eq!(doc.title, "高原某旅开展夜间实弹射击训练");
        assert!(
            doc.body.starts_with("连日来，西部战区陆军某旅"),
            "{}",
            doc.body
        );
        assert_contains_none(&doc.body, &["Original", "原文", "Summary", "firing"]);
        let translation = doc.translation.clone().unwrap();
        assert_eq!(translation.lang, Some(Lang::En));
        assert_eq!(
            translation.title,
            "Plateau brigade holds night live-fire drill"
        );
        assert!(
            translation
                .body
                .starts_with("A brigade of the Western Theater"),
            "{}",
            translation.body
        );
        assert_contains_none(
            &translation.body,
            &[
                "Daily Brief",
                "Summary",
                "PLA Daily (",
                "View original",
                "Exercises",
                "©",
            ],
        );
        assert_eq!(doc.source.as_deref(), Some("PLA Daily"));
        assert_eq!(
            doc.url.as_deref(),
            Some("http://www.81.cn/jfjbmap/content/2026-08/14/content_0814.htm")
        );
        assert_eq!(
            doc.page_url.as_deref(),
            Some("https://defense-digest.example.org/brief/2026/08/14/night-fire.html")
        );
        assert_eq!(doc.via.as_deref(), Some("Defense Digest"));
        assert_eq!(doc.date, Date::new(2026, 8, 14));
        assert_eq!(
            doc.tags,
            [
                "Exercises",
                "Western Theater Command",
                "South China Sea",
                "PLA Ground Force"
            ]
        );
    }

    const ARMY: &str = include_str!("../../../../tests/fixtures/html/army-release.html");

    #[test]
    fn press_release_with_breadcrumbs_and_tags() {
        let doc = one(ARMY);
        assert_eq!(doc.title, "Soldiers train for Arctic mobility");
        assert_eq!(doc.lang, Some(Lang::En));
        assert_eq!(doc.translation, None);
        assert_eq!(doc.source.as_deref(), Some("U.S. Army"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://www.army.mil/article/290001/soldiers_train_for_arctic_mobility")
        );
        assert_eq!(doc.date, Date::new(2026, 2, 10));
        assert!(doc.body.starts_with("FORT WAINWRIGHT"), "{}", doc.body);
        assert_contains_none(&doc.body, &["Home", "Articles", "Tags", "Official website"]);
        assert_eq!(doc.tags, ["Arctic", "Exercises", "Training"]);
    }

    const REPUBLISHED: &str =
        include_str!("../../../../tests/fixtures/html/chinamil-republish.html");
    const REPUBLISHED_GBK: &[u8] =
        include_bytes!("../../../../tests/fixtures/html/chinamil-republish-gbk.html");

    #[test]
    fn a_page_titled_by_its_site_takes_its_headline_and_fuller_publisher() {
        const PAGE: &str = "<html lang=en><head><title>Ministry of National Defense, R.O.C.(Taiwan) \
            - News Releases</title></head><body><div class=menu><a href=/>Home</a></div>\
            <h2>Aircraft and vessels tracked around Taiwan</h2>\
            <div><span>Release Date: 2026/05/20</span> <span>Unit: Ministry of National Defense</span></div>\
            <p>Between Tuesday and Wednesday the armed forces tracked 27 sorties of aircraft and \
            nine vessels operating around the island, the ministry said.</p></body></html>";
        let doc = parse(PAGE).docs.remove(0);
        assert_eq!(doc.title, "Aircraft and vessels tracked around Taiwan");
        assert_eq!(doc.date, Date::new(2026, 5, 20));
        assert_eq!(
            doc.source.as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
    }

    #[test]
    fn source_line_names_the_publisher_not_the_site() {
        let doc = one(REPUBLISHED);
        assert_eq!(doc.title, "海警舰艇编队在钓鱼岛领海内巡航");
        assert_eq!(doc.source.as_deref(), Some("PLA Daily"));
        assert_eq!(doc.via.as_deref(), Some("China Military Online"));
        assert_eq!(
            doc.url.as_deref(),
            Some("http://www.81.cn/yw_208727/2026-03/05/content_0305.html")
        );
        assert_eq!(doc.date, Date::new(2026, 3, 5));
        assert!(doc.body.starts_with("3月5日，中国海警"), "{}", doc.body);
        assert_contains_none(&doc.body, &["首页", "要闻", "分享到", "责任编辑", "来源"]);
        assert_eq!(doc.tags, ["海警", "钓鱼岛", "维权巡航"]);
        let decoded = decode(REPUBLISHED_GBK).unwrap();
        assert_eq!(decoded.encoding, "GBK");
        assert_eq!(one(&decoded.text), doc);
    }

    #[test]
    fn a_wire_story_on_a_papers_site_is_the_wires() {
        const PAGE: &str = r#"<html><head><title>Wang Yi says Taiwan 'never a country' | The Independent</title>
            <meta name="author" content="Reuters"></head><body>
            <header><a href="/">The Independent</a></header><main><h1>Wang Yi says Taiwan 'never a country'</h1>
            <div class="byline">By Reuters · <time>07/03/2025 10:42</time></div>
            <p>BEIJING, March 7 (Reuters) - Chinese Foreign Minister Wang Yi said on Friday that
            Taiwan has never been a country and never will be.</p>
            <p>He spoke at a news conference during the annual session of parliament.</p></main></body></html>"#;
        assert_eq!(one(PAGE).source.as_deref(), Some("Reuters"));
        // The dateline alone says it too.
        let no_author = PAGE.replace(r#"<meta name="author" content="Reuters">"#, "");
        assert_eq!(one(&no_author).source.as_deref(), Some("Reuters"));
    }

    #[test]
    fn a_site_that_names_only_itself_is_known_by_its_owner_and_address() {
        // A <title> that is the end of the logo's name, and no <h1>: the headline is the <h2>.
        const JAPAN: &str = r#"<html><head><title>Ministry of Defense</title></head><body>
            <div class="logo"><a href="/"><img alt="Japan Ministry of Defense" src="logo.svg"></a></div>
            <div id="main"><h2>Activities of Chinese Naval Vessels in the Pacific Ocean</h2>
            <p class="date">Press Release June 10, 2025</p>
            <p>1. On June 7, 2025, the Maritime Self-Defense Force confirmed the carrier Liaoning
            operating southwest of Minamitorishima.</p></div>
            <div id="footer"><p>Copyright © Ministry of Defense</p></div></body></html>"#;
        let doc = one(JAPAN);
        assert_eq!(
            doc.title,
            "Activities of Chinese Naval Vessels in the Pacific Ocean"
        );
        assert_eq!(doc.source.as_deref(), Some("Japan Ministry of Defense"));
        // A section's label above the headline is passed over.
        let labelled = JAPAN.replace(
            "<div id=\"main\">",
            "<div id=\"main\"><h3 class=\"title\">Press Releases</h3>",
        );
        assert_eq!(
            one(&labelled).title,
            "Activities of Chinese Naval Vessels in the Pacific Ocean"
        );
        // A site named by a common word gives its address for contact.
        const AUSTRALIA: &str = r##"<html lang="en-AU"><head><title>Statement on PLA-N Task Group live-fire activity | Defence</title></head>
            <body><header><a href="#">Defence</a></header><main>
            <h1>Statement on PLA-N Task Group live-fire activity</h1><p>21 February 2025</p>
            <p>Today the People's Liberation Army-Navy Task Group operating in the Tasman Sea
            notified a window for possible live-fire activity.</p>
            <div class="media-contact">Media contact: Defence Media, media@defence.gov.au</div>
            </main></body></html>"##;
        let doc = one(AUSTRALIA);
        let australia = outlets().for_url("https://www.defence.gov.au/").unwrap();
        assert_eq!(doc.source.as_deref(), Some(australia.name.as_str()));
        assert!(!doc.body.contains("media@"), "{}", doc.body);
    }

    #[test]
    fn a_wechat_article_is_its_accounts() {
        // The platform hosts every public account's articles: the account is the publisher.
        const PAGE: &str = r#"<html><head><meta charset="utf-8">
            <meta property="og:title" content="阅兵新装备首次亮相">
            <meta property="og:site_name" content="微信公众平台">
            <title>阅兵新装备首次亮相</title></head>
            <body id="activity-detail"><div class="rich_media_wrp">
            <h1 class="rich_media_title" id="activity-name">阅兵新装备首次亮相</h1>
            <div id="meta_content"><span class="rich_media_meta rich_media_meta_nickname"
            id="profileBt"><a href="javascript:void(0);" id="js_name">某军事号</a></span>
            <em id="publish_time">2025年09月03日 12:30</em></div>
            <div class="rich_media_content" id="js_content"><p>9月3日上午，阅兵式在天安门广场举行，
            新型无人机等装备首次公开亮相。</p></div></div></body></html>"#;
        let doc = one(PAGE);
        assert_eq!(doc.source.as_deref(), Some("某军事号"));
        assert_eq!(doc.via.as_deref(), Some("微信公众平台"));
        assert_eq!(doc.date, Date::new(2025, 9, 3));
    }

    #[test]
    fn a_gov_uk_story_is_its_department_and_its_prose() {
        const PAGE: &str = r#"<html><head>
            <title>Frigate visits Yokosuka on its way home - GOV.UK</title>
            <meta property="og:site_name" content="GOV.UK">
            <meta name="govuk:primary-publishing-organisation" content="Ministry of Defence">
            </head><body><header><a href="/">GOV.UK</a></header><main>
            <span class="govuk-caption-xl">News story</span>
            <h1 class="gem-c-title__text">Frigate visits Yokosuka on its way home</h1>
            <p class="gem-c-lead-paragraph">The ship stopped for five days of maintenance.</p>
            <div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="/mod">Ministry of Defence</a></dd>
            <dt>Published</dt><dd>2 October 2025</dd></dl></div>
            <div class="govspeak"><p>The frigate berthed at the US Navy base after three months in the
            western Pacific, where it sailed with Japanese and Canadian ships.</p></div>
            <div class="gem-c-published-dates">Published 2 October 2025</div>
            </main></body></html>"#;
        let doc = one(PAGE);
        assert_eq!(doc.title, "Frigate visits Yokosuka on its way home");
        assert_eq!(doc.source.as_deref(), Some("UK Ministry of Defence"));
        assert!(
            doc.body.starts_with("The ship stopped for five days"),
            "{}",
            doc.body
        );
        assert_contains_none(&doc.body, &["News story", "From:", "Published"]);
    }

    #[test]
    fn a_date_only_in_the_address() {
        const PAGE: &str = r#"<html><head><base href="http://www.news.cn/mil/2026-05/21/">
            <title>Destroyer flotilla returns</title></head><body><h1>Destroyer flotilla returns</h1>
            <p>The flotilla returned to port after a long voyage across the western Pacific.</p>
            </body></html>"#;
        assert_eq!(one(PAGE).date, Date::new(2026, 5, 21));
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

    #[test]
    fn paragraphs_straight_under_the_body_beat_a_breadcrumb_block() {
        let page = "<html><head><title>Violation of airspace</title></head><body>\
                    <div>Home > Press Releases > Joint Staff</div><h1>Violation of airspace</h1>\
                    <p>At around 11:29 a.m. a Y-9 aircraft entered airspace off the Danjo Islands.</p>\
                    <p>Fighters were scrambled in response. The government lodged a strong protest.</p>\
                    </body></html>";
        let doc = &parse(page).docs[0];
        assert!(doc.body.contains("Danjo Islands"), "{}", doc.body);
        assert!(doc.body.contains("strong protest"), "{}", doc.body);
        assert!(!doc.body.contains("Press Releases"), "{}", doc.body);
    }
}
