//! Platform management of an application's roles and permissions.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::json;

use super::roles_core as core;
use super::scope::{app_admin, env_filter};
use crate::api::body::{created, ok};
use crate::api::paging::ListQuery;
use crate::api::problem::ApiResult;
use crate::state::shared::AppState;

pub(crate) async fn list_roles(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let env = env_filter(&w, &app_id, q.environment_id.as_deref())?;
    Ok(ok(
        json!({ "data": core::list_roles(&w, &app_id, env.as_deref()) }),
    ))
}

pub(crate) async fn create_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let data = core::create_role(&mut w, &caller.tenant_id, &app_id, None, &body, now)?;
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn get_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let role = core::find_role(&w, &app_id, None, &role_id)?;
    Ok(ok(
        json!({ "data": crate::state::render::role(&w.store, role) }),
    ))
}

pub(crate) async fn update_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let data = core::update_role(&mut w, &app_id, None, &role_id, &body, now)?;
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn delete_role(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(core::delete_role(&mut w, &app_id, None, &role_id)?))
}

pub(crate) async fn role_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(core::role_permissions(&w, &app_id, None, &role_id)?))
}

pub(crate) async fn assign_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(core::assign_permissions(
        &mut w, &app_id, None, &role_id, &body, now,
    )?))
}

pub(crate) async fn remove_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, role_id, perm_id)): Path<(String, String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(core::remove_permission(
        &mut w, &app_id, None, &role_id, &perm_id,
    )?))
}

pub(crate) async fn list_permissions(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let env = env_filter(&w, &app_id, q.environment_id.as_deref())?;
    Ok(ok(
        json!({ "data": core::list_permissions(&w, &app_id, env.as_deref()) }),
    ))
}

pub(crate) async fn create_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let data = core::create_permission(&mut w, &caller.tenant_id, &app_id, None, &body, now)?;
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn delete_permission(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, perm_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(core::delete_permission(
        &mut w, &app_id, None, &perm_id,
    )?))
}
