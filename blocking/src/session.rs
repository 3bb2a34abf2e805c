//! [`Session`]: a signed-in user's tokens, refreshed before they expire.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use inai_auth_core::models::{LoginResult, TokenGrant, TokenPair};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::session::DEFAULT_REFRESH_MARGIN;
use inai_auth_core::{
    InAIAuthError, RefreshOperation, SessionFlavour, SessionState, SessionUser, TransportError,
    TransportErrorKind,
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
    slot: Mutex<Slot>,
    /// Refresh attempts finished so far (mirrors `Slot::attempts`, readable
    /// without the lock).
    attempts: AtomicU64,
}

/// The state and the outcome of the last refresh, under one lock.
struct Slot {
    state: SessionState,
    attempts: u64,
    last_failure: Option<InAIAuthError>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("state", &self.slot().state)
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
    /// the session was revoked, or a transport error.
    pub fn access_token(&self) -> Result<AccessToken, InAIAuthError> {
        let seen = self.inner.attempts.load(Ordering::Acquire);
        let mut slot = self.slot();
        if slot.state.needs_refresh(self.now()) {
            // A refresh that ran while this caller waited for the lock
            // answers for it too: its failure is this caller's failure.
            match &slot.last_failure {
                Some(failure) if slot.attempts != seen => return Err(duplicate(failure)),
                _ => self.refresh_locked(&mut slot)?,
            }
        }
        Ok(slot.state.access_token().clone())
    }

    /// Refreshes the pair now, whether due or not, and returns the new
    /// access token.
    ///
    /// # Errors
    /// As [`access_token`](Self::access_token).
    pub fn refresh(&self) -> Result<AccessToken, InAIAuthError> {
        let mut slot = self.slot();
        self.refresh_locked(&mut slot)?;
        Ok(slot.state.access_token().clone())
    }

    /// A copy of the current token pair (to store it, for instance).
    #[must_use]
    pub fn tokens(&self) -> TokenPair {
        self.slot().state.tokens().clone()
    }

    /// Whose session it is.
    #[must_use]
    pub fn flavour(&self) -> SessionFlavour {
        self.slot().state.flavour()
    }

    /// When the current access token expires.
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        self.slot().state.expires_at()
    }

    /// Sends the refresh while holding the lock, so no other refresh
    /// starts, and records its outcome for the callers waiting on the lock.
    fn refresh_locked(&self, slot: &mut Slot) -> Result<(), InAIAuthError> {
        let client = &self.inner.client;
        let outcome = match slot.state.refresh_operation() {
            RefreshOperation::AppUser(op) => client.send(&op),
            RefreshOperation::Platform(op) => client.send(&op),
        };
        // Counted once finished: callers that arrived while it ran see a
        // different count than they read, and take its outcome.
        slot.attempts += 1;
        self.inner.attempts.store(slot.attempts, Ordering::Release);
        match outcome {
            Ok(tokens) => {
                slot.state.handle_refreshed(tokens, self.now());
                slot.last_failure = None;
                tracing::debug!(flavour = ?slot.state.flavour(), "session refreshed");
                Ok(())
            }
            Err(error) => {
                tracing::debug!(flavour = ?slot.state.flavour(), error = %error, "session refresh failed");
                slot.last_failure = Some(duplicate(&error));
                Err(error)
            }
        }
    }

    fn now(&self) -> SystemTime {
        SystemTime::from(self.inner.clock.now())
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.inner
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// A copy of a refresh error for another caller. Transport errors are not
/// `Clone`: the copy keeps their kind and message.
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
        other => InAIAuthError::Transport(TransportError::new(
            TransportErrorKind::Other,
            other.to_string(),
        )),
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
                slot: Mutex::new(Slot {
                    state: state.with_refresh_margin(self.refresh_margin),
                    attempts: 0,
                    last_failure: None,
                }),
                attempts: AtomicU64::new(0),
            }),
        }
    }
}
