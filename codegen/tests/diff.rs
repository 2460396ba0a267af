//! `codegen diff`: for every kind of change in the catalogue, a pair of small
//! specs (base.yaml with a merge patch per side) and the expected level and
//! semver verdict; plus the CLI's exit codes, formats and git revisions.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use codegen::diff::{KINDS, Level, Report};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(name);
    codegen::load::parse_document(&std::fs::read_to_string(path).unwrap(), None).unwrap()
}

/// RFC 7396.
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let object = target.as_object_mut().unwrap();
    for (key, value) in patch {
        if value.is_null() {
            object.remove(key);
        } else {
            merge(object.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

fn side(patch: Option<&Value>) -> String {
    let mut doc = fixture("base.yaml");
    if let Some(patch) = patch {
        merge(&mut doc, patch);
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

fn run(old: Option<&Value>, new: Option<&Value>) -> Report {
    codegen::diff::diff_texts(&side(old), &side(new)).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A case: kind, old patch, new patch, expected semver (when asserted).
struct Case {
    kind: String,
    old: Option<Value>,
    new: Option<Value>,
    semver: Option<String>,
}

fn schema_patch(schema: &str, property: &str, keywords: Value) -> Value {
    json!({"components": {"schemas": {schema: {"properties": {property: keywords}}}}})
}

/// The constraint families, generated: request on NewPet, response on Pet.
fn generated_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let families = [
        ("max-length", "tag", "maxLength", 10, 5, 20, true),
        ("min-length", "tag", "minLength", 5, 10, 1, false),
        ("maximum", "age", "maximum", 50, 30, 80, true),
        ("minimum", "age", "minimum", 5, 10, 1, false),
        ("max-items", "tags", "maxItems", 10, 5, 20, true),
        ("min-items", "tags", "minItems", 2, 3, 1, false),
        ("max-properties", "labels", "maxProperties", 10, 5, 20, true),
        ("min-properties", "labels", "minProperties", 2, 3, 1, false),
    ];
    for (family, property, keyword, base, tight, loose, _) in families {
        for (direction, schema) in [("request", "NewPet"), ("response", "Pet")] {
            for (change, value) in [("tightened", tight), ("loosened", loose)] {
                cases.push(Case {
                    kind: format!("{direction}-{family}-{change}"),
                    old: Some(schema_patch(schema, property, json!({keyword: base}))),
                    new: Some(schema_patch(schema, property, json!({keyword: value}))),
                    semver: Some("patch".into()),
                });
            }
        }
    }
    for (direction, schema) in [("request", "NewPet"), ("response", "Pet")] {
        let patch = |keywords: Value| Some(schema_patch(schema, "tag", keywords));
        let case = |kind: &str, old: Option<Value>, new: Option<Value>| Case {
            kind: format!("{direction}-{kind}"),
            old,
            new,
            semver: Some("patch".into()),
        };
        cases.push(case(
            "pattern-added",
            None,
            patch(json!({"pattern": "^[a-z]+$"})),
        ));
        cases.push(case(
            "pattern-removed",
            patch(json!({"pattern": "^[a-z]+$"})),
            None,
        ));
        cases.push(case(
            "pattern-changed",
            patch(json!({"pattern": "^[a-z]+$"})),
            patch(json!({"pattern": "^[a-z0-9]+$"})),
        ));
        cases.push(case(
            "default-changed",
            patch(json!({"default": "a"})),
            patch(json!({"default": "b"})),
        ));
        let age = |keywords: Value| Some(schema_patch(schema, "age", keywords));
        cases.push(case(
            "multiple-of-changed",
            age(json!({"multipleOf": 2})),
            age(json!({"multipleOf": 4})),
        ));
        let tags = |keywords: Value| Some(schema_patch(schema, "tags", keywords));
        cases.push(case(
            "unique-items-added",
            None,
            tags(json!({"uniqueItems": true})),
        ));
        cases.push(case(
            "unique-items-removed",
            tags(json!({"uniqueItems": true})),
            None,
        ));
        let closed =
            Some(json!({"components": {"schemas": {schema: {"additionalProperties": false}}}}));
        cases.push(case("additional-properties-closed", None, closed.clone()));
        cases.push(case("additional-properties-opened", closed, None));
    }
    cases
}

fn all_cases() -> Vec<Case> {
    let Value::Array(listed) = fixture("cases.yaml") else {
        panic!("cases.yaml is a list")
    };
    let mut cases: Vec<Case> = listed
        .into_iter()
        .map(|c| Case {
            kind: c["kind"].as_str().unwrap().to_owned(),
            old: c.get("old").cloned(),
            new: c.get("new").cloned(),
            semver: c.get("semver").and_then(Value::as_str).map(str::to_owned),
        })
        .collect();
    cases.extend(generated_cases());
    cases
}

#[test]
fn every_kind_of_change_is_found_with_its_level_and_semver_verdict() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let report = run(case.old.as_ref(), case.new.as_ref());
        let expected = codegen::diff::kind(&case.kind)
            .unwrap_or_else(|| panic!("{} is not in the catalogue", case.kind));
        let found = report.changes.iter().find(|c| c.kind == case.kind);
        match found {
            None => failures.push(format!(
                "{}: not found; found {:?}",
                case.kind,
                report.changes.iter().map(|c| c.kind).collect::<Vec<_>>()
            )),
            Some(change) => {
                assert_eq!(change.level, expected.level, "{}", case.kind);
                assert!(
                    change.old.is_some() && change.new.is_some(),
                    "{}: both sides located",
                    case.kind
                );
            }
        }
        if let Some(semver) = &case.semver
            && report.semver.bump.as_str() != semver
        {
            failures.push(format!(
                "{}: semver {} (expected {semver}): {:?}",
                case.kind,
                report.semver.bump.as_str(),
                report.semver.items
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_catalogue_is_covered_by_cases() {
    let covered: BTreeSet<String> = all_cases().into_iter().map(|c| c.kind).collect();
    let missing: Vec<&str> = KINDS
        .iter()
        .map(|k| k.id)
        .filter(|k| !covered.contains(*k))
        .collect();
    assert!(KINDS.len() >= 60);
    assert!(missing.is_empty(), "kinds without a case: {missing:?}");
}

#[test]
fn identical_documents_have_no_changes() {
    let report = run(None, None);
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(report.semver.bump.as_str(), "patch");
    assert!(report.semver.items.is_empty());
}

#[test]
fn a_repeated_inline_object_reads_the_same_whichever_copy_comes_first() {
    // The generated code shares repeated nested objects, the first copy
    // being the type; a copy added before it changes which is first, not
    // what any name is.
    let path = |name: &str| {
        format!(
            "  /{name}:\n    put:\n      operationId: put{name}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                s:\n                  type: object\n                  properties:\n                    h: {{type: integer}}\n      responses:\n        '204': {{description: done}}\n"
        )
    };
    let document = |names: &[&str]| {
        let paths: String = names.iter().map(|n| path(n)).collect();
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
    };
    let report =
        codegen::diff::diff_texts(&document(&["b", "c"]), &document(&["a", "b", "c"])).unwrap();
    let items: Vec<(&str, &str)> = report
        .semver
        .items
        .iter()
        .map(|item| (item.rule, item.path.as_str()))
        .collect();
    assert_eq!(report.semver.bump.as_str(), "minor", "{items:?}");
    assert!(
        items.iter().all(|(rule, _)| rule.ends_with("-added")),
        "{items:?}"
    );
}

#[test]
fn changes_carry_lines_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n").unwrap();
    std::fs::write(&new, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /b: {}\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n").unwrap();
    let old = codegen::diff::Input::load(old.to_str().unwrap()).unwrap();
    let new = codegen::diff::Input::load(new.to_str().unwrap()).unwrap();
    let report = codegen::diff::diff(&old, &new);
    let change = report
        .changes
        .iter()
        .find(|c| c.kind == "new-required-request-parameter")
        .expect("found");
    assert_eq!(change.level, Level::Breaking);
    assert_eq!(change.old.as_ref().unwrap().line, Some(5));
    assert_eq!(change.new.as_ref().unwrap().line, Some(9));
}

fn codegen(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn cli_exit_codes_formats_and_git_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let breaking = json!({"paths": {"/pets": {"post": null}}});
    std::fs::write(path.join("spec.json"), side(None)).unwrap();
    std::fs::write(path.join("new.json"), side(Some(&breaking))).unwrap();
    let (code, out) = codegen(
        &["diff", "spec.json", "new.json", "--fail-on", "breaking"],
        path,
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("breaking[operation-removed]"), "{out}");
    let (code, out) = codegen(
        &["diff", "spec.json", "spec.json", "--fail-on", "potential"],
        path,
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = codegen(
        &["diff", "spec.json", "new.json", "--format", "markdown"],
        path,
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("| 🔴 breaking | `operation-removed` |"),
        "{out}"
    );
    let (_, out) = codegen(&["diff", "spec.json", "new.json", "--format", "json"], path);
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["semver"]["bump"], "major");
    let (code, _) = codegen(&["diff", "spec.json", "missing.json"], path);
    assert_eq!(code, Some(2));
    // The old side from a git revision.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(path)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("skipped the git part: git is not available");
        return;
    }
    assert!(git(&["add", "spec.json"]) && git(&["commit", "-qm", "spec"]));
    std::fs::write(path.join("spec.json"), side(Some(&breaking))).unwrap();
    let (code, out) = codegen(
        &[
            "diff",
            "HEAD:spec.json",
            "spec.json",
            "--fail-on",
            "breaking",
        ],
        path,
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("operation-removed"), "{out}");
}

/// For a sample of cases where today's generated output already follows the
/// semver rules, cargo-semver-checks on the two generated crates agrees with
/// the verdict (major ⇔ `--release-type minor` fails). Slow (it documents
/// both crates): run by `scripts/semver-agreement`; skips without the tool.
#[test]
#[ignore]
fn cargo_semver_checks_agrees_with_the_verdict() {
    let available = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!(
            "skipped: cargo-semver-checks is not installed (cargo install cargo-semver-checks --locked)"
        );
        return;
    }
    let sample = [
        "operation-removed",
        "path-removed",
        "new-required-request-parameter",
        "request-parameter-removed",
        "response-required-property-removed",
        "request-property-removed",
        "request-enum-value-removed",
        "description-changed",
        "request-max-length-tightened",
        "security-scope-added",
    ];
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut disagreements = Vec::new();
    for case in all_cases()
        .into_iter()
        .filter(|c| sample.contains(&c.kind.as_str()))
    {
        let report = run(case.old.as_ref(), case.new.as_ref());
        let mut crates = Vec::new();
        for (side, patch) in [("old", &case.old), ("new", &case.new)] {
            let root = dir.path().join(&case.kind).join(side);
            std::fs::create_dir_all(&root).unwrap();
            let spec = root.join("spec.json");
            std::fs::write(&spec, super_side(patch.as_ref())).unwrap();
            let mut options = codegen::Options::new("pets-api");
            options.runtime = codegen::Runtime::Path(runtime.display().to_string());
            let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e:?}"));
            let out = root.join("crate");
            codegen::write::write_files(&out, &generated.files, codegen::write::Mode::Write)
                .unwrap();
            crates.push(out);
        }
        let output = Command::new("cargo")
            .args([
                "semver-checks",
                "check-release",
                "--release-type",
                "minor",
                "--baseline-root",
            ])
            .arg(&crates[0])
            .arg("--manifest-path")
            .arg(crates[1].join("Cargo.toml"))
            .output()
            .unwrap();
        let tool_says_major = !output.status.success();
        let verdict_major = report.semver.bump.as_str() == "major";
        eprintln!(
            "{}: verdict {}, cargo-semver-checks {}",
            case.kind,
            report.semver.bump.as_str(),
            if tool_says_major {
                "major"
            } else {
                "not major"
            }
        );
        if tool_says_major != verdict_major {
            disagreements.push(format!(
                "{}: {}",
                case.kind,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

fn super_side(patch: Option<&Value>) -> String {
    side(patch)
}
