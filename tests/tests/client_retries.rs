//! The generated client's retries, over real TCP: backoff until the server
//! recovers, `retry-after` honoured and capped, no retry of a POST without
//! an idempotency key, one generated key kept across retries, connection
//! errors retried only when safe.

mod client_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get, post};
use catalog_api::client::{Client, Error, Hook, RetryPolicy};
use catalog_api::models::Problem;
use client_support::*;
use serde_json::Value;

const ORDER_ID: &str = "c9f1e3a5-7b2d-4c6e-8f0a-1b3d5e7f9a2c";

fn order_id() -> uuid::Uuid {
    ORDER_ID.parse().unwrap()
}

/// A server answering `GET /orders/{id}` with `failures` (status,
/// retry-after) first, then the order.
async fn flaky(failures: Vec<(u16, Option<&'static str>)>) -> Server {
    let calls = counter();
    let router = Router::new().route(
        "/orders/{id}",
        get(move || {
            let calls = Arc::clone(&calls);
            let failures = failures.clone();
            async move {
                match failures.get(next(&calls)) {
                    Some((code, retry_after)) => {
                        let mut response = problem(status(*code), "unavailable", "try later");
                        if let Some(seconds) = retry_after {
                            response
                                .headers_mut()
                                .insert("retry-after", seconds.parse().unwrap());
                        }
                        response
                    }
                    None => json_response(StatusCode::OK, &[], order(ORDER_ID)),
                }
            }
        }),
    );
    serve(router).await
}

/// The error `GET /orders/{id}` ends with on `server`.
async fn get_order_error(server: &Server) -> Error<Problem> {
    server
        .client()
        .get_order(order_id())
        .send()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_get_is_retried_until_the_server_recovers() {
    let server = flaky(vec![(503, None), (502, None)]).await;
    let order = server.client().get_order(order_id()).send().await.unwrap();
    assert_eq!(order.status(), 200);
    assert_eq!(order.body.id.unwrap().to_string(), ORDER_ID);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn the_client_gives_up_after_the_last_retry() {
    let server = flaky(vec![(504, None); 10]).await;
    let error = get_order_error(&server).await;
    assert_eq!(error.status(), Some(StatusCode::GATEWAY_TIMEOUT));
    assert_eq!(server.count(), 4, "one attempt and three retries");
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for code in [500, 400, 404, 409] {
        let server = flaky(vec![(code, None)]).await;
        let error = get_order_error(&server).await;
        assert_eq!(error.status().map(|s| s.as_u16()), Some(code));
        assert_eq!(server.count(), 1, "{code} is final");
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = flaky(vec![(429, Some("1"))]).await;
    let started = Instant::now();
    let order = server.client().get_order(order_id()).send().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(order.status(), 200);
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = flaky(vec![(503, Some("3600"))]).await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy {
            max_retry_after: Duration::from_millis(300),
            ..fast_retries()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_order(order_id()).send().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = flaky(vec![(503, None)]).await;
    let client = server.client_without_retries();
    let error = client.get_order(order_id()).send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.count(), 1);
}

/// `POST /products` (no idempotency key in the spec) and `POST /orders`
/// (an `Idempotency-Key` header) each failing once with 503.
async fn posts_failing_once() -> Server {
    let router = Router::new()
        .route(
            "/products",
            post_failing_once(
                &[("location", "/products/1"), ("etag", "\"1\"")],
                product(PRODUCT_ID, "Keyboard"),
            ),
        )
        .route(
            "/orders",
            post_failing_once(
                &[("location", "/orders/1"), ("idempotent-replayed", "false")],
                order(ORDER_ID),
            ),
        );
    serve(router).await
}

/// A `POST` handler answering 503 the first time, then 201 with `headers`
/// and `body`.
fn post_failing_once(
    headers: &'static [(&'static str, &'static str)],
    body: Value,
) -> MethodRouter {
    let calls = counter();
    post(move || {
        let (calls, body) = (Arc::clone(&calls), body.clone());
        async move {
            match next(&calls) {
                0 => problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "busy"),
                _ => json_response(StatusCode::CREATED, headers, body),
            }
        }
    })
}

fn new_product() -> catalog_api::models::NewProduct {
    serde_json::from_value(
        serde_json::json!({"sku": "KB-ERGO-01", "name": "Keyboard", "price": 10.0}),
    )
    .unwrap()
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_not_retried() {
    let server = posts_failing_once().await;
    let error = server
        .client()
        .create_product(new_product())
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error}");
    };
    assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.count(), 1);
    assert!(server.requests()[0].header("idempotency-key").is_none());
}

#[tokio::test]
async fn a_generated_idempotency_key_is_kept_across_retries() {
    let server = posts_failing_once().await;
    let created = server.place_order().await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.location, "/orders/1");
    assert_eq!(created.idempotent_replayed, Some(false));
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the 503 was retried");
    let first = requests[0]
        .header("idempotency-key")
        .expect("a key was generated");
    assert!(uuid::Uuid::parse_str(first).is_ok(), "{first}");
    assert_eq!(requests[1].header("idempotency-key"), Some(first));
    assert_eq!(requests[0].body, requests[1].body);

    // Each call gets a key of its own.
    let again = posts_failing_once().await;
    again.place_order().await;
    assert_ne!(again.requests()[0].header("idempotency-key"), Some(first));
}

#[tokio::test]
async fn a_given_idempotency_key_is_sent_as_is() {
    let server = posts_failing_once().await;
    server
        .client()
        .create_order(new_order())
        .idempotency_key("order-2026-0001")
        .send()
        .await
        .unwrap();
    for request in server.requests() {
        assert_eq!(request.header("idempotency-key"), Some("order-2026-0001"));
    }
}

/// Counts the attempts made.
struct Attempts(Arc<AtomicUsize>);

impl Hook for Attempts {
    fn on_request(
        &self,
        _request: &mut reqwest::Request,
    ) -> Result<(), catalog_api::client::BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn connection_errors_are_retried_only_when_safe() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::builder(unreachable_url())
        .retry_policy(fast_retries())
        .hook(Attempts(Arc::clone(&attempts)))
        .build()
        .unwrap();
    let error = client.get_order(order_id()).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!(attempts.load(Ordering::SeqCst), 4);

    attempts.store(0, Ordering::SeqCst);
    let error = client
        .create_product(new_product())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!(attempts.load(Ordering::SeqCst), 1, "a POST is sent once");

    attempts.store(0, Ordering::SeqCst);
    client.create_order(new_order()).send().await.unwrap_err();
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        4,
        "an idempotent POST is retried"
    );
}
