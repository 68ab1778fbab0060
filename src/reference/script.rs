//! Which script a character belongs to, as far as milpress cares: Han or not. It sits with the
//! reference data because every layer above (the roster, the analyzer, the extractors, the
//! glossary) asks the same question and must agree on the answer.

/// Whether `c` is a Han ideograph: the CJK unified ideographs, extension A, extensions B-F,
/// the compatibility block, and `〇`.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3007}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_and_not_han() {
        for c in ['香', '〇', '國', '\u{20000}'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['，', 'A', 'ａ', '　', 'ー'] {
            assert!(!is_han(c), "{c}");
        }
    }
}
