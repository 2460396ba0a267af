//! Two `catalog-server` processes sharing one real Redis, over real TCP:
//! an idempotent request started on one replica is replayed by the other,
//! and a rate limit is one bucket for both.
//!
//! Each test starts its own `redis-server` on a free port in a temporary
//! directory. Without `redis-server` on `PATH` it uses `REDIS_URL` (with a
//! fresh key prefix), and without either it prints why and passes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const DEV_TOKEN: &str = "dev-token";

/// A child process killed (and reaped) when dropped, even when a test
/// fails half-way.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The Redis the replicas share.
struct Redis {
    url: String,
    /// Our own `redis-server`, if we started one, and its directory.
    _server: Option<(Killed, tempfile::TempDir)>,
}

impl Redis {
    /// Starts a `redis-server`, else falls back to `REDIS_URL`, else
    /// prints why the test is skipped and returns `None`.
    fn start(test: &str) -> Option<Self> {
        match start_redis_server() {
            Ok(Some((server, dir, port))) => {
                return Some(Self {
                    url: format!("redis://127.0.0.1:{port}"),
                    _server: Some((server, dir)),
                });
            }
            Ok(None) => {}
            Err(error) => panic!("redis-server is installed but did not start: {error}"),
        }
        match std::env::var("REDIS_URL") {
            Ok(url) => Some(Self { url, _server: None }),
            Err(_) => {
                eprintln!(
                    "skipping replicas::{test}: redis-server is not on PATH and REDIS_URL is not set \
                     (apt-get install redis-server)"
                );
                None
            }
        }
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// `redis-server` on a free port in a temporary directory, answering
/// `PING`; `Ok(None)` when it is not installed.
fn start_redis_server() -> std::io::Result<Option<(Killed, tempfile::TempDir, u16)>> {
    let mut last_error = None;
    for _attempt in 0..3 {
        let dir = tempfile::tempdir()?;
        let port = free_port();
        let spawned = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
            ])
            .arg("--dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .spawn();
        let server = match spawned {
            Ok(child) => Killed(child),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        match wait_for_pong(port, Duration::from_secs(5)) {
            Ok(()) => return Ok(Some((server, dir, port))),
            // Most likely someone took the port in between: try another.
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no attempt made")))
}

/// Waits until the Redis server on `port` answers `PING`.
fn wait_for_pong(port: u16, timeout: Duration) -> std::io::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let answer = TcpStream::connect(("127.0.0.1", port)).and_then(|mut stream| {
            stream.set_read_timeout(Some(Duration::from_secs(1)))?;
            stream.write_all(b"PING\r\n")?;
            let mut reply = [0u8; 7];
            stream.read_exact(&mut reply)?;
            Ok(reply)
        });
        match answer {
            Ok(reply) if &reply == b"+PONG\r\n" => return Ok(()),
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(reply) => {
                return Err(std::io::Error::other(format!(
                    "unexpected PING reply {:?}",
                    String::from_utf8_lossy(&reply)
                )));
            }
            Err(error) => return Err(error),
        }
    }
}

/// One `catalog-server` process on a port of its choosing.
struct Replica {
    base: String,
    /// Everything it printed on stdout so far (start-up lines and logs).
    output: Arc<Mutex<Vec<String>>>,
    _process: Killed,
}

impl Replica {
    /// Starts `catalog-server --addr 127.0.0.1:0 --in-memory <args>` and
    /// reads the bound address from its first line.
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_catalog-server"))
            .args(["--addr", "127.0.0.1:0", "--in-memory"])
            .args(args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .spawn()
            .expect("catalog-server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let process = Killed(child);
        let output = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let lines = Arc::clone(&output);
        // Drains stdout for the whole life of the process, so the pipe never
        // fills up and blocks it.
        std::thread::spawn(move || {
            let mut address = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("catalog API on http://") {
                    address = rest.split_whitespace().next().map(str::to_owned);
                }
                // The last start-up line: the ones before it are in `output`.
                let started = line.starts_with("development credentials:");
                lock(&lines).push(line);
                if started {
                    let _ = address_tx.send(address.take().unwrap_or_default());
                }
            }
        });
        let address = address_rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                panic!(
                    "catalog-server {args:?} printed no address; output: {:?}",
                    lock(&output)
                )
            });
        Self {
            base: format!("http://{address}"),
            output,
            _process: process,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Whether some line of output contains every one of `needles`.
    fn printed(&self, needles: &[&str]) -> bool {
        lock(&self.output)
            .iter()
            .any(|line| needles.iter().all(|needle| line.contains(needle)))
    }
}

/// The lines, also after a failed assertion poisoned the lock.
fn lock(lines: &Mutex<Vec<String>>) -> MutexGuard<'_, Vec<String>> {
    lines.lock().unwrap_or_else(PoisonError::into_inner)
}

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

fn new_order(product_id: &str, quantity: u32) -> Value {
    json!({
        "lines": [{"productId": product_id, "quantity": quantity}],
        "shippingAddress": {"line1": "1 Main St", "city": "Lyon", "postalCode": "69001", "country": "FR"}
    })
}

async fn post_order(replica: &Replica, key: &str, body: &Value) -> reqwest::Response {
    Client::new()
        .post(replica.url("/orders"))
        .bearer_auth(DEV_TOKEN)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_idempotent_request_is_replayed_by_another_replica() {
    let Some(redis) = Redis::start("an_idempotent_request_is_replayed_by_another_replica") else {
        return;
    };
    let (a, b) = two_replicas(&redis, &[]);

    // The product exists on A only: each replica has its own catalog data.
    let product: Value = Client::new()
        .post(a.url("/products"))
        .bearer_auth(DEV_TOKEN)
        .json(&json!({"sku": "REP-0001", "name": "Mug", "price": 8.0, "status": "active"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let product_id = product["id"].as_str().unwrap();
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
        let response = Client::new()
            .get(replica.url("/products"))
            .bearer_auth(DEV_TOKEN)
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
