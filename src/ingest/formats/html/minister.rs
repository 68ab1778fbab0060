//! A minister's media release opens with who issues it, a line each: the date, `The Hon
//! Richard Marles MP`, `Deputy Prime Minister`, `Minister for Defence`, `Media release` (the
//! Australian, New Zealand and British shape). Those lines are no text of the release. The
//! minister is its speaker when the release quotes them by name or by one of those offices
//! (`"…," the Deputy Prime Minister said`).

use regex::Regex;
use std::sync::LazyLock;

use crate::extract::date::leading_date;
use crate::ingest::formats::is_page_kind;

/// Who issues a release, as its header names them.
#[derive(Debug, PartialEq)]
pub(super) struct Minister {
    pub name: String,
    pub offices: Vec<String>,
}

/// `The Hon Richard Marles MP`, `Senator the Hon Penny Wong`, `The Rt Hon John Healey MP`,
/// `Hon Judith Collins KC MP`: the name between the honorific and the letters after it.
static HONOURABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Senator\s+)?(?:the\s+|The\s+)?(?:Rt\.?\s+)?Hon\.?\s+((?:Dr\.?\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,3}?)(?:\s+(?:MP|KC|QC|OBE|CBE|AM|AO|CSC|PC|MLA|MLC))*\s*$",
    )
    .expect("built-in regex is valid")
});

/// Splits a minister's header off the start of `body`: the body without it, and who it names.
/// `None` when the body opens otherwise.
pub(super) fn header(body: &str) -> Option<(String, Minister)> {
    // The non-empty lines, each with where the text after it starts.
    let mut lines = body
        .split_inclusive('\n')
        .scan(0, |at, line| {
            *at += line.len();
            Some((line.trim(), *at))
        })
        .filter(|(l, _)| !l.is_empty())
        .peekable();
    // A date line alone (`22 February 2025`).
    if let Some((line, _)) = lines.peek() {
        if leading_date(line).is_some_and(|(_, len)| line[len..].trim().is_empty()) {
            lines.next();
        }
    }
    let (line, mut end) = lines.next()?;
    let name = HONOURABLE.captures(line)?.get(1)?.as_str().to_string();
    let mut offices = Vec::new();
    while let Some(&(line, after)) = lines.peek() {
        if is_page_kind(line) {
            end = after;
            break;
        }
        if !is_office(line) {
            break;
        }
        offices.push(line.to_string());
        end = after;
        lines.next();
    }
    let rest = body[end..].trim();
    (!rest.is_empty()).then(|| (rest.to_string(), Minister { name, offices }))
}

/// A line that names an office: short, capitalised, no sentence (`Minister for Defence`,
/// `Deputy Prime Minister`, `Minister for Defence Industry and Capability Delivery`).
fn is_office(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && !line.ends_with(['.', ':', '?', '!'])
        && words[0].starts_with(|c: char| c.is_uppercase())
        && [
            "minister",
            "secretary",
            "senator",
            "leader",
            "treasurer",
            "attorney",
        ]
        .iter()
        .any(|w| line.to_lowercase().contains(w))
}

impl Minister {
    /// Whether `body` quotes the minister: by surname or full name (`Marles said`), or by an
    /// office of the header (`the Deputy Prime Minister said`, `said the Minister for Defence`).
    pub(super) fn quoted_in(&self, body: &str) -> bool {
        let surname = self.name.split_whitespace().last().unwrap_or(&self.name);
        let lower = body.to_lowercase();
        std::iter::once(surname.to_lowercase())
            .chain(
                self.offices
                    .iter()
                    .map(|o| format!("the {}", o.to_lowercase())),
            )
            .any(|who| {
                lower.contains(&format!("{who} said"))
                    || lower.contains(&format!("said {who}"))
                    || lower.contains(&format!("{who} says"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str = "22 February 2025\n\nThe Hon Richard Marles MP\nDeputy Prime Minister\nMinister for Defence\n\nMedia release\n\nThe Australian Defence Force continues to monitor a task group.\n\n\"We have raised the lack of notice,\" the Deputy Prime Minister said.";

    #[test]
    fn the_header_goes_and_names_the_minister() {
        let (body, minister) = header(RELEASE).expect("header");
        assert!(
            body.starts_with("The Australian Defence Force continues"),
            "{body}"
        );
        assert_eq!(minister.name, "Richard Marles");
        assert_eq!(
            minister.offices,
            ["Deputy Prime Minister", "Minister for Defence"]
        );
        assert!(minister.quoted_in(&body));
        assert!(!minister.quoted_in("The task group left on Friday."));
        let (_, healey) = header("The Rt Hon John Healey MP\nSecretary of State for Defence\n\nHealey said the carrier group sailed.").expect("header");
        assert_eq!(healey.name, "John Healey");
        assert!(healey.quoted_in("Healey said the carrier group sailed."));
    }

    #[test]
    fn other_openings_are_kept() {
        for body in [
            "The Hon Richard Marles MP said on Friday that the task group had left.",
            "22 February 2025\n\nThe task group left.",
            "Honiara hosted the talks.\n\nThe ministers met.",
        ] {
            assert_eq!(header(body), None, "{body}");
        }
    }
}
