//! The tenant's platform team: `/api/platform/members/*`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::invitation_rules::{ensure_acceptable, ensure_pending, expiry, is_open};
use super::platform_auth::create_platform_user;
use super::scope::audit_admin;
use crate::api::auth::platform_caller;
use crate::api::body::{self, created, ok, ok_data, success};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::model::Principal;
use crate::state::org_model::{InvitationStatus, PlatformInvitation};
use crate::state::remove::remove_or_404;
use crate::state::render;
use crate::state::shared::{AppState, World};

/// Platform roles a member can have.
const ROLES: [&str; 3] = ["owner", "admin", "member"];

fn role(name: &str) -> Result<String, ApiError> {
    if ROLES.contains(&name) {
        Ok(name.to_owned())
    } else {
        Err(ApiError::validation(
            "`roleName` must be one of owner, admin, member",
        ))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InviteBody {
    email: String,
    role_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleBody {
    role_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AcceptBody {
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

pub(crate) async fn list(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = platform_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .platform_users
        .iter()
        .filter(|u| u.tenant_id == c.tenant_id)
        .map(render::platform_member)
        .collect();
    Ok(ok_data(data))
}

pub(crate) async fn invite(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let req: InviteBody = body::parse(&body)?;
    let email = body::email(&req.email)?;
    let role_name = role(&req.role_name)?;
    if w.store.platform_users.iter().any(|u| u.email == email) {
        return Err(ApiError::conflict(
            "a platform user with this email already exists",
        ));
    }
    let pending = w.store.platform_invitations.iter().any(|i| {
        i.tenant_id == c.tenant_id && i.email == email && is_open(i.status, i.expires_at, now)
    });
    if pending {
        return Err(ApiError::conflict(
            "this email already has a pending invitation",
        ));
    }
    let inv = PlatformInvitation {
        id: random::id("pinv"),
        tenant_id: c.tenant_id.clone(),
        email: email.clone(),
        role_name,
        first_name: req.first_name,
        last_name: req.last_name,
        invited_by: c.user_id.clone(),
        status: InvitationStatus::Pending,
        expires_at: expiry(now),
        accepted_at: None,
        created_at: now,
        updated_at: now,
    };
    let data = render::platform_invitation(&inv);
    w.store
        .send_email(&email, "platform_invitation", &inv.id, now);
    let id = inv.id.clone();
    w.store.platform_invitations.push(inv);
    audit_admin(
        &mut w,
        &c,
        None,
        None,
        "member.invited",
        "platform_invitation",
        Some(&id),
        now,
    );
    Ok(created(
        json!({ "data": data, "message": "Invitation sent" }),
    ))
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path(member_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let req: RoleBody = body::parse(&body)?;
    let role_name = role(&req.role_name)?;
    let user = w
        .store
        .platform_users
        .iter_mut()
        .find(|u| u.id == member_id && u.tenant_id == c.tenant_id)
        .or_not_found("member")?;
    user.roles = vec![role_name];
    user.updated_at = now;
    let data = json!({ "id": user.id, "email": user.email, "roles": user.roles });
    audit_admin(
        &mut w,
        &c,
        None,
        None,
        "member.updated",
        "platform_user",
        Some(&member_id),
        now,
    );
    Ok(ok_data(data))
}

pub(crate) async fn remove(
    Call { st, headers, now }: Call,
    Path(member_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    if member_id == c.user_id {
        return Err(ApiError::bad_request("you cannot remove yourself"));
    }
    remove_or_404(
        &mut w.store.platform_users,
        |u| u.id == member_id && u.tenant_id == c.tenant_id,
        "member",
    )?;
    w.store.revoke_sessions(
        now,
        |s| matches!(&s.principal, Principal::Platform { user_id } if *user_id == member_id),
    );
    audit_admin(
        &mut w,
        &c,
        None,
        None,
        "member.removed",
        "platform_user",
        Some(&member_id),
        now,
    );
    Ok(ok(json!({ "message": "Member removed" })))
}

pub(crate) async fn list_invitations(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = platform_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .platform_invitations
        .iter()
        .filter(|i| i.tenant_id == c.tenant_id)
        .map(render::platform_invitation)
        .collect();
    Ok(ok_data(data))
}

/// The tenant's pending invitation `inv_id` (else a 404 or a 409).
fn pending_invitation<'w>(
    w: &'w mut World,
    tenant_id: &str,
    inv_id: &str,
) -> Result<&'w mut PlatformInvitation, ApiError> {
    let inv = w
        .store
        .platform_invitations
        .iter_mut()
        .find(|i| i.id == inv_id && i.tenant_id == tenant_id)
        .or_not_found("invitation")?;
    ensure_pending(inv.status)?;
    Ok(inv)
}

pub(crate) async fn cancel_invitation(
    Call { st, headers, now }: Call,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let inv = pending_invitation(&mut w, &c.tenant_id, &inv_id)?;
    inv.status = InvitationStatus::Cancelled;
    inv.updated_at = now;
    Ok(success())
}

pub(crate) async fn resend_invitation(
    Call { st, headers, now }: Call,
    Path(inv_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let inv = pending_invitation(&mut w, &c.tenant_id, &inv_id)?;
    inv.expires_at = expiry(now);
    inv.updated_at = now;
    let data = render::platform_invitation(inv);
    let email = inv.email.clone();
    w.store
        .send_email(&email, "platform_invitation", &inv_id, now);
    Ok(ok_data(data))
}

pub(crate) async fn accept_invitation(
    State(st): State<AppState>,
    Path(inv_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let req: AcceptBody = body::parse(&body)?;
    let now = st.now();
    let mut w = st.world();
    let inv = w
        .store
        .platform_invitations
        .iter()
        .find(|i| i.id == inv_id)
        .cloned()
        .or_not_found("invitation")?;
    ensure_acceptable(inv.status, inv.expires_at, now)?;
    let first = req.first_name.or(inv.first_name);
    let last = req.last_name.or(inv.last_name);
    create_platform_user(
        &mut w,
        &inv.tenant_id,
        &inv.email,
        &req.password,
        first,
        last,
        &inv.role_name,
        now,
    )?;
    if let Some(i) = w
        .store
        .platform_invitations
        .iter_mut()
        .find(|i| i.id == inv_id)
    {
        i.status = InvitationStatus::Accepted;
        i.accepted_at = Some(now);
        i.updated_at = now;
    }
    Ok(ok(json!({ "message": "Invitation accepted" })))
}
