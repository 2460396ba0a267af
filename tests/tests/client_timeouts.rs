//! The generated client's timeouts, over real TCP: a slow answer, a body
//! that stalls, and the overall limit on a call with retries.

mod client_support;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodFilter, get};
use catalog_api::client::{Client, Error, RetryPolicy};
use catalog_api::models::Problem;
use client_support::*;

fn category_id() -> uuid::Uuid {
    uuid(7).parse().unwrap()
}

fn category() -> serde_json::Value {
    serde_json::json!({
        "id": uuid(7),
        "name": "Keyboards",
        "slug": "keyboards",
        "parentId": null,
        "createdAt": "2026-01-10T08:15:00Z"
    })
}

/// `GET /categories/{id}` answering after `delay`.
async fn slow(delay: Duration) -> Server {
    let router = Router::new().route(
        "/categories/{id}",
        get(move || async move {
            tokio::time::sleep(delay).await;
            json_response(StatusCode::OK, &[], category())
        }),
    );
    serve(router).await
}

/// A client of `server` whose attempts time out after `timeout`.
fn timing_out_after(server: &Server, timeout: Duration) -> Client {
    server.builder().timeout(timeout).build().unwrap()
}

/// The error `GET /categories/{id}` ends with, and how long that took.
async fn category_error(client: &Client) -> (Error<Problem>, Duration) {
    let started = Instant::now();
    let error = client.get_category(category_id()).send().await.unwrap_err();
    (error, started.elapsed())
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_not_retried() {
    let server = slow(Duration::from_secs(5)).await;
    let client = timing_out_after(&server, Duration::from_millis(200));
    let (error, took) = category_error(&client).await;
    assert!(
        matches!(error, Error::Timeout(limit) if limit == Duration::from_millis(200)),
        "{error}"
    );
    assert!(error.is_timeout());
    assert!(took < Duration::from_secs(2));
    assert_eq!(server.count(), 1);
    assert_eq!(error.to_string(), "no response within 200ms");
}

#[tokio::test]
async fn answers_within_the_timeout_arrive() {
    let server = slow(Duration::from_millis(50)).await;
    let client = timing_out_after(&server, Duration::from_secs(5));
    let category = client.get_category(category_id()).send().await.unwrap();
    assert_eq!(category.body.slug, "keyboards");
}

#[tokio::test]
async fn the_total_timeout_cuts_a_slow_attempt() {
    let server = slow(Duration::from_secs(5)).await;
    let client = server
        .builder()
        .timeout(Duration::from_secs(30))
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let (error, took) = category_error(&client).await;
    assert!(
        matches!(error, Error::Timeout(limit) if limit == Duration::from_millis(300)),
        "{error}"
    );
    assert!(took < Duration::from_secs(2));
}

#[tokio::test]
async fn the_total_timeout_bounds_the_retries() {
    // Always 503 with `retry-after: 1`: the second wait would end after the
    // overall limit, so the client stops and reports the last answer.
    let server = serve_canned(MethodFilter::GET, "/categories/{id}", || {
        let mut response = problem(StatusCode::SERVICE_UNAVAILABLE, "overloaded", "later");
        response
            .headers_mut()
            .insert("retry-after", "1".parse().unwrap());
        response
    })
    .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy {
            max_retries: 10,
            ..fast_retries()
        })
        .total_timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let (error, took) = category_error(&client).await;
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.count(), 2);
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_millis(1500),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_stalled_body_times_out() {
    // The headers come at once; the JSON body stops half way.
    let router = Router::new().route(
        "/categories/{id}",
        get(|| async {
            let chunks = futures::stream::unfold(0, |step| async move {
                match step {
                    0 => Some((Ok::<_, std::io::Error>(bytes::Bytes::from("{\"id\":")), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        Some((Ok(bytes::Bytes::from("null}")), 2))
                    }
                    _ => None,
                }
            });
            Response::builder()
                .header("content-type", "application/json")
                .body(Body::from_stream(chunks))
                .unwrap()
        }),
    );
    let server = serve(router).await;
    let client = timing_out_after(&server, Duration::from_millis(300));
    let (error, took) = category_error(&client).await;
    assert!(error.is_timeout(), "{error}");
    assert!(took < Duration::from_secs(2));
}
