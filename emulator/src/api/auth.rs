//! Who is calling: the publishable key's environment and the bearer token's user.

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::problem::ApiError;
use crate::crypto::keys::TokenProblem;
use crate::crypto::password::token_digest;
use crate::state::shared::World;
use crate::state::store::Store;

/// The environment named by `X-Publishable-Key`.
#[derive(Debug, Clone)]
pub(crate) struct EnvCtx {
    pub(crate) env_id: String,
    pub(crate) app_id: String,
    pub(crate) tenant_id: String,
}

/// An app user calling `/api/v1/` with a bearer token.
#[derive(Debug, Clone)]
pub(crate) struct AppCaller {
    pub(crate) ctx: EnvCtx,
    pub(crate) user_id: String,
    pub(crate) session_id: String,
}

/// A platform user calling `/api/platform/` with a bearer token.
#[derive(Debug, Clone)]
pub(crate) struct PlatformCaller {
    pub(crate) tenant_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) session_id: String,
}

/// The `User-Agent` header, if any.
pub(crate) fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Resolves `X-Publishable-Key`: missing or unknown is a 401.
pub(crate) fn env_ctx(store: &Store, headers: &HeaderMap) -> Result<EnvCtx, ApiError> {
    let key = headers
        .get("x-publishable-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "MISSING_PUBLISHABLE_KEY",
                "the X-Publishable-Key header is required",
            )
        })?;
    let env = store.env_by_key(key).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_PUBLISHABLE_KEY",
            "the publishable key is not valid",
        )
    })?;
    let app_active = store
        .applications
        .iter()
        .any(|a| a.id == env.app_id && a.is_active);
    if !env.is_active || !app_active {
        return Err(ApiError::forbidden(
            "the application or environment is disabled",
        ));
    }
    Ok(EnvCtx {
        env_id: env.id.clone(),
        app_id: env.app_id.clone(),
        tenant_id: env.tenant_id.clone(),
    })
}

/// The bearer token, or a 401.
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized("a bearer token is required"))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("a bearer token is required"))?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(ApiError::unauthorized("a bearer token is required"));
    }
    Ok(token)
}

/// Checks signature and expiry; returns the claims and the live session id.
fn checked_claims(
    world: &World,
    token: &str,
    now: OffsetDateTime,
) -> Result<(Map<String, Value>, String), ApiError> {
    let claims = world
        .keys
        .check(token, now.unix_timestamp())
        .map_err(|p| match p {
            TokenProblem::Expired => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "TOKEN_EXPIRED",
                "the access token has expired",
            ),
            TokenProblem::Invalid => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "INVALID_TOKEN",
                "the access token is not valid",
            ),
        })?;
    let session_id = world
        .store
        .access_tokens
        .get(&token_digest(token))
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "INVALID_TOKEN",
                "the access token is not known",
            )
        })?;
    Ok((claims, session_id))
}

fn claim<'a>(claims: &'a Map<String, Value>, name: &str) -> &'a str {
    claims.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn session_revoked() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "SESSION_REVOKED",
        "the session has ended",
    )
}

/// An app user's bearer token valid for the publishable key's environment.
pub(crate) fn app_caller(
    world: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
) -> Result<AppCaller, ApiError> {
    let ctx = env_ctx(&world.store, headers)?;
    let (claims, session_id) = checked_claims(world, bearer(headers)?, now)?;
    if claim(&claims, "type") != "app_user" {
        return Err(ApiError::forbidden("this route needs an app user token"));
    }
    if claim(&claims, "env_id") != ctx.env_id {
        return Err(ApiError::unauthorized(
            "the token belongs to another environment",
        ));
    }
    let live = world
        .store
        .session(&session_id)
        .is_some_and(|s| s.is_live(now));
    let user_id = claim(&claims, "sub").to_owned();
    let active = world.store.app_user(&user_id).is_some_and(|u| u.is_active);
    if !live || !active {
        return Err(session_revoked());
    }
    Ok(AppCaller {
        ctx,
        user_id,
        session_id,
    })
}

/// A platform user's bearer token.
pub(crate) fn platform_caller(
    world: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
) -> Result<PlatformCaller, ApiError> {
    let (claims, session_id) = checked_claims(world, bearer(headers)?, now)?;
    if claim(&claims, "type") != "platform" {
        return Err(ApiError::forbidden("this route needs a platform token"));
    }
    let live = world
        .store
        .session(&session_id)
        .is_some_and(|s| s.is_live(now));
    let user = world
        .store
        .platform_user(claim(&claims, "sub"))
        .filter(|u| u.is_active);
    match (live, user) {
        (true, Some(u)) => Ok(PlatformCaller {
            tenant_id: u.tenant_id.clone(),
            user_id: u.id.clone(),
            email: u.email.clone(),
            session_id,
        }),
        _ => Err(session_revoked()),
    }
}
