//! [`Session`]: a signed-in user's token pair, refreshed before it expires,
//! one refresh at a time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex, PoisonError};
use std::time::{Duration, SystemTime};

use inai_auth_core::models::{Ack, LoginResult, TokenGrant, TokenPair};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::session::DEFAULT_REFRESH_MARGIN;
use inai_auth_core::{
    InAIAuthError, LogoutOperation, RefreshOperation, SessionFlavour, SessionState, SessionStep,
    SessionUser, TransportError, TransportErrorKind,
};
use inai_auth_verify::{Clock, SystemClock};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::Client;

/// A signed-in session (an app user's or a platform user's) that hands out
/// a valid access token, refreshing the pair when it is about to expire.
///
/// [`access_token`](Self::access_token) refreshes when less than the refresh
/// margin (5 minutes by default) is left. Refresh tokens are single-use, so
/// however many tasks ask at once, exactly one refresh runs and the others
/// wait for its result. The refresh runs as its own tokio task: a caller
/// that is cancelled midway does not lose the new pair. A failed refresh is
/// an error for the caller, never the old token; the next caller tries
/// again.
///
/// Cheap to clone; clones share the tokens. `Debug` never shows them.
///
/// ```no_run
/// use inai_auth_async::{Client, Session};
/// use inai_auth_core::ops::{GetMe, Login};
///
/// # async fn run(client: Client) -> Result<(), inai_auth_core::InAIAuthError> {
/// let login = client.login(Login::new("ada@example.com", "correct horse battery")).await?;
/// if let Some(session) = Session::from_login(client.clone(), login) {
///     let me = client.get_me(GetMe::new(session.access_token().await?)).await?;
///     # let _ = me;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    client: Client,
    clock: Arc<dyn Clock>,
    state: Arc<Mutex<SessionState>>,
    /// Refresh attempts finished so far ([`SessionState::attempts`]),
    /// readable without the lock.
    attempts: Arc<AtomicU64>,
    /// The current pair and its expiry, copied out of the state after each
    /// change, so that [`Session::tokens`] and [`Session::expires_at`] are
    /// plain functions, as in the blocking driver (the state's own lock is
    /// async: it is held across a refresh).
    current: Arc<StdMutex<Current>>,
    flavour: SessionFlavour,
}

/// What [`Session::tokens`] and [`Session::expires_at`] read.
struct Current {
    tokens: TokenPair,
    expires_at: SystemTime,
}

impl Current {
    fn of(state: &SessionState) -> Self {
        Self {
            tokens: state.tokens().clone(),
            expires_at: state.expires_at(),
        }
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("flavour", &self.flavour)
            .field("tokens", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// Builds a [`Session`] with a clock or refresh margin of your choice; start
/// with [`Session::builder`].
#[derive(Clone)]
pub struct SessionBuilder {
    client: Client,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
}

impl std::fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl SessionBuilder {
    /// Where the time comes from. Defaults to [`SystemClock`].
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How long before expiry the access token is refreshed. Defaults to
    /// [`DEFAULT_REFRESH_MARGIN`] (5 min); tokens living less than twice the
    /// margin are refreshed at half their lifetime.
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// A session holding `tokens`, obtained now.
    #[must_use]
    pub fn tokens(self, flavour: SessionFlavour, tokens: TokenPair) -> Session {
        let now = self.now();
        self.finish(SessionState::new(flavour, tokens, now))
    }

    /// A session from a login (or registration) answer, of the flavour of
    /// its user type (`User`: app user, `PlatformUser`: platform); `None`
    /// when the login still needs a second factor: answer the MFA challenge,
    /// then use [`grant`](Self::grant).
    #[must_use]
    pub fn login<U: SessionUser>(self, login: LoginResult<U>) -> Option<Session> {
        let now = self.now();
        SessionState::from_login(login, now).map(|state| self.finish(state))
    }

    /// A session from a completed MFA challenge.
    #[must_use]
    pub fn grant<U: SessionUser>(self, grant: TokenGrant<U>) -> Session {
        let now = self.now();
        self.finish(SessionState::from_grant(grant, now))
    }

    fn now(&self) -> SystemTime {
        SystemTime::from(self.clock.now())
    }

    fn finish(self, state: SessionState) -> Session {
        let state = state.with_refresh_margin(self.refresh_margin);
        Session {
            client: self.client,
            clock: self.clock,
            flavour: state.flavour(),
            current: Arc::new(StdMutex::new(Current::of(&state))),
            state: Arc::new(Mutex::new(state)),
            attempts: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl Session {
    /// Starts a builder for a session sending its refreshes with `client`
    /// (a clone is cheap: clones share the connection pool).
    #[must_use]
    pub fn builder(client: Client) -> SessionBuilder {
        SessionBuilder {
            client,
            clock: Arc::new(SystemClock),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// A session holding `tokens` (obtained now), with the defaults of
    /// [`SessionBuilder`].
    #[must_use]
    pub fn from_tokens(client: Client, flavour: SessionFlavour, tokens: TokenPair) -> Self {
        Self::builder(client).tokens(flavour, tokens)
    }

    /// A session from a login or registration answer; `None` when the login
    /// still needs a second factor.
    #[must_use]
    pub fn from_login<U: SessionUser>(client: Client, login: LoginResult<U>) -> Option<Self> {
        Self::builder(client).login(login)
    }

    /// A session from a completed MFA challenge.
    #[must_use]
    pub fn from_grant<U: SessionUser>(client: Client, grant: TokenGrant<U>) -> Self {
        Self::builder(client).grant(grant)
    }

    /// Whose session it is.
    #[must_use]
    pub fn flavour(&self) -> SessionFlavour {
        self.flavour
    }

    /// A copy of the current token pair (to store it, for instance), as it
    /// is: not refreshed. During a refresh, the pair before it.
    #[must_use]
    pub fn tokens(&self) -> TokenPair {
        self.current().tokens.clone()
    }

    /// When the current access token expires.
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        self.current().expires_at
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Current> {
        // Only ever replaced whole: a poisoned value is still consistent.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A valid access token: the current one, or, when it is due (the
    /// refresh margin before expiry), a freshly refreshed one. Concurrent
    /// callers share one refresh.
    ///
    /// # Errors
    /// The refresh's error ([`InAIAuthError::Api`] when the refresh token
    /// was refused, e.g. revoked or reused; [`InAIAuthError::Transport`] when
    /// the API could not be reached). The old token is never returned once
    /// it is due. Callers that waited for that refresh get the same error
    /// without sending one of their own.
    pub async fn access_token(&self) -> Result<AccessToken, InAIAuthError> {
        let seen = self.attempts.load(Ordering::Acquire);
        let state = Arc::clone(&self.state).lock_owned().await;
        match state.next_step(self.now(), seen) {
            SessionStep::Current(token) => Ok(token),
            SessionStep::Shared(error) => Err(error),
            SessionStep::Refresh(operation) => self.run_refresh(state, operation).await,
            // A step this driver does not know: refresh, the safe default.
            _ => {
                let operation = state.refresh_operation();
                self.run_refresh(state, operation).await
            }
        }
    }

    /// Refreshes the pair now, whether due or not, and returns the new
    /// access token.
    ///
    /// # Errors
    /// As [`access_token`](Self::access_token).
    pub async fn refresh(&self) -> Result<AccessToken, InAIAuthError> {
        let state = Arc::clone(&self.state).lock_owned().await;
        let operation = state.refresh_operation();
        self.run_refresh(state, operation).await
    }

    /// Ends the session at the API: `logout` with the refresh token for an
    /// app user, `platform_logout` with the access token for a platform user.
    /// Afterwards the API refuses the session's tokens; drop the session.
    ///
    /// # Errors
    /// As [`Client::send`].
    pub async fn logout(&self) -> Result<Ack, InAIAuthError> {
        let operation = self.state.lock().await.logout_operation();
        match operation {
            LogoutOperation::AppUser(operation) => self.client.send(&operation).await,
            LogoutOperation::Platform(operation) => self.client.send(&operation).await,
        }
    }

    fn now(&self) -> SystemTime {
        SystemTime::from(self.clock.now())
    }

    /// Runs one refresh while holding the lock, in its own task when a
    /// runtime is there (so the caller's cancellation cannot lose the pair).
    async fn run_refresh(
        &self,
        state: OwnedMutexGuard<SessionState>,
        operation: RefreshOperation,
    ) -> Result<AccessToken, InAIAuthError> {
        let refresh = refresh(
            self.client.clone(),
            Arc::clone(&self.clock),
            Arc::clone(&self.attempts),
            Arc::clone(&self.current),
            state,
            operation,
        );
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => runtime.spawn(refresh).await.map_err(|_| {
                InAIAuthError::Transport(TransportError::new(
                    TransportErrorKind::Other,
                    "the refresh task did not finish",
                ))
            })?,
            Err(_) => refresh.await,
        }
    }
}

/// Sends `operation` while holding the lock and records the outcome in the
/// state, for the callers waiting on the lock.
async fn refresh(
    client: Client,
    clock: Arc<dyn Clock>,
    attempts: Arc<AtomicU64>,
    current: Arc<StdMutex<Current>>,
    mut state: OwnedMutexGuard<SessionState>,
    operation: RefreshOperation,
) -> Result<AccessToken, InAIAuthError> {
    let outcome = match operation {
        RefreshOperation::AppUser(operation) => client.send(&operation).await,
        RefreshOperation::Platform(operation) => client.send(&operation).await,
    };
    let result = match outcome {
        Ok(tokens) => {
            state.handle_refreshed(tokens, SystemTime::from(clock.now()));
            *current.lock().unwrap_or_else(PoisonError::into_inner) = Current::of(&state);
            tracing::debug!(flavour = ?state.flavour(), "session refreshed");
            Ok(state.access_token().clone())
        }
        Err(error) => {
            tracing::debug!(flavour = ?state.flavour(), error = %error, "session refresh failed");
            state.handle_refresh_failed(&error);
            Err(error)
        }
    };
    // Published once finished: callers that arrived while it ran read a
    // different count than the state now holds, and share its outcome.
    attempts.store(state.attempts(), Ordering::Release);
    result
}
