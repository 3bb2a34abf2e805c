//! Role and permission routes, for v1 callers (`/api/v1/roles`, `/api/v1/permissions`: their
//! own environment) and for the platform (`/api/platform/applications/{appId}/roles`, ...:
//! the whole application). A path with `{app_id}` is a platform route.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde::Deserialize;
use serde_json::Value;

use super::roles_core as core;
use super::scope::{AppScope, app_scope, env_filter};
use crate::api::body::{created_data, ok, ok_data};
use crate::api::call::Call;
use crate::api::paging::ListQuery;
use crate::api::problem::ApiResult;
use crate::state::render;
use crate::state::shared::World;

/// The parameters of every role and permission path.
#[derive(Deserialize)]
pub(crate) struct RolesPath {
    /// Present on platform routes only.
    app_id: Option<String>,
    role_id: Option<String>,
    permission_id: Option<String>,
}

impl RolesPath {
    fn role_id(&self) -> &str {
        self.role_id.as_deref().unwrap_or_default()
    }

    fn permission_id(&self) -> &str {
        self.permission_id.as_deref().unwrap_or_default()
    }
}

/// A list answer: v1 lists the caller's environment, one page of it when `page` or `limit`
/// is given; the platform lists the application, of one environment when `environmentId` is.
fn list(
    w: &World,
    s: &AppScope,
    q: &ListQuery,
    items: fn(&World, &str, Option<&str>) -> Vec<Value>,
) -> ApiResult {
    match s.env() {
        Some(env) => {
            let all = items(w, &s.app_id, Some(env));
            if q.page.is_none() && q.limit.is_none() {
                return Ok(ok_data(all));
            }
            Ok(ok_data(q.page()?.slice(all)))
        }
        None => {
            let env = env_filter(w, &s.app_id, q)?;
            Ok(ok_data(items(w, &s.app_id, env.as_deref())))
        }
    }
}

pub(crate) async fn list_roles(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    list(&w, &s, &q, core::list_roles)
}

pub(crate) async fn create_role(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let data = core::create_role(&mut w, &s.tenant_id, &s.app_id, s.env(), &body, now)?;
    Ok(created_data(data))
}

pub(crate) async fn get_role(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
) -> ApiResult {
    let w = st.world_read();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let role = core::find_role(&w, &s.app_id, s.env(), path.role_id())?;
    Ok(ok_data(render::role(&w.store, role)))
}

pub(crate) async fn update_role(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let data = core::update_role(&mut w, &s.app_id, s.env(), path.role_id(), &body, now)?;
    Ok(ok_data(data))
}

pub(crate) async fn delete_role(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    Ok(ok(core::delete_role(
        &mut w,
        &s.app_id,
        s.env(),
        path.role_id(),
    )?))
}

pub(crate) async fn role_permissions(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
) -> ApiResult {
    let w = st.world_read();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    Ok(ok(core::role_permissions(
        &w,
        &s.app_id,
        s.env(),
        path.role_id(),
    )?))
}

pub(crate) async fn assign_permissions(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    Ok(ok(core::assign_permissions(
        &mut w,
        &s.app_id,
        s.env(),
        path.role_id(),
        &body,
        now,
    )?))
}

pub(crate) async fn remove_permission(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    Ok(ok(core::remove_permission(
        &mut w,
        &s.app_id,
        s.env(),
        path.role_id(),
        path.permission_id(),
    )?))
}

pub(crate) async fn list_permissions(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    list(&w, &s, &q, core::list_permissions)
}

pub(crate) async fn create_permission(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let data = core::create_permission(&mut w, &s.tenant_id, &s.app_id, s.env(), &body, now)?;
    Ok(created_data(data))
}

pub(crate) async fn delete_permission(
    Call { st, headers, now }: Call,
    Path(path): Path<RolesPath>,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    Ok(ok(core::delete_permission(
        &mut w,
        &s.app_id,
        s.env(),
        path.permission_id(),
    )?))
}
