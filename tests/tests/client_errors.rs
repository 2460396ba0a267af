//! The generated client's responses and errors, over real TCP: typed
//! success variants, API errors with their typed problem body and
//! `request-id`, responses breaking the contract, and tolerance of values
//! the spec does not know yet or spells as strings.

mod client_support;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, get};
use catalog_api::client::GetProductResponse;
use catalog_api::client::{Client, Error};
use catalog_api::models::{HealthStatusStatus, ProblemFieldErrorLocation};
use client_support::*;
use serde_json::json;

fn product_id() -> uuid::Uuid {
    PRODUCT_ID.parse().unwrap()
}

/// `GET /products/{id}`: 200 with an etag, 304 when `if-none-match`
/// matches it, 404 for other ids.
async fn products() -> Server {
    let router = Router::new().route(
        "/products/{id}",
        get(
            |axum::extract::Path(id): axum::extract::Path<String>,
             headers: axum::http::HeaderMap| async move {
                if id != PRODUCT_ID {
                    return problem(
                        StatusCode::NOT_FOUND,
                        "not_found",
                        &format!("No product has the id {id}."),
                    );
                }
                if headers.get("if-none-match").is_some_and(|v| v == "\"v1\"") {
                    return bodiless(StatusCode::NOT_MODIFIED, &[("etag", "\"v1\"")]);
                }
                json_response(
                    StatusCode::OK,
                    &[("etag", "\"v1\"")],
                    product(PRODUCT_ID, "Keyboard"),
                )
            },
        ),
    );
    serve(router).await
}

#[tokio::test]
async fn each_success_status_has_its_typed_variant() {
    let server = products().await;
    let client = server.client();
    let response = client.get_product(product_id()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["etag"], "\"v1\"");
    let etag = match response.into_inner() {
        GetProductResponse::Ok { body, etag, .. } => {
            assert_eq!(body.name, "Keyboard");
            etag
        }
        other => panic!("expected 200, got {other:?}"),
    };
    let cached = client
        .get_product(product_id())
        .if_none_match(etag)
        .send()
        .await
        .unwrap();
    assert!(
        matches!(&*cached, GetProductResponse::NotModified { etag, .. } if etag == "\"v1\""),
        "{cached:?}"
    );
}

#[tokio::test]
async fn api_errors_carry_status_problem_and_request_id() {
    let server = products().await;
    let error = server
        .client()
        .get_product(uuid(404).parse().unwrap())
        .request_id("trace-42")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.request_id(), Some("trace-42"));
    let api = error.api().expect("an API error");
    let body = api.body().expect("the typed Problem body");
    assert_eq!(body.code, "not_found");
    assert_eq!(body.status, 404);
    let problem = api.problem().expect("problem+json is parsed");
    assert_eq!(problem.code, "not_found");
    assert_eq!(
        problem.detail.as_deref(),
        Some(format!("No product has the id {}.", uuid(404)).as_str())
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the API answered 404 Not Found: 404 Not Found (not_found): No product has the id {}. (request-id trace-42)",
            uuid(404)
        )
    );
    let source: &dyn std::error::Error = &error;
    assert!(source.to_string().contains("404"));
}

#[tokio::test]
async fn validation_problems_list_each_field() {
    let server = serve_canned(MethodFilter::GET, "/orders", || {
        let body = json!({
            "type": "https://problems.example.com/validation-failed",
            "title": "Request validation failed",
            "status": 400,
            "code": "validation_failed",
            "requestId": "r",
            "errors": [{"location": "query", "pointer": "/limit", "detail": "must be at most 100"}]
        });
        (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    })
    .await;
    let error = server
        .client()
        .list_orders()
        .limit(500)
        .send()
        .await
        .unwrap_err();
    let api = error.api().unwrap();
    let errors = api.body().unwrap().errors.clone().unwrap();
    assert_eq!(errors[0].location, ProblemFieldErrorLocation::Query);
    assert_eq!(errors[0].pointer, "/limit");
    assert_eq!(
        api.problem().unwrap().errors[0].detail,
        "must be at most 100"
    );
}

#[tokio::test]
async fn errors_that_are_not_problems_keep_their_body() {
    let server = serve_canned(MethodFilter::GET, "/health", || {
        (StatusCode::BAD_GATEWAY, "upstream is down").into_response()
    })
    .await;
    let client = server.client_without_retries();
    let error = client.get_health().send().await.unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.status(), StatusCode::BAD_GATEWAY);
    assert!(api.body().is_none());
    assert!(api.problem().is_none());
    assert_eq!(api.raw_body(), b"upstream is down");
    assert!(error.to_string().contains("upstream is down"), "{error}");
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode() {
    let server = serve_canned(MethodFilter::GET, "/health", || {
        let health = json!({"status": "degraded", "uptimeSeconds": 12});
        json_response(StatusCode::OK, &[], health)
    })
    .await;
    let health = server.client().get_health().send().await.unwrap();
    assert_eq!(
        health.body.status,
        HealthStatusStatus::Unknown("degraded".into())
    );
}

#[tokio::test]
async fn scalars_of_the_wrong_kind_decode_as_what_they_spell() {
    let server = serve_canned(MethodFilter::GET, "/products/{id}", || {
        let mut spelled = product(PRODUCT_ID, "Keyboard");
        spelled["price"] = json!("149.90");
        spelled["sku"] = json!(1042);
        // One item where the schema has a list, as examples often show it.
        spelled["tags"] = json!("office, wireless");
        // A null where no item may be null, as a mock's deep examples have.
        spelled["categoryIds"] = json!([null]);
        // `{}` for an object with required members: no value, as PHP
        // servers and Prism's examples write one.
        spelled["dimensions"] = json!({});
        json_response(StatusCode::OK, &[("etag", "\"v1\"")], spelled)
    })
    .await;
    let response = server.client().get_product(product_id()).send().await;
    match response.unwrap().into_inner() {
        GetProductResponse::Ok { body, .. } => {
            assert_eq!(body.price, 149.9);
            assert_eq!(body.sku, "1042");
            assert_eq!(body.tags, ["office, wireless"]);
            assert!(body.category_ids.is_empty());
            assert!(body.dimensions.is_none());
        }
        other => panic!("expected 200, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_is_null_to_content_without_a_schema() {
    use specforge_generated::fidelity::client::Client as FidelityClient;
    let empty_json = || {
        let mut response = StatusCode::OK.into_response();
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        );
        response
    };
    // `getDocs` answers JSON of no schema.
    let server = serve_canned(MethodFilter::GET, "/docs", empty_json).await;
    let docs = FidelityClient::new(&server.url)
        .unwrap()
        .get_docs()
        .send()
        .await;
    assert_eq!(docs.unwrap().into_inner(), serde_json::Value::Null);
    // A typed body is still missing.
    let server = serve_canned(MethodFilter::GET, "/health", empty_json).await;
    let error = server.client().get_health().send().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error}");
}

#[tokio::test]
async fn responses_breaking_the_contract_are_decode_errors() {
    let router = Router::new()
        .route(
            "/health",
            get(|| async { json_response(StatusCode::OK, &[], json!({"status": ["ok"]})) }),
        )
        .route(
            "/products/{id}",
            // 200 without the required etag.
            get(|| async { json_response(StatusCode::OK, &[], product(PRODUCT_ID, "K")) }),
        )
        .route(
            "/key-checks",
            get(|| async { json_response(StatusCode::ACCEPTED, &[], json!([])) }),
        );
    let server = serve(router).await;
    let client = server.client();

    let error = client.get_health().send().await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error}");
    };
    assert_eq!(decode.status(), StatusCode::OK);
    assert!(decode.message().starts_with("body at status:"), "{error}");
    assert_eq!(decode.raw_body(), br#"{"status":["ok"]}"#);
    assert!(error.request_id().is_some());

    let error = client.get_product(product_id()).send().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the required header `etag` is missing"),
        "{error}"
    );

    // `checkKey` declares a 200 and no `default`.
    let fidelity = specforge_generated::fidelity::client::Client::new(&server.url).unwrap();
    let error = fidelity.check_key().send().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("status 202 is not declared by the operation"),
        "{error}"
    );
}

#[tokio::test]
async fn transport_errors_are_told_apart() {
    let client = Client::builder(unreachable_url())
        .retry_policy(catalog_api::client::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_health().send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!(error.status(), None);
    assert!(error.to_string().starts_with("transport error:"));
}

#[test]
fn invalid_base_urls_are_refused() {
    let error = Client::new("localhost:8080").unwrap_err();
    assert!(error.to_string().contains("invalid base URL"), "{error}");
}

#[tokio::test]
async fn an_optional_header_of_the_wrong_type_is_none_not_an_error() {
    let server = serve_canned(MethodFilter::POST, "/orders", || {
        json_response(
            StatusCode::CREATED,
            &[("location", "/orders/1"), ("idempotent-replayed", "null")],
            order("c9f1e3a5-7b2d-4c6e-8f0a-1b3d5e7f9a2c"),
        )
    })
    .await;
    let created = server.place_order().await;
    assert_eq!(created.idempotent_replayed, None);
    assert_eq!(created.location, "/orders/1");
    // The raw value is still there.
    assert_eq!(created.headers()["idempotent-replayed"], "null");
}

#[tokio::test]
async fn a_default_error_covers_every_status_the_others_do_not() {
    use specforge_generated::fidelity::client::Client as FidelityClient;
    for status in [StatusCode::OK, StatusCode::UNAUTHORIZED] {
        let answer = move || json_response(status, &[], json!({"error": "request_unauthorized"}));
        let server = serve_canned(MethodFilter::GET, "/sign-in", answer).await;
        let client = FidelityClient::new(&server.url).unwrap();
        let error = client.sign_in().send().await.unwrap_err();
        let Error::Api(api) = &error else {
            panic!("{status}: expected the declared error, got {error}");
        };
        assert_eq!(api.status(), status);
        assert_eq!(api.body().unwrap().error, "request_unauthorized");
    }
}
