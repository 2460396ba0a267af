//! Content negotiation: `content-type` against the declared request types
//! (415) and `accept` against the declared response types (406).

use axum::http::{HeaderMap, header};

use super::operation::Operation;
use super::rejection::Rejection;

/// The media type of the request body, lowercased, without parameters.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Whether the request sends a body: its body is not already at its end.
/// Headers cannot tell: HTTP/2 frames a body itself, so a request may send
/// one with neither `content-length` nor `transfer-encoding`, and hyper
/// ends a body at once where HTTP/1.1 announces none (a GET's, always).
pub(crate) fn body_to_read(body: &axum::body::Body) -> bool {
    use axum::body::HttpBody as _;
    !body.is_end_stream()
}

/// Whether a declared media range (`image/*`, `*/*`) covers `actual`
/// (case-insensitively, parameters ignored).
pub(crate) fn media_matches(declared: &str, actual: &str) -> bool {
    if declared == actual {
        return true;
    }
    let (declared, actual) = (essence(declared), essence(actual));
    if declared == "*/*" || declared.eq_ignore_ascii_case(actual) {
        return true;
    }
    match (declared.split_once('/'), actual.split_once('/')) {
        (Some((dt, "*")), Some((at, _))) => dt.eq_ignore_ascii_case(at),
        // `application/json` also accepts `application/*+json` and the reverse.
        (Some((dt, ds)), Some((at, as_))) => {
            dt.eq_ignore_ascii_case(at) && (has_suffix(ds, as_) || has_suffix(as_, ds))
        }
        _ => false,
    }
}

/// A media type without its parameters.
pub(crate) fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or("").trim()
}

/// Whether the subtype `full` ends with `+base`.
fn has_suffix(full: &str, base: &str) -> bool {
    full.len() > base.len()
        && full
            .get(full.len() - base.len() - 1..)
            .and_then(|tail| tail.strip_prefix('+'))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(base))
}

/// 415 when a body comes (`sent`) with a content type the operation does
/// not declare.
pub(crate) fn check_content_type(
    operation: &'static Operation,
    headers: &HeaderMap,
    sent: bool,
) -> Result<(), Rejection> {
    if operation.request_types.is_empty() || !sent {
        return Ok(());
    }
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            operation
                .request_types
                .iter()
                .any(|declared| media_matches(declared, ct))
        });
    if declared {
        Ok(())
    } else {
        Err(Rejection::UnsupportedMediaType {
            accepts: operation.request_types,
        })
    }
}

/// 406 when `accept` rules out every declared response type.
pub(crate) fn check_accept(
    operation: &'static Operation,
    headers: &HeaderMap,
) -> Result<(), Rejection> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if operation.response_types.is_empty() {
        return Ok(());
    }
    let ranges: Vec<&str> = accept
        .split(',')
        .map(str::trim)
        .filter(|range| !range.split(';').any(|p| p.trim().replace(' ', "") == "q=0"))
        .collect();
    let acceptable = ranges.iter().any(|range| {
        operation.response_types.iter().any(|produced| {
            media_matches(range, produced)
                || media_matches(produced, range)
                || produced.ends_with("problem+json") && range.contains("json")
        })
    });
    if acceptable {
        Ok(())
    } else {
        Err(Rejection::NotAcceptable {
            produces: operation.response_types,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::media_matches;

    #[test]
    fn media_ranges() {
        assert!(media_matches("image/*", "image/png"));
        assert!(media_matches("*/*", "text/plain"));
        assert!(media_matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(media_matches(
            "application/json",
            "application/merge-patch+json"
        ));
        assert!(!media_matches("application/json", "text/plain"));
        assert!(media_matches("Application/JSON", "application/json"));
        assert!(!media_matches("application/json", "application/xjson"));
        assert!(!media_matches("text/*", "image/png"));
    }
}
