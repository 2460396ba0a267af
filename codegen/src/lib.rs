//! specforge's generator: an OpenAPI 3.0/3.1/3.2 document in, one Rust crate out
//! (typed models; server and client behind features).
//!
//! Pipeline: [`load`] (parse, bundle, lower to 3.0) → [`ir`] (typed model of
//! types and operations) → [`emit`] (Rust via quote + prettyplease, other files
//! via askama) → [`write`](mod@write) (only changed files; check mode for drift).
//!
//! Use it from a `build.rs` or a tool:
//!
//! ```no_run
//! let options = codegen::Options::new("petstore");
//! let generated = codegen::generate(std::path::Path::new("openapi.yaml"), &options)
//!     .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
//! codegen::write::write_files(std::path::Path::new("out"), &generated.files, codegen::write::Mode::Write)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod lint;
pub mod load;
pub mod write;

use std::path::Path;
use std::time::Instant;

pub use diagnostics::{Diagnostic, Severity};
pub use emit::GeneratedFile;

/// How to generate the crate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The generated crate's package name; empty: made from the spec's
    /// title (`Catalog API` → `catalog-api`).
    pub crate_name: String,
    /// How the generated crate depends on `specforge-runtime`.
    pub runtime: Runtime,
}

/// Where the generated crate's `Cargo.toml` takes `specforge-runtime` from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// `specforge-runtime = { version = "…" }`
    Version(String),
    /// `specforge-runtime = { path = "…" }`, relative to the generated crate.
    Path(String),
}

impl Options {
    /// Options for a crate named `crate_name` (empty: named after the spec's title), depending
    /// on the `specforge-runtime` of this generator's version (the two are released together).
    pub fn new(crate_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            runtime: Runtime::Version(env!("CARGO_PKG_VERSION").to_owned()),
        }
    }
}

/// The files of the generated crate, and the warnings met on the way.
#[derive(Debug)]
pub struct Generated {
    /// Every file of the crate, paths relative to its root; pass them to [`write::write_files`].
    pub files: Vec<GeneratedFile>,
    /// Warnings from loading, then from building the IR, in the order met (errors end in `Err`).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in pipeline order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Generates the crate for the spec at `spec`. Errors are the diagnostics that
/// stopped generation (warnings included, for context).
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Vec<Diagnostic>> {
    let start = Instant::now();
    let loaded = load::load_file(spec)?;
    let loaded_at = start.elapsed();
    let file_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut generated = generate_loaded(&loaded, &file_name, options)?;
    generated.timings.insert(0, ("load", loaded_at));
    Ok(generated)
}

/// Generates from a document already in memory (no relative-file `$ref`s).
pub fn generate_from_str(
    text: &str,
    spec_file: &str,
    options: &Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let start = Instant::now();
    let loaded = load::load_text(text, None)?;
    let loaded_at = start.elapsed();
    let mut generated = generate_loaded(&loaded, spec_file, options)?;
    generated.timings.insert(0, ("load", loaded_at));
    Ok(generated)
}

fn generate_loaded(
    loaded: &load::LoadedSpec,
    spec_file: &str,
    options: &Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let start = Instant::now();
    let mut diagnostics = loaded.warnings.clone();
    let api = ir::build(loaded, &mut diagnostics);
    let built_at = start.elapsed();
    // A component met from several places is lowered, and warned about, once per place.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| seen.insert(diagnostic.clone()));
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
        return Err(diagnostics);
    }
    let crate_name = if options.crate_name.is_empty() {
        crate_name_from_title(&loaded.api.info.title)
    } else {
        options.crate_name.clone()
    };
    let settings = emit::CrateSettings {
        crate_name,
        runtime_dependency: match &options.runtime {
            Runtime::Version(v) => format!("version = \"{v}\""),
            Runtime::Path(p) => format!("path = \"{}\"", p.replace('\\', "/")),
        },
        spec_file: spec_file.to_owned(),
    };
    let files =
        emit::emit(&api, &settings).map_err(|err| vec![Diagnostic::error("#", err.to_string())])?;
    let timings = vec![("ir", built_at), ("emit", start.elapsed() - built_at)];
    Ok(Generated {
        files,
        warnings: diagnostics,
        timings,
    })
}

/// A crate name from an API title: `Catalog API` → `catalog-api`.
pub fn crate_name_from_title(title: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(
        title
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .as_str(),
    );
    match name.chars().next() {
        None => "generated-api".into(),
        Some(c) if c.is_ascii_digit() => format!("api-{name}"),
        Some(_) => name,
    }
}
