//! What every request goes through before its route: the method (GET and HEAD only), the URL's
//! size, the token, the time limit, and the headers every answer carries (CORS only for the
//! origin given, no sniffing, no framing, no referrer so no URL leaves the page).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::ApiError;
use super::Shared;

/// Longest URL (path and query) accepted, in bytes: room for a `q` of the most characters
/// allowed in Chinese, percent-encoded (9 bytes a character), and the filters beside it.
pub const MAX_URL_BYTES: usize = 16 * 1024;

const COOKIE: &str = "milpress_token";

pub async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = check(&shared, request, next).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    if let Some(origin) = &shared.cors {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

async fn check(shared: &Shared, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "milpress serve is read-only: GET or HEAD",
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let url_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if url_bytes > MAX_URL_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("the URL is longer than {MAX_URL_BYTES} bytes"),
        )
        .into_response();
    }
    if let Some(token) = &shared.token {
        if request.uri().path().starts_with("/api/") {
            let bearer = request
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            let allowed = bearer.is_some_and(|b| same(b.trim(), token))
                || has_cookie(request.headers(), shared);
            if !allowed {
                return ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "this milpress needs a token: Authorization: Bearer TOKEN",
                )
                .into_response();
            }
        }
    }
    match tokio::time::timeout(shared.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} s",
                shared.timeout.as_secs_f32()
            ),
        )
        .into_response(),
    }
}

/// Whether the request carries the token's cookie.
pub fn has_cookie(headers: &HeaderMap, shared: &Shared) -> bool {
    let Some(token) = &shared.token else {
        return true;
    };
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == COOKIE && same(value, token))
}

/// The cookie the page gets once the token is given: not readable by scripts, not sent to
/// other sites.
pub fn cookie(token: &str) -> String {
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/")
}

/// Compares without stopping at the first difference, so timing does not tell how much of a
/// guess was right.
pub fn same(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same("s3cret", "s3cret"));
        assert!(!same("s3cres", "s3cret"));
        assert!(!same("s3cre", "s3cret"));
        assert!(!same("", "s3cret"));
    }
}
