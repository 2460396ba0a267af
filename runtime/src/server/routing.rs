//! Router finishing: docs routes, the 404 fallback, panics as 500s and the
//! layers every generated router runs behind.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use super::edge::EdgeLayer;
use crate::problem::Problem;

/// Adds `/openapi.json` (the spec as written) and `/docs` (an HTML page
/// rendering it) to a router.
pub fn with_docs(router: axum::Router, openapi_json: &'static str) -> axum::Router {
    docs_routes(openapi_json)
        .into_iter()
        .fold(router, |router, (path, route)| router.route(path, route))
}

/// `/openapi.json` and `/docs`, each with its route.
pub(crate) fn docs_routes(openapi_json: &'static str) -> [(&'static str, MethodRouter); 2] {
    [
        (
            "/openapi.json",
            get(
                move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) },
            ),
        ),
        ("/docs", get(|| async { axum::response::Html(DOCS_PAGE) })),
    ]
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
/// streamed bodies; unknown routes are a 404 problem.
/// [`Routes::finish`](super::Routes::finish) does the same for a generated
/// router, with the body read timeout of the options as well.
pub fn finish_router(router: axum::Router, streamed_limit: usize) -> axum::Router {
    router
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(streamed_limit))
        .layer(EdgeLayer {
            body_read_timeout: None,
        })
}

/// The HTML docs page: it renders `/openapi.json` with no network access
/// beyond this server (no CDN).
pub const DOCS_PAGE: &str = include_str!("../docs.html");
