//! Long-running operations through the generated client, over real TCP:
//! `send_and_wait` starts a catalog export on the example server and polls
//! it to `succeeded`; against a hand-written server it honours
//! `retry-after` and returns a `failed` job as it is.

mod client_support;
mod server_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use catalog_api::client::{
    BoxError, Client, Error, GetExportResponse, Hook, Response, RetryPolicy,
};
use catalog_api::models::{ExportFormat, ExportState, NewExport, Problem};
use catalog_server::{Catalog, DEV_TOKEN, app};
use client_support::*;
use serde_json::json;
use server_support::TestServer;
use specforge_runtime::server::ServerOptions;

/// Counts the `GET /exports/…` polls a client sends.
struct Polls(Arc<AtomicUsize>);

impl Hook for Polls {
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        if request.method() == reqwest::Method::GET && request.url().path().starts_with("/exports/")
        {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }
}

fn new_export() -> NewExport {
    NewExport::new(ExportFormat::Csv)
}

/// Starts a CSV export with `client` and polls it to its end; how that
/// ended and how long it took.
async fn export_and_wait(
    client: &Client,
) -> (
    Result<Response<GetExportResponse>, Error<Problem>>,
    Duration,
) {
    let started = Instant::now();
    let outcome = client.start_export(new_export()).send_and_wait().await;
    (outcome, started.elapsed())
}

#[tokio::test]
async fn an_export_is_polled_until_it_succeeds() {
    let catalog = Catalog::new()
        .unwrap()
        .with_export_delay(Duration::from_millis(300));
    let server = TestServer::serve(app(catalog, ServerOptions::default())).await;
    let polls = Arc::new(AtomicUsize::new(0));
    // The server asks for `retry-after: 1`; the cap makes it 100 ms, so the
    // 300 ms job is seen running at least once before it succeeds.
    let client = Client::builder(&server.base)
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy {
            max_retry_after: Duration::from_millis(100),
            ..RetryPolicy::default()
        })
        .hook(Polls(Arc::clone(&polls)))
        .build()
        .unwrap();
    let (job, took) = export_and_wait(&client).await;
    let job = job.unwrap();
    assert_eq!(job.status(), 200);
    assert_eq!(job.body.state, ExportState::Succeeded);
    assert!(job.body.download_url.is_some());
    assert_eq!(job.retry_after, None);
    assert!(polls.load(Ordering::SeqCst) >= 2, "{polls:?}");
    assert!(took < Duration::from_secs(5));
    server.shutdown().await;
}

fn job(id: &str, state: &str) -> serde_json::Value {
    json!({
        "id": id,
        "state": state,
        "format": "csv",
        "categoryId": null,
        "createdAt": "2026-03-07T07:00:00Z",
        "completedAt": null,
        "downloadUrl": null,
        "error": null,
    })
}

#[tokio::test]
async fn retry_after_paces_the_polls_and_a_failed_job_is_returned() {
    let id = uuid(7);
    let (started_id, polled_id) = (id.clone(), id.clone());
    let calls = counter();
    let router = Router::new()
        .route(
            "/exports",
            post(move || async move {
                let location = format!("/exports/{started_id}");
                json_response(
                    StatusCode::ACCEPTED,
                    &[("location", &location), ("retry-after", "0")],
                    job(&started_id, "queued"),
                )
            }),
        )
        .route(
            "/exports/{id}",
            get(move || {
                let (calls, id) = (Arc::clone(&calls), polled_id.clone());
                async move {
                    if next(&calls) < 2 {
                        json_response(StatusCode::OK, &[("retry-after", "1")], job(&id, "running"))
                    } else {
                        json_response(StatusCode::OK, &[], job(&id, "failed"))
                    }
                }
            }),
        );
    let server = serve(router).await;
    let (job, elapsed) = export_and_wait(&server.client()).await;
    let job = job.unwrap();
    assert_eq!(job.body.state, ExportState::Failed);
    let polls: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert_eq!(polls.len(), 3);
    assert!(polls.iter().all(|r| r.path == format!("/exports/{id}")));
    assert!(elapsed >= Duration::from_millis(1900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn polling_gives_up_at_the_wait_timeout() {
    let id = uuid(8);
    let (started_id, polled_id) = (id.clone(), id);
    let router = Router::new()
        .route(
            "/exports",
            post(move || async move {
                json_response(
                    StatusCode::ACCEPTED,
                    &[("location", "/exports/x"), ("retry-after", "0")],
                    job(&started_id, "queued"),
                )
            }),
        )
        .route(
            "/exports/{id}",
            get(move || {
                let id = polled_id.clone();
                async move {
                    json_response(StatusCode::OK, &[("retry-after", "1")], job(&id, "running"))
                }
            }),
        );
    let server = serve(router).await;
    let client = server
        .builder()
        .wait_timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let (outcome, took) = export_and_wait(&client).await;
    let err = outcome.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(took < Duration::from_secs(3));
}
