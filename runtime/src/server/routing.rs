//! Router finishing: docs routes, the 404 fallback, panics as 500s and the
//! layers every generated router runs behind.

use std::time::Duration;

use axum::http::header;
use axum::response::{IntoResponse, Response};

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
/// body read timeout of the options as well (the overload guard is a step
/// of each operation).
pub fn finish_router(router: axum::Router, streamed_limit: usize) -> axum::Router {
    finish(
        router,
        &RouterLimits {
            streamed_limit: Some(streamed_limit),
            body_read_timeout: None,
        },
    )
}

/// The router-wide settings.
pub(crate) struct RouterLimits {
    /// The streamed-body limit for the whole router (`Routes` sets it per
    /// operation, on the operations that stream).
    pub(crate) streamed_limit: Option<usize>,
    pub(crate) body_read_timeout: Option<Duration>,
}

pub(crate) fn finish(router: axum::Router, limits: &RouterLimits) -> axum::Router {
    // Each route (and the fallback) gets the edge: a request goes through
    // it once, with no second routing.
    let stack = tower::ServiceBuilder::new()
        .layer(super::edge::EdgeLayer {
            body_read_timeout: limits.body_read_timeout,
        })
        .option_layer(
            limits
                .streamed_limit
                .map(axum::extract::DefaultBodyLimit::max),
        );
    router.fallback(not_found).layer(stack)
}

/// The HTML docs page: it renders `/openapi.json` with no network access
/// beyond this server (no CDN).
pub const DOCS_PAGE: &str = include_str!("../docs.html");
