//! Inline schemas the document writes out more than once. Large documents
//! repeat an object wherever it appears (the same settings under two
//! operations, the same `enum` under every one), and each copy would be a
//! Rust type of its own, with its impls and validation: up to half the
//! generated models, and of the time to compile them.
//!
//! A nested inline type whose definition is the same as an earlier type's
//! (docs, constraints and members alike, the types it names the same in
//! turn) becomes an alias of that type: users keep every name, and the
//! definition is emitted once. Component schemas, named by the document,
//! and the types operations name (parameters, bodies, answers), which the
//! server trait and the client show, keep their own definitions; a copy
//! elsewhere may become an alias of them. A type requests carry decodes
//! strictly and one only answers carry leniently, so a copy of one kind is
//! never an alias of the other.

use std::collections::HashMap;

use super::{Operation, Ty, TypeDef, TypeId, TypeKind, Webhook};

/// Makes each nested inline type that repeats an earlier one an alias of
/// it, and points every mention of it (in types and in operations) at that
/// type, so emitters see one definition. `components` is the number of
/// component schemas, which come first in `types`.
pub(super) fn share(
    types: &mut [TypeDef],
    components: usize,
    operations: &mut [Operation],
    webhooks: &mut [Webhook],
) {
    let mut kept = vec![false; types.len()];
    kept[..components.min(types.len())].fill(true);
    for operation in requests(operations, webhooks) {
        operation.visit_named_mut(&mut |id| kept[*id] = true);
    }
    let strict = super::request_types(types, operations);
    let classes = classes(types, &strict);
    let mut first_of_class: HashMap<usize, TypeId> = HashMap::new();
    let mut target: Vec<TypeId> = (0..types.len()).collect();
    for (id, def) in types.iter().enumerate() {
        if matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        let first = *first_of_class.entry(classes[id]).or_insert(id);
        if first != id && !kept[id] {
            target[id] = first;
        }
    }
    if target.iter().enumerate().all(|(id, &t)| id == t) {
        return;
    }
    let names: Vec<String> = types.iter().map(|def| def.name.clone()).collect();
    let mut redirect = |id: &mut TypeId| *id = target[*id];
    for (id, def) in types.iter_mut().enumerate() {
        if target[id] != id {
            def.kind = TypeKind::Alias(Ty::Named(target[id]));
            def.doc.get_or_insert_with(|| {
                format!(
                    "The same type as [`{}`]: the document writes its schema out again here.",
                    names[target[id]]
                )
            });
        } else {
            def.kind.visit_named_mut(&mut redirect);
        }
    }
    for operation in requests(operations, webhooks) {
        operation.visit_named_mut(&mut redirect);
    }
}

/// The requests the API serves and those it sends.
fn requests<'a>(
    operations: &'a mut [Operation],
    webhooks: &'a mut [Webhook],
) -> impl Iterator<Item = &'a mut Operation> {
    let sent = webhooks.iter_mut().map(|webhook| &mut webhook.operation);
    operations.iter_mut().chain(sent)
}

/// Each type's class: two structs, enums or unions share one when their
/// definitions are the same but for their names and the identity of the
/// types they name, which must share a class in turn (the coarsest such
/// partition, so types that refer to themselves are compared too), and
/// both carried by requests or neither (`strict`). Every alias is a class
/// of its own.
fn classes(types: &[TypeDef], strict: &[bool]) -> Vec<usize> {
    // First by the definition with the types it names left out, then
    // refined by the classes of the types it names until no class splits.
    let mut interned: HashMap<String, usize> = HashMap::new();
    let mut named: Vec<Vec<TypeId>> = Vec::with_capacity(types.len());
    let mut class: Vec<usize> = Vec::with_capacity(types.len());
    for (id, def) in types.iter().enumerate() {
        let mut kind = def.kind.clone();
        let mut mentions = Vec::new();
        kind.visit_named_mut(&mut |named| {
            mentions.push(*named);
            *named = 0;
        });
        let key = match kind {
            TypeKind::Alias(_) => format!("alias {id}"),
            kind => format!("{} {:?} {kind:?}", strict[id], def.doc),
        };
        let next = interned.len();
        class.push(*interned.entry(key).or_insert(next));
        named.push(mentions);
    }
    let mut count = interned.len();
    loop {
        let mut refined: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let next: Vec<usize> = (0..types.len())
            .map(|id| {
                let key = (class[id], named[id].iter().map(|&m| class[m]).collect());
                let fresh = refined.len();
                *refined.entry(key).or_insert(fresh)
            })
            .collect();
        class = next;
        if refined.len() == count {
            return class;
        }
        count = refined.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Presence, StringEnum, Struct};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: None,
            pointer: format!("#/{name}"),
            kind,
        }
    }

    fn enumeration(values: &[&str]) -> TypeKind {
        TypeKind::Enum(StringEnum {
            variants: values
                .iter()
                .map(|v| (v.to_uppercase(), v.to_string()))
                .collect(),
        })
    }

    fn object(fields: &[(&str, Ty)]) -> TypeKind {
        TypeKind::Struct(Struct {
            fields: fields
                .iter()
                .map(|(name, ty)| Field {
                    json_name: name.to_string(),
                    rust_name: name.to_string(),
                    ty: ty.clone(),
                    presence: Presence::Optional,
                    doc: None,
                    default: None,
                    read_only: false,
                    write_only: false,
                    required_in_requests: false,
                    deprecated: false,
                    replacement: None,
                    constraints: Default::default(),
                    item_constraints: Default::default(),
                    boxed: false,
                    fixed: None,
                    xml: Default::default(),
                })
                .collect(),
            ..Struct::default()
        })
    }

    fn aliased(types: &[TypeDef]) -> Vec<Option<TypeId>> {
        types
            .iter()
            .map(|def| match def.kind {
                TypeKind::Alias(Ty::Named(id)) => Some(id),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn nested_copies_become_aliases_of_the_first_and_mentions_follow() {
        let mut types = vec![
            def("Order", object(&[("state", Ty::Named(1))])),
            def("OrderState", enumeration(&["open", "shut"])),
            def("Refund", object(&[("state", Ty::Named(3))])),
            def("RefundState", enumeration(&["open", "shut"])),
            // Another `doc` is another definition.
            def("Other", enumeration(&["open", "shut"])),
        ];
        types[4].doc = Some("Said otherwise.".into());
        share(&mut types, 0, &mut [], &mut []);
        assert_eq!(aliased(&types), [None, None, Some(0), Some(1), None]);
        // What is left of the copies' mentions points at the first.
        let mut mentions = Vec::new();
        for def in &mut types {
            def.kind.visit_named_mut(&mut |id| mentions.push(*id));
        }
        assert_eq!(mentions, [1, 0, 1]);
    }

    #[test]
    fn components_the_types_operations_name_and_strictness_are_kept() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                mode: {type: string, enum: [on, off]}
                again: {type: string, enum: [on, off]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  mode: {type: string, enum: [on, off]}
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                mode: {type: string, enum: [on, off]}
      responses:
        "204": {description: done}
components:
  schemas:
    Mode: {type: string, enum: [on, off]}
    Same: {type: string, enum: [on, off]}
"#;
        let spec = crate::load::load_text(text, None).expect("the document loads");
        let api = crate::ir::build(&spec, &mut Vec::new());
        let kind = |name: &str| {
            let def = api.types.iter().find(|d| d.name == name).expect(name);
            match &def.kind {
                TypeKind::Alias(Ty::Named(id)) => format!("= {}", api.types[*id].name),
                TypeKind::Alias(_) => "alias".to_owned(),
                _ => "own".to_owned(),
            }
        };
        // Both components keep theirs; so do the bodies the operations name,
        // though `/b`'s is the same as `/a`'s.
        for name in ["Mode", "Same", "PostABody", "PostAOkBody", "PostBBody"] {
            assert_eq!(kind(name), "own", "{name}");
        }
        // Requests' copies are one type, which decodes strictly...
        assert_eq!(kind("PostABodyMode"), "own");
        for name in ["PostABodyAgain", "PostBBodyMode"] {
            assert_eq!(kind(name), "= PostABodyMode", "{name}");
        }
        // ...and the answer's copy is the first that is only answered, the
        // component, which decodes leniently.
        assert_eq!(kind("PostAOkBodyMode"), "= Mode");
        // The bodies' fields name the first.
        let id = |name: &str| api.types.iter().position(|d| d.name == name).unwrap();
        let TypeKind::Struct(body) = &api.types[id("PostBBody")].kind else {
            panic!("a struct")
        };
        assert_eq!(body.fields[0].ty, Ty::Named(id("PostABodyMode")));
    }

    #[test]
    fn types_that_refer_to_themselves_are_compared_by_their_shape() {
        let mut types = vec![
            def(
                "Node",
                object(&[("next", Ty::Option(Box::new(Ty::Named(0))))]),
            ),
            def(
                "Copy",
                object(&[("next", Ty::Option(Box::new(Ty::Named(1))))]),
            ),
            // Same field, another target: a different shape at depth two.
            def(
                "Leaf",
                object(&[("next", Ty::Option(Box::new(Ty::Named(3))))]),
            ),
            def("End", enumeration(&["x"])),
        ];
        share(&mut types, 0, &mut [], &mut []);
        assert_eq!(aliased(&types), [None, Some(0), None, None]);
    }
}
