//! `codegen diff OLD NEW`: every change between two versions of a spec,
//! classified for clients on the wire ([`Level`]) with the pointer and line
//! on both sides, and the semver verdict for the generated crate
//! ([`semver`]).
//!
//! The wire diff reads the loaded (bundled, lowered) documents; the semver
//! verdict reads the IR of both through [`surface`], the one place that
//! knows the IR's types.

mod kinds;
mod report;
mod schema;
pub mod semver;
pub mod surface;
mod wire;

use std::path::Path;
use std::process::Command;

pub use kinds::{KINDS, Kind, kind};
pub use report::{Format, render};

use crate::diagnostics::Diagnostic;
use crate::load::LoadedSpec;

/// How a change affects clients on the wire, ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Harmless to clients written against the old document.
    Compatible,
    /// Breaks some clients, or may, depending on how they are written.
    Potential,
    /// Breaks clients written against the old document.
    Breaking,
}

impl Level {
    /// The level as reports print it (`potentially breaking` for [`Level::Potential`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Compatible => "compatible",
            Level::Potential => "potentially breaking",
            Level::Breaking => "breaking",
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "breaking" => Ok(Level::Breaking),
            "potential" | "potentially-breaking" => Ok(Level::Potential),
            _ => Err(format!("unknown level `{s}`: breaking or potential")),
        }
    }
}

/// A place on one side of the diff.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// JSON pointer into that side's loaded (bundled, lowered) document.
    pub pointer: String,
    /// 1-based line of the pointer, or of its nearest written ancestor; `None` when unknown.
    pub line: Option<usize>,
}

/// One change between the documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Id in [`KINDS`].
    pub kind: &'static str,
    /// The level of its kind in [`KINDS`].
    pub level: Level,
    /// What changed, in one line naming the item (`/pets/{id} was removed`).
    pub message: String,
    /// Where it is in the old document; for an addition, the enclosing place that gained it.
    pub old: Option<Location>,
    /// Where it is in the new document; for a removal, the enclosing place that lost it.
    pub new: Option<Location>,
}

/// The whole outcome.
#[derive(Debug)]
pub struct Report {
    /// Breaking first, then by the new side's line.
    pub changes: Vec<Change>,
    /// What the changes do to the generated crate's semver.
    pub semver: semver::Verdict,
}

impl Report {
    /// How many changes are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }
}

/// One side: the loaded document and the IR built from it.
pub struct Input {
    /// The document as loaded; the wire diff reads its lowered `raw` value.
    pub loaded: LoadedSpec,
    /// The public Rust API generated from the document, for the semver verdict.
    pub surface: surface::Surface,
}

impl Input {
    /// Loads `spec`: a file, or `REV:PATH` for a file in a git revision
    /// (`main:specs/catalog.yaml`, read with `git show`).
    pub fn load(spec: &str) -> Result<Self, Vec<Diagnostic>> {
        let path = Path::new(spec);
        let loaded = if path.exists() {
            crate::load::load_file(path)?
        } else if let Some((rev, file)) = spec.split_once(':').filter(|(rev, _)| !rev.is_empty()) {
            let text = git_show(rev, file).map_err(|e| vec![Diagnostic::error("#", e)])?;
            crate::load::load_text(&text, None)?
        } else {
            return Err(vec![Diagnostic::error(
                "#",
                format!("cannot read {spec}: no such file"),
            )]);
        };
        Ok(Self::from_loaded(loaded))
    }

    /// Builds the IR of a loaded document (its diagnostics are `generate`'s
    /// business: the surface is read from whatever the IR could type), each
    /// repeated inline type under its own name.
    pub fn from_loaded(loaded: LoadedSpec) -> Self {
        let mut diagnostics = Vec::new();
        let api = crate::ir::build_with(&loaded, crate::ir::Repeats::Apart, &mut diagnostics);
        let surface = surface::of(&api);
        Self { loaded, surface }
    }
}

fn git_show(rev: &str, file: &str) -> Result<String, String> {
    // `rev:./file` is relative to the current directory, `rev:file` to the
    // repository's root, as git has it.
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{file}")])
        .output()
        .map_err(|err| format!("cannot run git to read {rev}:{file}: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "cannot read {rev}:{file} from git: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{rev}:{file} is not UTF-8"))
}

/// Diffs two loaded inputs.
pub fn diff(old: &Input, new: &Input) -> Report {
    let mut differ = wire::Differ::new(&old.loaded.raw, &new.loaded.raw);
    differ.run();
    let (old_lines, new_lines) = std::thread::scope(|scope| {
        let old_lines = scope.spawn(|| old.loaded.lines());
        let new_lines = new.loaded.lines();
        (old_lines.join().ok(), new_lines)
    });
    let locate = |pointer: Option<String>, lines: Option<&crate::load::LineIndex>| {
        pointer.map(|pointer| Location {
            line: lines.and_then(|l| l.nearest_line(&pointer)),
            pointer,
        })
    };
    let mut seen = std::collections::HashSet::new();
    let mut changes: Vec<Change> = differ
        .found
        .into_iter()
        .filter(|f| seen.insert((f.kind, f.old.clone(), f.new.clone())))
        .map(|f| Change {
            kind: f.kind,
            level: kind(f.kind).map_or(Level::Potential, |k| k.level),
            message: f.message,
            old: locate(f.old, old_lines),
            new: locate(f.new, Some(new_lines)),
        })
        .collect();
    changes.sort_by(|a, b| {
        let line = |c: &Change| c.new.as_ref().and_then(|l| l.line).unwrap_or(usize::MAX);
        b.level.cmp(&a.level).then(line(a).cmp(&line(b)))
    });
    let semver = semver::verdict(&old.surface, &new.surface, !changes.is_empty());
    Report { changes, semver }
}

/// Diffs two documents given as text (tests, tools).
pub fn diff_texts(old: &str, new: &str) -> Result<Report, Vec<Diagnostic>> {
    let old = Input::from_loaded(crate::load::load_text(old, None)?);
    let new = Input::from_loaded(crate::load::load_text(new, None)?);
    Ok(diff(&old, &new))
}
