//! The conditional-GET step's work: a strong ETag over the bytes sent, and
//! 304 when `if-none-match` matches it.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::conditional::{etag_value, if_none_match_matches, not_modified};
use crate::problem::Problem;

/// Strong ETag on a successful JSON answer that lacks one; 304 when
/// `if_none_match` matches it.
pub(crate) async fn with_etag(response: Response, if_none_match: Option<HeaderValue>) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // A `Reply` body is one in-memory chunk: this takes it, copying nothing.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Problem::internal().into_response();
    };
    let tag = match parts.headers.get(header::ETAG) {
        Some(existing) => existing.clone(),
        None => {
            let tag = etag_value(&bytes);
            parts.headers.insert(header::ETAG, tag.clone());
            tag
        }
    };
    let tag = tag.to_str().unwrap_or_default();
    let matched = if_none_match
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| if_none_match_matches(value, Some(tag)));
    if matched {
        let mut response = not_modified(tag);
        for name in ["request-id", "deprecation", "sunset"] {
            if let Some(value) = parts.headers.get(name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    Response::from_parts(parts, Body::from(bytes))
}
