//! What a verified token must also satisfy: time rules and pins.

use std::time::Duration;

use time::OffsetDateTime;

use crate::backend::{Available, Backend};
use crate::claims::{Claims, TokenType};
use crate::error::{BackendUnavailable, ClaimProblem, VerifyError};

/// The largest accepted leeway: 5 minutes.
pub const MAX_LEEWAY: Duration = Duration::from_secs(300);

/// The default maximum token length: 8 KiB.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 8 * 1024;

/// Checks applied to a token besides its signature.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_verify::{TokenType, Validation};
///
/// let validation = Validation::default()
///     .with_leeway(Duration::from_secs(30))
///     .with_token_type(TokenType::AppUser)
///     .with_app_id("app_123");
/// assert_eq!(validation.leeway(), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    leeway: Duration,
    max_token_len: usize,
    max_token_age: Option<Duration>,
    token_type: Option<TokenType>,
    tenant_id: Option<String>,
    app_id: Option<String>,
    env_id: Option<String>,
    /// Checked when chosen, so verification never meets a missing backend.
    backend: Available,
}

impl Default for Validation {
    fn default() -> Self {
        Self {
            leeway: Duration::ZERO,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            max_token_age: None,
            token_type: None,
            tenant_id: None,
            app_id: None,
            env_id: None,
            backend: Available::default(),
        }
    }
}

impl Validation {
    /// Tolerance for clock skew on `exp`, `nbf` and `iat`. Defaults to 0;
    /// values above 5 minutes ([`MAX_LEEWAY`]) are lowered to 5 minutes.
    #[must_use]
    pub fn with_leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway.min(MAX_LEEWAY);
        self
    }

    /// Longest token accepted, in bytes, checked before any decoding.
    /// Defaults to 8 KiB ([`DEFAULT_MAX_TOKEN_LEN`]).
    #[must_use]
    pub fn with_max_token_len(mut self, max: usize) -> Self {
        self.max_token_len = max;
        self
    }

    /// Refuse tokens whose `iat` is older than `age` (then `iat` is required
    /// and may not lie in the future). Defaults to no limit, `iat` unchecked.
    #[must_use]
    pub fn with_max_token_age(mut self, age: Duration) -> Self {
        self.max_token_age = Some(age);
        self
    }

    /// Accept only tokens of this type. Defaults to any type.
    #[must_use]
    pub fn with_token_type(mut self, token_type: TokenType) -> Self {
        self.token_type = Some(token_type);
        self
    }

    /// Accept only tokens whose `tenant_id` is this. Defaults to any tenant.
    #[must_use]
    pub fn with_tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id.into());
        self
    }

    /// Accept only tokens whose `app_id` is this (tokens without one are
    /// refused). Defaults to any application.
    #[must_use]
    pub fn with_app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// Accept only tokens whose `env_id` is this (tokens without one are
    /// refused). Defaults to any environment.
    #[must_use]
    pub fn with_env_id(mut self, env_id: impl Into<String>) -> Self {
        self.env_id = Some(env_id.into());
        self
    }

    /// The signature backend. Defaults to [`Backend::default`]: `aws-lc-rs`
    /// with that feature, `p256` without.
    ///
    /// The choice is checked here, when the validation is configured, so that
    /// a build without the chosen backend fails at start-up instead of
    /// refusing every token later.
    ///
    /// ```
    /// use inai_auth_verify::{Backend, Validation};
    ///
    /// let validation = Validation::default().with_backend(Backend::P256)?;
    /// assert_eq!(validation.backend(), Backend::P256);
    /// # Ok::<(), inai_auth_verify::BackendUnavailable>(())
    /// ```
    ///
    /// # Errors
    /// [`BackendUnavailable`] when `backend` is not compiled into this build
    /// (`AwsLcRs` without the `aws-lc-rs` feature). Nothing falls back to
    /// another backend.
    pub fn with_backend(mut self, backend: Backend) -> Result<Self, BackendUnavailable> {
        self.backend = backend.available()?;
        Ok(self)
    }

    /// The leeway.
    #[must_use]
    pub fn leeway(&self) -> Duration {
        self.leeway
    }

    /// The maximum token length in bytes.
    #[must_use]
    pub fn max_token_len(&self) -> usize {
        self.max_token_len
    }

    /// The maximum token age, if any.
    #[must_use]
    pub fn max_token_age(&self) -> Option<Duration> {
        self.max_token_age
    }

    /// The pinned token type, if any.
    #[must_use]
    pub fn token_type(&self) -> Option<TokenType> {
        self.token_type
    }

    /// The pinned tenant, if any.
    #[must_use]
    pub fn tenant_id(&self) -> Option<&str> {
        self.tenant_id.as_deref()
    }

    /// The pinned application, if any.
    #[must_use]
    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref()
    }

    /// The pinned environment, if any.
    #[must_use]
    pub fn env_id(&self) -> Option<&str> {
        self.env_id.as_deref()
    }

    /// The signature backend.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend.backend()
    }

    /// The signature backend, as compiled in.
    pub(crate) fn available_backend(&self) -> Available {
        self.backend
    }

    /// Checks the time rules and pins against claims whose types are already checked.
    pub(crate) fn check(&self, claims: &Claims, now: OffsetDateTime) -> Result<(), VerifyError> {
        let leeway = time::Duration::try_from(self.leeway).unwrap_or(time::Duration::ZERO);
        // Expired when now >= exp + leeway; an exp too late to add to never expires.
        if claims.exp.checked_add(leeway).is_some_and(|end| now >= end) {
            return Err(VerifyError::Expired);
        }
        if let Some(nbf) = claims.nbf {
            if nbf.checked_sub(leeway).is_some_and(|start| now < start) {
                return Err(VerifyError::NotYetValid);
            }
        }
        if let Some(max_age) = self.max_token_age {
            let iat = claims.iat.ok_or(VerifyError::InvalidClaim {
                claim: "iat",
                problem: ClaimProblem::Missing,
            })?;
            if iat.checked_sub(leeway).is_some_and(|issued| now < issued) {
                return Err(VerifyError::InvalidClaim {
                    claim: "iat",
                    problem: ClaimProblem::InFuture,
                });
            }
            let max_age = time::Duration::try_from(max_age).unwrap_or(time::Duration::MAX);
            let limit = iat.checked_add(max_age).and_then(|t| t.checked_add(leeway));
            if limit.is_some_and(|limit| now >= limit) {
                return Err(VerifyError::TooOld);
            }
        }
        self.check_pins(claims)
    }

    fn check_pins(&self, claims: &Claims) -> Result<(), VerifyError> {
        let pin = |claim: &'static str| VerifyError::PinMismatch { claim };
        if self.token_type.is_some_and(|t| t != claims.token_type) {
            return Err(pin("type"));
        }
        if self
            .tenant_id
            .as_ref()
            .is_some_and(|t| *t != claims.tenant_id)
        {
            return Err(pin("tenant_id"));
        }
        if self.app_id.is_some() && self.app_id != claims.app_id {
            return Err(pin("app_id"));
        }
        if self.env_id.is_some() && self.env_id != claims.env_id {
            return Err(pin("env_id"));
        }
        Ok(())
    }
}
