//! Emulator-only routes: `/.well-known/jwks.json`, `/__emulator/*`, and the OAuth redirect.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::{self, created, ok, ok_data};
use crate::api::mfa;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::faults::Fault;
use crate::mint::{self, MintError, TokenFlaw};
use crate::state::shared::AppState;

pub(crate) async fn jwks(State(st): State<AppState>) -> Response {
    let doc = st.world_read().keys.jwks();
    let mut resp = ok(doc);
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    resp
}

#[derive(Deserialize)]
pub(crate) struct OutboxQuery {
    to: Option<String>,
    kind: Option<String>,
}

pub(crate) async fn outbox(State(st): State<AppState>, Query(q): Query<OutboxQuery>) -> Response {
    let w = st.world_read();
    let entries: Vec<_> = w
        .store
        .outbox
        .iter()
        .filter(|e| {
            q.to.as_deref()
                .is_none_or(|to| e.to.eq_ignore_ascii_case(to))
        })
        .filter(|e| q.kind.as_deref().is_none_or(|k| e.kind == k))
        .collect();
    ok(json!(entries))
}

pub(crate) async fn clear_outbox(State(st): State<AppState>) -> Response {
    let n = {
        let mut w = st.world();
        let n = w.store.outbox.len();
        w.store.outbox.clear();
        n
    };
    ok(json!({ "success": true, "cleared": n }))
}

#[derive(Deserialize)]
pub(crate) struct RotateQuery {
    retire_old: Option<bool>,
}

pub(crate) async fn rotate_keys(
    State(st): State<AppState>,
    Query(q): Query<RotateQuery>,
) -> Response {
    let mut w = st.world();
    let kid = w.keys.rotate(q.retire_old.unwrap_or(false));
    ok(json!({ "kid": kid, "kids": w.keys.kids() }))
}

pub(crate) async fn retire_keys(State(st): State<AppState>) -> Response {
    let mut w = st.world();
    let retired = w.keys.retire_old();
    ok(json!({ "retired": retired, "kids": w.keys.kids() }))
}

pub(crate) async fn clear_requests(State(st): State<AppState>) -> Response {
    st.clear_request_counts();
    ok(json!({ "success": true }))
}

pub(crate) async fn reset(State(st): State<AppState>) -> Response {
    st.reset();
    ok(json!({ "success": true }))
}

pub(crate) async fn seed(State(st): State<AppState>) -> Response {
    ok(json!(st.seed))
}

pub(crate) async fn export(State(st): State<AppState>) -> Response {
    ok(json!(st.export()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MintBody {
    #[serde(default)]
    claims: Option<serde_json::Value>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    flaw: Option<TokenFlaw>,
}

/// `POST /__emulator/tokens`: `{claims?, userId?, flaw?}` → `201 {access_token, kid, claims}`.
pub(crate) async fn mint_token(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let req: MintBody = body::parse(&body)?;
    let claims = req.claims.unwrap_or_else(|| json!({}));
    let minted =
        mint::mint(&st, req.user_id.as_deref(), claims, req.flaw).map_err(|e| match e {
            MintError::UnknownUser(_) => ApiError::not_found("user"),
            other => ApiError::validation(other.to_string()),
        })?;
    Ok(created(json!({
        "access_token": minted.token,
        "kid": minted.kid,
        "claims": minted.claims,
    })))
}

#[derive(Deserialize)]
pub(crate) struct TotpQuery {
    user: String,
}

/// `GET /__emulator/totp?user=` → `{code}`.
pub(crate) async fn totp(State(st): State<AppState>, Query(q): Query<TotpQuery>) -> ApiResult {
    let code = st
        .totp_code(&q.user)
        .or_not_found("user with MFA or base32 secret")?;
    Ok(ok(json!({ "code": code })))
}

pub(crate) async fn add_fault(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let fault: Fault = body::parse(&body)?;
    let fault = fault.validate().map_err(ApiError::validation)?;
    let mut faults = st.faults();
    faults.add(fault.clone());
    Ok(created(
        json!({ "data": fault, "pending": faults.list().len() }),
    ))
}

pub(crate) async fn list_faults(State(st): State<AppState>) -> Response {
    ok(json!({ "data": st.faults().list() }))
}

pub(crate) async fn clear_faults(State(st): State<AppState>) -> Response {
    let n = st.faults().clear();
    ok(json!({ "success": true, "cleared": n }))
}

pub(crate) async fn requests(State(st): State<AppState>) -> Response {
    let rows: Vec<_> = st
        .request_counts()
        .into_iter()
        .map(|(method, path, count)| json!({ "method": method, "path": path, "count": count }))
        .collect();
    ok(json!(rows))
}

#[derive(Deserialize)]
struct PlatformMfaBody {
    email: String,
}

/// Turns MFA on for a platform user (the API has no route for it) and hands out the secret.
pub(crate) async fn platform_mfa(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let req: PlatformMfaBody = body::parse(&body)?;
    let email = req.email.trim().to_ascii_lowercase();
    let mut w = st.world();
    let user = w
        .store
        .platform_users
        .iter_mut()
        .find(|u| u.email == email)
        .or_not_found("platform user")?;
    let secret = random::bytes(20);
    let codes = mfa::new_backup_codes();
    let mut data = mfa::setup_json(&secret, "InAI Auth Platform", &user.email);
    body::set(&mut data, "backup_codes", json!(codes));
    user.mfa.secret = Some(secret);
    user.mfa.pending = None;
    user.mfa.backup_codes = codes;
    Ok(ok_data(data))
}

/// `GET /api/v1/auth/oauth/{provider}`: the emulator has no OAuth providers, so it sends the
/// browser back to `redirect_uri` with `error=oauth_not_emulated`.
pub(crate) async fn oauth(
    Path(provider): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let target = q
        .get("redirect_uri")
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .ok_or_else(|| ApiError::bad_request("`redirect_uri` must be an http(s) URL"))?;
    let sep = if target.contains('?') { '&' } else { '?' };
    let provider: String = provider
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let location = format!("{target}{sep}error=oauth_not_emulated&provider={provider}");
    let value = HeaderValue::from_str(&location)
        .map_err(|_| ApiError::bad_request("`redirect_uri` is not a valid URL"))?;
    let mut resp = (StatusCode::FOUND, "").into_response();
    resp.headers_mut().insert(header::LOCATION, value);
    Ok(resp)
}
