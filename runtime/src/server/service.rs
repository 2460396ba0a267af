//! [`OperationService`]: one operation's request pipeline as a tower
//! service, cheap to clone, that steps and layers wrap.

use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{Request, State};
use axum::response::Response;
use tower::Service;

/// The boxed future of a step: steps never fail, they answer.
pub(crate) type StepFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// A step of the pipeline, type-erased. `self: Arc<Self>` lets a call
/// borrow nothing: the future owns one reference to the step (and so to
/// everything inside it).
pub(crate) trait StepService: Send + Sync + 'static {
    fn call(self: Arc<Self>, request: Request) -> StepFuture;
}

/// One operation's pipeline from some step inwards: the service every
/// built-in step and every layer added through
/// [`ServerOptions::layer`](super::ServerOptions::layer) wraps.
///
/// Always ready; never fails (errors are responses, problems mostly).
/// Cloning it clones one `Arc`.
#[derive(Clone)]
pub struct OperationService(Arc<dyn StepService>);

impl std::fmt::Debug for OperationService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OperationService")
    }
}

impl OperationService {
    /// Wraps any tower service of requests to responses.
    pub fn new<S>(service: S) -> Self
    where
        S: Service<Request, Response = Response, Error = Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
    {
        Self(Arc::new(TowerStep(service)))
    }

    pub(crate) fn from_step(step: impl StepService) -> Self {
        Self(Arc::new(step))
    }

    /// A generated handler taking `state` and the request, called
    /// directly: its future, boxed, is the step's.
    pub(crate) fn handler<H, F, S>(handler: H, state: S) -> Self
    where
        H: Fn(State<S>, Request) -> F + Send + Sync + 'static,
        F: Future<Output = Response> + Send + 'static,
        S: Clone + Send + Sync + 'static,
    {
        Self(Arc::new(HandlerStep { handler, state }))
    }

    /// Runs the pipeline for `request`.
    pub(crate) fn run(&self, request: Request) -> StepFuture {
        Arc::clone(&self.0).call(request)
    }
}

impl Service<Request> for OperationService {
    type Response = Response;
    type Error = Infallible;
    type Future = Answered;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Answered {
        Answered(self.run(request))
    }
}

/// The future of [`OperationService`] as a tower service.
pub struct Answered(StepFuture);

impl std::fmt::Debug for Answered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answered")
    }
}

impl Future for Answered {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx).map(Ok)
    }
}

/// A tower service as a step: each call runs on a clone, made ready first,
/// as tower's contract asks.
struct TowerStep<S>(S);

impl<S> StepService for TowerStep<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        let mut service = self.0.clone();
        Box::pin(async move {
            match poll_fn(|cx| service.poll_ready(cx)).await {
                Ok(()) => match service.call(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                },
                Err(never) => match never {},
            }
        })
    }
}

/// A generated handler function as the last step.
struct HandlerStep<H, S> {
    handler: H,
    state: S,
}

impl<H, F, S> StepService for HandlerStep<H, S>
where
    H: Fn(State<S>, Request) -> F + Send + Sync + 'static,
    F: Future<Output = Response> + Send + 'static,
    S: Clone + Send + Sync + 'static,
{
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin((self.handler)(State(self.state.clone()), request))
    }
}

/// A layer as stored in the options: applied to each operation's service
/// when the router is built.
pub(crate) type StoredLayer = Arc<dyn Fn(OperationService) -> OperationService + Send + Sync>;

/// Erases a tower layer over [`OperationService`].
pub(crate) fn store_layer<L>(layer: L) -> StoredLayer
where
    L: tower::Layer<OperationService> + Send + Sync + 'static,
    L::Service:
        Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    <L::Service as Service<Request>>::Future: Send + 'static,
{
    Arc::new(move |inner| OperationService::new(layer.layer(inner)))
}
