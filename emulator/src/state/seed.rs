//! Filling a fresh store from the [`Seed`].

use serde_json::Map;
use time::OffsetDateTime;

use super::model::{Application, Environment, Mfa, PlatformUser, Tenant};
use super::store::Store;
use crate::config::EmulatorConfig;
use crate::crypto::password::PasswordHash;
use crate::crypto::random;
use crate::seed::Seed;

/// New seed identifiers for an emulator.
pub(crate) fn new_seed(config: &EmulatorConfig) -> Seed {
    Seed {
        tenant_id: random::id("ten"),
        tenant_slug: "emulator".to_owned(),
        admin_id: random::id("pusr"),
        admin_email: config.admin_email().to_owned(),
        admin_password: config.admin_password().to_owned(),
        application_id: random::id("app"),
        environment_id: random::id("env"),
        publishable_key: publishable_key("development"),
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

/// A store holding exactly the seed records.
pub(crate) fn seeded_store(seed: &Seed, config: &EmulatorConfig, now: OffsetDateTime) -> Store {
    let mut store = Store::default();
    store.tenants.push(Tenant {
        id: seed.tenant_id.clone(),
        name: config.tenant_name().to_owned(),
        slug: seed.tenant_slug.clone(),
        plan: "free".to_owned(),
        settings: Map::new(),
    });
    store.platform_users.push(PlatformUser {
        id: seed.admin_id.clone(),
        tenant_id: seed.tenant_id.clone(),
        email: seed.admin_email.clone(),
        password: PasswordHash::new(&seed.admin_password),
        first_name: Some("Emulator".to_owned()),
        last_name: Some("Admin".to_owned()),
        roles: vec!["owner".to_owned()],
        is_active: true,
        mfa: Mfa::default(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
    });
    store.applications.push(Application {
        id: seed.application_id.clone(),
        tenant_id: seed.tenant_id.clone(),
        name: config.app_name().to_owned(),
        slug: "emulator-app".to_owned(),
        domain: None,
        home_url: None,
        callback_urls: None,
        is_active: true,
        settings: None,
        auth_config: None,
        created_at: now,
        updated_at: now,
    });
    store.environments.push(Environment {
        id: seed.environment_id.clone(),
        app_id: seed.application_id.clone(),
        tenant_id: seed.tenant_id.clone(),
        name: "development".to_owned(),
        publishable_key: seed.publishable_key.clone(),
        is_active: true,
    });
    store
}
