//! Validation of decoded requests against the schema's constraints.
//!
//! Generated code implements [`Validate`] for every model, spelling out only
//! the constraints the spec declares; containers and scalars are covered by
//! the blanket implementations here. All violations are collected (not just
//! the first), each with its location and JSON pointer.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;
use serde::Serialize;

use crate::merge_patch::Patch;
use crate::problem::{FieldError, Location};

/// Collects violations while walking a value.
#[derive(Debug)]
pub struct Violations {
    location: Location,
    pointer: String,
    errors: Vec<FieldError>,
}

/// A type whose values can break schema constraints.
pub trait Validate {
    /// Records every violation in `v`; the default has none.
    fn validate(&self, v: &mut Violations) {
        let _ = v;
    }
}

/// String constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern` (ECMA-262; patterns Rust's regex cannot compile are not checked).
    pub pattern: Option<&'static str>,
}

/// Number constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Number {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

/// Object (map) constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Members {
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
}

/// Array constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Items {
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique: bool,
}

impl Violations {
    /// An empty collection for values found at `location`; `root` is the
    /// pointer of the value (empty for a body, `/name` for a parameter).
    pub fn new(location: Location, root: &str) -> Self {
        Self {
            location,
            pointer: root.to_owned(),
            errors: Vec::new(),
        }
    }

    /// Records a violation at the current pointer.
    pub fn invalid(&mut self, detail: impl Into<String>) {
        self.errors
            .push(FieldError::new(self.location, self.pointer.clone(), detail));
    }

    /// Runs `check` one level down, at member or index `token`.
    pub fn at(&mut self, token: impl std::fmt::Display, check: impl FnOnce(&mut Self)) {
        let length = self.pointer.len();
        let token = token.to_string();
        self.pointer.push('/');
        self.pointer
            .push_str(&crate::problem::escape_pointer_segment(&token));
        check(self);
        self.pointer.truncate(length);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The violations recorded.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// Checks a string.
    pub fn text(&mut self, value: &str, rules: &Text) {
        let length = value.chars().count();
        if let Some(min) = rules.min_length.filter(|&min| length < min) {
            self.invalid(format!("must be at least {min} characters long"));
        }
        if let Some(max) = rules.max_length.filter(|&max| length > max) {
            self.invalid(format!("must be at most {max} characters long"));
        }
        if let Some(pattern) = rules.pattern {
            if compiled(pattern).is_some_and(|regex| !regex.is_match(value)) {
                self.invalid(format!("must match the pattern {pattern}"));
            }
        }
    }

    /// Checks a number (integers are checked as `f64`).
    pub fn number(&mut self, value: f64, rules: &Number) {
        if let Some(min) = rules.minimum {
            if value < min || (rules.exclusive_minimum && value == min) {
                let relation = if rules.exclusive_minimum {
                    "greater than"
                } else {
                    "at least"
                };
                self.invalid(format!("must be {relation} {min}"));
            }
        }
        if let Some(max) = rules.maximum {
            if value > max || (rules.exclusive_maximum && value == max) {
                let relation = if rules.exclusive_maximum {
                    "less than"
                } else {
                    "at most"
                };
                self.invalid(format!("must be {relation} {max}"));
            }
        }
        if let Some(step) = rules.multiple_of.filter(|&step| step > 0.0) {
            let quotient = value / step;
            // Tolerates the rounding of decimal steps such as 0.01.
            if (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
                self.invalid(format!("must be a multiple of {step}"));
            }
        }
    }

    /// Checks an array's length and, when asked, the uniqueness of its items.
    pub fn items<T: Serialize>(&mut self, items: &[T], rules: &Items) {
        if let Some(min) = rules.min_items.filter(|&min| items.len() < min) {
            self.invalid(format!("must have at least {min} items"));
        }
        if let Some(max) = rules.max_items.filter(|&max| items.len() > max) {
            self.invalid(format!("must have at most {max} items"));
        }
        if rules.unique {
            let mut seen = HashSet::new();
            let all_unique = items
                .iter()
                .all(|item| seen.insert(serde_json::to_string(item).unwrap_or_default()));
            if !all_unique {
                self.invalid("must not contain duplicate items");
            }
        }
    }

    /// Checks how many members an object (map) has.
    pub fn members(&mut self, count: usize, rules: &Members) {
        if let Some(min) = rules.min_properties.filter(|&min| count < min) {
            self.invalid(format!("must have at least {min} members"));
        }
        if let Some(max) = rules.max_properties.filter(|&max| count > max) {
            self.invalid(format!("must have at most {max} members"));
        }
    }

    /// Checks a value against a list of allowed values (non-string enums).
    pub fn one_of<T: Serialize>(&mut self, value: &T, allowed: &[serde_json::Value]) {
        let value = serde_json::to_value(value).unwrap_or_default();
        if !allowed.contains(&value) {
            let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
            self.invalid(format!("must be one of {}", list.join(", ")));
        }
    }
}

/// Patterns are compiled once per process; a pattern Rust's regex cannot
/// compile (look-around, back-references) is not checked.
///
/// Shared behind an `Arc`: a cloned `Regex` would get a new, empty matching
/// cache and rebuild its lazy DFA on every request.
fn compiled(pattern: &'static str) -> Option<Arc<Regex>> {
    type Patterns = BTreeMap<&'static str, Option<Arc<Regex>>>;
    static CACHE: OnceLock<Mutex<Patterns>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(pattern)
        .or_insert_with(|| Regex::new(pattern).ok().map(Arc::new))
        .clone()
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Violations) {
        if let Some(value) = self {
            value.validate(v);
        }
    }
}

impl<T: Validate> Validate for Patch<T> {
    fn validate(&self, v: &mut Violations) {
        if let Patch::Value(value) = self {
            value.validate(v);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, v: &mut Violations) {
        (**self).validate(v);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            v.at(index, |v| item.validate(v));
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, v: &mut Violations) {
        for (key, item) in self {
            v.at(key, |v| item.validate(v));
        }
    }
}

macro_rules! unconstrained {
    ($($ty:ty),*) => { $(impl Validate for $ty {})* };
}

unconstrained!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    serde_json::Value,
    uuid::Uuid,
    chrono::NaiveDate,
    chrono::DateTime<chrono::Utc>,
    crate::encoding::Base64
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_violation_with_pointers() {
        let mut v = Violations::new(Location::Body, "");
        v.at("name", |v| {
            v.text(
                "",
                &Text {
                    min_length: Some(1),
                    max_length: None,
                    pattern: None,
                },
            )
        });
        v.at("sku", |v| {
            v.text(
                "ab",
                &Text {
                    pattern: Some("^[A-Z]{4}$"),
                    ..Text::default()
                },
            )
        });
        v.at("price", |v| {
            v.number(
                0.0,
                &Number {
                    minimum: Some(0.0),
                    exclusive_minimum: true,
                    ..Number::default()
                },
            )
        });
        v.at("tags", |v| {
            v.items(
                &["a", "a"],
                &Items {
                    unique: true,
                    max_items: Some(1),
                    ..Items::default()
                },
            )
        });
        v.at("a/b", |v| {
            v.number(
                0.3,
                &Number {
                    multiple_of: Some(0.1),
                    ..Number::default()
                },
            )
        });
        let errors = v.into_errors();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/name", "/sku", "/price", "/tags", "/tags"],
            "{errors:?}"
        );
    }

    #[test]
    fn nested_values_are_walked() {
        struct Line(i64);
        impl Validate for Line {
            fn validate(&self, v: &mut Violations) {
                v.at("quantity", |v| {
                    v.number(
                        self.0 as f64,
                        &Number {
                            minimum: Some(1.0),
                            ..Number::default()
                        },
                    )
                });
            }
        }
        let mut v = Violations::new(Location::Body, "");
        v.at("lines", |v| vec![Line(1), Line(0)].validate(v));
        Some(Line(-1)).validate(&mut v);
        let pointers: Vec<String> = v.into_errors().into_iter().map(|e| e.pointer).collect();
        assert_eq!(pointers, ["/lines/1/quantity", "/quantity"]);
    }

    #[test]
    fn parameters_are_located_by_name() {
        let mut v = Violations::new(Location::Query, "/limit");
        v.number(
            500.0,
            &Number {
                maximum: Some(100.0),
                ..Number::default()
            },
        );
        v.one_of(&3, &[1.into(), 2.into()]);
        let errors = v.into_errors();
        assert_eq!(errors[0].pointer, "/limit");
        assert_eq!(errors[0].location, Location::Query);
        assert!(errors[1].detail.contains("one of 1, 2"));
    }
}
