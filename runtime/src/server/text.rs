//! Scalar parameters read straight from their raw text into their Rust
//! type: a serde `Deserializer` over the text, typed by the parameter's
//! [`Kind`], with no `serde_json::Value` in between.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, Deserializer, Visitor};

use crate::params::Kind;
use crate::validate::{Number, Violations};

/// What the text of a scalar is, read as its kind would be in JSON.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scalar {
    /// Text.
    Str,
    /// A whole number that fits an `i64`.
    Signed(i64),
    /// A whole number past `i64` that fits a `u64`.
    Unsigned(u64),
    /// A whole number past 64 bits that fits an `i128`.
    Wide(i128),
    /// Any other finite number.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Scalar {
    /// `text` read as `kind`; `None` when it is not one (a number kind that
    /// does not parse, a boolean other than `true` or `false`).
    pub(crate) fn read(text: &str, kind: Kind) -> Option<Self> {
        let integer = || {
            text.parse::<i64>()
                .map(Self::Signed)
                .or_else(|_| text.parse::<u64>().map(Self::Unsigned))
                .ok()
        };
        // Only an integer kind reads past 64 bits: as a number (or any
        // value) such text is a float, as JSON parsers have it.
        let wide = || text.parse::<i128>().ok().map(Self::Wide);
        let float = || {
            text.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Self::Float)
        };
        let boolean = || match text {
            "true" => Some(Self::Bool(true)),
            "false" => Some(Self::Bool(false)),
            _ => None,
        };
        match kind {
            Kind::String | Kind::Union => Some(Self::Str),
            Kind::Integer => integer().or_else(wide),
            Kind::Number => integer().or_else(float),
            Kind::Boolean => boolean(),
            // Past 64 bits, any value's integer stays text: a union's
            // integer variant reads that exactly, where a float rounds it.
            Kind::Any | Kind::Json => integer()
                .or_else(|| wide().map(|_| Self::Str))
                .or_else(float)
                .or_else(boolean)
                .or(Some(Self::Str)),
        }
    }

    /// Holds the number, if it is one, to number constraints.
    pub(crate) fn check_number(self, v: &mut Violations, rules: &Number) {
        match self {
            Self::Signed(n) => v.number(n, rules),
            Self::Unsigned(n) => v.number(n, rules),
            Self::Wide(n) => v.number(n, rules),
            Self::Float(n) => v.number(n, rules),
            Self::Str | Self::Bool(_) => {}
        }
    }
}

/// A deserializer of one scalar's text.
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    pub(crate) scalar: Scalar,
}

/// Why a scalar's text does not make its type.
#[derive(Debug)]
pub(crate) struct TextError(String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl de::Error for TextError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

impl<'de> Deserializer<'de> for Text<'_> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.scalar {
            Scalar::Str => visitor.visit_str(self.text),
            Scalar::Signed(n) => visitor.visit_i64(n),
            Scalar::Unsigned(n) => visitor.visit_u64(n),
            Scalar::Wide(n) => visitor.visit_i128(n),
            Scalar::Float(n) => visitor.visit_f64(n),
            Scalar::Bool(b) => visitor.visit_bool(b),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        match self.scalar {
            Scalar::Str => visitor.visit_enum(StrDeserializer::<TextError>::new(self.text)),
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn read<T: for<'de> Deserialize<'de>>(text: &str, kind: Kind) -> Result<T, TextError> {
        let scalar = Scalar::read(text, kind).expect("readable");
        T::deserialize(Text { text, scalar })
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
        Green,
    }

    #[test]
    fn scalars_read_as_their_kind() {
        assert_eq!(read::<i32>("-20", Kind::Integer).unwrap(), -20);
        assert_eq!(
            read::<u64>("18446744073709551615", Kind::Integer).unwrap(),
            u64::MAX
        );
        assert_eq!(read::<f64>("2.5", Kind::Number).unwrap(), 2.5);
        assert_eq!(read::<f64>("3", Kind::Number).unwrap(), 3.0);
        assert!(read::<bool>("true", Kind::Boolean).unwrap());
        assert_eq!(read::<String>("42", Kind::String).unwrap(), "42");
        assert_eq!(
            read::<Option<String>>("x", Kind::String)
                .unwrap()
                .as_deref(),
            Some("x")
        );
        assert_eq!(
            read::<Colour>("green", Kind::String).unwrap(),
            Colour::Green
        );
        assert!(read::<Colour>("blue", Kind::String).is_err());
        let id = "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16";
        assert_eq!(
            read::<uuid::Uuid>(id, Kind::String).unwrap().to_string(),
            id
        );
        assert!(read::<uuid::Uuid>("nope", Kind::String).is_err());
        assert!(read::<i8>("300", Kind::Integer).is_err());
        assert_eq!(read::<serde_json::Value>("7", Kind::Any).unwrap(), 7);
        assert_eq!(read::<serde_json::Value>("yes", Kind::Any).unwrap(), "yes");
    }

    #[test]
    fn integers_read_past_64_bits_as_integers_only() {
        let wide = "-1267650600228229401496703205376"; // -2^100
        assert_eq!(read::<i128>(wide, Kind::Integer).unwrap(), -(1i128 << 100));
        let narrow = read::<i64>(wide, Kind::Integer).unwrap_err().to_string();
        assert_eq!(
            crate::json::plain_message(narrow),
            format!("`{wide}` is out of range for int64")
        );
        assert_eq!(read::<f64>(wide, Kind::Number).unwrap(), -(2f64.powi(100)));
        assert!(Scalar::read(&format!("{}0", i128::MAX), Kind::Integer).is_none());
    }

    #[test]
    fn unreadable_texts_are_refused_before_typing() {
        assert_eq!(Scalar::read("1.5", Kind::Integer), None);
        assert_eq!(Scalar::read("inf", Kind::Number), None);
        assert_eq!(Scalar::read("yes", Kind::Boolean), None);
        assert_eq!(Scalar::read("7", Kind::Number), Some(Scalar::Signed(7)));
    }

    #[test]
    fn integers_are_held_exactly_to_bounds_past_f64() {
        // 2^54 - 1: the nearest `f64` is 2^54, which would let 2^54 through.
        let rules = Number {
            maximum: Some(18014398509481983.0),
            exact_maximum: Some(18014398509481983),
            ..Number::NONE
        };
        let held = |text: &str| {
            let mut v = Violations::new(crate::problem::Location::Query, "");
            Scalar::read(text, Kind::Integer)
                .unwrap()
                .check_number(&mut v, &rules);
            v.is_empty()
        };
        assert!(held("18014398509481983"));
        assert!(!held("18014398509481984"));
        assert!(!held("18446744073709551615"));
    }
}
