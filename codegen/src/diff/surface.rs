//! The one adapter from the IR to what `diff` needs: the public Rust API of
//! the generated crate, by item name. Everything `diff` knows about the IR
//! goes through here, so a change of the IR is absorbed in this file.

use std::collections::BTreeMap;

use crate::ir::{self, Presence, Ty, TypeKind};

/// The generated crate's public items.
#[derive(Debug, Default)]
pub struct Surface {
    /// `models::` types by Rust name.
    pub types: BTreeMap<String, TypeShape>,
    /// Operations by Rust method name (`Api` trait and `Client`).
    pub operations: BTreeMap<String, OperationShape>,
}

/// What one `models::` type exposes. Every `doc` is the type's doc text (the schema's
/// description, else its title), compared only to report `documentation-changed`.
#[derive(Debug, PartialEq)]
pub enum TypeShape {
    /// A model struct.
    Struct {
        /// Pub fields by Rust name; `additional_properties` when undeclared members are kept.
        fields: BTreeMap<String, Member>,
        /// The type's doc text.
        doc: Option<String>,
    },
    /// A string enum.
    StringEnum {
        /// Rust variant names, in document order.
        variants: Vec<String>,
        /// The type's doc text.
        doc: Option<String>,
    },
    /// A `oneOf`/`anyOf` enum.
    Union {
        /// Variant name → its type.
        variants: BTreeMap<String, String>,
        /// The type's doc text.
        doc: Option<String>,
    },
    /// A type alias.
    Alias {
        /// The aliased Rust type, written out (`Vec<Pet>`).
        ty: String,
        /// The type's doc text.
        doc: Option<String>,
    },
}

impl TypeShape {
    /// What the type is, for messages (`struct`, `enum`, `union enum`, `type alias`).
    pub fn kind(&self) -> &'static str {
        match self {
            TypeShape::Struct { .. } => "struct",
            TypeShape::StringEnum { .. } => "enum",
            TypeShape::Union { .. } => "union enum",
            TypeShape::Alias { .. } => "type alias",
        }
    }

    /// The type's doc text, whatever its kind.
    pub fn doc(&self) -> Option<&String> {
        match self {
            TypeShape::Struct { doc, .. }
            | TypeShape::StringEnum { doc, .. }
            | TypeShape::Union { doc, .. }
            | TypeShape::Alias { doc, .. } => doc.as_ref(),
        }
    }
}

/// A struct field, a parameter or a response header.
#[derive(Debug, PartialEq)]
pub struct Member {
    /// The Rust type, written out (`Vec<Pet>`).
    pub ty: String,
    /// An argument of `new(…)` or of the client method, rather than a setter.
    pub required: bool,
    /// Its doc text, compared only to report `documentation-changed`.
    pub doc: Option<String>,
}

/// One operation: the `Api` trait method and the `Client` method of the same name.
#[derive(Debug, PartialEq)]
pub struct OperationShape {
    /// The method and the path as the document writes it, for messages (`GET /pets/{petId}`).
    pub label: String,
    /// Parameters by Rust name.
    pub params: BTreeMap<String, Member>,
    /// Body types by media type, and whether the body is required.
    pub body: Option<(bool, BTreeMap<String, String>)>,
    /// Response variants: body types and headers.
    pub responses: BTreeMap<String, ResponseShape>,
    /// The operation's summary, else its description.
    pub doc: Option<String>,
}

/// One variant of an operation's response enum.
#[derive(Debug, PartialEq)]
pub struct ResponseShape {
    /// Body Rust types by media type; empty when the response has no body.
    pub bodies: BTreeMap<String, String>,
    /// Headers by Rust field name.
    pub headers: BTreeMap<String, Member>,
}

/// Reads the surface off the IR.
pub fn of(api: &ir::Api) -> Surface {
    let name = |ty: &Ty| ty_name(api, ty);
    let mut surface = Surface::default();
    for def in &api.types {
        let shape = match &def.kind {
            TypeKind::Struct(s) => TypeShape::Struct {
                fields: s
                    .fields
                    .iter()
                    .map(|f| {
                        let required = f.presence.is_required();
                        let ty = match f.presence {
                            Presence::Required => name(&f.ty),
                            Presence::RequiredNullable
                            | Presence::Optional
                            | Presence::OptionalOrNull
                            | Presence::Defaulted => {
                                format!("Option<{}>", name(&f.ty))
                            }
                            Presence::OptionalNullable => format!("Patch<{}>", name(&f.ty)),
                        };
                        (
                            f.rust_name.clone(),
                            Member {
                                ty,
                                required,
                                doc: f.doc.clone(),
                            },
                        )
                    })
                    .chain(s.additional.iter().map(|ty| {
                        (
                            "additional_properties".to_owned(),
                            Member {
                                ty: format!("Map<{}>", name(ty)),
                                required: false,
                                doc: None,
                            },
                        )
                    }))
                    .collect(),
                doc: def.doc.clone(),
            },
            TypeKind::Enum(e) => TypeShape::StringEnum {
                variants: e.variants.iter().map(|(rust, _)| rust.clone()).collect(),
                doc: def.doc.clone(),
            },
            TypeKind::Union(u) => TypeShape::Union {
                variants: u
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), name(&v.ty)))
                    .collect(),
                doc: def.doc.clone(),
            },
            TypeKind::Alias(ty) => TypeShape::Alias {
                ty: name(ty),
                doc: def.doc.clone(),
            },
        };
        surface.types.insert(def.name.clone(), shape);
    }
    let member = |rust_name: &str, ty: &Ty, required: bool, doc: &Option<String>| {
        let member = Member {
            ty: name(ty),
            required,
            doc: doc.clone(),
        };
        (rust_name.to_owned(), member)
    };
    let bodies = |contents: &[ir::Content]| -> BTreeMap<String, String> {
        contents
            .iter()
            .map(|c| (c.media_type.clone(), name(&c.ty)))
            .collect()
    };
    for op in &api.operations {
        let params = op
            .params
            .iter()
            .map(|p| member(&p.rust_name, &p.ty, p.required, &p.doc))
            .collect();
        let body = op.body.as_ref().map(|b| (b.required, bodies(&b.contents)));
        let responses = op
            .responses
            .iter()
            .map(|r| {
                let shape = ResponseShape {
                    bodies: bodies(&r.contents),
                    headers: r
                        .headers
                        .iter()
                        .map(|h| member(&h.rust_name, &h.ty, h.required, &h.doc))
                        .collect(),
                };
                (r.variant.clone(), shape)
            })
            .collect();
        surface.operations.insert(
            op.fn_name.clone(),
            OperationShape {
                label: format!("{} {}", op.method.as_str(), op.path.raw),
                params,
                body,
                responses,
                doc: op.summary.clone().or_else(|| op.description.clone()),
            },
        );
    }
    surface
}

fn ty_name(api: &ir::Api, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::Integer(f) => format!("{f:?}").to_lowercase(),
        Ty::Float => "f64".into(),
        Ty::String => "String".into(),
        Ty::Date => "Date".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Base64 => "Base64".into(),
        Ty::Binary => "Bytes".into(),
        Ty::Json => "Value".into(),
        Ty::Named(id) => api
            .types
            .get(*id)
            .map_or_else(|| "?".into(), |t| t.name.clone()),
        Ty::Vec(inner) => format!("Vec<{}>", ty_name(api, inner)),
        Ty::Map(inner) => format!("Map<{}>", ty_name(api, inner)),
        Ty::Option(inner) => format!("Option<{}>", ty_name(api, inner)),
        Ty::Loose(inner) => format!("Loose<{}>", ty_name(api, inner)),
    }
}
