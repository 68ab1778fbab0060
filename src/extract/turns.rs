//! Who said what in a transcript: splitting a briefing into answer turns.
//!
//! A press-conference transcript (`记者：… 蒋斌：…`, `问：… 答：…`, `Q: … Jiang Bin: …`,
//! `AFP: … Lin Jian: …`) is a run of labelled turns. [`split`] finds the labels with the speaker
//! rules of [`super::speakers`] and returns one [`Turn`] per answer: the question before it (empty
//! for an opening announcement), who answered, and the answer's text up to the next turn, so an
//! answer that runs over several paragraphs stays one. Reporters' turns are never answers. A text
//! with no question label is not taken for a transcript: a release quoting `蒋斌：…` once is
//! a statement, not a briefing.

use super::speakers::{turn_labels_with_roles, TurnLabel, TurnRole};
use crate::reference::script::is_han;
use crate::reference::speaker_words::{holds, SPEAKER_WORDS};
use crate::reference::Roster;

/// One answer of a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The question it answers, as asked; empty for a statement nobody asked for.
    pub question: String,
    /// Who answered (canonical when the roster knows the name); `None` for an unnamed `答：`
    /// whose speaker the caller may know from elsewhere in the text.
    pub speaker: Option<String>,
    pub answer: String,
}

/// What a label starts, once the transcript-level evidence is in.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Question,
    Answer(Option<String>),
}

/// The answer turns of `text`, in order. Empty unless the text has at least one question turn
/// and one answer turn.
pub fn split(roster: &Roster, text: &str) -> Vec<Turn> {
    // The roster and the rules are written in simplified characters; the turns keep the text
    // as written when the conversion keeps every offset (it maps one character to one).
    let simplified = fast2s::convert(text);
    let labels = turn_labels_with_roles(roster, &simplified);
    let source = if simplified.len() == text.len() {
        text
    } else {
        simplified.as_str()
    };
    split_labels(source, &labels)
}

fn split_labels(text: &str, labels: &[TurnLabel]) -> Vec<Turn> {
    let mut bounds: Vec<(usize, usize, Role)> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(text.len(), |next| next.start);
        let segment = text.get(label.text_start..end).unwrap_or("");
        if let Some(role) = role_of(label, segment) {
            bounds.push((label.start, label.text_start, role));
        }
    }
    let has_question = bounds.iter().any(|(_, _, r)| *r == Role::Question);
    if !has_question {
        return Vec::new();
    }
    let mut turns = Vec::new();
    let mut question = String::new();
    for (i, (_, text_start, role)) in bounds.iter().enumerate() {
        let end = bounds.get(i + 1).map_or(text.len(), |next| next.0);
        let segment = text.get(*text_start..end).unwrap_or("").trim();
        match role {
            Role::Question => {
                // Two questions in a row are one exchange: a follow-up asked before the answer.
                if !question.is_empty() {
                    question.push(' ');
                }
                question.push_str(segment);
            }
            Role::Answer(speaker) => {
                if segment.is_empty() {
                    continue;
                }
                turns.push(Turn {
                    question: std::mem::take(&mut question),
                    speaker: speaker.clone(),
                    answer: segment.to_string(),
                });
            }
        }
    }
    turns
}

/// The role of a label, given the text of its turn; `None` when it starts no turn (a heading
/// inside an answer, a caption).
fn role_of(label: &TurnLabel, segment: &str) -> Option<Role> {
    match &label.role {
        TurnRole::Question => Some(Role::Question),
        TurnRole::Known(name) => Some(Role::Answer(Some(name.clone()))),
        // Credible in a transcript: `split` drops the whole text when it has no question.
        TurnRole::Unknown(name) => Some(Role::Answer(Some(name.clone()))),
        TurnRole::Other if is_answer_marker(&label.label) => Some(Role::Answer(None)),
        TurnRole::Other if is_outlet_asking(&label.label, segment) => Some(Role::Question),
        TurnRole::Other => None,
    }
}

/// `答：`, `A:`, `Answer:`: an answer by whoever the briefing's spokesperson is.
fn is_answer_marker(label: &str) -> bool {
    matches!(
        label.to_lowercase().as_str(),
        "答" | "回答" | "a" | "answer" | "ans"
    )
}

/// A news outlet asking (`AFP: … ?`, `Global Times: … ?`, `彭博社记者`): a short label of
/// capitalised words, or a known question word, followed by a question.
fn is_outlet_asking(label: &str, segment: &str) -> bool {
    if !segment.contains(['?', '？']) {
        return false;
    }
    if holds(&SPEAKER_WORDS.labels.questions, &label.to_lowercase()) {
        return true;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let latin_outlet = (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '&' | '\''))
        });
    let han_outlet = label.chars().all(is_han)
        && (2..=12).contains(&label.chars().count())
        && ["社", "报", "台", "网", "电视", "媒体", "通讯"]
            .iter()
            .any(|suffix| label.ends_with(suffix));
    latin_outlet || han_outlet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> &'static Roster {
        crate::reference::roster()
    }

    fn speakers(turns: &[Turn]) -> Vec<Option<&str>> {
        turns.iter().map(|t| t.speaker.as_deref()).collect()
    }

    const ZH: &str = "5月14日下午，国防部新闻发言人蒋斌大校就近期涉军问题发布消息。 \
        记者：请问对菲律宾近期在南海的举动有何评论？ 蒋斌：菲方的挑衅不会得逞。 \
        我们敦促菲方停止侵权。 记者：有报道称某国将举行联合演习。 蒋斌：我们注意到有关报道。";
    const EN_MFA: &str = "AFP: Will China respond to the sanctions?\n\
        Lin Jian: China will take firm measures.\n\n\
        It is our consistent position.\n\
        Global Times: What is your comment on the summit?\n\
        Lin Jian: We welcome it.";
    const OPENING: &str = "蒋斌：各位记者朋友，下午好。首先发布一条消息：海军编队将赴远海训练。\n\
        记者：训练持续多久？\n蒋斌：大约两周。";
    const QA_MARKERS: &str =
        "国防部新闻发言人吴谦答记者问\n问：请介绍有关情况。\n答：一是：加强训练。\
        二是：深化合作。\n问：还有什么安排？\n答：后续将适时发布。";

    #[test]
    fn chinese_briefing_yields_one_answer_per_question() {
        let turns = split(roster(), ZH);
        assert_eq!(turns.len(), 2);
        assert_eq!(speakers(&turns), [Some("Jiang Bin"), Some("Jiang Bin")]);
        assert_eq!(turns[0].question, "请问对菲律宾近期在南海的举动有何评论？");
        assert!(
            turns[0].answer.ends_with("我们敦促菲方停止侵权。"),
            "{}",
            turns[0].answer
        );
        assert!(!turns[1].answer.contains("记者"));
    }

    #[test]
    fn outlets_ask_and_paragraphs_stay_in_their_answer() {
        let turns = split(roster(), EN_MFA);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(speakers(&turns), [Some("Lin Jian"), Some("Lin Jian")]);
        assert_eq!(turns[0].question, "Will China respond to the sanctions?");
        assert!(turns[0].answer.contains("consistent position"));
        assert!(!turns[0].answer.contains("Global Times"));
        assert_eq!(turns[1].question, "What is your comment on the summit?");
    }

    #[test]
    fn an_opening_statement_has_an_empty_question() {
        let turns = split(roster(), OPENING);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].question, "");
        assert!(
            turns[0].answer.contains("海军编队将赴远海训练"),
            "{turns:?}"
        );
        assert_eq!(turns[1].question, "训练持续多久？");
    }

    #[test]
    fn answer_markers_leave_the_speaker_to_the_caller() {
        let turns = split(roster(), QA_MARKERS);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(speakers(&turns), [None, None]);
        assert!(turns[0].answer.contains("深化合作"), "headings stay inside");
        assert_eq!(turns[1].answer, "后续将适时发布。");
    }

    #[test]
    fn texts_without_questions_are_not_transcripts() {
        assert!(split(roster(), "蒋斌：中方的立场是一贯的。").is_empty());
        assert!(split(roster(), "").is_empty());
        assert!(split(roster(), "记者：只有问题？").is_empty());
        assert!(split(roster(), "：：：").is_empty());
    }

    #[test]
    fn traditional_characters_are_read_as_simplified() {
        let turns = split(roster(), "記者：請問有何評論？ 蔣斌：我們堅決反對。");
        assert_eq!(speakers(&turns), [Some("Jiang Bin")]);
    }
}
