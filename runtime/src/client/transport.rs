//! Sending a prepared request: attempt after attempt under the retry
//! policy, each within the per-attempt timeout and all within the overall
//! one, with the hooks around every attempt.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, header};
use tokio::time::Instant;

use super::request::Payload;
use super::{Client, Failure, Reply};
use crate::retry::{is_idempotent_method, is_retryable_status, parse_retry_after};

/// Everything about a request but the client: ready to send.
pub(crate) struct Prepared {
    pub method: Method,
    pub url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Option<Payload>,
    /// Whether a redirect is the answer rather than followed.
    pub keep_redirects: bool,
}

/// A deadline and the limit that set it (for the error message).
type Deadline = Option<(Instant, Duration)>;

fn earliest(a: Deadline, b: Deadline) -> Deadline {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Sends `prepared`, retrying when the policy and the request allow it, and
/// returns the last response (whatever its status) or failure.
pub(crate) async fn execute(client: &Client, mut prepared: Prepared) -> Result<Reply, Failure> {
    let http = if prepared.keep_redirects {
        &client.inner.http_keeping_redirects
    } else {
        &client.inner.http
    };
    let settings = &client.inner.settings;
    let overall = settings
        .total_timeout
        .map(|limit| (Instant::now() + limit, limit));
    let retry_safe =
        is_idempotent_method(&prepared.method) || prepared.headers.contains_key("idempotency-key");
    let mut attempt = 0;
    loop {
        let replayable = prepared.body.as_ref().is_none_or(Payload::is_replayable);
        let may_retry = retry_safe && replayable && attempt < settings.retry.max_retries;
        let mut builder = http
            .request(prepared.method.clone(), prepared.url.clone())
            .headers(prepared.headers.clone());
        if let Some(body) = &mut prepared.body {
            builder = body.attach(builder).await?;
        }
        let mut request = builder
            .build()
            .map_err(|err| Failure::from_reqwest(err, None))?;
        for hook in &settings.hooks.0 {
            hook.on_request(&mut request).map_err(Failure::request)?;
        }
        let deadline = earliest(
            settings
                .timeout
                .map(|limit| (Instant::now() + limit, limit)),
            overall,
        );
        let sent = http.execute(request);
        let result = match deadline {
            Some((at, limit)) => tokio::time::timeout_at(at, sent)
                .await
                .map_err(|_| Failure::timeout(limit))?,
            None => sent.await,
        };
        let too_late =
            |delay: Duration| overall.is_some_and(|(at, _)| Instant::now() + delay >= at);
        let delay = match result {
            Ok(mut response) => {
                for hook in &settings.hooks.0 {
                    hook.on_response(&mut response);
                }
                if !(may_retry && is_retryable_status(response.status().as_u16())) {
                    return Ok(Reply::new(response, deadline, settings.timeout));
                }
                let retry_after = response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|value| parse_retry_after(value, SystemTime::now()));
                let delay = settings.retry.delay_for(attempt, retry_after);
                if too_late(delay) {
                    return Ok(Reply::new(response, deadline, settings.timeout));
                }
                delay
            }
            Err(err) => {
                let delay = settings.retry.delay_for(attempt, None);
                if !(may_retry && err.is_connect()) || too_late(delay) {
                    return Err(Failure::from_reqwest(err, settings.timeout));
                }
                delay
            }
        };
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_deadline_wins() {
        let now = Instant::now();
        let short = Some((now + Duration::from_secs(1), Duration::from_secs(1)));
        let long = Some((now + Duration::from_secs(5), Duration::from_secs(5)));
        assert_eq!(earliest(short, long), short);
        assert_eq!(earliest(long, short), short);
        assert_eq!(earliest(None, long), long);
        assert_eq!(earliest(None, None), None);
    }
}
