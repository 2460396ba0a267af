//! `codegen lint`: each rule fires where it should and nowhere on the
//! example spec; configuration, formats and exit codes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lint")
        .join(name)
}

fn lint(path: &Path, config: &codegen::lint::Config) -> codegen::lint::Report {
    let loaded = codegen::load::load_file(path).unwrap_or_else(|e| panic!("{e:?}"));
    codegen::lint::lint(&loaded, config)
}

#[test]
fn the_catalogue_has_stable_unique_ids() {
    let ids: BTreeSet<&str> = codegen::lint::RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), codegen::lint::RULES.len());
    assert!(ids.len() >= 25);
    for rule in codegen::lint::RULES {
        assert!(
            rule.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
        assert!(!rule.summary.is_empty() && !rule.fix.is_empty());
    }
}

#[test]
fn design_smells_are_found_at_their_lines() {
    let report = lint(&spec("design-smells.yaml"), &Default::default());
    let at = |rule: &str, pointer: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule && f.pointer == pointer)
            .unwrap_or_else(|| panic!("no {rule} at {pointer}: {:#?}", report.findings))
    };
    assert_eq!(
        at("operation-id-unique", "#/paths/~1pets/post/operationId").line,
        Some(31)
    );
    assert_eq!(
        at("operation-id-casing", "#/paths/~1getPets/get/operationId").line,
        Some(7)
    );
    at("path-nouns", "#/paths/~1getPets");
    at("path-plural-collections", "#/paths/~1pet~1{petId}");
    let example = at(
        "example-valid",
        "#/paths/~1getPets/get/responses/200/content/application~1json/example",
    );
    assert!(example.message.contains("/0/id"), "{}", example.message);
    assert_eq!(example.line, Some(14));
    // A request's own example leaves out what the server sets.
    let request = at(
        "example-valid",
        "#/paths/~1owners/post/requestBody/content/application~1json/example",
    );
    assert!(
        request.message.contains("/id: a read-only member"),
        "{}",
        request.message
    );
    at("header-names-valid", "#/paths/~1owners/post/parameters/0");
    at(
        "integer-format",
        "#/paths/~1pet~1{petId}/get/parameters/0/schema",
    );
    at("etag-304", "#/paths/~1pet~1{petId}/get/responses");
    at("secured-401", "#/paths/~1pet~1{petId}/get/responses");
    at("secured-403", "#/paths/~1pets/post/responses");
    at(
        "error-problem-json",
        "#/paths/~1pet~1{petId}/get/responses/404/content",
    );
    at("deprecated-sunset", "#/paths/~1pets/post");
    at("created-location", "#/paths/~1pets/post/responses/201");
    at("create-idempotency-key", "#/paths/~1pets/post");
    at("request-response-separate", "#/components/schemas/Pet");
    at(
        "schema-typed",
        "#/components/schemas/Pet/properties/pet_age",
    );
    at(
        "schema-typed",
        "#/components/schemas/Pet/properties/toys/items",
    );
    at(
        "property-casing",
        "#/components/schemas/Pet/properties/pet_age",
    );
    for (member, overlap) in [
        ("weight", "an `integer` and a `number` member"),
        ("collar", "2 object members that require nothing"),
        (
            "breed",
            "2 `string` members, one of which takes every string",
        ),
    ] {
        let pointer = format!("#/components/schemas/Pet/properties/{member}/oneOf");
        let finding = at("one-of-disjoint", &pointer);
        assert!(finding.message.contains(overlap), "{}", finding.message);
    }
    // Members each requiring one of their own do not overlap, nor do
    // strings each narrowed.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.pointer.contains("/properties/tag/")
                || f.pointer.contains("/properties/nickname/")),
        "{:#?}",
        report.findings
    );
    let undeclared = at(
        "discriminator-declared",
        "#/components/schemas/Pet/properties/owner/discriminator",
    );
    assert_eq!(
        undeclared.message,
        "an inline member does not declare the discriminator's `kind`"
    );
    at("unused-component", "#/components/schemas/Unused");
    at(
        "security-schemes-used",
        "#/components/securitySchemes/legacy",
    );
    at(
        "oauth-flows-current",
        "#/components/securitySchemes/legacy/flows/implicit",
    );
    at("servers-declared", "#");
    at("operation-documented", "#/paths/~1getPets/get");
    assert!(report.has_errors());
}

#[test]
fn parameters_inside_a_path_segment_are_part_of_its_template() {
    let report = lint(&spec("path-templates.yaml"), &Default::default());
    let mut found: Vec<&str> = (report.findings.iter())
        .filter(|f| f.rule == "path-parameters-declared")
        .map(|f| f.message.as_str())
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "GET /files/{name}.{ext}: `{ext}` is not declared as a path parameter",
            "path parameter `kind` does not appear in /files/{name}.{ext}",
        ],
        "{:#?}",
        report.findings
    );
}

/// The `(pointer, message)` of each finding of `rule` in the test spec `file`.
fn findings_of(file: &str, rule: &str) -> Vec<(String, String)> {
    let report = lint(&spec(file), &Default::default());
    (report.findings.into_iter())
        .filter(|f| f.rule == rule)
        .map(|f| (f.pointer, f.message))
        .collect()
}

#[test]
fn a_pattern_no_value_of_its_format_matches_is_flagged() {
    assert_eq!(
        findings_of("pattern-format.yaml", "pattern-fits-format"),
        [(
            "#/paths/~1events/get/parameters/0/schema/pattern".to_owned(),
            "the pattern `YYYY-MM-DDThh:mm:ssZ` takes no `date-time` value such as `2024-01-31T12:00:00Z`".to_owned()
        )]
    );
}

#[test]
fn a_keyword_for_another_type_than_the_one_named_is_flagged() {
    let client = "#/components/schemas/Client/properties";
    assert_eq!(
        findings_of("keywords-type.yaml", "keywords-fit-type"),
        [
            (
                format!("{client}/logout_uris/items"),
                "`items` applies to arrays only, and is ignored beside `type: string`".to_owned()
            ),
            (
                format!("{client}/pin/maxLength"),
                "`maxLength` applies to strings only, and is ignored beside `type: integer`"
                    .to_owned()
            ),
            (
                format!("{client}/tags/maximum"),
                "`maximum` applies to numbers only, and is ignored beside `type: array`".to_owned()
            ),
        ]
    );
}

#[test]
fn a_required_member_no_property_declares_is_flagged() {
    assert_eq!(
        findings_of("required-declared.yaml", "required-declared"),
        [(
            "#/components/schemas/Revocation/required".to_owned(),
            "`grant_type` is required but not among the properties".to_owned()
        )]
    );
}

#[test]
fn nullable_is_flagged_in_3_1_documents_only() {
    let pointers = |report: codegen::lint::Report| -> Vec<String> {
        (report.findings.into_iter())
            .filter(|f| f.rule == "nullable-3-1")
            .map(|f| f.pointer)
            .collect()
    };
    let report = lint(&spec("nullable-3-1.yaml"), &Default::default());
    assert_eq!(
        pointers(report),
        [
            "#/components/schemas/Store/properties/name/nullable",
            "#/components/schemas/Store/properties/expires/allOf/1/nullable",
        ]
    );
    // In 3.0 it is the keyword to use.
    let text = std::fs::read_to_string(spec("nullable-3-1.yaml")).unwrap();
    let text = (text.replace("openapi: 3.1.0", "openapi: 3.0.3"))
        .replace("note: {type: [string, \"null\"]}", "note: {type: string}");
    let dir = std::env::temp_dir().join(format!("specforge-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nullable-3-0.yaml");
    std::fs::write(&path, text).unwrap();
    let report = lint(&path, &Default::default());
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        report.findings.iter().all(|f| f.rule != "schema-typed"),
        "{:#?}",
        report.findings
    );
    assert_eq!(pointers(report), Vec::<String>::new());
}

#[test]
fn the_example_spec_is_clean() {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/catalog.yaml");
    let config = codegen::lint::Config::for_spec(&catalog, None).unwrap();
    assert!(config.source.is_some(), "specs/specforge-lint.yaml is read");
    let report = lint(&catalog, &config);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    // Without the configuration, its three documented exceptions show.
    let bare = lint(&catalog, &Default::default());
    assert_eq!(bare.findings.len(), report.ignored);
    assert!(
        bare.findings
            .iter()
            .all(|f| f.rule == "create-idempotency-key")
    );
}

#[test]
fn configuration_turns_rules_off_changes_severity_and_ignores_places() {
    let config = codegen::lint::Config::parse(
        "rules:\n  path-nouns: {severity: off, reason: legacy gateway}\n  integer-format: {severity: error, reason: ids}\nignore:\n  - pointer: '#/components'\n    reason: shared components are linted elsewhere\n",
    )
    .unwrap();
    let report = lint(&spec("design-smells.yaml"), &config);
    assert!(!report.findings.iter().any(|f| f.rule == "path-nouns"));
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.pointer.starts_with("#/components"))
    );
    assert!(report.ignored > 0);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "integer-format" && f.severity == codegen::lint::Severity::Error)
    );
    for bad in [
        "rules:\n  path-nouns: {severity: off}\n",
        "rules:\n  no-such-rule: {severity: off, reason: x}\n",
        "ignore:\n  - {pointer: '#/paths', rules: [nope], reason: x}\n",
        "rules:\n  path-nouns: {severity: loud, reason: x}\n",
    ] {
        assert!(codegen::lint::Config::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn cli_formats_and_exit_codes() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let smells = spec("design-smells.yaml");
    let smells = smells.to_str().unwrap();
    let (code, text) = run(&["lint", smells]);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("design-smells.yaml:31: error[operation-id-unique]"),
        "{text}"
    );
    let (_, sarif) = run(&["lint", smells, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
    let (_, json) = run(&["lint", smells, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 1);
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/catalog.yaml");
    assert_eq!(run(&["lint", catalog.to_str().unwrap()]).0, Some(0));
    assert_eq!(run(&["lint", "/no/such/spec.yaml"]).0, Some(2));
}
