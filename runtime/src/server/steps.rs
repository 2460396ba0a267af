//! The built-in steps, each a [`StepService`] wrapping the next, and
//! [`pipeline`], which stacks the ones an operation uses when the router is
//! built. From the outside in:
//!
//! | step | does | when |
//! | --- | --- | --- |
//! | observe ([`Edge`]) | span fields, RED metrics, [`CurrentOperation`] in the extensions | always (metrics unless turned off) |
//! | deprecation ([`Edge`]) | `deprecation` / `sunset` on every answer | deprecated operations |
//! | deadline ([`Edge`]) | 503 and the handler cancelled past the deadline | unless turned off |
//! | overload guard ([`Edge`]) | 503 past the concurrency limit and the queue | unless turned off |
//! | layers from [`ServerOptions::layer`](super::ServerOptions::layer) | the implementer's | as added |
//! | authentication ([`Guard`]) | 401/403, the [`Principal`](super::Principal) for what follows (see [`hand_over`]) | secured operations |
//! | rate limit ([`Guard`]) | 429, `ratelimit-*` headers | when a limit applies |
//! | protocol ([`Guard`]) | 406, 415, the body read within its limit (413) | always |
//! | conditional GET ([`Guard`]) | strong ETag, 304 | GET routes |
//! | idempotency ([`Guard`]) | the `Idempotency-Key` guard | idempotent operations with buffered bodies |
//! | layers from [`ServerOptions::handler_layer`](super::ServerOptions::handler_layer) | the implementer's | as added |
//! | the handler | decoding ([`Input`](super::Input)), the implementation | always |

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::Either;
use tower::Layer;

use super::edge::EdgeLayer;
use super::etag::Tagging;
use super::input::BufferedBody;
use super::metrics::OperationMetrics;
use super::negotiation::{body_to_read, check_accept, check_content_type};
use super::operation::{CurrentOperation, Operation};
use super::options::{Placement, Step};
use super::overload::Overload;
use super::pipeline::Plumbing;
use super::rejection::Rejection;
use super::security::{Authenticator, BoxFuture, Requirement, hand_over, principal_id};
use super::service::{OperationService, StepFuture, StepService};
use super::timeouts::Deadline;
use crate::deprecation::Deprecation;
use crate::idempotency::{
    IDEMPOTENCY_KEY, Idempotency, declared_key_from_headers, key_from_headers,
};
use crate::problem::Problem;
use crate::rate_limit::RateLimiter;

/// Stacks the steps `info`'s operation uses around `handler`: the
/// implementer's handler layers, the [`Guard`] (authentication, rate limit,
/// protocol and body, ETag, idempotency), the implementer's outer layers,
/// and the [`Edge`] (span and metrics, deprecation, deadline, overload),
/// which opens the request's edge too when given `request_edge` (an
/// operation served alone on its route). The built-in steps of each group
/// share one future, and without outer layers the two groups do too: a
/// request pays one allocation for them all, not one per step.
pub(crate) fn pipeline(
    plumbing: &Plumbing,
    info: CurrentOperation,
    handler: OperationService,
    request_edge: Option<EdgeLayer>,
) -> OperationService {
    let operation = info.operation;
    let enabled = |step| plumbing.enabled(step);
    let layers = |placement| {
        plumbing.layers.iter().rev().filter(move |added| {
            added.placement == placement
                && added
                    .operation
                    .as_deref()
                    .is_none_or(|id| id == operation.id)
        })
    };
    let mut service = handler;
    if operation.streamed_body {
        // The limit the multipart reader enforces.
        service = OperationService::new(
            axum::extract::DefaultBodyLimit::max(plumbing.upload_limit).layer(service),
        );
    }
    let mut principal_to_layers = false;
    for added in layers(Placement::Handler) {
        service = (added.layer)(service);
        principal_to_layers = true;
    }
    let authentication = Requirement::of(operation, plumbing.schemes)
        .filter(|_| enabled(Step::Authentication))
        .map(|requirement| (requirement, plumbing.authenticator.clone()));
    let guard = Guard {
        inner: service,
        operation,
        authentication,
        principal_to_layers,
        limiter: plumbing
            .limiter
            .clone()
            .filter(|_| enabled(Step::RateLimit)),
        body_limit: plumbing.body_limit,
        conditional_get: info.method == Method::GET && enabled(Step::ConditionalGet),
        idempotency: (operation.idempotent
            && !operation.streamed_body
            && enabled(Step::Idempotency))
        .then(|| plumbing.idempotency.clone()),
    };
    let mut outer = layers(Placement::Outer).peekable();
    // Without layers between them, the guard runs inside the edge's
    // future: one allocation for the two.
    let inner = match outer.peek() {
        None => Inner::Guard(Arc::new(guard)),
        Some(_) => Inner::Service(
            outer.fold(OperationService::from_step(guard), |service, added| {
                (added.layer)(service)
            }),
        ),
    };
    let deprecation = (operation.deprecated && enabled(Step::Deprecation)).then(|| {
        let deprecation = Deprecation::new();
        match operation.sunset {
            Some(date) => deprecation.clone().with_sunset(date).unwrap_or(deprecation),
            None => deprecation,
        }
    });
    OperationService::from_step(Edge {
        inner,
        deadline: enabled(Step::Deadline).then(|| plumbing.deadline_of(operation)),
        overload: plumbing.overload.clone(),
        deprecation,
        metrics: enabled(Step::Metrics).then(|| OperationMetrics::new(&info)),
        info,
        layered: !plumbing.layers.is_empty(),
        request_edge,
    })
}

/// The outer built-in steps: names the operation in the request's span
/// and extensions, counts it, adds `deprecation` / `sunset`, sheds it past
/// the overload limits (503), and cancels what is inside past the deadline
/// (dropping the handler's future) with a 503. Time spent queueing for the
/// concurrency limit counts against the deadline.
///
/// The request moves through as few `async fn`s as it can: each one that
/// takes it keeps room for it (twice) for its whole life, and the future
/// of the whole pipeline is moved into its box at every wrapper.
struct Edge {
    inner: Inner,
    deadline: Option<Duration>,
    overload: Option<Overload>,
    deprecation: Option<Deprecation>,
    metrics: Option<OperationMetrics>,
    info: CurrentOperation,
    /// Whether the implementer added layers.
    layered: bool,
    /// The request's edge, when this step opens it.
    request_edge: Option<EdgeLayer>,
}

/// What the edge runs: the guard itself, or the implementer's outer layers
/// around it.
enum Inner {
    Guard(Arc<Guard>),
    Service(OperationService),
}

impl StepService for Edge {
    fn call(self: Arc<Self>, mut request: Request) -> StepFuture {
        if self.layered {
            // Only layers read it: without any, it is not worth an insert.
            request.extensions_mut().insert(self.info.clone());
        }
        match self.request_edge {
            Some(edge) => {
                let entered = edge.enter(&mut request);
                self.name(entered.span());
                Box::pin(entered.answer(self.answer(request)))
            }
            None => {
                self.name(&tracing::Span::current());
                Box::pin(self.answer(request))
            }
        }
    }
}

impl Edge {
    /// Names the operation in the request's span (when it is recorded:
    /// finding a field by name costs even on a span nobody listens to).
    fn name(&self, span: &tracing::Span) {
        if span.is_disabled() {
            return;
        }
        span.record(
            "operation.id",
            tracing::field::display(self.info.operation.id),
        );
        span.record("http.route", tracing::field::display(self.info.route));
    }

    /// The answer of what is inside: counted, shed past the overload
    /// limits (503), waiting in the queue for a slot when none is free,
    /// cancelled past the deadline (503), with the deprecation headers.
    /// Time spent queueing counts against the deadline.
    fn answer(
        self: Arc<Self>,
        request: Request,
    ) -> Answer<impl Future<Output = Response> + Send + 'static> {
        let started = Instant::now();
        let deadline = self
            .deadline
            .map(|after| tokio::time::Instant::from_std(started + after));
        let mut held = Held {
            edge: self,
            in_flight: false,
            admitted: false,
            slot: false,
        };
        let edge = &held.edge;
        if let Some(metrics) = &edge.metrics {
            metrics.enter();
            held.in_flight = true;
        }
        let inside = match &edge.overload {
            None => Either::Left(edge.inside(request)),
            Some(overload) => match overload.admit() {
                Err(shed) => Either::Right(Either::Left(std::future::ready(shed.into_response()))),
                Ok(()) => {
                    held.admitted = true;
                    if overload.take_free_slot() {
                        held.slot = true;
                        Either::Left(edge.inside(request))
                    } else {
                        // Boxed: only a request that queues carries the wait.
                        let overload = overload.clone();
                        let inside = edge.inside(request);
                        Either::Right(Either::Right(Box::pin(async move {
                            let _slot = overload.wait_for_slot().await;
                            inside.await
                        })
                            as BoxFuture<'static, Response>))
                    }
                }
            },
        };
        Answer {
            inside: Deadline::new(inside, deadline),
            held,
            started,
        }
    }

    /// The future of what is inside the edge: the guard, or the
    /// implementer's outer layers around it.
    fn inside(&self, request: Request) -> impl Future<Output = Response> + Send + use<> {
        match &self.inner {
            Inner::Guard(guard) => Either::Left(Arc::clone(guard).run(request)),
            Inner::Service(service) => Either::Right(service.run(request)),
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`Edge::answer`]: what is inside within the deadline,
    /// and what the request holds until it is answered. One future that
    /// owns its edge, rather than an `async fn` holding guards that borrow
    /// it: the inner future is moved into it once, and nothing else
    /// is kept beside it.
    struct Answer<F> {
        #[pin]
        inside: Deadline<F>,
        held: Held,
        started: Instant,
    }
}

impl<F: Future<Output = Response>> Future for Answer<F> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        let answered = std::task::ready!(this.inside.poll(cx));
        let edge = &this.held.edge;
        let mut response = answered.unwrap_or_else(|| {
            let after = edge.deadline.unwrap_or_default();
            tracing::warn!(
                deadline_ms = after.as_millis() as u64,
                "deadline exceeded; request cancelled"
            );
            Rejection::DeadlineExceeded { after }.into_response()
        });
        if let Some(deprecation) = &edge.deprecation {
            deprecation.apply(response.headers_mut());
        }
        this.held.give_back();
        if let Some(metrics) = &this.held.edge.metrics {
            metrics.finish(response.status().as_u16(), this.started.elapsed());
        }
        Poll::Ready(response)
    }
}

/// What a request holds while inside the edge: its count in flight, its
/// place among the requests admitted, its running slot. Given back when
/// it is answered, or when it is dropped unanswered (a client gone, the
/// server shutting down).
struct Held {
    edge: Arc<Edge>,
    in_flight: bool,
    admitted: bool,
    slot: bool,
}

impl Held {
    fn give_back(&mut self) {
        if std::mem::take(&mut self.in_flight) {
            if let Some(metrics) = &self.edge.metrics {
                metrics.leave();
            }
        }
        if let Some(overload) = &self.edge.overload {
            if std::mem::take(&mut self.slot) {
                overload.free_slot();
            }
            if std::mem::take(&mut self.admitted) {
                overload.leave();
            }
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.give_back();
    }
}

/// The inner built-in steps, each skipped when the operation does not use
/// it: 401/403 (the principal for what follows), the rate limit (429 and
/// `ratelimit-*` headers), 406/415 and the body (413), the ETag (304) and
/// the idempotency guard.
struct Guard {
    inner: OperationService,
    operation: &'static Operation,
    authentication: Option<(Requirement, Option<Arc<dyn Authenticator>>)>,
    /// Whether handler layers may look for the principal in the request's
    /// extensions (see [`hand_over`]).
    principal_to_layers: bool,
    limiter: Option<RateLimiter>,
    body_limit: usize,
    conditional_get: bool,
    idempotency: Option<Idempotency>,
}

impl StepService for Guard {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(self.run(request))
    }
}

impl Guard {
    /// The steps in order, in one future (see [`Edge`]). An `async`
    /// block rather than an `async fn`: the block owns the request it
    /// captures, where an `async fn` moves its argument once more into a
    /// local of its own and keeps room for both.
    #[expect(
        clippy::manual_async_fn,
        reason = "an `async fn` keeps room for its request twice"
    )]
    fn run(
        self: Arc<Self>,
        mut request: Request,
    ) -> impl Future<Output = Response> + Send + 'static {
        async move {
            if let Some((requirement, authenticator)) = &self.authentication {
                let authorized = requirement
                    .authorize(
                        authenticator.as_deref(),
                        request.headers(),
                        request.uri().query(),
                    )
                    .await;
                match authorized {
                    Ok(principal) => {
                        hand_over(principal, &mut request, self.principal_to_layers);
                    }
                    Err(rejection) => return rejection.into_response(),
                }
            }
            let rate = match &self.limiter {
                Some(limiter) => match limiter
                    .check(&bucket(self.operation, &request), self.operation.rate_limit)
                    .await
                {
                    Ok(rate) => Some(rate),
                    Err(problem) => return problem.into_response(),
                },
                None => None,
            };
            let mut response = 'answer: {
                let body = match self.protocol(&mut request) {
                    Ok(body) => body,
                    Err(refused) => break 'answer refused.into_response(),
                };
                if let Some(body) = body {
                    // Boxed: only requests with a body read one.
                    match Box::pin(read_body(body, self.body_limit)).await {
                        Ok(bytes) => request.extensions_mut().insert(BufferedBody(bytes)),
                        Err(refused) => break 'answer refused,
                    };
                }
                self.respond(request).await
            };
            if let Some(rate) = rate {
                rate.apply(response.headers_mut());
            }
            response
        }
    }

    /// 406 and 415, then the body to read within the limit into a
    /// [`BufferedBody`] (413 past it): none when there is nothing to read,
    /// or when multipart and binary bodies are left streaming.
    fn protocol(&self, request: &mut Request) -> Result<Option<Body>, Rejection> {
        let sent = body_to_read(request.body());
        check_accept(self.operation, request.headers())
            .and_then(|()| check_content_type(self.operation, request.headers(), sent))?;
        if self.operation.streamed_body || !sent {
            return Ok(None);
        }
        Ok(Some(std::mem::take(request.body_mut())))
    }

    /// The answer of what is inside, through the idempotency guard when the
    /// request carries a key, with its ETag on GET. Not an `async fn`, so
    /// the request is not held twice more (see [`Edge`]).
    fn respond(&self, request: Request) -> Tagging<BoxFuture<'_, Response>> {
        let if_none_match = (self.conditional_get && request.method() == Method::GET)
            .then(|| request.headers().get(header::IF_NONE_MATCH).cloned());
        let answer = match &self.idempotency {
            // Boxed apart: the guard's future is large, and only requests
            // with a key would otherwise carry its size in every request's.
            Some(guard) if request.headers().contains_key(IDEMPOTENCY_KEY) => {
                Box::pin(idempotent(guard, self.operation, &self.inner, request))
            }
            _ => self.inner.run(request),
        };
        Tagging::new(answer, if_none_match)
    }
}

/// The client's rate-limit bucket: the principal's, else the peer
/// address's; an operation with its own limit has its own bucket, so it
/// neither drains nor is drained by the default one.
fn bucket(operation: &'static Operation, request: &Request) -> String {
    let client = match principal_id(request) {
        Some(id) => format!("principal:{id}"),
        None => match request.extensions().get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(address)) => format!("ip:{}", address.ip()),
            None => "anonymous".to_owned(),
        },
    };
    match operation.rate_limit {
        Some(_) => format!("{client}:{}", operation.id),
        None => client,
    }
}

/// Runs a request carrying an `Idempotency-Key` through the guard, scoped
/// to the principal; one whose key is empty (where the spec declares the
/// header) runs as it is. A key the spec declares is held to its schema
/// (with the other parameters), else to the runtime's rule. An `async`
/// block, as [`Guard::run`], so the request is held once.
#[expect(
    clippy::manual_async_fn,
    reason = "an `async fn` keeps room for its request twice"
)]
fn idempotent<'a>(
    guard: &'a Idempotency,
    operation: &'a Operation,
    inner: &'a OperationService,
    request: Request,
) -> impl Future<Output = Response> + Send + 'a {
    async move {
        let key = if operation.key_declared {
            declared_key_from_headers(request.headers()).map(Ok)
        } else {
            key_from_headers(request.headers()).transpose()
        };
        let key = match key {
            Some(Ok(key)) => key.into_owned(),
            None => return inner.run(request).await,
            Some(Err(problem)) => return problem.into_response(),
        };
        let principal = principal_id(&request);
        let body = request
            .extensions()
            .get::<BufferedBody>()
            .map(|body| body.0.clone())
            .unwrap_or_default();
        let method = request.method().clone();
        let target = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let handler = || inner.run(request);
        guard
            .run(principal.as_deref(), &key, &method, &target, &body, handler)
            .await
    }
}

/// The whole body within `limit` bytes: 413 past it, 408 when the client
/// stops sending (the router's body read timeout) or goes away.
pub(crate) async fn read_body(body: Body, limit: usize) -> Result<Bytes, Response> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let mut cause: Option<&dyn std::error::Error> = Some(&error);
        while let Some(error) = cause {
            if error.is::<http_body_util::LengthLimitError>() {
                return Rejection::PayloadTooLarge { limit }.into_response();
            }
            cause = error.source();
        }
        Problem::for_status(StatusCode::REQUEST_TIMEOUT.as_u16())
            .with_detail("The request body did not arrive in time.")
            .into_response()
    })
}
