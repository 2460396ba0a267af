//! Inputs the fuzz targets (`scripts/fuzz`) found crashing the generator,
//! one test each, kept under `tests/fuzz-regressions/`.

use std::path::Path;

mod common;

fn generate(file: &str) -> Result<codegen::Generated, Vec<codegen::Diagnostic>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(file);
    codegen::generate(&path, &codegen::Options::new("fuzz-regression"))
}

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    common::file(&generated.files, path)
}

/// A property that is `allOf: [its own parent, …]`: building the inline type
/// recursed forever (stack overflow). It is one recursive type, boxed.
#[test]
fn inline_all_of_containing_itself_is_one_boxed_type() {
    let generated = generate("inline-allof-contains-itself.yaml").expect("generates");
    let models = file(&generated, "src/models.rs");
    assert!(models.contains("pub a: Option<PetA>,"), "{models}");
    assert!(models.contains("pub a: Option<Box<PetA>>,"), "{models}");
    assert!(models.contains("pub b: Option<String>,"), "{models}");
}

/// An alias to itself among the members of an untagged union: ordering the
/// variants followed the alias forever (a hang in release builds, a stack
/// overflow in debug ones). The cycle is refused with a diagnostic.
#[test]
fn alias_cycle_in_a_union_is_refused() {
    assert_refused_as_a_cycle("alias-cycle-in-union.yaml");
}

/// The same alias cycle as the schema of multipart bodies: finding the
/// form's object followed it for ever (a stack overflow). Refused as well.
#[test]
fn alias_cycle_as_a_form_is_refused() {
    assert_refused_as_a_cycle("alias-cycle-as-form.yaml");
}

fn assert_refused_as_a_cycle(file: &str) {
    let errors = match generate(file) {
        Ok(_) => panic!("an alias cycle generated"),
        Err(errors) => errors,
    };
    common::assert_some_error_says(&errors, "recursive $ref cycle");
}

/// A title with a carriage return and a control character: copied verbatim,
/// they made Cargo.toml invalid TOML and lib.rs a "bare CR" compile error.
/// `text.yaml` among the compile tests builds such a crate; this keeps the
/// fuzzer's own input.
#[test]
fn control_characters_in_spec_text_are_escaped() {
    let generated = generate("control-characters.json").expect("generates");
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains(r#"models for Cr  title\u0007""#),
        "{manifest}"
    );
    assert!(!manifest.contains(['\r', '\u{7}']), "{manifest}");
    let lib = file(&generated, "src/lib.rs");
    assert!(!lib.contains(['\r', '\u{7}']), "{lib}");
    assert!(lib.contains(r"Cr\u{000D} title\u{0007}"), "{lib}");
}

/// A property `allOf: [its own parent, …]` whose members redefine it beside
/// `$ref`s with siblings and dangling references: every level of the merge
/// met the property at a new, longer pointer (and an `allOf` member's
/// pointer was escaped as `allOf~11`), so the guard against a schema
/// containing itself never matched and the generator ran out of memory.
/// Inline schemas now stop nesting at 128 levels, with a warning.
#[test]
fn inline_schemas_nesting_without_end_stop_with_a_warning() {
    let errors = match generate("allof-nests-without-end.json") {
        Ok(_) => panic!("dangling references generated"),
        Err(errors) => errors,
    };
    common::assert_some_error_says(&errors, "dangling $ref");
    assert!(
        errors
            .iter()
            .any(|d| !d.is_error() && d.message.contains("nest more than 128 levels")),
        "{errors:#?}"
    );
    assert!(!errors.iter().any(|d| d.pointer.contains("allOf~1")));
}
