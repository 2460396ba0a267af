//! Lint reports as text (terminal), JSON (tools) or SARIF 2.1.0 (code
//! scanning UIs, which show each finding on the pull request's line).

use serde_json::json;

use super::{RULES, Report, Severity, rule};

/// Output format of `codegen lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line: severity[rule]: message` with the place and the fix, then the counts.
    Text,
    /// One pretty-printed JSON object: the findings, each with its rule's fix, and the counts.
    Json,
    /// SARIF 2.1.0 with the whole rule catalogue, for code scanning uploads.
    Sarif,
}

/// Renders a report; `file` names the spec as the user gave it.
pub fn render(report: &Report, file: &str, format: Format) -> String {
    match format {
        Format::Text => text(report, file),
        Format::Json => {
            let findings: Vec<_> = report
                .findings
                .iter()
                .map(|f| {
                    json!({
                        "rule": f.rule,
                        "severity": f.severity.as_str(),
                        "message": f.message,
                        "pointer": f.pointer,
                        "line": f.line,
                        "fix": rule(f.rule).map(|r| r.fix),
                    })
                })
                .collect();
            let value = json!({
                "file": file,
                "findings": findings,
                "summary": {
                    "errors": report.count(Severity::Error),
                    "warnings": report.count(Severity::Warning),
                    "info": report.count(Severity::Info),
                    "ignored": report.ignored,
                },
            });
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        Format::Sarif => sarif(report, file),
    }
}

fn text(report: &Report, file: &str) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let place = match f.line {
            Some(line) => format!("{file}:{line}"),
            None => file.to_owned(),
        };
        out += &format!(
            "{place}: {}[{}]: {}\n  at {}\n",
            f.severity, f.rule, f.message, f.pointer
        );
        if let Some(rule) = rule(f.rule) {
            out += &format!("  fix: {}\n", rule.fix);
        }
    }
    out += &format!(
        "{file}: {} error(s), {} warning(s), {} info{}\n",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        if report.ignored > 0 {
            format!(", {} ignored by configuration", report.ignored)
        } else {
            String::new()
        }
    );
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif(report: &Report, file: &str) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "help": {"text": r.fix},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let mut physical = json!({"artifactLocation": {"uri": file}});
            if let Some(line) = f.line {
                physical["region"] = json!({"startLine": line});
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == f.rule),
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": f.pointer, "kind": "member"}],
                }],
            })
        })
        .collect();
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "specforge-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
