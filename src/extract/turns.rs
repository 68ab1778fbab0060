//! Who said what in a transcript: splitting a briefing into answer turns.
//!
//! A press-conference transcript (`记者：… 蒋斌：…`, `问：… 答：…`, `Q: … Jiang Bin: …`,
//! `AFP: … Lin Jian: …`) is a run of labelled turns. [`split`] finds the labels with the speaker
//! rules of [`super::speakers`] and returns one [`Turn`] per answer: the question before it (empty
//! for an opening announcement), who answered, and the answer's text up to the next turn, so an
//! answer that runs over several paragraphs stays one. Reporters' turns are never answers. A text
//! with no question label is not taken for a transcript: a release quoting `蒋斌：…` once is
//! a statement, not a briefing. An announcement before the first question needs no label to be
//! the opening statement (English MFA transcripts print it bare); the page's own account of the
//! briefing there (`Spokesperson Zhang Xiaogang answered questions…`) is not one.

use super::speakers::{
    answer_like, find_speakers, starts_line, turn_labels_with_roles, TurnLabel, TurnRole,
};
use crate::analysis::chinese;
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
    /// A question, and who asked it when the label names them (`AFP`, `彭博社记者`), not just
    /// the questioner's role (`Q`, `记者`).
    Question(Option<String>),
    Answer(Option<String>),
    /// The moderator's or operator's turn: it ends the answer before it, and is left out.
    Aside,
    /// The interpreter's turn: the words of whoever spoke before it, in the transcript's
    /// language (`MINISTER NAKATANI: (Speaks in Japanese.)` then `INTERPRETER: …`).
    Interpreter,
}

/// The answer turns of `text`, in order. Empty unless the text has at least one question turn
/// and one answer turn.
pub fn split(roster: &Roster, text: &str) -> Vec<Turn> {
    // The roster and the rules are written in simplified characters; the turns keep the text
    // as written when the conversion keeps every offset (it maps one character to one).
    let simplified = chinese::simplified(text);
    let labels = turn_labels_with_roles(roster, &simplified);
    let source = if simplified.len() == text.len() {
        text
    } else {
        &simplified
    };
    split_labels(roster, source, &labels)
}

fn split_labels(roster: &Roster, text: &str, labels: &[TurnLabel]) -> Vec<Turn> {
    let mut bounds: Vec<(usize, usize, Role)> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(text.len(), |next| next.start);
        let segment = text.get(label.text_start..end).unwrap_or("");
        let asked = matches!(bounds.last(), Some((_, _, Role::Question(_))));
        let role = role_of(label, segment).or_else(|| {
            // A name the speaker rules do not know (`Pham Thu Hang:`), answering a question
            // at the start of a line.
            (asked && starts_line(text, label.start) && latin_name(&label.label))
                .then(|| Role::Answer(Some(label.label.clone())))
        });
        if let Some(role) = role {
            bounds.push((label.start, label.text_start, role));
        }
    }
    let has_question = bounds
        .iter()
        .any(|(_, _, r)| matches!(r, Role::Question(_)));
    if !has_question {
        return Vec::new();
    }
    let mut turns = Vec::new();
    // An unlabelled statement before the first question, only where somebody answers and the
    // paragraphs can be told apart (the question starts a line).
    let answered = bounds.iter().any(|(_, _, r)| matches!(r, Role::Answer(_)));
    let first_question = bounds.first().filter(|(start, _, role)| {
        answered && matches!(role, Role::Question(_)) && starts_line(text, *start)
    });
    if let Some((first, _, _)) = first_question {
        let opening = opening_statement(roster, text, *first, labels);
        if !opening.is_empty() {
            turns.push(Turn {
                question: String::new(),
                speaker: sole_speaker(&bounds),
                answer: opening,
            });
        }
    }
    let mut question = String::new();
    // The last question or answer turn: whose words an interpreter gives.
    let mut voiced: Option<&Role> = None;
    for (i, (_, text_start, role)) in bounds.iter().enumerate() {
        let end = bounds.get(i + 1).map_or(text.len(), |next| next.0);
        let segment = without_language_note(text.get(*text_start..end).unwrap_or("").trim());
        let interpreted = matches!(role, Role::Interpreter);
        let role = match role {
            Role::Interpreter => match voiced {
                Some(spoken) => spoken,
                None => continue,
            },
            Role::Aside => continue,
            role => {
                voiced = Some(role);
                role
            }
        };
        match role {
            Role::Question(asker) => {
                // Two questions in a row are one exchange: a follow-up asked before the answer.
                if !question.is_empty() {
                    question.push(' ');
                }
                // The asker stays with the question, as the transcript gives it (once).
                if let Some(asker) = asker.as_ref().filter(|_| !interpreted) {
                    let han = asker.chars().last().is_some_and(is_han);
                    question.push_str(asker);
                    question.push_str(if han { "：" } else { ": " });
                }
                question.push_str(segment);
            }
            Role::Answer(speaker) => {
                let answer = without_account_after(without_stage_directions(segment));
                // `Thank you. That concludes this press conference.`, asked by nobody: the
                // moderator's close, whoever gives it.
                if answer.is_empty() || question.is_empty() && is_closing(answer) {
                    continue;
                }
                // A transcript that gives each turn in Chinese, then in English: the second
                // language of one answer is that answer, not another one.
                if let Some(last) = turns.last_mut().filter(|last: &&mut Turn| {
                    question.is_empty()
                        && last.speaker == *speaker
                        && other_language(&last.answer, answer)
                }) {
                    last.answer.push('\n');
                    last.answer.push_str(answer);
                    continue;
                }
                // A second turn of the same speaker with no question between, after a question
                // was asked, adds to the answer (`我再补充一句`) and goes on with it. (Another
                // speaker's turn there, `MR. PARNELL: Last question.`, stays a statement.)
                if let Some(last) = turns.last_mut().filter(|last| {
                    question.is_empty() && !last.question.is_empty() && last.speaker == *speaker
                }) {
                    last.answer.push('\n');
                    last.answer.push_str(answer);
                    continue;
                }
                turns.push(Turn {
                    question: std::mem::take(&mut question),
                    speaker: speaker.clone(),
                    answer: answer.to_string(),
                });
            }
            Role::Aside | Role::Interpreter => {}
        }
    }
    turns
}

/// A briefing's closing words, and nothing more (`Thank you. That concludes this press
/// conference.`, `今天的发布会到此结束，谢谢大家。`).
fn is_closing(answer: &str) -> bool {
    const CLOSING: &[&str] = &[
        "concludes",
        "that's all for",
        "that is all for",
        "that ends",
        "到此结束",
        "就到这里",
    ];
    const THANKS: &[&str] = &["thank you", "thanks", "谢谢", "谢谢大家"];
    // Whom the thanks go to: `Thanks, everybody.`, `Thank you all.`
    const TO: &[&str] = &[
        "everybody",
        "everyone",
        "all",
        "very much",
        "so much",
        "again",
    ];
    let thanks = |s: &str| {
        THANKS.iter().any(|t| {
            s.strip_prefix(t)
                .is_some_and(|rest| rest.is_empty() || TO.contains(&rest.trim()))
        }) || TO.contains(&s)
    };
    // Every sentence of it a closing or a thanks: `One more point: … That is all for today.`
    // is an answer with its close.
    let lower = answer.trim().to_lowercase();
    lower.chars().count() <= 160
        && lower
            .split_inclusive(['.', '!', '。', '！', '，', ','])
            .map(|s| {
                s.trim()
                    .trim_end_matches(['.', '!', '。', '！', '，', ','])
                    .trim()
            })
            .filter(|s| !s.is_empty())
            .all(|s| thanks(s) || CLOSING.iter().any(|c| s.contains(c)))
}

/// Whether two texts are one in Chinese and the other in English.
fn other_language(a: &str, b: &str) -> bool {
    use crate::document::Lang;
    use crate::extract::lang::detect;
    matches!(
        (detect(a), detect(b)),
        (Lang::Zh, Lang::En) | (Lang::En, Lang::Zh)
    )
}

/// `answer` without the transcript's notes at its end: lines wholly in brackets (`(The
/// briefing was concluded at 2:11 p.m.)`, `（完）`, `[Laughter.]`), a short note in square
/// brackets closing the last line (`… we will respond. [crosstalk]`), and the page's heading of
/// the part that follows (`2. Questions and Answers`, `答记者问`).
fn without_stage_directions(answer: &str) -> &str {
    let mut answer = answer.trim_end();
    while let Some((head, last)) = answer.rsplit_once('\n').or(Some(("", answer))) {
        let last = last.trim();
        let bracketed = [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')]
            .iter()
            .any(|(open, close)| last.starts_with(*open) && last.ends_with(*close));
        if !(bracketed || is_part_heading(last)) || last.is_empty() {
            break;
        }
        answer = head.trim_end();
    }
    // Only a note on the room (`[crosstalk]`, `[laughter]`): an editor's insertion closing a
    // sentence (`… we oppose it [the sale]`) is the answer's.
    const ROOM: &[&str] = &[
        "crosstalk",
        "laugh",
        "inaudible",
        "applause",
        "off mic",
        "audio",
        "笑",
        "掌声",
    ];
    for (open, close) in [('[', ']'), ('【', '】')] {
        if let Some(at) = answer.strip_suffix(close).and_then(|a| a.rfind(open)) {
            let note = answer[at..].to_lowercase();
            let room = note.chars().count() <= 30 && ROOM.iter().any(|w| note.contains(w));
            if room && !answer[..at].trim().is_empty() {
                answer = answer[..at].trim_end();
            }
        }
    }
    answer
}

/// `turn` without the note on its language that opens it (`(Through interpreter.) Yes. …`,
/// `(In Japanese.)`, `（翻译）`): it tells how the words came, and is none of them.
fn without_language_note(turn: &str) -> &str {
    const LONGEST: usize = 40;
    const NOTES: &[&str] = &[
        "interpret",
        "translat",
        "speaks in",
        "in japanese",
        "in korean",
        "in chinese",
        "in english",
        "in tagalog",
        "in filipino",
        "in russian",
        "翻译",
        "口译",
        "同传",
    ];
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        let Some(inside) = turn.strip_prefix(open) else {
            continue;
        };
        let Some(at) = inside.find(close) else {
            continue;
        };
        let note = inside[..at].to_lowercase();
        if note.chars().count() <= LONGEST && NOTES.iter().any(|n| note.contains(n)) {
            return inside[at + close.len_utf8()..].trim_start();
        }
    }
    turn
}

/// A page's heading of a transcript's question part, numbered or not (`2. Questions and
/// Answers`, `Q&A`, `答记者问`).
fn is_part_heading(line: &str) -> bool {
    const HEADINGS: &[&str] = &[
        "questions and answers",
        "question and answer",
        "q&a",
        "q & a",
        "答记者问",
        "问答",
    ];
    let lower = line.to_lowercase();
    let bare = lower
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | '、' | ' '))
        .trim_end_matches([':', '：'])
        .trim();
    HEADINGS.contains(&bare)
}

/// `answer` without a last paragraph that is the page's account of the next briefing, not the
/// spokesperson's words: one that opens with a date and tells who briefed (`5月18日下午，国防部
/// 新闻发言人蒋斌大校就近期涉军问题发布消息。`).
fn without_account_after(answer: &str) -> &str {
    let answer = answer.trim_end();
    // The last sentence: after the last line break, or after the last full stop before the
    // final one (transcripts flattened to one line join paragraphs with a space).
    let body = answer.trim_end_matches(['。', '.']);
    let Some(cut) = body
        .rfind(['\n', '。'])
        .map(|at| at + body[at..].chars().next().map_or(1, char::len_utf8))
    else {
        return answer;
    };
    let (head, last) = answer.split_at(cut);
    let last = last.trim();
    let simplified = chinese::simplified(last);
    let lower = simplified.to_lowercase();
    let opens_with_date =
        super::date::opens_with_month_day(last) || super::date::leading_date(last).is_some();
    if opens_with_date && ACCOUNT_WORDS.iter().any(|w| lower.contains(w)) && !head.trim().is_empty()
    {
        head.trim_end()
    } else {
        answer
    }
}

/// The paragraphs of `text` before byte `end` (the first question) that the spokesperson says:
/// sentences, not a dateline, a heading or a labelled line (`Note: …`), and not the page
/// telling who briefed (a paragraph naming a spokesperson or reporters, or reporting who
/// spoke). Empty when there are none.
fn opening_statement(roster: &Roster, text: &str, end: usize, labels: &[TurnLabel]) -> String {
    let mut said = Vec::new();
    let mut start = 0;
    for line in text.get(..end).unwrap_or("").split_inclusive('\n') {
        let range = start..start + line.len();
        start = range.end;
        let p = line.trim();
        if !labels.iter().any(|l| range.contains(&l.start)) && spoken(roster, p) {
            said.push(p);
        }
    }
    said.join("\n")
}

/// Words of a page's account of a briefing (who briefed, who asked), lowercase: a paragraph
/// holding one is not the spokesperson's statement.
const ACCOUNT_WORDS: &[&str] = &[
    "spokes",
    "发言人",
    "记者",
    "reporter",
    "journalist",
    "correspondent",
];

/// Whether a paragraph before the questions reads as the spokesperson's own words.
fn spoken(roster: &Roster, paragraph: &str) -> bool {
    // The rules are written in simplified characters (`split` may hand over the text as
    // written).
    let simplified = chinese::simplified(paragraph);
    let lower = simplified.to_lowercase();
    // A translator's or editor's note (`*This is a provisional translation…`, `※…`, `注：…`).
    let note = paragraph.starts_with(['*', '※', '＊'])
        || ["注：", "注:", "note:", "editor's note"]
            .iter()
            .any(|w| lower.starts_with(w))
        // Unmarked (`This is a provisional translation for reference purposes only.`).
        || (lower.contains("translation") && lower.contains("provisional"))
        || lower.contains("for reference purposes only");
    !note
        && paragraph
            .trim_end_matches(['"', '”', '’', '」', ')', '）'])
            .ends_with(['.', '。', '!', '！'])
        && answer_like(paragraph)
        && !ACCOUNT_WORDS.iter().any(|w| lower.contains(w))
        && find_speakers(roster, "", &simplified).is_empty()
}

/// The one person who answers every answer turn of a transcript, if the labels name them all
/// and name one person: the speaker of an opening statement nobody labelled.
fn sole_speaker(bounds: &[(usize, usize, Role)]) -> Option<String> {
    let mut speaker: Option<&String> = None;
    for (_, _, role) in bounds {
        match role {
            Role::Question(_) | Role::Aside | Role::Interpreter => {}
            Role::Answer(None) => return None,
            Role::Answer(Some(name)) => match speaker {
                Some(seen) if seen != name => return None,
                _ => speaker = Some(name),
            },
        }
    }
    speaker.cloned()
}

/// The role of a label, given the text of its turn; `None` when it starts no turn (a heading
/// inside an answer, a caption).
fn role_of(label: &TurnLabel, segment: &str) -> Option<Role> {
    match &label.role {
        TurnRole::Question => Some(Role::Question(asker(&label.label))),
        TurnRole::Known(name) => Some(Role::Answer(Some(name.clone()))),
        // Credible in a transcript: `split` drops the whole text when it has no question.
        TurnRole::Unknown(name) => Some(Role::Answer(Some(name.clone()))),
        TurnRole::Marker => Some(Role::Answer(None)),
        TurnRole::Aside if is_interpreter(&label.label) => Some(Role::Interpreter),
        TurnRole::Aside => Some(Role::Aside),
        TurnRole::Other if is_outlet_asking(&label.label, segment) => {
            Some(Role::Question(Some(label.label.clone())))
        }
        TurnRole::Other => None,
    }
}

/// A person's name in Latin letters as a label gives it: two to four capitalised words of
/// letters (`Pham Thu Hang`, `Maria Zakharova`, `Jean-Pierre Raffarin`).
fn latin_name(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        })
}

/// An interpreter's or translator's label (`INTERPRETER`, `翻译`).
fn is_interpreter(label: &str) -> bool {
    let lower = label.to_lowercase();
    ["interpreter", "translator", "翻译", "口译"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Who asked, when a question's label names more than a questioner's role: `Reporter
/// (Reuters)` and `彭博社记者` do, `Q` and `记者` do not.
fn asker(label: &str) -> Option<String> {
    let role_only = holds(
        &SPEAKER_WORDS.labels.questions,
        &label.trim().to_lowercase(),
    );
    (!role_only).then(|| label.trim().to_string())
}

/// A news outlet asking (`AFP: … ?`, `Global Times: … ?`, `彭博社记者`): a short label of
/// capitalised words, or a known question word, followed by a question.
pub(crate) fn is_outlet_asking(label: &str, segment: &str) -> bool {
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
    fn the_pages_account_of_the_next_briefing_is_no_part_of_an_answer() {
        assert_eq!(
            without_account_after("中国对南沙群岛拥有主权。\n\n5月18日下午，国防部新闻发言人蒋斌大校就近期涉军问题发布消息。"),
            "中国对南沙群岛拥有主权。"
        );
        assert_eq!(
            without_account_after(
                "We oppose it.\nOn May 18, the spokesperson also briefed reporters."
            ),
            "We oppose it."
        );
        // A transcript flattened to one line: the account is the last sentence.
        assert_eq!(
            without_account_after("拥有无可争辩的主权。 5月18日下午，国防部新闻发言人蒋斌大校就近期涉军问题发布消息。"),
            "拥有无可争辩的主权。"
        );
        // The answer's own words stay, dated or not; so does a one-paragraph answer.
        for kept in [
            "We oppose it.\n5月18日，我们已向菲方提出严正交涉。",
            "5月18日下午，国防部新闻发言人蒋斌就此答问。",
        ] {
            assert_eq!(without_account_after(kept), kept);
        }
    }
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
    fn statements_under_long_office_labels_open_a_briefing() {
        let text = "STAFF: Ladies and gentlemen, the Secretary and the Chairman.\n\
            SECRETARY OF DEFENSE PETE HEGSETH: Good morning. Our bombers struck the three sites on Saturday night.\n\
            CHAIRMAN OF THE JOINT CHIEFS OF STAFF GENERAL DAN CAINE: Thank you. I want to tell you how the weapon was built.\n\
            Q: Did anything move before the strike?\n\
            SECRETARY HEGSETH: I am not aware of any intelligence saying so, and we are looking at all of it.\n\
            STAFF: Thank you, everyone. That is all the time we have.\n";
        let turns = split(roster(), text);
        assert_eq!(
            speakers(&turns),
            [
                Some("Pete Hegseth"),
                Some("Dan Caine"),
                Some("Pete Hegseth")
            ]
        );
        assert!(turns[1].answer.contains("how the weapon was built"));
        assert!(
            !turns[2].answer.contains("Thank you, everyone"),
            "staff is an aside"
        );
    }

    #[test]
    fn labels_with_middle_initials_and_suffixes_are_turns() {
        let text = "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Good afternoon. The two presidents agreed to resume talks between the militaries.\n\n\
            Q: General, will theater commanders talk to the PLA?\n\n\
            GENERAL CHARLES Q. BROWN, JR.: That is our intent, and we have asked for it.\n\n\
            Q: Admiral, what will you raise first?\n\n\
            ADMIRAL SAMUEL J. PAPARO: Unsafe intercepts at sea and in the air.\n";
        let turns = split(roster(), text);
        assert_eq!(
            speakers(&turns),
            [
                Some("Lloyd Austin"),
                Some("Charles Brown"),
                Some("Samuel Paparo")
            ]
        );
        assert!(turns[0].answer.contains("resume talks"));
        assert_eq!(turns[2].question, "Admiral, what will you raise first?");
    }

    #[test]
    fn a_turn_given_in_both_languages_is_one_answer() {
        let text = "记者：请介绍演训有关情况。\nReporter: Could you give us more details on the exercise?\n\
            张晓刚：此次演训是对分裂势力的严厉惩戒。\n\
            Zhang Xiaogang: The exercise is a stern punishment for the separatist forces.\n\
            记者：还有问题吗？\nReporter: Any other question?\n张晓刚：没有了。\nZhang Xiaogang: No, that is all.\n";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert!(turns[0].question.contains("演训") && turns[0].question.contains("exercise"));
        assert!(
            turns[0].answer.contains("严厉惩戒") && turns[0].answer.contains("stern punishment")
        );
    }

    #[test]
    fn a_translators_note_is_no_opening_statement() {
        let text =
            "*This is a provisional translation by the Ministry, and the Japanese text prevails.\n\
            Q: What did you confirm with the Secretary yesterday?\n\
            A: We confirmed that the alliance is the cornerstone of peace in the region.\n";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 1, "{turns:#?}");
        assert!(turns[0].question.starts_with("What did you confirm"));
        // Without a mark in front of it.
        let unmarked = text.replacen('*', "", 1).replacen(
            "by the Ministry, and the Japanese text prevails.",
            "for reference purposes only.",
            1,
        );
        let turns = split(roster(), &unmarked);
        assert_eq!(turns.len(), 1, "{turns:#?}");
    }

    #[test]
    fn an_outlets_reporter_is_kept_and_a_bare_reporter_is_not() {
        let text =
            "彭博社记者：美方称将继续在台海航行，中方有何回应？\n毛宁：台湾问题是中国内政。\n\
            记者：还有别的问题吗？\n毛宁：没有了。\n";
        let turns = split(roster(), text);
        let questions: Vec<_> = turns.iter().map(|t| t.question.as_str()).collect();
        assert_eq!(
            questions,
            [
                "彭博社记者：美方称将继续在台海航行，中方有何回应？",
                "还有别的问题吗？"
            ]
        );
    }

    #[test]
    fn outlets_ask_and_paragraphs_stay_in_their_answer() {
        let turns = split(roster(), EN_MFA);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(speakers(&turns), [Some("Lin Jian"), Some("Lin Jian")]);
        // Who asked stays with the question; a bare role (`Q`, `记者`) does not.
        assert_eq!(
            turns[0].question,
            "AFP: Will China respond to the sanctions?"
        );
        assert!(turns[0].answer.contains("consistent position"));
        assert!(!turns[0].answer.contains("Global Times"));
        assert_eq!(
            turns[1].question,
            "Global Times: What is your comment on the summit?"
        );
    }

    #[test]
    fn the_moderators_turns_and_the_transcripts_notes_are_nobodys_answer() {
        const CALL: &str = "Q: Will the drills continue next month?\n\
            Lin Jian: China will take every measure needed.\n\
            Operator: Our next question comes from the line of a wire reporter.\n\
            Q: And the talks?\n\
            Lin Jian: The door to dialogue stays open.\n\
            (The briefing was concluded at 4:12 p.m.)\n\
            MODERATOR: That is all the time we have.";
        let turns = split(roster(), CALL);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(turns[0].answer, "China will take every measure needed.");
        assert_eq!(turns[1].answer, "The door to dialogue stays open.");
        assert_eq!(turns[1].question, "And the talks?");
        const ZH: &str =
            "记者：演习何时结束？\n陈斌华：按计划进行。\n主持人：今天的发布会到此结束，谢谢大家。";
        let turns = split(roster(), ZH);
        assert_eq!(turns.len(), 1, "{turns:#?}");
        assert_eq!(turns[0].answer, "按计划进行。");
    }

    #[test]
    fn an_interpreter_gives_the_words_of_whoever_spoke_before() {
        const JOINT: &str = "SECRETARY HEGSETH: Good afternoon. We met for two hours today.\n\n\
            MINISTER NAKATANI: (Speaks in Japanese.)\n\n\
            INTERPRETER: Japan established the Joint Operations Command this month.\n\n\
            Q: (In Japanese.)\n\n\
            INTERPRETER: Minister, how will the command work with US forces?\n\n\
            MINISTER NAKATANI: (Speaks in Japanese.)\n\n\
            INTERPRETER: It will coordinate closely with them.";
        let turns = split(roster(), JOINT);
        assert_eq!(turns.len(), 3, "{turns:#?}");
        assert!(turns[1].answer.contains("Joint Operations Command"));
        assert!(turns[1].question.is_empty());
        assert!(turns[2].question.ends_with("work with US forces?"));
        assert_eq!(turns[2].answer, "It will coordinate closely with them.");
        let named: Vec<_> = speakers(&turns);
        assert_eq!(named[1], named[2]);
        assert!(
            named[1].is_some_and(|n| n.contains("Nakatani")),
            "{named:?}"
        );
        // The note on how the words came opens no answer or question.
        let noted = "Q: (Through interpreter.) NHK. Did you discuss missiles?\n\
            MINISTER NAKATANI: (Through interpreter.) Yes. We agreed on co-production.";
        let turns = split(roster(), noted);
        assert_eq!(turns[0].question, "NHK. Did you discuss missiles?");
        assert_eq!(turns[0].answer, "Yes. We agreed on co-production.");
        // Nobody spoke before: the interpreter's words are nobody's.
        let alone = "INTERPRETER: Welcome.\nQ: Why now?\nMINISTER NAKATANI: Because.";
        assert_eq!(split(roster(), alone).len(), 1);
    }

    #[test]
    fn a_name_no_rule_knows_answers_a_question() {
        let text = "Regular Press Conference on 15 May 2025\n\n\
            Question: What is Viet Nam's response to the fishing ban in the East Sea?\n\n\
            Pham Thu Hang: Viet Nam resolutely opposes the unilateral ban.\n\n\
            Question: Any comment on the talks?\n\n\
            Pham Thu Hang: The talks continue.";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(
            speakers(&turns),
            [Some("Pham Thu Hang"), Some("Pham Thu Hang")]
        );
        // Not after a question, such a label is no turn.
        let heading = "Joint Statement: The two sides agreed.\nQuestion: Why?\nA: Because.";
        assert_eq!(split(roster(), heading).len(), 1);
    }

    #[test]
    fn notes_and_headings_closing_an_answer_are_no_part_of_it() {
        let text = "Minister Nakatani: I will begin with one announcement today.\n\n\
            2. Questions and Answers\n\n\
            Q: Will the carriers return?\n\n\
            Minister Nakatani: We will keep watching closely. [crosstalk]\n\n\
            Q: And next year?\n\n\
            Minister Nakatani: We will decide [at the cabinet meeting] in May.\n\n\
            STAFF: That is all the time we have.\n\n\
            Minister Nakatani: Thanks, everybody.";
        let turns = split(roster(), text);
        let answers: Vec<&str> = turns.iter().map(|t| t.answer.as_str()).collect();
        assert_eq!(
            answers,
            [
                "I will begin with one announcement today.",
                "We will keep watching closely.",
                "We will decide [at the cabinet meeting] in May.",
            ]
        );
    }

    #[test]
    fn an_editors_insertion_closing_an_answer_stays() {
        let text = "Q: And the package?\nMao Ning: We firmly oppose it [the arms sale].";
        let turns = split(roster(), text);
        assert_eq!(turns[0].answer, "We firmly oppose it [the arms sale].");
    }

    #[test]
    fn the_closing_words_are_nobodys_answer() {
        let text = "Q: Will the drills go on?\n\nWu Qian: Yes, they will.\n\nZhang \
            Xiaogang: Thank you. That concludes this press conference.";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 1, "{turns:?}");
        assert_eq!(turns[0].answer, "Yes, they will.");
        // A last answer that ends with the close is an answer.
        let text = "Q: Will the drills go on?\n\nWu Qian: Yes, they will.\n\nZhang \
            Xiaogang: One more point: the patrols go on too. That is all for today's briefing.";
        assert_eq!(split(roster(), text).len(), 2);
        assert!(is_closing("今天的发布会到此结束，谢谢大家。"));
    }

    #[test]
    fn a_second_turn_of_the_same_speaker_goes_on_with_the_answer() {
        let text =
            "记者：演习何时结束？\n张晓刚：按计划进行。\n张晓刚：我再补充一句，演习是正当的。";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 1, "{turns:?}");
        assert!(turns[0].answer.ends_with("演习是正当的。"), "{turns:?}");
    }

    #[test]
    fn philippine_ranks_and_offices_before_a_surname_label_a_turn() {
        let text = "Jonathan Malaya and Rear Admiral Roy Vincent Trinidad joined.\n\n\
            NSC ASG MALAYA: It was a deliberate act.\n\nQ: Will you invoke the treaty?\n\n\
            RADM TRINIDAD: We are not yet at that point.\n\nQ: Were rifles seized?\n\n\
            ASEC. MALAYA: Yes, eight of them.";
        let turns = split(roster(), text);
        let who: Vec<Option<&str>> = turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(
            who,
            [
                Some("Jonathan Malaya"),
                Some("Vincent Trinidad"),
                Some("Jonathan Malaya")
            ],
            "{turns:?}"
        );
    }

    #[test]
    fn an_interpreters_note_inside_an_answer_leaves_it_whole() {
        let text = "Q: Was it a hypersonic missile?\n\nWu Qian: We cannot confirm it. \
            (Interpreter: he said \"we are not in a position to confirm\".) Our position has \
            not changed.";
        let turns = split(roster(), text);
        assert_eq!(turns.len(), 1, "{turns:?}");
        assert!(
            turns[0].answer.ends_with("Our position has not changed."),
            "{turns:?}"
        );
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

    /// A Pentagon-style transcript: title-and-family-name labels in capitals, none of them in
    /// the roster; the moderator opens, and one label is a family name alone.
    const DOD: &str = "Secretary of Defense Pete Hegseth and Gen. Dan Caine brief the press\n\n\
        MR. PARNELL: Good afternoon. The secretary will open, then take questions.\n\n\
        SECRETARY HEGSETH: Thank you. Two more batteries go west this year.\n\n\
        Note: The figures below are provisional and may change.\n\n\
        Q: Was Beijing told in advance?\n\n\
        GENERAL CAINE: I won't get into that from here.\n\n\
        Q: Where will they be based?\n\n\
        Hegseth: Not from the podium.";

    #[test]
    fn labels_outside_the_roster_answer_in_a_transcript() {
        let turns = split(roster(), DOD);
        assert_eq!(
            speakers(&turns),
            [
                Some("Parnell"),
                Some("Pete Hegseth"),
                Some("Dan Caine"),
                Some("Pete Hegseth")
            ],
            "{turns:#?}"
        );
        assert_eq!(turns[0].question, "");
        assert_eq!(turns[2].question, "Was Beijing told in advance?");
        // A caption is no turn: it stays inside the answer before it.
        assert!(turns[1].answer.ends_with("may change."), "{turns:#?}");
        assert_eq!(turns[3].answer, "Not from the podium.");
        // The same labels without a question are no transcript.
        let statement = DOD.split("Q:").next().unwrap();
        assert!(split(roster(), statement).is_empty());
    }

    #[test]
    fn a_bare_announcement_before_the_questions_opens_the_transcript() {
        const MFA: &str = "At the invitation of the host government, Defense Minister Dong Jun \
            will attend the meeting. That is the announcement I have today.\n\
            Q: Has China informed the neighbours of the training?\n\
            A: The training is routine and targets no one.";
        let turns = split(roster(), MFA);
        assert_eq!(turns.len(), 2, "{turns:#?}");
        assert_eq!(turns[0].question, "");
        assert!(turns[0].answer.ends_with("announcement I have today."));
        assert_eq!(speakers(&turns), [None, None]);
        // Run together on one line, a statement cannot be told from a page's heading and lede;
        // with nobody answering there is no statement either.
        assert_eq!(split(roster(), &MFA.replace('\n', " ")).len(), 1);
        let unanswered = MFA.split("\nA:").next().unwrap();
        assert!(split(roster(), unanswered).is_empty());
        // Named answers by one person: the announcement is theirs.
        let named = MFA.replace("A:", "Mao Ning:");
        assert_eq!(
            speakers(&split(roster(), &named)),
            [Some("Mao Ning"), Some("Mao Ning")]
        );
    }

    #[test]
    fn the_page_telling_who_briefed_is_no_statement() {
        for intro in [
            "Senior Colonel Zhang Xiaogang, spokesperson for the ministry, answered questions \
             from the media on May 15.",
            "Zhang Xiaogang answered questions from the media on the drills this week.",
            "5月14日下午，国防部新闻发言人蒋斌大校就近期涉军问题发布消息。",
            "May 15, 2026",
            "Regular Press Conference of the Ministry of National Defense",
            "Note: This transcript was edited for length and clarity.",
            "Our reporter spoke with the brigade commander about the drills.",
            "围绕此次演练的有关情况，本报记者采访了该旅政委。",
        ] {
            let text = format!("{intro}\nQ: What is your comment?\nA: It is routine.");
            let turns = split(roster(), &text);
            assert_eq!(turns.len(), 1, "{intro}: {turns:#?}");
            assert_eq!(turns[0].answer, "It is routine.");
        }
    }

    #[test]
    fn traditional_characters_are_read_as_simplified() {
        let turns = split(roster(), "記者：請問有何評論？ 蔣斌：我們堅決反對。");
        assert_eq!(speakers(&turns), [Some("Jiang Bin")]);
    }
}
