//! The request's edge: what every request needs, in one future: the request
//! id (and its span, with the OpenTelemetry HTTP fields), the body read
//! timeout, panics as 500 problems, problems for the framework's own
//! errors, and the id echoed in the answer. The same work as
//! [`RequestIdLayer`](crate::request_id::RequestIdLayer) with
//! `framework_errors` and tower-http's `CatchPanic` and `TimeoutBody`,
//! without a layer (and a boxed future) for each.
//!
//! An operation served alone on its route opens the edge in its own first
//! step, so its request pays for one future; [`EdgeLayer`] puts the edge
//! around everything else (the fallback, 405s, the docs, operations told
//! apart per request).

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

use super::negotiation::body_to_read;
use super::routing::panic_to_problem;
use crate::request_id::{CURRENT, RequestId, finish};

/// The edge's settings; as a layer, the edge around any service.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EdgeLayer {
    /// How long the next chunk of a request body may take to arrive.
    pub(crate) body_read_timeout: Option<Duration>,
}

impl EdgeLayer {
    /// Opens the edge for `request`: its id (the client's, else a new one)
    /// in its extensions, the body read timeout on its body, and its span.
    pub(crate) fn enter(&self, request: &mut Request) -> Entered {
        let id = RequestId::from_headers(request.headers());
        request.extensions_mut().insert(id.clone());
        if let Some(timeout) = self
            .body_read_timeout
            .filter(|_| body_to_read(request.headers(), request.body()))
        {
            let body = std::mem::take(request.body_mut());
            *request.body_mut() = Body::new(TimeoutBody::new(timeout, body));
        }
        let span = crate::request_id::request_span(&id, request);
        Entered { id, span }
    }
}

/// A request inside the edge: its id and span.
pub(crate) struct Entered {
    id: RequestId,
    span: tracing::Span,
}

impl Entered {
    /// The request's span.
    pub(crate) fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// Runs `inner` (the rest of the request's handling) in the request's
    /// span, with its id current: a panic becomes a 500 problem, a bare
    /// framework error a problem, and the answer carries the id. Built from
    /// combinators, not an `async` block: one holding `inner` would hold it
    /// twice.
    pub(crate) fn answer(
        self,
        inner: impl Future<Output = Response> + Send,
    ) -> impl Future<Output = Response> + Send {
        let Entered { id, span } = self;
        let current = id.clone();
        let answered = AssertUnwindSafe(inner)
            .catch_unwind()
            .then(move |outcome| close(outcome.unwrap_or_else(panic_to_problem), id));
        CURRENT.scope(current, answered.instrument(span))
    }
}

/// The answer as it leaves: its status on the span, a problem for a bare
/// framework error, the id echoed.
async fn close(response: Response, id: RequestId) -> Response {
    let status = response.status();
    tracing::Span::current().record("http.response.status_code", status.as_u16());
    let response = if status.is_client_error() || status.is_server_error() {
        crate::problem::framework_errors(response).await
    } else {
        response
    };
    finish(response, &id).await
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            layer: *self,
        }
    }
}

/// The service of [`EdgeLayer`].
#[derive(Clone)]
pub(crate) struct Edge<S> {
    inner: S,
    layer: EdgeLayer,
}

impl<S> Service<Request> for Edge<S>
where
    S: Service<Request, Response = Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let entered = self.layer.enter(&mut request);
        // The service `poll_ready` readied answers; a clone stays behind.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        // Called inside the edge's future, so a panic in `call` is caught
        // like one in the future it returns.
        let inner = async move {
            match inner.call(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        };
        Box::pin(entered.answer(inner).map(Ok))
    }
}
