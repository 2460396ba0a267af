//! End-to-end tests of specforge live in `tests/`. This library shows the
//! generator used from a build script: `build.rs` generates crates into
//! `OUT_DIR`, whose modules are included here.
//!
//! The plumbing spec (`specs/plumbing.yaml`) is served by the tests: its
//! modules sit at the crate root because generated code names its models as
//! `crate::models`.

/// The catalog models, generated at build time (compared with the committed
/// `generated-example/` to show both ways of generating agree).
pub mod built_catalog {
    /// Its models.
    pub mod models {
        include!(concat!(env!("OUT_DIR"), "/catalog/src/models.rs"));
    }

    mod validation {
        include!(concat!(env!("OUT_DIR"), "/catalog/src/validation.rs"));
    }
}

/// Models of the plumbing spec.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/plumbing/src/models.rs"));
}

/// Server of the plumbing spec.
pub mod server {
    include!(concat!(env!("OUT_DIR"), "/plumbing/src/server.rs"));
}

/// Client of the plumbing spec, tested against its server.
pub mod client {
    include!(concat!(env!("OUT_DIR"), "/plumbing/src/client.rs"));
}

mod validation {
    include!(concat!(env!("OUT_DIR"), "/plumbing/src/validation.rs"));
}
