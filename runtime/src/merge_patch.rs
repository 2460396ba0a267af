//! RFC 7396 JSON merge patch, and the [`Patch`] field wrapper for PATCH DTOs.
//!
//! [`apply`] merges a patch document into a JSON value: members of a patch
//! object replace the target's, `null` members delete, nested objects merge
//! recursively and anything that is not an object replaces the target whole.
//!
//! Generated PATCH request types wrap optional fields in [`Patch`] so that
//! "absent" (leave as is) and "null" (clear) stay distinct:
//!
//! ```
//! use serde::Deserialize;
//! use specforge_runtime::Patch;
//!
//! #[derive(Deserialize)]
//! struct PetPatch {
//!     #[serde(default, skip_serializing_if = "Patch::is_absent")]
//!     nickname: Patch<String>,
//!     #[serde(default, skip_serializing_if = "Patch::is_absent")]
//!     age: Patch<u32>,
//! }
//!
//! let patch: PetPatch = serde_json::from_str(r#"{"nickname": null}"#).unwrap();
//! assert_eq!(patch.nickname, Patch::Null);
//! assert_eq!(patch.age, Patch::Absent);
//!
//! let mut nickname = Some("Rex".to_owned());
//! patch.nickname.apply_to(&mut nickname);
//! assert_eq!(nickname, None);
//! ```

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The media type of a JSON merge patch document.
pub const MERGE_PATCH_JSON: &str = "application/merge-patch+json";

/// Applies the merge patch `patch` to `target` in place (RFC 7396 §2).
///
/// Object members keep their order; members the patch adds go last.
pub fn apply(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(target) = target {
        for (name, value) in patch {
            if value.is_null() {
                target.shift_remove(name);
            } else {
                apply(target.entry(name.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// Applies `patch` to a typed resource: serializes it, merges, and
/// deserializes the result, so a patch that leaves the resource invalid
/// (a required field deleted, a wrong type) is an error.
pub fn apply_to<T>(resource: &T, patch: &Value) -> Result<T, serde_json::Error>
where
    T: Serialize + DeserializeOwned,
{
    let mut value = serde_json::to_value(resource)?;
    apply(&mut value, patch);
    serde_json::from_value(value)
}

/// A member that may be absent, `null`, or a value, and where the first two
/// mean different things (a PATCH body: absent leaves a field unchanged,
/// `null` clears it). Generated models use it for optional members whose
/// schema allows `null`.
///
/// Setting one: `Patch::Value(x)` or `x.into()` (a model's `with_` method
/// does it for you), `Patch::Null` to send `null`, `Patch::Absent` (the
/// default) to leave the member out. Reading one: match it, or
/// [`as_option`](Patch::as_option) when absent and `null` mean the same
/// to you.
///
/// Deserializes from `null` to [`Patch::Null`] and from any other value to
/// [`Patch::Value`]; a missing member needs `#[serde(default)]` to become
/// [`Patch::Absent`]. Serializes `Null` as `null` and `Value` as the value;
/// pair it with `skip_serializing_if = "Patch::is_absent"` so `Absent`
/// members are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// The member was not in the patch: leave the field as it is.
    #[default]
    Absent,
    /// The member was `null`: clear the field.
    Null,
    /// The member had a value: set the field to it.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the member was absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the member was `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether the member had a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Self::Value(_))
    }

    /// The value, if there was one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Self::Absent => Patch::Absent,
            Self::Null => Patch::Null,
            Self::Value(value) => Patch::Value(value),
        }
    }

    /// Maps the value, keeping absent and null.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Self::Absent => Patch::Absent,
            Self::Null => Patch::Null,
            Self::Value(value) => Patch::Value(f(value)),
        }
    }

    /// The value, when there is one (absent and `null` are both `None`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// `None` when absent, `Some(None)` when `null`, `Some(Some(value))`.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Self::Absent => None,
            Self::Null => Some(None),
            Self::Value(value) => Some(Some(value)),
        }
    }

    /// Applies this change to an optional field: absent leaves it, null
    /// clears it, a value replaces it.
    pub fn apply_to(self, field: &mut Option<T>) {
        match self {
            Self::Absent => {}
            Self::Null => *field = None,
            Self::Value(value) => *field = Some(value),
        }
    }
}

impl<T> From<Option<Option<T>>> for Patch<T> {
    fn from(value: Option<Option<T>>) -> Self {
        match value {
            None => Self::Absent,
            Some(None) => Self::Null,
            Some(Some(value)) => Self::Value(value),
        }
    }
}

impl<T> From<T> for Patch<T> {
    /// A value: sent as it is.
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `None` becomes [`Patch::Null`]; use [`Patch::Absent`] to leave a
    /// field unchanged.
    fn from(value: Option<T>) -> Self {
        match value {
            None => Self::Null,
            Some(value) => Self::Value(value),
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Absent | Self::Null => serializer.serialize_none(),
            Self::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The examples of RFC 7396 Appendix A.
    #[test]
    fn rfc7396_appendix_a() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (mut target, patch, expected) in cases {
            let original = target.clone();
            apply(&mut target, &patch);
            assert_eq!(target, expected, "{original} + {patch}");
        }
    }

    /// The worked example of RFC 7396 §3.
    #[test]
    fn rfc7396_section_3_example() {
        let mut target = json!({
            "title": "Goodbye!",
            "author": {"givenName": "John", "familyName": "Doe"},
            "tags": ["example", "sample"],
            "content": "This will be unchanged"
        });
        let patch = json!({
            "title": "Hello!",
            "phoneNumber": "+01-123-456-7890",
            "author": {"familyName": null},
            "tags": ["example"]
        });
        apply(&mut target, &patch);
        assert_eq!(
            target,
            json!({
                "title": "Hello!",
                "author": {"givenName": "John"},
                "tags": ["example"],
                "content": "This will be unchanged",
                "phoneNumber": "+01-123-456-7890"
            })
        );
    }

    #[test]
    fn member_order_is_kept() {
        let mut target = json!({"a": 1, "b": 2, "c": 3});
        apply(&mut target, &json!({"a": null, "d": 4}));
        let keys: Vec<_> = target.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "c", "d"]);
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pet {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nickname: Option<String>,
    }

    #[test]
    fn apply_to_typed_resource() {
        let pet = Pet {
            name: "Rex".into(),
            nickname: Some("R".into()),
        };
        let patched = apply_to(&pet, &json!({"nickname": null, "name": "Max"})).unwrap();
        assert_eq!(
            patched,
            Pet {
                name: "Max".into(),
                nickname: None
            }
        );
        assert!(apply_to(&pet, &json!({"name": null})).is_err());
        assert!(apply_to(&pet, &json!({"name": 5})).is_err());
    }

    #[derive(Debug, PartialEq, Default, Serialize, Deserialize)]
    struct PetPatch {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        age: Patch<u32>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        tags: Patch<Vec<String>>,
    }

    #[test]
    fn patch_fields_keep_absent_null_and_value_apart() {
        let patch: PetPatch = serde_json::from_value(json!({"name": null, "age": 3})).unwrap();
        assert_eq!(
            patch,
            PetPatch {
                name: Patch::Null,
                age: Patch::Value(3),
                tags: Patch::Absent,
            }
        );
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!({"name": null, "age": 3})
        );
        assert_eq!(
            serde_json::to_value(PetPatch::default()).unwrap(),
            json!({})
        );
        assert!(serde_json::from_value::<PetPatch>(json!({"age": "x"})).is_err());
    }

    #[test]
    fn patch_helpers() {
        let value = Patch::Value(2);
        assert!(value.is_value() && !value.is_null() && !value.is_absent());
        assert_eq!(value.value(), Some(&2));
        assert_eq!(value.map(|v| v * 2), Patch::Value(4));
        assert_eq!(value.as_ref(), Patch::Value(&2));
        assert_eq!(Patch::<u8>::Absent.into_option(), None);
        assert_eq!(Patch::<u8>::Null.into_option(), Some(None));
        assert_eq!(Patch::Value(1).into_option(), Some(Some(1)));
        assert_eq!(Patch::from(Some(Some(1))), Patch::Value(1));
        assert_eq!(Patch::<u8>::from(None::<Option<u8>>), Patch::Absent);
        assert_eq!(Patch::<u8>::from(None::<u8>), Patch::Null);

        let mut field = Some(1);
        Patch::Absent.apply_to(&mut field);
        assert_eq!(field, Some(1));
        Patch::Value(5).apply_to(&mut field);
        assert_eq!(field, Some(5));
        Patch::Null.apply_to(&mut field);
        assert_eq!(field, None);
    }
}
