//! The SDK on an API written in the style of large public ones
//! (`tests/specs/bigapi.yaml`): machine-made operationIds, shared error
//! responses, every pagination style, a discriminator without mapping, big
//! bodies with defaults, a JSON-content query parameter.
//!
//! - Against Stoplight Prism's mock of the spec, every operation is called:
//!   Prism must accept every request, and every answer must decode.
//! - Against the generated server over TCP: each pagination style walks
//!   every page, defaults stay off the wire, extra headers arrive, errors
//!   are typed.

mod prism_support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use specforge_generated::bigapi::client::{BoxError, Client, Hook};
use specforge_generated::bigapi::models::*;
use specforge_generated::bigapi::server::{self, RequestContext};
use specforge_runtime::Problem;

/// Records the body of every request sent.
#[derive(Clone, Default)]
struct Bodies(Arc<Mutex<Vec<Value>>>);

impl Hook for Bodies {
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        if let Some(bytes) = request.body().and_then(|b| b.as_bytes()) {
            self.0.lock().unwrap().push(serde_json::from_slice(bytes)?);
        }
        Ok(())
    }
}

fn completion_request() -> CompletionRequest {
    // 24 members, 2 of them required: nothing else needs naming.
    CompletionRequest::new("orbit-1", "Say hello").with_max_tokens(32)
}

#[tokio::test]
#[allow(deprecated)] // delete_project is deprecated, and checked all the same
async fn every_operation_is_accepted_by_prism_and_every_answer_decodes() {
    let spec = "tests/specs/bigapi.yaml";
    let Some((_prism, client, violations)) =
        prism_support::mock_and_client("client_bigapi", spec, Client::builder, "token")
    else {
        return;
    };
    let (mut calls, mut decoded) = (0, 0);
    let mut failures = Vec::new();
    let mut check = |name: &str, result: Result<(), String>| {
        calls += 1;
        match result {
            Ok(()) => decoded += 1,
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    };
    macro_rules! call {
        ($name:literal, $request:expr) => {
            check(
                $name,
                $request.send().await.map(drop).map_err(|e| e.to_string()),
            )
        };
    }
    macro_rules! walk {
        ($name:literal, $request:expr) => {{
            let walked: Result<Vec<_>, _> = $request.into_stream().take(3).try_collect().await;
            check(
                $name,
                walked
                    .map_err(|e| e.to_string())
                    .and_then(|items| (!items.is_empty()).then_some(()).ok_or("no items".into())),
            )
        }};
    }
    let filter = ListProjectsFilter::new().with_owner("usr_1");
    call!(
        "list_projects",
        client.list_projects().offset(0).limit(10).filter(filter)
    );
    walk!("list_projects stream", client.list_projects().limit(1));
    let new = ProjectCreate::new("Gemini")
        .with_region(Region::UsEast)
        .with_labels(BTreeMap::from([("team".to_owned(), "core".to_owned())]));
    call!("create_project", client.create_project(new));
    call!("get_project", client.get_project("prj_1"));
    call!("delete_project", client.delete_project("prj_1"));
    call!("archive_project", client.archive_project("prj_1"));
    call!(
        "list_members",
        client.list_members("prj_1").page(1).per_page(10)
    );
    walk!("list_members stream", client.list_members("prj_1"));
    call!("list_events", client.list_events().limit(5));
    walk!("list_events stream", client.list_events());
    call!("list_files", client.list_files());
    walk!("list_files stream", client.list_files());
    call!(
        "create_completion",
        client
            .create_completion(completion_request())
            .header("x-experiment", "on")
    );
    let message = Message::UserMessage(UserMessage::new("Hi there"));
    call!("send_message", client.send_message(message));

    let reported = violations.0.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "calls failed:\n{}",
        failures.join("\n")
    );
    assert!(
        reported.is_empty(),
        "Prism reported violations:\n{}",
        reported.join("\n")
    );
    assert_eq!(calls, 14, "10 operations and 4 pagination styles");
    eprintln!(
        "client_bigapi: {calls} calls, {} accepted by Prism, {decoded} decoded",
        calls - reported.len()
    );
    assert_eq!(decoded, calls);
}

/// The bigapi server over a fixed set of items, paging them each way.
struct Paged {
    seen_headers: Arc<Mutex<Vec<String>>>,
}

const ITEMS: usize = 7;

fn project(n: usize) -> Project {
    Project::new(
        format!("prj_{n}"),
        format!("P{n}"),
        Region::EuWest,
        1_700_000_000 + n as i64,
    )
}

impl server::Api for Paged {
    async fn list_projects(
        &self,
        request: server::ListProjectsRequest,
        _: RequestContext,
    ) -> Result<server::ListProjectsResponse, Problem> {
        let offset = request.offset.unwrap_or(0) as usize;
        let limit = request.limit.unwrap_or(20) as usize;
        let data: Vec<Project> = (offset..ITEMS.min(offset + limit)).map(project).collect();
        Ok(server::ListProjectsResponse::Ok(ProjectList::new(
            data,
            ITEMS as i128,
        )))
    }

    async fn get_project(
        &self,
        request: server::GetProjectRequest,
        _: RequestContext,
    ) -> Result<server::GetProjectResponse, Problem> {
        let error = ErrorModelError::new("not_found", format!("No {}", request.project_id));
        Ok(server::GetProjectResponse::NotFound(ErrorModel::new(error)))
    }

    async fn list_members(
        &self,
        request: server::ListMembersRequest,
        _: RequestContext,
    ) -> Result<server::ListMembersResponse, Problem> {
        // Three members a page, pages counted from 1.
        let page = request.page.unwrap_or(1) as usize;
        let results = (3 * (page - 1)..ITEMS.min(3 * page))
            .map(|n| Member::new(format!("usr_{n}"), MemberRole::Viewer))
            .collect();
        Ok(server::ListMembersResponse::Ok(ListMembersOkBody::new(
            results,
        )))
    }

    async fn list_events(
        &self,
        request: server::ListEventsRequest,
        context: RequestContext,
    ) -> Result<server::ListEventsResponse, Problem> {
        // Two events a page; the next page is in the `Link` header.
        let after = x_page(&context);
        let _ = request;
        let body: Vec<Event> = (after..ITEMS.min(after + 2))
            .map(|n| Event::ProjectCreated(ProjectCreated::new(format!("evt_{n}"), "prj_1")))
            .collect();
        let link =
            (after + 2 < ITEMS).then(|| format!("</v2/events?after={}>; rel=\"next\"", after + 2));
        Ok(server::ListEventsResponse::Ok { body, link })
    }

    async fn list_audit(
        &self,
        _: server::ListAuditRequest,
        context: RequestContext,
    ) -> Result<server::ListAuditResponse, Problem> {
        // Three entries a page, then a null page that links nowhere.
        let after = x_page(&context);
        let body = (after < 6).then(|| (after..after + 3).map(|n| format!("audit_{n}")).collect());
        let link = (after < 6).then(|| format!("</v2/audit?after={}>; rel=\"next\"", after + 3));
        Ok(server::ListAuditResponse::Ok { body, link })
    }

    async fn list_files(
        &self,
        _: server::ListFilesRequest,
        context: RequestContext,
    ) -> Result<server::ListFilesResponse, Problem> {
        let page = x_page(&context);
        let items = (4 * page..ITEMS.min(4 * page + 4))
            .map(|n| File::new(format!("file_{n}"), format!("{n}.txt"), n as i128))
            .collect();
        let next = (4 * page + 4 < ITEMS).then(|| format!("/v2/files?page={}", page + 1));
        let mut page = ListFilesOkBody::new(items);
        page.next = next.into();
        Ok(server::ListFilesResponse::Ok(page))
    }

    async fn create_completion(
        &self,
        request: server::CreateCompletionRequest,
        context: RequestContext,
    ) -> Result<server::CreateCompletionResponse, Problem> {
        if let Some(value) = context.headers.get("x-experiment") {
            self.seen_headers
                .lock()
                .unwrap()
                .push(value.to_str().unwrap_or_default().to_owned());
        }
        // Absent members read as the spec's defaults on the server.
        let body = request.body;
        let text = format!(
            "top_p={:?} n={:?} stream={:?}",
            body.top_p, body.n, body.stream
        );
        let choice = CompletionChoicesItem::new(0, text, CompletionChoicesItemFinishReason::Stop);
        Ok(server::CreateCompletionResponse::Ok(Completion::new(
            "cmpl_1",
            body.model,
            vec![choice],
        )))
    }
}

/// The page of the request: its `x-page` header (see `page_as_header`), or 0.
fn x_page(context: &RequestContext) -> usize {
    context
        .headers
        .get("x-page")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The `after` or `page` of a next-page URL as an `x-page` header: those
/// operations declare no such parameter, so handlers read it from there.
async fn page_as_header(mut request: axum::extract::Request) -> axum::extract::Request {
    let query = request.uri().query().unwrap_or_default().to_owned();
    for pair in query.split('&') {
        if let Some(("after" | "page", value)) = pair.split_once('=')
            && let Ok(value) = value.parse()
        {
            request.headers_mut().insert("x-page", value);
        }
    }
    request
}

#[tokio::test]
async fn every_pagination_style_walks_every_page_of_a_real_server() {
    let seen_headers = Arc::new(Mutex::new(Vec::new()));
    let api = Paged {
        seen_headers: Arc::clone(&seen_headers),
    };
    let app = server::router(
        api,
        server::ServerOptions::default().authenticator(AnyToken),
    )
    .layer(axum::middleware::map_request(page_as_header));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let bodies = Bodies::default();
    let client = Client::builder(&base)
        .bearer_token("token")
        .hook(bodies.clone())
        .build()
        .unwrap();

    let offset: Vec<Project> = client
        .list_projects()
        .limit(3)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(offset.len(), ITEMS, "offset pagination");
    assert_eq!(offset[6].id, "prj_6");
    let pages: Vec<Member> = client
        .list_members("prj_1")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), ITEMS, "page-number pagination");
    let linked: Vec<Event> = client
        .list_events()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(linked.len(), ITEMS, "Link-header pagination");
    assert!(matches!(&linked[6], Event::ProjectCreated(e) if e.id == "evt_6"));
    let audit: Vec<String> = client
        .list_audit()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(audit.len(), 6, "a null page has no items");
    assert_eq!(audit[5], "audit_5");
    let files: Vec<File> = client
        .list_files()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(files.len(), ITEMS, "next-URL pagination");

    // A big body names only what is required; defaults stay off the wire
    // and the server reads absent members as the spec's defaults.
    let completion = client
        .create_completion(completion_request())
        .header("x-experiment", "on")
        .send()
        .await
        .unwrap();
    assert_eq!(
        completion.choices[0].text,
        "top_p=Some(1.0) n=Some(1) stream=Some(false)"
    );
    let sent = bodies.0.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        sent,
        json!({"model": "orbit-1", "prompt": "Say hello", "max_tokens": 32})
    );
    assert_eq!(*seen_headers.lock().unwrap(), ["on"]);

    // Errors are typed by the shared error response.
    let error = client.get_project("prj_404").send().await.unwrap_err();
    let body = error
        .api()
        .and_then(|api| api.body())
        .expect("a typed error body");
    assert_eq!(body.error.r#type, "not_found");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

/// Answers the first page of projects, whatever offset is asked for: a
/// server that does not page (or a mock).
struct Unpaged;

impl server::Api for Unpaged {
    async fn list_projects(
        &self,
        _: server::ListProjectsRequest,
        _: RequestContext,
    ) -> Result<server::ListProjectsResponse, Problem> {
        let data = (0..3).map(project).collect();
        Ok(server::ListProjectsResponse::Ok(ProjectList::new(
            data,
            ITEMS as i128,
        )))
    }
}

#[tokio::test]
async fn a_server_that_does_not_page_gives_one_page_not_an_endless_stream() {
    let app = server::router(
        Unpaged,
        server::ServerOptions::default().authenticator(AnyToken),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder(&base)
        .bearer_token("token")
        .build()
        .unwrap();
    let walk = client.list_projects().into_stream().try_collect::<Vec<_>>();
    let projects = tokio::time::timeout(std::time::Duration::from_secs(10), walk)
        .await
        .expect("the stream ends")
        .unwrap();
    let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["prj_0", "prj_1", "prj_2"]);
}

/// Lets any bearer token in, with every scope.
struct AnyToken;

impl server::Authenticator for AnyToken {
    fn authenticate<'a>(
        &'a self,
        _scheme: &'a str,
        _credential: &'a server::Credential,
    ) -> specforge_runtime::server::BoxFuture<'a, Option<server::Principal>> {
        Box::pin(async { Some(server::Principal::new("tester", Vec::<String>::new())) })
    }
}
