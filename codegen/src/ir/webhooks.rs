//! Webhooks (OpenAPI 3.1 `webhooks`, or `x-webhooks` in 3.0 documents) and
//! operation `callbacks`: requests the API sends to its customers. Each is
//! an [`Operation`] whose request body is the payload, named for the
//! receiver's handler and the sender's message constructor.

use std::collections::HashMap;

use openapiv3::{PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use super::names::{Namespace, field_ident, type_ident};
use super::operations::{self, Declared, Operation};
use super::path::PathTemplate;
use super::security::SecurityScheme;
use super::types::TypeBuilder;
use super::{BodyKind, Content, Method, Presence, Ty, TypeDef, TypeKind, bare};
use crate::diagnostics::{Diagnostic, child};
use crate::load::LoadedSpec;
use crate::load::places::X_WEBHOOKS;

/// A request the API sends to a customer's endpoint.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// The `webhooks` key, or the callback's name.
    pub name: String,
    /// Whether it is a webhook or a callback, and which operation declares
    /// a callback.
    pub origin: Origin,
    /// The request the API sends; its body is the payload.
    pub operation: Operation,
    /// A member of the payload, and its fixed value, telling this webhook
    /// from the others a receiver gets.
    pub tag: Option<(String, String)>,
}

/// Where a webhook is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Under `webhooks`: sent to endpoints the customer registered.
    Webhook,
    /// Under an operation's `callbacks`: sent to a URL the request gave.
    Callback {
        /// Index of the operation declaring it.
        operation: usize,
        /// The runtime expression of the URL (`{$request.body#/callbackUrl}`).
        expression: String,
    },
}

impl Webhook {
    /// The payload's content when it is JSON, which receivers decode.
    pub fn payload(&self) -> Option<&Content> {
        let body = self.operation.body.as_ref()?;
        let content = body.chosen();
        matches!(content.kind, BodyKind::Json | BodyKind::MergePatch).then_some(content)
    }
}

/// Names a webhook function must not take: the module's own items.
const RESERVED: &[&str] = &["router", "receive", "dispatch", "other"];

/// Every webhook and callback of the document, in document order
/// (`webhooks`, then each operation's callbacks).
pub(super) fn build(
    spec: &LoadedSpec,
    types: &mut TypeBuilder<'_>,
    schemes: &[SecurityScheme],
    operations: &[Operation],
) -> Vec<Webhook> {
    let mut fn_names = Namespace::with_reserved(RESERVED);
    let mut type_names = Namespace::default();
    let mut out = Vec::new();
    let mut declared: Vec<(String, Origin, String, Option<String>)> = Vec::new();
    for key in ["webhooks", X_WEBHOOKS] {
        let Some(Value::Object(items)) = spec.raw.get(key) else {
            continue;
        };
        for name in items.keys() {
            let pointer = child(&child("#", key), name);
            declared.push((name.clone(), Origin::Webhook, pointer, None));
        }
    }
    for (index, op) in operations.iter().enumerate() {
        let callbacks_pointer = child(&op.pointer, "callbacks");
        let Some(Value::Object(callbacks)) = spec.raw_at(&callbacks_pointer) else {
            continue;
        };
        for (name, expressions) in callbacks {
            let Some(expressions) = expressions.as_object() else {
                continue;
            };
            for expression in expressions.keys() {
                let pointer = child(&child(&callbacks_pointer, name), expression);
                let origin = Origin::Callback {
                    operation: index,
                    expression: expression.clone(),
                };
                let prefix = format!("{} {name}", op.fn_name.trim_start_matches("r#"));
                declared.push((name.clone(), origin, pointer, Some(prefix)));
            }
        }
    }
    let root = PathTemplate::parse("/").0;
    for (name, origin, pointer, prefix) in declared {
        let Some(item) = path_item(spec, &pointer, types) else {
            continue;
        };
        let methods: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
        for &(key, op) in &methods {
            let Some(method) = Method::from_key(key) else {
                continue;
            };
            // A webhook is named by its key; a callback by its operationId,
            // else by its operation and name.
            let mut wanted = match (&prefix, &op.operation_id) {
                (None, _) => name.clone(),
                (Some(_), Some(id)) => id.clone(),
                (Some(prefix), None) => prefix.clone(),
            };
            if methods.len() > 1 {
                wanted = format!("{wanted} {key}");
            }
            let fn_name = fn_names.claim(&field_ident(&wanted));
            let type_name = type_names.claim(&type_ident(fn_name.trim_start_matches("r#")));
            let operation = operations::operation(
                spec,
                types,
                schemes,
                Declared {
                    item: &item,
                    op,
                    method,
                    template: &root,
                    pointer: child(&pointer, key),
                    id: op.operation_id.clone().unwrap_or_else(|| name.clone()),
                    fn_name,
                    type_name,
                    secured: false,
                },
            );
            out.push(Webhook {
                name: name.clone(),
                origin: origin.clone(),
                operation,
                tag: None,
            });
        }
    }
    out
}

/// The path item at `pointer`, following a `$ref`.
fn path_item(spec: &LoadedSpec, pointer: &str, types: &mut TypeBuilder<'_>) -> Option<PathItem> {
    let raw = spec.raw_at(pointer)?;
    let item = match ReferenceOr::<PathItem>::deserialize(raw) {
        Ok(ReferenceOr::Item(item)) => Some(item),
        Ok(ReferenceOr::Reference { reference }) => {
            operations::resolve::<PathItem>(spec, &reference)
        }
        Err(error) => {
            types.diagnostics.push(Diagnostic::warning(
                pointer,
                format!("not a valid path item ({error}); no webhook is generated for it"),
            ));
            return None;
        }
    };
    if item.is_none() {
        types
            .diagnostics
            .push(Diagnostic::error(pointer, "dangling $ref to a path item"));
    }
    item
}

/// Settles, once every type is built, which payload member tells each
/// webhook apart: a required string member fixed to one value (such as
/// `type: email.sent`) that no other webhook fixes to the same value.
/// Webhooks that share a payload type and have no such member cannot be
/// told apart by a receiver: a warning says which one it calls.
pub(super) fn finish(
    webhooks: &mut [Webhook],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let candidates: Vec<Vec<(String, String)>> = webhooks
        .iter()
        .map(|webhook| fixed_members(webhook, types))
        .collect();
    let mut counts: HashMap<&(String, String), usize> = HashMap::new();
    for pair in candidates.iter().flatten() {
        *counts.entry(pair).or_default() += 1;
    }
    let tags: Vec<Option<(String, String)>> = candidates
        .iter()
        .map(|pairs| pairs.iter().find(|pair| counts[pair] == 1).cloned())
        .collect();
    for (webhook, tag) in webhooks.iter_mut().zip(tags) {
        webhook.tag = tag;
    }
    let mut first_by_payload: HashMap<String, usize> = HashMap::new();
    for (index, webhook) in webhooks.iter().enumerate() {
        if webhook.tag.is_some() {
            continue;
        }
        let Some(payload) = webhook.payload() else {
            continue;
        };
        let key = format!("{:?}", payload.ty);
        match first_by_payload.get(&key) {
            Some(&first) => diagnostics.push(Diagnostic::warning(
                &webhook.operation.pointer,
                format!(
                    "`{}` carries the same payload as `{}` and nothing tells them apart; \
                     receivers hand both to `{}`",
                    webhook.name, webhooks[first].name, webhooks[first].operation.fn_name
                ),
            )),
            None => {
                first_by_payload.insert(key, index);
            }
        }
    }
}

/// The payload's required string members fixed to one value.
fn fixed_members(webhook: &Webhook, types: &[TypeDef]) -> Vec<(String, String)> {
    let Some(payload) = webhook.payload() else {
        return Vec::new();
    };
    let object = match bare(&payload.ty) {
        Ty::Loose(object) => object,
        ty => ty,
    };
    let Ty::Named(id) = object else {
        return Vec::new();
    };
    let TypeKind::Struct(object) = &types[*id].kind else {
        return Vec::new();
    };
    object
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .filter_map(|f| {
            let value = single_value(&f.ty, types)?;
            Some((f.json_name.clone(), value))
        })
        .collect()
}

/// The one value of a string enum with a single value.
fn single_value(ty: &Ty, types: &[TypeDef]) -> Option<String> {
    let Ty::Named(id) = ty.underlying(types) else {
        return None;
    };
    match &types[*id].kind {
        TypeKind::Enum(values) => match values.variants.as_slice() {
            [(_, value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}
