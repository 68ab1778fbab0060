//! The optional `milpress.toml` at a corpus root (or given with `--config`): which JSON keys
//! and CSV columns hold which field, defaults (source, language, kind) for files matching a
//! glob, the format of files whose extension does not tell it (a `.txt` headline list), how
//! to split line-oriented files, and the theme lexicon.
//!
//! Unknown keys are rejected so that a typo (`titel = ...`) is reported instead of silently
//! doing nothing. Everything is validated when the file is read; [`Config::rules_for`] cannot
//! fail. Reading the file as written and checking each `[[files]]` entry is `raw.rs`'s part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::document::{Fnv1a, Kind, Lang};
use crate::ingest::format::{FieldMap, Format};

mod raw;

pub use raw::EntryError;
use raw::{FileEntry, RawConfig};

/// The name of the configuration file at a corpus root.
pub const FILE_NAME: &str = "milpress.toml";

/// The settings that apply to one file: defaults for fields the file leaves empty, and the
/// key names to read.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileRules {
    pub source: Option<String>,
    pub lang: Option<Lang>,
    pub kind: Option<Kind>,
    pub fields: FieldMap,
    /// `format = "..."`: read the file as this format whatever its extension says.
    pub format: Option<Format>,
    /// `separator = "..."`: the column separator of a `lines` file (any string, e.g. `_!_`)
    /// or of a CSV/TSV file (one ASCII character), instead of the format's default.
    pub separator: Option<String>,
    /// Which columns of a `lines` file hold what.
    pub lines: LineRules,
}

/// Columns of a line-oriented headline list (`format = "lines"`), 1-based; `None` where the
/// configuration does not say.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineRules {
    /// The headline (default: column 1, or the whole line without a separator).
    pub title_column: Option<usize>,
    /// The record's own id, used in the document id (`file.txt#id`).
    pub id_column: Option<usize>,
    /// A category column whose values go through [`LineRules::theme_map`].
    pub theme_column: Option<usize>,
    /// A publication date in any form `extract::date::parse_loose` reads.
    pub date_column: Option<usize>,
    /// The publisher (`Xinhua`, `环球时报`), read like a `source` field.
    pub source_column: Option<usize>,
    /// Category value → theme slug; values not listed give no theme.
    pub theme_map: BTreeMap<String, String>,
}

impl LineRules {
    /// The headline column, 1 unless configured.
    pub fn title_column(&self) -> usize {
        self.title_column.unwrap_or(1)
    }
}

/// Why `milpress.toml` could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has an unknown key or a value of the wrong type.
    #[error("{}{}", at(path), source.to_string().trim_end())]
    Syntax {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        #[source]
        source: toml::de::Error,
    },
    /// A `[[files]]` entry has a bad glob, lang, kind, format, separator or column.
    #[error("{}[[files]] entry {number} ({pattern:?}): {source}", at(path))]
    Entry {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// 1-based position of the entry in the file.
        number: usize,
        pattern: String,
        #[source]
        source: EntryError,
    },
}

/// `path: ` in front of a message, when there is a path.
fn at(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

impl ConfigError {
    /// The same error without the file's name, for a report that names the file already.
    pub fn without_path(self) -> ConfigError {
        match self {
            ConfigError::Syntax { source, .. } => ConfigError::Syntax { path: None, source },
            ConfigError::Entry {
                number,
                pattern,
                source,
                ..
            } => ConfigError::Entry {
                path: None,
                number,
                pattern,
                source,
            },
            other => other,
        }
    }

    /// The same error, naming the file it came from.
    fn in_file(self, file: &Path) -> ConfigError {
        match self {
            ConfigError::Syntax { source, .. } => ConfigError::Syntax {
                path: Some(file.to_path_buf()),
                source,
            },
            ConfigError::Entry {
                number,
                pattern,
                source,
                ..
            } => ConfigError::Entry {
                path: Some(file.to_path_buf()),
                number,
                pattern,
                source,
            },
            read @ ConfigError::Read { .. } => read,
        }
    }
}

/// The contents of `milpress.toml`, validated.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Built-in names with the corpus-wide `[fields]` in front.
    fields: FieldMap,
    themes: BTreeMap<String, Vec<String>>,
    files: Vec<FileEntry>,
    /// A hash of the text the settings came from (0 for the defaults): when it changes, every
    /// file is read again.
    fingerprint: u64,
    /// What is wrong with the `[[files]]` entries left out; the others apply.
    bad_entries: Vec<String>,
}

impl Config {
    /// Reads `<root>/milpress.toml`; `Ok(Config::default())` when it does not exist.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(FILE_NAME);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            _ => Config::load_file(&path),
        }
    }

    /// Reads a `milpress.toml` at any path (`--config FILE`, for a corpus that cannot hold
    /// one). Unlike [`Config::load`], a missing file is an error: the user named it.
    pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse_keeping_good_entries(&text).map_err(|e| e.in_file(path))
    }

    /// What is wrong with each `[[files]]` entry left out (an unknown format, a bad pattern):
    /// one bad entry does not cost the others.
    pub fn bad_entries(&self) -> &[String] {
        &self.bad_entries
    }

    /// Parses the text of a `milpress.toml`; any bad entry is an error.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let (config, bad) = Config::parse_entries(text)?;
        match bad.into_iter().next() {
            Some(err) => Err(err),
            None => Ok(config),
        }
    }

    /// Parses the text of a `milpress.toml`, leaving out the `[[files]]` entries that cannot be
    /// used ([`Config::bad_entries`]). Text that is not valid TOML, or not the settings' shape,
    /// is an error.
    pub fn parse_keeping_good_entries(text: &str) -> Result<Config, ConfigError> {
        let (mut config, bad) = Config::parse_entries(text)?;
        config.bad_entries = bad.iter().map(ToString::to_string).collect();
        Ok(config)
    }

    /// The settings of `text`, and the errors of the entries left out.
    fn parse_entries(text: &str) -> Result<(Config, Vec<ConfigError>), ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig =
            toml::from_str(text).map_err(|source| ConfigError::Syntax { path: None, source })?;

        let mut fields = FieldMap::default();
        for (field, names) in raw.fields {
            fields.prefer(field, &names.into_vec());
        }
        let themes = raw
            .themes
            .into_iter()
            .map(|(slug, words)| (slug.trim().to_string(), words.into_vec()))
            .collect();
        let mut files = Vec::new();
        let mut bad_entries = Vec::new();
        for (i, entry) in raw.files.into_iter().enumerate() {
            let pattern = entry.pattern.clone();
            match entry.validate() {
                Ok(entry) => files.push(entry),
                Err(source) => bad_entries.push(ConfigError::Entry {
                    path: None,
                    number: i + 1,
                    pattern,
                    source,
                }),
            }
        }
        let config = Config {
            fields,
            themes,
            files,
            fingerprint: Fnv1a::hash(text.as_bytes()),
            bad_entries: Vec::new(),
        };
        Ok((config, bad_entries))
    }

    /// The merged rules for a path relative to the root (`/`-separated): every `[[files]]`
    /// entry whose glob matches applies, later entries overriding earlier ones.
    pub fn rules_for(&self, rel_path: &str) -> FileRules {
        let path = rel_path.trim_start_matches("./").trim_start_matches('/');
        let mut rules = FileRules {
            fields: self.fields.clone(),
            ..FileRules::default()
        };
        for entry in self.files.iter().filter(|e| e.matcher.is_match(path)) {
            rules.source = entry.source.clone().or(rules.source);
            rules.lang = entry.lang.or(rules.lang);
            rules.kind = entry.kind.or(rules.kind);
            for (field, names) in &entry.fields {
                rules.fields.prefer(*field, names);
            }
            rules.format = entry.format.or(rules.format);
            rules.separator = entry.separator.clone().or(rules.separator);
            let lines = &mut rules.lines;
            lines.title_column = entry.lines.title_column.or(lines.title_column);
            lines.id_column = entry.lines.id_column.or(lines.id_column);
            lines.theme_column = entry.lines.theme_column.or(lines.theme_column);
            lines.date_column = entry.lines.date_column.or(lines.date_column);
            lines.source_column = entry.lines.source_column.or(lines.source_column);
            lines.theme_map.extend(entry.lines.theme_map.clone());
        }
        rules
    }

    /// The format declared for a path, if any: what [`Config::rules_for`] would say, without
    /// building the rest of the rules (the walk asks this of every file).
    pub fn format_for(&self, rel_path: &str) -> Option<Format> {
        let path = rel_path.trim_start_matches("./").trim_start_matches('/');
        self.files
            .iter()
            .rev()
            .filter(|e| e.format.is_some())
            .find(|e| e.matcher.is_match(path))
            .and_then(|e| e.format)
    }

    /// A hash of the settings' text (0 for the defaults), so an index can tell when they change.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The `[themes]` table: slug -> keywords (overrides the built-in theme lexicon).
    pub fn themes(&self) -> &BTreeMap<String, Vec<String>> {
        &self.themes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::format::Field;

    const FULL: &str = r#"
[fields]
title = ["headline_cn", "head"]
date = "when"

[themes]
humanitarian = ["hospital ship", "和平方舟"]
peacekeeping = "blue helmets"

[[files]]
pattern = "feeds/*.jsonl"
source = "Ministry of Foreign Affairs"
lang = "zh"
kind = "release"
[files.fields]
title = "headline_cn2"
speakers = "who"

[[files]]
pattern = "feeds/mnd-*.jsonl"
source = "Ministry of National Defense"

[[files]]
pattern = "*.md"
lang = "en"
"#;

    fn names(rules: &FileRules, field: Field) -> Vec<&str> {
        rules
            .fields
            .names(field)
            .iter()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn rules_merge_in_order() {
        let config = Config::parse(FULL).unwrap();

        let rules = config.rules_for("feeds/mnd-2026.jsonl");
        assert_eq!(
            rules.source.as_deref(),
            Some("Ministry of National Defense")
        );
        assert_eq!(rules.lang, Some(Lang::Zh));
        assert_eq!(rules.kind, Some(Kind::Release));
        assert_eq!(
            names(&rules, Field::Title)[..4],
            ["headline_cn2", "headline_cn", "head", "title"]
        );
        assert_eq!(names(&rules, Field::Speakers)[..2], ["who", "speakers"]);
        assert_eq!(names(&rules, Field::Date)[..2], ["when", "date"]);

        let rules = config.rules_for("feeds/mfa.jsonl");
        assert_eq!(rules.source.as_deref(), Some("Ministry of Foreign Affairs"));

        // `*` does not cross directories.
        let rules = config.rules_for("feeds/old/mfa.jsonl");
        assert_eq!(rules.source, None);
        assert_eq!(names(&rules, Field::Title)[0], "headline_cn");

        // A pattern without `/` matches at any depth.
        assert_eq!(config.rules_for("a/b/note.md").lang, Some(Lang::En));
        assert_eq!(config.rules_for("./note.md").lang, Some(Lang::En));
        assert_eq!(config.rules_for("note.txt").lang, None);
    }

    #[test]
    fn themes_accept_string_or_list() {
        let config = Config::parse(FULL).unwrap();
        assert_eq!(
            config.themes()["humanitarian"],
            ["hospital ship", "和平方舟"]
        );
        assert_eq!(config.themes()["peacekeeping"], ["blue helmets"]);
    }

    #[test]
    fn empty_config_is_default() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.rules_for("x.json"), FileRules::default());
        assert!(config.themes().is_empty());
    }

    #[test]
    fn errors_name_the_problem() {
        const CASES: &[(&str, &str)] = &[
            ("titel = 1", "unknown field `titel`"),
            ("[fields]\ntitel = \"x\"", "unknown variant `titel`"),
            ("[fields]\ntitle = 3", "a string or a list of strings"),
            (
                "[[files]]\npattern = \"a/*\"\nlang = \"fr\"",
                "unknown lang \"fr\"",
            ),
            (
                "[[files]]\npattern = \"a/*\"\nkind = \"blog\"",
                "unknown kind \"blog\"",
            ),
            ("[[files]]\npattern = \"a/[\"", "entry 1"),
            ("[[files]]\nsource = \"x\"", "missing field `pattern`"),
            (
                "[[files]]\npattern = \"x\"\nsorce = \"y\"",
                "unknown field `sorce`",
            ),
            ("[fields", "TOML parse error"),
            (
                "[[files]]\npattern = \"x\"\nformat = \"pdf\"",
                "unknown format \"pdf\" (use text, markdown, json, jsonl, html, mhtml, email, csv, tsv, feed, lines)",
            ),
            (
                "[[files]]\npattern = \"x\"\ntitle_column = 0",
                "title_column = 0: columns count from 1",
            ),
            (
                "[[files]]\npattern = \"x\"\ndate_column = -2",
                "date_column = -2: columns count from 1",
            ),
            (
                "[[files]]\npattern = \"x\"\nseparator = \"\"",
                "separator must not be empty",
            ),
            (
                "[[files]]\npattern = \"x\"\n[files.theme_map]\na = 1",
                "invalid type",
            ),
        ];
        for (text, expected) in CASES {
            let err = Config::parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn one_bad_entry_does_not_cost_the_others() {
        const TOML: &str = "[[files]]\npattern = \"*.dat\"\nformat = \"text\"\n\n\
            [[files]]\npattern = \"*.xml\"\nformat = \"pdf\"\n";
        let config = Config::parse_keeping_good_entries(TOML).unwrap();
        assert_eq!(config.rules_for("a.dat").format, Some(Format::Text));
        let bad = config.bad_entries();
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0].contains("entry 2") && bad[0].contains("unknown format \"pdf\""),
            "{bad:?}"
        );
        assert!(
            Config::parse(TOML).is_err(),
            "strict parsing still refuses it"
        );
    }

    #[test]
    fn errors_keep_their_cause() {
        let syntax = Config::parse("[fields").unwrap_err();
        assert!(matches!(syntax, ConfigError::Syntax { .. }), "{syntax:?}");
        let entry = Config::parse("[[files]]\npattern = \"a/[\"\n").unwrap_err();
        assert!(
            matches!(
                entry,
                ConfigError::Entry {
                    number: 1,
                    source: EntryError::Pattern { .. },
                    ..
                }
            ),
            "{entry:?}"
        );
        for err in [syntax, entry] {
            assert!(std::error::Error::source(&err).is_some(), "{err}");
        }
    }

    const LINES: &str = r#"
[[files]]
pattern = "headlines/*.txt"
format = "lines"
separator = "_!_"
title_column = 4
id_column = 1
theme_column = 3
[files.theme_map]
news_military = "military_diplomacy"
news_world = "foreign_affairs"

[[files]]
pattern = "headlines/toutiao-*.txt"
date_column = 5
[files.theme_map]
news_world = ""
news_tech = "science_technology"

[[files]]
pattern = "tables/*.txt"
format = "TSV"
"#;

    #[test]
    fn the_format_alone_agrees_with_the_full_rules() {
        let config = Config::parse(LINES).unwrap();
        for path in [
            "headlines/toutiao-2018.txt",
            "./headlines/a.txt",
            "tables/x.txt",
            "tables/deeper/x.txt",
            "notes/a.md",
        ] {
            assert_eq!(
                config.format_for(path),
                config.rules_for(path).format,
                "{path}"
            );
        }
        assert_eq!(config.format_for("tables/x.txt"), Some(Format::Tsv));
    }

    #[test]
    fn format_separator_and_line_columns() {
        let config = Config::parse(LINES).unwrap();
        let rules = config.rules_for("headlines/toutiao-2018.txt");
        assert_eq!(rules.format, Some(Format::Lines));
        assert_eq!(rules.separator.as_deref(), Some("_!_"));
        let expected = LineRules {
            title_column: Some(4),
            id_column: Some(1),
            theme_column: Some(3),
            date_column: Some(5),
            source_column: None,
            theme_map: [
                ("news_military", "military_diplomacy"),
                ("news_tech", "science_technology"),
                // An empty slug in a later entry does not unmap a value.
                ("news_world", "foreign_affairs"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        assert_eq!(rules.lines, expected);

        let rules = config.rules_for("headlines/other.txt");
        assert_eq!(rules.lines.date_column, None);
        assert_eq!(rules.lines.title_column(), 4);
        assert_eq!(config.rules_for("tables/a.txt").format, Some(Format::Tsv));
        assert_eq!(config.rules_for("a.txt").format, None);
        assert_eq!(config.rules_for("a.txt").lines.title_column(), 1);
    }

    #[test]
    fn load_file_reads_any_path_and_requires_it() {
        let dir = std::env::temp_dir().join(format!("milpress-config-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("corpus-settings.toml");
        let _ = std::fs::remove_file(&file);
        let err = Config::load_file(&file).unwrap_err();
        assert!(matches!(err, ConfigError::Read { .. }), "{err}");
        assert!(err.to_string().contains("corpus-settings.toml"), "{err}");

        std::fs::write(&file, LINES).unwrap();
        let config = Config::load_file(&file).unwrap();
        assert_eq!(
            config.rules_for("headlines/x.txt").format,
            Some(Format::Lines)
        );

        // A bad entry is left out and named; the file still loads.
        std::fs::write(&file, "[[files]]\npattern = \"x\"\nformat = \"doc\"\n").unwrap();
        let config = Config::load_file(&file).unwrap();
        assert!(
            config.bad_entries()[0].contains("unknown format"),
            "{:?}",
            config.bad_entries()
        );
        std::fs::write(&file, "[[files]\n").unwrap();
        let err = Config::load_file(&file).unwrap_err().to_string();
        assert!(err.starts_with(&file.display().to_string()), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_reports_the_path_and_tolerates_absence() {
        let dir = std::env::temp_dir().join(format!("milpress-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(FILE_NAME);
        let _ = std::fs::remove_file(&file);
        assert!(Config::load(&dir).unwrap().themes().is_empty());

        std::fs::write(&file, "[themes]\nnaval = [\"frigate\"]\n").unwrap();
        assert_eq!(Config::load(&dir).unwrap().themes()["naval"], ["frigate"]);

        std::fs::write(&file, "oops = 1\n").unwrap();
        let err = Config::load(&dir).unwrap_err().to_string();
        assert!(err.starts_with(&file.display().to_string()), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
