//! [`Deadline`]: a future cancelled at an instant, whose timer is set only
//! once the future waits.
//!
//! Most requests are answered in the poll that starts them (the store in
//! memory, the data at hand); `tokio::time::timeout` would register a
//! timer entry for each of them and clear it again. This one polls the
//! future first and sets the timer only when it returns `Pending`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::time::{Instant, Sleep};

pin_project_lite::pin_project! {
    /// `inner`, or `None` once `at` passes before it is done (never
    /// without `at`).
    pub(crate) struct Deadline<F> {
        #[pin]
        inner: F,
        at: Option<Instant>,
        #[pin]
        timer: Option<Sleep>,
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
        let mut this = self.project();
        if let Poll::Ready(output) = this.inner.poll(cx) {
            return Poll::Ready(Some(output));
        }
        if let (None, Some(at)) = (this.timer.as_ref().as_pin_ref(), *this.at) {
            this.timer.set(Some(tokio::time::sleep_until(at)));
        }
        match this.timer.as_pin_mut() {
            Some(timer) => timer.poll(cx).map(|()| None),
            None => Poll::Pending,
        }
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
}
