//! Paths and operations → [`Operation`]s: typed parameters, bodies and
//! responses, plus what the spec declares about security, pagination,
//! idempotency, rate limits and deprecation.

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::events::{Events, Streaming};
use super::http::{BodyKind, Method, Status, is_yaml};
use super::long_running::LongRunning;
use super::multipart::{Form, PartKind, UnionForm};
use super::names::{Namespace, OperationNames, field_ident, type_ident, type_word};
use super::pagination::Pagination;
use super::path::{PathTemplate, TemplateIssue};
use super::security::{self, Alternative, SecurityScheme};
use super::types::{TypeBuilder, wrap_nullable};
use super::{Constraints, Ty, TypeDef, TypeId, TypeKind, bare};
use crate::diagnostics::{Diagnostic, child, unescape_token};
use crate::load::LoadedSpec;

/// One operation the API serves (a method on a path), or a webhook or callback request it
/// sends, with everything the server and client emitters need to know of it.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's operationId (or one made from method and path).
    pub id: String,
    /// Where the operation is declared.
    pub pointer: String,
    /// snake_case method name, unique among operations, shared by the server
    /// trait and the client.
    pub fn_name: String,
    /// PascalCase prefix for the operation's own types, unique.
    pub type_name: String,
    /// The HTTP method it is declared under.
    pub method: Method,
    /// The path key it is declared under, parsed; `/` for a webhook or callback.
    pub path: PathTemplate,
    /// The operation's `summary`, untrimmed; `None` when the document gives none.
    pub summary: Option<String>,
    /// The operation's `description`, untrimmed; `None` when the document gives none.
    pub description: Option<String>,
    /// `deprecated: true` on the operation; [`sunset`](Self::sunset) and
    /// [`replacement`](Self::replacement) say more.
    pub deprecated: bool,
    /// `x-sunset` date, when given.
    pub sunset: Option<String>,
    /// What replaces the operation when it is deprecated.
    pub replacement: Option<String>,
    /// Every parameter, with a Rust name unique among the operation's inputs.
    pub params: Vec<Param>,
    /// Header parameters named `Accept`, `Content-Type` or `Authorization`.
    /// OpenAPI says the protocol sets these, so they are no input; what the
    /// document still says of them is kept: the client sends the value it
    /// pins, the server requires the ones it marks required.
    pub protocol_headers: Vec<ProtocolHeader>,
    /// The request body; `None` when none is declared, its `$ref` dangles or it
    /// declares no content.
    pub body: Option<Body>,
    /// The declared responses, in document order with `default` last; one whose `$ref`
    /// dangles is left out.
    pub responses: Vec<Response>,
    /// Alternatives, any one of which admits a request. Empty: no auth.
    pub security: Vec<Alternative>,
    /// How to page through the results, when the operation is paginated.
    pub pagination: Option<Pagination>,
    /// Runs behind the idempotency guard: declares an `Idempotency-Key`
    /// header or `x-idempotent: true`.
    pub idempotent: bool,
    /// `x-rate-limit` on the operation; the API-wide one is [`super::Api::rate_limit`].
    pub rate_limit: Option<RateLimit>,
    /// Set when the operation starts a long-running job (202 + status resource).
    pub long_running: Option<LongRunning>,
    /// Set when a success answers a stream of server-sent events.
    pub streaming: Option<Streaming>,
}

impl Operation {
    /// The media types the request body may be sent as, in document order.
    pub fn request_media_types(&self) -> impl Iterator<Item = &str> {
        self.body
            .iter()
            .flat_map(|b| &b.contents)
            .map(|c| c.media_type.as_str())
    }

    /// The one JSON type the error responses of the operation carry (those
    /// with a body), if they agree; clients decode error bodies as it.
    pub fn error_body(&self) -> Option<&Ty> {
        let has_success = self.responses.iter().any(|r| r.status.is_success());
        let mut bodies = self
            .responses
            .iter()
            .filter(|r| !r.status.is_success() && (has_success || r.status != Status::Default))
            .filter_map(Response::json_body);
        let first = bodies.next()?;
        bodies.all(|ty| ty == first).then_some(first)
    }

    /// Calls `f` on every type the operation names: its parameters',
    /// bodies', headers', forms', pages' items', events' and job status's.
    pub(crate) fn visit_named_mut(&mut self, f: &mut dyn FnMut(&mut TypeId)) {
        for param in &mut self.params {
            param.ty.visit_named_mut(f);
        }
        for response in &mut self.responses {
            for header in &mut response.headers {
                header.ty.visit_named_mut(f);
            }
            for content in &mut response.contents {
                content.visit_named_mut(f);
            }
        }
        for content in self.body.iter_mut().flat_map(|body| &mut body.contents) {
            content.visit_named_mut(f);
        }
        if let Some(pagination) = &mut self.pagination {
            pagination.item_ty.visit_named_mut(f);
        }
        if let Some(long_running) = &mut self.long_running {
            f(&mut long_running.status);
            f(&mut long_running.state_type);
        }
        if let Some(streaming) = &mut self.streaming {
            streaming.events.data.visit_named_mut(f);
        }
    }

    /// Whether the operation documents a redirect (`302`, `3XX`; not `300`
    /// or `304`, which point nowhere): its answer is then the redirect
    /// itself, and a client must not follow it.
    pub fn documents_redirect(&self) -> bool {
        self.responses.iter().any(|r| match r.status {
            Status::Code(code) => matches!(code, 301 | 302 | 303 | 307 | 308),
            Status::Range(range) => range == 3,
            Status::Default => false,
        })
    }

    /// The parameter carrying the `Idempotency-Key`, when declared.
    pub fn idempotency_param(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.is_idempotency_key())
    }
}

/// Where a parameter travels in a request: OpenAPI's `in`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the URL path, filling a `{name}` of the template; always required.
    Path,
    /// In the URL's query string.
    Query,
    /// A request header.
    Header,
    /// A pair in the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    /// `path parameter`, `header`…: how docs name a parameter of this place.
    pub fn noun(self) -> &'static str {
        match self {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// A parameter's OpenAPI `style`: how a scalar, list or object value is written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `name=value`, lists `a,b` (or the name repeated when exploded); query and cookie.
    Form,
    /// `a,b`: path and header.
    Simple,
    /// `;name=a,b` in a path.
    Matrix,
    /// `.a.b` in a path.
    Label,
    /// `a b` (percent-encoded) in a query.
    SpaceDelimited,
    /// `a|b` in a query.
    PipeDelimited,
    /// `name[key]=value`, an object in a query.
    DeepObject,
}

/// How a parameter's value is written in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamEncoding {
    /// `style` and `explode` (the location's defaults when not given).
    Style {
        /// The parameter's `style`.
        style: ParamStyle,
        /// Whether a list or object is spread over several pairs (`id=1&id=2`) rather
        /// than joined into one (`id=1,2`); defaults to `true` for `form` only.
        explode: bool,
    },
    /// `content` instead of `schema`: the value is the text of that media
    /// type (JSON), percent-encoded where the place needs it. `text/*`
    /// content of a scalar is read as [`Style`](Self::Style) instead: its
    /// text is the scalar's, as a plain parameter's is.
    Content {
        /// The media type `content` declares (the first, when it declares several).
        media_type: String,
    },
}

impl ParamEncoding {
    /// The location's default: `form` exploded for query and cookie,
    /// `simple` for path and header.
    pub fn default_for(location: ParamLocation) -> Self {
        match location {
            ParamLocation::Query | ParamLocation::Cookie => ParamEncoding::Style {
                style: ParamStyle::Form,
                explode: true,
            },
            ParamLocation::Path | ParamLocation::Header => ParamEncoding::Style {
                style: ParamStyle::Simple,
                explode: false,
            },
        }
    }
}

/// A parameter of an operation, `$ref` resolved; one the operation declares replaces a
/// path-level one of the same name and location.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    /// The Rust name, unique among the operation's inputs.
    pub rust_name: String,
    /// Where it travels in the request.
    pub location: ParamLocation,
    /// Whether a request must carry it; always `true` for a path parameter.
    pub required: bool,
    /// The value's Rust type: `Option` only when the schema is nullable, not for an
    /// optional parameter (emitters wrap those); `content` without a schema is JSON.
    pub ty: Ty,
    /// How the value is written as text in its location.
    pub encoding: ParamEncoding,
    /// The parameter's description, else its schema's.
    pub doc: Option<String>,
    /// The validation keywords of its schema, checked by the generated server.
    pub constraints: Constraints,
    /// What each item of an array (or value of a map) must meet, where the
    /// item's schema is inline: a named item type checks its own.
    pub item_constraints: Constraints,
    /// `deprecated: true` on the parameter; the client's docs for it say so.
    pub deprecated: bool,
    /// The name under `components/parameters` when the operation refers to
    /// a shared parameter (its descriptor is emitted once).
    pub component: Option<String>,
    /// A query parameter's `allowEmptyValue`: `?flag=` is allowed, and read
    /// as the empty string, or as absent for a type without an empty value.
    pub allow_empty: bool,
}

impl Param {
    /// The `Idempotency-Key` request header.
    pub fn is_idempotency_key(&self) -> bool {
        self.location == ParamLocation::Header && self.name.eq_ignore_ascii_case("idempotency-key")
    }

    /// Whether the value is written `form` exploded (each item or member
    /// a pair of its own).
    fn is_form_exploded(&self) -> bool {
        self.encoding
            == (ParamEncoding::Style {
                style: ParamStyle::Form,
                explode: true,
            })
    }

    /// Whether the value is written in its location's default way.
    pub fn has_default_encoding(&self) -> bool {
        self.encoding == ParamEncoding::default_for(self.location)
    }

    /// A required value that an empty value is sent as leaving out, so
    /// that a request leaving it out sends that empty value: an object sent
    /// member by member (`form` exploded, or `deepObject`) whose members may
    /// all be left out is `{}` (Spring's `Pageable` is the common case), as
    /// is a query map sent member by member that may be empty, and a query
    /// list sent item by item (`form` exploded) that may be empty is `[]`.
    pub fn absent_is_empty(&self, types: &[TypeDef]) -> bool {
        if !self.required {
            return false;
        }
        let in_query = self.is_form_exploded() && self.location == ParamLocation::Query;
        match bare(&self.ty).resolved(types) {
            Ty::Vec(_) => in_query && self.constraints.min_items.unwrap_or(0) == 0,
            Ty::Map(_) => in_query && self.constraints.min_properties.unwrap_or(0) == 0,
            Ty::Named(id) if self.is_sent_member_by_member() => {
                matches!(&types[*id].kind, TypeKind::Struct(record) if record.may_be_empty())
            }
            _ => false,
        }
    }

    /// The required list members that may be empty, by JSON name, of an
    /// object sent member by member (`form` exploded, or `deepObject`): an
    /// empty list is sent as no pair at all, so one left out is `[]`.
    pub fn lists_empty_when_absent<'a>(&self, types: &'a [TypeDef]) -> Vec<&'a str> {
        let Ty::Named(id) = bare(&self.ty).resolved(types) else {
            return Vec::new();
        };
        let TypeKind::Struct(record) = &types[*id].kind else {
            return Vec::new();
        };
        if !self.is_sent_member_by_member() {
            return Vec::new();
        }
        (record.fields.iter())
            .filter(|field| field.presence.is_required() || field.required_in_requests)
            .filter(|field| matches!(field.ty.resolved(types), Ty::Vec(_)))
            .filter(|field| field.constraints.min_items.unwrap_or(0) == 0)
            .map(|field| field.json_name.as_str())
            .collect()
    }

    /// Whether an object is written as its members' own pairs: `form`
    /// exploded, or `deepObject`.
    fn is_sent_member_by_member(&self) -> bool {
        self.is_form_exploded()
            || matches!(
                self.encoding,
                ParamEncoding::Style {
                    style: ParamStyle::DeepObject,
                    ..
                }
            )
    }
}

impl Operation {
    /// For a map sent `form` exploded in the query (each member a pair of
    /// its own, under the member's name), the names of the operation's
    /// other query parameters: every pair but theirs is a member. `None`
    /// for any other parameter.
    pub fn query_names_beside<'a>(
        &'a self,
        param: &Param,
        types: &[TypeDef],
    ) -> Option<Vec<&'a str>> {
        let exploded_map = param.location == ParamLocation::Query
            && param.is_form_exploded()
            && matches!(bare(&param.ty).resolved(types), Ty::Map(_));
        exploded_map.then(|| {
            (self.params.iter())
                .filter(|p| p.location == ParamLocation::Query && p.name != param.name)
                .map(|p| p.name.as_str())
                .collect()
        })
    }
}

/// A header parameter the protocol sets (see [`Operation::protocol_headers`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolHeader {
    /// The name as the document writes it.
    pub name: String,
    /// `required: true` in the document: the server rejects a request without it.
    pub required: bool,
    /// The one value its schema allows or defaults to (`Accept` and
    /// `Content-Type` only: credentials come from the security schemes).
    pub value: Option<String>,
    /// The values its schema's `enum` allows (none: any).
    pub allowed: Vec<String>,
}

impl ProtocolHeader {
    /// Whether this is the header `name` (case-insensitively).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// One media type of a request or response body (an entry of its `content`): how the
/// body is read, and the type it decodes into.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type (or range, such as `*/*`) as the document keys it, parameters included.
    pub media_type: String,
    /// How the body is read and written: [`BodyKind::of`] the media type, but
    /// [`BodyKind::Json`] for a range whose schema is structured data.
    pub kind: BodyKind,
    /// The body's type; for an event stream, the type of each event's data.
    pub ty: Ty,
    /// The schema's own constraints (a top-level array's `maxItems`, a
    /// scalar's bounds), which no type's `Validate` holds.
    pub constraints: Constraints,
    /// The constraints on each item of an array body, or value of a map body.
    pub item_constraints: Constraints,
    /// What each event carries, for an event stream (`text/event-stream`).
    pub events: Option<Events>,
    /// The parts of a form body (`multipart/*`, or URL-encoded with text
    /// parts only) whose schema is an object; also of structured data
    /// under a media range that covers the form media types, which may be
    /// sent as a form of text parts.
    pub form: Option<Form>,
    /// A form body (`multipart/*` or URL-encoded) whose schema is a union
    /// of objects: the members its text is typed by.
    pub union_form: Option<UnionForm>,
}

impl Content {
    /// A multipart form whose schema is a union of objects with no file
    /// member: it is read whole, each part's text typed by the members the
    /// variants declare, into the union. `None` for any other content (a
    /// multipart form with no object or such union to read it by is the
    /// stream, unread).
    pub fn multipart_text_union(&self) -> Option<&UnionForm> {
        if self.kind != BodyKind::Multipart || self.form.is_some() {
            return None;
        }
        let is_file = |ty: &Ty| match bare(ty) {
            Ty::Binary => true,
            Ty::Vec(item) => matches!(bare(item), Ty::Binary),
            _ => false,
        };
        (self.union_form.as_ref()).filter(|form| !form.members.iter().any(|m| is_file(&m.ty)))
    }

    /// Calls `f` on every type the content names: its own, its events'
    /// data, its form's model and parts, its union form's members.
    fn visit_named_mut(&mut self, f: &mut dyn FnMut(&mut TypeId)) {
        self.ty.visit_named_mut(f);
        if let Some(events) = &mut self.events {
            events.data.visit_named_mut(f);
        }
        if let Some(form) = &mut self.form {
            f(&mut form.ty);
            for part in &mut form.parts {
                part.ty.visit_named_mut(f);
            }
        }
        for member in self
            .union_form
            .iter_mut()
            .flat_map(|form| &mut form.members)
        {
            member.ty.visit_named_mut(f);
        }
    }
}

/// An operation's request body: every content it may be sent as, and the one it is
/// typed as.
#[derive(Clone, Debug)]
pub struct Body {
    /// `required: true`: a request must carry a body (else the client's body is optional).
    pub required: bool,
    /// The body's `description`; `None` when absent or blank.
    pub doc: Option<String>,
    /// Every declared content, in document order; never empty.
    pub contents: Vec<Content>,
    /// Index of the content the body is typed as: the server decodes every
    /// declared content into its type, the client sends it.
    pub chosen: usize,
}

impl Body {
    /// The content the body is typed as.
    pub fn chosen(&self) -> &Content {
        &self.contents[self.chosen]
    }

    /// Whether the body may arrive as XML read into the typed content's
    /// model: a declared XML content of the same data, or structured data
    /// under a media range that covers XML (`*/*`, `application/*`,
    /// `text/*`), which may be sent in any of the forms it covers.
    pub fn reads_xml(&self) -> bool {
        self.separate_xml().is_none()
            && self.contents.iter().any(|c| {
                c.kind == BodyKind::Xml
                    || (c.kind == BodyKind::Json && range_covers_xml(&c.media_type))
            })
    }

    /// The content an XML body is read by: a separate XML content, else
    /// the typed one when it [reads XML](Self::reads_xml).
    pub fn xml_content(&self) -> Option<&Content> {
        self.separate_xml()
            .or_else(|| self.reads_xml().then(|| self.chosen()))
    }

    fn separate_xml(&self) -> Option<&Content> {
        self.separate()
            .find(|content| content.kind == BodyKind::Xml)
    }

    /// The contents the server reads into types of their own beside the
    /// typed one, in document order (see [`Body::alternatives`]).
    pub fn separate(&self) -> impl Iterator<Item = &Content> {
        self.alternatives()
            .into_iter()
            .map(|alternative| alternative.content)
    }

    /// The contents the server reads into types of their own beside the
    /// typed one, in document order: a request carries one of them, by the
    /// media type it sends, and the handler gets a variant for each. A
    /// content is separate when its schema is not the typed content's, its
    /// media type is no range, and no content before it is read the same
    /// way: one per [reading](BodyKind::reading), except that JSON media
    /// types of different data (`json-patch+json` and `merge-patch+json`)
    /// are each read into their own. A multipart form with parts always is
    /// separate, and so are bytes, which are streamed in any case. A
    /// streamed body (multipart, bytes) keeps its other contents read into
    /// its type: there is no buffered text to read them from.
    pub fn alternatives(&self) -> Vec<BodyAlternative<'_>> {
        let chosen = self.chosen();
        let mut alternatives: Vec<BodyAlternative<'_>> = Vec::new();
        let mut variants = vec![chosen.kind.reading().to_owned()];
        for (i, content) in self.contents.iter().enumerate() {
            if i == self.chosen || content.media_type.contains('*') {
                continue;
            }
            let typed_apart = match content.kind {
                BodyKind::Multipart => content.form.is_some(),
                BodyKind::EventStream => false,
                // Bytes, unless YAML: the server reads that as the JSON it denotes.
                BodyKind::Binary if is_yaml(&content.media_type) => false,
                // Streamed as they come, so beside a streamed body too.
                BodyKind::Binary => content.ty != chosen.ty,
                _ => !self.is_streamed() && content.ty != chosen.ty,
            };
            if !typed_apart {
                continue;
            }
            let reading = content.kind.reading();
            // The same data read the same way as an earlier alternative.
            if let Some(earlier) = alternatives
                .iter_mut()
                .find(|a| a.content.ty == content.ty && a.content.kind.reading() == reading)
            {
                earlier.media_types.push(&content.media_type);
                continue;
            }
            let variant = if !variants.iter().any(|v| v == reading) {
                reading.to_owned()
            } else if reading == "Json" {
                media_type_variant(&content.media_type, &variants)
            } else {
                continue;
            };
            variants.push(variant.clone());
            alternatives.push(BodyAlternative {
                content,
                variant,
                media_types: vec![&content.media_type],
            });
        }
        alternatives
    }

    /// Whether the body is streamed rather than buffered.
    pub fn is_streamed(&self) -> bool {
        matches!(self.chosen().kind, BodyKind::Multipart | BodyKind::Binary)
    }

    /// A multipart form the server also reads, into its own parts, when
    /// the body is typed as another content (JSON beside `multipart/form-data`
    /// with files): the request then carries one or the other, by the
    /// media type sent.
    pub fn multipart_alternative(&self) -> Option<&Content> {
        self.separate()
            .find(|content| content.kind == BodyKind::Multipart)
    }

    /// Whether a multipart body is read whole into the typed content's
    /// model, as a URL-encoded form: a declared multipart form the spec
    /// names no parts of (a map or a union), else structured data under
    /// `*/*`, which a client may send as a multipart form.
    pub fn reads_multipart_whole(&self) -> bool {
        self.multipart_read_whole().is_some()
    }

    /// The content a multipart body read whole is typed by, beside a typed
    /// content: a declared multipart form the spec names no parts of (a map
    /// or a union), else structured data under `*/*`, which a client may
    /// send as a multipart form.
    fn multipart_read_whole(&self) -> Option<&Content> {
        if self.chosen().kind == BodyKind::Multipart {
            return None;
        }
        self.contents
            .iter()
            .find(|content| content.kind == BodyKind::Multipart && content.form.is_none())
            .or_else(|| self.range_covering("multipart/form-data"))
    }

    /// The form a multipart body read whole is typed by, when its schema is
    /// a union of objects.
    pub fn multipart_union(&self) -> Option<&UnionForm> {
        self.multipart_read_whole()?.union_form.as_ref()
    }

    /// The parts a multipart body read whole is read by, when its schema is
    /// an object under a media range.
    pub fn multipart_range_form(&self) -> Option<&Form> {
        self.multipart_read_whole()
            .filter(|content| content.kind == BodyKind::Json)?
            .form
            .as_ref()
    }

    /// The form a URL-encoded body is typed by, when its schema is a union
    /// of objects (an object's own parts are its
    /// [`urlencoded_form`](Self::urlencoded_form)).
    pub fn urlencoded_union(&self) -> Option<&UnionForm> {
        self.urlencoded_content()?.union_form.as_ref()
    }

    /// The parts of the URL-encoded form the body may be sent as: the
    /// server reads its pairs by them (a repeated name is a list, `null`
    /// is null where the member is not text).
    pub fn urlencoded_form(&self) -> Option<&Form> {
        self.urlencoded_content()?.form.as_ref()
    }

    /// The content a URL-encoded body is read by: the declared one, else
    /// structured data under a media range that covers it.
    fn urlencoded_content(&self) -> Option<&Content> {
        if self
            .separate()
            .any(|content| content.kind == BodyKind::Form)
        {
            return None;
        }
        self.contents
            .iter()
            .find(|content| content.kind == BodyKind::Form)
            .or_else(|| self.range_covering("application/x-www-form-urlencoded"))
    }

    /// Structured data under a media range that covers `media` (`*/*` or
    /// `application/*` for `application/x-www-form-urlencoded`).
    fn range_covering(&self, media: &str) -> Option<&Content> {
        self.contents.iter().find(|content| {
            content.kind == BodyKind::Json && range_covers(&content.media_type, media)
        })
    }
}

/// A content of a request body that the server reads into a type of its
/// own ([`Body::alternatives`]).
#[derive(Clone, Debug)]
pub struct BodyAlternative<'b> {
    /// The content.
    pub content: &'b Content,
    /// The variant of the operation's body enum that holds it: its
    /// [reading](BodyKind::reading), or for a second JSON media type a
    /// name of its own (`MergePatch` for `application/merge-patch+json`).
    pub variant: String,
    /// The media types read into it: its own, then those of the declared
    /// contents of the same data read the same way.
    pub media_types: Vec<&'b str>,
}

/// The variant naming a JSON media type beside another: its subtype
/// without the `vnd.` tree and the `+json` suffix (`merge-patch+json` is
/// `MergePatch`), else that with its parameters (`JsonSimple` for
/// `application/json;simple`), else the whole media type, numbered if
/// still taken.
fn media_type_variant(media_type: &str, taken: &[String]) -> String {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    let subtype = essence.rsplit('/').next().unwrap_or(essence);
    let subtype = subtype.strip_suffix("+json").unwrap_or(subtype);
    let subtype = subtype.strip_prefix("vnd.").unwrap_or(subtype);
    // What tells `application/json;simple` from `application/json`.
    let parameters: Vec<&str> = (media_type.split(';').skip(1))
        .map(str::trim)
        .filter(|parameter| !parameter.to_ascii_lowercase().starts_with("charset"))
        .collect();
    let with_parameters = format!("{subtype} {}", parameters.join(" "));
    let mut candidates = [subtype, &with_parameters, essence]
        .into_iter()
        .map(super::names::type_ident)
        .chain((2..).map(|n| format!("Json{n}")));
    candidates
        .find(|name| !taken.contains(name))
        .unwrap_or_default()
}

/// A header a response declares (`Content-Type` aside: the content gives it).
#[derive(Clone, Debug)]
pub struct Header {
    /// The wire name, lowercased (`x-rate-limit-remaining`).
    pub name: String,
    /// The Rust field name, escaped and unique among the response's headers (never
    /// `body` or `status`, the fields beside them).
    pub rust_name: String,
    /// The value's Rust type, `Option` when the schema is nullable; a `String` when
    /// typed by `content` rather than `schema`.
    pub ty: Ty,
    /// Whether the response always carries it; clients read an optional one as `Option`.
    pub required: bool,
    /// The header's description, else its schema's.
    pub doc: Option<String>,
}

impl Header {
    /// Whether this is an `etag` whose value is text: the server computes it
    /// over the body it sends when the handler leaves it out, so handlers
    /// need not serialize the representation a second time.
    pub fn is_etag(&self) -> bool {
        self.name == "etag" && self.ty == Ty::String
    }
}

/// One declared response.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status code, range or `default` it is declared under.
    pub status: Status,
    /// The enum variant naming it, unique in the operation.
    pub variant: String,
    /// The response's `description`, as written (OpenAPI requires one; it may be empty).
    pub doc: String,
    /// Every declared content, in document order; empty when the response has no
    /// body, as always for 204, 205 and 304 and for any response to `HEAD`.
    pub contents: Vec<Content>,
    /// Index of the content the response is typed as, if it has a body.
    pub chosen: Option<usize>,
    /// The headers it declares, in document order.
    pub headers: Vec<Header>,
}

impl Response {
    /// The content the response is typed as.
    pub fn chosen(&self) -> Option<&Content> {
        self.chosen.map(|i| &self.contents[i])
    }

    /// The type of a JSON (or merge-patch) body.
    pub fn json_body(&self) -> Option<&Ty> {
        self.chosen()
            .filter(|c| matches!(c.kind, BodyKind::Json | BodyKind::MergePatch))
            .map(|c| &c.ty)
    }
}

/// A token-bucket limit from `x-rate-limit` (`capacity`, `refillPerSecond`), kept
/// only when it limits anything: a capacity above 0, a positive and finite rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// The bucket's size: the largest burst of requests (emitted capped at `u32::MAX`).
    pub capacity: u64,
    /// Tokens added back per second: the sustained request rate.
    pub refill_per_second: f64,
}

/// The string values a schema's `enum` allows.
fn allowed_text(schema: &openapiv3::Schema) -> Vec<String> {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        _ => Vec::new(),
    }
}

/// The one value a header's schema allows or defaults to.
fn pinned_value(schema: &openapiv3::Schema) -> Option<String> {
    match allowed_text(schema).as_slice() {
        [only] => Some(only.clone()),
        _ => schema
            .schema_data
            .default
            .as_ref()?
            .as_str()
            .map(str::to_owned),
    }
}

/// Header parameters OpenAPI ignores: the protocol sets them.
const PROTOCOL_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Client and server method names an operation must not take: the
/// client's own methods, and the server module's items (`router`, and the
/// `SCHEMES` and `OPENAPI_JSON` its operations' descriptors are named like).
const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "clone",
    "fmt",
    "from",
    "into",
    "default",
    "router",
    "schemes",
    "openapi_json",
];

/// Names a parameter must not take: the body field, and the request
/// builder's own methods and fields (the last ones would read as
/// operator-trait methods to clippy).
const RESERVED_INPUTS: &[&str] = &[
    "body",
    "client",
    "send",
    "send_and_wait",
    "send_stream",
    "events_request",
    "into_stream",
    "header",
    "headers",
    "page_url",
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

/// Names each multipart part's client input, in the namespace the
/// parameters' inputs took theirs from (with no `body` input beside the
/// parts, a part may be called that).
fn name_part_inputs(body: &mut Body, params: &[Param]) {
    for content in &mut body.contents {
        let Some(form) = &mut content.form else {
            continue;
        };
        let reserved: Vec<&str> = (RESERVED_INPUTS.iter().copied())
            .filter(|name| *name != "body")
            .chain(params.iter().map(|param| param.rust_name.as_str()))
            .collect();
        let mut names = Namespace::with_reserved(&reserved);
        for part in &mut form.parts {
            part.input_name = names.claim_or(&part.rust_name, "part");
        }
    }
}

pub(super) fn build(
    spec: &LoadedSpec,
    types: &mut TypeBuilder<'_>,
    schemes: &[SecurityScheme],
) -> Vec<Operation> {
    let api = &spec.api;
    let mut items = Vec::new();
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
        let (template, issues) = PathTemplate::parse(path);
        for TemplateIssue::UnbalancedBrace(segment) in issues {
            types.diagnostics.push(Diagnostic::warning(
                &item_pointer,
                format!("path segment `{segment}` has an unbalanced brace; it is matched as literal text"),
            ));
        }
        items.push((item_pointer, item, template));
    }
    let declared_ops = || {
        items.iter().flat_map(|(item_pointer, item, template)| {
            item.iter().filter_map(move |(key, op)| {
                let method = Method::from_key(key)?;
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{key} {}", template.raw));
                Some((item_pointer, item, template, key, op, method, id))
            })
        })
    };
    let ids = declared_ops().map(|(_, _, template, _, _, method, id)| (id, method, template));
    let mut fn_names = OperationNames::new(ids, RESERVED_METHODS);
    let mut type_names = Namespace::default();
    let mut operations = Vec::new();
    for (item_pointer, item, template, key, op, method, id) in declared_ops() {
        let fn_name = fn_names.claim(&id, method, template);
        let type_name = type_names.claim(&type_ident(fn_name.trim_start_matches("r#")));
        let declared = Declared {
            item,
            op,
            method,
            template,
            pointer: child(item_pointer, key),
            id,
            fn_name,
            type_name,
            secured: true,
        };
        operations.push(operation(spec, types, schemes, declared));
    }
    operations
}

/// One operation as the document declares it, with the names it takes.
pub(super) struct Declared<'a> {
    pub item: &'a openapiv3::PathItem,
    pub op: &'a openapiv3::Operation,
    pub method: Method,
    pub template: &'a PathTemplate,
    pub pointer: String,
    pub id: String,
    pub fn_name: String,
    pub type_name: String,
    /// Whether the document's security requirements apply (not to the
    /// webhooks the API sends).
    pub secured: bool,
}

/// Builds one operation: its parameters, body, responses and what the
/// spec declares about it.
pub(super) fn operation(
    spec: &LoadedSpec,
    types: &mut TypeBuilder<'_>,
    schemes: &[SecurityScheme],
    declared: Declared<'_>,
) -> Operation {
    let Declared {
        item,
        op,
        method,
        template,
        pointer,
        id,
        fn_name,
        type_name,
        secured,
    } = declared;
    let api = &spec.api;
    let mut ctx = OpBuilder {
        spec,
        types,
        pointer: &pointer,
        type_name: &type_name,
    };
    let (params, protocol_headers) = ctx.params(&item.parameters, &op.parameters, template);
    let mut body = op.request_body.as_ref().and_then(|b| ctx.body(b));
    if let Some(body) = &mut body {
        name_part_inputs(body, &params);
    }
    let responses = ctx.responses(&op.responses, method == Method::Head);
    let declared_security = op
        .security
        .as_ref()
        .or(api.security.as_ref())
        .filter(|_| secured);
    let security = match declared_security {
        Some(reqs) => {
            let at = if op.security.is_some() {
                child(&pointer, "security")
            } else {
                "#/security".to_owned()
            };
            security::requirements(reqs, schemes, &at, &mut types.diagnostics)
        }
        None => match protocol_headers.iter().find(|h| h.is("authorization")) {
            Some(header) if secured => security::by_authorization_header(schemes, header.required),
            _ => Vec::new(),
        },
    };
    let pagination =
        super::pagination::detect(&op.extensions, &params, &responses, types.defined());
    if pagination.is_none() && op.extensions.contains_key("x-pagination") {
        types.diagnostics.push(Diagnostic::warning(
            child(&pointer, "x-pagination"),
            "`x-pagination` does not fit the operation (its parameters must be optional query \
             parameters, its members those of the 200 JSON page, a next cursor of its \
             parameter's type, a next URL a string); the client gets no `into_stream` for it",
        ));
    }
    let idempotent = op.extensions.get("x-idempotent") == Some(&Value::Bool(true))
        || params.iter().any(Param::is_idempotency_key);
    Operation {
        id,
        pointer,
        fn_name,
        type_name,
        method,
        path: template.clone(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        sunset: op
            .extensions
            .get("x-sunset")
            .and_then(Value::as_str)
            .map(str::to_owned),
        replacement: op
            .deprecated
            .then(|| super::deprecation::replacement(&op.extensions, op.description.as_deref()))
            .flatten(),
        params,
        protocol_headers,
        body,
        responses,
        security,
        pagination,
        idempotent,
        rate_limit: rate_limit(&op.extensions),
        long_running: None,
        streaming: None,
    }
}

/// Resolves a non-schema `$ref` anywhere in the document.
pub(super) fn resolve<T: DeserializeOwned>(spec: &LoadedSpec, reference: &str) -> Option<T> {
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

/// The name a `$ref` gives to a component of `kind` (`parameters`).
fn component_name<'r>(reference: &'r str, kind: &str) -> Option<&'r str> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')
        .filter(|name| !name.contains('/'))
}

/// A part of an operation, and where it is written: a `$ref`'d component
/// is built at the component's own pointer, so the types of a component
/// shared by many operations are built once.
struct Located<T> {
    item: T,
    pointer: String,
    /// The component's name, when the part is a `$ref` to one.
    component: Option<String>,
}

fn located<T: DeserializeOwned + Clone>(
    spec: &LoadedSpec,
    value: &ReferenceOr<T>,
    pointer: &str,
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<T>> {
    let item = item_or_ref(spec, value, pointer, diagnostics)?;
    Some(match value {
        ReferenceOr::Reference { reference } => match component_name(reference, kind) {
            Some(name) => Located {
                item,
                pointer: child(&format!("#/components/{kind}"), &unescape_token(name)),
                component: Some(unescape_token(name)),
            },
            None => Located {
                item,
                pointer: pointer.to_owned(),
                component: None,
            },
        },
        ReferenceOr::Item(_) => Located {
            item,
            pointer: pointer.to_owned(),
            component: None,
        },
    })
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
        template: &PathTemplate,
    ) -> (Vec<Param>, Vec<ProtocolHeader>) {
        let mut resolved: Vec<(Parameter, String, Option<String>)> = Vec::new();
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
            let Some(Located {
                item: param,
                pointer,
                component,
            }) = located(
                self.spec,
                param,
                &pointer,
                "parameters",
                &mut self.types.diagnostics,
            )
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
            resolved.retain(|(p, _, _)| key(p) != key(&param));
            resolved.push((param, pointer, component));
        }
        let mut protocol = Vec::new();
        resolved.retain(|(param, _, _)| {
            let Parameter::Header { parameter_data, .. } = param else {
                return true;
            };
            let name = parameter_data.name.to_ascii_lowercase();
            if !PROTOCOL_HEADERS.contains(&name.as_str()) {
                return true;
            }
            let schema = self.header_schema(parameter_data);
            protocol.push(ProtocolHeader {
                name: parameter_data.name.clone(),
                required: parameter_data.required,
                value: schema
                    .as_ref()
                    .and_then(pinned_value)
                    .filter(|_| name != "authorization"),
                allowed: schema.as_ref().map(allowed_text).unwrap_or_default(),
            });
            false
        });
        // A header whose name HTTP does not allow (`Authorization: Bearer
        // 1111` as a name) can never be sent, nor received.
        resolved.retain(|(param, pointer, _)| match param {
            Parameter::Header { parameter_data, .. } if !super::is_field_name(&parameter_data.name) => {
                self.types.diagnostics.push(Diagnostic::warning(
                    pointer,
                    format!(
                        "header parameter `{}` is not a valid HTTP header name, so it can never be sent; it is ignored",
                        parameter_data.name
                    ),
                ));
                false
            }
            _ => true,
        });
        // A path parameter the template does not name can never be sent; one
        // the template names but no parameter declares is a string.
        let in_template: Vec<&str> = template.params().collect();
        resolved.retain(|(param, pointer, _)| match param {
            Parameter::Path { parameter_data, .. }
                if !in_template.contains(&parameter_data.name.as_str()) =>
            {
                self.types.diagnostics.push(Diagnostic::warning(
                    pointer,
                    format!(
                        "path parameter `{}` is not in the path template; it is ignored",
                        parameter_data.name
                    ),
                ));
                false
            }
            _ => true,
        });
        let mut names = Namespace::with_reserved(RESERVED_INPUTS);
        let mut params: Vec<Param> = resolved
            .into_iter()
            .map(|(param, pointer, component)| self.param(param, &pointer, component, &mut names))
            .collect();
        for name in in_template {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.name == name)
            {
                self.types.diagnostics.push(Diagnostic::warning(
                    self.pointer,
                    format!("path parameter `{name}` is not declared; it is read as a string"),
                ));
                params.push(Param {
                    name: name.to_owned(),
                    rust_name: names.claim_or(&field_ident(name), "path"),
                    location: ParamLocation::Path,
                    required: true,
                    ty: Ty::String,
                    encoding: ParamEncoding::default_for(ParamLocation::Path),
                    doc: None,
                    constraints: Constraints::default(),
                    item_constraints: Constraints::default(),
                    deprecated: false,
                    component: None,
                    allow_empty: false,
                });
            }
        }
        (params, protocol)
    }

    /// A header parameter's schema, resolved.
    fn header_schema(&self, data: &openapiv3::ParameterData) -> Option<openapiv3::Schema> {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return None;
        };
        match schema {
            ReferenceOr::Item(schema) => Some(schema.clone()),
            ReferenceOr::Reference { reference } => resolve(self.spec, reference),
        }
    }

    fn param(
        &mut self,
        param: Parameter,
        pointer: &str,
        component: Option<String>,
        names: &mut Namespace,
    ) -> Param {
        use openapiv3::{CookieStyle, HeaderStyle, PathStyle, QueryStyle};
        let allow_empty = matches!(
            param,
            Parameter::Query {
                allow_empty_value: Some(true),
                ..
            }
        );
        let (location, style) = match &param {
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            Parameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Matrix => ParamStyle::Matrix,
                    PathStyle::Label => ParamStyle::Label,
                },
            ),
            Parameter::Header {
                style: HeaderStyle::Simple,
                ..
            } => (ParamLocation::Header, ParamStyle::Simple),
            Parameter::Cookie {
                style: CookieStyle::Form,
                ..
            } => (ParamLocation::Cookie, ParamStyle::Form),
        };
        let data = param.parameter_data();
        let hint = match &component {
            Some(name) => type_ident(name),
            None => format!("{}{}", self.type_name, type_word(&data.name)),
        };
        let (ty, (constraints, item_constraints), schema_doc, encoding) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let used = self
                    .types
                    .schema_use(schema, &child(pointer, "schema"), &hint);
                let explode = data.explode.unwrap_or(style == ParamStyle::Form);
                (
                    wrap_nullable(&used),
                    (used.constraints, used.item_constraints),
                    used.doc,
                    ParamEncoding::Style { style, explode },
                )
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, m)) => {
                    let used = m.schema.as_ref().map(|s| {
                        self.types.schema_use(
                            s,
                            &child(&child(&child(pointer, "content"), media), "schema"),
                            &hint,
                        )
                    });
                    // Text of a scalar is that scalar's text, as a plain
                    // parameter's is; any other content is JSON.
                    let plain_text = super::http::BodyKind::of(media)
                        == super::http::BodyKind::Text
                        && used.as_ref().is_none_or(|used| {
                            matches!(
                                bare(&used.ty),
                                Ty::String
                                    | Ty::Integer(_)
                                    | Ty::Float
                                    | Ty::Bool
                                    | Ty::Date
                                    | Ty::DateTime
                                    | Ty::Uuid
                            )
                        });
                    let encoding = if plain_text {
                        ParamEncoding::default_for(location)
                    } else {
                        ParamEncoding::Content {
                            media_type: media.clone(),
                        }
                    };
                    match used {
                        Some(used) => (
                            wrap_nullable(&used),
                            (used.constraints, used.item_constraints),
                            used.doc,
                            encoding,
                        ),
                        None if plain_text => (Ty::String, Default::default(), None, encoding),
                        None => (Ty::Json, Default::default(), None, encoding),
                    }
                }
                None => (
                    Ty::String,
                    Default::default(),
                    None,
                    ParamEncoding::default_for(location),
                ),
            },
        };
        let suffix = match location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        Param {
            rust_name: names.claim_or(&field_ident(&data.name), suffix),
            name: data.name,
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            encoding,
            doc: data
                .description
                .filter(|d| !d.trim().is_empty())
                .or(schema_doc),
            constraints,
            item_constraints,
            deprecated: data.deprecated.unwrap_or(false),
            component,
            allow_empty,
        }
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>) -> Option<Body> {
        let Located {
            item: body,
            pointer,
            component,
        } = located(
            self.spec,
            body,
            &child(self.pointer, "requestBody"),
            "requestBodies",
            &mut self.types.diagnostics,
        )?;
        let hint = match &component {
            Some(name) => type_ident(name),
            None => format!("{}Body", self.type_name),
        };
        let content_pointer = child(&pointer, "content");
        let mut contents = self.contents(&body.content, &content_pointer, &hint);
        // JSON of a schema naming no type may be any value (answers are
        // read as their schema's model, as a client expects).
        for content in &mut contents {
            if matches!(content.kind, BodyKind::Json | BodyKind::MergePatch) {
                let schema = child(&child(&content_pointer, &content.media_type), "schema");
                if let Some(loose) = self.types.loose(&content.ty, &schema) {
                    content.ty = loose;
                }
            }
        }
        let chosen = choose(&contents)?;
        Some(Body {
            required: body.required,
            doc: body.description.filter(|d| !d.trim().is_empty()),
            contents,
            chosen,
        })
    }

    fn contents(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Vec<Content> {
        let mut out: Vec<Content> = Vec::new();
        // What each distinct schema of these media types was built as.
        let mut built: Vec<(&ReferenceOr<openapiv3::Schema>, super::types::Use)> = Vec::new();
        for (media_type, media) in content {
            let kind = BodyKind::of(media_type);
            let media_pointer = child(pointer, media_type);
            if kind == BodyKind::EventStream {
                let events = super::events::describe(self.spec, self.types, &media_pointer, hint);
                out.push(Content {
                    media_type: media_type.clone(),
                    kind,
                    ty: events.data.clone(),
                    constraints: Constraints::default(),
                    item_constraints: Constraints::default(),
                    events: Some(events),
                    form: None,
                    union_form: None,
                });
                continue;
            }
            let schema_pointer = child(&media_pointer, "schema");
            // Several media types with one schema share one type, the
            // schema written out twice as much as one `$ref`.
            let used = media.schema.as_ref().map(|schema| {
                if let Some((_, used)) = built.iter().find(|(seen, _)| *seen == schema) {
                    return used.clone();
                }
                let used = self.types.schema_use(schema, &schema_pointer, hint);
                built.push((schema, used.clone()));
                used
            });
            // A range (`*/*`, `application/*`) whose schema is structured
            // data: the data in JSON, which every range takes, rather than
            // bytes nothing checks.
            let kind = match &used {
                Some(used) if kind == BodyKind::Binary && is_range(media_type) => {
                    match used.ty.resolved(self.types.defined()) {
                        Ty::Named(_) | Ty::Vec(_) | Ty::Map(_) => BodyKind::Json,
                        _ => kind,
                    }
                }
                _ => kind,
            };
            let (constraints, item_constraints) = match &used {
                Some(used) if kind != BodyKind::Binary => {
                    (used.constraints.clone(), used.item_constraints.clone())
                }
                _ => Default::default(),
            };
            let ty = match (used, kind) {
                (_, BodyKind::Binary) => Ty::Binary,
                (Some(used), _) => wrap_nullable(&used),
                (None, BodyKind::Text | BodyKind::EventStream) => Ty::String,
                (None, _) => Ty::Json,
            };
            // Structured data under a range that covers the form media
            // types may be sent as a form, read by the schema's members.
            let form_range = kind == BodyKind::Json
                && ["application/x-www-form-urlencoded", "multipart/form-data"]
                    .iter()
                    .any(|form| range_covers(media_type, form));
            let read_as_form = form_range || matches!(kind, BodyKind::Multipart | BodyKind::Form);
            let form = read_as_form
                .then(|| {
                    super::multipart::form(
                        self.spec,
                        self.types.defined(),
                        &ty,
                        &media_pointer,
                        &media.encoding,
                        kind == BodyKind::Form,
                    )
                })
                .flatten()
                // A form under a range is read by its text only: its
                // model holds no files (a URL-encoded form's parts are all
                // text already).
                .filter(|form| {
                    kind == BodyKind::Multipart
                        || form.parts.iter().all(|part| part.kind == PartKind::Text)
                });
            let union_form = read_as_form
                .then(|| super::multipart::union_form(&ty, self.types.defined()))
                .flatten();
            out.push(Content {
                media_type: media_type.clone(),
                kind,
                ty,
                constraints,
                item_constraints,
                events: None,
                form,
                union_form,
            });
        }
        out
    }

    /// The operation's responses; `head` for a `HEAD` operation, whose
    /// responses have no body.
    fn responses(&mut self, responses: &openapiv3::Responses, head: bool) -> Vec<Response> {
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
            let Some(Located {
                item: response,
                pointer,
                component,
            }) = located::<openapiv3::Response>(
                self.spec,
                response,
                &child(&base, &status.token()),
                "responses",
                &mut self.types.diagnostics,
            )
            else {
                continue;
            };
            let variant = variants.claim(&status.variant_name());
            // `ListPetsOkBody`: distinct from the server's `ListPetsResponse` enum.
            let hint = match &component {
                Some(name) => format!("{}Body", type_word(name)),
                None => format!("{}{variant}Body", self.type_name),
            };
            // HTTP gives these responses no body, whatever the document
            // says (RFC 9110, sections 9.3.2, 15.3.5, 15.3.6 and 15.4.5).
            let bodiless = if head {
                Some("a response to HEAD".to_owned())
            } else {
                matches!(status, Status::Code(204 | 205 | 304))
                    .then(|| format!("a {} response", status.token()))
            };
            let contents = match bodiless {
                Some(what) if !response.content.is_empty() => {
                    self.types.diagnostics.push(Diagnostic::warning(
                        child(&pointer, "content"),
                        format!("{what} has no body in HTTP; its content is ignored"),
                    ));
                    Vec::new()
                }
                _ => self.contents(&response.content, &child(&pointer, "content"), &hint),
            };
            let mut header_names = Namespace::with_reserved(&["body", "status"]);
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
                    let (ty, schema_doc) = match &header.format {
                        ParameterSchemaOrContent::Schema(s) => {
                            let hint = format!("{hint}{}", type_word(name));
                            let used =
                                self.types
                                    .schema_use(s, &child(&header_pointer, "schema"), &hint);
                            (wrap_nullable(&used), used.doc)
                        }
                        ParameterSchemaOrContent::Content(_) => (Ty::String, None),
                    };
                    Some(Header {
                        name: name.to_ascii_lowercase(),
                        rust_name: header_names.claim(&field_ident(name)),
                        ty,
                        required: header.required,
                        doc: header
                            .description
                            .filter(|d| !d.trim().is_empty())
                            .or(schema_doc),
                    })
                })
                .collect();
            let chosen = choose(&contents);
            out.push(Response {
                status,
                variant,
                doc: response.description,
                contents,
                chosen,
                headers,
            });
        }
        out
    }
}

/// The content a body is typed as: the first of the most preferred kind.
fn choose(contents: &[Content]) -> Option<usize> {
    contents
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| (c.kind.rank(), *i))
        .map(|(i, _)| i)
}

pub(super) fn rate_limit(extensions: &indexmap::IndexMap<String, Value>) -> Option<RateLimit> {
    let limit = extensions.get("x-rate-limit")?;
    let limit = RateLimit {
        capacity: limit.get("capacity")?.as_u64()?,
        refill_per_second: limit.get("refillPerSecond")?.as_f64()?,
    };
    // A bucket that never holds or never refills a token is no limit at all.
    (limit.capacity > 0 && limit.refill_per_second.is_finite() && limit.refill_per_second > 0.0)
        .then_some(limit)
}

/// Checks after every type is built: things only the whole API shows.
pub(super) fn finish(
    operations: &mut [Operation],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    super::long_running::link(operations, types, diagnostics);
    super::events::link(operations, types);
}

/// Whether `media_type` is a range that covers an XML media type
/// (`application/xml`, `text/xml`).
fn range_covers_xml(media_type: &str) -> bool {
    ["application/xml", "text/xml"]
        .iter()
        .any(|xml| range_covers(media_type, xml))
}

/// Whether the media range `range` (`*/*`, `application/*`) covers the
/// media type `media`.
fn range_covers(range: &str, media: &str) -> bool {
    let essence = range.split(';').next().unwrap_or("").trim();
    match essence.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => media.split('/').next() == Some(kind),
        _ => false,
    }
}

/// A media range such as `*/*` or `application/*`, not one media type.
fn is_range(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .ends_with("/*")
}

#[cfg(test)]
mod tests {
    use super::media_type_variant;

    #[test]
    fn a_second_json_media_type_is_named_by_its_subtype_then_whole() {
        let taken = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let json = taken(&["Json"]);
        assert_eq!(
            media_type_variant("application/merge-patch+json", &json),
            "MergePatch"
        );
        assert_eq!(
            media_type_variant("application/vnd.github.v3+json; charset=utf-8", &json),
            "GithubV3"
        );
        // `application/json` beside a typed `*+json`: its subtype is taken.
        assert_eq!(
            media_type_variant("application/json", &json),
            "ApplicationJson"
        );
        let both = taken(&["Json", "ApplicationJson"]);
        assert_eq!(media_type_variant("application/json", &both), "Json2");
        // The same type with a parameter: named by it.
        assert_eq!(
            media_type_variant("application/json;simple", &json),
            "JsonSimple"
        );
    }
}
