//! The generated client's uploads and downloads, over real TCP: multipart
//! image uploads from bytes, a file path and a stream, and a streamed
//! binary download.

mod client_support;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use bytes::Bytes;
use catalog_api::client::{Error, Upload};
use catalog_api::models::ProductImageContentType;
use client_support::*;
use futures::StreamExt;
use serde_json::json;

/// A part as the server parsed it.
#[derive(Clone, Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

/// `POST /products/{id}/images`, parsing the multipart body with axum.
async fn image_store() -> (Server, Arc<Mutex<Vec<Part>>>) {
    let parts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&parts);
    let router = Router::new().route(
        "/products/{id}/images",
        post(move |Path(id): Path<String>, mut multipart: Multipart| {
            let seen = Arc::clone(&seen);
            async move {
                let mut size = 0;
                let mut content_type = String::new();
                while let Some(field) = multipart.next_field().await.unwrap() {
                    let part = Part {
                        name: field.name().unwrap_or_default().to_owned(),
                        file_name: field.file_name().map(str::to_owned),
                        content_type: field.content_type().map(str::to_owned),
                        data: field.bytes().await.unwrap(),
                    };
                    if part.name == "file" {
                        size = part.data.len();
                        content_type = part.content_type.clone().unwrap_or_default();
                    }
                    seen.lock().unwrap().push(part);
                }
                let image = json!({
                    "id": uuid(9),
                    "productId": id,
                    "contentType": content_type,
                    "sizeBytes": size,
                    "altText": null,
                    "createdAt": "2026-03-02T11:05:00Z"
                });
                let location = format!("/products/{id}/images/{}", uuid(9));
                json_response(StatusCode::CREATED, &[("location", &location)], image)
            }
        }),
    );
    (serve(router).await, parts)
}

fn product_id() -> uuid::Uuid {
    PRODUCT_ID.parse().unwrap()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake image bytes";

#[tokio::test]
async fn uploads_an_image_from_bytes_with_its_alt_text() {
    let (server, parts) = image_store().await;
    let upload = Upload::bytes(PNG)
        .file_name("keyboard.png")
        .content_type("image/png");
    let image = server
        .client()
        .upload_product_image(product_id(), upload)
        .alt_text("Keyboard seen from above")
        .send()
        .await
        .unwrap();
    assert_eq!(image.status(), StatusCode::CREATED);
    assert_eq!(image.body.content_type, ProductImageContentType::ImagePng);
    assert_eq!(image.body.size_bytes, PNG.len() as i64);
    assert!(image.location.ends_with(&uuid(9)));
    let parts = parts.lock().unwrap().clone();
    assert_eq!(
        parts,
        [
            Part {
                name: "file".into(),
                file_name: Some("keyboard.png".into()),
                content_type: Some("image/png".into()),
                data: Bytes::from_static(PNG),
            },
            Part {
                name: "altText".into(),
                file_name: None,
                content_type: None,
                data: Bytes::from("Keyboard seen from above"),
            },
        ]
    );
    let request = &server.requests()[0];
    assert!(
        request
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
}

#[tokio::test]
async fn uploads_an_image_from_a_path() {
    let (server, parts) = image_store().await;
    let dir = std::env::temp_dir().join(format!("client-transfers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("photo.jpg");
    let jpeg = vec![0xFF_u8; 200_000];
    std::fs::write(&path, &jpeg).unwrap();
    let image = server
        .client()
        .upload_product_image(product_id(), Upload::path(&path))
        .send()
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(image.body.content_type, ProductImageContentType::ImageJpeg);
    let parts = parts.lock().unwrap().clone();
    assert_eq!(parts.len(), 1, "no altText part when none is set");
    assert_eq!(parts[0].file_name.as_deref(), Some("photo.jpg"));
    assert_eq!(parts[0].content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(parts[0].data.len(), jpeg.len());
}

#[tokio::test]
async fn uploads_an_image_from_a_stream() {
    let (server, parts) = image_store().await;
    let chunks = futures::stream::iter(
        (0..10).map(|i| Ok::<_, std::io::Error>(Bytes::from(vec![i as u8; 1000]))),
    );
    let upload = Upload::stream(chunks)
        .file_name("streamed.png")
        .content_type("image/png");
    let image = server
        .client()
        .upload_product_image(product_id(), upload)
        .send()
        .await
        .unwrap();
    assert_eq!(image.body.size_bytes, 10_000);
    let parts = parts.lock().unwrap().clone();
    assert_eq!(parts[0].data.len(), 10_000);
    assert_eq!(&parts[0].data[..3], [0, 0, 0]);
    assert_eq!(&parts[0].data[9_997..], [9, 9, 9]);
}

/// The image bytes: 4 MiB, sent in 64 KiB chunks.
fn big_image() -> Vec<u8> {
    (0..4 * 1024 * 1024).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn downloads_stream_in_chunks() {
    let router = Router::new().route(
        "/products/{product}/images/{image}",
        get(|Path((_, image)): Path<(String, String)>| async move {
            if image != uuid(9) {
                return problem(StatusCode::NOT_FOUND, "not_found", "no such image");
            }
            let chunks = big_image()
                .chunks(64 * 1024)
                .map(|c| Ok::<_, std::io::Error>(Bytes::copy_from_slice(c)))
                .collect::<Vec<_>>();
            Response::builder()
                .header("content-type", "image/png")
                .body(Body::from_stream(futures::stream::iter(chunks)))
                .unwrap()
        }),
    );
    let server = serve(router).await;
    let client = server.client();
    let image_id: uuid::Uuid = uuid(9).parse().unwrap();
    let download = client
        .download_product_image(product_id(), image_id)
        .send()
        .await
        .unwrap();
    assert!(download.request_id.starts_with("req-"));
    let mut body = download.into_inner().body;
    assert_eq!(body.content_type(), Some("image/png"));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = body.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(chunks > 1, "the body arrived in {chunks} chunk(s)");
    assert_eq!(received, big_image());
    let accept = server.requests()[0].header("accept").unwrap().to_owned();
    assert_eq!(
        accept,
        "image/png, image/jpeg, application/octet-stream, application/problem+json"
    );

    // The whole body at once, and a missing image.
    let whole = client
        .download_product_image(product_id(), image_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .body
        .collect()
        .await
        .unwrap();
    assert_eq!(whole.len(), big_image().len());
    let missing = client
        .download_product_image(product_id(), uuid(1).parse().unwrap())
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = missing else {
        panic!("expected a 404");
    };
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.problem().unwrap().code, "not_found");
}
