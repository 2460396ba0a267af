//! The server half: [`EventStream`], what a handler answers an event-stream
//! response with, written as the events come.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::BoxError;
use axum::body::{Body, Bytes};
use futures_util::stream::{BoxStream, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::watch;
use tokio::time::{Instant, Sleep};

use super::{DataFormat, EVENT_STREAM, Event};
use crate::server::{Download, Reply};

/// How long a stream may stay silent before a keep-alive comment is sent
/// (15 s): proxies and clients (whose read timeout is 30 s by default)
/// keep the connection open, and a client that went away is noticed.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The events of an event-stream response, as a handler returns them.
///
/// Each event is written to the connection as soon as the stream yields it
/// (nothing is buffered); while the stream is silent a keep-alive comment
/// (`:`) goes out every [`keep_alive`](Self::keep_alive) interval. When the
/// client goes away the response body is dropped, and the handler's stream
/// with it: a handler holding a subscription sees it end by being dropped.
/// A stream built with [`try_new`](Self::try_new) that yields an error ends
/// the response abruptly (the client sees the connection lost, and a
/// reconnecting client resumes with `last-event-id`).
///
/// ```
/// use futures_util::stream;
/// use specforge_runtime::sse::{Event, EventStream};
///
/// let ticks = stream::iter(1..=3).map(|n| Event::new(n).with_id(n.to_string()));
/// # use futures_util::StreamExt;
/// let events: EventStream<u32> = EventStream::new(ticks);
/// ```
pub struct EventStream<T> {
    events: BoxStream<'static, Result<Event<T>, BoxError>>,
    keep_alive: Option<Duration>,
}

impl<T: Send + 'static> EventStream<T> {
    /// The events of `events`, in order; the response ends when it does.
    pub fn new<S>(events: S) -> Self
    where
        S: Stream<Item = Event<T>> + Send + 'static,
    {
        Self::from_boxed(events.map(Ok).boxed())
    }

    /// Like [`new`](Self::new), for a source that can fail: an error is
    /// logged and ends the response abruptly, so the client knows the
    /// stream did not end normally.
    pub fn try_new<S, E>(events: S) -> Self
    where
        S: Stream<Item = Result<Event<T>, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::from_boxed(events.map(|item| item.map_err(Into::into)).boxed())
    }

    fn from_boxed(events: BoxStream<'static, Result<Event<T>, BoxError>>) -> Self {
        Self {
            events,
            keep_alive: Some(DEFAULT_KEEP_ALIVE),
        }
    }

    /// Sends a keep-alive comment after `interval` without an event
    /// (default [`DEFAULT_KEEP_ALIVE`]); `None` sends none.
    pub fn keep_alive(mut self, interval: impl Into<Option<Duration>>) -> Self {
        self.keep_alive = interval.into().filter(|i| !i.is_zero());
        self
    }
}

impl<T: Serialize + Send + 'static> EventStream<T> {
    /// The response body: each event's data written as `format` says.
    pub fn into_body(self, format: DataFormat) -> Body {
        let keep_alive = self
            .keep_alive
            .map(|interval| (interval, Box::pin(tokio::time::sleep(interval))));
        Body::from_stream(Frames {
            events: self.events,
            format,
            keep_alive,
            done: false,
        })
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("keep_alive", &self.keep_alive)
            .finish_non_exhaustive()
    }
}

impl Reply {
    /// Sets an event-stream body: `text/event-stream`, not cached, not
    /// buffered by proxies, each event's data written as `format` says.
    pub fn events<T: Serialize + Send + 'static>(
        self,
        events: EventStream<T>,
        format: DataFormat,
    ) -> Self {
        self.download(Download::new(EVENT_STREAM, events.into_body(format)))
            .header("cache-control", &"no-cache")
            .header("x-accel-buffering", &"no")
    }
}

/// The `last-event-id` a reconnecting client sent: the id of the last
/// event it received, to resume after.
pub fn last_event_id(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty())
}

/// The body's frames: encoded events and keep-alive comments.
struct Frames<T> {
    events: BoxStream<'static, Result<Event<T>, BoxError>>,
    format: DataFormat,
    keep_alive: Option<(Duration, Pin<Box<Sleep>>)>,
    done: bool,
}

impl<T: Serialize> Stream for Frames<T> {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.events.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(event))) => {
                if let Some((interval, sleep)) = &mut self.keep_alive {
                    sleep.as_mut().reset(Instant::now() + *interval);
                }
                let encoded = encode(&event, self.format);
                if encoded.is_err() {
                    self.done = true;
                }
                Poll::Ready(Some(encoded))
            }
            Poll::Ready(Some(Err(error))) => {
                tracing::warn!(%error, "event stream failed; response ended");
                self.done = true;
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let Some((interval, sleep)) = &mut self.keep_alive else {
                    return Poll::Pending;
                };
                ready!(sleep.as_mut().poll(cx));
                sleep.as_mut().reset(Instant::now() + *interval);
                Poll::Ready(Some(Ok(Bytes::from_static(b":\n\n"))))
            }
        }
    }
}

/// One event as it goes on the wire. Names and ids lose line breaks and
/// NULs (which would end or corrupt the event); text data becomes one
/// `data:` line per line.
fn encode<T: Serialize>(event: &Event<T>, format: DataFormat) -> Result<Bytes, BoxError> {
    let mut out = String::with_capacity(64);
    let clean = |text: &str| -> String {
        text.chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\0'))
            .collect()
    };
    if let Some(name) = &event.event {
        out.push_str("event: ");
        out.push_str(&clean(name));
        out.push('\n');
    }
    let value = serde_json::to_value(&event.data)?;
    let text = match (format, value) {
        (DataFormat::Text, serde_json::Value::String(text)) => text,
        (_, value) => value.to_string(),
    };
    for line in text.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if let Some(id) = &event.id {
        out.push_str("id: ");
        out.push_str(&clean(id));
        out.push('\n');
    }
    if let Some(retry) = event.retry {
        out.push_str(&format!("retry: {}\n", retry.as_millis()));
    }
    out.push('\n');
    Ok(Bytes::from(out))
}

/// Ends an event-stream response abruptly when `draining` turns true (the
/// server is shutting down): graceful shutdown waits for responses to
/// finish, and an event stream might never; its clients reconnect, to
/// another replica or to this one restarted.
pub(crate) fn drain_on_shutdown(
    response: axum::response::Response,
    draining: &watch::Receiver<bool>,
) -> axum::response::Response {
    let is_event_stream = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(EVENT_STREAM));
    if !is_event_stream {
        return response;
    }
    response.map(|body| drain_on(body, draining.clone()))
}

fn drain_on(body: Body, mut draining: watch::Receiver<bool>) -> Body {
    let signal = async move {
        if draining.wait_for(|draining| *draining).await.is_err() {
            // Nobody will ever say so: the stream ends on its own.
            std::future::pending::<()>().await;
        }
    };
    Body::from_stream(Drained {
        frames: body.into_data_stream(),
        draining: Box::pin(signal),
        done: false,
    })
}

struct Drained {
    frames: axum::body::BodyDataStream,
    draining: Pin<Box<dyn Future<Output = ()> + Send>>,
    done: bool,
}

impl Stream for Drained {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        if self.draining.as_mut().poll(cx).is_ready() {
            self.done = true;
            return Poll::Ready(Some(Err("the server is shutting down".into())));
        }
        self.frames
            .poll_next_unpin(cx)
            .map(|frame| frame.map(|frame| frame.map_err(BoxError::from)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_encoded_line_by_line() {
        let event = Event::new(serde_json::json!({"a": 1}))
            .with_event("change")
            .with_id("4")
            .with_retry(Duration::from_millis(1500));
        let bytes = encode(&event, DataFormat::Json).unwrap();
        assert_eq!(
            bytes,
            "event: change\ndata: {\"a\":1}\nid: 4\nretry: 1500\n\n"
        );
        let text = Event::new("one\ntwo\r\nthree".to_owned()).with_id("a\nb");
        assert_eq!(
            encode(&text, DataFormat::Text).unwrap(),
            "data: one\ndata: two\ndata: three\nid: ab\n\n"
        );
        // JSON strings stay quoted.
        assert_eq!(
            encode(&Event::new("x"), DataFormat::Json).unwrap(),
            "data: \"x\"\n\n"
        );
    }

    #[tokio::test]
    async fn silence_is_filled_with_keep_alives() {
        let (sender, receiver) = tokio::sync::mpsc::channel::<Event<u32>>(4);
        let events = futures_util::stream::unfold(receiver, |mut r| async move {
            r.recv().await.map(|e| (e, r))
        });
        let body = EventStream::new(events)
            .keep_alive(Duration::from_millis(50))
            .into_body(DataFormat::Json);
        let mut frames = body.into_data_stream();
        sender.send(Event::new(1)).await.unwrap();
        assert_eq!(frames.next().await.unwrap().unwrap(), "data: 1\n\n");
        let started = Instant::now();
        assert_eq!(frames.next().await.unwrap().unwrap(), ":\n\n");
        assert!(started.elapsed() >= Duration::from_millis(45));
        assert_eq!(frames.next().await.unwrap().unwrap(), ":\n\n");
        drop(sender);
        assert!(frames.next().await.is_none());
    }

    #[tokio::test]
    async fn failures_end_the_body_with_an_error() {
        let events = futures_util::stream::iter([Ok(Event::new(1)), Err("broken")]);
        let body = EventStream::try_new(events).into_body(DataFormat::Json);
        let mut frames = body.into_data_stream();
        assert_eq!(frames.next().await.unwrap().unwrap(), "data: 1\n\n");
        assert!(frames.next().await.unwrap().is_err());
        assert!(frames.next().await.is_none());
    }

    #[tokio::test]
    async fn draining_ends_a_stream_abruptly() {
        let (drain, draining) = watch::channel(false);
        let body = EventStream::new(futures_util::stream::pending::<Event<u32>>())
            .keep_alive(None)
            .into_body(DataFormat::Json);
        let mut frames = drain_on(body, draining).into_data_stream();
        drain.send(true).unwrap();
        assert!(frames.next().await.unwrap().is_err());
        assert!(frames.next().await.is_none());
    }
}
