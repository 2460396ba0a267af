//! What is `RedisStore`'s own, against a real Redis server (the contract
//! every store keeps is in store_contract.rs).
//!
//! Set `REDIS_URL` (for instance `redis://127.0.0.1:6390`) to run these;
//! without it every test prints a skip message and passes. Each test uses
//! its own random key prefix, so runs do not interfere.

#![cfg(feature = "redis")]

use std::sync::Arc;
use std::time::SystemTime;

use specforge_runtime::rate_limit::RateLimit;
use specforge_runtime::store::{RedisStore, Store};
use store_support::{LOCK, count_started};

mod store_support;

/// A store with a fresh prefix, or `None` (after saying so) without
/// `REDIS_URL`.
async fn store(test: &str) -> Option<RedisStore> {
    store_support::redis_store(&format!("redis_store::{test}")).await
}

#[tokio::test]
async fn begin_is_exclusive_across_connections() {
    let Some(first) = store("exclusive").await else {
        return;
    };
    // A second connection with the same prefix acts as another replica.
    let url = std::env::var("REDIS_URL").unwrap();
    let second = RedisStore::connect(&url)
        .await
        .unwrap()
        .with_prefix(first.prefix());
    let stores: [Arc<dyn Store>; 2] = [Arc::new(first), Arc::new(second)];
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = Arc::clone(&stores[i % 2]);
        tasks.push(tokio::spawn(async move {
            store.idempotency_begin("k", "fp", LOCK).await.unwrap()
        }));
    }
    assert_eq!(count_started(tasks).await, 1);
}

#[tokio::test]
async fn bucket_keys_expire_once_full() {
    let Some(store) = store("bucket_expiry").await else {
        return;
    };
    let url = std::env::var("REDIS_URL").unwrap();
    let mut connection = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    store
        .rate_limit_take("b", RateLimit::new(10, 2.0), SystemTime::now())
        .await
        .unwrap();
    let key = format!("{}rl:b", store.prefix());
    let ttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut connection)
        .await
        .unwrap();
    // One token used at 2 tokens/s: full again in 0.5 s, plus 1 s slack.
    assert!((1000..=1500).contains(&ttl), "{ttl}");
}
