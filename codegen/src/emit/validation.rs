//! The `validation` module of the generated crate: `Validate` for every model,
//! spelling out only the constraints the spec declares.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, quote};

use super::format::{Part, item};
use super::imports::Imports;
use super::rust::ident;
use crate::ir::{
    Api, Constraints, Field, Presence, RequiredAlternatives, Ty, TypeDef, TypeKind, UnionVariant,
};

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let types = &api.types;
    let needs = needs_validation_table(types);
    let rules = RuleTable::of(types);
    // Types whose values cannot break a rule get an empty impl: no `Violations`.
    let any_checks = types
        .iter()
        .enumerate()
        .any(|(id, def)| validate_fn(id, def, types, &needs, &rules).is_some());
    let any_impls = types
        .iter()
        .any(|def| !matches!(def.kind, TypeKind::Alias(_)));
    let shared = Arc::new((needs, rules));
    let consts = {
        let shared = Arc::clone(&shared);
        item(move || shared.1.consts())
    };
    let impls = types
        .iter()
        .enumerate()
        .filter(|(_, def)| !matches!(def.kind, TypeKind::Alias(_)))
        .map(|(id, def)| {
            let shared = Arc::clone(&shared);
            item(move || {
                let (needs, rules) = &*shared;
                let name = ident(&def.name);
                let body = validate_fn(id, def, types, needs, rules);
                quote! {
                    impl Validate for super::models::#name {
                        #body
                    }
                }
            })
        });
    let imports = {
        let shared = Arc::clone(&shared);
        item(move || imports(&shared.1, any_impls, any_checks))
    };
    vec![Part::Items(
        [imports, consts].into_iter().chain(impls).collect(),
    )]
}

/// The constraints the spec declares, each distinct rule once: a `const`
/// named after the first member holding it, which every member holding the
/// same rule shares. Held as text, so that items are built on any thread.
struct RuleTable {
    /// `(name, kind, value)` in the order first met.
    consts: Vec<(String, &'static str, String)>,
    /// A rule's tokens, as text, to its const.
    by_rule: HashMap<String, usize>,
}

impl RuleTable {
    fn of(types: &[TypeDef]) -> Self {
        let mut table = Self {
            consts: Vec::new(),
            by_rule: HashMap::new(),
        };
        let mut taken = HashSet::new();
        for def in types {
            let owner = def.name.to_shouty_snake_case();
            if let TypeKind::Union(u) = &def.kind {
                for variant in &u.variants {
                    let rules = FieldRules::for_ty(&variant.ty, &variant.constraints, types);
                    let name = format!("{owner}_{}", variant.name.to_shouty_snake_case());
                    let items = FieldRules::of_item_levels(
                        &variant.ty,
                        &variant.item_constraints,
                        types,
                        &format!("{name}_ITEM"),
                    );
                    for (name, kind, rules) in rules.into_rules(&name).into_iter().chain(items) {
                        table.intern(&mut taken, name, kind, rules);
                    }
                }
            }
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            if let Some(rules) = member_count_rules(s) {
                table.intern(&mut taken, format!("{owner}_MEMBERS"), "Members", rules);
            }
            if let Some(map) = additional_map(s) {
                let name = format!("{owner}_OTHER_MEMBER");
                if let Some(names) = s.additional_names.as_deref().and_then(text_rules) {
                    table.intern(&mut taken, format!("{name}_NAME"), "Text", names);
                }
                for (name, kind, rules) in
                    FieldRules::of_item_levels(&map, &s.additional_constraints, types, &name)
                {
                    table.intern(&mut taken, name, kind, rules);
                }
            }
            for field in &s.fields {
                let base = format!(
                    "{owner}_{}",
                    field
                        .rust_name
                        .trim_start_matches("r#")
                        .to_shouty_snake_case()
                );
                let own = FieldRules::of(field, types).into_rules(&base);
                let items = FieldRules::of_item_levels(
                    checked_ty(field),
                    &field.item_constraints,
                    types,
                    &format!("{base}_ITEM"),
                );
                for (name, kind, rules) in own.into_iter().chain(items) {
                    table.intern(&mut taken, name, kind, rules);
                }
            }
        }
        table
    }

    fn intern(
        &mut self,
        taken: &mut HashSet<String>,
        name: String,
        kind: &'static str,
        rules: TokenStream,
    ) {
        let key = rules.to_string();
        if self.by_rule.contains_key(&key) {
            return;
        }
        let mut unique = name.clone();
        let mut n = 2;
        while !taken.insert(unique.clone()) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        self.by_rule.insert(key.clone(), self.consts.len());
        self.consts.push((unique, kind, key));
    }

    /// The const holding `rules`.
    fn get(&self, rules: &TokenStream) -> Ident {
        quote::format_ident!("{}", self.consts[self.by_rule[&rules.to_string()]].0)
    }

    fn consts(&self) -> TokenStream {
        let consts = self.consts.iter().map(|(name, kind, rules)| {
            let (name, kind) = (
                quote::format_ident!("{}", name),
                quote::format_ident!("{}", kind),
            );
            let rules: TokenStream = rules.parse().expect("rules print as tokens");
            quote!(const #name: #kind = #rules;)
        });
        quote!(#(#consts)*)
    }
}

/// The `validate` method of a type; `None` where the trait's default (no
/// checks) is right.
fn validate_fn(
    id: usize,
    def: &TypeDef,
    types: &[TypeDef],
    needs: &[bool],
    rules: &RuleTable,
) -> Option<TokenStream> {
    match &def.kind {
        TypeKind::Alias(_) => None,
        TypeKind::Enum(e) => {
            let values = e
                .variants
                .iter()
                // The empty string (Stripe's "unset") is shown, not lost.
                .map(|(_, v)| if v.is_empty() { "\"\"" } else { v.as_str() })
                .collect::<Vec<_>>()
                .join(", ");
            // Spec values may hold braces; they must not read as format arguments.
            let values = values.replace('{', "{{").replace('}', "}}");
            let message = format!("`{{value}}` is not one of: {values}");
            Some(quote! {
                fn validate(&self, v: &mut Violations) {
                    if let Self::Unknown(value) = self {
                        v.invalid(format!(#message));
                    }
                }
            })
        }
        TypeKind::Union(u) => {
            if !needs[id] {
                return None;
            }
            let arms = u.variants.iter().map(|variant| {
                let vname = ident(&variant.name);
                let checks = variant_checks(variant, types, rules);
                let nested = ty_needs(&variant.ty, needs);
                match (checks.is_empty(), nested) {
                    (true, false) => quote!(Self::#vname(_) => {}),
                    (true, true) => quote!(Self::#vname(value) => value.validate(v),),
                    (false, false) => quote!(Self::#vname(value) => { #(#checks)* }),
                    (false, true) => {
                        quote!(Self::#vname(value) => { #(#checks)* value.validate(v); })
                    }
                }
            });
            // A tag this version does not know is kept for clients, refused
            // in requests.
            let unknown = u.tag_property().map(|property_raw| {
                let expected = u
                    .variants
                    .iter()
                    .flat_map(|variant| &variant.tags)
                    .map(|tag| format!("`{tag}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    .replace('{', "{{")
                    .replace('}', "}}");
                let property = property_raw.replace('{', "{{").replace('}', "}}");
                let message = format!("`{property}` {{tag}} is not one of {expected}");
                quote! {
                    Self::Unknown(value) => {
                        let tag = value.get(#property_raw).map(ToString::to_string).unwrap_or_else(|| "(missing)".into());
                        v.invalid(format!(#message));
                    }
                }
            });
            Some(quote! {
                fn validate(&self, v: &mut Violations) {
                    match self { #(#arms)* #unknown }
                }
            })
        }
        TypeKind::Struct(s) => {
            let mut checks: Vec<TokenStream> = s
                .fields
                .iter()
                .filter(|f| f.required_in_requests)
                .map(sent_check)
                .collect();
            checks.extend(
                s.fields
                    .iter()
                    .filter_map(|f| field_checks(f, types, needs, rules)),
            );
            checks.extend(additional_checks(s, types, needs, rules));
            checks.extend(member_count_check(s, rules));
            checks.extend(
                s.required_alternatives
                    .iter()
                    .map(|a| alternatives_check(s, a)),
            );
            if checks.is_empty() {
                return None;
            }
            Some(quote! {
                fn validate(&self, v: &mut Violations) {
                    #(#checks)*
                }
            })
        }
    }
}

/// The members beside the declared ones, as the map that holds them.
fn additional_map(s: &crate::ir::Struct) -> Option<Ty> {
    Some(Ty::Map(Box::new(s.additional.clone()?)))
}

/// The checks of the members beside the declared ones: the rules of the
/// `additionalProperties` schema, and their own `Validate`.
fn additional_checks(
    s: &crate::ir::Struct,
    types: &[TypeDef],
    needs: &[bool],
    table: &RuleTable,
) -> Vec<TokenStream> {
    let Some(map) = additional_map(s) else {
        return Vec::new();
    };
    let others = quote!(self.additional_properties);
    let mut checks: Vec<TokenStream> = item_checks(
        &map,
        &s.additional_constraints,
        types,
        table,
        others.clone(),
    )
    .into_iter()
    .collect();
    if let Some(names) = s.additional_names.as_deref().and_then(text_rules) {
        let names = table.get(&names);
        checks.push(quote!(v.names(#others.keys(), &#names);));
    }
    if ty_needs(&map, needs) {
        checks.push(quote!(#others.validate(v);));
    }
    checks
}

/// A write-only member the schema requires is in the request.
fn sent_check(f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let token = &f.json_name;
    let absent = match f.presence {
        Presence::OptionalNullable => quote!(self.#name.is_absent()),
        _ => quote!(self.#name.is_none()),
    };
    quote! {
        if #absent {
            v.at(#token, |v| v.invalid("is required"));
        }
    }
}

/// `self.x.is_some()` (`!self.x.is_absent()` for a `Patch`): whether the
/// member is in the value; `None` when it always is.
fn is_present(field: &Field) -> Option<TokenStream> {
    let name = ident(&field.rust_name);
    match field.presence {
        Presence::Required | Presence::RequiredNullable => None,
        Presence::Optional | Presence::OptionalOrNull | Presence::Defaulted => {
            Some(quote!(self.#name.is_some()))
        }
        Presence::OptionalNullable => Some(quote!(!self.#name.is_absent())),
    }
}

/// `oneOf`/`anyOf` of `required` sets: how many sets are present, against
/// exactly one or at least one.
fn alternatives_check(s: &crate::ir::Struct, alternatives: &RequiredAlternatives) -> TokenStream {
    let present = |json_name: &str| match s.fields.iter().find(|f| f.json_name == json_name) {
        Some(field) => is_present(field).unwrap_or_else(|| quote!(true)),
        None if s.additional.is_some() => {
            quote!(self.additional_properties.contains_key(#json_name))
        }
        None => quote!(false),
    };
    let sets = alternatives.sets.iter().map(|set| {
        let members = set.iter().map(|name| present(name));
        quote!(#(#members)&&*)
    });
    let listed = alternatives
        .sets
        .iter()
        .map(|set| {
            set.iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let (refused, message) = if alternatives.exactly_one {
        (
            quote!(present != 1),
            format!("must have exactly one of: {listed}"),
        )
    } else {
        (
            quote!(present == 0),
            format!("must have at least one of: {listed}"),
        )
    };
    quote! {
        {
            let present = [#(#sets),*].into_iter().filter(|&set| set).count();
            if #refused {
                v.invalid(#message);
            }
        }
    }
}

/// The `Members` rule of an object with declared members.
fn member_count_rules(s: &crate::ir::Struct) -> Option<TokenStream> {
    members_rules(&Constraints {
        min_properties: s.min_properties,
        max_properties: s.max_properties,
        ..Constraints::default()
    })
}

/// `minProperties`/`maxProperties` of an object with declared members:
/// the members present, declared and additional, are counted.
fn member_count_check(s: &crate::ir::Struct, table: &RuleTable) -> Option<TokenStream> {
    let rules = table.get(&member_count_rules(s)?);
    let mut always = 0usize;
    let mut present = Vec::new();
    for field in &s.fields {
        match is_present(field) {
            Some(test) => present.push(quote!(usize::from(#test))),
            None => always += 1,
        }
    }
    if s.additional.is_some() {
        present.push(quote!(self.additional_properties.len()));
    }
    if always > 0 || present.is_empty() {
        let always = Literal::usize_unsuffixed(always);
        present.insert(0, quote!(#always));
    }
    Some(quote! {
        let count = #(#present)+*;
        v.members(count, &#rules);
    })
}

/// The module's imports: `Validate` when some type implements it, each rule
/// type a const uses, and `Violations` when some type checks anything.
fn imports(rules: &RuleTable, any_impls: bool, any_checks: bool) -> TokenStream {
    let path = "specforge_runtime::validate";
    let uses = |kind: &str| rules.consts.iter().any(|(_, k, _)| *k == kind);
    let mut imports = Imports::new();
    imports
        .add_if(any_impls, path, &["Validate"])
        .add_if(uses("Items"), path, &["Items"])
        .add_if(uses("Members"), path, &["Members"])
        .add_if(uses("Number"), path, &["Number"])
        .add_if(uses("Text"), path, &["Text"])
        .add_if(any_checks, path, &["Violations"]);
    imports.tokens()
}

/// The checks of a union variant's own constraints on its value `value`.
fn variant_checks(
    variant: &UnionVariant,
    types: &[TypeDef],
    table: &RuleTable,
) -> Vec<TokenStream> {
    let rules = FieldRules::for_ty(&variant.ty, &variant.constraints, types);
    let mut checks = Vec::new();
    if let Some(text) = &rules.text {
        let rules = table.get(text);
        checks.push(quote!(v.text(value, &#rules);));
    }
    if let Some(number) = &rules.number {
        let rules = table.get(number);
        checks.push(quote!(v.number(*value, &#rules);));
    }
    if let Some(items) = &rules.items {
        let rules = table.get(items);
        checks.push(quote!(v.items(value, &#rules);));
    }
    if let Some(members) = &rules.members {
        let rules = table.get(members);
        checks.push(quote!(v.members(value.len(), &#rules);));
    }
    if let Some(names) = &rules.names {
        let rules = table.get(names);
        checks.push(quote!(v.names(value.keys(), &#rules);));
    }
    checks.extend(item_checks(
        &variant.ty,
        &variant.item_constraints,
        types,
        table,
        quote!(value),
    ));
    checks
}

/// Whether values of each type can break a constraint (so a walk is needed).
fn needs_validation_table(types: &[TypeDef]) -> Vec<bool> {
    let mut needs: Vec<bool> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Enum(_) => true,
            TypeKind::Union(u) => {
                u.tag_property().is_some()
                    || u.variants.iter().any(|variant| {
                        !FieldRules::for_ty(&variant.ty, &variant.constraints, types).is_empty()
                            || FieldRules::of_items(&variant.ty, &variant.item_constraints, types)
                                .is_some()
                    })
            }
            TypeKind::Struct(s) => {
                s.min_properties.is_some()
                    || s.max_properties.is_some()
                    || !s.required_alternatives.is_empty()
                    || s.additional_names.as_deref().and_then(text_rules).is_some()
                    || additional_map(s).is_some_and(|map| {
                        FieldRules::of_items(&map, &s.additional_constraints, types).is_some()
                    })
                    || s.fields.iter().any(|f| {
                        f.required_in_requests
                            || !FieldRules::of(f, types).is_empty()
                            || FieldRules::of_items(&f.ty, &f.item_constraints, types).is_some()
                            || !f.constraints.allowed.is_empty()
                    })
            }
            _ => false,
        })
        .collect();
    // Propagate through containment until nothing changes.
    loop {
        let mut changed = false;
        for (id, def) in types.iter().enumerate() {
            if needs[id] {
                continue;
            }
            let now = match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().any(|f| ty_needs(&f.ty, &needs))
                        || s.additional.as_ref().is_some_and(|ty| ty_needs(ty, &needs))
                }
                TypeKind::Union(u) => u.variants.iter().any(|v| ty_needs(&v.ty, &needs)),
                TypeKind::Alias(ty) => ty_needs(ty, &needs),
                TypeKind::Enum(_) => true,
            };
            if now {
                needs[id] = true;
                changed = true;
            }
        }
        if !changed {
            return needs;
        }
    }
}

/// The type a member's rules are checked on: its own, or the list a
/// `LooseList` holds (its schema has `items` but no type), held to them
/// when it is a list.
fn checked_ty(field: &Field) -> &Ty {
    loose_list(field).unwrap_or(&field.ty)
}

/// The list a member's `LooseList` holds, if it is one.
fn loose_list(field: &Field) -> Option<&Ty> {
    match &field.ty {
        Ty::Loose(list) if matches!(**list, Ty::Vec(_)) => Some(list),
        _ => None,
    }
}

fn ty_needs(ty: &Ty, needs: &[bool]) -> bool {
    match ty {
        Ty::Named(id) => needs[*id],
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Loose(inner) => {
            ty_needs(inner, needs)
        }
        _ => false,
    }
}

/// The constraints of a field that apply to its Rust type: string rules on
/// strings, number rules on numbers, array rules on arrays (a `uuid` with a
/// `maxLength` is already held to its format).
struct FieldRules {
    text: Option<TokenStream>,
    number: Option<TokenStream>,
    items: Option<TokenStream>,
    members: Option<TokenStream>,
    /// A map's `propertyNames`: the `Text` rules of its member names.
    names: Option<TokenStream>,
}

impl FieldRules {
    fn of(field: &Field, types: &[TypeDef]) -> Self {
        Self::for_ty(checked_ty(field), &field.constraints, types)
    }

    /// The rules on each item of an array (or value of a map) of type `ty`,
    /// and when an item is held to them.
    fn of_items(ty: &Ty, c: &Constraints, types: &[TypeDef]) -> Option<(Self, Held)> {
        let (item, held) = item_of(ty, types)?;
        let rules = Self {
            // Member names are checked on the field's own map only.
            names: None,
            ..Self::for_ty(item, c, types)
        };
        // An integer's `enum` is held by a check, not by its type; the
        // items of a nested container by checks of their own.
        let constrained = !rules.is_empty()
            || !c.allowed.is_empty()
            || c.items
                .as_deref()
                .is_some_and(|inner| Self::of_items(item, inner, types).is_some());
        constrained.then_some((rules, held))
    }

    /// The rules of each level of items below `ty` (an array or a map held
    /// to `c`), each with its const's name: `{name}`, `{name}_ITEM`, and so
    /// on down nested containers.
    fn of_item_levels(
        ty: &Ty,
        c: &Constraints,
        types: &[TypeDef],
        name: &str,
    ) -> Vec<(String, &'static str, TokenStream)> {
        let Some((rules, _)) = Self::of_items(ty, c, types) else {
            return Vec::new();
        };
        let mut levels = rules.into_rules(name);
        if let (Some(inner), Some((item, _))) = (c.items.as_deref(), item_of(ty, types)) {
            levels.extend(Self::of_item_levels(
                item,
                inner,
                types,
                &format!("{name}_ITEM"),
            ));
        }
        levels
    }

    /// The rules, each with the name of the const to hold it (`name`, and
    /// `{name}_NAME` for member names) and its runtime type's name.
    fn into_rules(self, name: &str) -> Vec<(String, &'static str, TokenStream)> {
        [
            (name.to_owned(), "Text", self.text),
            (name.to_owned(), "Number", self.number),
            (name.to_owned(), "Items", self.items),
            (name.to_owned(), "Members", self.members),
            (format!("{name}_NAME"), "Text", self.names),
        ]
        .into_iter()
        .filter_map(|(name, kind, rules)| Some((name, kind, rules?)))
        .collect()
    }

    fn is_empty(&self) -> bool {
        self.text.is_none()
            && self.number.is_none()
            && self.items.is_none()
            && self.members.is_none()
            && self.names.is_none()
    }

    fn for_ty(ty: &Ty, c: &Constraints, types: &[TypeDef]) -> Self {
        let base = ty.resolved(types);
        Self {
            text: matches!(base, Ty::String).then(|| text_rules(c)).flatten(),
            number: matches!(base, Ty::Integer(_) | Ty::Float)
                .then(|| number_rules(c))
                .flatten(),
            items: matches!(base, Ty::Vec(_)).then(|| items_rules(c)).flatten(),
            members: matches!(base, Ty::Map(_))
                .then(|| members_rules(c))
                .flatten(),
            names: matches!(base, Ty::Map(_))
                .then(|| c.property_names.as_deref().and_then(text_rules))
                .flatten(),
        }
    }
}

/// One check of a member's value.
enum Check {
    Text(TokenStream),
    Number(TokenStream),
    /// Statements on `value`, in the scope of the member's pointer.
    Other(TokenStream),
    /// The value's own `Validate`.
    Nested,
}

fn field_checks(
    f: &Field,
    types: &[TypeDef],
    needs: &[bool],
    table: &RuleTable,
) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    let token = &f.json_name;
    let c = &f.constraints;
    let ty = checked_ty(f);
    let list = loose_list(f).is_some();
    let rules = FieldRules::of(f, types);
    let mut checks = Vec::new();
    if let Some(rules) = &rules.text {
        checks.push(Check::Text(table.get(rules).to_token_stream()));
    }
    if let Some(number) = &rules.number {
        checks.push(Check::Number(table.get(number).to_token_stream()));
    }
    if let Some(rules) = &rules.items {
        let rules = table.get(rules);
        checks.push(Check::Other(quote!(v.items(value, &#rules);)));
    }
    if let Some(rules) = &rules.members {
        let rules = table.get(rules);
        checks.push(Check::Other(quote!(v.members(value.len(), &#rules);)));
    }
    if let Some(rules) = &rules.names {
        let rules = table.get(rules);
        checks.push(Check::Other(quote!(v.names(value.keys(), &#rules);)));
    }
    if let Some(each) = item_checks(ty, &f.item_constraints, types, table, quote!(value)) {
        checks.push(Check::Other(each));
    }
    if !c.allowed.is_empty() {
        let values = c.allowed.iter().map(json_literal);
        checks.push(Check::Other(quote!(v.one_of(value, &[#(#values),*]);)));
    }
    if ty_needs(ty, needs) {
        checks.push(Check::Nested);
    }
    let held = if list {
        quote!(specforge_runtime::LooseList::List(value))
    } else {
        quote!(value)
    };
    let (value, bind) = match f.presence {
        Presence::Required if list => (quote!(value), Some(held)),
        Presence::Required if f.boxed => (quote!(&*self.#name), None),
        Presence::Required => (quote!(&self.#name), None),
        Presence::Optional
        | Presence::OptionalOrNull
        | Presence::RequiredNullable
        | Presence::Defaulted => (quote!(value), Some(quote!(Some(#held)))),
        Presence::OptionalNullable => (
            quote!(value),
            Some(quote!(specforge_runtime::Patch::Value(#held))),
        ),
    };
    let check = match checks.as_slice() {
        [] => return None,
        // One check: one call, straight at the member.
        [Check::Text(rules)] => quote!(v.text_at(#token, #value, &#rules);),
        [Check::Number(rules)] => {
            let number = match &bind {
                None => quote!(self.#name),
                Some(_) => quote!(*value),
            };
            quote!(v.number_at(#token, #number, &#rules);)
        }
        [Check::Nested] => quote!(v.nested_at(#token, #value);),
        several => {
            let statements = several.iter().map(|check| match check {
                Check::Text(rules) => quote!(v.text(value, &#rules);),
                Check::Number(rules) => quote!(v.number(*value, &#rules);),
                Check::Other(statements) => statements.clone(),
                Check::Nested => quote!(value.validate(v);),
            });
            let value = bind.is_none().then(|| quote!(let value = #value;));
            quote! {
                v.at(#token, |v| {
                    #value
                    #(#statements)*
                });
            }
        }
    };
    Some(match bind {
        None => check,
        Some(pattern) => quote! {
            if let #pattern = &self.#name {
                #check
            }
        },
    })
}

/// The checks of each item of an array (or value of a map) `of` of type
/// `ty` whose items are held to `c`; none when nothing constrains them.
fn item_checks(
    ty: &Ty,
    c: &Constraints,
    types: &[TypeDef],
    table: &RuleTable,
    of: TokenStream,
) -> Option<TokenStream> {
    let (rules, held) = FieldRules::of_items(ty, c, types)?;
    let mut checks = Vec::new();
    if let Some(text) = &rules.text {
        let text = table.get(text);
        checks.push(quote!(v.text(item, &#text);));
    }
    if let Some(number) = &rules.number {
        let number = table.get(number);
        checks.push(quote!(v.number(*item, &#number);));
    }
    if let Some(items) = &rules.items {
        let items = table.get(items);
        checks.push(quote!(v.items(item, &#items);));
    }
    if let Some(members) = &rules.members {
        let members = table.get(members);
        checks.push(quote!(v.members(item.len(), &#members);));
    }
    if !c.allowed.is_empty() {
        let values = c.allowed.iter().map(json_literal);
        checks.push(quote!(v.one_of(item, &[#(#values),*]);));
    }
    // A container item: its own items, one level down.
    let inner = c.items.as_deref().zip(item_of(ty, types));
    checks.extend(
        inner.and_then(|(inner, (item, _))| item_checks(item, inner, types, table, quote!(item))),
    );
    let body = match held {
        Held::Always => quote!(#(#checks)*),
        Held::UnlessNull => quote!(if let Some(item) = item { #(#checks)* }),
        Held::IfList => {
            quote!(if let specforge_runtime::LooseList::List(item) = item { #(#checks)* })
        }
    };
    let entries = match ty.resolved(types) {
        Ty::Map(_) => quote!(#of.iter()),
        _ => quote!(#of.iter().enumerate()),
    };
    Some(quote! {
        for (key, item) in #entries {
            v.at(key, |v| { #body });
        }
    })
}

/// When an item of a container is held to the rules on its items.
#[derive(Clone, Copy)]
enum Held {
    Always,
    /// Unless it is null.
    UnlessNull,
    /// When it is a list (a `LooseList` item lets any other value pass).
    IfList,
}

/// The item type of an array or map type, and when an item is held to
/// the rules on it.
fn item_of<'t>(ty: &'t Ty, types: &'t [TypeDef]) -> Option<(&'t Ty, Held)> {
    let (Ty::Vec(item) | Ty::Map(item)) = ty.resolved(types) else {
        return None;
    };
    Some(match &**item {
        Ty::Option(inner) => (&**inner, Held::UnlessNull),
        Ty::Loose(list) if matches!(**list, Ty::Vec(_)) => (&**list, Held::IfList),
        other => (other, Held::Always),
    })
}

fn json_literal(value: &serde_json::Value) -> TokenStream {
    match value {
        serde_json::Value::Null => quote!(serde_json::Value::Null),
        serde_json::Value::String(s) => quote!(serde_json::Value::from(#s)),
        serde_json::Value::Bool(b) => quote!(serde_json::Value::from(#b)),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote!(serde_json::Value::from(#i)),
            (None, Some(f)) => quote!(serde_json::Value::from(#f)),
            _ => quote!(serde_json::Value::Null),
        },
        _ => {
            let json = value.to_string();
            quote!(serde_json::from_str::<serde_json::Value>(#json).unwrap_or_default())
        }
    }
}

/// `field: Some(n)` for a size limit that is set.
fn size_limit(field: &str, n: Option<usize>) -> Option<TokenStream> {
    let field = quote::format_ident!("{field}");
    let n = Literal::usize_unsuffixed(n?);
    Some(quote!(#field: Some(#n)))
}

/// The size limits among `limits` that are set.
fn size_limits<const N: usize>(limits: [(&str, Option<usize>); N]) -> Vec<TokenStream> {
    limits
        .into_iter()
        .filter_map(|(field, n)| size_limit(field, n))
        .collect()
}

fn f64_lit(n: f64) -> Literal {
    Literal::f64_unsuffixed(n)
}

/// `Name { set fields…, ..Name::NONE }`, listing only what is set.
fn rules(name: &str, fields: Vec<TokenStream>, total: usize) -> TokenStream {
    let name = quote::format_ident!("{}", name);
    if fields.len() == total {
        quote!(#name { #(#fields),* })
    } else {
        quote!(#name { #(#fields,)* ..#name::NONE })
    }
}

/// `Text { … }` when the schema has string constraints.
pub(super) fn text_rules(c: &Constraints) -> Option<TokenStream> {
    let mut fields = size_limits([("min_length", c.min_length), ("max_length", c.max_length)]);
    if let Some(p) = &c.pattern {
        fields.push(quote!(pattern: Some(#p)));
    }
    if let Some(format) = &c.format {
        let format = quote::format_ident!(
            "{}",
            heck::ToUpperCamelCase::to_upper_camel_case(format.as_str())
        );
        fields.push(quote!(format: Some(specforge_runtime::validate::Format::#format)));
    }
    (!fields.is_empty()).then(|| rules("Text", fields, 4))
}

/// `Number { … }` when the schema has numeric constraints.
pub(super) fn number_rules(c: &Constraints) -> Option<TokenStream> {
    let mut fields = Vec::new();
    if let Some(n) = c.minimum {
        let n = f64_lit(n);
        fields.push(quote!(minimum: Some(#n)));
        if c.exclusive_minimum {
            fields.push(quote!(exclusive_minimum: true));
        }
    }
    if let Some(n) = c.maximum {
        let n = f64_lit(n);
        fields.push(quote!(maximum: Some(#n)));
        if c.exclusive_maximum {
            fields.push(quote!(exclusive_maximum: true));
        }
    }
    if let Some(n) = c.multiple_of {
        let n = f64_lit(n);
        fields.push(quote!(multiple_of: Some(#n)));
    }
    if let Some(n) = c.exact_minimum {
        let n = proc_macro2::Literal::i128_unsuffixed(n);
        fields.push(quote!(exact_minimum: Some(#n)));
    }
    if let Some(n) = c.exact_maximum {
        let n = proc_macro2::Literal::i128_unsuffixed(n);
        fields.push(quote!(exact_maximum: Some(#n)));
    }
    (!fields.is_empty()).then(|| rules("Number", fields, 7))
}

/// `Members { … }` when the schema limits how many members an object has.
pub(super) fn members_rules(c: &Constraints) -> Option<TokenStream> {
    let fields = size_limits([
        ("min_properties", c.min_properties),
        ("max_properties", c.max_properties),
    ]);
    (!fields.is_empty()).then(|| rules("Members", fields, 2))
}

/// `Items { … }` when the schema has array constraints.
pub(super) fn items_rules(c: &Constraints) -> Option<TokenStream> {
    let mut fields = size_limits([("min_items", c.min_items), ("max_items", c.max_items)]);
    if c.unique_items {
        fields.push(quote!(unique: true));
    }
    (!fields.is_empty()).then(|| rules("Items", fields, 3))
}
