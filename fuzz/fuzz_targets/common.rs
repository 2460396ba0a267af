//! Checks shared by the generator targets: the emitted `Cargo.toml` is TOML
//! Cargo reads, the emitted Rust parses (the generator checks its tokens, not
//! the printed text) and declares no name twice where Rust allows it once —
//! the collisions a naming bug produces, which `syn` accepts but `rustc`
//! would not.

use std::collections::{HashMap, HashSet};

use syn::{Fields, FnArg, ImplItem, Item, Pat, TraitItem};

/// Panics, naming the file and the name, when the generated crate repeats
/// an item, field, variant, method or argument name.
pub fn check_generated(files: &[codegen::GeneratedFile], spec: &str) {
    for file in files.iter().filter(|f| f.path == "Cargo.toml") {
        let manifest: toml::Table = toml::from_str(&file.contents)
            .unwrap_or_else(|err| panic!("Cargo.toml is not TOML: {err}\n{spec}"));
        let package = manifest.get("package").and_then(|p| p.as_table());
        assert!(
            package.is_some_and(|p| p.get("name").is_some_and(|n| n.is_str())),
            "Cargo.toml without a package name\n{spec}"
        );
    }
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let parsed = syn::parse_file(&file.contents)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}\n{spec}", file.path));
        let mut problems = Vec::new();
        check_items(&parsed.items, "crate", &mut problems);
        if let Some(problem) = problems.first() {
            panic!("{}: {problem}\n--- spec\n{spec}", file.path);
        }
    }
}

fn unique(names: impl IntoIterator<Item = String>, what: &str, problems: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            problems.push(format!("{what} `{name}` is declared twice"));
        }
    }
}

fn check_items(items: &[Item], scope: &str, problems: &mut Vec<String>) {
    let mut types = Vec::new();
    let mut values = Vec::new();
    let mut methods: HashMap<String, Vec<String>> = HashMap::new();
    for item in items {
        match item {
            Item::Struct(s) => {
                types.push(s.ident.to_string());
                if !matches!(s.fields, Fields::Named(_)) {
                    values.push(s.ident.to_string());
                }
                unique(
                    field_names(&s.fields),
                    &format!("{scope}::{} field", s.ident),
                    problems,
                );
            }
            Item::Enum(e) => {
                types.push(e.ident.to_string());
                let variants = e.variants.iter().map(|v| v.ident.to_string());
                unique(variants, &format!("{scope}::{} variant", e.ident), problems);
                for variant in &e.variants {
                    unique(
                        field_names(&variant.fields),
                        &format!("{scope}::{}::{} field", e.ident, variant.ident),
                        problems,
                    );
                }
            }
            Item::Type(t) => types.push(t.ident.to_string()),
            Item::Trait(t) => {
                types.push(t.ident.to_string());
                let mut names = Vec::new();
                for item in &t.items {
                    match item {
                        TraitItem::Fn(f) => names.push(checked_fn_name(&f.sig, scope, problems)),
                        TraitItem::Const(c) => names.push(c.ident.to_string()),
                        TraitItem::Type(t) => names.push(t.ident.to_string()),
                        _ => {}
                    }
                }
                unique(names, &format!("{scope}::{} trait item", t.ident), problems);
            }
            Item::Union(u) => types.push(u.ident.to_string()),
            Item::Mod(m) => {
                types.push(m.ident.to_string());
                if let Some((_, inner)) = &m.content {
                    check_items(inner, &format!("{scope}::{}", m.ident), problems);
                }
            }
            Item::Fn(f) => values.push(checked_fn_name(&f.sig, scope, problems)),
            Item::Const(c) => values.push(c.ident.to_string()),
            Item::Static(s) => values.push(s.ident.to_string()),
            Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = quote_of(&i.self_ty);
                let names = methods.entry(self_ty).or_default();
                for item in &i.items {
                    match item {
                        ImplItem::Fn(f) => names.push(checked_fn_name(&f.sig, scope, problems)),
                        ImplItem::Const(c) => names.push(c.ident.to_string()),
                        _ => {}
                    }
                }
            }
            Item::Impl(i) => {
                for item in &i.items {
                    if let ImplItem::Fn(f) = item {
                        check_args(&f.sig, scope, problems);
                    }
                }
            }
            _ => {}
        }
    }
    unique(types, &format!("{scope} type"), problems);
    unique(values, &format!("{scope} value"), problems);
    for (self_ty, names) in methods {
        unique(
            names,
            &format!("{scope}::{self_ty} associated item"),
            problems,
        );
    }
}

/// The names of named fields (tuple fields have none to repeat).
fn field_names(fields: &Fields) -> impl Iterator<Item = String> + '_ {
    fields
        .iter()
        .filter_map(|f| f.ident.as_ref())
        .map(ToString::to_string)
}

/// Checks a function's argument names and returns its own name, which the
/// caller checks against the other names of its scope.
fn checked_fn_name(sig: &syn::Signature, scope: &str, problems: &mut Vec<String>) -> String {
    check_args(sig, scope, problems);
    sig.ident.to_string()
}

fn check_args(sig: &syn::Signature, scope: &str, problems: &mut Vec<String>) {
    let names = sig.inputs.iter().filter_map(|arg| match arg {
        FnArg::Typed(typed) => match &*typed.pat {
            Pat::Ident(ident) => Some(ident.ident.to_string()),
            _ => None,
        },
        FnArg::Receiver(_) => None,
    });
    unique(names, &format!("{scope}::{} argument", sig.ident), problems);
}

fn quote_of(ty: &syn::Type) -> String {
    use quote::ToTokens;
    ty.to_token_stream().to_string()
}
