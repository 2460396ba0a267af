//! [`Date`]: a calendar date (`type: string, format: date`), read exactly
//! from requests and leniently from answers.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date: a [`NaiveDate`] (it derefs to one and converts both
/// ways) written as RFC 3339's `full-date`, `2024-01-31`.
///
/// A server takes nothing else. A client also reads, in an answer, a
/// date-time whose date part is a full date (`2019-02-07T00:00:00`, as
/// services written in .NET or Java often send a `format: date` member):
/// that date is what the server meant, and failing the whole answer over it
/// would help nobody.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Reads `text` as a request's date is read: a full date and nothing
    /// more.
    fn exact(text: &str) -> Option<Self> {
        // chrono also takes unpadded fields (`2024-1-31`); RFC 3339 does not.
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, byte)| match i {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            });
        shaped
            .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
            .flatten()
            .map(Self)
    }

    /// Reads `text` as an answer's date is read: a full date, alone or
    /// followed by a time.
    fn lenient(text: &str) -> Option<Self> {
        match text.split_at_checked(10) {
            Some((date, rest)) if rest.starts_with(['T', 't', ' ']) => Self::exact(date),
            _ => Self::exact(text),
        }
    }
}

impl Deref for Date {
    type Target = NaiveDate;

    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADate;

impl fmt::Display for NotADate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not an RFC 3339 date, such as 2024-01-31")
    }
}

impl std::error::Error for NotADate {}

impl FromStr for Date {
    type Err = NotADate;

    /// A full date, exactly.
    fn from_str(text: &str) -> Result<Self, NotADate> {
        Self::exact(text).ok_or(NotADate)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateText;

        impl Visitor<'_> for DateText {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date, such as 2024-01-31")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                let read = if crate::encoding::is_decoding_request() {
                    Date::exact(text)
                } else {
                    Date::lenient(text)
                };
                read.ok_or_else(|| E::custom(NotADate))
            }
        }

        deserializer.deserialize_str(DateText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Date, String> {
        serde_json::from_str::<Date>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_date_round_trips() {
        let date = read(r#""2024-01-31""#).unwrap();
        assert_eq!(*date, NaiveDate::from_ymd_opt(2024, 1, 31).unwrap());
        assert_eq!(serde_json::to_string(&date).unwrap(), r#""2024-01-31""#);
        assert_eq!(date.to_string(), "2024-01-31");
        assert_eq!("2024-01-31".parse::<Date>(), Ok(date));
    }

    #[test]
    fn an_answer_may_carry_a_time_after_the_date() {
        let day = NaiveDate::from_ymd_opt(2019, 2, 7).unwrap();
        for sent in [
            r#""2019-02-07T00:00:00""#,
            r#""2019-02-07T15:30:00+0000""#,
            r#""2019-02-07 00:00:00""#,
        ] {
            assert_eq!(read(sent).map(NaiveDate::from), Ok(day), "{sent}");
        }
        for sent in [
            r#""2019-02-30T00:00:00""#,
            r#""2019-2-7""#,
            r#""07/02/2019""#,
            "7",
        ] {
            assert!(read(sent).is_err(), "{sent}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_request_holds_a_full_date_and_nothing_more() {
        let in_request = |json| crate::encoding::decoding_request(|| read(json));
        assert!(in_request(r#""2019-02-07""#).is_ok());
        for sent in [
            r#""2019-02-07T00:00:00""#,
            r#""2019-2-7""#,
            r#""2019-02-07 ""#,
        ] {
            let error = in_request(sent).unwrap_err();
            assert!(
                error.starts_with("is not an RFC 3339 date"),
                "{sent}: {error}"
            );
        }
        assert!("2019-02-07T00:00:00".parse::<Date>().is_err());
    }
}
