//! Lowering: rewrites a document in place into the OpenAPI 3.0 shape that
//! `openapiv3` models, and normalises keywords whose value has the wrong JSON type
//! (dropping them with a warning rather than failing the whole document).
//!
//! 3.1 constructs handled: type arrays with `"null"`, `const`, schema `examples`,
//! numeric `exclusiveMinimum`/`exclusiveMaximum`, boolean schemas,
//! `contentEncoding`/`contentMediaType`, `unevaluatedProperties` where it
//! means `additionalProperties`, `prefixItems` (as a list of each item's
//! schemas), documents without `paths`,
//! `mutualTLS` security schemes (3.2's own constructs: `lower32`). For every
//! version, `$ref` with sibling keywords becomes `allOf: [$ref]` plus the
//! siblings, so a sibling `nullable` or `description` is kept, and slips
//! whose meaning is plain are read with a warning: an `info.version` written
//! as a YAML number, no `info.title`, a 3.0 operation without `responses`,
//! a server variable without `default`, `required: true` on a property,
//! a parameter `style` its location does not define, a security
//! requirement's scopes written `null`, `content: null`. `const` in a 3.0
//! document is named in a warning: 3.0's JSON Schema (Wright-00) has no
//! such keyword.

use serde_json::{Map, Value, json};

use super::Version;
use super::places::{Place, X_WEBHOOKS, child_place, item_place, schema_keyword_place};
use crate::diagnostics::{Diagnostic, child};

/// HTTP methods whose members of a path item are operations.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `untitled` is the title a document without `info.title` is given.
pub(super) fn lower(
    document: &mut Value,
    version: Version,
    untitled: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    repair_info(root, untitled, warnings);
    repair_server_variables(root, warnings);
    repair_security_scopes(root, warnings);
    if version == Version::V3_2 {
        super::lower32::lower(root, warnings);
    }
    // 3.1 made `responses` optional; in 3.0 leaving it out is a slip.
    let mut missing_responses = Vec::new();
    add_missing_responses(root, &mut missing_responses);
    if version == Version::V3_0 {
        warnings.extend(missing_responses.into_iter().map(|pointer| {
            Diagnostic::warning(
                pointer,
                "an OpenAPI 3.0 operation must list its `responses`; read as listing none",
            )
        }));
    }
    if version.has_json_schema_2020() {
        drop_mutual_tls(root, warnings);
    }
    let mut lowerer = Lowerer { version, warnings };
    for (key, value) in root.iter_mut() {
        if let Some(place) = child_place(Place::Object, key) {
            lowerer.walk(value, &child("#", key), place);
        }
    }
}

struct Lowerer<'w> {
    version: Version,
    warnings: &'w mut Vec<Diagnostic>,
}

impl Lowerer<'_> {
    fn walk(&mut self, value: &mut Value, pointer: &str, place: Place) {
        match place {
            Place::Schema => {
                self.lower_schema(value, pointer);
                let Value::Object(schema) = value else {
                    return;
                };
                for (key, child_value) in schema.iter_mut() {
                    let Some(next) = schema_keyword_place(key) else {
                        continue;
                    };
                    // `additionalProperties: false` stays a boolean.
                    if key == "additionalProperties" && child_value.is_boolean() {
                        continue;
                    }
                    self.walk(child_value, &child(pointer, key), next);
                }
            }
            Place::SchemaMap => {
                if let Value::Object(map) = value {
                    for (key, child_value) in map.iter_mut() {
                        self.walk(child_value, &child(pointer, key), Place::Schema);
                    }
                }
            }
            Place::SchemaList => {
                if let Value::Array(items) = value {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(item, &child(pointer, &i.to_string()), Place::Schema);
                    }
                }
            }
            Place::Responses => {
                if let Value::Object(map) = value {
                    for (key, response) in map.iter_mut() {
                        fix_response(response);
                        self.walk(response, &child(pointer, key), Place::Object);
                    }
                }
            }
            Place::Object
            | Place::ObjectMap
            | Place::Components
            | Place::Examples
            | Place::Example
            | Place::Links
            | Place::Link => match value {
                Value::Object(map) => {
                    if place == Place::Object {
                        self.repair_parameter_style(map, pointer);
                        self.repair_null_content(map, pointer);
                    }
                    for (key, child_value) in map.iter_mut() {
                        if let Some(next) = child_place(place, key) {
                            self.walk(child_value, &child(pointer, key), next);
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(item, &child(pointer, &i.to_string()), item_place(place));
                    }
                }
                _ => {}
            },
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }

    /// `content: null` (a request body's, a response's, a parameter's):
    /// the document names no media type, which is how it is read, as
    /// kin-openapi reads it (Hatchet's webhook receiver), not refused.
    fn repair_null_content(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        if let Some(content) = object.get_mut("content").filter(|c| c.is_null()) {
            *content = Value::Object(Map::new());
            self.warn(
                &child(pointer, "content"),
                "`content` maps media types to their schemas (`{}` for none); read `null` as none",
            );
        }
    }

    /// A parameter's `style` must be one its location defines; a document
    /// that writes another (Okta's `style: simple` on a query parameter)
    /// is read with the location's default style and a warning, rather
    /// than refused for one member.
    fn repair_parameter_style(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let (Some(Value::String(location)), Some(Value::String(style))) =
            (object.get("in"), object.get("style"))
        else {
            return;
        };
        let (styles, default): (&[&str], &str) = match location.as_str() {
            "path" => (&["simple", "label", "matrix"], "simple"),
            "query" => (
                &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                "form",
            ),
            "header" => (&["simple"], "simple"),
            "cookie" => (&["form"], "form"),
            _ => return,
        };
        if styles.contains(&style.as_str()) || !object.contains_key("name") {
            return;
        }
        let message = format!(
            "`style: {style}` is not a style of {location} parameters ({}); read as \
             `{default}`, their default",
            styles.join(", ")
        );
        object.remove("style");
        self.warn(&child(pointer, "style"), message);
    }

    fn lower_schema(&mut self, value: &mut Value, pointer: &str) {
        match value {
            Value::Bool(true) => *value = json!({}),
            Value::Bool(false) => *value = json!({ "not": {} }),
            Value::Object(_) => {}
            _ => {
                self.warn(pointer, "a schema must be an object; treated as any value");
                *value = json!({});
            }
        }
        let Value::Object(schema) = value else {
            return;
        };
        if schema.contains_key("$ref") && schema.len() > 1 {
            let reference = schema.remove("$ref").unwrap_or_default();
            let mut wrapper = std::mem::take(schema);
            wrapper.insert("allOf".into(), json!([{ "$ref": reference }]));
            *schema = wrapper;
        }
        if schema.contains_key("$ref") {
            return;
        }
        if self.version.has_json_schema_2020() {
            self.lower_31_keywords(schema, pointer);
        } else if schema.contains_key("const") {
            // 3.0's schemas are JSON Schema Wright-00's, which has no
            // `const` (draft 6 added it): tools that check 3.0 documents
            // (schemathesis among them) let any value through, and so does
            // the generated server.
            self.warn(
                &child(pointer, "const"),
                "`const` is not an OpenAPI 3.0 keyword (3.1 added it), so a value is not \
                 checked against it; write `enum: [value]`",
            );
        }
        lower_pattern_properties(schema);
        self.lower_type(schema, pointer);
        self.drop_null_alternatives(schema);
        self.lift_boolean_required(schema, pointer);
        self.check_keyword_types(schema, pointer);
    }

    /// `required: true` on a property is draft 3's spelling (and Swagger
    /// parameters'); hand-written documents still use it. The author means
    /// the member is required, so it is listed in the object's `required`.
    fn lift_boolean_required(&mut self, schema: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(properties)) = schema.get_mut("properties") else {
            return;
        };
        let mut lifted = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(Value::Bool(required)) = property.get("required").cloned() else {
                continue;
            };
            if let Value::Object(property) = property {
                property.remove("required");
            }
            let at = child(&child(&child(pointer, "properties"), name), "required");
            let reading = if required { "required" } else { "optional" };
            self.warn(
                &at,
                format!(
                    "`required: {required}` on a property is not OpenAPI (list required \
                     members in the object's `required`); read as {reading}"
                ),
            );
            if required {
                lifted.push(Value::String(name.clone()));
            }
        }
        if lifted.is_empty() {
            return;
        }
        match schema.get_mut("required") {
            Some(Value::Array(list)) => {
                lifted.retain(|name| !list.contains(name));
                list.extend(lifted);
            }
            // A `required` that is not a list means nothing: the lifted
            // list replaces it.
            _ => {
                if let Some(wrong) = schema.insert("required".into(), Value::Array(lifted)) {
                    self.warn(
                        &child(pointer, "required"),
                        format!("`required: {wrong}` is not a list of members; ignored"),
                    );
                }
            }
        }
    }

    fn lower_31_keywords(&mut self, schema: &mut Map<String, Value>, pointer: &str) {
        lower_const(schema);
        if let Some(Value::Array(examples)) = schema.remove("examples")
            && let Some(first) = examples.into_iter().next()
        {
            schema.entry("example").or_insert(first);
        }
        for (exclusive, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(bound)) = schema.get(exclusive).cloned() {
                schema.insert(inclusive.into(), Value::Number(bound));
                schema.insert(exclusive.into(), Value::Bool(true));
            }
        }
        // `contentEncoding` only annotates (JSON Schema 2020-12 §8): a
        // `base64` member holds whatever text is sent, so it stays a string;
        // `format: byte` is what types one as bytes.
        if schema.contains_key("contentMediaType") && !schema.contains_key("format") {
            schema.insert("format".into(), "binary".into());
        }
        if let Some(Value::Array(_)) = schema.get("items") {
            self.warn(
                pointer,
                "tuple `items` are not supported; items typed as any value",
            );
            schema.insert("items".into(), json!({}));
        }
        if let Some(Value::Array(prefix)) = schema.remove("prefixItems") {
            lower_prefix_items(schema, prefix);
        }
        self.lower_unevaluated_properties(schema);
    }

    /// `unevaluatedProperties` as `additionalProperties`, where the two
    /// mean the same: no `additionalProperties` of its own, and no keyword
    /// that evaluates members the model does not see (`oneOf`, `anyOf`,
    /// `patternProperties`, `if`, `dependentSchemas`). `allOf` members
    /// merge into one struct, which the parent's `additionalProperties`
    /// closes, as `unevaluatedProperties` does.
    fn lower_unevaluated_properties(&mut self, schema: &mut Map<String, Value>) {
        let beside_which_they_differ = [
            "additionalProperties",
            "oneOf",
            "anyOf",
            "patternProperties",
            "if",
            "dependentSchemas",
        ];
        if beside_which_they_differ
            .iter()
            .any(|key| schema.contains_key(*key))
        {
            return;
        }
        if let Some(unevaluated) = schema.remove("unevaluatedProperties") {
            schema.insert("additionalProperties".into(), unevaluated);
        }
    }

    /// `type: [a, "null"]` → `type: a, nullable: true`; several non-null types
    /// become an `anyOf` of single-typed copies.
    fn lower_type(&mut self, schema: &mut Map<String, Value>, pointer: &str) {
        match schema.get("type") {
            Some(Value::Array(types)) => {
                let mut types: Vec<String> = types
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect();
                let had_null = types.iter().any(|t| t == "null");
                types.retain(|t| t != "null");
                if had_null {
                    schema.insert("nullable".into(), Value::Bool(true));
                }
                match types.as_slice() {
                    [] => {
                        schema.remove("type");
                        if had_null {
                            schema
                                .entry("enum")
                                .or_insert_with(|| Value::Array(vec![Value::Null]));
                        }
                    }
                    [single] => {
                        schema.insert("type".into(), Value::String(single.clone()));
                    }
                    several => {
                        let branches: Vec<Value> = several
                            .iter()
                            .map(|t| {
                                let mut branch = schema.clone();
                                for key in
                                    ["nullable", "description", "title", "example", "default"]
                                {
                                    branch.remove(key);
                                }
                                branch.insert("type".into(), Value::String(t.clone()));
                                Value::Object(branch)
                            })
                            .collect();
                        schema.retain(|k, _| {
                            matches!(
                                k.as_str(),
                                "nullable"
                                    | "description"
                                    | "title"
                                    | "example"
                                    | "default"
                                    | "readOnly"
                                    | "writeOnly"
                                    | "deprecated"
                            ) || k.starts_with("x-")
                        });
                        schema.insert("anyOf".into(), Value::Array(branches));
                    }
                }
            }
            // Nothing but null: a nullable schema whose one value is null.
            Some(Value::String(t)) if t == "null" => {
                schema.remove("type");
                schema.insert("nullable".into(), Value::Bool(true));
                schema
                    .entry("enum")
                    .or_insert_with(|| Value::Array(vec![Value::Null]));
            }
            Some(Value::String(t)) if t == "file" => {
                schema.insert("type".into(), "string".into());
                schema.insert("format".into(), "binary".into());
            }
            Some(Value::String(t))
                if !matches!(
                    t.as_str(),
                    "string" | "number" | "integer" | "boolean" | "array" | "object"
                ) =>
            {
                self.warn(pointer, format!("unknown type `{t}`; treated as any value"));
                schema.remove("type");
            }
            Some(Value::String(_)) | None => {}
            Some(_) => {
                self.warn(pointer, "`type` must be a string; treated as any value");
                schema.remove("type");
            }
        }
    }

    /// `oneOf`/`anyOf` with a `{type: null}` member (the 3.1 spelling of nullable)
    /// → the other members, marked nullable.
    fn drop_null_alternatives(&mut self, schema: &mut Map<String, Value>) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get_mut(key) else {
                continue;
            };
            // Members are lowered after their parent, so both spellings occur.
            // A bare `{nullable: true}` is not one: without `type` it adds
            // nothing (OpenAPI 3.0.3), so that member takes any value.
            let is_null = |m: &Value| {
                let says_null = m.get("type") == Some(&Value::from("null"))
                    || m.get("type") == Some(&serde_json::json!(["null"]))
                    || m.get("nullable") == Some(&Value::Bool(true))
                        && m.get("type").is_none()
                        && m.get("enum") == Some(&serde_json::json!([null]));
                says_null
                    && m.as_object().is_some_and(|o| {
                        o.iter().all(|(k, v)| match k.as_str() {
                            "type" | "nullable" | "description" | "title" => true,
                            "enum" => *v == serde_json::json!([null]),
                            _ => false,
                        })
                    })
            };
            let before = members.len();
            members.retain(|m| !is_null(m));
            if members.len() == before {
                continue;
            }
            schema.insert("nullable".into(), Value::Bool(true));
            let Some(Value::Array(members)) = schema.get(key) else {
                continue;
            };
            if members.len() == 1 && !schema.contains_key("allOf") {
                let only = members[0].clone();
                schema.remove(key);
                schema.insert("allOf".into(), Value::Array(vec![only]));
            } else if members.is_empty() {
                schema.remove(key);
            }
        }
    }

    /// Drops keywords whose value has a JSON type the 3.0 model cannot hold.
    fn check_keyword_types(&mut self, schema: &mut Map<String, Value>, pointer: &str) {
        let mut dropped = Vec::new();
        schema.retain(|key, value| {
            let ok = match key.as_str() {
                "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
                | "exclusiveMinimum" | "exclusiveMaximum" => value.is_boolean(),
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties" => value.is_u64(),
                "minimum" | "maximum" | "multipleOf" => value.is_number(),
                "required" => value
                    .as_array()
                    .is_some_and(|r| r.iter().all(Value::is_string)),
                "enum" | "allOf" | "oneOf" | "anyOf" => value.is_array(),
                "properties" => value.is_object(),
                "items" | "not" => value.is_object(),
                "additionalProperties" => value.is_object() || value.is_boolean(),
                "discriminator" => value.get("propertyName").is_some_and(Value::is_string),
                "pattern" | "format" | "title" | "description" | "type" => value.is_string(),
                _ => true,
            };
            if !ok {
                dropped.push(key.clone());
            }
            ok
        });
        for key in dropped {
            self.warn(
                &child(pointer, &key),
                format!("`{key}` has a value of the wrong type; ignored"),
            );
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            // 3.0 enums of one type may still list `null` for nullable
            // schemas; one of nothing but null says the value is null.
            if values.iter().any(Value::is_null) {
                if !values.iter().all(Value::is_null) {
                    values.retain(|v| !v.is_null());
                }
                schema.insert("nullable".into(), Value::Bool(true));
            } else if !values.is_empty() {
                // The enum lists every value allowed, and null is not one
                // (OpenAPI 3.0.3 on `nullable`; JSON Schema for 3.1).
                schema.remove("nullable");
            }
        }
    }
}

/// 3.1's `mutualTLS` security schemes are held by the TLS layer, before any
/// HTTP request: they leave the document (the 3.0 model has no such type),
/// and so do the requirements naming them. An alternative that asked only
/// for a client certificate then asks nothing of the request.
fn drop_mutual_tls(root: &mut Map<String, Value>, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        warnings.push(Diagnostic::warning(
            child("#/components/securitySchemes", name),
            "mutualTLS is checked by the TLS layer, not by the generated server; \
             give the client its certificate through reqwest (`ClientBuilder::http_client`)",
        ));
    }
    if names.is_empty() {
        return;
    }
    let drop_from = |security: &mut Value| {
        if let Value::Array(alternatives) = security {
            for alternative in alternatives.iter_mut() {
                if let Value::Object(requirement) = alternative {
                    requirement.retain(|name, _| !names.contains(name));
                }
            }
        }
    };
    if let Some(security) = root.get_mut("security") {
        drop_from(security);
    }
    for key in ["paths", "webhooks", X_WEBHOOKS] {
        let Some(Value::Object(items)) = root.get_mut(key) else {
            continue;
        };
        for item in items.values_mut() {
            for method in METHODS {
                if let Some(security) = item.get_mut(method).and_then(|op| op.get_mut("security")) {
                    drop_from(security);
                }
            }
        }
    }
}

/// `info.title` and `info.version` are required strings, but hand-written
/// documents often write `version: 1.0` (a YAML number) or leave the title
/// out. Neither loses anything the generator needs, so both are read with a
/// warning rather than refusing the document.
fn repair_info(root: &mut Map<String, Value>, untitled: &str, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(info) = root
        .entry("info")
        .or_insert_with(|| Value::Object(Map::new()))
    else {
        return;
    };
    for (field, fallback) in [("title", untitled), ("version", "")] {
        let (pointer, message, text) = match info.get(field) {
            None => (
                "#/info".to_owned(),
                format!("`info` has no `{field}`; read as \"{fallback}\""),
                fallback.to_owned(),
            ),
            Some(value) => {
                let Some(text) = scalar_text(value) else {
                    continue;
                };
                (
                    child("#/info", field),
                    format!("`{field}` should be a string (quote it in YAML); read as \"{text}\""),
                    text,
                )
            }
        };
        warnings.push(Diagnostic::warning(pointer, message));
        info.insert(field.into(), Value::String(text));
    }
}

/// A server variable must have a `default`; one without (often one the URL
/// does not even use) takes its first `enum` value, else the empty text.
fn repair_server_variables(root: &mut Map<String, Value>, warnings: &mut Vec<Diagnostic>) {
    let mut repair = |servers: Option<&mut Value>, pointer: String| {
        let Some(Value::Array(servers)) = servers else {
            return;
        };
        for (i, server) in servers.iter_mut().enumerate() {
            let Some(Value::Object(variables)) = server.get_mut("variables") else {
                continue;
            };
            for (name, variable) in variables.iter_mut() {
                let Value::Object(variable) = variable else {
                    continue;
                };
                if variable.contains_key("default") {
                    continue;
                }
                let first = variable
                    .get("enum")
                    .and_then(|values| values.get(0))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let at = child(&child(&child(&pointer, &i.to_string()), "variables"), name);
                warnings.push(Diagnostic::warning(
                    at,
                    format!("a server variable must have a `default`; read as \"{first}\""),
                ));
                variable.insert("default".into(), Value::String(first));
            }
        }
    };
    repair(root.get_mut("servers"), "#/servers".into());
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let item_pointer = child("#/paths", path);
        repair(item.get_mut("servers"), child(&item_pointer, "servers"));
        for method in METHODS {
            let servers = item.get_mut(method).and_then(|op| op.get_mut("servers"));
            repair(servers, child(&child(&item_pointer, method), "servers"));
        }
    }
}

/// A security requirement lists the scopes each scheme needs, empty for a
/// scheme without scopes; a document that writes `null` there (Square's
/// `oauth2: null`) means the empty list.
fn repair_security_scopes(root: &mut Map<String, Value>, warnings: &mut Vec<Diagnostic>) {
    let mut repair = |security: Option<&mut Value>, pointer: &str| {
        let Some(Value::Array(requirements)) = security else {
            return;
        };
        for (i, requirement) in requirements.iter_mut().enumerate() {
            let Value::Object(schemes) = requirement else {
                continue;
            };
            for (scheme, scopes) in schemes.iter_mut().filter(|(_, scopes)| scopes.is_null()) {
                warnings.push(Diagnostic::warning(
                    child(&child(pointer, &i.to_string()), scheme),
                    "a security requirement lists its scopes (`[]` for none); read `null` as none",
                ));
                *scopes = Value::Array(Vec::new());
            }
        }
    };
    repair(root.get_mut("security"), "#/security");
    for_each_operation(root, &mut |operation, pointer| {
        repair(operation.get_mut("security"), &child(pointer, "security"));
    });
}

/// The text of a number or boolean that stands where a string belongs.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Gives every operation without `responses` an empty map (3.1 made them
/// optional; the 3.0 model needs one), and lists their pointers in `added`.
fn add_missing_responses(root: &mut Map<String, Value>, added: &mut Vec<String>) {
    for_each_operation(root, &mut |operation, pointer| {
        if !operation.contains_key("responses") {
            operation.insert("responses".into(), Value::Object(Map::new()));
            added.push(pointer.to_owned());
        }
    });
}

/// Calls `f` on every operation of the document's paths and webhooks, and
/// of their callbacks, with its pointer.
fn for_each_operation(
    root: &mut Map<String, Value>,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    for key in ["paths", "webhooks", X_WEBHOOKS] {
        let Some(Value::Object(items)) = root.get_mut(key) else {
            continue;
        };
        for (name, item) in items.iter_mut() {
            for_each_item_operation(item, &child(&child("#", key), name), f);
        }
    }
}

/// [`for_each_operation`] within one path item.
fn for_each_item_operation(
    item: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    let Value::Object(item) = item else { return };
    for method in METHODS {
        let Some(Value::Object(operation)) = item.get_mut(method) else {
            continue;
        };
        let operation_pointer = child(pointer, method);
        f(operation, &operation_pointer);
        let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") else {
            continue;
        };
        for (name, callback) in callbacks.iter_mut() {
            let Value::Object(expressions) = callback else {
                continue;
            };
            let callback_pointer = child(&child(&operation_pointer, "callbacks"), name);
            for (expression, item) in expressions.iter_mut() {
                for_each_item_operation(item, &child(&callback_pointer, expression), f);
            }
        }
    }
}

/// A response needs a description in the 3.0 model; real documents omit it.
fn fix_response(value: &mut Value) {
    if let Value::Object(response) = value
        && !response.contains_key("$ref")
        && !response.contains_key("description")
    {
        response.insert("description".into(), Value::String(String::new()));
    }
}

/// 3.1's `const` as the one-value `enum` openapiv3 models. An `enum`
/// beside it keeps only the constant; one without it (which no value
/// meets) is kept as written.
fn lower_const(schema: &mut Map<String, Value>) {
    let Some(constant) = schema.remove("const") else {
        return;
    };
    match schema.get_mut("enum") {
        Some(Value::Array(values)) if values.contains(&constant) => {
            values.retain(|value| *value == constant);
        }
        Some(_) => {}
        None => {
            schema.insert("enum".into(), Value::Array(vec![constant]));
        }
    }
}

/// `patternProperties` beside `additionalProperties: false`: a member the
/// schema does not declare must be named by one of the patterns, and meet
/// its schema. As `propertyNames` (any of the patterns; the model checks it
/// on the members beside the declared ones) and `additionalProperties`
/// (the one pattern's schema; any value under several, left unchecked).
/// Other `patternProperties` constrain only members the schema lets
/// through already, and are left as they are.
fn lower_pattern_properties(schema: &mut Map<String, Value>) {
    if schema.get("additionalProperties") != Some(&Value::Bool(false))
        || schema.contains_key("propertyNames")
    {
        return;
    }
    let Some(Value::Object(patterns)) = schema.remove("patternProperties") else {
        return;
    };
    let names: Vec<String> = patterns.keys().map(|p| format!("(?:{p})")).collect();
    let mut schemas = patterns.into_iter().map(|(_, schema)| schema);
    let values = match (schemas.next(), schemas.next()) {
        (None, _) => return,
        (Some(only), None) => only,
        _ => json!({}),
    };
    schema.insert("additionalProperties".into(), values);
    schema.insert(
        "propertyNames".into(),
        json!({ "pattern": names.join("|") }),
    );
}

/// `prefixItems` types the first items one by one and `items` the rest
/// (any value where it is absent), so every item is one of those schemas:
/// a list of that union, the nearest a list type holds (a fixed-length
/// tuple of mixed types is rare; a pair of coordinates is one schema).
/// `items: false` also bounds the length to the prefix's; a `maxItems`
/// within the prefix leaves no item to `items` (FastAPI's tuples).
fn lower_prefix_items(schema: &mut Map<String, Value>, prefix: Vec<Value>) {
    let length = prefix.len();
    let within_prefix =
        (schema.get("maxItems").and_then(Value::as_u64)).is_some_and(|max| max <= length as u64);
    let rest = match schema.remove("items") {
        _ if within_prefix => None,
        None | Some(Value::Bool(true)) => Some(json!({})),
        Some(Value::Bool(false)) => {
            let bound = schema.get("maxItems").and_then(Value::as_u64);
            let bound = bound.map_or(length as u64, |b| b.min(length as u64));
            schema.insert("maxItems".into(), bound.into());
            None
        }
        Some(items) => Some(items),
    };
    let mut kinds: Vec<Value> = Vec::new();
    for kind in prefix.into_iter().chain(rest) {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let items = match kinds.len() {
        1 => kinds.pop().unwrap_or_default(),
        _ if kinds.is_empty() || kinds.contains(&json!({})) => json!({}),
        _ => json!({ "anyOf": kinds }),
    };
    schema.insert("items".into(), items);
}
