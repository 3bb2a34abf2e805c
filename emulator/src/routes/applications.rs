//! Applications: `/api/platform/applications[/{appId}[/stats]]`.

use axum::body::Bytes;
use axum::extract::Path;
use serde::Deserialize;
use serde_json::{Value, json};

use super::scope::{app_admin, audit_admin};
use crate::api::auth::platform_caller;
use crate::api::body::{self, created_data, ok, ok_data, patch, patch_required, success};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::model::{Application, Environment, Principal};
use crate::state::render;
use crate::state::seed::publishable_key;
use crate::state::shared::World;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    name: String,
    slug: String,
    domain: Option<String>,
    home_url: Option<String>,
    callback_urls: Option<Vec<String>>,
    settings: Option<serde_json::Map<String, Value>>,
    auth_config: Option<serde_json::Map<String, Value>>,
}

/// Environments every new application gets.
const ENVIRONMENTS: [&str; 2] = ["development", "production"];

pub(crate) async fn list(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .applications
        .iter()
        .filter(|a| a.tenant_id == caller.tenant_id)
        .map(|a| render::application(&w.store, a))
        .collect();
    Ok(ok_data(data))
}

pub(crate) async fn create(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    let req: CreateBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    body::slug(&req.slug)?;
    if w.store
        .applications
        .iter()
        .any(|a| a.tenant_id == caller.tenant_id && a.slug == req.slug)
    {
        return Err(ApiError::conflict(
            "an application with this slug already exists",
        ));
    }
    let id = random::id("app");
    w.store.applications.push(Application {
        id: id.clone(),
        tenant_id: caller.tenant_id.clone(),
        name: req.name,
        slug: req.slug,
        domain: req.domain,
        home_url: req.home_url,
        callback_urls: req.callback_urls,
        is_active: true,
        settings: req.settings.map(Value::Object),
        auth_config: req.auth_config.map(Value::Object),
        created_at: now,
        updated_at: now,
    });
    for name in ENVIRONMENTS {
        w.store.environments.push(Environment {
            id: random::id("env"),
            app_id: id.clone(),
            tenant_id: caller.tenant_id.clone(),
            name: name.to_owned(),
            publishable_key: publishable_key(name),
            is_active: true,
        });
    }
    audit_admin(
        &mut w,
        &caller,
        Some(&id),
        None,
        "application.created",
        "application",
        Some(&id),
        now,
    );
    let app = w.store.tenant_app(&caller.tenant_id, &id)?;
    Ok(created_data(render::application(&w.store, app)))
}

pub(crate) async fn get(Call { st, headers, now }: Call, Path(app_id): Path<String>) -> ApiResult {
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    let app = w.store.tenant_app(&caller.tenant_id, &app_id)?;
    Ok(ok_data(render::application(&w.store, app)))
}

fn object_patch(
    map: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<body::Patch<Value>, ApiError> {
    match patch::<serde_json::Map<String, Value>>(map, key)? {
        body::Patch::Keep => Ok(body::Patch::Keep),
        body::Patch::Clear => Ok(body::Patch::Clear),
        body::Patch::Set(m) => Ok(body::Patch::Set(Value::Object(m))),
    }
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let map = body::object(&body)?;
    let name: Option<String> = patch_required(&map, "name")?;
    if let Some(n) = &name {
        body::non_empty("name", n)?;
    }
    let domain = patch::<String>(&map, "domain")?;
    let home_url = patch::<String>(&map, "homeUrl")?;
    let callback_urls = patch::<Vec<String>>(&map, "callbackUrls")?;
    let settings = object_patch(&map, "settings")?;
    let auth_config = object_patch(&map, "authConfig")?;
    let is_active: Option<bool> = patch_required(&map, "isActive")?;
    let app = w
        .store
        .applications
        .iter_mut()
        .find(|a| a.id == app_id)
        .or_not_found("application")?;
    if let Some(n) = name {
        app.name = n;
    }
    domain.apply_opt(&mut app.domain);
    home_url.apply_opt(&mut app.home_url);
    callback_urls.apply_opt(&mut app.callback_urls);
    settings.apply_opt(&mut app.settings);
    auth_config.apply_opt(&mut app.auth_config);
    if let Some(a) = is_active {
        app.is_active = a;
    }
    app.updated_at = now;
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        None,
        "application.updated",
        "application",
        Some(&app_id),
        now,
    );
    let app = w.store.tenant_app(&caller.tenant_id, &app_id)?;
    Ok(ok_data(render::application(&w.store, app)))
}

/// Removes an application and everything in it.
fn delete_cascade(w: &mut World, app_id: &str) {
    let s = &mut w.store;
    let env_ids: Vec<String> = s
        .environments
        .iter()
        .filter(|e| e.app_id == app_id)
        .map(|e| e.id.clone())
        .collect();
    let user_ids: Vec<String> = s
        .app_users
        .iter()
        .filter(|u| u.app_id == app_id)
        .map(|u| u.id.clone())
        .collect();
    s.applications.retain(|a| a.id != app_id);
    s.environments.retain(|e| e.app_id != app_id);
    s.app_users.retain(|u| u.app_id != app_id);
    s.roles.retain(|r| r.app_id != app_id);
    s.permissions.retain(|p| p.app_id != app_id);
    s.api_keys.retain(|k| k.app_id.as_deref() != Some(app_id));
    s.organizations.retain(|o| o.app_id != app_id);
    s.invitations.retain(|i| i.app_id != app_id);
    s.webhooks.retain(|h| h.app_id.as_deref() != Some(app_id));
    s.email_templates
        .retain(|t| t.app_id.as_deref() != Some(app_id));
    s.sessions.retain(|sess| match &sess.principal {
        Principal::App { env_id, .. } => !env_ids.contains(env_id),
        Principal::Platform { .. } => true,
    });
    s.email_tokens.retain(|_, t| !user_ids.contains(&t.user_id));
}

pub(crate) async fn delete(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    delete_cascade(&mut w, &app_id);
    audit_admin(
        &mut w,
        &caller,
        None,
        None,
        "application.deleted",
        "application",
        Some(&app_id),
        now,
    );
    Ok(success())
}

pub(crate) async fn stats(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
) -> ApiResult {
    let w = st.world_read();
    app_admin(&w, &headers, now, &app_id)?;
    let s = &w.store;
    let live_in = |env_id: &str| {
        s.sessions
            .iter()
            .filter(|sess| {
                sess.is_live(now)
                    && matches!(&sess.principal, Principal::App { env_id: e, .. } if e == env_id)
            })
            .count()
    };
    let envs: Vec<Value> = s
        .environments
        .iter()
        .filter(|e| e.app_id == app_id)
        .map(|e| {
            json!({
                "id": e.id,
                "name": e.name,
                "userCount": s.app_users.iter().filter(|u| u.env_id == e.id).count(),
                "sessionCount": live_in(&e.id),
            })
        })
        .collect();
    let active_sessions: usize = s
        .environments
        .iter()
        .filter(|e| e.app_id == app_id)
        .map(|e| live_in(&e.id))
        .sum();
    Ok(ok(json!({
        "data": {
            "totalUsers": s.app_users.iter().filter(|u| u.app_id == app_id).count(),
            "activeSessions": active_sessions,
            "totalRoles": s.roles.iter().filter(|r| r.app_id == app_id).count(),
            "totalApiKeys": s.api_keys.iter().filter(|k| k.app_id.as_deref() == Some(app_id.as_str())).count(),
            "environments": envs,
        }
    })))
}
