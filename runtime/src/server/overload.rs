//! Overload: at most `limit` requests run at once and at most `queue` more
//! wait; past both the request is answered 503 with `retry-after` at once.
//!
//! Two counts the operations share: the requests admitted (running or
//! waiting), a plain atomic count since nothing waits for it, so a full
//! house sheds at once; and the requests running, a semaphore, waiting for
//! which is the queue. The edge step holds both for the request's life,
//! inside its own future: no layer, no boxed future of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{Semaphore, SemaphorePermit};

use super::metrics::SHED;
use super::rejection::Rejection;

/// The server's limits; clones share them.
#[derive(Clone, Debug)]
pub(crate) struct Overload {
    /// How many requests may be admitted: the limit and the queue.
    capacity: usize,
    admitted: Arc<AtomicUsize>,
    running: Arc<Semaphore>,
}

impl Overload {
    pub(crate) fn new(limit: usize, queue: usize) -> Self {
        Self {
            capacity: limit.saturating_add(queue),
            admitted: Arc::new(AtomicUsize::new(0)),
            running: Arc::new(Semaphore::new(limit)),
        }
    }

    /// Takes a place among the requests admitted, or refuses a full house
    /// (a 503). The place is given back with [`leave`](Self::leave): the
    /// edge's answer holds it as a flag, not a guard borrowing the limits.
    pub(crate) fn admit(&self) -> Result<(), Rejection> {
        let capacity = self.capacity;
        self.admitted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |admitted| {
                (admitted < capacity).then_some(admitted + 1)
            })
            .map(|_| ())
            .map_err(|_| {
                metrics::counter!(SHED).increment(1);
                tracing::warn!("at capacity; request shed");
                Rejection::Overloaded
            })
    }

    /// Gives back a place [`admit`](Self::admit) took.
    pub(crate) fn leave(&self) {
        self.admitted.fetch_sub(1, Ordering::AcqRel);
    }

    /// Takes a slot among the requests running if one is free now,
    /// without waiting; given back with [`free_slot`](Self::free_slot).
    /// The queue is served first: none is free while requests wait for
    /// one.
    pub(crate) fn take_free_slot(&self) -> bool {
        self.running
            .try_acquire()
            .map(SemaphorePermit::forget)
            .is_ok()
    }

    /// Gives back a slot [`take_free_slot`](Self::take_free_slot) took.
    pub(crate) fn free_slot(&self) {
        self.running.add_permits(1);
    }

    /// Waits for a slot among the requests running (the queue); it is
    /// given back when the permit drops.
    pub(crate) async fn wait_for_slot(&self) -> SemaphorePermit<'_> {
        self.running
            .acquire()
            .await
            .expect("the server never closes its semaphores")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_limit_requests_wait_and_past_the_queue_they_are_shed() {
        let overload = Overload::new(1, 1);
        overload.admit().expect("room");
        assert!(overload.take_free_slot(), "a free slot");
        overload.admit().expect("a place in the queue");
        let refused = overload.admit().expect_err("full house");
        assert!(matches!(refused, Rejection::Overloaded));
        // The second waits until the first is done.
        assert!(!overload.take_free_slot(), "no free slot");
        let mut waiting = std::pin::pin!(overload.wait_for_slot());
        let wait = std::time::Duration::from_millis(20);
        assert!(tokio::time::timeout(wait, waiting.as_mut()).await.is_err());
        overload.free_slot();
        overload.leave();
        let _slot = waiting.await;
        assert!(overload.admit().is_ok(), "the first's place is free again");
    }
}
