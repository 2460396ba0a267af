//! Typed response headers: a serde deserializer reading one header value as
//! the type the spec gives it (text, numbers, booleans, comma-separated
//! lists, string enums, dates, …).

use serde::de::value::{Error, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Reads `text` as a `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    T::deserialize(Text(text.trim()))
}

#[derive(Clone, Copy)]
struct Text<'de>(&'de str);

impl Text<'_> {
    fn parsed<N: std::str::FromStr>(self, what: &str) -> Result<N, Error> {
        self.0
            .parse()
            .map_err(|_| de::Error::custom(format!("`{}` is not {what}", self.0)))
    }
}

impl<'de> IntoDeserializer<'de, Error> for Text<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! parse_number {
    ($($method:ident $visit:ident $what:literal),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parsed($what)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Text<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    parse_number! {
        deserialize_bool visit_bool "a boolean",
        deserialize_i8 visit_i8 "an integer",
        deserialize_i16 visit_i16 "an integer",
        deserialize_i32 visit_i32 "an integer",
        deserialize_i64 visit_i64 "an integer",
        deserialize_i128 visit_i128 "an integer",
        deserialize_u8 visit_u8 "an integer",
        deserialize_u16 visit_u16 "an integer",
        deserialize_u32 visit_u32 "an integer",
        deserialize_u64 visit_u64 "an integer",
        deserialize_u128 visit_u128 "an integer",
        deserialize_f32 visit_f32 "a number",
        deserialize_f64 visit_f64 "a number",
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = self
            .0
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(Text);
        visitor.visit_seq(SeqDeserializer::new(items))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct tuple tuple_struct map struct
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum State {
        Queued,
        Running,
        #[serde(untagged)]
        Unknown(String),
    }

    #[test]
    fn scalars_take_the_declared_type() {
        assert_eq!(parse::<String>(" 42 ").unwrap(), "42");
        assert_eq!(parse::<i32>("42").unwrap(), 42);
        assert_eq!(parse::<u64>("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(parse::<f64>("2.5").unwrap(), 2.5);
        assert!(parse::<bool>("true").unwrap());
        assert_eq!(parse::<Option<i64>>("7").unwrap(), Some(7));
        assert_eq!(
            parse::<serde_json::Value>("text").unwrap(),
            serde_json::json!("text")
        );
        let err = parse::<i32>("soon").unwrap_err().to_string();
        assert!(err.contains("`soon` is not an integer"), "{err}");
    }

    #[test]
    fn lists_enums_and_dates() {
        assert_eq!(parse::<Vec<i32>>("1, 2,3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse::<Vec<String>>("").unwrap(), Vec::<String>::new());
        assert_eq!(parse::<State>("running").unwrap(), State::Running);
        assert_eq!(parse::<State>("queued").unwrap(), State::Queued);
        assert_eq!(
            parse::<State>("paused").unwrap(),
            State::Unknown("paused".into())
        );
        assert_eq!(
            parse::<uuid::Uuid>("8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16")
                .unwrap()
                .to_string(),
            "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16"
        );
    }
}
