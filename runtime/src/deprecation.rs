//! `deprecation` and `sunset` headers for deprecated operations.
//!
//! A deprecated operation answers with `deprecation: true`. OpenAPI only
//! says *that* an operation is deprecated, not since when, so specforge uses
//! this boolean form (from the IETF draft that became RFC 9745) rather than
//! RFC 9745's `@<epoch-seconds>` date, which would need a date the spec does
//! not give. When the spec gives an `x-sunset` date (RFC 3339 date-time, or
//! a full date meaning midnight UTC), the response also carries
//! `sunset: <HTTP-date>` (RFC 8594).
//!
//! ```
//! use specforge_runtime::deprecation::Deprecation;
//!
//! let deprecation = Deprecation::new().with_sunset("2030-06-30").unwrap();
//! let mut headers = axum::http::HeaderMap::new();
//! deprecation.apply(&mut headers);
//! assert_eq!(headers["deprecation"], "true");
//! assert_eq!(headers["sunset"], "Sun, 30 Jun 2030 00:00:00 GMT");
//! ```

use std::convert::Infallible;
use std::time::SystemTime;

use axum::response::{IntoResponseParts, ResponseParts};
use chrono::{DateTime, NaiveDate, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

/// The `deprecation` response header.
pub const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");

/// The `sunset` response header.
pub const SUNSET: HeaderName = HeaderName::from_static("sunset");

/// A sunset date that is neither an RFC 3339 date-time nor a full date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid sunset date {0:?}: expected an RFC 3339 date-time or date")]
pub struct InvalidSunset(pub String);

/// The headers of a deprecated operation (see the [module docs](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    sunset: Option<HeaderValue>,
}

impl Deprecation {
    /// `deprecation: true` with no sunset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `sunset` at `date`, an RFC 3339 date-time
    /// (`2030-06-30T12:00:00Z`) or full date (`2030-06-30`, midnight UTC).
    pub fn with_sunset(mut self, date: &str) -> Result<Self, InvalidSunset> {
        let http_date = sunset_http_date(date)?;
        let value =
            HeaderValue::from_str(&http_date).map_err(|_| InvalidSunset(date.to_owned()))?;
        self.sunset = Some(value);
        Ok(self)
    }

    /// The `sunset` header value, if any.
    pub fn sunset(&self) -> Option<&HeaderValue> {
        self.sunset.as_ref()
    }

    /// Sets the headers on `headers`.
    pub fn apply(&self, headers: &mut HeaderMap) {
        headers.insert(DEPRECATION, HeaderValue::from_static("true"));
        if let Some(sunset) = &self.sunset {
            headers.insert(SUNSET, sunset.clone());
        }
    }
}

impl IntoResponseParts for Deprecation {
    type Error = Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Infallible> {
        self.apply(parts.headers_mut());
        Ok(parts)
    }
}

/// Converts an RFC 3339 date-time or full date to an HTTP-date
/// (`Sun, 30 Jun 2030 00:00:00 GMT`).
pub fn sunset_http_date(date: &str) -> Result<String, InvalidSunset> {
    let date = date.trim();
    let instant: DateTime<Utc> = match DateTime::parse_from_rfc3339(date) {
        Ok(instant) => instant.with_timezone(&Utc),
        Err(_) => NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|midnight| midnight.and_utc())
            .ok_or_else(|| InvalidSunset(date.to_owned()))?,
    };
    if instant.timestamp() < 0 {
        return Err(InvalidSunset(date.to_owned()));
    }
    Ok(httpdate::fmt_http_date(SystemTime::from(instant)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn converts_dates_and_date_times() {
        assert_eq!(
            sunset_http_date("2030-06-30").unwrap(),
            "Sun, 30 Jun 2030 00:00:00 GMT"
        );
        assert_eq!(
            sunset_http_date("2030-06-30T14:15:16+02:00").unwrap(),
            "Sun, 30 Jun 2030 12:15:16 GMT"
        );
        assert_eq!(
            sunset_http_date("2030-06-30T12:00:00.999Z").unwrap(),
            "Sun, 30 Jun 2030 12:00:00 GMT"
        );
    }

    #[test]
    fn rejects_other_formats() {
        for bad in ["", "tomorrow", "30/06/2030", "2030-13-01", "1960-01-01"] {
            assert!(sunset_http_date(bad).is_err(), "{bad}");
            assert!(Deprecation::new().with_sunset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_on_a_response() {
        let plain = (Deprecation::new(), "ok").into_response();
        assert_eq!(plain.headers()[DEPRECATION], "true");
        assert!(plain.headers().get(SUNSET).is_none());

        let sunset = Deprecation::new().with_sunset("2031-01-01").unwrap();
        assert_eq!(sunset.sunset().unwrap(), "Wed, 01 Jan 2031 00:00:00 GMT");
        let response = (sunset, "ok").into_response();
        assert_eq!(response.headers()[DEPRECATION], "true");
        assert_eq!(response.headers()[SUNSET], "Wed, 01 Jan 2031 00:00:00 GMT");
    }
}
