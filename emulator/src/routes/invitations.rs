//! Invitations into an application environment (and maybe an organization):
//! the platform's `/applications/{appId}/invitations` and the v1 `/invitations`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::members::INVITATION_TTL;
use super::roles_core::visible;
use super::scope::{app_admin, env_filter};
use crate::api::auth::app_caller;
use crate::api::body::{self, created, ok};
use crate::api::paging::ListQuery;
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::org_model::{Invitation, InvitationStatus, OrgMember};
use crate::state::render;
use crate::state::shared::{AppState, World};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlatformCreateBody {
    email: String,
    role_id: Option<String>,
    environment_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V1CreateBody {
    email: String,
    role_id: Option<String>,
}

/// Where an invitation leads.
pub(crate) struct Target<'a> {
    pub(crate) tenant_id: &'a str,
    pub(crate) app_id: &'a str,
    pub(crate) env_id: &'a str,
    pub(crate) role_id: Option<String>,
    /// Organization id and organization role.
    pub(crate) org: Option<(String, String)>,
    pub(crate) invited_by: Option<String>,
}

/// Creates a pending invitation and emails its id.
pub(crate) fn create(
    w: &mut World,
    t: Target<'_>,
    email: &str,
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let email = body::email(email)?;
    if let Some(rid) = &t.role_id {
        let ok = w.store.roles.iter().any(|r| {
            &r.id == rid && r.app_id == t.app_id && visible(r.env_id.as_ref(), Some(t.env_id))
        });
        if !ok {
            return Err(ApiError::not_found("role"));
        }
    }
    let org_id = t.org.as_ref().map(|(o, _)| o.clone());
    let duplicate = w.store.invitations.iter().any(|i| {
        i.env_id == t.env_id
            && i.email == email
            && i.status == InvitationStatus::Pending
            && now < i.expires_at
            && i.org.as_ref().map(|(o, _)| o) == org_id.as_ref()
    });
    if duplicate {
        return Err(ApiError::conflict(
            "this email already has a pending invitation",
        ));
    }
    let inv = Invitation {
        id: random::id("inv"),
        tenant_id: t.tenant_id.to_owned(),
        app_id: t.app_id.to_owned(),
        env_id: t.env_id.to_owned(),
        email: email.clone(),
        role_id: t.role_id,
        org: t.org,
        invited_by: t.invited_by,
        status: InvitationStatus::Pending,
        expires_at: now.saturating_add(INVITATION_TTL),
        accepted_at: None,
        created_at: now,
        updated_at: now,
    };
    let data = render::invitation(&w.store, &inv);
    w.store.send_email(&email, "invitation", &inv.id, now);
    w.store.invitations.push(inv);
    Ok(data)
}

fn not_pending() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "INVITATION_NOT_PENDING",
        "the invitation is no longer pending",
    )
}

fn find_mut<'w>(
    w: &'w mut World,
    env: impl Fn(&str) -> bool,
    inv_id: &str,
) -> Result<&'w mut Invitation, ApiError> {
    w.store
        .invitations
        .iter_mut()
        .find(|i| i.id == inv_id && env(&i.env_id))
        .ok_or_else(|| ApiError::not_found("invitation"))
}

fn resend(
    w: &mut World,
    env: impl Fn(&str) -> bool,
    inv_id: &str,
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let inv = find_mut(w, env, inv_id)?;
    if inv.status != InvitationStatus::Pending {
        return Err(not_pending());
    }
    inv.expires_at = now.saturating_add(INVITATION_TTL);
    inv.updated_at = now;
    let email = inv.email.clone();
    let inv = inv.clone();
    w.store.send_email(&email, "invitation", inv_id, now);
    Ok(json!({ "data": render::invitation(&w.store, &inv) }))
}

fn cancel(
    w: &mut World,
    env: impl Fn(&str) -> bool,
    inv_id: &str,
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let inv = find_mut(w, env, inv_id)?;
    if inv.status != InvitationStatus::Pending {
        return Err(not_pending());
    }
    inv.status = InvitationStatus::Cancelled;
    inv.updated_at = now;
    Ok(json!({ "success": true }))
}

fn list(w: &World, env: impl Fn(&str) -> bool, app_id: &str) -> Value {
    let data: Vec<Value> = w
        .store
        .invitations
        .iter()
        .filter(|i| i.app_id == app_id && env(&i.env_id))
        .map(|i| render::invitation(&w.store, i))
        .collect();
    json!({ "data": data })
}

pub(crate) async fn list_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let env = env_filter(&w, &app_id, q.environment_id.as_deref())?;
    Ok(ok(list(
        &w,
        |e| env.as_deref().is_none_or(|f| f == e),
        &app_id,
    )))
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
    let req: PlatformCreateBody = body::parse(&body)?;
    let env = w.store.app_env(&app_id, &req.environment_id)?.clone();
    let target = Target {
        tenant_id: &c.tenant_id,
        app_id: &app_id,
        env_id: &env.id,
        role_id: req.role_id,
        org: None,
        invited_by: Some(c.user_id.clone()),
    };
    let data = create(&mut w, target, &req.email, now)?;
    Ok(created(json!({ "data": data })))
}

fn app_env_ids(w: &World, app_id: &str) -> Vec<String> {
    w.store
        .environments
        .iter()
        .filter(|e| e.app_id == app_id)
        .map(|e| e.id.clone())
        .collect()
}

pub(crate) async fn resend_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, inv_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let envs = app_env_ids(&w, &app_id);
    Ok(ok(resend(
        &mut w,
        |e| envs.iter().any(|x| x == e),
        &inv_id,
        now,
    )?))
}

pub(crate) async fn cancel_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, inv_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let envs = app_env_ids(&w, &app_id);
    Ok(ok(cancel(
        &mut w,
        |e| envs.iter().any(|x| x == e),
        &inv_id,
        now,
    )?))
}

pub(crate) async fn list_v1(State(st): State<AppState>, headers: HeaderMap) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(list(&w, |e| e == c.ctx.env_id, &c.ctx.app_id)))
}

pub(crate) async fn send_v1(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: V1CreateBody = body::parse(&body)?;
    let target = Target {
        tenant_id: &c.ctx.tenant_id,
        app_id: &c.ctx.app_id,
        env_id: &c.ctx.env_id,
        role_id: req.role_id,
        org: None,
        invited_by: Some(c.user_id.clone()),
    };
    let data = create(&mut w, target, &req.email, now)?;
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn resend_v1(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(resend(&mut w, |e| e == c.ctx.env_id, &inv_id, now)?))
}

pub(crate) async fn cancel_v1(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(cancel(&mut w, |e| e == c.ctx.env_id, &inv_id, now)?))
}

/// The caller accepts an invitation addressed to their email: they get its role, and
/// join its organization if it has one.
pub(crate) async fn accept_v1(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let inv = w
        .store
        .invitations
        .iter()
        .find(|i| i.id == inv_id && i.env_id == c.ctx.env_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    let email = w
        .store
        .app_user(&c.user_id)
        .map(|u| u.email.clone())
        .unwrap_or_default();
    if inv.email != email {
        return Err(ApiError::forbidden(
            "this invitation is for another email address",
        ));
    }
    if inv.status != InvitationStatus::Pending {
        return Err(not_pending());
    }
    if now >= inv.expires_at {
        return Err(ApiError::new(
            StatusCode::GONE,
            "INVITATION_EXPIRED",
            "the invitation has expired",
        ));
    }
    if let (Some(rid), Some(user)) = (&inv.role_id, w.store.app_user_mut(&c.user_id)) {
        if !user.role_ids.contains(rid) {
            user.role_ids.push(rid.clone());
        }
    }
    if let Some((org_id, role)) = &inv.org {
        if let Some(org) = w.store.organizations.iter_mut().find(|o| &o.id == org_id) {
            if !org.members.iter().any(|m| m.user_id == c.user_id) {
                org.members.push(OrgMember {
                    id: random::id("mem"),
                    user_id: c.user_id.clone(),
                    role: role.clone(),
                    created_at: now,
                });
            }
        }
    }
    if let Some(i) = w.store.invitations.iter_mut().find(|i| i.id == inv_id) {
        i.status = InvitationStatus::Accepted;
        i.accepted_at = Some(now);
        i.updated_at = now;
    }
    Ok(ok(json!({ "message": "Invitation accepted" })))
}
