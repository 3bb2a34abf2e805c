//! Email templates and their previews.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// A template of the emails the API sends (`EmailTemplateResource`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailTemplate {
    /// The template's id.
    pub id: String,
    /// The application the template belongs to.
    pub application_id: String,
    /// The environment the template belongs to, if it is environment-specific.
    pub environment_id: Option<String>,
    /// The template's name (which email it is, for example `verify_email`).
    pub name: String,
    /// The email's subject line.
    pub subject: String,
    /// The email's HTML body.
    pub html_body: String,
    /// The email's plain-text body, if set.
    pub text_body: Option<String>,
    /// The names of the variables the bodies may use.
    pub variables: Vec<String>,
    /// Whether the template is in use.
    pub is_active: bool,
    /// When the template was created.
    pub created_at: Timestamp,
    /// When the template was last changed.
    pub updated_at: Timestamp,
}

/// A template rendered with sample values (the answer of the preview operations).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailTemplatePreview {
    /// The rendered HTML body.
    pub html: String,
    /// The rendered plain-text body, if the template has one.
    pub text: Option<String>,
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

    const TEMPLATE: &str = r#"{
        "id": "tpl_01", "applicationId": "app_01", "environmentId": null,
        "name": "verify_email", "subject": "Confirm your address",
        "htmlBody": "<p>Hello {{firstName}}</p>", "textBody": "Hello {{firstName}}",
        "variables": ["firstName", "link"], "isActive": true,
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z", "locale": "en"
    }"#;

    #[test]
    fn decodes_a_template() {
        let template: EmailTemplate = decode(TEMPLATE);
        assert_eq!(template.environment_id, None);
        assert_eq!(template.html_body, "<p>Hello {{firstName}}</p>");
        assert_eq!(template.text_body.as_deref(), Some("Hello {{firstName}}"));
        assert_eq!(template.variables, ["firstName", "link"]);
        let template: EmailTemplate = decode(&with_null(TEMPLATE, "textBody"));
        assert_eq!(template.text_body, None);
        for field in [
            "applicationId",
            "subject",
            "htmlBody",
            "variables",
            "isActive",
        ] {
            assert_required::<EmailTemplate>(TEMPLATE, field);
        }
    }

    #[test]
    fn decodes_a_preview() {
        let preview: EmailTemplatePreview = decode(r#"{"html":"<p>Hi Ada</p>","text":null}"#);
        assert_eq!(preview.html, "<p>Hi Ada</p>");
        assert_eq!(preview.text, None);
        let preview: EmailTemplatePreview =
            decode(r#"{"html":"<p>x</p>","text":"x","subject":"s"}"#);
        assert_eq!(preview.text.as_deref(), Some("x"));
        assert_required::<EmailTemplatePreview>(r#"{"html":"h","text":null}"#, "html");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<EmailTemplate>(TEMPLATE, &["locale"]);
        assert_wire_roundtrip::<EmailTemplatePreview>(r#"{"html":"h","text":null,"s":1}"#, &["s"]);
    }
}

/// The answer of [`InitializeEmailTemplates`](crate::ops::InitializeEmailTemplates):
/// the templates created and the API's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InitializedEmailTemplates {
    /// The templates (wire name `data`).
    #[serde(rename = "data")]
    pub templates: Vec<EmailTemplate>,
    /// A human-readable confirmation.
    pub message: String,
}
