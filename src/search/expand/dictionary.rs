//! Translations from the index's dictionary table (CC-CEDICT, see
//! [`crate::index::tables`]): Chinese cut greedily into the table's own words, each word its
//! English forms; English looked up whole.

use super::{Candidate, Source};
use crate::analysis::fold::is_han;
use crate::analysis::LONGEST_WORD;
use crate::index::tables::{english_key, Kind, Tables};

pub fn candidates(text: &str, tables: &Tables) -> Option<Candidate> {
    if tables.is_empty() {
        return None;
    }
    if text.chars().any(is_han) {
        let mut parts = Vec::new();
        for run in text.split(|c: char| !is_han(c)).filter(|r| !r.is_empty()) {
            for word in cut(run, tables) {
                let forms = tables.get(Kind::ZhToEn, word);
                if !forms.is_empty() {
                    parts.push(forms.iter().map(|f| f.to_string()).collect());
                }
            }
        }
        return (!parts.is_empty()).then_some(Candidate {
            parts,
            source: Source::Dictionary,
        });
    }
    let forms = tables.get(Kind::EnToZh, &english_key(text));
    (!forms.is_empty()).then(|| Candidate {
        parts: vec![forms.iter().map(|f| f.to_string()).collect()],
        source: Source::Dictionary,
    })
}

/// `run` cut into the table's words, longest first from the left; characters no word covers
/// are left out.
fn cut<'r>(run: &'r str, tables: &Tables) -> Vec<&'r str> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at + 1 < bounds.len() {
        let longest = (at + LONGEST_WORD).min(bounds.len() - 1);
        match (at + 2..=longest)
            .rev()
            .find(|&end| tables.has_zh(&run[bounds[at]..bounds[end]]))
        {
            Some(end) => {
                out.push(&run[bounds[at]..bounds[end]]);
                at = end;
            }
            None => at += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

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
        let c = candidates("乌兹别克斯坦伊斯兰运动", &tables()).unwrap();
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
        let c = candidates("昆都士 塔利班", &tables()).unwrap();
        assert_eq!(
            c.parts,
            vec![vec!["Taliban"]],
            "what it cannot cut is left out"
        );
    }

    #[test]
    fn english_is_looked_up_whole() {
        let c = candidates("Taliban", &tables()).unwrap();
        assert_eq!(c.parts, vec![vec!["塔利班"]]);
        assert!(candidates("forum", &tables()).is_none());
        assert!(candidates("Taliban", &Tables::default()).is_none());
    }
}
