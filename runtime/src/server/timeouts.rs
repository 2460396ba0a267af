//! Timeouts whose timer is set only once something waits: the handler's
//! deadline ([`Deadline`]) and the time the next chunk of a request body
//! may take ([`ReadTimeout`]).
//!
//! Most requests are answered in the poll that starts them, their body
//! already in hand (the store in memory, a small body sent with the head);
//! `tokio::time::timeout` and tower-http's `TimeoutBody` would register a
//! timer entry for each of them and clear it again. These poll what they
//! wrap first and set the timer only when it returns `Pending`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Bytes;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Duration, Instant, Sleep};

pin_project_lite::pin_project! {
    /// `inner`, or `None` once `at` passes before it is done (never
    /// without `at`).
    pub(crate) struct Deadline<F> {
        #[pin]
        inner: F,
        at: Option<Instant>,
        // Boxed: only a request that waits sets it, and the rest do not
        // carry its room in their futures.
        timer: Option<Pin<Box<Sleep>>>,
    }
}

impl<F> Deadline<F> {
    pub(crate) fn new(inner: F, at: Option<Instant>) -> Self {
        Self {
            inner,
            at,
            timer: None,
        }
    }
}

impl<F: Future> Future for Deadline<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.inner.poll(cx) {
            return Poll::Ready(Some(output));
        }
        if let (None, Some(at)) = (&this.timer, *this.at) {
            *this.timer = Some(Box::pin(tokio::time::sleep_until(at)));
        }
        match this.timer {
            Some(timer) => timer.as_mut().poll(cx).map(|()| None),
            None => Poll::Pending,
        }
    }
}

pin_project_lite::pin_project! {
    /// A request body whose next chunk must arrive within `timeout` of the
    /// body being found waiting for it; past that it fails with
    /// [`BodyTimedOut`] (the step reading it answers 408).
    pub(crate) struct ReadTimeout<B> {
        #[pin]
        body: B,
        timeout: Duration,
        #[pin]
        timer: Option<Sleep>,
    }
}

impl<B> ReadTimeout<B> {
    pub(crate) fn new(body: B, timeout: Duration) -> Self {
        Self {
            body,
            timeout,
            timer: None,
        }
    }
}

/// The error of a body whose next chunk did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub(crate) struct BodyTimedOut;

impl<B> HttpBody for ReadTimeout<B>
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let mut this = self.project();
        if let Poll::Ready(frame) = this.body.poll_frame(cx) {
            // The clock starts again for the next chunk.
            this.timer.set(None);
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        if this.timer.is_none() {
            this.timer.set(Some(tokio::time::sleep(*this.timeout)));
        }
        match this.timer.as_pin_mut() {
            Some(timer) => timer
                .poll(cx)
                .map(|()| Some(Err(Box::new(BodyTimedOut) as axum::BoxError))),
            None => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn answers_in_time_and_cancels_past_the_deadline() {
        let started = Instant::now();
        let at = Some(started + Duration::from_millis(200));
        assert_eq!(Deadline::new(async { 7 }, at).await, Some(7));
        let quick = tokio::time::sleep(Duration::from_millis(20));
        assert_eq!(Deadline::new(quick, at).await, Some(()));
        let slow = tokio::time::sleep(Duration::from_secs(30));
        assert_eq!(Deadline::new(slow, at).await, None);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
        assert!(waited < Duration::from_secs(10), "{waited:?}");
        let unbounded = tokio::time::sleep(Duration::from_millis(300));
        assert_eq!(Deadline::new(unbounded, None).await, Some(()));
    }

    /// A body whose chunks are sent through the returned sender.
    fn channel_body() -> (tokio::sync::mpsc::Sender<Bytes>, axum::body::Body) {
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Bytes>(4);
        let chunks = futures_util::stream::poll_fn(move |cx| {
            receiver
                .poll_recv(cx)
                .map(|chunk| chunk.map(Ok::<_, std::io::Error>))
        });
        (sender, axum::body::Body::from_stream(chunks))
    }

    #[tokio::test]
    async fn a_body_chunk_late_past_the_read_timeout_fails_and_one_in_time_is_read() {
        use http_body_util::BodyExt;
        let (sender, body) = channel_body();
        let reader = tokio::spawn(ReadTimeout::new(body, Duration::from_millis(150)).collect());
        tokio::time::sleep(Duration::from_millis(60)).await;
        sender.send(Bytes::from_static(b"in ")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(60)).await;
        sender.send(Bytes::from_static(b"time")).await.unwrap();
        drop(sender);
        let read = reader.await.unwrap().expect("every chunk came in time");
        assert_eq!(read.to_bytes(), "in time");

        let (sender, body) = channel_body();
        let reader = tokio::spawn(ReadTimeout::new(body, Duration::from_millis(100)).collect());
        sender.send(Bytes::from_static(b"first")).await.unwrap();
        let error = reader
            .await
            .unwrap()
            .expect_err("the second chunk never came");
        assert!(error.is::<BodyTimedOut>(), "{error}");
        drop(sender);
    }
}
