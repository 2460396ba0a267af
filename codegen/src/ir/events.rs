//! Server-sent events: what the events of a `text/event-stream` content
//! carry, and how a client asks an operation for its stream.
//!
//! The type of each event's `data` is read from, in order: the media
//! type's `itemSchema` (OpenAPI 3.2; `x-itemSchema` in earlier documents),
//! or its `schema`. Either may describe the whole event (an object whose
//! members are among `data`, `event`, `id` and `retry`, with `data`), and
//! then `data` (or its `contentSchema`) types the data; otherwise the schema
//! is the data's. A string, or no schema at all, is plain text; anything
//! else is JSON.

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::Value;

use super::operations::{Operation, ParamLocation};
use super::types::{TypeBuilder, wrap_nullable};
use super::{BodyKind, Method, Presence, Ty, TypeDef, TypeKind, bare};
use crate::diagnostics::child;
use crate::load::LoadedSpec;

/// What the events of an event-stream content carry.
#[derive(Clone, Debug, PartialEq)]
pub struct Events {
    /// The type of each event's `data`.
    pub data: Ty,
    /// How `data` is written: as text when its type is a string, else as JSON.
    pub format: DataFormat,
}

/// How each event's `data` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// JSON text, decoded into [`Events::data`].
    Json,
    /// The text itself: the data's type is a string, or it has no schema.
    Text,
}

/// How a client gets an operation's event stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Streaming {
    /// Index, in the operation's responses, of the one answering events.
    pub response: usize,
    /// Index, in that response's contents, of the event stream.
    pub content: usize,
    /// What each event carries (the event-stream content's [`Events`]).
    pub events: Events,
    /// What makes the server answer with events, so how the client asks for them.
    pub selection: Selection,
    /// Whether a client may send the request again after a lost connection
    /// to resume with `last-event-id`: a GET, or an operation declaring
    /// the `last-event-id` header.
    pub resumable: bool,
}

/// What makes the server answer with events rather than another body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Events are the only body of a success: `send` returns the stream.
    Only,
    /// The same operation answers JSON too, chosen by `accept`.
    Accept,
    /// As [`Selection::Accept`], and the request body has a boolean member
    /// asking for the stream (`"stream": true`).
    BodyMember {
        /// The member's Rust field.
        field: String,
        /// How the member may appear, so how the client writes `true` into it.
        presence: Presence,
    },
}

/// The data type of the event-stream media type at `pointer` (its
/// `itemSchema`, else `schema`); `hint` names an inline type.
pub(super) fn describe(
    spec: &LoadedSpec,
    types: &mut TypeBuilder<'_>,
    pointer: &str,
    hint: &str,
) -> Events {
    let schema = ["itemSchema", "x-itemSchema", "schema"]
        .into_iter()
        .find_map(|key| {
            let pointer = child(pointer, key);
            Some((spec.raw_at(&pointer)?, pointer))
        });
    let Some((schema, schema_pointer)) = schema else {
        return Events {
            data: Ty::String,
            format: DataFormat::Text,
        };
    };
    // The whole event described: its `data` member (or that member's
    // `contentSchema`) is the data.
    let (data_schema, data_pointer) = match envelope_data(spec, schema, &schema_pointer) {
        Some((data, data_pointer)) => match data.get("contentSchema") {
            Some(content) => (content, child(&data_pointer, "contentSchema")),
            None => (data, data_pointer),
        },
        None => (schema, schema_pointer),
    };
    let Ok(data_schema) = ReferenceOr::<Schema>::deserialize(data_schema) else {
        return Events {
            data: Ty::Json,
            format: DataFormat::Json,
        };
    };
    let used = types.schema_use(&data_schema, &data_pointer, hint);
    let data = wrap_nullable(&used);
    let format = if *bare(&data) == Ty::String {
        DataFormat::Text
    } else {
        DataFormat::Json
    };
    Events { data, format }
}

/// `data`'s schema and its pointer when `schema` describes a whole event:
/// an object whose properties are among `data`, `event`, `id` and `retry`,
/// `data` one of them.
fn envelope_data<'v>(
    spec: &'v LoadedSpec,
    schema: &'v Value,
    at: &str,
) -> Option<(&'v Value, String)> {
    let mut schema = schema;
    let mut pointer = None;
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                schema = spec.raw_at(reference)?;
                pointer = Some(reference.to_owned());
            }
            None => break,
        }
    }
    let properties = schema.get("properties")?.as_object()?;
    let is_event = properties
        .keys()
        .all(|k| matches!(k.as_str(), "data" | "event" | "id" | "retry"));
    let data = properties.get("data").filter(|_| is_event)?;
    let pointer = pointer.unwrap_or_else(|| at.to_owned());
    Some((data, child(&child(&pointer, "properties"), "data")))
}

/// Settles how each operation answering events is streamed (needs every
/// type built, to find a `stream` member in the request body).
pub(super) fn link(operations: &mut [Operation], types: &[TypeDef]) {
    for op in operations.iter_mut() {
        op.streaming = streaming(op, types);
    }
}

fn streaming(op: &Operation, types: &[TypeDef]) -> Option<Streaming> {
    let successes = || op.responses.iter().filter(|r| r.status.is_success());
    let (response, content) = op.responses.iter().enumerate().find_map(|(index, r)| {
        if !r.status.is_success() {
            return None;
        }
        let content = r
            .contents
            .iter()
            .position(|c| c.kind == BodyKind::EventStream)?;
        Some((index, content))
    })?;
    let events = op.responses[response].contents[content].events.clone()?;
    let other_bodies =
        successes().any(|r| r.contents.iter().any(|c| c.kind != BodyKind::EventStream));
    let selection = if !other_bodies {
        Selection::Only
    } else {
        match stream_member(op, types) {
            Some((field, presence)) => Selection::BodyMember { field, presence },
            None => Selection::Accept,
        }
    };
    let resumable = op.method == Method::Get
        || op.params.iter().any(|p| {
            p.location == ParamLocation::Header && p.name.eq_ignore_ascii_case("last-event-id")
        });
    Some(Streaming {
        response,
        content,
        events,
        selection,
        resumable,
    })
}

/// The request body's boolean `stream` member, when it has one.
fn stream_member(op: &Operation, types: &[TypeDef]) -> Option<(String, Presence)> {
    let body = op.body.as_ref()?;
    let content = body.chosen();
    if !matches!(content.kind, BodyKind::Json | BodyKind::MergePatch) {
        return None;
    }
    let Ty::Named(id) = bare(&content.ty) else {
        return None;
    };
    let TypeKind::Struct(object) = &types[*id].kind else {
        return None;
    };
    let field = object
        .fields
        .iter()
        .find(|f| f.json_name == "stream" && *bare(&f.ty) == Ty::Bool && !f.boxed)?;
    Some((field.rust_name.clone(), field.presence))
}
