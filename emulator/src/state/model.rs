//! Records of the identity side: tenants, applications, users, roles, keys, sessions.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::crypto::password::PasswordHash;

/// A tenant: the owner of applications and platform users.
#[derive(Debug, Clone)]
pub(crate) struct Tenant {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) plan: String,
    pub(crate) settings: Map<String, Value>,
}

/// TOTP state of a user.
#[derive(Clone, Default)]
pub(crate) struct Mfa {
    /// The secret in use once MFA is on.
    pub(crate) secret: Option<Vec<u8>>,
    /// A secret handed out by `enable_mfa`, waiting for `verify_mfa_setup`.
    pub(crate) pending: Option<Vec<u8>>,
    /// Unused backup codes.
    pub(crate) backup_codes: Vec<String>,
}

impl std::fmt::Debug for Mfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mfa")
            .field("enabled", &self.enabled())
            .field("pending", &self.pending.is_some())
            .field("backup_codes", &self.backup_codes.len())
            .finish()
    }
}

impl Mfa {
    pub(crate) fn enabled(&self) -> bool {
        self.secret.is_some()
    }
}

/// A person who administers a tenant.
#[derive(Debug, Clone)]
pub(crate) struct PlatformUser {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) email: String,
    pub(crate) password: PasswordHash,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) is_active: bool,
    pub(crate) mfa: Mfa,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
    pub(crate) last_login_at: Option<OffsetDateTime>,
}

/// An application of a tenant.
#[derive(Debug, Clone)]
pub(crate) struct Application {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) domain: Option<String>,
    pub(crate) home_url: Option<String>,
    pub(crate) callback_urls: Option<Vec<String>>,
    pub(crate) is_active: bool,
    pub(crate) settings: Option<Value>,
    pub(crate) auth_config: Option<Value>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// An environment of an application, with its publishable key.
#[derive(Debug, Clone)]
pub(crate) struct Environment {
    pub(crate) id: String,
    pub(crate) app_id: String,
    pub(crate) tenant_id: String,
    pub(crate) name: String,
    pub(crate) publishable_key: String,
    pub(crate) is_active: bool,
}

/// An end user of an application environment.
#[derive(Debug, Clone)]
pub(crate) struct AppUser {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    pub(crate) env_id: String,
    pub(crate) email: String,
    pub(crate) password: Option<PasswordHash>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) is_active: bool,
    pub(crate) email_verified: bool,
    pub(crate) mfa: Mfa,
    pub(crate) external_id: Option<String>,
    pub(crate) role_ids: Vec<String>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
    pub(crate) last_login_at: Option<OffsetDateTime>,
}

/// A role of an application, for one environment or (no environment) all of them.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    pub(crate) env_id: Option<String>,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) hierarchy_level: i64,
    pub(crate) permission_ids: Vec<String>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// A permission of an application, for one environment or all of them.
#[derive(Debug, Clone)]
pub(crate) struct Permission {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    pub(crate) env_id: Option<String>,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) resource: String,
    pub(crate) action: String,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// A secret API key; only its digest and prefix are kept.
#[derive(Debug, Clone)]
pub(crate) struct ApiKey {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    /// `None` for platform keys.
    pub(crate) app_id: Option<String>,
    pub(crate) env_id: Option<String>,
    pub(crate) name: String,
    pub(crate) key_prefix: String,
    pub(crate) key_type: String,
    pub(crate) created_at: OffsetDateTime,
}

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    App { user_id: String, env_id: String },
    Platform { user_id: String },
}

/// A login: one refresh-token family.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) principal: Principal,
    pub(crate) user_agent: Option<String>,
    pub(crate) ip_address: Option<String>,
    pub(crate) active_org: Option<String>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) revoked_at: Option<OffsetDateTime>,
}

impl Session {
    pub(crate) fn is_live(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// A refresh token, by digest.
#[derive(Debug, Clone)]
pub(crate) struct RefreshToken {
    pub(crate) session_id: String,
    pub(crate) spent: bool,
}

/// What an emailed single-use token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmailTokenKind {
    VerifyEmail,
    ResetPassword,
}

/// An emailed single-use token, by digest.
#[derive(Debug, Clone)]
pub(crate) struct EmailToken {
    pub(crate) kind: EmailTokenKind,
    pub(crate) user_id: String,
    pub(crate) expires_at: OffsetDateTime,
}

/// The ticket between a password login and its MFA challenge.
#[derive(Debug, Clone)]
pub(crate) struct MfaTicket {
    pub(crate) principal: Principal,
    pub(crate) expires_at: OffsetDateTime,
}

/// One audit-log line.
#[derive(Debug, Clone)]
pub(crate) struct AuditLog {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: Option<String>,
    pub(crate) env_id: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) user_email: Option<String>,
    pub(crate) administrator_id: Option<String>,
    pub(crate) administrator_email: Option<String>,
    pub(crate) action: String,
    pub(crate) resource: String,
    pub(crate) resource_id: Option<String>,
    pub(crate) details: Option<Value>,
    pub(crate) ip_address: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) created_at: OffsetDateTime,
}
