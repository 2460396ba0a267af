//! Security: the spec's schemes, credentials found in a request, the
//! implementer's [`Authenticator`], and the 401/403 decision.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use axum::extract::Request;
use axum::http::{Extensions, HeaderMap, header};
use base64::Engine;

use super::operation::Operation;
use super::rejection::Rejection;
use crate::problem::Location;
use crate::request_id::CURRENT;

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
///
/// Its text is `Cow<'static, str>`: an authenticator answering from fixed
/// ids and scopes (`&'static str`) allocates nothing for them on each
/// request; one reading them from a store hands over its `String`s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// A stable id: it scopes idempotency keys and rate-limit buckets.
    pub id: Cow<'static, str>,
    /// Granted scopes, checked against the operation's requirements.
    pub scopes: Vec<Cow<'static, str>>,
}

impl Principal {
    /// A principal with the given scopes.
    pub fn new(
        id: impl Into<Cow<'static, str>>,
        scopes: impl IntoIterator<Item = impl Into<Cow<'static, str>>>,
    ) -> Self {
        Self {
            id: id.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
        }
    }
}

/// Hands the principal authentication found to what follows: in the
/// request's scope, where the handler's input takes it, unless a handler
/// layer may look for it in the request's extensions (`to_layers`), or no
/// scope is open (a pipeline called from outside the router). An
/// extension would cost the request a box, an insert and a remove.
pub(crate) fn hand_over(principal: Principal, request: &mut Request, to_layers: bool) {
    let mut principal = Some(principal);
    if !to_layers {
        let _ = CURRENT.try_with(|scope| *scope.principal.borrow_mut() = principal.take());
    }
    if let Some(principal) = principal {
        request.extensions_mut().insert(principal);
    }
}

/// The id of the request's principal: the one authentication handed over
/// (see [`hand_over`]), else one a layer put in the request's extensions.
pub(crate) fn principal_id(request: &Request) -> Option<Cow<'static, str>> {
    let handed_over = CURRENT
        .try_with(|scope| {
            let principal = scope.principal.borrow();
            principal.as_ref().map(|principal| principal.id.clone())
        })
        .ok()
        .flatten();
    handed_over.or_else(|| {
        request
            .extensions()
            .get::<Principal>()
            .map(|principal| principal.id.clone())
    })
}

/// Takes the request's principal for the handler's input (found as
/// [`principal_id`] finds it).
pub(crate) fn take_principal(extensions: &mut Extensions) -> Option<Principal> {
    let handed_over = CURRENT
        .try_with(|scope| scope.principal.borrow_mut().take())
        .ok()
        .flatten();
    handed_over.or_else(|| extensions.remove::<Principal>())
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

/// One operation's security requirement, resolved against the spec's
/// schemes when the router is built: nothing is looked up by name per
/// request.
#[derive(Debug)]
pub(crate) struct Requirement {
    /// Each alternative: every (scheme, scopes) in it must hold.
    alternatives: Vec<Vec<(Scheme, &'static [&'static str])>>,
    /// The `www-authenticate` value of a 401.
    challenge: String,
}

impl Requirement {
    /// `None` when the operation needs no credentials (no requirement, or
    /// an empty alternative that makes security optional).
    pub(crate) fn of(operation: &Operation, schemes: &[Scheme]) -> Option<Self> {
        if operation.security.is_empty() || operation.security.iter().any(|a| a.is_empty()) {
            return None;
        }
        let find = |name: &str| schemes.iter().find(|s| s.name == name).copied();
        let alternatives: Vec<Vec<(Scheme, &'static [&'static str])>> = operation
            .security
            .iter()
            .filter_map(|alternative| {
                // An alternative naming an unknown scheme can never hold.
                alternative
                    .iter()
                    .map(|(name, scopes)| find(name).map(|scheme| (scheme, *scopes)))
                    .collect::<Option<Vec<_>>>()
            })
            .collect();
        let mut challenges: Vec<String> = Vec::new();
        for scheme in operation
            .security
            .iter()
            .flat_map(|alternative| alternative.iter())
            .filter_map(|(name, _)| find(name))
        {
            let challenge = match scheme.kind {
                SchemeKind::Basic => "Basic realm=\"api\"".to_owned(),
                SchemeKind::ApiKey { name, .. } => format!("ApiKey name=\"{name}\""),
                SchemeKind::Bearer | SchemeKind::OAuth2 => "Bearer".to_owned(),
            };
            if !challenges.contains(&challenge) {
                challenges.push(challenge);
            }
        }
        Some(Self {
            alternatives,
            challenge: challenges.join(", "),
        })
    }

    /// The principal of the first alternative the request satisfies; 401
    /// when none does, 403 when one failed only for want of a scope.
    pub(crate) async fn authorize(
        &self,
        authenticator: Option<&dyn Authenticator>,
        headers: &HeaderMap,
        query: Option<&str>,
    ) -> Result<Principal, Rejection> {
        let mut lacks_scope = false;
        if let Some(authenticator) = authenticator {
            'alternatives: for alternative in &self.alternatives {
                let mut principal = None;
                for (scheme, scopes) in alternative {
                    let Some(credential) = credential(scheme, headers, query) else {
                        continue 'alternatives;
                    };
                    let Some(found) = authenticator.authenticate(scheme.name, &credential).await
                    else {
                        continue 'alternatives;
                    };
                    if !scopes
                        .iter()
                        .all(|scope| found.scopes.iter().any(|s| s == scope))
                    {
                        lacks_scope = true;
                        continue 'alternatives;
                    }
                    principal = Some(found);
                }
                if let Some(principal) = principal {
                    return Ok(principal);
                }
            }
        }
        Err(if lacks_scope {
            Rejection::MissingScope
        } else {
            Rejection::Unauthenticated {
                challenge: self.challenge.clone(),
            }
        })
    }
}

/// The credential `scheme` finds in a request, if any.
pub(crate) fn credential(
    scheme: &Scheme,
    headers: &HeaderMap,
    query: Option<&str>,
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
                Location::Query => super::input::query_pairs(query.unwrap_or(""))
                    .into_iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v),
                Location::Cookie => super::input::cookie_pairs(headers)
                    .into_iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v),
                Location::Path | Location::Body => None,
            };
            found.filter(|k| !k.is_empty()).map(Credential::ApiKey)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_principal_of_fixed_text_borrows_it_and_one_of_strings_owns_them() {
        let fixed = Principal::new("developer", ["catalog:read"]);
        assert!(matches!(fixed.id, Cow::Borrowed("developer")));
        assert!(matches!(fixed.scopes[..], [Cow::Borrowed("catalog:read")]));

        let stored = Principal::new(String::from("alice"), vec![String::from("orders:write")]);
        assert!(matches!(stored.id, Cow::Owned(ref id) if id == "alice"));
        assert_eq!(stored.scopes, ["orders:write"]);
    }
}
