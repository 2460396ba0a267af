//! The sending end: [`Sender`] delivers a [`Message`] to an [`Endpoint`],
//! signed, retried with backoff, the same id on every attempt.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use super::signature::{Secret, sign, unix_now};
use super::{WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP};
use crate::retry::{RetryPolicy, parse_retry_after};

/// Where a receiver listens, and the secret it verifies with (or several
/// while it rotates: each attempt is signed with every one of them).
#[derive(Clone, Debug)]
pub struct Endpoint {
    url: String,
    secrets: Vec<Secret>,
}

impl Endpoint {
    /// The receiver at `url`, sharing `secret`.
    pub fn new(url: impl Into<String>, secret: Secret) -> Self {
        Self {
            url: url.into(),
            secrets: vec![secret],
        }
    }

    /// Signs with `secret` too (while the receiver rotates its secret).
    pub fn with_secret(mut self, secret: Secret) -> Self {
        self.secrets.push(secret);
        self
    }

    /// The receiver's URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

/// One event to deliver: its JSON payload and the id it keeps on every
/// attempt and to every endpoint, so receivers can deduplicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    id: String,
    body: Bytes,
}

impl Message {
    /// A message carrying `payload` as JSON, with a new id (`msg_…`).
    pub fn new<T: Serialize + ?Sized>(payload: &T) -> Result<Self, serde_json::Error> {
        Ok(Self {
            id: format!("msg_{}", uuid::Uuid::new_v4().simple()),
            body: serde_json::to_vec(payload)?.into(),
        })
    }

    /// The same message with the id `id` (an event's own id, say).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// The message id (`webhook-id`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The JSON body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// A message accepted by the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivered {
    /// The success status the receiver answered.
    pub status: StatusCode,
    /// How many attempts it took.
    pub attempts: u32,
}

/// A message the receiver did not accept.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeliveryError {
    /// The receiver refused it with a status not worth retrying (a 4xx
    /// other than 408, 409 and 429: a bad signature, a payload it rejects).
    Rejected {
        /// The status answered.
        status: StatusCode,
        /// Attempts made.
        attempts: u32,
    },
    /// Every attempt failed (5xx, 408, 409, 429, connection errors, timeouts).
    Exhausted {
        /// Attempts made.
        attempts: u32,
        /// What the last one met.
        last: String,
    },
    /// The endpoint's URL or the message cannot be sent at all.
    Invalid(String),
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected { status, attempts } => {
                write!(
                    f,
                    "the receiver refused the message with {status} (attempt {attempts})"
                )
            }
            Self::Exhausted { attempts, last } => {
                write!(
                    f,
                    "no attempt succeeded ({attempts} made; the last: {last})"
                )
            }
            Self::Invalid(why) => write!(f, "cannot deliver: {why}"),
        }
    }
}

impl std::error::Error for DeliveryError {}

/// Delivers messages: each attempt signed afresh (so a retry after a while
/// is not refused as a replay), retried as its [`RetryPolicy`] says after
/// connection errors, timeouts and 5xx, 408, 409 and 429 answers
/// (honouring `retry-after`), never after another 4xx.
///
/// Delivery runs while its future is awaited: spawn it to send in the
/// background (the example server does), or keep messages in a durable
/// queue to survive restarts.
#[derive(Clone, Debug)]
pub struct Sender {
    http: reqwest::Client,
    retry: RetryPolicy,
    timeout: Duration,
    user_agent: HeaderValue,
}

impl Default for Sender {
    fn default() -> Self {
        Self::new()
    }
}

impl Sender {
    /// A sender with 4 retries (backoff from 500 ms up to 30 s, with
    /// jitter) and a 15 s timeout per attempt.
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::new(),
            retry: RetryPolicy {
                max_retries: 4,
                base_delay: Duration::from_millis(500),
                max_delay: Duration::from_secs(30),
                max_retry_after: Duration::from_secs(60),
            },
            timeout: Duration::from_secs(15),
            user_agent: HeaderValue::from_static(concat!(
                "specforge-webhooks/",
                env!("CARGO_PKG_VERSION")
            )),
        }
    }

    /// When and how long to wait before retrying.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How long one attempt may take (default 15 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends through this `reqwest` client (proxies, TLS settings, …).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// Delivers `message` to `endpoint`, retrying until it is accepted
    /// (any 2xx), refused, or the retries are spent.
    pub async fn deliver(
        &self,
        endpoint: &Endpoint,
        message: &Message,
    ) -> Result<Delivered, DeliveryError> {
        let url = reqwest::Url::parse(&endpoint.url)
            .map_err(|err| DeliveryError::Invalid(format!("`{}`: {err}", endpoint.url)))?;
        let id = HeaderValue::from_str(&message.id)
            .map_err(|_| DeliveryError::Invalid("the message id is not a header value".into()))?;
        let mut attempt = 0;
        loop {
            let timestamp = unix_now();
            let signatures: Vec<String> = endpoint
                .secrets
                .iter()
                .map(|secret| sign(secret, &message.id, timestamp, &message.body))
                .collect();
            let sent = self
                .http
                .post(url.clone())
                .timeout(self.timeout)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::USER_AGENT, self.user_agent.clone())
                .header(WEBHOOK_ID, id.clone())
                .header(WEBHOOK_TIMESTAMP, timestamp.to_string())
                .header(WEBHOOK_SIGNATURE, signatures.join(" "))
                .body(message.body.clone())
                .send()
                .await;
            attempt += 1;
            let (last, retry_after) = match sent {
                Ok(response) if response.status().is_success() => {
                    return Ok(Delivered {
                        status: response.status(),
                        attempts: attempt,
                    });
                }
                Ok(response) => {
                    let status = response.status();
                    if !matches!(status.as_u16(), 408 | 409 | 429 | 500..=599) {
                        return Err(DeliveryError::Rejected {
                            status,
                            attempts: attempt,
                        });
                    }
                    let retry_after = response
                        .headers()
                        .get(header::RETRY_AFTER)
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    (format!("answered {status}"), retry_after)
                }
                Err(error) => (error.to_string(), None),
            };
            if attempt > self.retry.max_retries {
                return Err(DeliveryError::Exhausted {
                    attempts: attempt,
                    last,
                });
            }
            tokio::time::sleep(self.retry.delay_for(attempt - 1, retry_after)).await;
        }
    }
}
