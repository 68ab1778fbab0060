//! The publisher a text states when its file does not: a news agency's dateline at the opening
//! of the body (`BEIJING, May 20 (Xinhua) --`, `新华社北京5月20日电`), or the body whose
//! spokesperson's briefing the title announces (`外交部发言人毛宁主持例行记者会`, `Foreign
//! Ministry Spokesperson Mao Ning's Regular Press Conference`). Only names the outlet directory
//! (`data/outlets.toml`) knows are taken from Chinese datelines and titles; an English
//! dateline's agency is taken as written when it looks like a name.

use std::sync::LazyLock;

use regex::Regex;

use crate::reference::outlets::outlets;
use crate::reference::Roster;

use super::speakers;

/// `BEIJING, May 20 (Xinhua) --`, `TOKYO (Reuters) -`, `MANILA, 20 May (AFP) —`,
/// `TAIPEI/BEIJING, Oct 14 (Reuters) -`: a place (or two) in capitals, an optional date, the
/// agency in brackets, a dash.
static ENGLISH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\s*[A-Z][A-Za-z.'\-/ ]{1,40}(?:,\s*(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})))?(?:,\s*\d{4})?\s*\((?P<agency>[^()\n]{2,40})\)\s*(?:--|—|–|-)",
    )
    .expect("valid dateline pattern")
});

/// `新华社北京5月20日电`, `（中新社东京5月20日电）`, `人民网北京5月20日讯`, in traditional
/// characters too (`（中央社記者游凱翔台北2024年10月14日電）`): what comes before the month of a
/// Chinese dateline.
static CHINESE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[\s（(]*(?P<agency>[^\n。，（(]{2,30}?)(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:电|讯|電|訊)")
        .expect("valid dateline pattern")
});

/// `【星島日報報道】`, `【大公報訊】`: a Hong Kong paper's mark at the opening of its report.
static BRACKET_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"【([^【】\n]{2,20}?)(?:報道|报道|訊|讯|專訊|专讯)】")
        .expect("valid bracket pattern")
});

/// Words of a title that announce a spokesperson's briefing or remarks.
const BRIEFING_WORDS: &[&str] = &[
    "发言人",
    "例行记者会",
    "新闻发布会",
    "答记者问",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "press conference",
    "press briefing",
    "press secretary",
];

/// The publisher `title` and `body` state, as written or as the outlet directory names it.
pub fn stated(title: &str, body: &str, roster: &Roster) -> Option<String> {
    dateline(body)
        .or_else(|| briefing_body(title, roster))
        .or_else(|| masthead(body))
        .or_else(|| contacts(body))
        .or_else(|| title_outlet(title).filter(|_| !body.trim().is_empty()))
        .or_else(|| spokesperson_opening(body))
}

/// The body whose spokesperson the text's opening sentence quotes (`中国海警局新闻发言人刘德军
/// 表示，…`, `A China Coast Guard spokesperson said …`): a statement published as the body's.
fn spokesperson_opening(body: &str) -> Option<String> {
    const REACH: usize = 160;
    let opening: String = body.chars().take(REACH).collect();
    let sentence = opening
        .split_inclusive(['。', '\n'])
        .find(|s| !s.trim().is_empty())?;
    let lower = sentence.to_lowercase();
    let at = ["发言人", "spokesperson", "spokesman", "spokeswoman"]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()?;
    // The clause that names the spokesperson's body: after the date or place before it.
    let before = &lower[..at];
    let clause = before
        .rfind(['，', ',', '：', ':'])
        .map_or(before, |cut| &before[cut..]);
    outlets().find_in(clause).map(|o| o.name.clone())
}

/// The outlet a release's title opens with, before a colon (`國防部：共機共艦持續在臺海周邊
/// 活動`, `MND: …`): only a name the directory knows, exactly.
fn title_outlet(title: &str) -> Option<String> {
    const LONGEST: usize = 40;
    let (head, rest) = title.split_once([':', '：'])?;
    let head = head.trim();
    if head.chars().count() > LONGEST || rest.trim().is_empty() {
        return None;
    }
    outlets().lookup(head).map(|o| o.name.clone())
}

/// The body a release's closing contacts name (`Contacts` / `Media Relations` / `Department of
/// National Defence` / a telephone number): only an outlet the directory knows by that exact
/// name, on one of the few lines under such a heading near the end.
fn contacts(body: &str) -> Option<String> {
    const HEADINGS: &[&str] = &[
        "contacts",
        "contact",
        "media contacts",
        "media contact",
        "media relations",
        "media enquiries",
        "media inquiries",
        "for more information",
        "联系方式",
        "媒体联系",
    ];
    const FROM_END: usize = 12;
    const UNDER: usize = 5;
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let start = lines.len().saturating_sub(FROM_END);
    let heading = lines[start..].iter().position(|line| {
        let line = line.trim_end_matches([':', '：']).to_lowercase();
        HEADINGS.contains(&line.as_str())
    })?;
    lines[start + heading + 1..]
        .iter()
        .take(UNDER)
        .find_map(|line| outlets().lookup(line))
        .map(|outlet| outlet.name.clone())
}

/// The body a short line of the masthead under the title names: `U.S. Indo-Pacific Command,
/// Camp H.M. Smith, Hawaii`, `Joint Staff Office, Ministry of Defense`, `House of Lords`. Only
/// the first few lines are read, only lines that are not sentences, and only an outlet the
/// directory knows by that exact name (the line itself, or what comes before its first comma).
fn masthead(body: &str) -> Option<String> {
    const LINES: usize = 4;
    const LONGEST: usize = 70;
    let outlets = outlets();
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(LINES)
        .filter(|line| {
            line.chars().count() <= LONGEST
                && !line.ends_with(['.', '。', '?', '？', ':', '：', '!', '！'])
        })
        .find_map(|line| {
            let head = line.split([',', '，']).next().unwrap_or(line);
            // A paper's issue line (`解放军报 2025年08月06日 星期三 第04版`): its name, then the day.
            let issue = || {
                let (name, rest) = line.split_once(char::is_whitespace)?;
                super::date::leading_date(rest.trim())?;
                outlets.lookup(name)
            };
            outlets
                .lookup(line)
                .or_else(|| outlets.lookup(head))
                .or_else(|| header_row(line).find_map(|part| outlets.lookup(part)))
                .or_else(issue)
        })
        .map(|outlet| outlet.name.clone())
}

/// The parts of a header row under a title (`Release | Oct. 31, 2025 | U.S. Department of
/// War`, `Ministry of Defense, Japan   December 7, 2025`, `国防部网 2025年10月31日`): split at
/// bars and wide gaps, each without the date it holds.
fn header_row(line: &str) -> impl Iterator<Item = &str> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*[|｜·•]\s*|\s{2,}|\u{3000}").expect("valid header split pattern")
    });
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\s*(?:\d{4}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}\s*日?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*",
        )
        .expect("valid header date pattern")
    });
    SPLIT
        .split(line)
        .map(|part| {
            let date = DATE.find(part);
            match date {
                // A date at either end of the part: the rest is the name.
                Some(m) if m.start() == 0 => part[m.end()..].trim(),
                Some(m) if m.end() == part.len() => part[..m.start()].trim(),
                _ => part.trim(),
            }
        })
        .filter(|part| !part.is_empty())
}

/// The agency of a dateline at the opening of `body` (`BEIJING, March 7 (Reuters) -`,
/// `新华社北京5月20日电`): who wrote the story, wherever it was published.
pub fn agency_dateline(body: &str) -> Option<String> {
    dateline(body)
}

/// The agency of a dateline at the opening of `body`.
fn dateline(body: &str) -> Option<String> {
    let opening = super::date::opening(body);
    if let Some(caps) = ENGLISH_DATELINE.captures(opening) {
        let agency = caps.name("agency")?.as_str().trim();
        if let Some(outlet) = outlets().find_in(agency) {
            return Some(outlet.name.clone());
        }
        let words = agency.split_whitespace().count();
        let name_like = agency.chars().next().is_some_and(char::is_uppercase)
            && !agency.chars().any(|c| c.is_ascii_digit());
        if (1..=4).contains(&words) && name_like {
            return Some(agency.to_string());
        }
        return None;
    }
    if let Some(outlet) = BRACKET_DATELINE
        .captures(opening)
        .and_then(|caps| outlets().find_in(caps.get(1)?.as_str()))
    {
        return Some(outlet.name.clone());
    }
    let caps = CHINESE_DATELINE.captures(opening)?;
    outlets()
        .find_in(caps.name("agency")?.as_str())
        .map(|o| o.name.clone())
}

/// The month and day of an agency's dateline opening `body` (`SANYA, Nov. 7 (Xinhua) --`,
/// `新华社北京5月18日电`): the day of the report, which the dates its opening sentence tells
/// (the event's) do not replace.
pub fn dateline_day(body: &str) -> Option<(u32, u32)> {
    let head = super::date::fold_width(super::date::opening(body));
    let number = |m: regex::Match<'_>| m.as_str().parse::<u32>().ok();
    let (month, day) = if let Some(caps) = ENGLISH_DATELINE.captures(&head) {
        let month = caps.name("month").or_else(|| caps.name("month2"))?;
        let day = caps.name("day").or_else(|| caps.name("day2"))?;
        (super::date::month_number(month.as_str())?, number(day)?)
    } else {
        let caps = CHINESE_DATELINE.captures(&head)?;
        (number(caps.name("month")?)?, number(caps.name("day")?)?)
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}

/// The body whose spokesperson's briefing `title` announces: the outlet named before the word
/// `发言人` / `Spokesperson`, else the body of the one spokesperson the title names.
fn briefing_body(title: &str, roster: &Roster) -> Option<String> {
    let lower = title.to_lowercase();
    // The briefing words in traditional characters too (`國防部發言人…記者會`), the title's
    // own characters kept for its outlet (國防部 is Taipei's ministry, 国防部 Beijing's).
    let simple = fast2s::convert(&lower);
    let words_in = if simple.len() == lower.len() {
        &simple
    } else {
        &lower
    };
    // Up to the end of the first briefing word: `Department Press Briefing` is the State
    // Department's own name for its briefings.
    let (at, word) = BRIEFING_WORDS
        .iter()
        .filter_map(|w| Some((words_in.find(w)?, w.len())))
        .min()?;
    if let Some(outlet) = outlets().find_in(&lower[..at + word]) {
        return Some(outlet.name.clone());
    }
    // `Regular Press Conference of the Ministry of National Defense on December 25, 2025`.
    let after = lower[at + word..].trim_start();
    if after.starts_with("of ") || after.starts_with("by ") {
        if let Some(outlet) = outlets().find_in(after) {
            return Some(outlet.name.clone());
        }
    }
    let spokesperson = speakers::named_spokesperson(roster, title, "")?;
    let org = &roster.lookup(&spokesperson)?.org;
    outlets().for_org(org).map(|o| o.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::roster;

    fn stated_by(title: &str, body: &str) -> Option<String> {
        stated(title, body, roster())
    }

    #[test]
    fn agency_datelines_give_the_reports_day() {
        assert_eq!(
            dateline_day("SANYA, Nov. 7 (Xinhua) -- The carrier was commissioned on Nov. 5."),
            Some((11, 7))
        );
        assert_eq!(
            dateline_day("新华社北京5月18日电（记者某某）外交部发言人"),
            Some((5, 18))
        );
        assert_eq!(dateline_day("记者：7月11日，基地成立。"), None);
        assert_eq!(
            dateline_day("The effect of the September 19 agreement is suspended."),
            None
        );
        assert_eq!(dateline_day("TOKYO (Reuters) - No day is given."), None);
    }

    #[test]
    fn a_statement_opening_with_a_spokesperson_is_their_bodys() {
        for (body, outlet) in [
            (
                "中国海警局新闻发言人刘德军表示，4月10日，菲方船只非法侵闯铁线礁海域。",
                Some("China Coast Guard"),
            ),
            (
                "4月10日，中国海警局新闻发言人刘德军表示，中方依法处置。",
                Some("China Coast Guard"),
            ),
            (
                "A China Coast Guard spokesperson said on Thursday that the vessels were expelled.",
                Some("China Coast Guard"),
            ),
            // A spokesperson quoted further on, or of no known body, says nothing.
            (
                "海军舰艇完成训练。中国海警局新闻发言人表示，将继续巡查。",
                None,
            ),
            ("某部新闻发言人表示，训练顺利。", None),
        ] {
            assert_eq!(stated_by("声明", body).as_deref(), outlet, "{body}");
        }
    }

    #[test]
    fn a_header_row_under_the_title_names_its_publisher() {
        for (row, outlet) in [
            (
                "Release | Oct. 31, 2025 | U.S. Department of War",
                "U.S. Department of Defense",
            ),
            (
                "Ministry of Defense, Japan   December 7, 2025",
                "Japan Ministry of Defense",
            ),
            ("国防部网 2025年10月31日", "Ministry of National Defense"),
            ("解放军报 2025年08月06日 星期三 第04版", "PLA Daily"),
            (
                "2024-05-30 10:00 · 国防部网",
                "Ministry of National Defense",
            ),
        ] {
            let body = format!("{row}\n\nThe minister met his counterpart.");
            assert_eq!(stated_by("Talks", &body).as_deref(), Some(outlet), "{row}");
        }
        // A sentence that names a body is no header.
        let sentence = "The Ministry of Defense, Japan said on Monday that it protested.";
        assert_eq!(stated_by("Talks", sentence), None);
    }

    #[test]
    fn a_title_names_its_publisher_before_a_colon_or_as_press_secretary() {
        let body = "國防部表示，今日上午偵獲共機62架次。";
        assert_eq!(
            stated_by("國防部：共機共艦持續在臺海周邊活動", body).as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
        // A briefing's title in traditional characters: Taipei's ministry.
        assert_eq!(
            stated_by(
                "國防部發言人孫立方少將記者會",
                "問：演習如何應對？\n\n答：嚴密監控。"
            )
            .as_deref(),
            Some("Taiwan Ministry of National Defense")
        );
        assert_eq!(
            stated_by("国防部发言人例行记者会", "问：演习？\n\n答：坚决反对。").as_deref(),
            Some("Ministry of National Defense")
        );
        // A headline alone (no text) only quotes the body it names.
        assert_eq!(stated_by("国防部：坚决反对", ""), None);
        // Not an outlet the directory knows by that exact name.
        assert_eq!(stated_by("Analysis: the drills explained", body), None);
        assert_eq!(
            stated_by(
                "Statement by Pentagon Press Secretary Maj. Gen. Pat Ryder on the meeting",
                "Secretary Austin met the minister."
            )
            .as_deref(),
            Some("U.S. Department of Defense")
        );
    }

    #[test]
    fn a_release_names_its_publisher_under_its_contacts() {
        let body = "OTTAWA - The minister issued the following statement.\n\n\
            \"The frigate sailed through the strait.\"\n\n- 30 -\n\nContacts\n\n\
            Media Relations\nDepartment of National Defence\n613-555-0100\n";
        assert_eq!(
            stated_by("Statement", body).as_deref(),
            Some("Canadian Department of National Defence")
        );
        // A body named in the text, not under contacts, is only mentioned.
        let mentioned = "The Department of National Defence said the frigate sailed.\n\nEnd.";
        assert_eq!(stated_by("Statement", mentioned), None);
    }

    #[test]
    fn agencies_are_read_from_their_datelines() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "BEIJING, May 20 (Xinhua) -- The navies of China and Pakistan began a drill.",
                Some("Xinhua"),
            ),
            (
                "TOKYO (Reuters) - Japan said on Friday ...",
                Some("Reuters"),
            ),
            (
                "TAIPEI/BEIJING, Oct 14 (Reuters) - China's military staged war games ...",
                Some("Reuters"),
            ),
            (
                "MANILA, 21 May (AFP) — The Philippine coast guard ...",
                Some("Agence France-Presse"),
            ),
            (
                "WASHINGTON, May 22, 2026 (Defense Wire) -- The Pentagon ...",
                Some("Defense Wire"),
            ),
            (
                "新华社北京5月20日电（记者王某）国防部新闻发言人……",
                Some("Xinhua"),
            ),
            (
                "（中新社东京5月20日电）日本防卫省……",
                Some("China News Service"),
            ),
            ("本报北京5月20日电 记者……", None),
            (
                "【星島日報報道】國防部發言人張曉剛昨日表示……",
                Some("Sing Tao Daily"),
            ),
            ("【大公報訊】記者……", Some("Ta Kung Pao")),
            (
                "（中央社記者游凱翔台北2024年10月14日電）中共東部戰區今天清晨宣布……",
                Some("Central News Agency"),
            ),
            ("The drill (a joint one) - began on Monday.", None),
            ("Officials said (2026) -- nothing.", None),
        ];
        for (body, want) in CASES {
            assert_eq!(stated_by("A title", body).as_deref(), *want, "{body}");
        }
    }

    #[test]
    fn a_masthead_line_names_the_body() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "May 22, 2026\nU.S. Indo-Pacific Command, Camp H.M. Smith, Hawaii\n\nOperator: Good morning.",
                Some("U.S. Indo-Pacific Command"),
            ),
            (
                "May 21, 2026 (Thu)\nJoint Staff Office, Ministry of Defense\n\n1. Summary",
                Some("Japan Joint Staff"),
            ),
            (
                "Volume 846: debated on Tuesday 19 May 2026\n\nHouse of Lords\n\nQuestion",
                Some("UK Parliament"),
            ),
            // Sentences, lines far down and names the directory does not know give nothing.
            ("Reuters reported the drill.\nMore text.", None),
            ("One.\nTwo.\nThree.\nFour.\nXinhua", None),
            ("Camp H.M. Smith, Hawaii\nText.", None),
        ];
        for (body, want) in CASES {
            assert_eq!(stated_by("A title", body).as_deref(), *want, "{body}");
        }
    }

    #[test]
    fn a_spokespersons_briefing_is_its_bodys() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "2026年5月14日外交部发言人毛宁主持例行记者会",
                Some("Ministry of Foreign Affairs"),
            ),
            (
                "国防部新闻发言人张晓刚答记者问",
                Some("Ministry of National Defense"),
            ),
            (
                "东部战区新闻发言人就台岛周边演训发表谈话",
                Some("Eastern Theater Command"),
            ),
            (
                "国务院台办2026年5月20日例行新闻发布会",
                Some("Taiwan Affairs Office"),
            ),
            (
                "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on May 13, 2026",
                Some("Ministry of Foreign Affairs"),
            ),
            (
                "Spokesperson Jiang Bin answers questions on the drills",
                Some("Ministry of National Defense"),
            ),
            (
                "Regular Press Conference of the Ministry of National Defense on December 25, 2025",
                Some("Ministry of National Defense"),
            ),
            ("Press conference on the Reuters report", None),
            // Names alone, or no briefing: nothing to infer.
            ("Mao Ning meets visiting students", None),
            ("外交部长会见来访客人", None),
            (
                "Department Press Briefing - May 21, 2026",
                Some("U.S. Department of State"),
            ),
            (
                "Spokesperson Jiang Bin and spokesperson Mao Ning on one day",
                None,
            ),
        ];
        for (title, want) in CASES {
            assert_eq!(stated_by(title, "Body text.").as_deref(), *want, "{title}");
        }
    }
}
