//! The runtime used the way generated server glue uses it: one router with
//! every piece wired in, exercised over HTTP semantics end to end.

#![cfg(feature = "server")]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use specforge_runtime::conditional::{check_if_match, etag, is_not_modified, not_modified};
use specforge_runtime::cursor::{CursorCodec, Keyset, clamp_limit, paginate};
use specforge_runtime::deprecation::Deprecation;
use specforge_runtime::idempotency::{Idempotency, key_from_headers};
use specforge_runtime::rate_limit::{RateLimit, RateLimiter};
use specforge_runtime::request_id::RequestIdLayer;
use specforge_runtime::store::{MemoryStore, Store};
use specforge_runtime::{FieldError, PROBLEM_JSON, Problem, json, merge_patch, problem};
use tower::ServiceExt;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pet {
    id: u64,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
}

#[derive(Deserialize)]
struct NewPet {
    name: String,
    #[serde(default)]
    tag: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

struct AppState {
    pets: Mutex<BTreeMap<u64, Pet>>,
    codec: CursorCodec,
    idempotency: Idempotency,
    limiter: RateLimiter,
}

type Shared = Arc<AppState>;

async fn list_pets(
    State(state): State<Shared>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Problem> {
    let rate = state.limiter.check("anonymous:list_pets", None).await?;
    let limit = clamp_limit(query.limit, 2, 10);
    let after: Option<Keyset<String, u64>> =
        state.codec.decode_optional(query.cursor.as_deref())?;
    let mut pets: Vec<Pet> = state.pets.lock().unwrap().values().cloned().collect();
    pets.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
    let page = paginate(pets, after.as_ref(), limit, |pet| {
        (pet.name.clone(), pet.id)
    });
    let next = page.next.map(|next| state.codec.encode(&next));
    Ok((rate, Json(json!({"items": page.items, "nextCursor": next}))).into_response())
}

fn find(state: &AppState, id: u64) -> Result<Pet, Problem> {
    state
        .pets
        .lock()
        .unwrap()
        .get(&id)
        .cloned()
        .ok_or_else(|| Problem::not_found().with_detail(format!("No pet with id {id}.")))
}

fn with_etag(status: StatusCode, pet: &Pet) -> Response {
    let body = serde_json::to_vec(pet).unwrap();
    let tag = etag(&body);
    (
        status,
        [
            (header::ETAG, tag),
            (header::CONTENT_TYPE, "application/json".into()),
        ],
        body,
    )
        .into_response()
}

async fn get_pet(
    State(state): State<Shared>,
    Path(id): Path<u64>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let pet = find(&state, id)?;
    let tag = etag(&serde_json::to_vec(&pet).unwrap());
    if is_not_modified(&headers, Some(&tag)) {
        return Ok(not_modified(&tag));
    }
    Ok(with_etag(StatusCode::OK, &pet))
}

async fn create_pet(
    State(state): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let create = || async {
        let new: NewPet = match json::from_slice(&body) {
            Ok(new) => new,
            Err(problem) => return problem.into_response(),
        };
        if new.name.is_empty() {
            return Problem::validation(vec![FieldError::body("/name", "must not be empty")])
                .into_response();
        }
        let mut pets = state.pets.lock().unwrap();
        let id = pets.keys().next_back().map_or(1, |last| last + 1);
        let pet = Pet {
            id,
            name: new.name,
            tag: new.tag,
        };
        pets.insert(id, pet.clone());
        let mut response = with_etag(StatusCode::CREATED, &pet);
        response
            .headers_mut()
            .insert(header::LOCATION, format!("/pets/{id}").parse().unwrap());
        response
    };
    let target = uri.path_and_query().map_or("/", |target| target.as_str());
    Ok(match key_from_headers(&headers)? {
        Some(key) => {
            state
                .idempotency
                .run(None, &key, &Method::POST, target, &body, create)
                .await
        }
        None => create().await,
    })
}

async fn patch_pet(
    State(state): State<Shared>,
    Path(id): Path<u64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let pet = find(&state, id)?;
    check_if_match(&headers, Some(&etag(&serde_json::to_vec(&pet).unwrap())))?;
    let patch: Value = json::from_slice(&body)?;
    let patched: Pet = merge_patch::apply_to(&pet, &patch).map_err(|error| {
        Problem::unprocessable().with_detail(format!("The patched pet is invalid: {error}."))
    })?;
    if patched.id != id {
        return Err(Problem::unprocessable().with_detail("The id cannot change."));
    }
    state.pets.lock().unwrap().insert(id, patched.clone());
    Ok(with_etag(StatusCode::OK, &patched))
}

async fn old_pets() -> impl IntoResponse {
    (
        Deprecation::new().with_sunset("2030-01-01").unwrap(),
        Json(json!([])),
    )
}

fn app() -> Router {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let state = Arc::new(AppState {
        pets: Mutex::new(BTreeMap::new()),
        codec: CursorCodec::new([("k1", [7_u8; 32])]).unwrap(),
        idempotency: Idempotency::new(Arc::clone(&store)),
        limiter: RateLimiter::new(store, RateLimit::new(5, 0.001)),
    });
    Router::new()
        .route("/pets", get(list_pets).post(create_pet))
        .route("/pets/{id}", get(get_pet).patch(patch_pet))
        .route("/old-pets", get(old_pets))
        .fallback(|| async { Problem::not_found() })
        .with_state(state)
        .layer(axum::middleware::map_response(problem::framework_errors))
        .layer(RequestIdLayer::new())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn problem(&self) -> Problem {
        assert_eq!(self.headers[header::CONTENT_TYPE], PROBLEM_JSON);
        serde_json::from_slice(&self.body).unwrap()
    }
}

async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX).await.unwrap(),
    }
}

#[tokio::test]
async fn problems_carry_the_request_id_everywhere() {
    let app = app();
    let cases = [
        ("GET", "/nowhere", "", 404, "not_found"),
        ("DELETE", "/pets", "", 405, "method_not_allowed"),
        ("GET", "/pets/999", "", 404, "not_found"),
        ("GET", "/pets?limit=many", "", 400, "bad_request"),
        ("GET", "/pets?cursor=forged", "", 400, "invalid_cursor"),
        ("POST", "/pets", "{", 400, "malformed_json"),
        ("POST", "/pets", r#"{"name": 5}"#, 400, "validation_failed"),
        ("POST", "/pets", r#"{"name": ""}"#, 400, "validation_failed"),
    ];
    for (method, uri, body, status, code) in cases {
        let reply = call(&app, method, uri, &[("request-id", "trace-me")], body).await;
        assert_eq!(reply.status, status, "{method} {uri}");
        assert_eq!(reply.headers["request-id"], "trace-me");
        let problem = reply.problem();
        assert_eq!(problem.code, code, "{method} {uri}");
        assert_eq!(problem.request_id.as_deref(), Some("trace-me"));
    }
    let generated = call(&app, "GET", "/nowhere", &[], "").await;
    let id = generated.headers["request-id"].to_str().unwrap().to_owned();
    assert_eq!(generated.problem().request_id, Some(id));
}

#[tokio::test]
async fn create_is_idempotent_and_list_paginates() {
    let app = app();
    let key = [
        ("idempotency-key", "abc"),
        ("content-type", "application/json"),
    ];
    let first = call(&app, "POST", "/pets", &key, r#"{"name": "Rex"}"#).await;
    assert_eq!(first.status, 201);
    assert_eq!(first.headers["location"], "/pets/1");
    let replay = call(&app, "POST", "/pets", &key, r#"{"name": "Rex"}"#).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body, first.body);
    let reused = call(&app, "POST", "/pets", &key, r#"{"name": "Max"}"#).await;
    assert_eq!(reused.status, 422);
    assert_eq!(reused.problem().code, "idempotency_key_reused");
    let too_long = "k".repeat(256);
    let bad_key = call(
        &app,
        "POST",
        "/pets",
        &[("idempotency-key", too_long.as_str())],
        "{}",
    )
    .await;
    assert_eq!(bad_key.problem().code, "invalid_idempotency_key");

    for name in ["Ann", "Zed", "Bo"] {
        let body = format!(r#"{{"name": "{name}"}}"#);
        assert_eq!(call(&app, "POST", "/pets", &[], &body).await.status, 201);
    }
    let mut names = Vec::new();
    let mut uri = "/pets?limit=2".to_owned();
    loop {
        let page = call(&app, "GET", &uri, &[], "").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.headers["ratelimit-limit"], "5");
        let value = page.json();
        for item in value["items"].as_array().unwrap() {
            names.push(item["name"].as_str().unwrap().to_owned());
        }
        match value["nextCursor"].as_str() {
            Some(cursor) => uri = format!("/pets?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(names, ["Ann", "Bo", "Rex", "Zed"]);
}

#[tokio::test]
async fn rate_limit_answers_429_with_headers() {
    let app = app();
    for _ in 0..5 {
        assert_eq!(call(&app, "GET", "/pets", &[], "").await.status, 200);
    }
    let limited = call(&app, "GET", "/pets", &[("request-id", "rl-1")], "").await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(limited.headers["ratelimit-remaining"], "0");
    let problem = limited.problem();
    assert_eq!(problem.code, "rate_limited");
    assert_eq!(problem.request_id.as_deref(), Some("rl-1"));
}

async fn get_pet_if_none_match(app: &Router, tag: &str) -> Reply {
    call(app, "GET", "/pets/1", &[("if-none-match", tag)], "").await
}

#[tokio::test]
async fn conditional_get_and_patch() {
    let app = app();
    let created = call(
        &app,
        "POST",
        "/pets",
        &[],
        r#"{"name": "Rex", "tag": "dog"}"#,
    )
    .await;
    let tag = created.headers["etag"].to_str().unwrap().to_owned();

    // The current tag, strong or weak, answers 304 with no body; a stale
    // one, the pet.
    let weak = format!("W/{tag}");
    for (if_none_match, expected) in [(tag.as_str(), 304), (&weak, 304), ("\"stale\"", 200)] {
        let reply = get_pet_if_none_match(&app, if_none_match).await;
        assert_eq!(reply.status, expected, "if-none-match: {if_none_match}");
        if expected == 304 {
            assert!(reply.body.is_empty());
        }
    }

    let stale = call(&app, "PATCH", "/pets/1", &[("if-match", "\"stale\"")], "{}").await;
    assert_eq!(stale.status, 412);
    assert_eq!(stale.problem().code, "precondition_failed");
    let weak_match = call(&app, "PATCH", "/pets/1", &[("if-match", &weak)], "{}").await;
    assert_eq!(weak_match.status, 412);

    let patched = call(
        &app,
        "PATCH",
        "/pets/1",
        &[
            ("if-match", &tag),
            ("content-type", "application/merge-patch+json"),
        ],
        r#"{"tag": null, "name": "Max"}"#,
    )
    .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.json(), json!({"id": 1, "name": "Max"}));
    assert_ne!(patched.headers["etag"], tag.as_str());

    let invalid = call(&app, "PATCH", "/pets/1", &[], r#"{"name": null}"#).await;
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.problem().code, "unprocessable_content");
}

#[tokio::test]
async fn deprecated_operations_say_so() {
    let reply = call(&app(), "GET", "/old-pets", &[], "").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["deprecation"], "true");
    assert_eq!(reply.headers["sunset"], "Tue, 01 Jan 2030 00:00:00 GMT");
}
