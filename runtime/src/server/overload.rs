//! Overload: at most `limit` requests run at once and at most `queue` more
//! wait; past both the router answers 503 with `retry-after` at once.
//!
//! Built from tower's layers: [`GlobalConcurrencyLimitLayer`] bounds the
//! requests running, [`LoadShedLayer`] turns "not ready" into an immediate
//! refusal. Between them sits [`Admission`], which counts the requests
//! admitted (running or waiting) and is ready only while there is room: it
//! waits for the concurrency limit inside the call rather than in
//! `poll_ready`, so waiting requests form the queue instead of being shed.

use std::future::Ready;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::PollSemaphore;
use tower::layer::util::{Identity, Stack};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::load_shed::LoadShedLayer;
use tower::{BoxError, Layer, Service, ServiceBuilder, ServiceExt};

use super::metrics::SHED;
use super::rejection::Rejection;

/// The guard, as one layer every operation's pipeline gets (clones share
/// their semaphores, so the limits are the server's).
pub(crate) type Guard = ServiceBuilder<
    Stack<
        GlobalConcurrencyLimitLayer,
        Stack<AdmissionLayer, Stack<LoadShedLayer, Stack<HandleErrorLayer<Shed, ()>, Identity>>>,
    >,
>;

/// What a shed request gets.
type Shed = fn(BoxError) -> Ready<Response>;

pub(crate) fn guard(limit: usize, queue: usize) -> Guard {
    ServiceBuilder::new()
        .layer(HandleErrorLayer::new(shed as Shed))
        .layer(LoadShedLayer::new())
        .layer(AdmissionLayer {
            admitted: Arc::new(Semaphore::new(limit.saturating_add(queue))),
        })
        .layer(GlobalConcurrencyLimitLayer::new(limit))
}

fn shed(_: BoxError) -> Ready<Response> {
    metrics::counter!(SHED).increment(1);
    tracing::warn!("at capacity; request shed");
    std::future::ready(Rejection::Overloaded.into_response())
}

/// Admits a request while fewer than `limit + queue` are admitted.
#[derive(Clone)]
pub(crate) struct AdmissionLayer {
    admitted: Arc<Semaphore>,
}

impl<S> Layer<S> for AdmissionLayer {
    type Service = Admission<S>;

    fn layer(&self, inner: S) -> Admission<S> {
        Admission {
            inner,
            admitted: PollSemaphore::new(Arc::clone(&self.admitted)),
            permit: None,
        }
    }
}

/// The service of [`AdmissionLayer`].
pub(crate) struct Admission<S> {
    inner: S,
    admitted: PollSemaphore,
    permit: Option<OwnedSemaphorePermit>,
}

impl<S: Clone> Clone for Admission<S> {
    fn clone(&self) -> Self {
        // A clone holds no permit of its own yet.
        Self {
            inner: self.inner.clone(),
            admitted: self.admitted.clone(),
            permit: None,
        }
    }
}

impl<S> Service<Request> for Admission<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = BoxError;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        if self.permit.is_none() {
            match self.admitted.poll_acquire(cx) {
                Poll::Ready(Some(permit)) => self.permit = Some(permit),
                Poll::Ready(None) => return Poll::Ready(Err("admission closed".into())),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let permit = self.permit.take();
        let inner = self.inner.clone();
        Box::pin(async move {
            // Waiting here for the concurrency limit is the queue.
            let response = inner.oneshot(request).await.map_err(Into::into);
            drop(permit);
            response
        })
    }
}
