//! The generated server, running the example catalog implementation, over
//! real TCP: every framework status path, validation, auth, ETags,
//! pagination, idempotency, uploads, deprecation, docs and shutdown.

mod server_support;

use server_support::{
    TestServer, create_product, error_pointers, errors_all_in, http, new_order, new_product,
    problem, send_json, send_text,
};

use std::time::Duration;

use catalog_server::{Catalog, DEV_API_KEY, DEV_READ_TOKEN, app};
use futures::StreamExt;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use specforge_runtime::rate_limit::RateLimit;
use specforge_runtime::server::ServerOptions;

#[tokio::test]
async fn framework_errors_are_problems() {
    let server = TestServer::default().await;
    let unknown = http()
        .get(server.url("/nowhere"))
        .header("request-id", "trace-42")
        .send()
        .await
        .unwrap();
    assert_eq!(
        unknown.headers()["request-id"],
        "trace-42",
        "an incoming request id is echoed"
    );
    problem(unknown, StatusCode::NOT_FOUND).await;

    let wrong_method = server
        .request(Method::PUT, "/products")
        .send()
        .await
        .unwrap();
    let allow = wrong_method.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    problem(wrong_method, StatusCode::METHOD_NOT_ALLOWED).await;

    let huge = json!({"sku": "HUGE-1", "name": "x".repeat(2 * 1024 * 1024), "price": 1});
    // A `POST /products` of a raw body, whatever its media type.
    let post_raw = |content_type: &str, body: &'static str| {
        server
            .request(Method::POST, "/products")
            .header("content-type", content_type)
            .body(body)
    };
    // Each refused before the handler runs, as a problem.
    let refused = [
        (
            server.get("/products").header("accept", "text/csv"),
            StatusCode::NOT_ACCEPTABLE,
        ),
        (
            post_raw("text/plain", "hello"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            server.post("/products", &huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            post_raw("application/json", "{\"sku\":"),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (request, status) in refused {
        problem(request.send().await.unwrap(), status).await;
    }
}

#[tokio::test]
async fn validation_lists_every_violation_with_pointers() {
    let server = TestServer::default().await;
    let bad = json!({"sku": "bad sku", "name": "", "price": -1, "tags": ["a", "a"]});
    let response = server.post("/products", &bad).send().await.unwrap();
    let body = problem(response, StatusCode::BAD_REQUEST).await;
    let mut pointers = error_pointers(&body);
    pointers.sort();
    assert_eq!(pointers, ["/name", "/price", "/sku", "/tags"], "{body}");
    assert!(errors_all_in(&body, "body"));

    let query = server
        .get("/products?limit=500&minPrice=-3&categoryId=nope")
        .send()
        .await
        .unwrap();
    let body = problem(query, StatusCode::BAD_REQUEST).await;
    let mut names = error_pointers(&body);
    names.sort();
    assert_eq!(names, ["/categoryId", "/limit", "/minPrice"], "{body}");
    assert!(errors_all_in(&body, "query"));

    let unknown_enum = server.get("/products?status=gone").send().await.unwrap();
    problem(unknown_enum, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn authentication_and_scopes() {
    let server = TestServer::default().await;
    let anonymous = http().get(server.url("/products")).send().await.unwrap();
    assert!(
        anonymous.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("Bearer")
    );
    problem(anonymous, StatusCode::UNAUTHORIZED).await;

    let wrong = server
        .request_as("not-a-token", Method::GET, "/products")
        .send()
        .await
        .unwrap();
    problem(wrong, StatusCode::UNAUTHORIZED).await;

    let api_key = http()
        .get(server.url("/products"))
        .header("x-api-key", DEV_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(api_key.status(), StatusCode::OK);

    let reader = server
        .request_as(DEV_READ_TOKEN, Method::POST, "/products")
        .json(&new_product("READ-1", "R", 1.0))
        .send()
        .await
        .unwrap();
    problem(reader, StatusCode::FORBIDDEN).await;

    let health = http().get(server.url("/health")).send().await.unwrap();
    assert_eq!(
        health.status(),
        StatusCode::OK,
        "an operation with `security: []` is open"
    );
}

#[tokio::test]
async fn etags_conditional_requests_and_merge_patch() {
    let server = TestServer::default().await;
    let (product, etag) = create_product(&server, &new_product("KB-0001", "Keyboard", 49.5)).await;
    let id = product["id"].as_str().unwrap();
    let path = format!("/products/{id}");

    let read = server.get(&path).send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(
        read.headers()["etag"].to_str().unwrap(),
        etag,
        "the GET ETag matches the one from creation"
    );

    let unchanged = server
        .get(&path)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert!(unchanged.bytes().await.unwrap().is_empty());

    let patch = |if_match: Option<&str>, body: Value| {
        let mut request = server
            .request(Method::PATCH, &path)
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string());
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        request.send()
    };
    problem(
        patch(None, json!({"name": "K"})).await.unwrap(),
        StatusCode::PRECONDITION_REQUIRED,
    )
    .await;
    problem(
        patch(Some("\"stale\""), json!({"name": "K"}))
            .await
            .unwrap(),
        StatusCode::PRECONDITION_FAILED,
    )
    .await;

    let updated = patch(
        Some(&etag),
        json!({"name": "Keyboard Pro", "description": null}),
    )
    .await
    .unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    let new_etag = updated.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let body: Value = updated.json().await.unwrap();
    assert_eq!(body["name"], "Keyboard Pro");
    assert_eq!(
        body["description"],
        Value::Null,
        "merge-patch null removes the description"
    );
    assert_eq!(body["price"], 49.5, "absent members stay as they were");

    let delete = |if_match: &str| {
        server
            .request(Method::DELETE, &path)
            .header("if-match", if_match)
            .send()
    };
    problem(
        delete(&etag).await.unwrap(),
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let deleted = delete(&new_etag).await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    problem(
        server.get(&path).send().await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn page(server: &TestServer, query: &str) -> (Vec<String>, Option<String>) {
    let response = server
        .get(&format!("/products?{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let names = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    (names, body["nextCursor"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn pagination_neither_skips_nor_repeats_under_concurrent_inserts() {
    let server = TestServer::default().await;
    for (i, name) in ["b", "d", "f", "h", "j", "l", "n"].iter().enumerate() {
        create_product(
            &server,
            &new_product(&format!("SKU-{i:04}"), name, 1.0 + i as f64),
        )
        .await;
    }
    let (first, cursor) = page(&server, "sort=name&limit=3").await;
    assert_eq!(first, ["b", "d", "f"]);
    // Rows inserted before and after the cursor position between requests.
    create_product(&server, &new_product("SKU-0100", "a", 1.0)).await;
    create_product(&server, &new_product("SKU-0101", "g", 1.0)).await;
    let cursor = cursor.expect("more pages");
    let (second, cursor) = page(&server, &format!("sort=name&limit=3&cursor={cursor}")).await;
    assert_eq!(
        second,
        ["g", "h", "j"],
        "continues after `f`, including the new `g`"
    );
    let (third, cursor) = page(
        &server,
        &format!("sort=name&limit=3&cursor={}", cursor.unwrap()),
    )
    .await;
    assert_eq!(third, ["l", "n"]);
    assert_eq!(cursor, None, "the last page has no next cursor");

    let (descending, _) = page(&server, "sort=-price&limit=2").await;
    assert_eq!(descending, ["n", "l"]);

    let (_, cursor) = page(&server, "sort=name&limit=2").await;
    let mut tampered = cursor.unwrap();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let response = server
        .get(&format!("/products?cursor={tampered}"))
        .send()
        .await
        .unwrap();
    let body = problem(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["code"], "invalid_cursor");
}

#[tokio::test]
async fn idempotent_order_creation() {
    let server = TestServer::default().await;
    let (product, _) = create_product(&server, &new_product("ORD-0001", "Mug", 8.0)).await;
    let id = product["id"].as_str().unwrap().to_owned();
    let order = |key: &str, body: &Value| {
        server
            .post("/orders", body)
            .header("idempotency-key", key)
            .send()
    };
    let first = order("key-1", &new_order(&id, 2)).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_body: Value = first.json().await.unwrap();
    let replay = order("key-1", &new_order(&id, 2)).await.unwrap();
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(
        replay.json::<Value>().await.unwrap(),
        first_body,
        "the stored response is replayed"
    );
    problem(
        order("key-1", &new_order(&id, 3)).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // 50 concurrent requests with one new key: one order, one answer.
    let body = new_order(&id, 1);
    let requests = (0..50).map(|_| order("key-2", &body));
    let responses = futures::future::join_all(requests).await;
    let mut created = Vec::new();
    for response in responses {
        let response = response.unwrap();
        match response.status() {
            StatusCode::CREATED => {
                created.push(response.json::<Value>().await.unwrap()["id"].clone())
            }
            StatusCode::CONFLICT => {} // the first was still running: retry later
            other => panic!("unexpected {other}"),
        }
    }
    assert!(!created.is_empty());
    assert!(
        created.iter().all(|id| *id == created[0]),
        "every success names the same order"
    );
    let listed = send_json(server.get("/orders?limit=100")).await;
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        2,
        "key-1 and key-2 each made exactly one order"
    );

    let missing_key = server.post("/orders", &body).send().await.unwrap();
    let problem = problem(missing_key, StatusCode::BAD_REQUEST).await;
    assert_eq!(problem["errors"][0]["pointer"], "/Idempotency-Key");
    assert_eq!(problem["errors"][0]["location"], "header");
}

#[tokio::test]
async fn uploads_stream_past_the_json_limit_and_downloads_stream_back() {
    let server = TestServer::default().await;
    let (product, _) = create_product(&server, &new_product("IMG-0001", "Lamp", 30.0)).await;
    let id = product["id"].as_str().unwrap();
    let image: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let images = format!("/products/{id}/images");
    let upload = |form: Form| server.request(Method::POST, &images).multipart(form).send();
    let form = || {
        let file = image_part(image.clone(), "image/png").file_name("lamp.png");
        Form::new().text("altText", "A lamp").part("file", file)
    };
    let uploaded = upload(form()).await.unwrap();
    let status = uploaded.status();
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a 3 MiB upload passes the 1 MiB JSON limit: {:?}",
        uploaded.text().await
    );
    let uploaded = upload(form()).await.unwrap();
    let location = uploaded.headers()["location"].to_str().unwrap().to_owned();
    let meta: Value = uploaded.json().await.unwrap();
    assert_eq!(meta["sizeBytes"], image.len());
    assert_eq!(meta["altText"], "A lamp");

    let download = server.get(&location).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "image/png");
    assert_eq!(download.bytes().await.unwrap().as_ref(), image.as_slice());

    let gif = Form::new().part("file", image_part(vec![1, 2, 3], "image/gif"));
    let refused = upload(gif).await.unwrap();
    problem(refused, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;

    // The parts are checked before the handler runs: every violation of
    // the form (no file, alt text over 200 characters, a part the closed
    // schema does not declare) in one 400.
    let bad = Form::new()
        .text("altText", "a".repeat(201))
        .text("caption", "not declared");
    let refused = upload(bad).await.unwrap();
    let body = problem(refused, StatusCode::BAD_REQUEST).await;
    let pointers = error_pointers(&body);
    assert_eq!(pointers, ["/caption", "/file", "/altText"], "{body}");
}

/// A file part of an image upload.
fn image_part(bytes: Vec<u8>, media_type: &str) -> Part {
    Part::bytes(bytes).mime_str(media_type).unwrap()
}

#[tokio::test]
async fn deprecated_operation_long_running_export_and_docs() {
    let server = TestServer::default().await;
    let (product, _) = create_product(&server, &new_product("DEP-0001", "Old", 5.0)).await;
    let price_path = format!("/products/{}/price", product["id"].as_str().unwrap());
    let price = server.get(&price_path).send().await.unwrap();
    assert_eq!(price.status(), StatusCode::OK);
    assert!(price.headers().contains_key("deprecation"));
    assert_eq!(price.headers()["sunset"], "Wed, 30 Jun 2027 00:00:00 GMT");

    let started = server
        .post("/exports", &json!({"format": "csv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    assert_eq!(started.headers()["retry-after"], "1");
    let location = started.headers()["location"].to_str().unwrap().to_owned();
    let mut state = String::new();
    for _ in 0..100 {
        let job = send_json(server.get(&location)).await;
        state = job["state"].as_str().unwrap().to_owned();
        if state == "succeeded" {
            assert!(job["downloadUrl"].is_string());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(state, "succeeded");

    let spec = send_json(http().get(server.url("/openapi.json"))).await;
    assert_eq!(spec["info"]["title"], "Catalog API");
    let docs = send_text(http().get(server.url("/docs"))).await;
    assert!(docs.contains("openapi.json"));
    assert!(
        !docs.contains("src=\"http") && !docs.contains("href=\"http"),
        "the docs page loads nothing from the network"
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let server =
        TestServer::start(ServerOptions::default().rate_limit(Some(RateLimit::new(2, 0.01)))).await;
    for _ in 0..2 {
        let ok = http().get(server.url("/health")).send().await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert!(ok.headers().contains_key("ratelimit-remaining"));
    }
    let limited = http().get(server.url("/health")).send().await.unwrap();
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let server = TestServer::default().await;
    let (product, _) = create_product(&server, &new_product("SLOW-001", "Slow", 1.0)).await;
    let images = format!("/products/{}/images", product["id"].as_str().unwrap());
    // A multipart body that trickles in over ~300 ms.
    let chunks = (0..6).map(|i| async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok::<_, std::io::Error>(bytes::Bytes::from(vec![i as u8; 1024]))
    });
    let stream = futures::stream::iter(chunks).then(|chunk| chunk);
    let part = Part::stream(reqwest::Body::wrap_stream(stream))
        .mime_str("image/png")
        .unwrap();
    let form = Form::new().part("file", part);
    let in_flight = tokio::spawn(server.request(Method::POST, &images).multipart(form).send());
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown().await;
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "the request in flight at shutdown completed"
    );
}

#[tokio::test]
async fn the_catalog_persists_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let start = |catalog: Catalog| {
        TestServer::serve(app(catalog, ServerOptions::default().rate_limit(None)))
    };
    let server = start(Catalog::open(dir.path()).unwrap()).await;
    let (product, _) = create_product(&server, &new_product("KEEP-001", "Kept", 3.0)).await;
    let id = product["id"].as_str().unwrap().to_owned();
    let form = Form::new().part("file", image_part(vec![9u8; 100], "image/png"));
    let image = server
        .request(Method::POST, &format!("/products/{id}/images"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = image.headers()["location"].to_str().unwrap().to_owned();
    server.shutdown().await;

    // A new process on the same directory: SQLite has everything back.
    let server = start(Catalog::open(dir.path()).unwrap()).await;
    let again = send_json(server.get(&format!("/products/{id}"))).await;
    assert_eq!(again, product);
    let bytes = server
        .get(&location)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), vec![9u8; 100].as_slice());
    let duplicate = server
        .post("/products", &new_product("KEEP-001", "Again", 1.0))
        .send()
        .await
        .unwrap();
    assert_eq!(
        duplicate.status(),
        StatusCode::CONFLICT,
        "unique SKUs survive a restart"
    );
}
