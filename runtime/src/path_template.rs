//! Reading path parameters by the operation's own template.
//!
//! A generated router serves one route per URL shape: templates that differ
//! only in their parameters' names (`/files/{fileId}`, `/files/{folderId}`),
//! in a fragment, or in literal text inside a segment (`/{name}.{format}`,
//! `/report-{year}`) share it. The router captures each parameter segment
//! whole; each operation then reads its parameters from the captures by
//! position, with its own names, and a segment mixing text and parameters
//! is matched piece by piece, which also tells apart operations sharing a
//! route.

/// What an operation reads from one captured path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The whole segment is the parameter `name`.
    Param(&'static str),
    /// Literal text and parameters in one segment.
    Mixed(&'static [Piece]),
}

/// A part of a [`Capture::Mixed`] segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text that must be there.
    Literal(&'static str),
    /// A parameter: as much text as leaves the rest matching.
    Param(&'static str),
}

/// The parameters of `path` by the operation's `captures`, where `route`
/// (`/files/{fileId}`) is the template the router matched: the segments
/// it captures, aligned from the end (so a router nested under a prefix
/// reads the same), read in order and still percent-encoded, as slices of
/// `path`. `None` when the path has fewer captured segments, or a mixed
/// segment does not match.
pub fn read<'p>(
    captures: &[Capture],
    route: &str,
    path: &'p str,
) -> Option<Vec<(&'static str, &'p str)>> {
    if captures.is_empty() {
        return Some(Vec::new());
    }
    let mut params = Vec::with_capacity(captures.len());
    let mut segments = segments_from_end(route)
        .zip(segments_from_end(path))
        .filter(|(template, _)| is_capture(template));
    // The route has the operation's own shape: once its captures are read,
    // what is left of the path is literal text the router matched.
    for capture in captures.iter().rev() {
        let (_, segment) = segments.next()?;
        match capture {
            Capture::Param(name) => params.push((*name, segment)),
            Capture::Mixed(pieces) => params.extend(split(pieces, segment)?.into_iter().rev()),
        }
    }
    // Read from the end: the order is the template's once reversed.
    params.reverse();
    Some(params)
}

/// The `/`-separated segments of `text`, last first, as `rsplit('/')`
/// yields them. The `memchr` crate's `memrchr` finds each `/` a vector at
/// a time: on a UUID segment, a quarter of what a byte loop (or `rsplit`'s
/// generic search) costs.
fn segments_from_end(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memrchr(b'/', text.as_bytes()) {
            Some(at) => {
                rest = Some(&text[..at]);
                Some(&text[at + 1..])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// Whether a route segment is a capture (`{id}`, not the literal `{{id}}`).
fn is_capture(template: &str) -> bool {
    template.starts_with('{') && !template.starts_with("{{")
}

/// Whether `path` fits `captures`: the literal text of every mixed capture
/// matches.
pub fn matches(captures: &[Capture], route: &str, path: &str) -> bool {
    read(captures, route, path).is_some()
}

/// Matches one mixed segment: literals must appear in order, a parameter
/// takes the text up to the next literal (the last one takes the rest), and
/// no parameter is empty.
fn split<'p>(pieces: &[Piece], segment: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
    let mut rest = segment;
    let mut found = Vec::new();
    let mut pending: Option<&'static str> = None;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => match pending.take() {
                Some(name) => {
                    let at = rest.find(text).filter(|&at| at > 0)?;
                    found.push((name, &rest[..at]));
                    rest = &rest[at + text.len()..];
                }
                None => rest = rest.strip_prefix(text)?,
            },
            Piece::Param(name) => {
                // Two parameters back to back cannot be split: the first is empty.
                if let Some(previous) = pending.replace(name) {
                    found.push((previous, ""));
                }
            }
        }
    }
    match pending {
        Some(name) if !rest.is_empty() => found.push((name, rest)),
        Some(_) => return None,
        None if !rest.is_empty() => return None,
        None => {}
    }
    Some(found)
}

/// Whether a query string holds every fixed `name=value` pair of a template
/// (`/search?mode=full`).
pub fn has_fixed_query(query: Option<&str>, fixed: &[(&str, &str)]) -> bool {
    let pairs: Vec<(String, String)> = query
        .map(|q| serde_urlencoded::from_str(q).unwrap_or_default())
        .unwrap_or_default();
    fixed
        .iter()
        .all(|(name, value)| pairs.iter().any(|(k, v)| k == name && v == value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_from_the_end_are_rsplits() {
        for text in [
            "",
            "/",
            "//",
            "a",
            "/a",
            "a/",
            "/files/{id}/v/{n}",
            "/x//y/",
            "é/ü",
        ] {
            let expected: Vec<&str> = text.rsplit('/').collect();
            assert_eq!(
                segments_from_end(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn whole_segments_by_position_from_the_end() {
        let captures = [Capture::Param("folderId"), Capture::Param("v")];
        let route = "/files/{id}/v/{n}";
        assert_eq!(
            read(&captures, route, "/files/a%2Fb/v/2"),
            Some(vec![("folderId", "a%2Fb"), ("v", "2")])
        );
        assert_eq!(read(&captures, "/files/{id}", "/files/f1"), None);
        // Nested under a prefix the router does not see.
        assert_eq!(
            read(&captures[1..], "/api/files/{id}", "/files/x"),
            Some(vec![("v", "x")])
        );
        assert_eq!(
            read(&captures[1..], "/{{literal}}/{id}", "/{literal}/7"),
            Some(vec![("v", "7")])
        );
    }

    #[test]
    fn mixed_segments_piece_by_piece() {
        static NAME_FORMAT: [Piece; 3] = [
            Piece::Param("name"),
            Piece::Literal("."),
            Piece::Param("format"),
        ];
        static REPORT: [Piece; 2] = [Piece::Literal("report-"), Piece::Param("year")];
        let captures = [Capture::Param("dir"), Capture::Mixed(&NAME_FORMAT)];
        let route = "/d/{dir}/{file}";
        assert_eq!(
            read(&captures, route, "/d/x/archive.tar.gz"),
            Some(vec![
                ("dir", "x"),
                ("name", "archive"),
                ("format", "tar.gz")
            ])
        );
        assert_eq!(read(&captures, route, "/d/x/archive"), None);
        assert_eq!(read(&captures, route, "/d/x/.json"), None);
        let report = [Capture::Mixed(&REPORT)];
        assert!(matches(&report, "/{r}", "/report-2024"));
        assert!(!matches(&report, "/{r}", "/summary-2024"));
        assert!(!matches(&report, "/{r}", "/report-"));
    }

    #[test]
    fn fixed_queries() {
        assert!(has_fixed_query(Some("mode=full&x=1"), &[("mode", "full")]));
        assert!(!has_fixed_query(Some("mode=brief"), &[("mode", "full")]));
        assert!(!has_fixed_query(None, &[("mode", "full")]));
        assert!(has_fixed_query(None, &[]));
    }
}
