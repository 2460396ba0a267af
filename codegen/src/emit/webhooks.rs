//! The `webhooks` module of the generated crate: the requests the API
//! sends (its `webhooks` and operation `callbacks`), for both ends.
//!
//! - The receiving end (feature `client`, for the API's customers): a
//!   `Handler` trait with one method per webhook, and `router`, which
//!   verifies each delivery's signature, deduplicates it by its id and
//!   decodes the payload before the handler runs.
//! - The sending end (feature `server`, for the API's own server): one
//!   function per webhook making a typed `Message`, which the runtime's
//!   `Sender` signs and delivers with retries.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::format::{Part, item};
use super::imports::Imports;
use super::rust::{doc_attrs, ident, qualified_ty};
use crate::ir::{Api, Origin, Ty, Webhook, field_ident};

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let hooks = &api.webhooks;
    let methods = hooks
        .iter()
        .map(move |hook| item(move || handler_method(api, hook)));
    let messages = hooks
        .iter()
        .filter(|hook| hook.payload().is_some())
        .map(move |hook| item(move || message_fn(api, hook)));
    vec![
        Part::Items(vec![item(head)]),
        Part::Block {
            attrs: item(|| {
                quote! {
                    /// The receiving end of the API's webhooks: one method per webhook,
                    /// given the verified delivery (its id, the same on every retry,
                    /// and its typed payload). Serve it with [`router`].
                    ///
                    /// Every method has a default that acknowledges the delivery and
                    /// does nothing, so implement only the webhooks you handle. An
                    /// error answers the sender with its problem (a 5xx makes it
                    /// retry).
                    #[cfg(feature = "client")]
                }
            }),
            head: item(|| quote!(pub trait Handler: Send + Sync + 'static)),
            members: methods.chain([item(other_method)]).collect(),
        },
        Part::Items(
            [item(router), item(move || dispatch(api))]
                .into_iter()
                .chain(messages)
                .collect(),
        ),
    ]
}

fn head() -> TokenStream {
    let mut imports = Imports::new();
    imports
        .add_for("client", "std::sync", &["Arc"])
        .add_for("client", "axum::body", &["Bytes"])
        .add_for("client", "specforge_runtime", &["Problem"])
        .export("specforge_runtime::webhooks", &["Secret"])
        .export_for(
            "client",
            "specforge_runtime::webhooks",
            &["Delivery", "Receiver", "Verifier"],
        )
        .export_for(
            "server",
            "specforge_runtime::webhooks",
            &[
                "Delivered",
                "DeliveryError",
                "Endpoint",
                "Message",
                "Sender",
            ],
        );
    imports.tokens()
}

/// What the docs say about where a webhook comes from.
fn origin_doc(api: &Api, hook: &Webhook) -> String {
    let mut doc = match &hook.origin {
        Origin::Webhook => format!("The `{}` webhook.", hook.name),
        Origin::Callback {
            operation,
            expression,
        } => format!(
            "The `{}` callback of `{}`, sent to `{expression}`.",
            hook.name, api.operations[*operation].id
        ),
    };
    let op = &hook.operation;
    let payload = op.body.as_ref().and_then(|b| b.doc.as_deref());
    let parts = [op.summary.as_deref(), op.description.as_deref(), payload];
    for part in parts.into_iter().flatten() {
        let part = part.trim();
        if !part.is_empty() && !doc.contains(part) {
            doc.push_str("\n\n");
            doc.push_str(part);
        }
    }
    doc
}

/// The payload type a receiver decodes: the JSON body's type, else the
/// bytes as received.
fn payload_ty(api: &Api, hook: &Webhook) -> TokenStream {
    match hook.payload() {
        Some(content) => qualified_ty(&content.ty, &api.types),
        None => quote!(Bytes),
    }
}

fn handler_method(api: &Api, hook: &Webhook) -> TokenStream {
    let doc = doc_attrs(Some(&origin_doc(api, hook)));
    let name = ident(&hook.operation.fn_name);
    let payload = payload_ty(api, hook);
    quote! {
        #doc
        fn #name(
            &self,
            delivery: Delivery<#payload>,
        ) -> impl Future<Output = Result<(), Problem>> + Send {
            let _ = delivery;
            std::future::ready(Ok(()))
        }
    }
}

fn other_method() -> TokenStream {
    quote! {
        /// A verified delivery no declared webhook matches (an event newer than
        /// this crate, say); acknowledged by default.
        fn other(&self, delivery: Delivery<Bytes>) -> impl Future<Output = Result<(), Problem>> + Send {
            let _ = delivery;
            std::future::ready(Ok(()))
        }
    }
}

fn router() -> TokenStream {
    quote! {
        /// A router receiving every webhook with `POST /`; nest it where the API
        /// delivers (`Router::new().nest("/webhooks", router(handler, receiver))`).
        ///
        /// Before a handler method runs, `receiver` reads the body (413 past its
        /// limit) and verifies the signature and timestamp (401: forged, or a
        /// replay outside the tolerance window); a delivery whose `webhook-id`
        /// was handled already is answered 204 without running it again. The
        /// payload is decoded (400 if it breaks the contract) and handed to the
        /// method of its webhook; `Ok` answers 204.
        #[cfg(feature = "client")]
        pub fn router<H: Handler>(handler: H, receiver: Receiver) -> axum::Router {
            receiver.into_router(handler, dispatch::<H>)
        }
    }
}

/// `dispatch`: the webhook of a delivery, by its tag member first, then by
/// the first payload it decodes as, else `other`.
fn dispatch(api: &Api) -> TokenStream {
    // The tag members, in the order webhooks first use them, each with the
    // webhooks it tells apart.
    let mut members: Vec<(&str, Vec<(&str, &Webhook)>)> = Vec::new();
    for hook in &api.webhooks {
        let Some((member, value)) = &hook.tag else {
            continue;
        };
        match members.iter_mut().find(|(m, _)| m == member) {
            Some((_, hooks)) => hooks.push((value, hook)),
            None => members.push((member, vec![(value, hook)])),
        }
    }
    let untagged: Vec<&Webhook> = api.webhooks.iter().filter(|h| h.tag.is_none()).collect();
    let arm = |value: &str, hook: &Webhook| {
        let name = ident(&hook.operation.fn_name);
        quote!(Some(#value) => handler.#name(delivery.decode()?).await,)
    };
    // One tag member for every webhook: one `match`.
    if let ([(member, hooks)], true) = (members.as_slice(), untagged.is_empty()) {
        let arms = hooks.iter().map(|(value, hook)| arm(value, hook));
        return dispatch_fn(quote! {
            match delivery.tag(#member).as_deref() {
                #(#arms)*
                _ => handler.other(delivery).await,
            }
        });
    }
    let mut statements = Vec::new();
    let mut vars = Vec::new();
    for (member, hooks) in &members {
        let base = field_ident(member);
        let var = format_ident!(
            "{}_tag",
            base.trim_start_matches("r#").trim_end_matches('_')
        );
        let arms = hooks.iter().map(|(value, hook)| {
            let name = ident(&hook.operation.fn_name);
            quote!(Some(#value) => return handler.#name(delivery.decode()?).await,)
        });
        statements.push(quote! {
            let #var = delivery.tag(#member);
            match #var.as_deref() {
                #(#arms)*
                _ => {}
            }
        });
        vars.push(var);
    }
    if !untagged.is_empty() && !vars.is_empty() {
        // A tag no webhook here has: an event newer than this crate.
        statements.push(quote! {
            if #(#vars.is_some())||* {
                return handler.other(delivery).await;
            }
        });
    }
    // Without a tag, the first payload a delivery decodes as; the last
    // untagged webhook takes the rest (a payload breaking it is a 400).
    let mut tail = quote!(handler.other(delivery).await);
    let mut checked: Vec<&Ty> = Vec::new();
    for (index, hook) in untagged.iter().enumerate() {
        let name = ident(&hook.operation.fn_name);
        let last = index + 1 == untagged.len();
        match hook.payload() {
            // Another webhook with this payload is tried first (a warning
            // said so at generation).
            Some(content) if checked.contains(&&content.ty) && !last => {}
            Some(content) if content.ty != Ty::Json && !last => {
                checked.push(&content.ty);
                let ty = qualified_ty(&content.ty, &api.types);
                statements.push(quote! {
                    if delivery.is::<#ty>() {
                        return handler.#name(delivery.decode()?).await;
                    }
                });
            }
            Some(_) => {
                tail = quote!(handler.#name(delivery.decode()?).await);
                break;
            }
            None => {
                tail = quote!(handler.#name(delivery).await);
                break;
            }
        }
    }
    dispatch_fn(quote! {
        #(#statements)*
        #tail
    })
}

fn dispatch_fn(body: TokenStream) -> TokenStream {
    quote! {
        /// Hands a verified delivery to the handler method of its webhook.
        #[cfg(feature = "client")]
        async fn dispatch<H: Handler>(handler: Arc<H>, delivery: Delivery<Bytes>) -> Result<(), Problem> {
            #body
        }
    }
}

fn message_fn(api: &Api, hook: &Webhook) -> TokenStream {
    let name = ident(&hook.operation.fn_name);
    let payload = payload_ty(api, hook);
    let kind = match hook.origin {
        Origin::Webhook => "webhook",
        Origin::Callback { .. } => "callback",
    };
    let doc = doc_attrs(Some(&format!(
        "A message of the `{}` {kind} carrying `payload`,\n\
         with a new id: deliver it to each endpoint with [`Sender::deliver`]\n\
         (the same id everywhere, so receivers can deduplicate).",
        hook.name
    )));
    quote! {
        #doc
        #[cfg(feature = "server")]
        pub fn #name(payload: &#payload) -> Result<Message, serde_json::Error> {
            Message::new(payload)
        }
    }
}
