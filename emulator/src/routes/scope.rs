//! Checks shared by platform management routes: the caller's tenant owns the application.

use axum::http::HeaderMap;
use time::OffsetDateTime;

use crate::api::auth::{PlatformCaller, app_caller, platform_caller};
use crate::api::paging::{ListQuery, Page};
use crate::api::problem::ApiError;
use crate::state::shared::World;
use crate::state::store::AuditEvent;

/// A platform caller whose tenant owns `app_id` (else 404).
pub(crate) fn app_admin(
    w: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
    app_id: &str,
) -> Result<PlatformCaller, ApiError> {
    let caller = platform_caller(w, headers, now)?;
    w.store.tenant_app(&caller.tenant_id, app_id)?;
    Ok(caller)
}

/// The query's optional `environmentId` filter, checked to belong to `app_id` (else 404).
pub(crate) fn env_filter(
    w: &World,
    app_id: &str,
    q: &ListQuery,
) -> Result<Option<String>, ApiError> {
    match q.environment_id.as_deref().filter(|e| !e.is_empty()) {
        Some(e) => w.store.app_env(app_id, e).map(|env| Some(env.id.clone())),
        None => Ok(None),
    }
}

/// For a list of one application's records: the caller must administer `app_id`; answers
/// the query's [`env_filter`].
pub(crate) fn app_list_env(
    w: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
    app_id: &str,
    q: &ListQuery,
) -> Result<Option<String>, ApiError> {
    app_admin(w, headers, now, app_id)?;
    env_filter(w, app_id, q)
}

/// As [`app_list_env`] for a paginated list: the page, checked before the filter.
pub(crate) fn app_list_page(
    w: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
    app_id: &str,
    q: &ListQuery,
) -> Result<(Page, Option<String>), ApiError> {
    app_admin(w, headers, now, app_id)?;
    let page = q.page()?;
    Ok((page, env_filter(w, app_id, q)?))
}

/// Whether a record of environment `env_id` passes an environment filter.
pub(crate) fn in_env(filter: Option<&str>, env_id: &str) -> bool {
    filter.is_none_or(|f| f == env_id)
}

/// Records an administrator's action.
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit_admin(
    w: &mut World,
    caller: &PlatformCaller,
    app_id: Option<&str>,
    env_id: Option<&str>,
    action: &'static str,
    resource: &'static str,
    resource_id: Option<&str>,
    now: OffsetDateTime,
) {
    let event = AuditEvent {
        tenant_id: caller.tenant_id.clone(),
        app_id: app_id.map(str::to_owned),
        env_id: env_id.map(str::to_owned),
        admin: Some((caller.user_id.clone(), caller.email.clone())),
        action,
        resource,
        resource_id: resource_id.map(str::to_owned),
        ..AuditEvent::default()
    };
    w.store.audit(event, now);
}

/// Whose records a route that serves both v1 callers and the platform works on.
pub(crate) struct AppScope {
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    /// The v1 caller's environment; `None` for the platform (every environment).
    pub(crate) env: Option<String>,
}

impl AppScope {
    pub(crate) fn env(&self) -> Option<&str> {
        self.env.as_deref()
    }
}

/// Without `app_id` (a v1 path) the v1 caller's environment; with it (a platform path) the
/// application, which the platform caller must administer.
pub(crate) fn app_scope(
    w: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
    app_id: Option<&str>,
) -> Result<AppScope, ApiError> {
    match app_id {
        None => {
            let c = app_caller(w, headers, now)?;
            Ok(AppScope {
                tenant_id: c.ctx.tenant_id,
                app_id: c.ctx.app_id,
                env: Some(c.ctx.env_id),
            })
        }
        Some(app_id) => {
            let c = app_admin(w, headers, now, app_id)?;
            Ok(AppScope {
                tenant_id: c.tenant_id,
                app_id: app_id.to_owned(),
                env: None,
            })
        }
    }
}
