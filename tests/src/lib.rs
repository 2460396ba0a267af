//! End-to-end tests of specforge live in `tests/`. This library shows the
//! generator used from a build script: `build.rs` generates the catalog crate
//! into `OUT_DIR`, and its models are included here as a module.

/// The catalog models, generated at build time.
pub mod built_catalog_models {
    include!(concat!(env!("OUT_DIR"), "/catalog/src/models.rs"));
}
