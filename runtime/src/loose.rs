//! Values of a schema that constrains objects but names no `type`: JSON
//! Schema holds such a schema to objects only, so any other value (`null`,
//! a number, a list) is valid too.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::validate::{Validate, Violations};

/// An object read as `T`, or any other JSON value as it came.
#[derive(Clone, Debug, PartialEq)]
pub enum Loose<T> {
    /// An object: the schema's members and rules apply.
    Object(T),
    /// A value that is no object, which the schema lets through.
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

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Self {
        Loose::Object(value)
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

impl<T: Validate> Validate for Loose<T> {
    fn validate(&self, v: &mut Violations) {
        if let Loose::Object(value) = self {
            value.validate(v);
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

/// An object goes to `T` (whose errors keep their place); the rest is kept.
struct LooseVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Loose::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other(Value::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Loose::Other(value.into()))
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
}
