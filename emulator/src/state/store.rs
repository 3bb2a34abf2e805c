//! All records of one emulated service, and the lookups routes share.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::access::AccessTokens;
use super::model::{
    ApiKey, AppUser, Application, AuditLog, EmailToken, Environment, MfaTicket, Permission,
    PlatformUser, Principal, RefreshToken, Role, Session, Tenant,
};
use super::org_model::{EmailTemplate, Invitation, Organization, PlatformInvitation, Webhook};
use crate::api::problem::{ApiError, OrNotFound};
use crate::api::timefmt;
use crate::crypto::random;
use crate::outbox::OutboxEntry;

/// The sessions, in the order they were created, found by id in constant
/// time. Every login adds one and every login, refresh and authenticated
/// request looks one up under the state's lock: a list searched front to
/// back made a long-running emulator slower with every login.
#[derive(Debug, Default)]
pub(crate) struct Sessions(indexmap::IndexMap<String, Session>);

impl Sessions {
    /// Adds a session (its id is new: ids are random).
    pub(crate) fn push(&mut self, session: Session) {
        self.0.insert(session.id.clone(), session);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Session> {
        self.0.get(id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.0.get_mut(id)
    }

    /// In creation order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Session> {
        self.0.values()
    }

    /// In creation order.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Session> {
        self.0.values_mut()
    }

    /// Keeps the sessions `keep` says yes to, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Session) -> bool) {
        self.0.retain(|_, session| keep(session));
    }
}

/// The whole in-memory database.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) tenants: Vec<Tenant>,
    pub(crate) platform_users: Vec<PlatformUser>,
    pub(crate) applications: Vec<Application>,
    pub(crate) environments: Vec<Environment>,
    pub(crate) app_users: Vec<AppUser>,
    pub(crate) roles: Vec<Role>,
    pub(crate) permissions: Vec<Permission>,
    pub(crate) api_keys: Vec<ApiKey>,
    pub(crate) sessions: Sessions,
    /// Refresh tokens by SHA-256 digest.
    pub(crate) refresh_tokens: HashMap<String, RefreshToken>,
    /// The access tokens issued, by their exact text.
    pub(crate) access_tokens: AccessTokens,
    /// Email tokens by SHA-256 digest.
    pub(crate) email_tokens: HashMap<String, EmailToken>,
    /// MFA tickets by SHA-256 digest.
    pub(crate) mfa_tickets: HashMap<String, MfaTicket>,
    pub(crate) audit_logs: Vec<AuditLog>,
    pub(crate) organizations: Vec<Organization>,
    pub(crate) invitations: Vec<Invitation>,
    pub(crate) platform_invitations: Vec<PlatformInvitation>,
    pub(crate) webhooks: Vec<Webhook>,
    pub(crate) email_templates: Vec<EmailTemplate>,
    pub(crate) outbox: Vec<OutboxEntry>,
}

/// Details of the request an audit line records.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditEvent {
    pub(crate) tenant_id: String,
    pub(crate) app_id: Option<String>,
    pub(crate) env_id: Option<String>,
    pub(crate) user: Option<(String, String)>,
    pub(crate) admin: Option<(String, String)>,
    pub(crate) action: &'static str,
    pub(crate) resource: &'static str,
    pub(crate) resource_id: Option<String>,
    pub(crate) user_agent: Option<String>,
}

impl Store {
    pub(crate) fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.id == id)
    }

    pub(crate) fn env(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id == id)
    }

    pub(crate) fn env_by_key(&self, key: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.publishable_key == key)
    }

    pub(crate) fn app_user(&self, id: &str) -> Option<&AppUser> {
        self.app_users.iter().find(|u| u.id == id)
    }

    pub(crate) fn app_user_mut(&mut self, id: &str) -> Option<&mut AppUser> {
        self.app_users.iter_mut().find(|u| u.id == id)
    }

    pub(crate) fn platform_user(&self, id: &str) -> Option<&PlatformUser> {
        self.platform_users.iter().find(|u| u.id == id)
    }

    pub(crate) fn platform_user_mut(&mut self, id: &str) -> Option<&mut PlatformUser> {
        self.platform_users.iter_mut().find(|u| u.id == id)
    }

    /// The application `app_id` of `tenant_id`, or a 404.
    pub(crate) fn tenant_app(
        &self,
        tenant_id: &str,
        app_id: &str,
    ) -> Result<&Application, ApiError> {
        self.applications
            .iter()
            .find(|a| a.id == app_id && a.tenant_id == tenant_id)
            .or_not_found("application")
    }

    /// The environment `env_id` of application `app_id`, or a 404.
    pub(crate) fn app_env(&self, app_id: &str, env_id: &str) -> Result<&Environment, ApiError> {
        self.environments
            .iter()
            .find(|e| e.id == env_id && e.app_id == app_id)
            .or_not_found("environment")
    }

    /// The user's roles, in assignment order.
    pub(crate) fn user_roles(&self, user: &AppUser) -> Vec<&Role> {
        user.role_ids
            .iter()
            .filter_map(|id| self.roles.iter().find(|r| &r.id == id))
            .collect()
    }

    pub(crate) fn user_role_names(&self, user: &AppUser) -> Vec<String> {
        self.user_roles(user)
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    /// Names of the permissions the user's roles grant, without duplicates.
    pub(crate) fn user_permission_names(&self, user: &AppUser) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for role in self.user_roles(user) {
            for pid in &role.permission_ids {
                if let Some(p) = self.permissions.iter().find(|p| &p.id == pid) {
                    if !out.contains(&p.name) {
                        out.push(p.name.clone());
                    }
                }
            }
        }
        out
    }

    /// Revokes every live session matching `pred`; returns how many.
    pub(crate) fn revoke_sessions(
        &mut self,
        now: OffsetDateTime,
        pred: impl Fn(&Session) -> bool,
    ) -> usize {
        let mut n = 0;
        for s in self.sessions.iter_mut() {
            if s.revoked_at.is_none() && pred(s) {
                s.revoked_at = Some(now);
                n += 1;
            }
        }
        n
    }

    /// Revokes session `id`, unless it is unknown or already revoked.
    pub(crate) fn revoke_session(&mut self, id: &str, now: OffsetDateTime) {
        if let Some(s) = self.sessions.get_mut(id) {
            s.revoked_at.get_or_insert(now);
        }
    }

    /// Revokes every session of an app user.
    pub(crate) fn revoke_app_user_sessions(&mut self, user_id: &str, now: OffsetDateTime) -> usize {
        self.revoke_sessions(
            now,
            |s| matches!(&s.principal, Principal::App { user_id: u, .. } if u == user_id),
        )
    }

    pub(crate) fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.get(id)
    }

    /// Records an email in the outbox.
    pub(crate) fn send_email(&mut self, to: &str, kind: &str, token: &str, now: OffsetDateTime) {
        self.outbox.push(OutboxEntry {
            to: to.to_owned(),
            kind: kind.to_owned(),
            token: token.to_owned(),
            sent_at: timefmt::iso(now),
        });
    }

    /// Appends an audit-log line.
    pub(crate) fn audit(&mut self, e: AuditEvent, now: OffsetDateTime) {
        let (user_id, user_email) = e.user.map_or((None, None), |(i, m)| (Some(i), Some(m)));
        let (administrator_id, administrator_email) =
            e.admin.map_or((None, None), |(i, m)| (Some(i), Some(m)));
        self.audit_logs.push(AuditLog {
            id: random::id("log"),
            tenant_id: e.tenant_id,
            app_id: e.app_id,
            env_id: e.env_id,
            user_id,
            user_email,
            administrator_id,
            administrator_email,
            action: e.action.to_owned(),
            resource: e.resource.to_owned(),
            resource_id: e.resource_id,
            details: None,
            ip_address: Some("127.0.0.1".to_owned()),
            user_agent: e.user_agent,
            created_at: now,
        });
    }
}
