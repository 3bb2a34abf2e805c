//! Sessions: the platform's view of an application's, and a user's own (`/api/v1/sessions`).

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::scope::{app_admin, app_list_page, in_env};
use crate::api::auth::app_caller;
use crate::api::body::{self, ok, ok_data};
use crate::api::call::Call;
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::{ApiError, ApiResult};
use crate::state::model::{Principal, Session};
use crate::state::render;
use crate::state::shared::World;

fn app_user_session<'s>(s: &'s Session, w: &'s World, app_id: &str) -> Option<&'s str> {
    match &s.principal {
        Principal::App { env_id, .. } => w
            .store
            .env(env_id)
            .filter(|e| e.app_id == app_id)
            .map(|e| e.id.as_str()),
        Principal::Platform { .. } => None,
    }
}

pub(crate) async fn list_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let (page, env) = app_list_page(&w, &headers, now, &app_id, &q)?;
    let items: Vec<Value> = w
        .store
        .sessions
        .iter()
        .filter(|s| s.is_live(now))
        .filter(|s| app_user_session(s, &w, &app_id).is_some_and(|e| in_env(env.as_deref(), e)))
        .map(|s| render::app_session(&w.store, s))
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn revoke_app(
    Call { st, headers, now }: Call,
    Path((app_id, session_id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let found = w
        .store
        .session(&session_id)
        .is_some_and(|s| app_user_session(s, &w, &app_id).is_some());
    if !found {
        return Err(ApiError::not_found("session"));
    }
    w.store.revoke_session(&session_id, now);
    Ok(ok(json!({ "message": "Session revoked" })))
}

fn owned_by(s: &Session, user_id: &str) -> bool {
    matches!(&s.principal, Principal::App { user_id: u, .. } if u == user_id)
}

pub(crate) async fn list_own(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = app_caller(&w, &headers, now)?;
    let data: Vec<Value> = w
        .store
        .sessions
        .iter()
        .filter(|s| s.is_live(now) && owned_by(s, &c.user_id))
        .map(|s| render::app_session(&w.store, s))
        .collect();
    Ok(ok_data(data))
}

pub(crate) async fn revoke_own(
    Call { st, headers, now }: Call,
    Path(session_id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let mine = w
        .store
        .session(&session_id)
        .is_some_and(|s| owned_by(s, &c.user_id));
    if !mine {
        return Err(ApiError::not_found("session"));
    }
    w.store.revoke_session(&session_id, now);
    Ok(ok(json!({ "message": "Session revoked" })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeAllBody {
    password: String,
    keep_current: Option<bool>,
}

pub(crate) async fn revoke_all_own(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let c = app_caller(&w, &headers, now)?;
    let req: RevokeAllBody = body::parse(&body)?;
    let password_ok = w
        .store
        .app_user(&c.user_id)
        .and_then(|u| u.password.as_ref())
        .is_some_and(|p| p.matches(&req.password));
    if !password_ok {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_CREDENTIALS",
            "the password is not correct",
        ));
    }
    let keep = req
        .keep_current
        .unwrap_or(false)
        .then(|| c.session_id.clone());
    let n = w.store.revoke_sessions(now, |s| {
        owned_by(s, &c.user_id) && keep.as_ref() != Some(&s.id)
    });
    Ok(ok(
        json!({ "message": "Sessions revoked", "revokedCount": n }),
    ))
}
