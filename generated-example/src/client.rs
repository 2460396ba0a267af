use specforge_runtime::client::{ApiKeyLocation, SecurityScheme};
use specforge_runtime::params::Style;
use specforge_runtime::sse::DataFormat;

pub use specforge_runtime::client::{
    ApiError, BoxError, BuildError, ByteStream, Error, Hook, Response, RetryPolicy,
    Upload,
};
pub use specforge_runtime::sse::{Event, EventSource, Reconnect};

/// The spec's security schemes: where each kind of credential goes.
const SECURITY_SCHEMES: &[SecurityScheme] = &[
    SecurityScheme::bearer("bearerAuth"),
    SecurityScheme::api_key("apiKeyAuth", ApiKeyLocation::Header, "x-api-key"),
    SecurityScheme::bearer("oauth2"),
];

/// The `user-agent` sent with every request: this SDK and its generator.
const USER_AGENT: &str = concat!(
    env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), " specforge/0.1.0"
);

/// A client of Catalog API 1.0.0.
///
/// Build it once with [`Client::builder`] and share it: it is cheap to
/// clone and `Send + Sync`. Each method starts a request for one
/// operation; finish it with `.send().await`.
#[derive(Clone, Debug)]
pub struct Client {
    inner: specforge_runtime::client::Client,
}

/// Settings for a [`Client`]: credentials, timeouts, retries, hooks.
pub type ClientBuilder = specforge_runtime::client::ClientBuilder<Client>;

impl Client {
    /// A client of the API at `base_url`, with the default settings and
    /// no credentials.
    pub fn new(base_url: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder(base_url).build()
    }

    /// Settings for a client of the API at `base_url`: credentials
    /// (`bearer_token`, `api_key`, `basic_auth`), timeouts, the retry
    /// policy, hooks; finish with `build()`.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url, SECURITY_SCHEMES, USER_AGENT)
    }

    /// Check service health
    ///
    /// Reports whether the service is up. Requires no credentials.
    ///
    /// `GET /health`
    pub fn get_health(&self) -> GetHealthRequest {
        GetHealthRequest {
            client: self.inner.clone(),
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// List products
    ///
    /// Returns one page of products matching the filters, in the requested
    /// order. Follow `nextCursor` to walk the remaining pages; a cursor is
    /// only valid with the same filters and sort it was issued for.
    ///
    /// `GET /products`
    pub fn list_products(&self) -> ListProductsRequest {
        ListProductsRequest {
            client: self.inner.clone(),
            request_id: None,
            cursor: None,
            limit: None,
            category_id: None,
            q: None,
            min_price: None,
            max_price: None,
            tags: None,
            status: None,
            sort: None,
            headers: Vec::new(),
        }
    }

    /// Create a product
    ///
    /// Adds a product to the catalog. The SKU must be unique across the
    /// catalog; a duplicate SKU is a 409. Every id in `categoryIds` must name
    /// an existing category (otherwise 422).
    ///
    /// `POST /products`
    ///
    /// Arguments:
    /// - `body`: The product to create.
    pub fn create_product(
        &self,
        body: super::models::NewProduct,
    ) -> CreateProductRequest {
        CreateProductRequest {
            client: self.inner.clone(),
            body,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Follow changes to products
    ///
    /// The change feed of the catalog's products: every creation, update and
    /// deletion, oldest first, each with its `sequence` in the feed (the
    /// server keeps the latest changes). As `application/json` it answers
    /// one page of the changes after `cursor` (from the oldest kept, without
    /// one); follow `nextCursor` to walk them all.
    ///
    /// Asked for `text/event-stream` (`accept: text/event-stream`), it
    /// answers the changes as server-sent events, as they happen: one event
    /// per change, named `product.created`, `product.updated` or
    /// `product.deleted`, its `id` the change's `sequence` and its data the
    /// change (JSON). The stream starts after the change named by
    /// `last-event-id` (or `cursor`), else with the next change; it stays open,
    /// with a keep-alive comment when nothing happens for a while. A client
    /// that loses the connection sends the request again with the id of the
    /// last event it received in `last-event-id` and misses nothing.
    ///
    /// `GET /products/changes`
    pub fn list_product_changes(&self) -> ListProductChangesRequest {
        ListProductChangesRequest {
            client: self.inner.clone(),
            request_id: None,
            cursor: None,
            limit: None,
            last_event_id: None,
            headers: Vec::new(),
        }
    }

    /// Get a product
    ///
    /// Returns one product with its current `etag`. When `if-none-match`
    /// matches that tag the answer is 304 with no body.
    ///
    /// `GET /products/{productId}`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    pub fn get_product(&self, product_id: uuid::Uuid) -> GetProductRequest {
        GetProductRequest {
            client: self.inner.clone(),
            product_id,
            request_id: None,
            if_none_match: None,
            headers: Vec::new(),
        }
    }

    /// Delete a product
    ///
    /// Removes the product, its images and its category assignments. When
    /// `if-match` is given it must carry the current `etag` (412 otherwise).
    ///
    /// `DELETE /products/{productId}`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    pub fn delete_product(&self, product_id: uuid::Uuid) -> DeleteProductRequest {
        DeleteProductRequest {
            client: self.inner.clone(),
            product_id,
            request_id: None,
            if_match: None,
            headers: Vec::new(),
        }
    }

    /// Update a product
    ///
    /// Applies a JSON Merge Patch (RFC 7396) to the product: members present
    /// in the body replace the current values, members set to `null` are
    /// removed (only where the field is nullable), absent members are left
    /// untouched. The `if-match` header is required (428 without it) and must
    /// carry the current `etag` (412 otherwise).
    ///
    /// `PATCH /products/{productId}`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    /// - `if_match`: The `etag` of the representation the change is based on. Required: a request without it is answered 428; a stale tag is answered 412.
    /// - `body`: The changes to apply.
    pub fn update_product(
        &self,
        product_id: uuid::Uuid,
        if_match: impl Into<String>,
        body: super::models::ProductPatch,
    ) -> UpdateProductRequest {
        UpdateProductRequest {
            client: self.inner.clone(),
            product_id,
            if_match: if_match.into(),
            body,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Get the price of a product (deprecated)
    ///
    /// Returns only the price of a product, in the catalog's default currency.
    ///
    /// Deprecated: use `getProductV2` (`GET /v2/products/{productId}`), which
    /// returns the price together with its currency. Responses carry a
    /// `deprecation` header and a `sunset` header; the operation is removed
    /// after 2027-06-30.
    ///
    /// `GET /products/{productId}/price`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    #[deprecated(
        note = "deprecated by the API: use `getProductV2` (`GET /v2/products/{productId}`), which; removed after 2027-06-30"
    )]
    pub fn get_product_price(&self, product_id: uuid::Uuid) -> GetProductPriceRequest {
        GetProductPriceRequest {
            client: self.inner.clone(),
            product_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// List the images of a product
    ///
    /// Returns every image attached to the product, oldest first. A product
    /// has at most 20 images, so this list is not paginated.
    ///
    /// `GET /products/{productId}/images`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    pub fn list_product_images(
        &self,
        product_id: uuid::Uuid,
    ) -> ListProductImagesRequest {
        ListProductImagesRequest {
            client: self.inner.clone(),
            product_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Upload an image for a product
    ///
    /// Attaches a PNG or JPEG image (at most 5 MiB) to the product, sent as
    /// `multipart/form-data` with a `file` part and an optional `altText`
    /// part. A larger upload is a 413; a file part of another content type is
    /// a 415; a product that already has 20 images is a 422.
    ///
    /// `POST /products/{productId}/images`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    /// - `file`: The image bytes, PNG or JPEG, at most 5 MiB.
    pub fn upload_product_image(
        &self,
        product_id: uuid::Uuid,
        file: impl Into<Upload>,
    ) -> UploadProductImageRequest {
        UploadProductImageRequest {
            client: self.inner.clone(),
            product_id,
            file: file.into(),
            request_id: None,
            alt_text: None,
            headers: Vec::new(),
        }
    }

    /// Download a product image
    ///
    /// Returns the stored image bytes with the content type they were
    /// uploaded with (`image/png` or `image/jpeg`); clients that accept
    /// neither get them as `application/octet-stream`.
    ///
    /// `GET /products/{productId}/images/{imageId}`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    /// - `image_id`: The id of the image.
    pub fn download_product_image(
        &self,
        product_id: uuid::Uuid,
        image_id: uuid::Uuid,
    ) -> DownloadProductImageRequest {
        DownloadProductImageRequest {
            client: self.inner.clone(),
            product_id,
            image_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Get a product (v2)
    ///
    /// Version 2 of `getProduct`: the same representation with one additive
    /// field, `currency`, the ISO 4217 code the price is expressed in.
    ///
    /// `GET /v2/products/{productId}`
    ///
    /// Arguments:
    /// - `product_id`: The id of the product.
    pub fn get_product_v2(&self, product_id: uuid::Uuid) -> GetProductV2Request {
        GetProductV2Request {
            client: self.inner.clone(),
            product_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// List categories
    ///
    /// Returns one page of categories, optionally only the direct children of
    /// one parent. Follow `nextCursor` to walk the remaining pages.
    ///
    /// `GET /categories`
    pub fn list_categories(&self) -> ListCategoriesRequest {
        ListCategoriesRequest {
            client: self.inner.clone(),
            request_id: None,
            cursor: None,
            limit: None,
            parent_id: None,
            sort: None,
            headers: Vec::new(),
        }
    }

    /// Create a category
    ///
    /// Adds a category, at the root or under an existing parent. The slug
    /// must be unique (409 otherwise); an unknown `parentId` is a 422.
    ///
    /// `POST /categories`
    ///
    /// Arguments:
    /// - `body`: The category to create.
    pub fn create_category(
        &self,
        body: super::models::NewCategory,
    ) -> CreateCategoryRequest {
        CreateCategoryRequest {
            client: self.inner.clone(),
            body,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Get the category tree
    ///
    /// Returns every category arranged as a forest: the root categories, each
    /// with its children nested recursively, siblings sorted by name.
    ///
    /// `GET /categories/tree`
    pub fn get_category_tree(&self) -> GetCategoryTreeRequest {
        GetCategoryTreeRequest {
            client: self.inner.clone(),
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Get a category
    ///
    /// Returns one category.
    ///
    /// `GET /categories/{categoryId}`
    ///
    /// Arguments:
    /// - `category_id`: The id of the category.
    pub fn get_category(&self, category_id: uuid::Uuid) -> GetCategoryRequest {
        GetCategoryRequest {
            client: self.inner.clone(),
            category_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Assign a product to a category
    ///
    /// Puts the product in the category. Idempotent: assigning a product that
    /// is already in the category succeeds and changes nothing. 404 when
    /// either the category or the product does not exist.
    ///
    /// `PUT /categories/{categoryId}/products/{productId}`
    ///
    /// Arguments:
    /// - `category_id`: The id of the category.
    /// - `product_id`: The id of the product.
    pub fn assign_product_to_category(
        &self,
        category_id: uuid::Uuid,
        product_id: uuid::Uuid,
    ) -> AssignProductToCategoryRequest {
        AssignProductToCategoryRequest {
            client: self.inner.clone(),
            category_id,
            product_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Remove a product from a category
    ///
    /// Takes the product out of the category. Idempotent: removing a product
    /// that is not in the category succeeds. 404 when either the category or
    /// the product does not exist.
    ///
    /// `DELETE /categories/{categoryId}/products/{productId}`
    ///
    /// Arguments:
    /// - `category_id`: The id of the category.
    /// - `product_id`: The id of the product.
    pub fn unassign_product_from_category(
        &self,
        category_id: uuid::Uuid,
        product_id: uuid::Uuid,
    ) -> UnassignProductFromCategoryRequest {
        UnassignProductFromCategoryRequest {
            client: self.inner.clone(),
            category_id,
            product_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// List orders
    ///
    /// Returns one page of orders, newest first unless `sort` says otherwise,
    /// optionally only those in one status. Follow `nextCursor` to walk the
    /// remaining pages.
    ///
    /// `GET /orders`
    pub fn list_orders(&self) -> ListOrdersRequest {
        ListOrdersRequest {
            client: self.inner.clone(),
            request_id: None,
            cursor: None,
            limit: None,
            status: None,
            sort: None,
            headers: Vec::new(),
        }
    }

    /// Place an order
    ///
    /// Places an order for one or more catalog products. The request must
    /// carry an `Idempotency-Key`: a retry with the same key and the same body
    /// replays the stored response (with `idempotent-replayed: true`); the
    /// same key with a different body is a 422; the same key while the first
    /// request is still being processed is a 409. A line naming an unknown or
    /// non-active product is a 422.
    ///
    /// `POST /orders`
    ///
    /// Arguments:
    /// - `body`: The order to place.
    pub fn create_order(&self, body: super::models::NewOrder) -> CreateOrderRequest {
        CreateOrderRequest {
            client: self.inner.clone(),
            body,
            request_id: None,
            idempotency_key: None,
            headers: Vec::new(),
        }
    }

    /// Get an order
    ///
    /// Returns one order.
    ///
    /// `GET /orders/{orderId}`
    ///
    /// Arguments:
    /// - `order_id`: The id of the order.
    pub fn get_order(&self, order_id: uuid::Uuid) -> GetOrderRequest {
        GetOrderRequest {
            client: self.inner.clone(),
            order_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Cancel an order
    ///
    /// Cancels an order that has not shipped yet. Cancelling an order that is
    /// already cancelled succeeds and returns it unchanged; cancelling a
    /// shipped order is a 409.
    ///
    /// `POST /orders/{orderId}/cancel`
    ///
    /// Arguments:
    /// - `order_id`: The id of the order.
    pub fn cancel_order(&self, order_id: uuid::Uuid) -> CancelOrderRequest {
        CancelOrderRequest {
            client: self.inner.clone(),
            order_id,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Start a catalog export
    ///
    /// Starts exporting the catalog (or one category of it) as CSV or JSON
    /// Lines. The export runs in the background: the answer is 202 with the
    /// `location` of the export job, to be polled with `getExport` no sooner
    /// than `retry-after` seconds. This operation has its own, tighter rate
    /// limit.
    ///
    /// `POST /exports`
    ///
    /// Arguments:
    /// - `body`: What to export, and in which format.
    pub fn start_export(&self, body: super::models::NewExport) -> StartExportRequest {
        StartExportRequest {
            client: self.inner.clone(),
            body,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// Get an export job
    ///
    /// Returns the state of an export job. While it is `queued` or `running`
    /// the response carries a `retry-after` hint; once `succeeded` it carries
    /// a `downloadUrl`, once `failed` an `error` problem.
    ///
    /// `GET /exports/{exportId}`
    ///
    /// Arguments:
    /// - `export_id`: The id of the export job.
    pub fn get_export(&self, export_id: uuid::Uuid) -> GetExportRequest {
        GetExportRequest {
            client: self.inner.clone(),
            export_id,
            request_id: None,
            headers: Vec::new(),
        }
    }
}

impl From<specforge_runtime::client::Client> for Client {
    fn from(inner: specforge_runtime::client::Client) -> Self {
        Self { inner }
    }
}

/// A [`Client::get_health`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetHealthRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetHealthRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetHealthResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/health")
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetHealthResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_health`].
///
/// The service is up.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetHealthResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::HealthStatus,
}

/// A [`Client::list_products`] request: set optional inputs, then
/// [`send`](Self::send) it, or walk every page with
/// [`into_stream`](Self::into_stream).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListProductsRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
    category_id: Option<uuid::Uuid>,
    q: Option<String>,
    min_price: Option<f64>,
    max_price: Option<f64>,
    tags: Option<Vec<String>>,
    status: Option<super::models::ProductStatus>,
    sort: Option<super::models::ListProductsSort>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl ListProductsRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Maximum number of items on the page.
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only products assigned to this category.
    pub fn category_id(mut self, category_id: uuid::Uuid) -> Self {
        self.category_id = Some(category_id);
        self
    }

    /// Case-insensitive full-text search over name, SKU and description.
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.q = Some(q.into());
        self
    }

    /// Only products whose price is at least this amount.
    pub fn min_price(mut self, min_price: f64) -> Self {
        self.min_price = Some(min_price);
        self
    }

    /// Only products whose price is at most this amount.
    pub fn max_price(mut self, max_price: f64) -> Self {
        self.max_price = Some(max_price);
        self
    }

    /// Only products carrying all of these tags, comma separated
    /// (`tags=ergonomic,wireless`).
    pub fn tags(mut self, tags: Vec<String>) -> Self {
        self.tags = Some(tags);
        self
    }

    /// Only products in this lifecycle status.
    pub fn status(mut self, status: super::models::ProductStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sort order. A leading `-` sorts descending; ties are broken by id.
    pub fn sort(mut self, sort: super::models::ListProductsSort) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<ListProductsResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .query("cursor", &self.cursor)
            .query("limit", &self.limit)
            .query("categoryId", &self.category_id)
            .query("q", &self.q)
            .query("minPrice", &self.min_price)
            .query("maxPrice", &self.max_price)
            .query_with("tags", &self.tags, Style::Form, false)
            .query("status", &self.status)
            .query("sort", &self.sort)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                ListProductsResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }

    /// Every item of every page, fetched page after page as the stream is
    /// read (cursor pagination), from the page this request asks for.
    pub fn into_stream(
        self,
    ) -> specforge_runtime::client::ItemStream<
        super::models::Product,
        Error<super::models::Problem>,
    > {
        specforge_runtime::client::paginate(
            self.cursor.clone(),
            move |cursor| {
                let request = Self { cursor, ..self.clone() };
                async move {
                    let response = request.send().await?;
                    let listing = response.into_inner().body;
                    let items = listing.items;
                    Ok((items, listing.next_cursor))
                }
            },
        )
    }
}

/// The `200` response of [`Client::list_products`].
///
/// One page of products.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListProductsResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::ProductPage,
}

/// A [`Client::create_product`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateProductRequest {
    client: specforge_runtime::client::Client,
    body: super::models::NewProduct,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl CreateProductRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<CreateProductResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/products")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .json(&self.body)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            201 => {
                CreateProductResponse {
                    request_id: reply.header("request-id")?,
                    location: reply.header("location")?,
                    etag: reply.header("etag")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `201` response of [`Client::create_product`].
///
/// The product was created.
#[derive(Debug)]
#[non_exhaustive]
pub struct CreateProductResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The URL of the new product.
    pub location: String,
    /// Entity tag of the current representation of the resource.
    pub etag: String,
    /// The response body.
    pub body: super::models::Product,
}

/// A [`Client::list_product_changes`] request: set optional inputs, then
/// [`send`](Self::send) it, or walk every page with
/// [`into_stream`](Self::into_stream).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListProductChangesRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
    last_event_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl ListProductChangesRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Maximum number of items on the page.
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// For an event stream: the id of the last event received, to
    /// resume after it (the `sequence` of that change).
    pub fn last_event_id(mut self, last_event_id: impl Into<String>) -> Self {
        self.last_event_id = Some(last_event_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<ListProductChangesResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products/changes")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .query("cursor", &self.cursor)
            .query("limit", &self.limit)
            .header("last-event-id", &self.last_event_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                ListProductChangesResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }

    /// Sends the request asking for `text/event-stream`: the events of
    /// the stream, decoded as they arrive (a [`futures::Stream`] of
    /// [`Event`]s), instead of the one answer of [`send`](Self::send).
    ///
    /// After a lost connection the request is sent again with
    /// `last-event-id`, and the stream goes on after the last event received
    /// (see [`EventSource`] and [`Reconnect`]).
    pub async fn send_stream(
        self,
    ) -> Result<
        Response<EventSource<super::models::ProductChange, super::models::Problem>>,
        Error<super::models::Problem>,
    > {
        let resume = self.clone();
        let mut reply = self.events_request().send().await?;
        match reply.status() {
            200 => {
                let events = EventSource::from_reply(&mut reply, DataFormat::Json)
                    .resume_with(move || resume.clone().events_request());
                Ok(reply.finish(events))
            }
            _ => Err(reply.default_error().await),
        }
    }

    /// The request, asking for `text/event-stream`.
    fn events_request(self) -> specforge_runtime::client::RequestBuilder {
        self.client
            .request(reqwest::Method::GET, "/products/changes")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .header("request-id", &self.request_id)
            .query("cursor", &self.cursor)
            .query("limit", &self.limit)
            .header("last-event-id", &self.last_event_id)
            .extra_headers(self.headers)
            .accept("text/event-stream")
    }

    /// Every item of every page, fetched page after page as the stream is
    /// read (cursor pagination), from the page this request asks for.
    pub fn into_stream(
        self,
    ) -> specforge_runtime::client::ItemStream<
        super::models::ProductChange,
        Error<super::models::Problem>,
    > {
        specforge_runtime::client::paginate(
            self.cursor.clone(),
            move |cursor| {
                let request = Self { cursor, ..self.clone() };
                async move {
                    let response = request.send().await?;
                    let listing = response.into_inner().body;
                    let items = listing.items;
                    Ok((items, listing.next_cursor))
                }
            },
        )
    }
}

/// The `200` response of [`Client::list_product_changes`].
///
/// The changes, as one page or as a stream of events.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListProductChangesResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::ProductChangePage,
}

/// A [`Client::get_product`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetProductRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    if_none_match: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetProductRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The `etag` of a cached representation; when it is still current the
    /// answer is 304 with no body.
    pub fn if_none_match(mut self, if_none_match: impl Into<String>) -> Self {
        self.if_none_match = Some(if_none_match.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetProductResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products/{productId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .header("if-none-match", &self.if_none_match)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetProductResponse::Ok {
                    request_id: reply.header("request-id")?,
                    etag: reply.header("etag")?,
                    body: Box::new(reply.json().await?),
                }
            }
            304 => {
                GetProductResponse::NotModified {
                    request_id: reply.header("request-id")?,
                    etag: reply.header("etag")?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The responses of [`Client::get_product`], one per success status.
#[derive(Debug)]
#[non_exhaustive]
pub enum GetProductResponse {
    /// `200`: The product.
    Ok {
        /// The request id, echoed from the request or generated by the server.
        request_id: String,
        /// Entity tag of the current representation of the resource.
        etag: String,
        /// The response body.
        body: Box<super::models::Product>,
    },
    /// `304`: The cached representation named by `if-none-match` is still current.
    NotModified {
        /// The request id, echoed from the request or generated by the server.
        request_id: String,
        /// Entity tag of the current representation of the resource.
        etag: String,
    },
}

/// A [`Client::delete_product`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct DeleteProductRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    if_match: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl DeleteProductRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// When present, the `etag` the resource must still have; a stale tag is
    /// answered 412.
    pub fn if_match(mut self, if_match: impl Into<String>) -> Self {
        self.if_match = Some(if_match.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<DeleteProductResponse>, Error<super::models::Problem>> {
        let reply = self
            .client
            .request(reqwest::Method::DELETE, "/products/{productId}")
            .auth(&[&["oauth2"]])
            .accept("application/problem+json")
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .header("if-match", &self.if_match)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            204 => {
                DeleteProductResponse {
                    request_id: reply.header("request-id")?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `204` response of [`Client::delete_product`].
///
/// The product was deleted.
#[derive(Debug)]
#[non_exhaustive]
pub struct DeleteProductResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
}

/// A [`Client::update_product`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateProductRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    if_match: String,
    body: super::models::ProductPatch,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl UpdateProductRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<UpdateProductResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::PATCH, "/products/{productId}")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .path("productId", &self.product_id)
            .header("if-match", &self.if_match)
            .json_as("application/merge-patch+json", &self.body)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                UpdateProductResponse {
                    request_id: reply.header("request-id")?,
                    etag: reply.header("etag")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::update_product`].
///
/// The product after the patch was applied.
#[derive(Debug)]
#[non_exhaustive]
pub struct UpdateProductResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// Entity tag of the current representation of the resource.
    pub etag: String,
    /// The response body.
    pub body: super::models::Product,
}

/// A [`Client::get_product_price`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetProductPriceRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetProductPriceRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetProductPriceResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products/{productId}/price")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetProductPriceResponse {
                    request_id: reply.header("request-id")?,
                    deprecation: reply.header("deprecation")?,
                    sunset: reply.header("sunset")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_product_price`].
///
/// The price of the product.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetProductPriceResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// Marks the operation as deprecated (RFC 9745): the `@`-prefixed Unix
    /// time at which it was deprecated.
    pub deprecation: String,
    /// HTTP date after which the operation is removed (RFC 8594).
    pub sunset: String,
    /// The response body.
    pub body: super::models::ProductPrice,
}

/// A [`Client::list_product_images`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListProductImagesRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl ListProductImagesRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<ListProductImagesResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products/{productId}/images")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                ListProductImagesResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::list_product_images`].
///
/// The images of the product.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListProductImagesResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: Vec<super::models::ProductImage>,
}

/// A [`Client::upload_product_image`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UploadProductImageRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    file: Upload,
    request_id: Option<String>,
    alt_text: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl UploadProductImageRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Alternative text describing the image for accessibility.
    pub fn alt_text(mut self, alt_text: impl Into<String>) -> Self {
        self.alt_text = Some(alt_text.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<UploadProductImageResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/products/{productId}/images")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .multipart_form()
            .path("productId", &self.product_id)
            .file_part("file", Some(self.file))
            .header("request-id", &self.request_id)
            .part("altText", &self.alt_text)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            201 => {
                UploadProductImageResponse {
                    request_id: reply.header("request-id")?,
                    location: reply.header("location")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `201` response of [`Client::upload_product_image`].
///
/// The image was stored.
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadProductImageResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The URL of the stored image bytes.
    pub location: String,
    /// The response body.
    pub body: super::models::ProductImage,
}

/// A [`Client::download_product_image`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct DownloadProductImageRequest {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    image_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl DownloadProductImageRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<DownloadProductImageResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/products/{productId}/images/{imageId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept(
                "image/png, image/jpeg, application/octet-stream, application/problem+json",
            )
            .path("productId", &self.product_id)
            .path("imageId", &self.image_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                DownloadProductImageResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.stream(),
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::download_product_image`].
///
/// The image bytes.
#[derive(Debug)]
#[non_exhaustive]
pub struct DownloadProductImageResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: ByteStream,
}

/// A [`Client::get_product_v2`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetProductV2Request {
    client: specforge_runtime::client::Client,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetProductV2Request {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetProductV2Response>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/v2/products/{productId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetProductV2Response {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_product_v2`].
///
/// The product, with its currency.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetProductV2Response {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::ProductV2,
}

/// A [`Client::list_categories`] request: set optional inputs, then
/// [`send`](Self::send) it, or walk every page with
/// [`into_stream`](Self::into_stream).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListCategoriesRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
    parent_id: Option<uuid::Uuid>,
    sort: Option<super::models::ListCategoriesSort>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl ListCategoriesRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Maximum number of items on the page.
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only the direct children of this category.
    pub fn parent_id(mut self, parent_id: uuid::Uuid) -> Self {
        self.parent_id = Some(parent_id);
        self
    }

    /// Sort order by name; a leading `-` sorts descending.
    pub fn sort(mut self, sort: super::models::ListCategoriesSort) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<ListCategoriesResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/categories")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .query("cursor", &self.cursor)
            .query("limit", &self.limit)
            .query("parentId", &self.parent_id)
            .query("sort", &self.sort)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                ListCategoriesResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }

    /// Every item of every page, fetched page after page as the stream is
    /// read (cursor pagination), from the page this request asks for.
    pub fn into_stream(
        self,
    ) -> specforge_runtime::client::ItemStream<
        super::models::Category,
        Error<super::models::Problem>,
    > {
        specforge_runtime::client::paginate(
            self.cursor.clone(),
            move |cursor| {
                let request = Self { cursor, ..self.clone() };
                async move {
                    let response = request.send().await?;
                    let listing = response.into_inner().body;
                    let items = listing.items;
                    Ok((items, listing.next_cursor))
                }
            },
        )
    }
}

/// The `200` response of [`Client::list_categories`].
///
/// One page of categories.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListCategoriesResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::CategoryPage,
}

/// A [`Client::create_category`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateCategoryRequest {
    client: specforge_runtime::client::Client,
    body: super::models::NewCategory,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl CreateCategoryRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<CreateCategoryResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/categories")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .json(&self.body)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            201 => {
                CreateCategoryResponse {
                    request_id: reply.header("request-id")?,
                    location: reply.header("location")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `201` response of [`Client::create_category`].
///
/// The category was created.
#[derive(Debug)]
#[non_exhaustive]
pub struct CreateCategoryResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The URL of the new category.
    pub location: String,
    /// The response body.
    pub body: super::models::Category,
}

/// A [`Client::get_category_tree`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetCategoryTreeRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetCategoryTreeRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetCategoryTreeResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/categories/tree")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetCategoryTreeResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_category_tree`].
///
/// The root categories with their descendants.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetCategoryTreeResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: Vec<super::models::CategoryTree>,
}

/// A [`Client::get_category`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetCategoryRequest {
    client: specforge_runtime::client::Client,
    category_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetCategoryRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetCategoryResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/categories/{categoryId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("categoryId", &self.category_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetCategoryResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_category`].
///
/// The category.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetCategoryResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::Category,
}

/// A [`Client::assign_product_to_category`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct AssignProductToCategoryRequest {
    client: specforge_runtime::client::Client,
    category_id: uuid::Uuid,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl AssignProductToCategoryRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<
        Response<AssignProductToCategoryResponse>,
        Error<super::models::Problem>,
    > {
        let reply = self
            .client
            .request(
                reqwest::Method::PUT,
                "/categories/{categoryId}/products/{productId}",
            )
            .auth(&[&["oauth2"]])
            .accept("application/problem+json")
            .path("categoryId", &self.category_id)
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            204 => {
                AssignProductToCategoryResponse {
                    request_id: reply.header("request-id")?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `204` response of [`Client::assign_product_to_category`].
///
/// The product is in the category.
#[derive(Debug)]
#[non_exhaustive]
pub struct AssignProductToCategoryResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
}

/// A [`Client::unassign_product_from_category`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UnassignProductFromCategoryRequest {
    client: specforge_runtime::client::Client,
    category_id: uuid::Uuid,
    product_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl UnassignProductFromCategoryRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<
        Response<UnassignProductFromCategoryResponse>,
        Error<super::models::Problem>,
    > {
        let reply = self
            .client
            .request(
                reqwest::Method::DELETE,
                "/categories/{categoryId}/products/{productId}",
            )
            .auth(&[&["oauth2"]])
            .accept("application/problem+json")
            .path("categoryId", &self.category_id)
            .path("productId", &self.product_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            204 => {
                UnassignProductFromCategoryResponse {
                    request_id: reply.header("request-id")?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `204` response of [`Client::unassign_product_from_category`].
///
/// The product is not in the category.
#[derive(Debug)]
#[non_exhaustive]
pub struct UnassignProductFromCategoryResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
}

/// A [`Client::list_orders`] request: set optional inputs, then
/// [`send`](Self::send) it, or walk every page with
/// [`into_stream`](Self::into_stream).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListOrdersRequest {
    client: specforge_runtime::client::Client,
    request_id: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
    status: Option<super::models::OrderStatus>,
    sort: Option<super::models::ListOrdersSort>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl ListOrdersRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Maximum number of items on the page.
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only orders in this status.
    pub fn status(mut self, status: super::models::OrderStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sort order by creation time; a leading `-` sorts descending.
    pub fn sort(mut self, sort: super::models::ListOrdersSort) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<ListOrdersResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/orders")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .header("request-id", &self.request_id)
            .query("cursor", &self.cursor)
            .query("limit", &self.limit)
            .query("status", &self.status)
            .query("sort", &self.sort)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                ListOrdersResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }

    /// Every item of every page, fetched page after page as the stream is
    /// read (cursor pagination), from the page this request asks for.
    pub fn into_stream(
        self,
    ) -> specforge_runtime::client::ItemStream<
        super::models::Order,
        Error<super::models::Problem>,
    > {
        specforge_runtime::client::paginate(
            self.cursor.clone(),
            move |cursor| {
                let request = Self { cursor, ..self.clone() };
                async move {
                    let response = request.send().await?;
                    let listing = response.into_inner().body;
                    let items = listing.items;
                    Ok((items, listing.next_cursor))
                }
            },
        )
    }
}

/// The `200` response of [`Client::list_orders`].
///
/// One page of orders.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListOrdersResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::OrderPage,
}

/// A [`Client::create_order`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateOrderRequest {
    client: specforge_runtime::client::Client,
    body: super::models::NewOrder,
    request_id: Option<String>,
    idempotency_key: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl CreateOrderRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Client-chosen unique key (a UUID is recommended) making the request
    /// safe to retry: the first request is executed and its response stored
    /// for 24 hours; a retry with the same key and body replays it.
    ///
    /// A new key is generated when none is set; it is kept across retries.
    pub fn idempotency_key(mut self, idempotency_key: impl Into<String>) -> Self {
        self.idempotency_key = Some(idempotency_key.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<CreateOrderResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/orders")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .json(&self.body)
            .header("request-id", &self.request_id)
            .idempotency_key("Idempotency-Key", self.idempotency_key)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            201 => {
                CreateOrderResponse {
                    request_id: reply.header("request-id")?,
                    location: reply.header("location")?,
                    idempotent_replayed: reply.optional_header("idempotent-replayed"),
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `201` response of [`Client::create_order`].
///
/// The order was placed (or, on a replay, had been placed).
#[derive(Debug)]
#[non_exhaustive]
pub struct CreateOrderResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The URL of the new order.
    pub location: String,
    /// `true` when this response is a stored response replayed for a retry
    /// carrying the same `Idempotency-Key`; absent otherwise.
    pub idempotent_replayed: Option<bool>,
    /// The response body.
    pub body: super::models::Order,
}

/// A [`Client::get_order`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetOrderRequest {
    client: specforge_runtime::client::Client,
    order_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetOrderRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetOrderResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/orders/{orderId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("orderId", &self.order_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetOrderResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_order`].
///
/// The order.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetOrderResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::Order,
}

/// A [`Client::cancel_order`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CancelOrderRequest {
    client: specforge_runtime::client::Client,
    order_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl CancelOrderRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<CancelOrderResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/orders/{orderId}/cancel")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .path("orderId", &self.order_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                CancelOrderResponse {
                    request_id: reply.header("request-id")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::cancel_order`].
///
/// The order, now cancelled.
#[derive(Debug)]
#[non_exhaustive]
pub struct CancelOrderResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The response body.
    pub body: super::models::Order,
}

/// A [`Client::start_export`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct StartExportRequest {
    client: specforge_runtime::client::Client,
    body: super::models::NewExport,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl StartExportRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<StartExportResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::POST, "/exports")
            .auth(&[&["oauth2"]])
            .accept("application/json, application/problem+json")
            .json(&self.body)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            202 => {
                StartExportResponse {
                    request_id: reply.header("request-id")?,
                    location: reply.header("location")?,
                    retry_after: reply.header("retry-after")?,
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }

    /// Sends the request, then polls [`Client::get_export`] with the job's `id`
    /// until its `state` is terminal (`succeeded`, `failed`, `canceled`),
    /// and returns that last poll: a failed job is a success here, its state
    /// tells. Polls are `retry-after` apart (1 s without one, capped like
    /// retries), all within the client's `wait_timeout` (else
    /// [`Error::Timeout`]).
    pub async fn send_and_wait(
        self,
    ) -> Result<Response<GetExportResponse>, Error<super::models::Problem>> {
        let client = self.client.clone();
        let accepted = self.send().await?;
        specforge_runtime::client::wait_for(
                &client,
                accepted,
                |value| value.body.id,
                |id| Client::from(client.clone()).get_export(id).send(),
                |value| {
                    matches!(
                        value.body.state, super::models::ExportState::Succeeded |
                        super::models::ExportState::Failed |
                        super::models::ExportState::Canceled
                    )
                },
            )
            .await
    }
}

/// The `202` response of [`Client::start_export`].
///
/// The export job was accepted and queued.
#[derive(Debug)]
#[non_exhaustive]
pub struct StartExportResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// The URL of the export job, to poll with getExport.
    pub location: String,
    /// Number of seconds to wait before trying again.
    pub retry_after: i32,
    /// The response body.
    pub body: super::models::ExportJob,
}

/// A [`Client::get_export`] request: set optional inputs, then
/// [`send`](Self::send) it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetExportRequest {
    client: specforge_runtime::client::Client,
    export_id: uuid::Uuid,
    request_id: Option<String>,
    headers: specforge_runtime::client::ExtraHeaders,
}

impl GetExportRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Adds a header to this request, beside those the operation
    /// declares (a tracing header, an experimental flag…).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request: the typed response of a success status, or
    /// the error.
    pub async fn send(
        self,
    ) -> Result<Response<GetExportResponse>, Error<super::models::Problem>> {
        let mut reply = self
            .client
            .request(reqwest::Method::GET, "/exports/{exportId}")
            .auth(&[&["bearerAuth"], &["apiKeyAuth"]])
            .accept("application/json, application/problem+json")
            .path("exportId", &self.export_id)
            .header("request-id", &self.request_id)
            .extra_headers(self.headers)
            .send()
            .await?;
        let value = match reply.status() {
            200 => {
                GetExportResponse {
                    request_id: reply.header("request-id")?,
                    retry_after: reply.optional_header("retry-after"),
                    body: reply.json().await?,
                }
            }
            _ => return Err(reply.default_error().await),
        };
        Ok(reply.finish(value))
    }
}

/// The `200` response of [`Client::get_export`].
///
/// The export job.
#[derive(Debug)]
#[non_exhaustive]
pub struct GetExportResponse {
    /// The request id, echoed from the request or generated by the server.
    pub request_id: String,
    /// Seconds to wait before polling again; present only while the
    /// job is `queued` or `running`.
    pub retry_after: Option<i32>,
    /// The response body.
    pub body: super::models::ExportJob,
}
