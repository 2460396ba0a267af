//! What the generated client puts on the wire, checked on a real server:
//! parameters in their OpenAPI styles, JSON and merge-patch bodies,
//! credentials chosen per operation, `user-agent`, `accept`, and hooks.

mod client_support;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{any, get};
use catalog_api::client::{BoxError, Client, Error, Hook};
use catalog_api::models::{ListProductsSort, ProductPatch, ProductStatus};
use client_support::*;
use serde_json::{Value, json};
use specforge_runtime::Patch;

/// Answers every catalog read and write this file makes.
async fn catalog() -> Server {
    let router = Router::new()
        .route(
            "/health",
            get(|| async { json_response(StatusCode::OK, &[], json!({"status": "ok"})) }),
        )
        .route(
            "/products",
            any(|method: axum::http::Method| async move {
                if method == axum::http::Method::GET {
                    let page = json!({"items": [], "nextCursor": null});
                    return json_response(StatusCode::OK, &[], page);
                }
                json_response(
                    StatusCode::CREATED,
                    &[("location", "/products/1"), ("etag", "\"v1\"")],
                    product(PRODUCT_ID, "Keyboard"),
                )
            }),
        )
        .route(
            "/products/{id}",
            any(|| async {
                json_response(
                    StatusCode::OK,
                    &[("etag", "\"v2\"")],
                    product(PRODUCT_ID, "Keyboard"),
                )
            }),
        );
    serve(router).await
}

fn product_id() -> uuid::Uuid {
    PRODUCT_ID.parse().unwrap()
}

#[tokio::test]
async fn query_parameters_follow_their_styles() {
    let server = catalog().await;
    server
        .client()
        .list_products()
        .limit(20)
        .q("wireless mouse & pad")
        .min_price(1.5)
        .tags(vec!["ergonomic".into(), "wire,less".into()])
        .status(ProductStatus::Archived)
        .sort(ListProductsSort::MinusPrice)
        .category_id(uuid(3).parse().unwrap())
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/products");
    assert_eq!(
        request.query.as_deref(),
        Some(
            "limit=20&categoryId=00000000-0000-4000-8000-000000000003\
             &q=wireless%20mouse%20%26%20pad&minPrice=1.5\
             &tags=ergonomic,wire,less&status=archived&sort=-price"
        )
    );
}

#[tokio::test]
async fn headers_identify_the_sdk_and_what_it_accepts() {
    let server = catalog().await;
    server
        .client()
        .get_health()
        .request_id("trace-7")
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("request-id"), Some("trace-7"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!(
            "catalog-api/1.0.0 specforge/",
            env!("CARGO_PKG_VERSION")
        ))
    );
    assert_eq!(
        request.header("accept"),
        Some("application/json, application/problem+json")
    );
    let custom = server
        .builder()
        .user_agent("shop-frontend/2.0")
        .build()
        .unwrap();
    custom.get_health().send().await.unwrap();
    assert_eq!(
        server.requests()[1].header("user-agent"),
        Some("shop-frontend/2.0")
    );
}

#[tokio::test]
async fn json_and_merge_patch_bodies() {
    let server = catalog().await;
    let client = server.client();
    let new: catalog_api::models::NewProduct = serde_json::from_value(json!({
        "sku": "KB-ERGO-01", "name": "Keyboard", "price": 149.9, "description": null
    }))
    .unwrap();
    let created = client.create_product(new).send().await.unwrap();
    assert_eq!(created.etag, "\"v1\"");
    let mut patch = ProductPatch::new().with_price(129.5);
    patch.description = Patch::Null;
    let updated = client
        .update_product(product_id(), created.etag.clone(), patch)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.etag, "\"v2\"");

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["sku"], "KB-ERGO-01");
    assert!(body["description"].is_null());

    let patch = &requests[1];
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, format!("/products/{PRODUCT_ID}"));
    assert_eq!(patch.header("if-match"), Some("\"v1\""));
    assert_eq!(
        patch.header("content-type"),
        Some("application/merge-patch+json")
    );
    let body: Value = serde_json::from_slice(&patch.body).unwrap();
    assert_eq!(body, json!({"description": null, "price": 129.5}));
}

#[tokio::test]
async fn credentials_go_where_each_operation_accepts_them() {
    let server = catalog().await;
    let new = || -> catalog_api::models::NewProduct {
        serde_json::from_value(json!({"sku": "KB-ERGO-01", "name": "K", "price": 1.0})).unwrap()
    };

    // A bearer token: on reads and writes, never on the public health check.
    let bearer = server.builder().bearer_token("t0k3n").build().unwrap();
    bearer.get_health().send().await.unwrap();
    bearer.list_products().send().await.unwrap();
    bearer.create_product(new()).send().await.unwrap();
    // An API key: accepted on reads only.
    let key = server.builder().api_key("k3y").build().unwrap();
    key.list_products().send().await.unwrap();
    key.create_product(new()).send().await.unwrap();
    // Both: the first alternative the spec lists (bearer) wins.
    let both = server
        .builder()
        .api_key("k3y")
        .bearer_token("t0k3n")
        .build()
        .unwrap();
    both.list_products().send().await.unwrap();

    let seen: Vec<(Option<String>, Option<String>)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r.header("authorization").map(str::to_owned),
                r.header("x-api-key").map(str::to_owned),
            )
        })
        .collect();
    let bearer = (Some("Bearer t0k3n".to_owned()), None);
    let key = (None, Some("k3y".to_owned()));
    assert_eq!(
        seen,
        [
            (None, None),
            bearer.clone(),
            bearer.clone(),
            key,
            (None, None),
            bearer,
        ]
    );
}

/// Adds a header to every request and notes every response status.
#[derive(Clone, Default)]
struct Tracer(Arc<Mutex<Vec<String>>>);

impl Hook for Tracer {
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let line = format!("{} {}", request.method(), request.url().path());
        self.0.lock().unwrap().push(line);
        request.headers_mut().insert("x-trace", "abc".parse()?);
        Ok(())
    }

    fn on_response(&self, response: &mut reqwest::Response) {
        self.0.lock().unwrap().push(response.status().to_string());
        response
            .headers_mut()
            .insert("etag", "\"from-hook\"".parse().unwrap());
    }
}

#[tokio::test]
async fn hooks_see_and_change_every_attempt() {
    let calls = counter();
    let router = Router::new().route(
        "/products/{id}",
        get(move || {
            let calls = Arc::clone(&calls);
            async move {
                match next(&calls) {
                    0 => problem(StatusCode::SERVICE_UNAVAILABLE, "busy", "later"),
                    _ => json_response(StatusCode::OK, &[], product(PRODUCT_ID, "K")),
                }
            }
        }),
    );
    let server = serve(router).await;
    let tracer = Tracer::default();
    let client = server.builder().hook(tracer.clone()).build().unwrap();
    let response = client.get_product(product_id()).send().await.unwrap();
    match response.into_inner() {
        catalog_api::client::GetProductResponse::Ok { etag, .. } => {
            assert_eq!(etag, "\"from-hook\"")
        }
        other => panic!("{other:?}"),
    }
    let path = format!("GET /products/{PRODUCT_ID}");
    assert_eq!(
        *tracer.0.lock().unwrap(),
        [
            path.clone(),
            "503 Service Unavailable".to_owned(),
            path,
            "200 OK".to_owned()
        ]
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("x-trace") == Some("abc"))
    );
}

/// Refuses to send anything.
struct Refuse;

impl Hook for Refuse {
    fn on_request(&self, _request: &mut reqwest::Request) -> Result<(), BoxError> {
        Err("offline mode".into())
    }
}

#[tokio::test]
async fn a_hook_can_stop_a_request_and_bad_inputs_are_reported() {
    let server = catalog().await;
    let client = server.builder().hook(Refuse).build().unwrap();
    let error = client.get_health().send().await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
    assert_eq!(error.to_string(), "invalid request: offline mode");

    let error = server
        .client()
        .get_health()
        .request_id("line\nbreak")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_custom_http_client_is_used() {
    let server = catalog().await;
    let http = reqwest::Client::builder()
        .default_headers(
            [("x-tenant".parse().unwrap(), "acme".parse().unwrap())]
                .into_iter()
                .collect(),
        )
        .build()
        .unwrap();
    let client = Client::builder(&server.url)
        .http_client(http)
        .build()
        .unwrap();
    client.get_health().send().await.unwrap();
    assert_eq!(server.requests()[0].header("x-tenant"), Some("acme"));
}

#[tokio::test]
async fn a_redirect_the_operation_does_not_document_is_followed() {
    // `getHealth` documents no redirect: the answer is where it points.
    let router = Router::new()
        .route(
            "/health",
            get(|| async {
                json_response(
                    StatusCode::TEMPORARY_REDIRECT,
                    &[("location", "/ready")],
                    json!({}),
                )
            }),
        )
        .route(
            "/ready",
            get(|| async { json_response(StatusCode::OK, &[], json!({"status": "ok"})) }),
        );
    let server = serve(router).await;
    let health = server.client().get_health().send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/health", "/ready"]);
}

#[tokio::test]
async fn clients_are_shared_across_tasks() {
    fn shareable<T: Clone + Send + Sync + 'static>(_: &T) {}
    let server = catalog().await;
    let client = server.client();
    shareable(&client);
    // Requests run on spawned tasks: their futures and streams are `Send`.
    let tasks: Vec<_> = (0..4)
        .map(|_| tokio::spawn(client.clone().get_health().send()))
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let stream = client.list_products().into_stream();
    let items: Vec<_> = tokio::spawn(futures::TryStreamExt::try_collect::<Vec<_>>(stream))
        .await
        .unwrap()
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(server.count(), 5);
}
