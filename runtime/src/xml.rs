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
    quick_xml::de::from_str(text).map_err(|error| {
        vec![FieldError::body(
            "",
            format!("The XML body is invalid: {error}."),
        )]
    })
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
}
