//! Diff reports as text (terminal), JSON (tools) or Markdown (a comment on
//! the pull request).

use serde_json::json;

use super::{Change, Level, Location, Report};

/// Output format of `codegen diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal: each change with both places, the semver items, a summary line.
    Text,
    /// One pretty-printed JSON object for tools: changes, semver items and counts.
    Json,
    /// A table of changes and a collapsed semver section, for a pull-request comment (`md`).
    #[value(alias = "md")]
    Markdown,
}

fn place(location: &Option<Location>) -> String {
    match location {
        None => "-".into(),
        Some(Location {
            pointer,
            line: Some(line),
        }) => format!("{pointer} (line {line})"),
        Some(Location {
            pointer,
            line: None,
        }) => pointer.clone(),
    }
}

fn summary(report: &Report) -> String {
    format!(
        "{} breaking, {} potentially breaking, {} compatible; generated crate: {} release",
        report.count(Level::Breaking),
        report.count(Level::Potential),
        report.count(Level::Compatible),
        report.semver.bump.as_str()
    )
}

/// Renders a report; `old` and `new` name the inputs as given.
pub fn render(report: &Report, old: &str, new: &str, format: Format) -> String {
    match format {
        Format::Text => {
            let mut out = format!("{old} → {new}\n");
            for c in &report.changes {
                out += &format!(
                    "{}[{}]: {}\n  old: {}\n  new: {}\n",
                    c.level.as_str(),
                    c.kind,
                    c.message,
                    place(&c.old),
                    place(&c.new)
                );
            }
            out += "semver of the generated crate:\n";
            for item in &report.semver.items {
                out += &format!(
                    "  {}: {} ({})\n",
                    item.bump.as_str(),
                    item.path,
                    item.reason
                );
            }
            out + &summary(report) + "\n"
        }
        Format::Json => {
            let location = |l: &Option<Location>| {
                l.as_ref()
                    .map(|l| json!({"pointer": l.pointer, "line": l.line}))
            };
            let changes: Vec<_> = report.changes.iter().map(|c: &Change| json!({
                "kind": c.kind,
                "level": match c.level { Level::Breaking => "breaking", Level::Potential => "potential", Level::Compatible => "compatible" },
                "message": c.message,
                "old": location(&c.old),
                "new": location(&c.new),
            })).collect();
            let items: Vec<_> = report
                .semver
                .items
                .iter()
                .map(|i| {
                    json!({
                        "rule": i.rule, "bump": i.bump.as_str(), "item": i.path, "reason": i.reason,
                    })
                })
                .collect();
            let value = json!({
                "old": old,
                "new": new,
                "changes": changes,
                "semver": {"bump": report.semver.bump.as_str(), "items": items},
                "summary": {
                    "breaking": report.count(Level::Breaking),
                    "potential": report.count(Level::Potential),
                    "compatible": report.count(Level::Compatible),
                },
            });
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        Format::Markdown => {
            let mut out = format!(
                "### API changes: `{old}` → `{new}`\n\n**{}**\n\n",
                summary(report)
            );
            if !report.changes.is_empty() {
                out += "| level | kind | change | old | new |\n| --- | --- | --- | --- | --- |\n";
                for c in &report.changes {
                    let icon = match c.level {
                        Level::Breaking => "🔴 breaking",
                        Level::Potential => "🟠 potential",
                        Level::Compatible => "🟢 compatible",
                    };
                    let cell = |s: String| s.replace('|', "\\|");
                    out += &format!(
                        "| {icon} | `{}` | {} | {} | {} |\n",
                        c.kind,
                        cell(c.message.clone()),
                        cell(place(&c.old)),
                        cell(place(&c.new))
                    );
                }
            }
            if !report.semver.items.is_empty() {
                out += &format!(
                    "\n<details><summary>Generated crate: <b>{}</b> release ({} item(s))</summary>\n\n| bump | item | why |\n| --- | --- | --- |\n",
                    report.semver.bump.as_str(),
                    report.semver.items.len()
                );
                for i in &report.semver.items {
                    out += &format!(
                        "| {} | `{}` | {} |\n",
                        i.bump.as_str(),
                        i.path,
                        i.reason.replace('|', "\\|")
                    );
                }
                out += "\n</details>\n";
            }
            out
        }
    }
}
