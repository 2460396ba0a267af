//! Reading JSON request bodies, with 400 problems that point at the bad
//! value.
//!
//! [`from_slice`] deserializes a body and turns every failure into a 400
//! [`Problem`]:
//!
//! - not JSON at all (or empty): code `malformed_json`, one field error at
//!   the deepest member read before the bad text (`""` for the root);
//! - JSON of the wrong shape (missing required member, wrong type, unknown
//!   enum value, …): code `validation_failed`, one field error whose pointer
//!   names the member (for a missing member, the member itself).
//!
//! Values are read as JSON Schema means them: an object schema accepts a
//! JSON object only (never an array, see [`strict`]), and an integer schema
//! accepts an integer-valued number written with a fraction or exponent
//! (`3856.0`, `1e3`). A number outside the Rust type's range is said to be.
//!
//! ```
//! use serde::Deserialize;
//! use specforge_runtime::json;
//!
//! #[derive(Deserialize)]
//! struct NewPet {
//!     name: String,
//!     tags: Vec<String>,
//! }
//!
//! let problem = json::from_slice::<NewPet>(br#"{"name": "Rex", "tags": ["a", 1]}"#)
//!     .err()
//!     .unwrap();
//! assert_eq!(problem.code, "validation_failed");
//! assert_eq!(problem.errors[0].pointer, "/tags/1");
//! ```

mod buffered;
pub mod strict;

pub use buffered::Buffered;
#[cfg(feature = "server")]
pub(crate) use buffered::writes_wide_integer;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use crate::problem::{FieldError, Problem, escape_pointer_segment};
use crate::validate::{Validate, is_valid};
use strict::Strict;

/// The media type of JSON bodies.
pub const APPLICATION_JSON: &str = "application/json";

/// Deserializes a JSON request body; see the [module docs](self) for the
/// problems it returns.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    // Most bodies are valid: read them without tracking the path (which
    // allocates a string per member), and read again to find where a
    // failing one fails.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    if let Ok(value) = T::deserialize(Strict::new(&mut deserializer))
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let decoded = serde_path_to_error::deserialize(Strict::new(&mut deserializer));
    let error = match decoded {
        Ok(value) => {
            deserializer
                .end()
                .map_err(|error| to_problem(body, "", &error))?;
            return Ok(value);
        }
        Err(error) => error,
    };
    let category = error.inner().classify();
    if matches!(category, Category::Data | Category::Syntax)
        && let Ok(value) = serde_json::from_slice::<Value>(body)
    {
        // A number such as `3856.0` is an integer to JSON Schema: read the
        // document again with such numbers written as integers (as text,
        // so that an integer past 64 bits elsewhere stays exact).
        if let Some(integral) = integral_floats_as_integers(body) {
            return from_slice(&integral);
        }
        // serde_json's `i128` reader stops at a fraction and calls the
        // rest a syntax error, though the document is JSON: its value says
        // what is wrong, and where.
        if category == Category::Syntax && !is_out_of_range(error.inner()) {
            return from_value(&value);
        }
    }
    Err(to_problem(body, &pointer(error.path()), error.inner()))
}

/// Deserializes an already parsed JSON value, with the problems of
/// [`from_slice`].
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Problem> {
    serde_path_to_error::deserialize(Strict::new(value)).map_err(|error| {
        let (pointer, detail) = locate(&pointer(error.path()), error.inner());
        Problem::validation(vec![FieldError::body(pointer, detail)])
    })
}

/// Deserializes a string enum from the string a format gives (a JSON string,
/// an XML element's text, a parameter's text): `T::from` maps the values
/// it knows to their variants and any other to its `Unknown` variant.
/// Asked for a string, not for "anything", so formats without types (XML)
/// read it as well as JSON does; anything but a string is refused.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'s> From<&'s str>,
{
    struct Text<T>(std::marker::PhantomData<T>);
    impl<T: for<'s> From<&'s str>> serde::de::Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(Text(std::marker::PhantomData))
}

/// Reads one variant of a union from what its `Deserialize` buffered: from
/// the JSON text where it was kept (exact past 64 bits), else from the
/// value, as a request body would be read.
fn variant_or_error<T: DeserializeOwned>(buffered: &Buffered) -> Result<T, serde_json::Error> {
    if let Some(text) = buffered.text() {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        if let Ok(decoded) = T::deserialize(Strict::new(&mut deserializer)) {
            return Ok(decoded);
        }
    }
    let value = buffered.value();
    match T::deserialize(Strict::new(value)) {
        Ok(decoded) => Ok(decoded),
        Err(error) => {
            if has_integral_floats(value) {
                let mut integral = value.clone();
                integers_from_floats(&mut integral);
                if let Ok(decoded) = T::deserialize(Strict::new(&integral)) {
                    return Ok(decoded);
                }
            }
            Err(error)
        }
    }
}

/// Reads one variant of a tagged union; the decoders of [`tagged`]. Its
/// error says where in the union's value the variant fails, which the
/// reader outside, tracking the path, cannot see: it saw the union only.
pub fn variant_of<T: DeserializeOwned>(buffered: &Buffered) -> Result<T, serde_json::Error> {
    variant_or_error(buffered).map_err(|error| {
        // Read again, tracking the path, only once the variant has failed.
        let pointer = match serde_path_to_error::deserialize::<_, T>(Strict::new(buffered.value()))
        {
            Err(tracked) => pointer_to(tracked.path(), tracked.inner()),
            Ok(_) => String::new(),
        };
        let text = message(&error);
        serde::de::Error::custom(located(&pointer, split_located(&text).1))
    })
}

/// Chooses the variant of an untagged union: the first the value decodes
/// as and satisfies every constraint of, else the first it decodes as (its
/// violations are then reported by validation); `union` names the type in
/// the error when it decodes as none.
pub fn untagged<T: Validate + Serialize, E: serde::de::Error>(
    buffered: &Buffered,
    union: &str,
    variants: &[fn(&Buffered) -> Option<T>],
) -> Result<T, E> {
    choose(buffered, union, variants, false)
}

/// Chooses the variant of an untagged `oneOf` union as [`untagged`] does;
/// in a request the server decodes, a value that another variant takes
/// too (decodes as and satisfies) is refused, as `oneOf` allows exactly
/// one (`5` for `oneOf: [integer, number]`). An answer is read leniently:
/// a client should not fail on what the server meant.
pub fn one_of<T: Validate + Serialize, E: serde::de::Error>(
    buffered: &Buffered,
    union: &str,
    variants: &[fn(&Buffered) -> Option<T>],
) -> Result<T, E> {
    choose(
        buffered,
        union,
        variants,
        crate::encoding::is_decoding_request(),
    )
}

/// The variant [`untagged`] chooses; where `exclusive`, every variant is
/// tried, and a second one the value satisfies is an error. A parameter's
/// text that no variant takes as a string is tried as the number or
/// boolean it spells ([`Buffered::spelled`]): `7` is a string's text or an
/// integer's, whichever variant the union has.
fn choose<T: Validate + Serialize, E: serde::de::Error>(
    buffered: &Buffered,
    union: &str,
    variants: &[fn(&Buffered) -> Option<T>],
    exclusive: bool,
) -> Result<T, E> {
    let mut first = match choose_reading(buffered, union, variants, exclusive)? {
        Choice::Satisfied(chosen) => return Ok(chosen),
        Choice::Unsatisfied(first) => first,
    };
    if let Some(spelled) = buffered.spelled() {
        match choose_reading(&spelled, union, variants, exclusive)? {
            Choice::Satisfied(chosen) => return Ok(chosen),
            Choice::Unsatisfied(other) => first = first.or(other),
        }
    }
    first.ok_or_else(|| E::custom(format!("the value matches none of the variants of {union}")))
}

/// What one reading of a union's value makes of it.
enum Choice<T> {
    /// The variant it satisfies.
    Satisfied(T),
    /// None satisfied: the first variant it decodes as, if any.
    Unsatisfied(Option<T>),
}

/// [`choose`] on one reading of the value.
fn choose_reading<T: Validate + Serialize, E: serde::de::Error>(
    buffered: &Buffered,
    union: &str,
    variants: &[fn(&Buffered) -> Option<T>],
    exclusive: bool,
) -> Result<Choice<T>, E> {
    let mut satisfied = None;
    let mut first = None;
    for decode in variants {
        let Some(decoded) = decode(buffered) else {
            continue;
        };
        if !is_valid(&decoded) {
            first.get_or_insert(decoded);
        } else if !exclusive {
            return Ok(Choice::Satisfied(decoded));
        } else if let Some(taken) = &satisfied {
            // A text read two ways (a form's `7`: a string's text, or the
            // integer it spells) is two values, each taken by one variant,
            // not one value two variants take.
            if crate::encoding::is_typing_texts() && !same_json(taken, &decoded) {
                continue;
            }
            return Err(E::custom(format!(
                "the value matches more than one of the variants of {union}, and `oneOf` allows one"
            )));
        } else {
            satisfied = Some(decoded);
        }
    }
    Ok(satisfied.map_or(Choice::Unsatisfied(first), Choice::Satisfied))
}

/// Whether two decoded values are the same JSON.
fn same_json(a: &impl Serialize, b: &impl Serialize) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// Reads a buffered union value as one variant.
pub type VariantDecoder<T> = fn(&Buffered) -> Result<T, serde_json::Error>;

/// Chooses the variant of a tagged union, whose tag is the member
/// `property`. The variant the tag names (`preferred`) is the one the
/// value is read as: its errors, and its violations once validated, are
/// the value's, as the discriminator means it. A value whose tag no
/// variant claims (`None`) may still be one of the `open` variants, whose
/// schemas list the tag's values themselves (as where a document's
/// mapping misses a value they allow); a value with no tag (or one that is
/// no string) may be any variant, as where the variants' schemas leave the
/// tag out or default it. Either is the one of them it satisfies, as
/// `oneOf` has it. Satisfying none or several, it is `unknown` (kept for
/// clients, refused by validation).
pub fn tagged<T: Validate, E: serde::de::Error>(
    buffered: &Buffered,
    property: &str,
    preferred: Option<usize>,
    variants: &[VariantDecoder<T>],
    open: &[usize],
    unknown: fn(Value) -> T,
) -> Result<T, E> {
    if let Some(decode) = preferred.and_then(|i| variants.get(i)) {
        return decode(buffered).map_err(|error| E::custom(message(&error)));
    }
    let has_tag = tag_of(buffered, property).is_some();
    let mut satisfied = (variants.iter().enumerate())
        .filter(|(i, _)| !has_tag || open.contains(i))
        .filter_map(|(_, decode)| decode(buffered).ok().filter(is_valid));
    match (satisfied.next(), satisfied.next()) {
        (Some(only), None) => Ok(only),
        _ => Ok(unknown(buffered.value().clone())),
    }
}

/// Reads one variant of an untagged union, if the value decodes as it.
pub fn try_variant<T: DeserializeOwned>(buffered: &Buffered) -> Option<T> {
    variant_or_error(buffered).ok()
}

/// Serializes a variant of a tagged union with its tag member set to
/// `tag`: the variant is the tag, whatever the value holds.
pub fn serialize_tagged<T: Serialize, S: Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(members) = &mut json {
        members.insert(property.to_owned(), Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}

/// The tag member of a buffered union value, when it is a string.
pub fn tag_of<'v>(buffered: &'v Buffered, property: &str) -> Option<&'v str> {
    buffered.value().get(property).and_then(Value::as_str)
}

/// `body` (valid JSON) with every number written as a float whose value is
/// an integer within 2^53 (`3856.0`, `1e3`) written as that integer, or
/// `None` when there is no such number. Other numbers keep their text.
fn integral_floats_as_integers(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(&byte) = body.get(i) {
        let start = i;
        if byte == b'"' {
            // A string, escapes and all.
            i += 1;
            while let Some(&byte) = body.get(i) {
                i += if byte == b'\\' { 2 } else { 1 };
                if byte == b'"' {
                    break;
                }
            }
        } else if byte == b'-' || byte.is_ascii_digit() {
            while body
                .get(i)
                .is_some_and(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            {
                i += 1;
            }
            if let Some(integer) = integral_text(&body[start..i]) {
                out.extend_from_slice(integer.as_bytes());
                changed = true;
                continue;
            }
        } else {
            i += 1;
        }
        out.extend_from_slice(&body[start..i.min(body.len())]);
    }
    changed.then_some(out)
}

/// A number written as a float whose value is an integer within 2^53, as
/// that integer's text (by the rule of [`integral`]).
fn integral_text(number: &[u8]) -> Option<String> {
    let number: serde_json::Number = serde_json::from_slice(number).ok()?;
    integral(&number).map(|integer| integer.to_string())
}

/// Rewrites integer-valued floats (`3856.0`) as integers; whether any was.
fn integers_from_floats(value: &mut Value) -> bool {
    match value {
        Value::Number(n) => match integral(n) {
            Some(integer) => {
                *value = integer;
                true
            }
            None => false,
        },
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| integers_from_floats(item) | changed),
        Value::Object(members) => members.values_mut().fold(false, |changed, member| {
            integers_from_floats(member) | changed
        }),
        _ => false,
    }
}

/// Whether [`integers_from_floats`] would change anything: a failed
/// variant is retried (on a copy) only then.
fn has_integral_floats(value: &Value) -> bool {
    any_number(value, &|n| integral(n).is_some())
}

/// Whether any number in `value`, at any depth, is one `is` holds for.
pub(crate) fn any_number(value: &Value, is: &impl Fn(&serde_json::Number) -> bool) -> bool {
    match value {
        Value::Number(n) => is(n),
        Value::Array(items) => items.iter().any(|item| any_number(item, is)),
        Value::Object(members) => members.values().any(|member| any_number(member, is)),
        _ => false,
    }
}

/// The integer a float with no fraction holds, where the float holds it
/// exactly: past 2^53 the parser may have rounded an integer too large for
/// 64 bits (`-9223372036854775809`) into range.
fn integral(n: &serde_json::Number) -> Option<Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let x = n.as_f64().filter(|_| n.is_f64())?;
    if x.fract() != 0.0 || !x.is_finite() {
        None
    } else if (0.0..=EXACT).contains(&x) {
        Some(Value::from(x as u64))
    } else if (-EXACT..0.0).contains(&x) {
        Some(Value::from(x as i64))
    } else {
        None
    }
}

/// serde_json's error for a number too large for the type it is read as.
fn is_out_of_range(error: &serde_json::Error) -> bool {
    message(error) == "number out of range"
}

/// The pointer of a failed value, extended to where within it a union's
/// variant failed ([`located`]) or else to the member a "missing field"
/// error names.
fn pointer_to(path: &serde_path_to_error::Path, error: &serde_json::Error) -> String {
    locate(&pointer(path), error).0
}

/// Where a value read at `pointer` failed, and why, as a field error says.
fn locate(pointer: &str, error: &serde_json::Error) -> (String, String) {
    let text = message(error);
    let (within, message) = split_located(&text);
    let pointer = match missing_member(message) {
        Some(member) if within.is_empty() => {
            format!("{pointer}/{}", escape_pointer_segment(member))
        }
        _ => format!("{pointer}{within}"),
    };
    (pointer, message.to_owned())
}

/// Separates where a union's variant failed from why, in the message of
/// its error: a control character, which no schema's member name holds.
const LOCATED: char = '\u{1f}';

/// The message of an error found at `pointer` within a union's value, for
/// the error the union's `Deserialize` returns (a serde error carries a
/// message only, and the path tracked outside ends at the union).
fn located(pointer: &str, message: &str) -> String {
    if pointer.is_empty() {
        message.to_owned()
    } else {
        format!("{pointer}{LOCATED}{message}")
    }
}

/// A message as [`located`] wrote it: the pointer within the union (`""`
/// where none is written), and the message.
pub(crate) fn split_located(text: &str) -> (&str, &str) {
    match text.split_once(LOCATED) {
        Some((pointer, message)) if pointer.starts_with('/') => (pointer, message),
        _ => ("", text),
    }
}

fn to_problem(body: &[u8], pointer: &str, error: &serde_json::Error) -> Problem {
    // serde_json calls a number too large for its type (past 128 bits, or
    // past `f64`) a syntax error, yet the document is JSON.
    let category = match error.classify() {
        Category::Syntax if is_out_of_range(error) => Category::Data,
        category => category,
    };
    match category {
        Category::Data => {
            let (pointer, detail) = locate(pointer, error);
            Problem::validation(vec![FieldError::body(pointer, detail)])
        }
        Category::Syntax | Category::Eof | Category::Io => {
            let message = message(error);
            let detail = if body.iter().all(u8::is_ascii_whitespace) {
                "The request body must be a JSON document.".to_owned()
            } else {
                format!("The request body is not valid JSON: {message}.")
            };
            Problem::bad_request()
                .with_code("malformed_json")
                .with_detail(detail)
                // Where the reader had got to: the member holding the bad text.
                .with_error(FieldError::body(pointer, message))
        }
    }
}

/// The JSON pointer of a deserialization path.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_segment(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// serde_json's message without its " at line L column C" suffix, in the
/// terms of [`plain_message`], where within a union it failed kept apart
/// ([`located`]).
fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) if error.line() != 0 => &text[..at],
        _ => &text,
    };
    let (within, message) = split_located(text);
    located(within, &plain(message.to_owned()))
}

/// A deserializer's message as a client can act on it: integers out of
/// their type's range, and dates that do not parse, said as such, and
/// where within a union's value it failed.
pub fn plain_message(message: String) -> String {
    match split_located(&message) {
        ("", _) => plain(message),
        (within, rest) => format!("at {within}: {}", plain(rest.to_owned())),
    }
}

/// [`plain_message`] of a message that holds no place within a union.
fn plain(message: String) -> String {
    out_of_range(&message)
        .or_else(|| not_a_date(&message))
        .unwrap_or_else(|| in_json_terms(message))
}

/// serde says what it expected in Rust's terms (`expected i128`,
/// `expected struct Order`); a client reads JSON's.
fn in_json_terms(message: String) -> String {
    const EXPECTED: &str = ", expected ";
    let Some(at) = message.rfind(EXPECTED) else {
        return message;
    };
    let word = match &message[at + EXPECTED.len()..] {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "f32" | "f64" => "a number",
        "a sequence" => "an array",
        "a map" => "an object",
        rust if rust.starts_with("struct ") => "an object",
        _ => return message,
    };
    format!("{}{EXPECTED}{word}", &message[..at])
}

/// chrono's parse errors name neither the value nor what was expected.
fn not_a_date(message: &str) -> Option<String> {
    const CHRONO: &[&str] = &[
        "premature end of input",
        "input contains invalid characters",
        "trailing input",
        "input is out of range",
        "no possible date and time matching input",
        "input is not enough for unique date and time",
    ];
    CHRONO.contains(&message).then(|| {
        format!("is not an RFC 3339 date or date-time, such as 2024-01-31T12:00:00Z ({message})")
    })
}

/// `invalid value: integer `300`, expected u8`, `invalid type: floating
/// point `1e20`, expected i64` and `invalid type: integer `2e30` as i128,
/// expected i64` → "`300` is out of range for uint8".
pub fn out_of_range(message: &str) -> Option<String> {
    let (number, expected) = message
        .strip_prefix("invalid value: integer `")
        .or_else(|| message.strip_prefix("invalid type: floating point `"))
        .or_else(|| message.strip_prefix("invalid type: integer `"))?
        .split_once('`')?;
    let expected = expected
        .strip_prefix(" as i128")
        .unwrap_or(expected)
        .strip_prefix(", expected ")?;
    let format = match expected {
        "i8" => "int8",
        "i16" => "int16",
        "i32" => "int32",
        "i64" => "int64",
        "u8" => "uint8",
        "u16" => "uint16",
        "u32" => "uint32",
        "u64" => "uint64",
        "i128" => "a 128-bit integer",
        _ => return None,
    };
    // A float with a fraction is not an integer at all.
    let x: f64 = number.parse().ok()?;
    if x.fract() != 0.0 {
        return Some(format!("`{number}` is not an integer"));
    }
    // An `i128` meets a float only where a JSON value held the number:
    // within its range, the float may have rounded the integer sent.
    if expected == "i128" && x.abs() < 2f64.powi(127) {
        return None;
    }
    let shown = if number.contains(['e', 'E', '.']) {
        format!("{x:.0}")
    } else {
        number.to_owned()
    };
    Some(format!("`{shown}` is out of range for {format}"))
}

/// The member named by serde's "missing field `x`" message.
fn missing_member(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::problem::Location;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Order {
        customer_id: u64,
        items: Vec<Item>,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        sku: String,
        quantity: u32,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Book,
        Toy,
    }

    /// `oneOf: [integer, number]`.
    #[cfg(feature = "server")]
    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Amount {
        Whole(i64),
        Real(f64),
    }

    #[cfg(feature = "server")]
    impl Validate for Amount {}

    #[cfg(feature = "server")]
    fn amount(text: &str) -> Result<Amount, serde_json::Error> {
        let buffered = Buffered::deserialize(&mut serde_json::Deserializer::from_str(text))?;
        one_of(
            &buffered,
            "Amount",
            &[
                |b| try_variant(b).map(Amount::Whole),
                |b| try_variant(b).map(Amount::Real),
            ],
        )
    }

    #[cfg(feature = "server")]
    #[test]
    fn one_of_refuses_in_requests_a_value_two_variants_take() {
        let in_request = |text| crate::encoding::decoding_request(|| amount(text));
        assert_eq!(in_request("2.5").unwrap(), Amount::Real(2.5));
        for both in ["5", "5.0"] {
            let error = in_request(both).unwrap_err().to_string();
            assert!(
                error.contains("more than one of the variants of Amount"),
                "{error}"
            );
        }
        assert!(
            in_request("\"5\"")
                .unwrap_err()
                .to_string()
                .contains("none of the variants")
        );
        // An answer is read as `anyOf` would be: the first variant.
        assert_eq!(amount("5").unwrap(), Amount::Whole(5));
    }

    fn error_of(body: &str) -> Problem {
        from_slice::<Order>(body.as_bytes()).unwrap_err()
    }

    /// A tagged union as the generator writes one: a cat, which may have
    /// a friend, itself a pet.
    #[derive(Debug)]
    #[allow(dead_code)]
    pub(crate) enum Pet {
        Cat(Cat),
        Unknown(Value),
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct Cat {
        lives: u8,
        toys: Vec<Toy>,
        friend: Option<Box<Pet>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct Toy {
        name: String,
    }

    impl Validate for Pet {}

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = Buffered::deserialize(deserializer)?;
            let named = (tag_of(&value, "kind") == Some("cat")).then_some(0);
            let cat: VariantDecoder<Pet> = |value| variant_of(value).map(Pet::Cat);
            tagged(&value, "kind", named, &[cat], &[], Pet::Unknown)
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct Home {
        pets: Vec<Pet>,
    }

    #[test]
    fn errors_inside_a_tagged_variant_point_into_it() {
        let cases = [
            (
                r#"{"kind": "cat", "lives": 1, "toys": [{"name": 3}]}"#,
                "/pets/0/toys/0/name",
            ),
            (r#"{"kind": "cat", "toys": []}"#, "/pets/0/lives"),
            (
                r#"{"kind": "cat", "lives": 1, "toys": [{}]}"#,
                "/pets/0/toys/0/name",
            ),
            (
                r#"{"kind": "cat", "lives": 1, "toys": [], "friend": {"kind": "cat", "lives": "x", "toys": []}}"#,
                "/pets/0/friend/lives",
            ),
            (r#"{"kind": "cat", "lives": 1, "toys": {}}"#, "/pets/0/toys"),
        ];
        for (pet, pointer) in cases {
            let body = format!(r#"{{"pets": [{pet}]}}"#);
            let problem = from_slice::<Home>(body.as_bytes()).unwrap_err();
            assert_eq!(problem.errors[0].pointer, pointer, "{body}");
            let detail = &problem.errors[0].detail;
            assert!(!detail.contains(LOCATED), "{detail:?}");
            // Read from a value (as a form's or a query's object is), the same.
            let value: Value = serde_json::from_str(&body).unwrap();
            let problem = from_value::<Home>(&value).unwrap_err();
            assert_eq!(problem.errors[0].pointer, pointer, "{body}");
        }
        let problem =
            from_slice::<Home>(br#"{"pets": [{"kind": "cat", "toys": []}]}"#).unwrap_err();
        assert_eq!(problem.errors[0].detail, "missing field `lives`");
        // Said in text, where there is only text.
        let error =
            serde_json::from_str::<Pet>(r#"{"kind": "cat", "lives": -1, "toys": []}"#).unwrap_err();
        let said = plain_message(error.to_string());
        assert!(said.starts_with("at /lives: "), "{said}");
    }

    #[test]
    fn parses_valid_bodies() {
        let order: Order = from_slice(
            br#"{"customerId": 1, "items": [{"sku": "a", "quantity": 2, "kind": "toy"}]}"#,
        )
        .unwrap();
        assert_eq!(order.items[0].kind, Kind::Toy);
        assert_eq!(order.note, None);
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let problem = error_of(
            r#"{"customerId": 1, "items": [{"sku": "a", "quantity": -2, "kind": "toy"}]}"#,
        );
        assert_eq!(problem.status, 400);
        assert_eq!(problem.code, "validation_failed");
        assert_eq!(problem.errors.len(), 1);
        let error = &problem.errors[0];
        assert_eq!(error.location, Location::Body);
        assert_eq!(error.pointer, "/items/0/quantity");
        assert_eq!(error.detail, "`-2` is out of range for uint32");
        assert!(!error.detail.contains("line"), "{}", error.detail);
    }

    #[test]
    fn what_was_expected_is_said_in_json_terms() {
        for (body, pointer, detail) in [
            (
                r#"{"customerId": "1", "items": []}"#,
                "/customerId",
                "invalid type: string \"1\", expected a non-negative integer",
            ),
            (
                r#"{"customerId": 1, "items": {}}"#,
                "/items",
                "invalid type: map, expected an array",
            ),
            (
                r#"{"customerId": 1, "items": [7]}"#,
                "/items/0",
                "invalid type: integer `7`, expected an object",
            ),
        ] {
            let problem = error_of(body);
            assert_eq!(problem.errors[0].pointer, pointer, "{body}");
            assert_eq!(problem.errors[0].detail, detail, "{body}");
        }
    }

    #[test]
    fn missing_members_point_at_the_member() {
        let problem = error_of(r#"{"items": []}"#);
        assert_eq!(problem.errors[0].pointer, "/customerId");
        assert_eq!(problem.errors[0].detail, "missing field `customerId`");
        let nested = error_of(r#"{"customerId": 1, "items": [{"sku": "a", "kind": "toy"}]}"#);
        assert_eq!(nested.errors[0].pointer, "/items/0/quantity");
    }

    #[test]
    fn unknown_enum_values() {
        let problem =
            error_of(r#"{"customerId": 1, "items": [{"sku": "a", "quantity": 1, "kind": "car"}]}"#);
        assert_eq!(problem.errors[0].pointer, "/items/0/kind");
        assert!(problem.errors[0].detail.contains("unknown variant `car`"));
    }

    #[test]
    fn malformed_json() {
        for (body, pointer) in [
            ("{", ""),
            ("nul", ""),
            ("{\"customerId\": }", "/customerId"),
            (
                "{\"customerId\": 1, \"items\": [{\"sku\": \"a\", \"quantity\": x}]}",
                "/items/0/quantity",
            ),
        ] {
            let problem = error_of(body);
            assert_eq!(problem.status, 400, "{body}");
            assert_eq!(problem.code, "malformed_json", "{body}");
            assert_eq!(problem.errors[0].pointer, pointer, "{body}");
        }
        let empty = error_of("  ");
        assert_eq!(empty.code, "malformed_json");
        assert_eq!(
            empty.detail.as_deref(),
            Some("The request body must be a JSON document.")
        );
    }

    #[test]
    fn trailing_data_after_a_valid_document() {
        let problem = from_slice::<u32>(b"1 2").unwrap_err();
        assert_eq!(problem.code, "malformed_json");
    }

    #[test]
    fn objects_are_never_read_from_arrays() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Pair {
            a: Option<u8>,
            b: Option<u8>,
        }
        assert!(from_slice::<Pair>(b"[null, null]").is_err());
        let nested = from_slice::<Vec<Pair>>(br#"[{"a": 1}, [1, 2]]"#).unwrap_err();
        assert_eq!(nested.errors[0].pointer, "/1");
        assert_eq!(from_slice::<Pair>(br#"{"a": 1}"#).unwrap().a, Some(1));
    }

    #[test]
    fn integer_valued_numbers_are_integers() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Counts {
            n: i64,
            ratio: f64,
        }
        let counts: Counts = from_slice(br#"{"n": 3856.0, "ratio": 2.0}"#).unwrap();
        assert_eq!(
            counts,
            Counts {
                n: 3856,
                ratio: 2.0
            }
        );
        let exp: Counts = from_slice(br#"{"n": 1e3, "ratio": 0.5}"#).unwrap();
        assert_eq!(exp.n, 1000);
        let fraction = from_slice::<Counts>(br#"{"n": 1.5, "ratio": 0}"#).unwrap_err();
        assert_eq!(fraction.errors[0].pointer, "/n");
        assert_eq!(fraction.errors[0].detail, "`1.5` is not an integer");

        // Beside an integer past 64 bits, which stays exact; strings and
        // other numbers keep their text.
        #[derive(Debug, Deserialize, PartialEq)]
        struct Wide {
            n: i64,
            wide: Vec<i128>,
            note: String,
        }
        let body = br#"{"note": "1.0 \"2.0\"", "n": 87178291200.0, "wide": [-2e0, 210174568913596208291774464]}"#;
        let wide: Wide = from_slice(body).unwrap();
        assert_eq!(
            wide,
            Wide {
                n: 87_178_291_200,
                wide: vec![-2, 210_174_568_913_596_208_291_774_464],
                note: r#"1.0 "2.0""#.into(),
            }
        );
    }

    #[test]
    fn unparsable_dates_say_what_was_expected() {
        #[derive(Debug, Deserialize)]
        struct Event {
            #[allow(dead_code)]
            at: chrono::DateTime<chrono::Utc>,
        }
        let problem = from_slice::<Event>(br#"{"at": "2024-01"}"#).unwrap_err();
        assert_eq!(problem.errors[0].pointer, "/at");
        assert!(
            problem.errors[0]
                .detail
                .starts_with("is not an RFC 3339 date or date-time"),
            "{problem:?}"
        );
    }

    #[test]
    fn out_of_range_numbers_say_so() {
        let problem = from_slice::<Vec<i32>>(b"[3000000000]").unwrap_err();
        assert_eq!(
            problem.errors[0].detail,
            "`3000000000` is out of range for int32"
        );
        let huge = from_slice::<Vec<i64>>(b"[18567161637116444421075085155660464128]").unwrap_err();
        assert_eq!(
            huge.errors[0].detail,
            "`18567161637116444421075085155660464128` is out of range for int64"
        );
        // Just past the range: the parser's float rounds it back into range.
        for text in ["-9223372036854775809", "18446744073709551616"] {
            let problem = from_slice::<Vec<i64>>(format!("[{text}]").as_bytes()).unwrap_err();
            assert!(
                problem.errors[0].detail.contains("out of range for int64"),
                "{text}: {problem:?}"
            );
        }
    }

    #[test]
    fn integers_without_a_format_read_past_64_bits() {
        #[derive(Debug, Deserialize)]
        struct Count {
            n: i128,
        }
        let wide = "-170141183460469231731687303715884105728";
        let count = from_slice::<Count>(format!(r#"{{"n": {wide}}}"#).as_bytes()).unwrap();
        assert_eq!(count.n, i128::MIN);
        let past =
            from_slice::<Count>(br#"{"n": 340282366920938463463374607431768211456}"#).unwrap_err();
        assert_eq!(past.status, 400);
        assert_eq!(past.errors[0].pointer, "/n");
        assert_eq!(past.errors[0].detail, "number out of range");
        assert_eq!(past.code, "validation_failed");
    }

    #[test]
    fn integer_valued_numbers_are_integers_past_64_bits_too() {
        #[derive(Debug, Deserialize)]
        struct Amounts {
            credit: i128,
            refund: i128,
        }
        let amounts =
            from_slice::<Amounts>(br#"{"credit": 1170.0, "refund": 1000000000000000001}"#).unwrap();
        assert_eq!(
            (amounts.credit, amounts.refund),
            (1170, 1000000000000000001)
        );
        let problem = from_slice::<Amounts>(br#"{"credit": 1170.5, "refund": 1}"#).unwrap_err();
        assert_eq!(problem.code, "validation_failed");
        assert_eq!(problem.errors[0].pointer, "/credit");
        assert_eq!(problem.errors[0].detail, "`1170.5` is not an integer");
        let problem = from_slice::<Amounts>(br#"{"credit": -2.6e38, "refund": 1}"#).unwrap_err();
        let detail = &problem.errors[0].detail;
        assert!(
            detail.ends_with("` is out of range for a 128-bit integer"),
            "{detail}"
        );
    }

    #[test]
    fn pointer_escapes_keys() {
        let problem =
            from_slice::<std::collections::HashMap<String, u8>>(br#"{"a/b": "x"}"#).unwrap_err();
        assert_eq!(problem.errors[0].pointer, "/a~1b");
    }

    #[cfg(feature = "server")]
    #[test]
    fn an_integer_past_64_bits_is_told_from_a_float_and_a_string() {
        for (text, wide) in [
            ("123456789012345678901234", true),
            (r#"{"a": [1, -123456789012345678901234]}"#, true),
            ("18446744073709551615", false),
            ("-9223372036854775808", false),
            ("-3.402823466e+38", false),
            ("1e30", false),
            (r#"{"a": "123456789012345678901234"}"#, false),
            (r#"["\"123456789012345678901234"]"#, false),
        ] {
            assert_eq!(writes_wide_integer(text), wide, "{text}");
        }
    }
}
