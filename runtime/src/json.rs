//! Reading JSON request bodies, with 400 problems that point at the bad
//! value.
//!
//! [`from_slice`] deserializes a body and turns every failure into a 400
//! [`Problem`]:
//!
//! - not JSON at all (or empty): code `malformed_json`, one field error at
//!   the body root (`""`);
//! - JSON of the wrong shape (missing required member, wrong type, unknown
//!   enum value, …): code `validation_failed`, one field error whose pointer
//!   names the member (for a missing member, the member itself).
//!
//! ```
//! use serde::Deserialize;
//! use specforge_runtime::json;
//!
//! #[derive(Deserialize)]
//! struct NewPet {
//!     name: String,
//!     tags: Vec<String>,
//! }
//!
//! let problem = json::from_slice::<NewPet>(br#"{"name": "Rex", "tags": ["a", 1]}"#)
//!     .err()
//!     .unwrap();
//! assert_eq!(problem.code, "validation_failed");
//! assert_eq!(problem.errors[0].pointer, "/tags/1");
//! ```

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use crate::problem::{FieldError, Problem, escape_pointer_segment};

/// The media type of JSON bodies.
pub const APPLICATION_JSON: &str = "application/json";

/// Deserializes a JSON request body; see the [module docs](self) for the
/// problems it returns.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = pointer(error.path());
        to_problem(body, &pointer, error.inner())
    })?;
    deserializer
        .end()
        .map_err(|error| to_problem(body, "", &error))?;
    Ok(value)
}

fn to_problem(body: &[u8], pointer: &str, error: &serde_json::Error) -> Problem {
    let message = message(error);
    match error.classify() {
        Category::Data => {
            let pointer = match missing_member(&message) {
                Some(member) => format!("{pointer}/{}", escape_pointer_segment(member)),
                None => pointer.to_owned(),
            };
            Problem::validation(vec![FieldError::body(pointer, message)])
        }
        Category::Syntax | Category::Eof | Category::Io => {
            let detail = if body.iter().all(u8::is_ascii_whitespace) {
                "The request body must be a JSON document.".to_owned()
            } else {
                format!("The request body is not valid JSON: {message}.")
            };
            Problem::bad_request()
                .with_code("malformed_json")
                .with_detail(detail)
                .with_error(FieldError::body("", message))
        }
    }
}

/// The JSON pointer of a deserialization path.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_segment(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// serde_json's message without its " at line L column C" suffix.
fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The member named by serde's "missing field `x`" message.
fn missing_member(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Location;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Order {
        customer_id: u64,
        items: Vec<Item>,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        sku: String,
        quantity: u32,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Book,
        Toy,
    }

    fn error_of(body: &str) -> Problem {
        from_slice::<Order>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn parses_valid_bodies() {
        let order: Order = from_slice(
            br#"{"customerId": 1, "items": [{"sku": "a", "quantity": 2, "kind": "toy"}]}"#,
        )
        .unwrap();
        assert_eq!(order.items[0].kind, Kind::Toy);
        assert_eq!(order.note, None);
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let problem = error_of(
            r#"{"customerId": 1, "items": [{"sku": "a", "quantity": -2, "kind": "toy"}]}"#,
        );
        assert_eq!(problem.status, 400);
        assert_eq!(problem.code, "validation_failed");
        assert_eq!(problem.errors.len(), 1);
        let error = &problem.errors[0];
        assert_eq!(error.location, Location::Body);
        assert_eq!(error.pointer, "/items/0/quantity");
        assert!(
            error.detail.starts_with("invalid value: integer `-2`"),
            "{}",
            error.detail
        );
        assert!(!error.detail.contains("line"), "{}", error.detail);
    }

    #[test]
    fn missing_members_point_at_the_member() {
        let problem = error_of(r#"{"items": []}"#);
        assert_eq!(problem.errors[0].pointer, "/customerId");
        assert_eq!(problem.errors[0].detail, "missing field `customerId`");
        let nested = error_of(r#"{"customerId": 1, "items": [{"sku": "a", "kind": "toy"}]}"#);
        assert_eq!(nested.errors[0].pointer, "/items/0/quantity");
    }

    #[test]
    fn unknown_enum_values() {
        let problem =
            error_of(r#"{"customerId": 1, "items": [{"sku": "a", "quantity": 1, "kind": "car"}]}"#);
        assert_eq!(problem.errors[0].pointer, "/items/0/kind");
        assert!(problem.errors[0].detail.contains("unknown variant `car`"));
    }

    #[test]
    fn malformed_json() {
        for body in ["{", "{\"customerId\": }", "{\"customerId\": 1,}", "nul"] {
            let problem = error_of(body);
            assert_eq!(problem.status, 400, "{body}");
            assert_eq!(problem.code, "malformed_json", "{body}");
            assert_eq!(problem.errors[0].pointer, "");
        }
        let empty = error_of("  ");
        assert_eq!(empty.code, "malformed_json");
        assert_eq!(
            empty.detail.as_deref(),
            Some("The request body must be a JSON document.")
        );
    }

    #[test]
    fn trailing_data_after_a_valid_document() {
        let problem = from_slice::<u32>(b"1 2").unwrap_err();
        assert_eq!(problem.code, "malformed_json");
    }

    #[test]
    fn pointer_escapes_keys() {
        let problem =
            from_slice::<std::collections::HashMap<String, u8>>(br#"{"a/b": "x"}"#).unwrap_err();
        assert_eq!(problem.errors[0].pointer, "/a~1b");
    }
}
