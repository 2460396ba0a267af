//! The generated server's HTTP plumbing over real TCP, on a spec made to
//! exercise it (`tests/specs/plumbing.yaml`): every parameter style, each
//! body kind, handler panics, and basic / query / cookie credentials.

use reqwest::StatusCode;
use serde_json::{Value, json};

mod plumbing_support;

use plumbing_support::serve;

#[tokio::test]
async fn every_parameter_style_decodes() {
    let base = serve().await;
    let response = reqwest::Client::new()
        .get(format!(
            "{base}/styles/a,b/.1,2/;matrix=x;matrix=y/R=1,G=2?tags=t1&tags=t2&ids=3,4&words=w1%20w2&pipes=p1|p2&filter[color]=red&filter[size]=L&flag=true"
        ))
        .header("x-list", "5, 6")
        .header("cookie", "session=abc; prefs=c1,c2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let echo: Value = response.json().await.unwrap();
    assert_eq!(
        echo,
        json!({
            "simple": ["a", "b"], "label": [1, 2], "matrix": ["x", "y"], "object": {"G": 2, "R": 1},
            "tags": ["t1", "t2"], "ids": [3, 4], "words": ["w1", "w2"], "pipes": ["p1", "p2"],
            "filter": {"color": "red", "size": "L"}, "flag": true, "xList": [5, 6],
            "session": "abc", "prefs": ["c1", "c2"]
        })
    );
}

#[tokio::test]
async fn malformed_parameters_are_all_reported() {
    let base = serve().await;
    let response = reqwest::Client::new()
        .get(format!(
            "{base}/styles/a/1,2/;matrix=x/R=one?ids=3,x&flag=maybe"
        ))
        .header("x-list", "five")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.unwrap();
    let mut found: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["location"].as_str().unwrap().to_owned(),
                e["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    let expected = [
        ("header", "/x-list"),
        ("path", "/label"),
        ("path", "/object"),
        ("query", "/flag"),
        ("query", "/ids"),
    ];
    assert_eq!(
        found,
        expected.map(|(l, p)| (l.to_owned(), p.to_owned())),
        "{problem}"
    );
}

#[tokio::test]
async fn form_text_and_streamed_binary_bodies() {
    let base = serve().await;
    let client = reqwest::Client::new();
    let form = client
        .post(format!("{base}/bodies/form"))
        .form(&[("name", "Ada"), ("count", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        form.json::<Value>().await.unwrap(),
        json!({"name": "Ada", "count": 3})
    );
    let invalid = client
        .post(format!("{base}/bodies/form"))
        .form(&[("name", ""), ("count", "30")])
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["errors"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

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
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(binary.status(), StatusCode::OK);
    assert_eq!(
        binary.json::<Value>().await.unwrap(),
        json!({"bytes": 8 * 1024 * 1024})
    );
}

#[tokio::test]
async fn constraint_violations_in_nested_bodies() {
    let base = serve().await;
    let body = json!({"code": "abc", "step": 0.3, "ratio": 0, "items": ["a", "a", "b"], "level": "mid", "nested": {"count": 0}});
    let response = reqwest::Client::new()
        .post(format!("{base}/validate"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.unwrap();
    let mut pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
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
    let response = reqwest::Client::new()
        .post(format!("{base}/validate"))
        .json(&valid)
        .send()
        .await
        .unwrap();
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
async fn basic_query_and_cookie_credentials() {
    let base = serve().await;
    let client = reqwest::Client::new();
    let basic = client
        .get(format!("{base}/auth/basic"))
        .basic_auth("ada", Some("open-sesame"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.json::<String>().await.unwrap(), "ada");
    let wrong = client
        .get(format!("{base}/auth/basic"))
        .basic_auth("ada", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(
        wrong.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );

    let query = client
        .get(format!("{base}/auth/query?api_key=k-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(query.json::<String>().await.unwrap(), "queryKey-user");
    let cookie = client
        .get(format!("{base}/auth/cookie"))
        .header("cookie", "token=k-123")
        .send()
        .await
        .unwrap();
    assert_eq!(cookie.json::<String>().await.unwrap(), "cookieKey-user");
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
