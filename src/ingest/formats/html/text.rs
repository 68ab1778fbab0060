//! Rendering a page's blocks as text: block elements become paragraphs, `<br>` and list items
//! lines, table cells spaces; whitespace collapses; chrome and (when strict) related-link
//! lists are skipped. Recursion is bounded on any input.

use scraper::{ElementRef, Node};

use super::article::{is_link_list, is_related_label, Dropped, Stats};
use super::boilerplate::{is_section_label, says_original, says_translation};

/// A section label standing alone ("Summary", 原文, a `<summary>` saying "Original 原文"):
/// it names the text that follows and is not part of it.
fn is_label(el: ElementRef<'_>) -> bool {
    let text = el.text().collect::<String>();
    if text.chars().count() > 60 {
        return false;
    }
    let heading = matches!(
        el.value().name(),
        "summary" | "h2" | "h3" | "h4" | "h5" | "h6" | "legend" | "dt"
    );
    is_section_label(&text) || (heading && (says_original(&text) || says_translation(&text)))
}

pub(super) fn is_block(name: &str) -> bool {
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
pub(super) struct Walker<'f> {
    /// Also drop related-link labels and link lists (not when looking for a date line).
    pub(super) strict: bool,
    pub(super) dropped: Dropped<'f>,
}

impl Walker<'_> {
    pub(super) fn walk(&self, el: ElementRef<'_>, out: &mut TextOut, depth: usize) {
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
                if is_label(element) {
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
            } else {
                out.boundary = true;
            }
            self.walk(element, out, depth + 1);
            if block {
                out.para();
            } else if line {
                out.line();
            } else {
                out.boundary = true;
            }
        }
    }
}

/// Text with collapsed whitespace: a pending break is written only before more text, so the
/// result never starts or ends with whitespace and never has blank runs.
#[derive(Default)]
pub(super) struct TextOut {
    pub(super) buf: String,
    pending: Gap,
    /// An inline element began or ended just before the next character: two numbers (or a
    /// number and a capitalised word) that separate elements print side by side are kept
    /// apart (`<span>June 19, 2024</span><span>3:21 PM</span>`).
    boundary: bool,
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
    pub(super) fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space();
                continue;
            }
            if !self.buf.is_empty() {
                match self.pending {
                    Gap::None if self.boundary && glued(self.buf.chars().last(), c) => {
                        self.buf.push(' ')
                    }
                    Gap::None => {}
                    Gap::Space => self.buf.push(' '),
                    Gap::Line => self.buf.push('\n'),
                    Gap::Para => self.buf.push_str("\n\n"),
                }
            }
            self.pending = Gap::None;
            self.boundary = false;
            self.buf.push(c);
        }
    }

    pub(super) fn space(&mut self) {
        self.pending = self.pending.max(Gap::Space);
    }

    pub(super) fn line(&mut self) {
        self.pending = self.pending.max(Gap::Line);
    }

    pub(super) fn para(&mut self) {
        self.pending = self.pending.max(Gap::Para);
    }
}

/// Whether `next` after `last`, from two inline elements, would glue two items into one word:
/// a figure after a figure (`2024` `3:21`), a capital after a figure (`GMT+8` `Updated`).
fn glued(last: Option<char>, next: char) -> bool {
    last.is_some_and(|l| l.is_ascii_digit()) && (next.is_ascii_digit() || next.is_ascii_uppercase())
}

/// Whitespace runs (including full-width spaces and NBSP) → one space; trimmed.
pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
