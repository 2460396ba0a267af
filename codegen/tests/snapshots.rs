//! Snapshot tests: the models emitted for small specs that each exercise one
//! schema feature. Review changes with `cargo insta review`.

mod common;

fn models_of(spec: &str) -> String {
    let files = common::generate(&common::spec(spec), "snapshot", "../runtime");
    common::file(&files, "src/models.rs").to_owned()
}

#[test]
fn objects() {
    insta::assert_snapshot!(models_of("objects.yaml"));
}

#[test]
fn enums() {
    insta::assert_snapshot!(models_of("enums.yaml"));
}

#[test]
fn composition() {
    insta::assert_snapshot!(models_of("composition.yaml"));
}

#[test]
fn recursion() {
    insta::assert_snapshot!(models_of("recursion.yaml"));
}

#[test]
fn formats() {
    insta::assert_snapshot!(models_of("formats.yaml"));
}

#[test]
fn openapi31_is_lowered() {
    insta::assert_snapshot!(models_of("openapi31.yaml"));
}

#[test]
fn multifile_refs_are_bundled() {
    insta::assert_snapshot!(models_of("multifile/main.yaml"));
}

#[test]
fn output_is_deterministic() {
    for spec in common::FEATURE_SPECS {
        assert_eq!(
            models_of(spec),
            models_of(spec),
            "{spec} differs between two runs"
        );
    }
}

#[test]
fn server_module() {
    let spec = common::workspace_root().join("tests/specs/plumbing.yaml");
    let files = common::generate(&spec, "snapshot", "../runtime");
    insta::assert_snapshot!(common::file(&files, "src/server.rs"));
}

#[test]
fn shared_parameters_are_described_once() {
    let files = common::generate(&common::spec("inline.yaml"), "snapshot", "../runtime");
    let server = common::file(&files, "src/server.rs");
    assert_eq!(server.matches("\"trace\"").count(), 1, "{server}");
    assert_eq!(server.matches("input.param(&params::TRACE)").count(), 2);
}

#[test]
fn client_module() {
    let files = common::generate(&common::spec("client.yaml"), "snapshot", "../runtime");
    insta::assert_snapshot!(common::file(&files, "src/client.rs"));
}

/// prettyplease prints a doc attribute holding a line break as a `/** */`
/// block: every doc must be written one `///` line at a time.
#[test]
fn docs_are_line_comments() {
    let root = common::workspace_root();
    let specs = common::FEATURE_SPECS
        .iter()
        .map(|name| common::spec(name))
        .chain(
            ["plumbing", "bigapi", "fidelity", "streaming"]
                .iter()
                .map(|name| root.join(format!("tests/specs/{name}.yaml"))),
        )
        .chain([root.join("specs/catalog.yaml")]);
    for spec in specs {
        for file in common::generate(&spec, "docs", "../runtime") {
            if let Some(at) = file.contents.find("/**") {
                panic!(
                    "{} of {}: a block doc comment at {}",
                    file.path,
                    spec.display(),
                    &file.contents[at..(at + 80).min(file.contents.len())]
                );
            }
        }
    }
}
