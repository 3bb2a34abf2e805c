//! Invitations into an application environment (and maybe an organization):
//! the platform's `/applications/{appId}/invitations` and the v1 `/invitations`.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::invitation_rules::{ensure_acceptable, ensure_pending, expiry, is_open};
use super::roles_core::visible;
use super::scope::{AppScope, app_admin, app_list_env, app_scope, in_env};
use crate::api::auth::app_caller;
use crate::api::body::{self, created_data, ok, ok_data, success};
use crate::api::call::Call;
use crate::api::paging::ListQuery;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::org_model::{Invitation, InvitationStatus, OrgMember};
use crate::state::render;
use crate::state::shared::World;

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
            && is_open(i.status, i.expires_at, now)
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
        expires_at: expiry(now),
        accepted_at: None,
        created_at: now,
        updated_at: now,
    };
    let data = render::invitation(&w.store, &inv);
    w.store.send_email(&email, "invitation", &inv.id, now);
    w.store.invitations.push(inv);
    Ok(data)
}

/// The parameters of an invitation path; `app_id` on platform paths only.
#[derive(Deserialize)]
pub(crate) struct InvitationPath {
    app_id: Option<String>,
    invitation_id: String,
}

/// The invitation `inv_id` in one of `envs`, which must be pending (else a 404 or a 409).
fn pending_in<'w>(
    w: &'w mut World,
    envs: &[String],
    inv_id: &str,
) -> Result<&'w mut Invitation, ApiError> {
    let inv = w
        .store
        .invitations
        .iter_mut()
        .find(|i| i.id == inv_id && envs.contains(&i.env_id))
        .or_not_found("invitation")?;
    ensure_pending(inv.status)?;
    Ok(inv)
}

/// The environments whose invitations a scope reaches: the v1 caller's, or all of the application's.
fn scope_envs(w: &World, s: &AppScope) -> Vec<String> {
    match s.env() {
        Some(env) => vec![env.to_owned()],
        None => w
            .store
            .environments
            .iter()
            .filter(|e| e.app_id == s.app_id)
            .map(|e| e.id.clone())
            .collect(),
    }
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
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let env = app_list_env(&w, &headers, now, &app_id, &q)?;
    Ok(ok(list(&w, |e| in_env(env.as_deref(), e), &app_id)))
}

pub(crate) async fn create_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
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
    Ok(created_data(data))
}

pub(crate) async fn resend(
    Call { st, headers, now }: Call,
    Path(path): Path<InvitationPath>,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let envs = scope_envs(&w, &s);
    let inv = pending_in(&mut w, &envs, &path.invitation_id)?;
    inv.expires_at = expiry(now);
    inv.updated_at = now;
    let inv = inv.clone();
    w.store.send_email(&inv.email, "invitation", &inv.id, now);
    Ok(ok_data(render::invitation(&w.store, &inv)))
}

pub(crate) async fn cancel(
    Call { st, headers, now }: Call,
    Path(path): Path<InvitationPath>,
) -> ApiResult {
    let mut w = st.world();
    let s = app_scope(&w, &headers, now, path.app_id.as_deref())?;
    let envs = scope_envs(&w, &s);
    let inv = pending_in(&mut w, &envs, &path.invitation_id)?;
    inv.status = InvitationStatus::Cancelled;
    inv.updated_at = now;
    Ok(success())
}

pub(crate) async fn list_v1(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    Ok(ok(list(&w, |e| e == c.ctx.env_id, &c.ctx.app_id)))
}

pub(crate) async fn send_v1(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
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
    Ok(created_data(data))
}

/// The caller accepts an invitation addressed to their email: they get its role, and
/// join its organization if it has one.
pub(crate) async fn accept_v1(
    Call { st, headers, now }: Call,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let inv = w
        .store
        .invitations
        .iter()
        .find(|i| i.id == inv_id && i.env_id == c.ctx.env_id)
        .cloned()
        .or_not_found("invitation")?;
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
    ensure_acceptable(inv.status, inv.expires_at, now)?;
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
