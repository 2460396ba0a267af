//! The generated client against the generated server, over real TCP, on the
//! spec made to exercise the plumbing (`tests/specs/plumbing.yaml`): every
//! parameter style, form, text and binary bodies, and basic, query-key and
//! cookie-key credentials. What one side writes, the other must read.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use specforge_runtime::Problem;
use specforge_tests::client::{Client, Error, Upload};
use specforge_tests::models::{SubmitBinaryOkBody, SubmitFormBody};
use specforge_tests::server::*;

/// Echoes what it decoded.
struct Echo;

impl Api for Echo {
    async fn styles(&self, r: StylesRequest, _: RequestContext) -> Result<StylesResponse, Problem> {
        let echo = json!({
            "simple": r.simple, "label": r.label, "matrix": r.matrix, "object": r.object,
            "tags": r.tags, "ids": r.ids, "words": r.words, "pipes": r.pipes,
            "filter": r.filter, "flag": r.flag, "xList": r.x_list,
            "session": r.session, "prefs": r.prefs,
        });
        Ok(StylesResponse::Ok(serde_json::from_value(echo).unwrap()))
    }

    async fn submit_form(
        &self,
        r: SubmitFormRequest,
        _: RequestContext,
    ) -> Result<SubmitFormResponse, Problem> {
        let echo = json!({"name": r.body.name, "count": r.body.count});
        Ok(SubmitFormResponse::Ok(
            serde_json::from_value(echo).unwrap(),
        ))
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
        let bytes = axum::body::to_bytes(r.body.body, usize::MAX)
            .await
            .map_err(|_| Problem::bad_request())?;
        Ok(SubmitBinaryResponse::Ok(SubmitBinaryOkBody::new(
            bytes.len() as i64,
        )))
    }

    async fn panics(&self, _: PanicsRequest, _: RequestContext) -> Result<PanicsResponse, Problem> {
        panic!("a handler bug")
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

/// Accepts the password `open-sesame` and the key `k-123`.
struct Keys;

impl Authenticator for Keys {
    fn authenticate<'a>(
        &'a self,
        scheme: &'a str,
        credential: &'a Credential,
    ) -> specforge_runtime::server::BoxFuture<'a, Option<Principal>> {
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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn every_parameter_style_round_trips() {
    let client = Client::new(serve().await).unwrap();
    let object: BTreeMap<String, i64> = [("R".to_owned(), 1), ("G".to_owned(), 2)].into();
    let filter: BTreeMap<String, String> = [
        ("color".to_owned(), "dark red".to_owned()),
        ("size".to_owned(), "L".to_owned()),
    ]
    .into();
    let echo = client
        .styles(
            strings(&["a b", "c/d"]),
            vec![1, 2],
            strings(&["x", "y"]),
            object,
        )
        .tags(strings(&["t1", "t&2"]))
        .ids(vec![3, 4])
        .words(strings(&["w1", "w2"]))
        .pipes(strings(&["p1", "p2"]))
        .filter(filter)
        .flag(true)
        .x_list(vec![5, 6])
        .session("abc")
        .prefs(strings(&["c1", "c2"]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&*echo).unwrap(),
        json!({
            "simple": ["a b", "c/d"], "label": [1, 2], "matrix": ["x", "y"],
            "object": {"G": 2, "R": 1}, "tags": ["t1", "t&2"], "ids": [3, 4],
            "words": ["w1", "w2"], "pipes": ["p1", "p2"],
            "filter": {"color": "dark red", "size": "L"}, "flag": true,
            "xList": [5, 6], "session": "abc", "prefs": ["c1", "c2"]
        })
    );

    // Optional parameters left out arrive as absent.
    let echo = client
        .styles(
            strings(&["a"]),
            vec![7],
            strings(&["z"]),
            BTreeMap::from([("B".to_owned(), 3)]),
        )
        .send()
        .await
        .unwrap();
    let echo = serde_json::to_value(&*echo).unwrap();
    assert_eq!(echo["tags"], Value::Null);
    assert_eq!(echo["session"], Value::Null);
    assert_eq!(echo["label"], json!([7]));
}

#[tokio::test]
async fn form_text_and_binary_bodies_round_trip() {
    let client = Client::new(serve().await).unwrap();
    let form = client
        .submit_form(SubmitFormBody::new("Ada & Bob = friends", 3))
        .send()
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&*form).unwrap(),
        json!({"name": "Ada & Bob = friends", "count": 3})
    );

    let text = client.submit_text("stressed").send().await.unwrap();
    assert_eq!(*text, "desserts");

    let bytes = client
        .submit_binary(vec![7_u8; 100_000])
        .send()
        .await
        .unwrap();
    assert_eq!(bytes.bytes, 100_000);
    let chunks = futures::stream::iter((0..5).map(|_| Ok::<_, std::io::Error>(vec![1_u8; 1000])));
    let streamed = client
        .submit_binary(Upload::stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.bytes, 5000);
}

#[tokio::test]
async fn server_validation_reaches_the_client_as_a_typed_problem() {
    let client = Client::new(serve().await).unwrap();
    let error = client
        .submit_form(SubmitFormBody::new("", 11))
        .send()
        .await
        .unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!(api.status(), 400);
    let problem = api.problem().expect("a problem document");
    assert_eq!(problem.code, "validation_failed");
    let mut pointers: Vec<&str> = problem.errors.iter().map(|e| e.pointer.as_str()).collect();
    pointers.sort_unstable();
    assert_eq!(pointers, ["/count", "/name"]);
    assert!(error.request_id().is_some(), "{error}");

    let error = client.panics().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(!error.to_string().contains("a handler bug"), "{error}");
}

#[tokio::test]
async fn basic_query_and_cookie_credentials_are_accepted() {
    let base = serve().await;
    let basic = Client::builder(&base)
        .basic_auth("ada", "open-sesame")
        .build()
        .unwrap();
    assert_eq!(*basic.basic_auth().send().await.unwrap(), "ada");

    let keyed = Client::builder(&base).api_key("k-123").build().unwrap();
    assert_eq!(
        *keyed.query_key_auth().send().await.unwrap(),
        "queryKey-user"
    );
    assert_eq!(
        *keyed.cookie_key_auth().send().await.unwrap(),
        "cookieKey-user"
    );

    let anonymous = Client::new(&base).unwrap();
    let error = anonymous.basic_auth().send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status() == 401),
        "{error}"
    );
    let wrong = Client::builder(&base)
        .basic_auth("ada", "guess")
        .build()
        .unwrap();
    assert_eq!(
        wrong.basic_auth().send().await.unwrap_err().status(),
        Some(reqwest::StatusCode::UNAUTHORIZED)
    );
}
