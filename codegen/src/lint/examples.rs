//! Checks an example value against its schema (lowered 3.0 shape): types,
//! nullable, enum, required and closed members, bounds, lengths, pattern,
//! items, the formats the generated server checks and compositions, and in
//! a request no read-only member. Returns the first violation.

use serde_json::Value;

use specforge_runtime::validate::{Format, Pattern};

use crate::load::places::deref;

/// Why `value` does not match `schema`, with the pointer inside the value;
/// a `request`'s value may not carry a read-only member, which the server
/// refuses.
pub(super) fn violation(
    doc: &Value,
    schema: &Value,
    value: &Value,
    request: bool,
) -> Option<String> {
    let mut checker = Checker {
        doc,
        request,
        at: String::new(),
        in_progress: Vec::new(),
    };
    checker.check(schema, value, 0).map(|why| {
        if checker.at.is_empty() {
            why
        } else {
            format!("{}: {why}", checker.at)
        }
    })
}

/// One example's check: where in the value it is, and which schemas it is
/// checking which parts of the value against.
struct Checker<'d> {
    doc: &'d Value,
    request: bool,
    /// The pointer inside the value of the part being checked.
    at: String,
    /// (schema, value) pairs being checked further up: a schema that comes
    /// back to itself (a parent listing children that include the parent)
    /// is not checked again on the same value, which would branch at each
    /// turn of the cycle.
    in_progress: Vec<(*const Value, *const Value)>,
}

impl<'d> Checker<'d> {
    fn check(&mut self, schema: &'d Value, value: &'d Value, depth: usize) -> Option<String> {
        let schema = deref(self.doc, schema).0;
        let pair = (schema as *const Value, value as *const Value);
        if depth > 64 || self.in_progress.contains(&pair) {
            return None;
        }
        self.in_progress.push(pair);
        let why = self.check_here(schema, value, depth);
        self.in_progress.pop();
        why
    }

    fn check_here(&mut self, schema: &'d Value, value: &'d Value, depth: usize) -> Option<String> {
        let (doc, request) = (self.doc, self.request);
        let s = schema.as_object()?;
        if value.is_null() {
            let nullable = s.get("nullable").and_then(Value::as_bool) == Some(true);
            let typed = s.contains_key("type") || s.contains_key("enum");
            return (typed && !nullable).then(|| "null where the schema does not allow it".into());
        }
        if let Some(Value::Array(all)) = s.get("allOf") {
            for member in all {
                if let Some(why) = self.check(member, value, depth + 1) {
                    return Some(why);
                }
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get(key) {
                let len = self.at.len();
                let fits = members.iter().any(|m| {
                    let ok = self.check(m, value, depth + 1).is_none();
                    self.at.truncate(len);
                    ok
                });
                if !fits && !members.is_empty() {
                    return Some(format!("matches none of the `{key}` alternatives"));
                }
            }
        }
        if let Some(Value::Array(allowed)) = s.get("enum")
            && !allowed.is_empty()
            && !allowed.contains(value)
        {
            return Some(format!("{value} is not one of the enum values"));
        }
        if let Some(ty) = s.get("type").and_then(Value::as_str) {
            let ok = match ty {
                "string" => value.is_string(),
                "integer" => {
                    value.is_i64()
                        || value.is_u64()
                        || value.as_f64().is_some_and(|f| f.fract() == 0.0)
                }
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "array" => value.is_array(),
                "object" => value.is_object(),
                _ => true,
            };
            if !ok {
                return Some(format!("{} where the schema wants {ty}", kind(value)));
            }
        }
        match value {
            Value::String(text) => string(s, text),
            Value::Number(n) => number(s, n.as_f64().unwrap_or_default()),
            Value::Array(items) => {
                if let Some(why) = size(s, items.len(), "items", "Items") {
                    return Some(why);
                }
                let item_schema = s.get("items")?;
                for (i, item) in items.iter().enumerate() {
                    let len = self.at.len();
                    self.at.push_str(&format!("/{i}"));
                    if let Some(why) = self.check(item_schema, item, depth + 1) {
                        return Some(why);
                    }
                    self.at.truncate(len);
                }
                None
            }
            Value::Object(members) => {
                if let Some(Value::Array(required)) = s.get("required") {
                    for name in required.iter().filter_map(Value::as_str) {
                        let read_only = s
                            .get("properties")
                            .and_then(|p| p.get(name))
                            .map(|p| deref(doc, p).0)
                            .and_then(|p| p.get("readOnly"))
                            == Some(&Value::Bool(true));
                        if !members.contains_key(name) && !read_only {
                            return Some(format!("the required member `{name}` is missing"));
                        }
                    }
                }
                let properties = s.get("properties").and_then(Value::as_object);
                let closed = s.get("additionalProperties") == Some(&Value::Bool(false));
                for (name, member) in members {
                    let len = self.at.len();
                    self.at.push('/');
                    self.at.push_str(&crate::diagnostics::escape_token(name));
                    let why = match properties.and_then(|p| p.get(name)) {
                        Some(property)
                            if request
                                && deref(doc, property).0.get("readOnly")
                                    == Some(&Value::Bool(true)) =>
                        {
                            Some("a read-only member, which the server refuses in requests".into())
                        }
                        Some(property) => self.check(property, member, depth + 1),
                        None if closed && !has_composition(s) => Some(
                            "a member the schema does not declare (additionalProperties: false)"
                                .into(),
                        ),
                        None => match s.get("additionalProperties") {
                            Some(extra) if extra.is_object() => {
                                self.check(extra, member, depth + 1)
                            }
                            _ => None,
                        },
                    };
                    if why.is_some() {
                        return why;
                    }
                    self.at.truncate(len);
                }
                None
            }
            _ => None,
        }
    }
}

fn has_composition(schema: &serde_json::Map<String, Value>) -> bool {
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| schema.contains_key(*k))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Why a size (`count` `unit`) breaks the schema's `min{keyword}` or
/// `max{keyword}`, if it does.
fn size(
    s: &serde_json::Map<String, Value>,
    count: usize,
    unit: &str,
    keyword: &str,
) -> Option<String> {
    let count = count as u64;
    let limit = |bound: &str| s.get(&format!("{bound}{keyword}")).and_then(Value::as_u64);
    if let Some(min) = limit("min")
        && count < min
    {
        return Some(format!("{count} {unit}, fewer than min{keyword} {min}"));
    }
    if let Some(max) = limit("max")
        && count > max
    {
        return Some(format!("{count} {unit}, more than max{keyword} {max}"));
    }
    None
}

fn string(s: &serde_json::Map<String, Value>, text: &str) -> Option<String> {
    if let Some(why) = size(s, text.chars().count(), "characters", "Length") {
        return Some(why);
    }
    if let Some(pattern) = s.get("pattern").and_then(Value::as_str)
        && Pattern::new(pattern).is_some_and(|compiled| !compiled.matches(text))
    {
        return Some(format!("`{text}` does not match the pattern {pattern}"));
    }
    // As the generated server reads them (the runtime's own definitions).
    let format_ok = match s.get("format").and_then(Value::as_str) {
        Some("uuid") => is_uuid(text),
        Some("date") => text.parse::<specforge_runtime::Date>().is_ok(),
        Some("date-time") => text.parse::<specforge_runtime::DateTime>().is_ok(),
        Some(name) => Format::named(name).is_none_or(|format| format.accepts(text)),
        None => true,
    };
    (!format_ok).then(|| {
        format!(
            "`{text}` is not a valid {}",
            s["format"].as_str().unwrap_or("")
        )
    })
}

fn number(s: &serde_json::Map<String, Value>, n: f64) -> Option<String> {
    let exclusive = |key: &str| s.get(key).and_then(Value::as_bool) == Some(true);
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        let below = if exclusive("exclusiveMinimum") {
            n <= min
        } else {
            n < min
        };
        if below {
            return Some(format!("{n} is below the minimum {min}"));
        }
    }
    if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
        let above = if exclusive("exclusiveMaximum") {
            n >= max
        } else {
            n > max
        };
        if above {
            return Some(format!("{n} is above the maximum {max}"));
        }
    }
    if let Some(step) = s.get("multipleOf").and_then(Value::as_f64)
        && step > 0.0
        && ((n / step).round() * step - n).abs() > 1e-9 * n.abs().max(1.0)
    {
        return Some(format!("{n} is not a multiple of {step}"));
    }
    None
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn violations_name_the_member() {
        let doc = json!({"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}}}});
        let schema = json!({
            "type": "object", "required": ["id", "n"], "additionalProperties": false,
            "properties": {"id": {"$ref": "#/components/schemas/Id"},
                           "n": {"type": "integer", "maximum": 3},
                           "tags": {"type": "array", "items": {"type": "string", "maxLength": 2}}}
        });
        let ok = json!({"id": "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16", "n": 3, "tags": ["ab"]});
        assert_eq!(violation(&doc, &schema, &ok, false), None);
        let bad = json!({"id": "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16", "n": 3, "tags": ["abc"]});
        assert!(
            violation(&doc, &schema, &bad, false)
                .unwrap()
                .starts_with("/tags/0: 3 characters")
        );
        let bad = json!({"id": "nope", "n": 4});
        assert!(
            violation(&doc, &schema, &bad, false)
                .unwrap()
                .contains("/id")
        );
        let bad = json!({"id": "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16"});
        assert!(
            violation(&doc, &schema, &bad, false)
                .unwrap()
                .contains("`n` is missing")
        );
        let bad = json!({"id": "8c1f2a4e-6b3d-4f7a-9e21-5d0c7b9a3e16", "n": 1, "x": 1});
        assert!(
            violation(&doc, &schema, &bad, false)
                .unwrap()
                .contains("does not declare")
        );
    }

    #[test]
    fn a_schema_that_comes_back_to_itself_is_checked_once_per_value() {
        // A parent listing its children, each of which includes the parent:
        // at each turn every child is tried again, 2^32 paths deep.
        let doc = json!({"components": {"schemas": {
            "Key": {"type": "object", "oneOf": [{"$ref": "#/components/schemas/Ec"},
                                                {"$ref": "#/components/schemas/Rsa"}]},
            "Ec": {"allOf": [{"$ref": "#/components/schemas/Key"}],
                   "properties": {"kty": {"enum": ["EC"]}, "y": {"type": "string"}}},
            "Rsa": {"allOf": [{"$ref": "#/components/schemas/Key"}],
                    "properties": {"kty": {"enum": ["RSA"]}}}
        }}});
        let key = json!({"$ref": "#/components/schemas/Key"});
        assert_eq!(
            violation(&doc, &key, &json!({"kty": "EC", "y": "b"}), false),
            None
        );
        assert_eq!(
            violation(&doc, &key, &json!({"kty": "EC", "y": {}}), false).as_deref(),
            Some("matches none of the `oneOf` alternatives")
        );
    }

    #[test]
    fn a_request_example_leaves_read_only_members_out() {
        let doc = json!({"components": {"schemas": {"Id": {"type": "string", "readOnly": true}}}});
        let schema = json!({
            "type": "object", "required": ["id", "name"],
            "properties": {"id": {"$ref": "#/components/schemas/Id"},
                           "name": {"type": "string"},
                           "owner": {"type": "object",
                                     "properties": {"since": {"type": "string", "readOnly": true}}}}
        });
        let answer = json!({"id": "a1", "name": "n", "owner": {"since": "2024"}});
        assert_eq!(violation(&doc, &schema, &answer, false), None);
        assert_eq!(
            violation(&doc, &schema, &answer, true).as_deref(),
            Some("/id: a read-only member, which the server refuses in requests")
        );
        let nested = json!({"name": "n", "owner": {"since": "2024"}});
        assert!(
            violation(&doc, &schema, &nested, true)
                .unwrap()
                .starts_with("/owner/since: a read-only member")
        );
        // Its being required binds answers only.
        assert_eq!(violation(&doc, &schema, &json!({"name": "n"}), true), None);
    }
}
