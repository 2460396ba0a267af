//! [`Reply`]: building the response of one declared status.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

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
}

impl Reply {
    /// An empty response with `status`.
    pub fn status(status: u16) -> Self {
        let mut response = Response::new(Body::empty());
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { response }
    }

    /// Sets a JSON body with `content_type` (e.g. `application/json`).
    pub fn json<T: Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        // Most representations fit: one allocation, no regrowing.
        let mut bytes = Vec::with_capacity(1024);
        match serde_json::to_writer(&mut bytes, body) {
            Ok(()) => {
                *self.response.body_mut() = Body::from(bytes);
                self.response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
            Err(error) => {
                tracing::error!(%error, "response body does not serialize");
                self.response = Problem::internal().into_response();
            }
        }
        self
    }

    /// Sets a text body.
    pub fn text(mut self, content_type: &'static str, body: String) -> Self {
        *self.response.body_mut() = Body::from(body);
        self.response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        self
    }

    /// Sets a streamed body.
    pub fn download(mut self, download: Download) -> Self {
        *self.response.body_mut() = download.body;
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
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        self.response
    }
}
