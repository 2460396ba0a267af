//! Opaque, signed pagination cursors and keyset pagination.
//!
//! A cursor is URL-safe base64 (no padding) of
//! `version | key id length | key id | JSON payload | HMAC-SHA256`, where the
//! MAC covers everything before it. It is signed, not encrypted: clients
//! cannot forge or alter one, but could decode it, so put nothing secret in
//! the payload.
//!
//! [`CursorCodec`] holds one or more keys: the first signs, every key
//! verifies, so a key can be rotated by putting the new key first and
//! dropping the old one once its cursors no longer matter. Tampered,
//! truncated, foreign or unknown-key cursors all decode to a
//! [`CursorError`], which converts into a 400 [`Problem`] (code
//! `invalid_cursor`).
//!
//! # Keyset pagination
//!
//! Offsets skip or repeat rows when rows are inserted or deleted between
//! pages. A [`Keyset`] cursor instead remembers the sort key and the unique
//! id of the last item returned; the next page starts strictly after that
//! position, which stays meaningful whatever happens to other rows. A handler
//! for `GET /pets?cursor=…&limit=…` sorted by `created_at`:
//!
//! 1. `let limit = clamp_limit(query.limit, 20, 100);`
//! 2. `let after: Option<Keyset<Timestamp, PetId>> = codec.decode_optional(query.cursor.as_deref())?;`
//!    (a bad cursor becomes a 400 through `?`).
//! 3. Fetch `limit + 1` rows ordered by `(created_at, id)` and, when `after`
//!    is set, filtered with `(created_at, id) > (after.key, after.id)` (in
//!    SQL a row-value comparison; [`paginate`] does it for in-memory data).
//! 4. Return the first `limit` rows. If there was an extra row, the next
//!    cursor is `codec.encode(&Keyset::new(last.created_at, last.id))`.
//!
//! For a descending order, sort and compare in reverse
//! (`std::cmp::Reverse` keys work with [`paginate`]). If the cursor must only
//! be valid for the same filters, include them in the payload and compare
//! them on decode.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::problem::{FieldError, Location, Problem};

type HmacSha256 = Hmac<Sha256>;

const VERSION: u8 = 1;
const MAC_LEN: usize = 32;

/// The longest cursor string that is even looked at.
pub const MAX_CURSOR_LEN: usize = 4096;

/// The shortest accepted secret, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// The longest accepted key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 64;

/// Encodes and decodes signed cursors (see the [module docs](self)).
#[derive(Clone)]
pub struct CursorCodec {
    keys: Vec<SigningKey>,
}

#[derive(Clone)]
struct SigningKey {
    id: String,
    mac: HmacSha256,
}

impl fmt::Debug for CursorCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|key| key.id.as_str()).collect();
        f.debug_struct("CursorCodec")
            .field("key_ids", &ids)
            .finish()
    }
}

/// Why a set of cursor keys was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CursorKeyError {
    /// No key was given.
    #[error("at least one cursor key is required")]
    NoKeys,
    /// A key id is empty or longer than [`MAX_KEY_ID_LEN`] bytes.
    #[error("cursor key id {0:?} must be 1 to {MAX_KEY_ID_LEN} bytes long")]
    InvalidId(String),
    /// Two keys share an id.
    #[error("cursor key id {0:?} is used twice")]
    DuplicateId(String),
    /// A secret is shorter than [`MIN_SECRET_LEN`] bytes.
    #[error("the secret of cursor key {0:?} is shorter than {MIN_SECRET_LEN} bytes")]
    WeakSecret(String),
}

/// Why a cursor was refused. Clients see only "invalid cursor"; the
/// variants are for logs and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not a cursor at all: bad base64, too short or too long, unknown
    /// format version.
    #[error("malformed cursor")]
    Malformed,
    /// Signed with a key this server does not (or no longer) know.
    #[error("cursor signed with an unknown key")]
    UnknownKey,
    /// The signature does not match: the cursor was altered.
    #[error("cursor signature mismatch")]
    BadSignature,
    /// Authentic, but its payload is not of the expected type.
    #[error("cursor payload has the wrong shape")]
    InvalidPayload,
}

impl CursorError {
    /// The 400 problem for a bad cursor given in the query parameter
    /// `param`: code `invalid_cursor`, one field error at `/<param>`.
    pub fn into_problem(self, param: &str) -> Problem {
        Problem::bad_request()
            .with_code("invalid_cursor")
            .with_detail("The cursor is invalid; request the first page again.")
            .with_error(FieldError::param(
                Location::Query,
                param,
                "not a cursor issued by this server",
            ))
    }
}

impl From<CursorError> for Problem {
    /// [`CursorError::into_problem`] for the query parameter `cursor`.
    fn from(error: CursorError) -> Self {
        error.into_problem("cursor")
    }
}

impl CursorCodec {
    /// A codec with `keys` as `(key id, secret)` pairs: the first signs, all
    /// verify. Ids are 1 to [`MAX_KEY_ID_LEN`] bytes and unique; secrets are
    /// at least [`MIN_SECRET_LEN`] bytes (use 32 random bytes).
    pub fn new<I, K, S>(keys: I) -> Result<Self, CursorKeyError>
    where
        I: IntoIterator<Item = (K, S)>,
        K: Into<String>,
        S: AsRef<[u8]>,
    {
        let mut parsed: Vec<SigningKey> = Vec::new();
        for (id, secret) in keys {
            let id = id.into();
            if id.is_empty() || id.len() > MAX_KEY_ID_LEN {
                return Err(CursorKeyError::InvalidId(id));
            }
            if parsed.iter().any(|key| key.id == id) {
                return Err(CursorKeyError::DuplicateId(id));
            }
            let secret = secret.as_ref();
            if secret.len() < MIN_SECRET_LEN {
                return Err(CursorKeyError::WeakSecret(id));
            }
            let Ok(mac) = HmacSha256::new_from_slice(secret) else {
                return Err(CursorKeyError::WeakSecret(id));
            };
            parsed.push(SigningKey { id, mac });
        }
        if parsed.is_empty() {
            return Err(CursorKeyError::NoKeys);
        }
        Ok(Self { keys: parsed })
    }

    /// The id of the key that signs new cursors.
    pub fn signing_key_id(&self) -> &str {
        &self.keys[0].id
    }

    /// Signs `payload` into an opaque cursor.
    ///
    /// # Panics
    ///
    /// If `payload` cannot be serialized to JSON (a map with non-string
    /// keys, or a `Serialize` impl that fails), which is a programming
    /// error.
    pub fn encode<T: Serialize + ?Sized>(&self, payload: &T) -> String {
        let json = serde_json::to_vec(payload).expect("cursor payloads serialize to JSON");
        let key = &self.keys[0];
        let id = key.id.as_bytes();
        let mut bytes = Vec::with_capacity(2 + id.len() + json.len() + MAC_LEN);
        bytes.push(VERSION);
        // Ids are at most MAX_KEY_ID_LEN (64) bytes.
        bytes.push(id.len() as u8);
        bytes.extend_from_slice(id);
        bytes.extend_from_slice(&json);
        let mut mac = key.mac.clone();
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Verifies `cursor` and decodes its payload.
    pub fn decode<T: DeserializeOwned>(&self, cursor: &str) -> Result<T, CursorError> {
        if cursor.len() > MAX_CURSOR_LEN {
            return Err(CursorError::Malformed);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| CursorError::Malformed)?;
        let (&version, rest) = bytes.split_first().ok_or(CursorError::Malformed)?;
        let (&id_len, rest) = rest.split_first().ok_or(CursorError::Malformed)?;
        let id_len = usize::from(id_len);
        if version != VERSION || rest.len() < id_len + MAC_LEN {
            return Err(CursorError::Malformed);
        }
        let (id, rest) = rest.split_at(id_len);
        let (payload, tag) = rest.split_at(rest.len() - MAC_LEN);
        let key = self
            .keys
            .iter()
            .find(|key| key.id.as_bytes() == id)
            .ok_or(CursorError::UnknownKey)?;
        let mut mac = key.mac.clone();
        mac.update(&bytes[..bytes.len() - MAC_LEN]);
        // `verify_slice` compares in constant time.
        mac.verify_slice(tag)
            .map_err(|_| CursorError::BadSignature)?;
        serde_json::from_slice(payload).map_err(|_| CursorError::InvalidPayload)
    }

    /// [`decode`](Self::decode) for an optional query parameter: `None`
    /// (the first page) stays `None`.
    pub fn decode_optional<T: DeserializeOwned>(
        &self,
        cursor: Option<&str>,
    ) -> Result<Option<T>, CursorError> {
        cursor.map(|cursor| self.decode(cursor)).transpose()
    }
}

/// The page size to use: `requested`, else `default`, clamped to
/// `1..=max`.
pub fn clamp_limit(requested: Option<u32>, default: u32, max: u32) -> u32 {
    let max = max.max(1);
    requested.unwrap_or(default).clamp(1, max)
}

/// A keyset cursor payload: the sort key and the unique, tie-breaking id of
/// the last item of a page. The next page holds the items strictly after
/// `(key, id)` in `(key, id)` order.
///
/// Serialized compactly as `{"k": key, "i": id}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Keyset<K, I = String> {
    /// The sort key value(s) of the last item (use a tuple for several).
    #[serde(rename = "k")]
    pub key: K,
    /// The unique id of the last item.
    #[serde(rename = "i")]
    pub id: I,
}

impl<K, I> Keyset<K, I> {
    /// The position of an item with sort key `key` and id `id`.
    pub fn new(key: K, id: I) -> Self {
        Self { key, id }
    }
}

impl<K: Ord, I: Ord> Keyset<K, I> {
    /// Whether an item with sort key `key` and id `id` comes strictly after
    /// this position, and so belongs to a later page.
    pub fn precedes(&self, key: &K, id: &I) -> bool {
        (&self.key, &self.id) < (key, id)
    }
}

/// One page of items and the position to continue from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T, C> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<C>,
}

/// Keyset pagination over in-memory items that are sorted ascending by
/// `position(item)` (a `(sort key, unique id)` pair): the up to `limit`
/// items after `after`, and the [`Keyset`] of the last one when more
/// follow.
pub fn paginate<T, K, I>(
    items: impl IntoIterator<Item = T>,
    after: Option<&Keyset<K, I>>,
    limit: u32,
    position: impl Fn(&T) -> (K, I),
) -> Page<T, Keyset<K, I>>
where
    K: Ord,
    I: Ord,
{
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut rest = items.into_iter().filter(|item| match after {
        None => true,
        Some(after) => {
            let (key, id) = position(item);
            after.precedes(&key, &id)
        }
    });
    let items: Vec<T> = rest.by_ref().take(limit).collect();
    let next = match (items.last(), rest.next()) {
        (Some(last), Some(_)) => {
            let (key, id) = position(last);
            Some(Keyset::new(key, id))
        }
        _ => None,
    };
    Page { items, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const SECRET_A: &[u8] = b"0123456789abcdef0123456789abcdef";
    const SECRET_B: &[u8] = b"fedcba9876543210fedcba9876543210";

    fn codec() -> CursorCodec {
        CursorCodec::new([("a", SECRET_A)]).unwrap()
    }

    #[test]
    fn round_trips_and_is_url_safe() {
        let codec = codec();
        let keyset = Keyset::new(("2024-01-01T00:00:00Z".to_owned(), 7_i64), "p-1".to_owned());
        let cursor = codec.encode(&keyset);
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{cursor}"
        );
        assert_eq!(codec.decode::<Keyset<(String, i64)>>(&cursor), Ok(keyset));
        assert_eq!(codec.decode_optional::<u8>(None), Ok(None));
    }

    #[test]
    fn every_single_byte_change_is_rejected() {
        let codec = codec();
        let cursor = codec.encode(&Keyset::new(5_u32, 9_u32));
        let bytes = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        for index in 0..bytes.len() {
            for flip in [0x01_u8, 0x80] {
                let mut tampered = bytes.clone();
                tampered[index] ^= flip;
                let tampered = URL_SAFE_NO_PAD.encode(&tampered);
                assert!(
                    codec.decode::<Keyset<u32, u32>>(&tampered).is_err(),
                    "byte {index} flip {flip:#x}"
                );
            }
        }
    }

    #[test]
    fn truncated_and_garbage_cursors_are_errors() {
        let codec = codec();
        let cursor = codec.encode(&Keyset::new(1_u8, 2_u8));
        for len in 0..cursor.len() {
            assert!(
                codec.decode::<Keyset<u8, u8>>(&cursor[..len]).is_err(),
                "{len}"
            );
        }
        for garbage in ["", "!!!", "a", "AA", "AQ", "====", "\u{e9}", "AQFh"] {
            assert!(
                codec.decode::<serde_json::Value>(garbage).is_err(),
                "{garbage}"
            );
        }
        let long = "A".repeat(MAX_CURSOR_LEN + 4);
        assert_eq!(
            codec.decode::<serde_json::Value>(&long),
            Err(CursorError::Malformed)
        );
        let mut padded = cursor.clone();
        padded.push('=');
        assert_eq!(
            codec.decode::<Keyset<u8, u8>>(&padded),
            Err(CursorError::Malformed)
        );
    }

    #[test]
    fn foreign_and_unknown_key_cursors_are_errors() {
        let ours = codec();
        // Same key id, different secret: a foreign server's cursor.
        let foreign = CursorCodec::new([("a", SECRET_B)]).unwrap();
        assert_eq!(
            ours.decode::<u32>(&foreign.encode(&1_u32)),
            Err(CursorError::BadSignature)
        );
        let other_id = CursorCodec::new([("b", SECRET_A)]).unwrap();
        assert_eq!(
            ours.decode::<u32>(&other_id.encode(&1_u32)),
            Err(CursorError::UnknownKey)
        );
    }

    #[test]
    fn wrong_payload_type_is_an_error() {
        let codec = codec();
        let cursor = codec.encode(&"text");
        assert_eq!(
            codec.decode::<u32>(&cursor),
            Err(CursorError::InvalidPayload)
        );
    }

    #[test]
    fn key_rotation() {
        let old = CursorCodec::new([("2024", SECRET_A)]).unwrap();
        let rotated = CursorCodec::new([("2025", SECRET_B), ("2024", SECRET_A)]).unwrap();
        let retired = CursorCodec::new([("2025", SECRET_B)]).unwrap();
        let old_cursor = old.encode(&42_u32);
        assert_eq!(rotated.decode::<u32>(&old_cursor), Ok(42));
        assert_eq!(
            retired.decode::<u32>(&old_cursor),
            Err(CursorError::UnknownKey)
        );
        let new_cursor = rotated.encode(&43_u32);
        assert_eq!(rotated.signing_key_id(), "2025");
        assert_eq!(retired.decode::<u32>(&new_cursor), Ok(43));
        assert_eq!(old.decode::<u32>(&new_cursor), Err(CursorError::UnknownKey));
    }

    #[test]
    fn key_validation_and_debug_hides_secrets() {
        let none: [(&str, &[u8]); 0] = [];
        assert_eq!(CursorCodec::new(none).unwrap_err(), CursorKeyError::NoKeys);
        assert!(matches!(
            CursorCodec::new([("", SECRET_A)]),
            Err(CursorKeyError::InvalidId(_))
        ));
        assert!(matches!(
            CursorCodec::new([("k".repeat(MAX_KEY_ID_LEN + 1), SECRET_A)]),
            Err(CursorKeyError::InvalidId(_))
        ));
        assert!(matches!(
            CursorCodec::new([("a", SECRET_A), ("a", SECRET_B)]),
            Err(CursorKeyError::DuplicateId(_))
        ));
        assert!(matches!(
            CursorCodec::new([("a", b"short")]),
            Err(CursorKeyError::WeakSecret(_))
        ));
        let debug = format!("{:?}", codec());
        assert!(
            debug.contains("key_ids") && !debug.contains("0123"),
            "{debug}"
        );
    }

    #[test]
    fn error_becomes_a_400_problem() {
        let problem = Problem::from(CursorError::BadSignature);
        assert_eq!(problem.status, 400);
        assert_eq!(problem.code, "invalid_cursor");
        assert_eq!(
            problem.errors,
            vec![FieldError::new(
                Location::Query,
                "/cursor",
                "not a cursor issued by this server"
            )]
        );
        assert_eq!(
            CursorError::Malformed.into_problem("page_token").errors[0].pointer,
            "/page_token"
        );
    }

    #[test]
    fn clamp_limit_bounds() {
        assert_eq!(clamp_limit(None, 20, 100), 20);
        assert_eq!(clamp_limit(Some(50), 20, 100), 50);
        assert_eq!(clamp_limit(Some(500), 20, 100), 100);
        assert_eq!(clamp_limit(Some(0), 20, 100), 1);
        assert_eq!(clamp_limit(None, 200, 100), 100);
        assert_eq!(clamp_limit(None, 0, 0), 1);
    }

    #[test]
    fn paginate_walks_all_items_once() {
        let items: Vec<(u32, String)> = (0..10).map(|i| (i / 3, format!("id{i}"))).collect();
        let position = |item: &(u32, String)| (item.0, item.1.clone());
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = paginate(items.iter().cloned(), after.as_ref(), 3, position);
            assert!(page.items.len() <= 3);
            seen.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, items);
        let exact = paginate(items.iter().cloned(), None, 10, position);
        assert_eq!(exact.items.len(), 10);
        assert!(exact.next.is_none());
    }

    /// Rows inserted before the cursor position and rows deleted anywhere
    /// between pages cause neither a skip nor a repeat of the rest.
    #[test]
    fn concurrent_inserts_and_deletes_neither_skip_nor_repeat() {
        let codec = codec();
        // Sort key: a "score" with many ties; tie-breaker: the id.
        let mut table: BTreeMap<(u32, u32), ()> = (0..20).map(|id| ((id % 4, id), ())).collect();
        let original: Vec<(u32, u32)> = table.keys().copied().collect();
        let page_of = |table: &BTreeMap<(u32, u32), ()>, cursor: Option<&str>| {
            let after: Option<Keyset<u32, u32>> = codec.decode_optional(cursor).unwrap();
            let page = paginate(table.keys().copied(), after.as_ref(), 5, |&(score, id)| {
                (score, id)
            });
            (page.items, page.next.map(|next| codec.encode(&next)))
        };

        let (first, cursor) = page_of(&table, None);
        // Between pages: insert one row before the cursor position and one
        // after it, delete a row already seen and one not yet seen.
        table.insert((0, 1), ());
        table.insert((3, 100), ());
        table.remove(&first[0]);
        let gone = original[12];
        table.remove(&gone);
        let mut seen = first.clone();
        let mut cursor = cursor;
        while let Some(current) = cursor {
            let (items, next) = page_of(&table, Some(&current));
            seen.extend(items);
            cursor = next;
        }
        let mut expected: Vec<(u32, u32)> =
            original.into_iter().filter(|key| *key != gone).collect();
        expected.push((3, 100));
        assert_eq!(seen, expected);
    }
}
