//! [`Context`]: a running emulator and the records tests need, created
//! through the core's operations over the testkit's own HTTP client.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

use inai_auth_core::models::{LoginResult, TokenPair};
use inai_auth_core::ops::{Login, PlatformLogin, Register};
use inai_auth_core::secret::{AccessToken, MfaCode, Password};
use inai_auth_core::{Config, Operation, SyncHttpClient, send};
use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle, OutboxEntry, Seed};

use crate::error::SetupError;
use crate::http::Loopback;
use crate::totp::totp_code;

/// The password of every user the testkit creates.
pub const PASSWORD: &str = "testkit-password-1";

/// An app user the testkit signed up, with a session.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user's id.
    pub id: String,
    /// The user's email.
    pub email: String,
    /// The user's password.
    pub password: Password,
    /// The tokens of the user's session.
    pub tokens: TokenPair,
}

impl TestUser {
    /// The session's access token.
    #[must_use]
    pub fn token(&self) -> AccessToken {
        self.tokens.access_token.clone()
    }
}

/// A fresh emulator with a signed-in platform admin and a signed-in app
/// user of the seeded application; more records on demand.
///
/// Every test gets its own, so destructive operations (delete, revoke,
/// logout, rotate) cannot break other tests.
#[derive(Debug)]
pub struct Context {
    emulator: EmulatorHandle,
    config: Config,
    http: Loopback,
    admin: TokenPair,
    user: TestUser,
    counter: AtomicU32,
}

impl Context {
    /// Starts an emulator with the default settings and sets up the admin
    /// and the user.
    ///
    /// # Errors
    /// [`SetupError`] when the emulator does not start or a step fails.
    pub fn start() -> Result<Self, SetupError> {
        Self::start_with(EmulatorConfig::default())
    }

    /// As [`start`](Self::start), with the emulator configured by `config`.
    ///
    /// # Errors
    /// As [`start`](Self::start).
    pub fn start_with(config: EmulatorConfig) -> Result<Self, SetupError> {
        let emulator = Emulator::start(config)?;
        let seed = emulator.seed().clone();
        let config = Config::builder()
            .base_url(emulator.base_url())
            .publishable_key(seed.publishable_key.as_str())
            .build()
            .map_err(|e| SetupError::Step {
                step: "config",
                source: e.into(),
            })?;
        let http = Loopback::default();
        let admin_login = send(
            &http,
            &config,
            &PlatformLogin::new(seed.admin_email.as_str(), seed.admin_password.as_str()),
        )
        .map_err(step(PlatformLogin::NAME))?;
        let admin = complete(PlatformLogin::NAME, admin_login)?;
        let user = register(&http, &config, "user-0@example.com")?;
        Ok(Self {
            emulator,
            config,
            http,
            admin,
            user,
            counter: AtomicU32::new(1),
        })
    }

    /// The running emulator (outbox, faults, request counts, key rotation).
    #[must_use]
    pub fn emulator(&self) -> &EmulatorHandle {
        &self.emulator
    }

    /// The seeded records.
    #[must_use]
    pub fn seed(&self) -> &Seed {
        self.emulator.seed()
    }

    /// The emulator's base URL with the seeded publishable key: what a
    /// driver under test is configured with.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The seeded application's id.
    #[must_use]
    pub fn app_id(&self) -> &str {
        &self.seed().application_id
    }

    /// The seeded application's `development` environment id.
    #[must_use]
    pub fn env_id(&self) -> &str {
        &self.seed().environment_id
    }

    /// The platform admin's tokens.
    #[must_use]
    pub fn admin(&self) -> &TokenPair {
        &self.admin
    }

    /// The platform admin's access token.
    #[must_use]
    pub fn admin_token(&self) -> AccessToken {
        self.admin.access_token.clone()
    }

    /// The app user signed up at start.
    #[must_use]
    pub fn user(&self) -> &TestUser {
        &self.user
    }

    /// The app user's access token.
    #[must_use]
    pub fn user_token(&self) -> AccessToken {
        self.user.token()
    }

    /// Sends `operation` with the testkit's own client (not a driver).
    ///
    /// # Errors
    /// [`SetupError::Step`] with the operation's name.
    pub fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, SetupError> {
        send(&self.http, &self.config, operation).map_err(step(O::NAME))
    }

    /// A name unique within this context: `<prefix>-<n>`.
    pub fn unique(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.counter.fetch_add(1, Ordering::Relaxed))
    }

    /// An email address unique within this context.
    pub fn email(&self, prefix: &str) -> String {
        format!("{}@example.com", self.unique(prefix))
    }

    /// Signs up a new app user (and signs them in).
    ///
    /// # Errors
    /// [`SetupError`] when registration fails.
    pub fn new_user(&self) -> Result<TestUser, SetupError> {
        register(&self.http, &self.config, &self.email("user"))
    }

    /// Opens another session for `user`.
    ///
    /// # Errors
    /// [`SetupError`] when the login fails or needs MFA.
    pub fn login(&self, user: &TestUser) -> Result<TokenPair, SetupError> {
        let login = self.send(&Login::new(user.email.as_str(), user.password.clone()))?;
        complete(Login::NAME, login)
    }

    /// Opens another session for the platform admin.
    ///
    /// # Errors
    /// [`SetupError`] when the login fails or needs MFA.
    pub fn admin_login(&self) -> Result<TokenPair, SetupError> {
        let seed = self.seed();
        let login = self.send(&PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))?;
        complete(PlatformLogin::NAME, login)
    }

    /// The newest outbox email of `kind` to `to`, and its token.
    ///
    /// # Errors
    /// [`SetupError::Missing`] when there is none.
    pub fn outbox_token(&self, to: &str, kind: &str) -> Result<String, SetupError> {
        self.emulator
            .outbox()
            .into_iter()
            .rev()
            .find(|e: &OutboxEntry| e.to == to && e.kind == kind)
            .map(|e| e.token)
            .ok_or_else(|| SetupError::missing("outbox", format!("no `{kind}` email to {to}")))
    }

    /// Turns MFA on for the platform user `email` through the emulator's
    /// `POST /__emulator/platform-mfa`; answers the TOTP secret.
    ///
    /// # Errors
    /// [`SetupError`] when the emulator refuses or answers no secret.
    pub fn platform_mfa_on(&self, email: &str) -> Result<String, SetupError> {
        let body = serde_json::json!({ "email": email });
        let response = self.emulator_json(http::Method::POST, "/__emulator/platform-mfa", &body)?;
        let answer: serde_json::Value = serde_json::from_slice(response.body())
            .map_err(|e| SetupError::missing("platform-mfa", e.to_string()))?;
        answer
            .pointer("/data/secret")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                SetupError::missing(
                    "platform-mfa",
                    format!("no secret in {}", response.status()),
                )
            })
    }

    /// Sends raw JSON to the emulator at `path` (with the publishable key),
    /// for setup the typed operations cannot express.
    ///
    /// # Errors
    /// [`SetupError::Missing`] when the request cannot be sent.
    pub fn emulator_json(
        &self,
        method: http::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<http::Response<Vec<u8>>, SetupError> {
        const STEP: &str = "raw request";
        let bytes =
            serde_json::to_vec(body).map_err(|e| SetupError::missing(STEP, e.to_string()))?;
        let request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.emulator.base_url()))
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(
                inai_auth_core::PUBLISHABLE_KEY_HEADER,
                self.seed().publishable_key.as_str(),
            )
            .body(bytes)
            .map_err(|e| SetupError::missing(STEP, e.to_string()))?;
        self.http
            .call(request)
            .map_err(|e| SetupError::missing(STEP, e.to_string()))
    }

    /// The TOTP code of `secret` now, shifted by `step_offset` 30 s steps
    /// (-1, 0 and 1 are accepted by the emulator).
    ///
    /// # Errors
    /// [`SetupError::Missing`] when the secret is not base32.
    pub fn totp(&self, secret: &str, step_offset: i64) -> Result<MfaCode, SetupError> {
        totp_code(secret, SystemTime::now(), step_offset)
            .map(MfaCode::new)
            .ok_or_else(|| SetupError::missing("totp", "the secret is not base32"))
    }
}

/// Maps an operation's error to a setup step error.
pub(crate) fn step(name: &'static str) -> impl FnOnce(inai_auth_core::InAIAuthError) -> SetupError {
    move |source| SetupError::Step { step: name, source }
}

/// The tokens of a login that must be complete.
pub(crate) fn complete<U>(
    step: &'static str,
    login: LoginResult<U>,
) -> Result<TokenPair, SetupError> {
    login
        .into_tokens()
        .ok_or_else(|| SetupError::missing(step, "the login asked for MFA"))
}

fn register(http: &Loopback, config: &Config, email: &str) -> Result<TestUser, SetupError> {
    let login =
        send(http, config, &Register::new(email, PASSWORD)).map_err(step(Register::NAME))?;
    let id = login
        .user()
        .map(|u| u.id.clone())
        .ok_or_else(|| SetupError::missing(Register::NAME, "no user in the answer"))?;
    let tokens = complete(Register::NAME, login)?;
    Ok(TestUser {
        id,
        email: email.to_owned(),
        password: Password::new(PASSWORD),
        tokens,
    })
}
