//! HTTP facts of an operation, settled once for every emitter: the method,
//! the status of a response, what kind of body a media type carries, and
//! which of several declared contents is the one a body is typed as.

use heck::ToUpperCamelCase;

/// Whether `name` can name an HTTP header: a token (RFC 9110, section
/// 5.6.2), so no spaces, colons or other separators.
pub fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An HTTP method an OpenAPI path item can declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`: reads a resource; safe and idempotent.
    Get,
    /// `PUT`: replaces a resource; idempotent.
    Put,
    /// `POST`: processes the request body; neither safe nor idempotent.
    Post,
    /// `DELETE`: removes a resource; idempotent.
    Delete,
    /// `OPTIONS`: asks what the resource supports; safe.
    Options,
    /// `HEAD`: `GET` without the response body; safe.
    Head,
    /// `PATCH`: changes part of a resource; not idempotent.
    Patch,
    /// `TRACE`: echoes the request back (a loop-back test); safe.
    Trace,
}

impl Method {
    /// Every method, in the order path items list them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key of a path item (`get`), lowercase.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// `get`, as a path item key and an axum routing function.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// `GET`, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Idempotent by definition (RFC 9110 §9.2.2: the safe methods, `PUT` and `DELETE`): a retry
    /// cannot apply the request twice.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// The status a response is declared for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// One exact status code (`404`).
    Code(u16),
    /// `2XX` → 2
    Range(u16),
    /// `default`: any status the operation declares no other response for.
    Default,
}

impl Status {
    /// Whether the status answers success (1xx–3xx).
    pub fn is_success(self) -> bool {
        matches!(self, Status::Code(100..=399) | Status::Range(1..=3))
    }

    /// `404`, `4XX`, `default`: the key in the spec.
    pub fn token(self) -> String {
        match self {
            Status::Code(c) => c.to_string(),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "default".into(),
        }
    }

    /// `200` → `Ok`, `404` → `NotFound`, `4XX` → `ClientError`, default → `Default`.
    pub fn variant_name(self) -> String {
        match self {
            Status::Code(code) => reason_phrase(code)
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
}

/// The reason phrase of a status code, lowercase (`not found`).
pub fn reason_phrase(code: u16) -> Option<&'static str> {
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

/// How a body of a media type is read and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// `application/json`, `*/json` or `*+json`: typed by the content's schema.
    Json,
    /// `application/merge-patch+json` (RFC 7396): JSON in which `null` removes a member.
    MergePatch,
    /// `application/x-www-form-urlencoded`: `name=value` pairs, typed by the schema.
    Form,
    /// `multipart/*`: a body of parts, streamed rather than buffered.
    Multipart,
    /// `application/xml`, `text/xml`, `*+xml`: typed like JSON, read as XML.
    Xml,
    /// `text/event-stream`: a stream of server-sent events.
    EventStream,
    /// Any other `text/*`: the body is a `String`.
    Text,
    /// Anything else, media ranges (`*/*`) included: raw bytes, streamed as a request body.
    Binary,
}

impl BodyKind {
    /// The kind of body a media type (or range) carries.
    pub fn of(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/merge-patch+json" => BodyKind::MergePatch,
            "application/x-www-form-urlencoded" => BodyKind::Form,
            "text/event-stream" => BodyKind::EventStream,
            m if m.starts_with("multipart/") => BodyKind::Multipart,
            m if m == "application/json" || m.ends_with("+json") || m.ends_with("/json") => {
                BodyKind::Json
            }
            m if m.ends_with("/xml") || m.ends_with("+xml") => BodyKind::Xml,
            m if m.starts_with("text/") => BodyKind::Text,
            _ => BodyKind::Binary,
        }
    }

    /// Whether a body of this kind decodes into the content's schema type
    /// (the others are text, streams or bytes).
    pub fn is_typed(self) -> bool {
        matches!(
            self,
            BodyKind::Json | BodyKind::MergePatch | BodyKind::Form | BodyKind::Xml
        )
    }

    /// How a body of this kind is read, as the name of the variant that
    /// holds it when an operation's contents are read into types of their
    /// own ([`Body::separate`](super::Body::separate)): one variant per reading.
    pub fn reading(self) -> &'static str {
        match self {
            BodyKind::Json | BodyKind::MergePatch => "Json",
            BodyKind::Form => "Form",
            BodyKind::Multipart => "Multipart",
            BodyKind::Xml => "Xml",
            BodyKind::Text | BodyKind::EventStream => "Text",
            BodyKind::Binary => "Binary",
        }
    }

    /// Preference when several contents are declared: the one both sides
    /// type the body as (lower first; a tie goes to the document's first).
    /// JSON is what every client and server speaks, a merge patch as much
    /// as any other (`json-patch+json` and `merge-patch+json` side by side:
    /// the author's first is the one to send); text, streams and bytes
    /// carry the least structure. An event stream beside another body is
    /// the alternative a client asks for (`send_stream`), so it comes last.
    pub fn rank(self) -> u8 {
        match self {
            BodyKind::Json | BodyKind::MergePatch => 0,
            BodyKind::Form => 1,
            BodyKind::Multipart => 2,
            BodyKind::Xml => 3,
            BodyKind::Text => 4,
            BodyKind::Binary => 5,
            BodyKind::EventStream => 6,
        }
    }
}

/// Whether `media_type` is YAML (`application/yaml`, `*+yaml`), which the
/// server reads as the JSON it denotes (a mirror of the runtime's check;
/// `BodyKind::of` counts it as bytes).
pub(super) fn is_yaml(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    [
        "application/yaml",
        "application/x-yaml",
        "text/yaml",
        "text/x-yaml",
    ]
    .iter()
    .any(|yaml| essence.eq_ignore_ascii_case(yaml))
        || essence.to_ascii_lowercase().ends_with("+yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_map_to_kinds() {
        assert_eq!(BodyKind::of("application/json"), BodyKind::Json);
        assert_eq!(
            BodyKind::of("application/vnd.api+json; charset=utf-8"),
            BodyKind::Json
        );
        assert_eq!(
            BodyKind::of("application/merge-patch+json"),
            BodyKind::MergePatch
        );
        assert_eq!(BodyKind::of("multipart/form-data"), BodyKind::Multipart);
        assert_eq!(
            BodyKind::of("application/x-www-form-urlencoded"),
            BodyKind::Form
        );
        assert_eq!(BodyKind::of("application/xml"), BodyKind::Xml);
        assert_eq!(BodyKind::of("application/atom+xml"), BodyKind::Xml);
        assert_eq!(BodyKind::of("text/event-stream"), BodyKind::EventStream);
        assert_eq!(BodyKind::of("text/plain"), BodyKind::Text);
        assert_eq!(BodyKind::of("image/png"), BodyKind::Binary);
        assert_eq!(BodyKind::of("*/*"), BodyKind::Binary);
    }

    #[test]
    fn methods_round_trip_their_keys() {
        for method in Method::ALL {
            assert_eq!(Method::from_key(method.key()), Some(method));
            assert_eq!(method.as_str().to_ascii_lowercase(), method.key());
        }
        assert_eq!(Method::from_key("connect"), None);
        assert!(Method::Put.is_idempotent() && !Method::Post.is_idempotent());
    }

    #[test]
    fn statuses_name_their_variants() {
        assert_eq!(Status::Code(404).variant_name(), "NotFound");
        assert_eq!(Status::Code(299).variant_name(), "Status299");
        assert_eq!(Status::Range(4).variant_name(), "ClientError");
        assert!(Status::Code(204).is_success() && !Status::Default.is_success());
    }
}
