//! What a fresh emulator contains when no seed data is given.

use crate::config::EmulatorConfig;
use crate::crypto::random;
use crate::seed_data::{ApplicationDoc, EnvironmentDoc, PlatformUserDoc, SeedDoc, TenantDoc};

/// The default starting state, with new random ids: one tenant, its platform admin,
/// one application with a `development` environment.
pub(crate) fn default_doc(config: &EmulatorConfig) -> SeedDoc {
    let tenant_id = random::id("ten");
    let app_id = random::id("app");
    SeedDoc {
        tenants: vec![TenantDoc {
            id: tenant_id.clone(),
            name: config.tenant_name().to_owned(),
            slug: "emulator".to_owned(),
            plan: "free".to_owned(),
            settings: serde_json::Map::new(),
        }],
        platform_users: vec![PlatformUserDoc {
            id: random::id("pusr"),
            tenant_id: tenant_id.clone(),
            email: config.admin_email().to_owned(),
            password: Some(config.admin_password().to_owned()),
            password_hash: None,
            first_name: Some("Emulator".to_owned()),
            last_name: Some("Admin".to_owned()),
            roles: vec!["owner".to_owned()],
            is_active: true,
            mfa_secret: None,
            mfa_backup_codes: Vec::new(),
        }],
        applications: vec![ApplicationDoc {
            id: app_id,
            tenant_id,
            name: config.app_name().to_owned(),
            slug: "emulator-app".to_owned(),
            domain: None,
            home_url: None,
            callback_urls: None,
            is_active: true,
            settings: None,
            auth_config: None,
            environments: vec![EnvironmentDoc {
                id: random::id("env"),
                name: "development".to_owned(),
                publishable_key: publishable_key("development"),
                is_active: true,
            }],
        }],
        ..SeedDoc::default()
    }
}

/// A new publishable key: `pk_test_…` for development environments, `pk_live_…` otherwise.
pub(crate) fn publishable_key(env_name: &str) -> String {
    let mode = if env_name == "production" {
        "live"
    } else {
        "test"
    };
    format!("pk_{mode}_{}", random::hex(&random::bytes(16)))
}
