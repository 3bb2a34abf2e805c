//! Tenant settings: `PATCH /api/platform/settings` merges keys (`null` removes one).

use axum::body::Bytes;
use serde_json::Value;

use crate::api::auth::platform_caller;
use crate::api::body::{self, ok_data};
use crate::api::call::Call;
use crate::api::problem::{ApiResult, OrNotFound};

pub(crate) async fn update(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let changes = body::object(&body)?;
    let tenant = w
        .store
        .tenants
        .iter_mut()
        .find(|t| t.id == c.tenant_id)
        .or_not_found("tenant")?;
    for (k, v) in changes {
        if v.is_null() {
            tenant.settings.remove(&k);
        } else {
            tenant.settings.insert(k, v);
        }
    }
    Ok(ok_data(Value::Object(tenant.settings.clone())))
}
