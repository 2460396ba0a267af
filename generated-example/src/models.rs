use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// An RFC 9457 problem document describing why a request failed. Extra
/// members may be added in the future; clients must ignore unknown ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// URI identifying the problem type.
    pub r#type: String,
    /// Short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code of this response.
    pub status: i32,
    /// Human-readable explanation of this occurrence of the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// URI reference identifying this occurrence of the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Stable, machine-readable snake_case error code.
    pub code: String,
    /// The request id of the failed request, for correlation with server logs.
    #[serde(rename = "requestId")]
    pub request_id: String,
    /// For validation failures, one entry per invalid value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemFieldError>>,
}

/// One invalid value in a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemFieldError {
    /// Where the invalid value is.
    pub location: ProblemFieldErrorLocation,
    /// For `body`, an RFC 6901 JSON Pointer to the invalid value (empty
    /// for the whole body); otherwise the name of the parameter.
    pub pointer: String,
    /// What is wrong with the value.
    pub detail: String,
}

/// Liveness of the service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthStatus {
    /// Always `ok` when the service answers.
    pub status: HealthStatusStatus,
}

/// Lifecycle of a product: `draft` products are hidden from shoppers,
/// `active` products can be ordered, `archived` products are kept for
/// history only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// `draft`
    Draft,
    /// `active`
    Active,
    /// `archived`
    Archived,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// Physical size of a product, in centimetres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    /// Width in centimetres.
    #[serde(rename = "widthCm")]
    pub width_cm: f64,
    /// Height in centimetres.
    #[serde(rename = "heightCm")]
    pub height_cm: f64,
    /// Depth in centimetres.
    #[serde(rename = "depthCm")]
    pub depth_cm: f64,
}

/// ISO 4217 alphabetic currency code.
pub type CurrencyCode = String;

/// A sellable item of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// Stock keeping unit, unique across the catalog.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Long description; `null` when the product has none.
    pub description: Option<String>,
    /// Unit price in the catalog's default currency (EUR), with at most two decimals.
    pub price: f64,
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    pub status: ProductStatus,
    /// Free-form labels used for filtering.
    pub tags: Vec<String>,
    /// Ids of the categories the product belongs to.
    #[serde(rename = "categoryIds")]
    pub category_ids: Vec<uuid::Uuid>,
    /// Free-form string attributes (colour, material, …) keyed by name.
    pub attributes: BTreeMap<String, String>,
    /// Physical size of a product, in centimetres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// When the product was created.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the product was last changed.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A product to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    /// Stock keeping unit, unique across the catalog.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Long description; omit it or send `null` for none.
    #[serde(default, skip_serializing_if = "specforge_runtime::Patch::is_absent")]
    pub description: specforge_runtime::Patch<String>,
    /// Unit price in the catalog's default currency (EUR), with at most two decimals.
    pub price: f64,
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub status: Option<ProductStatus>,
    /// Free-form labels used for filtering.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub tags: Option<Vec<String>>,
    /// Ids of existing categories to put the product in.
    #[serde(
        rename = "categoryIds",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub category_ids: Option<Vec<uuid::Uuid>>,
    /// Free-form string attributes (colour, material, …) keyed by name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub attributes: Option<BTreeMap<String, String>>,
    /// Physical size of a product, in centimetres.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub dimensions: Option<Dimensions>,
}

/// A JSON Merge Patch (RFC 7396) of a product: every member is optional;
/// a member set to `null` removes the value (allowed only where the field
/// is nullable).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    /// New display name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub name: Option<String>,
    /// New long description; `null` removes it.
    #[serde(default, skip_serializing_if = "specforge_runtime::Patch::is_absent")]
    pub description: specforge_runtime::Patch<String>,
    /// New unit price, with at most two decimals.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub price: Option<f64>,
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub status: Option<ProductStatus>,
    /// Replaces the whole tag list.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub tags: Option<Vec<String>>,
    /// Replaces the whole list of categories.
    #[serde(
        rename = "categoryIds",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub category_ids: Option<Vec<uuid::Uuid>>,
    /// Merged into the current attributes: a key with a string value is
    /// set, a key with `null` is removed, keys not mentioned are kept.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub attributes: Option<BTreeMap<String, Option<String>>>,
    /// New dimensions; `null` removes them.
    #[serde(default, skip_serializing_if = "specforge_runtime::Patch::is_absent")]
    pub dimensions: specforge_runtime::Patch<Dimensions>,
}

/// Version 2 of the product representation: every field of `Product`
/// plus the currency of its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductV2 {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// Stock keeping unit, unique across the catalog.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Long description; `null` when the product has none.
    pub description: Option<String>,
    /// Unit price in the catalog's default currency (EUR), with at most two decimals.
    pub price: f64,
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    pub status: ProductStatus,
    /// Free-form labels used for filtering.
    pub tags: Vec<String>,
    /// Ids of the categories the product belongs to.
    #[serde(rename = "categoryIds")]
    pub category_ids: Vec<uuid::Uuid>,
    /// Free-form string attributes (colour, material, …) keyed by name.
    pub attributes: BTreeMap<String, String>,
    /// Physical size of a product, in centimetres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// When the product was created.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the product was last changed.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// ISO 4217 alphabetic currency code.
    pub currency: CurrencyCode,
}

/// One page of products.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    /// The products on this page.
    pub items: Vec<Product>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

/// One page of the product change feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductChangePage {
    /// The changes on this page, oldest first.
    pub items: Vec<ProductChange>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

/// One change to a product, as the change feed reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductChange {
    /// The change's position in the feed (the first is 1); as an event, its id.
    pub sequence: i64,
    /// What happened to the product; `product` holds it as it is now, except after `deleted`.
    pub kind: ProductChangeKind,
    /// The product that changed.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// A sellable item of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Product>,
    /// When the change happened.
    #[serde(rename = "occurredAt")]
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// What happened to the product; `product` holds it as it is now, except after `deleted`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductChangeKind {
    /// `created`
    Created,
    /// `updated`
    Updated,
    /// `deleted`
    Deleted,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// The payload of the `order.status_changed` webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderStatusChangedEvent {
    /// The kind of event.
    pub r#type: OrderStatusChangedEventType,
    /// When the status changed.
    pub timestamp: chrono::DateTime<chrono::Utc>,
    /// An order's new status, and the one it had.
    pub data: OrderStatusChange,
}

/// An order's new status, and the one it had.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderStatusChange {
    /// The order.
    #[serde(rename = "orderId")]
    pub order_id: uuid::Uuid,
    /// Lifecycle of an order.
    pub status: OrderStatus,
    /// The status before; `null` when the order was just placed.
    #[serde(rename = "previousStatus")]
    pub previous_status: Option<OrderStatus>,
}

/// The price of one product (deprecated representation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductPrice {
    /// The id of the product.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Unit price in the catalog's default currency (EUR).
    pub price: f64,
}

/// Metadata of an image attached to a product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductImage {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// The product the image belongs to.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Media type of the stored bytes.
    #[serde(rename = "contentType")]
    pub content_type: ProductImageContentType,
    /// Size of the stored bytes.
    #[serde(rename = "sizeBytes")]
    pub size_bytes: i64,
    /// Alternative text; `null` when none was given.
    #[serde(rename = "altText")]
    pub alt_text: Option<String>,
    /// When the image was uploaded.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A node of the category tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// Display name.
    pub name: String,
    /// URL-friendly unique name.
    pub slug: String,
    /// The parent category; `null` for a root category.
    #[serde(rename = "parentId")]
    pub parent_id: Option<uuid::Uuid>,
    /// When the category was created.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A category to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    /// Display name.
    pub name: String,
    /// URL-friendly unique name.
    pub slug: String,
    /// An existing parent category; omit it or send `null` for a root category.
    #[serde(
        rename = "parentId",
        default,
        skip_serializing_if = "specforge_runtime::Patch::is_absent"
    )]
    pub parent_id: specforge_runtime::Patch<uuid::Uuid>,
}

/// One page of categories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryPage {
    /// The categories on this page.
    pub items: Vec<Category>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

/// A category with all its descendants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryTree {
    /// The id of the category.
    pub id: uuid::Uuid,
    /// Display name.
    pub name: String,
    /// URL-friendly unique name.
    pub slug: String,
    /// The direct children, sorted by name, each with its own descendants.
    pub children: Vec<CategoryTree>,
}

/// Lifecycle of an order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// `pending`
    Pending,
    /// `paid`
    Paid,
    /// `shipped`
    Shipped,
    /// `cancelled`
    Cancelled,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// A postal address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street address.
    pub line1: String,
    /// Apartment, suite, building, floor.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub line2: Option<String>,
    /// City or locality.
    pub city: String,
    /// State, province or region.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub region: Option<String>,
    /// Postal or ZIP code.
    #[serde(rename = "postalCode")]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// One product and quantity to order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrderLine {
    /// The product to order; it must be `active`.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Number of units.
    pub quantity: i32,
}

/// One line of a placed order, priced at order time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The ordered product.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Number of units.
    pub quantity: i32,
    /// Price of one unit when the order was placed.
    #[serde(rename = "unitPrice")]
    pub unit_price: f64,
    /// `unitPrice` times `quantity`.
    #[serde(rename = "lineTotal")]
    pub line_total: f64,
}

/// Payment by card, through a token issued by the payment provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardPayment {
    /// Discriminator; always `card`.
    pub kind: CardPaymentKind,
    /// Opaque card token from the payment provider (never a card number).
    pub token: String,
}

/// Payment by bank transfer from the given account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankTransfer {
    /// Discriminator; always `bank_transfer`.
    pub kind: BankTransferKind,
    /// IBAN of the paying account, without spaces.
    pub iban: String,
    /// Reference to put on the transfer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub reference: Option<String>,
}

/// How an order is paid, told apart by `kind`.
#[derive(Clone, Debug, PartialEq)]
pub enum PaymentMethod {
    CardPayment(CardPayment),
    BankTransfer(BankTransfer),
    /// A value whose `kind` this version of the API does not know.
    Unknown(serde_json::Value),
}

impl Serialize for PaymentMethod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::CardPayment(value) => {
                specforge_runtime::json::serialize_tagged(
                    value,
                    "kind",
                    "card",
                    serializer,
                )
            }
            Self::BankTransfer(value) => {
                specforge_runtime::json::serialize_tagged(
                    value,
                    "kind",
                    "bank_transfer",
                    serializer,
                )
            }
            Self::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PaymentMethod {
    /// The variant the tag names; see [`specforge_runtime::json::tagged`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let named = match specforge_runtime::json::tag_of(&value, "kind") {
            Some("card") => Some(0usize),
            Some("bank_transfer") => Some(1usize),
            _ => None,
        };
        specforge_runtime::json::tagged(
            &value,
            named,
            &[
                |value| {
                    specforge_runtime::json::variant_of(value).map(Self::CardPayment)
                },
                |value| {
                    specforge_runtime::json::variant_of(value).map(Self::BankTransfer)
                },
            ],
            Self::Unknown,
        )
    }
}

/// An order to place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// The products and quantities to order.
    pub lines: Vec<NewOrderLine>,
    /// A postal address.
    #[serde(rename = "shippingAddress")]
    pub shipping_address: Address,
    /// How an order is paid, told apart by `kind`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub payment: Option<PaymentMethod>,
    /// Free-text note for the merchant.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub note: Option<String>,
}

/// A placed order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// Lifecycle of an order.
    pub status: OrderStatus,
    /// The ordered products, priced at order time.
    pub lines: Vec<OrderLine>,
    /// Sum of the line totals.
    pub total: f64,
    /// ISO 4217 alphabetic currency code.
    pub currency: CurrencyCode,
    /// A postal address.
    #[serde(rename = "shippingAddress")]
    pub shipping_address: Address,
    /// How an order is paid, told apart by `kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentMethod>,
    /// Free-text note for the merchant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the order was placed.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One page of orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderPage {
    /// The orders on this page.
    pub items: Vec<Order>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

/// File format of an export; `jsonl` is JSON Lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// `csv`
    Csv,
    /// `jsonl`
    Jsonl,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// State of an export job.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportState {
    /// `queued`
    Queued,
    /// `running`
    Running,
    /// `succeeded`
    Succeeded,
    /// `failed`
    Failed,
    /// `canceled`
    Canceled,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// What to export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewExport {
    /// File format of an export; `jsonl` is JSON Lines.
    pub format: ExportFormat,
    /// Export only the products of this category; omit it for the whole catalog.
    #[serde(
        rename = "categoryId",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub category_id: Option<uuid::Uuid>,
}

/// A background export of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportJob {
    /// Server-assigned identifier.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// State of an export job.
    pub state: ExportState,
    /// File format of an export; `jsonl` is JSON Lines.
    pub format: ExportFormat,
    /// The exported category; `null` for the whole catalog.
    #[serde(rename = "categoryId")]
    pub category_id: Option<uuid::Uuid>,
    /// When the job was accepted.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the job reached a final state; `null` until then.
    #[serde(rename = "completedAt")]
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Where to download the export; set only once `succeeded`.
    #[serde(rename = "downloadUrl")]
    pub download_url: Option<String>,
    /// Why the job failed; set only once `failed`.
    pub error: Option<Problem>,
}

/// Where the invalid value is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemFieldErrorLocation {
    /// `path`
    Path,
    /// `query`
    Query,
    /// `header`
    Header,
    /// `cookie`
    Cookie,
    /// `body`
    Body,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// Always `ok` when the service answers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatusStatus {
    /// `ok`
    Ok,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// The kind of event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatusChangedEventType {
    /// `order.status_changed`
    #[serde(rename = "order.status_changed")]
    OrderStatusChanged,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// Media type of the stored bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProductImageContentType {
    /// `image/png`
    #[serde(rename = "image/png")]
    ImagePng,
    /// `image/jpeg`
    #[serde(rename = "image/jpeg")]
    ImageJpeg,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// Discriminator; always `card`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardPaymentKind {
    /// `card`
    Card,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// Discriminator; always `bank_transfer`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankTransferKind {
    /// `bank_transfer`
    BankTransfer,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListProductsSort {
    /// `name`
    #[serde(rename = "name")]
    Name,
    /// `-name`
    #[serde(rename = "-name")]
    MinusName,
    /// `price`
    #[serde(rename = "price")]
    Price,
    /// `-price`
    #[serde(rename = "-price")]
    MinusPrice,
    /// `createdAt`
    #[serde(rename = "createdAt")]
    CreatedAt,
    /// `-createdAt`
    #[serde(rename = "-createdAt")]
    MinusCreatedAt,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

/// The parts of an image upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadProductImageBody {
    /// The image bytes, PNG or JPEG, at most 5 MiB.
    pub file: String,
    /// Alternative text describing the image for accessibility.
    #[serde(
        rename = "altText",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "specforge_runtime::not_null"
    )]
    pub alt_text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListCategoriesSort {
    /// `name`
    #[serde(rename = "name")]
    Name,
    /// `-name`
    #[serde(rename = "-name")]
    MinusName,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListOrdersSort {
    /// `createdAt`
    #[serde(rename = "createdAt")]
    CreatedAt,
    /// `-createdAt`
    #[serde(rename = "-createdAt")]
    MinusCreatedAt,
    /// A value this version of the API does not know yet.
    #[serde(untagged)]
    Unknown(String),
}
