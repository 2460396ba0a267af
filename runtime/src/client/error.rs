//! The one error type of generated clients, telling apart requests that
//! could not be built, transport failures, timeouts, responses that break
//! the contract, and errors answered by the API.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode, header};

use crate::problem::{PROBLEM_JSON, Problem};

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a call failed.
///
/// `E` is the error body the operation declares: its schema's type when all
/// its error responses share one, else `serde_json::Value`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The request could not be built: a parameter that is not a valid
    /// header value, an upload that cannot be read, a hook that refused it.
    Request(BoxError),
    /// Connecting, sending the request or receiving the response failed.
    Transport(reqwest::Error),
    /// No answer in time: this is the limit that was exceeded (the
    /// per-attempt or the overall timeout).
    Timeout(Duration),
    /// The response breaks the contract: a status the operation does not
    /// declare, or a body or header that does not decode.
    Decode(Box<DecodeError>),
    /// The API answered with an error status.
    Api(Box<ApiError<E>>),
}

impl<E> Error<E> {
    /// The response status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode(decode) => Some(decode.status),
            Self::Transport(err) => err.status(),
            Self::Request(_) | Self::Timeout(_) => None,
        }
    }

    /// The error answered by the API, if it is one.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The `request-id` of the response, when there was one carrying it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.request_id(),
            Self::Decode(decode) => request_id(&decode.headers),
            _ => None,
        }
    }

    /// Whether a timeout expired.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Request(err) => write!(f, "invalid request: {err}"),
            Self::Transport(err) => write!(f, "transport error: {err}"),
            Self::Timeout(limit) => write!(f, "no response within {limit:?}"),
            Self::Decode(err) => err.fmt(f),
            Self::Api(err) => err.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(err) => Some(err.as_ref()),
            Self::Transport(err) => Some(err),
            _ => None,
        }
    }
}

fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("request-id").and_then(|v| v.to_str().ok())
}

/// An error status answered by the API.
#[derive(Debug)]
pub struct ApiError<E> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<E>,
    pub(crate) problem: Option<Problem>,
    pub(crate) raw: Bytes,
}

impl<E> ApiError<E> {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The typed error body, when the response carried one that decodes as
    /// the type the operation declares.
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The typed error body, owned.
    pub fn into_body(self) -> Option<E> {
        self.body
    }

    /// The body parsed as a problem document, when it was served as
    /// `application/problem+json`.
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The `request-id` response header: quote it when reporting the error.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        match &self.problem {
            Some(problem) => write!(f, ": {problem}")?,
            None if !self.raw.is_empty() => write!(f, ": {}", snippet(&self.raw))?,
            None => {}
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

/// A response that breaks the contract.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) message: String,
    pub(crate) raw: Bytes,
}

impl DecodeError {
    pub(crate) fn new(status: StatusCode, headers: &HeaderMap, message: impl Into<String>) -> Self {
        Self {
            status,
            headers: headers.clone(),
            message: message.into(),
            raw: Bytes::new(),
        }
    }

    pub(crate) fn with_body(mut self, raw: Bytes) -> Self {
        self.raw = raw;
        self
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What does not match, and where.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body, when it was read.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected {} response: {}",
            self.status.as_u16(),
            self.message
        )?;
        if let Some(id) = request_id(&self.headers) {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

/// The start of a body, for messages.
fn snippet(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A failure that does not involve the operation's error body (everything
/// but [`Error::Api`]); `?` turns it into an [`Error`]. Generated code
/// meets it between sending a request and decoding the reply.
#[derive(Debug)]
pub struct Failure(Error<std::convert::Infallible>);

impl Failure {
    pub(crate) fn request(err: impl Into<BoxError>) -> Self {
        Self(Error::Request(err.into()))
    }

    pub(crate) fn timeout(limit: Duration) -> Self {
        Self(Error::Timeout(limit))
    }

    pub(crate) fn decode(err: DecodeError) -> Self {
        Self(Error::Decode(Box::new(err)))
    }

    /// A reqwest error: a timeout reading the response (reported as
    /// `limit`), a request that did not build, or a transport failure (a
    /// connection that could not be made, in time or at all).
    pub(crate) fn from_reqwest(err: reqwest::Error, limit: Option<Duration>) -> Self {
        match limit {
            Some(limit) if err.is_timeout() && !err.is_connect() => Self::timeout(limit),
            _ if err.is_builder() => Self::request(err),
            _ => Self(Error::Transport(err)),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure.0 {
            Error::Request(err) => Self::Request(err),
            Error::Transport(err) => Self::Transport(err),
            Error::Timeout(limit) => Self::Timeout(limit),
            Error::Decode(err) => Self::Decode(err),
            Error::Api(api) => match api.body {
                Some(never) => match never {},
                None => Self::Api(Box::new(ApiError {
                    status: api.status,
                    headers: api.headers,
                    body: None,
                    problem: api.problem,
                    raw: api.raw,
                })),
            },
        }
    }
}

/// Whether a `content-type` is a problem document.
pub(crate) fn is_problem(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(PROBLEM_JSON))
}

/// A thing that did not build, such as a client with an invalid base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl BuildError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_show_status_problem_and_request_id() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "r-1".parse().unwrap());
        let error: Error<()> = Error::Api(Box::new(ApiError {
            status: StatusCode::NOT_FOUND,
            headers,
            body: None,
            problem: Some(Problem::not_found().with_detail("No pet 7.")),
            raw: Bytes::new(),
        }));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.request_id(), Some("r-1"));
        assert_eq!(
            error.to_string(),
            "the API answered 404 Not Found: 404 Not Found (not_found): No pet 7. (request-id r-1)"
        );
    }

    #[test]
    fn failures_convert_and_long_bodies_are_cut() {
        let error: Error<String> = Failure::timeout(Duration::from_secs(2)).into();
        assert!(error.is_timeout());
        assert_eq!(error.to_string(), "no response within 2s");
        let decode = DecodeError::new(StatusCode::OK, &HeaderMap::new(), "body: bad")
            .with_body(Bytes::from("x".repeat(500)));
        let error: Error = Failure::decode(decode).into();
        assert_eq!(error.to_string(), "unexpected 200 response: body: bad");
        assert_eq!(snippet(&[b'y'; 300]).chars().count(), 201);
    }
}
