//! Security schemes and the requirements operations put on them, typed:
//! a requirement names a scheme by its index, so no emitter looks a scheme
//! up by name or meets one the spec never declared.

use openapiv3::ReferenceOr;

use super::operations::{ParamLocation, resolve};
use crate::diagnostics::{Diagnostic, child};
use crate::load::LoadedSpec;

/// Index of a [`SecurityScheme`] in [`super::Api::security_schemes`].
pub type SchemeId = usize;

/// How a scheme's credential travels: its `type`, and for `http` its `scheme`
/// (matched case-insensitively).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// HTTP `bearer`: a token in `Authorization: Bearer …`.
    Bearer,
    /// HTTP `basic`: a user and password in `Authorization: Basic …`.
    Basic,
    /// `apiKey`: a key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key travels: header, query or cookie, never a path.
        location: ParamLocation,
        /// The wire name of the header, query parameter or cookie holding the key.
        name: String,
    },
    /// `oauth2`: an access token, sent as a bearer token (the flows are not kept).
    OAuth2,
    /// `openIdConnect`: a token, sent as a bearer token (the discovery URL is not kept).
    OpenIdConnect,
    /// An HTTP scheme neither side can speak (`digest`, `hoba`…).
    Other(String),
}

/// A scheme declared under `components.securitySchemes`, `$ref` resolved.
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// The name under `components.securitySchemes`.
    pub name: String,
    /// How its credential travels.
    pub kind: SecuritySchemeKind,
    /// The scheme's `description`; `None` when the document gives none.
    pub doc: Option<String>,
}

impl SecurityScheme {
    /// Whether the generated server and client can carry its credential.
    pub fn is_supported(&self) -> bool {
        !matches!(self.kind, SecuritySchemeKind::Other(_))
    }

    /// Whether its credential travels in the `Authorization` header.
    fn uses_authorization_header(&self) -> bool {
        match &self.kind {
            SecuritySchemeKind::Bearer
            | SecuritySchemeKind::Basic
            | SecuritySchemeKind::OAuth2
            | SecuritySchemeKind::OpenIdConnect => true,
            SecuritySchemeKind::ApiKey { location, name } => {
                *location == ParamLocation::Header && name.eq_ignore_ascii_case("authorization")
            }
            SecuritySchemeKind::Other(_) => false,
        }
    }
}

/// One scheme that must hold, with the scopes it must grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The scheme, as its index in [`super::Api::security_schemes`].
    pub scheme: SchemeId,
    /// The scopes (roles, for a scheme other than OAuth2 and OpenID Connect) the
    /// credential must grant, as the requirement lists them; often empty.
    pub scopes: Vec<String>,
}

/// Requirements that must all hold together; an operation lists
/// alternatives, any one of which admits a request. An empty alternative
/// admits anyone.
pub type Alternative = Vec<Requirement>;

/// What an operation requires by declaring an `Authorization` header
/// parameter where the document states no requirement for it: OpenAPI
/// ignores that parameter, as credentials are the schemes' to send, so it
/// is read as asking for any one of the schemes whose credential travels
/// in that header (none where the document declares no such scheme), or,
/// for a parameter that is not `required`, as allowing one.
pub(super) fn by_authorization_header(
    schemes: &[SecurityScheme],
    required: bool,
) -> Vec<Alternative> {
    let mut alternatives: Vec<Alternative> = (schemes.iter().enumerate())
        .filter(|(_, scheme)| scheme.uses_authorization_header())
        .map(|(scheme, _)| {
            vec![Requirement {
                scheme,
                scopes: Vec::new(),
            }]
        })
        .collect();
    if !required && !alternatives.is_empty() {
        alternatives.push(Vec::new());
    }
    alternatives
}

/// The document's security schemes, in document order.
pub(super) fn schemes(spec: &LoadedSpec) -> Vec<SecurityScheme> {
    spec.api
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .filter_map(|(name, scheme)| {
            let scheme = match scheme {
                ReferenceOr::Item(s) => s.clone(),
                ReferenceOr::Reference { reference } => resolve(spec, reference)?,
            };
            Some(scheme_of(name, &scheme))
        })
        .collect()
}

/// The alternatives of a `security` list. A requirement naming an undeclared
/// scheme cannot be met: its alternative is dropped, with a warning.
pub(super) fn requirements(
    declared: &[openapiv3::SecurityRequirement],
    schemes: &[SecurityScheme],
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alternative> {
    let mut alternatives = Vec::with_capacity(declared.len());
    for (i, requirement) in declared.iter().enumerate() {
        let mut alternative = Vec::with_capacity(requirement.len());
        let mut known = true;
        for (name, scopes) in requirement {
            match schemes.iter().position(|s| &s.name == name) {
                Some(scheme) => alternative.push(Requirement {
                    scheme,
                    scopes: scopes.clone(),
                }),
                None => {
                    diagnostics.push(Diagnostic::warning(
                        child(pointer, &i.to_string()),
                        format!(
                            "security requirement names `{name}`, which is not under \
                             components.securitySchemes; this alternative can never be met"
                        ),
                    ));
                    known = false;
                }
            }
        }
        if known {
            alternatives.push(alternative);
        }
    }
    // Every alternative named an unknown scheme: nothing can be met, which a
    // router can only enforce by refusing everyone. Keep the operation open
    // instead (the warnings say why) rather than unreachable.
    alternatives
}

fn scheme_of(name: &str, scheme: &openapiv3::SecurityScheme) -> SecurityScheme {
    use openapiv3::{APIKeyLocation, SecurityScheme as S};
    let (kind, doc) = match scheme {
        S::HTTP {
            scheme,
            description,
            ..
        } => (
            match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SecuritySchemeKind::Bearer,
                "basic" => SecuritySchemeKind::Basic,
                other => SecuritySchemeKind::Other(other.to_owned()),
            },
            description,
        ),
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SecuritySchemeKind::ApiKey {
                location: match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            description,
        ),
        S::OAuth2 { description, .. } => (SecuritySchemeKind::OAuth2, description),
        S::OpenIDConnect { description, .. } => (SecuritySchemeKind::OpenIdConnect, description),
    };
    SecurityScheme {
        name: name.to_owned(),
        kind,
        doc: doc.clone(),
    }
}
