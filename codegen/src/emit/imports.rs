//! The `use` lines of a generated module. Each emitter says which names it
//! uses, where it decides to use them; the collector writes every path once,
//! its names merged and sorted, `std` first, then other crates, then the
//! module's re-exports.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The names a module imports, by path.
#[derive(Debug, Default)]
pub(super) struct Imports {
    /// `(re-exported, path, feature gating it)` to the names taken from it.
    paths: BTreeMap<(bool, String, Option<&'static str>), BTreeSet<String>>,
}

impl Imports {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// `use path::{names…};`
    pub(super) fn add(&mut self, path: &str, names: &[&str]) -> &mut Self {
        self.insert(None, false, path, names)
    }

    /// `use path::{names…};` when `used`.
    pub(super) fn add_if(&mut self, used: bool, path: &str, names: &[&str]) -> &mut Self {
        self.insert_if(used, false, path, names)
    }

    /// `pub use path::{names…};`: names the module's users need too.
    pub(super) fn export(&mut self, path: &str, names: &[&str]) -> &mut Self {
        self.insert(None, true, path, names)
    }

    /// `pub use path::{names…};` when `used`.
    pub(super) fn export_if(&mut self, used: bool, path: &str, names: &[&str]) -> &mut Self {
        self.insert_if(used, true, path, names)
    }

    /// `#[cfg(feature = "gate")] use path::{names…};`: names only the code
    /// of one crate feature uses.
    pub(super) fn add_for(&mut self, gate: &'static str, path: &str, names: &[&str]) -> &mut Self {
        self.insert(Some(gate), false, path, names)
    }

    /// `#[cfg(feature = "gate")] pub use path::{names…};`
    pub(super) fn export_for(
        &mut self,
        gate: &'static str,
        path: &str,
        names: &[&str],
    ) -> &mut Self {
        self.insert(Some(gate), true, path, names)
    }

    fn insert_if(&mut self, used: bool, public: bool, path: &str, names: &[&str]) -> &mut Self {
        if used {
            self.insert(None, public, path, names);
        }
        self
    }

    fn insert(
        &mut self,
        gate: Option<&'static str>,
        public: bool,
        path: &str,
        names: &[&str],
    ) -> &mut Self {
        self.paths
            .entry((public, path.to_owned(), gate))
            .or_default()
            .extend(names.iter().map(|name| (*name).to_owned()));
        self
    }

    /// The `use` items, in the order rustfmt keeps them.
    pub(super) fn tokens(&self) -> TokenStream {
        let group = |public: bool, std: bool| {
            let lines = self
                .paths
                .iter()
                .filter(move |((p, path, _), _)| *p == public && is_std(path) == std)
                .map(|((public, path, gate), names)| use_item(*public, path, *gate, names));
            quote!(#(#lines)*)
        };
        let (std, crates, exports) = (group(false, true), group(false, false), group(true, false));
        let std_exports = group(true, true);
        quote!(#std #crates #std_exports #exports)
    }
}

fn is_std(path: &str) -> bool {
    path == "std" || path.starts_with("std::")
}

fn use_item(public: bool, path: &str, gate: Option<&str>, names: &BTreeSet<String>) -> TokenStream {
    let cfg = gate.map(|gate| quote!(#[cfg(feature = #gate)]));
    let vis = public.then(|| quote!(pub));
    let path = path.split("::").map(|segment| format_ident!("{}", segment));
    let names: Vec<_> = names.iter().map(|name| format_ident!("{}", name)).collect();
    match names.as_slice() {
        [one] => quote!(#cfg #vis use #(#path::)* #one;),
        _ => quote!(#cfg #vis use #(#path::)* {#(#names),*};),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_merge_and_sort_with_std_first_and_exports_last() {
        let mut imports = Imports::new();
        imports
            .export("specforge_runtime::server", &["Upload", "Principal"])
            .add("specforge_runtime::validate", &["Text"])
            .add("std::sync", &["Arc"])
            .add("axum::extract", &["State", "Request"])
            .add_if(false, "serde", &["Serialize"])
            .add("specforge_runtime::validate", &["Items", "Text"])
            .add_for("client", "axum::body", &["Bytes"])
            .export_for("server", "specforge_runtime::server", &["Reply"]);
        let text = imports.tokens().to_string();
        assert_eq!(
            text,
            quote! {
                use std::sync::Arc;
                #[cfg(feature = "client")]
                use axum::body::Bytes;
                use axum::extract::{Request, State};
                use specforge_runtime::validate::{Items, Text};
                pub use specforge_runtime::server::{Principal, Upload};
                #[cfg(feature = "server")]
                pub use specforge_runtime::server::Reply;
            }
            .to_string()
        );
    }
}
