//! Answers that carry more than `{ data }` and are not resources themselves.

use serde::{Deserialize, Serialize};

use crate::models::{EmailTemplate, PlatformInvitation};

/// The answer of [`InvitePlatformMember`](super::InvitePlatformMember): the
/// invitation and the API's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PlatformMemberInvited {
    /// The invitation sent (wire name `data`).
    #[serde(rename = "data")]
    pub invitation: PlatformInvitation,
    /// A human-readable confirmation.
    pub message: String,
}

/// The answer of [`InitializeEmailTemplates`](super::InitializeEmailTemplates):
/// the templates created and the API's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InitializedEmailTemplates {
    /// The templates (wire name `data`).
    #[serde(rename = "data")]
    pub templates: Vec<EmailTemplate>,
    /// A human-readable confirmation.
    pub message: String,
}
