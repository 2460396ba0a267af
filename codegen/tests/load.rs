//! Loading: documents that are valid load, literal data is never read as a
//! reference, refusals point at the deepest place, and pointers have lines.

use std::process::Command;

use serde_json::json;

mod common;

fn load(name: &str) -> Result<codegen::load::LoadedSpec, Vec<codegen::Diagnostic>> {
    codegen::load::load_file(&common::spec(&format!("load/{name}")))
}

fn first_error(name: &str) -> codegen::Diagnostic {
    match load(name) {
        Ok(_) => panic!("{name} should be refused"),
        Err(errors) => errors.into_iter().find(|d| d.is_error()).expect("an error"),
    }
}

#[test]
fn ref_members_in_examples_defaults_enums_and_consts_are_data() {
    let loaded = load("ref-in-literal-data.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let media = "/paths/~1links/get/responses/200/content/application~1json";
    // Kept as written in the document served and in the lowered one.
    for document in [&loaded.source, &loaded.raw] {
        assert_eq!(
            document.pointer(&format!("{media}/example/0")),
            Some(&json!({"$ref": "https://example.com/schemas/pet.json"}))
        );
        assert_eq!(
            document.pointer(&format!("{media}/examples/one/value/0")),
            Some(&json!({
                "$ref": "https://example.com/schemas/owner.json",
                "description": "sibling data that must not be lowered",
                "schema": {"type": ["string", "null"]}
            }))
        );
        assert_eq!(
            document.pointer("/components/schemas/JsonReference/default"),
            Some(&json!({"$ref": "https://example.com/default.json"}))
        );
    }
    // And the whole generator accepts it.
    codegen::generate(
        &common::spec("load/ref-in-literal-data.yaml"),
        &codegen::Options::new("x"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn members_named_x_are_names_in_maps_of_names_and_extensions_elsewhere() {
    let loaded = load("x-names/main.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let headers = "/paths/~1things/get/responses/200/headers";
    let lowered = json!({"type": "integer", "nullable": true});
    assert_eq!(
        loaded
            .raw
            .pointer(&format!("{headers}/x-rate-limit-remaining/schema")),
        Some(&lowered)
    );
    // The header another file declares is bundled in, lowered too.
    assert_eq!(
        loaded
            .raw
            .pointer(&format!("{headers}/x-request-id/schema")),
        Some(&json!({"type": "string", "nullable": true}))
    );
    assert_eq!(
        loaded.raw.pointer("/components/parameters/x-trace/schema"),
        Some(&json!({"type": "string", "nullable": true}))
    );
    // An operation's own `x-…` member is an extension: data, not a reference.
    assert_eq!(
        loaded.raw.pointer("/paths/~1things/get/x-internal-note"),
        Some(&json!({"$ref": "not-a-file.yaml"}))
    );
    codegen::generate(
        &common::spec("load/x-names/main.yaml"),
        &codegen::Options::new("x"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn mutual_tls_is_left_to_the_tls_layer_with_a_warning() {
    let loaded = load("mutual-tls-31.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        loaded.raw.pointer("/components/securitySchemes"),
        Some(&json!({"bearer": {"type": "http", "scheme": "bearer"}}))
    );
    // Asking only for a certificate asks nothing of the HTTP request.
    assert_eq!(loaded.raw.pointer("/security"), Some(&json!([{}])));
    assert_eq!(
        loaded.raw.pointer("/paths/~1admin/get/security"),
        Some(&json!([{"bearer": []}]))
    );
    let warning = loaded
        .warnings
        .iter()
        .find(|w| w.to_string().contains("mutualTLS"))
        .expect("a warning about mutualTLS");
    assert!(
        warning
            .to_string()
            .contains("#/components/securitySchemes/clientCertificate"),
        "{warning}"
    );
}

#[test]
fn openapi_32_reads_as_31_with_what_is_not_served_left_out() {
    let loaded = load("openapi-32.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let get = "/paths/~1pets/get";
    // The media type component is inlined where it was referred to.
    assert_eq!(
        loaded.raw.pointer(&format!(
            "{get}/responses/200/content/application~1json/schema/type"
        )),
        Some(&json!("array"))
    );
    assert_eq!(loaded.raw.pointer("/components/mediaTypes"), None);
    // `querystring` parameters are left out, inline or by reference.
    let names: Vec<&str> = loaded
        .raw
        .pointer(&format!("{get}/parameters"))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["limit"]);
    assert_eq!(loaded.raw.pointer("/paths/~1pets/query"), None);
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    for expected in ["QUERY method", "LINK method", "querystring"] {
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "{expected}: {warnings:?}"
        );
    }
    let generated = codegen::generate(
        &common::spec("load/openapi-32.yaml"),
        &codegen::Options::new("x"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let server = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("server.rs"))
        .expect("a server module");
    assert!(server.contents.contains("fn list_pets"));
    assert!(!server.contents.contains("query_pets") && !server.contents.contains("link_pets"));
}

#[test]
fn ref_members_in_data_need_no_file_when_loaded_from_text() {
    let text = std::fs::read_to_string(common::spec("load/ref-in-literal-data.yaml")).unwrap();
    codegen::load::load_text(&text, None).unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn a_remote_ref_in_a_reference_position_is_named_clearly() {
    let error = first_error("remote-ref.yaml");
    assert_eq!(
        error.pointer,
        "#/paths/~1pets/get/responses/200/content/application~1json/schema"
    );
    assert!(error.message.contains("remote $ref"), "{error}");
    assert!(!error.message.contains("cannot read"), "{error}");
    // The same without a file to resolve against.
    let text = std::fs::read_to_string(common::spec("load/remote-ref.yaml")).unwrap();
    let errors = codegen::load::load_text(&text, None)
        .err()
        .expect("refused");
    assert!(errors[0].message.contains("remote $ref"), "{errors:?}");
}

#[test]
fn openapi_31_operations_may_omit_responses() {
    let generated = codegen::generate(
        &common::spec("load/responses-optional-31.yaml"),
        &codegen::Options::new("x"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(common::file(&generated.files, "src/client.rs").contains("fn ping"));
}

#[test]
fn responses_without_a_description_are_read_inline_and_as_components() {
    let generated = codegen::generate(
        &common::spec("load/responses-without-description.yaml"),
        &codegen::Options::new("x"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let client = common::file(&generated.files, "src/client.rs");
    assert!(client.contains("fn get_task"), "{client}");
}

#[test]
fn openapi_30_operations_without_responses_are_read_with_a_warning() {
    let loaded = load("responses-missing-30.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let warnings: Vec<_> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(warnings, ["#/paths/~1ping/post"], "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0]
            .message
            .contains("must list its `responses`")
    );
    let post = loaded.api.paths.paths["/ping"].as_item().unwrap();
    assert!(post.post.as_ref().unwrap().responses.responses.is_empty());
}

#[test]
fn slips_whose_meaning_is_plain_are_read_with_a_warning() {
    let loaded = load("plain-slips.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(loaded.api.info.version, "1.0");
    assert_eq!(loaded.api.info.title, "plain-slips");
    let region = &loaded.api.servers[0].variables.as_ref().unwrap()["region"];
    assert_eq!(region.default, "eu");
    let warnings: Vec<_> = loaded
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("#/info", "`info` has no `title`; read as \"plain-slips\""),
            (
                "#/info/version",
                "`version` should be a string (quote it in YAML); read as \"1.0\""
            ),
            (
                "#/servers/0/variables/region",
                "a server variable must have a `default`; read as \"eu\""
            ),
            (
                "#/paths/~1ping/get/security/0/oauth2",
                "a security requirement lists its scopes (`[]` for none); read `null` as none"
            ),
            (
                "#/paths/~1ping/get/parameters/0/style",
                "`style: simple` is not a style of query parameters (form, spaceDelimited, \
                 pipeDelimited, deepObject); read as `form`, their default"
            ),
            (
                "#/paths/~1ping/get/parameters/1/schema/const",
                "`const` is not an OpenAPI 3.0 keyword (3.1 added it), so a value is not \
                 checked against it; write `enum: [value]`"
            ),
            (
                "#/paths/~1ping/get/parameters/2/schema/const",
                "`const` is not an OpenAPI 3.0 keyword (3.1 added it), so a value is not \
                 checked against it; write `enum: [value]`"
            ),
            (
                "#/paths/~1ping/post/requestBody/content",
                "`content` maps media types to their schemas (`{}` for none); read `null` \
                 as none"
            ),
        ]
    );
    let knock = loaded.api.paths.paths["/ping"]
        .as_item()
        .unwrap()
        .post
        .as_ref();
    let body = knock
        .unwrap()
        .request_body
        .as_ref()
        .unwrap()
        .as_item()
        .unwrap();
    assert!(body.content.is_empty());
    // Read as 3.0 reads it: not at all (the enum beside one stands).
    let parameters = "/paths/~1ping/get/parameters";
    let schema = |index: usize| loaded.raw.pointer(&format!("{parameters}/{index}/schema"));
    assert_eq!(schema(1), Some(&json!({"type": "string", "const": "v2"})));
    assert_eq!(
        schema(2),
        Some(&json!({"type": "string", "enum": ["fast", "safe"], "const": "safe"}))
    );
    let ping = loaded.api.paths.paths["/ping"].as_item().unwrap();
    let security = ping.get.as_ref().unwrap().security.as_ref().unwrap();
    assert_eq!(security[0]["oauth2"], Vec::<String>::new());
    let parameter = ping.get.as_ref().unwrap().parameters[0].as_item().unwrap();
    assert!(
        matches!(
            parameter,
            openapiv3::Parameter::Query {
                style: openapiv3::QueryStyle::Form,
                ..
            }
        ),
        "{parameter:?}"
    );
}

#[test]
fn a_closing_bracket_left_of_its_key_is_read_with_a_warning() {
    let loaded = load("flow-bracket.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let kind = "/paths/~1events/get/parameters/0/schema/enum";
    assert_eq!(
        loaded.raw.pointer(kind),
        Some(&json!(["created", "updated", "deleted"]))
    );
    let warnings: Vec<_> = (loaded.warnings.iter())
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    let moved = "a flow collection's closing bracket must be indented more than its key; \
                 read as if it were";
    assert_eq!(warnings, [(Some(17), moved), (Some(6), moved)]);
    // The second is in the file the document refers to, and names it.
    let file = loaded.warnings[1].file.as_deref().unwrap_or_default();
    assert!(file.ends_with("flow-bracket-source.yaml"), "{file}");
    assert_eq!(
        loaded
            .raw
            .pointer("/components/schemas/flow-bracket-source/enum"),
        Some(&json!(["api", "dashboard"]))
    );
    // The line index reads the text as repaired.
    assert_eq!(loaded.lines().line_of(&format!("#{kind}")), Some(14));
}

#[test]
fn required_true_on_a_property_lists_it_in_the_object_s_required() {
    let loaded = load("required-on-a-property.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let stamp = "/components/schemas/Stamp";
    assert_eq!(
        loaded.raw.pointer(&format!("{stamp}/required")),
        Some(&json!(["id", "code"]))
    );
    for member in ["code", "note"] {
        let property = loaded.raw.pointer(&format!("{stamp}/properties/{member}"));
        assert_eq!(property, Some(&json!({"type": "string"})), "{member}");
    }
    let warnings: Vec<_> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/Stamp/properties/code/required",
            "#/components/schemas/Stamp/properties/note/required"
        ]
    );
}

#[test]
fn model_errors_point_at_the_deepest_place() {
    let error = first_error("bad-parameter.yaml");
    common::assert_error_at(&error, "#/paths/~1pets/get/parameters/0", "`in`");
}

#[test]
fn loaded_documents_answer_the_line_of_a_pointer() {
    let loaded = load("responses-optional-31.yaml").unwrap();
    let lines = loaded.lines();
    assert_eq!(lines.line_of("#/paths/~1ping/post"), Some(5));
    assert_eq!(lines.line_of("#/paths/~1ping/get/responses/204"), Some(11));
    assert_eq!(lines.line_of("#/paths/~1ping/post/responses"), None);
    assert_eq!(lines.nearest_line("#/paths/~1ping/post/responses"), Some(5));
}

#[test]
fn generate_prints_the_line_of_a_diagnostic() {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--out"])
        .arg(std::env::temp_dir().join("specforge-load-test"))
        .arg(common::spec("load/bad-parameter.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 8: #/paths/~1pets/get/parameters/0: not a valid OpenAPI object"),
        "{stderr}"
    );
}

#[test]
fn a_nullable_enum_allows_null_only_when_it_lists_it() {
    for version in ["3.0.3", "3.1.0"] {
        let nullable = if version == "3.0.3" {
            "type: string, nullable: true"
        } else {
            "type: [string, 'null']"
        };
        let text = format!(
            "openapi: {version}\ninfo: {{ title: T, version: '1' }}\npaths: {{}}\ncomponents:\n  \
             schemas:\n    Colour: {{ {nullable}, enum: [blue, red] }}\n    \
             Shade: {{ {nullable}, enum: [light, dark, null] }}\n"
        );
        let loaded = codegen::load::load_text(&text, None).unwrap_or_else(|e| panic!("{e:?}"));
        let nullable = |name: &str| {
            loaded
                .raw
                .pointer(&format!("/components/schemas/{name}/nullable"))
                .cloned()
        };
        assert_eq!(nullable("Colour"), None, "{version}");
        assert_eq!(nullable("Shade"), Some(json!(true)), "{version}");
    }
}

#[test]
fn a_chain_of_thousands_of_references_generates_without_overflowing_the_stack() {
    let dir = std::env::temp_dir().join("specforge-long-chain");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("ring.yaml");
    std::fs::write(&spec, common::ring_spec(3000)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--quiet", "--out"])
        .arg(dir.join("crate"))
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lib = std::fs::read_to_string(dir.join("crate/src/lib.rs")).unwrap();
    assert!(lib.contains("#![recursion_limit = \"16384\"]"), "{lib}");
    // No description: the header line stands alone.
    assert!(
        lib.starts_with("//! Ring 1, generated by specforge from `ring.yaml`. Do not edit.\n\n"),
        "{lib}"
    );
}
