//! Generates the streaming spec's crate into OUT_DIR.

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/streaming.yaml");
    println!("cargo::rerun-if-changed={}", spec.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let generated =
        codegen::generate(&spec, &codegen::Options::new("streaming")).unwrap_or_else(|errors| {
            for error in &errors {
                println!("cargo::warning={error}");
            }
            panic!("{} does not generate", spec.display());
        });
    codegen::write::write_files(&out, &generated.files, codegen::write::Mode::Write)
        .expect("OUT_DIR is writable");
}
