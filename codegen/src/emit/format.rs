//! Turning the token streams of the generated modules into formatted files,
//! on all cores.
//!
//! Parsing and pretty-printing are most of the generator's time on large
//! specs. So each module is described as a list of [`Part`]s, cut into chunks
//! of bounded size, and the chunks are formatted in parallel and joined.
//! Items format the same alone as beside others, so the output does not
//! depend on the chunking; chunk sizes are fixed anyway, so it does not
//! depend on the machine either.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

use proc_macro2::TokenStream;
use quote::quote;

use super::rust;

/// A stretch of a module.
pub enum Part {
    /// Whole items, back to back.
    Items(Vec<TokenStream>),
    /// One block item with many members (a trait or an `impl`), which may be
    /// cut between members.
    Block {
        /// Doc comments and attributes of the block.
        attrs: TokenStream,
        /// What comes before the braces: `impl Client`.
        head: TokenStream,
        members: Vec<TokenStream>,
    },
}

/// A module file: its path in the crate, and how to build its parts.
pub struct Module<'a> {
    pub path: &'static str,
    pub build: Box<dyn Fn() -> Vec<Part> + Send + Sync + 'a>,
}

/// Token text per chunk: small enough that the largest specs give every core
/// many chunks (the last one to finish sets the time), large enough that a
/// chunk's overhead does not show.
const CHUNK_BYTES: usize = 256 * 1024;

/// Where a chunk's formatted text goes.
#[derive(Clone, Copy)]
enum Cut {
    /// Whole items: all of the text.
    Whole,
    /// Members of a block: the block's opening lines are kept only in its
    /// first chunk, its closing brace only in its last.
    Block { first: bool, last: bool },
}

struct Chunk {
    text: String,
    cut: Cut,
}

/// Where a piece of work belongs: its module, and its place in the module.
type Slot = (usize, usize);

enum Task {
    /// Build a module's token streams. They cannot cross threads, so the
    /// thread that builds them turns them into text chunks for any thread.
    Build(usize),
    Format(Slot, Chunk),
}

/// Formats the modules; returns each one's text, in the order given.
pub fn format_modules(modules: Vec<Module>) -> Result<Vec<(&'static str, String)>, String> {
    let queue = Queue::new(modules.len());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let formatted = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| queue.work(&modules)))
            .collect();
        let mut done = Vec::new();
        for handle in handles {
            done.extend(
                handle
                    .join()
                    .map_err(|_| "internal error: a formatting thread panicked")?,
            );
        }
        Ok::<_, String>(done)
    })?;
    let mut formatted = formatted;
    formatted.sort_by_key(|(slot, _)| *slot);
    let mut files: Vec<String> = vec![String::new(); modules.len()];
    for ((module, _), text) in formatted {
        let file = &mut files[module];
        if !file.is_empty() {
            file.push('\n');
        }
        file.push_str(&text?);
    }
    Ok(modules.iter().map(|m| m.path).zip(files).collect())
}

/// The chunks of one module, in order.
fn chunks_of(parts: Vec<Part>) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    for part in parts {
        match part {
            Part::Items(items) => {
                for text in group(items.iter().map(ToString::to_string)) {
                    chunks.push(Chunk {
                        text,
                        cut: Cut::Whole,
                    });
                }
            }
            Part::Block {
                attrs,
                head,
                members,
            } => {
                let mut groups = group(members.iter().map(ToString::to_string));
                if groups.is_empty() {
                    groups.push(String::new());
                }
                let count = groups.len();
                for (i, body) in groups.into_iter().enumerate() {
                    let attrs = if i == 0 { attrs.clone() } else { quote!() };
                    chunks.push(Chunk {
                        text: format!("{attrs} {head} {{ {body} }}"),
                        cut: Cut::Block {
                            first: i == 0,
                            last: i + 1 == count,
                        },
                    });
                }
            }
        }
    }
    chunks
}

/// Joins texts into groups of about [`CHUNK_BYTES`].
fn group(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut groups = Vec::new();
    let mut current = String::new();
    for text in texts {
        if !current.is_empty() && current.len() + text.len() > CHUNK_BYTES {
            groups.push(std::mem::take(&mut current));
        }
        current.push_str(&text);
        current.push('\n');
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

fn format_chunk(text: &str, cut: Cut) -> Result<String, String> {
    let file = syn::parse_file(text)
        .map_err(|err| format!("internal error: generated Rust does not parse: {err}"))?;
    let formatted = rust::pretty(&file);
    Ok(match cut {
        Cut::Whole => formatted,
        Cut::Block { first, last } => cut_block(&formatted, first, last),
    })
}

/// The lines of a formatted block item that belong to this chunk.
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

/// The work shared by the threads: modules to build, chunks to format.
struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
}

struct QueueState {
    waiting: VecDeque<Task>,
    /// Modules not built yet: until they are, more chunks may come.
    unbuilt: usize,
}

type Formatted = (Slot, Result<String, String>);

impl Queue {
    fn new(modules: usize) -> Self {
        Queue {
            state: Mutex::new(QueueState {
                waiting: (0..modules).map(Task::Build).collect(),
                unbuilt: modules,
            }),
            ready: Condvar::new(),
        }
    }

    /// Builds and formats until no work is left.
    fn work(&self, modules: &[Module]) -> Vec<Formatted> {
        let mut done = Vec::new();
        while let Some(task) = self.next() {
            match task {
                Task::Build(module) => {
                    let chunks = chunks_of((modules[module].build)());
                    let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                    for (index, chunk) in chunks.into_iter().enumerate() {
                        state
                            .waiting
                            .push_back(Task::Format((module, index), chunk));
                    }
                    state.unbuilt -= 1;
                    self.ready.notify_all();
                }
                Task::Format(slot, chunk) => {
                    done.push((slot, format_chunk(&chunk.text, chunk.cut)));
                }
            }
        }
        done
    }

    fn next(&self) -> Option<Task> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(task) = state.waiting.pop_front() {
                return Some(task);
            }
            if state.unbuilt == 0 {
                return None;
            }
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(build: impl Fn() -> Vec<Part> + Send + Sync) -> String {
        let modules = vec![Module {
            path: "src/x.rs",
            build: Box::new(build),
        }];
        format_modules(modules).unwrap().remove(0).1
    }

    /// A block cut into many chunks reads as the block formatted whole.
    #[test]
    fn a_block_cut_into_chunks_joins_back() {
        let chunked = one(|| {
            let members = (0..7)
                .map(|i| {
                    let name = quote::format_ident!("method_{i}");
                    let text = "x".repeat(CHUNK_BYTES / 3);
                    quote! {
                        /// A method.
                        fn #name(&self) -> &'static str { #text }
                    }
                })
                .collect();
            vec![
                Part::Items(vec![quote!(
                    use std::fmt;
                )]),
                Part::Block {
                    attrs: quote!(#[doc = " The trait."]),
                    head: quote!(pub trait Api),
                    members,
                },
            ]
        });
        assert!(
            chunked.starts_with(
                "use std::fmt;\n\n/// The trait.\npub trait Api {\n    /// A method.\n"
            ),
            "{chunked}"
        );
        assert_eq!(chunked.matches("pub trait Api {").count(), 1, "{chunked}");
        assert_eq!(chunked.matches("\n}\n").count(), 1, "{chunked}");
        assert_eq!(chunked.matches("    fn method_").count(), 7);
        assert!(
            chunked.contains("\n    }\n\n    /// A method.\n    fn method_3"),
            "{chunked}"
        );
        assert!(chunked.ends_with("\n    }\n}\n"), "{chunked}");
    }

    #[test]
    fn an_empty_block_keeps_its_braces() {
        let text = one(|| {
            vec![Part::Block {
                attrs: quote!(),
                head: quote!(pub trait Api),
                members: Vec::new(),
            }]
        });
        assert_eq!(text, "pub trait Api {}\n");
    }
}
