//! Wire encodings serde does not provide by itself: `format: byte` is base64
//! text in JSON and raw bytes in Rust; optional members may be non-nullable;
//! a read-only member is refused in a request the server decodes and left
//! out of a request a client sends.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How base64 text is read: padded or not, and the unused bits of its last
/// symbol ignored (RFC 4648 lets a decoder take them; most do, and real
/// examples carry them).
const READING: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const READ_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, READING);
const READ_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, READING);

/// Bytes that travel as base64 text (`type: string, format: byte`).
///
/// Serializes with the standard alphabet and padding; deserializes either
/// alphabet, with or without padding, since real APIs send both.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Decodes base64 text in either alphabet, padded or not.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let unpadded = text.trim_end_matches('=');
        READ_STANDARD
            .decode(unpadded)
            .or_else(|_| READ_URL_SAFE.decode(unpadded))
            .map(Self)
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::decode(&text).map_err(serde::de::Error::custom)
    }
}

/// Deserializes an optional member that may be absent but never `null`
/// (`#[serde(default, deserialize_with = "specforge_runtime::not_null")]`):
/// generated request types use it so that `null` for a non-nullable member
/// is refused, as the schema says. An answer a client reads is read
/// leniently: there, `null` is the member left out, as the many services
/// that write absent members as `null` mean it.
pub fn not_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    if is_decoding_request() {
        T::deserialize(deserializer).map(Some)
    } else {
        Option::<T>::deserialize(deserializer)
    }
}

/// Deserializes the members beside a struct's declared ones
/// (`#[serde(flatten, deserialize_with = "specforge_runtime::other_members")]`).
/// serde hands them over buffered, and its buffer cannot give a 128-bit
/// integer (a schema's integer without a format) to a type that reads one:
/// each value is read as a JSON value first, which can.
pub fn other_members<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    deserializer: D,
) -> Result<BTreeMap<String, T>, D::Error> {
    let values = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
    values
        .into_iter()
        .map(|(name, value)| match T::deserialize(value) {
            Ok(typed) => Ok((name, typed)),
            Err(error) => Err(serde::de::Error::custom(format_args!("`{name}`: {error}"))),
        })
        .collect()
}

thread_local! {
    /// Whether this thread is decoding a request the server received.
    static DECODING_REQUEST: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread is encoding a request a client sends.
    static ENCODING_REQUEST: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread is typing a parameter's or a form's text.
    static READING_TEXT: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread reads a parameter keeping as text what its kind
    /// does not read.
    static KEEPING_TEXTS: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread types a JSON value whose strings are texts a
    /// number or a boolean may be spelled in.
    static TYPING_TEXTS: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread reads an answer that failed to decode as it is,
    /// taking a number or a boolean where a string belongs as its text.
    static READING_LOOSELY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with `flag` set, restoring it after (even if `f` panics).
/// Decoding and encoding are synchronous, so the flag is the thread's.
#[cfg(any(feature = "server", feature = "client"))]
fn with_flag<R>(flag: &'static std::thread::LocalKey<Cell<bool>>, f: impl FnOnce() -> R) -> R {
    struct Restore(&'static std::thread::LocalKey<Cell<bool>>, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            self.0.set(self.1);
        }
    }
    let _restore = Restore(flag, flag.replace(true));
    f()
}

/// Runs `decode` as the decoding of a request the server received: in it,
/// a [`read_only`] member is refused, [`not_null`] refuses `null`, and a
/// [`Date`](crate::Date) or a [`DateTime`](crate::DateTime) is read exactly.
#[cfg(feature = "server")]
pub(crate) fn decoding_request<R>(decode: impl FnOnce() -> R) -> R {
    with_flag(&DECODING_REQUEST, decode)
}

/// Whether this thread is decoding a request the server received.
pub(crate) fn is_decoding_request() -> bool {
    DECODING_REQUEST.get()
}

/// Runs `read` as the typing of a parameter's or a form's text, where a string may
/// spell a number or a boolean: a union of scalars reads it as each
/// variant would (`7` is a string's text or an integer's).
#[cfg(feature = "server")]
pub(crate) fn reading_text<R>(read: impl FnOnce() -> R) -> R {
    with_flag(&READING_TEXT, read)
}

/// Whether this thread is typing a parameter's or a form's text.
pub(crate) fn is_reading_text() -> bool {
    READING_TEXT.get()
}

/// Runs `read` as a second reading of a parameter, in which a text its
/// kind does not read (`72572560444800548864` for a 64-bit `Value`,
/// `null` for an integer) is kept as a string
/// ([`params::exact_json`](crate::params::exact_json) says what it means).
#[cfg(feature = "server")]
pub(crate) fn keeping_texts<R>(read: impl FnOnce() -> R) -> R {
    with_flag(&KEEPING_TEXTS, read)
}

/// Whether this thread reads a parameter keeping texts ([`keeping_texts`]).
pub(crate) fn is_keeping_texts() -> bool {
    KEEPING_TEXTS.get()
}

/// Runs `read` as the typing of a JSON value built from a parameter's or a
/// form's texts (`{"items": [{"quantity": "2"}]}` from bracketed names):
/// where the model asks for a number or a boolean, a string spelling one
/// is it ([`Strict`](crate::json::strict::Strict) reads it so).
#[cfg(any(feature = "server", feature = "client"))]
pub(crate) fn typing_texts<R>(read: impl FnOnce() -> R) -> R {
    with_flag(&TYPING_TEXTS, read)
}

/// Whether this thread types a value built from texts ([`typing_texts`]).
pub(crate) fn is_typing_texts() -> bool {
    TYPING_TEXTS.get()
}

/// Runs `read` as a client's second reading of an answer that broke its
/// contract: numbers and booleans spelled as strings are read as what
/// they spell ([`typing_texts`]), and a number or a boolean where a string
/// belongs is read as its text.
#[cfg(feature = "client")]
pub(crate) fn reading_loosely<R>(read: impl FnOnce() -> R) -> R {
    with_flag(&READING_LOOSELY, || typing_texts(read))
}

/// Whether this thread reads an answer loosely ([`reading_loosely`]).
pub(crate) fn is_reading_loosely() -> bool {
    READING_LOOSELY.get()
}

/// Runs `encode` as the encoding of a request a client sends: in it, a
/// read-only member is left out ([`skip_read_only`]).
#[cfg(feature = "client")]
pub(crate) fn encoding_request<R>(encode: impl FnOnce() -> R) -> R {
    with_flag(&ENCODING_REQUEST, encode)
}

/// Deserializes a read-only member of a type requests carry too
/// (`#[serde(default, deserialize_with = "specforge_runtime::read_only")]`).
/// The server sets it, so a request the server decodes must leave it out
/// (JSON Schema lets the owner ignore or refuse it; refused, the client
/// learns why). In an answer, `null` is `None`: servers send it for
/// members they leave unset, and a client should not fail on it.
pub fn read_only<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    if DECODING_REQUEST.get() {
        return Err(serde::de::Error::custom(
            "is read-only: the server sets it, and requests leave it out",
        ));
    }
    Option::<T>::deserialize(deserializer)
}

/// Whether to leave out a read-only member when serializing
/// (`skip_serializing_if = "specforge_runtime::skip_read_only"`): when it
/// is unset, and always in a request a client sends, so a value read from
/// an answer can be sent back as it is.
pub fn skip_read_only<T>(member: &Option<T>) -> bool {
    member.is_none() || ENCODING_REQUEST.get()
}

#[cfg(test)]
mod tests {
    use super::Base64;

    #[test]
    fn round_trips_and_accepts_both_alphabets() {
        let value = Base64(b"hello?>".to_vec());
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"aGVsbG8/Pg==\"");
        assert_eq!(serde_json::from_str::<Base64>(&json).unwrap(), value);
        assert_eq!(
            serde_json::from_str::<Base64>("\"aGVsbG8_Pg\"").unwrap(),
            value
        );
        assert!(serde_json::from_str::<Base64>("\"not base64!\"").is_err());
        // The unused bits of the last symbol are ignored (`C` carries
        // `0010` past the byte it ends), as Adyen's examples need.
        assert_eq!(Base64::decode("EmC=").unwrap().0, [0x12, 0x60]);
        assert_eq!(Base64::decode("EmC").unwrap().0, [0x12, 0x60]);
        assert!(Base64::decode("0").is_err());
        let example = "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBv+f/ub0j6JPRX+E3EmC==";
        assert_eq!(Base64::decode(example).unwrap().0.len(), 37);
    }

    #[cfg(feature = "server")]
    #[test]
    fn null_for_an_optional_member_is_refused_in_requests_only() {
        #[derive(Debug, serde::Deserialize)]
        struct Record {
            #[serde(default, deserialize_with = "super::not_null")]
            size: Option<u32>,
        }
        let read = |json| serde_json::from_str::<Record>(json).map(|r| r.size);
        assert_eq!(read(r#"{"size": null}"#).unwrap(), None);
        assert_eq!(read(r#"{"size": 7}"#).unwrap(), Some(7));
        let in_request = |json| super::decoding_request(|| read(json));
        assert!(in_request(r#"{"size": null}"#).is_err());
        assert_eq!(in_request(r#"{"size": 7}"#).unwrap(), Some(7));
        assert_eq!(in_request("{}").unwrap(), None);
    }

    #[cfg(all(feature = "server", feature = "client"))]
    #[test]
    fn a_read_only_member_is_read_in_answers_only_and_never_sent() {
        #[derive(Debug, serde::Deserialize, serde::Serialize)]
        struct Record {
            #[serde(
                default,
                deserialize_with = "super::read_only",
                skip_serializing_if = "super::skip_read_only"
            )]
            created: Option<u32>,
        }
        let read = |json| serde_json::from_str::<Record>(json).map(|r| r.created);
        assert_eq!(read(r#"{"created": null}"#).unwrap(), None);
        assert_eq!(read(r#"{"created": 7}"#).unwrap(), Some(7));
        let in_request = |json| super::decoding_request(|| read(json));
        for sent in [r#"{"created": null}"#, r#"{"created": 7}"#] {
            let error = in_request(sent).unwrap_err().to_string();
            assert!(error.starts_with("is read-only"), "{error}");
        }
        assert_eq!(in_request("{}").unwrap(), None);
        // The flag ends with the request's decoding.
        assert_eq!(read(r#"{"created": 7}"#).unwrap(), Some(7));
        let record = Record { created: Some(7) };
        assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"created":7}"#);
        let sent = super::encoding_request(|| serde_json::to_string(&record).unwrap());
        assert_eq!(sent, "{}");
    }
}
