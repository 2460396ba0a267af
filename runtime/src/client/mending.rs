//! The second reading of an answer that breaks its contract: plainly, as
//! many servers, and the examples a mock serves, write answers. Numbers and
//! booleans spelled as strings (`"10.00"`, `"true"`) are what they spell, a
//! number where a string belongs (`3`) is its text, and, mended where the
//! reading stops, a scalar where a list belongs is a list of it (`"a, b"`
//! for `["a, b"]`), an empty object where an object with required members
//! belongs is no value (`null`, as PHP servers and Prism's examples write
//! "none" as `{}`), and a `null` where no value may be null is left out (an
//! item of a list, a member of an object).

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::json::strict::Strict;

/// The most places one answer is mended in before it is given up on.
const MOST_MENDS: usize = 64;

/// `json` read loosely as `T`; `None` when even so it is not one.
pub(super) fn read_loosely<T: DeserializeOwned>(json: &[u8]) -> Option<T> {
    let mut value: Value = serde_json::from_slice(json).ok()?;
    for _ in 0..=MOST_MENDS {
        let read = crate::encoding::reading_loosely(|| {
            serde_path_to_error::deserialize::<_, T>(Strict::new(&value))
        });
        match read {
            Ok(typed) => return Some(typed),
            Err(failed) => mend(&mut value, &failed)?,
        }
    }
    None
}

/// Mends the place the reading stopped at, where that is one of the
/// mends this module makes; `None` where it is not.
fn mend(value: &mut Value, failed: &serde_path_to_error::Error<serde_json::Error>) -> Option<()> {
    let mut at = Vec::new();
    for segment in failed.path().iter() {
        match segment {
            Segment::Seq { index } => at.push(index.to_string()),
            Segment::Map { key } => at.push(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => return None,
        }
    }
    // Where within a union's value its variant failed.
    let text = failed.inner().to_string();
    let (within, message) = crate::json::split_located(&text);
    let within = within.split('/').skip(1);
    at.extend(within.map(crate::problem::unescape_pointer_segment));
    let (last, parent) = at.split_last()?;
    let parent: String = (parent.iter())
        .map(|token| format!("/{}", crate::problem::escape_pointer_segment(token)))
        .collect();
    let parent = value.pointer_mut(&parent)?;
    match parent {
        Value::Array(items) => {
            let index: usize = last.parse().ok()?;
            mend_place(items.get_mut(index)?, message).or_else(|| {
                items[index].is_null().then(|| {
                    items.remove(index);
                })
            })
        }
        Value::Object(members) => mend_place(members.get_mut(last)?, message).or_else(|| {
            members[last].is_null().then(|| {
                members.remove(last);
            })
        }),
        _ => None,
    }
}

/// A scalar where a list was expected becomes a list of it; an empty
/// object missing a member it must have, `null`.
fn mend_place(place: &mut Value, message: &str) -> Option<()> {
    let scalar = matches!(place, Value::String(_) | Value::Number(_) | Value::Bool(_));
    if scalar && message.contains("expected a sequence") {
        *place = Value::Array(vec![place.take()]);
        return Some(());
    }
    let empty = place.as_object().is_some_and(|members| members.is_empty());
    (empty && message.starts_with("missing field")).then(|| *place = Value::Null)
}

#[cfg(test)]
mod tests {
    use super::read_loosely;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Client {
        audience: Vec<String>,
        #[serde(default)]
        scopes: Option<Vec<String>>,
        ports: Vec<u16>,
    }

    #[test]
    fn a_scalar_where_a_list_belongs_is_a_list_of_it() {
        let json = br#"{"audience": "a, b", "scopes": "read", "ports": "80"}"#;
        let read: Client = read_loosely(json).unwrap();
        assert_eq!(read.audience, ["a, b"]);
        assert_eq!(read.scopes.unwrap(), ["read"]);
        assert_eq!(read.ports, [80]);
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Account {
        id: String,
        connection: Option<Connection>,
        #[serde(default)]
        backup: Option<Connection>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Holder {
        #[allow(dead_code)]
        connection: Connection,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Connection {
        id: String,
    }

    #[test]
    fn an_empty_object_missing_required_members_is_no_value() {
        let json = br#"{"id": "a", "connection": {}, "backup": {}}"#;
        let read: Account = read_loosely(json).unwrap();
        assert_eq!((read.connection, read.backup), (None, None));
        // Where a value must be, none is made up; in a list, as a `null`
        // item, it is left out.
        assert!(read_loosely::<Connection>(b"{}").is_none());
        assert!(read_loosely::<Holder>(br#"{"connection": {}}"#).is_none());
        let list: Vec<Connection> = read_loosely(br#"[{}, {"id": "b"}]"#).unwrap();
        assert_eq!(list, [Connection { id: "b".into() }]);
    }

    #[test]
    fn a_null_no_value_may_be_is_left_out() {
        let json = br#"{"audience": [null, "a", null], "scopes": null, "ports": []}"#;
        let read: Client = read_loosely(json).unwrap();
        assert_eq!(read.audience, ["a"]);
        assert_eq!(read.scopes, None);
        // A member that must be there is not made up.
        assert!(read_loosely::<Client>(br#"{"audience": [], "ports": null}"#).is_none());
    }
}
