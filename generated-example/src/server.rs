use std::sync::Arc;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use specforge_runtime::Problem;
use specforge_runtime::params::{Kind, Shape, Style};
use specforge_runtime::path_template::Capture;
use specforge_runtime::problem::Location;
use specforge_runtime::rate_limit::RateLimit;
use specforge_runtime::server::{
    Form, FormData, FormPart, Input, Operation, Param, Reply, Scheme, SchemeKind, Server,
    decode_request,
};
use specforge_runtime::sse::DataFormat;
use specforge_runtime::validate::{Items, Number, Text, ValueRules};

pub use specforge_runtime::server::{
    Authenticator, Credential, Download, FilePart, Principal, RequestContext,
    ServerOptions, Upload,
};
pub use specforge_runtime::sse::{Event, EventStream, last_event_id, prefers_events};

/// The spec this server implements, as written.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// The API: one method per operation. Implement it and serve it with
/// [`router`]; decoding, validation, authentication, rate limits,
/// idempotency and error responses are done before a method is called.
///
/// Every method has a default answering `501 Not Implemented` (a
/// `not_implemented` problem), so a large API can be implemented a few
/// operations at a time: override the ones that are ready.
pub trait Api: Send + Sync + 'static {
    /// Check service health
    ///
    /// Reports whether the service is up. Requires no credentials.
    ///
    /// `GET /health`
    fn get_health(
        &self,
        request: GetHealthRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetHealthResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getHealth")))
    }

    /// List products
    ///
    /// Returns one page of products matching the filters, in the requested
    /// order. Follow `nextCursor` to walk the remaining pages; a cursor is
    /// only valid with the same filters and sort it was issued for.
    ///
    /// `GET /products`
    fn list_products(
        &self,
        request: ListProductsRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<ListProductsResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("listProducts")))
    }

    /// Create a product
    ///
    /// Adds a product to the catalog. The SKU must be unique across the
    /// catalog; a duplicate SKU is a 409. Every id in `categoryIds` must name
    /// an existing category (otherwise 422).
    ///
    /// `POST /products`
    fn create_product(
        &self,
        request: CreateProductRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<CreateProductResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("createProduct")))
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
    fn list_product_changes(
        &self,
        request: ListProductChangesRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<ListProductChangesResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("listProductChanges")))
    }

    /// Get a product
    ///
    /// Returns one product with its current `etag`. When `if-none-match`
    /// matches that tag the answer is 304 with no body.
    ///
    /// `GET /products/{productId}`
    fn get_product(
        &self,
        request: GetProductRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetProductResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getProduct")))
    }

    /// Delete a product
    ///
    /// Removes the product, its images and its category assignments. When
    /// `if-match` is given it must carry the current `etag` (412 otherwise).
    ///
    /// `DELETE /products/{productId}`
    fn delete_product(
        &self,
        request: DeleteProductRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<DeleteProductResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("deleteProduct")))
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
    fn update_product(
        &self,
        request: UpdateProductRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<UpdateProductResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("updateProduct")))
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
    /// Deprecated: removed after 2027-06-30.
    fn get_product_price(
        &self,
        request: GetProductPriceRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetProductPriceResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getProductPrice")))
    }

    /// List the images of a product
    ///
    /// Returns every image attached to the product, oldest first. A product
    /// has at most 20 images, so this list is not paginated.
    ///
    /// `GET /products/{productId}/images`
    fn list_product_images(
        &self,
        request: ListProductImagesRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<ListProductImagesResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("listProductImages")))
    }

    /// Upload an image for a product
    ///
    /// Attaches a PNG or JPEG image (at most 5 MiB) to the product, sent as
    /// `multipart/form-data` with a `file` part and an optional `altText`
    /// part. A larger upload is a 413; a file part of another content type is
    /// a 415; a product that already has 20 images is a 422.
    ///
    /// `POST /products/{productId}/images`
    fn upload_product_image(
        &self,
        request: UploadProductImageRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<UploadProductImageResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("uploadProductImage")))
    }

    /// Download a product image
    ///
    /// Returns the stored image bytes with the content type they were
    /// uploaded with (`image/png` or `image/jpeg`); clients that accept
    /// neither get them as `application/octet-stream`.
    ///
    /// `GET /products/{productId}/images/{imageId}`
    fn download_product_image(
        &self,
        request: DownloadProductImageRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<DownloadProductImageResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("downloadProductImage")))
    }

    /// Get a product (v2)
    ///
    /// Version 2 of `getProduct`: the same representation with one additive
    /// field, `currency`, the ISO 4217 code the price is expressed in.
    ///
    /// `GET /v2/products/{productId}`
    fn get_product_v2(
        &self,
        request: GetProductV2Request,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetProductV2Response, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getProductV2")))
    }

    /// List categories
    ///
    /// Returns one page of categories, optionally only the direct children of
    /// one parent. Follow `nextCursor` to walk the remaining pages.
    ///
    /// `GET /categories`
    fn list_categories(
        &self,
        request: ListCategoriesRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<ListCategoriesResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("listCategories")))
    }

    /// Create a category
    ///
    /// Adds a category, at the root or under an existing parent. The slug
    /// must be unique (409 otherwise); an unknown `parentId` is a 422.
    ///
    /// `POST /categories`
    fn create_category(
        &self,
        request: CreateCategoryRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<CreateCategoryResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("createCategory")))
    }

    /// Get the category tree
    ///
    /// Returns every category arranged as a forest: the root categories, each
    /// with its children nested recursively, siblings sorted by name.
    ///
    /// `GET /categories/tree`
    fn get_category_tree(
        &self,
        request: GetCategoryTreeRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetCategoryTreeResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getCategoryTree")))
    }

    /// Get a category
    ///
    /// Returns one category.
    ///
    /// `GET /categories/{categoryId}`
    fn get_category(
        &self,
        request: GetCategoryRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetCategoryResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getCategory")))
    }

    /// Assign a product to a category
    ///
    /// Puts the product in the category. Idempotent: assigning a product that
    /// is already in the category succeeds and changes nothing. 404 when
    /// either the category or the product does not exist.
    ///
    /// `PUT /categories/{categoryId}/products/{productId}`
    fn assign_product_to_category(
        &self,
        request: AssignProductToCategoryRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<AssignProductToCategoryResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("assignProductToCategory")))
    }

    /// Remove a product from a category
    ///
    /// Takes the product out of the category. Idempotent: removing a product
    /// that is not in the category succeeds. 404 when either the category or
    /// the product does not exist.
    ///
    /// `DELETE /categories/{categoryId}/products/{productId}`
    fn unassign_product_from_category(
        &self,
        request: UnassignProductFromCategoryRequest,
        context: RequestContext,
    ) -> impl Future<
        Output = Result<UnassignProductFromCategoryResponse, Problem>,
    > + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("unassignProductFromCategory")))
    }

    /// List orders
    ///
    /// Returns one page of orders, newest first unless `sort` says otherwise,
    /// optionally only those in one status. Follow `nextCursor` to walk the
    /// remaining pages.
    ///
    /// `GET /orders`
    fn list_orders(
        &self,
        request: ListOrdersRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<ListOrdersResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("listOrders")))
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
    fn create_order(
        &self,
        request: CreateOrderRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<CreateOrderResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("createOrder")))
    }

    /// Get an order
    ///
    /// Returns one order.
    ///
    /// `GET /orders/{orderId}`
    fn get_order(
        &self,
        request: GetOrderRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetOrderResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getOrder")))
    }

    /// Cancel an order
    ///
    /// Cancels an order that has not shipped yet. Cancelling an order that is
    /// already cancelled succeeds and returns it unchanged; cancelling a
    /// shipped order is a 409.
    ///
    /// `POST /orders/{orderId}/cancel`
    fn cancel_order(
        &self,
        request: CancelOrderRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<CancelOrderResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("cancelOrder")))
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
    fn start_export(
        &self,
        request: StartExportRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<StartExportResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("startExport")))
    }

    /// Get an export job
    ///
    /// Returns the state of an export job. While it is `queued` or `running`
    /// the response carries a `retry-after` hint; once `succeeded` it carries
    /// a `downloadUrl`, once `failed` an `error` problem.
    ///
    /// `GET /exports/{exportId}`
    fn get_export(
        &self,
        request: GetExportRequest,
        context: RequestContext,
    ) -> impl Future<Output = Result<GetExportResponse, Problem>> + Send {
        let _ = (request, context);
        std::future::ready(Err(Problem::not_implemented("getExport")))
    }
}

/// The parameters several operations share, described once.
mod params {
    use super::*;

    /// `#/components/parameters/RequestIdHeader`.
    pub(super) static REQUEST_ID_HEADER: Param = Param::new(
            "request-id",
            Location::Header,
            Shape::Scalar(Kind::String),
        )
        .text(Text {
            min_length: Some(1),
            max_length: Some(200),
            ..Text::NONE
        });
    /// `#/components/parameters/Cursor`.
    pub(super) static CURSOR: Param = Param::new(
            "cursor",
            Location::Query,
            Shape::Scalar(Kind::String),
        )
        .text(Text {
            min_length: Some(1),
            max_length: Some(512),
            ..Text::NONE
        });
    /// `#/components/parameters/Limit`.
    pub(super) static LIMIT: Param = Param::new(
            "limit",
            Location::Query,
            Shape::Scalar(Kind::Integer),
        )
        .number(Number {
            minimum: Some(1.0),
            maximum: Some(100.0),
            ..Number::NONE
        });
    /// `#/components/parameters/ProductId`.
    pub(super) static PRODUCT_ID: Param = Param::new(
        "productId",
        Location::Path,
        Shape::Scalar(Kind::String),
    );

    /// `#/components/parameters/CategoryId`.
    pub(super) static CATEGORY_ID: Param = Param::new(
        "categoryId",
        Location::Path,
        Shape::Scalar(Kind::String),
    );

    /// `#/components/parameters/OrderId`.
    pub(super) static ORDER_ID: Param = Param::new(
        "orderId",
        Location::Path,
        Shape::Scalar(Kind::String),
    );
}

/// Inputs of [`Api::get_health`].
#[derive(Debug)]
pub struct GetHealthRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetHealthRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(request_id),) = (request_id.optional(),) else {
            return None;
        };
        Some(Self { request_id })
    }
}

/// Inputs of [`Api::list_products`].
#[derive(Debug)]
pub struct ListProductsRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub cursor: Option<String>,
    /// Maximum number of items on the page.
    pub limit: Option<i32>,
    /// Only products assigned to this category.
    pub category_id: Option<uuid::Uuid>,
    /// Case-insensitive full-text search over name, SKU and description.
    pub q: Option<String>,
    /// Only products whose price is at least this amount.
    pub min_price: Option<f64>,
    /// Only products whose price is at most this amount.
    pub max_price: Option<f64>,
    /// Only products carrying all of these tags, comma separated
    /// (`tags=ergonomic,wireless`).
    pub tags: Option<Vec<String>>,
    /// Only products in this lifecycle status.
    pub status: Option<super::models::ProductStatus>,
    /// Sort order. A leading `-` sorts descending; ties are broken by id.
    pub sort: Option<super::models::ListProductsSort>,
}

impl ListProductsRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let cursor = input.param(&params::CURSOR);
        let limit = input.param(&params::LIMIT);
        let category_id = input
            .param(
                &const {
                    Param::new(
                        "categoryId",
                        Location::Query,
                        Shape::Scalar(Kind::String),
                    )
                },
            );
        let q = input
            .param(
                &const {
                    Param::new("q", Location::Query, Shape::Scalar(Kind::String))
                        .text(Text {
                            min_length: Some(1),
                            max_length: Some(100),
                            ..Text::NONE
                        })
                },
            );
        let min_price = input
            .param(
                &const {
                    Param::new("minPrice", Location::Query, Shape::Scalar(Kind::Number))
                        .number(Number {
                            minimum: Some(0.0),
                            ..Number::NONE
                        })
                },
            );
        let max_price = input
            .param(
                &const {
                    Param::new("maxPrice", Location::Query, Shape::Scalar(Kind::Number))
                        .number(Number {
                            minimum: Some(0.0),
                            ..Number::NONE
                        })
                },
            );
        let tags = input
            .param(
                &const {
                    Param::new("tags", Location::Query, Shape::Array(Kind::String))
                        .style(Style::Form, false)
                        .items(Items {
                            max_items: Some(20),
                            ..Items::NONE
                        })
                        .each(
                            &ValueRules {
                                text: Some(Text {
                                    min_length: Some(1),
                                    max_length: Some(50),
                                    ..Text::NONE
                                }),
                                ..ValueRules::NONE
                            },
                        )
                },
            );
        let status = input
            .param(
                &const {
                    Param::new("status", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let sort = input
            .param(
                &const {
                    Param::new("sort", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let (
            Ok(request_id),
            Ok(cursor),
            Ok(limit),
            Ok(category_id),
            Ok(q),
            Ok(min_price),
            Ok(max_price),
            Ok(tags),
            Ok(status),
            Ok(sort),
        ) = (
            request_id.optional(),
            cursor.optional(),
            limit.optional(),
            category_id.optional(),
            q.optional(),
            min_price.optional(),
            max_price.optional(),
            tags.optional(),
            status.optional(),
            sort.optional(),
        ) else {
            return None;
        };
        Some(Self {
            request_id,
            cursor,
            limit,
            category_id,
            q,
            min_price,
            max_price,
            tags,
            status,
            sort,
        })
    }
}

/// Inputs of [`Api::create_product`].
#[derive(Debug)]
pub struct CreateProductRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// The product to create.
    pub body: super::models::NewProduct,
}

impl CreateProductRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let body = input.body(true);
        let (Ok(request_id), Ok(body)) = (request_id.optional(), body.required()) else {
            return None;
        };
        Some(Self { request_id, body })
    }
}

/// Inputs of [`Api::list_product_changes`].
#[derive(Debug)]
pub struct ListProductChangesRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub cursor: Option<String>,
    /// Maximum number of items on the page.
    pub limit: Option<i32>,
    /// For an event stream: the id of the last event received, to
    /// resume after it (the `sequence` of that change).
    pub last_event_id: Option<String>,
}

impl ListProductChangesRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let cursor = input.param(&params::CURSOR);
        let limit = input.param(&params::LIMIT);
        let last_event_id = input
            .param(
                &const {
                    Param::new(
                            "last-event-id",
                            Location::Header,
                            Shape::Scalar(Kind::String),
                        )
                        .text(Text {
                            pattern: Some("^[0-9]{1,18}$"),
                            ..Text::NONE
                        })
                },
            );
        let (Ok(request_id), Ok(cursor), Ok(limit), Ok(last_event_id)) = (
            request_id.optional(),
            cursor.optional(),
            limit.optional(),
            last_event_id.optional(),
        ) else {
            return None;
        };
        Some(Self {
            request_id,
            cursor,
            limit,
            last_event_id,
        })
    }
}

/// Inputs of [`Api::get_product`].
#[derive(Debug)]
pub struct GetProductRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// The `etag` of a cached representation; when it is still current the
    /// answer is 304 with no body.
    pub if_none_match: Option<String>,
}

impl GetProductRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let if_none_match = input
            .param(
                &const {
                    Param::new(
                            "if-none-match",
                            Location::Header,
                            Shape::Scalar(Kind::String),
                        )
                        .text(Text {
                            min_length: Some(1),
                            ..Text::NONE
                        })
                },
            );
        let (Ok(product_id), Ok(request_id), Ok(if_none_match)) = (
            product_id.required(),
            request_id.optional(),
            if_none_match.optional(),
        ) else {
            return None;
        };
        Some(Self {
            product_id,
            request_id,
            if_none_match,
        })
    }
}

/// Inputs of [`Api::delete_product`].
#[derive(Debug)]
pub struct DeleteProductRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// When present, the `etag` the resource must still have; a stale tag is
    /// answered 412.
    pub if_match: Option<String>,
}

impl DeleteProductRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let if_match = input
            .param(
                &const {
                    Param::new("if-match", Location::Header, Shape::Scalar(Kind::String))
                        .text(Text {
                            min_length: Some(1),
                            ..Text::NONE
                        })
                },
            );
        let (Ok(product_id), Ok(request_id), Ok(if_match)) = (
            product_id.required(),
            request_id.optional(),
            if_match.optional(),
        ) else {
            return None;
        };
        Some(Self {
            product_id,
            request_id,
            if_match,
        })
    }
}

/// Inputs of [`Api::update_product`].
#[derive(Debug)]
pub struct UpdateProductRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// The `etag` of the representation the change is based on. Required:
    /// a request without it is answered 428; a stale tag is answered 412.
    pub if_match: String,
    /// The changes to apply.
    pub body: super::models::ProductPatch,
}

impl UpdateProductRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let if_match = input
            .param(
                &const {
                    Param::new("if-match", Location::Header, Shape::Scalar(Kind::String))
                        .required()
                        .text(Text {
                            min_length: Some(1),
                            ..Text::NONE
                        })
                },
            );
        let body = input.body(true);
        let (Ok(product_id), Ok(request_id), Ok(if_match), Ok(body)) = (
            product_id.required(),
            request_id.optional(),
            if_match.required(),
            body.required(),
        ) else {
            return None;
        };
        Some(Self {
            product_id,
            request_id,
            if_match,
            body,
        })
    }
}

/// Inputs of [`Api::get_product_price`].
#[derive(Debug)]
pub struct GetProductPriceRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetProductPriceRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(product_id), Ok(request_id)) = (
            product_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self { product_id, request_id })
    }
}

/// Inputs of [`Api::list_product_images`].
#[derive(Debug)]
pub struct ListProductImagesRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl ListProductImagesRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(product_id), Ok(request_id)) = (
            product_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self { product_id, request_id })
    }
}

/// The parts of an image upload.
///
/// Read whole before [`Api::upload_product_image`] is called: text parts
/// decoded and checked as a JSON body would be, files as [`FilePart`]s.
#[derive(Debug)]
pub struct UploadProductImageParts {
    /// The image bytes, PNG or JPEG, at most 5 MiB.
    pub file: FilePart,
    /// Alternative text describing the image for accessibility.
    pub alt_text: Option<String>,
}

impl UploadProductImageParts {
    /// The parts, from the form the runtime read and checked.
    fn from_form(form: FormData<super::models::UploadProductImageBody>) -> Option<Self> {
        let FormData { fields, mut files } = form;
        Some(Self {
            file: files.one("file")?,
            alt_text: fields.alt_text,
        })
    }
}

/// Inputs of [`Api::upload_product_image`].
#[derive(Debug)]
pub struct UploadProductImageRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// The image file and its alternative text.
    pub body: UploadProductImageParts,
}

impl UploadProductImageRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    async fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let body = input
            .form(
                true,
                &Form::new(
                        &[
                            FormPart::file("file").required(),
                            FormPart::text("altText", Shape::Scalar(Kind::String)),
                        ],
                    )
                    .closed(),
                UploadProductImageParts::from_form,
            )
            .await;
        let (Ok(product_id), Ok(request_id), Ok(body)) = (
            product_id.required(),
            request_id.optional(),
            body.required(),
        ) else {
            return None;
        };
        Some(Self {
            product_id,
            request_id,
            body,
        })
    }
}

/// Inputs of [`Api::download_product_image`].
#[derive(Debug)]
pub struct DownloadProductImageRequest {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// The id of the image.
    pub image_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl DownloadProductImageRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let image_id = input
            .param(
                &const {
                    Param::new("imageId", Location::Path, Shape::Scalar(Kind::String))
                },
            );
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(product_id), Ok(image_id), Ok(request_id)) = (
            product_id.required(),
            image_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self {
            product_id,
            image_id,
            request_id,
        })
    }
}

/// Inputs of [`Api::get_product_v2`].
#[derive(Debug)]
pub struct GetProductV2Request {
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetProductV2Request {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(product_id), Ok(request_id)) = (
            product_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self { product_id, request_id })
    }
}

/// Inputs of [`Api::list_categories`].
#[derive(Debug)]
pub struct ListCategoriesRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub cursor: Option<String>,
    /// Maximum number of items on the page.
    pub limit: Option<i32>,
    /// Only the direct children of this category.
    pub parent_id: Option<uuid::Uuid>,
    /// Sort order by name; a leading `-` sorts descending.
    pub sort: Option<super::models::ListCategoriesSort>,
}

impl ListCategoriesRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let cursor = input.param(&params::CURSOR);
        let limit = input.param(&params::LIMIT);
        let parent_id = input
            .param(
                &const {
                    Param::new("parentId", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let sort = input
            .param(
                &const {
                    Param::new("sort", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let (Ok(request_id), Ok(cursor), Ok(limit), Ok(parent_id), Ok(sort)) = (
            request_id.optional(),
            cursor.optional(),
            limit.optional(),
            parent_id.optional(),
            sort.optional(),
        ) else {
            return None;
        };
        Some(Self {
            request_id,
            cursor,
            limit,
            parent_id,
            sort,
        })
    }
}

/// Inputs of [`Api::create_category`].
#[derive(Debug)]
pub struct CreateCategoryRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// The category to create.
    pub body: super::models::NewCategory,
}

impl CreateCategoryRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let body = input.body(true);
        let (Ok(request_id), Ok(body)) = (request_id.optional(), body.required()) else {
            return None;
        };
        Some(Self { request_id, body })
    }
}

/// Inputs of [`Api::get_category_tree`].
#[derive(Debug)]
pub struct GetCategoryTreeRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetCategoryTreeRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(request_id),) = (request_id.optional(),) else {
            return None;
        };
        Some(Self { request_id })
    }
}

/// Inputs of [`Api::get_category`].
#[derive(Debug)]
pub struct GetCategoryRequest {
    /// The id of the category.
    pub category_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetCategoryRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let category_id = input.param(&params::CATEGORY_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(category_id), Ok(request_id)) = (
            category_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self { category_id, request_id })
    }
}

/// Inputs of [`Api::assign_product_to_category`].
#[derive(Debug)]
pub struct AssignProductToCategoryRequest {
    /// The id of the category.
    pub category_id: uuid::Uuid,
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl AssignProductToCategoryRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let category_id = input.param(&params::CATEGORY_ID);
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(category_id), Ok(product_id), Ok(request_id)) = (
            category_id.required(),
            product_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self {
            category_id,
            product_id,
            request_id,
        })
    }
}

/// Inputs of [`Api::unassign_product_from_category`].
#[derive(Debug)]
pub struct UnassignProductFromCategoryRequest {
    /// The id of the category.
    pub category_id: uuid::Uuid,
    /// The id of the product.
    pub product_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl UnassignProductFromCategoryRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let category_id = input.param(&params::CATEGORY_ID);
        let product_id = input.param(&params::PRODUCT_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(category_id), Ok(product_id), Ok(request_id)) = (
            category_id.required(),
            product_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self {
            category_id,
            product_id,
            request_id,
        })
    }
}

/// Inputs of [`Api::list_orders`].
#[derive(Debug)]
pub struct ListOrdersRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// Opaque cursor from the `nextCursor` of a previous page; omit it for the
    /// first page. A cursor that was altered is rejected with 400.
    pub cursor: Option<String>,
    /// Maximum number of items on the page.
    pub limit: Option<i32>,
    /// Only orders in this status.
    pub status: Option<super::models::OrderStatus>,
    /// Sort order by creation time; a leading `-` sorts descending.
    pub sort: Option<super::models::ListOrdersSort>,
}

impl ListOrdersRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let cursor = input.param(&params::CURSOR);
        let limit = input.param(&params::LIMIT);
        let status = input
            .param(
                &const {
                    Param::new("status", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let sort = input
            .param(
                &const {
                    Param::new("sort", Location::Query, Shape::Scalar(Kind::String))
                },
            );
        let (Ok(request_id), Ok(cursor), Ok(limit), Ok(status), Ok(sort)) = (
            request_id.optional(),
            cursor.optional(),
            limit.optional(),
            status.optional(),
            sort.optional(),
        ) else {
            return None;
        };
        Some(Self {
            request_id,
            cursor,
            limit,
            status,
            sort,
        })
    }
}

/// Inputs of [`Api::create_order`].
#[derive(Debug)]
pub struct CreateOrderRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// Client-chosen unique key (a UUID is recommended) making the request
    /// safe to retry: the first request is executed and its response stored
    /// for 24 hours; a retry with the same key and body replays it.
    pub idempotency_key: String,
    /// The order to place.
    pub body: super::models::NewOrder,
}

impl CreateOrderRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let idempotency_key = input
            .param(
                &const {
                    Param::new(
                            "Idempotency-Key",
                            Location::Header,
                            Shape::Scalar(Kind::String),
                        )
                        .header_name(
                            axum::http::HeaderName::from_static("idempotency-key"),
                        )
                        .required()
                        .text(Text {
                            min_length: Some(1),
                            max_length: Some(255),
                            ..Text::NONE
                        })
                },
            );
        let body = input.body(true);
        let (Ok(request_id), Ok(idempotency_key), Ok(body)) = (
            request_id.optional(),
            idempotency_key.required(),
            body.required(),
        ) else {
            return None;
        };
        Some(Self {
            request_id,
            idempotency_key,
            body,
        })
    }
}

/// Inputs of [`Api::get_order`].
#[derive(Debug)]
pub struct GetOrderRequest {
    /// The id of the order.
    pub order_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetOrderRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let order_id = input.param(&params::ORDER_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(order_id), Ok(request_id)) = (order_id.required(), request_id.optional())
        else {
            return None;
        };
        Some(Self { order_id, request_id })
    }
}

/// Inputs of [`Api::cancel_order`].
#[derive(Debug)]
pub struct CancelOrderRequest {
    /// The id of the order.
    pub order_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl CancelOrderRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let order_id = input.param(&params::ORDER_ID);
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(order_id), Ok(request_id)) = (order_id.required(), request_id.optional())
        else {
            return None;
        };
        Some(Self { order_id, request_id })
    }
}

/// Inputs of [`Api::start_export`].
#[derive(Debug)]
pub struct StartExportRequest {
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
    /// What to export, and in which format.
    pub body: super::models::NewExport,
}

impl StartExportRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let body = input.body(true);
        let (Ok(request_id), Ok(body)) = (request_id.optional(), body.required()) else {
            return None;
        };
        Some(Self { request_id, body })
    }
}

/// Inputs of [`Api::get_export`].
#[derive(Debug)]
pub struct GetExportRequest {
    /// The id of the export job.
    pub export_id: uuid::Uuid,
    /// Caller-chosen id correlating this request with server logs; echoed in
    /// the `request-id` response header and in problem bodies. The server
    /// generates one when absent.
    pub request_id: Option<String>,
}

impl GetExportRequest {
    /// Reads the operation's inputs; `None` if any is missing or
    /// invalid (the violations are recorded in `input`).
    fn decode(input: &mut Input) -> Option<Self> {
        let export_id = input
            .param(
                &const {
                    Param::new("exportId", Location::Path, Shape::Scalar(Kind::String))
                },
            );
        let request_id = input.param(&params::REQUEST_ID_HEADER);
        let (Ok(export_id), Ok(request_id)) = (
            export_id.required(),
            request_id.optional(),
        ) else {
            return None;
        };
        Some(Self { export_id, request_id })
    }
}

/// Responses of [`Api::get_health`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetHealthResponse {
    /// 200: The service is up.
    Ok(super::models::HealthStatus),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetHealthResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::list_products`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ListProductsResponse {
    /// 200: One page of products.
    Ok(super::models::ProductPage),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for ListProductsResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::create_product`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum CreateProductResponse {
    /// 201: The product was created.
    Created {
        /// The response body.
        body: super::models::Product,
        /// The `location` header.
        location: String,
        /// The `etag` header; `None` leaves it to the server, which
        /// computes a strong one over the body as sent.
        etag: Option<String>,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 409: The request conflicts with the current state: a duplicate unique key
    /// (SKU, slug), an order that can no longer change, or a request with the
    /// same `Idempotency-Key` still being processed.
    Conflict(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for CreateProductResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Created { body, location, etag } => {
                Reply::status(201)
                    .json("application/json", &body)
                    .header("location", &location)
                    .etag(etag)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::Conflict(body) => {
                Reply::status(409).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::list_product_changes`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ListProductChangesResponse {
    /// 200: The changes, as one page or as a stream of events.
    Ok(super::models::ProductChangePage),
    /// 200: The changes, as one page or as a stream of events.
    ///
    /// As `text/event-stream`, one event at a time: answer it when
    /// `prefers_events(&context.headers)`: the `accept` header asks for events.
    OkEvents(EventStream<super::models::ProductChange>),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for ListProductChangesResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::OkEvents(body) => Reply::status(200).events(body, DataFormat::Json),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_product`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetProductResponse {
    /// 200: The product.
    Ok {
        /// The response body.
        body: super::models::Product,
        /// The `etag` header; `None` leaves it to the server, which
        /// computes a strong one over the body as sent.
        etag: Option<String>,
    },
    /// 304: The cached representation named by `if-none-match` is still current.
    NotModified {
        /// The `etag` header.
        etag: Option<String>,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetProductResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok { body, etag } => {
                Reply::status(200).json("application/json", &body).etag(etag)
            }
            Self::NotModified { etag } => Reply::status(304).header("etag", &etag),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::delete_product`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum DeleteProductResponse {
    /// 204: The product was deleted.
    NoContent,
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 412: The `if-match` tag does not match the current `etag` of the resource.
    PreconditionFailed(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for DeleteProductResponse {
    fn into_response(self) -> Response {
        match self {
            Self::NoContent => Reply::status(204),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::PreconditionFailed(body) => {
                Reply::status(412).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::update_product`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum UpdateProductResponse {
    /// 200: The product after the patch was applied.
    Ok {
        /// The response body.
        body: super::models::Product,
        /// The `etag` header; `None` leaves it to the server, which
        /// computes a strong one over the body as sent.
        etag: Option<String>,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 412: The `if-match` tag does not match the current `etag` of the resource.
    PreconditionFailed(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 428: The operation requires an `if-match` header and none was sent.
    PreconditionRequired(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for UpdateProductResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok { body, etag } => {
                Reply::status(200).json("application/json", &body).etag(etag)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::PreconditionFailed(body) => {
                Reply::status(412).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::PreconditionRequired(body) => {
                Reply::status(428).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_product_price`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetProductPriceResponse {
    /// 200: The price of the product.
    Ok(super::models::ProductPrice),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetProductPriceResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::list_product_images`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ListProductImagesResponse {
    /// 200: The images of the product.
    Ok(Vec<super::models::ProductImage>),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for ListProductImagesResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::upload_product_image`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum UploadProductImageResponse {
    /// 201: The image was stored.
    Created {
        /// The response body.
        body: super::models::ProductImage,
        /// The `location` header.
        location: String,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for UploadProductImageResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Created { body, location } => {
                Reply::status(201)
                    .json("application/json", &body)
                    .header("location", &location)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::download_product_image`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum DownloadProductImageResponse {
    /// 200: The image bytes.
    Ok(Download),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for DownloadProductImageResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).download(body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_product_v2`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetProductV2Response {
    /// 200: The product, with its currency.
    Ok(super::models::ProductV2),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetProductV2Response {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::list_categories`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ListCategoriesResponse {
    /// 200: One page of categories.
    Ok(super::models::CategoryPage),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for ListCategoriesResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::create_category`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum CreateCategoryResponse {
    /// 201: The category was created.
    Created {
        /// The response body.
        body: super::models::Category,
        /// The `location` header.
        location: String,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 409: The request conflicts with the current state: a duplicate unique key
    /// (SKU, slug), an order that can no longer change, or a request with the
    /// same `Idempotency-Key` still being processed.
    Conflict(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for CreateCategoryResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Created { body, location } => {
                Reply::status(201)
                    .json("application/json", &body)
                    .header("location", &location)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::Conflict(body) => {
                Reply::status(409).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_category_tree`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetCategoryTreeResponse {
    /// 200: The root categories with their descendants.
    Ok(Vec<super::models::CategoryTree>),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetCategoryTreeResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_category`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetCategoryResponse {
    /// 200: The category.
    Ok(super::models::Category),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetCategoryResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::assign_product_to_category`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum AssignProductToCategoryResponse {
    /// 204: The product is in the category.
    NoContent,
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for AssignProductToCategoryResponse {
    fn into_response(self) -> Response {
        match self {
            Self::NoContent => Reply::status(204),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::unassign_product_from_category`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum UnassignProductFromCategoryResponse {
    /// 204: The product is not in the category.
    NoContent,
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for UnassignProductFromCategoryResponse {
    fn into_response(self) -> Response {
        match self {
            Self::NoContent => Reply::status(204),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::list_orders`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ListOrdersResponse {
    /// 200: One page of orders.
    Ok(super::models::OrderPage),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for ListOrdersResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::create_order`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum CreateOrderResponse {
    /// 201: The order was placed (or, on a replay, had been placed).
    Created {
        /// The response body.
        body: super::models::Order,
        /// The `location` header.
        location: String,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 409: The request conflicts with the current state: a duplicate unique key
    /// (SKU, slug), an order that can no longer change, or a request with the
    /// same `Idempotency-Key` still being processed.
    Conflict(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for CreateOrderResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Created { body, location } => {
                Reply::status(201)
                    .json("application/json", &body)
                    .header("location", &location)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::Conflict(body) => {
                Reply::status(409).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_order`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetOrderResponse {
    /// 200: The order.
    Ok(super::models::Order),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetOrderResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::cancel_order`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum CancelOrderResponse {
    /// 200: The order, now cancelled.
    Ok(super::models::Order),
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 409: The request conflicts with the current state: a duplicate unique key
    /// (SKU, slug), an order that can no longer change, or a request with the
    /// same `Idempotency-Key` still being processed.
    Conflict(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for CancelOrderResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok(body) => Reply::status(200).json("application/json", &body),
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::Conflict(body) => {
                Reply::status(409).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::start_export`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum StartExportResponse {
    /// 202: The export job was accepted and queued.
    Accepted {
        /// The response body.
        body: super::models::ExportJob,
        /// The `location` header.
        location: String,
        /// The `retry-after` header.
        retry_after: i32,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 413: The request body exceeds the size limit of the operation.
    PayloadTooLarge(super::models::Problem),
    /// 415: The request body (or one of its parts) has a content type the operation does not accept.
    UnsupportedMediaType(super::models::Problem),
    /// 422: The request is well formed but breaks a domain rule, or reuses an
    /// `Idempotency-Key` with a different body.
    UnprocessableEntity(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for StartExportResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Accepted { body, location, retry_after } => {
                Reply::status(202)
                    .json("application/json", &body)
                    .header("location", &location)
                    .header("retry-after", &retry_after)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::PayloadTooLarge(body) => {
                Reply::status(413).json("application/problem+json", &body)
            }
            Self::UnsupportedMediaType(body) => {
                Reply::status(415).json("application/problem+json", &body)
            }
            Self::UnprocessableEntity(body) => {
                Reply::status(422).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// Responses of [`Api::get_export`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum GetExportResponse {
    /// 200: The export job.
    Ok {
        /// The response body.
        body: super::models::ExportJob,
        /// The `retry-after` header.
        retry_after: Option<i32>,
    },
    /// 400: The request is malformed or violates the schema (missing required
    /// field, wrong type, constraint violated, altered cursor, …).
    BadRequest(super::models::Problem),
    /// 401: Credentials are missing or invalid.
    Unauthorized(super::models::Problem),
    /// 403: The credentials are valid but lack a required scope or permission.
    Forbidden(super::models::Problem),
    /// 404: The resource (or one of the resources) named in the path does not exist.
    NotFound(super::models::Problem),
    /// 429: The client exhausted its rate limit; retry after `retry-after` seconds.
    TooManyRequests(super::models::Problem),
    /// 500: The server failed unexpectedly. The body never contains internal details.
    InternalServerError(super::models::Problem),
    /// Any other status: Any other error the framework may answer with (for example 406 when
    /// `accept` cannot be met, or 503 with `retry-after` when overloaded).
    Default {
        /// The status code to answer with.
        status: u16,
        /// The response body.
        body: super::models::Problem,
    },
}

impl IntoResponse for GetExportResponse {
    fn into_response(self) -> Response {
        match self {
            Self::Ok { body, retry_after } => {
                Reply::status(200)
                    .json("application/json", &body)
                    .header("retry-after", &retry_after)
            }
            Self::BadRequest(body) => {
                Reply::status(400).json("application/problem+json", &body)
            }
            Self::Unauthorized(body) => {
                Reply::status(401).json("application/problem+json", &body)
            }
            Self::Forbidden(body) => {
                Reply::status(403).json("application/problem+json", &body)
            }
            Self::NotFound(body) => {
                Reply::status(404).json("application/problem+json", &body)
            }
            Self::TooManyRequests(body) => {
                Reply::status(429).json("application/problem+json", &body)
            }
            Self::InternalServerError(body) => {
                Reply::status(500).json("application/problem+json", &body)
            }
            Self::Default { status, body } => {
                Reply::status(status).json("application/problem+json", &body)
            }
        }
            .into_response()
    }
}

/// The security schemes of the spec.
static SCHEMES: &[Scheme] = &[
    Scheme {
        name: "bearerAuth",
        kind: SchemeKind::Bearer,
    },
    Scheme {
        name: "apiKeyAuth",
        kind: SchemeKind::ApiKey {
            location: Location::Header,
            name: "x-api-key",
        },
    },
    Scheme {
        name: "oauth2",
        kind: SchemeKind::OAuth2,
    },
];

/// What the spec declares about `getHealth`.
static GET_HEALTH: Operation = Operation {
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("getHealth")
};

/// What the spec declares about `listProducts`.
static LIST_PRODUCTS: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("listProducts")
};

/// What the spec declares about `createProduct`.
static CREATE_PRODUCT: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    request_types: &["application/json"],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("createProduct")
};

/// What the spec declares about `listProductChanges`.
static LIST_PRODUCT_CHANGES: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &[
        "application/json",
        "text/event-stream",
        "application/problem+json",
    ],
    ..Operation::new("listProductChanges")
};

/// What the spec declares about `getProduct`.
static GET_PRODUCT: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("productId")],
    ..Operation::new("getProduct")
};

/// What the spec declares about `deleteProduct`.
static DELETE_PRODUCT: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    response_types: &["application/problem+json"],
    captures: &[Capture::Param("productId")],
    ..Operation::new("deleteProduct")
};

/// What the spec declares about `updateProduct`.
static UPDATE_PRODUCT: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    request_types: &["application/merge-patch+json"],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("productId")],
    ..Operation::new("updateProduct")
};

/// What the spec declares about `getProductPrice`.
static GET_PRODUCT_PRICE: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    deprecated: true,
    sunset: Some("2027-06-30"),
    captures: &[Capture::Param("productId")],
    ..Operation::new("getProductPrice")
};

/// What the spec declares about `listProductImages`.
static LIST_PRODUCT_IMAGES: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("productId")],
    ..Operation::new("listProductImages")
};

/// What the spec declares about `uploadProductImage`.
static UPLOAD_PRODUCT_IMAGE: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    request_types: &["multipart/form-data"],
    response_types: &["application/json", "application/problem+json"],
    streamed_body: true,
    captures: &[Capture::Param("productId")],
    ..Operation::new("uploadProductImage")
};

/// What the spec declares about `downloadProductImage`.
static DOWNLOAD_PRODUCT_IMAGE: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &[
        "image/png",
        "image/jpeg",
        "application/octet-stream",
        "application/problem+json",
    ],
    captures: &[Capture::Param("productId"), Capture::Param("imageId")],
    ..Operation::new("downloadProductImage")
};

/// What the spec declares about `getProductV2`.
static GET_PRODUCT_V2: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("productId")],
    ..Operation::new("getProductV2")
};

/// What the spec declares about `listCategories`.
static LIST_CATEGORIES: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("listCategories")
};

/// What the spec declares about `createCategory`.
static CREATE_CATEGORY: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    request_types: &["application/json"],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("createCategory")
};

/// What the spec declares about `getCategoryTree`.
static GET_CATEGORY_TREE: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("getCategoryTree")
};

/// What the spec declares about `getCategory`.
static GET_CATEGORY: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("categoryId")],
    ..Operation::new("getCategory")
};

/// What the spec declares about `assignProductToCategory`.
static ASSIGN_PRODUCT_TO_CATEGORY: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    response_types: &["application/problem+json"],
    captures: &[Capture::Param("categoryId"), Capture::Param("productId")],
    ..Operation::new("assignProductToCategory")
};

/// What the spec declares about `unassignProductFromCategory`.
static UNASSIGN_PRODUCT_FROM_CATEGORY: Operation = Operation {
    security: &[&[("oauth2", &["catalog:write"])]],
    response_types: &["application/problem+json"],
    captures: &[Capture::Param("categoryId"), Capture::Param("productId")],
    ..Operation::new("unassignProductFromCategory")
};

/// What the spec declares about `listOrders`.
static LIST_ORDERS: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    ..Operation::new("listOrders")
};

/// What the spec declares about `createOrder`.
static CREATE_ORDER: Operation = Operation {
    security: &[&[("oauth2", &["orders:write"])]],
    request_types: &["application/json"],
    response_types: &["application/json", "application/problem+json"],
    idempotent: true,
    key_declared: true,
    ..Operation::new("createOrder")
};

/// What the spec declares about `getOrder`.
static GET_ORDER: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("orderId")],
    ..Operation::new("getOrder")
};

/// What the spec declares about `cancelOrder`.
static CANCEL_ORDER: Operation = Operation {
    security: &[&[("oauth2", &["orders:write"])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("orderId")],
    ..Operation::new("cancelOrder")
};

/// What the spec declares about `startExport`.
static START_EXPORT: Operation = Operation {
    security: &[&[("oauth2", &["catalog:read"])]],
    request_types: &["application/json"],
    response_types: &["application/json", "application/problem+json"],
    rate_limit: Some(RateLimit::new(5, 1.0)),
    ..Operation::new("startExport")
};

/// What the spec declares about `getExport`.
static GET_EXPORT: Operation = Operation {
    security: &[&[("bearerAuth", &[])], &[("apiKeyAuth", &[])]],
    response_types: &["application/json", "application/problem+json"],
    captures: &[Capture::Param("exportId")],
    ..Operation::new("getExport")
};

/// An axum router serving `api`, with `/openapi.json` and `/docs` unless
/// the options turn them off.
pub fn router<A: Api>(api: A, options: ServerOptions) -> axum::Router {
    let server = Server::new(api, options, SCHEMES, Some(RateLimit::new(100, 50.0)));
    let mut routes = specforge_runtime::server::Routes::new(server);
    routes.add(axum::http::Method::GET, "/health", &GET_HEALTH, get_health::<A>);
    routes.add(axum::http::Method::GET, "/products", &LIST_PRODUCTS, list_products::<A>);
    routes
        .add(
            axum::http::Method::POST,
            "/products",
            &CREATE_PRODUCT,
            create_product::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/products/changes",
            &LIST_PRODUCT_CHANGES,
            list_product_changes::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/products/{productId}",
            &GET_PRODUCT,
            get_product::<A>,
        );
    routes
        .add(
            axum::http::Method::DELETE,
            "/products/{productId}",
            &DELETE_PRODUCT,
            delete_product::<A>,
        );
    routes
        .add(
            axum::http::Method::PATCH,
            "/products/{productId}",
            &UPDATE_PRODUCT,
            update_product::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/products/{productId}/price",
            &GET_PRODUCT_PRICE,
            get_product_price::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/products/{productId}/images",
            &LIST_PRODUCT_IMAGES,
            list_product_images::<A>,
        );
    routes
        .add(
            axum::http::Method::POST,
            "/products/{productId}/images",
            &UPLOAD_PRODUCT_IMAGE,
            upload_product_image::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/products/{productId}/images/{imageId}",
            &DOWNLOAD_PRODUCT_IMAGE,
            download_product_image::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/v2/products/{productId}",
            &GET_PRODUCT_V2,
            get_product_v2::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/categories",
            &LIST_CATEGORIES,
            list_categories::<A>,
        );
    routes
        .add(
            axum::http::Method::POST,
            "/categories",
            &CREATE_CATEGORY,
            create_category::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/categories/tree",
            &GET_CATEGORY_TREE,
            get_category_tree::<A>,
        );
    routes
        .add(
            axum::http::Method::GET,
            "/categories/{categoryId}",
            &GET_CATEGORY,
            get_category::<A>,
        );
    routes
        .add(
            axum::http::Method::PUT,
            "/categories/{categoryId}/products/{productId}",
            &ASSIGN_PRODUCT_TO_CATEGORY,
            assign_product_to_category::<A>,
        );
    routes
        .add(
            axum::http::Method::DELETE,
            "/categories/{categoryId}/products/{productId}",
            &UNASSIGN_PRODUCT_FROM_CATEGORY,
            unassign_product_from_category::<A>,
        );
    routes.add(axum::http::Method::GET, "/orders", &LIST_ORDERS, list_orders::<A>);
    routes.add(axum::http::Method::POST, "/orders", &CREATE_ORDER, create_order::<A>);
    routes.add(axum::http::Method::GET, "/orders/{orderId}", &GET_ORDER, get_order::<A>);
    routes
        .add(
            axum::http::Method::POST,
            "/orders/{orderId}/cancel",
            &CANCEL_ORDER,
            cancel_order::<A>,
        );
    routes.add(axum::http::Method::POST, "/exports", &START_EXPORT, start_export::<A>);
    routes
        .add(
            axum::http::Method::GET,
            "/exports/{exportId}",
            &GET_EXPORT,
            get_export::<A>,
        );
    routes.finish(OPENAPI_JSON)
}

fn get_health<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_HEALTH,
            request,
            GetHealthRequest::decode,
            |server, request, context| async move {
                server.api.get_health(request, context).await.into_response()
            },
        )
}

fn list_products<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &LIST_PRODUCTS,
            request,
            ListProductsRequest::decode,
            |server, request, context| async move {
                server.api.list_products(request, context).await.into_response()
            },
        )
}

fn create_product<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &CREATE_PRODUCT,
            request,
            CreateProductRequest::decode,
            |server, request, context| async move {
                server.api.create_product(request, context).await.into_response()
            },
        )
}

fn list_product_changes<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &LIST_PRODUCT_CHANGES,
            request,
            ListProductChangesRequest::decode,
            |server, request, context| async move {
                server.api.list_product_changes(request, context).await.into_response()
            },
        )
}

fn get_product<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_PRODUCT,
            request,
            GetProductRequest::decode,
            |server, request, context| async move {
                server.api.get_product(request, context).await.into_response()
            },
        )
}

fn delete_product<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &DELETE_PRODUCT,
            request,
            DeleteProductRequest::decode,
            |server, request, context| async move {
                server.api.delete_product(request, context).await.into_response()
            },
        )
}

fn update_product<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &UPDATE_PRODUCT,
            request,
            UpdateProductRequest::decode,
            |server, request, context| async move {
                server.api.update_product(request, context).await.into_response()
            },
        )
}

fn get_product_price<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_PRODUCT_PRICE,
            request,
            GetProductPriceRequest::decode,
            |server, request, context| async move {
                server.api.get_product_price(request, context).await.into_response()
            },
        )
}

fn list_product_images<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &LIST_PRODUCT_IMAGES,
            request,
            ListProductImagesRequest::decode,
            |server, request, context| async move {
                server.api.list_product_images(request, context).await.into_response()
            },
        )
}

fn upload_product_image<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle_input(
            &UPLOAD_PRODUCT_IMAGE,
            request,
            |server, mut input| async move {
                let decoding = decode_request(
                    UploadProductImageRequest::decode(&mut input),
                );
                let Some(request) = decoding.await else {
                    return input.reject();
                };
                server
                    .api
                    .upload_product_image(request, input.context)
                    .await
                    .into_response()
            },
        )
}

fn download_product_image<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &DOWNLOAD_PRODUCT_IMAGE,
            request,
            DownloadProductImageRequest::decode,
            |server, request, context| async move {
                server.api.download_product_image(request, context).await.into_response()
            },
        )
}

fn get_product_v2<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_PRODUCT_V2,
            request,
            GetProductV2Request::decode,
            |server, request, context| async move {
                server.api.get_product_v2(request, context).await.into_response()
            },
        )
}

fn list_categories<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &LIST_CATEGORIES,
            request,
            ListCategoriesRequest::decode,
            |server, request, context| async move {
                server.api.list_categories(request, context).await.into_response()
            },
        )
}

fn create_category<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &CREATE_CATEGORY,
            request,
            CreateCategoryRequest::decode,
            |server, request, context| async move {
                server.api.create_category(request, context).await.into_response()
            },
        )
}

fn get_category_tree<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_CATEGORY_TREE,
            request,
            GetCategoryTreeRequest::decode,
            |server, request, context| async move {
                server.api.get_category_tree(request, context).await.into_response()
            },
        )
}

fn get_category<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_CATEGORY,
            request,
            GetCategoryRequest::decode,
            |server, request, context| async move {
                server.api.get_category(request, context).await.into_response()
            },
        )
}

fn assign_product_to_category<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &ASSIGN_PRODUCT_TO_CATEGORY,
            request,
            AssignProductToCategoryRequest::decode,
            |server, request, context| async move {
                server
                    .api
                    .assign_product_to_category(request, context)
                    .await
                    .into_response()
            },
        )
}

fn unassign_product_from_category<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &UNASSIGN_PRODUCT_FROM_CATEGORY,
            request,
            UnassignProductFromCategoryRequest::decode,
            |server, request, context| async move {
                server
                    .api
                    .unassign_product_from_category(request, context)
                    .await
                    .into_response()
            },
        )
}

fn list_orders<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &LIST_ORDERS,
            request,
            ListOrdersRequest::decode,
            |server, request, context| async move {
                server.api.list_orders(request, context).await.into_response()
            },
        )
}

fn create_order<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &CREATE_ORDER,
            request,
            CreateOrderRequest::decode,
            |server, request, context| async move {
                server.api.create_order(request, context).await.into_response()
            },
        )
}

fn get_order<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_ORDER,
            request,
            GetOrderRequest::decode,
            |server, request, context| async move {
                server.api.get_order(request, context).await.into_response()
            },
        )
}

fn cancel_order<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &CANCEL_ORDER,
            request,
            CancelOrderRequest::decode,
            |server, request, context| async move {
                server.api.cancel_order(request, context).await.into_response()
            },
        )
}

fn start_export<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &START_EXPORT,
            request,
            StartExportRequest::decode,
            |server, request, context| async move {
                server.api.start_export(request, context).await.into_response()
            },
        )
}

fn get_export<A: Api>(
    State(server): State<Arc<Server<A>>>,
    request: Request,
) -> impl Future<Output = Response> + Send + 'static {
    server
        .handle(
            &GET_EXPORT,
            request,
            GetExportRequest::decode,
            |server, request, context| async move {
                server.api.get_export(request, context).await.into_response()
            },
        )
}
