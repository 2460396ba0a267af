//! Bad input gets a located diagnostic (and exit code 2), never a panic.

use std::process::Command;

mod common;

fn generate(text: &str) -> Result<codegen::Generated, Vec<codegen::Diagnostic>> {
    codegen::generate_from_str(text, "spec.yaml", &codegen::Options::new("x"))
}

/// A document with no paths and these `components.schemas` (indented by four).
fn with_schemas(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// The warning whose message says `text`.
fn warning_about<'a>(generated: &'a codegen::Generated, text: &str) -> &'a codegen::Diagnostic {
    let found = generated.warnings.iter().find(|w| w.message.contains(text));
    found.unwrap_or_else(|| panic!("no warning about {text}: {:?}", generated.warnings))
}

fn errors_of(text: &str) -> Vec<codegen::Diagnostic> {
    match generate(text) {
        Ok(_) => panic!("expected the spec to be refused"),
        Err(errors) => errors,
    }
}

fn first_error(text: &str) -> codegen::Diagnostic {
    errors_of(text)
        .into_iter()
        .find(|d| d.is_error())
        .expect("an error diagnostic")
}

#[test]
fn malformed_yaml_reports_the_line() {
    let error =
        first_error("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n");
    assert!(error.message.contains("malformed YAML"), "{error}");
    assert!(error.line.is_some_and(|l| l >= 3), "{error}");
}

#[test]
fn malformed_json_reports_the_line() {
    let error = first_error("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,\n}");
    assert!(error.message.contains("malformed JSON"), "{error}");
    assert_eq!(error.line, Some(3), "{error}");
}

#[test]
fn duplicate_keys_are_refused() {
    let error = first_error("openapi: 3.0.3\nopenapi: 3.1.0\n");
    assert!(error.message.contains("duplicate key"), "{error}");
}

#[test]
fn swagger_2_is_refused_clearly() {
    let error = first_error("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    common::assert_error_at(&error, "#/swagger", "Swagger 2.0 is not supported");
}

#[test]
fn unknown_versions_and_non_openapi_documents_are_refused() {
    assert_eq!(
        first_error("openapi: 4.0.0\ninfo: {title: t, version: '1'}\n").pointer,
        "#/openapi"
    );
    assert!(
        first_error("just a string")
            .message
            .contains("not a mapping")
    );
    assert!(
        first_error("info: {title: t}\n")
            .message
            .contains("no `openapi` field")
    );
}

#[test]
fn dangling_ref_names_its_pointer() {
    let error = first_error(&with_schemas(
        "    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n",
    ));
    common::assert_error_at(
        &error,
        "#/components/schemas/A/properties/b",
        "#/components/schemas/Missing",
    );
}

#[test]
fn recursive_ref_cycles_are_reported() {
    let errors = errors_of(&with_schemas(
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    ));
    common::assert_some_error_says(&errors, "recursive $ref cycle");
}

#[test]
fn unknown_types_degrade_to_json_with_a_warning() {
    let generated = generate(&with_schemas(
        "    A:\n      type: object\n      properties:\n        odd: {type: decimal128}\n",
    ))
    .expect("an unknown type is a warning, not an error");
    let warning = warning_about(&generated, "unknown type");
    assert_eq!(warning.pointer, "#/components/schemas/A/properties/odd");
    assert!(
        common::file(&generated.files, "src/models.rs")
            .contains("pub odd: Option<serde_json::Value>")
    );
}

#[test]
fn keywords_of_the_wrong_type_are_dropped_with_a_warning() {
    let generated = generate(&with_schemas(
        "    A:\n      type: string\n      maxLength: lots\n",
    ))
    .unwrap();
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.pointer == "#/components/schemas/A/maxLength"),
        "{:?}",
        generated.warnings
    );
}

#[test]
fn a_header_parameter_http_cannot_carry_is_left_out_with_a_warning() {
    let generated = generate(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /providers:
    post:
      operationId: createProvider
      parameters:
        - {in: header, name: 'Authorization: Bearer 1111', required: true, schema: {type: string}}
        - {in: header, name: X-Trace, schema: {type: string}}
      responses:
        '204': {description: created}
",
    )
    .unwrap();
    let warning = warning_about(&generated, "not a valid HTTP header name");
    assert_eq!(warning.pointer, "#/paths/~1providers/post/parameters/0");
    // Neither side asks for it; the valid one stays.
    for file in ["src/server.rs", "src/client.rs"] {
        let text = common::file(&generated.files, file);
        assert!(!text.contains("Bearer 1111"), "{file}");
        assert!(
            text.contains("x-trace") || text.contains("X-Trace"),
            "{file}"
        );
    }
}

#[test]
fn cli_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_codegen");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "swagger: '2.0'\n").unwrap();
    let out = dir.path().join("out");
    let run = |spec: &std::path::Path, check: bool| {
        let mut cmd = Command::new(bin);
        cmd.arg("generate")
            .arg(spec)
            .arg("--out")
            .arg(&out)
            .arg("--quiet");
        if check {
            cmd.arg("--check");
        }
        cmd.output().unwrap()
    };
    let refused = run(&bad, false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Swagger 2.0"));

    let good = common::spec("objects.yaml");
    assert_eq!(
        run(&good, true).status.code(),
        Some(1),
        "check before generating reports drift"
    );
    assert!(!out.exists(), "check mode writes nothing");
    assert_eq!(run(&good, false).status.code(), Some(0));
    assert_eq!(
        run(&good, true).status.code(),
        Some(0),
        "no drift right after generating"
    );
    std::fs::write(out.join("src/models.rs"), "// edited by hand\n").unwrap();
    let drift = run(&good, true);
    assert_eq!(drift.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&drift.stderr).contains("src/models.rs"));
}

#[test]
fn a_component_used_from_two_operations_is_warned_about_once() {
    let generated = generate(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    head:\n      responses:\n        '200': {$ref: '#/components/responses/Exists'}\n  /b:\n    head:\n      responses:\n        '200': {$ref: '#/components/responses/Exists'}\ncomponents:\n  responses:\n    Exists:\n      description: it exists\n      content:\n        application/json:\n          schema: {type: boolean}\n",
    )
    .expect("generates");
    let about_head = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("HEAD has no body"));
    assert_eq!(about_head.count(), 1, "{:?}", generated.warnings);
}
