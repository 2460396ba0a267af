//! `catalog-server` with its store in a real `redis-server` that is paused
//! (SIGSTOP) and killed while requests come in: idempotent and
//! rate-limited operations answer 503 with `retry-after` within the store
//! timeout, the server stays up, no keyed request runs twice, and
//! everything works again once Redis is back, without a restart.

mod support;

use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use support::{ControlledRedis, DEV_TOKEN, Replica, create_product, new_order, post_order};

const STORE_TIMEOUT_MS: &str = "300";

fn start(redis: &ControlledRedis, extra: &[&str]) -> Replica {
    let url = redis.url();
    let prefix = format!("store-failures:{}:", uuid::Uuid::new_v4());
    let mut args = vec![
        "--redis-url",
        &url,
        "--redis-prefix",
        &prefix,
        "--store-timeout-ms",
        STORE_TIMEOUT_MS,
        "--rate-limit",
        "1000/1000",
    ];
    args.extend_from_slice(extra);
    Replica::start(&args)
}

async fn get(replica: &Replica, path: &str) -> reqwest::Response {
    replica.request(Method::GET, path).send().await.unwrap()
}

/// A 503 problem with `retry-after`, answered in about the store timeout.
async fn unavailable(response: reqwest::Response, took: Duration) {
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    assert!(took < Duration::from_secs(3), "answered in {took:?}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "store_unavailable", "{body}");
}

async fn product(replica: &Replica) -> String {
    create_product(replica, "REDIS-1", "Kettle", 20.0).await
}

async fn order_count(replica: &Replica) -> usize {
    let page: Value = get(replica, "/orders?limit=100")
        .await
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_or_dead_redis_means_503_and_recovery_without_restart() {
    let Some(mut redis) = ControlledRedis::start("store_failures") else {
        return;
    };
    let replica = start(&redis, &[]);
    let product = product(&replica).await;
    let order = new_order(&product, 1);
    assert_eq!(
        post_order(&replica, "before", &order).await.status(),
        StatusCode::CREATED
    );

    redis.pause();
    // Under load: every request in flight fails fast, none hangs.
    let started = Instant::now();
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let (url, order) = (replica.url("/orders"), order.clone());
            tokio::spawn(async move {
                let response = Client::new()
                    .post(url)
                    .bearer_auth(DEV_TOKEN)
                    .header("idempotency-key", format!("paused-{}", i % 5))
                    .json(&order)
                    .send()
                    .await
                    .unwrap();
                (response, started.elapsed())
            })
        })
        .collect();
    for call in calls {
        let (response, took) = call.await.unwrap();
        unavailable(response, took).await;
    }
    let started = Instant::now();
    let listed = get(&replica, "/products").await;
    unavailable(listed, started.elapsed()).await;
    // The server itself is up: routes without store work.
    let spec = Client::new()
        .get(replica.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(spec.status(), StatusCode::OK);

    redis.resume();
    for i in 0..5 {
        let key = format!("paused-{i}");
        let first = post_order(&replica, &key, &order).await;
        assert_eq!(first.status(), StatusCode::CREATED, "{key} runs now, once");
        let retry = post_order(&replica, &key, &order).await;
        assert_eq!(retry.headers()["idempotent-replayed"], "true");
    }
    assert_eq!(order_count(&replica).await, 6, "each key ran exactly once");

    redis.kill();
    let started = Instant::now();
    let refused = post_order(&replica, "while-dead", &order).await;
    unavailable(refused, started.elapsed()).await;

    redis.restart();
    // The connection manager reconnects on its own.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let response = post_order(&replica, "after-restart", &order).await;
        if response.status() == StatusCode::CREATED {
            break;
        }
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(Instant::now() < deadline, "no recovery after the restart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(get(&replica, "/products").await.status(), StatusCode::OK);
    assert_eq!(order_count(&replica).await, 7);
}

#[tokio::test]
async fn rate_limits_can_fail_open_instead() {
    let Some(redis) = ControlledRedis::start("store_failures") else {
        return;
    };
    let replica = start(&redis, &["--rate-limit-on-store-failure", "open"]);
    redis.pause();
    let listed = get(&replica, "/products").await;
    assert_eq!(listed.status(), StatusCode::OK, "let through, unlimited");
    redis.resume();
}
