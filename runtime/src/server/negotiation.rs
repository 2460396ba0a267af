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

/// Of declared media types of one essence, the one a request sent as
/// `sent` (a whole `Content-Type`) is read as: the one naming the most
/// parameters the request also names (with the same value, where one is
/// given), else the first. `None` when none is declared.
pub(crate) fn best_declared<'a>(
    declared: impl Iterator<Item = &'a str>,
    sent: &str,
) -> Option<&'a str> {
    let sent_parameters: Vec<_> = parameters(sent).collect();
    let carried = |(name, value): (&str, &str)| {
        (sent_parameters.iter()).any(|(n, v)| {
            n.eq_ignore_ascii_case(name) && (value.is_empty() || v.eq_ignore_ascii_case(value))
        })
    };
    // `None` ranks a media type naming a parameter the request does not
    // below every one whose parameters it names.
    let mut best: Option<(&str, Option<usize>)> = None;
    for media in declared {
        let mut named = 0;
        let all_carried = parameters(media).all(|parameter| {
            named += 1;
            carried(parameter)
        });
        let score = all_carried.then_some(named);
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((media, score));
        }
    }
    best.map(|(media, _)| media)
}

/// A media type's parameters as name and value (unquoted; empty when the
/// parameter has none, as in `application/json;simple`), but `charset`,
/// which says how the text is encoded, not what it is.
fn parameters(media: &str) -> impl Iterator<Item = (&str, &str)> {
    (media.split(';').skip(1)).filter_map(|parameter| {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        let name = name.trim();
        let named = !name.is_empty() && !name.eq_ignore_ascii_case("charset");
        named.then(|| (name, value.trim().trim_matches('"')))
    })
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
    use super::{best_declared, media_matches};

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

    #[test]
    fn of_one_media_type_declared_with_several_parameters_the_one_named_is_read() {
        let declared = ["application/json;simple", "application/json"];
        let read = |sent| best_declared(declared.into_iter(), sent);
        assert_eq!(read("application/json"), Some("application/json"));
        assert_eq!(
            read("application/json; charset=utf-8"),
            Some("application/json")
        );
        assert_eq!(
            read("application/json;simple"),
            Some("application/json;simple")
        );
        assert_eq!(
            read("Application/JSON; Simple"),
            Some("application/json;simple")
        );
        let versions = [
            "application/json; version=1",
            "application/json; version=\"2\"",
        ];
        let read = |sent| best_declared(versions.into_iter(), sent);
        assert_eq!(read("application/json;version=2"), Some(versions[1]));
        assert_eq!(read("application/json"), Some(versions[0]));
        // A charset tells nothing apart: declared with one, the type is
        // still the one a request naming no parameter is read as.
        let declared = ["application/json;simple", "application/json; charset=utf-8"];
        let read = |sent| best_declared(declared.into_iter(), sent);
        assert_eq!(read("application/json"), Some(declared[1]));
    }
}
