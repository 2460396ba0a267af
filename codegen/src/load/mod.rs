//! Loading: file → JSON value → bundled (external `$ref`s pulled in) → lowered to
//! the OpenAPI 3.0 shape → typed `openapiv3` model.
//!
//! Every problem becomes a [`Diagnostic`] with a JSON pointer; nothing here panics
//! on bad input.

mod bundle;
mod lines;
mod lower;
mod lower32;
mod model_errors;
mod parse;
pub mod places;

use std::path::Path;
use std::sync::OnceLock;

use crate::diagnostics::Diagnostic;

pub use lines::LineIndex;
pub use parse::{parse_document, parse_document_leniently};

/// A loaded document: the typed model plus the lowered raw value, which is kept to
/// resolve `$ref`s that point outside `#/components`.
pub struct LoadedSpec {
    /// The typed model, deserialized from `raw`.
    pub api: openapiv3::OpenAPI,
    /// The document bundled and lowered to the 3.0 shape; lint and diff pointers point into it.
    pub raw: serde_json::Value,
    /// The document as written (external refs bundled), before lowering.
    pub source: serde_json::Value,
    /// Warnings met while loading (errors abort instead).
    pub warnings: Vec<Diagnostic>,
    /// The OpenAPI version line of the document.
    pub version: Version,
    text: String,
    lines: OnceLock<LineIndex>,
}

impl LoadedSpec {
    /// The lowered document's value at `pointer` (`#/components/…`).
    pub fn raw_at(&self, pointer: &str) -> Option<&serde_json::Value> {
        self.raw.pointer(&crate::diagnostics::decode_fragment(
            pointer.strip_prefix('#')?,
        ))
    }

    /// Pointer → line of the main document, built on first use.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::build(&self.text))
    }

    /// The main document's text as read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The warning for a closing bracket [`parse_document_leniently`] read as
/// indented, at its line.
fn bracket_moved(line: usize) -> Diagnostic {
    Diagnostic::warning(
        "#",
        "a flow collection's closing bracket must be indented more than its key; \
         read as if it were",
    )
    .at_line(Some(line))
}

/// Reads, bundles, lowers and types the document at `path`.
pub fn load_file(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        vec![Diagnostic::error(
            "#",
            format!("cannot read {}: {err}", path.display()),
        )]
    })?;
    load_text(&text, Some(path))
}

/// Like [`load_file`], for a document already in memory. `path` (when given) is
/// used to resolve relative-file `$ref`s and to name the file in diagnostics.
pub fn load_text(text: &str, path: Option<&Path>) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let (mut value, text, moved) = parse_document_leniently(text, path).map_err(|d| vec![d])?;
    let version = check_version(&value)?;
    let mut warnings: Vec<Diagnostic> = moved.into_iter().map(bracket_moved).collect();
    if let Some(path) = path {
        bundle::bundle_external_refs(&mut value, path, &mut warnings)?;
    } else {
        let refs = bundle::external_refs(&value);
        bundle::refuse_remote_refs(&refs)?;
        if let Some((pointer, reference)) = refs.first() {
            return Err(vec![Diagnostic::error(
                pointer,
                format!(
                    "$ref {reference} points into another file, but the document was not \
                     loaded from a file"
                ),
            )]);
        }
    }
    let source = value.clone();
    let untitled = path
        .and_then(Path::file_stem)
        .map_or_else(|| "API".into(), |stem| stem.to_string_lossy());
    lower::lower(&mut value, version, &untitled, &mut warnings);
    let api = to_model(&value)?;
    Ok(LoadedSpec {
        api,
        raw: value,
        source,
        warnings,
        version,
        text: text.into_owned(),
        lines: OnceLock::new(),
    })
}

/// The OpenAPI minor version line of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `openapi: 3.0.x`.
    V3_0,
    /// `openapi: 3.1.x`: its 3.1-only constructs are lowered to the 3.0 shape.
    V3_1,
    /// `openapi: 3.2.x`: read as 3.1 is; its media type components are
    /// inlined, and what the generator does not serve yet (the `QUERY`
    /// method, other methods, `querystring` parameters) is left out with a
    /// warning.
    V3_2,
}

impl Version {
    /// Whether schemas are JSON Schema 2020-12 (3.1 and later).
    pub fn has_json_schema_2020(self) -> bool {
        self != Version::V3_0
    }
}

fn check_version(value: &serde_json::Value) -> Result<Version, Vec<Diagnostic>> {
    let refuse = |pointer: &str, message: String| Err(vec![Diagnostic::error(pointer, message)]);
    let Some(object) = value.as_object() else {
        return refuse(
            "#",
            "the document is not a mapping of OpenAPI fields".into(),
        );
    };
    if let Some(swagger) = object.get("swagger") {
        return refuse(
            "#/swagger",
            format!(
                "Swagger {} is not supported: convert the document to OpenAPI 3 first \
                 (for example with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        );
    }
    match object.get("openapi") {
        None => refuse(
            "#",
            "no `openapi` field: this is not an OpenAPI 3 document".into(),
        ),
        Some(serde_json::Value::String(v)) if v.starts_with("3.0") => Ok(Version::V3_0),
        Some(serde_json::Value::String(v)) if v.starts_with("3.1") => Ok(Version::V3_1),
        Some(serde_json::Value::String(v)) if v.starts_with("3.2") => Ok(Version::V3_2),
        Some(other) => refuse(
            "#/openapi",
            format!("unsupported OpenAPI version {other}: 3.0.x, 3.1.x and 3.2.x are supported"),
        ),
    }
}

fn to_model(value: &serde_json::Value) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        // `openapiv3` flattens maps and buffers `$ref`-or-object values, which
        // loses the path; look for the deepest failing part ourselves.
        let (pointer, message) = model_errors::deepest(value)
            .unwrap_or_else(|| (path_to_pointer(err.path()), err.inner().to_string()));
        vec![Diagnostic::error(
            pointer,
            format!("not a valid OpenAPI object: {message}"),
        )]
    })
}

/// Turns serde_path_to_error's dotted path into a JSON pointer.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer = crate::diagnostics::child(&pointer, &index.to_string())
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer = crate::diagnostics::child(&pointer, key)
            }
            Segment::Unknown => {}
        }
    }
    pointer
}
