//! API keys and publishable keys: app keys, `rotate-keys`, platform keys.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::scope::{app_admin, app_list_env, audit_admin};
use crate::api::auth::{PlatformCaller, platform_caller};
use crate::api::body::{self, created_data, ok, ok_data, success};
use crate::api::call::Call;
use crate::api::paging::ListQuery;
use crate::api::problem::{ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::model::ApiKey;
use crate::state::owner::{self, Owner};
use crate::state::render;
use crate::state::seed::publishable_key;
use crate::state::shared::World;

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

/// What a new key is: the start of its text and its `keyType`.
struct KeyKind {
    prefix: &'static str,
    key_type: &'static str,
}

const LIVE: KeyKind = KeyKind {
    prefix: "sk_live_",
    key_type: "secret",
};
const TEST: KeyKind = KeyKind {
    prefix: "sk_test_",
    key_type: "secret",
};
const PLATFORM: KeyKind = KeyKind {
    prefix: "sk_platform_",
    key_type: "platform",
};

/// Stores a new key of `owner`, records it, and answers `ApiKeyResource & { key }` (201);
/// the full key is never shown again.
fn add_key(
    w: &mut World,
    caller: &PlatformCaller,
    owner: Owner<'_>,
    env_id: Option<&str>,
    name: String,
    kind: KeyKind,
    now: OffsetDateTime,
) -> Response {
    let key = format!("{}{}", kind.prefix, random::hex(&random::bytes(24)));
    let record = ApiKey {
        id: random::id("key"),
        tenant_id: caller.tenant_id.clone(),
        app_id: owner.app_id().map(str::to_owned),
        env_id: env_id.map(str::to_owned),
        name,
        key_prefix: key.chars().take(kind.prefix.len() + 4).collect(),
        key_type: kind.key_type.to_owned(),
        created_at: now,
    };
    let mut data = render::api_key(&record);
    body::set(&mut data, "key", json!(key));
    let id = record.id.clone();
    w.store.api_keys.push(record);
    audit_admin(
        w,
        caller,
        owner.app_id(),
        env_id,
        "api_key.created",
        "api_key",
        Some(&id),
        now,
    );
    created_data(data)
}

fn list(w: &World, owner: Owner<'_>, env: Option<&str>) -> Vec<Value> {
    owner::of(&w.store.api_keys, owner, env)
        .map(render::api_key)
        .collect()
}

/// Removes the owner's key `key_id` and records it.
fn revoke(
    w: &mut World,
    caller: &PlatformCaller,
    owner: Owner<'_>,
    key_id: &str,
    now: OffsetDateTime,
) -> ApiResult {
    owner::remove(&mut w.store.api_keys, owner, key_id, "API key")?;
    audit_admin(
        w,
        caller,
        owner.app_id(),
        None,
        "api_key.revoked",
        "api_key",
        Some(key_id),
        now,
    );
    Ok(success())
}

pub(crate) async fn list_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let env = app_list_env(&w, &headers, now, &app_id, &q)?;
    Ok(ok_data(list(&w, Owner::App(&app_id), env.as_deref())))
}

pub(crate) async fn create_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateAppKeyBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    let env = w.store.app_env(&app_id, &req.environment_id)?.clone();
    let kind = if env.name == "production" { LIVE } else { TEST };
    let owner = Owner::App(&app_id);
    Ok(add_key(
        &mut w,
        &caller,
        owner,
        Some(&env.id),
        req.name,
        kind,
        now,
    ))
}

pub(crate) async fn revoke_app(
    Call { st, headers, now }: Call,
    Path((app_id, key_id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    revoke(&mut w, &caller, Owner::App(&app_id), &key_id, now)
}

pub(crate) async fn rotate_publishable(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_admin(&w, &headers, now, &app_id)?;
    let req: RotateBody = body::parse(&body)?;
    w.store.app_env(&app_id, &req.environment_id)?;
    let env = w
        .store
        .environments
        .iter_mut()
        .find(|e| e.id == req.environment_id)
        .or_not_found("environment")?;
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

pub(crate) async fn list_platform(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    Ok(ok_data(list(&w, Owner::Platform(&caller.tenant_id), None)))
}

pub(crate) async fn create_platform(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    let req: CreatePlatformKeyBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    let owner = Owner::Platform(&caller.tenant_id);
    Ok(add_key(
        &mut w, &caller, owner, None, req.name, PLATFORM, now,
    ))
}

pub(crate) async fn revoke_platform(
    Call { st, headers, now }: Call,
    Path(key_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    let owner = Owner::Platform(&caller.tenant_id);
    revoke(&mut w, &caller, owner, &key_id, now)
}
