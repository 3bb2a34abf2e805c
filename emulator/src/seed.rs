//! What a fresh emulator contains.

use serde::Serialize;

/// The ids of the records an emulator starts with (and returns to on reset): by default
/// one tenant, its platform admin, one application with a `development` environment;
/// with [`SeedData`](crate::SeedData), its first tenant, platform user, application and
/// environment (`admin_password` is empty when that user was given as a `passwordHash`).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    /// Id of the seeded tenant.
    pub tenant_id: String,
    /// Slug of the seeded tenant.
    pub tenant_slug: String,
    /// Id of the seeded platform admin.
    pub admin_id: String,
    /// Email of the seeded platform admin.
    pub admin_email: String,
    /// Password of the seeded platform admin (a development password, see the crate docs).
    pub admin_password: String,
    /// Id of the seeded application.
    pub application_id: String,
    /// Id of the seeded application's `development` environment.
    pub environment_id: String,
    /// Publishable key of that environment (`pk_test_…`) at start and after a reset.
    pub publishable_key: String,
}

impl std::fmt::Debug for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seed")
            .field("tenant_id", &self.tenant_id)
            .field("tenant_slug", &self.tenant_slug)
            .field("admin_id", &self.admin_id)
            .field("admin_email", &self.admin_email)
            .field("admin_password", &"[redacted]")
            .field("application_id", &self.application_id)
            .field("environment_id", &self.environment_id)
            .field("publishable_key", &self.publishable_key)
            .finish()
    }
}
