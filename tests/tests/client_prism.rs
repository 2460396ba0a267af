//! An outside check of the generated client: Stoplight Prism, a tool we did
//! not write, serves `specs/catalog.yaml` as a mock that validates every
//! request against the contract (`--errors`), and every operation of the
//! spec is called through the generated client. Prism answers a request
//! breaking the contract with an error status and an `sl-violations`
//! header, so every call must succeed and no answer may report a violation.
//! The answers (the spec's examples) must decode, too.
//!
//! Needs Node.js and Prism (`npm ci --prefix tests/prism`); skips with a
//! message when either is missing, unless `PRISM_REQUIRED=1` (CI sets it).

mod prism_support;

use catalog_api::client::{Client, Upload};
use catalog_api::models::*;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use specforge_runtime::Patch;

fn id(text: &str) -> uuid::Uuid {
    text.parse().unwrap()
}

#[tokio::test]
#[allow(deprecated)] // getProductPrice is deprecated, and checked all the same
async fn every_operation_conforms_to_the_contract() {
    let spec = "specs/catalog.yaml";
    let Some((prism, client, violations)) =
        prism_support::mock_and_client("client_prism", spec, Client::builder, "dev-token")
    else {
        return;
    };
    let product = id("8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16");
    let category = id("a4d2c6e8-1f3b-4a5c-8d7e-9b0a1c2d3e4f");
    let order = id("c9f1e3a5-7b2d-4c6e-8f0a-1b3d5e7f9a2c");
    let mut calls = 0;
    let mut check = |name: &str, result: Result<(), String>| {
        calls += 1;
        if let Err(error) = result {
            panic!("{name} failed against Prism: {error}");
        }
    };
    macro_rules! call {
        ($name:literal, $request:expr) => {
            check(
                $name,
                $request.send().await.map(drop).map_err(|e| e.to_string()),
            )
        };
    }

    call!("getHealth", client.get_health().request_id("prism-check"));
    call!(
        "listProducts",
        client
            .list_products()
            .limit(20)
            .category_id(category)
            .q("keyboard")
            .min_price(10.0)
            .max_price(200.0)
            .tags(vec!["ergonomic".into(), "wireless".into()])
            .status(ProductStatus::Active)
            .sort(ListProductsSort::MinusCreatedAt)
    );
    let walked: Vec<Product> = client
        .list_products()
        .limit(2)
        .into_stream()
        .take(5)
        .try_collect()
        .await
        .unwrap();
    check(
        "listProducts stream",
        (!walked.is_empty())
            .then_some(())
            .ok_or_else(|| "no items".into()),
    );
    call!(
        "listProductChanges",
        client
            .list_product_changes()
            .limit(50)
            .cursor("eyJzIjoxfQ.c2ln")
    );
    // The same operation asked for events (accept, last-event-id). Prism
    // checks the request like any other, but cannot mock an event stream: it
    // makes the data up from the schema (breaking `sku`'s pattern) and
    // reports that on the response. Only a request violation fails here, so
    // this call goes through a client without the hook.
    let changes = Client::builder(&prism.url)
        .bearer_token("dev-token")
        .build()
        .unwrap()
        .list_product_changes()
        .last_event_id("41")
        .send_stream()
        .await;
    check(
        "listProductChanges stream",
        match changes {
            Ok(_) => Ok(()),
            Err(error) => match error.api().map(|api| api.headers()) {
                Some(headers) if prism_support::only_response_violations(headers) => Ok(()),
                _ => Err(error.to_string()),
            },
        },
    );
    let new_product: NewProduct = serde_json::from_value(json!({
        "sku": "KB-ERGO-01",
        "name": "Ergonomic Split Keyboard",
        "description": null,
        "price": 149.9,
        "status": "active",
        "tags": ["ergonomic", "wireless"],
        "categoryIds": [category],
        "attributes": {"color": "graphite"},
        "dimensions": {"widthCm": 36.5, "heightCm": 3.2, "depthCm": 14}
    }))
    .unwrap();
    call!("createProduct", client.create_product(new_product));
    call!(
        "getProduct",
        client.get_product(product).if_none_match("\"3f2a9c1e\"")
    );
    let mut patch =
        ProductPatch::new()
            .with_price(129.5)
            .with_attributes(std::collections::BTreeMap::from([
                ("layout".to_owned(), None),
                ("switches".to_owned(), Some("brown".to_owned())),
            ]));
    patch.description = Patch::Null;
    call!(
        "updateProduct",
        client.update_product(product, "\"3f2a9c1e\"", patch)
    );
    call!(
        "deleteProduct",
        client.delete_product(product).if_match("\"3f2a9c1e\"")
    );
    call!("getProductPrice", client.get_product_price(product));
    call!("listProductImages", client.list_product_images(product));
    let png = Upload::bytes(&b"\x89PNG\r\n\x1a\n"[..])
        .file_name("keyboard.png")
        .content_type("image/png");
    call!(
        "uploadProductImage",
        client
            .upload_product_image(product, png)
            .alt_text("Keyboard seen from above")
    );
    let download = client
        .download_product_image(product, id("d7a3b5c1-9e2f-4a6b-8c4d-2e6f8a0b1c3d"))
        .send()
        .await
        .map_err(|e| e.to_string());
    let bytes = match download {
        Ok(download) => download
            .into_inner()
            .body
            .collect()
            .await
            .map_err(|e| e.to_string()),
        Err(error) => Err(error),
    };
    check("downloadProductImage", bytes.map(drop));
    call!("getProductV2", client.get_product_v2(product));
    call!(
        "listCategories",
        client
            .list_categories()
            .parent_id(category)
            .sort(ListCategoriesSort::MinusName)
            .limit(10)
    );
    let new_category: NewCategory = serde_json::from_value(
        json!({"name": "Keyboards", "slug": "keyboards", "parentId": category}),
    )
    .unwrap();
    call!("createCategory", client.create_category(new_category));
    call!("getCategoryTree", client.get_category_tree());
    call!("getCategory", client.get_category(category));
    call!(
        "assignProductToCategory",
        client.assign_product_to_category(category, product)
    );
    call!(
        "unassignProductFromCategory",
        client.unassign_product_from_category(category, product)
    );
    call!(
        "listOrders",
        client
            .list_orders()
            .status(OrderStatus::Paid)
            .sort(ListOrdersSort::CreatedAt)
    );
    let new_order: NewOrder = serde_json::from_value(json!({
        "lines": [{"productId": product, "quantity": 2}],
        "shippingAddress": {"line1": "12 Rue des Lilas", "city": "Lyon", "postalCode": "69003", "country": "FR"},
        "payment": {"kind": "card", "token": "tok_9f8e7d6c5b4a"},
        "note": "Please leave at the front desk."
    }))
    .unwrap();
    call!("createOrder", client.create_order(new_order));
    call!("getOrder", client.get_order(order));
    call!("cancelOrder", client.cancel_order(order));
    let export: NewExport =
        serde_json::from_value(json!({"format": "csv", "categoryId": category})).unwrap();
    call!("startExport", client.start_export(export));
    call!(
        "getExport",
        client.get_export(id("e2b4d6f8-0a1c-4e3f-9b5d-7f9a1b3c5d7e"))
    );

    let reported = violations.0.lock().unwrap().clone();
    assert!(
        reported.is_empty(),
        "Prism reported violations:\n{}",
        reported.join("\n")
    );
    assert_eq!(calls, 26, "every operation (and the streams) was called");

    // Controls: requests that do break the contract are caught.
    let error = client.list_products().limit(500).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error}");
    let bad_sku: NewProduct =
        serde_json::from_value(json!({"sku": "not a sku", "name": "K", "price": 1.0})).unwrap();
    let error = client.create_product(bad_sku).send().await.unwrap_err();
    assert!(
        error.status().is_some_and(|s| s.is_client_error()),
        "{error}"
    );
    let reported = violations.0.lock().unwrap().clone();
    assert_eq!(reported.len(), 2, "{reported:?}");
    assert!(
        reported[0].contains("limit") && reported[1].contains("sku"),
        "{reported:?}"
    );
    eprintln!("client_prism: {calls} calls, 0 violations (and 2 of 2 deliberate ones caught)");
}
