//! [`Routes`]: builds a generated router, one operation at a time, each
//! behind the pipeline of steps it uses.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use futures_util::FutureExt;
use tower::Layer;

use super::edge::EdgeLayer;
use super::input::{Input, Limits};
use super::negotiation::body_to_read;
use super::operation::{CurrentOperation, Operation};
use super::pipeline::Server;
use super::service::OperationService;
use super::steps::{pipeline, read_body};
use crate::cursor::CursorCodec;

/// The routes of a generated server, built when the router is: each
/// operation gets its steps (see the [`steps`](super) table) around its
/// handler once, so a request does no lookups.
///
/// Operations sharing a route and a method (templates that differ only in
/// their parameters' names or a fragment, or that mix text and parameters
/// in a segment) are told apart per request by their parameters' shapes.
pub struct Routes<A> {
    server: Arc<Server<A>>,
    paths: Vec<(&'static str, Methods)>,
}

/// The operations of one route, by method.
type Methods = Vec<(MethodFilter, Vec<Added>)>;

/// An operation as added: its steps are stacked when the router is built,
/// once it is known whether it has its route and method to itself.
struct Added {
    info: CurrentOperation,
    handler: OperationService,
}

/// The operations served on one route and method, in the order tried.
type Candidates = Vec<(&'static Operation, OperationService)>;

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
    /// `/products/{productId}`) with `handler`, the generated function
    /// taking the server and the request. It is called as it is, not
    /// through axum's extractors: the request is already whole.
    pub fn add<H, F>(
        &mut self,
        method: Method,
        path: &'static str,
        operation: &'static Operation,
        handler: H,
    ) where
        H: Fn(State<Arc<Server<A>>>, Request) -> F + Send + Sync + 'static,
        F: Future<Output = Response> + Send + 'static,
    {
        let Ok(filter) = MethodFilter::try_from(method.clone()) else {
            tracing::error!(%method, path, "method not servable; operation skipped");
            return;
        };
        let added = Added {
            info: CurrentOperation {
                operation,
                method,
                route: path,
            },
            handler: OperationService::handler(handler, Arc::clone(&self.server)),
        };
        let methods = match self.paths.iter_mut().find(|(known, _)| *known == path) {
            Some((_, methods)) => methods,
            None => {
                self.paths.push((path, Vec::new()));
                &mut self.paths.last_mut().expect("just pushed").1
            }
        };
        match methods.iter_mut().find(|(known, _)| *known == filter) {
            Some((_, operations)) => operations.push(added),
            None => methods.push((filter, vec![added])),
        }
    }

    /// The router: every route added, `/openapi.json` and `/docs` (serving
    /// `openapi_json`) unless the options turned them off or the spec has
    /// paths of those names, and the edge of every request (request ids,
    /// panics, body timeouts, problems for unknown routes and methods).
    pub fn finish(self, openapi_json: &'static str) -> axum::Router {
        let plumbing = &self.server.plumbing;
        let edge = EdgeLayer {
            body_read_timeout: Some(plumbing.body_read_timeout),
        };
        let not_allowed = edge.layer(tower::service_fn(|_: Request| async {
            Ok::<_, Infallible>(StatusCode::METHOD_NOT_ALLOWED.into_response())
        }));
        // Routes are the spec's literal text: a segment starting with `:` or
        // `*` is text, as in axum 0.8, not a 0.7-style capture to refuse.
        let mut router = axum::Router::new().without_v07_checks();
        let spec_paths: Vec<&str> = self.paths.iter().map(|(path, _)| *path).collect();
        for (path, methods) in self.paths {
            let mut method_router = MethodRouter::new().fallback_service(not_allowed.clone());
            for (filter, mut operations) in methods {
                let alone = match operations.as_slice() {
                    [added] => !Dispatch::needed(added.info.operation),
                    _ => false,
                };
                method_router = if alone {
                    // Its own first step opens the edge: one future.
                    let Added { info, handler } = operations.remove(0);
                    method_router.on_service(filter, pipeline(plumbing, info, handler, Some(edge)))
                } else {
                    let candidates = operations
                        .into_iter()
                        .map(|Added { info, handler }| {
                            (info.operation, pipeline(plumbing, info, handler, None))
                        })
                        .collect();
                    let dispatch = Dispatch {
                        route: path,
                        candidates: Arc::new(candidates),
                        cursors: Arc::clone(self.server.cursors()),
                        limits: self.server.limits(),
                    };
                    method_router.on_service(filter, edge.layer(dispatch))
                };
            }
            router = router.route(path, method_router);
        }
        if plumbing.serve_docs {
            for (path, route) in super::routing::docs_routes(openapi_json) {
                if spec_paths.contains(&path) {
                    tracing::warn!(path, "the spec serves this path; the built-in one is not");
                } else {
                    router = router.route(path, route.layer(edge));
                }
            }
        }
        router.fallback_service(edge.layer(tower::service_fn(|_: Request| async {
            Ok::<_, Infallible>(super::routing::not_found().await.into_response())
        })))
    }
}

/// The operations of one route and method, told apart per request: those
/// whose literal path text and fixed query match (of those, the ones
/// fixing the most query pairs), preferring the ones that
/// declare the request's content type, else the ones that can answer its
/// `accept`. Among several left, the first whose
/// [`accepts`](Operation::accepts) takes the request's parameters and body
/// (read once, within the body limit) serves it, else the first (whose 400
/// lists what is wrong). When none matches the path, the route has no such
/// resource: 404.
#[derive(Clone)]
struct Dispatch {
    route: &'static str,
    candidates: Arc<Candidates>,
    cursors: Arc<CursorCodec>,
    limits: Limits,
}

impl Dispatch {
    /// Whether one operation alone still needs its path checked.
    fn needed(operation: &Operation) -> bool {
        !operation.fixed_query.is_empty()
            || operation
                .captures
                .iter()
                .any(|c| matches!(c, crate::path_template::Capture::Mixed(_)))
    }

    /// The candidates the request's path, query and media types fit, best
    /// first.
    fn fitting(&self, request: &Request) -> Vec<&(&'static Operation, OperationService)> {
        use crate::path_template::{has_fixed_query, matches};
        let path = request.uri().path();
        let query = request.uri().query();
        let mut matching: Vec<_> = self
            .candidates
            .iter()
            .filter(|(operation, _)| {
                matches(operation.captures, self.route, path)
                    && has_fixed_query(query, operation.fixed_query)
            })
            .collect();
        // A fixed query the request carries names its operation, as literal
        // path text beats a capture: `/responses?beta=true` is not also
        // `/responses`'s to serve.
        let most_fixed = matching.iter().map(|c| c.0.fixed_query.len()).max();
        matching.retain(|c| Some(c.0.fixed_query.len()) == most_fixed);
        let headers = request.headers();
        let declares_body = |operation: &'static Operation| {
            super::negotiation::content_type(headers).is_some_and(|ct| {
                operation
                    .request_types
                    .iter()
                    .any(|declared| super::negotiation::media_matches(declared, &ct))
            })
        };
        let answers = |operation: &'static Operation| {
            super::negotiation::check_accept(operation, headers).is_ok()
        };
        for preferred in [
            &declares_body as &dyn Fn(&'static Operation) -> bool,
            &answers,
        ] {
            let narrowed: Vec<_> = matching
                .iter()
                .copied()
                .filter(|c| preferred(c.0))
                .collect();
            if !narrowed.is_empty() {
                return narrowed;
            }
        }
        matching
    }

    /// An `async` block rather than an `async fn`, so the request is held
    /// once (see `Guard::run`).
    #[expect(
        clippy::manual_async_fn,
        reason = "an `async fn` keeps room for its request twice"
    )]
    fn dispatch(self, request: Request) -> impl Future<Output = Response> + Send + 'static {
        async move {
            let fitting = self.fitting(&request);
            let Some(&(_, first)) = fitting.first() else {
                return crate::Problem::not_found()
                    .with_detail("No operation is served at this path.")
                    .into_response();
            };
            let probes: Option<Vec<_>> = fitting
                .iter()
                .map(|(operation, service)| Some((*operation, operation.accepts?, service)))
                .collect();
            let probes = match probes {
                Some(probes) if probes.len() > 1 => probes,
                _ => return first.run(request).await,
            };
            let (parts, body) = request.into_parts();
            let bytes = if body_to_read(&body) {
                match read_body(body, self.limits.body).await {
                    Ok(bytes) => bytes,
                    Err(refused) => return refused,
                }
            } else {
                Bytes::new()
            };
            let chosen = probes
                .iter()
                .find(|(operation, accepts, _)| {
                    let mut input = Input::new(
                        operation,
                        parts.clone(),
                        bytes.clone(),
                        None,
                        Arc::clone(&self.cursors),
                        self.limits,
                    );
                    accepts(&mut input)
                })
                .map_or(first, |(_, _, service)| *service);
            chosen
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

impl tower::Service<Request> for Dispatch {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        Box::pin(self.clone().dispatch(request).map(Ok))
    }
}
