//! Pinyin both ways: capitalised pinyin typed in English (`Huangyan Dao`, `Ren'ai Jiao`,
//! `JiangBin`) finds the index's Chinese words that read so (the table's `p` rows), and a
//! Chinese name or place of two to four characters is also searched as its pinyin spellings
//! (the builder keeps only those whose words the index holds).

use super::{Candidate, Source};
use crate::analysis::fold::is_han;
use crate::index::tables::{Kind, Tables};
use crate::reference::pinyin::{pinyin_key, plain, to_pinyin};

pub fn candidates(text: &str, tables: &Tables) -> Option<Candidate> {
    let text = text.trim();
    if text.chars().all(is_han) {
        let n = text.chars().count();
        if !(2..=4).contains(&n) {
            return None;
        }
        let syllables: Vec<String> = plain(text)?.split(' ').map(String::from).collect();
        let mut forms = vec![capitalise(&syllables.concat())];
        // A place with its generic word apart, as English reports write it: `Huangyan Dao`.
        forms.push(format!(
            "{} {}",
            capitalise(&syllables[..n - 1].concat()),
            capitalise(&syllables[n - 1])
        ));
        forms.extend(to_pinyin(text));
        let mut unique: Vec<String> = Vec::new();
        for form in forms {
            if !unique
                .iter()
                .any(|u| u.to_lowercase() == form.to_lowercase())
            {
                unique.push(form);
            }
        }
        return Some(Candidate {
            parts: vec![unique],
            source: Source::Pinyin,
            complete: true,
        });
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let pinyin_like = !words.is_empty()
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
        });
    if !pinyin_like {
        return None;
    }
    let found = tables.get(Kind::Pinyin, &pinyin_key(text));
    (!found.is_empty()).then(|| Candidate {
        parts: vec![found.iter().map(|f| f.to_string()).collect()],
        source: Source::Pinyin,
        complete: true,
    })
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn chinese_places_and_names_get_their_pinyin() {
        let c = candidates("黄岩岛", &Tables::default()).unwrap();
        assert!(c.parts[0].contains(&"Huangyan Dao".to_string()), "{c:?}");
        assert!(c.parts[0].contains(&"Huangyandao".to_string()), "{c:?}");
        let c = candidates("蒋斌", &Tables::default()).unwrap();
        assert!(c.parts[0].contains(&"Jiang Bin".to_string()), "{c:?}");
    }

    #[test]
    fn pinyin_finds_the_indexs_chinese_words() {
        let mut rows = BTreeMap::new();
        rows.insert(('p', "renaijiao".to_string()), vec!["仁爱礁".to_string()]);
        let t = Tables::from_rows(&rows);
        for typed in ["Ren'ai Jiao", "Renai Jiao", "RenaiJiao"] {
            let c = candidates(typed, &t).unwrap();
            assert_eq!(c.parts, vec![vec!["仁爱礁"]], "{typed}");
        }
        assert!(
            candidates("renai jiao", &t).is_none(),
            "lowercase words stay English"
        );
    }
}
