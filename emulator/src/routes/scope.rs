//! Checks shared by platform management routes: the caller's tenant owns the application.

use axum::http::HeaderMap;
use time::OffsetDateTime;

use crate::api::auth::{PlatformCaller, platform_caller};
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

/// An optional `environmentId` filter, checked to belong to `app_id` (else 404).
pub(crate) fn env_filter(
    w: &World,
    app_id: &str,
    env_id: Option<&str>,
) -> Result<Option<String>, ApiError> {
    match env_id.filter(|e| !e.is_empty()) {
        Some(e) => w.store.app_env(app_id, e).map(|env| Some(env.id.clone())),
        None => Ok(None),
    }
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
