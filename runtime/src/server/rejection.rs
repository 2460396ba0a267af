//! [`Rejection`]: why the pipeline answered before (or instead of) the
//! handler. Steps return these; the one place they become wire
//! [`Problem`]s is [`Rejection::into_problem`], and the response keeps
//! the rejection in its extensions so outer layers (metrics, logs, an
//! implementer's own) can tell a shed request from a missing credential
//! without parsing the body.

use std::time::Duration;

use axum::response::{IntoResponse, Response};

use crate::problem::{FieldError, Problem};

/// Why the pipeline refused a request.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Rejection {
    /// No credential satisfied the operation's security (401);
    /// `challenge` is the `www-authenticate` value.
    Unauthenticated {
        /// The `www-authenticate` challenges, comma separated.
        challenge: String,
    },
    /// Authenticated, but a required scope is missing (403).
    MissingScope,
    /// `accept` rules out every declared response type (406).
    NotAcceptable {
        /// The declared response types.
        produces: &'static [&'static str],
    },
    /// The `content-type` is not one the operation declares (415).
    UnsupportedMediaType {
        /// The declared request types.
        accepts: &'static [&'static str],
    },
    /// The body is over the limit (413).
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request's inputs break the schema (400, every violation).
    Invalid(Vec<FieldError>),
    /// A required `if-match` is missing (428).
    PreconditionRequired,
    /// More requests are running and waiting than the server takes (503).
    Overloaded,
    /// The operation's deadline passed before it answered (503).
    DeadlineExceeded {
        /// The deadline.
        after: Duration,
    },
    /// The store behind idempotency or rate limits did not answer in time
    /// or failed (503).
    StoreUnavailable,
}

/// How long a client is asked to wait after a 503.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

impl Rejection {
    /// The wire problem for this rejection.
    pub fn into_problem(self) -> Problem {
        match self {
            Self::Unauthenticated { challenge } => {
                Problem::unauthorized(challenge).with_detail("Missing or invalid credentials.")
            }
            Self::MissingScope => Problem::forbidden()
                .with_detail("The credentials lack a scope this operation requires."),
            Self::NotAcceptable { produces } => Problem::not_acceptable()
                .with_detail(format!("This operation produces {}.", produces.join(", "))),
            Self::UnsupportedMediaType { accepts } => Problem::unsupported_media_type()
                .with_detail(format!("This operation accepts {}.", accepts.join(", "))),
            Self::PayloadTooLarge { limit } => Problem::payload_too_large()
                .with_detail(format!("The body limit is {limit} bytes.")),
            Self::Invalid(mut errors) => {
                if errors.is_empty() {
                    errors.push(FieldError::body("", "The request is invalid."));
                }
                Problem::validation(errors)
            }
            Self::PreconditionRequired => Problem::precondition_required()
                .with_detail("Send `if-match` with the ETag of the representation you read."),
            Self::Overloaded => Problem::service_unavailable(Some(RETRY_AFTER))
                .with_code("overloaded")
                .with_detail("The server is at capacity; retry later."),
            Self::DeadlineExceeded { after } => Problem::service_unavailable(Some(RETRY_AFTER))
                .with_code("deadline_exceeded")
                .with_detail(format!(
                    "The request did not complete within {} ms.",
                    after.as_millis()
                )),
            Self::StoreUnavailable => Problem::service_unavailable(Some(RETRY_AFTER))
                .with_code("store_unavailable")
                .with_detail("A dependency of this operation is unavailable; retry later."),
        }
    }

    /// A short, stable name (`overloaded`, `missing_scope`, …) for logs and
    /// metrics labels.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unauthenticated { .. } => "unauthenticated",
            Self::MissingScope => "missing_scope",
            Self::NotAcceptable { .. } => "not_acceptable",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::Invalid(_) => "invalid",
            Self::PreconditionRequired => "precondition_required",
            Self::Overloaded => "overloaded",
            Self::DeadlineExceeded { .. } => "deadline_exceeded",
            Self::StoreUnavailable => "store_unavailable",
        }
    }
}

/// What a response carries in its extensions when the pipeline refused
/// the request: the rejection's [`kind`](Rejection::kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejected(pub &'static str);

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let kind = self.kind();
        let mut response = self.into_problem().into_response();
        response.extensions_mut().insert(Rejected(kind));
        response
    }
}
