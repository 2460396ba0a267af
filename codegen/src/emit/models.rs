//! The `models` module: one plain serde type per named IR type.

use std::sync::Arc;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::format::{Part, item};
use super::imports::Imports;
use super::rust::{doc_attrs, ident, takes_into, ty_tokens};
use crate::ir::{Api, Field, Presence, StringEnum, Struct, Ty, TypeDef, TypeKind, Union};

/// The `use` lines the models module needs.
fn imports(api: &Api) -> TokenStream {
    let unions = || {
        api.types.iter().filter_map(|d| match &d.kind {
            TypeKind::Union(u) => Some(u),
            _ => None,
        })
    };
    let has_derived = api
        .types
        .iter()
        .any(|d| !matches!(d.kind, TypeKind::Alias(_)));
    let mut imports = Imports::new();
    imports
        .add_if(
            api.types.iter().any(mentions_map),
            "std::collections",
            &["BTreeMap"],
        )
        .add_if(has_derived, "serde", &["Deserialize", "Serialize"])
        .add_if(unions().next().is_some(), "serde", &["Deserializer"])
        .add_if(
            unions().any(|u| u.tag_property().is_some()),
            "serde",
            &["Serializer"],
        );
    imports.tokens()
}

/// The module: its imports, then every type followed by the functions
/// giving its field defaults.
pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let strict = Arc::new(crate::ir::request_types(&api.types, &api.operations));
    let types = api.types.iter().enumerate().map(|(id, def)| {
        let strict = Arc::clone(&strict);
        item(move || {
            let mut emitter = Models {
                types: &api.types,
                defaults: Vec::new(),
                strict: strict[id],
                in_large_cycle: api.type_cycle_sizes[id] > super::LARGE_CYCLE,
            };
            let mut tokens = emitter.type_def(def);
            tokens.extend(emitter.defaults.drain(..));
            tokens
        })
    });
    let imports = item(|| imports(api));
    vec![Part::Items(std::iter::once(imports).chain(types).collect())]
}

fn mentions_map(def: &TypeDef) -> bool {
    fn ty(t: &Ty) -> bool {
        match t {
            Ty::Map(_) => true,
            Ty::Vec(inner) | Ty::Option(inner) => ty(inner),
            _ => false,
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => s.additional.is_some() || s.fields.iter().any(|f| ty(&f.ty)),
        TypeKind::Union(u) => u.variants.iter().any(|v| ty(&v.ty)),
        TypeKind::Alias(t) => ty(t),
        TypeKind::Enum(_) => false,
    }
}

struct Models<'a> {
    types: &'a [TypeDef],
    /// Functions giving field defaults, emitted after the types.
    defaults: Vec<TokenStream>,
    /// Whether the type being emitted decodes requests (see [`crate::ir::request_types`]).
    strict: bool,
    /// Whether the type being emitted is part of a cycle of types too large
    /// for the compiler to walk (see [`Models::sendable`]).
    in_large_cycle: bool,
}

impl Models<'_> {
    fn type_def(&mut self, def: &TypeDef) -> TokenStream {
        let doc = doc_attrs(def.doc.as_deref());
        let name = ident(&def.name);
        match &def.kind {
            TypeKind::Struct(s) => {
                let members = s.fields.iter().map(|f| &f.ty).chain(&s.additional);
                let sendable = self.sendable(&name, members);
                let mut tokens = self.structure(def, s, doc);
                tokens.extend(sendable);
                tokens
            }
            TypeKind::Enum(e) => string_enum(&name, e, doc),
            TypeKind::Union(u) => {
                let sendable = self.sendable(&name, u.variants.iter().map(|v| &v.ty));
                let mut tokens = self.union(&name, u, doc);
                tokens.extend(sendable);
                tokens
            }
            TypeKind::Alias(ty) => {
                let ty = ty_tokens(ty, self.types);
                quote! { #doc pub type #name = #ty; }
            }
        }
    }

    fn structure(&mut self, def: &TypeDef, s: &Struct, doc: TokenStream) -> TokenStream {
        let name = ident(&def.name);
        let fields: Vec<TokenStream> = s.fields.iter().map(|f| self.field(def, f)).collect();
        let additional = s.additional.as_ref().map(|ty| {
            // Typed values are read through JSON values: serde's buffering
            // of flattened members cannot hold a 128-bit integer.
            let serde = if *ty == Ty::Json {
                quote!(#[serde(flatten)])
            } else {
                quote!(#[serde(flatten, deserialize_with = "specforge_runtime::other_members")])
            };
            let ty = ty_tokens(ty, self.types);
            quote! {
                /// Properties not declared by the schema.
                #serde
                pub additional_properties: BTreeMap<String, #ty>,
            }
        });
        let closed = (self.strict && s.closed).then(|| quote!(#[serde(deny_unknown_fields)]));
        let constructors = self.constructors(def, s);
        quote! {
            #doc
            ///
            /// Build it with [`new`](Self::new) and the `with_` methods: new
            /// optional members in later versions of the API do not break it.
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[non_exhaustive]
            #closed
            pub struct #name {
                #(#fields)*
                #additional
            }

            #constructors
        }
    }

    /// For a type in a large cycle of types, `Send` and `Sync` stated
    /// rather than left for the compiler to find: finding them, it walks
    /// the whole cycle, past its depth limit, in every crate that sends the
    /// type across threads (a server's handlers do). Stated, they end the
    /// walk at this type. What is stated is proved beside it, one member
    /// type at a time, each proof ending at the next type of the cycle.
    fn sendable<'t>(
        &self,
        name: &proc_macro2::Ident,
        members: impl Iterator<Item = &'t Ty>,
    ) -> Option<TokenStream> {
        if !self.in_large_cycle {
            return None;
        }
        let mut seen = std::collections::HashSet::new();
        let members: Vec<TokenStream> = members
            .map(|ty| ty_tokens(ty, self.types))
            .filter(|ty| seen.insert(ty.to_string()))
            .collect();
        Some(quote! {
            /// SAFETY: every member is `Send` and `Sync`, as the function
            /// below proves one member at a time.
            unsafe impl Send for #name {}
            /// SAFETY: as for `Send`.
            unsafe impl Sync for #name {}
            const _: fn() = || {
                fn send_and_sync<T: Send + Sync>() {}
                #(send_and_sync::<#members>();)*
            };
        })
    }

    /// `new` taking the members a value must have (members fixed to one
    /// value are filled in), a `with_` method per other member, and
    /// `Default` when nothing must be given.
    fn constructors(&self, def: &TypeDef, s: &Struct) -> TokenStream {
        let name = ident(&def.name);
        let mut args = Vec::new();
        let mut inits = Vec::new();
        let mut argument_docs = Vec::new();
        let mut setters = Vec::new();
        for f in &s.fields {
            let field = ident(&f.rust_name);
            let ty = ty_tokens(&f.ty, self.types);
            let wrap = |value: TokenStream| {
                if f.boxed {
                    quote!(Box::new(#value))
                } else {
                    value
                }
            };
            match (f.presence, &f.fixed) {
                (Presence::Required, Some(fixed)) => {
                    let value = wrap(self.fixed_value(&f.ty, fixed));
                    inits.push(quote!(#field: #value));
                }
                (Presence::Required | Presence::RequiredNullable, _) => {
                    let into = takes_into(&f.ty, self.types);
                    let arg_ty = match f.presence {
                        Presence::RequiredNullable => quote!(Option<#ty>),
                        _ if into => quote!(impl Into<#ty>),
                        _ => ty.clone(),
                    };
                    args.push(quote!(#field: #arg_ty));
                    inits.push(match (f.presence, f.boxed) {
                        (Presence::RequiredNullable, false) => quote!(#field),
                        (Presence::RequiredNullable, true) => {
                            quote!(#field: #field.map(Box::new))
                        }
                        (_, false) if !into => quote!(#field),
                        _ => {
                            let value = if into {
                                wrap(quote!(#field.into()))
                            } else {
                                wrap(quote!(#field))
                            };
                            quote!(#field: #value)
                        }
                    });
                    let name = f.rust_name.trim_start_matches("r#");
                    argument_docs.push(match f.doc.as_deref().map(first_sentence) {
                        Some(summary) if !summary.is_empty() => format!("- `{name}`: {summary}"),
                        _ => format!("- `{name}`"),
                    });
                }
                (Presence::Optional | Presence::OptionalOrNull | Presence::Defaulted, _) => {
                    inits.push(quote!(#field: None));
                    let (arg, value) = self.setter_arg(f, &ty);
                    setters.push(self.setter(f, arg, quote!(Some(#value))));
                }
                (Presence::OptionalNullable, _) => {
                    inits.push(quote!(#field: specforge_runtime::Patch::Absent));
                    let (arg, value) = self.setter_arg(f, &ty);
                    setters.push(self.setter(
                        f,
                        arg,
                        quote!(specforge_runtime::Patch::Value(#value)),
                    ));
                }
            }
        }
        if s.additional.is_some() {
            inits.push(quote!(additional_properties: BTreeMap::new()));
        }
        let mut doc = format!("A `{}` of the members it must have", def.name);
        if argument_docs.is_empty() {
            doc.push_str(" (none).");
        } else {
            doc.push_str(":\n\n");
            doc.push_str(&argument_docs.join("\n"));
        }
        let new_doc = doc_attrs(Some(&doc));
        let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let default = args.is_empty().then(|| {
            quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        quote! {
            impl #name {
                #new_doc
                #many
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }

                #(#setters)*
            }

            #default
        }
    }

    /// A `with_` method's argument type, and the value it stores.
    fn setter_arg(&self, f: &Field, ty: &TokenStream) -> (TokenStream, TokenStream) {
        let field = ident(&f.rust_name);
        let (arg, value) = if takes_into(&f.ty, self.types) {
            (quote!(impl Into<#ty>), quote!(#field.into()))
        } else {
            (ty.clone(), quote!(#field))
        };
        if f.boxed {
            (arg, quote!(Box::new(#value)))
        } else {
            (arg, value)
        }
    }

    fn setter(&self, f: &Field, arg: TokenStream, value: TokenStream) -> TokenStream {
        let field = ident(&f.rust_name);
        let method = format_ident!("with_{}", f.rust_name.trim_start_matches("r#"));
        let mut doc = format!(
            "Sets [`{0}`](Self::{0}).",
            f.rust_name.trim_start_matches("r#")
        );
        if let Some(text) = &f.doc {
            doc.push_str("\n\n");
            doc.push_str(text);
        }
        let doc = doc_attrs(Some(&doc));
        quote! {
            #doc
            pub fn #method(mut self, #field: #arg) -> Self {
                self.#field = #value;
                self
            }
        }
    }

    /// The value of a member fixed to one value.
    fn fixed_value(&self, ty: &Ty, value: &str) -> TokenStream {
        match crate::ir::bare(ty) {
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Enum(e) => {
                    let enum_name = ident(&self.types[*id].name);
                    match e.variants.iter().find(|(_, v)| v == value) {
                        Some((variant, _)) => {
                            let variant = ident(variant);
                            quote!(#enum_name::#variant)
                        }
                        None => quote!(#enum_name::Unknown(#value.to_owned())),
                    }
                }
                TypeKind::Alias(inner) => self.fixed_value(inner, value),
                _ => quote!(Default::default()),
            },
            _ => quote!(#value.into()),
        }
    }

    fn field(&mut self, owner: &TypeDef, f: &Field) -> TokenStream {
        let mut doc_text = f.doc.clone().unwrap_or_default();
        let mut note = |text: &str| {
            if !doc_text.is_empty() {
                doc_text.push_str("\n\n");
            }
            doc_text.push_str(text);
        };
        if f.read_only {
            note("Read-only: set by the server, not sent in requests.");
        }
        if f.write_only {
            note("Write-only: sent in requests, never returned.");
        }
        match (&f.replacement, f.deprecated) {
            (Some(replacement), true) => note(&format!("Deprecated: {replacement}.")),
            (None, true) => note("Deprecated."),
            _ => {}
        }
        if let (Presence::Defaulted, Some(default)) = (f.presence, &f.default) {
            note(&format!("Defaults to `{default}` when absent."));
        }
        let doc = doc_attrs(Some(&doc_text));
        let name = ident(&f.rust_name);
        let mut inner = ty_tokens(&f.ty, self.types);
        if f.boxed {
            inner = quote!(Box<#inner>);
        }
        let bare = f.rust_name.trim_start_matches("r#");
        let json = &f.json_name;
        let mut serde_args = Vec::new();
        if bare != json {
            serde_args.push(quote!(rename = #json));
        }
        let ty = match f.presence {
            Presence::Required => inner,
            Presence::RequiredNullable => {
                if self.strict {
                    // Present, even when null: serde reads a missing `Option` as `None`.
                    serde_args.push(quote!(deserialize_with = "Option::deserialize"));
                }
                quote!(Option<#inner>)
            }
            // A read-only member of a type requests carry: the server
            // refuses it in requests and clients leave it out of theirs;
            // answers may carry it, `null` read as `None`.
            Presence::Optional | Presence::OptionalOrNull if self.strict && f.read_only => {
                serde_args.push(quote!(
                    default,
                    deserialize_with = "specforge_runtime::read_only",
                    skip_serializing_if = "specforge_runtime::skip_read_only"
                ));
                quote!(Option<#inner>)
            }
            Presence::Optional => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
                if self.strict {
                    serde_args.push(quote!(deserialize_with = "specforge_runtime::not_null"));
                }
                quote!(Option<#inner>)
            }
            Presence::OptionalOrNull => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
                quote!(Option<#inner>)
            }
            Presence::OptionalNullable => {
                serde_args.push(quote!(
                    default,
                    skip_serializing_if = "specforge_runtime::Patch::is_absent"
                ));
                quote!(specforge_runtime::Patch<#inner>)
            }
            Presence::Defaulted => {
                // Sent only when set (the server applies the default); read,
                // an absent member is the default.
                let function = format!(
                    "default_{}_{}",
                    heck::ToSnakeCase::to_snake_case(owner.name.as_str()),
                    bare
                );
                let value = self.default_value(&f.ty, f.default.as_ref());
                let value = if f.boxed {
                    quote!(Box::new(#value))
                } else {
                    value
                };
                let fn_ident = format_ident!("{}", function);
                self.defaults.push(quote! {
                    fn #fn_ident() -> Option<#inner> { Some(#value) }
                });
                serde_args
                    .push(quote!(default = #function, skip_serializing_if = "Option::is_none"));
                if self.strict {
                    serde_args.push(quote!(deserialize_with = "specforge_runtime::not_null"));
                }
                quote!(Option<#inner>)
            }
        };
        let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    }

    fn default_value(&self, ty: &Ty, value: Option<&Value>) -> TokenStream {
        match (ty, value) {
            (Ty::Bool, Some(Value::Bool(b))) => quote!(#b),
            (Ty::String, Some(Value::String(s))) => quote!(#s.to_owned()),
            (Ty::Integer(_), Some(Value::Number(n))) => {
                let lit = Literal::i128_unsuffixed(
                    n.as_i64()
                        .map(i128::from)
                        .or(n.as_u64().map(i128::from))
                        .unwrap_or(0),
                );
                quote!(#lit)
            }
            (Ty::Float, Some(Value::Number(n))) => {
                let lit = Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
                quote!(#lit)
            }
            (Ty::Named(id), Some(Value::String(s))) => {
                let def = &self.types[*id];
                let variant = match &def.kind {
                    TypeKind::Enum(e) => e
                        .variants
                        .iter()
                        .find(|(_, v)| v == s)
                        .map(|(n, _)| n.as_str()),
                    _ => None,
                };
                let name = ident(&def.name);
                match variant {
                    Some(variant) => {
                        let variant = ident(variant);
                        quote!(#name::#variant)
                    }
                    None => quote!(#name::from(#s.to_owned())),
                }
            }
            _ => quote!(Default::default()),
        }
    }

    fn union(&mut self, name: &proc_macro2::Ident, u: &Union, doc: TokenStream) -> TokenStream {
        let variants = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let mut ty = ty_tokens(&v.ty, self.types);
            if v.boxed {
                ty = quote!(Box<#ty>);
            }
            quote!(#vname(#ty),)
        });
        // `|value| variant(value).map(Self::Cat)`, boxing where needed.
        let wrap = |v: &crate::ir::UnionVariant| {
            let vname = ident(&v.name);
            if v.boxed {
                quote!(|value| Self::#vname(Box::new(value)))
            } else {
                quote!(Self::#vname)
            }
        };
        let Some(property) = u.tag_property() else {
            let decoders = u.variants.iter().map(|v| {
                let wrap = wrap(v);
                quote!(|value| specforge_runtime::json::try_variant(value).map(#wrap))
            });
            let label = name.to_string();
            let (choose, exclusive) = if u.exclusive {
                let rule = quote! {
                    ///
                    /// In a request, a value two variants take is refused (`oneOf`).
                };
                (quote!(one_of), Some(rule))
            } else {
                (quote!(untagged), None)
            };
            return quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, Serialize)]
                #[non_exhaustive]
                #[serde(untagged)]
                pub enum #name { #(#variants)* }

                impl<'de> Deserialize<'de> for #name {
                    /// The first variant the value decodes as and satisfies, else the
                    /// first it decodes as.
                    #exclusive
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = specforge_runtime::json::Buffered::deserialize(deserializer)?;
                        specforge_runtime::json::#choose(&value, #label, &[#(#decoders),*])
                    }
                }
            };
        };
        let arms = u.variants.iter().enumerate().map(|(i, v)| {
            let tags = &v.tags;
            quote!(#(Some(#tags))|* => Some(#i),)
        });
        let decoders = u.variants.iter().map(|v| {
            let wrap = wrap(v);
            quote!(|value| specforge_runtime::json::variant_of(value).map(#wrap))
        });
        let open = (u.variants.iter().enumerate())
            .filter(|(_, v)| v.takes_unclaimed_tags)
            .map(|(i, _)| i);
        let serialize_arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let tag = v.tags.first().map(String::as_str).unwrap_or_default();
            quote! {
                Self::#vname(value) => {
                    specforge_runtime::json::serialize_tagged(value, #property, #tag, serializer)
                }
            }
        });
        let unknown_doc =
            format!(" A value whose `{property}` this version of the API does not know.");
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = #unknown_doc]
                Unknown(serde_json::Value),
            }

            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(#serialize_arms)*
                        Self::Unknown(value) => value.serialize(serializer),
                    }
                }
            }

            impl<'de> Deserialize<'de> for #name {
                /// The variant the tag names; see [`specforge_runtime::json::tagged`].
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = specforge_runtime::json::Buffered::deserialize(deserializer)?;
                    let named = match specforge_runtime::json::tag_of(&value, #property) {
                        #(#arms)*
                        _ => None,
                    };
                    specforge_runtime::json::tagged(&value, #property, named, &[#(#decoders),*], &[#(#open),*], Self::Unknown)
                }
            }
        }
    }
}

/// A string enum: the listed values map to variants; any other value lands
/// in `Unknown`, so a server adding values never breaks a client.
fn string_enum(name: &proc_macro2::Ident, e: &StringEnum, doc: TokenStream) -> TokenStream {
    // A one-value enum (`const`) has an obvious default: its value.
    let one_value = e.variants.len() == 1;
    let default_derive = one_value.then(|| quote!(Default,));
    let variants = e.variants.iter().map(|(variant, value)| {
        let v = ident(variant);
        let doc = if value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{value}`")
        };
        let default = one_value.then(|| quote!(#[default]));
        quote!(#[doc = #doc] #default #v,)
    });
    let names: Vec<_> = e
        .variants
        .iter()
        .map(|(variant, _)| ident(variant))
        .collect();
    let values: Vec<_> = e.variants.iter().map(|(_, value)| value).collect();
    // Written out rather than derived: serde's derive buffers every value
    // to try the `Unknown` variant, which XML cannot be read through.
    quote! {
        #doc
        #[derive(Clone, Debug, #default_derive PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the API does not know yet.
            Unknown(String),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                specforge_runtime::json::string_enum(deserializer)
            }
        }
    }
}

/// The first sentence (or line) of a description, for short lists.
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.to_owned(),
    }
}
