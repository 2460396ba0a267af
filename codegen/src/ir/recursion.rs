//! Recursive types: a struct field or enum variant that (directly, not through a
//! `Vec` or map) leads back to its own type must be boxed, or the type would have
//! infinite size. Cycles are found as strongly connected components.

use super::{Ty, TypeDef, TypeId, TypeKind};

/// The type a value of `ty` stores inline, if it is a named type.
fn inline_target(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Option(inner) | Ty::Loose(inner) => inline_target(inner),
        _ => None,
    }
}

fn edges(def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| inline_target(&f.ty))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| inline_target(&v.ty))
            .collect(),
        TypeKind::Alias(ty) => inline_target(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Boxes recursive fields and variants. Returns the types that are defined only
/// through aliases leading back to themselves (`A = B`, `B = A`): no Rust type
/// can express them, so the caller reports them.
pub(super) fn box_cycles(types: &mut [TypeDef]) -> Vec<TypeId> {
    let graph: Vec<Vec<TypeId>> = types.iter().map(edges).collect();
    let component = strongly_connected(&graph);
    let mut has_non_alias = vec![false; types.len()];
    for (id, def) in types.iter().enumerate() {
        if !matches!(def.kind, TypeKind::Alias(_)) {
            has_non_alias[component[id]] = true;
        }
    }
    let mut alias_cycles = Vec::new();
    for (id, def) in types.iter_mut().enumerate() {
        let same = |ty: &Ty| inline_target(ty).is_some_and(|t| component[t] == component[id]);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(&variant.ty);
                }
            }
            TypeKind::Alias(ty) if same(ty) && !has_non_alias[component[id]] => {
                *ty = Ty::Json;
                alias_cycles.push(id);
            }
            _ => {}
        }
    }
    alias_cycles
}

/// Every named type `ty` mentions, at any depth (inside arrays, maps and
/// options too).
fn mentioned(ty: &Ty, found: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => found.push(*id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Loose(inner) => {
            mentioned(inner, found)
        }
        _ => {}
    }
}

/// Aliases that contain themselves through arrays or maps only
/// (`RecursiveArray = array of RecursiveArray`): a Rust type alias cannot
/// mention itself, even inside a `Vec`. Each cycle is cut where it goes
/// back to an alias defined no later (every cycle has such a mention), which
/// becomes any JSON value (`Vec<serde_json::Value>`); returns the aliases
/// changed, for the caller to report. A cycle through a struct or union
/// needs nothing: the named type ends the alias's expansion.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<TypeId> {
    let is_alias = |def: &TypeDef| matches!(def.kind, TypeKind::Alias(_));
    let graph: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut found = Vec::new();
                mentioned(ty, &mut found);
                found.retain(|&id| is_alias(&types[id]));
                found
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&graph);
    // A mention of an alias of its own component defined no later closes a
    // cycle (a self-mention, or one of a larger component).
    let closes = |id: TypeId, target: TypeId| component[target] == component[id] && target <= id;
    let mut changed = Vec::new();
    for id in 0..types.len() {
        if !graph[id].iter().any(|&target| closes(id, target)) {
            continue;
        }
        if let TypeKind::Alias(ty) = &mut types[id].kind {
            replace_mentions(ty, &|target| closes(id, target));
            changed.push(id);
        }
    }
    changed
}

/// For each type, how many types the cycle of mentions it is part of holds
/// (through fields, variants and aliases, inside arrays, maps and options
/// alike); 0 for a type that does not lead back to itself.
pub(super) fn cycle_sizes(types: &[TypeDef]) -> Vec<usize> {
    let graph: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| {
            let mut found = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| mentioned(&f.ty, &mut found)),
                TypeKind::Union(u) => u.variants.iter().for_each(|v| mentioned(&v.ty, &mut found)),
                TypeKind::Alias(ty) => mentioned(ty, &mut found),
                TypeKind::Enum(_) => {}
            }
            found
        })
        .collect();
    let component = strongly_connected(&graph);
    let mut sizes = vec![0; types.len()];
    for &c in &component {
        sizes[c] += 1;
    }
    (0..types.len())
        .map(|id| {
            let size = sizes[component[id]];
            if size > 1 || graph[id].contains(&id) {
                size
            } else {
                0
            }
        })
        .collect()
}

/// Replaces the named types `replace` picks, at any depth, with any JSON value.
fn replace_mentions(ty: &mut Ty, replace: &dyn Fn(TypeId) -> bool) {
    match ty {
        Ty::Named(id) if replace(*id) => *ty = Ty::Json,
        // `Loose` of any JSON value is any JSON value.
        Ty::Loose(inner) if matches!(**inner, Ty::Named(id) if replace(id)) => *ty = Ty::Json,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Loose(inner) => {
            replace_mentions(inner, replace)
        }
        _ => {}
    }
}

/// Tarjan's algorithm, iterative (deep schemas must not overflow the stack).
/// Returns the component index of every node.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = graph[node].get(*edge) {
                *edge += 1;
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;
    use crate::ir::{Ty, TypeKind};

    #[test]
    fn cycles_count_mentions_through_arrays_maps_and_options() {
        let text = "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents:
  schemas:
    A: { type: object, properties: { b: { type: array, items: { $ref: '#/components/schemas/B' } } } }
    B: { type: object, additionalProperties: { $ref: '#/components/schemas/C' } }
    C: { type: object, properties: { a: { $ref: '#/components/schemas/A' } } }
    Alone: { type: object, properties: { again: { $ref: '#/components/schemas/Alone' } } }
    Leaf: { type: object, properties: { a: { $ref: '#/components/schemas/A' } } }
";
        let spec = crate::load::load_text(text, None).expect("the document loads");
        let api = crate::ir::build(&spec, &mut Vec::new());
        let sizes = &api.type_cycle_sizes;
        let size = |name: &str| sizes[api.types.iter().position(|t| t.name == name).unwrap()];
        assert_eq!([size("A"), size("B"), size("C")], [3, 3, 3]);
        assert_eq!([size("Alone"), size("Leaf")], [1, 0]);
        let acyclic = text.replace(
            "$ref: '#/components/schemas/A' } } }\n    Alone",
            "type: string } } }\n    Alone",
        );
        let acyclic = acyclic.replace(
            "again: { $ref: '#/components/schemas/Alone' }",
            "again: { type: string }",
        );
        let spec = crate::load::load_text(&acyclic, None).expect("the document loads");
        let sizes = crate::ir::build(&spec, &mut Vec::new()).type_cycle_sizes;
        assert!(sizes.iter().all(|&size| size == 0), "{sizes:?}");
    }

    #[test]
    fn an_alias_that_contains_itself_is_cut_once_per_cycle() {
        let text = "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents:
  schemas:
    NestedList: { type: array, items: { $ref: '#/components/schemas/NestedList' } }
    Forest: { type: object, additionalProperties: { $ref: '#/components/schemas/Trees' } }
    Trees: { type: array, items: { $ref: '#/components/schemas/Forest' } }
";
        let spec = crate::load::load_text(text, None).expect("the document loads");
        let mut diagnostics = Vec::new();
        let api = crate::ir::build(&spec, &mut diagnostics);
        let alias = |name: &str| match &api.types.iter().find(|t| t.name == name).unwrap().kind {
            TypeKind::Alias(ty) => ty.clone(),
            other => panic!("{name} is {other:?}"),
        };
        let json_items = Ty::Vec(Box::new(Ty::Json));
        assert_eq!(alias("NestedList"), json_items);
        let trees = api.types.iter().position(|t| t.name == "Trees").unwrap();
        assert_eq!(alias("Forest"), Ty::Map(Box::new(Ty::Named(trees))));
        assert_eq!(alias("Trees"), json_items);
        assert_eq!(
            diagnostics
                .iter()
                .filter(|d| d.to_string().contains("contains itself"))
                .count(),
            2
        );
    }

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone
        let graph = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = strongly_connected(&graph);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
