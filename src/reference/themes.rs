//! The theme lexicon's data (`data/themes.toml`): for each theme slug, its display names and
//! aliases and its keywords in both languages, parsed once into [`themes`].
//!
//! Only the file → typed data step lives here; matching keywords in a text (Aho-Corasick,
//! scores, thresholds) is the job of `extract/themes.rs`. One [`ThemeEntry`] per theme, so
//! that per-theme data (display names, say) is one more field.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The lexicon shipped with milpress.
const BUILTIN: &str = include_str!("../../data/themes.toml");

static THEMES: LazyLock<Vec<ThemeEntry>> =
    LazyLock::new(|| parse(BUILTIN).expect("the embedded data/themes.toml parses"));

/// The themes of `data/themes.toml`, sorted by slug, parsed on first use.
pub fn themes() -> &'static [ThemeEntry] {
    &THEMES
}

/// One theme as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeEntry {
    /// The table name (`south_china_sea`), as written.
    pub slug: String,
    /// The English display name (`South China Sea`).
    pub name: Option<String>,
    /// The Chinese display name (`南海`).
    pub name_zh: Option<String>,
    /// Other labels analysts use for the theme.
    pub aliases: Vec<String>,
    /// Keywords specific to the theme.
    pub strong: Vec<String>,
    /// Keywords typical of the theme but shared with others.
    pub keywords: Vec<String>,
    /// Scales the score a text needs (1 unless the file says otherwise).
    pub threshold: f64,
    /// Terms one of which a text must hold to have the theme at all (China for the theme of
    /// China-US military relations); empty for most themes.
    pub needs: Vec<String>,
    /// Longer terms that hold one of the theme's keywords without being about the theme
    /// (`导弹驱逐舰`, a destroyer, holds `导弹`): a keyword inside one of them does not count.
    pub except: Vec<String>,
}

/// A theme table as written.
#[derive(Deserialize)]
struct RawTheme {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default = "one")]
    threshold: f64,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
}

fn one() -> f64 {
    1.0
}

/// Parses a lexicon in the format of `data/themes.toml` (one table per slug with `aliases`,
/// `strong` and `keywords` lists and an optional `threshold`), sorted by slug.
pub fn parse(text: &str) -> Result<Vec<ThemeEntry>, toml::de::Error> {
    let file: BTreeMap<String, RawTheme> = toml::from_str(text)?;
    Ok(file
        .into_iter()
        .map(|(slug, raw)| ThemeEntry {
            slug,
            name: raw.name,
            name_zh: raw.name_zh,
            aliases: raw.aliases,
            strong: raw.strong,
            keywords: raw.keywords,
            threshold: raw.threshold,
            needs: raw.needs,
            except: raw.except,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_have_keywords() {
        let themes = themes();
        assert!(themes.len() >= 10);
        assert!(themes.windows(2).all(|w| w[0].slug < w[1].slug));
        for theme in themes {
            assert!(!theme.strong.is_empty(), "{}", theme.slug);
            assert!(theme.threshold > 0.0, "{}", theme.slug);
        }
        let taiwan = themes.iter().find(|t| t.slug == "taiwan").unwrap();
        assert_eq!(taiwan.threshold, 0.5);
        assert!(taiwan.aliases.iter().any(|a| a == "台海"));
        let scs = themes.iter().find(|t| t.slug == "south_china_sea").unwrap();
        assert_eq!(
            (scs.name.as_deref(), scs.name_zh.as_deref()),
            (Some("South China Sea"), Some("南海"))
        );
        assert!(themes
            .iter()
            .all(|t| t.name.is_some() && t.name_zh.is_some()));
    }

    #[test]
    fn defaults_and_errors() {
        let parsed = parse("[b]\nstrong = [\"x\"]\n[a]\n").unwrap();
        assert_eq!(parsed[0].slug, "a");
        assert_eq!(parsed[0].threshold, 1.0);
        assert!(parsed[0].strong.is_empty());
        assert_eq!(parsed[1].strong, ["x"]);
        assert!(parse("[a]\nstrong = 3\n").is_err());
    }
}
