//! Structure-aware companion of `load_spec`: the input drives a small grammar
//! of OpenAPI documents (schemas of every kind and composition, references,
//! awkward names, parameters of every location and style, bodies, responses,
//! security, extensions), so the fuzzer spends its time in the IR and the
//! emitters rather than in YAML syntax errors. The document goes through the
//! whole generator, which must not panic nor report an internal error
//! (generated Rust that does not parse), and whose output must not declare
//! a name twice (see `common.rs`).

#![no_main]

mod common;
mod stack;

use std::sync::LazyLock;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

fuzz_target!(
    init: stack::report_overflows(),
    |data: &[u8]| {
        let mut u = Unstructured::new(data);
        let Ok(document) = document(&mut u) else {
            return;
        };
        let text = serde_json::to_string(&document).expect("a JSON value serializes");
        // Named from the title, as the command line does.
        let title = document["info"]["title"].as_str().unwrap_or_default();
        let options = codegen::Options::new(codegen::crate_name_from_title(title));
        let show = std::env::var_os("FUZZ_SHOW").is_some();
        if show {
            // What an input is, when replaying inputs by hand.
            eprintln!("{text}");
        }
        let result = codegen::generate_from_str(&text, "fuzz.json", &options);
        if show {
            match &result {
                Ok(generated) => eprintln!("generated {} files", generated.files.len()),
                Err(diagnostics) => eprintln!("refused: {}", diagnostics[0]),
            }
        }
        if let Ok(generated) = &result {
            common::check_generated(&generated.files, &text);
        }
        if let Err(diagnostics) = result {
            assert!(diagnostics.iter().any(|d| d.is_error()), "failed without an error");
            for diagnostic in &diagnostics {
                assert!(
                    !diagnostic.message.starts_with("internal error"),
                    "generator bug: {diagnostic}\n{text}"
                );
            }
        }
    }
);

/// Names that stress identifier mapping: collisions after casing, digits,
/// symbols, non-ASCII, empty, the generated modules' own names. [`name`]
/// adds the generator's own list of keywords and reserved type names.
const NAMES: &[&str] = &[
    "Pet",
    "pet",
    "PET",
    "pet_",
    "pet-",
    "Pet2",
    "pets",
    "Type",
    "__",
    "r#type",
    "Value",
    "Map",
    "Patch",
    "Validate",
    "Violations",
    "models",
    "client",
    "server",
    "Server",
    "Api",
    "Request",
    "Body",
    "Unknown",
    "additional_properties",
    "additionalProperties",
    "id",
    "Id",
    "ID",
    "200",
    "2xx",
    "-1",
    "+1",
    "a b",
    "a.b",
    "a/b",
    "a~b",
    "a[b]",
    "$ref",
    "@type",
    "é",
    "名前",
    "",
    " ",
    "\"",
    "\\",
    "*/",
    "#",
    "{x}",
    "x-y",
    "X_Y",
    "xY",
    "XY",
    "items",
    "kind",
    "properties",
    "null",
    "true",
];

const STRING_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "uuid",
    "byte",
    "binary",
    "password",
    "email",
    "uri",
    "int64",
    "",
];
const INT_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "uint", "float", "x",
];
const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/merge-patch+json",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "text/plain",
    "text/csv",
    "image/png",
    "application/vnd.api+json",
    "*/*",
    "application/*",
];
const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "206", "301", "304", "400", "401", "404", "409", "422", "429",
    "500", "503", "default", "2XX", "4XX", "5XX", "299", "600", "1XX",
];
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const PATHS: &[&str] = &[
    "/",
    "/pets",
    "/pets/{id}",
    "/pets/{id}/toys/{toyId}",
    "/{a}/{b}",
    "/a b",
    "/pets/{id}.json",
    "/x/{type}",
    "/x/{self}",
    "/v1/{Id}/{id}",
    "/{}",
    "/é",
    "/pets/{id}/",
    "/pets:search",
];
const STYLES: &[&str] = &[
    "form",
    "simple",
    "matrix",
    "label",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
    "odd",
];
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie", "body"];
const TEXTS: &[&str] = &[
    "A description.",
    "Line one.\n\nLine two.",
    "ends with a backslash \\",
    "*/ /* #[doc] ``` \" ' {} <>",
    "\r\n\t",
    "",
    "    indented code",
    "é 名前 🦀",
];

fn pick<'a>(u: &mut Unstructured<'_>, list: &[&'a str]) -> Result<&'a str> {
    u.choose(list).copied()
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 8)? {
        let raw: &str = u.arbitrary()?;
        return Ok(raw.chars().take(12).collect());
    }
    if u.ratio(1, 3)? {
        return Ok(pick(u, &SPECIAL_WORDS)?.to_owned());
    }
    Ok(pick(u, NAMES)?.to_owned())
}

/// The words the generator itself escapes or renames, kept in step with it.
static SPECIAL_WORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| codegen::ir::special_words().collect());

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(pick(u, TEXTS)?.to_owned())
}

/// A small arbitrary JSON value (defaults, examples, enum members).
fn data(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    Ok(match u.int_in_range(0..=7)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(u.arbitrary::<u64>()?),
        4 => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        5 if depth > 0 => {
            let n = u.int_in_range(0..=2)?;
            Value::Array((0..n).map(|_| data(u, depth - 1)).collect::<Result<_>>()?)
        }
        6 if depth > 0 => {
            let mut map = Map::new();
            for _ in 0..u.int_in_range(0..=2)? {
                map.insert(name(u)?, data(u, depth - 1)?);
            }
            Value::Object(map)
        }
        _ => Value::String(name(u)?),
    })
}

struct Ctx {
    /// Component schema names, for `$ref`s (some dangling on purpose).
    components: Vec<String>,
    v31: bool,
}

fn reference(u: &mut Unstructured<'_>, ctx: &Ctx) -> Result<Value> {
    // Mostly good references: a dangling one fails the whole document.
    let target = match u.int_in_range(0..=39)? {
        0 => "#/components/schemas/Missing".to_owned(),
        1 => "#/paths".to_owned(),
        2 => "#/components/schemas".to_owned(),
        3 => "#".to_owned(),
        4 => "#/components/schemas/Pet/properties/id".to_owned(),
        _ if !ctx.components.is_empty() => {
            let name = u.choose(&ctx.components)?;
            format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            )
        }
        _ => "#/components/schemas/Pet".to_owned(),
    };
    Ok(json!({ "$ref": target }))
}

fn schema(u: &mut Unstructured<'_>, ctx: &Ctx, depth: u32) -> Result<Value> {
    if depth == 0 || u.ratio(1, 6)? {
        return if u.ratio(1, 2)? {
            reference(u, ctx)
        } else {
            Ok(json!({ "type": pick(u, &["string", "integer", "number", "boolean"])? }))
        };
    }
    let mut s = Map::new();
    match u.int_in_range(0..=12)? {
        0 | 1 => {
            s.insert("type".into(), "string".into());
            if u.ratio(1, 2)? {
                s.insert("format".into(), pick(u, STRING_FORMATS)?.into());
            }
            if u.ratio(1, 3)? {
                let n = u.int_in_range(0..=4)?;
                let values: Vec<Value> = (0..n)
                    .map(|_| name(u).map(Value::from))
                    .collect::<Result<_>>()?;
                s.insert("enum".into(), Value::Array(values));
            }
            if u.ratio(1, 4)? {
                s.insert(
                    "pattern".into(),
                    pick(
                        u,
                        &["^[a-z]+$", "(", "\\d{2,}", "^(?!x)", "[[:alpha:]]", ""],
                    )?
                    .into(),
                );
            }
            if u.ratio(1, 4)? {
                s.insert("minLength".into(), json!(u.int_in_range(0..=3)?));
                s.insert("maxLength".into(), json!(u.arbitrary::<u64>()?));
            }
        }
        2 => {
            s.insert("type".into(), "integer".into());
            if u.ratio(1, 2)? {
                s.insert("format".into(), pick(u, INT_FORMATS)?.into());
            }
            for key in ["minimum", "maximum", "multipleOf"] {
                if u.ratio(1, 3)? {
                    s.insert(key.into(), data(u, 0)?);
                }
            }
            if u.ratio(1, 4)? {
                let n = u.int_in_range(0..=3)?;
                let values: Vec<Value> = (0..n).map(|_| data(u, 0)).collect::<Result<_>>()?;
                s.insert("enum".into(), Value::Array(values));
            }
            if u.ratio(1, 4)? {
                let bound = if ctx.v31 {
                    data(u, 0)?
                } else {
                    Value::Bool(u.arbitrary()?)
                };
                s.insert("exclusiveMinimum".into(), bound);
            }
        }
        3 => {
            s.insert("type".into(), "number".into());
            if u.ratio(1, 2)? {
                s.insert(
                    "format".into(),
                    pick(u, &["float", "double", "decimal"])?.into(),
                );
            }
            for key in ["minimum", "maximum", "multipleOf"] {
                if u.ratio(1, 3)? {
                    s.insert(key.into(), data(u, 0)?);
                }
            }
        }
        4 => {
            s.insert("type".into(), "boolean".into());
        }
        5 => {
            s.insert("type".into(), "array".into());
            s.insert("items".into(), schema(u, ctx, depth - 1)?);
            if u.ratio(1, 3)? {
                s.insert("uniqueItems".into(), Value::Bool(u.arbitrary()?));
                s.insert("minItems".into(), json!(u.int_in_range(0..=2)?));
            }
        }
        6 | 7 => {
            if u.ratio(3, 4)? {
                s.insert("type".into(), "object".into());
            }
            let mut properties = Map::new();
            let mut required = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let property = name(u)?;
                let mut value = schema(u, ctx, depth - 1)?;
                if let Value::Object(map) = &mut value {
                    for key in ["readOnly", "writeOnly", "nullable", "deprecated"] {
                        if u.ratio(1, 6)? {
                            map.insert(key.into(), Value::Bool(true));
                        }
                    }
                    if u.ratio(1, 5)? {
                        map.insert("default".into(), data(u, 1)?);
                    }
                    if u.ratio(1, 5)? {
                        map.insert("description".into(), text(u)?.into());
                    }
                }
                if u.ratio(1, 2)? {
                    required.push(Value::String(property.clone()));
                }
                properties.insert(property, value);
            }
            if u.ratio(1, 8)? {
                required.push(Value::String(name(u)?));
            }
            s.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                s.insert("required".into(), Value::Array(required));
            }
            match u.int_in_range(0..=4)? {
                0 => {
                    s.insert("additionalProperties".into(), Value::Bool(u.arbitrary()?));
                }
                1 => {
                    s.insert("additionalProperties".into(), schema(u, ctx, depth - 1)?);
                }
                _ => {}
            }
        }
        8..=10 => {
            let key = pick(u, &["allOf", "oneOf", "anyOf"])?;
            let n = u.int_in_range(0..=3)?;
            let mut members = Vec::new();
            for _ in 0..n {
                members.push(if u.ratio(1, 8)? {
                    json!({ "type": "null" })
                } else {
                    schema(u, ctx, depth - 1)?
                });
            }
            s.insert(key.into(), Value::Array(members));
            if key != "allOf" && u.ratio(1, 3)? {
                let mut mapping = Map::new();
                for _ in 0..u.int_in_range(0..=2)? {
                    let target = reference(u, ctx)?["$ref"].clone();
                    mapping.insert(name(u)?, target);
                }
                s.insert(
                    "discriminator".into(),
                    json!({ "propertyName": name(u)?, "mapping": mapping }),
                );
            }
            if u.ratio(1, 4)? {
                s.insert(
                    "properties".into(),
                    json!({ name(u)?: schema(u, ctx, depth - 1)? }),
                );
            }
        }
        11 => {
            s.insert("not".into(), schema(u, ctx, depth - 1)?);
        }
        _ => {
            // 3.1 spellings (lowered to 3.0), and `$ref` with siblings.
            match u.int_in_range(0..=3)? {
                0 => {
                    let mut types = vec![Value::from("null")];
                    for _ in 0..u.int_in_range(0..=3)? {
                        types.push(
                            pick(u, &["string", "integer", "object", "array", "number"])?.into(),
                        );
                    }
                    s.insert("type".into(), Value::Array(types));
                }
                1 => {
                    s.insert("const".into(), data(u, 1)?);
                }
                2 => {
                    s = reference(u, ctx)?.as_object().cloned().unwrap_or_default();
                    s.insert("nullable".into(), Value::Bool(true));
                    s.insert("description".into(), text(u)?.into());
                }
                _ => return Ok(Value::Bool(u.arbitrary()?)),
            }
        }
    }
    if u.ratio(1, 6)? {
        s.insert("nullable".into(), Value::Bool(true));
    }
    if u.ratio(1, 6)? {
        s.insert("title".into(), name(u)?.into());
    }
    if u.ratio(1, 8)? {
        s.insert("example".into(), data(u, 1)?);
    }
    Ok(Value::Object(s))
}

fn parameter(u: &mut Unstructured<'_>, ctx: &Ctx, path_names: &[String]) -> Result<Value> {
    let location = pick(u, LOCATIONS)?;
    let param_name = if location == "path" && !path_names.is_empty() && u.ratio(3, 4)? {
        u.choose(path_names)?.clone()
    } else {
        name(u)?
    };
    let mut p = json!({
        "name": param_name,
        "in": location,
        "schema": schema(u, ctx, 2)?,
    });
    if location == "path" || u.ratio(1, 3)? {
        p["required"] = Value::Bool(u.ratio(7, 8)?);
    }
    if u.ratio(1, 3)? {
        p["style"] = pick(u, STYLES)?.into();
    }
    if u.ratio(1, 3)? {
        p["explode"] = Value::Bool(u.arbitrary()?);
    }
    if u.ratio(1, 10)? {
        p["content"] = json!({ pick(u, MEDIA_TYPES)?: { "schema": schema(u, ctx, 2)? } });
    }
    if u.ratio(1, 10)? {
        p["deprecated"] = Value::Bool(true);
    }
    Ok(p)
}

fn content(u: &mut Unstructured<'_>, ctx: &Ctx) -> Result<Value> {
    let mut map = Map::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let mut media = json!({ "schema": schema(u, ctx, 3)? });
        if u.ratio(1, 8)? {
            media["example"] = data(u, 2)?;
        }
        map.insert(pick(u, MEDIA_TYPES)?.to_owned(), media);
    }
    Ok(Value::Object(map))
}

fn operation(u: &mut Unstructured<'_>, ctx: &Ctx, path_names: &[String]) -> Result<Value> {
    let mut op = Map::new();
    if u.ratio(3, 4)? {
        op.insert("operationId".into(), name(u)?.into());
    }
    let mut parameters = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        parameters.push(parameter(u, ctx, path_names)?);
    }
    op.insert("parameters".into(), Value::Array(parameters));
    if u.ratio(1, 2)? {
        op.insert(
            "requestBody".into(),
            json!({ "required": u.arbitrary::<bool>()?, "content": content(u, ctx)? }),
        );
    }
    let mut responses = Map::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let mut response = json!({ "description": text(u)?, "content": content(u, ctx)? });
        if u.ratio(1, 4)? {
            response["headers"] = json!({ name(u)?: { "schema": schema(u, ctx, 2)?, "required": u.arbitrary::<bool>()? } });
        }
        responses.insert(pick(u, STATUSES)?.to_owned(), response);
    }
    op.insert("responses".into(), Value::Object(responses));
    if u.ratio(1, 3)? {
        let scheme = pick(
            u,
            &["bearerAuth", "apiKeyAuth", "basicAuth", "oauth2", "missing"],
        )?;
        op.insert("security".into(), json!([{ scheme: [name(u)?] }, {}]));
    }
    if u.ratio(1, 6)? {
        op.insert("deprecated".into(), Value::Bool(true));
        op.insert(
            "x-sunset".into(),
            pick(u, &["2030-01-01", "soon", ""])?.into(),
        );
    }
    if u.ratio(1, 6)? {
        op.insert(
            "x-rate-limit".into(),
            json!({ "capacity": data(u, 0)?, "refillPerSecond": data(u, 0)? }),
        );
    }
    if u.ratio(1, 6)? {
        op.insert(
            "x-pagination".into(),
            json!({ "cursorParam": name(u)?, "limitParam": name(u)?, "itemsField": name(u)? }),
        );
    }
    if u.ratio(1, 8)? {
        op.insert("x-idempotent".into(), Value::Bool(true));
    }
    if u.ratio(1, 4)? {
        op.insert("summary".into(), text(u)?.into());
        op.insert("description".into(), text(u)?.into());
    }
    Ok(Value::Object(op))
}

fn document(u: &mut Unstructured<'_>) -> Result<Value> {
    let v31 = u.arbitrary()?;
    let mut ctx = Ctx {
        components: Vec::new(),
        v31,
    };
    for _ in 0..u.int_in_range(0..=6)? {
        ctx.components.push(name(u)?);
    }
    let mut schemas = Map::new();
    for component in ctx.components.clone() {
        schemas.insert(component, schema(u, &ctx, 4)?);
    }
    let mut paths = Map::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let path = pick(u, PATHS)?;
        let path_names: Vec<String> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_owned()))
            .collect();
        let mut item = Map::new();
        for _ in 0..u.int_in_range(1..=3)? {
            item.insert(
                pick(u, METHODS)?.to_owned(),
                operation(u, &ctx, &path_names)?,
            );
        }
        paths.insert(path.to_owned(), Value::Object(item));
    }
    let mut document = json!({
        "openapi": if v31 { "3.1.0" } else { "3.0.3" },
        "info": { "title": name(u)?, "version": pick(u, &["1.0.0", "", "v\"2\""])?, "description": text(u)? },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer" },
                "basicAuth": { "type": "http", "scheme": "basic" },
                "apiKeyAuth": { "type": "apiKey", "in": pick(u, &["header", "query", "cookie"])?, "name": name(u)? },
                "oauth2": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://x.test/token", "scopes": { "a": "A" } } } }
            }
        }
    });
    if u.ratio(1, 4)? {
        document["x-rate-limit"] =
            json!({ "capacity": data(u, 0)?, "refillPerSecond": data(u, 0)? });
    }
    Ok(document)
}
