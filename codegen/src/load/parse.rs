//! YAML or JSON text → `serde_json::Value`, with line numbers on syntax errors.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// Parses YAML or JSON (JSON is tried first when the text looks like JSON).
pub fn parse_document(text: &str, path: Option<&Path>) -> Result<Value, Diagnostic> {
    let file = path.map(|p| p.display().to_string());
    let located = |d: Diagnostic| match &file {
        Some(f) => d.in_file(f.clone()),
        None => d,
    };
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|err| {
            located(
                Diagnostic::error("#", format!("malformed JSON: {err}")).at_line(Some(err.line())),
            )
        });
    }
    let document: Json = serde_yaml::from_str(text).map_err(|err| {
        let line = err.location().map(|l| l.line());
        located(Diagnostic::error("#", format!("malformed YAML: {err}")).at_line(line))
    })?;
    Ok(document.0)
}

/// A JSON value read from YAML: keys are always strings (`200:` → `"200"`),
/// integers too large for 64 bits become floats, `<<` merge keys are applied,
/// tags are dropped, duplicate keys are an error.
struct Json(Value);

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v)
            .map(Value::from)
            .unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v)
            .map(Value::from)
            .unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error;
        let mut object = serde_json::Map::new();
        let mut merged = Vec::new();
        while let Some(Json(key)) = map.next_key()? {
            let Json(value) = map.next_value()?;
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                _ => return Err(A::Error::custom("mapping keys must be scalars")),
            };
            if key == "<<" {
                merged.push(value);
                continue;
            }
            if object.contains_key(&key) {
                return Err(A::Error::custom(format!("duplicate key `{key}`")));
            }
            object.insert(key, value);
        }
        // Merge keys: explicit keys win, then earlier merged maps.
        for source in merged {
            let sources = match source {
                Value::Array(list) => list,
                other => vec![other],
            };
            for source in sources {
                if let Value::Object(source) = source {
                    for (k, v) in source {
                        object.entry(k).or_insert(v);
                    }
                }
            }
        }
        Ok(Value::Object(object))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the tag is dropped.
        use serde::de::VariantAccess;
        let (_, variant): (Json, _) = data.variant()?;
        variant.newtype_variant::<Json>().map(|j| j.0)
    }
}

fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}
