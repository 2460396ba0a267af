//! Server-sent events (`text/event-stream`), typed on both sides.
//!
//! An operation answering `text/event-stream` sends a stream of [`Event`]s
//! whose `data` is the type the spec documents (JSON, or plain text when the
//! data is a string). The server half ([`EventStream`], feature `server`)
//! writes events as the handler yields them, with keep-alive comments, and
//! stops when the client goes away; the client half ([`EventSource`],
//! feature `client`) decodes them as they arrive and, for operations that
//! are safe to resume, reconnects with `last-event-id` after the connection
//! is lost.
//!
//! The wire format is the one of the HTML Living Standard: fields `event`,
//! `data` (one line per line of text), `id` and `retry`, an empty line
//! ending each event, lines starting with `:` as comments.

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "server")]
mod server;

use std::time::Duration;

#[cfg(feature = "client")]
pub use client::{EventSource, Reconnect};
#[cfg(feature = "server")]
pub(crate) use server::drain_on_shutdown;
#[cfg(feature = "server")]
pub use server::{DEFAULT_KEEP_ALIVE, EventStream, last_event_id};

/// The media type of an event stream.
pub const EVENT_STREAM: &str = "text/event-stream";

/// One server-sent event: its typed `data`, and the optional `event` name,
/// `id` and `retry` delay.
///
/// A server builds them with [`Event::new`] and the `with_*` setters; a
/// client receives them with `event` set when the server named the event
/// (the default name, `message`, reads as `None`) and `id` set to the last
/// event id the stream carried.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The event's data.
    pub data: T,
    /// The event name (`event:`); `None` is the default, `message`.
    pub event: Option<String>,
    /// The event id (`id:`), which a reconnecting client sends back as
    /// `last-event-id`.
    pub id: Option<String>,
    /// How long a client should wait before reconnecting (`retry:`).
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// An event carrying `data`, with no name, id or retry delay.
    pub fn new(data: T) -> Self {
        Self {
            data,
            event: None,
            id: None,
            retry: None,
        }
    }

    /// Names the event (`event:`).
    pub fn with_event(mut self, name: impl Into<String>) -> Self {
        self.event = Some(name.into());
        self
    }

    /// Sets the event id (`id:`).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Asks clients to wait `retry` before reconnecting (`retry:`).
    pub fn with_retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The same event with its data turned into another type.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Event<U> {
        Event {
            data: f(self.data),
            event: self.event,
            id: self.id,
            retry: self.retry,
        }
    }
}

/// How an event's `data` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// As JSON text (the data's schema is not a string).
    Json,
    /// As the text itself (the data is a string, or has no schema).
    Text,
}

/// Whether the `accept` header asks for an event stream rather than JSON,
/// for an operation that answers either: `text/event-stream` has a higher
/// quality than `application/json`, or the same but is named while JSON is
/// only matched by a wildcard. Without `accept` (or with `*/*`), JSON.
pub fn prefers_events(headers: &http::HeaderMap) -> bool {
    let ranges: Vec<(&str, f32)> = headers
        .get_all(http::header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(media_range)
        .collect();
    let (events, events_specificity) = quality(&ranges, "text", "event-stream");
    let (json, json_specificity) = quality(&ranges, "application", "json");
    events > 0.0 && (events > json || (events == json && events_specificity > json_specificity))
}

/// `type/subtype;q=0.5` → (`type/subtype`, 0.5).
fn media_range(text: &str) -> Option<(&str, f32)> {
    let mut parts = text.split(';');
    let range = parts.next()?.trim();
    if range.is_empty() {
        return None;
    }
    let q = parts
        .filter_map(|p| p.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
        .and_then(|(_, q)| q.trim().parse::<f32>().ok())
        .unwrap_or(1.0);
    Some((range, q.clamp(0.0, 1.0)))
}

/// The quality the most specific matching range gives `kind/subtype`, and
/// how specific that range is (2 exact, 1 `kind/*`, 0 `*/*`).
fn quality(ranges: &[(&str, f32)], kind: &str, subtype: &str) -> (f32, u8) {
    let mut best: Option<(u8, f32)> = None;
    for (range, q) in ranges {
        let Some((t, s)) = range.split_once('/') else {
            continue;
        };
        let specificity = match (t.trim(), s.trim()) {
            ("*", "*") => 0,
            (t, "*") if t.eq_ignore_ascii_case(kind) => 1,
            (t, s) if t.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(subtype) => 2,
            _ => continue,
        };
        if best.is_none_or(|(b, _)| specificity > b) {
            best = Some((specificity, *q));
        }
    }
    best.map_or((0.0, 0), |(specificity, q)| (q, specificity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::ACCEPT, value.parse().unwrap());
        headers
    }

    #[test]
    fn accept_chooses_between_events_and_json() {
        assert!(prefers_events(&accept("text/event-stream")));
        assert!(prefers_events(&accept("text/event-stream, */*;q=0.1")));
        assert!(prefers_events(&accept("application/json;q=0.5, text/*")));
        assert!(prefers_events(&accept("*/*, text/event-stream")));
        assert!(!prefers_events(&accept("*/*")));
        assert!(!prefers_events(&accept("application/json")));
        assert!(!prefers_events(&accept(
            "application/json, text/event-stream"
        )));
        assert!(!prefers_events(&accept("text/event-stream;q=0")));
        assert!(!prefers_events(&accept(
            "text/event-stream;q=0.2, application/json"
        )));
        assert!(!prefers_events(&http::HeaderMap::new()));
    }

    #[test]
    fn events_are_built_and_mapped() {
        let event = Event::new(2)
            .with_event("tick")
            .with_id("7")
            .with_retry(Duration::from_secs(1))
            .map(|n| n * 10);
        assert_eq!(event.data, 20);
        assert_eq!(event.event.as_deref(), Some("tick"));
        assert_eq!(event.id.as_deref(), Some("7"));
        assert_eq!(event.retry, Some(Duration::from_secs(1)));
    }
}
