//! A signed-in session's tokens and when to refresh them, without IO.
//!
//! [`SessionState`] holds a token pair, knows when its access token expires
//! (from `expires_in` and the time the pair was obtained) and which
//! operation refreshes it. A driver wraps it in a lock and runs this loop
//! whenever a caller wants the access token:
//!
//! 1. [`needs_refresh(now)`](SessionState::needs_refresh)? If not, hand out
//!    [`access_token`](SessionState::access_token).
//! 2. Otherwise send [`refresh_operation`](SessionState::refresh_operation)
//!    (keeping the lock, so only one refresh runs: refresh tokens are
//!    single-use, and a second refresh with the same token would end the
//!    session).
//! 3. On success feed the new pair to
//!    [`handle_refreshed(pair, now)`](SessionState::handle_refreshed) and hand
//!    out the new access token; on failure return the error (the state keeps
//!    the old pair, and the next caller tries again).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use inai_auth_core::models::TokenPair;
//! use inai_auth_core::{RefreshOperation, SessionFlavour, SessionState};
//!
//! let obtained = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
//! let pair = TokenPair::new("access-1".into(), "refresh-1".into(), 900);
//! let state = SessionState::new(SessionFlavour::AppUser, pair, obtained);
//! assert!(!state.needs_refresh(obtained + Duration::from_secs(599)));
//! assert!(state.needs_refresh(obtained + Duration::from_secs(600))); // 5 min before expiry
//! assert!(matches!(state.refresh_operation(), RefreshOperation::AppUser(_)));
//! ```

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::models::{LoginResult, PlatformUser, TokenGrant, TokenPair, User};
use crate::ops::{PlatformRefresh, Refresh};
use crate::secret::{AccessToken, RefreshToken};

/// How long before the access token expires a session refreshes it by
/// default: 5 minutes.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// Whose session it is, which decides the refresh endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionFlavour {
    /// An application user (`/api/v1/auth/refresh`).
    AppUser,
    /// A platform user (`/api/platform/auth/refresh`).
    Platform,
}

/// A user type whose logins open sessions of one flavour: [`User`] for app
/// users, [`PlatformUser`] for the platform. Lets a session be made from a
/// `LoginResult<U>` or `TokenGrant<U>` without naming the flavour.
pub trait SessionUser {
    /// The flavour of the sessions this user type signs in to.
    const FLAVOUR: SessionFlavour;
}

impl SessionUser for User {
    const FLAVOUR: SessionFlavour = SessionFlavour::AppUser;
}

impl SessionUser for PlatformUser {
    const FLAVOUR: SessionFlavour = SessionFlavour::Platform;
}

/// The operation that refreshes a session, by flavour. Both answer a
/// [`TokenPair`].
#[derive(Debug, Clone)]
pub enum RefreshOperation {
    /// Refresh an application user's tokens.
    AppUser(Refresh),
    /// Refresh a platform user's tokens.
    Platform(PlatformRefresh),
}

/// A session's token pair and its expiry; see the [module documentation](self).
///
/// `Debug` shows the flavour and times, never the tokens.
#[derive(Clone)]
pub struct SessionState {
    flavour: SessionFlavour,
    tokens: TokenPair,
    obtained_at: SystemTime,
    refresh_margin: Duration,
}

impl SessionState {
    /// A session holding `tokens`, obtained at `now` (their `expires_in`
    /// counts from then). Refreshes [`DEFAULT_REFRESH_MARGIN`] before expiry.
    #[must_use]
    pub fn new(flavour: SessionFlavour, tokens: TokenPair, now: SystemTime) -> Self {
        Self {
            flavour,
            tokens,
            obtained_at: now,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// A session from a login or registration answered at `now`, of the
    /// flavour of `U`; `None` when the login still needs a second factor
    /// (finish it with the MFA challenge, then use
    /// [`from_grant`](Self::from_grant)).
    #[must_use]
    pub fn from_login<U: SessionUser>(login: LoginResult<U>, now: SystemTime) -> Option<Self> {
        login
            .into_tokens()
            .map(|tokens| Self::new(U::FLAVOUR, tokens, now))
    }

    /// A session from a completed MFA challenge answered at `now`, of the
    /// flavour of `U`.
    #[must_use]
    pub fn from_grant<U: SessionUser>(grant: TokenGrant<U>, now: SystemTime) -> Self {
        Self::new(U::FLAVOUR, grant.tokens, now)
    }

    /// Sets how long before expiry the access token is refreshed. Defaults to
    /// [`DEFAULT_REFRESH_MARGIN`] (5 min). For tokens that live less than
    /// twice the margin, half their lifetime is used instead, so that a
    /// fresh token is not refreshed at once.
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Whose session it is.
    #[must_use]
    pub fn flavour(&self) -> SessionFlavour {
        self.flavour
    }

    /// The current token pair.
    #[must_use]
    pub fn tokens(&self) -> &TokenPair {
        &self.tokens
    }

    /// The current access token (check [`needs_refresh`](Self::needs_refresh)
    /// first).
    #[must_use]
    pub fn access_token(&self) -> &AccessToken {
        &self.tokens.access_token
    }

    /// The current refresh token.
    #[must_use]
    pub fn refresh_token(&self) -> &RefreshToken {
        &self.tokens.refresh_token
    }

    /// When the current pair was obtained.
    #[must_use]
    pub fn obtained_at(&self) -> SystemTime {
        self.obtained_at
    }

    /// When the access token expires: obtained + `expires_in`.
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        self.obtained_at
            .checked_add(self.lifetime())
            .unwrap_or(self.obtained_at)
    }

    /// When the access token should be refreshed: the refresh margin before
    /// [`expires_at`](Self::expires_at) (see
    /// [`with_refresh_margin`](Self::with_refresh_margin)).
    #[must_use]
    pub fn refresh_at(&self) -> SystemTime {
        let margin = self.refresh_margin.min(self.lifetime() / 2);
        self.expires_at()
            .checked_sub(margin)
            .unwrap_or(self.obtained_at)
    }

    /// Whether the access token is due for a refresh at `now`.
    #[must_use]
    pub fn needs_refresh(&self, now: SystemTime) -> bool {
        now >= self.refresh_at()
    }

    /// Whether the access token has expired at `now`.
    #[must_use]
    pub fn is_expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at()
    }

    /// The operation that exchanges the current refresh token for a new pair.
    #[must_use]
    pub fn refresh_operation(&self) -> RefreshOperation {
        let token = self.tokens.refresh_token.clone();
        match self.flavour {
            SessionFlavour::AppUser => RefreshOperation::AppUser(Refresh::new(token)),
            SessionFlavour::Platform => RefreshOperation::Platform(PlatformRefresh::new(token)),
        }
    }

    /// Takes the pair a refresh answered at `now`: the old pair is dropped
    /// (its refresh token is spent) and the expiry counts from `now`.
    pub fn handle_refreshed(&mut self, tokens: TokenPair, now: SystemTime) {
        self.tokens = tokens;
        self.obtained_at = now;
    }

    fn lifetime(&self) -> Duration {
        Duration::from_secs(self.tokens.expires_in)
    }
}

impl fmt::Debug for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionState")
            .field("flavour", &self.flavour)
            .field("tokens", &"[redacted]")
            .field("obtained_at", &self.obtained_at)
            .field("expires_in", &self.tokens.expires_in)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

#[cfg(test)]
mod tests;
