//! OpenAPI parameter serialization (`style` and `explode`), both ways.
//!
//! The client encodes typed values (through `serde_json::Value`) into query
//! pairs, path segments, headers and cookies; the server decodes raw strings
//! back into a `Value` shaped by the parameter's schema, which serde then
//! turns into the typed value. Both sides follow the style table of the
//! OpenAPI specification (§ "Style Values"), so what one writes the other reads.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::{Map, Value};

/// How a parameter is laid out on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name=value`, lists `a,b` (or repeated names when exploded).
    Form,
    /// `a,b` in paths and headers.
    Simple,
    /// `;name=a,b` in paths.
    Matrix,
    /// `.a.b` in paths.
    Label,
    /// `a b` in queries.
    SpaceDelimited,
    /// `a|b` in queries.
    PipeDelimited,
    /// `name[key]=value` in queries.
    DeepObject,
    /// The parameter declares `content` (a JSON media type) instead of a
    /// schema: its value is the JSON text, percent-encoded where the place
    /// needs it.
    Json,
}

/// The JSON type of a scalar, so decoding can turn `"20"` into `20`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text as it is.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Free-form: numbers and booleans are recognised, anything else is text.
    Any,
    /// A union's value: a text as it is, which its variants read as the
    /// string it is or the number or boolean it spells; otherwise, as
    /// [`Any`](Self::Any), a list or an object where one is sent.
    Union,
    /// An item of a list whose items may be objects or lists, which no
    /// style gives a text of their own: the client writes such an item as
    /// its JSON text (`?filter={"a":1}&filter={"b":2}`), read back as the
    /// object or list it spells; any other text as [`Any`](Self::Any).
    Json,
}

impl Kind {
    /// Whether a value of this kind may be a list or an object.
    pub(crate) fn may_nest(self) -> bool {
        matches!(self, Self::Any | Self::Union | Self::Json)
    }
}

/// The shape of a parameter's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Scalar(Kind),
    /// A list of values of one kind.
    Array(Kind),
    /// An object whose properties are all of one kind (a map).
    Object(Kind),
    /// An object with declared properties, each of its own shape (others
    /// are any scalar). Exploded into a form query, its properties are
    /// query pairs of their own, told apart by these names; a list member
    /// repeats its name (`filter[status]=a&filter[status]=b` in a
    /// `deepObject`), and one pair is a list of one.
    Record(&'static [(&'static str, Shape)]),
}

/// The shapes of an object's members: one kind for all, or one shape per
/// declared name.
#[derive(Clone, Copy)]
enum Members {
    All(Kind),
    Record(&'static [(&'static str, Shape)]),
}

impl Members {
    /// The kinds of what a value of `shape` holds.
    fn of(shape: Shape) -> Self {
        match shape {
            Shape::Record(fields) => Self::Record(fields),
            Shape::Object(kind) | Shape::Array(kind) | Shape::Scalar(kind) => Self::All(kind),
        }
    }

    fn shape(self, name: &str) -> Shape {
        match self {
            Self::All(kind) => Shape::Scalar(kind),
            Self::Record(fields) => fields
                .iter()
                .find(|(field, _)| *field == name)
                .map_or(Shape::Scalar(Kind::Any), |(_, shape)| *shape),
        }
    }

    /// The member `name` from the texts given for it: a list member takes
    /// them all, any other one text (a nested object's is any scalar, and
    /// empty text the empty object, as the empty list is written too). A
    /// member of any type given again is a list (an array is any value).
    /// `null` for a member that is not text is null, which the member's
    /// type takes where it is nullable and refuses elsewhere; for a list
    /// whose items cannot be `null`, so is a lone `null`.
    fn value(self, name: &str, texts: &[&str]) -> Result<Value, String> {
        match (self.shape(name), texts) {
            (Shape::Array(kind), ["null"]) => list(["null"], kind).or(Ok(Value::Null)),
            (Shape::Array(kind), _) => list(texts.iter().copied(), kind),
            (shape, ["null"]) if !matches!(shape, Shape::Scalar(Kind::String | Kind::Union)) => {
                Ok(Value::Null)
            }
            (Shape::Scalar(kind), [_, _, ..]) if kind.may_nest() => {
                list(texts.iter().copied(), kind)
            }
            (Shape::Scalar(kind), [one]) => scalar(one, kind),
            (Shape::Object(_) | Shape::Record(_), [""]) => Ok(Value::Object(Map::new())),
            (Shape::Object(_) | Shape::Record(_), [one]) => scalar(one, Kind::Any),
            _ => Err(format!("`{name}` is given more than once")),
        }
    }

    /// An object of the members `pairs` give, a name given again adding to
    /// a list member (and refused for any other).
    fn object<'a>(
        self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Map<String, Value>, String> {
        let mut texts: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, text) in pairs {
            match texts.iter_mut().find(|(known, _)| *known == name) {
                Some((_, given)) => given.push(text),
                None => texts.push((name, vec![text])),
            }
        }
        texts
            .into_iter()
            .map(|(name, given)| Ok((name.to_owned(), self.value(name, &given)?)))
            .collect()
    }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A scalar as text: strings bare, everything else as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn object_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), scalar_text(v)))
        .collect()
}

/// An object's members as pairs, a list member as one pair per item (how
/// a `deepObject` or an exploded form object sends a list).
fn member_pairs(value: &Value) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (k, v) in value.as_object().into_iter().flatten() {
        match v {
            Value::Null => {}
            Value::Array(items) => {
                pairs.extend(items.iter().map(|item| (k.clone(), scalar_text(item))));
            }
            other => pairs.push((k.clone(), scalar_text(other))),
        }
    }
    pairs
}

/// A `deepObject` member (`nested` when below the first level) as pairs
/// under `prefix`: an object's members in brackets to any depth
/// (`name[limits][max]=5`), a nested list or a list of objects or lists by
/// index (`name[items][0][price]=…`), a first-level list of scalars as one
/// pair per item under its own name, as Rails, qs and Stripe read them; a
/// first-level empty object as empty text, which the server reads back.
fn deep_object_pairs(
    prefix: String,
    value: &Value,
    nested: bool,
    pairs: &mut Vec<(String, String)>,
) {
    match value {
        Value::Null => {}
        Value::Object(members) if members.is_empty() && !nested => {
            pairs.push((prefix, String::new()));
        }
        Value::Object(members) => {
            for (key, member) in members {
                deep_object_pairs(format!("{prefix}[{key}]"), member, true, pairs);
            }
        }
        Value::Array(items) if nested || items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (index, item) in items.iter().enumerate() {
                deep_object_pairs(format!("{prefix}[{index}]"), item, true, pairs);
            }
        }
        Value::Array(items) => {
            pairs.extend(items.iter().map(|item| (prefix.clone(), scalar_text(item))));
        }
        scalar => pairs.push((prefix, scalar_text(scalar))),
    }
}

fn array_items(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(scalar_text)
        .collect()
}

/// Whether an exploded query list of `style` is one pair per item: form,
/// the delimited styles, which explode as form does, and `deepObject`,
/// which OpenAPI defines for objects only (tools send a list in it as an
/// exploded form's).
fn repeats_the_name(style: Style) -> bool {
    matches!(
        style,
        Style::Form | Style::SpaceDelimited | Style::PipeDelimited | Style::DeepObject
    )
}

/// Query pairs for one parameter, not yet percent-encoded (the HTTP client
/// does that). `null` encodes to nothing.
pub fn encode_query(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
) -> Vec<(String, String)> {
    if style == Style::Json && !value.is_null() {
        return vec![(name.to_owned(), value.to_string())];
    }
    match value {
        Value::Null => Vec::new(),
        Value::Array(_) => {
            let items = array_items(value);
            let delimiter = match style {
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            if explode && repeats_the_name(style) {
                items
                    .into_iter()
                    .map(|item| (name.to_owned(), item))
                    .collect()
            } else {
                vec![(name.to_owned(), items.join(delimiter))]
            }
        }
        Value::Object(_) => match (style, explode) {
            (Style::DeepObject, _) => {
                let mut pairs = Vec::new();
                for (key, member) in value.as_object().into_iter().flatten() {
                    deep_object_pairs(format!("{name}[{key}]"), member, false, &mut pairs);
                }
                pairs
            }
            (_, true) => member_pairs(value),
            (_, false) => {
                let flat: Vec<String> = object_pairs(value)
                    .into_iter()
                    .flat_map(|(k, v)| [k, v])
                    .collect();
                vec![(name.to_owned(), flat.join(","))]
            }
        },
        scalar => vec![(name.to_owned(), scalar_text(scalar))],
    }
}

/// One path parameter, percent-encoded, ready to put in the URL.
pub fn encode_path(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let encode = |text: &str| utf8_percent_encode(text, SEGMENT).to_string();
    if style == Style::Json {
        return encode(&value.to_string());
    }
    let (prefix, separator) = match style {
        Style::Label => (".".to_owned(), if explode { "." } else { "," }),
        Style::Matrix => (format!(";{name}="), ","),
        _ => (String::new(), ","),
    };
    match value {
        Value::Array(_) => {
            let items: Vec<String> = array_items(value).iter().map(|i| encode(i)).collect();
            if style == Style::Matrix && explode {
                items.iter().map(|i| format!(";{name}={i}")).collect()
            } else {
                format!("{prefix}{}", items.join(separator))
            }
        }
        Value::Object(_) => {
            let pairs: Vec<(String, String)> = object_pairs(value)
                .into_iter()
                .map(|(k, v)| (encode(&k), encode(&v)))
                .collect();
            match (style, explode) {
                (Style::Matrix, true) => pairs.iter().map(|(k, v)| format!(";{k}={v}")).collect(),
                (_, true) => format!(
                    "{prefix}{}",
                    pairs
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(separator)
                ),
                (_, false) => format!(
                    "{prefix}{}",
                    pairs
                        .into_iter()
                        .flat_map(|(k, v)| [k, v])
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            }
        }
        scalar => format!("{prefix}{}", encode(&scalar_text(scalar))),
    }
}

/// A header value (`simple` style).
pub fn encode_header(value: &Value, explode: bool) -> String {
    match value {
        Value::Array(_) => array_items(value).join(","),
        Value::Object(_) => {
            let pairs = object_pairs(value);
            if explode {
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                pairs
                    .into_iter()
                    .flat_map(|(k, v)| [k, v])
                    .collect::<Vec<_>>()
                    .join(",")
            }
        }
        scalar => scalar_text(scalar),
    }
}

/// A cookie's value (`form` style, not exploded: lists joined with commas).
pub fn encode_cookie(value: &Value) -> String {
    match value {
        Value::Array(_) => array_items(value).join(","),
        Value::Object(_) => object_pairs(value)
            .into_iter()
            .flat_map(|(k, v)| [k, v])
            .collect::<Vec<_>>()
            .join(","),
        scalar => scalar_text(scalar),
    }
}

/// The JSON text of a `content` parameter; `Err` says why it is not JSON.
pub fn decode_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|error| format!("is not valid JSON: {error}"))
}

/// An integer, also written with a zero fraction (`3856.0`), as JSON Schema
/// has it; one too large for 64 bits is said to be out of range (a JSON
/// value holds no more; a scalar parameter of a wider type is read from
/// its text without one).
fn integer(text: &str) -> Result<Value, String> {
    if let Ok(n) = text.parse::<i64>() {
        return Ok(Value::from(n));
    }
    if let Ok(n) = text.parse::<u64>() {
        return Ok(Value::from(n));
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let bits = if text.parse::<i128>().is_ok() {
            64
        } else {
            128
        };
        return Err(format!("`{text}` is out of range for a {bits}-bit integer"));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.2e18 => Ok(Value::from(x as i64)),
        _ => Err(format!("`{text}` is not an integer")),
    }
}

/// The JSON text of an integer's text, exact however wide, where a `Value`
/// holds none past 64 bits (`+7` is `7`, `3856.0` is `3856`); `None` when
/// the text is no integer an `i128` or a `u128` holds.
#[cfg(feature = "server")]
pub(crate) fn integer_json(text: &str) -> Option<String> {
    match integer(text) {
        Ok(value) => Some(value.to_string()),
        Err(_) => (text.parse::<i128>().map(|n| n.to_string()))
            .or_else(|_| text.parse::<u128>().map(|n| n.to_string()))
            .ok(),
    }
}

/// Turns text into a JSON scalar of the expected kind; `Err` says why not
/// (in the server's second reading of a failed parameter, the text as a
/// string).
pub fn scalar(text: &str, kind: Kind) -> Result<Value, String> {
    match scalar_of_kind(text, kind) {
        Err(_) if crate::encoding::is_keeping_texts() => Ok(Value::String(text.to_owned())),
        read => read,
    }
}

fn scalar_of_kind(text: &str, kind: Kind) -> Result<Value, String> {
    match kind {
        Kind::String | Kind::Union => Ok(Value::String(text.to_owned())),
        Kind::Integer => integer(text),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        Kind::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not a boolean (true or false)")),
        },
        Kind::Any => Ok(scalar_of_kind(text, Kind::Integer)
            .or_else(|_| scalar_of_kind(text, Kind::Number))
            .or_else(|_| scalar_of_kind(text, Kind::Boolean))
            .unwrap_or_else(|_| Value::String(text.to_owned()))),
        Kind::Json => spelled_json(text).map_or_else(|| scalar_of_kind(text, Kind::Any), Ok),
    }
}

/// The object or list a text spells as JSON (`{"a":1}`, `[1,2]`), if it
/// spells one.
pub(crate) fn spelled_json(text: &str) -> Option<Value> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with(['{', '[']) {
        return None;
    }
    serde_json::from_str(trimmed).ok()
}

/// The JSON text of a parameter's `value`, read as `shape` keeping texts
/// ([`keeping_texts`](crate::encoding::keeping_texts)), with each text its
/// kind did not read as what it means there: an integer past 64 bits
/// spelled exactly, and `null` as null where `nullable_items` (in a
/// record, that is its members and their items). `None` when a text is no
/// value of its kind.
#[cfg(feature = "server")]
pub(crate) fn exact_json(value: &Value, shape: Shape, nullable_items: bool) -> Option<String> {
    let leaf = |value: &Value, kind: Kind, nullable: bool| match value {
        Value::String(text) if nullable && text == "null" => Some("null".to_owned()),
        Value::String(text) if kind == Kind::Integer => integer_json(text),
        Value::String(_) if matches!(kind, Kind::Number | Kind::Boolean) => None,
        other => Some(other.to_string()),
    };
    let object = |members: &Map<String, Value>, json: &dyn Fn(&str, &Value) -> Option<String>| {
        let members: Option<Vec<String>> = (members.iter())
            .map(|(name, member)| {
                Some(format!(
                    "{}:{}",
                    Value::from(name.as_str()),
                    json(name, member)?
                ))
            })
            .collect();
        Some(format!("{{{}}}", members?.join(",")))
    };
    match (shape, value) {
        (Shape::Array(kind), Value::Array(items)) => {
            let items: Option<Vec<String>> = items
                .iter()
                .map(|item| leaf(item, kind, nullable_items))
                .collect();
            Some(format!("[{}]", items?.join(",")))
        }
        (Shape::Object(kind), Value::Object(members)) => {
            object(members, &|_, member| leaf(member, kind, nullable_items))
        }
        (Shape::Record(fields), Value::Object(members)) => object(members, &|name, member| {
            exact_json(member, Members::Record(fields).shape(name), nullable_items)
        }),
        (Shape::Scalar(kind), value) => leaf(value, kind, nullable_items),
        (_, other) => Some(other.to_string()),
    }
}

/// The items of a delimited list. Empty text is the empty list, as the
/// encoders write it, not a list of one empty item.
fn delimited(text: &str, delimiter: char) -> impl Iterator<Item = &str> {
    text.split(delimiter).filter(move |_| !text.is_empty())
}

fn list(parts: impl IntoIterator<Item = impl AsRef<str>>, kind: Kind) -> Result<Value, String> {
    parts
        .into_iter()
        .map(|p| scalar(p.as_ref(), kind))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// `name,value,name,value`; nothing at all is the empty object. A value
/// may hold a comma (a cookie or a header does not escape one): with an
/// odd count, the last value keeps the rest (`theme,a,b` is `a,b`).
fn object_from_flat(parts: &[&str], members: Members) -> Result<Value, String> {
    match parts {
        [""] => return Ok(Value::Object(Map::new())),
        [_] => return Err("expected name,value pairs".into()),
        _ => {}
    }
    let last_value = (parts.len() % 2 != 0).then(|| parts[parts.len() - 2..].join(","));
    let mut pairs: Vec<(&str, &str)> = parts
        .chunks_exact(2)
        .map(|pair| (pair[0], pair[1]))
        .collect();
    if let (Some(text), Some(last)) = (&last_value, pairs.last_mut()) {
        last.1 = text;
    }
    members.object(pairs).map(Value::Object)
}

/// `name=value,name=value` (parts split at `delimiter`); nothing at all is
/// the empty object. A value may hold the delimiter (a header does not
/// escape a comma, nor a label a number's `.`): a part without `=` after
/// an assignment continues its value (`a=1,2,b=3` gives `a` the text `1,2`).
fn object_from_assignments<'a>(
    parts: impl IntoIterator<Item = &'a str>,
    members: Members,
    delimiter: char,
) -> Result<Value, String> {
    let mut parts = parts.into_iter().peekable();
    if parts.next_if_eq(&"").is_some() && parts.peek().is_none() {
        return Ok(Value::Object(Map::new()));
    }
    let mut assignments: Vec<(&str, Cow<'_, str>)> = Vec::new();
    for part in parts {
        match (part.split_once('='), assignments.last_mut()) {
            (Some((name, value)), _) => assignments.push((name, Cow::Borrowed(value))),
            (None, Some((_, value))) => {
                let value = value.to_mut();
                value.push(delimiter);
                value.push_str(part);
            }
            (None, None) => return Err(format!("`{part}` is not name=value")),
        }
    }
    let assignments = assignments
        .iter()
        .map(|(name, value)| (*name, value.as_ref()));
    members.object(assignments).map(Value::Object)
}

/// The object of `shape` (a record) whose members `pairs` give as pairs of
/// their own, each typed by its member's shape: an object exploded into a
/// form (`style: form, explode: true`).
#[cfg(feature = "server")]
pub(crate) fn exploded_object<'a>(
    shape: Shape,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Value, String> {
    Members::of(shape).object(pairs).map(Value::Object)
}

/// The members of object `name` that `pairs` give in the `deepObject`
/// style: `name[member]=…` as (`member`, `None`, text), and
/// `name[member][]=…` as (`member][`, `Some(member)`, text), a list's item
/// where the member is one.
pub(crate) fn deep_object_members<'a>(
    pairs: &'a [(String, String)],
    name: &str,
) -> impl Iterator<Item = (&'a str, Option<&'a str>, &'a str)> {
    let prefix = format!("{name}[");
    pairs.iter().filter_map(move |(k, v)| {
        let key = k.strip_prefix(&prefix)?.strip_suffix(']')?;
        Some((key, key.strip_suffix("]["), v.as_str()))
    })
}

/// The members of a `deepObject` that bracketed names nest in, as Rails,
/// qs and Stripe write them (`name[items][0][price]=…` is given here as
/// `items][0][price`): each a JSON value whose leaves are the texts (a
/// leaf given again is a list of them), a level whose keys are all
/// indexes (or `[]`) a list in their order. The model types the texts
/// ([`typing_texts`](crate::encoding::typing_texts)).
fn nested_members<'a>(keys: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, Value)> {
    let mut root = Map::new();
    for (key, text) in keys {
        let mut path = key.split("][");
        let Some(first) = path.next() else {
            continue;
        };
        let mut node = root.entry(first.to_owned()).or_insert(Value::Null);
        for segment in path {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            let Value::Object(members) = node else {
                unreachable!("made an object just above");
            };
            // `[]` appends: each such name is a new item.
            let segment = if segment.is_empty() {
                members.len().to_string()
            } else {
                segment.to_owned()
            };
            node = members.entry(segment).or_insert(Value::Null);
        }
        *node = match node.take() {
            Value::Null => Value::from(text),
            Value::Array(mut items) => {
                items.push(Value::from(text));
                Value::Array(items)
            }
            one => Value::Array(vec![one, Value::from(text)]),
        };
    }
    root.into_iter()
        .map(|(member, value)| (member, indexed_as_lists(value)))
        .collect()
}

/// The list `name` that `pairs` give in bracketed names, as Rails, qs and
/// Stripe write one (`expand[]=a`, `expand[0]=a`, `items[0][price]=…`):
/// its items in index order, each a text or, where the names nest
/// further, a JSON value whose leaves are texts. `None` where no name is
/// bracketed under `name`, or where one is no index.
pub(crate) fn deep_object_list(pairs: &[(String, String)], name: &str) -> Option<Vec<Value>> {
    let keys: Vec<(String, &str)> = deep_object_members(pairs, name)
        .map(|(key, _, text)| (format!("list][{key}"), text))
        .collect();
    let nested = nested_members(keys.iter().map(|(key, text)| (key.as_str(), *text)));
    match nested.into_iter().next() {
        Some((_, Value::Array(items))) => Some(items),
        _ => None,
    }
}

/// The items of a bracketed list ([`deep_object_list`]) as `kind`: each
/// text read as one; an item given by nested names (an object, a list) is
/// only a free-form item, its texts left for the model to type.
fn typed_items(items: Vec<Value>, kind: Kind) -> Result<Value, String> {
    let typed = items.into_iter().map(|item| match item {
        Value::String(text) => scalar(&text, kind),
        nested if kind.may_nest() => Ok(nested),
        _ => Err("an item of this list is given by nested names".to_owned()),
    });
    typed.collect::<Result<_, _>>().map(Value::Array)
}

/// `value` with every object whose keys are all indexes a list of its
/// values in index order, at every depth.
fn indexed_as_lists(value: Value) -> Value {
    match value {
        Value::Object(members) => {
            let members = (members.into_iter())
                .map(|(key, member)| (key, indexed_as_lists(member)))
                .collect();
            indexed_items(members, false).map_or_else(Value::Object, Value::Array)
        }
        other => other,
    }
}

/// The items of a list sent by bracketed names and read as an object:
/// its values in index order where every key is an index (`{"1": b, "0":
/// a}`), or, where `empty_key_appends`, the values under the lone key
/// `""` (`tags[]=a&tags[]=b`). The object back where it is no such list.
pub(crate) fn indexed_items(
    mut members: Map<String, Value>,
    empty_key_appends: bool,
) -> Result<Vec<Value>, Map<String, Value>> {
    if empty_key_appends
        && members.len() == 1
        && let Some(appended) = members.remove("")
    {
        return Ok(match appended {
            Value::Array(items) => items,
            one => vec![one],
        });
    }
    let indexes: Option<Vec<usize>> = members.keys().map(|key| key.parse().ok()).collect();
    let Some(indexes) = indexes.filter(|indexes| !indexes.is_empty()) else {
        return Err(members);
    };
    let mut indexed: Vec<(usize, Value)> = indexes.into_iter().zip(members.into_values()).collect();
    indexed.sort_by_key(|(index, _)| *index);
    Ok(indexed.into_iter().map(|(_, value)| value).collect())
}

/// What a parameter that takes one value is told when given several.
pub(crate) const GIVEN_MORE_THAN_ONCE: &str = "given more than once";

/// Decodes one query parameter from all of the request's (decoded) query
/// pairs. `Ok(None)` when it is absent. A map sent `form` exploded takes
/// every pair but its own name's; see [`decode_query_beside`].
pub fn decode_query(
    pairs: &[(String, String)],
    name: &str,
    shape: Shape,
    style: Style,
    explode: bool,
) -> Result<Option<Value>, String> {
    decode_query_beside(pairs, name, &[], shape, style, explode)
}

/// [`decode_query`] for a parameter beside the operation's other query
/// parameters, `beside`: a map sent `form` exploded has one pair per
/// member, under the member's own name, so its members are the pairs that
/// name neither the map nor one of those.
pub fn decode_query_beside(
    pairs: &[(String, String)],
    name: &str,
    beside: &[&str],
    shape: Shape,
    style: Style,
    explode: bool,
) -> Result<Option<Value>, String> {
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect();
    if style == Style::Json {
        return match values.as_slice() {
            [] => Ok(None),
            [one] => decode_json(one).map(Some),
            _ => Err(GIVEN_MORE_THAN_ONCE.into()),
        };
    }
    match shape {
        Shape::Scalar(kind) => match values.as_slice() {
            // Any value (a union's object variant) in brackets: its members
            // as texts, which the model types.
            [] if kind.may_nest() && style == Style::DeepObject => decode_query_beside(
                pairs,
                name,
                beside,
                Shape::Object(Kind::String),
                style,
                explode,
            ),
            [] => Ok(None),
            [one] => scalar(one, kind).map(Some),
            // A schema without a type takes any value, a list too: an
            // exploded form list is one.
            _ if kind.may_nest() && explode && style == Style::Form => list(values, kind).map(Some),
            _ => Err(GIVEN_MORE_THAN_ONCE.into()),
        },
        Shape::Array(kind) => {
            if values.is_empty() && style == Style::DeepObject {
                return deep_object_list(pairs, name)
                    .map(|items| typed_items(items, kind))
                    .transpose();
            }
            if values.is_empty() {
                return Ok(None);
            }
            if explode && repeats_the_name(style) {
                return list(values, kind).map(Some);
            }
            let delimiter = match style {
                Style::SpaceDelimited => ' ',
                Style::PipeDelimited => '|',
                _ => ',',
            };
            let [joined] = values.as_slice() else {
                return Err(GIVEN_MORE_THAN_ONCE.into());
            };
            list(delimited(joined, delimiter), kind).map(Some)
        }
        Shape::Object(_) | Shape::Record(_) => {
            let members = Members::of(shape);
            let given = |object: Map<String, Value>| (!object.is_empty()).then_some(object);
            if style == Style::DeepObject {
                let (nested, flat): (Vec<_>, Vec<_>) = deep_object_members(pairs, name)
                    .partition(|(key, list, _)| list.unwrap_or(key).contains("]["));
                let members_given = flat.into_iter().map(|(key, list, text)| match list {
                    Some(list) if matches!(members.shape(list), Shape::Array(_)) => (list, text),
                    _ => (key, text),
                });
                let mut object = members.object(members_given)?;
                for (member, value) in
                    nested_members(nested.iter().map(|(key, _, text)| (*key, *text)))
                {
                    if object.contains_key(&member) {
                        return Err(format!(
                            "`{member}` is given both as a value and by its members"
                        ));
                    }
                    object.insert(member, value);
                }
                return Ok(given(object).map(Value::Object));
            }
            if let (Members::Record(fields), true, Style::Form) = (members, explode, style) {
                // Each declared property is a pair of its own.
                let declared = pairs
                    .iter()
                    .filter(|(k, _)| fields.iter().any(|(field, _)| field == k))
                    .map(|(k, v)| (k.as_str(), v.as_str()));
                return members
                    .object(declared)
                    .map(|o| given(o).map(Value::Object));
            }
            if let (Members::All(_), true, Style::Form) = (members, explode, style) {
                let unclaimed = pairs
                    .iter()
                    .filter(|(k, _)| k != name && !beside.contains(&k.as_str()))
                    .map(|(k, v)| (k.as_str(), v.as_str()));
                return members
                    .object(unclaimed)
                    .map(|o| given(o).map(Value::Object));
            }
            match values.as_slice() {
                [] => Ok(None),
                [joined] if !explode => {
                    object_from_flat(&joined.split(',').collect::<Vec<_>>(), members).map(Some)
                }
                [_, ..] if explode => {
                    Err("an object is sent exploded only in `form` or `deepObject` style".into())
                }
                _ => Err(GIVEN_MORE_THAN_ONCE.into()),
            }
        }
    }
}

/// Decodes one path parameter from its raw (still percent-encoded) segment text.
pub fn decode_path(
    raw: &str,
    name: &str,
    shape: Shape,
    style: Style,
    explode: bool,
) -> Result<Value, String> {
    let decoded = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
    if style == Style::Json {
        return decode_json(&decoded(raw));
    }
    let body: &str = match style {
        Style::Label => raw
            .strip_prefix('.')
            .ok_or("expected a `.` prefix (label style)")?,
        Style::Matrix if !explode || matches!(shape, Shape::Scalar(_)) => raw
            .strip_prefix(&format!(";{name}="))
            .ok_or_else(|| format!("expected `;{name}=` (matrix style)"))?,
        _ => raw,
    };
    let split_char = if style == Style::Label && explode {
        '.'
    } else {
        ','
    };
    match shape {
        Shape::Scalar(kind) => scalar(&decoded(body), kind),
        Shape::Array(kind) if style == Style::Matrix && explode => {
            let prefix = format!("{name}=");
            let items: Result<Vec<String>, String> = body
                .split(';')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.strip_prefix(&prefix)
                        .map(decoded)
                        .ok_or_else(|| format!("expected `;{name}=`"))
                })
                .collect();
            list(items?, kind)
        }
        Shape::Array(kind) => list(delimited(body, split_char).map(decoded), kind),
        Shape::Object(_) | Shape::Record(_) => {
            let members = Members::of(shape);
            let parts: Vec<String> = if style == Style::Matrix && explode {
                body.split(';')
                    .filter(|p| !p.is_empty())
                    .map(decoded)
                    .collect()
            } else {
                body.split(split_char).map(decoded).collect()
            };
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            if explode {
                let delimiter = if style == Style::Matrix {
                    ';'
                } else {
                    split_char
                };
                object_from_assignments(parts, members, delimiter)
            } else {
                object_from_flat(&parts, members)
            }
        }
    }
}

/// Decodes a header (or cookie) value: `simple` style.
pub fn decode_header(raw: &str, shape: Shape, explode: bool) -> Result<Value, String> {
    match shape {
        Shape::Scalar(kind) => scalar(raw.trim(), kind),
        Shape::Array(kind) => list(delimited(raw.trim(), ',').map(str::trim), kind),
        Shape::Object(_) | Shape::Record(_) => {
            let members = Members::of(shape);
            let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
            if explode {
                object_from_assignments(parts, members, ',')
            } else {
                object_from_flat(&parts, members)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn bracketed_names_nest_a_deep_object_s_members() {
        const SETTINGS: Shape = Shape::Record(&[
            ("footer", Shape::Scalar(Kind::String)),
            ("fields", Shape::Array(Kind::Any)),
        ]);
        let read = |sent: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = sent
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            decode_query(&pairs, "settings", SETTINGS, Style::DeepObject, true)
        };
        assert_eq!(
            read(&[
                ("settings[footer]", "f"),
                ("settings[fields][1][name]", "b"),
                ("settings[fields][0][name]", "a"),
                ("settings[fields][0][tags][]", "x"),
                ("settings[fields][0][tags][]", "y"),
                ("settings[fields][10][name]", "k"),
                ("settings[limits][max]", "5"),
            ]),
            Ok(Some(json!({
                "footer": "f",
                "fields": [{"name": "a", "tags": ["x", "y"]}, {"name": "b"}, {"name": "k"}],
                "limits": {"max": "5"},
            })))
        );
        // Keys that are not all indexes stay an object's.
        assert_eq!(
            read(&[("settings[meta][0]", "a"), ("settings[meta][b]", "c")]),
            Ok(Some(json!({"meta": {"0": "a", "b": "c"}})))
        );
        assert!(read(&[("settings[footer]", "f"), ("settings[footer][x]", "y")]).is_err());
        // What the client sends is read back as it was, texts aside.
        let value = json!({"fields": [{"name": "a", "tags": ["x"]}], "limits": {"max": "5"}});
        let sent = encode_query("settings", &value, Style::DeepObject, true);
        assert_eq!(
            sent,
            [
                ("settings[fields][0][name]".to_owned(), "a".to_owned()),
                ("settings[fields][0][tags][0]".to_owned(), "x".to_owned()),
                ("settings[limits][max]".to_owned(), "5".to_owned()),
            ]
        );
        let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(read(&sent), Ok(Some(value)));
    }

    #[test]
    fn a_deep_object_member_may_be_an_empty_object_or_a_null_list() {
        const PAGE: Shape = Shape::Record(&[
            ("near", Shape::Object(Kind::Any)),
            ("marks", Shape::Array(Kind::Integer)),
            ("states", Shape::Array(Kind::String)),
        ]);
        let read =
            |sent: &[(String, String)]| decode_query(sent, "page", PAGE, Style::DeepObject, true);
        let value = json!({"near": {}, "marks": [1]});
        let sent = encode_query("page", &value, Style::DeepObject, true);
        assert_eq!(
            sent,
            [
                ("page[near]".to_owned(), String::new()),
                ("page[marks]".to_owned(), "1".to_owned())
            ]
        );
        assert_eq!(read(&sent), Ok(Some(value)));
        let lone = |member: &str| [(format!("page[{member}]"), "null".to_owned())];
        assert_eq!(read(&lone("marks")), Ok(Some(json!({"marks": null}))));
        // `null` is a string item as much as no list.
        assert_eq!(read(&lone("states")), Ok(Some(json!({"states": ["null"]}))));
    }

    #[test]
    fn a_form_list_of_objects_is_read_back_from_the_json_the_client_writes() {
        let filters = json!([{"status": "open", "n": 2}, {}, [1, "a"]]);
        let sent = encode_query("and", &filters, Style::Form, true);
        assert_eq!(
            sent[0],
            ("and".to_owned(), r#"{"status":"open","n":2}"#.to_owned())
        );
        let read = |sent: &[(String, String)], kind| {
            decode_query(sent, "and", Shape::Array(kind), Style::Form, true)
        };
        assert_eq!(read(&sent, Kind::Json), Ok(Some(filters)));
        // Other text is any value's; only a list item reads JSON.
        let plain = [
            ("and".to_owned(), "open".to_owned()),
            ("and".to_owned(), "{x".to_owned()),
        ];
        assert_eq!(read(&plain, Kind::Json), Ok(Some(json!(["open", "{x"]))));
        assert_eq!(
            read(&sent[..1], Kind::Any),
            Ok(Some(json!([r#"{"status":"open","n":2}"#])))
        );
    }

    #[test]
    fn a_deep_object_list_repeats_its_name() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let read = |sent: &[(&str, &str)]| {
            decode_query(
                &pairs(sent),
                "expand",
                Shape::Array(Kind::String),
                Style::DeepObject,
                true,
            )
        };
        assert_eq!(
            read(&[("expand", "a"), ("expand", "b")]),
            Ok(Some(json!(["a", "b"])))
        );
        assert_eq!(read(&[("expand", "a,b")]), Ok(Some(json!(["a,b"]))));
        assert_eq!(read(&[]), Ok(None));
        let sent = encode_query("expand", &json!(["a", "b,c"]), Style::DeepObject, true);
        assert_eq!(sent, pairs(&[("expand", "a"), ("expand", "b,c")]));
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_deep_object_list_may_be_its_items_in_brackets() {
        let read = |query: &str, kind: Kind| {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
            decode_query(&pairs, "items", Shape::Array(kind), Style::DeepObject, true)
        };
        for query in ["items[]=a&items[]=b", "items[1]=b&items[0]=a"] {
            assert_eq!(
                read(query, Kind::String),
                Ok(Some(json!(["a", "b"]))),
                "{query}"
            );
        }
        assert_eq!(read("items[0]=5", Kind::Integer), Ok(Some(json!([5]))));
        // Items that nest are objects of texts, which the model types.
        assert_eq!(
            read("items[0][sku]=x&items[0][n]=2&items[1][sku]=y", Kind::Any),
            Ok(Some(json!([{"sku": "x", "n": "2"}, {"sku": "y"}])))
        );
        assert!(read("items[0][sku]=x", Kind::String).is_err());
        // Names that are no indexes are no list's.
        assert_eq!(read("items[sku]=x", Kind::Any), Ok(None));
    }

    /// The examples of the OpenAPI specification's style table, both ways.
    #[test]
    fn query_styles_round_trip() {
        let list = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        let cases = [
            (
                Style::Form,
                true,
                list.clone(),
                vec![("color", "blue"), ("color", "black"), ("color", "brown")],
            ),
            (
                Style::Form,
                false,
                list.clone(),
                vec![("color", "blue,black,brown")],
            ),
            (
                Style::SpaceDelimited,
                false,
                list.clone(),
                vec![("color", "blue black brown")],
            ),
            (
                Style::PipeDelimited,
                false,
                list.clone(),
                vec![("color", "blue|black|brown")],
            ),
            // Exploded, the delimited styles repeat the name as form does.
            (
                Style::SpaceDelimited,
                true,
                list.clone(),
                vec![("color", "blue"), ("color", "black"), ("color", "brown")],
            ),
            (
                Style::PipeDelimited,
                true,
                list.clone(),
                vec![("color", "blue"), ("color", "black"), ("color", "brown")],
            ),
            (
                Style::Form,
                false,
                object.clone(),
                vec![("color", "R,100,G,200,B,150")],
            ),
            (
                Style::DeepObject,
                true,
                object.clone(),
                vec![
                    ("color[R]", "100"),
                    ("color[G]", "200"),
                    ("color[B]", "150"),
                ],
            ),
        ];
        for (style, explode, value, expected) in cases {
            let pairs = encode_query("color", &value, style, explode);
            let expected: Vec<(String, String)> = expected
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect();
            assert_eq!(pairs, expected, "{style:?} explode={explode}");
            let shape = if value.is_array() {
                Shape::Array(Kind::String)
            } else {
                Shape::Object(Kind::Integer)
            };
            assert_eq!(
                decode_query(&pairs, "color", shape, style, explode).unwrap(),
                Some(value),
                "{style:?}"
            );
        }
    }

    #[test]
    fn path_styles_round_trip() {
        let list = json!(["blue", "black"]);
        let cases = [
            (Style::Simple, false, json!("a b/c"), "a%20b%2Fc"),
            (Style::Simple, false, list.clone(), "blue,black"),
            (Style::Label, false, list.clone(), ".blue,black"),
            (Style::Label, true, list.clone(), ".blue.black"),
            (Style::Matrix, false, list.clone(), ";color=blue,black"),
            (Style::Matrix, true, list.clone(), ";color=blue;color=black"),
            (Style::Simple, true, json!({"R": "1", "G": "2"}), "R=1,G=2"),
            (Style::Matrix, true, json!({"R": "1"}), ";R=1"),
        ];
        for (style, explode, value, expected) in cases {
            assert_eq!(
                encode_path("color", &value, style, explode),
                expected,
                "{style:?} explode={explode}"
            );
            let shape = match &value {
                Value::Array(_) => Shape::Array(Kind::String),
                Value::Object(_) => Shape::Object(Kind::String),
                _ => Shape::Scalar(Kind::String),
            };
            assert_eq!(
                decode_path(expected, "color", shape, style, explode).unwrap(),
                value,
                "{style:?}"
            );
        }
    }

    #[test]
    fn an_empty_list_round_trips_in_every_location() {
        let empty = json!([]);
        let integers = Shape::Array(Kind::Integer);
        assert_eq!(encode_header(&empty, false), "");
        assert_eq!(decode_header("", integers, false).unwrap(), empty);
        assert_eq!(decode_header(" ", integers, false).unwrap(), empty);
        for (style, explode) in [
            (Style::Simple, false),
            (Style::Label, false),
            (Style::Matrix, false),
        ] {
            let raw = encode_path("ids", &empty, style, explode);
            assert_eq!(
                decode_path(&raw, "ids", integers, style, explode).unwrap(),
                empty,
                "{style:?} as `{raw}`"
            );
        }
        for style in [Style::Form, Style::PipeDelimited, Style::SpaceDelimited] {
            let pairs = vec![("ids".to_owned(), String::new())];
            assert_eq!(
                decode_query(&pairs, "ids", integers, style, false).unwrap(),
                Some(empty.clone()),
                "{style:?}"
            );
        }
        // An empty item among others is still an item, and refused as one.
        assert!(decode_header("1,,2", integers, false).is_err());
    }

    #[test]
    #[cfg(feature = "server")]
    fn a_second_reading_keeps_what_a_kind_does_not_read_and_says_what_it_means() {
        const PAGE: Shape = Shape::Record(&[
            ("size", Shape::Scalar(Kind::Integer)),
            ("ids", Shape::Array(Kind::Integer)),
            ("near", Shape::Scalar(Kind::Any)),
        ]);
        let wide = "72572560444800548864";
        let pairs = [
            ("page[size]".to_owned(), wide.to_owned()),
            ("page[ids]".to_owned(), "null".to_owned()),
            ("page[ids]".to_owned(), format!("-{wide}")),
            ("page[near]".to_owned(), "2.5".to_owned()),
        ];
        let read = || decode_query(&pairs, "page", PAGE, Style::DeepObject, true);
        assert!(read().is_err());
        let kept = crate::encoding::keeping_texts(read).unwrap().unwrap();
        // A text of any kind is still read as what it spells.
        assert_eq!(kept["near"], json!(2.5), "{kept}");
        let json = exact_json(&kept, PAGE, false);
        assert_eq!(
            json, None,
            "`null` is no integer where items may not be null"
        );
        let pairs = &pairs[..1];
        let kept = crate::encoding::keeping_texts(|| {
            decode_query(pairs, "page", PAGE, Style::DeepObject, true)
        });
        let json = exact_json(&kept.unwrap().unwrap(), PAGE, false).unwrap();
        assert_eq!(json, format!(r#"{{"size":{wide}}}"#));
        let items = Shape::Array(Kind::Integer);
        let kept = crate::encoding::keeping_texts(|| decode_header("1, null", items, false));
        let kept = kept.unwrap();
        assert_eq!(exact_json(&kept, items, true).as_deref(), Some("[1,null]"));
        assert_eq!(exact_json(&kept, items, false), None);
    }

    #[test]
    fn scalars_are_typed_and_errors_are_explained() {
        assert_eq!(scalar("20", Kind::Integer).unwrap(), json!(20));
        assert_eq!(scalar("2.5", Kind::Number).unwrap(), json!(2.5));
        assert!(
            scalar("twenty", Kind::Integer)
                .unwrap_err()
                .contains("not an integer")
        );
        assert!(scalar("yes", Kind::Boolean).is_err());
        assert_eq!(
            decode_query(
                &[],
                "missing",
                Shape::Scalar(Kind::String),
                Style::Form,
                true
            )
            .unwrap(),
            None
        );
        let twice = [
            ("a".to_owned(), "1".to_owned()),
            ("a".to_owned(), "2".to_owned()),
        ];
        assert!(
            decode_query(&twice, "a", Shape::Scalar(Kind::Integer), Style::Form, true).is_err()
        );
        assert_eq!(
            decode_header("1, 2", Shape::Array(Kind::Integer), false).unwrap(),
            json!([1, 2])
        );
        assert_eq!(encode_header(&json!(["a", "b"]), false), "a,b");
        assert_eq!(encode_query("q", &Value::Null, Style::Form, true), vec![]);
    }

    #[test]
    fn integers_as_json_schema_reads_them() {
        assert_eq!(scalar("3856.0", Kind::Integer).unwrap(), json!(3856));
        assert_eq!(scalar("1e3", Kind::Integer).unwrap(), json!(1000));
        assert_eq!(
            scalar("18446744073709551615", Kind::Integer).unwrap(),
            json!(u64::MAX)
        );
        assert_eq!(
            scalar("18567161637116444421075085155660464128", Kind::Integer).unwrap_err(),
            "`18567161637116444421075085155660464128` is out of range for a 64-bit integer"
        );
        assert_eq!(
            scalar("1.5", Kind::Integer).unwrap_err(),
            "`1.5` is not an integer"
        );
    }

    #[test]
    fn records_type_each_member_and_explode_into_pairs_of_their_own() {
        const WINDOW: Shape = Shape::Record(&[
            ("from", Shape::Scalar(Kind::Integer)),
            ("label", Shape::Scalar(Kind::String)),
        ]);
        let pairs: Vec<(String, String)> = [("from", "3"), ("label", "7"), ("other", "x")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        // Form, exploded (the default for a query object): the declared
        // members are read; other pairs belong to other parameters.
        assert_eq!(
            decode_query(&pairs, "window", WINDOW, Style::Form, true),
            Ok(Some(json!({"from": 3, "label": "7"})))
        );
        assert_eq!(
            decode_query(&pairs[2..], "window", WINDOW, Style::Form, true),
            Ok(None)
        );
        let twice = [pairs[0].clone(), pairs[0].clone()];
        assert!(decode_query(&twice, "window", WINDOW, Style::Form, true).is_err());
        // A member declared a string keeps text that reads as a number.
        assert_eq!(
            decode_path("label,007,from,2", "w", WINDOW, Style::Simple, false),
            Ok(json!({"label": "007", "from": 2}))
        );
        assert_eq!(
            decode_header("label=0, from=1", WINDOW, true),
            Ok(json!({"label": "0", "from": 1}))
        );
        // A header does not escape a comma, nor a label a number's point:
        // a part that assigns nothing continues the value before it.
        assert_eq!(
            decode_header("label=a,b, from=1, extra=[1, 2]", WINDOW, true),
            Ok(json!({"label": "a,b", "from": 1, "extra": "[1,2]"}))
        );
        assert_eq!(
            decode_path(".from=2.label=1.5", "w", WINDOW, Style::Label, true),
            Ok(json!({"from": 2, "label": "1.5"}))
        );
        assert!(decode_header("a,label=0", WINDOW, true).is_err());
        // Nothing at all is the empty object, in every style.
        assert_eq!(decode_header("", WINDOW, true), Ok(json!({})));
        assert_eq!(decode_header("", WINDOW, false), Ok(json!({})));
        let empty = [("window".to_owned(), String::new())];
        assert_eq!(
            decode_query(&empty, "window", WINDOW, Style::Form, false),
            Ok(Some(json!({})))
        );
    }

    #[test]
    fn null_for_a_member_that_is_not_text_is_null() {
        const FILTER: Shape = Shape::Record(&[
            ("code", Shape::Scalar(Kind::Number)),
            ("name", Shape::Scalar(Kind::String)),
            ("page", Shape::Record(&[])),
        ]);
        let sent = vec![
            ("filter[code]".to_owned(), "null".to_owned()),
            ("filter[name]".to_owned(), "null".to_owned()),
            ("filter[page]".to_owned(), "null".to_owned()),
            ("filter[other]".to_owned(), "null".to_owned()),
        ];
        assert_eq!(
            decode_query(&sent, "filter", FILTER, Style::DeepObject, true),
            Ok(Some(
                json!({"code": null, "name": "null", "page": null, "other": null})
            ))
        );
    }

    #[test]
    fn a_list_member_repeats_its_name_and_one_pair_is_a_list_of_one() {
        const FILTER: Shape = Shape::Record(&[
            ("status", Shape::Array(Kind::String)),
            ("since", Shape::Scalar(Kind::String)),
            ("ids", Shape::Array(Kind::Integer)),
        ]);
        let value = json!({"status": ["open", "closed"], "since": "2020", "ids": [7]});
        for (style, explode) in [(Style::DeepObject, true), (Style::Form, true)] {
            let pairs = encode_query("filter", &value, style, explode);
            assert_eq!(pairs.len(), 4, "{pairs:?}");
            assert_eq!(
                decode_query(&pairs, "filter", FILTER, style, explode),
                Ok(Some(value.clone())),
                "{style:?}"
            );
        }
        let raw = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        // One pair, and the `name[member][]` spelling.
        let sent = raw(&[("filter[status]", "closed"), ("filter[ids][]", "3")]);
        assert_eq!(
            decode_query(&sent, "filter", FILTER, Style::DeepObject, true),
            Ok(Some(json!({"status": ["closed"], "ids": [3]})))
        );
        // A member that is not a list is given once; one not declared (any
        // value) given again is a list.
        let twice = raw(&[("filter[since]", "1"), ("filter[since]", "2")]);
        assert_eq!(
            decode_query(&twice, "filter", FILTER, Style::DeepObject, true),
            Err("`since` is given more than once".to_owned())
        );
        let other = raw(&[("filter[other]", "1"), ("filter[other]", "x")]);
        assert_eq!(
            decode_query(&other, "filter", FILTER, Style::DeepObject, true),
            Ok(Some(json!({"other": [1, "x"]})))
        );
        let bad = raw(&[("filter[ids]", "x")]);
        assert!(decode_query(&bad, "filter", FILTER, Style::DeepObject, true).is_err());
    }

    #[test]
    fn json_content_parameters_round_trip() {
        let value = json!({"lat": 1.5, "tags": ["a", "b"]});
        let pairs = encode_query("filter", &value, Style::Json, false);
        assert_eq!(pairs, [("filter".to_owned(), value.to_string())]);
        let decoded = decode_query(
            &pairs,
            "filter",
            Shape::Scalar(Kind::Any),
            Style::Json,
            false,
        );
        assert_eq!(decoded.unwrap(), Some(value.clone()));
        let segment = encode_path("f", &value, Style::Json, false);
        assert!(!segment.contains(['{', '"', '/']), "{segment}");
        assert_eq!(
            decode_path(&segment, "f", Shape::Scalar(Kind::Any), Style::Json, false).unwrap(),
            value
        );
        assert!(
            decode_json("{not json")
                .unwrap_err()
                .starts_with("is not valid JSON")
        );
    }
}
