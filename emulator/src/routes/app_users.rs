//! App users managed by the platform: `/api/platform/applications/{appId}/users[/{userId}[/roles]]`.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

use super::scope::{app_admin, app_list_page, audit_admin, in_env};
use super::v1_auth::create_app_user;
use crate::api::body::{self, created_data, ok, ok_data, patch_required};
use crate::api::call::Call;
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::state::model::AppUser;
use crate::state::render;
use crate::state::shared::World;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    email: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
    environment_id: String,
}

/// `{ roleIds }`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleIdsBody {
    pub(crate) role_ids: Vec<String>,
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
        .app_users
        .iter()
        .filter(|u| u.app_id == app_id && in_env(env.as_deref(), &u.env_id))
        .map(|u| render::user(&w.store, u))
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn create(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateBody = body::parse(&body)?;
    let env = w.store.app_env(&app_id, &req.environment_id)?.clone();
    let id = create_app_user(
        &mut w,
        &env.tenant_id,
        &app_id,
        &env.id,
        &req.email,
        Some(&req.password),
        req.first_name,
        req.last_name,
        now,
    )?;
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        Some(&env.id),
        "user.created",
        "user",
        Some(&id),
        now,
    );
    let user = w.store.app_user(&id).or_not_found("user")?;
    Ok(created_data(render::user(&w.store, user)))
}

fn app_user<'w>(w: &'w World, app_id: &str, user_id: &str) -> Result<&'w AppUser, ApiError> {
    w.store
        .app_user(user_id)
        .filter(|u| u.app_id == app_id)
        .or_not_found("user")
}

pub(crate) async fn get(
    Call { st, headers, now }: Call,
    Path((app_id, user_id)): Path<(String, String)>,
) -> ApiResult {
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let user = app_user(&w, &app_id, &user_id)?;
    Ok(ok_data(render::user(&w.store, user)))
}

/// Applies `{firstName, lastName, isActive}` to a user; deactivation ends its sessions.
pub(crate) fn apply_user_patch(
    w: &mut World,
    user_id: &str,
    body: &[u8],
    now: time::OffsetDateTime,
) -> Result<(), ApiError> {
    let map = body::object(body)?;
    let first = body::patch::<String>(&map, "firstName")?;
    let last = body::patch::<String>(&map, "lastName")?;
    let active: Option<bool> = patch_required(&map, "isActive")?;
    let user = w.store.app_user_mut(user_id).or_not_found("user")?;
    first.apply_opt(&mut user.first_name);
    last.apply_opt(&mut user.last_name);
    if let Some(a) = active {
        user.is_active = a;
    }
    user.updated_at = now;
    if active == Some(false) {
        w.store.revoke_app_user_sessions(user_id, now);
    }
    Ok(())
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path((app_id, user_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    app_user(&w, &app_id, &user_id)?;
    apply_user_patch(&mut w, &user_id, &body, now)?;
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        None,
        "user.updated",
        "user",
        Some(&user_id),
        now,
    );
    let user = app_user(&w, &app_id, &user_id)?;
    Ok(ok_data(render::user(&w.store, user)))
}

/// Replaces a user's roles; every role must exist for the user's environment (else 404).
pub(crate) fn assign_roles(
    w: &mut World,
    user_id: &str,
    role_ids: &[String],
    now: time::OffsetDateTime,
) -> Result<Value, ApiError> {
    let user = w.store.app_user(user_id).or_not_found("user")?;
    let mut ids: Vec<String> = Vec::new();
    for rid in role_ids {
        let role = w
            .store
            .roles
            .iter()
            .find(|r| {
                &r.id == rid
                    && r.app_id == user.app_id
                    && r.env_id.as_ref().is_none_or(|e| e == &user.env_id)
            })
            .or_not_found("role")?;
        if !ids.contains(&role.id) {
            ids.push(role.id.clone());
        }
    }
    let user = w.store.app_user_mut(user_id).or_not_found("user")?;
    user.role_ids = ids;
    user.updated_at = now;
    let user = w.store.app_user(user_id).or_not_found("user")?;
    let roles: Vec<Value> = w
        .store
        .user_roles(user)
        .iter()
        .map(|r| json!({ "id": r.id, "name": r.name, "description": r.description }))
        .collect();
    Ok(json!({ "userId": user_id, "roles": roles }))
}

pub(crate) async fn set_roles(
    Call { st, headers, now }: Call,
    Path((app_id, user_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: RoleIdsBody = body::parse(&body)?;
    app_user(&w, &app_id, &user_id)?;
    let data = assign_roles(&mut w, &user_id, &req.role_ids, now)?;
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        None,
        "user.roles_assigned",
        "user",
        Some(&user_id),
        now,
    );
    Ok(ok_data(data))
}
