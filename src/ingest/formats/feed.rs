//! News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Each item (`<item>`, `<entry>`) is one
//! document: its title, its full text (`content:encoded`, Atom `content`) or else its summary
//! (`description`, `summary`), its date (`pubDate`, `dc:date`, `published`, `updated`), its
//! link, its categories as tags, and its language from the item or the channel (`<language>`,
//! `xml:lang`). Markup in titles and texts, escaped or in CDATA, is read as text.
//!
//! The publisher is the item's own `<source>` or `dc:publisher`, else the outlet its link
//! belongs to, else an outlet the channel's title names (`国防部网 - 新闻发布`). The author
//! (`dc:creator`, `<author>`) is the reporter, not a speaker, and is left out.
//!
//! A feed cut short or broken keeps the items read before the fault, and the fault is
//! reported with its line.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::html::{field_line, field_text};
use super::{date_field, strip_bom, FileParse, ParseError};
use crate::document::{Lang, Parsed};
use crate::extract::date::parse_loose;
use crate::reference::outlets::outlets;

/// An element of the feed: its local name (without prefix), attributes, text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    /// The prefix it was written with (`dc` of `dc:date`, `content` of `content:encoded`).
    prefix: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
    /// Where its content starts in the file, and, for an element holding others, that
    /// content as written (markup).
    start: usize,
    markup: Option<String>,
}

impl Node {
    fn new(start: &BytesStart<'_>) -> Node {
        let qname = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let (prefix, name) = match qname.split_once(':') {
            Some((prefix, name)) => (prefix.to_string(), name.to_string()),
            None => (String::new(), qname),
        };
        let attrs = start
            .attributes()
            .flatten()
            .map(|a| {
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                let value = a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                (key, value)
            })
            .collect();
        Node {
            name,
            prefix,
            attrs,
            ..Node::default()
        }
    }

    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Children named `name`, whatever their prefix.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.is(name))
    }

    /// The trimmed text of the first child named `name` (of `prefix`, when given) that has any.
    fn text_of(&self, name: &str, prefix: Option<&str>) -> Option<String> {
        self.all(name)
            .filter(|c| prefix.is_none_or(|p| c.prefix.eq_ignore_ascii_case(p)))
            .map(|c| c.full_text().trim().to_string())
            .find(|t| !t.is_empty())
    }

    /// The text of the first of `names` present (each `prefix:name` or a bare name).
    fn first_text(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|qname| match qname.split_once(':') {
            Some((prefix, name)) => self.text_of(name, Some(prefix)),
            None => self.text_of(qname, None),
        })
    }

    /// Its text, or, for an element holding others (an Atom `type="xhtml"` text: markup written
    /// as elements), its content as markup, for the markup reader to render.
    fn full_text(&self) -> String {
        match &self.markup {
            Some(markup) => markup.clone(),
            None => self.text.clone(),
        }
    }
}

/// The feed as far as it could be read, and the fault that stopped the reading.
struct Tree {
    root: Option<Node>,
    fault: Option<String>,
    /// Whether the fault fell inside an item, which is then left out.
    in_item: bool,
}

/// Reads the XML into a tree of elements. On a fault the elements still open are closed where
/// they stand, and the fault (with its line) is returned beside them.
fn read_tree(text: &str) -> Tree {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let close = |stack: &mut Vec<Node>, root: &mut Option<Node>| {
        if let Some(node) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => *root = Some(node),
            }
        }
    };
    let fault = loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                let mut node = Node::new(&start);
                node.start = reader.buffer_position() as usize;
                stack.push(node);
            }
            Ok(Event::Empty(start)) => {
                stack.push(Node::new(&start));
                close(&mut stack, &mut root);
            }
            Ok(Event::End(_)) => {
                if let Some(node) = stack.last_mut() {
                    if !node.children.is_empty() {
                        node.markup = text.get(node.start..at as usize).map(str::to_string);
                    }
                }
                close(&mut stack, &mut root);
            }
            Ok(Event::Text(t)) => {
                if let (Some(node), Ok(s)) = (stack.last_mut(), t.decode()) {
                    node.text.push_str(&s);
                }
            }
            Ok(Event::CData(t)) => {
                if let (Some(node), Ok(s)) = (stack.last_mut(), t.decode()) {
                    node.text.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(node) = stack.last_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => node.text.push(c),
                        _ => {
                            let name = r.decode().unwrap_or_default();
                            match predefined(&name) {
                                Some(c) => node.text.push(c),
                                // An HTML entity the feed never declared (`&nbsp;`): kept, for
                                // the markup reader to decode with the rest.
                                None => {
                                    node.text.push('&');
                                    node.text.push_str(&name);
                                    node.text.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Ok(Event::Eof) => {
                break stack.last().map(|node| {
                    // Where the element left open starts (its start tag ends at `node.start`).
                    let line = line_of(text, node.start.saturating_sub(1));
                    let open = &node.name;
                    format!("the feed ends inside <{open}> (opened on line {line}), cut short")
                });
            }
            Ok(_) => {}
            Err(err) => {
                let line = line_of(text, at as usize);
                break Some(format!("bad XML at line {line}: {err}"));
            }
        }
    };
    // An item the fault fell inside is left out; the elements around it are kept.
    let mut in_item = false;
    while let Some(node) = stack.last() {
        if fault.is_some() && (node.is("item") || node.is("entry")) {
            in_item = true;
            stack.pop();
        } else {
            close(&mut stack, &mut root);
        }
    }
    Tree {
        root,
        fault,
        in_item,
    }
}

/// XML's five predefined entities.
fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// The 1-based line of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whether `text` is a news feed: its first element is `<rss>`, `<feed>` or `<rdf:RDF>`.
pub fn sniff(text: &str) -> bool {
    let mut reader = Reader::from_str(strip_bom(text));
    loop {
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => {
                return is_feed_root(&Node::new(&start).name);
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

fn is_feed_root(name: &str) -> bool {
    ["rss", "feed", "rdf"]
        .iter()
        .any(|r| name.eq_ignore_ascii_case(r))
}

/// Parses one feed into one document per item.
pub fn parse(text: &str) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    let tree = read_tree(text);
    let Some(root) = tree.root else {
        return FileParse::failed(
            tree.fault
                .unwrap_or_else(|| "no XML element in the file".to_string()),
        );
    };
    if !is_feed_root(&root.name) {
        return FileParse::not_ours(format!(
            "not an RSS or Atom feed (its root element is <{}>): nothing to index",
            root.name
        ));
    }
    // RSS 2.0 keeps its items in the channel; RSS 1.0 beside it; Atom in the feed itself.
    let channel = root.all("channel").next();
    let channel_lang = channel
        .and_then(|c| c.first_text(&["language", "dc:language"]))
        .or_else(|| root.attr("xml:lang").map(str::to_string))
        .and_then(|l| Lang::parse(&l));
    let channel_title = channel
        .and_then(|c| c.text_of("title", None))
        .or_else(|| root.text_of("title", None))
        .map(|t| field_line(&t).unwrap_or(t));
    let items: Vec<&Node> = channel
        .into_iter()
        .flat_map(|c| c.all("item"))
        .chain(root.all("item"))
        .chain(root.all("entry"))
        .collect();
    let mut out = FileParse::default();
    for (n, item) in items.iter().enumerate() {
        let record = n as u64 + 1;
        let doc = read_item(
            item,
            record,
            channel_lang,
            channel_title.as_deref(),
            &mut out,
        );
        if doc.title.is_empty() && doc.body.is_empty() {
            out.errors.push(ParseError::new(
                Some(record),
                "an item with neither a title nor any text",
            ));
            continue;
        }
        out.docs.push(doc);
    }
    match tree.fault {
        // The item it fell in is the one after those read.
        Some(fault) if tree.in_item => out
            .errors
            .push(ParseError::new(Some(items.len() as u64 + 1), fault)),
        // After the last item (a closing tag cut off): every item was read.
        Some(fault) if !out.docs.is_empty() => out.warnings.push(ParseError::new(
            None,
            format!("{fault}, after its last item"),
        )),
        Some(fault) => out.errors.push(ParseError::new(None, fault)),
        None if items.is_empty() => out
            .errors
            .push(ParseError::new(None, "a feed with no items")),
        None => {}
    }
    out
}

/// One item or entry as a document.
fn read_item(
    item: &Node,
    record: u64,
    channel_lang: Option<Lang>,
    channel_title: Option<&str>,
    out: &mut FileParse,
) -> Parsed {
    let title = item
        .text_of("title", None)
        .map(|t| field_line(&t).unwrap_or(t))
        .unwrap_or_default();
    // The full text before a summary of it.
    let body = item
        .first_text(&["content:encoded", "content", "description", "summary"])
        .map(|t| field_text(&t).unwrap_or(t))
        .unwrap_or_default();
    let (mut date, mut year) = (None, None);
    for name in [
        "pubDate",
        "dc:date",
        "published",
        "issued",
        "updated",
        "modified",
    ] {
        let Some(value) = item.first_text(&[name]) else {
            continue;
        };
        let (day, only_year) = date_field(parse_loose(&value), name, &value, |m| {
            out.warnings.push(ParseError::new(Some(record), m))
        });
        year = year.or(only_year);
        if day.is_some() {
            date = day;
            // A field's day, not another field's year alone.
            year = None;
            break;
        }
    }
    let url = link(item);
    let named = item
        .first_text(&["source", "dc:publisher", "dc:source"])
        .filter(|s| !s.contains("://"))
        .map(|s| outlets().canonical(&s));
    let source = named
        .or_else(|| {
            url.as_deref()
                .and_then(|u| outlets().for_url(u))
                .map(|o| o.name.clone())
        })
        .or_else(|| {
            channel_title
                .and_then(|t| outlets().find_in(t))
                .map(|o| o.name.clone())
        })
        .or_else(|| channel_title.and_then(publisher_named));
    let tags = item
        .all("category")
        .filter_map(|c| c.attr("term").or(Some(c.text.trim())))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let lang = item.attr("xml:lang").and_then(Lang::parse).or(channel_lang);
    let local_id = item
        .first_text(&["guid", "id"])
        .filter(|id| !id.contains("://") && !id.contains(char::is_whitespace) && id.len() <= 80);
    Parsed {
        local_id,
        record: Some(record),
        title,
        body,
        lang,
        date,
        year,
        tags,
        source,
        url,
        ..Parsed::default()
    }
}

/// The item's address: RSS's `<link>` text, or Atom's `<link href>` (the `alternate` one
/// first, then one with no `rel`), else a `guid` that is a permalink.
fn link(item: &Node) -> Option<String> {
    let atom = |rel: Option<&str>| {
        item.all("link")
            .find(|l| match rel {
                Some(rel) => l.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case(rel)),
                None => l.attr("rel").is_none(),
            })
            .and_then(|l| l.attr("href"))
            .map(str::to_string)
    };
    item.text_of("link", None)
        .or_else(|| atom(Some("alternate")))
        .or_else(|| atom(None))
        .or_else(|| {
            item.text_of("guid", None)
                .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
        })
}

/// The publisher a feed's title names when the directory does not know it (`Defense Wire`,
/// `Defense Wire - Asia`): its first part, as written, when that is a short name and not only
/// words any feed's title has (`Latest News`, `RSS`).
fn publisher_named(title: &str) -> Option<String> {
    const GENERIC: &[&str] = &[
        "latest",
        "news",
        "rss",
        "feed",
        "feeds",
        "home",
        "headlines",
        "top",
        "stories",
        "all",
        "updates",
        "articles",
        "releases",
        "press",
        "the",
        "and",
        "of",
        "最新",
        "新闻",
        "要闻",
    ];
    let head = [" - ", " | ", " – ", " — ", " : "]
        .iter()
        .filter_map(|sep| title.split_once(sep).map(|(head, _)| head))
        .min_by_key(|head| head.len())
        .unwrap_or(title)
        .trim();
    let words: Vec<String> = head.split_whitespace().map(str::to_lowercase).collect();
    let named = (1..=5).contains(&words.len())
        && !words.iter().all(|w| GENERIC.contains(&w.as_str()))
        && head.chars().next().is_some_and(|c| !c.is_lowercase());
    named.then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>China Military Online - News</title>
  <link>http://eng.chinamil.com.cn/</link>
  <language>en-us</language>
  <item>
    <title>Defense ministry comments on missile plan &amp; island bases</title>
    <link>http://eng.chinamil.com.cn/view/2026-05/21/content_1.htm</link>
    <guid isPermaLink="false">cmo-1</guid>
    <pubDate>Thu, 21 May 2026 08:30:00 +0800</pubDate>
    <dc:creator>A Reporter</dc:creator>
    <category>Defense News</category>
    <description><![CDATA[<p>A teaser.</p>]]></description>
    <content:encoded><![CDATA[<p>Spokesperson Jiang Bin said the plan <b>undermines</b> peace.</p><p>Second paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>Carrier sails for far-seas training</title>
    <pubDate>Tue, 19 May 2026 17:12:00 +0800</pubDate>
    <description>The carrier &lt;b&gt;Fujian&lt;/b&gt; sailed&amp;nbsp;east.</description>
  </item>
  <item><title></title><description>  </description></item>
</channel>
</rss>"#;

    #[test]
    fn rss_items_become_documents() {
        let out = parse(RSS);
        assert_eq!(out.docs.len(), 2, "{:?}", out.errors);
        let first = &out.docs[0];
        assert_eq!(
            first.title,
            "Defense ministry comments on missile plan & island bases"
        );
        assert!(first
            .body
            .starts_with("Spokesperson Jiang Bin said the plan undermines peace."));
        assert!(first.body.contains("Second paragraph."));
        assert!(!first.body.contains("teaser"));
        assert_eq!(
            first.date.map(|d| d.to_string()).as_deref(),
            Some("2026-05-21")
        );
        assert_eq!(first.lang, Some(Lang::En));
        assert_eq!(first.local_id.as_deref(), Some("cmo-1"));
        assert_eq!(first.record, Some(1));
        assert_eq!(first.tags, vec!["Defense News".to_string()]);
        assert_eq!(first.source.as_deref(), Some("China Military Online"));
        assert!(first.speakers.is_empty(), "the author is no speaker");
        let second = &out.docs[1];
        assert_eq!(second.body, "The carrier Fujian sailed east.");
        assert_eq!(second.record, Some(2));
        assert_eq!(second.url, None);
        // The channel names the outlet when the item's link does not.
        assert_eq!(second.source.as_deref(), Some("China Military Online"));
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.errors[0].record, Some(3));
    }

    #[test]
    fn atom_entries_and_links() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>国防部网 - 新闻发布</title>
  <entry>
    <title type="html">国防部例行记者会文字实录</title>
    <link rel="enclosure" href="http://www.mod.gov.cn/a.mp3"/>
    <link rel="alternate" href="http://www.mod.gov.cn/gfbw/xwfyr/16422001.html"/>
    <id>tag:mod.gov.cn,2026:16422001</id>
    <published>2026-05-28T16:00:00+08:00</published>
    <updated>2026-05-29T09:00:00+08:00</updated>
    <category term="记者会"/>
    <summary>国防部新闻发言人回答记者提问。</summary>
  </entry>
</feed>"#;
        assert!(sniff(atom));
        let out = parse(atom);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let doc = &out.docs[0];
        assert_eq!(doc.title, "国防部例行记者会文字实录");
        assert_eq!(doc.body, "国防部新闻发言人回答记者提问。");
        assert_eq!(
            doc.url.as_deref(),
            Some("http://www.mod.gov.cn/gfbw/xwfyr/16422001.html")
        );
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2026-05-28")
        );
        assert_eq!(doc.lang, Some(Lang::Zh));
        assert_eq!(doc.tags, vec!["记者会".to_string()]);
        assert_eq!(doc.source.as_deref(), Some("Ministry of National Defense"));
        assert_eq!(
            doc.local_id.as_deref(),
            Some("tag:mod.gov.cn,2026:16422001")
        );

        // XHTML content is markup written as elements.
        let xhtml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Fujian trains</title>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The carrier <b>Fujian</b> completed training.</p><p>It returned to Sanya.</p></div></content>
</entry></feed>"#;
        let out = parse(xhtml);
        assert_eq!(
            out.docs[0].body,
            "The carrier Fujian completed training.\n\nIt returned to Sanya."
        );
    }

    #[test]
    fn a_feeds_title_names_an_outlet_the_directory_does_not_know() {
        assert_eq!(
            publisher_named("Defense Wire").as_deref(),
            Some("Defense Wire")
        );
        assert_eq!(
            publisher_named("Defense Wire - Asia").as_deref(),
            Some("Defense Wire")
        );
        assert_eq!(publisher_named("Latest News"), None);
        assert_eq!(publisher_named("RSS"), None);
        let feed = "<rss><channel><title>Defense Wire</title>\n\
            <item><title>Drill ends</title><description>The drill ended.</description></item>\n\
            </channel></rss>";
        assert_eq!(parse(feed).docs[0].source.as_deref(), Some("Defense Wire"));
    }

    #[test]
    fn a_date_of_a_year_alone_gives_the_year_and_no_warning() {
        let rss = r#"<rss version="2.0"><channel><title>T</title>
  <item><title>One</title><pubDate>2024</pubDate><description>Text.</description></item>
  <item><title>Two</title><pubDate>2024</pubDate><dc:date>2025-03-01</dc:date></item>
</channel></rss>"#;
        let out = parse(rss);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!((out.docs[0].date, out.docs[0].year), (None, Some(2024)));
        // Another field's day wins over a year alone.
        assert_eq!(
            (out.docs[1].date, out.docs[1].year),
            (crate::document::Date::new(2025, 3, 1), None)
        );
    }

    #[test]
    fn rss_one_items_sit_beside_the_channel() {
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Xinhua</title></channel>
  <item><title>One</title><dc:date>2026-05-01</dc:date><description>Text one.</description></item>
  <item><title>Two</title><dc:date>May 2</dc:date><description>Text two.</description></item>
</rdf:RDF>"#;
        let out = parse(rdf);
        assert_eq!(out.docs.len(), 2);
        assert_eq!(out.docs[0].source.as_deref(), Some("Xinhua"));
        assert_eq!(out.docs[1].date, None);
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0]
            .to_string()
            .starts_with("record 2: bad date in dc:date"));
    }

    #[test]
    fn a_feed_cut_short_keeps_the_items_before_the_fault() {
        let cut = "<rss><channel>\n<item><title>Kept</title></item>\n<item><title>Lost";
        let out = parse(cut);
        assert_eq!(
            out.docs
                .iter()
                .map(|d| d.title.as_str())
                .collect::<Vec<_>>(),
            ["Kept"]
        );
        assert_eq!(
            out.errors[0].to_string(),
            "record 2: the feed ends inside <title> (opened on line 3), cut short"
        );
        let unclosed = "<rss><channel>\n<item><title>Kept</title></item>\n";
        let out = parse(unclosed);
        assert_eq!(out.docs.len(), 1);
        assert!(out.errors.is_empty());
        assert_eq!(
            out.warnings[0].to_string(),
            "the feed ends inside <channel> (opened on line 1), cut short, after its last item"
        );
        let broken = "<rss><channel>\n<item><title>Kept</title></item>\n<item><title>Bad</item>\n</channel></rss>";
        let out = parse(broken);
        assert_eq!(
            out.docs
                .iter()
                .map(|d| d.title.as_str())
                .collect::<Vec<_>>(),
            ["Kept"]
        );
        let message = out.errors[0].to_string();
        assert!(
            message.starts_with("record 2: bad XML at line 3"),
            "{message}"
        );
    }

    #[test]
    fn other_xml_is_named() {
        let sitemap = r#"<?xml version="1.0"?><urlset><url><loc>http://x</loc></url></urlset>"#;
        assert!(!sniff(sitemap));
        let out = parse(sitemap);
        // Nothing is wrong with a sitemap: it is no feed, and a note says so.
        assert!(out.docs.is_empty() && out.errors.is_empty());
        assert_eq!(
            out.not_ours.as_deref(),
            Some("not an RSS or Atom feed (its root element is <urlset>): nothing to index")
        );
        assert_eq!(
            parse("not xml at all").errors[0].message,
            "no XML element in the file"
        );
    }
}
