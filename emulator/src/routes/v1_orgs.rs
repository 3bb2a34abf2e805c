//! The caller's organizations: `/api/v1/organizations/*`.
//!
//! Members see an organization; owners and admins change it and its members.

use axum::body::Bytes;
use axum::extract::Path;
use serde::Deserialize;
use serde_json::Value;

use super::invitations::{self, Target};
use super::orgs_core::{self, CreateOrgBody, org_role};
use crate::api::auth::{AppCaller, app_caller};
use crate::api::body::{self, created_data, ok_data, success};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::org_model::{OrgMember, Organization};
use crate::state::remove::remove_or_404;
use crate::state::render;
use crate::state::shared::World;

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
        .or_not_found("organization")?;
    let role = org
        .members
        .iter()
        .find(|m| m.user_id == c.user_id)
        .map(|m| m.role.clone())
        .or_not_found("organization")?;
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
        .or_not_found("organization")
}

pub(crate) async fn list(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .organizations
        .iter()
        .filter(|o| o.env_id == c.ctx.env_id && o.members.iter().any(|m| m.user_id == c.user_id))
        .map(render::organization)
        .collect();
    Ok(ok_data(data))
}

pub(crate) async fn create(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
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
    Ok(created_data(render::organization(org)))
}

pub(crate) async fn get(Call { st, headers, now }: Call, Path(org_id): Path<String>) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    Ok(ok_data(render::organization(org)))
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    orgs_core::update(&mut w, &org_id, &body, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    Ok(ok_data(render::organization(org)))
}

pub(crate) async fn delete(
    Call { st, headers, now }: Call,
    Path(org_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    orgs_core::delete(&mut w, &org_id);
    Ok(success())
}

pub(crate) async fn list_members(
    Call { st, headers, now }: Call,
    Path(org_id): Path<String>,
) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let (org, _) = membership(&w, &c, &org_id)?;
    let data: Vec<Value> = org
        .members
        .iter()
        .map(|m| render::org_member(&w.store, m))
        .collect();
    Ok(ok_data(data))
}

pub(crate) async fn add_member(
    Call { st, headers, now }: Call,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
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
    Ok(created_data(data))
}

/// Members are addressed by member id or by user id.
fn is_member(m: &OrgMember, id: &str) -> bool {
    m.id == id || m.user_id == id
}

pub(crate) async fn update_member(
    Call { st, headers, now }: Call,
    Path((org_id, member_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
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
        .or_not_found("member")?;
    member.role = role;
    let member = member.clone();
    Ok(ok_data(render::org_member(&w.store, &member)))
}

pub(crate) async fn remove_member(
    Call { st, headers, now }: Call,
    Path((org_id, member_id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    manager(&w, &c, &org_id)?;
    let org = org_mut(&mut w, &org_id)?;
    remove_or_404(&mut org.members, |m| is_member(m, &member_id), "member")?;
    Ok(success())
}

pub(crate) async fn invite(
    Call { st, headers, now }: Call,
    Path(org_id): Path<String>,
    body: Bytes,
) -> ApiResult {
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
    Ok(created_data(data))
}
