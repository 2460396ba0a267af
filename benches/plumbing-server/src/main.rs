//! What `scripts/bench-plumbing` loads: the catalog server (its generated
//! router over `catalog_server::Catalog`), plus the same router with the
//! idempotency step turned off (`ServerOptions::without(Step::Idempotency)`)
//! under `/unguarded`. Both decode the same request (the `Idempotency-Key`
//! header included) and run the same `create_order`, so the difference in
//! throughput between `POST /orders` and `POST /unguarded/orders` is the
//! cost of the idempotency guard alone.
//!
//! Every route is served twice, over one catalog and one store: as is,
//! with rate limiting off, and under `/limited`, with a rate limiter that
//! never refuses (a bucket of 10^9 tokens) so that every request pays for
//! its bookkeeping:
//!
//! | route | guard | limiter |
//! | --- | --- | --- |
//! | `POST /unguarded/orders` | no | no |
//! | `POST /orders` | yes | no |
//! | `POST /limited/unguarded/orders` | no | yes |
//! | `POST /limited/orders` | yes | yes |
//!
//! Usage: `plumbing-server [--addr ADDR] [--redis-url URL]` (`--redis-url`
//! needs the `redis` feature; the default store is in memory). The first
//! line on stdout is `plumbing on http://<address>`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use catalog_server::{Catalog, app};
use specforge_runtime::rate_limit::RateLimit;
use specforge_runtime::server::{ServerOptions, Step};
use specforge_runtime::shutdown::{serve, shutdown_signal};
use specforge_runtime::store::{MemoryStore, Store};

struct Args {
    addr: SocketAddr,
    redis_url: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        addr: "127.0.0.1:8082".parse().expect("a socket address"),
        redis_url: None,
    };
    let mut words = std::env::args().skip(1);
    while let Some(flag) = words.next() {
        let value = words.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => args.addr = value.parse().map_err(|_| format!("bad address {value}"))?,
            "--redis-url" => args.redis_url = Some(value),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

async fn store(redis_url: Option<&str>) -> Result<Arc<dyn Store>, String> {
    match redis_url {
        None => Ok(Arc::new(MemoryStore::new())),
        #[cfg(feature = "redis")]
        Some(url) => specforge_runtime::store::RedisStore::connect(url)
            .await
            .map(|store| Arc::new(store) as Arc<dyn Store>)
            .map_err(|error| format!("cannot connect to {url}: {error}")),
        #[cfg(not(feature = "redis"))]
        Some(_) => Err("--redis-url needs the `redis` feature".into()),
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = parse_args().map_err(|error| {
        format!("{error}\nusage: plumbing-server [--addr ADDR] [--redis-url URL]")
    })?;
    let store = store(args.redis_url.as_deref()).await?;
    // A limiter that never refuses: every request pays for its bookkeeping.
    let never_dry = RateLimit::new(1_000_000_000, 1_000_000_000.0);
    let options = |limit: Option<RateLimit>| {
        ServerOptions::default()
            .store(Arc::clone(&store))
            .rate_limit(limit)
            .serve_docs(false)
    };
    let catalog = Catalog::new().map_err(|error| error.to_string())?;
    // Routers go in as services, not as `Router`s: each has its own fallback.
    let router = Router::new()
        .nest_service(
            "/unguarded",
            app(catalog.clone(), options(None).without(Step::Idempotency)).into_service(),
        )
        .nest_service(
            "/limited/unguarded",
            app(
                catalog.clone(),
                options(Some(never_dry)).without(Step::Idempotency),
            )
            .into_service(),
        )
        .nest_service(
            "/limited",
            app(catalog.clone(), options(Some(never_dry))).into_service(),
        )
        .fallback_service(app(catalog, options(None)).into_service());

    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|error| error.to_string())?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    println!("plumbing on http://{address}");
    serve(listener, router, shutdown_signal())
        .await
        .map_err(|error| error.to_string())
}
