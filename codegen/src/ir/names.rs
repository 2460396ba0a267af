//! Turning spec names into Rust identifiers: cased with heck, ASCII only,
//! keywords escaped, collisions resolved deterministically by numbering.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as identifiers even as raw identifiers.
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Type names the generated code itself refers to; a schema with one of these
/// names would shadow it, so it gets a suffix.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "PartialEq",
    "Eq",
    "Hash",
    "BTreeMap",
    "From",
    "Self",
];

/// Splits `raw` into ASCII words: symbols become word breaks, a few spell
/// themselves out so that `+1` and `-1` stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '+' => out.push_str(" plus "),
            '-' if i == 0 => out.push_str(" minus "),
            '<' => out.push_str(" lt "),
            '>' => out.push_str(" gt "),
            '=' => out.push_str(" eq "),
            '*' => out.push_str(" star "),
            '@' if i == 0 => out.push_str(" at "),
            _ => out.push(' '),
        }
    }
    out
}

/// `some-name` → `SomeName`, never empty, never starting with a digit.
pub fn type_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Type".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// Enum variant names follow the type rules but may shadow std names.
pub fn variant_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// `someName` → `some_name`; keywords become raw identifiers (`r#type`).
pub fn field_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    if NON_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// Hands out unique names in a namespace, numbering repeats in request order.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        (2..)
            .map(|n| numbered(wanted, n))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// `r#type` + 2 → `type_2`; `Name` + 2 → `Name2`.
fn numbered(name: &str, n: usize) -> String {
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_{n}"),
        None if name.ends_with(|c: char| c.is_ascii_digit()) => format!("{name}_{n}"),
        None => format!("{name}{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_escapes() {
        assert_eq!(type_ident("pet-store_item"), "PetStoreItem");
        assert_eq!(type_ident("200_response"), "T200Response");
        assert_eq!(type_ident("Option"), "OptionModel");
        assert_eq!(type_ident("Категория"), "Type");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("createdAt"), "created_at");
        assert_eq!(field_ident("$ref"), "r#ref");
        assert_eq!(field_ident("2fa"), "n_2fa");
        assert_eq!(variant_ident("-name"), "MinusName");
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident(""), "Empty");
    }

    #[test]
    fn namespace_numbers_collisions_in_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("Pet"), "Pet");
        assert_eq!(ns.claim("Pet"), "Pet2");
        assert_eq!(ns.claim("Pet"), "Pet3");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type_2");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
    }
}
