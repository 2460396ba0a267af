//! RFC 9457 problem details: the one error body every framework answer uses.
//!
//! A [`Problem`] carries the standard members (`type`, `title`, `status`,
//! `detail`, `instance`) plus the house extensions: a stable snake_case
//! `code`, the `requestId` of the request that failed, and for validation
//! failures a list of [`FieldError`]s saying where each problem is.
//!
//! There is one constructor per status the framework itself answers with.
//! Each sets the standard reason phrase as `title` and a stable `code`;
//! handlers refine them with the `with_*` builders:
//!
//! ```
//! use specforge_runtime::problem::{FieldError, Location, Problem};
//!
//! let problem = Problem::validation(vec![FieldError::new(
//!     Location::Body,
//!     "/name",
//!     "must not be empty",
//! )]);
//! assert_eq!(problem.status, 400);
//! assert_eq!(problem.code, "validation_failed");
//!
//! let missing = Problem::not_found().with_detail("No product with id 42.");
//! assert_eq!(missing.to_string(), "404 Not Found (not_found): No product with id 42.");
//! ```
//!
//! With the `server` feature, `Problem` is an `axum` response: its status,
//! `content-type: application/problem+json`, any extra [`ProblemDetails::headers`]
//! (such as `allow`, `www-authenticate` or `retry-after`) and the JSON body.
//! `requestId` is filled in by the `request_id` layer (feature `server`)
//! when the handler left it empty, and `framework_errors` rewrites axum's
//! own plain-text or empty error responses (405, 413, extractor rejections)
//! as problems.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The media type of a problem details body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The `type` of a problem that has no more specific type URI.
pub const ABOUT_BLANK: &str = "about:blank";

/// An RFC 9457 problem details object, with the specforge extensions.
///
/// Its members live in [`ProblemDetails`] behind one box, so that
/// `Result<T, Problem>` stays small; they read and write as fields of the
/// problem itself (`problem.status`, `problem.code = …`) through `Deref`.
///
/// Serialized with camelCase member names; `detail`, `instance`,
/// `requestId` are omitted when empty and so is `errors`.
/// [`ProblemDetails::headers`] is never serialized: it holds response
/// headers that belong with the problem (for instance `retry-after` on a
/// 429).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problem(Box<ProblemDetails>);

/// The members of a [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDetails {
    /// A URI reference identifying the problem type; `about:blank` when the
    /// status code says it all.
    #[serde(rename = "type", default = "about_blank")]
    pub r#type: String,
    /// A short, human-readable summary of the problem type.
    #[serde(default)]
    pub title: String,
    /// The HTTP status code (0 when a foreign problem body omitted it).
    #[serde(default)]
    pub status: u16,
    /// A human-readable explanation specific to this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A URI reference identifying this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// A stable, snake_case, machine-readable error code.
    #[serde(default)]
    pub code: String,
    /// The id of the request that failed (the `request-id` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Where each part of the request failed validation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Response headers sent along with the problem (lowercase names); not
    /// part of the body.
    #[serde(skip)]
    pub headers: Vec<(String, String)>,
}

fn about_blank() -> String {
    ABOUT_BLANK.to_owned()
}

/// Where in the request a [`FieldError`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// The request body.
    Body,
}

impl Location {
    /// The lowercase name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
            Self::Body => "body",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One validation failure: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldError {
    /// The part of the request holding the bad value.
    pub location: Location,
    /// A JSON pointer to the value: inside the body for [`Location::Body`]
    /// (`""` for the whole body), else `/<parameter name>`.
    pub pointer: String,
    /// What is wrong, for a human.
    pub detail: String,
}

impl FieldError {
    /// A field error at `pointer` in `location`.
    pub fn new(location: Location, pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            location,
            pointer: pointer.into(),
            detail: detail.into(),
        }
    }

    /// A field error about the parameter `name` (path, query, header or
    /// cookie); the pointer is `/` followed by the escaped name.
    pub fn param(location: Location, name: &str, detail: impl Into<String>) -> Self {
        Self::new(
            location,
            format!("/{}", escape_pointer_segment(name)),
            detail,
        )
    }

    /// A field error at `pointer` inside the request body.
    pub fn body(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(Location::Body, pointer, detail)
    }
}

/// Reads back one JSON pointer reference token written by
/// [`escape_pointer_segment`]: `~1` becomes `/`, then `~0` becomes `~`.
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Escapes one JSON pointer reference token (RFC 6901): `~` becomes `~0`
/// and `/` becomes `~1`.
pub fn escape_pointer_segment(segment: &str) -> Cow<'_, str> {
    // A byte scan: a `char` set pattern costs more on names this short.
    if segment.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// Rounds a duration up to whole seconds, as `retry-after` wants.
pub(crate) fn ceil_secs(duration: Duration) -> u64 {
    let secs = duration.as_secs();
    if duration.subsec_nanos() > 0 {
        secs.saturating_add(1)
    } else {
        secs
    }
}

impl Problem {
    /// A problem with `status`, a stable `code` and a `title`; `type` is
    /// `about:blank` and everything else is empty.
    pub fn new(status: u16, code: impl Into<String>, title: impl Into<String>) -> Self {
        Self::from(ProblemDetails {
            r#type: about_blank(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            code: code.into(),
            request_id: None,
            errors: Vec::new(),
            headers: Vec::new(),
        })
    }

    /// 400: the request is malformed (bad JSON, unparsable parameter).
    /// Code `bad_request`.
    pub fn bad_request() -> Self {
        Self::new(400, "bad_request", "Bad Request")
    }

    /// 400: the request failed schema validation; `errors` says where.
    /// Code `validation_failed`.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.len() {
            1 => "The request has 1 invalid value.".to_owned(),
            n => format!("The request has {n} invalid values."),
        };
        Self::new(400, "validation_failed", "Bad Request")
            .with_detail(detail)
            .with_errors(errors)
    }

    /// 401: credentials are missing or invalid. `challenge` becomes the
    /// `www-authenticate` header (for instance `Bearer` or
    /// `Basic realm="api"`). Code `unauthorized`.
    pub fn unauthorized(challenge: impl Into<String>) -> Self {
        Self::new(401, "unauthorized", "Unauthorized").with_header("www-authenticate", challenge)
    }

    /// 403: authenticated, but not allowed (for instance a missing scope).
    /// Code `forbidden`.
    pub fn forbidden() -> Self {
        Self::new(403, "forbidden", "Forbidden")
    }

    /// 404: no such resource or route. Code `not_found`.
    pub fn not_found() -> Self {
        Self::new(404, "not_found", "Not Found")
    }

    /// 405: the route exists but not for this method; `allowed` becomes the
    /// `allow` header. Code `method_not_allowed`.
    pub fn method_not_allowed<I>(allowed: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let allow = allowed
            .into_iter()
            .map(|m| m.as_ref().to_owned())
            .collect::<Vec<_>>()
            .join(", ");
        Self::new(405, "method_not_allowed", "Method Not Allowed").with_header("allow", allow)
    }

    /// 406: no representation matches the `accept` header.
    /// Code `not_acceptable`.
    pub fn not_acceptable() -> Self {
        Self::new(406, "not_acceptable", "Not Acceptable")
    }

    /// 409: the request conflicts with the current state.
    /// Code `conflict`.
    pub fn conflict() -> Self {
        Self::new(409, "conflict", "Conflict")
    }

    /// 412: an `if-match` (or other precondition) did not hold.
    /// Code `precondition_failed`.
    pub fn precondition_failed() -> Self {
        Self::new(412, "precondition_failed", "Precondition Failed")
    }

    /// 413: the request body is over the limit. Code `payload_too_large`.
    pub fn payload_too_large() -> Self {
        Self::new(413, "payload_too_large", "Content Too Large")
    }

    /// 415: the operation does not accept this `content-type`.
    /// Code `unsupported_media_type`.
    pub fn unsupported_media_type() -> Self {
        Self::new(415, "unsupported_media_type", "Unsupported Media Type")
    }

    /// 422: well-formed, but it breaks a domain rule.
    /// Code `unprocessable_content`.
    pub fn unprocessable() -> Self {
        Self::new(422, "unprocessable_content", "Unprocessable Content")
    }

    /// 428: the operation requires a precondition (`if-match`).
    /// Code `precondition_required`.
    pub fn precondition_required() -> Self {
        Self::new(428, "precondition_required", "Precondition Required")
    }

    /// 429: rate limited; `retry_after` becomes the `retry-after` header
    /// (whole seconds, rounded up). Code `rate_limited`.
    pub fn too_many_requests(retry_after: Duration) -> Self {
        Self::new(429, "rate_limited", "Too Many Requests")
            .with_header("retry-after", ceil_secs(retry_after).to_string())
    }

    /// 500: something failed on the server. The body never says what: log
    /// the cause, return this. Code `internal_error`.
    pub fn internal() -> Self {
        Self::new(500, "internal_error", "Internal Server Error")
            .with_detail("The server could not complete the request.")
    }

    /// 501: the operation exists in the contract but has no implementation
    /// yet (the generated `Api` trait's default methods answer this). Code
    /// `not_implemented`.
    pub fn not_implemented(operation_id: &str) -> Self {
        Self::new(501, "not_implemented", "Not Implemented")
            .with_detail(format!("`{operation_id}` is not implemented yet."))
    }

    /// 503: overloaded or a dependency is down; `retry_after`, when given,
    /// becomes the `retry-after` header. Code `service_unavailable`.
    pub fn service_unavailable(retry_after: Option<Duration>) -> Self {
        let problem = Self::new(503, "service_unavailable", "Service Unavailable");
        match retry_after {
            Some(after) => problem.with_header("retry-after", ceil_secs(after).to_string()),
            None => problem,
        }
    }

    /// The standard problem for any error `status`: the constructor's for
    /// the statuses above (without their status-specific headers), else one
    /// titled with the reason phrase and coded with it in snake_case
    /// (`418` → `im_a_teapot`). A 5xx is always [`Problem::internal`]-safe:
    /// it has no detail beyond the generic one.
    pub fn for_status(status: u16) -> Self {
        match status {
            400 => Self::bad_request(),
            401 => Self::new(401, "unauthorized", "Unauthorized"),
            403 => Self::forbidden(),
            404 => Self::not_found(),
            405 => Self::new(405, "method_not_allowed", "Method Not Allowed"),
            406 => Self::not_acceptable(),
            409 => Self::conflict(),
            412 => Self::precondition_failed(),
            413 => Self::payload_too_large(),
            415 => Self::unsupported_media_type(),
            422 => Self::unprocessable(),
            428 => Self::precondition_required(),
            429 => Self::new(429, "rate_limited", "Too Many Requests"),
            500 => Self::internal(),
            503 => Self::new(503, "service_unavailable", "Service Unavailable"),
            _ => {
                let reason = reason_phrase(status);
                let code = reason
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
                    .map(|c| {
                        if c == ' ' || c == '-' {
                            '_'
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect::<String>();
                Self::new(status, code, reason)
            }
        }
    }

    /// Sets `detail`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets `code`.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = code.into();
        self
    }

    /// Sets `title`.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets `type`.
    pub fn with_type(mut self, r#type: impl Into<String>) -> Self {
        self.r#type = r#type.into();
        self
    }

    /// Sets `instance`.
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Sets `requestId`.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Appends field errors.
    pub fn with_errors(mut self, errors: impl IntoIterator<Item = FieldError>) -> Self {
        self.errors.extend(errors);
        self
    }

    /// Appends one field error.
    pub fn with_error(mut self, error: FieldError) -> Self {
        self.errors.push(error);
        self
    }

    /// Adds a response header sent with this problem (the name is
    /// lowercased; a header of the same name is replaced).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into().to_ascii_lowercase();
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.into()));
        self
    }

    /// The value of the extra response header `name`, if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether this is a server error (5xx).
    pub fn is_server_error(&self) -> bool {
        (500..600).contains(&self.status)
    }

    /// The JSON body, as bytes.
    pub fn to_json(&self) -> Vec<u8> {
        // A `Problem` holds only strings, numbers and lists: it always
        // serializes.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl From<ProblemDetails> for Problem {
    fn from(details: ProblemDetails) -> Self {
        Self(Box::new(details))
    }
}

impl From<Problem> for ProblemDetails {
    fn from(problem: Problem) -> Self {
        *problem.0
    }
}

impl Deref for Problem {
    type Target = ProblemDetails;

    fn deref(&self) -> &ProblemDetails {
        &self.0
    }
}

impl DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut ProblemDetails {
        &mut self.0
    }
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Problem {
    /// `404 Not Found (not_found): detail`, leaving out what a foreign
    /// problem body did not say.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.status != 0 {
            parts.push(self.status.to_string());
        }
        if !self.title.is_empty() {
            parts.push(self.title.clone());
        }
        if !self.code.is_empty() {
            parts.push(format!("({})", self.code));
        }
        if parts.is_empty() {
            parts.push(self.r#type.clone());
        }
        f.write_str(&parts.join(" "))?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// The reason phrase of `status`, or a generic one.
fn reason_phrase(status: u16) -> &'static str {
    #[cfg(feature = "server")]
    if let Some(reason) = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
    {
        return reason;
    }
    match status {
        400..=499 => "Client Error",
        500..=599 => "Server Error",
        _ => "Error",
    }
}

/// Rewrites the framework's own error responses as problems.
///
/// axum answers some requests before any handler runs: an empty 405 with
/// `allow` when the path exists but not the method, `text/plain` rejections
/// from its extractors (413 over the body limit, 415, 400, …). Mapped over a
/// router with `axum::middleware::map_response(problem::framework_errors)`,
/// this turns every 4xx/5xx response that has no body or a `text/plain` one
/// into the [`Problem::for_status`] problem, keeping the other headers
/// (`allow`, `www-authenticate`, `retry-after`, …). A 4xx's plain text
/// becomes the `detail`; a 5xx's text is dropped, as it may leak internals.
/// Responses with any other content type (JSON, problem+json, …) are left
/// alone, so handlers' own error bodies pass through.
#[cfg(feature = "server")]
pub async fn framework_errors(response: axum::response::Response) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;

    /// Longer plain-text bodies are not used as a detail.
    const MAX_DETAIL: usize = 1024;

    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let plain = match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(value) => value.to_str().is_ok_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/plain"))
        }),
    };
    if !plain {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_DETAIL).await.ok();
    let mut problem = Problem::for_status(status.as_u16());
    if status.is_client_error() {
        if let Some(text) = text
            .as_deref()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .map(str::trim)
            .filter(|text| !text.is_empty())
        {
            problem = problem.with_detail(text);
        }
    }
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut rewritten = problem.into_response();
    for (name, value) in &parts.headers {
        if !rewritten.headers().contains_key(name) {
            rewritten.headers_mut().append(name, value.clone());
        }
    }
    rewritten
}

#[cfg(feature = "server")]
impl axum::response::IntoResponse for Problem {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{HeaderName, HeaderValue, StatusCode, header};

        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.to_json()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_with_camel_case_and_skips_empty_members() {
        let problem = Problem::not_found().with_request_id("abc");
        let value = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            value,
            json!({
                "type": "about:blank",
                "title": "Not Found",
                "status": 404,
                "code": "not_found",
                "requestId": "abc",
            })
        );
    }

    #[test]
    fn validation_lists_field_errors_with_lowercase_locations() {
        let problem = Problem::validation(vec![
            FieldError::body("/items/0/name", "must not be empty"),
            FieldError::param(Location::Query, "limit", "must be at most 100"),
        ]);
        let value = serde_json::to_value(&problem).unwrap();
        assert_eq!(value["status"], 400);
        assert_eq!(value["code"], "validation_failed");
        assert_eq!(value["detail"], "The request has 2 invalid values.");
        assert_eq!(
            value["errors"],
            json!([
                {"location": "body", "pointer": "/items/0/name", "detail": "must not be empty"},
                {"location": "query", "pointer": "/limit", "detail": "must be at most 100"},
            ])
        );
    }

    #[test]
    fn round_trips_and_tolerates_foreign_bodies() {
        let problem = Problem::conflict()
            .with_detail("taken")
            .with_instance("/x")
            .with_error(FieldError::new(Location::Header, "/if-match", "stale"));
        let back: Problem = serde_json::from_slice(&problem.to_json()).unwrap();
        assert_eq!(back, problem);

        let foreign: Problem =
            serde_json::from_value(json!({"title": "Oops", "extra": 1})).unwrap();
        assert_eq!(foreign.r#type, ABOUT_BLANK);
        assert_eq!(foreign.status, 0);
        assert!(foreign.code.is_empty());
    }

    #[test]
    fn constructors_have_statuses_and_stable_codes() {
        let cases = [
            (Problem::bad_request(), 400, "bad_request"),
            (Problem::validation(vec![]), 400, "validation_failed"),
            (Problem::unauthorized("Bearer"), 401, "unauthorized"),
            (Problem::forbidden(), 403, "forbidden"),
            (Problem::not_found(), 404, "not_found"),
            (
                Problem::method_not_allowed(["GET"]),
                405,
                "method_not_allowed",
            ),
            (Problem::not_acceptable(), 406, "not_acceptable"),
            (Problem::conflict(), 409, "conflict"),
            (Problem::precondition_failed(), 412, "precondition_failed"),
            (Problem::payload_too_large(), 413, "payload_too_large"),
            (
                Problem::unsupported_media_type(),
                415,
                "unsupported_media_type",
            ),
            (Problem::unprocessable(), 422, "unprocessable_content"),
            (
                Problem::precondition_required(),
                428,
                "precondition_required",
            ),
            (
                Problem::too_many_requests(Duration::from_secs(1)),
                429,
                "rate_limited",
            ),
            (Problem::internal(), 500, "internal_error"),
            (
                Problem::service_unavailable(None),
                503,
                "service_unavailable",
            ),
        ];
        for (problem, status, code) in cases {
            assert_eq!(problem.status, status, "{code}");
            assert_eq!(problem.code, code);
            assert!(!problem.title.is_empty());
            assert_eq!(problem.r#type, ABOUT_BLANK);
        }
    }

    #[test]
    fn status_specific_headers() {
        assert_eq!(
            Problem::unauthorized("Bearer").header("WWW-Authenticate"),
            Some("Bearer")
        );
        assert_eq!(
            Problem::method_not_allowed(["GET", "HEAD"]).header("allow"),
            Some("GET, HEAD")
        );
        assert_eq!(
            Problem::too_many_requests(Duration::from_millis(1500)).header("retry-after"),
            Some("2")
        );
        assert_eq!(
            Problem::service_unavailable(Some(Duration::from_secs(30))).header("retry-after"),
            Some("30")
        );
        let replaced = Problem::forbidden()
            .with_header("X-A", "1")
            .with_header("x-a", "2");
        assert_eq!(replaced.headers, vec![("x-a".to_owned(), "2".to_owned())]);
        // Headers are never part of the body.
        assert!(
            serde_json::to_value(&replaced)
                .unwrap()
                .get("headers")
                .is_none()
        );
    }

    #[test]
    fn is_small_and_derefs_to_its_members() {
        assert_eq!(std::mem::size_of::<Problem>(), std::mem::size_of::<usize>());
        let mut problem = Problem::conflict();
        problem.detail = Some("changed".into());
        let details = ProblemDetails::from(problem.clone());
        assert_eq!(details.detail.as_deref(), Some("changed"));
        assert_eq!(Problem::from(details), problem);
        assert!(format!("{problem:?}").starts_with("ProblemDetails {"));
    }

    #[test]
    fn internal_never_leaks() {
        let problem = Problem::internal();
        assert!(problem.is_server_error());
        assert_eq!(
            problem.detail.as_deref(),
            Some("The server could not complete the request.")
        );
    }

    #[test]
    fn display_and_error() {
        let problem = Problem::forbidden().with_detail("missing scope write:pets");
        assert_eq!(
            problem.to_string(),
            "403 Forbidden (forbidden): missing scope write:pets"
        );
        let error: Box<dyn std::error::Error> = Box::new(Problem::not_found());
        assert_eq!(error.to_string(), "404 Not Found (not_found)");
    }

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(escape_pointer_segment("plain"), "plain");
        assert_eq!(escape_pointer_segment("a/b~c"), "a~1b~0c");
        assert_eq!(unescape_pointer_segment("a~1b~0c~01"), "a/b~c~1");
        assert_eq!(
            FieldError::param(Location::Header, "x/y", "bad").pointer,
            "/x~1y"
        );
    }

    #[test]
    fn ceil_secs_rounds_up() {
        assert_eq!(ceil_secs(Duration::ZERO), 0);
        assert_eq!(ceil_secs(Duration::from_secs(3)), 3);
        assert_eq!(ceil_secs(Duration::from_millis(3001)), 4);
    }

    #[test]
    fn foreign_problems_print_what_they_say() {
        let foreign: Problem =
            serde_json::from_str(r#"{"title": "Validation failed", "detail": "name"}"#).unwrap();
        assert_eq!(foreign.to_string(), "Validation failed: name");
        assert_eq!(
            Problem::not_found().to_string(),
            "404 Not Found (not_found)"
        );
    }

    #[test]
    fn for_status_covers_every_error_status() {
        assert_eq!(Problem::for_status(404), Problem::not_found());
        assert_eq!(Problem::for_status(500), Problem::internal());
        let allow_less = Problem::for_status(405);
        assert_eq!(allow_less.code, "method_not_allowed");
        assert!(allow_less.headers.is_empty());
        assert_eq!(Problem::for_status(429).code, "rate_limited");
        assert_eq!(Problem::for_status(503).code, "service_unavailable");
        #[cfg(feature = "server")]
        {
            let teapot = Problem::for_status(418);
            assert_eq!(
                (teapot.title.as_str(), teapot.code.as_str()),
                ("I'm a teapot", "im_a_teapot")
            );
            assert_eq!(Problem::for_status(504).code, "gateway_timeout");
        }
        assert_eq!(Problem::for_status(499).status, 499);
        assert!(!Problem::for_status(599).code.is_empty());
    }

    #[cfg(feature = "server")]
    #[tokio::test]
    async fn framework_errors_become_problems() {
        use axum::Router;
        use axum::body::{Body, Bytes};
        use axum::extract::DefaultBodyLimit;
        use axum::http::{Request, StatusCode};
        use axum::response::IntoResponse;
        use axum::routing::{get, post};
        use tower::ServiceExt;

        let app = Router::new()
            .route(
                "/things",
                get(|| async { "list" }).post(|_: Bytes| async { "made" }),
            )
            .route(
                "/json-error",
                get(|| async {
                    (
                        StatusCode::CONFLICT,
                        axum::Json(serde_json::json!({"mine": true})),
                    )
                }),
            )
            .route(
                "/crash",
                get(|| async {
                    (StatusCode::INTERNAL_SERVER_ERROR, "db password is hunter2").into_response()
                }),
            )
            .route("/upload", post(|_: Bytes| async { "ok" }))
            .layer(DefaultBodyLimit::max(8))
            .layer(axum::middleware::map_response(framework_errors));
        let call = |request: Request<Body>| {
            let app = app.clone();
            async move {
                let response = app.oneshot(request).await.unwrap();
                let (parts, body) = response.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
                (parts, body)
            }
        };

        let (parts, body) = call(Request::delete("/things").body(Body::empty()).unwrap()).await;
        assert_eq!(parts.status, 405);
        assert_eq!(parts.headers["content-type"], PROBLEM_JSON);
        assert!(parts.headers["allow"].to_str().unwrap().contains("GET"));
        let problem: Problem = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem.code, "method_not_allowed");

        let (parts, body) = call(
            Request::post("/upload")
                .body(Body::from("far too long"))
                .unwrap(),
        )
        .await;
        assert_eq!(parts.status, 413);
        let problem: Problem = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem.code, "payload_too_large");
        assert!(problem.detail.is_some());

        let (parts, body) = call(Request::get("/crash").body(Body::empty()).unwrap()).await;
        assert_eq!(parts.status, 500);
        assert!(!String::from_utf8_lossy(&body).contains("hunter2"));

        let (parts, body) = call(Request::get("/json-error").body(Body::empty()).unwrap()).await;
        assert_eq!(parts.status, 409);
        assert_eq!(parts.headers["content-type"], "application/json");
        assert_eq!(&body[..], br#"{"mine":true}"#);

        let (parts, body) = call(Request::get("/things").body(Body::empty()).unwrap()).await;
        assert_eq!(parts.status, 200);
        assert_eq!(&body[..], b"list");
    }

    #[cfg(feature = "server")]
    #[tokio::test]
    async fn into_response_sets_status_content_type_headers_and_body() {
        use axum::response::IntoResponse;

        let response = Problem::method_not_allowed(["GET"]).into_response();
        assert_eq!(response.status(), 405);
        assert_eq!(response.headers()["content-type"], PROBLEM_JSON);
        assert_eq!(response.headers()["allow"], "GET");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["code"], "method_not_allowed");
        assert_eq!(value["status"], 405);

        let odd = Problem::new(42, "odd", "Odd").into_response();
        assert_eq!(odd.status(), 500);
    }
}
