//! Webhook subscriptions of an application and of the platform. The emulator stores them
//! and never calls them.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::scope::app_admin;
use crate::api::auth::platform_caller;
use crate::api::body::{self, created, ok};
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::org_model::Webhook;
use crate::state::render;
use crate::state::shared::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    url: String,
    events: Vec<String>,
    environment_id: Option<String>,
}

fn check(req: &CreateBody) -> Result<(), ApiError> {
    let url_ok = (req.url.starts_with("http://") || req.url.starts_with("https://"))
        && req.url.len() > "https://".len();
    if !url_ok {
        return Err(ApiError::validation("`url` must be an http(s) URL"));
    }
    if req.events.iter().any(|e| e.trim().is_empty()) {
        return Err(ApiError::validation(
            "`events` must not contain empty names",
        ));
    }
    Ok(())
}

fn webhook(
    tenant_id: &str,
    app_id: Option<&str>,
    req: CreateBody,
    now: time::OffsetDateTime,
) -> Webhook {
    Webhook {
        id: random::id("wh"),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.map(str::to_owned),
        url: req.url,
        events: req.events,
        secret: format!("whsec_{}", random::hex(&random::bytes(24))),
        created_at: now,
    }
}

pub(crate) async fn list_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let data: Vec<Value> = w
        .store
        .webhooks
        .iter()
        .filter(|h| h.app_id.as_deref() == Some(app_id.as_str()))
        .map(render::webhook)
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn create_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateBody = body::parse(&body)?;
    check(&req)?;
    if let Some(e) = req.environment_id.as_deref().filter(|e| !e.is_empty()) {
        w.store.app_env(&app_id, e)?;
    }
    let hook = webhook(&c.tenant_id, Some(&app_id), req, now);
    let data = render::webhook(&hook);
    w.store.webhooks.push(hook);
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn delete_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, hook_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let before = w.store.webhooks.len();
    w.store
        .webhooks
        .retain(|h| !(h.id == hook_id && h.app_id.as_deref() == Some(app_id.as_str())));
    if w.store.webhooks.len() == before {
        return Err(ApiError::not_found("webhook"));
    }
    Ok(ok(json!({ "success": true })))
}

pub(crate) async fn list_platform(State(st): State<AppState>, headers: HeaderMap) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = platform_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .webhooks
        .iter()
        .filter(|h| h.app_id.is_none() && h.tenant_id == c.tenant_id)
        .map(render::webhook)
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn create_platform(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let req: CreateBody = body::parse(&body)?;
    check(&req)?;
    let hook = webhook(&c.tenant_id, None, req, now);
    let data = render::webhook(&hook);
    w.store.webhooks.push(hook);
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn delete_platform(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(hook_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let before = w.store.webhooks.len();
    let tenant = c.tenant_id.clone();
    w.store
        .webhooks
        .retain(|h| !(h.id == hook_id && h.app_id.is_none() && h.tenant_id == tenant));
    if w.store.webhooks.len() == before {
        return Err(ApiError::not_found("webhook"));
    }
    Ok(ok(json!({ "success": true })))
}
