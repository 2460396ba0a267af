//! Long-running operations: polling a status resource until it reaches a
//! terminal state, waiting as the server's `retry-after` says.

use std::future::Future;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, header};
use tokio::time::Instant;

use super::{Client, DecodeError, Error, Response};
use crate::retry::parse_retry_after;

/// How [`poll_until`] paces itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollPolicy {
    /// The wait between two polls when the server gives no `retry-after`.
    pub interval: Duration,
    /// The longest wait a `retry-after` may ask for; longer ones are capped.
    pub max_interval: Duration,
    /// How long polling may take in all, waits included; `None`: no limit.
    pub timeout: Option<Duration>,
}

impl Default for PollPolicy {
    /// 1 s without `retry-after`, at most 60 s with one, 10 min in all.
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(60),
            timeout: Some(Duration::from_secs(600)),
        }
    }
}

/// Polls until a terminal state: waits `first_wait` (else the policy's
/// interval), fetches the status once with `fetch` (its value and the
/// `retry-after` wait it came with, if any), and returns it when
/// `is_terminal`; else waits that `retry-after` (capped at
/// [`PollPolicy::max_interval`], the interval without one) and polls again.
/// [`Error::Timeout`] when the next poll could not finish within the
/// policy's timeout; a failed fetch ends polling with its error.
pub async fn poll_until<T, E, F, Fut>(
    policy: PollPolicy,
    first_wait: Option<Duration>,
    mut fetch: F,
    mut is_terminal: impl FnMut(&T) -> bool,
) -> Result<T, Error<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(T, Option<Duration>), Error<E>>>,
{
    let deadline = policy.timeout.map(|limit| (Instant::now() + limit, limit));
    let mut wait = first_wait;
    loop {
        let delay = wait.map_or(policy.interval, |wait| wait.min(policy.max_interval));
        if let Some((at, limit)) = deadline {
            if Instant::now() + delay >= at {
                return Err(Error::Timeout(limit));
            }
        }
        tokio::time::sleep(delay).await;
        let fetched = match deadline {
            Some((at, limit)) => tokio::time::timeout_at(at, fetch())
                .await
                .map_err(|_| Error::Timeout(limit))?,
            None => fetch().await,
        };
        let (value, retry_after) = fetched?;
        if is_terminal(&value) {
            return Ok(value);
        }
        wait = retry_after;
    }
}

/// The wait a response's `retry-after` header asks for (seconds or an
/// HTTP-date).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)
        .and_then(|value| parse_retry_after(value, SystemTime::now()))
}

/// What a generated `send_and_wait` calls once the job is `accepted`:
/// takes the job's id from it with `job_id`, then [`poll_until`] with
/// `fetch(id)` (the poll operation) until `is_terminal`, first waiting the
/// `retry-after` of `accepted`. Paced by the client: 1 s without
/// `retry-after`, at most the retry policy's
/// [`max_retry_after`](crate::retry::RetryPolicy::max_retry_after), within
/// [`ClientBuilder::wait_timeout`](super::ClientBuilder::wait_timeout).
/// [`Error::Decode`] when `accepted` carries no job id.
pub async fn wait_for<S, I, T, E, Fut>(
    client: &Client,
    accepted: Response<S>,
    job_id: impl FnOnce(&S) -> Option<I>,
    mut fetch: impl FnMut(I) -> Fut,
    mut is_terminal: impl FnMut(&T) -> bool,
) -> Result<Response<T>, Error<E>>
where
    I: Clone,
    Fut: Future<Output = Result<Response<T>, Error<E>>>,
{
    let Some(id) = job_id(&accepted) else {
        let message = "the response carries no job id to poll with";
        let error = DecodeError::new(accepted.status(), accepted.headers(), message);
        return Err(Error::Decode(Box::new(error)));
    };
    let policy = PollPolicy {
        max_interval: client.inner.settings.retry.max_retry_after,
        timeout: client.inner.settings.wait_timeout,
        ..PollPolicy::default()
    };
    let fetch = || {
        let response = fetch(id.clone());
        async move {
            let response = response.await?;
            let wait = retry_after(response.headers());
            Ok((response, wait))
        }
    };
    poll_until(
        policy,
        retry_after(accepted.headers()),
        fetch,
        |response: &Response<T>| is_terminal(response),
    )
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use http::HeaderValue;

    use super::*;

    fn fast(timeout: Duration) -> PollPolicy {
        PollPolicy {
            interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(80),
            timeout: Some(timeout),
        }
    }

    type Polled = (&'static str, Option<Duration>);
    type Fetched = std::future::Ready<Result<Polled, Error<()>>>;

    /// A fetch answering the `states` in turn, each with its wait.
    fn script(states: Vec<Polled>) -> (Arc<AtomicUsize>, impl FnMut() -> Fetched) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let fetch = move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok(states[n.min(states.len() - 1)]))
        };
        (calls, fetch)
    }

    fn terminal(state: &&str) -> bool {
        matches!(*state, "succeeded" | "failed" | "canceled")
    }

    /// Polls the scripted `states` (within 5 s, first waiting `first_wait`)
    /// and checks that polling fetched each once and ended on the last,
    /// after `at_least`; returns how long it took.
    async fn poll_through(
        first_wait: Option<Duration>,
        states: Vec<Polled>,
        at_least: Duration,
    ) -> Duration {
        let (last, _) = *states.last().unwrap();
        let count = states.len();
        let (calls, fetch) = script(states);
        let started = Instant::now();
        let state = poll_until(fast(Duration::from_secs(5)), first_wait, fetch, terminal)
            .await
            .unwrap();
        let elapsed = started.elapsed();
        assert_eq!(state, last);
        assert_eq!(calls.load(Ordering::SeqCst), count);
        assert!(elapsed >= at_least, "{elapsed:?}");
        elapsed
    }

    #[tokio::test]
    async fn polls_until_a_terminal_state_honouring_retry_after() {
        let wait = Some(Duration::from_millis(60));
        let states = vec![("queued", wait), ("running", wait), ("failed", None)];
        poll_through(wait, states, Duration::from_millis(180)).await;
    }

    #[tokio::test]
    async fn retry_after_is_capped_and_defaults_to_the_interval() {
        let hour = Some(Duration::from_secs(3600));
        let states = vec![("running", hour), ("running", None), ("succeeded", None)];
        // 10 ms, then 80 ms (capped), then 10 ms.
        let elapsed = poll_through(None, states, Duration::from_millis(100)).await;
        assert!(elapsed < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn gives_up_at_the_deadline_and_stops_on_errors() {
        let (_, fetch) = script(vec![("running", None)]);
        let err = poll_until(fast(Duration::from_millis(100)), None, fetch, terminal)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Timeout(limit) if limit == Duration::from_millis(100)));

        let slow = || async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Ok::<_, Error<()>>(("succeeded", None))
        };
        let started = Instant::now();
        let err = poll_until(fast(Duration::from_millis(100)), None, slow, terminal)
            .await
            .unwrap_err();
        assert!(err.is_timeout());
        assert!(started.elapsed() < Duration::from_secs(2));

        let failing = || async { Err::<(&str, _), _>(Error::<()>::Request("boom".into())) };
        let err = poll_until(fast(Duration::from_secs(5)), None, failing, terminal)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Request(_)));
    }

    #[test]
    fn reads_retry_after_in_seconds_or_as_a_date() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(header::RETRY_AFTER, later.parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
    }
}
