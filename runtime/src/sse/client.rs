//! The client half: [`EventSource`], the typed events of an event-stream
//! response as they arrive, reconnecting with `last-event-id` where the
//! operation allows it.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use eventsource_stream::{EventStream as Parser, EventStreamError};
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::{DataFormat, EVENT_STREAM, Event};
use crate::client::{
    ApiError, ByteStream, DecodeError, Error, Failure, Reply, RequestBuilder, decode_json_at,
};

/// Sends the request again, with the `last-event-id` to resume after.
type Connect =
    Arc<dyn Fn(Option<String>) -> BoxFuture<'static, Result<Reply, Failure>> + Send + Sync>;

/// When and how an [`EventSource`] reconnects after losing its connection.
///
/// Only a lost connection (a transport error or the read timeout while the
/// stream is open) is followed by a reconnection; a stream the server ends
/// normally is over. Reconnecting waits [`delay`](Self::delay) (or the
/// `retry` the server last sent), doubled after each failed attempt up to
/// [`max_delay`](Self::max_delay), and gives up after
/// [`max_attempts`](Self::max_attempts) failed attempts in a row. An
/// answer of 204 ends the stream; another error status that is not worth
/// retrying (not 408, 429 or 5xx) ends it with that error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reconnect {
    /// Failed attempts in a row after which the stream ends with the last
    /// error (default 5); 0 never reconnects.
    pub max_attempts: u32,
    /// The first wait, unless the server sent a `retry` (default 1 s).
    pub delay: Duration,
    /// The longest wait (default 30 s).
    pub max_delay: Duration,
}

impl Default for Reconnect {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl Reconnect {
    /// Never reconnect: a lost connection ends the stream with its error.
    pub fn never() -> Self {
        Self {
            max_attempts: 0,
            ..Self::default()
        }
    }

    fn wait(&self, failures: u32, server_retry: Option<Duration>) -> Duration {
        let base = server_retry.unwrap_or(self.delay);
        let factor = 1_u32.checked_shl(failures).unwrap_or(u32::MAX);
        base.checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay.max(base))
    }
}

/// The typed events of an event-stream response, decoded as they arrive:
/// a [`Stream`] of [`Event`]s whose `data` is `T`.
///
/// An event whose data does not decode is an [`Error::Decode`] item, and
/// the stream goes on with the next one; a stream that is not valid
/// `text/event-stream` ends with an [`Error::Decode`]. A lost connection
/// ends the stream with its error, unless the operation is safe to resume:
/// then the request is sent again with `last-event-id` (see [`Reconnect`];
/// [`reconnect`](Self::reconnect) changes the policy), and the stream goes
/// on with the events after the last one received.
///
/// `E` is the operation's error body, for an error answered to a
/// reconnection.
pub struct EventSource<T, E = serde_json::Value> {
    state: Option<State>,
    events: Option<BoxStream<'static, Result<Event<T>, Error<E>>>>,
    last_event_id: Arc<Mutex<Option<String>>>,
    marker: PhantomData<fn() -> E>,
}

/// What the stream needs between connections.
struct State {
    parser: Option<Parser<ByteStream>>,
    format: DataFormat,
    status: StatusCode,
    headers: HeaderMap,
    connect: Option<Connect>,
    policy: Reconnect,
    server_retry: Option<Duration>,
    last_event_id: Arc<Mutex<Option<String>>>,
    done: bool,
}

impl<T, E> EventSource<T, E> {
    /// The events of `reply`'s body, each one's data read as `format` says
    /// (generated code calls it for a `text/event-stream` answer).
    pub fn from_reply(reply: &mut Reply, format: DataFormat) -> Self {
        let last_event_id = Arc::new(Mutex::new(None));
        let state = State {
            parser: Some(Parser::new(reply.stream())),
            format,
            status: StatusCode::from_u16(reply.status()).unwrap_or(StatusCode::OK),
            headers: reply.headers().clone(),
            connect: None,
            policy: Reconnect::default(),
            server_retry: None,
            last_event_id: Arc::clone(&last_event_id),
            done: false,
        };
        Self {
            state: Some(state),
            events: None,
            last_event_id,
            marker: PhantomData,
        }
    }

    /// No events at all: the answer of a success status carrying none.
    pub fn empty() -> Self {
        Self {
            state: None,
            events: None,
            last_event_id: Arc::new(Mutex::new(None)),
            marker: PhantomData,
        }
    }

    /// Makes the stream resumable: after a lost connection, the request
    /// `request` builds is sent again with `last-event-id`, the id of the
    /// last event received (generated code passes it for operations that
    /// are safe to resume).
    pub fn resume_with<F>(mut self, request: F) -> Self
    where
        F: Fn() -> RequestBuilder + Send + Sync + 'static,
    {
        if let Some(state) = &mut self.state {
            state.connect = Some(Arc::new(move |last_event_id| {
                Box::pin(request().header("last-event-id", &last_event_id).send())
            }));
        }
        self
    }

    /// Reconnects as `policy` says (effective only for a resumable stream;
    /// [`Reconnect::never`] turns reconnection off).
    pub fn reconnect(mut self, policy: Reconnect) -> Self {
        if let Some(state) = &mut self.state {
            state.policy = policy;
        }
        self
    }

    /// Whether the stream reconnects after a lost connection.
    pub fn is_resumable(&self) -> bool {
        self.state
            .as_ref()
            .is_some_and(|s| s.connect.is_some() && s.policy.max_attempts > 0)
    }

    /// The id of the last event received that carried one, to resume from
    /// later (sent as `last-event-id`).
    pub fn last_event_id(&self) -> Option<String> {
        self.last_event_id
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<T, E> Stream for EventSource<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: DeserializeOwned + Send + 'static,
{
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.events.is_none() {
            let Some(state) = self.state.take() else {
                return Poll::Ready(None);
            };
            self.events = Some(stream::unfold(state, next::<T, E>).boxed());
        }
        match &mut self.events {
            Some(events) => events.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<T, E> fmt::Debug for EventSource<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSource")
            .field("last_event_id", &self.last_event_id())
            .finish_non_exhaustive()
    }
}

/// The next item of the stream, reconnecting first when that is due.
async fn next<T, E>(mut state: State) -> Option<(Result<Event<T>, Error<E>>, State)>
where
    T: DeserializeOwned,
    E: DeserializeOwned,
{
    loop {
        if state.done {
            return None;
        }
        let Some(parser) = &mut state.parser else {
            match reconnect::<E>(&mut state).await {
                Ok(true) => continue,
                Ok(false) => return None,
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
            }
        };
        match parser.next().await {
            Some(Ok(raw)) => {
                if raw.retry.is_some() {
                    state.server_retry = raw.retry;
                }
                let id = (!raw.id.is_empty()).then(|| raw.id.clone());
                *state
                    .last_event_id
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = id.clone();
                let decoded = decode(&state, raw, id);
                return Some((decoded, state));
            }
            Some(Err(EventStreamError::Transport(error))) => {
                state.parser = None;
                if resumable(&state) {
                    continue;
                }
                state.done = true;
                return Some((Err(retype(error)), state));
            }
            Some(Err(EventStreamError::Utf8(_))) => {
                state.done = true;
                let error = malformed(&state, "the stream is not UTF-8 text");
                return Some((Err(error), state));
            }
            Some(Err(EventStreamError::Parser(error))) => {
                state.done = true;
                let error = malformed(
                    &state,
                    &format!("the stream is not an event stream: {error}"),
                );
                return Some((Err(error), state));
            }
            None => return None,
        }
    }
}

fn resumable(state: &State) -> bool {
    state.connect.is_some() && state.policy.max_attempts > 0
}

/// Connects again after the wait the policy asks for: `Ok(true)` when a new
/// stream is open, `Ok(false)` when the server said there is nothing more
/// (204), or the error that ends the stream.
async fn reconnect<E: DeserializeOwned>(state: &mut State) -> Result<bool, Error<E>> {
    let Some(connect) = state.connect.clone() else {
        return Ok(false);
    };
    let mut failures = 0;
    loop {
        tokio::time::sleep(state.policy.wait(failures, state.server_retry)).await;
        let last_event_id = state
            .last_event_id
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let error: Error<E> = match connect(last_event_id).await {
            Ok(mut reply) => {
                let status = reply.status();
                let is_stream = reply
                    .headers()
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with(EVENT_STREAM));
                if status == 204 {
                    return Ok(false);
                }
                if (200..300).contains(&status) && is_stream {
                    state.status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                    state.headers = reply.headers().clone();
                    state.parser = Some(Parser::new(reply.stream()));
                    return Ok(true);
                }
                let retryable = matches!(status, 408 | 429 | 500..=599);
                let error = reply.error::<E>().await;
                if !retryable {
                    return Err(error);
                }
                error
            }
            Err(failure) => failure.into(),
        };
        failures += 1;
        if failures >= state.policy.max_attempts {
            return Err(error);
        }
    }
}

/// One event's data as `T`; an event that does not decode is an error item.
fn decode<T: DeserializeOwned, E>(
    state: &State,
    raw: eventsource_stream::Event,
    id: Option<String>,
) -> Result<Event<T>, Error<E>> {
    let data = match state.format {
        DataFormat::Json => decode_json_at(raw.data.as_bytes()),
        DataFormat::Text => serde_json::from_value(serde_json::Value::String(raw.data.clone()))
            .map_err(|err| (String::new(), err.to_string())),
    };
    let event = (raw.event != "message").then_some(raw.event);
    match data {
        Ok(data) => Ok(Event {
            data,
            event,
            id,
            retry: raw.retry,
        }),
        Err((at, message)) => {
            let name = event.as_deref().unwrap_or("message");
            let which = match &id {
                Some(id) => format!("event `{name}` (id {id})"),
                None => format!("event `{name}`"),
            };
            Err(Error::Decode(Box::new(
                DecodeError::new(
                    state.status,
                    &state.headers,
                    format!("{which}: data{at}: {message}"),
                )
                .with_body(raw.data.into()),
            )))
        }
    }
}

fn malformed<E>(state: &State, message: &str) -> Error<E> {
    Error::Decode(Box::new(DecodeError::new(
        state.status,
        &state.headers,
        message,
    )))
}

/// A body error (which never carries an error body) as an `Error<E>`.
fn retype<E>(error: Error) -> Error<E> {
    match error {
        Error::Request(err) => Error::Request(err),
        Error::Transport(err) => Error::Transport(err),
        Error::Timeout(limit) => Error::Timeout(limit),
        Error::Decode(err) => Error::Decode(err),
        Error::Api(api) => Error::Api(Box::new(ApiError {
            status: api.status,
            headers: api.headers,
            body: None,
            problem: api.problem,
            raw: api.raw,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_waits_grow_and_are_capped() {
        let policy = Reconnect::default();
        assert_eq!(policy.wait(0, None), Duration::from_secs(1));
        assert_eq!(policy.wait(2, None), Duration::from_secs(4));
        assert_eq!(policy.wait(10, None), Duration::from_secs(30));
        assert_eq!(
            policy.wait(1, Some(Duration::from_millis(100))),
            Duration::from_millis(200)
        );
        assert_eq!(Reconnect::never().max_attempts, 0);
    }
}
