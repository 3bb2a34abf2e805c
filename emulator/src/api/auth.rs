//! Who is calling: the publishable key's environment and the bearer token's user.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use time::OffsetDateTime;

use super::problem::ApiError;
use crate::crypto::keys::{KeyCheck, TokenProblem};
use crate::state::access::{IssuedAccess, TokenOwner};
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

/// The token of an `Authorization: Bearer <token>` value.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The bearer token, or a 401.
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .ok_or_else(|| ApiError::unauthorized("a bearer token is required"))
}

fn invalid_token(detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "INVALID_TOKEN", detail)
}

fn token_expired() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "TOKEN_EXPIRED",
        "the access token has expired",
    )
}

/// Finds a bearer token among the tokens the emulator issued and checks its key and
/// expiry: a map lookup, no signature check.
///
/// A token the emulator does not know is refused with an error marked
/// [`ApiError::unknown_token`]; the server replaces it with [`unknown_token_error`] once
/// the state lock is released.
fn issued_token<'w>(
    world: &'w World,
    token: &str,
    now: OffsetDateTime,
) -> Result<&'w IssuedAccess, ApiError> {
    let Some(issued) = world.store.access_tokens.get(token) else {
        return Err(ApiError {
            unknown_token: true,
            ..invalid_token("the access token is not valid")
        });
    };
    // Same order as a full check: a retired key first, then `exp` (no leeway).
    if !world.keys.has_kid(&issued.kid) {
        return Err(invalid_token("the access token is not valid"));
    }
    if now.unix_timestamp() >= issued.exp {
        return Err(token_expired());
    }
    Ok(issued)
}

/// The answer to a bearer token the emulator does not remember issuing, from its
/// signature: a bad or unknown-key signature is `INVALID_TOKEN`, a good one past `exp`
/// is `TOKEN_EXPIRED`, and a good live one (issued before a reset) `INVALID_TOKEN`.
///
/// Costs a signature check: call it without holding the state lock.
pub(crate) fn unknown_token_error(
    keys: &KeyCheck,
    authorization: Option<&HeaderValue>,
    now: OffsetDateTime,
) -> ApiError {
    let token = authorization
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    let Some(token) = token else {
        return invalid_token("the access token is not valid");
    };
    match keys.check(token, now.unix_timestamp()) {
        Ok(_) => invalid_token("the access token is not known"),
        Err(TokenProblem::Expired) => token_expired(),
        Err(TokenProblem::Invalid) => invalid_token("the access token is not valid"),
    }
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
    let issued = issued_token(world, bearer(headers)?, now)?;
    let TokenOwner::App { user_id, env_id } = &issued.owner else {
        return Err(ApiError::forbidden("this route needs an app user token"));
    };
    if *env_id != ctx.env_id {
        return Err(ApiError::unauthorized(
            "the token belongs to another environment",
        ));
    }
    let live = world
        .store
        .session(&issued.session_id)
        .is_some_and(|s| s.is_live(now));
    let active = world.store.app_user(user_id).is_some_and(|u| u.is_active);
    if !live || !active {
        return Err(session_revoked());
    }
    Ok(AppCaller {
        ctx,
        user_id: user_id.clone(),
        session_id: issued.session_id.clone(),
    })
}

/// A platform user's bearer token.
pub(crate) fn platform_caller(
    world: &World,
    headers: &HeaderMap,
    now: OffsetDateTime,
) -> Result<PlatformCaller, ApiError> {
    let issued = issued_token(world, bearer(headers)?, now)?;
    let TokenOwner::Platform { user_id } = &issued.owner else {
        return Err(ApiError::forbidden("this route needs a platform token"));
    };
    let live = world
        .store
        .session(&issued.session_id)
        .is_some_and(|s| s.is_live(now));
    let user = world.store.platform_user(user_id).filter(|u| u.is_active);
    match (live, user) {
        (true, Some(u)) => Ok(PlatformCaller {
            tenant_id: u.tenant_id.clone(),
            user_id: u.id.clone(),
            email: u.email.clone(),
            session_id: issued.session_id.clone(),
        }),
        _ => Err(session_revoked()),
    }
}
