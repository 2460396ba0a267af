//! Support for the generated client's tests: small hand-written axum
//! servers on ephemeral ports that record every request they get, and
//! catalog-shaped answers.
#![allow(dead_code)] // each test binary uses a different subset

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use catalog_api::client::{Client, ClientBuilder, CreateOrderResponse, RetryPolicy};
use serde_json::{Value, json};

pub const PRODUCT_ID: &str = "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16";

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A test server: its base URL and everything it received.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// A client of this server that retries fast.
    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }

    pub fn builder(&self) -> ClientBuilder {
        Client::builder(&self.url).retry_policy(fast_retries())
    }

    /// Places the test order (`new_order()`) with `client()`; the answer.
    pub async fn place_order(&self) -> catalog_api::client::Response<CreateOrderResponse> {
        self.client()
            .create_order(new_order())
            .send()
            .await
            .unwrap()
    }

    /// A client of this server that never retries: every answer is final.
    pub fn client_without_retries(&self) -> Client {
        self.builder()
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
    }
}

/// The base URL of a loopback port nothing listens on (bound, noted and
/// closed again): every connection to it is refused.
pub fn unreachable_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

/// Retries with millisecond backoff, so tests stay quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

#[derive(Clone, Default)]
struct Recorder {
    requests: Arc<Mutex<Vec<Recorded>>>,
    ids: Arc<AtomicUsize>,
}

/// Records the request, then echoes (or invents) `request-id` on the
/// response, as the catalog contract requires of every answer.
async fn record(State(recorder): State<Recorder>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    recorder.requests.lock().unwrap().push(Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body: body.clone(),
    });
    let request_id = parts.headers.get("request-id").cloned().unwrap_or_else(|| {
        let n = recorder.ids.fetch_add(1, Ordering::SeqCst);
        HeaderValue::from_str(&format!("req-{n}")).unwrap()
    });
    let mut response = next.run(Request::from_parts(parts, Body::from(body))).await;
    response
        .headers_mut()
        .entry("request-id")
        .or_insert(request_id);
    response
}

/// Serves `router` on an ephemeral port of 127.0.0.1.
pub async fn serve(router: Router) -> Server {
    let recorder = Recorder::default();
    let requests = Arc::clone(&recorder.requests);
    let app = router.layer(middleware::from_fn_with_state(recorder, record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { url, requests }
}

/// Serves `answer()` to every `method path` request (a canned answer).
pub async fn serve_canned(
    method: MethodFilter,
    path: &str,
    answer: impl Fn() -> Response + Clone + Send + Sync + 'static,
) -> Server {
    let handler = move || std::future::ready(answer());
    serve(Router::new().route(path, on(method, handler))).await
}

/// A problem document of the catalog's `Problem` schema.
pub fn problem(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = json!({
        "type": format!("https://problems.example.com/{code}"),
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
        "code": code,
        "requestId": "problem-request",
    });
    (
        status,
        [("content-type", "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// A JSON response with extra headers.
pub fn json_response(status: StatusCode, headers: &[(&str, &str)], body: Value) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    for (name, value) in headers {
        response.headers_mut().insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    response
}

/// A catalog product with this id and name.
pub fn product(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "sku": "KB-ERGO-01",
        "name": name,
        "description": null,
        "price": 149.9,
        "status": "active",
        "tags": ["ergonomic"],
        "categoryIds": [],
        "attributes": {"color": "graphite"},
        "createdAt": "2026-03-01T09:30:00Z",
        "updatedAt": "2026-03-04T16:12:45Z"
    })
}

/// A uuid whose last group is `n`.
pub fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// An order placed for one line of the product.
pub fn order(id: &str) -> Value {
    json!({
        "id": id,
        "status": "pending",
        "lines": [{"productId": PRODUCT_ID, "quantity": 2, "unitPrice": 149.9, "lineTotal": 299.8}],
        "total": 299.8,
        "currency": "EUR",
        "shippingAddress": {"line1": "12 Rue des Lilas", "city": "Lyon", "postalCode": "69003", "country": "FR"},
        "createdAt": "2026-03-06T14:20:00Z"
    })
}

/// The order to place in tests.
pub fn new_order() -> catalog_api::models::NewOrder {
    serde_json::from_value(json!({
        "lines": [{"productId": PRODUCT_ID, "quantity": 2}],
        "shippingAddress": {"line1": "12 Rue des Lilas", "city": "Lyon", "postalCode": "69003", "country": "FR"}
    }))
    .unwrap()
}

/// A counter shared between a handler and the test.
pub fn counter() -> Arc<AtomicUsize> {
    Arc::new(AtomicUsize::new(0))
}

/// Bumps the counter and returns its previous value.
pub fn next(counter: &AtomicUsize) -> usize {
    counter.fetch_add(1, Ordering::SeqCst)
}

pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap()
}

/// A response without a body, with these headers.
pub fn bodiless(status: StatusCode, headers: &[(&str, &str)]) -> Response {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}
