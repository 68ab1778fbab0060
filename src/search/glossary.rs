//! The bilingual glossary (`data/glossary.toml`, plus the speaker roster): the ways one thing is
//! written in English and Chinese, so a query in one language also finds documents in the other.
//! Terms are compared in normalised form (case, stemming, full-width and traditional characters
//! folded), without segmenting Chinese, so looking a query up never loads jieba.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::{analyze, Mode};
use crate::extract::speakers::Roster;

const BUILTIN: &str = include_str!("../../data/glossary.toml");

/// Names an extra glossary file, in the format of `data/glossary.toml`, added to the built-in one.
pub const GLOSSARY_ENV: &str = "MILPRESS_GLOSSARY";

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| {
    let mut glossary = Glossary::from_toml(BUILTIN, &Roster::builtin())
        .expect("the built-in data/glossary.toml parses");
    if let Some(path) = std::env::var_os(GLOSSARY_ENV) {
        let extra = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| glossary.add_toml(&text));
        if let Err(err) = extra {
            // Searching still works with the built-in glossary; say why the terms are not there.
            eprintln!("milpress: {GLOSSARY_ENV}={}: {err}", path.to_string_lossy());
        }
    }
    glossary
});

/// Every way of writing each known term.
#[derive(Debug, Default)]
pub struct Glossary {
    /// Each entry's variants, usual forms first.
    entries: Vec<Vec<String>>,
    /// Normalised variant → the entries it belongs to.
    by_key: HashMap<String, Vec<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
}

impl Glossary {
    /// The shipped glossary, with every roster name paired with its Chinese form.
    pub fn builtin() -> &'static Glossary {
        &GLOSSARY
    }

    /// Reads a glossary file and adds the roster's names.
    pub fn from_toml(text: &str, roster: &Roster) -> Result<Glossary, String> {
        let mut glossary = Glossary::default();
        glossary.add_toml(text)?;
        for person in roster.people() {
            if !person.name_zh.is_empty() {
                glossary.add(vec![person.name.clone(), person.name_zh.clone()]);
            }
        }
        Ok(glossary)
    }

    /// Adds the terms of a glossary file.
    pub fn add_toml(&mut self, text: &str) -> Result<(), String> {
        let file: GlossaryFile = toml::from_str(text).map_err(|e| e.to_string())?;
        for term in file.term {
            self.add(term.en.into_iter().chain(term.zh).collect());
        }
        Ok(())
    }

    fn add(&mut self, variants: Vec<String>) {
        let variants: Vec<String> = variants
            .into_iter()
            .filter(|v| !key(v).is_empty())
            .collect();
        if variants.len() < 2 {
            return;
        }
        let entry = self.entries.len();
        for variant in &variants {
            self.by_key.entry(key(variant)).or_default().push(entry);
        }
        self.entries.push(variants);
    }

    /// The other ways of writing `text` (empty when the glossary does not know it), usual forms
    /// first, each normalised form once.
    pub fn alternatives(&self, text: &str) -> Vec<&str> {
        let own = key(text);
        let Some(entries) = self.by_key.get(&own) else {
            return Vec::new();
        };
        let han = |s: &str| s.chars().any(crate::analysis::fold::is_han);
        let query_han = han(&own);
        let mut seen = vec![own];
        let mut out = Vec::new();
        for &entry in entries {
            for variant in &self.entries[entry] {
                let k = key(variant);
                if !seen.contains(&k) {
                    seen.push(k);
                    out.push(variant.as_str());
                }
            }
        }
        // The other language first: that is what the user could not have typed.
        out.sort_by_key(|v| han(v) == query_han);
        out
    }
}

/// The normalised form two spellings of a term share.
fn key(text: &str) -> String {
    let mut parts = Vec::new();
    analyze(text, Mode::Whole, |t| parts.push(t.text));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_map_across_languages() {
        let g = Glossary::builtin();
        assert_eq!(g.alternatives("Xiangshan Forum")[0], "香山论坛");
        assert!(
            g.alternatives("xiangshan forums").contains(&"香山论坛"),
            "case and plural"
        );
        assert!(g.alternatives("南海").contains(&"South China Sea"));
        assert!(
            g.alternatives("臺獨").contains(&"Taiwan independence"),
            "traditional folds"
        );
        assert!(
            g.alternatives("蒋斌").contains(&"Jiang Bin"),
            "the roster is part of it"
        );
        assert!(g.alternatives("forum").is_empty());
    }

    #[test]
    fn a_bad_file_is_explained() {
        let err = Glossary::from_toml("[[term]]\nfr = [\"x\"]\n", &Roster::builtin()).unwrap_err();
        assert!(err.contains("fr"), "{err}");
    }
}
