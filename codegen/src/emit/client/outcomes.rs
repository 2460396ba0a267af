//! What `send` returns: a typed value per declared success status (body and
//! typed headers), and an error typed by the error bodies the operation
//! declares — their one shared type, or, when they differ, an enum with a
//! variant per status read by the status.

use std::collections::HashSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::rust::{doc_attrs, ident, qualified_ty};
use crate::ir::{Api, BodyKind, Operation, Response, Status, Ty, bare};

/// How a response body is read.
#[derive(Clone, PartialEq)]
pub(super) enum BodyRead {
    None,
    Json(Ty),
    Text,
    Stream,
}

/// A success response and how it is matched and decoded.
pub(super) struct Success<'a> {
    pub response: Option<&'a Response>,
    pattern: TokenStream,
    pub variant: Ident,
    pub body: BodyRead,
}

impl Success<'_> {
    fn is_empty(&self) -> bool {
        self.body == BodyRead::None && self.response.is_none_or(|r| r.headers.is_empty())
    }

    fn has_headers(&self) -> bool {
        self.response.is_some_and(|r| !r.headers.is_empty())
    }
}

/// The error body type of an operation.
enum ErrorBody<'a> {
    /// No error response declares a JSON body: any JSON.
    Untyped,
    /// Every error response carries this type.
    One(&'a Ty),
    /// Each error status its own type: an enum read by the status.
    ByStatus(Vec<(&'a Response, TokenStream)>),
}

pub(super) struct Outcomes<'a> {
    api: &'a Api,
    /// `GetProductResponse`: the value of several statuses or with headers.
    response: Ident,
    /// `GetProductError`: the error bodies by status, when they differ.
    error: Ident,
    pub successes: Vec<Success<'a>>,
    errors: ErrorBody<'a>,
    /// A `default` response is an error: it covers every status no other
    /// response declares, whatever its class.
    default_error: bool,
    accept: Vec<&'a str>,
}

impl<'a> Outcomes<'a> {
    pub(super) fn of(api: &'a Api, op: &'a Operation) -> Self {
        let mut outcomes = Self {
            api,
            response: format_ident!("{}Response", op.type_name),
            error: format_ident!("{}Error", op.type_name),
            successes: Vec::new(),
            errors: ErrorBody::Untyped,
            default_error: false,
            accept: Vec::new(),
        };
        let has_declared_success = op.responses.iter().any(|r| r.status.is_success());
        let mut ordered: Vec<&Response> = op.responses.iter().collect();
        // Codes before ranges before `default`, so the first matching arm is
        // the most specific one.
        ordered.sort_by_key(|r| match r.status {
            Status::Code(_) => 0,
            Status::Range(_) => 1,
            Status::Default => 2,
        });
        let codes: Vec<u16> = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                Status::Code(code) => Some(code),
                _ => None,
            })
            .collect();
        let mut error_responses = Vec::new();
        for response in ordered {
            let (read, media) = body_read(response);
            outcomes.accept.extend(media);
            let success = response.status.is_success()
                || (response.status == Status::Default && !has_declared_success);
            if success {
                outcomes.successes.push(Success {
                    response: Some(response),
                    pattern: status_pattern(response.status, &codes, (100, 399)),
                    variant: ident(&response.variant),
                    body: read,
                });
            } else {
                outcomes.default_error |= response.status == Status::Default;
                if response.json_body().is_some() {
                    error_responses.push(response);
                }
            }
        }
        if outcomes.successes.is_empty() {
            outcomes.successes.push(Success {
                response: None,
                pattern: status_pattern(Status::Default, &[], (100, 399)),
                variant: ident("Success"),
                body: BodyRead::None,
            });
        }
        outcomes.errors = match op.error_body() {
            Some(ty) => ErrorBody::One(ty),
            None if error_responses.is_empty() => ErrorBody::Untyped,
            None => ErrorBody::ByStatus(
                error_responses
                    .into_iter()
                    .map(|r| (r, status_pattern(r.status, &codes, (100, 599))))
                    .collect(),
            ),
        };
        let mut seen = HashSet::new();
        outcomes
            .accept
            .retain(|media| seen.insert(media.to_ascii_lowercase()));
        outcomes
    }

    /// Every media type the client reads, for the `accept` header.
    pub(super) fn accepted(&self) -> &[&'a str] {
        &self.accept
    }

    /// Whether `send` reads a body.
    pub(super) fn reads_body(&self) -> bool {
        self.successes.iter().any(|s| s.body != BodyRead::None)
    }

    pub(super) fn uses_byte_stream(&self) -> bool {
        self.successes.iter().any(|s| s.body == BodyRead::Stream)
    }

    /// The success of `status`.
    pub(super) fn success(&self, status: Status) -> Option<&Success<'a>> {
        self.successes
            .iter()
            .find(|s| s.response.is_some_and(|r| r.status == status))
    }

    /// Whether several statuses (or headers) make the value a type of its own.
    pub(super) fn is_single(&self) -> bool {
        self.successes.len() == 1
    }

    /// The type `send` returns inside `Response`: the body alone, a struct
    /// of body and headers, or an enum of the success statuses.
    pub(super) fn value_ty(&self) -> TokenStream {
        match self.successes.as_slice() {
            [only] if !only.has_headers() => self.body_ty(&only.body, false),
            _ => {
                let response = &self.response;
                quote!(#response)
            }
        }
    }

    /// `Error<E>` with the operation's error body.
    pub(super) fn error_ty(&self) -> TokenStream {
        match &self.errors {
            ErrorBody::Untyped => quote!(Error),
            ErrorBody::One(ty) => {
                let ty = qualified_ty(ty, &self.api.types);
                quote!(Error<#ty>)
            }
            ErrorBody::ByStatus(_) => {
                let error = &self.error;
                quote!(Error<#error>)
            }
        }
    }

    fn body_ty(&self, body: &BodyRead, boxed: bool) -> TokenStream {
        match body {
            BodyRead::None => quote!(()),
            BodyRead::Json(ty) => {
                let tokens = qualified_ty(ty, &self.api.types);
                if boxed && matches!(ty, Ty::Named(_)) {
                    quote!(Box<#tokens>)
                } else {
                    tokens
                }
            }
            BodyRead::Text => quote!(String),
            BodyRead::Stream => quote!(ByteStream),
        }
    }

    fn body_read(body: &BodyRead, boxed: bool) -> TokenStream {
        match body {
            BodyRead::None => quote!(()),
            BodyRead::Json(Ty::Named(_)) if boxed => quote!(Box::new(reply.json().await?)),
            BodyRead::Json(_) => quote!(reply.json().await?),
            BodyRead::Text => quote!(reply.text().await?),
            BodyRead::Stream => quote!(reply.stream()),
        }
    }

    /// `(field, type, decoding expression, doc)` for each typed header and
    /// the body of a success response.
    fn fields(
        &self,
        success: &Success,
        boxed: bool,
    ) -> Vec<(Ident, TokenStream, TokenStream, String)> {
        let mut fields = Vec::new();
        for header in success
            .response
            .map(|r| r.headers.as_slice())
            .unwrap_or(&[])
        {
            let field = ident(&header.rust_name);
            let ty = match bare(&header.ty) {
                Ty::Binary => quote!(String),
                other => qualified_ty(other, &self.api.types),
            };
            let name = &header.name;
            let (ty, read) = if header.required {
                (ty, quote!(reply.header(#name)?))
            } else {
                (quote!(Option<#ty>), quote!(reply.optional_header(#name)))
            };
            let doc = header
                .doc
                .clone()
                .unwrap_or_else(|| format!("The `{name}` header."));
            fields.push((field, ty, read, doc));
        }
        if success.body != BodyRead::None {
            fields.push((
                ident("body"),
                self.body_ty(&success.body, boxed),
                Self::body_read(&success.body, boxed),
                "The response body.".into(),
            ));
        }
        fields
    }

    /// Whether the success's body is a `Box` in the response enum's
    /// variant (a named type's: one of several successes may be large).
    pub(super) fn boxes_body(&self, success: &Success) -> bool {
        self.successes.len() > 1 && matches!(success.body, BodyRead::Json(Ty::Named(_)))
    }

    /// The body of a success as an expression on `value` (what `send`
    /// returns): `(pattern, body)` for an enum of statuses (`pattern` binds
    /// `body`), else `(None, body)`.
    pub(super) fn body_of(&self, success: &Success) -> (Option<TokenStream>, TokenStream) {
        if self.successes.len() > 1 {
            let (response, variant) = (&self.response, &success.variant);
            (Some(quote!(#response::#variant { body, .. })), quote!(body))
        } else if success.has_headers() {
            (None, quote!(value.body))
        } else {
            (None, quote!(value))
        }
    }

    /// The body type of an error answered to an event stream's
    /// reconnection: the operation's one error body, if it has one that
    /// decodes on its own.
    pub(super) fn stream_error_ty(&self) -> Option<TokenStream> {
        match &self.errors {
            ErrorBody::One(ty) => Some(qualified_ty(ty, &self.api.types)),
            _ => None,
        }
    }

    /// The expression reading an unexpected reply as the operation's error.
    pub(super) fn read_error(&self) -> TokenStream {
        match (&self.errors, self.default_error) {
            (ErrorBody::ByStatus(_), false) => {
                let error = &self.error;
                quote!(reply.error_by(#error::decode).await)
            }
            (ErrorBody::ByStatus(_), true) => {
                let error = &self.error;
                quote!(reply.default_error_by(#error::decode).await)
            }
            (_, false) => quote!(reply.error().await),
            (_, true) => quote!(reply.default_error().await),
        }
    }

    /// The `match` on the status turning the reply into the typed value.
    pub(super) fn decode(&self) -> TokenStream {
        let response = &self.response;
        let error = self.read_error();
        let single = self.successes.len() == 1;
        if single && self.successes[0].is_empty() {
            let pattern = &self.successes[0].pattern;
            return quote! {
                match reply.status() {
                    #pattern => Ok(reply.finish(())),
                    _ => Err(#error),
                }
            };
        }
        let arms = self.successes.iter().map(|success| {
            let pattern = &success.pattern;
            let value = if single {
                if success.has_headers() {
                    let fields = self
                        .fields(success, false)
                        .into_iter()
                        .map(|(f, _, read, _)| quote!(#f: #read));
                    quote!(#response { #(#fields),* })
                } else {
                    Self::body_read(&success.body, false)
                }
            } else {
                let variant = &success.variant;
                if success.is_empty() {
                    quote!(#response::#variant)
                } else {
                    let fields = self
                        .fields(success, true)
                        .into_iter()
                        .map(|(f, _, read, _)| quote!(#f: #read));
                    quote!(#response::#variant { #(#fields),* })
                }
            };
            quote!(#pattern => #value,)
        });
        quote! {
            let value = match reply.status() {
                #(#arms)*
                _ => return Err(#error),
            };
            Ok(reply.finish(value))
        }
    }

    /// The operation's response type, when it needs one of its own.
    pub(super) fn response_type(&self, fn_name: &Ident) -> Option<TokenStream> {
        let response = &self.response;
        let field_tokens = |fields: Vec<(Ident, TokenStream, TokenStream, String)>,
                            public: bool| {
            fields
                .into_iter()
                .map(move |(field, ty, _, doc)| {
                    let doc = doc_attrs(Some(&doc));
                    let vis = public.then(|| quote!(pub));
                    quote!(#doc #vis #field: #ty,)
                })
                .collect::<Vec<_>>()
        };
        match self.successes.as_slice() {
            [only] if !only.has_headers() => None,
            [only] => {
                let described = only.response.map(|r| r.doc.trim()).unwrap_or_default();
                let status = only
                    .response
                    .map(|r| format!("`{}` ", r.status.token()))
                    .unwrap_or_default();
                let doc = doc_attrs(Some(&format!(
                    "The {status}response of [`Client::{fn_name}`].\n\n{described}"
                )));
                let fields = field_tokens(self.fields(only, false), true);
                Some(quote! {
                    #doc
                    #[derive(Debug)]
                    #[non_exhaustive]
                    pub struct #response {
                        #(#fields)*
                    }
                })
            }
            successes => {
                let doc =
                    format!(" The responses of [`Client::{fn_name}`], one per success status.");
                let variants = successes.iter().map(|success| {
                    let variant = &success.variant;
                    let status = match success.response {
                        Some(r) => format!("`{}`", r.status.token()),
                        None => "Any other success status".to_owned(),
                    };
                    let described = success.response.map(|r| r.doc.trim()).unwrap_or_default();
                    let doc = doc_attrs(Some(&format!("{status}: {described}")));
                    if success.is_empty() {
                        quote!(#doc #variant,)
                    } else {
                        let fields = field_tokens(self.fields(success, true), false);
                        quote!(#doc #variant { #(#fields)* },)
                    }
                });
                Some(quote! {
                    #[doc = #doc]
                    #[derive(Debug)]
                    #[non_exhaustive]
                    pub enum #response {
                        #(#variants)*
                    }
                })
            }
        }
    }

    /// The error enum of an operation whose error bodies differ.
    pub(super) fn error_type(&self, fn_name: &Ident) -> Option<TokenStream> {
        let ErrorBody::ByStatus(responses) = &self.errors else {
            return None;
        };
        let error = &self.error;
        let doc = format!(" The error bodies of [`Client::{fn_name}`], by status.");
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for (response, pattern) in responses {
            let variant = ident(&response.variant);
            let ty = response.json_body().expect("kept for their JSON bodies");
            let boxed = matches!(ty, Ty::Named(_));
            let ty = qualified_ty(ty, &self.api.types);
            let doc = doc_attrs(Some(&format!(
                "`{}`: {}",
                response.status.token(),
                response.doc.trim()
            )));
            if boxed {
                variants.push(quote!(#doc #variant(Box<#ty>),));
                arms.push(quote!(#pattern => serde_json::from_slice(body).ok().map(|body| Self::#variant(Box::new(body))),));
            } else {
                variants.push(quote!(#doc #variant(#ty),));
                arms.push(
                    quote!(#pattern => serde_json::from_slice(body).ok().map(Self::#variant),),
                );
            }
        }
        Some(quote! {
            #[doc = #doc]
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum #error {
                #(#variants)*
            }

            impl #error {
                /// The body of an error answered with `status`.
                fn decode(status: u16, body: &[u8]) -> Option<Self> {
                    match status {
                        #(#arms)*
                        _ => None,
                    }
                }
            }
        })
    }
}

/// How the client reads a response's body (the content the IR chose), and
/// the media types it accepts for it.
fn body_read(response: &Response) -> (BodyRead, Vec<&str>) {
    let Some(chosen) = response.chosen() else {
        return (BodyRead::None, Vec::new());
    };
    let group = |kind: BodyKind| match kind {
        BodyKind::Json | BodyKind::MergePatch => 0,
        BodyKind::Text | BodyKind::Xml | BodyKind::EventStream => 1,
        BodyKind::Binary | BodyKind::Multipart | BodyKind::Form => 2,
    };
    let read = match group(chosen.kind) {
        0 => BodyRead::Json(chosen.ty.clone()),
        1 => BodyRead::Text,
        _ => BodyRead::Stream,
    };
    let media = response
        .contents
        .iter()
        .filter(|c| group(c.kind) == group(chosen.kind))
        .map(|c| c.media_type.as_str())
        .collect();
    (read, media)
}

/// The `match` pattern of a status within `(low, high)` for `default`; a
/// range or `default` leaves out the `codes` that have arms of their own,
/// so no two arms overlap.
fn status_pattern(status: Status, codes: &[u16], default: (u16, u16)) -> TokenStream {
    let (low, high) = match status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            return quote!(#code);
        }
        Status::Range(range) => (range * 100, range * 100 + 99),
        Status::Default => default,
    };
    let mut spans = Vec::new();
    let mut start = low;
    for code in (low..=high).filter(|code| codes.contains(code)) {
        if code > start {
            spans.push((start, code - 1));
        }
        start = code + 1;
    }
    if start <= high {
        spans.push((start, high));
    }
    let spans = spans.into_iter().map(|(from, to)| {
        let (from_lit, to_lit) = (Literal::u16_unsuffixed(from), Literal::u16_unsuffixed(to));
        if from == to {
            quote!(#from_lit)
        } else {
            quote!(#from_lit..=#to_lit)
        }
    });
    quote!(#(#spans)|*)
}
