//! Organizations of an application's users, and their members.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// An organization: a group of users within an application
/// (`OrganizationResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Organization {
    /// The organization's id.
    pub id: String,
    /// The tenant that owns the organization.
    pub tenant_id: String,
    /// The organization's display name.
    pub name: String,
    /// The organization's URL-safe short name.
    pub slug: String,
    /// The URL of the organization's image, if set.
    pub image_url: Option<String>,
    /// Free-form data attached to the organization, any JSON value, if set.
    pub metadata: Option<serde_json::Value>,
    /// The id of the user who created the organization, if known.
    pub created_by: Option<String>,
    /// When the organization was created.
    pub created_at: Timestamp,
    /// When the organization was last changed.
    pub updated_at: Timestamp,
}

/// A user's membership of an organization (`OrganizationMemberResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrganizationMember {
    /// The membership's id (what updating or removing a member takes).
    pub id: String,
    /// The member user's id.
    pub user_id: String,
    /// The member's email address.
    pub email: String,
    /// The member's first name, if set.
    pub first_name: Option<String>,
    /// The member's last name, if set.
    pub last_name: Option<String>,
    /// The name of the member's role in the organization.
    pub role_name: String,
    /// The id of the member's role in the organization.
    pub role_id: String,
    /// When the user joined the organization.
    pub created_at: Timestamp,
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

    const ORGANIZATION: &str = r#"{
        "id": "org_01", "tenantId": "ten_01", "name": "Research", "slug": "research",
        "imageUrl": null, "metadata": {"costCenter": 42, "tags": ["a", "b"]},
        "createdBy": "usr_01", "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z", "memberCount": 7
    }"#;

    const MEMBER: &str = r#"{
        "id": "om_01", "userId": "usr_02", "email": "bob@example.com", "firstName": "Bob",
        "lastName": null, "roleName": "org:admin", "roleId": "role_09",
        "createdAt": "2026-01-01T00:00:00Z", "invitedBy": "usr_01"
    }"#;

    #[test]
    fn decodes_an_organization_with_any_metadata() {
        let org: Organization = decode(ORGANIZATION);
        let metadata = org.metadata.unwrap();
        assert_eq!(metadata["costCenter"], 42);
        assert_eq!(metadata["tags"][1], "b");
        assert_eq!(org.image_url, None);

        let scalar: Organization = decode(&ORGANIZATION.replace(
            r#"{"costCenter": 42, "tags": ["a", "b"]}"#,
            r#""plain text""#,
        ));
        assert_eq!(scalar.metadata, Some(serde_json::Value::from("plain text")));

        let none: Organization = decode(&with_null(
            &with_null(ORGANIZATION, "metadata"),
            "createdBy",
        ));
        assert_eq!(none.metadata, None);
        assert_eq!(none.created_by, None);
        for field in ["id", "tenantId", "name", "slug", "createdAt", "updatedAt"] {
            assert_required::<Organization>(ORGANIZATION, field);
        }
    }

    #[test]
    fn decodes_a_member() {
        let member: OrganizationMember = decode(MEMBER);
        assert_eq!(member.user_id, "usr_02");
        assert_eq!(member.last_name, None);
        assert_eq!(member.role_name, "org:admin");
        assert_required::<OrganizationMember>(MEMBER, "roleId");
        assert_required::<OrganizationMember>(MEMBER, "email");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Organization>(ORGANIZATION, &["memberCount"]);
        assert_wire_roundtrip::<OrganizationMember>(MEMBER, &["invitedBy"]);
    }
}
