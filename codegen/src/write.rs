//! Writing the generated crate: only files whose bytes changed are touched, and
//! check mode reports drift without writing anything.

use std::path::Path;

use crate::emit::GeneratedFile;

/// Whether [`write_files`] writes the changed files or only reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write every new or changed file, creating directories as needed.
    Write,
    /// Compare only.
    Check,
}

/// A generated file that differs from what is on disk, by its path relative to the output
/// directory (as in [`GeneratedFile::path`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The file did not exist (in check mode: it would be created).
    Created(String),
    /// The file existed with other bytes (in check mode: it would be rewritten).
    Updated(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Created(path) => write!(f, "new      {path}"),
            Change::Updated(path) => write!(f, "changed  {path}"),
        }
    }
}

/// Writes (or, in check mode, compares) `files` under `out`; returns what
/// differs from what was on disk.
pub fn write_files(
    out: &Path,
    files: &[GeneratedFile],
    mode: Mode,
) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        let change = match std::fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => continue,
            Ok(_) => Change::Updated(file.path.clone()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                Change::Created(file.path.clone())
            }
            Err(err) => return Err(err),
        };
        if mode == Mode::Write {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &file.contents)?;
        }
        changes.push(change);
    }
    Ok(changes)
}
