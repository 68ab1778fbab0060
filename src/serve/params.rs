//! Query strings → [`Params`]: the one function each route uses to read its parameters. Every
//! parameter is known, given once unless it repeats on the command line too, and bounded; the
//! values themselves are checked by [`Params::to_request`], as for the CLI.

use crate::search::{Params, Period, Request};

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest page start (ranking reads `offset + limit` hits).
pub const MAX_OFFSET: usize = 10_000;
/// Most series in one trend.
pub const MAX_SERIES: usize = 8;

/// A parameter problem, answered 400.
#[derive(Debug, PartialEq, Eq)]
pub struct Bad(pub String);

/// What `/api/search` was asked for.
#[derive(Debug)]
pub struct SearchParams {
    pub request: Request,
    pub export: Option<Export>,
    /// Whether `limit` was given: an export is every match unless it was.
    pub limited: bool,
}

/// A download of every match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Csv,
    Jsonl,
}

/// The search filters and options every search-like route shares.
const SEARCH_KEYS: &[&str] = &[
    "q", "any", "exact", "near", "year", "years", "from", "to", "speaker", "theme", "tag", "lang",
    "source", "kind", "sort", "limit", "offset", "snippet",
];

/// The decoded `key=value` pairs of a query string, in order.
/// A key or value that is not UTF-8 once its `%XX` escapes are decoded is refused rather than
/// read with replacement characters: `q=Taiwan%FF` would otherwise search for something else.
pub fn pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, Bad> {
    let mut pairs = Vec::new();
    for piece in raw
        .unwrap_or("")
        .split('&')
        .filter(|piece| !piece.is_empty())
    {
        let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decoded(key)
            .map_err(|_| Bad(format!("a parameter name is not valid UTF-8: {key:?}")))?;
        let value =
            decoded(value).map_err(|_| Bad(format!("{key} is not valid UTF-8 once decoded")))?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// `+` as a space and `%XX` as that byte, as browsers encode forms; a `%` without two hex
/// digits after it stays as it is.
fn decoded(text: &str) -> Result<String, std::str::Utf8Error> {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|text| text.into_owned())
}

/// `/api/search`'s parameters.
pub fn search(pairs: &[(String, String)]) -> Result<SearchParams, Bad> {
    let mut export = None;
    let mut rest = Vec::new();
    once(pairs, &["format"])?;
    for (key, value) in pairs {
        if key == "format" {
            export = match value.as_str() {
                "json" => None,
                "csv" => Some(Export::Csv),
                "jsonl" => Some(Export::Jsonl),
                other => {
                    return Err(Bad(format!(
                        "format takes json, csv or jsonl, not {other:?}"
                    )))
                }
            };
        } else {
            rest.push((key.clone(), value.clone()));
        }
    }
    let limited = rest.iter().any(|(key, _)| key == "limit");
    let params = params(&rest, SEARCH_KEYS)?;
    let request = params.to_request().map_err(|e| Bad(e.to_string()))?;
    Ok(SearchParams {
        request,
        export,
        limited,
    })
}

/// `/api/trend`'s parameters, as `milpress trend` takes them.
#[derive(Debug)]
pub struct TrendParams {
    /// One request per `q` (one with an empty query when none is given).
    pub requests: Vec<Request>,
    pub by: Period,
    /// Rates per this many documents of the period (`per=1000`).
    pub per: Option<u64>,
}

/// `/api/trend`'s parameters: one request per `q`, the period and `per`.
pub fn trend(pairs: &[(String, String)]) -> Result<TrendParams, Bad> {
    let mut queries = Vec::new();
    let mut by = Period::Year;
    let mut per = None;
    let mut rest = Vec::new();
    once(pairs, &["by", "per"])?;
    for (key, value) in pairs {
        match key.as_str() {
            "q" => queries.push(value.clone()),
            "by" => {
                by = Period::parse(value).ok_or_else(|| {
                    Bad(format!(
                        "by takes year, quarter, month, week or day, not {value:?}"
                    ))
                })?
            }
            "per" => {
                per = Some(
                    value
                        .parse::<u64>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| {
                            Bad(format!("per takes a whole number above 0, not {value:?}"))
                        })?,
                )
            }
            "limit" | "offset" | "sort" | "snippet" => {
                return Err(Bad(format!("{key} means nothing to a trend")))
            }
            _ => rest.push((key.clone(), value.clone())),
        }
    }
    if queries.len() > MAX_SERIES {
        return Err(Bad(format!("at most {MAX_SERIES} q per trend")));
    }
    if queries.is_empty() {
        queries.push(String::new());
    }
    let mut base = params(&rest, SEARCH_KEYS)?;
    let mut requests = Vec::with_capacity(queries.len());
    for query in queries {
        check_query(&query)?;
        base.query = query;
        requests.push(base.to_request().map_err(|e| Bad(e.to_string()))?);
    }
    Ok(TrendParams { requests, by, per })
}

/// `/api/doc`'s `id`.
pub fn doc_id(pairs: &[(String, String)]) -> Result<String, Bad> {
    let mut id = None;
    for (key, value) in pairs {
        match key.as_str() {
            "id" if id.is_none() => id = Some(value.clone()),
            "id" => return Err(Bad("give id once".into())),
            other => return Err(Bad(format!("unknown parameter {other:?} (doc takes id)"))),
        }
    }
    match id {
        Some(id) if !id.is_empty() && id.len() <= 200 => Ok(id),
        _ => Err(Bad("doc takes id, as a search hit gives it".into())),
    }
}

/// No parameter at all.
pub fn none(pairs: &[(String, String)]) -> Result<(), Bad> {
    match pairs.first() {
        Some((key, _)) => Err(Bad(format!("unknown parameter {key:?}"))),
        None => Ok(()),
    }
}

/// Refuses any of `keys` given more than once (`by=year&by=month`): which one was meant is
/// not for the server to guess.
fn once(pairs: &[(String, String)], keys: &[&str]) -> Result<(), Bad> {
    for key in keys {
        if pairs.iter().filter(|(k, _)| k == key).count() > 1 {
            return Err(Bad(format!("give {key} once")));
        }
    }
    Ok(())
}

fn check_query(query: &str) -> Result<(), Bad> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(Bad(format!(
            "q is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(())
}

/// The search options among `pairs`, all of whose keys must be in `known`.
fn params(pairs: &[(String, String)], known: &[&str]) -> Result<Params, Bad> {
    let mut params = Params::default();
    let mut tags: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in pairs {
        let key = key.as_str();
        if !known.contains(&key) {
            return Err(Bad(format!("unknown parameter {key:?}")));
        }
        let repeats = matches!(key, "speaker" | "theme" | "tag");
        if !repeats && seen.contains(&key) {
            return Err(Bad(format!("give {key} once")));
        }
        seen.push(key);
        let value = value.clone();
        match key {
            "q" => {
                check_query(&value)?;
                params.query = value;
            }
            "any" => params.any = flag(key, &value)?,
            "exact" => params.exact = flag(key, &value)?,
            "near" => params.near = Some(number(key, &value, 1_000)?),
            "year" => {
                let folded = crate::extract::date::fold_width(&value);
                params.year = Some(number(key, &folded, 9_999)?)
            }
            "years" => params.years = Some(value),
            "from" => params.from = Some(value),
            "to" => params.to = Some(value),
            "speaker" => params.speakers.push(value),
            "theme" => params.themes.push(value),
            "tag" => tags.push(value),
            "lang" => params.lang = Some(value),
            "source" => params.source = Some(value),
            "kind" => params.kind = Some(value),
            "sort" => params.sort = value,
            "limit" => params.limit = number(key, &value, MAX_LIMIT)?,
            "offset" => params.offset = number(key, &value, MAX_OFFSET)?,
            "snippet" => params.snippet = number(key, &value, 1_000)?,
            other => return Err(Bad(format!("unknown parameter {other:?}"))),
        }
    }
    if params.speakers.len() + params.themes.len() + tags.len() > 32 {
        return Err(Bad("at most 32 speaker, theme and tag filters".into()));
    }
    // An editor's tag is a field of the query language (`tag:taiwan`): each `tag` is one more
    // required clause.
    for tag in tags {
        if tag.trim().is_empty() || tag.contains('"') {
            return Err(Bad(format!(
                "tag takes a tag as the facet lists it, not {tag:?}"
            )));
        }
        params.query = format!("{} tag:\"{}\"", params.query, tag.trim())
            .trim()
            .to_string();
    }
    Ok(params)
}

fn flag(key: &str, value: &str) -> Result<bool, Bad> {
    match value {
        "" | "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        other => Err(Bad(format!("{key} takes true or false, not {other:?}"))),
    }
}

fn number<T>(key: &str, value: &str, max: T) -> Result<T, Bad>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match value.parse::<T>() {
        Ok(n) if n <= max => Ok(n),
        Ok(_) => Err(Bad(format!("{key} is at most {max}"))),
        Err(_) => Err(Bad(format!("{key} takes a number, not {value:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Sort;

    fn search_of(query: &str) -> Result<SearchParams, Bad> {
        search(&pairs(Some(query))?)
    }

    #[test]
    fn query_strings_decode_as_browsers_encode_them_and_bad_utf8_is_refused() {
        let got = pairs(Some(
            "q=%E9%A6%99%E5%B1%B1+forum&x&empty=&&pct=100%&a%2Bb=c%3Dd",
        ))
        .unwrap();
        let want = [
            ("q", "香山 forum"),
            ("x", ""),
            ("empty", ""),
            ("pct", "100%"),
            ("a+b", "c=d"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
        let bad = pairs(Some("q=Taiwan%FF")).unwrap_err();
        assert!(bad.0.contains("q is not valid UTF-8"), "{bad:?}");
        assert!(pairs(Some("%C3=1")).is_err());
    }

    #[test]
    fn parameters_become_the_cli_request() {
        let p = search_of("q=%E9%A6%99%E5%B1%B1+forum&year=2024&speaker=A&speaker=B&sort=-date&limit=5&offset=10&exact=1")
            .unwrap();
        let r = p.request;
        assert_eq!(r.query, "香山 forum");
        assert_eq!(r.filters.years, Some((2024, 2024)));
        assert_eq!(r.filters.speakers, ["A", "B"]);
        assert_eq!(r.sort, Sort::DateDesc);
        assert_eq!((r.limit, r.offset, r.exact), (5, 10, true));
        assert_eq!(p.export, None);
        assert_eq!(search_of("format=csv").unwrap().export, Some(Export::Csv));
        // An editor's tag, as the facet lists it, is a clause of the query.
        let tagged = search_of("tag=taiwan&q=drill&tag=South+China+Sea").unwrap();
        assert_eq!(
            tagged.request.query,
            "drill tag:\"taiwan\" tag:\"South China Sea\""
        );
    }

    #[test]
    fn unknown_repeated_and_bad_values_are_refused_with_a_reason() {
        for (query, words) in [
            ("q=a&colour=red", "unknown parameter \"colour\""),
            ("tag=a%22b", "tag takes a tag"),
            ("q=a&q=b", "give q once"),
            ("limit=1000", "limit is at most 100"),
            ("limit=-1", "limit takes a number"),
            ("offset=99999999", "offset is at most"),
            ("lang=fr", "unknown lang"),
            ("sort=size", "sort takes"),
            ("from=yesterday", "from takes a date"),
            ("exact=maybe", "exact takes true or false"),
            ("format=xml", "format takes"),
            ("format=csv&format=json", "give format once"),
        ] {
            let err = search_of(query).unwrap_err();
            assert!(err.0.contains(words), "{query}: {}", err.0);
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(search_of(&long).unwrap_err().0.contains("longer"));
    }

    #[test]
    fn trend_takes_one_series_per_q_and_the_filters() {
        let t = trend(&pairs(Some("q=a&q=b&by=month&lang=en&per=1000")).unwrap()).unwrap();
        assert_eq!((t.by, t.per), (Period::Month, Some(1000)));
        let queries: Vec<&str> = t.requests.iter().map(|r| r.query.as_str()).collect();
        assert_eq!(queries, ["a", "b"]);
        assert!(t.requests.iter().all(|r| r.filters.lang.is_some()));
        let t = trend(&pairs(None).unwrap()).unwrap();
        assert_eq!((t.requests.len(), t.by), (1, Period::Year));
        assert_eq!(
            trend(&pairs(Some("by=week")).unwrap()).unwrap().by,
            Period::Week
        );
        assert!(trend(&pairs(Some("by=fortnight")).unwrap()).is_err());
        assert!(trend(&pairs(Some("per=0")).unwrap()).is_err());
        let twice = trend(&pairs(Some("q=a&by=year&by=month")).unwrap()).unwrap_err();
        assert!(twice.0.contains("give by once"), "{}", twice.0);
        assert!(trend(&pairs(Some("limit=3")).unwrap()).is_err());
    }

    #[test]
    fn doc_takes_exactly_one_id() {
        assert_eq!(doc_id(&pairs(Some("id=abc")).unwrap()).unwrap(), "abc");
        assert!(doc_id(&pairs(Some("")).unwrap()).is_err());
        assert!(doc_id(&pairs(Some("id=a&id=b")).unwrap()).is_err());
        assert!(doc_id(&pairs(Some("id=a&x=1")).unwrap()).is_err());
        assert!(none(&pairs(Some("x=1")).unwrap()).is_err());
    }
}
