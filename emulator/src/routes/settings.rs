//! Tenant settings: `PATCH /api/platform/settings` merges keys (`null` removes one).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::api::auth::platform_caller;
use crate::api::body::{self, ok};
use crate::api::problem::{ApiError, ApiResult};
use crate::state::shared::AppState;

pub(crate) async fn update(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = st.now();
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let changes = body::object(&body)?;
    let tenant = w
        .store
        .tenants
        .iter_mut()
        .find(|t| t.id == c.tenant_id)
        .ok_or_else(|| ApiError::not_found("tenant"))?;
    for (k, v) in changes {
        if v.is_null() {
            tenant.settings.remove(&k);
        } else {
            tenant.settings.insert(k, v);
        }
    }
    Ok(ok(
        json!({ "data": Value::Object(tenant.settings.clone()) }),
    ))
}
