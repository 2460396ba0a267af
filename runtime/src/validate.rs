//! Validation of decoded requests against the schema's constraints.
//!
//! Generated code implements [`Validate`] for every model, spelling out only
//! the constraints the spec declares; containers and scalars are covered by
//! the blanket implementations here. All violations are collected (not just
//! the first), each with its location and JSON pointer.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use regress::Regex;
use serde::Serialize;

use crate::merge_patch::Patch;
use crate::problem::{FieldError, Location};

/// Equality as JSON Schema has it: numbers by value (`1` is `1.0`),
/// objects whatever their member order.
pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

/// What [`Violations::items`] says of an array with equal items.
const DUPLICATE_ITEMS: &str = "must not contain duplicate items";

/// Collects violations while walking a value.
///
/// Pointers are written only for what is recorded: a violation first
/// points below the innermost [`at`](Self::at), and each `at` it leaves
/// puts its own token in front. A valid value, the common case, costs no
/// pointer at all.
#[derive(Debug)]
pub struct Violations {
    location: Location,
    /// The pointer of the value walked.
    root: String,
    /// How many [`at`](Self::at)s the walk is inside.
    depth: usize,
    errors: Vec<FieldError>,
}

/// A reference token of a JSON Pointer: a member name (escaped as RFC 6901
/// says) or an array index. Written straight into the pointer, without the
/// formatting machinery: every member of every body is checked through it.
pub trait PointerToken {
    /// Appends the token to `pointer`.
    fn push_to(&self, pointer: &mut String);
}

impl PointerToken for str {
    fn push_to(&self, pointer: &mut String) {
        pointer.push_str(&crate::problem::escape_pointer_segment(self));
    }
}

impl PointerToken for String {
    fn push_to(&self, pointer: &mut String) {
        self.as_str().push_to(pointer);
    }
}

impl PointerToken for usize {
    fn push_to(&self, pointer: &mut String) {
        use std::fmt::Write as _;
        write!(pointer, "{self}").expect("writing to a String does not fail");
    }
}

impl<T: PointerToken + ?Sized> PointerToken for &T {
    fn push_to(&self, pointer: &mut String) {
        (**self).push_to(pointer);
    }
}

/// A type whose values can break schema constraints.
pub trait Validate {
    /// Records every violation in `v`; the default has none.
    fn validate(&self, v: &mut Violations) {
        let _ = v;
    }
}

/// Whether `value` breaks no constraint (used to choose among the variants
/// of an untagged union).
pub fn is_valid<T: Validate + ?Sized>(value: &T) -> bool {
    let mut v = Violations::new(Location::Body, "");
    value.validate(&mut v);
    v.is_empty()
}

/// String constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, an ECMA-262 regular expression (as OpenAPI means it).
    pub pattern: Option<&'static str>,
    /// `format`, for the formats checked on requests.
    pub format: Option<Format>,
}

impl Text {
    /// No constraint (generated rules set what the schema declares and
    /// take the rest from here, in `const` items).
    pub const NONE: Self = Self {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
    };
}

/// String formats checked on requests (the others are typed, such as
/// `uuid` and `date-time`, or are annotations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `email`: an RFC 5321 mailbox (`local@domain`).
    Email,
    /// `idn-email`: an RFC 6531 mailbox, Unicode allowed (`josé@bücher.de`).
    IdnEmail,
    /// `hostname`: RFC 1123 host name.
    Hostname,
    /// `idn-hostname`: a host name of Unicode labels (`bücher.de`).
    IdnHostname,
    /// `ipv4`: dotted quad.
    Ipv4,
    /// `ipv6`: RFC 4291 text form.
    Ipv6,
    /// `uri`: an absolute RFC 3986 URI (a scheme, then ASCII without
    /// spaces; a Unicode address is an `iri`).
    Uri,
    /// `uri-reference`: an RFC 3986 URI or relative reference (`/a?b`,
    /// `#top`, the empty text).
    UriReference,
    /// `iri`: an absolute RFC 3987 IRI, a URI that may hold Unicode
    /// letters (`https://bücher.de`).
    Iri,
    /// `iri-reference`: an RFC 3987 IRI or relative reference.
    IriReference,
    /// `regex`: an ECMA-262 regular expression.
    Regex,
    /// `duration`: an ISO 8601 duration (`P3D`, `PT1H30M`, `P1W`), as
    /// JSON Schema defines it.
    Duration,
    /// `time`: an RFC 3339 `full-time` (`14:30:00Z`, `09:05:07.25+02:00`).
    Time,
}

impl Format {
    /// Every format checked.
    pub const ALL: [Format; 13] = [
        Format::Email,
        Format::IdnEmail,
        Format::Hostname,
        Format::IdnHostname,
        Format::Ipv4,
        Format::Ipv6,
        Format::Uri,
        Format::UriReference,
        Format::Iri,
        Format::IriReference,
        Format::Regex,
        Format::Duration,
        Format::Time,
    ];

    /// The checked format a spec calls `name`, if it is one.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The format's name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::IdnEmail => "idn-email",
            Format::Hostname => "hostname",
            Format::IdnHostname => "idn-hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Iri => "iri",
            Format::IriReference => "iri-reference",
            Format::Regex => "regex",
            Format::Duration => "duration",
            Format::Time => "time",
        }
    }

    /// Whether `value` is written in this format.
    pub fn accepts(self, value: &str) -> bool {
        use iri_string::spec::{IriSpec, UriSpec};
        use iri_string::validate;
        match self {
            Format::Ipv4 => value.parse::<std::net::Ipv4Addr>().is_ok(),
            Format::Ipv6 => value.parse::<std::net::Ipv6Addr>().is_ok(),
            Format::Hostname => is_hostname(value, false),
            Format::IdnHostname => is_hostname(value, true),
            Format::Email => is_mailbox(value, false),
            Format::IdnEmail => is_mailbox(value, true),
            // RFC 3986: a scheme, and every `%` followed by two hex digits.
            Format::Uri => validate::iri::<UriSpec>(value).is_ok(),
            Format::UriReference => validate::iri_reference::<UriSpec>(value).is_ok(),
            // RFC 3987: also the Unicode letters `ucschar` names (no controls).
            Format::Iri => validate::iri::<IriSpec>(value).is_ok(),
            Format::IriReference => validate::iri_reference::<IriSpec>(value).is_ok(),
            Format::Regex => Regex::with_flags(value, "u").is_ok(),
            Format::Duration => is_duration(value),
            Format::Time => is_time(value),
        }
    }
}

/// RFC 3339 `full-time`: `HH:MM:SS` (a leap second may be `60`), an
/// optional fraction, then `Z` or an offset `±HH:MM`.
fn is_time(value: &str) -> bool {
    let number = |text: &str, max: u8| {
        text.len() == 2
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.parse::<u8>().is_ok_and(|n| n <= max)
    };
    if !value.is_ascii() {
        return false;
    }
    let Some(at) = value.find(['Z', 'z', '+', '-']) else {
        return false;
    };
    let (time, offset) = value.split_at(at);
    let offset_ok = offset.eq_ignore_ascii_case("z")
        || (offset.len() == 6
            && number(&offset[1..3], 23)
            && &offset[3..4] == ":"
            && number(&offset[4..6], 59));
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    offset_ok
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && clock.len() == 8
        && number(&clock[0..2], 23)
        && &clock[2..3] == ":"
        && number(&clock[3..5], 59)
        && &clock[5..6] == ":"
        && number(&clock[6..8], 60)
}

/// ISO 8601 duration: `P`, then amounts with their units in order, years
/// to days (`Y`, `M`, `W`, `D`), then `T` and hours to seconds (`H`, `M`,
/// `S`); at least one amount, and `T` only before one. The smallest unit
/// written may have a fraction (`PT0.5S`), as ISO 8601 allows.
fn is_duration(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let date_amounts = amounts(date, "YMWD");
    match time {
        None => date_amounts.is_some_and(|(count, _)| count > 0),
        Some(time) => {
            matches!(date_amounts, Some((_, false)))
                && amounts(time, "HMS").is_some_and(|(count, _)| count > 0)
        }
    }
}

/// The number of `<amount><unit>` pairs in `text`, with units in the order
/// of `units`, each at most once, and whether the last has a fraction
/// (only the last may); `None` when `text` is not such a list.
fn amounts(text: &str, units: &str) -> Option<(usize, bool)> {
    let mut rest = text;
    let mut next_unit = 0;
    let mut count = 0;
    let mut fraction = false;
    while !rest.is_empty() {
        if fraction {
            return None;
        }
        let whole = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut length = whole;
        if let Some(after) = rest[whole..].strip_prefix(['.', ',']) {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            fraction = true;
            length += 1 + digits;
        }
        let unit = rest[length..].chars().next()?;
        let at = units[next_unit..].find(unit)? + next_unit;
        if whole == 0 {
            return None;
        }
        next_unit = at + 1;
        count += 1;
        rest = &rest[length + unit.len_utf8()..];
    }
    Some((count, fraction))
}

/// RFC 1123 host name: dot-separated labels of letters, digits and inner
/// hyphens, 63 characters each, 253 in all.
/// An RFC 1123 host name; with `unicode`, labels may hold any letters.
fn is_hostname(value: &str, unicode: bool) -> bool {
    let value = value.strip_suffix('.').unwrap_or(value);
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || c == '-'
                        || (unicode && !c.is_ascii() && !c.is_whitespace() && !c.is_control())
                })
        })
}

/// `local@domain`, the domain a host name (of any letters with `unicode`)
/// or a bracketed IP address.
fn is_mailbox(value: &str, unicode: bool) -> bool {
    value.rsplit_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && local.len() <= 64
            && !local.contains(|c: char| c.is_whitespace() || c.is_control())
            && (is_hostname(domain, unicode)
                || domain
                    .strip_prefix('[')
                    .and_then(|d| d.strip_suffix(']'))
                    .is_some_and(|ip| ip.parse::<std::net::IpAddr>().is_ok()))
    })
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
    /// An integer's `minimum`, inclusive, where no `f64` holds it exactly
    /// (past 2^53): integers are held to it instead of `minimum`.
    pub exact_minimum: Option<i128>,
    /// An integer's `maximum`, likewise.
    pub exact_maximum: Option<i128>,
}

impl Number {
    /// No constraint.
    pub const NONE: Self = Self {
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
        exact_minimum: None,
        exact_maximum: None,
    };
}

/// A value [`Number`] rules check: integers exactly, others as `f64`.
pub trait Numeric: Copy {
    /// The value as `f64` (rounded past 2^53).
    fn as_f64(self) -> f64;
    /// The value, if it is an integer.
    fn as_integer(self) -> Option<i128>;
}

macro_rules! integer_numeric {
    ($($t:ty),*) => {$(
        impl Numeric for $t {
            fn as_f64(self) -> f64 {
                self as f64
            }
            fn as_integer(self) -> Option<i128> {
                Some(i128::from(self))
            }
        }
    )*};
}
integer_numeric!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl Numeric for f64 {
    fn as_f64(self) -> f64 {
        self
    }
    fn as_integer(self) -> Option<i128> {
        None
    }
}

impl Numeric for &serde_json::Number {
    fn as_f64(self) -> f64 {
        serde_json::Number::as_f64(self).unwrap_or_default()
    }
    fn as_integer(self) -> Option<i128> {
        self.as_i64()
            .map(i128::from)
            .or_else(|| self.as_u64().map(i128::from))
    }
}

/// Object (map) constraints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Members {
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
}

impl Members {
    /// No constraint.
    pub const NONE: Self = Self {
        min_properties: None,
        max_properties: None,
    };
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

impl Items {
    /// No constraint.
    pub const NONE: Self = Self {
        min_items: None,
        max_items: None,
        unique: false,
    };
}

impl Violations {
    /// An empty collection for values found at `location`; `root` is the
    /// pointer of the value (empty for a body, `/name` for a parameter).
    pub fn new(location: Location, root: &str) -> Self {
        Self {
            location,
            root: root.to_owned(),
            depth: 0,
            errors: Vec::new(),
        }
    }

    /// Records a violation at the current pointer.
    pub fn invalid(&mut self, detail: impl Into<String>) {
        let pointer = self.outer_pointer();
        self.errors
            .push(FieldError::new(self.location, pointer, detail));
    }

    /// What stands in front of a pointer recorded here: the root at the
    /// top, else nothing, since each `at` puts its token in front on the
    /// way out.
    fn outer_pointer(&self) -> String {
        if self.depth == 0 {
            self.root.clone()
        } else {
            String::new()
        }
    }

    /// Runs `check` one level down, at member or index `token`.
    pub fn at(&mut self, token: impl PointerToken, check: impl FnOnce(&mut Self)) {
        let before = self.errors.len();
        self.depth += 1;
        check(self);
        self.depth -= 1;
        if self.errors.len() == before {
            return;
        }
        let mut prefix = self.outer_pointer();
        prefix.push('/');
        token.push_to(&mut prefix);
        for error in &mut self.errors[before..] {
            error.pointer.insert_str(0, &prefix);
        }
    }

    // Generated code checks most members with one of these three: plain
    // functions, so a large API's validators add no generic instances.

    /// Checks the member names of a map against its `propertyNames`; each
    /// violation points at the member it names.
    pub fn names<'k>(&mut self, names: impl IntoIterator<Item = &'k String>, rules: &Text) {
        for name in names {
            self.at(name, |v| {
                let before = v.errors.len();
                v.text(name, rules);
                for error in &mut v.errors[before..] {
                    error.detail = format!("the member name {}", error.detail);
                }
            });
        }
    }

    /// Checks the string member `name`.
    pub fn text_at(&mut self, name: &str, value: &str, rules: &Text) {
        self.at(name, |v| v.text(value, rules));
    }

    /// Checks the number member `name`.
    pub fn number_at(&mut self, name: &str, value: impl Numeric, rules: &Number) {
        self.at(name, |v| v.number(value, rules));
    }

    /// Checks the member `name` by its own rules.
    pub fn nested_at(&mut self, name: &str, value: &dyn Validate) {
        self.at(name, |v| value.validate(v));
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The violations recorded.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// Takes back each duplicate-items violation whose array is unique in
    /// `json`, the body as sent. Items are compared as decoded, and a type
    /// keeps only the members its schema describes: two items that differ
    /// in others would otherwise look alike. Parses `json` only when there
    /// is such a violation to judge.
    pub fn recheck_duplicates_in(&mut self, json: &[u8]) {
        let is_duplicate = |e: &FieldError| e.detail == DUPLICATE_ITEMS;
        if !self.errors.iter().any(is_duplicate) {
            return;
        }
        let Ok(sent) = serde_json::from_slice::<serde_json::Value>(json) else {
            return;
        };
        self.errors.retain(|e| {
            let unique_as_sent = || {
                let items = sent.pointer(&e.pointer)?.as_array()?;
                let all_distinct = items
                    .iter()
                    .enumerate()
                    .all(|(i, item)| !items[..i].iter().any(|other| json_equal(item, other)));
                Some(all_distinct)
            };
            !(is_duplicate(e) && unique_as_sent() == Some(true))
        });
    }

    /// Checks a string.
    pub fn text(&mut self, value: &str, rules: &Text) {
        let length = value.chars().count();
        if let Some(min) = rules.min_length.filter(|&min| length < min) {
            self.invalid(format!(
                "must be at least {} long",
                counted(min, "character")
            ));
        }
        if let Some(max) = rules.max_length.filter(|&max| length > max) {
            self.invalid(format!(
                "must be at most {} long",
                counted(max, "character")
            ));
        }
        if let Some(pattern) = rules.pattern
            && pattern_matches(pattern, value) == Some(false)
        {
            self.invalid(format!("must match the pattern {pattern}"));
        }
        if let Some(format) = rules.format
            && !format.accepts(value)
        {
            self.invalid(format!("must be a valid {}", format.name()));
        }
    }

    /// Checks a number: an integer against the exact integer bounds where
    /// the rules have them, anything else as `f64`.
    pub fn number(&mut self, value: impl Numeric, rules: &Number) {
        // One body for every numeric type: generated crates instantiate
        // only this conversion.
        self.check_number(value.as_integer(), value.as_f64(), rules);
    }

    fn check_number(&mut self, integer: Option<i128>, value: f64, rules: &Number) {
        if let (Some(integer), Some(min)) = (integer, rules.exact_minimum) {
            if integer < min {
                self.invalid(format!("must be at least {min}"));
            }
        } else if let Some(min) = rules.minimum {
            if value < min || (rules.exclusive_minimum && value == min) {
                let relation = if rules.exclusive_minimum {
                    "greater than"
                } else {
                    "at least"
                };
                self.invalid(format!("must be {relation} {min}"));
            }
        }
        if let (Some(integer), Some(max)) = (integer, rules.exact_maximum) {
            if integer > max {
                self.invalid(format!("must be at most {max}"));
            }
        } else if let Some(max) = rules.maximum {
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
            if !is_multiple(integer, value, step) {
                self.invalid(format!("must be a multiple of {step}"));
            }
        }
    }

    /// Checks an array's length and, when asked, the uniqueness of its items.
    pub fn items<T: Serialize>(&mut self, items: &[T], rules: &Items) {
        if let Some(min) = rules.min_items.filter(|&min| items.len() < min) {
            self.invalid(format!("must have at least {}", counted(min, "item")));
        }
        if let Some(max) = rules.max_items.filter(|&max| items.len() > max) {
            self.invalid(format!("must have at most {}", counted(max, "item")));
        }
        if rules.unique && !all_distinct(items) {
            self.invalid(DUPLICATE_ITEMS);
        }
    }

    /// Checks how many members an object (map) has.
    pub fn members(&mut self, count: usize, rules: &Members) {
        if let Some(min) = rules.min_properties.filter(|&min| count < min) {
            self.invalid(format!("must have at least {}", counted(min, "member")));
        }
        if let Some(max) = rules.max_properties.filter(|&max| count > max) {
            self.invalid(format!("must have at most {}", counted(max, "member")));
        }
    }

    /// Checks a value against a list of allowed values (non-string enums).
    pub fn one_of<T: Serialize>(&mut self, value: &T, allowed: &[serde_json::Value]) {
        let value = serde_json::to_value(value).unwrap_or_default();
        if !allowed.iter().any(|one| same_json(one, &value)) {
            let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
            self.invalid(format!("must be one of {}", list.join(", ")));
        }
    }
}

/// Whether `value` (exactly `integer`, when it is one) is a multiple of
/// `step`. An integer step is checked exactly: by the integer's remainder,
/// else by the float's, which IEEE 754 computes without rounding. A
/// decimal step such as 0.01 has no exact binary form, so its quotient is
/// allowed the few units in the last place that division adds (`0.07 /
/// 0.01` is `7.000000000000001`), and no more: the bound is relative to the
/// quotient, so a tiny value (`5e-324`) is no multiple, and a large one
/// must still be a whole number of steps.
fn is_multiple(integer: Option<i128>, value: f64, step: f64) -> bool {
    if step.fract() == 0.0 {
        return match integer {
            Some(integer) if step < 1e38 => integer % (step as i128) == 0,
            _ => value % step == 0.0,
        };
    }
    let quotient = value / step;
    (quotient - quotient.round()).abs() <= 4.0 * f64::EPSILON * quotient.abs()
}

/// The constraints of a value checked as JSON: a request body that is an
/// array, a map or a scalar, whose type has no `Validate` of its own to
/// hold them (an object's members are checked by its type's).
#[derive(Clone, Copy, Debug, Default)]
pub struct ValueRules {
    /// A string's.
    pub text: Option<Text>,
    /// A number's.
    pub number: Option<Number>,
    /// An array's.
    pub items: Option<Items>,
    /// A map's member count.
    pub members: Option<Members>,
    /// The rules of each item of an array, or of each value of a map.
    pub each: Option<&'static ValueRules>,
}

impl ValueRules {
    /// No constraint (generated rules set what the schema declares).
    pub const NONE: Self = Self {
        text: None,
        number: None,
        items: None,
        members: None,
        each: None,
    };
}

impl Violations {
    /// Checks `value` against `rules`, its items' and values' too.
    pub fn value(&mut self, value: &serde_json::Value, rules: &ValueRules) {
        use serde_json::Value;
        match value {
            Value::String(text) => {
                if let Some(text_rules) = &rules.text {
                    self.text(text, text_rules);
                }
            }
            Value::Number(number) => {
                if let Some(number_rules) = &rules.number {
                    self.number(number, number_rules);
                }
            }
            Value::Array(items) => {
                if let Some(items_rules) = &rules.items {
                    self.items(items, items_rules);
                }
                if let Some(each) = rules.each {
                    for (index, item) in items.iter().enumerate() {
                        self.at(index, |v| v.value(item, each));
                    }
                }
            }
            Value::Object(members) => {
                if let Some(members_rules) = &rules.members {
                    self.members(members.len(), members_rules);
                }
                if let Some(each) = rules.each {
                    for (name, member) in members {
                        self.at(name, |v| v.value(member, each));
                    }
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }
}

/// JSON equality with numbers compared by value, as JSON Schema does: the
/// `1` an enum lists is the `1.0` an `f64` member serializes to.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i128(), y.as_i128()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

/// Whether no two of `items` are written as the same JSON (numbers that
/// are equal but written differently are told apart by
/// [`Violations::recheck_duplicates_in`]). The items are written into one
/// buffer; a few are compared pairwise, more are looked up in a set.
fn all_distinct<T: Serialize>(items: &[T]) -> bool {
    const PAIRWISE_UP_TO: usize = 16;
    if items.len() < 2 {
        return true;
    }
    let mut json = Vec::new();
    let mut ends = Vec::with_capacity(items.len());
    for item in items {
        // An item that cannot be written is compared as far as it was.
        let _ = serde_json::to_writer(&mut json, item);
        ends.push(json.len());
    }
    let written = |i: usize| &json[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
    if items.len() <= PAIRWISE_UP_TO {
        (1..items.len()).all(|i| (0..i).all(|j| written(i) != written(j)))
    } else {
        let mut seen = HashSet::with_capacity(items.len());
        (0..items.len()).all(|i| seen.insert(written(i)))
    }
}

/// Whether `value` matches `pattern`; `None` when the pattern does not
/// compile (the generator warns about it; it is not checked). Patterns
/// have ECMA-262 semantics (look-around and back-references included) and
/// are compiled once per thread: no lock is shared between requests.
///
/// Where ECMA-262 and Python's `re` part ways on line ends, the looser
/// reading stands, as Python-based validators and test generators (the
/// `jsonschema` package, hypothesis) take such values for valid: `.` takes
/// a carriage return (and U+2028, U+2029) too, and a final `$` matches
/// before one trailing line feed.
fn pattern_matches(pattern: &'static str, value: &str) -> Option<bool> {
    thread_local! {
        static PATTERNS: RefCell<BTreeMap<&'static str, Option<Pattern>>> = const {
            RefCell::new(BTreeMap::new())
        };
    }
    PATTERNS.with_borrow_mut(|patterns| {
        (patterns.entry(pattern))
            .or_insert_with(|| Pattern::new(pattern))
            .as_ref()
            .map(|compiled| compiled.matches(value))
    })
}

/// A schema's `pattern`, compiled as the generated code reads it (the
/// generator holds defaults and examples to the same reading).
pub struct Pattern(Regex);

impl Pattern {
    /// `None` when the pattern does not compile. Unicode mode, as JSON
    /// Schema asks; real documents also hold patterns only the looser
    /// non-Unicode syntax accepts (`\_`).
    pub fn new(pattern: &str) -> Option<Pattern> {
        let pattern = dot_takes_all_but_line_feed(pattern);
        (Regex::with_flags(&pattern, "u").or_else(|_| Regex::new(&pattern)))
            .ok()
            .map(Pattern)
    }

    /// Whether `value` matches anywhere, or before one final line feed
    /// (where Python-based validators and test generators put `$`).
    pub fn matches(&self, value: &str) -> bool {
        self.0.find(value).is_some()
            || value
                .strip_suffix('\n')
                .is_some_and(|line| self.0.find(line).is_some())
    }
}

/// `pattern` with each `.` outside a character class written `[^\n]`:
/// any character but a line feed, as Python reads `.`.
fn dot_takes_all_but_line_feed(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '.' if !in_class => out.push_str("[^\\n]"),
            _ => out.push(c),
        }
    }
    out
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
    i128,
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
    crate::date::Date,
    crate::date::DateTime,
    crate::encoding::Base64
);

/// `1 item`, `2 items`: a count and its noun, for messages.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_escaped_in_pointers_and_dropped_after_their_check() {
        let short = Text {
            min_length: Some(2),
            ..Text::default()
        };
        let mut v = Violations::new(Location::Body, "");
        v.at("a/b~c", |v| v.at(2, |v| v.text("x", &short)));
        v.at("plain", |v| v.text("x", &short));
        let pointers: Vec<String> = v.into_errors().into_iter().map(|e| e.pointer).collect();
        assert_eq!(pointers, ["/a~1b~0c/2", "/plain"]);
    }

    #[test]
    fn member_names_are_checked_where_they_stand() {
        let rules = Text {
            max_length: Some(3),
            pattern: Some("^[a-z]+$"),
            ..Text::default()
        };
        let names = ["ok".to_owned(), "Bad/1".to_owned()];
        let mut v = Violations::new(Location::Body, "/metadata");
        v.names(&names, &rules);
        let errors: Vec<(String, String)> = v
            .into_errors()
            .into_iter()
            .map(|e| (e.pointer, e.detail))
            .collect();
        assert_eq!(
            errors,
            [
                (
                    "/metadata/Bad~11".to_owned(),
                    "the member name must be at most 3 characters long".to_owned()
                ),
                (
                    "/metadata/Bad~11".to_owned(),
                    "the member name must match the pattern ^[a-z]+$".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn durations_are_iso_8601() {
        for valid in [
            "P1D",
            "P3Y6M4DT12H30M5S",
            "PT1H",
            "PT0.5S",
            "P1W",
            "P2Y",
            "PT36H",
            "P1M",
            "PT1M",
            "P0,5Y",
            "P1Y2W",
        ] {
            assert!(Format::Duration.accepts(valid), "{valid}");
        }
        for invalid in [
            "", "P", "PT", "P1DT", "1D", "P1", "PD", "PT1D", "P1H", "P1D1Y", "P1M1M", "P1.5D1H",
            "PT.5S", "P1DT1H1", "p1d", "P1DTT1H", "5s", "100ms",
        ] {
            assert!(!Format::Duration.accepts(invalid), "{invalid}");
        }
    }

    #[test]
    fn times_are_rfc_3339_full_times() {
        for valid in [
            "14:30:00Z",
            "00:00:00z",
            "23:59:60Z",
            "09:05:07.25+02:00",
            "12:00:00-11:30",
        ] {
            assert!(Format::Time.accepts(valid), "{valid}");
        }
        for invalid in [
            "",
            "14:30:00",
            "14:30Z",
            "24:00:00Z",
            "12:60:00Z",
            "12:00:61Z",
            "12:00:00.Z",
            "12:00:00+2:00",
            "12:00:00+24:00",
            "1:00:00Z",
            "12:00:00 Z",
            "１2:00:00Z",
        ] {
            assert!(!Format::Time.accepts(invalid), "{invalid}");
        }
    }

    #[test]
    fn patterns_follow_ecma_262_and_a_broken_one_checks_nothing() {
        assert_eq!(pattern_matches("^(?=a)a+$", "aaa"), Some(true));
        assert_eq!(pattern_matches("^(?=a)a+$", "baa"), Some(false));
        assert_eq!(pattern_matches("(", "anything"), None);
    }

    #[test]
    fn collects_every_violation_with_pointers() {
        let mut v = Violations::new(Location::Body, "");
        v.at("name", |v| {
            v.text(
                "",
                &Text {
                    min_length: Some(1),
                    ..Text::default()
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

    /// Whether `value` meets `multipleOf: step`.
    fn multiple(value: impl Numeric, step: f64) -> bool {
        let mut v = Violations::new(Location::Body, "");
        let rules = Number {
            multiple_of: Some(step),
            ..Number::default()
        };
        v.number(value, &rules);
        v.is_empty()
    }

    #[test]
    fn multiples_of_decimal_steps_allow_rounding_only() {
        for (value, step) in [
            (0.3, 0.1),
            (1.1, 0.1),
            (0.07, 0.01),
            (1234567.89, 0.01),
            (-4.2, 0.01),
        ] {
            assert!(multiple(value, step), "{value} is a multiple of {step}");
        }
        assert!(multiple(0.0, 0.01) && multiple(-0.0, 0.01));
        for (value, step) in [
            (0.30000000001, 0.01),
            (0.005, 0.01),
            (12.000001, 0.5),
            (5e-324, 0.01),
            (-1e-13, 0.01),
        ] {
            assert!(!multiple(value, step), "{value} is no multiple of {step}");
        }
    }

    #[test]
    fn multiples_of_large_values_are_exact() {
        // Odd, and a multiple of 3: a tolerance relative to the quotient
        // once took it for a multiple of 2.
        assert!(!multiple(-4_269_319_751_507_211_i64, 2.0));
        assert!(!multiple(-4_269_319_751_507_211.0, 2.0));
        assert!(multiple(-4_269_319_751_507_211_i64, 3.0));
        assert!(multiple(-4_269_319_751_507_211.0, 3.0));
        assert!(!multiple(1e12 + 0.5, 1.0));
        assert!(!multiple(u64::MAX, 2.0));
        assert!(multiple(u64::MAX - 1, 2.0));
        assert!(multiple(1e300, 2.0));
        assert!(!multiple(1_234_567.891, 0.01));
        assert!(multiple(123_456_789_012.34, 0.01));
    }

    #[test]
    fn duplicates_are_found_among_few_items_and_many() {
        assert!(all_distinct::<u32>(&[]));
        assert!(all_distinct(&["a", "ab", "b"]));
        assert!(!all_distinct(&[vec!["a"], vec!["b"], vec!["a"]]));
        // Adjacent items whose texts run together are still told apart.
        assert!(all_distinct(&[1, 11, 111]));
        let many: Vec<u32> = (0..40).collect();
        assert!(all_distinct(&many));
        let mut repeated = many.clone();
        repeated.push(17);
        assert!(!all_distinct(&repeated));
    }

    #[test]
    fn patterns_are_ecma_262() {
        let rules = |pattern| Text {
            pattern: Some(pattern),
            ..Text::default()
        };
        let check = |value: &str, pattern: &'static str| {
            let mut v = Violations::new(Location::Body, "");
            v.text(value, &rules(pattern));
            v.is_empty()
        };
        // Look-ahead and back-references: beyond Rust's regex, in ECMA-262.
        assert!(check("abc1", "^(?=.*[0-9]).+$"));
        assert!(!check("abcd", "^(?=.*[0-9]).+$"));
        assert!(check("abab", r"^(ab)\1$"));
        assert!(!check("abba", r"^(ab)\1$"));
        // Unanchored, as JSON Schema means it; `\d` is ASCII digits.
        assert!(check("x-12-y", r"\d+"));
        assert!(!check("١٢", r"^\d+$"));
        // Line ends as Python reads them: `.` takes `\r`, not `\n`; `$`
        // matches before one final line feed.
        assert!(check("a\rb", "^a.b$"));
        assert!(check("a\u{2028}b", "^a.b$"));
        assert!(!check("a\nb", "^a.b$"));
        assert!(check("12345\n", r"^\d{5}$"));
        assert!(!check("12345\n\n", r"^\d{5}$"));
        assert!(!check("1234\n", r"^\d{5}$"));
        // A `.` escaped or in a class is a dot.
        assert!(!check("ab", r"^a\.$"));
        assert!(check("a.", r"^a[.]$"));
        assert!(!check("ab", r"^a[.]$"));
    }

    #[test]
    fn formats_checked_on_requests() {
        let accepts = |format: Format, value: &str| format.accepts(value);
        assert!(accepts(Format::Email, "ada@example.com"));
        assert!(!accepts(Format::Email, "ada.example.com"));
        assert!(!accepts(Format::Email, "a b@example.com"));
        assert!(accepts(Format::Ipv4, "192.168.0.1"));
        assert!(!accepts(Format::Ipv4, "256.1.1.1"));
        assert!(accepts(Format::Ipv6, "::1"));
        assert!(!accepts(Format::Ipv6, "1.2.3.4"));
        assert!(accepts(Format::Hostname, "api.example.com"));
        assert!(!accepts(Format::Hostname, "-bad.example"));
        assert!(!accepts(Format::Hostname, "bücher.de"));
        assert!(accepts(Format::IdnHostname, "bücher.de"));
        assert!(!accepts(Format::IdnHostname, "bü cher.de"));
        assert!(accepts(Format::IdnEmail, "josé@bücher.de"));
        assert!(!accepts(Format::IdnEmail, ""));
        assert!(!accepts(Format::IdnEmail, "josé.bücher.de"));
        assert!(!accepts(Format::Email, "ada@bücher.de"));
        assert!(accepts(Format::Uri, "https://example.com/a?b=c"));
        assert!(accepts(Format::Uri, "urn:isbn:0451450523"));
        assert!(!accepts(Format::Uri, "/relative/path"));
        assert!(!accepts(Format::Uri, "https://exa mple.com"));
        assert!(!accepts(Format::Uri, "https://\u{cf}"));
        assert!(!accepts(Format::Uri, "http://h:036/3%e,W(gL"));
        assert!(accepts(Format::Uri, "http://h:036/3%eA,W(gL#top"));
        for reference in ["/relative/path?q=1", "#top", "", "https://example.com"] {
            assert!(accepts(Format::UriReference, reference), "{reference}");
            assert!(accepts(Format::IriReference, reference), "{reference}");
        }
        assert!(!accepts(Format::UriReference, "/a b"));
        assert!(!accepts(Format::UriReference, "/bücher"));
        assert!(accepts(Format::IriReference, "/bücher"));
        assert!(accepts(Format::Iri, "https://bücher.de/straße"));
        assert!(!accepts(Format::Iri, "/bücher"));
        // A C1 control is no `ucschar`.
        assert!(!accepts(Format::IriReference, "\u{fa}\u{9c}\u{e6}"));
        assert!(accepts(Format::IriReference, "\u{fa}\u{e6}"));
        assert!(accepts(Format::Regex, "^[a-z]+(?=\\d)$"));
        assert!(!accepts(Format::Regex, "[a-"));
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

    #[test]
    fn enum_numbers_are_compared_by_value() {
        let allowed = [
            serde_json::json!(""),
            0.into(),
            1.into(),
            serde_json::json!([2]),
        ];
        let mut v = Violations::new(Location::Body, "");
        // An `f64` member serializes `0` as `0.0`: the same number.
        v.one_of(&0.0_f64, &allowed);
        v.one_of(&1_u8, &allowed);
        v.one_of(&vec![2.0_f64], &allowed);
        assert!(v.into_errors().is_empty());
        let mut v = Violations::new(Location::Body, "");
        v.one_of(&0.5_f64, &allowed);
        v.one_of(&"0", &allowed);
        assert_eq!(v.into_errors().len(), 2);
    }
}
