//! [`ServerOptions`]: the settings a generated router is built with, and
//! [`Step`], the built-in steps an implementer may turn off.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::security::Authenticator;
use super::service::{OperationService, StoredLayer, store_layer};
use crate::cursor::CursorCodec;
use crate::rate_limit::{FailurePolicy, RateLimit};
use crate::store::{MemoryStore, Store};

/// The default largest buffered body: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
/// The default largest streamed body: 64 MiB.
pub const DEFAULT_UPLOAD_LIMIT: usize = 64 * 1024 * 1024;
/// The default number of bytes of a request's multipart file parts held
/// in memory (beyond it they are spooled to temporary files): 256 KiB.
pub const DEFAULT_UPLOAD_MEMORY_LIMIT: usize = 256 * 1024;
/// The default number of requests handled at once.
pub const DEFAULT_CONCURRENCY_LIMIT: usize = 1024;
/// The default number of requests waiting for a slot.
pub const DEFAULT_QUEUE_LIMIT: usize = 1024;
/// The default deadline of an operation: 30 s.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
/// The default time a store call may take: 1 s.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(1);
/// The default time a client has to send a request body: 30 s.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A built-in step of the pipeline that can be turned off, for instance to
/// put one's own in its place with [`ServerOptions::layer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Credentials and scopes (401/403). Without it no `Principal` is
    /// found unless a layer inserts one in the request extensions.
    Authentication,
    /// Token buckets per client (429).
    RateLimit,
    /// The `Idempotency-Key` guard.
    Idempotency,
    /// ETags on JSON GETs and 304 on `if-none-match`.
    ConditionalGet,
    /// `deprecation` and `sunset` headers.
    Deprecation,
    /// The per-operation deadline (503).
    Deadline,
    /// Request counts, latency and in-flight gauges per operation.
    Metrics,
}

/// Whether the default rate limit is the spec's, another one, or none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RateLimitSetting {
    /// The spec's `x-rate-limit` (if any).
    FromSpec,
    /// This limit instead of the spec's.
    Limit(RateLimit),
    /// No rate limiting at all.
    Off,
}

/// Where a layer goes in each operation's pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Around the built-in steps: it sees every request of the operation.
    Outer,
    /// Around the handler only: after authentication, rate limits, body
    /// reading and idempotency.
    Handler,
}

/// A layer and the operations it applies to.
#[derive(Clone)]
pub(crate) struct AddedLayer {
    pub(crate) operation: Option<String>,
    pub(crate) placement: Placement,
    pub(crate) layer: StoredLayer,
}

/// Router settings, with the defaults a single process needs.
pub struct ServerOptions {
    pub(crate) body_limit: usize,
    pub(crate) upload_limit: usize,
    pub(crate) upload_memory_limit: usize,
    pub(crate) authenticator: Option<Arc<dyn Authenticator>>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) rate_limit: RateLimitSetting,
    pub(crate) rate_limit_failure: FailurePolicy,
    pub(crate) store_timeout: Duration,
    pub(crate) cursors: Option<CursorCodec>,
    pub(crate) serve_docs: bool,
    pub(crate) concurrency_limit: Option<usize>,
    pub(crate) queue_limit: usize,
    pub(crate) deadline: Duration,
    pub(crate) operation_deadlines: Vec<(String, Duration)>,
    pub(crate) body_read_timeout: Duration,
    pub(crate) disabled: Vec<Step>,
    pub(crate) layers: Vec<AddedLayer>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            upload_memory_limit: DEFAULT_UPLOAD_MEMORY_LIMIT,
            authenticator: None,
            store: Arc::new(MemoryStore::new()),
            rate_limit: RateLimitSetting::FromSpec,
            rate_limit_failure: FailurePolicy::Closed,
            store_timeout: DEFAULT_STORE_TIMEOUT,
            cursors: None,
            serve_docs: true,
            concurrency_limit: Some(DEFAULT_CONCURRENCY_LIMIT),
            queue_limit: DEFAULT_QUEUE_LIMIT,
            deadline: DEFAULT_DEADLINE,
            operation_deadlines: Vec::new(),
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            disabled: Vec::new(),
            layers: Vec::new(),
        }
    }
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the authenticator's or the cursor codec's secrets.
        f.debug_struct("ServerOptions")
            .field("body_limit", &self.body_limit)
            .field("upload_limit", &self.upload_limit)
            .field("upload_memory_limit", &self.upload_memory_limit)
            .field("authenticator", &self.authenticator.is_some())
            .field("rate_limit", &self.rate_limit)
            .field("rate_limit_failure", &self.rate_limit_failure)
            .field("store_timeout", &self.store_timeout)
            .field("serve_docs", &self.serve_docs)
            .field("concurrency_limit", &self.concurrency_limit)
            .field("queue_limit", &self.queue_limit)
            .field("deadline", &self.deadline)
            .field("disabled", &self.disabled)
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl ServerOptions {
    /// Largest buffered (JSON, form, text) body, in bytes; default 1 MiB.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Largest streamed (multipart, binary) body, in bytes; default 64 MiB.
    pub fn upload_limit(mut self, bytes: usize) -> Self {
        self.upload_limit = bytes;
        self
    }

    /// How many bytes of a request's multipart file parts are held in
    /// memory; files beyond it are spooled to temporary files (in
    /// [`std::env::temp_dir`]) while the body arrives, deleted with their
    /// [`FilePart`](super::FilePart). Default 256 KiB; the body as a whole
    /// stays within [`upload_limit`](Self::upload_limit).
    pub fn upload_memory_limit(mut self, bytes: usize) -> Self {
        self.upload_memory_limit = bytes;
        self
    }

    /// Checks credentials. Without one, every secured operation answers 401.
    pub fn authenticator(mut self, authenticator: impl Authenticator) -> Self {
        self.authenticator = Some(Arc::new(authenticator));
        self
    }

    /// Where idempotency records and rate-limit buckets live (default: in
    /// memory). Use a shared store when running several replicas.
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = store;
        self
    }

    /// The default rate limit (overrides the spec's `x-rate-limit`); `None`
    /// turns rate limiting off.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = match limit {
            Some(limit) => RateLimitSetting::Limit(limit),
            None => RateLimitSetting::Off,
        };
        self
    }

    /// What rate-limited operations do when the store fails or does not
    /// answer within the [store timeout](Self::store_timeout): refuse with
    /// 503 and `retry-after` ([`FailurePolicy::Closed`], the default) or
    /// let the request through unlimited ([`FailurePolicy::Open`]).
    /// Idempotent operations always refuse: a keyed request never runs
    /// without its record.
    pub fn rate_limit_on_store_failure(mut self, policy: FailurePolicy) -> Self {
        self.rate_limit_failure = policy;
        self
    }

    /// How long a store call (idempotency record, rate-limit bucket) may
    /// take before it counts as failed; default 1 s.
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.store_timeout = timeout;
        self
    }

    /// Keys that sign pagination cursors (first signs, all verify). Without
    /// them a random key is used, so cursors do not survive a restart.
    pub fn cursor_codec(mut self, codec: CursorCodec) -> Self {
        self.cursors = Some(codec);
        self
    }

    /// Whether to serve `/openapi.json` and `/docs` (default: yes).
    pub fn serve_docs(mut self, serve: bool) -> Self {
        self.serve_docs = serve;
        self
    }

    /// How many requests run at once (default 1,024); `None`: no limit.
    /// Past it requests wait in a queue of [`queue_limit`](Self::queue_limit);
    /// past both the router answers 503 with `retry-after` at once.
    pub fn concurrency_limit(mut self, limit: Option<usize>) -> Self {
        self.concurrency_limit = limit.map(|limit| limit.max(1));
        self
    }

    /// How many requests may wait for a slot when the concurrency limit is
    /// reached (default 1,024; 0: none wait).
    pub fn queue_limit(mut self, waiting: usize) -> Self {
        self.queue_limit = waiting;
        self
    }

    /// The deadline of every operation without an `x-timeout` of its own
    /// (default 30 s): past it the handler is cancelled and the answer is
    /// 503 with `retry-after`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The deadline of one operation (by operationId), over its
    /// `x-timeout` and the default.
    pub fn operation_deadline(mut self, operation_id: &str, deadline: Duration) -> Self {
        self.operation_deadlines
            .push((operation_id.to_owned(), deadline));
        self
    }

    /// How long a client may take to send a request body (default 30 s);
    /// past it the request fails with 408 and the connection closes.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Turns a built-in step off for every operation.
    pub fn without(mut self, step: Step) -> Self {
        if !self.disabled.contains(&step) {
            self.disabled.push(step);
        }
        self
    }

    /// Adds a tower layer around every operation's pipeline (outside the
    /// built-in steps, inside the metrics and the deadline): the layer sees
    /// every request routed to an operation, with
    /// [`CurrentOperation`](super::CurrentOperation) in its extensions.
    /// Layers added first are outermost.
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: tower::Layer<OperationService> + Send + Sync + 'static,
        L::Service: Service<Request, Response = Response, Error = std::convert::Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.add_layer(None, Placement::Outer, store_layer(layer))
    }

    /// Adds a tower layer around one operation's pipeline (by operationId),
    /// where [`layer`](Self::layer) would put it.
    pub fn operation_layer<L>(self, operation_id: &str, layer: L) -> Self
    where
        L: tower::Layer<OperationService> + Send + Sync + 'static,
        L::Service: Service<Request, Response = Response, Error = std::convert::Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.add_layer(
            Some(operation_id.to_owned()),
            Placement::Outer,
            store_layer(layer),
        )
    }

    /// Adds a tower layer right around every operation's handler: inside
    /// authentication, rate limits, body reading and idempotency, so the
    /// request extensions hold the [`Principal`](super::Principal) and the
    /// [`BufferedBody`](super::BufferedBody).
    pub fn handler_layer<L>(self, layer: L) -> Self
    where
        L: tower::Layer<OperationService> + Send + Sync + 'static,
        L::Service: Service<Request, Response = Response, Error = std::convert::Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.add_layer(None, Placement::Handler, store_layer(layer))
    }

    fn add_layer(
        mut self,
        operation: Option<String>,
        placement: Placement,
        layer: StoredLayer,
    ) -> Self {
        self.layers.push(AddedLayer {
            operation,
            placement,
            layer,
        });
        self
    }

    /// Whether the docs routes are wanted.
    pub fn serves_docs(&self) -> bool {
        self.serve_docs
    }

    /// The streamed-body limit, for the router's body-limit layer.
    pub fn streamed_limit(&self) -> usize {
        self.upload_limit
    }
}
