//! [`HeadTimer`]: hyper's timer for the header read timeout, one per
//! connection, registered with tokio once per timeout rather than once per
//! request.
//!
//! hyper asks its timer for a new sleep at the start of every request
//! head, and drops it once the head is in. With tokio's own sleep
//! (`TokioTimer`), each request of a keep-alive connection inserts a timer
//! entry, usually polls it while the connection waits for the next
//! request, and removes it again. Here the connection keeps one tokio
//! sleep: a new head only moves the deadline its sleeps compare against,
//! and the tokio sleep is reset to that deadline only when it fires early,
//! at most once per timeout.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// One connection's timer (see the [module docs](self)); cheap to make,
/// one per connection.
#[derive(Clone, Debug, Default)]
pub(crate) struct HeadTimer {
    shared: Arc<Mutex<Shared>>,
}

/// What a connection's sleeps share: one tokio sleep, once one waited, and
/// the waker it was last polled with.
#[derive(Debug, Default)]
struct Shared {
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    waker: Option<Waker>,
}

impl hyper::rt::Timer for HeadTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(HeadSleep {
            shared: Arc::clone(&self.shared),
            deadline: tokio::time::Instant::from_std(deadline),
        })
    }

    /// tokio's clock, as `TokioTimer`'s: paused time in tests moves it.
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}

/// A sleep until `deadline` over the connection's shared tokio sleep.
struct HeadSleep {
    shared: Arc<Mutex<Shared>>,
    deadline: tokio::time::Instant,
}

impl Future for HeadSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline;
        // Only the connection's task polls its sleeps: never contended.
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        let Shared { sleep, waker } = &mut *shared;
        let sleep = sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        let wakes_this_task = waker.as_ref().is_some_and(|w| w.will_wake(cx.waker()));
        if sleep.deadline() > deadline {
            // Set for a later deadline: brought forward to this one.
            sleep.as_mut().reset(deadline);
        } else if wakes_this_task && !sleep.is_elapsed() {
            // Set for this deadline or an earlier one, and its firing
            // wakes this task: nothing to register again.
            return Poll::Pending;
        }
        loop {
            if sleep.as_mut().poll(cx).is_pending() {
                if !wakes_this_task {
                    *waker = Some(cx.waker().clone());
                }
                return Poll::Pending;
            }
            if sleep.deadline() >= deadline {
                return Poll::Ready(());
            }
            // It fired at an earlier head's deadline: moved on to this one.
            sleep.as_mut().reset(deadline);
        }
    }
}

impl hyper::rt::Sleep for HeadSleep {}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Timer;

    fn poll(sleep: &mut Pin<Box<dyn hyper::rt::Sleep>>) -> Poll<()> {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        sleep.as_mut().poll(&mut cx)
    }

    #[tokio::test(start_paused = true)]
    async fn a_later_head_s_sleep_ends_at_its_own_deadline_not_the_first_one_s() {
        let timer = HeadTimer::default();
        let mut first = timer.sleep(Duration::from_secs(10));
        assert!(poll(&mut first).is_pending());
        drop(first);
        tokio::time::advance(Duration::from_secs(4)).await;
        let mut second = timer.sleep(Duration::from_secs(10));
        assert!(poll(&mut second).is_pending());
        // The first head's deadline passes: the second still waits.
        tokio::time::advance(Duration::from_secs(7)).await;
        assert!(poll(&mut second).is_pending());
        tokio::time::advance(Duration::from_secs(4)).await;
        assert!(poll(&mut second).is_ready());
    }

    #[tokio::test(start_paused = true)]
    async fn a_sleep_with_an_earlier_deadline_is_not_held_to_a_later_one() {
        let timer = HeadTimer::default();
        let mut long = timer.sleep(Duration::from_secs(10));
        assert!(poll(&mut long).is_pending());
        let mut short = timer.sleep(Duration::from_secs(1));
        assert!(poll(&mut short).is_pending());
        tokio::time::advance(Duration::from_millis(1_100)).await;
        assert!(poll(&mut short).is_ready());
    }
}
