use std::collections::BTreeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An RFC 9457 problem document describing why a request failed. Extra
/// members may be added in the future; clients must ignore unknown ones.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl Problem {
    /// A `Problem` of the members it must have:
    ///
    /// - `type`: URI identifying the problem type.
    /// - `title`: Short, human-readable summary of the problem type.
    /// - `status`: The HTTP status code of this response.
    /// - `code`: Stable, machine-readable snake_case error code.
    /// - `request_id`: The request id of the failed request, for correlation with server logs.
    pub fn new(
        r#type: impl Into<String>,
        title: impl Into<String>,
        status: i32,
        code: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            r#type: r#type.into(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            code: code.into(),
            request_id: request_id.into(),
            errors: None,
        }
    }

    /// Sets [`detail`](Self::detail).
    ///
    /// Human-readable explanation of this occurrence of the problem.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets [`instance`](Self::instance).
    ///
    /// URI reference identifying this occurrence of the problem.
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Sets [`errors`](Self::errors).
    ///
    /// For validation failures, one entry per invalid value.
    pub fn with_errors(mut self, errors: Vec<ProblemFieldError>) -> Self {
        self.errors = Some(errors);
        self
    }
}

/// One invalid value in a request.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProblemFieldError {
    /// Where the invalid value is.
    pub location: ProblemFieldErrorLocation,
    /// For `body`, an RFC 6901 JSON Pointer to the invalid value (empty
    /// for the whole body); otherwise the name of the parameter.
    pub pointer: String,
    /// What is wrong with the value.
    pub detail: String,
}

impl ProblemFieldError {
    /// A `ProblemFieldError` of the members it must have:
    ///
    /// - `location`: Where the invalid value is.
    /// - `pointer`: For `body`, an RFC 6901 JSON Pointer to the invalid value (empty
    /// - `detail`: What is wrong with the value.
    pub fn new(
        location: ProblemFieldErrorLocation,
        pointer: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            location,
            pointer: pointer.into(),
            detail: detail.into(),
        }
    }
}

/// Liveness of the service.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HealthStatus {
    /// Always `ok` when the service answers.
    pub status: HealthStatusStatus,
}

impl HealthStatus {
    /// A `HealthStatus` of the members it must have (none).
    pub fn new() -> Self {
        Self {
            status: HealthStatusStatus::Ok,
        }
    }
}

impl Default for HealthStatus {
    fn default() -> Self {
        Self::new()
    }
}

/// Lifecycle of a product: `draft` products are hidden from shoppers,
/// `active` products can be ordered, `archived` products are kept for
/// history only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductStatus {
    /// `draft`
    Draft,
    /// `active`
    Active,
    /// `archived`
    Archived,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ProductStatus {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Archived => "archived",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ProductStatus {
    fn from(value: &str) -> Self {
        match value {
            "draft" => Self::Draft,
            "active" => Self::Active,
            "archived" => Self::Archived,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ProductStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProductStatus {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// Physical size of a product, in centimetres.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl Dimensions {
    /// A `Dimensions` of the members it must have:
    ///
    /// - `width_cm`: Width in centimetres.
    /// - `height_cm`: Height in centimetres.
    /// - `depth_cm`: Depth in centimetres.
    pub fn new(width_cm: f64, height_cm: f64, depth_cm: f64) -> Self {
        Self {
            width_cm,
            height_cm,
            depth_cm,
        }
    }
}

/// ISO 4217 alphabetic currency code.
pub type CurrencyCode = String;

/// A sellable item of the catalog.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
    /// When the product was last changed.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<specforge_runtime::DateTime>,
}

impl Product {
    /// A `Product` of the members it must have:
    ///
    /// - `sku`: Stock keeping unit, unique across the catalog.
    /// - `name`: Display name.
    /// - `description`: Long description; `null` when the product has none.
    /// - `price`: Unit price in the catalog's default currency (EUR), with at most two decimals.
    /// - `status`: Lifecycle of a product: `draft` products are hidden from shoppers,
    /// - `tags`: Free-form labels used for filtering.
    /// - `category_ids`: Ids of the categories the product belongs to.
    /// - `attributes`: Free-form string attributes (colour, material, …) keyed by name.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sku: impl Into<String>,
        name: impl Into<String>,
        description: Option<String>,
        price: f64,
        status: ProductStatus,
        tags: Vec<String>,
        category_ids: Vec<uuid::Uuid>,
        attributes: BTreeMap<String, String>,
    ) -> Self {
        Self {
            id: None,
            sku: sku.into(),
            name: name.into(),
            description,
            price,
            status,
            tags,
            category_ids,
            attributes,
            dimensions: None,
            created_at: None,
            updated_at: None,
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`dimensions`](Self::dimensions).
    ///
    /// Physical size of a product, in centimetres.
    pub fn with_dimensions(mut self, dimensions: Dimensions) -> Self {
        self.dimensions = Some(dimensions);
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the product was created.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }

    /// Sets [`updated_at`](Self::updated_at).
    ///
    /// When the product was last changed.
    pub fn with_updated_at(
        mut self,
        updated_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.updated_at = Some(updated_at.into());
        self
    }
}

/// A product to create.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl NewProduct {
    /// A `NewProduct` of the members it must have:
    ///
    /// - `sku`: Stock keeping unit, unique across the catalog.
    /// - `name`: Display name.
    /// - `price`: Unit price in the catalog's default currency (EUR), with at most two decimals.
    pub fn new(sku: impl Into<String>, name: impl Into<String>, price: f64) -> Self {
        Self {
            sku: sku.into(),
            name: name.into(),
            description: specforge_runtime::Patch::Absent,
            price,
            status: None,
            tags: None,
            category_ids: None,
            attributes: None,
            dimensions: None,
        }
    }

    /// Sets [`description`](Self::description).
    ///
    /// Long description; omit it or send `null` for none.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = specforge_runtime::Patch::Value(description.into());
        self
    }

    /// Sets [`status`](Self::status).
    ///
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    pub fn with_status(mut self, status: ProductStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets [`tags`](Self::tags).
    ///
    /// Free-form labels used for filtering.
    pub fn with_tags(mut self, tags: Vec<String>) -> Self {
        self.tags = Some(tags);
        self
    }

    /// Sets [`category_ids`](Self::category_ids).
    ///
    /// Ids of existing categories to put the product in.
    pub fn with_category_ids(mut self, category_ids: Vec<uuid::Uuid>) -> Self {
        self.category_ids = Some(category_ids);
        self
    }

    /// Sets [`attributes`](Self::attributes).
    ///
    /// Free-form string attributes (colour, material, …) keyed by name.
    pub fn with_attributes(mut self, attributes: BTreeMap<String, String>) -> Self {
        self.attributes = Some(attributes);
        self
    }

    /// Sets [`dimensions`](Self::dimensions).
    ///
    /// Physical size of a product, in centimetres.
    pub fn with_dimensions(mut self, dimensions: Dimensions) -> Self {
        self.dimensions = Some(dimensions);
        self
    }
}

/// A JSON Merge Patch (RFC 7396) of a product: every member is optional;
/// a member set to `null` removes the value (allowed only where the field
/// is nullable).
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl ProductPatch {
    /// A `ProductPatch` of the members it must have (none).
    pub fn new() -> Self {
        Self {
            name: None,
            description: specforge_runtime::Patch::Absent,
            price: None,
            status: None,
            tags: None,
            category_ids: None,
            attributes: None,
            dimensions: specforge_runtime::Patch::Absent,
        }
    }

    /// Sets [`name`](Self::name).
    ///
    /// New display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets [`description`](Self::description).
    ///
    /// New long description; `null` removes it.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = specforge_runtime::Patch::Value(description.into());
        self
    }

    /// Sets [`price`](Self::price).
    ///
    /// New unit price, with at most two decimals.
    pub fn with_price(mut self, price: f64) -> Self {
        self.price = Some(price);
        self
    }

    /// Sets [`status`](Self::status).
    ///
    /// Lifecycle of a product: `draft` products are hidden from shoppers,
    /// `active` products can be ordered, `archived` products are kept for
    /// history only.
    pub fn with_status(mut self, status: ProductStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets [`tags`](Self::tags).
    ///
    /// Replaces the whole tag list.
    pub fn with_tags(mut self, tags: Vec<String>) -> Self {
        self.tags = Some(tags);
        self
    }

    /// Sets [`category_ids`](Self::category_ids).
    ///
    /// Replaces the whole list of categories.
    pub fn with_category_ids(mut self, category_ids: Vec<uuid::Uuid>) -> Self {
        self.category_ids = Some(category_ids);
        self
    }

    /// Sets [`attributes`](Self::attributes).
    ///
    /// Merged into the current attributes: a key with a string value is
    /// set, a key with `null` is removed, keys not mentioned are kept.
    pub fn with_attributes(
        mut self,
        attributes: BTreeMap<String, Option<String>>,
    ) -> Self {
        self.attributes = Some(attributes);
        self
    }

    /// Sets [`dimensions`](Self::dimensions).
    ///
    /// New dimensions; `null` removes them.
    pub fn with_dimensions(mut self, dimensions: Dimensions) -> Self {
        self.dimensions = specforge_runtime::Patch::Value(dimensions);
        self
    }
}

impl Default for ProductPatch {
    fn default() -> Self {
        Self::new()
    }
}

/// Version 2 of the product representation: every field of `Product`
/// plus the currency of its price.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
    /// When the product was last changed.
    ///
    /// Read-only: set by the server, not sent in requests.
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<specforge_runtime::DateTime>,
    /// ISO 4217 alphabetic currency code.
    pub currency: CurrencyCode,
}

impl ProductV2 {
    /// A `ProductV2` of the members it must have:
    ///
    /// - `sku`: Stock keeping unit, unique across the catalog.
    /// - `name`: Display name.
    /// - `description`: Long description; `null` when the product has none.
    /// - `price`: Unit price in the catalog's default currency (EUR), with at most two decimals.
    /// - `status`: Lifecycle of a product: `draft` products are hidden from shoppers,
    /// - `tags`: Free-form labels used for filtering.
    /// - `category_ids`: Ids of the categories the product belongs to.
    /// - `attributes`: Free-form string attributes (colour, material, …) keyed by name.
    /// - `currency`: ISO 4217 alphabetic currency code.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sku: impl Into<String>,
        name: impl Into<String>,
        description: Option<String>,
        price: f64,
        status: ProductStatus,
        tags: Vec<String>,
        category_ids: Vec<uuid::Uuid>,
        attributes: BTreeMap<String, String>,
        currency: impl Into<CurrencyCode>,
    ) -> Self {
        Self {
            id: None,
            sku: sku.into(),
            name: name.into(),
            description,
            price,
            status,
            tags,
            category_ids,
            attributes,
            dimensions: None,
            created_at: None,
            updated_at: None,
            currency: currency.into(),
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`dimensions`](Self::dimensions).
    ///
    /// Physical size of a product, in centimetres.
    pub fn with_dimensions(mut self, dimensions: Dimensions) -> Self {
        self.dimensions = Some(dimensions);
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the product was created.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }

    /// Sets [`updated_at`](Self::updated_at).
    ///
    /// When the product was last changed.
    pub fn with_updated_at(
        mut self,
        updated_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.updated_at = Some(updated_at.into());
        self
    }
}

/// One page of products.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductPage {
    /// The products on this page.
    pub items: Vec<Product>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

impl ProductPage {
    /// A `ProductPage` of the members it must have:
    ///
    /// - `items`: The products on this page.
    /// - `next_cursor`: Cursor of the next page; `null` on the last page.
    pub fn new(items: Vec<Product>, next_cursor: Option<String>) -> Self {
        Self { items, next_cursor }
    }
}

/// One page of the product change feed.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductChangePage {
    /// The changes on this page, oldest first.
    pub items: Vec<ProductChange>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

impl ProductChangePage {
    /// A `ProductChangePage` of the members it must have:
    ///
    /// - `items`: The changes on this page, oldest first.
    /// - `next_cursor`: Cursor of the next page; `null` on the last page.
    pub fn new(items: Vec<ProductChange>, next_cursor: Option<String>) -> Self {
        Self { items, next_cursor }
    }
}

/// One change to a product, as the change feed reports it.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub occurred_at: specforge_runtime::DateTime,
}

impl ProductChange {
    /// A `ProductChange` of the members it must have:
    ///
    /// - `sequence`: The change's position in the feed (the first is 1); as an event, its id.
    /// - `kind`: What happened to the product; `product` holds it as it is now, except after `deleted`.
    /// - `product_id`: The product that changed.
    /// - `occurred_at`: When the change happened.
    pub fn new(
        sequence: i64,
        kind: ProductChangeKind,
        product_id: uuid::Uuid,
        occurred_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        Self {
            sequence,
            kind,
            product_id,
            product: None,
            occurred_at: occurred_at.into(),
        }
    }

    /// Sets [`product`](Self::product).
    ///
    /// A sellable item of the catalog.
    pub fn with_product(mut self, product: Product) -> Self {
        self.product = Some(product);
        self
    }
}

/// What happened to the product; `product` holds it as it is now, except after `deleted`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductChangeKind {
    /// `created`
    Created,
    /// `updated`
    Updated,
    /// `deleted`
    Deleted,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ProductChangeKind {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ProductChangeKind {
    fn from(value: &str) -> Self {
        match value {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "deleted" => Self::Deleted,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ProductChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProductChangeKind {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// The payload of the `order.status_changed` webhook.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderStatusChangedEvent {
    /// The kind of event.
    pub r#type: OrderStatusChangedEventType,
    /// When the status changed.
    pub timestamp: specforge_runtime::DateTime,
    /// An order's new status, and the one it had.
    pub data: OrderStatusChange,
}

impl OrderStatusChangedEvent {
    /// A `OrderStatusChangedEvent` of the members it must have:
    ///
    /// - `timestamp`: When the status changed.
    /// - `data`: An order's new status, and the one it had.
    pub fn new(
        timestamp: impl Into<specforge_runtime::DateTime>,
        data: OrderStatusChange,
    ) -> Self {
        Self {
            r#type: OrderStatusChangedEventType::OrderStatusChanged,
            timestamp: timestamp.into(),
            data,
        }
    }
}

/// An order's new status, and the one it had.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl OrderStatusChange {
    /// A `OrderStatusChange` of the members it must have:
    ///
    /// - `order_id`: The order.
    /// - `status`: Lifecycle of an order.
    /// - `previous_status`: The status before; `null` when the order was just placed.
    pub fn new(
        order_id: uuid::Uuid,
        status: OrderStatus,
        previous_status: Option<OrderStatus>,
    ) -> Self {
        Self {
            order_id,
            status,
            previous_status,
        }
    }
}

/// The price of one product (deprecated representation).
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductPrice {
    /// The id of the product.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Unit price in the catalog's default currency (EUR).
    pub price: f64,
}

impl ProductPrice {
    /// A `ProductPrice` of the members it must have:
    ///
    /// - `product_id`: The id of the product.
    /// - `price`: Unit price in the catalog's default currency (EUR).
    pub fn new(product_id: uuid::Uuid, price: f64) -> Self {
        Self { product_id, price }
    }
}

/// Metadata of an image attached to a product.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
}

impl ProductImage {
    /// A `ProductImage` of the members it must have:
    ///
    /// - `product_id`: The product the image belongs to.
    /// - `content_type`: Media type of the stored bytes.
    /// - `size_bytes`: Size of the stored bytes.
    /// - `alt_text`: Alternative text; `null` when none was given.
    pub fn new(
        product_id: uuid::Uuid,
        content_type: ProductImageContentType,
        size_bytes: i64,
        alt_text: Option<String>,
    ) -> Self {
        Self {
            id: None,
            product_id,
            content_type,
            size_bytes,
            alt_text,
            created_at: None,
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the image was uploaded.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }
}

/// A node of the category tree.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
}

impl Category {
    /// A `Category` of the members it must have:
    ///
    /// - `name`: Display name.
    /// - `slug`: URL-friendly unique name.
    /// - `parent_id`: The parent category; `null` for a root category.
    pub fn new(
        name: impl Into<String>,
        slug: impl Into<String>,
        parent_id: Option<uuid::Uuid>,
    ) -> Self {
        Self {
            id: None,
            name: name.into(),
            slug: slug.into(),
            parent_id,
            created_at: None,
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the category was created.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }
}

/// A category to create.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl NewCategory {
    /// A `NewCategory` of the members it must have:
    ///
    /// - `name`: Display name.
    /// - `slug`: URL-friendly unique name.
    pub fn new(name: impl Into<String>, slug: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            slug: slug.into(),
            parent_id: specforge_runtime::Patch::Absent,
        }
    }

    /// Sets [`parent_id`](Self::parent_id).
    ///
    /// An existing parent category; omit it or send `null` for a root category.
    pub fn with_parent_id(mut self, parent_id: uuid::Uuid) -> Self {
        self.parent_id = specforge_runtime::Patch::Value(parent_id);
        self
    }
}

/// One page of categories.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategoryPage {
    /// The categories on this page.
    pub items: Vec<Category>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

impl CategoryPage {
    /// A `CategoryPage` of the members it must have:
    ///
    /// - `items`: The categories on this page.
    /// - `next_cursor`: Cursor of the next page; `null` on the last page.
    pub fn new(items: Vec<Category>, next_cursor: Option<String>) -> Self {
        Self { items, next_cursor }
    }
}

/// A category with all its descendants.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl CategoryTree {
    /// A `CategoryTree` of the members it must have:
    ///
    /// - `id`: The id of the category.
    /// - `name`: Display name.
    /// - `slug`: URL-friendly unique name.
    /// - `children`: The direct children, sorted by name, each with its own descendants.
    pub fn new(
        id: uuid::Uuid,
        name: impl Into<String>,
        slug: impl Into<String>,
        children: Vec<CategoryTree>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            slug: slug.into(),
            children,
        }
    }
}

/// Lifecycle of an order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    Unknown(String),
}

impl OrderStatus {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Cancelled => "cancelled",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for OrderStatus {
    fn from(value: &str) -> Self {
        match value {
            "pending" => Self::Pending,
            "paid" => Self::Paid,
            "shipped" => Self::Shipped,
            "cancelled" => Self::Cancelled,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// A postal address.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl Address {
    /// A `Address` of the members it must have:
    ///
    /// - `line1`: Street address.
    /// - `city`: City or locality.
    /// - `postal_code`: Postal or ZIP code.
    /// - `country`: ISO 3166-1 alpha-2 country code.
    pub fn new(
        line1: impl Into<String>,
        city: impl Into<String>,
        postal_code: impl Into<String>,
        country: impl Into<String>,
    ) -> Self {
        Self {
            line1: line1.into(),
            line2: None,
            city: city.into(),
            region: None,
            postal_code: postal_code.into(),
            country: country.into(),
        }
    }

    /// Sets [`line2`](Self::line2).
    ///
    /// Apartment, suite, building, floor.
    pub fn with_line2(mut self, line2: impl Into<String>) -> Self {
        self.line2 = Some(line2.into());
        self
    }

    /// Sets [`region`](Self::region).
    ///
    /// State, province or region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
}

/// One product and quantity to order.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct NewOrderLine {
    /// The product to order; it must be `active`.
    #[serde(rename = "productId")]
    pub product_id: uuid::Uuid,
    /// Number of units.
    pub quantity: i32,
}

impl NewOrderLine {
    /// A `NewOrderLine` of the members it must have:
    ///
    /// - `product_id`: The product to order; it must be `active`.
    /// - `quantity`: Number of units.
    pub fn new(product_id: uuid::Uuid, quantity: i32) -> Self {
        Self { product_id, quantity }
    }
}

/// One line of a placed order, priced at order time.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl OrderLine {
    /// A `OrderLine` of the members it must have:
    ///
    /// - `product_id`: The ordered product.
    /// - `quantity`: Number of units.
    /// - `unit_price`: Price of one unit when the order was placed.
    /// - `line_total`: `unitPrice` times `quantity`.
    pub fn new(
        product_id: uuid::Uuid,
        quantity: i32,
        unit_price: f64,
        line_total: f64,
    ) -> Self {
        Self {
            product_id,
            quantity,
            unit_price,
            line_total,
        }
    }
}

/// Payment by card, through a token issued by the payment provider.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct CardPayment {
    /// Discriminator; always `card`.
    pub kind: CardPaymentKind,
    /// Opaque card token from the payment provider (never a card number).
    pub token: String,
}

impl CardPayment {
    /// A `CardPayment` of the members it must have:
    ///
    /// - `token`: Opaque card token from the payment provider (never a card number).
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            kind: CardPaymentKind::Card,
            token: token.into(),
        }
    }
}

/// Payment by bank transfer from the given account.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl BankTransfer {
    /// A `BankTransfer` of the members it must have:
    ///
    /// - `iban`: IBAN of the paying account, without spaces.
    pub fn new(iban: impl Into<String>) -> Self {
        Self {
            kind: BankTransferKind::BankTransfer,
            iban: iban.into(),
            reference: None,
        }
    }

    /// Sets [`reference`](Self::reference).
    ///
    /// Reference to put on the transfer.
    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }
}

/// How an order is paid, told apart by `kind`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
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
        let value = specforge_runtime::json::Buffered::deserialize(deserializer)?;
        let named = match specforge_runtime::json::tag_of(&value, "kind") {
            Some("card") => Some(0usize),
            Some("bank_transfer") => Some(1usize),
            _ => None,
        };
        specforge_runtime::json::tagged(
            &value,
            "kind",
            named,
            &[
                |value| {
                    specforge_runtime::json::variant_of(value).map(Self::CardPayment)
                },
                |value| {
                    specforge_runtime::json::variant_of(value).map(Self::BankTransfer)
                },
            ],
            &[],
            Self::Unknown,
        )
    }
}

/// An order to place.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl NewOrder {
    /// A `NewOrder` of the members it must have:
    ///
    /// - `lines`: The products and quantities to order.
    /// - `shipping_address`: A postal address.
    pub fn new(lines: Vec<NewOrderLine>, shipping_address: Address) -> Self {
        Self {
            lines,
            shipping_address,
            payment: None,
            note: None,
        }
    }

    /// Sets [`payment`](Self::payment).
    ///
    /// How an order is paid, told apart by `kind`.
    pub fn with_payment(mut self, payment: PaymentMethod) -> Self {
        self.payment = Some(payment);
        self
    }

    /// Sets [`note`](Self::note).
    ///
    /// Free-text note for the merchant.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// A placed order.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
}

impl Order {
    /// A `Order` of the members it must have:
    ///
    /// - `status`: Lifecycle of an order.
    /// - `lines`: The ordered products, priced at order time.
    /// - `total`: Sum of the line totals.
    /// - `currency`: ISO 4217 alphabetic currency code.
    /// - `shipping_address`: A postal address.
    pub fn new(
        status: OrderStatus,
        lines: Vec<OrderLine>,
        total: f64,
        currency: impl Into<CurrencyCode>,
        shipping_address: Address,
    ) -> Self {
        Self {
            id: None,
            status,
            lines,
            total,
            currency: currency.into(),
            shipping_address,
            payment: None,
            note: None,
            created_at: None,
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`payment`](Self::payment).
    ///
    /// How an order is paid, told apart by `kind`.
    pub fn with_payment(mut self, payment: PaymentMethod) -> Self {
        self.payment = Some(payment);
        self
    }

    /// Sets [`note`](Self::note).
    ///
    /// Free-text note for the merchant.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the order was placed.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }
}

/// One page of orders.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderPage {
    /// The orders on this page.
    pub items: Vec<Order>,
    /// Cursor of the next page; `null` on the last page.
    #[serde(rename = "nextCursor")]
    pub next_cursor: Option<String>,
}

impl OrderPage {
    /// A `OrderPage` of the members it must have:
    ///
    /// - `items`: The orders on this page.
    /// - `next_cursor`: Cursor of the next page; `null` on the last page.
    pub fn new(items: Vec<Order>, next_cursor: Option<String>) -> Self {
        Self { items, next_cursor }
    }
}

/// File format of an export; `jsonl` is JSON Lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// `csv`
    Csv,
    /// `jsonl`
    Jsonl,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ExportFormat {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ExportFormat {
    fn from(value: &str) -> Self {
        match value {
            "csv" => Self::Csv,
            "jsonl" => Self::Jsonl,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ExportFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ExportFormat {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// State of an export job.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    Unknown(String),
}

impl ExportState {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Canceled => "canceled",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ExportState {
    fn from(value: &str) -> Self {
        match value {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "canceled" => Self::Canceled,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ExportState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ExportState {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// What to export.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl NewExport {
    /// A `NewExport` of the members it must have:
    ///
    /// - `format`: File format of an export; `jsonl` is JSON Lines.
    pub fn new(format: ExportFormat) -> Self {
        Self { format, category_id: None }
    }

    /// Sets [`category_id`](Self::category_id).
    ///
    /// Export only the products of this category; omit it for the whole catalog.
    pub fn with_category_id(mut self, category_id: uuid::Uuid) -> Self {
        self.category_id = Some(category_id);
        self
    }
}

/// A background export of the catalog.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub created_at: Option<specforge_runtime::DateTime>,
    /// When the job reached a final state; `null` until then.
    #[serde(rename = "completedAt")]
    pub completed_at: Option<specforge_runtime::DateTime>,
    /// Where to download the export; set only once `succeeded`.
    #[serde(rename = "downloadUrl")]
    pub download_url: Option<String>,
    /// Why the job failed; set only once `failed`.
    pub error: Option<Problem>,
}

impl ExportJob {
    /// A `ExportJob` of the members it must have:
    ///
    /// - `state`: State of an export job.
    /// - `format`: File format of an export; `jsonl` is JSON Lines.
    /// - `category_id`: The exported category; `null` for the whole catalog.
    /// - `completed_at`: When the job reached a final state; `null` until then.
    /// - `download_url`: Where to download the export; set only once `succeeded`.
    /// - `error`: Why the job failed; set only once `failed`.
    pub fn new(
        state: ExportState,
        format: ExportFormat,
        category_id: Option<uuid::Uuid>,
        completed_at: Option<specforge_runtime::DateTime>,
        download_url: Option<String>,
        error: Option<Problem>,
    ) -> Self {
        Self {
            id: None,
            state,
            format,
            category_id,
            created_at: None,
            completed_at,
            download_url,
            error,
        }
    }

    /// Sets [`id`](Self::id).
    ///
    /// Server-assigned identifier.
    pub fn with_id(mut self, id: uuid::Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets [`created_at`](Self::created_at).
    ///
    /// When the job was accepted.
    pub fn with_created_at(
        mut self,
        created_at: impl Into<specforge_runtime::DateTime>,
    ) -> Self {
        self.created_at = Some(created_at.into());
        self
    }
}

/// Where the invalid value is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    Unknown(String),
}

impl ProblemFieldErrorLocation {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
            Self::Body => "body",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ProblemFieldErrorLocation {
    fn from(value: &str) -> Self {
        match value {
            "path" => Self::Path,
            "query" => Self::Query,
            "header" => Self::Header,
            "cookie" => Self::Cookie,
            "body" => Self::Body,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ProblemFieldErrorLocation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProblemFieldErrorLocation {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// Always `ok` when the service answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HealthStatusStatus {
    /// `ok`
    #[default]
    Ok,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl HealthStatusStatus {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Ok => "ok",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for HealthStatusStatus {
    fn from(value: &str) -> Self {
        match value {
            "ok" => Self::Ok,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for HealthStatusStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HealthStatusStatus {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// The kind of event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderStatusChangedEventType {
    /// `order.status_changed`
    #[default]
    OrderStatusChanged,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl OrderStatusChangedEventType {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::OrderStatusChanged => "order.status_changed",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for OrderStatusChangedEventType {
    fn from(value: &str) -> Self {
        match value {
            "order.status_changed" => Self::OrderStatusChanged,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for OrderStatusChangedEventType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatusChangedEventType {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// Media type of the stored bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductImageContentType {
    /// `image/png`
    ImagePng,
    /// `image/jpeg`
    ImageJpeg,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ProductImageContentType {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::ImagePng => "image/png",
            Self::ImageJpeg => "image/jpeg",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ProductImageContentType {
    fn from(value: &str) -> Self {
        match value {
            "image/png" => Self::ImagePng,
            "image/jpeg" => Self::ImageJpeg,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ProductImageContentType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProductImageContentType {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// Discriminator; always `card`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardPaymentKind {
    /// `card`
    #[default]
    Card,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl CardPaymentKind {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Card => "card",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for CardPaymentKind {
    fn from(value: &str) -> Self {
        match value {
            "card" => Self::Card,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for CardPaymentKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CardPaymentKind {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// Discriminator; always `bank_transfer`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BankTransferKind {
    /// `bank_transfer`
    #[default]
    BankTransfer,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl BankTransferKind {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::BankTransfer => "bank_transfer",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for BankTransferKind {
    fn from(value: &str) -> Self {
        match value {
            "bank_transfer" => Self::BankTransfer,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for BankTransferKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BankTransferKind {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListProductsSort {
    /// `name`
    Name,
    /// `-name`
    MinusName,
    /// `price`
    Price,
    /// `-price`
    MinusPrice,
    /// `createdAt`
    CreatedAt,
    /// `-createdAt`
    MinusCreatedAt,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ListProductsSort {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Name => "name",
            Self::MinusName => "-name",
            Self::Price => "price",
            Self::MinusPrice => "-price",
            Self::CreatedAt => "createdAt",
            Self::MinusCreatedAt => "-createdAt",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ListProductsSort {
    fn from(value: &str) -> Self {
        match value {
            "name" => Self::Name,
            "-name" => Self::MinusName,
            "price" => Self::Price,
            "-price" => Self::MinusPrice,
            "createdAt" => Self::CreatedAt,
            "-createdAt" => Self::MinusCreatedAt,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ListProductsSort {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ListProductsSort {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

/// The parts of an image upload.
///
/// Build it with [`new`](Self::new) and the `with_` methods: new
/// optional members in later versions of the API do not break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl UploadProductImageBody {
    /// A `UploadProductImageBody` of the members it must have:
    ///
    /// - `file`: The image bytes, PNG or JPEG, at most 5 MiB.
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            alt_text: None,
        }
    }

    /// Sets [`alt_text`](Self::alt_text).
    ///
    /// Alternative text describing the image for accessibility.
    pub fn with_alt_text(mut self, alt_text: impl Into<String>) -> Self {
        self.alt_text = Some(alt_text.into());
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListCategoriesSort {
    /// `name`
    Name,
    /// `-name`
    MinusName,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ListCategoriesSort {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Name => "name",
            Self::MinusName => "-name",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ListCategoriesSort {
    fn from(value: &str) -> Self {
        match value {
            "name" => Self::Name,
            "-name" => Self::MinusName,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ListCategoriesSort {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ListCategoriesSort {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListOrdersSort {
    /// `createdAt`
    CreatedAt,
    /// `-createdAt`
    MinusCreatedAt,
    /// A value this version of the API does not know yet.
    Unknown(String),
}

impl ListOrdersSort {
    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::CreatedAt => "createdAt",
            Self::MinusCreatedAt => "-createdAt",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for ListOrdersSort {
    fn from(value: &str) -> Self {
        match value {
            "createdAt" => Self::CreatedAt,
            "-createdAt" => Self::MinusCreatedAt,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ListOrdersSort {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ListOrdersSort {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        specforge_runtime::json::string_enum(deserializer)
    }
}
