//! The query language: what a user types, parsed into clauses.
//!
//! ```text
//! xiangshan forum            every word required (or any, with --any)
//! "xiangshan forum"          a phrase; "taiwan independence"~3 allows 3 words between
//! 台独 OR 台湾独立            either side
//! -exercise, NOT exercise    excluded (also -"a phrase" and NOT (a group))
//! (taiwan OR 台湾) AND drill  parentheses group; AND is optional
//! *                          every document (browse with filters)
//! speaker:"Wu Qian" year:2024 theme:taiwan lang:zh source:"PLA Daily" kind:headline
//! year:2020..2024            a range of years
//! title:forum body:香山       a word in one text field only
//! ```
//! Curly quotes (“ ” 「 」) count as straight ones.
//!
//! Precedence, as in web search: `NOT` (and `-`) binds to the next word, phrase or group; `OR`
//! binds tighter than `AND`, so `a b OR c` is `a AND (b OR c)`. Operators are upper case only:
//! `or`, `and` and `not` in lower case are words.

use crate::error::{Error, Result};

/// A field a query clause can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldName {
    Speaker,
    Year,
    Theme,
    Tag,
    Lang,
    Source,
    Kind,
    Title,
    Body,
}

impl FieldName {
    const ALL: &'static [(&'static str, FieldName)] = &[
        ("speaker", FieldName::Speaker),
        ("year", FieldName::Year),
        ("theme", FieldName::Theme),
        ("tag", FieldName::Tag),
        ("lang", FieldName::Lang),
        ("source", FieldName::Source),
        ("kind", FieldName::Kind),
        ("title", FieldName::Title),
        ("body", FieldName::Body),
    ];

    fn parse(name: &str) -> Option<FieldName> {
        let name = name.to_ascii_lowercase();
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    fn known() -> String {
        Self::ALL
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One thing a clause looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    /// Free text: a word (or a run of Chinese), searched in title, body and source. `prefix` when
    /// it ended in `*`.
    Text { text: String, prefix: bool },
    /// A quoted phrase, with the number of extra words allowed between its words.
    Phrase { text: String, slop: u32 },
    /// `field:value` (value unquoted or quoted).
    Field { field: FieldName, value: String },
    /// `( ... )`: clauses combined as at the top level.
    Group(Vec<Clause>),
}

/// How a clause combines with the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    /// The query's default: required, or optional with `--any`.
    Default,
    /// `+x`: always required.
    Must,
    /// `-x`: excluded.
    MustNot,
}

/// Alternatives joined by `OR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub occur: Occur,
    pub alternatives: Vec<Atom>,
}

/// Parses a query string. A lone `*` is the browse query: no clauses, every document.
pub fn parse(input: &str) -> Result<Vec<Clause>> {
    if input.trim() == "*" {
        return Ok(Vec::new());
    }
    let mut lexer = Lexer::new(input);
    let clauses = parse_list(&mut lexer, 0)?;
    Ok(clauses)
}

/// Clauses up to the end of input (depth 0) or the `)` that closes a group (depth > 0).
fn parse_list(lexer: &mut Lexer<'_>, depth: usize) -> Result<Vec<Clause>> {
    const DEEPEST: usize = 32;
    if depth > DEEPEST {
        return Err(Error::Query(format!(
            "parentheses nest deeper than {DEEPEST}"
        )));
    }
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    let mut pending_not = false;
    let mut pending_and = false;
    loop {
        let Some(lexeme) = lexer.next()? else {
            if depth > 0 {
                return Err(Error::Query(
                    "unbalanced parenthesis: a ( has no closing )".to_string(),
                ));
            }
            break;
        };
        let (occur, atom) = match lexeme {
            Lexeme::Close => {
                if depth == 0 {
                    return Err(Error::Query(
                        "unbalanced parenthesis: a ) has no opening (".to_string(),
                    ));
                }
                break;
            }
            Lexeme::Or => {
                if clauses.is_empty() || pending_or || pending_not || pending_and {
                    return Err(Error::Query(
                        "OR needs something on both sides (to search the word, quote it: \"or\")"
                            .to_string(),
                    ));
                }
                pending_or = true;
                continue;
            }
            Lexeme::And => {
                if clauses.is_empty() || pending_or || pending_not || pending_and {
                    return Err(Error::Query(
                        "AND needs something on both sides (to search the word, quote it: \"and\")"
                            .to_string(),
                    ));
                }
                pending_and = true;
                continue;
            }
            Lexeme::Not => {
                if pending_not {
                    return Err(Error::Query(
                        "NOT NOT: say what to exclude once".to_string(),
                    ));
                }
                pending_not = true;
                continue;
            }
            Lexeme::Open(occur) => {
                let inner = parse_list(lexer, depth + 1)?;
                if inner.is_empty() {
                    return Err(Error::Query(
                        "`()` holds nothing: put words inside the parentheses, or leave them out"
                            .to_string(),
                    ));
                }
                (occur, Atom::Group(inner))
            }
            Lexeme::Atom(occur, atom) => (occur, atom),
        };
        let occur = if pending_not {
            if occur != Occur::Default {
                return Err(Error::Query(
                    "NOT before +x or -x: use one of them".to_string(),
                ));
            }
            Occur::MustNot
        } else {
            occur
        };
        pending_not = false;
        pending_and = false;
        if pending_or {
            let last = clauses.last_mut().expect("OR follows a clause");
            if occur == Occur::MustNot || last.occur == Occur::MustNot {
                return Err(Error::Query(
                    "an excluded term (-x, NOT x) cannot be one side of OR".to_string(),
                ));
            }
            last.alternatives.push(atom);
            pending_or = false;
        } else {
            clauses.push(Clause {
                occur,
                alternatives: vec![atom],
            });
        }
    }
    if pending_or {
        return Err(Error::Query(
            "OR at the end needs something after it".to_string(),
        ));
    }
    if pending_and {
        return Err(Error::Query(
            "AND at the end needs something after it".to_string(),
        ));
    }
    if pending_not {
        return Err(Error::Query(
            "NOT at the end needs something to exclude after it".to_string(),
        ));
    }
    Ok(clauses)
}

enum Lexeme {
    Or,
    And,
    Not,
    /// `(`, with the `-` or `+` before it.
    Open(Occur),
    Close,
    Atom(Occur, Atom),
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    input: &'a str,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '」' | '＂')
}

/// Whether the character `c` at byte `at` of `input` separates words as a space does: white
/// space (the ideographic space too), and the commas, semicolons and stops that a Chinese
/// keyboard types between words (`联合利剑，演习`, `台湾、菲律宾`), or an ASCII comma or
/// semicolon (`Taiwan,Philippines`) except inside a number (`1,000`).
fn separates(input: &str, at: usize, c: char) -> bool {
    match c {
        '，' | '、' | '；' | '。' | '！' | '？' | ';' => true,
        ',' => {
            let before = input[..at].chars().next_back();
            let after = input[at + 1..].chars().next();
            !(before.is_some_and(|b| b.is_ascii_digit())
                && after.is_some_and(|a| a.is_ascii_digit()))
        }
        c => c.is_whitespace(),
    }
}

/// Parentheses end a word, so `(a OR b)` needs no spaces inside.
fn is_paren(c: char) -> bool {
    matches!(c, '(' | ')' | '（' | '）')
}

impl<'a> Lexer<'a> {
    fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            chars: input.char_indices().peekable(),
            input,
        }
    }

    fn skip_space(&mut self) {
        while self
            .chars
            .next_if(|&(at, c)| separates(self.input, at, c))
            .is_some()
        {}
    }

    fn next(&mut self) -> Result<Option<Lexeme>> {
        self.skip_space();
        let Some(&(_, first)) = self.chars.peek() else {
            return Ok(None);
        };
        if matches!(first, ')' | '）') {
            self.chars.next();
            return Ok(Some(Lexeme::Close));
        }
        let occur = match first {
            '-' | '+' => {
                self.chars.next();
                match self.chars.peek() {
                    Some((_, c)) if !c.is_whitespace() => {}
                    _ => {
                        return Err(Error::Query(format!(
                            "`{first}` must stand right before a word, as in {first}taiwan"
                        )))
                    }
                }
                if first == '-' {
                    Occur::MustNot
                } else {
                    Occur::Must
                }
            }
            _ => Occur::Default,
        };
        if self
            .chars
            .next_if(|(_, c)| matches!(c, '(' | '（'))
            .is_some()
        {
            return Ok(Some(Lexeme::Open(occur)));
        }
        if self.chars.peek().is_some_and(|(_, c)| is_quote(*c)) {
            let text = self.quoted()?;
            let slop = self.slop()?;
            return Ok(Some(Lexeme::Atom(occur, Atom::Phrase { text, slop })));
        }
        let word = self.word();
        if occur == Occur::Default {
            match word.as_str() {
                "OR" => return Ok(Some(Lexeme::Or)),
                "AND" => return Ok(Some(Lexeme::And)),
                "NOT" => return Ok(Some(Lexeme::Not)),
                _ => {}
            }
        }
        if let Some((name, rest)) = word.split_once([':', '：']) {
            if let Some(field) = FieldName::parse(name) {
                let value =
                    if rest.is_empty() && self.chars.peek().is_some_and(|(_, c)| is_quote(*c)) {
                        self.quoted()?
                    } else {
                        rest.to_string()
                    };
                if value.trim().is_empty() {
                    return Err(Error::Query(format!(
                        "`{name}:` needs a value, as in {name}:x"
                    )));
                }
                return Ok(Some(Lexeme::Atom(occur, Atom::Field { field, value })));
            }
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic())
                && !rest.starts_with("//")
            {
                return Err(Error::Query(format!(
                    "unknown field `{name}` (fields: {}); to search the text, quote it: \"{word}\"",
                    FieldName::known()
                )));
            }
        }
        // `word~2` (a fuzzy or proximity search elsewhere) would search `word` and `2`.
        if let Some((head, tail)) = word.rsplit_once('~') {
            if !head.is_empty() && tail.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::Query(format!(
                    "`~` keeps the words of a quoted phrase within some words of each other, \
                     as in \"Taiwan Strait\"~3; it does not follow a word ({word})"
                )));
            }
        }
        // `~3` standing alone (`"a b" ~3`, `~3 taiwan`) would search the number 3.
        if let Some(digits) = word.strip_prefix('~') {
            return Err(Error::Query(format!(
                "`~{digits}` must follow a quoted phrase with no space, as in \"Taiwan Strait\"~3"
            )));
        }
        // `*taiwan`, `tai*wan`: only a prefix can be searched, so `*` ends a word (or stands
        // alone, for every document).
        if word.len() > 1 && word.trim_end_matches('*').contains('*') {
            return Err(Error::Query(format!(
                "`*` ends a word to search for a prefix, as in taiw*; it cannot start or split \
                 one ({word})"
            )));
        }
        let (text, prefix) = match word.strip_suffix('*') {
            Some(stem) if !stem.is_empty() => (stem.to_string(), true),
            _ => (word, false),
        };
        Ok(Some(Lexeme::Atom(occur, Atom::Text { text, prefix })))
    }

    /// A run of characters up to white space or a quote.
    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some((_, c)) = self
            .chars
            .next_if(|&(at, c)| !separates(self.input, at, c) && !is_quote(c) && !is_paren(c))
        {
            word.push(c);
        }
        word
    }

    /// A quoted string; the opening quote is next.
    fn quoted(&mut self) -> Result<String> {
        let (start, _) = self.chars.next().expect("a quote is next");
        let mut text = String::new();
        for (_, c) in self.chars.by_ref() {
            if is_quote(c) {
                return Ok(text);
            }
            text.push(c);
        }
        Err(Error::Query(format!(
            "unbalanced quote: {} has no closing \"",
            &self.input[start..]
        )))
    }

    /// `~N` after a phrase.
    fn slop(&mut self) -> Result<u32> {
        if self.chars.next_if(|(_, c)| *c == '~').is_none() {
            return Ok(0);
        }
        let digits = self.word();
        digits.parse().map_err(|_| {
            Error::Query(format!(
                "`~` after a phrase takes a number of words, not {digits:?}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Atom {
        Atom::Text {
            text: t.to_string(),
            prefix: false,
        }
    }

    #[test]
    fn words_phrases_and_fields() {
        let clauses =
            parse(r#"Xiangshan "forum opened"~2 -drill speaker:"Wu Qian" year:2024"#).unwrap();
        assert_eq!(clauses.len(), 5);
        assert_eq!(clauses[0].alternatives, [text("Xiangshan")]);
        assert_eq!(
            clauses[1].alternatives,
            [Atom::Phrase {
                text: "forum opened".into(),
                slop: 2
            }]
        );
        assert_eq!(clauses[2].occur, Occur::MustNot);
        assert_eq!(
            clauses[3].alternatives,
            [Atom::Field {
                field: FieldName::Speaker,
                value: "Wu Qian".into()
            }]
        );
        assert_eq!(
            clauses[4].alternatives,
            [Atom::Field {
                field: FieldName::Year,
                value: "2024".into()
            }]
        );
    }

    #[test]
    fn a_chinese_keyboards_commas_separate_words() {
        for query in [
            "联合利剑，演习",
            "联合利剑、演习",
            "联合利剑；演习",
            "联合利剑,演习",
        ] {
            let clauses = parse(query).unwrap();
            let words: Vec<&Vec<Atom>> = clauses.iter().map(|c| &c.alternatives).collect();
            assert_eq!(words, [&[text("联合利剑")], &[text("演习")]], "{query}");
        }
        // A number's thousands stay one word.
        let clauses = parse("1,000 troops").unwrap();
        assert_eq!(clauses[0].alternatives, [text("1,000")]);
    }

    #[test]
    fn or_joins_neighbours() {
        let clauses = parse("台独 OR 台湾独立 联合利剑").unwrap();
        assert_eq!(clauses.len(), 2);
        assert_eq!(clauses[0].alternatives, [text("台独"), text("台湾独立")]);
    }

    #[test]
    fn chinese_quotes_and_prefix() {
        let clauses = parse("“香山论坛” taiw*").unwrap();
        assert_eq!(
            clauses[0].alternatives,
            [Atom::Phrase {
                text: "香山论坛".into(),
                slop: 0
            }]
        );
        assert_eq!(
            clauses[1].alternatives,
            [Atom::Text {
                text: "taiw".into(),
                prefix: true
            }]
        );
    }

    #[test]
    fn malformed_queries_are_explained() {
        for bad in [
            "\"xiangshan forum",
            "foo:bar",
            "OR taiwan",
            "taiwan OR",
            "- taiwan",
            "\"a\"~x",
            "year:",
            "Taiwan~3",
            "台湾~",
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("bad query: "), "{bad}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn not_and_and_groups() {
        let not = parse("taiwan NOT independence").unwrap();
        let minus = parse("taiwan -independence").unwrap();
        assert_eq!(not, minus);
        assert_eq!(not[1].occur, Occur::MustNot);
        assert_eq!(parse("a AND b").unwrap(), parse("a b").unwrap());
        let grouped = parse("(a OR b) NOT (c d) -\"e f\"").unwrap();
        assert_eq!(grouped.len(), 3);
        assert_eq!(
            grouped[0].alternatives,
            [Atom::Group(vec![Clause {
                occur: Occur::Default,
                alternatives: vec![text("a"), text("b")],
            }])]
        );
        assert_eq!(grouped[1].occur, Occur::MustNot);
        assert!(matches!(grouped[1].alternatives[0], Atom::Group(ref g) if g.len() == 2));
        assert_eq!(grouped[2].occur, Occur::MustNot);
        // OR binds tighter than AND.
        let mixed = parse("a b OR c").unwrap();
        assert_eq!(mixed.len(), 2);
        assert_eq!(mixed[1].alternatives, [text("b"), text("c")]);
        // Lower case operators are words.
        assert_eq!(parse("a not b").unwrap().len(), 3);
        assert!(parse("*").unwrap().is_empty());
        assert_eq!(
            parse("taiw*").unwrap()[0].alternatives,
            [Atom::Text {
                text: "taiw".to_string(),
                prefix: true
            }]
        );
    }

    #[test]
    fn misplaced_operators_are_explained() {
        for bad in [
            "(a",
            "a)",
            "a NOT",
            "NOT NOT a",
            "a AND",
            "AND a",
            "a OR NOT b",
            "a NOT OR b",
            "taiwan ()",
            "~3 taiwan",
            "\"taiwan strait\" ~3",
            "*taiwan",
            "tai*wan",
            "台*湾",
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("bad query: "), "{bad}: {err}");
        }
    }

    #[test]
    fn urls_and_times_are_text() {
        assert!(parse("http://www.81.cn").is_ok());
        assert!(parse("10:30").is_ok());
    }
}
