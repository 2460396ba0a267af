//! Operations grouped by the URLs they answer. A router takes one route per
//! URL shape: templates differing only in their parameters' names, in a
//! fragment, or in literal text inside a segment are one route, and the
//! operations of one method on it are told apart when a request comes.

use indexmap::IndexMap;

use super::http::Method;
use super::operations::Operation;
use crate::diagnostics::Diagnostic;

/// One route of the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The router's path: literal segments, `{name}` captures named after
    /// the first operation's parameters.
    pub path: String,
    /// Per method, the operations served, in the order they are tried.
    pub methods: Vec<(Method, Vec<usize>)>,
}

impl super::Api {
    /// Whether `op` shares its route and method with other operations, so
    /// that the runtime tells them apart by each one's inputs.
    pub fn shares_route(&self, op: &Operation) -> bool {
        self.routes
            .iter()
            .flat_map(|route| &route.methods)
            .any(|(_, candidates)| {
                candidates.len() > 1 && candidates.iter().any(|&i| self.operations[i].id == op.id)
            })
    }
}

/// Groups operations into routes, in spec order. Where two operations of
/// one method cannot be told apart by anything in a request, a warning
/// says that requests go to the first.
pub(super) fn group(operations: &[Operation], diagnostics: &mut Vec<Diagnostic>) -> Vec<Route> {
    let mut routes: IndexMap<String, Route> = IndexMap::new();
    for (index, op) in operations.iter().enumerate() {
        let route = routes.entry(op.path.route_key()).or_insert_with(|| Route {
            path: op.path.route(&op.path.capture_names()),
            methods: Vec::new(),
        });
        match route.methods.iter_mut().find(|(m, _)| *m == op.method) {
            Some((_, candidates)) => candidates.push(index),
            None => route.methods.push((op.method, vec![index])),
        }
    }
    for route in routes.values_mut() {
        for (_, candidates) in &mut route.methods {
            // Operations whose template checks more than the route go first:
            // the plain one answers whatever they do not.
            candidates.sort_by_key(|&i| !operations[i].path.needs_dispatch());
            warn_indistinguishable(operations, candidates, diagnostics);
        }
    }
    routes.into_values().collect()
}

/// Warns about operations no request can reach: same method, same URLs,
/// nothing declared (literal text, fixed query, body type, response type)
/// that sets them apart from one tried before.
fn warn_indistinguishable(
    operations: &[Operation],
    candidates: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (position, &later) in candidates.iter().enumerate() {
        let op = &operations[later];
        let shadowed_by = candidates[..position].iter().find(|&&earlier| {
            let first = &operations[earlier];
            first.path.segments.len() == op.path.segments.len()
                && first.path.fixed_query == op.path.fixed_query
                && same_pieces(first, op)
                && request_types(first) == request_types(op)
                && response_types(first) == response_types(op)
        });
        if let Some(&earlier) = shadowed_by {
            diagnostics.push(Diagnostic::warning(
                &op.pointer,
                format!(
                    "{} {} matches the same URLs and media types as {} {}: a request goes to the first whose parameters and body it satisfies, `{}` when both do",
                    op.method.as_str(),
                    op.path.raw,
                    operations[earlier].method.as_str(),
                    operations[earlier].path.raw,
                    operations[earlier].id
                ),
            ));
        }
    }
}

/// Whether the literal text of every mixed segment is the same.
fn same_pieces(a: &Operation, b: &Operation) -> bool {
    use super::path::{Piece, Segment};
    let literals = |op: &Operation| -> Vec<Vec<String>> {
        op.path
            .segments
            .iter()
            .map(|s| match s {
                Segment::Mixed(pieces) => pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Literal(l) => l.clone(),
                        Piece::Param(_) => "{}".to_owned(),
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    literals(a) == literals(b)
}

fn request_types(op: &Operation) -> Vec<&str> {
    let mut types: Vec<&str> = op.request_media_types().collect();
    types.sort_unstable();
    types
}

fn response_types(op: &Operation) -> Vec<&str> {
    let mut types: Vec<&str> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .flat_map(|r| &r.contents)
        .map(|c| c.media_type.as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    types
}
