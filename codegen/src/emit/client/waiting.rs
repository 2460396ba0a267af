//! `send_and_wait`: for an operation the IR links to the GET that polls
//! the job it starts ([`LongRunning`](crate::ir::LongRunning)), send, then
//! poll until the job's state is terminal.

use proc_macro2::TokenStream;
use quote::quote;

use super::Call;
use super::outcomes::BodyRead;
use crate::emit::rust::{doc_attrs, ident, qualified_ty};
use crate::ir::{Presence, Status, Ty, TypeKind};

pub(super) fn send_and_wait(call: &Call) -> Option<TokenStream> {
    let long_running = call.op.long_running.as_ref()?;
    let api = call.api;
    let poll = super::Call::new(api, long_running.poll);
    let TypeKind::Struct(job) = &api.types[long_running.status].kind else {
        return None;
    };
    let id = &job.fields[long_running.id_field];
    let state = &job.fields[long_running.state_field];
    let job_body = BodyRead::Json(Ty::Named(long_running.status));
    // The job's id, from any success carrying the job (a 200 done at once
    // too: it is polled once more at least).
    let id_field = ident(&id.rust_name);
    let copy = id.ty.is_copy(&api.types);
    let id_of = |body: TokenStream| {
        let value = if copy {
            quote!(#body.#id_field)
        } else {
            quote!(#body.#id_field.clone())
        };
        match id.presence {
            Presence::Required => quote!(Some(#value)),
            Presence::OptionalNullable => quote!(#value.into_option().flatten()),
            _ => value,
        }
    };
    let carrying: Vec<_> = call
        .outcomes
        .successes
        .iter()
        .filter(|s| s.body == job_body)
        .collect();
    if carrying.is_empty() {
        return None;
    }
    let job_id = if call.outcomes.is_single() {
        let (_, body) = call.outcomes.body_of(carrying[0]);
        let id = id_of(body);
        quote!(|value| #id)
    } else {
        let arms = carrying.iter().map(|success| {
            let (pattern, body) = call.outcomes.body_of(success);
            let id = id_of(body);
            quote!(#pattern => #id,)
        });
        let rest = (carrying.len() < call.outcomes.successes.len()).then(|| quote!(_ => None,));
        quote! {
            |value| match value {
                #(#arms)*
                #rest
            }
        }
    };
    // The poll's state, and which states end it.
    let polled = poll.outcomes.success(Status::Code(200))?;
    let state_path = qualified_ty(&Ty::Named(long_running.state_type), &api.types);
    let TypeKind::Enum(states) = &api.types[long_running.state_type].kind else {
        return None;
    };
    let terminal: Vec<TokenStream> = states
        .variants
        .iter()
        .filter(|(_, value)| long_running.terminal.contains(value))
        .map(|(variant, _)| {
            let variant = ident(variant);
            quote!(#state_path::#variant)
        })
        .collect();
    let state_field = ident(&state.rust_name);
    let check = |body: TokenStream| match state.presence {
        Presence::Required => quote!(matches!(#body.#state_field, #(#terminal)|*)),
        Presence::OptionalNullable => {
            quote!(matches!(#body.#state_field.as_option(), Some(#(#terminal)|*)))
        }
        _ => quote!(matches!(#body.#state_field, Some(#(#terminal)|*))),
    };
    let is_terminal = match poll.outcomes.body_of(polled) {
        // Another success status of the poll ends it too.
        (Some(pattern), body) => {
            let check = check(body);
            quote! {
                |value| match value {
                    #pattern => #check,
                    _ => true,
                }
            }
        }
        (None, body) => {
            let check = check(body);
            quote!(|value| #check)
        }
    };
    let poll_fn = &poll.fn_name;
    let value_ty = poll.outcomes.value_ty();
    let error_ty = call.outcomes.error_ty();
    let terminal_doc = long_running
        .terminal
        .iter()
        .map(|state| format!("`{state}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = doc_attrs(Some(&format!(
        "Sends the request, then polls [`Client::{poll_fn}`] with the job's `{}`\n\
         until its `{}` is terminal ({terminal_doc}),\n\
         and returns that last poll: a failed job is a success here, its state\n\
         tells. Polls are `retry-after` apart (1 s without one, capped like\n\
         retries), all within the client's `wait_timeout` (else\n\
         [`Error::Timeout`]).",
        id.json_name, state.json_name
    )));
    let deprecated = poll.op.deprecated.then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        #doc
        #deprecated
        pub async fn send_and_wait(self) -> Result<Response<#value_ty>, #error_ty> {
            let client = self.client.clone();
            let accepted = self.send().await?;
            specforge_runtime::client::wait_for(
                &client,
                accepted,
                #job_id,
                |id| Client::from(client.clone()).#poll_fn(id).send(),
                #is_terminal,
            )
            .await
        }
    })
}
