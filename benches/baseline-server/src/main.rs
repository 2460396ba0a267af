//! The baseline of `scripts/bench-server`: three of the catalog's routes
//! written by hand on axum, doing per request the work the generated server
//! running `catalog-server` does, so that the difference in throughput is
//! the cost of the generated plumbing:
//!
//! - `GET /products/{productId}`: bearer check, path parsing, lookup,
//!   JSON, strong ETag (`if-none-match` → 304);
//! - `GET /products?limit&cursor`: a keyset page sorted by creation time,
//!   with an HMAC-signed cursor and an ETag;
//! - `POST /products`: content type, JSON decoding, `NewProduct`'s schema
//!   constraints checked by hand (400 with every violation), unique SKU
//!   (409), the product written through to an in-memory SQLite database by
//!   the catalog's own storage (`catalog_server::Db`, as
//!   `catalog-server --in-memory` opens it), the creation recorded in a change
//!   feed (the last 10,000 kept, each sent to live readers) as the
//!   catalog's does for its change stream, 201 with `location` and `etag`.
//!
//! - `POST /orders`: an `Idempotency-Key` guard by hand (the key scoped to
//!   the caller, a fingerprint of method, target and body hash, an
//!   in-progress record, the response stored and replayed with
//!   `idempotent-replayed`, 409 while running, 422 for another request),
//!   `NewOrder`'s constraints, lines priced from active products, the order
//!   written through to the same storage, 201 with `location`.
//!
//! Every answer echoes (or makes up) a `request-id`; errors are
//! `application/problem+json`. Usage: `baseline-server [--addr ADDR]`
//! (default `127.0.0.1:8081`); the first line on stdout is
//! `baseline on http://<address>`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use catalog_server::{DEV_TOKEN, Db};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Page sizes, as in the spec.
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Draft,
    Active,
    Archived,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Dimensions {
    width_cm: f64,
    height_cm: f64,
    depth_cm: f64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    id: Uuid,
    sku: String,
    name: String,
    description: Option<String>,
    price: f64,
    status: Status,
    tags: Vec<String>,
    category_ids: Vec<Uuid>,
    attributes: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dimensions: Option<Dimensions>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewProduct {
    sku: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    price: f64,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    category_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    attributes: Option<BTreeMap<String, String>>,
    #[serde(default)]
    dimensions: Option<Dimensions>,
}

/// One page of products.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    items: Vec<Product>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// What a cursor remembers: the sort, the last row's key and id.
#[derive(Serialize, Deserialize)]
struct Position {
    s: String,
    k: String,
    i: Uuid,
}

struct Data {
    /// Written through on every change, with the catalog's own storage.
    db: Db,
    products: BTreeMap<Uuid, Product>,
    skus: HashSet<String>,
    orders: BTreeMap<Uuid, Value>,
}

/// One idempotency record: the request's fingerprint and, once it ran, its
/// answer (status, body).
struct Record {
    fingerprint: String,
    answer: Option<(StatusCode, Bytes, String)>,
}

impl Data {
    /// Empty, over an in-memory database, as `catalog-server --in-memory`.
    fn new() -> std::io::Result<Self> {
        Ok(Self {
            db: Db::open(None).map_err(std::io::Error::other)?,
            products: BTreeMap::new(),
            skus: HashSet::new(),
            orders: BTreeMap::new(),
        })
    }
}

struct App {
    data: Mutex<Data>,
    cursor_key: [u8; 32],
    /// Idempotency records by `<principal>:<key>`, as the memory store.
    records: Mutex<HashMap<String, Record>>,
    changes: Changes,
}

/// A product's creation, as the catalog's change feed records it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Change {
    sequence: i64,
    kind: &'static str,
    product_id: Uuid,
    at: DateTime<Utc>,
    product: Option<Product>,
}

/// The change feed: the last `KEPT` changes, and a channel to live readers.
struct Changes {
    kept: Mutex<(i64, VecDeque<Change>)>,
    live: tokio::sync::broadcast::Sender<Change>,
}

impl Changes {
    const KEPT: usize = 10_000;

    fn new() -> Self {
        Self {
            kept: Mutex::new((0, VecDeque::new())),
            live: tokio::sync::broadcast::channel(1024).0,
        }
    }

    fn record(&self, product: &Product) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.0 += 1;
        let change = Change {
            sequence: kept.0,
            kind: "created",
            product_id: product.id,
            at: Utc::now(),
            product: Some(product.clone()),
        };
        if kept.1.len() == Self::KEPT {
            kept.1.pop_front();
        }
        kept.1.push_back(change.clone());
        // No live reader is not an error.
        let _ = self.live.send(change);
    }
}

impl App {
    fn data(&self) -> MutexGuard<'_, Data> {
        self.data.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn records(&self) -> MutexGuard<'_, HashMap<String, Record>> {
        self.records.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// An `application/problem+json` answer.
struct Problem {
    status: StatusCode,
    code: &'static str,
    detail: String,
    errors: Vec<Value>,
    headers: Vec<(header::HeaderName, &'static str)>,
}

impl Problem {
    fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A 400 `validation_failed` listing each (pointer, detail) violation
    /// found in the request's `location` (path, query or body).
    fn invalid(location: &str, errors: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut problem = Self::new(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            "The request is invalid.",
        );
        problem.errors = errors
            .into_iter()
            .map(|(pointer, detail)| json!({"location": location, "pointer": pointer, "detail": detail}))
            .collect();
        problem
    }

    fn into_response(self, request_id: &HeaderValue) -> Response {
        let mut body = json!({
            "type": "about:blank",
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "status": self.status.as_u16(),
            "detail": self.detail,
            "code": self.code,
            "requestId": request_id.to_str().unwrap_or_default(),
        });
        if !self.errors.is_empty() {
            body["errors"] = Value::Array(self.errors);
        }
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
        for (name, value) in self.headers {
            response
                .headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
        response
            .headers_mut()
            .insert("request-id", request_id.clone());
        response
    }
}

/// The incoming `request-id` when it is reasonable, else a new one.
fn request_id(headers: &HeaderMap) -> HeaderValue {
    headers
        .get("request-id")
        .filter(|v| !v.is_empty() && v.len() <= 200 && v.to_str().is_ok())
        .cloned()
        .unwrap_or_else(|| {
            HeaderValue::from_str(&Uuid::new_v4().to_string()).expect("a uuid is a header value")
        })
}

/// Checks `authorization: Bearer dev-token`.
fn authorize(headers: &HeaderMap) -> Result<(), Problem> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if token == Some(DEV_TOKEN) {
        return Ok(());
    }
    let mut problem = Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Missing or invalid credentials.",
    );
    problem.headers.push((header::WWW_AUTHENTICATE, "Bearer"));
    Err(problem)
}

fn etag(bytes: &[u8]) -> String {
    let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
    format!("\"{}\"", &digest[..27])
}

/// A JSON answer pointing at `location` (a created or replayed resource).
fn json_at(
    status: StatusCode,
    body: impl IntoResponse,
    location: &str,
    request_id: HeaderValue,
) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(location).expect("a path is a header value"),
    );
    headers.insert("request-id", request_id);
    response
}

/// A 200 JSON answer with its ETag, or 304 when `if-none-match` has it.
fn json_with_etag(headers: &HeaderMap, request_id: HeaderValue, body: Vec<u8>) -> Response {
    let tag = etag(&body);
    let tag_value = HeaderValue::from_str(&tag).expect("an etag is a header value");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(Body::from(body));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    };
    response.headers_mut().insert(header::ETAG, tag_value);
    response.headers_mut().insert("request-id", request_id);
    response
}

async fn get_product(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let request_id = request_id(&headers);
    let result = (|| {
        authorize(&headers)?;
        let id = Uuid::parse_str(&id).map_err(|error| {
            Problem::invalid("path", [("/productId".into(), error.to_string())])
        })?;
        let product = app.data().products.get(&id).cloned();
        product.ok_or_else(|| {
            Problem::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("No product with id {id}."),
            )
        })
    })();
    match result {
        Ok(product) => json_with_etag(
            &headers,
            request_id,
            serde_json::to_vec(&product).expect("a product serializes"),
        ),
        Err(problem) => problem.into_response(&request_id),
    }
}

async fn list_products(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let request_id = request_id(&headers);
    match list_page(&app, &headers, &query) {
        Ok(page) => json_with_etag(
            &headers,
            request_id,
            serde_json::to_vec(&page).expect("a page serializes"),
        ),
        Err(problem) => problem.into_response(&request_id),
    }
}

fn list_page(
    app: &App,
    headers: &HeaderMap,
    query: &BTreeMap<String, String>,
) -> Result<Page, Problem> {
    authorize(headers)?;
    let invalid =
        |pointer: &str, detail: &str| Problem::invalid("query", [(pointer.into(), detail.into())]);
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
            _ => return Err(invalid("/limit", "must be an integer from 1 to 100")),
        },
    };
    let after = match query.get("cursor") {
        None => None,
        Some(cursor) => Some(
            decode_cursor(&app.cursor_key, cursor)
                .filter(|position| position.s == "createdAt")
                .ok_or_else(|| invalid("/cursor", "is not a cursor this server made"))?,
        ),
    };
    // As the catalog does: clone the matching rows, key each once, sort.
    let rows: Vec<Product> = app.data().products.values().cloned().collect();
    let mut keyed: Vec<((String, Uuid), Product)> = rows
        .into_iter()
        .map(|p| ((p.created_at.to_rfc3339(), p.id), p))
        .filter(|(key, _)| {
            after
                .as_ref()
                .is_none_or(|after| (&key.0, key.1) > (&after.k, after.i))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let more = keyed.len() > limit;
    keyed.truncate(limit);
    let next = match keyed.last() {
        Some(((key, id), _)) if more => Some(encode_cursor(
            &app.cursor_key,
            &Position {
                s: "createdAt".into(),
                k: key.clone(),
                i: *id,
            },
        )),
        _ => None,
    };
    let items = keyed.into_iter().map(|(_, p)| p).collect();
    Ok(Page {
        items,
        next_cursor: next,
    })
}

type HmacSha256 = Hmac<Sha256>;

fn sign(key: &[u8; 32], payload: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("any key length works");
    mac.update(payload);
    mac
}

/// `base64url(json).base64url(hmac)`.
fn encode_cursor(key: &[u8; 32], position: &Position) -> String {
    let payload = serde_json::to_vec(position).expect("a position serializes");
    let tag = sign(key, &payload).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

fn decode_cursor(key: &[u8; 32], cursor: &str) -> Option<Position> {
    let (payload, tag) = cursor.split_once('.')?;
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    sign(key, &payload).verify_slice(&tag).ok()?;
    serde_json::from_slice(&payload).ok()
}

async fn create_product(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = request_id(&headers);
    match create(&app, &headers, &body) {
        Ok((product, bytes)) => {
            let location = format!("/products/{}", product.id);
            // Tagged over the bytes sent, as the generated server does.
            let tag = HeaderValue::from_str(&etag(&bytes)).expect("an etag is a header value");
            let mut response = json_at(StatusCode::CREATED, bytes, &location, request_id);
            response.headers_mut().insert(header::ETAG, tag);
            response
        }
        Err(problem) => problem.into_response(&request_id),
    }
}

fn create(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<(Product, Vec<u8>), Problem> {
    authorize(headers)?;
    let new = json_body(headers, body, validate)?;
    let mut data = app.data();
    if data.skus.contains(&new.sku) {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("A product with SKU {} exists.", new.sku),
        ));
    }
    if let Some(missing) = new.category_ids.iter().flatten().next() {
        // This baseline has no categories.
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            format!("No category with id {missing}."),
        ));
    }
    let now = Utc::now();
    let product = Product {
        id: Uuid::new_v4(),
        sku: new.sku,
        name: new.name,
        description: new.description,
        price: new.price,
        status: new.status.unwrap_or(Status::Draft),
        tags: new.tags.unwrap_or_default(),
        category_ids: new.category_ids.unwrap_or_default(),
        attributes: new.attributes.unwrap_or_default(),
        dimensions: new.dimensions,
        created_at: now,
        updated_at: now,
    };
    data.db.save("product", product.id, &product).map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The product could not be stored.",
        )
    })?;
    data.skus.insert(product.sku.clone());
    data.products.insert(product.id, product.clone());
    app.changes.record(&product);
    drop(data);
    let bytes = serde_json::to_vec(&product).expect("a product serializes");
    Ok((product, bytes))
}

/// 415 unless `content-type` is JSON. As the generated server judges it: the
/// media type's essence (before any `;` parameters such as `charset`,
/// trimmed) is `application/json`, case-insensitively.
fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "This operation accepts application/json.",
        ))
    }
}

/// The JSON body as `T` (415 unless the content type is JSON), held to `T`'s
/// constraints by `check` (400 listing every violation).
fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    check: fn(&T) -> Vec<(String, String)>,
) -> Result<T, Problem> {
    require_json(headers)?;
    let value: T = serde_json::from_slice(body)
        .map_err(|error| Problem::invalid("body", [(String::new(), error.to_string())]))?;
    let errors = check(&value);
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Problem::invalid("body", errors))
    }
}

/// `NewProduct`'s schema constraints: (pointer, detail) per violation.
fn validate(new: &NewProduct) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    let mut fail = |pointer: String, detail: &str| errors.push((pointer, detail.to_owned()));
    let sku_ok = (4..=32).contains(&new.sku.len())
        && new
            .sku
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if !sku_ok {
        fail("/sku".into(), "must match ^[A-Z0-9-]{4,32}$");
    }
    if !(1..=200).contains(&new.name.chars().count()) {
        fail("/name".into(), "must have 1 to 200 characters");
    }
    if new
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 5000)
    {
        fail("/description".into(), "must have at most 5000 characters");
    }
    if !(new.price >= 0.0 && new.price < 1_000_000.0) {
        fail("/price".into(), "must be at least 0 and less than 1000000");
    }
    if let Some(tags) = &new.tags {
        if tags.len() > 20 {
            fail("/tags".into(), "must have at most 20 items");
        }
        for (i, tag) in tags.iter().enumerate() {
            if !(1..=50).contains(&tag.chars().count()) {
                fail(format!("/tags/{i}"), "must have 1 to 50 characters");
            }
            if tags[..i].contains(tag) {
                fail("/tags".into(), "must not repeat items");
            }
        }
    }
    if let Some(ids) = &new.category_ids
        && ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id))
    {
        fail("/categoryIds".into(), "must not repeat items");
    }
    if let Some(attributes) = &new.attributes {
        if attributes.len() > 50 {
            fail("/attributes".into(), "must have at most 50 properties");
        }
        for (name, value) in attributes {
            if value.chars().count() > 200 {
                fail(
                    format!("/attributes/{name}"),
                    "must have at most 200 characters",
                );
            }
        }
    }
    if let Some(d) = &new.dimensions {
        for (name, value) in [
            ("widthCm", d.width_cm),
            ("heightCm", d.height_cm),
            ("depthCm", d.depth_cm),
        ] {
            if value.is_nan() || value < 0.0 {
                fail(format!("/dimensions/{name}"), "must be at least 0");
            }
        }
    }
    errors
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOrderLine {
    #[serde(rename = "productId")]
    product_id: Uuid,
    quantity: i32,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Address {
    line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line2: Option<String>,
    city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(rename = "postalCode")]
    postal_code: String,
    country: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOrder {
    lines: Vec<NewOrderLine>,
    #[serde(rename = "shippingAddress")]
    shipping_address: Address,
    #[serde(default)]
    payment: Option<Value>,
    #[serde(default)]
    note: Option<String>,
}

/// `NewOrder`'s constraints: (pointer, detail) per violation.
fn validate_order(new: &NewOrder) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if !(1..=100).contains(&new.lines.len()) {
        errors.push(("/lines".into(), "must have 1 to 100 items".into()));
    }
    for (i, line) in new.lines.iter().enumerate() {
        if !(1..=1000).contains(&line.quantity) {
            errors.push((
                format!("/lines/{i}/quantity"),
                "must be from 1 to 1000".into(),
            ));
        }
    }
    let a = &new.shipping_address;
    let within = |text: &str, min: usize, max: usize| (min..=max).contains(&text.chars().count());
    for (pointer, ok) in [
        ("/shippingAddress/line1", within(&a.line1, 1, 200)),
        (
            "/shippingAddress/line2",
            a.line2.as_deref().is_none_or(|t| within(t, 0, 200)),
        ),
        ("/shippingAddress/city", within(&a.city, 1, 100)),
        (
            "/shippingAddress/region",
            a.region.as_deref().is_none_or(|t| within(t, 0, 100)),
        ),
        ("/shippingAddress/postalCode", within(&a.postal_code, 1, 20)),
        (
            "/shippingAddress/country",
            a.country.len() == 2 && a.country.bytes().all(|b| b.is_ascii_uppercase()),
        ),
        (
            "/note",
            new.note.as_deref().is_none_or(|t| within(t, 0, 500)),
        ),
    ] {
        if !ok {
            errors.push((pointer.into(), "is invalid".into()));
        }
    }
    errors
}

async fn create_order(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    body: Bytes,
) -> Response {
    let request_id = request_id(&headers);
    if let Err(problem) = authorize(&headers) {
        return problem.into_response(&request_id);
    }
    let key = match headers
        .get("idempotency-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
    {
        Some(key) if (1..=255).contains(&key.chars().count()) => key.into_owned(),
        _ => {
            return Problem::new(
                StatusCode::BAD_REQUEST,
                "validation_failed",
                "Idempotency-Key is required.",
            )
            .into_response(&request_id);
        }
    };
    // The same scoping and fingerprint as the generated guard.
    let scoped = format!("developer:{key}");
    let fingerprint = format!(
        "POST {} {}",
        uri.path_and_query().map_or("/", |p| p.as_str()),
        URL_SAFE_NO_PAD.encode(Sha256::digest(&body))
    );
    {
        let mut records = app.records();
        match records.get(&scoped) {
            Some(record) if record.fingerprint != fingerprint => {
                return Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "Reused key.",
                )
                .into_response(&request_id);
            }
            Some(Record {
                answer: Some((status, bytes, location)),
                ..
            }) => {
                let mut response = json_at(*status, bytes.clone(), location, request_id);
                response
                    .headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
                return response;
            }
            Some(_) => {
                let mut problem = Problem::new(
                    StatusCode::CONFLICT,
                    "idempotency_key_in_use",
                    "Still running.",
                );
                problem.headers.push((header::RETRY_AFTER, "1"));
                return problem.into_response(&request_id);
            }
            None => {
                records.insert(
                    scoped.clone(),
                    Record {
                        fingerprint,
                        answer: None,
                    },
                );
            }
        }
    }
    match place_order(&app, &headers, &body) {
        Ok((id, bytes)) => {
            let location = format!("/orders/{id}");
            app.records().entry(scoped).and_modify(|record| {
                record.answer = Some((StatusCode::CREATED, bytes.clone(), location.clone()))
            });
            json_at(StatusCode::CREATED, bytes, &location, request_id)
        }
        Err(problem) => {
            // A 4xx is the outcome and is kept; this baseline has no 5xx path.
            app.records().remove(&scoped);
            problem.into_response(&request_id)
        }
    }
}

fn place_order(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<(Uuid, Bytes), Problem> {
    let new = json_body(headers, body, validate_order)?;
    let mut data = app.data();
    let mut lines = Vec::with_capacity(new.lines.len());
    let mut total = 0.0;
    for line in &new.lines {
        match data.products.get(&line.product_id) {
            Some(product) if product.status == Status::Active => {
                let line_total = product.price * f64::from(line.quantity);
                total += line_total;
                lines.push(
                    json!({"productId": line.product_id, "quantity": line.quantity,
                                  "unitPrice": product.price, "lineTotal": line_total}),
                );
            }
            _ => {
                return Err(Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unprocessable",
                    "A line cannot be ordered.",
                ));
            }
        }
    }
    let id = Uuid::new_v4();
    let mut order = json!({
        "id": id, "status": "pending", "lines": lines, "total": (total * 100.0).round() / 100.0,
        "currency": "EUR", "shippingAddress": new.shipping_address, "createdAt": Utc::now(),
    });
    if let Some(payment) = new.payment {
        order["payment"] = payment;
    }
    if let Some(note) = new.note {
        order["note"] = note.into();
    }
    data.db
        .save("order", id, &order)
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Not stored."))?;
    let bytes = Bytes::from(serde_json::to_vec(&order).expect("an order serializes"));
    data.orders.insert(id, order);
    Ok((id, bytes))
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/orders", axum::routing::post(create_order))
        .route("/products", get(list_products).post(create_product))
        .route("/products/{productId}", get(get_product))
        .with_state(app)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = "127.0.0.1:8081".parse().expect("a socket address");
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--addr", Some(value)) => {
                addr = value.parse().map_err(|_| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        format!("bad --addr {value:?}"),
                    )
                })?;
            }
            _ => {
                eprintln!("usage: baseline-server [--addr ADDR]");
                std::process::exit(2);
            }
        }
    }
    let mut cursor_key = [0u8; 32];
    cursor_key[..16].copy_from_slice(Uuid::new_v4().as_bytes());
    cursor_key[16..].copy_from_slice(Uuid::new_v4().as_bytes());
    let data = Data::new()?;
    let app = Arc::new(App {
        data: Mutex::new(data),
        cursor_key,
        records: Mutex::new(HashMap::new()),
        changes: Changes::new(),
    });
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("baseline on http://{}", listener.local_addr()?);
    axum::serve(listener, router(app)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_product(body: Value) -> NewProduct {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn validation_matches_the_schema() {
        let ok = new_product(json!({"sku": "AB-12", "name": "Mug", "price": 8.0}));
        assert!(validate(&ok).is_empty());
        let bad = new_product(json!({
            "sku": "ab", "name": "", "price": 1e6, "tags": ["x", "x", ""],
            "dimensions": {"widthCm": -1.0, "heightCm": 0.0, "depthCm": 0.0}
        }));
        let pointers: Vec<String> = validate(&bad).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            pointers,
            [
                "/sku",
                "/name",
                "/price",
                "/tags",
                "/tags/2",
                "/dimensions/widthCm"
            ]
        );
        assert!(
            serde_json::from_value::<NewProduct>(
                json!({"sku": "AB-12", "name": "Mug", "price": 1, "x": 1})
            )
            .is_err()
        );
    }

    #[test]
    fn only_json_bodies_are_accepted() {
        let with = |content_type: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
            require_json(&headers).map_err(|problem| (problem.status, problem.detail))
        };
        for accepted in [
            "application/json",
            "application/json; charset=utf-8",
            " Application/JSON ;charset=UTF-8",
        ] {
            assert!(with(accepted).is_ok(), "{accepted:?}");
        }
        for refused in ["application/jsonx", "text/plain", "application/json-seq"] {
            assert_eq!(
                with(refused),
                Err((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "This operation accepts application/json.".to_owned()
                )),
                "{refused:?}"
            );
        }
        assert!(require_json(&HeaderMap::new()).is_err());
    }

    #[test]
    fn cursors_round_trip_and_refuse_tampering() {
        let key = [7u8; 32];
        let cursor = encode_cursor(
            &key,
            &Position {
                s: "createdAt".into(),
                k: "2026-01-01T00:00:00+00:00".into(),
                i: Uuid::nil(),
            },
        );
        assert_eq!(
            decode_cursor(&key, &cursor).unwrap().k,
            "2026-01-01T00:00:00+00:00"
        );
        assert!(decode_cursor(&[8u8; 32], &cursor).is_none());
        assert!(decode_cursor(&key, &cursor.replace('.', "x.")).is_none());
    }
}
