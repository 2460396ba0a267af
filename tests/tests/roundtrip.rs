//! Every example in the catalog spec deserializes into its generated type and
//! serializes back to the same JSON.

use std::path::Path;

use catalog_api::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use specforge_runtime::validate::json_equal;

fn spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/catalog.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn roundtrip<T: DeserializeOwned + Serialize>(example: &Value) -> Value {
    let typed: T = serde_json::from_value(example.clone())
        .unwrap_or_else(|err| panic!("{example} does not decode: {err}"));
    serde_json::to_value(&typed).unwrap()
}

/// Round-trips an example through the type generated for `schema`.
fn roundtrip_as(schema: &str, example: &Value) -> Value {
    match schema {
        "Problem" => roundtrip::<Problem>(example),
        "HealthStatus" => roundtrip::<HealthStatus>(example),
        "Product" => roundtrip::<Product>(example),
        "NewProduct" => roundtrip::<NewProduct>(example),
        "ProductPatch" => roundtrip::<ProductPatch>(example),
        "ProductV2" => roundtrip::<ProductV2>(example),
        "ProductPage" => roundtrip::<ProductPage>(example),
        "ProductPrice" => roundtrip::<ProductPrice>(example),
        "ProductImage" => roundtrip::<ProductImage>(example),
        "Category" => roundtrip::<Category>(example),
        "NewCategory" => roundtrip::<NewCategory>(example),
        "CategoryPage" => roundtrip::<CategoryPage>(example),
        "CategoryTree" => roundtrip::<CategoryTree>(example),
        "NewOrder" => roundtrip::<NewOrder>(example),
        "Order" => roundtrip::<Order>(example),
        "OrderPage" => roundtrip::<OrderPage>(example),
        "NewExport" => roundtrip::<NewExport>(example),
        "ExportJob" => roundtrip::<ExportJob>(example),
        "PaymentMethod" => roundtrip::<PaymentMethod>(example),
        "ProductImageList" => roundtrip::<Vec<ProductImage>>(example),
        "CategoryTreeList" => roundtrip::<Vec<CategoryTree>>(example),
        "ProductChangePage" => roundtrip::<ProductChangePage>(example),
        "ProductChange" => roundtrip::<ProductChange>(example),
        "OrderStatusChangedEvent" => roundtrip::<OrderStatusChangedEvent>(example),
        other => panic!("no round-trip registered for schema {other}; add it above"),
    }
}

/// (schema name, example) for every media type whose schema is a component.
fn examples(spec: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    let mut visit_content = |content: &Value| {
        for media in content.as_object().into_iter().flat_map(|m| m.values()) {
            let (Some(example), Some(schema)) = (media.get("example"), media.get("schema")) else {
                continue;
            };
            let name = match (
                schema.get("$ref"),
                schema.get("items").and_then(|i| i.get("$ref")),
            ) {
                (Some(r), _) => r.as_str().unwrap().rsplit('/').next().unwrap().to_owned(),
                (None, Some(r)) if schema.get("type") == Some(&Value::from("array")) => {
                    format!("{}List", r.as_str().unwrap().rsplit('/').next().unwrap())
                }
                _ => continue,
            };
            found.push((name, example.clone()));
        }
    };
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if let Some(content) = op.pointer("/requestBody/content") {
                visit_content(content);
            }
            for response in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|r| r.values())
            {
                if let Some(content) = response.get("content") {
                    visit_content(content);
                }
            }
        }
    }
    for response in spec["components"]["responses"]
        .as_object()
        .unwrap()
        .values()
    {
        if let Some(content) = response.get("content") {
            visit_content(content);
        }
    }
    found
}

#[test]
fn every_example_round_trips() {
    let spec = spec();
    let examples = examples(&spec);
    assert!(
        examples.len() >= 20,
        "expected the catalog to carry many examples, found {}",
        examples.len()
    );
    for (schema, example) in &examples {
        let back = roundtrip_as(schema, example);
        assert!(
            json_equal(&back, example),
            "{schema} example changed in a round trip:\n{example}\n{back}"
        );
    }
}

#[test]
fn unknown_enum_values_and_fields_decode() {
    let mut product = examples(&spec())
        .into_iter()
        .find(|(s, _)| s == "Product")
        .unwrap()
        .1;
    product["status"] = "discontinued".into();
    product["somethingNew"] = true.into();
    let decoded: Product = serde_json::from_value(product).unwrap();
    assert_eq!(
        decoded.status,
        ProductStatus::Unknown("discontinued".into())
    );
    assert_eq!(
        serde_json::to_value(&decoded.status).unwrap(),
        "discontinued"
    );
}

#[test]
fn absent_and_null_stay_distinct_in_patches() {
    let cleared: ProductPatch = serde_json::from_str(r#"{"description": null}"#).unwrap();
    let untouched: ProductPatch = serde_json::from_str("{}").unwrap();
    assert_eq!(cleared.description, specforge_runtime::Patch::Null);
    assert_eq!(untouched.description, specforge_runtime::Patch::Absent);
    assert_eq!(
        serde_json::to_string(&cleared).unwrap(),
        r#"{"description":null}"#
    );
    assert_eq!(serde_json::to_string(&untouched).unwrap(), "{}");
}

#[test]
fn discriminated_union_picks_by_tag() {
    let card: PaymentMethod =
        serde_json::from_value(serde_json::json!({"kind": "card", "token": "tok_12345678"}))
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(card, PaymentMethod::CardPayment(_)));
    assert!(specforge_runtime::validate::is_valid(&card));
    // A tag this version does not know decodes (clients stay forward
    // compatible) and fails validation (servers refuse it in requests).
    let cash: PaymentMethod =
        serde_json::from_value(serde_json::json!({"kind": "cash", "amount": 3})).unwrap();
    let PaymentMethod::Unknown(kept) = &cash else {
        panic!("{cash:?}");
    };
    assert_eq!(kept["amount"], 3);
    assert!(!specforge_runtime::validate::is_valid(&cash));
    // The variant is the tag: serialization writes it whatever the value holds.
    assert_eq!(serde_json::to_value(&card).unwrap()["kind"], "card");
}

#[test]
fn build_script_output_matches_the_committed_example() {
    let built = include_str!(concat!(env!("OUT_DIR"), "/catalog/src/models.rs"));
    let committed = include_str!("../../generated-example/src/models.rs");
    assert_eq!(
        built, committed,
        "generated-example/ is stale: run `cargo run -p codegen`"
    );
}
