//! Platform management of an application's organizations.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::orgs_core::{self, CreateOrgBody};
use super::scope::{app_admin, env_filter};
use crate::api::body::{self, created, ok};
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::{ApiError, ApiResult};
use crate::state::render;
use crate::state::shared::{AppState, World};

fn org_json(w: &World, app_id: &str, org_id: &str) -> Result<Value, ApiError> {
    w.store
        .organizations
        .iter()
        .find(|o| o.id == org_id && o.app_id == app_id)
        .map(render::organization)
        .ok_or_else(|| ApiError::not_found("organization"))
}

pub(crate) async fn list(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let page = q.page()?;
    let env = env_filter(&w, &app_id, q.environment_id.as_deref())?;
    let items: Vec<Value> = w
        .store
        .organizations
        .iter()
        .filter(|o| o.app_id == app_id && env.as_ref().is_none_or(|e| &o.env_id == e))
        .map(render::organization)
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateOrgBody = body::parse(&body)?;
    let env_id = req
        .environment_id
        .clone()
        .ok_or_else(|| ApiError::validation("field `environmentId` is required"))?;
    w.store.app_env(&app_id, &env_id)?;
    let id = orgs_core::create(&mut w, &c.tenant_id, &app_id, &env_id, req, None, now)?;
    Ok(created(json!({ "data": org_json(&w, &app_id, &id)? })))
}

pub(crate) async fn update(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, org_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    org_json(&w, &app_id, &org_id)?;
    orgs_core::update(&mut w, &org_id, &body, now)?;
    Ok(ok(json!({ "data": org_json(&w, &app_id, &org_id)? })))
}

pub(crate) async fn delete(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, org_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    org_json(&w, &app_id, &org_id)?;
    orgs_core::delete(&mut w, &org_id);
    Ok(ok(json!({ "success": true })))
}
