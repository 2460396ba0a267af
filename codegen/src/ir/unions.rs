//! How a union's variant is chosen, settled once every type is built (a
//! variant may be defined after the union that names it, and the answer
//! must not depend on the document's order).
//!
//! - With a `discriminator`, a variant's tag is the value it fixes its tag
//!   member to (`enum: [circle]` or `const: circle`), as the schema admits
//!   no other. A variant that fixes none is tagged by its mapping keys and
//!   its schema's name (unless the mapping gives that value to another).
//!   A value whose tag no variant claims (or that has none) is the one
//!   variant it satisfies among those whose tag member is an enum of
//!   several values (a mapping may miss some of them) or that declare no
//!   tag member at all; a variant whose tag member is free text is only
//!   what its tags name.
//! - Without one, a member that every variant requires and fixes to a value
//!   of its own is a discriminator all the same.
//! - Otherwise variants are tried most specific first; for `oneOf`, a
//!   request value another variant takes too is refused, unless the union
//!   contains itself.

use std::collections::HashSet;

use super::{Presence, Tagging, Ty, TypeDef, TypeId, TypeKind, Union};

pub(super) fn settle(types: &mut [TypeDef]) {
    for id in 0..types.len() {
        let TypeKind::Union(union) = &types[id].kind else {
            continue;
        };
        let settled = settle_union(union, types);
        types[id].kind = TypeKind::Union(settled);
    }
    fix_members(types);
    // Telling a `oneOf` value apart from every other variant decodes each
    // in full; through a union that contains itself, that multiplies at
    // every level of a value, so such a union takes the first variant.
    let cycles = super::recursion::cycle_sizes(types);
    for (def, cycle) in types.iter_mut().zip(cycles) {
        if let TypeKind::Union(union) = &mut def.kind
            && cycle > 0
        {
            union.exclusive = false;
        }
    }
}

/// Marks the members that can hold one value only: those whose schema
/// admits one, and the tag member of a struct that is a variant of tagged
/// unions agreeing on its tag.
fn fix_members(types: &mut [TypeDef]) {
    let mut tags: std::collections::HashMap<TypeId, Option<(String, String)>> =
        std::collections::HashMap::new();
    for def in types.iter() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        let Tagging::Tag { property, .. } = &union.tagging else {
            continue;
        };
        for variant in &union.variants {
            let (Some(id), Some(tag)) = (named(&variant.ty, types), variant.tags.first()) else {
                continue;
            };
            let claim = Some((property.clone(), tag.clone()));
            tags.entry(id)
                .and_modify(|known| {
                    if *known != claim {
                        *known = None;
                    }
                })
                .or_insert(claim);
        }
    }
    for id in 0..types.len() {
        let fixed: Vec<Option<String>> = match &types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| {
                    fixed_value(&f.ty, types).map(str::to_owned).or_else(|| {
                        let (property, tag) = tags.get(&id)?.as_ref()?;
                        (&f.json_name == property && matches!(super::bare(&f.ty), Ty::String))
                            .then(|| tag.clone())
                    })
                })
                .collect(),
            _ => continue,
        };
        if let TypeKind::Struct(s) = &mut types[id].kind {
            for (field, fixed) in s.fields.iter_mut().zip(fixed) {
                field.fixed = fixed;
            }
        }
    }
}

fn settle_union(union: &Union, types: &[TypeDef]) -> Union {
    let mut union = union.clone();
    if let Tagging::Tag { property, .. } = &union.tagging {
        let property = property.clone();
        for variant in &mut union.variants {
            // The value the variant fixes is its one tag: the schema admits
            // no other, whatever the mapping or the schema's name say.
            if let Some(value) = fixed_member(&variant.ty, &property, types) {
                variant.tags = vec![value];
            }
            // A variant that does not declare the tag member may come
            // without it, or with any value (drf-spectacular puts the
            // discriminator of a member's union in the member's parent).
            variant.takes_unclaimed_tags = lists_member_values(&variant.ty, &property, types)
                || struct_of(&variant.ty, types).is_some()
                    && member_of(&variant.ty, &property, types).is_none();
        }
    } else if let Some((property, tags)) = implicit_discriminator(&union, types) {
        for (variant, tag) in union.variants.iter_mut().zip(tags) {
            variant.tags = vec![tag];
        }
        union.tagging = Tagging::Tag {
            property,
            explicit: false,
        };
    }
    // A tag selects one variant: the first that claims it.
    let mut seen = HashSet::new();
    for variant in &mut union.variants {
        variant.tags.retain(|tag| seen.insert(tag.clone()));
    }
    let every_variant_tagged = union
        .variants
        .iter()
        .all(|v| !v.tags.is_empty() && struct_of(&v.ty, types).is_some());
    if !every_variant_tagged {
        union.tagging = Tagging::Untagged;
        for variant in &mut union.variants {
            variant.tags.clear();
        }
    }
    if union.tagging == Tagging::Untagged {
        // Tried in order: most specific first (a stable sort keeps the
        // spec's order among equals).
        union
            .variants
            .sort_by_key(|v| std::cmp::Reverse(specificity(&v.ty, types)));
    }
    union
}

/// A member every variant requires and fixes to a distinct value: its name
/// and the value of each variant, in variant order.
fn implicit_discriminator(union: &Union, types: &[TypeDef]) -> Option<(String, Vec<String>)> {
    let first = struct_of(&union.variants.first()?.ty, types)?;
    'candidates: for field in &first.fields {
        if field.presence != Presence::Required {
            continue;
        }
        let mut tags = Vec::with_capacity(union.variants.len());
        for variant in &union.variants {
            let Some(tag) = fixed_member(&variant.ty, &field.json_name, types) else {
                continue 'candidates;
            };
            let required = struct_of(&variant.ty, types).is_some_and(|s| {
                s.fields
                    .iter()
                    .any(|f| f.json_name == field.json_name && f.presence == Presence::Required)
            });
            if !required || tags.contains(&tag) {
                continue 'candidates;
            }
            tags.push(tag);
        }
        return Some((field.json_name.clone(), tags));
    }
    None
}

/// The struct behind a type (through aliases).
fn struct_of<'t>(ty: &Ty, types: &'t [TypeDef]) -> Option<&'t super::Struct> {
    match &types[named(ty, types)?].kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The named type behind aliases and `Option`s; alias cycles end in `None`.
fn named(ty: &Ty, types: &[TypeDef]) -> Option<TypeId> {
    match ty.underlying(types) {
        Ty::Named(id) if !matches!(types[*id].kind, TypeKind::Alias(_)) => Some(*id),
        _ => None,
    }
}

/// A struct variant's member `property`.
fn member_of<'t>(ty: &Ty, property: &str, types: &'t [TypeDef]) -> Option<&'t super::Field> {
    struct_of(ty, types)?
        .fields
        .iter()
        .find(|f| f.json_name == property)
}

/// The one value a struct variant fixes its member `property` to.
fn fixed_member(ty: &Ty, property: &str, types: &[TypeDef]) -> Option<String> {
    fixed_value(&member_of(ty, property, types)?.ty, types).map(str::to_owned)
}

/// Whether a struct variant's member `property` is an enum of several
/// values, which its schema lists itself.
fn lists_member_values(ty: &Ty, property: &str, types: &[TypeDef]) -> bool {
    member_of(ty, property, types)
        .and_then(|field| named(&field.ty, types))
        .is_some_and(|id| matches!(&types[id].kind, TypeKind::Enum(e) if e.variants.len() > 1))
}

/// The only value a type admits: a string enum of one value (`const`).
pub(super) fn fixed_value<'t>(ty: &Ty, types: &'t [TypeDef]) -> Option<&'t str> {
    match &types[named(ty, types)?].kind {
        TypeKind::Enum(e) => match e.variants.as_slice() {
            [(_, value)] => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// Orders untagged variants: objects with more required fields first,
/// catch-alls (any JSON, maps) last.
fn specificity(ty: &Ty, types: &[TypeDef]) -> usize {
    let mut ty = ty;
    // Alias chains end within as many steps as there are types, unless
    // they loop: an alias cycle (`A = B`, `B = A`), reported elsewhere.
    for _ in 0..types.len() + 8 {
        return match ty {
            Ty::Option(inner) => {
                ty = inner;
                continue;
            }
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => {
                    ty = inner;
                    continue;
                }
                TypeKind::Struct(s) => {
                    let required = s.fields.iter().filter(|f| f.presence.is_required()).count();
                    let fixed = s
                        .fields
                        .iter()
                        .filter(|f| fixed_value(&f.ty, types).is_some())
                        .count();
                    1000 + fixed * 100 + required * 10 + s.fields.len().min(9)
                }
                TypeKind::Enum(_) => 500,
                TypeKind::Union(_) => 400,
            },
            Ty::Bool => 300,
            Ty::Integer(_) => 290,
            Ty::Float => 280,
            Ty::Date | Ty::DateTime | Ty::Uuid => 270,
            Ty::String | Ty::Base64 | Ty::Binary => 200,
            Ty::Vec(_) => 600,
            Ty::Map(_) => 100,
            // Takes any value, as `Json` does.
            Ty::Json | Ty::Loose(_) => 0,
        };
    }
    0
}
