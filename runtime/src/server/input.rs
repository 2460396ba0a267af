//! [`Input`]: the request as an operation decodes it, collecting every
//! violation for one 400.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use super::negotiation::has_body;
use super::param::Param;
use crate::params;
use crate::problem::{FieldError, Location, Problem};
use crate::validate::{Validate, Violations};

/// The request as an operation decodes it. Every getter records violations
/// instead of failing, so [`reject`](Input::reject) can list them all.
pub struct Input {
    /// Request id, principal, headers.
    pub context: RequestContext,
    pub(crate) method: Method,
    pub(crate) target: String,
    pub(crate) parts: Parts,
    pub(crate) path: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) content_type: Option<String>,
    pub(crate) buffered: Bytes,
    pub(crate) streamed: Option<Body>,
    pub(crate) rate: Option<crate::rate_limit::RateHeaders>,
    pub(crate) violations: Vec<FieldError>,
    /// A required `if-match` is missing: 428 (RFC 6585) rather than 400.
    pub(crate) precondition_missing: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("target", &self.target)
            .field("violations", &self.violations)
            .finish_non_exhaustive()
    }
}

/// `Some(Some(value))` when present and valid, `Some(None)` when absent and
/// optional, `None` when invalid or missing (a violation is recorded).
pub type Decoded<T> = Option<Option<T>>;

impl Input {
    /// Decodes and validates a parameter.
    pub fn param<T: DeserializeOwned + Validate>(&mut self, param: &Param) -> Decoded<T> {
        let raw = match param.location {
            Location::Path => self
                .path
                .iter()
                .find(|(k, _)| k == param.name)
                .map(|(_, raw)| {
                    params::decode_path(raw, param.name, param.shape, param.style, param.explode)
                }),
            Location::Query => params::decode_query(
                &self.query,
                param.name,
                param.shape,
                param.style,
                param.explode,
            )
            .transpose(),
            Location::Header => {
                let values: Vec<&str> = self
                    .parts
                    .headers
                    .get_all(param.name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                (!values.is_empty())
                    .then(|| params::decode_header(&values.join(","), param.shape, param.explode))
            }
            Location::Cookie => self
                .cookies
                .iter()
                .find(|(k, _)| k == param.name)
                .map(|(_, raw)| params::decode_header(raw, param.shape, param.explode)),
            Location::Body => None,
        };
        let value = match raw {
            None if param.required => {
                if param.location == Location::Header && param.name.eq_ignore_ascii_case("if-match")
                {
                    self.precondition_missing = true;
                }
                self.violations
                    .push(FieldError::param(param.location, param.name, "is required"));
                return None;
            }
            None => return Some(None),
            Some(Err(detail)) => {
                self.violations
                    .push(FieldError::param(param.location, param.name, detail));
                return None;
            }
            Some(Ok(value)) => value,
        };
        let pointer = format!("/{}", crate::problem::escape_pointer_segment(param.name));
        let mut v = Violations::new(param.location, &pointer);
        match (&value, param.text, param.number, param.items) {
            (serde_json::Value::String(s), Some(text), _, _) => v.text(s, &text),
            (serde_json::Value::Number(n), _, Some(number), _) => {
                v.number(n.as_f64().unwrap_or_default(), &number)
            }
            (serde_json::Value::Array(items), _, _, Some(rules)) => v.items(items, &rules),
            _ => {}
        }
        let typed = match serde_json::from_value::<T>(value) {
            Ok(typed) => typed,
            Err(error) => {
                v.invalid(error.to_string());
                self.violations.extend(v.into_errors());
                return None;
            }
        };
        typed.validate(&mut v);
        if v.is_empty() {
            Some(Some(typed))
        } else {
            self.violations.extend(v.into_errors());
            None
        }
    }

    /// Decodes a JSON, merge-patch or form body into `T` and validates it.
    pub fn body<T: DeserializeOwned + Validate>(&mut self, required: bool) -> Decoded<T> {
        if self.buffered.is_empty() {
            return self.missing_body(required);
        }
        let is_form = self.content_type.as_deref() == Some("application/x-www-form-urlencoded");
        let decoded = if is_form {
            serde_urlencoded::from_bytes::<T>(&self.buffered).map_err(|error| {
                vec![FieldError::body(
                    "",
                    format!("The form body is invalid: {error}."),
                )]
            })
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
            Ok(typed) => {
                let mut v = Violations::new(Location::Body, "");
                typed.validate(&mut v);
                if v.is_empty() {
                    Some(Some(typed))
                } else {
                    self.violations.extend(v.into_errors());
                    None
                }
            }
            Err(errors) => {
                self.violations.extend(errors);
                None
            }
        }
    }

    /// A `text/plain` body.
    pub fn text(&mut self, required: bool) -> Decoded<String> {
        if self.buffered.is_empty() {
            return self.missing_body(required);
        }
        match String::from_utf8(self.buffered.to_vec()) {
            Ok(text) => Some(Some(text)),
            Err(_) => {
                self.violations
                    .push(FieldError::body("", "The body is not UTF-8 text."));
                None
            }
        }
    }

    /// A streamed binary body, with its content type.
    pub fn binary(&mut self, required: bool) -> Decoded<Upload> {
        match self.streamed.take() {
            Some(body) if has_body(&self.parts.headers) => Some(Some(Upload {
                content_type: self
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into()),
                body,
            })),
            _ => self.missing_body(required),
        }
    }

    /// A streamed `multipart/form-data` body: parts are read one by one, so
    /// a large file never sits in memory.
    pub async fn multipart(&mut self, required: bool) -> Decoded<Multipart> {
        let Some(body) = self
            .streamed
            .take()
            .filter(|_| has_body(&self.parts.headers))
        else {
            return self.missing_body(required);
        };
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.target.as_str());
        if let Some(content_type) = self.parts.headers.get(header::CONTENT_TYPE) {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        let mut request = builder.body(body).unwrap_or_default();
        // The body-limit layer's setting travels in the extensions.
        *request.extensions_mut() = self.parts.extensions.clone();
        match Multipart::from_request(request, &()).await {
            Ok(multipart) => Some(Some(multipart)),
            Err(rejection) => {
                self.violations
                    .push(FieldError::body("", rejection.body_text()));
                None
            }
        }
    }

    fn missing_body<T>(&mut self, required: bool) -> Decoded<T> {
        if required {
            self.violations
                .push(FieldError::body("", "A request body is required."));
            None
        } else {
            Some(None)
        }
    }

    /// The 400 problem listing every violation recorded (428 when the only
    /// problem is a missing required `if-match`).
    pub fn reject(self) -> Response {
        let request_id = self.context.request_id.as_str().to_owned();
        if self.precondition_missing && self.violations.len() == 1 {
            return Problem::precondition_required()
                .with_detail("Send `if-match` with the ETag of the representation you read.")
                .with_request_id(request_id)
                .into_response();
        }
        let mut violations = self.violations;
        if violations.is_empty() {
            violations.push(FieldError::body("", "The request is invalid."));
        }
        Problem::validation(violations)
            .with_request_id(request_id)
            .into_response()
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

pub(crate) async fn path_params(parts: &mut Parts) -> Vec<(String, String)> {
    use axum::extract::{FromRequestParts, RawPathParams};
    match RawPathParams::from_request_parts(parts, &()).await {
        Ok(params) => params
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}
