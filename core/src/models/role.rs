//! Roles, permissions and their assignments.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// A role that users can hold (`RoleResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Role {
    /// The role's id.
    pub id: String,
    /// The tenant that owns the role.
    pub tenant_id: String,
    /// The environment the role belongs to, if it is environment-specific.
    pub environment_id: Option<String>,
    /// The role's name (what tokens list in `roles`).
    pub name: String,
    /// A description of the role, if set.
    pub description: Option<String>,
    /// Whether the role is built in (system roles cannot be deleted).
    pub is_system: bool,
    /// The role's rank among roles, as the API orders them.
    pub hierarchy_level: i64,
    /// How many users hold the role, when the answer counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_count: Option<u64>,
    /// When the role was created.
    pub created_at: Timestamp,
    /// When the role was last changed.
    pub updated_at: Timestamp,
}

/// A permission that roles can grant (`PermissionResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Permission {
    /// The permission's id.
    pub id: String,
    /// The tenant that owns the permission.
    pub tenant_id: String,
    /// The environment the permission belongs to, if it is environment-specific.
    pub environment_id: Option<String>,
    /// The permission's name (what tokens list in `permissions`).
    pub name: String,
    /// A description of the permission, if set.
    pub description: Option<String>,
    /// The kind of thing the permission is about (for example `users`).
    pub resource: String,
    /// What the permission allows on that resource (for example `read`).
    pub action: String,
    /// When the permission was created.
    pub created_at: Timestamp,
    /// When the permission was last changed.
    pub updated_at: Timestamp,
}

/// A role as listed in a user's role assignment: id, name and, when the answer
/// has it, description.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RoleSummary {
    /// The role's id.
    pub id: String,
    /// The role's name.
    pub name: String,
    /// A description of the role, if set; `assign_user_roles` leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The roles of a user after an assignment (the `data` of `assign_user_roles`
/// and `assign_app_user_roles`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserRoles {
    /// The user the roles belong to.
    pub user_id: String,
    /// The user's roles after the assignment.
    pub roles: Vec<RoleSummary>,
}

/// The outcome of assigning permissions to a role.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionAssignment {
    /// How many permissions were newly assigned.
    pub assigned: u64,
    /// How many were skipped (for example because the role had them already).
    pub skipped: u64,
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
    use crate::models::test_support::{
        assert_required, assert_wire_roundtrip, decode, with_null, without,
    };

    const ROLE: &str = r#"{
        "id": "role_01", "tenantId": "ten_01", "environmentId": "env_prod", "name": "editor",
        "description": "Can edit content", "isSystem": false, "hierarchyLevel": -5,
        "userCount": 12, "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z",
        "color": "blue"
    }"#;

    const PERMISSION: &str = r#"{
        "id": "perm_01", "tenantId": "ten_01", "environmentId": null, "name": "posts:write",
        "description": null, "resource": "posts", "action": "write",
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z", "builtin": false
    }"#;

    const USER_ROLES: &str = r#"{
        "userId": "usr_01",
        "roles": [
            {"id": "role_01", "name": "editor", "description": null},
            {"id": "role_02", "name": "admin", "description": "Everything"},
            {"id": "role_03", "name": "viewer"}
        ],
        "changed": true
    }"#;

    #[test]
    fn decodes_a_role() {
        let role: Role = decode(ROLE);
        assert_eq!(role.environment_id.as_deref(), Some("env_prod"));
        assert_eq!(role.hierarchy_level, -5);
        assert_eq!(role.user_count, Some(12));
        assert!(!role.is_system);
        let role: Role = decode(&without(&with_null(ROLE, "description"), "userCount"));
        assert_eq!(role.description, None);
        assert_eq!(role.user_count, None);
        for field in [
            "tenantId",
            "name",
            "isSystem",
            "hierarchyLevel",
            "createdAt",
        ] {
            assert_required::<Role>(ROLE, field);
        }
    }

    #[test]
    fn decodes_a_permission() {
        let permission: Permission = decode(PERMISSION);
        assert_eq!(permission.environment_id, None);
        assert_eq!(permission.description, None);
        assert_eq!(
            (permission.resource.as_str(), permission.action.as_str()),
            ("posts", "write")
        );
        assert_required::<Permission>(PERMISSION, "resource");
        assert_required::<Permission>(PERMISSION, "action");
    }

    #[test]
    fn decodes_user_roles_with_and_without_descriptions() {
        let user_roles: UserRoles = decode(USER_ROLES);
        assert_eq!(user_roles.user_id, "usr_01");
        assert_eq!(user_roles.roles.len(), 3);
        assert_eq!(user_roles.roles[0].description, None);
        assert_eq!(
            user_roles.roles[1].description.as_deref(),
            Some("Everything")
        );
        assert_eq!(user_roles.roles[2].description, None);
        assert_required::<UserRoles>(USER_ROLES, "userId");
        assert_required::<RoleSummary>(r#"{"id":"r","name":"n"}"#, "name");
    }

    #[test]
    fn decodes_a_permission_assignment() {
        let json = r#"{"assigned":3,"skipped":1,"total":4}"#;
        let assignment: PermissionAssignment = decode(json);
        assert_eq!((assignment.assigned, assignment.skipped), (3, 1));
        assert_required::<PermissionAssignment>(json, "skipped");
        assert_wire_roundtrip::<PermissionAssignment>(json, &["total"]);
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Role>(ROLE, &["color"]);
        assert_wire_roundtrip::<Permission>(PERMISSION, &["builtin"]);
        // `description: null` of a summary comes back absent; compare a summary list without nulls.
        let json = r#"{"userId":"u","roles":[{"id":"r","name":"n","description":"d"},{"id":"s","name":"m"}],"x":1}"#;
        assert_wire_roundtrip::<UserRoles>(json, &["x"]);
    }
}
