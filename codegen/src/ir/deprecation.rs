//! What replaces a deprecated operation or member: an `x-replaced-by` (or
//! `x-deprecated-by`) extension, else the replacement the description names
//! ("Deprecated: use `summary` instead.").

use serde_json::Value;

/// The replacement of a deprecated part, in a few words.
pub(super) fn replacement(
    extensions: &indexmap::IndexMap<String, Value>,
    description: Option<&str>,
) -> Option<String> {
    let declared = ["x-replaced-by", "x-deprecated-by", "x-replacement"]
        .iter()
        .find_map(|key| extensions.get(*key).and_then(Value::as_str));
    if let Some(declared) = declared {
        return Some(format!("use `{}` instead", declared.trim()));
    }
    from_description(description?)
}

/// "use … instead" (or up to the sentence's end) from the sentence of a
/// description that says something is deprecated.
fn from_description(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let deprecated = lower.find("deprecated")?;
    let sentence_end = lower[deprecated..]
        .find(['\n'])
        .map_or(lower.len(), |end| deprecated + end);
    let sentence = &lower[deprecated..sentence_end];
    let use_at = sentence
        .find(" use ")
        .map(|at| at + 1)
        .or_else(|| sentence.find("use "))?;
    let start = deprecated + use_at;
    let rest = &description[start..sentence_end];
    let end = match rest.to_ascii_lowercase().find(" instead") {
        Some(at) => at + " instead".len(),
        None => rest.find(['.', ';']).unwrap_or(rest.len()),
    };
    let found = rest[..end].trim();
    (found.len() > 4 && found.len() <= 160).then(|| found.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_from_extensions_and_prose() {
        let mut extensions = indexmap::IndexMap::new();
        assert_eq!(
            replacement(&extensions, Some("**Deprecated:** use `summary` instead.")).as_deref(),
            Some("use `summary` instead")
        );
        assert_eq!(
            replacement(
                &extensions,
                Some("This endpoint is deprecated, please use the [List endpoint](x). More.")
            )
            .as_deref(),
            Some("use the [List endpoint](x)")
        );
        assert_eq!(replacement(&extensions, Some("Deprecated.")), None);
        assert_eq!(replacement(&extensions, Some("Lists pets.")), None);
        extensions.insert("x-replaced-by".into(), Value::from("listPetsV2"));
        assert_eq!(
            replacement(&extensions, None).as_deref(),
            Some("use `listPetsV2` instead")
        );
    }
}
