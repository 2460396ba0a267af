//! [`Param`]: one parameter as the spec declares it.

use http::HeaderName;

use crate::params::{Shape, Style};
use crate::problem::Location;
use crate::validate::{Items, Number, Text, ValueRules};

/// One parameter as the spec declares it; built with [`Param::new`] and the
/// setters, which start from the location's default style. All are `const`,
/// so a descriptor several operations share is one `static` item.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// A header parameter's name as the header map is keyed (lowercase),
    /// made once so that no request parses it again; `None` when the name
    /// cannot be a header's.
    pub header: Option<HeaderName>,
    /// Path, query, header or cookie.
    pub location: Location,
    /// The schema's shape, to type raw text.
    pub shape: Shape,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// `required`.
    pub required: bool,
    /// String constraints.
    pub text: Option<Text>,
    /// Number constraints.
    pub number: Option<Number>,
    /// Array constraints.
    pub items: Option<Items>,
    /// What each item of an array (or value of a map) must meet.
    pub each: Option<&'static ValueRules>,
    /// `allowEmptyValue` (query): `?name=` is allowed; a type without an
    /// empty value (a number, a boolean, a string whose enum, pattern or
    /// length refuses it) reads it as absent.
    pub allow_empty: bool,
    /// The values a scalar may take, as text (`enum: [0, 1]` → `["0",
    /// "1"]`), for enums that are not typed as a Rust enum.
    pub allowed: Option<&'static [&'static str]>,
    /// The schema allows null, and the value is not text: `null` is null.
    pub nullable: bool,
    /// A list's items may be null: an item `null` that its type does not
    /// take as text is null.
    pub nullable_items: bool,
    /// A required value whose empty value is sent by leaving it out: an
    /// object sent member by member, none of whose members is required, or
    /// a list sent item by item. A request sending none sends `{}` or `[]`.
    pub empty_when_absent: bool,
    /// The required list members of an object sent member by member: an
    /// empty list is sent as no pair, so one left out is `[]`.
    pub lists_empty_when_absent: &'static [&'static str],
    /// The operation's other query parameters: a map sent `form` exploded
    /// takes every query pair but theirs (and its own name's).
    pub beside: &'static [&'static str],
}

impl Param {
    /// A parameter with its location's default style (`simple` for path and
    /// header, `form` for query and cookie) and explode (`true` for `form`).
    pub const fn new(name: &'static str, location: Location, shape: Shape) -> Self {
        let form = matches!(location, Location::Query | Location::Cookie);
        Self {
            name,
            header: match location {
                Location::Header => lowercase_header_name(name),
                _ => None,
            },
            location,
            shape,
            style: if form { Style::Form } else { Style::Simple },
            explode: form,
            required: matches!(location, Location::Path),
            text: None,
            number: None,
            items: None,
            each: None,
            allow_empty: false,
            allowed: None,
            nullable: false,
            nullable_items: false,
            empty_when_absent: false,
            lists_empty_when_absent: &[],
            beside: &[],
        }
    }

    /// The header map's key for a header parameter whose name is not
    /// lowercase (`X-Request-ID` is looked up as `x-request-id`).
    pub const fn header_name(mut self, name: HeaderName) -> Self {
        // What it replaces is `None` (the name was not a key) or a static
        // name: nothing to drop, which a `const fn` could not do anyway.
        std::mem::forget(self.header.replace(name));
        self
    }

    /// Marks the parameter required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Allows an empty value (`allowEmptyValue`).
    pub const fn allow_empty(mut self) -> Self {
        self.allow_empty = true;
        self
    }

    /// Sets `style` and `explode`.
    pub const fn style(mut self, style: Style, explode: bool) -> Self {
        self.style = style;
        self.explode = explode;
        self
    }

    /// String constraints.
    pub const fn text(mut self, text: Text) -> Self {
        self.text = Some(text);
        self
    }

    /// Number constraints.
    pub const fn number(mut self, number: Number) -> Self {
        self.number = Some(number);
        self
    }

    /// Array constraints.
    pub const fn items(mut self, items: Items) -> Self {
        self.items = Some(items);
        self
    }

    /// What each item (or map value) must meet.
    pub const fn each(mut self, rules: &'static ValueRules) -> Self {
        self.each = Some(rules);
        self
    }

    /// The values the parameter may take (`enum`), as text.
    pub const fn allowed(mut self, values: &'static [&'static str]) -> Self {
        self.allowed = Some(values);
        self
    }

    /// Reads the text `null` as null (a nullable number, boolean or
    /// object, whose values cannot be that text).
    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    /// A list whose items may be null: an item `null` that the item's type
    /// does not take as text (a number, or a string its pattern refuses
    /// that text) is null.
    pub const fn nullable_items(mut self) -> Self {
        self.nullable_items = true;
        self
    }

    /// A required object sent member by member (`form` exploded or
    /// `deepObject`) whose members may all be left out, or a query list
    /// sent item by item (`form` exploded) that may be empty: none sent is
    /// the empty object or list, as `{}` and `[]` are sent.
    pub const fn empty_when_absent(mut self) -> Self {
        self.empty_when_absent = true;
        self
    }

    /// The required list members of an object sent member by member
    /// (`form` exploded or `deepObject`), which a request sending no item
    /// leaves out.
    pub const fn lists_empty_when_absent(mut self, names: &'static [&'static str]) -> Self {
        self.lists_empty_when_absent = names;
        self
    }

    /// The operation's other query parameters, for a map sent `form`
    /// exploded: every other query pair is one of its members.
    pub const fn beside(mut self, names: &'static [&'static str]) -> Self {
        self.beside = names;
        self
    }

    /// Whether `text` is one of the [`allowed`](Self::allowed) values (as
    /// text, or as the same number: `1.0` is `1`).
    pub(crate) fn allows(&self, text: &str) -> bool {
        self.allowed.is_none_or(|allowed| {
            allowed.iter().any(|value| {
                *value == text
                    || matches!(
                        (value.parse::<f64>(), text.parse::<f64>()),
                        (Ok(a), Ok(b)) if a == b
                    )
            })
        })
    }
}

/// `name` as a header map key, when it is one already: a token in
/// lowercase. Others get theirs from [`Param::header_name`], or none when
/// no header can have that name.
const fn lowercase_header_name(name: &'static str) -> Option<HeaderName> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let token = byte.is_ascii_lowercase()
            || byte.is_ascii_digit()
            || matches!(
                byte,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if !token {
            return None;
        }
        i += 1;
    }
    Some(HeaderName::from_static(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Kind;

    const fn header(name: &'static str) -> Param {
        Param::new(name, Location::Header, Shape::Scalar(Kind::String))
    }

    #[test]
    fn a_header_parameter_is_keyed_once_by_its_lowercase_name() {
        assert_eq!(header("x-request-id").header.unwrap(), "x-request-id");
        // A standard header's key is the standard one.
        assert_eq!(
            header("if-none-match").header,
            Some(http::header::IF_NONE_MATCH)
        );
        // Capitals are keyed by the generated code; a name no header can
        // have (a space, a colon) has no key, so it is never found.
        assert_eq!(header("X-Request-ID").header, None);
        assert_eq!(header("Authorization: Bearer").header, None);
        assert_eq!(header("").header, None);
        let keyed = header("X-Request-ID").header_name(HeaderName::from_static("x-request-id"));
        assert_eq!(keyed.header.unwrap(), "x-request-id");
        // Other locations have none.
        let query = Param::new("q", Location::Query, Shape::Scalar(Kind::String));
        assert_eq!(query.header, None);
    }
}
