//! British spellings read as American ones (`data/spelling.toml`): `defence` is indexed and
//! searched as `defense`, `grey` as `gray`, `-isation` as `-ization`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The table shipped with milpress.
const BUILTIN: &str = include_str!("../../data/spelling.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    words: HashMap<String, String>,
}

static WORDS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    toml::from_str::<Table>(BUILTIN)
        .expect("the embedded data/spelling.toml parses")
        .words
});

/// The American spelling of the lowercase word `word`, when it is a British one it knows.
pub fn american(word: &str) -> Option<std::borrow::Cow<'static, str>> {
    if let Some(american) = WORDS.get(word) {
        return Some(american.as_str().into());
    }
    for (british, american) in [("isation", "ization"), ("isations", "izations")] {
        if let Some(root) = word.strip_suffix(british).filter(|r| r.len() >= 3) {
            return Some(format!("{root}{american}").into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_spellings_read_as_american() {
        assert_eq!(american("defence").as_deref(), Some("defense"));
        assert_eq!(american("grey").as_deref(), Some("gray"));
        assert_eq!(american("modernisation").as_deref(), Some("modernization"));
        assert_eq!(american("organisations").as_deref(), Some("organizations"));
        assert_eq!(american("defense"), None);
        assert_eq!(american("exercise"), None);
        assert_eq!(american("promise"), None);
    }
}
