//! The contract every `Store` keeps, written once and run against each
//! implementation: the in-memory store always, `RedisStore` when `REDIS_URL`
//! points at a server (each test under a fresh key prefix; without it the
//! Redis tests print why and pass).

#![cfg(feature = "server")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use bytes::Bytes;
use specforge_runtime::idempotency::{IDEMPOTENT_REPLAYED, Idempotency};
use specforge_runtime::rate_limit::{RateLimit, RateLimiter};
use specforge_runtime::store::{Begin, RateDecision, Store, StoredResponse};
use store_support::{LOCK, assert_begins, count_started};

mod store_support;

const TTL: Duration = Duration::from_secs(3600);

fn response(status: u16, body: &'static [u8]) -> StoredResponse {
    StoredResponse {
        status,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("location".into(), "/things/1".into()),
        ],
        body: Bytes::from_static(body),
    }
}

async fn idempotency_lifecycle(store: Arc<dyn Store>) {
    assert_begins(&*store, "k", "fp", Begin::Started).await;
    assert_begins(&*store, "k", "fp", Begin::InProgress).await;
    assert_begins(&*store, "k", "other", Begin::Mismatch).await;
    // A binary body survives the round trip.
    let stored = response(201, b"{\"id\":1}\x00\xff");
    store
        .idempotency_complete("k", "fp", &stored, TTL)
        .await
        .unwrap();
    assert_begins(&*store, "k", "fp", Begin::Completed(stored.clone())).await;
    assert_begins(&*store, "k", "other", Begin::Mismatch).await;
    // Abort never removes a completed record.
    store.idempotency_abort("k").await.unwrap();
    assert_begins(&*store, "k", "fp", Begin::Completed(stored)).await;
}

async fn abort_frees_the_key_and_complete_respects_the_fingerprint(store: Arc<dyn Store>) {
    assert_begins(&*store, "k", "fp", Begin::Started).await;
    store.idempotency_abort("k").await.unwrap();
    assert_begins(&*store, "k", "fp2", Begin::Started).await;
    store
        .idempotency_complete("k", "intruder", &response(200, b"x"), TTL)
        .await
        .unwrap();
    assert_begins(&*store, "k", "fp2", Begin::InProgress).await;
    store.idempotency_abort("never-used").await.unwrap();
}

async fn records_expire(store: Arc<dyn Store>) {
    let short = Duration::from_millis(50);
    store.idempotency_begin("lock", "fp", short).await.unwrap();
    store.idempotency_begin("done", "fp", LOCK).await.unwrap();
    store
        .idempotency_complete("done", "fp", &response(200, b"x"), short)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_begins(&*store, "lock", "fp", Begin::Started).await;
    assert_begins(&*store, "done", "other", Begin::Started).await;
}

async fn begin_is_exclusive_under_contention(store: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.idempotency_begin("k", "fp", LOCK).await.unwrap() })
        })
        .collect();
    assert_eq!(count_started(tasks).await, 1);
}

/// Takes a token at `now` from `bucket`, of 3 tokens refilled at one a
/// second.
async fn take(store: &dyn Store, bucket: &str, now: SystemTime) -> RateDecision {
    let limit = RateLimit::new(3, 1.0);
    store.rate_limit_take(bucket, limit, now).await.unwrap()
}

async fn token_bucket(store: Arc<dyn Store>) {
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for expected_remaining in (0..3).rev() {
        let decision = take(&*store, "b", t0).await;
        assert!(decision.allowed);
        assert_eq!(decision.remaining, expected_remaining);
    }
    let denied = take(&*store, "b", t0).await;
    assert!(!denied.allowed);
    assert_eq!(denied.retry_after, Duration::from_secs(1));
    assert_eq!(denied.reset, Duration::from_secs(3));
    // Another bucket is independent.
    assert!(take(&*store, "other", t0).await.allowed);
    // Half a second later: still nothing; one second later: one token.
    let half = t0 + Duration::from_millis(500);
    let denied = take(&*store, "b", half).await;
    assert!(!denied.allowed);
    assert_eq!(denied.retry_after, Duration::from_millis(500));
    let later = t0 + Duration::from_secs(1);
    let allowed = take(&*store, "b", later).await;
    assert!(allowed.allowed);
    assert_eq!(allowed.remaining, 0);
    // Going back in time refills nothing.
    assert!(!take(&*store, "b", t0).await.allowed);
    // Fractional refill rates.
    let slow = t0 + Duration::from_secs(10);
    let quarter = RateLimit::new(1, 0.25);
    assert!(
        store
            .rate_limit_take("slow", quarter, slow)
            .await
            .unwrap()
            .allowed
    );
    let denied = store.rate_limit_take("slow", quarter, slow).await.unwrap();
    assert_eq!(denied.retry_after, Duration::from_secs(4));
    // Idle long enough: full again.
    let idle = t0 + Duration::from_secs(3600);
    assert_eq!(take(&*store, "b", idle).await.remaining, 2);
    // No store sees an invalid limit: `RateLimit::new` refuses to make one
    // (tested in `rate_limit`).
}

async fn idempotency_guard_end_to_end(store: Arc<dyn Store>) {
    let guard = Idempotency::new(store);
    let calls = AtomicUsize::new(0);
    let run = |principal: &'static str, body: &'static [u8]| {
        guard.run(
            Some(principal),
            "key-1",
            &Method::POST,
            "/payments",
            body,
            || async {
                calls.fetch_add(1, Ordering::SeqCst);
                (StatusCode::CREATED, "paid").into_response()
            },
        )
    };
    assert_eq!(run("alice", b"{\"amount\":1}").await.status(), 201);
    let replay = run("alice", b"{\"amount\":1}").await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()[IDEMPOTENT_REPLAYED], "true");
    let body = axum::body::to_bytes(replay.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(&body[..], b"paid");
    assert_eq!(run("alice", b"{\"amount\":2}").await.status(), 422);
    // Another principal's key is another record.
    let bobs = run("bob", b"{\"amount\":1}").await;
    assert!(bobs.headers().get(IDEMPOTENT_REPLAYED).is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

async fn rate_limiter_end_to_end(store: Arc<dyn Store>) {
    let limiter = RateLimiter::new(store, RateLimit::per_minute(2));
    assert!(limiter.check("client", None).await.is_ok());
    assert!(limiter.check("client", None).await.is_ok());
    let problem = limiter.check("client", None).await.unwrap_err();
    assert_eq!(problem.status, 429);
    assert_eq!(problem.code, "rate_limited");
    assert_eq!(problem.header("retry-after"), Some("30"));
}

/// One test per clause of the contract, for the stores `$store` makes (an
/// async function of the test's name to `Option<Arc<dyn Store>>`; `None`
/// skips).
macro_rules! contract {
    ($implementation:ident, $store:ident) => {
        mod $implementation {
            use super::*;

            contract!(@clauses $store;
                idempotency_lifecycle,
                abort_frees_the_key_and_complete_respects_the_fingerprint,
                records_expire,
                begin_is_exclusive_under_contention,
                token_bucket,
                idempotency_guard_end_to_end,
                rate_limiter_end_to_end,
            );
        }
    };
    (@clauses $store:ident; $($clause:ident,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $clause() {
                if let Some(store) = $store(stringify!($clause)).await {
                    super::$clause(store).await;
                }
            }
        )*
    };
}

async fn memory(_: &'static str) -> Option<Arc<dyn Store>> {
    Some(Arc::new(specforge_runtime::store::MemoryStore::new()))
}

contract!(memory_store, memory);

#[cfg(feature = "redis")]
async fn redis(test: &'static str) -> Option<Arc<dyn Store>> {
    let store = store_support::redis_store(&format!("store_contract::redis_store::{test}")).await?;
    Some(Arc::new(store))
}

#[cfg(feature = "redis")]
contract!(redis_store, redis);
