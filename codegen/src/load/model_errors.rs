//! Finding where the typed model refuses a (lowered) document.
//!
//! `openapiv3` flattens maps and reads `$ref`-or-object values through a
//! buffer, so serde's path stops at the first such place (`#/paths` for a bad
//! operation). Here each part is read on its own, deepest parts first, and
//! the first one that fails names the place.

use openapiv3::{
    Example, Header, Link, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response,
    Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::lower::METHODS;
use crate::diagnostics::child;

/// The pointer and message of the deepest part of `document` that the typed
/// model refuses, if any part alone is refused.
pub(super) fn deepest(document: &Value) -> Option<(String, String)> {
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if let Some(found) = path_item(item, &child("#/paths", path)) {
                return Some(found);
            }
        }
    }
    let components = document.get("components").and_then(Value::as_object)?;
    for (kind, entries) in components {
        let Some(entries) = entries.as_object() else {
            continue;
        };
        let kind_pointer = child("#/components", kind);
        for (name, entry) in entries {
            let pointer = child(&kind_pointer, name);
            let found = match kind.as_str() {
                "schemas" => schema(entry, &pointer),
                "responses" => response(entry, &pointer),
                "parameters" => parameter(entry, &pointer),
                "requestBodies" => request_body(entry, &pointer),
                "examples" => attempt::<ReferenceOr<Example>>(entry, &pointer),
                "headers" => attempt::<ReferenceOr<Header>>(entry, &pointer),
                "securitySchemes" => attempt::<ReferenceOr<SecurityScheme>>(entry, &pointer),
                "links" => attempt::<ReferenceOr<Link>>(entry, &pointer),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// Reads `value` as a `T`; on failure, the pointer of the failing place.
fn attempt<T: DeserializeOwned>(value: &Value, pointer: &str) -> Option<(String, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let inner = super::path_to_pointer(err.path());
    Some((
        format!("{pointer}{}", inner.trim_start_matches('#')),
        err.inner().to_string(),
    ))
}

fn is_ref(value: &Value) -> bool {
    value.get("$ref").is_some()
}

fn members<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = (&'v String, &'v Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn path_item(item: &Value, pointer: &str) -> Option<(String, String)> {
    if is_ref(item) {
        return None;
    }
    for method in METHODS {
        if let Some(operation) = item.get(method)
            && let Some(found) = self::operation(operation, &child(pointer, method))
        {
            return Some(found);
        }
    }
    parameters(item, pointer).or_else(|| attempt::<PathItem>(item, pointer))
}

fn parameters(owner: &Value, pointer: &str) -> Option<(String, String)> {
    let list = owner.get("parameters")?.as_array()?;
    let pointer = child(pointer, "parameters");
    list.iter()
        .enumerate()
        .find_map(|(i, p)| parameter(p, &child(&pointer, &i.to_string())))
}

fn parameter(value: &Value, pointer: &str) -> Option<(String, String)> {
    if is_ref(value) {
        return None;
    }
    value
        .get("schema")
        .and_then(|s| schema(s, &child(pointer, "schema")))
        .or_else(|| attempt::<ReferenceOr<Parameter>>(value, pointer))
}

fn operation(operation: &Value, pointer: &str) -> Option<(String, String)> {
    if let Some(found) = parameters(operation, pointer) {
        return Some(found);
    }
    if let Some(body) = operation.get("requestBody")
        && let Some(found) = request_body(body, &child(pointer, "requestBody"))
    {
        return Some(found);
    }
    let responses = child(pointer, "responses");
    for (status, value) in members(operation, "responses") {
        if let Some(found) = response(value, &child(&responses, status)) {
            return Some(found);
        }
    }
    attempt::<Operation>(operation, pointer)
}

fn content(owner: &Value, pointer: &str) -> Option<(String, String)> {
    let content = child(pointer, "content");
    members(owner, "content").find_map(|(media, value)| {
        value
            .get("schema")
            .and_then(|s| schema(s, &child(&child(&content, media), "schema")))
    })
}

fn request_body(value: &Value, pointer: &str) -> Option<(String, String)> {
    if is_ref(value) {
        return None;
    }
    content(value, pointer).or_else(|| attempt::<ReferenceOr<RequestBody>>(value, pointer))
}

fn response(value: &Value, pointer: &str) -> Option<(String, String)> {
    if is_ref(value) {
        return None;
    }
    let headers = child(pointer, "headers");
    content(value, pointer)
        .or_else(|| {
            members(value, "headers")
                .find_map(|(name, h)| attempt::<ReferenceOr<Header>>(h, &child(&headers, name)))
        })
        .or_else(|| attempt::<ReferenceOr<Response>>(value, pointer))
}

fn schema(value: &Value, pointer: &str) -> Option<(String, String)> {
    if is_ref(value) {
        return None;
    }
    let properties = child(pointer, "properties");
    for (name, property) in members(value, "properties") {
        if let Some(found) = schema(property, &child(&properties, name)) {
            return Some(found);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(inner) = value.get(key).filter(|v| v.is_object())
            && let Some(found) = schema(inner, &child(pointer, key))
        {
            return Some(found);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        let list = child(pointer, key);
        for (i, inner) in value
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(found) = schema(inner, &child(&list, &i.to_string())) {
                return Some(found);
            }
        }
    }
    attempt::<ReferenceOr<Schema>>(value, pointer)
}
