//! The end user of an application.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// An end user of an application (`UserResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// The user's id.
    pub id: String,
    /// The tenant the user belongs to; some answers leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The user's email address.
    pub email: String,
    /// The user's first name, if set.
    pub first_name: Option<String>,
    /// The user's last name, if set.
    pub last_name: Option<String>,
    /// The URL of the user's avatar image, if set.
    pub avatar_url: Option<String>,
    /// Whether the user may sign in (inactive users are disabled).
    pub is_active: bool,
    /// Whether the user has verified their email address.
    pub email_verified: bool,
    /// Whether the user has multi-factor authentication turned on.
    pub mfa_enabled: bool,
    /// The id of the user in an external system (set by user import), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The names of the user's roles; empty when the answer leaves them out.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The user's effective permissions; empty when the answer leaves them out.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// When the user was created.
    pub created_at: Timestamp,
    /// When the user was last changed.
    pub updated_at: Timestamp,
    /// When the user last signed in, if ever.
    pub last_login_at: Option<Timestamp>,
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

    /// A complete `UserResource` with one field the model does not know.
    pub(crate) const USER: &str = r#"{
        "id": "usr_01",
        "tenantId": "ten_01",
        "email": "ada@example.com",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "avatarUrl": null,
        "isActive": true,
        "emailVerified": true,
        "mfaEnabled": false,
        "externalId": "legacy-42",
        "roles": ["admin", "member"],
        "permissions": ["users:read", "users:write"],
        "createdAt": "2026-01-02T03:04:05.000Z",
        "updatedAt": "2026-01-03T03:04:05.000Z",
        "lastLoginAt": null,
        "favouriteColour": "green"
    }"#;

    #[test]
    fn decodes_a_full_user() {
        let user: User = decode(USER);
        assert_eq!(user.id, "usr_01");
        assert_eq!(user.tenant_id.as_deref(), Some("ten_01"));
        assert_eq!(user.email, "ada@example.com");
        assert_eq!(user.first_name.as_deref(), Some("Ada"));
        assert_eq!(user.avatar_url, None);
        assert!(user.is_active && user.email_verified && !user.mfa_enabled);
        assert_eq!(user.external_id.as_deref(), Some("legacy-42"));
        assert_eq!(user.roles, ["admin", "member"]);
        assert_eq!(user.permissions, ["users:read", "users:write"]);
        assert_eq!(user.created_at.as_str(), "2026-01-02T03:04:05.000Z");
        assert_eq!(user.last_login_at, None);
    }

    #[test]
    fn optional_fields_may_be_absent() {
        let mut json = USER.to_owned();
        for field in ["tenantId", "externalId", "roles", "permissions"] {
            json = without(&json, field);
        }
        let user: User = decode(&json);
        assert_eq!(user.tenant_id, None);
        assert_eq!(user.external_id, None);
        assert!(user.roles.is_empty());
        assert!(user.permissions.is_empty());
    }

    #[test]
    fn nullable_fields_accept_null() {
        let mut json = with_null(USER, "externalId");
        for field in ["firstName", "lastName", "lastLoginAt"] {
            json = with_null(&json, field);
        }
        let user: User = decode(&json);
        assert_eq!(user.external_id, None);
        assert_eq!(user.first_name, None);
        assert_eq!(user.last_name, None);
    }

    #[test]
    fn required_fields_are_required() {
        for field in [
            "id",
            "email",
            "isActive",
            "emailVerified",
            "mfaEnabled",
            "createdAt",
        ] {
            assert_required::<User>(USER, field);
        }
        assert!(serde_json::from_str::<User>(&with_null(USER, "email")).is_err());
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<User>(USER, &["favouriteColour"]);
    }
}
