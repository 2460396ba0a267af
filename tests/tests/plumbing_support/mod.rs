//! The echo server of the plumbing spec (`tests/specs/plumbing.yaml`),
//! shared by the server and client plumbing tests.

use std::collections::BTreeMap;

use futures::StreamExt;
use serde_json::{Value, json};
use specforge_runtime::Problem;
use specforge_runtime::server::BoxFuture;
use specforge_tests::models::SubmitBinaryOkBody;
use specforge_tests::server::*;

/// Echoes what it decoded; `/panic` panics with a secret in the message.
pub struct Echo;

fn map(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> BTreeMap<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Who the request was authenticated as (empty when no one).
fn principal_id(context: RequestContext) -> String {
    context
        .principal
        .map(|p| p.id.into_owned())
        .unwrap_or_default()
}

impl Api for Echo {
    async fn styles(&self, r: StylesRequest, _: RequestContext) -> Result<StylesResponse, Problem> {
        Ok(StylesResponse::Ok(map([
            ("simple", json!(r.simple)),
            ("label", json!(r.label)),
            ("matrix", json!(r.matrix)),
            ("object", json!(r.object)),
            ("tags", json!(r.tags)),
            ("ids", json!(r.ids)),
            ("words", json!(r.words)),
            ("pipes", json!(r.pipes)),
            ("filter", json!(r.filter)),
            ("flag", json!(r.flag)),
            ("window", json!(r.window)),
            ("range", json!(r.range)),
            ("xList", json!(r.x_list)),
            ("xPair", json!(r.x_pair)),
            ("session", json!(r.session)),
            ("prefs", json!(r.prefs)),
        ])))
    }

    async fn submit_form(
        &self,
        r: SubmitFormRequest,
        _: RequestContext,
    ) -> Result<SubmitFormResponse, Problem> {
        Ok(SubmitFormResponse::Ok(map([
            ("name", json!(r.body.name)),
            ("count", json!(r.body.count)),
        ])))
    }

    async fn submit_parts(
        &self,
        r: SubmitPartsRequest,
        _: RequestContext,
    ) -> Result<SubmitPartsResponse, Problem> {
        Ok(SubmitPartsResponse::Ok(map([
            ("title", json!(r.body.title)),
            ("copies", json!(r.body.copies)),
        ])))
    }

    async fn submit_text(
        &self,
        r: SubmitTextRequest,
        _: RequestContext,
    ) -> Result<SubmitTextResponse, Problem> {
        Ok(SubmitTextResponse::Ok(r.body.chars().rev().collect()))
    }

    async fn submit_note(
        &self,
        r: SubmitNoteRequest,
        _: RequestContext,
    ) -> Result<SubmitNoteResponse, Problem> {
        Ok(SubmitNoteResponse::Ok(r.body))
    }

    async fn submit_scores(
        &self,
        r: SubmitScoresRequest,
        _: RequestContext,
    ) -> Result<SubmitScoresResponse, Problem> {
        Ok(SubmitScoresResponse::Ok(
            r.body.iter().map(|&n| i128::from(n)).sum(),
        ))
    }

    async fn submit_binary(
        &self,
        r: SubmitBinaryRequest,
        _: RequestContext,
    ) -> Result<SubmitBinaryResponse, Problem> {
        let mut stream = r.body.body.into_data_stream();
        let mut bytes = 0;
        while let Some(chunk) = stream.next().await {
            bytes += chunk.map_err(|_| Problem::bad_request())?.len() as i128;
        }
        Ok(SubmitBinaryResponse::Ok(SubmitBinaryOkBody::new(bytes)))
    }

    async fn panics(&self, _: PanicsRequest, _: RequestContext) -> Result<PanicsResponse, Problem> {
        panic!("secret internal detail")
    }

    async fn validate(
        &self,
        _: ValidateRequest,
        _: RequestContext,
    ) -> Result<ValidateResponse, Problem> {
        Ok(ValidateResponse::NoContent)
    }

    async fn basic_auth(
        &self,
        _: BasicAuthRequest,
        c: RequestContext,
    ) -> Result<BasicAuthResponse, Problem> {
        Ok(BasicAuthResponse::Ok(principal_id(c)))
    }

    async fn query_key_auth(
        &self,
        _: QueryKeyAuthRequest,
        c: RequestContext,
    ) -> Result<QueryKeyAuthResponse, Problem> {
        Ok(QueryKeyAuthResponse::Ok(principal_id(c)))
    }

    async fn cookie_key_auth(
        &self,
        _: CookieKeyAuthRequest,
        c: RequestContext,
    ) -> Result<CookieKeyAuthResponse, Problem> {
        Ok(CookieKeyAuthResponse::Ok(principal_id(c)))
    }
}

/// Accepts the password `open-sesame` and the key `k-123`.
pub struct Keys;

impl Authenticator for Keys {
    fn authenticate<'a>(
        &'a self,
        scheme: &'a str,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Option<Principal>> {
        let principal = match credential {
            Credential::Basic { username, password } if password == "open-sesame" => {
                Some(username.clone())
            }
            Credential::ApiKey(key) if key == "k-123" => Some(format!("{scheme}-user")),
            _ => None,
        };
        Box::pin(async move { principal.map(|id| Principal::new(id, Vec::<String>::new())) })
    }
}

/// A server of `Echo` behind `Keys` on an ephemeral port; its base URL.
pub async fn serve() -> String {
    serve_with(|options| options).await
}

/// [`serve`] with `more` options.
pub async fn serve_with(more: impl FnOnce(ServerOptions) -> ServerOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = router(
        Echo,
        more(
            ServerOptions::default()
                .authenticator(Keys)
                .rate_limit(None),
        ),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}
