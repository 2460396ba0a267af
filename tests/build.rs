//! Shows the generator used as a library from a build script: crates are
//! generated into OUT_DIR at build time and included in `src/lib.rs`.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    generate(
        &root.join("../specs/catalog.yaml"),
        &out_dir.join("catalog"),
    );
    generate(&root.join("specs/plumbing.yaml"), &out_dir.join("plumbing"));
}

fn generate(spec: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", spec.display());
    let generated =
        codegen::generate(spec, &codegen::Options::new("generated")).unwrap_or_else(|errors| {
            for error in &errors {
                println!("cargo::warning={error}");
            }
            panic!("{} does not generate", spec.display());
        });
    codegen::write::write_files(out, &generated.files, codegen::write::Mode::Write)
        .expect("OUT_DIR is writable");
}
