//! Helpers shared by the generator's integration tests (each test binary uses
//! a different subset of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub(crate) fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(name)
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The generated crate's files for a spec, keyed by path.
pub(crate) fn generate(
    spec_path: &Path,
    crate_name: &str,
    runtime_path: &str,
) -> Vec<codegen::GeneratedFile> {
    let mut options = codegen::Options::new(crate_name);
    options.runtime = codegen::Runtime::Path(runtime_path.into());
    match codegen::generate(spec_path, &options) {
        Ok(generated) => generated.files,
        Err(errors) => panic!(
            "{} did not generate:\n{}",
            spec_path.display(),
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Asserts that `errors` has an error whose message contains `fragment`.
pub(crate) fn assert_some_error_says(errors: &[codegen::Diagnostic], fragment: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.is_error() && e.message.contains(fragment)),
        "no error says {fragment:?}: {errors:?}"
    );
}

/// Asserts that `error` points at `pointer` and its message contains `fragment`.
pub(crate) fn assert_error_at(error: &codegen::Diagnostic, pointer: &str, fragment: &str) {
    assert_eq!(error.pointer, pointer, "{error}");
    assert!(error.message.contains(fragment), "{error}");
}

pub(crate) fn file<'a>(files: &'a [codegen::GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} generated"))
        .contents
}

/// The feature specs the snapshot and compile tests share.
pub(crate) const FEATURE_SPECS: &[&str] = &[
    "objects.yaml",
    "enums.yaml",
    "composition.yaml",
    "recursion.yaml",
    "formats.yaml",
    "openapi31.yaml",
    "multifile/main.yaml",
    "text.yaml",
];

/// A spec of `length` schemas in one ring, each holding an array of the
/// next (`Step0` → `Step1` → … → `Step0`), taken by one operation: the
/// shape of the long chains of references real expression-tree schemas
/// make.
pub(crate) fn ring_spec(length: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: { title: Ring, version: '1' }\npaths:\n  /rings:\n    post:\n      \
         operationId: makeRing\n      requestBody:\n        required: true\n        content:\n          \
         application/json:\n            schema: { $ref: '#/components/schemas/Step0' }\n      \
         responses:\n        '204': { description: made }\ncomponents:\n  schemas:\n",
    );
    for step in 0..length {
        let next = (step + 1) % length;
        text.push_str(&format!(
            "    Step{step}:\n      type: object\n      properties:\n        label: {{ type: string }}\n        \
             next: {{ type: array, items: {{ $ref: '#/components/schemas/Step{next}' }} }}\n"
        ));
    }
    text
}

/// A spec whose operations, parameters and members are named like what the
/// generated code names itself: the router's parameters and locals, the
/// server module's items, the handlers' bindings, the client's methods.
pub(crate) fn own_words_spec() -> String {
    const WORDS: &[&str] = &[
        "router",
        "api",
        "options",
        "server",
        "routes",
        "schemes",
        "openapi_json",
        "request",
        "context",
        "state",
        "response",
        "client",
        "new",
        "builder",
        "send",
        "body",
        "headers",
        "query",
        "problem",
        "future",
    ];
    let mut text =
        String::from("openapi: 3.0.3\ninfo: { title: Own words, version: '1' }\npaths:\n");
    for word in WORDS {
        text.push_str(&format!(
            "  /{word}/{{id}}:\n    post:\n      operationId: {word}\n      parameters:\n        \
             - {{ name: id, in: path, required: true, schema: {{ type: string }} }}\n        \
             - {{ name: {word}, in: query, schema: {{ type: string }} }}\n      requestBody:\n        \
             content:\n          application/json:\n            schema:\n              \
             {{ type: object, properties: {{ {word}: {{ type: string }} }} }}\n      responses:\n        \
             '200':\n          description: done\n          content:\n            application/json:\n              \
             schema: {{ type: object, properties: {{ {word}: {{ type: integer, format: int32 }} }} }}\n"
        ));
    }
    text
}

/// A spec of `kinds` expression-step schemas, each holding an array of any
/// step (a `oneOf` of all of them, told apart by `kind`): one type cycle of
/// `kinds` structs and their unions, the shape of real expression and
/// workflow schemas. Past a few dozen kinds, proving a handler future `Send`
/// exceeds the compiler's default recursion limit in the crate that builds
/// the router, unless the generated types state it.
pub(crate) fn expression_spec(kinds: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: { title: Expressions, version: '1' }\npaths:\n  /expressions:\n    \
         post:\n      operationId: evaluate\n      requestBody:\n        required: true\n        \
         content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Step0' }\n      \
         responses:\n        '200':\n          description: the value\n          content:\n            \
         application/json:\n              schema: { $ref: '#/components/schemas/Step1' }\n\
         components:\n  schemas:\n",
    );
    let any_step = (0..kinds)
        .map(|kind| format!("{{ $ref: '#/components/schemas/Step{kind}' }}"))
        .collect::<Vec<_>>()
        .join(", ");
    for kind in 0..kinds {
        text.push_str(&format!(
            "    Step{kind}:\n      type: object\n      required: [kind]\n      properties:\n        \
             kind: {{ type: string, enum: [k{kind}] }}\n        inputs:\n          type: array\n          \
             items: {{ oneOf: [{any_step}], discriminator: {{ propertyName: kind }} }}\n"
        ));
    }
    text
}
