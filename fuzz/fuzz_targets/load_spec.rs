//! Arbitrary bytes as an OpenAPI document: the loader and, when the document
//! loads, the whole generator up to the emitted text (no disk writes).
//!
//! Never panics, and never reports an internal error (generated Rust that
//! does not parse, a failed template): bad input must end in diagnostics.
//! What is generated declares no name twice (see `common.rs`).

#![no_main]

mod common;
mod stack;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: stack::report_overflows(),
    |data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        if codegen::load::load_text(&text, None).is_err() {
            return;
        }
        let options = codegen::Options::new("fuzz-api");
        match codegen::generate_from_str(&text, "fuzz.yaml", &options) {
            Ok(generated) => {
                assert!(
                    generated.files.iter().any(|f| f.path == "src/models.rs"),
                    "a generated crate without models"
                );
                common::check_generated(&generated.files, "(the input)");
                for warning in &generated.warnings {
                    assert!(!warning.is_error(), "an error among the warnings: {warning}");
                }
            }
            Err(diagnostics) => {
                assert!(
                    diagnostics.iter().any(|d| d.is_error()),
                    "generation failed without an error"
                );
                for diagnostic in &diagnostics {
                    assert!(
                        !diagnostic.message.starts_with("internal error"),
                        "generator bug: {diagnostic}"
                    );
                }
            }
        }
    }
);
