//! Roles and permissions of the caller's environment: `/api/v1/roles`, `/api/v1/permissions`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::roles_core as core;
use crate::api::auth::app_caller;
use crate::api::body::{created, ok};
use crate::api::paging::ListQuery;
use crate::api::problem::ApiResult;
use crate::state::shared::AppState;

/// Applies `page`/`limit` when given; without them the whole list.
fn maybe_page(
    items: Vec<Value>,
    q: &ListQuery,
) -> Result<Vec<Value>, crate::api::problem::ApiError> {
    if q.page.is_none() && q.limit.is_none() {
        return Ok(items);
    }
    let p = q.page()?;
    Ok(items
        .into_iter()
        .skip((p.page - 1).saturating_mul(p.limit))
        .take(p.limit)
        .collect())
}

pub(crate) async fn list_roles(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let items = core::list_roles(&w, &c.ctx.app_id, Some(&c.ctx.env_id));
    Ok(ok(json!({ "data": maybe_page(items, &q)? })))
}

pub(crate) async fn create_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let data = core::create_role(
        &mut w,
        &c.ctx.tenant_id,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &body,
        now,
    )?;
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn get_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(role_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let role = core::find_role(&w, &c.ctx.app_id, Some(&c.ctx.env_id), &role_id)?;
    Ok(ok(
        json!({ "data": crate::state::render::role(&w.store, role) }),
    ))
}

pub(crate) async fn update_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(role_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let data = core::update_role(
        &mut w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &role_id,
        &body,
        now,
    )?;
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn delete_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(role_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(core::delete_role(
        &mut w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &role_id,
    )?))
}

pub(crate) async fn role_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(role_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(core::role_permissions(
        &w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &role_id,
    )?))
}

pub(crate) async fn assign_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(role_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(core::assign_permissions(
        &mut w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &role_id,
        &body,
        now,
    )?))
}

pub(crate) async fn remove_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((role_id, perm_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(core::remove_permission(
        &mut w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &role_id,
        &perm_id,
    )?))
}

pub(crate) async fn list_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let items = core::list_permissions(&w, &c.ctx.app_id, Some(&c.ctx.env_id));
    Ok(ok(json!({ "data": maybe_page(items, &q)? })))
}

pub(crate) async fn create_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let data = core::create_permission(
        &mut w,
        &c.ctx.tenant_id,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &body,
        now,
    )?;
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn delete_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(perm_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(core::delete_permission(
        &mut w,
        &c.ctx.app_id,
        Some(&c.ctx.env_id),
        &perm_id,
    )?))
}
