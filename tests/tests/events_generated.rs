//! Event streams, webhooks and callbacks of every shape the generator
//! knows, end to end over real TCP, on the crate generated from
//! `tests/specs/streaming.yaml`: events as the only answer (`send`
//! returns them) arriving one by one long before the stream ends, text
//! events, JSON or events chosen by the body's `stream` member, a lost
//! connection resumed with `last-event-id` (which the handler reads), and
//! OpenAPI 3.1 webhooks told apart by their `type` beside a callback.

mod server_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt, stream};
use server_support::{Proxy, TestServer, eventually, fast_delivery_retries};
use specforge_generated::streaming::client::{Client, Reconnect};
use specforge_generated::streaming::models::{
    Completion, CompletionChunk, CompletionRequest, Job, JobFinished, JobFinishedOutcome, NewJob,
    Tick, User, UserCreated, UserDeleted,
};
use specforge_generated::streaming::server::*;
use specforge_generated::streaming::webhooks::{
    self, Delivery, Endpoint, Handler, Receiver, Secret, Sender, Verifier,
};
use specforge_runtime::Problem;

/// The streaming API: ticks, a log, completions, jobs calling back.
#[derive(Clone)]
struct Streams {
    /// The `last-event-id` of every tick request, as the handler saw it.
    resumed_after: Arc<Mutex<Vec<Option<String>>>>,
    /// The secret callbacks are signed with.
    secret: Secret,
}

impl Api for Streams {
    async fn stream_ticks(
        &self,
        request: StreamTicksRequest,
        context: RequestContext,
    ) -> Result<StreamTicksResponse, Problem> {
        let after = last_event_id(&context.headers).map(str::to_owned);
        self.resumed_after.lock().unwrap().push(after.clone());
        let first = after.and_then(|id| id.parse::<i32>().ok()).unwrap_or(0) + 1;
        let interval = Duration::from_millis(request.interval_ms.unwrap_or(0) as u64);
        let ticks = stream::iter(first..=request.count).then(move |n| async move {
            if n > first {
                tokio::time::sleep(interval).await;
            }
            Event::new(Tick::new(n)).with_id(n.to_string())
        });
        Ok(StreamTicksResponse::Ok(EventStream::new(ticks)))
    }

    async fn follow_log(
        &self,
        _: FollowLogRequest,
        _: RequestContext,
    ) -> Result<FollowLogResponse, Problem> {
        let lines = ["started\nlistening on :8080", "", "stopped"].map(String::from);
        let events = stream::iter(lines).map(|line| Event::new(line).with_event("log"));
        Ok(FollowLogResponse::Ok(EventStream::new(events)))
    }

    async fn create_completion(
        &self,
        request: CreateCompletionRequest,
        _: RequestContext,
    ) -> Result<CreateCompletionResponse, Problem> {
        let words = ["Hel", "lo, ", request.body.prompt.as_str()].map(String::from);
        if request.body.stream == Some(true) {
            let chunks = stream::iter(words).map(|delta| Event::new(CompletionChunk::new(delta)));
            return Ok(CreateCompletionResponse::OkEvents(EventStream::new(chunks)));
        }
        Ok(CreateCompletionResponse::Ok(Completion::new(
            words.concat(),
        )))
    }

    async fn start_job(
        &self,
        request: StartJobRequest,
        _: RequestContext,
    ) -> Result<StartJobResponse, Problem> {
        let job = Job::new("job-1");
        let finished = JobFinished::new(job.id.clone(), JobFinishedOutcome::Succeeded);
        let message =
            webhooks::start_job_job_finished(&finished).map_err(|_| Problem::internal())?;
        let endpoint = Endpoint::new(request.body.callback_url, self.secret.clone());
        tokio::spawn(async move { fast_sender().deliver(&endpoint, &message).await });
        Ok(StartJobResponse::Accepted(job))
    }
}

fn fast_sender() -> Sender {
    Sender::new().retry_policy(fast_delivery_retries(2))
}

async fn serve(secret: Secret) -> (Streams, TestServer) {
    let api = Streams {
        resumed_after: Arc::default(),
        secret,
    };
    let server = TestServer::serve(router(api.clone(), ServerOptions::default())).await;
    (api, server)
}

#[tokio::test]
async fn events_arrive_one_by_one_long_before_the_stream_ends() {
    let (_api, server) = serve(Secret::generate()).await;
    let client = Client::new(&server.base).unwrap();
    let started = Instant::now();
    // Events are the only answer: `send` returns them.
    let mut ticks = client
        .stream_ticks(5)
        .interval_ms(200)
        .send()
        .await
        .unwrap();
    let headers = started.elapsed();
    assert_eq!(ticks.headers()["content-type"], "text/event-stream");
    let mut arrivals = Vec::new();
    while let Some(tick) = ticks.try_next().await.unwrap() {
        arrivals.push((tick.data.n, started.elapsed()));
    }
    let ended = started.elapsed();
    println!("headers after {headers:?}; events at {arrivals:?}; stream ended after {ended:?}");
    assert_eq!(
        arrivals.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    // The first event is there at once, 800 ms before the stream ends;
    // each of the others when it is produced.
    assert!(arrivals[0].1 < Duration::from_millis(150), "{arrivals:?}");
    assert!(ended >= Duration::from_millis(800), "{ended:?}");
    for pair in arrivals.windows(2) {
        assert!(
            pair[1].1 - pair[0].1 >= Duration::from_millis(150),
            "{arrivals:?}"
        );
    }
}

#[tokio::test]
async fn text_events_keep_their_lines() {
    let (_api, server) = serve(Secret::generate()).await;
    let client = Client::new(&server.base).unwrap();
    let entries: Vec<_> = client
        .follow_log()
        .send()
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    let lines: Vec<&str> = entries.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(lines, ["started\nlistening on :8080", "", "stopped"]);
    assert!(entries.iter().all(|e| e.event.as_deref() == Some("log")));
}

#[tokio::test]
async fn the_stream_member_chooses_events_or_json() {
    let (_api, server) = serve(Secret::generate()).await;
    let client = Client::new(&server.base).unwrap();
    let request = CompletionRequest::new("world");
    let whole = client
        .create_completion(request.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(whole.text, "Hello, world");
    let chunks = client
        .create_completion(request)
        .send_stream()
        .await
        .unwrap()
        .into_inner();
    // A POST is not sent again: a lost connection would end the stream.
    assert!(!chunks.is_resumable());
    let deltas: Vec<String> = chunks.map_ok(|c| c.data.delta).try_collect().await.unwrap();
    assert_eq!(deltas.concat(), "Hello, world");
}

#[tokio::test]
async fn a_resumed_stream_hands_last_event_id_to_the_handler() {
    let (api, server) = serve(Secret::generate()).await;
    let address = server.base.trim_start_matches("http://").parse().unwrap();
    let proxy = Proxy::to(address).await;
    let client = Client::new(&proxy.url).unwrap();
    let mut ticks = client
        .stream_ticks(6)
        .interval_ms(100)
        .send()
        .await
        .unwrap()
        .into_inner()
        .reconnect(Reconnect {
            max_attempts: 3,
            delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(200),
        });
    let mut seen = Vec::new();
    for _ in 0..2 {
        seen.push(ticks.try_next().await.unwrap().unwrap().data.n);
    }
    proxy.cut();
    while let Some(tick) = ticks.try_next().await.unwrap() {
        seen.push(tick.data.n);
    }
    assert_eq!(seen, [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        *api.resumed_after.lock().unwrap(),
        [None, Some("2".to_owned())]
    );
}

/// A receiver's handler counting what it gets.
#[derive(Clone, Default)]
struct Counts {
    created: Arc<Mutex<Vec<User>>>,
    deleted: Arc<Mutex<Vec<String>>>,
    finished: Arc<Mutex<Vec<JobFinished>>>,
    others: Arc<AtomicUsize>,
}

impl Handler for Counts {
    async fn user_created(&self, delivery: Delivery<UserCreated>) -> Result<(), Problem> {
        self.created.lock().unwrap().push(delivery.payload.user);
        Ok(())
    }

    async fn user_deleted(&self, delivery: Delivery<UserDeleted>) -> Result<(), Problem> {
        self.deleted.lock().unwrap().push(delivery.payload.user_id);
        Ok(())
    }

    async fn start_job_job_finished(&self, delivery: Delivery<JobFinished>) -> Result<(), Problem> {
        self.finished.lock().unwrap().push(delivery.payload);
        Ok(())
    }

    async fn other(&self, _: Delivery<axum::body::Bytes>) -> Result<(), Problem> {
        self.others.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn webhooks_go_to_their_method_by_type_and_callbacks_by_payload() {
    let secret = Secret::generate();
    let counts = Counts::default();
    let receiver = TestServer::serve(axum::Router::new().nest(
        "/hooks",
        webhooks::router(counts.clone(), Receiver::new(Verifier::new(secret.clone()))),
    ))
    .await;
    let endpoint = Endpoint::new(receiver.url("/hooks"), secret.clone());
    let sender = fast_sender();
    let user = User::new("u1", "Ada");
    let created = UserCreated::new(user.clone());
    sender
        .deliver(&endpoint, &webhooks::user_created(&created).unwrap())
        .await
        .unwrap();
    let deleted = UserDeleted::new("u1");
    sender
        .deliver(&endpoint, &webhooks::user_deleted(&deleted).unwrap())
        .await
        .unwrap();
    let newer = serde_json::json!({"type": "user.renamed", "userId": "u1"});
    sender
        .deliver(
            &endpoint,
            &specforge_runtime::webhooks::Message::new(&newer).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(*counts.created.lock().unwrap(), [user]);
    assert_eq!(*counts.deleted.lock().unwrap(), ["u1"]);
    assert_eq!(counts.others.load(Ordering::SeqCst), 1);

    // The callback: the API calls the URL the request gave.
    let (_api, server) = serve(secret).await;
    let client = Client::new(&server.base).unwrap();
    let job = client
        .start_job(NewJob::new(receiver.url("/hooks")))
        .send()
        .await
        .unwrap();
    eventually("the callback", || {
        !counts.finished.lock().unwrap().is_empty()
    })
    .await;
    assert_eq!(counts.finished.lock().unwrap()[0].job_id, job.id);
}
