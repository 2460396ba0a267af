//! The parts of a `multipart/*` body, settled once for both sides: the
//! server reads each into a typed field, the client sends one input per
//! part. A body whose schema is an object (directly, through a `$ref`, or
//! merged from `allOf`) has one part per property; each is a text part,
//! decoded into the property's type, or a file part, kept as bytes.
//!
//! A property is a file part when its values are strings (or arrays of
//! them) that the document says are not text:
//!
//! - `format: binary` (what OpenAPI 3.1's `contentMediaType` is lowered to);
//! - a `contentMediaType` beside another format (a 3.0 document);
//! - an `encoding` entry whose `contentType` is not text or JSON (`image/png`,
//!   `application/octet-stream`).
//!
//! So `format: byte` alone is a text part holding base64, as it is in JSON,
//! and becomes a file only when the encoding or `contentMediaType` says so.
//! An array of file parts is sent as one part per file under one name.
//!
//! Other multipart bodies (no schema, or one that is not an object) have no
//! [`Form`]: the server hands them over unread, the client sends them as one
//! raw upload.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::Value;

use super::http::BodyKind;
use super::{Presence, Ty, TypeDef, TypeId, TypeKind, bare};
use crate::load::LoadedSpec;

/// A multipart body typed part by part.
#[derive(Clone, Debug)]
pub struct Form {
    /// The object type of the body: text parts decode into it as JSON
    /// members would, and are validated by its rules.
    pub ty: TypeId,
    /// One per property of the object, in its order.
    pub parts: Vec<FormPart>,
    /// `additionalProperties: false`: a part the schema does not declare is
    /// refused rather than ignored.
    pub closed: bool,
}

/// One declared part of a multipart body.
#[derive(Clone, Debug)]
pub struct FormPart {
    /// The part's name on the wire (the property name).
    pub name: String,
    /// The Rust field of the object type holding it.
    pub rust_name: String,
    /// The client's request builder input setting it: `rust_name`, unless
    /// a parameter or a method of the builder has that name
    /// (`channel_id_part` beside a `channel_id` query parameter).
    pub input_name: String,
    /// Its index among the object type's fields.
    pub field: usize,
    /// The property's type, as models declare it (before presence).
    pub ty: Ty,
    /// The property's [`Presence`] in the object type: it picks the field's
    /// wrapper (and see [`FormPart::null_when_absent`]).
    pub presence: Presence,
    /// The part must be sent.
    pub required: bool,
    /// The property's description or title, for the field and the client's input.
    pub doc: Option<String>,
    /// Text or file(s), from the type, the `encoding` and `contentMediaType`.
    pub kind: PartKind,
    /// How it is written in a URL-encoded body, from its `encoding`.
    pub style: PartStyle,
}

impl FormPart {
    /// Whether an absent text part reads as `null`: its member must be
    /// sent and may be null (declared nullable, or of any type at all, as
    /// `{}` is), and a form cannot send a null otherwise.
    pub fn null_when_absent(&self, types: &[TypeDef]) -> bool {
        self.kind == PartKind::Text
            && (self.presence == Presence::RequiredNullable
                || (self.required && *self.ty.underlying(types) == Ty::Json))
    }

    /// Whether an absent text part is its empty object in a URL-encoded
    /// body: it must be sent, and `{}`, which it may be, is written member
    /// by member, so as no pair at all. (A multipart body sends `{}` as a
    /// part's text, and an unexploded object as one pair.)
    pub fn absent_is_empty(&self, types: &[TypeDef]) -> bool {
        self.kind == PartKind::Text
            && self.required
            && !matches!(self.style, PartStyle::Delimited(_))
            && writes_empty_as_nothing(&self.ty, types)
    }
}

/// Whether `{}` is a value of `ty` that a URL-encoded body writes member
/// by member, so as no pair at all: a map (its `minProperties`, checked
/// after, refuses the `{}` where it must), an object whose members may all
/// be left out.
fn writes_empty_as_nothing(ty: &Ty, types: &[TypeDef]) -> bool {
    match bare(ty).resolved(types) {
        Ty::Map(_) => true,
        Ty::Named(id) => {
            matches!(&types[*id].kind, TypeKind::Struct(record) if record.may_be_empty())
        }
        _ => false,
    }
}

/// How a part of a URL-encoded body is written, from its `encoding`'s
/// `style` and `explode` (a multipart body's parts have none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PartStyle {
    /// `form`, exploded (the default): a list as one pair per item, an
    /// object as its members' own pairs.
    #[default]
    Exploded,
    /// `deepObject`: an object as `name[member]=value` pairs.
    DeepObject,
    /// A list in `form` unexploded, `spaceDelimited` or `pipeDelimited`:
    /// one pair, its items joined by this delimiter; an object in `form`
    /// unexploded: one pair, its names and values joined by commas.
    Delimited(char),
}

/// What a part carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// Text decoded into the property's type: strings as they are,
    /// numbers and booleans parsed, objects and arrays as JSON (an array
    /// may also come as one part per item).
    Text,
    /// One file.
    File,
    /// Any number of files under the part's name (an array of files).
    Files,
}

/// The form of a multipart body of type `ty`, declared at `media_pointer`
/// with its `encoding`; `None` when the schema is no object.
pub(super) fn form(
    spec: &LoadedSpec,
    types: &[TypeDef],
    ty: &Ty,
    media_pointer: &str,
    encoding: &IndexMap<String, openapiv3::Encoding>,
    urlencoded: bool,
) -> Option<Form> {
    let id = object_id(ty, types)?;
    let TypeKind::Struct(schema) = &types[id].kind else {
        return None;
    };
    let mut media_types = HashMap::new();
    if let Some(raw) = spec.raw_at(&format!("{media_pointer}/schema")) {
        content_media_types(spec, raw, &mut media_types, 0);
    }
    let parts = schema
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let encoding = encoding.get(&field.json_name);
            let declared = encoding.and_then(|e| e.content_type.as_deref());
            let described = media_types.get(&field.json_name).map(String::as_str);
            FormPart {
                name: field.json_name.clone(),
                rust_name: field.rust_name.clone(),
                // Settled once the parameters are (`name_part_inputs`).
                input_name: field.rust_name.clone(),
                field: index,
                ty: field.ty.clone(),
                presence: field.presence,
                required: field.presence == Presence::Required,
                doc: field.doc.clone(),
                // A URL-encoded form has no files: a binary member is
                // its text, as the JSON model holds it.
                kind: if urlencoded {
                    PartKind::Text
                } else {
                    part_kind(&field.ty, types, declared, described)
                },
                style: if urlencoded {
                    part_style(spec, media_pointer, &field.json_name, &field.ty, types)
                } else {
                    PartStyle::Exploded
                },
            }
        })
        .collect();
    Some(Form {
        ty: id,
        parts,
        closed: schema.closed,
    })
}

/// A member a form body whose schema is a union of objects is read by: a
/// pair or part of this name is decoded as `ty` before the union chooses
/// its variant (a form's text carries no types of its own).
#[derive(Clone, Debug)]
pub struct UnionMember {
    /// The property name on the wire.
    pub name: String,
    /// Its type in the first variant declaring it.
    pub ty: Ty,
    /// Some variant lets it be `null`: a lone `null` text is null.
    pub nullable: bool,
    /// Every variant declares it, some requires it, and its `{}` is
    /// written as no pair at all (a map, or an object whose members may all
    /// be left out, as for [`FormPart::absent_is_empty`]): sent URL-encoded,
    /// absent is `{}`.
    pub empty_when_absent: bool,
}

/// A form body whose schema is a union of objects: the members its text
/// is typed by.
#[derive(Clone, Debug)]
pub struct UnionForm {
    /// Every property any variant declares, in variant order.
    pub members: Vec<UnionMember>,
    /// Every variant is closed (`additionalProperties: false`): a part no
    /// variant declares is refused.
    pub closed: bool,
}

/// The form a body whose type is a union of objects (through aliases) is
/// read by. `None` for any other type, or a union with a variant that is
/// no object (a map or a scalar takes pairs no declared name types).
pub fn union_form(ty: &Ty, types: &[TypeDef]) -> Option<UnionForm> {
    let Ty::Named(id) = ty.underlying(types) else {
        return None;
    };
    let TypeKind::Union(union) = &types[*id].kind else {
        return None;
    };
    let mut members: Vec<UnionMember> = Vec::new();
    let mut closed = true;
    for variant in &union.variants {
        let id = object_id(&variant.ty, types)?;
        let TypeKind::Struct(schema) = &types[id].kind else {
            return None;
        };
        closed &= schema.closed;
        for field in &schema.fields {
            let nullable = field.presence.admits_null();
            let required = field.presence.is_required();
            match members.iter_mut().find(|m| m.name == field.json_name) {
                Some(member) => {
                    member.nullable |= nullable;
                    member.empty_when_absent |= required;
                }
                None => members.push(UnionMember {
                    name: field.json_name.clone(),
                    ty: field.ty.clone(),
                    nullable,
                    empty_when_absent: required,
                }),
            }
        }
    }
    // A member some variant leaves undeclared stays absent: that variant
    // may refuse a member it does not know.
    for member in &mut members {
        member.empty_when_absent &= writes_empty_as_nothing(&member.ty, types)
            && union.variants.iter().all(|variant| {
                object_id(&variant.ty, types).is_some_and(|id| {
                    matches!(&types[id].kind, TypeKind::Struct(schema)
                        if schema.fields.iter().any(|f| f.json_name == member.name))
                })
            });
    }
    Some(UnionForm { members, closed })
}

/// The style of the URL-encoded part `name`, read from the document (the
/// model's `explode` cannot tell an absent one, which is `true` for `form`,
/// from `false`).
fn part_style(
    spec: &LoadedSpec,
    media_pointer: &str,
    name: &str,
    ty: &Ty,
    types: &[TypeDef],
) -> PartStyle {
    let pointer = crate::diagnostics::child(&format!("{media_pointer}/encoding"), name);
    let at = |key: &str| spec.raw_at(&format!("{pointer}/{key}"));
    let style = at("style").and_then(Value::as_str);
    let explode = at("explode").and_then(Value::as_bool);
    let list = matches!(ty.underlying(types), Ty::Vec(_));
    let object =
        list || object_id(ty, types).is_some() || matches!(ty.underlying(types), Ty::Map(_));
    match (style, explode) {
        (Some("deepObject"), _) => PartStyle::DeepObject,
        (Some("spaceDelimited"), None | Some(false)) if list => PartStyle::Delimited(' '),
        (Some("pipeDelimited"), None | Some(false)) if list => PartStyle::Delimited('|'),
        (None | Some("form"), Some(false)) if list || object => PartStyle::Delimited(','),
        _ => PartStyle::Exploded,
    }
}

/// The struct a body type is (through aliases), if any.
fn object_id(ty: &Ty, types: &[TypeDef]) -> Option<TypeId> {
    match ty.underlying(types) {
        Ty::Named(id) if matches!(types[*id].kind, TypeKind::Struct(_)) => Some(*id),
        _ => None,
    }
}

/// Whether a property is text or files: `declared` is its encoding's
/// `contentType`, `described` its schema's `contentMediaType`.
fn part_kind(
    ty: &Ty,
    types: &[TypeDef],
    declared: Option<&str>,
    described: Option<&str>,
) -> PartKind {
    let (item, many) = match maybe_files(ty, types) {
        Ty::Vec(item) => (bare(item).resolved(types), true),
        other => (other, false),
    };
    let file = match item {
        Ty::Binary => true,
        Ty::String | Ty::Base64 | Ty::Json => {
            described.is_some() || declared.is_some_and(|media| !is_textual(media))
        }
        _ => false,
    };
    match (file, many) {
        (false, _) => PartKind::Text,
        (true, false) => PartKind::File,
        (true, true) => PartKind::Files,
    }
}

/// The type a part is classified by: its own, or for a union that may be
/// files or a file (`oneOf: [binary, object]`), that variant. Such a part
/// is read as its file(s), whatever else the union allows (an object sent
/// as JSON arrives as a file's bytes): a file is not text to decode.
fn maybe_files<'a>(ty: &'a Ty, types: &'a [TypeDef]) -> &'a Ty {
    let resolved = bare(ty).resolved(types);
    let Ty::Named(id) = resolved else {
        return resolved;
    };
    let TypeKind::Union(union) = &types[*id].kind else {
        return resolved;
    };
    let variants = || union.variants.iter().map(|v| bare(&v.ty).resolved(types));
    let binary = |ty: &Ty| matches!(ty, Ty::Binary);
    variants()
        .find(|v| matches!(v, Ty::Vec(item) if binary(bare(item).resolved(types))))
        .or_else(|| variants().find(|v| binary(v)))
        .unwrap_or(resolved)
}

/// Whether every media type of an encoding's `contentType` (a list, maybe)
/// is text or JSON.
fn is_textual(content_type: &str) -> bool {
    content_type.split(',').all(|media| {
        let media = media.trim().to_ascii_lowercase();
        media.starts_with("text/")
            || matches!(BodyKind::of(&media), BodyKind::Json | BodyKind::MergePatch)
    })
}

/// The `contentMediaType` of each property of an object schema as written,
/// through `$ref`s and `allOf` members (openapiv3 keeps no unknown keyword,
/// so they are read from the document). A property (or its items) with
/// `format: binary` and no `type` counts as `application/octet-stream`:
/// the format says what its strings are, and a part's text is a string.
fn content_media_types(
    spec: &LoadedSpec,
    schema: &Value,
    out: &mut HashMap<String, String>,
    depth: usize,
) {
    // `$ref` cycles through `allOf` end here; the type builder reports them.
    if depth > 32 {
        return;
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| spec.raw_at(reference))
    {
        content_media_types(spec, target, out, depth + 1);
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let property = match property.get("$ref").and_then(Value::as_str) {
                Some(reference) => spec.raw_at(reference).unwrap_or(property),
                None => property,
            };
            let item = property.get("items").unwrap_or(property);
            let media = [property, item]
                .into_iter()
                .find_map(|schema| schema.get("contentMediaType")?.as_str())
                .or_else(|| untyped_binary(item).then_some("application/octet-stream"));
            if let Some(media) = media {
                out.insert(name.clone(), media.to_owned());
            }
        }
    }
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        content_media_types(spec, member, out, depth + 1);
    }
}

/// `{format: binary}` with no `type`: any value, whose strings are bytes.
fn untyped_binary(schema: &Value) -> bool {
    schema.get("type").is_none() && schema.get("format").and_then(Value::as_str) == Some("binary")
}

#[cfg(test)]
mod tests {
    use super::{Form, PartKind};
    use crate::ir::{BodyKind, Content, Presence};

    /// The form of the one operation's body in a document made of
    /// `paths`, and `components` when given.
    fn form_of(version: &str, body: &str, components: &str) -> Option<Form> {
        content_of(version, body, components).form
    }

    /// The multipart content of the one operation's body.
    fn content_of(version: &str, body: &str, components: &str) -> Content {
        let text = format!(
            "openapi: {version}\ninfo: {{ title: T, version: '1' }}\npaths:\n  /up:\n    post:\n      \
             operationId: up\n      requestBody:\n{body}\n      responses:\n        '204': {{ description: ok }}\n\
             {components}"
        );
        let spec = crate::load::load_text(&text, None).expect("the document loads");
        let mut diagnostics = Vec::new();
        let api = crate::ir::build(&spec, &mut diagnostics);
        let content = api.operations[0].body.as_ref().expect("a body").chosen();
        assert_eq!(content.kind, BodyKind::Multipart);
        content.clone()
    }

    fn kinds(form: &Form) -> Vec<(&str, PartKind, bool)> {
        form.parts
            .iter()
            .map(|p| (p.name.as_str(), p.kind, p.required))
            .collect()
    }

    const INLINE: &str = "        content:
          multipart/form-data:
            schema:
              type: object
              required: [title, file]
              properties:
                title: { type: string, maxLength: 10 }
                count: { type: integer }
                file: { type: string, format: binary }
                photos: { type: array, items: { type: string, format: binary } }
                meta: { type: object, properties: { a: { type: string } } }
                tags: { type: array, items: { type: string } }
                digest: { type: string, format: byte }
                scan: { type: string, format: byte }
                note: { type: string }
                logo: { type: string }
                csv: { type: string, contentMediaType: text/csv }
                blob: { format: binary }
                blobs: { type: array, items: { format: binary } }
                any: {}
            encoding:
              scan: { contentType: application/pdf }
              note: { contentType: text/plain; charset=utf-8 }
              logo: { contentType: 'image/png, image/jpeg' }";

    #[test]
    fn properties_become_text_and_file_parts() {
        let form = form_of("3.0.3", INLINE, "").expect("an object schema is a form");
        assert_eq!(
            kinds(&form),
            [
                ("title", PartKind::Text, true),
                ("count", PartKind::Text, false),
                ("file", PartKind::File, true),
                ("photos", PartKind::Files, false),
                ("meta", PartKind::Text, false),
                ("tags", PartKind::Text, false),
                // Base64 text, unless the encoding says it is a file.
                ("digest", PartKind::Text, false),
                ("scan", PartKind::File, false),
                ("note", PartKind::Text, false),
                ("logo", PartKind::File, false),
                // A 3.0 document: the keyword is read as written.
                ("csv", PartKind::File, false),
                // A format with no type: any value, whose strings are bytes.
                ("blob", PartKind::File, false),
                ("blobs", PartKind::Files, false),
                ("any", PartKind::Text, false),
            ]
        );
        assert!(!form.closed);
        assert_eq!(form.parts[0].presence, Presence::Required);
        assert_eq!(form.parts[0].rust_name, "title");
    }

    #[test]
    fn content_media_type_of_openapi_31_is_a_file() {
        let form = form_of("3.1.0", INLINE, "").expect("a form");
        let csv = form.parts.iter().find(|p| p.name == "csv").unwrap();
        assert_eq!(csv.kind, PartKind::File);
    }

    #[test]
    fn references_and_all_of_are_followed() {
        let body = "        content:
          multipart/form-data:
            schema: { $ref: '#/components/schemas/Upload' }";
        let components = "components:
  schemas:
    Image: { type: string, format: binary }
    Named:
      type: object
      required: [name]
      properties:
        name: { type: string }
    Upload:
      additionalProperties: false
      allOf:
        - $ref: '#/components/schemas/Named'
        - type: object
          required: [image]
          properties:
            image: { $ref: '#/components/schemas/Image' }
            thumbs: { type: array, items: { $ref: '#/components/schemas/Image' } }
            raw: { type: string, contentMediaType: image/gif }";
        let form = form_of("3.0.3", body, components).expect("a referenced object is a form");
        assert_eq!(
            kinds(&form),
            [
                ("name", PartKind::Text, true),
                ("image", PartKind::File, true),
                ("thumbs", PartKind::Files, false),
                ("raw", PartKind::File, false),
            ]
        );
        assert!(
            form.closed,
            "additionalProperties: false refuses other parts"
        );
    }

    #[test]
    fn bodies_that_are_no_object_have_no_form() {
        let media = "        content:\n          multipart/form-data:";
        for schema in [
            "{ type: string, format: binary }",
            "{ type: array, items: { type: string } }",
            "{ type: object, additionalProperties: { type: string } }",
            "{}",
        ] {
            let body = format!("{media}\n            schema: {schema}");
            assert!(form_of("3.0.3", &body, "").is_none(), "{schema}");
        }
        assert!(form_of("3.0.3", &format!("{media} {{}}"), "").is_none());
    }

    #[test]
    fn a_union_of_objects_is_typed_by_its_variants_members() {
        let body = "        content:
          multipart/form-data:
            schema:
              oneOf:
                - type: object
                  required: [a]
                  properties:
                    a: { type: integer }
                    b: { type: [array, 'null'], items: { type: integer } }
                - type: object
                  properties:
                    b: { type: array, items: { type: string } }
                    c: { type: boolean }";
        let content = content_of("3.1.0", body, "");
        assert!(content.form.is_none(), "a union has no parts of its own");
        let form = content.union_form.expect("a union of objects");
        assert!(!form.closed, "its variants are open");
        let members = form.members;
        let read: Vec<(&str, bool)> = members
            .iter()
            .map(|m| (m.name.as_str(), m.nullable))
            .collect();
        // The first variant declaring a member types it; any may make it
        // nullable.
        assert_eq!(read, [("a", false), ("b", true), ("c", false)]);
        assert!(matches!(members[1].ty, crate::ir::Ty::Vec(_)));
        // A variant that is no object leaves the union untyped.
        let body = body.replace(
            "type: object\n                  properties:\n                    b",
            "type: string\n                  properties:\n                    b",
        );
        assert!(content_of("3.1.0", &body, "").union_form.is_none());
    }
}
