//! The generated server's request decoding, without the router around it:
//!
//! - the whole input as a JSON body of each catalog request type
//!   (`specforge_runtime::json::from_slice`), then `Validate` on what decoded,
//!   and a round trip: what decoded serializes back to JSON that decodes to
//!   the same value with the same violations;
//! - the runtime's parameter decoders (`decode_query`, `decode_path`,
//!   `decode_header`) with the shape, kind, style and explode chosen by the
//!   input's first two bytes and the rest as the raw text;
//! - for values the client's encoders write, decoding gives them back.
//!
//! Nothing may panic; a decoding failure must be an `Err`.

#![no_main]

mod stack;

use catalog_api::models::{NewCategory, NewExport, NewOrder, NewProduct, ProductPatch};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use specforge_runtime::Location;
use specforge_runtime::params::{self, Kind, Shape, Style};
use specforge_runtime::validate::{Validate, Violations};

fuzz_target!(init: stack::report_overflows(), |data: &[u8]| {
    body::<NewProduct>(data);
    body::<ProductPatch>(data);
    body::<NewOrder>(data);
    body::<NewCategory>(data);
    body::<NewExport>(data);
    parameters(data);
    round_trip(data);
});

fn violations_of<T: Validate>(value: &T) -> usize {
    let mut violations = Violations::new(Location::Body, "");
    value.validate(&mut violations);
    violations.into_errors().len()
}

/// A JSON body as the generated router decodes it.
fn body<T: DeserializeOwned + Serialize + Validate + PartialEq + std::fmt::Debug>(data: &[u8]) {
    let value = match specforge_runtime::json::from_slice::<T>(data) {
        Ok(value) => value,
        Err(problem) => {
            assert_eq!(problem.status, 400, "{problem:?}");
            assert!(!problem.errors.is_empty(), "a 400 without field errors");
            return;
        }
    };
    let violations = violations_of(&value);
    let json = serde_json::to_vec(&value).expect("a decoded request serializes");
    let again = specforge_runtime::json::from_slice::<T>(&json)
        .unwrap_or_else(|problem| panic!("{} does not decode again: {problem:?}", show(&json)));
    assert_eq!(again, value, "round trip through {}", show(&json));
    assert_eq!(violations_of(&again), violations, "{}", show(&json));
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const STYLES: [Style; 7] = [
    Style::Form,
    Style::Simple,
    Style::Matrix,
    Style::Label,
    Style::SpaceDelimited,
    Style::PipeDelimited,
    Style::DeepObject,
];

const KINDS: [Kind; 7] = [
    Kind::String,
    Kind::Integer,
    Kind::Number,
    Kind::Boolean,
    Kind::Any,
    Kind::Union,
    Kind::Json,
];

/// Shape from a byte: 3 shapes × 7 kinds.
fn shape(byte: u8) -> Shape {
    let kind = KINDS[usize::from(byte) % KINDS.len()];
    match (usize::from(byte) / KINDS.len()) % 3 {
        0 => Shape::Scalar(kind),
        1 => Shape::Array(kind),
        _ => Shape::Object(kind),
    }
}

/// The parameter decoders on raw text, as the server hands it over.
fn parameters(data: &[u8]) {
    let [choice, shape_byte, rest @ ..] = data else {
        return;
    };
    let style = STYLES[usize::from(choice & 0x7f) % STYLES.len()];
    let explode = choice & 0x80 != 0;
    let shape = shape(*shape_byte);
    let text = String::from_utf8_lossy(rest);
    let json = matches!(
        shape,
        Shape::Scalar(Kind::Json) | Shape::Array(Kind::Json) | Shape::Object(Kind::Json)
    );

    // Query: the request's query string, split into decoded pairs the way the
    // runtime does; the parameter is named after the first pair's key (up to
    // a `[`, so deepObject keys match) or `q`.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text).unwrap_or_default();
    let name = pairs
        .first()
        .map(|(k, _)| k.split('[').next().unwrap_or_default().to_owned())
        .unwrap_or_else(|| "q".to_owned());
    check_value(
        params::decode_query(&pairs, &name, shape, style, explode)
            .map(|v| v.unwrap_or(Value::Null)),
        style == Style::DeepObject,
        json,
    );

    // Path: one raw (still percent-encoded) segment.
    check_value(
        params::decode_path(&text, "id", shape, style, explode),
        false,
        json,
    );

    // Header or cookie value.
    check_value(params::decode_header(&text, shape, explode), false, json);
}

/// A decoded value has the JSON type its shape says: arrays hold scalars, and
/// an object's members are scalars or (a member given more than once) arrays
/// of scalars; in a `deepObject` (`nested`), an item or a member that
/// bracketed names nest is texts at any depth. A value of kind
/// [`Kind::Json`] (`json`) may be any JSON its text spells.
fn check_value(decoded: Result<Value, String>, nested: bool, json: bool) {
    if let Ok(value) = decoded {
        match value {
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
            _ if json => {}
            Value::Array(items) => assert!(
                (items.iter()).all(|item| is_scalar(item) || nested && is_nested_texts(item))
            ),
            Value::Object(members) => assert!(members.values().all(|member| {
                let flat = match member {
                    Value::Array(items) => items.iter().all(is_scalar),
                    other => is_scalar(other),
                };
                flat || nested && is_nested_texts(member)
            })),
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !value.is_array() && !value.is_object()
}

/// Texts at any depth of lists and objects, as bracketed names nest them.
fn is_nested_texts(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(is_nested_texts),
        Value::Object(members) => members.values().all(is_nested_texts),
        _ => false,
    }
}

/// Alphanumeric words from the input: values every style can carry without
/// ambiguity (no delimiters, never empty).
fn words(data: &[u8]) -> Vec<String> {
    data.split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}

/// Encoding a value the way the client does, then decoding it the way the
/// server does, gives the value back.
fn round_trip(data: &[u8]) {
    let [choice, rest @ ..] = data else {
        return;
    };
    let style = STYLES[usize::from(choice & 0x7f) % STYLES.len()];
    let explode = choice & 0x80 != 0;
    let words = words(rest);
    let Some(first) = words.first() else {
        return;
    };
    let name = format!("p{first}");
    let (value, shape) = match choice % 3 {
        0 => (Value::String(first.clone()), Shape::Scalar(Kind::String)),
        1 => (
            Value::Array(words.iter().cloned().map(Value::String).collect()),
            Shape::Array(Kind::String),
        ),
        _ => {
            let members: Map<String, Value> = words
                .chunks(2)
                .map(|pair| {
                    let value = pair.get(1).unwrap_or(&pair[0]).clone();
                    (pair[0].clone(), Value::String(value))
                })
                .collect();
            (Value::Object(members), Shape::Object(Kind::String))
        }
    };

    // Query (exploded form objects are documented as unsupported).
    if !(shape == Shape::Object(Kind::String) && explode && style != Style::DeepObject) {
        let pairs = params::encode_query(&name, &value, style, explode);
        let decoded = params::decode_query(&pairs, &name, shape, style, explode);
        assert_eq!(
            decoded,
            Ok(Some(value.clone())),
            "query {style:?} explode={explode}: {pairs:?}"
        );
    }

    // Path: the styles a path parameter can have.
    if matches!(style, Style::Simple | Style::Label | Style::Matrix) {
        let segment = params::encode_path(&name, &value, style, explode);
        let decoded = params::decode_path(&segment, &name, shape, style, explode);
        assert_eq!(
            decoded,
            Ok(value.clone()),
            "path {style:?} explode={explode}: {segment}"
        );
    }

    // Header.
    let header = params::encode_header(&value, explode);
    let decoded = params::decode_header(&header, shape, explode);
    assert_eq!(
        decoded,
        Ok(value.clone()),
        "header explode={explode}: {header}"
    );

    // A form list of objects: each item is its JSON text.
    if let Value::Object(members) = value {
        let filters = Value::Array(vec![Value::Object(members), Value::Object(Map::new())]);
        let pairs = params::encode_query(&name, &filters, Style::Form, true);
        let decoded =
            params::decode_query(&pairs, &name, Shape::Array(Kind::Json), Style::Form, true);
        assert_eq!(decoded, Ok(Some(filters)), "list of objects: {pairs:?}");
    }
}
