//! Responses: the [`Reply`] generated code decodes (typed headers, JSON,
//! text or streamed bodies, error bodies), the [`Response`] it hands to the
//! caller, and [`ByteStream`] for downloads.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::stream::{BoxStream, Stream, StreamExt, TryStreamExt};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::error::{ApiError, DecodeError, Error, Failure, is_problem};
use super::header_text;

/// A response on its way to being decoded by generated code: read its
/// typed headers first, then its body, then [`finish`](Self::finish) it.
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    response: Option<reqwest::Response>,
    /// When reading the body must be done, and the limit that sets it.
    deadline: Option<(Instant, Duration)>,
    read_limit: Option<Duration>,
}

impl Reply {
    pub(crate) fn new(
        response: reqwest::Response,
        deadline: Option<(Instant, Duration)>,
        read_limit: Option<Duration>,
    ) -> Self {
        Self {
            status: response.status(),
            headers: response.headers().clone(),
            response: Some(response),
            deadline,
            read_limit,
        }
    }

    /// The status code, for matching against the declared responses.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The headers received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header the response must carry, as its declared type.
    pub fn header<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        match self.headers.get(name) {
            Some(value) => self.parse_header(name, value),
            None => Err(self.decode_error(format!("the required header `{name}` is missing"))),
        }
    }

    /// A header the response may carry, as its declared type: `None` when
    /// absent, and when its value is not of that type (the raw value stays
    /// in [`headers`](Self::headers)), so that an optional header the
    /// server got wrong does not cost the caller the response.
    pub fn optional_header<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.parse_header(name, self.headers.get(name)?).ok()
    }

    fn parse_header<T: DeserializeOwned>(
        &self,
        name: &str,
        value: &HeaderValue,
    ) -> Result<T, Failure> {
        let text = value
            .to_str()
            .map_err(|_| self.decode_error(format!("header `{name}` is not visible ASCII")))?;
        header_text::parse(text).map_err(|err| self.decode_error(format!("header `{name}`: {err}")))
    }

    /// The body as JSON of the declared type.
    pub async fn json<T: DeserializeOwned>(&mut self) -> Result<T, Failure> {
        let raw = self.bytes().await?;
        // No body at all is `null` to a type that takes it (any JSON, an
        // optional value): content without a schema may well be empty.
        if raw.is_empty()
            && let Ok(value) = serde_json::from_slice(b"null")
        {
            return Ok(value);
        }
        decode_json_at(&raw).map_err(|(at, err)| {
            Failure::decode(
                DecodeError::new(self.status, &self.headers, format!("body{at}: {err}"))
                    .with_body(raw.clone()),
            )
        })
    }

    /// The body as text.
    pub async fn text(&mut self) -> Result<String, Failure> {
        let raw = self.bytes().await?;
        String::from_utf8(raw.to_vec()).map_err(|_| {
            Failure::decode(
                DecodeError::new(self.status, &self.headers, "body: not UTF-8 text")
                    .with_body(raw.clone()),
            )
        })
    }

    /// The whole body, read within the timeouts.
    pub async fn bytes(&mut self) -> Result<Bytes, Failure> {
        let Some(response) = self.response.take() else {
            return Ok(Bytes::new());
        };
        let read = response.bytes();
        let result = match self.deadline {
            Some((deadline, limit)) => tokio::time::timeout_at(deadline, read)
                .await
                .map_err(|_| Failure::timeout(limit))?,
            None => read.await,
        };
        result.map_err(|err| Failure::from_reqwest(err, self.read_limit))
    }

    /// The body as a stream of chunks, for downloads.
    pub fn stream(&mut self) -> ByteStream {
        let content_type = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let Some(response) = self.response.take() else {
            return ByteStream::new(futures::stream::empty().boxed(), content_type, Some(0));
        };
        let length = response.content_length();
        let limit = self.read_limit;
        let stream = response
            .bytes_stream()
            .map_err(move |err| Error::from(Failure::from_reqwest(err, limit)))
            .boxed();
        ByteStream::new(stream, content_type, length)
    }

    /// The error for a status the operation does not declare as a success:
    /// [`Error::Api`] for 4xx and 5xx (with the typed body and, for
    /// `application/problem+json`, the problem), [`Error::Decode`] otherwise.
    pub async fn error<E: DeserializeOwned>(self) -> Error<E> {
        self.read_error(false).await
    }

    /// [`error`](Self::error) for an operation whose `default` response is
    /// an error: it covers every status the others do not, so any is
    /// [`Error::Api`] (a `200` from a redirecting operation included).
    pub async fn default_error<E: DeserializeOwned>(self) -> Error<E> {
        self.read_error(true).await
    }

    async fn read_error<E: DeserializeOwned>(mut self, any_status: bool) -> Error<E> {
        let raw = match self.bytes().await {
            Ok(raw) => raw,
            Err(failure) => return failure.into(),
        };
        if !(any_status || self.status.is_client_error() || self.status.is_server_error()) {
            let message = format!(
                "status {} is not declared by the operation",
                self.status.as_u16()
            );
            return Failure::decode(
                DecodeError::new(self.status, &self.headers, message).with_body(raw),
            )
            .into();
        }
        let problem = is_problem(&self.headers)
            .then(|| serde_json::from_slice(&raw).ok())
            .flatten();
        Error::Api(Box::new(ApiError {
            status: self.status,
            body: serde_json::from_slice(&raw).ok(),
            problem,
            headers: self.headers,
            raw,
        }))
    }

    /// [`error`](Self::error) for an operation whose error responses carry
    /// different types: `decode` reads the body by its status.
    pub async fn error_by<E>(self, decode: fn(u16, &[u8]) -> Option<E>) -> Error<E> {
        self.read_error_by(decode, false).await
    }

    /// [`error_by`](Self::error_by) for an operation whose `default`
    /// response is an error (see [`default_error`](Self::default_error)).
    pub async fn default_error_by<E>(self, decode: fn(u16, &[u8]) -> Option<E>) -> Error<E> {
        self.read_error_by(decode, true).await
    }

    async fn read_error_by<E>(
        self,
        decode: fn(u16, &[u8]) -> Option<E>,
        any_status: bool,
    ) -> Error<E> {
        match self.read_error::<serde::de::IgnoredAny>(any_status).await {
            Error::Api(api) => {
                let body = decode(api.status.as_u16(), &api.raw);
                Error::Api(Box::new(ApiError {
                    status: api.status,
                    body,
                    problem: api.problem,
                    headers: api.headers,
                    raw: api.raw,
                }))
            }
            Error::Request(e) => Error::Request(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout(t) => Error::Timeout(t),
            Error::Decode(d) => Error::Decode(d),
        }
    }

    /// The typed value of the response, with its status and headers.
    pub fn finish<T>(self, value: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            value,
        }
    }

    fn decode_error(&self, message: String) -> Failure {
        Failure::decode(DecodeError::new(self.status, &self.headers, message))
    }
}

/// `json` as `T`; on failure, where in it (` at items[0].id`, nothing for
/// the top level) and why, for a decode error's message.
///
/// An answer that breaks its contract only as many servers, and the
/// examples a mock serves, write answers (numbers spelled as strings, one
/// item where a list belongs…) is read again, as it means
/// ([`mending`](super::mending)): a client should not fail where the value
/// is plain. Only on failure, so a valid answer reads as it did (a union's
/// variants, say); anything else is still an error.
pub(crate) fn decode_json_at<T: DeserializeOwned>(json: &[u8]) -> Result<T, (String, String)> {
    let deserializer = &mut serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(deserializer)
        .or_else(|err| super::mending::read_loosely(json).ok_or_else(|| located(err)))
}

/// Where a decode error is (` at items[0].id`, nothing for the top level)
/// and why.
fn located(err: serde_path_to_error::Error<serde_json::Error>) -> (String, String) {
    let mut path = err.path().to_string();
    if path == "." {
        path.clear();
    }
    // Where within a union's value its variant failed, in the same
    // notation: the path tracked here ends at the union.
    let text = err.into_inner().to_string();
    let (within, message) = crate::json::split_located(&text);
    for segment in within.split('/').skip(1) {
        let segment = crate::problem::unescape_pointer_segment(segment);
        if segment.parse::<usize>().is_ok() {
            path.push_str(&format!("[{segment}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    let at = if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    };
    (at, message.to_owned())
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// A typed response value with the status and headers it came with.
///
/// Dereferences to the value, so `response.body` reads the value's `body`.
#[derive(Debug)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All headers, typed or not.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `request-id` header, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// The typed value, without status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Status, headers and value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// A response body arriving in chunks (a download): a [`Stream`] of
/// [`Bytes`], or all of it at once with [`collect`](Self::collect).
pub struct ByteStream {
    stream: BoxStream<'static, Result<Bytes, Error>>,
    content_type: Option<String>,
    content_length: Option<u64>,
}

impl ByteStream {
    fn new(
        stream: BoxStream<'static, Result<Bytes, Error>>,
        content_type: Option<String>,
        content_length: Option<u64>,
    ) -> Self {
        Self {
            stream,
            content_type,
            content_length,
        }
    }

    /// The body's `content-type`, when the server sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        let mut all = BytesMut::new();
        while let Some(chunk) = self.stream.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.poll_next_unpin(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::Home;

    #[test]
    fn a_decode_error_inside_a_tagged_variant_says_where() {
        let body = br#"{"pets": [{"kind": "cat", "lives": 1, "toys": [{"name": [3]}]}]}"#;
        let (at, message) = decode_json_at::<Home>(body).unwrap_err();
        assert_eq!(at, " at pets[0].toys[0].name");
        assert!(message.starts_with("invalid type: sequence"), "{message}");
        let (at, _) = decode_json_at::<Home>(br#"{"pets": {}}"#).unwrap_err();
        assert_eq!(at, " at pets");
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Reading {
        level: f64,
        count: i128,
        on: bool,
        label: String,
    }

    #[test]
    fn numbers_and_booleans_spelled_as_strings_are_read_as_meant() {
        let spelled = br#"{"level": "10.50", "count": "7", "on": "true", "label": "7"}"#;
        let reading = decode_json_at::<Reading>(spelled).unwrap();
        let meant = Reading {
            level: 10.5,
            count: 7,
            on: true,
            label: "7".into(),
        };
        assert_eq!(reading, meant);
        // Through a union's variant too.
        let home = br#"{"pets": [{"kind": "cat", "lives": "9", "toys": []}]}"#;
        assert!(decode_json_at::<Home>(home).is_ok());
        // A number or a boolean where a string belongs is its text.
        let numbered = br#"{"level": 1, "count": 7, "on": true, "label": 2.5}"#;
        assert_eq!(decode_json_at::<Reading>(numbered).unwrap().label, "2.5");
        // A string that spells no number, or a list for a string, is still
        // an error, told as the answer was read.
        let (at, message) = decode_json_at::<Reading>(
            br#"{"level": "high", "count": 7, "on": true, "label": "x"}"#,
        )
        .unwrap_err();
        assert_eq!(at, " at level");
        assert!(
            message.starts_with("invalid type: string \"high\""),
            "{message}"
        );
        let (at, _) =
            decode_json_at::<Reading>(br#"{"level": 1, "count": 7, "on": true, "label": [5]}"#)
                .unwrap_err();
        assert_eq!(at, " at label");
    }
}
