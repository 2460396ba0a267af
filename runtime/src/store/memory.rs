//! [`MemoryStore`]: the in-process [`Store`].

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use super::{
    Begin, BoxFuture, Bucket, RateDecision, Store, StoreError, StoredResponse, unix_millis,
};
use crate::rate_limit::RateLimit;

/// Expired entries are swept after as many operations as the store holds
/// entries, and no sooner than this many: a sweep visits every entry, so it
/// costs at most one visit per operation however large the store grows.
const SWEEP_EVERY: usize = 1024;

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
    operations: usize,
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
        let entries = state.records.len() + state.buckets.len();
        if state.operations >= entries.max(SWEEP_EVERY) {
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
        match state.records.get_mut(key) {
            // Another request holds the key now (this one's lock expired).
            Some(record) if record.expires > now && record.fingerprint != fingerprint => {}
            // The usual case: this request's own record, completed in place.
            Some(record) => {
                fingerprint.clone_into(&mut record.fingerprint);
                record.response = Some(response.clone());
                record.expires = deadline(now, ttl);
            }
            None => {
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

    fn take(&self, bucket: &str, limit: RateLimit, now: SystemTime) -> RateDecision {
        let now_millis = unix_millis(now);
        let mut state = self.state();
        let previous = state
            .buckets
            .get(bucket)
            .filter(|timed| timed.expires_millis > now_millis)
            .map(|timed| timed.bucket);
        let (next, allowed) = Bucket::take(previous, limit, now_millis);
        let idle = u64::try_from(next.idle_ttl(limit).as_millis()).unwrap_or(u64::MAX);
        state.buckets.insert(
            bucket.to_owned(),
            TimedBucket {
                bucket: next,
                expires_millis: next.at_millis.saturating_add(idle),
            },
        );
        RateDecision::from_tokens(allowed, next.tokens, limit)
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
        limit: RateLimit,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<RateDecision, StoreError>> {
        Box::pin(std::future::ready(Ok(self.take(bucket, limit, now))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The behaviour every store shares is tested once, for every store, in
    // tests/store_contract.rs; here only what is this store's own.

    #[test]
    fn sweep_drops_expired_entries() {
        let store = MemoryStore::new();
        store.begin("old", "fp", Duration::ZERO);
        store.take("bucket", RateLimit::new(1, 1000.0), SystemTime::UNIX_EPOCH);
        for _ in 0..SWEEP_EVERY {
            store.abort("nothing");
        }
        let state = store.state();
        assert!(state.records.is_empty());
        assert!(state.buckets.is_empty());
    }

    #[test]
    fn a_large_store_is_swept_as_often_as_it_has_entries() {
        let store = MemoryStore::new();
        let live = 3 * SWEEP_EVERY;
        for i in 0..live {
            store.begin(&format!("live-{i}"), "fp", Duration::from_secs(60));
        }
        store.begin("old", "fp", Duration::ZERO);
        store.state.lock().unwrap().operations = 0;
        let entries = live + 1;
        // Not after `SWEEP_EVERY` operations: the sweep would visit
        // thousands of live entries to drop one.
        for _ in 0..SWEEP_EVERY {
            store.abort("nothing");
        }
        assert_eq!(store.state.lock().unwrap().records.len(), entries);
        // After as many operations as there are entries.
        for _ in SWEEP_EVERY..entries {
            store.abort("nothing");
        }
        assert_eq!(store.state.lock().unwrap().records.len(), live);
    }
}
