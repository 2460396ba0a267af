//! `cargo run -p catalog-server [-- --addr 127.0.0.1:8080]`: serves the
//! example catalog API, its spec at `/openapi.json` and docs at `/docs`.
//!
//! Several replicas share idempotency records and rate-limit buckets
//! through Redis: `cargo run -p catalog-server --features redis --
//! --redis-url redis://127.0.0.1:6379`. `--rate-limit 100/50` replaces the
//! spec's default limit (`off` turns rate limiting off).
//!
//! The catalog persists in SQLite under `--data-dir` (default
//! `catalog-data/`); `--in-memory` keeps it in memory.
//!
//! Start-up lines go to stdout: first `catalog API on http://<address>` (the
//! bound address, also when `--addr` asks for port 0), then the store and
//! the rate limit in use.
//!
//! `/metrics` serves the RED metrics of every operation in the Prometheus
//! text format (`--no-metrics` turns them off); `--concurrency-limit`,
//! `--queue-limit`, `--deadline-ms` and `--store-timeout-ms` set the
//! overload and failure behaviour (see the README).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use catalog_api::webhooks::{Endpoint, Secret, Sender};
use catalog_server::{Catalog, DEV_API_KEY, DEV_TOKEN, app};
use clap::Parser;
use specforge_runtime::rate_limit::{FailurePolicy, RateLimit};
use specforge_runtime::server::{
    DEFAULT_CONCURRENCY_LIMIT, DEFAULT_DEADLINE, DEFAULT_QUEUE_LIMIT, DEFAULT_STORE_TIMEOUT,
    ServerOptions, Step,
};
use specforge_runtime::shutdown::{ConnectionLimits, serve_with, shutdown_signal};
use specforge_runtime::store::{MemoryStore, Store};

#[derive(Parser)]
#[command(about = "Serve the example catalog API")]
struct Args {
    /// Address to listen on (port 0: any free port, printed at start-up).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Where the catalog persists (SQLite `catalog.db` and uploaded
    /// `images/`), created if needed and reloaded at start-up.
    #[arg(long, value_name = "DIR", default_value = "catalog-data")]
    data_dir: std::path::PathBuf,

    /// Keep the catalog in memory only (nothing survives a restart).
    #[arg(long, conflicts_with = "data_dir")]
    in_memory: bool,

    /// Keep idempotency records and rate-limit buckets in the Redis server
    /// at URL (`redis://[:password@]host:port[/db]`), shared by every
    /// replica started with the same URL. Default: in this process's memory.
    /// Needs the `redis` cargo feature.
    #[arg(long, value_name = "URL")]
    redis_url: Option<String>,

    /// Prefix of every Redis key, to keep services (or test runs) sharing a
    /// Redis database apart. Default: `specforge:`.
    #[arg(long, value_name = "PREFIX", requires = "redis_url")]
    redis_prefix: Option<String>,

    /// The default rate limit per client: a token bucket of CAPACITY
    /// requests refilled at REFILL_PER_SECOND (`100/50`, `4/0.01`), replacing
    /// the spec's `x-rate-limit`; operations with their own `x-rate-limit`
    /// keep it. `off` turns rate limiting off entirely.
    #[arg(long, value_name = "CAPACITY/REFILL_PER_SECOND|off")]
    rate_limit: Option<RateLimitArg>,

    /// Requests handled at once; past it they wait (`--queue-limit`), past
    /// both they get 503 with `retry-after`. `0`: no limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY_LIMIT)]
    concurrency_limit: usize,

    /// Requests that may wait for a slot at the concurrency limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_QUEUE_LIMIT)]
    queue_limit: usize,

    /// Deadline of every operation, in milliseconds: past it the handler is
    /// cancelled and the answer is 503. `0`: no deadline.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_DEADLINE.as_millis() as u64)]
    deadline_ms: u64,

    /// How long a store call (Redis) may take before the request gets 503.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_STORE_TIMEOUT.as_millis() as u64)]
    store_timeout_ms: u64,

    /// What rate-limited operations do when the store is down: `closed`
    /// (503, the default) or `open` (let requests through unlimited).
    #[arg(long, value_name = "closed|open", default_value = "closed", value_parser = parse_policy)]
    rate_limit_on_store_failure: FailurePolicy,

    /// How long a client has to send a request's head, in milliseconds,
    /// before the connection is closed.
    #[arg(long, value_name = "MS", default_value_t = ConnectionLimits::default().header_read_timeout.as_millis() as u64)]
    header_read_timeout_ms: u64,

    /// Do not record metrics nor serve `/metrics`.
    #[arg(long)]
    no_metrics: bool,

    /// Send the `order.status_changed` webhook to URL (repeat for several
    /// endpoints), signed with `--webhook-secret`.
    #[arg(long = "webhook", value_name = "URL")]
    webhooks: Vec<String>,

    /// The secret webhooks are signed with (`whsec_` and base64, as
    /// Standard Webhooks writes it). Default: a new one, printed at start-up.
    #[arg(long, value_name = "whsec_…", requires = "webhooks")]
    webhook_secret: Option<Secret>,
}

fn parse_policy(text: &str) -> Result<FailurePolicy, String> {
    match text {
        "closed" => Ok(FailurePolicy::Closed),
        "open" => Ok(FailurePolicy::Open),
        _ => Err(format!("expected closed or open, not {text:?}")),
    }
}

/// The value of `--rate-limit`: a limit, or `off` (`None`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct RateLimitArg(Option<RateLimit>);

impl FromStr for RateLimitArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(Self(None));
        }
        let expected =
            || format!("expected CAPACITY/REFILL_PER_SECOND (like 100/50) or off, not {text:?}");
        let (capacity, refill) = text.split_once('/').ok_or_else(expected)?;
        let capacity: u32 = capacity.trim().parse().map_err(|_| expected())?;
        let refill: f64 = refill.trim().parse().map_err(|_| expected())?;
        if capacity == 0 {
            return Err(
                "the capacity must be at least 1 (use `off` to disable rate limiting)".into(),
            );
        }
        if !(refill.is_finite() && refill > 0.0) {
            return Err(format!(
                "the refill rate must be a positive number of tokens a second, not {refill}"
            ));
        }
        Ok(Self(Some(RateLimit::new(capacity, refill))))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("catalog-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let (store, store_line) = open_store(&args).await?;
    let mut options = ServerOptions::default()
        .store(store)
        .concurrency_limit(Some(args.concurrency_limit).filter(|&n| n > 0))
        .queue_limit(args.queue_limit)
        .deadline(Duration::from_millis(args.deadline_ms.max(1)))
        .store_timeout(Duration::from_millis(args.store_timeout_ms))
        .rate_limit_on_store_failure(args.rate_limit_on_store_failure);
    if args.deadline_ms == 0 {
        options = options.without(Step::Deadline);
    }
    // The recorder goes in before the router is built: the router takes
    // its metric handles then.
    let metrics = if args.no_metrics {
        options = options.without(Step::Metrics);
        None
    } else {
        Some(catalog_server::metrics::install()?)
    };
    let limit_line = match args.rate_limit {
        None => "the spec's x-rate-limit".to_owned(),
        Some(RateLimitArg(None)) => "off".to_owned(),
        Some(RateLimitArg(Some(limit))) => format!(
            "{} requests per client, refilled at {}/s (--rate-limit)",
            limit.capacity(),
            limit.refill_per_second()
        ),
    };
    if let Some(RateLimitArg(limit)) = args.rate_limit {
        options = options.rate_limit(limit);
    }

    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let address = listener.local_addr()?;
    println!(
        "catalog API on http://{address}  (docs: http://{address}/docs, spec: http://{address}/openapi.json)"
    );
    println!("store: {store_line}");
    println!("rate limit: {limit_line}");
    println!(
        "development credentials: `authorization: Bearer {DEV_TOKEN}`, or `x-api-key: {DEV_API_KEY}` for reads"
    );
    let catalog = if args.in_memory {
        println!("data: in memory (--in-memory)");
        Catalog::new()?
    } else {
        println!("data: SQLite in {}", args.data_dir.display());
        Catalog::open(&args.data_dir)?
    };
    let catalog = if args.webhooks.is_empty() {
        catalog
    } else {
        let secret = match args.webhook_secret {
            Some(secret) => secret,
            None => {
                let secret = Secret::generate();
                println!(
                    "webhook secret: {} (new; --webhook-secret sets one)",
                    secret.to_text()
                );
                secret
            }
        };
        println!(
            "webhooks: order.status_changed to {}",
            args.webhooks.join(", ")
        );
        let endpoints = args
            .webhooks
            .iter()
            .map(|url| Endpoint::new(url.clone(), secret.clone()))
            .collect();
        catalog.with_webhooks(endpoints, Sender::new())
    };
    let mut router = app(catalog, options);
    if let Some(metrics) = metrics {
        println!("metrics: http://{address}/metrics (Prometheus text)");
        // Merged after the router's layers: scrapes are never shed.
        router = router.merge(catalog_server::metrics::route(metrics));
    }
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_millis(args.header_read_timeout_ms),
        ..ConnectionLimits::default()
    };
    serve_with(listener, router, limits, shutdown_signal()).await?;
    Ok(())
}

/// The store `--redis-url` asks for (memory without it), and a line saying
/// which it is.
async fn open_store(args: &Args) -> Result<(Arc<dyn Store>, String), Box<dyn std::error::Error>> {
    let Some(url) = &args.redis_url else {
        let line = "memory (this process only; --redis-url shares it between replicas)";
        return Ok((Arc::new(MemoryStore::new()), line.to_owned()));
    };
    redis_store(url, args.redis_prefix.as_deref()).await
}

#[cfg(feature = "redis")]
async fn redis_store(
    url: &str,
    prefix: Option<&str>,
) -> Result<(Arc<dyn Store>, String), Box<dyn std::error::Error>> {
    use specforge_runtime::store::RedisStore;

    let shown = redacted(url);
    let store = RedisStore::connect(url)
        .await
        .map_err(|error| format!("cannot connect to Redis at {shown}: {error}"))?;
    let store = match prefix {
        Some(prefix) => store.with_prefix(prefix),
        None => store,
    };
    let line = format!(
        "redis at {shown}, keys prefixed {:?} (shared by every replica using it)",
        store.prefix()
    );
    Ok((Arc::new(store), line))
}

#[cfg(not(feature = "redis"))]
async fn redis_store(
    _url: &str,
    _prefix: Option<&str>,
) -> Result<(Arc<dyn Store>, String), Box<dyn std::error::Error>> {
    Err("--redis-url needs the `redis` feature: \
         cargo run -p catalog-server --features redis -- --redis-url URL"
        .into())
}

/// `url` with any password replaced by `***`, fit to print.
#[cfg(feature = "redis")]
fn redacted(url: &str) -> String {
    let Some(authority) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    match url[authority..].rfind('@').map(|at| authority + at) {
        Some(at) => match url[authority..at].split_once(':') {
            Some((user, _password)) => format!("{}{user}:***{}", &url[..authority], &url[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rate_limits() {
        let limit = "100/50".parse::<RateLimitArg>().unwrap().0.unwrap();
        assert_eq!((limit.capacity(), limit.refill_per_second()), (100, 50.0));
        let slow = " 4 / 0.01 ".parse::<RateLimitArg>().unwrap().0.unwrap();
        assert_eq!((slow.capacity(), slow.refill_per_second()), (4, 0.01));
        assert_eq!("off".parse::<RateLimitArg>(), Ok(RateLimitArg(None)));
        assert_eq!("OFF".parse::<RateLimitArg>(), Ok(RateLimitArg(None)));
        for bad in [
            "", "100", "x/1", "1/x", "0/1", "1/0", "1/-2", "1/inf", "1/NaN", "-1/1",
        ] {
            assert!(bad.parse::<RateLimitArg>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cli_accepts_the_flags() {
        let args = Args::try_parse_from([
            "catalog-server",
            "--addr",
            "127.0.0.1:0",
            "--redis-url",
            "redis://127.0.0.1:6379",
            "--redis-prefix",
            "test:",
            "--rate-limit",
            "off",
        ])
        .unwrap();
        assert_eq!(args.rate_limit, Some(RateLimitArg(None)));
        assert_eq!(args.redis_prefix.as_deref(), Some("test:"));
        let defaults = Args::try_parse_from(["catalog-server"]).unwrap();
        assert!(defaults.redis_url.is_none() && defaults.rate_limit.is_none());
        assert!(Args::try_parse_from(["catalog-server", "--redis-prefix", "x"]).is_err());
        assert!(Args::try_parse_from(["catalog-server", "--rate-limit", "0/1"]).is_err());
        let hooks = Args::try_parse_from([
            "catalog-server",
            "--webhook",
            "http://127.0.0.1:9000/hooks",
            "--webhook",
            "http://127.0.0.1:9001/hooks",
            "--webhook-secret",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        ])
        .unwrap();
        assert_eq!(hooks.webhooks.len(), 2);
        assert!(hooks.webhook_secret.is_some());
        assert!(
            Args::try_parse_from([
                "catalog-server",
                "--webhook-secret",
                "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
            ])
            .is_err()
        );
    }

    #[cfg(feature = "redis")]
    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            redacted("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
        assert_eq!(
            redacted("redis://:secret@host:6379"),
            "redis://:***@host:6379"
        );
        assert_eq!(
            redacted("rediss://user:secret@host"),
            "rediss://user:***@host"
        );
        assert_eq!(redacted("redis://user@host"), "redis://user@host");
    }
}
