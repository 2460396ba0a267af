//! The descriptor of one operation: what the spec declares about it, as a
//! static the generated router hands to the pipeline.

use std::time::Duration;

use axum::http::Method;

use super::input::Input;

use crate::path_template::Capture;
use crate::rate_limit::RateLimit;

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
    /// Declares the `Idempotency-Key` header: its schema, checked with the
    /// other parameters, says which keys are valid (else the runtime's
    /// rule, 1 to 255 characters).
    pub key_declared: bool,
    /// `x-rate-limit` on the operation (else the router's default).
    pub rate_limit: Option<RateLimit>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `x-sunset`, an RFC 3339 date.
    pub sunset: Option<&'static str>,
    /// `x-timeout`: this operation's deadline (else the router's default,
    /// [`ServerOptions::deadline`](super::ServerOptions::deadline)).
    pub timeout: Option<Duration>,
    /// How each captured path segment is read (see [`crate::path_template`]).
    pub captures: &'static [Capture],
    /// `name=value` pairs written into the path key (`/search?mode=full`).
    pub fixed_query: &'static [(&'static str, &'static str)],
    /// For an operation sharing its route and method with others (fragment
    /// twins such as `/files/{id}#add_link` and `/files/{id}#remove_link`):
    /// whether a request's parameters and buffered body decode and validate
    /// as this operation's. The route tries each twin's in order and serves
    /// the first that accepts the request.
    pub accepts: Option<fn(&mut Input) -> bool>,
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
            key_declared: false,
            rate_limit: None,
            deprecated: false,
            sunset: None,
            timeout: None,
            captures: &[],
            fixed_query: &[],
            accepts: None,
        }
    }
}

/// Which operation a request was routed to, in the request extensions of
/// every step and layer of the operation (so a layer added for all
/// operations can tell them apart).
#[derive(Clone, Debug)]
pub struct CurrentOperation {
    /// The operation's descriptor.
    pub operation: &'static Operation,
    /// The method it is served on.
    pub method: Method,
    /// The route template (`/products/{productId}`), as in the spec.
    pub route: &'static str,
}
