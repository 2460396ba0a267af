//! The generated client against the generated server, over real TCP, on the
//! spec made to exercise the plumbing (`tests/specs/plumbing.yaml`): every
//! parameter style, form, text and binary bodies, and basic, query-key and
//! cookie-key credentials. What one side writes, the other must read.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use specforge_tests::client::{Client, Error, Upload};
use specforge_tests::models::{StylesRange, StylesWindow, StylesXPair, SubmitFormBody};

mod plumbing_support;

use plumbing_support::serve;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn every_parameter_style_round_trips() {
    let client = Client::new(serve().await).unwrap();
    let object: BTreeMap<String, i128> = [("R".to_owned(), 1), ("G".to_owned(), 2)].into();
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
        // Text that reads as a number stays text where the member is a string.
        .window(
            StylesWindow::new()
                .with_from(3)
                .with_label("7")
                .with_days(vec![1, 2]),
        )
        .range(
            StylesRange::new()
                .with_states(strings(&["open", "held"]))
                .with_min(0),
        )
        .x_list(vec![5, 6])
        .x_pair(StylesXPair::new().with_code("007").with_size(2))
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
            "window": {"from": 3, "label": "7", "days": [1, 2]},
            "range": {"states": ["open", "held"], "min": 0},
            "xList": [5, 6], "xPair": {"code": "007", "size": 2},
            "session": "abc", "prefs": ["c1", "c2"]
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
    assert_eq!(echo["window"], Value::Null);
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

    // A required form goes out with no part set, and with some.
    let parts = client.submit_parts().send().await.unwrap();
    assert_eq!(
        serde_json::to_value(&*parts).unwrap(),
        json!({"title": null, "copies": null})
    );
    let parts = client.submit_parts().copies(2).send().await.unwrap();
    assert_eq!(parts["copies"], json!(2));

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
    assert!(!error.to_string().contains("secret"), "{error}");
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

#[tokio::test]
async fn a_body_declared_as_json_and_as_text_is_read_as_sent() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let send = |content_type: &'static str, body: &'static str| {
        http.post(format!("{base}/bodies/note"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // Plain text is the string itself, not JSON to parse.
    let text = send("text/plain; charset=utf-8", "3 apples").await.unwrap();
    assert_eq!(text.status(), 200);
    assert_eq!(text.json::<String>().await.unwrap(), "3 apples");
    // No bytes of text are the empty string, which a required body may be.
    let empty = send("text/plain", "").await.unwrap();
    assert_eq!(empty.json::<String>().await.unwrap(), "");
    let json = send("application/json", "\"pears\"").await.unwrap();
    assert_eq!(json.json::<String>().await.unwrap(), "pears");
    // A `text/…` type that is JSON is parsed as JSON.
    let json = send("text/json", "\"figs\"").await.unwrap();
    assert_eq!(json.json::<String>().await.unwrap(), "figs");
    // Either is held to the body's own schema (`maxLength: 10`).
    let long = send("text/plain", "far too long a note").await.unwrap();
    assert_eq!(long.status(), 400);
    let long = send("application/json", "\"far too long a note\"")
        .await
        .unwrap();
    assert_eq!(long.status(), 400);
    // The generated client sends it as JSON.
    let client = Client::new(base.clone()).unwrap();
    let note = client.submit_note("plums").send().await.unwrap();
    assert_eq!(*note, "plums");
}

#[tokio::test]
async fn a_top_level_array_body_is_held_to_its_own_constraints() {
    let base = serve().await;
    let client = Client::new(base.clone()).unwrap();
    assert_eq!(*client.submit_scores(vec![40, 2]).send().await.unwrap(), 42);
    let http = reqwest::Client::new();
    let refused = |body: Value| {
        let http = http.clone();
        let url = format!("{base}/bodies/scores");
        async move {
            let answer = http.put(url).json(&body).send().await.unwrap();
            assert_eq!(answer.status(), 400, "{body}");
            let problem: Value = answer.json().await.unwrap();
            problem["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["pointer"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    // `maxItems` on the array itself, bounds on each item.
    assert_eq!(refused(json!([1, 2, 3, 4])).await, [""]);
    assert_eq!(refused(json!([1, -1, 101])).await, ["/1", "/2"]);
}
