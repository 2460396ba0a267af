//! Shows the generator used as a library from a build script: the catalog
//! models are generated into OUT_DIR at build time (see `src/lib.rs`).

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/catalog.yaml");
    println!("cargo::rerun-if-changed={}", spec.display());
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog");
    let generated =
        codegen::generate(&spec, &codegen::Options::new("catalog-api")).unwrap_or_else(|errors| {
            for error in &errors {
                println!("cargo::warning={error}");
            }
            panic!("{} does not generate", spec.display());
        });
    codegen::write::write_files(&out, &generated.files, codegen::write::Mode::Write)
        .expect("OUT_DIR is writable");
}
