//! Support shared by the tests that run `catalog-server` processes: real
//! `redis-server`s on free ports (paused, stopped and restarted at will),
//! replicas reading their bound address from their first lines, and
//! order requests.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

pub const DEV_TOKEN: &str = "dev-token";

/// A child process killed (and reaped) when dropped, even when a test
/// fails half-way.
pub struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The Redis the replicas share.
pub struct Redis {
    pub url: String,
    /// Our own `redis-server`, if we started one, and its directory.
    _server: Option<(Killed, tempfile::TempDir)>,
}

impl Redis {
    /// Starts a `redis-server`, else falls back to `REDIS_URL`, else
    /// prints why the test is skipped and returns `None`.
    pub fn start(test: &str) -> Option<Self> {
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
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// `redis-server` on a free port in a temporary directory, answering
/// `PING`; `Ok(None)` when it is not installed.
pub fn start_redis_server() -> std::io::Result<Option<(Killed, tempfile::TempDir, u16)>> {
    let mut last_error = None;
    for _attempt in 0..3 {
        let dir = tempfile::tempdir()?;
        let port = free_port();
        let spawned = redis_server(port, dir.path()).spawn();
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

/// The command line of a `redis-server` on loopback `port` keeping its
/// files in `dir` (no snapshots), quiet on stdout.
fn redis_server(port: u16, dir: &std::path::Path) -> Command {
    let mut command = Command::new("redis-server");
    command
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null());
    command
}

/// Waits until the Redis server on `port` answers `PING`.
pub fn wait_for_pong(port: u16, timeout: Duration) -> std::io::Result<()> {
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
pub struct Replica {
    pub base: String,
    /// Everything it printed on stdout so far (start-up lines and logs).
    pub output: Arc<Mutex<Vec<String>>>,
    _process: Killed,
}

impl Replica {
    /// Starts `catalog-server --addr 127.0.0.1:0 --in-memory <args>` and
    /// reads the bound address from its first line.
    pub fn start(args: &[&str]) -> Self {
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

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `method path` with the development token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        Client::new()
            .request(method, self.url(path))
            .bearer_auth(DEV_TOKEN)
    }

    /// Whether some line of output contains every one of `needles`.
    pub fn printed(&self, needles: &[&str]) -> bool {
        lock(&self.output)
            .iter()
            .any(|line| needles.iter().all(|needle| line.contains(needle)))
    }
}

/// The lines, also after a failed assertion poisoned the lock.
pub fn lock(lines: &Mutex<Vec<String>>) -> MutexGuard<'_, Vec<String>> {
    lines.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Creates an active product on `replica`; its id.
pub async fn create_product(replica: &Replica, sku: &str, name: &str, price: f64) -> String {
    let product = json!({"sku": sku, "name": name, "price": price, "status": "active"});
    let created = replica
        .request(Method::POST, "/products")
        .json(&product)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

pub fn new_order(product_id: &str, quantity: u32) -> Value {
    json!({
        "lines": [{"productId": product_id, "quantity": quantity}],
        "shippingAddress": {"line1": "1 Main St", "city": "Lyon", "postalCode": "69001", "country": "FR"}
    })
}

pub async fn post_order(replica: &Replica, key: &str, body: &Value) -> reqwest::Response {
    replica
        .request(Method::POST, "/orders")
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A `redis-server` of the test's own, on one port for its whole life:
/// paused (SIGSTOP), resumed, killed and started again on that port.
pub struct ControlledRedis {
    pub port: u16,
    dir: tempfile::TempDir,
    server: Option<Killed>,
}

impl ControlledRedis {
    /// `None` (after saying why) when `redis-server` is not installed.
    pub fn start(test: &str) -> Option<Self> {
        match start_redis_server() {
            Ok(Some((server, dir, port))) => Some(Self {
                port,
                dir,
                server: Some(server),
            }),
            Ok(None) => {
                eprintln!(
                    "skipping {test}: redis-server is not on PATH (apt-get install redis-server)"
                );
                None
            }
            Err(error) => panic!("redis-server is installed but did not start: {error}"),
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn signal(&self, signal: &str) {
        let pid = self.server.as_ref().expect("running").0.id().to_string();
        let status = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// Freezes the server: connections stay open, nothing is answered.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    pub fn resume(&self) {
        self.signal("-CONT");
    }

    /// Kills the server (connections are refused from now on).
    pub fn kill(&mut self) {
        drop(self.server.take());
    }

    /// Starts the server again on the same port.
    pub fn restart(&mut self) {
        let child = redis_server(self.port, self.dir.path())
            .spawn()
            .expect("redis-server restarts");
        self.server = Some(Killed(child));
        wait_for_pong(self.port, Duration::from_secs(5)).expect("redis-server answers again");
    }
}

impl Drop for ControlledRedis {
    fn drop(&mut self) {
        // A stopped process would not die of SIGKILL's reaping otherwise.
        if self.server.is_some() {
            self.resume();
        }
    }
}
