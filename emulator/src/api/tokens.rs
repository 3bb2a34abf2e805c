//! Minting token pairs, rotating refresh tokens, MFA tickets.

use axum::http::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::body;
use super::problem::ApiError;
use crate::config::EmulatorConfig;
use crate::crypto::keys::KeyPair;
use crate::crypto::password::token_digest;
use crate::crypto::random;
use crate::state::access::{IssuedAccess, TokenOwner};
use crate::state::model::{MfaTicket, Principal, RefreshToken, Session};
use crate::state::render;
use crate::state::shared::{Shared, World};

/// How long an `mfa_token` stays usable.
pub(crate) const MFA_TICKET_TTL: time::Duration = time::Duration::minutes(5);

/// Permissions that come with an organization role.
pub(crate) fn org_permissions(role: &str) -> Vec<&'static str> {
    match role {
        "owner" | "admin" => vec![
            "org:read",
            "org:update",
            "org:delete",
            "org:members:read",
            "org:members:write",
            "org:invitations:write",
        ],
        _ => vec!["org:read", "org:members:read"],
    }
}

fn duration(d: std::time::Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

/// Opens a session (a refresh-token family) for `principal`.
pub(crate) fn start_session(
    world: &mut World,
    config: &EmulatorConfig,
    principal: Principal,
    user_agent: Option<String>,
    now: OffsetDateTime,
) -> String {
    let id = random::id("sess");
    world.store.sessions.push(Session {
        id: id.clone(),
        principal,
        user_agent,
        ip_address: Some("127.0.0.1".to_owned()),
        active_org: None,
        created_at: now,
        expires_at: now.saturating_add(duration(config.refresh_token_ttl())),
        revoked_at: None,
    });
    id
}

/// The claims a login of app user `user_id` would get right now (no active organization),
/// without `iat`, `exp` and `jti`; `None` for an unknown user.
pub(crate) fn user_claims(world: &World, user_id: &str, now: OffsetDateTime) -> Option<Value> {
    let user = world.store.app_user(user_id)?;
    let session = Session {
        id: String::new(),
        principal: Principal::App {
            user_id: user.id.clone(),
            env_id: user.env_id.clone(),
        },
        user_agent: None,
        ip_address: None,
        active_org: None,
        created_at: now,
        expires_at: now,
        revoked_at: None,
    };
    let (mut c, _, _) = claims(world, &session, 0, 0).ok()?;
    if let Some(obj) = c.as_object_mut() {
        obj.remove("iat");
        obj.remove("exp");
    }
    Some(c)
}

/// The JWT claims for a session's owner right now, with roles and permissions.
fn claims(
    world: &World,
    session: &Session,
    iat: i64,
    exp: i64,
) -> Result<(Value, Vec<String>, Vec<String>), ApiError> {
    let store = &world.store;
    let gone = || ApiError::unauthorized("the account no longer exists");
    match &session.principal {
        Principal::App { user_id, .. } => {
            let user = store.app_user(user_id).ok_or_else(gone)?;
            let roles = store.user_role_names(user);
            let permissions = store.user_permission_names(user);
            let mut c = json!({
                "sub": user.id,
                "type": "app_user",
                "tenant_id": user.tenant_id,
                "app_id": user.app_id,
                "env_id": user.env_id,
                "email": user.email,
                "roles": roles,
                "permissions": permissions,
                "iat": iat,
                "exp": exp,
            });
            if let Some(ext) = &user.external_id {
                body::set(&mut c, "external_id", json!(ext));
            }
            let org = session.active_org.as_deref().and_then(|oid| {
                let org = store.organizations.iter().find(|o| o.id == oid)?;
                let member = org.members.iter().find(|m| &m.user_id == user_id)?;
                Some((org, member))
            });
            if let Some((org, member)) = org {
                body::set(&mut c, "org_id", json!(org.id));
                body::set(&mut c, "org_slug", json!(org.slug));
                body::set(&mut c, "org_role", json!(member.role));
                body::set(
                    &mut c,
                    "org_permissions",
                    json!(org_permissions(&member.role)),
                );
            }
            Ok((c, roles, permissions))
        }
        Principal::Platform { user_id } => {
            let user = store.platform_user(user_id).ok_or_else(gone)?;
            let permissions = render::platform_permissions(&user.roles);
            let c = json!({
                "sub": user.id,
                "type": "platform",
                "tenant_id": user.tenant_id,
                "email": user.email,
                "roles": user.roles,
                "permissions": permissions,
                "iat": iat,
                "exp": exp,
            });
            Ok((c, user.roles.clone(), permissions))
        }
    }
}

/// A TokenPair whose access token is still to be signed. ES256 signing costs about
/// 100 µs, so it happens in [`PendingPair::finish`], after the route has released the
/// state's write lock; everything else (the session, the refresh token) is already done.
#[must_use = "the pair has no access token until `finish`"]
pub(crate) struct PendingPair {
    /// The TokenPair without `access_token`; routes add to it (`user`).
    pub(crate) body: Value,
    claims: Value,
    signer: Option<KeyPair>,
    issued: IssuedAccess,
    iat: i64,
}

impl PendingPair {
    /// Signs the access token, records it as issued, and gives the finished TokenPair.
    /// Takes the write lock for the insertion only: call it with no lock held.
    pub(crate) fn finish(self, shared: &Shared) -> Value {
        let access = self
            .signer
            .as_ref()
            .map(|key| key.sign(&self.claims))
            .unwrap_or_default();
        shared
            .world()
            .store
            .access_tokens
            .insert(access.clone(), self.issued, self.iat);
        let mut body = self.body;
        body::set(&mut body, "access_token", json!(access));
        body
    }
}

/// Opens the next token pair of a live session: a fresh refresh token now, the access
/// token when the [`PendingPair`] is finished.
pub(crate) fn issue_pair(
    world: &mut World,
    config: &EmulatorConfig,
    session_id: &str,
    now: OffsetDateTime,
) -> Result<PendingPair, ApiError> {
    let session = world
        .store
        .session(session_id)
        .filter(|s| s.is_live(now))
        .cloned()
        .ok_or_else(|| ApiError::unauthorized("the session has ended"))?;
    let ttl = config.access_token_ttl().as_secs();
    let iat = now.unix_timestamp();
    let exp = iat.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX));
    let (mut claims, roles, permissions) = claims(world, &session, iat, exp)?;
    // ES256 signing here is deterministic (RFC 6979): without a random `jti`, two tokens
    // with the same claims in the same second would be the same text.
    body::set(&mut claims, "jti", json!(random::hex(&random::bytes(16))));
    // What the token's `sub`, `type` and `env_id` claims say, for the routes that take it.
    let claim = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or_default();
    let owner = match &session.principal {
        Principal::App { .. } => TokenOwner::App {
            user_id: claim("sub").to_owned(),
            env_id: claim("env_id").to_owned(),
        },
        Principal::Platform { .. } => TokenOwner::Platform {
            user_id: claim("sub").to_owned(),
        },
    };
    let signer = world.keys.signer();
    let kid = signer
        .as_ref()
        .map(|k| k.kid().to_owned())
        .unwrap_or_default();
    let refresh = random::secret("rt_");
    let store = &mut world.store;
    store.refresh_tokens.insert(
        token_digest(&refresh),
        RefreshToken {
            session_id: session.id.clone(),
            spent: false,
        },
    );
    if let Some(s) = store.sessions.get_mut(&session.id) {
        s.expires_at = now.saturating_add(duration(config.refresh_token_ttl()));
    }
    Ok(PendingPair {
        body: json!({
            "refresh_token": refresh,
            "token_type": "Bearer",
            "expires_in": ttl,
            "roles": roles,
            "permissions": permissions,
        }),
        claims,
        signer,
        issued: IssuedAccess {
            session_id: session.id,
            kid,
            exp,
            owner,
        },
        iat,
    })
}

fn refresh_refused(detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "INVALID_REFRESH_TOKEN", detail)
}

/// Spends a refresh token; a second use revokes its whole family.
///
/// `accept` says whether the session's owner may refresh here (app vs platform, environment).
pub(crate) fn rotate_refresh(
    world: &mut World,
    config: &EmulatorConfig,
    token: &str,
    now: OffsetDateTime,
    accept: impl Fn(&Principal) -> bool,
) -> Result<PendingPair, ApiError> {
    let digest = token_digest(token);
    let entry = world
        .store
        .refresh_tokens
        .get(&digest)
        .cloned()
        .ok_or_else(|| refresh_refused("the refresh token is not valid"))?;
    let session = world
        .store
        .session(&entry.session_id)
        .cloned()
        .ok_or_else(|| refresh_refused("the refresh token is not valid"))?;
    if !accept(&session.principal) {
        return Err(refresh_refused("the refresh token is not valid here"));
    }
    if entry.spent {
        let sid = session.id.clone();
        world.store.revoke_session(&sid, now);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "REFRESH_TOKEN_REUSED",
            "the refresh token was already used; the session is revoked",
        ));
    }
    if !session.is_live(now) {
        return Err(refresh_refused("the session has ended"));
    }
    if let Some(e) = world.store.refresh_tokens.get_mut(&digest) {
        e.spent = true;
    }
    issue_pair(world, config, &session.id, now)
}

/// Revokes the session a refresh token belongs to. Unknown tokens are a 401.
pub(crate) fn revoke_by_refresh(
    world: &mut World,
    token: &str,
    now: OffsetDateTime,
    accept: impl Fn(&Principal) -> bool,
) -> Result<(), ApiError> {
    let entry = world
        .store
        .refresh_tokens
        .get(&token_digest(token))
        .cloned()
        .ok_or_else(|| refresh_refused("the refresh token is not valid"))?;
    let ok = world
        .store
        .session(&entry.session_id)
        .is_some_and(|s| accept(&s.principal));
    if !ok {
        return Err(refresh_refused("the refresh token is not valid here"));
    }
    world.store.revoke_session(&entry.session_id, now);
    Ok(())
}

/// Issues an `mfa_token` for a password login that still needs a code.
pub(crate) fn mfa_ticket(world: &mut World, principal: Principal, now: OffsetDateTime) -> String {
    let token = random::secret("mfa_");
    world.store.mfa_tickets.insert(
        token_digest(&token),
        MfaTicket {
            principal,
            expires_at: now.saturating_add(MFA_TICKET_TTL),
        },
    );
    token
}

/// The principal behind a live `mfa_token`, without spending it.
pub(crate) fn peek_mfa_ticket(
    world: &World,
    token: &str,
    now: OffsetDateTime,
) -> Result<Principal, ApiError> {
    world
        .store
        .mfa_tickets
        .get(&token_digest(token))
        .filter(|t| now < t.expires_at)
        .map(|t| t.principal.clone())
        .ok_or_else(invalid_mfa_token)
}

/// The answer to an unknown, expired or misplaced `mfa_token`.
pub(crate) fn invalid_mfa_token() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "INVALID_MFA_TOKEN",
        "the mfa_token is not valid or has expired",
    )
}

/// Spends an `mfa_token`.
pub(crate) fn spend_mfa_ticket(world: &mut World, token: &str) {
    world.store.mfa_tickets.remove(&token_digest(token));
}
