//! Typed models of the API's answers, and of the request rows that need a type.
//!
//! One file per resource family. Every answer type tolerates fields it does not
//! know (the API adds fields over time), keeps the wire names of
//! `ENDPOINTS.md` exactly (mostly camelCase, some snake_case such as
//! `access_token`), and is `#[non_exhaustive]`: read them, do not build them.
//! Timestamps are [`Timestamp`]s, kept as the server's text. Secret-bearing
//! fields use the newtypes of [`crate::secret`], so `Debug` of a model never
//! shows a secret.
//!
//! Field conventions: a field the API may send as `null` is an `Option` (an
//! absent one is accepted as `None` too); a field the API may leave out is an
//! `Option` or, for lists, an empty `Vec`; any other field is required and a
//! body without it does not decode.

mod ack;
mod api_key;
mod application;
mod audit_log;
mod auth;
mod email_template;
mod import;
mod invitation;
mod mfa;
mod organization;
mod page;
mod platform;
mod role;
mod session;
mod timestamp;
mod user;
mod webhook;

#[cfg(test)]
mod test_support;

pub use ack::Ack;
pub use api_key::{ApiKey, CreatedApiKey};
pub use application::{Application, ApplicationStats, Environment, EnvironmentStats, RotatedKeys};
pub use audit_log::AuditLog;
pub use auth::{LoginResult, PlatformRegistration, TokenGrant, TokenPair};
pub use email_template::{EmailTemplate, EmailTemplatePreview, InitializedEmailTemplates};
pub use import::{ImportRowError, ImportUser, ImportUsersResult};
pub use invitation::Invitation;
pub use mfa::{BackupCodes, MfaSetup, RemainingBackupCodes};
pub use organization::{Organization, OrganizationMember};
pub use page::Page;
pub use platform::{
    PlatformInvitation, PlatformMember, PlatformMemberInvited, PlatformTenant, PlatformUser,
    TenantSummary, UpdatedPlatformMember,
};
pub use role::{Permission, PermissionAssignment, Role, RoleSummary, UserRoles};
pub use session::{AppSessionRecord, RevokedSessions, SessionRecord};
pub use timestamp::{Timestamp, TimestampError};
pub use user::User;
pub use webhook::Webhook;

/// Free-form settings: a JSON object of any fields (`Record<string, unknown>`).
///
/// The answer of `update_platform_settings`, and the `settings` and
/// `authConfig` of an [`Application`].
pub type Settings = serde_json::Map<String, serde_json::Value>;
