//! The rule catalogue and the checks behind it.
//!
//! Each rule comes from the design guidance: `DESIGN.md` (problem+json
//! errors, 401 vs 403, cursor pagination, idempotency keys, ETags and
//! conditional writes, rate limits with `retry-after`, deprecation with a
//! sunset, long-running operations) and its seeds (noun resources, plural
//! collections, one casing, separate request and response shapes, no `x-`
//! headers, current OAuth flows, documented status codes).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Severity::{Error, Info, Warning};
use super::document::{
    Op, Style, content, for_each_schema, header_names, is_error_status, is_success_status,
    majority_style, operations, segments, words,
};
use super::{Rule, examples};
use crate::diagnostics::child;
use crate::ir::PathTemplate;
use crate::load::places::{Place, deref, for_each_reference};

/// The catalogue, in the order reports list rules.
pub static RULES: &[Rule] = &[
    Rule {
        id: "operation-id-unique",
        severity: Error,
        summary: "Every operationId is unique in the document.",
        fix: "Rename one of the operations; the operationId names the generated Rust methods and types.",
    },
    Rule {
        id: "operation-id-present",
        severity: Warning,
        summary: "Every operation has an operationId.",
        fix: "Add an operationId (camelCase verb + noun, e.g. `listPets`); without it the generator invents one from the method and path.",
    },
    Rule {
        id: "operation-id-casing",
        severity: Warning,
        summary: "operationIds are camelCase.",
        fix: "Rename the operationId to camelCase (`getPet`, not `get_pet` or `GetPet`).",
    },
    Rule {
        id: "operation-documented",
        severity: Info,
        summary: "Every operation has a summary or a description.",
        fix: "Add a `summary`; it becomes the doc comment of the generated method.",
    },
    Rule {
        id: "success-response",
        severity: Warning,
        summary: "Every operation documents a success (2xx or 3xx) response.",
        fix: "Declare the success status the operation answers with, and its body.",
    },
    Rule {
        id: "path-parameters-declared",
        severity: Error,
        summary: "Every `{name}` in a path is a declared path parameter, and every path parameter appears in the path.",
        fix: "Declare the parameter with `in: path` and `required: true`, or fix the template.",
    },
    Rule {
        id: "no-body-on-get",
        severity: Warning,
        summary: "GET, HEAD and DELETE operations take no request body.",
        fix: "Move the input to query parameters, or use POST for a command with a body.",
    },
    Rule {
        id: "error-problem-json",
        severity: Warning,
        summary: "Error responses (4xx, 5xx, default) are `application/problem+json` (RFC 9457).",
        fix: "Serve errors as `application/problem+json` with the shared Problem schema.",
    },
    Rule {
        id: "error-schema-single",
        severity: Warning,
        summary: "All error responses share one error schema across the API.",
        fix: "Point every error body at the same schema (e.g. `#/components/schemas/Problem`).",
    },
    Rule {
        id: "collection-paginated",
        severity: Warning,
        summary: "GETs of a collection are paginated (cursor and limit, or `x-pagination`), or bounded with `maxItems`.",
        fix: "Add `cursor` and `limit` query parameters and a `nextCursor` member, or bound the array with `maxItems`.",
    },
    Rule {
        id: "limit-bounded",
        severity: Warning,
        summary: "A page-size parameter has a maximum.",
        fix: "Give the `limit` parameter's schema a `maximum` (and a `default`).",
    },
    Rule {
        id: "create-idempotency-key",
        severity: Warning,
        summary: "Creating POSTs (201) accept an `Idempotency-Key` header.",
        fix: "Add an `Idempotency-Key` header parameter (or `x-idempotent: true`) so retries cannot create duplicates.",
    },
    Rule {
        id: "created-location",
        severity: Warning,
        summary: "201 responses carry a `location` header naming the new resource.",
        fix: "Declare a `location` header on the 201 response.",
    },
    Rule {
        id: "secured-401",
        severity: Warning,
        summary: "Operations that require credentials document 401.",
        fix: "Add a 401 response (problem+json, with `www-authenticate`).",
    },
    Rule {
        id: "secured-403",
        severity: Warning,
        summary: "Operations that require credentials document 403.",
        fix: "Add a 403 response for callers authenticated without the needed scope or permission.",
    },
    Rule {
        id: "rate-limited-429",
        severity: Warning,
        summary: "Rate-limited operations (`x-rate-limit`) document 429.",
        fix: "Add a 429 response with a `retry-after` header.",
    },
    Rule {
        id: "retry-after-429",
        severity: Warning,
        summary: "429 and 503 responses carry `retry-after`.",
        fix: "Declare a `retry-after` header (seconds) on the response.",
    },
    Rule {
        id: "etag-304",
        severity: Warning,
        summary: "Single-resource GETs that answer an `etag` accept `if-none-match` and document 304.",
        fix: "Add an `if-none-match` header parameter and a 304 response.",
    },
    Rule {
        id: "conditional-write-412",
        severity: Warning,
        summary: "Writes guarded by `if-match` document 412.",
        fix: "Add a 412 response for a stale `if-match`.",
    },
    Rule {
        id: "conditional-write-428",
        severity: Warning,
        summary: "Writes that require `if-match` document 428.",
        fix: "Add a 428 response for a request without `if-match`.",
    },
    Rule {
        id: "accepted-status-location",
        severity: Warning,
        summary: "202 responses point at a status resource with `location`.",
        fix: "Declare a `location` header on the 202 response naming the job to poll.",
    },
    Rule {
        id: "deprecated-sunset",
        severity: Warning,
        summary: "Deprecated operations carry a sunset date (`x-sunset`).",
        fix: "Add `x-sunset: YYYY-MM-DD`; the server sends it in the `sunset` header.",
    },
    Rule {
        id: "path-nouns",
        severity: Warning,
        summary: "Path segments are nouns; a verb only as the last segment of a POST command.",
        fix: "Name the resource (`POST /orders`, not `/createOrder`), or make the action a POST sub-resource (`POST /orders/{id}/cancel`).",
    },
    Rule {
        id: "path-plural-collections",
        severity: Warning,
        summary: "A segment followed by an id parameter is a plural collection name.",
        fix: "Use the plural (`/pets/{petId}`, not `/pet/{petId}`).",
    },
    Rule {
        id: "path-casing",
        severity: Warning,
        summary: "Path segments use one casing across the API.",
        fix: "Rename the segment to the casing the other paths use (kebab-case by default).",
    },
    Rule {
        id: "path-no-trailing-slash",
        severity: Warning,
        summary: "Paths do not end with a slash.",
        fix: "Remove the trailing slash.",
    },
    Rule {
        id: "property-casing",
        severity: Warning,
        summary: "Schema members use one casing across the API.",
        fix: "Rename the member to the casing the other members use.",
    },
    Rule {
        id: "request-response-separate",
        severity: Warning,
        summary: "A schema used as both a request and a response body marks server-set members `readOnly` (or is split in two).",
        fix: "Split the schema into a request and a response shape, or mark server-set members `readOnly` and secrets `writeOnly`.",
    },
    Rule {
        id: "example-valid",
        severity: Error,
        summary: "Every example validates against its schema.",
        fix: "Correct the example (or the schema) so that the example is a value the schema accepts.",
    },
    Rule {
        id: "integer-format",
        severity: Warning,
        summary: "Integers carry a format (`int32` or `int64`).",
        fix: "Add `format: int32` or `format: int64`; without it (or bounds within 64 bits) the integer may be any size, and the generated type is `i128`.",
    },
    Rule {
        id: "required-declared",
        severity: Warning,
        summary: "Every member an object schema requires is one of its `properties`.",
        fix: "Declare the member under `properties` (with its type), or take it out of `required`: as it stands, every valid object must carry a member the schema says nothing else of.",
    },
    Rule {
        id: "pattern-fits-format",
        severity: Warning,
        summary: "A string's `pattern` takes values of its `format`: it is a regular expression, not a picture of the value.",
        fix: "Write the pattern as a regular expression that the formatted values match (`^\\d{4}-\\d{2}-\\d{2}$`), or drop it and let the format say what the value looks like.",
    },
    Rule {
        id: "keywords-fit-type",
        severity: Warning,
        summary: "A schema's keywords are for the type it names: no `items` beside `type: string`, no `maxLength` beside `type: integer`.",
        fix: "Correct the `type` (`type: array` if the value is a list) or remove the keyword: JSON Schema applies it only to values of its own type, so validators ignore it, and so do the generated types and checks.",
    },
    Rule {
        id: "schema-typed",
        severity: Warning,
        summary: "Every schema member has a type (or a `$ref`, composition or enum), and a schema with properties says `type: object`.",
        fix: "Add a `type`; an untyped member becomes `serde_json::Value` in Rust, and properties without `type: object` let any non-object value through in JSON Schema, so a member or request body of that schema is a `Loose` of its struct in Rust: the struct, or any other value.",
    },
    Rule {
        id: "nullable-3-1",
        severity: Warning,
        summary: "An OpenAPI 3.1 document spells a schema that takes null as `type: [T, \"null\"]` (or a `{type: \"null\"}` member), not with 3.0's `nullable`.",
        fix: "Write `type: [string, \"null\"]`, or `anyOf: [{$ref: ...}, {type: \"null\"}]` beside a `$ref`. specforge honours `nullable` for compatibility, but 3.1 dropped it: JSON Schema validators, mock servers and test generators ignore it and take null for invalid.",
    },
    Rule {
        id: "one-of-disjoint",
        severity: Warning,
        summary: "The members of a `oneOf` do not overlap: no value is both an `integer` member and a `number` one, no string member takes every string beside another string member, and no two object members both take `{}`.",
        fix: "Use `anyOf` (an enum of known values beside an open `string` is `anyOf`), drop the `integer` member (every integer is a number too), or give each object member a required property (or a discriminator) of its own: `oneOf` refuses a value that two members take, and so does the generated server.",
    },
    Rule {
        id: "discriminator-declared",
        severity: Warning,
        summary: "Every member of a union with a `discriminator` declares its `propertyName`.",
        fix: "Declare the discriminator's property in each member schema (and require it), or move the discriminator to the union that holds such members: a member that does not declare it may come without it, so the generated server and SDK choose that member by its shape, not by the tag.",
    },
    Rule {
        id: "unused-component",
        severity: Warning,
        summary: "Every component is used.",
        fix: "Remove the component, or refer to it where it was meant to be used.",
    },
    Rule {
        id: "servers-declared",
        severity: Warning,
        summary: "The document declares its servers.",
        fix: "Add a `servers` list; the generated client and docs use it.",
    },
    Rule {
        id: "security-schemes-declared",
        severity: Error,
        summary: "Security requirements name declared security schemes.",
        fix: "Declare the scheme under `components.securitySchemes`, or fix the name.",
    },
    Rule {
        id: "security-schemes-used",
        severity: Warning,
        summary: "Every declared security scheme is used by a requirement.",
        fix: "Remove the scheme, or require it where it applies.",
    },
    Rule {
        id: "oauth-flows-current",
        severity: Error,
        summary: "OAuth 2 schemes use no implicit or password flow.",
        fix: "Use the authorization-code flow (with PKCE) or client credentials.",
    },
    Rule {
        id: "header-names-valid",
        severity: Error,
        summary: "Header names are HTTP tokens (RFC 9110): no spaces, colons or other separators.",
        fix: "Name the header alone (`Authorization`); what its value looks like goes in its schema or example.",
    },
    Rule {
        id: "no-x-headers",
        severity: Warning,
        summary: "Header names do not use the deprecated `X-` prefix (RFC 6648).",
        fix: "Name the header without `X-` (e.g. `request-id`).",
    },
    Rule {
        id: "tags-declared",
        severity: Info,
        summary: "Operation tags are declared in the top-level `tags`.",
        fix: "Add the tag, with a description, to the document's `tags`.",
    },
    Rule {
        id: "patch-merge-patch",
        severity: Info,
        summary: "PATCH bodies are `application/merge-patch+json` (RFC 7396).",
        fix: "Declare the PATCH body as `application/merge-patch+json`.",
    },
];

/// A finding before configuration: rule id, pointer, message.
pub(super) type RawFinding = (&'static str, String, String);

pub(super) fn check_all(doc: &Value) -> Vec<RawFinding> {
    let ops = operations(doc);
    let mut out = Vec::new();
    operation_ids(&ops, &mut out);
    for op in &ops {
        per_operation(doc, op, &mut out);
    }
    error_schema(doc, &ops, &mut out);
    paths(doc, &mut out);
    schemas(doc, &mut out);
    request_response_separate(doc, &ops, &mut out);
    example_values(doc, &mut out);
    unused_components(doc, &mut out);
    security(doc, &ops, &mut out);
    headers(doc, &ops, &mut out);
    if doc
        .get("servers")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        out.push((
            "servers-declared",
            "#".into(),
            "the document declares no servers".into(),
        ));
    }
    out
}

/// The checks of the document as written, where its lowering to the 3.0
/// shape would hide what they look for (3.1's `type: [T, "null"]` is
/// lowered to `nullable`).
pub(super) fn check_written(source: &Value) -> Vec<RawFinding> {
    let mut out = Vec::new();
    let version = source.get("openapi").and_then(Value::as_str);
    if version.is_some_and(|v| v.starts_with("3.1")) {
        for_each_schema(source, &mut |pointer, schema| {
            if schema.get("nullable").is_some() {
                out.push((
                    "nullable-3-1",
                    child(pointer, "nullable"),
                    "`nullable` is not an OpenAPI 3.1 keyword".into(),
                ));
            }
        });
    }
    out
}

fn operation_ids(ops: &[Op<'_>], out: &mut Vec<RawFinding>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for op in ops {
        let Some(id) = op.id() else {
            out.push((
                "operation-id-present",
                op.pointer.clone(),
                format!(
                    "{} {} has no operationId",
                    op.method.to_uppercase(),
                    op.path
                ),
            ));
            continue;
        };
        let pointer = child(&op.pointer, "operationId");
        if let Some(first) = seen.get(id) {
            out.push((
                "operation-id-unique",
                pointer.clone(),
                format!("operationId `{id}` is also used by {first}"),
            ));
        } else {
            seen.insert(id, &op.pointer);
        }
        let (_, style) = words(id);
        if !matches!(style, Style::Camel | Style::Single) || id.starts_with(char::is_uppercase) {
            out.push((
                "operation-id-casing",
                pointer,
                format!("operationId `{id}` is {}, not camelCase", style.name()),
            ));
        }
    }
}

fn per_operation(doc: &Value, op: &Op<'_>, out: &mut Vec<RawFinding>) {
    let name = format!("{} {}", op.method.to_uppercase(), op.path);
    let responses = op.responses(doc);
    let mut push = |rule: &'static str, pointer: &str, message: String| {
        out.push((rule, pointer.to_owned(), message));
    };
    if op.value.get("summary").is_none() && op.value.get("description").is_none() {
        push(
            "operation-documented",
            &op.pointer,
            format!("{name} has neither a summary nor a description"),
        );
    }
    let responses_pointer = child(&op.pointer, "responses");
    if !responses.iter().any(|(s, ..)| is_success_status(s)) {
        push(
            "success-response",
            &responses_pointer,
            format!("{name} documents no 2xx or 3xx response"),
        );
    }
    // Path template and path parameters agree.
    // Parsed as the generator parses it, so `/{name}.{format}` names two.
    let (parsed, _) = PathTemplate::parse(op.path);
    let template: Vec<&str> = parsed.params().collect();
    for name_in_path in &template {
        if !op
            .params
            .iter()
            .any(|p| p.location == "path" && p.name == *name_in_path)
        {
            push(
                "path-parameters-declared",
                &op.pointer,
                format!("{name}: `{{{name_in_path}}}` is not declared as a path parameter"),
            );
        }
    }
    for p in op.params.iter().filter(|p| p.location == "path") {
        if !template.contains(&p.name) {
            push(
                "path-parameters-declared",
                &p.pointer,
                format!("path parameter `{}` does not appear in {}", p.name, op.path),
            );
        }
    }
    if matches!(op.method, "get" | "head" | "delete") && op.value.get("requestBody").is_some() {
        push(
            "no-body-on-get",
            &child(&op.pointer, "requestBody"),
            format!("{name} takes a request body"),
        );
    }
    // Pagination of collections.
    let collection = op.method == "get"
        && segments(op.path)
            .last()
            .is_some_and(|(s, before_param, last)| *last && !before_param && is_plural(s));
    if collection && !is_paginated(op) {
        let unbounded = responses.iter().any(|(status, _, r)| {
            status.starts_with('2') && body_schemas(doc, r).any(|s| unbounded_array(doc, s))
        });
        if unbounded {
            push(
                "collection-paginated",
                &op.pointer,
                format!("{name} returns a whole collection without pagination or `maxItems`"),
            );
        }
    }
    if let Some(limit) = op.query_param(&[
        "limit",
        "pageSize",
        "page_size",
        "perPage",
        "per_page",
        "maxResults",
        "max_results",
        "size",
    ]) {
        let bounded = limit
            .schema(doc)
            .is_some_and(|s| s.get("maximum").is_some());
        if !bounded {
            push(
                "limit-bounded",
                &limit.pointer,
                format!("{name}: `{}` has no maximum", limit.name),
            );
        }
    }
    // Creation: idempotency and location.
    for (status, pointer, response) in &responses {
        let headers = header_names(response);
        if *status == "201" {
            if op.method == "post"
                && op.header_param("idempotency-key").is_none()
                && op.extension("x-idempotent") != Some(&Value::Bool(true))
            {
                push(
                    "create-idempotency-key",
                    &op.pointer,
                    format!("{name} creates a resource but accepts no `Idempotency-Key`"),
                );
            }
            if !headers.iter().any(|h| h == "location") {
                push(
                    "created-location",
                    pointer,
                    format!("{name}: the 201 response has no `location` header"),
                );
            }
        }
        if *status == "202"
            && !headers
                .iter()
                .any(|h| h == "location" || h == "operation-location")
        {
            push(
                "accepted-status-location",
                pointer,
                format!("{name}: the 202 response does not point at a status resource"),
            );
        }
        if (*status == "429" || *status == "503") && !headers.iter().any(|h| h == "retry-after") {
            push(
                "retry-after-429",
                pointer,
                format!("{name}: the {status} response has no `retry-after` header"),
            );
        }
        if *status == "200" && op.method == "get" && headers.iter().any(|h| h == "etag") {
            if !op.has_status("304") {
                push(
                    "etag-304",
                    &responses_pointer,
                    format!("{name} answers an `etag` but documents no 304"),
                );
            }
            if op.header_param("if-none-match").is_none() {
                push(
                    "etag-304",
                    &op.pointer,
                    format!("{name} answers an `etag` but accepts no `if-none-match`"),
                );
            }
        }
    }
    if op.is_secured(doc) {
        for (status, rule) in [("401", "secured-401"), ("403", "secured-403")] {
            if !op.has_status(status) {
                push(
                    rule,
                    &responses_pointer,
                    format!("{name} requires credentials but documents no {status}"),
                );
            }
        }
    }
    let rate_limited = op.extension("x-rate-limit").is_some() || doc.get("x-rate-limit").is_some();
    if rate_limited && !op.has_status("429") {
        push(
            "rate-limited-429",
            &responses_pointer,
            format!("{name} is rate limited but documents no 429"),
        );
    }
    if let Some(if_match) = op.header_param("if-match")
        && matches!(op.method, "put" | "patch" | "delete")
    {
        if !op.has_status("412") {
            push(
                "conditional-write-412",
                &responses_pointer,
                format!("{name} takes `if-match` but documents no 412"),
            );
        }
        if if_match.required() && !op.has_status("428") {
            push(
                "conditional-write-428",
                &responses_pointer,
                format!("{name} requires `if-match` but documents no 428"),
            );
        }
    }
    if op.value.get("deprecated") == Some(&Value::Bool(true)) && op.extension("x-sunset").is_none()
    {
        push(
            "deprecated-sunset",
            &op.pointer,
            format!("{name} is deprecated without a sunset date"),
        );
    }
    if op.method == "patch"
        && let Some(body) = op.value.get("requestBody")
        && let Some(media) = content(deref(doc, body).0)
        && media.keys().any(|m| m == "application/json")
        && !media
            .keys()
            .any(|m| m.contains("merge-patch") || m.contains("json-patch"))
    {
        push(
            "patch-merge-patch",
            &child(&op.pointer, "requestBody"),
            format!("{name} takes a plain JSON body rather than a merge patch"),
        );
    }
    if let (Some(Value::Array(tags)), declared) = (op.value.get("tags"), declared_tags(doc)) {
        for (i, tag) in tags.iter().enumerate() {
            if let Some(tag) = tag.as_str()
                && !declared.contains(tag)
            {
                push(
                    "tags-declared",
                    &child(&child(&op.pointer, "tags"), &i.to_string()),
                    format!("tag `{tag}` is not declared in the top-level `tags`"),
                );
            }
        }
    }
}

fn declared_tags(doc: &Value) -> HashSet<&str> {
    doc.get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name")?.as_str())
        .collect()
}

fn is_paginated(op: &Op<'_>) -> bool {
    op.extension("x-pagination").is_some()
        || op
            .query_param(&[
                "cursor",
                "page",
                "offset",
                "pageToken",
                "page_token",
                "after",
                "before",
                "startingAfter",
                "starting_after",
                "next",
                "continuation",
                "marker",
                "limit",
            ])
            .is_some()
}

/// The schemas of a response's or body's media types.
fn body_schemas<'d>(doc: &'d Value, owner: &'d Value) -> impl Iterator<Item = &'d Value> {
    content(owner)
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(move |media| media.get("schema").map(|s| deref(doc, s).0))
}

fn unbounded_array(doc: &Value, schema: &Value) -> bool {
    let array = |s: &Value| {
        s.get("type").and_then(Value::as_str) == Some("array") && s.get("maxItems").is_none()
    };
    array(schema)
        || ["items", "data", "results"].iter().any(|member| {
            schema
                .get("properties")
                .and_then(|p| p.get(*member))
                .is_some_and(|s| array(deref(doc, s).0))
        })
}

/// English plurals, including the common irregular ones.
fn is_plural(segment: &str) -> bool {
    let (words, _) = words(segment);
    let Some(last) = words.last() else {
        return false;
    };
    (last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("sis"))
        || matches!(
            last.as_str(),
            "people"
                | "children"
                | "data"
                | "media"
                | "men"
                | "women"
                | "feet"
                | "teeth"
                | "mice"
                | "criteria"
                | "metadata"
                | "info"
                | "series"
                | "news"
                | "staff"
                | "feedback"
        )
}

const VERBS: &[&str] = &[
    "get",
    "list",
    "create",
    "add",
    "update",
    "delete",
    "remove",
    "set",
    "fetch",
    "retrieve",
    "find",
    "make",
    "do",
    "run",
    "execute",
    "put",
    "post",
    "patch",
    "save",
    "modify",
    "edit",
    "insert",
    "change",
    "destroy",
    "read",
    "write",
    "load",
    "call",
    "perform",
    "submit",
    "send",
    "cancel",
    "approve",
    "reject",
    "start",
    "stop",
    "enable",
    "disable",
    "generate",
    "process",
    "calculate",
    "compute",
    "validate",
    "verify",
    "check",
    "search",
    "query",
    "upload",
    "download",
    "resend",
    "reset",
    "refresh",
];

fn paths(doc: &Value, out: &mut Vec<RawFinding>) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let all_segments: Vec<&str> = paths
        .keys()
        .flat_map(|p| segments(p).into_iter().map(|(s, ..)| s))
        .filter(|s| !is_version(s))
        .collect();
    let majority = majority_style(all_segments.iter().copied()).unwrap_or(Style::Kebab);
    for (path, item) in paths {
        let pointer = child("#/paths", path);
        if path.len() > 1 && path.ends_with('/') {
            out.push((
                "path-no-trailing-slash",
                pointer.clone(),
                format!("{path} ends with a slash"),
            ));
        }
        let only_post = deref(doc, item).0.as_object().is_some_and(|m| {
            m.contains_key("post")
                && !["get", "put", "patch", "delete"]
                    .iter()
                    .any(|k| m.contains_key(*k))
        });
        for (segment, before_param, last) in segments(path) {
            if is_version(segment) {
                continue;
            }
            let (words, style) = words(segment);
            let verb = words.first().is_some_and(|w| VERBS.contains(&w.as_str()));
            let command = last && only_post;
            if verb && !command {
                out.push((
                    "path-nouns",
                    pointer.clone(),
                    format!("`{segment}` in {path} is a verb; paths name resources"),
                ));
            }
            if before_param && !is_plural(segment) && !verb {
                out.push((
                    "path-plural-collections",
                    pointer.clone(),
                    format!("`{segment}` in {path} names a collection but is not plural"),
                ));
            }
            let fits = style == Style::Single && segment.chars().all(|c| !c.is_uppercase())
                || style == majority;
            if !fits {
                out.push((
                    "path-casing",
                    pointer.clone(),
                    format!(
                        "`{segment}` in {path} is {}, the other paths use {}",
                        style.name(),
                        majority.name()
                    ),
                ));
            }
        }
    }
}

/// Keywords that apply to values of one JSON type only, by that type.
/// (`uniqueItems` is left out: Swagger 2 converters put it beside scalar
/// parameters by the thousand, and it says nothing wrong of the type.)
const TYPE_KEYWORDS: [(&str, &[&str]); 4] = [
    (
        "array",
        &["items", "prefixItems", "minItems", "maxItems", "contains"],
    ),
    (
        "object",
        &[
            "properties",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
];

/// Each keyword beside a schema's one `type` that applies to another type
/// only: (keyword, the type it applies to, the type named).
fn misplaced_keywords(schema: &Value) -> Vec<(&'static str, &'static str, &str)> {
    let Some(named) = schema.get("type").and_then(Value::as_str) else {
        return Vec::new();
    };
    let family = if named == "integer" { "number" } else { named };
    (TYPE_KEYWORDS.iter())
        .filter(|(owner, _)| *owner != family)
        .flat_map(|&(owner, keywords)| {
            (keywords.iter())
                .filter(|keyword| schema.get(**keyword).is_some())
                .map(move |keyword| (*keyword, owner, named))
        })
        .collect()
}

/// Whether a schema is a `string` that no keyword narrows, so every
/// string is one of its values (the open half of `oneOf: [enum, string]`).
fn takes_every_string(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
        && [
            "enum",
            "const",
            "pattern",
            "format",
            "minLength",
            "maxLength",
            "not",
        ]
        .iter()
        .all(|k| schema.get(*k).is_none())
}

/// Whether an object schema (written as such, with no composition) takes
/// `{}`: it requires no member and sets no lower bound on their number.
fn takes_empty_object(schema: &Value) -> bool {
    let object = schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some();
    let composed = ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|k| schema.get(*k).is_some());
    let requires = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
    let at_least_one = schema
        .get("minProperties")
        .and_then(Value::as_u64)
        .is_some_and(|n| n > 0);
    object && !composed && !requires && !at_least_one
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

fn schemas(doc: &Value, out: &mut Vec<RawFinding>) {
    let mut member_names: Vec<(String, String)> = Vec::new();
    for_each_schema(doc, &mut |pointer, schema| {
        if schema.get("type").and_then(Value::as_str) == Some("integer")
            && schema
                .get("format")
                .and_then(Value::as_str)
                .and_then(crate::ir::named_int_format)
                .is_none()
        {
            out.push((
                "integer-format",
                pointer.to_owned(),
                "an integer without a format such as int32 or int64".into(),
            ));
        }
        // A part of an `allOf` may require what a sibling part declares.
        if pointer.rsplit('/').nth(1) != Some("allOf") {
            for name in undeclared_required(schema) {
                out.push((
                    "required-declared",
                    child(pointer, "required"),
                    format!("`{name}` is required but not among the properties"),
                ));
            }
        }
        if let Some(finding) = pattern_misfit(schema) {
            out.push(("pattern-fits-format", child(pointer, "pattern"), finding));
        }
        for (keyword, owner, ty) in misplaced_keywords(schema) {
            out.push((
                "keywords-fit-type",
                child(pointer, keyword),
                format!("`{keyword}` applies to {owner}s only, and is ignored beside `type: {ty}`"),
            ));
        }
        if let Some(members) = schema.get("oneOf").and_then(Value::as_array) {
            let members: Vec<&Value> = members.iter().map(|m| deref(doc, m).0).collect();
            let types: Vec<&str> = members
                .iter()
                .filter_map(|member| member.get("type")?.as_str())
                .collect();
            let strings = types.iter().filter(|t| **t == "string").count();
            let overlap = if types.contains(&"integer") && types.contains(&"number") {
                Some("an `integer` and a `number` member: every integer is both".to_owned())
            } else if strings > 1 && members.iter().any(|m| takes_every_string(m)) {
                Some(format!(
                    "{strings} `string` members, one of which takes every string: \
                     every value of the others is both"
                ))
            } else {
                let open = members.iter().filter(|m| takes_empty_object(m)).count();
                (open > 1 && schema.get("discriminator").is_none()).then(|| {
                    format!("{open} object members that require nothing: `{{}}` is all of them")
                })
            };
            if let Some(overlap) = overlap {
                out.push((
                    "one-of-disjoint",
                    child(pointer, "oneOf"),
                    format!("`oneOf` lists {overlap}, which `oneOf` refuses"),
                ));
            }
        }
        for member in undeclared_discriminator(doc, schema) {
            out.push((
                "discriminator-declared",
                child(pointer, "discriminator"),
                member,
            ));
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            // Properties only constrain objects: without `type`, JSON Schema
            // takes any other value too, which the model holds as `Loose`.
            if crate::ir::names_no_type(schema) {
                out.push((
                    "schema-typed",
                    pointer.to_owned(),
                    "properties without `type: object` (any other value is valid too)".into(),
                ));
            }
            for (name, property) in properties {
                let p = child(&child(pointer, "properties"), name);
                member_names.push((name.clone(), p.clone()));
                let typed = property.as_object().is_some_and(|m| {
                    ["type", "$ref", "allOf", "oneOf", "anyOf", "enum", "not"]
                        .iter()
                        .any(|k| m.contains_key(*k))
                });
                if !typed {
                    out.push(("schema-typed", p, format!("member `{name}` has no type")));
                }
            }
        }
    });
    let majority = majority_style(member_names.iter().map(|(n, _)| n.as_str()));
    if let Some(majority) = majority {
        for (name, pointer) in &member_names {
            let (_, style) = words(name);
            if style != Style::Single && style != majority && !name.starts_with(['$', '@', '_']) {
                out.push((
                    "property-casing",
                    pointer.clone(),
                    format!(
                        "member `{name}` is {}, the other members use {}",
                        style.name(),
                        majority.name()
                    ),
                ));
            }
        }
    }
}

/// The members a schema with `properties` requires without declaring them.
/// A schema composed with others (`allOf`, `oneOf`, `anyOf`) or taking
/// members of its own (`additionalProperties`) may declare them there.
fn undeclared_required(schema: &Value) -> Vec<&str> {
    let (Some(properties), Some(required)) = (
        schema.get("properties").and_then(Value::as_object),
        schema.get("required").and_then(Value::as_array),
    ) else {
        return Vec::new();
    };
    let elsewhere = ["allOf", "oneOf", "anyOf", "$ref"]
        .iter()
        .any(|k| schema.get(*k).is_some())
        || schema
            .get("additionalProperties")
            .and_then(Value::as_object)
            .is_some_and(|typed| !typed.is_empty());
    if elsewhere {
        return Vec::new();
    }
    (required.iter())
        .filter_map(Value::as_str)
        .filter(|name| !properties.contains_key(*name))
        .collect()
}

/// Why a schema's `pattern` takes no value of its `format`, if it takes
/// none of a few ordinary ones (`pattern: YYYY-MM-DD` for a date matches
/// only text holding those letters, so every real date is refused).
fn pattern_misfit(schema: &Value) -> Option<String> {
    let format = schema.get("format")?.as_str()?;
    let samples: &[&str] = match format {
        "date" => &["2024-01-31"],
        "date-time" => &[
            "2024-01-31T12:00:00Z",
            "2024-01-31T12:00:00.000Z",
            "2024-01-31T12:00:00+01:00",
        ],
        "uuid" => &[
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        ],
        "email" => &["someone@example.com"],
        "ipv4" => &["192.0.2.1"],
        _ => return None,
    };
    let pattern = schema.get("pattern")?.as_str()?;
    // As the generated code reads it: ECMA-262, Unicode-aware where it can be.
    let regex = regress::Regex::with_flags(pattern, "u")
        .or_else(|_| regress::Regex::new(pattern))
        .ok()?;
    (!samples.iter().any(|sample| regex.find(sample).is_some())).then(|| {
        format!(
            "the pattern `{pattern}` takes no `{format}` value such as `{}`",
            samples[0]
        )
    })
}

fn error_schema(doc: &Value, ops: &[Op<'_>], out: &mut Vec<RawFinding>) {
    // Error bodies, by the identity of their schema (the `$ref` target, or
    // the inline schema's place).
    let mut uses: Vec<(String, String)> = Vec::new();
    for op in ops {
        for (status, pointer, response) in op.responses(doc) {
            if !is_error_status(status) {
                continue;
            }
            let Some(media) = content(response) else {
                if status != "default" && op.method != "head" {
                    out.push((
                        "error-problem-json",
                        pointer,
                        format!(
                            "the {status} response of {} {} has no problem+json body",
                            op.method.to_uppercase(),
                            op.path
                        ),
                    ));
                }
                continue;
            };
            if !media.keys().any(|m| m.starts_with("application/problem+")) {
                out.push((
                    "error-problem-json",
                    child(&pointer, "content"),
                    format!(
                        "the {status} response of {} {} is not application/problem+json",
                        op.method.to_uppercase(),
                        op.path
                    ),
                ));
            }
            for (media_type, value) in media {
                if let Some(schema) = value.get("schema") {
                    let identity = match schema.get("$ref").and_then(Value::as_str) {
                        Some(r) => r.to_owned(),
                        None => format!("inline schema at {pointer}"),
                    };
                    uses.push((
                        identity,
                        child(&child(&child(&pointer, "content"), media_type), "schema"),
                    ));
                }
            }
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (identity, _) in &uses {
        *counts.entry(identity).or_default() += 1;
    }
    let Some((common, _)) = counts
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
    else {
        return;
    };
    let common = common.to_string();
    for (identity, pointer) in &uses {
        if *identity != common {
            out.push((
                "error-schema-single",
                pointer.clone(),
                format!("this error body uses {identity}; most error bodies use {common}"),
            ));
        }
    }
}

fn request_response_separate(doc: &Value, ops: &[Op<'_>], out: &mut Vec<RawFinding>) {
    let mut requests = HashSet::new();
    let mut responses = HashSet::new();
    for op in ops {
        if let Some(body) = op.value.get("requestBody") {
            for media in content(deref(doc, body).0)
                .into_iter()
                .flat_map(|m| m.values())
            {
                if let Some(r) = media
                    .get("schema")
                    .and_then(|s| s.get("$ref"))
                    .and_then(Value::as_str)
                {
                    requests.insert(r.to_owned());
                }
            }
        }
        for (status, _, response) in op.responses(doc) {
            if !is_success_status(status) {
                continue;
            }
            for media in content(response).into_iter().flat_map(|m| m.values()) {
                if let Some(r) = media
                    .get("schema")
                    .and_then(|s| s.get("$ref"))
                    .and_then(Value::as_str)
                {
                    responses.insert(r.to_owned());
                }
            }
        }
    }
    let mut shared: Vec<&String> = requests.intersection(&responses).collect();
    shared.sort();
    for reference in shared {
        let Some(pointer) = reference.strip_prefix('#') else {
            continue;
        };
        let Some(schema) = doc.pointer(&crate::diagnostics::decode_fragment(pointer)) else {
            continue;
        };
        let marked = schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| {
                p.values().any(|m| {
                    m.get("readOnly") == Some(&Value::Bool(true))
                        || m.get("writeOnly") == Some(&Value::Bool(true))
                })
            });
        if !marked {
            out.push(("request-response-separate", reference.clone(), format!("{reference} is both a request and a response body, with no readOnly or writeOnly member")));
        }
    }
}

/// Examples of media types, parameters, headers and schemas.
fn example_values(doc: &Value, out: &mut Vec<RawFinding>) {
    fn walk(doc: &Value, value: &Value, pointer: &str, place: Place, out: &mut Vec<RawFinding>) {
        use crate::load::places::child_place;
        let Value::Object(map) = value else {
            if let Value::Array(items) = value {
                let item_place = crate::load::places::item_place(place);
                for (i, item) in items.iter().enumerate() {
                    walk(doc, item, &child(pointer, &i.to_string()), item_place, out);
                }
            }
            return;
        };
        // A media type, parameter or header with a schema, or a schema itself.
        let schema = match place {
            Place::Schema => Some(value),
            _ => map.get("schema"),
        };
        if let Some(schema) = schema {
            // A request body's own examples are requests; a schema's may be
            // either.
            let request = place != Place::Schema
                && (pointer.contains("/requestBody/") || pointer.contains("/requestBodies/"));
            let mut check = |example: &Value, at: String| {
                if let Some(why) = examples::violation(doc, schema, example, request) {
                    out.push((
                        "example-valid",
                        at,
                        format!("the example does not match its schema: {why}"),
                    ));
                }
            };
            if let Some(example) = map.get("example") {
                check(example, child(pointer, "example"));
            }
            if place != Place::Schema
                && let Some(Value::Object(named)) = map.get("examples")
            {
                for (name, example) in named {
                    let (example, _) = deref(doc, example);
                    if let Some(v) = example.get("value") {
                        check(v, child(&child(&child(pointer, "examples"), name), "value"));
                    }
                }
            }
        }
        for (key, child_value) in map {
            if let Some(next) = child_place(place, key) {
                walk(doc, child_value, &child(pointer, key), next, out);
            }
        }
    }
    if let Some(root) = doc.as_object() {
        for (key, value) in root {
            if let Some(place) = crate::load::places::root_place(key)
                .filter(|_| key != "webhooks" && key != crate::load::places::X_WEBHOOKS)
            {
                walk(doc, value, &child("#", key), place, out);
            }
        }
    }
}

fn unused_components(doc: &Value, out: &mut Vec<RawFinding>) {
    let Some(components) = doc.get("components").and_then(Value::as_object) else {
        return;
    };
    // Reachable from everything but the components, then through them.
    let mut used: HashSet<String> = HashSet::new();
    let mut queue: Vec<String> = Vec::new();
    let mut note = |reference: &str, queue: &mut Vec<String>| {
        if let Some(fragment) = reference.strip_prefix('#') {
            let target = crate::diagnostics::decode_fragment(fragment).into_owned();
            if used.insert(target.clone()) {
                queue.push(target);
            }
        }
    };
    if let Some(root) = doc.as_object() {
        for (key, value) in root {
            if key == "components" {
                continue;
            }
            if let Some(place) = crate::load::places::root_place(key) {
                let mut pointer = child("#", key);
                for_each_reference(value, &mut pointer, place, &mut |_, r| note(r, &mut queue));
            }
        }
    }
    while let Some(target) = queue.pop() {
        let Some(value) = doc.pointer(&target) else {
            continue;
        };
        let place = if target.starts_with("/components/schemas/") {
            Place::Schema
        } else {
            Place::Object
        };
        let mut pointer = format!("#{target}");
        let mut found = Vec::new();
        for_each_reference(value, &mut pointer, place, &mut |_, r| {
            found.push(r.to_owned())
        });
        for r in found {
            note(&r, &mut queue);
        }
    }
    for (kind, entries) in components {
        if kind == "securitySchemes" || kind.starts_with("x-") {
            continue;
        }
        let Some(entries) = entries.as_object() else {
            continue;
        };
        for name in entries.keys() {
            let target = format!(
                "/components/{kind}/{}",
                crate::diagnostics::escape_token(name)
            );
            // A schema used only inside another used schema counts as used.
            if !used
                .iter()
                .any(|u| *u == target || u.starts_with(&format!("{target}/")))
            {
                out.push((
                    "unused-component",
                    format!("#{target}"),
                    format!("{kind} `{name}` is not used"),
                ));
            }
        }
    }
}

fn security(doc: &Value, ops: &[Op<'_>], out: &mut Vec<RawFinding>) {
    let schemes = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let mut used = HashSet::new();
    let mut requirement_sets: Vec<(String, &Value)> = Vec::new();
    if let Some(Value::Array(global)) = doc.get("security") {
        for (i, r) in global.iter().enumerate() {
            requirement_sets.push((format!("#/security/{i}"), r));
        }
    }
    for op in ops {
        if let Some(Value::Array(list)) = op.value.get("security") {
            for (i, r) in list.iter().enumerate() {
                requirement_sets.push((child(&child(&op.pointer, "security"), &i.to_string()), r));
            }
        }
    }
    for (pointer, requirement) in requirement_sets {
        for name in requirement.as_object().into_iter().flat_map(|m| m.keys()) {
            used.insert(name.clone());
            if !schemes.is_some_and(|s| s.contains_key(name)) {
                out.push((
                    "security-schemes-declared",
                    pointer.clone(),
                    format!("security scheme `{name}` is not declared"),
                ));
            }
        }
    }
    for (name, scheme) in schemes.into_iter().flatten() {
        let pointer = child("#/components/securitySchemes", name);
        if !used.contains(name) {
            out.push((
                "security-schemes-used",
                pointer.clone(),
                format!("security scheme `{name}` is declared but never required"),
            ));
        }
        let scheme = deref(doc, scheme).0;
        for flow in ["implicit", "password"] {
            if scheme.get("flows").and_then(|f| f.get(flow)).is_some() {
                out.push((
                    "oauth-flows-current",
                    child(&child(&pointer, "flows"), flow),
                    format!("security scheme `{name}` offers the {flow} flow"),
                ));
            }
        }
    }
}

fn headers(doc: &Value, ops: &[Op<'_>], out: &mut Vec<RawFinding>) {
    let mut seen = HashSet::new();
    for op in ops {
        // Path-level parameters and shared responses are met once per
        // operation: each place is reported once.
        for p in op.params.iter().filter(|p| p.location == "header") {
            if seen.insert(p.pointer.clone()) {
                header_name(p.name, &p.pointer, "header", out);
            }
        }
        for (_, pointer, response) in op.responses(doc) {
            for name in response
                .get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|h| h.keys())
            {
                let at = child(&child(&pointer, "headers"), name);
                if seen.insert(at.clone()) {
                    header_name(name, &at, "response header", out);
                }
            }
        }
    }
}

/// The findings on a header's name: `what` (`header`, `response header`)
/// named `name`, at `pointer`.
fn header_name(name: &str, pointer: &str, what: &str, out: &mut Vec<RawFinding>) {
    if !crate::ir::is_field_name(name) {
        out.push((
            "header-names-valid",
            pointer.to_owned(),
            format!("{what} `{name}` is not a valid header name, so it can never be sent"),
        ));
    }
    if name.to_ascii_lowercase().starts_with("x-") {
        out.push((
            "no-x-headers",
            pointer.to_owned(),
            format!("{what} `{name}` uses the `X-` prefix"),
        ));
    }
}

/// Of a union with a `discriminator`, a finding for each member that does
/// not declare its `propertyName` (itself or through its `allOf` parts).
fn undeclared_discriminator(doc: &Value, schema: &Value) -> Vec<String> {
    let Some(property) = (schema.get("discriminator"))
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
    else {
        return Vec::new();
    };
    let members = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|word| schema.get(*word).and_then(Value::as_array))
        .flatten();
    members
        .filter(|member| !declares(doc, member, property, 0))
        .map(|member| {
            let name = (member.get("$ref").and_then(Value::as_str))
                .map_or_else(|| "an inline member".to_owned(), |r| format!("`{r}`"));
            format!("{name} does not declare the discriminator's `{property}`")
        })
        .collect()
}

/// Whether `schema` (its `$ref`s followed) declares the member `property`,
/// itself or in one of its `allOf` parts.
fn declares(doc: &Value, schema: &Value, property: &str, depth: u8) -> bool {
    let schema = deref(doc, schema).0;
    let own = (schema.get("properties"))
        .and_then(Value::as_object)
        .is_some_and(|properties| properties.contains_key(property));
    own || depth < 16
        && (schema.get("allOf").and_then(Value::as_array)).is_some_and(|parts| {
            parts
                .iter()
                .any(|part| declares(doc, part, property, depth + 1))
        })
}
