//! [`Reply`]: building the response of one declared status.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::conditional::etag_value;
use crate::params;
use crate::problem::Problem;

/// A streamed response body of any media type.
#[derive(Debug)]
pub struct Download {
    /// The content type to answer with.
    pub content_type: String,
    /// The body, sent as a stream.
    pub body: Body,
}

impl Download {
    /// A download of `content_type` with `body`.
    pub fn new(content_type: impl Into<String>, body: impl Into<Body>) -> Self {
        Self {
            content_type: content_type.into(),
            body: body.into(),
        }
    }
}

/// Builds the response of one declared status.
#[derive(Debug)]
pub struct Reply {
    response: Response,
    /// The body as sent, when it is whole here (JSON and text): what an
    /// ETag left to the server is computed over. It goes into the response
    /// only at the end, moved rather than shared: a `Bytes` made from a
    /// `Vec` allocates when first cloned.
    whole_body: Option<Bytes>,
}

impl Reply {
    /// An empty response with `status`.
    pub fn status(status: u16) -> Self {
        let mut response = Response::new(Body::empty());
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self {
            response,
            whole_body: None,
        }
    }

    /// Sets a JSON body with `content_type` (e.g. `application/json`).
    pub fn json<T: Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        // Most representations fit: one allocation, no regrowing.
        let mut bytes = Vec::with_capacity(1024);
        match serde_json::to_writer(&mut bytes, body) {
            Ok(()) => self.set_whole_body(content_type, Bytes::from(bytes)),
            Err(error) => {
                tracing::error!(%error, "response body does not serialize");
                self.response = Problem::internal().into_response();
                self.whole_body = None;
            }
        }
        self
    }

    /// Sets a text body.
    pub fn text(mut self, content_type: &'static str, body: String) -> Self {
        self.set_whole_body(content_type, Bytes::from(body));
        self
    }

    fn set_whole_body(&mut self, content_type: &'static str, bytes: Bytes) {
        self.whole_body = Some(bytes);
        self.response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }

    /// Sets a streamed body.
    pub fn download(mut self, download: Download) -> Self {
        *self.response.body_mut() = download.body;
        self.whole_body = None;
        if let Ok(value) = HeaderValue::from_str(&download.content_type) {
            self.response
                .headers_mut()
                .insert(header::CONTENT_TYPE, value);
        }
        self
    }

    /// Adds a header; typed values are written in the `simple` style.
    pub fn header<T: Serialize>(mut self, name: &'static str, value: &T) -> Self {
        let value = serde_json::to_value(value).unwrap_or_default();
        if !value.is_null() {
            if let Ok(value) = HeaderValue::from_str(&params::encode_header(&value, false)) {
                self.response.headers_mut().insert(name, value);
            }
        }
        self
    }

    /// Sets the `etag` header: `etag` when the handler gives one, else a
    /// strong ETag over the body as sent, so the representation is
    /// serialized once (a streamed body has none to compute).
    pub fn etag(mut self, etag: Option<String>) -> Self {
        let value = match (etag, &self.whole_body) {
            (Some(etag), _) => HeaderValue::from_str(&etag).ok(),
            (None, Some(bytes)) => Some(etag_value(bytes)),
            (None, None) => None,
        };
        if let Some(value) = value {
            self.response.headers_mut().insert(header::ETAG, value);
        }
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = self.response;
        if let Some(bytes) = self.whole_body {
            *response.body_mut() = Body::from(bytes);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conditional::etag;

    fn etag_of(reply: Reply) -> Option<String> {
        let response = reply.into_response();
        let value = response.headers().get(header::ETAG)?;
        Some(value.to_str().unwrap().to_owned())
    }

    #[test]
    fn an_etag_left_out_is_computed_over_the_bytes_sent() {
        let body = serde_json::json!({"id": 1, "name": "Keyboard"});
        let sent = serde_json::to_vec(&body).unwrap();
        let reply = Reply::status(201).json("application/json", &body);
        assert_eq!(etag_of(reply.etag(None)), Some(etag(&sent)));
        let text = Reply::status(200).text("text/plain", "hello".into());
        assert_eq!(etag_of(text.etag(None)), Some(etag(b"hello")));
    }

    #[test]
    fn a_given_etag_is_kept_and_a_streamed_body_gets_none() {
        let reply = Reply::status(200).json("application/json", &[1, 2]);
        assert_eq!(
            etag_of(reply.etag(Some("\"v7\"".into()))).as_deref(),
            Some("\"v7\"")
        );
        let download = Reply::status(200).download(Download::new("image/png", Body::empty()));
        assert_eq!(etag_of(download.etag(None)), None);
    }
}
