//! The request pipeline every generated operation runs through.
//!
//! A generated router describes each operation with a static [`Operation`]
//! and registers it with [`Routes::add`]; when the router is built each
//! operation gets the steps it uses, each a tower-style service wrapping
//! the next ([`OperationService`]), around its handler. From the outside
//! in: the span and metrics, deprecation headers, the deadline (503), the
//! overload guard (503), the implementer's layers, authentication and
//! scopes (401/403), rate
//! limiting (429), content negotiation (406/415) and the body (413), ETags
//! on GET (304), idempotency, then [`Server::handle`]: the operation's own
//! decoding (an [`Input`] collecting every violation into one 400) and the
//! implementation. Before all of them, the request's edge: its id and
//! span, the body read timeout, panics as 500s; the same edge is around
//! unknown routes (404), unknown methods (405) and the docs.
//!
//! Steps refuse with a [`Rejection`], turned into the wire
//! [`Problem`](crate::Problem) at the step; the response keeps a
//! [`Rejected`] marker so outer layers can tell why.
//!
//! An implementer adds a step with [`ServerOptions::layer`] (any tower
//! layer over [`OperationService`]), or replaces one: turn the built-in off
//! with [`ServerOptions::without`] and add a layer in its place.
//!
//! One module per concern:
//!
//! | module | concern |
//! | --- | --- |
//! | `operation` | [`Operation`], what the spec declares; [`CurrentOperation`] |
//! | `routes` | [`Routes`], building the router one operation at a time |
//! | `steps` | the built-in steps and the order they are stacked in |
//! | `service` | [`OperationService`], the type-erased pipeline layers wrap |
//! | `rejection` | [`Rejection`], why a step refused, and its problem |
//! | `security` | schemes, credentials, [`Authenticator`], 401/403 |
//! | `negotiation` | `content-type` (415) and `accept` (406) |
//! | `param` | [`Param`], one parameter's declaration |
//! | `input` | [`Input`] and [`Decoded`], decoding every parameter and the body |
//! | `form` | multipart bodies read into typed parts ([`Form`], [`FilePart`]) |
//! | `text` | scalar parameters read straight from their text into their type |
//! | `context` | [`RequestContext`], what a handler knows besides its input |
//! | `reply` | [`Reply`] and [`Download`], building responses |
//! | `etag` | strong ETags and 304 on GET |
//! | `metrics` | request counts, latency, in-flight requests per operation |
//! | `overload` | the concurrency limit, the queue bound and shedding |
//! | `options` | [`ServerOptions`] and [`Step`] |
//! | `pipeline` | [`Server`] and its last step, [`Server::handle`] |
//! | `routing` | docs routes, the 404 fallback, [`finish_router`] for hand-made routers |
//! | `edge` | what every request gets: id, span, body timeout, panics, problems |
//! | `timeouts` | the deadline and the body read timeout, their timers set only when waiting |

mod context;
mod edge;
mod etag;
mod form;
mod input;
pub mod metrics;
mod negotiation;
mod operation;
mod options;
mod overload;
mod param;
mod part_headers;
mod pipeline;
mod rejection;
mod reply;
mod routes;
mod routing;
mod security;
mod service;
mod steps;
mod text;
mod timeouts;

pub use context::RequestContext;
pub use form::{FilePart, Files, Form, FormData, FormPart};
pub use input::{BufferedBody, Decoded, Input, Upload, Violated};
pub use operation::{CurrentOperation, Operation};
pub use options::{
    DEFAULT_BODY_LIMIT, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_CONCURRENCY_LIMIT, DEFAULT_DEADLINE,
    DEFAULT_QUEUE_LIMIT, DEFAULT_STORE_TIMEOUT, DEFAULT_UPLOAD_LIMIT, DEFAULT_UPLOAD_MEMORY_LIMIT,
    ServerOptions, Step,
};
pub use param::Param;
pub use pipeline::{Server, decode_request};
pub use rejection::{RETRY_AFTER, Rejected, Rejection};
pub use reply::{Download, Reply};
pub use routes::Routes;
pub use routing::{DOCS_PAGE, finish_router, not_found, panic_to_problem, with_docs};
pub use security::{Authenticator, BoxFuture, Credential, Principal, Scheme, SchemeKind};
pub use service::OperationService;
