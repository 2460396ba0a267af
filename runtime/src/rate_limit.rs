//! Token-bucket rate limiting per client key, with `ratelimit-*` headers.
//!
//! [`RateLimiter::check`] takes one token from the client's bucket in the
//! [`Store`]. Allowed requests get [`RateHeaders`] to send back:
//! `ratelimit-limit` (the bucket capacity), `ratelimit-remaining` (whole
//! tokens left) and `ratelimit-reset` (seconds until the bucket is full).
//! Refused requests get a 429 Problem (code `rate_limited`) carrying the same
//! headers plus `retry-after`, and are logged at `warn` with the request id.
//!
//! The client key decides who shares a bucket: typically the authenticated
//! principal, else the peer address; append an operation or group name to
//! give operations their own buckets. Use one [`RateLimit`] per key: the
//! bucket does not know which limit filled it. Do not use a raw credential as
//! the key, since it is logged.
//!
//! If the store fails, or does not answer within the limiter's timeout
//! (none by default; the generated router sets
//! `ServerOptions::store_timeout`, 1 s), the [`FailurePolicy`] decides:
//! [`FailurePolicy::Closed`] (the default) refuses with a 503 Problem and
//! `retry-after: 1`, so an unreachable store cannot be used to get round
//! the limit; [`FailurePolicy::Open`] lets the request through unlimited,
//! so the limiter cannot take the API down with it. Either way the failure
//! is logged, and the next request asks the store again: nothing needs a
//! restart when it is back.
//!
//! ```
//! use std::sync::Arc;
//! use specforge_runtime::rate_limit::{RateLimit, RateLimiter};
//! use specforge_runtime::store::MemoryStore;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let limiter = RateLimiter::new(Arc::new(MemoryStore::new()), RateLimit::per_minute(2));
//! assert!(limiter.check("203.0.113.7", None).await.is_ok());
//! assert!(limiter.check("203.0.113.7", None).await.is_ok());
//! let refused = limiter.check("203.0.113.7", None).await.unwrap_err();
//! assert_eq!(refused.status, 429);
//! assert_eq!(refused.header("retry-after"), Some("30"));
//! # });
//! ```

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::response::{IntoResponseParts, ResponseParts};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::problem::{Problem, ceil_secs};
use crate::request_id::RequestId;
use crate::store::{RateDecision, Store};

/// The `ratelimit-limit` response header.
pub const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
/// The `ratelimit-remaining` response header.
pub const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
/// The `ratelimit-reset` response header.
pub const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

/// A token bucket: up to `capacity` requests in a burst, refilled at
/// `refill_per_second` tokens a second.
///
/// Always valid: every way to make one goes through [`new`](Self::new),
/// so a [`Store`] can rely on a capacity of at least 1 and a positive,
/// finite refill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    capacity: u32,
    refill_per_second: f64,
}

impl RateLimit {
    /// A bucket of `capacity` refilled at `refill_per_second`. A `const fn`,
    /// so a limit can sit in a `static` (as in generated code), where an
    /// invalid one fails to compile.
    ///
    /// # Panics
    ///
    /// If `capacity` is 0 or `refill_per_second` is not a positive, finite
    /// number.
    pub const fn new(capacity: u32, refill_per_second: f64) -> Self {
        assert!(capacity > 0, "a rate limit needs a capacity of at least 1");
        assert!(
            refill_per_second.is_finite() && refill_per_second > 0.0,
            "a rate limit needs a positive, finite refill rate"
        );
        Self {
            capacity,
            refill_per_second,
        }
    }

    /// `requests` a minute, all of which may come in one burst.
    ///
    /// # Panics
    ///
    /// If `requests` is 0.
    pub fn per_minute(requests: u32) -> Self {
        Self::new(requests, f64::from(requests) / 60.0)
    }

    /// `requests` a second, all of which may come in one burst.
    ///
    /// # Panics
    ///
    /// If `requests` is 0.
    pub fn per_second(requests: u32) -> Self {
        Self::new(requests, f64::from(requests))
    }

    /// The bucket size: the largest burst.
    pub const fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Tokens added per second (the sustained rate).
    pub const fn refill_per_second(&self) -> f64 {
        self.refill_per_second
    }
}

/// What a rate limiter does when its store fails or is too slow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailurePolicy {
    /// Refuse the request: 503 with `retry-after` (the default).
    #[default]
    Closed,
    /// Let the request through, unlimited.
    Open,
}

/// The rate limiter (see the [module docs](self)). Cheap to clone.
#[derive(Clone)]
pub struct RateLimiter {
    store: Arc<dyn Store>,
    default: RateLimit,
    timeout: Option<Duration>,
    on_failure: FailurePolicy,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("default", &self.default)
            .finish_non_exhaustive()
    }
}

impl RateLimiter {
    /// A limiter over `store` applying `default` where no other limit is
    /// given.
    pub fn new(store: Arc<dyn Store>, default: RateLimit) -> Self {
        Self {
            store,
            default,
            timeout: None,
            on_failure: FailurePolicy::Closed,
        }
    }

    /// Counts a store call that takes longer than `timeout` as failed.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// What to do when the store fails (default [`FailurePolicy::Closed`]).
    pub fn on_store_failure(mut self, policy: FailurePolicy) -> Self {
        self.on_failure = policy;
        self
    }

    /// The default limit.
    pub fn default_limit(&self) -> RateLimit {
        self.default
    }

    /// Takes a token for `client_key` under `limit` (the default when
    /// `None`): the headers to send when allowed, the 429 Problem when not.
    pub async fn check(
        &self,
        client_key: &str,
        limit: Option<RateLimit>,
    ) -> Result<RateHeaders, Problem> {
        self.check_at(client_key, limit, SystemTime::now()).await
    }

    /// [`check`](Self::check) at the time `now`.
    pub async fn check_at(
        &self,
        client_key: &str,
        limit: Option<RateLimit>,
        now: SystemTime,
    ) -> Result<RateHeaders, Problem> {
        let limit = limit.unwrap_or(self.default);
        let take = self.store.rate_limit_take(client_key, limit, now);
        let taken = crate::store::within(self.timeout, take).await;
        let decision = match (taken, self.on_failure) {
            (Ok(decision), _) => decision,
            (Err(error), FailurePolicy::Open) => {
                tracing::error!(%error, client_key, "rate limit store failed; request let through");
                return Ok(RateHeaders {
                    limit: limit.capacity,
                    remaining: limit.capacity,
                    reset: Duration::ZERO,
                });
            }
            (Err(error), FailurePolicy::Closed) => {
                tracing::error!(%error, client_key, "rate limit store failed; request refused");
                return Err(crate::server::Rejection::StoreUnavailable.into_problem());
            }
        };
        let headers = RateHeaders::new(limit.capacity, &decision);
        if decision.allowed {
            return Ok(headers);
        }
        let retry_after = ceil_secs(decision.retry_after);
        tracing::warn!(
            request_id = RequestId::current().as_ref().map(RequestId::as_str),
            client_key,
            retry_after,
            "rate limit exceeded"
        );
        let mut problem = Problem::too_many_requests(decision.retry_after).with_detail(format!(
            "Rate limit exceeded; retry in {retry_after} second{}.",
            if retry_after == 1 { "" } else { "s" }
        ));
        for (name, value) in headers.pairs() {
            problem = problem.with_header(name.as_str(), value.to_string());
        }
        Err(problem)
    }
}

/// The `ratelimit-*` headers of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateHeaders {
    /// `ratelimit-limit`: the bucket capacity.
    pub limit: u32,
    /// `ratelimit-remaining`: whole tokens left.
    pub remaining: u32,
    /// `ratelimit-reset`: time until the bucket is full (sent as whole
    /// seconds, rounded up).
    pub reset: Duration,
}

impl RateHeaders {
    /// The headers for `decision` on a bucket of `capacity`.
    pub fn new(capacity: u32, decision: &RateDecision) -> Self {
        Self {
            limit: capacity,
            remaining: decision.remaining,
            reset: decision.reset,
        }
    }

    fn pairs(&self) -> [(HeaderName, u64); 3] {
        [
            (RATELIMIT_LIMIT, self.limit.into()),
            (RATELIMIT_REMAINING, self.remaining.into()),
            (RATELIMIT_RESET, ceil_secs(self.reset)),
        ]
    }

    /// Sets the headers on `headers`.
    pub fn apply(&self, headers: &mut HeaderMap) {
        for (name, value) in self.pairs() {
            headers.insert(name, HeaderValue::from(value));
        }
    }
}

impl IntoResponseParts for RateHeaders {
    type Error = Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Infallible> {
        self.apply(parts.headers_mut());
        Ok(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use crate::store::tests::FailingStore;
    use axum::response::IntoResponse;

    fn limiter(limit: RateLimit) -> RateLimiter {
        RateLimiter::new(Arc::new(MemoryStore::new()), limit)
    }

    #[tokio::test]
    async fn allows_a_burst_then_refuses_with_429() {
        let limiter = limiter(RateLimit::new(3, 0.5));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        for remaining in [2, 1, 0] {
            let headers = limiter.check_at("c", None, now).await.unwrap();
            assert_eq!(headers.limit, 3);
            assert_eq!(headers.remaining, remaining);
        }
        let problem = limiter.check_at("c", None, now).await.unwrap_err();
        assert_eq!(problem.status, 429);
        assert_eq!(problem.code, "rate_limited");
        assert_eq!(problem.header("retry-after"), Some("2"));
        assert_eq!(problem.header("ratelimit-limit"), Some("3"));
        assert_eq!(problem.header("ratelimit-remaining"), Some("0"));
        assert_eq!(problem.header("ratelimit-reset"), Some("6"));
        assert_eq!(
            problem.detail.as_deref(),
            Some("Rate limit exceeded; retry in 2 seconds.")
        );
        // After the retry-after, a token is back.
        let later = now + Duration::from_secs(2);
        assert!(limiter.check_at("c", None, later).await.is_ok());
        // Other clients have their own buckets.
        assert!(limiter.check_at("d", None, now).await.is_ok());
    }

    #[tokio::test]
    async fn explicit_limit_overrides_the_default() {
        let limiter = limiter(RateLimit::per_minute(100));
        let strict = RateLimit::per_second(1);
        let now = SystemTime::now();
        assert!(limiter.check_at("op:c", Some(strict), now).await.is_ok());
        assert!(limiter.check_at("op:c", Some(strict), now).await.is_err());
        assert_eq!(limiter.default_limit().capacity(), 100);
    }

    #[tokio::test]
    async fn headers_go_on_responses() {
        let headers = RateHeaders {
            limit: 10,
            remaining: 4,
            reset: Duration::from_millis(2500),
        };
        let response = (headers, "ok").into_response();
        assert_eq!(response.headers()["ratelimit-limit"], "10");
        assert_eq!(response.headers()["ratelimit-remaining"], "4");
        assert_eq!(response.headers()["ratelimit-reset"], "3");

        let limiter = limiter(RateLimit::new(1, 1.0));
        limiter.check("x", None).await.unwrap();
        let refused = limiter.check("x", None).await.unwrap_err().into_response();
        assert_eq!(refused.status(), 429);
        assert_eq!(refused.headers()["retry-after"], "1");
        assert_eq!(refused.headers()["ratelimit-remaining"], "0");
    }

    #[tokio::test]
    async fn store_failure_fails_closed_by_default_or_open_when_asked() {
        let closed = RateLimiter::new(Arc::new(FailingStore), RateLimit::per_second(5));
        let refused = closed.check("c", None).await.unwrap_err();
        assert_eq!(
            (refused.status, refused.header("retry-after")),
            (503, Some("1"))
        );
        let open = closed.on_store_failure(FailurePolicy::Open);
        let headers = open.check("c", None).await.unwrap();
        assert_eq!(headers.remaining, 5);
    }

    #[test]
    fn constructors() {
        let limit = RateLimit::per_minute(60);
        assert_eq!(limit.capacity(), 60);
        assert_eq!(limit.refill_per_second(), 1.0);
        assert!(std::panic::catch_unwind(|| RateLimit::new(0, 1.0)).is_err());
        assert!(std::panic::catch_unwind(|| RateLimit::new(1, 0.0)).is_err());
        assert!(std::panic::catch_unwind(|| RateLimit::new(1, -1.0)).is_err());
        assert!(std::panic::catch_unwind(|| RateLimit::new(1, f64::NAN)).is_err());
        assert!(std::panic::catch_unwind(|| RateLimit::new(1, f64::INFINITY)).is_err());
        const IN_A_STATIC: RateLimit = RateLimit::new(5, 5.0);
        assert_eq!(IN_A_STATIC, RateLimit::per_second(5));
    }
}
