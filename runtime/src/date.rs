//! [`Date`] and [`DateTime`]: calendar dates and instants (`format: date`
//! and `date-time`), read exactly from requests and leniently from answers.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
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

/// An instant: a UTC [`chrono::DateTime`] (it derefs to one and converts
/// both ways) written as RFC 3339's `date-time`, `2024-01-31T12:00:00Z`.
///
/// A server takes a date-time with its offset (chrono's reading: a space
/// may stand for the `T`, and the offset's colon may be left out). A client
/// also reads, in an answer, a date-time without an offset as UTC (as .NET
/// services write `2019-12-07T18:46:19.5165400`), and a full date as its
/// midnight in UTC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

impl DateTime {
    /// The current instant.
    pub fn now() -> Self {
        Self(Utc::now())
    }

    /// Reads `text` as a request's date-time is read.
    fn exact(text: &str) -> Option<Self> {
        text.parse::<chrono::DateTime<FixedOffset>>()
            .ok()
            .map(|instant| Self(instant.with_timezone(&Utc)))
    }

    /// Reads `text` as an answer's date-time is read: with its offset,
    /// without one (UTC), or a full date (its midnight).
    fn lenient(text: &str) -> Option<Self> {
        Self::exact(text)
            .or_else(|| {
                let naive = text.replacen(' ', "T", 1).parse::<NaiveDateTime>().ok()?;
                Some(Self(naive.and_utc()))
            })
            .or_else(|| {
                Some(Self(
                    Date::exact(text)?.0.and_time(Default::default()).and_utc(),
                ))
            })
    }
}

impl Deref for DateTime {
    type Target = chrono::DateTime<Utc>;

    fn deref(&self) -> &chrono::DateTime<Utc> {
        &self.0
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(instant: chrono::DateTime<Utc>) -> Self {
        Self(instant)
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(instant: DateTime) -> Self {
        instant.0
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339, as it is sent: `2024-01-31T12:00:00Z`, with as many
    /// fraction digits as the instant needs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Why a text is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADateTime;

impl fmt::Display for NotADateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not an RFC 3339 date-time, such as 2024-01-31T12:00:00Z")
    }
}

impl std::error::Error for NotADateTime {}

impl FromStr for DateTime {
    type Err = NotADateTime;

    /// A date-time with its offset.
    fn from_str(text: &str) -> Result<Self, NotADateTime> {
        Self::exact(text).ok_or(NotADateTime)
    }
}

impl Serialize for DateTime {
    /// As chrono writes it (what [`Display`](fmt::Display) writes, without
    /// building a string first).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateTimeText;

        impl Visitor<'_> for DateTimeText {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time, such as 2024-01-31T12:00:00Z")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
                let read = if crate::encoding::is_decoding_request() {
                    DateTime::exact(text)
                } else {
                    DateTime::lenient(text)
                };
                read.ok_or_else(|| E::custom(NotADateTime))
            }
        }

        deserializer.deserialize_str(DateTimeText)
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

    #[test]
    fn an_instant_round_trips_as_rfc_3339() {
        let read = |json| serde_json::from_str::<DateTime>(json).map_err(|e| e.to_string());
        let instant = read(r#""2024-01-31T13:00:00+01:00""#).unwrap();
        assert_eq!(instant.to_string(), "2024-01-31T12:00:00Z");
        assert_eq!(
            serde_json::to_string(&instant).unwrap(),
            r#""2024-01-31T12:00:00Z""#
        );
        let precise = read(r#""2024-01-31T12:00:00.25Z""#).unwrap();
        assert_eq!(
            serde_json::to_string(&precise).unwrap(),
            r#""2024-01-31T12:00:00.250Z""#
        );
        assert_eq!(precise.to_string(), "2024-01-31T12:00:00.250Z");
        assert_eq!("2024-01-31T12:00:00Z".parse::<DateTime>(), Ok(instant));
    }

    #[test]
    fn an_answer_may_leave_the_offset_or_the_time_out() {
        let read = |json| serde_json::from_str::<DateTime>(json).map(|t| t.to_string());
        for (sent, instant) in [
            (
                r#""2019-12-07T18:46:19.5165400""#,
                "2019-12-07T18:46:19.516540Z",
            ),
            (r#""2019-12-07 18:46:19""#, "2019-12-07T18:46:19Z"),
            (r#""2019-12-07T18:46:19+0000""#, "2019-12-07T18:46:19Z"),
            (r#""2019-12-07""#, "2019-12-07T00:00:00Z"),
        ] {
            assert_eq!(read(sent).unwrap(), instant, "{sent}");
        }
        for sent in [r#""2019-12-07T25:00:00""#, r#""yesterday""#, "7"] {
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

    #[cfg(feature = "server")]
    #[test]
    fn a_request_holds_a_date_time_with_its_offset() {
        let in_request = |json| {
            crate::encoding::decoding_request(|| serde_json::from_str::<DateTime>(json))
                .map_err(|e| e.to_string())
        };
        assert!(in_request(r#""2019-12-07T18:46:19Z""#).is_ok());
        for sent in [r#""2019-12-07T18:46:19""#, r#""2019-12-07""#] {
            let error = in_request(sent).unwrap_err();
            assert!(
                error.starts_with("is not an RFC 3339 date-time"),
                "{sent}: {error}"
            );
        }
    }
}
