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

/// The parameters of a path, from the router's captures (in order, still
/// percent-encoded); `None` when a mixed segment does not match.
pub fn read(captures: &[Capture], segments: &[&str]) -> Option<Vec<(&'static str, String)>> {
    if captures.len() != segments.len() {
        return None;
    }
    let mut params = Vec::with_capacity(captures.len());
    for (capture, segment) in captures.iter().zip(segments) {
        match capture {
            Capture::Param(name) => params.push((*name, (*segment).to_owned())),
            Capture::Mixed(pieces) => params.extend(split(pieces, segment)?),
        }
    }
    Some(params)
}

/// The captured segments of a request path, still percent-encoded: those
/// where the matched route (`/files/{fileId}`) has a capture. Aligned from
/// the end, so a router nested under a prefix reads the same.
pub fn captured<'p>(route: &str, path: &'p str) -> Vec<&'p str> {
    let mut segments: Vec<&str> = route
        .rsplit('/')
        .zip(path.rsplit('/'))
        .filter(|(template, _)| template.starts_with('{') && !template.starts_with("{{"))
        .map(|(_, segment)| segment)
        .collect();
    segments.reverse();
    segments
}

/// Whether `segments` match the literal text of every mixed capture.
pub fn matches(captures: &[Capture], segments: &[&str]) -> bool {
    read(captures, segments).is_some()
}

/// Matches one mixed segment: literals must appear in order, a parameter
/// takes the text up to the next literal (the last one takes the rest), and
/// no parameter is empty.
fn split(pieces: &[Piece], segment: &str) -> Option<Vec<(&'static str, String)>> {
    let mut rest = segment;
    let mut found = Vec::new();
    let mut pending: Option<&'static str> = None;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => match pending.take() {
                Some(name) => {
                    let at = rest.find(text).filter(|&at| at > 0)?;
                    found.push((name, rest[..at].to_owned()));
                    rest = &rest[at + text.len()..];
                }
                None => rest = rest.strip_prefix(text)?,
            },
            Piece::Param(name) => {
                // Two parameters back to back cannot be split: the first is empty.
                if let Some(previous) = pending.replace(name) {
                    found.push((previous, String::new()));
                }
            }
        }
    }
    match pending {
        Some(name) if !rest.is_empty() => found.push((name, rest.to_owned())),
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
    fn whole_segments_by_position() {
        let captures = [Capture::Param("folderId"), Capture::Param("v")];
        assert_eq!(
            read(&captures, &["f1", "2"]),
            Some(vec![("folderId", "f1".to_owned()), ("v", "2".to_owned())])
        );
        assert_eq!(read(&captures, &["f1"]), None);
    }

    #[test]
    fn mixed_segments_piece_by_piece() {
        static NAME_FORMAT: [Piece; 3] = [
            Piece::Param("name"),
            Piece::Literal("."),
            Piece::Param("format"),
        ];
        static REPORT: [Piece; 2] = [Piece::Literal("report-"), Piece::Param("year")];
        let captures = [Capture::Mixed(&NAME_FORMAT)];
        assert_eq!(
            read(&captures, &["archive.tar.gz"]),
            Some(vec![
                ("name", "archive".into()),
                ("format", "tar.gz".into())
            ])
        );
        assert_eq!(read(&captures, &["archive"]), None);
        assert_eq!(read(&captures, &[".json"]), None);
        let report = [Capture::Mixed(&REPORT)];
        assert!(matches(&report, &["report-2024"]));
        assert!(!matches(&report, &["summary-2024"]));
        assert!(!matches(&report, &["report-"]));
    }

    #[test]
    fn captured_segments_align_from_the_end() {
        assert_eq!(
            captured("/files/{id}/v/{n}", "/files/a%2Fb/v/2"),
            ["a%2Fb", "2"]
        );
        assert_eq!(captured("/api/files/{id}", "/files/x"), ["x"]);
        assert_eq!(captured("/{{literal}}/{id}", "/{literal}/7"), ["7"]);
    }

    #[test]
    fn fixed_queries() {
        assert!(has_fixed_query(Some("mode=full&x=1"), &[("mode", "full")]));
        assert!(!has_fixed_query(Some("mode=brief"), &[("mode", "full")]));
        assert!(!has_fixed_query(None, &[("mode", "full")]));
        assert!(has_fixed_query(None, &[]));
    }
}
