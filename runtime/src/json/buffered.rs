//! A union's value as its `Deserialize` holds it while choosing a variant.
//!
//! A union is read whole before a variant is chosen (by its tag, or by
//! trying each). A [`serde_json::Value`] holds no integer past 64 bits: it
//! reads one as a float, which an `i128` member then refuses. Where the
//! union is read from JSON text, [`Buffered`] also keeps that text when it
//! holds such a number, and variants are read from the text first, so a
//! 128-bit integer in a union member arrives exactly. Read from anything
//! else (a value already parsed, serde's own buffering under `flatten`),
//! there is no text to keep, and the value is all there is.
//!
//! A union read from a parameter's or a form's text (a query value, a
//! header, a part) is that text as a string; the text may as well spell a
//! number or a boolean, so a variant the string is not may still read it
//! as one ([`Buffered::spelled`]).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The name under which serde_json hands a value's raw text to a visitor
/// (the protocol of [`serde_json::value::RawValue`]'s own `Deserialize`).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A union's value, and the JSON text it was read from where the value
/// alone would lose an integer: one past 64 bits, which a `Value` holds
/// as a float.
#[derive(Debug)]
pub struct Buffered {
    value: Value,
    text: Option<String>,
}

impl Buffered {
    /// The value as parsed.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The JSON text, kept only where the value holds a float that may
    /// have been an integer past 64 bits.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    fn from_text(text: String) -> serde_json::Result<Self> {
        let value: Value = serde_json::from_str(&text)?;
        let text = has_wide_float(&value).then_some(text);
        Ok(Self { value, text })
    }

    /// Where the value is a parameter's or a form's text
    /// ([`is_reading_text`](crate::encoding::is_reading_text)), the number
    /// or boolean that text spells in JSON, if it spells one (`7`, `2.5`,
    /// `true`): the other reading of the text, for variants the string is
    /// not. An empty text is also the empty object (how a form writes `{}`).
    /// Of a list of texts, the list with each item `null` as null,
    /// for a variant whose items may be null; of a list of one text, that
    /// text alone (a form or a query cannot tell one value from a list of
    /// one), for a variant that is no list. Of an object whose names are
    /// all indexes, or the one name `""` (bracketed names, `tags[0]=a`,
    /// `tags[]=a`, are a list's items as well as members), the list of
    /// its values in index order.
    pub(crate) fn spelled(&self) -> Option<Self> {
        if !crate::encoding::is_reading_text() {
            return None;
        }
        match &self.value {
            Value::String(text) if text.is_empty() => Some(Self::from(Value::Object(Map::new()))),
            Value::String(text) => Self::from_text(text.clone())
                .ok()
                .filter(|read| read.value.is_number() || read.value.is_boolean()),
            Value::Array(items) if items.iter().any(|item| item == "null") => {
                let nulled = items.iter().map(|item| match item {
                    Value::String(text) if text == "null" => Value::Null,
                    other => other.clone(),
                });
                Some(Self::from(Value::Array(nulled.collect())))
            }
            Value::Array(items) if let [one @ Value::String(_)] = items.as_slice() => {
                Some(Self::from(one.clone()))
            }
            Value::Object(members) => crate::params::indexed_items(members.clone(), true)
                .ok()
                .map(|items| Self::from(Value::Array(items))),
            _ => None,
        }
    }
}

impl From<Value> for Buffered {
    fn from(value: Value) -> Self {
        Self { value, text: None }
    }
}

/// Whether a number in `value` is a float with no fraction past 64 bits:
/// how serde_json reads an integer too wide for `i64` and `u64`.
pub(crate) fn has_wide_float(value: &Value) -> bool {
    const WIDE: f64 = 9_223_372_036_854_775_808.0; // 2^63
    super::any_number(value, &|n| {
        n.as_f64()
            .is_some_and(|x| n.is_f64() && x.fract() == 0.0 && x.abs() >= WIDE)
    })
}

/// Whether JSON `text` writes an integer past 64 bits (digits alone, no
/// fraction or exponent): one a `Value` would hold as a float. A float
/// written as one (`-3.4e38`) is not.
#[cfg(feature = "server")]
pub(crate) fn writes_wide_integer(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            // A string's digits are no number: skip to its end.
            b'"' => {
                i += 1;
                while let Some(&inner) = bytes.get(i) {
                    match inner {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    i += 1;
                }
                let token = &text[start..i];
                let integer = token.bytes().all(|b| b == b'-' || b.is_ascii_digit());
                if integer && token.parse::<i64>().is_err() && token.parse::<u64>().is_err() {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

impl<'de> Deserialize<'de> for Buffered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json (text or value) answers with the raw text; any other
        // deserializer with the value itself.
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, BufferedVisitor)
    }
}

struct BufferedVisitor;

impl<'de> Visitor<'de> for BufferedVisitor {
    type Value = Buffered;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Buffered, D::Error> {
        Value::deserialize(inner).map(Buffered::from)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buffered, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Object(Map::new()).into());
        };
        if first == RAW_VALUE_TOKEN {
            let text: String = map.next_value()?;
            return Buffered::from_text(text).map_err(de::Error::custom);
        }
        // A deserializer that read the request as any value: an object.
        let mut members = Map::new();
        members.insert(first, map.next_value()?);
        while let Some((name, member)) = map.next_entry()? {
            members.insert(name, member);
        }
        Ok(Value::Object(members).into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buffered, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items).into())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Buffered, E> {
        Ok(Value::Bool(v).into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Buffered, E> {
        Ok(Value::from(v).into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Buffered, E> {
        Ok(Value::from(v).into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Buffered, E> {
        Ok(Value::from(v).into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Buffered, E> {
        Ok(Value::from(v).into())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Buffered, E> {
        Ok(Value::String(v).into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Buffered, E> {
        Ok(Value::Null.into())
    }

    fn visit_none<E: de::Error>(self) -> Result<Buffered, E> {
        Ok(Value::Null.into())
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Buffered, D::Error> {
        Value::deserialize(inner).map(Buffered::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde_json::json;

    #[test]
    fn text_is_kept_only_where_a_wide_integer_may_be() {
        let wide = r#"{"n": 170141183460469231731687303715884105727}"#;
        let buffered: Buffered = serde_json::from_str(wide).unwrap();
        assert_eq!(buffered.text(), Some(wide));
        let narrow: Buffered = serde_json::from_str(r#"{"n": 9007199254740993}"#).unwrap();
        assert_eq!(narrow.text(), None);
        assert_eq!(narrow.value(), &json!({"n": 9_007_199_254_740_993_u64}));
    }

    #[test]
    fn from_a_parsed_value_or_serde_buffering_the_value_is_all_there_is() {
        let value = json!({"a": [1, "x", null, 2.5]});
        let buffered = Buffered::deserialize(&value).unwrap();
        assert_eq!(buffered.value(), &value);
        // serde's own buffering (`flatten`, untagged enums) is not serde_json.
        #[derive(serde::Deserialize)]
        struct Outer {
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, Buffered>,
        }
        let outer: Outer = serde_json::from_str(r#"{"u": {"a": [1, true]}}"#).unwrap();
        assert_eq!(outer.rest["u"].value(), &json!({"a": [1, true]}));
        let text = IntoDeserializer::<de::value::Error>::into_deserializer("x");
        assert_eq!(Buffered::deserialize(text).unwrap().value(), &json!("x"));
    }
}
