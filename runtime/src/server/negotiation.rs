//! Content negotiation: `content-type` against the declared request types
//! (415) and `accept` against the declared response types (406).

use axum::http::{HeaderMap, header};

use super::operation::Operation;
use crate::problem::Problem;

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

pub(crate) fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|n| n > 0)
}

/// Whether a declared media range (`image/*`, `*/*`) covers `actual`.
pub(crate) fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let actual = actual
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if declared == "*/*" || declared == actual {
        return true;
    }
    match (declared.split_once('/'), actual.split_once('/')) {
        (Some((dt, "*")), Some((at, _))) => dt == at,
        (Some((dt, ds)), Some((at, as_))) => {
            // `application/json` also accepts `application/*+json` and the reverse.
            dt == at && (ds.ends_with(&format!("+{as_}")) || as_.ends_with(&format!("+{ds}")))
        }
        _ => false,
    }
}

pub(crate) fn check_accept(operation: &Operation, headers: &HeaderMap) -> Result<(), Problem> {
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
        Err(Problem::not_acceptable().with_detail(format!(
            "This operation produces {}.",
            operation.response_types.join(", ")
        )))
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
    }
}
