//! Server-sent events in the generated crate: the `EventStream` a server
//! answers an event-stream response with, and the client's methods
//! returning an `EventSource` (`send` when events are the only answer,
//! `send_stream` beside a JSON `send` otherwise).
//!
//! The server and client emitters call in here where a response is an
//! event stream; everything else about streams lives in the runtime's
//! `sse` module.

use std::borrow::Cow;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::imports::Imports;
use super::rust::{doc_attrs, qualified_ty};
use crate::ir::{
    Api, Content, DataFormat, Events, Operation, Response, Selection, Status, TypeDef,
};

fn streams(api: &Api) -> bool {
    api.operations.iter().any(|op| op.streaming.is_some())
}

fn format_tokens(events: Option<&Events>) -> TokenStream {
    match events.map(|e| e.format) {
        Some(DataFormat::Text) => quote!(DataFormat::Text),
        _ => quote!(DataFormat::Json),
    }
}

// ---- server ----

/// The server module's imports of the event types, when an operation
/// answers events.
pub(super) fn server_imports(api: &Api, imports: &mut Imports) {
    if streams(api) {
        imports
            .export(
                "specforge_runtime::sse",
                &["Event", "EventStream", "last_event_id", "prefers_events"],
            )
            .add("specforge_runtime::sse", &["DataFormat"]);
    }
}

/// The type a handler answers an event-stream content with.
pub(super) fn server_body_ty(content: &Content, types: &[TypeDef]) -> TokenStream {
    let data = content
        .events
        .as_ref()
        .map(|events| qualified_ty(&events.data, types))
        .unwrap_or_else(|| quote!(String));
    quote!(EventStream<#data>)
}

/// The `Reply` call setting an event-stream body.
pub(super) fn server_set_body(body: &TokenStream, events: Option<&Events>) -> TokenStream {
    let format = format_tokens(events);
    quote!(.events(#body, #format))
}

/// The responses a handler chooses among, in order: the declared ones and,
/// where a status answers events beside another body, the events as a
/// variant of their own right after it (`OkEvents`).
pub(super) fn with_event_variants(op: &Operation) -> Vec<Cow<'_, Response>> {
    let mut out: Vec<Cow<'_, Response>> = op.responses.iter().map(Cow::Borrowed).collect();
    let Some(streaming) = &op.streaming else {
        return out;
    };
    let response = &op.responses[streaming.response];
    if response.chosen == Some(streaming.content) {
        return out;
    }
    let how = match &streaming.selection {
        Selection::BodyMember { .. } => "the request body asks for a stream (`stream: true`)",
        _ => "`prefers_events(&context.headers)`: the `accept` header asks for events",
    };
    let mut events = response.clone();
    events.chosen = Some(streaming.content);
    events.variant = format!("{}Events", response.variant);
    events.doc = format!(
        "{}\n\nAs `text/event-stream`, one event at a time: answer it when\n{how}.",
        response.doc.trim()
    );
    out.insert(streaming.response + 1, Cow::Owned(events));
    out
}

// ---- client ----

/// The client module's exports of the event types, when an operation
/// answers events.
pub(super) fn client_exports(api: &Api, imports: &mut Imports) {
    if streams(api) {
        imports
            .export(
                "specforge_runtime::sse",
                &["Event", "EventSource", "Reconnect"],
            )
            .add("specforge_runtime::sse", &["DataFormat"]);
    }
}

/// Whether events are the operation's only answer, so its `send` (emitted
/// here) returns them.
pub(super) fn replaces_send(op: &Operation) -> bool {
    op.streaming
        .as_ref()
        .is_some_and(|s| s.selection == Selection::Only)
}

/// What the client emitter knows of an operation's request builder.
pub(super) struct ClientRequest<'a> {
    pub api: &'a Api,
    pub op: &'a Operation,
    /// The expression building the request as `send` sends it from `self`,
    /// but for `accept`.
    pub chain: &'a TokenStream,
    /// Statements adding an optional body to `request`.
    pub optional_body: Option<&'a TokenStream>,
    /// The builder's field holding the request body, and whether the body
    /// is required.
    pub body_field: Option<(&'a Ident, bool)>,
    /// The error `send` returns (`Error<…>`) and the expression reading it
    /// from an unexpected `reply`.
    pub error: (TokenStream, TokenStream),
    /// The error body of a failed reconnection, when the operation has one
    /// type for it (else `serde_json::Value`).
    pub stream_error: Option<TokenStream>,
    /// Whether the builder is `Clone` (it must be, to resume).
    pub cloneable: bool,
}

/// The builder's streaming methods: `send` (events only) or `send_stream`
/// (beside a JSON `send`), and the request they send.
pub(super) fn client_methods(request: &ClientRequest) -> TokenStream {
    let op = request.op;
    let Some(streaming) = &op.streaming else {
        return TokenStream::new();
    };
    let types = &request.api.types;
    let data = qualified_ty(&streaming.events.data, types);
    let (result_error, read_error) = &request.error;
    let source_ty = match &request.stream_error {
        Some(error) => quote!(EventSource<#data, #error>),
        None => quote!(EventSource<#data>),
    };
    let format = format_tokens(Some(&streaming.events));
    let only = streaming.selection == Selection::Only;
    let resumable = streaming.resumable && request.cloneable;
    let name = if only {
        quote!(send)
    } else {
        quote!(send_stream)
    };
    // The arms: the event stream's status, and (events being the only
    // answer) other success statuses carrying none.
    let stream_status = op.responses[streaming.response].status;
    let mut successes: Vec<&Response> = if only {
        op.responses
            .iter()
            .filter(|r| r.status.is_success())
            .collect()
    } else {
        vec![&op.responses[streaming.response]]
    };
    successes.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let resume = resumable.then(|| {
        quote! {
            .resume_with(move || resume.clone().events_request())
        }
    });
    let arms = successes.iter().map(|response| {
        let pattern = status_pattern(response.status);
        if response.status == stream_status {
            quote! {
                #pattern => {
                    let events = EventSource::from_reply(&mut reply, #format) #resume;
                    Ok(reply.finish(events))
                }
            }
        } else {
            quote!(#pattern => Ok(reply.finish(EventSource::empty())),)
        }
    });
    let keep = resumable.then(|| quote!(let resume = self.clone();));
    let resuming_doc = if resumable {
        "\n\nAfter a lost connection the request is sent again with\n\
         `last-event-id`, and the stream goes on after the last event received\n\
         (see [`EventSource`] and [`Reconnect`])."
    } else {
        ""
    };
    let doc = match &streaming.selection {
        Selection::Only => format!(
            "Sends the request: the events of the stream, decoded as they\n\
             arrive (a [`futures::Stream`] of [`Event`]s), or the error.{resuming_doc}"
        ),
        Selection::BodyMember { .. } => format!(
            "Sends the request with the body's `stream` member set to `true`:\n\
             the events of the stream, decoded as they arrive (a\n\
             [`futures::Stream`] of [`Event`]s), instead of the one answer of\n\
             [`send`](Self::send).{resuming_doc}"
        ),
        Selection::Accept => format!(
            "Sends the request asking for `text/event-stream`: the events of\n\
             the stream, decoded as they arrive (a [`futures::Stream`] of\n\
             [`Event`]s), instead of the one answer of [`send`](Self::send).{resuming_doc}"
        ),
    };
    let doc = doc_attrs(Some(&doc));
    let events_request = events_request(request, streaming.selection.clone());
    quote! {
        #doc
        pub async fn #name(self) -> Result<Response<#source_ty>, #result_error> {
            #keep
            let mut reply = self.events_request().send().await?;
            match reply.status() {
                #(#arms)*
                _ => Err(#read_error),
            }
        }

        #events_request
    }
}

/// `events_request`: the request asking for events.
fn events_request(request: &ClientRequest, selection: Selection) -> TokenStream {
    let chain = request.chain;
    let set_member = match (&selection, request.body_field) {
        (Selection::BodyMember { field, presence }, Some((body, required))) => {
            let member = super::rust::ident(field);
            let value = match presence {
                crate::ir::Presence::Required => quote!(true),
                crate::ir::Presence::OptionalNullable => {
                    quote!(specforge_runtime::Patch::Value(true))
                }
                _ => quote!(Some(true)),
            };
            Some(if required {
                quote!(self.#body.#member = #value;)
            } else {
                quote! {
                    if let Some(body) = &mut self.#body {
                        body.#member = #value;
                    }
                }
            })
        }
        _ => None,
    };
    let mutable = set_member.is_some().then(|| quote!(mut));
    let build = match request.optional_body {
        Some(body) => quote! {
            let mut request = #chain;
            #body
            request.accept("text/event-stream")
        },
        None => quote!(#chain.accept("text/event-stream")),
    };
    quote! {
        /// The request, asking for `text/event-stream`.
        fn events_request(#mutable self) -> specforge_runtime::client::RequestBuilder {
            #set_member
            #build
        }
    }
}

fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Range(range) => {
            let (low, high) = (
                Literal::u16_unsuffixed(range * 100),
                Literal::u16_unsuffixed(range * 100 + 99),
            );
            quote!(#low..=#high)
        }
        Status::Default => quote!(200..=299),
    }
}
