//! Large union variants boxed. A Rust enum is as large as its largest
//! variant, so one variant hundreds of bytes larger than the others makes
//! every value of the union that large (clippy's `large_enum_variant`).
//! Sizes are estimated for a 64-bit target, erring large; a union boxes
//! its largest variant while it outgrows the next one by more than
//! [`LARGER_BY`] bytes.

use super::{IntFormat, Presence, Ty, TypeDef, TypeId, TypeKind};

/// Below clippy's 200 bytes, for the estimate's error.
const LARGER_BY: usize = 160;

/// Boxes the variants that would make their union needlessly large.
pub(super) fn box_large_variants(types: &mut [TypeDef]) {
    let mut sizes = Sizes {
        types,
        known: vec![None; types.len()],
        visiting: vec![false; types.len()],
    };
    let boxed: Vec<(TypeId, Vec<usize>)> = (0..types.len())
        .filter_map(|id| {
            let TypeKind::Union(union) = &types[id].kind else {
                return None;
            };
            let mut variant_sizes: Vec<(usize, usize)> = union
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| (if v.boxed { 8 } else { sizes.of(&v.ty) }, i))
                .collect();
            // A tagged union keeps values of unknown tags as JSON.
            if union.tag_property().is_some() {
                variant_sizes.push((32, usize::MAX));
            }
            let mut boxed = Vec::new();
            loop {
                variant_sizes.sort_unstable();
                let [.., (second, _), (largest, i)] = variant_sizes.as_mut_slice() else {
                    break;
                };
                if *largest - *second <= LARGER_BY || *i == usize::MAX {
                    break;
                }
                // Boxed, it is a pointer.
                boxed.push(*i);
                *largest = 8;
            }
            (!boxed.is_empty()).then_some((id, boxed))
        })
        .collect();
    for (id, variants) in boxed {
        if let TypeKind::Union(union) = &mut types[id].kind {
            for i in variants {
                union.variants[i].boxed = true;
            }
        }
    }
}

/// Estimated sizes of types, worked out once each.
struct Sizes<'a> {
    types: &'a [TypeDef],
    known: Vec<Option<usize>>,
    visiting: Vec<bool>,
}

impl Sizes<'_> {
    /// The estimated size of a value of `ty`, in bytes.
    fn of(&mut self, ty: &Ty) -> usize {
        match ty {
            Ty::Bool => 1,
            Ty::Integer(format) => match format {
                IntFormat::I8 | IntFormat::U8 => 1,
                IntFormat::I16 | IntFormat::U16 => 2,
                IntFormat::I32 | IntFormat::U32 => 4,
                IntFormat::I64 | IntFormat::U64 => 8,
                IntFormat::I128 => 16,
            },
            Ty::Float => 8,
            Ty::Date => 4,
            Ty::DateTime => 12,
            Ty::Uuid => 16,
            Ty::String | Ty::Binary | Ty::Base64 | Ty::Vec(_) | Ty::Map(_) => 24,
            Ty::Json => 32,
            Ty::Option(inner) => self.optional(inner),
            Ty::Named(id) => self.named(*id),
            // The struct, or any JSON value, and which of the two.
            Ty::Loose(inner) => word_aligned(self.of(inner).max(32) + 1),
        }
    }

    /// `Option<T>`: as large as `T` where `T` has a spare bit pattern
    /// (heap types, enums), a word more otherwise.
    fn optional(&mut self, ty: &Ty) -> usize {
        let size = self.of(ty);
        if self.has_niche(ty) {
            size
        } else {
            word_aligned(size + 1)
        }
    }

    fn has_niche(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::Binary | Ty::Base64 | Ty::Vec(_) | Ty::Map(_) | Ty::Json => true,
            Ty::Bool | Ty::Option(_) | Ty::Loose(_) => true,
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Enum(_) | TypeKind::Union(_) => true,
                TypeKind::Alias(inner) => self.has_niche(inner),
                // A struct with a heap member lends its spare bits.
                TypeKind::Struct(s) => s.fields.iter().any(|f| {
                    f.boxed || matches!(f.presence, Presence::Required) && self.has_niche(&f.ty)
                }),
            },
            _ => false,
        }
    }

    fn named(&mut self, id: TypeId) -> usize {
        if let Some(size) = self.known[id] {
            return size;
        }
        // Met again inside itself: the cycle is boxed there.
        if self.visiting[id] {
            return 8;
        }
        self.visiting[id] = true;
        let size = match &self.types[id].kind {
            TypeKind::Struct(s) => {
                let members: usize = s
                    .fields
                    .iter()
                    .map(|f| match (f.boxed, f.presence) {
                        (true, _) => 8,
                        (false, Presence::Required) => self.of(&f.ty),
                        (false, _) => self.optional(&f.ty),
                    })
                    .sum();
                let additional = if s.additional.is_some() { 24 } else { 0 };
                word_aligned(members + additional)
            }
            TypeKind::Union(u) => {
                let largest = u
                    .variants
                    .iter()
                    .map(|v| if v.boxed { 8 } else { self.of(&v.ty) })
                    .max()
                    .unwrap_or(0);
                // A tagged union's `Unknown` holds a JSON value; the tag a word.
                let unknown = if u.tag_property().is_some() { 32 } else { 0 };
                word_aligned(largest.max(unknown) + 8)
            }
            TypeKind::Enum(_) => 24,
            TypeKind::Alias(inner) => self.of(inner),
        };
        self.visiting[id] = false;
        self.known[id] = Some(size);
        size
    }
}

fn word_aligned(size: usize) -> usize {
    size.div_ceil(8) * 8
}

#[cfg(test)]
mod tests {
    use crate::ir::TypeKind;

    #[test]
    fn a_variant_far_larger_than_the_others_is_boxed() {
        let members: String = (0..20)
            .map(|i| format!("        m{i}: {{ type: string }}\n"))
            .collect();
        let text = format!(
            "openapi: 3.1.0
info: {{ title: T, version: '1' }}
paths: {{}}
components:
  schemas:
    Event:
      oneOf:
        - $ref: '#/components/schemas/Large'
        - $ref: '#/components/schemas/Small'
        - $ref: '#/components/schemas/AlsoSmall'
    Large:
      type: object
      required: [{required}]
      properties:
{members}    Small: {{ type: object, required: [id], properties: {{ id: {{ type: string }} }} }}
    AlsoSmall: {{ type: object, required: [n], properties: {{ n: {{ type: integer }} }} }}
    Pair:
      oneOf:
        - $ref: '#/components/schemas/Large'
        - $ref: '#/components/schemas/Large'
",
            required = (0..20)
                .map(|i| format!("m{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let spec = crate::load::load_text(&text, None).expect("the document loads");
        let api = crate::ir::build(&spec, &mut Vec::new());
        let boxed = |name: &str| {
            let def = api
                .types
                .iter()
                .find(|t| t.name == name)
                .expect("the union");
            let TypeKind::Union(union) = &def.kind else {
                panic!("{name} is a union");
            };
            union.variants.iter().map(|v| v.boxed).collect::<Vec<_>>()
        };
        assert_eq!(boxed("Event"), [true, false, false]);
        // Variants of one size leave the union as it is.
        assert_eq!(boxed("Pair"), [false, false]);
    }
}
