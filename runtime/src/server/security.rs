//! Security: the spec's schemes, credentials found in a request, the
//! implementer's [`Authenticator`], and the 401/403 decision.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::http::{HeaderMap, header};
use base64::Engine;

use super::operation::Operation;
use crate::problem::{Location, Problem};

/// A boxed future, for the object-safe [`Authenticator`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How a security scheme carries its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `authorization: Bearer <token>`
    Bearer,
    /// `authorization: Basic <base64 user:password>`
    Basic,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key is sent.
        location: Location,
        /// The header, parameter or cookie name.
        name: &'static str,
    },
    /// OAuth 2 and OpenID Connect: a bearer token.
    OAuth2,
}

/// A security scheme of the spec.
#[derive(Clone, Copy, Debug)]
pub struct Scheme {
    /// The name under `components.securitySchemes`.
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
}

/// A credential found in a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token (also OAuth 2 access tokens).
    Bearer(String),
    /// HTTP basic credentials.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key.
    ApiKey(String),
}

/// Who made a request, and what they may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// A stable id: it scopes idempotency keys and rate-limit buckets.
    pub id: String,
    /// Granted scopes, checked against the operation's requirements.
    pub scopes: Vec<String>,
}

impl Principal {
    /// A principal with the given scopes.
    pub fn new(id: impl Into<String>, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            id: id.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
        }
    }
}

/// Maps credentials to principals; supplied by the implementer.
pub trait Authenticator: Send + Sync + 'static {
    /// The principal for `credential` presented under `scheme`, or `None`
    /// when the credential is not valid.
    fn authenticate<'a>(
        &'a self,
        scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>>;
}

/// Finds the first security alternative the request satisfies.
pub(crate) async fn authorize(
    schemes: &[Scheme],
    authenticator: Option<&Arc<dyn Authenticator>>,
    operation: &Operation,
    headers: &HeaderMap,
    query: &[(String, String)],
    cookies: &[(String, String)],
) -> Result<Option<Principal>, Problem> {
    if operation.security.is_empty()
        || operation
            .security
            .iter()
            .any(|alternative| alternative.is_empty())
    {
        return Ok(None);
    }
    let mut lacks_scope = false;
    for alternative in operation.security {
        let mut principal: Option<Principal> = None;
        let mut satisfied = true;
        for (scheme_name, scopes) in *alternative {
            let Some(scheme) = schemes.iter().find(|s| s.name == *scheme_name) else {
                satisfied = false;
                break;
            };
            let found = match (credential(scheme, headers, query, cookies), authenticator) {
                (Some(credential), Some(authenticator)) => {
                    authenticator.authenticate(scheme.name, &credential).await
                }
                _ => None,
            };
            let Some(found) = found else {
                satisfied = false;
                break;
            };
            if !scopes
                .iter()
                .all(|scope| found.scopes.iter().any(|s| s == scope))
            {
                lacks_scope = true;
                satisfied = false;
                break;
            }
            principal = Some(found);
        }
        if satisfied {
            return Ok(principal);
        }
    }
    if lacks_scope {
        return Err(Problem::forbidden()
            .with_detail("The credentials lack a scope this operation requires."));
    }
    let challenges: Vec<String> = operation
        .security
        .iter()
        .flat_map(|alternative| alternative.iter())
        .filter_map(|(name, _)| schemes.iter().find(|s| s.name == *name))
        .map(|scheme| match scheme.kind {
            SchemeKind::Basic => "Basic realm=\"api\"".to_owned(),
            SchemeKind::ApiKey { name, .. } => format!("ApiKey name=\"{name}\""),
            SchemeKind::Bearer | SchemeKind::OAuth2 => "Bearer".to_owned(),
        })
        .fold(Vec::new(), |mut unique, challenge| {
            if !unique.contains(&challenge) {
                unique.push(challenge);
            }
            unique
        });
    Err(Problem::unauthorized(challenges.join(", ")).with_detail("Missing or invalid credentials."))
}

pub(crate) fn credential(
    scheme: &Scheme,
    headers: &HeaderMap,
    query: &[(String, String)],
    cookies: &[(String, String)],
) -> Option<Credential> {
    let authorization = || {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
    };
    let with_prefix = |prefix: &str| {
        let value = authorization()?;
        let (scheme, rest) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case(prefix)
            .then(|| rest.trim().to_owned())
    };
    match scheme.kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 => with_prefix("Bearer")
            .filter(|t| !t.is_empty())
            .map(Credential::Bearer),
        SchemeKind::Basic => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(with_prefix("Basic")?)
                .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let (username, password) = text.split_once(':')?;
            Some(Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            })
        }
        SchemeKind::ApiKey { location, name } => {
            let found = match location {
                Location::Header => headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                Location::Query => query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone()),
                Location::Cookie => cookies
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone()),
                Location::Path | Location::Body => None,
            };
            found.filter(|k| !k.is_empty()).map(Credential::ApiKey)
        }
    }
}
