//! `into_stream`: every item of every page of a paginated operation, the
//! next page asked for as the IR's [`PageStyle`] says.

use proc_macro2::TokenStream;
use quote::quote;

use super::Call;
use super::outcomes::BodyRead;
use crate::emit::rust::{doc_attrs, ident, qualified_ty};
use crate::ir::{
    Field, IntFormat, PageStyle, Presence, Status, Struct, Ty, TypeDef, TypeKind, bare,
};

pub(super) fn into_stream(call: &Call) -> Option<TokenStream> {
    let pagination = call.op.pagination.as_ref()?;
    if call.inputs.uses_upload() {
        return None;
    }
    let types = &call.api.types;
    let success = call.outcomes.success(Status::Code(200))?;
    let BodyRead::Json(page_ty) = &success.body else {
        return None;
    };
    let page_struct = struct_of(page_ty, types);
    let member = |name: &str| page_struct?.fields.iter().find(|f| f.json_name == name);
    let items = match &pagination.items_field {
        Some(name) => {
            let field = member(name)?;
            let field_name = ident(&field.rust_name);
            or_empty(field, quote!(listing.#field_name))
        }
        // A nullable list (`type: [array, 'null']`): null is no items.
        None if matches!(page_ty.resolved(types), Ty::Option(_)) => {
            quote!(listing.unwrap_or_default())
        }
        None => quote!(listing),
    };
    // The page, out of what `send` returned (named `listing`: `page` may
    // be a parameter).
    let boxed = call.outcomes.boxes_body(success);
    let page = match call.outcomes.body_of(success) {
        (Some(pattern), body) => {
            let body = if boxed { quote!(*#body) } else { body };
            quote! {
                match response.into_inner() {
                    #pattern => #body,
                    _ => return Ok((Vec::new(), None)),
                }
            }
        }
        (None, body) if body.to_string() == "value" => quote!(response.into_inner()),
        (None, _) => quote!(response.into_inner().body),
    };
    // Counts are `i64` in the runtime; other integer types are converted,
    // losslessly where `i64` holds them all.
    let int_format = |name: &str| match call
        .op
        .params
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.ty.underlying(types))
    {
        Some(Ty::Integer(format)) => Some(*format),
        _ => None,
    };
    let to_i64 = |name: &str, value: TokenStream, var: TokenStream| match int_format(name) {
        Some(IntFormat::I64) => value,
        Some(IntFormat::U64 | IntFormat::I128) | None => {
            quote!(#value.and_then(|#var| i64::try_from(#var).ok()))
        }
        Some(_) => quote!(#value.map(i64::from)),
    };
    let limit = pagination
        .limit_param
        .as_deref()
        .and_then(|name| Some((name, call.inputs.query_input(name)?)))
        .map(|(name, input)| {
            let field = &input.field;
            to_i64(name, quote!(self.#field), quote!(limit))
        })
        .unwrap_or_else(|| quote!(None));
    let (first, cursor, next) = match &pagination.style {
        PageStyle::Cursor { param, next_field } => {
            let input = call.inputs.query_input(param)?;
            let next = member(next_field)?;
            let next_name = ident(&next.rust_name);
            let next_expr = match (next.presence, bare(&next.ty)) {
                (Presence::Required, Ty::String) => {
                    quote!(Some(listing.#next_name).filter(|cursor| !cursor.is_empty()))
                }
                (Presence::Required, _) => quote!(Some(listing.#next_name)),
                (Presence::OptionalNullable, _) => {
                    quote!(listing.#next_name.into_option().flatten())
                }
                _ => quote!(listing.#next_name),
            };
            let field = &input.field;
            (quote!(self.#field.clone()), field.clone(), next_expr)
        }
        PageStyle::Offset { param } | PageStyle::Page { param, .. } => {
            let input = call.inputs.query_input(param)?;
            let field = &input.field;
            let format = int_format(param);
            let at = to_i64(param, quote!(#field), quote!(at));
            let next = match &pagination.style {
                PageStyle::Page { first, .. } => {
                    quote!(specforge_runtime::client::next_page(#at, #first, count))
                }
                _ => quote!(specforge_runtime::client::next_offset(#at, count, limit)),
            };
            let next = match format {
                Some(IntFormat::I64) => next,
                Some(IntFormat::I128) => quote!(#next.map(i128::from)),
                _ => quote!(#next.and_then(|next| next.try_into().ok())),
            };
            (quote!(self.#field), field.clone(), next)
        }
        PageStyle::NextUrl { field } => {
            if !call.inputs.has_page_url() {
                return None;
            }
            let next = member(field)?;
            let next_name = ident(&next.rust_name);
            let next_expr = match next.presence {
                Presence::Required => {
                    quote!(Some(listing.#next_name).filter(|url| !url.is_empty()))
                }
                Presence::OptionalNullable => quote!(listing.#next_name.into_option().flatten()),
                _ => quote!(listing.#next_name),
            };
            (quote!(None), ident("page_url"), next_expr)
        }
        PageStyle::LinkHeader => {
            if !call.inputs.has_page_url() {
                return None;
            }
            (quote!(None), ident("page_url"), quote!(link))
        }
    };
    let link = matches!(pagination.style, PageStyle::LinkHeader)
        .then(|| quote!(let link = specforge_runtime::client::next_link(response.headers());));
    let counted = matches!(
        pagination.style,
        PageStyle::Offset { .. } | PageStyle::Page { .. }
    )
    .then(|| quote!(let count = items.len();));
    let limit_binding =
        matches!(pagination.style, PageStyle::Offset { .. }).then(|| quote!(let limit = #limit;));
    let item_ty = qualified_ty(&pagination.item_ty, types);
    let error_ty = call.outcomes.error_ty();
    let doc = doc_attrs(Some(&format!(
        "Every item of every page, fetched page after page as the stream is\n\
         read ({} pagination), from the page this request asks for.",
        pagination.style.name()
    )));
    Some(quote! {
        #doc
        pub fn into_stream(
            self,
        ) -> specforge_runtime::client::ItemStream<#item_ty, #error_ty> {
            #limit_binding
            specforge_runtime::client::paginate(#first, move |#cursor| {
                let request = Self { #cursor, ..self.clone() };
                async move {
                    let response = request.send().await?;
                    #link
                    let listing = #page;
                    let items = #items;
                    #counted
                    Ok((items, #next))
                }
            })
        }
    })
}

/// The struct a page type is, through aliases.
fn struct_of<'t>(ty: &Ty, types: &'t [TypeDef]) -> Option<&'t Struct> {
    let mut ty = bare(ty);
    for _ in 0..=types.len() {
        match ty {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => ty = bare(inner),
                TypeKind::Struct(s) => return Some(s),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// A list member's items, none when absent or null.
fn or_empty(field: &Field, value: TokenStream) -> TokenStream {
    match field.presence {
        Presence::Required => value,
        Presence::OptionalNullable => quote!(#value.into_option().flatten().unwrap_or_default()),
        _ => quote!(#value.unwrap_or_default()),
    }
}
