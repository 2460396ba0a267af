//! YAML or JSON text → `serde_json::Value`, with line numbers on syntax errors.
//!
//! JSON goes through serde_json. YAML goes through saphyr-parser's event
//! stream, built into a value here (chosen on measurements: about a third
//! faster than serde_yaml on the multi-megabyte corpus documents, and
//! serde_yaml is no longer maintained). Scalars resolve as serde_yaml 0.9
//! resolved them (YAML 1.2 core schema: `no`/`yes`/`on` stay strings), so the
//! values are the same as before.

use std::borrow::Cow;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;

/// Deeper documents are refused rather than risking the stack of the
/// recursive passes that follow (serde_json and serde_yaml stop at 128 too).
const MAX_DEPTH: usize = 128;

/// Parses YAML or JSON (JSON is tried first when the text looks like JSON).
pub fn parse_document(text: &str, path: Option<&Path>) -> Result<Value, Diagnostic> {
    let file = path.map(|p| p.display().to_string());
    let located = |d: Diagnostic| match &file {
        Some(f) => d.in_file(f.clone()),
        None => d,
    };
    if looks_like_json(text) {
        return serde_json::from_str(text).map_err(|err| {
            located(
                Diagnostic::error("#", format!("malformed JSON: {err}")).at_line(Some(err.line())),
            )
        });
    }
    parse_yaml(text).map_err(|(message, line)| {
        located(Diagnostic::error("#", format!("malformed YAML: {message}")).at_line(line))
    })
}

/// Most closing brackets a document may have moved before it is refused
/// (each costs a parse of the whole text).
const MAX_BRACKETS_MOVED: usize = 64;

/// Parses as [`parse_document`] does, reading one slip that libyaml-based
/// tools (PyYAML, go-yaml) accept: a flow collection whose closing bracket
/// sits at or left of its key's indentation (`enum: [` … `]` under `enum`),
/// which YAML 1.2 calls invalid indentation. Such a line is read as if
/// indented like the line before it; that cannot change its meaning, as a
/// line that starts with `]` or `}` holds nothing but flow syntax. Returns
/// the text as read (the same lines, so line numbers hold) and the
/// 1-based lines moved.
pub fn parse_document_leniently<'t>(
    text: &'t str,
    path: Option<&Path>,
) -> Result<(Value, Cow<'t, str>, Vec<usize>), Diagnostic> {
    let mut text = Cow::Borrowed(text);
    let mut moved = Vec::new();
    loop {
        let error = match parse_document(&text, path) {
            Ok(value) => return Ok((value, text, moved)),
            Err(error) => error,
        };
        let bracket = error
            .line
            .filter(|_| error.message.contains("invalid indentation"))
            .filter(|_| !looks_like_json(&text) && moved.len() < MAX_BRACKETS_MOVED)
            .and_then(|line| indent_closing_bracket(&text, line));
        match bracket {
            Some(indented) => {
                moved.push(error.line.unwrap_or_default());
                text = Cow::Owned(indented);
            }
            None => return Err(error),
        }
    }
}

/// `text` with line `line` (1-based), if it starts with a closing bracket,
/// indented as the nearest non-blank line before it.
fn indent_closing_bracket(text: &str, line: usize) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let own = rest.len() - rest.trim_start_matches(' ').len();
    if !rest[own..].starts_with([']', '}']) {
        return None;
    }
    let indent = text[..start]
        .lines()
        .rev()
        .find(|before| !before.trim().is_empty())
        .map(|before| before.len() - before.trim_start().len())?;
    let mut out = text.to_owned();
    out.insert_str(
        start,
        &" ".repeat(indent.checked_sub(own).filter(|&n| n > 0)?),
    );
    Some(out)
}

/// Whether the text is parsed as JSON (YAML is a superset, but serde_json is
/// faster and its errors are clearer for JSON documents).
pub(crate) fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// An error message and the 1-based line it was found on.
type YamlError = (String, Option<usize>);

/// Parses one YAML document: keys are always strings (`200:` → `"200"`),
/// integers too large for 64 bits become floats, `<<` merge keys are applied,
/// tags are dropped, duplicate keys are an error.
fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    let mut builder = Builder::new(text.len());
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(scan_error)?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err((
                        "a stream of several YAML documents is not an OpenAPI document".into(),
                        Some(span.start.line()),
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let value = scalar(value, style, tag.as_deref())
                    .map_err(|message| (message, Some(span.start.line())))?;
                builder.value(value, 1, anchor, span)?;
            }
            Event::SequenceStart(anchor, _) => builder.open(Node::Seq(Vec::new()), anchor, span)?,
            Event::MappingStart(anchor, _) => {
                builder.open(Node::Map(Pending::default()), anchor, span)?
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(span)?,
            Event::Alias(anchor) => builder.alias(anchor, span)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

fn scan_error(err: ScanError) -> YamlError {
    let marker = err.marker();
    (
        format!(
            "{} at line {} column {}",
            err.info(),
            marker.line(),
            marker.col() + 1
        ),
        Some(marker.line()),
    )
}

/// A container being built.
enum Node {
    Seq(Vec<Value>),
    Map(Pending),
}

#[derive(Default)]
struct Pending {
    object: Map<String, Value>,
    /// The key read, waiting for its value.
    key: Option<String>,
    /// Values of `<<` merge keys, applied when the mapping closes.
    merged: Vec<Value>,
}

struct Open {
    node: Node,
    anchor: usize,
    /// Values inside it, aliases expanded (to bound alias expansion).
    size: usize,
}

struct Builder {
    stack: Vec<Open>,
    /// Anchored values by id, with their size in values.
    anchors: Vec<Option<(Value, usize)>>,
    root: Option<Value>,
    /// Values produced so far, aliases expanded; bounded so a few bytes of
    /// nested aliases cannot expand into gigabytes ("billion laughs").
    produced: usize,
    budget: usize,
}

impl Builder {
    fn new(text_len: usize) -> Self {
        Self {
            stack: Vec::new(),
            anchors: Vec::new(),
            root: None,
            produced: 0,
            budget: text_len.saturating_mul(16).max(1 << 20),
        }
    }

    fn open(&mut self, node: Node, anchor: usize, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err((
                format!("nesting deeper than {MAX_DEPTH} levels"),
                Some(span.start.line()),
            ));
        }
        self.stack.push(Open {
            node,
            anchor,
            size: 1,
        });
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), YamlError> {
        let Some(open) = self.stack.pop() else {
            return Ok(());
        };
        let value = match open.node {
            Node::Seq(items) => Value::Array(items),
            Node::Map(pending) => Value::Object(merge(pending)),
        };
        self.value(value, open.size, open.anchor, span)
    }

    fn alias(&mut self, anchor: usize, span: Span) -> Result<(), YamlError> {
        let Some(Some((value, size))) = self.anchors.get(anchor) else {
            return Err((
                "an alias refers to an anchor that is not defined before it".into(),
                Some(span.start.line()),
            ));
        };
        let (value, size) = (value.clone(), *size);
        self.value(value, size, 0, span)
    }

    /// Places a finished value (of `size` values) in its container.
    fn value(
        &mut self,
        value: Value,
        size: usize,
        anchor: usize,
        span: Span,
    ) -> Result<(), YamlError> {
        self.produced += size;
        if self.produced > self.budget {
            return Err((
                "aliases expand to far more values than the document holds".into(),
                Some(span.start.line()),
            ));
        }
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some((value.clone(), size));
        }
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        open.size += size;
        match &mut open.node {
            Node::Seq(items) => items.push(value),
            Node::Map(pending) => match pending.key.take() {
                None => pending.key = Some(key_text(value, span)?),
                Some(key) if key == "<<" => pending.merged.push(value),
                Some(key) => {
                    if pending.object.contains_key(&key) {
                        return Err((format!("duplicate key `{key}`"), Some(span.start.line())));
                    }
                    pending.object.insert(key, value);
                }
            },
        }
        Ok(())
    }
}

/// A mapping key as a string: `200` → `"200"`, `null` → `"null"`.
fn key_text(key: Value, span: Span) -> Result<String, YamlError> {
    match key {
        Value::String(s) => Ok(s),
        Value::Null => Ok("null".to_owned()),
        Value::Bool(_) | Value::Number(_) => Ok(key.to_string()),
        _ => Err((
            "mapping keys must be scalars".into(),
            Some(span.start.line()),
        )),
    }
}

/// Applies merge keys: explicit keys win, then earlier merged maps.
fn merge(pending: Pending) -> Map<String, Value> {
    let mut object = pending.object;
    for source in pending.merged {
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
    object
}

/// Resolves a scalar as serde_yaml 0.9 did: plain scalars by the YAML 1.2
/// core schema, quoted and block scalars as strings, `!!bool`/`!!int`/
/// `!!float`/`!!null` strictly, any other tag dropped.
fn scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let plain = style == ScalarStyle::Plain;
    if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
        let strict = |value: Option<Value>, what: &str| {
            value.ok_or_else(|| format!("invalid value `{text}` for {what}"))
        };
        return match tag.suffix.as_str() {
            "bool" => strict(parse_bool(&text).map(Value::Bool), "!!bool"),
            "int" => strict(parse_int(&text), "!!int"),
            "float" => strict(parse_float(&text), "!!float"),
            "null" => strict(parse_null(&text).then_some(Value::Null), "!!null"),
            _ => Ok(Value::String(text.into_owned())),
        };
    }
    if !plain {
        return Ok(Value::String(text.into_owned()));
    }
    Ok(resolve_plain(text))
}

fn resolve_plain(text: Cow<'_, str>) -> Value {
    if text.is_empty() || parse_null(&text) {
        return Value::Null;
    }
    if let Some(b) = parse_bool(&text) {
        return Value::Bool(b);
    }
    // Only text starting like a number can be one; most scalars stop here.
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Some(number) = parse_int(&text) {
            return number;
        }
        if !digits_but_not_number(&text)
            && let Some(number) = parse_float(&text)
        {
            return number;
        }
    }
    Value::String(text.into_owned())
}

fn parse_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Decimal, `0x`, `0o` and `0b` integers with an optional sign; beyond 64
/// bits they become floats. Leading zeros (`0123`) make a string.
fn parse_int(text: &str) -> Option<Value> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if unsigned.starts_with(['+', '-']) || unsigned.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(rest) = unsigned.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0b") {
        (2, rest)
    } else {
        if digits_but_not_number(text) {
            return None;
        }
        (10, unsigned)
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    Some(if negative {
        match i64::try_from(magnitude).map(|m| -m) {
            Ok(v) => Value::from(v),
            Err(_) if magnitude == 1 << 63 => Value::from(i64::MIN),
            Err(_) => float(-(magnitude as f64)),
        }
    } else {
        match u64::try_from(magnitude) {
            Ok(v) => Value::from(v),
            Err(_) => float(magnitude as f64),
        }
    })
}

fn parse_float(text: &str) -> Option<Value> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    // Infinities and NaN have no JSON form: null, as before.
    if matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
    {
        return Some(Value::Null);
    }
    match unsigned.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(float(v)),
        _ => None,
    }
}

/// Leading zeros followed by digits is a string in YAML 1.2.
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Value {
        parse_yaml(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_closing_bracket_left_of_its_key_is_read_as_indented() {
        let text = "a:\n  enum: [\n    x, y,\n    z\n  ]\n  b: {\n    c: 1\n}\nd: 2\n";
        assert!(parse_document(text, None).is_err());
        let (value, read, moved) = parse_document_leniently(text, None).unwrap();
        assert_eq!(
            value,
            json!({"a": {"enum": ["x", "y", "z"], "b": {"c": 1}}, "d": 2})
        );
        assert_eq!(moved, [8]);
        assert_eq!(read.lines().count(), text.lines().count());
        // Any other indentation error is still one.
        let text = "a:\n  b: 1\n c: 2\n";
        assert!(parse_document_leniently(text, None).is_err());
    }

    #[test]
    fn scalars_resolve_as_yaml_1_2_core() {
        assert_eq!(
            yaml(
                "[no, yes, on, off, true, False, ~, null, '', 1, -2, 0x1f, 0o17, 0b11, 1.5, 1e3, 0123, '5', .inf, 1_000]"
            ),
            json!([
                "no", "yes", "on", "off", true, false, null, null, "", 1, -2, 31, 15, 3, 1.5,
                1000.0, "0123", "5", null, "1_000"
            ])
        );
    }

    #[test]
    fn big_integers_become_floats() {
        assert_eq!(
            yaml("[18446744073709551616, -9223372036854775808, -9223372036854775809]"),
            json!([18446744073709551616.0, i64::MIN, -9223372036854775809.0])
        );
    }

    #[test]
    fn keys_are_strings() {
        assert_eq!(
            yaml("200: a\n1.5: b\ntrue: c\nnull: d\n"),
            json!({"200": "a", "1.5": "b", "true": "c", "null": "d"})
        );
    }

    #[test]
    fn merge_keys_apply_explicit_keys_first() {
        assert_eq!(
            yaml("base: &b {a: 1, b: 2}\nmore: &m {c: 3}\nx:\n  <<: [*b, *m]\n  b: 9\n"),
            json!({"base": {"a": 1, "b": 2}, "more": {"c": 3}, "x": {"b": 9, "a": 1, "c": 3}})
        );
    }

    #[test]
    fn tags_are_dropped_and_core_tags_applied() {
        assert_eq!(
            yaml("a: !custom {b: 1}\nc: !!str 12\nd: !!int '7'\ne: !x 3\n"),
            json!({"a": {"b": 1}, "c": "12", "d": 7, "e": 3})
        );
    }

    #[test]
    fn errors_carry_lines() {
        let (message, line) = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(message.contains("duplicate key `a`"), "{message}");
        assert_eq!(line, Some(3));
        let (_, line) = parse_yaml("a:\n  b: [1,\n").unwrap_err();
        assert!(line.is_some());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb += &format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            );
        }
        assert!(parse_yaml(&bomb).unwrap_err().0.contains("aliases expand"));
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse_yaml(&deep).unwrap_err().0.contains("nesting deeper"));
    }

    #[test]
    fn several_documents_are_refused() {
        assert!(parse_yaml("a: 1\n---\nb: 2\n").is_err());
    }
}
