//! The tutorial's webhook step: a receiver of the catalog's
//! `order.status_changed` webhook, built from the generated crate, which
//! prints each verified delivery and exits after `COUNT` of them.
//! `cargo run -p catalog-server --example webhook_receiver -- ADDR SECRET [COUNT]`

use catalog_api::models::OrderStatusChangedEvent;
use catalog_api::webhooks::{self, Delivery, Handler, Receiver, Secret, Verifier};
use specforge_runtime::Problem;
use tokio::sync::mpsc;

/// Prints every order status change, and counts them.
struct PrintChanges(mpsc::UnboundedSender<()>);

impl Handler for PrintChanges {
    async fn order_status_changed(
        &self,
        delivery: Delivery<OrderStatusChangedEvent>,
    ) -> Result<(), Problem> {
        let change = delivery.payload.data;
        println!(
            "webhook {}: order {} is {:?} (was {:?})",
            delivery.id, change.order_id, change.status, change.previous_status
        );
        let _ = self.0.send(());
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(secret)) = (args.next(), args.next()) else {
        return Err("usage: webhook_receiver ADDR SECRET [COUNT]".into());
    };
    let count: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    let secret: Secret = secret.parse()?;

    let (received, mut deliveries) = mpsc::unbounded_channel();
    let app = axum::Router::new().nest(
        "/hooks",
        webhooks::router(PrintChanges(received), Receiver::new(Verifier::new(secret))),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "receiving webhooks on http://{}/hooks",
        listener.local_addr()?
    );
    let done = async move {
        for _ in 0..count {
            deliveries.recv().await;
        }
    };
    specforge_runtime::shutdown::serve(listener, app, done).await?;
    Ok(())
}
