//! The request pipeline every generated operation runs through.
//!
//! A generated router describes each operation with a static [`Operation`]
//! and hands the request to [`Server::handle`], which does the HTTP work in
//! this order: authentication and scopes (401/403), rate limiting (429),
//! content negotiation (406/415), body size (413), then the operation's own
//! decoding (an [`Input`] collecting every violation into one 400),
//! idempotency, the handler, and finally deprecation headers and ETags
//! (304). The generated code only lists what the spec declares.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::conditional::{etag, is_not_modified, not_modified};
use crate::cursor::CursorCodec;
use crate::deprecation::Deprecation;
use crate::idempotency::{Idempotency, key_from_headers};
use crate::params::{self, Shape, Style};
use crate::path_template::Capture;
use crate::problem::{FieldError, Location, Problem};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::request_id::RequestId;
use crate::store::{MemoryStore, Store};
use crate::validate::{Items, Number, Text, Validate, Violations};

/// A boxed future, for the object-safe [`Authenticator`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the spec declares about one operation.
#[derive(Debug)]
pub struct Operation {
    /// The operationId, for logs and spans.
    pub id: &'static str,
    /// Security alternatives: any one list of (scheme, scopes) must hold in
    /// full. Empty: no authentication.
    pub security: &'static [&'static [(&'static str, &'static [&'static str])]],
    /// Declared request content types; empty when there is no body.
    pub request_types: &'static [&'static str],
    /// Declared response content types, for `accept` (406).
    pub response_types: &'static [&'static str],
    /// Multipart and binary bodies are streamed to the handler, not buffered.
    pub streamed_body: bool,
    /// Declares an `Idempotency-Key` header or `x-idempotent: true`.
    pub idempotent: bool,
    /// `x-rate-limit` on the operation (else the router's default).
    pub rate_limit: Option<RateLimit>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `x-sunset`, an RFC 3339 date.
    pub sunset: Option<&'static str>,
    /// How each captured path segment is read (see [`crate::path_template`]).
    pub captures: &'static [Capture],
    /// `name=value` pairs written into the path key (`/search?mode=full`).
    pub fixed_query: &'static [(&'static str, &'static str)],
}

impl Operation {
    /// An operation with no security, no bodies, no rate limit of its own:
    /// generated code states only what differs (`..Operation::new("id")`).
    pub const fn new(id: &'static str) -> Self {
        Self {
            id,
            security: &[],
            request_types: &[],
            response_types: &[],
            streamed_body: false,
            idempotent: false,
            rate_limit: None,
            deprecated: false,
            sunset: None,
            captures: &[],
            fixed_query: &[],
        }
    }
}

/// Of operations sharing a route and a method, the one a request is for:
/// the first whose literal path text and fixed query match, preferring one
/// that declares the request's content type, then one that can answer its
/// `accept`. Returns its index and the request.
pub async fn choose(request: Request, candidates: &[&'static Operation]) -> (usize, Request) {
    let (mut parts, body) = request.into_parts();
    let route = axum::extract::MatchedPath::from_request_parts(&mut parts, &())
        .await
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let segments = crate::path_template::captured(&route, parts.uri.path());
    let query = parts.uri.query();
    let content_type = content_type(&parts.headers);
    let matching: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            crate::path_template::matches(candidates[i].captures, &segments)
                && crate::path_template::has_fixed_query(query, candidates[i].fixed_query)
        })
        .collect();
    let declares_body = |i: &usize| {
        content_type.as_deref().is_some_and(|ct| {
            candidates[*i]
                .request_types
                .iter()
                .any(|declared| media_matches(declared, ct))
        })
    };
    let answers = |i: &usize| check_accept(candidates[*i], &parts.headers).is_ok();
    let chosen = matching
        .iter()
        .copied()
        .find(declares_body)
        .or_else(|| matching.iter().copied().find(answers))
        .or_else(|| matching.first().copied())
        .unwrap_or(candidates.len().saturating_sub(1));
    (chosen, Request::from_parts(parts, body))
}

/// How a security scheme carries its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `authorization: Bearer <token>`
    Bearer,
    /// `authorization: Basic <base64 user:password>`
    Basic,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key is sent.
        location: Location,
        /// The header, parameter or cookie name.
        name: &'static str,
    },
    /// OAuth 2 and OpenID Connect: a bearer token.
    OAuth2,
}

/// A security scheme of the spec.
#[derive(Clone, Copy, Debug)]
pub struct Scheme {
    /// The name under `components.securitySchemes`.
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
}

/// A credential found in a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token (also OAuth 2 access tokens).
    Bearer(String),
    /// HTTP basic credentials.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key.
    ApiKey(String),
}

/// Who made a request, and what they may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// A stable id: it scopes idempotency keys and rate-limit buckets.
    pub id: String,
    /// Granted scopes, checked against the operation's requirements.
    pub scopes: Vec<String>,
}

impl Principal {
    /// A principal with the given scopes.
    pub fn new(id: impl Into<String>, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            id: id.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
        }
    }
}

/// Maps credentials to principals; supplied by the implementer.
pub trait Authenticator: Send + Sync + 'static {
    /// The principal for `credential` presented under `scheme`, or `None`
    /// when the credential is not valid.
    fn authenticate<'a>(
        &'a self,
        scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>>;
}

/// Router settings, with the defaults a single process needs.
pub struct ServerOptions {
    body_limit: usize,
    upload_limit: usize,
    authenticator: Option<Arc<dyn Authenticator>>,
    store: Arc<dyn Store>,
    rate_limit: Option<Option<RateLimit>>,
    cursors: Option<CursorCodec>,
    serve_docs: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            upload_limit: 64 * 1024 * 1024,
            authenticator: None,
            store: Arc::new(MemoryStore::new()),
            rate_limit: None,
            cursors: None,
            serve_docs: true,
        }
    }
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("body_limit", &self.body_limit)
            .field("upload_limit", &self.upload_limit)
            .field("authenticator", &self.authenticator.is_some())
            .field("rate_limit", &self.rate_limit)
            .field("serve_docs", &self.serve_docs)
            .finish_non_exhaustive()
    }
}

impl ServerOptions {
    /// Largest buffered (JSON, form, text) body, in bytes; default 1 MiB.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Largest streamed (multipart, binary) body, in bytes; default 64 MiB.
    pub fn upload_limit(mut self, bytes: usize) -> Self {
        self.upload_limit = bytes;
        self
    }

    /// Checks credentials. Without one, every secured operation answers 401.
    pub fn authenticator(mut self, authenticator: impl Authenticator) -> Self {
        self.authenticator = Some(Arc::new(authenticator));
        self
    }

    /// Where idempotency records and rate-limit buckets live (default: in
    /// memory). Use a shared store when running several replicas.
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = store;
        self
    }

    /// The default rate limit (overrides the spec's `x-rate-limit`); `None`
    /// turns rate limiting off.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Keys that sign pagination cursors (first signs, all verify). Without
    /// them a random key is used, so cursors do not survive a restart.
    pub fn cursor_codec(mut self, codec: CursorCodec) -> Self {
        self.cursors = Some(codec);
        self
    }

    /// Whether to serve `/openapi.json` and `/docs` (default: yes).
    pub fn serve_docs(mut self, serve: bool) -> Self {
        self.serve_docs = serve;
        self
    }

    /// Whether the docs routes are wanted.
    pub fn serves_docs(&self) -> bool {
        self.serve_docs
    }

    /// The streamed-body limit, for the router's body-limit layer.
    pub fn streamed_limit(&self) -> usize {
        self.upload_limit
    }
}

/// Adds `/openapi.json` (the spec as written) and `/docs` (an HTML page
/// rendering it) to a router.
pub fn with_docs(router: axum::Router, openapi_json: &'static str) -> axum::Router {
    use axum::routing::get;
    router
        .route(
            "/openapi.json",
            get(
                move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) },
            ),
        )
        .route("/docs", get(|| async { axum::response::Html(DOCS_PAGE) }))
}

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
        let (parts, body) = request.into_parts();
        // The request-id layer has put the id in the extensions.
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId::from_headers(&parts.headers));
        let query = parts.uri.query().map(query_pairs).unwrap_or_default();
        let cookies = cookie_pairs(&parts.headers);
        let principal = self
            .authorize(operation, &parts.headers, &query, &cookies)
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
        let Some(path) = path_params(operation, &parts) else {
            return Err(Problem::not_found().with_detail("No operation is served at this path."));
        };
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

    /// Finds the first security alternative the request satisfies.
    async fn authorize(
        &self,
        operation: &Operation,
        headers: &HeaderMap,
        query: &[(String, String)],
        cookies: &[(String, String)],
    ) -> Result<Option<Principal>, Problem> {
        if operation.security.is_empty()
            || operation
                .security
                .iter()
                .any(|alternative| alternative.is_empty())
        {
            return Ok(None);
        }
        let mut lacks_scope = false;
        for alternative in operation.security {
            let mut principal: Option<Principal> = None;
            let mut satisfied = true;
            for (scheme_name, scopes) in *alternative {
                let Some(scheme) = self.schemes.iter().find(|s| s.name == *scheme_name) else {
                    satisfied = false;
                    break;
                };
                let found = match (
                    credential(scheme, headers, query, cookies),
                    &self.authenticator,
                ) {
                    (Some(credential), Some(authenticator)) => {
                        authenticator.authenticate(scheme.name, &credential).await
                    }
                    _ => None,
                };
                let Some(found) = found else {
                    satisfied = false;
                    break;
                };
                if !scopes
                    .iter()
                    .all(|scope| found.scopes.iter().any(|s| s == scope))
                {
                    lacks_scope = true;
                    satisfied = false;
                    break;
                }
                principal = Some(found);
            }
            if satisfied {
                return Ok(principal);
            }
        }
        if lacks_scope {
            return Err(Problem::forbidden()
                .with_detail("The credentials lack a scope this operation requires."));
        }
        let challenges: Vec<String> = operation
            .security
            .iter()
            .flat_map(|alternative| alternative.iter())
            .filter_map(|(name, _)| self.schemes.iter().find(|s| s.name == *name))
            .map(|scheme| match scheme.kind {
                SchemeKind::Basic => "Basic realm=\"api\"".to_owned(),
                SchemeKind::ApiKey { name, .. } => format!("ApiKey name=\"{name}\""),
                SchemeKind::Bearer | SchemeKind::OAuth2 => "Bearer".to_owned(),
            })
            .fold(Vec::new(), |mut unique, challenge| {
                if !unique.contains(&challenge) {
                    unique.push(challenge);
                }
                unique
            });
        Err(Problem::unauthorized(challenges.join(", "))
            .with_detail("Missing or invalid credentials."))
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

/// Strong ETag on successful JSON GETs that lack one; 304 when it matches.
async fn with_etag(response: Response, if_none_match: Option<HeaderValue>) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Problem::internal().into_response();
    };
    let tag = match parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        Some(existing) => existing.to_owned(),
        None => {
            let tag = etag(&bytes);
            if let Ok(value) = HeaderValue::from_str(&tag) {
                parts.headers.insert(header::ETAG, value);
            }
            tag
        }
    };
    let mut conditional = HeaderMap::new();
    if let Some(value) = if_none_match {
        conditional.insert(header::IF_NONE_MATCH, value);
    }
    if is_not_modified(&conditional, Some(&tag)) {
        let mut response = not_modified(&tag);
        for name in ["request-id", "deprecation", "sunset"] {
            if let Some(value) = parts.headers.get(name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn credential(
    scheme: &Scheme,
    headers: &HeaderMap,
    query: &[(String, String)],
    cookies: &[(String, String)],
) -> Option<Credential> {
    let authorization = || {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
    };
    let with_prefix = |prefix: &str| {
        let value = authorization()?;
        let (scheme, rest) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case(prefix)
            .then(|| rest.trim().to_owned())
    };
    match scheme.kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 => with_prefix("Bearer")
            .filter(|t| !t.is_empty())
            .map(Credential::Bearer),
        SchemeKind::Basic => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(with_prefix("Basic")?)
                .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let (username, password) = text.split_once(':')?;
            Some(Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            })
        }
        SchemeKind::ApiKey { location, name } => {
            let found = match location {
                Location::Header => headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                Location::Query => query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone()),
                Location::Cookie => cookies
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone()),
                Location::Path | Location::Body => None,
            };
            found.filter(|k| !k.is_empty()).map(Credential::ApiKey)
        }
    }
}

fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| format!("ip:{}", address.ip()))
        .unwrap_or_else(|| "anonymous".to_owned())
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

fn cookie_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The operation's path parameters, still percent-encoded; `None` when a
/// segment mixing text and parameters does not match.
fn path_params(operation: &Operation, parts: &Parts) -> Option<Vec<(String, String)>> {
    let route = parts
        .extensions
        .get::<axum::extract::MatchedPath>()
        .map_or("", |m| m.as_str());
    let segments = crate::path_template::captured(route, parts.uri.path());
    let params = crate::path_template::read(operation.captures, &segments)?;
    Some(
        params
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|n| n > 0)
}

/// Whether a declared media range (`image/*`, `*/*`) covers `actual`.
fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let actual = actual
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if declared == "*/*" || declared == actual {
        return true;
    }
    match (declared.split_once('/'), actual.split_once('/')) {
        (Some((dt, "*")), Some((at, _))) => dt == at,
        (Some((dt, ds)), Some((at, as_))) => {
            // `application/json` also accepts `application/*+json` and the reverse.
            dt == at && (ds.ends_with(&format!("+{as_}")) || as_.ends_with(&format!("+{ds}")))
        }
        _ => false,
    }
}

fn check_accept(operation: &Operation, headers: &HeaderMap) -> Result<(), Problem> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if operation.response_types.is_empty() {
        return Ok(());
    }
    let ranges: Vec<&str> = accept
        .split(',')
        .map(str::trim)
        .filter(|range| !range.split(';').any(|p| p.trim().replace(' ', "") == "q=0"))
        .collect();
    let acceptable = ranges.iter().any(|range| {
        operation.response_types.iter().any(|produced| {
            media_matches(range, produced)
                || media_matches(produced, range)
                || produced.ends_with("problem+json") && range.contains("json")
        })
    });
    if acceptable {
        Ok(())
    } else {
        Err(Problem::not_acceptable().with_detail(format!(
            "This operation produces {}.",
            operation.response_types.join(", ")
        )))
    }
}

/// What a handler knows about the request besides its typed input.
#[derive(Clone, Debug)]
pub struct RequestContext {
    /// The request id (echoed in the `request-id` response header).
    pub request_id: RequestId,
    /// The authenticated principal, for secured operations.
    pub principal: Option<Principal>,
    /// The raw request headers.
    pub headers: HeaderMap,
    cursors: Arc<CursorCodec>,
}

impl RequestContext {
    /// The codec that signs this server's pagination cursors.
    pub fn cursors(&self) -> &CursorCodec {
        &self.cursors
    }

    /// The strong ETag of a representation, as this server computes it.
    pub fn etag_of<T: Serialize>(&self, representation: &T) -> String {
        etag(&serde_json::to_vec(representation).unwrap_or_default())
    }
}

/// One parameter as the spec declares it; built with [`Param::new`] and the
/// setters, which start from the location's default style.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Path, query, header or cookie.
    pub location: Location,
    /// The schema's shape, to type raw text.
    pub shape: Shape,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// `required`.
    pub required: bool,
    /// String constraints.
    pub text: Option<Text>,
    /// Number constraints.
    pub number: Option<Number>,
    /// Array constraints.
    pub items: Option<Items>,
}

impl Param {
    /// A parameter with its location's default style (`simple` for path and
    /// header, `form` for query and cookie) and explode (`true` for `form`).
    pub fn new(name: &'static str, location: Location, shape: Shape) -> Self {
        let style = match location {
            Location::Query | Location::Cookie => Style::Form,
            _ => Style::Simple,
        };
        Self {
            name,
            location,
            shape,
            style,
            explode: style == Style::Form,
            required: location == Location::Path,
            text: None,
            number: None,
            items: None,
        }
    }

    /// Marks the parameter required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Sets `style` and `explode`.
    pub fn style(mut self, style: Style, explode: bool) -> Self {
        self.style = style;
        self.explode = explode;
        self
    }

    /// String constraints.
    pub fn text(mut self, text: Text) -> Self {
        self.text = Some(text);
        self
    }

    /// Number constraints.
    pub fn number(mut self, number: Number) -> Self {
        self.number = Some(number);
        self
    }

    /// Array constraints.
    pub fn items(mut self, items: Items) -> Self {
        self.items = Some(items);
        self
    }
}

/// The request as an operation decodes it. Every getter records violations
/// instead of failing, so [`reject`](Input::reject) can list them all.
pub struct Input {
    /// Request id, principal, headers.
    pub context: RequestContext,
    method: Method,
    target: String,
    parts: Parts,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    content_type: Option<String>,
    buffered: Bytes,
    streamed: Option<Body>,
    rate: Option<crate::rate_limit::RateHeaders>,
    violations: Vec<FieldError>,
    /// A required `if-match` is missing: 428 (RFC 6585) rather than 400.
    precondition_missing: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("target", &self.target)
            .field("violations", &self.violations)
            .finish_non_exhaustive()
    }
}

/// `Some(Some(value))` when present and valid, `Some(None)` when absent and
/// optional, `None` when invalid or missing (a violation is recorded).
pub type Decoded<T> = Option<Option<T>>;

impl Input {
    /// Decodes and validates a parameter.
    pub fn param<T: DeserializeOwned + Validate>(&mut self, param: &Param) -> Decoded<T> {
        let raw = match param.location {
            Location::Path => self
                .path
                .iter()
                .find(|(k, _)| k == param.name)
                .map(|(_, raw)| {
                    params::decode_path(raw, param.name, param.shape, param.style, param.explode)
                }),
            Location::Query => params::decode_query(
                &self.query,
                param.name,
                param.shape,
                param.style,
                param.explode,
            )
            .transpose(),
            Location::Header => {
                let values: Vec<&str> = self
                    .parts
                    .headers
                    .get_all(param.name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                (!values.is_empty()).then(|| match param.style {
                    Style::Json => params::decode_json(&values.join(",")),
                    _ => params::decode_header(&values.join(","), param.shape, param.explode),
                })
            }
            Location::Cookie => {
                self.cookies
                    .iter()
                    .find(|(k, _)| k == param.name)
                    .map(|(_, raw)| match param.style {
                        Style::Json => params::decode_json(raw),
                        _ => params::decode_header(raw, param.shape, param.explode),
                    })
            }
            Location::Body => None,
        };
        let value = match raw {
            None if param.required => {
                if param.location == Location::Header && param.name.eq_ignore_ascii_case("if-match")
                {
                    self.precondition_missing = true;
                }
                self.violations
                    .push(FieldError::param(param.location, param.name, "is required"));
                return None;
            }
            None => return Some(None),
            Some(Err(detail)) => {
                self.violations
                    .push(FieldError::param(param.location, param.name, detail));
                return None;
            }
            Some(Ok(value)) => value,
        };
        let pointer = format!("/{}", crate::problem::escape_pointer_segment(param.name));
        let mut v = Violations::new(param.location, &pointer);
        match (&value, param.text, param.number, param.items) {
            (serde_json::Value::String(s), Some(text), _, _) => v.text(s, &text),
            (serde_json::Value::Number(n), _, Some(number), _) => {
                v.number(n.as_f64().unwrap_or_default(), &number)
            }
            (serde_json::Value::Array(items), _, _, Some(rules)) => v.items(items, &rules),
            _ => {}
        }
        let typed = match serde_json::from_value::<T>(value) {
            Ok(typed) => typed,
            Err(error) => {
                let message = error.to_string();
                v.invalid(crate::json::out_of_range(&message).unwrap_or(message));
                self.violations.extend(v.into_errors());
                return None;
            }
        };
        typed.validate(&mut v);
        if v.is_empty() {
            Some(Some(typed))
        } else {
            self.violations.extend(v.into_errors());
            None
        }
    }

    /// Decodes a JSON, merge-patch or form body into `T` and validates it.
    pub fn body<T: DeserializeOwned + Validate>(&mut self, required: bool) -> Decoded<T> {
        if self.buffered.is_empty() {
            return self.missing_body(required);
        }
        let content_type = self.content_type.as_deref().unwrap_or_default();
        let is_form = content_type == "application/x-www-form-urlencoded";
        let is_xml = content_type.ends_with("/xml") || content_type.ends_with("+xml");
        let decoded = if is_form {
            serde_urlencoded::from_bytes::<T>(&self.buffered).map_err(|error| {
                vec![FieldError::body(
                    "",
                    format!("The form body is invalid: {error}."),
                )]
            })
        } else if is_xml {
            crate::xml::from_slice::<T>(&self.buffered)
        } else {
            crate::json::from_slice::<T>(&self.buffered).map_err(|problem| {
                if problem.errors.is_empty() {
                    vec![FieldError::body(
                        "",
                        problem
                            .detail
                            .clone()
                            .unwrap_or_else(|| problem.title.clone()),
                    )]
                } else {
                    problem.errors.clone()
                }
            })
        };
        match decoded {
            Ok(typed) => {
                let mut v = Violations::new(Location::Body, "");
                typed.validate(&mut v);
                if v.is_empty() {
                    Some(Some(typed))
                } else {
                    self.violations.extend(v.into_errors());
                    None
                }
            }
            Err(errors) => {
                self.violations.extend(errors);
                None
            }
        }
    }

    /// A `text/plain` body.
    pub fn text(&mut self, required: bool) -> Decoded<String> {
        if self.buffered.is_empty() {
            return self.missing_body(required);
        }
        match String::from_utf8(self.buffered.to_vec()) {
            Ok(text) => Some(Some(text)),
            Err(_) => {
                self.violations
                    .push(FieldError::body("", "The body is not UTF-8 text."));
                None
            }
        }
    }

    /// A streamed binary body, with its content type.
    pub fn binary(&mut self, required: bool) -> Decoded<Upload> {
        match self.streamed.take() {
            Some(body) if has_body(&self.parts.headers) => Some(Some(Upload {
                content_type: self
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into()),
                body,
            })),
            _ => self.missing_body(required),
        }
    }

    /// A streamed `multipart/form-data` body: parts are read one by one, so
    /// a large file never sits in memory.
    pub async fn multipart(&mut self, required: bool) -> Decoded<Multipart> {
        let Some(body) = self
            .streamed
            .take()
            .filter(|_| has_body(&self.parts.headers))
        else {
            return self.missing_body(required);
        };
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.target.as_str());
        if let Some(content_type) = self.parts.headers.get(header::CONTENT_TYPE) {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        let mut request = builder.body(body).unwrap_or_default();
        // The body-limit layer's setting travels in the extensions.
        *request.extensions_mut() = self.parts.extensions.clone();
        match Multipart::from_request(request, &()).await {
            Ok(multipart) => Some(Some(multipart)),
            Err(rejection) => {
                self.violations
                    .push(FieldError::body("", rejection.body_text()));
                None
            }
        }
    }

    fn missing_body<T>(&mut self, required: bool) -> Decoded<T> {
        if required {
            self.violations
                .push(FieldError::body("", "A request body is required."));
            None
        } else {
            Some(None)
        }
    }

    /// The 400 problem listing every violation recorded (428 when the only
    /// problem is a missing required `if-match`).
    pub fn reject(self) -> Response {
        let request_id = self.context.request_id.as_str().to_owned();
        if self.precondition_missing && self.violations.len() == 1 {
            return Problem::precondition_required()
                .with_detail("Send `if-match` with the ETag of the representation you read.")
                .with_request_id(request_id)
                .into_response();
        }
        let mut violations = self.violations;
        if violations.is_empty() {
            violations.push(FieldError::body("", "The request is invalid."));
        }
        Problem::validation(violations)
            .with_request_id(request_id)
            .into_response()
    }
}

/// A streamed request body of any media type.
#[derive(Debug)]
pub struct Upload {
    /// The request's content type.
    pub content_type: String,
    /// The body, read as a stream.
    pub body: Body,
}

/// A streamed response body of any media type.
#[derive(Debug)]
pub struct Download {
    /// The content type to answer with.
    pub content_type: String,
    /// The body, sent as a stream.
    pub body: Body,
}

impl Download {
    /// A download of `content_type` with `body`.
    pub fn new(content_type: impl Into<String>, body: impl Into<Body>) -> Self {
        Self {
            content_type: content_type.into(),
            body: body.into(),
        }
    }
}

/// Builds the response of one declared status.
#[derive(Debug)]
pub struct Reply {
    response: Response,
}

impl Reply {
    /// An empty response with `status`.
    pub fn status(status: u16) -> Self {
        let mut response = Response::new(Body::empty());
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { response }
    }

    /// Sets a JSON body with `content_type` (e.g. `application/json`).
    pub fn json<T: Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                *self.response.body_mut() = Body::from(bytes);
                self.response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
            Err(error) => {
                tracing::error!(%error, "response body does not serialize");
                self.response = Problem::internal().into_response();
            }
        }
        self
    }

    /// Sets a text body.
    pub fn text(mut self, content_type: &'static str, body: String) -> Self {
        *self.response.body_mut() = Body::from(body);
        self.response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        self
    }

    /// Sets a streamed body.
    pub fn download(mut self, download: Download) -> Self {
        *self.response.body_mut() = download.body;
        if let Ok(value) = HeaderValue::from_str(&download.content_type) {
            self.response
                .headers_mut()
                .insert(header::CONTENT_TYPE, value);
        }
        self
    }

    /// Adds a header; typed values are written in the `simple` style.
    pub fn header<T: Serialize>(mut self, name: &'static str, value: &T) -> Self {
        let value = serde_json::to_value(value).unwrap_or_default();
        if !value.is_null() {
            if let Ok(value) = HeaderValue::from_str(&params::encode_header(&value, false)) {
                self.response.headers_mut().insert(name, value);
            }
        }
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        self.response
    }
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
/// streamed bodies.
pub fn finish_router(router: axum::Router, streamed_limit: usize) -> axum::Router {
    router
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(streamed_limit))
        .layer(tower_http_catch_panic())
        .layer(axum::middleware::map_response(
            crate::problem::framework_errors,
        ))
        .layer(crate::request_id::RequestIdLayer::new())
}

fn tower_http_catch_panic()
-> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> Response>
{
    tower_http::catch_panic::CatchPanicLayer::custom(panic_to_problem as fn(_) -> _)
}

/// The HTML docs page: it renders `/openapi.json` with no network access
/// beyond this server (no CDN).
pub const DOCS_PAGE: &str = include_str!("docs.html");

#[cfg(test)]
mod tests {
    use super::media_matches;

    #[test]
    fn media_ranges() {
        assert!(media_matches("image/*", "image/png"));
        assert!(media_matches("*/*", "text/plain"));
        assert!(media_matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(media_matches(
            "application/json",
            "application/merge-patch+json"
        ));
        assert!(!media_matches("application/json", "text/plain"));
    }
}
