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
    mut rows: Vec<T>,
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
    rows.sort_by(|a, b| order(&(key(a), id(a)), &(key(b), id(b))));
    let after: Option<Position> = context.cursors().decode_optional(cursor)?;
    if let Some(after) = &after {
        if after.sort != sort {
            return Err(Problem::bad_request()
                .with_code("invalid_cursor")
                .with_detail("The cursor was made for another sort order."));
        }
    }
    let limit = specforge_runtime::cursor::clamp_limit(
        limit.and_then(|l| u32::try_from(l).ok()),
        DEFAULT_LIMIT,
        MAX_LIMIT,
    ) as usize;
    let mut rest = rows.into_iter().filter(|row| match &after {
        None => true,
        Some(after) => {
            order(&(key(row), id(row)), &(after.key.clone(), after.id)) == Ordering::Greater
        }
    });
    let items: Vec<T> = rest.by_ref().take(limit).collect();
    let next = match (items.last(), rest.next()) {
        (Some(last), Some(_)) => Some(context.cursors().encode(&Position {
            sort: sort.to_owned(),
            key: key(last),
            id: id(last),
        })),
        _ => None,
    };
    Ok((items, next))
}
