//! What every command starts from: the global flags resolved into a client,
//! the token store and the stored sessions.
//!
//! Precedence, for the base URL and the publishable key: the flag, then the
//! environment (both through clap), then the stored session, then the
//! default. A stored session is never sent to another server than the one
//! it was issued by: asking for another base URL is an error.

use std::cell::RefCell;
use std::time::Duration;

use inai_auth_blocking::Client;
use inai_auth_core::models::TokenPair;
use inai_auth_core::ops::{PlatformRefresh, Refresh};
use inai_auth_core::{Config, DEFAULT_BASE_URL};
use time::OffsetDateTime;

use crate::args::GlobalArgs;
use crate::error::CliError;
use crate::output::Output;
use crate::progress;
use crate::store::{Credentials, SessionKind, StoredSession, TokenStore};

/// An access token expiring within this margin is refreshed before use.
pub(crate) const REFRESH_MARGIN: time::Duration = time::Duration::seconds(30);

/// The resolved global settings of one run.
#[derive(Debug)]
pub(crate) struct Context {
    global: GlobalArgs,
    /// Where results go.
    pub(crate) out: Output,
    /// The base URL of the last configuration built, for error hints.
    last_url: RefCell<Option<String>>,
}

/// A stored session, ready to use: its client and where it is kept.
#[derive(Debug)]
pub(crate) struct ActiveSession {
    /// A client for the session's server (and publishable key).
    pub(crate) client: Client,
    /// The session's tokens.
    pub(crate) session: StoredSession,
    /// Which kind of session.
    pub(crate) kind: SessionKind,
    store: TokenStore,
    credentials: Credentials,
}

impl Context {
    /// The context of the global flags.
    #[must_use]
    pub(crate) fn new(global: GlobalArgs) -> Self {
        let out = Output::new(global.json);
        Self {
            global,
            out,
            last_url: RefCell::new(None),
        }
    }

    /// The token store.
    ///
    /// # Errors
    /// [`CliError::Store`] when no config folder can be worked out.
    pub(crate) fn store(&self) -> Result<TokenStore, CliError> {
        match &self.global.config_dir {
            Some(dir) if !dir.as_os_str().is_empty() => Ok(TokenStore::new(dir)),
            _ => Ok(TokenStore::in_default_dir()?),
        }
    }

    /// The base URL asked for on the command line or in the environment.
    #[must_use]
    pub(crate) fn asked_api_url(&self) -> Option<&str> {
        self.global.api_url.as_deref().filter(|u| !u.is_empty())
    }

    /// The publishable key asked for on the command line or in the environment.
    #[must_use]
    pub(crate) fn asked_publishable_key(&self) -> Option<&str> {
        self.global
            .publishable_key
            .as_deref()
            .filter(|k| !k.is_empty())
    }

    /// The base URL for a command that may use `session`'s server: the one
    /// asked for, else the session's, else the default.
    #[must_use]
    pub(crate) fn api_url_or(&self, session: Option<&StoredSession>) -> String {
        self.asked_api_url()
            .map(str::to_owned)
            .or_else(|| session.map(|s| s.api_url.clone()))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
    }

    /// A validated configuration.
    ///
    /// # Errors
    /// [`CliError::Api`] with a config error for an invalid URL or key.
    pub(crate) fn config(
        &self,
        api_url: &str,
        publishable_key: Option<&str>,
    ) -> Result<Config, CliError> {
        let mut builder = Config::builder().base_url(api_url);
        if let Some(key) = publishable_key {
            builder = builder.publishable_key(key);
        }
        let config = builder
            .build()
            .map_err(|e| CliError::Api(inai_auth_core::InAIAuthError::Config(e)))?;
        self.last_url.replace(Some(config.base_url().to_owned()));
        Ok(config)
    }

    /// The base URL of the last configuration built, if any.
    #[must_use]
    pub(crate) fn last_api_url(&self) -> Option<String> {
        self.last_url.borrow().clone()
    }

    /// A client for `config` with the `--timeout`.
    #[must_use]
    pub(crate) fn client(&self, config: Config) -> Client {
        Client::builder()
            .config(config)
            .timeout(self.timeout())
            .build()
    }

    /// The `--timeout` of one request.
    #[must_use]
    pub(crate) fn timeout(&self) -> Duration {
        Duration::from_secs(self.global.timeout.max(1))
    }

    /// The stored session of `kind`, with a client for its server; its
    /// access token refreshed first when it expires within
    /// [`REFRESH_MARGIN`] (the new pair is stored).
    ///
    /// # Errors
    /// [`CliError::NotLoggedIn`], [`CliError::OtherServer`] when another
    /// base URL is asked for, store errors, and the refresh's errors.
    pub(crate) fn active_session(&self, kind: SessionKind) -> Result<ActiveSession, CliError> {
        let mut active = self.stored_session(kind)?;
        let now = OffsetDateTime::now_utc();
        let token = active.session.access_token.expose_secret();
        if inai_auth_verify::is_token_expired(token, now + REFRESH_MARGIN) {
            self.out
                .note("the access token has expired: refreshing it first");
            self.refresh(&mut active)?;
        }
        Ok(active)
    }

    /// The stored session of `kind` as it is, with a client for its server.
    ///
    /// # Errors
    /// As [`active_session`](Self::active_session), without the refresh.
    pub(crate) fn stored_session(&self, kind: SessionKind) -> Result<ActiveSession, CliError> {
        let store = self.store()?;
        let credentials = store.load()?;
        let session = credentials
            .get(kind)
            .cloned()
            .ok_or(CliError::NotLoggedIn(kind))?;
        let config = self.session_config(&session)?;
        Ok(ActiveSession {
            client: self.client(config),
            session,
            kind,
            store,
            credentials,
        })
    }

    /// The configuration of a stored session, refusing another server.
    fn session_config(&self, session: &StoredSession) -> Result<Config, CliError> {
        let key = self.asked_publishable_key().map(str::to_owned).or_else(|| {
            session
                .publishable_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned())
        });
        let Some(asked) = self.asked_api_url() else {
            return self.config(&session.api_url, key.as_deref());
        };
        let config = self.config(asked, key.as_deref())?;
        if config.base_url() != session.api_url {
            return Err(CliError::OtherServer {
                stored: session.api_url.clone(),
                asked: config.base_url().to_owned(),
            });
        }
        Ok(config)
    }

    /// Exchanges the session's refresh token for a new pair and stores it.
    ///
    /// # Errors
    /// The refresh's API errors, and store errors.
    pub(crate) fn refresh(&self, active: &mut ActiveSession) -> Result<(), CliError> {
        let refresh_token = active.session.refresh_token.clone();
        let pair: TokenPair = progress::wait(&self.out, "refresh", || match active.kind {
            SessionKind::App => active.client.refresh(Refresh::new(refresh_token)),
            SessionKind::Platform => active
                .client
                .platform_refresh(PlatformRefresh::new(refresh_token)),
        })?;
        active.session.access_token = pair.access_token;
        active.session.refresh_token = pair.refresh_token;
        active.save()
    }
}

impl ActiveSession {
    /// Writes the session back to the store.
    ///
    /// # Errors
    /// Store errors.
    pub(crate) fn save(&mut self) -> Result<(), CliError> {
        self.credentials.set(self.kind, Some(self.session.clone()));
        Ok(self.store.save(&self.credentials)?)
    }

    /// Removes the session from the store.
    ///
    /// # Errors
    /// Store errors.
    pub(crate) fn forget(&mut self) -> Result<(), CliError> {
        self.credentials.set(self.kind, None);
        Ok(self.store.save(&self.credentials)?)
    }
}
