//! Schema comparison in one direction: a tightened constraint breaks a
//! request and is harmless in a response; a loosened one the other way round.

use std::collections::BTreeSet;

use serde_json::Value;

use super::wire::{Differ, Direction};
use crate::diagnostics::child;
use crate::load::places::deref;

/// Per direction, the kind of a change.
fn pick(direction: Direction, request: &'static str, response: &'static str) -> &'static str {
    match direction {
        Direction::Request => request,
        Direction::Response => response,
    }
}

pub(super) fn compare<'d>(
    d: &mut Differ<'d>,
    what: &str,
    (old, op): (&'d Value, &str),
    (new, np): (&'d Value, &str),
    dir: Direction,
) {
    let (old_doc, new_doc) = (d.old, d.new);
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let flag = |v: &Value, k: &str| v.get(k) == Some(&Value::Bool(true));
    // Type and format.
    let (ot, nt) = (text(old, "type"), text(new, "type"));
    if let (Some(a), Some(b)) = (&ot, &nt)
        && a != b
    {
        let kind = match (dir, a.as_str(), b.as_str()) {
            (Direction::Request, "integer", "number") => "request-type-widened",
            (Direction::Response, "number", "integer") => "response-type-narrowed",
            _ => pick(dir, "request-type-changed", "response-type-changed"),
        };
        d.report(kind, format!("{what}: type {a} → {b}"), op, np);
        return;
    }
    let (of, nf) = (text(old, "format"), text(new, "format"));
    if of != nf {
        let rank = |f: &Option<String>| match f.as_deref() {
            Some("int8") => Some(1),
            Some("int16") => Some(2),
            Some("int32" | "float") => Some(3),
            Some("int64" | "double") => Some(4),
            None => Some(5),
            _ => None,
        };
        let widened = match (rank(&of), rank(&nf)) {
            (Some(a), Some(b)) => Some(b > a),
            // A string format added narrows, removed widens.
            (_, None) if nf.is_none() => Some(true),
            (None, _) if of.is_none() => Some(false),
            _ => None,
        };
        let kind = match (dir, widened) {
            (Direction::Request, Some(true)) => "request-format-widened",
            (Direction::Request, Some(false)) => "request-format-narrowed",
            (Direction::Response, Some(true)) => "response-format-widened",
            (Direction::Response, Some(false)) => "response-format-narrowed",
            (_, None) => pick(dir, "request-format-changed", "response-format-changed"),
        };
        let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".into());
        d.report(
            kind,
            format!("{what}: format {} → {}", show(&of), show(&nf)),
            op,
            np,
        );
    }
    match (flag(old, "nullable"), flag(new, "nullable")) {
        (true, false) => d.report(
            pick(dir, "request-nullable-removed", "response-nullable-removed"),
            format!("{what}: null is no longer allowed"),
            op,
            np,
        ),
        (false, true) => d.report(
            pick(dir, "request-nullable-added", "response-nullable-added"),
            format!("{what}: null is now allowed"),
            op,
            np,
        ),
        _ => {}
    }
    // Enums.
    if let (Some(Value::Array(oe)), Some(Value::Array(ne))) = (old.get("enum"), new.get("enum")) {
        for value in oe.iter().filter(|v| !ne.contains(v)) {
            d.report(
                pick(
                    dir,
                    "request-enum-value-removed",
                    "response-enum-value-removed",
                ),
                format!("{what}: enum value {value} was removed"),
                op,
                np,
            );
        }
        for value in ne.iter().filter(|v| !oe.contains(v)) {
            d.report(
                pick(dir, "request-enum-value-added", "response-enum-value-added"),
                format!("{what}: enum value {value} was added"),
                op,
                np,
            );
        }
    }
    bounds(d, what, (old, op), (new, np), dir);
    if old.get("default") != new.get("default")
        && (old.get("default").is_some() || new.get("default").is_some())
    {
        d.report(
            pick(dir, "request-default-changed", "response-default-changed"),
            format!("{what}: the default changed"),
            op,
            np,
        );
    }
    if text(old, "description") != text(new, "description") && old.get("description").is_some() {
        d.report(
            "description-changed",
            format!("{what}: the description changed"),
            op,
            np,
        );
    }
    // Compositions.
    for key in ["oneOf", "anyOf"] {
        let ids = |doc: &Value, v: &Value| -> BTreeSet<String> {
            v.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, m)| match m.get("$ref").and_then(Value::as_str) {
                    Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
                    None => deref(doc, m)
                        .0
                        .get("title")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("#{i}"), str::to_owned),
                })
                .collect()
        };
        let (oi, ni) = (ids(old_doc, old), ids(new_doc, new));
        let changes = [
            (
                oi.difference(&ni),
                "removed",
                ["request-variant-removed", "response-variant-removed"],
            ),
            (
                ni.difference(&oi),
                "added",
                ["request-variant-added", "response-variant-added"],
            ),
        ];
        for (ids, change, [request, response]) in changes {
            for id in ids {
                let message = format!("{what}: the {key} alternative {id} was {change}");
                d.report(pick(dir, request, response), message, op, np);
            }
        }
        // Alternatives kept: compare them in place.
        let (ol, nl) = (
            old.get(key).and_then(Value::as_array),
            new.get(key).and_then(Value::as_array),
        );
        if let (Some(ol), Some(nl)) = (ol, nl) {
            for (i, o) in ol.iter().enumerate() {
                if let Some(r) = o.get("$ref")
                    && let Some(j) = nl.iter().position(|n| n.get("$ref") == Some(r))
                {
                    d.schema(
                        what,
                        (o, &child(&child(op, key), &i.to_string())),
                        (&nl[j], &child(&child(np, key), &j.to_string())),
                        dir,
                    );
                }
            }
        }
    }
    let discriminator = |v: &Value| v.get("discriminator").cloned();
    if discriminator(old).is_some() && discriminator(old) != discriminator(new) {
        d.report(
            "discriminator-changed",
            format!("{what}: the discriminator changed"),
            op,
            np,
        );
    }
    // Items.
    if let (Some(oi), Some(ni)) = (old.get("items"), new.get("items")) {
        d.schema(
            &format!("{what}[]"),
            (oi, &child(op, "items")),
            (ni, &child(np, "items")),
            dir,
        );
    }
    // Members, merged over allOf.
    let (om, nm) = (members(old_doc, old, op), members(new_doc, new, np));
    if om.is_empty() && nm.is_empty() {
        return;
    }
    let (oreq, nreq) = (required(old_doc, old), required(new_doc, new));
    for (name, optr, o) in &om {
        let member = format!("{what}: member `{name}`");
        let Some((_, nptr, n)) = nm.iter().find(|(m, ..)| m == name) else {
            let kind = match dir {
                Direction::Request => "request-property-removed",
                Direction::Response if oreq.contains(name) => "response-required-property-removed",
                Direction::Response => "response-optional-property-removed",
            };
            d.report(kind, format!("{member} was removed"), optr, np);
            continue;
        };
        match (oreq.contains(name), nreq.contains(name)) {
            (false, true) => d.report(
                pick(
                    dir,
                    "request-property-became-required",
                    "response-property-became-required",
                ),
                format!("{member} became required"),
                optr,
                nptr,
            ),
            (true, false) => d.report(
                pick(
                    dir,
                    "request-property-became-optional",
                    "response-property-became-optional",
                ),
                format!("{member} became optional"),
                optr,
                nptr,
            ),
            _ => {}
        }
        let (od, nd) = (deref(old_doc, o).0, deref(new_doc, n).0);
        if dir == Direction::Request && !flag(od, "readOnly") && flag(nd, "readOnly") {
            d.report(
                "request-property-became-read-only",
                format!("{member} became readOnly"),
                optr,
                nptr,
            );
        }
        if dir == Direction::Response && !flag(od, "writeOnly") && flag(nd, "writeOnly") {
            d.report(
                "response-property-became-write-only",
                format!("{member} became writeOnly"),
                optr,
                nptr,
            );
        }
        if !flag(od, "deprecated") && flag(nd, "deprecated") {
            d.report(
                "property-deprecated",
                format!("{member} was deprecated"),
                optr,
                nptr,
            );
        }
        d.schema(&member, (o, optr), (n, nptr), dir);
    }
    for (name, nptr, n) in &nm {
        if om.iter().any(|(m, ..)| m == name) {
            continue;
        }
        let member = format!("{what}: member `{name}`");
        let read_only = flag(deref(new_doc, n).0, "readOnly");
        let kind = match dir {
            Direction::Request if read_only => continue,
            Direction::Request if nreq.contains(name) => "new-required-request-property",
            Direction::Request => "new-optional-request-property",
            Direction::Response => "response-property-added",
        };
        d.report(kind, format!("{member} was added"), op, nptr);
    }
    let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
    match (closed(old), closed(new)) {
        (false, true) => d.report(
            pick(
                dir,
                "request-additional-properties-closed",
                "response-additional-properties-closed",
            ),
            format!("{what}: undeclared members are no longer allowed"),
            op,
            np,
        ),
        (true, false) => d.report(
            pick(
                dir,
                "request-additional-properties-opened",
                "response-additional-properties-opened",
            ),
            format!("{what}: undeclared members are allowed"),
            op,
            np,
        ),
        _ => {}
    }
    if let (Some(oa), Some(na)) = (
        old.get("additionalProperties").filter(|v| v.is_object()),
        new.get("additionalProperties").filter(|v| v.is_object()),
    ) {
        d.schema(
            &format!("{what}{{*}}"),
            (oa, &child(op, "additionalProperties")),
            (na, &child(np, "additionalProperties")),
            dir,
        );
    }
}

/// Declared members, merged over `allOf`: (name, pointer, schema).
fn members<'v>(
    doc: &'v Value,
    schema: &'v Value,
    pointer: &str,
) -> Vec<(String, String, &'v Value)> {
    let mut out = Vec::new();
    collect_members(doc, schema, pointer, &mut out, 0);
    out
}

fn collect_members<'v>(
    doc: &'v Value,
    schema: &'v Value,
    pointer: &str,
    out: &mut Vec<(String, String, &'v Value)>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let (schema, target) = deref(doc, schema);
    let pointer = target.unwrap_or_else(|| pointer.to_owned());
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, value) in properties {
            if !out.iter().any(|(n, ..)| n == name) {
                out.push((
                    name.clone(),
                    child(&child(&pointer, "properties"), name),
                    value,
                ));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for (i, member) in all.iter().enumerate() {
            collect_members(
                doc,
                member,
                &child(&child(&pointer, "allOf"), &i.to_string()),
                out,
                depth + 1,
            );
        }
    }
}

fn required(doc: &Value, schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![(schema, 0)];
    while let Some((s, depth)) = stack.pop() {
        let s = deref(doc, s).0;
        out.extend(
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        if depth < 16 {
            stack.extend(
                s.get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|m| (m, depth + 1)),
            );
        }
    }
    out
}

/// Numeric bounds, pattern, multipleOf, uniqueItems.
fn bounds(
    d: &mut Differ<'_>,
    what: &str,
    (old, op): (&Value, &str),
    (new, np): (&Value, &str),
    dir: Direction,
) {
    // (keyword, is an upper bound, exclusive flag, kinds: request tightened/loosened, response loosened/tightened)
    type Kinds = [&'static str; 4];
    let table: [(&str, bool, Option<&str>, Kinds); 8] = [
        (
            "maxLength",
            true,
            None,
            [
                "request-max-length-tightened",
                "request-max-length-loosened",
                "response-max-length-loosened",
                "response-max-length-tightened",
            ],
        ),
        (
            "minLength",
            false,
            None,
            [
                "request-min-length-tightened",
                "request-min-length-loosened",
                "response-min-length-loosened",
                "response-min-length-tightened",
            ],
        ),
        (
            "maximum",
            true,
            Some("exclusiveMaximum"),
            [
                "request-maximum-tightened",
                "request-maximum-loosened",
                "response-maximum-loosened",
                "response-maximum-tightened",
            ],
        ),
        (
            "minimum",
            false,
            Some("exclusiveMinimum"),
            [
                "request-minimum-tightened",
                "request-minimum-loosened",
                "response-minimum-loosened",
                "response-minimum-tightened",
            ],
        ),
        (
            "maxItems",
            true,
            None,
            [
                "request-max-items-tightened",
                "request-max-items-loosened",
                "response-max-items-loosened",
                "response-max-items-tightened",
            ],
        ),
        (
            "minItems",
            false,
            None,
            [
                "request-min-items-tightened",
                "request-min-items-loosened",
                "response-min-items-loosened",
                "response-min-items-tightened",
            ],
        ),
        (
            "maxProperties",
            true,
            None,
            [
                "request-max-properties-tightened",
                "request-max-properties-loosened",
                "response-max-properties-loosened",
                "response-max-properties-tightened",
            ],
        ),
        (
            "minProperties",
            false,
            None,
            [
                "request-min-properties-tightened",
                "request-min-properties-loosened",
                "response-min-properties-loosened",
                "response-min-properties-tightened",
            ],
        ),
    ];
    for (keyword, upper, exclusive, kinds) in table {
        let value = |v: &Value| {
            let bound = v.get(keyword).and_then(Value::as_f64)?;
            let excl = exclusive.is_some_and(|e| v.get(e) == Some(&Value::Bool(true)));
            // An exclusive bound is a hair tighter than the inclusive one.
            let nudge = if excl {
                1e-9_f64.max(bound.abs() * 1e-12)
            } else {
                0.0
            };
            Some(if upper { bound - nudge } else { bound + nudge })
        };
        let (a, b) = (value(old), value(new));
        let tightened = match (a, b) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) if a != b => (b < a) == upper,
            _ => continue,
        };
        let kind = match (dir, tightened) {
            (Direction::Request, true) => kinds[0],
            (Direction::Request, false) => kinds[1],
            (Direction::Response, false) => kinds[2],
            (Direction::Response, true) => kinds[3],
        };
        let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
        d.report(
            kind,
            format!(
                "{what}: {keyword} {} → {}",
                show(old.get(keyword)),
                show(new.get(keyword))
            ),
            op,
            np,
        );
    }
    let (opat, npat) = (old.get("pattern"), new.get("pattern"));
    let pattern_kind = match (opat, npat) {
        (None, Some(_)) => Some(pick(dir, "request-pattern-added", "response-pattern-added")),
        (Some(_), None) => Some(pick(
            dir,
            "request-pattern-removed",
            "response-pattern-removed",
        )),
        (Some(a), Some(b)) if a != b => Some(pick(
            dir,
            "request-pattern-changed",
            "response-pattern-changed",
        )),
        _ => None,
    };
    if let Some(kind) = pattern_kind {
        d.report(kind, format!("{what}: the pattern changed"), op, np);
    }
    if old.get("multipleOf") != new.get("multipleOf") {
        d.report(
            pick(
                dir,
                "request-multiple-of-changed",
                "response-multiple-of-changed",
            ),
            format!("{what}: multipleOf changed"),
            op,
            np,
        );
    }
    let unique = |v: &Value| v.get("uniqueItems") == Some(&Value::Bool(true));
    let change = match (unique(old), unique(new), dir) {
        (false, true, Direction::Request) => {
            Some(("request-unique-items-added", "items must be unique"))
        }
        (false, true, Direction::Response) => {
            Some(("response-unique-items-added", "items are unique"))
        }
        (true, false, _) => Some((
            pick(
                dir,
                "request-unique-items-removed",
                "response-unique-items-removed",
            ),
            "items may repeat",
        )),
        _ => None,
    };
    if let Some((kind, change)) = change {
        d.report(kind, format!("{what}: {change}"), op, np);
    }
}
