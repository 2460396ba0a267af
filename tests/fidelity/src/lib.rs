//! The crate generated from `tests/specs/fidelity.yaml`, at build time: its
//! modules sit at the crate root because generated code names its models as
//! `crate::models`. Tested by `tests/tests/server_fidelity.rs`.

/// Models of the fidelity spec.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/src/models.rs"));
}

/// Server of the fidelity spec.
pub mod server {
    include!(concat!(env!("OUT_DIR"), "/src/server.rs"));
}

/// Client of the fidelity spec.
pub mod client {
    include!(concat!(env!("OUT_DIR"), "/src/client.rs"));
}

mod validation {
    include!(concat!(env!("OUT_DIR"), "/src/validation.rs"));
}
