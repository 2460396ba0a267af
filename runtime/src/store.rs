//! Shared state for idempotency and rate limiting.
//!
//! [`Store`] is the small set of atomic operations the
//! [`idempotency`](crate::idempotency) guard and the
//! [`rate_limit`](crate::rate_limit)er need. It is object safe (methods
//! return boxed futures), so servers hold an `Arc<dyn Store>`:
//!
//! - [`MemoryStore`]: one process, the default;
//! - `RedisStore` (feature `redis`): shared by every replica.
//!
//! # Idempotency records
//!
//! A record is keyed by the scoped idempotency key and holds the request
//! fingerprint plus either "in progress" or the stored response.
//! [`Store::idempotency_begin`] atomically creates an in-progress record
//! (expiring after `lock_ttl`) or reports what is there;
//! [`Store::idempotency_complete`] stores the response (expiring after
//! `ttl`); [`Store::idempotency_abort`] deletes an in-progress record so the
//! key can be retried.
//!
//! # Token buckets
//!
//! [`Store::rate_limit_take`] refills a bucket at the [`RateLimit`]'s refill
//! rate up to its capacity for the time elapsed since its last use, then
//! takes one token if there is one. A bucket never seen (or expired after
//! being idle long enough to refill) is full. Time comes from the caller, so
//! replicas should have synchronized clocks; a bucket never goes back in
//! time. A [`RateLimit`] is valid by construction, so stores need not check
//! it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::rate_limit::RateLimit;

mod memory;
#[cfg(feature = "redis")]
mod redis_store;

pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis_store::RedisStore;

/// A boxed, `Send` future, as returned by [`Store`] methods.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The atomic operations behind idempotency and rate limiting (see the
/// [module docs](self)).
pub trait Store: Send + Sync {
    /// Starts a request with idempotency key `key` and request fingerprint
    /// `fingerprint`, or reports the record already there.
    fn idempotency_begin<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        lock_ttl: Duration,
    ) -> BoxFuture<'a, Result<Begin, StoreError>>;

    /// Stores the response of the request started with `key`, kept for
    /// `ttl`. Does nothing when the record holds another fingerprint.
    fn idempotency_complete<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        response: &'a StoredResponse,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Forgets the in-progress record of `key` so the request can be
    /// retried (a completed record is kept).
    fn idempotency_abort<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Takes one token from the bucket `bucket`, of `limit`, at time `now`.
    fn rate_limit_take<'a>(
        &'a self,
        bucket: &'a str,
        limit: RateLimit,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<RateDecision, StoreError>>;
}

/// What [`Store::idempotency_begin`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// No record: one is now in progress, and the caller runs the request.
    Started,
    /// The same request is still running.
    InProgress,
    /// The same request already ran; here is its response.
    Completed(StoredResponse),
    /// The key was used for a different request.
    Mismatch,
}

/// A response kept for replay.
///
/// Serializes with the body as standard base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    /// The status code.
    pub status: u16,
    /// The headers to replay, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    #[serde(with = "base64_bytes")]
    pub body: Bytes,
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer, de};

    pub(super) fn serialize<S: Serializer>(
        bytes: &Bytes,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Bytes, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(Bytes::from)
            .map_err(de::Error::custom)
    }
}

/// The outcome of taking a token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateDecision {
    /// Whether a token was taken: the request may go on.
    pub allowed: bool,
    /// Whole tokens left after this request.
    pub remaining: u32,
    /// When denied, how long until a token is available; zero when allowed.
    pub retry_after: Duration,
    /// How long until the bucket is full again.
    pub reset: Duration,
}

impl RateDecision {
    /// The decision for a bucket of `limit` holding `tokens` after the take
    /// (`allowed` says whether one was taken).
    pub fn from_tokens(allowed: bool, tokens: f64, limit: RateLimit) -> Self {
        let capacity = f64::from(limit.capacity());
        let tokens = tokens.clamp(0.0, capacity);
        let retry_after = if allowed {
            Duration::ZERO
        } else {
            secs(((1.0 - tokens) / limit.refill_per_second()).max(0.0))
        };
        Self {
            allowed,
            // Clamped to 0..=capacity above.
            remaining: tokens.floor() as u32,
            retry_after,
            reset: secs((capacity - tokens) / limit.refill_per_second()),
        }
    }
}

/// Seconds as a duration, saturating on infinity and NaN.
fn secs(value: f64) -> Duration {
    Duration::try_from_secs_f64(value).unwrap_or(if value.is_nan() || value < 0.0 {
        Duration::ZERO
    } else {
        Duration::MAX
    })
}

/// Milliseconds since the Unix epoch (0 before it).
pub(crate) fn unix_millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|since| u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A bucket's state: tokens and when they were counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bucket {
    pub tokens: f64,
    pub at_millis: u64,
}

impl Bucket {
    /// Refills up to `now_millis` and takes a token if there is one.
    pub(crate) fn take(previous: Option<Self>, limit: RateLimit, now_millis: u64) -> (Self, bool) {
        let capacity = f64::from(limit.capacity());
        let mut bucket = previous.unwrap_or(Self {
            tokens: capacity,
            at_millis: now_millis,
        });
        if now_millis > bucket.at_millis {
            let elapsed = (now_millis - bucket.at_millis) as f64 / 1000.0;
            bucket.tokens = (bucket.tokens + elapsed * limit.refill_per_second()).min(capacity);
            bucket.at_millis = now_millis;
        }
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        (bucket, allowed)
    }

    /// How long until an idle bucket is full, so its state can be dropped.
    pub(crate) fn idle_ttl(&self, limit: RateLimit) -> Duration {
        secs((f64::from(limit.capacity()) - self.tokens) / limit.refill_per_second())
            + Duration::from_secs(1)
    }
}

/// `call`, failed with [`StoreError::Timeout`] when it takes longer than
/// `timeout` (`None`: no limit). A timed-out call is dropped, so the
/// backend's connection is free for the next one.
pub(crate) async fn within<T>(
    timeout: Option<Duration>,
    call: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    match timeout {
        Some(limit) => tokio::time::timeout(limit, call)
            .await
            .unwrap_or(Err(StoreError::Timeout(limit))),
        None => call.await,
    }
}

/// A store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend did not answer in time.
    #[error("store backend did not answer within {} ms", .0.as_millis())]
    Timeout(Duration),
    /// The backend could not be reached or answered with an error.
    #[error("store backend error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A stored record could not be read back.
    #[error("corrupt store record: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// A backend error from any error type.
    pub fn backend(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Backend(error.into())
    }
}

impl fmt::Debug for dyn Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dyn Store")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A store whose every operation fails.
    pub(crate) struct FailingStore;

    impl Store for FailingStore {
        fn idempotency_begin<'a>(
            &'a self,
            _: &'a str,
            _: &'a str,
            _: Duration,
        ) -> BoxFuture<'a, Result<Begin, StoreError>> {
            Box::pin(async { Err(StoreError::backend("down")) })
        }

        fn idempotency_complete<'a>(
            &'a self,
            _: &'a str,
            _: &'a str,
            _: &'a StoredResponse,
            _: Duration,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async { Err(StoreError::backend("down")) })
        }

        fn idempotency_abort<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<(), StoreError>> {
            Box::pin(async { Err(StoreError::backend("down")) })
        }

        fn rate_limit_take<'a>(
            &'a self,
            _: &'a str,
            _: RateLimit,
            _: SystemTime,
        ) -> BoxFuture<'a, Result<RateDecision, StoreError>> {
            Box::pin(async { Err(StoreError::backend("down")) })
        }
    }

    #[test]
    fn stored_response_serializes_body_as_base64() {
        let response = StoredResponse {
            status: 201,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from_static(b"{\"id\":1}\xff"),
        };
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(json["body"], "eyJpZCI6MX3/");
        let back: StoredResponse = serde_json::from_value(json).unwrap();
        assert_eq!(back, response);
        let bad = serde_json::json!({"status": 200, "headers": [], "body": "%%"});
        assert!(serde_json::from_value::<StoredResponse>(bad).is_err());
    }

    #[test]
    fn bucket_refills_and_caps() {
        let limit = RateLimit::new(2, 1.0);
        let (bucket, allowed) = Bucket::take(None, limit, 10_000);
        assert!(allowed);
        assert_eq!(bucket.tokens, 1.0);
        let (bucket, allowed) = Bucket::take(Some(bucket), limit, 10_000);
        assert!(allowed);
        let (bucket, allowed) = Bucket::take(Some(bucket), limit, 10_500);
        assert!(!allowed);
        assert_eq!(bucket.tokens, 0.5);
        let (bucket, allowed) = Bucket::take(Some(bucket), limit, 11_000);
        assert!(allowed);
        assert_eq!(bucket.tokens, 0.0);
        // Long idle: capped at capacity.
        let (bucket, _) = Bucket::take(Some(bucket), limit, 1_000_000);
        assert_eq!(bucket.tokens, 1.0);
        // Time going backwards refills nothing and keeps the later stamp.
        let (bucket, _) = Bucket::take(Some(bucket), limit, 5_000);
        assert_eq!(bucket.tokens, 0.0);
        assert_eq!(bucket.at_millis, 1_000_000);
        assert_eq!(bucket.idle_ttl(limit), Duration::from_secs(3));
    }

    #[test]
    fn decision_from_tokens() {
        let denied = RateDecision::from_tokens(false, 0.25, RateLimit::new(10, 0.5));
        assert!(!denied.allowed);
        assert_eq!(denied.remaining, 0);
        assert_eq!(denied.retry_after, Duration::from_millis(1500));
        assert_eq!(denied.reset, Duration::from_millis(19_500));
        let allowed = RateDecision::from_tokens(true, 3.7, RateLimit::new(10, 1.0));
        assert_eq!(allowed.remaining, 3);
        assert_eq!(allowed.retry_after, Duration::ZERO);
        // Too slow a refill for a duration: saturated.
        let never = RateDecision::from_tokens(false, 0.0, RateLimit::new(1, f64::MIN_POSITIVE));
        assert_eq!(never.retry_after, Duration::MAX);
        assert_eq!(secs(f64::INFINITY), Duration::MAX);
        assert_eq!(secs(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn unix_millis_handles_the_epoch() {
        assert_eq!(unix_millis(UNIX_EPOCH), 0);
        assert_eq!(unix_millis(UNIX_EPOCH - Duration::from_secs(1)), 0);
        assert_eq!(unix_millis(UNIX_EPOCH + Duration::from_millis(1234)), 1234);
    }
}
