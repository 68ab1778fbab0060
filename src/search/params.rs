//! Search options as text, the way the command line and the HTTP API receive them, and the one
//! place they are checked and turned into a [`Request`]: `search` and `serve` accept exactly the
//! same values and refuse the same mistakes with the same words.

use crate::document::{Date, Kind, Lang};
use crate::error::{Error, Result};

use super::{parse_years, Filters, Request, Sort};

/// Unchecked search options. Names follow the CLI's flags and the API's parameters.
#[derive(Clone, Debug)]
pub struct Params {
    pub query: String,
    pub any: bool,
    pub exact: bool,
    /// Words within this many of each other (a sloppy phrase over the query as typed).
    pub near: Option<u32>,
    pub year: Option<i32>,
    /// `2020..2024`, either end open.
    pub years: Option<String>,
    /// `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub speakers: Vec<String>,
    pub themes: Vec<String>,
    pub lang: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// `relevance`, `date` (oldest first) or `-date` (newest first).
    pub sort: String,
    pub snippet: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            query: String::new(),
            any: false,
            exact: false,
            near: None,
            year: None,
            years: None,
            from: None,
            to: None,
            speakers: Vec::new(),
            themes: Vec::new(),
            lang: None,
            source: None,
            kind: None,
            limit: 10,
            offset: 0,
            sort: "relevance".into(),
            snippet: 160,
        }
    }
}

impl Params {
    /// The validated request. An error names the option (`lang`, `sort`...) and the value.
    pub fn to_request(&self) -> Result<Request> {
        let bad = |message: String| Error::Query(message);
        let date = |name: &str, value: &Option<String>| -> Result<Option<Date>> {
            value
                .as_deref()
                .map(|v| {
                    Date::parse_iso(v)
                        .ok_or_else(|| bad(format!("{name} takes a date as YYYY-MM-DD, not {v:?}")))
                })
                .transpose()
        };
        if let Some(year) = self.year.filter(|y| !(1000..=9999).contains(y)) {
            return Err(bad(format!(
                "year takes all four digits (such as 2024), not {year}"
            )));
        }
        if (1..20).contains(&self.snippet) {
            return Err(bad(format!(
                "snippet takes 0 (none) or at least 20 characters, not {}",
                self.snippet
            )));
        }
        let blank = |values: &[String]| values.iter().any(|v| v.trim().is_empty());
        for (name, values) in [
            ("speaker", &self.speakers[..]),
            ("theme", &self.themes[..]),
            ("source", self.source.as_slice()),
        ] {
            if blank(values) {
                return Err(bad(format!("{name} needs a value")));
            }
        }
        let years = match (self.year, &self.years) {
            (Some(_), Some(_)) => return Err(bad("give year or years, not both".into())),
            (Some(year), None) => Some((year, year)),
            (None, Some(range)) => Some(parse_years(range)?),
            (None, None) => None,
        };
        let lang = match &self.lang {
            Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                bad(format!(
                    "unknown lang {l:?} (languages: en, zh, mixed, other)"
                ))
            })?),
            None => None,
        };
        let kind = match &self.kind {
            Some(k) => Some(
                Kind::parse(k)
                    .ok_or_else(|| bad(format!("unknown kind {k:?} (kinds: {})", Kind::names())))?,
            ),
            None => None,
        };
        let sort = parse_sort(&self.sort)?;
        let (from, to) = (date("from", &self.from)?, date("to", &self.to)?);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(bad(format!(
                    "from {from} is after to {to}: the date range runs backwards"
                )));
            }
        }
        let filters = Filters {
            years,
            from,
            to,
            speakers: self.speakers.clone(),
            themes: self.themes.clone(),
            lang,
            source: self.source.clone(),
            kind,
        };
        if self.any && self.near.is_some() {
            return Err(bad(
                "any and near ask opposite things (any word, or every word near the others): \
                 give one"
                    .into(),
            ));
        }
        let query = match self.near {
            // Proximity is a sloppy phrase over the words as typed.
            Some(n) => format!("\"{}\"~{n}", self.query.replace('"', " ")),
            None => self.query.clone(),
        };
        let mut request = Request::new(query);
        request.any = self.any;
        request.exact = self.exact;
        request.filters = filters;
        request.limit = self.limit;
        request.offset = self.offset;
        request.sort = sort;
        request.snippets = self.snippet > 0;
        request.snippet_chars = self.snippet;
        Ok(request)
    }
}

/// The order of hits: `relevance` (or `score`), `date` (oldest first) or `-date` (newest first).
pub fn parse_sort(value: &str) -> Result<Sort> {
    Ok(match value {
        "relevance" | "score" => Sort::Relevance,
        "date" | "+date" => Sort::Date,
        "-date" => Sort::DateDesc,
        other => {
            return Err(Error::Query(format!(
                "sort takes relevance, date (oldest first) or -date (newest first), not {other:?}"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_the_default_request() {
        let request = Params::default().to_request().unwrap();
        assert_eq!((request.limit, request.offset), (10, 0));
        assert_eq!(request.sort, Sort::Relevance);
        assert_eq!(request.snippet_chars, 160);
    }

    #[test]
    fn values_are_checked_and_named() {
        let with = |f: fn(&mut Params)| {
            let mut p = Params::default();
            f(&mut p);
            p.to_request()
        };
        let err = with(|p| p.lang = Some("fr".into())).unwrap_err();
        assert!(err.to_string().contains("unknown lang"), "{err}");
        let err = with(|p| p.sort = "size".into()).unwrap_err();
        assert!(err.to_string().contains("sort takes"), "{err}");
        assert!(with(|p| p.from = Some("2024-13-01".into())).is_err());
        let err = with(|p| p.year = Some(24)).unwrap_err();
        assert!(err.to_string().contains("four digits"), "{err}");
        let err = with(|p| p.snippet = 5).unwrap_err();
        assert!(err.to_string().contains("at least 20"), "{err}");
        assert!(!with(|p| p.snippet = 0).unwrap().snippets);
        let err = with(|p| p.speakers = vec!["Wu Qian".into(), " ".into()]).unwrap_err();
        assert!(err.to_string().contains("speaker needs a value"), "{err}");
        assert!(with(|p| p.source = Some(String::new())).is_err());
        assert!(with(|p| {
            p.year = Some(2024);
            p.years = Some("2020..".into());
        })
        .is_err());
        let err = with(|p| {
            p.any = true;
            p.near = Some(3);
        })
        .unwrap_err();
        assert!(err.to_string().contains("give one"), "{err}");
        let request = with(|p| {
            p.query = "a \"b\"".into();
            p.near = Some(3);
            p.sort = "-date".into();
            p.year = Some(2024);
        })
        .unwrap();
        assert_eq!(request.query, "\"a  b \"~3");
        assert_eq!(request.sort, Sort::DateDesc);
        assert_eq!(request.filters.years, Some((2024, 2024)));
    }
}
