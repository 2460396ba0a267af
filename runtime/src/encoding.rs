//! Wire encodings serde does not provide by itself: `format: byte` is base64
//! text in JSON and raw bytes in Rust; optional members may be non-nullable.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        let trimmed = text.trim_end_matches('=');
        let padded = format!("{trimmed}{}", "=".repeat((4 - trimmed.len() % 4) % 4));
        STANDARD
            .decode(&padded)
            .or_else(|_| URL_SAFE.decode(&padded))
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
/// is refused, as the schema says.
pub fn not_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
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
    }
}
