use specforge_runtime::validate::{Items, Members, Number, Text, Validate, Violations};

const PROBLEM_TYPE: Text = Text {
    format: Some(specforge_runtime::validate::Format::UriReference),
    ..Text::NONE
};

const PROBLEM_STATUS: Number = Number {
    minimum: Some(100.0),
    maximum: Some(599.0),
    ..Number::NONE
};

const PROBLEM_CODE: Text = Text {
    pattern: Some("^[a-z][a-z0-9_]*$"),
    ..Text::NONE
};

const DIMENSIONS_WIDTH_CM: Number = Number {
    minimum: Some(0.0),
    ..Number::NONE
};

const PRODUCT_SKU: Text = Text {
    pattern: Some("^[A-Z0-9-]{4,32}$"),
    ..Text::NONE
};

const PRODUCT_NAME: Text = Text {
    min_length: Some(1),
    max_length: Some(200),
    ..Text::NONE
};

const PRODUCT_DESCRIPTION: Text = Text {
    max_length: Some(5000),
    ..Text::NONE
};

const PRODUCT_PRICE: Number = Number {
    minimum: Some(0.0),
    maximum: Some(1000000.0),
    exclusive_maximum: true,
    ..Number::NONE
};

const PRODUCT_TAGS: Items = Items {
    max_items: Some(20),
    unique: true,
    ..Items::NONE
};

const PRODUCT_TAGS_ITEM: Text = Text {
    min_length: Some(1),
    max_length: Some(50),
    ..Text::NONE
};

const PRODUCT_CATEGORY_IDS: Items = Items {
    unique: true,
    ..Items::NONE
};

const PRODUCT_ATTRIBUTES: Members = Members {
    max_properties: Some(50),
    ..Members::NONE
};

const PRODUCT_ATTRIBUTES_ITEM: Text = Text {
    max_length: Some(200),
    ..Text::NONE
};

const PRODUCT_V2_CURRENCY: Text = Text {
    pattern: Some("^[A-Z]{3}$"),
    ..Text::NONE
};

const PRODUCT_CHANGE_SEQUENCE: Number = Number {
    minimum: Some(1.0),
    ..Number::NONE
};

const CATEGORY_NAME: Text = Text {
    min_length: Some(1),
    max_length: Some(100),
    ..Text::NONE
};

const CATEGORY_SLUG: Text = Text {
    max_length: Some(100),
    pattern: Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
    ..Text::NONE
};

const ADDRESS_REGION: Text = Text {
    max_length: Some(100),
    ..Text::NONE
};

const ADDRESS_POSTAL_CODE: Text = Text {
    min_length: Some(1),
    max_length: Some(20),
    ..Text::NONE
};

const ADDRESS_COUNTRY: Text = Text {
    pattern: Some("^[A-Z]{2}$"),
    ..Text::NONE
};

const NEW_ORDER_LINE_QUANTITY: Number = Number {
    minimum: Some(1.0),
    maximum: Some(1000.0),
    ..Number::NONE
};

const CARD_PAYMENT_TOKEN: Text = Text {
    pattern: Some("^tok_[A-Za-z0-9]{8,64}$"),
    ..Text::NONE
};

const BANK_TRANSFER_IBAN: Text = Text {
    pattern: Some("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"),
    ..Text::NONE
};

const BANK_TRANSFER_REFERENCE: Text = Text {
    max_length: Some(140),
    ..Text::NONE
};

const NEW_ORDER_LINES: Items = Items {
    min_items: Some(1),
    max_items: Some(100),
    ..Items::NONE
};

const NEW_ORDER_NOTE: Text = Text {
    max_length: Some(500),
    ..Text::NONE
};

const EXPORT_JOB_DOWNLOAD_URL: Text = Text {
    format: Some(specforge_runtime::validate::Format::Uri),
    ..Text::NONE
};

impl Validate for super::models::Problem {
    fn validate(&self, v: &mut Violations) {
        v.text_at("type", &self.r#type, &PROBLEM_TYPE);
        v.number_at("status", self.status, &PROBLEM_STATUS);
        if let Some(value) = &self.instance {
            v.text_at("instance", value, &PROBLEM_TYPE);
        }
        v.text_at("code", &self.code, &PROBLEM_CODE);
        if let Some(value) = &self.errors {
            v.nested_at("errors", value);
        }
    }
}

impl Validate for super::models::ProblemFieldError {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("location", &self.location);
    }
}

impl Validate for super::models::HealthStatus {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("status", &self.status);
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
        v.number_at("widthCm", self.width_cm, &DIMENSIONS_WIDTH_CM);
        v.number_at("heightCm", self.height_cm, &DIMENSIONS_WIDTH_CM);
        v.number_at("depthCm", self.depth_cm, &DIMENSIONS_WIDTH_CM);
    }
}

impl Validate for super::models::Product {
    fn validate(&self, v: &mut Violations) {
        v.text_at("sku", &self.sku, &PRODUCT_SKU);
        v.text_at("name", &self.name, &PRODUCT_NAME);
        if let Some(value) = &self.description {
            v.text_at("description", value, &PRODUCT_DESCRIPTION);
        }
        v.number_at("price", self.price, &PRODUCT_PRICE);
        v.nested_at("status", &self.status);
        v.at(
            "tags",
            |v| {
                let value = &self.tags;
                v.items(value, &PRODUCT_TAGS);
                for (key, item) in value.iter().enumerate() {
                    v.at(
                        key,
                        |v| {
                            v.text(item, &PRODUCT_TAGS_ITEM);
                        },
                    );
                }
            },
        );
        v.at(
            "categoryIds",
            |v| {
                let value = &self.category_ids;
                v.items(value, &PRODUCT_CATEGORY_IDS);
            },
        );
        v.at(
            "attributes",
            |v| {
                let value = &self.attributes;
                v.members(value.len(), &PRODUCT_ATTRIBUTES);
                for (key, item) in value.iter() {
                    v.at(
                        key,
                        |v| {
                            v.text(item, &PRODUCT_ATTRIBUTES_ITEM);
                        },
                    );
                }
            },
        );
        if let Some(value) = &self.dimensions {
            v.nested_at("dimensions", value);
        }
    }
}

impl Validate for super::models::NewProduct {
    fn validate(&self, v: &mut Violations) {
        v.text_at("sku", &self.sku, &PRODUCT_SKU);
        v.text_at("name", &self.name, &PRODUCT_NAME);
        if let specforge_runtime::Patch::Value(value) = &self.description {
            v.text_at("description", value, &PRODUCT_DESCRIPTION);
        }
        v.number_at("price", self.price, &PRODUCT_PRICE);
        if let Some(value) = &self.status {
            v.nested_at("status", value);
        }
        if let Some(value) = &self.tags {
            v.at(
                "tags",
                |v| {
                    v.items(value, &PRODUCT_TAGS);
                    for (key, item) in value.iter().enumerate() {
                        v.at(
                            key,
                            |v| {
                                v.text(item, &PRODUCT_TAGS_ITEM);
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
                    v.items(value, &PRODUCT_CATEGORY_IDS);
                },
            );
        }
        if let Some(value) = &self.attributes {
            v.at(
                "attributes",
                |v| {
                    v.members(value.len(), &PRODUCT_ATTRIBUTES);
                    for (key, item) in value.iter() {
                        v.at(
                            key,
                            |v| {
                                v.text(item, &PRODUCT_ATTRIBUTES_ITEM);
                            },
                        );
                    }
                },
            );
        }
        if let Some(value) = &self.dimensions {
            v.nested_at("dimensions", value);
        }
    }
}

impl Validate for super::models::ProductPatch {
    fn validate(&self, v: &mut Violations) {
        if let Some(value) = &self.name {
            v.text_at("name", value, &PRODUCT_NAME);
        }
        if let specforge_runtime::Patch::Value(value) = &self.description {
            v.text_at("description", value, &PRODUCT_DESCRIPTION);
        }
        if let Some(value) = &self.price {
            v.number_at("price", *value, &PRODUCT_PRICE);
        }
        if let Some(value) = &self.status {
            v.nested_at("status", value);
        }
        if let Some(value) = &self.tags {
            v.at(
                "tags",
                |v| {
                    v.items(value, &PRODUCT_TAGS);
                    for (key, item) in value.iter().enumerate() {
                        v.at(
                            key,
                            |v| {
                                v.text(item, &PRODUCT_TAGS_ITEM);
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
                    v.items(value, &PRODUCT_CATEGORY_IDS);
                },
            );
        }
        if let Some(value) = &self.attributes {
            v.at(
                "attributes",
                |v| {
                    v.members(value.len(), &PRODUCT_ATTRIBUTES);
                    for (key, item) in value.iter() {
                        v.at(
                            key,
                            |v| {
                                if let Some(item) = item {
                                    v.text(item, &PRODUCT_ATTRIBUTES_ITEM);
                                }
                            },
                        );
                    }
                },
            );
        }
        if let specforge_runtime::Patch::Value(value) = &self.dimensions {
            v.nested_at("dimensions", value);
        }
    }
}

impl Validate for super::models::ProductV2 {
    fn validate(&self, v: &mut Violations) {
        v.text_at("sku", &self.sku, &PRODUCT_SKU);
        v.text_at("name", &self.name, &PRODUCT_NAME);
        if let Some(value) = &self.description {
            v.text_at("description", value, &PRODUCT_DESCRIPTION);
        }
        v.number_at("price", self.price, &PRODUCT_PRICE);
        v.nested_at("status", &self.status);
        v.at(
            "tags",
            |v| {
                let value = &self.tags;
                v.items(value, &PRODUCT_TAGS);
                for (key, item) in value.iter().enumerate() {
                    v.at(
                        key,
                        |v| {
                            v.text(item, &PRODUCT_TAGS_ITEM);
                        },
                    );
                }
            },
        );
        v.at(
            "categoryIds",
            |v| {
                let value = &self.category_ids;
                v.items(value, &PRODUCT_CATEGORY_IDS);
            },
        );
        v.at(
            "attributes",
            |v| {
                let value = &self.attributes;
                v.members(value.len(), &PRODUCT_ATTRIBUTES);
                for (key, item) in value.iter() {
                    v.at(
                        key,
                        |v| {
                            v.text(item, &PRODUCT_ATTRIBUTES_ITEM);
                        },
                    );
                }
            },
        );
        if let Some(value) = &self.dimensions {
            v.nested_at("dimensions", value);
        }
        v.text_at("currency", &self.currency, &PRODUCT_V2_CURRENCY);
    }
}

impl Validate for super::models::ProductPage {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("items", &self.items);
    }
}

impl Validate for super::models::ProductChangePage {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("items", &self.items);
    }
}

impl Validate for super::models::ProductChange {
    fn validate(&self, v: &mut Violations) {
        v.number_at("sequence", self.sequence, &PRODUCT_CHANGE_SEQUENCE);
        v.nested_at("kind", &self.kind);
        if let Some(value) = &self.product {
            v.nested_at("product", value);
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
        v.nested_at("type", &self.r#type);
        v.nested_at("data", &self.data);
    }
}

impl Validate for super::models::OrderStatusChange {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("status", &self.status);
        if let Some(value) = &self.previous_status {
            v.nested_at("previousStatus", value);
        }
    }
}

impl Validate for super::models::ProductPrice {
    fn validate(&self, v: &mut Violations) {
        v.number_at("price", self.price, &PRODUCT_PRICE);
    }
}

impl Validate for super::models::ProductImage {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("contentType", &self.content_type);
        v.number_at("sizeBytes", self.size_bytes, &PRODUCT_CHANGE_SEQUENCE);
        if let Some(value) = &self.alt_text {
            v.text_at("altText", value, &PRODUCT_ATTRIBUTES_ITEM);
        }
    }
}

impl Validate for super::models::Category {
    fn validate(&self, v: &mut Violations) {
        v.text_at("name", &self.name, &CATEGORY_NAME);
        v.text_at("slug", &self.slug, &CATEGORY_SLUG);
    }
}

impl Validate for super::models::NewCategory {
    fn validate(&self, v: &mut Violations) {
        v.text_at("name", &self.name, &CATEGORY_NAME);
        v.text_at("slug", &self.slug, &CATEGORY_SLUG);
    }
}

impl Validate for super::models::CategoryPage {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("items", &self.items);
    }
}

impl Validate for super::models::CategoryTree {
    fn validate(&self, v: &mut Violations) {
        v.text_at("name", &self.name, &CATEGORY_NAME);
        v.text_at("slug", &self.slug, &CATEGORY_SLUG);
        v.nested_at("children", &self.children);
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
        v.text_at("line1", &self.line1, &PRODUCT_NAME);
        if let Some(value) = &self.line2 {
            v.text_at("line2", value, &PRODUCT_ATTRIBUTES_ITEM);
        }
        v.text_at("city", &self.city, &CATEGORY_NAME);
        if let Some(value) = &self.region {
            v.text_at("region", value, &ADDRESS_REGION);
        }
        v.text_at("postalCode", &self.postal_code, &ADDRESS_POSTAL_CODE);
        v.text_at("country", &self.country, &ADDRESS_COUNTRY);
    }
}

impl Validate for super::models::NewOrderLine {
    fn validate(&self, v: &mut Violations) {
        v.number_at("quantity", self.quantity, &NEW_ORDER_LINE_QUANTITY);
    }
}

impl Validate for super::models::OrderLine {
    fn validate(&self, v: &mut Violations) {
        v.number_at("quantity", self.quantity, &NEW_ORDER_LINE_QUANTITY);
        v.number_at("unitPrice", self.unit_price, &DIMENSIONS_WIDTH_CM);
        v.number_at("lineTotal", self.line_total, &DIMENSIONS_WIDTH_CM);
    }
}

impl Validate for super::models::CardPayment {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("kind", &self.kind);
        v.text_at("token", &self.token, &CARD_PAYMENT_TOKEN);
    }
}

impl Validate for super::models::BankTransfer {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("kind", &self.kind);
        v.text_at("iban", &self.iban, &BANK_TRANSFER_IBAN);
        if let Some(value) = &self.reference {
            v.text_at("reference", value, &BANK_TRANSFER_REFERENCE);
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
                v.items(value, &NEW_ORDER_LINES);
                value.validate(v);
            },
        );
        v.nested_at("shippingAddress", &self.shipping_address);
        if let Some(value) = &self.payment {
            v.nested_at("payment", value);
        }
        if let Some(value) = &self.note {
            v.text_at("note", value, &NEW_ORDER_NOTE);
        }
    }
}

impl Validate for super::models::Order {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("status", &self.status);
        v.at(
            "lines",
            |v| {
                let value = &self.lines;
                v.items(value, &NEW_ORDER_LINES);
                value.validate(v);
            },
        );
        v.number_at("total", self.total, &DIMENSIONS_WIDTH_CM);
        v.text_at("currency", &self.currency, &PRODUCT_V2_CURRENCY);
        v.nested_at("shippingAddress", &self.shipping_address);
        if let Some(value) = &self.payment {
            v.nested_at("payment", value);
        }
        if let Some(value) = &self.note {
            v.text_at("note", value, &NEW_ORDER_NOTE);
        }
    }
}

impl Validate for super::models::OrderPage {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("items", &self.items);
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
        v.nested_at("format", &self.format);
    }
}

impl Validate for super::models::ExportJob {
    fn validate(&self, v: &mut Violations) {
        v.nested_at("state", &self.state);
        v.nested_at("format", &self.format);
        if let Some(value) = &self.download_url {
            v.text_at("downloadUrl", value, &EXPORT_JOB_DOWNLOAD_URL);
        }
        if let Some(value) = &self.error {
            v.nested_at("error", value);
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
            v.text_at("altText", value, &PRODUCT_ATTRIBUTES_ITEM);
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
