//! Standard Webhooks signatures: secrets, signing and verifying.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha256;

use super::{WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP};

type HmacSha256 = Hmac<Sha256>;

/// The prefix of a secret written as text.
const PREFIX: &str = "whsec_";

/// The shortest secret accepted, in bytes.
const MIN_SECRET_BYTES: usize = 16;

/// A signing secret shared by a sender and a receiver: 16 to 64 bytes,
/// written `whsec_<base64>`. Its `Debug` output hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// A new random secret of 32 bytes.
    pub fn generate() -> Self {
        let mut bytes = Vec::with_capacity(32);
        bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        Self(bytes)
    }

    /// A secret of these bytes (16 to 64 of them).
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self, SecretError> {
        let bytes = bytes.into();
        if !(MIN_SECRET_BYTES..=64).contains(&bytes.len()) {
            return Err(SecretError(format!(
                "a secret has 16 to 64 bytes, not {}",
                bytes.len()
            )));
        }
        Ok(Self(bytes))
    }

    /// The secret as text, `whsec_<base64>`, to configure the other side.
    pub fn to_text(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.0))
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC takes keys of any length")
    }
}

impl FromStr for Secret {
    type Err = SecretError;

    /// Reads `whsec_<base64>` (the prefix may be left out).
    fn from_str(text: &str) -> Result<Self, SecretError> {
        let encoded = text.trim();
        let encoded = encoded.strip_prefix(PREFIX).unwrap_or(encoded);
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| SecretError("a secret is `whsec_` and base64".into()))?;
        Self::from_bytes(bytes)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A secret that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretError(String);

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SecretError {}

/// The signature of a message: `v1,<base64 of HMAC-SHA256(secret,
/// "{id}.{timestamp}.{body}")>`.
pub fn sign(secret: &Secret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = secret.mac();
    signed_content(&mut mac, id, timestamp, body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

fn signed_content(mac: &mut HmacSha256, id: &str, timestamp: i64, body: &[u8]) {
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
}

/// Checks deliveries: signed with one of its secrets (several during a
/// rotation), at a time within the tolerance window.
#[derive(Clone, Debug)]
pub struct Verifier {
    secrets: Vec<Secret>,
    tolerance: Duration,
}

/// What a verified delivery says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The message id (`webhook-id`), the same on every retry.
    pub id: String,
    /// When the attempt was signed (`webhook-timestamp`).
    pub timestamp: SystemTime,
}

/// Why a delivery was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// A `webhook-*` header is missing or not text.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds.
    InvalidTimestamp,
    /// The delivery was signed longer ago than the tolerance: a replay.
    TooOld,
    /// The delivery claims to be signed in the future, past the tolerance.
    TooNew,
    /// No signature matches any secret.
    InvalidSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            Self::InvalidTimestamp => f.write_str("`webhook-timestamp` is not a Unix time"),
            Self::TooOld => f.write_str("the delivery is older than the tolerance allows"),
            Self::TooNew => f.write_str("the delivery is timestamped in the future"),
            Self::InvalidSignature => f.write_str("no signature matches"),
        }
    }
}

impl std::error::Error for VerifyError {}

impl Verifier {
    /// The default tolerance: deliveries signed more than 5 minutes before
    /// or after now are refused.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

    /// A verifier of deliveries signed with `secret`.
    pub fn new(secret: Secret) -> Self {
        Self {
            secrets: vec![secret],
            tolerance: Self::DEFAULT_TOLERANCE,
        }
    }

    /// Also accepts deliveries signed with `secret` (while rotating).
    pub fn with_secret(mut self, secret: Secret) -> Self {
        self.secrets.push(secret);
        self
    }

    /// How far from now a delivery's timestamp may be (default 5 min).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The tolerance window.
    pub fn tolerance_window(&self) -> Duration {
        self.tolerance
    }

    /// Verifies a delivery's headers and body now.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Verified, VerifyError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Verifies a delivery's headers and body at time `now`. Signatures
    /// are compared in constant time.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let header = |name: &'static str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .ok_or(VerifyError::MissingHeader(name))
        };
        let id = header(WEBHOOK_ID)?;
        let timestamp: i64 = header(WEBHOOK_TIMESTAMP)?
            .parse()
            .map_err(|_| VerifyError::InvalidTimestamp)?;
        let signatures = header(WEBHOOK_SIGNATURE)?;
        let now_secs = now
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if now_secs.saturating_sub(timestamp) > tolerance {
            return Err(VerifyError::TooOld);
        }
        if timestamp.saturating_sub(now_secs) > tolerance {
            return Err(VerifyError::TooNew);
        }
        let candidates: Vec<Vec<u8>> = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
            .collect();
        let matched = self.secrets.iter().any(|secret| {
            candidates.iter().any(|candidate| {
                let mut mac = secret.mac();
                signed_content(&mut mac, id, timestamp, body);
                mac.verify_slice(candidate).is_ok()
            })
        });
        if !matched {
            return Err(VerifyError::InvalidSignature);
        }
        let timestamp = if timestamp >= 0 {
            UNIX_EPOCH + Duration::from_secs(timestamp.unsigned_abs())
        } else {
            UNIX_EPOCH
        };
        Ok(Verified {
            id: id.to_owned(),
            timestamp,
        })
    }
}

/// Seconds since the Unix epoch now.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector of the Standard Webhooks reference libraries.
    const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;

    fn headers(id: &str, timestamp: i64, signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(WEBHOOK_ID, id.parse().unwrap());
        headers.insert(WEBHOOK_TIMESTAMP, timestamp.to_string().parse().unwrap());
        headers.insert(WEBHOOK_SIGNATURE, signature.parse().unwrap());
        headers
    }

    #[test]
    fn signs_as_the_reference_vector() {
        let secret: Secret = SECRET.parse().unwrap();
        assert_eq!(
            sign(&secret, ID, 1649367553, BODY),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn agrees_with_the_reference_crate_both_ways() {
        let secret: Secret = SECRET.parse().unwrap();
        let reference = standardwebhooks::Webhook::new(SECRET).unwrap();
        let now = unix_now();
        // Ours verified by theirs.
        let ours = sign(&secret, ID, now, BODY);
        reference.verify(BODY, &headers(ID, now, &ours)).unwrap();
        // Theirs verified by ours.
        let theirs = reference.sign(ID, now, BODY).unwrap();
        let verified = Verifier::new(secret)
            .verify(&headers(ID, now, &theirs), BODY)
            .unwrap();
        assert_eq!(verified.id, ID);
    }

    #[test]
    fn refuses_wrong_signatures_stale_and_future_deliveries() {
        let secret = Secret::generate();
        let verifier = Verifier::new(secret.clone());
        let now = unix_now();
        let good = sign(&secret, ID, now, BODY);
        assert!(verifier.verify(&headers(ID, now, &good), BODY).is_ok());
        // Another body, another id, another secret.
        assert_eq!(
            verifier.verify(&headers(ID, now, &good), b"{}"),
            Err(VerifyError::InvalidSignature)
        );
        assert_eq!(
            verifier.verify(&headers("msg_other", now, &good), BODY),
            Err(VerifyError::InvalidSignature)
        );
        let forged = sign(&Secret::generate(), ID, now, BODY);
        assert_eq!(
            verifier.verify(&headers(ID, now, &forged), BODY),
            Err(VerifyError::InvalidSignature)
        );
        // A replay past the window, and a delivery from the future.
        let old = now - 301;
        let replayed = sign(&secret, ID, old, BODY);
        assert_eq!(
            verifier.verify(&headers(ID, old, &replayed), BODY),
            Err(VerifyError::TooOld)
        );
        let future = now + 301;
        let early = sign(&secret, ID, future, BODY);
        assert_eq!(
            verifier.verify(&headers(ID, future, &early), BODY),
            Err(VerifyError::TooNew)
        );
        // A narrower window.
        let recent = now - 30;
        let signed = sign(&secret, ID, recent, BODY);
        assert!(verifier.verify(&headers(ID, recent, &signed), BODY).is_ok());
        assert_eq!(
            verifier
                .clone()
                .tolerance(Duration::from_secs(10))
                .verify(&headers(ID, recent, &signed), BODY),
            Err(VerifyError::TooOld)
        );
        // Missing headers and a bad timestamp.
        assert_eq!(
            verifier.verify(&HeaderMap::new(), BODY),
            Err(VerifyError::MissingHeader(WEBHOOK_ID))
        );
        let mut bad = headers(ID, now, &good);
        bad.insert(WEBHOOK_TIMESTAMP, "soon".parse().unwrap());
        assert_eq!(
            verifier.verify(&bad, BODY),
            Err(VerifyError::InvalidTimestamp)
        );
    }

    #[test]
    fn rotation_accepts_either_secret_and_several_signatures() {
        let (old, new) = (Secret::generate(), Secret::generate());
        let verifier = Verifier::new(new.clone()).with_secret(old.clone());
        let now = unix_now();
        let by_old = sign(&old, ID, now, BODY);
        assert!(verifier.verify(&headers(ID, now, &by_old), BODY).is_ok());
        // A sender signing with both during the rotation.
        let both = format!(
            "{} {}",
            sign(&Secret::generate(), ID, now, BODY),
            sign(&new, ID, now, BODY)
        );
        assert!(
            Verifier::new(new)
                .verify(&headers(ID, now, &both), BODY)
                .is_ok()
        );
    }

    #[test]
    fn secrets_parse_print_and_hide() {
        let secret: Secret = SECRET.parse().unwrap();
        assert_eq!(secret.to_text(), SECRET);
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert_eq!(Secret::from_str(&secret.to_text()[6..]).unwrap(), secret);
        assert!("whsec_short".parse::<Secret>().is_err());
        assert!("whsec_not base64!".parse::<Secret>().is_err());
        assert_ne!(Secret::generate(), Secret::generate());
    }
}
