//! [`Routes`]: builds a generated router, one operation at a time, each
//! behind the pipeline of steps it uses.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::handler::Handler;
use axum::http::Method;
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};

use super::operation::{CurrentOperation, Operation};
use super::pipeline::Server;
use super::service::OperationService;
use super::steps::pipeline;

/// The routes of a generated server, built when the router is: each
/// operation gets its steps (see the [`steps`](super) table) around its
/// handler once, so a request does no lookups.
pub struct Routes<A> {
    server: Arc<Server<A>>,
    paths: Vec<(&'static str, MethodRouter)>,
}

impl<A> std::fmt::Debug for Routes<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let paths: Vec<&str> = self.paths.iter().map(|(path, _)| *path).collect();
        f.debug_struct("Routes").field("paths", &paths).finish()
    }
}

impl<A: Send + Sync + 'static> Routes<A> {
    /// No routes yet, over `server`.
    pub fn new(server: Server<A>) -> Self {
        super::metrics::describe();
        Self {
            server: Arc::new(server),
            paths: Vec::new(),
        }
    }

    /// Serves `operation` on `method` and `path` (an axum route template,
    /// `/products/{productId}`) with `handler`, an axum handler taking the
    /// server as its state.
    pub fn add<H, T>(
        &mut self,
        method: Method,
        path: &'static str,
        operation: &'static Operation,
        handler: H,
    ) where
        H: Handler<T, Arc<Server<A>>, Future = Pin<Box<dyn Future<Output = Response> + Send>>>
            + Sync,
        T: 'static,
    {
        let Ok(filter) = MethodFilter::try_from(method.clone()) else {
            tracing::error!(%method, path, "method not servable; operation skipped");
            return;
        };
        let handler = OperationService::handler(handler, Arc::clone(&self.server));
        let info = CurrentOperation {
            operation,
            method,
            route: path,
        };
        let service = pipeline(&self.server.plumbing, info, handler);
        match self.paths.iter_mut().find(|(known, _)| *known == path) {
            Some((_, methods)) => {
                *methods = std::mem::take(methods).on_service(filter, service);
            }
            None => self
                .paths
                .push((path, MethodRouter::new().on_service(filter, service))),
        }
    }

    /// The router: every route added, `/openapi.json` and `/docs` (serving
    /// `openapi_json`) unless the options turned them off, and the
    /// router-wide layers (request ids, panics, body timeouts, problems for
    /// unknown routes).
    pub fn finish(self, openapi_json: &'static str) -> axum::Router {
        let plumbing = &self.server.plumbing;
        let mut router = axum::Router::new();
        for (path, methods) in self.paths {
            router = router.route(path, methods);
        }
        if plumbing.serve_docs {
            router = super::routing::with_docs(router, openapi_json);
        }
        super::routing::finish(
            router,
            &super::routing::RouterLimits {
                streamed_limit: None,
                body_read_timeout: Some(plumbing.body_read_timeout),
            },
        )
    }
}
