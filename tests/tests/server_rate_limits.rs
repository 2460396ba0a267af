//! Per-operation `x-rate-limit` over real TCP: `startExport` declares its
//! own bucket (capacity 5, 1 token a second) beside the spec's default
//! (capacity 100, 50 a second). Blocked requests answer 429 with
//! `retry-after` and `ratelimit-*` headers, carry their request id, and
//! are logged with it; other operations are not held back.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use catalog_server::{Catalog, DEV_TOKEN, app};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use specforge_runtime::server::ServerOptions;
use tokio::sync::oneshot;

/// The catalog server with the spec's rate limits, on an ephemeral port;
/// dropped, it shuts down.
struct TestServer {
    base: String,
    _stop: oneshot::Sender<()>,
}

impl TestServer {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let catalog = Catalog::new()
            .unwrap()
            .with_export_delay(Duration::from_millis(10));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(specforge_runtime::shutdown::serve(
            listener,
            app(catalog, ServerOptions::default()),
            async {
                let _ = stopped.await;
            },
        ));
        Self {
            base: format!("http://{address}"),
            _stop: stop,
        }
    }

    fn get(&self, path: &str) -> RequestBuilder {
        Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth(DEV_TOKEN)
    }

    fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        Client::new()
            .post(format!("{}{path}", self.base))
            .bearer_auth(DEV_TOKEN)
            .json(body)
    }
}

/// Log lines written by this test binary, captured from its tracing
/// subscriber.
fn logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&logs);
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || Captured(Arc::clone(&writer)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        logs
    })
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

fn header<'r>(response: &'r Response, name: &str) -> &'r str {
    response.headers()[name].to_str().unwrap()
}

#[tokio::test]
async fn start_export_has_its_own_tighter_limit() {
    let logs = logs();
    let server = TestServer::start().await;
    let export = || server.post("/exports", &json!({"format": "csv"}));

    let mut job = String::new();
    for i in 0..5 {
        let started = export()
            .header("request-id", format!("export-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(started.status(), StatusCode::ACCEPTED, "call {i}");
        assert_eq!(header(&started, "ratelimit-limit"), "5");
        assert_eq!(header(&started, "ratelimit-remaining"), (4 - i).to_string());
        job = header(&started, "location").to_owned();
    }

    let blocked = export()
        .header("request-id", "export-blocked")
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&blocked, "content-type"), "application/problem+json");
    assert_eq!(header(&blocked, "request-id"), "export-blocked");
    assert_eq!(header(&blocked, "retry-after"), "1", "1 token a second");
    assert_eq!(header(&blocked, "ratelimit-limit"), "5");
    assert_eq!(header(&blocked, "ratelimit-remaining"), "0");
    let reset: u64 = header(&blocked, "ratelimit-reset").parse().unwrap();
    assert!((1..=5).contains(&reset), "{reset}");
    let problem: Value = blocked.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    assert_eq!(problem["code"], "rate_limited");
    assert_eq!(problem["requestId"], "export-blocked");

    // Other operations, by the same client, still pass under the default.
    let listed = server.get("/products").send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    assert_eq!(header(&listed, "ratelimit-limit"), "100");
    let created = server
        .post(
            "/products",
            &json!({"sku": "RATE-0001", "name": "Kettle", "price": 30.0}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(header(&created, "ratelimit-limit"), "100");
    let polled = server.get(&job).send().await.unwrap();
    assert_eq!(polled.status(), StatusCode::OK);
    assert_eq!(header(&polled, "ratelimit-limit"), "100");

    // The refusal is logged at warn with the request id.
    let logged = String::from_utf8_lossy(&logs.lock().unwrap_or_else(PoisonError::into_inner))
        .lines()
        .filter(|line| line.contains("rate limit exceeded"))
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert!(
        logged
            .iter()
            .any(|line| line.contains("WARN") && line.contains("export-blocked")),
        "{logged:?}"
    );
    assert_eq!(logged.len(), 1, "only the blocked request is logged");
}
