//! Records of the collaboration side: organizations, invitations, webhooks, templates.

use serde_json::Value;
use time::OffsetDateTime;

/// An organization inside an application environment.
#[derive(Debug, Clone)]
pub(crate) struct Organization {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    pub(crate) env_id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) image_url: Option<String>,
    pub(crate) metadata: Option<Value>,
    pub(crate) created_by: Option<String>,
    pub(crate) members: Vec<OrgMember>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// Membership of an app user in an organization.
#[derive(Debug, Clone)]
pub(crate) struct OrgMember {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) role: String,
    pub(crate) created_at: OffsetDateTime,
}

/// State of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvitationStatus {
    Pending,
    Accepted,
    Cancelled,
}

impl InvitationStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Cancelled => "cancelled",
        }
    }
}

/// An invitation of someone to an application environment (and maybe an organization).
#[derive(Debug, Clone)]
pub(crate) struct Invitation {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: String,
    pub(crate) env_id: String,
    pub(crate) email: String,
    pub(crate) role_id: Option<String>,
    pub(crate) org: Option<(String, String)>,
    pub(crate) invited_by: Option<String>,
    pub(crate) status: InvitationStatus,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) accepted_at: Option<OffsetDateTime>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// An invitation of someone to join a tenant's platform team.
#[derive(Debug, Clone)]
pub(crate) struct PlatformInvitation {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) email: String,
    pub(crate) role_name: String,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) invited_by: String,
    pub(crate) status: InvitationStatus,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) accepted_at: Option<OffsetDateTime>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// A webhook subscription (never called by the emulator).
#[derive(Clone)]
pub(crate) struct Webhook {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: Option<String>,
    pub(crate) url: String,
    pub(crate) events: Vec<String>,
    pub(crate) secret: String,
    pub(crate) created_at: OffsetDateTime,
}

/// An email template of an application, or of the platform (`app_id` `None`).
#[derive(Debug, Clone)]
pub(crate) struct EmailTemplate {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) app_id: Option<String>,
    pub(crate) env_id: Option<String>,
    pub(crate) name: String,
    pub(crate) subject: String,
    pub(crate) html_body: String,
    pub(crate) text_body: Option<String>,
    pub(crate) variables: Vec<String>,
    pub(crate) is_active: bool,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id)
            .field("url", &self.url)
            .field("events", &self.events)
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}
