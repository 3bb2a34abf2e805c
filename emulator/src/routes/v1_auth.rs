//! App-user authentication: `/api/v1/auth/*` (login, register, tokens, passwords, email).

use axum::body::Bytes;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use crate::api::auth::{app_caller, env_ctx, user_agent};
use crate::api::body::{self, created, ok, ok_data};
use crate::api::call::Call;
use crate::api::mfa;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::api::tokens::{self, PendingPair};
use crate::crypto::password::{PasswordHash, token_digest};
use crate::crypto::random;
use crate::state::model::{AppUser, EmailToken, EmailTokenKind, Mfa, Principal};
use crate::state::render;
use crate::state::shared::{AppState, World};
use crate::state::store::AuditEvent;

/// LoginParams.
#[derive(Deserialize)]
pub(crate) struct LoginBody {
    pub(crate) email: String,
    pub(crate) password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterBody {
    email: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

/// MFAChallengeParams.
#[derive(Deserialize)]
pub(crate) struct MfaChallengeBody {
    pub(crate) mfa_token: String,
    pub(crate) code: String,
}

/// `{ refresh_token }`.
#[derive(Deserialize)]
pub(crate) struct RefreshBody {
    pub(crate) refresh_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetOrgBody {
    organization_id: Option<String>,
}

#[derive(Deserialize)]
struct EmailBody {
    email: String,
}

#[derive(Deserialize)]
struct ResetBody {
    token: String,
    password: String,
}

#[derive(Deserialize)]
struct TokenBody {
    token: String,
}

/// How long email tokens stay usable.
const VERIFY_TTL: time::Duration = time::Duration::hours(24);
const RESET_TTL: time::Duration = time::Duration::hours(1);

pub(crate) fn invalid_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
        "invalid email or password",
    )
}

pub(crate) fn invalid_mfa_code() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "INVALID_MFA_CODE",
        "the code is not valid",
    )
}

/// The code of a login's MFA step must pass the user's MFA (a missing user is a 404).
pub(crate) fn check_mfa_code(
    user_mfa: Option<&mut Mfa>,
    code: &str,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let mfa = user_mfa.or_not_found("user")?;
    if mfa::accept_code(mfa, code, now.unix_timestamp()) {
        Ok(())
    } else {
        Err(invalid_mfa_code())
    }
}

/// Sends a new single-use email token for `user`.
pub(crate) fn send_email_token(
    world: &mut World,
    user_id: &str,
    email: &str,
    kind: EmailTokenKind,
    now: OffsetDateTime,
) {
    let token = random::secret("");
    let (ttl, label) = match kind {
        EmailTokenKind::VerifyEmail => (VERIFY_TTL, "verify_email"),
        EmailTokenKind::ResetPassword => (RESET_TTL, "reset_password"),
    };
    world.store.email_tokens.insert(
        token_digest(&token),
        EmailToken {
            kind,
            user_id: user_id.to_owned(),
            expires_at: now.saturating_add(ttl),
        },
    );
    world.store.send_email(email, label, &token, now);
}

/// Creates an app user; 409 if the email is taken in the environment.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_app_user(
    world: &mut World,
    tenant_id: &str,
    app_id: &str,
    env_id: &str,
    email: &str,
    password: Option<&str>,
    first_name: Option<String>,
    last_name: Option<String>,
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    let email = body::email(email)?;
    if let Some(p) = password {
        body::password(p)?;
    }
    if world
        .store
        .app_users
        .iter()
        .any(|u| u.env_id == env_id && u.email == email)
    {
        return Err(ApiError::conflict("a user with this email already exists"));
    }
    let id = random::id("usr");
    world.store.app_users.push(AppUser {
        id: id.clone(),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.to_owned(),
        env_id: env_id.to_owned(),
        email,
        password: password.map(PasswordHash::new),
        first_name,
        last_name,
        is_active: true,
        email_verified: false,
        mfa: Mfa::default(),
        external_id: None,
        role_ids: Vec::new(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
    });
    Ok(id)
}

/// Opens a session for an app user and answers LoginResult with the user.
fn login_result(
    st: &AppState,
    world: &mut World,
    user_id: &str,
    ua: Option<String>,
    now: OffsetDateTime,
) -> ApiResult<PendingPair> {
    let env_id = world
        .store
        .app_user(user_id)
        .map(|u| u.env_id.clone())
        .or_not_found("user")?;
    if let Some(u) = world.store.app_user_mut(user_id) {
        u.last_login_at = Some(now);
    }
    let sid = tokens::start_session(
        world,
        &st.config,
        Principal::App {
            user_id: user_id.to_owned(),
            env_id,
        },
        ua,
        now,
    );
    let mut pair = tokens::issue_pair(world, &st.config, &sid, now)?;
    if let Some(u) = world.store.app_user(user_id) {
        body::set(&mut pair.body, "user", render::user(&world.store, u));
    }
    Ok(pair)
}

fn audit_user(
    world: &mut World,
    user_id: &str,
    action: &'static str,
    ua: Option<String>,
    now: OffsetDateTime,
) {
    let Some(u) = world.store.app_user(user_id) else {
        return;
    };
    let event = AuditEvent {
        tenant_id: u.tenant_id.clone(),
        app_id: Some(u.app_id.clone()),
        env_id: Some(u.env_id.clone()),
        user: Some((u.id.clone(), u.email.clone())),
        action,
        resource: "user",
        resource_id: Some(u.id.clone()),
        user_agent: ua,
        ..AuditEvent::default()
    };
    world.store.audit(event, now);
}

pub(crate) async fn login(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: LoginBody = body::parse(&body)?;
    let email = req.email.trim().to_ascii_lowercase();
    let user = w
        .store
        .app_users
        .iter()
        .find(|u| u.env_id == ctx.env_id && u.email == email)
        .filter(|u| {
            u.password
                .as_ref()
                .is_some_and(|p| p.matches(&req.password))
        })
        .cloned()
        .ok_or_else(invalid_credentials)?;
    if !user.is_active {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ACCOUNT_DISABLED",
            "the account is disabled",
        ));
    }
    let ua = user_agent(&headers);
    if user.mfa.enabled() {
        let token = tokens::mfa_ticket(
            &mut w,
            Principal::App {
                user_id: user.id.clone(),
                env_id: ctx.env_id,
            },
            now,
        );
        return Ok(ok(json!({ "mfa_required": true, "mfa_token": token })));
    }
    let pending = login_result(&st, &mut w, &user.id, ua.clone(), now)?;
    audit_user(&mut w, &user.id, "user.login", ua, now);
    drop(w);
    Ok(ok(pending.finish(&st)))
}

pub(crate) async fn register(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: RegisterBody = body::parse(&body)?;
    let id = create_app_user(
        &mut w,
        &ctx.tenant_id,
        &ctx.app_id,
        &ctx.env_id,
        &req.email,
        Some(&req.password),
        req.first_name,
        req.last_name,
        now,
    )?;
    let email = w
        .store
        .app_user(&id)
        .map(|u| u.email.clone())
        .unwrap_or_default();
    send_email_token(&mut w, &id, &email, EmailTokenKind::VerifyEmail, now);
    let ua = user_agent(&headers);
    let pending = login_result(&st, &mut w, &id, ua.clone(), now)?;
    audit_user(&mut w, &id, "user.register", ua, now);
    drop(w);
    Ok(created(pending.finish(&st)))
}

pub(crate) async fn mfa_challenge(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: MfaChallengeBody = body::parse(&body)?;
    let principal = tokens::peek_mfa_ticket(&w, &req.mfa_token, now)?;
    let Principal::App { user_id, env_id } = principal else {
        return Err(tokens::invalid_mfa_token());
    };
    if env_id != ctx.env_id {
        return Err(ApiError::unauthorized(
            "the mfa_token belongs to another environment",
        ));
    }
    let user_mfa = w.store.app_user_mut(&user_id).map(|u| &mut u.mfa);
    check_mfa_code(user_mfa, &req.code, now)?;
    tokens::spend_mfa_ticket(&mut w, &req.mfa_token);
    let ua = user_agent(&headers);
    let pending = login_result(&st, &mut w, &user_id, ua.clone(), now)?;
    audit_user(&mut w, &user_id, "user.login", ua, now);
    drop(w);
    Ok(ok(pending.finish(&st)))
}

pub(crate) async fn refresh(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: RefreshBody = body::parse(&body)?;
    let pair = tokens::rotate_refresh(
        &mut w,
        &st.config,
        &req.refresh_token,
        now,
        |p| matches!(p, Principal::App { env_id, .. } if *env_id == ctx.env_id),
    )?;
    drop(w);
    Ok(ok(pair.finish(&st)))
}

pub(crate) async fn logout(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: RefreshBody = body::parse(&body)?;
    tokens::revoke_by_refresh(
        &mut w,
        &req.refresh_token,
        now,
        |p| matches!(p, Principal::App { env_id, .. } if *env_id == ctx.env_id),
    )?;
    Ok(ok(json!({ "message": "Logged out successfully" })))
}

pub(crate) async fn me(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let caller = app_caller(&w, &headers, now)?;
    let user = w.store.app_user(&caller.user_id).or_not_found("user")?;
    Ok(ok_data(render::user(&w.store, user)))
}

pub(crate) async fn set_active_organization(
    Call { st, headers, now }: Call,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let caller = app_caller(&w, &headers, now)?;
    let req: SetOrgBody = body::parse(&body)?;
    if let Some(org_id) = &req.organization_id {
        let org = w
            .store
            .organizations
            .iter()
            .find(|o| &o.id == org_id && o.env_id == caller.ctx.env_id)
            .or_not_found("organization")?;
        if !org.members.iter().any(|m| m.user_id == caller.user_id) {
            return Err(ApiError::forbidden(
                "you are not a member of this organization",
            ));
        }
    }
    if let Some(s) = w.store.sessions.get_mut(&caller.session_id) {
        s.active_org = req.organization_id;
    }
    let pair = tokens::issue_pair(&mut w, &st.config, &caller.session_id, now)?;
    drop(w);
    Ok(ok(pair.finish(&st)))
}

pub(crate) async fn forgot_password(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: EmailBody = body::parse(&body)?;
    let email = body::email(&req.email)?;
    let user = w
        .store
        .app_users
        .iter()
        .find(|u| u.env_id == ctx.env_id && u.email == email)
        .map(|u| u.id.clone());
    if let Some(id) = user {
        send_email_token(&mut w, &id, &email, EmailTokenKind::ResetPassword, now);
    }
    Ok(ok(
        json!({ "message": "If an account exists for this email, a reset link has been sent" }),
    ))
}

/// Spends an email token of `kind` for a user of `env_id`; returns the user id.
fn spend_email_token(
    w: &mut World,
    token: &str,
    kind: EmailTokenKind,
    env_id: &str,
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    let digest = token_digest(token);
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_TOKEN",
            "the token is not valid or has expired",
        )
    };
    let entry = w.store.email_tokens.get(&digest).cloned().ok_or_else(bad)?;
    let in_env = w
        .store
        .app_user(&entry.user_id)
        .is_some_and(|u| u.env_id == env_id);
    if entry.kind != kind || !in_env || now >= entry.expires_at {
        return Err(bad());
    }
    w.store.email_tokens.remove(&digest);
    Ok(entry.user_id)
}

pub(crate) async fn reset_password(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: ResetBody = body::parse(&body)?;
    body::password(&req.password)?;
    let user_id = spend_email_token(
        &mut w,
        &req.token,
        EmailTokenKind::ResetPassword,
        &ctx.env_id,
        now,
    )?;
    if let Some(u) = w.store.app_user_mut(&user_id) {
        u.password = Some(PasswordHash::new(&req.password));
        u.updated_at = now;
    }
    w.store.revoke_app_user_sessions(&user_id, now);
    audit_user(
        &mut w,
        &user_id,
        "user.password_reset",
        user_agent(&headers),
        now,
    );
    Ok(ok(json!({ "message": "Password has been reset" })))
}

pub(crate) async fn verify_email(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: TokenBody = body::parse(&body)?;
    let user_id = spend_email_token(
        &mut w,
        &req.token,
        EmailTokenKind::VerifyEmail,
        &ctx.env_id,
        now,
    )?;
    if let Some(u) = w.store.app_user_mut(&user_id) {
        u.email_verified = true;
        u.updated_at = now;
    }
    audit_user(
        &mut w,
        &user_id,
        "user.email_verified",
        user_agent(&headers),
        now,
    );
    Ok(ok(json!({ "message": "Email verified" })))
}
