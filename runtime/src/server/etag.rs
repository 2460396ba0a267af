//! The conditional-GET step's work: a strong ETag over the bytes sent, and
//! 304 when `if-none-match` matches it.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody as _};
use axum::http::response::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::BytesMut;
use futures_util::FutureExt as _;
use futures_util::future::Either;
use http_body_util::BodyExt;

use crate::conditional::{etag_value, if_none_match_matches, not_modified};
use crate::problem::Problem;

/// Strong ETag on a successful JSON answer that lacks one; 304 when
/// `if_none_match` matches it. A body already whole (one in-memory chunk,
/// as every `Reply` is) is tagged at once; only another pays for a future
/// that collects it.
pub(crate) fn with_etag(
    response: Response,
    if_none_match: Option<HeaderValue>,
) -> Either<Ready<Response>, Pin<Box<dyn Future<Output = Response> + Send>>> {
    // Tagged already and nothing to compare the tag with: nothing to do,
    // and the body is left as it is rather than taken apart and rebuilt.
    let nothing_to_do = response.status() != StatusCode::OK
        || (if_none_match.is_none() && response.headers().contains_key(header::ETAG));
    let is_json = || {
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"))
    };
    if nothing_to_do || !is_json() {
        return Either::Left(ready(response));
    }
    let (parts, mut body) = response.into_parts();
    let first = match body.frame().now_or_never() {
        // Not ready yet: collected by the future below.
        None => None,
        Some(None) => Some(Bytes::new()),
        Some(Some(Ok(frame))) => Some(frame.into_data().unwrap_or_default()),
        Some(Some(Err(_))) => return Either::Left(ready(Problem::internal().into_response())),
    };
    match first {
        Some(bytes) if body.is_end_stream() => {
            Either::Left(ready(tagged(parts, bytes, if_none_match)))
        }
        first => Either::Right(Box::pin(async move {
            match rest(first.unwrap_or_default(), body).await {
                Ok(bytes) => tagged(parts, bytes, if_none_match),
                Err(_) => Problem::internal().into_response(),
            }
        })),
    }
}

pin_project_lite::pin_project! {
    /// `answer`, through [`with_etag`] once it is in when the request is a
    /// conditional GET (`if_none_match` is `Some`: the request's
    /// `if-none-match`, if it has one). One future rather than `then` over
    /// an `Either`, whose every level would move the response once more.
    pub(crate) struct Tagging<F> {
        #[pin]
        answer: F,
        if_none_match: Option<Option<HeaderValue>>,
        collecting: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
    }
}

impl<F> Tagging<F> {
    pub(crate) fn new(answer: F, if_none_match: Option<Option<HeaderValue>>) -> Self {
        Self {
            answer,
            if_none_match,
            collecting: None,
        }
    }
}

impl<F: Future<Output = Response>> Future for Tagging<F> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        if let Some(collecting) = this.collecting {
            return collecting.as_mut().poll(cx);
        }
        let response = std::task::ready!(this.answer.poll(cx));
        let Some(if_none_match) = this.if_none_match.take() else {
            return Poll::Ready(response);
        };
        match with_etag(response, if_none_match) {
            Either::Left(tagged) => Poll::Ready(tagged.into_inner()),
            Either::Right(mut collecting) => {
                let polled = collecting.as_mut().poll(cx);
                *this.collecting = Some(collecting);
                polled
            }
        }
    }
}

/// The answer of `parts` and its whole body `bytes`, with its ETag, or 304.
fn tagged(mut parts: Parts, bytes: Bytes, if_none_match: Option<HeaderValue>) -> Response {
    let tag = match parts.headers.get(header::ETAG) {
        Some(existing) => existing.clone(),
        None => {
            let tag = etag_value(&bytes);
            parts.headers.insert(header::ETAG, tag.clone());
            tag
        }
    };
    let tag = tag.to_str().unwrap_or_default();
    let matched = if_none_match
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| if_none_match_matches(value, Some(tag)));
    if matched {
        let mut response = not_modified(tag);
        for name in ["request-id", "deprecation", "sunset"] {
            if let Some(value) = parts.headers.get(name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `first` and the rest of `body` after it: the whole body, collected.
async fn rest(first: Bytes, body: Body) -> Result<Bytes, axum::Error> {
    if body.is_end_stream() {
        return Ok(first);
    }
    let rest = body.collect().await?.to_bytes();
    let mut all = BytesMut::from(first);
    all.extend_from_slice(&rest);
    Ok(all.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_body_in_one_chunk_or_in_several_is_read_whole() {
        assert_eq!(rest(Bytes::new(), Body::from("{}")).await.unwrap(), "{}");
        assert_eq!(rest(Bytes::new(), Body::empty()).await.unwrap(), "");
        let chunks = futures_util::stream::iter(["{\"a\"", ":", "1}"].map(Ok::<_, std::io::Error>));
        assert_eq!(
            rest(Bytes::new(), Body::from_stream(chunks)).await.unwrap(),
            "{\"a\":1}"
        );
    }

    #[tokio::test]
    async fn an_answer_in_one_chunk_or_streamed_gets_the_same_tag() {
        let json = |body: Body| {
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(body)
                .unwrap()
        };
        let whole = with_etag(json(Body::from("{\"a\":1}")), None);
        assert!(
            matches!(whole, Either::Left(_)),
            "a whole body is tagged at once"
        );
        let whole = whole.await;
        let chunks = futures_util::stream::iter(["{\"a\"", ":", "1}"].map(Ok::<_, std::io::Error>));
        let streamed = with_etag(json(Body::from_stream(chunks)), None).await;
        let tag = etag_value(b"{\"a\":1}");
        assert_eq!(whole.headers()[header::ETAG], tag);
        assert_eq!(streamed.headers()[header::ETAG], tag);
        let again = with_etag(json(Body::from("{\"a\":1}")), Some(tag)).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }

    #[tokio::test]
    async fn tagging_tags_a_conditional_get_s_answer_and_passes_others_through() {
        let streamed = || {
            let chunks = futures_util::stream::iter(["{\"a\"", ":1}"].map(Ok::<_, std::io::Error>));
            let answer = Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(chunks))
                .unwrap();
            std::future::ready(answer)
        };
        let tag = etag_value(b"{\"a\":1}");
        let tagged = Tagging::new(streamed(), Some(None)).await;
        assert_eq!(tagged.headers()[header::ETAG], tag);
        let unchanged = Tagging::new(streamed(), Some(Some(tag))).await;
        assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
        let not_conditional = Tagging::new(streamed(), None).await;
        assert!(!not_conditional.headers().contains_key(header::ETAG));
    }
}
