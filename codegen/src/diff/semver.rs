//! The semver verdict: what a change of the spec does to the generated
//! crate's public Rust API.
//!
//! The rules model the generated API as it is being shaped on main, so that
//! wire-compatible changes are Rust-compatible wherever possible:
//!
//! - Model structs are `#[non_exhaustive]` with pub fields, a `new(required
//!   members…)` constructor and `with_<member>(value)` setters for optional
//!   members (`Default` where nothing is required). A new optional member is
//!   minor; a new required member, a removed member, a changed member type,
//!   and optional ↔ required are major; description-only changes are patch.
//! - String enums are `#[non_exhaustive]` with an `Unknown(String)` catch-all:
//!   a new value is minor, a removed one major. Unions (`oneOf`/`anyOf`) are
//!   `#[non_exhaustive]` enums: a new variant is minor, a removed one major.
//! - `server::Api` methods all have default bodies (answering 501): a new
//!   operation is minor, a removed or renamed one major. Server request
//!   structs are `#[non_exhaustive]`, so new parameters do not break
//!   implementers. Response enums gain variants as minor changes: server
//!   implementers construct them and do not match on them, and clients see
//!   `#[non_exhaustive]` enums.
//! - The client has one method per operation returning a builder: required
//!   inputs are method arguments (a new one is major), optional inputs are
//!   setters (a new one is minor); removing an operation or a parameter is
//!   major.
//! - A renamed schema or operationId renames a Rust item: major.
//!
//! The rules are the table [`RULES`]; adjust a bump there.

use std::collections::BTreeMap;

use super::surface::{Member, OperationShape, Surface, TypeShape};

/// A semver bump, ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The public Rust API is unchanged (docs or wire-only changes, or no change at all).
    Patch,
    /// Items were added; code using the crate still compiles.
    Minor,
    /// Code using the crate may no longer compile.
    Major,
}

impl Bump {
    /// The bump as reports print it (`patch`, `minor`, `major`).
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One rule: a kind of change of the Rust API and the bump it needs.
#[derive(Debug)]
pub struct SemverRule {
    /// Stable kebab-case id, as reports print it (`member-added-required`).
    pub id: &'static str,
    /// The bump a change of this kind needs.
    pub bump: Bump,
    /// Why, in terms of the generated code's shape; ends the reason of every [`Item`].
    pub reason: &'static str,
}

macro_rules! rules {
    ($($id:literal $bump:ident $reason:literal,)*) => {
        /// Every Rust API change the verdict knows, with its bump and why.
        pub static RULES: &[SemverRule] = &[$(SemverRule { id: $id, bump: Bump::$bump, reason: $reason },)*];
    };
}

rules! {
    "type-added" Minor "a new public type",
    "type-removed" Major "a public type was removed or renamed: code naming it no longer compiles",
    "type-kind-changed" Major "a type changed between struct, enum and alias",
    "member-added-optional" Minor "structs are #[non_exhaustive] with with_<member> setters: an optional member adds a setter",
    "member-added-required" Major "a required member is a new argument of new(…)",
    "member-removed" Major "a pub field and its setter disappear",
    "member-type-changed" Major "a pub field changes type",
    "member-made-optional" Major "the field becomes an Option and leaves new(…)",
    "member-made-required" Major "the field stops being an Option and joins new(…)",
    "enum-value-added" Minor "string enums are #[non_exhaustive] with an Unknown(String) catch-all",
    "enum-value-removed" Major "code naming the variant no longer compiles",
    "union-variant-added" Minor "union enums are #[non_exhaustive]",
    "union-variant-removed" Major "code naming the variant no longer compiles",
    "union-variant-type-changed" Major "the variant holds another type",
    "alias-changed" Major "the alias names another type",
    "operation-added" Minor "Api methods have default bodies (501) and the client gains a method",
    "operation-removed" Major "the Api method and the client method disappear (or were renamed)",
    "parameter-added-required" Major "a required input is a new argument of the client method",
    "parameter-added-optional" Minor "an optional input is a new builder setter; server request structs are #[non_exhaustive]",
    "parameter-removed" Major "a client argument or setter disappears",
    "parameter-made-required" Major "a setter becomes a method argument",
    "parameter-made-optional" Major "a method argument becomes a setter",
    "parameter-type-changed" Major "an argument or setter takes another type",
    "body-added-required" Major "the client method takes a new argument",
    "body-added-optional" Minor "the client builder gains a setter",
    "body-removed" Major "the body argument disappears",
    "body-changed" Major "the body takes another type or media type, or its presence changed",
    "response-added" Minor "response enums: clients see #[non_exhaustive] enums, servers construct rather than match",
    "response-removed" Major "a response variant disappears",
    "response-body-changed" Major "a response variant holds another type",
    "response-header-added" Major "server implementers construct response variants with every header",
    "response-header-removed" Major "a response variant loses a field",
    "response-header-changed" Major "a response header changes type or presence",
    "documentation-changed" Patch "doc comments only",
    "wire-only" Patch "the wire changed but not the Rust API (constraints, security, status ranges, servers)",
}

/// A rule by id.
pub fn rule(id: &str) -> &'static SemverRule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| &RULES[RULES.len() - 1])
}

/// One change of the Rust API.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Id of the rule that applied, as in [`RULES`].
    pub rule: &'static str,
    /// That rule's bump.
    pub bump: Bump,
    /// The Rust item, e.g. `models::Pet::name`.
    pub path: String,
    /// The change itself, then the rule's reason (`member name was removed: a pub field …`).
    pub reason: String,
}

/// The verdict and the items behind it.
#[derive(Debug)]
pub struct Verdict {
    /// The largest bump of `items`; [`Bump::Patch`] when there are none.
    pub bump: Bump,
    /// Every Rust API change, types before operations; when only the wire changed, a lone
    /// `wire-only` item.
    pub items: Vec<Item>,
}

/// Compares two surfaces; `wire_changed` tells whether the wire diff found
/// anything (a patch verdict says so).
pub fn verdict(old: &Surface, new: &Surface, wire_changed: bool) -> Verdict {
    let mut items = Vec::new();
    let mut add = |id: &str, path: String, detail: String| {
        let rule = rule(id);
        items.push(Item {
            rule: rule.id,
            bump: rule.bump,
            path,
            reason: format!("{detail}: {}", rule.reason),
        });
    };
    for (name, pair) in matched(&old.types, &new.types) {
        let path = format!("models::{name}");
        match pair {
            Pair::Removed(t) => add(
                "type-removed",
                path,
                format!("{} {name} was removed or renamed", t.kind()),
            ),
            Pair::Added(t) => add("type-added", path, format!("new {} {name}", t.kind())),
            Pair::Kept(o, n) => compare_types(&path, o, n, &mut add),
        }
    }
    for (name, pair) in matched(&old.operations, &new.operations) {
        let path = format!("client::Client::{name}");
        match pair {
            Pair::Removed(o) => add(
                "operation-removed",
                path,
                format!("{} ({name}) was removed or renamed", o.label),
            ),
            Pair::Added(n) => add(
                "operation-added",
                path,
                format!("{} ({name}) was added", n.label),
            ),
            Pair::Kept(o, n) => compare_operations(&path, o, n, &mut add),
        }
    }
    if items.is_empty() && wire_changed {
        let rule = rule("wire-only");
        items.push(Item {
            rule: rule.id,
            bump: rule.bump,
            path: "(no public item)".into(),
            reason: rule.reason.into(),
        });
    }
    let bump = items.iter().map(|i| i.bump).max().unwrap_or(Bump::Patch);
    Verdict { bump, items }
}

fn compare_operations(
    path: &str,
    o: &OperationShape,
    n: &OperationShape,
    add: &mut dyn FnMut(&str, String, String),
) {
    members(
        path,
        "parameter",
        &o.params,
        &n.params,
        add,
        [
            "parameter-added-required",
            "parameter-added-optional",
            "parameter-removed",
            "parameter-made-required",
            "parameter-made-optional",
            "parameter-type-changed",
        ],
    );
    match (&o.body, &n.body) {
        (None, Some((true, _))) => add(
            "body-added-required",
            path.into(),
            "a required body was added".into(),
        ),
        (None, Some((false, _))) => add(
            "body-added-optional",
            path.into(),
            "an optional body was added".into(),
        ),
        (Some(_), None) => add("body-removed", path.into(), "the body was removed".into()),
        (Some(a), Some(b)) if a != b => add("body-changed", path.into(), "the body changed".into()),
        _ => {}
    }
    for (variant, pair) in matched(&o.responses, &n.responses) {
        let vpath = format!("{path} → {variant}");
        match pair {
            Pair::Removed(_) => add(
                "response-removed",
                vpath,
                format!("response {variant} was removed"),
            ),
            Pair::Added(_) => add(
                "response-added",
                vpath,
                format!("response {variant} was added"),
            ),
            Pair::Kept(r, nr) => {
                if r.bodies != nr.bodies {
                    add(
                        "response-body-changed",
                        vpath.clone(),
                        format!("response {variant} body changed"),
                    );
                }
                members(
                    &vpath,
                    "header",
                    &r.headers,
                    &nr.headers,
                    add,
                    [
                        "response-header-added",
                        "response-header-added",
                        "response-header-removed",
                        "response-header-changed",
                        "response-header-changed",
                        "response-header-changed",
                    ],
                );
            }
        }
    }
    if o.doc != n.doc {
        add(
            "documentation-changed",
            path.into(),
            "the operation's documentation changed".into(),
        );
    }
}

fn compare_types(
    path: &str,
    old: &TypeShape,
    new: &TypeShape,
    add: &mut dyn FnMut(&str, String, String),
) {
    match (old, new) {
        (TypeShape::Struct { fields: a, .. }, TypeShape::Struct { fields: b, .. }) => {
            members(
                path,
                "member",
                a,
                b,
                add,
                [
                    "member-added-required",
                    "member-added-optional",
                    "member-removed",
                    "member-made-required",
                    "member-made-optional",
                    "member-type-changed",
                ],
            );
        }
        (TypeShape::StringEnum { variants: a, .. }, TypeShape::StringEnum { variants: b, .. }) => {
            for v in a.iter().filter(|v| !b.contains(v)) {
                add(
                    "enum-value-removed",
                    format!("{path}::{v}"),
                    format!("variant {v} was removed"),
                );
            }
            for v in b.iter().filter(|v| !a.contains(v)) {
                add(
                    "enum-value-added",
                    format!("{path}::{v}"),
                    format!("variant {v} was added"),
                );
            }
        }
        (TypeShape::Union { variants: a, .. }, TypeShape::Union { variants: b, .. }) => {
            for (v, ty) in a {
                match b.get(v) {
                    None => add(
                        "union-variant-removed",
                        format!("{path}::{v}"),
                        format!("variant {v} was removed"),
                    ),
                    Some(t) if t != ty => add(
                        "union-variant-type-changed",
                        format!("{path}::{v}"),
                        format!("variant {v}: {ty} → {t}"),
                    ),
                    _ => {}
                }
            }
            for v in b.keys().filter(|v| !a.contains_key(*v)) {
                add(
                    "union-variant-added",
                    format!("{path}::{v}"),
                    format!("variant {v} was added"),
                );
            }
        }
        (TypeShape::Alias { ty: a, .. }, TypeShape::Alias { ty: b, .. }) if a != b => {
            add("alias-changed", path.to_owned(), format!("{a} → {b}"));
        }
        (a, b) if a.kind() != b.kind() => {
            add(
                "type-kind-changed",
                path.to_owned(),
                format!("{} → {}", a.kind(), b.kind()),
            );
            return;
        }
        _ => {}
    }
    if old.doc() != new.doc() {
        add(
            "documentation-changed",
            path.to_owned(),
            "the type's documentation changed".into(),
        );
    }
}

/// Compares members (fields, parameters, headers); `ids` are the rules for
/// added required, added optional, removed, made required, made optional,
/// type changed.
fn members(
    path: &str,
    what: &str,
    old: &BTreeMap<String, Member>,
    new: &BTreeMap<String, Member>,
    add: &mut dyn FnMut(&str, String, String),
    ids: [&str; 6],
) {
    for (name, pair) in matched(old, new) {
        let p = format!("{path}::{name}");
        let (o, n) = match pair {
            Pair::Removed(_) => {
                add(ids[2], p, format!("{what} {name} was removed"));
                continue;
            }
            Pair::Added(n) => {
                let id = if n.required { ids[0] } else { ids[1] };
                add(id, p, format!("{what} {name} was added"));
                continue;
            }
            Pair::Kept(o, n) => (o, n),
        };
        match (o.required, n.required) {
            (false, true) => add(ids[3], p.clone(), format!("{what} {name} became required")),
            (true, false) => add(ids[4], p.clone(), format!("{what} {name} became optional")),
            _ if o.ty != n.ty => add(
                ids[5],
                p.clone(),
                format!("{what} {name}: {} → {}", o.ty, n.ty),
            ),
            _ if o.doc != n.doc => add(
                "documentation-changed",
                p.clone(),
                format!("{what} {name}: documentation changed"),
            ),
            _ => {}
        }
    }
}

/// One name of two maps: only in the old, only in the new, or in both.
enum Pair<'m, V> {
    Removed(&'m V),
    Added(&'m V),
    Kept(&'m V, &'m V),
}

/// The entries of `old` and `new` matched by name: the old ones first, in
/// order (removed or kept), then the new ones the old lacks.
fn matched<'m, V>(
    old: &'m BTreeMap<String, V>,
    new: &'m BTreeMap<String, V>,
) -> impl Iterator<Item = (&'m str, Pair<'m, V>)> {
    let before = old.iter().map(|(name, o)| match new.get(name) {
        Some(n) => (name.as_str(), Pair::Kept(o, n)),
        None => (name.as_str(), Pair::Removed(o)),
    });
    let added = new
        .iter()
        .filter(|(name, _)| !old.contains_key(*name))
        .map(|(name, n)| (name.as_str(), Pair::Added(n)));
    before.chain(added)
}
