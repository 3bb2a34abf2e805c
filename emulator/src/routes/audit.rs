//! Audit logs, newest first: an application's and the whole tenant's.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::Value;

use super::scope::{app_admin, env_filter};
use crate::api::auth::platform_caller;
use crate::api::body::ok;
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::ApiResult;
use crate::state::model::AuditLog;
use crate::state::render;
use crate::state::shared::AppState;

fn action_matches(l: &AuditLog, q: &ListQuery) -> bool {
    q.action
        .as_deref()
        .filter(|a| !a.is_empty())
        .is_none_or(|a| l.action == a)
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
    let page = q.page()?;
    let env = env_filter(&w, &app_id, q.environment_id.as_deref())?;
    let items: Vec<Value> = w
        .store
        .audit_logs
        .iter()
        .rev()
        .filter(|l| l.app_id.as_deref() == Some(app_id.as_str()))
        .filter(|l| env.is_none() || l.env_id == env)
        .filter(|l| action_matches(l, &q))
        .map(render::audit_log)
        .collect();
    Ok(ok(paginate(items, page)))
}

pub(crate) async fn list_platform(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let now = st.now();
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    let page = q.page()?;
    let items: Vec<Value> = w
        .store
        .audit_logs
        .iter()
        .rev()
        .filter(|l| l.tenant_id == caller.tenant_id && action_matches(l, &q))
        .map(render::audit_log)
        .collect();
    Ok(ok(paginate(items, page)))
}
