//! Who speaks in a release: the roster of known spokespeople and finding speakers in text.
//!
//! The [`Roster`] (from `data/roster.toml`) maps every spelling of a known spokesperson's name
//! (Chinese characters, pinyin in any case or order, aliases, with or without a title such as
//! `Senior Colonel` or `新闻发言人`) to one canonical English name. [`Roster::find_speakers`]
//! finds who speaks, not who is mentioned: answer turns of a question-and-answer transcript
//! (`蒋斌：…`, `Wu Qian: …`) and reporting patterns (`发言人林剑7日表示`, `Wu Qian said`).
//! Unknown people are only accepted where the evidence is strong (an answer turn in a text that
//! also has question turns, or `发言人` directly before a name and a verb), because a wrong
//! speaker facet misleads an analyst more than a missing one.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;

use super::lang::is_han;

/// The roster shipped with milpress.
const BUILTIN_ROSTER: &str = include_str!("../../data/roster.toml");

/// A known spokesperson or official.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Person {
    /// Canonical English name: pinyin, family name first (`Jiang Bin`).
    pub name: String,
    /// Name in Chinese characters (`蒋斌`).
    pub name_zh: String,
    /// Short code of the body the person speaks for (`MND`, `MFA`, `TAO`, ...).
    pub org: String,
    /// Other spellings seen in text.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
struct RosterFile {
    #[serde(default)]
    person: Vec<Person>,
}

/// Known spokespeople, indexed by every normalised spelling of their names.
#[derive(Clone, Debug)]
pub struct Roster {
    people: Vec<Person>,
    /// Normalised spelling (see [`name_key`]) to index in `people`.
    by_key: HashMap<String, usize>,
    /// Every name and alias as it may appear in running text, longest first, as a regex
    /// pattern; compiled on first use.
    mentions_pattern: String,
    mentions: OnceLock<Option<Regex>>,
}

/// English titles and ranks stripped from the front of a name, lowercase, longest first
/// within each family so that `senior colonel` wins over `colonel`.
const EN_TITLES: &[&str] = &[
    "ministry of national defense spokesperson",
    "ministry of foreign affairs spokesperson",
    "defense ministry spokesperson",
    "foreign ministry spokesperson",
    "defence ministry spokesperson",
    "mnd spokesperson",
    "mfa spokesperson",
    "spokesperson",
    "spokeswoman",
    "spokesman",
    "lieutenant general",
    "lieutenant colonel",
    "major general",
    "senior colonel",
    "senior col.",
    "sr. col.",
    "sr col.",
    "sr. col",
    "sr col",
    "colonel",
    "col.",
    "col",
    "lt. gen.",
    "maj. gen.",
    "general",
    "gen.",
    "rear admiral",
    "vice admiral",
    "admiral",
    "captain",
    "capt.",
    "defense minister",
    "defence minister",
    "foreign minister",
    "minister",
    "state councilor",
    "director",
    "madame",
    "madam",
    "mrs.",
    "mrs",
    "mr.",
    "mr",
    "ms.",
    "ms",
    "dr.",
    "chinese",
    "mnd",
    "mfa",
    "pla",
];

/// Chinese organisations and titles that precede a name (`国防部新闻发言人、大校蒋斌`).
const ZH_PREFIXES: &[&str] = &[
    "国务院台湾事务办公室",
    "国务院台办",
    "国台办",
    "国防部",
    "外交部",
    "中国海警局",
    "海警局",
    "解放军",
    "东部战区",
    "南部战区",
    "西部战区",
    "北部战区",
    "中部战区",
    "火箭军",
    "海军",
    "空军",
    "陆军",
    "武警",
    "新闻事务局",
    "新闻局",
    "新闻办公室",
    "副局长",
    "局长",
    "新闻发言人",
    "发言人",
    "国防部长",
    "部长",
    "外长",
    "国务委员",
    "大校",
    "上校",
    "中校",
    "少校",
    "少将",
    "中将",
    "上将",
];

/// Chinese titles that follow a name (`蒋斌大校`, `王毅部长`).
const ZH_SUFFIXES: &[&str] = &[
    "新闻发言人",
    "发言人",
    "大校",
    "上校",
    "中校",
    "少将",
    "中将",
    "部长",
    "同志",
    "先生",
    "女士",
];

/// Labels of a question turn: never speakers, and their presence makes answer turns by
/// unknown people credible.
const QUESTION_LABELS: &[&str] = &[
    "question",
    "q",
    "reporter",
    "journalist",
    "correspondent",
    "记者",
    "问",
    "提问",
    "记者问",
];

/// Labels that look like names but are not people (answer markers, captions, bylines,
/// headings, news agencies).
const NOT_NAMES: &[&str] = &[
    "answer",
    "a",
    "note",
    "source",
    "editor",
    "title",
    "date",
    "photo",
    "photos",
    "reporter",
    "host",
    "moderator",
    "translator",
    "author",
    "by",
    "xinhua",
    "reuters",
    "afp",
    "ap",
    "bloomberg",
    "cctv",
    "cgtn",
    "the",
    "and",
    "of",
    "for",
    "in",
    "on",
    "to",
    "with",
    "at",
    "daily",
    "times",
    "news",
    "press",
    "tv",
    "radio",
    "post",
    "journal",
    "agency",
    "network",
    "media",
    "global",
    "china",
    "chinese",
    "pla",
    "us",
    "u.s.",
    "spokesperson",
    "minister",
    "ministry",
    "defense",
    "defence",
    "foreign",
    "national",
    "office",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "finally",
    "meanwhile",
    "also",
    "however",
    "video",
    "image",
    "link",
    "tags",
    "keywords",
    "contact",
    "tel",
    "email",
    "address",
    "time",
    "venue",
    "location",
    "update",
    "updated",
    "summary",
    "background",
];

/// Han labels that are not people (`主持人：`, `责任编辑：`, `图：`, ...).
const NOT_NAMES_ZH: &[&str] = &[
    "记者",
    "问",
    "答",
    "主持人",
    "编辑",
    "责任编辑",
    "来源",
    "图",
    "摄",
    "作者",
    "通讯员",
    "策划",
    "统筹",
    "制作",
    "设计",
    "校对",
    "审核",
    "监制",
    "出品",
    "文字",
    "摄影",
    "视频",
    "翻译",
    "链接",
    "附件",
    "注",
    "按",
];

/// Common Chinese family names (single and compound). An unknown 2-4 character label is only
/// taken for a name when it starts with one; words that double as everyday function words
/// (和, 时, 应, 全, ...) are left out to keep headings such as `成绩：` out.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆农卓吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬师仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "司徒", "夏侯",
    "端木", "长孙", "宇文",
];

/// Characters that do not occur in a personal name but do in headings and phrases.
const NOT_NAME_CHARS: &str = "的了是在说和与及就对为从把被将这那们者员长委部局处科队军区院社报台网会中上下里外前后第年月日时个些么什怎吗呢吧啊也都又而并但";

/// Verbs of speaking that make `NAME…` a speaker in Chinese reporting.
const ZH_SPEECH: &[&str] = &[
    "答记者问",
    "表示",
    "指出",
    "强调",
    "介绍",
    "回答",
    "回应",
    "答问",
    "说",
    "称",
    "透露",
    "宣布",
    "应询",
    "答",
    "就",
    "在回答",
    "在答",
];

/// Time words that may sit between a name and its verb (`林剑当天表示`).
const ZH_TIMES: &[&str] = &[
    "当天", "当日", "今天", "今日", "日前", "近日", "昨天", "昨日",
];

static EN_SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s+(?:also\s+|further\s+|then\s+)?(?:said|says|told|tells|stated|states|noted|notes|stressed|stresses|added|adds|pointed\s+out|points\s+out|emphasized|emphasised|emphasizes|remarked|responded|replied|answered|explained|introduced|announced|urged|reiterated|confirmed|commented|warned|declared)\b|,\s+(?:a\s+|the\s+)?(?:senior\s+colonel|colonel|spokes(?:person|man|woman)|minister|director)\b)",
    )
    .expect("built-in speech-verb regex is valid")
});

static EN_SPEECH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:spokes(?:person|man|woman)|colonel|col\.|minister|general|admiral|said|says|according\s+to)\s*$",
    )
    .expect("built-in title regex is valid")
});

/// `发言人` directly before a 2-3 character name and a verb: the one pattern that may introduce
/// a name the roster does not know.
static ZH_UNKNOWN_SPOKESPERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发言人[、，]?(\p{Han}{2,3}?)(?:表示|说|指出|强调|就|在|答|介绍|[0-9]{1,2}日)")
        .expect("built-in spokesperson regex is valid")
});

impl Roster {
    /// The roster shipped in `data/roster.toml`.
    pub fn builtin() -> Roster {
        Roster::from_toml(BUILTIN_ROSTER).expect("the embedded data/roster.toml parses")
    }

    /// Parses a roster in the format of `data/roster.toml` (`[[person]]` tables).
    pub fn from_toml(text: &str) -> Result<Roster, toml::de::Error> {
        let file: RosterFile = toml::from_str(text)?;
        Ok(Roster::from_people(file.person))
    }

    /// Builds a roster from a list of people. A spelling shared by two people belongs to the
    /// first.
    pub fn from_people(people: Vec<Person>) -> Roster {
        let mut by_key = HashMap::new();
        let mut spellings = Vec::new();
        for (i, person) in people.iter().enumerate() {
            let mut names = vec![person.name.as_str(), person.name_zh.as_str()];
            names.extend(person.aliases.iter().map(String::as_str));
            for name in names {
                let name = name.trim();
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                by_key.entry(key).or_insert(i);
                // Western order (`Bin Jiang`) for two-part pinyin names.
                let words: Vec<&str> = name.split_whitespace().collect();
                if let [family, given] = words.as_slice() {
                    by_key
                        .entry(name_key(&format!("{given}{family}")))
                        .or_insert(i);
                }
                spellings.push(name.to_string());
            }
        }
        spellings.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        spellings.dedup();
        let alternation: Vec<String> = spellings
            .iter()
            .map(|s| {
                let escaped = regex::escape(s);
                if s.chars().any(is_han) {
                    escaped
                } else {
                    format!(r"\b{escaped}\b")
                }
            })
            .collect();
        Roster {
            people,
            by_key,
            mentions_pattern: alternation.join("|"),
            mentions: OnceLock::new(),
        }
    }

    /// The regex of every name as it may appear in text (`None` for an empty roster).
    fn mentions(&self) -> Option<&Regex> {
        self.mentions
            .get_or_init(|| {
                (!self.mentions_pattern.is_empty()).then(|| {
                    Regex::new(&self.mentions_pattern)
                        .expect("escaped roster names form a valid regex")
                })
            })
            .as_ref()
    }

    /// Everyone in the roster, in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person a name refers to, in any spelling the roster knows, titles allowed.
    pub fn lookup(&self, name: &str) -> Option<&Person> {
        let stripped = strip_titles(name);
        let i = self
            .by_key
            .get(&name_key(stripped))
            .or_else(|| self.by_key.get(&name_key(name)))?;
        self.people.get(*i)
    }

    /// The canonical English name of a known person; an unknown name comes back trimmed and
    /// without titles, otherwise unchanged.
    pub fn canonical(&self, name: &str) -> String {
        match self.lookup(name) {
            Some(person) => person.name.clone(),
            None => {
                let stripped = strip_titles(name);
                if stripped.is_empty() {
                    name.trim().to_string()
                } else {
                    stripped.to_string()
                }
            }
        }
    }

    /// The speakers of `text`: canonical names in order of first appearance, deduplicated.
    pub fn find_speakers(&self, text: &str) -> Vec<String> {
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut unknown_turns: Vec<(usize, String)> = Vec::new();
        let mut has_question = false;

        for (pos, label) in turn_labels(text) {
            match self.classify_label(label) {
                Label::Question => has_question = true,
                Label::Known(name) => found.push((pos, name)),
                Label::Unknown(name) => unknown_turns.push((pos, name)),
                Label::Other => {}
            }
        }
        if has_question {
            found.extend(unknown_turns);
        }

        if let Some(mentions) = self.mentions() {
            for m in mentions.find_iter(text) {
                let before = text.get(..m.start()).unwrap_or("");
                let after = text.get(m.end()..).unwrap_or("");
                let speaks = if m.as_str().chars().any(is_han) {
                    zh_speaks(before, after)
                } else {
                    en_speaks(before, after)
                };
                if speaks {
                    found.push((m.start(), self.canonical(m.as_str())));
                }
            }
        }

        for caps in ZH_UNKNOWN_SPOKESPERSON.captures_iter(text) {
            if let Some(name) = caps.get(1) {
                if self.lookup(name.as_str()).is_none() && plausible_han_name(name.as_str()) {
                    found.push((name.start(), name.as_str().to_string()));
                }
            }
        }

        found.sort_by_key(|(pos, _)| *pos);
        let mut names: Vec<String> = Vec::new();
        for (_, name) in found {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    fn classify_label(&self, label: &str) -> Label {
        let lower = label.to_lowercase();
        let stripped = strip_titles(label);
        let stripped_lower = stripped.to_lowercase();
        let is_question = QUESTION_LABELS.contains(&lower.as_str())
            || QUESTION_LABELS.contains(&stripped_lower.as_str())
            || label.starts_with("记者")
            || label.ends_with("记者")
            || lower.ends_with("reporter")
            || lower.ends_with("correspondent")
            || lower.starts_with("question");
        if is_question {
            return Label::Question;
        }
        if let Some(person) = self.lookup(label) {
            return Label::Known(person.name.clone());
        }
        if plausible_han_name(stripped) || plausible_english_name(stripped) {
            return Label::Unknown(stripped.to_string());
        }
        Label::Other
    }
}

impl Default for Roster {
    fn default() -> Roster {
        Roster::builtin()
    }
}

/// What the label before a colon says about the turn.
enum Label {
    Question,
    Known(String),
    Unknown(String),
    Other,
}

/// Lowercase letters, digits and Han characters only: `JIANG Bin`, `jiang-bin` and `JiangBin`
/// all become `jiangbin`.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes titles, ranks and organisations around a name, repeatedly
/// (`国防部新闻发言人、大校蒋斌` → `蒋斌`, `Spokesperson Sr. Col. Wu Qian` → `Wu Qian`).
pub fn strip_titles(name: &str) -> &str {
    const EDGE: &[char] = &[
        ' ', '\t', '\u{3000}', ',', '，', '、', ':', '：', '·', '-', '—', '(', ')', '（', '）',
    ];
    let mut s = name.trim_matches(EDGE);
    loop {
        let before = s;
        for title in EN_TITLES {
            if let Some(head) = s.get(..title.len()) {
                let rest = s.get(title.len()..).unwrap_or("");
                let ends_word = title.ends_with('.')
                    || rest.is_empty()
                    || rest.starts_with(|c: char| c.is_whitespace() || c == ',');
                if head.eq_ignore_ascii_case(title) && ends_word && !rest.trim().is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        for prefix in ZH_PREFIXES {
            if let Some(rest) = s.strip_prefix(prefix) {
                if !rest.trim_matches(EDGE).is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        for suffix in ZH_SUFFIXES {
            if let Some(rest) = s.strip_suffix(suffix) {
                if !rest.trim_matches(EDGE).is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

/// Labels before each `:`/`：` that starts a turn, with the label's byte position. A turn
/// starts at the beginning of the text, after a newline, or after a sentence end (`。！？`,
/// a closing quote, `. `), since transcripts in JSON often run paragraphs together with one
/// space. A colon in the middle of a sentence yields nothing.
fn turn_labels(text: &str) -> Vec<(usize, &str)> {
    const MAX_LABEL_CHARS: usize = 40;
    let mut labels = Vec::new();
    for (colon, c) in text.char_indices() {
        if c != ':' && c != '：' {
            continue;
        }
        let before = text.get(..colon).unwrap_or("");
        let mut start = Some(0);
        let mut prev: Option<char> = None;
        for (count, (i, ch)) in before.char_indices().rev().enumerate() {
            if count > MAX_LABEL_CHARS || ch == ':' || ch == '：' {
                start = None;
                break;
            }
            let is_boundary = matches!(
                ch,
                '\n' | '\r'
                    | '。'
                    | '！'
                    | '？'
                    | '!'
                    | '?'
                    | '；'
                    | ';'
                    | '”'
                    | '"'
                    | '」'
                    | '』'
                    | '…'
            ) || (ch == '.' && prev.is_some_and(char::is_whitespace));
            if is_boundary {
                start = Some(i + ch.len_utf8());
                break;
            }
            prev = Some(ch);
        }
        if let Some(start) = start {
            if let Some(label) = text.get(start..colon) {
                let trimmed = label.trim();
                if !trimmed.is_empty() {
                    let offset = label.len() - label.trim_start().len();
                    labels.push((start + offset, trimmed));
                }
            }
        }
    }
    labels
}

/// 2-4 Han characters starting with a common family name and free of characters that only
/// headings and phrases use.
fn plausible_han_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=4).contains(&n) || !s.chars().all(is_han) || NOT_NAMES_ZH.contains(&s) {
        return false;
    }
    let surname = COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c) && n >= 3)
        || s.chars().next().is_some_and(|c| SURNAMES.contains(c));
    surname && !s.chars().skip(1).any(|c| NOT_NAME_CHARS.contains(c))
}

/// 2-4 capitalised words, none of them a caption, agency or function word. Single words are
/// not taken: in English transcripts they are news outlets asking (`AFP:`, `Bloomberg:`).
fn plausible_english_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
                && w.chars().any(|c| c.is_ascii_lowercase())
                && !NOT_NAMES.contains(&w.to_lowercase().as_str())
        })
}

/// Whether a Chinese roster name between `before` and `after` is speaking: followed by a
/// speech verb or a day (`林剑7日表示`), or introduced by `发言人` in the same clause.
fn zh_speaks(before: &str, after: &str) -> bool {
    if after.starts_with('的') {
        return false;
    }
    let mut rest = after;
    if let Some(r) = strip_day(rest) {
        return !r.starts_with('的');
    }
    for t in ZH_TIMES {
        if let Some(r) = rest.strip_prefix(t) {
            rest = r;
            break;
        }
    }
    if ZH_SPEECH.iter().any(|v| rest.starts_with(v)) {
        return true;
    }
    // `新闻发言人、国防部新闻局副局长、大校蒋斌`: titles only between 发言人 and the name.
    let clause_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '，' | '；' | '\n' | '：' | ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = before.get(clause_start..).unwrap_or("");
    clause.rfind("发言人").is_some_and(|i| {
        let between = clause.get(i + "发言人".len()..).unwrap_or("");
        between.chars().count() <= 25 && strip_titles(&format!("{between}X")) == "X"
    })
}

/// `7日`, `18日`: a day number directly after a name.
fn strip_day(s: &str) -> Option<&str> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    s.get(digits..)?.strip_prefix('日')
}

/// Whether an English roster name is speaking: a speech verb or `, spokesperson` after it, or a
/// title or `said` right before it. A possessive (`Wu Qian's remarks`) is a mention.
fn en_speaks(before: &str, after: &str) -> bool {
    if after.starts_with("'s") || after.starts_with("’s") {
        return false;
    }
    EN_SPEECH_AFTER.is_match(after) || EN_SPEECH_BEFORE.is_match(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        Roster::builtin()
    }

    #[test]
    fn builtin_roster_has_unique_names() {
        let r = roster();
        let mut seen = std::collections::HashSet::new();
        for p in r.people() {
            assert!(seen.insert(name_key(&p.name)), "duplicate {}", p.name);
            assert!(seen.insert(name_key(&p.name_zh)), "duplicate {}", p.name_zh);
            assert!(p.name_zh.chars().all(is_han), "{}", p.name_zh);
        }
        assert!(r.people().len() >= 30);
    }

    const CANONICAL: &[(&str, &str)] = &[
        ("蒋斌", "Jiang Bin"),
        (" jiang bin ", "Jiang Bin"),
        ("JIANG Bin", "Jiang Bin"),
        ("Bin Jiang", "Jiang Bin"),
        ("Senior Colonel Wu Qian", "Wu Qian"),
        ("Spokesperson Sr. Col. Zhang Xiaogang", "Zhang Xiaogang"),
        ("Col. Tan Kefei", "Tan Kefei"),
        ("国防部新闻发言人、大校蒋斌", "Jiang Bin"),
        ("外交部发言人林剑", "Lin Jian"),
        ("Madam Hua Chunying", "Hua Chunying"),
        ("Ms. Mao Ning", "Mao Ning"),
        ("Peng Qingen", "Peng Qing'en"),
        ("朱凤莲", "Zhu Fenglian"),
        ("Mr. John Smith", "John Smith"),
        ("发言人张三", "张三"),
        ("  Someone Else ", "Someone Else"),
        ("Spokesperson", "Spokesperson"),
    ];

    #[test]
    fn canonical_names() {
        let r = roster();
        for (input, want) in CANONICAL {
            assert_eq!(r.canonical(input), *want, "{input:?}");
        }
        assert_eq!(r.lookup("郭嘉昆").map(|p| p.org.as_str()), Some("MFA"));
        assert!(r.lookup("张三").is_none());
    }

    const TRANSCRIPT_ZH: &str =
        "记者：请问国防部对近期联合演训有何评论？ 蒋斌：中方的立场是一贯的。 \
        记者：还有一个问题。 蒋斌：谢谢。";
    const FOREIGN_MINISTRY: &str = "外交部发言人郭嘉昆18日就有关问题答记者问。";
    const DAY_THEN_VERB: &str = "据报道，外交部发言人林剑7日表示，中方坚决反对。";
    const TRANSCRIPT_EN: &str = "The MND Summarizes China's Military Diplomacy\n\
        Question: Could you brief us on the exchanges this year?\n\
        Wu Qian: In the year of 2024, the Chinese military made progress.";
    const QUESTIONS_ONLY: &str = "记者：请问这次训练的目的是什么？记者：还有后续安排吗？";
    const HEADINGS: &str = "第一：坚持政治建军。第二：坚持改革强军。一是：加强训练。";
    const MENTION_ONLY: &str =
        "官兵认真学习蒋斌的讲话精神。As Wu Qian's remarks showed, the policy holds.";
    const TITLED: &str = "国防部新闻发言人、国防部新闻局副局长、大校蒋斌在例行记者会上回答提问。";
    const TITLED_AFTER_COMMA: &str = "5月18日下午，国防部新闻发言人蒋斌大校发布消息。";
    const EN_PATTERNS: &str = "Spokesperson Senior Colonel Wu Qian commented on the drills. \
        \"We oppose it,\" said Zhang Xiaogang. Tan Kefei noted that talks continue.";
    const UNKNOWN_ANSWER: &str = "记者：这次任务有什么难点？ 李明远：最大的难点是天气。";
    const UNKNOWN_NO_QUESTION: &str = "成绩：优秀。李明远：参加集训。";
    const UNKNOWN_SPOKESPERSON: &str = "海军新闻发言人刘文东表示，编队将按计划开展训练。";

    #[test]
    fn finds_speakers_in_transcripts_and_reports() {
        let r = roster();
        let cases: &[(&str, &[&str])] = &[
            (TRANSCRIPT_ZH, &["Jiang Bin"]),
            (FOREIGN_MINISTRY, &["Guo Jiakun"]),
            (DAY_THEN_VERB, &["Lin Jian"]),
            (TRANSCRIPT_EN, &["Wu Qian"]),
            (QUESTIONS_ONLY, &[]),
            (HEADINGS, &[]),
            (MENTION_ONLY, &[]),
            (TITLED, &["Jiang Bin"]),
            (TITLED_AFTER_COMMA, &["Jiang Bin"]),
            (EN_PATTERNS, &["Wu Qian", "Zhang Xiaogang", "Tan Kefei"]),
            (UNKNOWN_ANSWER, &["李明远"]),
            (UNKNOWN_NO_QUESTION, &[]),
            (UNKNOWN_SPOKESPERSON, &["刘文东"]),
            ("", &[]),
            ("：：：", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(r.find_speakers(text), *want, "{text}");
        }
    }

    #[test]
    fn english_outlets_are_not_speakers() {
        const MFA_EN: &str = "AFP: Will China respond?\nLin Jian: China will take measures.\n\
            Global Times: A follow-up question.\nLin Jian: I have answered that.";
        assert_eq!(roster().find_speakers(MFA_EN), ["Lin Jian"]);
    }

    /// Over the shared corpus: every `蒋斌：` transcript yields Jiang Bin, and no record yields a
    /// question label as a speaker.
    #[test]
    fn shared_corpus_speakers() {
        let path = &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/pla-watch-2026-05.jsonl");
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let r = roster();
        let (mut transcripts, mut found) = (0, 0);
        let mut all = std::collections::BTreeMap::<String, usize>::new();
        for line in text.lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let body = record["text_original"].as_str().unwrap_or("");
            let speakers = r.find_speakers(body);
            for s in &speakers {
                *all.entry(s.clone()).or_default() += 1;
                assert!(!s.contains("记者") && s != "Question", "{s}");
            }
            if body.contains("蒋斌：") {
                transcripts += 1;
                if speakers.iter().any(|s| s == "Jiang Bin") {
                    found += 1;
                }
            }
        }
        eprintln!("蒋斌 transcripts: {found}/{transcripts}; speakers: {all:?}");
        assert_eq!(found, transcripts);
    }
}
