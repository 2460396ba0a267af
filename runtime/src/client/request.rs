//! Building a request the way the spec describes it: path, query, header and
//! cookie parameters in their OpenAPI styles, credentials, and a JSON, form,
//! multipart, text or binary body.

use std::fmt;

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::auth::Placement;
use super::transport::{self, Prepared};
use super::{BoxError, Client, Failure, Reply, Upload};
use crate::params::{self, Style};

/// Characters kept as they are in query strings and form bodies: RFC 3986
/// unreserved characters, and the comma that separates list items.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',');

/// Characters escaped in cookie values (RFC 6265 `cookie-octet` excludes
/// them).
const COOKIE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A request being built by generated code; [`send`](Self::send) sends it
/// with the client's credentials, timeouts, retries and hooks.
///
/// Parameter values are any `Serialize` value; `None` (JSON `null`) leaves
/// the parameter out. A value that cannot be sent (an invalid header value)
/// makes `send` fail with [`Error::Request`](super::Error::Request).
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct RequestBuilder {
    client: Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<(String, String)>,
    security: Option<&'static [&'static [&'static str]]>,
    body: Option<Payload>,
    /// A whole URL replacing the path and query (a next page's URL).
    url: Option<String>,
    keep_redirects: bool,
    error: Option<BoxError>,
}

/// Headers a caller adds to one request, beyond those the spec declares.
pub type ExtraHeaders = Vec<(String, String)>;

/// A request body.
#[derive(Debug)]
pub(crate) enum Payload {
    Bytes {
        content_type: &'static str,
        bytes: Bytes,
    },
    Upload {
        declared: &'static [&'static str],
        upload: Upload,
    },
    Multipart(Vec<(String, Part)>),
}

#[derive(Debug)]
pub(crate) enum Part {
    Text { text: String, json: bool },
    Upload(Upload),
}

impl RequestBuilder {
    pub(crate) fn new(client: Client, method: Method, path_template: &str) -> Self {
        Self {
            client,
            method,
            path: path_template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            security: None,
            body: None,
            url: None,
            keep_redirects: false,
            error: None,
        }
    }

    /// Answers with a redirect instead of following it: the operation
    /// documents the redirect as a response of its own.
    pub fn keep_redirects(mut self) -> Self {
        self.keep_redirects = true;
        self
    }

    /// Adds headers a caller set on the request; a name or value that is
    /// not valid in a header makes `send` fail.
    pub fn extra_headers(mut self, headers: ExtraHeaders) -> Self {
        for (name, value) in headers {
            self = self.insert_header(&name, &value);
        }
        self
    }

    /// Sends the request to `url` (absolute, or relative to the base URL)
    /// instead of the path and query built so far: the next page's URL of
    /// a paginated operation. `None` keeps them.
    pub fn url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }

    /// Records the first problem met; `send` reports it.
    fn fail(mut self, error: impl Into<BoxError>) -> Self {
        self.error.get_or_insert(error.into());
        self
    }

    /// Hands `value` as JSON to `apply`; a value that does not serialize is
    /// recorded (as `what: why`) for `send` to report.
    fn with_value(
        self,
        what: fmt::Arguments<'_>,
        value: &impl Serialize,
        apply: impl FnOnce(Self, Value) -> Self,
    ) -> Self {
        match crate::encoding::encoding_request(|| serde_json::to_value(value)) {
            Ok(value) => apply(self, value),
            Err(err) => self.fail(format!("{what}: {err}")),
        }
    }

    /// As [`with_value`](Self::with_value), skipping a `null` value: an
    /// absent optional header or cookie is not sent.
    fn with_present_value(
        self,
        what: fmt::Arguments<'_>,
        value: &impl Serialize,
        apply: impl FnOnce(Self, Value) -> Self,
    ) -> Self {
        self.with_value(what, value, |this, value| match value {
            Value::Null => this,
            value => apply(this, value),
        })
    }

    /// Fills in the path parameter `{name}` (`simple` style).
    pub fn path(self, name: &str, value: &impl Serialize) -> Self {
        self.path_with(name, value, Style::Simple, false)
    }

    /// Fills in the path parameter `{name}` in the given style.
    pub fn path_with(
        self,
        name: &str,
        value: &impl Serialize,
        style: Style,
        explode: bool,
    ) -> Self {
        self.with_value(
            format_args!("path parameter `{name}`"),
            value,
            |mut this, value| {
                let encoded = params::encode_path(name, &value, style, explode);
                this.path = this.path.replace(&format!("{{{name}}}"), &encoded);
                this
            },
        )
    }

    /// Adds the query parameter `name` (`form` style, exploded).
    pub fn query(self, name: &str, value: &impl Serialize) -> Self {
        self.query_with(name, value, Style::Form, true)
    }

    /// Adds the query parameter `name` in the given style.
    pub fn query_with(
        self,
        name: &str,
        value: &impl Serialize,
        style: Style,
        explode: bool,
    ) -> Self {
        self.with_value(
            format_args!("query parameter `{name}`"),
            value,
            |mut this, value| {
                let pairs = params::encode_query(name, &value, style, explode);
                this.query.extend(pairs);
                this
            },
        )
    }

    /// Sets the header `name` (`simple` style).
    pub fn header(self, name: &str, value: &impl Serialize) -> Self {
        self.header_with(name, value, false)
    }

    /// Sets the header `name`, objects exploded (`a=1,b=2`) or not.
    pub fn header_with(self, name: &str, value: &impl Serialize, explode: bool) -> Self {
        self.with_present_value(format_args!("header `{name}`"), value, |this, value| {
            let text = params::encode_header(&value, explode);
            this.insert_header(name, &text)
        })
    }

    /// Sets the header `name` to the JSON text of `value` (a parameter
    /// declaring `content: application/json`).
    pub fn header_json(self, name: &str, value: &impl Serialize) -> Self {
        self.with_present_value(format_args!("header `{name}`"), value, |this, value| {
            this.insert_header(name, &value.to_string())
        })
    }

    /// Sets the cookie `name` to the JSON text of `value`.
    pub fn cookie_json(self, name: &str, value: &impl Serialize) -> Self {
        self.with_present_value(format_args!("cookie `{name}`"), value, |mut this, value| {
            this.cookies.push((name.to_owned(), value.to_string()));
            this
        })
    }

    fn insert_header(mut self, name: &str, text: &str) -> Self {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("`{name}` is not a valid header name"));
        };
        match HeaderValue::from_str(text) {
            Ok(value) => {
                self.headers.insert(name, value);
                self
            }
            Err(_) => self.fail(format!(
                "header `{name}`: {text:?} is not a valid header value (visible ASCII only)"
            )),
        }
    }

    /// Adds the cookie `name` (`form` style).
    pub fn cookie(self, name: &str, value: &impl Serialize) -> Self {
        self.with_present_value(format_args!("cookie `{name}`"), value, |mut this, value| {
            let text = params::encode_cookie(&value);
            this.cookies.push((name.to_owned(), text));
            this
        })
    }

    /// The operation's security requirements: alternatives, each naming
    /// the schemes that must all be satisfied. The client sends the first
    /// alternative its credentials satisfy.
    pub fn auth(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirements);
        self
    }

    /// Sets `accept` to the media types the operation answers with.
    pub fn accept(self, media_types: &str) -> Self {
        self.insert_header(header::ACCEPT.as_str(), media_types)
    }

    /// Sends the idempotency key `key`, or a new one when `None`; it stays
    /// the same across retries, and makes the request safe to retry.
    pub fn idempotency_key(self, name: &str, key: Option<String>) -> Self {
        let key = key.unwrap_or_else(crate::retry::new_idempotency_key);
        self.insert_header(name, &key)
    }

    /// As [`idempotency_key`](Self::idempotency_key), for a key the spec
    /// declares `min` to `max` characters long: a new one has a length
    /// within them.
    pub fn idempotency_key_within(
        self,
        name: &str,
        key: Option<String>,
        min: usize,
        max: usize,
    ) -> Self {
        let key = key.unwrap_or_else(|| crate::retry::new_idempotency_key_within(min, max));
        self.insert_header(name, &key)
    }

    /// A JSON body (`application/json`).
    pub fn json(self, body: &impl Serialize) -> Self {
        self.json_as("application/json", body)
    }

    /// A JSON body with another JSON media type, such as
    /// `application/merge-patch+json`.
    pub fn json_as(mut self, content_type: &'static str, body: &impl Serialize) -> Self {
        match crate::encoding::encoding_request(|| serde_json::to_vec(body)) {
            Ok(bytes) => {
                self.body = Some(Payload::Bytes {
                    content_type,
                    bytes: bytes.into(),
                });
                self
            }
            Err(err) => self.fail(format!("body: {err}")),
        }
    }

    /// An `application/x-www-form-urlencoded` body: each property of
    /// `body` in `form` style, exploded.
    pub fn form(self, body: &impl Serialize) -> Self {
        self.form_styled(body, &[])
    }

    /// [`form`](Self::form), but the properties `styled` names in the
    /// style and explode their `encoding` gives (`place[city]=…` in
    /// `deepObject`, `colors=red,blue` in `form` unexploded).
    pub fn form_styled(self, body: &impl Serialize, styled: &[(&str, Style, bool)]) -> Self {
        self.with_value(format_args!("body"), body, |mut this, value| {
            let style = |name: &String| {
                (styled.iter())
                    .find(|(part, ..)| part == name)
                    .map_or((Style::Form, true), |&(_, style, explode)| (style, explode))
            };
            let pairs: Vec<(String, String)> = value
                .as_object()
                .into_iter()
                .flatten()
                .flat_map(|(name, value)| {
                    let (style, explode) = style(name);
                    params::encode_query(name, value, style, explode)
                })
                .collect();
            this.body = Some(Payload::Bytes {
                content_type: "application/x-www-form-urlencoded",
                bytes: encode_pairs(&pairs).into(),
            });
            this
        })
    }

    /// A text body of the given media type.
    pub fn text(mut self, content_type: &'static str, body: impl Into<String>) -> Self {
        self.body = Some(Payload::Bytes {
            content_type,
            bytes: body.into().into(),
        });
        self
    }

    /// A raw body (a file, an image, a stream). Its content type is the
    /// upload's own, else the first of the `declared` media types that is
    /// not a wildcard, else one guessed from its path, else
    /// `application/octet-stream`.
    pub fn upload(mut self, declared: &'static [&'static str], upload: Upload) -> Self {
        self.body = Some(Payload::Upload { declared, upload });
        self
    }

    /// A `multipart/form-data` body with no part yet, which parts then
    /// fill in: a required form goes out even when every part is left out.
    pub fn multipart_form(mut self) -> Self {
        self.multipart();
        self
    }

    /// A non-file part of a `multipart/form-data` body: text as it is,
    /// numbers and booleans as JSON text, arrays as one part per item,
    /// objects as JSON (`application/json`). `None` (or no item) adds
    /// nothing.
    pub fn part(self, name: &str, value: &impl Serialize) -> Self {
        self.with_value(format_args!("part `{name}`"), value, |mut this, value| {
            let items = match value {
                Value::Array(items) => items,
                other => vec![other],
            };
            for item in items {
                let part = match item {
                    Value::Null => continue,
                    Value::String(text) => Part::Text { text, json: false },
                    Value::Object(_) | Value::Array(_) => Part::Text {
                        text: item.to_string(),
                        json: true,
                    },
                    scalar => Part::Text {
                        text: scalar.to_string(),
                        json: false,
                    },
                };
                this.multipart().push((name.to_owned(), part));
            }
            this
        })
    }

    /// File parts of a `multipart/form-data` body, one per upload. No
    /// upload adds nothing: an optional form of parts all left out is not
    /// sent (a required one is, by [`multipart_form`](Self::multipart_form)).
    pub fn file_part(mut self, name: &str, uploads: impl IntoIterator<Item = Upload>) -> Self {
        for upload in uploads {
            self.multipart()
                .push((name.to_owned(), Part::Upload(upload)));
        }
        self
    }

    fn multipart(&mut self) -> &mut Vec<(String, Part)> {
        if !matches!(self.body, Some(Payload::Multipart(_))) {
            self.body = Some(Payload::Multipart(Vec::new()));
        }
        match &mut self.body {
            Some(Payload::Multipart(parts)) => parts,
            _ => unreachable!("set just above"),
        }
    }

    /// Sends the request and returns the final response, whatever its
    /// status, for generated code to decode.
    pub async fn send(self) -> Result<Reply, Failure> {
        if let Some(error) = self.error {
            return Err(Failure::request(error));
        }
        let inner = &self.client.inner;
        let mut headers = self.headers;
        let mut query = self.query;
        let mut cookies = self.cookies;
        let credentials = &inner.settings.credentials;
        for placement in credentials.placements(inner.schemes, self.security) {
            match placement {
                Placement::Authorization(value) => {
                    let mut value = HeaderValue::from_str(&value).map_err(|_| {
                        Failure::request("the credential is not a valid header value")
                    })?;
                    value.set_sensitive(true);
                    headers.insert(header::AUTHORIZATION, value);
                }
                Placement::Header(name, key) => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        Failure::request(format!("invalid API key header `{name}`"))
                    })?;
                    let mut value = HeaderValue::from_str(&key)
                        .map_err(|_| Failure::request("the API key is not a valid header value"))?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                Placement::Query(name, key) => query.push((name.to_owned(), key)),
                Placement::Cookie(name, key) => cookies.push((name.to_owned(), key)),
            }
        }
        if !cookies.is_empty() {
            let text = cookies
                .iter()
                .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, COOKIE)))
                .collect::<Vec<_>>()
                .join("; ");
            let value = HeaderValue::from_str(&text)
                .map_err(|_| Failure::request("a cookie is not a valid header value"))?;
            headers.insert(header::COOKIE, value);
        }
        if !headers.contains_key(header::USER_AGENT) {
            headers.insert(header::USER_AGENT, inner.user_agent.clone());
        }
        // A body's own content type wins over a header set beside it.
        if self.body.is_some() {
            headers.remove(header::CONTENT_TYPE);
        }
        let url = match self.url {
            Some(url) if url.contains("://") => url,
            Some(url) => format!("{}{}", origin_of(&inner.base_url, &url), url),
            None => {
                let mut url = format!("{}{}", inner.base_url, self.path);
                if !query.is_empty() {
                    url.push('?');
                    url.push_str(&encode_pairs(&query));
                }
                url
            }
        };
        let url = reqwest::Url::parse(&url)
            .map_err(|err| Failure::request(format!("invalid URL `{url}`: {err}")))?;
        let prepared = Prepared {
            method: self.method,
            url,
            headers,
            body: self.body,
            keep_redirects: self.keep_redirects,
        };
        transport::execute(&self.client, prepared).await
    }
}

/// What a relative next-page URL is appended to: the base URL for a
/// relative path, its origin for an absolute path (`/v2/items?page=2`).
fn origin_of<'b>(base_url: &'b str, url: &str) -> &'b str {
    if !url.starts_with('/') {
        return base_url;
    }
    let after_scheme = base_url.find("://").map_or(0, |at| at + 3);
    match base_url[after_scheme..].find('/') {
        Some(slash) => &base_url[..after_scheme + slash],
        None => base_url,
    }
}

/// `a=1&b=x%20y`: names and values percent-encoded, commas kept.
fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(name, QUERY),
                utf8_percent_encode(value, QUERY)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Payload {
    /// Whether the body can be sent again for a retry.
    pub(crate) fn is_replayable(&self) -> bool {
        match self {
            Self::Bytes { .. } => true,
            Self::Upload { upload, .. } => upload.is_replayable(),
            Self::Multipart(parts) => parts.iter().all(|(_, part)| match part {
                Part::Text { .. } => true,
                Part::Upload(upload) => upload.is_replayable(),
            }),
        }
    }

    /// Puts the body (a fresh copy, for this attempt) on `request`.
    pub(crate) async fn attach(
        &mut self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Failure> {
        Ok(match self {
            Self::Bytes {
                content_type,
                bytes,
            } => request
                .header(header::CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
            Self::Upload { declared, upload } => {
                let content_type = upload_type(declared, upload);
                let (body, length) = upload.body().await?;
                let request = request.header(header::CONTENT_TYPE, content_type);
                match length {
                    Some(length) => request.header(header::CONTENT_LENGTH, length),
                    None => request,
                }
                .body(body)
            }
            // reqwest sends a form without parts as no body at all: the
            // closing delimiter alone is the empty form.
            Self::Multipart(parts) if parts.is_empty() => request
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={EMPTY_FORM_BOUNDARY}"),
                )
                .body(format!("--{EMPTY_FORM_BOUNDARY}--\r\n")),
            Self::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, part) in parts.iter_mut() {
                    let part = match part {
                        Part::Text { text, json: false } => {
                            reqwest::multipart::Part::text(text.clone())
                        }
                        Part::Text { text, json: true } => {
                            reqwest::multipart::Part::text(text.clone())
                                .mime_str("application/json")
                                .map_err(Failure::request)?
                        }
                        Part::Upload(upload) => upload.part().await?,
                    };
                    form = form.part(name.clone(), part);
                }
                request.multipart(form)
            }
        })
    }
}

/// The boundary of a multipart form that has no part.
const EMPTY_FORM_BOUNDARY: &str = "specforge-empty-form";

/// The content type of a raw upload (see [`RequestBuilder::upload`]).
fn upload_type(declared: &[&str], upload: &Upload) -> String {
    let concrete = declared.iter().find(|media| !media.contains('*'));
    upload
        .explicit_type()
        .or_else(|| concrete.map(|media| (*media).to_owned()))
        .or_else(|| upload.media_type())
        .unwrap_or_else(|| "application/octet-stream".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ClientBuilder;

    fn client() -> Client {
        ClientBuilder::<Client>::new("http://example.com/api", &[], "sdk/1")
            .build()
            .unwrap()
    }

    #[test]
    fn query_strings_keep_commas_and_escape_the_rest() {
        let pairs = [
            ("tags".to_owned(), "a,b c".to_owned()),
            ("q".to_owned(), "x&y=z|ü".to_owned()),
            ("color[R]".to_owned(), "100".to_owned()),
        ];
        assert_eq!(
            encode_pairs(&pairs),
            "tags=a,b%20c&q=x%26y%3Dz%7C%C3%BC&color%5BR%5D=100"
        );
    }

    #[test]
    fn parameters_follow_their_styles() {
        let request = client()
            .request(Method::GET, "/pets/{id}/{tags}")
            .path("id", &"a b/c")
            .path_with("tags", &["x", "y"], Style::Label, true)
            .query("limit", &Some(20))
            .query("missing", &None::<i32>)
            .query_with("ids", &[1, 2], Style::Form, false)
            .query("id", &[1, 2])
            .header("x-list", &["a", "b"])
            .header("x-none", &None::<String>)
            .cookie("session", &"s 1;")
            .cookie("nothing", &None::<String>);
        assert!(request.error.is_none());
        assert_eq!(request.path, "/pets/a%20b%2Fc/.x.y");
        assert_eq!(
            request.query,
            [
                ("limit".to_owned(), "20".to_owned()),
                ("ids".to_owned(), "1,2".to_owned()),
                ("id".to_owned(), "1".to_owned()),
                ("id".to_owned(), "2".to_owned()),
            ]
        );
        assert_eq!(request.headers["x-list"], "a,b");
        assert!(!request.headers.contains_key("x-none"));
        assert_eq!(request.cookies, [("session".to_owned(), "s 1;".to_owned())]);
    }

    #[test]
    fn invalid_header_values_are_reported_at_send() {
        let request = client()
            .request(Method::GET, "/")
            .header("x-bad", &"line\nbreak");
        let error = request.error.as_ref().unwrap().to_string();
        assert!(error.contains("not a valid header value"), "{error}");
    }

    #[test]
    fn bodies() {
        let form = client()
            .request(Method::POST, "/")
            .form_styled(
                &serde_json::json!({"name": "a b", "tags": ["x", "y"], "none": null, "place": {"city": "P"}, "meta": {"k": "v"}, "ids": [1, 2], "words": ["a", "b"]}),
                &[
                    ("meta", Style::DeepObject, true),
                    ("ids", Style::Form, false),
                    ("words", Style::PipeDelimited, false),
                ],
            );
        match form.body {
            Some(Payload::Bytes {
                content_type,
                bytes,
            }) => {
                assert_eq!(content_type, "application/x-www-form-urlencoded");
                assert_eq!(
                    bytes,
                    "name=a%20b&tags=x&tags=y&city=P&meta%5Bk%5D=v&ids=1,2&words=a%7Cb"
                );
            }
            other => panic!("{other:?}"),
        }
        let multipart = client()
            .request(Method::POST, "/")
            .part("alt", &Some("text"))
            .part("n", &3)
            .part("meta", &serde_json::json!({"a": 1}))
            .part("skip", &None::<String>)
            .file_part("file", Some(Upload::bytes("x")))
            .file_part("none", None);
        let Some(Payload::Multipart(parts)) = &multipart.body else {
            panic!("not multipart");
        };
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["alt", "n", "meta", "file"]);
        assert!(multipart.body.as_ref().unwrap().is_replayable());
    }

    #[test]
    fn next_page_urls_resolve_against_the_base() {
        assert_eq!(origin_of("http://h:1/api", "/v2/x?p=2"), "http://h:1");
        assert_eq!(origin_of("http://h:1/api", "?p=2"), "http://h:1/api");
        assert_eq!(origin_of("http://h", "/x"), "http://h");
    }

    #[test]
    fn upload_content_types() {
        let declared: &[&str] = &["image/*", "image/png"];
        assert_eq!(upload_type(declared, &Upload::bytes("x")), "image/png");
        assert_eq!(
            upload_type(declared, &Upload::bytes("x").content_type("image/jpeg")),
            "image/jpeg"
        );
        assert_eq!(
            upload_type(&["*/*"], &Upload::path("a.pdf")),
            "application/pdf"
        );
        assert_eq!(
            upload_type(&["application/*"], &Upload::bytes("x")),
            "application/octet-stream"
        );
    }
}
