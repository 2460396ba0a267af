//! `cargo run -p catalog-server [-- --addr 127.0.0.1:8080]`: serves the
//! example catalog API, its spec at `/openapi.json` and docs at `/docs`.

use std::net::SocketAddr;

use catalog_server::{Catalog, DEV_API_KEY, DEV_TOKEN, app};
use clap::Parser;
use specforge_runtime::server::ServerOptions;
use specforge_runtime::shutdown::{serve, shutdown_signal};

#[derive(Parser)]
#[command(about = "Serve the example catalog API")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let address = listener.local_addr()?;
    println!(
        "catalog API on http://{address}  (docs: http://{address}/docs, spec: http://{address}/openapi.json)"
    );
    println!(
        "development credentials: `authorization: Bearer {DEV_TOKEN}`, or `x-api-key: {DEV_API_KEY}` for reads"
    );
    serve(
        listener,
        app(Catalog::new()?, ServerOptions::default()),
        shutdown_signal(),
    )
    .await
}
