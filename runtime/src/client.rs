//! What every generated client SDK is built on: the configured [`Client`],
//! requests serialized the way the spec says ([`RequestBuilder`]), retries
//! and timeouts, typed replies ([`Reply`], [`Response`]), the one [`Error`]
//! type, uploads, downloads and cursor pagination.
//!
//! A generated crate wraps [`Client`] in its own `Client` with one method per
//! operation; each method returns a builder whose `send` is a short chain of
//! calls into this module:
//!
//! ```no_run
//! use specforge_runtime::client::{Client, Error, Response};
//!
//! async fn get_pet(client: &Client, id: i64) -> Result<Response<serde_json::Value>, Error> {
//!     let mut reply = client
//!         .request(reqwest::Method::GET, "/pets/{id}")
//!         .path("id", &id)
//!         .accept("application/json")
//!         .send()
//!         .await?;
//!     let value = match reply.status() {
//!         200 => reply.json().await?,
//!         _ => return Err(reply.error().await),
//!     };
//!     Ok(reply.finish(value))
//! }
//! ```
//!
//! Network behaviour, the same for every API:
//!
//! - Timeouts: each attempt must answer within [`ClientBuilder::timeout`]
//!   (default 30 s, also the longest pause inside a streamed body); the whole
//!   call, retries included, within [`ClientBuilder::total_timeout`] (default
//!   2 min); connecting within [`ClientBuilder::connect_timeout`] (10 s).
//! - Retries ([`RetryPolicy`]): after connection errors and on 429, 502, 503
//!   and 504, with exponential backoff and full jitter or the server's
//!   `retry-after` (capped); only for idempotent methods or requests carrying
//!   an `idempotency-key`, and only when the body can be sent again (bytes or
//!   a file path, not a one-shot stream).
//! - Long-running operations ([`wait_for`]): the status resource is polled
//!   until a terminal state, `retry-after` apart (capped like retries; 1 s
//!   without one), within [`ClientBuilder::wait_timeout`] (10 min).
//! - Redirects are followed (up to 10), except by operations that document
//!   a redirect status: their answer is the redirect, typed.
//! - Credentials are configured once on the client and sent to the
//!   operations whose security requirements name a matching scheme.
//! - [`Hook`]s see, and may change, every request and response.

mod auth;
mod error;
mod header_text;
mod hook;
mod mending;
mod paginate;
mod poll;
mod reply;
mod request;
mod transport;
mod upload;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

pub use crate::retry::RetryPolicy;
pub use auth::{ApiKeyLocation, SecurityScheme};
pub use error::{ApiError, BoxError, BuildError, DecodeError, Error, Failure};
pub use hook::Hook;
pub use paginate::{ItemStream, next_link, next_offset, next_page, paginate};
pub use poll::{PollPolicy, poll_until, wait_for};
pub(crate) use reply::decode_json_at;
pub use reply::{ByteStream, Reply, Response};
pub use request::{ExtraHeaders, RequestBuilder};
pub use upload::Upload;

/// A configured connection to one API: base URL, credentials, timeouts,
/// retry policy, hooks. Cheap to clone (one `Arc`); clones share the
/// connection pool. `Send + Sync`, so one client serves a whole program.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What [`ClientBuilder::build`] makes of the builder: its [`Settings`] as
/// they are, beside what it checked or built from the rest.
struct Inner {
    http: reqwest::Client,
    /// The same, not following redirects: for operations that document one.
    http_keeping_redirects: reqwest::Client,
    base_url: String,
    schemes: &'static [SecurityScheme],
    user_agent: HeaderValue,
    settings: Settings,
}

/// What the [`ClientBuilder`] methods set and the client then uses as set.
#[derive(Debug)]
struct Settings {
    credentials: auth::Credentials,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    wait_timeout: Option<Duration>,
    hooks: Hooks,
}

impl Default for Settings {
    /// No credentials, the default retry policy, 30 s an attempt, 2 min a
    /// call, 10 min a wait, no hooks.
    fn default() -> Self {
        Self {
            credentials: auth::Credentials::default(),
            retry: RetryPolicy::default(),
            timeout: Some(Duration::from_secs(30)),
            total_timeout: Some(Duration::from_secs(120)),
            wait_timeout: Some(Duration::from_secs(600)),
            hooks: Hooks::default(),
        }
    }
}

/// The hooks, in the order they were added; shown by their number.
#[derive(Default)]
struct Hooks(Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0.len(), f)
    }
}

impl Client {
    /// A request for `path_template` (such as `/pets/{id}`, relative to the
    /// base URL); fill it in with the [`RequestBuilder`] methods.
    pub fn request(&self, method: reqwest::Method, path_template: &str) -> RequestBuilder {
        RequestBuilder::new(self.clone(), method, path_template)
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("user_agent", &inner.user_agent)
            .field("settings", &inner.settings)
            .finish()
    }
}

/// Settings for a client, turned into one by [`build`](Self::build).
///
/// `C` is the client type built: a generated crate's `Client` (which wraps
/// [`Client`]), or [`Client`] itself.
#[must_use = "a builder does nothing until built"]
pub struct ClientBuilder<C = Client> {
    base_url: String,
    schemes: &'static [SecurityScheme],
    user_agent: String,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    settings: Settings,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Settings for the API at `base_url` whose spec declares `schemes`;
    /// `user_agent` names the SDK (generated code passes its crate name and
    /// version and the generator's).
    pub fn new(
        base_url: impl Into<String>,
        schemes: &'static [SecurityScheme],
        user_agent: impl Into<String>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            schemes,
            user_agent: user_agent.into(),
            connect_timeout: Duration::from_secs(10),
            http: None,
            settings: Settings::default(),
            client: PhantomData,
        }
    }

    /// A bearer token (`authorization: Bearer …`), sent to operations that
    /// accept a bearer, OAuth 2 or OpenID Connect scheme.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.settings.credentials.bearer = Some(token.into());
        self
    }

    /// A user name and password (`authorization: Basic …`), sent to
    /// operations that accept HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.settings.credentials.basic = Some((username.into(), password.into()));
        self
    }

    /// An API key, sent where each API-key scheme of the spec says (header,
    /// query parameter or cookie) to operations that accept it.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.settings.credentials.api_key = Some(key.into());
        self
    }

    /// An API key for one scheme only (by its name in the spec), for APIs
    /// with several API-key schemes; it wins over [`api_key`](Self::api_key).
    pub fn api_key_for(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.settings
            .credentials
            .api_keys
            .insert(scheme.into(), key.into());
        self
    }

    /// How long one attempt may take to answer (default 30 s); also the
    /// longest pause while a streamed body downloads. `None`: no limit.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.timeout = timeout.into();
        self
    }

    /// How long a whole call may take, retries and their waits included
    /// (default 2 min). `None`: no limit.
    pub fn total_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.total_timeout = timeout.into();
        self
    }

    /// How long waiting for a long-running operation (`send_and_wait`) may
    /// take in all, polls and their waits included (default 10 min).
    /// `None`: no limit.
    pub fn wait_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.settings.wait_timeout = timeout.into();
        self
    }

    /// How long connecting may take (default 10 s). Not applied to a client
    /// given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When and how often to retry (see [`RetryPolicy`]);
    /// [`RetryPolicy::none`] disables retries.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Replaces the `user-agent` sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends through this `reqwest` client (proxies, TLS settings, …)
    /// instead of one built here. Its redirect policy then applies to every
    /// operation, also those that document a redirect status.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a hook that sees every request and response; hooks run in the
    /// order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.settings.hooks.0.push(Arc::new(hook));
        self
    }

    /// The client. Fails when the base URL is not an absolute http(s) URL,
    /// the user agent is not a valid header value, or the HTTP client cannot
    /// be set up.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|err| BuildError::new(format!("invalid base URL `{base_url}`: {err}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::new(format!(
                "invalid base URL `{base_url}`: not http or https"
            )));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::new(format!("invalid user agent `{}`", self.user_agent)))?;
        let (http, http_keeping_redirects) = match self.http {
            Some(http) => (http.clone(), http),
            None => {
                let build = |redirects: reqwest::redirect::Policy| {
                    let mut builder = reqwest::Client::builder()
                        .connect_timeout(self.connect_timeout)
                        .redirect(redirects);
                    if let Some(timeout) = self.settings.timeout {
                        builder = builder.read_timeout(timeout);
                    }
                    builder
                        .build()
                        .map_err(|err| BuildError::new(format!("cannot set up HTTP: {err}")))
                };
                (
                    build(reqwest::redirect::Policy::default())?,
                    build(reqwest::redirect::Policy::none())?,
                )
            }
        };
        let client = Client {
            inner: Arc::new(Inner {
                http,
                http_keeping_redirects,
                base_url,
                schemes: self.schemes,
                user_agent,
                settings: self.settings,
            }),
        };
        Ok(C::from(client))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("settings", &self.settings)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        let client = ClientBuilder::<Client>::new("http://localhost:8080/api/", &[], "sdk/1")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://localhost:8080/api");
        for bad in ["localhost:8080", "ftp://example.com", "not a url"] {
            let err = ClientBuilder::<Client>::new(bad, &[], "sdk/1")
                .build()
                .unwrap_err();
            assert!(err.to_string().contains("invalid base URL"), "{err}");
        }
        assert!(
            ClientBuilder::<Client>::new("http://x", &[], "bad\nagent")
                .build()
                .is_err()
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let builder = ClientBuilder::<Client>::new("http://x", &[], "sdk/1")
            .bearer_token("s3cret")
            .basic_auth("me", "pa55")
            .api_key("k3y");
        let built = format!("{builder:?}");
        let client = builder.build().unwrap();
        for text in [built, format!("{client:?}")] {
            for secret in ["s3cret", "pa55", "k3y"] {
                assert!(!text.contains(secret), "{text}");
            }
            assert!(
                text.contains("bearer") && text.contains("timeout"),
                "{text}"
            );
        }
    }
}
