//! What a Redis crash does to idempotency records (see the durability
//! section of `RedisStore`'s docs).
//!
//! Each test starts its own `redis-server` on a free port in a temporary
//! directory, kills it with SIGKILL (no chance to save anything on the way
//! out) and starts it again on the same directory and port. Without
//! `redis-server` on `PATH` they print a skip message and pass.

#![cfg(feature = "redis")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use specforge_runtime::store::{Begin, RedisStore, Store, StoredResponse};
use store_support::{LOCK, assert_begins};

mod store_support;

const TTL: Duration = Duration::from_secs(24 * 3600);

/// The AOF settings under which an acknowledged write survives a crash.
const DURABLE: &[&str] = &["--appendonly", "yes", "--appendfsync", "always"];
/// No persistence at all, for contrast.
const VOLATILE: &[&str] = &["--appendonly", "no"];

/// A `redis-server` process, killed (SIGKILL) and reaped when dropped.
struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts `redis-server` on `port` with its files in `dir`; `None`
    /// when it is not installed.
    fn start(dir: &Path, port: u16, persistence: &[&str]) -> Option<Self> {
        let spawned = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            // No RDB snapshots: only the AOF (when on) can bring data back.
            .args(["--save", ""])
            .args(persistence)
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(error) => panic!("cannot start redis-server: {error}"),
        };
        let server = Self { child, port };
        server.wait_until_ready();
        Some(server)
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Waits until the server answers `PING` (after loading its AOF).
    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let reply = TcpStream::connect(("127.0.0.1", self.port)).and_then(|mut stream| {
                stream.set_read_timeout(Some(Duration::from_secs(1)))?;
                stream.write_all(b"PING\r\n")?;
                let mut reply = [0u8; 7];
                stream.read_exact(&mut reply)?;
                Ok(reply)
            });
            match reply {
                Ok(reply) if &reply == b"+PONG\r\n" => return,
                _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
                other => panic!("redis-server on port {} is not ready: {other:?}", self.port),
            }
        }
    }

    /// SIGKILL, as in a crash: Redis gets no chance to write anything more.
    fn kill_9(mut self) {
        self.child.kill().expect("SIGKILL redis-server");
        self.child.wait().expect("reap redis-server");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

fn response() -> StoredResponse {
    StoredResponse {
        status: 201,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("location".into(), "/orders/42".into()),
        ],
        body: Bytes::from_static(b"{\"id\":42,\"total\":16.0}"),
    }
}

/// Completes an idempotency record (and starts another) on a fresh server
/// with `persistence`, kills the server with SIGKILL, restarts it on the
/// same directory and port, and returns what `begin` finds for both keys
/// then, through the same (reconnected) store; `None` without
/// `redis-server`.
async fn crash_and_restart(test: &str, persistence: &[&str]) -> Option<(Begin, Begin)> {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let Some(server) = RedisServer::start(dir.path(), port, persistence) else {
        eprintln!(
            "skipping redis_durability::{test}: redis-server is not on PATH (apt-get install redis-server)"
        );
        return None;
    };
    let store = RedisStore::connect(&server.url()).await.unwrap();
    assert_begins(&store, "done", "fp", Begin::Started).await;
    // Acknowledged: the call returned Ok, so Redis answered the write.
    store
        .idempotency_complete("done", "fp", &response(), TTL)
        .await
        .unwrap();
    assert_begins(&store, "running", "fp", Begin::Started).await;
    server.kill_9();
    let _restarted = RedisServer::start(dir.path(), port, persistence).unwrap();

    // The store connected before the crash reconnects by itself: its first
    // commands may fail while it notices, then it works again.
    let deadline = Instant::now() + Duration::from_secs(10);
    let done = loop {
        match store.idempotency_begin("done", "fp", LOCK).await {
            Ok(found) => break found,
            Err(error) if Instant::now() < deadline => {
                eprintln!("while reconnecting: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => panic!("the store did not reconnect: {error}"),
        }
    };
    let running = store
        .idempotency_begin("running", "fp", LOCK)
        .await
        .unwrap();
    if done != Begin::Started {
        // Whatever survived still refuses another request under the key.
        assert_begins(&store, "done", "other", Begin::Mismatch).await;
    }
    Some((done, running))
}

#[tokio::test]
async fn with_appendfsync_always_acknowledged_records_survive_a_crash() {
    let Some((done, running)) = crash_and_restart("survive", DURABLE).await else {
        return;
    };
    assert_eq!(
        done,
        Begin::Completed(response()),
        "the completed response is replayed after the crash"
    );
    // The in-progress lock came back too (with its TTL), so a retry during
    // the crash window still cannot run the request twice.
    assert_eq!(running, Begin::InProgress);
}

#[tokio::test]
async fn without_persistence_a_crash_loses_records() {
    // The contrast that shows the test above measures the AOF, not a
    // server that never went away.
    let Some((done, running)) = crash_and_restart("lost", VOLATILE).await else {
        return;
    };
    assert_eq!(done, Begin::Started);
    assert_eq!(running, Begin::Started);
}
