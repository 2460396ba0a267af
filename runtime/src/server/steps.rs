//! The built-in steps, each a [`StepService`] wrapping the next, and
//! [`pipeline`], which stacks the ones an operation uses when the router is
//! built. From the outside in:
//!
//! | step | does | when |
//! | --- | --- | --- |
//! | [`Observe`] | span fields, RED metrics, [`CurrentOperation`] in the extensions | always (metrics unless turned off) |
//! | [`Deprecate`] | `deprecation` / `sunset` on every answer | deprecated operations |
//! | [`Deadline`] | 503 and the handler cancelled past the deadline | unless turned off |
//! | layers from [`ServerOptions::layer`](super::ServerOptions::layer) | the implementer's | as added |
//! | [`Authenticate`] | 401/403, the [`Principal`] in the extensions | secured operations |
//! | [`RateLimited`] | 429, `ratelimit-*` headers | when a limit applies |
//! | [`Protocol`] | 406, 415, the body read within its limit (413) | always |
//! | [`ConditionalGet`] | strong ETag, 304 | GET routes |
//! | [`Idempotent`] | the `Idempotency-Key` guard | idempotent operations with buffered bodies |
//! | layers from [`ServerOptions::handler_layer`](super::ServerOptions::handler_layer) | the implementer's | as added |
//! | the handler | decoding ([`Input`](super::Input)), the implementation | always |

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::Service;
use tower::timeout::Timeout;

use super::etag::with_etag;
use super::input::BufferedBody;
use super::metrics::OperationMetrics;
use super::negotiation::{check_accept, check_content_type, has_body};
use super::operation::{CurrentOperation, Operation};
use super::options::{Placement, Step};
use super::pipeline::Plumbing;
use super::rejection::Rejection;
use super::security::{Authenticator, Principal, Requirement};
use super::service::{OperationService, StepFuture, StepService};
use crate::deprecation::Deprecation;
use crate::idempotency::{Idempotency, key_from_headers};
use crate::problem::Problem;
use crate::rate_limit::RateLimiter;

/// Stacks the steps `info`'s operation uses around `handler`.
pub(crate) fn pipeline(
    plumbing: &Plumbing,
    info: CurrentOperation,
    handler: OperationService,
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
    for added in layers(Placement::Handler) {
        service = (added.layer)(service);
    }
    if operation.idempotent && !operation.streamed_body && enabled(Step::Idempotency) {
        service = OperationService::from_step(Idempotent {
            inner: service,
            guard: plumbing.idempotency.clone(),
        });
    }
    if info.method == Method::GET && enabled(Step::ConditionalGet) {
        service = OperationService::from_step(ConditionalGet { inner: service });
    }
    service = OperationService::from_step(Protocol {
        inner: service,
        operation,
        body_limit: plumbing.body_limit,
    });
    if let Some(limiter) = plumbing
        .limiter
        .clone()
        .filter(|_| enabled(Step::RateLimit))
    {
        service = OperationService::from_step(RateLimited {
            inner: service,
            limiter,
            operation,
        });
    }
    if let Some(requirement) =
        Requirement::of(operation, plumbing.schemes).filter(|_| enabled(Step::Authentication))
    {
        service = OperationService::from_step(Authenticate {
            inner: service,
            requirement,
            authenticator: plumbing.authenticator.clone(),
        });
    }
    for added in layers(Placement::Outer) {
        service = (added.layer)(service);
    }
    if enabled(Step::Deadline) {
        let after = plumbing.deadline_of(operation);
        service = OperationService::from_step(Deadline {
            timeout: Timeout::new(service, after),
            after,
        });
    }
    if operation.deprecated && enabled(Step::Deprecation) {
        let deprecation = Deprecation::new();
        let deprecation = match operation.sunset {
            Some(date) => deprecation.clone().with_sunset(date).unwrap_or(deprecation),
            None => deprecation,
        };
        service = OperationService::from_step(Deprecate {
            inner: service,
            deprecation,
        });
    }
    let metrics = enabled(Step::Metrics).then(|| OperationMetrics::new(&info));
    OperationService::from_step(Observe {
        inner: service,
        info,
        metrics,
    })
}

/// Names the operation in the request's span and extensions, and counts
/// it.
struct Observe {
    inner: OperationService,
    info: CurrentOperation,
    metrics: Option<OperationMetrics>,
}

impl StepService for Observe {
    fn call(self: Arc<Self>, mut request: Request) -> StepFuture {
        let span = tracing::Span::current();
        span.record(
            "operation.id",
            tracing::field::display(self.info.operation.id),
        );
        span.record("http.route", tracing::field::display(self.info.route));
        request.extensions_mut().insert(self.info.clone());
        Box::pin(async move {
            let Some(metrics) = &self.metrics else {
                return self.inner.run(request).await;
            };
            let started = Instant::now();
            let in_flight = metrics.start();
            let response = self.inner.run(request).await?;
            drop(in_flight);
            metrics.finish(response.status().as_u16(), started.elapsed());
            Ok(response)
        })
    }
}

/// `deprecation` and `sunset` on every answer of a deprecated operation.
struct Deprecate {
    inner: OperationService,
    deprecation: Deprecation,
}

impl StepService for Deprecate {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(async move {
            let mut response = self.inner.run(request).await?;
            self.deprecation.apply(response.headers_mut());
            Ok(response)
        })
    }
}

/// Cancels what is inside past the deadline (dropping the handler's
/// future) and answers 503.
struct Deadline {
    timeout: Timeout<OperationService>,
    after: Duration,
}

impl StepService for Deadline {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        let mut timeout = self.timeout.clone();
        let after = self.after;
        Box::pin(async move {
            Ok(match timeout.call(request).await {
                Ok(response) => response,
                Err(_) => {
                    tracing::warn!(
                        deadline_ms = after.as_millis() as u64,
                        "deadline exceeded; request cancelled"
                    );
                    Rejection::DeadlineExceeded { after }.into_response()
                }
            })
        })
    }
}

/// 401/403, and the principal for the steps inside.
struct Authenticate {
    inner: OperationService,
    requirement: Requirement,
    authenticator: Option<Arc<dyn Authenticator>>,
}

impl StepService for Authenticate {
    fn call(self: Arc<Self>, mut request: Request) -> StepFuture {
        Box::pin(async move {
            let authorized = self
                .requirement
                .authorize(
                    self.authenticator.as_deref(),
                    request.headers(),
                    request.uri().query(),
                )
                .await;
            match authorized {
                Ok(principal) => {
                    request.extensions_mut().insert(principal);
                    self.inner.run(request).await
                }
                Err(rejection) => Ok(rejection.into_response()),
            }
        })
    }
}

/// A token per request from the client's bucket: the principal's, else the
/// peer address's; an operation with its own limit has its own bucket, so
/// it neither drains nor is drained by the default one.
struct RateLimited {
    inner: OperationService,
    limiter: RateLimiter,
    operation: &'static Operation,
}

impl StepService for RateLimited {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(async move {
            let client = match request.extensions().get::<Principal>() {
                Some(principal) => format!("principal:{}", principal.id),
                None => match request.extensions().get::<ConnectInfo<SocketAddr>>() {
                    Some(ConnectInfo(address)) => format!("ip:{}", address.ip()),
                    None => "anonymous".to_owned(),
                },
            };
            let bucket = match self.operation.rate_limit {
                Some(_) => format!("{client}:{}", self.operation.id),
                None => client,
            };
            match self.limiter.check(&bucket, self.operation.rate_limit).await {
                Ok(rate) => {
                    let mut response = self.inner.run(request).await?;
                    rate.apply(response.headers_mut());
                    Ok(response)
                }
                Err(problem) => Ok(problem.into_response()),
            }
        })
    }
}

/// 406 and 415, then the body: read within the limit into a
/// [`BufferedBody`] (413 past it), or left streaming for multipart and
/// binary bodies.
struct Protocol {
    inner: OperationService,
    operation: &'static Operation,
    body_limit: usize,
}

impl StepService for Protocol {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(async move {
            let checked = check_accept(self.operation, request.headers())
                .and_then(|()| check_content_type(self.operation, request.headers()));
            if let Err(rejection) = checked {
                return Ok(rejection.into_response());
            }
            if self.operation.streamed_body {
                return self.inner.run(request).await;
            }
            let (mut parts, body) = request.into_parts();
            let bytes = if has_body(&parts.headers) {
                match read_body(body, self.body_limit).await {
                    Ok(bytes) => bytes,
                    Err(response) => return Ok(response),
                }
            } else {
                Bytes::new()
            };
            parts.extensions.insert(BufferedBody(bytes));
            self.inner
                .run(Request::from_parts(parts, Body::empty()))
                .await
        })
    }
}

/// The whole body within `limit` bytes: 413 past it, 408 when the client
/// stops sending (the router's body read timeout) or goes away.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, Response> {
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

/// A strong ETag over the bytes sent, and 304 on `if-none-match`.
struct ConditionalGet {
    inner: OperationService,
}

impl StepService for ConditionalGet {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(async move {
            if request.method() != Method::GET {
                return self.inner.run(request).await;
            }
            let if_none_match: Option<HeaderValue> =
                request.headers().get(header::IF_NONE_MATCH).cloned();
            let response = self.inner.run(request).await?;
            Ok(with_etag(response, if_none_match).await)
        })
    }
}

/// Runs a request carrying an `Idempotency-Key` through the guard, scoped
/// to the principal.
struct Idempotent {
    inner: OperationService,
    guard: Idempotency,
}

impl StepService for Idempotent {
    fn call(self: Arc<Self>, request: Request) -> StepFuture {
        Box::pin(async move {
            let key = match key_from_headers(request.headers()) {
                Ok(Some(key)) => key.into_owned(),
                Ok(None) => return self.inner.run(request).await,
                Err(problem) => return Ok(problem.into_response()),
            };
            let principal = request
                .extensions()
                .get::<Principal>()
                .map(|principal| principal.id.clone());
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
            let inner = self.inner.clone();
            let handler = || async move {
                match inner.run(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            };
            Ok(self
                .guard
                .run(principal.as_deref(), &key, &method, &target, &body, handler)
                .await)
        })
    }
}
