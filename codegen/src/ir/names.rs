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
    // What the client module re-exports: a user importing both modules
    // would meet two of each.
    "Error",
    "Response",
    "Client",
    "ClientBuilder",
    "ApiError",
    "BoxError",
    "BuildError",
    "Hook",
    "RetryPolicy",
    "ByteStream",
    "Upload",
];

/// Every word identifier mapping treats specially: keywords, words no raw
/// identifier can spell, and the type names generated code refers to. For
/// tests and fuzzers that must name things awkwardly.
pub fn special_words() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .chain(NON_RAW)
        .chain(RESERVED_TYPES)
        .copied()
}

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

/// `some-name` → `SomeName`, as a part of a longer type name (no check
/// against reserved names: the whole name is checked).
pub(super) fn type_word(raw: &str) -> String {
    ascii_words(raw).to_upper_camel_case()
}

/// `cased`, or `empty` when it is empty; `digit_prefix` goes before a
/// leading digit, which no identifier may start with.
fn word_or(mut cased: String, empty: &str, digit_prefix: &str) -> String {
    if cased.is_empty() {
        cased = empty.into();
    }
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        cased.insert_str(0, digit_prefix);
    }
    cased
}

/// `some-name` → `SomeName`, never empty, never starting with a digit.
pub fn type_ident(raw: &str) -> String {
    let mut name = word_or(type_word(raw), "Type", "T");
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// Enum variant names follow the type rules but may shadow std names.
pub fn variant_ident(raw: &str) -> String {
    let mut name = word_or(type_word(raw), "Empty", "V");
    if name == "Self" {
        name.push('_');
    }
    name
}

/// `someName` → `some_name`; keywords become raw identifiers (`r#type`).
pub fn field_ident(raw: &str) -> String {
    let mut name = word_or(ascii_words(raw).to_snake_case(), "value", "n_");
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
    /// A namespace where `names` are taken from the start (a module's own
    /// items, say), so claims never hand them out.
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        self.claim_or(wanted, "")
    }

    /// Claims `wanted`, else `wanted_{suffix}` (`limit_query`) when a suffix
    /// is given, else numbers it.
    pub fn claim_or(&mut self, wanted: &str, suffix: &str) -> String {
        let bare = wanted.trim_start_matches("r#");
        if !self.taken.contains(bare) {
            self.taken.insert(bare.to_owned());
            return wanted.to_owned();
        }
        let suffixed = (!suffix.is_empty()).then(|| format!("{bare}_{suffix}"));
        suffixed
            .into_iter()
            .chain((2..).map(|n| numbered(wanted, n)))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name.trim_start_matches("r#"))
    }
}

/// `r#type` + 2 → `type_2`; `snake_name` + 2 → `snake_name_2`; `Name` + 2 →
/// `Name2`.
fn numbered(name: &str, n: usize) -> String {
    let bare = name.trim_start_matches("r#");
    let snake = bare.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    if snake || bare.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{bare}_{n}")
    } else {
        format!("{bare}{n}")
    }
}

/// Method names of operations: an operationId in snake_case, or, when the
/// id is machine-made from a name, the path and the method (as FastAPI
/// writes `get_things_v1_things__thing_id__get`), that name alone
/// (`get_things`). A short name is only taken when no other operation's id
/// starts with the same one (API Platform's `api_books_post` and
/// `api_books_id_get` share `api`, a prefix and not a name) and no name
/// took it first; otherwise the full id is kept, so names never collide and
/// depend on nothing but the document.
pub(super) struct OperationNames {
    names: Namespace,
    shared_prefixes: HashSet<String>,
}

impl OperationNames {
    /// Names for the operations `ids` (operationId, method, path) declares.
    pub(super) fn new<'a>(
        ids: impl Iterator<Item = (String, super::Method, &'a super::path::PathTemplate)>,
        reserved: &[&str],
    ) -> Self {
        let mut seen = HashSet::new();
        let mut shared_prefixes = HashSet::new();
        for (id, method, path) in ids {
            if let Some(prefix) = machine_made_prefix(&id, method, path)
                && !seen.insert(prefix.clone())
            {
                shared_prefixes.insert(prefix);
            }
        }
        Self {
            names: Namespace::with_reserved(reserved),
            shared_prefixes,
        }
    }

    /// The method name of the operation `id` declares.
    pub(super) fn claim(
        &mut self,
        id: &str,
        method: super::Method,
        path: &super::path::PathTemplate,
    ) -> String {
        let full = field_ident(id);
        if let Some(prefix) = machine_made_prefix(id, method, path)
            && !self.shared_prefixes.contains(&prefix)
        {
            let short = field_ident(&prefix);
            if !self.names.is_taken(&short) && short != full {
                return self.names.claim(&short);
            }
        }
        self.names.claim(&full)
    }
}

/// The name part of an operationId made of name, path words and method.
fn machine_made_prefix(
    id: &str,
    method: super::Method,
    path: &super::path::PathTemplate,
) -> Option<String> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let id_words = words(id);
    // Only ids written in snake case: camelCase ids are hand-made.
    if !id.contains('_') || id.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let path_text = path.raw.split(['#', '?']).next().unwrap_or("");
    let mut tail = words(path_text);
    tail.push(method.key().to_owned());
    if id_words.len() <= tail.len() || !id_words.ends_with(&tail) {
        return None;
    }
    Some(id_words[..id_words.len() - tail.len()].join("_"))
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
    fn every_special_word_becomes_an_identifier_that_shadows_nothing() {
        for word in special_words() {
            let ty = type_ident(word);
            assert!(!RESERVED_TYPES.contains(&ty.as_str()), "{word} → {ty}");
            for ident in [ty, field_ident(word), variant_ident(word)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{word} → {ident}"
                );
            }
        }
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
        assert_eq!(ns.claim("limit"), "limit");
        assert_eq!(ns.claim_or("limit", "query"), "limit_query");
        assert_eq!(ns.claim_or("limit", "query"), "limit_2");
    }

    #[test]
    fn machine_made_operation_ids_are_shortened() {
        use super::super::Method;
        use super::super::path::PathTemplate;
        let thing = PathTemplate::parse("/v1/things/{thing_id}").0;
        let things = PathTemplate::parse("/v1/things").0;
        let books = PathTemplate::parse("/books").0;
        let book = PathTemplate::parse("/books/{id}").0;
        let ids = [
            ("get_things_v1_things__thing_id__get", Method::Get, &thing),
            ("get_thing", Method::Get, &thing),
            ("get_thing_v1_things__thing_id__put", Method::Put, &thing),
            ("getThing", Method::Get, &thing),
            ("list_things", Method::Get, &things),
            ("api_books_post", Method::Post, &books),
            ("api_books_id_get", Method::Get, &book),
        ];
        let mut names = OperationNames::new(
            ids.iter()
                .map(|(id, method, path)| (id.to_string(), *method, *path)),
            &[],
        );
        let named: Vec<String> = ids
            .iter()
            .map(|(id, method, path)| names.claim(id, *method, path))
            .collect();
        assert_eq!(
            named,
            [
                "get_things",
                "get_thing",
                // A short name taken falls back to the full id, never a
                // number.
                "get_thing_v1_things_thing_id_put",
                // Hand-made ids are kept, numbered when taken.
                "get_thing_2",
                "list_things",
                // A prefix several ids share is no name.
                "api_books_post",
                "api_books_id_get",
            ]
        );
    }
}
