//! The generated server on a bad day, over real TCP: overload sheds at
//! once past the queue, deadlines cancel handlers, implementers add and
//! replace steps with tower layers, idempotency records are scoped per
//! principal, and no secret reaches the logs or spans.

mod server_support;

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::response::IntoResponse;
use catalog_server::Catalog;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server_support::{TestServer, http, logged, logs, new_order, new_product, problem};
use specforge_runtime::Problem;
use specforge_runtime::cursor::CursorCodec;
use specforge_runtime::server::{
    Authenticator, BoxFuture, BufferedBody, Credential, CurrentOperation, OperationService,
    Principal, ServerOptions, Step,
};
use tower::ServiceExt;
use tower::util::BoxCloneSyncServiceLayer;

/// The layers these tests add, boxed so that one type names them all.
type OperationLayer =
    BoxCloneSyncServiceLayer<OperationService, Request, axum::response::Response, Infallible>;

/// A layer that makes every handler take `delay`, then runs `then`.
fn slow_handlers(
    delay: Duration,
    then: impl Fn() + Clone + Send + Sync + 'static,
) -> OperationLayer {
    OperationLayer::new(tower::layer::layer_fn(move |inner: OperationService| {
        let then = then.clone();
        tower::service_fn(move |request: Request| {
            let (inner, then) = (inner.clone(), then.clone());
            async move {
                tokio::time::sleep(delay).await;
                then();
                inner.oneshot(request).await
            }
        })
    }))
}

#[tokio::test]
async fn past_the_concurrency_limit_and_the_queue_requests_are_shed_at_once() {
    let options = ServerOptions::default()
        .rate_limit(None)
        .concurrency_limit(Some(2))
        .queue_limit(1)
        .handler_layer(slow_handlers(Duration::from_millis(600), || {}));
    let server = TestServer::start(options).await;
    let started = Instant::now();
    let calls = (0..8).map(|_| {
        let url = server.url("/health");
        tokio::spawn(async move {
            let response = http().get(url).send().await.unwrap();
            (response, started.elapsed())
        })
    });
    let mut served = 0;
    let mut shed = 0;
    for call in calls.collect::<Vec<_>>() {
        let (response, after) = call.await.unwrap();
        match response.status() {
            StatusCode::OK => served += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                shed += 1;
                assert!(
                    after < Duration::from_millis(500),
                    "shed at once: {after:?}"
                );
                assert_eq!(response.headers()["retry-after"], "1");
                let body = problem(response, StatusCode::SERVICE_UNAVAILABLE).await;
                assert_eq!(body["code"], "overloaded");
            }
            other => panic!("unexpected {other}"),
        }
    }
    // Two run, one waits its turn, five are refused.
    assert_eq!((served, shed), (3, 5));
    // Once the load is gone, the server serves again.
    let after = http().get(server.url("/health")).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_whose_client_goes_away_gives_back_its_place() {
    let options = ServerOptions::default()
        .rate_limit(None)
        .concurrency_limit(Some(1))
        .queue_limit(0)
        .handler_layer(slow_handlers(Duration::from_millis(800), || {}));
    let server = TestServer::start(options).await;
    // The client gives up long before the handler would answer: the
    // server drops the request's future, which must give back its slot.
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    assert!(impatient.get(server.url("/health")).send().await.is_err());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let next = http().get(server.url("/health")).send().await.unwrap();
    assert_eq!(next.status(), StatusCode::OK, "the place was given back");
    assert!(started.elapsed() >= Duration::from_millis(800));
}

#[tokio::test]
async fn past_its_deadline_a_handler_is_cancelled_and_the_answer_is_503() {
    let finished = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&finished);
    let options = ServerOptions::default()
        .rate_limit(None)
        .deadline(Duration::from_millis(150))
        .operation_deadline("listCategories", Duration::from_secs(5))
        .handler_layer(slow_handlers(Duration::from_millis(400), move || {
            flag.store(true, Ordering::SeqCst)
        }));
    let server = TestServer::start(options).await;
    let started = Instant::now();
    let response = http().get(server.url("/health")).send().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(400));
    assert_eq!(response.headers()["retry-after"], "1");
    let body = problem(response, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(body["code"], "deadline_exceeded");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !finished.load(Ordering::SeqCst),
        "the handler was dropped, not left running"
    );
    // An operation with a longer deadline of its own completes.
    let listed = server.get("/categories").send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
}

/// `POST /products` written by hand on a raw connection: the head and the
/// first `sent` bytes of the body, the rest after `pause` unless the
/// server answered first; the answer (status line, headers, body).
async fn post_in_two_parts(
    server: &TestServer,
    body: &[u8],
    sent: usize,
    pause: Duration,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = server.base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /products HTTP/1.1\r\nhost: test\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        catalog_server::DEV_TOKEN,
        body.len()
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    writer.write_all(&body[..sent]).await.unwrap();
    let rest = body[sent..].to_vec();
    let late = tokio::spawn(async move {
        tokio::time::sleep(pause).await;
        // The server may have answered and closed already.
        let _ = writer.write_all(&rest).await;
        writer
    });
    let mut answer = Vec::new();
    let _ = reader.read_to_end(&mut answer).await;
    late.abort();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_body_that_stalls_past_the_read_timeout_is_a_408_and_one_in_time_is_read() {
    let options = ServerOptions::default()
        .rate_limit(None)
        .body_read_timeout(Duration::from_millis(300));
    let server = TestServer::start(options).await;
    let body = serde_json::to_vec(&new_product("SLOW-1", "Slow kettle", 12.5)).unwrap();

    let started = Instant::now();
    let stalled = post_in_two_parts(&server, &body, 10, Duration::from_secs(2)).await;
    assert!(stalled.starts_with("HTTP/1.1 408"), "{stalled}");
    assert!(stalled.contains("application/problem+json"), "{stalled}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered at the timeout, not after the body"
    );

    // A pause shorter than the timeout between two chunks is fine.
    let in_time = post_in_two_parts(&server, &body, 10, Duration::from_millis(100)).await;
    assert!(in_time.starts_with("HTTP/1.1 201"), "{in_time}");
}

/// Authentication replaced by a layer: `x-user: NAME` is the principal
/// (with every scope), anything else a 401 problem.
fn header_auth() -> OperationLayer {
    OperationLayer::new(tower::layer::layer_fn(|inner: OperationService| {
        tower::service_fn(move |mut request: Request| {
            let inner = inner.clone();
            async move {
                let user = request
                    .headers()
                    .get("x-user")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                match user {
                    Some(user) => {
                        let scopes = ["catalog:read", "catalog:write", "orders:write"];
                        request
                            .extensions_mut()
                            .insert(Principal::new(user, scopes));
                        inner.oneshot(request).await
                    }
                    None => Ok(Problem::unauthorized("User").into_response()),
                }
            }
        })
    }))
}

#[tokio::test]
async fn implementers_add_and_replace_steps_with_tower_layers() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let bodies = Arc::new(AtomicUsize::new(0));
    let (record, measure) = (Arc::clone(&seen), Arc::clone(&bodies));
    let options = ServerOptions::default()
        .rate_limit(None)
        .without(Step::Authentication)
        .layer(header_auth())
        .layer(tower::layer::layer_fn(move |inner: OperationService| {
            let record = Arc::clone(&record);
            tower::service_fn(move |request: Request| {
                let operation = request.extensions().get::<CurrentOperation>().cloned();
                record.lock().unwrap().push(format!(
                    "{} {}",
                    operation.as_ref().map_or("?", |o| o.operation.id),
                    operation.as_ref().map_or("?", |o| o.route)
                ));
                inner.clone().oneshot(request)
            })
        }))
        .handler_layer(tower::layer::layer_fn(move |inner: OperationService| {
            let measure = Arc::clone(&measure);
            tower::service_fn(move |request: Request| {
                let length = request
                    .extensions()
                    .get::<BufferedBody>()
                    .map_or(0, |b| b.0.len());
                measure.fetch_add(length, Ordering::SeqCst);
                inner.clone().oneshot(request)
            })
        }));
    let server = TestServer::start(options).await;

    let anonymous = http().get(server.url("/products")).send().await.unwrap();
    let body = problem(anonymous, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["code"], "unauthorized");
    // The built-in bearer check is off: the development token alone is refused.
    let bearer = server.get("/products").send().await.unwrap();
    assert_eq!(bearer.status(), StatusCode::UNAUTHORIZED);

    let product = new_product("LAYER-1", "Layered", 5.0);
    let as_carol = |method: Method, path: &str| {
        http()
            .request(method, server.url(path))
            .header("x-user", "carol")
    };
    let created = as_carol(Method::POST, "/products")
        .json(&product)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let listed = as_carol(Method::GET, "/products").send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);

    // The counting layer sits inside the authenticating one (added
    // first, outermost): it sees only the requests let through.
    assert_eq!(
        *seen.lock().unwrap(),
        ["createProduct /products", "listProducts /products"]
    );
    // The handler layer saw the body the pipeline had read.
    assert_eq!(
        bodies.load(Ordering::SeqCst),
        serde_json::to_vec(&product).unwrap().len()
    );
}

/// Two writers with every scope, `alice` and `bob`, and a reader.
struct TwoWriters;

impl Authenticator for TwoWriters {
    fn authenticate<'a>(
        &'a self,
        _scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>> {
        let scopes = ["catalog:read", "catalog:write", "orders:write"];
        let principal = match credential {
            Credential::Bearer(token) if token == "alice-secret-token" => {
                Some(Principal::new("alice", scopes))
            }
            Credential::Bearer(token) if token == "bob-secret-token" => {
                Some(Principal::new("bob", scopes))
            }
            _ => None,
        };
        Box::pin(async move { principal })
    }
}

async fn order_as(server: &TestServer, token: &str, key: &str, body: &Value) -> reqwest::Response {
    server
        .request_as(token, Method::POST, "/orders")
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn one_caller_cannot_replay_another_callers_answer() {
    // `app` brings the development authenticator; this test needs two
    // writers, so it builds the generated router itself.
    let server = TestServer::serve(catalog_api::server::router(
        Catalog::new().unwrap(),
        ServerOptions::default()
            .rate_limit(None)
            .authenticator(TwoWriters),
    ))
    .await;
    let created = server
        .request_as("alice-secret-token", Method::POST, "/products")
        .json(&new_product("SCOPE-1", "Scoped", 3.0))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let product: Value = created.json().await.unwrap();
    let order = new_order(product["id"].as_str().unwrap(), 2);

    let alices = order_as(&server, "alice-secret-token", "shared-key", &order).await;
    assert_eq!(alices.status(), StatusCode::CREATED);
    let alices: Value = alices.json().await.unwrap();
    let bobs = order_as(&server, "bob-secret-token", "shared-key", &order).await;
    assert_eq!(bobs.status(), StatusCode::CREATED);
    assert!(bobs.headers().get("idempotent-replayed").is_none());
    let bobs: Value = bobs.json().await.unwrap();
    assert_ne!(alices["id"], bobs["id"], "bob's request ran on its own");

    let again = order_as(&server, "alice-secret-token", "shared-key", &order).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], alices["id"], "alice gets her own answer back");
}

#[tokio::test]
async fn no_credential_key_or_cursor_secret_reaches_the_logs() {
    logs();
    let cursor_secret = [0x5au8; 32];
    let options = ServerOptions::default()
        .rate_limit(Some(specforge_runtime::rate_limit::RateLimit::new(
            3, 0.001,
        )))
        .authenticator(TwoWriters)
        .cursor_codec(CursorCodec::new([("k1", cursor_secret)]).unwrap());
    let server = TestServer::serve(catalog_api::server::router(
        Catalog::new().unwrap(),
        options,
    ))
    .await;
    let token = "alice-secret-token";
    for i in 0..3 {
        let created = server
            .request_as(token, Method::POST, "/products")
            .header("idempotency-key", "idem-secret-key-456")
            .json(&new_product(&format!("LOG-{i}"), "Logged", 1.0))
            .send()
            .await
            .unwrap();
        assert!(created.status().is_success() || created.status().is_client_error());
    }
    let page = server
        .request_as(token, Method::GET, "/products?limit=1")
        .send()
        .await
        .unwrap();
    // The bucket of 3 is empty by now: the refusal is logged.
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    let refused = server
        .request_as(
            "wrong-secret-token",
            Method::GET,
            "/products?api_key=query-secret-789",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let logged = logged();
    assert!(logged.contains("rate limit exceeded"), "{logged}");
    assert!(logged.contains("operation.id=listProducts"), "{logged}");
    assert!(logged.contains("http.route=/products"), "{logged}");
    assert!(logged.contains("http.response.status_code=429"), "{logged}");
    for secret in [
        "alice-secret-token",
        "wrong-secret-token",
        "idem-secret-key-456",
        "query-secret-789",
        "5a5a5a5a",
        "WlpaWlpa",
    ] {
        assert!(!logged.contains(secret), "{secret} was logged:\n{logged}");
    }
}
