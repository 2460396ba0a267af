//! [`Input`]: the request as an operation decodes it, collecting every
//! violation for one 400.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use super::negotiation::{best_declared, body_to_read, content_type, essence, media_matches};
use super::operation::Operation;
use super::param::Param;
use super::part_headers::escape_part_headers;
use super::rejection::{Rejected, Rejection};
use super::security::take_principal;
use super::text::{Scalar, Text};
use crate::cursor::CursorCodec;
use crate::params::{self, Kind, Shape, Style};
use crate::problem::{FieldError, Location};
use crate::request_id::RequestId;
use crate::validate::{Validate, ValueRules, Violations};

/// The request as an operation decodes it. Every getter records violations
/// instead of failing, so [`reject`](Input::reject) can list them all.
pub struct Input {
    /// Request id, principal, headers.
    pub context: RequestContext,
    /// The request without its headers (they are in the context) and body.
    pub(crate) parts: Parts,
    /// The operation the request is for.
    pub(crate) operation: &'static Operation,
    pub(crate) path: PathParams,
    pub(crate) query: Option<Vec<(String, String)>>,
    pub(crate) cookies: Option<Vec<(String, String)>>,
    pub(crate) buffered: Bytes,
    pub(crate) streamed: Option<Body>,
    pub(crate) violations: Vec<FieldError>,
    /// A required `if-match` is missing: 428 (RFC 6585) rather than 400.
    pub(crate) precondition_missing: bool,
    /// How much of a streamed body may be read, and how.
    pub(crate) limits: Limits,
    /// The answer instead of a 400, when reading the body failed otherwise
    /// (413 past a limit, 408, 500). Boxed: it is rare, and the input is
    /// moved into every handler's future.
    pub(crate) refused: Option<Box<Response>>,
}

/// The body limits a request is read within.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The buffered-body limit, which text parts of a multipart body share.
    pub(crate) body: usize,
    /// The streamed-body limit.
    pub(crate) upload: usize,
    /// How many bytes of a multipart body's files are held in memory.
    pub(crate) upload_memory: usize,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("path", &self.parts.uri.path())
            .field("violations", &self.violations)
            .finish_non_exhaustive()
    }
}

/// One input of a request, as [`Input`] decoded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded<T> {
    /// Present and valid.
    Present(T),
    /// Absent, and optional.
    Absent,
    /// Invalid, or absent but required: the violation is recorded in the
    /// [`Input`], whose [`reject`](Input::reject) lists it.
    Invalid,
}

/// A [`Decoded`] input that cannot be used: its violation is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Violated;

impl<T> Decoded<T> {
    /// The value of a required input.
    pub fn required(self) -> Result<T, Violated> {
        match self {
            Self::Present(value) => Ok(value),
            Self::Absent | Self::Invalid => Err(Violated),
        }
    }

    /// The value of an optional input, `None` when absent.
    pub fn optional(self) -> Result<Option<T>, Violated> {
        match self {
            Self::Present(value) => Ok(Some(value)),
            Self::Absent => Ok(None),
            Self::Invalid => Err(Violated),
        }
    }

    /// The input turned into another type, present or not as it was.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        match self {
            Self::Present(value) => Decoded::Present(f(value)),
            Self::Absent => Decoded::Absent,
            Self::Invalid => Decoded::Invalid,
        }
    }
}

/// A request body the pipeline has read (within the body limit), in the
/// request extensions of the steps after the body step.
#[derive(Clone, Debug, Default)]
pub struct BufferedBody(pub Bytes);

impl Input {
    /// The inputs of `parts` and its buffered (or streamed) body, for
    /// `operation`; the headers move into the context.
    pub(crate) fn new(
        operation: &'static Operation,
        mut parts: Parts,
        buffered: Bytes,
        streamed: Option<Body>,
        cursors: Arc<CursorCodec>,
        limits: Limits,
    ) -> Self {
        let headers = std::mem::take(&mut parts.headers);
        let request_id = RequestId::current().unwrap_or_else(|| RequestId::from_headers(&headers));
        let principal = take_principal(&mut parts.extensions);
        Self {
            context: RequestContext {
                request_id,
                principal,
                headers,
                cursors,
            },
            parts,
            operation,
            path: PathParams::Unread,
            query: None,
            cookies: None,
            buffered,
            streamed,
            violations: Vec::new(),
            precondition_missing: false,
            limits,
            refused: None,
        }
    }

    /// Decodes and validates a parameter.
    pub fn param<T: DeserializeOwned + Validate>(&mut self, param: &Param) -> Decoded<T> {
        match self.scalar_param::<T>(param) {
            ScalarRead::General => {}
            ScalarRead::Absent => return self.absent(param),
            ScalarRead::Typed(typed) => return Decoded::Present(typed),
            ScalarRead::Violations(errors) => {
                self.violations.extend(errors);
                return Decoded::Invalid;
            }
        }
        if param.style == Style::Json {
            return self.json_param(param);
        }
        let value = match self.param_value(param, param.shape) {
            None if param.empty_when_absent => match param.shape {
                Shape::Array(_) => serde_json::Value::Array(Vec::new()),
                _ => serde_json::Value::Object(Default::default()),
            },
            None => return self.absent(param),
            // No style spells a list or an object `null`: sent so, it is null.
            Some(Err(_)) if param.nullable && self.sent_as_null(param) => serde_json::Value::Null,
            Some(Err(_)) if let Some(typed) = self.reread(param) => {
                return match typed {
                    Ok(typed) => Decoded::Present(typed),
                    Err(errors) => {
                        self.violations.extend(errors);
                        Decoded::Invalid
                    }
                };
            }
            Some(Err(detail)) => {
                self.violations
                    .push(FieldError::param(param.location, param.name, detail));
                return Decoded::Invalid;
            }
            Some(Ok(mut value)) => {
                if let serde_json::Value::Object(members) = &mut value {
                    for name in param.lists_empty_when_absent {
                        (members.entry(*name))
                            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                    }
                }
                value
            }
        };
        // One value read as a list of one is also that value alone: a union
        // of a string and a list (`oneOf: [string, array]`) takes `?tag=00`
        // as the string when, as a list, it breaks the items' rules.
        let lone = match &value {
            serde_json::Value::Array(items) if matches!(param.shape, Shape::Array(_)) => {
                match items.as_slice() {
                    [item] => Some(item),
                    _ => None,
                }
            }
            _ => None,
        };
        // Empty text is the empty list, but a list of one empty item is
        // written the same (`?ids=`): it is that where the empty list
        // breaks the rules (`minItems: 1`).
        let one_empty = matches!(&value, serde_json::Value::Array(items) if items.is_empty())
            .then(|| serde_json::json!([""]));
        match typed_value(&value, param) {
            Ok(typed) => Decoded::Present(typed),
            Err(_) if let Some(Ok(typed)) = lone.map(|item| typed_value(item, param)) => {
                Decoded::Present(typed)
            }
            Err(_) if let Some(Ok(typed)) = one_empty.map(|list| typed_value(&list, param)) => {
                Decoded::Present(typed)
            }
            Err(_) if let Some(Ok(typed)) = self.reread(param) => Decoded::Present(typed),
            Err(errors) => {
                self.violations.extend(errors);
                Decoded::Invalid
            }
        }
    }

    /// The parameter's value as JSON, read as `shape` in its style; `None`
    /// when the request does not send it.
    fn param_value(
        &mut self,
        param: &Param,
        shape: Shape,
    ) -> Option<Result<serde_json::Value, String>> {
        match param.location {
            Location::Path => self
                .path_param(param.name)
                .map(|raw| params::decode_path(raw, param.name, shape, param.style, param.explode)),
            Location::Query => params::decode_query_beside(
                self.query_pairs(),
                param.name,
                param.beside,
                shape,
                param.style,
                param.explode,
            )
            .transpose(),
            Location::Header => self
                .header_text(param)
                .map(|text| params::decode_header(&text, shape, param.explode)),
            Location::Cookie => self
                .cookie_pairs()
                .iter()
                .find(|(k, _)| k == param.name)
                .map(|(_, raw)| params::decode_header(raw, shape, param.explode)),
            Location::Body => None,
        }
    }

    /// Whether the parameter's whole text is `null`.
    fn sent_as_null(&mut self, param: &Param) -> bool {
        match param.location {
            Location::Path => self
                .path_param(param.name)
                .is_some_and(|raw| percent_decoded(raw) == "null"),
            Location::Query => self.query_value(param.name) == Ok(Some("null")),
            Location::Header => self.header_text(param).is_some_and(|t| t.trim() == "null"),
            Location::Cookie => {
                (self.cookie_pairs().iter()).any(|(k, v)| k == param.name && v == "null")
            }
            Location::Body => false,
        }
    }

    /// A parameter whose first reading failed, read again keeping as text
    /// what its kind did not read, where a JSON `Value` reads it wrongly:
    /// an integer past 64 bits (which a `Value` cannot hold; an unformatted
    /// integer is an `i128`) spelled exactly as sent, and an item `null` as
    /// null where the items may be null ([`Param::nullable_items`]; the
    /// first reading took it as the item type reads that text), and an
    /// object's member `null` as null where that types (the model knows
    /// which members are nullable), else as text. The parameter is typed
    /// from that JSON text ([`params::exact_json`]) and held to its rules.
    /// `None` when it does not type so either: the first reading's errors
    /// stand.
    fn reread<T: DeserializeOwned + Validate>(
        &mut self,
        param: &Param,
    ) -> Option<Result<T, Vec<FieldError>>> {
        let value =
            crate::encoding::keeping_texts(|| self.param_value(param, param.shape))?.ok()?;
        let nulls = match param.shape {
            Shape::Record(_) => &[true, false][..],
            _ => &[param.nullable_items][..],
        };
        let (json, typed) = nulls.iter().find_map(|&nulls| {
            let json = params::exact_json(&value, param.shape, nulls)?;
            let typed = crate::encoding::reading_text(|| serde_json::from_str::<T>(&json)).ok()?;
            Some((json, typed))
        })?;
        // The checks read integers past 64 bits as floats, as a body's do.
        let value = serde_json::from_str(&json).ok()?;
        Some(checked_value(&value, Ok(typed), param))
    }

    /// A header the protocol sets (an `Accept`, `Content-Type` or
    /// `Authorization` parameter) as far as the document constrains it:
    /// present when `required`, and one of `allowed` when that is not empty
    /// (a media type compared without its parameters; for `Accept`, any of
    /// its media ranges, wildcards included). OpenAPI leaves the rest to the
    /// protocol.
    pub fn protocol_header(
        &mut self,
        name: &'static str,
        required: bool,
        allowed: &[&str],
    ) -> Decoded<()> {
        let Some(value) = self.context.headers.get(name) else {
            if !required {
                return Decoded::Absent;
            }
            self.violations
                .push(FieldError::param(Location::Header, name, "is required"));
            return Decoded::Invalid;
        };
        let sent = value.to_str().unwrap_or_default();
        // `Accept` lists media ranges, so `*/*` or `text/*` admits every
        // allowed type they cover; other headers name one type.
        let is_accept = name.eq_ignore_ascii_case("accept");
        // An allowed value may itself list media types (MCP's
        // `application/json, text/event-stream`): each of them counts.
        let fits = |item: &str| {
            allowed
                .iter()
                .flat_map(|value| value.split(','))
                .any(|allowed| {
                    if is_accept {
                        media_matches(item, allowed)
                    } else {
                        media_matches(allowed, item)
                    }
                })
        };
        if allowed.is_empty() || sent.split(',').any(fits) {
            return Decoded::Present(());
        }
        let detail = format!("`{}` is not one of: {}", sent.trim(), allowed.join(", "));
        self.violations
            .push(FieldError::param(Location::Header, name, detail));
        Decoded::Invalid
    }

    /// A parameter whose `content` is JSON, read as `T` from its text: a
    /// `serde_json::Value` would hold an integer past 64 bits as a float.
    fn json_param<T: DeserializeOwned + Validate>(&mut self, param: &Param) -> Decoded<T> {
        let text = match param.location {
            Location::Path => self
                .path_param(param.name)
                .map(|raw| percent_decoded(raw).into_owned()),
            Location::Query => match self.query_value(param.name) {
                Ok(value) => value.map(str::to_owned),
                Err(Repeated) => {
                    self.violations.push(FieldError::param(
                        param.location,
                        param.name,
                        params::GIVEN_MORE_THAN_ONCE,
                    ));
                    return Decoded::Invalid;
                }
            },
            Location::Header => self.header_text(param),
            Location::Cookie => self
                .cookie_pairs()
                .iter()
                .find(|(key, _)| key == param.name)
                .map(|(_, raw)| raw.clone()),
            Location::Body => None,
        };
        let Some(text) = text else {
            return self.absent(param);
        };
        match typed_json(&text, param) {
            Ok(typed) => Decoded::Present(typed),
            Err(errors) => {
                self.violations.extend(errors);
                Decoded::Invalid
            }
        }
    }

    /// A parameter that is not in the request: a violation when required.
    fn absent<T>(&mut self, param: &Param) -> Decoded<T> {
        if !param.required {
            return Decoded::Absent;
        }
        if param.location == Location::Header && param.name.eq_ignore_ascii_case("if-match") {
            self.precondition_missing = true;
        }
        self.violations
            .push(FieldError::param(param.location, param.name, "is required"));
        Decoded::Invalid
    }

    /// A scalar parameter read straight from its text, when its location
    /// and style allow.
    fn scalar_param<T: DeserializeOwned + Validate>(&mut self, param: &Param) -> ScalarRead<T> {
        let Shape::Scalar(kind) = param.shape else {
            return ScalarRead::General;
        };
        // JSON text, or any value that may be sent as bracketed members.
        if param.style == Style::Json || (param.style == Style::DeepObject && kind.may_nest()) {
            return ScalarRead::General;
        }
        let read = |text: &str| typed_text::<T>(text, kind, param);
        let found = match param.location {
            Location::Path if param.style == Style::Simple => self
                .path_param(param.name)
                .map(|raw| read(&percent_decoded(raw))),
            Location::Query => match self.query_value(param.name) {
                Ok(None) => None,
                // `?flag=` under `allowEmptyValue`: no value to type, unless
                // the empty text is one (a string its rules allow empty).
                Ok(Some("")) if param.allow_empty => match read("") {
                    Ok(typed) if kind == Kind::String => Some(Ok(typed)),
                    _ => None,
                },
                Ok(Some(value)) => Some(read(value)),
                // Any value may be a list: the general reader decides.
                Err(Repeated) if kind.may_nest() => return ScalarRead::General,
                Err(Repeated) => Some(Err(vec![FieldError::param(
                    param.location,
                    param.name,
                    params::GIVEN_MORE_THAN_ONCE,
                )])),
            },
            Location::Header => {
                let mut values = self.header_fields(param);
                match (values.next(), values.next()) {
                    (None, _) => None,
                    (Some(value), None) => Some(read(value.trim())),
                    // Several fields are one list: the general path joins them.
                    (Some(_), Some(_)) => return ScalarRead::General,
                }
            }
            Location::Cookie => self
                .cookie_pairs()
                .iter()
                .find(|(key, _)| key == param.name)
                .map(|(_, raw)| read(raw.trim())),
            Location::Path | Location::Body => return ScalarRead::General,
        };
        match found {
            None => ScalarRead::Absent,
            Some(Ok(typed)) => ScalarRead::Typed(typed),
            Some(Err(errors)) => ScalarRead::Violations(errors),
        }
    }

    /// Decodes a JSON, merge-patch or form body into `T` and validates it.
    pub fn body<T: DeserializeOwned + Validate>(&mut self, required: bool) -> Decoded<T> {
        self.body_with_xml(required, &crate::xml::Node::Any)
    }

    /// [`body`](Self::body), where an XML body is read by `xml`: the
    /// schema's element and attribute names, wrapped arrays, typed text.
    pub fn body_with_xml<T: DeserializeOwned + Validate>(
        &mut self,
        required: bool,
        xml: &crate::xml::Node,
    ) -> Decoded<T> {
        let content_type = content_type(&self.context.headers).unwrap_or_default();
        let is_xml = content_type.ends_with("/xml") || content_type.ends_with("+xml");
        let is_form = content_type == "application/x-www-form-urlencoded";
        let is_json = content_type.ends_with("/json") || content_type.ends_with("+json");
        let is_yaml = is_yaml(&content_type);
        // Text the operation takes beside JSON (`text/plain` and
        // `application/json` both declared) is a string, not JSON to parse.
        if content_type.starts_with("text/") && !is_xml && !is_json && !is_yaml {
            let text = match self.text(required) {
                Decoded::Present(text) => text,
                Decoded::Absent => return Decoded::Absent,
                Decoded::Invalid => return Decoded::Invalid,
            };
            let error = match serde_json::from_value::<T>(serde_json::Value::String(text)) {
                Ok(typed) => return self.checked(typed, Violations::new(Location::Body, "")),
                Err(error) => error,
            };
            // Text whose schema is structured data (`text/plain` under a
            // media range, say) may be that data written out: JSON, or the
            // YAML JSON is part of. Read so, it is decoded and checked as
            // JSON; text that is no such thing is refused as text.
            match yaml_as_json(&self.buffered) {
                Ok(json) if !json.starts_with(b"\"") => self.buffered = Bytes::from(json),
                _ => {
                    self.violations.push(FieldError::body(
                        "",
                        format!("A `{content_type}` body cannot be this value: {error}."),
                    ));
                    return Decoded::Invalid;
                }
            }
        }
        // No bytes under a form's content type are an empty form, not no body.
        if is_form {
            let form = self.buffered.clone();
            return self.urlencoded(&form);
        }
        if self.buffered.is_empty() {
            return self.missing_body(required);
        }
        if is_yaml {
            // Read as the JSON it denotes, then decoded and checked as JSON.
            match yaml_as_json(&self.buffered) {
                Ok(json) => self.buffered = Bytes::from(json),
                Err(detail) => {
                    self.violations.push(FieldError::body("", detail));
                    return Decoded::Invalid;
                }
            }
        }
        let decoded = if is_xml {
            crate::xml::from_slice::<T>(&self.buffered, xml)
        } else {
            crate::json::from_slice::<T>(&self.buffered).map_err(|problem| {
                if problem.errors.is_empty() {
                    vec![FieldError::body(
                        "",
                        problem
                            .detail
                            .clone()
                            .unwrap_or_else(|| problem.title.clone()),
                    )]
                } else {
                    problem.errors.clone()
                }
            })
        };
        match decoded {
            Ok(typed) if !is_xml => {
                let mut v = Violations::new(Location::Body, "");
                typed.validate(&mut v);
                v.recheck_duplicates_in(&self.buffered);
                self.verdict(typed, v)
            }
            Ok(typed) => self.checked(typed, Violations::new(Location::Body, "")),
            Err(errors) => {
                self.violations.extend(errors);
                Decoded::Invalid
            }
        }
    }

    /// An `application/x-www-form-urlencoded` body read whole into `T`.
    pub(super) fn urlencoded<T: DeserializeOwned + Validate>(&mut self, form: &[u8]) -> Decoded<T> {
        match crate::encoding::reading_text(|| serde_urlencoded::from_bytes::<T>(form)) {
            Ok(typed) => self.checked(typed, Violations::new(Location::Body, "")),
            Err(error) => {
                self.violations.push(FieldError::body(
                    "",
                    format!("The form body is invalid: {error}."),
                ));
                Decoded::Invalid
            }
        }
    }

    /// `decoded`, held to `rules` as JSON: the constraints of a body that
    /// is an array, a map or a scalar (an object's type checks its own).
    pub fn held_to<T: Serialize>(&mut self, decoded: Decoded<T>, rules: &ValueRules) -> Decoded<T> {
        let Decoded::Present(typed) = decoded else {
            return decoded;
        };
        // An integer past 64 bits has no `Value`: the JSON sent is read
        // as one instead, such integers as floats, close enough to count
        // and bound.
        let value = serde_json::to_value(&typed)
            .or_else(|_| serde_json::from_slice(&self.buffered))
            .unwrap_or_default();
        let mut v = Violations::new(Location::Body, "");
        v.value(&value, rules);
        self.verdict(typed, v)
    }

    /// A `text/plain` body (empty text when the request declares its
    /// content type and sends nothing).
    pub fn text(&mut self, required: bool) -> Decoded<String> {
        if self.buffered.is_empty() && !declares_content(&self.context.headers) {
            return self.missing_body(required);
        }
        match String::from_utf8(self.buffered.to_vec()) {
            Ok(text) => Decoded::Present(text),
            Err(_) => {
                self.violations
                    .push(FieldError::body("", "The body is not UTF-8 text."));
                Decoded::Invalid
            }
        }
    }

    /// A binary body, with its content type (no bytes under a declared
    /// content type are an empty body, not none): the stream, or the
    /// buffered bytes of an operation that reads them beside structured data.
    pub fn binary(&mut self, required: bool) -> Decoded<Upload> {
        let sent = self.streamed.as_ref().is_some_and(body_to_read)
            || !self.buffered.is_empty()
            || declares_content(&self.context.headers);
        if !sent {
            return self.missing_body(required);
        }
        let body = self
            .streamed
            .take()
            .unwrap_or_else(|| Body::from(std::mem::take(&mut self.buffered)));
        Decoded::Present(Upload {
            content_type: content_type(&self.context.headers)
                .unwrap_or_else(|| "application/octet-stream".into()),
            body,
        })
    }

    /// A streamed `multipart/form-data` body, unread: the handler reads the
    /// parts one by one (operations whose body has no object schema; the
    /// others read it with [`form`](Self::form)).
    pub async fn multipart(&mut self, required: bool) -> Decoded<Multipart> {
        match self.open_multipart().await {
            Ok(Some(multipart)) => Decoded::Present(multipart),
            Ok(None) => self.missing_body(required),
            Err(detail) => {
                self.violations.push(FieldError::body("", detail));
                Decoded::Invalid
            }
        }
    }

    /// Whether the request's body is sent as `media`: an operation whose
    /// media types carry different schemas reads the body by the one sent.
    /// A declared media type that is the one sent wins over one that only
    /// covers it (`application/json` also covers `application/*+json`), and
    /// of several declared with that type, the one whose parameters the
    /// request names wins (`application/json;simple` over `application/json`).
    pub fn sends(&self, media: &str) -> bool {
        let Some(sent) = content_type(&self.context.headers) else {
            return false;
        };
        let is_sent = |declared: &str| essence(declared).eq_ignore_ascii_case(&sent);
        if is_sent(media) {
            let header = self.context.headers.get(header::CONTENT_TYPE);
            let full = header.and_then(|value| value.to_str().ok()).unwrap_or("");
            let declared = self.operation.request_types.iter().copied();
            return best_declared(declared.filter(|d| is_sent(d)), full).is_none_or(|d| d == media);
        }
        media_matches(media, &sent) && !self.operation.request_types.iter().any(|d| is_sent(d))
    }

    /// Whether the request's body is sent as a multipart form: an
    /// operation declaring one beside another media type reads the body by
    /// the one sent. Any `multipart/*` subtype counts (`mixed`, which a
    /// client may send under a media range): the protocol step has refused
    /// one the operation does not declare (415) before this is asked.
    pub fn sends_multipart(&self) -> bool {
        content_type(&self.context.headers).is_some_and(|media| media.starts_with("multipart/"))
    }

    /// A reader of the multipart body (streamed within the streamed-body
    /// limit, or already buffered within the body limit); `None` without a
    /// body, `Err` when it is no multipart body.
    pub(super) async fn open_multipart(&mut self) -> Result<Option<Multipart>, String> {
        let buffered = (!self.buffered.is_empty()).then(|| Body::from(self.buffered.clone()));
        let Some(body) = self.streamed.take().filter(body_to_read).or(buffered) else {
            return Ok(None);
        };
        let content_type = self.context.headers.get(header::CONTENT_TYPE);
        let boundary = content_type
            .and_then(|value| value.to_str().ok())
            .and_then(multipart_boundary);
        let mut builder = Request::builder()
            .method(self.parts.method.clone())
            .uri(self.parts.uri.clone());
        let body = match &boundary {
            // Read as the form its named parts make, whatever the subtype.
            Some(boundary) => {
                builder = builder.header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary=\"{boundary}\""),
                );
                escape_part_headers(body, boundary)
            }
            None => {
                if let Some(content_type) = content_type {
                    builder = builder.header(header::CONTENT_TYPE, content_type);
                }
                body
            }
        };
        let mut request = builder.body(body).unwrap_or_default();
        // The body-limit layer's setting travels in the extensions.
        *request.extensions_mut() = self.parts.extensions.clone();
        Multipart::from_request(request, &())
            .await
            .map(Some)
            .map_err(|rejection| rejection.body_text())
    }

    pub(super) fn missing_body<T>(&mut self, required: bool) -> Decoded<T> {
        if required {
            self.violations
                .push(FieldError::body("", "A request body is required."));
            Decoded::Invalid
        } else {
            Decoded::Absent
        }
    }

    /// The 400 problem listing every violation recorded (428 when the only
    /// problem is a missing required `if-match`), or the answer reading the
    /// body ended with instead (413 past a limit, 408, 500).
    pub fn reject(self) -> Response {
        if let Some(response) = self.refused {
            return *response;
        }
        let rejection = if self.precondition_missing && self.violations.len() == 1 {
            Rejection::PreconditionRequired
        } else {
            Rejection::Invalid(self.violations)
        };
        Self::answer(rejection, &self.context)
    }

    /// `rejection` as a problem carrying the request id, marked [`Rejected`]
    /// for the layers outside.
    pub(super) fn answer(rejection: Rejection, context: &RequestContext) -> Response {
        let kind = rejection.kind();
        let mut response = rejection
            .into_problem()
            .with_request_id(context.request_id.as_str())
            .into_response();
        response.extensions_mut().insert(Rejected(kind));
        response
    }

    /// Validates a decoded value with `v`'s violations so far: present when
    /// none, else every violation recorded.
    fn checked<T: Validate>(&mut self, typed: T, mut v: Violations) -> Decoded<T> {
        typed.validate(&mut v);
        self.verdict(typed, v)
    }

    /// `typed` when `v` recorded nothing, else every violation recorded.
    fn verdict<T>(&mut self, typed: T, v: Violations) -> Decoded<T> {
        if v.is_empty() {
            Decoded::Present(typed)
        } else {
            self.violations.extend(v.into_errors());
            Decoded::Invalid
        }
    }

    /// The raw (still percent-encoded) text of the path parameter `name`,
    /// read by the operation's own template on first use.
    fn path_param(&mut self, name: &str) -> Option<&str> {
        if let PathParams::Unread = self.path {
            self.path = read_path_params(&self.parts, self.operation);
        }
        match &self.path {
            PathParams::Matched(params) => params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, at)| &self.parts.uri.path()[at.clone()]),
            PathParams::Unread | PathParams::Unmatched => None,
        }
    }

    /// A header parameter's fields as one value (several fields are one
    /// list), if any is text.
    fn header_text(&self, param: &Param) -> Option<String> {
        let values: Vec<&str> = self.header_fields(param).collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    /// The fields of a header parameter that are text (none when no header
    /// can have its name).
    fn header_fields<'a>(&'a self, param: &'a Param) -> impl Iterator<Item = &'a str> {
        let headers = &self.context.headers;
        (param.header.iter())
            .flat_map(|name| headers.get_all(name))
            .filter_map(|v| v.to_str().ok())
    }

    /// The value of the query parameter `name`, if given once.
    fn query_value(&mut self, name: &str) -> Result<Option<&str>, Repeated> {
        let mut values = self.query_pairs().iter().filter(|(key, _)| key == name);
        match (values.next(), values.next()) {
            (Some(_), Some(_)) => Err(Repeated),
            (first, _) => Ok(first.map(|(_, value)| value.as_str())),
        }
    }

    /// The query's pairs, percent-decoded on first use.
    fn query_pairs(&mut self) -> &[(String, String)] {
        let parts = &self.parts;
        self.query
            .get_or_insert_with(|| parts.uri.query().map(query_pairs).unwrap_or_default())
    }

    /// The cookies, read on first use.
    fn cookie_pairs(&mut self) -> &[(String, String)] {
        let headers = &self.context.headers;
        self.cookies.get_or_insert_with(|| cookie_pairs(headers))
    }
}

/// A streamed request body of any media type.
#[derive(Debug)]
pub struct Upload {
    /// The request's content type.
    pub content_type: String,
    /// The body, read as a stream.
    pub body: Body,
}

/// The boundary of a multipart body of any subtype (`form-data`, `mixed`).
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (essence, parameters) = content_type.split_once(';').unwrap_or((content_type, ""));
    let multipart = essence
        .trim()
        .to_ascii_lowercase()
        .starts_with("multipart/");
    multipart
        .then(|| multer::parse_boundary(format!("multipart/form-data;{parameters}")).ok())
        .flatten()
}

/// Whether `media` (an essence, lowercase) is YAML: `application/yaml`
/// (RFC 9512), the older `application/x-yaml`, `text/yaml`, `text/x-yaml`,
/// or a `+yaml` type.
fn is_yaml(media: &str) -> bool {
    matches!(
        media,
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml"
    ) || media.ends_with("+yaml")
}

/// A YAML body as the JSON it denotes, or why it is not YAML. The
/// parser's budget (nodes, depth, aliases against anchors) bounds what a
/// small body may expand to.
fn yaml_as_json(yaml: &[u8]) -> Result<Vec<u8>, String> {
    // YAML 1.2's booleans, `true` and `false` only: `y`, `no` or `on` are
    // text, as YAML 1.2 writers leave them unquoted.
    let options = serde_saphyr::options! { strict_booleans: true };
    let value: serde_json::Value = serde_saphyr::from_slice_with_options(yaml, options)
        .map_err(|error| format!("The YAML body is invalid: {error}"))?;
    serde_json::to_vec(&value).map_err(|error| format!("The YAML body is invalid: {error}"))
}

pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

pub(crate) fn cookie_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The path parameters of a request, read when first asked for.
pub(crate) enum PathParams {
    /// Not read yet.
    Unread,
    /// The operation's parameters, by name: where each stands in the path.
    Matched(Vec<(&'static str, std::ops::Range<usize>)>),
    /// The request's path does not match the operation's template.
    Unmatched,
}

/// Reads the operation's parameters from the segments the route captured,
/// by the operation's own template (routes may be shared by operations
/// naming their parameters differently).
fn read_path_params(parts: &Parts, operation: &Operation) -> PathParams {
    let Some(route) = parts.extensions.get::<axum::extract::MatchedPath>() else {
        return PathParams::Unmatched;
    };
    let path = parts.uri.path();
    match crate::path_template::read(operation.captures, route.as_str(), path) {
        // Where each stands in the path, not a copy: the same allocation,
        // as the two pairs have the same size.
        Some(params) => PathParams::Matched(
            params
                .into_iter()
                .map(|(name, raw)| {
                    let start = raw.as_ptr() as usize - path.as_ptr() as usize;
                    (name, start..start + raw.len())
                })
                .collect(),
        ),
        None => PathParams::Unmatched,
    }
}

/// A path segment's text, percent-decoded; most have nothing to decode,
/// and those are already valid UTF-8.
fn percent_decoded(raw: &str) -> Cow<'_, str> {
    if raw.contains('%') {
        percent_decode_str(raw).decode_utf8_lossy()
    } else {
        Cow::Borrowed(raw)
    }
}

/// A query parameter that takes one value was given several.
#[derive(Debug, PartialEq)]
struct Repeated;

/// How [`Input::scalar_param`] read a parameter.
enum ScalarRead<T> {
    /// Not a scalar it reads: the general path decodes it.
    General,
    /// Not in the request.
    Absent,
    /// Present and valid.
    Typed(T),
    /// Present and invalid.
    Violations(Vec<FieldError>),
}

/// A scalar's text as `T`, checked against the parameter's constraints,
/// or every violation found (pointing at the parameter).
fn typed_text<T: DeserializeOwned + Validate>(
    text: &str,
    kind: Kind,
    param: &Param,
) -> Result<T, Vec<FieldError>> {
    if param.nullable && text == "null" {
        return typed_value(&serde_json::Value::Null, param);
    }
    let Some(scalar) = Scalar::read(text, kind) else {
        // Text the fast reader does not take may still be what the schema
        // allows (`3856.0` for an integer): the general reader decides.
        return match params::scalar(text, kind) {
            Ok(value) => typed_value(&value, param),
            Err(detail) => Err(vec![FieldError::param(param.location, param.name, detail)]),
        };
    };
    // The pointer is written only when there is something to point at.
    let mut v = Violations::new(param.location, "");
    if !param.allows(text) {
        let allowed = param.allowed.unwrap_or_default().join(", ");
        v.invalid(format!("`{text}` is not one of: {allowed}"));
    }
    match (scalar, param.text, param.number) {
        (Scalar::Str, Some(rules), _) => v.text(text, &rules),
        (_, _, Some(rules)) => scalar.check_number(&mut v, &rules),
        _ => {}
    }
    let typed = match crate::encoding::reading_text(|| T::deserialize(Text { text, scalar })) {
        Ok(typed) => {
            typed.validate(&mut v);
            Some(typed)
        }
        Err(error) => {
            v.invalid(serde_message(&error));
            None
        }
    };
    match typed {
        Some(typed) if v.is_empty() => Ok(typed),
        _ => {
            let root = format!("/{}", crate::problem::escape_pointer_segment(param.name));
            Err(v
                .into_errors()
                .into_iter()
                .map(|mut error| {
                    error.pointer.insert_str(0, &root);
                    error
                })
                .collect())
        }
    }
}

/// A JSON-content parameter's text as `T`, read as a body is (`3856.0` is
/// an integer), checked against the parameter's constraints and `T`'s own.
fn typed_json<T: DeserializeOwned + Validate>(
    text: &str,
    param: &Param,
) -> Result<T, Vec<FieldError>> {
    let value = params::decode_json(text)
        .map_err(|detail| vec![FieldError::param(param.location, param.name, detail)])?;
    let typed = crate::json::from_slice::<T>(text.as_bytes()).map_err(Unread::from);
    checked_value(&value, typed, param)
}

/// A parameter's value as the general reader decoded it, as `T`, checked
/// against the parameter's constraints and `T`'s own.
fn typed_value<T: DeserializeOwned + Validate>(
    value: &serde_json::Value,
    param: &Param,
) -> Result<T, Vec<FieldError>> {
    // A `deepObject`'s nested members are texts at any depth.
    fn as_texts<R>(read: impl FnOnce() -> R) -> R {
        crate::encoding::reading_text(|| crate::encoding::typing_texts(read))
    }
    // Most values are valid: read without tracking the path, and a failed
    // one again, to point at the member that failed.
    let typed = match as_texts(|| T::deserialize(crate::json::strict::Strict::new(value))) {
        Ok(typed) => Ok(typed),
        Err(_) => as_texts(|| crate::json::from_value::<T>(value)).map_err(Unread::from),
    };
    checked_value(value, typed, param)
}

/// Why a parameter's value is not its type: where in the value (a JSON
/// pointer under the parameter's own, empty for the whole value), and
/// what the reader said.
struct Unread {
    at: String,
    detail: String,
}

impl From<crate::Problem> for Unread {
    /// The first place a JSON reader's problem points at.
    fn from(problem: crate::Problem) -> Self {
        match problem.errors.first() {
            Some(error) => Self {
                at: error.pointer.clone(),
                detail: error.detail.clone(),
            },
            None => Self {
                at: String::new(),
                detail: problem.detail.clone().unwrap_or_default(),
            },
        }
    }
}

/// `typed`, read from `value`, checked against the parameter's constraints
/// (on `value`) and `T`'s own.
fn checked_value<T: Validate>(
    value: &serde_json::Value,
    typed: Result<T, Unread>,
    param: &Param,
) -> Result<T, Vec<FieldError>> {
    let pointer = format!("/{}", crate::problem::escape_pointer_segment(param.name));
    let mut v = Violations::new(param.location, &pointer);
    match (value, param.text, param.number, param.items) {
        (serde_json::Value::String(s), Some(text), _, _) => v.text(s, &text),
        (serde_json::Value::Number(n), _, Some(number), _) => v.number(n, &number),
        (serde_json::Value::Array(items), _, _, Some(rules)) => v.items(items, &rules),
        _ => {}
    }
    if let Some(each) = param.each {
        let rules = ValueRules {
            each: Some(each),
            ..ValueRules::NONE
        };
        v.value(value, &rules);
    }
    // The values of an enum the model does not type, as the scalar reader
    // holds them (a repeated query value is a list, and no such value).
    if let (Some(allowed), Shape::Scalar(_)) = (param.allowed, param.shape)
        && !(param.nullable && value.is_null())
    {
        let allowed_value = match value {
            serde_json::Value::String(text) => param.allows(text),
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => false,
            scalar => param.allows(&scalar.to_string()),
        };
        if !allowed_value {
            v.invalid(format!("`{value}` is not one of: {}", allowed.join(", ")));
        }
    }
    match typed {
        Ok(typed) => {
            typed.validate(&mut v);
            if v.is_empty() {
                return Ok(typed);
            }
        }
        Err(unread) => {
            let mut errors = v.into_errors();
            let at = format!("{pointer}{}", unread.at);
            errors.push(FieldError::new(param.location, at, unread.detail));
            return Err(errors);
        }
    }
    Err(v.into_errors())
}

/// serde's message, with a number too large for its Rust type said to be
/// out of range.
fn serde_message(error: &impl std::fmt::Display) -> String {
    crate::json::plain_message(error.to_string())
}

/// Whether the request names the type of a body it sends, however short:
/// zero bytes of `application/octet-stream` or `text/plain` are a body.
fn declares_content(headers: &HeaderMap) -> bool {
    headers.contains_key(header::CONTENT_TYPE)
}
