//! Keyset pagination over sorted rows: the cursor carries the sort, the last
//! row's sort key and its id, so pages neither skip nor repeat rows when
//! others are inserted or deleted between requests.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
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
    key: SortKey,
    /// The id of the last row served (the tie-breaker).
    #[serde(rename = "i")]
    id: Uuid,
}

/// Page sizes: the spec's default and maximum.
const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

/// The page size a request asks for (`limit`), within the spec's bounds.
pub fn page_size(limit: Option<i32>) -> usize {
    specforge_runtime::cursor::clamp_limit(
        limit.and_then(|l| u32::try_from(l).ok()),
        DEFAULT_LIMIT,
        MAX_LIMIT,
    ) as usize
}

/// A row's value for the sorted field: compared as it is, not through a
/// JSON value, and written into the cursor as a plain number or string.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortKey {
    /// A numeric field (`price`, `total`).
    Number(f64),
    /// A text field (`name`, or a timestamp in RFC 3339, which sorts as
    /// text).
    Text(String),
}

impl SortKey {
    /// Numbers before text; only a forged cursor mixes the two.
    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a.total_cmp(b),
            (Self::Text(a), Self::Text(b)) => a.cmp(b),
            (Self::Number(_), Self::Text(_)) => Ordering::Less,
            (Self::Text(_), Self::Number(_)) => Ordering::Greater,
        }
    }
}

impl From<String> for SortKey {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<f64> for SortKey {
    fn from(number: f64) -> Self {
        Self::Number(number)
    }
}

/// What a list request asks of its page: a sort (a field, `-` first for
/// descending), the cursor it resumes from and a page size. Every list
/// operation pages the same way; only its rows and sort keys differ.
pub struct Paging {
    sort: String,
    cursor: Option<String>,
    limit: usize,
}

impl Paging {
    /// The paging of a request's `sort`, `cursor` and `limit`; the rows are
    /// sorted by `default` when the request names no sort.
    pub fn new<S: Serialize>(
        sort: Option<S>,
        default: &str,
        cursor: Option<String>,
        limit: Option<i32>,
    ) -> Self {
        Self {
            sort: sort
                .and_then(|sort| crate::wire_name(&sort))
                .unwrap_or_else(|| default.to_owned()),
            cursor,
            limit: page_size(limit),
        }
    }

    /// This page of `rows`, and the cursor of the next one (none after the
    /// last). `key` gives a row's value for the sorted field (`price` for
    /// `-price`), `id` its unique id, which breaks ties.
    pub fn page<T>(
        &self,
        context: &RequestContext,
        rows: Vec<T>,
        key: impl Fn(&T, &str) -> SortKey,
        id: impl Fn(&T) -> Option<Uuid>,
    ) -> Result<(Vec<T>, Option<String>), Problem> {
        let descending = self.sort.starts_with('-');
        let field = self.sort.trim_start_matches('-');
        let order = |a: &(SortKey, Uuid), b: &(SortKey, Uuid)| {
            let by_key = a.0.compare(&b.0).then(a.1.cmp(&b.1));
            if descending { by_key.reverse() } else { by_key }
        };
        let after: Option<Position> = context.cursors().decode_optional(self.cursor.as_deref())?;
        if let Some(after) = &after
            && after.sort != self.sort
        {
            return Err(Problem::bad_request()
                .with_code("invalid_cursor")
                .with_detail("The cursor was made for another sort order."));
        }
        // Each row's sort key is computed once, not at every comparison.
        let after = after.map(|after| (after.key, after.id));
        let mut keyed: Vec<((SortKey, Uuid), T)> = rows
            .into_iter()
            .map(|row| ((key(&row, field), id(&row).unwrap_or_default()), row))
            .filter(|(position, _)| {
                after
                    .as_ref()
                    .is_none_or(|after| order(position, after) == Ordering::Greater)
            })
            .collect();
        keyed.sort_by(|a, b| order(&a.0, &b.0));
        let more = keyed.len() > self.limit;
        keyed.truncate(self.limit);
        let next = match keyed.last() {
            Some(((key, id), _)) if more => Some(context.cursors().encode(&Position {
                sort: self.sort.clone(),
                key: key.clone(),
                id: *id,
            })),
            _ => None,
        };
        Ok((keyed.into_iter().map(|(_, row)| row).collect(), next))
    }
}
