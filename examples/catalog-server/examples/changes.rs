//! The tutorial's streaming step: follow the product change feed as
//! server-sent events while a product is created.
//! `cargo run -p catalog-server --example changes -- http://127.0.0.1:8080`

use catalog_api::client::Client;
use catalog_api::models::{NewProduct, ProductStatus};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let client = Client::builder(base).bearer_token("dev-token").build()?;

    // The changes from now on, as they happen (one event each).
    let mut changes = client.list_product_changes().send_stream().await?;

    let sku = format!("EVT-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]).to_uppercase();
    let new = NewProduct::new(sku, "Streamed lamp", 12.5).with_status(ProductStatus::Active);
    client.create_product(new).send().await?;

    if let Some(event) = changes.try_next().await? {
        let change = event.data;
        println!(
            "{} (id {}): product {} {:?}",
            event.event.unwrap_or_default(),
            event.id.unwrap_or_default(),
            change.product_id,
            change.product.map(|p| p.name)
        );
    }
    Ok(())
}
