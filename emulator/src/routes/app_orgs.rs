//! Platform management of an application's organizations.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde_json::Value;

use super::orgs_core::{self, CreateOrgBody};
use super::scope::{app_admin, app_list_page, in_env};
use crate::api::body::{self, created_data, ok, ok_data, success};
use crate::api::call::Call;
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::state::render;
use crate::state::shared::World;

fn org_json(w: &World, app_id: &str, org_id: &str) -> Result<Value, ApiError> {
    w.store
        .organizations
        .iter()
        .find(|o| o.id == org_id && o.app_id == app_id)
        .map(render::organization)
        .or_not_found("organization")
}

pub(crate) async fn list(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let (page, env) = app_list_page(&w, &headers, now, &app_id, &q)?;
    let items: Vec<Value> = w
        .store
        .organizations
        .iter()
        .filter(|o| o.app_id == app_id && in_env(env.as_deref(), &o.env_id))
        .map(render::organization)
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn create(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateOrgBody = body::parse(&body)?;
    let env_id = req
        .environment_id
        .clone()
        .ok_or_else(|| ApiError::validation("field `environmentId` is required"))?;
    w.store.app_env(&app_id, &env_id)?;
    let id = orgs_core::create(&mut w, &c.tenant_id, &app_id, &env_id, req, None, now)?;
    Ok(created_data(org_json(&w, &app_id, &id)?))
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path((app_id, org_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    org_json(&w, &app_id, &org_id)?;
    orgs_core::update(&mut w, &org_id, &body, now)?;
    Ok(ok_data(org_json(&w, &app_id, &org_id)?))
}

pub(crate) async fn delete(
    Call { st, headers, now }: Call,
    Path((app_id, org_id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    org_json(&w, &app_id, &org_id)?;
    orgs_core::delete(&mut w, &org_id);
    Ok(success())
}
