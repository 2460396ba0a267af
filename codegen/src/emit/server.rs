//! The `server` module of the generated crate: the `Api` trait (one method per
//! operation, typed request in, typed response out), and `router`, which runs
//! every operation through the runtime's request pipeline.

use std::collections::BTreeSet;
use std::sync::Arc;

use heck::ToShoutySnakeCase;
use indexmap::IndexMap;
use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::format::{Part, item};
use super::imports::Imports;
use super::rust::{doc_attrs, ident, qualified_ty};
use super::xml::XmlNodes;
use crate::ir::{
    Api, BodyAlternative, BodyKind, Constraints, Content, Events, Field, Form, Namespace,
    Operation, Param, ParamEncoding, ParamLocation, ParamStyle, PartKind, PartStyle, Piece,
    Presence, ProtocolHeader, Response, SecuritySchemeKind, Segment, Status, Ty, TypeDef, TypeKind,
    UnionForm, field_ident, is_field_name,
};

/// Response headers the pipeline sets itself; handlers never supply them.
const FRAMEWORK_HEADERS: &[&str] = &[
    "request-id",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-policy",
    "deprecation",
    "sunset",
    "idempotent-replayed",
    "www-authenticate",
    "content-type",
    "content-length",
];

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let types = &api.types;
    let ops = &api.operations;
    let methods = ops.iter().map(|op| item(move || trait_method(op)));
    let shared = Arc::new(Shared {
        params: SharedParams::of(api),
        xml: XmlNodes::of(api),
    });
    let shared_params = {
        let shared = Arc::clone(&shared);
        item(move || shared.params.tokens())
    };
    let xml_nodes = {
        let shared = Arc::clone(&shared);
        item(move || shared.xml.tokens())
    };
    let requests = ops.iter().map(|op| {
        let shared = Arc::clone(&shared);
        item(move || request_struct(op, types, &shared))
    });
    let responses = ops.iter().map(|op| item(move || response_enum(op, types)));
    let statics = ops.iter().map(|op| item(move || operation_static(api, op)));
    let handlers = ops.iter().map(|op| item(move || handler(op)));
    let items = [shared_params, xml_nodes]
        .into_iter()
        .chain(requests)
        .chain(responses)
        .chain([item(|| schemes_static(api))])
        .chain(statics)
        .chain([item(|| router(api))])
        .chain(handlers)
        .collect();
    vec![
        Part::Items(vec![item(|| head(api))]),
        Part::Block {
            attrs: item(|| {
                quote! {
                    /// The API: one method per operation. Implement it and serve it with
                    /// [`router`]; decoding, validation, authentication, rate limits,
                    /// idempotency and error responses are done before a method is called.
                    ///
                    /// Every method has a default answering `501 Not Implemented` (a
                    /// `not_implemented` problem), so a large API can be implemented a few
                    /// operations at a time: override the ones that are ready.
                }
            }),
            head: item(|| quote!(pub trait Api: Send + Sync + 'static)),
            members: methods.collect(),
        },
        Part::Items(items),
    ]
}

/// The module's imports and re-exports.
fn head(api: &Api) -> TokenStream {
    let mut imports = Imports::new();
    imports
        .add("std::sync", &["Arc"])
        .add("axum::extract", &["Request", "State"])
        .add("axum::response", &["IntoResponse", "Response"])
        .add("specforge_runtime", &["Problem"])
        .export(
            "specforge_runtime::server",
            &[
                "Authenticator",
                "Credential",
                "Download",
                "FilePart",
                "Principal",
                "RequestContext",
                "ServerOptions",
                "Upload",
            ],
        );
    runtime_imports(api, &mut imports);
    super::events::server_imports(api, &mut imports);
    let imports = imports.tokens();
    quote! {
        #imports

        /// The spec this server implements, as written.
        pub const OPENAPI_JSON: &str = include_str!("openapi.json");
    }
}

fn schemes_static(api: &Api) -> TokenStream {
    let schemes = api.security_schemes.iter().filter_map(scheme);
    quote! {
        /// The security schemes of the spec.
        static SCHEMES: &[Scheme] = &[#(#schemes),*];
    }
}

/// The parameters and locals of `router`, which hide handlers of those names.
const ROUTER_BINDINGS: &[&str] = &["api", "options", "server", "routes"];

fn router(api: &Api) -> TokenStream {
    let default_limit = rate_limit_tokens(api.rate_limit);
    let routes = routes(api);
    quote! {
        /// An axum router serving `api`, with `/openapi.json` and `/docs` unless
        /// the options turn them off.
        pub fn router<A: Api>(api: A, options: ServerOptions) -> axum::Router {
            let server = Server::new(api, options, SCHEMES, #default_limit);
            let mut routes = specforge_runtime::server::Routes::new(server);
            #routes
            routes.finish(OPENAPI_JSON)
        }
    }
}

/// The runtime items the module uses, so every import is used.
fn runtime_imports(api: &Api, imports: &mut Imports) {
    let params = || api.operations.iter().flat_map(|op| &op.params);
    let has_params = params().next().is_some();
    let has_mixed = api.operations.iter().any(|op| {
        op.path
            .segments
            .iter()
            .any(|s| matches!(s, Segment::Mixed(_)))
    });
    let api_key = api
        .security_schemes
        .iter()
        .any(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. }));
    let has_schemes = api
        .security_schemes
        .iter()
        .any(|s| !matches!(s.kind, SecuritySchemeKind::Other(_)));
    let rate_limited =
        api.rate_limit.is_some() || api.operations.iter().any(|op| op.rate_limit.is_some());
    let takes_input = api.operations.iter().any(takes_input);
    let replies = api.operations.iter().any(|op| !op.responses.is_empty());
    let multipart_forms = api.operations.iter().any(|op| form(op).is_some());
    let forms: Vec<&Form> = api
        .operations
        .iter()
        .flat_map(|op| {
            (form(op).into_iter())
                .chain(urlencoded_form(op))
                .chain(multipart_range_form(op))
                .chain(separate(op).into_iter().filter_map(|c| c.form.as_ref()))
        })
        .collect();
    let union_forms = api.operations.iter().any(|op| {
        types_union_form(op)
            || separate(op).iter().any(|c| c.union_form.is_some())
            || request_body(op).is_some_and(|(c, _)| c.multipart_text_union().is_some())
    });
    let text_parts = union_forms
        || forms
            .iter()
            .flat_map(|f| &f.parts)
            .any(|p| p.kind == PartKind::Text);
    imports
        .add_if(
            has_params || text_parts,
            "specforge_runtime::params",
            &["Kind", "Shape"],
        )
        .add_if(
            params().any(|p| !p.has_default_encoding()),
            "specforge_runtime::params",
            &["Style"],
        )
        .add_if(
            has_params || api_key,
            "specforge_runtime::problem",
            &["Location"],
        )
        .add_if(
            api.operations.iter().any(|op| op.path.captures() > 0),
            "specforge_runtime::path_template",
            &["Capture"],
        )
        .add_if(has_mixed, "specforge_runtime::path_template", &["Piece"])
        .add_if(
            rate_limited,
            "specforge_runtime::rate_limit",
            &["RateLimit"],
        )
        .add(
            "specforge_runtime::server",
            &["Operation", "Scheme", "Server"],
        )
        .add_if(
            !forms.is_empty() || union_forms,
            "specforge_runtime::server",
            &["Form", "FormPart"],
        )
        .add_if(multipart_forms, "specforge_runtime::server", &["FormData"])
        .add_if(takes_input, "specforge_runtime::server", &["Input"])
        .add_if(
            api.operations.iter().any(decodes_asynchronously),
            "specforge_runtime::server",
            &["decode_request"],
        )
        .add_if(has_params, "specforge_runtime::server", &["Param"])
        .add_if(replies, "specforge_runtime::server", &["Reply"])
        .add_if(has_schemes, "specforge_runtime::server", &["SchemeKind"])
        .add_if(
            params().any(|p| {
                is_array(&p.ty, &api.types)
                    && super::validation::items_rules(&p.constraints).is_some()
            }),
            "specforge_runtime::validate",
            &["Items"],
        )
        .add_if(
            params().any(|p| super::validation::number_rules(&p.constraints).is_some()),
            "specforge_runtime::validate",
            &["Number"],
        )
        .add_if(
            params().any(|p| super::validation::text_rules(&p.constraints).is_some()),
            "specforge_runtime::validate",
            &["Text"],
        );
    let mut rule_names = BTreeSet::new();
    for param in params() {
        item_rules(param, &api.types, &mut rule_names);
    }
    for name in rule_names {
        imports.add("specforge_runtime::validate", &[name]);
    }
    for name in api
        .operations
        .iter()
        .flat_map(|op| {
            request_body(op)
                .map(|(content, _)| content)
                .into_iter()
                .chain(separate(op))
        })
        .filter_map(|content| body_rules(content, &api.types))
        .flat_map(|(_, names)| names)
    {
        imports.add("specforge_runtime::validate", &[name]);
    }
}

/// The const of the rules `op`'s body is held to (see [`body_rules`]),
/// naming the variant of an [alternative](crate::ir::Body::alternatives)
/// content (`None`: the typed content).
fn body_rules_name(op: &Operation, variant: Option<&str>) -> Ident {
    let op_name = op.type_name.to_shouty_snake_case();
    match variant {
        None => format_ident!("{op_name}_BODY"),
        Some(variant) => {
            let variant = variant.to_shouty_snake_case();
            format_ident!("{op_name}_{variant}_BODY")
        }
    }
}

fn request_name(op: &Operation) -> Ident {
    format_ident!("{}Request", op.type_name)
}

fn response_name(op: &Operation) -> Ident {
    format_ident!("{}Response", op.type_name)
}

fn op_doc(op: &Operation) -> String {
    let mut doc = String::new();
    for part in [&op.summary, &op.description].into_iter().flatten() {
        let part = part.trim();
        if !part.is_empty() && !doc.contains(part) {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(part);
        }
    }
    if doc.is_empty() {
        doc = format!("`{} {}`", op.method.as_str(), op.path.raw);
    } else {
        doc.push_str(&format!("\n\n`{} {}`", op.method.as_str(), op.path.raw));
    }
    if op.deprecated {
        doc.push_str("\n\nDeprecated");
        match &op.sunset {
            Some(sunset) => doc.push_str(&format!(": removed after {sunset}.")),
            None => doc.push('.'),
        }
    }
    doc
}

fn trait_method(op: &Operation) -> TokenStream {
    let doc = doc_attrs(Some(&op_doc(op)));
    let name = ident(&op.fn_name);
    let request = request_name(op);
    let response = response_name(op);
    let id = &op.id;
    quote! {
        #doc
        fn #name(
            &self,
            request: #request,
            context: RequestContext,
        ) -> impl Future<Output = Result<#response, Problem>> + Send {
            let _ = (request, context);
            std::future::ready(Err(Problem::not_implemented(#id)))
        }
    }
}

/// The body the server decodes, if any, and whether it is required.
fn request_body(op: &Operation) -> Option<(&Content, bool)> {
    op.body.as_ref().map(|b| (b.chosen(), b.required))
}

/// The multipart form read beside the content the body is typed as.
fn multipart_alternative(op: &Operation) -> Option<&Content> {
    op.body.as_ref().and_then(|b| b.multipart_alternative())
}

/// The typed parts of the operation's multipart body, if it has them.
fn form(op: &Operation) -> Option<&Form> {
    let chosen = request_body(op)
        .map(|(content, _)| content)
        .filter(|content| content.kind == BodyKind::Multipart);
    multipart_alternative(op)
        .or(chosen)
        .and_then(|content| content.form.as_ref())
}

/// The parts a URL-encoded body of the operation is read by.
fn urlencoded_form(op: &Operation) -> Option<&Form> {
    op.body.as_ref().and_then(|b| b.urlencoded_form())
}

/// The form a URL-encoded union body of the operation is typed by (where
/// the body has no parts of its own).
fn urlencoded_union(op: &Operation) -> Option<&UnionForm> {
    op.body.as_ref().and_then(|b| b.urlencoded_union())
}

/// The form a multipart union body read whole is typed by.
fn multipart_union(op: &Operation) -> Option<&UnionForm> {
    op.body.as_ref().and_then(|b| b.multipart_union())
}

/// Whether the decoder types a union form body by its members: the body
/// is read as a typed content, and sent URL-encoded or as a multipart
/// form read whole.
fn types_union_form(op: &Operation) -> bool {
    let typed = request_body(op).is_some_and(|(content, _)| {
        matches!(
            content.kind,
            BodyKind::Json | BodyKind::MergePatch | BodyKind::Form | BodyKind::Xml
        )
    });
    let urlencoded = urlencoded_form(op).is_none() && urlencoded_union(op).is_some();
    let whole = multipart_alternative(op).is_none()
        && reads_multipart_whole(op)
        && multipart_union(op).is_some();
    typed && (urlencoded || whole)
}

/// The parts a multipart body read whole is read by, when its schema is
/// an object under a media range.
fn multipart_range_form(op: &Operation) -> Option<&Form> {
    op.body.as_ref().and_then(|b| b.multipart_range_form())
}

/// Whether a multipart body is read whole into the typed content.
fn reads_multipart_whole(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.reads_multipart_whole())
}

/// Whether reading the inputs waits for a multipart body.
fn decodes_asynchronously(op: &Operation) -> bool {
    request_body(op).is_some_and(|(content, _)| content.kind == BodyKind::Multipart)
        || multipart_alternative(op).is_some()
        || reads_multipart_whole(op)
}

/// `FooRequestBody`: the body of an operation whose media types carry
/// different data (JSON or a multipart form, say), by the media type sent.
fn either_body_name(op: &Operation) -> Ident {
    format_ident!("{}RequestBody", op.type_name)
}

/// The variant of [`either_body_name`] holding the typed content: its reading.
fn typed_variant(content: &Content) -> Ident {
    format_ident!("{}", content.kind.reading())
}

/// The contents the server reads into types of their own beside the typed
/// one (see [`Body::separate`](crate::ir::Body::separate)).
fn separate(op: &Operation) -> Vec<&Content> {
    op.body.iter().flat_map(|b| b.separate()).collect()
}

/// The [alternatives](crate::ir::Body::alternatives) of `op`'s body, with
/// the variants holding them.
fn alternatives(op: &Operation) -> Vec<BodyAlternative<'_>> {
    op.body.iter().flat_map(|b| b.alternatives()).collect()
}

fn either_body(op: &Operation, chosen: &Content, types: &[TypeDef]) -> TokenStream {
    let name = either_body_name(op);
    let doc = format!(
        " The body of [`Api::{}`], read by the media type the client sent.",
        op.fn_name.trim_start_matches("r#")
    );
    let typed_doc = format!(
        " Sent as `{}` (or another declared media type of the same data).",
        chosen.media_type
    );
    let typed = (chosen, typed_variant(chosen), typed_doc);
    let variants = std::iter::once(typed)
        .chain(alternatives(op).into_iter().map(|alternative| {
            let sent = alternative.media_types.join("` or `");
            let doc = match alternative.content.kind {
                BodyKind::Multipart => format!(" Sent as `{sent}`: the form's parts."),
                _ => format!(" Sent as `{sent}`."),
            };
            let variant = format_ident!("{}", alternative.variant);
            (alternative.content, variant, doc)
        }))
        .map(|(content, variant, doc)| {
            let ty = body_ty(op, content, types);
            quote!(#[doc = #doc] #variant(#ty),)
        });
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        // One value per request, moved once into the handler: boxing the
        // larger side would cost an allocation and save nothing.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn parts_name(op: &Operation) -> Ident {
    format_ident!("{}Parts", op.type_name)
}

fn body_ty(op: &Operation, content: &Content, types: &[TypeDef]) -> TokenStream {
    match content.kind {
        BodyKind::Multipart if content.form.is_some() => parts_name(op).into_token_stream(),
        BodyKind::Multipart if content.multipart_text_union().is_some() => {
            qualified_ty(&content.ty, types)
        }
        // No object schema to read it by: the stream, unread.
        BodyKind::Multipart => quote!(axum::extract::Multipart),
        BodyKind::Binary => quote!(Upload),
        BodyKind::Text | BodyKind::EventStream => quote!(String),
        BodyKind::Json | BodyKind::MergePatch | BodyKind::Form | BodyKind::Xml => {
            qualified_ty(&content.ty, types)
        }
    }
}

fn request_struct(op: &Operation, types: &[TypeDef], shared: &Shared<'_>) -> TokenStream {
    let name = request_name(op);
    let doc = format!(" Inputs of [`Api::{}`].", op.fn_name);
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let doc = doc_attrs(p.doc.as_deref());
            let field = ident(&p.rust_name);
            let ty = qualified_ty(&p.ty, types);
            let ty = if p.required { ty } else { quote!(Option<#ty>) };
            quote!(#doc pub #field: #ty,)
        })
        .collect();
    let mut debug = quote!(#[derive(Debug)]);
    let mut either = None;
    if let Some((content, required)) = request_body(op) {
        let ty = if separate(op).is_empty() {
            body_ty(op, content, types)
        } else {
            either = Some(either_body(op, content, types));
            either_body_name(op).into_token_stream()
        };
        let ty = if required { ty } else { quote!(Option<#ty>) };
        let doc = doc_attrs(Some(
            op.body
                .as_ref()
                .and_then(|b| b.doc.as_deref())
                .unwrap_or("The request body."),
        ));
        fields.push(quote!(#doc pub body: #ty,));
        if content.kind == BodyKind::Multipart
            && content.form.is_none()
            && content.multipart_text_union().is_none()
        {
            // Multipart streams are not `Debug`.
            debug = TokenStream::new();
        }
    }
    let parts = form(op).map(|form| parts_struct(op, form, types));
    let decoder = request_decoder(op, types, shared);
    if fields.is_empty() {
        return quote! {
            #[doc = #doc]
            #debug
            pub struct #name;

            #decoder
        };
    }
    quote! {
        #parts

        #either

        #[doc = #doc]
        #debug
        pub struct #name {
            #(#fields)*
        }

        #decoder
    }
}

/// `FooParts`: the parts of a multipart body, text parts as the fields of
/// the body's model have them (they are decoded into it first), files as
/// [`FilePart`]s; and how it is built from what the runtime read.
fn parts_struct(op: &Operation, form: &Form, types: &[TypeDef]) -> TokenStream {
    let name = parts_name(op);
    let TypeKind::Struct(model) = &types[form.ty].kind else {
        return TokenStream::new();
    };
    let method = format!("[`Api::{}`]", op.fn_name.trim_start_matches("r#"));
    let mut doc = match &types[form.ty].doc {
        Some(schema_doc) => format!("{schema_doc}\n\n"),
        None => format!("The parts of the {method} request body.\n\n"),
    };
    doc.push_str(&format!(
        "Read whole before {method} is called: text parts\n\
         decoded and checked as a JSON body would be, files as [`FilePart`]s."
    ));
    if !form.closed {
        doc.push_str("\nParts the schema does not declare are ignored.");
    }
    let doc = doc_attrs(Some(&doc));
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let (mut texts, mut files) = (false, false);
    for part in &form.parts {
        let field = ident(&part.rust_name);
        let wire = &part.name;
        let (ty, init, default_doc) = match part.kind {
            PartKind::Text => {
                texts = true;
                let ty = model_field_ty(&model.fields[part.field], types);
                (ty, quote!(fields.#field), format!("The `{wire}` part."))
            }
            PartKind::File => {
                files = true;
                if part.required {
                    let init = quote!(files.one(#wire)?);
                    (quote!(FilePart), init, format!("The `{wire}` file."))
                } else {
                    let init = quote!(files.one(#wire));
                    (
                        quote!(Option<FilePart>),
                        init,
                        format!("The `{wire}` file."),
                    )
                }
            }
            PartKind::Files => {
                files = true;
                let init = quote!(files.all(#wire));
                let doc = format!("The files sent as `{wire}`, in order.");
                (quote!(Vec<FilePart>), init, doc)
            }
        };
        let field_doc = doc_attrs(Some(part.doc.as_deref().unwrap_or(&default_doc)));
        fields.push(quote!(#field_doc pub #field: #ty,));
        inits.push(quote!(#field: #init));
    }
    let model_name = qualified_ty(&Ty::Named(form.ty), types);
    let taken = match (texts, files) {
        (true, true) => quote!(let FormData { fields, mut files } = form;),
        (true, false) => quote!(let FormData { fields, .. } = form;),
        _ => quote!(let FormData { mut files, .. } = form;),
    };
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parts, from the form the runtime read and checked.
            fn from_form(form: FormData<#model_name>) -> Option<Self> {
                #taken
                Some(Self { #(#inits),* })
            }
        }
    }
}

/// A model field's type, as the models module declares it.
fn model_field_ty(field: &Field, types: &[TypeDef]) -> TokenStream {
    let mut inner = qualified_ty(&field.ty, types);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    match field.presence {
        Presence::Required => inner,
        Presence::OptionalNullable => quote!(specforge_runtime::Patch<#inner>),
        Presence::RequiredNullable
        | Presence::Optional
        | Presence::OptionalOrNull
        | Presence::Defaulted => quote!(Option<#inner>),
    }
}

/// `&Form::new(&[FormPart::text("title", …).required(), …])`: how the
/// runtime reads each declared part.
fn form_descriptor(form: &Form, types: &[TypeDef]) -> TokenStream {
    let parts = form.parts.iter().map(|part| {
        let wire = &part.name;
        let mut described = match part.kind {
            PartKind::Text => {
                let shape = shape(&part.ty, types);
                quote!(FormPart::text(#wire, #shape))
            }
            PartKind::File => quote!(FormPart::file(#wire)),
            PartKind::Files => quote!(FormPart::files(#wire)),
        };
        if part.required {
            described.extend(quote!(.required()));
        }
        if let PartStyle::Delimited(delimiter) = part.style {
            described.extend(quote!(.delimited(#delimiter)));
        }
        if part.absent_is_empty(types) {
            described.extend(quote!(.empty_when_absent()));
        }
        if part.null_when_absent(types) {
            described.extend(quote!(.null_when_absent()));
        } else if part.kind == PartKind::Text && part.presence.admits_null() {
            described.extend(quote!(.nullable()));
        }
        if part.kind == PartKind::Text
            && part.presence.admits_null()
            && never_the_text_null(&part.ty, types)
        {
            described.extend(quote!(.null_text()));
        }
        described
    });
    let closed = form.closed.then(|| quote!(.closed()));
    quote!(&Form::new(&[#(#parts),*])#closed)
}

/// `&Form::new(&[FormPart::text("name", …), …])` for a form body whose
/// schema is a union of objects: its text typed by the members the
/// variants declare; the union then chooses the variant. A part no
/// variant declares is refused when every variant is closed.
fn union_form_descriptor(form: &UnionForm, types: &[TypeDef]) -> TokenStream {
    let parts = form.members.iter().map(|member| {
        let wire = &member.name;
        let shape = shape(&member.ty, types);
        let nullable = member.nullable.then(|| quote!(.nullable()));
        let empty = member
            .empty_when_absent
            .then(|| quote!(.empty_when_absent()));
        quote!(FormPart::text(#wire, #shape)#nullable #empty)
    });
    let closed = form.closed.then(|| quote!(.closed()));
    quote!(&Form::new(&[#(#parts),*])#closed)
}

/// The descriptor a form body is read by: its object's parts, else the
/// members of its union's variants (a schema is one or the other).
fn either_form_descriptor(
    form: Option<&Form>,
    union: Option<&UnionForm>,
    types: &[TypeDef],
) -> Option<TokenStream> {
    match (form, union) {
        (Some(form), _) => Some(form_descriptor(form, types)),
        (None, Some(union)) => Some(union_form_descriptor(union, types)),
        (None, None) => None,
    }
}

/// What a response variant carries.
struct VariantShape {
    body: Option<(TokenStream, BodyKind, String)>,
    /// What the events carry, for an event-stream body.
    events: Option<Events>,
    headers: Vec<HeaderShape>,
    status_field: bool,
}

/// A response header as its variant's field.
struct HeaderShape {
    field: Ident,
    wire: String,
    ty: TokenStream,
    /// Whether the handler must give it: never for an ETag the server
    /// computes.
    required: bool,
    /// The `etag` of a JSON or text body, which the server computes over
    /// the body when the handler leaves it out.
    computed_etag: bool,
}

fn variant_shape(response: &Response, types: &[TypeDef]) -> VariantShape {
    let body = response.chosen().map(|c| {
        let ty = match c.kind {
            BodyKind::Json | BodyKind::MergePatch => qualified_ty(&c.ty, types),
            BodyKind::Text => quote!(String),
            BodyKind::EventStream => super::events::server_body_ty(c, types),
            _ => quote!(Download),
        };
        let kind = match c.kind {
            BodyKind::Json | BodyKind::MergePatch | BodyKind::Text | BodyKind::EventStream => {
                c.kind
            }
            _ => BodyKind::Binary,
        };
        (ty, kind, c.media_type.clone())
    });
    // JSON and text bodies are serialized whole before they are sent.
    let body_is_whole = matches!(
        body,
        Some((_, BodyKind::Json | BodyKind::MergePatch | BodyKind::Text, _))
    );
    let headers = response
        .headers
        .iter()
        .filter(|h| !FRAMEWORK_HEADERS.contains(&h.name.as_str()))
        .filter(|h| {
            !(h.name == "retry-after" && matches!(response.status, Status::Code(429 | 503)))
        })
        .map(|h| HeaderShape {
            field: ident(&h.rust_name),
            wire: h.name.clone(),
            ty: qualified_ty(&h.ty, types),
            // The conditional-GET step answers 304s itself, with the tag.
            required: h.required && !h.is_etag(),
            computed_etag: h.is_etag() && body_is_whole,
        })
        .collect();
    VariantShape {
        body,
        events: response.chosen().and_then(|c| c.events.clone()),
        headers,
        status_field: !matches!(response.status, Status::Code(_)),
    }
}

fn response_enum(op: &Operation, types: &[TypeDef]) -> TokenStream {
    let name = response_name(op);
    let doc = format!(" Responses of [`Api::{}`].", op.fn_name);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for response in &super::events::with_event_variants(op) {
        let variant = ident(&response.variant);
        let shape = variant_shape(response, types);
        let status_doc = match response.status {
            Status::Code(code) => format!("{code}"),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "Any other status".into(),
        };
        let doc = doc_attrs(Some(&format!("{status_doc}: {}", response.doc.trim())));
        let status = match response.status {
            Status::Code(code) => proc_macro2::Literal::u16_unsuffixed(code).into_token_stream(),
            _ => quote!(status),
        };
        let set_body = |body: TokenStream| match &shape.body {
            Some((_, BodyKind::Json | BodyKind::MergePatch, media)) => {
                quote!(.json(#media, &#body))
            }
            Some((_, BodyKind::Text, media)) => quote!(.text(#media, #body)),
            Some((_, BodyKind::EventStream, _)) => {
                super::events::server_set_body(&body, shape.events.as_ref())
            }
            Some(_) => quote!(.download(#body)),
            None => TokenStream::new(),
        };
        let simple = shape.headers.is_empty() && !shape.status_field;
        match (&shape.body, simple) {
            (None, true) => {
                variants.push(quote!(#doc #variant,));
                arms.push(quote!(Self::#variant => Reply::status(#status),));
            }
            (Some((ty, _, _)), true) => {
                variants.push(quote!(#doc #variant(#ty),));
                let set = set_body(quote!(body));
                arms.push(quote!(Self::#variant(body) => Reply::status(#status) #set,));
            }
            (body, false) => {
                let mut fields = Vec::new();
                let mut bindings = Vec::new();
                let mut headers = Vec::new();
                if shape.status_field {
                    fields.push(quote!(
                        /// The status code to answer with.
                        status: u16,
                    ));
                    bindings.push(quote!(status));
                }
                if let Some((ty, _, _)) = body {
                    fields.push(quote!(
                        /// The response body.
                        body: #ty,
                    ));
                    bindings.push(quote!(body));
                }
                for HeaderShape {
                    field,
                    wire,
                    ty,
                    required,
                    computed_etag,
                } in &shape.headers
                {
                    if *computed_etag {
                        fields.push(quote!(
                            /// The `etag` header; `None` leaves it to the server, which
                            /// computes a strong one over the body as sent.
                            #field: Option<#ty>,
                        ));
                        headers.push(quote!(.etag(#field)));
                    } else {
                        let header_doc = format!(" The `{wire}` header.");
                        if *required {
                            fields.push(quote!(#[doc = #header_doc] #field: #ty,));
                        } else {
                            fields.push(quote!(#[doc = #header_doc] #field: Option<#ty>,));
                        }
                        headers.push(quote!(.header(#wire, &#field)));
                    }
                    bindings.push(quote!(#field));
                }
                variants.push(quote!(#doc #variant { #(#fields)* },));
                let set = if body.is_some() {
                    set_body(quote!(body))
                } else {
                    TokenStream::new()
                };
                arms.push(quote!(Self::#variant { #(#bindings),* } => Reply::status(#status) #set #(#headers)*,));
            }
        }
    }
    let derive = match variants.len() {
        0 => TokenStream::new(),
        1 => quote!(#[derive(Debug)]),
        // Built once per request and turned into the HTTP response at once:
        // boxing a large body would only add an allocation to every answer.
        _ => quote!(#[derive(Debug)] #[allow(clippy::large_enum_variant)]),
    };
    let body = if arms.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #(#arms)* }.into_response())
    };
    quote! {
        #[doc = #doc]
        #derive
        pub enum #name {
            #(#variants)*
        }

        impl IntoResponse for #name {
            fn into_response(self) -> Response {
                #body
            }
        }
    }
}

fn static_name(op: &Operation) -> Ident {
    format_ident!(
        "{}",
        op.fn_name.trim_start_matches("r#").to_shouty_snake_case()
    )
}

fn operation_static(api: &Api, op: &Operation) -> TokenStream {
    let name = static_name(op);
    let doc = format!(" What the spec declares about `{}`.", op.id);
    let id = &op.id;
    let alternatives = op.security.iter().map(|alternative| {
        let requirements = alternative.iter().map(|requirement| {
            let scheme = &api.security_schemes[requirement.scheme].name;
            let scopes = &requirement.scopes;
            quote!((#scheme, &[#(#scopes),*]))
        });
        quote!(&[#(#requirements),*])
    });
    let mut request_types: Vec<&str> = op.request_media_types().collect();
    request_types.dedup();
    let mut response_types: Vec<&str> = Vec::new();
    // What the spec pins as `Accept` is accepted too (a vendor media type
    // naming a version, answered with the declared contents).
    let pinned_accept = op
        .protocol_headers
        .iter()
        .filter(|header| header.is("accept"))
        .filter_map(|header| header.value.as_deref())
        .flat_map(|value| value.split(','));
    let declared = op.responses.iter().flat_map(|r| &r.contents);
    for media_type in declared.map(|c| c.media_type.as_str()).chain(pinned_accept) {
        let media_type = media_type.trim();
        if !media_type.is_empty() && !response_types.contains(&media_type) {
            response_types.push(media_type);
        }
    }
    let streamed = op.body.as_ref().is_some_and(|b| b.is_streamed());
    // Only what differs from `Operation::new`.
    let mut fields = Vec::new();
    if !op.security.is_empty() {
        fields.push(quote!(security: &[#(#alternatives),*],));
    }
    if !request_types.is_empty() {
        fields.push(quote!(request_types: &[#(#request_types),*],));
    }
    if !response_types.is_empty() {
        fields.push(quote!(response_types: &[#(#response_types),*],));
    }
    if streamed {
        fields.push(quote!(streamed_body: true,));
    }
    if op.idempotent {
        fields.push(quote!(idempotent: true,));
    }
    if op.idempotency_param().is_some() {
        fields.push(quote!(key_declared: true,));
    }
    if op.rate_limit.is_some() {
        let rate_limit = rate_limit_tokens(op.rate_limit);
        fields.push(quote!(rate_limit: #rate_limit,));
    }
    if op.deprecated {
        fields.push(quote!(deprecated: true,));
    }
    if let Some(date) = &op.sunset {
        fields.push(quote!(sunset: Some(#date),));
    }
    if op.path.captures() > 0 {
        let captures = op.path.segments.iter().filter_map(capture_tokens);
        fields.push(quote!(captures: &[#(#captures),*],));
    }
    if !op.path.fixed_query.is_empty() {
        let pairs = op.path.fixed_query.iter().map(|(k, v)| quote!((#k, #v)));
        fields.push(quote!(fixed_query: &[#(#pairs),*],));
    }
    if api.shares_route(op) && !streamed && !decodes_asynchronously(op) {
        let request = request_name(op);
        fields.push(if !takes_input(op) {
            quote!(accepts: Some(|_| true),)
        } else {
            quote!(accepts: Some(|input| #request::decode(input).is_some()),)
        });
    }
    let value = if fields.is_empty() {
        quote!(Operation::new(#id))
    } else {
        quote!(Operation { #(#fields)* ..Operation::new(#id) })
    };
    quote! {
        #[doc = #doc]
        static #name: Operation = #value;
    }
}

/// How the operation reads one segment of its path, if it holds a parameter.
fn capture_tokens(segment: &Segment) -> Option<TokenStream> {
    match segment {
        Segment::Literal(_) => None,
        Segment::Param(name) => Some(quote!(Capture::Param(#name))),
        Segment::Mixed(pieces) => {
            let pieces = pieces.iter().map(|piece| match piece {
                Piece::Literal(text) => quote!(Piece::Literal(#text)),
                Piece::Param(name) => quote!(Piece::Param(#name)),
            });
            Some(quote!(Capture::Mixed(&[#(#pieces),*])))
        }
    }
}

/// `Some(RateLimit::new(…))`: a `const fn` call, so it can sit in a
/// `static` (the limit was checked when the spec was read).
fn rate_limit_tokens(limit: Option<crate::ir::RateLimit>) -> TokenStream {
    match limit {
        Some(limit) => {
            let capacity = proc_macro2::Literal::u32_unsuffixed(
                limit.capacity.min(u64::from(u32::MAX)) as u32,
            );
            let refill = proc_macro2::Literal::f64_unsuffixed(limit.refill_per_second);
            quote!(Some(RateLimit::new(#capacity, #refill)))
        }
        None => quote!(None),
    }
}

fn scheme(scheme: &crate::ir::SecurityScheme) -> Option<TokenStream> {
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SecuritySchemeKind::Bearer => quote!(SchemeKind::Bearer),
        SecuritySchemeKind::Basic => quote!(SchemeKind::Basic),
        SecuritySchemeKind::OAuth2 | SecuritySchemeKind::OpenIdConnect => {
            quote!(SchemeKind::OAuth2)
        }
        SecuritySchemeKind::ApiKey { location, name } => {
            let location = location_tokens(*location);
            quote!(SchemeKind::ApiKey { location: #location, name: #name })
        }
        SecuritySchemeKind::Other(_) => return None,
    };
    Some(quote!(Scheme { name: #name, kind: #kind }))
}

fn location_tokens(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(Location::Path),
        ParamLocation::Query => quote!(Location::Query),
        ParamLocation::Header => quote!(Location::Header),
        ParamLocation::Cookie => quote!(Location::Cookie),
    }
}

/// The kind of a scalar, to type raw parameter text.
fn kind(ty: &Ty, types: &[TypeDef]) -> TokenStream {
    let kind = format_ident!("{}", kind_name(ty, types));
    quote!(Kind::#kind)
}

/// The kind of a list's item: one that may be an object or a list has
/// no text of its own in any style, so the client writes its JSON.
fn item_kind(item: &Ty, types: &[TypeDef]) -> TokenStream {
    match kind_name(item, types) {
        "Any" => quote!(Kind::Json),
        _ => kind(item, types),
    }
}

/// The `Kind` a parameter's text is typed as.
pub(super) fn kind_name(ty: &Ty, types: &[TypeDef]) -> &'static str {
    match ty {
        Ty::Bool => "Boolean",
        Ty::Integer(_) => "Integer",
        Ty::Float => "Number",
        Ty::String | Ty::Date | Ty::DateTime | Ty::Uuid | Ty::Base64 | Ty::Binary => "String",
        Ty::Option(inner) => kind_name(inner, types),
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Enum(_) => "String",
            TypeKind::Alias(inner) => kind_name(inner, types),
            // A union is handed the text as it is, and its own decoding
            // reads it as each variant would: `00` as a string, `7` as a
            // string or an integer, `true` as a boolean. Of scalars only,
            // its text is never more; else a list or an object may be sent.
            TypeKind::Union(u) if u.variants.iter().all(|v| is_scalar(&v.ty, types)) => "String",
            TypeKind::Union(_) => "Union",
            _ => "Any",
        },
        Ty::Json | Ty::Vec(_) | Ty::Map(_) | Ty::Loose(_) => "Any",
    }
}

/// Whether no value of `ty`, a type read from text as a string, is the
/// text `null`: a string enum without that value, a date, a date-time, a
/// UUID.
fn never_the_text_null(ty: &Ty, types: &[TypeDef]) -> bool {
    match crate::ir::bare(ty).resolved(types) {
        Ty::Date | Ty::DateTime | Ty::Uuid => true,
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Enum(e) => e.variants.iter().all(|(_, value)| value != "null"),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `ty` is one value a parameter's text spells (no list, no object).
fn is_scalar(ty: &Ty, types: &[TypeDef]) -> bool {
    match crate::ir::bare(ty).resolved(types) {
        Ty::Bool
        | Ty::Integer(_)
        | Ty::Float
        | Ty::String
        | Ty::Date
        | Ty::DateTime
        | Ty::Uuid
        | Ty::Base64 => true,
        Ty::Named(id) => matches!(types[*id].kind, TypeKind::Enum(_)),
        _ => false,
    }
}

/// The array variant of a union, whose items a repeated parameter holds.
fn array_variant<'a>(ty: &'a Ty, types: &'a [TypeDef]) -> Option<&'a Ty> {
    match ty {
        Ty::Option(inner) => array_variant(inner, types),
        Ty::Vec(item) => Some(item),
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Alias(inner) => array_variant(inner, types),
            TypeKind::Union(u) => u.variants.iter().find_map(|v| array_variant(&v.ty, types)),
            _ => None,
        },
        _ => None,
    }
}

fn shape(ty: &Ty, types: &[TypeDef]) -> TokenStream {
    shape_of(ty, types, false)
}

/// The shape of a parameter's type, or of a member of an object parameter
/// (`member`): a member that is itself an object is a map of any values
/// (no style nests objects, and a record's own members are not followed,
/// which also ends recursive types).
fn shape_of(ty: &Ty, types: &[TypeDef], member: bool) -> TokenStream {
    match ty {
        Ty::Option(inner) => shape_of(inner, types, member),
        Ty::Vec(item) => {
            let kind = item_kind(item, types);
            quote!(Shape::Array(#kind))
        }
        Ty::Map(value) => {
            let kind = kind(value, types);
            quote!(Shape::Object(#kind))
        }
        Ty::Named(id) => match &types[*id].kind {
            // Each declared member's text is typed as that member.
            TypeKind::Struct(_) if member => quote!(Shape::Object(Kind::Any)),
            TypeKind::Struct(record) => record_shape(
                (record.fields.iter()).map(|field| (field.json_name.as_str(), &field.ty)),
                types,
            ),
            TypeKind::Alias(inner) => shape_of(inner, types, member),
            // A union of objects is sent as the variant's members: the
            // names of them all tell its pairs from the other parameters'.
            TypeKind::Union(_) if !member => match crate::ir::union_form(ty, types) {
                Some(form) => record_shape(
                    (form.members.iter()).map(|m| (m.name.as_str(), &m.ty)),
                    types,
                ),
                None => shape_of_other(ty, types),
            },
            _ => shape_of_other(ty, types),
        },
        scalar => {
            let kind = kind(scalar, types);
            quote!(Shape::Scalar(#kind))
        }
    }
}

/// The shape of a named type that is neither a record nor a union of
/// records: a union with a list variant is read as a list (one value, a
/// list of one), which that variant takes; anything else is one value.
fn shape_of_other(ty: &Ty, types: &[TypeDef]) -> TokenStream {
    match array_variant(ty, types) {
        Some(item) => {
            let item = item_kind(item, types);
            quote!(Shape::Array(#item))
        }
        None => {
            let kind = kind(ty, types);
            quote!(Shape::Scalar(#kind))
        }
    }
}

/// A record of the declared `members` (name and type).
fn record_shape<'a>(
    members: impl Iterator<Item = (&'a str, &'a Ty)>,
    types: &[TypeDef],
) -> TokenStream {
    let fields = members.map(|(name, ty)| {
        let shape = shape_of(ty, types, true);
        quote!((#name, #shape))
    });
    quote!(Shape::Record(&[#(#fields),*]))
}

/// What the module describes once for many operations.
struct Shared<'a> {
    params: SharedParams<'a>,
    xml: XmlNodes<'a>,
}

/// The descriptors of `components/parameters` that several operations
/// use, each emitted once, as a const of the `params` module that the
/// decoders name. A component whose uses would be described differently is
/// left inline.
/// Held as text and references, so that items are built on any thread.
struct SharedParams<'a> {
    /// Component name, const name and first use (its operation and itself),
    /// in the order first used.
    consts: Vec<(&'a str, String, (&'a Operation, &'a Param))>,
    types: &'a [TypeDef],
}

impl<'a> SharedParams<'a> {
    fn of(api: &'a Api) -> Self {
        // Every use of each component, in the order first used.
        let mut uses: IndexMap<&str, Vec<(&Operation, &Param)>> = IndexMap::new();
        for op in &api.operations {
            for param in &op.params {
                if let Some(component) = param.component.as_deref() {
                    uses.entry(component).or_default().push((op, param));
                }
            }
        }
        let described = |(op, param): &(&Operation, &Param)| {
            param_descriptor(param, op, &api.types).to_string()
        };
        let mut names = Namespace::default();
        let consts = uses
            .into_iter()
            .filter(|(_, params)| match params.as_slice() {
                [first, rest @ ..] if !rest.is_empty() => {
                    let first = described(first);
                    rest.iter().all(|p| described(p) == first)
                }
                _ => false,
            })
            .map(|(component, params)| {
                let word = field_ident(component).trim_start_matches("r#").to_owned();
                (
                    component,
                    names.claim(&word.to_shouty_snake_case()),
                    params[0],
                )
            })
            .collect();
        Self {
            consts,
            types: &api.types,
        }
    }

    /// The const describing `param`, when it is shared.
    fn name_of(&self, param: &Param) -> Option<Ident> {
        let component = param.component.as_deref()?;
        self.consts
            .iter()
            .find(|(name, ..)| *name == component)
            .map(|(_, name, _)| ident(name))
    }

    fn tokens(&self) -> TokenStream {
        if self.consts.is_empty() {
            return TokenStream::new();
        }
        let consts = self.consts.iter().map(|(component, name, (op, param))| {
            let name = ident(name);
            let descriptor = param_descriptor(param, op, self.types);
            let doc = format!(" `#/components/parameters/{component}`.");
            quote! {
                #[doc = #doc]
                pub(super) static #name: Param = #descriptor;
            }
        });
        quote! {
            /// The parameters several operations share, described once.
            mod params {
                use super::*;

                #(#consts)*
            }
        }
    }
}

fn param_descriptor(param: &Param, op: &Operation, types: &[TypeDef]) -> TokenStream {
    let name = &param.name;
    let location = location_tokens(param.location);
    let shape = shape(&param.ty, types);
    let mut descriptor = quote!(Param::new(#name, #location, #shape));
    descriptor.extend(header_key(param));
    if param.required && param.location != ParamLocation::Path {
        descriptor.extend(quote!(.required()));
    }
    if param.allow_empty {
        descriptor.extend(quote!(.allow_empty()));
    }
    if param.absent_is_empty(types) {
        descriptor.extend(quote!(.empty_when_absent()));
    }
    let lists = param.lists_empty_when_absent(types);
    if !lists.is_empty() {
        descriptor.extend(quote!(.lists_empty_when_absent(&[#(#lists),*])));
    }
    if let Some(names) = op.query_names_beside(param, types) {
        descriptor.extend(quote!(.beside(&[#(#names),*])));
    }
    // A nullable value that is never the text `null` reads it as null.
    if matches!(param.ty, Ty::Option(_))
        && (kind_name(&param.ty, types) != "String" || never_the_text_null(&param.ty, types))
    {
        descriptor.extend(quote!(.nullable()));
    }
    if let Ty::Vec(item) = crate::ir::bare(&param.ty).resolved(types)
        && matches!(**item, Ty::Option(_))
    {
        descriptor.extend(quote!(.nullable_items()));
    }
    match &param.encoding {
        _ if param.has_default_encoding() => {}
        ParamEncoding::Style { style, explode } => {
            let style = match style {
                ParamStyle::Form => quote!(Style::Form),
                ParamStyle::Simple => quote!(Style::Simple),
                ParamStyle::Matrix => quote!(Style::Matrix),
                ParamStyle::Label => quote!(Style::Label),
                ParamStyle::SpaceDelimited => quote!(Style::SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(Style::PipeDelimited),
                ParamStyle::DeepObject => quote!(Style::DeepObject),
            };
            descriptor.extend(quote!(.style(#style, #explode)));
        }
        ParamEncoding::Content { .. } => descriptor.extend(quote!(.style(Style::Json, false))),
    }
    descriptor.extend(constraint_setters(
        &param.constraints,
        is_array(&param.ty, types),
    ));
    if let Some(each) = item_rules(param, types, &mut BTreeSet::new()) {
        descriptor.extend(quote!(.each(&#each)));
    }
    descriptor
}

/// The `ValueRules` each item of an array parameter (or value of a map)
/// is held to, from its inline item schema; the rule types it names go to
/// `names`.
fn item_rules(
    param: &Param,
    types: &[TypeDef],
    names: &mut BTreeSet<&'static str>,
) -> Option<TokenStream> {
    let (Ty::Vec(item) | Ty::Map(item)) = crate::ir::bare(&param.ty).resolved(types) else {
        return None;
    };
    let none = Constraints::default();
    let below = param.item_constraints.items.as_deref().unwrap_or(&none);
    value_rules(item, &param.item_constraints, below, types, names)
}

/// `.header_name(…)`: the header map's key for a header parameter named
/// with capitals (`X-Request-ID` is looked up as `x-request-id`). The
/// runtime makes the key of a lowercase name itself; a name no header can
/// have gets none.
fn header_key(param: &Param) -> Option<TokenStream> {
    if param.location != ParamLocation::Header {
        return None;
    }
    let key = param.name.to_ascii_lowercase();
    (is_field_name(&key) && key != param.name)
        .then(|| quote!(.header_name(axum::http::HeaderName::from_static(#key))))
}

fn is_array(ty: &Ty, types: &[TypeDef]) -> bool {
    match ty {
        Ty::Option(inner) => is_array(inner, types),
        Ty::Vec(_) => true,
        Ty::Named(id) => {
            matches!(&types[*id].kind, TypeKind::Alias(inner) if is_array(inner, types))
        }
        _ => false,
    }
}

/// `.text(Text { … })`, `.number(…)`, `.items(…)` for declared constraints.
/// Array rules on a scalar (`uniqueItems` beside `type: string`, as some
/// specs have) are meaningless and left out.
fn constraint_setters(c: &Constraints, array: bool) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(text) = super::validation::text_rules(c) {
        out.extend(quote!(.text(#text)));
    }
    if let Some(number) = super::validation::number_rules(c) {
        out.extend(quote!(.number(#number)));
    }
    if let Some(items) = super::validation::items_rules(c).filter(|_| array) {
        out.extend(quote!(.items(#items)));
    }
    if !c.allowed.is_empty() && !array {
        let values = c.allowed.iter().map(|value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        });
        out.extend(quote!(.allowed(&[#(#values),*])));
    }
    out
}

/// The `ValueRules` of a JSON, XML or URL-encoded body that is an array, a
/// map or a scalar with constraints of its own or on its items (no type's
/// `Validate` holds them), or of a text body's string, with the
/// `specforge_runtime::validate` names they use.
fn body_rules(
    content: &Content,
    types: &[TypeDef],
) -> Option<(TokenStream, BTreeSet<&'static str>)> {
    let text = content.kind == BodyKind::Text
        && matches!(crate::ir::bare(&content.ty).resolved(types), Ty::String);
    if !matches!(
        content.kind,
        BodyKind::Json | BodyKind::MergePatch | BodyKind::Xml | BodyKind::Form
    ) && !text
    {
        return None;
    }
    let mut names = BTreeSet::new();
    let rules = value_rules(
        &content.ty,
        &content.constraints,
        &content.item_constraints,
        types,
        &mut names,
    )?;
    Some((rules, names))
}

/// `ValueRules { … }` for a value of `ty`, `None` when nothing is checked;
/// the rule types it names go to `names`.
fn value_rules(
    ty: &Ty,
    constraints: &Constraints,
    item_constraints: &Constraints,
    types: &[TypeDef],
    names: &mut BTreeSet<&'static str>,
) -> Option<TokenStream> {
    use super::validation::{items_rules, members_rules, number_rules, text_rules};
    let resolved = match crate::ir::bare(ty).resolved(types) {
        // A `LooseList`'s rules are a list's: a value is held to them by its
        // JSON kind, so another kind passes.
        Ty::Loose(inner) => inner.resolved(types),
        resolved => resolved,
    };
    let (own, item) = match resolved {
        Ty::String => (("text", "Text", text_rules(constraints)), None),
        Ty::Integer(_) | Ty::Float => (("number", "Number", number_rules(constraints)), None),
        Ty::Vec(item) => (("items", "Items", items_rules(constraints)), Some(item)),
        Ty::Map(item) => (
            ("members", "Members", members_rules(constraints)),
            Some(item),
        ),
        _ => return None,
    };
    let mut fields = Vec::new();
    if let (field, name, Some(rules)) = own {
        let field = format_ident!("{field}");
        fields.push(quote!(#field: Some(#rules)));
        names.insert(name);
    }
    let none = Constraints::default();
    let each = item.and_then(|item| {
        value_rules(
            item,
            item_constraints,
            item_constraints.items.as_deref().unwrap_or(&none),
            types,
            names,
        )
    });
    if let Some(each) = each {
        fields.push(quote!(each: Some(&#each)));
    }
    if fields.is_empty() {
        return None;
    }
    names.insert("ValueRules");
    Some(quote!(ValueRules { #(#fields,)* ..ValueRules::NONE }))
}

/// `impl FooRequest { fn decode(…) }`: reads and validates every input of the
/// operation, recording each violation so the 400 lists them all. `None`
/// when the operation takes no inputs.
fn request_decoder(op: &Operation, types: &[TypeDef], shared: &Shared<'_>) -> Option<TokenStream> {
    let request = request_name(op);
    let mut decode = Vec::new();
    let mut patterns = Vec::new();
    let mut fields = Vec::new();
    for param in &op.params {
        let var = ident(&param.rust_name);
        let described = match shared.params.name_of(param) {
            Some(name) => quote!(params::#name),
            // Made when compiling: nothing of it is built per request.
            None => {
                let descriptor = param_descriptor(param, op, types);
                quote!(const { #descriptor })
            }
        };
        decode.push(quote!(let #var = input.param(&#described);));
        patterns.push(if param.required {
            quote!(#var.required())
        } else {
            quote!(#var.optional())
        });
        fields.push(var);
    }
    let asynchronous = decodes_asynchronously(op).then(|| quote!(async));
    let mut body_consts = Vec::new();
    if let Some((content, required)) = request_body(op) {
        // A content's rules, as a const its read is held to.
        let mut rules = |content: &Content, variant: Option<&str>| {
            let (described, _) = body_rules(content, types)?;
            let name = body_rules_name(op, variant);
            let doc = format!(" What `{}`'s body must meet beside its type.", op.id);
            body_consts.push(quote! {
                #[doc = #doc]
                const #name: ValueRules = #described;
            });
            Some(name)
        };
        let typed = body_read(op, content, required, types, shared);
        let alternatives = alternatives(op);
        if alternatives.is_empty() {
            decode.push(quote!(let body = #typed;));
            if let Some(name) = rules(content, None) {
                decode.push(quote!(let body = input.held_to(body, &#name);));
            }
        } else {
            let either = either_body_name(op);
            let branch = |read: TokenStream, rules: Option<Ident>, variant: Ident| match rules {
                Some(name) => quote! {
                    let body = #read;
                    input.held_to(body, &#name).map(#either::#variant)
                },
                None => quote!(#read.map(#either::#variant)),
            };
            let mut read = TokenStream::new();
            for alternative in alternatives {
                let sent = match alternative.content.kind {
                    BodyKind::Multipart => quote!(input.sends_multipart()),
                    _ => {
                        let media = &alternative.media_types;
                        quote!(#(input.sends(#media))||*)
                    }
                };
                let own = body_read(op, alternative.content, required, types, shared);
                let own_rules = rules(alternative.content, Some(&alternative.variant));
                let variant = format_ident!("{}", alternative.variant);
                let own = branch(own, own_rules, variant);
                read.extend(quote!(if #sent { #own } else));
            }
            // The typed content is the fallback: a request without a body
            // (and so without a content type) is found missing by it.
            let typed = branch(typed, rules(content, None), typed_variant(content));
            decode.push(quote!(let body = #read { #typed };));
        }
        patterns.push(if required {
            quote!(body.required())
        } else {
            quote!(body.optional())
        });
        fields.push(format_ident!("body"));
    }
    // Protocol headers are checked (presence, enum) but are no input.
    let mut bindings: Vec<TokenStream> = fields.iter().map(ToTokens::to_token_stream).collect();
    for header in checked_protocol_headers(op) {
        let name = &header.name;
        let var = format_ident!("{}_header", field_ident(name));
        let required = header.required;
        let allowed = &header.allowed;
        decode.push(quote!(let #var = input.protocol_header(#name, #required, &[#(#allowed),*]);));
        patterns.push(quote!(#var.optional()));
        bindings.push(quote!(_));
    }
    if patterns.is_empty() {
        return None;
    }
    let value = if fields.is_empty() {
        quote!(Self)
    } else {
        quote!(Self { #(#fields),* })
    };
    Some(quote! {
        #(#body_consts)*
        impl #request {
            /// Reads the operation's inputs; `None` if any is missing or
            /// invalid (the violations are recorded in `input`).
            #asynchronous fn decode(input: &mut Input) -> Option<Self> {
                #(#decode)*
                let (#(Ok(#bindings),)*) = (#(#patterns,)*) else {
                    return None;
                };
                Some(#value)
            }
        }
    })
}

/// How the decoder reads `content`: the typed content by the sent media
/// type's reading of the same data (JSON, a form, XML, a multipart form
/// read whole); a [separate](crate::ir::Body::separate) form, XML or JSON
/// body by its own parts, node or type; text, bytes or parts as they come.
fn body_read(
    op: &Operation,
    content: &Content,
    required: bool,
    types: &[TypeDef],
    shared: &Shared<'_>,
) -> TokenStream {
    let separate = op
        .body
        .as_ref()
        .is_some_and(|b| !std::ptr::eq(b.chosen(), content));
    match content.kind {
        BodyKind::Form if separate => {
            match either_form_descriptor(content.form.as_ref(), content.union_form.as_ref(), types)
            {
                Some(described) => quote!(input.body_with_form(#required, #described, None)),
                None => quote!(input.body(#required)),
            }
        }
        BodyKind::Xml if separate => match shared.xml.root(op) {
            Some(node) => quote!(input.body_with_xml(#required, #node)),
            None => quote!(input.body(#required)),
        },
        // JSON of other data than the typed content's: read as JSON only.
        BodyKind::Json | BodyKind::MergePatch if separate => quote!(input.body(#required)),
        BodyKind::Json | BodyKind::MergePatch | BodyKind::Form | BodyKind::Xml => {
            typed_read(op, required, types, shared)
        }
        BodyKind::Text | BodyKind::EventStream => quote!(input.text(#required)),
        BodyKind::Binary => quote!(input.binary(#required)),
        BodyKind::Multipart => match (&content.form, content.multipart_text_union()) {
            (Some(form), _) => {
                let described = form_descriptor(form, types);
                let parts = parts_name(op);
                quote!(input.form(#required, #described, #parts::from_form).await)
            }
            (None, Some(union)) => {
                let described = union_form_descriptor(union, types);
                quote!(input.body_from_multipart(#required, Some(#described)).await)
            }
            (None, None) => quote!(input.multipart(#required).await),
        },
    }
}

/// How the decoder reads structured data into the typed content's model:
/// by the media type sent (JSON, a form, XML, a multipart form read whole).
fn typed_read(
    op: &Operation,
    required: bool,
    types: &[TypeDef],
    shared: &Shared<'_>,
) -> TokenStream {
    let reads_xml = op.body.as_ref().is_some_and(|b| b.reads_xml());
    let xml = reads_xml.then(|| shared.xml.root(op)).flatten();
    let urlencoded = either_form_descriptor(urlencoded_form(op), urlencoded_union(op), types);
    let typed = match (urlencoded, xml) {
        (Some(described), xml) => {
            let xml = xml.map_or(quote!(None), |node| quote!(Some(#node)));
            quote!(input.body_with_form(#required, #described, #xml))
        }
        (None, Some(node)) => quote!(input.body_with_xml(#required, #node)),
        (None, None) => quote!(input.body(#required)),
    };
    if multipart_alternative(op).is_some() || !reads_multipart_whole(op) {
        return typed;
    }
    let described = either_form_descriptor(multipart_range_form(op), multipart_union(op), types);
    let form = match described {
        Some(described) => quote!(Some(#described)),
        None => quote!(None),
    };
    // In parentheses: a separate content's variant may be mapped onto it.
    let whole = quote! {
        if input.sends_multipart() {
            input.body_from_multipart(#required, #form).await
        } else {
            #typed
        }
    };
    if separate(op).is_empty() {
        whole
    } else {
        quote!((#whole))
    }
}

/// The headers the protocol sets that the document still constrains: an
/// `Accept` or `Content-Type` parameter marked required, or with an `enum`.
fn checked_protocol_headers(op: &Operation) -> impl Iterator<Item = &ProtocolHeader> {
    op.protocol_headers
        .iter()
        .filter(|header| header.required || !header.allowed.is_empty())
}

/// Whether the handler reads anything of the request before calling the
/// implementation.
fn takes_input(op: &Operation) -> bool {
    !op.params.is_empty()
        || request_body(op).is_some()
        || checked_protocol_headers(op).next().is_some()
}

fn handler(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let descriptor = static_name(op);
    let request = request_name(op);
    let handle = if decodes_asynchronously(op) {
        // The decoding waits (for a multipart body): it runs in the
        // handler's future, with the input.
        quote! {
            server.handle_input(&#descriptor, request, |server, mut input| async move {
                let decoding = decode_request(#request::decode(&mut input));
                let Some(request) = decoding.await else {
                    return input.reject();
                };
                server.api.#name(request, input.context).await.into_response()
            })
        }
    } else {
        let decode = if takes_input(op) {
            quote!(#request::decode)
        } else {
            quote!(|_| Some(#request))
        };
        quote! {
            server.handle(&#descriptor, request, #decode, |server, request, context| async move {
                server.api.#name(request, context).await.into_response()
            })
        }
    };
    quote! {
        fn #name<A: Api>(
            State(server): State<Arc<Server<A>>>,
            request: Request,
        ) -> impl Future<Output = Response> + Send + 'static {
            #handle
        }
    }
}

/// `routes.add(Method::GET, path, &OPERATION, handler::<A>);` for every
/// operation, route by route in spec order: one statement each, as one
/// long method chain would be slow to format and to compile. Operations
/// sharing a route and a method are told apart by the runtime.
fn routes(api: &Api) -> TokenStream {
    let routes = api.routes.iter().flat_map(|route| {
        let path = &route.path;
        route.methods.iter().flat_map(move |(method, candidates)| {
            let method = format_ident!("{}", method.as_str());
            candidates.iter().map(move |&index| {
                let op = &api.operations[index];
                let handler = ident(&op.fn_name);
                // A handler named like one of the router's own bindings is
                // reached through the module, past the binding that hides it.
                let handler = if ROUTER_BINDINGS.contains(&op.fn_name.as_str()) {
                    quote!(self::#handler)
                } else {
                    quote!(#handler)
                };
                let descriptor = static_name(op);
                quote!(routes.add(axum::http::Method::#method, #path, &#descriptor, #handler::<A>);)
            })
        })
    });
    quote!(#(#routes)*)
}
