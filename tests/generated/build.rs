//! Generates the crates of the end-to-end tests' specs into OUT_DIR, one
//! folder per spec.

use std::path::{Path, PathBuf};

const SPECS: &[&str] = &["fidelity", "bigapi", "streaming"];

fn main() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in SPECS {
        let spec = specs.join(format!("{name}.yaml"));
        println!("cargo::rerun-if-changed={}", spec.display());
        let generated =
            codegen::generate(&spec, &codegen::Options::new(*name)).unwrap_or_else(|errors| {
                for error in &errors {
                    println!("cargo::warning={error}");
                }
                panic!("{} does not generate", spec.display());
            });
        codegen::write::write_files(
            &out.join(name),
            &generated.files,
            codegen::write::Mode::Write,
        )
        .expect("OUT_DIR is writable");
    }
}
