//! [`MemoryStore`]: the in-process [`Store`].

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use super::{
    Begin, BoxFuture, Bucket, RateDecision, Store, StoreError, StoredResponse, check_limit,
    unix_millis,
};

/// Expired entries are swept after this many operations.
const SWEEP_EVERY: u32 = 1024;

/// A [`Store`] in process memory: right for a single replica and for tests.
///
/// Entries expire by their TTL; expired entries are ignored at once and
/// swept out periodically.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    records: HashMap<String, Record>,
    buckets: HashMap<String, TimedBucket>,
    operations: u32,
}

#[derive(Debug)]
struct Record {
    fingerprint: String,
    response: Option<StoredResponse>,
    expires: Instant,
}

#[derive(Debug)]
struct TimedBucket {
    bucket: Bucket,
    expires_millis: u64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every update leaves the maps consistent, so a panic elsewhere while
        // holding the lock does not matter.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.operations += 1;
        if state.operations >= SWEEP_EVERY {
            state.operations = 0;
            let now = Instant::now();
            let now_millis = unix_millis(SystemTime::now());
            state.records.retain(|_, record| record.expires > now);
            state
                .buckets
                .retain(|_, bucket| bucket.expires_millis > now_millis);
        }
        state
    }

    fn begin(&self, key: &str, fingerprint: &str, lock_ttl: Duration) -> Begin {
        let now = Instant::now();
        let mut state = self.state();
        if let Some(record) = state.records.get(key).filter(|record| record.expires > now) {
            return if record.fingerprint != fingerprint {
                Begin::Mismatch
            } else if let Some(response) = &record.response {
                Begin::Completed(response.clone())
            } else {
                Begin::InProgress
            };
        }
        state.records.insert(
            key.to_owned(),
            Record {
                fingerprint: fingerprint.to_owned(),
                response: None,
                expires: deadline(now, lock_ttl),
            },
        );
        Begin::Started
    }

    fn complete(&self, key: &str, fingerprint: &str, response: &StoredResponse, ttl: Duration) {
        let now = Instant::now();
        let mut state = self.state();
        let taken = state
            .records
            .get(key)
            .is_some_and(|record| record.expires > now && record.fingerprint != fingerprint);
        if !taken {
            state.records.insert(
                key.to_owned(),
                Record {
                    fingerprint: fingerprint.to_owned(),
                    response: Some(response.clone()),
                    expires: deadline(now, ttl),
                },
            );
        }
    }

    fn abort(&self, key: &str) {
        let mut state = self.state();
        if state
            .records
            .get(key)
            .is_some_and(|record| record.response.is_none())
        {
            state.records.remove(key);
        }
    }

    fn take(
        &self,
        bucket: &str,
        capacity: u32,
        refill_per_second: f64,
        now: SystemTime,
    ) -> Result<RateDecision, StoreError> {
        check_limit(capacity, refill_per_second)?;
        let now_millis = unix_millis(now);
        let mut state = self.state();
        let previous = state
            .buckets
            .get(bucket)
            .filter(|timed| timed.expires_millis > now_millis)
            .map(|timed| timed.bucket);
        let (next, allowed) = Bucket::take(previous, capacity, refill_per_second, now_millis);
        let idle = u64::try_from(next.idle_ttl(capacity, refill_per_second).as_millis())
            .unwrap_or(u64::MAX);
        state.buckets.insert(
            bucket.to_owned(),
            TimedBucket {
                bucket: next,
                expires_millis: next.at_millis.saturating_add(idle),
            },
        );
        Ok(RateDecision::from_tokens(
            allowed,
            next.tokens,
            capacity,
            refill_per_second,
        ))
    }
}

fn deadline(now: Instant, ttl: Duration) -> Instant {
    now.checked_add(ttl)
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 24 * 3600))
}

impl Store for MemoryStore {
    fn idempotency_begin<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        lock_ttl: Duration,
    ) -> BoxFuture<'a, Result<Begin, StoreError>> {
        Box::pin(std::future::ready(Ok(self.begin(
            key,
            fingerprint,
            lock_ttl,
        ))))
    }

    fn idempotency_complete<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        response: &'a StoredResponse,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.complete(key, fingerprint, response, ttl);
        Box::pin(std::future::ready(Ok(())))
    }

    fn idempotency_abort<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>> {
        self.abort(key);
        Box::pin(std::future::ready(Ok(())))
    }

    fn rate_limit_take<'a>(
        &'a self,
        bucket: &'a str,
        capacity: u32,
        refill_per_second: f64,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<RateDecision, StoreError>> {
        Box::pin(std::future::ready(self.take(
            bucket,
            capacity,
            refill_per_second,
            now,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::sync::Arc;

    fn response(status: u16) -> StoredResponse {
        StoredResponse {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: Bytes::from_static(b"done"),
        }
    }

    const LOCK: Duration = Duration::from_secs(60);
    const TTL: Duration = Duration::from_secs(3600);

    #[tokio::test]
    async fn idempotency_lifecycle() {
        let store = MemoryStore::new();
        assert_eq!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::Started
        );
        assert_eq!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::InProgress
        );
        assert_eq!(
            store.idempotency_begin("k", "other", LOCK).await.unwrap(),
            Begin::Mismatch
        );
        store
            .idempotency_complete("k", "fp", &response(201), TTL)
            .await
            .unwrap();
        assert_eq!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::Completed(response(201))
        );
        assert_eq!(
            store.idempotency_begin("k", "other", LOCK).await.unwrap(),
            Begin::Mismatch
        );
        // Abort never removes a completed record.
        store.idempotency_abort("k").await.unwrap();
        assert!(matches!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::Completed(_)
        ));
    }

    #[tokio::test]
    async fn abort_frees_the_key() {
        let store = MemoryStore::new();
        assert_eq!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::Started
        );
        store.idempotency_abort("k").await.unwrap();
        assert_eq!(
            store.idempotency_begin("k", "fp2", LOCK).await.unwrap(),
            Begin::Started
        );
        store.idempotency_abort("missing").await.unwrap();
    }

    #[tokio::test]
    async fn complete_ignores_a_foreign_fingerprint() {
        let store = MemoryStore::new();
        store.idempotency_begin("k", "fp", LOCK).await.unwrap();
        store
            .idempotency_complete("k", "intruder", &response(200), TTL)
            .await
            .unwrap();
        assert_eq!(
            store.idempotency_begin("k", "fp", LOCK).await.unwrap(),
            Begin::InProgress
        );
    }

    #[tokio::test]
    async fn records_expire() {
        let store = MemoryStore::new();
        let short = Duration::from_millis(20);
        store.idempotency_begin("lock", "fp", short).await.unwrap();
        store.idempotency_begin("done", "fp", LOCK).await.unwrap();
        store
            .idempotency_complete("done", "fp", &response(200), short)
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(
            store.idempotency_begin("lock", "fp", LOCK).await.unwrap(),
            Begin::Started
        );
        assert_eq!(
            store
                .idempotency_begin("done", "other", LOCK)
                .await
                .unwrap(),
            Begin::Started
        );
    }

    #[tokio::test]
    async fn begin_is_exclusive_under_contention() {
        let store = Arc::new(MemoryStore::new());
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let store = Arc::clone(&store);
            tasks.push(tokio::spawn(async move {
                store.idempotency_begin("k", "fp", LOCK).await.unwrap()
            }));
        }
        let mut started = 0;
        for task in tasks {
            if task.await.unwrap() == Begin::Started {
                started += 1;
            }
        }
        assert_eq!(started, 1);
    }

    #[tokio::test]
    async fn token_bucket() {
        let store = MemoryStore::new();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for expected_remaining in (0..3).rev() {
            let decision = store.rate_limit_take("b", 3, 1.0, t0).await.unwrap();
            assert!(decision.allowed);
            assert_eq!(decision.remaining, expected_remaining);
        }
        let denied = store.rate_limit_take("b", 3, 1.0, t0).await.unwrap();
        assert!(!denied.allowed);
        assert_eq!(denied.retry_after, Duration::from_secs(1));
        assert_eq!(denied.reset, Duration::from_secs(3));
        // Another bucket is independent.
        assert!(
            store
                .rate_limit_take("other", 3, 1.0, t0)
                .await
                .unwrap()
                .allowed
        );
        // Half a second later: still nothing; one second later: one token.
        let half = t0 + Duration::from_millis(500);
        let denied = store.rate_limit_take("b", 3, 1.0, half).await.unwrap();
        assert_eq!(denied.retry_after, Duration::from_millis(500));
        let later = t0 + Duration::from_secs(1);
        let allowed = store.rate_limit_take("b", 3, 1.0, later).await.unwrap();
        assert!(allowed.allowed);
        assert_eq!(allowed.remaining, 0);
        // Invalid limits are refused.
        assert!(store.rate_limit_take("b", 0, 1.0, t0).await.is_err());
        assert!(store.rate_limit_take("b", 1, 0.0, t0).await.is_err());
        assert!(store.rate_limit_take("b", 1, f64::NAN, t0).await.is_err());
        // Idle long enough: full again.
        let idle = t0 + Duration::from_secs(3600);
        assert_eq!(
            store
                .rate_limit_take("b", 3, 1.0, idle)
                .await
                .unwrap()
                .remaining,
            2
        );
    }

    #[test]
    fn sweep_drops_expired_entries() {
        let store = MemoryStore::new();
        store.begin("old", "fp", Duration::ZERO);
        store
            .take("bucket", 1, 1000.0, SystemTime::UNIX_EPOCH)
            .unwrap();
        for _ in 0..SWEEP_EVERY {
            store.abort("nothing");
        }
        let state = store.state();
        assert!(state.records.is_empty());
        assert!(state.buckets.is_empty());
    }
}
