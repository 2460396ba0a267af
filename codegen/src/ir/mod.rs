//! The intermediate representation: a typed model of the API's types and
//! operations, independent of both the OpenAPI input and the Rust output.

mod deprecation;
mod events;
mod http;
mod long_running;
mod multipart;
mod names;
mod operations;
mod pagination;
mod path;
mod recursion;
mod routes;
mod security;
mod types;
mod unions;
mod webhooks;

pub use events::{DataFormat, Events, Selection, Streaming};
pub use http::{BodyKind, Method, Status, reason_phrase};
pub use long_running::LongRunning;
pub use multipart::{Form, FormPart, PartKind};
pub use names::{Namespace, field_ident, type_ident, variant_ident};
pub use operations::{
    Body, Content, Header, Operation, Param, ParamEncoding, ParamLocation, ParamStyle,
    ProtocolHeader, RateLimit, Response,
};
pub use pagination::{PageStyle, Pagination};
pub use path::{PathTemplate, Piece, Segment};
pub use routes::Route;
pub use security::{Alternative, Requirement, SchemeId, SecurityScheme, SecuritySchemeKind};
pub use webhooks::{Origin, Webhook};

use crate::diagnostics::Diagnostic;
use crate::load::LoadedSpec;

/// Index of a [`TypeDef`] in [`Api::types`].
pub type TypeId = usize;

/// The whole API as the emitters see it.
#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The requests the API sends: `webhooks` (or `x-webhooks`), then the
    /// operations' `callbacks`.
    pub webhooks: Vec<Webhook>,
    /// The operations grouped by the URLs they answer, in spec order.
    pub routes: Vec<Route>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The document-wide `x-rate-limit`.
    pub rate_limit: Option<RateLimit>,
    /// The document as written (bundled, not lowered), served by the server.
    pub document: serde_json::Value,
}

/// A named Rust type to emit.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Rust identifier (already cased, escaped and unique).
    pub name: String,
    pub doc: Option<String>,
    /// Where the schema lives in the document.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// `pub type Name = Ty;`
    Alias(Ty),
}

#[derive(Clone, Debug, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Extra properties beside the declared ones (`additionalProperties`).
    pub additional: Option<Ty>,
    /// `additionalProperties: false`: no other member is allowed.
    pub closed: bool,
    /// `minProperties` and `maxProperties`: how many members (declared and
    /// additional) an object has.
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON property name.
    pub json_name: String,
    /// The Rust field identifier.
    pub rust_name: String,
    pub ty: Ty,
    pub presence: Presence,
    pub doc: Option<String>,
    pub default: Option<serde_json::Value>,
    pub read_only: bool,
    pub write_only: bool,
    /// Required and write-only: responses leave it out (so the model holds
    /// an `Option`), yet a request must carry it; the server's validation
    /// checks that it does.
    pub required_in_requests: bool,
    pub deprecated: bool,
    /// What replaces the member when it is deprecated.
    pub replacement: Option<String>,
    pub constraints: Constraints,
    /// Constraints on the items of an array or the values of a map.
    pub item_constraints: Constraints,
    /// Set when the field type must be boxed to break a recursive cycle.
    pub boxed: bool,
    /// The one value the member can hold: its schema admits one (`const`,
    /// a one-value `enum`), or it is the tag of the tagged union the struct
    /// is a variant of. Constructors fill it in.
    pub fixed: Option<String>,
}

/// How a property may appear in a JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be present, never null: `T`.
    Required,
    /// Must be present, may be null: `Option<T>` (serialized as null).
    RequiredNullable,
    /// May be absent, never null: `Option<T>` (skipped when None).
    Optional,
    /// May be absent or null, and the two differ: `Patch<T>`.
    OptionalNullable,
    /// May be absent; absent means the default: `Option<T>`, not sent when
    /// `None` (the receiver applies the default), read as the default when
    /// absent.
    Defaulted,
}

/// A string enum; responses may carry values the spec does not list yet, so
/// an `Unknown(String)` variant keeps them instead of failing to decode.
#[derive(Clone, Debug)]
pub struct StringEnum {
    /// (Rust variant, JSON value)
    pub variants: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub tagging: Tagging,
}

/// How the variant of a union value is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// By the value of one member: the spec's `discriminator` (`explicit`),
    /// or a member every variant fixes to a value of its own. A value with
    /// an unknown tag is kept as `Unknown`, which requests reject.
    Tag { property: String, explicit: bool },
    /// The first variant (most specific first) the value decodes and
    /// validates as; else the first it decodes as.
    Untagged,
}

impl Union {
    /// The tag property, when variants are chosen by one.
    pub fn tag_property(&self) -> Option<&str> {
        match &self.tagging {
            Tagging::Tag { property, .. } => Some(property),
            Tagging::Untagged => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
    /// What a value of this variant must satisfy beyond its type (a
    /// referenced alias's `pattern` and lengths, a variant's own bounds).
    pub constraints: Constraints,
}

/// A Rust type expression.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Ty {
    Bool,
    Integer(IntFormat),
    /// Any `number`, as `f64` whatever its `format`: `float` only hints at
    /// a precision, and an `f32` would refuse numbers just past its range
    /// (such as the lowest `float` Prism's mock answers with).
    Float,
    String,
    Date,
    DateTime,
    Uuid,
    /// base64 text in JSON (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`): a file or stream outside JSON.
    Binary,
    /// Any JSON value.
    #[default]
    Json,
    Named(TypeId),
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

/// Validation keywords of a schema, checked by generated server code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    /// Allowed values for non-string enums (string enums become Rust enums).
    pub allowed: Vec<serde_json::Value>,
    /// A string `format` checked on requests (`email`, `uri`, `ipv4`, `ipv6`,
    /// `hostname`); typed formats such as `uuid` are held by their type.
    pub format: Option<String>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// These constraints, with `other`'s where these set none: a use site's
    /// keywords over those of the schema it refers to.
    pub fn merged(&self, other: &Constraints) -> Constraints {
        Constraints {
            min_length: self.min_length.or(other.min_length),
            max_length: self.max_length.or(other.max_length),
            pattern: self.pattern.clone().or_else(|| other.pattern.clone()),
            minimum: self.minimum.or(other.minimum),
            maximum: self.maximum.or(other.maximum),
            exclusive_minimum: if self.minimum.is_some() {
                self.exclusive_minimum
            } else {
                other.exclusive_minimum
            },
            exclusive_maximum: if self.maximum.is_some() {
                self.exclusive_maximum
            } else {
                other.exclusive_maximum
            },
            multiple_of: self.multiple_of.or(other.multiple_of),
            min_items: self.min_items.or(other.min_items),
            max_items: self.max_items.or(other.max_items),
            unique_items: self.unique_items || other.unique_items,
            min_properties: self.min_properties.or(other.min_properties),
            max_properties: self.max_properties.or(other.max_properties),
            allowed: if self.allowed.is_empty() {
                other.allowed.clone()
            } else {
                self.allowed.clone()
            },
            format: self.format.clone().or_else(|| other.format.clone()),
        }
    }
}

/// Builds the IR from a loaded spec. Warnings go to `diagnostics`; the build
/// itself never fails: constructs it cannot type become [`Ty::Json`].
pub fn build(spec: &LoadedSpec, diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut types = types::TypeBuilder::new(spec);
    types.add_components();
    let security_schemes = security::schemes(spec);
    let mut operations = operations::build(spec, &mut types, &security_schemes);
    let mut webhooks = webhooks::build(spec, &mut types, &security_schemes, &operations);
    let types = types.finish(diagnostics);
    operations::finish(&mut operations, &types, diagnostics);
    webhooks::finish(&mut webhooks, &types, diagnostics);
    let routes = routes::group(&operations, diagnostics);
    let info = &spec.api.info;
    Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        types,
        operations,
        webhooks,
        routes,
        security_schemes,
        rate_limit: operations::rate_limit(&spec.api.extensions),
        document: spec.source.clone(),
    }
}

/// `ty` without its nullable wrappers.
pub fn bare(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => bare(inner),
        other => other,
    }
}

impl Ty {
    /// The type behind aliases (`pub type Sku = String` → `String`).
    pub fn resolved<'a>(&'a self, types: &'a [TypeDef]) -> &'a Ty {
        match self {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => inner.resolved(types),
                _ => self,
            },
            other => other,
        }
    }

    /// Whether values of the type are `Copy` in Rust (so never cloned).
    pub fn is_copy(&self, types: &[TypeDef]) -> bool {
        match self {
            Ty::Bool | Ty::Integer(_) | Ty::Float | Ty::Date | Ty::DateTime | Ty::Uuid => true,
            Ty::Option(inner) => inner.is_copy(types),
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => inner.is_copy(types),
                _ => false,
            },
            _ => false,
        }
    }
}
