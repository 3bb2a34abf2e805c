//! A signed-in session's tokens and when to refresh them, without IO.
//!
//! [`SessionState`] holds a token pair, knows when its access token expires
//! (from `expires_in` and the time the pair was obtained) and which
//! operation refreshes it. A driver wraps it in a lock and runs this loop
//! whenever a caller wants the access token:
//!
//! 1. Before taking the lock, read how many refresh attempts have finished
//!    ([`attempts`](SessionState::attempts), mirrored outside the lock, e.g.
//!    in an atomic the driver updates after each attempt).
//! 2. Under the lock, ask [`next_step(now, seen)`](SessionState::next_step):
//!    - [`SessionStep::Current`]: hand out this access token;
//!    - [`SessionStep::Shared`]: a refresh finished while this caller waited
//!      for the lock and failed: that failure is this caller's answer too
//!      (callers waiting on one refresh share its outcome, success or
//!      failure, and none sends a refresh of its own);
//!    - [`SessionStep::Refresh`]: send this operation, keeping the lock, so
//!      only one refresh runs (refresh tokens are single-use: a second
//!      refresh with the same token would end the session).
//! 3. Report the outcome: [`handle_refreshed(pair, now)`](SessionState::handle_refreshed)
//!    and hand out the new token, or
//!    [`handle_refresh_failed(&error)`](SessionState::handle_refresh_failed)
//!    and return the error (the state keeps the old pair; a caller arriving
//!    after the failure tries again). Then update the mirrored count.
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

use crate::error::{InAIAuthError, TransportError};
use crate::models::{LoginResult, PlatformUser, TokenGrant, TokenPair, User};
use crate::ops::{Logout, PlatformLogout, PlatformRefresh, Refresh};
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

/// The operation that ends a session at the API, by flavour; see
/// [`SessionState::logout_operation`]. Both answer an
/// [`Ack`](crate::models::Ack).
#[derive(Debug, Clone)]
pub enum LogoutOperation {
    /// `logout`: revokes an application user's refresh token.
    AppUser(Logout),
    /// `platform_logout`: signs a platform user out with the access token.
    Platform(PlatformLogout),
}

/// What a caller asking a session for its access token does next; see
/// [`SessionState::next_step`].
#[derive(Debug)]
#[non_exhaustive]
pub enum SessionStep {
    /// The current access token is good: hand it out.
    Current(AccessToken),
    /// Send this refresh (holding the session's lock), then report its
    /// outcome with [`SessionState::handle_refreshed`] or
    /// [`SessionState::handle_refresh_failed`].
    Refresh(RefreshOperation),
    /// A refresh that finished while this caller waited failed: return this
    /// copy of its error, and send nothing.
    Shared(InAIAuthError),
}

/// A session's token pair and its expiry; see the [module documentation](self).
///
/// `Debug` shows the flavour and times, never the tokens.
pub struct SessionState {
    flavour: SessionFlavour,
    tokens: TokenPair,
    obtained_at: SystemTime,
    refresh_margin: Duration,
    /// Refresh attempts finished so far, successful or not.
    attempts: u64,
    /// The error of the last attempt, when it failed.
    last_failure: Option<InAIAuthError>,
}

impl Clone for SessionState {
    fn clone(&self) -> Self {
        Self {
            flavour: self.flavour,
            tokens: self.tokens.clone(),
            obtained_at: self.obtained_at,
            refresh_margin: self.refresh_margin,
            attempts: self.attempts,
            last_failure: self.last_failure.as_ref().map(duplicate),
        }
    }
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
            attempts: 0,
            last_failure: None,
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

    /// The operation that ends this session at the API: `logout` with the
    /// refresh token for an app user, `platform_logout` with the access
    /// token for a platform user. Both drivers' `Session::logout` send it.
    #[must_use]
    pub fn logout_operation(&self) -> LogoutOperation {
        match self.flavour {
            SessionFlavour::AppUser => {
                LogoutOperation::AppUser(Logout::new(self.tokens.refresh_token.clone()))
            }
            SessionFlavour::Platform => {
                LogoutOperation::Platform(PlatformLogout::new(self.tokens.access_token.clone()))
            }
        }
    }

    /// How many refresh attempts have finished (successful or not). A
    /// driver reads it before waiting for the session's lock and passes it
    /// to [`next_step`](Self::next_step).
    #[must_use]
    pub fn attempts(&self) -> u64 {
        self.attempts
    }

    /// What a caller that read [`attempts`](Self::attempts) as `seen` before
    /// waiting for the lock does at `now`: take the current token when it is
    /// not due; share the failure of a refresh that finished meanwhile
    /// (`attempts() != seen` and it failed); otherwise refresh.
    #[must_use]
    pub fn next_step(&self, now: SystemTime, seen: u64) -> SessionStep {
        if !self.needs_refresh(now) {
            return SessionStep::Current(self.access_token().clone());
        }
        match &self.last_failure {
            Some(failure) if self.attempts != seen => SessionStep::Shared(duplicate(failure)),
            _ => SessionStep::Refresh(self.refresh_operation()),
        }
    }

    /// Takes the pair a refresh answered at `now`: the old pair is dropped
    /// (its refresh token is spent) and the expiry counts from `now`.
    pub fn handle_refreshed(&mut self, tokens: TokenPair, now: SystemTime) {
        self.tokens = tokens;
        self.obtained_at = now;
        self.attempts += 1;
        self.last_failure = None;
    }

    /// Records that a refresh failed with `error`: the pair stays, and the
    /// callers that waited for this refresh get a copy of `error` from
    /// [`next_step`](Self::next_step).
    pub fn handle_refresh_failed(&mut self, error: &InAIAuthError) {
        self.attempts += 1;
        self.last_failure = Some(duplicate(error));
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
            .field("attempts", &self.attempts)
            .field("last_failure", &self.last_failure)
            .finish()
    }
}

/// A copy of a refresh error for another caller. Transport errors are not
/// `Clone` (they may hold their cause): the copy keeps their kind and message.
fn duplicate(error: &InAIAuthError) -> InAIAuthError {
    match error {
        InAIAuthError::Api(e) => InAIAuthError::Api(e.clone()),
        InAIAuthError::Decode(e) => InAIAuthError::Decode(e.clone()),
        InAIAuthError::Config(e) => InAIAuthError::Config(e.clone()),
        InAIAuthError::InvalidRequest(e) => InAIAuthError::InvalidRequest(e.clone()),
        InAIAuthError::Transport(e) => {
            let message = match std::error::Error::source(e) {
                Some(source) => format!("{e}: {source}"),
                None => e.to_string(),
            };
            InAIAuthError::Transport(TransportError::new(e.kind(), message))
        }
    }
}

#[cfg(test)]
mod tests;
