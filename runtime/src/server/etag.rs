//! The conditional-GET step's work: a strong ETag over the bytes sent, and
//! 304 when `if-none-match` matches it.

use axum::body::{Body, Bytes, HttpBody as _};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::BytesMut;
use http_body_util::BodyExt;

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
    let Ok(bytes) = whole(body).await else {
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

/// The bytes of a body. A `Reply` body is one in-memory chunk: it is taken
/// as it is, copying and collecting nothing; any other is collected.
async fn whole(mut body: Body) -> Result<Bytes, axum::Error> {
    let first = match body.frame().await {
        None => return Ok(Bytes::new()),
        Some(frame) => frame?.into_data().unwrap_or_default(),
    };
    if body.is_end_stream() {
        return Ok(first);
    }
    let rest = body.collect().await?.to_bytes();
    let mut all = BytesMut::from(first);
    all.extend_from_slice(&rest);
    Ok(all.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_body_in_one_chunk_or_in_several_reads_whole() {
        assert_eq!(whole(Body::from("{}")).await.unwrap(), "{}");
        assert_eq!(whole(Body::empty()).await.unwrap(), "");
        let chunks = futures_util::stream::iter(["{\"a\"", ":", "1}"].map(Ok::<_, std::io::Error>));
        assert_eq!(whole(Body::from_stream(chunks)).await.unwrap(), "{\"a\":1}");
    }
}
