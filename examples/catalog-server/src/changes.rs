//! The product change feed: every creation, update and deletion of a
//! product, numbered, kept for a while and broadcast to the streams
//! following it (`listProductChanges`).

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use catalog_api::models::{Product, ProductChange, ProductChangeKind};
use chrono::Utc;
use futures::stream::{self, BoxStream, StreamExt};
use tokio::sync::broadcast;
use uuid::Uuid;

/// How many changes are kept for pages and for clients resuming a stream.
const KEPT: usize = 10_000;

/// Changes a slow stream may fall behind by before it is cut (its client
/// resumes with `last-event-id`, from the kept changes).
const LAG: usize = 1024;

/// The feed: the latest changes, and the live ones for streams.
pub struct Feed {
    state: Mutex<State>,
    live: broadcast::Sender<ProductChange>,
}

struct State {
    last: i64,
    kept: VecDeque<ProductChange>,
}

/// A stream that fell too far behind the live changes.
#[derive(Debug)]
pub struct Lagged;

impl std::fmt::Display for Lagged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the stream fell behind the change feed")
    }
}

impl std::error::Error for Lagged {}

impl Default for Feed {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                last: 0,
                kept: VecDeque::new(),
            }),
            live: broadcast::channel(LAG).0,
        }
    }
}

impl Feed {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a change to `product_id` (`product` as it is now, unless
    /// deleted) and sends it to every stream.
    pub fn record(&self, kind: ProductChangeKind, product_id: Uuid, product: Option<Product>) {
        let mut state = self.state();
        state.last += 1;
        let mut change = ProductChange::new(state.last, kind, product_id, Utc::now());
        change.product = product;
        if state.kept.len() == KEPT {
            state.kept.pop_front();
        }
        state.kept.push_back(change.clone());
        // Sent under the lock, so streams see changes in order; no
        // receiver is not an error.
        let _ = self.live.send(change);
    }

    /// Up to `limit` kept changes after `after`, and whether more follow.
    pub fn page(&self, after: i64, limit: usize) -> (Vec<ProductChange>, bool) {
        let state = self.state();
        let mut changes = state.kept.iter().filter(|c| c.sequence > after);
        let page: Vec<ProductChange> = changes.by_ref().take(limit).cloned().collect();
        let more = changes.next().is_some();
        (page, more)
    }

    /// The changes after `after` (kept ones first), then every new one as
    /// it happens; without `after`, only new ones. Ends with [`Lagged`]
    /// when the reader falls too far behind.
    pub fn follow(&self, after: Option<i64>) -> BoxStream<'static, Result<ProductChange, Lagged>> {
        let state = self.state();
        // Subscribed under the lock: nothing falls between the kept
        // changes and the live ones.
        let live = self.live.subscribe();
        let kept: Vec<ProductChange> = match after {
            Some(after) => state
                .kept
                .iter()
                .filter(|c| c.sequence > after)
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        drop(state);
        let live = stream::unfold(Some(live), |live| async move {
            let mut live = live?;
            match live.recv().await {
                Ok(change) => Some((Ok(change), Some(live))),
                Err(broadcast::error::RecvError::Lagged(_)) => Some((Err(Lagged), None)),
                Err(broadcast::error::RecvError::Closed) => None,
            }
        });
        stream::iter(kept.into_iter().map(Ok)).chain(live).boxed()
    }

    /// How many streams follow the feed now.
    pub fn followers(&self) -> usize {
        self.live.receiver_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;

    async fn next(changes: &mut BoxStream<'static, Result<ProductChange, Lagged>>) -> i64 {
        changes.try_next().await.unwrap().unwrap().sequence
    }

    #[tokio::test]
    async fn pages_and_streams_see_every_change_once_in_order() {
        let feed = Feed::default();
        let id = Uuid::new_v4();
        feed.record(ProductChangeKind::Created, id, None);
        feed.record(ProductChangeKind::Updated, id, None);
        let (page, more) = feed.page(0, 1);
        assert_eq!((page[0].sequence, more), (1, true));
        assert_eq!(feed.page(1, 10).0.len(), 1);
        let mut resumed = feed.follow(Some(1));
        let mut fresh = feed.follow(None);
        assert_eq!(feed.followers(), 2);
        feed.record(ProductChangeKind::Deleted, id, None);
        assert_eq!(next(&mut resumed).await, 2);
        assert_eq!(next(&mut resumed).await, 3);
        assert_eq!(next(&mut fresh).await, 3);
        drop((resumed, fresh));
        assert_eq!(feed.followers(), 0);
    }
}
