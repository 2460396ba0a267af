//! The lint configuration file, `specforge-lint.yaml` beside the spec:
//!
//! ```yaml
//! rules:
//!   path-casing: {severity: off, reason: "paths mirror a legacy gateway"}
//!   integer-format: {severity: error, reason: "int64 ids must be explicit"}
//! ignore:
//!   - pointer: "#/paths/~1legacy"
//!     rules: [path-nouns]          # omitted: every rule
//!     reason: "removed in v3"
//! ```
//!
//! Every entry needs a reason, so a relaxed rule explains itself in review.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Rule, Severity};

/// The name of the configuration file looked for beside the spec.
pub(super) const FILE_NAME: &str = "specforge-lint.yaml";

/// A rule's setting: off, or a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    /// `severity: off`: the rule's findings are dropped.
    Off,
    /// The rule's findings are reported at this severity instead of its default.
    Severity(Severity),
}

/// A parsed lint configuration: the `rules` settings and `ignore` entries of the file. The
/// default (no file) leaves every rule at its own severity and ignores nothing.
#[derive(Debug, Default)]
pub struct Config {
    rules: Vec<(String, RuleSetting)>,
    ignores: Vec<Ignore>,
    /// Where the configuration was read from, if anywhere.
    pub source: Option<PathBuf>,
}

#[derive(Debug)]
struct Ignore {
    pointer: String,
    rules: Vec<String>,
}

/// A configuration file that cannot be used.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rules: std::collections::BTreeMap<String, RuleEntry>,
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    severity: String,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreEntry {
    pointer: String,
    #[serde(default)]
    rules: Vec<String>,
    reason: Option<String>,
}

impl Config {
    /// Reads `path` explicitly, or `specforge-lint.yaml` beside the spec
    /// when it exists (no file: every rule at its default).
    pub fn for_spec(spec: &Path, path: Option<&Path>) -> Result<Self, ConfigError> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => {
                let beside = spec.parent().unwrap_or(Path::new(".")).join(FILE_NAME);
                if !beside.is_file() {
                    return Ok(Self::default());
                }
                beside
            }
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|err| ConfigError(format!("cannot read {}: {err}", path.display())))?;
        let mut config = Self::parse(&text)
            .map_err(|err| ConfigError(format!("{}: {}", path.display(), err.0)))?;
        config.source = Some(path);
        Ok(config)
    }

    /// Parses the configuration's text (YAML or JSON).
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let value =
            crate::load::parse_document(text, None).map_err(|d| ConfigError(d.to_string()))?;
        let value = if value.is_null() {
            serde_json::json!({})
        } else {
            value
        };
        let file: File =
            serde_json::from_value(value).map_err(|err| ConfigError(err.to_string()))?;
        let mut config = Self::default();
        for (id, entry) in file.rules {
            if super::rule(&id).is_none() {
                return Err(ConfigError(format!("unknown rule `{id}`")));
            }
            if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(ConfigError(format!("rules.{id}: give a `reason`")));
            }
            let setting = match entry.severity.as_str() {
                "off" => RuleSetting::Off,
                other => RuleSetting::Severity(Severity::parse(other).ok_or_else(|| {
                    ConfigError(format!(
                        "rules.{id}: severity `{other}` is not off, info, warning or error"
                    ))
                })?),
            };
            config.rules.push((id, setting));
        }
        for (i, entry) in file.ignore.into_iter().enumerate() {
            if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(ConfigError(format!("ignore[{i}]: give a `reason`")));
            }
            if let Some(unknown) = entry.rules.iter().find(|r| super::rule(r).is_none()) {
                return Err(ConfigError(format!(
                    "ignore[{i}]: unknown rule `{unknown}`"
                )));
            }
            if !entry.pointer.starts_with('#') {
                return Err(ConfigError(format!(
                    "ignore[{i}]: `pointer` must be a JSON pointer such as `#/paths/~1pets`"
                )));
            }
            config.ignores.push(Ignore {
                pointer: entry.pointer,
                rules: entry.rules,
            });
        }
        Ok(config)
    }

    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.rules.iter().find(|(id, _)| id == rule.id) {
            Some((_, RuleSetting::Off)) => None,
            Some((_, RuleSetting::Severity(s))) => Some(*s),
            None => Some(rule.severity),
        }
    }

    /// Whether a finding of `rule` at `pointer` is ignored: an entry's
    /// pointer is the place itself or one of its ancestors.
    pub fn ignores(&self, rule: &str, pointer: &str) -> bool {
        self.ignores.iter().any(|ignore| {
            let inside = pointer == ignore.pointer
                || pointer
                    .strip_prefix(ignore.pointer.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
            inside && (ignore.rules.is_empty() || ignore.rules.iter().any(|r| r == rule))
        })
    }
}
