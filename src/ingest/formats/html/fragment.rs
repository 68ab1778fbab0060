//! Markup inside one field of a record: a JSON, JSONL or CSV value that holds an article's
//! HTML (`<p>…</p><p><strong>记者：</strong>…`), or a title with `&#8217;` in it. The value is
//! rendered by the page reader's own [`Walker`], so a record's body reads like a page's:
//! paragraphs kept, scripts and styles dropped, entities decoded. A value is only taken for
//! markup when it clearly holds tags (see [`is_markup`]): `a < b` is text.

use std::collections::HashMap;

use scraper::{ElementRef, Html};

use super::article::INVISIBLE_TAGS;
use super::text::{collapse, is_block, TextOut, Walker};

/// Elements whose tags mark a value as HTML. A name not listed (`<y`, `<T>`) is not a tag.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "video",
    "wbr",
];

/// Elements that have no closing tag: one of them alone is markup.
const VOID: &[&str] = &["br", "hr", "img", "link", "meta", "source", "wbr"];

/// Elements that break the text into lines or paragraphs; markup without any of them keeps
/// the line breaks of its text.
const BREAKING: &[&str] = &["br", "li", "tr", "dt", "dd", "caption"];

/// The tags of `value`: each known element name with whether its tag closes (`</p>`).
fn tags(value: &str) -> impl Iterator<Item = (&str, bool)> + '_ {
    value.match_indices('<').filter_map(move |(at, _)| {
        let rest = value.get(at + 1..)?;
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let after = rest[len..].chars().next()?;
        if !(after == '>' || after == '/' || after.is_ascii_whitespace()) {
            return None;
        }
        let name = &rest[..len];
        TAGS.iter()
            .find(|tag| tag.eq_ignore_ascii_case(name))
            .map(|tag| (*tag, closing))
    })
}

/// Whether `value` is HTML rather than text that happens to hold a `<`: it has a closing tag
/// of a known element (`</p>`), a void element (`<br>`, `<img src=…>`), or two opening tags
/// of known elements.
pub fn is_markup(value: &str) -> bool {
    let mut opening = 0;
    for (name, closing) in tags(value) {
        if closing || VOID.contains(&name) {
            return true;
        }
        opening += 1;
        if opening >= 2 {
            return true;
        }
    }
    false
}

/// The text of a field's value when it is markup or holds character references: markup
/// rendered with its paragraphs (scripts, styles and other invisible elements dropped), a
/// value with entities only decoded. `None` for plain text, which is kept as it is.
pub fn field_text(value: &str) -> Option<String> {
    if is_markup(value) {
        let inline_only = !tags(value).any(|(name, _)| is_block(name) || BREAKING.contains(&name));
        if inline_only && value.contains('\n') {
            // `First paragraph\n\nSecond <b>bold</b>`: the text's own breaks are its layout.
            let mut text = String::new();
            let mut blank = false;
            for line in value.split('\n').map(render) {
                if line.is_empty() {
                    blank = true;
                    continue;
                }
                if !text.is_empty() {
                    text.push_str(if blank { "\n\n" } else { "\n" });
                }
                blank = false;
                text.push_str(&line);
            }
            return Some(text);
        }
        return Some(render(value));
    }
    entity_spans(value)
        .next()
        .is_some()
        .then(|| decode_entities(value).trim().to_string())
}

/// A field's value as one line (a title): like [`field_text`], with line breaks as spaces.
pub fn field_line(value: &str) -> Option<String> {
    field_text(value).map(|text| collapse(&text))
}

fn render(markup: &str) -> String {
    let fragment = Html::parse_fragment(markup);
    let invisible = |el: ElementRef<'_>| INVISIBLE_TAGS.contains(&el.value().name());
    let mut out = TextOut::default();
    Walker {
        strict: false,
        dropped: &invisible,
    }
    .walk(fragment.root_element(), &mut out, 0);
    out.buf
}

/// The byte ranges of the well-formed character references of `text`: `&#8217;`, `&#x2019;`,
/// `&rsquo;` (a `&` not followed by one is text: `AT&T`, `a=1&b=2`).
fn entity_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.match_indices('&').filter_map(move |(at, _)| {
        let rest = text.get(at + 1..)?;
        let end = rest.find(';')?;
        let name = &rest[..end];
        let well_formed = match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => {
                (2..=7).contains(&hex.len()) && hex[1..].chars().all(|c| c.is_ascii_hexdigit())
            }
            Some(digits) => {
                (1..=7).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
            }
            None => {
                (2..=32).contains(&name.len())
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric())
            }
        };
        well_formed.then_some((at, at + 1 + end + 1))
    })
}

/// `text` with its character references decoded by the HTML parser, one at a time, so that
/// nothing else in it is read as markup; a reference the parser does not know stays as written.
fn decode_entities(text: &str) -> String {
    let mut decoded: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in entity_spans(text) {
        if start < from {
            continue;
        }
        let entity = &text[start..end];
        let value = decoded.entry(entity).or_insert_with(|| {
            let text: String = Html::parse_fragment(entity).root_element().text().collect();
            // `&parameter;` would come back as `¶meter;`: only a whole reference counts.
            (text != entity && text.chars().count() <= 2).then_some(text)
        });
        if let Some(value) = value {
            out.push_str(&text[from..start]);
            out.push_str(value);
            from = end;
        }
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_clear_markup_is_markup() {
        const MARKUP: &[&str] = &[
            "<p>One</p>",
            "Line<br>line",
            "Line<BR/>line",
            "<img src=x.jpg>",
            "<b>bold</b>",
            "<p>one<p>two",
            "<DIV class=\"a\">x</DIV>",
        ];
        const TEXT: &[&str] = &[
            "a < b and c > d",
            "x<y",
            "Vec<String>",
            "<p> alone",
            "<3 the navy",
            "<<<",
            "",
            "5 <= 6",
            "<unknown>x</unknown>",
        ];
        for value in MARKUP {
            assert!(is_markup(value), "{value}");
        }
        for value in TEXT {
            assert!(!is_markup(value), "{value}");
            assert_eq!(field_text(value), None, "{value}");
        }
    }

    #[test]
    fn markup_becomes_text_with_paragraphs() {
        const BODY: &str = "<div class=\"article\"><p>First &amp; <strong>foremost</strong>.</p>\
            <p>The People&#39;s navy&mdash;said so.</p><script>track('x');</script>\
            <style>p { color: red }</style><table><tr><td>Hull</td><td>18</td></tr></table></div>";
        assert_eq!(
            field_text(BODY).unwrap(),
            "First & foremost.\n\nThe People's navy—said so.\n\nHull 18"
        );
        // Inline tags in text that breaks its own lines: the breaks stay.
        assert_eq!(
            field_text("One <b>bold</b> word.\n\nTwo <i>more</i>.\nThree.").unwrap(),
            "One bold word.\n\nTwo more.\nThree."
        );
        assert_eq!(
            field_line("<p>A</p><p>title &#8217;s</p>").unwrap(),
            "A title ’s"
        );
    }

    #[test]
    fn entities_alone_are_decoded_and_the_rest_kept() {
        const CASES: &[(&str, &str)] = &[
            ("Fujian&#8217;s commissioning", "Fujian’s commissioning"),
            ("A &amp; B &rsquo;x&#x2019;", "A & B ’x’"),
            ("AT&T & co; a=1&b=2 &amp;", "AT&T & co; a=1&b=2 &"),
            (
                "&parameter; &nosuch; &#99999999;",
                "&parameter; &nosuch; &#99999999;",
            ),
            ("a < b &lt; c", "a < b < c"),
            ("第一段&nbsp;\n\n第二段", "第一段\u{a0}\n\n第二段"),
        ];
        for (value, expected) in CASES {
            assert_eq!(field_text(value).as_deref(), Some(*expected), "{value}");
        }
        assert_eq!(field_text("no references here; & none"), None);
    }

    #[test]
    fn odd_values_never_panic() {
        const INPUTS: &[&str] = &[
            "<",
            "</",
            "<p",
            "</p",
            "&",
            "&#",
            "&#;",
            "&#x;",
            "&;",
            "<p>&",
            "<br>\u{0}",
            "é<b>ü</b>",
            "<script>",
            "<p>\n\n</p>",
            "&#xD800;",
            "&#0;",
        ];
        for input in INPUTS {
            let _ = field_text(input);
            let _ = field_line(input);
        }
        let deep = format!("{}text{}", "<div>".repeat(3000), "</div>".repeat(3000));
        assert_eq!(field_text(&deep).as_deref(), Some("text"));
    }
}
