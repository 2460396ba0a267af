//! OpenAPI 3.2 on top of 3.1: what the 3.0 model cannot hold is rewritten
//! (media type components are inlined where they are referred to) or left
//! out with a warning (operations of methods the generated router does not
//! serve yet, `querystring` parameters). Everything else 3.2 adds (tag
//! kinds, `$self`, response summaries, example `dataValue`s) is read as
//! 3.1 reads it: unknown members, ignored.

use serde_json::{Map, Value};

use super::lower::METHODS;
use super::places::X_WEBHOOKS;
use crate::diagnostics::{Diagnostic, child};

const MEDIA_TYPES: &str = "#/components/mediaTypes/";

pub(super) fn lower(root: &mut Map<String, Value>, warnings: &mut Vec<Diagnostic>) {
    let media_types = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("mediaTypes"));
    if let Some(Value::Object(media_types)) = media_types {
        for value in root.values_mut() {
            inline_media_types(value, &media_types, 0);
        }
    }
    let querystring_components = remove_querystring_components(root, warnings);
    for key in ["paths", "webhooks", X_WEBHOOKS] {
        let Some(Value::Object(items)) = root.get_mut(key) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            let pointer = child(&child("#", key), path);
            leave_out_other_methods(item, &pointer, warnings);
            leave_out_querystring(item, &pointer, &querystring_components, warnings);
            for method in METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(method) {
                    let pointer = child(&pointer, method);
                    leave_out_querystring(operation, &pointer, &querystring_components, warnings);
                }
            }
        }
    }
}

/// Replaces each `{"$ref": "#/components/mediaTypes/X"}` with X itself
/// (media types refer to no other media type, so one pass is enough; the
/// depth guard only stops a hostile document's cycles).
fn inline_media_types(value: &mut Value, media_types: &Map<String, Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix(MEDIA_TYPES))
                .map(crate::diagnostics::unescape_token)
                .and_then(|name| media_types.get(&name));
            if let Some(target) = target {
                *value = target.clone();
                inline_media_types(value, media_types, depth + 1);
                return;
            }
            for child in map.values_mut() {
                inline_media_types(child, media_types, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                inline_media_types(item, media_types, depth + 1);
            }
        }
        _ => {}
    }
}

/// `query` and `additionalOperations`: methods the router does not serve.
fn leave_out_other_methods(
    item: &mut Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut left_out = Vec::new();
    if item.remove("query").is_some() {
        left_out.push((child(pointer, "query"), "QUERY".to_owned()));
    }
    if let Some(Value::Object(others)) = item.remove("additionalOperations") {
        let base = child(pointer, "additionalOperations");
        left_out.extend(
            others
                .keys()
                .map(|method| (child(&base, method), method.to_uppercase())),
        );
    }
    for (pointer, method) in left_out {
        warnings.push(Diagnostic::warning(
            pointer,
            format!(
                "the {method} method (OpenAPI 3.2) is not generated yet; the operation is left out"
            ),
        ));
    }
}

/// The `querystring` parameters of `components.parameters`, removed: the
/// names they were under.
fn remove_querystring_components(
    root: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(Value::Object(parameters)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("parameters"))
    else {
        return Vec::new();
    };
    let names: Vec<String> = parameters
        .iter()
        .filter(|(_, parameter)| is_querystring(parameter))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        parameters.remove(name);
        warnings.push(querystring_warning(child("#/components/parameters", name)));
    }
    names
}

/// Drops the `querystring` parameters of an operation or path item, and
/// references to the removed components.
fn leave_out_querystring(
    owner: &mut Map<String, Value>,
    pointer: &str,
    removed: &[String],
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::Array(parameters)) = owner.get_mut("parameters") else {
        return;
    };
    let refers_to_removed = |parameter: &Value| {
        parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/parameters/"))
            .is_some_and(|name| removed.contains(&crate::diagnostics::unescape_token(name)))
    };
    let mut index = 0;
    parameters.retain(|parameter| {
        let inline = is_querystring(parameter);
        if inline {
            warnings.push(querystring_warning(child(
                &child(pointer, "parameters"),
                &index.to_string(),
            )));
        }
        index += 1;
        !inline && !refers_to_removed(parameter)
    });
}

fn is_querystring(parameter: &Value) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("querystring")
}

fn querystring_warning(pointer: String) -> Diagnostic {
    Diagnostic::warning(
        pointer,
        "a `querystring` parameter (OpenAPI 3.2) is not read yet; it is left out",
    )
}
