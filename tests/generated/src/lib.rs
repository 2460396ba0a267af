//! Crates generated at build time from specs of `tests/specs`, one module
//! each (generated modules refer to their models relatively, so they nest).
//!
//! - [`fidelity`]: shapes real specs hold that the server must read exactly
//!   (`tests/tests/server_fidelity.rs`);
//! - [`bigapi`]: an API written in the style of large public ones, for the
//!   SDK (`tests/tests/client_bigapi.rs`, and Prism);
//! - [`streaming`]: every shape of event stream, webhook and callback
//!   (`tests/tests/events_generated.rs`).

/// Declares the modules of one generated crate.
macro_rules! generated {
    ($name:ident, $dir:literal $(, $webhooks:ident)?) => {
        #[doc = concat!("The crate of `tests/specs/", $dir, ".yaml`.")]
        pub mod $name {
            /// Models of the spec.
            pub mod models {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/src/models.rs"));
            }

            /// Server of the spec.
            pub mod server {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/src/server.rs"));
            }

            /// Client of the spec.
            pub mod client {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/src/client.rs"));
            }

            mod validation {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/src/validation.rs"));
            }

            $(
                /// Webhooks and callbacks of the spec.
                pub mod $webhooks {
                    include!(concat!(env!("OUT_DIR"), "/", $dir, "/src/webhooks.rs"));
                }
            )?
        }
    };
}

generated!(fidelity, "fidelity");
generated!(bigapi, "bigapi");
generated!(streaming, "streaming", webhooks);
