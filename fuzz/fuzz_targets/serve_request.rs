//! Whole requests through the generated catalog router, in process
//! (`tower::ServiceExt::oneshot`), against the example implementation with
//! its development credentials, a fresh catalog per input.
//!
//! The input is text: up to four requests separated by lines `===`, each
//!
//! ```text
//! METHOD /path?query
//! header-name: value
//!
//! body
//! ```
//!
//! In the target, headers and body, `{id}`, `{etag}` and `{cursor}` become
//! the last `id` (top level or first item), `etag` header and `nextCursor`
//! the catalog answered, so sequences (create, then read, change, page) are
//! reachable. A line that is not a valid method, URI or header is dropped.
//!
//! Every answer must be below 500, or 503; a problem body (but for HEAD)
//! must be JSON whose `status` is the response's.

#![no_main]

mod stack;

use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Body;
use catalog_server::{Catalog, app};
use http::{HeaderName, HeaderValue, Method, Request};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use specforge_runtime::cursor::CursorCodec;
use specforge_runtime::server::ServerOptions;
use tower::ServiceExt;

const MAX_REQUESTS: usize = 4;
const NIL: &str = "00000000-0000-0000-0000-000000000000";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// What earlier answers told, for the placeholders of later requests.
struct Seen {
    id: String,
    etag: String,
    cursor: String,
}

impl Seen {
    fn fill(&self, text: &str) -> String {
        text.replace("{id}", &self.id)
            .replace("{etag}", &self.etag)
            .replace("{cursor}", &self.cursor)
    }
}

fuzz_target!(init: stack::report_overflows(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let requests: Vec<&str> = text.split("\n===\n").take(MAX_REQUESTS).collect();
    runtime().block_on(serve(requests));
});

async fn serve(requests: Vec<&str>) {
    let catalog = Catalog::new()
        .expect("a temporary image directory")
        .with_export_delay(Duration::ZERO);
    let codec = CursorCodec::new([("fuzz", [7u8; 32])]).expect("a valid cursor key");
    let options = ServerOptions::default()
        .rate_limit(None)
        .cursor_codec(codec)
        .body_limit(64 * 1024);
    let router = app(catalog, options);
    let mut seen = Seen {
        id: NIL.to_owned(),
        etag: "\"0\"".to_owned(),
        cursor: String::new(),
    };
    for raw in requests {
        let Some(request) = build(raw, &seen) else {
            continue;
        };
        let what = format!("{} {}", request.method(), request.uri());
        // A HEAD answer has the headers of a GET and no body.
        let head = request.method() == Method::HEAD;
        let response = router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, 16 << 20)
            .await
            .expect("the response body is readable");
        assert!(
            !status.is_server_error() || status.as_u16() == 503,
            "{what} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let json = serde_json::from_slice::<Value>(&body).ok();
        if content_type.starts_with("application/problem+json") && !head {
            let problem = json.as_ref().unwrap_or_else(|| {
                panic!(
                    "{what}: a problem body that is not JSON: {}",
                    String::from_utf8_lossy(&body)
                )
            });
            if let Some(reported) = problem.get("status") {
                assert_eq!(
                    reported.as_u64(),
                    Some(u64::from(status.as_u16())),
                    "{what}: problem status differs from {status}"
                );
            }
        }
        if let Some(etag) = parts
            .headers
            .get(http::header::ETAG)
            .and_then(|v| v.to_str().ok())
        {
            seen.etag = etag.to_owned();
        }
        if let Some(json) = json {
            let id = json
                .get("id")
                .or_else(|| json.pointer("/items/0/id"))
                .and_then(Value::as_str);
            if let Some(id) = id {
                seen.id = id.to_owned();
            }
            if let Some(cursor) = json.get("nextCursor").and_then(Value::as_str) {
                seen.cursor = cursor.to_owned();
            }
        }
    }
}

/// One request from its text, or `None` when its first line is not a
/// method and an origin-form target.
fn build(raw: &str, seen: &Seen) -> Option<Request<Body>> {
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    let mut lines = head.lines();
    let (method, target) = lines.next()?.trim_end().split_once(' ')?;
    let method = Method::from_bytes(method.as_bytes()).ok()?;
    let target = seen.fill(target);
    if !target.starts_with('/') {
        return None;
    }
    let mut request = Request::builder().method(method).uri(target.as_str());
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim().as_bytes()),
            HeaderValue::from_str(&seen.fill(value.trim())),
        ) else {
            continue;
        };
        request = request.header(name, value);
    }
    request.body(Body::from(seen.fill(body))).ok()
}
