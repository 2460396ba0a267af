//! Webhooks end to end over real TCP: the example catalog server sends
//! `order.status_changed` to a receiver built from the same generated crate
//! (`catalog_api::webhooks::router`). Deliveries are signed (Standard
//! Webhooks) and verified before the handler runs; a replay is not handled
//! twice, a stale one and a forged one are refused; a 5xx is retried with
//! the same id, a refusal is not.

mod server_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use catalog_api::models::{OrderStatus, OrderStatusChangedEvent};
use catalog_api::webhooks::{
    self, Delivery, DeliveryError, Endpoint, Handler, Receiver, Secret, Sender, Verifier,
};
use catalog_server::{Catalog, app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server_support::{
    TestServer, create_product, eventually, fast_delivery_retries, new_order, new_product,
    send_json,
};
use specforge_runtime::Problem;
use specforge_runtime::server::ServerOptions;

/// A receiver's handler: records what it handles, fails the first
/// `failures` calls with a 503.
#[derive(Clone, Default)]
struct Recorder {
    handled: Arc<Mutex<Vec<(String, OrderStatusChangedEvent)>>>,
    calls: Arc<AtomicUsize>,
    failures: Arc<AtomicUsize>,
    others: Arc<AtomicUsize>,
}

impl Handler for Recorder {
    async fn order_status_changed(
        &self,
        delivery: Delivery<OrderStatusChangedEvent>,
    ) -> Result<(), Problem> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let fail = self
            .failures
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if fail {
            return Err(Problem::service_unavailable(None));
        }
        self.handled
            .lock()
            .unwrap()
            .push((delivery.id, delivery.payload));
        Ok(())
    }

    async fn other(&self, _: Delivery<axum::body::Bytes>) -> Result<(), Problem> {
        self.others.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

impl Recorder {
    fn handled(&self) -> Vec<(String, OrderStatusChangedEvent)> {
        self.handled.lock().unwrap().clone()
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// A receiver at `/hooks` verifying with `verifier`.
async fn receiver(recorder: &Recorder, verifier: Verifier) -> (TestServer, String) {
    let router = Router::new().nest(
        "/hooks",
        webhooks::router(recorder.clone(), Receiver::new(verifier)),
    );
    let server = TestServer::serve(router).await;
    let url = server.url("/hooks");
    (server, url)
}

fn fast_sender() -> Sender {
    Sender::new().retry_policy(fast_delivery_retries(3))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Posts a delivery signed with `secret` at `timestamp` to `url`.
async fn post_signed(
    url: &str,
    secret: &Secret,
    id: &str,
    timestamp: i64,
    body: &Value,
) -> reqwest::Response {
    let body = serde_json::to_vec(body).unwrap();
    reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            specforge_runtime::webhooks::sign(secret, id, timestamp, &body),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

fn event(status: &str) -> Value {
    json!({
        "type": "order.status_changed",
        "timestamp": "2026-03-06T15:02:00Z",
        "data": {
            "orderId": "c9f1e3a5-7b2d-4c6e-8f0a-1b3d5e7f9a2c",
            "status": status,
            "previousStatus": "pending"
        }
    })
}

#[tokio::test]
async fn order_webhooks_are_delivered_signed_and_verified() {
    let secret = Secret::generate();
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(&recorder, Verifier::new(secret.clone())).await;
    let catalog = Catalog::new()
        .unwrap()
        .with_webhooks(vec![Endpoint::new(url, secret)], fast_sender());
    let server = TestServer::serve(app(catalog, ServerOptions::default().rate_limit(None))).await;
    let (product, _) = create_product(&server, &new_product("SKU-W", "Lamp", 10.0)).await;
    let placed = server
        .post("/orders", &new_order(product["id"].as_str().unwrap(), 2))
        .header("idempotency-key", "order-1");
    let order = send_json(placed).await;
    let order_id = order["id"].as_str().unwrap();
    eventually("the placed order's webhook", || {
        recorder.handled().len() == 1
    })
    .await;
    let cancelled = server
        .post(&format!("/orders/{order_id}/cancel"), &json!(null))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    eventually("the cancelled order's webhook", || {
        recorder.handled().len() == 2
    })
    .await;
    let handled = recorder.handled();
    let (placed_id, placed) = &handled[0];
    assert_eq!(placed.data.order_id.to_string(), order_id);
    assert_eq!(placed.data.status, OrderStatus::Pending);
    assert_eq!(placed.data.previous_status, None);
    let (cancel_id, cancel) = &handled[1];
    assert_eq!(cancel.data.status, OrderStatus::Cancelled);
    assert_eq!(cancel.data.previous_status, Some(OrderStatus::Pending));
    assert!(placed_id.starts_with("msg_") && placed_id != cancel_id);
    assert_eq!(recorder.calls(), 2);
}

#[tokio::test]
async fn a_replay_is_not_handled_twice_and_a_stale_one_is_refused() {
    let secret = Secret::generate();
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(&recorder, Verifier::new(secret.clone())).await;
    let body = event("cancelled");
    let first = post_signed(&url, &secret, "msg_replayed", now(), &body).await;
    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    assert_eq!(recorder.calls(), 1);
    // The same delivery again (a sender's retry, or a replay within the
    // window): acknowledged, not handled again.
    let again = post_signed(&url, &secret, "msg_replayed", now(), &body).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    assert_eq!(recorder.calls(), 1);
    // The same id with another body: refused.
    let other = post_signed(&url, &secret, "msg_replayed", now(), &event("paid")).await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A validly signed delivery from 10 minutes ago: a replay, refused.
    let stale = post_signed(&url, &secret, "msg_stale", now() - 600, &body).await;
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    let problem: Value = stale.json().await.unwrap();
    assert_eq!(problem["code"], "webhook_timestamp_out_of_tolerance");
    assert_eq!(recorder.calls(), 1);
}

#[tokio::test]
async fn a_wrong_signature_is_refused_before_the_handler() {
    let secret = Secret::generate();
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(&recorder, Verifier::new(secret)).await;
    let forged = post_signed(
        &url,
        &Secret::generate(),
        "msg_forged",
        now(),
        &event("paid"),
    )
    .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(forged.headers()["content-type"], "application/problem+json");
    let problem: Value = forged.json().await.unwrap();
    assert_eq!(problem["code"], "webhook_signature_invalid");
    let unsigned = reqwest::Client::new()
        .post(&url)
        .json(&event("paid"))
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(recorder.calls(), 0);
}

#[tokio::test]
async fn a_5xx_is_retried_with_the_same_id_until_handled() {
    let secret = Secret::generate();
    let recorder = Recorder::default();
    recorder.failures.store(2, Ordering::SeqCst);
    let (_receiver, url) = receiver(&recorder, Verifier::new(secret.clone())).await;
    let payload: OrderStatusChangedEvent = serde_json::from_value(event("cancelled")).unwrap();
    let message = webhooks::order_status_changed(&payload).unwrap();
    let delivered = fast_sender()
        .deliver(&Endpoint::new(url, secret), &message)
        .await
        .unwrap();
    assert_eq!(delivered.attempts, 3);
    assert_eq!(delivered.status, StatusCode::NO_CONTENT);
    assert_eq!(recorder.calls(), 3);
    let handled = recorder.handled();
    assert_eq!(handled.len(), 1);
    assert_eq!(handled[0].0, message.id(), "the same id on every attempt");
}

#[tokio::test]
async fn a_refusal_is_not_retried() {
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(&recorder, Verifier::new(Secret::generate())).await;
    let payload: OrderStatusChangedEvent = serde_json::from_value(event("cancelled")).unwrap();
    let message = webhooks::order_status_changed(&payload).unwrap();
    let refused = fast_sender()
        .deliver(&Endpoint::new(url, Secret::generate()), &message)
        .await;
    assert!(
        matches!(
            refused,
            Err(DeliveryError::Rejected { status, attempts: 1 }) if status == StatusCode::UNAUTHORIZED
        ),
        "{refused:?}"
    );
    // Nobody listening at all: retried, then given up.
    let gone = fast_sender()
        .deliver(
            &Endpoint::new("http://127.0.0.1:9/hooks", Secret::generate()),
            &message,
        )
        .await;
    assert!(
        matches!(gone, Err(DeliveryError::Exhausted { attempts: 4, .. })),
        "{gone:?}"
    );
}

#[tokio::test]
async fn a_rotated_secret_is_accepted_alongside_the_new_one() {
    let (old, new) = (Secret::generate(), Secret::generate());
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(
        &recorder,
        Verifier::new(new.clone()).with_secret(old.clone()),
    )
    .await;
    let payload: OrderStatusChangedEvent = serde_json::from_value(event("cancelled")).unwrap();
    for secret in [old, new] {
        let message = webhooks::order_status_changed(&payload).unwrap();
        fast_sender()
            .deliver(&Endpoint::new(url.clone(), secret), &message)
            .await
            .unwrap();
    }
    assert_eq!(recorder.handled().len(), 2);
}

#[tokio::test]
async fn unknown_events_are_acknowledged_and_broken_payloads_refused() {
    let secret = Secret::generate();
    let recorder = Recorder::default();
    let (_receiver, url) = receiver(&recorder, Verifier::new(secret.clone())).await;
    let newer = json!({"type": "order.refunded", "timestamp": "2026-03-06T15:02:00Z", "data": {}});
    let response = post_signed(&url, &secret, "msg_newer", now(), &newer).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(recorder.others.load(Ordering::SeqCst), 1);
    let broken = json!({"type": "order.status_changed", "timestamp": "soon", "data": {}});
    let response = post_signed(&url, &secret, "msg_broken", now(), &broken).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(recorder.calls(), 0);
    // Not remembered: the sender's corrected retry is handled.
    let fixed = post_signed(&url, &secret, "msg_broken", now(), &event("paid")).await;
    assert_eq!(fixed.status(), StatusCode::NO_CONTENT);
    assert_eq!(recorder.calls(), 1);
}
