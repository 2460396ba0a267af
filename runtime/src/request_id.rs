//! Request ids: one per request, from the `request-id` header or generated.
//!
//! [`RequestIdLayer`] wraps a whole router:
//!
//! - it honours an incoming `request-id` header when it is 1 to
//!   [`MAX_REQUEST_ID_LEN`] visible ASCII characters, and otherwise
//!   generates a UUID v4;
//! - it stores the [`RequestId`] in the request extensions (handlers take it
//!   as an extractor) and makes it available to any code running for the
//!   request through [`RequestId::current`];
//! - it runs the request inside a `tracing` span named `request` with the
//!   OpenTelemetry HTTP server fields `http.request.method`, `url.path`
//!   (never the query, which may carry an API key or a cursor) and, when
//!   known, `http.route`, `operation.id` (recorded by the generated
//!   router's pipeline) and `http.response.status_code`, plus `request_id`;
//! - it echoes the id in the `request-id` header of every response;
//! - it fills `requestId` in any `application/problem+json` response body
//!   that lacks one, so framework errors carry it too.
//!
//! Add it last (outermost), after
//! `axum::middleware::map_response(problem::framework_errors)`, so it sees
//! every response, including the framework's own errors:
//!
//! ```
//! use axum::{Router, routing::get};
//! use specforge_runtime::request_id::{RequestId, RequestIdLayer};
//!
//! async fn hello(id: RequestId) -> String {
//!     format!("hello from {id}")
//! }
//!
//! let app: Router = Router::new()
//!     .route("/hello", get(hello))
//!     .layer(axum::middleware::map_response(
//!         specforge_runtime::problem::framework_errors,
//!     ))
//!     .layer(RequestIdLayer::new());
//! ```

use std::cell::RefCell;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, HttpBody};
use axum::extract::FromRequestParts;
use http::request::Parts;
use http::{HeaderMap, HeaderName, HeaderValue, Request, Response, header};
use tower::{Layer, Service};
use tracing::Instrument;

use crate::problem::PROBLEM_JSON;
use crate::server::Principal;

/// The `request-id` header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// The longest incoming request id that is honoured.
pub const MAX_REQUEST_ID_LEN: usize = 200;

/// Problem bodies larger than this are passed through untouched.
const MAX_PROBLEM_BODY: u64 = 64 * 1024;

tokio::task_local! {
    pub(crate) static CURRENT: RequestScope;
}

/// What the code running for the request being served can reach: its id,
/// and the principal authentication handed over here (rather than in the
/// request's extensions), held until the handler's input takes it.
pub(crate) struct RequestScope {
    pub(crate) id: RequestId,
    pub(crate) principal: RefCell<Option<Principal>>,
}

impl RequestScope {
    pub(crate) fn new(id: RequestId) -> Self {
        Self {
            id,
            principal: RefCell::new(None),
        }
    }
}

/// The id of one request: visible ASCII, at most [`MAX_REQUEST_ID_LEN`]
/// characters. Cheap to clone.
///
/// As an axum extractor it never fails: it is the id [`RequestIdLayer`]
/// put in the extensions, else the id of the request being served
/// ([`RequestId::current`], as in a generated router), else a freshly
/// generated one.
#[derive(Clone)]
pub struct RequestId(Repr);

/// Where the id's text lives. A request's id is copied into its
/// task-local, its context and its answer: a generated one is copied
/// whole, which costs less than counting references to shared bytes.
#[derive(Clone)]
enum Repr {
    /// Generated here: a hyphenated UUID.
    Generated([u8; uuid::fmt::Hyphenated::LENGTH]),
    /// The client's `request-id` header, sharing the request's bytes.
    Given(HeaderValue),
}

impl RequestId {
    /// A new random id (a UUID v4, hyphenated).
    pub fn generate() -> Self {
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
        Self(Repr::Generated(text))
    }

    /// `value` as a request id, if it is 1 to [`MAX_REQUEST_ID_LEN`]
    /// visible ASCII characters (`!` to `~`).
    pub fn parse(value: &str) -> Option<Self> {
        Self::is_valid(value.as_bytes())
            .then(|| HeaderValue::from_str(value).ok().map(Repr::Given).map(Self))
            .flatten()
    }

    fn is_valid(value: &[u8]) -> bool {
        !value.is_empty()
            && value.len() <= MAX_REQUEST_ID_LEN
            && value.iter().all(|b| b.is_ascii_graphic())
    }

    /// The id of the request `headers` belong to: the `request-id` header
    /// when valid, else a generated one.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        headers
            .get(REQUEST_ID)
            .filter(|value| Self::is_valid(value.as_bytes()))
            // The header as it came: a clone shares its bytes.
            .map(|value| Self(Repr::Given(value.clone())))
            .unwrap_or_else(Self::generate)
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        // Only visible ASCII gets in, so this cannot fail.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Generated(text) => text,
            Repr::Given(value) => value.as_bytes(),
        }
    }

    /// The id of the request being served by the current task, when running
    /// under [`RequestIdLayer`] or in a generated router.
    pub fn current() -> Option<Self> {
        CURRENT.try_with(|scope| scope.id.clone()).ok()
    }

    fn header_value(&self) -> HeaderValue {
        match &self.0 {
            Repr::Generated(text) => HeaderValue::from_bytes(text)
                .unwrap_or_else(|_| HeaderValue::from_static("invalid")),
            Repr::Given(value) => value.clone(),
        }
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RequestId").field(&self.as_str()).finish()
    }
}

/// Ids compare by their text, wherever it lives.
impl PartialEq for RequestId {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for RequestId {}

impl std::hash::Hash for RequestId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialOrd for RequestId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RequestId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Self>()
            .cloned()
            .or_else(Self::current)
            .unwrap_or_else(Self::generate))
    }
}

/// A tower layer that gives every request a [`RequestId`] (see the
/// [module docs](self)).
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIdLayer {
    framework_errors: bool,
}

impl RequestIdLayer {
    /// The layer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Also rewrites the framework's own plain-text and empty error
    /// answers as problems ([`framework_errors`](crate::problem::framework_errors)),
    /// saving a layer of its own.
    pub fn with_framework_errors(mut self) -> Self {
        self.framework_errors = true;
        self
    }
}

impl<S> Layer<S> for RequestIdLayer {
    type Service = RequestIdService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestIdService {
            inner,
            framework_errors: self.framework_errors,
        }
    }
}

/// The service made by [`RequestIdLayer`].
#[derive(Debug, Clone)]
pub struct RequestIdService<S> {
    inner: S,
    framework_errors: bool,
}

impl<S, B> Service<Request<B>> for RequestIdService<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let id = RequestId::from_headers(request.headers());
        request.extensions_mut().insert(id.clone());
        let span = request_span(&id, &request);
        let self_rewrites = self.framework_errors;
        // The clone is not ready; keep the service that is.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let future = CURRENT.sync_scope(RequestScope::new(id.clone()), || {
            span.in_scope(|| inner.call(request))
        });
        Box::pin(
            CURRENT.scope(
                RequestScope::new(id.clone()),
                async move {
                    let mut response = future.await?;
                    tracing::Span::current()
                        .record("http.response.status_code", response.status().as_u16());
                    if self_rewrites
                        && (response.status().is_client_error()
                            || response.status().is_server_error())
                    {
                        response = crate::problem::framework_errors(response).await;
                    }
                    Ok(finish(response, &id).await)
                }
                .instrument(span),
            ),
        )
    }
}

/// `response` with `id` in its `request-id` header: all [`finish`] does
/// to an answer that is not an error.
pub(crate) fn echo_id(mut response: Response<Body>, id: &RequestId) -> Response<Body> {
    response.headers_mut().insert(REQUEST_ID, id.header_value());
    response
}

/// Echoes the id and fills it into a problem body.
pub(crate) async fn finish(response: Response<Body>, id: &RequestId) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(REQUEST_ID, id.header_value());
    // Problems answer errors: a success is sent as it is.
    let error = parts.status.is_client_error() || parts.status.is_server_error();
    let small = HttpBody::size_hint(&body)
        .exact()
        .is_some_and(|len| len <= MAX_PROBLEM_BODY);
    if !(error && small && is_problem_json(&parts.headers)) {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        // Reading a full, in-memory body does not fail; if it does, the
        // body is gone and an empty one is all that is left to send.
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    };
    let body = match with_request_id(&bytes, id) {
        Some(filled) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(filled)
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

fn is_problem_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(PROBLEM_JSON))
}

/// The problem body with `requestId` set, or `None` when it already has one
/// or is not a JSON object.
fn with_request_id(body: &[u8], id: &RequestId) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object_mut()?;
    if object
        .get("requestId")
        .is_some_and(|existing| !existing.is_null())
    {
        return None;
    }
    object.insert("requestId".to_owned(), id.as_str().into());
    serde_json::to_vec(&value).ok()
}

/// The span of one request: its id, method and path (never the query, which
/// may hold secrets); route, operation and status are filled in later.
pub(crate) fn request_span<B>(id: &RequestId, request: &Request<B>) -> tracing::Span {
    tracing::info_span!(
        "request",
        request_id = %id,
        http.request.method = %request.method(),
        url.path = %request.uri().path(),
        http.route = tracing::field::Empty,
        operation.id = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    fn app() -> Router {
        Router::new()
            .route("/id", get(|id: RequestId| async move { id.to_string() }))
            .route(
                "/current",
                get(|| async {
                    RequestId::current()
                        .map(|id| id.to_string())
                        .unwrap_or_default()
                }),
            )
            .route("/problem", get(|| async { Problem::conflict() }))
            .route(
                "/problem-with-id",
                get(|| async { Problem::conflict().with_request_id("mine") }),
            )
            .fallback(|| async { Problem::not_found() })
            .layer(RequestIdLayer::new())
    }

    async fn get_with(path: &str, request_id: Option<&str>) -> (Response<Body>, Vec<u8>) {
        let mut request = Request::get(path);
        if let Some(id) = request_id {
            request = request.header("request-id", id);
        }
        let response = app()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (Response::from_parts(parts, Body::empty()), bytes.to_vec())
    }

    #[tokio::test]
    async fn honours_a_valid_incoming_id() {
        let (response, body) = get_with("/id", Some("abc-123")).await;
        assert_eq!(response.headers()["request-id"], "abc-123");
        assert_eq!(body, b"abc-123");
    }

    #[tokio::test]
    async fn generates_an_id_when_missing_or_invalid() {
        let too_long = "x".repeat(MAX_REQUEST_ID_LEN + 1);
        for incoming in [None, Some("has space"), Some(too_long.as_str())] {
            let (response, body) = get_with("/id", incoming).await;
            let echoed = response.headers()["request-id"].to_str().unwrap();
            assert!(uuid::Uuid::parse_str(echoed).is_ok(), "{echoed}");
            assert_eq!(body, echoed.as_bytes());
        }
        let longest = "y".repeat(MAX_REQUEST_ID_LEN);
        let (response, _) = get_with("/id", Some(&longest)).await;
        assert_eq!(response.headers()["request-id"], longest.as_str());
    }

    #[tokio::test]
    async fn current_is_set_inside_the_request() {
        let (_, body) = get_with("/current", Some("task-local")).await;
        assert_eq!(body, b"task-local");
        assert!(RequestId::current().is_none());
    }

    #[tokio::test]
    async fn the_extractor_reads_the_current_request_s_id() {
        let mut parts = Request::new(()).into_parts().0;
        let id = RequestId::parse("outer").unwrap();
        let read = CURRENT
            .scope(
                RequestScope::new(id.clone()),
                RequestId::from_request_parts(&mut parts, &()),
            )
            .await;
        assert_eq!(read, Ok(id));
        // Outside any request: a new one.
        let generated = RequestId::from_request_parts(&mut parts, &()).await;
        assert_eq!(generated.unwrap().as_str().len(), 36);
    }

    #[tokio::test]
    async fn fills_request_id_into_problem_bodies() {
        for path in ["/problem", "/no-such-route"] {
            let (response, body) = get_with(path, Some("rid-1")).await;
            assert_eq!(response.headers()["content-type"], PROBLEM_JSON);
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(value["requestId"], "rid-1", "{path}");
        }
    }

    #[tokio::test]
    async fn keeps_a_request_id_already_in_the_body() {
        let (response, body) = get_with("/problem-with-id", Some("rid-2")).await;
        assert_eq!(response.headers()["request-id"], "rid-2");
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["requestId"], "mine");
    }

    #[test]
    fn ids_compare_by_their_text_generated_or_given() {
        use std::hash::BuildHasher;
        let generated = RequestId::generate();
        let given = RequestId::parse(generated.as_str()).unwrap();
        assert_eq!(generated, given);
        assert_eq!(generated.cmp(&given), std::cmp::Ordering::Equal);
        let hasher = std::collections::hash_map::RandomState::new();
        assert_eq!(hasher.hash_one(&generated), hasher.hash_one(&given));
        assert_eq!(generated.header_value(), given.header_value());
        assert_eq!(
            format!("{generated:?}"),
            format!("RequestId({:?})", generated.as_str())
        );
        assert!(RequestId::parse("a").unwrap() < RequestId::parse("b").unwrap());
    }

    #[test]
    fn parse_validates() {
        assert!(RequestId::parse("").is_none());
        assert!(RequestId::parse("tab\there").is_none());
        assert!(RequestId::parse("é").is_none());
        assert_eq!(RequestId::parse("~!ok").unwrap().as_str(), "~!ok");
    }

    #[test]
    fn problem_media_type_detection() {
        let mut headers = HeaderMap::new();
        assert!(!is_problem_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Application/Problem+JSON; charset=utf-8"),
        );
        assert!(is_problem_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(!is_problem_json(&headers));
    }

    #[test]
    fn non_object_bodies_are_left_alone() {
        let id = RequestId::generate();
        assert!(with_request_id(b"[1]", &id).is_none());
        assert!(with_request_id(b"not json", &id).is_none());
        let filled = with_request_id(br#"{"requestId":null}"#, &id).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&filled).unwrap();
        assert_eq!(value["requestId"], id.as_str());
    }
}
