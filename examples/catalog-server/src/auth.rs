//! Development credentials: fixed, printed at start-up, never for production.

use catalog_api::server::{Authenticator, Credential, Principal};
use specforge_runtime::server::BoxFuture;

/// The bearer token (and OAuth 2 access token) accepted in development.
pub const DEV_TOKEN: &str = "dev-token";
/// A bearer token with read scope only: writes answer 403 with it.
pub const DEV_READ_TOKEN: &str = "dev-read-token";
/// The API key accepted in development (read operations).
pub const DEV_API_KEY: &str = "dev-key";

/// Accepts [`DEV_TOKEN`] with every scope, [`DEV_READ_TOKEN`] and
/// [`DEV_API_KEY`] with read scope; rejects anything else.
#[derive(Clone, Copy, Debug, Default)]
pub struct DevAuthenticator;

impl Authenticator for DevAuthenticator {
    fn authenticate<'a>(
        &'a self,
        _scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>> {
        let principal = match credential {
            Credential::Bearer(token) if token == DEV_TOKEN => Some(Principal::new(
                "developer",
                ["catalog:read", "catalog:write", "orders:write"],
            )),
            Credential::Bearer(token) if token == DEV_READ_TOKEN => {
                Some(Principal::new("reader", ["catalog:read"]))
            }
            Credential::ApiKey(key) if key == DEV_API_KEY => {
                Some(Principal::new("api-key", ["catalog:read"]))
            }
            _ => None,
        };
        Box::pin(async move { principal })
    }
}
