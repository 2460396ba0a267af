//! XML request bodies, for operations that declare `application/xml` (or
//! `*+xml`) beside JSON: the body decodes into the same model, by the
//! default XML mapping of OpenAPI (the root element holds one element per
//! property; a repeated element is an array).

use serde::de::DeserializeOwned;

use crate::problem::FieldError;

/// Deserializes an XML body; a failure is one field error at the body root.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Vec<FieldError>> {
    let text = std::str::from_utf8(body)
        .map_err(|_| vec![FieldError::body("", "The XML body is not UTF-8 text.")])?;
    one_root(text).map_err(|detail| vec![FieldError::body("", detail)])?;
    quick_xml::de::from_str(text).map_err(|error| {
        vec![FieldError::body(
            "",
            format!("The XML body is invalid: {error}."),
        )]
    })
}

/// Checks that the document is one element: the deserializer reads the
/// first and ignores what follows, which would let `<a/><a/>` or text after
/// the root through.
fn one_root(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("The XML body is invalid: {error}."))?;
        match event {
            Event::Start(_) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Event::Empty(_) => roots += usize::from(depth == 0),
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) if depth == 0 && !text.trim_ascii().is_empty() => {
                return Err("The XML body has text outside its root element.".into());
            }
            Event::CData(_) | Event::GeneralRef(_) if depth == 0 => {
                return Err("The XML body has text outside its root element.".into());
            }
            Event::Eof => break,
            _ => {}
        }
        if roots > 1 {
            return Err("The XML body has more than one root element.".into());
        }
    }
    match roots {
        0 => Err("The XML body has no root element.".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::from_slice;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Booking {
        passenger_name: String,
        has_dog: bool,
        seats: u8,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn elements_are_members() {
        let booking: Booking = from_slice(
            b"<booking><passenger_name>Jo</passenger_name><has_dog>false</has_dog>\
              <seats>2</seats><tags>a</tags><tags>b</tags></booking>",
        )
        .unwrap();
        assert_eq!(
            booking,
            Booking {
                passenger_name: "Jo".into(),
                has_dog: false,
                seats: 2,
                tags: vec!["a".into(), "b".into()],
            }
        );
        let errors = from_slice::<Booking>(b"<booking><seats>many</seats></booking>").unwrap_err();
        assert_eq!(errors[0].pointer, "");
    }

    #[test]
    fn a_body_is_one_root_element() {
        let one = "<booking><passenger_name>Jo</passenger_name><has_dog>true</has_dog>\
                   <seats>1</seats></booking>";
        assert!(
            from_slice::<Booking>(format!("<?xml version=\"1.0\"?>\n{one}\n").as_bytes()).is_ok()
        );
        for (body, detail) in [
            (format!("{one}{one}"), "more than one root element"),
            (format!("{one}<x/>"), "more than one root element"),
            (format!("{one} trailing"), "text outside its root element"),
            ("<!-- nothing -->".to_owned(), "no root element"),
        ] {
            let errors = from_slice::<Booking>(body.as_bytes()).unwrap_err();
            assert!(errors[0].detail.contains(detail), "{body}: {errors:?}");
        }
    }
}
