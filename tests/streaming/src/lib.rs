//! The crate generated from `tests/specs/streaming.yaml`, at build time: its
//! modules sit at the crate root because generated code names its models as
//! `super::models`. Tested by `tests/tests/events_generated.rs`.

/// Models of the streaming spec.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/src/models.rs"));
}

/// Server of the streaming spec.
pub mod server {
    include!(concat!(env!("OUT_DIR"), "/src/server.rs"));
}

/// Client of the streaming spec.
pub mod client {
    include!(concat!(env!("OUT_DIR"), "/src/client.rs"));
}

/// Webhooks and callbacks of the streaming spec.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/src/webhooks.rs"));
}

mod validation {
    include!(concat!(env!("OUT_DIR"), "/src/validation.rs"));
}
