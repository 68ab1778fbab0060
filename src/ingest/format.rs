//! What a file is and where its fields are: the input [`Format`] (from the extension or
//! `format = "..."`), the milpress [`Field`]s a key can be mapped to, and the [`FieldMap`] of
//! key names to try for each. Both the configuration (`config/`) and the parsers
//! (`formats/`) use these, so they sit below both.

use std::path::Path;

use serde::Deserialize;

/// Input formats milpress reads, chosen by file extension or by `format = "..."` in
/// `milpress.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    Html,
    Mhtml,
    Email,
    Csv,
    Tsv,
    /// An RSS or Atom news feed: one document per item.
    Feed,
    /// One headline per line, optionally split into columns; only by configuration.
    Lines,
}

impl Format {
    /// Every format, in the order [`Format::name`]s are listed in messages.
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Markdown,
        Format::Json,
        Format::JsonLines,
        Format::Html,
        Format::Mhtml,
        Format::Email,
        Format::Csv,
        Format::Tsv,
        Format::Feed,
        Format::Lines,
    ];

    /// txt/text → Text; md/markdown → Markdown; json → Json; jsonl/ndjson → JsonLines;
    /// html/htm/shtml/xhtml → Html; csv → Csv; tsv → Tsv; rss/atom/xml → Feed. Case-insensitive. Anything else →
    /// None (the walker skips it). [`Format::Lines`] has no extension of its own.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "shtml" | "xhtml" => Some(Format::Html),
            "mhtml" | "mht" => Some(Format::Mhtml),
            "eml" => Some(Format::Email),
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// The name used in `milpress.toml` (`format = "jsonl"`) and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
            Format::Mhtml => "mhtml",
            Format::Email => "email",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Feed => "feed",
            Format::Lines => "lines",
        }
    }

    /// The format named `name` (case-insensitive; the extensions' spellings `txt`, `md`,
    /// `ndjson`, `htm` are accepted too).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .or_else(|| Format::from_path(Path::new(&format!("x.{name}"))))
    }
}

/// A milpress field that a JSON key or front-matter key can be mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Body,
    Date,
    Url,
    Source,
    Speakers,
    Themes,
    /// The editor's tags (`tags`, `categories`, `keywords`): themes come from those that name one.
    Tags,
    Id,
    Lang,
    Kind,
    TitleTranslation,
    BodyTranslation,
}

impl Field {
    /// Every field, in declaration order (which [`FieldMap`] relies on for indexing).
    pub const ALL: [Field; 13] = [
        Field::Title,
        Field::Body,
        Field::Date,
        Field::Url,
        Field::Source,
        Field::Speakers,
        Field::Themes,
        Field::Tags,
        Field::Id,
        Field::Lang,
        Field::Kind,
        Field::TitleTranslation,
        Field::BodyTranslation,
    ];

    /// The key names milpress looks for when the configuration names none.
    pub fn builtin_names(self) -> &'static [&'static str] {
        match self {
            Field::Title => &[
                "title",
                "title_original",
                "headline",
                "doc_title",
                "name",
                "subject",
                "标题",
                "標題",
                "题目",
                "題目",
            ],
            Field::Body => &[
                "body",
                "text",
                "content",
                "text_original",
                "article",
                "transcript",
                "doc_content",
                "full_text",
                "article_text",
                "body_text",
                "main_text",
                "story",
                "paragraphs",
                // schema.org's NewsArticle; scrapers' raw HTML.
                "article_body",
                "body_html",
                "content_html",
                "html_content",
                "contents",
                "summary",
                // An API's short text (NewsAPI, RSS converted to JSON): the text when there is
                // no other.
                "description",
                "abstract",
                "excerpt",
                "正文",
                "内容",
                "內容",
                "全文",
                "摘要",
                "要点",
                "要點",
                "概要",
                // A log or search tool's export (Kibana's `message`): the text when there is
                // no other.
                "message",
            ],
            // Publication first, then the generic and the record's own (created) times.
            Field::Date => &[
                "date",
                "published_date",
                "publish_time",
                "published",
                "pubdate",
                "pub_date",
                "publish_date",
                "publication_date",
                "published_time",
                "pub_time",
                "release_date",
                // schema.org's NewsArticle.
                "date_published",
                "post_date",
                "posted_at",
                "发布时间",
                "发布日期",
                "發布時間",
                "發布日期",
                "日期",
                "時間",
                "时间",
                "datetime",
                "time",
                "published_at",
                "created_at",
                "date_created",
                "created",
                "timestamp",
                // Elasticsearch and Kibana; GDELT's document API.
                "@timestamp",
                "seendate",
            ],
            Field::Url => &[
                "url",
                "link",
                "href",
                "source_url",
                "doc_url",
                // GDELT's tables.
                "documentidentifier",
                "链接",
                "網址",
                "网址",
            ],
            Field::Source => &[
                "source",
                "publisher",
                "agency",
                "site",
                "outlet",
                "origin",
                "来源",
                "來源",
                "出处",
                "媒体",
                "机构",
                "機構",
                "发布机构",
                "發布機構",
                "发布单位",
                "發布單位",
                // Search tools' flattened columns (`source.name`); GDELT's tables.
                "source.name",
                "source_name",
                "sourcecommonname",
            ],
            Field::Speakers => &[
                "speakers",
                "speaker",
                "spokesperson",
                "spokespeople",
                "发言人",
                "發言人",
            ],
            Field::Themes => &["themes", "theme"],
            Field::Tags => &[
                "tags",
                "tag",
                "categories",
                "category",
                "keywords",
                "labels",
                "topics",
                "topic",
                "subjects",
                "people",
            ],
            Field::Id => &["id", "_id", "uuid", "doc_id", "docid", "编号"],
            Field::Lang => &["lang", "language", "source_lang", "locale"],
            Field::Kind => &["kind", "type"],
            Field::TitleTranslation => &[
                "title_english",
                "title_en",
                "title_translation",
                "english_title",
            ],
            Field::BodyTranslation => &[
                "text_english",
                "body_en",
                "text_en",
                "body_translation",
                "content_en",
                "english_text",
            ],
        }
    }
}

/// For each milpress field, the JSON keys to look for (first present, non-empty wins).
/// Keys are compared case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap {
    names: [Vec<String>; Field::ALL.len()],
}

impl Default for FieldMap {
    /// The built-in names only.
    fn default() -> FieldMap {
        FieldMap {
            names: Field::ALL.map(|f| f.builtin_names().iter().map(|s| s.to_string()).collect()),
        }
    }
}

impl FieldMap {
    /// The keys to try for `field`, in order.
    pub fn names(&self, field: Field) -> &[String] {
        &self.names[field as usize]
    }

    /// Puts `names` in front of the keys tried for `field`; the rest stay as fallbacks.
    pub fn prefer(&mut self, field: Field, names: &[String]) {
        let list = &mut self.names[field as usize];
        list.retain(|old| !names.iter().any(|new| new.eq_ignore_ascii_case(old)));
        list.splice(0..0, names.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        const CASES: &[(&str, Option<Format>)] = &[
            ("a/b.txt", Some(Format::Text)),
            ("B.TEXT", Some(Format::Text)),
            ("x.md", Some(Format::Markdown)),
            ("x.Markdown", Some(Format::Markdown)),
            ("x.json", Some(Format::Json)),
            ("x.JSONL", Some(Format::JsonLines)),
            ("x.ndjson", Some(Format::JsonLines)),
            ("milpress.toml", None),
            ("README", None),
            ("x.html", Some(Format::Html)),
            ("x.HTM", Some(Format::Html)),
            ("x.shtml", Some(Format::Html)),
            ("x.xhtml", Some(Format::Html)),
            ("x.csv", Some(Format::Csv)),
            ("x.tsv", Some(Format::Tsv)),
            ("x.lines", None),
            ("x.pdf", None),
        ];
        for (path, expected) in CASES {
            assert_eq!(Format::from_path(Path::new(path)), *expected, "{path}");
        }
    }

    #[test]
    fn names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        const ALIASES: &[(&str, Option<Format>)] = &[
            ("TXT", Some(Format::Text)),
            (" md ", Some(Format::Markdown)),
            ("ndjson", Some(Format::JsonLines)),
            ("htm", Some(Format::Html)),
            ("rss", Some(Format::Feed)),
            ("Atom", Some(Format::Feed)),
            ("pdf", None),
            ("", None),
        ];
        for (name, expected) in ALIASES {
            assert_eq!(Format::from_name(name), *expected, "{name:?}");
        }
    }

    #[test]
    fn default_field_map_has_builtins() {
        let map = FieldMap::default();
        assert_eq!(map.names(Field::Title)[0], "title");
        assert_eq!(map.names(Field::BodyTranslation).len(), 6);
        for field in Field::ALL {
            assert!(!map.names(field).is_empty(), "{field:?}");
        }
    }
}
