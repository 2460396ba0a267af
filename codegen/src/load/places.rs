//! What a value in an OpenAPI document is, decided by the keywords that lead
//! to it (never by a name: a property may well be called `properties`, and
//! an example may hold a `$ref` member that is data, not a reference).
//!
//! Every walk over the raw document in `load` (bundling, lowering, finding
//! references) goes through [`child_place`], so literal data is skipped the
//! same way everywhere.

/// The kind of the value being walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Any OpenAPI object that is not a schema.
    Object,
    /// A map from names to OpenAPI objects (`headers`, `content`,
    /// `encoding`, `callbacks`, `webhooks`, server `variables`, and the
    /// component maps other than schemas, examples and links): a member
    /// named `x-request-id` is a header, not an extension.
    ObjectMap,
    /// The `components` object: each member is a map of named components.
    Components,
    /// A Schema Object (or a reference to one); see [`schema_keyword_place`].
    Schema,
    /// A map from names to schemas (`properties`, `components.schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, …).
    SchemaList,
    /// A map from status codes (or, in `components`, names) to responses.
    Responses,
    /// A map from names to Example Objects.
    Examples,
    /// An Example Object: its `value` is data.
    Example,
    /// A map from names to Link Objects.
    Links,
    /// A Link Object: its `parameters` and `requestBody` are data.
    Link,
}

/// The extension holding webhooks in OpenAPI 3.0 documents, which have no
/// `webhooks` field: read as `webhooks` is.
pub const X_WEBHOOKS: &str = "x-webhooks";

/// Keys whose values are data in any object or schema: never schemas, other
/// OpenAPI objects or references.
pub fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Where a keyword inside a schema leads (`None`: not to a schema).
pub fn schema_keyword_place(key: &str) -> Option<Place> {
    match key {
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            Some(Place::SchemaMap)
        }
        "items"
        | "not"
        | "additionalProperties"
        | "contains"
        | "if"
        | "then"
        | "else"
        | "propertyNames"
        | "additionalItems"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "contentSchema" => Some(Place::Schema),
        "allOf" | "oneOf" | "anyOf" | "prefixItems" => Some(Place::SchemaList),
        _ => None,
    }
}

/// The place of the items of a list at `place`: a list keeps the place of
/// its owner (parameters, tags, …), except that a list of schemas holds schemas.
pub fn item_place(place: Place) -> Place {
    match place {
        Place::SchemaList => Place::Schema,
        // A list where a map of names was expected holds objects.
        Place::ObjectMap | Place::Components => Place::Object,
        place => place,
    }
}

/// Where the member `key` (or the item, for lists) of a value at `place`
/// leads; `None` when it is literal data or holds nothing to walk.
pub fn child_place(place: Place, key: &str) -> Option<Place> {
    match place {
        Place::Schema => schema_keyword_place(key),
        Place::SchemaMap | Place::SchemaList => Some(Place::Schema),
        Place::Responses => Some(Place::Object),
        Place::Examples => Some(Place::Example),
        Place::Links => Some(Place::Link),
        Place::Example => None,
        Place::Link => (key == "server").then_some(Place::Object),
        // Webhooks as OpenAPI 3.0 documents declare them (Redoc's extension).
        Place::Object if key == X_WEBHOOKS => Some(Place::Object),
        Place::ObjectMap => Some(Place::Object),
        Place::Object | Place::Components if is_data_key(key) => None,
        Place::Components => Some(match key {
            "schemas" => Place::SchemaMap,
            "examples" => Place::Examples,
            "links" => Place::Links,
            "responses" => Place::Responses,
            _ => Place::ObjectMap,
        }),
        Place::Object => Some(match key {
            "schema" | "itemSchema" | "x-itemSchema" => Place::Schema,
            "schemas" => Place::SchemaMap,
            "responses" => Place::Responses,
            "examples" => Place::Examples,
            "links" => Place::Links,
            "components" => Place::Components,
            "headers" | "content" | "encoding" | "callbacks" | "webhooks" | "variables" => {
                Place::ObjectMap
            }
            _ => Place::Object,
        }),
    }
}

/// Whether a `$ref` string points outside the document: another file or a URL.
pub fn is_external(reference: &str) -> bool {
    !reference.starts_with('#')
}

/// Whether a `$ref` is a URL (`https://…`, `urn:…`) rather than a relative path.
pub fn is_remote(reference: &str) -> bool {
    let scheme = reference.split_once(':').map_or("", |(s, _)| s);
    // One letter before `:` is a Windows drive, not a scheme.
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Calls `found(pointer, reference)` for every `$ref` in a reference position
/// of the document (literal data and extensions are skipped).
pub fn for_each_reference(
    value: &serde_json::Value,
    pointer: &mut String,
    place: Place,
    found: &mut dyn FnMut(&str, &str),
) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found(pointer, reference);
            }
            for (key, child) in map {
                if key == "$ref" {
                    continue;
                }
                let Some(next) = child_place(place, key) else {
                    continue;
                };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::diagnostics::escape_token(key));
                for_each_reference(child, pointer, next, found);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            let item_place = item_place(place);
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                for_each_reference(item, pointer, item_place, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The place of each top-level member of a document.
pub fn root_place(key: &str) -> Option<Place> {
    child_place(Place::Object, key)
}

/// Follows local `$ref`s (`#/components/…`) from `value` to the object they
/// name; stops at a dangling or external one, or after a cycle's worth of
/// hops. Returns the value reached and the pointer of the last target.
pub fn deref<'v>(
    document: &'v serde_json::Value,
    mut value: &'v serde_json::Value,
) -> (&'v serde_json::Value, Option<String>) {
    let mut target = None;
    for _ in 0..32 {
        let Some(reference) = value.get("$ref").and_then(serde_json::Value::as_str) else {
            break;
        };
        let Some(fragment) = reference.strip_prefix('#') else {
            break;
        };
        let fragment = crate::diagnostics::decode_fragment(fragment);
        match document.pointer(&fragment) {
            Some(next) => {
                target = Some(format!("#{fragment}"));
                value = next;
            }
            None => break,
        }
    }
    (value, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_and_relative_references_are_told_apart() {
        assert!(is_remote("https://example.com/a.yaml#/X"));
        assert!(is_remote("urn:example:x"));
        assert!(!is_remote("common.yaml#/X"));
        assert!(!is_remote("C:/specs/a.yaml"));
        assert!(!is_remote("#/components/schemas/A"));
    }

    #[test]
    fn references_inside_data_are_not_found() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"},
                    "example": {"$ref": "https://example.com/not-a-ref"},
                    "examples": {"one": {"value": {"$ref": "x.yaml"}}, "two": {"$ref": "#/components/examples/B"}}
                }}
            }}}}},
            "components": {"schemas": {"A": {"type": "object", "default": {"$ref": "y"},
                "properties": {"value": {"$ref": "#/components/schemas/A"}}}}}
        });
        let mut found = Vec::new();
        let mut pointer = String::from("#");
        for_each_reference(&doc, &mut pointer, Place::Object, &mut |p, r| {
            found.push((p.to_owned(), r.to_owned()))
        });
        let refs: Vec<&str> = found.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(
            refs,
            [
                "#/components/schemas/A",
                "#/components/examples/B",
                "#/components/schemas/A"
            ]
        );
        assert_eq!(found[2].0, "#/components/schemas/A/properties/value");
    }
}
