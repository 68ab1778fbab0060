//! Plain-text press releases: the first non-empty line is the title, the rest is the body, and
//! a trailing block of `- ` lines after the last paragraph is the page's list of related
//! headlines (as on the MND and PLA Daily sites).
//!
//! The helpers that split a body from its headline block are shared with
//! [`super::markdown`]. A text file that starts with valid front matter (`---` YAML or `+++`
//! TOML) takes its metadata from it; otherwise such lines are just text.

use std::sync::LazyLock;

use regex::Regex;

use super::{markdown, strip_bom, FileParse};
use crate::extract::date::{find_date, parse_loose};
use crate::ingest::format::FieldMap;
use crate::reference::outlets::{outlets, Outlet};

/// Parses one plain-text file into one document.
pub fn parse(text: &str, fields: &FieldMap) -> FileParse {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return FileParse::failed("empty file");
    }
    // Front matter is optional here, so a `---` line that does not open valid front matter
    // is plain text rather than an error (unlike in Markdown files).
    let (meta, content) = match markdown::front_matter(text, fields) {
        Ok(Some((meta, content))) => (meta, content),
        _ => (markdown::Meta::default(), text),
    };
    if let Some(mail) = super::email::saved_as_text(content) {
        return mail;
    }
    let lines = without_page_furniture(content);
    let title_at = lines
        .iter()
        .position(|line| !line.trim().is_empty() && !is_skip_link(line));
    assemble(meta, &lines, title_at)
}

/// A web page's link past its menus, kept by a browser's "save as text" (`Skip to main
/// content`, `跳转到主要内容`): never the title.
fn is_skip_link(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    [
        "skip to ",
        "skip navigation",
        "jump to ",
        "跳转到",
        "跳到",
        "跳过导航",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && lower.chars().count() <= 30
}

/// A page reference at the end of a running header (`CONGRESSIONAL RESEARCH SERVICE   Page 2`,
/// `Annual Report          12`): the word `Page`, or a number of up to three digits after a
/// wide gap (a year after a title is no page).
static TRAILING_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\s+page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\s{3,}\d{1,3})$")
        .expect("valid trailing page pattern")
});

/// The lines of a text printed on pages (a PDF saved as text): without form feeds, without
/// running headers that repeat with their page's number, and, on such pages, without the
/// page numbers standing alone on their lines.
fn without_page_furniture(content: &str) -> Vec<&str> {
    let raw: Vec<&str> = content.lines().collect();
    let lines: Vec<&str> = raw.iter().map(|l| l.trim_start_matches('\u{c}')).collect();
    let header = |line: &str| -> Option<String> {
        let line = line.trim();
        let m = TRAILING_PAGE.find(line)?;
        let rest = line[..m.start()].trim();
        rest.chars()
            .any(char::is_alphabetic)
            .then(|| rest.to_string())
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for key in lines.iter().filter_map(|l| header(l)) {
        *counts.entry(key).or_default() += 1;
    }
    let running: std::collections::HashSet<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(key, _)| key)
        .collect();
    let paged = !running.is_empty() || content.contains('\u{c}');
    if !paged {
        return lines;
    }
    let bare_number = |line: &str| {
        let t = line.trim();
        (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    // On printed pages, a short line that comes back on several of them (`UNCLASSIFIED`, `Press
    // Briefing – October 31, 2023`) is their header or footer, and `Page 2 of 3` their number
    // ([`PAGE_NUMBER`]); a turn (`Q: Thank you.`) is never, nor the title.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in &lines {
        let t = line.trim();
        if (4..=100).contains(&t.chars().count()) && !t.contains([':', '：']) {
            *seen.entry(t).or_default() += 1;
        }
    }
    // A browser's print of a page: the time it was printed and the page's title over every
    // page (`5/24/24, 9:12 AM Pentagon Press Briefing`, `2025/4/2 19:02 例行记者会_外交部`),
    // its address and the page's number under it (`https://www.mfa.gov.cn/… 1/3`).
    static PRINTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)^(?:
                \d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?\s+\S.*
                | (?:https?|file)://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?
            )$",
        )
        .expect("valid print furniture pattern")
    });
    let title = lines
        .iter()
        .position(|l| !l.trim().is_empty() && !PRINTED.is_match(l.trim()));
    let furniture = |i: usize, l: &str| {
        let t = l.trim();
        let repeated = seen.get(t).is_some_and(|&n| n >= 2) && Some(i) != title;
        header(l).is_some_and(|key| running.contains(&key))
            || bare_number(l)
            || PAGE_NUMBER.is_match(t)
            || PRINTED.is_match(t)
            || repeated
    };
    // A sentence that runs on over a page break closes up: the blank lines around the page's
    // foot and head go, so that `…全程跟` and `踪监视…` read as one sentence.
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    let mut broken = false;
    for (i, line) in lines.iter().enumerate() {
        if raw[i].starts_with('\u{c}') {
            broken = true;
        }
        if furniture(i, line) {
            broken = true;
            continue;
        }
        if line.trim().is_empty() {
            kept.push(line);
            continue;
        }
        let runs_on = kept
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|previous| !ends_sentence(previous));
        if broken && runs_on {
            while kept.last().is_some_and(|l| l.trim().is_empty()) {
                kept.pop();
            }
        }
        broken = false;
        kept.push(line);
    }
    kept
}

/// Whether a line ends a sentence (or a heading's colon): what a page break after it leaves
/// as a paragraph break.
fn ends_sentence(line: &str) -> bool {
    line.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!'
                | '?'
                | ':'
                | ';'
                | '"'
                | '\''
                | ')'
                | ']'
                | '。'
                | '！'
                | '？'
                | '：'
                | '；'
                | '”'
                | '’'
                | '）'
                | '】'
                | '」'
                | '』'
                | '…'
        )
    })
}

/// A line naming the publisher under a title: `Source: Defense Desk`, `来源：国防部网`.
static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:source|publisher|outlet|来源|來源|出处|發布單位|发布单位)\s*[:：]\s*(\S.{0,99})$",
    )
    .expect("built-in source line regex is valid")
});

/// Reads a source line among the first three lines under a title into the document's source
/// (where it has none: a known outlet by its directory name, another as written) and takes
/// it out of the body, whose opening (and first snippet) is then the text. A date alone on
/// its line stays: extraction reads it there, and a text given twice keeps its halves even.
fn take_header_lines(parsed: &mut crate::document::Parsed, lines: &mut Vec<&str>) {
    const HEADER_LINES: usize = 3;
    let mut at = 0;
    let mut seen = 0;
    while at < lines.len() && seen < HEADER_LINES {
        let line = lines[at].trim();
        if line.is_empty() {
            at += 1;
            continue;
        }
        seen += 1;
        if whole_date(line) {
            at += 1;
            continue;
        }
        if let Some(caps) = SOURCE_LINE.captures(line) {
            // `Source: China Military Online  Editor: Chen Zhuo  2024-10-04 16:20`: the
            // page's date, and the outlet's name without what follows it.
            if parsed.date.is_none() {
                parsed.date = find_date(line);
            }
            let name = source_name(&caps[1]);
            if parsed.source.is_none() && !name.is_empty() {
                // `中华人民共和国国防部网站` is the ministry.
                let known = outlets().find_in(name).map(|o| o.name.clone());
                parsed.source = Some(known.unwrap_or_else(|| name.to_string()));
            }
            lines.remove(at);
            continue;
        }
        at += 1;
    }
}

/// The outlet's name at the start of a source line's value: up to a `|`, a wide gap, an
/// editor or author label or a date.
fn source_name(value: &str) -> &str {
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\s*(?:[|｜]|\s{2,}|\u{3000}|\b(?:editor|author|reporter|by)\s*[:：]|(?:责任编辑|编辑|作者|记者)\s*[:：]|\d{4}[-/.年])",
        )
        .expect("built-in source end regex is valid")
    });
    let value = value.trim();
    let end = END.find(value).map_or(value.len(), |m| m.start());
    value[..end].trim().trim_end_matches(['.', '。', ',', '，'])
}

/// Builds the document of a text or Markdown file from its front-matter metadata (empty when
/// there is none) and its lines. Without a title in the metadata the line at `title_at` is
/// the title and leaves the body; with one, a first line that repeats it is dropped.
pub(super) fn assemble(meta: markdown::Meta, lines: &[&str], title_at: Option<usize>) -> FileParse {
    let markdown::Meta {
        doc: mut parsed,
        warnings,
    } = meta;
    let first = lines.iter().position(|line| !line.trim().is_empty());
    let mut skip = [None, None];
    if parsed.title.is_empty() {
        // A masthead (`國防部新聞稿`, `PRESS RELEASE`) is no title: the headline under it is,
        // and the outlet it names is the publisher.
        let first_title_at = title_at;
        let mut title_at = title_at;
        // Above the headline, lines that are no title: an embargo notice; a letterhead that
        // names an outlet the directory knows (the publisher) and the office under it.
        let next_line = |at: usize| (at + 1..lines.len()).find(|&i| !lines[i].trim().is_empty());
        let mut letterhead = false;
        while let Some(at) = title_at {
            let line = lines[at].trim();
            // Under a letterhead: the office, the date, the source and editor line, an
            // editor's note.
            let under = letterhead
                && (line.starts_with("Office of") && line.len() <= 100
                    || whole_date(line)
                    || SOURCE_LINE.is_match(line)
                    || is_editors_note(line));
            let outlet = outlets().lookup(line).filter(|_| next_line(at).is_some());
            if let Some(outlet) = outlet {
                parsed.source.get_or_insert_with(|| outlet.name.clone());
                letterhead = true;
            } else if !(under
                || (is_embargo(line) || is_caption(line) || is_marking(line))
                    && next_line(at).is_some())
            {
                break;
            }
            title_at = next_line(at);
        }
        // A letterhead over the text, with no headline between (a date, then prose): the
        // letterhead stays the title.
        let headline = |at: usize| {
            let line = lines[at].trim();
            !whole_date(line)
                && line.chars().count() <= 200
                && !(line.chars().count() > 80 && line.ends_with(['.', '。']))
        };
        if !title_at.is_some_and(headline) {
            title_at = first_title_at;
        }
        if let Some((masthead, headline, outlet)) =
            title_at.and_then(|at| under_masthead(lines, at))
        {
            if let Some(outlet) = outlet {
                parsed.source.get_or_insert_with(|| outlet.name.clone());
            }
            skip[1] = Some(masthead);
            title_at = Some(headline);
        }
        let line = title_at.and_then(|i| lines.get(i));
        parsed.title = line
            .map(|l| strip_title_label(without_wire_mark(l.trim())))
            .unwrap_or_default();
        skip[0] = title_at;
    } else {
        skip[0] = first.filter(|&i| lines.get(i).map(|l| l.trim()) == Some(parsed.title.as_str()));
    }
    let rest: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(&Some(*i)))
        .map(|(_, line)| *line)
        .collect();
    let rest = unpaginate(&rest, &parsed.title);
    let mut rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    take_header_lines(&mut parsed, &mut rest);
    // A Chinese editor's credit at the foot (`责任编辑：赵倩`, `【编辑:刘欢】`) is no text. (An
    // English release's contacts stay: they may name its publisher.)
    while let Some(last) = rest.last() {
        let line = last.trim();
        let chinese_credit = line.chars().any(crate::reference::script::is_han)
            && super::html::boilerplate::is_credit_line(line);
        if !(line.is_empty() || chinese_credit) || rest.len() == 1 {
            break;
        }
        rest.pop();
    }
    let (body, headlines) = body_and_headlines(&rest);
    if !body.is_empty() {
        parsed.body = body;
    }
    parsed.headlines = headlines;

    let mut out = FileParse {
        warnings,
        ..FileParse::default()
    };
    if parsed.title.is_empty() && parsed.body.is_empty() {
        out.errors
            .push(super::ParseError::new(None, "no title or body"));
    } else {
        out.docs.push(parsed);
    }
    out
}

/// When the line at `at` is a masthead, it, the headline under it and the outlet it names: the next non-empty line
/// that is neither a date (nor digits alone) nor the name of a body the outlet directory knows (`Joint Chiefs of
/// Staff, Republic of Korea`), and short enough to be a headline.
fn under_masthead(lines: &[&str], at: usize) -> Option<(usize, usize, Option<&'static Outlet>)> {
    const LONGEST: usize = 200;
    let outlet = super::masthead(lines[at])?;
    let names_a_body = |line: &str| outlets().lookup(line).is_some();
    let (headline, line) = lines
        .iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, l)| !l.trim().is_empty())
        .take(5)
        .find(|(_, l)| {
            let l = l.trim();
            l.chars().any(char::is_alphabetic)
                && parse_loose(l).is_err()
                && !names_a_body(l)
                && super::masthead(l).is_none()
                && !is_reference(l)
        })?;
    (line.trim().chars().count() <= LONGEST).then_some((at, headline, outlet))
}

/// A reference number on a line of its own (`PR/CP(2024)079`, `No. 2024-113`): one word of
/// capitals, digits and marks, holding a digit.
fn is_reference(line: &str) -> bool {
    let line = line.strip_prefix("No.").unwrap_or(line).trim();
    !line.contains(char::is_whitespace)
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/()-.#_".contains(c))
}

/// A line that only numbers a page of a printed document: `- 3 -`, `— 12 —`, `· 46 ·`,
/// `Page 3 of 10`, `Page 3/10`, `第 3 页`, `第 1 页，共 2 页`, `共2页 第1页`, `3 / 10`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            [-–—]+\s*\d{1,4}\s*[-–—]+
            | [·•]\s*\d{1,4}\s*[·•]
            | page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
            | 第\s*\d{1,4}\s*[页頁](?:\s*[,，、]?\s*共\s*\d{1,4}\s*[页頁])?
            | 共\s*\d{1,4}\s*[页頁]\s*[,，、]?\s*第\s*\d{1,4}\s*[页頁]
            | \d{1,4}\s*/\s*\d{1,4}
        )$",
    )
    .expect("valid page-number pattern")
});

/// The lines of a text exported from a printed page (a PDF) as prose: page numbers and the
/// running title repeated at the top of each page dropped, and a word hyphenated at a line's
/// end (`electro-` / `magnetic`) joined again.
fn unpaginate(lines: &[&str], title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The title repeated is a running title only on numbered pages.
    let paged = lines.iter().any(|l| PAGE_NUMBER.is_match(l.trim()));
    let running = |line: &str| paged && line == title && title.chars().any(char::is_alphabetic);
    for line in lines {
        let trimmed = line.trim();
        if PAGE_NUMBER.is_match(trimmed) || running(trimmed) {
            continue;
        }
        let hyphenated = out.last().and_then(|last| {
            let stem = last.trim_end().strip_suffix('-')?;
            let letter_before = stem.chars().last().is_some_and(|c| c.is_ascii_lowercase());
            let letter_after = trimmed
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase());
            // `Space-\nbased`: after a capitalised word the hyphen is the compound's, and stays;
            // so it does after a compound's other hyphen (`military-to-\nmilitary`).
            let word = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
            let compound = word.starts_with(|c: char| c.is_uppercase()) || word.contains('-');
            let cut = if compound { stem.len() + 1 } else { stem.len() };
            (letter_before && letter_after).then_some(cut)
        });
        match hyphenated {
            Some(stem) => {
                let last = out.last_mut().expect("a previous line");
                last.truncate(stem);
                last.push_str(trimmed);
            }
            None => out.push((*line).to_string()),
        }
    }
    out
}

/// `Title: ...` / `标题：...` → `...`; anything else unchanged.
fn strip_title_label(line: &str) -> String {
    const LABELS: &[&str] = &["title:", "标题：", "标题:", "題目：", "题目："];
    for label in LABELS {
        let head = line.get(..label.len());
        if head.is_some_and(|h| h.eq_ignore_ascii_case(label)) {
            let rest = line.get(label.len()..).unwrap_or_default().trim();
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    line.to_string()
}

/// Splits lines into the body and the trailing related-headlines block.
///
/// The block is the run of list items (blank lines allowed between them) after the last
/// prose line. It is only taken as headlines when there is prose before it and that prose
/// does not end with a colon, since "...the following points:" introduces a list that
/// belongs to the body.
pub(super) fn body_and_headlines(lines: &[&str]) -> (String, Vec<String>) {
    let mut block_start = lines.len();
    let mut items = Vec::new();
    let mut prose = None;
    for (i, line) in lines.iter().enumerate().rev() {
        match list_item(line) {
            _ if line.trim().is_empty() => {}
            Some("") => {}
            Some(item) => {
                items.push(item.to_string());
                block_start = i;
            }
            None => {
                prose = Some(line.trim());
                break;
            }
        }
    }
    let introduces_list = |p: &str| p.ends_with(':') || p.ends_with('：');
    match prose {
        Some(p) if !items.is_empty() && !introduces_list(p) => {
            items.reverse();
            (tidy(lines.get(..block_start).unwrap_or(lines)), items)
        }
        _ => (tidy(lines), Vec::new()),
    }
}

/// The text of a list item line (`- `, `-`, `•`, `* `, `· `), marker and whitespace removed.
fn list_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    // The end mark of a release (`-END-`, `- 30 -`) is no list.
    if is_end_mark(line) {
        return None;
    }
    let rest = ["- ", "* ", "· ", "•"]
        .iter()
        .find_map(|marker| line.strip_prefix(marker))
        // A bare `-` marker, but not a `--` dash or `---` rule.
        .or_else(|| line.strip_prefix('-').filter(|r| !r.starts_with('-')))?;
    Some(rest.trim())
}

/// The mark that closes a press release: `-END-`, `- 30 -`, `ENDS`, `###`.
fn is_end_mark(line: &str) -> bool {
    let line = line.trim();
    let core = line.trim_matches(|c: char| matches!(c, '-' | '–' | '—') || c.is_whitespace());
    let dashed = core.len() < line.len();
    match core.to_ascii_uppercase().as_str() {
        "END" | "30" => dashed,
        "ENDS" | "###" => true,
        _ => false,
    }
}

/// A line that is a date and nothing else (`2024-05-24 06:30`, `18 November 2023`).
fn whole_date(line: &str) -> bool {
    crate::extract::date::leading_date(line).is_some_and(|(_, end)| {
        let rest = line[end..].trim();
        rest.is_empty()
            || rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | ' '))
    })
}

/// An editor's note over an article (`【编者按】…`, `Editor's note: …`): no headline.
fn is_editors_note(line: &str) -> bool {
    [
        "【编者按】",
        "【編者按】",
        "编者按：",
        "編者按：",
        "【编者的话】",
        "Editor's note",
        "Editor’s note",
    ]
    .iter()
    .any(|s| line.starts_with(s))
}

/// A line above a wire story's headline that says when it may run (`EMBARGOED UNTIL 0600
/// GMT …`, `HOLD FOR RELEASE …`): no title.
/// A photo's caption over the headline (`Photo: …`, `图为…`, `… (Photo by Li Wei)`,
/// `…（新华社记者 李伟 摄）`): no headline.
fn is_caption(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_lowercase();
    let opens = [
        "photo:",
        "photo by",
        "photos:",
        "file photo",
        "caption:",
        "pictured:",
        "图为",
        "图片：",
        "图片:",
        "图：",
        "图:",
        "(photo",
        "（图",
    ]
    .iter()
    .any(|s| lower.starts_with(s));
    // The credit in the last brackets.
    let credit = lower
        .strip_suffix([')', '）'])
        .and_then(|rest| rest.rsplit_once(['(', '（']))
        .is_some_and(|(_, inside)| {
            inside.contains("photo") || inside.trim_end().ends_with('摄') || inside.contains("图片")
        });
    opens || credit
}

/// A line above a document's headline that is no title: a classification or handling mark
/// (`UNCLASSIFIED`, `内部资料　注意保存`), an update stamp (`Updated May 29, 2024`), a paper's
/// issue line (`解放军报 2024年09月13日 星期五 第04版`) or a journal's (`中国军事科学　2024年第3期`).
fn is_marking(line: &str) -> bool {
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)^(?:
                (?:unclassified|confidential|secret|top\ secret|cui|for\ official\ use\ only)
                    (?:\s*//\s*[a-z ]+)?
                | (?:(?:内部资料|内部参考|注意保存|秘密|机密|绝密|内部|公开)[\s　]*){1,3}
                | .{0,100}第\s*\d{1,3}\s*版.{0,20}
                | .{1,30}\d{4}\s*年\s*第\s*\d{1,2}\s*期
            )$",
        )
        .expect("valid marking pattern")
    });
    // An update stamp only with its date: `Published reports on the drill` is a headline.
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:last )?(?:updated|published|posted|revised)\s*:?\s+\S.{0,30}$")
            .expect("valid stamp pattern")
    });
    let line = line.trim();
    MARK.is_match(line) || STAMP.is_match(line) && find_date(line).is_some()
}

fn is_embargo(line: &str) -> bool {
    let upper = line.trim().to_ascii_uppercase();
    [
        "EMBARGOED",
        "EMBARGO:",
        "EMBARGO ",
        "HOLD FOR RELEASE",
        "NOT FOR PUBLICATION",
    ]
    .iter()
    .any(|s| upper.starts_with(s))
}

/// A wire's version mark before a headline (`UPDATE 2-`, `REFILE-`, `CORRECTED-`), removed.
fn without_wire_mark(title: &str) -> &str {
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:UPDATE\s*\d+|REFILE|CORRECTED|WRAPUP\s*\d+|RPT|INSIGHT|EXCLUSIVE)\s*-\s*")
            .expect("built-in wire mark regex is valid")
    });
    match MARK.find(title) {
        Some(m) if m.end() < title.len() => &title[m.end()..],
        _ => title,
    }
}

/// Joins lines into a body: each line trimmed, runs of blank lines kept as one paragraph
/// break, no blank lines at either end.
pub(super) fn tidy<S: AsRef<str>>(lines: &[S]) -> String {
    let mut body = String::new();
    let mut gap = false;
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            gap = !body.is_empty();
            continue;
        }
        if !body.is_empty() {
            body.push_str(if gap { "\n\n" } else { "\n" });
        }
        body.push_str(line);
        gap = false;
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Date, Parsed};

    fn parse_one(text: &str) -> Parsed {
        let out = parse(text, &FieldMap::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let [doc] = &out.docs[..] else {
            panic!("{:?}", out.docs)
        };
        doc.clone()
    }

    const RELEASE: &str = "\u{feff}\n\
        Defense Spokesperson Answers Questions on Naval Escort Missions\n\
        Question: Could you tell us about the escort task force?\n\
        Spokesperson: The task force completed its mission.\n\
        \n\n\
        It will return home next month.\n\
        - 海军护航编队完成任务\n\
        • 边防部队开展冬季训练\n\
        \n\
        -   某旅组织实弹演习   \n";

    #[test]
    fn release_with_headline_block() {
        let doc = parse_one(RELEASE);
        assert_eq!(
            doc.title,
            "Defense Spokesperson Answers Questions on Naval Escort Missions"
        );
        assert_eq!(
            doc.body,
            "Question: Could you tell us about the escort task force?\n\
             Spokesperson: The task force completed its mission.\n\n\
             It will return home next month."
        );
        assert_eq!(
            doc.headlines,
            [
                "海军护航编队完成任务",
                "边防部队开展冬季训练",
                "某旅组织实弹演习"
            ]
        );
        assert!(doc.speakers.is_empty() && doc.date.is_none());
    }

    const MID_LIST: &str = "Title: Training Results\n\
        The drills covered three areas.\n\
        - navigation\n\
        - gunnery\n\
        Each unit passed its assessment.\n";

    #[test]
    fn list_followed_by_prose_is_body() {
        let doc = parse_one(MID_LIST);
        assert_eq!(doc.title, "Training Results");
        assert_eq!(
            doc.body,
            "The drills covered three areas.\n- navigation\n- gunnery\nEach unit passed its assessment."
        );
        assert!(doc.headlines.is_empty());
    }

    const COLON_LIST: &str = "标题：国防部答记者问\n发言人指出以下几点：\n- 第一点\n- 第二点\n";

    #[test]
    fn list_introduced_by_colon_is_body() {
        let doc = parse_one(COLON_LIST);
        assert_eq!(doc.title, "国防部答记者问");
        assert_eq!(doc.body, "发言人指出以下几点：\n- 第一点\n- 第二点");
        assert!(doc.headlines.is_empty());
    }

    #[test]
    fn a_caption_is_no_title_and_a_source_line_gives_its_date() {
        let doc = parse_one(
            "Photo: Sailors of the hospital ship treat patients in Tonga. (Photo by Li Wei)\n\n\
             Hospital ship wraps up mission in South Pacific\n\n\
             Source: China Military Online  Editor: Chen Zhuo  2024-10-04 16:20\n\n\
             ZHOUSHAN, Oct. 4 -- The hospital ship returned to its home port.\n",
        );
        assert_eq!(doc.title, "Hospital ship wraps up mission in South Pacific");
        assert_eq!(doc.source.as_deref(), Some("China Military Online"));
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2024-10-04")
        );
        let doc = parse_one(
            "医疗队员为当地群众义诊。（新华社记者 李伟 摄）\n\n和平方舟号完成任务返回舟山\n\n\
             来源：某某日报 | 责任编辑：王明 | 2024年10月4日\n\n正文。\n",
        );
        assert_eq!(doc.title, "和平方舟号完成任务返回舟山");
        assert_eq!(doc.source.as_deref(), Some("某某日报"));
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2024-10-04")
        );
        // A headline with a bracket is a headline.
        assert!(!is_caption("Navy holds drill (update)"));
        assert!(!is_caption("Photographers gather at the air show"));
    }

    #[test]
    fn a_printed_pages_repeated_header_and_footer_are_no_text() {
        let doc = parse_one(
            "Press Briefing by the Press Secretary\n\nQ: Was the intercept unsafe?\n\
             UNCLASSIFIED\nPage 1 of 2\n\u{c}Press Briefing – October 31, 2023\n\
             MR. RYDER: It was.\nQ: Thank you.\nUNCLASSIFIED\nPage 2 of 2\n\u{c}\
             Press Briefing – October 31, 2023\nQ: Thank you.\n",
        );
        assert!(!doc.body.contains("UNCLASSIFIED"), "{}", doc.body);
        assert!(!doc.body.contains("Page 1"), "{}", doc.body);
        assert!(!doc.body.contains("October 31"), "{}", doc.body);
        // A turn said twice stays.
        assert_eq!(doc.body.matches("Q: Thank you.").count(), 2, "{}", doc.body);
    }

    #[test]
    fn a_chinese_editors_credit_at_the_foot_is_no_text() {
        let doc = parse_one(
            "海警局发言人就仁爱礁事件答记者问\n\n刘德军表示，海警依法执法。\n\n责任编辑：赵倩\n",
        );
        assert_eq!(doc.body, "刘德军表示，海警依法执法。");
        let doc = parse_one("Release\n\nThe ship sailed.\n\nMedia contacts\nDefence Media\n");
        assert!(doc.body.ends_with("Defence Media"), "{}", doc.body);
    }

    #[test]
    fn list_without_prose_is_body() {
        let doc = parse_one("Related\n- one\n- two\n");
        assert_eq!(doc.body, "- one\n- two");
        assert!(doc.headlines.is_empty());
    }

    #[test]
    fn an_embargo_a_letterhead_and_an_end_mark_are_no_title_and_no_list() {
        let doc = parse_one(
            "EMBARGOED UNTIL 0600 GMT MONDAY -- NOT FOR PUBLICATION BEFORE THAT TIME\n\n\
             UPDATE 2-Navy holds drills near the strait\n\nThe navy held drills on Monday.\n",
        );
        assert_eq!(doc.title, "Navy holds drills near the strait");
        let doc = parse_one(
            "PHILIPPINE COAST GUARD\nOffice of the Spokesperson\n\nPRESS STATEMENT\n\
             31 August 2024\n\nSTATEMENT ON THE RAMMING AT THE SHOAL\n\n\
             A vessel rammed the cutter three times.\n\n-END-\n",
        );
        assert_eq!(doc.title, "STATEMENT ON THE RAMMING AT THE SHOAL");
        assert_eq!(doc.source.as_deref(), Some("Philippine Coast Guard"));
        assert!(doc.headlines.is_empty(), "{:?}", doc.headlines);
        // Under a letterhead: a source and editor line, a date, an editor's note.
        let doc = parse_one(
            "China Military Online\nSource: PLA Daily | Editor: Li Wei | 2024-06-12\n\n\
             Feature: A long voyage tests a young crew\n\nBefore dawn the bridge was quiet.\n",
        );
        assert_eq!(doc.title, "Feature: A long voyage tests a young crew");
        let doc = parse_one(
            "环球时报\n2024-05-24 06:30\n\n【编者按】本报记者采访了多位军事专家。\n\n\
             专家：演习是有力惩戒\n\n正文。\n",
        );
        assert_eq!(doc.title, "专家：演习是有力惩戒");
        for mark in ["-END-", "- 30 -", "###", "ENDS"] {
            assert!(is_end_mark(mark), "{mark}");
        }
        for line in ["- end of the exercise", "30", "END"] {
            assert!(!is_end_mark(line), "{line}");
        }
    }

    #[test]
    fn a_masthead_is_no_title() {
        let doc = parse_one("國防部新聞稿\n\n國防部說明共軍聯合戰備警巡情形\n中華民國115年5月20日\n\n國防部今日表示。\n");
        assert_eq!(doc.title, "國防部說明共軍聯合戰備警巡情形");
        assert_eq!(
            doc.source.as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
        assert!(!doc.body.contains("新聞稿"), "{}", doc.body);
        assert!(doc.body.starts_with("中華民國115年5月20日"), "{}", doc.body);

        let doc = parse_one(
            "Press Release\nJoint Chiefs of Staff, Republic of Korea\n2025. 12. 9.\n\nAircraft enter KADIZ\n\nText.\n",
        );
        assert_eq!(doc.title, "Aircraft enter KADIZ");

        let doc = parse_one("PRESS RELEASE\n21 May 2026\nNavy ships visit Manila\nText.\n");
        assert_eq!(doc.title, "Navy ships visit Manila");
        assert_eq!(doc.source, None);
        assert!(doc.body.starts_with("21 May 2026\nText."), "{}", doc.body);
        // A kind of paper and a reference number between the masthead and the headline.
        let doc = parse_one(
            "   PRESS RELEASE\n   Communique\n   PR/CP(2024)079\n   17 June 2024\n\n\
             Allied defence spending rises again\n\nText.\n",
        );
        assert_eq!(doc.title, "Allied defence spending rises again");
        // A source line under the title names the publisher, as written or as the directory
        // names it, and leaves the text.
        let doc = parse_one("Navy ships visit Manila\n2026-05-21\nSource: Defense Desk\nText.\n");
        assert_eq!(doc.source.as_deref(), Some("Defense Desk"));
        assert_eq!(doc.body, "2026-05-21\nText.");
        let doc = parse_one("标题\n来源：中华人民共和国国防部网站\n正文。\n");
        assert_eq!(doc.source.as_deref(), Some("Ministry of National Defense"));
        // Lower down, a source line is text.
        let doc = parse_one("Title\nOne.\nTwo.\nThree.\n来源：国防部网\n");
        assert_eq!(doc.source, None);

        // A headline that merely ends in a kind word stays the title.
        let doc = parse_one("Manila demands release\nText.\n");
        assert_eq!(doc.title, "Manila demands release");
    }

    #[test]
    fn a_chinese_pdf_saved_as_text_reads_across_its_page_breaks() {
        let doc = parse_one(
            "国防部新闻发言人就美舰过航台湾海峡答记者问\n\n  东部战区组织海空兵力对美舰过航全程跟\n\n       第 1 页，共 2 页\n\
             \u{c}国防部新闻发言人就美舰过航台湾海峡答记者问\n\n  踪监视，依法依规进行处置。\n\n       - 2 -\n",
        );
        assert_eq!(doc.title, "国防部新闻发言人就美舰过航台湾海峡答记者问");
        assert_eq!(
            doc.body,
            "东部战区组织海空兵力对美舰过航全程跟\n踪监视，依法依规进行处置。"
        );
    }

    #[test]
    fn marks_stamps_and_issue_lines_are_no_titles() {
        for (text, title) in [
            (
                "UNCLASSIFIED\n\nMilitary and Security Developments\n\nText.\n",
                "Military and Security Developments",
            ),
            (
                "Updated May 29, 2024\n\nTaiwan: Defense Issues\n\nText.\n",
                "Taiwan: Defense Issues",
            ),
            (
                "内部资料　注意保存\n\n军事动态摘编（2024年第10期）\n\n正文。\n",
                "军事动态摘编（2024年第10期）",
            ),
            (
                "解放军报 2024年09月13日 星期五 第04版\n\n香山论坛开幕\n\n正文。\n",
                "香山论坛开幕",
            ),
            (
                "解放军报     2025年8月1日  星期五                        第3版  要闻\n\n奋进强军新征程\n\n正文。\n",
                "奋进强军新征程",
            ),
            (
                "中国军事科学　2024年第3期\n\n论联合作战\n\n正文。\n",
                "论联合作战",
            ),
        ] {
            assert_eq!(parse_one(text).title, title, "{text:?}");
        }
        // A headline that merely starts like a mark stays one.
        assert_eq!(
            parse_one("Published reports on the drill\n\nText.\n").title,
            "Published reports on the drill"
        );
    }

    #[test]
    fn a_page_a_browser_printed_loses_its_print_header_and_footer() {
        let doc = parse_one(
            "5/24/24, 9:12 AM Pentagon Press Secretary Holds a Briefing > U.S. Department of Defense > Transcript\n\
             Pentagon Press Secretary Holds a Briefing\n\
             May 23, 2024\n\
             We do not seek escalation that no one\n\
             https://www.defense.gov/News/Transcripts/Transcript/Article/1/ 1/2\n\
             \u{c}5/24/24, 9:12 AM Pentagon Press Secretary Holds a Briefing > U.S. Department of Defense > Transcript\n\
             wants to see.\n\
             https://www.defense.gov/News/Transcripts/Transcript/Article/1/ 2/2\n\
             \u{c}",
        );
        assert_eq!(doc.title, "Pentagon Press Secretary Holds a Briefing");
        assert!(!doc.body.contains("defense.gov"), "{}", doc.body);
        assert!(!doc.body.contains("9:12"), "{}", doc.body);
        assert!(doc.body.contains("no one\nwants to see."), "{}", doc.body);
    }

    #[test]
    fn a_printed_pages_numbers_running_titles_and_hyphens_go() {
        let doc = parse_one(
            "WHITE PAPER 2026\n\nThe carrier has electro-\nmagnetic catapults and dis-\nplays power.\n\n- 1 -\n\nWHITE PAPER 2026\n\nThe Strait Thunder-\n2025A drill.\nPage 2 of 9\n第 3 页\n",
        );
        assert_eq!(doc.title, "WHITE PAPER 2026");
        assert_eq!(
            doc.body,
            "The carrier has electromagnetic catapults and displays power.\n\nThe Strait Thunder-\n2025A drill."
        );
        assert!(doc.headlines.is_empty(), "{:?}", doc.headlines);
        let doc = parse_one(
            "Austin meets Dong\n\nThey discussed military-to-\nmilitary communication.\n",
        );
        assert_eq!(
            doc.body,
            "They discussed military-to-military communication."
        );
    }

    #[test]
    fn a_pdf_saved_as_text_loses_its_running_headers_and_page_numbers() {
        let doc = parse_one(
            "RESEARCH SERVICE                 Page 1\n\nGolden Dome: Background\nUpdated May 28, 2025\n\n\
             The order directed a layered defense.\n\n               1\n\
             \u{c}RESEARCH SERVICE                 Page 2\n\nSpace-\nbased interceptors are central.\n\n               2\n",
        );
        assert_eq!(doc.title, "Golden Dome: Background");
        assert!(!doc.body.contains("RESEARCH SERVICE"), "{}", doc.body);
        assert!(
            !doc.body.lines().any(|l| l.trim() == "1" || l.trim() == "2"),
            "{}",
            doc.body
        );
        assert!(
            doc.body.contains("Space-based interceptors"),
            "{}",
            doc.body
        );
    }

    #[test]
    fn title_only_and_empty_files() {
        let doc = parse_one("  Just a title  \n\n");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Just a title", "")
        );
        for empty in ["", " \n\t\n", "\u{feff}", "\u{3000}\n"] {
            let out = parse(empty, &FieldMap::default());
            assert!(out.docs.is_empty());
            assert_eq!(
                out.errors,
                [super::super::ParseError::new(None, "empty file")]
            );
        }
    }

    #[test]
    fn front_matter_is_optional_in_text() {
        const WITH: &str = "---\ntitle: Joint Patrol\ndate: 2025-01-08\n---\nJoint Patrol\nShips sailed together.\n";
        let doc = parse_one(WITH);
        assert_eq!(doc.title, "Joint Patrol");
        assert_eq!(doc.body, "Ships sailed together.");
        assert_eq!(doc.date, Date::new(2025, 1, 8));

        // Dashes that do not open front matter are text.
        const DASHES: &str = "---\nA heading between rules\n---\nMore text.";
        let doc = parse_one(DASHES);
        assert_eq!(doc.title, "---");
        assert_eq!(doc.body, "A heading between rules\n---\nMore text.");
    }

    #[test]
    fn list_items_and_labels() {
        const ITEMS: &[(&str, Option<&str>)] = &[
            ("- a", Some("a")),
            ("-a", Some("a")),
            ("* a", Some("a")),
            ("•a", Some("a")),
            ("· a", Some("a")),
            ("  -  a  ", Some("a")),
            ("---", None),
            ("-- a", None),
            ("*a*", None),
            ("a - b", None),
        ];
        for (line, expected) in ITEMS {
            assert_eq!(list_item(line), *expected, "{line:?}");
        }
        assert_eq!(strip_title_label("TITLE: x"), "x");
        assert_eq!(strip_title_label("标题：演习"), "演习");
        assert_eq!(strip_title_label("Title:"), "Title:");
        assert_eq!(strip_title_label("标"), "标");
    }
}
