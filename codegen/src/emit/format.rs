//! Turning the generated modules into formatted files, on all cores.
//!
//! Building tokens, parsing them and pretty-printing are most of the
//! generator's time on large specs. So each module is a list of [`Part`]s
//! whose items are built on demand; the items are cut into chunks of a fixed
//! count, and each chunk is built, parsed and printed on whichever thread is
//! free (token streams cannot cross threads, so each chunk stays on one).
//! Items print the same alone as beside others, and chunks are fixed in
//! size, so the output depends neither on the chunking nor on the machine.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmitError, rust};

/// Builds one or a few items of a module.
pub(super) type Item<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// Wraps a builder as an [`Item`].
pub(super) fn item<'a>(build: impl Fn() -> TokenStream + Send + Sync + 'a) -> Item<'a> {
    Box::new(build)
}

/// A stretch of a module.
pub(super) enum Part<'a> {
    /// Whole items, back to back.
    Items(Vec<Item<'a>>),
    /// One block item with many members (a trait or an `impl`), which may be
    /// cut between members.
    Block {
        /// Doc comments and attributes of the block.
        attrs: Item<'a>,
        /// What comes before the braces: `impl Client`.
        head: Item<'a>,
        members: Vec<Item<'a>>,
    },
}

/// A module file: its path in the crate and its parts, in order.
pub(super) struct Module<'a> {
    pub path: &'static str,
    pub parts: Vec<Part<'a>>,
}

/// Items per chunk: enough that a chunk's overhead does not show, few enough
/// that the largest specs give every core many chunks (the last one to
/// finish sets the time).
const ITEMS_PER_CHUNK: usize = 32;

/// A run of items of one part.
struct Chunk<'p, 'a> {
    module: usize,
    /// The module's file, for errors.
    path: &'static str,
    part: &'p Part<'a>,
    items: std::ops::Range<usize>,
}

/// Formats the modules; returns each one's text, in the order given.
pub(super) fn format_modules(modules: &[Module]) -> Result<Vec<(&'static str, String)>, EmitError> {
    format_in_chunks(modules, ITEMS_PER_CHUNK)
}

fn format_in_chunks(
    modules: &[Module],
    items_per_chunk: usize,
) -> Result<Vec<(&'static str, String)>, EmitError> {
    let mut chunks = Vec::new();
    for (module, m) in modules.iter().enumerate() {
        for part in &m.parts {
            let count = match part {
                Part::Items(items) => items.len(),
                Part::Block { members, .. } => members.len(),
            };
            // An empty block still prints its braces.
            let starts = (0..count.max(1)).step_by(items_per_chunk);
            for start in starts {
                let items = start..(start + items_per_chunk).min(count);
                chunks.push(Chunk {
                    module,
                    path: m.path,
                    part,
                    items,
                });
            }
        }
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<String, EmitError>>>> =
        Mutex::new(chunks.iter().map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(index) else {
                        break;
                    };
                    let text = format_chunk(chunk);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(text);
                }
            });
        }
    });
    let mut files: Vec<String> = vec![String::new(); modules.len()];
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    for (chunk, text) in chunks.iter().zip(results) {
        let text = text.ok_or(EmitError::Panicked)??;
        files[chunk.module].push_str(&text);
    }
    // Blank lines between items are placed over whole files, so chunk
    // boundaries leave no trace; a thread per file.
    let files: Vec<String> = std::thread::scope(|scope| {
        let finishing: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(|| rust::finish(file)))
            .collect();
        finishing
            .into_iter()
            .map(|thread| thread.join().map_err(|_| EmitError::Panicked))
            .collect::<Result<_, _>>()
    })?;
    Ok(modules.iter().map(|m| m.path).zip(files).collect())
}

fn format_chunk(chunk: &Chunk) -> Result<String, EmitError> {
    let tokens = match chunk.part {
        Part::Items(items) => items[chunk.items.clone()]
            .iter()
            .map(|build| build())
            .collect(),
        Part::Block {
            attrs,
            head,
            members,
        } => {
            let attrs = (chunk.items.start == 0).then(attrs);
            let head = head();
            let members = members[chunk.items.clone()].iter().map(|build| build());
            quote!(#attrs #head { #(#members)* })
        }
    };
    let file = syn::parse2::<syn::File>(tokens).map_err(|err| EmitError::Unparsable {
        module: chunk.path,
        message: err.to_string(),
    })?;
    let formatted = prettyplease::unparse(&file);
    Ok(match chunk.part {
        Part::Items(_) => formatted,
        Part::Block { members, .. } => {
            let first = chunk.items.start == 0;
            let last = chunk.items.end >= members.len();
            cut_block(&formatted, first, last)
        }
    })
}

/// The lines of a formatted block item that belong to this chunk: the
/// block's opening lines only in its first chunk, its closing brace only in
/// its last.
fn cut_block(text: &str, first: bool, last: bool) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // The block opens at the first unindented line ending with a brace that is
    // not a comment or an attribute.
    let open = lines
        .iter()
        .position(|l| l.ends_with('{') && !l.starts_with([' ', '/', '#']))
        .unwrap_or(0);
    let close = lines.iter().rposition(|l| *l == "}").unwrap_or(lines.len());
    let start = if first { 0 } else { open + 1 };
    let end = if last { lines.len() } else { close };
    let mut out = String::new();
    for line in &lines[start.min(end)..end] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module of one-line items, items with bodies and a block of methods,
    /// so that chunk boundaries fall between each kind.
    fn module() -> Module<'static> {
        let units = (0..5).map(|i| {
            item(move || {
                let name = quote::format_ident!("Unit{i}");
                quote!(impl Validate for #name {})
            })
        });
        let functions = (0..3).map(|i| {
            item(move || {
                let name = quote::format_ident!("function_{i}");
                quote! {
                    /// A function.
                    fn #name() -> u32 { 1 }
                }
            })
        });
        let methods = (0..7).map(|i| {
            item(move || {
                let name = quote::format_ident!("method_{i}");
                quote! {
                    /// A method.
                    fn #name(&self) -> u32 { 1 }
                }
            })
        });
        Module {
            path: "src/x.rs",
            parts: vec![
                Part::Items(vec![item(|| {
                    quote!(
                        use std::fmt;
                    )
                })]),
                Part::Items(units.chain(functions).collect()),
                Part::Block {
                    attrs: item(|| quote!(#[doc = " The trait."])),
                    head: item(|| quote!(pub trait Api)),
                    members: methods.collect(),
                },
            ],
        }
    }

    fn text(items_per_chunk: usize) -> String {
        format_in_chunks(&[module()], items_per_chunk)
            .unwrap()
            .remove(0)
            .1
    }

    #[test]
    fn chunking_leaves_no_trace() {
        let whole = text(usize::MAX / 2);
        for size in 1..=4 {
            assert_eq!(text(size), whole, "chunks of {size}");
        }
        assert!(
            whole.starts_with(
                "use std::fmt;\n\nimpl Validate for Unit0 {}\nimpl Validate for Unit1 {}"
            ),
            "{whole}"
        );
        assert!(
            whole.contains("for Unit4 {}\n\n/// A function.\n"),
            "{whole}"
        );
        assert_eq!(whole.matches("pub trait Api {").count(), 1, "{whole}");
        assert_eq!(whole.matches("    fn method_").count(), 7, "{whole}");
        assert!(
            whole.contains("    }\n\n    /// A method.\n    fn method_1("),
            "{whole}"
        );
        assert!(whole.ends_with("\n    }\n}\n"), "{whole}");
    }

    #[test]
    fn an_empty_block_keeps_its_braces() {
        let modules = [Module {
            path: "src/x.rs",
            parts: vec![Part::Block {
                attrs: item(TokenStream::new),
                head: item(|| quote!(pub trait Api)),
                members: Vec::new(),
            }],
        }];
        assert_eq!(format_modules(&modules).unwrap()[0].1, "pub trait Api {}\n");
    }
}
