//! Translations from the pairs learned from the index's bilingual documents (see
//! [`crate::index::learned`]): Chinese cut greedily into the pairs' own words, each word its
//! English partners; English looked up whole. Pairs the user's glossary bans are left out.

use super::{chinese_parts, Banned, Candidate, Source};
use crate::analysis::fold::is_han;
use crate::index::learned::Learned;

/// `in_dictionary` says whether the dictionary table translates a Chinese word: such words are
/// left to it. About half the learned pairs are wrong, and on the tuned set they cost Chinese
/// queries nDCG where the dictionary already had the word (0.917 → 0.912); what they add is the
/// names and units no dictionary lists (王琦 → Wang Qi, 集团军 → Group Army).
pub fn candidates(
    text: &str,
    learned: &Learned,
    banned: Banned<'_>,
    in_dictionary: &dyn Fn(&str) -> bool,
) -> Option<Candidate> {
    if learned.is_empty() {
        return None;
    }
    if text.chars().any(is_han) {
        let (parts, complete) = chinese_parts(text, &|w| learned.has_zh(w), |word| {
            if in_dictionary(word) {
                return Vec::new();
            }
            learned
                .english_of(word)
                .into_iter()
                .filter(|p| !banned(word, p.form))
                .map(|p| p.form.to_string())
                .collect()
        });
        return (!parts.is_empty()).then_some(Candidate {
            parts,
            source: Source::Learned,
            complete,
        });
    }
    let forms: Vec<String> = learned
        .chinese_of(text)
        .into_iter()
        .filter(|p| !banned(p.form, text))
        .map(|p| p.form.to_string())
        .collect();
    (!forms.is_empty()).then(|| Candidate {
        parts: vec![forms],
        source: Source::Learned,
        complete: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::learned::Pair;

    fn learned() -> Learned {
        let pair = |zh: &str, en: &str, score: f64| Pair {
            zh: zh.into(),
            en: en.into(),
            score,
            joint: 3,
            dice: 0.5,
        };
        Learned::from_pairs(&[
            pair("海警", "Coast Guard", 40.0),
            pair("海警", "coast", 30.0),
            pair("钓鱼岛", "Diaoyu", 50.0),
        ])
    }

    #[test]
    fn chinese_is_cut_into_the_learned_words() {
        let none = |_: &str, _: &str| false;
        let c = candidates("钓鱼岛海警巡航", &learned(), &none, &|_| false).unwrap();
        assert_eq!(c.parts, vec![vec!["Diaoyu"], vec!["Coast Guard", "coast"]]);
        assert_eq!(c.shown(), "Diaoyu (Coast Guard OR coast) (learned)");
    }

    #[test]
    fn english_is_looked_up_whole_and_bans_hold() {
        let none = |_: &str, _: &str| false;
        let c = candidates("coast guards", &learned(), &none, &|_| false).unwrap();
        assert_eq!(c.parts, vec![vec!["海警"]]);
        let ban = |zh: &str, en: &str| zh == "海警" && en == "coast";
        let c = candidates("海警", &learned(), &ban, &|_| false).unwrap();
        assert_eq!(c.parts, vec![vec!["Coast Guard"]]);
        assert!(candidates("coast", &learned(), &ban, &|_| false).is_none());
        assert!(candidates("海警", &Learned::default(), &none, &|_| false).is_none());
        let in_dictionary = |w: &str| w == "海警";
        let c = candidates("钓鱼岛海警", &learned(), &none, &in_dictionary).unwrap();
        assert_eq!(
            c.parts,
            vec![vec!["Diaoyu"]],
            "the dictionary's words are left to it"
        );
    }
}
