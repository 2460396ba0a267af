//! Read-only helpers over the raw document that the rules share: operations
//! with their merged parameters, responses, effective security.

use serde_json::{Map, Value};

use crate::diagnostics::child;
use crate::load::places::deref;

/// HTTP methods that name operations in a path item.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the document.
pub(super) struct Op<'d> {
    pub path: &'d str,
    pub method: &'static str,
    pub pointer: String,
    pub value: &'d Value,
    /// Path-level and operation-level parameters (the latter win), resolved.
    pub params: Vec<Param<'d>>,
}

pub(super) struct Param<'d> {
    pub name: &'d str,
    pub location: &'d str,
    pub pointer: String,
    pub value: &'d Value,
}

impl Param<'_> {
    pub(super) fn required(&self) -> bool {
        self.value.get("required").and_then(Value::as_bool) == Some(true)
    }

    pub(super) fn schema<'s>(&'s self, doc: &'s Value) -> Option<&'s Value> {
        self.value.get("schema").map(|s| deref(doc, s).0)
    }
}

/// Every operation, in document order.
pub(super) fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut ops = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return ops;
    };
    for (path, item) in paths {
        let item_pointer = child("#/paths", path);
        let (item, item_target) = deref(doc, item);
        let item_base = item_target.unwrap_or_else(|| item_pointer.clone());
        let shared = params_of(doc, item, &item_base);
        for method in METHODS {
            let Some(op) = item.get(method).filter(|o| o.is_object()) else {
                continue;
            };
            let pointer = child(&item_base, method);
            let mut params = params_of(doc, op, &pointer);
            for p in &shared {
                if !params
                    .iter()
                    .any(|q| q.name == p.name && q.location == p.location)
                {
                    params.push(Param {
                        name: p.name,
                        location: p.location,
                        pointer: p.pointer.clone(),
                        value: p.value,
                    });
                }
            }
            ops.push(Op {
                path,
                method,
                pointer,
                value: op,
                params,
            });
        }
    }
    ops
}

fn params_of<'d>(doc: &'d Value, owner: &'d Value, pointer: &str) -> Vec<Param<'d>> {
    let list = owner.get("parameters").and_then(Value::as_array);
    let base = child(pointer, "parameters");
    list.into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, p)| {
            let (p, _) = deref(doc, p);
            Some(Param {
                name: p.get("name")?.as_str()?,
                location: p.get("in")?.as_str()?,
                pointer: child(&base, &i.to_string()),
                value: p,
            })
        })
        .collect()
}

impl<'d> Op<'d> {
    pub(super) fn id(&self) -> Option<&'d str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    /// `(status, pointer, resolved response)` for each declared response.
    pub(super) fn responses(&self, doc: &'d Value) -> Vec<(&'d str, String, &'d Value)> {
        let base = child(&self.pointer, "responses");
        self.value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(status, r)| (status.as_str(), child(&base, status), deref(doc, r).0))
            .collect()
    }

    pub(super) fn has_status(&self, status: &str) -> bool {
        self.value
            .get("responses")
            .and_then(Value::as_object)
            .is_some_and(|r| r.contains_key(status))
    }

    pub(super) fn header_param(&self, name: &str) -> Option<&Param<'d>> {
        self.params
            .iter()
            .find(|p| p.location == "header" && p.name.eq_ignore_ascii_case(name))
    }

    pub(super) fn query_param(&self, names: &[&str]) -> Option<&Param<'d>> {
        self.params
            .iter()
            .find(|p| p.location == "query" && names.iter().any(|n| p.name.eq_ignore_ascii_case(n)))
    }

    /// The security requirements in force: the operation's, else the document's.
    pub(super) fn security(&self, doc: &'d Value) -> Option<&'d Vec<Value>> {
        self.value
            .get("security")
            .or_else(|| doc.get("security"))
            .and_then(Value::as_array)
    }

    /// Whether a caller must authenticate (some requirement, none empty).
    pub(super) fn is_secured(&self, doc: &'d Value) -> bool {
        self.security(doc).is_some_and(|alternatives| {
            !alternatives.is_empty()
                && alternatives
                    .iter()
                    .all(|a| a.as_object().is_some_and(|m| !m.is_empty()))
        })
    }

    pub(super) fn extension(&self, key: &str) -> Option<&'d Value> {
        self.value.get(key)
    }
}

/// Resolved header names (lowercase) of a response.
pub(super) fn header_names(response: &Value) -> Vec<String> {
    response
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| h.keys().map(|k| k.to_ascii_lowercase()).collect())
        .unwrap_or_default()
}

/// The media types of a response or request body.
pub(super) fn content(value: &Value) -> Option<&Map<String, Value>> {
    value.get("content").and_then(Value::as_object)
}

/// Whether a status key is an error (4xx, 5xx, their ranges, or `default`).
pub(super) fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

pub(super) fn is_success_status(status: &str) -> bool {
    status.starts_with('2') || status.starts_with('3')
}

/// The literal segments of a path template (`/a/{b}/c` → a, c) with whether
/// the segment that follows each is a parameter.
pub(super) fn segments(path: &str) -> Vec<(&str, bool, bool)> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    parts
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.starts_with('{'))
        .map(|(i, s)| {
            let before_param = parts.get(i + 1).is_some_and(|n| n.starts_with('{'));
            let last = i + 1 == parts.len();
            (*s, before_param, last)
        })
        .collect()
}

/// Splits an identifier into lowercase words (camelCase, snake_case,
/// kebab-case) and names its style.
pub(super) fn words(name: &str) -> (Vec<String>, Style) {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut style = Style::Single;
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == '.' {
            style = match (style, c) {
                (Style::Single | Style::Snake, '_') => Style::Snake,
                (Style::Single | Style::Kebab, '-') => Style::Kebab,
                _ => Style::Mixed,
            };
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            style = match style {
                Style::Single | Style::Camel => Style::Camel,
                _ => Style::Mixed,
            };
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    if name.starts_with(|c: char| c.is_uppercase()) && style == Style::Camel {
        style = Style::Pascal;
    }
    (words, style)
}

/// The casing of an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Style {
    /// One word: fits every style.
    Single,
    Camel,
    Pascal,
    Snake,
    Kebab,
    Mixed,
}

impl Style {
    pub(super) fn name(self) -> &'static str {
        match self {
            Style::Single => "one word",
            Style::Camel => "camelCase",
            Style::Pascal => "PascalCase",
            Style::Snake => "snake_case",
            Style::Kebab => "kebab-case",
            Style::Mixed => "mixed casing",
        }
    }
}

/// The most common multi-word style among names, if any.
pub(super) fn majority_style<'n>(names: impl Iterator<Item = &'n str>) -> Option<Style> {
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for name in names {
        let (_, style) = words(name);
        if style == Style::Single {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == style) {
            Some((_, n)) => *n += 1,
            None => counts.push((style, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(s, n)| (*n, *s == Style::Camel))
        .map(|(s, _)| s)
}

/// Calls `visit(pointer, schema)` for every schema object reachable in
/// place (not through `$ref`s) from the document: components, parameters,
/// headers, bodies, and the subschemas of each.
pub(super) fn for_each_schema<'d>(doc: &'d Value, visit: &mut dyn FnMut(&str, &'d Value)) {
    fn walk<'d>(
        value: &'d Value,
        pointer: &str,
        place: crate::load::places::Place,
        visit: &mut dyn FnMut(&str, &'d Value),
    ) {
        use crate::load::places::{Place, child_place};
        if place == Place::Schema && value.is_object() && value.get("$ref").is_none() {
            visit(pointer, value);
        }
        match value {
            Value::Object(map) => {
                for (key, child_value) in map {
                    if let Some(next) = child_place(place, key) {
                        walk(child_value, &child(pointer, key), next, visit);
                    }
                }
            }
            Value::Array(items) => {
                let item_place = crate::load::places::item_place(place);
                for (i, item) in items.iter().enumerate() {
                    walk(item, &child(pointer, &i.to_string()), item_place, visit);
                }
            }
            _ => {}
        }
    }
    if let Some(root) = doc.as_object() {
        for (key, value) in root {
            if key == "webhooks" || key == crate::load::places::X_WEBHOOKS {
                continue;
            }
            if let Some(place) = crate::load::places::root_place(key) {
                walk(value, &child("#", key), place, visit);
            }
        }
    }
}
