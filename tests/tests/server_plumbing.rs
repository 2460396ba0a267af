//! The generated server's HTTP plumbing over real TCP, on a spec made to
//! exercise it (`tests/specs/plumbing.yaml`): every parameter style, each
//! body kind, handler panics, and basic / query / cookie credentials.

use std::collections::BTreeMap;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use specforge_runtime::Problem;
use specforge_runtime::server::BoxFuture;
use specforge_tests::models::SubmitBinaryOkBody;
use specforge_tests::server::*;

struct Echo;

fn map(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> BTreeMap<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

impl Api for Echo {
    async fn styles(&self, r: StylesRequest, _: RequestContext) -> Result<StylesResponse, Problem> {
        Ok(StylesResponse::Ok(map([
            ("simple", json!(r.simple)),
            ("label", json!(r.label)),
            ("matrix", json!(r.matrix)),
            ("object", json!(r.object)),
            ("tags", json!(r.tags)),
            ("ids", json!(r.ids)),
            ("words", json!(r.words)),
            ("pipes", json!(r.pipes)),
            ("filter", json!(r.filter)),
            ("flag", json!(r.flag)),
            ("xList", json!(r.x_list)),
            ("session", json!(r.session)),
            ("prefs", json!(r.prefs)),
        ])))
    }

    async fn submit_form(
        &self,
        r: SubmitFormRequest,
        _: RequestContext,
    ) -> Result<SubmitFormResponse, Problem> {
        Ok(SubmitFormResponse::Ok(map([
            ("name", json!(r.body.name)),
            ("count", json!(r.body.count)),
        ])))
    }

    async fn submit_text(
        &self,
        r: SubmitTextRequest,
        _: RequestContext,
    ) -> Result<SubmitTextResponse, Problem> {
        Ok(SubmitTextResponse::Ok(r.body.chars().rev().collect()))
    }

    async fn submit_binary(
        &self,
        r: SubmitBinaryRequest,
        _: RequestContext,
    ) -> Result<SubmitBinaryResponse, Problem> {
        let mut stream = r.body.body.into_data_stream();
        let mut bytes = 0;
        while let Some(chunk) = stream.next().await {
            bytes += chunk.map_err(|_| Problem::bad_request())?.len() as i64;
        }
        Ok(SubmitBinaryResponse::Ok(SubmitBinaryOkBody::new(bytes)))
    }

    async fn panics(&self, _: PanicsRequest, _: RequestContext) -> Result<PanicsResponse, Problem> {
        panic!("secret internal detail")
    }

    async fn validate(
        &self,
        _: ValidateRequest,
        _: RequestContext,
    ) -> Result<ValidateResponse, Problem> {
        Ok(ValidateResponse::NoContent)
    }

    async fn basic_auth(
        &self,
        _: BasicAuthRequest,
        c: RequestContext,
    ) -> Result<BasicAuthResponse, Problem> {
        Ok(BasicAuthResponse::Ok(
            c.principal.map(|p| p.id).unwrap_or_default(),
        ))
    }

    async fn query_key_auth(
        &self,
        _: QueryKeyAuthRequest,
        c: RequestContext,
    ) -> Result<QueryKeyAuthResponse, Problem> {
        Ok(QueryKeyAuthResponse::Ok(
            c.principal.map(|p| p.id).unwrap_or_default(),
        ))
    }

    async fn cookie_key_auth(
        &self,
        _: CookieKeyAuthRequest,
        c: RequestContext,
    ) -> Result<CookieKeyAuthResponse, Problem> {
        Ok(CookieKeyAuthResponse::Ok(
            c.principal.map(|p| p.id).unwrap_or_default(),
        ))
    }
}

struct Keys;

impl Authenticator for Keys {
    fn authenticate<'a>(
        &'a self,
        scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>> {
        let principal = match credential {
            Credential::Basic { username, password } if password == "open-sesame" => {
                Some(username.clone())
            }
            Credential::ApiKey(key) if key == "k-123" => Some(format!("{scheme}-user")),
            _ => None,
        };
        Box::pin(async move { principal.map(|id| Principal::new(id, Vec::<String>::new())) })
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = router(
        Echo,
        ServerOptions::default()
            .authenticator(Keys)
            .rate_limit(None),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

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
