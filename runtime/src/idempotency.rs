//! The `Idempotency-Key` guard that generated handlers run operations in.
//!
//! [`Idempotency::run`] makes a retried request safe:
//!
//! - the key is scoped to the caller (`<principal or "anonymous">:<key>`),
//!   so two clients cannot see each other's responses;
//! - the request is fingerprinted (method, path and query, SHA-256 of the
//!   body);
//! - the first request with a key runs the handler; a response below 500 is
//!   stored for the TTL (24 hours by default); a 5xx, 408 or 429 is not (the
//!   request was not carried out), so a failure does not poison the key, and
//!   neither does a handler future dropped half-way (for instance because
//!   the client went away);
//! - a retry with the same key and request replays the stored response with
//!   `idempotent-replayed: true`;
//! - the same key with a different request is a 422 Problem, code
//!   `idempotency_key_reused`;
//! - the same key while the first request still runs is a 409 Problem, code
//!   `idempotency_key_in_use`, with `retry-after: 1`;
//! - it fails closed: when the store fails or does not answer within the
//!   guard's timeout (none by default; the generated router sets
//!   `ServerOptions::store_timeout`, 1 s) the answer is a 503 Problem with
//!   `retry-after: 1` and the handler does not run, so a keyed request never
//!   runs without its record. When storing the response fails after the
//!   handler ran, the response is still sent and the record stays in
//!   progress (retries get 409, not a second run) while storing is retried
//!   in the background until the lock expires.
//!
//! ```
//! use std::sync::Arc;
//! use axum::http::Method;
//! use axum::response::IntoResponse;
//! use specforge_runtime::idempotency::Idempotency;
//! use specforge_runtime::store::MemoryStore;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let guard = Idempotency::new(Arc::new(MemoryStore::new()));
//! let body = br#"{"amount": 10}"#;
//! let first = guard
//!     .run(Some("user-1"), "key-1", &Method::POST, "/payments", body, || async {
//!         (axum::http::StatusCode::CREATED, "paid").into_response()
//!     })
//!     .await;
//! assert_eq!(first.status(), 201);
//! let replay = guard
//!     .run(Some("user-1"), "key-1", &Method::POST, "/payments", body, || async {
//!         unreachable!("a replay does not run the handler")
//!     })
//!     .await;
//! assert_eq!(replay.headers()["idempotent-replayed"], "true");
//! # });
//! ```

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use sha2::{Digest, Sha256};

use crate::problem::{FieldError, Location, Problem};
use crate::store::{Begin, Store, StoredResponse};

/// The `idempotency-key` request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The `idempotent-replayed` response header, `true` on a replay.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// How long a completed response is kept: 24 hours.
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a request may run before its key is free again: 5 minutes.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(5 * 60);

/// The longest accepted idempotency key.
pub const MAX_KEY_LEN: usize = 255;

/// Response headers that belong to one exchange and are not replayed.
const NOT_REPLAYED: [&str; 8] = [
    "connection",
    "content-length",
    "date",
    "keep-alive",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "request-id",
];

/// The idempotency guard (see the [module docs](self)). Cheap to clone.
#[derive(Clone)]
pub struct Idempotency {
    store: Arc<dyn Store>,
    ttl: Duration,
    lock_ttl: Duration,
    timeout: Option<Duration>,
}

impl fmt::Debug for Idempotency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Idempotency")
            .field("ttl", &self.ttl)
            .field("lock_ttl", &self.lock_ttl)
            .finish_non_exhaustive()
    }
}

impl Idempotency {
    /// A guard over `store`, with [`DEFAULT_TTL`] and [`DEFAULT_LOCK_TTL`].
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            ttl: DEFAULT_TTL,
            lock_ttl: DEFAULT_LOCK_TTL,
            timeout: None,
        }
    }

    /// Counts a store call that takes longer than `timeout` as failed.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Keeps completed responses for `ttl`.
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Frees the key of a request still running after `lock_ttl` (set it
    /// above the longest a handler may take).
    pub fn with_lock_ttl(mut self, lock_ttl: Duration) -> Self {
        self.lock_ttl = lock_ttl;
        self
    }

    /// Runs `handler` under the idempotency key `key` of the caller
    /// `principal` (`None` for anonymous callers), for a request with
    /// `method`, `target` (path and query) and `body`.
    ///
    /// `key` is taken as given: read it with [`key_from_headers`], which
    /// holds it to the runtime's rule, or check it against the spec's own
    /// schema for the header. A store failure is a 503 Problem and the handler does
    /// not run.
    pub async fn run<F, Fut>(
        &self,
        principal: Option<&str>,
        key: &str,
        method: &Method,
        target: &str,
        body: &[u8],
        handler: F,
    ) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let scoped = scoped_key(principal, key);
        let fingerprint = fingerprint(method, target, body);
        let begin = crate::store::within(
            self.timeout,
            self.store
                .idempotency_begin(&scoped, &fingerprint, self.lock_ttl),
        )
        .await;
        match begin {
            Ok(Begin::Started) => self.execute(scoped, &fingerprint, handler).await,
            Ok(Begin::Completed(stored)) => replay(stored),
            Ok(Begin::InProgress) => Problem::conflict()
                .with_code("idempotency_key_in_use")
                .with_detail("A request with this Idempotency-Key is still being processed.")
                .with_header("retry-after", "1")
                .into_response(),
            Ok(Begin::Mismatch) => Problem::unprocessable()
                .with_code("idempotency_key_reused")
                .with_detail("This Idempotency-Key was already used for a different request.")
                .into_response(),
            Err(error) => {
                tracing::error!(%error, "idempotency store failed; request refused");
                crate::server::Rejection::StoreUnavailable.into_response()
            }
        }
    }

    async fn execute<F, Fut>(&self, scoped: String, fingerprint: &str, handler: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let mut pending = AbortOnDrop {
            store: Some(Arc::clone(&self.store)),
            key: scoped,
            timeout: self.timeout,
        };
        let (parts, body) = handler().await.into_parts();
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::error!(%error, "reading the response body to store failed");
                pending.abort().await;
                return Problem::internal().into_response();
            }
        };
        if !is_final(parts.status) {
            pending.abort().await;
        } else {
            let stored = StoredResponse {
                status: parts.status.as_u16(),
                headers: replayable_headers(&parts.headers),
                body: bytes.clone(),
            };
            let completed = crate::store::within(
                self.timeout,
                self.store
                    .idempotency_complete(&pending.key, fingerprint, &stored, self.ttl),
            )
            .await;
            pending.disarm();
            if let Err(error) = completed {
                // The handler ran: freeing the key would let a retry run it
                // again. Keep the record in progress and keep trying.
                tracing::error!(%error, "storing the idempotent response failed; retrying in the background");
                self.complete_later(pending.key.clone(), fingerprint.to_owned(), stored);
            }
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

impl Idempotency {
    /// Retries storing a response until it is stored or its in-progress
    /// record has expired anyway.
    fn complete_later(&self, key: String, fingerprint: String, stored: StoredResponse) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let guard = self.clone();
        runtime.spawn(async move {
            let give_up = tokio::time::Instant::now() + guard.lock_ttl;
            let mut pause = Duration::from_millis(100);
            while tokio::time::Instant::now() < give_up {
                tokio::time::sleep(pause).await;
                let call = guard
                    .store
                    .idempotency_complete(&key, &fingerprint, &stored, guard.ttl);
                match crate::store::within(guard.timeout, call).await {
                    Ok(()) => {
                        tracing::info!("stored an idempotent response after a store failure");
                        return;
                    }
                    Err(error) => {
                        tracing::debug!(%error, "storing the idempotent response failed again")
                    }
                }
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            tracing::error!(
                "gave up storing an idempotent response; its key frees when the lock expires"
            );
        });
    }
}

/// Whether a response records the outcome of the request, and so is
/// stored: anything but a 5xx, 408 Request Timeout or 429 Too Many Requests.
fn is_final(status: StatusCode) -> bool {
    !(status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS)
}

/// Frees the key when the request did not complete, even when the handler
/// future is dropped half-way.
struct AbortOnDrop {
    store: Option<Arc<dyn Store>>,
    key: String,
    timeout: Option<Duration>,
}

impl AbortOnDrop {
    async fn abort(&mut self) {
        if let Some(store) = self.store.take() {
            let abort = store.idempotency_abort(&self.key);
            if let Err(error) = crate::store::within(self.timeout, abort).await {
                tracing::error!(%error, "freeing the idempotency key failed");
            }
        }
    }

    fn disarm(&mut self) {
        self.store = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let key = std::mem::take(&mut self.key);
        let timeout = self.timeout;
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let abort = store.idempotency_abort(&key);
                if let Err(error) = crate::store::within(timeout, abort).await {
                    tracing::error!(%error, "freeing the idempotency key failed");
                }
            });
        }
    }
}

/// Checks an idempotency key: 1 to [`MAX_KEY_LEN`] characters of any text
/// a header value can carry (the key is only compared, never interpreted).
/// Else a 400 Problem pointing at the header.
pub fn validate_key(key: &str) -> Result<(), Problem> {
    if !key.is_empty() && key.chars().count() <= MAX_KEY_LEN {
        return Ok(());
    }
    Err(Problem::bad_request()
        .with_code("invalid_idempotency_key")
        .with_detail("The Idempotency-Key header is invalid.")
        .with_error(FieldError::param(
            Location::Header,
            IDEMPOTENCY_KEY.as_str(),
            format!("must be 1 to {MAX_KEY_LEN} characters"),
        )))
}

/// The `idempotency-key` header of a request: `Ok(None)` when absent, a 400
/// Problem when it is not a valid key. Bytes outside ASCII (obs-text) are
/// read as UTF-8 where they form it and replaced where they do not: the key
/// is only compared, so any stable reading will do.
pub fn key_from_headers(headers: &HeaderMap) -> Result<Option<Cow<'_, str>>, Problem> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = String::from_utf8_lossy(value.as_bytes());
    validate_key(&key)?;
    Ok(Some(key))
}

/// The key of a request to an operation whose spec declares the
/// `Idempotency-Key` header: its schema, checked with the other parameters,
/// says which keys are valid, so any text is taken (read as
/// [`key_from_headers`] reads it); an empty key is none.
pub fn declared_key_from_headers(headers: &HeaderMap) -> Option<Cow<'_, str>> {
    let value = headers.get(IDEMPOTENCY_KEY)?;
    Some(String::from_utf8_lossy(value.as_bytes())).filter(|key| !key.is_empty())
}

/// The store key for `key` used by `principal`:
/// `<principal or "anonymous">:<key>`, with `%` and `:` in the principal
/// percent-encoded so scopes cannot collide. A key longer than
/// [`MAX_KEY_LEN`] (which only a spec's own schema lets through) is stored
/// as its SHA-256, so store keys stay bounded.
pub fn scoped_key(principal: Option<&str>, key: &str) -> String {
    let principal = principal.unwrap_or("anonymous");
    let principal: Cow<'_, str> = if principal.contains(['%', ':']) {
        principal.replace('%', "%25").replace(':', "%3A").into()
    } else {
        principal.into()
    };
    if key.len() > MAX_KEY_LEN {
        let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(key.as_bytes()));
        return format!("{principal}:sha256:{digest}");
    }
    [principal.as_ref(), ":", key].concat()
}

/// The fingerprint of a request: `<method> <target> <SHA-256 of body>`
/// (base64url). Same key, different fingerprint: a different request.
pub fn fingerprint(method: &Method, target: &str, body: &[u8]) -> String {
    // 43 characters: 32 bytes in unpadded base64.
    let mut fingerprint = String::with_capacity(method.as_str().len() + target.len() + 45);
    for part in [method.as_str(), " ", target, " "] {
        fingerprint.push_str(part);
    }
    URL_SAFE_NO_PAD.encode_string(Sha256::digest(body), &mut fingerprint);
    fingerprint
}

fn replayable_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| !NOT_REPLAYED.contains(&name.as_str()))
        .filter_map(|(name, value)| {
            let value = value.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect()
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    headers.remove(header::CONTENT_LENGTH);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn guard() -> (Idempotency, Arc<MemoryStore>) {
        let store = Arc::new(MemoryStore::new());
        (Idempotency::new(store.clone()), store)
    }

    async fn body_of(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    async fn problem_of(response: Response) -> Problem {
        serde_json::from_str(&body_of(response).await).unwrap()
    }

    /// Runs the usual request (`POST /t` with key `k` and body `x`), its
    /// handler answering `answer()`.
    async fn run_answering(guard: &Idempotency, answer: impl FnOnce() -> Response) -> Response {
        guard
            .run(
                None,
                "k",
                &Method::POST,
                "/t",
                b"x",
                || async move { answer() },
            )
            .await
    }

    /// Asserts a refusal that asks to retry in a second.
    async fn assert_retry_later(response: Response, status: u16, code: &str) {
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()["retry-after"], "1");
        assert_eq!(problem_of(response).await.code, code);
    }

    fn created(calls: &AtomicUsize) -> Response {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        let mut response = (StatusCode::CREATED, format!("created {n}")).into_response();
        response
            .headers_mut()
            .insert("location", HeaderValue::from_static("/things/1"));
        response
            .headers_mut()
            .insert("request-id", HeaderValue::from_static("first"));
        response
    }

    #[tokio::test]
    async fn first_runs_retry_replays() {
        let (guard, _) = guard();
        let calls = AtomicUsize::new(0);
        let run = || {
            guard.run(
                Some("alice"),
                "k1",
                &Method::POST,
                "/things",
                b"{}",
                || async { created(&calls) },
            )
        };
        let first = run().await;
        assert_eq!(first.status(), 201);
        assert!(first.headers().get(IDEMPOTENT_REPLAYED).is_none());
        assert_eq!(body_of(first).await, "created 0");

        let replayed = run().await;
        assert_eq!(replayed.status(), 201);
        assert_eq!(replayed.headers()[IDEMPOTENT_REPLAYED], "true");
        assert_eq!(replayed.headers()["location"], "/things/1");
        assert!(replayed.headers().get("request-id").is_none());
        assert_eq!(body_of(replayed).await, "created 0");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn different_body_is_422() {
        let (guard, _) = guard();
        let calls = AtomicUsize::new(0);
        guard
            .run(None, "k", &Method::POST, "/t", b"a", || async {
                created(&calls)
            })
            .await;
        for (method, target, body) in [
            (Method::POST, "/t", &b"b"[..]),
            (Method::PUT, "/t", b"a"),
            (Method::POST, "/t?x=1", b"a"),
        ] {
            let response = guard
                .run(None, "k", &method, target, body, || async {
                    created(&calls)
                })
                .await;
            assert_eq!(response.status(), 422);
            assert_eq!(problem_of(response).await.code, "idempotency_key_reused");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn concurrent_same_key_is_409() {
        let (guard, _) = guard();
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
        let first = {
            let guard = guard.clone();
            tokio::spawn(async move {
                guard
                    .run(None, "k", &Method::POST, "/t", b"x", || async move {
                        started_tx.send(()).unwrap();
                        wait.await.unwrap();
                        StatusCode::OK.into_response()
                    })
                    .await
            })
        };
        started_rx.await.unwrap();
        let second = run_answering(&guard, || unreachable!("in progress")).await;
        assert_retry_later(second, 409, "idempotency_key_in_use").await;
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap().status(), 200);
    }

    #[tokio::test]
    async fn server_errors_do_not_poison_the_key() {
        let (guard, _) = guard();
        let failed = run_answering(&guard, || Problem::internal().into_response()).await;
        assert_eq!(failed.status(), 500);
        let retried = run_answering(&guard, || StatusCode::ACCEPTED.into_response()).await;
        assert_eq!(retried.status(), 202);
        assert!(retried.headers().get(IDEMPOTENT_REPLAYED).is_none());
    }

    #[tokio::test]
    async fn rate_limited_attempts_are_not_stored() {
        let (guard, _) = guard();
        let limited = run_answering(&guard, || {
            Problem::too_many_requests(Duration::from_secs(1)).into_response()
        })
        .await;
        assert_eq!(limited.status(), 429);
        let retried = run_answering(&guard, || StatusCode::CREATED.into_response()).await;
        assert_eq!(retried.status(), 201);
        assert!(!is_final(StatusCode::REQUEST_TIMEOUT));
        assert!(is_final(StatusCode::CONFLICT));
    }

    #[tokio::test]
    async fn client_errors_are_stored() {
        let (guard, _) = guard();
        run_answering(&guard, || Problem::unprocessable().into_response()).await;
        let replay = run_answering(&guard, || unreachable!("stored")).await;
        assert_eq!(replay.status(), 422);
        assert_eq!(replay.headers()["content-type"], crate::PROBLEM_JSON);
        assert_eq!(replay.headers()[IDEMPOTENT_REPLAYED], "true");
    }

    #[tokio::test]
    async fn dropped_handler_frees_the_key() {
        let (guard, _) = guard();
        let run = guard.run(None, "k", &Method::POST, "/t", b"x", || {
            std::future::pending::<Response>()
        });
        let timed_out = tokio::time::timeout(Duration::from_millis(20), run).await;
        assert!(timed_out.is_err());
        // The abort runs on a spawned task.
        tokio::task::yield_now().await;
        let retried = run_answering(&guard, || StatusCode::OK.into_response()).await;
        assert_eq!(retried.status(), 200);
    }

    #[tokio::test]
    async fn keys_are_scoped_per_principal() {
        let (guard, _) = guard();
        let calls = AtomicUsize::new(0);
        for principal in [Some("alice"), Some("bob"), None] {
            let response = guard
                .run(principal, "same", &Method::POST, "/t", b"x", || async {
                    created(&calls)
                })
                .await;
            assert!(response.headers().get(IDEMPOTENT_REPLAYED).is_none());
        }
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(scoped_key(None, "k"), "anonymous:k");
        assert_eq!(scoped_key(Some("a:b"), "c"), "a%3Ab:c");
        assert_ne!(scoped_key(Some("a:b"), "c"), scoped_key(Some("a"), "b:c"));
    }

    #[test]
    fn invalid_keys_are_400() {
        let long = "k".repeat(MAX_KEY_LEN + 1);
        for key in ["", long.as_str()] {
            let problem = validate_key(key).unwrap_err();
            assert_eq!(problem.status, 400);
            assert_eq!(problem.code, "invalid_idempotency_key");
            assert_eq!(problem.errors[0].location, Location::Header);
            assert_eq!(problem.errors[0].pointer, "/idempotency-key");
        }
    }

    #[tokio::test]
    async fn keys_a_spec_allows_past_the_rule_are_stored_bounded() {
        let (guard, _) = guard();
        let calls = Arc::new(AtomicUsize::new(0));
        let long = "k".repeat(4 * MAX_KEY_LEN);
        for _ in 0..2 {
            let response = guard
                .run(None, &long, &Method::POST, "/t", b"x", || {
                    let calls = calls.clone();
                    async move {
                        calls.fetch_add(1, Ordering::SeqCst);
                        StatusCode::CREATED.into_response()
                    }
                })
                .await;
            assert_eq!(response.status(), StatusCode::CREATED);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "replayed, not run again");
        let scoped = scoped_key(None, &long);
        assert!(scoped.len() < 100, "{scoped}");
        assert_ne!(scoped, scoped_key(None, &"k".repeat(4 * MAX_KEY_LEN + 1)));

        let mut headers = HeaderMap::new();
        assert_eq!(declared_key_from_headers(&headers), None);
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_static(""));
        assert_eq!(declared_key_from_headers(&headers), None);
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_str(&long).unwrap());
        assert_eq!(
            declared_key_from_headers(&headers).as_deref(),
            Some(long.as_str())
        );
    }

    #[tokio::test]
    async fn store_failure_is_503_and_skips_the_handler() {
        let guard = Idempotency::new(Arc::new(crate::store::tests::FailingStore));
        let response = run_answering(&guard, || unreachable!("store down")).await;
        assert_retry_later(response, 503, "store_unavailable").await;
    }

    #[test]
    fn key_from_headers_reads_and_validates() {
        let mut headers = HeaderMap::new();
        assert_eq!(key_from_headers(&headers), Ok(None));
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("abc"));
        assert_eq!(key_from_headers(&headers), Ok(Some("abc".into())));
        // Bytes that are not UTF-8 still make a stable key.
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_bytes(b"k\xff").unwrap());
        assert_eq!(key_from_headers(&headers), Ok(Some("k\u{fffd}".into())));
        headers.insert(
            IDEMPOTENCY_KEY,
            HeaderValue::from_str(&"k".repeat(MAX_KEY_LEN + 1)).unwrap(),
        );
        assert!(key_from_headers(&headers).is_err());
    }

    #[test]
    fn fingerprints_differ_by_method_target_and_body() {
        let base = fingerprint(&Method::POST, "/a", b"1");
        assert_eq!(base, fingerprint(&Method::POST, "/a", b"1"));
        assert_ne!(base, fingerprint(&Method::PUT, "/a", b"1"));
        assert_ne!(base, fingerprint(&Method::POST, "/b", b"1"));
        assert_ne!(base, fingerprint(&Method::POST, "/a", b"2"));
        assert!(base.starts_with("POST /a "));
    }
}
