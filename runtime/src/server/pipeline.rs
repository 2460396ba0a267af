//! [`Server`]: the shared state of a generated router, and its last step,
//! [`Server::handle`], which hands the request to the operation's decoding
//! and the implementation.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::future::Either;

use super::context::RequestContext;
use super::input::{BufferedBody, Input, Limits};
use super::negotiation::body_to_read;
use super::operation::Operation;
use super::options::{AddedLayer, RateLimitSetting, ServerOptions, Step};
use super::rejection::Rejection;
use super::security::{Authenticator, BoxFuture, Scheme};
use crate::cursor::CursorCodec;
use crate::idempotency::Idempotency;
use crate::rate_limit::{RateLimit, RateLimiter};

/// What the steps share, fixed when the router is built.
pub(crate) struct Plumbing {
    pub(crate) body_limit: usize,
    pub(crate) upload_limit: usize,
    pub(crate) upload_memory_limit: usize,
    pub(crate) authenticator: Option<Arc<dyn Authenticator>>,
    pub(crate) limiter: Option<RateLimiter>,
    pub(crate) idempotency: Idempotency,
    pub(crate) schemes: &'static [Scheme],
    pub(crate) deadline: Duration,
    pub(crate) operation_deadlines: Vec<(String, Duration)>,
    pub(crate) disabled: Vec<Step>,
    pub(crate) layers: Vec<AddedLayer>,
    pub(crate) serve_docs: bool,
    /// The overload guard every operation shares (one set of limits).
    pub(crate) overload: Option<super::overload::Overload>,
    pub(crate) body_read_timeout: Duration,
}

impl Plumbing {
    pub(crate) fn enabled(&self, step: Step) -> bool {
        !self.disabled.contains(&step)
    }

    /// The options' deadline for the operation, else its `x-timeout`, else
    /// the default.
    pub(crate) fn deadline_of(&self, operation: &Operation) -> Duration {
        self.operation_deadlines
            .iter()
            .find(|(id, _)| id == operation.id)
            .map(|(_, deadline)| *deadline)
            .or(operation.timeout)
            .unwrap_or(self.deadline)
    }
}

/// The shared state of a generated router: the implementation plus the
/// plumbing it runs behind.
pub struct Server<A> {
    /// The implementation of the API trait.
    pub api: A,
    cursors: Arc<CursorCodec>,
    pub(crate) plumbing: Plumbing,
}

impl<A> Server<A> {
    /// Builds the state; `schemes` and `default_limit` come from the spec.
    pub fn new(
        api: A,
        options: ServerOptions,
        schemes: &'static [Scheme],
        default_limit: Option<RateLimit>,
    ) -> Self {
        let limit = match options.rate_limit {
            RateLimitSetting::FromSpec => default_limit,
            RateLimitSetting::Limit(limit) => Some(limit),
            RateLimitSetting::Off => None,
        };
        let cursors = options.cursors.unwrap_or_else(|| {
            let secret: [u8; 32] = rand_secret();
            CursorCodec::new([("ephemeral", secret)]).expect("a 32-byte secret is a valid key")
        });
        let limiter = limit.map(|limit| {
            RateLimiter::new(Arc::clone(&options.store), limit)
                .with_timeout(options.store_timeout)
                .on_store_failure(options.rate_limit_failure)
        });
        Self {
            api,
            cursors: Arc::new(cursors),
            plumbing: Plumbing {
                body_limit: options.body_limit,
                upload_limit: options.upload_limit,
                upload_memory_limit: options.upload_memory_limit,
                authenticator: options.authenticator,
                limiter,
                idempotency: Idempotency::new(options.store).with_timeout(options.store_timeout),
                schemes,
                deadline: options.deadline,
                operation_deadlines: options.operation_deadlines,
                disabled: options.disabled,
                layers: options.layers,
                serve_docs: options.serve_docs,
                overload: options
                    .concurrency_limit
                    .map(|limit| super::overload::Overload::new(limit, options.queue_limit)),
                body_read_timeout: options.body_read_timeout,
            },
        }
    }

    /// The last step of `operation`'s pipeline, for inputs read without
    /// waiting: `decode` reads them from the [`Input`] (else the answer is
    /// its 400 or 428 problem), then `call` hands them and the request's
    /// context to the implementation. The rest of the input is dropped
    /// first, so the implementation's future does not carry it.
    pub fn handle<R, F, Fut>(
        self: Arc<Self>,
        operation: &'static Operation,
        request: Request,
        decode: fn(&mut Input) -> Option<R>,
        call: F,
    ) -> impl Future<Output = Response> + Send + 'static
    where
        A: Send + Sync + 'static,
        R: 'static,
        F: FnOnce(Arc<Self>, R, RequestContext) -> Fut + Send + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        self.handle_input(operation, request, move |server, mut input| {
            match crate::encoding::decoding_request(|| decode(&mut input)) {
                Some(decoded) => Either::Left(call(server, decoded, input.context)),
                None => Either::Right(std::future::ready(input.reject())),
            }
        })
    }

    /// The last step of `operation`'s pipeline: builds the [`Input`] from
    /// what the steps before left in the request (principal, buffered body)
    /// and runs `handler`, which decodes it (waiting for a multipart body,
    /// say, through [`decode_request`]) and calls the implementation (the
    /// server is handed to it, as it owns the implementation).
    ///
    /// Not an `async fn`: when the body is already in hand (read by the
    /// pipeline, or none to read) the answer is `handler`'s own future, so
    /// a request's future does not hold the request and the input once
    /// more around it. Only a body still to read (a call from outside the
    /// pipeline) takes a boxed future that reads it first.
    pub fn handle_input<F, Fut>(
        self: Arc<Self>,
        operation: &'static Operation,
        request: Request,
        handler: F,
    ) -> impl Future<Output = Response> + Send + 'static
    where
        A: Send + Sync + 'static,
        F: FnOnce(Arc<Self>, Input) -> Fut + Send + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        let (mut parts, body) = request.into_parts();
        let (buffered, streamed) = if operation.streamed_body {
            (Bytes::new(), Some(body))
        } else {
            match parts.extensions.remove::<BufferedBody>() {
                Some(BufferedBody(bytes)) => (bytes, None),
                None if !body_to_read(&body) => (Bytes::new(), None),
                // Called outside the pipeline (or a layer took the body
                // out): read it here, within the limit.
                None => {
                    return Either::Right(Box::pin(async move {
                        let limit = self.plumbing.body_limit;
                        match axum::body::to_bytes(body, limit).await {
                            Ok(bytes) => self.run(operation, parts, bytes, None, handler).await,
                            Err(_) => Rejection::PayloadTooLarge { limit }.into_response(),
                        }
                    }) as BoxFuture<'static, Response>);
                }
            }
        };
        Either::Left(self.run(operation, parts, buffered, streamed, handler))
    }

    /// `handler`'s answer to the request's input.
    fn run<F, Fut>(
        self: Arc<Self>,
        operation: &'static Operation,
        parts: Parts,
        buffered: Bytes,
        streamed: Option<Body>,
        handler: F,
    ) -> Fut
    where
        F: FnOnce(Arc<Self>, Input) -> Fut,
    {
        let input = Input::new(
            operation,
            parts,
            buffered,
            streamed,
            Arc::clone(&self.cursors),
            self.limits(),
        );
        handler(self, input)
    }
}

impl<A> Server<A> {
    /// The codec of this server's pagination cursors.
    pub(crate) fn cursors(&self) -> &Arc<CursorCodec> {
        &self.cursors
    }

    /// The body limits requests are read within.
    pub(crate) fn limits(&self) -> Limits {
        Limits {
            body: self.plumbing.body_limit,
            upload: self.plumbing.upload_limit,
            upload_memory: self.plumbing.upload_memory_limit,
        }
    }
}

fn rand_secret() -> [u8; 32] {
    let mut secret = [0u8; 32];
    for chunk in secret.chunks_mut(16) {
        chunk.copy_from_slice(&uuid::Uuid::new_v4().into_bytes());
    }
    secret
}

/// Runs `decode`, a decoding that waits (for a multipart body to stream
/// in), as the decoding of a request, which [`Server::handle`] does for a
/// decoding that does not wait: a request's JSON is read by its rules
/// (`null` refused for a member that is not nullable, a read-only member
/// refused, a date-time exact) where an answer's is read leniently. What
/// says so is the thread's, and a task may change threads or share one
/// between its polls, so it holds for each poll, not across the awaits.
pub async fn decode_request<F: Future>(decode: F) -> F::Output {
    let mut decode = std::pin::pin!(decode);
    std::future::poll_fn(|cx| crate::encoding::decoding_request(|| decode.as_mut().poll(cx))).await
}
