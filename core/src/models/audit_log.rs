//! Audit log entries.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// One entry of an audit log (`AuditLogResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuditLog {
    /// The entry's id.
    pub id: String,
    /// The user who acted, if a user did.
    pub user_id: Option<String>,
    /// That user's email address, if known.
    pub user_email: Option<String>,
    /// The platform administrator who acted, if one did.
    pub administrator_id: Option<String>,
    /// What was done, as the API names it (for example `user.login`).
    pub action: String,
    /// The kind of thing acted on.
    pub resource: String,
    /// The id of the thing acted on, if there is one.
    pub resource_id: Option<String>,
    /// Free-form details of the action, if any.
    pub details: Option<serde_json::Map<String, serde_json::Value>>,
    /// The IP address the action came from, if known.
    pub ip_address: Option<String>,
    /// The acting administrator's email address, if known.
    pub administrator_email: Option<String>,
    /// The `User-Agent` of the client that acted, if known.
    pub user_agent: Option<String>,
    /// When the action happened.
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

    const ENTRY: &str = r#"{
        "id": "log_01", "userId": "usr_01", "userEmail": "ada@example.com",
        "administratorId": null, "action": "user.login", "resource": "session",
        "resourceId": "ses_01", "details": {"method": "password", "mfa": false},
        "ipAddress": "198.51.100.2", "administratorEmail": null, "userAgent": "curl/8.0",
        "createdAt": "2026-01-01T00:00:00Z", "severity": "info"
    }"#;

    #[test]
    fn decodes_an_entry() {
        let entry: AuditLog = decode(ENTRY);
        assert_eq!(entry.action, "user.login");
        assert_eq!(entry.administrator_id, None);
        let details = entry.details.unwrap();
        assert_eq!(details["method"], "password");
        assert_eq!(details["mfa"], false);
        let entry: AuditLog = decode(&with_null(&with_null(ENTRY, "details"), "userId"));
        assert_eq!(entry.details, None);
        assert_eq!(entry.user_id, None);
        for field in ["id", "action", "resource", "createdAt"] {
            assert_required::<AuditLog>(ENTRY, field);
        }
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<AuditLog>(ENTRY, &["severity"]);
    }
}
