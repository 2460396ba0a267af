//! The intermediate representation: a typed model of the API's types and
//! operations, independent of both the OpenAPI input and the Rust output.

mod names;
mod operations;
mod recursion;
mod types;

pub use names::{field_ident, type_ident, variant_ident};
pub use operations::*;

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
    pub deprecated: bool,
    pub constraints: Constraints,
    /// Constraints on the items of an array or the values of a map.
    pub item_constraints: Constraints,
    /// Set when the field type must be boxed to break a recursive cycle.
    pub boxed: bool,
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
    /// May be absent; absent means the default: `T` with a serde default.
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
    pub discriminator: Option<String>,
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
}

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Integer(IntFormat),
    Float(FloatFormat),
    String,
    Date,
    DateTime,
    Uuid,
    /// base64 text in JSON (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`): a file or stream outside JSON.
    Binary,
    /// Any JSON value.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatFormat {
    F32,
    F64,
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
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Builds the IR from a loaded spec. Warnings go to `diagnostics`; the build
/// itself never fails: constructs it cannot type become [`Ty::Json`].
pub fn build(spec: &LoadedSpec, diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut types = types::TypeBuilder::new(spec);
    types.add_components();
    let (operations, security_schemes) = operations::build(spec, &mut types);
    let types = types.finish(diagnostics);
    let info = &spec.api.info;
    Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        types,
        operations,
        security_schemes,
        rate_limit: operations::rate_limit(&spec.api.extensions),
        document: spec.source.clone(),
    }
}
