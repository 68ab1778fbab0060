//! `milpress.toml` as written, and the checks that turn a `[[files]]` entry into a
//! validated [`FileEntry`]; [`super::Config::parse`] is the only caller.

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;

use super::LineRules;
use crate::document::{Kind, Lang};
use crate::ingest::format::{Field, Format};

/// What is wrong with one `[[files]]` entry.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    #[error("unknown lang {0:?} (use en, zh or mixed)")]
    UnknownLang(String),
    #[error("unknown kind {0:?} (use release or headline)")]
    UnknownKind(String),
    #[error("unknown format {name:?} (use {known})")]
    UnknownFormat { name: String, known: String },
    /// An empty separator would split a line into single characters: surely a mistake.
    #[error("separator must not be empty")]
    EmptySeparator,
    #[error("{column} = {value}: columns count from 1")]
    ColumnFromOne { column: &'static str, value: i64 },
    #[error("{column} = {value} is too large")]
    ColumnTooLarge { column: &'static str, value: i64 },
    #[error("{source}")]
    Pattern {
        #[source]
        source: globset::Error,
    },
}

/// One validated `[[files]]` entry.
#[derive(Debug, Clone)]
pub(super) struct FileEntry {
    pub(super) matcher: GlobMatcher,
    pub(super) source: Option<String>,
    pub(super) lang: Option<Lang>,
    pub(super) kind: Option<Kind>,
    pub(super) fields: Vec<(Field, Vec<String>)>,
    pub(super) format: Option<Format>,
    pub(super) separator: Option<String>,
    pub(super) lines: LineRules,
}

/// `milpress.toml` as written; [`Config::parse`] validates it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub(super) fields: BTreeMap<Field, Names>,
    #[serde(default)]
    pub(super) themes: BTreeMap<String, Names>,
    #[serde(default)]
    pub(super) files: Vec<RawFileEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFileEntry {
    pub(super) pattern: String,
    source: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    fields: BTreeMap<Field, Names>,
    format: Option<String>,
    separator: Option<String>,
    title_column: Option<i64>,
    id_column: Option<i64>,
    theme_column: Option<i64>,
    date_column: Option<i64>,
    source_column: Option<i64>,
    #[serde(default)]
    theme_map: BTreeMap<String, String>,
}

impl RawFileEntry {
    pub(super) fn validate(self) -> Result<FileEntry, EntryError> {
        let lang = match &self.lang {
            None => None,
            Some(s) => Some(Lang::parse(s).ok_or_else(|| EntryError::UnknownLang(s.clone()))?),
        };
        let kind = match &self.kind {
            None => None,
            Some(s) => Some(Kind::parse(s).ok_or_else(|| EntryError::UnknownKind(s.clone()))?),
        };
        let format = match &self.format {
            None => None,
            Some(s) => Some(Format::from_name(s).ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                EntryError::UnknownFormat {
                    name: s.clone(),
                    known: names.join(", "),
                }
            })?),
        };
        if self.separator.as_deref() == Some("") {
            return Err(EntryError::EmptySeparator);
        }
        let column = |column: &'static str, value: Option<i64>| match value {
            None => Ok(None),
            Some(n) if n >= 1 => usize::try_from(n)
                .map(Some)
                .map_err(|_| EntryError::ColumnTooLarge { column, value: n }),
            Some(n) => Err(EntryError::ColumnFromOne { column, value: n }),
        };
        let lines = LineRules {
            title_column: column("title_column", self.title_column)?,
            id_column: column("id_column", self.id_column)?,
            theme_column: column("theme_column", self.theme_column)?,
            date_column: column("date_column", self.date_column)?,
            source_column: column("source_column", self.source_column)?,
            theme_map: self
                .theme_map
                .into_iter()
                .map(|(value, slug)| (value.trim().to_string(), slug.trim().to_string()))
                .filter(|(_, slug)| !slug.is_empty())
                .collect(),
        };
        Ok(FileEntry {
            matcher: matcher(&self.pattern).map_err(|source| EntryError::Pattern { source })?,
            source: self
                .source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            lang,
            kind,
            fields: self
                .fields
                .into_iter()
                .map(|(field, names)| (field, names.into_vec()))
                .collect(),
            format,
            separator: self.separator,
            lines,
        })
    }
}

/// Compiles a `[[files]]` pattern with gitignore-like conventions: `*` stops at `/`, `**`
/// crosses directories, a pattern without `/` matches a file name at any depth, and a
/// trailing `/` means everything under that directory.
fn matcher(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    let pattern = pattern
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/');
    let pattern = if pattern.ends_with('/') {
        format!("{pattern}**")
    } else if pattern.contains('/') {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    let glob = GlobBuilder::new(&pattern).literal_separator(true).build()?;
    Ok(glob.compile_matcher())
}

/// A string or a list of strings.
#[derive(Deserialize)]
#[serde(untagged, expecting = "expected a string or a list of strings")]
pub(super) enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    pub(super) fn into_vec(self) -> Vec<String> {
        let list = match self {
            Names::One(s) => vec![s],
            Names::Many(list) => list,
        };
        list.into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}
