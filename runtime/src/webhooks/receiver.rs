//! The receiving end: [`Receiver`] verifies, deduplicates and answers each
//! delivery around the generated dispatch to a typed handler.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::signature::{Verifier, VerifyError};
use crate::problem::Problem;
use crate::store::{Begin, MemoryStore, Store, StoredResponse};
use crate::validate::Validate;

/// One verified delivery: the message id (the same on every retry), when
/// it was signed, the request headers and the payload.
#[derive(Clone, Debug)]
pub struct Delivery<T> {
    /// The message id (`webhook-id`).
    pub id: String,
    /// When this attempt was signed (`webhook-timestamp`).
    pub timestamp: SystemTime,
    /// The request headers.
    pub headers: HeaderMap,
    /// The payload: the body as received, or decoded.
    pub payload: T,
}

impl Delivery<Bytes> {
    /// The string member `name` of the JSON payload (such as its `type`),
    /// which tells the events of a receiver apart.
    pub fn tag(&self, name: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.payload).ok()?;
        value.get(name)?.as_str().map(str::to_owned)
    }

    /// The payload as `T`; a 400 problem pointing at what does not decode
    /// otherwise. Constraints are not checked: a delivery comes from the
    /// API itself (its signature says so), and a newer version of it may
    /// send values this crate does not list yet.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<Delivery<T>, Problem> {
        let payload: T = crate::json::from_slice(&self.payload)?;
        Ok(Delivery {
            id: self.id.clone(),
            timestamp: self.timestamp,
            headers: self.headers.clone(),
            payload,
        })
    }

    /// Whether the payload decodes as a `T` that breaks none of its
    /// constraints (to choose among webhooks that have no tag).
    pub fn is<T: DeserializeOwned + Validate>(&self) -> bool {
        self.decode::<T>()
            .is_ok_and(|delivery| crate::validate::is_valid(&delivery.payload))
    }
}

/// Verifies, deduplicates and answers deliveries (see
/// [`receive`](Self::receive)).
#[derive(Clone)]
pub struct Receiver {
    verifier: Verifier,
    store: Arc<dyn Store>,
    body_limit: usize,
    dedup_ttl: Duration,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("verifier", &self.verifier)
            .field("body_limit", &self.body_limit)
            .field("dedup_ttl", &self.dedup_ttl)
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver of deliveries `verifier` accepts; handled ids are kept
    /// in memory (see [`store`](Self::store)).
    pub fn new(verifier: Verifier) -> Self {
        Self {
            verifier,
            store: Arc::new(MemoryStore::new()),
            body_limit: 1024 * 1024,
            dedup_ttl: Duration::from_secs(24 * 60 * 60),
        }
    }

    /// Keeps the ids of handled deliveries in `store` (a Redis store when
    /// several replicas receive).
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = store;
        self
    }

    /// The largest body accepted (default 1 MiB); larger ones are a 413.
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// How long a handled delivery's id is remembered (default 24 h): a
    /// retry of it within that time is answered without running the
    /// handler again.
    pub fn dedup_ttl(mut self, ttl: Duration) -> Self {
        self.dedup_ttl = ttl;
        self
    }

    /// A router answering every delivery sent with `POST /` as
    /// [`receive`](Self::receive) does, handing each verified one to
    /// `dispatch` along with `handler`. A generated `webhooks::router` is
    /// this, given the dispatch by webhook its module writes.
    pub fn into_router<H, F, Fut>(self, handler: H, dispatch: F) -> axum::Router
    where
        H: Send + Sync + 'static,
        F: Fn(Arc<H>, Delivery<Bytes>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<(), Problem>> + Send + 'static,
    {
        let receiver = Arc::new(self);
        let handler = Arc::new(handler);
        let receive = move |request: Request| {
            let (receiver, handler, dispatch) =
                (receiver.clone(), handler.clone(), dispatch.clone());
            async move {
                receiver
                    .receive(request, |delivery| dispatch(handler, delivery))
                    .await
            }
        };
        axum::Router::new().route("/", axum::routing::post(receive))
    }

    /// Answers one delivery. In order: the body is read (413 past the
    /// limit); the signature and timestamp are verified (401, nothing else
    /// runs); a delivery already handled is answered as it was (its id is
    /// remembered), one being handled right now is a 409 and the same id
    /// with another body a 422; then `dispatch` runs: `Ok` is a 204 and
    /// the id is remembered, an error is its problem (and a retry of the
    /// delivery runs again).
    pub async fn receive<F, Fut>(&self, request: Request, dispatch: F) -> Response
    where
        F: FnOnce(Delivery<Bytes>) -> Fut,
        Fut: Future<Output = Result<(), Problem>>,
    {
        let (parts, body) = request.into_parts();
        let Ok(body) = axum::body::to_bytes(body, self.body_limit).await else {
            return Problem::payload_too_large()
                .with_detail(format!(
                    "A delivery holds at most {} bytes.",
                    self.body_limit
                ))
                .into_response();
        };
        let verified = match self.verifier.verify(&parts.headers, &body) {
            Ok(verified) => verified,
            Err(error) => return refused(&error),
        };
        let key = format!("webhook:{}", verified.id);
        let fingerprint = format!("{:x}", Sha256::digest(&body));
        let begun = self
            .store
            .idempotency_begin(&key, &fingerprint, Duration::from_secs(60))
            .await;
        match begun {
            Ok(Begin::Started) => {}
            Ok(Begin::Completed(stored)) => return replay(&stored),
            Ok(Begin::InProgress) => {
                return Problem::conflict()
                    .with_code("delivery_in_progress")
                    .with_detail("This delivery is being handled; retry later.")
                    .into_response();
            }
            Ok(Begin::Mismatch) => {
                return Problem::unprocessable()
                    .with_code("delivery_id_reused")
                    .with_detail("This webhook-id was delivered before with another body.")
                    .into_response();
            }
            Err(error) => {
                tracing::error!(%error, "webhook store unavailable");
                return Problem::service_unavailable(Some(Duration::from_secs(1))).into_response();
            }
        }
        let delivery = Delivery {
            id: verified.id,
            timestamp: verified.timestamp,
            headers: parts.headers,
            payload: body,
        };
        match dispatch(delivery).await {
            Ok(()) => {
                let stored = StoredResponse {
                    status: StatusCode::NO_CONTENT.as_u16(),
                    headers: Vec::new(),
                    body: Bytes::new(),
                };
                if let Err(error) = self
                    .store
                    .idempotency_complete(&key, &fingerprint, &stored, self.dedup_ttl)
                    .await
                {
                    tracing::warn!(%error, "webhook id not remembered; a retry would run again");
                }
                replay(&stored)
            }
            Err(problem) => {
                if let Err(error) = self.store.idempotency_abort(&key).await {
                    tracing::warn!(%error, "webhook id not released");
                }
                problem.into_response()
            }
        }
    }
}

/// 401 for a delivery that does not verify; the reason is logged, and said
/// only as much as a sender needs to fix its side.
fn refused(error: &VerifyError) -> Response {
    tracing::warn!(%error, "webhook refused");
    let (code, detail) = match error {
        VerifyError::MissingHeader(_) | VerifyError::InvalidTimestamp => {
            ("webhook_headers_invalid", error.to_string())
        }
        VerifyError::TooOld | VerifyError::TooNew => (
            "webhook_timestamp_out_of_tolerance",
            "The delivery's timestamp is outside the tolerance window.".to_owned(),
        ),
        VerifyError::InvalidSignature => (
            "webhook_signature_invalid",
            "No signature of the delivery matches.".to_owned(),
        ),
    };
    Problem::for_status(401)
        .with_code(code)
        .with_detail(detail)
        .into_response()
}

fn replay(stored: &StoredResponse) -> Response {
    let mut response = Response::new(Body::from(stored.body.clone()));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::NO_CONTENT);
    response
}
