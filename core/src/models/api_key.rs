//! API keys of applications and of the platform.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::secret::ApiKeySecret;

/// An API key as listed (`ApiKeyResource`): its metadata, never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's id (what revoking takes).
    pub id: String,
    /// The key's display name.
    pub name: String,
    /// The first characters of the key, to recognise it by.
    pub key_prefix: String,
    /// The kind of key as the API names it.
    pub key_type: String,
    /// The environment the key belongs to.
    pub environment_id: String,
    /// When the key was last used, if ever.
    pub last_used_at: Option<Timestamp>,
    /// When the key stops working, if it expires.
    pub expires_at: Option<Timestamp>,
    /// When the key was created.
    pub created_at: Timestamp,
}

/// A newly created API key: its metadata and, this one time only, its secret
/// (`ApiKeyResource & { key }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CreatedApiKey {
    /// The key's metadata, as later listed.
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// The full key. The API never shows it again: store it now.
    pub key: ApiKeySecret,
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

    const API_KEY: &str = r#"{
        "id": "key_01", "name": "CI", "keyPrefix": "sk_live_ab", "keyType": "secret",
        "environmentId": "env_prod", "lastUsedAt": "2026-01-05T00:00:00Z", "expiresAt": null,
        "createdAt": "2026-01-01T00:00:00Z", "scopes": ["*"]
    }"#;

    const CREATED: &str = r#"{
        "id": "key_02", "name": "deploy", "keyPrefix": "sk_live_cd", "keyType": "secret",
        "environmentId": "env_prod", "lastUsedAt": null, "expiresAt": "2027-01-01T00:00:00Z",
        "createdAt": "2026-01-01T00:00:00Z", "key": "sk_live_cd_SUPERSECRETVALUE", "note": "once"
    }"#;

    #[test]
    fn decodes_an_api_key() {
        let key: ApiKey = decode(API_KEY);
        assert_eq!(key.key_prefix, "sk_live_ab");
        assert_eq!(key.key_type, "secret");
        assert_eq!(key.last_used_at.unwrap().as_str(), "2026-01-05T00:00:00Z");
        assert_eq!(key.expires_at, None);
        let key: ApiKey = decode(&with_null(API_KEY, "lastUsedAt"));
        assert_eq!(key.last_used_at, None);
        for field in ["id", "keyPrefix", "keyType", "environmentId", "createdAt"] {
            assert_required::<ApiKey>(API_KEY, field);
        }
    }

    #[test]
    fn decodes_a_created_key_with_its_secret() {
        let created: CreatedApiKey = decode(CREATED);
        assert_eq!(created.api_key.id, "key_02");
        assert_eq!(
            created.api_key.expires_at.as_ref().unwrap().as_str(),
            "2027-01-01T00:00:00Z"
        );
        assert_eq!(created.key.expose_secret(), "sk_live_cd_SUPERSECRETVALUE");
        assert_required::<CreatedApiKey>(CREATED, "key");
        assert_required::<CreatedApiKey>(CREATED, "keyPrefix");
    }

    #[test]
    fn debug_hides_the_secret() {
        let created: CreatedApiKey = decode(CREATED);
        let shown = format!("{created:?} {created:#?}");
        assert!(!shown.contains("SUPERSECRETVALUE"), "{shown}");
        assert!(shown.contains("key_02"), "{shown}");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<ApiKey>(API_KEY, &["scopes"]);
        assert_wire_roundtrip::<CreatedApiKey>(CREATED, &["note"]);
    }
}
