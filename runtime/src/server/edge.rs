//! The router's edge: one service around the whole router doing what every
//! request needs, in one future: the request id (and its span, with the
//! OpenTelemetry HTTP fields), the body read timeout, panics as 500
//! problems, problems for the framework's own errors, and the id echoed in
//! the answer. The same work as [`RequestIdLayer`](crate::request_id::RequestIdLayer)
//! with `framework_errors` and tower-http's `CatchPanic` and `TimeoutBody`,
//! without a layer (and a boxed future) for each.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use futures_util::FutureExt;
use tower::{Layer, Service};
use tower_http::timeout::TimeoutBody;
use tracing::Instrument;

use super::negotiation::has_body;
use super::routing::panic_to_problem;
use crate::request_id::{CURRENT, RequestId, finish};

/// The edge's settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EdgeLayer {
    /// How long the next chunk of a request body may take to arrive.
    pub(crate) body_read_timeout: Option<Duration>,
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            body_read_timeout: self.body_read_timeout,
        }
    }
}

/// The service of [`EdgeLayer`].
#[derive(Clone)]
pub(crate) struct Edge<S> {
    inner: S,
    body_read_timeout: Option<Duration>,
}

impl<S> Service<Request> for Edge<S>
where
    S: Service<Request, Response = Response, Error = std::convert::Infallible> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let id = RequestId::from_headers(request.headers());
        request.extensions_mut().insert(id.clone());
        if let Some(timeout) = self
            .body_read_timeout
            .filter(|_| has_body(request.headers()))
        {
            request = request.map(|body| Body::new(TimeoutBody::new(timeout, body)));
        }
        let span = crate::request_id::request_span(&id, &request);
        // `poll_ready` readied this very service, and its future owns
        // what it needs: no clone.
        let inner = &mut self.inner;
        let called = std::panic::catch_unwind(AssertUnwindSafe(|| {
            CURRENT.sync_scope(id.clone(), || span.in_scope(|| inner.call(request)))
        }));
        let answer = async move {
            let response = match called {
                Ok(future) => match AssertUnwindSafe(future).catch_unwind().await {
                    Ok(Ok(response)) => response,
                    Ok(Err(never)) => match never {},
                    Err(panic) => panic_to_problem(panic),
                },
                Err(panic) => panic_to_problem(panic),
            };
            let status = response.status();
            tracing::Span::current().record("http.response.status_code", status.as_u16());
            let response = if status.is_client_error() || status.is_server_error() {
                crate::problem::framework_errors(response).await
            } else {
                response
            };
            let id = CURRENT.with(Clone::clone);
            Ok(finish(response, &id).await)
        };
        Box::pin(CURRENT.scope(id, answer.instrument(span)))
    }
}
