//! The API's records of users' sessions, and the answer of revoking them all.
//!
//! Three things in this workspace have "session" in their name; they are
//! told apart by the rest of it:
//! - [`SessionRecord`] / [`AppSessionRecord`] (here): what the API says about
//!   a session it keeps (id, user, user agent, expiry), as lists answer it;
//! - `Session` in the drivers (`inai_auth_blocking::Session`,
//!   `inai_auth_async::Session`): the object in your program that holds one
//!   signed-in user's token pair and refreshes it;
//! - [`SessionState`](crate::SessionState): that object's sans-IO core (the
//!   pair, its expiry, the refresh decisions), shared by both drivers.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// The API's record of a user's session (`SessionResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionRecord {
    /// The session's id.
    pub id: String,
    /// The user the session belongs to.
    pub user_id: String,
    /// That user's email address, if known.
    pub user_email: Option<String>,
    /// The `User-Agent` of the client that opened the session, if known.
    pub user_agent: Option<String>,
    /// The IP address the session was opened from, if known.
    pub ip_address: Option<String>,
    /// When the session ends.
    pub expires_at: Timestamp,
    /// When the session was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
    /// When the session was opened.
    pub created_at: Timestamp,
}

/// The API's record of a session of an application's user, with its
/// environment (`AppSessionResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AppSessionRecord {
    /// The session's id (what revoking takes).
    pub id: String,
    /// The user the session belongs to.
    pub user_id: String,
    /// That user's email address, if known.
    pub user_email: Option<String>,
    /// The `User-Agent` of the client that opened the session, if known.
    pub user_agent: Option<String>,
    /// The IP address the session was opened from, if known.
    pub ip_address: Option<String>,
    /// The environment the session belongs to.
    pub environment_id: String,
    /// When the session ends.
    pub expires_at: Timestamp,
    /// When the session was opened.
    pub created_at: Timestamp,
}

/// The answer of `revoke_all_sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevokedSessions {
    /// A human-readable confirmation.
    pub message: String,
    /// How many sessions were revoked.
    pub revoked_count: u64,
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

    const SESSION: &str = r#"{
        "id": "ses_01", "userId": "usr_01", "userEmail": "ada@example.com",
        "userAgent": "Mozilla/5.0", "ipAddress": null, "expiresAt": "2026-01-08T00:00:00Z",
        "revokedAt": null, "createdAt": "2026-01-01T00:00:00Z", "current": true
    }"#;

    const APP_SESSION: &str = r#"{
        "id": "ses_02", "userId": "usr_02", "userEmail": null, "userAgent": null,
        "ipAddress": "203.0.113.7", "environmentId": "env_prod",
        "expiresAt": "2026-01-08T00:00:00Z", "createdAt": "2026-01-01T00:00:00Z", "country": "FR"
    }"#;

    #[test]
    fn decodes_a_session() {
        let session: SessionRecord = decode(SESSION);
        assert_eq!(session.user_agent.as_deref(), Some("Mozilla/5.0"));
        assert_eq!(session.ip_address, None);
        assert_eq!(session.revoked_at, None);
        let revoked: SessionRecord = decode(&SESSION.replace(
            r#""revokedAt": null"#,
            r#""revokedAt": "2026-01-02T00:00:00Z""#,
        ));
        assert_eq!(revoked.revoked_at.unwrap().as_str(), "2026-01-02T00:00:00Z");
        assert_required::<SessionRecord>(SESSION, "userId");
        assert_required::<SessionRecord>(SESSION, "expiresAt");
    }

    #[test]
    fn decodes_an_app_session() {
        let session: AppSessionRecord = decode(APP_SESSION);
        assert_eq!(session.ip_address.as_deref(), Some("203.0.113.7"));
        assert_eq!(session.environment_id, "env_prod");
        let session: AppSessionRecord = decode(&with_null(APP_SESSION, "ipAddress"));
        assert_eq!(session.ip_address, None);
        assert_required::<AppSessionRecord>(APP_SESSION, "environmentId");
    }

    #[test]
    fn decodes_revoked_sessions() {
        let json = r#"{"message":"Sessions revoked","revokedCount":3,"keptCurrent":true}"#;
        let revoked: RevokedSessions = decode(json);
        assert_eq!(revoked.revoked_count, 3);
        assert_eq!(revoked.message, "Sessions revoked");
        assert_required::<RevokedSessions>(json, "revokedCount");
        assert_wire_roundtrip::<RevokedSessions>(json, &["keptCurrent"]);
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<SessionRecord>(SESSION, &["current"]);
        assert_wire_roundtrip::<AppSessionRecord>(APP_SESSION, &["country"]);
    }
}
