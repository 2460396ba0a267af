//! The request pipeline every generated operation runs through.
//!
//! A generated router describes each operation with a static [`Operation`]
//! and hands the request to [`Server::handle`], which does the HTTP work in
//! this order: authentication and scopes (401/403), rate limiting (429),
//! content negotiation (406/415), body size (413), then the operation's own
//! decoding (an [`Input`] collecting every violation into one 400),
//! idempotency, the handler, and finally deprecation headers and ETags
//! (304). The generated code only lists what the spec declares.
//!
//! One module per concern:
//!
//! | module | concern |
//! | --- | --- |
//! | `operation` | [`Operation`], what the spec declares about one operation |
//! | `security` | schemes, credentials, [`Authenticator`], 401/403 |
//! | `negotiation` | `content-type` (415) and `accept` (406) |
//! | `param` | [`Param`], one parameter's declaration |
//! | `input` | [`Input`], decoding every parameter and the body |
//! | `context` | [`RequestContext`], what a handler knows besides its input |
//! | `reply` | [`Reply`] and [`Download`], building responses |
//! | `etag` | strong ETags and 304 on GET |
//! | `options` | [`ServerOptions`] |
//! | `pipeline` | [`Server`] and [`Server::handle`], the steps in order |
//! | `routing` | docs routes, the 404 fallback, [`finish_router`] |

mod context;
mod etag;
mod input;
mod negotiation;
mod operation;
mod options;
mod param;
mod pipeline;
mod reply;
mod routing;
mod security;

pub use context::RequestContext;
pub use input::{Decoded, Input, Upload};
pub use operation::Operation;
pub use options::ServerOptions;
pub use param::Param;
pub use pipeline::Server;
pub use reply::{Download, Reply};
pub use routing::{DOCS_PAGE, finish_router, not_found, panic_to_problem, with_docs};
pub use security::{Authenticator, BoxFuture, Credential, Principal, Scheme, SchemeKind};
