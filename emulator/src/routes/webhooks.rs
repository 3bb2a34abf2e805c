//! Webhook subscriptions of an application and of the platform. The emulator stores them
//! and never calls them.

use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::scope::app_admin;
use crate::api::auth::platform_caller;
use crate::api::body::{self, created_data, ok_data, success};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::org_model::Webhook;
use crate::state::owner::{self, Owner};
use crate::state::render;
use crate::state::shared::World;

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

fn webhook(tenant_id: &str, app_id: Option<&str>, req: CreateBody, now: OffsetDateTime) -> Webhook {
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

fn list(w: &World, owner: Owner<'_>) -> Vec<Value> {
    owner::of(&w.store.webhooks, owner, None)
        .map(render::webhook)
        .collect()
}

/// Stores a checked subscription of `owner` and answers it.
fn add(
    w: &mut World,
    tenant_id: &str,
    owner: Owner<'_>,
    req: CreateBody,
    now: OffsetDateTime,
) -> Response {
    let hook = webhook(tenant_id, owner.app_id(), req, now);
    let data = render::webhook(&hook);
    w.store.webhooks.push(hook);
    created_data(data)
}

pub(crate) async fn list_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
) -> ApiResult {
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok_data(list(&w, Owner::App(&app_id))))
}

pub(crate) async fn create_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateBody = body::parse(&body)?;
    check(&req)?;
    if let Some(e) = req.environment_id.as_deref().filter(|e| !e.is_empty()) {
        w.store.app_env(&app_id, e)?;
    }
    Ok(add(&mut w, &c.tenant_id, Owner::App(&app_id), req, now))
}

pub(crate) async fn delete_app(
    Call { st, headers, now }: Call,
    Path((app_id, hook_id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    owner::remove(
        &mut w.store.webhooks,
        Owner::App(&app_id),
        &hook_id,
        "webhook",
    )?;
    Ok(success())
}

pub(crate) async fn list_platform(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = platform_caller(&w, &headers, now)?;
    Ok(ok_data(list(&w, Owner::Platform(&c.tenant_id))))
}

pub(crate) async fn create_platform(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let req: CreateBody = body::parse(&body)?;
    check(&req)?;
    Ok(add(
        &mut w,
        &c.tenant_id,
        Owner::Platform(&c.tenant_id),
        req,
        now,
    ))
}

pub(crate) async fn delete_platform(
    Call { st, headers, now }: Call,
    Path(hook_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let owner = Owner::Platform(&c.tenant_id);
    owner::remove(&mut w.store.webhooks, owner, &hook_id, "webhook")?;
    Ok(success())
}
