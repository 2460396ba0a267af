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
        assert_eq!(pagination.cursor_param, "cursor");
        assert_eq!(pagination.limit_param.as_deref(), Some("limit"));
        assert_eq!(
            (
                pagination.items_field.as_str(),
                pagination.next_cursor_field.as_str()
            ),
            ("items", "nextCursor")
        );
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
