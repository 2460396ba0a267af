//! The generated client's pagination, over real TCP: `into_stream` walks
//! every page, carrying the request's filters and the server's cursors.

mod client_support;

use std::collections::HashMap;

use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::get;
use catalog_api::client::Error;
use catalog_api::models::ProductStatus;
use client_support::*;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;

/// `GET /products`: five products, pages of `limit` (default 2); page `n`
/// has the cursor `page-n`. With `fail_at`, that page is a 400.
async fn catalog(fail_at: Option<&'static str>) -> Server {
    let router = Router::new().route(
        "/products",
        get(
            move |Query(query): Query<HashMap<String, String>>| async move {
                let cursor = query.get("cursor").map(String::as_str);
                if cursor.is_some() && cursor == fail_at {
                    return problem(StatusCode::BAD_REQUEST, "invalid_cursor", "tampered");
                }
                let limit: usize = query.get("limit").map_or(2, |l| l.parse().unwrap());
                let page: usize = cursor.map_or(0, |c| c["page-".len()..].parse().unwrap());
                let ids: Vec<u32> = (1..=5).collect();
                let items: Vec<_> = ids
                    .iter()
                    .skip(page * limit)
                    .take(limit)
                    .map(|n| product(&uuid(*n), &format!("Product {n}")))
                    .collect();
                let next = ((page + 1) * limit < ids.len()).then(|| format!("page-{}", page + 1));
                json_response(
                    StatusCode::OK,
                    &[],
                    json!({"items": items, "nextCursor": next}),
                )
            },
        ),
    );
    serve(router).await
}

#[tokio::test]
async fn into_stream_walks_every_page() {
    let server = catalog(None).await;
    let products: Vec<_> = server
        .client()
        .list_products()
        .limit(2)
        .status(ProductStatus::Active)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Product 1",
            "Product 2",
            "Product 3",
            "Product 4",
            "Product 5"
        ]
    );
    let queries: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.query.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        queries,
        [
            "limit=2&status=active",
            "cursor=page-1&limit=2&status=active",
            "cursor=page-2&limit=2&status=active",
        ]
    );
}

#[tokio::test]
async fn the_stream_starts_at_the_request_cursor() {
    let server = catalog(None).await;
    let products: Vec<_> = server
        .client()
        .list_products()
        .limit(3)
        .cursor("page-1")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(products.len(), 2);
    assert_eq!(products[0].name, "Product 4");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn pages_are_fetched_as_the_stream_is_read() {
    let server = catalog(None).await;
    let mut stream = server.client().list_products().limit(2).into_stream();
    stream.next().await.unwrap().unwrap();
    assert_eq!(server.count(), 1);
    stream.next().await.unwrap().unwrap();
    stream.next().await.unwrap().unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = catalog(Some("page-2")).await;
    let results: Vec<_> = server
        .client()
        .list_products()
        .limit(2)
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 5, "four products, then the error");
    assert!(results[..4].iter().all(Result::is_ok));
    let Err(Error::Api(api)) = &results[4] else {
        panic!("expected an API error: {:?}", results[4]);
    };
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.body().unwrap().code, "invalid_cursor");
}
