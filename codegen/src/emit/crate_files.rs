//! Non-Rust files of the generated crate, rendered from `templates/`.

use askama::Template;

use super::{CrateSettings, EmitError, Usage};
use crate::ir::Api;

#[derive(Template)]
#[template(path = "Cargo.toml.txt", escape = "none")]
struct CargoToml<'a> {
    generator_version: &'a str,
    spec_file: &'a str,
    crate_name: &'a str,
    api_version: String,
    description: String,
    runtime_dependency: &'a str,
    uses_chrono: bool,
    uses_uuid: bool,
    has_operations: bool,
    has_webhooks: bool,
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    generator_version: &'a str,
    spec_file: &'a str,
    title: &'a str,
    api_version: &'a str,
    description: &'a str,
    type_count: usize,
    operation_count: usize,
}

pub(super) fn cargo_toml(
    api: &Api,
    settings: &CrateSettings,
    usage: &Usage,
) -> Result<String, EmitError> {
    CargoToml {
        generator_version: env!("CARGO_PKG_VERSION"),
        spec_file: &settings.spec_file,
        crate_name: &settings.crate_name,
        api_version: semver_of(&api.version),
        description: toml_escape(&format!(
            "Generated client, server and models for {}",
            api.title.trim()
        )),
        runtime_dependency: &settings.runtime_dependency,
        uses_chrono: usage.chrono,
        uses_uuid: usage.uuid,
        has_operations: !api.operations.is_empty(),
        has_webhooks: !api.webhooks.is_empty(),
    }
    .render()
    .map_err(|err| EmitError::Template {
        file: "Cargo.toml",
        message: err.to_string(),
    })
}

pub(super) fn readme(api: &Api, settings: &CrateSettings) -> Result<String, EmitError> {
    Readme {
        generator_version: env!("CARGO_PKG_VERSION"),
        spec_file: &settings.spec_file,
        title: api.title.trim(),
        api_version: &api.version,
        description: api.description.as_deref().unwrap_or("").trim(),
        type_count: api.types.len(),
        operation_count: api.operations.len(),
    }
    .render()
    .map_err(|err| EmitError::Template {
        file: "README.md",
        message: err.to_string(),
    })
}

/// API versions are free text; Cargo needs semver. `2.1` → `2.1.0`, anything
/// unusable → `0.1.0`.
fn semver_of(version: &str) -> String {
    let core: Vec<&str> = version.trim().trim_start_matches('v').split('.').collect();
    let numbers: Option<Vec<u64>> = core.iter().take(3).map(|p| p.parse().ok()).collect();
    match numbers.as_deref() {
        Some([major]) => format!("{major}.0.0"),
        Some([major, minor]) => format!("{major}.{minor}.0"),
        Some([major, minor, patch]) => format!("{major}.{minor}.{patch}"),
        _ => "0.1.0".into(),
    }
}

/// The text as the contents of a TOML basic string, on one line.
fn toml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            // TOML forbids control characters other than tab in strings.
            c if c.is_control() && c != '\t' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::semver_of;

    #[test]
    fn versions_become_semver() {
        let cases = [
            ("1.0.0", "1.0.0"),
            ("2.1", "2.1.0"),
            ("v3", "3.0.0"),
            ("2024-01-01", "0.1.0"),
            ("1.0.0-beta", "0.1.0"),
        ];
        for (version, semver) in cases {
            assert_eq!(semver_of(version), semver, "{version}");
        }
    }
}
