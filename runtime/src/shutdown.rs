//! Serving a router with graceful shutdown.
//!
//! [`serve`] runs `axum::serve` with the peer address available to handlers
//! (`ConnectInfo<SocketAddr>`, for instance as a rate-limit key) and stops
//! accepting connections when the shutdown future completes, letting
//! in-flight requests finish. [`shutdown_signal`] is that future for Ctrl-C
//! and, on Unix, SIGTERM.
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
use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

/// Serves `router` on `listener` until `shutdown` completes, then waits
/// for in-flight requests.
pub async fn serve<F>(listener: TcpListener, router: Router, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "listening");
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
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
    tracing::info!("shutdown signal received; draining in-flight requests");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use axum::routing::get;
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
}
