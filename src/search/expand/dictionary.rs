//! Translations from the index's dictionary table (CC-CEDICT, see
//! [`crate::index::tables`]): Chinese cut greedily into the table's own words and the
//! glossary's terms, each word its English forms (a term's the glossary's); English looked up
//! whole. Pairs the user's glossary bans are left out.

use super::{chinese_parts, Banned, Candidate, Source};
use crate::analysis::fold::is_han;
use crate::analysis::normalized;
use crate::index::tables::{Kind, Tables};
use crate::search::glossary::Glossary;

pub fn candidates(
    text: &str,
    tables: &Tables,
    glossary: &Glossary,
    banned: Banned<'_>,
) -> Option<Candidate> {
    if tables.is_empty() {
        return None;
    }
    if text.chars().any(is_han) {
        // A term of art inside the string (演训 in 联合演训) is the glossary's before the
        // dictionary's: it knows the military sense, and CC-CEDICT may not know the word.
        let english = |word: &str| -> Vec<String> {
            glossary
                .alternatives(word)
                .into_iter()
                .filter(|form| !form.chars().any(is_han))
                .map(String::from)
                .collect()
        };
        let known = |w: &str| tables.has_zh(w) || !english(w).is_empty();
        let (parts, complete) = chinese_parts(text, &known, |word| {
            let pinned = english(word);
            if !pinned.is_empty() {
                return pinned;
            }
            tables
                .get(Kind::ZhToEn, word)
                .into_iter()
                .filter(|f| !banned(word, f))
                .map(String::from)
                .collect()
        });
        return (!parts.is_empty()).then_some(Candidate {
            parts,
            source: Source::Dictionary,
            complete,
        });
    }
    let forms: Vec<String> = tables
        .get(Kind::EnToZh, &normalized(text))
        .into_iter()
        .filter(|f| !banned(f, text))
        .map(String::from)
        .collect();
    (!forms.is_empty()).then(|| Candidate {
        parts: vec![forms],
        source: Source::Dictionary,
        complete: true,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const NONE: fn(&str, &str) -> bool = |_, _| false;

    fn tables() -> Tables {
        let mut rows = BTreeMap::new();
        for (tag, key, forms) in [
            ('z', "乌兹别克斯坦", vec!["Uzbekistan"]),
            ('z', "伊斯兰", vec!["Islam"]),
            ('z', "运动", vec!["movement", "campaign"]),
            ('z', "塔利班", vec!["Taliban"]),
            ('e', "taliban", vec!["塔利班"]),
        ] {
            rows.insert(
                (tag, key.to_string()),
                forms.into_iter().map(String::from).collect(),
            );
        }
        Tables::from_rows(&rows)
    }

    #[test]
    fn chinese_is_cut_into_the_tables_words() {
        let c = candidates(
            "乌兹别克斯坦伊斯兰运动",
            &tables(),
            &Glossary::default(),
            &NONE,
        )
        .unwrap();
        assert_eq!(
            c.parts,
            vec![
                vec!["Uzbekistan"],
                vec!["Islam"],
                vec!["movement", "campaign"]
            ]
        );
        assert_eq!(
            c.shown(),
            "Uzbekistan Islam (movement OR campaign) (dictionary)"
        );
        let c = candidates("昆都士 塔利班", &tables(), &Glossary::default(), &NONE).unwrap();
        assert_eq!(
            c.parts,
            vec![vec!["Taliban"]],
            "what it cannot cut is left out"
        );
    }

    #[test]
    fn english_is_looked_up_whole() {
        let c = candidates("Taliban", &tables(), &Glossary::default(), &NONE).unwrap();
        assert_eq!(c.parts, vec![vec!["塔利班"]]);
        assert!(candidates("forum", &tables(), &Glossary::default(), &NONE).is_none());
        assert!(candidates("Taliban", &Tables::default(), &Glossary::default(), &NONE).is_none());
    }

    #[test]
    fn a_term_of_art_inside_a_string_takes_the_glossarys_forms() {
        let glossary = Glossary::from_toml(
            "[[term]]\nen = [\"military exercise\", \"drills\"]\nzh = [\"演训\"]\n\n\
             [[term]]\nen = [\"Islamic\"]\nzh = [\"伊斯兰\"]\n",
            &crate::reference::Roster::default(),
        )
        .unwrap();
        // 演训 is no word of the tables: without the glossary it would be left out.
        let c = candidates("乌兹别克斯坦演训", &tables(), &glossary, &NONE).unwrap();
        assert_eq!(
            c.parts,
            vec![vec!["Uzbekistan"], vec!["military exercise", "drills"]]
        );
        // A word both know is the glossary's.
        let c = candidates("伊斯兰运动", &tables(), &glossary, &NONE).unwrap();
        assert_eq!(c.parts, vec![vec!["Islamic"], vec!["movement", "campaign"]]);
        let c = candidates("伊斯兰运动", &tables(), &Glossary::default(), &NONE).unwrap();
        assert_eq!(c.parts, vec![vec!["Islam"], vec!["movement", "campaign"]]);
    }

    #[test]
    fn banned_pairs_are_left_out() {
        let ban = |zh: &str, en: &str| zh == "运动" && en == "campaign";
        let c = candidates("伊斯兰运动", &tables(), &Glossary::default(), &ban).unwrap();
        assert_eq!(c.parts, vec![vec!["Islam"], vec!["movement"]]);
        let ban = |zh: &str, en: &str| zh == "塔利班" && en == "Taliban";
        assert!(candidates("Taliban", &tables(), &Glossary::default(), &ban).is_none());
    }
}
