//! Users of the caller's environment: `/api/v1/users`, and lookup by external id.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde::Deserialize;
use serde_json::Value;

use super::app_users::{RoleIdsBody, apply_user_patch, assign_roles};
use super::v1_auth::create_app_user;
use crate::api::auth::{AppCaller, app_caller};
use crate::api::body::{self, created_data, ok, ok_data};
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
}

fn env_user<'w>(w: &'w World, c: &AppCaller, user_id: &str) -> Result<&'w AppUser, ApiError> {
    w.store
        .app_user(user_id)
        .filter(|u| u.env_id == c.ctx.env_id)
        .or_not_found("user")
}

fn matches_search(u: &AppUser, search: Option<&str>) -> bool {
    let Some(s) = search
        .map(str::to_ascii_lowercase)
        .filter(|s| !s.is_empty())
    else {
        return true;
    };
    [Some(&u.email), u.first_name.as_ref(), u.last_name.as_ref()]
        .into_iter()
        .flatten()
        .any(|f| f.to_ascii_lowercase().contains(&s))
}

pub(crate) async fn list(Call { st, headers, now }: Call, Query(q): Query<ListQuery>) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let page = q.page()?;
    let items: Vec<Value> = w
        .store
        .app_users
        .iter()
        .filter(|u| u.env_id == c.ctx.env_id && matches_search(u, q.search.as_deref()))
        .map(|u| render::user(&w.store, u))
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn create(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: CreateBody = body::parse(&body)?;
    let id = create_app_user(
        &mut w,
        &c.ctx.tenant_id,
        &c.ctx.app_id,
        &c.ctx.env_id,
        &req.email,
        Some(&req.password),
        req.first_name,
        req.last_name,
        now,
    )?;
    let user = env_user(&w, &c, &id)?;
    Ok(created_data(render::user(&w.store, user)))
}

pub(crate) async fn get(Call { st, headers, now }: Call, Path(user_id): Path<String>) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let user = env_user(&w, &c, &user_id)?;
    Ok(ok_data(render::user(&w.store, user)))
}

pub(crate) async fn by_external_id(
    Call { st, headers, now }: Call,
    Path(external_id): Path<String>,
) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let user = w
        .store
        .app_users
        .iter()
        .find(|u| {
            u.env_id == c.ctx.env_id && u.external_id.as_deref() == Some(external_id.as_str())
        })
        .or_not_found("user")?;
    Ok(ok_data(render::user(&w.store, user)))
}

pub(crate) async fn update(
    Call { st, headers, now }: Call,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    env_user(&w, &c, &user_id)?;
    apply_user_patch(&mut w, &user_id, &body, now)?;
    let user = env_user(&w, &c, &user_id)?;
    Ok(ok_data(render::user(&w.store, user)))
}

pub(crate) async fn set_roles(
    Call { st, headers, now }: Call,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: RoleIdsBody = body::parse(&body)?;
    env_user(&w, &c, &user_id)?;
    let mut data = assign_roles(&mut w, &user_id, &req.role_ids, now)?;
    // The v1 answer lists roles as {id, name}.
    if let Some(roles) = data.get_mut("roles").and_then(Value::as_array_mut) {
        for r in roles.iter_mut() {
            if let Some(o) = r.as_object_mut() {
                o.remove("description");
            }
        }
    }
    Ok(ok_data(data))
}
