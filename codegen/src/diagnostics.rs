//! Problems found in a spec, each tied to the place in the document it comes from.

use std::fmt;

/// How bad a problem is: errors stop generation, warnings degrade one construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The construct is skipped or degraded; generation goes on.
    Warning,
    /// Generation stops: [`generate`](crate::generate) returns every diagnostic as its `Err`.
    Error,
}

/// One problem, located by JSON pointer (and line, when the parser knows it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Whether the problem stops generation.
    pub severity: Severity,
    /// JSON pointer into the document, e.g. `#/components/schemas/Pet`.
    pub pointer: String,
    /// 1-based line in the source file, when known.
    pub line: Option<usize>,
    /// The file the pointer refers to, when it is not the main document.
    pub file: Option<String>,
    /// What is wrong (and, where it helps, what to do), printed after the pointer.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` (`#` for the whole document), with no line or file yet.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            line: None,
            file: None,
            message: message.into(),
        }
    }

    /// A warning at `pointer` (`#` for the whole document), with no line or file yet.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pointer, message)
        }
    }

    /// Sets the 1-based line in the source file; `None` leaves it unknown.
    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    /// Names the file the diagnostic is about, printed before the line (`specs/pets.yaml:12:`).
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
            }
            f.write_str(" ")?;
        } else if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Escapes one reference token for use in a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON Pointer token as written (`~1` is `/`, `~0` is `~`).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The name a reference ends with (`#/components/schemas/Pet` → `Pet`),
/// unescaped.
pub fn last_token(reference: &str) -> String {
    unescape_token(reference.rsplit('/').next().unwrap_or(reference))
}

/// Extends a pointer by one token.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// A `$ref` fragment as a JSON pointer: URI fragments are percent-encoded
/// (`#/paths/~1jobs~1%7Bid%7D`), pointers are not.
pub fn decode_fragment(fragment: &str) -> std::borrow::Cow<'_, str> {
    if !fragment.contains('%') {
        return std::borrow::Cow::Borrowed(fragment);
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}
