//! Conditional requests (RFC 9110 §13): ETags, `if-none-match`, `if-match`.
//!
//! - [`etag`] computes a strong entity tag from the representation bytes:
//!   `"` + the first [`ETAG_LEN`] characters of base64url(SHA-256) + `"`.
//! - [`if_none_match_matches`] evaluates `if-none-match` with the *weak*
//!   comparison: a match on GET or HEAD means 304 Not Modified
//!   ([`not_modified`] builds it).
//! - [`if_match_matches`] evaluates `if-match` with the *strong* comparison:
//!   no match on PUT, PATCH or DELETE means 412 Precondition Failed
//!   ([`check_if_match`] returns the Problem).
//!
//! Both take the current entity tag as `Option`: `None` when the resource has
//! no current representation, which `*` does not match. Header values are
//! comma-separated lists of `"tag"` or `W/"tag"`; a malformed list matches
//! nothing.
//!
//! ```
//! use specforge_runtime::conditional::{etag, if_match_matches, if_none_match_matches};
//!
//! let tag = etag(br#"{"id":1,"name":"Rex"}"#);
//! assert!(if_none_match_matches(&format!("W/{tag}, \"other\""), Some(&tag)));
//! assert!(if_match_matches(&tag, Some(&tag)));
//! assert!(!if_match_matches(&format!("W/{tag}"), Some(&tag)));
//! ```

use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use sha2::{Digest, Sha256};

use crate::problem::Problem;

/// How many base64url characters of the SHA-256 digest an ETag keeps
/// (132 bits).
pub const ETAG_LEN: usize = 22;

/// The strong ETag of a representation, quoted:
/// `"<first ETAG_LEN chars of base64url(sha256(bytes))>"`.
pub fn etag(bytes: &[u8]) -> String {
    let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
    format!("\"{}\"", &digest[..ETAG_LEN])
}

/// [`etag`] as a header value, built without intermediate strings.
pub fn etag_value(bytes: &[u8]) -> HeaderValue {
    let mut digest = [0u8; 43];
    let written = URL_SAFE_NO_PAD
        .encode_slice(Sha256::digest(bytes), &mut digest)
        .unwrap_or_default();
    let mut quoted = [b'"'; ETAG_LEN + 2];
    quoted[1..=ETAG_LEN].copy_from_slice(&digest[..ETAG_LEN.min(written)]);
    // base64url characters and quotes are valid header bytes.
    HeaderValue::from_bytes(&quoted).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// One parsed entity tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EntityTag<'a> {
    weak: bool,
    opaque: &'a str,
}

impl<'a> EntityTag<'a> {
    fn parse(value: &'a str) -> Option<Self> {
        match entity_tags(value)?.as_slice() {
            [tag] => Some(*tag),
            _ => None,
        }
    }
}

/// RFC 9110 weak comparison: the opaque tags are equal.
fn weak_eq(a: &EntityTag<'_>, b: &EntityTag<'_>) -> bool {
    a.opaque == b.opaque
}

/// RFC 9110 strong comparison: neither tag is weak and the opaque tags are
/// equal.
fn strong_eq(a: &EntityTag<'_>, b: &EntityTag<'_>) -> bool {
    !a.weak && !b.weak && a.opaque == b.opaque
}

/// Parses `#entity-tag`; `None` when malformed.
fn entity_tags(list: &str) -> Option<Vec<EntityTag<'_>>> {
    let separator = |c: char| c == ' ' || c == '\t' || c == ',';
    let mut tags = Vec::new();
    let mut rest = list;
    loop {
        rest = rest.trim_start_matches(separator);
        if rest.is_empty() {
            return Some(tags);
        }
        let (weak, tagged) = match rest.strip_prefix("W/") {
            Some(tagged) => (true, tagged),
            None => (false, rest),
        };
        let quoted = tagged.strip_prefix('"')?;
        let end = quoted.find('"')?;
        let opaque = &quoted[..end];
        if !opaque
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
        {
            return None;
        }
        tags.push(EntityTag { weak, opaque });
        rest = &quoted[end + 1..];
        if !(rest.is_empty() || rest.starts_with(separator)) {
            return None;
        }
    }
}

fn matches(header: &str, current: Option<&str>, eq: fn(&EntityTag, &EntityTag) -> bool) -> bool {
    let Some(current) = current else {
        return false;
    };
    if header.trim() == "*" {
        return true;
    }
    let Some(current) = EntityTag::parse(current) else {
        return false;
    };
    entity_tags(header).is_some_and(|tags| tags.iter().any(|tag| eq(tag, &current)))
}

/// Whether the `if-none-match` value `header` matches the current entity
/// tag, by weak comparison (`*` matches any current representation).
pub fn if_none_match_matches(header: &str, current: Option<&str>) -> bool {
    matches(header, current, weak_eq)
}

/// Whether the `if-match` value `header` matches the current entity tag, by
/// strong comparison (`*` matches any current representation; weak tags
/// never match).
pub fn if_match_matches(header: &str, current: Option<&str>) -> bool {
    matches(header, current, strong_eq)
}

/// Evaluates every `if-none-match` field in `headers`: `true` when the
/// request's cached copy is current, so a GET or HEAD should answer
/// [`not_modified`]. `false` without the header.
pub fn is_not_modified(headers: &HeaderMap, current: Option<&str>) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().any(|value| {
        value
            .to_str()
            .is_ok_and(|value| if_none_match_matches(value, current))
    })
}

/// Evaluates every `if-match` field in `headers`: a 412 Problem (code
/// `precondition_failed`) when present and not matched by the current
/// entity tag; `Ok` without the header.
pub fn check_if_match(headers: &HeaderMap, current: Option<&str>) -> Result<(), Problem> {
    let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
    if values.peek().is_none() {
        return Ok(());
    }
    if values.any(|value| {
        value
            .to_str()
            .is_ok_and(|value| if_match_matches(value, current))
    }) {
        Ok(())
    } else {
        Err(Problem::precondition_failed()
            .with_detail("The resource has changed since it was read (if-match failed)."))
    }
}

/// A 304 Not Modified response carrying `etag`.
pub fn not_modified(etag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_value_is_the_etag() {
        for body in [&b""[..], b"hello", b"{\"id\":1}"] {
            assert_eq!(etag_value(body), etag(body).as_str());
        }
    }

    #[test]
    fn etag_is_strong_stable_and_content_dependent() {
        let a = etag(b"hello");
        assert_eq!(a, etag(b"hello"));
        assert_ne!(a, etag(b"hello!"));
        assert_eq!(a.len(), ETAG_LEN + 2);
        assert!(a.starts_with('"') && a.ends_with('"'));
        assert_eq!(EntityTag::parse(&a).map(|tag| tag.weak), Some(false));
        // SHA-256("") base64url starts with 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU.
        assert_eq!(etag(b""), "\"47DEQpj8HBSa-_TImW-5JC\"");
    }

    /// RFC 9110 §8.8.3.2's comparison table.
    #[test]
    fn rfc9110_comparison_table() {
        let cases = [
            ("W/\"1\"", "W/\"1\"", false, true),
            ("W/\"1\"", "W/\"2\"", false, false),
            ("W/\"1\"", "\"1\"", false, true),
            ("\"1\"", "\"1\"", true, true),
        ];
        for (a, b, strong, weak) in cases {
            assert_eq!(if_match_matches(a, Some(b)), strong, "strong {a} {b}");
            assert_eq!(if_none_match_matches(a, Some(b)), weak, "weak {a} {b}");
        }
    }

    #[test]
    fn lists_and_star() {
        let current = Some("\"b\"");
        assert!(if_none_match_matches("\"a\", \"b\"", current));
        assert!(if_none_match_matches("\"a\",W/\"b\"", current));
        assert!(if_none_match_matches(" , \"a\" ,\t\"b\" ,", current));
        assert!(!if_none_match_matches("\"a\", \"c\"", current));
        assert!(if_match_matches("\"a\", \"b\"", current));
        assert!(if_none_match_matches("*", current));
        assert!(if_match_matches(" * ", current));
        assert!(!if_none_match_matches("*", None));
        assert!(!if_match_matches("*", None));
        assert!(!if_match_matches("\"b\"", None));
        // Commas may appear inside an opaque tag.
        assert!(if_none_match_matches("\"x,y\"", Some("\"x,y\"")));
    }

    #[test]
    fn malformed_headers_match_nothing() {
        let current = Some("\"a\"");
        for header in ["a", "\"a", "\"a\"x", "w/\"a\"", "\"a\" \"b", "\"a b\"", ""] {
            assert!(!if_none_match_matches(header, current), "{header:?}");
            assert!(!if_match_matches(header, current), "{header:?}");
        }
        assert!(!if_none_match_matches("\"a\"", Some("unquoted")));
    }

    #[test]
    fn header_map_helpers() {
        let current = etag(b"v1");
        let mut headers = HeaderMap::new();
        assert!(!is_not_modified(&headers, Some(&current)));
        assert!(check_if_match(&headers, Some(&current)).is_ok());

        headers.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"old\""));
        headers.append(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&current).unwrap(),
        );
        assert!(is_not_modified(&headers, Some(&current)));

        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"old\""));
        let problem = check_if_match(&headers, Some(&current)).unwrap_err();
        assert_eq!(problem.status, 412);
        assert_eq!(problem.code, "precondition_failed");
        headers.insert(header::IF_MATCH, HeaderValue::from_str(&current).unwrap());
        assert!(check_if_match(&headers, Some(&current)).is_ok());
        assert!(check_if_match(&headers, None).is_err());
    }

    #[test]
    fn not_modified_response() {
        let response = not_modified("\"abc\"");
        assert_eq!(response.status(), 304);
        assert_eq!(response.headers()[header::ETAG], "\"abc\"");
    }
}
