//! JSON pointer → line, for YAML and JSON documents.
//!
//! Built on demand (lint, diff and error reports need it; generation does
//! not) by a second, value-free pass over the text: YAML through the same
//! event parser as [`super::parse`], using its spans; JSON through a small
//! scanner here. The index is a tree shaped like the document, so no pointer
//! string is built per node.

use saphyr_parser::{Event, Parser};

use super::parse::looks_like_json;

/// Lines of the places in one document.
#[derive(Debug, Default)]
pub struct LineIndex {
    root: Node,
}

#[derive(Debug, Default)]
struct Node {
    /// 1-based line where the member's key (or the item) starts.
    line: u32,
    children: Children,
}

#[derive(Debug, Default)]
enum Children {
    #[default]
    Leaf,
    Map(Vec<(Box<str>, Node)>),
    Seq(Vec<Node>),
}

impl LineIndex {
    /// Indexes `text` (YAML or JSON, as [`super::parse_document`] decides).
    /// A document that does not parse gives an empty index: every lookup
    /// answers `None`.
    pub fn build(text: &str) -> Self {
        let root = if looks_like_json(text) {
            JsonScanner::new(text).document()
        } else {
            yaml_tree(text)
        };
        Self {
            root: root.unwrap_or_default(),
        }
    }

    /// The line of the place `pointer` (`#/paths/~1pets/get`) names, when it
    /// exists in the document as written.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        match self.walk(pointer) {
            (node, true) if node.line > 0 => Some(node.line as usize),
            _ => None,
        }
    }

    /// The line of `pointer`, or of its deepest ancestor that exists (a
    /// missing member is reported where it should have been).
    pub fn nearest_line(&self, pointer: &str) -> Option<usize> {
        let (node, _) = self.walk(pointer);
        (node.line > 0).then_some(node.line as usize)
    }

    /// The deepest node on the way to `pointer`, and whether it is the one named.
    fn walk(&self, pointer: &str) -> (&Node, bool) {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        let mut node = &self.root;
        if path.is_empty() {
            return (node, true);
        }
        for raw in path.strip_prefix('/').unwrap_or(path).split('/') {
            let token = unescape(raw);
            let next = match &node.children {
                Children::Map(members) => members
                    .iter()
                    .find(|(key, _)| **key == *token)
                    .map(|(_, n)| n),
                Children::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                Children::Leaf => None,
            };
            match next {
                Some(next) => node = next,
                None => return (node, false),
            }
        }
        (node, true)
    }
}

fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        crate::diagnostics::unescape_token(token).into()
    } else {
        token.into()
    }
}

/// Builds the tree from a stack of open containers.
#[derive(Default)]
struct TreeBuilder {
    /// Open containers, each with the key waiting for its value (maps).
    stack: Vec<(Node, Option<Box<str>>)>,
    root: Option<Node>,
    /// Line of the last key read.
    key_line: Option<u32>,
}

impl TreeBuilder {
    fn place(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((parent, key)) => match &mut parent.children {
                Children::Map(members) => {
                    if let Some(key) = key.take() {
                        members.push((key, node));
                    }
                }
                Children::Seq(items) => items.push(node),
                Children::Leaf => {}
            },
        }
    }

    /// The line a new value at the current position gets: its key's line in
    /// a mapping, its own in a sequence.
    fn line_for(&self, own: u32) -> u32 {
        match self.stack.last() {
            Some((
                Node {
                    children: Children::Map(_),
                    ..
                },
                Some(_),
            )) => self.key_line.unwrap_or(own),
            _ => own,
        }
    }
}

fn yaml_tree(text: &str) -> Option<Node> {
    let mut tree = YamlTree::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let line = span.start.line() as u32;
        match event {
            Event::Scalar(value, ..) => tree.scalar(&value, line),
            Event::Alias(_) => tree.scalar("", line),
            Event::SequenceStart(..) => tree.open(Children::Seq(Vec::new()), line),
            Event::MappingStart(..) => tree.open(Children::Map(Vec::new()), line),
            Event::SequenceEnd | Event::MappingEnd => tree.close(),
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    tree.builder.root
}

#[derive(Default)]
struct YamlTree {
    builder: TreeBuilder,
}

impl YamlTree {
    fn expecting_key(&self) -> bool {
        matches!(
            self.builder.stack.last(),
            Some((
                Node {
                    children: Children::Map(_),
                    ..
                },
                None
            ))
        )
    }

    fn scalar(&mut self, value: &str, line: u32) {
        if self.expecting_key() {
            self.builder.key_line = Some(line);
            if let Some((_, key)) = self.builder.stack.last_mut() {
                *key = Some(value.into());
            }
            return;
        }
        let line = self.builder.line_for(line);
        self.builder.place(Node {
            line,
            children: Children::Leaf,
        });
    }

    fn open(&mut self, children: Children, line: u32) {
        if self.expecting_key() {
            // A complex key: keep the structure balanced, index nothing in it.
            if let Some((_, key)) = self.builder.stack.last_mut() {
                *key = Some("".into());
            }
        }
        let line = self.builder.line_for(line);
        self.builder.stack.push((Node { line, children }, None));
    }

    fn close(&mut self) {
        if let Some((node, _)) = self.builder.stack.pop() {
            self.builder.place(node);
        }
    }
}

/// A forgiving scanner for JSON text that serde_json accepts: it only tracks
/// structure, keys and lines.
struct JsonScanner<'t> {
    bytes: &'t [u8],
    at: usize,
    line: u32,
    builder: TreeBuilder,
}

impl<'t> JsonScanner<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            builder: TreeBuilder::default(),
        }
    }

    fn document(mut self) -> Option<Node> {
        // Expecting a key after `{` or `,` inside an object.
        let mut want_key = false;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.at += 1;
                }
                b'{' | b'[' => {
                    let children = if b == b'{' {
                        Children::Map(Vec::new())
                    } else {
                        Children::Seq(Vec::new())
                    };
                    let line = self.builder.line_for(self.line);
                    self.builder.stack.push((Node { line, children }, None));
                    want_key = b == b'{';
                    self.at += 1;
                }
                b'}' | b']' => {
                    let (node, _) = self.builder.stack.pop()?;
                    self.builder.place(node);
                    want_key = false;
                    self.at += 1;
                }
                b',' => {
                    want_key = matches!(
                        self.builder.stack.last(),
                        Some((
                            Node {
                                children: Children::Map(_),
                                ..
                            },
                            _
                        ))
                    );
                    self.at += 1;
                }
                b'"' => {
                    let line = self.line;
                    let text = self.string()?;
                    if want_key {
                        self.builder.key_line = Some(line);
                        if let Some((_, key)) = self.builder.stack.last_mut() {
                            *key = Some(text.into());
                        }
                        want_key = false;
                    } else {
                        let line = self.builder.line_for(line);
                        self.builder.place(Node {
                            line,
                            children: Children::Leaf,
                        });
                    }
                }
                b' ' | b'\t' | b'\r' | b':' => self.at += 1,
                _ => {
                    // A number or a literal: runs until a delimiter.
                    let line = self.builder.line_for(self.line);
                    while let Some(&c) = self.bytes.get(self.at) {
                        if matches!(c, b',' | b'}' | b']' | b'\n' | b' ' | b'\t' | b'\r') {
                            break;
                        }
                        self.at += 1;
                    }
                    self.builder.place(Node {
                        line,
                        children: Children::Leaf,
                    });
                }
            }
        }
        self.builder.root
    }

    /// Reads a string starting at the opening quote; decodes it only when it
    /// has escapes.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let raw = &self.bytes[start..self.at];
        if escaped {
            serde_json::from_slice(raw).ok()
        } else {
            Some(String::from_utf8_lossy(&raw[1..raw.len() - 1]).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /pets/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - $ref: '#/x'\n      responses:\n        200: {description: ok}\n";

    #[test]
    fn yaml_pointers_resolve_to_key_lines() {
        let index = LineIndex::build(YAML);
        assert_eq!(index.line_of("#/openapi"), Some(1));
        assert_eq!(index.line_of("#/paths/~1pets~1{id}/get"), Some(4));
        assert_eq!(
            index.line_of("#/paths/~1pets~1{id}/get/parameters/1"),
            Some(8)
        );
        assert_eq!(
            index.line_of("#/paths/~1pets~1{id}/get/parameters/0/in"),
            Some(7)
        );
        assert_eq!(
            index.line_of("#/paths/~1pets~1{id}/get/responses/200/description"),
            Some(10)
        );
        assert_eq!(index.line_of("#/paths/~1pets~1{id}/get/security"), None);
        assert_eq!(
            index.nearest_line("#/paths/~1pets~1{id}/get/security"),
            Some(4)
        );
    }

    #[test]
    fn json_pointers_resolve_to_key_lines() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\\/b\": {\n      \"get\": {\"x\": [1,\n 2, {\"y\": true}]}\n    }\n  }\n}\n";
        let index = LineIndex::build(text);
        assert_eq!(index.line_of("#/openapi"), Some(2));
        assert_eq!(index.line_of("#/paths/~1a~1b/get"), Some(5));
        assert_eq!(index.line_of("#/paths/~1a~1b/get/x/2/y"), Some(6));
        assert_eq!(index.line_of("#/paths/~1a~1b/get/x/1"), Some(6));
        assert_eq!(index.line_of("#/nothing"), None);
    }

    #[test]
    fn unparsable_text_answers_nothing() {
        assert_eq!(LineIndex::build("a: [1,\n").line_of("#/a"), None);
    }
}
