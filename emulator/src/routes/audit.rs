//! Audit logs, newest first: an application's and the whole tenant's.

use axum::extract::{Path, Query};
use serde_json::Value;

use super::scope::app_list_page;
use crate::api::auth::platform_caller;
use crate::api::body::ok;
use crate::api::call::Call;
use crate::api::paging::{ListQuery, paginate};
use crate::api::problem::ApiResult;
use crate::state::model::AuditLog;
use crate::state::render;

fn action_matches(l: &AuditLog, q: &ListQuery) -> bool {
    q.action
        .as_deref()
        .filter(|a| !a.is_empty())
        .is_none_or(|a| l.action == a)
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
    Call { st, headers, now }: Call,
    Query(q): Query<ListQuery>,
) -> ApiResult {
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
