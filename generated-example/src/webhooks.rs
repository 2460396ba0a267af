#[cfg(feature = "client")]
use std::sync::Arc;

#[cfg(feature = "client")]
use axum::body::Bytes;

#[cfg(feature = "client")]
use specforge_runtime::Problem;

pub use specforge_runtime::webhooks::Secret;

#[cfg(feature = "client")]
pub use specforge_runtime::webhooks::{Delivery, Receiver, Verifier};

#[cfg(feature = "server")]
pub use specforge_runtime::webhooks::{
    Delivered, DeliveryError, Endpoint, Message, Sender,
};

/// The receiving end of the API's webhooks: one method per webhook,
/// given the verified delivery (its id, the same on every retry,
/// and its typed payload). Serve it with [`router`].
///
/// Every method has a default that acknowledges the delivery and
/// does nothing, so implement only the webhooks you handle. An
/// error answers the sender with its problem (a 5xx makes it
/// retry).
#[cfg(feature = "client")]
pub trait Handler: Send + Sync + 'static {
    /// The `order.status_changed` webhook.
    ///
    /// An order changed status
    ///
    /// Sent to every registered endpoint when an order is placed (status
    /// `pending`, no previous status) and whenever its status changes.
    /// Deliveries follow the Standard Webhooks specification: `webhook-id`
    /// names the event (the same on every retry, so a receiver can skip
    /// one it already handled), `webhook-timestamp` is when the attempt was
    /// signed, and `webhook-signature` holds `v1,` and the base64
    /// HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under the
    /// endpoint's secret. Answer with a 2xx status to acknowledge; 5xx,
    /// 408, 409 and 429 answers and lost connections are retried with
    /// exponential backoff.
    ///
    /// The event.
    fn order_status_changed(
        &self,
        delivery: Delivery<super::models::OrderStatusChangedEvent>,
    ) -> impl Future<Output = Result<(), Problem>> + Send {
        let _ = delivery;
        std::future::ready(Ok(()))
    }

    /// A verified delivery no declared webhook matches (an event newer than
    /// this crate, say); acknowledged by default.
    fn other(
        &self,
        delivery: Delivery<Bytes>,
    ) -> impl Future<Output = Result<(), Problem>> + Send {
        let _ = delivery;
        std::future::ready(Ok(()))
    }
}

/// A router receiving every webhook with `POST /`; nest it where the API
/// delivers (`Router::new().nest("/webhooks", router(handler, receiver))`).
///
/// Before a handler method runs, `receiver` reads the body (413 past its
/// limit) and verifies the signature and timestamp (401: forged, or a
/// replay outside the tolerance window); a delivery whose `webhook-id`
/// was handled already is answered 204 without running it again. The
/// payload is decoded (400 if it breaks the contract) and handed to the
/// method of its webhook; `Ok` answers 204.
#[cfg(feature = "client")]
pub fn router<H: Handler>(handler: H, receiver: Receiver) -> axum::Router {
    receiver.into_router(handler, dispatch::<H>)
}

/// Hands a verified delivery to the handler method of its webhook.
#[cfg(feature = "client")]
async fn dispatch<H: Handler>(
    handler: Arc<H>,
    delivery: Delivery<Bytes>,
) -> Result<(), Problem> {
    match delivery.tag("type").as_deref() {
        Some("order.status_changed") => {
            handler.order_status_changed(delivery.decode()?).await
        }
        _ => handler.other(delivery).await,
    }
}

/// A message of the `order.status_changed` webhook carrying `payload`,
/// with a new id: deliver it to each endpoint with [`Sender::deliver`]
/// (the same id everywhere, so receivers can deduplicate).
#[cfg(feature = "server")]
pub fn order_status_changed(
    payload: &super::models::OrderStatusChangedEvent,
) -> Result<Message, serde_json::Error> {
    Message::new(payload)
}
