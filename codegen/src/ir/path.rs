//! Path templates: a path key of the spec parsed once into segments, so the
//! router, the server's parameter extraction and the client's URL building
//! read the same facts.
//!
//! Real specs hold keys a router cannot take verbatim: a fragment or query
//! suffix (`/v1/things#stream`, `/search?mode=full`), several parameters or
//! literal text in one segment (`/{name}.{format}`, `/report-{year}`), and
//! templates that differ only in their parameters' names. Each key becomes
//! a [`PathTemplate`]; templates that match the same URLs share a
//! [`PathTemplate::route`], and the operations of one route are told apart
//! at run time.

/// One `/`-separated segment of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text matched as it is.
    Literal(String),
    /// `{name}`: the whole segment is the parameter.
    Param(String),
    /// Literal text and parameters in one segment (`{name}.{format}`).
    Mixed(Vec<Piece>),
}

/// A part of a [`Segment::Mixed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text between parameters, matched as it is.
    Literal(String),
    /// A parameter's name, as written between the braces.
    Param(String),
}

/// A parsed path key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// The key as the spec writes it.
    pub raw: String,
    /// The path's segments after its leading `/`, in order (`/` alone is one
    /// empty literal); without the fixed query and fragment.
    pub segments: Vec<Segment>,
    /// Query pairs written into the key (`/search?mode=full`): the client
    /// sends them, the router uses them to tell operations apart.
    pub fixed_query: Vec<(String, String)>,
    /// A `#fragment` of the key: a way some specs declare two operations on
    /// one URL. It is never sent.
    pub fragment: Option<String>,
}

/// What parsing a key found wrong, for a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateIssue {
    /// A `{` without its `}` (or the reverse): read as literal text.
    UnbalancedBrace(String),
}

impl PathTemplate {
    /// Parses a path key; what cannot be read as a parameter stays literal.
    pub fn parse(raw: &str) -> (Self, Vec<TemplateIssue>) {
        let mut issues = Vec::new();
        let (rest, fragment) = match raw.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_owned())),
            None => (raw, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, query),
            None => (rest, ""),
        };
        let fixed_query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (pair.to_owned(), String::new()),
            })
            .collect();
        let path = path.strip_prefix('/').unwrap_or(path);
        let segments = path
            .split('/')
            .map(|segment| parse_segment(segment, &mut issues))
            .collect();
        let template = PathTemplate {
            raw: raw.to_owned(),
            segments,
            fixed_query,
            fragment,
        };
        (template, issues)
    }

    /// The parameter names, in the order they appear.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().flat_map(|segment| {
            let names: Vec<&str> = match segment {
                Segment::Literal(_) => Vec::new(),
                Segment::Param(name) => vec![name.as_str()],
                Segment::Mixed(pieces) => pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Param(name) => Some(name.as_str()),
                        Piece::Literal(_) => None,
                    })
                    .collect(),
            };
            names
        })
    }

    /// The path the client fills in: `{name}` placeholders, no fragment,
    /// the fixed query appended.
    pub fn client_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => path.push_str(&format!("{{{name}}}")),
                Segment::Mixed(pieces) => {
                    for piece in pieces {
                        match piece {
                            Piece::Literal(text) => path.push_str(text),
                            Piece::Param(name) => path.push_str(&format!("{{{name}}}")),
                        }
                    }
                }
            }
        }
        if !self.fixed_query.is_empty() {
            let query: Vec<String> = self
                .fixed_query
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            path.push('?');
            path.push_str(&query.join("&"));
        }
        path
    }

    /// The route the router serves this template on: literal segments as
    /// they are, every segment holding a parameter captured whole. Templates
    /// with the same route match the same URLs. `names` gives each capture
    /// its name, by position.
    pub fn route(&self, names: &[String]) -> String {
        let mut route = String::new();
        let mut captures = names.iter();
        for segment in &self.segments {
            route.push('/');
            match segment {
                Segment::Literal(text) => route.push_str(&escape_braces(text)),
                Segment::Param(_) | Segment::Mixed(_) => {
                    let name = captures.next().map(String::as_str).unwrap_or("param");
                    route.push_str(&format!("{{{name}}}"));
                }
            }
        }
        route
    }

    /// What identifies the route regardless of parameter names: literal
    /// segments, and a marker for each captured one.
    pub fn route_key(&self) -> String {
        let marker = vec!["\u{0}".to_owned(); self.captures()];
        self.route(&marker)
    }

    /// How many segments hold a parameter.
    pub fn captures(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| !matches!(s, Segment::Literal(_)))
            .count()
    }

    /// Capture names for this template's own route: each segment's
    /// parameter, or for a mixed segment its parameters joined with `_`.
    pub fn capture_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for segment in &self.segments {
            let name = match segment {
                Segment::Literal(_) => continue,
                Segment::Param(name) => route_safe(name),
                Segment::Mixed(pieces) => pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Param(name) => Some(route_safe(name)),
                        Piece::Literal(_) => None,
                    })
                    .collect::<Vec<_>>()
                    .join("_"),
            };
            let mut unique = name.clone();
            let mut n = 2;
            while names.contains(&unique) {
                unique = format!("{name}_{n}");
                n += 1;
            }
            names.push(unique);
        }
        names
    }

    /// Whether the router must check more than the route to pick this
    /// template's operation: literal text inside a segment, or a fixed query.
    pub fn needs_dispatch(&self) -> bool {
        !self.fixed_query.is_empty() || self.segments.iter().any(|s| matches!(s, Segment::Mixed(_)))
    }
}

fn parse_segment(segment: &str, issues: &mut Vec<TemplateIssue>) -> Segment {
    if !segment.contains(['{', '}']) {
        return Segment::Literal(segment.to_owned());
    }
    let mut pieces = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => {
                let Some(close) = rest[open..].find('}').map(|c| c + open) else {
                    issues.push(TemplateIssue::UnbalancedBrace(segment.to_owned()));
                    return Segment::Literal(segment.to_owned());
                };
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_owned()));
                }
                pieces.push(Piece::Param(rest[open + 1..close].to_owned()));
                rest = &rest[close + 1..];
            }
            None => {
                if rest.contains('}') {
                    issues.push(TemplateIssue::UnbalancedBrace(segment.to_owned()));
                    return Segment::Literal(segment.to_owned());
                }
                pieces.push(Piece::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    if pieces
        .iter()
        .any(|p| matches!(p, Piece::Literal(l) if l.contains('}')))
        || pieces
            .iter()
            .any(|p| matches!(p, Piece::Param(n) if n.contains('{')))
    {
        issues.push(TemplateIssue::UnbalancedBrace(segment.to_owned()));
        return Segment::Literal(segment.to_owned());
    }
    match pieces.as_slice() {
        [Piece::Param(name)] => Segment::Param(name.clone()),
        _ => Segment::Mixed(pieces),
    }
}

/// A capture name the router accepts: ASCII letters, digits and `_`.
fn route_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if safe.is_empty() {
        "param".into()
    } else {
        safe
    }
}

/// Literal braces in a route are written doubled.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> PathTemplate {
        let (template, issues) = PathTemplate::parse(raw);
        assert!(issues.is_empty(), "{raw}: {issues:?}");
        template
    }

    #[test]
    fn plain_templates() {
        let t = parse("/files/{fileId}/versions");
        assert_eq!(
            t.segments,
            [
                Segment::Literal("files".into()),
                Segment::Param("fileId".into()),
                Segment::Literal("versions".into())
            ]
        );
        assert_eq!(t.client_path(), "/files/{fileId}/versions");
        assert_eq!(t.route(&t.capture_names()), "/files/{fileId}/versions");
        assert!(!t.needs_dispatch());
    }

    #[test]
    fn templates_differing_in_names_share_a_route() {
        let a = parse("/files/{fileId}");
        let b = parse("/files/{folderId}");
        assert_eq!(a.route_key(), b.route_key());
        assert_ne!(a.route_key(), parse("/files/recent").route_key());
    }

    #[test]
    fn fragments_and_fixed_queries_are_not_part_of_the_url() {
        let t = parse("/v1/things/{id}#stream");
        assert_eq!(t.fragment.as_deref(), Some("stream"));
        assert_eq!(t.client_path(), "/v1/things/{id}");
        assert_eq!(t.route_key(), parse("/v1/things/{other}").route_key());
        let q = parse("/search?mode=full&x");
        assert_eq!(
            q.fixed_query,
            [("mode".into(), "full".into()), ("x".into(), String::new())]
        );
        assert_eq!(q.client_path(), "/search?mode=full&x=");
        assert!(q.needs_dispatch());
    }

    #[test]
    fn mixed_segments_are_captured_whole() {
        let t = parse("/{name}.{format}/report-{year}");
        assert_eq!(
            t.segments[0],
            Segment::Mixed(vec![
                Piece::Param("name".into()),
                Piece::Literal(".".into()),
                Piece::Param("format".into())
            ])
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["name", "format", "year"]);
        assert_eq!(t.route(&t.capture_names()), "/{name_format}/{year}");
        assert_eq!(t.client_path(), "/{name}.{format}/report-{year}");
        assert!(t.needs_dispatch());
    }

    #[test]
    fn unbalanced_braces_stay_literal_with_an_issue() {
        let (t, issues) = PathTemplate::parse("/a/{b");
        assert_eq!(t.segments[1], Segment::Literal("{b".into()));
        assert_eq!(issues, [TemplateIssue::UnbalancedBrace("{b".into())]);
        assert_eq!(t.route(&[]), "/a/{{b");
    }
}
