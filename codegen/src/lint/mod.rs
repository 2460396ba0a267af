//! `codegen lint`: design rules for the contract, from the API-design
//! guidance this project follows (`DESIGN.md` and its seed documents).
//!
//! Rules read the loaded document as written (bundled and lowered to the 3.0
//! shape, so pointers name places in the file) and report [`Finding`]s with
//! a JSON pointer and, through the loader's line index, a line. The catalogue
//! is the table [`RULES`]; a configuration file beside the spec turns rules
//! off, changes their severity or ignores places, each with a reason.

mod config;
mod document;
mod examples;
mod report;
mod rules;

use std::fmt;

pub use config::{Config, ConfigError, RuleSetting};
pub use report::{Format, render};
pub use rules::RULES;

use crate::load::LoadedSpec;

/// How much a finding matters; `Error` fails `codegen lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Advice: reported, never fails the run (a SARIF `note`).
    Info,
    /// Should be fixed: reported, but `codegen lint` still succeeds.
    Warning,
    /// Must be fixed: `codegen lint` exits 1 while one is left.
    Error,
}

impl Severity {
    /// The lowercase name reports print (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity as the configuration file writes it: `info` (or `hint`), `warning`
    /// (or `warn`), `error`; `None` for anything else (`off` is the configuration's business).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" | "hint" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule of the catalogue.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, used in configuration files and reports.
    pub id: &'static str,
    /// The severity of its findings unless the configuration changes it.
    pub severity: Severity,
    /// What the rule asks, in one line.
    pub summary: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
}

/// A place in the document that breaks a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Id of the broken rule, as in [`RULES`].
    pub rule: &'static str,
    /// The rule's severity, after configuration.
    pub severity: Severity,
    /// What is wrong at this place, in one line (the rule's `fix` says how to mend it).
    pub message: String,
    /// JSON pointer of the place (`#/paths/~1pets/get`).
    pub pointer: String,
    /// 1-based line of the place (or of its nearest written ancestor).
    pub line: Option<usize>,
}

/// The outcome of linting one document.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by line, then pointer.
    pub findings: Vec<Finding>,
    /// Findings dropped by `ignore` entries of the configuration.
    pub ignored: usize,
}

impl Report {
    /// Whether an error-level finding is left.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// How many findings are at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs every rule the configuration leaves on over a loaded document.
pub fn lint(loaded: &LoadedSpec, config: &Config) -> Report {
    let mut raw = rules::check_all(&loaded.raw);
    raw.extend(rules::check_written(&loaded.source));
    let lines = loaded.lines();
    let mut report = Report::default();
    for (rule_id, pointer, message) in raw {
        let Some(rule) = rule(rule_id) else { continue };
        let Some(severity) = config.severity(rule) else {
            continue;
        };
        if config.ignores(rule_id, &pointer) {
            report.ignored += 1;
            continue;
        }
        report.findings.push(Finding {
            rule: rule.id,
            severity,
            line: lines.nearest_line(&pointer),
            message,
            pointer,
        });
    }
    report
        .findings
        .sort_by(|a, b| (a.line, &a.pointer, a.rule).cmp(&(b.line, &b.pointer, b.rule)));
    report.findings.dedup();
    report
}
