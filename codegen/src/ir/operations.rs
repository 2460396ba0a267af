//! Paths and operations → [`Operation`]s: typed parameters, bodies and
//! responses, plus what the spec declares about security, pagination,
//! idempotency, rate limits and deprecation.

use heck::ToUpperCamelCase;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::names::{Namespace, field_ident, type_ident};
use super::types::{TypeBuilder, constraints_of, wrap_nullable};
use super::{Constraints, Presence, Ty, TypeKind};
use crate::diagnostics::{Diagnostic, child};
use crate::load::LoadedSpec;

#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's operationId (or one made from method and path).
    pub id: String,
    /// snake_case method name, unique.
    pub fn_name: String,
    /// PascalCase prefix for the operation's own types, unique.
    pub type_name: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `x-sunset` date, when given.
    pub sunset: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response_>,
    /// Alternatives; each lists (scheme, scopes) that must all hold. Empty: no auth.
    pub security: Vec<Vec<(String, Vec<String>)>>,
    pub pagination: Option<Pagination>,
    pub idempotent: bool,
    /// `x-rate-limit` on the operation; the API-wide one is [`super::Api::rate_limit`].
    pub rate_limit: Option<RateLimit>,
    /// Set when the operation starts a long-running job (202 + status resource).
    pub long_running: Option<LongRunning>,
}

/// A 202 answered with a status resource that another operation polls.
#[derive(Clone, Debug, PartialEq)]
pub struct LongRunning {
    /// `fn_name` of the GET operation returning the same status resource.
    pub poll: String,
    /// JSON name of the state field (`state` or `status`).
    pub state_field: String,
    /// States after which polling stops.
    pub terminal: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    Simple,
    Matrix,
    Label,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    pub style: ParamStyle,
    pub explode: bool,
    pub doc: Option<String>,
    pub constraints: Constraints,
    pub deprecated: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    MergePatch,
    Form,
    Multipart,
    Binary,
    Text,
}

#[derive(Clone, Debug)]
pub struct Content {
    pub media_type: String,
    pub kind: BodyKind,
    pub ty: Ty,
}

#[derive(Clone, Debug)]
pub struct Body {
    pub required: bool,
    pub doc: Option<String>,
    pub contents: Vec<Content>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `2XX` → 2
    Range(u16),
    Default,
}

#[derive(Clone, Debug)]
pub struct Header {
    pub name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

/// One declared response (named with a trailing underscore so it does not
/// clash with `openapiv3::Response`).
#[derive(Clone, Debug)]
pub struct Response_ {
    pub status: Status,
    pub variant: String,
    pub doc: String,
    pub contents: Vec<Content>,
    pub headers: Vec<Header>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub cursor_param: String,
    pub limit_param: Option<String>,
    /// JSON names of the page's fields.
    pub items_field: String,
    pub next_cursor_field: String,
    pub item_ty: Ty,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub capacity: u64,
    pub refill_per_second: f64,
}

#[derive(Clone, Debug)]
pub enum SecuritySchemeKind {
    Bearer,
    Basic,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    OAuth2,
    OpenIdConnect,
    Other(String),
}

#[derive(Clone, Debug)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SecuritySchemeKind,
    pub doc: Option<String>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn build(
    spec: &LoadedSpec,
    types: &mut TypeBuilder<'_>,
) -> (Vec<Operation>, Vec<SecurityScheme>) {
    let api = &spec.api;
    let mut fn_names = Namespace::default();
    let mut type_names = Namespace::default();
    let mut operations = Vec::new();
    for (path, item) in &api.paths.paths {
        let item_pointer = child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => std::borrow::Cow::Borrowed(item),
            ReferenceOr::Reference { reference } => {
                match resolve::<openapiv3::PathItem>(spec, reference) {
                    Some(item) => std::borrow::Cow::Owned(item),
                    None => {
                        types.diagnostics.push(Diagnostic::error(
                            &item_pointer,
                            format!("dangling $ref {reference}"),
                        ));
                        continue;
                    }
                }
            }
        };
        for (method, op) in item.iter() {
            if !METHODS.contains(&method) {
                continue;
            }
            let pointer = child(&item_pointer, method);
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method} {path}"));
            let fn_name = fn_names.claim(&field_ident(&id));
            let type_name = type_names.claim(&type_ident(&id));
            let mut ctx = OpBuilder {
                spec,
                types,
                pointer: &pointer,
                type_name: &type_name,
            };
            let params = ctx.params(&item.parameters, &op.parameters);
            let body = op.request_body.as_ref().and_then(|b| ctx.body(b));
            let responses = ctx.responses(&op.responses);
            let security = op
                .security
                .as_ref()
                .or(api.security.as_ref())
                .map(|reqs| {
                    reqs.iter()
                        .map(|req| req.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .collect()
                })
                .unwrap_or_default();
            let pagination = pagination(op, &params, &responses, types);
            let idempotent = op.extensions.get("x-idempotent") == Some(&Value::Bool(true))
                || params.iter().any(|p| {
                    p.location == ParamLocation::Header
                        && p.name.eq_ignore_ascii_case("idempotency-key")
                });
            operations.push(Operation {
                id,
                fn_name,
                type_name,
                method: method.to_owned(),
                path: path.clone(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
                sunset: op
                    .extensions
                    .get("x-sunset")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                params,
                body,
                responses,
                security,
                pagination,
                idempotent,
                rate_limit: rate_limit(&op.extensions),
                long_running: None,
            });
        }
    }
    let schemes = api
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .filter_map(|(name, scheme)| {
            let scheme = match scheme {
                ReferenceOr::Item(s) => s.clone(),
                ReferenceOr::Reference { reference } => resolve(spec, reference)?,
            };
            Some(security_scheme(name, &scheme))
        })
        .collect();
    link_long_running(&mut operations, types);
    (operations, schemes)
}

/// Resolves a non-schema `$ref` anywhere in the document.
fn resolve<T: DeserializeOwned>(spec: &LoadedSpec, reference: &str) -> Option<T> {
    let mut reference = reference.to_owned();
    for _ in 0..16 {
        let raw = spec.raw.pointer(&crate::diagnostics::decode_fragment(
            reference.strip_prefix('#')?,
        ))?;
        match raw.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next.to_owned(),
            None => return serde_json::from_value(raw.clone()).ok(),
        }
    }
    None
}

fn item_or_ref<T: DeserializeOwned + Clone>(
    spec: &LoadedSpec,
    value: &ReferenceOr<T>,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match value {
        ReferenceOr::Item(item) => Some(item.clone()),
        ReferenceOr::Reference { reference } => {
            let found = resolve(spec, reference);
            if found.is_none() {
                diagnostics.push(Diagnostic::error(
                    pointer,
                    format!("dangling $ref: {reference} does not resolve"),
                ));
            }
            found
        }
    }
}

struct OpBuilder<'a, 's> {
    spec: &'a LoadedSpec,
    types: &'a mut TypeBuilder<'s>,
    pointer: &'a str,
    type_name: &'a str,
}

impl OpBuilder<'_, '_> {
    fn params(
        &mut self,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
    ) -> Vec<Param> {
        let mut resolved: Vec<(Parameter, String)> = Vec::new();
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{}/../parameters/{i}", self.pointer)))
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (p, child(&child(self.pointer, "parameters"), &i.to_string()))),
            );
        for (param, pointer) in all {
            let Some(param) = item_or_ref(self.spec, param, &pointer, &mut self.types.diagnostics)
            else {
                continue;
            };
            // An operation's parameter overrides a path-level one of the same name and place.
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            resolved.retain(|(p, _)| key(p) != key(&param));
            resolved.push((param, pointer));
        }
        let mut names = Namespace::with_reserved(&["body"]);
        resolved
            .into_iter()
            .map(|(param, pointer)| self.param(param, &pointer, &mut names))
            .collect()
    }

    fn param(&mut self, param: Parameter, pointer: &str, names: &mut Namespace) -> Param {
        use openapiv3::{CookieStyle, HeaderStyle, PathStyle, QueryStyle};
        let (location, style, default_explode) = match &param {
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
                matches!(style, QueryStyle::Form),
            ),
            Parameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Matrix => ParamStyle::Matrix,
                    PathStyle::Label => ParamStyle::Label,
                },
                false,
            ),
            Parameter::Header {
                style: HeaderStyle::Simple,
                ..
            } => (ParamLocation::Header, ParamStyle::Simple, false),
            Parameter::Cookie {
                style: CookieStyle::Form,
                ..
            } => (ParamLocation::Cookie, ParamStyle::Form, true),
        };
        let data = param.parameter_data();
        let hint = format!("{}{}", self.type_name, type_ident(&data.name));
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let used = self
                    .types
                    .schema_use(schema, &child(pointer, "schema"), &hint);
                let constraints = match &schema {
                    ReferenceOr::Item(s) => constraints_of(s),
                    ReferenceOr::Reference { .. } => Constraints::default(),
                };
                (wrap_nullable(used), constraints)
            }
            ParameterSchemaOrContent::Content(content) => {
                let ty = content
                    .iter()
                    .next()
                    .and_then(|(media, m)| m.schema.as_ref().map(|s| (media, s)))
                    .map(|(media, s)| {
                        wrap_nullable(self.types.schema_use(
                            s,
                            &child(&child(&child(pointer, "content"), media), "schema"),
                            &hint,
                        ))
                    })
                    .unwrap_or(Ty::String);
                (ty, Constraints::default())
            }
        };
        Param {
            rust_name: names.claim(&field_ident(&data.name)),
            name: data.name,
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style,
            explode: data.explode.unwrap_or(default_explode),
            doc: data.description.filter(|d| !d.trim().is_empty()),
            constraints,
            deprecated: data.deprecated.unwrap_or(false),
        }
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>) -> Option<Body> {
        let pointer = child(self.pointer, "requestBody");
        let body = item_or_ref(self.spec, body, &pointer, &mut self.types.diagnostics)?;
        let hint = format!("{}Body", self.type_name);
        let contents = self.contents(&body.content, &child(&pointer, "content"), &hint);
        Some(Body {
            required: body.required,
            doc: body.description.filter(|d| !d.trim().is_empty()),
            contents,
        })
    }

    fn contents(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Vec<Content> {
        let mut out: Vec<Content> = Vec::new();
        for (media_type, media) in content {
            let kind = body_kind(media_type);
            let schema_pointer = child(&child(pointer, media_type), "schema");
            let ty = match (&media.schema, kind) {
                (_, BodyKind::Binary) => Ty::Binary,
                (Some(schema), _) => {
                    // Several JSON-ish media types with one schema share one type.
                    let used = self.types.schema_use(schema, &schema_pointer, hint);
                    wrap_nullable(used)
                }
                (None, BodyKind::Text) => Ty::String,
                (None, _) => Ty::Json,
            };
            out.push(Content {
                media_type: media_type.clone(),
                kind,
                ty,
            });
        }
        out
    }

    fn responses(&mut self, responses: &openapiv3::Responses) -> Vec<Response_> {
        let base = child(self.pointer, "responses");
        let mut variants = Namespace::default();
        let mut out = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (status, r)
            })
            .chain(responses.default.as_ref().map(|r| (Status::Default, r)));
        for (status, response) in entries {
            let token = match status {
                Status::Code(c) => c.to_string(),
                Status::Range(r) => format!("{r}XX"),
                Status::Default => "default".into(),
            };
            let pointer = child(&base, &token);
            let Some(response) =
                item_or_ref::<Response>(self.spec, response, &pointer, &mut self.types.diagnostics)
            else {
                continue;
            };
            let variant = variants.claim(&status_variant(status));
            // `ListPetsOkBody`: distinct from the server's `ListPetsResponse` enum.
            let hint = format!("{}{variant}Body", self.type_name);
            let contents = self.contents(&response.content, &child(&pointer, "content"), &hint);
            let mut header_names = Namespace::default();
            let headers = response
                .headers
                .iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
                .filter_map(|(name, header)| {
                    let header_pointer = child(&child(&pointer, "headers"), name);
                    let header = item_or_ref(
                        self.spec,
                        header,
                        &header_pointer,
                        &mut self.types.diagnostics,
                    )?;
                    let ty = match &header.format {
                        ParameterSchemaOrContent::Schema(s) => {
                            let hint = format!("{hint}{}", type_ident(name));
                            wrap_nullable(self.types.schema_use(
                                s,
                                &child(&header_pointer, "schema"),
                                &hint,
                            ))
                        }
                        ParameterSchemaOrContent::Content(_) => Ty::String,
                    };
                    Some(Header {
                        name: name.to_ascii_lowercase(),
                        rust_name: header_names.claim(&field_ident(name)),
                        ty,
                        required: header.required,
                        doc: header.description.filter(|d| !d.trim().is_empty()),
                    })
                })
                .collect();
            out.push(Response_ {
                status,
                variant,
                doc: response.description,
                contents,
                headers,
            });
        }
        out
    }
}

pub fn body_kind(media_type: &str) -> BodyKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/merge-patch+json" => BodyKind::MergePatch,
        "application/x-www-form-urlencoded" => BodyKind::Form,
        m if m.starts_with("multipart/") => BodyKind::Multipart,
        m if m == "application/json" || m.ends_with("+json") || m.ends_with("/json") => {
            BodyKind::Json
        }
        m if m.starts_with("text/") => BodyKind::Text,
        _ => BodyKind::Binary,
    }
}

/// `200` → `Ok`, `404` → `NotFound`, `4XX` → `ClientError`, default → `Default`.
fn status_variant(status: Status) -> String {
    match status {
        Status::Code(code) => http_reason(code)
            .map(|r| r.to_upper_camel_case())
            .unwrap_or_else(|| format!("Status{code}")),
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "ClientError".into(),
        Status::Range(5) => "ServerError".into(),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Default".into(),
    }
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "continue",
        101 => "switching protocols",
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non authoritative information",
        204 => "no content",
        205 => "reset content",
        206 => "partial content",
        207 => "multi status",
        300 => "multiple choices",
        301 => "moved permanently",
        302 => "found",
        303 => "see other",
        304 => "not modified",
        307 => "temporary redirect",
        308 => "permanent redirect",
        400 => "bad request",
        401 => "unauthorized",
        402 => "payment required",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        406 => "not acceptable",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length required",
        412 => "precondition failed",
        413 => "payload too large",
        414 => "uri too long",
        415 => "unsupported media type",
        416 => "range not satisfiable",
        417 => "expectation failed",
        418 => "im a teapot",
        422 => "unprocessable entity",
        423 => "locked",
        424 => "failed dependency",
        425 => "too early",
        426 => "upgrade required",
        428 => "precondition required",
        429 => "too many requests",
        431 => "request header fields too large",
        451 => "unavailable for legal reasons",
        500 => "internal server error",
        501 => "not implemented",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        505 => "http version not supported",
        _ => return None,
    })
}

pub fn rate_limit(extensions: &indexmap::IndexMap<String, Value>) -> Option<RateLimit> {
    let limit = extensions.get("x-rate-limit")?;
    let limit = RateLimit {
        capacity: limit.get("capacity")?.as_u64()?,
        refill_per_second: limit.get("refillPerSecond")?.as_f64()?,
    };
    // A bucket that never holds or never refills a token is no limit at all.
    (limit.capacity > 0 && limit.refill_per_second.is_finite() && limit.refill_per_second > 0.0)
        .then_some(limit)
}

/// Cursor pagination, from `x-pagination` or by convention: a `cursor`-like
/// query parameter and a JSON page with an items array and a next-cursor field.
fn pagination(
    op: &openapiv3::Operation,
    params: &[Param],
    responses: &[Response_],
    types: &TypeBuilder<'_>,
) -> Option<Pagination> {
    let explicit = op.extensions.get("x-pagination");
    let get = |key: &str| {
        explicit
            .and_then(|x| x.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let query = |names: &[&str]| {
        params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Query
                    && names.iter().any(|n| p.name.eq_ignore_ascii_case(n))
            })
            .map(|p| p.name.clone())
    };
    let cursor_param = get("cursorParam").or_else(|| {
        query(&[
            "cursor",
            "page_token",
            "pageToken",
            "after",
            "starting_after",
        ])
    })?;
    let limit_param = get("limitParam")
        .or_else(|| query(&["limit", "page_size", "pageSize", "per_page", "max_results"]));
    let page = responses
        .iter()
        .find(|r| matches!(r.status, Status::Code(200)))?;
    let Ty::Named(id) = page.contents.iter().find(|c| c.kind == BodyKind::Json)?.ty else {
        return None;
    };
    let TypeKind::Struct(page) = types.type_kind(id) else {
        return None;
    };
    let field = |explicit: Option<String>, names: &[&str]| {
        page.fields.iter().find(|f| match &explicit {
            Some(name) => &f.json_name == name,
            None => names.contains(&f.json_name.as_str()),
        })
    };
    let items = field(get("itemsField"), &["items", "data", "results", "entries"])?;
    let next = field(
        get("nextCursorField"),
        &[
            "nextCursor",
            "next_cursor",
            "nextPageToken",
            "next_page_token",
            "next_page",
        ],
    )?;
    let Ty::Vec(item_ty) = &items.ty else {
        return None;
    };
    if !matches!(
        next.presence,
        Presence::Optional | Presence::RequiredNullable | Presence::OptionalNullable
    ) && !matches!(next.ty, Ty::String)
    {
        return None;
    }
    Some(Pagination {
        cursor_param,
        limit_param,
        items_field: items.json_name.clone(),
        next_cursor_field: next.json_name.clone(),
        item_ty: (**item_ty).clone(),
    })
}

fn security_scheme(name: &str, scheme: &openapiv3::SecurityScheme) -> SecurityScheme {
    use openapiv3::{APIKeyLocation, SecurityScheme as S};
    let (kind, doc) = match scheme {
        S::HTTP {
            scheme,
            description,
            ..
        } => (
            match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SecuritySchemeKind::Bearer,
                "basic" => SecuritySchemeKind::Basic,
                other => SecuritySchemeKind::Other(other.to_owned()),
            },
            description,
        ),
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SecuritySchemeKind::ApiKey {
                location: match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            description,
        ),
        S::OAuth2 { description, .. } => (SecuritySchemeKind::OAuth2, description),
        S::OpenIDConnect { description, .. } => (SecuritySchemeKind::OpenIdConnect, description),
    };
    SecurityScheme {
        name: name.to_owned(),
        kind,
        doc: doc.clone(),
    }
}

/// Finds operations answering 202 with a status resource (a struct whose
/// `state` or `status` enum has terminal states such as `succeeded` and
/// `failed`) that a path-parameterised GET returns too, so clients can poll.
fn link_long_running(operations: &mut [Operation], types: &TypeBuilder<'_>) {
    const TERMINAL: [&str; 6] = [
        "succeeded",
        "failed",
        "canceled",
        "cancelled",
        "completed",
        "error",
    ];
    let json_body = |response: &Response_| match response
        .contents
        .iter()
        .find(|c| c.kind == BodyKind::Json)?
        .ty
    {
        Ty::Named(id) => Some(id),
        _ => None,
    };
    let found: Vec<(usize, LongRunning)> = operations
        .iter()
        .enumerate()
        .filter_map(|(index, op)| {
            let accepted = op
                .responses
                .iter()
                .find(|r| r.status == Status::Code(202))?;
            let status_type = json_body(accepted)?;
            let TypeKind::Struct(status) = types.type_kind(status_type) else {
                return None;
            };
            let (state_field, terminal) = status.fields.iter().find_map(|f| {
                if !matches!(f.json_name.as_str(), "state" | "status") {
                    return None;
                }
                let Ty::Named(id) = f.ty else {
                    return None;
                };
                let TypeKind::Enum(states) = types.type_kind(id) else {
                    return None;
                };
                let terminal: Vec<String> = states
                    .variants
                    .iter()
                    .map(|(_, v)| v.clone())
                    .filter(|v| TERMINAL.contains(&v.as_str()))
                    .collect();
                (!terminal.is_empty()).then(|| (f.json_name.clone(), terminal))
            })?;
            let poll = operations.iter().find(|other| {
                other.method == "get"
                    && other
                        .params
                        .iter()
                        .any(|p| p.location == ParamLocation::Path)
                    && other
                        .responses
                        .iter()
                        .any(|r| r.status == Status::Code(200) && json_body(r) == Some(status_type))
            })?;
            Some((
                index,
                LongRunning {
                    poll: poll.fn_name.clone(),
                    state_field,
                    terminal,
                },
            ))
        })
        .collect();
    for (index, long_running) in found {
        operations[index].long_running = Some(long_running);
    }
}
