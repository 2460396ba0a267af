//! The wire diff: what two documents differ in, for a client on the wire.
//! Operations are matched by method and path template (parameter names do
//! not matter), parameters by location and name, responses by status, and
//! schemas member by member in the direction they travel.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::diagnostics::child;
use crate::load::places::deref;

/// A change found, before lines are looked up: kind, message, pointers.
pub(super) struct Found {
    pub kind: &'static str,
    pub message: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Which way a value travels.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Direction {
    Request,
    Response,
}

pub(super) struct Differ<'d> {
    pub old: &'d Value,
    pub new: &'d Value,
    pub found: Vec<Found>,
    /// Schema pairs already compared in a direction (cycles, shared schemas).
    seen: HashSet<(String, String, Direction)>,
}

static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn template(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

impl<'d> Differ<'d> {
    pub(super) fn new(old: &'d Value, new: &'d Value) -> Self {
        Self {
            old,
            new,
            found: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn push(&mut self, kind: &'static str, message: String, old: Option<&str>, new: Option<&str>) {
        debug_assert!(super::kinds::kind(kind).is_some(), "unknown kind {kind}");
        self.found.push(Found {
            kind,
            message,
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
        });
    }

    pub(super) fn run(&mut self) {
        let paths = |doc: &'d Value| -> BTreeMap<String, (&'d String, &'d Value)> {
            doc.get("paths")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(p, item)| (template(p), (p, deref(doc, item).0)))
                .collect()
        };
        let (old_paths, new_paths) = (paths(self.old), paths(self.new));
        for (key, (old_path, old_item)) in &old_paths {
            let old_ptr = child("#/paths", old_path);
            let Some((new_path, new_item)) = new_paths.get(key) else {
                self.push(
                    "path-removed",
                    format!("{old_path} was removed"),
                    Some(&old_ptr),
                    Some("#/paths"),
                );
                continue;
            };
            let new_ptr = child("#/paths", new_path);
            for method in METHODS {
                let name = format!("{} {new_path}", method.to_uppercase());
                match (old_item.get(method), new_item.get(method)) {
                    (Some(o), Some(n)) => self.operation(
                        &name,
                        (old_item, o, &child(&old_ptr, method)),
                        (new_item, n, &child(&new_ptr, method)),
                    ),
                    (Some(_), None) => self.push(
                        "operation-removed",
                        format!("{} {old_path} was removed", method.to_uppercase()),
                        Some(&child(&old_ptr, method)),
                        Some(&new_ptr),
                    ),
                    (None, Some(_)) => self.push(
                        "operation-added",
                        format!("{name} was added"),
                        Some(&old_ptr),
                        Some(&child(&new_ptr, method)),
                    ),
                    (None, None) => {}
                }
            }
        }
        for (key, (new_path, _)) in &new_paths {
            if !old_paths.contains_key(key) {
                self.push(
                    "path-added",
                    format!("{new_path} was added"),
                    Some("#/paths"),
                    Some(&child("#/paths", new_path)),
                );
            }
        }
        self.security_schemes();
        self.servers();
    }

    fn operation(
        &mut self,
        name: &str,
        (old_item, old, old_ptr): (&'d Value, &'d Value, &str),
        (new_item, new, new_ptr): (&'d Value, &'d Value, &str),
    ) {
        let (o, n) = (Some(old_ptr), Some(new_ptr));
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        if let (Some(a), Some(b)) = (text(old, "operationId"), text(new, "operationId"))
            && a != b
        {
            self.push(
                "operation-id-changed",
                format!("{name}: operationId {a} → {b}"),
                o,
                n,
            );
        }
        for key in ["summary", "description"] {
            if text(old, key) != text(new, key) {
                self.push(
                    "description-changed",
                    format!("{name}: the {key} changed"),
                    o,
                    n,
                );
            }
        }
        let deprecated = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
        match (deprecated(old), deprecated(new)) {
            (false, true) => {
                self.push(
                    "operation-deprecated",
                    format!("{name} was deprecated"),
                    o,
                    n,
                );
                if new.get("x-sunset").is_none() {
                    self.push(
                        "operation-deprecated-without-sunset",
                        format!("{name} was deprecated without an x-sunset date"),
                        o,
                        n,
                    );
                }
            }
            (true, false) => self.push(
                "operation-undeprecated",
                format!("{name} is no longer deprecated"),
                o,
                n,
            ),
            _ => {}
        }
        if old.get("x-sunset").is_some()
            && new.get("x-sunset").is_some()
            && old.get("x-sunset") != new.get("x-sunset")
        {
            self.push(
                "operation-sunset-changed",
                format!("{name}: the sunset date changed"),
                o,
                n,
            );
        }
        self.parameters(name, (old_item, old, old_ptr), (new_item, new, new_ptr));
        self.request_body(name, (old, old_ptr), (new, new_ptr));
        self.responses(name, (old, old_ptr), (new, new_ptr));
        self.security(name, (old, old_ptr), (new, new_ptr));
    }

    /// Parameters by (location, name); path parameters by position.
    fn params(
        doc: &'d Value,
        item: &'d Value,
        op: &'d Value,
        op_ptr: &str,
    ) -> Vec<(String, String, String, &'d Value)> {
        let mut out: Vec<(String, String, String, &'d Value)> = Vec::new();
        let item_ptr = op_ptr.rsplit_once('/').map_or("", |(p, _)| p);
        for (owner, ptr) in [(op, op_ptr.to_owned()), (item, item_ptr.to_owned())] {
            let list = owner.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                let p = deref(doc, p).0;
                let (Some(name), Some(location)) = (
                    p.get("name").and_then(Value::as_str),
                    p.get("in").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let key_name = if location == "header" {
                    name.to_ascii_lowercase()
                } else {
                    name.to_owned()
                };
                if out.iter().any(|(l, n, ..)| l == location && *n == key_name) {
                    continue;
                }
                out.push((
                    location.to_owned(),
                    key_name,
                    child(&child(&ptr, "parameters"), &i.to_string()),
                    p,
                ));
            }
        }
        out
    }

    fn parameters(
        &mut self,
        name: &str,
        (old_item, old, old_ptr): (&'d Value, &'d Value, &str),
        (new_item, new, new_ptr): (&'d Value, &'d Value, &str),
    ) {
        let old_params = Self::params(self.old, old_item, old, old_ptr);
        let mut new_params = Self::params(self.new, new_item, new, new_ptr);
        // Path parameters are matched by position in the template.
        let path_order = |ptr: &str, params: &[(String, String, String, &Value)]| -> Vec<String> {
            let path = crate::diagnostics::unescape_token(ptr.split('/').nth(2).unwrap_or(""));
            path.split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .filter(|n| params.iter().any(|(l, pn, ..)| l == "path" && pn == n))
                .map(str::to_owned)
                .collect()
        };
        let (old_order, new_order) = (
            path_order(old_ptr, &old_params),
            path_order(new_ptr, &new_params),
        );
        for (a, b) in old_order.iter().zip(&new_order) {
            if a != b {
                if let Some(p) = new_params
                    .iter_mut()
                    .find(|(l, n, ..)| l == "path" && n == b)
                {
                    p.1 = a.clone();
                }
                self.push(
                    "path-parameter-renamed",
                    format!("{name}: path parameter {{{a}}} is now {{{b}}}"),
                    Some(old_ptr),
                    Some(new_ptr),
                );
            }
        }
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        for (location, pname, optr, o) in &old_params {
            let what = format!("{name}: {location} parameter `{pname}`");
            let Some((_, _, nptr, n)) = new_params
                .iter()
                .find(|(l, np, ..)| l == location && np == pname)
            else {
                self.push(
                    "request-parameter-removed",
                    format!("{what} was removed"),
                    Some(optr),
                    Some(new_ptr),
                );
                continue;
            };
            let (oo, nn) = (Some(optr.as_str()), Some(nptr.as_str()));
            match (required(o), required(n)) {
                (false, true) => self.push(
                    "request-parameter-became-required",
                    format!("{what} became required"),
                    oo,
                    nn,
                ),
                (true, false) => self.push(
                    "request-parameter-became-optional",
                    format!("{what} became optional"),
                    oo,
                    nn,
                ),
                _ => {}
            }
            if o.get("style") != n.get("style") || o.get("explode") != n.get("explode") {
                self.push(
                    "request-parameter-style-changed",
                    format!("{what} is encoded differently (style/explode)"),
                    oo,
                    nn,
                );
            }
            if o.get("deprecated") != Some(&Value::Bool(true))
                && n.get("deprecated") == Some(&Value::Bool(true))
            {
                self.push(
                    "request-parameter-deprecated",
                    format!("{what} was deprecated"),
                    oo,
                    nn,
                );
            }
            if o.get("description") != n.get("description") {
                self.push(
                    "description-changed",
                    format!("{what}: the description changed"),
                    oo,
                    nn,
                );
            }
            if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
                self.schema(
                    &what,
                    (os, &child(optr, "schema")),
                    (ns, &child(nptr, "schema")),
                    Direction::Request,
                );
            }
        }
        for (location, pname, nptr, n) in &new_params {
            if old_params
                .iter()
                .any(|(l, op, ..)| l == location && op == pname)
            {
                continue;
            }
            let what = format!("{name}: {location} parameter `{pname}`");
            if required(n) {
                self.push(
                    "new-required-request-parameter",
                    format!("{what} was added, required"),
                    Some(old_ptr),
                    Some(nptr),
                );
            } else {
                self.push(
                    "new-optional-request-parameter",
                    format!("{what} was added, optional"),
                    Some(old_ptr),
                    Some(nptr),
                );
            }
        }
    }

    fn request_body(
        &mut self,
        name: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
    ) {
        let body = |doc: &'d Value, op: &'d Value| op.get("requestBody").map(|b| deref(doc, b).0);
        let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
        let (optr, nptr) = (child(old_ptr, "requestBody"), child(new_ptr, "requestBody"));
        match (body(self.old, old), body(self.new, new)) {
            (None, Some(n)) if required(n) => self.push(
                "request-body-added-required",
                format!("{name}: a required request body was added"),
                Some(old_ptr),
                Some(&nptr),
            ),
            (None, Some(_)) => self.push(
                "request-body-added-optional",
                format!("{name}: an optional request body was added"),
                Some(old_ptr),
                Some(&nptr),
            ),
            (Some(_), None) => self.push(
                "request-body-removed",
                format!("{name}: the request body was removed"),
                Some(&optr),
                Some(new_ptr),
            ),
            (Some(o), Some(n)) => {
                match (required(o), required(n)) {
                    (false, true) => self.push(
                        "request-body-became-required",
                        format!("{name}: the request body became required"),
                        Some(&optr),
                        Some(&nptr),
                    ),
                    (true, false) => self.push(
                        "request-body-became-optional",
                        format!("{name}: the request body became optional"),
                        Some(&optr),
                        Some(&nptr),
                    ),
                    _ => {}
                }
                self.content(
                    &format!("{name}: request body"),
                    (o, &optr),
                    (n, &nptr),
                    Direction::Request,
                );
            }
            (None, None) => {}
        }
    }

    fn content(
        &mut self,
        what: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
        direction: Direction,
    ) {
        let media = |v: &'d Value| v.get("content").and_then(Value::as_object);
        let (Some(om), nm) = (media(old), media(new)) else {
            return;
        };
        let nm = nm.unwrap_or(&EMPTY);
        let (ocp, ncp) = (child(old_ptr, "content"), child(new_ptr, "content"));
        let (removed, added) = match direction {
            Direction::Request => ("request-media-type-removed", "request-media-type-added"),
            Direction::Response => ("response-media-type-removed", "response-media-type-added"),
        };
        for (media_type, o) in om {
            let optr = child(&ocp, media_type);
            let Some(n) = nm.get(media_type) else {
                self.push(
                    removed,
                    format!("{what}: {media_type} was removed"),
                    Some(&optr),
                    Some(new_ptr),
                );
                continue;
            };
            let nptr = child(&ncp, media_type);
            if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
                self.schema(
                    &format!("{what} ({media_type})"),
                    (os, &child(&optr, "schema")),
                    (ns, &child(&nptr, "schema")),
                    direction,
                );
            }
        }
        for media_type in nm.keys() {
            if !om.contains_key(media_type) {
                self.push(
                    added,
                    format!("{what}: {media_type} was added"),
                    Some(old_ptr),
                    Some(&child(&ncp, media_type)),
                );
            }
        }
    }

    fn responses(
        &mut self,
        name: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
    ) {
        let list = |v: &'d Value| v.get("responses").and_then(Value::as_object);
        let (or, nr) = (list(old).unwrap_or(&EMPTY), list(new).unwrap_or(&EMPTY));
        let (orp, nrp) = (child(old_ptr, "responses"), child(new_ptr, "responses"));
        let success = |s: &str| s.starts_with('2') || s.starts_with('3');
        for (status, o) in or {
            let optr = child(&orp, status);
            let Some(n) = nr.get(status) else {
                let kind = if success(status) {
                    "response-success-status-removed"
                } else {
                    "response-error-status-removed"
                };
                self.push(
                    kind,
                    format!("{name}: the {status} response was removed"),
                    Some(&optr),
                    Some(&nrp),
                );
                continue;
            };
            let nptr = child(&nrp, status);
            let (o, n) = (deref(self.old, o).0, deref(self.new, n).0);
            let what = format!("{name}: {status} response");
            if o.get("description") != n.get("description") {
                self.push(
                    "description-changed",
                    format!("{what}: the description changed"),
                    Some(&optr),
                    Some(&nptr),
                );
            }
            self.content(&what, (o, &optr), (n, &nptr), Direction::Response);
            self.headers(&what, (o, &optr), (n, &nptr));
        }
        for status in nr.keys() {
            if !or.contains_key(status) {
                let kind = if success(status) {
                    "response-success-status-added"
                } else {
                    "response-error-status-added"
                };
                self.push(
                    kind,
                    format!("{name}: a {status} response was added"),
                    Some(&orp),
                    Some(&child(&nrp, status)),
                );
            }
        }
    }

    fn headers(
        &mut self,
        what: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
    ) {
        let list = |doc: &'d Value, v: &'d Value| -> BTreeMap<String, (String, &'d Value)> {
            v.get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, h)| (k.to_ascii_lowercase(), (k.clone(), deref(doc, h).0)))
                .collect()
        };
        let (oh, nh) = (list(self.old, old), list(self.new, new));
        let required = |h: &Value| h.get("required") == Some(&Value::Bool(true));
        for (key, (oname, o)) in &oh {
            let optr = child(&child(old_ptr, "headers"), oname);
            let Some((nname, n)) = nh.get(key) else {
                let kind = if required(o) {
                    "response-required-header-removed"
                } else {
                    "response-optional-header-removed"
                };
                self.push(
                    kind,
                    format!("{what}: header `{key}` was removed"),
                    Some(&optr),
                    Some(new_ptr),
                );
                continue;
            };
            let nptr = child(&child(new_ptr, "headers"), nname);
            match (required(o), required(n)) {
                (true, false) => self.push(
                    "response-header-became-optional",
                    format!("{what}: header `{key}` became optional"),
                    Some(&optr),
                    Some(&nptr),
                ),
                (false, true) => self.push(
                    "response-header-became-required",
                    format!("{what}: header `{key}` became required"),
                    Some(&optr),
                    Some(&nptr),
                ),
                _ => {}
            }
            if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
                self.schema(
                    &format!("{what}: header `{key}`"),
                    (os, &child(&optr, "schema")),
                    (ns, &child(&nptr, "schema")),
                    Direction::Response,
                );
            }
        }
        for (key, (nname, _)) in &nh {
            if !oh.contains_key(key) {
                self.push(
                    "response-header-added",
                    format!("{what}: header `{key}` was added"),
                    Some(old_ptr),
                    Some(&child(&child(new_ptr, "headers"), nname)),
                );
            }
        }
    }

    /// The alternatives of an operation's security: scheme → scopes, per alternative.
    fn alternatives(doc: &Value, op: &Value) -> Vec<BTreeMap<String, BTreeSet<String>>> {
        op.get("security")
            .or_else(|| doc.get("security"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|alt| {
                alt.iter()
                    .map(|(scheme, scopes)| {
                        let scopes = scopes
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect();
                        (scheme.clone(), scopes)
                    })
                    .collect()
            })
            .collect()
    }

    fn security(
        &mut self,
        name: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
    ) {
        let (oa, na) = (
            Self::alternatives(self.old, old),
            Self::alternatives(self.new, new),
        );
        let open = |alts: &[BTreeMap<String, BTreeSet<String>>]| {
            alts.is_empty() || alts.iter().any(BTreeMap::is_empty)
        };
        let (o, n) = (Some(old_ptr), Some(new_ptr));
        match (open(&oa), open(&na)) {
            (true, false) => {
                return self.push(
                    "security-added",
                    format!("{name} now requires credentials"),
                    o,
                    n,
                );
            }
            (false, true) => {
                return self.push(
                    "security-removed",
                    format!("{name} no longer requires credentials"),
                    o,
                    n,
                );
            }
            (true, true) => return,
            (false, false) => {}
        }
        let schemes =
            |alt: &BTreeMap<String, BTreeSet<String>>| alt.keys().cloned().collect::<Vec<_>>();
        for alt in &oa {
            match na.iter().find(|b| schemes(b) == schemes(alt)) {
                None => self.push(
                    "security-alternative-removed",
                    format!(
                        "{name}: authenticating with {} is no longer accepted",
                        schemes(alt).join(" + ")
                    ),
                    o,
                    n,
                ),
                Some(b) => {
                    for (scheme, scopes) in alt {
                        let new_scopes = &b[scheme];
                        for added in new_scopes.difference(scopes) {
                            self.push(
                                "security-scope-added",
                                format!("{name}: `{scheme}` now needs the scope `{added}`"),
                                o,
                                n,
                            );
                        }
                        for removed in scopes.difference(new_scopes) {
                            self.push(
                                "security-scope-removed",
                                format!("{name}: `{scheme}` no longer needs the scope `{removed}`"),
                                o,
                                n,
                            );
                        }
                    }
                }
            }
        }
        for alt in &na {
            if !oa.iter().any(|a| schemes(a) == schemes(alt)) {
                self.push(
                    "security-alternative-added",
                    format!(
                        "{name}: authenticating with {} is accepted",
                        schemes(alt).join(" + ")
                    ),
                    o,
                    n,
                );
            }
        }
    }

    fn security_schemes(&mut self) {
        let schemes = |doc: &'d Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
        };
        let (Some(os), Some(ns)) = (schemes(self.old), schemes(self.new)) else {
            return;
        };
        for (name, o) in os {
            let Some(n) = ns.get(name) else { continue };
            let (o, n) = (deref(self.old, o).0, deref(self.new, n).0);
            if ["type", "in", "name", "scheme"]
                .iter()
                .any(|k| o.get(*k) != n.get(*k))
            {
                let ptr = child("#/components/securitySchemes", name);
                self.push(
                    "security-scheme-changed",
                    format!("security scheme `{name}` changed how credentials are sent"),
                    Some(&ptr),
                    Some(&ptr),
                );
            }
        }
    }

    fn servers(&mut self) {
        let urls = |doc: &'d Value| -> Vec<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("url")?.as_str().map(str::to_owned))
                .collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        for (i, url) in old.iter().enumerate() {
            if !new.contains(url) {
                self.push(
                    "server-removed",
                    format!("server {url} was removed"),
                    Some(&format!("#/servers/{i}")),
                    Some("#/servers"),
                );
            }
        }
    }

    /// Compares two schemas travelling in `direction`; `what` names the place
    /// for messages.
    pub(super) fn schema(
        &mut self,
        what: &str,
        (old, old_ptr): (&'d Value, &str),
        (new, new_ptr): (&'d Value, &str),
        direction: Direction,
    ) {
        let (old, old_target) = deref(self.old, old);
        let (new, new_target) = deref(self.new, new);
        let old_ptr = old_target.unwrap_or_else(|| old_ptr.to_owned());
        let new_ptr = new_target.unwrap_or_else(|| new_ptr.to_owned());
        if !self
            .seen
            .insert((old_ptr.clone(), new_ptr.clone(), direction))
        {
            return;
        }
        super::schema::compare(self, what, (old, &old_ptr), (new, &new_ptr), direction);
    }

    pub(super) fn report(&mut self, kind: &'static str, message: String, old: &str, new: &str) {
        self.push(kind, message, Some(old), Some(new));
    }
}
