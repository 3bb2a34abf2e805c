//! How to start an emulator: port, seed accounts, token lifetimes, clock.

use std::sync::Arc;
use std::time::Duration;

use inai_auth_verify::{Clock, SystemClock};

use crate::crypto::random;
use crate::seed_data::SeedData;

/// Email of the seeded platform admin unless configured otherwise.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@example.com";
/// Password of the seeded platform admin unless configured otherwise. For local development only.
pub const DEFAULT_ADMIN_PASSWORD: &str = "emulator-dev-password";
/// Access-token lifetime unless configured otherwise: 15 minutes.
pub const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(15 * 60);
/// Refresh-token (session) lifetime unless configured otherwise: 30 days.
pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// Settings of an emulator. Build with [`EmulatorConfig::default`] and the `with_*` setters.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_emulator::EmulatorConfig;
///
/// let config = EmulatorConfig::default()
///     .with_port(0)
///     .with_admin("ops@example.com", "a-long-dev-password")
///     .with_access_token_ttl(Duration::from_secs(60));
/// assert_eq!(config.admin_email(), "ops@example.com");
/// ```
#[derive(Clone)]
pub struct EmulatorConfig {
    port: u16,
    admin_email: String,
    admin_password: String,
    access_token_ttl: Duration,
    refresh_token_ttl: Duration,
    clock: Arc<dyn Clock>,
    tenant_name: String,
    app_name: String,
    /// Seeds the emulator's generator; the operating system's unless a test injects one.
    random_source: random::Source,
    seed: Option<SeedData>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            port: 0,
            admin_email: DEFAULT_ADMIN_EMAIL.to_owned(),
            admin_password: DEFAULT_ADMIN_PASSWORD.to_owned(),
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            clock: Arc::new(SystemClock),
            tenant_name: "Emulator Tenant".to_owned(),
            app_name: "Emulator App".to_owned(),
            random_source: random::os_source(),
            seed: None,
        }
    }
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("port", &self.port)
            .field("admin_email", &self.admin_email)
            .field("admin_password", &"[redacted]")
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field("tenant_name", &self.tenant_name)
            .field("app_name", &self.app_name)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}

impl EmulatorConfig {
    /// The TCP port on 127.0.0.1. Defaults to 0: any free port.
    #[must_use]
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The seeded platform admin. Defaults to [`DEFAULT_ADMIN_EMAIL`] and [`DEFAULT_ADMIN_PASSWORD`].
    #[must_use]
    pub fn with_admin(mut self, email: impl Into<String>, password: impl Into<String>) -> Self {
        self.admin_email = email.into().trim().to_ascii_lowercase();
        self.admin_password = password.into();
        self
    }

    /// Lifetime of access tokens. Defaults to [`DEFAULT_ACCESS_TOKEN_TTL`] (15 minutes).
    /// Values under one second count as one second.
    #[must_use]
    pub fn with_access_token_ttl(mut self, ttl: Duration) -> Self {
        self.access_token_ttl = ttl.max(Duration::from_secs(1));
        self
    }

    /// Lifetime of a session after its last refresh. Defaults to [`DEFAULT_REFRESH_TOKEN_TTL`] (30 days).
    /// Values under one second count as one second.
    #[must_use]
    pub fn with_refresh_token_ttl(mut self, ttl: Duration) -> Self {
        self.refresh_token_ttl = ttl.max(Duration::from_secs(1));
        self
    }

    /// Where the emulator reads the time (token `iat`/`exp`, expiry checks, timestamps).
    /// Defaults to [`SystemClock`]; pass a `ManualClock` to test expiry.
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Name of the seeded tenant. Defaults to `Emulator Tenant`.
    #[must_use]
    pub fn with_tenant_name(mut self, name: impl Into<String>) -> Self {
        self.tenant_name = name.into();
        self
    }

    /// Name of the seeded application. Defaults to `Emulator App`.
    #[must_use]
    pub fn with_app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = name.into();
        self
    }

    /// Starts from `seed` instead of the default records (one tenant, its admin, one
    /// application with a `development` environment); [`EmulatorConfig::with_admin`],
    /// [`EmulatorConfig::with_tenant_name`] and [`EmulatorConfig::with_app_name`] then
    /// do not apply. Reset returns to it.
    ///
    /// ```
    /// use inai_auth_emulator::{Emulator, EmulatorConfig, SeedData};
    ///
    /// let seed = SeedData::from_value(serde_json::json!({
    ///     "tenants": [{ "id": "ten_1", "name": "Acme", "slug": "acme" }],
    ///     "platformUsers": [{ "id": "pusr_1", "tenantId": "ten_1",
    ///                         "email": "ops@acme.test", "password": "ops-password" }],
    ///     "applications": [{ "id": "app_1", "tenantId": "ten_1", "name": "Shop", "slug": "shop",
    ///         "environments": [{ "id": "env_1", "name": "development",
    ///                            "publishableKey": "pk_test_shop" }] }],
    /// }))?;
    /// let emu = Emulator::start(EmulatorConfig::default().with_seed(seed))?;
    /// assert_eq!(emu.seed().publishable_key, "pk_test_shop");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_seed(mut self, seed: SeedData) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The seed data, when one was given.
    #[must_use]
    pub fn seed_data(&self) -> Option<&SeedData> {
        self.seed.as_ref()
    }

    /// Where the emulator's generator takes its seed (tests inject a failing one).
    #[cfg(test)]
    #[must_use]
    pub(crate) fn with_random_source(mut self, source: random::Source) -> Self {
        self.random_source = source;
        self
    }

    /// Where the emulator's generator takes its seed.
    pub(crate) fn random_source(&self) -> &random::Source {
        &self.random_source
    }

    /// The configured port (0: any).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Email of the seeded platform admin.
    #[must_use]
    pub fn admin_email(&self) -> &str {
        &self.admin_email
    }

    /// Password of the seeded platform admin.
    #[must_use]
    pub fn admin_password(&self) -> &str {
        &self.admin_password
    }

    /// Lifetime of access tokens.
    #[must_use]
    pub fn access_token_ttl(&self) -> Duration {
        self.access_token_ttl
    }

    /// Lifetime of sessions after their last refresh.
    #[must_use]
    pub fn refresh_token_ttl(&self) -> Duration {
        self.refresh_token_ttl
    }

    /// The clock.
    #[must_use]
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Name of the seeded tenant.
    #[must_use]
    pub fn tenant_name(&self) -> &str {
        &self.tenant_name
    }

    /// Name of the seeded application.
    #[must_use]
    pub fn app_name(&self) -> &str {
        &self.app_name
    }
}
