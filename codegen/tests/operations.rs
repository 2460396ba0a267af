//! What the IR recognises in operations of the catalog spec: pagination,
//! idempotency, long-running jobs, rate limits, deprecation, security.

mod common;

fn catalog() -> codegen::ir::Api {
    let spec = common::workspace_root().join("specs/catalog.yaml");
    let loaded = codegen::load::load_file(&spec).expect("the catalog loads");
    let mut diagnostics = Vec::new();
    let api = codegen::ir::build(&loaded, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    api
}

fn op<'a>(api: &'a codegen::ir::Api, id: &str) -> &'a codegen::ir::Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn pagination_is_recognised_explicitly_and_by_convention() {
    let api = catalog();
    for id in ["listProducts", "listCategories", "listOrders"] {
        let pagination = op(&api, id)
            .pagination
            .as_ref()
            .unwrap_or_else(|| panic!("{id} is paginated"));
        assert_eq!(
            pagination.style,
            codegen::ir::PageStyle::Cursor {
                param: "cursor".into(),
                next_field: "nextCursor".into()
            }
        );
        assert_eq!(pagination.limit_param.as_deref(), Some("limit"));
        assert_eq!(pagination.items_field.as_deref(), Some("items"));
    }
    assert!(
        op(&api, "listProductImages").pagination.is_none(),
        "a plain array is not a page"
    );
}

#[test]
fn idempotency_long_running_rate_limits_and_deprecation() {
    let api = catalog();
    assert!(op(&api, "createOrder").idempotent);
    assert!(!op(&api, "createProduct").idempotent);

    let export = op(&api, "startExport")
        .long_running
        .as_ref()
        .expect("startExport is long-running");
    assert_eq!(api.operations[export.poll].id, "getExport");
    let codegen::ir::TypeKind::Struct(status) = &api.types[export.status].kind else {
        panic!("the status resource is a struct");
    };
    assert_eq!(status.fields[export.state_field].json_name, "state");
    assert_eq!(status.fields[export.id_field].json_name, "id");
    assert_eq!(export.terminal, ["succeeded", "failed", "canceled"]);
    assert!(op(&api, "createOrder").long_running.is_none());

    let limit = api.rate_limit.expect("a document-wide limit");
    assert_eq!((limit.capacity, limit.refill_per_second), (100, 50.0));
    let export_limit = op(&api, "startExport").rate_limit.expect("an override");
    assert_eq!(
        (export_limit.capacity, export_limit.refill_per_second),
        (5, 1.0)
    );

    let price = op(&api, "getProductPrice");
    assert!(price.deprecated);
    assert_eq!(price.sunset.as_deref(), Some("2027-06-30"));

    assert!(op(&api, "getHealth").security.is_empty());
    let create = &op(&api, "createProduct").security;
    assert_eq!(create.len(), 1);
    let [requirement] = create[0].as_slice() else {
        panic!("one requirement: {create:?}");
    };
    assert_eq!(api.security_schemes[requirement.scheme].name, "oauth2");
    assert_eq!(requirement.scopes, ["catalog:write"]);
}

/// The IR of a document with these `paths` (and what follows them).
fn ir_of_paths(paths: &str) -> (codegen::ir::Api, Vec<codegen::diagnostics::Diagnostic>) {
    let yaml = format!("openapi: 3.0.3\ninfo: {{ title: t, version: \"1\" }}\npaths:{paths}");
    let loaded = codegen::load::load_text(&yaml, None).expect("the document loads");
    let mut diagnostics = Vec::new();
    let api = codegen::ir::build(&loaded, &mut diagnostics);
    (api, diagnostics)
}

#[test]
fn protocol_headers_are_no_parameters_but_what_the_document_says_of_them_is_kept() {
    let (api, _) = ir_of_paths(
        r#"
  /users:
    get:
      operationId: listUsers
      parameters:
        - { name: Accept, in: header, required: true, schema: { type: string, default: "application/vnd.x+json;version=2" } }
        - { name: Content-Type, in: header, schema: { type: string, enum: [application/json] } }
        - { name: Authorization, in: header, schema: { type: string, default: "Bearer x" } }
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200": { description: ok }
"#,
    );
    let op = op(&api, "listUsers");
    let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["limit"]);
    let header = |name: &str, required: bool, value: Option<&str>, allowed: &[&str]| {
        codegen::ir::ProtocolHeader {
            name: name.to_owned(),
            required,
            value: value.map(str::to_owned),
            allowed: allowed.iter().map(|v| v.to_string()).collect(),
        }
    };
    assert_eq!(
        op.protocol_headers,
        [
            header(
                "Accept",
                true,
                Some("application/vnd.x+json;version=2"),
                &[]
            ),
            header(
                "Content-Type",
                false,
                Some("application/json"),
                &["application/json"]
            ),
            // Credentials come from the security schemes, never the document.
            header("Authorization", false, None, &[]),
        ]
    );
}

#[test]
fn statuses_without_a_body_keep_no_content() {
    let (api, diagnostics) = ir_of_paths(
        r#"
  /things/{id}:
    delete:
      operationId: deleteThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204":
          description: gone
          content:
            application/json: { schema: { type: object } }
"#,
    );
    let response = &op(&api, "deleteThing").responses[0];
    assert!(response.contents.is_empty());
    assert!(response.chosen().is_none());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("a 204 response has no body")),
        "{diagnostics:?}"
    );
}

#[test]
fn pagination_needs_optional_query_parameters_and_a_next_value_of_their_type() {
    let (api, diagnostics) = ir_of_paths(
        r##"
  /a:
    get:
      operationId: cursorInQuery
      parameters:
        - { name: after, in: query, schema: { type: string } }
        - { name: limit, in: query, required: true, schema: { type: integer } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
  /b:
    get:
      operationId: pageInHeader
      x-pagination: { style: page, pageParam: page }
      parameters:
        - { name: page, in: header, schema: { type: integer } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
  /c:
    get:
      operationId: requiredCursor
      parameters:
        - { name: cursor, in: query, required: true, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
  /d:
    get:
      operationId: cursorOfAnotherType
      x-pagination: { style: cursor, cursorParam: after, nextCursorField: nextCursor }
      parameters:
        - { name: after, in: query, schema: { type: integer } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
components:
  schemas:
    Page:
      type: object
      required: [items]
      properties:
        items: { type: array, items: { type: string } }
        nextCursor: { type: string }
"##,
    );
    let paged = op(&api, "cursorInQuery")
        .pagination
        .as_ref()
        .expect("an optional query cursor and a string next cursor page");
    assert_eq!(
        paged.style,
        codegen::ir::PageStyle::Cursor {
            param: "after".into(),
            next_field: "nextCursor".into()
        }
    );
    assert_eq!(paged.limit_param, None, "a required limit is no page size");
    for id in ["pageInHeader", "requiredCursor", "cursorOfAnotherType"] {
        assert!(op(&api, id).pagination.is_none(), "{id} cannot be paged");
    }
    // The explicit statements that cannot be followed are said; the
    // convention that does not apply is not.
    let warned: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.message.contains("x-pagination"))
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "#/paths/~1b/get/x-pagination",
            "#/paths/~1d/get/x-pagination"
        ]
    );
}

#[test]
fn media_types_carrying_other_data_are_read_separately() {
    let (api, diagnostics) = ir_of_paths(
        r##"
  /drafts:
    post:
      operationId: postDraft
      requestBody:
        content:
          application/json: { schema: { $ref: "#/components/schemas/Draft" } }
          application/yaml: { schema: { $ref: "#/components/schemas/Draft" } }
          application/xml: { schema: { $ref: "#/components/schemas/Draft" } }
          text/plain: { schema: { type: string } }
          text/csv: { schema: { type: string } }
          application/x-www-form-urlencoded: { schema: { type: object, properties: { label: { type: string } } } }
          "*/*": { schema: { type: string, format: binary } }
          application/octet-stream: { schema: { type: string, format: binary } }
      responses:
        "204": { description: ok }
  /uploads:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data: { schema: { type: object, properties: { file: { type: string, format: binary } } } }
          text/plain: { schema: { type: string } }
      responses:
        "204": { description: ok }
  /notes:
    post:
      operationId: postNote
      requestBody:
        content:
          application/octet-stream: { schema: { type: string, format: binary } }
          text/plain: { schema: { type: string } }
      responses:
        "204": { description: ok }
  /labels:
    post:
      operationId: postLabel
      requestBody:
        content:
          application/json: { schema: { type: object, properties: { label: { type: string } } } }
          application/x-www-form-urlencoded: { schema: { type: object, properties: { label: { type: string } } } }
      responses:
        "204": { description: ok }
components:
  schemas:
    Draft: { type: object, properties: { title: { type: string } } }
"##,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let separate = |id: &str| -> Vec<String> {
        let body = op(&api, id).body.as_ref().expect("a body");
        body.separate().map(|c| c.media_type.clone()).collect()
    };
    // YAML and XML of the same data are read into the JSON's model; the
    // second text and the range take readings already taken.
    assert_eq!(
        separate("postDraft"),
        [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/octet-stream"
        ]
    );
    // Text is typed before bytes, which are read beside it.
    assert_eq!(separate("postNote"), ["application/octet-stream"]);
    // A streamed body keeps its other contents read into its type.
    assert!(separate("upload").is_empty());
    // One schema written out under two media types is one type.
    assert!(separate("postLabel").is_empty());
}
