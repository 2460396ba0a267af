//! Serving a router with graceful shutdown and connection limits.
//!
//! [`serve`] runs a router on a listener with the peer address available to
//! handlers (`ConnectInfo<SocketAddr>`, for instance as a rate-limit key),
//! HTTP/1.1 and HTTP/2, and the [`ConnectionLimits`] defaults: a client
//! must send its request head within 10 s (else the connection closes), at
//! most 100 header fields and a head of at most 64 KiB (else 431). It
//! stops accepting connections when the shutdown future completes and lets
//! in-flight requests finish. [`serve_with`] takes other limits;
//! [`shutdown_signal`] is the shutdown future for Ctrl-C and, on Unix,
//! SIGTERM.
//!
//! ```no_run
//! use axum::Router;
//! use specforge_runtime::shutdown::{serve, shutdown_signal};
//!
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! serve(listener, Router::new(), shutdown_signal()).await
//! # }
//! ```

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use futures_util::TryFutureExt;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use head_timer::HeadTimer;

mod head_timer;

/// hyper's own limit on header fields, used unless told otherwise.
const HYPER_MAX_HEADERS: usize = 100;

/// What a connection may send and how slowly (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client has to send a request's head (default 10 s).
    pub header_read_timeout: Duration,
    /// The most header fields in a request (default 100).
    pub max_headers: usize,
    /// The largest request head, in bytes (default 64 KiB).
    pub max_head_bytes: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_headers: HYPER_MAX_HEADERS,
            max_head_bytes: 64 * 1024,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then waits
/// for in-flight requests; the [`ConnectionLimits`] defaults apply.
pub async fn serve<F>(listener: TcpListener, router: Router, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    serve_with(listener, router, ConnectionLimits::default(), shutdown).await
}

/// [`serve`] with other connection limits.
pub async fn serve_with<F>(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "listening");
    }
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_head_bytes.max(8192));
    if limits.max_headers != HYPER_MAX_HEADERS {
        // Setting it at all makes hyper allocate the header slots for
        // every request instead of using its stack array of 100.
        builder.http1().max_headers(limits.max_headers);
    }
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_head_bytes).unwrap_or(u32::MAX));
    let graceful = GracefulShutdown::new();
    // Event streams may never end by themselves: shutdown ends them.
    let (drain, draining) = tokio::sync::watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: pause, go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        // Shared by the connection's requests: one reference count to
        // take each, where a receiver of its own counts twice.
        let draining = Arc::new(draining.clone());
        let service = TowerToHyperService::new(tower::service_fn(
            move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request: Request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                let draining = Arc::clone(&draining);
                router
                    .clone()
                    .oneshot(request)
                    .map_ok(move |response| crate::sse::drain_on_shutdown(response, &draining))
            },
        ));
        // Each connection its own head timer: one tokio sleep it reuses.
        let mut connection_builder = builder.clone();
        connection_builder.http1().timer(HeadTimer::default());
        let connection = connection_builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutdown signal received; draining in-flight requests");
    let _ = drain.send(true);
    graceful.shutdown().await;
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use axum::routing::get;
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    async fn get_raw(address: SocketAddr, path: &str) -> String {
        let mut stream = TcpStream::connect(address).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }

    #[tokio::test]
    async fn serves_until_shutdown_and_drains_in_flight_requests() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router =
            Router::new()
                .route(
                    "/peer",
                    get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
                        peer.ip().to_string()
                    }),
                )
                .route(
                    "/slow",
                    get(|| async {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        "finished"
                    }),
                );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, router, async {
            stopped.await.ok();
        }));

        let peer = get_raw(address, "/peer").await;
        assert!(peer.starts_with("HTTP/1.1 200"), "{peer}");
        assert!(peer.ends_with("127.0.0.1"), "{peer}");

        let slow = tokio::spawn(get_raw(address, "/slow"));
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.send(()).unwrap();
        let slow = slow.await.unwrap();
        assert!(slow.ends_with("finished"), "{slow}");
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("server stops after draining")
            .unwrap()
            .unwrap();
        assert!(TcpStream::connect(address).await.is_err());
    }

    /// A connection to a server answering `GET /` whose clients have
    /// `timeout` to send each request head.
    async fn connect_with_head_timeout(timeout: Duration) -> TcpStream {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let limits = ConnectionLimits {
            header_read_timeout: timeout,
            ..ConnectionLimits::default()
        };
        let router = Router::new().route("/", get(|| async { "hi" }));
        tokio::spawn(serve_with(listener, router, limits, std::future::pending()));
        TcpStream::connect(address).await.unwrap()
    }

    #[tokio::test]
    async fn a_client_slow_to_send_its_head_is_disconnected() {
        let mut stream = connect_with_head_timeout(Duration::from_millis(300)).await;
        stream
            .write_all(b"GET / HTTP/1.1\r\nhost: t")
            .await
            .unwrap();
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .expect("the server closes the connection");
        assert!(read.is_ok());
        let answer = String::from_utf8_lossy(&rest);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
    }

    #[tokio::test]
    async fn each_head_on_a_kept_alive_connection_has_the_whole_timeout() {
        let mut stream = connect_with_head_timeout(Duration::from_millis(400)).await;
        let mut read = [0u8; 1024];
        let started = std::time::Instant::now();
        for _ in 0..2 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nhost: t\r\n\r\n")
                .await
                .unwrap();
            let n = stream.read(&mut read).await.unwrap();
            assert!(read[..n].starts_with(b"HTTP/1.1 200"));
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        // The first head's timer ran out 400 ms after it began; this head
        // began 250 ms later, and is cut off only at its own 400 ms.
        stream
            .write_all(b"GET / HTTP/1.1\r\nhost: t")
            .await
            .unwrap();
        let mut rest = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .expect("the server closes the connection")
            .ok();
        let closed_after = started.elapsed();
        assert!(
            closed_after >= Duration::from_millis(600),
            "closed after {closed_after:?}"
        );
    }

    #[tokio::test]
    async fn too_many_header_fields_are_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = Router::new().route("/", get(|| async { "hi" }));
        tokio::spawn(serve(listener, router, std::future::pending()));
        let mut request = String::from("GET / HTTP/1.1\r\nhost: t\r\nconnection: close\r\n");
        for i in 0..200 {
            request.push_str(&format!("x-h{i}: v\r\n"));
        }
        request.push_str("\r\n");
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.ok();
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    }
}
