//! Support shared by the store tests (the contract, Redis's own behaviour
//! and its durability): one way to check what `idempotency_begin` finds,
//! to count concurrent winners and to reach the Redis under `REDIS_URL`.
#![allow(dead_code)] // each test binary uses a different subset

use std::time::Duration;

use specforge_runtime::store::{Begin, Store};
use tokio::task::JoinHandle;

/// How long a started idempotency record stays locked in these tests.
pub(crate) const LOCK: Duration = Duration::from_secs(60);

/// Asserts that `begin` under `key` with `fingerprint` finds `expected`.
pub(crate) async fn assert_begins(
    store: &dyn Store,
    key: &str,
    fingerprint: &str,
    expected: Begin,
) {
    let found = store
        .idempotency_begin(key, fingerprint, LOCK)
        .await
        .unwrap();
    assert_eq!(found, expected, "begin({key:?}, {fingerprint:?})");
}

/// Awaits concurrent `begin`s of one key and returns how many started it;
/// every other one must have found it in progress.
pub(crate) async fn count_started(tasks: Vec<JoinHandle<Begin>>) -> usize {
    let mut started = 0;
    for task in tasks {
        match task.await.unwrap() {
            Begin::Started => started += 1,
            Begin::InProgress => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    started
}

/// A `RedisStore` on `REDIS_URL` under a fresh key prefix naming `test`, or
/// `None` (after saying the test is skipped) when `REDIS_URL` is not set.
#[cfg(feature = "redis")]
pub(crate) async fn redis_store(test: &str) -> Option<specforge_runtime::store::RedisStore> {
    let Ok(url) = std::env::var("REDIS_URL") else {
        eprintln!("skipping {test}: REDIS_URL is not set");
        return None;
    };
    let store = specforge_runtime::store::RedisStore::connect(&url)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to REDIS_URL={url}: {error}"));
    let prefix = format!("specforge-test:{}:{test}:", uuid::Uuid::new_v4());
    Some(store.with_prefix(prefix))
}
