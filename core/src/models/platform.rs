//! Platform users (the people who administer a tenant), their tenant, members
//! and invitations.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// A platform user: an administrator of a tenant (`PlatformUserResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformUser {
    /// The platform user's id.
    pub id: String,
    /// The tenant the user administers, if any.
    pub tenant_id: Option<String>,
    /// The user's email address.
    pub email: String,
    /// The user's first name, if set.
    pub first_name: Option<String>,
    /// The user's last name, if set.
    pub last_name: Option<String>,
    /// The URL of the user's avatar image, if set.
    pub avatar_url: Option<String>,
    /// The names of the user's platform roles.
    pub roles: Vec<String>,
    /// The user's effective platform permissions.
    pub permissions: Vec<String>,
    /// The tenant the user administers, if any.
    pub tenant: Option<PlatformTenant>,
    /// When the user was created.
    pub created_at: Timestamp,
    /// When the user was last changed.
    pub updated_at: Timestamp,
}

/// The tenant of a platform user, with its plan (the `tenant` of
/// `PlatformUserResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformTenant {
    /// The tenant's id.
    pub id: String,
    /// The tenant's display name.
    pub name: String,
    /// The tenant's URL-safe short name.
    pub slug: String,
    /// The name of the tenant's subscription plan.
    pub plan: String,
}

/// The tenant created by a platform registration (the `tenant` of the
/// `platform_register` answer).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TenantSummary {
    /// The tenant's id.
    pub id: String,
    /// The tenant's display name.
    pub name: String,
    /// The tenant's URL-safe short name.
    pub slug: String,
}

/// A member of the platform team of a tenant (`PlatformMemberResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformMember {
    /// The member's id.
    pub id: String,
    /// The member's email address.
    pub email: String,
    /// The member's first name, if set.
    pub first_name: Option<String>,
    /// The member's last name, if set.
    pub last_name: Option<String>,
    /// The URL of the member's avatar image, if set.
    pub avatar_url: Option<String>,
    /// Whether the member may sign in.
    pub is_active: bool,
    /// The names of the member's platform roles.
    pub roles: Vec<String>,
    /// When the member joined.
    pub created_at: Timestamp,
    /// When the member last signed in, if ever.
    pub last_login_at: Option<Timestamp>,
}

/// An invitation to join the platform team of a tenant
/// (`PlatformInvitationResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformInvitation {
    /// The invitation's id.
    pub id: String,
    /// The tenant the invitation is for.
    pub tenant_id: String,
    /// The email address invited.
    pub email: String,
    /// The id of the platform role the invitee will get.
    pub role_id: String,
    /// The name of that role; some answers leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The id of the platform user who sent the invitation.
    pub invited_by: String,
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

/// A platform member after a role change (the `data` of the
/// `update_platform_member` answer).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdatedPlatformMember {
    /// The member's id.
    pub id: String,
    /// The member's email address.
    pub email: String,
    /// The names of the member's platform roles after the change.
    pub roles: Vec<String>,
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;
    use crate::models::test_support::{
        assert_required, assert_wire_roundtrip, decode, with_null, without,
    };

    /// A complete `PlatformUserResource` with one field the model does not know.
    pub(crate) const PLATFORM_USER: &str = r#"{
        "id": "pu_01",
        "tenantId": "ten_01",
        "email": "owner@example.com",
        "firstName": "Grace",
        "lastName": null,
        "avatarUrl": "https://cdn.example.com/a.png",
        "roles": ["owner"],
        "permissions": ["applications:write"],
        "tenant": {"id": "ten_01", "name": "Acme", "slug": "acme", "plan": "free", "seats": 3},
        "createdAt": "2026-01-02T03:04:05Z",
        "updatedAt": "2026-01-02T03:04:05Z",
        "locale": "en"
    }"#;

    const MEMBER: &str = r#"{
        "id": "pm_01", "email": "ops@example.com", "firstName": null, "lastName": "Hopper",
        "avatarUrl": null, "isActive": true, "roles": ["admin"],
        "createdAt": "2026-01-02T03:04:05Z", "lastLoginAt": "2026-02-02T03:04:05Z",
        "department": "ops"
    }"#;

    const INVITATION: &str = r#"{
        "id": "pi_01", "tenantId": "ten_01", "email": "new@example.com", "roleId": "pr_admin",
        "roleName": "admin", "invitedBy": "pu_01", "status": "pending",
        "expiresAt": "2026-01-09T00:00:00Z", "acceptedAt": null,
        "createdAt": "2026-01-02T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z",
        "token_hint": "x"
    }"#;

    #[test]
    fn decodes_a_platform_user_with_its_tenant() {
        let user: PlatformUser = decode(PLATFORM_USER);
        assert_eq!(user.tenant_id.as_deref(), Some("ten_01"));
        assert_eq!(user.last_name, None);
        assert_eq!(user.roles, ["owner"]);
        let tenant = user.tenant.unwrap();
        assert_eq!(
            (tenant.name.as_str(), tenant.slug.as_str()),
            ("Acme", "acme")
        );
        assert_eq!(tenant.plan, "free");
    }

    #[test]
    fn platform_user_without_tenant() {
        let json = with_null(&with_null(PLATFORM_USER, "tenant"), "tenantId");
        let user: PlatformUser = decode(&json);
        assert_eq!(user.tenant, None);
        assert_eq!(user.tenant_id, None);
        assert_required::<PlatformUser>(PLATFORM_USER, "roles");
        assert_required::<PlatformUser>(PLATFORM_USER, "email");
        assert_required::<PlatformTenant>(r#"{"id":"t","name":"n","slug":"s","plan":"p"}"#, "plan");
    }

    #[test]
    fn tenant_summary_decodes() {
        let tenant: TenantSummary = decode(r#"{"id":"t1","name":"Acme","slug":"acme","x":0}"#);
        assert_eq!(tenant.id, "t1");
        assert_required::<TenantSummary>(r#"{"id":"t1","name":"Acme","slug":"acme"}"#, "slug");
        assert_wire_roundtrip::<TenantSummary>(
            r#"{"id":"t1","name":"Acme","slug":"acme","x":0}"#,
            &["x"],
        );
    }

    #[test]
    fn decodes_members_and_invitations() {
        let member: PlatformMember = decode(MEMBER);
        assert_eq!(member.last_name.as_deref(), Some("Hopper"));
        assert_eq!(
            member.last_login_at.unwrap().as_str(),
            "2026-02-02T03:04:05Z"
        );
        assert_required::<PlatformMember>(MEMBER, "isActive");

        let invitation: PlatformInvitation = decode(INVITATION);
        assert_eq!(invitation.role_name.as_deref(), Some("admin"));
        assert_eq!(invitation.status, "pending");
        let bare: PlatformInvitation = decode(&without(INVITATION, "roleName"));
        assert_eq!(bare.role_name, None);
        assert_required::<PlatformInvitation>(INVITATION, "roleId");
        assert_required::<PlatformInvitation>(INVITATION, "expiresAt");
    }

    #[test]
    fn decodes_an_updated_member() {
        let json = r#"{"id":"pm_01","email":"ops@example.com","roles":["viewer"],"updatedAt":"x"}"#;
        let updated: UpdatedPlatformMember = decode(json);
        assert_eq!(updated.roles, ["viewer"]);
        assert_required::<UpdatedPlatformMember>(json, "roles");
        assert_wire_roundtrip::<UpdatedPlatformMember>(json, &["updatedAt"]);
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<PlatformUser>(PLATFORM_USER, &["locale", "tenant.seats"]);
        assert_wire_roundtrip::<PlatformMember>(MEMBER, &["department"]);
        assert_wire_roundtrip::<PlatformInvitation>(INVITATION, &["token_hint"]);
    }
}

/// The answer of [`InvitePlatformMember`](crate::ops::InvitePlatformMember):
/// the invitation and the API's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PlatformMemberInvited {
    /// The invitation sent (wire name `data`).
    #[serde(rename = "data")]
    pub invitation: PlatformInvitation,
    /// A human-readable confirmation.
    pub message: String,
}
