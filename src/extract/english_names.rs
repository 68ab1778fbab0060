//! People outside the roster as English transcripts label their turns: a title and a family
//! name (`SECRETARY HEGSETH:`, `Mr. Parnell:`), a given and a family name (`John Kirby:`), or a
//! family name alone once the transcript has named that person (`Hegseth:`).
//!
//! A label counts only at the start of a line, and only as the whole label: `The key point is
//! this:`, `Note:`, `Photo:` or `10:30` name nobody. Each person comes out as the fullest name
//! the text gives (`Pete Hegseth` when the text writes him so anywhere, else `Hegseth`), in
//! ordinary case, so that every label of one person is one speaker. Whether the document is a
//! transcript at all (it has question turns) is for the caller to decide.

use std::collections::HashMap;

use super::speakers::starts_line;
use crate::reference::roster::strip_titles;
use crate::reference::speaker_words::{holds, SPEAKER_WORDS};

/// How a label names a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// A title before the name (`GENERAL CAINE`).
    Titled,
    /// A given name first (`John Kirby`).
    Given,
    /// One word, credible only as the family name of someone the text names otherwise.
    Bare,
}

/// The speaker each English person label of `text` names, by the label's byte position.
/// `labels` are the turn labels of `text` (position, label as written); a label whose turn is a
/// question (its text ends with `?`) names an asker, not a speaker, and is left out.
pub fn label_speakers(text: &str, labels: &[(usize, &str)]) -> HashMap<usize, String> {
    let parsed: Vec<(usize, Form, Vec<&str>)> = labels
        .iter()
        .enumerate()
        .filter(|(i, (pos, label))| {
            let end = labels.get(i + 1).map_or(text.len(), |(next, _)| *next);
            let said = text.get(pos + label.len()..end).unwrap_or("");
            starts_line(text, *pos) && !asks(said)
        })
        .filter_map(|(_, (pos, label))| {
            let (form, words) = parse(label)?;
            Some((*pos, form, words))
        })
        .collect();
    // Family names the transcript's titled and full-name labels establish.
    let families: Vec<String> = parsed
        .iter()
        .filter(|(_, form, _)| *form != Form::Bare)
        .filter_map(|(_, _, words)| words.last().map(|w| w.to_lowercase()))
        .collect();
    let mut speakers = HashMap::new();
    // Full names by family name, lowercase: each family name is looked up in the text once.
    let mut full_by_family: HashMap<String, Vec<String>> = HashMap::new();
    for (pos, form, words) in parsed {
        let name = match words.as_slice() {
            [family] => {
                let full = full_by_family
                    .entry(family.to_lowercase())
                    .or_insert_with(|| full_names(text, family));
                let established = form != Form::Bare
                    || families.contains(&family.to_lowercase())
                    || !full.is_empty();
                if !established {
                    continue;
                }
                match full.as_slice() {
                    [one] => one.clone(),
                    _ => ordinary_case(family),
                }
            }
            _ => words
                .iter()
                .map(|w| ordinary_case(w))
                .collect::<Vec<_>>()
                .join(" "),
        };
        speakers.insert(pos, name);
    }
    speakers
}

/// The form of a person label and its name words, if it is one: one to three name words after
/// a title, or two or three starting with a given name, or one alone.
fn parse(label: &str) -> Option<(Form, Vec<&str>)> {
    let label = label.trim();
    let name = strip_titles(label);
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| is_name_word(w)) {
        return None;
    }
    let given = &SPEAKER_WORDS.english_names.given;
    // Titles are words: punctuation trimmed from the edges (`(Hegseth`) is none.
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let form = if letters(name) < letters(label) {
        Form::Titled
    } else if words.len() == 1 {
        Form::Bare
    } else if holds(given, &words[0].to_lowercase()) {
        Form::Given
    } else {
        return None;
    };
    (words.len() <= 3).then_some((form, words))
}

/// A capitalised word of letters (with `'` or `-` inside) that is not a title, a caption, an
/// agency or a function word.
fn is_name_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    let labels = &SPEAKER_WORDS.labels;
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        && !holds(&labels.not_names, &lower)
        && !holds(&SPEAKER_WORDS.titles.en, &lower)
}

/// Whether a turn's text is a question: an outlet or a reporter asking (`Al Jazeera: …?`).
fn asks(said: &str) -> bool {
    said.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '）'])
        .ends_with(['?', '？'])
}

/// The full name a headline gives a speaker whom the text labels by family name alone
/// (`SECRETARY HEGSETH:` under `Secretary of Defense Pete Hegseth Remarks at …`): the one full
/// name of that family in `title`, if there is exactly one.
pub fn in_full(name: &str, title: &str) -> Option<String> {
    if name.contains(' ') || title.is_empty() {
        return None;
    }
    match full_names(title, name).as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The full names (`Pete Hegseth`) under which `text` writes the family name `family`: a given
/// name directly before it, in any case, or any first name where a line introduces the person
/// (`Tommy Pigott, Principal Deputy Spokesperson`). Distinct, in order.
fn full_names(text: &str, family: &str) -> Vec<String> {
    let given = &SPEAKER_WORDS.english_names.given;
    // First names of lines that introduce the person (`Tommy Pigott, …`), read once.
    let introduced: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            match line
                .split(',')
                .next()?
                .split_whitespace()
                .collect::<Vec<_>>()[..]
            {
                [first, last] if last.eq_ignore_ascii_case(family) && is_name_word(first) => {
                    Some(first)
                }
                _ => None,
            }
        })
        .collect();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')))
        .filter(|w| !w.is_empty())
        .collect();
    let mut names: Vec<String> = Vec::new();
    for (at, last) in words.iter().enumerate() {
        if !last.eq_ignore_ascii_case(family) || at == 0 {
            continue;
        }
        // The given name before the family name, or before a middle initial
        // (`Gilberto C. Teodoro Jr.`).
        let initial = |w: &str| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase());
        let first = match words[at - 1] {
            w if initial(w) && at >= 2 => words[at - 2],
            w => w,
        };
        // Initials that a person goes by (`Gen. CQ Brown, Jr.`) stay as written; in capitals
        // throughout (`MR. PARNELL`) two letters are a title.
        let initials = first.len() == 2
            && first.chars().all(|c| c.is_ascii_uppercase())
            && last.chars().any(char::is_lowercase);
        if first.chars().next().is_some_and(char::is_uppercase)
            && (initials || holds(given, &first.to_lowercase()) || introduced.contains(&first))
        {
            let first = if initials {
                first.to_string()
            } else {
                ordinary_case(first)
            };
            let name = format!("{first} {}", ordinary_case(last));
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// A word written in capitals in ordinary case (`HEGSETH` → `Hegseth`, `JEAN-PIERRE` →
/// `Jean-Pierre`); a word already in mixed case as written (`McCain`).
pub(super) fn ordinary_case(word: &str) -> String {
    if word.chars().any(char::is_lowercase) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '’');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_name_takes_the_one_full_name_of_the_headline() {
        let title = "Secretary of Defense Pete Hegseth Remarks at the Shangri-La Dialogue";
        assert_eq!(in_full("Hegseth", title).as_deref(), Some("Pete Hegseth"));
        assert_eq!(in_full("Ryder", title), None);
        assert_eq!(in_full("Pete Hegseth", title), None);
        let two = "Remarks by Pete Hegseth and Jennifer Hegseth";
        assert_eq!(in_full("Hegseth", two), None);
        let initials = "Gen. CQ Brown, Jr. Holds a Press Briefing";
        assert_eq!(in_full("Brown", initials).as_deref(), Some("CQ Brown"));
    }

    /// The labels of `text` at line starts, as the turn finder would give them.
    fn speakers_of(text: &str) -> Vec<String> {
        let mut labels = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(colon) = line.find(':') {
                labels.push((offset, &text[offset..offset + colon]));
            }
            offset += line.len();
        }
        let found = label_speakers(text, &labels);
        let mut positions: Vec<&usize> = found.keys().collect();
        positions.sort();
        positions.into_iter().map(|p| found[p].clone()).collect()
    }

    #[test]
    fn titled_and_full_name_labels_are_people() {
        const US: &str = "Secretary of Defense Pete Hegseth at the podium\n\
            MR. PARNELL: Good afternoon.\n\
            Q: Has Beijing been told?\n\
            SECRETARY HEGSETH: We don't telegraph our moves.\n\
            Q: General, where will they be based?\n\
            GENERAL CAINE: Not from the podium.\n\
            Hegseth: One more thing.\n\
            John Kirby: We have nothing to add.\n\
            Kirby: Nothing at all.\n";
        assert_eq!(
            speakers_of(US),
            [
                "Parnell",
                "Pete Hegseth",
                "Caine",
                "Pete Hegseth",
                "John Kirby",
                "John Kirby"
            ]
        );
    }

    #[test]
    fn captions_headings_sentences_and_askers_are_not() {
        const NOT: &str = "Note: the figures are provisional.\n\
            Update: the briefing was moved.\n\
            (Hegseth: the figures were revised.\n\
            Photo: a battery on the move.\n\
            Source: the ministry.\n\
            Editor: Li Wei\n\
            The key point is this: deterrence holds.\n\
            10:30 the briefing starts.\n\
            Mountain City: The brigade moved at night.\n\
            Political Commissar: The unit kept its readiness.\n\
            Global Times: Does China see this as escalation?\n\
            John Smith: Will the batteries move?\n\
            Secretary General: The assembly met.\n\
            Mr. Secretary: Thank you.\n";
        assert_eq!(speakers_of(NOT), Vec::<String>::new());
    }

    #[test]
    fn a_label_inside_a_line_is_not_one() {
        let text = "He said. SECRETARY HEGSETH: We will.";
        let labels = [(9, "SECRETARY HEGSETH")];
        assert!(label_speakers(text, &labels).is_empty());
    }

    #[test]
    fn a_line_introducing_the_briefer_gives_the_full_name() {
        const BRIEFING: &str = "Department Press Briefing\n\
            Tommy Pigott, Principal Deputy Spokesperson\n\
            MR. PIGOTT: Good afternoon.\n\
            QUESTION: Thanks, Tommy. Any news on the talks?\n\
            MR. PIGOTT: Nothing to announce.\n";
        assert_eq!(full_names(BRIEFING, "Pigott"), ["Tommy Pigott"]);
        // Not a title, and not any capitalised word before the name.
        assert!(full_names(
            "Secretary Pigott, the official said.\nMR. PIGOTT: Yes.",
            "Pigott"
        )
        .is_empty());
        assert!(full_names("Thanks Pigott.\nMR. PIGOTT: Yes.", "Pigott").is_empty());
        // A middle initial between the given and the family name.
        assert_eq!(
            full_names(
                "Secretary of National Defense Gilberto C. Teodoro Jr. spoke first.\n\
                 SECRETARY TEODORO: Thank you.",
                "Teodoro"
            ),
            ["Gilberto Teodoro"]
        );
    }

    #[test]
    fn names_take_ordinary_case_and_the_text_full_form() {
        assert_eq!(ordinary_case("HEGSETH"), "Hegseth");
        assert_eq!(ordinary_case("JEAN-PIERRE"), "Jean-Pierre");
        assert_eq!(ordinary_case("McCain"), "McCain");
        assert_eq!(
            full_names("Gen. Dan Caine and DAN CAINE", "CAINE"),
            ["Dan Caine"]
        );
        // Two people of one family name: the label keeps the family name alone.
        assert_eq!(full_names("Jane Smith met John Smith.", "Smith").len(), 2);
    }
}
