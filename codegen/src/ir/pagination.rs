//! Paginated operations: how the next page is asked for and where a page
//! keeps its items, from `x-pagination` or by convention. Five styles are
//! recognised, the ones real APIs use:
//!
//! | style | next page | recognised by |
//! | --- | --- | --- |
//! | cursor | the query parameter set to a member of the page | `cursor`, `page_token`, `after`… and `nextCursor`, `next_page_token`… |
//! | offset | the offset parameter moved past the items read | `offset`, `skip` |
//! | page | the page-number parameter plus one | `page`, `page_number` |
//! | next URL | a URL member of the page | `next`, `next_url`, `nextLink`… (a string member) |
//! | `Link` header | RFC 8288 `Link: <…>; rel="next"` | a `Link` response header |
//!
//! `x-pagination` on an operation states it explicitly: `style` (one of
//! `cursor`, `offset`, `page`, `nextUrl`, `linkHeader`), the parameter
//! (`cursorParam`, `offsetParam`, `pageParam`), the page's members
//! (`itemsField`, `nextCursorField`, `nextUrlField`) and `limitParam`.
//!
//! What is recognised is what a client can follow, so the emitters need not
//! check again: the parameters are optional query parameters, a next cursor
//! has its parameter's type, a next URL is a string. An `x-pagination` that
//! cannot be followed is warned about and the operation is not paginated.

use serde_json::Value;

use super::operations::{Param, ParamLocation, Response};
use super::{Presence, Status, Ty, TypeDef, TypeKind, bare};

/// How an operation's results are paged through, read off its `200` JSON response and
/// parameters (see the module docs); the client's `into_stream` follows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// The page's member holding the items; `None` when the body is the
    /// list itself.
    pub items_field: Option<String>,
    /// The type of one item: the element type of the page's items list.
    pub item_ty: Ty,
    /// The optional query parameter bounding a page's size.
    pub limit_param: Option<String>,
}

/// How the request for the next page is made, from the page just read.
#[derive(Clone, Debug, PartialEq)]
pub enum PageStyle {
    /// The query parameter `param` set to the page's `next_field`.
    Cursor {
        /// The wire name of the optional query parameter carrying the cursor.
        param: String,
        /// The JSON name of the page's member holding the next cursor, held inline and
        /// of the parameter's type: a string, or a member that may be absent, so the
        /// last page can say there is none.
        next_field: String,
    },
    /// The query parameter `param` moved past the items read.
    Offset {
        /// The wire name of the optional integer query parameter holding the offset.
        param: String,
    },
    /// The query parameter `param` counting pages from `first`.
    Page {
        /// The wire name of the optional integer query parameter holding the page number.
        param: String,
        /// The number of the first page: `0` when the parameter's `minimum` is 0, else `1`.
        first: i64,
    },
    /// The URL in the page's member `field`.
    NextUrl {
        /// The JSON name of the page's string member holding the next page's URL (it
        /// may be absent or empty on the last page).
        field: String,
    },
    /// The URL of the `Link` response header's `rel="next"`.
    LinkHeader,
}

impl PageStyle {
    /// The style's name, as `x-pagination` writes it.
    pub fn name(&self) -> &'static str {
        match self {
            PageStyle::Cursor { .. } => "cursor",
            PageStyle::Offset { .. } => "offset",
            PageStyle::Page { .. } => "page",
            PageStyle::NextUrl { .. } => "nextUrl",
            PageStyle::LinkHeader => "linkHeader",
        }
    }
}

const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "after",
    "starting_after",
    "next_token",
    "continuation_token",
];
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "nextCursor",
    "next_cursor",
    "nextPageToken",
    "next_page_token",
    "next_page",
    "next_token",
    "nextToken",
    "continuation_token",
];
const ITEMS_FIELDS: &[&str] = &["items", "data", "results", "entries", "records", "values"];
const NEXT_URL_FIELDS: &[&str] = &[
    "next",
    "next_url",
    "nextUrl",
    "next_page_url",
    "nextPageUrl",
    "nextLink",
    "next_link",
];
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "page_size",
    "pageSize",
    "per_page",
    "perPage",
    "max_results",
    "maxResults",
    "count",
    "size",
];

/// The pagination of an operation, if it has one.
pub(super) fn detect(
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
    // The parameters paging sets are optional query parameters: the first
    // page is asked for without them, the next by setting them.
    let paging_param = |key: &str, names: &[&str]| {
        match get(key) {
            Some(name) => params.iter().find(|p| p.name == name),
            None => query_param(params, names),
        }
        .filter(|p| p.location == ParamLocation::Query && !p.required)
    };
    let page = responses.iter().find(|r| r.status == Status::Code(200))?;
    let body = page.json_body()?;
    let (items_field, item_ty, page_struct) = items(body, get("itemsField"), types)?;
    let limit_param = paging_param("limitParam", LIMIT_PARAMS).map(|p| p.name.clone());
    let field = |explicit: Option<String>, names: &[&str]| {
        let page = page_struct?;
        page.fields
            .iter()
            .find(|f| match &explicit {
                Some(name) => &f.json_name == name,
                None => names.contains(&f.json_name.as_str()),
            })
            .filter(|f| matches!(bare(&f.ty), Ty::String) || f.presence != Presence::Required)
    };
    let cursor = || {
        let param = paging_param("cursorParam", CURSOR_PARAMS)?;
        // The next cursor is sent back as the parameter: the same type, held inline.
        let next = field(get("nextCursorField"), NEXT_CURSOR_FIELDS)
            .filter(|next| !next.boxed && bare(&next.ty) == bare(&param.ty))?;
        Some(PageStyle::Cursor {
            param: param.name.clone(),
            next_field: next.json_name.clone(),
        })
    };
    let next_url = || {
        let field = field(get("nextUrlField"), NEXT_URL_FIELDS)
            .filter(|field| matches!(bare(&field.ty), Ty::String))?;
        Some(PageStyle::NextUrl {
            field: field.json_name.clone(),
        })
    };
    let link = || {
        page.headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("link"))
            .then_some(PageStyle::LinkHeader)
    };
    let offset = || {
        let param = paging_param("offsetParam", OFFSET_PARAMS)?;
        Some(PageStyle::Offset {
            param: param.name.clone(),
        })
    };
    let page_number = || {
        let param = paging_param("pageParam", PAGE_PARAMS)?;
        let first = param
            .constraints
            .minimum
            .filter(|m| *m == 0.0)
            .map_or(1, |_| 0);
        Some(PageStyle::Page {
            param: param.name.clone(),
            first,
        })
    };
    let style = match get("style").as_deref() {
        Some("cursor") => cursor()?,
        Some("offset") => offset()?,
        Some("page") => page_number()?,
        Some("nextUrl") => next_url()?,
        Some("linkHeader") => link()?,
        Some(_) => return None,
        // The older explicit form named only the cursor's parts.
        None if explicit.is_some() => cursor()?,
        None => cursor()
            .or_else(next_url)
            .or_else(link)
            .or_else(offset)
            .or_else(page_number)?,
    };
    // Offsets and page numbers count items: they need integers.
    if let PageStyle::Offset { param } | PageStyle::Page { param, .. } = &style {
        let typed = params.iter().find(|p| &p.name == param)?;
        if !matches!(bare(&typed.ty), Ty::Integer(_)) {
            return None;
        }
    }
    Some(Pagination {
        style,
        items_field,
        item_ty,
        limit_param,
    })
}

fn query_param<'p>(params: &'p [Param], names: &[&str]) -> Option<&'p Param> {
    params.iter().find(|p| {
        p.location == ParamLocation::Query && names.iter().any(|n| p.name.eq_ignore_ascii_case(n))
    })
}

/// Where a page keeps its items: a list member of the page, or the body
/// itself when it is a list.
fn items<'t>(
    body: &Ty,
    explicit: Option<String>,
    types: &'t [TypeDef],
) -> Option<(Option<String>, Ty, Option<&'t super::Struct>)> {
    match body.underlying(types) {
        Ty::Vec(item) if explicit.is_none() => Some((None, (**item).clone(), None)),
        Ty::Named(id) => {
            let TypeKind::Struct(page) = &types[*id].kind else {
                return None;
            };
            let items = page.fields.iter().find(|f| match &explicit {
                Some(name) => &f.json_name == name,
                None => ITEMS_FIELDS.contains(&f.json_name.as_str()),
            })?;
            if items.boxed {
                return None;
            }
            let Ty::Vec(item) = items.ty.underlying(types) else {
                return None;
            };
            Some((Some(items.json_name.clone()), (**item).clone(), Some(page)))
        }
        _ => None,
    }
}
