//! [`RequestContext`]: what a handler knows besides its typed input.

use std::sync::Arc;

use axum::http::HeaderMap;
use serde::Serialize;

use super::security::Principal;
use crate::conditional::etag;
use crate::cursor::CursorCodec;
use crate::request_id::RequestId;

/// What a handler knows about the request besides its typed input.
#[derive(Clone, Debug)]
pub struct RequestContext {
    /// The request id (echoed in the `request-id` response header).
    pub request_id: RequestId,
    /// The authenticated principal, for secured operations.
    pub principal: Option<Principal>,
    /// The raw request headers.
    pub headers: HeaderMap,
    pub(crate) cursors: Arc<CursorCodec>,
}

impl RequestContext {
    /// The codec that signs this server's pagination cursors.
    pub fn cursors(&self) -> &CursorCodec {
        &self.cursors
    }

    /// The strong ETag of a representation, as this server computes it.
    pub fn etag_of<T: Serialize>(&self, representation: &T) -> String {
        etag(&serde_json::to_vec(representation).unwrap_or_default())
    }
}
