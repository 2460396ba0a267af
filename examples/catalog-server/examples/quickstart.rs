//! The tutorial's last step: the generated client calling a running catalog
//! server. `cargo run -p catalog-server --example quickstart -- http://127.0.0.1:8080`

use catalog_api::client::Client;
use catalog_api::models::{
    Address, NewOrder, NewOrderLine, NewProduct, ProductPatch, ProductStatus,
};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let client = Client::builder(base).bearer_token("dev-token").build()?;

    // Create a product: typed body in, typed response (with headers) out.
    let sku = format!("TUT-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]).to_uppercase();
    // `new` takes what the schema requires; `with_` sets the rest.
    let new = NewProduct::new(sku, "Tutorial lamp", 42.0)
        .with_description("Made in the tutorial.")
        .with_status(ProductStatus::Active)
        .with_tags(vec!["tutorial".into()]);
    let created = client.create_product(new).send().await?;
    let id = created.body.id.expect("the server assigns ids");
    println!(
        "created {} at {} (etag {})",
        created.body.name, created.location, created.etag
    );

    // A safe update: send back the ETag we read (a stale one would be a 412).
    let patch = ProductPatch::new().with_price(39.5);
    let updated = client
        .update_product(id, created.etag.clone(), patch)
        .send()
        .await?;
    println!("price is now {}", updated.body.price);

    // Every product, page after page, as one stream.
    let names: Vec<String> = client
        .list_products()
        .limit(2)
        .into_stream()
        .map_ok(|p| p.name)
        .try_collect()
        .await?;
    println!("{} product(s) in the catalog", names.len());

    // Orders are idempotent: the client makes up an Idempotency-Key and keeps it across retries.
    let address = Address::new("1 Tutorial Street", "Lyon", "69001", "FR");
    let order = NewOrder::new(vec![NewOrderLine::new(id, 2)], address);
    let order = client.create_order(order).send().await?;
    println!("order total: {} {}", order.body.total, order.body.currency);
    Ok(())
}
