//! Applications, their environments and their statistics.

use serde::{Deserialize, Serialize};

use super::{Settings, Timestamp};
use crate::secret::PublishableKey;

/// An application of a tenant (`ApplicationResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Application {
    /// The application's id.
    pub id: String,
    /// The tenant that owns the application.
    pub tenant_id: String,
    /// The application's display name.
    pub name: String,
    /// The application's URL-safe short name.
    pub slug: String,
    /// The application's domain, if set.
    pub domain: Option<String>,
    /// The URL of the application's logo, if set.
    pub logo_url: Option<String>,
    /// The application's home page, if set.
    pub home_url: Option<String>,
    /// The URLs the API may redirect to after sign-in, if set.
    pub callback_urls: Option<Vec<String>>,
    /// Whether the application is enabled.
    pub is_active: bool,
    /// Free-form application settings, if set.
    pub settings: Option<Settings>,
    /// Free-form authentication configuration, if set.
    pub auth_config: Option<Settings>,
    /// The application's environments (for example development and production).
    pub environments: Vec<Environment>,
    /// When the application was created.
    pub created_at: Timestamp,
    /// When the application was last changed.
    pub updated_at: Timestamp,
}

/// One environment of an application (`EnvironmentResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Environment {
    /// The environment's id.
    pub id: String,
    /// The environment's name (for example `production`).
    pub name: String,
    /// The publishable key that `/api/v1/` requests of this environment carry.
    pub publishable_key: PublishableKey,
    /// Whether the environment is enabled.
    pub is_active: bool,
}

/// Usage figures of an application (`ApplicationStats`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApplicationStats {
    /// How many users the application has.
    pub total_users: u64,
    /// How many sessions are currently active.
    pub active_sessions: u64,
    /// How many roles the application defines.
    pub total_roles: u64,
    /// How many API keys the application has.
    pub total_api_keys: u64,
    /// The same figures per environment.
    pub environments: Vec<EnvironmentStats>,
}

/// Usage figures of one environment (an item of `ApplicationStats.environments`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnvironmentStats {
    /// The environment's id.
    pub id: String,
    /// The environment's name.
    pub name: String,
    /// How many users the environment has.
    pub user_count: u64,
    /// How many sessions of the environment are active.
    pub session_count: u64,
}

/// The answer of `rotate_app_keys`: the environment's new publishable key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RotatedKeys {
    /// The publishable key that replaces the old one.
    pub publishable_key: PublishableKey,
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

    const APPLICATION: &str = r#"{
        "id": "app_01",
        "tenantId": "ten_01",
        "name": "Shop",
        "slug": "shop",
        "domain": "shop.example.com",
        "logoUrl": null,
        "homeUrl": "https://shop.example.com",
        "callbackUrls": ["https://shop.example.com/callback"],
        "isActive": true,
        "settings": {"theme": "dark", "signup": {"enabled": true}},
        "authConfig": null,
        "environments": [
            {"id": "env_dev", "name": "development", "publishableKey": "pk_dev_1", "isActive": true},
            {"id": "env_prod", "name": "production", "publishableKey": "pk_prod_1", "isActive": false}
        ],
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
        "plan": "pro"
    }"#;

    const STATS: &str = r#"{
        "totalUsers": 1200, "activeSessions": 33, "totalRoles": 4, "totalApiKeys": 2,
        "environments": [
            {"id": "env_dev", "name": "development", "userCount": 200, "sessionCount": 3},
            {"id": "env_prod", "name": "production", "userCount": 1000, "sessionCount": 30}
        ],
        "generatedAt": "2026-01-01T00:00:00Z"
    }"#;

    #[test]
    fn decodes_an_application() {
        let app: Application = decode(APPLICATION);
        assert_eq!(app.domain.as_deref(), Some("shop.example.com"));
        assert_eq!(app.logo_url, None);
        assert_eq!(
            app.callback_urls.as_deref(),
            Some(&["https://shop.example.com/callback".to_owned()][..])
        );
        let settings = app.settings.unwrap();
        assert_eq!(settings["theme"], "dark");
        assert_eq!(settings["signup"]["enabled"], true);
        assert_eq!(app.auth_config, None);
        assert_eq!(app.environments.len(), 2);
        assert_eq!(
            app.environments[1].publishable_key.expose_secret(),
            "pk_prod_1"
        );
        assert!(!app.environments[1].is_active);
    }

    #[test]
    fn nullable_and_required_fields() {
        let app: Application = decode(&with_null(
            &with_null(APPLICATION, "callbackUrls"),
            "settings",
        ));
        assert_eq!(app.callback_urls, None);
        assert_eq!(app.settings, None);
        for field in [
            "id",
            "tenantId",
            "slug",
            "isActive",
            "environments",
            "updatedAt",
        ] {
            assert_required::<Application>(APPLICATION, field);
        }
        // Settings must be an object when present.
        assert!(
            serde_json::from_str::<Application>(
                &APPLICATION.replace(r#""authConfig": null"#, r#""authConfig": [1]"#)
            )
            .is_err()
        );
        assert_required::<Environment>(
            r#"{"id":"e","name":"n","publishableKey":"pk","isActive":true}"#,
            "publishableKey",
        );
    }

    #[test]
    fn decodes_stats() {
        let stats: ApplicationStats = decode(STATS);
        assert_eq!(stats.total_users, 1200);
        assert_eq!(stats.active_sessions, 33);
        assert_eq!(stats.environments[1].user_count, 1000);
        assert_eq!(stats.environments[0].session_count, 3);
        assert_required::<ApplicationStats>(STATS, "totalApiKeys");
        assert!(serde_json::from_str::<ApplicationStats>(&STATS.replace("1200", "-1")).is_err());
    }

    #[test]
    fn decodes_rotated_keys() {
        let rotated: RotatedKeys = decode(r#"{"publishableKey":"pk_live_new","rotatedAt":"x"}"#);
        assert_eq!(rotated.publishable_key.expose_secret(), "pk_live_new");
        assert_required::<RotatedKeys>(r#"{"publishableKey":"pk"}"#, "publishableKey");
    }

    #[test]
    fn debug_hides_publishable_keys() {
        let app: Application = decode(APPLICATION);
        let rotated: RotatedKeys = decode(r#"{"publishableKey":"pk_live_new"}"#);
        let shown = format!("{app:?} {rotated:#?}");
        for key in ["pk_dev_1", "pk_prod_1", "pk_live_new"] {
            assert!(!shown.contains(key), "{key} shown in {shown}");
        }
        assert!(shown.contains("env_prod"), "{shown}");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Application>(APPLICATION, &["plan"]);
        assert_wire_roundtrip::<ApplicationStats>(STATS, &["generatedAt"]);
        assert_wire_roundtrip::<RotatedKeys>(r#"{"publishableKey":"pk","x":1}"#, &["x"]);
    }
}
