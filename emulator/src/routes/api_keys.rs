//! API keys and publishable keys: app keys, `rotate-keys`, platform keys.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::scope::{app_admin, audit_admin, env_filter};
use crate::api::auth::platform_caller;
use crate::api::body::{self, created, ok};
use crate::api::paging::ListQuery;
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::model::ApiKey;
use crate::state::render;
use crate::state::seed::publishable_key;
use crate::state::shared::{AppState, World};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateAppKeyBody {
    name: String,
    environment_id: String,
}

#[derive(Deserialize)]
struct CreatePlatformKeyBody {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RotateBody {
    environment_id: String,
}

#[allow(clippy::too_many_arguments)]
/// Stores a new key and answers `ApiKeyResource & { key }`; the full key is never shown again.
fn new_key(
    w: &mut World,
    tenant_id: &str,
    app_id: Option<&str>,
    env_id: Option<&str>,
    name: String,
    prefix: &str,
    key_type: &str,
    now: time::OffsetDateTime,
) -> Value {
    let key = format!("{prefix}{}", random::hex(&random::bytes(24)));
    let record = ApiKey {
        id: random::id("key"),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.map(str::to_owned),
        env_id: env_id.map(str::to_owned),
        name,
        key_prefix: key.chars().take(prefix.len() + 4).collect(),
        key_type: key_type.to_owned(),
        created_at: now,
    };
    let mut data = render::api_key(&record);
    body::set(&mut data, "key", json!(key));
    w.store.api_keys.push(record);
    data
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
    let data: Vec<Value> = w
        .store
        .api_keys
        .iter()
        .filter(|k| k.app_id.as_deref() == Some(app_id.as_str()))
        .filter(|k| env.is_none() || k.env_id == env)
        .map(render::api_key)
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn create_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateAppKeyBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    let env = w.store.app_env(&app_id, &req.environment_id)?.clone();
    let prefix = if env.name == "production" {
        "sk_live_"
    } else {
        "sk_test_"
    };
    let data = new_key(
        &mut w,
        &caller.tenant_id,
        Some(&app_id),
        Some(&env.id),
        req.name,
        prefix,
        "secret",
        now,
    );
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        Some(&env.id),
        "api_key.created",
        "api_key",
        data.get("id").and_then(Value::as_str),
        now,
    );
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn revoke_app(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((app_id, key_id)): Path<(String, String)>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let before = w.store.api_keys.len();
    w.store
        .api_keys
        .retain(|k| !(k.id == key_id && k.app_id.as_deref() == Some(app_id.as_str())));
    if w.store.api_keys.len() == before {
        return Err(ApiError::not_found("API key"));
    }
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        None,
        "api_key.revoked",
        "api_key",
        Some(&key_id),
        now,
    );
    Ok(ok(json!({ "success": true })))
}

pub(crate) async fn rotate_publishable(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: RotateBody = body::parse(&body)?;
    w.store.app_env(&app_id, &req.environment_id)?;
    let env = w
        .store
        .environments
        .iter_mut()
        .find(|e| e.id == req.environment_id)
        .ok_or_else(|| ApiError::not_found("environment"))?;
    env.publishable_key = publishable_key(&env.name);
    let key = env.publishable_key.clone();
    audit_admin(
        &mut w,
        &caller,
        Some(&app_id),
        Some(&req.environment_id),
        "environment.keys_rotated",
        "environment",
        Some(&req.environment_id),
        now,
    );
    Ok(ok(json!({ "publishableKey": key })))
}

pub(crate) async fn list_platform(State(st): State<AppState>, headers: HeaderMap) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .api_keys
        .iter()
        .filter(|k| k.app_id.is_none() && k.tenant_id == caller.tenant_id)
        .map(render::api_key)
        .collect();
    Ok(ok(json!({ "data": data })))
}

pub(crate) async fn create_platform(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    let req: CreatePlatformKeyBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    let data = new_key(
        &mut w,
        &caller.tenant_id,
        None,
        None,
        req.name,
        "sk_platform_",
        "platform",
        now,
    );
    audit_admin(
        &mut w,
        &caller,
        None,
        None,
        "api_key.created",
        "api_key",
        data.get("id").and_then(Value::as_str),
        now,
    );
    Ok(created(json!({ "data": data })))
}

pub(crate) async fn revoke_platform(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(key_id): Path<String>,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    let before = w.store.api_keys.len();
    let tenant = caller.tenant_id.clone();
    w.store
        .api_keys
        .retain(|k| !(k.id == key_id && k.app_id.is_none() && k.tenant_id == tenant));
    if w.store.api_keys.len() == before {
        return Err(ApiError::not_found("API key"));
    }
    audit_admin(
        &mut w,
        &caller,
        None,
        None,
        "api_key.revoked",
        "api_key",
        Some(&key_id),
        now,
    );
    Ok(ok(json!({ "success": true })))
}
