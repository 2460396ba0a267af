//! Two `catalog-server` processes sharing one real Redis, over real TCP:
//! an idempotent request started on one replica is replayed by the other,
//! and a rate limit is one bucket for both.
//!
//! Each test starts its own `redis-server` on a free port in a temporary
//! directory. Without `redis-server` on `PATH` it uses `REDIS_URL` (with a
//! fresh key prefix), and without either it prints why and passes.

mod support;

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{Redis, Replica, create_product, lock, new_order, post_order};

/// Both replicas on `redis`, with their keys under one fresh prefix, plus
/// `extra` flags.
fn two_replicas(redis: &Redis, extra: &[&str]) -> (Replica, Replica) {
    let prefix = format!("specforge-replicas:{}:", uuid::Uuid::new_v4());
    let mut args = vec!["--redis-url", &redis.url, "--redis-prefix", &prefix];
    args.extend_from_slice(extra);
    let replicas = (Replica::start(&args), Replica::start(&args));
    for replica in [&replicas.0, &replicas.1] {
        assert!(
            replica.printed(&["store: redis at", &prefix]),
            "the start-up lines name the store: {:?}",
            lock(&replica.output)
        );
    }
    replicas
}

#[tokio::test]
async fn an_idempotent_request_is_replayed_by_another_replica() {
    let Some(redis) = Redis::start("an_idempotent_request_is_replayed_by_another_replica") else {
        return;
    };
    let (a, b) = two_replicas(&redis, &[]);

    // The product exists on A only: each replica has its own catalog data.
    let product_id = &create_product(&a, "REP-0001", "Mug", 8.0).await;
    let order = new_order(product_id, 2);

    let first = post_order(&a, "order-1", &order).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].clone();
    let first_body = first.bytes().await.unwrap();

    let replay = post_order(&b, "order-1", &order).await;
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.headers()["location"], location);
    assert_eq!(
        replay.bytes().await.unwrap(),
        first_body,
        "B replays A's stored response byte for byte"
    );

    // B could not have made that answer itself: it does not know the product.
    let own = post_order(&b, "order-2", &order).await;
    assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let own: Value = own.json().await.unwrap();
    assert_eq!(own["errors"][0]["detail"], "no such product");

    // The same key with another body is refused on B too.
    let reused = post_order(&b, "order-1", &new_order(product_id, 3)).await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reused: Value = reused.json().await.unwrap();
    assert_eq!(reused["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn a_rate_limit_is_shared_by_the_replicas() {
    let Some(redis) = Redis::start("a_rate_limit_is_shared_by_the_replicas") else {
        return;
    };
    // 4 requests, then one more every 100 s.
    let (a, b) = two_replicas(&redis, &["--rate-limit", "4/0.01"]);
    assert!(a.printed(&["rate limit: 4 requests per client"]));

    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for i in 0..8 {
        let (name, replica) = if i % 2 == 0 { ("A", &a) } else { ("B", &b) };
        let response = replica
            .request(Method::GET, "/products")
            .header("request-id", format!("shared-limit-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["ratelimit-limit"], "4");
        match response.status() {
            StatusCode::OK => {
                // One bucket: the count goes down across both processes.
                assert_eq!(
                    response.headers()["ratelimit-remaining"],
                    (3 - allowed.len()).to_string().as_str()
                );
                allowed.push(i);
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let retry_after: u64 = response.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=100).contains(&retry_after), "{retry_after}");
                let problem: Value = response.json().await.unwrap();
                assert_eq!(problem["code"], "rate_limited");
                assert_eq!(problem["requestId"], format!("shared-limit-{i}"));
                refused.push((name, i));
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(allowed, [0, 1, 2, 3], "exactly 4 requests pass in total");
    assert_eq!(
        refused,
        [("A", 4), ("B", 5), ("A", 6), ("B", 7)],
        "and both replicas refuse the rest"
    );
    // Refusals are logged with the request id (logs may trail the response).
    let deadline = Instant::now() + Duration::from_secs(5);
    while !a.printed(&["rate limit exceeded", "shared-limit-4"]) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(a.printed(&["rate limit exceeded", "shared-limit-4"]));
}
