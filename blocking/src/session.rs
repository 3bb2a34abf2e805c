//! [`Session`]: a signed-in user's tokens, refreshed before they expire.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use inai_auth_core::models::{Ack, LoginResult, TokenGrant, TokenPair};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::session::DEFAULT_REFRESH_MARGIN;
use inai_auth_core::{
    InAIAuthError, LogoutOperation, RefreshOperation, SessionFlavour, SessionState, SessionStep,
    SessionUser,
};
use inai_auth_verify::{Clock, SystemClock};

use crate::client::Client;

/// A signed-in app user's or platform user's tokens, kept fresh.
///
/// [`access_token`](Self::access_token) hands out the current access token,
/// refreshing the pair first when it expires within the refresh margin
/// (5 min by default). Only one refresh runs at a time however many threads
/// ask: the others wait for it and get its token, or its error (refresh
/// tokens are single-use, so two refreshes would end the session). A failed
/// refresh is an error, never the stale token; a call made after it tries
/// again. Cheap to clone (clones share the tokens), `Send + Sync`.
///
/// ```no_run
/// use inai_auth_blocking::{Client, Session};
/// use inai_auth_core::ops::{GetMe, Login};
///
/// let client = Client::from_env()?;
/// let login = client.login(Login::new("ada@example.com", "correct horse battery"))?;
/// let Some(session) = Session::from_login(client.clone(), login) else {
///     return Ok(()); // MFA required: finish with `mfa_challenge`, then `Session::from_grant`
/// };
/// let me = client.get_me(GetMe::new(session.access_token()?))?;
/// # let _ = me;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    clock: Arc<dyn Clock>,
    state: Mutex<SessionState>,
    /// Refresh attempts finished so far ([`SessionState::attempts`]),
    /// readable without the lock.
    attempts: AtomicU64,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("state", &*self.state())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A builder, to set the clock or the refresh margin.
    pub fn builder(client: Client) -> SessionBuilder {
        SessionBuilder {
            client,
            clock: Arc::new(SystemClock),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// A session from a completed login (`login`, `register`,
    /// `platform_login`, ...): an app user session for `LoginResult<User>`,
    /// a platform one for `LoginResult<PlatformUser>`. `None` when the login
    /// needs a second factor.
    #[must_use]
    pub fn from_login<U: SessionUser>(client: Client, login: LoginResult<U>) -> Option<Self> {
        Self::builder(client).login(login)
    }

    /// A session from a completed MFA challenge.
    #[must_use]
    pub fn from_grant<U: SessionUser>(client: Client, grant: TokenGrant<U>) -> Self {
        Self::builder(client).grant(grant)
    }

    /// A session from a token pair obtained now (e.g. stored ones).
    #[must_use]
    pub fn from_tokens(client: Client, flavour: SessionFlavour, tokens: TokenPair) -> Self {
        Self::builder(client).tokens(flavour, tokens)
    }

    /// The current access token, refreshed first if it is due.
    ///
    /// # Errors
    /// The refresh's error when a refresh was due and failed (the token is
    /// not handed out then): typically [`InAIAuthError::Api`] with 401 when
    /// the session was revoked, or a transport error. Callers that waited
    /// for that refresh get the same error without sending one of their own.
    pub fn access_token(&self) -> Result<AccessToken, InAIAuthError> {
        let seen = self.inner.attempts.load(Ordering::Acquire);
        let mut state = self.state();
        match state.next_step(self.now(), seen) {
            SessionStep::Current(token) => Ok(token),
            SessionStep::Shared(error) => Err(error),
            SessionStep::Refresh(operation) => self.refresh_locked(&mut state, operation),
            // A step this driver does not know: refresh, the safe default.
            _ => {
                let operation = state.refresh_operation();
                self.refresh_locked(&mut state, operation)
            }
        }
    }

    /// Refreshes the pair now, whether due or not, and returns the new
    /// access token.
    ///
    /// # Errors
    /// As [`access_token`](Self::access_token).
    pub fn refresh(&self) -> Result<AccessToken, InAIAuthError> {
        let mut state = self.state();
        let operation = state.refresh_operation();
        self.refresh_locked(&mut state, operation)
    }

    /// Ends the session at the API: `logout` with the refresh token for an
    /// app user, `platform_logout` with the access token for a platform user.
    /// Afterwards the API refuses the session's tokens; drop the session.
    ///
    /// # Errors
    /// As [`Client::send`].
    pub fn logout(&self) -> Result<Ack, InAIAuthError> {
        let operation = self.state().logout_operation();
        match operation {
            LogoutOperation::AppUser(operation) => self.inner.client.send(&operation),
            LogoutOperation::Platform(operation) => self.inner.client.send(&operation),
        }
    }

    /// A copy of the current token pair (to store it, for instance).
    #[must_use]
    pub fn tokens(&self) -> TokenPair {
        self.state().tokens().clone()
    }

    /// Whose session it is.
    #[must_use]
    pub fn flavour(&self) -> SessionFlavour {
        self.state().flavour()
    }

    /// When the current access token expires.
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        self.state().expires_at()
    }

    /// Sends the refresh while holding the lock, so no other refresh
    /// starts, and records its outcome for the callers waiting on the lock.
    fn refresh_locked(
        &self,
        state: &mut SessionState,
        operation: RefreshOperation,
    ) -> Result<AccessToken, InAIAuthError> {
        let client = &self.inner.client;
        let outcome = match operation {
            RefreshOperation::AppUser(op) => client.send(&op),
            RefreshOperation::Platform(op) => client.send(&op),
        };
        let result = match outcome {
            Ok(tokens) => {
                state.handle_refreshed(tokens, self.now());
                tracing::debug!(flavour = ?state.flavour(), "session refreshed");
                Ok(state.access_token().clone())
            }
            Err(error) => {
                tracing::debug!(flavour = ?state.flavour(), error = %error, "session refresh failed");
                state.handle_refresh_failed(&error);
                Err(error)
            }
        };
        // Published once finished: callers that arrived while it ran read
        // a different count than the state now holds, and share its outcome.
        self.inner
            .attempts
            .store(state.attempts(), Ordering::Release);
        result
    }

    fn now(&self) -> SystemTime {
        SystemTime::from(self.inner.clock.now())
    }

    fn state(&self) -> MutexGuard<'_, SessionState> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Builds a [`Session`]; made by [`Session::builder`].
#[must_use]
pub struct SessionBuilder {
    client: Client,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl SessionBuilder {
    /// Where the time comes from (expiry of the tokens). Defaults to
    /// [`SystemClock`].
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How long before expiry the access token is refreshed. Defaults to
    /// [`DEFAULT_REFRESH_MARGIN`] (5 min); for tokens living less than twice
    /// the margin, half their lifetime.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The session of a completed login; `None` when it needs a second factor.
    #[must_use]
    pub fn login<U: SessionUser>(self, login: LoginResult<U>) -> Option<Session> {
        let now = self.now();
        let state = SessionState::from_login(login, now)?;
        Some(self.finish(state))
    }

    /// The session of a completed MFA challenge.
    #[must_use]
    pub fn grant<U: SessionUser>(self, grant: TokenGrant<U>) -> Session {
        let now = self.now();
        self.finish(SessionState::from_grant(grant, now))
    }

    /// The session of a token pair obtained now.
    #[must_use]
    pub fn tokens(self, flavour: SessionFlavour, tokens: TokenPair) -> Session {
        let now = self.now();
        self.finish(SessionState::new(flavour, tokens, now))
    }

    fn now(&self) -> SystemTime {
        SystemTime::from(self.clock.now())
    }

    fn finish(self, state: SessionState) -> Session {
        Session {
            inner: Arc::new(Inner {
                client: self.client,
                clock: self.clock,
                state: Mutex::new(state.with_refresh_margin(self.refresh_margin)),
                attempts: AtomicU64::new(0),
            }),
        }
    }
}
