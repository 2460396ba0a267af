//! The generated server's HTTP plumbing over real TCP, on a spec made to
//! exercise it (`tests/specs/plumbing.yaml`): every parameter style, each
//! body kind, handler panics, and basic / query / cookie credentials.

use reqwest::{RequestBuilder, StatusCode};
use serde_json::{Value, json};

mod plumbing_support;

use plumbing_support::{serve, serve_with};

/// Sends `request`: the status and JSON body of the answer.
async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

/// `GET /styles/{rest}` with `headers`, from a new server: the status and
/// JSON body of the answer.
async fn get_styles(rest: &str, headers: &[(&str, &str)]) -> (StatusCode, Value) {
    let base = serve().await;
    let mut request = reqwest::Client::new().get(format!("{base}/styles/{rest}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(request).await
}

/// The (location, pointer) of each error of a validation problem, sorted.
fn error_places(problem: &Value) -> Vec<(&str, &str)> {
    let mut places: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let field = |name: &str| e[name].as_str().unwrap();
            (field("location"), field("pointer"))
        })
        .collect();
    places.sort();
    places
}

#[tokio::test]
async fn every_parameter_style_decodes() {
    let (status, echo) = get_styles(
        "a,b/.1,2/;matrix=x;matrix=y/R=1,G=2?tags=t1&tags=t2&ids=3,4&words=w1%20w2&pipes=p1|p2&filter[color]=red&filter[size]=L&flag=true&from=4&label=09&days=1&days=2&range[states]=open&range[states][]=held&range[min]=2",
        &[
            ("x-list", "5, 6"),
            ("x-pair", "code=01, size=3"),
            ("cookie", "session=abc; prefs=c1,c2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        echo,
        json!({
            "simple": ["a", "b"], "label": [1, 2], "matrix": ["x", "y"], "object": {"G": 2, "R": 1},
            "tags": ["t1", "t2"], "ids": [3, 4], "words": ["w1", "w2"], "pipes": ["p1", "p2"],
            "filter": {"color": "red", "size": "L"}, "flag": true, "xList": [5, 6],
            "session": "abc", "prefs": ["c1", "c2"],
            // An object exploded into the query: its members are pairs of
            // their own; a member declared a string keeps `09` as text.
            "window": {"from": 4, "label": "09", "days": [1, 2]}, "xPair": {"code": "01", "size": 3},
            // A list member of a deepObject repeats its name (`[]` or not).
            "range": {"states": ["open", "held"], "min": 2}
        })
    );
}

#[tokio::test]
async fn null_is_taken_for_a_nullable_object_member_only() {
    let (status, echo) = get_styles("a/.1/;matrix=x/R=1?range[max]=null&range[min]=2", &[]).await;
    assert_eq!(status, StatusCode::OK, "{echo}");
    assert_eq!(echo["range"], json!({"min": 2, "max": null}));
    let (status, problem) = get_styles("a/.1/;matrix=x/R=1?range[min]=null", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_places(&problem),
        [("query", "/range/min")],
        "{problem}"
    );
}

#[tokio::test]
async fn malformed_parameters_are_all_reported() {
    let (status, problem) = get_styles(
        "a/1,2/;matrix=x/R=one?ids=3,x&flag=maybe",
        &[("x-list", "five")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_places(&problem),
        [
            ("header", "/x-list"),
            ("path", "/label"),
            ("path", "/object"),
            ("query", "/flag"),
            ("query", "/ids"),
        ],
        "{problem}"
    );
}

#[tokio::test]
async fn form_text_and_streamed_binary_bodies() {
    let base = serve().await;
    let client = reqwest::Client::new();
    let form = |fields: &[(&str, &str)]| client.post(format!("{base}/bodies/form")).form(fields);
    let (_, echo) = send(form(&[("name", "Ada"), ("count", "3")])).await;
    assert_eq!(echo, json!({"name": "Ada", "count": 3}));
    let (status, invalid) = send(form(&[("name", ""), ("count", "30")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid["errors"].as_array().unwrap().len(), 2);

    let text = client
        .post(format!("{base}/bodies/text"))
        .header("content-type", "text/plain")
        .body("stressed")
        .send()
        .await
        .unwrap();
    assert_eq!(text.headers()["content-type"], "text/plain");
    assert_eq!(text.text().await.unwrap(), "desserts");

    // 8 MiB streamed in 64 KiB chunks: well past the 1 MiB buffered-body limit.
    let chunks =
        futures::stream::iter((0..128).map(|_| Ok::<_, std::io::Error>(vec![7u8; 64 * 1024])));
    let binary = client
        .put(format!("{base}/bodies/binary"))
        .header("content-type", "application/octet-stream")
        .body(reqwest::Body::wrap_stream(chunks));
    assert_eq!(
        send(binary).await,
        (StatusCode::OK, json!({"bytes": 8 * 1024 * 1024}))
    );
}

#[tokio::test]
async fn constraint_violations_in_nested_bodies() {
    let base = serve().await;
    let validate = |body: Value| {
        reqwest::Client::new()
            .post(format!("{base}/validate"))
            .json(&body)
    };
    let body = json!({"code": "abc", "step": 0.3, "ratio": 0, "items": ["a", "a", "b"], "level": "mid", "nested": {"count": 0}});
    let (status, problem) = send(validate(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut pointers: Vec<&str> = error_places(&problem).into_iter().map(|(_, p)| p).collect();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/code",
            "/items",
            "/items",
            "/level",
            "/nested/count",
            "/ratio",
            "/step"
        ],
        "{problem}"
    );

    let valid = json!({"code": "ABC", "step": 1.5, "ratio": 0.5, "items": ["a"], "level": "low", "nested": {"count": 1}});
    let response = validate(valid).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_problem_without_internals() {
    let base = serve().await;
    let response = reqwest::get(format!("{base}/panic")).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert!(response.headers().contains_key("request-id"));
    let body = response.text().await.unwrap();
    assert!(!body.contains("secret"), "{body}");
    // The server keeps serving.
    assert_eq!(
        reqwest::get(format!("{base}/openapi.json"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn handler_layers_find_the_principal_in_the_extensions() {
    use specforge_runtime::server::{OperationService, Principal};
    use tower::ServiceExt;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let record = std::sync::Arc::clone(&seen);
    let base = serve_with(|options| {
        options.handler_layer(tower::layer::layer_fn(move |inner: OperationService| {
            let record = std::sync::Arc::clone(&record);
            tower::service_fn(move |request: axum::extract::Request| {
                let principal = request.extensions().get::<Principal>();
                record
                    .lock()
                    .unwrap()
                    .push(principal.map_or("none".into(), |p| p.id.to_string()));
                inner.clone().oneshot(request)
            })
        }))
    })
    .await;
    let client = reqwest::Client::new();
    let basic = client
        .get(format!("{base}/auth/basic"))
        .basic_auth("ada", Some("open-sesame"));
    // The layer saw the principal, and the handler still has it.
    assert_eq!(send(basic).await.1, "ada");
    assert_eq!(*seen.lock().unwrap(), ["ada"]);
}

#[tokio::test]
async fn basic_query_and_cookie_credentials() {
    let base = serve().await;
    let client = reqwest::Client::new();
    let basic = |password| {
        client
            .get(format!("{base}/auth/basic"))
            .basic_auth("ada", Some(password))
    };
    assert_eq!(send(basic("open-sesame")).await.1, "ada");
    let wrong = basic("nope").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(
        wrong.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );

    let query = client.get(format!("{base}/auth/query?api_key=k-123"));
    assert_eq!(send(query).await.1, "queryKey-user");
    let cookie = client
        .get(format!("{base}/auth/cookie"))
        .header("cookie", "token=k-123");
    assert_eq!(send(cookie).await.1, "cookieKey-user");
    assert_eq!(
        client
            .get(format!("{base}/auth/cookie"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
