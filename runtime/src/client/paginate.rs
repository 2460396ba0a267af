//! Pagination: one stream over the items of every page, whatever says where
//! the next page is (a cursor, an offset, a page number, a URL in the page
//! or in its `Link` header).

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

/// The items of every page, or the error that ended the stream.
pub type ItemStream<T, E> = BoxStream<'static, Result<T, E>>;

/// A stream of the items of every page: `fetch(cursor)` loads the page at
/// `cursor` (`first` for the first page) and returns its items and the
/// cursor of the next page. The stream ends after a page without a next
/// cursor (or repeating the cursor it was fetched with), after a page
/// holding the same items as the one before (the server does not move on:
/// it ignores the offset or page asked for, as a mock does), and after the
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
pub fn paginate<C, T, E, F, Fut>(first: Option<C>, fetch: F) -> ItemStream<T, E>
where
    C: PartialEq + Clone + Send + 'static,
    T: PartialEq + Clone + Send + 'static,
    E: Send + 'static,
    F: FnMut(Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<C>), E>> + Send + 'static,
{
    let start = (Some(first), None::<Vec<T>>, fetch);
    let pages = stream::try_unfold(start, |(cursor, previous, mut fetch)| async move {
        let Some(cursor) = cursor else {
            return Ok(None);
        };
        let (items, next) = fetch(cursor.clone()).await?;
        if !items.is_empty() && previous.as_ref() == Some(&items) {
            return Ok(None);
        }
        let next = next.filter(|next| cursor.as_ref() != Some(next)).map(Some);
        let page = next.is_some().then(|| items.clone());
        let items = stream::iter(items.into_iter().map(Ok));
        Ok(Some((items, (next, page, fetch))))
    });
    pages.try_flatten().boxed()
}

/// The offset of the page after one of `count` items read at `offset`;
/// `None` when the page was the last (empty, or shorter than the `limit`
/// asked for).
pub fn next_offset(offset: Option<i64>, count: usize, limit: Option<i64>) -> Option<i64> {
    let count = i64::try_from(count).ok()?;
    let short = limit.is_some_and(|limit| count < limit);
    (count > 0 && !short).then(|| offset.unwrap_or(0) + count)
}

/// The number of the page after `page` (`None`: the first, `first`), if
/// the page read had items.
pub fn next_page(page: Option<i64>, first: i64, count: usize) -> Option<i64> {
    (count > 0).then(|| page.unwrap_or(first) + 1)
}

/// The URL of the `rel="next"` link of an RFC 8288 `Link` header.
pub fn next_link(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once('>')?;
            let target = target.trim().strip_prefix('<')?;
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            is_next.then(|| target.to_owned())
        })
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

    #[test]
    fn offsets_pages_and_links() {
        assert_eq!(next_offset(None, 20, Some(20)), Some(20));
        assert_eq!(next_offset(Some(20), 5, Some(20)), None);
        assert_eq!(next_offset(Some(20), 5, None), Some(25));
        assert_eq!(next_offset(Some(25), 0, None), None);
        assert_eq!(next_page(None, 1, 3), Some(2));
        assert_eq!(next_page(Some(0), 0, 3), Some(1));
        assert_eq!(next_page(Some(4), 1, 0), None);
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::LINK,
            http::HeaderValue::from_static(
                r#"<https://api.example.com/items?page=1>; rel="prev", <https://api.example.com/items?page=3>; rel="next last""#,
            ),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://api.example.com/items?page=3")
        );
        headers.insert(
            http::header::LINK,
            http::HeaderValue::from_static("<x>; rel=prev"),
        );
        assert_eq!(next_link(&headers), None);
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

    #[tokio::test]
    async fn a_page_repeating_the_one_before_ends_the_stream() {
        // Offsets move on, but the server answers the first page each time.
        let ignored = paginate(None, |offset: Option<i64>| async move {
            Ok::<_, ()>((vec!["a", "b"], next_offset(offset, 2, None)))
        });
        assert_eq!(ignored.try_collect::<Vec<_>>().await.unwrap(), ["a", "b"]);
    }
}
