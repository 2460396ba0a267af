//! Per-operation `x-rate-limit` over real TCP: `startExport` declares its
//! own bucket (capacity 5, 1 token a second) beside the spec's default
//! (capacity 100, 50 a second). Blocked requests answer 429 with
//! `retry-after` and `ratelimit-*` headers, carry their request id, and
//! are logged with it; other operations are not held back.

mod server_support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use server_support::{TestServer, header, logged, logs};
use specforge_runtime::server::ServerOptions;

#[tokio::test]
async fn start_export_has_its_own_tighter_limit() {
    logs();
    let server = TestServer::start(ServerOptions::default()).await;
    let export = || server.post("/exports", &json!({"format": "csv"}));

    let mut job = String::new();
    for i in 0..5 {
        let started = export()
            .header("request-id", format!("export-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(started.status(), StatusCode::ACCEPTED, "call {i}");
        assert_eq!(header(&started, "ratelimit-limit"), "5");
        assert_eq!(header(&started, "ratelimit-remaining"), (4 - i).to_string());
        job = header(&started, "location").to_owned();
    }

    let blocked = export()
        .header("request-id", "export-blocked")
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&blocked, "content-type"), "application/problem+json");
    assert_eq!(header(&blocked, "request-id"), "export-blocked");
    assert_eq!(header(&blocked, "retry-after"), "1", "1 token a second");
    assert_eq!(header(&blocked, "ratelimit-limit"), "5");
    assert_eq!(header(&blocked, "ratelimit-remaining"), "0");
    let reset: u64 = header(&blocked, "ratelimit-reset").parse().unwrap();
    assert!((1..=5).contains(&reset), "{reset}");
    let problem: Value = blocked.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    assert_eq!(problem["code"], "rate_limited");
    assert_eq!(problem["requestId"], "export-blocked");

    // Other operations, by the same client, still pass under the default.
    let listed = server.get("/products").send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    assert_eq!(header(&listed, "ratelimit-limit"), "100");
    let created = server
        .post(
            "/products",
            &json!({"sku": "RATE-0001", "name": "Kettle", "price": 30.0}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(header(&created, "ratelimit-limit"), "100");
    let polled = server.get(&job).send().await.unwrap();
    assert_eq!(polled.status(), StatusCode::OK);
    assert_eq!(header(&polled, "ratelimit-limit"), "100");

    // The refusal is logged at warn with the request id.
    let logged = logged()
        .lines()
        .filter(|line| line.contains("rate limit exceeded"))
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert!(
        logged
            .iter()
            .any(|line| line.contains("WARN") && line.contains("export-blocked")),
        "{logged:?}"
    );
    assert_eq!(logged.len(), 1, "only the blocked request is logged");
}
