//! The `client` module of the generated crate: a `Client` with one method
//! per operation, a request builder per operation (required inputs as
//! arguments, optional ones as builder methods, then `send`), and a typed
//! response per operation. Everything that is the same for every API lives
//! in `specforge_runtime::client`; this is the glue naming the spec's parts.

use std::collections::HashSet;
use std::sync::Arc;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::format::{Part, item};
use super::rust::{doc_attrs, ident, qualified_ty};
use crate::ir::{
    Api, BodyKind, Content, Operation, Param, ParamEncoding, ParamLocation, ParamStyle, Presence,
    Response, SecuritySchemeKind, Status, Ty, TypeDef, TypeKind,
};

/// `Client` methods an operation must not shadow.
const CLIENT_RESERVED: &[&str] = &["new", "builder", "clone", "fmt", "from", "into", "default"];

/// Request builder methods and fields a parameter must not take (the last
/// ones would read as operator-trait methods to clippy).
const BUILDER_RESERVED: &[&str] = &[
    "client",
    "send",
    "send_and_wait",
    "into_stream",
    "clone",
    "fmt",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "shl",
    "shr",
    "bitand",
    "bitor",
    "bitxor",
];

/// More required arguments than this (plus `&self`) trip clippy.
const MAX_ARGUMENTS: usize = 6;

pub fn parts(api: &Api) -> Vec<Part<'_>> {
    let planner = Arc::new(Planner::new(api));
    let count = api.operations.len();
    let head = {
        let planner = Arc::clone(&planner);
        item(move || head(api, &planner.all()))
    };
    let methods = (0..count).map(|index| {
        let planner = Arc::clone(&planner);
        item(move || planner.plan(index).client_method())
    });
    let items = (0..count).map(|index| {
        let planner = Arc::clone(&planner);
        item(move || planner.plan(index).items(&planner))
    });
    vec![
        Part::Items(vec![head]),
        Part::Block {
            attrs: item(TokenStream::new),
            head: item(|| quote!(impl Client)),
            members: std::iter::once(item(constructors)).chain(methods).collect(),
        },
        Part::Items(std::iter::once(item(from_inner)).chain(items).collect()),
    ]
}

/// Plans operations on demand, on any thread. Method names are claimed up
/// front, in spec order, as each depends on the ones before it.
struct Planner<'a> {
    api: &'a Api,
    fn_names: Vec<String>,
}

impl<'a> Planner<'a> {
    fn new(api: &'a Api) -> Self {
        let mut names = Names::new(CLIENT_RESERVED);
        let fn_names = api
            .operations
            .iter()
            .map(|op| names.claim(&op.fn_name))
            .collect();
        Self { api, fn_names }
    }

    fn plan(&self, index: usize) -> OpPlan<'a> {
        let op = &self.api.operations[index];
        OpPlan::new(self.api, op, self.fn_names[index].clone())
    }

    fn all(&self) -> Vec<OpPlan<'a>> {
        (0..self.fn_names.len()).map(|i| self.plan(i)).collect()
    }
}

/// The module's imports, constants and the `Client` type.
fn head(api: &Api, plans: &[OpPlan]) -> TokenStream {
    let mut exports = vec![
        "ApiError",
        "BoxError",
        "BuildError",
        "Error",
        "Hook",
        "Response",
        "RetryPolicy",
    ];
    if plans.iter().any(|p| p.uses_byte_stream) {
        exports.push("ByteStream");
    }
    if plans.iter().any(|p| p.uses_upload) {
        exports.push("Upload");
    }
    exports.sort_unstable();
    let exports = exports.iter().map(|name| ident(name));
    let (schemes, uses_api_key) = security_schemes(api);
    let client_imports = if uses_api_key {
        quote!(
            use specforge_runtime::client::{ApiKeyLocation, SecurityScheme};
        )
    } else {
        quote!(
            use specforge_runtime::client::SecurityScheme;
        )
    };
    let style_import = plans.iter().any(|p| p.uses_style).then(|| {
        quote!(
            use specforge_runtime::params::Style;
        )
    });
    let events = super::events::client_exports(api);
    let user_agent = format!(" specforge/{}", env!("CARGO_PKG_VERSION"));
    let client_doc = format!(" A client of {} {}.", api.title.trim(), api.version.trim());
    quote! {
        pub use specforge_runtime::client::{#(#exports),*};
        #client_imports
        #style_import
        #events

        /// The spec's security schemes: where each kind of credential goes.
        const SECURITY_SCHEMES: &[SecurityScheme] = &[#(#schemes),*];

        /// The `user-agent` sent with every request: this SDK and its generator.
        const USER_AGENT: &str = concat!(
            env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), #user_agent
        );

        #[doc = #client_doc]
        ///
        /// Build it once with [`Client::builder`] and share it: it is cheap to
        /// clone and `Send + Sync`. Each method starts a request for one
        /// operation; finish it with `.send().await`.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: specforge_runtime::client::Client,
        }

        /// Settings for a [`Client`]: credentials, timeouts, retries, hooks.
        pub type ClientBuilder = specforge_runtime::client::ClientBuilder<Client>;
    }
}

fn constructors() -> TokenStream {
    quote! {
        /// A client of the API at `base_url`, with the default settings and
        /// no credentials.
        pub fn new(base_url: impl Into<String>) -> Result<Self, BuildError> {
            Self::builder(base_url).build()
        }

        /// Settings for a client of the API at `base_url`: credentials
        /// (`bearer_token`, `api_key`, `basic_auth`), timeouts, the retry
        /// policy, hooks; finish with `build()`.
        pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
            ClientBuilder::new(base_url, SECURITY_SCHEMES, USER_AGENT)
        }
    }
}

fn from_inner() -> TokenStream {
    quote! {
        impl From<specforge_runtime::client::Client> for Client {
            fn from(inner: specforge_runtime::client::Client) -> Self {
                Self { inner }
            }
        }
    }
}

/// Unique snake_case names, some reserved up front.
struct Names(HashSet<String>);

impl Names {
    fn new(reserved: &[&str]) -> Self {
        Self(reserved.iter().map(|name| (*name).to_owned()).collect())
    }

    fn claim(&mut self, wanted: &str) -> String {
        self.claim_or(wanted, "")
    }

    /// `wanted`, else `wanted_{suffix}` (`send_query`), else numbered.
    fn claim_or(&mut self, wanted: &str, suffix: &str) -> String {
        let bare = wanted.trim_start_matches("r#");
        let mut candidates = std::iter::once(wanted.to_owned())
            .chain((!suffix.is_empty()).then(|| format!("{bare}_{suffix}")))
            .chain((2..).map(|n| format!("{bare}_{n}")));
        loop {
            let name = candidates.next().expect("the numbering never ends");
            if self.0.insert(name.trim_start_matches("r#").to_owned()) {
                return name;
            }
        }
    }
}

/// The doc comment of the `client` module, for its declaration in `lib.rs`
/// (the module file itself has no inner attributes, so that it can be
/// `include!`d).
pub fn module_doc(api: &Api, crate_name: &str) -> TokenStream {
    let plans = Planner::new(api).all();
    let auth = api.security_schemes.iter().find_map(|s| match s.kind {
        SecuritySchemeKind::Bearer
        | SecuritySchemeKind::OAuth2
        | SecuritySchemeKind::OpenIdConnect => Some("    .bearer_token(\"…\")"),
        SecuritySchemeKind::ApiKey { .. } => Some("    .api_key(\"…\")"),
        SecuritySchemeKind::Basic => Some("    .basic_auth(\"user\", \"password\")"),
        SecuritySchemeKind::Other(_) => None,
    });
    let call = plans
        .iter()
        .find(|p| p.required_count() == 0)
        .map(|p| format!("let response = client.{}().send().await?;", p.fn_name));
    let mut lines = vec![
        format!(
            "The client SDK of {}: a [`Client`](client::Client) with one method",
            api.title.trim()
        ),
        "per operation.".into(),
        String::new(),
        "Each method returns a request builder: required inputs are its".into(),
        "arguments, optional ones are builder methods, and `send` returns the typed".into(),
        "response or an [`Error`](client::Error) (transport, timeout, decoding, or an".into(),
        "error answered by the API, with its typed body and `request-id`).".into(),
        String::new(),
        "```no_run".into(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".into(),
        format!("use {}::client::Client;", crate_name.replace('-', "_")),
        String::new(),
        "let client = Client::builder(\"https://api.example.com\")".into(),
    ];
    lines.extend(auth.map(str::to_owned));
    lines.push("    .build()?;".into());
    lines.extend(call);
    lines.extend(["# Ok(())".into(), "# }".into(), "```".into()]);
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The `SecurityScheme` constructors for the spec's schemes, and whether an
/// API key is among them.
fn security_schemes(api: &Api) -> (Vec<TokenStream>, bool) {
    let mut uses_api_key = false;
    let schemes = api
        .security_schemes
        .iter()
        .filter_map(|scheme| {
            let name = &scheme.name;
            Some(match &scheme.kind {
                SecuritySchemeKind::Bearer
                | SecuritySchemeKind::OAuth2
                | SecuritySchemeKind::OpenIdConnect => quote!(SecurityScheme::bearer(#name)),
                SecuritySchemeKind::Basic => quote!(SecurityScheme::basic(#name)),
                SecuritySchemeKind::ApiKey {
                    location,
                    name: param,
                } => {
                    uses_api_key = true;
                    let location = match location {
                        ParamLocation::Header | ParamLocation::Path => quote!(Header),
                        ParamLocation::Query => quote!(Query),
                        ParamLocation::Cookie => quote!(Cookie),
                    };
                    quote!(SecurityScheme::api_key(#name, ApiKeyLocation::#location, #param))
                }
                SecuritySchemeKind::Other(_) => return None,
            })
        })
        .collect();
    (schemes, uses_api_key)
}

/// `ty` without a nullable wrapper, as a parameter or header value.
fn bare(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => bare(inner),
        other => other,
    }
}

/// One input of a request builder.
struct Input {
    field: Ident,
    /// The value's type (the field is `Option` of it when optional).
    ty: TokenStream,
    /// How setters and arguments take it.
    arg: Arg,
    required: bool,
    doc: String,
    /// The `RequestBuilder` call sending it.
    send: TokenStream,
    /// The parameter it comes from (location and spec name), if any.
    param: Option<(ParamLocation, String)>,
}

/// How a setter or argument takes a value.
#[derive(Clone, Copy, PartialEq)]
enum Arg {
    /// As its type.
    Plain,
    /// `impl Into<String>`.
    String,
    /// `impl Into<Upload>`.
    Upload,
}

impl Input {
    fn field_ty(&self) -> TokenStream {
        let ty = &self.ty;
        if self.required {
            ty.clone()
        } else {
            quote!(Option<#ty>)
        }
    }

    fn arg(&self) -> TokenStream {
        let (field, ty) = (&self.field, &self.ty);
        match self.arg {
            Arg::Plain => quote!(#field: #ty),
            Arg::String => quote!(#field: impl Into<String>),
            Arg::Upload => quote!(#field: impl Into<Upload>),
        }
    }

    fn converted(&self) -> TokenStream {
        let field = &self.field;
        match self.arg {
            Arg::Plain => quote!(#field),
            Arg::String | Arg::Upload => quote!(#field.into()),
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

/// How a response body is read.
#[derive(Clone, PartialEq)]
enum BodyRead {
    None,
    Json(Ty),
    Text,
    Stream,
}

/// The content of a response the client decodes, and the media types it
/// accepts for it.
fn body_read(contents: &[Content]) -> (BodyRead, Vec<&str>) {
    let of = |kinds: &[BodyKind]| -> Vec<&Content> {
        contents
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .collect()
    };
    let json = of(&[BodyKind::Json, BodyKind::MergePatch]);
    let text = of(&[BodyKind::Text]);
    let other = of(&[BodyKind::Binary, BodyKind::Multipart, BodyKind::Form]);
    let (read, chosen) = if let Some(first) = json.first() {
        (BodyRead::Json(first.ty.clone()), json)
    } else if !text.is_empty() {
        (BodyRead::Text, text)
    } else if !other.is_empty() {
        (BodyRead::Stream, other)
    } else {
        (BodyRead::None, Vec::new())
    };
    (read, chosen.iter().map(|c| c.media_type.as_str()).collect())
}

/// A success response and how it is matched and decoded.
struct Success<'a> {
    response: Option<&'a Response>,
    pattern: TokenStream,
    variant: Ident,
    body: BodyRead,
}

impl Success<'_> {
    fn is_empty(&self) -> bool {
        self.body == BodyRead::None && self.response.is_none_or(|r| r.headers.is_empty())
    }
}

/// The `match` pattern of a status; a range leaves out the `codes` that have
/// arms of their own, so no two arms overlap.
fn status_pattern(status: Status, codes: &[u16]) -> TokenStream {
    let (low, high) = match status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            return quote!(#code);
        }
        Status::Range(range) => (range * 100, range * 100 + 99),
        Status::Default => (100, 399),
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

fn is_success(status: Status) -> bool {
    matches!(status, Status::Code(100..=399) | Status::Range(1..=3))
}

struct OpPlan<'a> {
    api: &'a Api,
    op: &'a Operation,
    fn_name: Ident,
    builder: Ident,
    response: Ident,
    /// Path parameters in path order, then the other required inputs, then
    /// the optional ones.
    inputs: Vec<Input>,
    /// Sends an optional body: `if let Some(body) = …`.
    optional_body: Option<TokenStream>,
    idempotency: Option<(String, Ident, String)>,
    successes: Vec<Success<'a>>,
    error_ty: TokenStream,
    accept: Vec<String>,
    uses_upload: bool,
    uses_byte_stream: bool,
    /// Whether a parameter has a style of its own (not the default one).
    uses_style: bool,
}

impl<'a> OpPlan<'a> {
    fn new(api: &'a Api, op: &'a Operation, fn_name: String) -> Self {
        let mut plan = Self {
            api,
            op,
            fn_name: ident(&fn_name),
            builder: format_ident!("{}Request", op.type_name),
            response: format_ident!("{}Response", op.type_name),
            inputs: Vec::new(),
            optional_body: None,
            idempotency: None,
            successes: Vec::new(),
            error_ty: quote!(serde_json::Value),
            accept: Vec::new(),
            uses_upload: false,
            uses_byte_stream: false,
            uses_style: false,
        };
        let mut names = Names::new(BUILDER_RESERVED);
        plan.params(&mut names);
        plan.body(&mut names);
        plan.responses();
        // Path parameters in path order, the other required inputs, then
        // the optional ones (a stable sort keeps the spec's order otherwise).
        let path_position = |input: &Input| match &input.param {
            Some((ParamLocation::Path, name)) => op.path.params().position(|p| p == name),
            _ => None,
        };
        plan.inputs
            .sort_by_key(|input| (!input.required, path_position(input).unwrap_or(usize::MAX)));
        plan
    }

    fn types(&self) -> &'a [TypeDef] {
        &self.api.types
    }

    fn required_count(&self) -> usize {
        self.inputs.iter().filter(|i| i.required).count()
    }

    fn params(&mut self, names: &mut Names) {
        let op = self.op;
        let mut params: Vec<&Param> = op.params.iter().collect();
        // Path parameters first, so the required arguments follow the path.
        params.sort_by_key(|p| p.location != ParamLocation::Path);
        for param in params {
            let is_key = param.location == ParamLocation::Header
                && param.name.eq_ignore_ascii_case("idempotency-key");
            if param.location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .iter()
                    .any(|h| param.name.eq_ignore_ascii_case(h))
            {
                continue;
            }
            let suffix = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let field = names.claim_or(&param.rust_name, suffix);
            if is_key && op.idempotent {
                let doc = param_doc(param);
                self.idempotency = Some((param.name.clone(), ident(&field), doc));
                continue;
            }
            let ty = bare(&param.ty);
            let name = &param.name;
            let field_ident = ident(&field);
            let value = quote!(&self.#field_ident);
            let (style, explode) = match &param.encoding {
                ParamEncoding::Style { style, explode } => (Some(*style), *explode),
                ParamEncoding::Content { .. } => (None, false),
            };
            let style_tokens = |style: Option<ParamStyle>| match style {
                Some(style) => style_tokens(style),
                None => quote!(Style::Json),
            };
            let send = match (param.location, style, explode) {
                (ParamLocation::Path, Some(ParamStyle::Simple), false) => {
                    quote!(.path(#name, #value))
                }
                (ParamLocation::Path, style, explode) => {
                    self.uses_style = true;
                    let style = style_tokens(style);
                    quote!(.path_with(#name, #value, #style, #explode))
                }
                (ParamLocation::Query, Some(ParamStyle::Form), true) => {
                    quote!(.query(#name, #value))
                }
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
            };
            self.inputs.push(Input {
                field: field_ident,
                ty: qualified_ty(ty, self.types()),
                arg: if matches!(ty, Ty::String | Ty::Binary) {
                    Arg::String
                } else {
                    Arg::Plain
                },
                required: param.required,
                doc: param_doc(param),
                send,
                param: Some((param.location, param.name.clone())),
            });
        }
        if op.idempotent && self.idempotency.is_none() {
            let field = names.claim("idempotency_key");
            self.idempotency = Some((
                "Idempotency-Key".into(),
                ident(&field),
                "The `Idempotency-Key` header: a unique key making the request safe to retry."
                    .into(),
            ));
        }
    }

    fn body(&mut self, names: &mut Names) {
        let Some(body) = &self.op.body else {
            return;
        };
        let content = body.chosen();
        let media = content.media_type.as_str();
        if content.kind == BodyKind::Multipart {
            return self.multipart(content, body.required, names);
        }
        let doc = body
            .doc
            .clone()
            .unwrap_or_else(|| "The request body.".into());
        let field = ident(&names.claim("body"));
        let declared: Vec<&str> = body
            .contents
            .iter()
            .filter(|c| c.kind == BodyKind::Binary)
            .map(|c| c.media_type.as_str())
            .collect();
        // The call sending the owned value `value`.
        let call = |value: TokenStream| match content.kind {
            BodyKind::Json if media.eq_ignore_ascii_case("application/json") => {
                quote!(json(&#value))
            }
            BodyKind::Json | BodyKind::MergePatch => quote!(json_as(#media, &#value)),
            BodyKind::Form => quote!(form(&#value)),
            BodyKind::Text | BodyKind::EventStream | BodyKind::Xml => quote!(text(#media, #value)),
            BodyKind::Binary | BodyKind::Multipart => quote!(upload(&[#(#declared),*], #value)),
        };
        let (ty, arg) = match content.kind {
            BodyKind::Text | BodyKind::EventStream | BodyKind::Xml => (quote!(String), Arg::String),
            BodyKind::Binary | BodyKind::Multipart => {
                self.uses_upload = true;
                (quote!(Upload), Arg::Upload)
            }
            _ => (qualified_ty(&content.ty, self.types()), Arg::Plain),
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
        self.inputs.push(Input {
            field,
            ty,
            arg,
            required: body.required,
            doc,
            send,
            param: None,
        });
    }

    /// A multipart body: one input per property of its object schema; files
    /// are [`Upload`]s.
    fn multipart(&mut self, content: &Content, body_required: bool, names: &mut Names) {
        let Ty::Named(id) = bare(&content.ty) else {
            return;
        };
        let TypeKind::Struct(schema) = &self.types()[*id].kind else {
            return;
        };
        for property in &schema.fields {
            let field = ident(&names.claim_or(&property.rust_name, "part"));
            let name = &property.json_name;
            let required = body_required && property.presence == Presence::Required;
            let doc = property
                .doc
                .clone()
                .unwrap_or_else(|| format!("The `{name}` part."));
            let (ty, send) = match bare(&property.ty) {
                Ty::Binary => {
                    self.uses_upload = true;
                    let uploads = if required {
                        quote!(Some(self.#field))
                    } else {
                        quote!(self.#field)
                    };
                    (quote!(Upload), quote!(.file_part(#name, #uploads)))
                }
                Ty::Vec(item) if **item == Ty::Binary => {
                    self.uses_upload = true;
                    let uploads = if required {
                        quote!(self.#field)
                    } else {
                        quote!(self.#field.into_iter().flatten())
                    };
                    (quote!(Vec<Upload>), quote!(.file_part(#name, #uploads)))
                }
                other => (
                    qualified_ty(other, self.types()),
                    quote!(.part(#name, &self.#field)),
                ),
            };
            self.inputs.push(Input {
                field,
                arg: match bare(&property.ty) {
                    Ty::String => Arg::String,
                    Ty::Binary => Arg::Upload,
                    _ => Arg::Plain,
                },
                ty,
                required,
                doc,
                send,
                param: None,
            });
        }
    }

    fn responses(&mut self) {
        let op = self.op;
        let mut accept: Vec<&str> = Vec::new();
        let has_declared_success = op.responses.iter().any(|r| is_success(r.status));
        let mut error_tys: Vec<Option<Ty>> = Vec::new();
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
        for response in ordered {
            let (read, media) = body_read(&response.contents);
            accept.extend(media);
            let success = is_success(response.status)
                || (response.status == Status::Default && !has_declared_success);
            if success {
                self.uses_byte_stream |= read == BodyRead::Stream;
                self.successes.push(Success {
                    response: Some(response),
                    pattern: status_pattern(response.status, &codes),
                    variant: ident(&response.variant),
                    body: read,
                });
            } else {
                error_tys.push(match read {
                    BodyRead::Json(ty) => Some(ty),
                    _ => None,
                });
            }
        }
        if self.successes.is_empty() {
            self.successes.push(Success {
                response: None,
                pattern: status_pattern(Status::Default, &[]),
                variant: ident("Success"),
                body: BodyRead::None,
            });
        }
        // One JSON type for every error response: that is the error body.
        let shared = error_tys.first().cloned().flatten();
        if let Some(ty) = shared.filter(|ty| error_tys.iter().all(|t| t.as_ref() == Some(ty))) {
            self.error_ty = qualified_ty(&ty, self.types());
        }
        let mut seen = HashSet::new();
        self.accept = accept
            .into_iter()
            .filter(|media| seen.insert(media.to_ascii_lowercase()))
            .map(str::to_owned)
            .collect();
    }

    /// The type `send` returns inside `Response`: the body alone, a struct
    /// of body and headers, or an enum of the success statuses.
    fn value_ty(&self) -> TokenStream {
        match self.successes.as_slice() {
            [only] if only.response.is_none_or(|r| r.headers.is_empty()) => match &only.body {
                BodyRead::None => quote!(()),
                body => self.body_ty(body, false),
            },
            _ => {
                let response = &self.response;
                quote!(#response)
            }
        }
    }

    fn body_ty(&self, body: &BodyRead, boxed: bool) -> TokenStream {
        match body {
            BodyRead::None => quote!(()),
            BodyRead::Json(ty) => {
                let tokens = qualified_ty(ty, self.types());
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

    /// `(field name, type, decoding expression, doc)` for each typed header
    /// and the body of a success response.
    fn fields(
        &self,
        success: &Success,
        boxed: bool,
    ) -> Vec<(Ident, TokenStream, TokenStream, String)> {
        let mut names = Names::new(&["body"]);
        let mut fields = Vec::new();
        for header in success
            .response
            .map(|r| r.headers.as_slice())
            .unwrap_or(&[])
        {
            let field = ident(&names.claim(&header.rust_name));
            let ty = match bare(&header.ty) {
                Ty::Binary => quote!(String),
                other => qualified_ty(other, self.types()),
            };
            let name = &header.name;
            let (ty, read) = if header.required {
                (ty, quote!(reply.header(#name)?))
            } else {
                (quote!(Option<#ty>), quote!(reply.optional_header(#name)?))
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

    fn client_method(&self) -> TokenStream {
        let op = self.op;
        let mut doc = op.summary.clone().unwrap_or_default();
        for part in [
            op.description.clone(),
            Some(format!("`{} {}`", op.method.as_str(), op.path.raw)),
        ]
        .into_iter()
        .flatten()
        {
            let part = part.trim();
            if part.is_empty() || doc.trim() == part {
                continue;
            }
            if !doc.trim().is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(part);
        }
        let doc = doc_attrs(Some(&doc));
        let deprecated = op.deprecated.then(|| {
            let note = match &op.sunset {
                Some(date) => format!("deprecated by the API; removed after {date}"),
                None => "deprecated by the API".to_owned(),
            };
            quote!(#[deprecated(note = #note)])
        });
        let required: Vec<&Input> = self.inputs.iter().filter(|i| i.required).collect();
        let too_many =
            (required.len() > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let args = required.iter().map(|i| i.arg());
        let inits = self.inputs.iter().map(|input| {
            let field = &input.field;
            if !input.required {
                quote!(#field: None)
            } else if input.arg != Arg::Plain {
                let value = input.converted();
                quote!(#field: #value)
            } else {
                quote!(#field)
            }
        });
        let key = self
            .idempotency
            .as_ref()
            .map(|(_, field, _)| quote!(#field: None,));
        let (fn_name, builder) = (&self.fn_name, &self.builder);
        quote! {
            #doc
            #deprecated
            #too_many
            pub fn #fn_name(&self, #(#args),*) -> #builder {
                #builder {
                    client: self.inner.clone(),
                    #(#inits,)*
                    #key
                }
            }
        }
    }

    fn items(&self, plans: &Planner) -> TokenStream {
        let builder = self.builder_items(plans);
        let response = self.response_type();
        quote! {
            #builder
            #response
        }
    }

    fn builder_items(&self, plans: &Planner) -> TokenStream {
        let (builder, fn_name) = (&self.builder, &self.fn_name);
        let paginated = self.pagination();
        let doc = match &paginated {
            Some(_) => format!(
                "A [`Client::{fn_name}`] request: set optional inputs, then\n\
                 [`send`](Self::send) it, or walk every page with\n\
                 [`into_stream`](Self::into_stream)."
            ),
            None => format!(
                "A [`Client::{fn_name}`] request: set optional inputs, then\n\
                 [`send`](Self::send) it."
            ),
        };
        let doc = doc_attrs(Some(&doc));
        let cloneable = !self.uses_upload;
        let derives = if cloneable {
            quote!(#[derive(Clone, Debug)])
        } else {
            quote!(#[derive(Debug)])
        };
        let fields = self.inputs.iter().map(|input| {
            let field = &input.field;
            let ty = input.field_ty();
            quote!(#field: #ty,)
        });
        let key_field = self
            .idempotency
            .as_ref()
            .map(|(_, field, _)| quote!(#field: Option<String>,));
        let setters = self
            .inputs
            .iter()
            .filter(|i| !i.required)
            .map(Input::setter);
        let key_setter = self.idempotency.as_ref().map(|(_, field, doc)| {
            let doc = doc_attrs(Some(&format!(
                "{doc}\n\nA new key is generated when none is set; it is kept across retries."
            )));
            quote! {
                #doc
                pub fn #field(mut self, #field: impl Into<String>) -> Self {
                    self.#field = Some(#field.into());
                    self
                }
            }
        });
        let send = self.send_fn();
        let wait = self.wait_fn(plans);
        quote! {
            #doc
            #derives
            #[must_use = "a request does nothing until it is sent"]
            pub struct #builder {
                client: specforge_runtime::client::Client,
                #(#fields)*
                #key_field
            }

            impl #builder {
                #(#setters)*
                #key_setter
                #send
                #wait
                #paginated
            }
        }
    }

    fn error_ty(&self) -> TokenStream {
        let ty = &self.error_ty;
        if ty.to_string() == quote!(serde_json::Value).to_string() {
            quote!(Error)
        } else {
            quote!(Error<#ty>)
        }
    }

    fn send_fn(&self) -> TokenStream {
        let op = self.op;
        let method = format_ident!("{}", op.method.as_str());
        let path = op.path.client_path();
        let auth = (!op.security.is_empty()).then(|| {
            let alternatives = op.security.iter().map(|alternative| {
                let names = alternative
                    .iter()
                    .map(|r| &self.api.security_schemes[r.scheme].name);
                quote!(&[#(#names),*])
            });
            quote!(.auth(&[#(#alternatives),*]))
        });
        let accept = (!self.accept.is_empty()).then(|| {
            let accept = self.accept.join(", ");
            quote!(.accept(#accept))
        });
        let calls: Vec<&TokenStream> = self.inputs.iter().map(|i| &i.send).collect();
        let key = self
            .idempotency
            .as_ref()
            .map(|(name, field, _)| quote!(.idempotency_key(#name, self.#field)));
        let chain = quote! {
            self.client
                .request(reqwest::Method::#method, #path)
                #auth
                #accept
                #(#calls)*
                #key
        };
        // The same request but for `accept`, which events ask for.
        let events_chain = quote! {
            self.client
                .request(reqwest::Method::#method, #path)
                #auth
                #(#calls)*
                #key
        };
        // `reply` is only borrowed and finished unless a body is read.
        let reads_body = self.successes.iter().any(|s| s.body != BodyRead::None);
        let mutable = reads_body.then(|| quote!(mut));
        let send = match &self.optional_body {
            Some(body) => quote! {
                let mut request = #chain;
                #body
                let #mutable reply = request.send().await?;
            },
            None => quote!(let #mutable reply = #chain.send().await?;),
        };
        let streaming = super::events::client_methods(&super::events::ClientRequest {
            api: self.api,
            op,
            chain: &events_chain,
            optional_body: self.optional_body.as_ref(),
            body_field: self
                .inputs
                .iter()
                .find(|i| i.param.is_none())
                .map(|i| (&i.field, i.required)),
            error_ty: &self.error_ty,
            cloneable: !self.uses_upload,
        });
        if super::events::replaces_send(op) {
            return streaming;
        }
        let value_ty = self.value_ty();
        let error_ty = self.error_ty();
        let decode = self.decode();
        quote! {
            /// Sends the request: the typed response of a success status, or
            /// the error.
            pub async fn send(self) -> Result<Response<#value_ty>, #error_ty> {
                #send
                #decode
            }

            #streaming
        }
    }

    /// The `match` on the status turning the reply into the typed value.
    fn decode(&self) -> TokenStream {
        let response = &self.response;
        let single = self.successes.len() == 1;
        if self.successes.iter().all(Success::is_empty) && single {
            let pattern = &self.successes[0].pattern;
            return quote! {
                match reply.status() {
                    #pattern => Ok(reply.finish(())),
                    _ => Err(reply.error().await),
                }
            };
        }
        let arms = self.successes.iter().map(|success| {
            let pattern = &success.pattern;
            let value = if single {
                match success.response.filter(|r| !r.headers.is_empty()) {
                    None => Self::body_read(&success.body, false),
                    Some(_) => {
                        let fields = self
                            .fields(success, false)
                            .into_iter()
                            .map(|(f, _, read, _)| quote!(#f: #read));
                        quote!(#response { #(#fields),* })
                    }
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
                _ => return Err(reply.error().await),
            };
            Ok(reply.finish(value))
        }
    }

    /// The operation's response type, when it needs one of its own.
    fn response_type(&self) -> Option<TokenStream> {
        let response = &self.response;
        let fn_name = &self.fn_name;
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
            [only] if only.response.is_none_or(|r| r.headers.is_empty()) => None,
            [only] => {
                let described = only.response.map(|r| r.doc.trim()).unwrap_or_default();
                let status = match only.response.map(|r| r.status) {
                    Some(Status::Code(code)) => format!("`{code}` "),
                    Some(Status::Range(range)) => format!("`{range}XX` "),
                    _ => String::new(),
                };
                let doc = doc_attrs(Some(&format!(
                    "The {status}response of [`Client::{fn_name}`].\n\n{described}"
                )));
                let fields = field_tokens(self.fields(only, false), true);
                Some(quote! {
                    #doc
                    #[derive(Debug)]
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
                    let status = match success.response.map(|r| r.status) {
                        Some(Status::Code(code)) => format!("`{code}`"),
                        Some(Status::Range(range)) => format!("`{range}XX`"),
                        _ => "Any other success status".to_owned(),
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
                    pub enum #response {
                        #(#variants)*
                    }
                })
            }
        }
    }

    /// The JSON body of a success response, as an expression on `value`
    /// (the value `send` returns): `(pattern, body)` for an enum of
    /// success statuses (`pattern` binds `body`), else `(None, body)`.
    fn body_of(&self, success: &Success) -> (Option<TokenStream>, TokenStream) {
        if self.successes.len() > 1 {
            let (response, variant) = (&self.response, &success.variant);
            (Some(quote!(#response::#variant { body, .. })), quote!(body))
        } else if success.response.is_some_and(|r| !r.headers.is_empty()) {
            (None, quote!(value.body))
        } else {
            (None, quote!(value))
        }
    }

    /// `send_and_wait`, for a long-running operation whose poll operation
    /// takes the job's `id` as its one required input and shares its error
    /// type.
    fn wait_fn(&self, plans: &Planner) -> Option<TokenStream> {
        let long_running = self.op.long_running.as_ref()?;
        let poll = plans.plan(long_running.poll);
        if self.error_ty().to_string() != poll.error_ty().to_string() {
            return None;
        }
        let [id_input] = poll
            .inputs
            .iter()
            .filter(|i| i.required)
            .collect::<Vec<_>>()[..]
        else {
            return None;
        };
        let Some((ParamLocation::Path, id_param)) = &id_input.param else {
            return None;
        };
        let id_ty = bare(&poll.op.params.iter().find(|p| &p.name == id_param)?.ty);
        // The 202 body's `id`.
        let accepted = self
            .successes
            .iter()
            .find(|s| s.response.is_some_and(|r| r.status == Status::Code(202)))?;
        let BodyRead::Json(Ty::Named(job_ty)) = &accepted.body else {
            return None;
        };
        let TypeKind::Struct(job) = &self.types()[*job_ty].kind else {
            return None;
        };
        let id = job.fields.iter().find(|f| f.json_name == "id")?;
        if id.boxed || bare(&id.ty) != id_ty {
            return None;
        }
        let id_field = ident(&id.rust_name);
        let id_expr = |body: TokenStream| match id.presence {
            Presence::Required | Presence::Defaulted => quote!(Some(#body.#id_field.clone())),
            Presence::Optional | Presence::RequiredNullable => quote!(#body.#id_field.clone()),
            Presence::OptionalNullable => {
                quote!(#body.#id_field.clone().into_option().flatten())
            }
        };
        let job_id = match self.body_of(accepted) {
            (Some(_), _) => {
                // Any success status carrying the job (a 200 done at once
                // too) is polled once more at least.
                let carrying: Vec<&Success> = self
                    .successes
                    .iter()
                    .filter(|s| s.body == accepted.body)
                    .collect();
                let rest = (carrying.len() < self.successes.len()).then(|| quote!(_ => None,));
                let arms = carrying.into_iter().map(|success| {
                    let (pattern, body) = self.body_of(success);
                    let id_expr = id_expr(body);
                    quote!(#pattern => #id_expr,)
                });
                quote! {
                    |value| match value {
                        #(#arms)*
                        #rest
                    }
                }
            }
            (None, body) => {
                let id_expr = id_expr(body);
                quote!(|value| #id_expr)
            }
        };
        // The poll's state, and which states end it.
        let polled = poll.successes.iter().find(|s| {
            s.response.is_some_and(|r| r.status == Status::Code(200))
                && s.body == BodyRead::Json(Ty::Named(*job_ty))
        })?;
        let state = job.fields.get(long_running.state_field)?;
        let Ty::Named(state_ty) = bare(&state.ty) else {
            return None;
        };
        let TypeKind::Enum(states) = &self.types()[*state_ty].kind else {
            return None;
        };
        let state_path = qualified_ty(&Ty::Named(*state_ty), self.types());
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
            Presence::Required | Presence::Defaulted => {
                Some(quote!(matches!(#body.#state_field, #(#terminal)|*)))
            }
            Presence::Optional | Presence::RequiredNullable => {
                Some(quote!(matches!(#body.#state_field, Some(#(#terminal)|*))))
            }
            Presence::OptionalNullable => None,
        };
        let is_terminal = match poll.body_of(polled) {
            // Another success status of the poll ends it too.
            (Some(pattern), body) => {
                let check = check(body)?;
                quote! {
                    |value| match value {
                        #pattern => #check,
                        _ => true,
                    }
                }
            }
            (None, body) => {
                let check = check(body)?;
                quote!(|value| #check)
            }
        };
        let (poll_fn, value_ty) = (&poll.fn_name, poll.value_ty());
        let error_ty = self.error_ty();
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
        // The id is cloned whatever its type; some are `Copy`.
        let copy = matches!(
            id_ty,
            Ty::Bool | Ty::Integer(_) | Ty::Float(_) | Ty::Date | Ty::DateTime | Ty::Uuid
        )
        .then(|| quote!(#[allow(clippy::clone_on_copy)]));
        Some(quote! {
            #doc
            #deprecated
            #copy
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

    /// `into_stream`, for a cursor-paginated operation whose cursor
    /// parameter and next-cursor field agree.
    fn pagination(&self) -> Option<TokenStream> {
        let pagination = self.op.pagination.as_ref()?;
        if self.uses_upload {
            return None;
        }
        let cursor_param =
            self.op.params.iter().find(|p| {
                p.location == ParamLocation::Query && p.name == pagination.cursor_param
            })?;
        let cursor = self.inputs.iter().find(|i| {
            !i.required && i.param == Some((ParamLocation::Query, cursor_param.name.clone()))
        })?;
        let success = self
            .successes
            .iter()
            .find(|s| s.response.is_some_and(|r| r.status == Status::Code(200)))?;
        let BodyRead::Json(page_ty) = &success.body else {
            return None;
        };
        let Ty::Named(page_id) = bare(page_ty) else {
            return None;
        };
        let TypeKind::Struct(page) = &self.types()[*page_id].kind else {
            return None;
        };
        let items = page
            .fields
            .iter()
            .find(|f| f.json_name == pagination.items_field)?;
        let next = page
            .fields
            .iter()
            .find(|f| f.json_name == pagination.next_cursor_field)?;
        if items.boxed || next.boxed || bare(&next.ty) != bare(&cursor_param.ty) {
            return None;
        }
        let (items_field, next_field) = (ident(&items.rust_name), ident(&next.rust_name));
        let items_expr = match items.presence {
            Presence::Required | Presence::Defaulted => quote!(page.#items_field),
            Presence::Optional | Presence::RequiredNullable => {
                quote!(page.#items_field.unwrap_or_default())
            }
            Presence::OptionalNullable => {
                quote!(page.#items_field.into_option().flatten().unwrap_or_default())
            }
        };
        let next_expr = match (next.presence, bare(&next.ty)) {
            (Presence::Required | Presence::Defaulted, Ty::String) => {
                quote!(Some(page.#next_field).filter(|cursor| !cursor.is_empty()))
            }
            (Presence::Required | Presence::Defaulted, _) => quote!(Some(page.#next_field)),
            (Presence::Optional | Presence::RequiredNullable, _) => quote!(page.#next_field),
            (Presence::OptionalNullable, _) => quote!(page.#next_field.into_option().flatten()),
        };
        let single = self.successes.len() == 1;
        let response = &self.response;
        let page_expr = if single {
            match success.response.filter(|r| !r.headers.is_empty()) {
                None => quote!(response.into_inner()),
                Some(_) => quote!(response.into_inner().body),
            }
        } else {
            let variant = &success.variant;
            quote! {
                match response.into_inner() {
                    #response::#variant { body, .. } => *body,
                    _ => return Ok((Vec::new(), None)),
                }
            }
        };
        let item_ty = qualified_ty(&pagination.item_ty, self.types());
        let error_ty = self.error_ty();
        let cursor_field = &cursor.field;
        Some(quote! {
            /// Every item of every page, fetched page after page as the
            /// stream is read (from the cursor set on this request, if any).
            pub fn into_stream(
                self,
            ) -> futures::stream::BoxStream<'static, Result<#item_ty, #error_ty>> {
                specforge_runtime::client::paginate(self.#cursor_field.clone(), move |#cursor_field| {
                    let request = Self { #cursor_field, ..self.clone() };
                    async move {
                        let response = request.send().await?;
                        let page = #page_expr;
                        Ok((#items_expr, #next_expr))
                    }
                })
            }
        })
    }
}

/// `body.doc` for a parameter, or a line naming it.
fn param_doc(param: &Param) -> String {
    let place = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut doc = param
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` {place}.", param.name));
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
