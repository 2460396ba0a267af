use specforge_runtime::validate::{Items, Members, Number, Text, Validate, Violations};

impl Validate for super::models::Problem {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "status",
            |v| {
                let value = &self.status;
                v.number(
                    *value as f64,
                    &Number {
                        minimum: Some(100.0),
                        maximum: Some(599.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "code",
            |v| {
                let value = &self.code;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[a-z][a-z0-9_]*$"),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.errors {
            v.at(
                "errors",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProblemFieldError {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "location",
            |v| {
                let value = &self.location;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::HealthStatus {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "status",
            |v| {
                let value = &self.status;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::ProductStatus {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: draft, active, archived"));
        }
    }
}

impl Validate for super::models::Dimensions {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "widthCm",
            |v| {
                let value = &self.width_cm;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "heightCm",
            |v| {
                let value = &self.height_cm;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "depthCm",
            |v| {
                let value = &self.depth_cm;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::Product {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "sku",
            |v| {
                let value = &self.sku;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z0-9-]{4,32}$"),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(200),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.description {
            v.at(
                "description",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(5000),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        v.at(
            "price",
            |v| {
                let value = &self.price;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        maximum: Some(1000000.0),
                        exclusive_maximum: true,
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "status",
            |v| {
                let value = &self.status;
                value.validate(v);
            },
        );
        v.at(
            "tags",
            |v| {
                let value = &self.tags;
                v.items(
                    value,
                    &Items {
                        max_items: Some(20),
                        unique: true,
                        ..Items::default()
                    },
                );
                for (key, item) in value.iter().enumerate() {
                    v.at(
                        key,
                        |v| {
                            v.text(
                                item,
                                &Text {
                                    min_length: Some(1),
                                    max_length: Some(50),
                                    ..Text::default()
                                },
                            );
                        },
                    );
                }
            },
        );
        v.at(
            "categoryIds",
            |v| {
                let value = &self.category_ids;
                v.items(
                    value,
                    &Items {
                        unique: true,
                        ..Items::default()
                    },
                );
            },
        );
        v.at(
            "attributes",
            |v| {
                let value = &self.attributes;
                v.members(
                    value.len(),
                    &Members {
                        max_properties: Some(50),
                        ..Members::default()
                    },
                );
                for (key, item) in value.iter() {
                    v.at(
                        key,
                        |v| {
                            v.text(
                                item,
                                &Text {
                                    max_length: Some(200),
                                    ..Text::default()
                                },
                            );
                        },
                    );
                }
            },
        );
        if let Some(value) = &self.dimensions {
            v.at(
                "dimensions",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::NewProduct {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "sku",
            |v| {
                let value = &self.sku;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z0-9-]{4,32}$"),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(200),
                        ..Text::default()
                    },
                );
            },
        );
        if let specforge_runtime::Patch::Value(value) = &self.description {
            v.at(
                "description",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(5000),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        v.at(
            "price",
            |v| {
                let value = &self.price;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        maximum: Some(1000000.0),
                        exclusive_maximum: true,
                        ..Number::default()
                    },
                );
            },
        );
        if let Some(value) = &self.status {
            v.at(
                "status",
                |v| {
                    value.validate(v);
                },
            );
        }
        if let Some(value) = &self.tags {
            v.at(
                "tags",
                |v| {
                    v.items(
                        value,
                        &Items {
                            max_items: Some(20),
                            unique: true,
                            ..Items::default()
                        },
                    );
                    for (key, item) in value.iter().enumerate() {
                        v.at(
                            key,
                            |v| {
                                v.text(
                                    item,
                                    &Text {
                                        min_length: Some(1),
                                        max_length: Some(50),
                                        ..Text::default()
                                    },
                                );
                            },
                        );
                    }
                },
            );
        }
        if let Some(value) = &self.category_ids {
            v.at(
                "categoryIds",
                |v| {
                    v.items(
                        value,
                        &Items {
                            unique: true,
                            ..Items::default()
                        },
                    );
                },
            );
        }
        if let Some(value) = &self.attributes {
            v.at(
                "attributes",
                |v| {
                    v.members(
                        value.len(),
                        &Members {
                            max_properties: Some(50),
                            ..Members::default()
                        },
                    );
                    for (key, item) in value.iter() {
                        v.at(
                            key,
                            |v| {
                                v.text(
                                    item,
                                    &Text {
                                        max_length: Some(200),
                                        ..Text::default()
                                    },
                                );
                            },
                        );
                    }
                },
            );
        }
        if let Some(value) = &self.dimensions {
            v.at(
                "dimensions",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProductPatch {
    fn validate(&self, v: &mut Violations) {
        if let Some(value) = &self.name {
            v.at(
                "name",
                |v| {
                    v.text(
                        value,
                        &Text {
                            min_length: Some(1),
                            max_length: Some(200),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        if let specforge_runtime::Patch::Value(value) = &self.description {
            v.at(
                "description",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(5000),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        if let Some(value) = &self.price {
            v.at(
                "price",
                |v| {
                    v.number(
                        *value,
                        &Number {
                            minimum: Some(0.0),
                            maximum: Some(1000000.0),
                            exclusive_maximum: true,
                            ..Number::default()
                        },
                    );
                },
            );
        }
        if let Some(value) = &self.status {
            v.at(
                "status",
                |v| {
                    value.validate(v);
                },
            );
        }
        if let Some(value) = &self.tags {
            v.at(
                "tags",
                |v| {
                    v.items(
                        value,
                        &Items {
                            max_items: Some(20),
                            unique: true,
                            ..Items::default()
                        },
                    );
                    for (key, item) in value.iter().enumerate() {
                        v.at(
                            key,
                            |v| {
                                v.text(
                                    item,
                                    &Text {
                                        min_length: Some(1),
                                        max_length: Some(50),
                                        ..Text::default()
                                    },
                                );
                            },
                        );
                    }
                },
            );
        }
        if let Some(value) = &self.category_ids {
            v.at(
                "categoryIds",
                |v| {
                    v.items(
                        value,
                        &Items {
                            unique: true,
                            ..Items::default()
                        },
                    );
                },
            );
        }
        if let Some(value) = &self.attributes {
            v.at(
                "attributes",
                |v| {
                    v.members(
                        value.len(),
                        &Members {
                            max_properties: Some(50),
                            ..Members::default()
                        },
                    );
                    for (key, item) in value.iter() {
                        v.at(
                            key,
                            |v| {
                                if let Some(item) = item {
                                    v.text(
                                        item,
                                        &Text {
                                            max_length: Some(200),
                                            ..Text::default()
                                        },
                                    );
                                }
                            },
                        );
                    }
                },
            );
        }
        if let specforge_runtime::Patch::Value(value) = &self.dimensions {
            v.at(
                "dimensions",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProductV2 {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "sku",
            |v| {
                let value = &self.sku;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z0-9-]{4,32}$"),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(200),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.description {
            v.at(
                "description",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(5000),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        v.at(
            "price",
            |v| {
                let value = &self.price;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        maximum: Some(1000000.0),
                        exclusive_maximum: true,
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "status",
            |v| {
                let value = &self.status;
                value.validate(v);
            },
        );
        v.at(
            "tags",
            |v| {
                let value = &self.tags;
                v.items(
                    value,
                    &Items {
                        max_items: Some(20),
                        unique: true,
                        ..Items::default()
                    },
                );
                for (key, item) in value.iter().enumerate() {
                    v.at(
                        key,
                        |v| {
                            v.text(
                                item,
                                &Text {
                                    min_length: Some(1),
                                    max_length: Some(50),
                                    ..Text::default()
                                },
                            );
                        },
                    );
                }
            },
        );
        v.at(
            "categoryIds",
            |v| {
                let value = &self.category_ids;
                v.items(
                    value,
                    &Items {
                        unique: true,
                        ..Items::default()
                    },
                );
            },
        );
        v.at(
            "attributes",
            |v| {
                let value = &self.attributes;
                v.members(
                    value.len(),
                    &Members {
                        max_properties: Some(50),
                        ..Members::default()
                    },
                );
                for (key, item) in value.iter() {
                    v.at(
                        key,
                        |v| {
                            v.text(
                                item,
                                &Text {
                                    max_length: Some(200),
                                    ..Text::default()
                                },
                            );
                        },
                    );
                }
            },
        );
        if let Some(value) = &self.dimensions {
            v.at(
                "dimensions",
                |v| {
                    value.validate(v);
                },
            );
        }
        v.at(
            "currency",
            |v| {
                let value = &self.currency;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z]{3}$"),
                        ..Text::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::ProductPage {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "items",
            |v| {
                let value = &self.items;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::ProductChangePage {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "items",
            |v| {
                let value = &self.items;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::ProductChange {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "sequence",
            |v| {
                let value = &self.sequence;
                v.number(
                    *value as f64,
                    &Number {
                        minimum: Some(1.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "kind",
            |v| {
                let value = &self.kind;
                value.validate(v);
            },
        );
        if let Some(value) = &self.product {
            v.at(
                "product",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProductChangeKind {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: created, updated, deleted"));
        }
    }
}

impl Validate for super::models::OrderStatusChangedEvent {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "type",
            |v| {
                let value = &self.r#type;
                value.validate(v);
            },
        );
        v.at(
            "data",
            |v| {
                let value = &self.data;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::OrderStatusChange {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "status",
            |v| {
                let value = &self.status;
                value.validate(v);
            },
        );
        if let Some(value) = &self.previous_status {
            v.at(
                "previousStatus",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProductPrice {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "price",
            |v| {
                let value = &self.price;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        maximum: Some(1000000.0),
                        exclusive_maximum: true,
                        ..Number::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::ProductImage {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "contentType",
            |v| {
                let value = &self.content_type;
                value.validate(v);
            },
        );
        v.at(
            "sizeBytes",
            |v| {
                let value = &self.size_bytes;
                v.number(
                    *value as f64,
                    &Number {
                        minimum: Some(1.0),
                        ..Number::default()
                    },
                );
            },
        );
        if let Some(value) = &self.alt_text {
            v.at(
                "altText",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(200),
                            ..Text::default()
                        },
                    );
                },
            );
        }
    }
}

impl Validate for super::models::Category {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(100),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "slug",
            |v| {
                let value = &self.slug;
                v.text(
                    value,
                    &Text {
                        max_length: Some(100),
                        pattern: Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
                        ..Text::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::NewCategory {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(100),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "slug",
            |v| {
                let value = &self.slug;
                v.text(
                    value,
                    &Text {
                        max_length: Some(100),
                        pattern: Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
                        ..Text::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::CategoryPage {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "items",
            |v| {
                let value = &self.items;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::CategoryTree {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "name",
            |v| {
                let value = &self.name;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(100),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "slug",
            |v| {
                let value = &self.slug;
                v.text(
                    value,
                    &Text {
                        max_length: Some(100),
                        pattern: Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "children",
            |v| {
                let value = &self.children;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::OrderStatus {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(
                format!("`{value}` is not one of: pending, paid, shipped, cancelled"),
            );
        }
    }
}

impl Validate for super::models::Address {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "line1",
            |v| {
                let value = &self.line1;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(200),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.line2 {
            v.at(
                "line2",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(200),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        v.at(
            "city",
            |v| {
                let value = &self.city;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(100),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.region {
            v.at(
                "region",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(100),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        v.at(
            "postalCode",
            |v| {
                let value = &self.postal_code;
                v.text(
                    value,
                    &Text {
                        min_length: Some(1),
                        max_length: Some(20),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "country",
            |v| {
                let value = &self.country;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z]{2}$"),
                        ..Text::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::NewOrderLine {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "quantity",
            |v| {
                let value = &self.quantity;
                v.number(
                    *value as f64,
                    &Number {
                        minimum: Some(1.0),
                        maximum: Some(1000.0),
                        ..Number::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::OrderLine {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "quantity",
            |v| {
                let value = &self.quantity;
                v.number(
                    *value as f64,
                    &Number {
                        minimum: Some(1.0),
                        maximum: Some(1000.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "unitPrice",
            |v| {
                let value = &self.unit_price;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "lineTotal",
            |v| {
                let value = &self.line_total;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::CardPayment {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "kind",
            |v| {
                let value = &self.kind;
                value.validate(v);
            },
        );
        v.at(
            "token",
            |v| {
                let value = &self.token;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^tok_[A-Za-z0-9]{8,64}$"),
                        ..Text::default()
                    },
                );
            },
        );
    }
}

impl Validate for super::models::BankTransfer {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "kind",
            |v| {
                let value = &self.kind;
                value.validate(v);
            },
        );
        v.at(
            "iban",
            |v| {
                let value = &self.iban;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"),
                        ..Text::default()
                    },
                );
            },
        );
        if let Some(value) = &self.reference {
            v.at(
                "reference",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(140),
                            ..Text::default()
                        },
                    );
                },
            );
        }
    }
}

impl Validate for super::models::PaymentMethod {
    fn validate(&self, v: &mut Violations) {
        match self {
            Self::CardPayment(value) => value.validate(v),
            Self::BankTransfer(value) => value.validate(v),
            Self::Unknown(value) => {
                let tag = value
                    .get("kind")
                    .map(ToString::to_string)
                    .unwrap_or_else(|| "(missing)".into());
                v.invalid(format!("`kind` {tag} is not one of `card`, `bank_transfer`"));
            }
        }
    }
}

impl Validate for super::models::NewOrder {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "lines",
            |v| {
                let value = &self.lines;
                v.items(
                    value,
                    &Items {
                        min_items: Some(1),
                        max_items: Some(100),
                        ..Items::default()
                    },
                );
                value.validate(v);
            },
        );
        v.at(
            "shippingAddress",
            |v| {
                let value = &self.shipping_address;
                value.validate(v);
            },
        );
        if let Some(value) = &self.payment {
            v.at(
                "payment",
                |v| {
                    value.validate(v);
                },
            );
        }
        if let Some(value) = &self.note {
            v.at(
                "note",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(500),
                            ..Text::default()
                        },
                    );
                },
            );
        }
    }
}

impl Validate for super::models::Order {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "status",
            |v| {
                let value = &self.status;
                value.validate(v);
            },
        );
        v.at(
            "lines",
            |v| {
                let value = &self.lines;
                v.items(
                    value,
                    &Items {
                        min_items: Some(1),
                        max_items: Some(100),
                        ..Items::default()
                    },
                );
                value.validate(v);
            },
        );
        v.at(
            "total",
            |v| {
                let value = &self.total;
                v.number(
                    *value,
                    &Number {
                        minimum: Some(0.0),
                        ..Number::default()
                    },
                );
            },
        );
        v.at(
            "currency",
            |v| {
                let value = &self.currency;
                v.text(
                    value,
                    &Text {
                        pattern: Some("^[A-Z]{3}$"),
                        ..Text::default()
                    },
                );
            },
        );
        v.at(
            "shippingAddress",
            |v| {
                let value = &self.shipping_address;
                value.validate(v);
            },
        );
        if let Some(value) = &self.payment {
            v.at(
                "payment",
                |v| {
                    value.validate(v);
                },
            );
        }
        if let Some(value) = &self.note {
            v.at(
                "note",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(500),
                            ..Text::default()
                        },
                    );
                },
            );
        }
    }
}

impl Validate for super::models::OrderPage {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "items",
            |v| {
                let value = &self.items;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::ExportFormat {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: csv, jsonl"));
        }
    }
}

impl Validate for super::models::ExportState {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(
                format!(
                    "`{value}` is not one of: queued, running, succeeded, failed, canceled"
                ),
            );
        }
    }
}

impl Validate for super::models::NewExport {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "format",
            |v| {
                let value = &self.format;
                value.validate(v);
            },
        );
    }
}

impl Validate for super::models::ExportJob {
    fn validate(&self, v: &mut Violations) {
        v.at(
            "state",
            |v| {
                let value = &self.state;
                value.validate(v);
            },
        );
        v.at(
            "format",
            |v| {
                let value = &self.format;
                value.validate(v);
            },
        );
        if let Some(value) = &self.download_url {
            v.at(
                "downloadUrl",
                |v| {
                    v.text(
                        value,
                        &Text {
                            format: Some(specforge_runtime::validate::Format::Uri),
                            ..Text::default()
                        },
                    );
                },
            );
        }
        if let Some(value) = &self.error {
            v.at(
                "error",
                |v| {
                    value.validate(v);
                },
            );
        }
    }
}

impl Validate for super::models::ProblemFieldErrorLocation {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(
                format!("`{value}` is not one of: path, query, header, cookie, body"),
            );
        }
    }
}

impl Validate for super::models::HealthStatusStatus {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: ok"));
        }
    }
}

impl Validate for super::models::OrderStatusChangedEventType {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: order.status_changed"));
        }
    }
}

impl Validate for super::models::ProductImageContentType {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: image/png, image/jpeg"));
        }
    }
}

impl Validate for super::models::CardPaymentKind {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: card"));
        }
    }
}

impl Validate for super::models::BankTransferKind {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: bank_transfer"));
        }
    }
}

impl Validate for super::models::ListProductsSort {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(
                format!(
                    "`{value}` is not one of: name, -name, price, -price, createdAt, -createdAt"
                ),
            );
        }
    }
}

impl Validate for super::models::UploadProductImageBody {
    fn validate(&self, v: &mut Violations) {
        if let Some(value) = &self.alt_text {
            v.at(
                "altText",
                |v| {
                    v.text(
                        value,
                        &Text {
                            max_length: Some(200),
                            ..Text::default()
                        },
                    );
                },
            );
        }
    }
}

impl Validate for super::models::ListCategoriesSort {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: name, -name"));
        }
    }
}

impl Validate for super::models::ListOrdersSort {
    fn validate(&self, v: &mut Violations) {
        if let Self::Unknown(value) = self {
            v.invalid(format!("`{value}` is not one of: createdAt, -createdAt"));
        }
    }
}
