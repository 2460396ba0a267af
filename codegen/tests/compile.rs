//! Compile tests: the crate of every feature spec, of `client.yaml` (a
//! spec made of awkward operation shapes), of `inline.yaml` (no models
//! at all) and of a ring of 200 schemas builds with all features,
//! warning-free and clippy-clean, as one throwaway workspace (dependencies
//! build once).

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
    // A cycle of 200 schemas: past the compiler's default recursion limit
    // when it proves the request type `Send` and droppable.
    let ring = workspace.join("ring.yaml");
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::write(&ring, common::ring_spec(200)).unwrap();
    let files = common::generate(&ring, "spec-ring", &runtime);
    codegen::write::write_files(
        &workspace.join("crates/spec-ring"),
        &files,
        codegen::write::Mode::Write,
    )
    .unwrap();
    members.push("\"crates/spec-ring\"".to_owned());
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
