//! The caller's organizations: `/api/v1/organizations/*`.
//!
//! Members see an organization; owners and admins change it and its members.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::invitations::{self, Target};
use super::orgs_core::{self, CreateOrgBody, org_role};
use crate::api::auth::{AppCaller, app_caller};
use crate::api::body::{self, created, ok};
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::org_model::{OrgMember, Organization};
use crate::state::render;
use crate::state::shared::{AppState, World};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddMemberBody {
    user_id: String,
    role: Option<String>,
}

#[derive(Deserialize)]
struct RoleBody {
    role: String,
}

#[derive(Deserialize)]
struct InviteBody {
    email: String,
    role: Option<String>,
}

/// The organization if the caller is a member (else 404), with the caller's role.
fn membership<'w>(
    w: &'w World,
    c: &AppCaller,
    org_id: &str,
) -> Result<(&'w Organization, String), ApiError> {
    let org = w
        .store
        .organizations
        .iter()
        .find(|o| o.id == org_id && o.env_id == c.ctx.env_id)
        .ok_or_else(|| ApiError::not_found("organization"))?;
    let role = org
        .members
        .iter()
        .find(|m| m.user_id == c.user_id)
        .map(|m| m.role.clone())
        .ok_or_else(|| ApiError::not_found("organization"))?;
    Ok((org, role))
}

/// As [`membership`], and the caller must be an owner or admin (else 403).
fn manager<'w>(w: &'w World, c: &AppCaller, org_id: &str) -> Result<&'w Organization, ApiError> {
    let (org, role) = membership(w, c, org_id)?;
    if role == "owner" || role == "admin" {
        Ok(org)
    } else {
        Err(ApiError::forbidden(
            "only organization owners and admins may do this",
        ))
    }
}

fn org_mut<'w>(w: &'w mut World, org_id: &str) -> Result<&'w mut Organization, ApiError> {
    w.store
        .organizations
        .iter_mut()
        .find(|o| o.id == org_id)
        .ok_or_else(|| ApiError::not_found("organization"))
}

pub(crate) async fn list(State(st): State<AppState>, headers: HeaderMap) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .organizations
        .iter()
        .filter(|o| o.env_id == c.ctx.env_id && o.members.iter().any(|m| m.user_id == c.user_id))
        .map(render::organization)
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: CreateOrgBody = body::parse(&body)?;
    let id = orgs_core::create(
        &mut w,
        &c.ctx.tenant_id,
        &c.ctx.app_id,
        &c.ctx.env_id,
        req,
        Some(&c.user_id),
        now,
    )?;
    let (org, _) = membership(&w, &c, &id)?;
    Ok(created(json!({ "data": render::organization(org) })))
}

pub(crate) async fn get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    Ok(ok(json!({ "data": render::organization(org) })))
}

pub(crate) async fn update(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    orgs_core::update(&mut w, &org_id, &body, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    Ok(ok(json!({ "data": render::organization(org) })))
}

pub(crate) async fn delete(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    orgs_core::delete(&mut w, &org_id);
    Ok(ok(json!({ "success": true })))
}

pub(crate) async fn list_members(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    let data: Vec<Value> = org
        .members
        .iter()
        .map(|m| render::org_member(&w.store, m))
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn add_member(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: AddMemberBody = body::parse(&body)?;
    let role = org_role(req.role.as_deref())?;
    let org = manager(&w, &c, &org_id)?;
    if org.members.iter().any(|m| m.user_id == req.user_id) {
        return Err(ApiError::conflict("the user is already a member"));
    }
    if w.store
        .app_user(&req.user_id)
        .is_none_or(|u| u.env_id != c.ctx.env_id)
    {
        return Err(ApiError::not_found("user"));
    }
    let member = OrgMember {
        id: random::id("mem"),
        user_id: req.user_id,
        role,
        created_at: now,
    };
    let data = render::org_member(&w.store, &member);
    org_mut(&mut w, &org_id)?.members.push(member);
    Ok(created(json!({ "data": data })))
}

/// Members are addressed by member id or by user id.
fn is_member(m: &OrgMember, id: &str) -> bool {
    m.id == id || m.user_id == id
}

pub(crate) async fn update_member(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((org_id, member_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: RoleBody = body::parse(&body)?;
    let role = org_role(Some(&req.role))?;
    manager(&w, &c, &org_id)?;
    let org = org_mut(&mut w, &org_id)?;
    let member = org
        .members
        .iter_mut()
        .find(|m| is_member(m, &member_id))
        .ok_or_else(|| ApiError::not_found("member"))?;
    member.role = role;
    let member = member.clone();
    Ok(ok(json!({ "data": render::org_member(&w.store, &member) })))
}

pub(crate) async fn remove_member(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((org_id, member_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    let org = org_mut(&mut w, &org_id)?;
    let before = org.members.len();
    org.members.retain(|m| !is_member(m, &member_id));
    if org.members.len() == before {
        return Err(ApiError::not_found("member"));
    }
    Ok(ok(json!({ "success": true })))
}

pub(crate) async fn invite(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: InviteBody = body::parse(&body)?;
    let role = org_role(req.role.as_deref())?;
    manager(&w, &c, &org_id)?;
    let target = Target {
        tenant_id: &c.ctx.tenant_id,
        app_id: &c.ctx.app_id,
        env_id: &c.ctx.env_id,
        role_id: None,
        org: Some((org_id.clone(), role)),
        invited_by: Some(c.user_id.clone()),
    };
    let data = invitations::create(&mut w, target, &req.email, now)?;
    Ok(created(json!({ "data": data })))
}
