//! Paginated operations: which parameter moves to the next page and where
//! a page keeps its items, from `x-pagination` or by convention.

use serde_json::Value;

use super::operations::{Param, ParamLocation, Response};
use super::{Presence, Status, Ty, TypeDef, TypeKind, bare};

#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The query parameter carrying the cursor.
    pub cursor_param: String,
    pub limit_param: Option<String>,
    /// JSON names of the page's fields.
    pub items_field: String,
    pub next_cursor_field: String,
    pub item_ty: Ty,
}

/// Cursor pagination, from `x-pagination` or by convention: a `cursor`-like
/// query parameter and a JSON page with an items array and a next-cursor field.
pub fn detect(
    extensions: &indexmap::IndexMap<String, Value>,
    params: &[Param],
    responses: &[Response],
    types: &[TypeDef],
) -> Option<Pagination> {
    let explicit = extensions.get("x-pagination");
    let get = |key: &str| {
        explicit
            .and_then(|x| x.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let query = |names: &[&str]| {
        params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Query
                    && names.iter().any(|n| p.name.eq_ignore_ascii_case(n))
            })
            .map(|p| p.name.clone())
    };
    let cursor_param = get("cursorParam").or_else(|| {
        query(&[
            "cursor",
            "page_token",
            "pageToken",
            "after",
            "starting_after",
        ])
    })?;
    let limit_param = get("limitParam")
        .or_else(|| query(&["limit", "page_size", "pageSize", "per_page", "max_results"]));
    let page = responses
        .iter()
        .find(|r| matches!(r.status, Status::Code(200)))?;
    let Ty::Named(id) = bare(&page.chosen()?.ty) else {
        return None;
    };
    let TypeKind::Struct(page) = &types[*id].kind else {
        return None;
    };
    let field = |explicit: Option<String>, names: &[&str]| {
        page.fields.iter().find(|f| match &explicit {
            Some(name) => &f.json_name == name,
            None => names.contains(&f.json_name.as_str()),
        })
    };
    let items = field(get("itemsField"), &["items", "data", "results", "entries"])?;
    let next = field(
        get("nextCursorField"),
        &[
            "nextCursor",
            "next_cursor",
            "nextPageToken",
            "next_page_token",
            "next_page",
        ],
    )?;
    let Ty::Vec(item_ty) = &items.ty else {
        return None;
    };
    if !matches!(
        next.presence,
        Presence::Optional | Presence::RequiredNullable | Presence::OptionalNullable
    ) && !matches!(next.ty, Ty::String)
    {
        return None;
    }
    Some(Pagination {
        cursor_param,
        limit_param,
        items_field: items.json_name.clone(),
        next_cursor_field: next.json_name.clone(),
        item_ty: (**item_ty).clone(),
    })
}
