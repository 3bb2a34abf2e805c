//! App-user MFA management: `/api/v1/auth/mfa/*`.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;

use crate::api::auth::app_caller;
use crate::api::body::{self, ok, ok_data};
use crate::api::call::Call;
use crate::api::mfa;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::crypto::random;
use crate::state::model::AppUser;
use crate::state::shared::World;

#[derive(Deserialize)]
struct CodeBody {
    code: String,
}

fn bad_code() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "INVALID_MFA_CODE",
        "the code is not valid",
    )
}

fn not_enabled() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "MFA_NOT_ENABLED",
        "MFA is not enabled",
    )
}

/// The calling user, mutable, after the bearer and publishable-key checks.
fn caller_user<'w>(
    w: &'w mut World,
    headers: &HeaderMap,
    now: time::OffsetDateTime,
) -> Result<&'w mut AppUser, ApiError> {
    let caller = app_caller(w, headers, now)?;
    w.store.app_user_mut(&caller.user_id).or_not_found("user")
}

pub(crate) async fn enable(Call { st, headers, now }: Call) -> ApiResult {
    let mut w = st.world();
    let caller = app_caller(&w, &headers, now)?;
    let issuer = w
        .store
        .applications
        .iter()
        .find(|a| a.id == caller.ctx.app_id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "InAI Auth".to_owned());
    let user = w.store.app_user_mut(&caller.user_id).or_not_found("user")?;
    if user.mfa.enabled() {
        return Err(ApiError::conflict("MFA is already enabled"));
    }
    let secret = random::bytes(20);
    let data = mfa::setup_json(&secret, &issuer, &user.email);
    user.mfa.pending = Some(secret);
    Ok(ok_data(data))
}

pub(crate) async fn verify_setup(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let user = caller_user(&mut w, &headers, now)?;
    let req: CodeBody = body::parse(&body)?;
    let pending = user.mfa.pending.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "MFA_SETUP_NOT_STARTED",
            "call enable first",
        )
    })?;
    if !mfa::code_matches(&pending, &req.code, now.unix_timestamp()) {
        return Err(bad_code());
    }
    let codes = mfa::new_backup_codes();
    user.mfa.secret = Some(pending);
    user.mfa.pending = None;
    user.mfa.backup_codes = codes.clone();
    user.updated_at = now;
    Ok(ok_data(mfa::backup_codes_json(&codes)))
}

pub(crate) async fn disable(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let user = caller_user(&mut w, &headers, now)?;
    let req: CodeBody = body::parse(&body)?;
    if !user.mfa.enabled() {
        return Err(not_enabled());
    }
    if !mfa::accept_code(&mut user.mfa, &req.code, now.unix_timestamp()) {
        return Err(bad_code());
    }
    user.mfa = Default::default();
    user.updated_at = now;
    Ok(ok(json!({ "message": "MFA disabled" })))
}

pub(crate) async fn backup_codes(Call { st, headers, now }: Call) -> ApiResult {
    let mut w = st.world();
    let user = caller_user(&mut w, &headers, now)?;
    if !user.mfa.enabled() {
        return Err(not_enabled());
    }
    let codes = mfa::new_backup_codes();
    user.mfa.backup_codes = codes.clone();
    Ok(ok_data(mfa::backup_codes_json(&codes)))
}

pub(crate) async fn verify_backup_code(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let user = caller_user(&mut w, &headers, now)?;
    let req: CodeBody = body::parse(&body)?;
    if !user.mfa.enabled() {
        return Err(not_enabled());
    }
    if !mfa::spend_backup_code(&mut user.mfa, &req.code) {
        return Err(bad_code());
    }
    Ok(ok(json!({ "message": "Backup code verified" })))
}

pub(crate) async fn remaining(Call { st, headers, now }: Call) -> ApiResult {
    let mut w = st.world();
    let user = caller_user(&mut w, &headers, now)?;
    Ok(ok_data(json!({ "remaining": user.mfa.backup_codes.len() })))
}
