//! Compile tests: the crate of every feature spec, of `client.yaml` (a
//! spec made of awkward operation shapes), of `inline.yaml` (no models
//! at all), of two large type cycles, of operations named like the
//! generated code's own items and bindings, and a server crate building the
//! routers of the last two builds with all features, warning-free and
//! clippy-clean, as one throwaway workspace (dependencies build once).

use std::process::Command;

mod common;

#[test]
fn feature_spec_crates_are_clippy_clean() {
    let root = common::workspace_root();
    let runtime = root.join("runtime").display().to_string();
    // A fixed place under the target dir, so dependency builds are reused between runs.
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|_| root.join("target"));
    let workspace = target.join("compile-tests");
    let _ = std::fs::remove_dir_all(workspace.join("crates"));
    let mut members = Vec::new();
    for spec in common::FEATURE_SPECS
        .iter()
        .chain(&["client.yaml", "inline.yaml"])
    {
        let name = format!(
            "spec-{}",
            spec.trim_end_matches(".yaml").replace(['/', '_'], "-")
        );
        let files = common::generate(&common::spec(spec), &name, &runtime);
        let dir = workspace.join("crates").join(&name);
        codegen::write::write_files(&dir, &files, codegen::write::Mode::Write).unwrap();
        members.push(format!("\"crates/{name}\""));
    }
    // Large type cycles: a ring of 200 schemas is past the compiler's
    // default recursion limit when it proves the request type `Send` and
    // droppable; 40 expression kinds are, in the crate that builds their
    // router, unless the generated types state `Send` themselves. And
    // operations named like the generated code's own items and bindings.
    std::fs::create_dir_all(&workspace).unwrap();
    for (name, text) in [
        ("spec-ring", common::ring_spec(200)),
        ("spec-expressions", common::expression_spec(40)),
        ("spec-own-words", common::own_words_spec()),
    ] {
        let spec = workspace.join(format!("{name}.yaml"));
        std::fs::write(&spec, text).unwrap();
        let files = common::generate(&spec, name, &runtime);
        codegen::write::write_files(
            &workspace.join("crates").join(name),
            &files,
            codegen::write::Mode::Write,
        )
        .unwrap();
        members.push(format!("\"crates/{name}\""));
    }
    write_server_crate(
        &workspace.join("crates/server"),
        &runtime,
        &["spec-ring", "spec-expressions"],
    );
    members.push("\"crates/server\"".to_owned());
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    assert_succeeds(
        Command::new(env!("CARGO"))
            .args([
                "clippy",
                "--workspace",
                "--all-features",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", workspace.join("target")),
        "generated crates do not pass clippy -D warnings",
    );
    // Whether a handler future is `Send` is settled when the router is
    // compiled for a concrete `Api`, which `cargo clippy` never does.
    assert_succeeds(
        Command::new(env!("CARGO"))
            .args(["build", "--package", "server", "--quiet"])
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", workspace.join("target")),
        "a crate building the routers of large type cycles does not compile",
    );
    // `cargo fmt` in a user's workspace leaves generated crates as they are:
    // lib.rs is formatted as rustfmt would, the modules are marked skip.
    let roots = members
        .iter()
        .map(|m| format!("{}/src/lib.rs", m.trim_matches('"')));
    assert_succeeds(
        Command::new("rustfmt")
            .args(["--check", "--edition", "2024"])
            .args(roots)
            .current_dir(&workspace),
        "cargo fmt would change generated crates",
    );
}

/// A crate that implements the generated `Api` traits of `specs` (every
/// handler left at its default) and builds their routers: what a user's
/// server binary does, in a crate with the default recursion limit.
fn write_server_crate(dir: &std::path::Path, runtime: &str, specs: &[&str]) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let dependencies: String = specs
        .iter()
        .map(|spec| format!("{spec} = {{ path = \"../{spec}\", features = [\"server\"] }}\n"))
        .collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"server\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}specforge-runtime = {{ path = {runtime:?}, features = [\"server\"] }}\n\
             axum = \"0.8\"\n"
        ),
    )
    .unwrap();
    let mut source = String::from(
        "//! Routers of the generated servers, every handler left unimplemented.\n\n\
         use specforge_runtime::server::ServerOptions;\n\n\
         /// Implements every generated trait with its default handlers.\n\
         pub struct Unimplemented;\n",
    );
    for spec in specs {
        let module = spec.replace('-', "_");
        source.push_str(&format!(
            "\nimpl {module}::server::Api for Unimplemented {{}}\n\n\
             /// The `{spec}` router.\n\
             pub fn {module}_router() -> axum::Router {{\n    \
             {module}::server::router(Unimplemented, ServerOptions::default())\n}}\n"
        ));
    }
    std::fs::write(dir.join("src/lib.rs"), source).unwrap();
}

/// Runs `command` and fails with `failure` and what it printed unless it succeeds.
fn assert_succeeds(command: &mut Command, failure: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} does not run: {e}"));
    assert!(
        output.status.success(),
        "{failure}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
