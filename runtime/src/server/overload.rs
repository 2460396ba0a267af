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

    /// A place among the requests admitted, or the refusal of a full
    /// house (a 503).
    pub(crate) fn admit(&self) -> Result<Admitted<'_>, Rejection> {
        let capacity = self.capacity;
        self.admitted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |admitted| {
                (admitted < capacity).then_some(admitted + 1)
            })
            .map(|_| Admitted(&self.admitted))
            .map_err(|_| {
                metrics::counter!(SHED).increment(1);
                tracing::warn!("at capacity; request shed");
                Rejection::Overloaded
            })
    }

    /// A slot among the requests running if one is free now, without
    /// waiting. The queue is served first: none is free while requests
    /// wait for one.
    pub(crate) fn try_run(&self) -> Option<SemaphorePermit<'_>> {
        self.running.try_acquire().ok()
    }

    /// Waits for a slot among the requests running (the queue).
    pub(crate) async fn run(&self) -> SemaphorePermit<'_> {
        self.running
            .acquire()
            .await
            .expect("the server never closes its semaphores")
    }
}

/// A request's place among those admitted, given back when dropped.
#[derive(Debug)]
pub(crate) struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_limit_requests_wait_and_past_the_queue_they_are_shed() {
        let overload = Overload::new(1, 1);
        let first = overload.admit().expect("room");
        let running = overload.try_run().expect("a free slot");
        let second = overload.admit().expect("a place in the queue");
        let refused = overload.admit().expect_err("full house");
        assert!(matches!(refused, Rejection::Overloaded));
        // The second waits until the first is done.
        assert!(overload.try_run().is_none(), "no free slot");
        let mut waiting = std::pin::pin!(overload.run());
        let wait = std::time::Duration::from_millis(20);
        assert!(tokio::time::timeout(wait, waiting.as_mut()).await.is_err());
        drop(running);
        drop(first);
        let _slot = waiting.await;
        assert!(overload.admit().is_ok(), "the first's place is free again");
        drop(second);
    }
}
