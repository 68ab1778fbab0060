//! The routes: the page and the JSON API. Searches run on blocking threads (tantivy is
//! synchronous) against the searcher of the last commit.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::params::{self, Bad, Export};
use super::{guard, Shared};
use crate::error::Error;
use crate::output::{self, Format, Style};

/// An answer that went wrong: its status and `{"error": "..."}`.
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl From<Bad> for ApiError {
    fn from(bad: Bad) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, bad.0)
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        let status = match &err {
            Error::Query(_) => StatusCode::BAD_REQUEST,
            Error::NoSuchDocument(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        (self.status, [(header::CONTENT_TYPE, JSON)], body).into_response()
    }
}

const JSON: &str = "application/json; charset=utf-8";
const NO_STYLE: Style = Style { color: false };

/// Runs `work` on a blocking thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "a search failed",
        ))
    })
}

fn json(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], bytes).into_response()
}

/// `GET /`: the page. With a token set, `?token=` sets the cookie once and leaves the URL.
pub async fn page(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let pairs = match params::pairs(raw.as_deref()) {
        Ok(pairs) => pairs,
        Err(bad) => return (StatusCode::BAD_REQUEST, format!("{}\n", bad.0)).into_response(),
    };
    if let Some((_, given)) = pairs.iter().find(|(k, _)| k == "token") {
        let rest: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| k != "token")
            .cloned()
            .collect();
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(rest)
            .finish();
        let location = if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        };
        return match &shared.token {
            Some(token) if guard::same(given, token) => (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, location),
                    (header::SET_COOKIE, guard::cookie(token)),
                ],
            )
                .into_response(),
            Some(_) => (StatusCode::UNAUTHORIZED, "wrong token\n").into_response(),
            // No token asked for: just leave it out of the URL.
            None => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        };
    }
    if shared.token.is_some() && !guard::has_cookie(&headers, &shared) {
        return (
            StatusCode::UNAUTHORIZED,
            "this milpress needs a token: open /?token=YOUR_TOKEN once\n",
        )
            .into_response();
    }
    super::assets::page()
}

/// `GET /api/search`: the JSON `search --format json` prints, or every match as CSV or JSON
/// Lines.
pub async fn search(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let asked = params::search(&params::pairs(raw.as_deref())?)?;
    if let Some(export) = asked.export {
        let limit = asked.limited.then_some(asked.request.limit);
        return self::export(shared, asked.request, export, limit).await;
    }
    blocking(move || {
        let loaded = shared.searcher();
        let mut results = loaded.searcher.search(&asked.request)?;
        if !asked.limited {
            results.note_more();
        }
        results.notices.extend(shared.gone());
        let mut out = Vec::new();
        output::results(&mut out, &results, Format::Json, NO_STYLE)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(json(out))
    })
    .await
}

/// Hits per chunk of an export.
const EXPORT_PAGE: usize = 500;

/// Every match from the request's offset on (at most `limit` of them when given), streamed
/// page by page so memory stays flat whatever the count. The first page is searched before
/// anything is sent, so a query the search refuses gets its error (a 400), not a download that
/// starts and breaks off.
async fn export(
    shared: Arc<Shared>,
    mut request: crate::search::Request,
    export: Export,
    limit: Option<usize>,
) -> Result<Response, ApiError> {
    let query = request.query.clone();
    let format = match export {
        Export::Csv => Format::Csv,
        Export::Jsonl => Format::Jsonl,
    };
    let mut left = limit.unwrap_or(usize::MAX);
    request.limit = EXPORT_PAGE.min(left);
    let (loaded, mut results, mut request) = blocking(move || {
        // One searcher for the whole export: a commit meanwhile does not shift the pages.
        let loaded = shared.searcher();
        let results = loaded.searcher.search(&request)?;
        Ok((loaded, results, request))
    })
    .await?;
    let (sender, receiver) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    tokio::task::spawn_blocking(move || {
        let first = request.offset;
        loop {
            let mut chunk = Vec::new();
            let opening = request.offset == first;
            // A byte-order mark first, so that a spreadsheet opened on the download reads the
            // Chinese as UTF-8 (Excel takes the file for the local code page without one).
            if format == Format::Csv && opening {
                chunk.extend_from_slice("\u{feff}".as_bytes());
            }
            let written = output::hits(&mut chunk, &results.hits, format, opening, request.offset);
            left = left.saturating_sub(results.hits.len());
            let done = results.hits.len() < request.limit
                || request.offset + results.hits.len() >= results.total
                || left == 0;
            if sender.blocking_send(written.map(|()| chunk)).is_err() || done {
                return;
            }
            request.offset += results.hits.len();
            request.limit = EXPORT_PAGE.min(left);
            results = match loaded.searcher.search(&request) {
                Ok(results) => results,
                Err(err) => {
                    let _ = sender.blocking_send(Err(std::io::Error::other(err.to_string())));
                    return;
                }
            };
        }
    });
    let (kind, extension) = match export {
        Export::Csv => ("text/csv; charset=utf-8", "csv"),
        Export::Jsonl => ("application/x-ndjson; charset=utf-8", "jsonl"),
    };
    let name = format!("milpress-{}.{extension}", file_stem(&query));
    // The plain name in letters a header may carry, the full one (Chinese too) encoded.
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        Body::from_stream(Chunks(receiver)),
    )
        .into_response())
}

/// A download's name from its query: letters, digits and Chinese characters, the rest as
/// hyphens, at most 40 characters (`milpress-taiwan-独立.csv`); `all` for an empty query.
fn file_stem(query: &str) -> String {
    let mut stem = String::new();
    for c in query.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
        if stem.chars().count() >= 40 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "all".to_string()
    } else {
        stem.to_string()
    }
}

/// The chunks an export sends, as a stream for the response body.
struct Chunks(tokio::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>);

impl futures_core::Stream for Chunks {
    type Item = std::io::Result<Vec<u8>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// `GET /api/doc?id=`: what `show --format json` prints.
pub async fn doc(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let id = params::doc_id(&params::pairs(raw.as_deref())?)?;
    blocking(move || {
        let loaded = shared.searcher();
        let doc = loaded.searcher.get(&id)?;
        let paths = loaded.searcher.index().paths_of(&doc);
        let mut out = Vec::new();
        output::document(&mut out, &doc, &paths, Format::Json, NO_STYLE)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(json(out))
    })
    .await
}

/// `GET /api/trend?q=&q=&by=&per=`: matches per period, one series per `q`: what
/// `milpress trend --format json` prints.
pub async fn trend(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let asked = params::trend(&params::pairs(raw.as_deref())?)?;
    blocking(move || {
        let loaded = shared.searcher();
        let trend = loaded
            .searcher
            .trend(&asked.requests, asked.by, asked.per)?;
        let mut out = Vec::new();
        crate::output::trend::json(&mut out, &trend)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(json(out))
    })
    .await
}

/// `GET /api/health`: `{"ok": true, "documents": N}`; 503 with `"ok": false` and the reason
/// when the index is gone from disk (the server still answers from it as last opened).
pub async fn health(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    params::none(&params::pairs(raw.as_deref())?)?;
    blocking(move || {
        let documents = shared.searcher().searcher.num_docs();
        let gone = shared.gone();
        let mut body = serde_json::json!({ "ok": gone.is_none(), "documents": documents });
        let mut status = StatusCode::OK;
        if let Some(gone) = gone {
            body["error"] = gone.into();
            status = StatusCode::SERVICE_UNAVAILABLE;
        }
        let mut response = json(body.to_string().into_bytes());
        *response.status_mut() = status;
        Ok(response)
    })
    .await
}

/// `GET /api/themes`: each theme's slug with its display names, `{"taiwan": {"name":
/// "Taiwan", "name_zh": "台湾"}, ...}`, so that a page shows names rather than slugs.
pub async fn themes(RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    params::none(&params::pairs(raw.as_deref())?)?;
    let names: serde_json::Map<String, serde_json::Value> = crate::reference::themes::themes()
        .iter()
        .map(|t| {
            let name = t.name.clone().unwrap_or_else(|| t.slug.clone());
            let names = serde_json::json!({ "name": name, "name_zh": t.name_zh });
            (t.slug.clone(), names)
        })
        .collect();
    Ok(json(
        serde_json::Value::Object(names).to_string().into_bytes(),
    ))
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page")
}
