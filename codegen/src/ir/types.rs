//! Schemas → [`TypeDef`]s and [`Ty`]s.
//!
//! Component schemas keep their names; inline schemas that need a Rust type of
//! their own (objects, string enums, unions) are named from where they are used.
//! Recursive types are boxed once everything is built.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use super::names::{Namespace, field_ident, type_ident, type_word, variant_ident};
use super::{
    Constraints, Field, IntFormat, Operation, Presence, RequiredAlternatives, StringEnum, Struct,
    Tagging, Ty, TypeDef, TypeId, TypeKind, Union, UnionVariant, Webhook, XmlMember,
};
use crate::diagnostics::{Diagnostic, child};
use crate::load::LoadedSpec;
use specforge_runtime::validate::{Format, Pattern};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Whether the server checks strings of `format` (others are typed, such
/// as `uuid`, or are annotations).
pub(super) fn is_checked_format(format: &str) -> bool {
    Format::named(format).is_some()
}

pub(super) struct TypeBuilder<'s> {
    spec: &'s LoadedSpec,
    types: Vec<TypeDef>,
    names: Namespace,
    /// `$ref` target pointer → the type built for it.
    by_pointer: HashMap<String, TypeId>,
    /// Types whose own schema is nullable: every use is `Option`. Known for
    /// every component before any is built, so the order of the document's
    /// components does not matter.
    nullable: HashSet<TypeId>,
    /// Constraints of alias types (`pub type Sku = String`), carried to uses.
    alias_facts: HashMap<TypeId, AliasFacts>,
    /// Components named but not built yet: a use builds one on the spot,
    /// so what it carries does not depend on the document's order.
    pending: HashMap<TypeId, &'s ReferenceOr<Schema>>,
    /// Inline schemas already built, by pointer: a component response or
    /// parameter used by many operations is one type.
    inline_built: HashMap<String, Use>,
    /// `$ref`s being followed, to stop on alias cycles.
    following: Vec<String>,
    /// Inline schemas whose type is being built, by pointer: `allOf` merges
    /// a referenced schema's properties by value, so an inline schema can
    /// contain itself (a property of `Pet` that is `allOf: [Pet, …]`); met
    /// again, it is the type under construction (boxed later), not a new one.
    building: HashMap<String, TypeId>,
    /// How many inline schemas are being built inside one another, within
    /// the component being built.
    inline_depth: usize,
    /// How many component schemas there are: the first types.
    components: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether the schema allows no members beside those it (or its `allOf`)
/// declares: `additionalProperties: false`.
fn closes(v: &View<'_>) -> bool {
    matches!(v.additional, Some(AdditionalProperties::Any(false)))
}

/// The deepest inline schemas nest before the level is typed as any JSON
/// value: far beyond any real document, and a stop for a schema that
/// contains itself by value under ever new pointers.
const MAX_INLINE_DEPTH: usize = 128;

/// A use of a schema: the Rust type, whether null is allowed, and what a
/// value must satisfy wherever it is used (a referenced alias's constraints
/// come along with it).
#[derive(Clone, Debug, Default)]
pub(super) struct Use {
    pub ty: Ty,
    pub nullable: bool,
    /// Validation keywords on the value itself.
    pub constraints: Constraints,
    /// Validation keywords on each item of an array or value of a map.
    pub item_constraints: Constraints,
    /// The schema's description or title.
    pub doc: Option<String>,
}

impl Use {
    fn of(ty: Ty) -> Self {
        Self {
            ty,
            ..Self::default()
        }
    }
}

/// A schema built: its definition, and what a use of it carries.
struct Built {
    kind: TypeKind,
    nullable: bool,
    constraints: Constraints,
    item_constraints: Constraints,
}

/// What every use of an alias type carries.
#[derive(Clone, Debug, Default)]
struct AliasFacts {
    constraints: Constraints,
    item_constraints: Constraints,
}

/// Everything the builder reads from a schema, whatever `openapiv3` variant
/// it was parsed into.
struct View<'a> {
    data: &'a SchemaData,
    typ: Option<&'a str>,
    format: Option<String>,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    all_of: &'a [ReferenceOr<Schema>],
    not: bool,
    enumeration: Vec<Value>,
    constraints: Constraints,
}

/// The `enum` of a typed schema as JSON values; `null` entries (`None`) and
/// values JSON cannot hold are left out.
fn enum_values<T>(values: &[Option<T>], to_json: impl Fn(&T) -> Option<Value>) -> Vec<Value> {
    values.iter().flatten().filter_map(to_json).collect()
}

/// A number's constraints: each bound with whether it is exclusive, and `multipleOf`.
fn numeric_constraints(
    (minimum, exclusive_minimum): (Option<f64>, bool),
    (maximum, exclusive_maximum): (Option<f64>, bool),
    multiple_of: Option<f64>,
) -> Constraints {
    Constraints {
        minimum,
        exclusive_minimum,
        maximum,
        exclusive_maximum,
        multiple_of,
        ..Constraints::default()
    }
}

/// An integer bound as the inclusive bound integers are held to, when no
/// `f64` holds it exactly; `inward` is the step from an exclusive bound to
/// the first integer it allows (1 for a minimum, -1 for a maximum).
fn exact_bound(bound: Option<i64>, exclusive: bool, inward: i128) -> Option<i128> {
    let bound = i128::from(bound?);
    if (bound as f64) as i128 == bound {
        return None;
    }
    Some(if exclusive { bound + inward } else { bound })
}

/// An integer bound past `i64` (which reads as an `f64`), as the decimal
/// it was written as: the shortest that reads as that `f64`
/// (`18446744073709552000`, as JavaScript and Go print 2^64), not the
/// `f64`'s own value. `None` where the `f64` holds the integer exactly.
fn exact_float_bound(bound: Option<f64>, exclusive: bool, inward: i128) -> Option<i128> {
    let bound = bound.filter(|b| b.fract() == 0.0 && b.abs() >= 2f64.powi(53))?;
    let written: i128 = format!("{bound}").parse().ok()?;
    Some(if exclusive { written + inward } else { written })
}

impl View<'_> {
    /// Whether the schema declares no items, additional properties or
    /// composition (`properties` aside: callers differ on an empty map).
    fn is_unstructured(&self) -> bool {
        self.items.is_none()
            && self.additional.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
    }

    /// A `not` with nothing beside it: any value it does not exclude,
    /// which the typed model holds as any JSON value. Beside a type or
    /// members, `not` is left unchecked and the rest is built as usual.
    fn only_not(&self) -> bool {
        self.not
            && self.typ.is_none()
            && self.properties.is_none_or(IndexMap::is_empty)
            && self.required.is_empty()
            && self.is_unstructured()
            && self.enumeration.is_empty()
    }
}

fn view(schema: &Schema) -> View<'_> {
    let mut v = View {
        data: &schema.schema_data,
        typ: None,
        format: None,
        properties: None,
        required: &[],
        additional: None,
        items: None,
        one_of: &[],
        any_of: &[],
        all_of: &[],
        not: false,
        enumeration: Vec::new(),
        constraints: Constraints::default(),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = fmt(&s.format, |f| match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            });
            v.enumeration = enum_values(&s.enumeration, |s| Some(Value::String(s.clone())));
            v.constraints.pattern = s.pattern.clone();
            v.constraints.min_length = s.min_length;
            v.constraints.max_length = s.max_length;
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = fmt(&n.format, |f| match f {
                openapiv3::NumberFormat::Float => "float",
                openapiv3::NumberFormat::Double => "double",
            });
            v.enumeration = enum_values(&n.enumeration, |x| {
                serde_json::Number::from_f64(*x).map(Value::Number)
            });
            v.constraints = numeric_constraints(
                (n.minimum, n.exclusive_minimum),
                (n.maximum, n.exclusive_maximum),
                n.multiple_of,
            );
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.typ = Some("integer");
            v.format = fmt(&i.format, |f| match f {
                openapiv3::IntegerFormat::Int32 => "int32",
                openapiv3::IntegerFormat::Int64 => "int64",
            });
            v.enumeration = enum_values(&i.enumeration, |x| Some(Value::from(*x)));
            let float = |x: i64| x as f64;
            v.constraints = Constraints {
                exact_minimum: exact_bound(i.minimum, i.exclusive_minimum, 1),
                exact_maximum: exact_bound(i.maximum, i.exclusive_maximum, -1),
                ..numeric_constraints(
                    (i.minimum.map(float), i.exclusive_minimum),
                    (i.maximum.map(float), i.exclusive_maximum),
                    i.multiple_of.map(float),
                )
            };
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.typ = Some("boolean");
            v.enumeration = enum_values(&b.enumeration, |x| Some(Value::Bool(*x)));
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
            v.constraints.min_properties = o.min_properties;
            v.constraints.max_properties = o.max_properties;
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
            v.constraints.min_items = a.min_items;
            v.constraints.max_items = a.max_items;
            v.constraints.unique_items = a.unique_items;
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => v.not = true,
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
            v.format = a.format.clone();
            v.properties = (!a.properties.is_empty()).then_some(&a.properties);
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.all_of = &a.all_of;
            v.not = a.not.is_some();
            v.enumeration = a
                .enumeration
                .iter()
                .filter(|x| !x.is_null())
                .cloned()
                .collect();
            let c = &mut v.constraints;
            c.pattern = a.pattern.clone();
            c.min_length = a.min_length;
            c.max_length = a.max_length;
            c.minimum = a.minimum;
            c.maximum = a.maximum;
            c.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
            c.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
            if a.typ.as_deref() == Some("integer") {
                c.exact_minimum = exact_float_bound(a.minimum, c.exclusive_minimum, 1);
                c.exact_maximum = exact_float_bound(a.maximum, c.exclusive_maximum, -1);
            }
            c.multiple_of = a.multiple_of;
            c.min_items = a.min_items;
            c.max_items = a.max_items;
            c.unique_items = a.unique_items.unwrap_or(false);
            c.min_properties = a.min_properties;
            c.max_properties = a.max_properties;
        }
    }
    // `oneOf: [{const: 1, title: …}, {const: 2, title: …}]` is how some
    // specs write a documented enum: the same as `enum: [1, 2]`.
    if v.enumeration.is_empty() {
        for members in [v.one_of, v.any_of] {
            if let Some(values) = single_values(members) {
                v.enumeration = values;
                v.one_of = &[];
                v.any_of = &[];
                break;
            }
        }
    }
    if !matches!(v.typ, Some("string") | None) || v.enumeration.iter().any(|e| !e.is_string()) {
        v.constraints.allowed = v.enumeration.clone();
    }
    // `enum: [null]` (3.1's `type: 'null'`): a value, if any, is null.
    if allows_only_null(schema) {
        v.constraints.allowed = vec![Value::Null];
    }
    if v.typ == Some("string")
        && let Some(format) = v.format.as_deref()
        && is_checked_format(format)
    {
        v.constraints.format = Some(format.to_owned());
    }
    v
}

/// The members of a `oneOf`/`anyOf` and what the schema around them says
/// of its values.
#[derive(Clone, Copy)]
struct UnionMembers<'a> {
    members: &'a [ReferenceOr<Schema>],
    /// `oneOf`: a value is one of the union's when exactly one member takes it.
    exclusive: bool,
    /// A `type` named beside the members, which every value also has.
    type_named_beside: bool,
}

/// Whether null is a value of a union `null_takers` of whose members take
/// it: for `oneOf` (`exclusive`), a value two members take is none of its
/// values, so exactly one must.
fn union_admits_null(null_takers: usize, exclusive: bool) -> bool {
    if exclusive {
        null_takers == 1
    } else {
        null_takers > 0
    }
}

/// Whether a schema allows nothing but `null`: `enum: [null]` without a
/// type, as 3.1's `type: 'null'` is lowered and as drf-spectacular writes
/// its `NullEnum`.
fn allows_only_null(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a)
        if a.typ.is_none()
            && !a.enumeration.is_empty()
            && a.enumeration.iter().all(Value::is_null))
}

/// The values of `members` when each is an inline schema allowing exactly
/// one value (`const`, a one-value `enum`) and saying nothing else.
fn single_values(members: &[ReferenceOr<Schema>]) -> Option<Vec<Value>> {
    if members.len() < 2 {
        return None;
    }
    members
        .iter()
        .map(|member| {
            let ReferenceOr::Item(schema) = member else {
                return None;
            };
            let m = view(schema);
            let only_a_value =
                m.enumeration.len() == 1 && m.properties.is_none() && m.is_unstructured() && !m.not;
            only_a_value.then(|| m.enumeration[0].clone())
        })
        .collect()
}

fn fmt<T>(
    format: &openapiv3::VariantOrUnknownOrEmpty<T>,
    name: fn(&T) -> &'static str,
) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => Some(name(item).to_owned()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// What a schema becomes: a plain type expression, or a type definition of its own.
enum Shape {
    Use(Box<Use>),
    Def(TypeKind),
}

/// Property schemas collected from a (possibly allOf-merged) object.
#[derive(Default)]
struct Props {
    properties: IndexMap<String, (ReferenceOr<Schema>, String)>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    /// Some member (or the schema itself) says `type: object`.
    typed_object: bool,
    /// Some member (or the schema itself) has a `discriminator`: a base
    /// whose values may be of subtypes with members of their own.
    discriminated: bool,
    required_alternatives: Vec<RequiredAlternatives>,
    /// Properties an earlier `allOf` member describes as not nullable.
    never_null: BTreeSet<String>,
    /// What earlier `allOf` members ask of a property that a later one
    /// describes again: a value meets both descriptions.
    earlier_constraints: HashMap<String, Constraints>,
    /// Properties whose schema is two members' descriptions made one (see
    /// `both_descriptions`), with the place of the earlier: built apart
    /// from the place of the later, where that one alone may be built
    /// already.
    merged: HashMap<String, String>,
    /// The validation keywords of members that say nothing else
    /// (`allOf: [$ref: Count, {maximum: 10}]`): they hold beside the member
    /// that gives the type.
    member_constraints: Constraints,
}

/// The schema a union member names: its `$ref`, or the last member of an
/// `allOf` that says nothing else (a member merged with the properties
/// beside the union, see `variants_beside_properties`), which the
/// discriminator's mapping and implicit names refer to.
fn named_member(member: &ReferenceOr<Schema>) -> Option<&str> {
    match member {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::AllOf { all_of },
            ..
        }) => match all_of.last() {
            Some(ReferenceOr::Reference { reference }) => Some(reference),
            _ => None,
        },
        ReferenceOr::Item(_) => None,
    }
}

/// `oneOf`/`anyOf` whose members each only require members (`[{required:
/// [a]}, {required: [b]}]`, descriptions aside): a rule on which members are
/// present, not a choice between types.
fn required_alternatives(v: &View<'_>) -> impl Iterator<Item = RequiredAlternatives> {
    [(v.one_of, true), (v.any_of, false)]
        .into_iter()
        .filter_map(|(members, exactly_one)| required_sets(members, exactly_one))
}

fn required_sets(
    members: &[ReferenceOr<Schema>],
    exactly_one: bool,
) -> Option<RequiredAlternatives> {
    if members.is_empty() {
        return None;
    }
    let sets = members
        .iter()
        .map(|member| {
            let ReferenceOr::Item(schema) = member else {
                return None;
            };
            let m = view(schema);
            let only_required = !m.required.is_empty()
                && m.typ.is_none_or(|t| t == "object")
                && m.properties.is_none_or(IndexMap::is_empty)
                && m.additional.is_none()
                && m.items.is_none()
                && m.one_of.is_empty()
                && m.any_of.is_empty()
                && m.all_of.is_empty()
                && !m.not
                && m.enumeration.is_empty()
                && m.constraints == Constraints::default();
            only_required.then(|| m.required.to_vec())
        })
        .collect::<Option<Vec<_>>>()?;
    Some(RequiredAlternatives { exactly_one, sets })
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

pub(super) fn doc_of(data: &SchemaData) -> Option<String> {
    data.description
        .as_deref()
        .or(data.title.as_deref())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

impl<'s> TypeBuilder<'s> {
    pub(super) fn new(spec: &'s LoadedSpec) -> Self {
        Self {
            spec,
            types: Vec::new(),
            names: Namespace::default(),
            by_pointer: HashMap::new(),
            nullable: HashSet::new(),
            alias_facts: HashMap::new(),
            pending: HashMap::new(),
            inline_built: HashMap::new(),
            following: Vec::new(),
            building: HashMap::new(),
            inline_depth: 0,
            components: 0,
            diagnostics: Vec::new(),
        }
    }

    /// Names every component schema first (so they win name collisions against
    /// inline types), then builds them in document order.
    pub(super) fn add_components(&mut self) {
        let spec: &'s LoadedSpec = self.spec;
        let Some(components) = &spec.api.components else {
            return;
        };
        let schemas = &components.schemas;
        let mut ids = Vec::with_capacity(schemas.len());
        for (name, schema) in schemas {
            let pointer = child("#/components/schemas", name);
            let doc = match schema {
                ReferenceOr::Item(s) => doc_of(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let id = self.allocate(name, &pointer, doc);
            self.by_pointer.insert(
                format!(
                    "{COMPONENT_PREFIX}{}",
                    crate::diagnostics::escape_token(name)
                ),
                id,
            );
            ids.push(id);
        }
        for ((_, schema), &id) in schemas.iter().zip(&ids) {
            let mut visiting = Vec::new();
            if self.schema_nullable(schema, &mut visiting) {
                self.nullable.insert(id);
            }
        }
        self.components = ids.len();
        self.pending = ids.iter().copied().zip(schemas.values()).collect();
        for id in ids {
            self.build_component(id);
        }
    }

    /// Builds the component `id` unless it is built or being built.
    fn build_component(&mut self, id: TypeId) {
        let Some(schema) = self.pending.remove(&id) else {
            return;
        };
        // A component is built once, at its own pointer: the inline
        // schemas inside it nest from there (a chain of references may be
        // as long as the document).
        let depth = std::mem::take(&mut self.inline_depth);
        self.build_pending(id, schema);
        self.inline_depth = depth;
    }

    fn build_pending(&mut self, id: TypeId, schema: &'s ReferenceOr<Schema>) {
        let pointer = self.types[id].pointer.clone();
        let name = self.types[id].name.clone();
        let built = match schema {
            ReferenceOr::Reference { reference } => {
                let used = self.reference_use(reference, &pointer);
                Built {
                    kind: TypeKind::Alias(used.ty),
                    nullable: used.nullable,
                    constraints: used.constraints,
                    item_constraints: used.item_constraints,
                }
            }
            ReferenceOr::Item(schema) => self.build_def(schema, &pointer, &name),
        };
        self.define(id, built);
    }

    /// Whether a schema admits `null`, read from the document alone: its
    /// `nullable`, the schemas it refers to, exactly one nullable member of
    /// a `oneOf` (any of an `anyOf`), the one member of an `allOf`.
    fn schema_nullable(&self, schema: &ReferenceOr<Schema>, visiting: &mut Vec<String>) -> bool {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                if visiting.contains(reference) || visiting.len() > 64 {
                    return false;
                }
                let Some(target) = self.raw_schema(reference) else {
                    return false;
                };
                visiting.push(reference.clone());
                let nullable = self.schema_nullable(&target, visiting);
                visiting.pop();
                return nullable;
            }
            ReferenceOr::Item(schema) => schema,
        };
        let v = view(schema);
        if v.data.nullable {
            return true;
        }
        if v.properties.is_some_and(|p| !p.is_empty()) {
            return false;
        }
        let members = if v.one_of.is_empty() {
            v.any_of
        } else {
            v.one_of
        };
        let null_takers = (members.iter())
            .filter(|m| self.schema_nullable(m, visiting))
            .count();
        if union_admits_null(null_takers, !v.one_of.is_empty()) {
            return true;
        }
        match v.all_of {
            [only] => self.schema_nullable(only, visiting),
            _ => false,
        }
    }

    /// The component schema a `$ref` names, as written.
    fn component(&self, reference: &str) -> Option<&'s ReferenceOr<Schema>> {
        let name = crate::diagnostics::unescape_token(reference.strip_prefix(COMPONENT_PREFIX)?);
        let spec: &'s LoadedSpec = self.spec;
        spec.api.components.as_ref()?.schemas.get(&name)
    }

    /// The schema a `$ref` points at, as written.
    fn raw_schema(&self, reference: &str) -> Option<ReferenceOr<Schema>> {
        if let Some(schema) = self.component(reference) {
            return Some(schema.clone());
        }
        let raw = self.spec.raw.pointer(&crate::diagnostics::decode_fragment(
            reference.strip_prefix('#')?,
        ))?;
        serde_json::from_value(raw.clone()).ok()
    }

    fn allocate(&mut self, raw_name: &str, pointer: &str, doc: Option<String>) -> TypeId {
        let name = self.names.claim(&type_ident(raw_name));
        self.types.push(TypeDef {
            name,
            doc,
            pointer: pointer.to_owned(),
            kind: TypeKind::Alias(Ty::Json),
        });
        self.types.len() - 1
    }

    fn define(&mut self, id: TypeId, built: Built) {
        if matches!(built.kind, TypeKind::Alias(_)) {
            self.alias_facts.insert(
                id,
                AliasFacts {
                    constraints: built.constraints,
                    item_constraints: built.item_constraints,
                },
            );
        }
        self.types[id].kind = built.kind;
        if built.nullable {
            self.nullable.insert(id);
        }
    }

    /// What a use of the named type `id` carries.
    fn named_use(&mut self, id: TypeId) -> Use {
        self.build_component(id);
        let facts = self.alias_facts.get(&id).cloned().unwrap_or_default();
        Use {
            ty: Ty::Named(id),
            nullable: self.nullable.contains(&id),
            constraints: facts.constraints,
            item_constraints: facts.item_constraints,
            doc: self.types[id].doc.clone(),
        }
    }

    /// A member's (or list item's, map value's, JSON request body's) `ty`
    /// as `Loose`, when its schema at `pointer` describes objects or lists
    /// but names no type: such a schema lets any other value through.
    pub(super) fn loose(&self, ty: &Ty, pointer: &str) -> Option<Ty> {
        self.loose_object(ty, pointer)
            .or_else(|| self.loose_list(ty, pointer))
    }

    /// A struct `ty` as `Loose`, when its schema at `pointer` names no
    /// type: any value that is no object passes it.
    fn loose_object(&self, ty: &Ty, pointer: &str) -> Option<Ty> {
        let loose = matches!(ty, Ty::Named(_))
            && (self.schema_at(pointer)).is_some_and(|s| self.untyped_members(s, 0) == Some(true));
        loose.then(|| Ty::Loose(Box::new(ty.clone())))
    }

    /// Of a schema that names no type, its `$ref`s followed, and whose
    /// `allOf` members name none either (PayPal's `allOf: [Person, {role}]`,
    /// Person having only `properties`): whether any part describes
    /// members. Such a schema holds only objects to what it says. `None`
    /// where some part names a type (or composes otherwise, or lists values).
    fn untyped_members(&self, schema: &Value, depth: u8) -> Option<bool> {
        if depth > 16 {
            return None;
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            return self.untyped_members(self.raw_at(target)?, depth + 1);
        }
        let schema = schema.as_object()?;
        let typed = TYPING_WORDS.iter().filter(|word| **word != "allOf");
        if typed.into_iter().any(|word| schema.contains_key(*word)) {
            return None;
        }
        let mut describes = describes_members(schema);
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            describes |= self.untyped_members(member, depth + 1)?;
        }
        Some(describes)
    }

    /// A list `ty` as `Loose`, when its schema at `pointer` has `items` but
    /// no type: any value that is no list passes it. A named list (a
    /// component written so) is unfolded, as `Loose` holds the list itself.
    fn loose_list(&self, ty: &Ty, pointer: &str) -> Option<Ty> {
        let list = ty.resolved(&self.types);
        let loose =
            matches!(list, Ty::Vec(_)) && self.schema_at(pointer).is_some_and(lists_without_type);
        loose.then(|| Ty::Loose(Box::new(list.clone())))
    }

    /// The schema at `pointer`, as written, its `$ref`s followed, and the
    /// `allOf` of one member that a `$ref` with a `description` beside it
    /// is lowered to.
    fn schema_at(&self, pointer: &str) -> Option<&'s Value> {
        let mut schema = self.raw_at(pointer)?;
        for _ in 0..16 {
            if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
                schema = self.raw_at(target)?;
            } else if let Some(only) = only_all_of(schema) {
                schema = only;
            } else {
                break;
            }
        }
        Some(schema)
    }

    /// The types built so far.
    pub(super) fn defined(&self) -> &[TypeDef] {
        &self.types
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message));
    }

    /// The type of a schema at a use site; inline schemas that need a
    /// definition get one named `hint`. Schemas come as they are or boxed
    /// (`items`, `properties`), hence `S`.
    pub(super) fn schema_use<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        hint: &str,
    ) -> Use {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_use(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_use(schema.borrow(), pointer, hint),
        }
    }

    pub(super) fn inline_use(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Use {
        self.inline_use_once(schema, pointer, pointer, hint)
    }

    /// The inline schema at `pointer`, built once per `key`: its pointer,
    /// or for two descriptions of a property made one, both their places.
    fn inline_use_once(&mut self, schema: &Schema, key: &str, pointer: &str, hint: &str) -> Use {
        if let Some(built) = self.inline_built.get(key) {
            return built.clone();
        }
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.diagnostics.push(Diagnostic::warning(
                pointer,
                format!(
                    "inline schemas nest more than {MAX_INLINE_DEPTH} levels deep (a schema \
                     that contains itself by value?): this level is typed as any JSON value"
                ),
            ));
            return Use::of(Ty::Json);
        }
        self.inline_depth += 1;
        let used = self.build_inline_use(schema, pointer, hint);
        self.inline_depth -= 1;
        self.inline_built.insert(key.to_owned(), used.clone());
        used
    }

    fn build_inline_use(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Use {
        let nullable = schema.schema_data.nullable;
        let doc = doc_of(&schema.schema_data);
        if !self.needs_def(schema) {
            let built = self.build_def(schema, pointer, hint);
            if let TypeKind::Alias(ty) = built.kind {
                return Use {
                    ty,
                    nullable: nullable || built.nullable,
                    constraints: built.constraints,
                    item_constraints: built.item_constraints,
                    doc,
                };
            }
            // `needs_def` and the shapes disagree: the definition still
            // gets a type of its own, so nothing is lost.
            let id = self.allocate(hint, pointer, doc.clone());
            return self.defined_use(id, built, nullable, doc);
        }
        if let Some(&id) = self.building.get(pointer) {
            return Use {
                nullable,
                doc,
                ..Use::of(Ty::Named(id))
            };
        }
        let id = self.allocate(hint, pointer, doc.clone());
        let name = self.types[id].name.clone();
        self.building.insert(pointer.to_owned(), id);
        let built = self.build_def(schema, pointer, &name);
        self.building.remove(pointer);
        self.defined_use(id, built, nullable, doc)
    }

    /// Defines the inline type `id` as `built`, and returns its use: the
    /// type, nullable where the schema (`nullable`) or the definition says
    /// so, with the definition's constraints, its items' too (an alias of
    /// a list, such as `anyOf: [array, null]`, keeps its items' rules).
    fn defined_use(
        &mut self,
        id: TypeId,
        built: Built,
        nullable: bool,
        doc: Option<String>,
    ) -> Use {
        let used = Use {
            nullable: nullable || built.nullable,
            constraints: built.constraints.clone(),
            item_constraints: built.item_constraints.clone(),
            doc,
            ..Use::of(Ty::Named(id))
        };
        self.define(
            id,
            Built {
                nullable: false,
                ..built
            },
        );
        used
    }

    /// Follows a `$ref`: component schemas by name, any other pointer into the
    /// document by building the schema found there (once).
    pub(super) fn reference_use(&mut self, reference: &str, pointer: &str) -> Use {
        if let Some(&id) = self.by_pointer.get(reference) {
            return self.named_use(id);
        }
        let Some(target) = reference.strip_prefix('#') else {
            self.diagnostics.push(Diagnostic::error(
                pointer,
                format!("unresolved $ref {reference}"),
            ));
            return Use::of(Ty::Json);
        };
        let Some(raw) = self
            .spec
            .raw
            .pointer(&crate::diagnostics::decode_fragment(target))
        else {
            self.diagnostics.push(Diagnostic::error(
                pointer,
                format!("dangling $ref: {reference} points at nothing in the document"),
            ));
            return Use::of(Ty::Json);
        };
        match serde_json::from_value::<ReferenceOr<Schema>>(raw.clone()) {
            Ok(ReferenceOr::Reference { reference: next }) => {
                if self.following.contains(&next) || next == reference {
                    self.diagnostics.push(Diagnostic::error(
                        pointer,
                        format!(
                            "recursive $ref cycle: {reference} refers back to itself through {next}"
                        ),
                    ));
                    return Use::of(Ty::Json);
                }
                self.following.push(reference.to_owned());
                let used = self.reference_use(&next, pointer);
                self.following.pop();
                used
            }
            Ok(ReferenceOr::Item(schema)) => {
                let hint = crate::diagnostics::last_token(reference);
                let id = self.allocate(&hint, reference, doc_of(&schema.schema_data));
                self.by_pointer.insert(reference.to_owned(), id);
                if self.schema_nullable(&ReferenceOr::Item(schema.clone()), &mut Vec::new()) {
                    self.nullable.insert(id);
                }
                let name = self.types[id].name.clone();
                let built = self.build_def(&schema, reference, &name);
                self.define(id, built);
                self.named_use(id)
            }
            Err(err) => {
                self.warn(
                    pointer,
                    format!("$ref {reference} is not a schema ({err}); typed as any value"),
                );
                Use::of(Ty::Json)
            }
        }
    }

    /// Whether a member is `readOnly` or `writeOnly`, wherever it says so:
    /// on the member, on the schema a `$ref` names (`id: {$ref: Id}` with
    /// `Id: {type: string, readOnly: true}`), or on an `allOf` member. Quiet:
    /// a reference that leads nowhere was reported where it was typed.
    fn access(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Access {
        const DEEPEST: usize = 16;
        match schema {
            ReferenceOr::Reference { reference } if depth < DEEPEST => reference
                .strip_prefix('#')
                .and_then(|p| {
                    self.spec
                        .raw
                        .pointer(&crate::diagnostics::decode_fragment(p))
                })
                .and_then(|raw| serde_json::from_value::<ReferenceOr<Schema>>(raw.clone()).ok())
                .map(|target| self.access(&target, depth + 1))
                .unwrap_or_default(),
            ReferenceOr::Reference { .. } => Access::default(),
            ReferenceOr::Item(s) => {
                let own = Access {
                    read_only: s.schema_data.read_only,
                    write_only: s.schema_data.write_only,
                };
                match &s.schema_kind {
                    SchemaKind::AllOf { all_of } if depth < DEEPEST => all_of
                        .iter()
                        .map(|member| self.access(member, depth + 1))
                        .fold(own, Access::either),
                    _ => own,
                }
            }
        }
    }

    /// Resolves a schema `$ref` to the schema itself, for merging.
    fn resolve(&mut self, reference: &str, pointer: &str) -> Option<(Cow<'s, Schema>, String)> {
        let spec: &'s LoadedSpec = self.spec;
        if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
            let name = crate::diagnostics::unescape_token(name);
            if let Some(ReferenceOr::Item(schema)) = spec
                .api
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(&name))
            {
                return Some((Cow::Borrowed(schema), reference.to_owned()));
            }
        }
        let found = reference
            .strip_prefix('#')
            .and_then(|p| spec.raw.pointer(&crate::diagnostics::decode_fragment(p)));
        match found.map(|raw| serde_json::from_value::<ReferenceOr<Schema>>(raw.clone())) {
            Some(Ok(ReferenceOr::Item(schema))) => Some((Cow::Owned(schema), reference.to_owned())),
            Some(Ok(ReferenceOr::Reference { reference: next })) => {
                if self.following.contains(&next) || next == reference {
                    self.diagnostics.push(Diagnostic::error(
                        pointer,
                        format!("recursive $ref cycle through {reference}"),
                    ));
                    return None;
                }
                self.following.push(reference.to_owned());
                let resolved = self.resolve(&next, pointer);
                self.following.pop();
                resolved
            }
            _ => {
                self.diagnostics.push(Diagnostic::error(
                    pointer,
                    format!("dangling $ref: {reference} points at nothing in the document"),
                ));
                None
            }
        }
    }

    fn needs_def(&self, schema: &Schema) -> bool {
        let v = view(schema);
        if v.only_not() {
            return false;
        }
        let has_properties = v.properties.is_some_and(|p| !p.is_empty());
        if let [ReferenceOr::Reference { .. }] = v.all_of
            && !has_properties
            && v.required.is_empty()
            && !closes(&v)
        {
            return false;
        }
        if !v.all_of.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty() {
            return true;
        }
        // As `plain` reads it: an object with members is a struct.
        let object = v.typ == Some("object")
            || (v.typ.is_none() && (has_properties || v.additional.is_some()));
        if object {
            return has_properties || !v.required.is_empty();
        }
        matches!(v.typ, Some("string") | None) && string_enum_values(&v).is_some()
    }

    /// Builds the definition of a schema; plain type expressions come back as
    /// `TypeKind::Alias`, with the constraints their uses carry.
    fn build_def(&mut self, schema: &Schema, pointer: &str, name: &str) -> Built {
        let mut v = view(schema);
        self.check_pattern(&mut v.constraints, pointer);
        let mut nullable = v.data.nullable;
        let shape = if v.only_not() {
            Shape::Use(Box::new(Use::of(Ty::Json)))
        } else if let Some(u) = self.variants_inside_all_of(schema, &v, pointer) {
            let discriminator = u.discriminator.as_ref();
            let of = UnionMembers {
                members: &u.variants,
                exclusive: u.exclusive,
                type_named_beside: true,
            };
            let (shape, union_nullable) = self.union(of, discriminator, &u.pointer, name);
            nullable |= union_nullable;
            shape
        } else if let Some((members, key)) = self.variants_beside_properties(schema, &v, pointer) {
            let of = UnionMembers {
                members: &members,
                exclusive: key == "oneOf",
                type_named_beside: true,
            };
            let (shape, union_nullable) = self.union(
                of,
                v.data.discriminator.as_ref(),
                &child(pointer, key),
                name,
            );
            nullable |= union_nullable;
            shape
        } else if !v.all_of.is_empty() {
            let (shape, merged_nullable) = self.all_of(&v, pointer, name);
            nullable |= merged_nullable;
            shape
        } else if (!v.one_of.is_empty() || !v.any_of.is_empty())
            && v.properties.is_none_or(|p| p.is_empty())
        {
            let (members, key) = if v.one_of.is_empty() {
                (v.any_of, "anyOf")
            } else {
                (v.one_of, "oneOf")
            };
            let of = UnionMembers {
                members,
                exclusive: key == "oneOf",
                type_named_beside: v.typ.is_some(),
            };
            let (shape, union_nullable) = self.union(
                of,
                v.data.discriminator.as_ref(),
                &child(pointer, key),
                name,
            );
            nullable |= union_nullable;
            shape
        } else {
            self.plain(&v, pointer, name)
        };
        match shape {
            Shape::Use(used) => Built {
                kind: TypeKind::Alias(used.ty),
                nullable: nullable || used.nullable,
                constraints: v.constraints.merged(&used.constraints),
                item_constraints: used.item_constraints,
            },
            Shape::Def(kind) => Built {
                kind,
                nullable,
                constraints: v.constraints,
                item_constraints: Constraints::default(),
            },
        }
    }

    /// Drops, with a warning, a `pattern` that is no ECMA-262 regular
    /// expression: it could never be checked.
    fn check_pattern(&mut self, constraints: &mut Constraints, pointer: &str) {
        let Some(pattern) = &constraints.pattern else {
            return;
        };
        let compiles = regress::Regex::with_flags(pattern, "u").is_ok()
            || regress::Regex::new(pattern).is_ok();
        if !compiles {
            self.warn(
                &child(pointer, "pattern"),
                format!("`{pattern}` is not an ECMA-262 regular expression; it is not checked"),
            );
            constraints.pattern = None;
        }
    }

    /// Schemas without composition keywords.
    fn plain(&mut self, v: &View<'_>, pointer: &str, name: &str) -> Shape {
        let has_properties = v.properties.is_some_and(|p| !p.is_empty());
        match v.typ {
            Some("object") | None
                if has_properties || v.additional.is_some() || v.typ.is_some() =>
            {
                let mut props = Props::default();
                self.collect_object(v, pointer, &mut props);
                let own = Constraints {
                    property_names: self.property_names(pointer),
                    ..v.constraints.clone()
                };
                self.object(props, name, &own)
            }
            Some("array") | None if v.items.is_some() || v.typ.is_some() => match v.items {
                Some(items) => {
                    let items_pointer = child(pointer, "items");
                    let item = self.schema_use(items, &items_pointer, &format!("{name}Item"));
                    let item_ty = (self.loose(&item.ty, &items_pointer))
                        .unwrap_or_else(|| wrap_nullable(&item));
                    Shape::Use(Box::new(Use {
                        ty: Ty::Vec(Box::new(item_ty)),
                        item_constraints: item.constraints.with_items(item.item_constraints),
                        ..Use::default()
                    }))
                }
                None => Shape::Use(Box::new(Use::of(Ty::Vec(Box::new(Ty::Json))))),
            },
            Some("string") | None => match string_enum_values(v) {
                Some(values) => Shape::Def(TypeKind::Enum(string_enum(values))),
                None if v.typ.is_some() => {
                    Shape::Use(Box::new(Use::of(string_ty(v.format.as_deref()))))
                }
                None => Shape::Use(Box::new(Use::of(Ty::Json))),
            },
            Some("integer") => {
                // A bound written as a float (Go's generators write
                // `maximum: 1.8446744073709552e+19` for a uint64) is the
                // decimal it spells, which may lie past the f64 it reads as.
                let spelled_as_float = ["minimum", "maximum"]
                    .iter()
                    .any(|key| (self.raw_at(&child(pointer, key))).is_some_and(Value::is_f64));
                let format = int_format(v.format.as_deref(), &v.constraints, spelled_as_float);
                Shape::Use(Box::new(Use::of(Ty::Integer(format))))
            }
            Some("number") => Shape::Use(Box::new(Use::of(Ty::Float))),
            Some("boolean") => Shape::Use(Box::new(Use::of(Ty::Bool))),
            _ => Shape::Use(Box::new(Use::of(Ty::Json))),
        }
    }

    fn collect_object(&mut self, v: &View<'_>, pointer: &str, props: &mut Props) {
        if let Some(properties) = v.properties {
            let base = child(pointer, "properties");
            for (name, schema) in properties {
                let earlier = props
                    .properties
                    .insert(name.clone(), (unbox(schema), child(&base, name)));
                // `allOf` members that both describe a property: a value
                // satisfies both, so it is null only where both allow it,
                // and meets the earlier's constraints too.
                if let Some((earlier, at)) = earlier {
                    // A description without a type (`callback_url: {}`)
                    // admits any value, null too.
                    let any_value =
                        matches!(&earlier, ReferenceOr::Item(s) if is_annotation_only(&view(s)));
                    if !any_value && !self.schema_nullable(&earlier, &mut Vec::new()) {
                        props.never_null.insert(name.clone());
                    }
                    let later = unbox(schema);
                    let both = self.both_descriptions(&earlier, &later);
                    // Where one schema says what both do, the later's own
                    // constraints hold beside it too.
                    let mut held = vec![self.own_constraints(&earlier)];
                    held.extend(both.is_some().then(|| self.own_constraints(&later)));
                    let kept = props.earlier_constraints.entry(name.clone()).or_default();
                    for constraints in &held {
                        self.intersect(kept, constraints, &at);
                    }
                    if let Some(both) = both {
                        props.merged.insert(name.clone(), at);
                        props
                            .properties
                            .insert(name.clone(), (both, child(&base, name)));
                    } else {
                        props.merged.remove(name);
                    }
                }
            }
        }
        props.required.extend(v.required.iter().cloned());
        props.required_alternatives.extend(required_alternatives(v));
        props.discriminated |= v.data.discriminator.is_some();
        if let Some(additional) = v.additional {
            props.additional = Some((additional.clone(), child(pointer, "additionalProperties")));
        }
        let counts = &v.constraints;
        props.min_properties = props.min_properties.max(counts.min_properties);
        props.max_properties = match (props.max_properties, counts.max_properties) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// Two `allOf` members' descriptions of one property, as one schema a
    /// value meets only by meeting both, where the later alone would lose
    /// part of the earlier: the `allOf` of two objects (the members of
    /// both, either possibly an `allOf` itself), an array whose items meet
    /// both item schemas, or the earlier's type where the later only
    /// annotates or constrains it (`{description: …}`). `None` otherwise:
    /// the later's type stands, with the earlier's constraints and
    /// nullability (see `collect_object`).
    fn both_descriptions(
        &self,
        earlier: &ReferenceOr<Schema>,
        later: &ReferenceOr<Schema>,
    ) -> Option<ReferenceOr<Schema>> {
        if earlier == later {
            return None;
        }
        let (first, second) = (self.one_ref_deep(earlier)?, self.one_ref_deep(later)?);
        let (a, b) = (view(&first), view(&second));
        let has_members = |v: &View<'_>| v.properties.is_some_and(|p| !p.is_empty());
        // An object that only requires members (`{type: object, required:
        // [email]}`) merges too: the members the other describes stay.
        let merges = |v: &View<'_>| {
            has_members(v)
                || !v.all_of.is_empty()
                || v.typ == Some("object")
                || !v.required.is_empty()
        };
        let all_of = |all_of| SchemaKind::AllOf { all_of };
        // What the two say of the value, as one: null only where both allow
        // it (a schema that only annotates allows anything), read-only
        // (write-only, deprecated) where either says so, the later's
        // description and default, else the earlier's.
        let (x, y) = (&first.schema_data, &second.schema_data);
        let schema_data = SchemaData {
            nullable: (x.nullable || is_annotation_only(&a))
                && (y.nullable || is_annotation_only(&b)),
            read_only: x.read_only || y.read_only,
            write_only: x.write_only || y.write_only,
            deprecated: x.deprecated || y.deprecated,
            description: y.description.clone().or_else(|| x.description.clone()),
            default: y.default.clone().or_else(|| x.default.clone()),
            discriminator: y.discriminator.clone().or_else(|| x.discriminator.clone()),
            ..y.clone()
        };
        let earlier_kind = || match earlier {
            ReferenceOr::Item(_) => first.schema_kind.clone(),
            reference => all_of(vec![reference.clone()]),
        };
        let (first_values, second_values) = (self.unwrapped(&first), self.unwrapped(&second));
        match narrowed_string_enum(&view(&first_values), &view(&second_values)) {
            Narrowed::Later => {}
            Narrowed::Earlier => {
                return Some(ReferenceOr::Item(Schema {
                    schema_data,
                    schema_kind: earlier_kind(),
                }));
            }
            Narrowed::Both(values) => {
                return Some(ReferenceOr::Item(string_enum_schema(schema_data, values)));
            }
        }
        if is_annotation_only(&b) && !is_annotation_only(&a) {
            // The earlier's type, described by the later (whose constraints
            // are held beside it, as the earlier's are).
            return Some(ReferenceOr::Item(Schema {
                schema_data,
                schema_kind: earlier_kind(),
            }));
        }
        if (has_members(&a) || has_members(&b)) && merges(&a) && merges(&b) {
            return Some(ReferenceOr::Item(Schema {
                schema_data,
                schema_kind: all_of(vec![earlier.clone(), later.clone()]),
            }));
        }
        let (Some(first_items), Some(second_items)) = (a.items, b.items) else {
            return None;
        };
        if [a.typ, b.typ]
            .iter()
            .any(|t| t.is_some_and(|t| t != "array"))
        {
            return None;
        }
        let items = if first_items == second_items {
            first_items.clone()
        } else {
            ReferenceOr::Item(Box::new(Schema {
                schema_data: SchemaData::default(),
                schema_kind: all_of(vec![unbox(first_items), unbox(second_items)]),
            }))
        };
        // Item counts are held beside, with both members' other constraints.
        Some(ReferenceOr::Item(Schema {
            schema_data,
            schema_kind: SchemaKind::Type(Type::Array(openapiv3::ArrayType {
                items: Some(items),
                min_items: None,
                max_items: None,
                unique_items: false,
            })),
        }))
    }

    /// `schema`, or the one schema it wraps (`allOf: [$ref]` with only
    /// annotations beside it, as a `$ref` with siblings is lowered to).
    fn unwrapped(&self, schema: &Schema) -> Schema {
        let v = view(schema);
        let sole = match v.all_of {
            [only] if is_annotation_only(&View { all_of: &[], ..v }) => self.one_ref_deep(only),
            _ => None,
        };
        sole.unwrap_or_else(|| schema.clone())
    }

    /// The lowered document's value at `pointer` (`#/…`), for the keywords
    /// openapiv3 does not read.
    fn raw_at(&self, pointer: &str) -> Option<&'s Value> {
        self.spec.raw_at(pointer)
    }

    /// The rules of the `propertyNames` of the object schema at `pointer`
    /// (which openapiv3 does not read): its string lengths, `pattern` and
    /// checked `format`, following one `$ref`.
    fn property_names(&mut self, pointer: &str) -> Option<Box<Constraints>> {
        let names = self.raw_at(pointer)?.get("propertyNames")?;
        let names = match names.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.raw_at(reference)?,
            None => names,
        };
        let length = |key: &str| {
            names
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        let mut rules = Constraints {
            min_length: length("minLength"),
            max_length: length("maxLength"),
            pattern: names
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            format: names
                .get("format")
                .and_then(Value::as_str)
                .filter(|format| is_checked_format(format))
                .map(str::to_owned),
            ..Constraints::default()
        };
        self.check_pattern(&mut rules, &child(pointer, "propertyNames"));
        (!rules.is_empty()).then(|| Box::new(rules))
    }

    /// What the property schema at `pointer` says of its XML form. Its own
    /// `xml` names it; a `$ref` is followed (once) for wrapping and for the
    /// items, whose name may come from the schema they reference.
    fn xml_member(&self, pointer: &str) -> XmlMember {
        let at = |pointer: &str| self.raw_at(pointer);
        let followed = |schema: &'s serde_json::Value| match schema.get("$ref") {
            Some(serde_json::Value::String(reference)) => at(reference),
            _ => Some(schema),
        };
        fn xml(schema: Option<&serde_json::Value>) -> Option<&serde_json::Value> {
            schema?.get("xml")
        }
        fn name(xml: Option<&serde_json::Value>) -> Option<String> {
            Some(xml?.get("name")?.as_str()?.to_owned())
        }
        fn flag(xml: Option<&serde_json::Value>, key: &str) -> bool {
            xml.and_then(|x| x.get(key))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false)
        }
        let own = at(pointer);
        let target = own.and_then(followed);
        let items = target.and_then(|t| t.get("items")).and_then(followed);
        XmlMember {
            name: name(xml(own)),
            attribute: flag(xml(own), "attribute"),
            wrapped: flag(xml(own), "wrapped") || flag(xml(target), "wrapped"),
            item_name: name(xml(items)),
        }
    }

    /// An object schema: a struct when it declares properties (or requires
    /// members), else a map.
    fn object(&mut self, props: Props, name: &str, own: &Constraints) -> Shape {
        let additional_use =
            props
                .additional
                .as_ref()
                .and_then(|(additional, pointer)| match additional {
                    AdditionalProperties::Any(false) => None,
                    AdditionalProperties::Any(true) => Some(Use::of(Ty::Json)),
                    AdditionalProperties::Schema(schema) => {
                        Some(self.schema_use(schema, pointer, &format!("{name}Value")))
                    }
                });
        let mut additional = additional_use.as_ref().map(|used| {
            let pointer = props.additional.as_ref().map_or("", |(_, pointer)| pointer);
            self.loose(&used.ty, pointer)
                .unwrap_or_else(|| wrap_nullable(used))
        });
        let value_constraints = additional_use
            .map(|u| u.constraints.with_items(u.item_constraints))
            .unwrap_or_default();
        if props.properties.is_empty() && props.required.is_empty() {
            // No member declared and none other allowed: only `{}` is valid.
            let closed = matches!(
                props.additional,
                Some((AdditionalProperties::Any(false), _))
            );
            return Shape::Use(Box::new(Use {
                ty: Ty::Map(Box::new(additional.unwrap_or(Ty::Json))),
                constraints: Constraints {
                    min_properties: props.min_properties,
                    max_properties: if closed {
                        Some(0)
                    } else {
                        props.max_properties
                    },
                    ..own.clone()
                },
                item_constraints: value_constraints,
                ..Use::default()
            }));
        }
        let mut fields_ns = Namespace::with_reserved(&["additional_properties"]);
        let mut fields = Vec::with_capacity(props.properties.len());
        for (json_name, (schema, pointer)) in &props.properties {
            let hint = format!("{name}{}", type_word(json_name));
            let mut used = match (schema, props.merged.get(json_name)) {
                // The later's place may hold it alone, built already; the
                // same two meet again wherever their objects are merged.
                (ReferenceOr::Item(merged), Some(earlier)) => {
                    let key = format!("{earlier} & {pointer}");
                    self.inline_use_once(merged, &key, pointer, &hint)
                }
                _ => self.schema_use(schema, pointer, &hint),
            };
            used.nullable &= !props.never_null.contains(json_name);
            if let Some(loose) = self.loose(&used.ty, pointer) {
                // `null` is one of the values `Loose` keeps.
                used.ty = loose;
                used.nullable = false;
            }
            if let Some(earlier) = props.earlier_constraints.get(json_name) {
                self.intersect(&mut used.constraints, earlier, pointer);
            }
            let data = match schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let (default, deprecated) = match data {
                Some(d) => (d.default.clone(), d.deprecated),
                None => (None, false),
            };
            let Access {
                read_only,
                write_only,
            } = self.access(schema, 0);
            let replacement = data.filter(|d| d.deprecated).and_then(|d| {
                super::deprecation::replacement(&d.extensions, d.description.as_deref())
            });
            let required = props.required.contains(json_name);
            let mut default = default.filter(|d| default_fits(&used.ty, d, &self.types));
            // A default is applied to requests that leave the member out, so
            // one its own rules refuse would refuse them.
            if let Some(rule) = default
                .as_ref()
                .and_then(|d| rule_broken_by(d, &used.constraints))
            {
                self.warn(
                    &child(pointer, "default"),
                    format!("the `default` breaks the member's own `{rule}`, so it is not applied"),
                );
                default = None;
            }
            let presence = match (required && !read_only && !write_only, used.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                // A write-only member may be sent as null (box's `password:
                // null` removes a password); a read-only one is only read,
                // where `Option` says all a reader needs.
                (false, true) if !read_only => Presence::OptionalNullable,
                (false, true) => Presence::OptionalOrNull,
                // A read-only member's default is the server's to apply.
                (false, _) if default.is_some() && !used.nullable && !read_only => {
                    Presence::Defaulted
                }
                (false, _) => Presence::Optional,
            };
            fields.push(Field {
                rust_name: fields_ns.claim(&field_ident(json_name)),
                json_name: json_name.clone(),
                ty: used.ty,
                presence,
                doc: used.doc,
                default,
                read_only,
                write_only,
                required_in_requests: required && write_only && !read_only,
                deprecated,
                replacement,
                constraints: used.constraints,
                item_constraints: used.item_constraints,
                boxed: false,
                fixed: None,
                xml: self.xml_member(pointer),
            });
        }
        // Only required members, a count of members that the others take
        // part in, or a base of subtypes (a `discriminator` beside its
        // properties, as Java and .NET generators write inheritance): the
        // others are kept, as the schema allows them, and a subtype's
        // members reach the handler.
        let counted = props.min_properties.is_some() || props.max_properties.is_some();
        if props.additional.is_none()
            && (props.properties.is_empty() || counted || props.discriminated)
        {
            additional = Some(Ty::Json);
        }
        // A member the schema requires without describing it: any value,
        // null included. Requests must carry it (the server checks), but it
        // is typed as optional: such a `required` is most often a slip of
        // the document, answers (and mocks of them) leave it out, and a
        // client must still read them.
        for json_name in &props.required {
            if props.properties.contains_key(json_name) {
                continue;
            }
            fields.push(Field {
                rust_name: fields_ns.claim(&field_ident(json_name)),
                json_name: json_name.clone(),
                ty: Ty::Json,
                presence: Presence::OptionalNullable,
                doc: Some(
                    "Required by the schema, which does not describe it: requests\n\
                     must carry it (any value); answers without it are still read."
                        .into(),
                ),
                default: None,
                read_only: false,
                write_only: false,
                required_in_requests: true,
                deprecated: false,
                replacement: None,
                constraints: Constraints::default(),
                item_constraints: Constraints::default(),
                boxed: false,
                fixed: None,
                xml: XmlMember::default(),
            });
        }
        let closed = matches!(
            props.additional,
            Some((AdditionalProperties::Any(false), _))
        );
        Shape::Def(TypeKind::Struct(Struct {
            fields,
            additional,
            additional_constraints: Box::new(value_constraints),
            closed,
            additional_names: own.property_names.clone(),
            min_properties: props.min_properties,
            max_properties: props.max_properties,
            required_alternatives: props.required_alternatives,
        }))
    }

    /// `allOf`: one referenced type stays that type; object members merge into
    /// one struct.
    fn all_of(&mut self, v: &View<'_>, pointer: &str, name: &str) -> (Shape, bool) {
        // Closing the one member it names (`unevaluatedProperties: false`
        // beside a `$ref`) makes a type of its own, as members would.
        let own_properties =
            v.properties.is_some_and(|p| !p.is_empty()) || !v.required.is_empty() || closes(v);
        if let ([only], false) = (v.all_of, own_properties) {
            let used = self.schema_use(only, &child(&child(pointer, "allOf"), "0"), name);
            let nullable = used.nullable;
            return (Shape::Use(Box::new(used)), nullable);
        }
        let mut props = Props {
            typed_object: v.typ == Some("object"),
            ..Props::default()
        };
        let mut others = Vec::new();
        let mut nullable = false;
        self.collect_object(v, pointer, &mut props);
        let mut seen = Vec::new();
        for (i, member) in v.all_of.iter().enumerate() {
            self.merge_member(
                member,
                &child(&child(pointer, "allOf"), &i.to_string()),
                &mut props,
                &mut others,
                &mut nullable,
                &mut seen,
            );
        }
        if props.properties.is_empty() && props.additional.is_none() && props.required.is_empty() {
            match others.as_slice() {
                // Annotations only (`allOf: [{}, {description}]`): any value,
                // unless a member asks for an object.
                [] if !props.typed_object => {
                    return (Shape::Use(Box::new(Use::of(Ty::Json))), nullable);
                }
                [] => {
                    return (
                        Shape::Use(Box::new(Use::of(Ty::Map(Box::new(Ty::Json))))),
                        nullable,
                    );
                }
                [(only, member_pointer)] => {
                    let only = only.clone();
                    let mut used = self.schema_use(&only, member_pointer, name);
                    self.intersect(&mut used.constraints, &props.member_constraints, pointer);
                    let nullable = nullable || used.nullable;
                    return (Shape::Use(Box::new(used)), nullable);
                }
                _ => {
                    let others = others.clone();
                    if let Some(used) = self.scalars_of_one_type(&others, &props, name) {
                        let nullable = used.nullable;
                        return (Shape::Use(Box::new(used)), nullable);
                    }
                    self.warn(
                        pointer,
                        "allOf of several non-object schemas; typed as any value",
                    );
                    return (Shape::Use(Box::new(Use::of(Ty::Json))), nullable);
                }
            }
        }
        if !others.is_empty() {
            self.warn(
                pointer,
                "allOf mixes objects with non-object schemas; only the object properties are typed",
            );
        }
        // Null also where every member takes it (`allOf: [$ref: NullableUser,
        // {description: …}]`), and the schema beside them does too.
        let every_member_takes_null = (v.typ.is_none() || v.data.nullable)
            && v.all_of.iter().all(|member| self.takes_null(member));
        (
            self.object(props, name, &v.constraints),
            nullable || every_member_takes_null,
        )
    }

    /// `allOf` of scalars of one type (`[{type: integer, minimum: -5},
    /// {type: integer, maximum: 5}]`): the type of the member that lists
    /// values (`[$ref: Scope, {type: string, nullable: true}]` is a
    /// `Scope`), else of the first, with every member's constraints; null
    /// only when every member allows it. Several string enums are the
    /// values all of them list (the member listing just those, if one
    /// does). `None` when the members are not all plain scalars of the
    /// same type, or several list values that are not all strings.
    fn scalars_of_one_type(
        &mut self,
        members: &[(ReferenceOr<Schema>, String)],
        props: &Props,
        name: &str,
    ) -> Option<Use> {
        let mut typ = None;
        let mut views = Vec::new();
        let mut listing = Vec::new();
        for (i, (member, _)) in members.iter().enumerate() {
            let schema = self.one_ref_deep(member)?;
            let v = view(&schema);
            let values = string_enum_values(&v);
            let scalar: &'static str = match v.typ.or(values.as_ref().map(|_| "string"))? {
                "string" => "string",
                "integer" => "integer",
                "number" => "number",
                "boolean" => "boolean",
                _ => return None,
            };
            if !v.is_unstructured() || *typ.get_or_insert(scalar) != scalar {
                return None;
            }
            if !v.enumeration.is_empty() {
                listing.push((i, values));
            }
            views.push((v.constraints.clone(), v.data.nullable));
        }
        let (chosen, chosen_pointer) = match listing.as_slice() {
            [] => members.first()?.clone(),
            [(only, _)] => members[*only].clone(),
            several => {
                let lists: Vec<&Vec<String>> = several
                    .iter()
                    .map(|(_, values)| values.as_ref())
                    .collect::<Option<_>>()?;
                let both: Vec<String> = (lists[0].iter())
                    .filter(|value| lists[1..].iter().all(|list| list.contains(value)))
                    .cloned()
                    .collect();
                let first_pointer = &members[several[0].0].1;
                if both.is_empty() {
                    self.warn(
                        first_pointer,
                        "allOf members list no value in common, so no value meets it; \
                         typed as any value",
                    );
                    return Some(Use::of(Ty::Json));
                }
                match several
                    .iter()
                    .find(|(_, values)| values.as_ref() == Some(&both))
                {
                    Some((exact, _)) => members[*exact].clone(),
                    None => {
                        let schema_data = SchemaData {
                            nullable: views.iter().all(|(_, nullable)| *nullable),
                            ..SchemaData::default()
                        };
                        let schema = string_enum_schema(schema_data, both);
                        (ReferenceOr::Item(schema), first_pointer.clone())
                    }
                }
            }
        };
        let mut used = self.schema_use(&chosen, &chosen_pointer, name);
        let mut constraints = props.member_constraints.clone();
        for ((member_constraints, nullable), (_, pointer)) in views.iter().zip(members) {
            self.intersect(&mut constraints, member_constraints, pointer);
            used.nullable &= *nullable;
        }
        self.intersect(&mut used.constraints, &constraints, &chosen_pointer);
        Some(used)
    }

    /// Whether a schema (through one `$ref`) takes `null`: it says it is
    /// nullable, or it says nothing of the value's type.
    fn takes_null(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.one_ref_deep(schema).is_some_and(|schema| {
            let v = view(&schema);
            v.data.nullable || is_annotation_only(&v)
        })
    }

    /// The validation keywords a schema states itself (through one `$ref`),
    /// without building its type.
    fn own_constraints(&self, schema: &ReferenceOr<Schema>) -> Constraints {
        self.one_ref_deep(schema)
            .map(|schema| view(&schema).constraints)
            .unwrap_or_default()
    }

    /// `schema` itself, or the schema its `$ref` names (not followed
    /// further).
    fn one_ref_deep(&self, schema: &ReferenceOr<Schema>) -> Option<Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.clone()),
            ReferenceOr::Reference { reference } => match self.raw_schema(reference)? {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { .. } => None,
            },
        }
    }

    /// `into` becomes what both it and `other` ask, with a warning at
    /// `pointer` when part of `other` cannot be said with `into`'s.
    fn intersect(&mut self, into: &mut Constraints, other: &Constraints, pointer: &str) {
        let (both, kept_all) = into.intersected(other);
        *into = both;
        if !kept_all {
            self.warn(
                pointer,
                "allOf members with different patterns, multipleOf or enums: only the first's is checked",
            );
        }
    }

    fn merge_member(
        &mut self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        props: &mut Props,
        others: &mut Vec<(ReferenceOr<Schema>, String)>,
        nullable: &mut bool,
        seen: &mut Vec<String>,
    ) {
        let (schema, at) = match member {
            ReferenceOr::Reference { reference } => {
                // What a schema asks of a value is asked already where it
                // is included again inside itself.
                if seen.contains(reference) {
                    self.warn(
                        pointer,
                        format!(
                            "allOf includes {reference} inside itself, which adds nothing; left out"
                        ),
                    );
                    return;
                }
                let Some((schema, at)) = self.resolve(reference, pointer) else {
                    return;
                };
                seen.push(reference.clone());
                (schema, at)
            }
            ReferenceOr::Item(schema) => (Cow::Owned(schema.clone()), pointer.to_owned()),
        };
        let v = view(&schema);
        *nullable |= v.data.nullable && is_annotation_only(&v);
        let has_members = v.properties.is_some_and(|p| !p.is_empty())
            || v.additional.is_some()
            || !v.all_of.is_empty();
        // `type: object` beside `oneOf`/`anyOf` only says the variants are
        // objects: the member is the union, not an empty object.
        let is_union = !v.one_of.is_empty() || !v.any_of.is_empty();
        let is_object = has_members || (v.typ == Some("object") && !is_union);
        if is_object {
            props.typed_object |= v.typ == Some("object");
            self.collect_object(&v, &at, props);
            for (i, nested) in v.all_of.iter().enumerate() {
                self.merge_member(
                    nested,
                    &child(&child(&at, "allOf"), &i.to_string()),
                    props,
                    others,
                    nullable,
                    seen,
                );
            }
        } else if is_annotation_only(&v)
            || (!v.required.is_empty()
                && v.typ.is_none()
                && v.one_of.is_empty()
                && v.any_of.is_empty())
        {
            props.required.extend(v.required.iter().cloned());
            self.intersect(&mut props.member_constraints, &v.constraints, pointer);
        } else {
            others.push((member.clone(), pointer.to_owned()));
        }
        if let ReferenceOr::Reference { .. } = member {
            seen.pop();
        }
    }

    /// `oneOf`/`anyOf` of objects beside an object's own properties or
    /// `allOf` (a parent that lists its children, each of which includes
    /// the parent): a value is the object and one member, so each variant
    /// is the `allOf` of the two (the properties and `required` of both,
    /// merged). `None` when there are no such members, or when they only
    /// require members (then they are a rule on the one struct, see
    /// `required_alternatives`).
    fn variants_beside_properties(
        &mut self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
    ) -> Option<(Vec<ReferenceOr<Schema>>, &'static str)> {
        if v.properties.is_none_or(IndexMap::is_empty) && v.all_of.is_empty() {
            return None;
        }
        let (members, key) = match (v.one_of, v.any_of) {
            ([], []) => return None,
            (one_of, []) => (one_of, "oneOf"),
            ([], any_of) => (any_of, "anyOf"),
            _ => return None,
        };
        if required_sets(members, true).is_some() {
            return None;
        }
        // Members that say nothing of objects would make no sense merged.
        if !members.iter().all(|m| self.is_object_schema(m, 0)) {
            let beside = if v.all_of.is_empty() {
                "properties"
            } else {
                "allOf"
            };
            self.warn(
                &child(pointer, key),
                format!(
                    "{key} beside {beside} has members that are not objects; \
                     only the properties are typed and checked"
                ),
            );
            return None;
        }
        let mut base = schema.clone();
        base.schema_data.discriminator = None;
        base.schema_data.nullable = false;
        if let SchemaKind::Any(any) = &mut base.schema_kind {
            any.one_of.clear();
            any.any_of.clear();
        }
        Some((each_with(&base, members), key))
    }

    /// A union of objects among an `allOf`'s members, beside members or
    /// properties that describe objects too: a value is all of those and
    /// one variant, so each variant is the `allOf` of the others and it.
    /// `None` when there is not exactly one such union, or nothing beside it.
    fn variants_inside_all_of(
        &self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
    ) -> Option<UnionInAllOf> {
        // A member that is itself an `allOf` adds its members: the union
        // may be found a level down (`allOf: [Base, $ref: AllOfWithUnion]`).
        let mut all_of = Vec::new();
        self.flatten_all_of(v.all_of, &mut all_of, 0);
        let mut unions = all_of.iter().enumerate().filter_map(|(i, member)| {
            let union = self.one_ref_deep(member)?;
            let u = view(&union);
            let (members, key) = match (u.one_of, u.any_of) {
                (one_of, []) if !one_of.is_empty() => (one_of.to_vec(), "oneOf"),
                ([], any_of) if !any_of.is_empty() => (any_of.to_vec(), "anyOf"),
                _ => return None,
            };
            let pure = u.properties.is_none_or(IndexMap::is_empty) && u.all_of.is_empty();
            (pure && members.iter().all(|m| self.is_object_schema(m, 0)))
                .then(|| (i, members, key, union.schema_data.discriminator.clone()))
        });
        let (at, members, key, discriminator) = unions.next()?;
        if unions.next().is_some() {
            return None;
        }
        let beside_is_object = v.properties.is_some_and(|p| !p.is_empty())
            || (all_of.iter().enumerate())
                .any(|(i, member)| i != at && self.is_object_schema(member, 0));
        if !beside_is_object {
            return None;
        }
        all_of.remove(at);
        let mut base = schema.clone();
        match &mut base.schema_kind {
            SchemaKind::AllOf { all_of: own } => *own = all_of,
            SchemaKind::Any(any) => any.all_of = all_of,
            _ => return None,
        }
        // The pointer of a union found a level down names the top member.
        let union_pointer = child(&child(&child(pointer, "allOf"), &at.to_string()), key);
        Some(UnionInAllOf {
            variants: each_with(&base, &members),
            exclusive: key == "oneOf",
            discriminator,
            pointer: union_pointer,
        })
    }

    /// `members` into `into`, each member that is only an `allOf` (through
    /// one `$ref`) replaced by its own members.
    fn flatten_all_of(
        &self,
        members: &[ReferenceOr<Schema>],
        into: &mut Vec<ReferenceOr<Schema>>,
        depth: usize,
    ) {
        for member in members {
            match self.one_ref_deep(member) {
                Some(Schema {
                    schema_kind: SchemaKind::AllOf { all_of },
                    ..
                }) if depth < 8 => self.flatten_all_of(&all_of, into, depth + 1),
                _ => into.push(member.clone()),
            }
        }
    }

    /// Whether `member` (through its `$ref`s) describes objects: it says
    /// `type: object`, lists properties or required members, is a union
    /// (`oneOf`/`anyOf`) of such schemas, or includes one (`allOf`).
    fn is_object_schema(&self, member: &ReferenceOr<Schema>, depth: usize) -> bool {
        let schema = match member {
            ReferenceOr::Item(schema) => Cow::Borrowed(schema),
            ReferenceOr::Reference { reference } => match self.raw_schema(reference) {
                Some(ReferenceOr::Item(schema)) => Cow::Owned(schema),
                _ => return false,
            },
        };
        let m = view(&schema);
        let union = if m.one_of.is_empty() {
            m.any_of
        } else {
            m.one_of
        };
        m.typ == Some("object")
            || m.properties.is_some_and(|p| !p.is_empty())
            || !m.required.is_empty()
            // Deep enough for any real document, short of a cycle.
            || (depth < 8
                && ((!union.is_empty()
                    && union.iter().all(|u| self.is_object_schema(u, depth + 1)))
                    || m.all_of.iter().any(|a| self.is_object_schema(a, depth + 1))))
    }

    /// `oneOf`/`anyOf`: a string enum when every member is one, else an enum
    /// of variants. Tags from the discriminator's mapping and the members'
    /// schema names are known here; tags from fixed member values, implicit
    /// discriminators and the order untagged variants are tried in need
    /// every type built, so [`super::unions::settle`] adds them at the end.
    /// Also whether null is a value of the union: a member takes it when
    /// nullable, or when it says nothing of the value and no type is named
    /// beside the union.
    fn union(
        &mut self,
        of: UnionMembers<'_>,
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &str,
        name: &str,
    ) -> (Shape, bool) {
        let UnionMembers {
            members,
            exclusive,
            type_named_beside,
        } = of;
        // A member allowing only null (`oneOf: [A, B, NullEnum]`) is what
        // makes the union nullable, not a variant every value would match.
        // The others keep their index: pointers name members by it.
        let null_member: Vec<bool> = members.iter().map(|m| self.only_null(m)).collect();
        let has_null_member = null_member.contains(&true) && null_member.contains(&false);
        let others: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|&(i, _)| !(has_null_member && null_member[i]))
            .collect();
        let other_schemas: Vec<&ReferenceOr<Schema>> = others.iter().map(|&(_, m)| m).collect();
        if let Some(values) = self.merged_string_enum(&other_schemas, pointer) {
            return (
                Shape::Def(TypeKind::Enum(string_enum(values))),
                has_null_member,
            );
        }
        let mut null_takers = usize::from(has_null_member);
        let takes_null = |builder: &Self, member: &ReferenceOr<Schema>, used: &Use| {
            used.nullable || (!type_named_beside && builder.takes_null(member))
        };
        if let [(i, only)] = others[..] {
            let used = self.schema_use(only, &child(pointer, &i.to_string()), name);
            null_takers += usize::from(takes_null(self, only, &used));
            let nullable = union_admits_null(null_takers, exclusive);
            return (Shape::Use(Box::new(used)), nullable);
        }
        let mut variant_names = Namespace::default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in others {
            let member_pointer = child(pointer, &i.to_string());
            let hint = format!("{name}Variant{}", i + 1);
            let used = self.schema_use(member, &member_pointer, &hint);
            null_takers += usize::from(takes_null(self, member, &used));
            let label = match (&member, &used.ty) {
                (ReferenceOr::Reference { .. }, Ty::Named(id)) => self.types[*id].name.clone(),
                (ReferenceOr::Item(s), _) if s.schema_data.title.is_some() => {
                    variant_ident(s.schema_data.title.as_deref().unwrap_or_default())
                }
                (_, Ty::Named(_)) => format!("Variant{}", i + 1),
                (_, ty) => ty_label(ty).to_owned(),
            };
            let tags = match (named_member(member), discriminator) {
                (Some(reference), Some(d)) => {
                    let mut tags: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference || reference.ends_with(&format!("/{target}"))
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    // The schema's name is its tag too, unless the mapping
                    // gives that value to a variant (OpenAPI's implicit
                    // mapping); a mapped value comes first, as it is the
                    // one written.
                    let implicit = crate::diagnostics::last_token(reference);
                    if !d.mapping.contains_key(&implicit) && !tags.contains(&implicit) {
                        tags.push(implicit);
                    }
                    tags
                }
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                name: variant_names.claim(&label),
                ty: wrap_nullable(&Use {
                    nullable: false,
                    ..used.clone()
                }),
                tags,
                takes_unclaimed_tags: false,
                boxed: false,
                constraints: used.constraints,
                item_constraints: used.item_constraints,
            });
        }
        let tagging = match discriminator {
            Some(d) => Tagging::Tag {
                property: d.property_name.clone(),
                explicit: true,
            },
            None => Tagging::Untagged,
        };
        (
            Shape::Def(TypeKind::Union(Union {
                variants,
                tagging,
                exclusive,
            })),
            union_admits_null(null_takers, exclusive),
        )
    }

    /// Whether a union member allows only null (itself, or the component
    /// it names).
    fn only_null(&self, member: &ReferenceOr<Schema>) -> bool {
        match member {
            ReferenceOr::Item(schema) => allows_only_null(schema),
            ReferenceOr::Reference { reference } => {
                matches!(self.component(reference), Some(ReferenceOr::Item(schema)) if allows_only_null(schema))
            }
        }
    }

    /// Every member a string enum (or `const`) → their values, merged.
    fn merged_string_enum(
        &mut self,
        members: &[&ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for member in members {
            let schema = match member {
                ReferenceOr::Item(s) => Cow::Borrowed(s),
                ReferenceOr::Reference { reference } => self.resolve(reference, pointer)?.0,
            };
            let v = view(&schema);
            if !v.all_of.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty() {
                return None;
            }
            values.extend(string_enum_values(&v)?);
        }
        let mut seen = HashSet::new();
        values.retain(|v| seen.insert(v.clone()));
        Some(values)
    }

    /// Finishes the build: settles unions (tags, implicit discriminators,
    /// variant order), shares repeated inline types when `repeats` says so
    /// (the mentions in `operations` and `webhooks` follow), boxes
    /// recursive fields, hands over the types.
    pub(super) fn finish(
        mut self,
        repeats: super::Repeats,
        operations: &mut [Operation],
        webhooks: &mut [Webhook],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<TypeDef> {
        super::unions::settle(&mut self.types);
        if repeats == super::Repeats::Shared {
            super::dedup::share(&mut self.types, self.components, operations, webhooks);
        }
        for id in super::recursion::box_cycles(&mut self.types) {
            let def = &self.types[id];
            self.diagnostics.push(Diagnostic::error(
                &def.pointer,
                format!(
                    "recursive $ref cycle: `{}` only refers to schemas that lead back to it",
                    def.name
                ),
            ));
        }
        for id in super::recursion::break_alias_cycles(&mut self.types) {
            let def = &self.types[id];
            self.diagnostics.push(Diagnostic::warning(
                &def.pointer,
                format!(
                    "`{}` contains itself only through arrays or maps: its nested levels \
                     are typed as any JSON value",
                    def.name
                ),
            ));
        }
        super::size::box_large_variants(&mut self.types);
        diagnostics.append(&mut self.diagnostics);
        self.types
    }
}

/// Whether a schema, as written, describes an object's members but names
/// no `type` (nor composes, nor lists values): JSON Schema holds only
/// objects to its properties, so any other value is valid too.
pub fn names_no_type(schema: &Value) -> bool {
    untyped(schema).is_some_and(describes_members)
}

/// Whether a schema, as written, describes a list's items but names no
/// `type` (nor members): any value that is no list is valid too.
fn lists_without_type(schema: &Value) -> bool {
    untyped(schema).is_some_and(|s| s.contains_key("items") && !describes_members(s))
}

/// The keywords that give a schema a type, or its values another way.
const TYPING_WORDS: [&str; 8] = [
    "type", "$ref", "allOf", "oneOf", "anyOf", "not", "enum", "const",
];

/// The schema, if it names no type, composes nothing and lists no values.
fn untyped(schema: &Value) -> Option<&serde_json::Map<String, Value>> {
    let schema = schema.as_object()?;
    (!TYPING_WORDS.iter().any(|word| schema.contains_key(*word))).then_some(schema)
}

/// The one member of an `allOf` that stands alone (annotations such as a
/// `description` beside it, as a `$ref` with siblings is lowered to).
fn only_all_of(schema: &Value) -> Option<&Value> {
    let schema = schema.as_object()?;
    let [only] = schema.get("allOf")?.as_array()?.as_slice() else {
        return None;
    };
    let beside = TYPING_WORDS.iter().filter(|word| **word != "allOf");
    let alone =
        !schema.contains_key("properties") && !beside.into_iter().any(|w| schema.contains_key(*w));
    alone.then_some(only)
}

fn describes_members(schema: &serde_json::Map<String, Value>) -> bool {
    (schema.get("properties").and_then(Value::as_object)).is_some_and(|p| !p.is_empty())
}

/// The type of a use: `Option` when null is allowed.
pub(super) fn wrap_nullable(used: &Use) -> Ty {
    if used.nullable {
        Ty::Option(Box::new(used.ty.clone()))
    } else {
        used.ty.clone()
    }
}

fn is_annotation_only(v: &View<'_>) -> bool {
    v.typ.is_none()
        && v.properties.is_none_or(|p| p.is_empty())
        && v.is_unstructured()
        && v.enumeration.is_empty()
        && v.required.is_empty()
}

/// A union of objects inside an `allOf`, distributed over it (see
/// `variants_inside_all_of`).
struct UnionInAllOf {
    /// Each member of the union merged with the rest of the `allOf`.
    variants: Vec<ReferenceOr<Schema>>,
    /// `oneOf` (rather than `anyOf`).
    exclusive: bool,
    discriminator: Option<openapiv3::Discriminator>,
    /// Where the union is written.
    pointer: String,
}

/// Each member as the `allOf` of `base` and it, titled with the member's
/// name, so that the variant is labelled as the member alone would be.
fn each_with(base: &Schema, members: &[ReferenceOr<Schema>]) -> Vec<ReferenceOr<Schema>> {
    members
        .iter()
        .map(|member| {
            let title = match member {
                ReferenceOr::Reference { reference } => {
                    Some(crate::diagnostics::last_token(reference))
                }
                ReferenceOr::Item(schema) => schema.schema_data.title.clone(),
            };
            ReferenceOr::Item(Schema {
                schema_data: openapiv3::SchemaData {
                    title,
                    ..Default::default()
                },
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![ReferenceOr::Item(base.clone()), member.clone()],
                },
            })
        })
        .collect()
}

fn string_enum_values(v: &View<'_>) -> Option<Vec<String>> {
    if v.enumeration.is_empty() || !matches!(v.typ, Some("string") | None) {
        return None;
    }
    v.enumeration
        .iter()
        .map(|e| e.as_str().map(str::to_owned))
        .collect()
}

/// Which of two descriptions of one string, at least one of them an enum,
/// lists the values both allow (see `narrowed_string_enum`).
enum Narrowed {
    /// The later's (also where neither is a string enum, or no value is
    /// in both: the later's type stands, as for any other pair).
    Later,
    /// The earlier's: the later allows more (`allOf: [{enum: [NUMERIC]},
    /// $ref: DataType]`), or any string.
    Earlier,
    /// Neither's: these values, in the earlier's order, are in both.
    Both(Vec<String>),
}

/// The values two `allOf` members' descriptions of one string both allow,
/// where one is a string enum: a value must be in each.
fn narrowed_string_enum(earlier: &View<'_>, later: &View<'_>) -> Narrowed {
    let Some(earlier_values) = string_enum_values(earlier) else {
        return Narrowed::Later;
    };
    let any_string =
        later.typ == Some("string") && later.enumeration.is_empty() && later.is_unstructured();
    let later_values = match string_enum_values(later) {
        Some(values) => values,
        None if any_string => return Narrowed::Earlier,
        None => return Narrowed::Later,
    };
    let both: Vec<String> = (earlier_values.iter())
        .filter(|value| later_values.contains(value))
        .cloned()
        .collect();
    if both.is_empty() || both.len() == later_values.len() {
        Narrowed::Later
    } else if both.len() == earlier_values.len() {
        Narrowed::Earlier
    } else {
        Narrowed::Both(both)
    }
}

/// A string schema listing `values`, described by `schema_data`.
fn string_enum_schema(schema_data: SchemaData, values: Vec<String>) -> Schema {
    let string = openapiv3::StringType {
        enumeration: values.into_iter().map(Some).collect(),
        ..Default::default()
    };
    Schema {
        schema_data,
        schema_kind: SchemaKind::Type(Type::String(string)),
    }
}

fn string_enum(values: Vec<String>) -> StringEnum {
    let mut names = Namespace::with_reserved(&["Unknown"]);
    // Specs repeat values now and then; each value is one variant.
    let mut seen = HashSet::new();
    StringEnum {
        variants: values
            .into_iter()
            .filter(|value| seen.insert(value.clone()))
            .map(|value| (names.claim(&variant_ident(&value)), value))
            .collect(),
    }
}

fn string_ty(format: Option<&str>) -> Ty {
    match format {
        Some("date") => Ty::Date,
        Some("date-time") => Ty::DateTime,
        Some("uuid") => Ty::Uuid,
        Some("byte") => Ty::Base64,
        Some("binary") => Ty::Binary,
        _ => Ty::String,
    }
}

fn int_format(
    format: Option<&str>,
    constraints: &Constraints,
    spelled_as_float: bool,
) -> IntFormat {
    format
        .and_then(named_int_format)
        .unwrap_or_else(|| int_format_of_bounds(constraints, spelled_as_float))
}

/// The Rust integer an integer `format` names, if it names one.
pub fn named_int_format(format: &str) -> Option<IntFormat> {
    Some(match format {
        "int8" => IntFormat::I8,
        "int16" => IntFormat::I16,
        "int32" => IntFormat::I32,
        "int64" => IntFormat::I64,
        "uint8" => IntFormat::U8,
        "uint16" => IntFormat::U16,
        "uint32" => IntFormat::U32,
        "uint64" | "uint" => IntFormat::U64,
        _ => return None,
    })
}

/// An integer without a format is any integer to JSON Schema: `i64` only
/// when its bounds (or an `enum` of its values) keep it there, `u64` when
/// they keep it non-negative and within 64 bits, `i128` otherwise.
fn int_format_of_bounds(constraints: &Constraints, spelled_as_float: bool) -> IntFormat {
    let allowed = &constraints.allowed;
    if allowed.iter().any(Value::is_i64) && allowed.iter().all(|v| v.is_i64() || v.is_null()) {
        return IntFormat::I64;
    }
    let (Some(minimum), Some(maximum)) = (constraints.minimum, constraints.maximum) else {
        return IntFormat::I128;
    };
    // `i64::MIN`, `i64::MAX` and `u64::MAX` read as -2^63, 2^63 and 2^64:
    // a bound there is within the type when it was written as an integer
    // (which the f64 rounded), not as a float (which may spell more).
    let (edge_i64, edge_u64) = (2f64.powi(63), 2f64.powi(64));
    let within = |bound: f64, edge: f64| bound < edge || (bound == edge && !spelled_as_float);
    if within(-minimum, edge_i64) && within(maximum, edge_i64) {
        IntFormat::I64
    } else if minimum >= 0.0 && within(maximum, edge_u64) {
        IntFormat::U64
    } else {
        IntFormat::I128
    }
}

fn ty_label(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "Boolean",
        Ty::Integer(_) => "Integer",
        Ty::Float => "Number",
        Ty::String | Ty::Date | Ty::DateTime | Ty::Uuid | Ty::Base64 | Ty::Binary => "String",
        Ty::Json => "Any",
        Ty::Vec(_) => "Array",
        Ty::Map(_) => "Object",
        Ty::Option(inner) => ty_label(inner),
        Ty::Named(_) | Ty::Loose(_) => "Object",
    }
}

/// Whether a `default` can be written as a Rust literal of the field's type.
fn default_fits(ty: &Ty, default: &Value, types: &[TypeDef]) -> bool {
    match (ty, default) {
        (Ty::Bool, Value::Bool(_)) | (Ty::String, Value::String(_)) => true,
        (Ty::Integer(_), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::Float, Value::Number(_)) => true,
        (Ty::Named(id), Value::String(s)) => match &types[*id].kind {
            TypeKind::Enum(e) => e.variants.iter().any(|(_, v)| v == s),
            _ => false,
        },
        _ => false,
    }
}

/// The keyword of `constraints` that `default` breaks, if any (JSON Schema
/// does not check a default against its schema; the generated code applies
/// it, so it must be checked here).
fn rule_broken_by(default: &Value, constraints: &Constraints) -> Option<&'static str> {
    let allowed = &constraints.allowed;
    if !allowed.is_empty() && !allowed.contains(default) {
        return Some("enum");
    }
    match default {
        Value::Number(n) => {
            let n = n.as_f64()?;
            if let Some(min) = constraints.minimum {
                let exclusive = constraints.exclusive_minimum;
                if n < min || (exclusive && n == min) {
                    return Some(if exclusive {
                        "exclusiveMinimum"
                    } else {
                        "minimum"
                    });
                }
            }
            if let Some(max) = constraints.maximum {
                let exclusive = constraints.exclusive_maximum;
                if n > max || (exclusive && n == max) {
                    return Some(if exclusive {
                        "exclusiveMaximum"
                    } else {
                        "maximum"
                    });
                }
            }
            let off_step = |step: f64| step > 0.0 && ((n / step) - (n / step).round()).abs() > 1e-9;
            constraints
                .multiple_of
                .is_some_and(off_step)
                .then_some("multipleOf")
        }
        Value::String(text) => {
            let length = text.chars().count();
            if constraints.min_length.is_some_and(|min| length < min) {
                return Some("minLength");
            }
            if constraints.max_length.is_some_and(|max| length > max) {
                return Some("maxLength");
            }
            // Patterns that do not compile were dropped with a warning.
            let misses = |pattern: &String| Pattern::new(pattern).is_some_and(|p| !p.matches(text));
            if constraints.pattern.as_ref().is_some_and(misses) {
                return Some("pattern");
            }
            (constraints.format.as_deref())
                .and_then(Format::named)
                .is_some_and(|format| !format.accepts(text))
                .then_some("format")
        }
        _ => None,
    }
}

/// Who may carry a member: `readOnly` ones only answers, `writeOnly` ones
/// only requests.
#[derive(Clone, Copy, Debug, Default)]
struct Access {
    read_only: bool,
    write_only: bool,
}

impl Access {
    /// Both sets of marks: `allOf` applies every member's.
    fn either(self, other: Access) -> Access {
        Access {
            read_only: self.read_only || other.read_only,
            write_only: self.write_only || other.write_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;
    use crate::ir::{Api, Field, IntFormat, Presence, Struct, Ty, TypeKind};

    fn build(components: &str) -> Api {
        build_warned(components).0
    }

    /// [`build`], with the diagnostics building it gave.
    fn build_warned(components: &str) -> (Api, Vec<Diagnostic>) {
        let text = format!(
            "openapi: 3.1.0\ninfo: {{ title: T, version: '1' }}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        let spec = crate::load::load_text(&text, None).expect("the document loads");
        let mut diagnostics = Vec::new();
        let api = crate::ir::build(&spec, &mut diagnostics);
        (api, diagnostics)
    }

    /// The struct `name` of `api`.
    fn struct_named<'a>(api: &'a Api, name: &str) -> &'a Struct {
        let def = api.types.iter().find(|t| t.name == name).expect("the type");
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{name} is not a struct");
        };
        s
    }

    /// The member of `record` its JSON names `json_name`.
    fn member<'a>(record: &'a Struct, json_name: &str) -> &'a Field {
        let found = record.fields.iter().find(|f| f.json_name == json_name);
        found.unwrap_or_else(|| panic!("no member {json_name}"))
    }

    /// The pattern each member of the struct `name` carries.
    fn patterns(api: &Api, name: &str) -> Vec<(String, Option<String>)> {
        struct_named(api, name)
            .fields
            .iter()
            .map(|f| (f.json_name.clone(), f.constraints.pattern.clone()))
            .collect()
    }

    #[test]
    fn a_member_whose_schema_names_no_type_is_loose_wherever_it_is() {
        let api = build(
            r##"
    Point:
      properties:
        x: { type: number }
    Path:
      items: { $ref: "#/components/schemas/Point" }
    Shape:
      type: object
      properties:
        centre: { $ref: "#/components/schemas/Point" }
        route: { $ref: "#/components/schemas/Path" }
        described: { $ref: "#/components/schemas/Point", description: A point. }
        corners: { type: array, items: { $ref: "#/components/schemas/Point" } }
        labels:
          type: object
          additionalProperties: { properties: { text: { type: string } } }
        typed: { type: object, properties: { y: { type: number } } }
        tags: { items: { type: string } }
        either:
          oneOf:
            - properties: { a: { type: string } }
              required: [a]
            - type: string
"##,
        );
        let shape = struct_named(&api, "Shape");
        let loose = |ty: &Ty| matches!(ty, Ty::Loose(inner) if matches!(**inner, Ty::Named(_)));
        assert!(loose(&member(shape, "centre").ty));
        assert!(loose(&member(shape, "described").ty));
        assert!(matches!(&member(shape, "corners").ty, Ty::Vec(item) if loose(item)));
        assert!(matches!(&member(shape, "labels").ty, Ty::Map(value) if loose(value)));
        assert!(matches!(member(shape, "typed").ty, Ty::Named(_)));
        let loose_list = |ty: &Ty| matches!(ty, Ty::Loose(list) if matches!(**list, Ty::Vec(_)));
        assert!(loose_list(&member(shape, "tags").ty));
        // A named list is unfolded into the `Loose` that holds it.
        assert!(loose_list(&member(shape, "route").ty));
        // A union's members are told apart by their shapes: none is loose.
        assert!(matches!(member(shape, "either").ty, Ty::Named(_)));
    }

    #[test]
    fn a_member_is_read_only_where_the_schema_it_names_says_so() {
        let api = build(
            "    Id: { type: string, readOnly: true }
    Secret: { type: string, writeOnly: true }
    Account:
      type: object
      required: [id, secret, wrapped, name]
      properties:
        id: { $ref: '#/components/schemas/Id' }
        secret: { $ref: '#/components/schemas/Secret' }
        wrapped: { allOf: [{ $ref: '#/components/schemas/Id' }], description: the id again }
        name: { type: string }
        deletedAt: { type: [string, 'null'], readOnly: true }
",
        );
        let account = struct_named(&api, "Account");
        let field = |name: &str| member(account, name);
        for name in ["id", "wrapped"] {
            assert!(field(name).read_only, "{name}");
            // Required in answers only: a request leaves it out.
            assert_eq!(field(name).presence, Presence::Optional, "{name}");
        }
        // Only read: null and absent say the same, and `Option` holds both.
        assert_eq!(field("deletedAt").presence, Presence::OptionalOrNull);
        assert!(field("secret").write_only);
        assert!(field("secret").required_in_requests);
        assert_eq!(field("name").presence, Presence::Required);
    }

    #[test]
    fn an_integer_is_as_wide_as_its_format_or_else_its_bounds() {
        let api = build(
            "    Counts:
      type: object
      properties:
        plain: { type: integer }
        named: { type: integer, format: int64 }
        small: { type: integer, format: int32 }
        unknown: { type: integer, format: timestamp }
        bounded: { type: integer, minimum: -5, maximum: 5 }
        floor: { type: integer, minimum: 0 }
        wide: { type: integer, minimum: 0, maximum: 18446744073709551615 }
        past: { type: integer, minimum: -1, maximum: 18446744073709551615 }
        listed: { type: integer, enum: [0, 1] }
",
        );
        let counts = struct_named(&api, "Counts");
        let format = |name: &str| match crate::ir::bare(&member(counts, name).ty) {
            Ty::Integer(format) => *format,
            other => panic!("{name} is {other:?}"),
        };
        use crate::ir::IntFormat::*;
        for (name, expected) in [
            ("plain", I128),
            ("named", I64),
            ("small", I32),
            ("unknown", I128),
            ("bounded", I64),
            ("floor", I128),
            ("wide", U64),
            ("past", I128),
            ("listed", I64),
        ] {
            assert_eq!(format(name), expected, "{name}");
        }
    }

    #[test]
    fn content_encoding_only_annotates_where_format_byte_types_bytes() {
        let api = build(
            "    Avatar:
      type: object
      properties:
        icon: { type: string, contentEncoding: base64 }
        digest: { type: string, format: byte }
",
        );
        let avatar = struct_named(&api, "Avatar");
        let ty = |name: &str| {
            let field = member(avatar, name);
            crate::ir::bare(&field.ty).clone()
        };
        // Any text is an `icon` (JSON Schema does not assert the encoding).
        assert_eq!(ty("icon"), Ty::String);
        assert_eq!(ty("digest"), Ty::Base64);
    }

    #[test]
    fn integer_bounds_past_f64_are_kept_exact_through_all_of() {
        let api = build(
            "    Mask: { type: integer, minimum: 0, maximum: 18014398509481983 }
    Flags:
      type: object
      properties:
        mask: { $ref: '#/components/schemas/Mask' }
        narrower:
          allOf:
            - { $ref: '#/components/schemas/Mask' }
            - { type: integer, exclusiveMaximum: 18014398509481981 }
        small: { type: integer, maximum: 100 }
        seed: { type: integer, minimum: -1e19, maximum: 18446744073709552000 }
",
        );
        let flags = struct_named(&api, "Flags");
        let exact = |name: &str| {
            let field = member(flags, name);
            (
                field.constraints.exact_minimum,
                field.constraints.exact_maximum,
            )
        };
        assert_eq!(exact("mask"), (None, Some(18014398509481983)));
        // The tighter bound, exclusive made inclusive.
        assert_eq!(exact("narrower"), (None, Some(18014398509481980)));
        // `f64` holds these exactly: nothing more to say.
        assert_eq!(exact("small"), (None, None));
        // Past `i64`: the decimals written, not the `f64`s they read as.
        assert_eq!(
            exact("seed"),
            (
                Some(-10_000_000_000_000_000_000),
                Some(18446744073709552000)
            )
        );
    }

    #[test]
    fn a_bound_spelled_as_a_float_at_a_64_bit_edge_may_lie_past_it() {
        let api = build(
            "    Counters:
      type: object
      properties:
        go_uint64: { type: integer, minimum: 0, maximum: 1.8446744073709552e+19 }
        uint64: { type: integer, minimum: 0, maximum: 18446744073709551615 }
        go_int64: { type: integer, minimum: -9.223372036854776e+18, maximum: 9.223372036854776e+18 }
        int64: { type: integer, minimum: -9223372036854775808, maximum: 9223372036854775807 }
        small: { type: integer, minimum: 0.0, maximum: 1e3 }
",
        );
        let counters = struct_named(&api, "Counters");
        let format = |name: &str| match crate::ir::bare(&member(counters, name).ty) {
            Ty::Integer(format) => *format,
            other => panic!("{name} is {other:?}"),
        };
        // Go writes 2^64 and ±2^63 as decimals one past the type's range.
        assert_eq!(format("go_uint64"), IntFormat::I128);
        assert_eq!(format("go_int64"), IntFormat::I128);
        assert_eq!(format("uint64"), IntFormat::U64);
        assert_eq!(format("int64"), IntFormat::I64);
        assert_eq!(format("small"), IntFormat::I64);
    }

    #[test]
    fn a_member_two_all_of_members_describe_has_the_members_of_both() {
        let api = build(
            "    Rule:
      allOf:
        - type: object
          properties:
            path:
              type: object
              required: [kind]
              properties:
                kind: { type: string }
                origin: { type: string }
                steps:
                  type: array
                  items: { type: object, properties: { label: { type: string }, disabled: { type: boolean } } }
        - type: object
          properties:
            path:
              properties:
                kind: { description: what the path is }
                origin: { readOnly: true }
                steps:
                  items: { properties: { actions: { type: object, properties: { route: { type: string } } } } }
",
        );
        let members = |name: &str| {
            let mut names: Vec<String> = struct_named(&api, name)
                .fields
                .iter()
                .map(|f| f.json_name.clone())
                .collect();
            names.sort();
            names
        };
        assert_eq!(members("RulePath"), ["kind", "origin", "steps"]);
        let path = struct_named(&api, "RulePath");
        let kind = member(path, "kind");
        // The later member only describes it: the earlier's type and
        // requirement stand.
        assert_eq!(crate::ir::bare(&kind.ty), &Ty::String);
        assert_eq!(kind.presence, Presence::Required);
        let origin = member(path, "origin");
        assert_eq!(crate::ir::bare(&origin.ty), &Ty::String);
        assert!(origin.read_only);
        // Items meet both item schemas: the earlier's members and the later's.
        assert_eq!(
            members("RulePathStepsItem"),
            ["actions", "disabled", "label"]
        );
    }

    #[test]
    fn a_string_two_all_of_members_describe_takes_only_values_both_list() {
        let api = build(
            "    Kind: { type: string, enum: [numeric, boolean, categorical] }
    Narrowed:
      allOf:
        - { type: object, properties: { kind: { type: string, enum: [numeric] } } }
        - { type: object, properties: { kind: { $ref: '#/components/schemas/Kind' } } }
    Described:
      allOf:
        - { type: object, properties: { kind: { type: string, enum: [numeric] } } }
        - { type: object, properties: { kind: { $ref: '#/components/schemas/Kind', description: Its kind. } } }
    Widened:
      allOf:
        - { type: object, properties: { kind: { $ref: '#/components/schemas/Kind' } } }
        - { type: object, properties: { kind: { type: string, enum: [boolean] } } }
    Overlap:
      allOf:
        - { type: object, properties: { kind: { enum: [numeric, boolean, text] } } }
        - { type: object, properties: { kind: { $ref: '#/components/schemas/Kind' } } }
    AnyString:
      allOf:
        - { type: object, properties: { kind: { $ref: '#/components/schemas/Kind' } } }
        - { type: object, properties: { kind: { type: string, description: The kind. } } }
",
        );
        let values = |name: &str| enum_values(&api, &member(struct_named(&api, name), "kind").ty);
        // The earlier allows fewer values: they stand, not the component's.
        assert_eq!(values("Narrowed"), ("NarrowedKind".into(), vec!["numeric"]));
        assert_eq!(values("Widened"), ("WidenedKind".into(), vec!["boolean"]));
        // A `$ref` with a description beside it is the component still.
        assert_eq!(values("Described").1, ["numeric"]);
        // Neither's list holds the other's: the values in both.
        assert_eq!(
            values("Overlap"),
            ("OverlapKind".into(), vec!["numeric", "boolean"])
        );
        // Any string narrowed by the component: the component.
        assert_eq!(
            values("AnyString"),
            ("Kind".into(), vec!["numeric", "boolean", "categorical"])
        );
    }

    /// The name and values of the string enum `ty` is (through `Option`).
    fn enum_values<'a>(api: &'a Api, ty: &Ty) -> (String, Vec<&'a str>) {
        let Ty::Named(id) = crate::ir::bare(ty).resolved(&api.types) else {
            panic!("{ty:?} is no named type");
        };
        let TypeKind::Enum(values) = &api.types[*id].kind else {
            panic!("{} is no enum", api.types[*id].name);
        };
        let values = values.variants.iter().map(|(_, value)| value.as_str());
        (api.types[*id].name.clone(), values.collect())
    }

    #[test]
    fn an_all_of_of_string_enums_takes_the_values_all_list() {
        let (api, warnings) = build_warned(
            "    Kind: { type: string, enum: [host, subnet, domain] }
    Thing:
      type: object
      properties:
        narrowed:
          allOf: [{ $ref: '#/components/schemas/Kind' }, { enum: [host, domain] }]
        listed:
          allOf: [{ $ref: '#/components/schemas/Kind' }, { type: string, enum: [domain, host, subnet, peer] }]
        overlap:
          allOf: [{ type: [string, 'null'], enum: [a, b, null] }, { type: [string, 'null'], enum: [b, c, null] }]
        disjoint:
          allOf: [{ $ref: '#/components/schemas/Kind' }, { type: string, enum: [peer] }]
",
        );
        let thing = struct_named(&api, "Thing");
        let values = |name: &str| enum_values(&api, &member(thing, name).ty);
        // The member that lists just the values all allow is the type.
        assert_eq!(values("narrowed").1, ["host", "domain"]);
        assert_eq!(
            values("listed"),
            ("Kind".into(), vec!["host", "subnet", "domain"])
        );
        // Else a type of those values; null where every member allows it.
        assert_eq!(values("overlap").1, ["b"]);
        assert!(member(thing, "overlap").presence.admits_null());
        // No value meets the members: any value, with a warning to say so.
        assert_eq!(
            member(thing, "disjoint").ty.underlying(&api.types),
            &Ty::Json
        );
        let disjoint = "#/components/schemas/Thing/properties/disjoint/allOf/0";
        assert!(
            warnings
                .iter()
                .any(|w| w.pointer == disjoint && w.message.contains("no value in common")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_member_an_earlier_all_of_member_leaves_untyped_stays_nullable() {
        let api = build(
            "    Options:
      allOf:
        - type: object
          properties:
            callback: { description: where to call back }
            note: { type: string }
        - type: object
          properties:
            callback: { type: string, nullable: true }
            note: { type: string, nullable: true }
",
        );
        let options = struct_named(&api, "Options");
        let presence = |name: &str| member(options, name).presence;
        // `{}` admits null and so does the later member: null is valid.
        assert_eq!(presence("callback"), Presence::OptionalNullable);
        // A string that is never null, then one that may be: never null.
        assert_eq!(presence("note"), Presence::Optional);
    }

    #[test]
    fn all_of_members_that_only_constrain_hold_beside_the_typed_one() {
        let api = build(
            "    Count: { type: integer, minimum: 0 }
    Thing:
      type: object
      properties:
        count:
          allOf: [{ $ref: '#/components/schemas/Count' }, { maximum: 10, description: at most ten }]
        level:
          allOf: [{ type: integer, minimum: -5, maximum: 9 }, { type: integer, minimum: -10, maximum: 5 }]
        code:
          allOf: [{ type: string, minLength: 2, nullable: true }, { type: string, maxLength: 4 }]
        mixed:
          allOf: [{ type: string }, { type: integer }]
    Tagged:
      allOf:
        - { type: object, properties: { tags: { type: array, items: { type: string }, minItems: 1 } } }
        - { type: object, properties: { tags: { type: array, items: { type: string }, maxItems: 5 } } }
",
        );
        // A member two `allOf` members describe meets both descriptions.
        let tags = &struct_named(&api, "Tagged").fields[0].constraints;
        assert_eq!((tags.min_items, tags.max_items), (Some(1), Some(5)));
        let thing = struct_named(&api, "Thing");
        let field = |name: &str| member(thing, name);
        let bounds = |name: &str| {
            (
                field(name).constraints.minimum,
                field(name).constraints.maximum,
            )
        };
        assert_eq!(bounds("count"), (Some(0.0), Some(10.0)));
        assert_eq!(bounds("level"), (Some(-5.0), Some(5.0)));
        let code = &field("code").constraints;
        assert_eq!((code.min_length, code.max_length), (Some(2), Some(4)));
        // Null only when every member allows it.
        assert_eq!(field("code").presence, crate::ir::Presence::Optional);
        // Members of different types cannot be one Rust type.
        let Ty::Named(mixed) = field("mixed").ty else {
            panic!("a named alias");
        };
        assert!(matches!(api.types[mixed].kind, TypeKind::Alias(Ty::Json)));
    }

    #[test]
    fn a_referenced_alias_brings_its_constraints_whatever_the_order() {
        let user = "    User:
      type: object
      properties:
        id: { $ref: '#/components/schemas/Snowflake' }
        friend: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Snowflake' }] }
";
        let snowflake = "    Snowflake: { type: string, pattern: '^[0-9]+$' }\n";
        let expected = vec![
            ("id".to_owned(), Some("^[0-9]+$".to_owned())),
            ("friend".to_owned(), Some("^[0-9]+$".to_owned())),
        ];
        let before = build(&format!("{user}{snowflake}"));
        let after = build(&format!("{snowflake}{user}"));
        assert_eq!(patterns(&before, "User"), expected);
        assert_eq!(patterns(&after, "User"), expected);
    }

    #[test]
    fn property_names_follow_a_map_inline_through_a_ref_and_a_nullable_union() {
        let api = build(
            "    Labels:
      type: object
      properties:
        inline: { type: object, propertyNames: { maxLength: 3 }, additionalProperties: true }
        shared: { $ref: '#/components/schemas/Keys' }
        nullable:
          anyOf:
            - { type: object, propertyNames: { $ref: '#/components/schemas/Name' } }
            - { type: 'null' }
        plain: { type: object, additionalProperties: { type: string } }
    Keys: { type: object, propertyNames: { pattern: '^[a-z]+$', format: email } }
    Name: { type: string, minLength: 2 }
",
        );
        let labels = struct_named(&api, "Labels");
        let names = |name: &str| {
            let field = member(labels, name);
            field.constraints.property_names.as_deref().map(|rules| {
                (
                    rules.min_length,
                    rules.max_length,
                    rules.pattern.as_deref(),
                    rules.format.as_deref(),
                )
            })
        };
        assert_eq!(names("inline"), Some((None, Some(3), None, None)));
        assert_eq!(
            names("shared"),
            Some((None, None, Some("^[a-z]+$"), Some("email")))
        );
        assert_eq!(names("nullable"), Some((Some(2), None, None, None)));
        assert_eq!(names("plain"), None);
    }

    #[test]
    fn an_object_that_allows_no_member_holds_none() {
        let api = build(
            "    Options:
      type: object
      properties:
        closed: { type: object, properties: {}, additionalProperties: false }
        open: { type: object }
        bounded: { type: object, maxProperties: 3 }
",
        );
        let options = struct_named(&api, "Options");
        let most = |name: &str| {
            let field = member(options, name);
            field.constraints.max_properties
        };
        assert_eq!(
            [most("closed"), most("open"), most("bounded")],
            [Some(0), None, Some(3)]
        );
    }

    #[test]
    fn xml_names_and_wrapping_are_read_from_the_member_and_its_items() {
        let api = build(
            "    Pet:
      type: object
      properties:
        id: { type: integer, xml: { attribute: true, name: pet-id } }
        photoUrls:
          type: array
          xml: { wrapped: true }
          items: { type: string, xml: { name: photoUrl } }
        tags: { type: array, items: { $ref: '#/components/schemas/Tag' } }
        urls: { $ref: '#/components/schemas/Urls' }
        name: { type: string }
    Tag: { type: object, xml: { name: tag }, properties: { n: { type: string } } }
    Urls: { type: array, xml: { wrapped: true }, items: { type: string } }
",
        );
        let pet = struct_named(&api, "Pet");
        let xml = |name: &str| {
            let field = member(pet, name);
            let x = &field.xml;
            (
                x.name.as_deref(),
                x.attribute,
                x.wrapped,
                x.item_name.as_deref(),
            )
        };
        assert_eq!(xml("id"), (Some("pet-id"), true, false, None));
        assert_eq!(xml("photoUrls"), (None, false, true, Some("photoUrl")));
        assert_eq!(xml("tags"), (None, false, false, Some("tag")));
        assert_eq!(xml("urls"), (None, false, true, None));
        assert_eq!(xml("name"), (None, false, false, None));
    }

    #[test]
    fn required_sets_beside_properties_are_a_rule_not_a_union() {
        let api = build(
            "    Lookup:
      type: object
      properties: { email: { type: string }, phone: { type: string } }
      oneOf: [{ required: [email] }, { required: [phone], description: By phone. }]
    Either:
      type: object
      properties: { a: { type: string } }
      anyOf: [{ required: [a] }, { properties: { b: { type: string } } }]
",
        );
        let fields_and_rules = |name: &str| {
            let s = struct_named(&api, name);
            let fields: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
            (fields, s.required_alternatives.clone())
        };
        let (fields, rules) = fields_and_rules("Lookup");
        assert_eq!(fields, ["email", "phone"]);
        assert_eq!(
            rules,
            [crate::ir::RequiredAlternatives {
                exactly_one: true,
                sets: vec![vec!["email".to_owned()], vec!["phone".to_owned()]],
            }]
        );
        // Members that describe properties are variants, each merged with
        // the properties beside them.
        let def = api
            .types
            .iter()
            .find(|t| t.name == "Either")
            .expect("Either");
        let TypeKind::Union(either) = &def.kind else {
            panic!("Either is a union");
        };
        let members = |variant: &crate::ir::UnionVariant| {
            let crate::ir::Ty::Named(id) = &variant.ty else {
                panic!("a named variant");
            };
            let TypeKind::Struct(s) = &api.types[*id].kind else {
                panic!("a struct variant");
            };
            let fields: Vec<(&str, crate::ir::Presence)> = s
                .fields
                .iter()
                .map(|f| (f.json_name.as_str(), f.presence))
                .collect();
            fields
        };
        use crate::ir::Presence::{Optional, Required};
        assert_eq!(members(&either.variants[0]), [("a", Required)]);
        assert_eq!(
            members(&either.variants[1]),
            [("a", Optional), ("b", Optional)]
        );
    }

    #[test]
    fn an_object_typed_union_with_a_description_beside_it_stays_the_union() {
        let api = build(
            "    Agent:
      type: object
      oneOf: [{ $ref: '#/components/schemas/ById' }, { $ref: '#/components/schemas/Inline' }]
    ById: { type: object, required: [type, id], properties: { type: { enum: [by_id] }, id: { type: string } } }
    Inline: { type: object, required: [type], properties: { type: { enum: [inline] } } }
    Ask:
      type: object
      properties:
        agent:
          allOf: [{ $ref: '#/components/schemas/Agent' }, { description: The agent. }]
",
        );
        let agent = struct_named(&api, "Ask")
            .fields
            .iter()
            .find(|f| f.json_name == "agent");
        let mut ty = &agent.expect("the member").ty;
        while let Ty::Named(id) = ty {
            match &api.types[*id].kind {
                TypeKind::Alias(inner) => ty = inner,
                TypeKind::Union(_) => {
                    assert_eq!(api.types[*id].name, "Agent");
                    return;
                }
                other => panic!("`agent` is {other:?}, not the union"),
            }
        }
        panic!("`agent` is {ty:?}, not the union");
    }

    #[test]
    fn a_union_beside_properties_whose_members_are_not_objects_is_reported() {
        let (api, diagnostics) = build_warned(
            r##"
    Attribute:
      type: object
      properties:
        archived: { type: boolean }
      oneOf:
        - { required: [options], properties: { options: { type: array } } }
        - { title: other type }
"##,
        );
        struct_named(&api, "Attribute");
        let reported: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            reported,
            [(
                "#/components/schemas/Attribute/oneOf",
                "oneOf beside properties has members that are not objects; only the properties \
                 are typed and checked"
            )]
        );
    }

    #[test]
    fn a_default_its_own_rules_refuse_is_dropped_with_a_warning() {
        let (api, diagnostics) = build_warned(
            r##"
    Quota:
      type: object
      properties:
        limit: { type: integer, exclusiveMinimum: 0, default: 0 }
        step: { type: number, multipleOf: 0.5, default: 0.75 }
        level: { type: integer, enum: [1, 2], default: 3 }
        name: { type: string, minLength: 2, default: x }
        code: { type: string, pattern: '^[A-Z]+$', default: abc }
        period: { type: string, format: duration, default: 24h }
        size: { type: integer, minimum: 1, default: 1 }
        every: { type: string, format: duration, pattern: '^P', default: PT24H }
"##,
        );
        let quota = struct_named(&api, "Quota");
        assert_eq!(member(quota, "size").presence, Presence::Defaulted);
        assert_eq!(member(quota, "every").presence, Presence::Defaulted);
        let dropped: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        let rule = |member: &str, rule: &str| {
            (
                format!("#/components/schemas/Quota/properties/{member}/default"),
                format!("the `default` breaks the member's own `{rule}`, so it is not applied"),
            )
        };
        let expected = [
            rule("limit", "exclusiveMinimum"),
            rule("step", "multipleOf"),
            rule("level", "enum"),
            rule("name", "minLength"),
            rule("code", "pattern"),
            rule("period", "format"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        assert_eq!(dropped, expected);
        for name in ["limit", "step", "level", "name"] {
            assert_eq!(member(quota, name).presence, Presence::Optional, "{name}");
        }
    }

    #[test]
    fn an_all_of_that_includes_itself_is_what_its_other_members_ask() {
        let (api, diagnostics) = build_warned(
            r##"
    Base:
      properties:
        base: { type: string }
    Node:
      allOf:
        - $ref: '#/components/schemas/Base'
        - $ref: '#/components/schemas/Node'
        - properties:
            own: { type: integer }
"##,
        );
        let node = struct_named(&api, "Node");
        let members: Vec<_> = node.fields.iter().map(|f| f.json_name.as_str()).collect();
        assert_eq!(members, ["base", "own"]);
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
        assert_eq!(diagnostics[0].pointer, "#/components/schemas/Node/allOf/1");
        assert!(diagnostics[0].message.contains("inside itself"));
    }
}
