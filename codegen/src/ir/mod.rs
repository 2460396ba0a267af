//! The intermediate representation: a typed model of the API's types and
//! operations, independent of both the OpenAPI input and the Rust output.

mod dedup;
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
mod size;
mod types;
mod unions;
mod webhooks;

pub use events::{DataFormat, Events, Selection, Streaming};
pub use http::{BodyKind, Method, Status, is_field_name, reason_phrase};
pub use long_running::LongRunning;
pub use multipart::{Form, FormPart, PartKind, PartStyle, UnionForm, UnionMember, union_form};
pub use names::{Namespace, field_ident, special_words, type_ident, variant_ident};
pub use operations::{
    Body, BodyAlternative, Content, Header, Operation, Param, ParamEncoding, ParamLocation,
    ParamStyle, ProtocolHeader, RateLimit, Response,
};
pub use pagination::{PageStyle, Pagination};
pub use path::{PathTemplate, Piece, Segment};
pub use routes::Route;
pub use security::{Alternative, Requirement, SchemeId, SecurityScheme, SecuritySchemeKind};
pub use types::{named_int_format, names_no_type};
pub use webhooks::{Origin, Webhook};

use crate::diagnostics::Diagnostic;
use crate::load::LoadedSpec;

/// Index of a [`TypeDef`] in [`Api::types`].
pub type TypeId = usize;

/// The whole API as the emitters see it.
#[derive(Debug)]
pub struct Api {
    /// `info.title` as the document writes it (emitters trim it).
    pub title: String,
    /// `info.version` as written; the generated crate's version is derived from it.
    pub version: String,
    /// `info.description`, for the generated crate's docs; `None` when absent.
    pub description: Option<String>,
    /// Every named type, indexed by [`TypeId`]: component schemas first, in
    /// document order, then inline ones as they are met. Names are unique.
    pub types: Vec<TypeDef>,
    /// For each type (by [`TypeId`]), how many types the cycle of types
    /// referring to each other it is part of holds (through fields,
    /// variants, arrays, maps and options); 0 for a type that does not lead
    /// back to itself.
    pub type_cycle_sizes: Vec<usize>,
    /// Every operation under `paths`, paths in document order. [`Route`]s
    /// and [`Origin::Callback`] refer to them by index.
    pub operations: Vec<Operation>,
    /// The requests the API sends: `webhooks` (or `x-webhooks`), then the
    /// operations' `callbacks`.
    pub webhooks: Vec<Webhook>,
    /// The operations grouped by the URLs they answer, in spec order.
    pub routes: Vec<Route>,
    /// The `components.securitySchemes` that resolve, in document order,
    /// indexed by [`SchemeId`].
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
    /// The schema's description, else its title, trimmed; `None` when it has neither.
    pub doc: Option<String>,
    /// Where the schema lives in the document.
    pub pointer: String,
    /// What the type is, and so which Rust item it becomes.
    pub kind: TypeKind,
}

/// What a [`TypeDef`] defines.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An object with declared (or required) members: a `struct`.
    Struct(Struct),
    /// A string enum: an `enum` with a fallback for values not listed.
    Enum(StringEnum),
    /// A `oneOf`/`anyOf` of distinct shapes: an `enum` with one variant per member.
    Union(Union),
    /// `pub type Name = Ty;`
    Alias(Ty),
}

impl TypeKind {
    /// Calls `f` on every type the definition names: its fields' and
    /// extra members' types, its variants', the aliased type.
    pub(crate) fn visit_named_mut(&mut self, f: &mut dyn FnMut(&mut TypeId)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.ty.visit_named_mut(f);
                }
                if let Some(additional) = &mut s.additional {
                    additional.visit_named_mut(f);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.ty.visit_named_mut(f);
                }
            }
            TypeKind::Alias(ty) => ty.visit_named_mut(f),
            TypeKind::Enum(_) => {}
        }
    }
}

/// An object schema with declared members, emitted as a `struct` with
/// constructors; `allOf` members are merged into one.
#[derive(Clone, Debug, Default)]
pub struct Struct {
    /// The declared properties in schema order (`allOf` members merged in
    /// order), then members required but not described, typed as any value.
    /// Their Rust names are unique and never `additional_properties`.
    pub fields: Vec<Field>,
    /// Extra properties beside the declared ones (`additionalProperties`).
    pub additional: Option<Ty>,
    /// What the value of each extra property must meet: the
    /// `additionalProperties` schema's constraints (boxed: most structs
    /// have none, and types are held by value).
    pub additional_constraints: Box<Constraints>,
    /// `additionalProperties: false`: no other member is allowed.
    pub closed: bool,
    /// `propertyNames`: what the name of each member beside the declared
    /// ones must meet (boxed, as rare as `additional_constraints`). A
    /// `patternProperties` beside `additionalProperties: false` is read as
    /// this.
    pub additional_names: Option<Box<Constraints>>,
    /// `minProperties` and `maxProperties`: how many members (declared and
    /// additional) an object has.
    pub min_properties: Option<usize>,
    /// `maxProperties`: the most members, declared and additional, allowed.
    pub max_properties: Option<usize>,
    /// `oneOf`/`anyOf` beside the properties whose members only require
    /// some of them: the object stays one struct, and validation checks
    /// which of the member sets are present.
    pub required_alternatives: Vec<RequiredAlternatives>,
}

impl Struct {
    /// Whether `{}` is a value of it in a request: no member is required
    /// and no count or member set demands one. Sent member by member (a
    /// form's pairs, a `deepObject`), that value is no pair at all.
    pub fn may_be_empty(&self) -> bool {
        self.min_properties.unwrap_or(0) == 0
            && self.required_alternatives.is_empty()
            && (self.fields.iter())
                .all(|field| !field.required_in_requests && !field.presence.is_required())
    }
}

/// `oneOf: [{required: [a]}, {required: [b, c]}]` (or `anyOf`) beside an
/// object's properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredAlternatives {
    /// `oneOf`: exactly one set is present; `anyOf`: at least one.
    pub exactly_one: bool,
    /// The member sets, by JSON name.
    pub sets: Vec<Vec<String>>,
}

/// A member of a [`Struct`]: a declared property, or one the schema
/// requires without describing it.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON property name.
    pub json_name: String,
    /// The Rust field identifier.
    pub rust_name: String,
    /// The member's type, without the `Option` or `Patch` its
    /// [`presence`](Self::presence) wraps it in.
    pub ty: Ty,
    /// Whether the member may be absent or `null`, which picks its Rust wrapper.
    pub presence: Presence,
    /// The property schema's description or title (for a `$ref`, the
    /// referenced type's).
    pub doc: Option<String>,
    /// The schema's `default`, kept only when it can be written as a Rust
    /// literal of [`ty`](Self::ty); used when [`Presence::Defaulted`].
    pub default: Option<serde_json::Value>,
    /// `readOnly`: set by the server and only read, so never required.
    pub read_only: bool,
    /// `writeOnly`: only sent, never returned, so never required here
    /// (see [`required_in_requests`](Self::required_in_requests)).
    pub write_only: bool,
    /// Required, yet typed as optional because answers may leave it out (a
    /// write-only member, or one the schema requires without describing);
    /// a request must carry it, which the server's validation checks.
    pub required_in_requests: bool,
    /// `deprecated: true` on the property's inline schema (a `$ref`'s own
    /// flag is not read).
    pub deprecated: bool,
    /// What replaces the member when it is deprecated.
    pub replacement: Option<String>,
    /// Validation keywords on the value itself, a referenced alias's included.
    pub constraints: Constraints,
    /// Constraints on the items of an array or the values of a map.
    pub item_constraints: Constraints,
    /// Set when the field type must be boxed to break a recursive cycle.
    pub boxed: bool,
    /// The one value the member can hold: its schema admits one (`const`,
    /// a one-value `enum`), or it is the tag of the tagged union the struct
    /// is a variant of. Constructors fill it in.
    pub fixed: Option<String>,
    /// How the member is written in XML, as its schema's `xml` says.
    pub xml: XmlMember,
}

/// What a property's `xml` object (and its items') says of its XML form;
/// the default is OpenAPI's: an element named as the property, an array as
/// repeated elements of that name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlMember {
    /// `xml.name`: the element's (or attribute's) name.
    pub name: Option<String>,
    /// `xml.attribute`: an attribute of the parent element.
    pub attribute: bool,
    /// `xml.wrapped` on an array: one element holds the items.
    pub wrapped: bool,
    /// The items' `xml.name` (or that of the schema they reference): the
    /// name of each item's element.
    pub item_name: Option<String>,
}

/// How a property may appear in a JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be present, never null: `T`.
    Required,
    /// Must be present, may be null: `Option<T>` (serialized as null).
    RequiredNullable,
    /// May be absent, never null: `Option<T>` (skipped when None). A
    /// read-only member's `null` is still read as `None` in answers.
    Optional,
    /// May be absent or null, and the two differ: `Patch<T>`.
    OptionalNullable,
    /// May be absent or null, and the two mean the same: `Option<T>`. A
    /// nullable read-only member, only ever read, where there is no
    /// update for `null` to tell apart from absence.
    OptionalOrNull,
    /// May be absent; absent means the default: `Option<T>`, not sent when
    /// `None` (the receiver applies the default), read as the default when
    /// absent.
    Defaulted,
}

impl Presence {
    /// Whether the member must be present (null or not).
    pub fn is_required(self) -> bool {
        matches!(self, Self::Required | Self::RequiredNullable)
    }

    /// Whether the member may be `null` (present or not).
    pub fn admits_null(self) -> bool {
        matches!(
            self,
            Self::RequiredNullable | Self::OptionalNullable | Self::OptionalOrNull
        )
    }
}

/// A string enum; responses may carry values the spec does not list yet, so
/// an `Unknown(String)` variant keeps them instead of failing to decode.
#[derive(Clone, Debug)]
pub struct StringEnum {
    /// (Rust variant, JSON value)
    pub variants: Vec<(String, String)>,
}

/// A `oneOf`/`anyOf` whose members are not all string enums: a Rust `enum`
/// with one variant per member.
#[derive(Clone, Debug)]
pub struct Union {
    /// One per member: in document order when tagged, else in the order
    /// they are tried (most specific first).
    pub variants: Vec<UnionVariant>,
    /// How a value's variant is chosen, settled once every type is built.
    pub tagging: Tagging,
    /// `oneOf` (not `anyOf`): a value must match exactly one member, so an
    /// untagged request value two variants take is refused.
    pub exclusive: bool,
}

/// How the variant of a union value is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// By the value of one member: the spec's `discriminator` (`explicit`),
    /// or a member every variant fixes to a value of its own. A value with
    /// an unknown tag is kept as `Unknown`, which requests reject.
    Tag {
        /// The JSON name of the member whose value names the variant.
        property: String,
        /// Whether the spec's `discriminator` names it (`false`: inferred
        /// from the members the variants fix).
        explicit: bool,
    },
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

/// One member of a [`Union`].
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// Rust variant identifier, unique within the union: the referenced
    /// type's name, the member's `title`, else a label such as `Variant2`.
    pub name: String,
    /// The member's type; a nullable member makes the whole union nullable
    /// instead of wrapping this in `Option`.
    pub ty: Ty,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
    /// Whether a value whose tag no variant claims (or that has none) may
    /// still be this variant: its schema lists the tag's values itself (an
    /// `enum` of several, which a mapping may miss), or declares no tag
    /// member. A variant whose tag member is free text is only what its
    /// tags name.
    pub takes_unclaimed_tags: bool,
    /// Set when the variant must be boxed to break a recursive cycle.
    pub boxed: bool,
    /// What a value of this variant must satisfy beyond its type (a
    /// referenced alias's `pattern` and lengths, a variant's own bounds).
    pub constraints: Constraints,
    /// What each item of an array (or value of a map) variant must satisfy.
    pub item_constraints: Constraints,
}

/// A Rust type expression.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Ty {
    /// `boolean`: `bool`.
    Bool,
    /// `integer`, sized by its `format` and bounds.
    Integer(IntFormat),
    /// Any `number`, as `f64` whatever its `format`: `float` only hints at
    /// a precision, and an `f32` would refuse numbers just past its range
    /// (such as the lowest `float` Prism's mock answers with).
    Float,
    /// A string with no typed `format`: `String`.
    String,
    /// `format: date`: `specforge_runtime::Date` (a `chrono::NaiveDate`).
    Date,
    /// `format: date-time`: `specforge_runtime::DateTime` (a UTC
    /// `chrono::DateTime`).
    DateTime,
    /// `format: uuid`: `uuid::Uuid`.
    Uuid,
    /// base64 text in JSON (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`): a file or stream outside JSON.
    Binary,
    /// Any JSON value.
    #[default]
    Json,
    /// A type of its own, by index into [`Api::types`].
    Named(TypeId),
    /// An `array`: `Vec` of its items' type.
    Vec(Box<Ty>),
    /// An object without declared members: `BTreeMap<String, _>` of its
    /// `additionalProperties` type.
    Map(Box<Ty>),
    /// A value that may be `null` (items, map values, parameters, bodies):
    /// `Option`. Struct fields say it with their [`Presence`] instead.
    Option(Box<Ty>),
    /// A value whose schema describes objects but names no `type`
    /// (`properties` without `type: object`): JSON Schema holds only
    /// objects to it, so any other value is valid too. An object is read as
    /// the struct inside (a [`Ty::Named`]), another value as it came:
    /// `specforge_runtime::Loose`. So for a member whose schema has `items`
    /// but no type, around its [`Ty::Vec`]: `specforge_runtime::LooseList`.
    Loose(Box<Ty>),
}

/// The Rust integer type of an `integer` schema, chosen by its `format`
/// or, without one, by its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntFormat {
    /// `i8` (`format: int8`).
    I8,
    /// `i16` (`format: int16`).
    I16,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`: `format: int64`, or no format (or one not listed here) with
    /// both bounds within `i64`.
    I64,
    /// `i128`: no format (or one not listed here) and a bound missing or
    /// past 64 bits. JSON Schema's integers are unbounded; `i128` holds
    /// every one a client plausibly sends.
    I128,
    /// `u8` (`format: uint8`).
    U8,
    /// `u16` (`format: uint16`).
    U16,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64`: `format: uint64` or `uint`, or no format (or one not listed
    /// here) with a non-negative `minimum` and a `maximum` past `i64` but
    /// within `u64`.
    U64,
}

/// Validation keywords of a schema, checked by generated server code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`: the fewest characters a string may have.
    pub min_length: Option<usize>,
    /// `maxLength`: the most characters a string may have.
    pub max_length: Option<usize>,
    /// `pattern`: an ECMA-262 regular expression a string must match. One
    /// that does not compile is dropped, with a warning.
    pub pattern: Option<String>,
    /// `minimum` of a number, inclusive unless `exclusive_minimum`.
    pub minimum: Option<f64>,
    /// `maximum` of a number, inclusive unless `exclusive_maximum`.
    pub maximum: Option<f64>,
    /// `minimum` itself is not allowed (OpenAPI 3.1's numeric
    /// `exclusiveMinimum` is lowered to `minimum` and this).
    pub exclusive_minimum: bool,
    /// `maximum` itself is not allowed (likewise lowered from 3.1).
    pub exclusive_maximum: bool,
    /// `multipleOf`: a number must be a whole multiple of it.
    pub multiple_of: Option<f64>,
    /// An integer schema's `minimum`, inclusive, where `f64` cannot hold it
    /// exactly (past 2^53): integers are held to it instead.
    pub exact_minimum: Option<i128>,
    /// An integer schema's `maximum`, likewise.
    pub exact_maximum: Option<i128>,
    /// `minItems`: the fewest items an array may have.
    pub min_items: Option<usize>,
    /// `maxItems`: the most items an array may have.
    pub max_items: Option<usize>,
    /// `uniqueItems`: no two items of an array may be equal.
    pub unique_items: bool,
    /// `minProperties`: the fewest members an object may have.
    pub min_properties: Option<usize>,
    /// `maxProperties`: the most members an object may have.
    pub max_properties: Option<usize>,
    /// Allowed values for non-string enums (string enums become Rust enums).
    pub allowed: Vec<serde_json::Value>,
    /// A string `format` checked on requests (`email`, `uri`, `ipv4`, `ipv6`,
    /// `hostname`, `regex`, `duration`, `time`); typed formats such as `uuid` are
    /// held by their type.
    pub format: Option<String>,
    /// `propertyNames` of a map: the string rules (lengths, `pattern`,
    /// `format`) every member name follows.
    pub property_names: Option<Box<Constraints>>,
    /// What each item (or map value) of an array or map item of this value
    /// must meet: the level below the item constraints a use carries, so
    /// that containers nested in containers (`Vec<Vec<String>>` whose
    /// strings have a `pattern`) keep their innermost rules.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether no keyword is set, so there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What a value holding both these constraints and `other`'s must meet,
    /// as `allOf` asks: the tighter of two bounds, the values both allow.
    /// The second `bool` is false when something of `other` could not be
    /// kept: two different patterns (one regex cannot say both) or two
    /// `multipleOf` neither of which divides the other.
    pub fn intersected(&self, other: &Constraints) -> (Constraints, bool) {
        fn larger<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(if b > a { b } else { a }),
                (a, b) => a.or(b),
            }
        }
        fn smaller<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(if b < a { b } else { a }),
                (a, b) => a.or(b),
            }
        }
        // A bound and whether it is exclusive: the tighter, exclusive when
        // either is at the same value.
        let bound = |a: (Option<f64>, bool), b: (Option<f64>, bool), lower: bool| match (a, b) {
            ((Some(x), ex), (Some(y), ey)) if x == y => (Some(x), ex || ey),
            ((Some(x), ex), (Some(y), ey)) => {
                if (y > x) == lower {
                    (Some(y), ey)
                } else {
                    (Some(x), ex)
                }
            }
            ((None, _), b) => b,
            (a, (None, _)) => a,
        };
        let (minimum, exclusive_minimum) = bound(
            (self.minimum, self.exclusive_minimum),
            (other.minimum, other.exclusive_minimum),
            true,
        );
        let (maximum, exclusive_maximum) = bound(
            (self.maximum, self.exclusive_maximum),
            (other.maximum, other.exclusive_maximum),
            false,
        );
        // An exact bound goes with the bound it stands for.
        let exact = |(a, a_bound): (Option<i128>, Option<f64>),
                     (b, b_bound): (Option<i128>, Option<f64>),
                     chosen: Option<f64>,
                     lower: bool| match (a, b) {
            (Some(a), Some(b)) => Some(if lower { a.max(b) } else { a.min(b) }),
            (Some(a), None) if chosen == a_bound => Some(a),
            (None, Some(b)) if chosen == b_bound => Some(b),
            _ => None,
        };
        let exact_minimum = exact(
            (self.exact_minimum, self.minimum),
            (other.exact_minimum, other.minimum),
            minimum,
            true,
        );
        let exact_maximum = exact(
            (self.exact_maximum, self.maximum),
            (other.exact_maximum, other.maximum),
            maximum,
            false,
        );
        let mut kept_all = true;
        let pattern = match (&self.pattern, &other.pattern) {
            (Some(a), Some(b)) => {
                kept_all &= a == b;
                Some(a.clone())
            }
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let multiple_of = match (self.multiple_of, other.multiple_of) {
            (Some(a), Some(b)) if (a / b).fract() == 0.0 => Some(a),
            (Some(a), Some(b)) if (b / a).fract() == 0.0 => Some(b),
            (Some(a), Some(_)) => {
                kept_all = false;
                Some(a)
            }
            (a, b) => a.or(b),
        };
        let allowed = match (self.allowed.is_empty(), other.allowed.is_empty()) {
            (false, false) => {
                let both: Vec<_> = self
                    .allowed
                    .iter()
                    .filter(|value| other.allowed.contains(value))
                    .cloned()
                    .collect();
                // No value in both: an empty list would allow any.
                kept_all &= !both.is_empty();
                if both.is_empty() {
                    self.allowed.clone()
                } else {
                    both
                }
            }
            (true, _) => other.allowed.clone(),
            (false, true) => self.allowed.clone(),
        };
        let constraints = Constraints {
            min_length: larger(self.min_length, other.min_length),
            max_length: smaller(self.max_length, other.max_length),
            pattern,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            exact_minimum,
            exact_maximum,
            min_items: larger(self.min_items, other.min_items),
            max_items: smaller(self.max_items, other.max_items),
            unique_items: self.unique_items || other.unique_items,
            min_properties: larger(self.min_properties, other.min_properties),
            max_properties: smaller(self.max_properties, other.max_properties),
            allowed,
            format: self.format.clone().or_else(|| other.format.clone()),
            property_names: self
                .property_names
                .clone()
                .or_else(|| other.property_names.clone()),
            items: match (&self.items, &other.items) {
                (Some(a), Some(b)) => {
                    let (both, kept) = a.intersected(b);
                    kept_all &= kept;
                    Some(Box::new(both))
                }
                (a, b) => a.clone().or_else(|| b.clone()),
            },
        };
        (constraints, kept_all)
    }

    /// `item` constraints holding `inner` as what their own items meet.
    pub fn with_items(self, inner: Constraints) -> Constraints {
        Constraints {
            items: (!inner.is_empty()).then(|| Box::new(inner)),
            ..self
        }
    }

    /// These constraints, with `other`'s where these set none: a use site's
    /// keywords over those of the schema it refers to.
    pub fn merged(&self, other: &Constraints) -> Constraints {
        // A bound comes whole (value, exclusivity, exact integer) from the
        // side that sets it.
        let lower = if self.minimum.is_some() { self } else { other };
        let upper = if self.maximum.is_some() { self } else { other };
        Constraints {
            min_length: self.min_length.or(other.min_length),
            max_length: self.max_length.or(other.max_length),
            pattern: self.pattern.clone().or_else(|| other.pattern.clone()),
            minimum: lower.minimum,
            maximum: upper.maximum,
            exclusive_minimum: lower.exclusive_minimum,
            exclusive_maximum: upper.exclusive_maximum,
            exact_minimum: lower.exact_minimum,
            exact_maximum: upper.exact_maximum,
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
            property_names: self
                .property_names
                .clone()
                .or_else(|| other.property_names.clone()),
            items: self.items.clone().or_else(|| other.items.clone()),
        }
    }
}

/// The stack the IR is built on. Schemas are typed depth-first, each `$ref`
/// met inside the schema being typed: a chain of a thousand schemas, each
/// naming the next, outgrows a thread's usual 2 to 8 MiB. Only the pages
/// used are committed.
const BUILD_STACK_BYTES: usize = 1 << 30;

/// Builds the IR from a loaded spec. Warnings go to `diagnostics`; the build
/// itself never fails: constructs it cannot type become [`Ty::Json`].
pub fn build(spec: &LoadedSpec, diagnostics: &mut Vec<Diagnostic>) -> Api {
    build_with(spec, Repeats::Shared, diagnostics)
}

/// What becomes of nested inline types that repeat an earlier type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeats {
    /// Each is an alias of the first: what is generated.
    Shared,
    /// Each is a type of its own: what the semver diff reads, so that which
    /// copy comes first never shows as a change.
    Apart,
}

/// [`build`], with repeated inline types shared or kept apart.
pub fn build_with(spec: &LoadedSpec, repeats: Repeats, diagnostics: &mut Vec<Diagnostic>) -> Api {
    let built = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("specforge-ir".into())
            .stack_size(BUILD_STACK_BYTES)
            .spawn_scoped(scope, || {
                let mut found = Vec::new();
                (build_here(spec, repeats, &mut found), found)
            });
        worker.ok().map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    });
    match built {
        Some((api, found)) => {
            diagnostics.extend(found);
            api
        }
        // No thread to be had: build on this one, as deep as it goes.
        None => build_here(spec, repeats, diagnostics),
    }
}

/// [`build`], on the calling thread's stack.
fn build_here(spec: &LoadedSpec, repeats: Repeats, diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut types = types::TypeBuilder::new(spec);
    types.add_components();
    let security_schemes = security::schemes(spec);
    let mut operations = operations::build(spec, &mut types, &security_schemes);
    let mut webhooks = webhooks::build(spec, &mut types, &security_schemes, &operations);
    let types = types.finish(repeats, &mut operations, &mut webhooks, diagnostics);
    operations::finish(&mut operations, &types, diagnostics);
    webhooks::finish(&mut webhooks, &types, diagnostics);
    let routes = routes::group(&operations, diagnostics);
    let info = &spec.api.info;
    Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        type_cycle_sizes: recursion::cycle_sizes(&types),
        types,
        operations,
        webhooks,
        routes,
        security_schemes,
        rate_limit: operations::rate_limit(&spec.api.extensions),
        document: spec.source.clone(),
    }
}

/// The types a request can carry (through parameters or bodies). They decode
/// strictly, as the schema says: `null` only where nullable, unknown members
/// only where `additionalProperties` allows them. Response-only types stay
/// lenient so a client survives a server that sends more than it promised.
pub fn request_types(types: &[TypeDef], operations: &[Operation]) -> Vec<bool> {
    let mut strict = vec![false; types.len()];
    let mut pending: Vec<&Ty> = Vec::new();
    for op in operations {
        pending.extend(op.params.iter().map(|p| &p.ty));
        pending.extend(op.body.iter().flat_map(|b| &b.contents).map(|c| &c.ty));
    }
    while let Some(ty) = pending.pop() {
        match ty {
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Loose(inner) => {
                pending.push(inner)
            }
            Ty::Named(id) if !strict[*id] => {
                strict[*id] = true;
                match &types[*id].kind {
                    TypeKind::Struct(s) => {
                        pending.extend(s.fields.iter().map(|f| &f.ty));
                        pending.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => pending.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(inner) => pending.push(inner),
                    TypeKind::Enum(_) => {}
                }
            }
            _ => {}
        }
    }
    strict
}

/// `ty` without its nullable wrappers.
pub fn bare(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => bare(inner),
        other => other,
    }
}

impl Ty {
    /// The type behind aliases (`pub type Sku = String` → `String`). An alias
    /// cycle (refused by the build, but walked by steps before that check)
    /// ends at one of its aliases.
    pub fn resolved<'a>(&'a self, types: &'a [TypeDef]) -> &'a Ty {
        let mut ty = self;
        for _ in 0..types.len() {
            match ty {
                Ty::Named(id) => match &types[*id].kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The type behind aliases and `Option`s alike (`Option<Sku>` → `String`);
    /// an alias cycle ends at one of its aliases, as for [`resolved`](Self::resolved).
    pub fn underlying<'a>(&'a self, types: &'a [TypeDef]) -> &'a Ty {
        let mut ty = self;
        let mut aliases = 0;
        loop {
            match ty {
                Ty::Option(inner) => ty = inner,
                Ty::Named(id) if aliases < types.len() => match &types[*id].kind {
                    TypeKind::Alias(inner) => {
                        aliases += 1;
                        ty = inner;
                    }
                    _ => return ty,
                },
                _ => return ty,
            }
        }
    }

    /// Calls `f` on every type this one names, at any depth (inside
    /// arrays, maps and options too).
    pub(crate) fn visit_named_mut(&mut self, f: &mut dyn FnMut(&mut TypeId)) {
        match self {
            Ty::Named(id) => f(id),
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Loose(inner) => {
                inner.visit_named_mut(f)
            }
            _ => {}
        }
    }

    /// Whether values of the type are `Copy` in Rust (so never cloned).
    pub fn is_copy(&self, types: &[TypeDef]) -> bool {
        matches!(
            self.underlying(types),
            Ty::Bool | Ty::Integer(_) | Ty::Float | Ty::Date | Ty::DateTime | Ty::Uuid
        )
    }
}
