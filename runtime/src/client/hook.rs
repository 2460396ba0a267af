//! Hooks: code of the SDK's user that sees every request and response, for
//! tracing, metrics, custom authentication or extra headers.

use super::BoxError;

/// Observes, and may change, every request and response of a client.
///
/// Both methods run once per attempt, so a retried call passes through
/// them several times. They are synchronous: keep them quick.
///
/// ```
/// use specforge_runtime::client::{BoxError, Hook};
///
/// /// Signs every request with a header of its own.
/// struct Signer;
///
/// impl Hook for Signer {
///     fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
///         let signature = format!("v1:{}", request.url().path());
///         request.headers_mut().insert("x-signature", signature.parse()?);
///         Ok(())
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called just before an attempt is sent, with every header, credential
    /// and the body already in place. An error stops the call with
    /// [`Error::Request`](super::Error::Request).
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let _ = request;
        Ok(())
    }

    /// Called when an attempt's response arrives, before the client decides
    /// to retry and before the body is read.
    fn on_response(&self, response: &mut reqwest::Response) {
        let _ = response;
    }
}
