//! The generated server reads real specs' shapes exactly as the contract
//! says (`tests/specs/fidelity.yaml`): what it allows reaches the handler,
//! anything else is a 400 problem first. Over real TCP.

use std::sync::atomic::{AtomicUsize, Ordering};

use futures::TryStreamExt;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use specforge_generated::fidelity::server::*;
use specforge_runtime::Problem;

/// Echoes what each operation decoded.
struct Echo;

fn echo(value: impl serde::Serialize) -> Value {
    // Through text: `serde_json::Value` holds no integer past 64 bits, and
    // `to_value` fails on one where parsing text reads it as a float.
    serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap()
}

impl Api for Echo {
    async fn get_file(
        &self,
        r: GetFileRequest,
        _: RequestContext,
    ) -> Result<GetFileResponse, Problem> {
        Ok(GetFileResponse::Ok(
            json!({"op": "getFile", "fileId": r.file_id.to_string()}),
        ))
    }

    async fn delete_folder(
        &self,
        r: DeleteFolderRequest,
        _: RequestContext,
    ) -> Result<DeleteFolderResponse, Problem> {
        Ok(DeleteFolderResponse::Ok(
            json!({"op": "deleteFolder", "folderId": r.folder_id}),
        ))
    }

    async fn stream_things(
        &self,
        r: StreamThingsRequest,
        _: RequestContext,
    ) -> Result<StreamThingsResponse, Problem> {
        Ok(StreamThingsResponse::Ok(
            json!({"op": "streamThings", "text": r.body}),
        ))
    }

    async fn add_target(
        &self,
        r: AddTargetRequest,
        _: RequestContext,
    ) -> Result<AddTargetResponse, Problem> {
        Ok(AddTargetResponse::Ok(
            json!({"op": "addTarget", "linkId": r.link_id, "body": echo(r.body)}),
        ))
    }

    async fn remove_target(
        &self,
        r: RemoveTargetRequest,
        _: RequestContext,
    ) -> Result<RemoveTargetResponse, Problem> {
        Ok(RemoveTargetResponse::Ok(
            json!({"op": "removeTarget", "linkId": r.link_id}),
        ))
    }

    async fn create_thing(
        &self,
        r: CreateThingRequest,
        _: RequestContext,
    ) -> Result<CreateThingResponse, Problem> {
        Ok(CreateThingResponse::Ok(
            json!({"op": "createThing", "thing": echo(&r.body), "json": serde_json::to_string(&r.body).unwrap()}),
        ))
    }

    async fn get_report(
        &self,
        r: GetReportRequest,
        _: RequestContext,
    ) -> Result<GetReportResponse, Problem> {
        Ok(GetReportResponse::Ok(
            json!({"op": "getReport", "year": r.year}),
        ))
    }

    async fn get_report_file(
        &self,
        r: GetReportFileRequest,
        _: RequestContext,
    ) -> Result<GetReportFileResponse, Problem> {
        Ok(GetReportFileResponse::Ok(
            json!({"op": "getReportFile", "name": r.name, "format": echo(r.format)}),
        ))
    }

    async fn create_shape(
        &self,
        r: CreateShapeRequest,
        _: RequestContext,
    ) -> Result<CreateShapeResponse, Problem> {
        let variant = match &r.body {
            specforge_generated::fidelity::models::Shape::Circle(_) => "circle",
            specforge_generated::fidelity::models::Shape::Square(_) => "square",
            _ => "unknown",
        };
        Ok(CreateShapeResponse::Ok(json!({"variant": variant})))
    }

    async fn create_pet(
        &self,
        r: CreatePetRequest,
        _: RequestContext,
    ) -> Result<CreatePetResponse, Problem> {
        let variant = match &r.body {
            specforge_generated::fidelity::models::Pet::Cat(_) => "cat",
            specforge_generated::fidelity::models::Pet::Dog(_) => "dog",
            _ => "unknown",
        };
        Ok(CreatePetResponse::Ok(json!({"variant": variant})))
    }

    async fn create_payment(
        &self,
        r: CreatePaymentRequest,
        _: RequestContext,
    ) -> Result<CreatePaymentResponse, Problem> {
        let variant = match &r.body {
            specforge_generated::fidelity::models::Payment::Card(_) => "card",
            specforge_generated::fidelity::models::Payment::Account(_) => "account",
            _ => "other",
        };
        Ok(CreatePaymentResponse::Ok(json!({"variant": variant})))
    }

    async fn create_dns_record(
        &self,
        r: CreateDnsRecordRequest,
        _: RequestContext,
    ) -> Result<CreateDnsRecordResponse, Problem> {
        use specforge_generated::fidelity::models::DnsRecord;
        let variant = match &r.body {
            DnsRecord::ARecord(_) => "a",
            DnsRecord::MxRecord(_) => "mx",
            _ => "unknown",
        };
        Ok(CreateDnsRecordResponse::Ok(
            json!({"variant": variant, "record": echo(r.body)}),
        ))
    }

    async fn create_record(
        &self,
        r: CreateRecordRequest,
        _: RequestContext,
    ) -> Result<CreateRecordResponse, Problem> {
        Ok(CreateRecordResponse::Ok(echo(r.body)))
    }

    async fn post_holiday(
        &self,
        r: PostHolidayRequest,
        _: RequestContext,
    ) -> Result<PostHolidayResponse, Problem> {
        Ok(PostHolidayResponse::Ok(r.body))
    }

    async fn put_blob(
        &self,
        r: PutBlobRequest,
        _: RequestContext,
    ) -> Result<PutBlobResponse, Problem> {
        let bytes = axum::body::to_bytes(r.body.body, usize::MAX)
            .await
            .map_err(|_| Problem::bad_request())?;
        Ok(PutBlobResponse::Ok(json!({"bytes": bytes.len()})))
    }

    async fn put_grid(
        &self,
        r: PutGridRequest,
        _: RequestContext,
    ) -> Result<PutGridResponse, Problem> {
        Ok(PutGridResponse::Ok(echo(r.body)))
    }

    async fn import_record(
        &self,
        r: ImportRecordRequest,
        _: RequestContext,
    ) -> Result<ImportRecordResponse, Problem> {
        Ok(ImportRecordResponse::Ok(echo(r.body)))
    }

    async fn get_project(
        &self,
        r: GetProjectRequest,
        _: RequestContext,
    ) -> Result<GetProjectResponse, Problem> {
        Ok(GetProjectResponse::Ok(json!({"project": echo(r.project)})))
    }

    async fn get_catalog(
        &self,
        _: GetCatalogRequest,
        _: RequestContext,
    ) -> Result<GetCatalogResponse, Problem> {
        Ok(GetCatalogResponse::Ok(json!({"op": "getCatalog"})))
    }

    async fn get_beta_catalog(
        &self,
        r: GetBetaCatalogRequest,
        _: RequestContext,
    ) -> Result<GetBetaCatalogResponse, Problem> {
        let features = echo(r.features);
        Ok(GetBetaCatalogResponse::Ok(
            json!({"op": "getBetaCatalog", "features": features}),
        ))
    }

    async fn archive_note(
        &self,
        r: ArchiveNoteRequest,
        _: RequestContext,
    ) -> Result<ArchiveNoteResponse, Problem> {
        Ok(ArchiveNoteResponse::Ok(json!({"body": echo(r.body)})))
    }

    async fn post_track(
        &self,
        r: PostTrackRequest,
        _: RequestContext,
    ) -> Result<PostTrackResponse, Problem> {
        Ok(PostTrackResponse::Ok(echo(r.body)))
    }

    async fn list_purchases(
        &self,
        r: ListPurchasesRequest,
        _: RequestContext,
    ) -> Result<ListPurchasesResponse, Problem> {
        Ok(ListPurchasesResponse::Ok(echo(r.pageable)))
    }

    async fn list_rosters(
        &self,
        r: ListRostersRequest,
        _: RequestContext,
    ) -> Result<ListRostersResponse, Problem> {
        Ok(ListRostersResponse::Ok(echo((r.name, r.seat))))
    }

    async fn set_quota(
        &self,
        r: SetQuotaRequest,
        _: RequestContext,
    ) -> Result<SetQuotaResponse, Problem> {
        Ok(SetQuotaResponse::Ok(echo(r.body)))
    }

    async fn get_badge(
        &self,
        r: GetBadgeRequest,
        _: RequestContext,
    ) -> Result<GetBadgeResponse, Problem> {
        Ok(GetBadgeResponse::Ok(echo((r.x_badge, r.sizes))))
    }

    async fn post_stamp(
        &self,
        r: PostStampRequest,
        _: RequestContext,
    ) -> Result<PostStampResponse, Problem> {
        Ok(PostStampResponse::Ok(echo(r.body)))
    }

    async fn list_filters(
        &self,
        r: ListFiltersRequest,
        _: RequestContext,
    ) -> Result<ListFiltersResponse, Problem> {
        Ok(ListFiltersResponse::Ok(echo((r.page, r.labels))))
    }

    async fn post_sticker(
        &self,
        r: PostStickerRequest,
        _: RequestContext,
    ) -> Result<PostStickerResponse, Problem> {
        Ok(PostStickerResponse::Ok(echo(r.body)))
    }

    async fn get_slug(
        &self,
        r: GetSlugRequest,
        _: RequestContext,
    ) -> Result<GetSlugResponse, Problem> {
        Ok(GetSlugResponse::Ok(echo((r.slug, r.x_trace))))
    }

    async fn post_adoption(
        &self,
        r: PostAdoptionRequest,
        _: RequestContext,
    ) -> Result<PostAdoptionResponse, Problem> {
        Ok(PostAdoptionResponse::Ok(echo(r.body)))
    }

    async fn post_points(
        &self,
        r: PostPointsRequest,
        _: RequestContext,
    ) -> Result<PostPointsResponse, Problem> {
        Ok(PostPointsResponse::Ok(echo(r.body)))
    }

    async fn list_whos(
        &self,
        r: ListWhosRequest,
        _: RequestContext,
    ) -> Result<ListWhosResponse, Problem> {
        Ok(ListWhosResponse::Ok(echo((r.who, r.kind))))
    }

    async fn post_reply(
        &self,
        r: PostReplyRequest,
        _: RequestContext,
    ) -> Result<PostReplyResponse, Problem> {
        Ok(PostReplyResponse::Ok(echo(r.body)))
    }

    async fn get_lamp(
        &self,
        _: GetLampRequest,
        _: RequestContext,
    ) -> Result<GetLampResponse, Problem> {
        Ok(GetLampResponse::Ok(
            specforge_generated::fidelity::models::Lamp::new(true),
        ))
    }

    async fn head_lamp(
        &self,
        _: HeadLampRequest,
        _: RequestContext,
    ) -> Result<HeadLampResponse, Problem> {
        Ok(HeadLampResponse::Ok { x_count: Some(3) })
    }

    async fn fill_basket(
        &self,
        r: FillBasketRequest,
        _: RequestContext,
    ) -> Result<FillBasketResponse, Problem> {
        // As text: a `serde_json::Value` holds no integer past 64 bits.
        let total = r.body.total.map(|total| total.to_string());
        Ok(FillBasketResponse::Ok(json!({
            "total": total,
            "body": echo(r.body),
            "expand": echo(r.expand),
            "window": echo(r.window),
            "source": echo(r.source),
            "items": echo(r.items),
        })))
    }

    async fn put_transactional_provider(
        &self,
        r: PutTransactionalProviderRequest,
        _: RequestContext,
    ) -> Result<PutTransactionalProviderResponse, Problem> {
        Ok(PutTransactionalProviderResponse::Ok(echo(r.body)))
    }

    async fn put_pairs(
        &self,
        r: PutPairsRequest,
        _: RequestContext,
    ) -> Result<PutPairsResponse, Problem> {
        Ok(PutPairsResponse::Ok(echo(r.body)))
    }

    async fn add_signing_key(
        &self,
        r: AddSigningKeyRequest,
        _: RequestContext,
    ) -> Result<AddSigningKeyResponse, Problem> {
        Ok(AddSigningKeyResponse::Ok(echo(r.body)))
    }

    async fn create_timer(
        &self,
        r: CreateTimerRequest,
        _: RequestContext,
    ) -> Result<CreateTimerResponse, Problem> {
        Ok(CreateTimerResponse::Ok(echo(r.body)))
    }

    async fn upload_profile_image(
        &self,
        r: UploadProfileImageRequest,
        _: RequestContext,
    ) -> Result<UploadProfileImageResponse, Problem> {
        Ok(UploadProfileImageResponse::Ok(match r.body {
            UploadProfileImageRequestBody::Multipart(parts) => {
                let file = match parts.file {
                    Some(file) => Some(file.bytes().await.unwrap().len()),
                    None => None,
                };
                json!({"sent": "multipart", "file": file})
            }
            UploadProfileImageRequestBody::Binary(upload) => {
                let bytes = axum::body::to_bytes(upload.body, usize::MAX).await.unwrap();
                json!({"sent": "binary", "len": bytes.len()})
            }
        }))
    }

    async fn create_aggregation(
        &self,
        r: CreateAggregationRequest,
        _: RequestContext,
    ) -> Result<CreateAggregationResponse, Problem> {
        use specforge_generated::fidelity::models::Aggregation;
        let variant = match &r.body {
            Aggregation::CountAggregation(_) => "count",
            Aggregation::PropertyAggregation(_) => "property",
            Aggregation::UniqueAggregation(_) => "unique",
            _ => "unknown",
        };
        Ok(CreateAggregationResponse::Ok(
            json!({"variant": variant, "value": echo(r.body)}),
        ))
    }

    async fn attach_documents(
        &self,
        r: AttachDocumentsRequest,
        _: RequestContext,
    ) -> Result<AttachDocumentsResponse, Problem> {
        let mut documents = Vec::new();
        for document in r.body.documents {
            documents.push(document.bytes().await.unwrap().to_vec());
        }
        let cover = match r.body.cover {
            Some(cover) => Some(cover.bytes().await.unwrap().to_vec()),
            None => None,
        };
        Ok(AttachDocumentsResponse::Ok(json!({
            "query": r.method,
            "method": r.body.method,
            "cover": cover,
            "documents": documents,
        })))
    }

    async fn define_output(
        &self,
        r: DefineOutputRequest,
        _: RequestContext,
    ) -> Result<DefineOutputResponse, Problem> {
        use specforge_generated::fidelity::models::OutputDefinition;
        let variant = match r.body {
            OutputDefinition::Variant1(_) => "numeric",
            OutputDefinition::Variant2(_) => "boolean",
            _ => "unknown",
        };
        Ok(DefineOutputResponse::Ok(json!({ "variant": variant })))
    }

    async fn create_network_resource(
        &self,
        r: CreateNetworkResourceRequest,
        _: RequestContext,
    ) -> Result<CreateNetworkResourceResponse, Problem> {
        Ok(CreateNetworkResourceResponse::Ok(echo(r.body)))
    }

    async fn set_counter(
        &self,
        r: SetCounterRequest,
        _: RequestContext,
    ) -> Result<SetCounterResponse, Problem> {
        Ok(SetCounterResponse::Ok(json!({
            "modifyIndex": r.body.modify_index.to_string(),
        })))
    }

    async fn check_key(
        &self,
        r: CheckKeyRequest,
        _: RequestContext,
    ) -> Result<CheckKeyResponse, Problem> {
        Ok(CheckKeyResponse::Ok(echo(r.key)))
    }

    async fn submit_logs(
        &self,
        r: SubmitLogsRequest,
        _: RequestContext,
    ) -> Result<SubmitLogsResponse, Problem> {
        Ok(SubmitLogsResponse::Ok(match r.body {
            SubmitLogsRequestBody::Json(lines) => json!({ "lines": echo(lines) }),
            SubmitLogsRequestBody::JsonSimple(line) => json!({ "line": echo(line) }),
        }))
    }

    async fn sign_in(
        &self,
        _: SignInRequest,
        _: RequestContext,
    ) -> Result<SignInResponse, Problem> {
        Ok(SignInResponse::Found)
    }

    async fn set_either_label(
        &self,
        r: SetEitherLabelRequest,
        _: RequestContext,
    ) -> Result<SetEitherLabelResponse, Problem> {
        Ok(SetEitherLabelResponse::Ok(echo(r.body)))
    }

    async fn put_any_label(
        &self,
        r: PutAnyLabelRequest,
        _: RequestContext,
    ) -> Result<PutAnyLabelResponse, Problem> {
        Ok(PutAnyLabelResponse::Ok(echo(r.body)))
    }

    async fn usage_report(
        &self,
        _: UsageReportRequest,
        context: RequestContext,
    ) -> Result<UsageReportResponse, Problem> {
        let principal = context.principal.map(|p| p.id);
        Ok(UsageReportResponse::Ok(json!({ "principal": principal })))
    }

    async fn join_filters(
        &self,
        r: JoinFiltersRequest,
        _: RequestContext,
    ) -> Result<JoinFiltersResponse, Problem> {
        Ok(JoinFiltersResponse::Ok(
            json!({ "and": echo(r.and), "rules": echo(r.rules) }),
        ))
    }

    async fn sign_up(
        &self,
        r: SignUpRequest,
        _: RequestContext,
    ) -> Result<SignUpResponse, Problem> {
        use specforge_generated::fidelity::models::SignUp;
        let variant = match &r.body {
            SignUp::PasswordSignUp(_) => "password",
            _ => "provider",
        };
        Ok(SignUpResponse::Ok(
            json!({"variant": variant, "sign_up": echo(r.body)}),
        ))
    }

    async fn create_profile(
        &self,
        r: CreateProfileRequest,
        _: RequestContext,
    ) -> Result<CreateProfileResponse, Problem> {
        Ok(CreateProfileResponse::Ok(echo(r.body)))
    }

    async fn create_purchase(
        &self,
        r: CreatePurchaseRequest,
        _: RequestContext,
    ) -> Result<CreatePurchaseResponse, Problem> {
        Ok(CreatePurchaseResponse::Ok(echo(r.body)))
    }

    async fn create_vehicle(
        &self,
        r: CreateVehicleRequest,
        _: RequestContext,
    ) -> Result<CreateVehicleResponse, Problem> {
        Ok(CreateVehicleResponse::Ok(echo(r.body)))
    }

    async fn create_flow(
        &self,
        r: CreateFlowRequest,
        _: RequestContext,
    ) -> Result<CreateFlowResponse, Problem> {
        Ok(CreateFlowResponse::Ok(echo(r.body)))
    }

    async fn upload_portrait(
        &self,
        r: UploadPortraitRequest,
        _: RequestContext,
    ) -> Result<UploadPortraitResponse, Problem> {
        let answer = match r.body {
            None => json!({"form": null}),
            Some(parts) => json!({
                "form": {"file": parts.file.bytes().await.unwrap().len(), "caption": parts.caption}
            }),
        };
        Ok(UploadPortraitResponse::Ok(answer))
    }

    async fn update_plan(
        &self,
        r: UpdatePlanRequest,
        _: RequestContext,
    ) -> Result<UpdatePlanResponse, Problem> {
        Ok(UpdatePlanResponse::Ok(match r.filter {
            Some(filter) => json!({"filter": echo(filter)}),
            None => echo(r.body),
        }))
    }

    async fn get_ledger(
        &self,
        r: GetLedgerRequest,
        _: RequestContext,
    ) -> Result<GetLedgerResponse, Problem> {
        let page = serde_json::to_string(&r.page).unwrap();
        Ok(GetLedgerResponse::Ok(json!({
            "entryJson": r.entry.to_string(), "pageJson": page, "view": echo(r.view),
            "window": echo(r.window)
        })))
    }

    async fn create_payout(
        &self,
        r: CreatePayoutRequest,
        _: RequestContext,
    ) -> Result<CreatePayoutResponse, Problem> {
        Ok(CreatePayoutResponse::Ok(json!({"key": r.idempotency_key})))
    }

    async fn create_order(
        &self,
        r: CreateOrderRequest,
        _: RequestContext,
    ) -> Result<CreateOrderResponse, Problem> {
        // Counts the runs, so a replay is told from a second run.
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let run = RUNS.fetch_add(1, Ordering::SeqCst);
        Ok(CreateOrderResponse::Ok(
            json!({"run": run, "keyLength": r.idempotency_key.map(|k| k.len())}),
        ))
    }

    async fn search(&self, r: SearchRequest, _: RequestContext) -> Result<SearchResponse, Problem> {
        Ok(SearchResponse::Ok(
            json!({"filter": echo(&r.filter), "filterJson": serde_json::to_string(&r.filter).unwrap(), "code": r.code, "count": r.count, "pretty": r.pretty, "mode": echo(r.mode), "nonce": echo(r.nonce), "note": r.note, "id": echo(r.id), "safe": r.safe, "choice": r.choice, "tier": format!("{:?}", r.tier), "within": r.within, "host": r.host, "contact": r.contact, "status": echo(r.status), "fields": r.fields, "page": format!("{:?}", r.x_page), "scores": echo(&r.x_scores), "scoresJson": serde_json::to_string(&r.x_scores).unwrap(), "ref": echo(r.r#ref), "flags": echo(&r.flags), "digits": echo(r.digits), "steps": r.steps, "sinceJson": serde_json::to_string(&r.since).unwrap(), "peers": echo(&r.peers), "levels": echo(&r.levels), "skus": echo(&r.skus), "createdJson": serde_json::to_string(&r.created).unwrap(), "flagsJson": serde_json::to_string(&r.flags).unwrap(), "floorsJson": serde_json::to_string(&r.floors).unwrap(), "weights": r.weights, "keys": r.keys}),
        ))
    }

    async fn upload(
        &self,
        r: UploadModelRequest,
        _: RequestContext,
    ) -> Result<UploadModelResponse, Problem> {
        let parts = r.body;
        let mut attachments = Vec::new();
        for file in parts.attachments {
            attachments.push(file_echo(file).await);
        }
        let mut frames = Vec::new();
        for file in parts.frames {
            frames.push(file_echo(file).await);
        }
        let clip = match parts.clip {
            Some(clip) => Some(file_echo(clip).await),
            None => None,
        };
        Ok(UploadModelResponse::Ok(json!({
            "title": parts.title,
            "copies": echo(parts.copies),
            // Exact past 64 bits, where a JSON number would not be.
            "copiesText": parts.copies.map(|copies| copies.to_string()),
            "sheetsText": parts.sheets.iter().flatten().map(i128::to_string).collect::<Vec<_>>(),
            "kind": echo(parts.kind),
            "note": parts.note,
            "tags": parts.tags,
            "meta": echo(&parts.meta),
            "metaText": parts.meta.as_ref().map(|meta| serde_json::to_string(meta).unwrap()),
            "file": file_echo(parts.file).await,
            "attachments": attachments,
            "clip": clip,
            "frames": frames,
            "grade": format!("{:?}", parts.grade),
        })))
    }

    async fn upload_avatar(
        &self,
        r: UploadAvatarRequest,
        _: RequestContext,
    ) -> Result<UploadAvatarResponse, Problem> {
        let parts = r.body;
        let scan = match parts.scan {
            Some(scan) => Some(file_echo(scan).await),
            None => None,
        };
        Ok(UploadAvatarResponse::Ok(json!({
            "user": parts.user,
            "image": file_echo(parts.image).await,
            "scan": scan,
        })))
    }

    async fn get_captions(
        &self,
        _: GetCaptionsRequest,
        context: RequestContext,
    ) -> Result<GetCaptionsResponse, Problem> {
        let accept = context
            .headers
            .get("accept")
            .map(|value| value.to_str().unwrap());
        Ok(GetCaptionsResponse::Ok(
            accept.unwrap_or_default().to_owned(),
        ))
    }

    async fn get_feed(
        &self,
        _: GetFeedRequest,
        context: RequestContext,
    ) -> Result<GetFeedResponse, Problem> {
        let accept = context.headers.get("accept").map(|v| v.to_str().unwrap());
        Ok(GetFeedResponse::Ok(accept.unwrap_or_default().to_owned()))
    }

    async fn get_versioned(
        &self,
        _: GetVersionedRequest,
        context: RequestContext,
    ) -> Result<GetVersionedResponse, Problem> {
        let header = |name: &str| {
            context
                .headers
                .get(name)
                .map(|value| value.to_str().unwrap().to_owned())
        };
        Ok(GetVersionedResponse::Ok(json!({
            "accept": header("accept"),
            "content-type": header("content-type"),
        })))
    }

    async fn post_batch(
        &self,
        r: PostBatchRequest,
        _: RequestContext,
    ) -> Result<PostBatchResponse, Problem> {
        Ok(PostBatchResponse::Ok(echo(r.body)))
    }

    async fn create_ticket(
        &self,
        r: CreateTicketRequest,
        _: RequestContext,
    ) -> Result<CreateTicketResponse, Problem> {
        use specforge_generated::fidelity::models::Ticket;
        Ok(CreateTicketResponse::Created(Ticket::new(r.body.title)))
    }

    async fn put_alarm(
        &self,
        r: PutAlarmRequest,
        _: RequestContext,
    ) -> Result<PutAlarmResponse, Problem> {
        use specforge_generated::fidelity::models::{PutAlarmBodySchedule, PutAlarmOkBody};
        // The fallback is the schedule's type.
        let followed: PutAlarmBodySchedule = r.body.fallback.unwrap_or(r.body.schedule);
        let answer = PutAlarmOkBody::new(followed.hour);
        Ok(PutAlarmResponse::Ok(match followed.days {
            Some(days) => answer.with_days(days.as_str().into()),
            None => answer,
        }))
    }

    async fn put_tags(
        &self,
        r: PutTagsRequest,
        _: RequestContext,
    ) -> Result<PutTagsResponse, Problem> {
        Ok(PutTagsResponse::Ok(json!({"tags": echo(r.body)})))
    }

    async fn post_signal(
        &self,
        r: PostSignalRequest,
        _: RequestContext,
    ) -> Result<PostSignalResponse, Problem> {
        use specforge_generated::fidelity::models::Signal;
        let variant = match &r.body {
            Signal::Beacon(_) => "beacon",
            Signal::Vote(_) => "vote",
            _ => "other",
        };
        Ok(PostSignalResponse::Ok(
            json!({"variant": variant, "signal": echo(r.body)}),
        ))
    }

    async fn delete_note(
        &self,
        _: DeleteNoteRequest,
        _: RequestContext,
    ) -> Result<DeleteNoteResponse, Problem> {
        Ok(DeleteNoteResponse::NoContent)
    }

    async fn annotate_note(
        &self,
        r: AnnotateNoteRequest,
        _: RequestContext,
    ) -> Result<AnnotateNoteResponse, Problem> {
        Ok(AnnotateNoteResponse::Ok(echo(r.body)))
    }

    async fn tag_note(
        &self,
        r: TagNoteRequest,
        _: RequestContext,
    ) -> Result<TagNoteResponse, Problem> {
        Ok(TagNoteResponse::Ok(echo(r.body)))
    }

    async fn post_note(
        &self,
        r: PostNoteRequest,
        _: RequestContext,
    ) -> Result<PostNoteResponse, Problem> {
        Ok(PostNoteResponse::Ok(match r.body {
            PostNoteRequestBody::Json(note) => json!({"sent": "json", "note": echo(note)}),
            PostNoteRequestBody::Multipart(parts) => {
                let attachment = match parts.attachment {
                    Some(file) => Some(file_echo(file).await),
                    None => None,
                };
                json!({
                    "sent": "multipart",
                    "text": parts.text,
                    "stars": parts.stars,
                    "attachment": attachment,
                })
            }
        }))
    }

    async fn patch_drafts(
        &self,
        r: PatchDraftsRequest,
        context: RequestContext,
    ) -> Result<PatchDraftsResponse, Problem> {
        let content_type = context.headers[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap();
        Ok(PatchDraftsResponse::Ok(match r.body {
            PatchDraftsRequestBody::Json(changes) => {
                json!({"sent": content_type, "changes": echo(changes)})
            }
            PatchDraftsRequestBody::JsonPatch(patch) => {
                json!({"sent": content_type, "patch": echo(patch)})
            }
        }))
    }

    async fn post_draft(
        &self,
        r: PostDraftRequest,
        _: RequestContext,
    ) -> Result<PostDraftResponse, Problem> {
        Ok(PostDraftResponse::Ok(match r.body {
            PostDraftRequestBody::Json(draft) => json!({"sent": "json", "draft": echo(draft)}),
            PostDraftRequestBody::Text(text) => json!({"sent": "text", "text": text}),
            PostDraftRequestBody::Form(form) => json!({"sent": "form", "form": echo(form)}),
            PostDraftRequestBody::Xml(sketch) => json!({"sent": "xml", "sketch": echo(sketch)}),
            PostDraftRequestBody::JsonPatch(patch) => {
                json!({"sent": "patch", "patch": echo(patch)})
            }
            PostDraftRequestBody::Binary(upload) => {
                let bytes = axum::body::to_bytes(upload.body, usize::MAX).await.unwrap();
                json!({"sent": "binary", "type": upload.content_type, "len": bytes.len()})
            }
        }))
    }

    async fn put_annotations(
        &self,
        r: PutAnnotationsRequest,
        _: RequestContext,
    ) -> Result<PutAnnotationsResponse, Problem> {
        Ok(PutAnnotationsResponse::Ok(echo(r.body)))
    }

    async fn put_theme(
        &self,
        r: PutThemeRequest,
        _: RequestContext,
    ) -> Result<PutThemeResponse, Problem> {
        Ok(PutThemeResponse::Ok(match r.body {
            Some(specforge_runtime::Loose::Object(theme)) => json!({"object": echo(theme)}),
            Some(specforge_runtime::Loose::Other(value)) => json!({"other": value}),
            None => json!("none"),
        }))
    }

    async fn put_theme_stops(
        &self,
        r: PutThemeStopsRequest,
        _: RequestContext,
    ) -> Result<PutThemeStopsResponse, Problem> {
        Ok(PutThemeStopsResponse::Ok(match r.body {
            specforge_runtime::LooseList::List(stops) => json!({"list": stops}),
            specforge_runtime::LooseList::Other(value) => json!({"other": value}),
        }))
    }

    async fn get_latest_draft(
        &self,
        _: GetLatestDraftRequest,
        _: RequestContext,
    ) -> Result<GetLatestDraftResponse, Problem> {
        Ok(GetLatestDraftResponse::SeeOther {
            location: "/drafts/7".to_owned(),
        })
    }
}

/// What the handler knows of a file part: its name, type and size, where
/// it waited, and a digest of the bytes read back as a stream.
async fn file_echo(file: FilePart) -> Value {
    let described = json!({
        "name": file.file_name(),
        "type": file.content_type(),
        "len": file.len(),
        "spooled": file.spooled_path().is_some(),
    });
    let bytes: Vec<u8> = file
        .into_stream()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .unwrap();
    let mut described = described;
    described["len_read"] = json!(bytes.len());
    described["digest"] = json!(digest(&bytes));
    described
}

/// FNV-1a: enough to tell two byte strings apart in a test.
fn digest(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

struct Served {
    base: String,
    http: reqwest::Client,
}

impl Served {
    async fn start() -> Self {
        Self::start_with(ServerOptions::default()).await
    }

    async fn start_with(options: ServerOptions) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = router(Echo, options);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            base,
            http: reqwest::Client::new(),
        }
    }

    /// `method path`, to send with [`Served::send`].
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    /// `POST path` of `body` as `content_type`.
    fn post_as(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> RequestBuilder {
        self.request(Method::POST, path)
            .header("content-type", content_type)
            .body(body)
    }

    async fn send(&self, request: RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.request(Method::GET, path)).await
    }

    async fn post_json(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(self.request(Method::POST, path).json(&body))
            .await
    }

    async fn post_form(&self, path: &str, form: Form) -> (StatusCode, Value) {
        self.send(self.request(Method::POST, path).multipart(form))
            .await
    }

    /// Posts `body` to `path`: a 200 naming the union `variant` decoded.
    async fn expect_variant(&self, path: &str, body: Value, variant: &str) {
        let answer = self.post_json(path, body).await;
        assert_eq!(answer, (StatusCode::OK, json!({"variant": variant})));
    }
}

/// The first violation's pointer and detail of a 400.
fn violation(body: &Value) -> (String, String) {
    let error = &body["errors"][0];
    (
        error["pointer"].as_str().unwrap_or_default().to_owned(),
        error["detail"].as_str().unwrap_or_default().to_owned(),
    )
}

const FORM: &str = "application/x-www-form-urlencoded";

fn valid_thing() -> Value {
    json!({"name": "n", "note": null, "code": "AB1", "extra": {"any": 1}})
}

/// `valid_thing()` with `member` set to `value`.
fn thing_with(member: &str, value: Value) -> Value {
    let mut thing = valid_thing();
    thing[member] = value;
    thing
}

#[tokio::test]
async fn templates_that_route_alike_share_one_route() {
    let s = Served::start().await;
    let (status, body) = s.get("/files/7").await;
    assert_eq!((status, &body["op"]), (StatusCode::OK, &json!("getFile")));
    let (status, body) = s.send(s.request(Method::DELETE, "/files/f-1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["folderId"], "f-1");
    // Each operation reads the parameter by its own name and schema.
    assert_eq!(s.get("/files/abc").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn fragment_twins_are_told_apart_by_their_content_types() {
    let s = Served::start().await;
    let (status, body) = s.send(s.post_as("/things", "text/plain", "hello")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"op": "streamThings", "text": "hello"}));
    let (status, body) = s.post_json("/things", valid_thing()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["op"], "createThing");
}

#[tokio::test]
async fn a_request_with_a_twins_fixed_query_is_that_twins_alone() {
    let s = Served::start().await;
    let catalog = |query: &'static str, features: Option<&'static str>| {
        let request = s.request(Method::GET, &format!("/catalog{query}"));
        s.send(match features {
            Some(features) => request.header("features", features),
            None => request,
        })
    };
    let (status, body) = catalog("", None).await;
    assert_eq!(
        (status, &body["op"]),
        (StatusCode::OK, &json!("getCatalog"))
    );
    let (status, body) = catalog("?beta=false", Some("v3")).await;
    assert_eq!(
        (status, &body["op"]),
        (StatusCode::OK, &json!("getCatalog"))
    );
    let (status, body) = catalog("?beta=true", Some("v1, v2")).await;
    assert_eq!(
        (status, &body["op"]),
        (StatusCode::OK, &json!("getBetaCatalog"))
    );
    assert_eq!(body["features"], json!(["v1", "v2"]));
    // Refused by the twin it names, not served by the plain operation.
    let (status, body) = catalog("?beta=true", Some("v3")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/features/0", "{body}");
}

#[tokio::test]
async fn segments_mixing_text_and_parameters() {
    let s = Served::start().await;
    let (status, body) = s.get("/reports/report-2024").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"op": "getReport", "year": 2024}));
    let (status, body) = s.get("/reports/sales.csv").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"op": "getReportFile", "name": "sales", "format": "csv"})
    );
    assert_eq!(
        s.get("/reports/report-1999").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(s.get("/reports/sales.pdf").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(s.get("/reports/nothing").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn objects_hold_their_members_to_the_schema() {
    let s = Served::start().await;
    assert_eq!(
        s.post_json("/things", valid_thing()).await.0,
        StatusCode::OK
    );
    // Required and nullable: null is fine, absence is not.
    let mut absent = valid_thing();
    absent.as_object_mut().unwrap().remove("note");
    let (status, body) = s.post_json("/things", absent).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).0, "/note");
    // Required without a schema of its own: still required.
    let mut no_extra = valid_thing();
    no_extra.as_object_mut().unwrap().remove("extra");
    let (status, body) = s.post_json("/things", no_extra).await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/extra")
    );
    // maxProperties counts every member present.
    let mut crowded = valid_thing();
    for (k, v) in [
        ("count", json!(1)),
        ("email", json!("a@b.io")),
        ("address", json!("10.0.0.1")),
    ] {
        crowded[k] = v;
    }
    let (status, body) = s.post_json("/things", crowded).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(violation(&body).1.contains("at most 6 members"), "{body}");
    // An array is not an object, even one of the right length.
    let (status, _) = s.post_json("/things", json!(["n", null, "AB1", {}])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let nested = thing_with("inner", json!([1]));
    assert_eq!(
        s.post_json("/things", nested).await.0,
        StatusCode::BAD_REQUEST
    );
    // An object that allows no member holds none.
    let (status, body) = s
        .post_json("/things", thing_with("sealed", json!({})))
        .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = s
        .post_json("/things", thing_with("sealed", json!({"a": 1})))
        .await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/sealed")
    );
    // Each member valid, then broken, the violation at the place named:
    // rules two containers deep; members beside the declared ones; and
    // `unevaluatedProperties: false`, which closes an object as
    // `additionalProperties: false` does (`allOf` members included, and
    // the one type a `$ref` beside it names).
    for (member, good, bad, at) in [
        (
            "grid",
            json!([["a"], ["b", "c"]]),
            json!([["a", "b", "c"]]),
            "/grid/0",
        ),
        ("grid", json!([["a"]]), json!([["a"], ["B"]]), "/grid/1/0"),
        (
            "groups",
            json!({"x": ["a@b.io"]}),
            json!({"x": ["a@b.io", "no"]}),
            "/groups/x/1",
        ),
        (
            "tagged",
            json!({"name": "n", "x": "abc"}),
            json!({"x": "abcd"}),
            "/tagged/x",
        ),
        (
            "votes",
            json!({"total": 1, "a": {"score": 1, "up": true}}),
            json!({"a": {"score": 0, "up": true}}),
            "/votes/a/score",
        ),
        (
            "strict",
            json!({"a": 1}),
            json!({"a": 1, "b": "x"}),
            "/strict/b",
        ),
        (
            "strictMerged",
            json!({"b": "x"}),
            json!({"a": 1, "c": 2}),
            "/strictMerged/c",
        ),
        (
            "strictVote",
            json!({"score": 1, "up": true}),
            json!({"score": 1, "up": true, "down": false}),
            "/strictVote/down",
        ),
    ] {
        let (status, body) = s.post_json("/things", thing_with(member, good)).await;
        assert!(status.is_success(), "{member}: {body}");
        let (status, body) = s.post_json("/things", thing_with(member, bad)).await;
        assert_eq!(
            (status, violation(&body).0.as_str()),
            (StatusCode::BAD_REQUEST, at),
            "{body}"
        );
    }
    let put_grid = |grid: Value| s.send(s.request(Method::PUT, "/grids").json(&grid));
    let (status, body) = put_grid(json!([[1, 2], [9]])).await;
    assert!(status.is_success(), "{body}");
    let (status, body) = put_grid(json!([[1], [2, 10]])).await;
    assert_eq!(pointers(status, &body), ["/1/1"]);
    let (status, body) = put_grid(json!([[1, 2, 3]])).await;
    assert_eq!(pointers(status, &body), ["/0"]);
}

#[tokio::test]
async fn items_are_held_to_their_enum_and_a_union_variant_s_items_to_theirs() {
    let s = Served::start().await;
    for (member, good, bad) in [
        ("levels", json!([1, 2]), json!([2, 3])),
        ("codes", json!(["AB1"]), json!(["AB1", "ABC"])),
    ] {
        let (status, body) = s.post_json("/things", thing_with(member, good)).await;
        assert!(status.is_success(), "{member}: {body}");
        let (status, body) = s.post_json("/things", thing_with(member, bad)).await;
        assert_eq!(
            (status, violation(&body).0),
            (StatusCode::BAD_REQUEST, format!("/{member}/1")),
            "{body}"
        );
    }
}

#[tokio::test]
async fn integer_bounds_past_f64_are_held_exactly() {
    let s = Served::start().await;
    let highest = 18_014_398_509_481_983_u64;
    let (status, body) = s
        .post_json("/things", thing_with("mask", json!(highest)))
        .await;
    assert!(status.is_success(), "{body}");
    for past in [highest + 1, u64::MAX] {
        let (status, body) = s
            .post_json("/things", thing_with("mask", json!(past)))
            .await;
        assert_eq!(
            (status, violation(&body).0.as_str()),
            (StatusCode::BAD_REQUEST, "/mask"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn integers_without_a_format_are_any_integer_within_128_bits() {
    let s = Served::start().await;
    // As text: a `serde_json::Value` holds no integer past 64 bits. The
    // member `member` (0 in `thing`) set to `n`, as JSON text.
    let thing_with_integer = |thing: Value, member: &str, n: &str| {
        thing
            .to_string()
            .replace(&format!(r#""{member}":0"#), &format!(r#""{member}":{n}"#))
    };
    let thing_with_inner =
        |a: &str| thing_with_integer(thing_with("inner", json!({"a": 0})), "a", a);
    // -2^100 and 2^127 - 1: past 64 bits, within `i128`.
    for wide in ["-1267650600228229401496703205376", &i128::MAX.to_string()] {
        let (status, body) = s.get(&format!("/files/{wide}")).await;
        assert_eq!((status, &body["fileId"]), (StatusCode::OK, &json!(wide)));
        // A struct member, and a union member: the union keeps the text it
        // was read from.
        for (thing, member) in [
            (thing_with_inner(wide), "a"),
            (
                thing_with_integer(thing_with("later", json!(0)), "later", wide),
                "later",
            ),
        ] {
            let (status, body) = s
                .send(s.post_as("/things", "application/json", thing))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let sent = body["json"].as_str().unwrap();
            assert!(sent.contains(&format!(r#""{member}":{wide}"#)), "{sent}");
        }
    }
    // 2^128: past what the generated type holds, said as such.
    let past = "340282366920938463463374607431768211456";
    let (status, body) = s.get(&format!("/files/{past}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).0, "/fileId");
    assert!(violation(&body).1.contains("out of range"), "{body}");
    let thing = thing_with_inner(past);
    let (status, body) = s
        .send(s.post_as("/things", "application/json", thing))
        .await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/inner/a"),
        "{body}"
    );
}

#[tokio::test]
async fn a_multipart_body_read_whole_decodes_as_its_form_would() {
    let s = Served::start().await;
    let put = |form: Form| s.request(Method::PUT, "/tags").multipart(form);
    // Text that would be a bad JSON number is a string member.
    let form = Form::new().text("a", "000123").text("b", "x");
    let (status, body) = s.send(put(form)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tags"], json!({"a": "000123", "b": "x"}));
    // The map's own rules hold as they do for JSON.
    let form = Form::new().text("a", "1").text("b", "2").text("c", "3");
    let (status, body) = s.send(put(form)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = s.send(put(Form::new().text("a", "toolong"))).await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/a")
    );
    let (status, body) = s
        .send(
            s.request(Method::PUT, "/tags")
                .json(&json!({"a": "000123"})),
        )
        .await;
    assert_eq!(
        (status, &body["tags"]["a"]),
        (StatusCode::OK, &json!("000123"))
    );
}

#[tokio::test]
async fn multipart_part_names_and_file_names_keep_control_characters() {
    let s = Served::start().await;
    // A map's member names are free text, sent as they are (no
    // percent-encoding), control characters included: a header value
    // cannot hold those, yet the body is read and no name is changed.
    let form = Form::new()
        .percent_encode_noop()
        .text("a\u{1}b", "x")
        .text("\u{7f}\u{10FFFD}", "y");
    let (status, body) = s
        .send(s.request(Method::PUT, "/tags").multipart(form))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["tags"],
        json!({"a\u{1}b": "x", "\u{7f}\u{10FFFD}": "y"})
    );
    // Read by parts: a file part's name comes through the same way.
    let form = Form::new()
        .percent_encode_noop()
        .text("title", "T")
        .part("file", file(b"hello".to_vec(), "a\u{2}.txt", "text/plain"));
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["file"]["name"], "a\u{2}.txt");
}

#[tokio::test]
async fn a_one_of_value_two_members_take_is_refused() {
    let s = Served::start().await;
    for (member, value, accepted) in [
        ("amount", json!(2.5), true),
        ("amount", json!(5), false),
        ("amount", json!(5.0), false),
        ("measure", json!(5), true),
        ("measure", json!(2.5), true),
    ] {
        let (status, body) = s
            .post_json("/things", thing_with(member, value.clone()))
            .await;
        if accepted {
            assert_eq!(status, StatusCode::OK, "{member}: {value}: {body}");
        } else {
            assert_eq!(
                (status, violation(&body).0),
                (StatusCode::BAD_REQUEST, format!("/{member}")),
                "{value}"
            );
            assert!(violation(&body).1.contains("more than one"), "{body}");
        }
    }
}

#[tokio::test]
async fn constraints_follow_references_and_nullable_unions() {
    let s = Served::start().await;
    // `code` refers to a constrained string component (ECMA-262 look-ahead).
    for (member, bad) in [("code", "ABC"), ("maybeCode", "TOOLONG1")] {
        let (status, body) = s.post_json("/things", thing_with(member, json!(bad))).await;
        assert_eq!(
            (status, violation(&body).0),
            (StatusCode::BAD_REQUEST, format!("/{member}"))
        );
    }
    // `maybeCode`, then a nullable union defined after the object that
    // refers to it.
    for (member, ok) in [
        ("maybeCode", json!(null)),
        ("maybeCode", json!("AB12")),
        ("later", json!(null)),
        ("later", json!(3)),
        ("later", json!("x")),
    ] {
        let thing = thing_with(member, ok.clone());
        assert_eq!(
            s.post_json("/things", thing).await.0,
            StatusCode::OK,
            "{member}: {ok}"
        );
    }
}

#[tokio::test]
async fn integers_and_formats_as_json_schema_reads_them() {
    let s = Served::start().await;
    let thing = thing_with("count", json!(3856.0));
    assert_eq!(s.post_json("/things", thing).await.0, StatusCode::OK);
    let thing = thing_with("count", json!(3_000_000_000_u64));
    let (status, body) = s.post_json("/things", thing).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        violation(&body),
        (
            "/count".into(),
            "`3000000000` is out of range for int32".into()
        )
    );
    for (member, bad) in [
        ("email", "not-an-email"),
        ("site", "/relative"),
        ("address", "300.1.1.1"),
        ("link", "/caf\u{e9}\u{9c}"),
        ("path", "/caf\u{e9}"),
        ("path", "/a b"),
    ] {
        let (status, body) = s.post_json("/things", thing_with(member, json!(bad))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{member}");
        assert_eq!(violation(&body).0, format!("/{member}"));
    }
    for (member, ok) in [
        ("link", "/caf\u{e9}#menu"),
        ("path", "../a?b=c"),
        ("path", ""),
    ] {
        let (status, body) = s.post_json("/things", thing_with(member, json!(ok))).await;
        assert_eq!(status, StatusCode::OK, "{member}: {ok:?}: {body}");
    }
}

#[tokio::test]
async fn unions_pick_the_variant_the_schema_means() {
    let s = Served::start().await;
    // An implicit discriminator: `type` is fixed per variant.
    s.expect_variant("/shapes", json!({"type": "square", "side": 2}), "square")
        .await;
    s.expect_variant("/shapes", json!({"type": "circle", "radius": 1}), "circle")
        .await;
    let (status, _) = s
        .post_json("/shapes", json!({"type": "hexagon", "side": 2}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A discriminator: the fixed value, the mapping key, and the schema name
    // even where the mapping names that schema.
    s.expect_variant("/pets", json!({"kind": "cat", "lives": 3}), "cat")
        .await;
    for kind in ["doggo", "Dog"] {
        s.expect_variant("/pets", json!({"kind": kind, "good": true}), "dog")
            .await;
        // The tag names the variant, so its own violation is the one told,
        // at the member that breaks it.
        let (status, body) = s
            .post_json("/pets", json!({"kind": kind, "good": "yes"}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (pointer, detail) = violation(&body);
        assert_eq!(pointer, "/good", "{body}");
        assert!(
            detail.starts_with("invalid type: string \"yes\", expected a boolean"),
            "{body}"
        );
    }
    // No variant answers to `Cat` (the Cat schema fixes `kind` to `cat`),
    // and the mapping pins Dog, whose `kind` is free text, to `doggo`:
    // though the value would do as a Dog, it is neither.
    let (status, body) = s
        .post_json("/pets", json!({"kind": "Cat", "lives": 3}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(violation(&body).1.contains("is not one of"), "{body}");
    // The tag names Cat, so a Cat that breaks its bounds is refused, though
    // the value would do as a Dog; and where it is neither variant, the
    // named one's violations are reported.
    for pet in [
        json!({"kind": "cat", "lives": 10}),
        json!({"kind": "cat", "lives": 10, "good": "yes"}),
    ] {
        let (status, body) = s.post_json("/pets", pet).await;
        assert_eq!(
            (status, violation(&body).0.as_str()),
            (StatusCode::BAD_REQUEST, "/lives")
        );
    }
    // Untagged: the variant whose constraints hold, and a missing member of
    // one variant is not accepted as another.
    s.expect_variant("/payments", json!({"number": "GB12345"}), "account")
        .await;
    let card = json!({"number": "4242424242424242", "cvc": "123"});
    s.expect_variant("/payments", card, "card").await;
    let (status, _) = s
        .post_json("/payments", json!({"number": "4242424242424242"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bodies_in_every_declared_media_type() {
    let s = Served::start().await;
    let post_xml = |xml| s.send(s.post_as("/records", "application/xml", xml));
    let (status, body) =
        post_xml("<record><id>4</id><label>four</label><pin>1</pin><state>final</state></record>")
            .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"id": 4, "label": "four", "pin": "1", "state": "final"})
        )
    );
    // One document: a second root element is not ignored.
    let (status, body) =
        post_xml("<record><id>4</id><label>four</label><pin>1</pin></record><record/>").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = s
        .post_json("/records", json!({"id": 4, "label": "four", "pin": "1"}))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn xml_bodies_follow_the_schemas_xml_names_and_wrapping() {
    let s = Served::start().await;
    let post_xml = |xml| s.send(s.post_as("/records", "application/xml", xml));
    let (status, body) = post_xml(
        "<record revision=\"3\"><id>4</id><label>four &amp; more</label><pin>1</pin>\
         <tags><tag>a</tag><tag>b</tag></tags><flag>true</flag><flag>false</flag></record>",
    )
    .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({
                "id": 4, "label": "four & more", "pin": "1", "revision": 3,
                "tags": ["a", "b"], "flags": [true, false]
            })
        )
    );
    // An empty wrapper is an empty list.
    let (status, body) =
        post_xml("<record><id>4</id><label>l</label><pin>1</pin><tags/></record>").await;
    assert_eq!((status, body["tags"].clone()), (StatusCode::OK, json!([])));
    // `null` for a value that is not text is null, where the member may be.
    let (status, body) =
        post_xml("<record><id>4</id><label>l</label><pin>1</pin><rank>null</rank></record>").await;
    assert_eq!(
        (status, body["rank"].clone()),
        (StatusCode::OK, json!(null))
    );
    // Text is typed as the schema says, and refused where it is no such value.
    for (xml, pointer) in [
        (
            "<record revision=\"null\"><id>4</id><label>l</label><pin>1</pin></record>",
            "/revision",
        ),
        (
            "<record><id>4</id><label>l</label><pin>1</pin><flag>0</flag></record>",
            "/flags/0",
        ),
        (
            "<record revision=\"next\"><id>4</id><label>l</label><pin>1</pin></record>",
            "/revision",
        ),
        ("<record>true</record>", ""),
    ] {
        let (status, body) = post_xml(xml).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{xml}: {body}");
        assert_eq!(violation(&body).0, pointer, "{xml}: {body}");
    }
}

#[tokio::test]
async fn annotation_only_schemas_allow_any_value() {
    let s = Served::start().await;
    for note in [json!("text"), json!(3), json!([1]), json!({"a": 1})] {
        let record = json!({
            "id": 1,
            "label": "one",
            "pin": "1",
            "note": note,
            "attributes": {"colour": "blue", "size": 3}
        });
        let (status, body) = s.post_json("/records", record.clone()).await;
        assert_eq!((status, body), (StatusCode::OK, record));
    }
}

#[tokio::test]
async fn large_values_are_held_to_their_steps_exactly() {
    let s = Served::start().await;
    let record = |batch: Value| json!({"id": 1, "label": "one", "pin": "1", "batch": batch});
    // Odd and a multiple of 3, in both spellings: only the second variant.
    for batch in [
        json!(-4_269_319_751_507_211_i64),
        json!(-4_269_319_751_507_211.0),
    ] {
        let (status, body) = s.post_json("/records", record(batch.clone())).await;
        assert_eq!(status, StatusCode::OK, "{batch}: {body}");
    }
    // A multiple of both, and of neither (2^60 + 1 is odd and 2 mod 3).
    for batch in [json!(6), json!(1_152_921_504_606_846_977_i64)] {
        let (status, body) = s.post_json("/records", record(batch.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{batch}: {body}");
        assert_eq!(violation(&body).0, "/batch", "{body}");
    }
}

#[tokio::test]
async fn a_null_typed_member_is_null_or_absent() {
    let s = Served::start().await;
    let record = json!({"id": 1, "label": "one", "pin": "1", "retired": null});
    let (status, body) = s.post_json("/records", record.clone()).await;
    assert_eq!((status, body), (StatusCode::OK, record));
    for retired in [json!({}), json!(0), json!("no")] {
        let record = json!({"id": 1, "label": "one", "pin": "1", "retired": retired});
        let (status, body) = s.post_json("/records", record).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{retired}: {body}");
        assert_eq!(violation(&body).0, "/retired", "{body}");
    }
}

#[tokio::test]
async fn write_only_nullable_members_accept_null() {
    let s = Served::start().await;
    for secret in [json!(null), json!("s3cret")] {
        let record = json!({"id": 1, "label": "one", "pin": "1234", "secret": secret});
        let (status, body) = s.post_json("/records", record.clone()).await;
        assert_eq!((status, body), (StatusCode::OK, record));
    }
    let (status, body) = s
        .post_json(
            "/records",
            json!({"id": 1, "label": "one", "pin": "1", "secret": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn write_only_and_read_only_members_on_their_sides() {
    let s = Served::start().await;
    let (status, body) = s
        .post_json("/records", json!({"id": 1, "label": "one"}))
        .await;
    assert_eq!(
        violations(status, &body),
        [("/pin".to_owned(), "is required".to_owned())]
    );
    // Responses leave it out: the model holds an `Option`; and a nullable
    // read-only member may be null there.
    let record: specforge_generated::fidelity::models::Record =
        serde_json::from_value(json!({"id": 1, "label": "one", "deletedAt": null})).unwrap();
    assert_eq!((record.pin, record.deleted_at), (None, None));
    // A non-nullable one too, as an answer, where a server may send null
    // for a member it left unset.
    let answer: specforge_generated::fidelity::models::Record =
        serde_json::from_value(json!({"id": 1, "label": "one", "createdAt": null})).unwrap();
    assert_eq!(answer.created_at, None);
    // The server sets them: a request carrying one, whatever its value, is
    // refused and told why.
    for (member, value) in [
        ("createdAt", json!("2024-01-31T12:00:00Z")),
        ("createdAt", json!(null)),
        ("createdAt", json!(7)),
        ("deletedAt", json!(null)),
    ] {
        let mut record = json!({"id": 1, "label": "one", "pin": "1"});
        record[member] = value;
        let (status, body) = s.post_json("/records", record).await;
        let (pointer, detail) = violations(status, &body).remove(0);
        assert_eq!(pointer, format!("/{member}"), "{body}");
        assert!(detail.contains("read-only"), "{body}");
    }
    // The generated client leaves them out of what it sends, so a record
    // read from an answer can be sent back as it is.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let read: specforge_generated::fidelity::models::Record = serde_json::from_value(
        json!({"id": 1, "label": "one", "createdAt": "2024-01-31T12:00:00Z"}),
    )
    .unwrap();
    assert!(read.created_at.is_some());
    let response = client
        .create_record(read.with_pin("1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.into_inner(),
        json!({"id": 1, "label": "one", "pin": "1"})
    );
}

#[tokio::test]
async fn fragment_twins_of_one_content_type_are_told_apart_by_their_bodies() {
    let s = Served::start().await;
    let put = |body: Value| s.send(s.request(Method::PUT, "/links/l1").json(&body));
    let (status, body) = put(json!({"target": {"url": "https://example.com"}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["op"], "addTarget");
    assert_eq!(body["body"]["target"]["url"], "https://example.com");
    let (status, body) = put(json!({"target": null})).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"op": "removeTarget", "linkId": "l1"})
        )
    );
    // Neither twin accepts it: the first one's problem says why.
    let (status, body) = put(json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/target", "{body}");
}

#[tokio::test]
async fn one_of_consts_is_an_enum() {
    let s = Served::start().await;
    let record = json!({"id": 1, "label": "one", "pin": "1", "level": 2});
    let (status, body) = s.post_json("/records", record.clone()).await;
    assert_eq!((status, body), (StatusCode::OK, record));
    for level in [json!(3), json!(2147483648_i64), json!("2"), json!({})] {
        let (status, body) = s
            .post_json(
                "/records",
                json!({"id": 1, "label": "one", "pin": "1", "level": level}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{level}: {body}");
        assert_eq!(violation(&body).0, "/level", "{body}");
    }
}

#[tokio::test]
async fn a_media_range_with_a_schema_takes_that_data_as_json_yaml_or_text() {
    let s = Served::start().await;
    let put = |body: Value| s.send(s.request(Method::PUT, "/imports").json(&body));
    let record = json!({"id": 7, "label": "seven", "pin": "7"});
    let (status, body) = put(record.clone()).await;
    assert_eq!((status, body), (StatusCode::OK, record.clone()));
    let (status, body) = put(json!([null, null])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // The range may carry a multipart form, so the server decodes the body
    // as it arrives; JSON is still held to a request's rules: no `null`
    // for a member that is not nullable, no read-only member, and a
    // date-time with its offset.
    for (member, value) in [
        ("level", json!(null)),
        ("createdAt", json!("2024-01-02T03:04:05Z")),
        ("deletedAt", json!("2024-01-02T03:04:05")),
    ] {
        let mut sent = record.clone();
        sent[member] = value;
        let (status, body) = put(sent).await;
        assert_eq!(pointers(status, &body), [format!("/{member}")], "{member}");
    }
    // The generated client sends it as JSON.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let model: specforge_generated::fidelity::models::Record =
        serde_json::from_value(record.clone()).unwrap();
    let response = client.import_record(model).send().await.unwrap();
    assert_eq!(response.into_inner(), record);
    // The range takes YAML too: the data it denotes, held to the schema.
    let put_as = |content_type: &str, body: &'static str| {
        s.request(Method::PUT, "/imports")
            .header("content-type", content_type)
            .body(body)
    };
    for content_type in ["application/yaml", "application/x-yaml", "text/yaml"] {
        let (status, body) = s
            .send(put_as(content_type, "id: 7\nlabel: \"seven\"\npin: '7'\n"))
            .await;
        assert_eq!(
            (status, body),
            (StatusCode::OK, record.clone()),
            "{content_type}"
        );
    }
    // YAML 1.2: `y` and `no` are text, not booleans.
    let (status, body) = s
        .send(put_as("application/yaml", "id: 7\nlabel: y\npin: no\n"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((&body["label"], &body["pin"]), (&json!("y"), &json!("no")));
    // And XML, each text typed by its member (`id` a number).
    let (status, body) = s
        .send(put_as(
            "application/xml",
            "<record><id>7</id><label>seven</label><pin>7</pin></record>",
        ))
        .await;
    assert_eq!((status, body), (StatusCode::OK, record.clone()));
    // Text under the range is the data it writes out, else refused.
    let (status, body) = s
        .send(put_as(
            "text/plain",
            r#"{"id": 7, "label": "seven", "pin": "7"}"#,
        ))
        .await;
    assert_eq!((status, body), (StatusCode::OK, record.clone()));
    let (status, body) = s.send(put_as("text/plain", "seven")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = s.send(put_as("application/yaml", "id: seven\n")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = s.send(put_as("application/yaml", "id: [7\n")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(violation(&body).1.contains("YAML"), "{body}");
}

#[tokio::test]
async fn a_media_range_with_a_schema_takes_that_data_as_a_form() {
    let s = Served::start().await;
    let record = json!({"id": 7, "label": "seven", "pin": "7", "note": [1, 2]});
    // URL-encoded: each member typed by the schema, a repeated name a list.
    let (status, body) = s
        .send(
            s.request(Method::PUT, "/imports")
                .header("content-type", FORM)
                .body("id=7&label=seven&pin=7&note=1&note=2"),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, record.clone()));
    // Multipart: the same members as text parts.
    let parts = || {
        Form::new()
            .text("id", "7")
            .text("label", "seven")
            .text("pin", "7")
    };
    let put_parts = |form: Form| s.send(s.request(Method::PUT, "/imports").multipart(form));
    let (status, body) = put_parts(parts().text("note", "1").text("note", "2")).await;
    assert_eq!((status, body), (StatusCode::OK, record.clone()));
    // Any multipart subtype the range covers: its named parts are a form.
    let mixed = "--b\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n7\r\n\
                 --b\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nseven\r\n\
                 --b\r\nContent-Disposition: form-data; name=\"pin\"\r\n\r\n7\r\n\
                 --b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n[1, 2]\r\n--b--\r\n";
    let (status, body) = s
        .send(
            s.request(Method::PUT, "/imports")
                .header("content-type", "multipart/mixed; boundary=b")
                .body(mixed),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, record));
    // A member's text is held to its type, and an empty form lacks the
    // required members, each named.
    let (status, body) = put_parts(Form::new().text("id", "seven")).await;
    assert_eq!(pointers(status, &body), ["/id", "/label", "/pin"]);
    let (status, body) = s
        .send(
            s.request(Method::PUT, "/imports")
                .header("content-type", "multipart/form-data; boundary=b")
                .body("--b--\r\n"),
        )
        .await;
    assert_eq!(pointers(status, &body), ["/id", "/label", "/pin"], "{body}");
}

#[tokio::test]
async fn a_union_of_an_enum_and_a_number_reads_numbers_as_numbers() {
    let s = Served::start().await;
    for (query, status) in [("failed", json!("failed")), ("404", json!(404))] {
        let (code, body) = s.get(&format!("/search?status={query}")).await;
        assert_eq!((code, body["status"].clone()), (StatusCode::OK, status));
    }
    let (code, body) = s.get("/search?status=nope").await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn a_union_variant_keeps_its_constraints() {
    let s = Served::start().await;
    let id = "0b7c1f2e-8d3a-4c5b-9e6f-1a2b3c4d5e6f";
    for good in ["orbit", id] {
        let (status, body) = s.get(&format!("/projects/{good}")).await;
        assert_eq!((status, body), (StatusCode::OK, json!({"project": good})));
    }
    for bad in ["Orbit", "orbitalstation"] {
        let (status, body) = s.get(&format!("/projects/{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(violation(&body).0, "/project", "{body}");
    }
}

#[tokio::test]
async fn an_untyped_parameter_repeated_is_a_list() {
    let s = Served::start().await;
    let (status, body) = s.get("/search?fields=id&fields=name").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["fields"], json!(["id", "name"]));
    let (_, body) = s.get("/search?fields=id").await;
    assert_eq!(body["fields"], json!("id"));
}

#[tokio::test]
async fn parameter_enums_that_are_not_strings_are_checked() {
    let s = Served::start().await;
    let (status, body) = s.get("/search?safe=1").await;
    assert_eq!((status, body["safe"].clone()), (StatusCode::OK, json!(1)));
    let (status, body) = s.get("/search?safe=2").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        violation(&body),
        ("/safe".to_owned(), "`2` is not one of: 0, 1".to_owned())
    );
    // An enum of mixed types, any value: a list (a repeated name) is none
    // of its values.
    for (query, read) in [("1", json!(1)), ("a", json!("a"))] {
        let (status, body) = s.get(&format!("/search?choice={query}")).await;
        assert_eq!((status, &body["choice"]), (StatusCode::OK, &read), "{body}");
    }
    for bad in ["choice=b", "choice=1&choice=1"] {
        let (status, body) = s.get(&format!("/search?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(violation(&body).0, "/choice", "{body}");
    }
}

#[tokio::test]
async fn member_names_follow_property_names() {
    let s = Served::start().await;
    let put = |labels: Value| {
        s.request(Method::PUT, "/labels")
            .json(&json!({ "labels": labels }))
    };
    let (status, body) = s.send(put(json!({"team": "core", "on-call": "ana"}))).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = s.send(put(json!({"team": "core", "Team": "x"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        violation(&body),
        (
            "/labels/Team".to_owned(),
            "the member name must match the pattern ^[a-z-]+$".to_owned()
        )
    );
    let (status, body) = s.send(put(json!({"department": "x"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        violation(&body).1,
        "the member name must be at most 8 characters long"
    );
}

#[tokio::test]
async fn a_duration_is_iso_8601() {
    let s = Served::start().await;
    for valid in ["PT5S", "P1DT12H", "P2W"] {
        let (status, body) = s.get(&format!("/search?within={valid}")).await;
        assert_eq!(
            (status, body["within"].clone()),
            (StatusCode::OK, json!(valid))
        );
    }
    for invalid in ["5s", "P", "PT1D"] {
        let (status, body) = s.get(&format!("/search?within={invalid}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{invalid}: {body}");
        assert_eq!(
            violation(&body),
            ("/within".to_owned(), "must be a valid duration".to_owned())
        );
    }
}

#[tokio::test]
async fn internationalized_host_names_and_addresses_may_hold_any_letters() {
    let s = Served::start().await;
    for (name, encoded, valid) in [
        ("host", "b%C3%BCcher.de", "bücher.de"),
        ("contact", "jos%C3%A9%40b%C3%BCcher.de", "josé@bücher.de"),
    ] {
        let (status, body) = s.get(&format!("/search?{name}={encoded}")).await;
        assert_eq!((status, body[name].clone()), (StatusCode::OK, json!(valid)));
    }
    for (name, invalid, format) in [
        ("host", "-b%C3%BCcher.de", "idn-hostname"),
        ("host", "b%C3%BC%20cher.de", "idn-hostname"),
        ("contact", "", "idn-email"),
        ("contact", "jos%C3%A9.b%C3%BCcher.de", "idn-email"),
    ] {
        let (status, body) = s.get(&format!("/search?{name}={invalid}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{invalid}: {body}");
        assert_eq!(
            violation(&body),
            (format!("/{name}"), format!("must be a valid {format}"))
        );
    }
}

#[tokio::test]
async fn empty_bodies_under_a_declared_type_are_bodies() {
    let s = Served::start().await;
    let put = |content_type: Option<&str>| {
        let request = s.request(Method::PUT, "/blobs").body("");
        match content_type {
            Some(content_type) => request.header("content-type", content_type),
            None => request,
        }
    };
    let (status, body) = s.send(put(Some("application/octet-stream"))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"bytes": 0})));
    let (status, body) = s.send(put(None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(violation(&body).1.contains("body is required"), "{body}");
    let no_body = s
        .request(Method::POST, "/things")
        .header("content-type", "text/plain");
    let (status, body) = s.send(no_body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["text"], "");
}

#[tokio::test]
async fn a_declared_idempotency_key_follows_its_schema() {
    let s = Served::start().await;
    let order = |key: &str| {
        s.request(Method::POST, "/orders")
            .header("idempotency-key", key)
            .json(&json!({"item": 1}))
    };
    // 300 characters: past the runtime's rule, within the spec's schema.
    let key = "k".repeat(300);
    let (status, first) = s.send(order(&key)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["keyLength"], 300);
    let (status, again) = s.send(order(&key)).await;
    assert_eq!((status, &again), (StatusCode::OK, &first), "replayed");
    // Past the schema's maxLength: the parameter's own 400.
    let (status, body) = s.send(order(&"k".repeat(1025))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/Idempotency-Key", "{body}");
}

#[tokio::test]
async fn empty_values_where_the_spec_allows_them() {
    let s = Served::start().await;
    let (status, body) = s.get("/search?pretty=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["pretty"], Value::Null);
    assert_eq!(s.get("/search?pretty=true").await.1["pretty"], true);
    // A string whose enum refuses the empty text reads it as absent; one
    // that takes it, as the empty string.
    let (status, body) = s.get("/search?mode=&note=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((&body["mode"], &body["note"]), (&Value::Null, &json!("")));
    assert_eq!(s.get("/search?mode=brief").await.1["mode"], "brief");
    assert_eq!(s.get("/search?mode=none").await.0, StatusCode::BAD_REQUEST);
    // Not declared `allowEmptyValue`: an empty number is no number.
    assert_eq!(s.get("/search?count=").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn union_parameters_take_text_as_text() {
    let s = Served::start().await;
    // `string | array<string>`: `7` is text, not the number 7, and a
    // list of one.
    let (status, body) = s.get("/search?id=7").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], json!(["7"]));
    let (status, body) = s.get("/search?id=12&id=7").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], json!(["12", "7"]));
    // `00` breaks the items' pattern, but is a string: the first variant.
    let (status, body) = s.get("/search?id=00").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], json!("00"));
    // Two values are a list only, held to its items' rules.
    let (status, body) = s.get("/search?id=00&id=7").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/id/0", "{body}");
}

#[tokio::test]
async fn a_union_parameter_reads_text_as_each_variant_would() {
    let s = Served::start().await;
    // `integer | string /^[a-z]+$/`: `0` is no such string, but an integer.
    for (text, read) in [("0", json!(0)), ("-12", json!(-12)), ("abc", json!("abc"))] {
        let (status, body) = s.get(&format!("/search?ref={text}")).await;
        assert_eq!(
            (status, &body["ref"]),
            (StatusCode::OK, &read),
            "{text}: {body}"
        );
    }
    for bad in ["ABC", "1.5"] {
        let (status, body) = s.get(&format!("/search?ref={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(violation(&body).0, "/ref", "{body}");
    }
    // `string /^[0-9]+$/ | boolean`: `12` is the string, `true` the boolean.
    let digits = |text: &'static str| s.request(Method::GET, "/search").header("digits", text);
    for (text, read) in [("12", json!("12")), ("true", json!(true))] {
        let (status, body) = s.send(digits(text)).await;
        assert_eq!(
            (status, &body["digits"]),
            (StatusCode::OK, &read),
            "{text}: {body}"
        );
    }
    let (status, body) = s.send(digits("maybe")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // Items of a list alike: `integer | boolean`.
    let (status, body) = s.get("/search?flags=0&flags=true").await;
    assert_eq!(
        (status, &body["flags"]),
        (StatusCode::OK, &json!([0, true])),
        "{body}"
    );
    let (status, body) = s.get("/search?flags=0&flags=yes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/flags/1", "{body}");
}

#[tokio::test]
async fn parameters_with_json_content() {
    let s = Served::start().await;
    let filter = serde_json::to_string(&json!({"term": "ab", "limit": 2})).unwrap();
    let search = |query: &[(&str, &str)]| s.request(Method::GET, "/search").query(query);
    let (status, body) = s
        .send(search(&[("filter", &filter), ("code", "XY9")]))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["filter"], json!({"term": "ab", "limit": 2}));
    assert_eq!(body["code"], "XY9");
    let short = serde_json::to_string(&json!({"term": "a"})).unwrap();
    let (status, body) = s.send(search(&[("filter", &short)])).await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/filter/term")
    );
    let (status, _) = s.send(search(&[("filter", "{not json")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Read from its text, an integer past 64 bits stays whole.
    let wide = r#"{"term":"ab","limit":-1267650600228229401496703205376}"#;
    let (status, body) = s.send(search(&[("filter", wide)])).await;
    assert_eq!(
        (status, body["filterJson"].as_str()),
        (StatusCode::OK, Some(wide))
    );
    // As in a body, `3.0` is an integer, and `3.5` is not.
    let (status, body) = s
        .send(search(&[("filter", r#"{"term":"ab","limit":3.0}"#)]))
        .await;
    assert_eq!(
        (status, &body["filter"]["limit"]),
        (StatusCode::OK, &json!(3))
    );
    let (status, body) = s
        .send(search(&[("filter", r#"{"term":"ab","limit":3.5}"#)]))
        .await;
    assert_eq!(
        (status, violation(&body)),
        (
            StatusCode::BAD_REQUEST,
            ("/filter/limit".into(), "`3.5` is not an integer".into())
        )
    );
    let (status, body) = s
        .send(search(&[("filter", &filter), ("filter", &filter)]))
        .await;
    assert_eq!(
        (status, violation(&body)),
        (
            StatusCode::BAD_REQUEST,
            ("/filter".into(), "given more than once".into())
        )
    );
    // A `$ref`'d constrained parameter, and integers out of their range.
    let (status, body) = s.get("/search?code=NODIGIT").await;
    assert_eq!(
        (status, violation(&body).0.as_str()),
        (StatusCode::BAD_REQUEST, "/code")
    );
    let (status, body) = s.get("/search?count=3000000000").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).1, "`3000000000` is out of range for int32");
    assert_eq!(s.get("/search?count=12.0").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_client_sends_what_the_server_reads() {
    let s = Served::start().await;
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let filter: specforge_generated::fidelity::models::SearchFilter =
        serde_json::from_value(json!({"term": "abc"})).unwrap();
    let response = client.search().filter(filter).send().await.unwrap();
    assert_eq!(response.into_inner()["filter"], json!({"term": "abc"}));
    // An integer without a format, past 64 bits, in a JSON body.
    let wide = thing_with("inner", json!({"a": 0}))
        .to_string()
        .replace(r#""a":0"#, r#""a":-1267650600228229401496703205376"#);
    let thing: specforge_generated::fidelity::models::Thing = serde_json::from_str(&wide).unwrap();
    let response = client.create_thing(thing).send().await.unwrap();
    let sent = response.into_inner()["json"].as_str().unwrap().to_owned();
    assert!(
        sent.contains(r#""a":-1267650600228229401496703205376"#),
        "{sent}"
    );
    // A parameter travels through a JSON value, which holds 64 bits: a
    // wider one fails the call before it is sent, saying why.
    let error = client.get_file(1 << 100).send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: path parameter `fileId`: number out of range"
    );
    // The fragment is not part of the URL.
    let response = client.stream_things("hi").send().await.unwrap();
    assert_eq!(response.into_inner()["op"], "streamThings");
    // A generated key fits the lengths the spec declares (8 to 16).
    let response = client
        .create_payout(Default::default())
        .send()
        .await
        .unwrap();
    let key = response.into_inner()["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 16, "{key}");
}

fn file(bytes: impl Into<Vec<u8>>, name: &str, media: &str) -> Part {
    Part::bytes(bytes.into())
        .file_name(name.to_owned())
        .mime_str(media)
        .unwrap()
}

/// A valid `/uploads` form, without the parts named in `leave_out`.
fn upload_form(leave_out: &[&str]) -> Form {
    let parts = [
        ("title", Part::text("Report")),
        ("copies", Part::text("3")),
        ("kind", Part::text("final")),
        ("tags", Part::text("ab")),
        ("tags", Part::text("cd")),
        (
            "meta",
            Part::text(r#"{"pages": 4}"#)
                .mime_str("application/json")
                .unwrap(),
        ),
        ("file", file("hello", "a.txt", "text/plain")),
        (
            "attachments",
            file(vec![1, 2, 3], "one.bin", "application/octet-stream"),
        ),
        (
            "attachments",
            file(vec![4, 5], "two.bin", "application/octet-stream"),
        ),
        // Not declared, and the schema is open: ignored.
        ("extra", Part::text("whatever")),
    ];
    parts
        .into_iter()
        .filter(|(name, _)| !leave_out.contains(name))
        .fold(Form::new(), |form, (name, part)| form.part(name, part))
}

/// A multipart form of text parts.
fn text_form(pairs: &[(&'static str, &'static str)]) -> Form {
    pairs
        .iter()
        .fold(Form::new(), |form, (name, text)| form.text(*name, *text))
}

/// Every violation of a 400 as (pointer, detail).
fn violations(status: StatusCode, body: &Value) -> Vec<(String, String)> {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["location"], "body", "{e}");
            (
                e["pointer"].as_str().unwrap().to_owned(),
                e["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pointers(status: StatusCode, body: &Value) -> Vec<String> {
    violations(status, body)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

#[tokio::test]
async fn the_text_null_is_null_where_no_string_is() {
    let s = Served::start().await;
    // A nullable enum's text `null` is null, and its values are values,
    // in a part and in a parameter alike.
    for (sent, read) in [("null", "Null"), ("a", "Value(A)")] {
        let form = Form::new()
            .text("title", "T")
            .part("file", file("x", "x.txt", "text/plain"))
            .text("grade", sent);
        let (status, body) = s.post_form("/uploads", form).await;
        assert_eq!(
            (status, body["grade"].as_str()),
            (StatusCode::OK, Some(read)),
            "{body}"
        );
    }
    for (query, read) in [
        ("tier=null", "Some(None)"),
        ("tier=gold", "Some(Some(Gold))"),
    ] {
        let (status, body) = s.get(&format!("/search?{query}")).await;
        assert_eq!(
            (status, body["tier"].as_str()),
            (StatusCode::OK, Some(read)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_part_whose_union_may_be_a_file_is_read_as_a_file() {
    let s = Served::start().await;
    let bytes = vec![0xff, 0xfe, 0x00, 0x01];
    let form = Form::new()
        .text("title", "T")
        .part("file", file("x", "x.txt", "text/plain"))
        .part("clip", file(bytes.clone(), "clip.bin", "video/mp4"))
        .part("frames", file(vec![1], "1.png", "image/png"))
        .part("frames", file(vec![2, 3], "2.png", "image/png"));
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["clip"]["digest"], digest(&bytes), "{body}");
    let frames = body["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 2, "{body}");
    assert_eq!(frames[1]["digest"], digest(&[2, 3]));
    // One file is a list of one.
    let form = Form::new()
        .text("title", "T")
        .part("file", file("x", "x.txt", "text/plain"))
        .part("frames", file(bytes, "f.bin", "application/octet-stream"));
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["frames"].as_array().map(Vec::len), Some(1), "{body}");
}

#[tokio::test]
async fn a_json_part_holds_an_integer_past_64_bits_exactly() {
    let s = Served::start().await;
    let wide = "123456789012345678901234";
    let meta = Part::text(format!(r#"{{"pages": {wide}}}"#))
        .mime_str("application/json")
        .unwrap();
    let form = Form::new()
        .text("title", "T")
        .part("file", file("x", "x.txt", "text/plain"))
        .part("meta", meta);
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["metaText"], format!(r#"{{"pages":{wide}}}"#), "{body}");
}

#[tokio::test]
async fn multipart_parts_reach_the_handler_typed() {
    let s = Served::start().await;
    let (status, body) = s.post_form("/uploads", upload_form(&[])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["title"], "Report");
    assert_eq!(body["copies"], 3, "an integer part is parsed");
    assert_eq!(body["kind"], "final");
    assert_eq!(body["tags"], json!(["ab", "cd"]), "one part per item");
    assert_eq!(body["meta"], json!({"pages": 4}), "an object part is JSON");
    assert_eq!(
        body["note"],
        Value::Null,
        "an optional part left out is None"
    );
    let sent = &body["file"];
    assert_eq!(
        (&sent["name"], &sent["type"], &sent["len"], &sent["spooled"]),
        (
            &json!("a.txt"),
            &json!("text/plain"),
            &json!(5),
            &json!(false)
        )
    );
    assert_eq!(sent["digest"], digest(b"hello"));
    let attachments = body["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["name"], "one.bin");
    assert_eq!(attachments[1]["digest"], digest(&[4, 5]));

    // Only what is required: every optional part is None (or empty).
    let form = Form::new().text("title", "T").part(
        "file",
        file(Vec::new(), "empty", "application/octet-stream"),
    );
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for optional in ["copies", "kind", "note", "tags", "meta"] {
        assert_eq!(body[optional], Value::Null, "{optional}");
    }
    assert_eq!(body["attachments"], json!([]));
    assert_eq!(body["file"]["len"], 0);
}

#[tokio::test]
async fn missing_required_parts_are_400s_naming_each() {
    let s = Served::start().await;
    let (status, body) = s.post_form("/uploads", upload_form(&["title"])).await;
    assert_eq!(
        violations(status, &body),
        [("/title".to_owned(), "is required".to_owned())]
    );
    let (status, body) = s.post_form("/uploads", upload_form(&["file"])).await;
    assert_eq!(
        violations(status, &body),
        [("/file".to_owned(), "is required".to_owned())]
    );
    let (status, body) = s
        .post_form("/uploads", upload_form(&["title", "file"]))
        .await;
    assert_eq!(pointers(status, &body), ["/title", "/file"]);
    // The parts that are there are still checked.
    let form = upload_form(&["title", "file", "kind"]).text("kind", "other");
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(pointers(status, &body), ["/title", "/file", "/kind"]);
}

#[tokio::test]
async fn an_integer_part_past_64_bits_arrives_exactly() {
    let s = Served::start().await;
    let form = |copies: &str| upload_form(&["copies"]).text("copies", copies.to_owned());
    // 2^100: past 64 bits, within the `i128` an unbounded integer is.
    let wide = "1267650600228229401496703205376";
    for sent in [wide.to_owned(), format!("+{wide}")] {
        let (status, body) = s.post_form("/uploads", form(&sent)).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {body}");
        assert_eq!(body["copiesText"], wide);
    }
    // Its rules hold on the exact value: -2^100 is below the minimum of 1.
    let (status, body) = s.post_form("/uploads", form(&format!("-{wide}"))).await;
    assert_eq!(pointers(status, &body), ["/copies"], "{body}");
    // 2^128: past what the type holds, said as such.
    let past = "340282366920938463463374607431768211456";
    let (status, body) = s.post_form("/uploads", form(past)).await;
    assert_eq!(pointers(status, &body), ["/copies"], "{body}");
    assert!(body.to_string().contains("out of range"), "{body}");
    // A list, one part per item, likewise.
    let sheets = upload_form(&[]).text("sheets", "2").text("sheets", wide);
    let (status, body) = s.post_form("/uploads", sheets).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sheetsText"], json!(["2", wide]));
    let sheets = upload_form(&[])
        .text("sheets", "2")
        .text("sheets", format!("-{wide}"));
    let (status, body) = s.post_form("/uploads", sheets).await;
    assert_eq!(pointers(status, &body), ["/sheets/1"], "{body}");
}

#[tokio::test]
async fn text_parts_breaking_the_schema_are_400s() {
    let s = Served::start().await;
    let cases: [(&str, Part, &str); 7] = [
        ("title", Part::text("far too long a title"), "/title"),
        ("kind", Part::text("other"), "/kind"),
        ("copies", Part::text("two"), "/copies"),
        ("copies", Part::text("0"), "/copies"),
        ("meta", Part::text("{not json"), "/meta"),
        ("meta", Part::text(r#"{"pages": "many"}"#), "/meta/pages"),
        ("tags", Part::text("x"), "/tags/0"),
    ];
    for (name, part, pointer) in cases {
        let form = upload_form(&[name, "tags"]).part(name, part);
        let (status, body) = s.post_form("/uploads", form).await;
        assert_eq!(pointers(status, &body), [pointer], "{name}: {body}");
    }
    let (status, body) = s
        .post_form(
            "/uploads",
            upload_form(&["copies", "kind"])
                .text("copies", "x")
                .text("kind", "y"),
        )
        .await;
    assert_eq!(
        pointers(status, &body),
        ["/copies", "/kind"],
        "every violation is listed"
    );
    let (status, body) = s
        .post_form("/uploads", upload_form(&[]).text("title", "again"))
        .await;
    assert_eq!(
        violations(status, &body),
        [("/title".to_owned(), "is sent more than once".to_owned())]
    );
}

#[tokio::test]
async fn files_larger_than_memory_are_spooled_and_arrive_intact() {
    let s = Served::start().await;
    let large: Vec<u8> = (0..1_500_000u32).map(|i| (i * 7 % 251) as u8).collect();
    assert!(large.len() > specforge_runtime::server::DEFAULT_UPLOAD_MEMORY_LIMIT);
    let form = upload_form(&["file", "attachments"])
        .part(
            "file",
            file(large.clone(), "large.bin", "application/octet-stream"),
        )
        .part(
            "attachments",
            file(b"small".to_vec(), "s.txt", "text/plain"),
        )
        .part(
            "attachments",
            file(large.clone(), "copy.bin", "application/octet-stream"),
        );
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sent = &body["file"];
    assert_eq!(sent["spooled"], true, "past the memory limit, on disk");
    assert_eq!(sent["len"], large.len());
    assert_eq!(sent["len_read"], large.len());
    assert_eq!(sent["digest"], digest(&large));
    let attachments = &body["attachments"];
    assert_eq!(
        attachments[0]["spooled"], false,
        "small files stay in memory"
    );
    assert_eq!(attachments[0]["digest"], digest(b"small"));
    assert_eq!(attachments[1]["digest"], digest(&large));
}

#[tokio::test]
async fn multipart_bodies_past_their_limits_are_413s() {
    let s = Served::start_with(ServerOptions::default().upload_limit(64 * 1024)).await;
    let form = upload_form(&["file"]).part(
        "file",
        file(vec![0u8; 100 * 1024], "big.bin", "application/octet-stream"),
    );
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "payload_too_large");
    // Text parts share the buffered-body limit.
    let s = Served::start_with(ServerOptions::default().body_limit(1024)).await;
    let form = upload_form(&["note"]).text("note", "n".repeat(2048));
    let (status, body) = s.post_form("/uploads", form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
}

#[tokio::test]
async fn closed_forms_refuse_undeclared_parts() {
    let s = Served::start().await;
    let user = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    let avatar = || {
        Form::new().text("user", user).part(
            "image",
            file(vec![0x89, b'P', b'N', b'G'], "me.png", "image/png"),
        )
    };
    let put = |form: Form| s.send(s.request(Method::PUT, "/avatars").multipart(form));
    let (status, body) = put(avatar()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"], user);
    assert_eq!(body["image"]["type"], "image/png");
    assert_eq!(body["scan"], Value::Null);
    let (status, body) =
        put(avatar().part("scan", file(b"II*".to_vec(), "s.tiff", "image/tiff"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scan"]["digest"], digest(b"II*"));
    let (status, body) = put(avatar().text("caption", "hi")).await;
    assert_eq!(
        violations(status, &body),
        [(
            "/caption".to_owned(),
            "is not a part of this form".to_owned()
        )]
    );
    let form = Form::new()
        .text("user", "not-a-uuid")
        .part("image", file(vec![1], "x.png", "image/png"));
    let (status, body) = put(form).await;
    assert_eq!(pointers(status, &body), ["/user"]);
}

#[tokio::test]
async fn the_client_sends_multipart_parts_the_server_reads() {
    use specforge_generated::fidelity::client::{Client, Upload};
    use specforge_generated::fidelity::models::{UploadModelBodyKind, UploadModelBodyMeta};

    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let large: Vec<u8> = (0..400_000u32).map(|i| (i % 253) as u8).collect();
    let meta: UploadModelBodyMeta = serde_json::from_value(json!({"pages": 12})).unwrap();
    let response = client
        .upload(
            "From SDK",
            Upload::bytes(b"file bytes".to_vec())
                .file_name("notes.txt")
                .content_type("text/plain"),
        )
        .copies(2)
        .kind(UploadModelBodyKind::Draft)
        .tags(vec!["xy".to_owned(), "zw".to_owned()])
        .meta(meta)
        .attachments(vec![
            Upload::bytes(large.clone()).file_name("large.bin"),
            Upload::bytes(vec![9, 9]),
        ])
        .send()
        .await
        .unwrap();
    let body = response.into_inner();
    assert_eq!(body["title"], "From SDK");
    assert_eq!(body["copies"], 2);
    assert_eq!(body["kind"], "draft");
    assert_eq!(body["tags"], json!(["xy", "zw"]));
    assert_eq!(body["meta"], json!({"pages": 12}));
    assert_eq!(body["note"], Value::Null);
    assert_eq!(body["file"]["name"], "notes.txt");
    assert_eq!(body["file"]["type"], "text/plain");
    assert_eq!(body["file"]["digest"], digest(b"file bytes"));
    let attachments = body["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["name"], "large.bin");
    assert_eq!(attachments[0]["spooled"], true);
    assert_eq!(attachments[0]["digest"], digest(&large));
    assert_eq!(attachments[1]["digest"], digest(&[9, 9]));

    // A part breaking the schema is the server's typed 400.
    let refused = client
        .upload("far too long a title", Upload::bytes(vec![1]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::BAD_REQUEST), "{refused}");
}

#[tokio::test]
async fn a_body_declared_as_json_and_as_multipart_is_read_by_the_media_type_sent() {
    let served = Served::start().await;
    let (status, body) = served
        .post_json("/notes", json!({"text": "hello", "stars": 4}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"sent": "json", "note": {"text": "hello", "stars": 4}})
    );

    let form = Form::new()
        .text("text", "hello")
        .text("stars", "4")
        .part("attachment", file(b"abc".to_vec(), "a.txt", "text/plain"));
    let (status, body) = served.post_form("/notes", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sent"], "multipart");
    assert_eq!(
        (&body["text"], &body["stars"]),
        (&json!("hello"), &json!(4))
    );
    assert_eq!(body["attachment"]["len_read"], 3);

    // The same schema holds in either media type.
    let form = Form::new().text("text", "hello").text("stars", "9");
    let (status, body) = served.post_form("/notes", form).await;
    assert_eq!(
        violations(status, &body),
        [("/stars".to_owned(), "must be at most 5".to_owned())]
    );
    let form = Form::new().text("stars", "4");
    let (status, body) = served.post_form("/notes", form).await;
    assert_eq!(pointers(status, &body), ["/text"]);
    let (status, body) = served
        .post_json("/notes", json!({"text": "hello", "stars": 9}))
        .await;
    assert_eq!(pointers(status, &body), ["/stars"]);
}

#[tokio::test]
async fn a_nullable_parameter_that_is_no_text_reads_null_as_null() {
    let s = Served::start().await;
    let page = |value: &'static str| s.request(Method::GET, "/search").header("x-page", value);
    assert_eq!(s.send(page("null")).await.1["page"], "Some(None)");
    assert_eq!(s.send(page("3")).await.1["page"], "Some(Some(3))");
    // Found by its lowercase key, named in the problem as the spec spells it.
    let (status, body) = s.send(page("three")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["location"], "header", "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/X-Page", "{body}");
    assert_eq!(s.get("/search").await.1["page"], "None");
}

#[tokio::test]
async fn a_list_item_that_may_be_null_takes_the_text_null() {
    let s = Served::start().await;
    let (status, body) = s
        .get("/search?peers=12&peers=null&levels=3&levels=null")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (&body["peers"], &body["levels"]),
        (&json!(["12", null]), &json!([3, null])),
        "{body}"
    );
    // So in a union's list variant.
    let (status, body) = s.get("/search?skus=12&skus=null").await;
    assert_eq!(
        (status, &body["skus"]),
        (StatusCode::OK, &json!(["12", null])),
        "{body}"
    );
    for (query, pointer) in [
        ("peers=12&peers=none", "/peers/1"),
        ("levels=x&levels=null", "/levels"),
    ] {
        let (status, body) = s.get(&format!("/search?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(violation(&body).0, pointer, "{query}: {body}");
    }
}

#[tokio::test]
async fn a_list_header_that_is_empty_is_the_empty_list() {
    let s = Served::start().await;
    let scores = |value: &'static str| s.request(Method::GET, "/search").header("x-scores", value);
    for (sent, read) in [("1, 2", json!([1, 2])), ("", json!([])), ("7", json!([7]))] {
        let (status, body) = s.send(scores(sent)).await;
        assert_eq!(
            (status, &body["scores"]),
            (StatusCode::OK, &read),
            "{sent:?}: {body}"
        );
    }
    let (status, body) = s.send(scores("1,,2")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["pointer"], "/X-Scores", "{body}");
}

#[tokio::test]
async fn an_empty_delimited_list_is_one_empty_item_where_no_item_breaks_the_rules() {
    let s = Served::start().await;
    for (query, read) in [
        ("keys=a,b", json!(["a", "b"])),
        // `minItems: 1`: the empty list is refused, one empty key is not.
        ("keys=", json!([""])),
    ] {
        let (status, body) = s.get(&format!("/search?{query}")).await;
        assert_eq!(
            (status, &body["keys"]),
            (StatusCode::OK, &read),
            "{query}: {body}"
        );
    }
    // Where the empty list is valid, it is the empty list.
    let (status, body) = s.get("/search?steps=").await;
    assert_eq!(
        (status, &body["steps"]),
        (StatusCode::OK, &json!([])),
        "{body}"
    );
}

#[tokio::test]
async fn a_list_of_integers_past_64_bits_arrives_exactly() {
    let s = Served::start().await;
    let wide = "723940976333405425543131282014208";
    let request = s
        .request(Method::GET, "/search")
        .header("x-scores", format!("-3, {wide}"));
    let (status, body) = s.send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scoresJson"], format!("[-3,{wide}]"), "{body}");
    let (status, body) = s.get(&format!("/search?floors=0,{wide}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["floorsJson"], format!("[0,{wide}]"), "{body}");
    // Still held to the items' rules, and to the item type's range.
    let (status, body) = s.get(&format!("/search?floors=0,-{wide}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).0, "/floors/1", "{body}");
    let (status, body) = s.get(&format!("/search?steps=1,{wide}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).0, "/steps", "{body}");
    // A union's integer variant reads one exactly too, alone or in a list.
    let (status, body) = s
        .get(&format!("/search?since=-{wide}&flags={wide}&flags=true"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sinceJson"], format!("-{wide}"), "{body}");
    assert_eq!(body["flagsJson"], format!("[{wide},true]"), "{body}");
    let (status, body) = s.get(&format!("/search?created=-{wide}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["createdJson"], format!("-{wide}"), "{body}");
    let past_128_bits = format!("1,{wide}{wide}");
    let request = s
        .request(Method::GET, "/search")
        .header("x-scores", past_128_bits);
    let (status, body) = s.send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(violation(&body).0, "/X-Scores", "{body}");
}

#[tokio::test]
async fn a_url_encoded_map_is_held_to_its_member_rules() {
    let s = Served::start().await;
    let delete = |form: &'static str| {
        s.send(
            s.request(Method::DELETE, "/notes/1")
                .header("content-type", FORM)
                .body(form),
        )
    };
    for form in ["", "a=1", "x-unknown=42"] {
        let (status, body) = delete(form).await;
        let expected = if form.is_empty() {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_eq!(status, expected, "{form:?}: {body}");
    }
    let patch = |form: &'static str| {
        s.send(
            s.request(Method::PATCH, "/notes/1")
                .header("content-type", FORM)
                .body(form),
        )
    };
    let (status, body) = patch("a=x&b=yz").await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"a": "x", "b": "yz"}))
    );
    for (form, pointer) in [("a=x&b=y&c=z", ""), ("a=long", "/a")] {
        let (status, body) = patch(form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{form}: {body}");
        assert_eq!(violation(&body).0, pointer, "{form}: {body}");
    }
}

#[tokio::test]
async fn a_request_date_is_a_full_date_and_nothing_more() {
    let served = Served::start().await;
    let holiday = json!({"day": "2024-12-25", "observed": ["2024-12-26"]});
    let (status, body) = served.post_json("/holidays", holiday.clone()).await;
    assert_eq!((status, body), (StatusCode::OK, holiday));
    for (sent, pointer) in [
        (json!({"day": "2024-12-25T00:00:00"}), "/day"),
        (
            json!({"day": "2024-12-25", "observed": ["2024-12-26", "2024-12-26 00:00:00"]}),
            "/observed/1",
        ),
        (json!({"day": "2024-2-5"}), "/day"),
    ] {
        let (status, body) = served.post_json("/holidays", sent.clone()).await;
        assert_eq!(
            violations(status, &body),
            [(
                pointer.to_owned(),
                "is not an RFC 3339 date, such as 2024-01-31".to_owned()
            )],
            "{sent}"
        );
    }
    // `null` for an optional member that is not nullable is refused in a
    // request (a client reads it in an answer as the member left out).
    let (status, body) = served
        .post_json("/holidays", json!({"day": "2024-12-25", "observed": null}))
        .await;
    assert_eq!(pointers(status, &body), ["/observed"]);
    // A date-time carries its offset.
    let sent = json!({"day": "2024-12-25", "announcedAt": "2024-12-01T09:00:00+01:00"});
    let (status, body) = served.post_json("/holidays", sent).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["announcedAt"], "2024-12-01T08:00:00Z");
    let sent = json!({"day": "2024-12-25", "announcedAt": "2024-12-01T09:00:00"});
    let (status, body) = served.post_json("/holidays", sent).await;
    assert_eq!(
        violations(status, &body),
        [(
            "/announcedAt".to_owned(),
            "is not an RFC 3339 date-time, such as 2024-01-31T12:00:00Z".to_owned()
        )]
    );
}

#[tokio::test]
async fn the_client_reads_dates_and_date_times_as_dotnet_writes_them_and_null_as_absent() {
    use specforge_generated::fidelity::models::Holiday;
    // A service that writes its dates as midnight date-times and its
    // date-times without an offset, as .NET and Java services often do, and
    // a member it has no value for as `null`; it answers what it was sent, so.
    let app = axum::Router::new().route(
        "/holidays",
        axum::routing::post(|axum::Json(sent): axum::Json<Value>| async move {
            let as_time = |day: &Value| json!(format!("{}T00:00:00", day.as_str().unwrap()));
            let observed = sent["observed"]
                .as_array()
                .map(|days| days.iter().map(as_time).collect::<Vec<_>>());
            let announced = sent["announcedAt"]
                .as_str()
                .map(|t| t.trim_end_matches('Z'));
            axum::Json(json!({"day": as_time(&sent["day"]), "observed": observed,
                              "announcedAt": announced}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = specforge_generated::fidelity::client::Client::new(&base).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2024, 12, 25).unwrap();
    let observed = chrono::NaiveDate::from_ymd_opt(2024, 12, 26).unwrap();
    let announced = chrono::DateTime::parse_from_rfc3339("2024-12-01T08:00:00Z")
        .unwrap()
        .to_utc();
    let holiday = Holiday::new(day)
        .with_observed(vec![observed.into()])
        .with_announced_at(announced);
    let answer = client
        .post_holiday(holiday)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(*answer.day, day);
    assert_eq!(answer.observed.unwrap()[0].0, observed);
    assert_eq!(answer.announced_at.map(|t| t.0), Some(announced));
    let answer = client
        .post_holiday(Holiday::new(day))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((*answer.day, answer.observed), (day, None));
}

#[tokio::test]
async fn base64_members_are_read_in_either_alphabet_padded_or_not() {
    let served = Served::start().await;
    // `EmC` ends in bits no byte holds (`C` is `000010`): a decoder may
    // ignore them, and Adyen's own examples need it.
    for content in ["EmC==", "EmC=", "EmC", "aGVsbG8/Pg==", "aGVsbG8_Pg"] {
        let (status, body) = served
            .post_json("/encoded", json!({ "content": content }))
            .await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{content}: {body}");
    }
    for content in ["0", "not base64!"] {
        let (status, body) = served
            .post_json("/encoded", json!({ "content": content }))
            .await;
        assert_eq!(pointers(status, &body), ["/content"], "{content}");
    }
}

#[tokio::test]
async fn free_form_items_of_a_form_are_json_when_they_parse_and_text_otherwise() {
    let s = Served::start().await;
    // `[{'a': 1}]` is no JSON (a Python list, as schemathesis writes one),
    // yet a string, which an item of any value may be.
    let form = "title=t&extras=%5B1%2C2%5D&extras=%7B%22k%22%3Anull%7D&extras=7&extras=%5B%7B%27a%27%3A+1%7D%5D";
    let put = s
        .request(Method::PUT, "/notes/1")
        .header("content-type", FORM);
    let (status, body) = s.send(put.body(form)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"title": "t", "extras": [[1, 2], {"k": null}, 7, "[{'a': 1}]"]})
    );
}

#[tokio::test]
async fn a_url_encoded_object_member_is_read_from_deep_object_pairs() {
    let s = Served::start().await;
    let put = |form: &'static str| {
        s.send(
            s.request(Method::PUT, "/notes/1")
                .header("content-type", FORM)
                .body(form),
        )
    };
    let (status, body) =
        put("title=t&place[city]=Paris&place[zip]=75001&place[lines][]=a&place[lines][]=b&metadata[k]=7")
            .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"title": "t", "place": {"city": "Paris", "zip": 75001, "lines": ["a", "b"]}, "metadata": {"k": "7"}})
    );
    let (status, body) = put("title=t&metadata=").await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"title": "t", "metadata": ""}))
    );
    // Delimited lists: one pair, the items joined; empty text is no item.
    let (status, body) = put("title=t&codes=7,0&words=red|green+leaf&size=width,2,unit,cm").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"title": "t", "codes": [7, 0], "words": ["red", "green leaf"],
               "size": {"width": 2, "unit": "cm"}})
    );
    let (status, body) = put("title=t&codes=&words=").await;
    assert_eq!((status, body), (StatusCode::OK, json!({"title": "t"})));
    // The generated client sends those members so.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let note = json!({"title": "t", "place": {"city": "Nice", "zip": 6000}, "metadata": {"k": "v"},
                      "codes": [1, 2, 3], "words": ["green leaf", "red"], "size": {"width": 5}});
    let response = client
        .annotate_note("1", serde_json::from_value(note.clone()).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.into_inner(), note);
    // Each member is held to its schema, and the closed object to its members.
    for (form, pointer) in [
        ("title=t&place[city]=Lyon-Est", "/place/city"),
        ("title=t&place[zip]=north", "/place/zip"),
        ("title=t&place[floor]=2", "/place/floor"),
        ("title=t&other[k]=v", "/other[k]"),
        ("title=t&metadata[k]=a&metadata[k]=b", "/metadata"),
        ("title=t&codes=1,2,3,4", "/codes"),
        ("title=t&codes=1,-2", "/codes/1"),
        ("title=t&words=red,green+leaf", "/words/0"),
        ("title=t&size=width,wide", "/size/width"),
        ("title=t&size=depth,2", "/size/depth"),
    ] {
        let (status, body) = put(form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{form}: {body}");
        assert_eq!(violation(&body).0, pointer, "{form}: {body}");
    }
}

#[tokio::test]
async fn no_bytes_under_a_form_type_are_an_empty_form_where_the_body_may_be_left_out() {
    let s = Served::start().await;
    let archive = |form: &'static str| {
        let request = s.request(Method::POST, "/notes/1/archive");
        s.send(request.header("content-type", FORM).body(form))
    };
    // No body, so no content type: the body is left out.
    let (status, body) = s.send(s.request(Method::POST, "/notes/1/archive")).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"body": null})));
    let (status, body) = archive("reason=old").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["body"], json!({"reason": "old"}));
    // A form sent without its required member is refused, an empty one too.
    for form in ["other=1", ""] {
        let (status, body) = archive(form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{form}: {body}");
        assert_eq!(violation(&body).0, "/reason", "{form}: {body}");
    }
}

#[tokio::test]
async fn a_url_encoded_body_is_read_by_its_members_shapes() {
    let served = Served::start().await;
    let post = |form| served.post_as("/notes", FORM, form);
    // A repeated name is a list; numbers and booleans are parsed; `null`
    // is null for a member that is not text.
    let (status, body) = served
        .send(post("text=hi+there&stars=3&tags=a&tags=b&pinned=null"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["note"],
        json!({"text": "hi there", "stars": 3, "tags": ["a", "b"], "pinned": null})
    );
    let (status, body) = served.send(post("text=hi&tags=one&pinned=true")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["note"]["tags"], json!(["one"]));
    // A file member is its text: the form has no files, and the rest of
    // it is still read by its members' shapes.
    let (status, body) = served
        .send(post("text=hi&tags=a&tags=b&cover=raw+bytes"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (&body["note"]["tags"], &body["note"]["cover"]),
        (&json!(["a", "b"]), &json!("raw bytes"))
    );
    // An object member's properties are pairs of their own (`style: form`,
    // exploded), or its JSON text under its own name.
    for form in [
        "text=hi&city=Lyon&zip=69001",
        "text=hi&place=%7B%22city%22%3A%22Lyon%22%2C%22zip%22%3A69001%7D",
    ] {
        let (status, body) = served.send(post(form)).await;
        assert_eq!(status, StatusCode::OK, "{form}: {body}");
        assert_eq!(body["note"]["place"], json!({"city": "Lyon", "zip": 69001}));
    }
    let (status, body) = served.send(post("text=hi&city=Lyon&zip=north")).await;
    assert_eq!(pointers(status, &body), ["/place/zip"]);
    // A union member reads the text as each variant would; JSON's string
    // `"0"` stays a string, which the pattern refuses.
    for (form, code) in [
        ("text=hi&code=0", json!(0)),
        ("text=hi&code=abc", json!("abc")),
    ] {
        let (status, body) = served.send(post(form)).await;
        assert_eq!(
            (status, &body["note"]["code"]),
            (StatusCode::OK, &code),
            "{body}"
        );
    }
    let (status, body) = served.send(post("text=hi&code=ABC")).await;
    assert_eq!(pointers(status, &body), ["/code"]);
    let (status, body) = served
        .post_json("/notes", json!({"text": "hi", "code": "0"}))
        .await;
    assert_eq!(pointers(status, &body), ["/code"]);
    // The schema holds as for JSON.
    let (status, body) = served.send(post("text=hi&stars=9")).await;
    assert_eq!(pointers(status, &body), ["/stars"]);
    let (status, body) = served.send(post("stars=three")).await;
    assert_eq!(pointers(status, &body), ["/text", "/stars"]);
    // No bytes under the form's content type: an empty form.
    let (status, body) = served.send(post("")).await;
    assert_eq!(pointers(status, &body), ["/text"]);
}

#[tokio::test]
async fn a_required_list_absent_from_a_form_is_empty() {
    let served = Served::start().await;
    let post = |form| served.post_as("/surveys", FORM, form);
    // `answers` has no items, which a form cannot say otherwise; `voters`
    // needs one (`minItems`), so its absence is still refused.
    let (status, body) = served.send(post("")).await;
    assert_eq!(
        violations(status, &body),
        [("/voters".to_owned(), "must have at least 1 item".to_owned())]
    );
    let (status, body) = served.send(post("voters=ann")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = served
        .post_form("/surveys", Form::new().text("voters", "ann"))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
}

#[tokio::test]
async fn a_union_form_is_typed_by_its_variants_members() {
    let served = Served::start().await;
    let urlencoded = |form: &'static str| served.post_as("/signals", FORM, form);
    let multipart = |pairs: &[(&'static str, &'static str)]| {
        served
            .request(Method::POST, "/signals")
            .multipart(text_form(pairs))
    };
    // Each member read as its variant declares it: `label` stays text,
    // `level` and `score` are numbers, `up` a boolean, and a nullable list
    // sent as `null` is null.
    let cases = [
        (
            urlencoded("label=7&level=3&codes=null"),
            json!({"label": "7", "level": 3, "codes": null}),
            "beacon",
        ),
        (
            urlencoded("label=x&level=0&codes=1&codes=2"),
            json!({"label": "x", "level": 0, "codes": [1, 2]}),
            "beacon",
        ),
        (
            urlencoded("score=2&up=true"),
            json!({"score": 2, "up": true}),
            "vote",
        ),
        (
            multipart(&[("label", "7"), ("level", "3"), ("codes", "null")]),
            json!({"label": "7", "level": 3, "codes": null}),
            "beacon",
        ),
        (
            multipart(&[("score", "2"), ("up", "false")]),
            json!({"score": 2, "up": false}),
            "vote",
        ),
    ];
    for (request, signal, variant) in cases {
        let (status, body) = served.send(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (&body["signal"], &body["variant"]),
            (&signal, &json!(variant))
        );
    }
    // The chosen variant's rules hold, as they do for JSON.
    let (status, body) = served.send(urlencoded("score=0&up=true")).await;
    assert_eq!(pointers(status, &body), ["/score"]);
    let (status, body) = served
        .send(multipart(&[("label", "x"), ("level", "-1")]))
        .await;
    assert_eq!(pointers(status, &body), ["/level"]);
    // Text no variant's member can be is refused.
    let (status, body) = served.send(urlencoded("score=two&up=true")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn a_union_form_of_closed_variants_refuses_a_part_none_declares() {
    let served = Served::start().await;
    let urlencoded = |form: &'static str| served.post_as("/switches", FORM, form);
    let multipart = |pairs: &[(&'static str, &'static str)]| {
        served
            .request(Method::POST, "/switches")
            .multipart(text_form(pairs))
    };
    // Read, and left to the handler (501).
    for request in [
        urlencoded("on=true"),
        urlencoded("dim=40"),
        multipart(&[("dim", "40")]),
    ] {
        let (status, body) = served.send(request).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    }
    // A part no variant declares: named, not skipped.
    let (status, body) = served.send(urlencoded("on=true&extra=1")).await;
    assert_eq!(pointers(status, &body), ["/extra"]);
    let (status, body) = served
        .send(multipart(&[("dim", "40"), ("extra", "1")]))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // The chosen variant's rules hold.
    let (status, body) = served.send(urlencoded("dim=400")).await;
    assert_eq!(pointers(status, &body), ["/dim"]);
}

#[tokio::test]
async fn a_nullable_list_sent_as_null_in_a_form_is_null() {
    let served = Served::start().await;
    let post = |form| served.post_as("/surveys", FORM, form);
    // Null, not a list of one null (which an integer list refuses).
    let (status, body) = served.send(post("voters=ann&retired=null")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = served.send(post("voters=ann&retired=1&retired=2")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = served.send(post("voters=ann&retired=1&retired=x")).await;
    assert_eq!(pointers(status, &body), ["/retired"]);
    let form = Form::new().text("voters", "ann").text("retired", "null");
    let (status, body) = served.post_form("/surveys", form).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
}

#[tokio::test]
async fn members_beside_a_not_are_still_checked() {
    let served = Served::start().await;
    let (status, body) = served
        .post_json("/references", json!({"fileId": "file-1"}))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    for (bad, pointer) in [
        (json!({"fileId": "file-1", "extra": 1}), "/extra"),
        (json!({"fileId": "f"}), "/fileId"),
        (json!({}), ""),
        (json!("file-1"), ""),
    ] {
        let (status, body) = served.post_json("/references", bad.clone()).await;
        assert_eq!(pointers(status, &body), [pointer], "{bad}: {body}");
    }
}

#[tokio::test]
async fn a_text_body_is_held_to_its_string_s_constraints() {
    let served = Served::start().await;
    let post = |text: &'static str| served.post_as("/memos", "text/csv", text);
    let (status, body) = served.send(post("a,b")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    for bad in ["", "a,b,c,d,e", "A,B"] {
        let (status, body) = served.send(post(bad)).await;
        assert_eq!(pointers(status, &body), [""], "{bad:?}");
    }
}

#[tokio::test]
async fn a_form_read_whole_is_empty_without_bytes() {
    let served = Served::start().await;
    let post = |form| served.post_as("/tallies", FORM, form);
    for form in ["a=1&b=x", ""] {
        let (status, body) = served.send(post(form)).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{form:?}: {body}");
    }
    // Without a content type, no bytes are no body, which is required.
    let request = served.request(Method::POST, "/tallies");
    let (status, body) = served.send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn accept_and_content_type_parameters_are_no_inputs_but_are_required_and_sent() {
    let served = Served::start().await;
    // No input, but what the document marks required must be there.
    let (status, body) = served.get("/versioned").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["location"], "header", "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/Content-Type", "{body}");
    // Where the document lists the values, one of them.
    let versioned = |content_type| {
        let request = served.request(Method::GET, "/versioned");
        served.send(request.header("content-type", content_type))
    };
    let (status, body) = versioned("text/plain").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["errors"][0]["detail"],
        "`text/plain` is not one of: application/json"
    );
    let (status, _) = versioned("application/json; charset=utf-8").await;
    assert_eq!(status, StatusCode::OK);
    // The client sends the values the spec pins, and the server takes them.
    let client = specforge_generated::fidelity::client::Client::new(&served.base).unwrap();
    let answer = client.get_versioned().send().await.unwrap();
    assert_eq!(
        answer.into_inner(),
        json!({
            "accept": "application/vnd.example+json;version=2, application/json",
            "content-type": "application/json"
        })
    );
}

#[tokio::test]
async fn an_accept_parameter_admits_media_ranges_covering_its_values() {
    let served = Served::start().await;
    let captions = |accept: &str| {
        served
            .request(Method::GET, "/captions")
            .header("accept", accept)
    };
    for accept in [
        "*/*",
        "text/*",
        "text/vtt",
        "application/json, text/*;q=0.5",
    ] {
        let (status, body) = served.send(captions(accept)).await;
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
    }
    // One covering none is refused, by content negotiation first.
    let (status, body) = served.send(captions("image/*")).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE, "{body}");
    // The client sends one of the listed values alone (the default), not
    // the list of what it reads, which the parameter's enum refuses.
    let client = specforge_generated::fidelity::client::Client::new(&served.base).unwrap();
    let answer = client.get_captions().send().await.unwrap();
    assert_eq!(answer.into_inner(), "text/vtt");
}

#[tokio::test]
async fn an_accept_parameter_value_may_list_several_types() {
    let served = Served::start().await;
    let feed = |accept: &str| {
        served
            .request(Method::GET, "/feeds")
            .header("accept", accept)
    };
    for accept in [
        "application/json, text/event-stream",
        "text/event-stream,application/json",
    ] {
        let (status, body) = served.send(feed(accept)).await;
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
    }
    let (status, body) = served.send(feed("text/html")).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE, "{body}");
    // The client sends the value the parameter pins.
    let client = specforge_generated::fidelity::client::Client::new(&served.base).unwrap();
    let answer = client.get_feed().send().await.unwrap();
    assert_eq!(answer.into_inner(), "application/json, text/event-stream");
}

#[tokio::test]
async fn one_of_required_sets_beside_properties_is_a_rule_on_members() {
    let s = Served::start().await;
    for body in [
        json!({"email": "a@example.com"}),
        json!({"phone": "+331", "country": "FR"}),
    ] {
        let (status, answer) = s.post_json("/lookups", body.clone()).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}: {answer}");
    }
    for (body, detail) in [
        (
            json!({"phone": "+331"}),
            "must have exactly one of: `email`; `phone` and `country`",
        ),
        (
            json!({"email": "a@example.com", "phone": "+331", "country": "FR"}),
            "must have exactly one of: `email`; `phone` and `country`",
        ),
        (
            json!({"country": "FR"}),
            "must have at least one of: `email`; `phone`",
        ),
    ] {
        let (status, answer) = s.post_json("/lookups", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        let details: Vec<&str> = answer["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["detail"].as_str().unwrap())
            .collect();
        assert!(details.contains(&detail), "{body}: {answer}");
    }
}

#[tokio::test]
async fn object_variants_beside_properties_are_both() {
    let s = Served::start().await;
    for (record, variant) in [
        (json!({"type": "A", "value": "192.0.2.1", "ttl": 60}), "a"),
        (
            json!({"type": "MX", "value": "mx.example.com", "priority": 10}),
            "mx",
        ),
    ] {
        let (status, body) = s.post_json("/dns-records", record.clone()).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::OK,
                json!({"variant": variant, "record": record})
            )
        );
    }
    // A variant's own members are required, and the shared ones checked.
    for record in [
        json!({"type": "MX", "value": "mx.example.com"}),
        json!({"type": "A", "value": "192.0.2.1", "ttl": 5}),
        json!({"type": "A"}),
        json!({"ttl": 60}),
    ] {
        let (status, body) = s.post_json("/dns-records", record.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{record}: {body}");
    }
}

#[tokio::test]
async fn a_property_all_of_describes_twice_is_null_only_where_both_allow_it() {
    let s = Served::start().await;
    let (status, body) = s
        .post_json("/vouchers", json!({"code": "SPRING", "note": "n"}))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = s.post_json("/vouchers", json!({"code": null})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/code", "{body}");
    // Described once without a type, then as a nullable string.
    let (status, body) = s
        .post_json("/vouchers", json!({"code": "SPRING", "source": null}))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = s
        .post_json("/vouchers", json!({"code": "SPRING", "source": 5}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/source", "{body}");
    // Described with members by one, and only required by the other.
    let (status, body) = s
        .post_json(
            "/vouchers",
            json!({"code": "SPRING", "holder": {"email": "a@b.c"}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    for (holder, at) in [
        (json!({"name": "Ann"}), "/holder/email"),
        (json!({"email": "a@b.c", "name": {}}), "/holder/name"),
        (json!({"email": "a@b.c", "name": "Annabel"}), "/holder/name"),
    ] {
        let voucher = json!({"code": "SPRING", "holder": holder});
        let (status, body) = s.post_json("/vouchers", voucher).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{holder}: {body}");
        assert_eq!(violation(&body).0, at, "{holder}: {body}");
    }
}

#[tokio::test]
async fn an_all_of_of_a_reference_and_more_is_what_both_allow() {
    let s = Served::start().await;
    for voucher in [
        json!({"code": "SPRING", "backup": null}),
        json!({"code": "SPRING", "backup": {"email": "a@b.c"}, "tier": "gold"}),
    ] {
        let (status, body) = s.post_json("/vouchers", voucher.clone()).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{voucher}: {body}");
    }
    for (voucher, at) in [
        (json!({"code": "SPRING", "backup": {}}), "/backup/email"),
        (json!({"code": "SPRING", "tier": "AAA"}), "/tier"),
        (json!({"code": "SPRING", "tier": null}), "/tier"),
    ] {
        let (status, body) = s.post_json("/vouchers", voucher.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{voucher}: {body}");
        assert_eq!(violation(&body).0, at, "{voucher}: {body}");
    }
}

#[tokio::test]
async fn an_unknown_tag_is_the_one_variant_whose_schema_lists_it() {
    let s = Served::start().await;
    for scope in [
        json!({"type": "chat", "chat_id": 7}),
        json!({"type": "all"}),
    ] {
        let (status, body) = s.post_json("/scopes", scope.clone()).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{scope}: {body}");
    }
    // Named, the variant's own rules hold.
    let (status, body) = s
        .post_json("/scopes", json!({"type": "chat", "chat_id": 0}))
        .await;
    assert_eq!(violation(&body).0, "/chat_id", "{status} {body}");
    // A tag no mapping names is the variant whose schema lists it, held
    // to that variant's rules.
    let (status, body) = s
        .post_json("/scopes", json!({"type": "supergroup", "chat_id": 7}))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    let (status, body) = s.post_json("/scopes", json!({"type": "supergroup"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // Any other tag is no variant: ScopeDefault and ScopeAll, whose `type`
    // is free text, are only what the mapping names them.
    for scope in [json!({"type": "AAA"}), json!({"type": "AAA", "chat_id": 7})] {
        let (status, body) = s.post_json("/scopes", scope.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{scope}: {body}");
        assert!(violation(&body).1.contains("is not one of"), "{body}");
    }
}

#[test]
fn a_float_member_holds_any_json_number() {
    // The lowest `float` Prism's mock answers with lies just past f32's range.
    let note: specforge_generated::fidelity::models::Note =
        serde_json::from_value(json!({"text": "a", "ratio": -3.402823669209385e38})).unwrap();
    assert_eq!(note.ratio, Some(-3.402823669209385e38));
}

#[tokio::test]
async fn a_spec_path_named_like_a_built_in_route_is_the_specs() {
    let s = Served::start().await;
    // `getDocs` is not implemented: its 501, not the built-in HTML page.
    let (status, body) = s.get("/docs").await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    assert_eq!(body["status"], 501);
    let (status, spec) = s.get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(spec["paths"]["/docs"]["get"].is_object(), "{spec}");
}

#[tokio::test]
async fn a_member_required_but_not_described_is_required_of_requests_only() {
    use specforge_generated::fidelity::models::Ticket;
    let s = Served::start().await;
    let missing = s.post_json("/tickets", json!({"title": "t"})).await;
    assert_eq!(missing.0, StatusCode::BAD_REQUEST, "{}", missing.1);
    assert_eq!(violation(&missing.1).0, "/trace", "{}", missing.1);
    for trace in [json!(null), json!({"any": ["value"]})] {
        let (status, body) = s
            .post_json("/tickets", json!({"title": "t", "trace": trace}))
            .await;
        // The answer leaves it out, as the handler built it.
        assert_eq!((status, body), (StatusCode::CREATED, json!({"title": "t"})));
    }
    // The generated client sends it and reads the answer without it.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let ticket = Ticket::new("t").with_trace(json!(7));
    let answer = client.create_ticket(ticket).send().await.unwrap();
    assert_eq!(answer.into_inner(), Ticket::new("t"));
}

#[tokio::test]
async fn unique_items_are_judged_as_sent() {
    let s = Served::start().await;
    let batch = |entries: Value| s.post_json("/batches", json!({ "entries": entries }));
    // Alike once decoded, but not as sent: `note` is not described.
    let (status, body) = batch(json!([{"id": "a", "note": 1}, {"id": "a", "note": 2}])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for duplicates in [
        json!([{"id": "a"}, {"id": "a"}]),
        json!([{"id": "a", "note": 1}, {"note": 1.0, "id": "a"}]),
    ] {
        let (status, body) = batch(duplicates).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(violation(&body).0, "/entries", "{body}");
    }
}

#[tokio::test]
async fn a_nested_object_written_out_twice_is_one_type_held_to_its_schema() {
    use specforge_generated::fidelity::models::{
        PutAlarmBody, PutAlarmBodyFallback, PutAlarmBodyFallbackDays, PutAlarmBodySchedule,
        PutAlarmOkBodyDays,
    };
    let s = Served::start().await;
    let put = |body: Value| s.send(s.request(Method::PUT, "/alarms").json(&body));
    let schedule = json!({"hour": 7, "days": "weekdays"});
    let fallback = json!({"hour": 9});
    assert_eq!(
        put(json!({"schedule": schedule, "fallback": fallback})).await,
        (StatusCode::OK, fallback)
    );
    assert_eq!(
        put(json!({ "schedule": schedule })).await,
        (StatusCode::OK, schedule)
    );
    // Both copies are held to the schema, the second as the first.
    for member in ["schedule", "fallback"] {
        for (value, pointer) in [
            (json!({"hour": 24}), "hour"),
            (json!({"hour": 7, "days": "sundays"}), "days"),
            (json!({"days": "weekends"}), "hour"),
            (json!({"hour": 7, "days": null}), "days"),
        ] {
            let mut body = json!({"schedule": {"hour": 1}});
            body[member] = value;
            let (status, answer) = put(body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
            assert_eq!(
                violation(&answer).0,
                format!("/{member}/{pointer}"),
                "{answer}"
            );
        }
    }
    // Each label is an object of one member at most.
    let labelled = |label: Value| json!({"schedule": {"hour": 7}, "labels": {"a": label}});
    let (status, body) = put(labelled(json!({"x": 1}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = put(labelled(json!({"x": 1, "y": 2}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        violation(&body),
        (
            "/labels/a".to_owned(),
            "must have at most 1 member".to_owned()
        )
    );
    // The second copy's names still name the type, for code written
    // against them; the generated client sends it.
    let fallback: PutAlarmBodyFallback =
        PutAlarmBodySchedule::new(6).with_days(PutAlarmBodyFallbackDays::Weekends);
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let answer = client
        .put_alarm(PutAlarmBody::new(PutAlarmBodySchedule::new(1)).with_fallback(fallback))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.hour, 6);
    assert_eq!(answer.days, Some(PutAlarmOkBodyDays::Weekends));
}

#[tokio::test]
async fn a_body_sent_without_a_length_over_http2_is_read() {
    // HTTP/2 frames a body itself: a request may carry one with neither
    // `content-length` nor `transfer-encoding`.
    let s = Served::start().await;
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let chunks = ["{\"schedule\": ", "{\"hour\": 5}}"].map(Ok::<_, std::io::Error>);
    let response = h2
        .put(format!("{}/alarms", s.base))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!((status, body), (StatusCode::OK, json!({"hour": 5})));
}

#[tokio::test]
async fn the_client_sends_the_first_of_two_json_media_types_and_the_server_reads_both() {
    use specforge_generated::fidelity::models::{
        PatchDraftsBody, PatchDraftsBodyItem, PostDraftBodyItemOp,
    };
    let s = Served::start().await;
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    // The merge patch is listed first: the typed body, sent as such.
    let answer = client
        .patch_drafts(PatchDraftsBody::new().with_title("plan").with_words(3))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        answer,
        json!({"sent": "application/merge-patch+json", "changes": {"title": "plan", "words": 3}})
    );
    // The JSON Patch after it has a call of its own, read into its variant.
    let patch = vec![PatchDraftsBodyItem::new(
        PostDraftBodyItemOp::Remove,
        "/words",
    )];
    let answer = client
        .patch_drafts_as_json_patch(patch)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        answer,
        json!({"sent": "application/json-patch+json", "patch": [{"op": "remove", "path": "/words"}]})
    );
    // Each is held to its own schema.
    let (status, body) = s
        .send(
            s.request(Method::PATCH, "/drafts")
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/merge-patch+json",
                )
                .json(&json!({"title": "far too long"})),
        )
        .await;
    assert_eq!(pointers(status, &body), ["/title"]);
}

#[tokio::test]
async fn a_body_schema_naming_no_type_takes_any_value_but_holds_objects_to_it() {
    let s = Served::start().await;
    let put = |body: &str| {
        let request = s.request(Method::PUT, "/themes");
        s.send(
            request
                .header("content-type", "application/json")
                .body(body.to_owned()),
        )
    };
    for (sent, read) in [
        (r#"{"theme": "dark"}"#, json!({"object": {"theme": "dark"}})),
        ("null", json!({"other": null})),
        ("5", json!({"other": 5})),
        (r#""x""#, json!({"other": "x"})),
        ("[1, {}]", json!({"other": [1, {}]})),
    ] {
        assert_eq!(put(sent).await, (StatusCode::OK, read), "{sent}");
    }
    let (status, body) = s.send(s.request(Method::PUT, "/themes")).await;
    assert_eq!((status, body), (StatusCode::OK, json!("none")));
    // So for a member, a list's items and a map's values.
    let members = json!({
        "theme": "dark",
        "palette": "red",
        "layers": [5, null, {"name": "x"}],
        "fonts": {"a": [], "b": {"size": 2}},
        "tags": {"not": "a list"},
        "stops": "none",
        "bearer": null,
        "routes": [[1], {"not": "a list"}, null],
        "stopsByName": {"a": [0, 2], "b": 7},
    });
    assert_eq!(
        put(&members.to_string()).await,
        (StatusCode::OK, json!({ "object": members }))
    );
    // So for a body whose schema has `items` but no type.
    let put_stops = |body: &str| {
        let request = s.request(Method::PUT, "/themes/stops");
        s.send(
            request
                .header("content-type", "application/json")
                .body(body.to_owned()),
        )
    };
    for (sent, read) in [
        ("[0, 4]", json!({"list": [0, 4]})),
        (r#"{"a": 1}"#, json!({"other": {"a": 1}})),
        ("null", json!({"other": null})),
    ] {
        assert_eq!(put_stops(sent).await, (StatusCode::OK, read), "{sent}");
    }
    for (sent, at) in [("[0, -4]", "/1"), ("[1, 2, 3]", "")] {
        let (status, body) = put_stops(sent).await;
        assert_eq!(pointers(status, &body), [at], "{sent}");
    }
    let null_member = json!({"theme": "dark", "palette": null});
    assert_eq!(
        put(&null_member.to_string()).await,
        (StatusCode::OK, json!({ "object": null_member }))
    );
    // A final line feed before the pattern's `$`, as Python validators
    // (and the test generators built on them) read it.
    let line_feed = json!({"theme": "dark", "tags": ["ab\n"]});
    assert_eq!(
        put(&line_feed.to_string()).await,
        (StatusCode::OK, json!({ "object": line_feed }))
    );
    for (sent, at) in [
        (r#"{"theme": "too long"}"#, "/theme"),
        ("{}", "/theme"),
        (
            r#"{"theme": "dark", "palette": {"primary": "00000000"}}"#,
            "/palette/primary",
        ),
        (r#"{"theme": "dark", "palette": {}}"#, "/palette/primary"),
        (
            r#"{"theme": "dark", "layers": [1, {"name": "too long"}]}"#,
            "/layers/1/name",
        ),
        (
            r#"{"theme": "dark", "fonts": {"b": {"size": 0}}}"#,
            "/fonts/b/size",
        ),
        (r#"{"theme": "dark", "tags": ["long"]}"#, "/tags/0"),
        (r#"{"theme": "dark", "tags": []}"#, "/tags"),
        (
            r#"{"theme": "dark", "bearer": {"primary": "red", "role": "too long"}}"#,
            "/bearer/role",
        ),
        (
            r#"{"theme": "dark", "bearer": {"role": "chair"}}"#,
            "/bearer/primary",
        ),
        (r#"{"theme": "dark", "stops": [1, -1]}"#, "/stops/1"),
        (r#"{"theme": "dark", "stops": [1, 2, 3]}"#, "/stops"),
        (
            r#"{"theme": "dark", "routes": [5, [0, -1]]}"#,
            "/routes/1/1",
        ),
        (
            r#"{"theme": "dark", "stopsByName": {"a": [1, 2, 3]}}"#,
            "/stopsByName/a",
        ),
    ] {
        let (status, body) = put(sent).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{sent}: {body}");
        assert_eq!(violation(&body).0, at, "{sent}: {body}");
    }
}

#[tokio::test]
async fn members_named_by_a_pattern_are_taken_and_no_others_beside_closed_properties() {
    let s = Served::start().await;
    let put = |body: &Value| {
        let request = s.request(Method::PUT, "/annotations");
        s.send(request.json(body))
    };
    let valid = json!({
        "name": "a",
        "label-en": "hi",
        "extensions": {"x-count": 1, "ext_note": [true]},
    });
    assert_eq!(put(&valid).await, (StatusCode::OK, valid.clone()));
    for (sent, at) in [
        (json!({"other": "x"}), "/other"),
        (json!({"label-EN": "hi"}), "/label-EN"),
        (json!({"label-en": "too long"}), "/label-en"),
        (json!({"extensions": {"y": 1}}), "/extensions/y"),
    ] {
        let (status, body) = put(&sent).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{sent}: {body}");
        assert_eq!(violation(&body).0, at, "{sent}: {body}");
    }
    let (status, body) = put(&json!({"label-en": 5})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn the_client_sends_a_member_naming_no_type_as_its_struct_or_another_value() {
    use specforge_generated::fidelity::client::Client;
    use specforge_generated::fidelity::models::{
        PutThemeBody, PutThemeBodyLayersItem, ThemePalette,
    };
    use specforge_runtime::Loose;
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let body = PutThemeBody::new("dark")
        .with_palette(ThemePalette::new("#fff"))
        .with_layers(vec![
            PutThemeBodyLayersItem::new().with_name("x").into(),
            Loose::Other(json!(5)),
        ])
        .with_tags(vec!["a".to_owned()]);
    let sent = client.put_theme().body(body).send().await.unwrap();
    assert_eq!(
        sent.into_inner(),
        json!({"object": {
            "theme": "dark",
            "palette": {"primary": "#fff"},
            "layers": [{"name": "x"}, 5],
            "tags": ["a"],
        }})
    );
}

#[tokio::test]
async fn the_client_answers_with_a_redirect_the_operation_documents() {
    use specforge_generated::fidelity::client::Client;
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    // Followed, the redirect would end in a 404: `/drafts/7` is no route.
    let latest = client.get_latest_draft().send().await.unwrap();
    assert_eq!(latest.status(), StatusCode::SEE_OTHER);
    assert_eq!(latest.into_inner().location, "/drafts/7");
}

#[tokio::test]
async fn the_client_sends_a_body_in_each_media_type_the_operation_takes() {
    use specforge_generated::fidelity::client::{Client, Upload};
    use specforge_generated::fidelity::models::{
        PostDraftBody, PostDraftBodyItem, PostDraftBodyItemOp,
    };
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let sent = |response: specforge_runtime::client::Response<Value>| response.into_inner();
    let text = client.post_draft_as_text("memo").send().await.unwrap();
    assert_eq!(sent(text), json!({"sent": "text", "text": "memo"}));
    let form = PostDraftBody::new("tag").with_weight(2);
    let form = client.post_draft_as_form(form).send().await.unwrap();
    assert_eq!(
        sent(form),
        json!({"sent": "form", "form": {"label": "tag", "weight": 2}})
    );
    let xml = client
        .post_draft_as_xml("<Sketch><id>3</id></Sketch>")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent(xml),
        json!({"sent": "xml", "sketch": {"id": 3, "marks": []}})
    );
    // An upload that names no content type is sent as the declared one.
    let bytes = client
        .post_draft_as_binary(Upload::bytes(vec![0, 1, 2]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent(bytes),
        json!({"sent": "binary", "type": "application/octet-stream", "len": 3})
    );
    let patch = vec![PostDraftBodyItem::new(PostDraftBodyItemOp::Add, "/words")];
    let patch = client.post_draft_as_json_patch(patch).send().await.unwrap();
    assert_eq!(
        sent(patch),
        json!({"sent": "patch", "patch": [{"op": "add", "path": "/words"}]})
    );
    // Each is held to its own schema by the server.
    let refused = client
        .post_draft_as_text("far too long")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::BAD_REQUEST), "{refused}");

    // A multipart form beside JSON: its parts, files among them.
    let note = client
        .post_note_as_multipart("hello")
        .stars(4)
        .attachment(Upload::bytes(b"abc".to_vec()).file_name("a.txt"))
        .send()
        .await
        .unwrap();
    let note = sent(note);
    assert_eq!(
        (&note["sent"], &note["text"], &note["stars"]),
        (&json!("multipart"), &json!("hello"), &json!(4))
    );
    assert_eq!(note["attachment"]["len_read"], 3);
}

#[tokio::test]
async fn media_types_with_their_own_schemas_are_each_read_by_theirs() {
    let served = Served::start().await;
    let post =
        |content_type: &str, body: &'static str| served.post_as("/drafts", content_type, body);
    let accepted = [
        (
            "application/json",
            r#"{"title": "plan", "words": 3}"#,
            json!({"sent": "json", "draft": {"title": "plan", "words": 3}}),
        ),
        (
            "text/plain",
            "memo",
            json!({"sent": "text", "text": "memo"}),
        ),
        (
            FORM,
            "label=tag&weight=2",
            json!({"sent": "form", "form": {"label": "tag", "weight": 2}}),
        ),
        (
            "application/xml",
            "<Sketch><id>3</id></Sketch>",
            json!({"sent": "xml", "sketch": {"id": 3, "marks": []}}),
        ),
        (
            "application/octet-stream",
            "\u{0}\u{1}\u{2}",
            json!({"sent": "binary", "type": "application/octet-stream", "len": 3}),
        ),
        (
            "application/json-patch+json",
            r#"[{"op": "remove", "path": "/words"}]"#,
            json!({"sent": "patch", "patch": [{"op": "remove", "path": "/words"}]}),
        ),
        (
            "text/xml",
            "<Sketch><id>4</id><mark>1</mark><mark>2</mark></Sketch>",
            json!({"sent": "xml", "sketch": {"id": 4, "marks": [1, 2]}}),
        ),
    ];
    for (content_type, body, echoed) in accepted {
        let answer = served.send(post(content_type, body)).await;
        assert_eq!(answer, (StatusCode::OK, echoed), "{content_type}");
    }
    // Each is held to its own schema, not to the JSON one's.
    let refused = [
        ("application/json", r#"{"label": "tag"}"#, "/title"),
        ("text/plain", "m", ""),
        ("text/plain", "a long memo", ""),
        (FORM, "title=plan", "/label"),
        (FORM, "label=toolong", "/label"),
        ("application/xml", "<Sketch><id>30</id></Sketch>", "/id"),
        ("text/xml", "<Sketch><id>30</id></Sketch>", "/id"),
        (
            "application/xml",
            "<Sketch><id>3</id><mark>1</mark><mark>2</mark><mark>3</mark></Sketch>",
            "/marks",
        ),
        ("application/json-patch+json", r#"{"title": "plan"}"#, ""),
        (
            "application/json-patch+json",
            r#"[{"op": "move", "path": "/a"}]"#,
            "/0/op",
        ),
    ];
    for (content_type, body, pointer) in refused {
        let (status, answer) = served.send(post(content_type, body)).await;
        assert_eq!(
            pointers(status, &answer),
            [pointer],
            "{content_type} {body}"
        );
    }
    // No body at all: the typed content finds it missing.
    let (status, answer) = served.send(served.request(Method::POST, "/drafts")).await;
    assert_eq!(pointers(status, &answer), [""]);
}

#[tokio::test]
async fn a_list_body_is_held_to_its_rules_as_json_and_as_xml() {
    let served = Served::start().await;
    let post =
        |content_type: &str, body: &'static str| served.post_as("/counts", content_type, body);
    for (content_type, body) in [
        ("application/json", "[1, 2]"),
        ("application/xml", "<counts><n>1</n><n>2</n></counts>"),
    ] {
        let (status, answer) = served.send(post(content_type, body)).await;
        assert_eq!(
            status,
            StatusCode::NOT_IMPLEMENTED,
            "{content_type}: {answer}"
        );
    }
    let too_many = [
        ("application/json", "[1, 2, 3]"),
        // An integer past 64 bits has no `serde_json::Value`: still counted.
        ("application/json", "[1, 2, 100000000000000000000000]"),
        (
            "application/xml",
            "<counts><n>1</n><n>2</n><n>3</n></counts>",
        ),
    ];
    for (content_type, body) in too_many {
        let (status, answer) = served.send(post(content_type, body)).await;
        assert_eq!(pointers(status, &answer), [""], "{content_type} {body}");
    }
}

#[tokio::test]
async fn a_parameter_s_inline_items_are_held_to_their_schema() {
    let served = Served::start().await;
    let (status, body) = served.get("/search?steps=0,9&weights[a]=xy").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (&body["steps"], &body["weights"]),
        (&json!([0, 9]), &json!({"a": "xy"}))
    );
    for (query, pointer) in [
        ("steps=1,10", "/steps/1"),
        ("steps=-1", "/steps/0"),
        ("weights[a]=x&weights[b]=xyz", "/weights/b"),
    ] {
        let (status, body) = served.get(&format!("/search?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["errors"].as_array().map(Vec::len), Some(1), "{body}");
        assert_eq!(body["errors"][0]["location"], "query");
        assert_eq!(violation(&body).0, pointer, "{query}");
    }
}

#[tokio::test]
async fn styled_integers_and_unexploded_objects_read_every_text_they_can_mean() {
    let s = Served::start().await;
    // An unformatted integer is any width, in a styled path segment too.
    let wide = "72572560444800548864";
    let (status, body) = s.get(&format!("/ledgers/;entry={wide}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["entryJson"], wide, "{body}");
    let (status, body) = s.get(&format!("/ledgers/;entry=-{wide}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/entry", "{body}");
    let (status, body) = s
        .get(&format!(
            "/ledgers/;entry=1?page[size]={wide}&page[ids]=7&page[ids]=-{wide}&page[after]={wide}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = format!(r#"{{"size":{wide},"ids":[7,-{wide}],"after":"{wide}"}}"#);
    assert_eq!(body["pageJson"], page, "{body}");
    let (status, body) = s
        .get(&format!("/ledgers/;entry=1?page[size]=-{wide}"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        s.get("/ledgers/;entry=1?page[size]=x").await.0,
        StatusCode::BAD_REQUEST
    );
    // A cookie does not escape a comma: the last value keeps the rest.
    let ledger = |cookie: &'static str| {
        s.send(
            s.request(Method::GET, "/ledgers/;entry=1")
                .header("cookie", cookie),
        )
    };
    let (status, body) = ledger("view=sort,name,desc").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["view"], json!({"sort": "name,desc"}), "{body}");
    let (status, body) = ledger("view=,a,b").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = ledger("view=sort").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // Where the last member is no text, the extra part is refused as before.
    let window = |text: &'static str| {
        s.send(
            s.request(Method::GET, "/ledgers/;entry=1")
                .header("window", text),
        )
    };
    let (status, body) = window("from,1,to,2").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["window"], json!({"from": 1, "to": 2}), "{body}");
    let (status, body) = window("from,1,to").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn deep_object_members_read_an_empty_object_and_a_null_list() {
    let s = Served::start().await;
    for (query, page) in [
        ("page[near]=", json!({"near": {}})),
        ("page[near]=null", json!({"near": null})),
        ("page[near][id]=x", json!({"near": {"id": "x"}})),
        ("page[marks]=null", json!({"marks": null})),
        ("page[marks]=3", json!({"marks": [3]})),
        ("page[until]=null", json!({"until": null})),
        (
            "page[until]=null&page[near]=null",
            json!({"until": null, "near": null}),
        ),
        // Text where that is what a member takes.
        ("page[after]=null", json!({"after": "null"})),
    ] {
        let (status, body) = s.get(&format!("/ledgers/;entry=1?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        let sent: Value = serde_json::from_str(body["pageJson"].as_str().unwrap()).unwrap();
        assert_eq!(sent, page, "{query}");
    }
    // A list that is not nullable is not null, nor a nested object a
    // number.
    for (query, pointer) in [
        ("page[ids]=null", "/page/ids"),
        ("page[near]=3", "/page/near"),
    ] {
        let (status, body) = s.get(&format!("/ledgers/;entry=1?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(violation(&body).0, pointer, "{query}: {body}");
    }
}

#[tokio::test]
async fn a_tuples_items_are_each_one_of_its_schemas() {
    let s = Served::start().await;
    let body = json!({"at": [2.5, -1.0], "tags": ["abc", 7, 8]});
    let (status, answer) = s.post_json("/tracks", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, body);
    for (refused, pointer) in [
        (json!({"at": [1, 2, 3]}), "/at"),
        (json!({"at": ["north", 2]}), "/at/0"),
        (json!({"tags": ["abc", true]}), "/tags/1"),
        (json!({"tags": ["abcd"]}), "/tags/0"),
    ] {
        let (status, answer) = s.post_json("/tracks", refused.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{refused}: {answer}");
    }
}

#[tokio::test]
async fn a_member_allowing_only_null_makes_its_union_nullable() {
    let s = Served::start().await;
    for (sent, read) in [
        (json!({"currency": "EUR"}), json!({"currency": "EUR"})),
        (json!({"currency": ""}), json!({"currency": ""})),
        (json!({"currency": null}), json!({"currency": null})),
    ] {
        let (status, answer) = s.post_json("/purchases", sent.clone()).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, read, "{sent}");
    }
    for refused in [json!({"currency": "GBP"}), json!({"currency": 7})] {
        let (status, answer) = s.post_json("/purchases", refused.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, "/currency", "{refused}: {answer}");
    }
    // The same in a form, where `null` is how null is sent.
    for (sent, read) in [
        ("currency=USD", json!({"currency": "USD"})),
        ("currency=", json!({"currency": ""})),
        ("currency=null", json!({"currency": null})),
    ] {
        let (status, answer) = s.send(s.post_as("/purchases", FORM, sent)).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, read, "{sent}");
    }
}

#[tokio::test]
async fn a_form_member_s_null_is_the_text_null_where_the_string_cannot_be() {
    let s = Served::start().await;
    for (sent, read) in [
        ("grant=password", json!({"grant": "password"})),
        ("grant=null", json!({"grant": null})),
    ] {
        let (status, answer) = s.send(s.post_as("/purchases", FORM, sent)).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, read, "{sent}");
    }
    let (status, answer) = s.send(s.post_as("/purchases", FORM, "grant=token")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/grant", "{answer}");
}

#[tokio::test]
async fn a_required_form_member_of_any_type_is_null_when_absent() {
    let s = Served::start().await;
    for (sent, read) in [
        (
            "status=draft",
            json!({"status": "draft", "definition": null}),
        ),
        (
            "status=draft&definition=x",
            json!({"status": "draft", "definition": "x"}),
        ),
    ] {
        let (status, answer) = s.send(s.post_as("/flows", FORM, sent)).await;
        assert_eq!((status, answer), (StatusCode::OK, read), "{sent}");
    }
    // The member that may not be null is still required.
    let (status, answer) = s.send(s.post_as("/flows", FORM, "definition=x")).await;
    assert_eq!(violation(&answer).0, "/status", "{status} {answer}");
}

#[tokio::test]
async fn a_text_two_one_of_variants_read_each_its_own_way_is_not_refused() {
    let s = Served::start().await;
    // A text two variants of a `oneOf` take, each read its own way (the
    // string's text, the integer it spells), is not refused: it is one of
    // the two. Text one variant alone takes is that variant's.
    let read = [
        ("123", [json!("123"), json!(123)]),
        ("1234567", [json!(1234567), json!(1234567)]),
        ("abc", [json!("abc"), json!("abc")]),
    ];
    for (sent, readings) in read {
        let form = format!("status=draft&nonce={sent}");
        let (status, answer) = s.send(s.post_as("/flows", FORM, form)).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert!(readings.contains(&answer["nonce"]), "{sent}: {answer}");
        let (status, answer) = s.get(&format!("/search?nonce={sent}")).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert!(readings.contains(&answer["nonce"]), "{sent}: {answer}");
    }
    // Text neither variant takes is refused.
    let (status, answer) = s
        .send(s.post_as("/flows", FORM, "status=draft&nonce=toolong"))
        .await;
    assert_eq!(violation(&answer).0, "/nonce", "{status} {answer}");
}

#[tokio::test]
async fn a_subtype_s_members_reach_a_handler_typed_by_its_base() {
    let s = Served::start().await;
    let car = json!({"kind": "car", "wheels": 4, "seats": 5});
    let (status, answer) = s.post_json("/vehicles", car.clone()).await;
    assert_eq!((status, answer), (StatusCode::OK, car));
    // The base's own members are still held to its rules.
    let (status, answer) = s
        .post_json("/vehicles", json!({"kind": "car", "wheels": -1}))
        .await;
    assert_eq!(violation(&answer).0, "/wheels", "{status} {answer}");
}

#[tokio::test]
async fn unknown_members_count_toward_max_properties() {
    let s = Served::start().await;
    let three = json!({"currency": "EUR", "grant": null, "note": 1});
    let (status, answer) = s.post_json("/purchases", three.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, three);
    let four = json!({"currency": "EUR", "note": 1, "more": 2, "most": 3});
    let (status, answer) = s.post_json("/purchases", four).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn a_required_object_none_of_whose_members_is_sent_is_empty() {
    let s = Served::start().await;
    let (status, answer) = s.get("/purchases").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({}));
    let (status, answer) = s.get("/purchases?page=2&sort=name&sort=id").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"page": 2, "sort": ["name", "id"]}));
    let (status, answer) = s.get("/purchases?page=-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // The generated client sends the empty object as nothing, and is heard.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let empty = specforge_generated::fidelity::models::Pageable::new();
    let answer = client.list_purchases(empty).send().await.unwrap();
    assert_eq!(answer.into_inner(), json!({}));
}

#[tokio::test]
async fn a_required_list_sent_item_by_item_is_empty_when_none_is_sent() {
    let s = Served::start().await;
    let (status, answer) = s.get("/rosters?seat=1").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([[], [1]]));
    let (status, answer) = s.get("/rosters?name=a&name=b&seat=1&seat=2").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([["a", "b"], [1, 2]]));
    // A list that may not be empty is still required.
    let (status, answer) = s.get("/rosters?name=a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer), ("/seat".into(), "is required".into()));
    // The generated client sends the empty list as nothing, and is heard.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let answer = client
        .list_rosters(Vec::new(), vec![3])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), json!([[], [3]]));
}

#[tokio::test]
async fn a_default_its_own_rules_refuse_is_not_applied() {
    let s = Served::start().await;
    let (status, answer) = s.post_json("/quotas", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"unit": "kb"}));
    let (status, answer) = s.post_json("/quotas", json!({"limit": 0})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/limit", "{answer}");
}

#[tokio::test]
async fn a_nullable_list_or_object_sent_as_null_is_null() {
    let s = Served::start().await;
    let badge = |header: &'static str, query: &'static str| {
        let request = s
            .http
            .get(format!("{}/badges{query}", s.base))
            .header("x-badge", header);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, answer) = badge("null", "?sizes=null").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([null, null]));
    let (status, answer) = badge("color,red", "?sizes=1,2").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([{"color": "red"}, [1, 2]]));
    let (status, answer) = badge("nil", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/X-Badge", "{answer}");
}

#[tokio::test]
async fn a_property_marked_required_true_is_required() {
    let s = Served::start().await;
    let (status, answer) = s.post_json("/stamps", json!({"note": "n"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/code", "{answer}");
    let (status, answer) = s.post_json("/stamps", json!({"code": "c"})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"code": "c"}));
}

#[tokio::test]
async fn an_exploded_map_takes_the_query_pairs_no_other_parameter_names() {
    let s = Served::start().await;
    let (status, answer) = s.get("/filters?page=2&a=1&b=2").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([2, {"a": 1, "b": 2}]));
    // None sent is the empty map, which is how the empty map is sent.
    let (status, answer) = s.get("/filters").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([null, {}]));
    let (status, answer) = s.get("/filters?page=1&a=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(
        violation(&answer),
        ("/labels".into(), "`x` is not an integer".into())
    );
    // The generated client sends each member as a pair, and is heard.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let labels = [("x".to_owned(), 7)].into_iter().collect();
    let answer = client.list_filters(labels).page(3).send().await.unwrap();
    assert_eq!(answer.into_inner(), json!([3, {"x": 7}]));
}

#[tokio::test]
async fn a_member_whose_only_rule_is_its_other_members_names_is_checked() {
    let s = Served::start().await;
    let sticker = json!({"meta": {"name": "n", "x-shape": "star"}});
    let (status, answer) = s.post_json("/stickers", sticker.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, sticker);
    let (status, answer) = s
        .post_json("/stickers", json!({"meta": {"shape": "star"}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/meta/shape", "{answer}");
}

#[tokio::test]
async fn a_parameter_whose_content_is_text_is_that_text() {
    let s = Served::start().await;
    let (status, answer) = s.get("/slugs/0").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!(["0", null]));
    let response = s
        .http
        .get(format!("{}/slugs/two%20words", s.base))
        .header("x-trace", "not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!(["two words", "not json"])
    );
    // The generated client sends the text as it is, and is heard.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let answer = client
        .get_slug("a/b c")
        .x_trace("t 1")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), json!(["a/b c", "t 1"]));
}

#[tokio::test]
async fn a_multipart_union_is_typed_by_its_variants_and_held_to_its_rules() {
    let s = Served::start().await;
    let form = || Form::new().text("name", "Tom");
    let (status, answer) = s.post_form("/adoptions", form().text("lives", "9")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"name": "Tom", "lives": 9}));
    let tricks = form().text("tricks", "sit").text("tricks", "roll");
    let (status, answer) = s.post_form("/adoptions", tricks).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"name": "Tom", "tricks": ["sit", "roll"]}));
    for (sent, pointer) in [
        (form().text("size", "xl").text("lives", "9"), "/size"),
        // Every variant needs a name: none takes the form.
        (Form::new().text("lives", "9"), ""),
        (form().text("lives", "many"), "/lives"),
    ] {
        let (status, answer) = s.post_form("/adoptions", sent).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(violation(&answer).0, pointer, "{answer}");
    }
}

#[tokio::test]
async fn a_typeless_nullable_member_of_a_union_takes_any_value() {
    let s = Served::start().await;
    for sent in [
        json!({"filter": {"must": "red"}}),
        json!({"filter": null}),
        // Not a `PointFilter`, but the second member takes it.
        json!({"filter": [null, 1]}),
        json!({"filter": {"should": "red"}}),
        json!({"nothing": null}),
        json!({}),
    ] {
        let (status, answer) = s.post_json("/points", sent.clone()).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, sent);
    }
    // `type: ["null"]` takes null only.
    let (status, answer) = s.post_json("/points", json!({"nothing": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/nothing", "{answer}");
}

#[tokio::test]
async fn an_exploded_union_of_objects_takes_its_variants_members() {
    let s = Served::start().await;
    let (status, answer) = s.get("/whos?email=a%40b.c&kind=k").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([{"email": "a@b.c"}, "k"]));
    let (status, answer) = s.get("/whos?user_id=7").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!([{"user_id": 7}, null]));
    for (query, pointer) in [
        ("/whos?kind=k", "/who"),
        // Both variants' members: neither variant takes them.
        ("/whos?email=e&user_id=7", "/who"),
        ("/whos?user_id=x", "/who"),
    ] {
        let (status, answer) = s.get(query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{query}: {answer}");
    }
    // The generated client sends the variant's members as pairs, and is heard.
    use specforge_generated::fidelity::models::{ListWhosWho, ListWhosWhoVariant1};
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let who = ListWhosWho::Variant1(ListWhosWhoVariant1::new("a&b"));
    let answer = client.list_whos(who).kind("k").send().await.unwrap();
    assert_eq!(answer.into_inner(), json!([{"email": "a&b"}, "k"]));
}

#[tokio::test]
async fn a_union_within_a_union_beside_properties_holds_every_level() {
    let s = Served::start().await;
    for sent in [
        json!({"type": "user", "email": "e", "silent": true}),
        json!({"type": "user", "user_id": "u"}),
        json!({"type": "admin", "admin_id": "a", "silent": false}),
    ] {
        let (status, answer) = s.post_json("/replies", sent.clone()).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, sent);
    }
    for sent in [
        // An admin's reply needs `admin_id`; a user's needs `email` or `user_id`.
        json!({"type": "admin"}),
        json!({"type": "user"}),
        json!({"type": "user", "email": "e", "silent": "yes"}),
        json!({"silent": true}),
    ] {
        let (status, answer) = s.post_json("/replies", sent.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{sent}: {answer}");
    }
}

#[tokio::test]
async fn a_head_response_has_no_body_whatever_the_document_gives_it() {
    let s = Served::start().await;
    let response = s
        .http
        .head(format!("{}/lamps", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-count"], "3");
    assert!(response.bytes().await.unwrap().is_empty());
    // The generated client reads the headers and looks for no body.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let answer = client.head_lamp().send().await.unwrap();
    assert_eq!(answer.into_inner().x_count, Some(3));
    let answer = client.get_lamp().send().await.unwrap();
    assert!(answer.into_inner().lit);
}

#[tokio::test]
async fn a_list_in_bracketed_names_is_read_as_stripe_and_qs_write_it() {
    let s = Served::start().await;
    let basket = |sent: &str| s.send(s.post_as("/baskets/b1", FORM, sent.to_owned()));
    for (sent, read) in [
        (
            "expand[]=a&expand[]=b",
            json!({"expand": ["a", "b"], "options": {}}),
        ),
        (
            "expand[1]=b&expand[0]=a",
            json!({"expand": ["a", "b"], "options": {}}),
        ),
        (
            "lines[0][sku]=x&lines[0][quantity]=2&lines[1][sku]=y",
            json!({"lines": [{"sku": "x", "quantity": 2}, {"sku": "y"}], "options": {}}),
        ),
        // A union: a list where no variant is the object the names spell.
        (
            "tags[]=a&tags[]=b",
            json!({"tags": ["a", "b"], "options": {}}),
        ),
        (
            "tags[1]=b&tags[0]=a",
            json!({"tags": ["a", "b"], "options": {}}),
        ),
        ("notes[]=a", json!({"notes": {"": "a"}, "options": {}})),
        ("notes[0]=a", json!({"notes": {"0": "a"}, "options": {}})),
    ] {
        let (status, answer) = basket(sent).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer["body"], read, "{sent}");
    }
    for (refused, pointer) in [
        ("expand[]=toolong", "/expand/0"),
        ("lines[0][quantity]=0&lines[0][sku]=x", "/lines/0/quantity"),
        ("lines[0][quantity]=2", "/lines/0/sku"),
        // Nested names are no item of a list of strings.
        ("expand[0][x]=a", "/expand[0][x]"),
    ] {
        let (status, answer) = basket(refused).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{refused}: {answer}");
    }
    // A query list too.
    let (status, answer) = s
        .send(s.post_as("/baskets/b1?expand[]=a&expand[]=b", FORM, ""))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["expand"], json!(["a", "b"]));
    let (status, answer) = s
        .send(s.post_as("/baskets/b1?expand[0]=toolong", FORM, ""))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // A query list of objects, each item's violations at the item's member.
    let query = "items[1][sku]=y&items[0][sku]=x&items[0][quantity]=2";
    let (status, answer) = s
        .send(s.post_as(&format!("/baskets/b1?{query}"), FORM, ""))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["items"],
        json!([{"sku": "x", "quantity": 2}, {"sku": "y"}])
    );
    for (refused, pointer) in [
        (
            "items[0][sku]=x&items[0][quantity]=two",
            "/items/0/quantity",
        ),
        ("items[0][sku]=x&items[1][quantity]=2", "/items/1/sku"),
        ("items[0][sku]=x&items[0][quantity]=0", "/items/0/quantity"),
    ] {
        let (status, answer) = s
            .send(s.post_as(&format!("/baskets/b1?{refused}"), FORM, ""))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{refused}: {answer}");
    }
    // The generated client's lists reach the server whole.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let body = json!({"expand": ["a"], "lines": [{"sku": "x", "gift": {"note": "n"}}], "options": {"wrap": true}});
    let answer = client
        .fill_basket("b1", serde_json::from_value(body.clone()).unwrap())
        .expand(vec!["q".to_owned()])
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer["body"], body);
    assert_eq!(answer["expand"], json!(["q"]));
}

#[tokio::test]
async fn an_empty_object_in_a_form_is_no_pair_or_an_empty_text() {
    let s = Served::start().await;
    let basket = |sent: &str| s.send(s.post_as("/baskets/b1", FORM, sent.to_owned()));
    for (sent, read) in [
        // A required object whose members may all be left out: `{}`.
        ("", json!({"options": {}})),
        (
            "lines[0][sku]=x&lines[0][gift]=",
            json!({"lines": [{"sku": "x", "gift": {}}], "options": {}}),
        ),
        // A union of an object and "": the empty text is the string.
        ("thresholds=", json!({"thresholds": "", "options": {}})),
        (
            "thresholds[above]=3",
            json!({"thresholds": {"above": 3}, "options": {}}),
        ),
    ] {
        let (status, answer) = basket(sent).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer["body"], read, "{sent}");
    }
    // An integer past 64 bits leaves bracketed members typed.
    let (status, answer) = basket("total=123456789012345678901234&address[floor]=3").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["total"], "123456789012345678901234");
    assert_eq!(answer["body"]["address"], json!({"floor": 3}));
    // A float written with an exponent is none, and leaves them typed too.
    let (status, answer) = basket("address[x]=-3.402823466e%2B38&thresholds[above]=3").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["body"]["thresholds"], json!({"above": 3}));
    for (refused, pointer) in [
        ("lines[0][sku]=x&lines[0][gift]=g", "/lines/0/gift"),
        ("options=x", "/options"),
        (
            "total=123456789012345678901234&address[floor]=x",
            "/address/floor",
        ),
    ] {
        let (status, answer) = basket(refused).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{refused}: {answer}");
    }
    // A union member of a `deepObject` query parameter, sent as empty text.
    let (status, answer) = s
        .send(s.post_as("/baskets/b1?window[placed]=", FORM, ""))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["window"], json!({"placed": {}}));
}

#[tokio::test]
async fn a_union_of_an_object_and_a_string_takes_digits_as_the_string_s_text() {
    let s = Served::start().await;
    let basket = |sent: &str| s.send(s.post_as("/baskets/b1", FORM, sent.to_owned()));
    for (sent, read) in [
        ("source=0005", json!("0005")),
        ("source[number]=0005", json!({"number": "0005"})),
        // Past 64 bits too.
        (
            "source=123456789012345678901234",
            json!("123456789012345678901234"),
        ),
    ] {
        let (status, answer) = basket(sent).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer["body"]["source"], read, "{sent}");
    }
    let (status, answer) = basket(&format!("source={}", "7".repeat(31))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = s.send(s.post_as("/baskets/b1?source=0005", FORM, "")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["source"], "0005");
}

#[tokio::test]
async fn a_deep_object_union_in_a_query_is_its_object_in_brackets_or_its_scalar() {
    let s = Served::start().await;
    for (query, read) in [("created[gt]=5", r#"{"gt":5}"#), ("created=7", "7")] {
        let (status, body) = s.get(&format!("/search?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(body["createdJson"], read, "{query}");
    }
    let (status, body) = s.get("/search?created[gt]=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(violation(&body).0, "/created", "{body}");
}

#[tokio::test]
async fn a_discriminator_no_variant_declares_chooses_where_given_and_the_value_does_else() {
    let s = Served::start().await;
    let put = |provider: Value| {
        let body = json!({"provider_model": "saml", "provider": provider});
        let request = s.request(Method::PUT, "/providers/transactional");
        s.send(
            request
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    };
    // The variant is told by its tag (written back by the echo), or by
    // the one variant the value satisfies.
    for (provider, tag) in [
        (json!({"name": "a", "acs_url": "https://idp"}), "saml"),
        (json!({"name": "a", "base_dn": "dc=x"}), "ldap"),
        (
            json!({"provider_model": "ldap", "name": "a", "base_dn": "dc=x"}),
            "ldap",
        ),
    ] {
        let (status, answer) = put(provider.clone()).await;
        assert_eq!(status, StatusCode::OK, "{provider}: {answer}");
        assert_eq!(answer["provider"]["provider_model"], tag, "{provider}");
    }
    // Neither variant, both (`oneOf`), or not the variant its tag names.
    for (provider, at) in [
        (json!({"name": "a"}), "/provider"),
        (
            json!({"name": "a", "base_dn": "dc=x", "acs_url": "https://idp"}),
            "/provider",
        ),
        (
            json!({"provider_model": "ldap", "name": "a", "acs_url": "https://idp"}),
            "/provider/base_dn",
        ),
    ] {
        let (status, answer) = put(provider.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{provider}: {answer}");
        assert_eq!(violation(&answer).0, at, "{provider}: {answer}");
    }
}

#[tokio::test]
async fn the_items_of_a_list_that_may_be_null_keep_their_own_rules() {
    let s = Served::start().await;
    for (sent, at) in [
        (json!({"pairs": [["a", "b"], ["c", "d"]]}), None),
        (json!({"pairs": null}), None),
        (json!({"pairs": [["a", "b"], ["c"]]}), Some("/pairs/1")),
        (json!({"pairs": [["a", "b", "c"]]}), Some("/pairs/0")),
        // Each of a tuple's items is one of its prefix's.
        (json!({"pairs": [["a", {}]]}), Some("/pairs/0/1")),
    ] {
        let put = s.request(Method::PUT, "/pairs").json(&sent);
        let (status, answer) = s.send(put).await;
        match at {
            None => assert_eq!((status, &answer), (StatusCode::OK, &sent)),
            Some(at) => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{sent}: {answer}");
                assert_eq!(violation(&answer).0, at, "{sent}: {answer}");
            }
        }
    }
}

#[tokio::test]
async fn a_parent_that_lists_its_children_beside_its_all_of_is_one_of_them() {
    let s = Served::start().await;
    // The base's, the parent's and one child's members, together.
    for key in [
        json!({"kid": "k1", "use": "sig", "kty": "EC", "x": "a", "y": "b"}),
        json!({"kty": "RSA", "n": "m"}),
    ] {
        let (status, answer) = s.post_json("/keys/signing", key.clone()).await;
        assert_eq!(status, StatusCode::OK, "{key}: {answer}");
        assert_eq!(answer, key);
    }
    // No child, a child's member written wrong, and a parent's or a
    // base's member written wrong beside a child.
    for key in [
        json!({"kid": "k1"}),
        json!({"kty": "EC", "x": "a", "y": {}}),
        json!({"kty": "RSA", "n": "m", "use": "enc"}),
        json!({"kty": "RSA", "n": "m", "kid": 7}),
    ] {
        let (status, answer) = s.post_json("/keys/signing", key.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key}: {answer}");
    }
}

#[tokio::test]
async fn a_default_its_own_format_refuses_is_not_applied() {
    let s = Served::start().await;
    // Left out: the valid default is applied, the invalid one is not.
    let (status, answer) = s.post_json("/timers", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"every": "PT1H"}));
    // Sent, a value is held to the format as ever.
    let (status, answer) = s.post_json("/timers", json!({"period": "24h"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/period");
}

#[tokio::test]
async fn bytes_beside_a_multipart_form_are_read_as_bytes() {
    use specforge_generated::fidelity::client::{Client, Upload};
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let form = client
        .upload_profile_image()
        .file(Upload::bytes(&b"png"[..]))
        .send()
        .await
        .unwrap();
    assert_eq!(form.into_inner(), json!({"sent": "multipart", "file": 3}));
    let bytes = client
        .upload_profile_image_as_binary(Upload::bytes(&b"jpeg"[..]))
        .send()
        .await
        .unwrap();
    assert_eq!(bytes.into_inner(), json!({"sent": "binary", "len": 4}));
    // Bytes that happen to look like JSON are bytes all the same.
    let (status, answer) = s
        .send(s.post_as("/profile-images", "application/octet-stream", "{}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"sent": "binary", "len": 2}));
}

#[tokio::test]
async fn a_value_without_its_tag_is_the_variant_it_satisfies() {
    let s = Served::start().await;
    let chosen = [
        // Left out, the tag is the one variant whose default it is.
        (json!({}), "count", json!({"func": "count"})),
        (
            json!({"func": "sum", "property": "p"}),
            "property",
            json!({"func": "sum", "property": "p"}),
        ),
        (
            json!({"func": "unique", "property": "p"}),
            "unique",
            json!({"func": "unique", "property": "p"}),
        ),
    ];
    for (sent, variant, value) in chosen {
        let (status, answer) = s.post_json("/aggregations", sent.clone()).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(
            answer,
            json!({"variant": variant, "value": value}),
            "{sent}"
        );
    }
    // Without a tag, a value two variants take is refused, as `oneOf` has
    // it; with one, the variant it names holds it to its schema.
    for (sent, pointer) in [
        (json!({"property": "p"}), ""),
        (json!({"func": "sum"}), "/property"),
        (json!({"func": "avg", "property": "p"}), ""),
    ] {
        let (status, answer) = s.post_json("/aggregations", sent.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{sent}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{sent}: {answer}");
    }
}

#[tokio::test]
async fn parts_of_binary_format_without_a_type_are_files() {
    use specforge_generated::fidelity::client::{Client, Upload};
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let sent = client
        .attach_documents()
        .method("PATCH")
        .method_part("PUT")
        .cover(Upload::bytes(&b"\xff\xd8"[..]))
        .documents(vec![
            Upload::bytes(&b"\x89PNG"[..]),
            Upload::bytes(&b"%PDF"[..]),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent.into_inner(),
        json!({
            "query": "PATCH",
            "method": "PUT",
            "cover": [0xff, 0xd8],
            "documents": [[0x89, 0x50, 0x4e, 0x47], [0x25, 0x50, 0x44, 0x46]],
        })
    );
    // Bytes that are no UTF-8 text, as a browser's form sends them.
    let body = b"--b\r\nContent-Disposition: form-data; name=\"documents\"; filename=\"a\"\r\n\r\n\
                 \xc3\x28\x00\r\n--b--\r\n";
    let (status, answer) = s
        .send(s.post_as("/attachments", "multipart/form-data; boundary=b", &body[..]))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["documents"], json!([[0xc3, 0x28, 0]]));
}

#[tokio::test]
async fn an_all_of_that_narrows_a_shared_enum_picks_one_variant() {
    let s = Served::start().await;
    let score = json!({"description": "how sure"});
    for (data_type, variant) in [("NUMERIC", "numeric"), ("BOOLEAN", "boolean")] {
        let sent = json!({"dataType": data_type, "score": score});
        let (status, answer) = s.post_json("/output-definitions", sent).await;
        assert_eq!(status, StatusCode::OK, "{data_type}: {answer}");
        assert_eq!(answer, json!({"variant": variant}));
    }
    let (status, answer) = s
        .post_json(
            "/output-definitions",
            json!({"dataType": "TEXT", "score": score}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn an_all_of_that_narrows_an_enum_takes_only_the_values_both_list() {
    let s = Served::start().await;
    for kind in ["host", "domain"] {
        let (status, answer) = s
            .post_json("/network-resources", json!({"kind": kind}))
            .await;
        assert_eq!(status, StatusCode::OK, "{kind}: {answer}");
        assert_eq!(answer, json!({"kind": kind}));
    }
    for kind in ["subnet", "peer"] {
        let (status, answer) = s
            .post_json("/network-resources", json!({"kind": kind}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}: {answer}");
        assert_eq!(violation(&answer).0, "/kind", "{answer}");
    }
}

#[tokio::test]
async fn an_integer_bound_spelled_as_a_float_admits_the_decimal_it_spells() {
    let s = Served::start().await;
    // Past `u64::MAX`, within the bound as written.
    let sent = r#"{"modifyIndex": 18446744073709551999}"#;
    let (status, answer) = s
        .send(s.post_as("/counters", "application/json", sent))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"modifyIndex": "18446744073709551999"}));
    let (status, answer) = s.post_json("/counters", json!({"modifyIndex": -1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // Past the bound as written, though it reads as the same `f64`.
    let sent = r#"{"modifyIndex": 18446744073709552001}"#;
    let (status, answer) = s
        .send(s.post_as("/counters", "application/json", sent))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/modifyIndex", "{answer}");
}

#[tokio::test]
async fn a_required_list_member_of_an_exploded_query_object_may_be_sent_empty() {
    let s = Served::start().await;
    // `acl: []` is sent as no pair at all.
    let (status, answer) = s.get("/key-checks?validity=60").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"acl": [], "validity": 60}));
    let (status, answer) = s.get("/key-checks?acl=search&acl=browse&validity=60").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"acl": ["search", "browse"], "validity": 60}));
    // An optional list member left out stays out; a required scalar may not be.
    let (status, answer) = s.get("/key-checks?acl=search").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = s.get("/key-checks?acl=admin&validity=60").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn one_media_type_declared_twice_is_read_by_the_parameter_sent() {
    let s = Served::start().await;
    let lines = r#"[{"message": "a"}, {"message": "b"}]"#;
    for media in ["application/json", "application/json; charset=utf-8"] {
        let (status, answer) = s.send(s.post_as("/log-intake", media, lines)).await;
        assert_eq!(status, StatusCode::OK, "{media}: {answer}");
        assert_eq!(
            answer,
            json!({"lines": [{"message": "a"}, {"message": "b"}]})
        );
    }
    let line = r#"{"message": "a"}"#;
    let (status, answer) = s
        .send(s.post_as("/log-intake", "application/json;simple", line))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"line": {"message": "a"}}));
    // Each reading holds the body to its own schema.
    let (status, answer) = s
        .send(s.post_as("/log-intake", "application/json", line))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

    use specforge_generated::fidelity::client::Client;
    use specforge_generated::fidelity::models::LogLine;
    let client = Client::new(&s.base).unwrap();
    let line = LogLine::new("c".to_owned());
    let answer = client.submit_logs(vec![line.clone()]).send().await.unwrap();
    assert_eq!(answer.into_inner(), json!({"lines": [{"message": "c"}]}));
    let answer = client
        .submit_logs_as_json_simple(line)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), json!({"line": {"message": "c"}}));
}

#[tokio::test]
async fn null_taken_by_two_members_of_a_one_of_is_refused() {
    let s = Served::start().await;
    let put = |body: &Value| s.request(Method::PUT, "/either-label").json(body);
    for body in [json!("a"), json!(7)] {
        assert_eq!(
            s.post_json("/either-label", body.clone()).await,
            (StatusCode::OK, body.clone())
        );
        assert_eq!(s.send(put(&body)).await, (StatusCode::OK, body));
    }
    // Both members of the `oneOf` take null, so null is none of its values.
    let (status, answer) = s.post_json("/either-label", Value::Null).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["status"], 400, "{answer}");
    // An `anyOf` takes what any member takes.
    let (status, answer) = s.send(put(&Value::Null)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Knows one API key.
struct OneKey;

impl specforge_runtime::server::Authenticator for OneKey {
    fn authenticate<'a>(
        &'a self,
        _: &'a str,
        credential: &'a specforge_runtime::server::Credential,
    ) -> specforge_runtime::server::BoxFuture<'a, Option<specforge_runtime::server::Principal>>
    {
        use specforge_runtime::server::{Credential, Principal};
        let known = matches!(credential, Credential::ApiKey(key) if key == "k-1");
        Box::pin(async move { known.then(|| Principal::new("keyholder", Vec::<String>::new())) })
    }
}

#[tokio::test]
async fn an_authorization_header_parameter_asks_for_the_scheme_sending_that_header() {
    use specforge_generated::fidelity::client::Client;
    let s = Served::start_with(ServerOptions::default().authenticator(OneKey)).await;
    let (status, _) = s.get("/usage-report").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let keyed = s
        .request(Method::GET, "/usage-report")
        .header("authorization", "k-1");
    assert_eq!(
        s.send(keyed).await,
        (StatusCode::OK, json!({"principal": "keyholder"}))
    );

    let anonymous = Client::new(&s.base).unwrap();
    let refused = anonymous.usage_report().send().await.unwrap_err();
    assert_eq!(
        refused.status(),
        Some(StatusCode::UNAUTHORIZED),
        "{refused}"
    );
    let keyed = Client::builder(&s.base).api_key("k-1").build().unwrap();
    let answer = keyed.usage_report().send().await.unwrap();
    assert_eq!(answer.into_inner(), json!({"principal": "keyholder"}));
}

#[tokio::test]
async fn a_query_list_of_objects_is_read_back_as_the_sdk_writes_it() {
    use specforge_generated::fidelity::client::Client;
    use specforge_generated::fidelity::models::JoinFiltersRulesItem;
    let s = Served::start().await;
    let client = Client::new(&s.base).unwrap();
    let and = vec![
        serde_json::from_value(json!({"status": "open", "limit": 2})).unwrap(),
        Default::default(),
    ];
    let rules = vec![JoinFiltersRulesItem::new("size".to_owned()).with_value(3)];
    let answer = client
        .join_filters()
        .and(and)
        .rules(rules)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.into_inner(),
        json!({
            "and": [{"status": "open", "limit": 2}, {}],
            "rules": [{"field": "size", "value": 3}],
        })
    );
    // Each item is held to the items' schema.
    let (status, answer) = s.get(r#"/joined-filters?rules={"value":3}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/rules/0/field", "{answer}");
    let (status, answer) = s.get("/joined-filters?$and=open").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn a_required_free_form_object_a_form_leaves_out_is_empty() {
    let s = Served::start().await;
    // `{}` is written member by member, so as no pair at all.
    let (status, body) = s.send(s.post_as("/profiles", FORM, "name=ada")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"name": "ada", "traits": {}}));
    // In a union, where every variant declares it and one requires it.
    let (status, body) = s.send(s.post_as("/sign-ups", FORM, "password=x")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["variant"], "password", "{body}");
    assert_eq!(body["sign_up"]["traits"], json!({}), "{body}");
    let (status, body) = s.send(s.post_as("/sign-ups", FORM, "provider=g")).await;
    assert_eq!(
        (status, &body["variant"]),
        (StatusCode::OK, &json!("provider")),
        "{body}"
    );
    // JSON can leave it out, so there it is missing.
    let (status, body) = s.post_json("/sign-ups", json!({"password": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn a_form_that_may_be_left_out_is_not_sent_when_no_part_is_set() {
    let s = Served::start().await;
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let answer = client.upload_portrait().send().await.unwrap();
    assert_eq!(answer.into_inner(), json!({"form": null}));
    let answer = client
        .upload_portrait()
        .file(specforge_runtime::client::Upload::bytes(&b"png"[..]))
        .caption("me")
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.into_inner(),
        json!({"form": {"file": 3, "caption": "me"}})
    );
    // Sent, the form must hold its required file.
    let (status, answer) = s
        .post_form("/portraits", Form::new().text("caption", "me"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/file", "{answer}");
}

#[tokio::test]
async fn a_lone_form_text_is_also_a_union_member_that_is_no_list() {
    let s = Served::start().await;
    for (sent, read) in [
        ("settings%5Bfields%5D=", json!({"settings": {"fields": ""}})),
        (
            "settings%5Bfields%5D=&settings%5Bfooter%5D=f",
            json!({"settings": {"fields": "", "footer": "f"}}),
        ),
    ] {
        let (status, answer) = s.send(s.post_as("/plans/p1", FORM, sent)).await;
        assert_eq!(status, StatusCode::OK, "{sent}: {answer}");
        assert_eq!(answer, read, "{sent}");
    }
    let (status, answer) = s
        .send(s.post_as("/plans/p1", FORM, "settings%5Bfields%5D=x"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(violation(&answer).0, "/settings/fields", "{answer}");
}

#[tokio::test]
async fn bracketed_names_nest_a_deep_object_s_members_to_any_depth() {
    let s = Served::start().await;
    let sent = "settings%5Bfields%5D%5B0%5D%5Bname%5D=a&settings%5Bfields%5D%5B1%5D%5Bname%5D=b\
                &settings%5Blimits%5D%5Bmax%5D=5&settings%5Blimits%5D%5Bstrict%5D=true";
    let (status, answer) = s.send(s.post_as("/plans/p1", FORM, sent)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer,
        json!({"settings": {
            "fields": [{"name": "a"}, {"name": "b"}],
            "limits": {"max": 5, "strict": true},
        }})
    );
    for (refused, pointer) in [
        ("settings%5Blimits%5D%5Bmax%5D=x", "/settings/limits/max"),
        ("settings%5Blimits%5D%5Bmax%5D=0", "/settings/limits/max"),
        (
            "settings%5Blimits%5D%5Bstrict%5D=1",
            "/settings/limits/strict",
        ),
        (
            "settings%5Bfields%5D%5B0%5D%5Btitle%5D=a",
            "/settings/fields",
        ),
    ] {
        let (status, answer) = s.send(s.post_as("/plans/p1", FORM, refused)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {answer}");
        assert_eq!(violation(&answer).0, pointer, "{refused}: {answer}");
    }
    // The generated client sends nested members so.
    let client = specforge_generated::fidelity::client::Client::new(&s.base).unwrap();
    let body = json!({"settings": {"fields": [{"name": "a"}], "limits": {"max": 5}}});
    let answer = client
        .update_plan("p1")
        .body(serde_json::from_value(body.clone()).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), body);
    let filter = json!({"range": {"gte": 3}});
    let answer = client
        .update_plan("p1")
        .filter(serde_json::from_value(filter.clone()).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), json!({"filter": filter}));
    // In a query too.
    let (status, answer) = s
        .send(s.post_as("/plans/p1?filter%5Brange%5D%5Bgte%5D=7", FORM, ""))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({"filter": {"range": {"gte": 7}}}));
    let (status, answer) = s
        .send(s.post_as("/plans/p1?filter%5Brange%5D%5Bgte%5D=x", FORM, ""))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}
