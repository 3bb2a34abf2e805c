//! Invitations of users to an application or organization.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// An invitation for a user to join an application or organization
/// (`InvitationResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Invitation {
    /// The invitation's id.
    pub id: String,
    /// The tenant the invitation belongs to.
    pub tenant_id: String,
    /// The environment the invitation is for, if any.
    pub environment_id: Option<String>,
    /// The email address invited.
    pub email: String,
    /// The id of the role the invitee will get, if one was chosen.
    pub role_id: Option<String>,
    /// The name of that role, if one was chosen.
    pub role_name: Option<String>,
    /// The id of the user who sent the invitation, if known.
    pub invited_by: Option<String>,
    /// The invitation's state as the API names it (for example `pending`).
    pub status: String,
    /// When the invitation stops being valid.
    pub expires_at: Timestamp,
    /// When the invitation was accepted, if it was.
    pub accepted_at: Option<Timestamp>,
    /// When the invitation was created.
    pub created_at: Timestamp,
    /// When the invitation was last changed.
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode, with_null};

    const INVITATION: &str = r#"{
        "id": "inv_01", "tenantId": "ten_01", "environmentId": "env_prod",
        "email": "carol@example.com", "roleId": "role_01", "roleName": "editor",
        "invitedBy": null, "status": "accepted", "expiresAt": "2026-01-08T00:00:00Z",
        "acceptedAt": "2026-01-02T00:00:00Z", "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-02T00:00:00Z", "organizationId": "org_01"
    }"#;

    #[test]
    fn decodes_an_invitation() {
        let invitation: Invitation = decode(INVITATION);
        assert_eq!(invitation.role_name.as_deref(), Some("editor"));
        assert_eq!(invitation.invited_by, None);
        assert_eq!(invitation.status, "accepted");
        assert_eq!(
            invitation.accepted_at.unwrap().as_str(),
            "2026-01-02T00:00:00Z"
        );
        let bare: Invitation = decode(&with_null(
            &with_null(INVITATION, "roleId"),
            "environmentId",
        ));
        assert_eq!(bare.role_id, None);
        assert_eq!(bare.environment_id, None);
        for field in [
            "id",
            "tenantId",
            "email",
            "status",
            "expiresAt",
            "createdAt",
        ] {
            assert_required::<Invitation>(INVITATION, field);
        }
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Invitation>(INVITATION, &["organizationId"]);
    }
}
