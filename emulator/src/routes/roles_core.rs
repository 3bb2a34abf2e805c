//! Roles and permissions of an application, shared by the platform and v1 routes.
//!
//! A role or permission belongs to one environment, or (no environment) to all of them.
//! `env` below is the environment a caller sees: `None` for platform callers (all).

use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::api::body::{self, patch, patch_required};
use crate::api::problem::{ApiError, OrNotFound};
use crate::crypto::random;
use crate::state::model::{Permission, Role};
use crate::state::remove::remove_or_404;
use crate::state::render;
use crate::state::shared::World;

/// Whether a record of environment `record_env` is visible from `env`.
pub(crate) fn visible(record_env: Option<&String>, env: Option<&str>) -> bool {
    match (record_env, env) {
        (None, _) | (_, None) => true,
        (Some(r), Some(e)) => r == e,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateRoleBody {
    name: String,
    description: Option<String>,
    environment_id: Option<String>,
    hierarchy_level: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreatePermissionBody {
    name: String,
    description: Option<String>,
    resource: String,
    action: String,
    environment_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PermissionIdsBody {
    permission_ids: Vec<String>,
}

/// Roles of `app_id` that `filter` (an environment) sees.
pub(crate) fn list_roles(w: &World, app_id: &str, filter: Option<&str>) -> Vec<Value> {
    w.store
        .roles
        .iter()
        .filter(|r| r.app_id == app_id && visible(r.env_id.as_ref(), filter))
        .map(|r| render::role(&w.store, r))
        .collect()
}

pub(crate) fn find_role<'w>(
    w: &'w World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
) -> Result<&'w Role, ApiError> {
    w.store
        .roles
        .iter()
        .find(|r| r.id == role_id && r.app_id == app_id && visible(r.env_id.as_ref(), env))
        .or_not_found("role")
}

/// The environment of a new role or permission: `forced_env` (v1) over the body's
/// `environmentId`, which must belong to `app_id`; none for all environments.
fn new_record_env(
    w: &World,
    app_id: &str,
    forced_env: Option<&str>,
    body_env: Option<String>,
) -> Result<Option<String>, ApiError> {
    match forced_env {
        Some(e) => Ok(Some(e.to_owned())),
        None => match body_env.filter(|e| !e.is_empty()) {
            Some(e) => Ok(Some(w.store.app_env(app_id, &e)?.id.clone())),
            None => Ok(None),
        },
    }
}

/// The role `role_id`, to change, once [`find_role`] has checked the caller may see it.
fn role_mut<'w>(w: &'w mut World, role_id: &str) -> Result<&'w mut Role, ApiError> {
    w.store
        .roles
        .iter_mut()
        .find(|r| r.id == role_id)
        .or_not_found("role")
}

/// Creates a role; `forced_env` (v1) overrides the body's `environmentId`.
pub(crate) fn create_role(
    w: &mut World,
    tenant_id: &str,
    app_id: &str,
    forced_env: Option<&str>,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let req: CreateRoleBody = body::parse(body)?;
    body::non_empty("name", &req.name)?;
    let env_id = new_record_env(w, app_id, forced_env, req.environment_id)?;
    if w.store
        .roles
        .iter()
        .any(|r| r.app_id == app_id && r.env_id == env_id && r.name == req.name)
    {
        return Err(ApiError::conflict("a role with this name already exists"));
    }
    let role = Role {
        id: random::id("role"),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.to_owned(),
        env_id,
        name: req.name,
        description: req.description,
        hierarchy_level: req.hierarchy_level.unwrap_or(0),
        permission_ids: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    let out = render::role(&w.store, &role);
    w.store.roles.push(role);
    Ok(out)
}

pub(crate) fn update_role(
    w: &mut World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let map: Map<String, Value> = body::object(body)?;
    let name: Option<String> = patch_required(&map, "name")?;
    let description = patch::<String>(&map, "description")?;
    let role = find_role(w, app_id, env, role_id)?;
    if let Some(n) = &name {
        body::non_empty("name", n)?;
        let clash = w.store.roles.iter().any(|r| {
            r.id != role.id && r.app_id == app_id && r.env_id == role.env_id && &r.name == n
        });
        if clash {
            return Err(ApiError::conflict("a role with this name already exists"));
        }
    }
    let role = role_mut(w, role_id)?;
    if let Some(n) = name {
        role.name = n;
    }
    description.apply_opt(&mut role.description);
    role.updated_at = now;
    let role = find_role(w, app_id, env, role_id)?;
    Ok(render::role(&w.store, role))
}

pub(crate) fn delete_role(
    w: &mut World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
) -> Result<Value, ApiError> {
    find_role(w, app_id, env, role_id)?;
    w.store.roles.retain(|r| r.id != role_id);
    for u in &mut w.store.app_users {
        u.role_ids.retain(|r| r != role_id);
    }
    for i in &mut w.store.invitations {
        if i.role_id.as_deref() == Some(role_id) {
            i.role_id = None;
        }
    }
    Ok(json!({ "success": true }))
}

pub(crate) fn role_permissions(
    w: &World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
) -> Result<Value, ApiError> {
    let role = find_role(w, app_id, env, role_id)?;
    let data: Vec<Value> = role
        .permission_ids
        .iter()
        .filter_map(|pid| w.store.permissions.iter().find(|p| &p.id == pid))
        .map(render::permission)
        .collect();
    Ok(json!({ "data": data }))
}

/// Adds permissions to a role: `{assigned, skipped}` (skipped: already there). Unknown ids are a 404.
pub(crate) fn assign_permissions(
    w: &mut World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let req: PermissionIdsBody = body::parse(body)?;
    let role = find_role(w, app_id, env, role_id)?;
    let role_env = role.env_id.clone();
    for pid in &req.permission_ids {
        let ok = w.store.permissions.iter().any(|p| {
            &p.id == pid && p.app_id == app_id && visible(p.env_id.as_ref(), role_env.as_deref())
        });
        if !ok {
            return Err(ApiError::not_found("permission"));
        }
    }
    let role = role_mut(w, role_id)?;
    let (mut assigned, mut skipped) = (0, 0);
    for pid in req.permission_ids {
        if role.permission_ids.contains(&pid) {
            skipped += 1;
        } else {
            role.permission_ids.push(pid);
            assigned += 1;
        }
    }
    role.updated_at = now;
    Ok(json!({ "data": { "assigned": assigned, "skipped": skipped } }))
}

pub(crate) fn remove_permission(
    w: &mut World,
    app_id: &str,
    env: Option<&str>,
    role_id: &str,
    perm_id: &str,
) -> Result<Value, ApiError> {
    find_role(w, app_id, env, role_id)?;
    let role = role_mut(w, role_id)?;
    remove_or_404(
        &mut role.permission_ids,
        |p| p == perm_id,
        "permission on this role",
    )?;
    Ok(json!({ "success": true, "message": "Permission removed from role" }))
}

pub(crate) fn list_permissions(w: &World, app_id: &str, filter: Option<&str>) -> Vec<Value> {
    w.store
        .permissions
        .iter()
        .filter(|p| p.app_id == app_id && visible(p.env_id.as_ref(), filter))
        .map(render::permission)
        .collect()
}

pub(crate) fn create_permission(
    w: &mut World,
    tenant_id: &str,
    app_id: &str,
    forced_env: Option<&str>,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let req: CreatePermissionBody = body::parse(body)?;
    body::non_empty("name", &req.name)?;
    body::non_empty("resource", &req.resource)?;
    body::non_empty("action", &req.action)?;
    let env_id = new_record_env(w, app_id, forced_env, req.environment_id)?;
    if w.store
        .permissions
        .iter()
        .any(|p| p.app_id == app_id && p.env_id == env_id && p.name == req.name)
    {
        return Err(ApiError::conflict(
            "a permission with this name already exists",
        ));
    }
    let p = Permission {
        id: random::id("perm"),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.to_owned(),
        env_id,
        name: req.name,
        description: req.description,
        resource: req.resource,
        action: req.action,
        created_at: now,
        updated_at: now,
    };
    let out = render::permission(&p);
    w.store.permissions.push(p);
    Ok(out)
}

pub(crate) fn delete_permission(
    w: &mut World,
    app_id: &str,
    env: Option<&str>,
    perm_id: &str,
) -> Result<Value, ApiError> {
    remove_or_404(
        &mut w.store.permissions,
        |p| p.id == perm_id && p.app_id == app_id && visible(p.env_id.as_ref(), env),
        "permission",
    )?;
    for r in &mut w.store.roles {
        r.permission_ids.retain(|p| p != perm_id);
    }
    Ok(json!({ "success": true }))
}
