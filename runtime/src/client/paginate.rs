//! Cursor pagination: one stream over the items of every page.

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

/// A stream of the items of every page: `fetch(cursor)` loads the page at
/// `cursor` (`first` for the first page) and returns its items and the
/// cursor of the next page. The stream ends after a page without a next
/// cursor (or repeating the cursor it was fetched with), and after the
/// first error.
///
/// ```
/// # tokio_test_block_on(async {
/// use futures::TryStreamExt;
/// use specforge_runtime::client::paginate;
///
/// let pages = paginate(None, |cursor: Option<u32>| async move {
///     let page = cursor.unwrap_or(0);
///     let next = (page < 2).then_some(page + 1);
///     Ok::<_, String>((vec![page * 10, page * 10 + 1], next))
/// });
/// let items: Vec<u32> = pages.try_collect().await.unwrap();
/// assert_eq!(items, [0, 1, 10, 11, 20, 21]);
/// # });
/// # fn tokio_test_block_on(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub fn paginate<C, T, E, F, Fut>(first: Option<C>, fetch: F) -> BoxStream<'static, Result<T, E>>
where
    C: PartialEq + Clone + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
    F: FnMut(Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<C>), E>> + Send + 'static,
{
    let pages = stream::try_unfold((Some(first), fetch), |(cursor, mut fetch)| async move {
        let Some(cursor) = cursor else {
            return Ok(None);
        };
        let (items, next) = fetch(cursor.clone()).await?;
        let next = next.filter(|next| cursor.as_ref() != Some(next)).map(Some);
        let items = stream::iter(items.into_iter().map(Ok));
        Ok(Some((items, (next, fetch))))
    });
    pages.try_flatten().boxed()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use futures::StreamExt;

    use super::*;

    #[tokio::test]
    async fn walks_every_page_then_stops() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let stream = paginate(Some("a".to_owned()), move |cursor: Option<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok::<_, ()>(match cursor.as_deref() {
                    Some("a") => (vec![1, 2], Some("b".to_owned())),
                    Some("b") => (vec![], Some("c".to_owned())),
                    Some("c") => (vec![3], None),
                    _ => unreachable!(),
                })
            }
        });
        let items: Vec<i32> = stream.try_collect().await.unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_stream_and_errors_are_last() {
        let repeated = paginate(None, |cursor: Option<u8>| async move {
            Ok::<_, ()>((vec![cursor.unwrap_or(0)], Some(1)))
        });
        assert_eq!(repeated.try_collect::<Vec<_>>().await.unwrap(), [0, 1]);

        let mut failing = paginate(None, |cursor: Option<u8>| async move {
            match cursor {
                None => Ok((vec![1], Some(1))),
                Some(_) => Err("boom"),
            }
        });
        assert_eq!(failing.next().await, Some(Ok(1)));
        assert_eq!(failing.next().await, Some(Err("boom")));
        assert_eq!(failing.next().await, None);
    }
}
