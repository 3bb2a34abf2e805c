//! Webhooks: where the API sends event notifications.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::secret::WebhookSecret;

/// A webhook subscription (`WebhookResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Webhook {
    /// The webhook's id.
    pub id: String,
    /// The URL the API posts events to.
    pub url: String,
    /// The names of the events the webhook receives.
    pub events: Vec<String>,
    /// The secret that signs deliveries, to check that they come from the API.
    pub secret: WebhookSecret,
    /// Whether deliveries are enabled.
    pub is_active: bool,
    /// When an event was last delivered, if ever.
    pub last_triggered_at: Option<Timestamp>,
    /// When the webhook was created.
    pub created_at: Timestamp,
    /// When the webhook was last changed.
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
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode};

    const WEBHOOK: &str = r#"{
        "id": "wh_01", "url": "https://hooks.example.com/inai",
        "events": ["user.created", "user.deleted"], "secret": "whsec_TOPSECRETSIGNINGKEY",
        "isActive": true, "lastTriggeredAt": null, "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z", "failureCount": 0
    }"#;

    #[test]
    fn decodes_a_webhook() {
        let webhook: Webhook = decode(WEBHOOK);
        assert_eq!(webhook.events, ["user.created", "user.deleted"]);
        assert_eq!(webhook.secret.expose_secret(), "whsec_TOPSECRETSIGNINGKEY");
        assert_eq!(webhook.last_triggered_at, None);
        for field in ["url", "events", "secret", "isActive"] {
            assert_required::<Webhook>(WEBHOOK, field);
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let webhook: Webhook = decode(WEBHOOK);
        let shown = format!("{webhook:?} {webhook:#?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("hooks.example.com"), "{shown}");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Webhook>(WEBHOOK, &["failureCount"]);
    }
}
