//! Shared pieces for emitting Rust: identifiers, doc comments, type expressions,
//! and pretty-printing.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::ir::{IntFormat, Ty, TypeDef};

/// An identifier; `r#type` style names become raw identifiers.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` lines for a description; prettyplease prints them as `///`.
pub fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc.map(str::trim).filter(|d| !d.is_empty()) else {
        return TokenStream::new();
    };
    doc_lines(markdown_continuations(doc))
}

/// `#[doc = "…"]` lines, each as written: a space after `///` unless empty.
pub fn doc_lines<L: AsRef<str>>(lines: impl IntoIterator<Item = L>) -> TokenStream {
    let lines = lines.into_iter().map(|line| {
        let line = line.as_ref();
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// The lines of a description, with the continuation lines of list items
/// indented to the item's text and those of block quotes marked with `>`:
/// Markdown reads them the same, and clippy's doc lints accept them.
fn markdown_continuations(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The text column of the list item being continued, if any.
    let mut item: Option<usize> = None;
    let mut quote = false;
    let mut fenced = false;
    let mut after_blank = false;
    for line in text_lines(doc) {
        let line = line.replace('\t', "    ");
        let line = line.trim_end();
        let text = line.trim_start();
        let indent = line.len() - text.len();
        if text.starts_with("```") || text.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced || text.starts_with("```") || text.starts_with("~~~") {
            out.push(line.to_owned());
            continue;
        }
        if text.is_empty() {
            // One blank line between paragraphs, however many the spec has.
            if !after_blank && !out.is_empty() {
                out.push(String::new());
            }
            (quote, after_blank) = (false, true);
            continue;
        }
        if let Some(marker) = list_marker(text) {
            item = Some(indent + marker);
        } else if text.starts_with('>') {
            quote = true;
        } else if quote {
            out.push(format!("> {text}"));
            continue;
        } else if let Some(column) = item {
            if after_blank && indent < column {
                item = None;
            } else if indent < column || (indent > column && (!after_blank || indent < column + 4))
            {
                out.push(format!("{}{text}", " ".repeat(column)));
                after_blank = false;
                continue;
            }
        }
        after_blank = false;
        out.push(line.to_owned());
    }
    out
}

/// The width of a list item's marker and its space (`- `, `* `, `12. `).
fn list_marker(text: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return Some(2);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// The Rust type expression for `ty`, as seen from the `models` module.
pub fn ty_tokens(ty: &Ty, types: &[TypeDef]) -> TokenStream {
    ty_expr(ty, types, false)
}

/// The Rust type expression for `ty`, as seen from any other module of the
/// generated crate (`super::models::Pet`, `std::collections::BTreeMap`):
/// relative, so the modules may also be included into another crate.
pub fn qualified_ty(ty: &Ty, types: &[TypeDef]) -> TokenStream {
    ty_expr(ty, types, true)
}

fn ty_expr(ty: &Ty, types: &[TypeDef], qualified: bool) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::Integer(format) => match format {
            IntFormat::I8 => quote!(i8),
            IntFormat::I16 => quote!(i16),
            IntFormat::I32 => quote!(i32),
            IntFormat::I64 => quote!(i64),
            IntFormat::I128 => quote!(i128),
            IntFormat::U8 => quote!(u8),
            IntFormat::U16 => quote!(u16),
            IntFormat::U32 => quote!(u32),
            IntFormat::U64 => quote!(u64),
        },
        Ty::Float => quote!(f64),
        Ty::String | Ty::Binary => quote!(String),
        Ty::Date => quote!(specforge_runtime::Date),
        Ty::DateTime => quote!(specforge_runtime::DateTime),
        Ty::Uuid => quote!(uuid::Uuid),
        Ty::Base64 => quote!(specforge_runtime::Base64),
        Ty::Json => quote!(serde_json::Value),
        Ty::Named(id) => {
            let name = ident(&types[*id].name);
            if qualified {
                quote!(super::models::#name)
            } else {
                name.into_token_stream()
            }
        }
        Ty::Vec(inner) => {
            let inner = ty_expr(inner, types, qualified);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_expr(inner, types, qualified);
            if qualified {
                quote!(std::collections::BTreeMap<String, #inner>)
            } else {
                quote!(BTreeMap<String, #inner>)
            }
        }
        Ty::Option(inner) => {
            let inner = ty_expr(inner, types, qualified);
            quote!(Option<#inner>)
        }
        Ty::Loose(inner) => {
            let list = matches!(**inner, Ty::Vec(_));
            let inner = ty_expr(inner, types, qualified);
            if list {
                quote!(specforge_runtime::LooseList<#inner>)
            } else {
                quote!(specforge_runtime::Loose<#inner>)
            }
        }
    }
}

/// Whether arguments of this type are taken as `impl Into<…>`: text (so
/// `&str` works), directly or through an alias, dates and date-times (so
/// chrono's types do) and `Loose` (so its struct does). Other types
/// are taken as they are, so `"…".parse()?` and literals infer.
pub fn takes_into(ty: &Ty, types: &[TypeDef]) -> bool {
    match ty {
        Ty::String | Ty::Binary | Ty::Date | Ty::DateTime | Ty::Loose(_) => true,
        Ty::Named(id) => match &types[*id].kind {
            crate::ir::TypeKind::Alias(inner) => takes_into(inner, types),
            _ => false,
        },
        _ => false,
    }
}

/// The lines of spec text, whatever its line endings: a lone carriage return
/// (old Mac files, or a `\r` escape in JSON) ends a line too.
pub fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split("\r\n").flat_map(|part| part.split(['\n', '\r']))
}

/// The last touches on prettyplease's output: blank lines between items,
/// doc comments safe for rustc.
pub fn finish(code: &str) -> String {
    escape_in_comments(separate_items(code))
}

/// Characters rustc refuses in comments: a carriage return not followed by a
/// line feed, control characters, and the bidirectional-text controls
/// (denied by the `text_direction_codepoint_in_comment` lint). Spec text
/// reaches doc comments verbatim, so they are written as `\u{..}` escapes.
fn refused_in_comment(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn escape_in_comments(code: String) -> String {
    if !code.contains(refused_in_comment) {
        return code;
    }
    code.chars()
        .map(|c| {
            if refused_in_comment(c) {
                format!("\\u{{{:04X}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// prettyplease puts items back to back; a blank line between them makes the
/// file read like hand-written code. Top-level items
/// are separated, and so are the functions, constants and types inside
/// `impl` and `trait` blocks.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    // The top-level item being printed is a `use` (which may span lines):
    // `Some(true)` for a `pub use`.
    let mut in_import: Option<bool> = None;
    for line in code.lines() {
        let item_start = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
        let unindented = !previous.starts_with([' ', '/', '#']);
        // One-line items (`impl Validate for X {}`) stay together, apart
        // from what follows them.
        let one_liner_run = previous.ends_with("{}") && line.ends_with("{}");
        let previous_ended = previous == "}"
            || (previous.ends_with(';') && unindented)
            || (previous.ends_with("{}") && unindented && !one_liner_run);
        // Imports stay together, re-exports (`pub use`) apart from the others.
        let import = if line.starts_with("use ") {
            Some(false)
        } else if line.starts_with("pub use ") {
            Some(true)
        } else {
            None
        };
        let both_imports = import.is_some() && in_import == import;
        if item_start {
            in_import = import;
        }
        if (item_start
            && (previous_ended || previous.starts_with("//!"))
            && !both_imports
            && !line.starts_with("//!"))
            || starts_member_after_member(line, previous)
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Whether `line` starts an associated item (or its docs and attributes)
/// right where the previous one, at the same indentation, ended.
fn starts_member_after_member(line: &str, previous: &str) -> bool {
    const STARTS: &[&str] = &[
        "///",
        "#[",
        "fn ",
        "pub fn ",
        "async fn ",
        "pub async fn ",
        "const ",
        "pub const ",
        "type ",
        "pub type ",
    ];
    let indent = line.len() - line.trim_start().len();
    let previous_indent = previous.len() - previous.trim_start().len();
    let member = line.trim_start();
    let ended = previous.trim_start();
    indent > 0
        && indent == previous_indent
        && STARTS.iter().any(|start| member.starts_with(start))
        && (ended == "}" || (ended.ends_with(';') && !ended.starts_with(['/', '#'])))
}

#[cfg(test)]
mod tests {
    use super::markdown_continuations;

    #[test]
    fn continuation_lines_are_indented_and_quoted() {
        let doc = "Intro:\n- first item\ncontinued\n- second\n      over-indented\n\nAfter the list.\n\
                   10. tenth\nmore\n> quoted\nlazy\n\n```\n- not a list\nplain\n```";
        assert_eq!(
            markdown_continuations(doc),
            [
                "Intro:",
                "- first item",
                "  continued",
                "- second",
                "  over-indented",
                "",
                "After the list.",
                "10. tenth",
                "    more",
                "> quoted",
                "> lazy",
                "",
                "```",
                "- not a list",
                "plain",
                "```",
            ]
        );
    }

    #[test]
    fn code_inside_items_and_plain_text_are_kept() {
        let doc = "- item\n\n      code in the item\n\n  second paragraph\nNo list here.";
        assert_eq!(
            markdown_continuations(doc),
            [
                "- item",
                "",
                "      code in the item",
                "",
                "  second paragraph",
                "  No list here.",
            ]
        );
    }
}
