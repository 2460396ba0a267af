//! Router finishing: docs routes, the 404 fallback, panics as 500s and the
//! layers every generated router runs behind.

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
/// streamed bodies.
pub fn finish_router(router: axum::Router, streamed_limit: usize) -> axum::Router {
    router
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(streamed_limit))
        .layer(tower_http_catch_panic())
        .layer(axum::middleware::map_response(
            crate::problem::framework_errors,
        ))
        .layer(crate::request_id::RequestIdLayer::new())
}

fn tower_http_catch_panic()
-> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> Response>
{
    tower_http::catch_panic::CatchPanicLayer::custom(panic_to_problem as fn(_) -> _)
}

/// The HTML docs page: it renders `/openapi.json` with no network access
/// beyond this server (no CDN).
pub const DOCS_PAGE: &str = include_str!("../docs.html");
