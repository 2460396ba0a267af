//! Router finishing: docs routes, the 404 fallback, panics as 500s and the
//! layers every generated router runs behind.

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower_http::timeout::TimeoutBody;

use crate::problem::Problem;

/// Adds `/openapi.json` (the spec as written) and `/docs` (an HTML page
/// rendering it) to a router.
pub fn with_docs(router: axum::Router, openapi_json: &'static str) -> axum::Router {
    use axum::routing::get;
    router
        .route(
            "/openapi.json",
            get(
                move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) },
            ),
        )
        .route("/docs", get(|| async { axum::response::Html(DOCS_PAGE) }))
}

/// The router's fallback: unknown routes are a 404 problem.
pub async fn not_found() -> Problem {
    Problem::not_found().with_detail("No operation is served at this path.")
}

/// Handler panics become a 500 problem with nothing internal in it.
pub fn panic_to_problem(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %message, "handler panicked");
    Problem::internal().into_response()
}

/// The router layers every generated server uses: request ids (outermost),
/// problem bodies for axum's own errors, panics as 500s, and the limit on
/// streamed bodies. [`Routes::finish`](super::Routes::finish) adds the
/// overload guard and the body read timeout of the options as well.
pub fn finish_router(router: axum::Router, streamed_limit: usize) -> axum::Router {
    finish(
        router,
        &RouterLimits {
            streamed_limit,
            body_read_timeout: None,
            concurrency: None,
        },
    )
}

/// The router-wide settings.
pub(crate) struct RouterLimits {
    pub(crate) streamed_limit: usize,
    pub(crate) body_read_timeout: Option<Duration>,
    /// Requests running at once and waiting, past which requests are shed.
    pub(crate) concurrency: Option<(usize, usize)>,
}

pub(crate) fn finish(router: axum::Router, limits: &RouterLimits) -> axum::Router {
    let routes = router.fallback(not_found);
    // The router-wide layers wrap the whole router once, not each route:
    // a request goes through each of them once, boxed at most once.
    let stack = tower::ServiceBuilder::new()
        .layer(crate::request_id::RequestIdLayer::new().with_framework_errors())
        .option_layer(
            limits
                .concurrency
                .map(|(limit, queue)| super::overload::guard(limit, queue)),
        )
        .map_response(|response: axum::http::Response<_>| response.map(Body::new))
        .layer(tower_http_catch_panic())
        .option_layer(limits.body_read_timeout.map(BodyTimeoutLayer))
        .layer(axum::extract::DefaultBodyLimit::max(limits.streamed_limit))
        .service(routes);
    axum::Router::new().fallback_service(stack)
}

/// Fails a request body whose next chunk takes longer than the timeout to
/// arrive (tower-http's `TimeoutBody`), so a slow client cannot hold a
/// request open for ever. Requests without a body are left as they are.
#[derive(Clone, Copy)]
struct BodyTimeoutLayer(Duration);

impl<S> tower::Layer<S> for BodyTimeoutLayer {
    type Service = BodyTimeout<S>;

    fn layer(&self, inner: S) -> BodyTimeout<S> {
        BodyTimeout {
            inner,
            timeout: self.0,
        }
    }
}

#[derive(Clone)]
struct BodyTimeout<S> {
    inner: S,
    timeout: Duration,
}

impl<S> tower::Service<Request> for BodyTimeout<S>
where
    S: tower::Service<Request>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> S::Future {
        let request = if super::negotiation::has_body(request.headers()) {
            let timeout = self.timeout;
            request.map(|body| Body::new(TimeoutBody::new(timeout, body)))
        } else {
            request
        };
        self.inner.call(request)
    }
}

fn tower_http_catch_panic()
-> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> Response>
{
    tower_http::catch_panic::CatchPanicLayer::custom(panic_to_problem as fn(_) -> _)
}

/// The HTML docs page: it renders `/openapi.json` with no network access
/// beyond this server (no CDN).
pub const DOCS_PAGE: &str = include_str!("../docs.html");
