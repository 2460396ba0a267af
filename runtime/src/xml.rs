//! XML request bodies, for operations that declare `application/xml` (or
//! `*+xml`) beside JSON. The document is read into elements, then into the
//! JSON value the model decodes from, guided by a [`Node`] the generator
//! emits from the schema: the names of elements and attributes (`xml.name`,
//! `xml.attribute`), arrays as repeated elements or wrapped in one
//! (`xml.wrapped`), and text typed as the member's scalar, the way a
//! parameter's text is. Where the schema says nothing, OpenAPI's default
//! mapping holds: the root element holds one element per property, and a
//! repeated element is an array.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::params::{self, Kind};
use crate::problem::{FieldError, escape_pointer_segment};

/// How an element's content becomes a JSON value.
#[derive(Debug)]
pub enum Node {
    /// Text, typed as this kind of scalar.
    Scalar(Kind),
    /// Child elements and attributes, as an object's members.
    Object(&'static [Member]),
    /// Child elements, whatever their names, each an item of an array.
    List(&'static Node),
    /// Child elements as a map's entries, keyed by their names.
    Map(&'static Node),
    /// Content the schema does not describe: text as a string, child
    /// elements as members (a repeated one as an array).
    Any,
}

/// A member of an object, and where the XML holds it.
#[derive(Debug)]
pub struct Member {
    name: &'static str,
    xml_name: &'static str,
    place: Place,
    node: &'static Node,
    required: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Element,
    Attribute,
    Repeated,
    Wrapped,
}

impl Member {
    /// The JSON member `name`, held by the child element `xml_name`.
    pub const fn element(name: &'static str, xml_name: &'static str, node: &'static Node) -> Self {
        Self::new(name, xml_name, Place::Element, node)
    }

    /// The JSON member `name`, held by the attribute `xml_name`.
    pub const fn attribute(
        name: &'static str,
        xml_name: &'static str,
        node: &'static Node,
    ) -> Self {
        Self::new(name, xml_name, Place::Attribute, node)
    }

    /// The array member `name`, whose items are child elements named
    /// `xml_name`, one per item; `node` reads each.
    pub const fn repeated(name: &'static str, xml_name: &'static str, node: &'static Node) -> Self {
        Self::new(name, xml_name, Place::Repeated, node)
    }

    /// The array member `name`, held by one child element `xml_name` whose
    /// children are the items; `node` reads each.
    pub const fn wrapped(name: &'static str, xml_name: &'static str, node: &'static Node) -> Self {
        Self::new(name, xml_name, Place::Wrapped, node)
    }

    /// The member is required. For a [`repeated`](Self::repeated) array no
    /// element is then an empty array, the only way XML writes one.
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    const fn new(
        name: &'static str,
        xml_name: &'static str,
        place: Place,
        node: &'static Node,
    ) -> Self {
        Self {
            name,
            xml_name,
            place,
            node,
            required: false,
        }
    }
}

/// Deserializes an XML body read by `root`; the errors point into the JSON
/// value the body stands for.
pub fn from_slice<T: DeserializeOwned>(body: &[u8], root: &Node) -> Result<T, Vec<FieldError>> {
    let text = std::str::from_utf8(body)
        .map_err(|_| vec![FieldError::body("", "The XML body is not UTF-8 text.")])?;
    let element = parse(text).map_err(|detail| vec![FieldError::body("", detail)])?;
    let mut errors = Vec::new();
    let value = read(&element, root, "", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    crate::json::from_value(&value).map_err(|problem| problem.errors.clone())
}

/// An element as read: its local name, attributes, children and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn start(start: &BytesStart<'_>) -> Result<Self, String> {
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|error| invalid(&error))?;
            let key = attribute.key;
            // Namespace declarations are the document's, not the data's.
            if key.as_ref() == "xmlns" || key.prefix().is_some_and(|p| p.as_ref() == "xmlns") {
                continue;
            }
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|error| invalid(&error))?;
            attributes.push((key.local_name().as_ref().to_owned(), value.into_owned()));
        }
        Ok(Self {
            name: start.local_name().as_ref().to_owned(),
            attributes,
            ..Self::default()
        })
    }
}

fn invalid(error: &dyn std::fmt::Display) -> String {
    format!("The XML body is invalid: {error}.")
}

/// Reads the document's one root element; anything else at the top level
/// but comments, processing instructions and white space is an error.
fn parse(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().map_err(|error| invalid(&error))? {
            Event::Start(start) => {
                if open.is_empty() && root.is_some() {
                    return Err("The XML body has more than one root element.".into());
                }
                open.push(Element::start(&start)?);
            }
            Event::Empty(start) => close(Element::start(&start)?, &mut open, &mut root)?,
            Event::End(_) => {
                let element = open.pop().ok_or_else(|| invalid(&"an unmatched end tag"))?;
                close(element, &mut open, &mut root)?;
            }
            Event::Text(text) => match open.last_mut() {
                Some(element) => element.text.push_str(&text.xml10_content()),
                None if text.trim_ascii().is_empty() => {}
                None => return Err("The XML body has text outside its root element.".into()),
            },
            Event::CData(data) => match open.last_mut() {
                Some(element) => element.text.push_str(&data.xml10_content()),
                None => return Err("The XML body has text outside its root element.".into()),
            },
            Event::GeneralRef(reference) => {
                let Some(element) = open.last_mut() else {
                    return Err("The XML body has text outside its root element.".into());
                };
                match reference
                    .resolve_char_ref()
                    .map_err(|error| invalid(&error))?
                {
                    Some(c) => element.text.push(c),
                    None => match quick_xml::escape::resolve_predefined_entity(&reference) {
                        Some(replacement) => element.text.push_str(replacement),
                        None => {
                            return Err(invalid(&format!("unknown entity `&{};`", &*reference)));
                        }
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(invalid(&"the root element is not closed"));
    }
    root.ok_or_else(|| "The XML body has no root element.".to_owned())
}

/// Puts a finished element in its parent, or makes it the root.
fn close(element: Element, open: &mut [Element], root: &mut Option<Element>) -> Result<(), String> {
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => return Err("The XML body has more than one root element.".into()),
    }
    Ok(())
}

/// The JSON value of `element` as `node` reads it; what cannot be read is
/// an error at `pointer`, and `null` in the value.
fn read(element: &Element, node: &Node, pointer: &str, errors: &mut Vec<FieldError>) -> Value {
    match node {
        Node::Scalar(kind) => {
            if !element.children.is_empty() {
                errors.push(FieldError::body(
                    pointer,
                    "holds elements where a value is expected",
                ));
                return Value::Null;
            }
            let text = element.text.trim();
            // XML has no null: `null` for a value that is not text is null,
            // which a nullable member takes and any other refuses (as in a
            // parameter).
            if text == "null" && *kind != Kind::String {
                return Value::Null;
            }
            // An empty element is an empty string; no number or boolean.
            match params::scalar(text, *kind) {
                Ok(value) => value,
                Err(detail) => {
                    errors.push(FieldError::body(pointer, detail));
                    Value::Null
                }
            }
        }
        Node::Object(members) => {
            if !element.text.trim().is_empty() {
                errors.push(FieldError::body(
                    pointer,
                    "holds text where elements are expected",
                ));
                return Value::Null;
            }
            read_object(element, members, pointer, errors)
        }
        Node::List(item) => Value::Array(
            element
                .children
                .iter()
                .enumerate()
                .map(|(i, child)| read(child, item, &format!("{pointer}/{i}"), errors))
                .collect(),
        ),
        Node::Map(value) => {
            let mut map = Map::new();
            for child in &element.children {
                let at = member_pointer(pointer, &child.name);
                map.insert(child.name.clone(), read(child, value, &at, errors));
            }
            Value::Object(map)
        }
        Node::Any => read_any(element),
    }
}

fn read_object(
    element: &Element,
    members: &[Member],
    pointer: &str,
    errors: &mut Vec<FieldError>,
) -> Value {
    let mut object = Map::new();
    for (name, text) in &element.attributes {
        let member = members
            .iter()
            .find(|m| m.place == Place::Attribute && m.xml_name == name);
        let (key, value) = match member {
            Some(member) => {
                let at = member_pointer(pointer, member.name);
                (
                    member.name,
                    read(&text_element(text), member.node, &at, errors),
                )
            }
            None => (name.as_str(), Value::String(text.clone())),
        };
        object.insert(key.to_owned(), value);
    }
    for child in &element.children {
        let member = members
            .iter()
            .find(|m| m.place != Place::Attribute && m.xml_name == child.name);
        let Some(member) = member else {
            // Not a member the schema names: an additional property, read as
            // it comes (the model accepts or refuses it).
            let value = read_any(child);
            append(&mut object, &child.name, value);
            continue;
        };
        let at = member_pointer(pointer, member.name);
        match member.place {
            Place::Repeated => {
                let items = object
                    .entry(member.name)
                    .or_insert_with(|| Value::Array(Vec::new()));
                let index = items.as_array().map_or(0, Vec::len);
                let item = read(child, member.node, &format!("{at}/{index}"), errors);
                if let Value::Array(items) = items {
                    items.push(item);
                }
            }
            Place::Wrapped => {
                let items = read(child, &Node::List(member.node), &at, errors);
                if object.insert(member.name.to_owned(), items).is_some() {
                    errors.push(FieldError::body(at, "is given more than once"));
                }
            }
            Place::Element | Place::Attribute => {
                let value = read(child, member.node, &at, errors);
                if object.insert(member.name.to_owned(), value).is_some() {
                    errors.push(FieldError::body(at, "is given more than once"));
                }
            }
        }
    }
    for member in members {
        if member.required && member.place == Place::Repeated {
            object
                .entry(member.name)
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    Value::Object(object)
}

/// An element holding `text` only, as an attribute's value is read.
fn text_element(text: &str) -> Element {
    Element {
        text: text.to_owned(),
        ..Element::default()
    }
}

/// Content without a schema: text as a string, else attributes and child
/// elements as members, a repeated one as an array.
fn read_any(element: &Element) -> Value {
    if element.children.is_empty() && element.attributes.is_empty() {
        return Value::String(element.text.trim().to_owned());
    }
    let mut object = Map::new();
    for (name, text) in &element.attributes {
        append(&mut object, name, Value::String(text.clone()));
    }
    for child in &element.children {
        append(&mut object, &child.name, read_any(child));
    }
    Value::Object(object)
}

/// Adds a member; a name given again makes its values an array.
fn append(object: &mut Map<String, Value>, name: &str, value: Value) {
    match object.get_mut(name) {
        Some(Value::Array(items)) => items.push(value),
        Some(first) => {
            let first = first.take();
            object.insert(name.to_owned(), Value::Array(vec![first, value]));
        }
        None => {
            object.insert(name.to_owned(), value);
        }
    }
}

fn member_pointer(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", escape_pointer_segment(name))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{Kind, Member, Node, from_slice};

    #[derive(Debug, Deserialize, PartialEq)]
    struct Booking {
        id: Option<String>,
        passenger_name: String,
        has_dog: bool,
        seats: u8,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        legs: Vec<Leg>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Leg {
        from: String,
        minutes: u32,
    }

    static LEG: Node = Node::Object(&[
        Member::element("from", "from", &Node::Scalar(Kind::String)),
        Member::element("minutes", "minutes", &Node::Scalar(Kind::Integer)),
    ]);
    static BOOKING: Node = Node::Object(&[
        Member::attribute("id", "id", &Node::Scalar(Kind::String)),
        Member::element("passenger_name", "name", &Node::Scalar(Kind::String)),
        Member::element("has_dog", "has_dog", &Node::Scalar(Kind::Boolean)),
        Member::element("seats", "seats", &Node::Scalar(Kind::Integer)),
        Member::repeated("tags", "tag", &Node::Scalar(Kind::String)),
        Member::wrapped("legs", "legs", &LEG),
    ]);

    #[test]
    fn elements_attributes_and_lists_are_members() {
        let booking: Booking = from_slice(
            b"<booking id=\"b1\"><name>Jo &amp; Al</name><has_dog>false</has_dog>\
              <seats> 2 </seats><tag>a</tag><tag><![CDATA[<b>]]></tag>\
              <legs><leg><from>Paris</from><minutes>90</minutes></leg>\
              <leg><from>Lyon</from><minutes>120</minutes></leg></legs></booking>",
            &BOOKING,
        )
        .unwrap();
        assert_eq!(
            booking,
            Booking {
                id: Some("b1".into()),
                passenger_name: "Jo & Al".into(),
                has_dog: false,
                seats: 2,
                tags: vec!["a".into(), "<b>".into()],
                legs: vec![
                    Leg {
                        from: "Paris".into(),
                        minutes: 90
                    },
                    Leg {
                        from: "Lyon".into(),
                        minutes: 120
                    },
                ],
            }
        );
    }

    #[test]
    fn values_the_schema_does_not_allow_are_errors_where_they_are() {
        for (body, pointer, detail) in [
            ("<b><seats>many</seats></b>", "/seats", "is not an integer"),
            (
                "<b><has_dog>0</has_dog></b>",
                "/has_dog",
                "is not a boolean",
            ),
            (
                "<b><legs><leg><minutes>x</minutes></leg></legs></b>",
                "/legs/0/minutes",
                "is not an integer",
            ),
            ("<b>true</b>", "", "holds text where elements are expected"),
            ("<b><seats><n>1</n></seats></b>", "/seats", "holds elements"),
            (
                "<b><seats>1</seats><seats>2</seats></b>",
                "/seats",
                "more than once",
            ),
        ] {
            let errors = from_slice::<Booking>(body.as_bytes(), &BOOKING).unwrap_err();
            assert_eq!(errors[0].pointer, pointer, "{body}: {errors:?}");
            assert!(errors[0].detail.contains(detail), "{body}: {errors:?}");
        }
        // A missing member is the model's to say.
        let errors =
            from_slice::<Booking>(b"<b><has_dog>true</has_dog><seats>1</seats></b>", &BOOKING)
                .unwrap_err();
        assert!(errors[0].detail.contains("passenger_name"), "{errors:?}");
    }

    #[test]
    fn a_body_is_one_root_element() {
        let one = "<booking><name>Jo</name><has_dog>true</has_dog><seats>1</seats></booking>";
        let with_prolog = format!("<?xml version=\"1.0\"?>\n<!-- a booking -->\n{one}\n");
        assert!(from_slice::<Booking>(with_prolog.as_bytes(), &BOOKING).is_ok());
        for (body, detail) in [
            (format!("{one}{one}"), "more than one root element"),
            (format!("{one}<x/>"), "more than one root element"),
            (format!("{one} trailing"), "text outside its root element"),
            ("<!-- nothing -->".to_owned(), "no root element"),
            ("<booking><name>Jo</name>".to_owned(), "invalid"),
        ] {
            let errors = from_slice::<Booking>(body.as_bytes(), &BOOKING).unwrap_err();
            assert!(errors[0].detail.contains(detail), "{body}: {errors:?}");
        }
    }

    #[test]
    fn content_without_a_schema_keeps_its_structure() {
        let value: serde_json::Value = from_slice(
            b"<a k=\"v\"><x>1</x><x>2</x><y><z>t</z></y></a>",
            &Node::Any,
        )
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"k": "v", "x": ["1", "2"], "y": {"z": "t"}})
        );
    }
}
