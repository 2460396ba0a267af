//! Server-sent events end to end over real TCP: the example catalog's
//! product change feed (`listProductChanges`) read with the generated
//! client's `send_stream`. Events arrive one by one as products change (not
//! when the stream ends), keep-alive comments fill the silences, a client
//! that goes away ends its stream on the server, a client that loses its
//! connection resumes with `last-event-id` and misses nothing, shutdown ends
//! open streams, and a malformed event is an error item.

mod server_support;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use catalog_api::client::{Client, Error, EventSource, Reconnect, Response};
use catalog_api::models::{Problem, ProductChange, ProductChangeKind};
use catalog_server::{Catalog, DEV_TOKEN, app};
use futures::{StreamExt, TryStreamExt};
use server_support::{Proxy, TestServer, create_product, eventually, new_product};
use specforge_runtime::server::ServerOptions;

/// The catalog with a short keep-alive, and the server serving it.
async fn serve(keep_alive: Duration) -> (Catalog, TestServer) {
    let catalog = Catalog::new().unwrap().with_keep_alive(keep_alive);
    let options = ServerOptions::default().rate_limit(None);
    let server = TestServer::serve(app(catalog.clone(), options)).await;
    (catalog, server)
}

/// The events of the change feed.
type Changes = EventSource<ProductChange, Problem>;

fn client(base: &str) -> Client {
    Client::builder(base)
        .bearer_token(DEV_TOKEN)
        .build()
        .unwrap()
}

/// The change feed of the catalog at `base`, as events: from now on, or
/// after the change `last_event_id` (the kept ones first).
async fn follow_changes(base: &str, last_event_id: Option<&str>) -> Response<Changes> {
    let mut request = client(base).list_product_changes();
    if let Some(id) = last_event_id {
        request = request.last_event_id(id);
    }
    request.send_stream().await.unwrap()
}

/// The change feed of `server` read through a proxy whose connections can
/// be cut, reconnecting as `reconnect` says; the proxy and the feed.
async fn follow_through_proxy(server: &TestServer, reconnect: Reconnect) -> (Proxy, Changes) {
    let address: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let proxy = Proxy::to(address).await;
    let events = follow_changes(&proxy.url, None)
        .await
        .into_inner()
        .reconnect(reconnect);
    (proxy, events)
}

async fn add_product(server: &TestServer, n: usize) -> String {
    let (product, _) =
        create_product(server, &new_product(&format!("SKU-{n}"), "Lamp", 10.0)).await;
    product["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn events_arrive_one_by_one_as_products_change() {
    let (_catalog, server) = serve(Duration::from_secs(15)).await;
    let mut events = follow_changes(&server.base, None).await.into_inner();
    let mut latencies = Vec::new();
    for n in 1..=3 {
        let created = Instant::now();
        let id = add_product(&server, n).await;
        // The event comes while the stream is open: it was written when
        // the change happened, not kept for the end.
        let event = tokio::time::timeout(Duration::from_secs(2), events.next())
            .await
            .expect("the event arrives while the stream stays open")
            .expect("the stream is open")
            .unwrap();
        latencies.push(created.elapsed());
        assert_eq!(event.data.sequence, n as i64);
        assert_eq!(event.data.kind, ProductChangeKind::Created);
        assert_eq!(event.data.product_id.to_string(), id);
        assert_eq!(event.event.as_deref(), Some("product.created"));
        assert_eq!(event.id.as_deref(), Some(n.to_string().as_str()));
        assert_eq!(
            events.last_event_id().as_deref(),
            Some(n.to_string().as_str())
        );
    }
    println!("change → event latencies (create request included): {latencies:?}");
    // Nothing else is pending.
    assert!(
        tokio::time::timeout(Duration::from_millis(100), events.next())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn json_pages_and_the_stream_agree() {
    let (_catalog, server) = serve(Duration::from_secs(15)).await;
    for n in 1..=3 {
        add_product(&server, n).await;
    }
    let client = client(&server.base);
    // As JSON: pages, walked by the cursor.
    let all: Vec<_> = client
        .list_product_changes()
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|c| c.sequence).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let page = client.list_product_changes().limit(2).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.body.next_cursor.is_some());
    // As events, resuming after the first change: the kept ones first.
    let mut events = follow_changes(&server.base, Some("1")).await;
    for expected in [2, 3] {
        let event = events.try_next().await.unwrap().unwrap();
        assert_eq!(event.data.sequence, expected);
    }
}

#[tokio::test]
async fn keep_alive_comments_fill_silences_and_are_no_events() {
    let (_catalog, server) = serve(Duration::from_millis(100)).await;
    let response = reqwest::Client::new()
        .get(server.url("/products/changes"))
        .bearer_auth(DEV_TOKEN)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers().contains_key("request-id"));
    let mut body = response.bytes_stream();
    let started = Instant::now();
    let mut comments = 0;
    while started.elapsed() < Duration::from_millis(450) {
        let chunk = tokio::time::timeout(Duration::from_secs(1), body.next())
            .await
            .expect("a keep-alive within the interval")
            .unwrap()
            .unwrap();
        assert_eq!(chunk, ":\n\n");
        comments += 1;
    }
    assert!(comments >= 3, "{comments} keep-alives in 450 ms");
    // The generated client reads past them.
    let mut events = follow_changes(&server.base, None).await;
    assert!(
        tokio::time::timeout(Duration::from_millis(350), events.next())
            .await
            .is_err(),
        "keep-alives are not events"
    );
}

#[tokio::test]
async fn a_client_going_away_ends_its_stream_on_the_server() {
    let (catalog, server) = serve(Duration::from_millis(100)).await;
    let mut events = follow_changes(&server.base, None).await;
    add_product(&server, 1).await;
    events.try_next().await.unwrap().unwrap();
    assert_eq!(catalog.change_followers(), 1);
    drop(events);
    // The server notices at its next write at the latest (a keep-alive).
    eventually("the subscription to end", || {
        catalog.change_followers() == 0
    })
    .await;
    // And goes on serving.
    add_product(&server, 2).await;
    let mut again = follow_changes(&server.base, Some("1")).await;
    assert_eq!(again.try_next().await.unwrap().unwrap().data.sequence, 2);
}

#[tokio::test]
async fn a_lost_connection_resumes_with_last_event_id_and_misses_nothing() {
    let (_catalog, server) = serve(Duration::from_millis(200)).await;
    let (proxy, mut events) = follow_through_proxy(
        &server,
        Reconnect {
            max_attempts: 5,
            delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(1),
        },
    )
    .await;
    assert!(events.is_resumable());
    for n in 1..=2 {
        add_product(&server, n).await;
        assert_eq!(
            events.try_next().await.unwrap().unwrap().data.sequence,
            n as i64
        );
    }
    proxy.cut();
    // Changes while the client is away (it waits 300 ms to reconnect).
    for n in 3..=4 {
        add_product(&server, n).await;
    }
    for expected in 3..=5 {
        if expected == 5 {
            add_product(&server, 5).await;
        }
        let event = tokio::time::timeout(Duration::from_secs(5), events.try_next())
            .await
            .expect("the stream resumes")
            .unwrap()
            .unwrap();
        assert_eq!(event.data.sequence, expected, "no change lost or repeated");
    }
    assert_eq!(
        proxy.connections.load(Ordering::SeqCst),
        2,
        "one reconnection"
    );
}

#[tokio::test]
async fn without_reconnection_a_lost_connection_is_an_error_item() {
    let (_catalog, server) = serve(Duration::from_millis(200)).await;
    let (proxy, mut events) = follow_through_proxy(&server, Reconnect::never()).await;
    proxy.cut();
    let item = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(item, Err(Error::Transport(_))), "{item:?}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn shutdown_ends_open_streams() {
    let (_catalog, server) = serve(Duration::from_secs(15)).await;
    let mut events = follow_changes(&server.base, None)
        .await
        .into_inner()
        .reconnect(Reconnect::never());
    add_product(&server, 1).await;
    events.try_next().await.unwrap().unwrap();
    // Graceful shutdown would wait for a stream that never ends; open
    // streams are ended instead (abruptly: their clients reconnect).
    tokio::time::timeout(Duration::from_secs(5), server.shutdown())
        .await
        .expect("shutdown does not wait for the stream");
    assert!(matches!(
        events.next().await,
        Some(Err(Error::Transport(_)))
    ));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn malformed_events_are_error_items_and_the_stream_goes_on() {
    let body = "event: product.created\ndata: {not json\nid: 1\n\n\
                : a comment\n\n\
                event: product.created\ndata: {\"sequence\":2,\"kind\":\"created\",\
                \"productId\":\"8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16\",\
                \"occurredAt\":\"2026-03-01T09:30:00Z\"}\nid: 2\n\n";
    let router = Router::new().route(
        "/products/changes",
        get(move || async move { ([("content-type", "text/event-stream")], body) }),
    );
    let server = TestServer::serve(router).await;
    let mut events = follow_changes(&server.base, None).await;
    match events.next().await {
        Some(Err(Error::Decode(error))) => {
            assert!(
                error.message().contains("event `product.created` (id 1)"),
                "{error}"
            );
            assert_eq!(error.raw_body(), b"{not json");
        }
        other => panic!("{other:?}"),
    }
    let good = events.try_next().await.unwrap().unwrap();
    assert_eq!(good.data.sequence, 2);
    // The server ended the stream normally: no reconnection, the end.
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_an_error() {
    let router = Router::new().route(
        "/products/changes",
        get(|| async {
            (
                [("content-type", "text/event-stream")],
                vec![0xff, 0xfe, b'\n'],
            )
        }),
    );
    let server = TestServer::serve(router).await;
    let mut events = follow_changes(&server.base, None).await;
    assert!(matches!(events.next().await, Some(Err(Error::Decode(_)))));
    assert!(events.next().await.is_none());
}
