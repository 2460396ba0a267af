//! [`Server`]: the shared state of a generated router and the pipeline
//! every operation's request runs through.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};

use super::context::RequestContext;
use super::etag::with_etag;
use super::input::{Input, cookie_pairs, path_params, query_pairs};
use super::negotiation::{check_accept, content_type, has_body, media_matches};
use super::operation::Operation;
use super::options::ServerOptions;
use super::security::{Authenticator, Scheme, authorize};
use crate::cursor::CursorCodec;
use crate::deprecation::Deprecation;
use crate::idempotency::{Idempotency, key_from_headers};
use crate::problem::Problem;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::request_id::RequestId;

/// The shared state of a generated router: the implementation plus the
/// plumbing it runs behind.
pub struct Server<A> {
    /// The implementation of the API trait.
    pub api: A,
    body_limit: usize,
    authenticator: Option<Arc<dyn Authenticator>>,
    limiter: Option<RateLimiter>,
    idempotency: Idempotency,
    cursors: Arc<CursorCodec>,
    schemes: &'static [Scheme],
}

impl<A> Server<A> {
    /// Builds the state; `schemes` and `default_limit` come from the spec.
    pub fn new(
        api: A,
        options: ServerOptions,
        schemes: &'static [Scheme],
        default_limit: Option<RateLimit>,
    ) -> Self {
        let limit = options.rate_limit.unwrap_or(default_limit);
        let cursors = options.cursors.unwrap_or_else(|| {
            let secret: [u8; 32] = rand_secret();
            CursorCodec::new([("ephemeral", secret)]).expect("a 32-byte secret is a valid key")
        });
        Self {
            api,
            body_limit: options.body_limit,
            authenticator: options.authenticator,
            limiter: limit.map(|limit| RateLimiter::new(Arc::clone(&options.store), limit)),
            idempotency: Idempotency::new(options.store),
            cursors: Arc::new(cursors),
            schemes,
        }
    }

    /// Runs one request of `operation` through the pipeline; `handler`
    /// decodes the input and calls the implementation.
    pub async fn handle<F, Fut>(
        &self,
        operation: &'static Operation,
        request: Request,
        handler: F,
    ) -> Response
    where
        F: FnOnce(Input) -> Fut,
        Fut: Future<Output = Response>,
    {
        match self.prepare(operation, request).await {
            Ok((input, key, body)) => {
                let span = tracing::info_span!("operation", id = operation.id, request_id = %input.context.request_id);
                let _entered = span.enter();
                let principal = input.context.principal.as_ref().map(|p| p.id.clone());
                let (method, target) = (input.method.clone(), input.target.clone());
                let rate = input.rate;
                let conditional_get = method == Method::GET;
                let if_none_match = input.context.headers.get(header::IF_NONE_MATCH).cloned();
                let mut response = match (operation.idempotent, key) {
                    (true, Some(key)) => {
                        self.idempotency
                            .run(principal.as_deref(), &key, &method, &target, &body, || {
                                handler(input)
                            })
                            .await
                    }
                    _ => handler(input).await,
                };
                if let Some(rate) = rate {
                    rate.apply(response.headers_mut());
                }
                if operation.deprecated {
                    deprecation(operation).apply(response.headers_mut());
                }
                if conditional_get {
                    response = with_etag(response, if_none_match).await;
                }
                response
            }
            Err(problem) => {
                let mut response = problem.into_response();
                if operation.deprecated {
                    deprecation(operation).apply(response.headers_mut());
                }
                response
            }
        }
    }

    /// Everything before the operation's own decoding.
    async fn prepare(
        &self,
        operation: &'static Operation,
        request: Request,
    ) -> Result<(Input, Option<String>, Bytes), Problem> {
        let (mut parts, body) = request.into_parts();
        // The request-id layer has put the id in the extensions.
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId::from_headers(&parts.headers));
        let query = parts.uri.query().map(query_pairs).unwrap_or_default();
        let cookies = cookie_pairs(&parts.headers);
        let principal = authorize(
            self.schemes,
            self.authenticator.as_ref(),
            operation,
            &parts.headers,
            &query,
            &cookies,
        )
        .await?;
        let rate = match &self.limiter {
            Some(limiter) => {
                let client = principal
                    .as_ref()
                    .map(|p| format!("principal:{}", p.id))
                    .unwrap_or_else(|| client_address(&parts));
                // An operation with its own limit has its own bucket, so it
                // neither drains nor is drained by the default one.
                let bucket = match operation.rate_limit {
                    Some(_) => format!("{client}:{}", operation.id),
                    None => client,
                };
                Some(limiter.check(&bucket, operation.rate_limit).await?)
            }
            None => None,
        };
        check_accept(operation, &parts.headers)?;
        let content_type = content_type(&parts.headers);
        let has_body = has_body(&parts.headers);
        if has_body && !operation.request_types.is_empty() {
            match &content_type {
                Some(ct)
                    if operation
                        .request_types
                        .iter()
                        .any(|declared| media_matches(declared, ct)) => {}
                _ => {
                    return Err(Problem::unsupported_media_type().with_detail(format!(
                        "This operation accepts {}.",
                        operation.request_types.join(", ")
                    )));
                }
            }
        }
        let path = path_params(&mut parts).await;
        let (buffered, streamed) = if operation.streamed_body {
            (Bytes::new(), Some(body))
        } else {
            let bytes = axum::body::to_bytes(body, self.body_limit)
                .await
                .map_err(|_| {
                    Problem::payload_too_large()
                        .with_detail(format!("The body limit is {} bytes.", self.body_limit))
                })?;
            (bytes, None)
        };
        let key = if operation.idempotent && !operation.streamed_body {
            key_from_headers(&parts.headers)?.map(|key| key.into_owned())
        } else {
            None
        };
        let target = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let context = RequestContext {
            request_id,
            principal,
            headers: parts.headers.clone(),
            cursors: Arc::clone(&self.cursors),
        };
        let input = Input {
            context,
            method: parts.method.clone(),
            target,
            parts,
            path,
            query,
            cookies,
            content_type,
            buffered: buffered.clone(),
            streamed,
            rate,
            violations: Vec::new(),
            precondition_missing: false,
        };
        Ok((input, key, buffered))
    }
}

fn rand_secret() -> [u8; 32] {
    let mut secret = [0u8; 32];
    for chunk in secret.chunks_mut(16) {
        chunk.copy_from_slice(&uuid::Uuid::new_v4().into_bytes());
    }
    secret
}

fn deprecation(operation: &Operation) -> Deprecation {
    let deprecation = Deprecation::new();
    match operation.sunset {
        Some(date) => deprecation.clone().with_sunset(date).unwrap_or(deprecation),
        None => deprecation,
    }
}

fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| format!("ip:{}", address.ip()))
        .unwrap_or_else(|| "anonymous".to_owned())
}
