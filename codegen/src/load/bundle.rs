//! Multi-file specs: relative-file `$ref`s are pulled into the main document.
//!
//! Schemas are hoisted into `#/components/schemas` (keeping their names, so
//! recursive and shared schemas stay one type); any other referenced object
//! (parameter, response, path item, …) is inlined where it is used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::parse::parse_document_leniently;
use super::places::{Place, child_place, for_each_reference, is_external, is_remote, item_place};
use crate::diagnostics::{Diagnostic, escape_token};

/// The `$ref`s in reference positions that point outside the document, with
/// their pointers (literal data such as examples is not searched).
pub(super) fn external_refs(value: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pointer = String::from("#");
    for_each_reference(value, &mut pointer, Place::Object, &mut |p, r| {
        if is_external(r) {
            found.push((p.to_owned(), r.to_owned()));
        }
    });
    found
}

/// Remote (`https://…`) references are not fetched: each is an error.
pub(super) fn refuse_remote_refs(refs: &[(String, String)]) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = refs
        .iter()
        .filter(|(_, r)| is_remote(r))
        .map(|(pointer, reference)| {
            Diagnostic::error(
                pointer,
                format!(
                    "remote $ref {reference} is not supported: download the document \
                     and refer to it by a relative path"
                ),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub(super) fn bundle_external_refs(
    root: &mut Value,
    root_path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let refs = external_refs(root);
    if refs.is_empty() {
        return Ok(());
    }
    refuse_remote_refs(&refs)?;
    let root_file = canonical(root_path);
    let mut bundler = Bundler {
        root_file: root_file.clone(),
        files: HashMap::new(),
        hoisted: HashMap::new(),
        taken_names: root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        new_schemas: Vec::new(),
        inlining: Vec::new(),
        located: HashMap::new(),
        errors: Vec::new(),
        warnings,
    };
    let mut tokens = Vec::new();
    bundler.walk(root, &root_file, &mut tokens, Place::Object);
    if !bundler.errors.is_empty() {
        return Err(bundler.errors);
    }
    let new_schemas = std::mem::take(&mut bundler.new_schemas);
    if !new_schemas.is_empty() {
        let Some(root_object) = root.as_object_mut() else {
            return Ok(());
        };
        let components = root_object
            .entry("components")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(schemas) = schemas.as_object_mut() {
                schemas.extend(new_schemas);
            }
        }
    }
    Ok(())
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

struct Bundler<'w> {
    root_file: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// (file, fragment) of an external schema → its name in `#/components/schemas`.
    hoisted: HashMap<(PathBuf, String), String>,
    taken_names: std::collections::HashSet<String>,
    new_schemas: Vec<(String, Value)>,
    /// Non-schema objects being inlined, to refuse cycles.
    inlining: Vec<(PathBuf, String)>,
    /// Canonical files by the directory and text that name them.
    located: HashMap<(PathBuf, String), PathBuf>,
    errors: Vec<Diagnostic>,
    warnings: &'w mut Vec<Diagnostic>,
}

impl Bundler<'_> {
    /// Rewrites the references in reference positions under `value`, a value
    /// at `place`; literal data (examples, defaults, extensions) is left as is.
    fn walk(&mut self, value: &mut Value, file: &Path, tokens: &mut Vec<String>, place: Place) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    if let Some(replacement) = self.rewrite(&reference, file, tokens, place) {
                        *value = replacement;
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    let Some(next) = child_place(place, key) else {
                        continue;
                    };
                    tokens.push(key.clone());
                    self.walk(child, file, tokens, next);
                    tokens.pop();
                }
            }
            Value::Array(items) => {
                let item_place = item_place(place);
                for (i, child) in items.iter_mut().enumerate() {
                    tokens.push(i.to_string());
                    self.walk(child, file, tokens, item_place);
                    tokens.pop();
                }
            }
            _ => {}
        }
    }

    /// Returns what replaces the `$ref` object, or None to keep it as it is.
    fn rewrite(
        &mut self,
        reference: &str,
        file: &Path,
        tokens: &[String],
        place: Place,
    ) -> Option<Value> {
        let (target_file, fragment) = match reference.split_once('#') {
            Some(("", fragment)) if file == self.root_file => {
                let _ = fragment;
                return None;
            }
            Some(("", fragment)) => (file.to_path_buf(), fragment.to_owned()),
            Some((relative, fragment)) => (self.locate(file, relative), fragment.to_owned()),
            None => (self.locate(file, reference), String::new()),
        };
        let pointer = || {
            format!(
                "#/{}",
                tokens
                    .iter()
                    .map(|t| escape_token(t))
                    .collect::<Vec<_>>()
                    .join("/")
            )
        };
        if is_remote(reference) {
            self.errors.push(
                Diagnostic::error(
                    pointer(),
                    format!(
                        "remote $ref {reference} is not supported: download the document \
                         and refer to it by a relative path"
                    ),
                )
                .in_file(file.display().to_string()),
            );
            return None;
        }
        if target_file == self.root_file {
            return Some(ref_value(&format!("#{fragment}")));
        }
        let target = match self.target(&target_file, &fragment) {
            Ok(target) => target,
            Err(message) => {
                self.errors.push(
                    Diagnostic::error(pointer(), message).in_file(file.display().to_string()),
                );
                return None;
            }
        };
        let key = (target_file.clone(), fragment.clone());
        if place == Place::Schema {
            if let Some(name) = self.hoisted.get(&key) {
                return Some(ref_value(&format!(
                    "#/components/schemas/{}",
                    escape_token(name)
                )));
            }
            let name = self.fresh_name(&target_file, &fragment);
            self.hoisted.insert(key, name.clone());
            let mut target = target;
            let mut inner_tokens = vec!["components".into(), "schemas".into(), name.clone()];
            self.walk(&mut target, &target_file, &mut inner_tokens, Place::Schema);
            self.new_schemas.push((name.clone(), target));
            Some(ref_value(&format!(
                "#/components/schemas/{}",
                escape_token(&name)
            )))
        } else {
            if self.inlining.contains(&key) {
                self.errors.push(Diagnostic::error(
                    pointer(),
                    format!("recursive $ref cycle through {reference}"),
                ));
                return None;
            }
            self.inlining.push(key);
            let mut target = target;
            let mut inner_tokens = tokens.to_vec();
            self.walk(&mut target, &target_file, &mut inner_tokens, place);
            self.inlining.pop();
            Some(target)
        }
    }

    /// The file `relative` names from `from`, canonical (so that every
    /// path to it is one key); resolved once per directory and text, as a
    /// large split document names the same few files thousands of times.
    fn locate(&mut self, from: &Path, relative: &str) -> PathBuf {
        let base = from.parent().unwrap_or(Path::new("."));
        let key = (base.to_path_buf(), relative.to_owned());
        self.located
            .entry(key)
            .or_insert_with(|| canonical(&base.join(relative)))
            .clone()
    }

    fn target(&mut self, file: &Path, fragment: &str) -> Result<Value, String> {
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .map_err(|err| format!("cannot read $ref target {}: {err}", file.display()))?;
            let (value, _, moved) =
                parse_document_leniently(&text, Some(file)).map_err(|d| d.to_string())?;
            self.warnings.extend(
                moved
                    .into_iter()
                    .map(|line| super::bracket_moved(line).in_file(file.display().to_string())),
            );
            self.files.insert(file.to_path_buf(), value);
        }
        let document = &self.files[file];
        document
            .pointer(&crate::diagnostics::decode_fragment(fragment))
            .cloned()
            .ok_or_else(|| format!("$ref target {}#{fragment} does not exist", file.display()))
    }

    fn fresh_name(&mut self, file: &Path, fragment: &str) -> String {
        let base = fragment
            .rsplit('/')
            .find(|t| !t.is_empty())
            .map(crate::diagnostics::unescape_token)
            .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "External".into());
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken_names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }
}

fn ref_value(reference: &str) -> Value {
    serde_json::json!({ "$ref": reference })
}
