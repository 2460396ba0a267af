//! Values of a schema that describes objects (or lists) but names no
//! `type`: JSON Schema holds such a schema to objects (lists) only, so any
//! other value (`null`, a number, a text) is valid too.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::validate::{Validate, Violations};

/// An object read as `T`, or any other JSON value as it came: a schema
/// with `properties` but no `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum Loose<T> {
    /// An object: the schema's members and rules apply.
    Object(T),
    /// A value that is no object, which the schema lets through.
    Other(Value),
}

/// A list read as `L` (a `Vec`), or any other JSON value as it came: a
/// schema with `items` but no `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum LooseList<L> {
    /// A list: the schema's item and length rules apply.
    List(L),
    /// A value that is no list, which the schema lets through.
    Other(Value),
}

impl<T> Loose<T> {
    /// The object, if the value is one.
    pub fn object(&self) -> Option<&T> {
        match self {
            Loose::Object(value) => Some(value),
            Loose::Other(_) => None,
        }
    }

    /// The object, if the value is one.
    pub fn into_object(self) -> Option<T> {
        match self {
            Loose::Object(value) => Some(value),
            Loose::Other(_) => None,
        }
    }
}

impl<L> LooseList<L> {
    /// The list, if the value is one.
    pub fn list(&self) -> Option<&L> {
        match self {
            LooseList::List(value) => Some(value),
            LooseList::Other(_) => None,
        }
    }

    /// The list, if the value is one.
    pub fn into_list(self) -> Option<L> {
        match self {
            LooseList::List(value) => Some(value),
            LooseList::Other(_) => None,
        }
    }
}

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Self {
        Loose::Object(value)
    }
}

impl<L> From<L> for LooseList<L> {
    fn from(value: L) -> Self {
        LooseList::List(value)
    }
}

impl<T: Serialize> Serialize for Loose<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Loose::Object(value) => value.serialize(serializer),
            Loose::Other(value) => value.serialize(serializer),
        }
    }
}

impl<L: Serialize> Serialize for LooseList<L> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseList::List(value) => value.serialize(serializer),
            LooseList::Other(value) => value.serialize(serializer),
        }
    }
}

impl<T: Validate> Validate for Loose<T> {
    fn validate(&self, v: &mut Violations) {
        if let Loose::Object(value) = self {
            value.validate(v);
        }
    }
}

impl<L: Validate> Validate for LooseList<L> {
    fn validate(&self, v: &mut Violations) {
        if let LooseList::List(value) = self {
            value.validate(v);
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

impl<'de, L: Deserialize<'de>> Deserialize<'de> for LooseList<L> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

/// One of the two loose shapes: which JSON values go to the typed side,
/// and how the rest is kept.
trait Shape<'de>: Sized {
    /// Reads an object: as the typed side, or kept.
    fn object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    /// Reads a list: as the typed side, or kept.
    fn list<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error>;
    /// Keeps a value of another kind.
    fn other(value: Value) -> Self;
}

impl<'de, T: Deserialize<'de>> Shape<'de> for Loose<T> {
    fn object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Loose::Object)
    }

    fn list<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }

    fn other(value: Value) -> Self {
        Loose::Other(value)
    }
}

impl<'de, L: Deserialize<'de>> Shape<'de> for LooseList<L> {
    fn object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(LooseList::Other)
    }

    fn list<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        L::deserialize(SeqAccessDeserializer::new(seq)).map(LooseList::List)
    }

    fn other(value: Value) -> Self {
        LooseList::Other(value)
    }
}

/// The typed side's kind of value goes to it (whose errors keep their
/// place); the rest is kept.
struct LooseVisitor<S>(PhantomData<S>);

impl<'de, S: Shape<'de>> Visitor<'de> for LooseVisitor<S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S, A::Error> {
        S::object(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S, A::Error> {
        S::list(seq)
    }

    fn visit_unit<E>(self) -> Result<S, E> {
        Ok(S::other(Value::Null))
    }

    fn visit_none<E>(self) -> Result<S, E> {
        Ok(S::other(Value::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<S, E> {
        Ok(S::other(value.into()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<S, E> {
        Ok(S::other(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<S, E> {
        Ok(S::other(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<S, E> {
        Ok(S::other(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<S, E> {
        Ok(S::other(value.into()))
    }

    fn visit_string<E>(self, value: String) -> Result<S, E> {
        Ok(S::other(value.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Named {
        name: String,
    }

    #[test]
    fn objects_are_typed_and_other_values_kept() {
        let read = |json: &str| serde_json::from_str::<Loose<Named>>(json);
        let object = read(r#"{"name": "a"}"#).unwrap();
        assert_eq!(object, Loose::Object(Named { name: "a".into() }));
        assert_eq!(object.object().map(|o| o.name.as_str()), Some("a"));
        assert!(read("[]").unwrap().into_object().is_none());
        for other in ["null", "5", "-1.5", "true", r#""x""#, "[1, {}]"] {
            let value: Value = serde_json::from_str(other).unwrap();
            assert_eq!(read(other).unwrap(), Loose::Other(value.clone()));
            assert_eq!(serde_json::to_value(read(other).unwrap()).unwrap(), value);
        }
        // An object is held to the schema's members.
        let error = read(r#"{"name": 5}"#).unwrap_err().to_string();
        assert!(error.contains("expected a string"), "{error}");
    }

    #[test]
    fn lists_are_typed_and_other_values_kept() {
        let read = |json: &str| serde_json::from_str::<LooseList<Vec<u8>>>(json);
        let list = read("[1, 2]").unwrap();
        assert_eq!(list, LooseList::List(vec![1, 2]));
        assert_eq!(list.into_list(), Some(vec![1, 2]));
        for other in ["null", "5", "true", r#""x""#, r#"{"a": [1]}"#] {
            let value: Value = serde_json::from_str(other).unwrap();
            assert_eq!(read(other).unwrap(), LooseList::Other(value.clone()));
            assert_eq!(serde_json::to_value(read(other).unwrap()).unwrap(), value);
        }
        // A list is held to the schema's items.
        let error = read(r#"[1, "a"]"#).unwrap_err().to_string();
        assert!(error.contains("expected u8"), "{error}");
    }
}
