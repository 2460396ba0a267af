//! What a request builder holds: one input per parameter (named as the IR
//! names it), the body (or one input per part of a multipart body), the
//! `Idempotency-Key`, and headers a caller adds; and how each is sent.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::rust::{doc_attrs, ident, qualified_ty, takes_into};
use crate::ir::{
    Api, BodyAlternative, BodyKind, Form, Operation, PageStyle, Param, ParamEncoding,
    ParamLocation, ParamStyle, PartKind, PartStyle, bare,
};

/// One input of a request builder.
pub(super) struct Input<'a> {
    pub field: Ident,
    /// The value's type (the field is `Option` of it when optional).
    pub ty: TokenStream,
    /// Whether setters and arguments take `impl Into` of it (text, uploads).
    pub into: bool,
    pub required: bool,
    /// The spec's words for it.
    pub doc: String,
    /// The `RequestBuilder` call sending it.
    send: TokenStream,
    /// The parameter it comes from, if any.
    pub param: Option<&'a Param>,
}

impl Input<'_> {
    /// The name callers see.
    pub(super) fn name(&self) -> String {
        self.field.to_string().trim_start_matches("r#").to_owned()
    }

    fn field_ty(&self) -> TokenStream {
        let ty = &self.ty;
        if self.required {
            ty.clone()
        } else {
            quote!(Option<#ty>)
        }
    }

    pub(super) fn arg(&self) -> TokenStream {
        let (field, ty) = (&self.field, &self.ty);
        if self.into {
            quote!(#field: impl Into<#ty>)
        } else {
            quote!(#field: #ty)
        }
    }

    fn converted(&self) -> TokenStream {
        let field = &self.field;
        if self.into {
            quote!(#field.into())
        } else {
            quote!(#field)
        }
    }

    fn setter(&self) -> TokenStream {
        let doc = doc_attrs(Some(&self.doc));
        let field = &self.field;
        let arg = self.arg();
        let value = self.converted();
        quote! {
            #doc
            pub fn #field(mut self, #arg) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    }
}

/// An operation's `Idempotency-Key` header.
struct IdempotencyKey {
    name: String,
    /// The builder field holding a key the caller set.
    field: Ident,
    doc: String,
    /// The lengths the spec declares for it, when they leave out the 36
    /// characters of a generated UUID.
    lengths: Option<(usize, usize)>,
}

/// Every input of an operation's request builder.
pub(super) struct Inputs<'a> {
    /// Path parameters in path order, the other required inputs, then the
    /// optional ones.
    list: Vec<Input<'a>>,
    /// The `Idempotency-Key` header, sent on every try.
    idempotency: Option<IdempotencyKey>,
    /// Sends an optional body: `if let Some(body) = …`.
    optional_body: Option<TokenStream>,
    /// Paginated by URL: a field holding the next page's URL.
    page_url: bool,
    /// A required multipart body, sent even when no part is set.
    required_form: bool,
    uses_upload: bool,
    uses_style: bool,
}

impl<'a> Inputs<'a> {
    /// The inputs of `op`'s call sending its typed body, or `alternative`.
    pub(super) fn of(
        api: &'a Api,
        op: &'a Operation,
        alternative: Option<&BodyAlternative<'a>>,
    ) -> Self {
        let mut inputs = Self {
            list: Vec::new(),
            idempotency: None,
            optional_body: None,
            page_url: op.pagination.as_ref().is_some_and(|p| {
                matches!(p.style, PageStyle::NextUrl { .. } | PageStyle::LinkHeader)
            }),
            required_form: false,
            uses_upload: false,
            uses_style: false,
        };
        inputs.params(api, op);
        inputs.body(api, op, alternative);
        // Path parameters in path order, the other required inputs, then
        // the optional ones (a stable sort keeps the spec's order otherwise).
        let path_position = |input: &Input| match input.param {
            Some(p) if p.location == ParamLocation::Path => {
                op.path.params().position(|name| name == p.name)
            }
            _ => None,
        };
        inputs
            .list
            .sort_by_key(|input| (!input.required, path_position(input).unwrap_or(usize::MAX)));
        inputs
    }

    pub(super) fn all(&self) -> impl Iterator<Item = &Input<'a>> {
        self.list.iter()
    }

    pub(super) fn required(&self) -> Vec<&Input<'a>> {
        self.list.iter().filter(|i| i.required).collect()
    }

    /// The input carrying the query parameter `name`.
    pub(super) fn query_input(&self, name: &str) -> Option<&Input<'a>> {
        self.list.iter().find(|i| {
            i.param
                .is_some_and(|p| p.location == ParamLocation::Query && p.name == name)
        })
    }

    pub(super) fn uses_upload(&self) -> bool {
        self.uses_upload
    }

    pub(super) fn uses_style(&self) -> bool {
        self.uses_style
    }

    pub(super) fn optional_body(&self) -> Option<&TokenStream> {
        self.optional_body.as_ref()
    }

    /// Whether the next page's URL is a field of the builder.
    pub(super) fn has_page_url(&self) -> bool {
        self.page_url
    }

    /// The builder's fields after `client`.
    pub(super) fn fields(&self) -> TokenStream {
        let fields = self.list.iter().map(|input| {
            let field = &input.field;
            let ty = input.field_ty();
            quote!(#field: #ty,)
        });
        let key = self.idempotency.as_ref().map(|key| {
            let field = &key.field;
            quote!(#field: Option<String>,)
        });
        let page_url = self.page_url.then(|| quote!(page_url: Option<String>,));
        quote! {
            #(#fields)*
            #key
            #page_url
            headers: specforge_runtime::client::ExtraHeaders,
        }
    }

    /// Initial values of the fields that are not inputs.
    pub(super) fn extra_inits(&self) -> TokenStream {
        let key = self.idempotency.as_ref().map(|key| {
            let field = &key.field;
            quote!(#field: None,)
        });
        let page_url = self.page_url.then(|| quote!(page_url: None,));
        quote! {
            #key
            #page_url
            headers: Vec::new(),
        }
    }

    /// The setters of the optional inputs, the key and extra headers.
    pub(super) fn setters(&self) -> TokenStream {
        let setters = self.list.iter().filter(|i| !i.required).map(Input::setter);
        let key = self.idempotency.as_ref().map(|key| {
            let field = &key.field;
            let doc = doc_attrs(Some(&format!(
                "{}\n\nA new key is generated when none is set; it is kept across retries.",
                key.doc
            )));
            quote! {
                #doc
                pub fn #field(mut self, #field: impl Into<String>) -> Self {
                    self.#field = Some(#field.into());
                    self
                }
            }
        });
        quote! {
            #(#setters)*
            #key

            /// Adds a header to this request, beside those the operation
            /// declares (a tracing header, an experimental flag…).
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }
        }
    }

    /// The `RequestBuilder` calls sending every input.
    pub(super) fn sends(&self) -> TokenStream {
        let calls = self.list.iter().map(|i| &i.send);
        let key = self.idempotency.as_ref().map(|key| {
            let (name, field) = (&key.name, &key.field);
            match key.lengths {
                Some((min, max)) => {
                    let min = proc_macro2::Literal::usize_unsuffixed(min);
                    let max = proc_macro2::Literal::usize_unsuffixed(max);
                    quote!(.idempotency_key_within(#name, self.#field, #min, #max))
                }
                None => quote!(.idempotency_key(#name, self.#field)),
            }
        });
        let page_url = self.page_url.then(|| quote!(.url(self.page_url)));
        let form = self.required_form.then(|| quote!(.multipart_form()));
        quote! {
            #form
            #(#calls)*
            #key
            .extra_headers(self.headers)
            #page_url
        }
    }

    fn params(&mut self, api: &Api, op: &'a Operation) {
        for param in &op.params {
            let field = ident(&param.rust_name);
            let doc = param_doc(param);
            if param.is_idempotency_key() && op.idempotent {
                let min = param.constraints.min_length.unwrap_or(1);
                let max = param.constraints.max_length.unwrap_or(usize::MAX);
                self.idempotency = Some(IdempotencyKey {
                    name: param.name.clone(),
                    field,
                    doc,
                    lengths: (!(min..=max).contains(&36)).then_some((min, max)),
                });
                continue;
            }
            let send = self.param_send(param, &field);
            self.list.push(Input {
                ty: qualified_ty(bare(&param.ty), &api.types),
                into: takes_into(bare(&param.ty), &api.types),
                field,
                required: param.required,
                doc,
                send,
                param: Some(param),
            });
        }
        if op.idempotent && self.idempotency.is_none() {
            self.idempotency = Some(IdempotencyKey {
                name: "Idempotency-Key".into(),
                field: ident("idempotency_key"),
                doc: "The `Idempotency-Key` header: a unique key making the request safe to retry."
                    .into(),
                lengths: None,
            });
        }
    }

    fn param_send(&mut self, param: &Param, field: &Ident) -> TokenStream {
        let name = &param.name;
        let value = quote!(&self.#field);
        let (style, explode) = match &param.encoding {
            ParamEncoding::Style { style, explode } => (Some(*style), *explode),
            ParamEncoding::Content { .. } => (None, false),
        };
        let style_tokens = |style: Option<ParamStyle>| match style {
            Some(style) => style_tokens(style),
            None => quote!(Style::Json),
        };
        match (param.location, style, explode) {
            (ParamLocation::Path, Some(ParamStyle::Simple), false) => quote!(.path(#name, #value)),
            (ParamLocation::Path, style, explode) => {
                self.uses_style = true;
                let style = style_tokens(style);
                quote!(.path_with(#name, #value, #style, #explode))
            }
            (ParamLocation::Query, Some(ParamStyle::Form), true) => quote!(.query(#name, #value)),
            (ParamLocation::Query, style, explode) => {
                self.uses_style = true;
                let style = style_tokens(style);
                quote!(.query_with(#name, #value, #style, #explode))
            }
            (ParamLocation::Header, None, _) => quote!(.header_json(#name, #value)),
            (ParamLocation::Cookie, None, _) => quote!(.cookie_json(#name, #value)),
            (ParamLocation::Header, _, false) => quote!(.header(#name, #value)),
            (ParamLocation::Header, _, true) => quote!(.header_with(#name, #value, true)),
            (ParamLocation::Cookie, _, _) => quote!(.cookie(#name, #value)),
        }
    }

    fn body(&mut self, api: &Api, op: &'a Operation, alternative: Option<&BodyAlternative<'a>>) {
        let Some(body) = &op.body else {
            return;
        };
        // The media types a body sent as bytes may declare: the
        // alternative's own, else those of every binary content.
        let (content, declared) = match alternative {
            Some(alternative) => (alternative.content, alternative.media_types.clone()),
            None => (
                body.chosen(),
                (body.contents.iter())
                    .filter(|c| c.kind == BodyKind::Binary)
                    .map(|c| c.media_type.as_str())
                    .collect(),
            ),
        };
        if let Some(form) = content
            .form
            .as_ref()
            .filter(|_| content.kind == BodyKind::Multipart)
        {
            return self.multipart(api, form, body.required);
        }
        let media = content.media_type.as_str();
        let mut doc = body
            .doc
            .clone()
            .unwrap_or_else(|| "The request body.".into());
        if content.kind == BodyKind::Multipart {
            // No object schema to send part by part: the caller writes it.
            doc.push_str(&format!(
                "\n\nThe whole `{media}` body, with its content type and boundary \
                 ([`Upload::content_type`])."
            ));
        }
        let field = ident("body");
        // The parts of a URL-encoded body not in the default style.
        let styled: Vec<TokenStream> = (content.form.iter())
            .flat_map(|form| &form.parts)
            .filter_map(|part| {
                let name = &part.name;
                let (style, explode) = match part.style {
                    PartStyle::Exploded => return None,
                    PartStyle::DeepObject => (ParamStyle::DeepObject, true),
                    PartStyle::Delimited(' ') => (ParamStyle::SpaceDelimited, false),
                    PartStyle::Delimited('|') => (ParamStyle::PipeDelimited, false),
                    PartStyle::Delimited(_) => (ParamStyle::Form, false),
                };
                let style = style_tokens(style);
                Some(quote!((#name, #style, #explode)))
            })
            .collect();
        self.uses_style |= content.kind == BodyKind::Form && !styled.is_empty();
        // The call sending the owned value `value`.
        let call = |value: TokenStream| match content.kind {
            // A range (`*/*`) is sent as what it takes first: JSON.
            BodyKind::Json
                if media.eq_ignore_ascii_case("application/json") || media.ends_with("/*") =>
            {
                quote!(json(&#value))
            }
            BodyKind::Json | BodyKind::MergePatch => quote!(json_as(#media, &#value)),
            BodyKind::Form if styled.is_empty() => quote!(form(&#value)),
            BodyKind::Form => quote!(form_styled(&#value, &[#(#styled),*])),
            BodyKind::Text | BodyKind::EventStream | BodyKind::Xml => {
                quote!(text(#media, #value))
            }
            BodyKind::Binary | BodyKind::Multipart => quote!(upload(&[#(#declared),*], #value)),
        };
        let (ty, into) = match content.kind {
            BodyKind::Text | BodyKind::EventStream | BodyKind::Xml => (quote!(String), true),
            BodyKind::Binary | BodyKind::Multipart => {
                self.uses_upload = true;
                (quote!(Upload), true)
            }
            _ => (
                qualified_ty(&content.ty, &api.types),
                takes_into(&content.ty, &api.types),
            ),
        };
        let send = if body.required {
            let call = call(quote!(self.#field));
            quote!(.#call)
        } else {
            let call = call(quote!(#field));
            self.optional_body = Some(quote! {
                if let Some(#field) = self.#field {
                    request = request.#call;
                }
            });
            TokenStream::new()
        };
        self.list.push(Input {
            field,
            ty,
            into,
            required: body.required,
            doc,
            send,
            param: None,
        });
    }

    /// A multipart body typed part by part: one input per part of the IR's
    /// [`Form`]; file parts are [`Upload`]s.
    fn multipart(&mut self, api: &Api, form: &Form, body_required: bool) {
        self.required_form = body_required;
        for part in &form.parts {
            let field = ident(&part.input_name);
            let name = &part.name;
            let required = body_required && part.required;
            let doc = part
                .doc
                .clone()
                .unwrap_or_else(|| format!("The `{name}` part."));
            let (ty, into, send) = match part.kind {
                PartKind::File => {
                    self.uses_upload = true;
                    let uploads = if required {
                        quote!(Some(self.#field))
                    } else {
                        quote!(self.#field)
                    };
                    (quote!(Upload), true, quote!(.file_part(#name, #uploads)))
                }
                PartKind::Files => {
                    self.uses_upload = true;
                    let uploads = if required {
                        quote!(self.#field)
                    } else {
                        quote!(self.#field.into_iter().flatten())
                    };
                    (
                        quote!(Vec<Upload>),
                        false,
                        quote!(.file_part(#name, #uploads)),
                    )
                }
                PartKind::Text => {
                    let ty = bare(&part.ty);
                    (
                        qualified_ty(ty, &api.types),
                        takes_into(ty, &api.types),
                        quote!(.part(#name, &self.#field)),
                    )
                }
            };
            self.list.push(Input {
                field,
                ty,
                into,
                required,
                doc,
                send,
                param: None,
            });
        }
    }
}

/// The spec's words for a parameter, or a line naming it.
fn param_doc(param: &Param) -> String {
    let mut doc = param
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` {}.", param.name, param.location.noun()));
    if param.deprecated {
        doc.push_str("\n\nDeprecated.");
    }
    doc
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::Label => quote!(Label),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    };
    quote!(Style::#variant)
}
