//! Webhooks and callbacks, signed as the Standard Webhooks specification
//! says (<https://www.standardwebhooks.com>).
//!
//! Every delivery carries three headers: `webhook-id` (the message's id,
//! the same on every retry, so a receiver can deduplicate),
//! `webhook-timestamp` (Unix seconds when the attempt was signed) and
//! `webhook-signature`, a space-separated list of `v1,<base64>` HMAC-SHA256
//! signatures of `{id}.{timestamp}.{body}`, one per secret in use (so a
//! secret can be rotated without dropping deliveries). Secrets are written
//! `whsec_<base64>`.
//!
//! - [`Verifier`] checks a delivery: a signature made with one of its
//!   secrets, a timestamp within the tolerance window (5 minutes; older or
//!   newer deliveries are replays or forgeries and are refused).
//! - [`Receiver`] (feature `server`) is the receiving end of a generated
//!   webhooks router: it reads the body, verifies it, skips a delivery it
//!   already handled (by `webhook-id`, in a [`Store`](crate::store::Store))
//!   and answers the sender.
//! - [`Sender`] (feature `client`) delivers a [`Message`] to an
//!   [`Endpoint`]: signed, retried with backoff on 5xx, 408, 409, 429 and
//!   connection errors, with the same id on every attempt.

mod signature;

#[cfg(feature = "server")]
mod receiver;
#[cfg(feature = "client")]
mod sender;

pub use signature::{Secret, SecretError, Verified, Verifier, VerifyError, sign};

#[cfg(feature = "server")]
pub use receiver::{Delivery, Receiver};
#[cfg(feature = "client")]
pub use sender::{Delivered, DeliveryError, Endpoint, Message, Sender};

/// The header carrying the message id.
pub const WEBHOOK_ID: &str = "webhook-id";
/// The header carrying the Unix time of the attempt, in seconds.
pub const WEBHOOK_TIMESTAMP: &str = "webhook-timestamp";
/// The header carrying the signatures.
pub const WEBHOOK_SIGNATURE: &str = "webhook-signature";
