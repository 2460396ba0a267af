//! Credentials: configured once on the client, sent to each operation the
//! way its security requirements and the spec's security schemes say.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;

/// A security scheme of the spec, as the client needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    name: &'static str,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bearer,
    Basic,
    ApiKey {
        location: ApiKeyLocation,
        name: &'static str,
    },
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl SecurityScheme {
    /// A scheme taking a bearer token: HTTP `bearer`, OAuth 2, OpenID Connect.
    pub const fn bearer(name: &'static str) -> Self {
        Self {
            name,
            kind: Kind::Bearer,
        }
    }

    /// HTTP `basic` authentication.
    pub const fn basic(name: &'static str) -> Self {
        Self {
            name,
            kind: Kind::Basic,
        }
    }

    /// An API key sent as the header, query parameter or cookie `param`.
    pub const fn api_key(
        name: &'static str,
        location: ApiKeyLocation,
        param: &'static str,
    ) -> Self {
        Self {
            name,
            kind: Kind::ApiKey {
                location,
                name: param,
            },
        }
    }
}

/// The credentials configured on a client.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub bearer: Option<String>,
    pub basic: Option<(String, String)>,
    pub api_key: Option<String>,
    pub api_keys: BTreeMap<String, String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut set: Vec<&str> = Vec::new();
        if self.bearer.is_some() {
            set.push("bearer");
        }
        if self.basic.is_some() {
            set.push("basic");
        }
        if self.api_key.is_some() || !self.api_keys.is_empty() {
            set.push("api key");
        }
        f.debug_tuple("Credentials").field(&set).finish()
    }
}

/// One credential to put on a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// The `authorization` header.
    Authorization(String),
    Header(&'static str, String),
    Query(&'static str, String),
    Cookie(&'static str, String),
}

impl Credentials {
    fn for_scheme(&self, scheme: &SecurityScheme) -> Option<Placement> {
        match scheme.kind {
            Kind::Bearer => self
                .bearer
                .as_ref()
                .map(|token| Placement::Authorization(format!("Bearer {token}"))),
            Kind::Basic => self.basic.as_ref().map(|(user, password)| {
                let encoded =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                Placement::Authorization(format!("Basic {encoded}"))
            }),
            Kind::ApiKey { location, name } => {
                let key = self
                    .api_keys
                    .get(scheme.name)
                    .or(self.api_key.as_ref())?
                    .clone();
                Some(match location {
                    ApiKeyLocation::Header => Placement::Header(name, key),
                    ApiKeyLocation::Query => Placement::Query(name, key),
                    ApiKeyLocation::Cookie => Placement::Cookie(name, key),
                })
            }
        }
    }

    /// What to send for an operation whose requirements are `requirements`
    /// (alternatives, each a list of scheme names that must all hold): the
    /// first alternative the configured credentials satisfy, or nothing (an
    /// empty alternative, "no credentials", is the last resort). An API declaring no schemes at all gets the bearer or basic
    /// credential on every request.
    pub(crate) fn placements(
        &self,
        schemes: &[SecurityScheme],
        requirements: Option<&[&[&str]]>,
    ) -> Vec<Placement> {
        if schemes.is_empty() {
            let bearer = self.for_scheme(&SecurityScheme::bearer(""));
            let basic = self.for_scheme(&SecurityScheme::basic(""));
            return bearer.or(basic).into_iter().collect();
        }
        let Some(requirements) = requirements else {
            return Vec::new();
        };
        requirements
            .iter()
            .filter(|names| !names.is_empty())
            .find_map(|names| {
                names
                    .iter()
                    .map(|name| {
                        let scheme = schemes.iter().find(|s| s.name == *name)?;
                        self.for_scheme(scheme)
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme::bearer("bearerAuth"),
        SecurityScheme::api_key("headerKey", ApiKeyLocation::Header, "x-api-key"),
        SecurityScheme::api_key("queryKey", ApiKeyLocation::Query, "api_key"),
        SecurityScheme::api_key("cookieKey", ApiKeyLocation::Cookie, "session"),
        SecurityScheme::basic("basicAuth"),
    ];

    fn credentials() -> Credentials {
        Credentials {
            bearer: Some("tok".into()),
            basic: Some(("Aladdin".into(), "open sesame".into())),
            api_key: Some("key".into()),
            api_keys: [("cookieKey".to_owned(), "cookie-key".to_owned())].into(),
        }
    }

    #[test]
    fn each_scheme_kind_is_placed_where_it_belongs() {
        let creds = credentials();
        let place = |name: &'static str| creds.placements(SCHEMES, Some(&[&[name]]));
        assert_eq!(
            place("bearerAuth"),
            [Placement::Authorization("Bearer tok".into())]
        );
        assert_eq!(
            place("basicAuth"),
            [Placement::Authorization(
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()
            )]
        );
        assert_eq!(
            place("headerKey"),
            [Placement::Header("x-api-key", "key".into())]
        );
        assert_eq!(
            place("queryKey"),
            [Placement::Query("api_key", "key".into())]
        );
        assert_eq!(
            place("cookieKey"),
            [Placement::Cookie("session", "cookie-key".into())]
        );
    }

    #[test]
    fn the_first_satisfiable_alternative_wins() {
        let only_key = Credentials {
            api_key: Some("key".into()),
            ..Credentials::default()
        };
        let requirements: &[&[&str]] = &[&["bearerAuth"], &["headerKey", "queryKey"]];
        assert_eq!(
            only_key.placements(SCHEMES, Some(requirements)),
            [
                Placement::Header("x-api-key", "key".into()),
                Placement::Query("api_key", "key".into()),
            ]
        );
        assert_eq!(
            credentials().placements(SCHEMES, Some(requirements)),
            [Placement::Authorization("Bearer tok".into())]
        );
        assert!(
            Credentials::default()
                .placements(SCHEMES, Some(requirements))
                .is_empty()
        );
        // An operation without requirements gets nothing; unknown schemes never match.
        assert!(credentials().placements(SCHEMES, None).is_empty());
        assert!(
            credentials()
                .placements(SCHEMES, Some(&[&["nope"]]))
                .is_empty()
        );
    }

    #[test]
    fn apis_without_schemes_get_bearer_or_basic_everywhere() {
        assert_eq!(
            credentials().placements(&[], None),
            [Placement::Authorization("Bearer tok".into())]
        );
        assert!(Credentials::default().placements(&[], None).is_empty());
    }
}
