//! Keyset pagination over sorted rows: the cursor carries the sort, the last
//! row's sort key and its id, so pages neither skip nor repeat rows when
//! others are inserted or deleted between requests.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specforge_runtime::Problem;
use specforge_runtime::server::RequestContext;
use uuid::Uuid;

/// What a cursor remembers.
#[derive(Debug, Serialize, Deserialize)]
struct Position {
    /// The sort the cursor was made for (`-price`, `name`, …).
    #[serde(rename = "s")]
    sort: String,
    /// The sort key of the last row served.
    #[serde(rename = "k")]
    key: Value,
    /// The id of the last row served (the tie-breaker).
    #[serde(rename = "i")]
    id: Uuid,
}

/// Page sizes: the spec's default and maximum.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

fn compare_keys(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or_default()
            .total_cmp(&y.as_f64().unwrap_or_default()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// One page of `rows`, sorted by `sort` (a field, `-` for descending) with
/// `key` giving each row's sort value and `id` its unique id.
pub fn page<T>(
    context: &RequestContext,
    rows: Vec<T>,
    sort: &str,
    cursor: Option<&str>,
    limit: Option<i32>,
    key: impl Fn(&T) -> Value,
    id: impl Fn(&T) -> Uuid,
) -> Result<(Vec<T>, Option<String>), Problem> {
    let descending = sort.starts_with('-');
    let order = |a: &(Value, Uuid), b: &(Value, Uuid)| {
        let by_key = compare_keys(&a.0, &b.0).then(a.1.cmp(&b.1));
        if descending { by_key.reverse() } else { by_key }
    };
    let after: Option<Position> = context.cursors().decode_optional(cursor)?;
    if let Some(after) = &after
        && after.sort != sort
    {
        return Err(Problem::bad_request()
            .with_code("invalid_cursor")
            .with_detail("The cursor was made for another sort order."));
    }
    let limit = specforge_runtime::cursor::clamp_limit(
        limit.and_then(|l| u32::try_from(l).ok()),
        DEFAULT_LIMIT,
        MAX_LIMIT,
    ) as usize;
    // Each row's sort key is computed once, not at every comparison.
    let after = after.map(|after| (after.key, after.id));
    let mut keyed: Vec<((Value, Uuid), T)> = rows
        .into_iter()
        .map(|row| ((key(&row), id(&row)), row))
        .filter(|(position, _)| {
            after
                .as_ref()
                .is_none_or(|after| order(position, after) == Ordering::Greater)
        })
        .collect();
    keyed.sort_by(|a, b| order(&a.0, &b.0));
    let more = keyed.len() > limit;
    keyed.truncate(limit);
    let next = match keyed.last() {
        Some(((key, id), _)) if more => Some(context.cursors().encode(&Position {
            sort: sort.to_owned(),
            key: key.clone(),
            id: *id,
        })),
        _ => None,
    };
    Ok((keyed.into_iter().map(|(_, row)| row).collect(), next))
}
