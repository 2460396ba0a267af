//! The RED metrics of the generated server, exported by the example's
//! Prometheus recorder at `/metrics`: requests by status class, latency
//! and in-flight gauges per operation. A test binary of its own, since the
//! recorder is global to the process.

mod server_support;

use catalog_server::{Catalog, app};
use reqwest::StatusCode;
use server_support::{TestServer, http, send_text};
use specforge_runtime::server::ServerOptions;

#[tokio::test]
async fn metrics_count_requests_by_status_class_with_latency_and_in_flight() {
    let handle = catalog_server::metrics::install().expect("the only recorder of this binary");
    let router = app(
        Catalog::new().unwrap(),
        ServerOptions::default().rate_limit(None),
    )
    .merge(catalog_server::metrics::route(handle));
    let server = TestServer::serve(router).await;
    for _ in 0..3 {
        let ok = http().get(server.url("/health")).send().await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let denied = http().get(server.url("/products")).send().await.unwrap();
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    let text = send_text(http().get(server.url("/metrics"))).await;
    let value = |name: &str, labels: &[&str]| -> Option<f64> {
        text.lines()
            .filter(|line| line.starts_with(name))
            .find(|line| labels.iter().all(|label| line.contains(label)))
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|value| value.parse().ok())
    };
    let health = "operation_id=\"getHealth\"";
    assert_eq!(
        value(
            "http_server_requests_total",
            &[health, "http_response_status_class=\"2xx\""]
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value(
            "http_server_requests_total",
            &[
                "operation_id=\"listProducts\"",
                "http_response_status_class=\"4xx\"",
                "http_route=\"/products\""
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value("http_server_request_duration_seconds_count", &[health]),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value("http_server_active_requests", &[health]),
        Some(0.0),
        "{text}"
    );
}
