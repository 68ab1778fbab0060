//! Character folding applied before tokenization: compatibility forms (full-width Latin
//! letters and digits, ideographic space, ligatures) become their plain forms (NFKC), so that a
//! query typed either way finds the text.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Whether a character is Han: the reference layer holds the one definition.
pub use crate::reference::script::is_han;

/// Calls `f` with each folded character of `c` (usually exactly one).
#[inline]
pub fn fold_char(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() || is_han(c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        // Already NFKC-stable (ASCII, Han, and most punctuation of Chinese text such as `。`
        // and `“`): skip the normalizer, a large cost per character, on the hot path.
        f(c);
        return;
    }
    for folded in std::iter::once(c).nfkc() {
        f(folded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            fold_char(c, |f| out.push(f));
        }
        out
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(fold("Ｊ－２０　歼－２０"), "J-20 歼-20");
        assert_eq!(fold("ﬁre"), "fire");
        assert_eq!(fold("㍿"), "株式会社");
    }

    #[test]
    fn stable_characters_pass_unchanged() {
        let text = "。“台独”，、《》—— café Москва e\u{301} 🚀";
        assert_eq!(fold(text), text.replace('，', ","));
    }

    #[test]
    fn han_is_recognised() {
        assert!(is_han('香'));
        assert!(is_han('〇'));
        assert!(!is_han('，'));
        assert!(!is_han('A'));
    }
}
