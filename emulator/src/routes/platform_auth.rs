//! Platform-user authentication: `/api/platform/auth/*`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Map, json};

use super::v1_auth::{
    LoginBody, MfaChallengeBody, RefreshBody, check_mfa_code, invalid_credentials,
};
use crate::api::auth::{platform_caller, user_agent};
use crate::api::body::{self, created, ok, ok_data};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult, OrNotFound};
use crate::api::tokens::{self, PendingPair};
use crate::crypto::password::PasswordHash;
use crate::crypto::random;
use crate::state::model::{Mfa, PlatformUser, Principal, Tenant};
use crate::state::render;
use crate::state::shared::{AppState, World};
use crate::state::store::AuditEvent;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterBody {
    email: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
    tenant_name: String,
    tenant_slug: String,
}

/// Opens a platform session and answers LoginResult with the platform user.
fn login_result(
    st: &AppState,
    w: &mut World,
    user_id: &str,
    ua: Option<String>,
    now: time::OffsetDateTime,
) -> ApiResult<PendingPair> {
    if let Some(u) = w.store.platform_user_mut(user_id) {
        u.last_login_at = Some(now);
    }
    let sid = tokens::start_session(
        w,
        &st.config,
        Principal::Platform {
            user_id: user_id.to_owned(),
        },
        ua.clone(),
        now,
    );
    let mut pair = tokens::issue_pair(w, &st.config, &sid, now)?;
    if let Some(u) = w.store.platform_user(user_id) {
        body::set(&mut pair.body, "user", render::platform_user(&w.store, u));
        let event = AuditEvent {
            tenant_id: u.tenant_id.clone(),
            admin: Some((u.id.clone(), u.email.clone())),
            action: "platform.login",
            resource: "platform_user",
            resource_id: Some(u.id.clone()),
            user_agent: ua,
            ..AuditEvent::default()
        };
        w.store.audit(event, now);
    }
    Ok(pair)
}

/// Adds a platform user to a tenant; 409 if the email is taken anywhere.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_platform_user(
    w: &mut World,
    tenant_id: &str,
    email: &str,
    password: &str,
    first_name: Option<String>,
    last_name: Option<String>,
    role: &str,
    now: time::OffsetDateTime,
) -> Result<String, ApiError> {
    let email = body::email(email)?;
    body::password(password)?;
    if w.store.platform_users.iter().any(|u| u.email == email) {
        return Err(ApiError::conflict(
            "a platform user with this email already exists",
        ));
    }
    let id = random::id("pusr");
    w.store.platform_users.push(PlatformUser {
        id: id.clone(),
        tenant_id: tenant_id.to_owned(),
        email,
        password: PasswordHash::new(password),
        first_name,
        last_name,
        roles: vec![role.to_owned()],
        is_active: true,
        mfa: Mfa::default(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
    });
    Ok(id)
}

pub(crate) async fn register(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let req: RegisterBody = body::parse(&body)?;
    body::non_empty("tenantName", &req.tenant_name)?;
    body::slug(&req.tenant_slug)?;
    let mut w = st.world();
    if w.store.tenants.iter().any(|t| t.slug == req.tenant_slug) {
        return Err(ApiError::conflict("a tenant with this slug already exists"));
    }
    let tenant_id = random::id("ten");
    let user_id = create_platform_user(
        &mut w,
        &tenant_id,
        &req.email,
        &req.password,
        req.first_name,
        req.last_name,
        "owner",
        now,
    )?;
    let tenant = Tenant {
        id: tenant_id,
        name: req.tenant_name,
        slug: req.tenant_slug,
        plan: "free".to_owned(),
        settings: Map::new(),
    };
    let tenant_json = json!({ "id": tenant.id, "name": tenant.name, "slug": tenant.slug });
    w.store.tenants.push(tenant);
    let mut pending = login_result(&st, &mut w, &user_id, user_agent(&headers), now)?;
    body::set(&mut pending.body, "tenant", tenant_json);
    drop(w);
    Ok(created(pending.finish(&st)))
}

pub(crate) async fn login(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let req: LoginBody = body::parse(&body)?;
    let mut w = st.world();
    let email = req.email.trim().to_ascii_lowercase();
    let user = w
        .store
        .platform_users
        .iter()
        .find(|u| u.email == email && u.password.matches(&req.password))
        .cloned()
        .ok_or_else(invalid_credentials)?;
    if !user.is_active {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ACCOUNT_DISABLED",
            "the account is disabled",
        ));
    }
    if user.mfa.enabled() {
        let token = tokens::mfa_ticket(&mut w, Principal::Platform { user_id: user.id }, now);
        return Ok(ok(json!({ "mfa_required": true, "mfa_token": token })));
    }
    let pending = login_result(&st, &mut w, &user.id, user_agent(&headers), now)?;
    drop(w);
    Ok(ok(pending.finish(&st)))
}

pub(crate) async fn refresh(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let req: RefreshBody = body::parse(&body)?;
    let now = st.now();
    let mut w = st.world();
    let pair = tokens::rotate_refresh(&mut w, &st.config, &req.refresh_token, now, |p| {
        matches!(p, Principal::Platform { .. })
    })?;
    drop(w);
    Ok(ok(pair.finish(&st)))
}

pub(crate) async fn logout(Call { st, headers, now }: Call) -> ApiResult {
    let mut w = st.world();
    let caller = platform_caller(&w, &headers, now)?;
    w.store.revoke_session(&caller.session_id, now);
    Ok(ok(json!({ "message": "Logged out successfully" })))
}

pub(crate) async fn mfa_challenge(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let req: MfaChallengeBody = body::parse(&body)?;
    let mut w = st.world();
    let Principal::Platform { user_id } = tokens::peek_mfa_ticket(&w, &req.mfa_token, now)? else {
        return Err(tokens::invalid_mfa_token());
    };
    let user_mfa = w.store.platform_user_mut(&user_id).map(|u| &mut u.mfa);
    check_mfa_code(user_mfa, &req.code, now)?;
    tokens::spend_mfa_ticket(&mut w, &req.mfa_token);
    let pending = login_result(&st, &mut w, &user_id, user_agent(&headers), now)?;
    drop(w);
    Ok(ok(pending.finish(&st)))
}

pub(crate) async fn me(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let caller = platform_caller(&w, &headers, now)?;
    let user = w
        .store
        .platform_user(&caller.user_id)
        .or_not_found("user")?;
    Ok(ok_data(render::platform_user(&w.store, user)))
}
