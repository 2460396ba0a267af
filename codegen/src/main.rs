//! The `codegen` command. With no arguments it regenerates `generated-example/`
//! from the main example spec; `codegen generate` writes a crate for any spec,
//! `codegen lint` checks a spec against the design rules, `codegen diff`
//! classifies the changes between two versions of a spec.
//!
//! Exit codes: 0 success, 1 drift found by `--check` (a lint error, a change
//! at the `--fail-on` level), 2 invalid input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::write::{Mode, write_files};
use codegen::{Options, Runtime};

// Generation allocates and frees millions of small token and syntax nodes on
// every core; mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    version,
    about = "Generate a Rust crate (models, axum server, reqwest client) from an OpenAPI 3.0/3.1/3.2 document"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand: check `generated-example/` for drift instead of writing it.
    #[arg(long)]
    check: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one crate from a spec.
    Generate {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
        /// Directory of the generated crate.
        #[arg(long)]
        out: PathBuf,
        /// Package name of the generated crate [default: from the spec's title].
        #[arg(long)]
        name: Option<String>,
        /// Depend on specforge-runtime by path (else by version).
        #[arg(long)]
        runtime_path: Option<PathBuf>,
        /// Write nothing; exit 1 and list the files that would change.
        #[arg(long)]
        check: bool,
        /// Do not print warnings.
        #[arg(long, short)]
        quiet: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check a spec against the design rules (exit 1 on an error-level finding).
    Lint {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
        /// Output format: text, json or sarif.
        #[arg(long, default_value = "text")]
        format: codegen::lint::Format,
        /// Configuration file [default: specforge-lint.yaml beside the spec, if any].
        #[arg(long)]
        config: Option<PathBuf>,
        /// List the rules and exit.
        #[arg(long)]
        list_rules: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Classify every change between two versions of a spec, and its effect
    /// on the generated crate's semver.
    Diff {
        /// The old document: a path, or `REV:PATH` for a file in a git revision.
        old: String,
        /// The new document: a path, or `REV:PATH`.
        new: String,
        /// Exit 1 when a change at or above this level is found: breaking or potential.
        #[arg(long)]
        fail_on: Option<codegen::diff::Level>,
        /// Output format: text, json or markdown.
        #[arg(long, default_value = "text")]
        format: codegen::diff::Format,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Generate {
            spec,
            out,
            name,
            runtime_path,
            check,
            quiet,
            timings,
        }) => run(
            &spec,
            &out,
            name,
            runtime_path.as_deref(),
            Flags {
                check,
                quiet,
                timings,
            },
        ),
        Some(Command::Lint {
            spec,
            format,
            config,
            list_rules,
            timings,
        }) => {
            if list_rules {
                for rule in codegen::lint::RULES {
                    println!("{:<28} {:<8} {}", rule.id, rule.severity, rule.summary);
                }
                return ExitCode::SUCCESS;
            }
            lint(&spec, format, config.as_deref(), timings)
        }
        Some(Command::Diff {
            old,
            new,
            fail_on,
            format,
            timings,
        }) => diff(&old, &new, fail_on, format, timings),
        None => {
            // The main job: the committed example, from the workspace this binary was built in.
            let root = Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap_or(Path::new("."));
            let spec = root.join("specs/catalog.yaml");
            let out = root.join("generated-example");
            let flags = Flags {
                check: cli.check,
                quiet: false,
                timings: false,
            };
            run(
                &spec,
                &out,
                Some("catalog-api".into()),
                Some(&root.join("runtime")),
                flags,
            )
        }
    }
}

struct Flags {
    check: bool,
    quiet: bool,
    timings: bool,
}

fn run(
    spec: &Path,
    out: &Path,
    name: Option<String>,
    runtime_path: Option<&Path>,
    flags: Flags,
) -> ExitCode {
    let Flags {
        check,
        quiet,
        timings,
    } = flags;
    // Without a name, the generator makes one from the spec's title.
    let mut options = Options::new(name.unwrap_or_default());
    if let Some(runtime) = runtime_path {
        options.runtime = Runtime::Path(relative_to(runtime, out));
    }
    let generated = match codegen::generate(spec, &options) {
        Ok(generated) => generated,
        Err(mut errors) => {
            add_lines(spec, &mut errors);
            return report_errors(spec, &errors);
        }
    };
    if !quiet {
        let mut warnings = generated.warnings.clone();
        add_lines(spec, &mut warnings);
        for warning in &warnings {
            eprintln!("{}: {warning}", spec.display());
        }
    }
    if timings {
        let stages: Vec<String> = generated
            .timings
            .iter()
            .map(|(stage, d)| format!("{stage} {} ms", d.as_millis()))
            .collect();
        eprintln!("{}: {}", spec.display(), stages.join(", "));
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    match write_files(out, &generated.files, mode) {
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", out.display());
            ExitCode::from(2)
        }
        Ok(changes) if check && !changes.is_empty() => {
            eprintln!("{} is out of date with {}:", out.display(), spec.display());
            for change in &changes {
                eprintln!("  {change}");
            }
            ExitCode::from(1)
        }
        Ok(changes) => {
            if !check {
                eprintln!(
                    "{}: {} file(s) written to {}",
                    spec.display(),
                    changes.len(),
                    out.display()
                );
            }
            ExitCode::SUCCESS
        }
    }
}

fn lint(
    spec: &Path,
    format: codegen::lint::Format,
    config: Option<&Path>,
    timings: bool,
) -> ExitCode {
    let start = std::time::Instant::now();
    let config = match codegen::lint::Config::for_spec(spec, config) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let loaded = match codegen::load::load_file(spec) {
        Ok(loaded) => loaded,
        Err(mut errors) => {
            add_lines(spec, &mut errors);
            return report_errors(spec, &errors);
        }
    };
    let loaded_at = start.elapsed();
    let report = codegen::lint::lint(&loaded, &config);
    print!(
        "{}",
        codegen::lint::render(&report, &spec.display().to_string(), format)
    );
    if timings {
        eprintln!(
            "{}: load {} ms, lint {} ms",
            spec.display(),
            loaded_at.as_millis(),
            (start.elapsed() - loaded_at).as_millis()
        );
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff(
    old: &str,
    new: &str,
    fail_on: Option<codegen::diff::Level>,
    format: codegen::diff::Format,
    timings: bool,
) -> ExitCode {
    let start = std::time::Instant::now();
    let (old_doc, new_doc) = std::thread::scope(|scope| {
        let old_doc = scope.spawn(|| codegen::diff::Input::load(old));
        let new_doc = codegen::diff::Input::load(new);
        (old_doc.join(), new_doc)
    });
    let old_doc =
        old_doc.unwrap_or_else(|_| Err(vec![codegen::Diagnostic::error("#", "loading failed")]));
    let (old_doc, new_doc) = match (old_doc, new_doc) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for (name, result) in [(old, o), (new, n)] {
                if let Err(errors) = result {
                    for error in &errors {
                        eprintln!("{name}: {error}");
                    }
                }
            }
            return ExitCode::from(2);
        }
    };
    let loaded_at = start.elapsed();
    let report = codegen::diff::diff(&old_doc, &new_doc);
    print!("{}", codegen::diff::render(&report, old, new, format));
    if timings {
        eprintln!(
            "diff: load {} ms, diff {} ms",
            loaded_at.as_millis(),
            (start.elapsed() - loaded_at).as_millis()
        );
    }
    match fail_on {
        Some(level) if report.changes.iter().any(|c| c.level >= level) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Gives each diagnostic about the main document the line of its pointer,
/// when the pointer names a place written in it.
fn add_lines(spec: &Path, diagnostics: &mut [codegen::Diagnostic]) {
    if diagnostics
        .iter()
        .all(|d| d.line.is_some() || d.file.is_some())
    {
        return;
    }
    let Ok(text) = std::fs::read_to_string(spec) else {
        return;
    };
    let lines = codegen::load::LineIndex::build(&text);
    for diagnostic in diagnostics.iter_mut() {
        if diagnostic.line.is_none() && diagnostic.file.is_none() {
            diagnostic.line = lines.line_of(&diagnostic.pointer);
        }
    }
}

fn report_errors(spec: &Path, errors: &[codegen::Diagnostic]) -> ExitCode {
    for error in errors {
        eprintln!("{}: {error}", spec.display());
    }
    let count = errors.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "{}: generation failed with {count} error(s)",
        spec.display()
    );
    ExitCode::from(2)
}

/// `target` as a path relative to `from` (both resolved against the current
/// directory), so the generated Cargo.toml stays valid wherever the tree moves.
fn relative_to(target: &Path, from: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let target = absolute(target);
    let from = absolute(from);
    let common = target
        .components()
        .zip(from.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let mut relative = PathBuf::new();
    for _ in 0..ups {
        relative.push("..");
    }
    relative.extend(target.components().skip(common));
    relative.to_string_lossy().into_owned()
}

fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
