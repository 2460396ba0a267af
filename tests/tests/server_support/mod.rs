//! Support shared by the generated server's tests: the example catalog on
//! an ephemeral port over real TCP, request helpers, problem checks and a
//! capture of the log lines.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use catalog_server::{Catalog, DEV_TOKEN, app};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use specforge_runtime::retry::RetryPolicy;
use specforge_runtime::server::ServerOptions;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

/// A catalog server on an ephemeral port; dropped, it shuts down.
pub struct TestServer {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// The catalog (exports finishing after 50 ms) behind `options`.
    pub async fn start(options: ServerOptions) -> Self {
        let catalog = Catalog::new()
            .unwrap()
            .with_export_delay(Duration::from_millis(50));
        Self::serve(app(catalog, options)).await
    }

    /// The catalog without rate limits.
    pub async fn default() -> Self {
        Self::start(ServerOptions::default().rate_limit(None)).await
    }

    /// Any router, served as the catalog is.
    pub async fn serve(router: axum::Router) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(specforge_runtime::shutdown::serve(
            listener,
            router,
            async {
                let _ = stopped.await;
            },
        ));
        Self {
            base: format!("http://{address}"),
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `method path` with the development token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.request_as(DEV_TOKEN, method, path)
    }

    /// `method path` with the bearer `token`.
    pub fn request_as(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        http().request(method, self.url(path)).bearer_auth(token)
    }

    /// `GET path` with the development token.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// `POST path` with the development token and a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap().unwrap();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub fn http() -> Client {
    Client::new()
}

pub fn new_product(sku: &str, name: &str, price: f64) -> Value {
    json!({"sku": sku, "name": name, "price": price, "status": "active", "description": "A thing."})
}

/// Creates a product; its body and ETag.
pub async fn create_product(server: &TestServer, body: &Value) -> (Value, String) {
    let response = server.post("/products", body).send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{:?}",
        response.text().await
    );
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (response.json().await.unwrap(), etag)
}

/// A new order of `quantity` of one product.
pub fn new_order(product_id: &str, quantity: u32) -> Value {
    json!({
        "lines": [{"productId": product_id, "quantity": quantity}],
        "shippingAddress": {"line1": "1 Main St", "city": "Lyon", "postalCode": "69001", "country": "FR"}
    })
}

/// Checks a problem answer (status, media type, request id in the body)
/// and returns its body.
pub async fn problem(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let request_id = response.headers()["request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    assert_eq!(
        body["requestId"], request_id,
        "the problem carries the request id"
    );
    body
}

/// Sends `request` and reads the JSON body of its answer.
pub async fn send_json(request: RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Sends `request` and reads the text of its answer.
pub async fn send_text(request: RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// The `pointer` of each error of a validation problem, in order.
pub fn error_pointers(problem: &Value) -> Vec<&str> {
    problem_errors(problem)
        .map(|e| e["pointer"].as_str().unwrap())
        .collect()
}

/// Whether every error of a validation problem is in `location`.
pub fn errors_all_in(problem: &Value, location: &str) -> bool {
    problem_errors(problem).all(|e| e["location"] == location)
}

fn problem_errors(problem: &Value) -> impl Iterator<Item = &Value> {
    problem["errors"].as_array().unwrap().iter()
}

/// Waits until `check` holds, for up to 5 s.
pub async fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Webhook deliveries retried `max_retries` times with millisecond
/// backoff, so delivery tests stay quick.
pub fn fast_delivery_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(1),
    }
}

pub fn header<'r>(response: &'r reqwest::Response, name: &str) -> &'r str {
    response.headers()[name].to_str().unwrap()
}

/// Log lines written by this test binary at every level, captured from its
/// tracing subscriber (installed on first use).
pub fn logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&logs);
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(move || Captured(Arc::clone(&writer)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        logs
    })
}

/// Everything logged so far, as text.
pub fn logged() -> String {
    let logs = logs().lock().unwrap_or_else(PoisonError::into_inner);
    String::from_utf8_lossy(&logs).into_owned()
}

/// An `io::Write` appending to the captured logs.
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A TCP proxy whose open connections can be cut (both sides closed at
/// once, as a network failure would): the network of reconnect tests.
pub struct Proxy {
    pub url: String,
    cut: watch::Sender<usize>,
    pub connections: Arc<AtomicUsize>,
}

impl Proxy {
    pub async fn to(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (cut, _) = watch::channel(0);
        let connections = Arc::new(AtomicUsize::new(0));
        let (cuts, count) = (cut.clone(), Arc::clone(&connections));
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let mut cut = cuts.subscribe();
                cut.mark_unchanged();
                tokio::spawn(async move {
                    let mut outbound = TcpStream::connect(target).await.unwrap();
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {
                            let _ = inbound.shutdown().await;
                        }
                    }
                });
            }
        });
        Self {
            url,
            cut,
            connections,
        }
    }

    /// Cuts every open connection.
    pub fn cut(&self) {
        self.cut.send_modify(|n| *n += 1);
    }
}
