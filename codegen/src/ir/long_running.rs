//! Long-running operations: a 202 answered with a status resource (a
//! struct whose `state` or `status` enum has terminal states such as
//! `succeeded`) that a GET of one path parameter returns too, so a client
//! can poll it until the job ends.

use super::operations::{Operation, ParamLocation};
use super::{Status, Ty, TypeDef, TypeId, TypeKind, bare};
use crate::diagnostics::Diagnostic;

/// States after which a job does not change any more.
const TERMINAL: [&str; 6] = [
    "succeeded",
    "failed",
    "canceled",
    "cancelled",
    "completed",
    "error",
];

/// How to wait for the job an operation starts.
#[derive(Clone, Debug, PartialEq)]
pub struct LongRunning {
    /// Index of the GET operation that returns the status resource.
    pub poll: usize,
    /// The status resource's type.
    pub status: TypeId,
    /// Index, in the status struct, of the `id` field the poll takes.
    pub id_field: usize,
    /// Index, in the status struct, of the state field.
    pub state_field: usize,
    /// The state enum's type.
    pub state_type: TypeId,
    /// JSON values of the states after which polling stops.
    pub terminal: Vec<String>,
}

/// Links every operation answering 202 with a status resource to the
/// operation that polls it. Where a status resource has no way to poll it,
/// a warning says why clients get no `send_and_wait`.
pub(super) fn link(
    operations: &mut [Operation],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let found: Vec<(usize, Result<LongRunning, String>)> = operations
        .iter()
        .enumerate()
        .filter_map(|(index, op)| {
            let (status, state_field, state_type, terminal) = status_resource(op, types)?;
            Some((
                index,
                poller(operations, op, status, types).map(|(poll, id_field)| LongRunning {
                    poll,
                    status,
                    id_field,
                    state_field,
                    state_type,
                    terminal,
                }),
            ))
        })
        .collect();
    for (index, outcome) in found {
        match outcome {
            Ok(long_running) => operations[index].long_running = Some(long_running),
            Err(why) => diagnostics.push(Diagnostic::warning(
                &operations[index].pointer,
                format!(
                    "answers 202 with a status resource, but {why}; clients get no send_and_wait"
                ),
            )),
        }
    }
}

/// The JSON body type of a response, when it is a named type.
fn json_body(op: &Operation, status: Status) -> Option<TypeId> {
    let response = op.responses.iter().find(|r| r.status == status)?;
    match bare(&response.chosen()?.ty) {
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}

/// The 202 body's type, its state field and enum, and the terminal states.
fn status_resource(
    op: &Operation,
    types: &[TypeDef],
) -> Option<(TypeId, usize, TypeId, Vec<String>)> {
    let status = json_body(op, Status::Code(202))?;
    let TypeKind::Struct(resource) = &types[status].kind else {
        return None;
    };
    resource.fields.iter().enumerate().find_map(|(index, f)| {
        if !matches!(f.json_name.as_str(), "state" | "status") {
            return None;
        }
        let Ty::Named(state_type) = bare(&f.ty) else {
            return None;
        };
        let TypeKind::Enum(states) = &types[*state_type].kind else {
            return None;
        };
        let terminal: Vec<String> = states
            .variants
            .iter()
            .map(|(_, v)| v.clone())
            .filter(|v| TERMINAL.contains(&v.as_str()))
            .collect();
        (!terminal.is_empty()).then_some((status, index, *state_type, terminal))
    })
}

/// The GET returning the status resource by its `id`, and the index of
/// that field; or why there is none.
fn poller(
    operations: &[Operation],
    start: &Operation,
    status: TypeId,
    types: &[TypeDef],
) -> Result<(usize, usize), String> {
    let TypeKind::Struct(resource) = &types[status].kind else {
        return Err("it is not an object".into());
    };
    let Some((id_field, id)) = resource
        .fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.json_name == "id" && !f.boxed)
    else {
        return Err("the status resource has no `id` member".into());
    };
    let poll = operations.iter().position(|other| {
        let required: Vec<_> = other
            .params
            .iter()
            .filter(|p| p.required && !p.is_idempotency_key())
            .collect();
        other.method == super::Method::Get
            && other.body.as_ref().is_none_or(|b| !b.required)
            && matches!(required.as_slice(), [only] if only.location == ParamLocation::Path
                && bare(&only.ty) == bare(&id.ty))
            && json_body(other, Status::Code(200)) == Some(status)
    });
    let Some(poll) = poll else {
        return Err(
            "no GET taking the job's `id` as its one path parameter returns it with 200".into(),
        );
    };
    if start.error_body() != operations[poll].error_body() {
        return Err(format!(
            "`{}` answers errors with another type than `{}`",
            operations[poll].id, start.id
        ));
    }
    Ok((poll, id_field))
}
