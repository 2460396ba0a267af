//! A runnable implementation of the catalog API: the generated `server::Api`
//! trait filled in with business logic over an embedded in-memory store
//! (images on disk). Everything HTTP — decoding, validation, auth, rate
//! limits, idempotency, ETags, problem responses — comes from the generated
//! router and the runtime.

mod auth;
mod changes;
pub mod metrics;
mod pages;
mod persist;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use catalog_api::models::{
    Category, CategoryPage, CategoryTree, ExportFormat, ExportJob, ExportState, HealthStatus,
    NewExport, NewProduct, Order, OrderLine, OrderPage, OrderStatus, OrderStatusChange,
    OrderStatusChangedEvent, Product, ProductChange, ProductChangeKind, ProductChangePage,
    ProductImage, ProductImageContentType, ProductPage, ProductPatch, ProductPrice, ProductStatus,
    ProductV2,
};
use catalog_api::server::*;
use catalog_api::webhooks::{Endpoint, Sender};
use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;
use specforge_runtime::conditional::if_match_matches;
use specforge_runtime::{FieldError, Problem};
use uuid::Uuid;

use pages::{Paging, SortKey};

pub use auth::{DEV_API_KEY, DEV_READ_TOKEN, DEV_TOKEN, DevAuthenticator};
/// Also the storage of `benches/baseline-server`, so that both servers pay the
/// same for a write.
pub use persist::Db;

/// The catalog's data, kept in memory and written through to the database
/// under the same lock. One lock: every operation is short.
struct Data {
    db: persist::Db,
    products: BTreeMap<Uuid, Product>,
    /// The SKUs of `products`, which are unique.
    skus: HashSet<String>,
    categories: BTreeMap<Uuid, Category>,
    orders: BTreeMap<Uuid, Order>,
    images: BTreeMap<Uuid, (ProductImage, PathBuf)>,
    exports: BTreeMap<Uuid, ExportJob>,
}

impl Data {
    /// Loads everything the database holds; uploaded image files are in `images`.
    fn load(db: persist::Db, images: &Path) -> rusqlite::Result<Self> {
        let products: Vec<Product> = db.load("product")?;
        let image_list: Vec<ProductImage> = db.load("image")?;
        Ok(Self {
            skus: products.iter().map(|p| p.sku.clone()).collect(),
            products: by_id(products, |p| p.id),
            categories: by_id(db.load("category")?, |c: &Category| c.id),
            orders: by_id(db.load("order")?, |o: &Order| o.id),
            images: by_id(image_list, |i| i.id)
                .into_iter()
                .map(|(id, image)| (id, (image, images.join(id.to_string()))))
                .collect(),
            exports: by_id(db.load("export")?, |e: &ExportJob| e.id),
            db,
        })
    }
}

/// `rows` by their ids. A stored row always has one: `id` is optional in
/// the models only because it is read-only, left out of what clients send.
fn by_id<T>(rows: Vec<T>, id: impl Fn(&T) -> Option<Uuid>) -> BTreeMap<Uuid, T> {
    rows.into_iter()
        .map(|row| (id(&row).unwrap_or_default(), row))
        .collect()
}

/// The implementation of the catalog API.
#[derive(Clone)]
pub struct Catalog {
    data: Arc<Mutex<Data>>,
    /// Where uploaded images are stored.
    images: PathBuf,
    /// Keeps a temporary image directory alive as long as the catalog.
    _scratch: Option<Arc<tempfile::TempDir>>,
    /// How long an export job takes, so tests can make it quick.
    export_delay: Duration,
    /// The product change feed.
    feed: Arc<changes::Feed>,
    /// How long a change stream stays silent before a keep-alive comment.
    keep_alive: Duration,
    /// Where `order.status_changed` webhooks go.
    webhooks: Option<Webhooks>,
}

/// The endpoints registered for webhooks, and what delivers to them.
#[derive(Clone)]
struct Webhooks {
    endpoints: Arc<Vec<Endpoint>>,
    sender: Sender,
}

impl Catalog {
    /// An empty catalog held in memory (images in a temporary directory):
    /// for tests.
    pub fn new() -> std::io::Result<Self> {
        let scratch = tempfile::tempdir()?;
        let db = persist::Db::open(None).map_err(std::io::Error::other)?;
        let data = Data::load(db, scratch.path()).map_err(std::io::Error::other)?;
        Ok(Self::with(
            data,
            scratch.path().to_path_buf(),
            Some(Arc::new(scratch)),
        ))
    }

    /// The catalog persisted in `dir` (`catalog.db`, SQLite, and `images/`),
    /// created if needed and reloaded as it was left.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        let images = dir.join("images");
        std::fs::create_dir_all(&images)?;
        let db = persist::Db::open(Some(&dir.join("catalog.db"))).map_err(std::io::Error::other)?;
        let data = Data::load(db, &images).map_err(std::io::Error::other)?;
        Ok(Self::with(data, images, None))
    }

    fn with(data: Data, images: PathBuf, scratch: Option<Arc<tempfile::TempDir>>) -> Self {
        Self {
            data: Arc::new(Mutex::new(data)),
            images,
            _scratch: scratch,
            export_delay: Duration::from_millis(200),
            feed: Arc::default(),
            keep_alive: specforge_runtime::sse::DEFAULT_KEEP_ALIVE,
            webhooks: None,
        }
    }

    /// Sets how long a change stream stays silent before a keep-alive
    /// comment (default 15 s).
    pub fn with_keep_alive(mut self, interval: Duration) -> Self {
        self.keep_alive = interval;
        self
    }

    /// Sends an `order.status_changed` webhook to every endpoint when an
    /// order is placed or changes status, delivered by `sender` in the
    /// background (signed, retried).
    pub fn with_webhooks(mut self, endpoints: Vec<Endpoint>, sender: Sender) -> Self {
        self.webhooks = (!endpoints.is_empty()).then(|| Webhooks {
            endpoints: Arc::new(endpoints),
            sender,
        });
        self
    }

    /// How many change streams are open now.
    pub fn change_followers(&self) -> usize {
        self.feed.followers()
    }

    /// Tells every webhook endpoint that `order` is now in its status,
    /// `previous` before: one message (one `webhook-id`) for all of them,
    /// each delivered in the background.
    fn notify_status(&self, order: &Order, previous: Option<OrderStatus>) {
        let Some(webhooks) = &self.webhooks else {
            return;
        };
        let event = OrderStatusChangedEvent::new(
            Utc::now(),
            OrderStatusChange::new(order.id.unwrap_or_default(), order.status.clone(), previous),
        );
        let message = match catalog_api::webhooks::order_status_changed(&event) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(%error, "webhook payload does not serialize");
                return;
            }
        };
        for endpoint in webhooks.endpoints.iter() {
            let endpoint = endpoint.clone();
            let (sender, message) = (webhooks.sender.clone(), message.clone());
            tokio::spawn(async move {
                match sender.deliver(&endpoint, &message).await {
                    Ok(delivered) => tracing::info!(
                        id = message.id(),
                        url = endpoint.url(),
                        attempts = delivered.attempts,
                        "webhook delivered"
                    ),
                    Err(error) => tracing::warn!(
                        id = message.id(),
                        url = endpoint.url(),
                        %error,
                        "webhook not delivered"
                    ),
                }
            });
        }
    }

    /// Sets how long export jobs take.
    pub fn with_export_delay(mut self, delay: Duration) -> Self {
        self.export_delay = delay;
        self
    }

    fn data(&self) -> MutexGuard<'_, Data> {
        lock(&self.data)
    }

    /// Puts `product_id` in the category `category_id` (`assigned`) or takes
    /// it out (404 unless both exist); saves the product only when that
    /// changes its categories, so repeating a request changes nothing.
    fn set_category(
        &self,
        category_id: Uuid,
        product_id: Uuid,
        assigned: bool,
    ) -> Result<(), Problem> {
        let mut guard = self.data();
        let data = &mut *guard;
        find(&data.categories, "category", category_id)?;
        let product = find_mut(&mut data.products, "product", product_id)?;
        if product.category_ids.contains(&category_id) == assigned {
            return Ok(());
        }
        save_change(&data.db, "product", product_id, product, |product| {
            if assigned {
                product.category_ids.push(category_id);
            } else {
                product.category_ids.retain(|id| *id != category_id);
            }
            product.updated_at = Some(Utc::now().into());
        })
    }
}

/// Locks the data. A lock poisoned by a panic while it was held is taken as
/// is, rather than failing every request after it.
fn lock(data: &Mutex<Data>) -> MutexGuard<'_, Data> {
    data.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The router serving `catalog`, accepting the development credentials.
pub fn app(catalog: Catalog, options: ServerOptions) -> axum::Router {
    router(catalog, options.authenticator(DevAuthenticator))
}

fn not_found(what: &str, id: Uuid) -> Problem {
    Problem::not_found().with_detail(format!("No {what} with id {id}."))
}

/// The row `id` of `rows`, or a 404 naming the `what` that is missing.
fn find<'a, T>(rows: &'a BTreeMap<Uuid, T>, what: &str, id: Uuid) -> Result<&'a T, Problem> {
    rows.get(&id).ok_or_else(|| not_found(what, id))
}

/// [`find`], for a row about to change.
fn find_mut<'a, T>(
    rows: &'a mut BTreeMap<Uuid, T>,
    what: &str,
    id: Uuid,
) -> Result<&'a mut T, Problem> {
    rows.get_mut(&id).ok_or_else(|| not_found(what, id))
}

/// Changes `row`, stored as `kind` `id`: `change` edits a copy, which is
/// written to the database before it replaces `row`, so a failed write
/// leaves memory as the database has it.
fn save_change<T: Clone + Serialize>(
    db: &persist::Db,
    kind: &str,
    id: Uuid,
    row: &mut T,
    change: impl FnOnce(&mut T),
) -> Result<(), Problem> {
    let mut changed = row.clone();
    change(&mut changed);
    db.save(kind, id, &changed)?;
    *row = changed;
    Ok(())
}

/// The product `id`, unless the request sent `if-match` and it no longer
/// names the product's ETag (412). The compare of a compare-and-set: done
/// under the data lock, so nothing changes the product before the write.
fn product_if_match<'a>(
    products: &'a mut BTreeMap<Uuid, Product>,
    id: Uuid,
    if_match: Option<&str>,
    context: &RequestContext,
) -> Result<&'a mut Product, Problem> {
    let product = find_mut(products, "product", id)?;
    if let Some(header) = if_match
        && !if_match_matches(header, Some(&context.etag_of(&*product)))
    {
        return Err(Problem::precondition_failed()
            .with_detail("The product changed since it was read; fetch it again and retry."));
    }
    Ok(product)
}

fn product_from(new: NewProduct, id: Uuid) -> Product {
    let now = Utc::now();
    let mut product = Product::new(
        new.sku,
        new.name,
        new.description.into_option().flatten(),
        new.price,
        new.status.unwrap_or(ProductStatus::Draft),
        new.tags.unwrap_or_default(),
        new.category_ids.unwrap_or_default(),
        new.attributes.unwrap_or_default(),
    )
    .with_id(id)
    .with_created_at(now)
    .with_updated_at(now);
    product.dimensions = new.dimensions;
    product
}

/// Applies a merge patch (RFC 7396: `null` removes).
fn apply_patch(product: &mut Product, patch: ProductPatch) {
    if let Some(name) = patch.name {
        product.name = name;
    }
    patch.description.apply_to(&mut product.description);
    if let Some(price) = patch.price {
        product.price = price;
    }
    if let Some(status) = patch.status {
        product.status = status;
    }
    if let Some(tags) = patch.tags {
        product.tags = tags;
    }
    if let Some(ids) = patch.category_ids {
        product.category_ids = ids;
    }
    if let Some(attributes) = patch.attributes {
        for (name, value) in attributes {
            match value {
                Some(value) => product.attributes.insert(name, value),
                None => product.attributes.remove(&name),
            };
        }
    }
    patch.dimensions.apply_to(&mut product.dimensions);
    product.updated_at = Some(Utc::now().into());
}

/// Whether `product` is in `category` (any product when there is none).
fn in_category(product: &Product, category: Option<Uuid>) -> bool {
    category.is_none_or(|c| product.category_ids.contains(&c))
}

/// A product's value for the sorted `field` of `listProducts`.
fn product_sort_key(product: &Product, field: &str) -> SortKey {
    match field {
        "name" => product.name.to_lowercase().into(),
        "price" => product.price.into(),
        _ => created_key(product.created_at),
    }
}

/// An order's value for the sorted `field` of `listOrders`.
fn order_sort_key(order: &Order, field: &str) -> SortKey {
    match field {
        "total" => order.total.into(),
        _ => created_key(order.created_at),
    }
}

/// A creation time as a sort key (the RFC 3339 text sorts in time order;
/// a row without one sorts first).
fn created_key(created_at: Option<specforge_runtime::DateTime>) -> SortKey {
    created_at
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
        .into()
}

impl Api for Catalog {
    async fn get_health(
        &self,
        _: GetHealthRequest,
        _: RequestContext,
    ) -> Result<GetHealthResponse, Problem> {
        Ok(GetHealthResponse::Ok(HealthStatus::new()))
    }

    async fn list_products(
        &self,
        request: ListProductsRequest,
        context: RequestContext,
    ) -> Result<ListProductsResponse, Problem> {
        let query = request.q.as_deref().map(str::to_lowercase);
        let rows: Vec<Product> = self
            .data()
            .products
            .values()
            .filter(|p| in_category(p, request.category_id))
            .filter(|p| request.status.as_ref().is_none_or(|s| &p.status == s))
            .filter(|p| request.min_price.is_none_or(|min| p.price >= min))
            .filter(|p| request.max_price.is_none_or(|max| p.price <= max))
            .filter(|p| {
                request
                    .tags
                    .as_ref()
                    .is_none_or(|tags| tags.iter().all(|t| p.tags.contains(t)))
            })
            .filter(|p| {
                query.as_ref().is_none_or(|q| {
                    p.name.to_lowercase().contains(q)
                        || p.description
                            .as_deref()
                            .is_some_and(|d| d.to_lowercase().contains(q))
                })
            })
            .cloned()
            .collect();
        let paging = Paging::new(request.sort, "createdAt", request.cursor, request.limit);
        let (items, next_cursor) = paging.page(&context, rows, product_sort_key, |p| p.id)?;
        Ok(ListProductsResponse::Ok(ProductPage::new(
            items,
            next_cursor,
        )))
    }

    async fn list_product_changes(
        &self,
        request: ListProductChangesRequest,
        context: RequestContext,
    ) -> Result<ListProductChangesResponse, Problem> {
        let cursor: Option<i64> = context
            .cursors()
            .decode_optional(request.cursor.as_deref())?;
        if prefers_events(&context.headers) {
            let after = match &request.last_event_id {
                Some(id) => Some(id.parse::<i64>().map_err(|_| {
                    Problem::bad_request()
                        .with_detail("`last-event-id` is not a change's sequence.")
                })?),
                None => cursor,
            };
            let events = self.feed.follow(after).map(|change| {
                change.map(|change| {
                    let name = match change.kind {
                        ProductChangeKind::Created => "product.created",
                        ProductChangeKind::Updated => "product.updated",
                        ProductChangeKind::Deleted => "product.deleted",
                        _ => "product.changed",
                    };
                    let id = change.sequence.to_string();
                    Event::new(change).with_event(name).with_id(id)
                })
            });
            let events = EventStream::try_new(events).keep_alive(self.keep_alive);
            return Ok(ListProductChangesResponse::OkEvents(events));
        }
        let limit = pages::page_size(request.limit);
        let (items, more): (Vec<ProductChange>, bool) = self.feed.page(cursor.unwrap_or(0), limit);
        let next_cursor = match items.last() {
            Some(last) if more => Some(context.cursors().encode(&last.sequence)),
            _ => None,
        };
        Ok(ListProductChangesResponse::Ok(ProductChangePage::new(
            items,
            next_cursor,
        )))
    }

    async fn create_product(
        &self,
        request: CreateProductRequest,
        _: RequestContext,
    ) -> Result<CreateProductResponse, Problem> {
        let mut data = self.data();
        if data.skus.contains(&request.body.sku) {
            return Err(Problem::conflict()
                .with_detail(format!("A product with SKU {} exists.", request.body.sku)));
        }
        if let Some(missing) = request
            .body
            .category_ids
            .iter()
            .flatten()
            .find(|id| !data.categories.contains_key(id))
        {
            return Err(Problem::unprocessable()
                .with_detail(format!("No category with id {missing}."))
                .with_error(FieldError::body(
                    "/categoryIds",
                    "refers to a category that does not exist",
                )));
        }
        let id = Uuid::new_v4();
        let product = product_from(request.body, id);
        data.db.save("product", id, &product)?;
        data.skus.insert(product.sku.clone());
        data.products.insert(id, product.clone());
        self.feed
            .record(ProductChangeKind::Created, id, Some(product.clone()));
        Ok(CreateProductResponse::Created {
            // The router tags the body it sends.
            etag: None,
            body: product,
            location: format!("/products/{id}"),
        })
    }

    async fn get_product(
        &self,
        request: GetProductRequest,
        _: RequestContext,
    ) -> Result<GetProductResponse, Problem> {
        let product = find(&self.data().products, "product", request.product_id)?.clone();
        // The router computes the ETag and answers 304 to `if-none-match`.
        Ok(GetProductResponse::Ok {
            body: product,
            etag: None,
        })
    }

    async fn update_product(
        &self,
        request: UpdateProductRequest,
        context: RequestContext,
    ) -> Result<UpdateProductResponse, Problem> {
        let mut guard = self.data();
        let data = &mut *guard;
        let id = request.product_id;
        let if_match = Some(request.if_match.as_str());
        let product = product_if_match(&mut data.products, id, if_match, &context)?;
        save_change(&data.db, "product", id, product, |product| {
            apply_patch(product, request.body)
        })?;
        let product = product.clone();
        self.feed
            .record(ProductChangeKind::Updated, id, Some(product.clone()));
        Ok(UpdateProductResponse::Ok {
            // The router tags the body it sends.
            etag: None,
            body: product,
        })
    }

    async fn delete_product(
        &self,
        request: DeleteProductRequest,
        context: RequestContext,
    ) -> Result<DeleteProductResponse, Problem> {
        let mut data = self.data();
        let if_match = request.if_match.as_deref();
        product_if_match(&mut data.products, request.product_id, if_match, &context)?;
        data.db.delete("product", request.product_id)?;
        if let Some(removed) = data.products.remove(&request.product_id) {
            data.skus.remove(&removed.sku);
            self.feed
                .record(ProductChangeKind::Deleted, request.product_id, None);
        }
        let images: Vec<Uuid> = data
            .images
            .iter()
            .filter(|(_, (image, _))| image.product_id == request.product_id)
            .map(|(id, _)| *id)
            .collect();
        for id in images {
            data.db.delete("image", id)?;
            if let Some((_, path)) = data.images.remove(&id) {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(DeleteProductResponse::NoContent)
    }

    async fn get_product_price(
        &self,
        request: GetProductPriceRequest,
        _: RequestContext,
    ) -> Result<GetProductPriceResponse, Problem> {
        let price = find(&self.data().products, "product", request.product_id)?.price;
        Ok(GetProductPriceResponse::Ok(ProductPrice::new(
            request.product_id,
            price,
        )))
    }

    async fn list_product_images(
        &self,
        request: ListProductImagesRequest,
        _: RequestContext,
    ) -> Result<ListProductImagesResponse, Problem> {
        let data = self.data();
        find(&data.products, "product", request.product_id)?;
        let images = data
            .images
            .values()
            .filter(|(i, _)| i.product_id == request.product_id)
            .map(|(i, _)| i.clone())
            .collect();
        Ok(ListProductImagesResponse::Ok(images))
    }

    async fn upload_product_image(
        &self,
        request: UploadProductImageRequest,
        _: RequestContext,
    ) -> Result<UploadProductImageResponse, Problem> {
        find(&self.data().products, "product", request.product_id)?;
        // The generated decoding has checked the parts: `file` is there,
        // `altText` is at most 200 characters, no other part was sent.
        let UploadProductImageParts { file, alt_text, .. } = request.body;
        let content_type = match file.content_type() {
            Some("image/png") => ProductImageContentType::ImagePng,
            Some("image/jpeg") => ProductImageContentType::ImageJpeg,
            other => {
                return Err(Problem::unsupported_media_type().with_detail(format!(
                    "Images must be image/png or image/jpeg, not {}.",
                    other.unwrap_or("unspecified")
                )));
            }
        };
        if file.is_empty() {
            return Err(Problem::validation(vec![FieldError::body(
                "/file",
                "must not be empty",
            )]));
        }
        let size_bytes = i64::try_from(file.len()).map_err(|_| Problem::internal())?;
        let id = Uuid::new_v4();
        let path = self.images.join(id.to_string());
        // A large image already waits in a temporary file: it is moved,
        // not copied through memory.
        file.persist(&path).await.map_err(|_| Problem::internal())?;
        let image = ProductImage::new(request.product_id, content_type, size_bytes, alt_text)
            .with_id(id)
            .with_created_at(Utc::now());
        let mut data = self.data();
        data.db.save("image", id, &image)?;
        data.images.insert(id, (image.clone(), path));
        Ok(UploadProductImageResponse::Created {
            location: format!("/products/{}/images/{id}", request.product_id),
            body: image,
        })
    }

    async fn download_product_image(
        &self,
        request: DownloadProductImageRequest,
        _: RequestContext,
    ) -> Result<DownloadProductImageResponse, Problem> {
        let (image, path) = self
            .data()
            .images
            .get(&request.image_id)
            .filter(|(i, _)| i.product_id == request.product_id)
            .cloned()
            .ok_or_else(|| not_found("image", request.image_id))?;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|_| Problem::internal())?;
        let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
        let content_type = wire_name(&image.content_type);
        Ok(DownloadProductImageResponse::Ok(Download::new(
            content_type.unwrap_or_else(|| "application/octet-stream".into()),
            body,
        )))
    }

    async fn get_product_v2(
        &self,
        request: GetProductV2Request,
        _: RequestContext,
    ) -> Result<GetProductV2Response, Problem> {
        let p = find(&self.data().products, "product", request.product_id)?.clone();
        let mut v2 = ProductV2::new(
            p.sku,
            p.name,
            p.description,
            p.price,
            p.status,
            p.tags,
            p.category_ids,
            p.attributes,
            "EUR",
        );
        (v2.id, v2.dimensions) = (p.id, p.dimensions);
        (v2.created_at, v2.updated_at) = (p.created_at, p.updated_at);
        Ok(GetProductV2Response::Ok(v2))
    }

    async fn list_categories(
        &self,
        request: ListCategoriesRequest,
        context: RequestContext,
    ) -> Result<ListCategoriesResponse, Problem> {
        let rows: Vec<Category> = self
            .data()
            .categories
            .values()
            .filter(|c| {
                request
                    .parent_id
                    .is_none_or(|parent| c.parent_id == Some(parent))
            })
            .cloned()
            .collect();
        let paging = Paging::new(request.sort, "name", request.cursor, request.limit);
        let by_name = |c: &Category, _: &str| SortKey::from(c.name.to_lowercase());
        let (items, next_cursor) = paging.page(&context, rows, by_name, |c| c.id)?;
        Ok(ListCategoriesResponse::Ok(CategoryPage::new(
            items,
            next_cursor,
        )))
    }

    async fn create_category(
        &self,
        request: CreateCategoryRequest,
        _: RequestContext,
    ) -> Result<CreateCategoryResponse, Problem> {
        let mut data = self.data();
        let new = request.body;
        if data.categories.values().any(|c| c.slug == new.slug) {
            return Err(Problem::conflict()
                .with_detail(format!("A category with slug {} exists.", new.slug)));
        }
        let parent_id = new.parent_id.into_option().flatten();
        if let Some(parent) = parent_id.filter(|p| !data.categories.contains_key(p)) {
            return Err(Problem::unprocessable().with_error(FieldError::body(
                "/parentId",
                format!("no category with id {parent}"),
            )));
        }
        let id = Uuid::new_v4();
        let category = Category::new(new.name, new.slug, parent_id)
            .with_id(id)
            .with_created_at(Utc::now());
        data.db.save("category", id, &category)?;
        data.categories.insert(id, category.clone());
        Ok(CreateCategoryResponse::Created {
            body: category,
            location: format!("/categories/{id}"),
        })
    }

    async fn get_category_tree(
        &self,
        _: GetCategoryTreeRequest,
        _: RequestContext,
    ) -> Result<GetCategoryTreeResponse, Problem> {
        fn subtree(all: &[Category], parent: Option<Uuid>) -> Vec<CategoryTree> {
            all.iter()
                .filter(|c| c.parent_id == parent)
                .map(|c| {
                    CategoryTree::new(
                        c.id.unwrap_or_default(),
                        c.name.clone(),
                        c.slug.clone(),
                        subtree(all, c.id),
                    )
                })
                .collect()
        }
        let all: Vec<Category> = self.data().categories.values().cloned().collect();
        Ok(GetCategoryTreeResponse::Ok(subtree(&all, None)))
    }

    async fn get_category(
        &self,
        request: GetCategoryRequest,
        _: RequestContext,
    ) -> Result<GetCategoryResponse, Problem> {
        let category = find(&self.data().categories, "category", request.category_id)?.clone();
        Ok(GetCategoryResponse::Ok(category))
    }

    async fn assign_product_to_category(
        &self,
        request: AssignProductToCategoryRequest,
        _: RequestContext,
    ) -> Result<AssignProductToCategoryResponse, Problem> {
        self.set_category(request.category_id, request.product_id, true)?;
        Ok(AssignProductToCategoryResponse::NoContent)
    }

    async fn unassign_product_from_category(
        &self,
        request: UnassignProductFromCategoryRequest,
        _: RequestContext,
    ) -> Result<UnassignProductFromCategoryResponse, Problem> {
        self.set_category(request.category_id, request.product_id, false)?;
        Ok(UnassignProductFromCategoryResponse::NoContent)
    }

    async fn list_orders(
        &self,
        request: ListOrdersRequest,
        context: RequestContext,
    ) -> Result<ListOrdersResponse, Problem> {
        let rows: Vec<Order> = self
            .data()
            .orders
            .values()
            .filter(|o| request.status.as_ref().is_none_or(|s| &o.status == s))
            .cloned()
            .collect();
        let paging = Paging::new(request.sort, "-createdAt", request.cursor, request.limit);
        let (items, next_cursor) = paging.page(&context, rows, order_sort_key, |o| o.id)?;
        Ok(ListOrdersResponse::Ok(OrderPage::new(items, next_cursor)))
    }

    async fn create_order(
        &self,
        request: CreateOrderRequest,
        _: RequestContext,
    ) -> Result<CreateOrderResponse, Problem> {
        let mut data = self.data();
        let new = request.body;
        let mut lines = Vec::with_capacity(new.lines.len());
        let mut errors = Vec::new();
        for (index, line) in new.lines.iter().enumerate() {
            let wrong = match data.products.get(&line.product_id) {
                Some(product) if product.status == ProductStatus::Active => {
                    lines.push(OrderLine::new(
                        line.product_id,
                        line.quantity,
                        product.price,
                        product.price * f64::from(line.quantity),
                    ));
                    continue;
                }
                Some(_) => "the product is not on sale",
                None => "no such product",
            };
            errors.push(FieldError::body(format!("/lines/{index}/productId"), wrong));
        }
        if !errors.is_empty() {
            return Err(Problem::unprocessable()
                .with_detail("Some lines cannot be ordered.")
                .with_errors(errors));
        }
        let id = Uuid::new_v4();
        let total = (lines.iter().map(|l| l.line_total).sum::<f64>() * 100.0).round() / 100.0;
        let mut order = Order::new(
            OrderStatus::Pending,
            lines,
            total,
            "EUR",
            new.shipping_address,
        )
        .with_id(id)
        .with_created_at(Utc::now());
        (order.payment, order.note) = (new.payment, new.note);
        data.db.save("order", id, &order)?;
        data.orders.insert(id, order.clone());
        drop(data);
        self.notify_status(&order, None);
        Ok(CreateOrderResponse::Created {
            body: order,
            location: format!("/orders/{id}"),
        })
    }

    async fn get_order(
        &self,
        request: GetOrderRequest,
        _: RequestContext,
    ) -> Result<GetOrderResponse, Problem> {
        let order = find(&self.data().orders, "order", request.order_id)?.clone();
        Ok(GetOrderResponse::Ok(order))
    }

    async fn cancel_order(
        &self,
        request: CancelOrderRequest,
        _: RequestContext,
    ) -> Result<CancelOrderResponse, Problem> {
        let mut guard = self.data();
        let data = &mut *guard;
        let order = find_mut(&mut data.orders, "order", request.order_id)?;
        match order.status {
            OrderStatus::Pending | OrderStatus::Paid => {
                let previous = order.status.clone();
                save_change(&data.db, "order", request.order_id, order, |order| {
                    order.status = OrderStatus::Cancelled
                })?;
                let cancelled = order.clone();
                drop(guard);
                self.notify_status(&cancelled, Some(previous));
                Ok(CancelOrderResponse::Ok(cancelled))
            }
            OrderStatus::Cancelled => Ok(CancelOrderResponse::Ok(order.clone())),
            _ => Err(Problem::conflict().with_detail("A shipped order cannot be cancelled.")),
        }
    }

    async fn start_export(
        &self,
        request: StartExportRequest,
        _: RequestContext,
    ) -> Result<StartExportResponse, Problem> {
        let id = Uuid::new_v4();
        let request = request.body;
        let job = ExportJob::new(
            ExportState::Queued,
            request.format.clone(),
            request.category_id,
            None,
            None,
            None,
        )
        .with_id(id)
        .with_created_at(Utc::now());
        {
            let mut data = self.data();
            data.db.save("export", id, &job)?;
            data.exports.insert(id, job.clone());
        }
        let (data, delay) = (Arc::clone(&self.data), self.export_delay);
        tokio::spawn(async move {
            let set = |state: ExportState| {
                let mut guard = lock(&data);
                let file = (state == ExportState::Succeeded).then(|| export_file(&guard, &request));
                let data = &mut *guard;
                if let Some(job) = data.exports.get_mut(&id) {
                    if let Some(file) = file {
                        job.completed_at = Some(Utc::now().into());
                        job.download_url = Some(file);
                    }
                    job.state = state;
                    // A failed write is logged by `save`; the job still runs.
                    let _ = data.db.save("export", id, &*job);
                }
            };
            set(ExportState::Running);
            tokio::time::sleep(delay).await;
            set(ExportState::Succeeded);
        });
        Ok(StartExportResponse::Accepted {
            body: job,
            location: format!("/exports/{id}"),
            retry_after: 1,
        })
    }

    async fn get_export(
        &self,
        request: GetExportRequest,
        _: RequestContext,
    ) -> Result<GetExportResponse, Problem> {
        let job = find(&self.data().exports, "export", request.export_id)?.clone();
        let running = matches!(job.state, ExportState::Queued | ExportState::Running);
        Ok(GetExportResponse::Ok {
            body: job,
            retry_after: running.then_some(1),
        })
    }
}

/// The export itself, as a self-contained `data:` URI (the example keeps no
/// file store for exports): products as CSV or JSON lines.
fn export_file(data: &Data, request: &NewExport) -> String {
    use base64::Engine;
    let products = data
        .products
        .values()
        .filter(|p| in_category(p, request.category_id));
    let (media_type, text) = match request.format {
        ExportFormat::Csv => {
            let mut csv = String::from("id,sku,name,price,status\n");
            for p in products {
                let name = p.name.replace('"', "\"\"");
                let status = wire_name(&p.status).unwrap_or_default();
                let id = p.id.unwrap_or_default();
                csv.push_str(&format!("{id},{},\"{name}\",{},{status}\n", p.sku, p.price));
            }
            ("text/csv", csv)
        }
        _ => {
            let lines: Vec<String> = products
                .filter_map(|p| serde_json::to_string(p).ok())
                .collect();
            ("application/x-ndjson", lines.join("\n"))
        }
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("data:{media_type};base64,{encoded}")
}

/// The name an enum value has on the wire (`-price`, `image/png`).
fn wire_name<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}
