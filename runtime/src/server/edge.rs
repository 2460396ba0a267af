//! The request's edge: what every request needs, in one future: the request
//! id (and its span, with the OpenTelemetry HTTP fields), the body read
//! timeout, panics as 500 problems, problems for the framework's own
//! errors, and the id echoed in the answer. The same work as
//! [`RequestIdLayer`](crate::request_id::RequestIdLayer) with
//! `framework_errors`, tower-http's `CatchPanic` and a body read timeout,
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
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};

use super::negotiation::body_to_read;
use super::routing::panic_to_problem;
use super::security::BoxFuture;
use super::timeouts::ReadTimeout;
use crate::request_id::{CURRENT, RequestId, RequestScope, echo_id, finish};

/// The edge's settings; as a layer, the edge around any service.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EdgeLayer {
    /// How long the next chunk of a request body may take to arrive.
    pub(crate) body_read_timeout: Option<Duration>,
}

impl EdgeLayer {
    /// Opens the edge for `request`: its id (the client's, else a new one),
    /// the body read timeout on its body, and its span. The id is not put
    /// in the extensions: everything inside reads it from the task-local
    /// [`Entered::answer`] sets ([`RequestId::current`]), as the extractor
    /// does, which spares every request an insert and a remove.
    pub(crate) fn enter(&self, request: &mut Request) -> Entered {
        let id = RequestId::from_headers(request.headers());
        if let Some(timeout) = self
            .body_read_timeout
            .filter(|_| body_to_read(request.body()))
        {
            let body = std::mem::take(request.body_mut());
            *request.body_mut() = Body::new(ReadTimeout::new(body, timeout));
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
    /// framework error a problem, and the answer carries the id.
    pub(crate) fn answer<F>(self, inner: F) -> TaskLocalFuture<RequestScope, Answering<F>>
    where
        F: Future<Output = Response> + Send,
    {
        let Entered { id, span } = self;
        let current = id.clone();
        CURRENT.scope(
            RequestScope::new(current),
            Answering {
                inner,
                closing: None,
                id: Some(id),
                span,
            },
        )
    }
}

pin_project_lite::pin_project! {
    /// The future of [`Entered::answer`]: one future for the span, the
    /// panic catching and the closing, rather than a combinator each, so
    /// that `inner` is not moved once more into each.
    pub(crate) struct Answering<F> {
        #[pin]
        inner: F,
        closing: Option<BoxFuture<'static, Response>>,
        id: Option<RequestId>,
        span: tracing::Span,
    }
}

impl<F: Future<Output = Response>> Future for Answering<F> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        let _entered = this.span.enter();
        if this.closing.is_none() {
            let inner = this.inner;
            let response = match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
                Ok(Poll::Pending) => return Poll::Pending,
                Ok(Poll::Ready(response)) => response,
                Err(panic) => panic_to_problem(panic),
            };
            let id = this.id.take().expect("the id is taken once, at the answer");
            match close(response, id, this.span) {
                Ok(response) => return Poll::Ready(response),
                Err(closing) => *this.closing = Some(closing),
            }
        }
        match this.closing {
            Some(closing) => closing.as_mut().poll(cx),
            None => Poll::Pending,
        }
    }
}

/// The answer as it leaves: its status on the span, a problem for a bare
/// framework error, the id echoed. A success only takes the id, at once;
/// an error may have its body read (to make or fill in the problem), in a
/// boxed future (`Err`) only errors pay for.
fn close(
    response: Response,
    id: RequestId,
    span: &tracing::Span,
) -> Result<Response, BoxFuture<'static, Response>> {
    let status = response.status();
    if !span.is_disabled() {
        span.record("http.response.status_code", status.as_u16());
    }
    if status.is_client_error() || status.is_server_error() {
        Err(Box::pin(async move {
            finish(crate::problem::framework_errors(response).await, &id).await
        }))
    } else {
        Ok(echo_id(response, &id))
    }
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
