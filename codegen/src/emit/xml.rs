//! How the server reads XML bodies: one `specforge_runtime::xml::Node`
//! static per struct an XML body reaches (and per body that is no struct),
//! in an `xml` module of the server that the decoders name. The nodes carry
//! what the IR settled from the schema's `xml` objects: element and
//! attribute names, repeated or wrapped arrays, the kind of each text.

use heck::ToShoutySnakeCase;
use indexmap::IndexMap;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust::ident;
use super::server::kind_name;
use crate::ir::{Api, Field, Namespace, Operation, Ty, TypeDef, TypeId, TypeKind};

/// A static node: the struct it reads, or the body it is the root of.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Reads<'a> {
    Struct(TypeId),
    /// The body of the operation with this method name.
    Body(&'a str),
}

/// The statics of the `xml` module, by what they read.
pub(super) struct XmlNodes<'a> {
    types: &'a [TypeDef],
    operations: &'a [Operation],
    statics: IndexMap<Reads<'a>, String>,
}

impl<'a> XmlNodes<'a> {
    /// The nodes the operations' XML bodies need.
    pub(super) fn of(api: &'a Api) -> Self {
        let mut nodes = Self {
            types: &api.types,
            operations: &api.operations,
            statics: IndexMap::new(),
        };
        let mut names = Namespace::default();
        for op in &api.operations {
            let Some(content) = op.body.as_ref().and_then(|b| b.xml_content()) else {
                continue;
            };
            let ty = content.ty.underlying(nodes.types);
            match ty {
                Ty::Named(id) if matches!(nodes.types[*id].kind, TypeKind::Struct(_)) => {
                    nodes.reach(*id, &mut names);
                }
                _ => {
                    let name =
                        names.claim(&format!("{}_BODY", op.type_name.to_shouty_snake_case()));
                    nodes.statics.insert(Reads::Body(&op.fn_name), name);
                    nodes.reach_all(ty, &mut names);
                }
            }
        }
        nodes
    }

    /// Gives the struct `id` a static, and every struct its members reach.
    fn reach(&mut self, id: TypeId, names: &mut Namespace) {
        if self.statics.contains_key(&Reads::Struct(id)) {
            return;
        }
        let name = names.claim(&self.types[id].name.to_shouty_snake_case());
        self.statics.insert(Reads::Struct(id), name);
        if let TypeKind::Struct(s) = &self.types[id].kind {
            for field in &s.fields {
                self.reach_all(&field.ty, names);
            }
        }
    }

    /// Gives every struct `ty` holds (through lists, maps and aliases) a static.
    fn reach_all(&mut self, ty: &Ty, names: &mut Namespace) {
        match ty.underlying(self.types) {
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Loose(inner) => self.reach_all(inner, names),
            Ty::Named(id) if matches!(self.types[*id].kind, TypeKind::Struct(_)) => {
                self.reach(*id, names);
            }
            _ => {}
        }
    }

    /// `&xml::NAME`: the node `op`'s XML body is read by, if it has one.
    pub(super) fn root(&self, op: &Operation) -> Option<TokenStream> {
        let content = op.body.as_ref().and_then(|b| b.xml_content())?;
        let name = match content.ty.underlying(self.types) {
            Ty::Named(id) => self.statics.get(&Reads::Struct(*id)),
            _ => None,
        }
        .or_else(|| self.statics.get(&Reads::Body(&op.fn_name)))?;
        let name = ident(name);
        Some(quote!(&xml::#name))
    }

    /// The `xml` module; nothing when no body is XML.
    pub(super) fn tokens(&self) -> TokenStream {
        if self.statics.is_empty() {
            return TokenStream::new();
        }
        let statics = self.statics.iter().map(|(reads, name)| {
            let name = ident(name);
            let (doc, node) = match reads {
                Reads::Struct(id) => {
                    let def = &self.types[*id];
                    // Only structs are reached.
                    let fields = match &def.kind {
                        TypeKind::Struct(s) => s.fields.as_slice(),
                        _ => &[],
                    };
                    let members = fields.iter().map(|field| self.member(field));
                    (
                        format!(" [`{}`](super::super::models::{0}) in XML.", def.name),
                        quote!(Node::Object(&[#(#members),*])),
                    )
                }
                Reads::Body(fn_name) => {
                    let content = self
                        .operations
                        .iter()
                        .find(|op| op.fn_name == *fn_name)
                        .and_then(|op| op.body.as_ref()?.xml_content());
                    let node = content.map_or(quote!(Node::Any), |c| self.value(&c.ty));
                    (
                        format!(" The XML body of `{}`.", fn_name.trim_start_matches("r#")),
                        node,
                    )
                }
            };
            quote! {
                #[doc = #doc]
                pub(super) static #name: Node = #node;
            }
        });
        quote! {
            /// How XML bodies map onto the models: element and attribute
            /// names, arrays, the kind of each text.
            mod xml {
                use specforge_runtime::params::Kind;
                use specforge_runtime::xml::{Member, Node};

                #(#statics)*
            }
        }
    }

    /// `Member::element("name", "xml-name", &…)` for a struct's field.
    fn member(&self, field: &Field) -> TokenStream {
        let json = &field.json_name;
        let xml = &field.xml;
        let element = xml.name.as_deref().unwrap_or(json);
        match field.ty.underlying(self.types) {
            Ty::Vec(item) if xml.wrapped => {
                let node = self.node(item);
                quote!(Member::wrapped(#json, #element, #node))
            }
            Ty::Vec(item) if !xml.attribute => {
                let name = xml.item_name.as_deref().unwrap_or(element);
                let node = self.node(item);
                // A required list with no item has no element in XML.
                if field.presence.is_required() || field.required_in_requests {
                    quote!(Member::repeated(#json, #name, #node).required())
                } else {
                    quote!(Member::repeated(#json, #name, #node))
                }
            }
            ty if xml.attribute => {
                let node = self.node(ty);
                quote!(Member::attribute(#json, #element, #node))
            }
            ty => {
                let node = self.node(ty);
                quote!(Member::element(#json, #element, #node))
            }
        }
    }

    /// A `&'static Node` reading a value of `ty`: a struct's static, or
    /// the node [`value`](Self::value) writes.
    fn node(&self, ty: &Ty) -> TokenStream {
        match ty.underlying(self.types) {
            Ty::Named(id) if matches!(self.types[*id].kind, TypeKind::Struct(_)) => {
                let name: Ident = ident(&self.statics[&Reads::Struct(*id)]);
                quote!(&#name)
            }
            // XML has no values of other kinds for `Loose` to keep.
            Ty::Loose(inner) => self.node(inner),
            ty => {
                let value = self.value(ty);
                quote!(&#value)
            }
        }
    }

    /// The `Node` reading a value of `ty`, which is no struct.
    fn value(&self, ty: &Ty) -> TokenStream {
        match ty.underlying(self.types) {
            Ty::Vec(item) => {
                let item = self.node(item);
                quote!(Node::List(#item))
            }
            Ty::Map(value) => {
                let value = self.node(value);
                quote!(Node::Map(#value))
            }
            // A union's variants are told apart by the value's shape, which
            // only a union of texts keeps in XML.
            ty @ Ty::Named(id) if matches!(self.types[*id].kind, TypeKind::Union(_)) => {
                match kind_name(ty, self.types) {
                    "String" => quote!(Node::Scalar(Kind::String)),
                    _ => quote!(Node::Any),
                }
            }
            Ty::Json => quote!(Node::Any),
            ty => {
                let kind = format_ident!("{}", kind_name(ty, self.types));
                quote!(Node::Scalar(Kind::#kind))
            }
        }
    }
}
