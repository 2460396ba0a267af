//! The `client` module of the generated crate: a `Client` with one method
//! per operation, a request builder per operation (required inputs as
//! arguments, optional ones as builder methods, then `send`), and a typed
//! response and error per operation. Everything that is the same for every
//! API lives in `specforge_runtime::client`; this is the glue naming the
//! spec's parts, read from the IR:
//!
//! - [`inputs`]: what a request builder holds and how each input is sent;
//! - [`outcomes`]: the success values and error bodies of each status;
//! - [`paging`]: `into_stream` for paginated operations;
//! - [`waiting`]: `send_and_wait` for long-running ones.

mod inputs;
mod outcomes;
mod paging;
mod waiting;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::format::{Part, item};
use super::imports::Imports;
use super::rust::{doc_attrs, doc_lines, ident};
use crate::ir::{Api, Operation, ParamLocation, SecuritySchemeKind};
use inputs::Inputs;
use outcomes::Outcomes;

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let count = api.operations.len();
    let methods = (0..count)
        .map(|index| item(move || each_call(api, index, Call::client_method, Call::client_method)));
    // The response and error types once, with the typed call's builder.
    let items = (0..count)
        .map(|index| item(move || each_call(api, index, Call::items, Call::builder_items)));
    vec![
        Part::Items(vec![item(|| head(api))]),
        Part::Block {
            attrs: item(TokenStream::new),
            head: item(|| quote!(impl Client)),
            members: std::iter::once(item(constructors)).chain(methods).collect(),
        },
        Part::Items(std::iter::once(item(from_inner)).chain(items).collect()),
    ]
}

/// What `typed` makes of the operation at `index`'s typed call, then what
/// `alternative` makes of each call sending a body alternative (the same
/// operation, its body in another media type).
fn each_call<'a>(
    api: &'a Api,
    index: usize,
    typed: impl Fn(&Call<'a>) -> TokenStream,
    alternative: impl Fn(&Call<'a>) -> TokenStream,
) -> TokenStream {
    let call = Call::new(api, index);
    let mut tokens = typed(&call);
    for other in call.alternatives() {
        tokens.extend(alternative(&other));
    }
    tokens
}

/// The client's view of one operation: its inputs and outcomes.
pub(super) struct Call<'a> {
    api: &'a Api,
    op: &'a Operation,
    fn_name: Ident,
    /// `GetProductRequest`: the request builder.
    builder: Ident,
    /// The body alternative this call sends, for a call other than the
    /// operation's typed one: its media type and the typed call's name.
    alternative: Option<(&'a str, Ident)>,
    inputs: Inputs<'a>,
    outcomes: Outcomes<'a>,
}

impl<'a> Call<'a> {
    fn new(api: &'a Api, index: usize) -> Self {
        let op = &api.operations[index];
        Self {
            api,
            op,
            fn_name: ident(&op.fn_name),
            builder: format_ident!("{}Request", op.type_name),
            alternative: None,
            inputs: Inputs::of(api, op, None),
            outcomes: Outcomes::of(api, op),
        }
    }

    /// A call per [body alternative](crate::ir::Body::alternatives) of the
    /// operation: `post_draft_as_text` and its `PostDraftAsTextRequest`,
    /// sending the body in that media type and answered as the typed call is.
    fn alternatives(&self) -> Vec<Call<'a>> {
        let (api, op) = (self.api, self.op);
        let alternatives = op
            .body
            .as_ref()
            .map(|b| b.alternatives())
            .unwrap_or_default();
        if alternatives.is_empty() {
            return Vec::new();
        }
        // Kept apart from every operation's method.
        let mut names = crate::ir::Namespace::default();
        for other in &api.operations {
            names.claim(&other.fn_name);
        }
        alternatives
            .into_iter()
            .map(|alternative| {
                let suffix = alternative.variant.to_snake_case();
                let fn_name = names.claim(&format!("{}_as_{suffix}", op.fn_name));
                Call {
                    api,
                    op,
                    builder: format_ident!("{}Request", fn_name.to_upper_camel_case()),
                    fn_name: ident(&fn_name),
                    alternative: Some((alternative.media_types[0], self.fn_name.clone())),
                    inputs: Inputs::of(api, op, Some(&alternative)),
                    outcomes: Outcomes::of(api, op),
                }
            })
            .collect()
    }

    /// The `Client` method starting the request.
    fn client_method(&self) -> TokenStream {
        let op = self.op;
        let mut doc = String::new();
        let summary = match &self.alternative {
            // The operation is described on its typed call.
            Some((media, typed)) => {
                let line = format!("[`Client::{typed}`], the body sent as `{media}`.");
                push_paragraph(&mut doc, &line);
                None
            }
            None => Some([op.summary.as_deref(), op.description.as_deref()]),
        };
        for part in summary.into_iter().flatten().flatten().map(str::trim) {
            if !part.is_empty() && !doc.contains(part) {
                push_paragraph(&mut doc, part);
            }
        }
        push_paragraph(
            &mut doc,
            &format!("`{} {}`", op.method.as_str(), op.path.raw),
        );
        let required = self.inputs.required();
        if !required.is_empty() {
            let lines: Vec<String> = required
                .iter()
                .map(|input| format!("- `{}`: {}", input.name(), first_paragraph(&input.doc)))
                .collect();
            push_paragraph(&mut doc, &format!("Arguments:\n{}", lines.join("\n")));
        }
        // A name made shorter or kept apart from another: say which it is.
        if self.alternative.is_none() && crate::ir::field_ident(&op.id) != op.fn_name {
            push_paragraph(&mut doc, &format!("Operation `{}`.", op.id));
        }
        let doc = doc_attrs(Some(&doc));
        let deprecated = op.deprecated.then(|| {
            let mut note = "deprecated by the API".to_owned();
            if let Some(replacement) = &op.replacement {
                note.push_str(&format!(": {replacement}"));
            }
            if let Some(date) = &op.sunset {
                note.push_str(&format!("; removed after {date}"));
            }
            quote!(#[deprecated(note = #note)])
        });
        let many = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let args = required.iter().map(|input| input.arg());
        let inits = self.inputs.all().map(|input| {
            let field = &input.field;
            match (input.required, input.into) {
                (true, true) => quote!(#field: #field.into()),
                (true, false) => quote!(#field),
                (false, _) => quote!(#field: None),
            }
        });
        let extra = self.inputs.extra_inits();
        let (fn_name, builder) = (&self.fn_name, &self.builder);
        quote! {
            #doc
            #deprecated
            #many
            pub fn #fn_name(&self, #(#args),*) -> #builder {
                #builder {
                    client: self.inner.clone(),
                    #(#inits,)*
                    #extra
                }
            }
        }
    }

    /// The request builder and the operation's response and error types.
    fn items(&self) -> TokenStream {
        let builder = self.builder_items();
        let response = self.outcomes.response_type(&self.fn_name);
        let error = self.outcomes.error_type(&self.fn_name);
        quote! {
            #builder
            #response
            #error
        }
    }

    fn builder_items(&self) -> TokenStream {
        let (builder, fn_name) = (&self.builder, &self.fn_name);
        let stream = paging::into_stream(self);
        let wait = waiting::send_and_wait(self);
        let mut doc = format!(
            "A [`Client::{fn_name}`] request: set optional inputs, then\n\
             [`send`](Self::send) it"
        );
        if stream.is_some() {
            doc.push_str(", or walk every page with\n[`into_stream`](Self::into_stream)");
        }
        doc.push('.');
        let doc = doc_attrs(Some(&doc));
        let derives = if self.inputs.uses_upload() {
            quote!(#[derive(Debug)])
        } else {
            quote!(#[derive(Clone, Debug)])
        };
        let fields = self.inputs.fields();
        let setters = self.inputs.setters();
        let send = self.send_fn();
        quote! {
            #doc
            #derives
            #[must_use = "a request does nothing until it is sent"]
            pub struct #builder {
                client: specforge_runtime::client::Client,
                #fields
            }

            impl #builder {
                #setters
                #send
                #wait
                #stream
            }
        }
    }

    /// The type `send` returns: `Response` of the success value, or the
    /// error with the operation's error body.
    fn result_ty(&self) -> TokenStream {
        let value = self.outcomes.value_ty();
        let error = self.outcomes.error_ty();
        quote!(Result<Response<#value>, #error>)
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
        let pinned = |name: &str| {
            op.protocol_headers
                .iter()
                .find(|header| header.is(name))
                .and_then(|header| header.value.clone())
        };
        let read = self.outcomes.accepted();
        let accept = match op
            .protocol_headers
            .iter()
            .find(|header| header.is("accept"))
        {
            // The document lists the values the header may take: one of
            // them, alone (its default, else the first the client reads).
            Some(header) if !header.allowed.is_empty() => header.value.clone().or_else(|| {
                let listed = |media: &&String| read.contains(&media.as_str());
                header
                    .allowed
                    .iter()
                    .find(listed)
                    .or(header.allowed.first())
                    .cloned()
            }),
            // The pinned `Accept` first, then what the responses declare
            // (a mock, or a server negotiating strictly, answers with
            // those), each once.
            header => {
                let pinned = header.and_then(|header| header.value.as_deref());
                let mut types: Vec<&str> = pinned.into_iter().collect();
                for media in read {
                    if !types.contains(media) {
                        types.push(media);
                    }
                }
                (!types.is_empty()).then(|| types.join(", "))
            }
        }
        .map(|accept| quote!(.accept(#accept)));
        // Sent when there is no body; a body sends its own content type.
        let content_type =
            pinned("content-type").map(|value| quote!(.header("content-type", &#value)));
        let calls = self.inputs.sends();
        let keep_redirects = op.documents_redirect().then(|| quote!(.keep_redirects()));
        let chain = quote! {
            self.client
                .request(reqwest::Method::#method, #path)
                #keep_redirects
                #auth
                #accept
                #content_type
                #calls
        };
        let streaming = super::events::client_methods(&super::events::ClientRequest {
            api: self.api,
            op,
            // The same request asking for events instead.
            chain: &quote! {
                self.client
                    .request(reqwest::Method::#method, #path)
                    #auth
                    #calls
            },
            optional_body: self.inputs.optional_body(),
            body_field: self
                .inputs
                .all()
                .find(|input| input.param.is_none())
                .map(|input| (&input.field, input.required)),
            error: (self.outcomes.error_ty(), self.outcomes.read_error()),
            stream_error: self.outcomes.stream_error_ty(),
            cloneable: !self.inputs.uses_upload(),
        });
        if super::events::replaces_send(op) {
            return streaming;
        }
        // `reply` is only borrowed and finished unless a body is read.
        let mutable = self.outcomes.reads_body().then(|| quote!(mut));
        let send = match self.inputs.optional_body() {
            Some(body) => quote! {
                let mut request = #chain;
                #body
                let #mutable reply = request.send().await?;
            },
            None => quote!(let #mutable reply = #chain.send().await?;),
        };
        let result = self.result_ty();
        let decode = self.outcomes.decode();
        quote! {
            /// Sends the request: the typed response of a success status, or
            /// the error.
            pub async fn send(self) -> #result {
                #send
                #decode
            }

            #streaming
        }
    }
}

/// The module's imports, constants and the `Client` type.
fn head(api: &Api) -> TokenStream {
    let calls: Vec<Call> = (0..api.operations.len())
        .flat_map(|i| {
            let typed = Call::new(api, i);
            let alternatives = typed.alternatives();
            std::iter::once(typed).chain(alternatives)
        })
        .collect();
    let mut imports = Imports::new();
    imports
        .export(
            "specforge_runtime::client",
            &[
                "ApiError",
                "BoxError",
                "BuildError",
                "Error",
                "Hook",
                "Response",
                "RetryPolicy",
            ],
        )
        .export_if(
            calls.iter().any(|c| c.outcomes.uses_byte_stream()),
            "specforge_runtime::client",
            &["ByteStream"],
        )
        .export_if(
            calls.iter().any(|c| c.inputs.uses_upload()),
            "specforge_runtime::client",
            &["Upload"],
        );
    let (schemes, uses_api_key) = security_schemes(api);
    imports
        .add("specforge_runtime::client", &["SecurityScheme"])
        .add_if(
            uses_api_key,
            "specforge_runtime::client",
            &["ApiKeyLocation"],
        )
        .add_if(
            calls.iter().any(|c| c.inputs.uses_style()),
            "specforge_runtime::params",
            &["Style"],
        );
    super::events::client_exports(api, &mut imports);
    let imports = imports.tokens();
    let user_agent = format!(" specforge/{}", env!("CARGO_PKG_VERSION"));
    let client_doc = format!(" A client of {} {}.", api.title.trim(), api.version.trim());
    quote! {
        #imports

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

/// The doc comment of the `client` module, for its declaration in `lib.rs`.
pub(super) fn module_doc(api: &Api, crate_name: &str) -> TokenStream {
    let auth = api.security_schemes.iter().find_map(|s| match s.kind {
        SecuritySchemeKind::Bearer
        | SecuritySchemeKind::OAuth2
        | SecuritySchemeKind::OpenIdConnect => Some("    .bearer_token(\"…\")"),
        SecuritySchemeKind::ApiKey { .. } => Some("    .api_key(\"…\")"),
        SecuritySchemeKind::Basic => Some("    .basic_auth(\"user\", \"password\")"),
        SecuritySchemeKind::Other(_) => None,
    });
    let call = api
        .operations
        .iter()
        .find(|op| {
            !op.params
                .iter()
                .any(|p| p.required && !p.is_idempotency_key())
                && op.body.as_ref().is_none_or(|b| !b.required)
        })
        .map(|op| format!("let response = client.{}().send().await?;", op.fn_name));
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
    doc_lines(lines)
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

/// Appends a paragraph, a blank line apart from what is there.
fn push_paragraph(doc: &mut String, paragraph: &str) {
    let paragraph = paragraph.trim();
    if paragraph.is_empty() {
        return;
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(paragraph);
}

/// The first paragraph of a description, on one line.
fn first_paragraph(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
