//! Client retries: exponential backoff with full jitter, honouring
//! `retry-after`.
//!
//! A request is retried only when that is safe: its method is idempotent
//! (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or it carries an
//! `idempotency-key` header (generate one with [`new_idempotency_key`] and
//! keep it across attempts, which [`send`] does by cloning the request).
//! It is retried after connection errors and timeouts, and on the statuses
//! of [`is_retryable_status`] (429, 502, 503, 504).
//!
//! Attempt `n` (0-based) waits a random time between zero and
//! `min(max_delay, base_delay * 2^n)`; a `retry-after` header replaces that
//! wait, capped at `max_retry_after`.
//!
//! ```
//! use std::time::Duration;
//! use specforge_runtime::retry::RetryPolicy;
//!
//! let policy = RetryPolicy::default();
//! assert!(policy.delay_for(0, None) <= Duration::from_millis(200));
//! assert_eq!(
//!     policy.delay_for(0, Some(Duration::from_secs(600))),
//!     Duration::from_secs(60),
//! );
//! ```

use std::time::{Duration, SystemTime};

use http::{HeaderValue, Method, header};
use rand::Rng;

/// The `idempotency-key` request header.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// When and how long to wait before retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 3); 0 disables retrying.
    pub max_retries: u32,
    /// The backoff unit: the first retry waits up to this (default 200 ms).
    pub base_delay: Duration,
    /// The longest backoff (default 10 s).
    pub max_delay: Duration,
    /// The longest `retry-after` honoured (default 60 s); longer ones are
    /// cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `attempt` (0 for the first retry): the
    /// server's `retry_after` capped at `max_retry_after` when given, else a
    /// random duration in `0..=min(max_delay, base_delay * 2^attempt)`.
    pub fn delay_for(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(retry_after) = retry_after {
            return retry_after.min(self.max_retry_after);
        }
        let ceiling = self.backoff_ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rand::rng().random_range(0..=nanos))
    }

    /// `min(max_delay, base_delay * 2^attempt)`: the longest backoff for
    /// `attempt`.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let factor = 1_u32.checked_shl(attempt).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay)
    }
}

/// Whether a response status is worth retrying: 429, 502, 503 or 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2).
pub fn is_idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// The wait a `retry-after` value asks for at time `now`: delta-seconds or
/// an HTTP-date (zero when the date has passed). `None` when unparsable.
pub fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let value = value.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A fresh idempotency key (a UUID v4) for a request that needs one.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new random key of at least `min` and at most `max` characters (hex
/// digits of random UUIDs), for a declared key whose lengths leave out the
/// 36 characters of [`new_idempotency_key`]'s.
pub fn new_idempotency_key_within(min: usize, max: usize) -> String {
    let length = 36.clamp(min.max(1), max.max(min).max(1));
    let mut key = String::with_capacity(length + 32);
    while key.len() < length {
        key.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    key.truncate(length);
    key
}

/// Sends `request` with `client`, retrying under `policy` when it is safe
/// (see the [module docs](self)). Requests whose body cannot be cloned (a
/// stream) are sent once.
///
/// Returns the last response, whatever its status, or the last error.
pub async fn send(
    client: &reqwest::Client,
    request: reqwest::Request,
    policy: &RetryPolicy,
) -> reqwest::Result<reqwest::Response> {
    let retry_safe =
        is_idempotent_method(request.method()) || request.headers().contains_key(IDEMPOTENCY_KEY);
    let mut attempt = 0;
    let mut request = request;
    loop {
        let spare = if retry_safe && attempt < policy.max_retries {
            request.try_clone()
        } else {
            None
        };
        let result = client.execute(request).await;
        let Some(next) = spare else {
            return result;
        };
        let retry_after = match &result {
            Ok(response) if is_retryable_status(response.status().as_u16()) => response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|value| parse_retry_after(value, SystemTime::now())),
            Err(error) if error.is_connect() || error.is_timeout() || error.is_request() => None,
            _ => return result,
        };
        let delay = policy.delay_for(attempt, retry_after);
        drop(result);
        tokio::time::sleep(delay).await;
        attempt += 1;
        request = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    #[test]
    fn keys_fit_the_declared_lengths() {
        for (min, max, expected) in [
            (1, 16, 16),
            (40, 80, 40),
            (8, 255, 36),
            (64, 64, 64),
            (0, 0, 1),
        ] {
            let key = super::new_idempotency_key_within(min, max);
            assert_eq!(key.len(), expected, "{min}..={max}");
            assert!(key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
        }
        assert_ne!(
            super::new_idempotency_key_within(1, 16),
            super::new_idempotency_key_within(1, 16)
        );
    }

    #[test]
    fn defaults() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries, 3);
        assert_eq!(policy.base_delay, Duration::from_millis(200));
        assert_eq!(policy.max_delay, Duration::from_secs(10));
        assert_eq!(policy.max_retry_after, Duration::from_secs(60));
        assert_eq!(RetryPolicy::none().max_retries, 0);
    }

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_ceiling(0), Duration::from_millis(200));
        assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(400));
        assert_eq!(policy.backoff_ceiling(5), Duration::from_millis(6400));
        assert_eq!(policy.backoff_ceiling(6), Duration::from_secs(10));
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(10));
    }

    #[test]
    fn full_jitter_stays_within_the_ceiling_and_varies() {
        let policy = RetryPolicy::default();
        let delays: Vec<Duration> = (0..200).map(|_| policy.delay_for(2, None)).collect();
        assert!(
            delays
                .iter()
                .all(|delay| *delay <= Duration::from_millis(800))
        );
        let first = delays[0];
        assert!(delays.iter().any(|delay| *delay != first));
        assert!(
            delays
                .iter()
                .any(|delay| *delay < Duration::from_millis(400))
        );
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_for(3, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.delay_for(0, Some(Duration::from_secs(3600))),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retryable_statuses() {
        for status in [429, 502, 503, 504] {
            assert!(is_retryable_status(status));
        }
        for status in [200, 400, 404, 409, 500, 501] {
            assert!(!is_retryable_status(status));
        }
    }

    #[test]
    fn parses_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let parse = |text: &'static str| parse_retry_after(&HeaderValue::from_static(text), now);
        assert_eq!(parse("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            parse("Wed, 21 Oct 2015 07:28:30 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse("Wed, 21 Oct 2015 07:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("99999999999999999999999"), Some(Duration::MAX));
        assert_eq!(parse("-5"), None);
        assert_eq!(parse("1.5"), None);
        assert_eq!(parse("soon"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn idempotent_methods_and_keys() {
        assert!(is_idempotent_method(&Method::GET));
        assert!(is_idempotent_method(&Method::PUT));
        assert!(is_idempotent_method(&Method::DELETE));
        assert!(!is_idempotent_method(&Method::POST));
        assert!(!is_idempotent_method(&Method::PATCH));
        let key = new_idempotency_key();
        assert_eq!(key.len(), 36);
        assert_ne!(key, new_idempotency_key());
    }

    /// A tiny HTTP server answering the i-th connection with `statuses[i]`
    /// (the last status repeats); counts requests.
    async fn server(statuses: Vec<(u16, Option<&'static str>)>) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&count);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let (status, retry_after) = statuses[n.min(statuses.len() - 1)];
                let mut buffer = vec![0; 4096];
                let mut read = 0;
                while !buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer[read..]).await {
                        Ok(0) | Err(_) => break,
                        Ok(len) => read += len,
                    }
                }
                let extra = retry_after
                    .map(|value| format!("retry-after: {value}\r\n"))
                    .unwrap_or_default();
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n{extra}\r\nok"
                );
                let _ = stream.write_all(response.as_bytes()).await;
            }
        });
        (url, count)
    }

    fn fast() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        }
    }

    /// Sends a GET with the [`fast`] policy to a [`server`] answering
    /// `statuses`: the final status, and how many requests it took.
    async fn get_with_retries(statuses: Vec<(u16, Option<&'static str>)>) -> (u16, usize) {
        let (url, count) = server(statuses).await;
        let client = reqwest::Client::new();
        let request = client.get(&url).build().unwrap();
        let response = send(&client, request, &fast()).await.unwrap();
        (response.status().as_u16(), count.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn retries_retryable_statuses_until_success() {
        let statuses = vec![(503, None), (429, Some("0")), (200, None)];
        assert_eq!(get_with_retries(statuses).await, (200, 3));
    }

    #[tokio::test]
    async fn gives_up_after_max_retries() {
        assert_eq!(get_with_retries(vec![(502, None)]).await, (502, 4));
    }

    #[tokio::test]
    async fn does_not_retry_unsafe_or_final_responses() {
        let (url, count) = server(vec![(503, None), (200, None)]).await;
        let client = reqwest::Client::new();
        let post = client.post(&url).body("x").build().unwrap();
        assert_eq!(send(&client, post, &fast()).await.unwrap().status(), 503);
        assert_eq!(count.load(Ordering::SeqCst), 1);

        let final_status = vec![(500, None), (200, None)];
        assert_eq!(get_with_retries(final_status).await, (500, 1));
    }

    #[tokio::test]
    async fn retries_post_with_an_idempotency_key() {
        let (url, count) = server(vec![(504, None), (201, None)]).await;
        let client = reqwest::Client::new();
        let post = client
            .post(&url)
            .header(IDEMPOTENCY_KEY, new_idempotency_key())
            .body("x")
            .build()
            .unwrap();
        assert_eq!(send(&client, post, &fast()).await.unwrap().status(), 201);
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn retries_connection_errors() {
        // Bind and drop to get a port nothing listens on.
        let address = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        let client = reqwest::Client::new();
        let request = client.get(format!("http://{address}/")).build().unwrap();
        let started = std::time::Instant::now();
        let error = send(&client, request, &fast()).await.unwrap_err();
        assert!(error.is_connect());
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
