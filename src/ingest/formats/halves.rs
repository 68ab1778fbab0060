//! A text that holds itself twice: every paragraph in Chinese, then every paragraph again in
//! English (or the other way round), as a ministry's English page prints a briefing under its
//! Chinese original. Read as one text, its answers would count twice and a `--lang zh` search
//! would miss a page its template calls English; told apart, the Chinese half is the original
//! and the English half its translation, whatever order the page puts them in (the bodies
//! milpress follows speak Chinese).
//!
//! Only a clear case is split: the paragraphs change language once, and the two halves have as
//! many paragraphs and a length a translation has (English takes about 2 to 6 bytes for a
//! Chinese character).

use crate::document::{Lang, Parsed, Translation};
use crate::extract::lang::detect;

/// English bytes for one Chinese character, at the least and the most, in a translation.
const RATIO: (f64, f64) = (1.5, 8.0);

/// Splits `doc`'s body into original and translation when it is one text given twice
/// (see the module docs). A document that already has a translation is left alone.
pub fn split(doc: &mut Parsed) {
    if doc.translation.is_some() {
        return;
    }
    let Some((zh, en, second_title)) = halves(&doc.body) else {
        return;
    };
    // The title stays the title, in whichever language the file gives it; a second half that
    // opens with its own headline gives the other language's.
    let mut title = String::new();
    if let Some(second) = second_title {
        if detect(&second) == Lang::Zh {
            title = std::mem::replace(&mut doc.title, second);
        } else {
            title = second;
        }
    }
    doc.body = zh;
    doc.lang = Some(Lang::Zh);
    doc.translation = Some(Translation {
        lang: Some(Lang::En),
        title,
        body: en,
    });
}

/// The Chinese and the English halves of `body`, when it is one text given in both, and the
/// second half's headline when it opens with one.
fn halves(body: &str) -> Option<(String, String, Option<String>)> {
    let mut paragraphs: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut langs: Vec<Lang> = paragraphs.iter().map(|p| detect(p)).collect();
    // An odd paragraph out in the middle, a short line in the second half's language: its
    // headline (an English release, then `第十一届北京香山论坛将于9月举行` and the Chinese).
    let mut second_title = None;
    if paragraphs.len() >= 3 && paragraphs.len() % 2 == 1 {
        let middle = paragraphs.len() / 2;
        if headline(paragraphs[middle])
            && langs[middle] == langs[middle + 1]
            && langs[middle] != langs[middle - 1]
        {
            second_title = Some(paragraphs.remove(middle).to_string());
            langs.remove(middle);
        }
    }
    // The language changes once: the first half, then the second.
    let switch = langs.iter().position(|l| *l != langs[0])?;
    if langs[switch..].iter().any(|l| *l != langs[switch]) {
        return None;
    }
    let (first, second) = paragraphs.split_at(switch);
    if !paired(first, second) {
        return None;
    }
    let join = |side: &[&str]| side.join("\n\n");
    let (zh, en) = match (langs[0], langs[switch]) {
        (Lang::Zh, Lang::En) => (join(first), join(second)),
        (Lang::En, Lang::Zh) => (join(second), join(first)),
        _ => return None,
    };
    let ratio = en.len() as f64 / zh.chars().filter(|c| !c.is_whitespace()).count() as f64;
    (RATIO.0..=RATIO.1)
        .contains(&ratio)
        .then_some((zh, en, second_title))
}

/// Whether two halves pair paragraph for paragraph, a translation's way: as many paragraphs,
/// or as many once a few short lines only one of them gives are set aside (a date line or a
/// byline under the original's headline, `2025年6月26日`).
fn paired(first: &[&str], second: &[&str]) -> bool {
    let core = |side: &[&str]| side.iter().filter(|p| !headline(p)).count();
    first.len() == second.len()
        || (core(first) > 0
            && core(first) == core(second)
            && first.len().abs_diff(second.len()) <= 2)
}

/// A line that reads as a headline: one short line that does not end a sentence.
fn headline(line: &str) -> bool {
    !line.contains('\n')
        && line.chars().count() <= 120
        && line.split_whitespace().count() <= 20
        && !line.ends_with(['.', '。', '!', '！', '?', '？', ':', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: [&str; 2] = [
        "问：据报道，福建舰近日赴西太平洋开展远海训练。请介绍有关情况。",
        "张晓刚：福建舰编队赴西太平洋有关海域开展训练，是年度计划内的例行安排，不针对任何特定国家和目标。",
    ];
    const EN: [&str; 2] = [
        "Question: It is reported that the aircraft carrier Fujian recently sailed to the Western Pacific for far-seas training. Could you give us more details?",
        "Zhang Xiaogang: The training of the Fujian carrier group in the Western Pacific is a routine arrangement within the annual plan, not targeted at any country.",
    ];

    fn doc(paragraphs: &[&str]) -> Parsed {
        Parsed {
            title: "Spokesperson answers questions".into(),
            body: paragraphs.join("\n\n"),
            lang: Some(Lang::En),
            ..Parsed::default()
        }
    }

    #[test]
    fn a_text_given_in_both_languages_is_an_original_and_its_translation() {
        for order in [[ZH, EN].concat(), [EN, ZH].concat()] {
            let mut d = doc(&order);
            split(&mut d);
            assert_eq!(d.body, ZH.join("\n\n"));
            assert_eq!(d.lang, Some(Lang::Zh));
            let t = d.translation.expect("translation");
            assert_eq!((t.lang, t.body), (Some(Lang::En), EN.join("\n\n")));
            assert_eq!(d.title, "Spokesperson answers questions");
        }
    }

    #[test]
    fn a_second_half_that_opens_with_its_headline_gives_the_other_title() {
        let mut d = doc(&[&EN[..], &["福建舰赴西太平洋训练"], &ZH[..]].concat());
        split(&mut d);
        assert_eq!(d.body, ZH.join("\n\n"));
        assert_eq!(d.title, "福建舰赴西太平洋训练");
        let t = d.translation.expect("translation");
        assert_eq!(t.title, "Spokesperson answers questions");
        assert_eq!(t.body, EN.join("\n\n"));
    }

    #[test]
    fn a_date_line_only_one_half_gives_stays_with_its_half() {
        let zh_dated = [&["2025年6月26日"], &ZH[..]].concat();
        let mut d = doc(&[&zh_dated[..], &EN[..]].concat());
        split(&mut d);
        assert_eq!(d.body, zh_dated.join("\n\n"));
        let t = d.translation.expect("translation");
        assert_eq!(t.body, EN.join("\n\n"));

        let en_dated = [&EN[..], &["June 26, 2025"]].concat();
        let mut d = doc(&[&ZH[..], &en_dated[..]].concat());
        split(&mut d);
        assert_eq!(d.body, ZH.join("\n\n"));
        assert_eq!(
            d.translation.expect("translation").body,
            en_dated.join("\n\n")
        );
    }

    #[test]
    fn other_texts_are_left_alone() {
        let cases: Vec<Vec<&str>> = vec![
            // Languages alternate: a glossed text, not two halves.
            vec![ZH[0], EN[0], ZH[1], EN[1]],
            // Uneven halves.
            vec![ZH[0], ZH[1], EN[0]],
            // Uneven even with a short line aside.
            vec!["2025年6月26日", ZH[0], ZH[1], EN[0]],
            // One language.
            vec![EN[0], EN[1]],
            // An English summary far shorter than its Chinese article.
            vec![ZH[1], "Fujian trains."],
        ];
        for paragraphs in cases {
            let mut d = doc(&paragraphs);
            split(&mut d);
            assert!(d.translation.is_none(), "{paragraphs:?}");
            assert_eq!(d.body, paragraphs.join("\n\n"));
            assert_eq!(d.lang, Some(Lang::En));
        }
    }
}
