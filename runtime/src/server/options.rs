//! [`ServerOptions`]: the settings a generated router is built with.

use std::sync::Arc;

use super::security::Authenticator;
use crate::cursor::CursorCodec;
use crate::rate_limit::RateLimit;
use crate::store::{MemoryStore, Store};

/// Router settings, with the defaults a single process needs.
pub struct ServerOptions {
    pub(crate) body_limit: usize,
    pub(crate) upload_limit: usize,
    pub(crate) authenticator: Option<Arc<dyn Authenticator>>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) rate_limit: Option<Option<RateLimit>>,
    pub(crate) cursors: Option<CursorCodec>,
    pub(crate) serve_docs: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            upload_limit: 64 * 1024 * 1024,
            authenticator: None,
            store: Arc::new(MemoryStore::new()),
            rate_limit: None,
            cursors: None,
            serve_docs: true,
        }
    }
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("body_limit", &self.body_limit)
            .field("upload_limit", &self.upload_limit)
            .field("authenticator", &self.authenticator.is_some())
            .field("rate_limit", &self.rate_limit)
            .field("serve_docs", &self.serve_docs)
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
        self.rate_limit = Some(limit);
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

    /// Whether the docs routes are wanted.
    pub fn serves_docs(&self) -> bool {
        self.serve_docs
    }

    /// The streamed-body limit, for the router's body-limit layer.
    pub fn streamed_limit(&self) -> usize {
        self.upload_limit
    }
}
